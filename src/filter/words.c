#include "words.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "punct.h"
#include "pytext.h"

/* ASCII classes: bit 1 space (str.isspace), 2 P/S category, 4 letter,
 * 8 in PUNCTUATION_SET. */
enum { A_SPACE = 1, A_PS = 2, A_ALPHA = 4, A_PSET = 8 };
/* Computed from the definitions above (the PUNCTUATION_SET bit from
 * punct.c's tables); test_filter_rules checks it against them. */
static const unsigned char ascii_class[128] = {
     8,  8,  8,  8,  8,  8,  8,  8,  8,  1,  1,  9,  9,  9,  8,  8,
     8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  8,  9,  9,  9,  9,
     1, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10,
     0,  0,  0,  0,  0,  0,  0,  0,  0,  0, 10, 10, 10, 10, 10, 10,
    10,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,
     4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4, 10, 10, 10, 10, 10,
    10,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4,
     4,  4,  4,  4,  4,  4,  4,  4,  4,  4,  4, 10, 10, 10, 10,  8,
};

int wn_words_ascii_class(int c)
{
    return ascii_class[c & 127];
}

void wn_tokens_free(wn_tokens *t)
{
    free(t->v);
    t->v = NULL;
    t->n = t->cap = 0;
}

static wn_status add(wn_tokens *t, const char *s, size_t b, size_t e)
{
    if (e <= b)
        return WN_OK;
    WN_TRY(wn_grow(&t->v, &t->cap, t->n, sizeof *t->v));
    wn_token k = {.off = (uint32_t)b, .len = (uint32_t)(e - b)};
    size_t i = b;
    while (i < e) {
        unsigned char u = (unsigned char)s[i];
        if (u < 0x80) {
            unsigned char cl = ascii_class[u];
            i++;
            k.cps++;
            k.alpha |= (cl & A_ALPHA) != 0;
            k.nonsym |= (cl & A_PSET) == 0;
            continue;
        }
        int32_t c = wn_py_next(s, e, &i);
        k.cps++;
        if (!k.alpha && wn_py_isalpha(c))
            k.alpha = 1;
        if (!k.nonsym && !wn_punct_in_set(c))
            k.nonsym = 1;
    }
    t->v[t->n++] = k;
    return WN_OK;
}

static int is_ps(int32_t c)
{
    if (c < 0x80)
        return (ascii_class[c] & A_PS) != 0;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO:
        return 1;
    default:
        return 0;
    }
}

static int is_digit(int32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0x80 && utf8proc_category(c) == UTF8PROC_CATEGORY_ND);
}

static int is_dash(int32_t c)
{
    return c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2013 || c == 0x2014 || c == '~';
}

static size_t prev_start(const char *s, size_t b, size_t e)
{
    size_t i = e - 1;
    while (i > b && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static int looks_whole(const char *s, size_t b, size_t e)
{
    size_t n = e - b;
    const char *p = s + b;
    if (n >= 4 && memcmp(p, "www.", 4) == 0)
        return 1;
    for (size_t i = 0; i + 3 <= n; i++)
        if (p[i] == ':' && p[i + 1] == '/' && p[i + 2] == '/')
            return i > 0;
    const char *at = memchr(p, '@', n);
    return at && at > p && memchr(at + 1, '.', n - (size_t)(at + 1 - p)) && p[n - 1] != '.';
}

/* Digits joined by . , : / - only (at least one digit, no letters). */
static int numeric_group(const char *s, size_t b, size_t e)
{
    int digits = 0;
    size_t i = b;
    while (i < e) {
        int32_t c = wn_py_next(s, e, &i);
        if (is_digit(c))
            digits = 1;
        else if (!(c == '.' || c == ',' || c == ':' || c == '/' || c == '-'))
            return 0;
    }
    return digits;
}

/* Han and kana: written without spaces; one token per code point (datatrove
 * uses jieba / a Japanese tokenizer here: words of 1-2 characters). */
static int is_cjk(int32_t c)
{
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

static wn_status split_core(const char *s, size_t b, size_t e, wn_tokens *t)
{
    if (numeric_group(s, b, e))
        return add(t, s, b, e);
    size_t start = b, i = b;
    int32_t prev = 0;
    while (i < e) {
        size_t at = i;
        int32_t c = wn_py_next(s, e, &i);
        if (c >= 0x3040 && is_cjk(c)) {
            WN_TRY(add(t, s, start, at));
            WN_TRY(add(t, s, at, i));
            start = i;
            prev = c;
            continue;
        }
        if ((is_dash(c) || c == ',') && wn_py_isalpha(prev) && i < e) {
            size_t j = i;
            if (wn_py_isalpha(wn_py_next(s, e, &j))) {
                WN_TRY(add(t, s, start, at));
                WN_TRY(add(t, s, at, i));
                start = i;
            }
        }
        prev = c;
    }
    return add(t, s, start, e);
}

/* Length in bytes of a dot run ("..", "...", "…") starting at i, or 0. */
static size_t dots_at(const char *s, size_t i, size_t e)
{
    if (e - i >= 3 && memcmp(s + i, "\xE2\x80\xA6", 3) == 0)
        return 3;
    size_t j = i;
    while (j < e && s[j] == '.')
        j++;
    return j - i >= 2 ? j - i : 0;
}

static wn_status chunk(const char *s, size_t b, size_t e, wn_tokens *t)
{
    if (looks_whole(s, b, e))
        return add(t, s, b, e);
    /* Prefixes. */
    while (b < e) {
        size_t d = dots_at(s, b, e);
        if (d) {
            WN_TRY(add(t, s, b, b + d));
            b += d;
            continue;
        }
        size_t j = b;
        if (!is_ps(wn_py_next(s, e, &j)))
            break;
        WN_TRY(add(t, s, b, j));
        b = j;
    }
    /* Suffixes, collected right to left, emitted in order afterwards. */
    size_t cut = e;
    while (cut > b) {
        size_t p = prev_start(s, b, cut), j = p;
        int32_t c = wn_py_next(s, cut, &j);
        if (!is_ps(c))
            break;
        cut = p;
    }
    WN_TRY(split_core(s, b, cut, t));
    size_t i = cut;
    while (i < e) {
        size_t d = dots_at(s, i, e);
        if (d) {
            WN_TRY(add(t, s, i, i + d));
            i += d;
            continue;
        }
        size_t j = i;
        wn_py_next(s, e, &j);
        WN_TRY(add(t, s, i, j));
        i = j;
    }
    return WN_OK;
}

wn_status wn_words_split(const char *s, size_t n, wn_tokens *t)
{
    t->n = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        unsigned cl_or = 0, cl_and = 0xFF;
        int ascii = 1;
        while (j < n) {
            unsigned char u = (unsigned char)s[j];
            if (u < 0x80) {
                unsigned cl = ascii_class[u];
                if (cl & A_SPACE)
                    break;
                cl_or |= cl;
                cl_and &= cl;
                j++;
                continue;
            }
            size_t k = j;
            if (wn_py_isspace(wn_py_next(s, n, &k)))
                break;
            ascii = 0;
            j = k;
        }
        if (j > i && ascii && !(cl_or & A_PS)) {
            /* only ASCII letters, digits, controls: one token, as add() would make it */
            WN_TRY(wn_grow(&t->v, &t->cap, t->n, sizeof *t->v));
            t->v[t->n++] = (wn_token){.off = (uint32_t)i, .len = (uint32_t)(j - i), .cps = (uint32_t)(j - i),
                                      .alpha = (cl_or & A_ALPHA) != 0, .nonsym = !(cl_and & A_PSET)};
        } else if (j > i)
            WN_TRY(chunk(s, i, j, t));
        if (j >= n)
            break;
        i = j;
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        wn_py_next(s, n, &i); /* the whitespace code point */
    }
    return WN_OK;
}
