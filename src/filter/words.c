#include "words.h"

#include <stdlib.h>
#include <string.h>
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

/* Room for one more token (the call only when the array is full). */
static inline wn_status room(wn_tokens *t)
{
    return t->n < t->cap ? WN_OK : wn_grow(&t->v, &t->cap, t->n, sizeof *t->v);
}

/* Appends the token s[b, e) with its code-point count and classes. */
static wn_status add(wn_tokens *t, const uint8_t *tab, const char *s, size_t b, size_t e)
{
    if (e <= b)
        return WN_OK;
    WN_TRY(room(t));
    wn_token k = {.off = (uint32_t)b, .len = (uint32_t)(e - b)};
    unsigned any = 0, all = WN_PC_PSET;
    size_t i = b;
    while (i < e) {
        unsigned cl = wn_py_class(tab, wn_py_next(s, e, &i));
        k.cps++;
        any |= cl;
        all &= cl;
    }
    k.alpha = (any & WN_PC_ALPHA) != 0;
    k.nonsym = !(all & WN_PC_PSET);
    k.term = k.cps == 1 && (any & WN_PC_TERM);
    t->v[t->n++] = k;
    return WN_OK;
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
    for (const char *q = p; (q = memchr(q, ':', n - (size_t)(q - p))) != NULL; q++)
        if ((size_t)(q - p) + 3 <= n && q[1] == '/' && q[2] == '/')
            return q > p;
    const char *at = memchr(p, '@', n);
    return at && at > p && memchr(at + 1, '.', n - (size_t)(at + 1 - p)) && p[n - 1] != '.';
}

/* Digits joined by . , : / - only (at least one digit, no letters). */
static int numeric_group(const uint8_t *tab, const char *s, size_t b, size_t e)
{
    int digits = 0;
    size_t i = b;
    while (i < e) {
        int32_t c = wn_py_next(s, e, &i);
        if (wn_py_class(tab, c) & WN_PC_DIGIT)
            digits = 1;
        else if (!(c == '.' || c == ',' || c == ':' || c == '/' || c == '-'))
            return 0;
    }
    return digits;
}

/* Han and kana (WN_PC_CJK): written without spaces; one token per code
 * point (datatrove uses jieba / a Japanese tokenizer here: words of 1-2
 * characters). */
static wn_status split_core(const uint8_t *tab, const char *s, size_t b, size_t e, wn_tokens *t)
{
    if (numeric_group(tab, s, b, e))
        return add(t, tab, s, b, e);
    size_t start = b, i = b;
    unsigned prev = 0; /* class of the previous code point */
    while (i < e) {
        size_t at = i;
        int32_t c = wn_py_next(s, e, &i);
        unsigned cl = wn_py_class(tab, c);
        if (cl & WN_PC_CJK) {
            WN_TRY(add(t, tab, s, start, at));
            WN_TRY(add(t, tab, s, at, i));
            start = i;
            prev = cl;
            continue;
        }
        if ((is_dash(c) || c == ',') && (prev & WN_PC_ALPHA) && i < e) {
            size_t j = i;
            if (wn_py_class(tab, wn_py_next(s, e, &j)) & WN_PC_ALPHA) {
                WN_TRY(add(t, tab, s, start, at));
                WN_TRY(add(t, tab, s, at, i));
                start = i;
            }
        }
        prev = cl;
    }
    return add(t, tab, s, start, e);
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

static wn_status chunk(const uint8_t *tab, const char *s, size_t b, size_t e, wn_tokens *t)
{
    if (looks_whole(s, b, e))
        return add(t, tab, s, b, e);
    /* Prefixes. */
    while (b < e) {
        size_t d = dots_at(s, b, e);
        if (d) {
            WN_TRY(add(t, tab, s, b, b + d));
            b += d;
            continue;
        }
        size_t j = b;
        if (!(wn_py_class(tab, wn_py_next(s, e, &j)) & WN_PC_PS))
            break;
        WN_TRY(add(t, tab, s, b, j));
        b = j;
    }
    /* Suffixes, collected right to left, emitted in order afterwards. */
    size_t cut = e;
    while (cut > b) {
        size_t p = prev_start(s, b, cut), j = p;
        if (!(wn_py_class(tab, wn_py_next(s, cut, &j)) & WN_PC_PS))
            break;
        cut = p;
    }
    /* A core without P/S and Han/kana code points is one token:
     * numeric_group() would take it whole (digits only) and split_core()
     * splits only at Han/kana, dashes and ',' (all P/S).  One pass finds
     * out and measures the token. */
    unsigned any = 0, all = WN_PC_PSET;
    uint32_t cps = 0;
    for (size_t i = b; i < cut; cps++) {
        unsigned cl = wn_py_class(tab, wn_py_next(s, cut, &i));
        any |= cl;
        all &= cl;
    }
    if (any & (WN_PC_PS | WN_PC_CJK))
        WN_TRY(split_core(tab, s, b, cut, t));
    else if (cut > b) {
        WN_TRY(room(t));
        t->v[t->n++] = (wn_token){.off = (uint32_t)b, .len = (uint32_t)(cut - b), .cps = cps,
                                  .alpha = (any & WN_PC_ALPHA) != 0, .nonsym = !(all & WN_PC_PSET),
                                  .term = cps == 1 && (any & WN_PC_TERM)};
    }
    size_t i = cut;
    while (i < e) {
        size_t d = dots_at(s, i, e);
        if (d) {
            WN_TRY(add(t, tab, s, i, i + d));
            i += d;
            continue;
        }
        size_t j = i;
        wn_py_next(s, e, &j);
        WN_TRY(add(t, tab, s, i, j));
        i = j;
    }
    return WN_OK;
}

/* The commonest chunk with punctuation, an ASCII word and one ASCII P/S
 * byte after it ("word," "end."), as chunk() splits it: no URL or e-mail
 * (the only P/S byte is last; "www." is left to chunk()), nothing to peel
 * in front (the first byte is not P/S), one code point peeled at the end
 * (one byte is no dot run; the byte before it is not P/S), a core without
 * P/S and Han/kana (one token).  *done = 0: not that shape, nothing added. */
static wn_status word_then_mark(const uint8_t *tab, const char *s, size_t b, size_t e, wn_tokens *t, int *done)
{
    *done = 0;
    unsigned char last = (unsigned char)s[e - 1];
    if (e - b < 2 || last >= 0x80 || !(tab[last] & WN_PC_PS) || (e - b == 4 && memcmp(s + b, "www.", 4) == 0))
        return WN_OK;
    unsigned any = 0, all = WN_PC_PSET;
    for (size_t k = b; k < e - 1; k++) {
        unsigned char u = (unsigned char)s[k];
        if (u >= 0x80 || (tab[u] & WN_PC_PS))
            return WN_OK;
        any |= tab[u];
        all &= tab[u];
    }
    uint32_t cps = (uint32_t)(e - 1 - b);
    WN_TRY(room(t));
    t->v[t->n++] = (wn_token){.off = (uint32_t)b, .len = cps, .cps = cps, .alpha = (any & WN_PC_ALPHA) != 0,
                              .nonsym = !(all & WN_PC_PSET), .term = cps == 1 && (any & WN_PC_TERM)};
    unsigned cl = tab[last];
    WN_TRY(room(t));
    t->v[t->n++] = (wn_token){.off = (uint32_t)(e - 1), .len = 1, .cps = 1, .alpha = (cl & WN_PC_ALPHA) != 0,
                              .nonsym = !(cl & WN_PC_PSET), .term = (cl & WN_PC_TERM) != 0};
    *done = 1;
    return WN_OK;
}

/* The end of the run of ASCII bytes that are not spaces from j, their
 * classes added to *any and *all (locals, so the index stays in a
 * register). */
static inline size_t ascii_run(const uint8_t *tab, const char *s, size_t j, size_t n, unsigned *any, unsigned *all)
{
    unsigned a = *any, l = *all;
    while (j < n) {
        unsigned char u = (unsigned char)s[j];
        if (u >= 0x80)
            break;
        unsigned cl = tab[u];
        if (cl & WN_PC_SPACE)
            break;
        a |= cl;
        l &= cl;
        j++;
    }
    *any = a;
    *all = l;
    return j;
}

wn_status wn_words_split(const char *s, size_t n, wn_tokens *t)
{
    const uint8_t *tab = wn_py_class_table();
    t->n = 0;
    size_t i = 0;
    while (i < n) {
        /* the chunk: a run of code points that are not str.isspace() */
        size_t j = i, extra = 0; /* extra: continuation bytes */
        unsigned any = 0, all = 0xFF;
        while (j < n) {
            j = ascii_run(tab, s, j, n, &any, &all);
            if (j >= n || (unsigned char)s[j] < 0x80)
                break; /* the end, or an ASCII space */
            size_t k = j;
            unsigned cl = wn_py_class(tab, wn_py_next(s, n, &k));
            if (cl & WN_PC_SPACE)
                break;
            any |= cl;
            all &= cl;
            extra += k - j - 1;
            j = k;
        }
        size_t cps = j - i - extra;
        if (j > i && !(any & (WN_PC_PS | WN_PC_CJK))) {
            /* No P/S and no Han/kana code point: chunk() would find no URL
             * ("www.", "://", '@' are P/S), peel nothing, split nothing
             * (dashes and ',' are P/S): one token, as add() would make it. */
            WN_TRY(room(t));
            t->v[t->n++] = (wn_token){.off = (uint32_t)i, .len = (uint32_t)(j - i), .cps = (uint32_t)cps,
                                      .alpha = (any & WN_PC_ALPHA) != 0, .nonsym = !(all & WN_PC_PSET),
                                      .chunk = 1, .term = cps == 1 && (any & WN_PC_TERM)};
        } else if (j > i) {
            size_t first = t->n;
            int done;
            WN_TRY(word_then_mark(tab, s, i, j, t, &done));
            if (!done)
                WN_TRY(chunk(tab, s, i, j, t));
            t->v[first].chunk = 1; /* a chunk gives at least one token */
        }
        if (j >= n)
            break;
        size_t k = j; /* past the whitespace code point */
        wn_py_next(s, n, &k);
        i = k;
    }
    return WN_OK;
}
