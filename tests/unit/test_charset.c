#include <string.h>

#include "harness.h"
#include "extract/charset.h"

static const char *conv(const char *data, size_t n, const char *ct, wn_charset_info *ci, wn_buf *b)
{
    wn_buf_clear(b);
    CHECK(wn_charset_to_utf8(data, n, ct, b, ci) == WN_OK);
    return b->data ? b->data : "";
}

static void http_charset_wins_over_meta(void)
{
    wn_buf b = WN_BUF_INIT;
    wn_charset_info ci;
    const char *p = "<meta charset=\"utf-8\"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";   /* "Привет" in cp1251 */
    CHECK(strstr(conv(p, strlen(p), "text/html; charset=windows-1251", &ci, &b), "Привет") != NULL);
    CHECK_STR(ci.name, "WINDOWS-1251");
    CHECK_STR(ci.source, "http");
    wn_buf_free(&b);
}

static void bom_wins_over_http(void)
{
    wn_buf b = WN_BUF_INIT;
    wn_charset_info ci;
    const char p[] = "\xef\xbb\xbf<p>\xc3\xa9t\xc3\xa9</p>";
    CHECK_STR(conv(p, sizeof p - 1, "text/html; charset=iso-8859-1", &ci, &b), "<p>été</p>");
    CHECK_STR(ci.source, "bom");
    /* UTF-16LE BOM */
    const char u16[] = "\xff\xfe<\0p\0>\0\xe9\0";
    CHECK_STR(conv(u16, sizeof u16 - 1, NULL, &ci, &b), "<p>é");
    CHECK_STR(ci.name, "UTF-16LE");
    wn_buf_free(&b);
}

static void meta_charset_and_http_equiv(void)
{
    wn_buf b = WN_BUF_INIT;
    wn_charset_info ci;
    const char *p1 = "<html><head><meta charset='ISO-8859-1'></head><body>Caf\xe9</body>";
    CHECK(strstr(conv(p1, strlen(p1), NULL, &ci, &b), "Café") != NULL);
    CHECK_STR(ci.source, "meta");
    CHECK_STR(ci.name, "WINDOWS-1252");   /* latin1 is read as windows-1252 */
    const char *p2 = "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=gb2312\"><p>\xd6\xd0\xce\xc4</p>";
    CHECK(strstr(conv(p2, strlen(p2), "text/html", &ci, &b), "中文") != NULL);
    CHECK_STR(ci.source, "meta");
    CHECK_STR(ci.name, "GB18030");        /* gb2312 read as its superset */
    char name[40];
    CHECK(wn_charset_from_meta("<meta http-equiv=content-type content=\"text/html;charset=koi8-r\">",
                                 strlen("<meta http-equiv=content-type content=\"text/html;charset=koi8-r\">"), name, sizeof name));
    CHECK_STR(name, "KOI8-R");
    CHECK(!wn_charset_from_meta("<p>charset=utf-8</p>", 20, name, sizeof name));
    wn_buf_free(&b);
}

static void unknown_or_wrong_declaration_falls_back_to_detection(void)
{
    wn_buf b = WN_BUF_INIT;
    wn_charset_info ci;
    /* declared UTF-8, but the bytes are cp1251 Cyrillic */
    const char *p = "<meta charset=utf-8><p>\xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0, \xea\xe0\xea \xe4\xe5\xeb\xe0?</p>";
    CHECK(strstr(conv(p, strlen(p), NULL, &ci, &b), "Привет мир, как дела?") != NULL);
    CHECK_STR(ci.source, "detected");
    CHECK_STR(ci.name, "WINDOWS-1251");
    CHECK_STR(ci.declared, "UTF-8");
    /* an unknown label is ignored; valid UTF-8 is detected */
    const char *q = "<meta charset=x-made-up><p>naïve</p>";
    CHECK(strstr(conv(q, strlen(q), NULL, &ci, &b), "naïve") != NULL);
    CHECK_STR(ci.name, "UTF-8");
    CHECK_STR(ci.source, "detected");
    /* GB18030 without any declaration */
    const char *g = "<p>\xd6\xd0\xb9\xfa\xc8\xcb\xc3\xf1\xd2\xf8\xd0\xd0\xb7\xa2\xb2\xbc\xc1\xcb\xd0\xc2\xb5\xc4\xb9\xe6\xb6\xa8</p>";
    CHECK(strstr(conv(g, strlen(g), NULL, &ci, &b), "中国人民银行发布了新的规定") != NULL);
    CHECK_STR(ci.name, "GB18030");
    /* ASCII only: the default */
    conv("<p>hi</p>", 9, NULL, &ci, &b);
    CHECK_STR(ci.source, "default");
    wn_buf_free(&b);
}

static void undecodable_bytes_become_replacement_characters(void)
{
    wn_buf b = WN_BUF_INIT;
    wn_charset_info ci;
    /* 0x81 is undefined in windows-1252 */
    CHECK_STR(conv("a\x81" "b", 3, "text/html; charset=windows-1252", &ci, &b), "a\xef\xbf\xbd" "b");
    CHECK_EQ_INT(ci.invalid, 1);
    char name[40];
    CHECK(wn_charset_from_content_type("text/html; Charset=\"Shift_JIS\"", name, sizeof name));
    CHECK_STR(name, "SHIFT_JIS");
    CHECK(!wn_charset_from_content_type("text/html", name, sizeof name));
    wn_buf_free(&b);
}

int main(void)
{
    RUN(http_charset_wins_over_meta);
    RUN(bom_wins_over_http);
    RUN(meta_charset_and_http_equiv);
    RUN(unknown_or_wrong_declaration_falls_back_to_detection);
    RUN(undecodable_bytes_become_replacement_characters);
    HARNESS_EXIT();
}
