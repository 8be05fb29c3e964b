#include "words.h"

#include <stdlib.h>
#include <string.h>
#include "common/clones.h"
#include "punct.h"
#include "pytext.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The window path's helpers, inlined into each version of
 * wn_words_split() (common/clones.h: a Haswell version, with BMI and VEX
 * encodings, beside the default one); without always_inline GCC calls
 * the default version of them from the Haswell one. */
#define WINDOW_INLINE static inline __attribute__((always_inline))

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

/* Would split_core() cut s[b, e) at a dash or ',' between two letters? */
static int letter_cut(const uint8_t *tab, const char *s, size_t b, size_t e)
{
    /* screen: no byte of a dash or ',' (is_dash(): '-' '~' ',' or
     * U+2010 U+2011 U+2013 U+2014, E2 80 90/91/93/94): no cut */
    size_t k = b;
    for (; k < e; k++) {
        unsigned char u = (unsigned char)s[k];
        if (u == '-' || u == '~' || u == ',' ||
            (u == 0xE2 && e - k >= 3 && (unsigned char)s[k + 1] == 0x80 && (unsigned char)s[k + 2] >= 0x90 &&
             (unsigned char)s[k + 2] <= 0x94 && (unsigned char)s[k + 2] != 0x92))
            break;
    }
    if (k == e)
        return 0;
    unsigned prev = 0;
    for (size_t i = b; i < e;) {
        int32_t c = wn_py_next(s, e, &i);
        if ((is_dash(c) || c == ',') && (prev & WN_PC_ALPHA) && i < e) {
            size_t j = i;
            if (wn_py_class(tab, wn_py_next(s, e, &j)) & WN_PC_ALPHA)
                return 1;
        }
        prev = wn_py_class(tab, c);
    }
    return 0;
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

/* The class of the code point at s[*j] (ASCII and two-byte sequences
 * decoded inline); advances *j past it. */
static inline unsigned class_next(const uint8_t *tab, const char *s, size_t n, size_t *j)
{
    unsigned char u = (unsigned char)s[*j];
    if (u < 0x80) {
        (*j)++;
        return tab[u];
    }
    if (u >= 0xC2 && u < 0xE0 && *j + 1 < n && ((unsigned char)s[*j + 1] & 0xC0) == 0x80) {
        unsigned cp = (u & 0x1Fu) << 6 | ((unsigned char)s[*j + 1] & 0x3Fu);
        *j += 2;
        return tab[cp];
    }
    return wn_py_class(tab, wn_py_next(s, n, j));
}

/* Scans s[j, n) up to the first str.isspace() code point (or n): the
 * classes of the code points met are added to *any and *all, their
 * continuation bytes to *extra.  Returns where it stopped.  ASCII bytes
 * in a loop of their own, with locals (the index stays in a register). */
static inline size_t scan_chunk(const uint8_t *tab, const char *s, size_t j, size_t n, unsigned *any,
                                unsigned *all, size_t *extra)
{
    unsigned a = *any, l = *all;
    size_t x = *extra;
    while (j < n) {
        unsigned char u = (unsigned char)s[j];
        if (u < 0x80) {
            unsigned cl = tab[u];
            if (cl & WN_PC_SPACE)
                break;
            a |= cl;
            l &= cl;
            j++;
            continue;
        }
        size_t k = j;
        unsigned cl = class_next(tab, s, n, &k);
        if (cl & WN_PC_SPACE)
            break;
        a |= cl;
        l &= cl;
        x += k - j - 1;
        j = k;
    }
    *any = a;
    *all = l;
    *extra = x;
    return j;
}

/* The token of one code point of class cl at s[off, off + len), as add()
 * makes it. */
static inline wn_token one_cp(size_t off, size_t len, unsigned cl, int first)
{
    return (wn_token){.off = (uint32_t)off, .len = (uint32_t)len, .cps = 1, .alpha = (cl & WN_PC_ALPHA) != 0,
                      .nonsym = !(cl & WN_PC_PSET), .chunk = (uint8_t)first, .term = (cl & WN_PC_TERM) != 0};
}

/* One chunk from i (a run of code points that are not str.isspace(),
 * possibly empty) and the whitespace code point after it; *next gets the
 * position after that code point (or n).  Common shapes become tokens
 * here, as chunk() would make them:
 *  - no P/S and no Han/kana code point: chunk() would find no URL
 *    ("www.", "://", '@' are P/S), peel nothing, split nothing (dashes and
 *    ',' are P/S): one token, as add() would make it;
 *  - such a core with one P/S code point before it, after it, or both
 *    ("word," "«слово»" "(AP)"): no URL or e-mail ("://" needs three P/S
 *    in a row, '@' first has nothing before it, '@' last nothing after
 *    it; "www." is left to chunk()), one code point peeled at each P/S end
 *    (the core stops a dot run: a run needs two dots; "…" is one code
 *    point, one token either way), the core one token;
 *  - P/S inside only (see the last case below).
 * Anything else goes to chunk(). */
static wn_status general_chunk(const uint8_t *tab, const char *s, size_t i, size_t n, wn_tokens *t, size_t *next)
{
    unsigned any = 0, all = 0xFF;
    size_t extra = 0; /* continuation bytes */
    size_t j = scan_chunk(tab, s, i, n, &any, &all, &extra);
    *next = j;
    if (j < n)
        wn_py_next(s, n, next); /* past the whitespace code point */
    if (j == i)
        return WN_OK;
    uint32_t cps = (uint32_t)(j - i - extra);
    if (cps == 1) {
        /* one code point: one token whatever it is (chunk() takes a P/S
         * code point or "…" off as one token and leaves nothing) */
        WN_TRY(room(t));
        t->v[t->n++] = one_cp(i, j - i, any, 1);
        return WN_OK;
    }
    if (!(any & (WN_PC_PS | WN_PC_CJK))) {
        WN_TRY(room(t));
        t->v[t->n++] = (wn_token){.off = (uint32_t)i, .len = (uint32_t)(j - i), .cps = cps,
                                  .alpha = (any & WN_PC_ALPHA) != 0, .nonsym = !(all & WN_PC_PSET),
                                  .chunk = 1, .term = cps == 1 && (any & WN_PC_TERM)};
        return WN_OK;
    }
    /* a P/S code point first and/or last around a core without P/S */
    size_t f1 = i, last = prev_start(s, i, j), l1 = last;
    unsigned fcl = class_next(tab, s, j, &f1), lcl = class_next(tab, s, j, &l1);
    size_t cb = fcl & WN_PC_PS ? f1 : i, ce = (lcl & WN_PC_PS) && l1 == j && last >= cb ? last : j;
    unsigned core_any = 0, core_all = 0xFF;
    size_t core_extra = 0;
    if (cb < ce && (cb > i || ce < j) && !(j - i == 4 && memcmp(s + i, "www.", 4) == 0) &&
        scan_chunk(tab, s, cb, ce, &core_any, &core_all, &core_extra) == ce &&
        !(core_any & (WN_PC_PS | WN_PC_CJK))) {
        uint32_t core = (uint32_t)(ce - cb - core_extra);
        WN_TRY(room(t));
        if (cb > i) {
            t->v[t->n++] = one_cp(i, f1 - i, fcl, 1);
            WN_TRY(room(t));
        }
        t->v[t->n++] = (wn_token){.off = (uint32_t)cb, .len = (uint32_t)(ce - cb), .cps = core,
                                  .alpha = (core_any & WN_PC_ALPHA) != 0, .nonsym = !(core_all & WN_PC_PSET),
                                  .chunk = cb == i, .term = core == 1 && (core_any & WN_PC_TERM)};
        if (ce < j) {
            WN_TRY(room(t));
            t->v[t->n++] = one_cp(ce, j - ce, lcl, 0);
        }
        return WN_OK;
    }
    /* P/S inside only ("don’t" "какие-то" "U.S" "27.10.2025"), no Han/kana:
     * chunk() peels nothing and split_core() cuts only at a dash or ','
     * between letters (a numeric group has no letters); a URL or e-mail
     * is whole anyway.  Without such a cut the chunk is one token. */
    if (!(any & WN_PC_CJK) && !(fcl & WN_PC_PS) && !(lcl & WN_PC_PS) &&
        (!letter_cut(tab, s, i, j) || looks_whole(s, i, j))) {
        WN_TRY(room(t));
        t->v[t->n++] = (wn_token){.off = (uint32_t)i, .len = (uint32_t)(j - i), .cps = cps,
                                  .alpha = (any & WN_PC_ALPHA) != 0, .nonsym = !(all & WN_PC_PSET),
                                  .chunk = 1, .term = cps == 1 && (any & WN_PC_TERM)};
        return WN_OK;
    }
    size_t first = t->n;
    WN_TRY(chunk(tab, s, i, j, t));
    t->v[first].chunk = 1; /* a chunk gives at least one token */
    return WN_OK;
}

/* Bits of the 64 bytes at p: ws, an ASCII str.isspace() byte (09-0D,
 * 1C-20); an, an ASCII letter or digit; al, an ASCII letter; hi, a byte
 * from 0x80 on (in none of the others: signed compares, they are
 * negative). */
WINDOW_INLINE void masks64(const char *p, uint64_t *ws, uint64_t *an, uint64_t *al, uint64_t *hi)
{
    uint64_t w = 0, a = 0, l = 0, h = 0;
#if defined(__SSE2__)
    const __m128i sp = _mm_set1_epi8(' '), b20 = _mm_set1_epi8(0x20);
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        __m128i tab_cr = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x08)), _mm_cmplt_epi8(v, _mm_set1_epi8(0x0E)));
        __m128i fs_us = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x1B)), _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
        __m128i space = _mm_or_si128(_mm_or_si128(tab_cr, fs_us), _mm_cmpeq_epi8(v, sp));
        __m128i lv = _mm_or_si128(v, b20);
        __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lv, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(lv, _mm_set1_epi8('z' + 1)));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
        w |= (uint64_t)(unsigned)_mm_movemask_epi8(space) << (16 * k);
        l |= (uint64_t)(unsigned)_mm_movemask_epi8(letter) << (16 * k);
        a |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit)) << (16 * k);
        h |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << (16 * k);
    }
#else
    for (int k = 0; k < 64; k++) {
        unsigned char u = (unsigned char)p[k];
        int letter = ((u | 0x20) >= 'a' && (u | 0x20) <= 'z'), digit = u >= '0' && u <= '9';
        w |= (uint64_t)((u >= 0x09 && u <= 0x0D) || (u >= 0x1C && u <= 0x20)) << k;
        l |= (uint64_t)letter << k;
        a |= (uint64_t)(letter || digit) << k;
        h |= (uint64_t)(u >> 7) << k;
    }
#endif
    *ws = w;
    *an = a;
    *al = l;
    *hi = h;
}

/* Two-byte letters for the window path: the lead bytes C3-CA, D0, D1 and
 * D3 (Latin-1 letters, Latin Extended-A/B, IPA, Cyrillic), whose code
 * points are all alphabetic and in none of the sets a token's fields
 * depend on (P/S, PUNCTUATION_SET, terminal, Han/kana, str.isspace()),
 * except U+00D7 and U+00F7 (C3 97, C3 B7: Sm), which are left out here.
 * test_filter_fast checks this premise on every such code point.  Bits of
 * the 64 bytes at p: *lead, such a lead byte (C3 only when the byte after
 * it is not 97 or B7); *cont, a continuation byte (80-BF). */
WINDOW_INLINE void masks64_2b(const char *p, uint64_t *lead, uint64_t *cont)
{
    uint64_t l = 0, c = 0, c3 = 0, x = 0;
#if defined(__SSE2__)
    /* signed compares: C3 = -61, CA = -54, D0 = -48, D1 = -47, D3 = -45, C0 = -64 */
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        __m128i latin = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char)0xC2)),
                                      _mm_cmplt_epi8(v, _mm_set1_epi8((char)0xCB)));
        __m128i cyr = _mm_or_si128(_mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(1)), _mm_set1_epi8((char)0xD1)),
                                   _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xD3)));
        __m128i sm = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0x97)),
                                  _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xB7)));
        l |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(latin, cyr)) << (16 * k);
        c |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8((char)0xC0))) << (16 * k);
        c3 |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC3))) << (16 * k);
        x |= (uint64_t)(unsigned)_mm_movemask_epi8(sm) << (16 * k);
    }
#else
    for (int k = 0; k < 64; k++) {
        unsigned char u = (unsigned char)p[k];
        l |= (uint64_t)((u >= 0xC3 && u <= 0xCA) || u == 0xD0 || u == 0xD1 || u == 0xD3) << k;
        c |= (uint64_t)(u >= 0x80 && u < 0xC0) << k;
        c3 |= (uint64_t)(u == 0xC3) << k;
        x |= (uint64_t)(u == 0x97 || u == 0xB7) << k;
    }
#endif
    /* a C3 at bit 63 stays in: its sequence would end past the window,
     * and a chunk taken here ends at a space inside it */
    *lead = l & ~(c3 & (x >> 1));
    *cont = c;
}

/* Bits set in m (no popcnt instruction assumed). */
WINDOW_INLINE unsigned bits64(uint64_t m)
{
    m = m - ((m >> 1) & 0x5555555555555555ULL);
    m = (m & 0x3333333333333333ULL) + ((m >> 2) & 0x3333333333333333ULL);
    m = (m + (m >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return (unsigned)((m * 0x0101010101010101ULL) >> 56);
}

/* An ASCII token s[b, e) of letters and digits only (bits of al: its
 * letters), as add() makes it: cps = bytes, no set. */
WINDOW_INLINE wn_token alnum_tok(size_t base, unsigned b, unsigned e, uint64_t al, int first)
{
    uint64_t bits = (e - b >= 64 ? ~0ULL : ((1ULL << (e - b)) - 1)) << b;
    return (wn_token){.off = (uint32_t)(base + b), .len = e - b, .cps = e - b, .alpha = (al & bits) != 0,
                      .nonsym = 1, .chunk = (uint8_t)first};
}

/* The window path's ASCII chunks with one or two marks: the chunk is
 * s[base + b, base + e), all ASCII, letters and digits but at the bits
 * of odd.  Shapes taken, with the tokens general_chunk() makes of them
 * (tests: test_filter_fast, the tokenizer against the reference):
 *  - one P/S byte between two letters or digits ("don't" "U.S" "13:05"
 *    "well-known"): chunk() finds no URL or e-mail ("://" needs three
 *    marks, an e-mail a '.' after the '@', "www." makes one token
 *    anyway), peels nothing; split_core() cuts only at a dash ('-' '~')
 *    or ',' between two letters: three tokens, else one;
 *  - one P/S byte first ("(AP" "$100"): general_chunk()'s mark-before-a-
 *    core case, two tokens;
 *  - one first and one last ("(AP)"): the same case, three tokens;
 *  - two last ("word)," "word.\""): chunk() (no URL: "www." first is left
 *    out; an e-mail's '.' would have to follow the '@' and not end it)
 *    peels both, the core is one token, then ".." is one token (a dot
 *    run) and other pairs are one token each.
 * Control bytes (not P/S) and other shapes: NULL, nothing written. */
WINDOW_INLINE wn_token *ascii_marks(const uint8_t *tab, const char *s, size_t base, unsigned b, unsigned e,
                                    uint64_t odd, uint64_t al, wn_token *v)
{
    unsigned k1 = (unsigned)__builtin_ctzll(odd);
    uint64_t rest = odd & (odd - 1);
    unsigned char c1 = (unsigned char)s[base + k1];
    unsigned cl1 = tab[c1];
    if (!(cl1 & WN_PC_PS))
        return NULL;
    if (!rest) {
        if (k1 > b && k1 + 1 < e) {
            if ((c1 == '-' || c1 == '~' || c1 == ',') && (al >> (k1 - 1) & 1) && (al >> (k1 + 1) & 1)) {
                *v++ = alnum_tok(base, b, k1, al, 1);
                *v++ = one_cp(base + k1, 1, cl1, 0);
                *v++ = alnum_tok(base, k1 + 1, e, al, 0);
            } else {
                *v++ = alnum_tok(base, b, e, al, 1);
            }
            return v;
        }
        if (k1 == b && e - b >= 2) {
            *v++ = one_cp(base + b, 1, cl1, 1);
            *v++ = alnum_tok(base, b + 1, e, al, 0);
            return v;
        }
        return NULL;
    }
    if (rest & (rest - 1))
        return NULL;
    unsigned k2 = (unsigned)__builtin_ctzll(rest);
    unsigned char c2 = (unsigned char)s[base + k2];
    unsigned cl2 = tab[c2];
    if (!(cl2 & WN_PC_PS) || k2 + 1 != e || e - b < 3)
        return NULL;
    if (k1 == b) {
        *v++ = one_cp(base + b, 1, cl1, 1);
        *v++ = alnum_tok(base, b + 1, e - 1, al, 0);
        *v++ = one_cp(base + k2, 1, cl2, 0);
        return v;
    }
    if (k1 + 2 == e && !(e - b >= 4 && memcmp(s + base + b, "www.", 4) == 0)) {
        *v++ = alnum_tok(base, b, k1, al, 1);
        if (c1 == '.' && c2 == '.') {
            *v++ = (wn_token){.off = (uint32_t)(base + k1), .len = 2, .cps = 2, .nonsym = !(cl1 & WN_PC_PSET)};
        } else {
            *v++ = one_cp(base + k1, 1, cl1, 0);
            *v++ = one_cp(base + k2, 1, cl2, 0);
        }
        return v;
    }
    return NULL;
}

/* The fast path: 64 bytes at a time, classified into bit masks; a chunk
 * of ASCII letters and digits that ends at an ASCII space inside the
 * window is the one token general_chunk() would make of it (no P/S, no
 * Han/kana; cps = bytes; letters and digits are in none of the sets, so
 * nonsym = 1, term = 0), and such a chunk with one ASCII P/S byte after
 * it gives the two tokens general_chunk() would make.  Two-byte letters
 * of masks64_2b() count as letters there (alphabetic, one code point per
 * two bytes), computed for a window only when a chunk has a byte from
 * 0x80 on.  Any other chunk
 * (non-ASCII bytes, other ASCII symbols, controls) goes through
 * general_chunk().  The last window (under 64 bytes) is classified from a
 * copy padded with spaces.
 * Leading ASCII spaces are skipped, as general_chunk() would skip them
 * one empty chunk at a time. */
/* Two versions (common/clones.h): for Haswell and later (BMI's bit
 * operations for the masks, VEX encodings), and the default; the same
 * code, the same results.  test_filter_fast runs the first in the plain
 * build (where the CPU has it) and the default under the sanitizers. */
WN_CLONES("arch=haswell", "default")
wn_status wn_words_split(const char *s, size_t n, wn_tokens *t)
{
    const uint8_t *tab = wn_py_class_table();
    t->n = 0;
    size_t i = 0;
    char tail[64]; /* the text's last bytes (under 64), then spaces */
    while (i < n) {
        /* the bytes the masks are computed from: the text, or for its
         * last window a copy padded with spaces (the end of the text
         * ends a chunk as a space does; every other read of a chunk's
         * bytes stays inside the text) */
        const char *w = s + i;
        if (n - i < 64) {
            memset(tail, ' ', sizeof tail);
            memcpy(tail, s + i, n - i);
            w = tail;
        }
        /* room for every token of the window: a chunk and its space take
         * two bytes or more, and give two tokens only with three or more */
        if (t->cap - t->n < 64) {
            size_t want = t->n + 64;
            while (t->cap < want)
                WN_TRY(wn_grow(&t->v, &t->cap, t->cap, sizeof *t->v));
        }
        uint64_t ws, an, al, hi, lead2 = 0, cont2 = 0;
        int have2 = 0; /* lead2 and cont2 computed (when a chunk needs them) */
        masks64(w, &ws, &an, &al, &hi);
        /* tokens go through a local pointer: stores of their uint8_t
         * fields could alias t->n */
        wn_token *v = t->v + t->n;
        unsigned p = 0; /* bit of the window where the next chunk may start */
        for (;;) {
            uint64_t start = ~ws & (~0ULL << p);
            if (!start) {
                p = 64; /* only spaces left */
                break;
            }
            unsigned b = (unsigned)__builtin_ctzll(start);
            uint64_t end = ws & (~0ULL << b);
            if (end) {
                unsigned e = (unsigned)__builtin_ctzll(end);
                /* bits b .. e-1: the chunk */
                uint64_t span = ((end & -end) - 1) & -(start & -start), odd = span & ~an;
                unsigned char last = (unsigned char)s[i + e - 1];
                unsigned ncont = 0; /* continuation bytes of two-byte letters */
                int alpha = (span & al) != 0;
                if (odd & hi) {
                    if (!have2) {
                        masks64_2b(w, &lead2, &cont2);
                        have2 = 1;
                    }
                    /* every byte of two-byte letters: each lead followed
                     * by one continuation byte, each continuation byte
                     * after a lead (a lead at bit 63 is in no chunk
                     * taken here: the chunk ends at a space inside the
                     * window) */
                    uint64_t sl = span & lead2, sc = span & cont2;
                    if (sl && sl << 1 == sc) {
                        odd &= ~(sl | sc);
                        ncont = bits64(sc);
                        alpha = 1;
                    }
                }
                if (!odd) {
                    *v++ = (wn_token){.off = (uint32_t)(i + b), .len = e - b, .cps = e - b - ncont,
                                      .alpha = (uint8_t)alpha, .nonsym = 1, .chunk = 1};
                } else if (odd == 1ULL << (e - 1) && e - b >= 2 && last < 0x80 && (tab[last] & WN_PC_PS) &&
                           !(e - b == 4 && memcmp(s + i + b, "www.", 4) == 0)) {
                    unsigned cl = tab[last];
                    *v++ = (wn_token){.off = (uint32_t)(i + b), .len = e - b - 1, .cps = e - b - 1 - ncont,
                                      .alpha = (uint8_t)alpha, .nonsym = 1, .chunk = 1};
                    *v++ = (wn_token){.off = (uint32_t)(i + e - 1), .len = 1, .cps = 1,
                                      .alpha = (cl & WN_PC_ALPHA) != 0, .nonsym = !(cl & WN_PC_PSET),
                                      .term = (cl & WN_PC_TERM) != 0};
                } else {
                    wn_token *nv = span & hi ? NULL : ascii_marks(tab, s, i, b, e, odd, al, v);
                    if (!nv)
                        goto general;
                    v = nv;
                }
                p = e + 1; /* past the space */
                if (p >= 64)
                    break;
                continue;
            }
            if (b > 0) {
                p = b; /* the chunk runs past the window: a new window from its start */
                break;
            }
        general:; /* any other chunk, or one of 64 bytes or more */
            size_t next;
            t->n = (size_t)(v - t->v);
            WN_TRY(general_chunk(tab, s, i + b, n, t, &next));
            v = t->v + t->n;
            if (next - i >= 64 || t->cap - t->n < 64) {
                p = 0; /* a new window from there */
                i = next;
                break;
            }
            p = (unsigned)(next - i);
        }
        t->n = (size_t)(v - t->v);
        i += p;
    }
    return WN_OK;
}
