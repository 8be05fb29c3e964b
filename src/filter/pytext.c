#include "pytext.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "common/utf8.h"
#include "punct.h"

int wn_py_isspace(int32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

int wn_py_islinebreak(int32_t c)
{
    return c == 0x0A || c == 0x0B || c == 0x0C || c == 0x0D || c == 0x1C || c == 0x1D ||
           c == 0x1E || c == 0x85 || c == 0x2028 || c == 0x2029;
}

int wn_py_isalpha(int32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return 1;
    default:
        return 0;
    }
}

unsigned wn_py_class_slow(int32_t c)
{
    unsigned k = 0;
    if (wn_py_isspace(c))
        k |= WN_PC_SPACE;
    if (wn_py_isalpha(c))
        k |= WN_PC_ALPHA;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO:
        k |= WN_PC_PS;
        break;
    case UTF8PROC_CATEGORY_ND:
        k |= WN_PC_DIGIT;
        break;
    default:
        break;
    }
    if (wn_punct_in_set(c))
        k |= WN_PC_PSET;
    if (wn_punct_is_terminal(c))
        k |= WN_PC_TERM;
    if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF))
        k |= WN_PC_CJK;
    return k;
}

static uint8_t class_tab[0x10000];
static pthread_once_t class_once = PTHREAD_ONCE_INIT;

/* The same bits as wn_py_class_slow() for every BMP code point, with one
 * utf8proc call each and the two sorted sets walked once (the test
 * compares both for every code point). */
static void class_init(void)
{
    for (int32_t c = 0; c < 0x10000; c++) {
        unsigned k = 0;
        switch (utf8proc_category(c)) {
        case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
            k = WN_PC_ALPHA;
            break;
        case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
        case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
        case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC:
        case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO:
            k = WN_PC_PS;
            break;
        case UTF8PROC_CATEGORY_ND:
            k = WN_PC_DIGIT;
            break;
        default:
            break;
        }
        if (wn_py_isspace(c))
            k |= WN_PC_SPACE;
        if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
            (c >= 0xF900 && c <= 0xFAFF))
            k |= WN_PC_CJK;
        class_tab[c] = (uint8_t)k;
    }
    for (size_t i = 0, n = wn_punct_count(0); i < n; i++)
        if (wn_punct_list(0)[i] < 0x10000)
            class_tab[wn_punct_list(0)[i]] |= WN_PC_PSET;
    for (size_t i = 0, n = wn_punct_count(1); i < n; i++)
        if (wn_punct_list(1)[i] < 0x10000)
            class_tab[wn_punct_list(1)[i]] |= WN_PC_PSET | WN_PC_TERM;
}

const uint8_t *wn_py_class_table(void)
{
    pthread_once(&class_once, class_init);
    return class_tab;
}

/* Sixteen bytes as a GCC/clang vector (SSE2 on x86-64, NEON on arm64);
 * comparisons give -1 in each byte where they hold, 0 elsewhere. */
typedef unsigned char v16u __attribute__((vector_size(16)));
typedef signed char v16s __attribute__((vector_size(16)));

/* The index of the first nonzero byte of the sixteen bytes a (0-7), b
 * (8-15), one of them nonzero. */
static inline size_t first_byte(uint64_t a, uint64_t b)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return a ? (size_t)__builtin_clzll(a) / 8 : 8 + (size_t)__builtin_clzll(b) / 8;
#else
    return a ? (size_t)__builtin_ctzll(a) / 8 : 8 + (size_t)__builtin_ctzll(b) / 8;
#endif
}

size_t wn_py_len(const char *s, size_t n)
{
    return wn_utf8_count(s, n); /* bytes that are not continuation bytes */
}

/* Start of the code point that ends at e (exclusive). */
static size_t prev_cp(const char *s, size_t b, size_t e)
{
    size_t i = e - 1;
    while (i > b && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* Can the code point decoded at byte u be str.isspace()?  The spaces
 * are ASCII 09-0D and 1C-20, or start with C2 (U+0085, U+00A0), E1
 * (U+1680), E2 (U+2000-U+200A, U+2028, U+2029, U+202F, U+205F) or E3
 * (U+3000); from any other byte wn_py_next() decodes something else (a
 * bad or overlong sequence is U+FFFD).  lstrip() and rstrip() look at the
 * code point where their loop's first step would, and stop there when it
 * cannot be a space: nothing to strip, the common case. */
static inline int may_start_space(unsigned char u)
{
    return u <= 0x20 || u == 0xC2 || (u >= 0xE1 && u <= 0xE3);
}

void wn_py_lstrip(const char *s, size_t *b, size_t e)
{
    if (*b < e && !may_start_space((unsigned char)s[*b]))
        return; /* the common case: nothing to strip */
    while (*b < e) {
        size_t j = *b;
        if (!wn_py_isspace(wn_py_next(s, e, &j)))
            break;
        *b = j;
    }
}

void wn_py_rstrip(const char *s, size_t b, size_t *e)
{
    if (*e > b && !may_start_space((unsigned char)s[prev_cp(s, b, *e)]))
        return;
    while (*e > b) {
        size_t p = prev_cp(s, b, *e), j = p;
        if (!wn_py_isspace(wn_py_next(s, *e, &j)))
            break;
        *e = p;
    }
}

void wn_py_strip(const char *s, size_t *b, size_t *e)
{
    wn_py_lstrip(s, b, *e);
    wn_py_rstrip(s, *b, e);
}

static int cased(int32_t c)
{
    const utf8proc_property_t *p = utf8proc_get_property(c);
    return utf8proc_tolower(c) != c || utf8proc_toupper(c) != c || p->category == UTF8PROC_CATEGORY_LT;
}

static int case_ignorable(int32_t c)
{
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_SK:
        return 1;
    default:
        return c == '\'' || c == '.' || c == ':' || c == 0x2019 || c == 0xB7;
    }
}

/* Python's final-sigma rule: preceded by a cased letter (skipping
 * case-ignorables) and not followed by one. */
static int final_sigma(const char *s, size_t n, size_t at, size_t after)
{
    int before = 0;
    size_t e = at;
    while (e > 0) {
        size_t p = prev_cp(s, 0, e), j = p;
        int32_t c = wn_py_next(s, n, &j);
        e = p;
        if (case_ignorable(c))
            continue;
        before = cased(c);
        break;
    }
    if (!before)
        return 0;
    size_t i = after;
    while (i < n) {
        int32_t c = wn_py_next(s, n, &i);
        if (case_ignorable(c))
            continue;
        return !cased(c);
    }
    return 1;
}

/* utf8proc_tolower() of every BMP code point, built on first use (one
 * lookup instead of a call per code point).  No BMP code point lower-cases
 * outside the BMP (test_filter_fast checks every one against utf8proc). */
static uint16_t lower_tab[0x10000];
static pthread_once_t lower_once = PTHREAD_ONCE_INIT;

static void lower_init(void)
{
    for (int32_t c = 0; c < 0x10000; c++) {
        int32_t l = utf8proc_tolower(c);
        lower_tab[c] = (uint16_t)(l < 0x10000 ? l : c);
    }
}

static size_t encode(char *d, uint32_t c)
{
    if (c < 0x80) {
        d[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        d[0] = (char)(0xC0 | c >> 6);
        d[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        d[0] = (char)(0xE0 | c >> 12);
        d[1] = (char)(0x80 | (c >> 6 & 0x3F));
        d[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | c >> 18);
    d[1] = (char)(0x80 | (c >> 12 & 0x3F));
    d[2] = (char)(0x80 | (c >> 6 & 0x3F));
    d[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

wn_status wn_py_lower(wn_buf *out, const char *s, size_t n)
{
    pthread_once(&lower_once, lower_init);
    /* room for the rest of the input, one byte out per byte in (ASCII);
     * a non-ASCII code point checks for four more (a bad byte becomes
     * U+FFFD, three bytes) */
    WN_TRY(wn_buf_reserve(out, n + 4));
    char *d = out->data + out->len;
    size_t i = 0;
    while (i < n) {
        size_t at = i;
        unsigned char u = (unsigned char)s[i];
        if (u < 0x80) {
            *d++ = (char)((unsigned)(u - 'A') < 26u ? u + 32 : u);
            i++;
            continue;
        }
        /* a two-byte sequence whose lower case is two bytes (Cyrillic,
         * Greek, Latin-1 and Extended), but U+0130 and U+03A3 (their rules
         * below): written here; one byte out per byte in keeps the room
         * reserved above */
        if (u >= 0xC2 && u < 0xE0 && i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
            unsigned cp = (u & 0x1Fu) << 6 | ((unsigned char)s[i + 1] & 0x3Fu), lc = lower_tab[cp];
            if (cp != 0x130 && cp != 0x3A3 && lc >= 0x80 && lc < 0x800) {
                d[0] = (char)(0xC0 | lc >> 6);
                d[1] = (char)(0x80 | (lc & 0x3F));
                d += 2;
                i += 2;
                continue;
            }
        }
        size_t used = (size_t)(d - out->data);
        if (used + 4 + (n - i) + 1 > out->cap) {
            out->len = used;
            WN_TRY(wn_buf_reserve(out, 4 + (n - i)));
            d = out->data + used;
        }
        int32_t cp = wn_py_next(s, n, &i), lc;
        if (cp == 0x130) {
            memcpy(d, "i\xCC\x87", 3);
            d += 3;
            continue;
        }
        if (cp == 0x3A3)
            lc = final_sigma(s, n, at, i) ? 0x3C2 : 0x3C3;
        else
            lc = cp < 0x10000 ? lower_tab[cp] : utf8proc_tolower(cp);
        d += encode(d, (uint32_t)lc);
    }
    out->len = (size_t)(d - out->data);
    out->data[out->len] = 0;
    return WN_OK;
}

static wn_status push(wn_span **out, size_t *count, size_t *cap, size_t off, size_t len)
{
    if (*count == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        wn_span *p = realloc(*out, c * sizeof *p);
        if (!p)
            return WN_ERR_NOMEM;
        *out = p;
        *cap = c;
    }
    (*out)[(*count)++] = (wn_span){off, len};
    return WN_OK;
}

wn_status wn_py_splitlines(const char *s, size_t n, wn_span **out, size_t *count, size_t *cap)
{
    *count = 0;
    size_t start = 0, i = 0;
    while (i < n) {
        /* sixteen, then eight bytes at a time while none can start a
         * break: every break starts with a byte below 0x20, 0xC2 or 0xE2
         * (SWAR "some byte below k" tests, exact as a yes/no answer for
         * k <= 0x80) */
        while (i + 16 <= n) {
            v16u x;
            memcpy(&x, s + i, 16);
            v16s m = (x < 0x20) | (x == 0xC2) | (x == 0xE2);
            uint64_t a, b;
            memcpy(&a, &m, 8);
            memcpy(&b, (const char *)&m + 8, 8);
            if (a | b) { /* on to the first such byte */
                i += first_byte(a, b);
                break;
            }
            i += 16;
        }
        while (i + 8 <= n) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
            uint64_t c2 = x ^ (ones * 0xC2), e2 = x ^ (ones * 0xE2);
            if (((x - ones * 0x20) & ~x & high) | ((c2 - ones) & ~c2 & high) | ((e2 - ones) & ~e2 & high))
                break;
            i += 8;
        }
        if (i >= n)
            break;
        size_t at = i;
        unsigned char u = (unsigned char)s[i];
        /* byte-level screen: the breaks are 0A-0D, 1C-1E, C2 85, E2 80 A8/A9 */
        if (u < 0x80 ? !((u >= 0x0A && u <= 0x0D) || (u >= 0x1C && u <= 0x1E)) : (u != 0xC2 && u != 0xE2)) {
            i++;
            continue;
        }
        int32_t c = wn_py_next(s, n, &i);
        if (!wn_py_islinebreak(c))
            continue;
        WN_TRY(push(out, count, cap, start, at - start));
        if (c == '\r' && i < n && s[i] == '\n')
            i++;
        start = i;
    }
    if (start < n)
        WN_TRY(push(out, count, cap, start, n - start));
    return WN_OK;
}

wn_status wn_py_split_lf(const char *s, size_t n, wn_span **out, size_t *count, size_t *cap)
{
    *count = 0;
    size_t start = 0;
    for (;;) {
        const char *p = memchr(s + start, '\n', n - start);
        if (!p)
            break;
        WN_TRY(push(out, count, cap, start, (size_t)(p - s) - start));
        start = (size_t)(p - s) + 1;
    }
    return push(out, count, cap, start, n - start);
}

int wn_py_endswith(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && memcmp(s + n - k, suf, k) == 0;
}

int wn_py_startswith(const char *s, size_t n, const char *pre)
{
    size_t k = strlen(pre);
    return n >= k && memcmp(s, pre, k) == 0;
}
