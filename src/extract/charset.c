#include "extract/charset.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/utf8.h"

static const struct { const char *label, *name; } aliases[] = {
    {"utf8", "UTF-8"}, {"utf-8", "UTF-8"}, {"unicode-1-1-utf-8", "UTF-8"},
    {"us-ascii", "WINDOWS-1252"}, {"ascii", "WINDOWS-1252"}, {"iso-8859-1", "WINDOWS-1252"},
    {"iso8859-1", "WINDOWS-1252"}, {"latin1", "WINDOWS-1252"}, {"l1", "WINDOWS-1252"},
    {"iso_8859-1", "WINDOWS-1252"}, {"cp1252", "WINDOWS-1252"}, {"windows-1252", "WINDOWS-1252"},
    {"x-cp1252", "WINDOWS-1252"}, {"cp819", "WINDOWS-1252"},
    {"gb2312", "GB18030"}, {"gbk", "GB18030"}, {"gb18030", "GB18030"}, {"x-gbk", "GB18030"},
    {"cp936", "GB18030"}, {"euc-cn", "GB18030"}, {"chinese", "GB18030"},
    {"big5", "BIG5-HKSCS"}, {"big5-hkscs", "BIG5-HKSCS"}, {"x-x-big5", "BIG5-HKSCS"},
    {"shift_jis", "SHIFT_JIS"}, {"shift-jis", "SHIFT_JIS"}, {"sjis", "SHIFT_JIS"}, {"x-sjis", "SHIFT_JIS"},
    {"ms_kanji", "SHIFT_JIS"}, {"windows-31j", "SHIFT_JIS"}, {"cp932", "SHIFT_JIS"},
    {"euc-jp", "EUC-JP"}, {"iso-2022-jp", "ISO-2022-JP"},
    {"euc-kr", "EUC-KR"}, {"ks_c_5601-1987", "EUC-KR"}, {"windows-949", "EUC-KR"},
    {"koi8-r", "KOI8-R"}, {"koi8-u", "KOI8-U"}, {"cp1251", "WINDOWS-1251"},
    {"iso-8859-9", "WINDOWS-1254"}, {"latin5", "WINDOWS-1254"}, {"tis-620", "WINDOWS-874"},
    {"utf-16", "UTF-16LE"}, {"utf-16le", "UTF-16LE"}, {"utf-16be", "UTF-16BE"},
};

const char *wn_charset_canonical(const char *label, size_t n, char *buf, size_t cap)
{
    while (n > 0 && (isspace((unsigned char)*label) || *label == '"' || *label == '\'')) {
        label++;
        n--;
    }
    while (n > 0 && (isspace((unsigned char)label[n - 1]) || label[n - 1] == '"' || label[n - 1] == '\''))
        n--;
    if (n == 0 || n >= cap || cap < 2) {
        if (cap)
            buf[0] = 0;
        return buf;
    }
    char low[64];
    if (n >= sizeof low) {
        buf[0] = 0;
        return buf;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)label[i];
        if (!(isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':')) {
            buf[0] = 0;
            return buf;
        }
        low[i] = (char)tolower(c);
    }
    low[n] = 0;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (!strcmp(low, aliases[i].label)) {
            snprintf(buf, cap, "%s", aliases[i].name);
            return buf;
        }
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)toupper((unsigned char)low[i]);
    buf[n] = 0;
    /* only names iconv knows */
    iconv_t cd = iconv_open("UTF-8", buf);
    if (cd == (iconv_t)-1)
        buf[0] = 0;
    else
        iconv_close(cd);
    return buf;
}

/* Finds "charset" followed by '=' in s[0..n); copies the label. */
static int charset_param(const char *s, size_t n, char *buf, size_t cap)
{
    for (size_t i = 0; i + 7 < n; i++) {
        if (strncasecmp(s + i, "charset", 7) != 0)
            continue;
        size_t j = i + 7;
        while (j < n && isspace((unsigned char)s[j]))
            j++;
        if (j >= n || s[j] != '=')
            continue;
        j++;
        while (j < n && (isspace((unsigned char)s[j]) || s[j] == '"' || s[j] == '\''))
            j++;
        size_t k = j;
        while (k < n && !isspace((unsigned char)s[k]) && s[k] != ';' && s[k] != '"' && s[k] != '\'' &&
               s[k] != '>' && s[k] != '/')
            k++;
        if (k == j)
            continue;
        wn_charset_canonical(s + j, k - j, buf, cap);
        return buf[0] != 0;
    }
    return 0;
}

int wn_charset_from_content_type(const char *ct, char *buf, size_t cap)
{
    buf[0] = 0;
    return ct && charset_param(ct, strlen(ct), buf, cap);
}

int wn_charset_from_meta(const char *data, size_t len, char *buf, size_t cap)
{
    buf[0] = 0;
    if (len > 65536)
        len = 65536;
    const char *p = data, *end = data + len;
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt || end - lt < 6)
            return 0;
        p = lt + 1;
        if (strncasecmp(p, "meta", 4) != 0 || !(isspace((unsigned char)p[4]) || p[4] == '/'))
            continue;
        const char *gt = memchr(p, '>', (size_t)(end - p));
        if (!gt)
            return 0;
        size_t n = (size_t)(gt - p);
        /* <meta charset="x"> and <meta http-equiv content="text/html; charset=x"> both
         * carry the word charset followed by '=' inside the tag */
        if (charset_param(p, n, buf, cap))
            return 1;
        p = gt;
    }
    return 0;
}

/* Byte statistics for the fallback guess. */
static const char *detect(const unsigned char *s, size_t n)
{
    size_t sample = n < (1u << 20) ? n : (1u << 20);
    size_t high = 0, gbk_pairs = 0, sjis_pairs = 0, cyr = 0, letters = 0;
    size_t runs = 0, odd_runs = 0, run = 0;
    for (size_t i = 0; i < sample; i++) {
        unsigned c = s[i];
        if (c < 0x80) {
            letters += isalpha((int)c) != 0;
            if (run) {
                runs++;
                odd_runs += run & 1;
                run = 0;
            }
            continue;
        }
        high++;
        run++;
        if (c >= 0xC0)
            cyr++;
        if (i + 1 < sample) {
            unsigned d = s[i + 1];
            if (c >= 0x81 && c <= 0xFE && d >= 0x40 && d <= 0xFE && d != 0x7F)
                gbk_pairs++;
            if (((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xEF)) && d >= 0x40 && d <= 0xFC && d != 0x7F)
                sjis_pairs++;
        }
    }
    if (high == 0)
        return "WINDOWS-1252";
    /* CJK text: most high bytes come in valid pairs and outnumber ASCII letters */
    if (run) {
        runs++;
        odd_runs += run & 1;
    }
    /* double-byte text comes in runs of even length; words of a
     * single-byte script do not */
    if (high > letters / 4 && gbk_pairs * 2 >= high * 9 / 10 && odd_runs * 10 <= runs) {
        if (sjis_pairs * 2 >= high * 9 / 10 && sjis_pairs > gbk_pairs)
            return "SHIFT_JIS";
        return "GB18030";
    }
    /* Cyrillic in windows-1251: letters are high bytes, mostly 0xC0..0xFF */
    if (high > letters / 2 && cyr * 10 >= high * 7)
        return "WINDOWS-1251";
    return "WINDOWS-1252";
}

static wn_status convert(const char *data, size_t len, const char *from, wn_buf *out, size_t *invalid)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return WN_ERR_ARG;
    size_t start_len = out->len;
    char *in = (char *)data;
    size_t inleft = len;
    wn_status st = WN_OK;
    while (inleft > 0) {
        if ((st = wn_buf_reserve(out, inleft * 2 + 16)) != WN_OK)
            break;
        char *o = out->data + out->len;
        size_t oleft = out->cap - out->len - 1;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        out->len = (size_t)(o - out->data);
        if (r == (size_t)-1) {
            if (errno == E2BIG)
                continue;
            /* EILSEQ or EINVAL (truncated at the end): one U+FFFD, skip a byte */
            if ((st = wn_buf_append(out, "\xEF\xBF\xBD", 3)) != WN_OK)
                break;
            (*invalid)++;
            in++;
            inleft--;
            iconv(cd, NULL, NULL, NULL, NULL);
        }
    }
    iconv_close(cd);
    if (st != WN_OK)
        out->len = start_len;
    if (out->data)
        out->data[out->len] = 0;
    return st;
}

wn_status wn_charset_to_utf8(const char *data, size_t len, const char *http_ct, wn_buf *out,
                             wn_charset_info *info)
{
    memset(info, 0, sizeof *info);
    const unsigned char *u = (const unsigned char *)data;
    char name[40] = "";
    const char *source = NULL;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        data += 3;
        len -= 3;
        snprintf(name, sizeof name, "UTF-8");
        source = "bom";
    } else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
        data += 2;
        len -= 2;
        snprintf(name, sizeof name, "UTF-16LE");
        source = "bom";
    } else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
        data += 2;
        len -= 2;
        snprintf(name, sizeof name, "UTF-16BE");
        source = "bom";
    } else if (wn_charset_from_content_type(http_ct, name, sizeof name)) {
        source = "http";
    } else if (wn_charset_from_meta(data, len, name, sizeof name)) {
        source = "meta";
    }
    /* A page that declares UTF-16 in <meta> is ASCII-compatible bytes: ignore. */
    if (source && !strcmp(source, "meta") && !strncmp(name, "UTF-16", 6)) {
        snprintf(info->declared, sizeof info->declared, "%s", name);
        source = NULL;
    }
    if (source && !strcmp(name, "UTF-8")) {
        size_t valid = wn_utf8_valid_prefix(data, len);
        if (valid < len && strcmp(source, "bom") != 0) {
            /* declared UTF-8 but not: measure how wrong */
            size_t bad = 0;
            wn_buf tmp = WN_BUF_INIT;
            wn_status s = wn_utf8_repair(&tmp, data, len, &bad);
            wn_buf_free(&tmp);
            WN_TRY(s);
            if (bad * 100 > len) {
                snprintf(info->declared, sizeof info->declared, "%s", name);
                source = NULL;
            }
        }
    }
    if (!source) {
        if (wn_utf8_valid_prefix(data, len) == len) {
            snprintf(name, sizeof name, "UTF-8");
            source = info->declared[0] ? "detected" : "default";
            /* pure ASCII or valid UTF-8 */
            int ascii = 1;
            for (size_t i = 0; i < len && ascii; i++)
                ascii = u[i] < 0x80;
            if (!ascii)
                source = "detected";
        } else {
            snprintf(name, sizeof name, "%s", detect((const unsigned char *)data, len));
            source = "detected";
        }
    }
    snprintf(info->name, sizeof info->name, "%s", name);
    info->source = source;
    if (!strcmp(name, "UTF-8"))
        return wn_utf8_repair(out, data, len, &info->invalid);
    wn_status s = convert(data, len, name, out, &info->invalid);
    if (s == WN_ERR_ARG) {   /* iconv lost the name after all: repair as UTF-8 */
        snprintf(info->name, sizeof info->name, "UTF-8");
        info->source = "default";
        return wn_utf8_repair(out, data, len, &info->invalid);
    }
    return s;
}
