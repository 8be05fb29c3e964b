/* simplify.c: datatrove's simplify_text (quality-rules.md §2.2), in one pass
 * over the lower-cased code points.
 *
 * Python applies the steps one after the other to the whole string; the
 * streaming version below gives the same string:
 *   - digits and punctuation are decided on the lower-cased code point,
 *     before NFD (so a canonical decomposition to ';' survives, as in Python);
 *   - whitespace runs are collapsed before Mn marks are deleted, so a mark
 *     between two whitespace runs leaves two spaces, as in Python: we count
 *     whitespace runs since the last emitted character and emit that many
 *     spaces before the next one (none at the start or the end = strip). */
#include "dedup.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/utf8.h"
#include "wordhash.h"

/* datatrove PUNCTUATION (punct_sets.tsv) above U+00FF. */
static const int32_t punct_hi[] = {
    0x2013, 0x2014, 0x2019, 0x201C, 0x201D, 0x201E, 0x2026, 0x2236, 0x2501, 0x25BA,
    0x3001, 0x3002, 0x3008, 0x3009, 0x300A, 0x300B, 0x300C, 0x300D, 0x3010, 0x3011,
    0xFF01, 0xFF05, 0xFF08, 0xFF09, 0xFF0C, 0xFF0E, 0xFF11, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF5E,
};

static int is_punct(int32_t c)
{
    if (c < 0x80) {
        if (c < 0x20)
            return c != 0x09 && c != 0x0A;
        if (c == 0x7F)
            return 1;
        return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
               (c >= 0x7B && c <= 0x7E);
    }
    if (c <= 0x9F)
        return 1;
    if (c == 0xAB || c == 0xB4 || c == 0xBB)
        return 1;
    if (c < 0x2013)
        return 0;
    size_t lo = 0, hi = sizeof punct_hi / sizeof punct_hi[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (punct_hi[mid] == c)
            return 1;
        if (punct_hi[mid] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* Python str.isspace(). */
static int is_space(int32_t c)
{
    if (c < 0x80)
        return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

static int is_digit(int32_t c)
{
    if (c < 0x80)
        return c >= '0' && c <= '9';
    return c >= 0x0660 && utf8proc_category(c) == UTF8PROC_CATEGORY_ND;
}

static int is_num_sep(int32_t c)
{
    return c == '.' || c == ',' || c == 0x060C || c == 0x066B || c == 0x2396 || c == 0x2397 ||
           c == 0x2398;
}

static int is_cased_letter(int32_t c)
{
    if (c < 0x80)
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    utf8proc_category_t k = utf8proc_category(c);
    return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LL || k == UTF8PROC_CATEGORY_LT;
}

typedef struct cps { int32_t *v; size_t n, cap; } cps;

static inline wn_status cps_push(cps *a, int32_t c)
{
    if (a->n < a->cap) {
        a->v[a->n++] = c;
        return WN_OK;
    }
    {
        size_t cap = a->cap ? a->cap * 2 : 1024;
        int32_t *p = realloc(a->v, cap * sizeof *p);
        if (!p)
            return WN_ERR_NOMEM;
        a->v = p;
        a->cap = cap;
    }
    a->v[a->n++] = c;
    return WN_OK;
}

/* Per-thread direct-mapped caches of the utf8proc look-ups (key 0 = empty;
 * code point 0 is ASCII and never looked up). */
static _Thread_local struct { int32_t key, val; } lower_cache[2048];

static int32_t lower_nonascii(int32_t c)
{
    unsigned h = (unsigned)c & 2047;
    if (lower_cache[h].key != c) {
        lower_cache[h].key = c;
        lower_cache[h].val = utf8proc_tolower(c);
    }
    return lower_cache[h].val;
}

/* Step 1: Python lower() into code points. */
static wn_status lower_cps(const char *s, size_t n, cps *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    if (out->cap < n + 16) {   /* at most one code point per byte, plus İ */
        int32_t *p = realloc(out->v, (n + 16) * sizeof *p);
        if (!p)
            return WN_ERR_NOMEM;
        out->v = p;
        out->cap = n + 16;
    }
    while (i < n) {
        int32_t c;
        if (u[i] < 0x80) {
            c = u[i++];
            if (c >= 'A' && c <= 'Z')
                c += 32;
            WN_TRY(cps_push(out, c));
            continue;
        }
        i += wn_utf8_decode(u + i, n - i, &c);
        if (c < 0)
            c = 0xFFFD;
        if (c == 0x0130) {                 /* İ -> i + COMBINING DOT ABOVE */
            WN_TRY(cps_push(out, 'i'));
            WN_TRY(cps_push(out, 0x0307));
            continue;
        }
        if (c == 0x03A3) {                 /* final sigma */
            int after_cased = out->n && is_cased_letter(out->v[out->n - 1]);
            int32_t next = -1;
            if (i < n) {
                if (u[i] < 0x80)
                    next = u[i];
                else
                    wn_utf8_decode(u + i, n - i, &next);
            }
            WN_TRY(cps_push(out, after_cased && !(next >= 0 && is_cased_letter(next)) ? 0x03C2 : 0x03C3));
            continue;
        }
        WN_TRY(cps_push(out, lower_nonascii(c)));
    }
    return WN_OK;
}

typedef struct emitter {
    wn_buf *out;
    size_t pending;     /* whitespace runs since the last emitted character */
    int in_ws, any;
} emitter;

static inline wn_status emit(emitter *e, int32_t c)
{
    e->in_ws = 0;
    wn_buf *o = e->out;
    if (c < 0x80 && o->len + e->pending + 2 <= o->cap) {   /* room: write in place */
        if (e->any)
            for (; e->pending; e->pending--)
                o->data[o->len++] = ' ';
        e->pending = 0;
        e->any = 1;
        o->data[o->len++] = (char)c;
        o->data[o->len] = 0;
        return WN_OK;
    }
    if (e->any)
        for (; e->pending; e->pending--)
            WN_TRY(wn_buf_putc(e->out, ' '));
    e->pending = 0;
    e->any = 1;
    if (c < 0x80)
        return wn_buf_putc(e->out, (char)c);
    char b[4];
    size_t k = wn_utf8_encode(c, b);
    return wn_buf_append(e->out, b, k);
}

static void space(emitter *e)
{
    if (!e->in_ws) {
        e->pending++;
        e->in_ws = 1;
    }
}

/* Steps 5-7 for a non-space, non-punctuation code point. */
static wn_status emit_nfd(emitter *e, int32_t c)
{
    if (c < 0xC0)
        return emit(e, c);
    int32_t d[16];
    utf8proc_ssize_t k = utf8proc_decompose_char(c, d, 16, UTF8PROC_DECOMPOSE, NULL);
    if (k < 1 || k > 16)
        return emit(e, c);
    for (utf8proc_ssize_t j = 0; j < k; j++) {
        if (utf8proc_category(d[j]) == UTF8PROC_CATEGORY_MN)
            e->in_ws = 0;   /* deleted, but it separated two whitespace runs */
        else
            WN_TRY(emit(e, d[j]));
    }
    return WN_OK;
}

/* What steps 2-6 do with one lower-cased non-ASCII code point. */
enum { K_NORMAL = 0, K_DIGIT, K_SPACE };
typedef struct cls { int32_t key; uint8_t kind, n; int32_t out[6]; } cls;
static _Thread_local cls cls_cache[2048];

static const cls *classify(int32_t c)
{
    cls *e = &cls_cache[(unsigned)c & 2047];
    if (e->key == c)
        return e;
    e->key = c;
    e->n = 0;
    if (is_digit(c)) {
        e->kind = K_DIGIT;
    } else if (is_space(c) || is_punct(c)) {
        e->kind = K_SPACE;
    } else {
        e->kind = K_NORMAL;
        int32_t d[16];
        utf8proc_ssize_t k = c < 0xC0 ? 0 : utf8proc_decompose_char(c, d, 16, UTF8PROC_DECOMPOSE, NULL);
        if (k < 1 || k > 16) {
            d[0] = c;
            k = 1;
        }
        for (utf8proc_ssize_t j = 0; j < k; j++)
            if (utf8proc_category(d[j]) != UTF8PROC_CATEGORY_MN) {
                if (e->n == 6) {   /* longer than the cache holds: look it up each time */
                    e->key = 0;
                    return NULL;
                }
                e->out[e->n++] = d[j];
            }
    }
    return e;
}

static int digit_at(const int32_t *v, size_t i)
{
    int32_t c = v[i];
    if (c < 0x80)
        return c >= '0' && c <= '9';
    const cls *e = classify(c);
    return e ? e->kind == K_DIGIT : is_digit(c);
}

wn_status wn_dedup_simplify_ref(const char *s, size_t n, wn_buf *out)
{
    cps a = {0};
    wn_status st = lower_cps(s, n, &a);
    emitter e = {.out = out};
    WN_TRY(wn_buf_reserve(out, n));
    for (size_t i = 0; st == WN_OK && i < a.n;) {
        int32_t c = a.v[i];
        const cls *k = NULL;
        if (c >= 0x80 && !(k = classify(c))) {   /* not cacheable: the plain path */
            i++;
            st = is_space(c) || is_punct(c) ? (space(&e), WN_OK) : emit_nfd(&e, c);
            continue;
        }
        if (k ? k->kind == K_DIGIT : (c >= '0' && c <= '9')) {
            while (i < a.n && digit_at(a.v, i))
                i++;
            if (i + 1 < a.n && is_num_sep(a.v[i]) && digit_at(a.v, i + 1)) {
                i++;
                while (i < a.n && digit_at(a.v, i))
                    i++;
            }
            st = emit(&e, '0');
            continue;
        }
        i++;
        if (!k) {
            if (is_space(c) || is_punct(c))
                space(&e);
            else
                st = emit(&e, c);
        } else if (k->kind == K_SPACE) {
            space(&e);
        } else {
            e.in_ws = 0;   /* even when every code point was a deleted mark */
            for (int j = 0; st == WN_OK && j < k->n; j++)
                st = emit(&e, k->out[j]);
        }
    }
    free(a.v);
    return st;
}

/* ---- the fast path ---------------------------------------------------------
 * One pass over the bytes, no code-point array: what the steps above do with
 * one input code point is looked up, for ASCII in a table and for the rest
 * in a per-thread cache keyed by the input code point (its lower-cased,
 * decomposed, mark-free UTF-8 bytes).  Two things depend on context and
 * are left to the general path above, which then redoes the whole text:
 * U+0130 (lower() gives two code points) and U+03A3 (final sigma), and
 * code points whose decomposition the cache cannot hold.  Everything else
 * is context-free except digit runs, which both paths resolve the same way
 * on the lower-cased code points. */
enum { F_EMIT = 0, F_SPACE = 1, F_DIGIT = 2, F_HARD = 3 };

/* ASCII: 0 kept (lower-cased), 1 whitespace or PUNCTUATION, 2 digit. */
static const uint8_t ascii_kind[128] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1,
};

static inline char ascii_lower(unsigned c)
{
    return (char)(c - 'A' < 26u ? c + 32 : c);
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* The number k (1..8) of ASCII letters at the start of u[0..8) (u[0] is
 * one), whose lower-cased bytes are written to o[0..k) (o[k..8) get
 * bytes the caller overwrites: the output has slack).  SWAR on one
 * little-endian word: x = w | 0x20 per byte lower-cases letters; a byte
 * is a letter when w has no high bit and 'a' <= x <= 'z'. */
static inline __attribute__((always_inline)) size_t ascii_letters8(const unsigned char *u, char *o)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), high = ones * 0x80;
    uint64_t w;
    memcpy(&w, u, 8);
    uint64_t x = w | ones * 0x20;
    uint64_t x7 = x & ~high;   /* no carries between bytes below */
    uint64_t ge_a = (x7 + ones * (0x80 - 'a')) & high, gt_z = (x7 + ones * (0x7F - 'z')) & high;
    uint64_t letter = ge_a & ~gt_z & ~w & high;   /* 0x80 in each letter byte */
    uint64_t stop = ~letter & high;
    size_t k = stop ? (size_t)__builtin_ctzll(stop) >> 3 : 8;
    memcpy(o, &x, 8);
    return k;
}
#endif

typedef struct fcls {
    int32_t key;                 /* input code point (>= 0x80; 0 = empty) */
    uint8_t kind, sep, len;      /* F_*, is a number separator, bytes in b */
    char b[24];                  /* up to 6 code points of output */
} fcls;
/* 8,192 entries (288 KB a thread): on the multilingual bench corpus 2,048
 * entries missed 28,000 times in 5 MB (scripts colliding in the low 11
 * bits), 8,192 miss 4,800 times (-3.6 % instructions, -4 % CPU time). */
static _Thread_local fcls fast_cache[8192];

static __attribute__((noinline)) const fcls *fast_fill(fcls *e, int32_t c)
{
    e->key = c;
    e->len = 0;
    int32_t lc = lower_nonascii(c);
    e->sep = (uint8_t)is_num_sep(lc);
    if (c == 0x0130 || c == 0x03A3) {
        e->kind = F_HARD;
        return e;
    }
    if (lc < 0x80) {             /* e.g. KELVIN SIGN -> k */
        e->kind = ascii_kind[lc];
        e->b[0] = (char)lc;
        e->len = 1;
        return e;
    }
    const cls *k = classify(lc);
    if (!k) {
        e->kind = F_HARD;
        return e;
    }
    e->kind = k->kind == K_DIGIT ? F_DIGIT : k->kind == K_SPACE ? F_SPACE : F_EMIT;
    for (int j = 0; j < k->n; j++)
        e->len += (uint8_t)wn_utf8_encode(k->out[j], e->b + e->len);
    return e;
}

/* The cache entry of the non-ASCII code point at u[i]; *adv = its bytes. */
static inline __attribute__((always_inline)) const fcls *fast_get(const unsigned char *u, size_t n, size_t i, size_t *adv)
{
    int32_t c;
    unsigned b0 = u[i];
    if (b0 >= 0xC2 && b0 <= 0xDF && i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
        c = (int32_t)((b0 & 0x1F) << 6 | (u[i + 1] & 0x3F));
        *adv = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF && i + 2 < n && u[i + 1] >= (b0 == 0xE0 ? 0xA0u : 0x80u) &&
               u[i + 1] <= (b0 == 0xED ? 0x9Fu : 0xBFu) && (u[i + 2] & 0xC0) == 0x80) {
        /* every valid 3-byte form: E0 needs A0..BF (no overlong), ED 80..9F (no surrogate) */
        c = (int32_t)((b0 & 0x0F) << 12 | (u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F));
        *adv = 3;
    } else {
        *adv = wn_utf8_decode(u + i, n - i, &c);
        if (c < 0)
            c = 0xFFFD;
    }
    fcls *e = &fast_cache[(unsigned)c & 8191];
    return __builtin_expect(e->key == c, 1) ? e : fast_fill(e, c);
}

/* Kind (and separator flag) of the code point at u[i], for digit runs. */
static inline __attribute__((always_inline)) int peek_kind(const unsigned char *u, size_t n, size_t i, size_t *adv, int *sep)
{
    unsigned c = u[i];
    if (c < 0x80) {
        *adv = 1;
        *sep = c == '.' || c == ',';
        return ascii_kind[c];
    }
    const fcls *e = fast_get(u, n, i, adv);
    *sep = e->sep;
    return e->kind;
}

/* The fast path; with wh, also the word hash of each token of the output
 * (maximal runs of non-spaces), computed when the token ends, so that no
 * later pass looks for the tokens again.  *fast = 0: the general path made
 * the text (no word hashes). */
static wn_status simplify_fast(const char *s, size_t n, wn_buf *out, uint64_t **wh, size_t *nw, size_t *wcap,
                               int *fast)
{
    *fast = 1;
    if (wh) {
        /* a token needs one input byte, and one more before it when it is
         * not the first (the space or punctuation that separates them) */
        WN_TRY(wn_grow_to(wh, wcap, n / 2 + 2, sizeof **wh));
        *nw = 0;
    }
    uint64_t *w = wh ? *wh : NULL;
    size_t k = 0;
    /* output bound: 1 byte per ASCII byte (one space per whitespace run),
     * at most 3 per input byte otherwise (a 3-byte Hangul syllable gives
     * three 3-byte jamo; a 2-byte letter lower-cases to at most 3 bytes) */
    if (n > (SIZE_MAX - 64) / 3)
        return WN_ERR_NOMEM;
    WN_TRY(wn_buf_reserve(out, 3 * n + 32));
    const unsigned char *u = (const unsigned char *)s;
    size_t base = out->len, i = 0, pending = 0;
    char *o = out->data + base, *tok = o;
    int in_ws = 0, any = 0;
    /* word_hash reads up to 7 bytes past the token: inside the slack of the
     * reservation, masked off */
#define FLUSH()                                                                  \
    do {                                                                         \
        if (any) {                                                               \
            if (pending) {                                                       \
                if (w)                                                           \
                    w[k++] = word_hash((const unsigned char *)tok, (size_t)(o - tok)); \
                if (__builtin_expect(pending == 1, 1)) {                         \
                    *o++ = ' ';                                                  \
                } else {                                                         \
                    memset(o, ' ', pending);                                     \
                    o += pending;                                                \
                }                                                                \
                tok = o;                                                         \
            }                                                                    \
        } else {                                                                 \
            tok = o;                                                             \
        }                                                                        \
        pending = 0;                                                             \
        any = 1;                                                                 \
        in_ws = 0;                                                               \
    } while (0)
    while (i < n) {
        unsigned c = u[i];
        size_t adv = 1;
        int kind;
        const fcls *e = NULL;
        if (c < 0x80) {
            kind = ascii_kind[c];
        } else {
            e = fast_get(u, n, i, &adv);
            kind = e->kind;
        }
        if (kind == F_EMIT) {
            if (e && !e->len) {   /* only deleted marks: they still separate whitespace runs */
                in_ws = 0;
                i += adv;
                continue;
            }
            FLUSH();
            /* the rest of the word: nothing pending until a space */
            for (;;) {
                if (c < 0x80) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                    if (i + 8 <= n) {   /* a run of ASCII letters, 8 bytes at a time */
                        size_t run = ascii_letters8(u + i, o);
                        o += run;
                        i += run;
                    } else
#endif
                    {
                        *o++ = ascii_lower(c);
                        i++;
                    }
                } else {
                    memcpy(o, e->b, 8);   /* the output has 32 bytes of slack */
                    if (e->len > 8)
                        memcpy(o + 8, e->b + 8, 16);
                    o += e->len;
                    i += adv;
                }
                if (i >= n)
                    break;
                c = u[i];
                if (c < 0x80) {
                    if (ascii_kind[c] != F_EMIT)
                        break;
                } else {
                    e = fast_get(u, n, i, &adv);
                    if (e->kind != F_EMIT)
                        break;
                }
            }
            continue;
        }
        if (kind == F_SPACE) {
            if (!in_ws) {
                pending++;
                in_ws = 1;
            }
            i += adv;
            continue;
        }
        if (kind == F_HARD)
            goto general;
        /* a digit: the run, then one separator and a second run */
        int sep = 0;
        i += adv;
        while (i < n && (kind = peek_kind(u, n, i, &adv, &sep)) == F_DIGIT)
            i += adv;
        if (i < n && kind == F_HARD)
            goto general;
        if (i < n && sep) {
            size_t j = i + adv;
            if (j < n) {
                int k2 = peek_kind(u, n, j, &adv, &sep);
                if (k2 == F_HARD)
                    goto general;
                if (k2 == F_DIGIT) {
                    i = j + adv;
                    while (i < n && (kind = peek_kind(u, n, i, &adv, &sep)) == F_DIGIT)
                        i += adv;
                    if (i < n && kind == F_HARD)
                        goto general;
                }
            }
        }
        FLUSH();
        *o++ = '0';
    }
#undef FLUSH
    if (w && any)
        w[k++] = word_hash((const unsigned char *)tok, (size_t)(o - tok));
    if (wh)
        *nw = k;
    out->len = (size_t)(o - out->data);
    out->data[out->len] = 0;
    return WN_OK;
general:
    *fast = 0;
    if (wh)
        *nw = 0;
    out->len = base;
    out->data[base] = 0;
    return wn_dedup_simplify_ref(s, n, out);
}

wn_status wn_dedup_simplify(const char *s, size_t n, wn_buf *out)
{
    int fast;
    return simplify_fast(s, n, out, NULL, NULL, NULL, &fast);
}

wn_status wn_dedup_simplify_words(const char *s, size_t n, wn_buf *out, uint64_t **wh, size_t *nw, size_t *cap,
                                  int *have)
{
    return simplify_fast(s, n, out, wh, nw, cap, have);
}
