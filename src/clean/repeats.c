#include "repeats.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/ucd.h"
#include "common/utf8.h"

#define PREFIX_WORDS 4
#define MIN_NEAR_WORDS 8

typedef struct para {
    size_t line;             /* index in doc->lines */
    size_t key_off, key_len; /* in keys */
    size_t word_off, nwords; /* in words; word_off SIZE_MAX: not made yet */
    uint64_t hash;
    uint64_t head, tail;     /* edge tags (near-repeat candidates only) */
} para;

/* What the screen knows of a kept line before its whole key is built. */
typedef struct line_sig {
    size_t line;
    uint64_t head, tail;     /* see head_tail() */
    size_t key_off, key_len; /* its key in keys when built, else key_off SIZE_MAX */
} line_sig;

struct wn_repeats_scratch {
    wn_buf keys;
    uint64_t *words;
    size_t nwords, words_cap;
    para *paras;
    size_t nparas, paras_cap;
    /* open-addressing table: hash -> para index + 1 (0 = empty) */
    uint64_t *slot_hash;
    size_t *slot_para;
    size_t slots, slots_cap;     /* in use by this document, allocated */
    size_t *dp;
    size_t dp_cap;
    /* the screen: each kept line's head and tail tags, and how often each
     * tag occurs in the document */
    line_sig *sigs;
    size_t sigs_cap;
    uint64_t *ms_val;
    unsigned char *ms_cnt;   /* bits 0-1: as a head tag (0, 1, 2+), 2-3: as a tail tag */
    size_t ms_slots, ms_cap; /* in use by this document, allocated */
    wn_buf piece, tail;
};

wn_repeats_scratch *wn_repeats_scratch_new(void)
{
    return calloc(1, sizeof(wn_repeats_scratch));
}

void wn_repeats_scratch_free(wn_repeats_scratch *s)
{
    if (!s)
        return;
    wn_buf_free(&s->keys);
    free(s->words);
    free(s->paras);
    free(s->slot_hash);
    free(s->slot_para);
    free(s->dp);
    free(s->sigs);
    free(s->ms_val);
    free(s->ms_cnt);
    wn_buf_free(&s->piece);
    wn_buf_free(&s->tail);
    free(s);
}

static int is_num_sep(unsigned char c)
{
    return c == '.' || c == ',' || c == ':' || c == '/';
}

/* ASCII classes for the key: letter, digit, or separator. */
static int ascii_class(unsigned char c)
{
    if ((c | 32) >= 'a' && (c | 32) <= 'z')
        return WN_UC_LETTER;
    if (c >= '0' && c <= '9')
        return WN_UC_DIGIT;
    return WN_UC_PUNCT;
}

#if defined(__SSE2__)
/* Whether the key's tables agree with cyrillic_lower(): U+0400..U+045F all
 * letters, U+0400..U+040F lower-cased to U+0450.., U+0410..U+042F to
 * U+0430.., the rest their own lower case.  Checked once. */
static int cyrillic_keys_plain(const wn_ucd_tables *bmp)
{
    static _Atomic int known; /* 0: not yet, 1: yes, 2: no */
    int k = known;
    if (!k) {
        k = 1;
        for (int32_t c = 0x400; c < 0x460; c++) {
            int32_t want = c < 0x410 ? c + 0x50 : c < 0x430 ? c + 0x20 : c;
            if (bmp->cls[c] != WN_UC_LETTER || ((c + bmp->lower_delta[c]) & 0xFFFF) != want)
                k = 2;
        }
        known = k;
    }
    return k == 1;
}

/* The lower case of a block accepted by wn_utf8_cyrillic_block (its
 * covered bytes), or 0 when it holds a letter of U+0460..U+047F (D1 A0..BF,
 * case pairs left to the general path).  Continuation bytes after D0:
 * 80..8F +0x10 with the lead D0 -> D1 (U+0400.. -> U+0450..), 90..9F
 * +0x20 (U+0410.. -> U+0430..), A0..AF -0x20 with D0 -> D1 (U+0420.. ->
 * U+0440..), B0..BF unchanged; after D1 (80..9F) unchanged. */
static int cyrillic_lower(__m128i v, __m128i *out)
{
    const __m128i d0 = _mm_set1_epi8((char)0xD0), d1 = _mm_set1_epi8((char)0xD1);
    __m128i top = _mm_and_si128(v, _mm_set1_epi8((char)0xF0));
    __m128i c8 = _mm_cmpeq_epi8(top, _mm_set1_epi8((char)0x80));
    __m128i c9 = _mm_cmpeq_epi8(top, _mm_set1_epi8((char)0x90));
    __m128i ca = _mm_cmpeq_epi8(top, _mm_set1_epi8((char)0xA0));
    __m128i cb = _mm_cmpeq_epi8(top, _mm_set1_epi8((char)0xB0));
    __m128i prev = _mm_slli_si128(v, 1);   /* lane k: byte k - 1 */
    __m128i after_d0 = _mm_cmpeq_epi8(prev, d0), after_d1 = _mm_cmpeq_epi8(prev, d1);
    if (_mm_movemask_epi8(_mm_and_si128(after_d1, _mm_or_si128(ca, cb))))
        return 0;
    __m128i delta = _mm_or_si128(_mm_or_si128(_mm_and_si128(c8, _mm_set1_epi8(0x10)), _mm_and_si128(c9, _mm_set1_epi8(0x20))),
                                 _mm_and_si128(ca, _mm_set1_epi8((char)0xE0)));
    delta = _mm_and_si128(after_d0, delta);
    /* a lead D0 whose next byte is 80..8F or A0..AF becomes D1: minus -1 */
    __m128i up = _mm_and_si128(_mm_cmpeq_epi8(v, d0), _mm_srli_si128(_mm_or_si128(c8, ca), 1));
    *out = _mm_sub_epi8(_mm_add_epi8(v, delta), up);
    return 1;
}
#endif

/* wn_ucd_bmp(), fetched once: keys are built for pieces of a few words,
 * where a pthread_once per call showed. */
static const wn_ucd_tables *key_tables(void)
{
    static _Atomic(const wn_ucd_tables *) cached;
    const wn_ucd_tables *t = atomic_load_explicit(&cached, memory_order_acquire);
    if (!t) {
        t = wn_ucd_bmp();
        atomic_store_explicit(&cached, t, memory_order_release);
    }
    return t;
}

/* Appends the key of str[0..n) to out. */
static wn_status key_append(wn_buf *out, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    /* lower case can grow a character by a byte (U+023A -> U+2C65); 8 more
     * so that word_hash may load 8 bytes at the last word */
    if (out->len + n + n / 2 + 13 > out->cap)
        WN_TRY(wn_buf_reserve(out, n + n / 2 + 12));
    const size_t start = out->len;
    const wn_ucd_tables *bmp = key_tables();
    int space = 0;
    size_t i = 0;
    while (i < n) {
        /* ASCII letters: a tight loop, the common case */
        if ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z') {
            if (space && out->len > start)
                out->data[out->len++] = ' ';
            space = 0;
            char *o = out->data + out->len;
            size_t j = i;
#if defined(__SSE2__)
            /* the loop below, sixteen bytes at a time (a signed compare
             * keeps bytes from 0x80 on out of the letter range) */
            {
                const __m128i b32 = _mm_set1_epi8(0x20), a1 = _mm_set1_epi8('a' - 1), z1 = _mm_set1_epi8('z' + 1);
                while (j + 16 <= n) {
                    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
                    __m128i lv = _mm_or_si128(v, b32);
                    unsigned letters = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(lv, a1), _mm_cmplt_epi8(lv, z1)));
                    unsigned spaces = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, b32));
                    unsigned ok = letters | (spaces & (letters >> 1));
                    _mm_storeu_si128((__m128i *)(void *)o, lv);
                    if (ok != 0xFFFF) {
                        size_t run = (size_t)__builtin_ctz(~ok & 0xFFFF);
                        o += run;
                        j += run;
                        goto letters_done;
                    }
                    o += 16;
                    j += 16;
                }
            }
#endif
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* eight bytes at a time: all eight lower-cased and stored (the
             * buffer has room).  The run goes on through a single space
             * before a letter, which the key keeps as it is (' ' | 32 is
             * ' '), and ends at the first other byte, so it ends on a letter. */
            while (j + 8 <= n) {
                uint64_t w;
                memcpy(&w, s + j, 8);
                uint64_t lw = w | 0x2020202020202020ULL;
                uint64_t ge_a = lw + 0x1F1F1F1F1F1F1F1FULL;  /* high bit: byte >= 'a' (0x61) */
                uint64_t gt_z = lw + 0x0505050505050505ULL;  /* high bit: byte > 'z' (0x7A) */
                uint64_t letters = ge_a & ~gt_z & ~w & 0x8080808080808080ULL;
                uint64_t v = w ^ 0x2020202020202020ULL;
                uint64_t spaces = ~(((v & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | v | 0x7F7F7F7F7F7F7F7FULL);
                uint64_t ok = letters | (spaces & (letters >> 8));
                memcpy(o, &lw, 8);
                if (ok != 0x8080808080808080ULL) {
                    size_t run = (size_t)__builtin_ctzll(~ok & 0x8080808080808080ULL) >> 3;
                    o += run;
                    j += run;
                    break;
                }
                o += 8;
                j += 8;
            }
#endif
            while (j < n && (s[j] | 32) >= 'a' && (s[j] | 32) <= 'z')
                *o++ = (char)(s[j++] | 32);
#if defined(__SSE2__)
        letters_done:
#endif
            out->len += j - i;
            i = j;
            continue;
        }
        int32_t c;
        size_t k;
        int cl;
        if (s[i] < 0x80) {
            c = s[i];
            k = 1;
            cl = ascii_class(s[i]);
        } else {
            k = wn_utf8_next(s + i, n - i, &c);
            if (c < 0) {
                i += k;
                continue;
            }
            if (bmp && c < 0x10000) {
                cl = bmp->cls[c];
                if (cl == WN_UC_LETTER || cl == WN_UC_NUMBER) {
                    /* most letters of most scripts are their own lower case:
                     * copied as they are, not decoded and encoded again */
                    if (space && out->len > start)
                        out->data[out->len++] = ' ';
                    space = 0;
                    int32_t lc = (c + bmp->lower_delta[c]) & 0xFFFF;
                    if (lc == c) {
                        wn_utf8_copy(out->data + out->len, s + i, k);
                        out->len += k;
                    } else {
                        out->len += wn_utf8_encode(lc, out->data + out->len);
                    }
                    i += k;
                    /* more two- and three-byte letters (Cyrillic, Greek,
                     * …; Indic scripts, CJK, Hangul), single spaces
                     * between them: the same steps without the general
                     * decoding */
#if defined(__SSE2__)
                    size_t block_from = i; /* no block tried before: one failed */
#endif
                    for (;;) {
#if defined(__SSE2__)
                        /* Cyrillic sixteen bytes at a time (a block that
                         * fails is not tried again at each of its characters) */
                        if (i >= block_from && i + 16 <= n && cyrillic_keys_plain(bmp)) {
                            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
                            size_t used = wn_utf8_cyrillic_block(v);
                            __m128i lv;
                            if (used && cyrillic_lower(v, &lv)) {
                                _mm_storeu_si128((__m128i *)(void *)(out->data + out->len), lv);
                                out->len += used;
                                i += used;
                                block_from = i;
                                continue;
                            }
                            block_from = i + 16;
                        }
#endif
                        size_t sp, k2;
                        int32_t c2 = wn_utf8_space_multi_byte(s, i, n, &sp, &k2);
                        if (c2 < 0 || (bmp->cls[c2] != WN_UC_LETTER && bmp->cls[c2] != WN_UC_NUMBER))
                            break;
                        if (sp)
                            out->data[out->len++] = ' ';
                        lc = (c2 + bmp->lower_delta[c2]) & 0xFFFF;
                        if (lc == c2) {
                            out->data[out->len] = (char)s[i + sp];
                            out->data[out->len + 1] = (char)s[i + sp + 1];
                            out->data[out->len + 2] = (char)s[i + sp + 2]; /* one too many for two: overwritten next */
                            out->len += k2;
                        } else {
                            out->len += wn_utf8_encode(lc, out->data + out->len);
                        }
                        i += sp + k2;
                    }
                    continue;
                }
            } else {
                cl = wn_ucd_class(c);
            }
        }
        if (cl == WN_UC_DIGIT) {
            /* a number: digits, with single separators between digits */
            size_t j = i + k;
            for (;;) {
                if (j < n && s[j] >= '0' && s[j] <= '9') {
                    j++;
                    continue;
                }
                int32_t d;
                size_t kk = j < n && s[j] >= 0x80 ? wn_utf8_next(s + j, n - j, &d) : 0;
                if (kk && d >= 0 && wn_ucd_class(d) == WN_UC_DIGIT) {
                    j += kk;
                    continue;
                }
                if (j + 1 < n && is_num_sep(s[j]) && s[j + 1] >= '0' && s[j + 1] <= '9') {
                    j++;
                    continue;
                }
                break;
            }
            if (space && out->len > start)
                out->data[out->len++] = ' ';
            space = 0;
            out->data[out->len++] = '0';
            i = j;
            continue;
        }
        i += k;
        if (cl == WN_UC_LETTER || cl == WN_UC_NUMBER) {
            if (space && out->len > start)
                out->data[out->len++] = ' ';
            space = 0;
            if (c < 0x80)
                out->data[out->len++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            else
                out->len += wn_utf8_encode(wn_ucd_lower(c), out->data + out->len);
        } else {
            space = 1;
        }
    }
    out->data[out->len] = 0;
    return WN_OK;
}

wn_status wn_paragraph_key(wn_buf *out, const char *s, size_t n)
{
    wn_buf_clear(out);
    return key_append(out, s, n);
}

size_t wn_word_edit_distance(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, size_t bound)
{
    size_t diff = na > nb ? na - nb : nb - na;
    if (diff > bound)
        return bound + 1;
    /* Two-row DP restricted to the diagonal band |i - j| <= bound. */
    size_t big = bound + 1;
    size_t *prev = malloc((nb + 1) * sizeof *prev), *cur = malloc((nb + 1) * sizeof *cur);
    if (!prev || !cur) {
        free(prev);
        free(cur);
        return bound + 1;
    }
    for (size_t j = 0; j <= nb; j++)
        prev[j] = j <= bound ? j : big;
    for (size_t i = 1; i <= na; i++) {
        size_t lo = i > bound ? i - bound : 0, hi = i + bound < nb ? i + bound : nb;
        size_t row_min = big;
        for (size_t j = 0; j <= nb; j++)
            cur[j] = big;
        if (lo == 0)
            cur[0] = i <= bound ? i : big;
        for (size_t j = lo ? lo : 1; j <= hi; j++) {
            size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            cur[j] = best > big ? big : best;
            if (cur[j] < row_min)
                row_min = cur[j];
        }
        if (lo == 0 && cur[0] < row_min)
            row_min = cur[0];
        size_t *t = prev;
        prev = cur;
        cur = t;
        if (row_min > bound) {
            free(prev);
            free(cur);
            return bound + 1;
        }
    }
    size_t d = prev[nb];
    free(prev);
    free(cur);
    return d > bound ? bound + 1 : d;
}

/* ---- a tiny multimap from 64-bit hash to paragraph indices ---------------- */

/* The power of two of slots (at least 16) that keeps want entries at most
 * half full: the tables below use that many of what they have allocated,
 * so after one huge document the next ones do not clear (and probe) its
 * whole table. */
static size_t slots_for(size_t want)
{
    size_t slots = 16;
    while (slots < want * 2)
        slots *= 2;
    return slots;
}

static wn_status table_reset(wn_repeats_scratch *s, size_t want)
{
    s->slots = slots_for(want);
    WN_TRY(wn_grow_pair(&s->slot_hash, sizeof *s->slot_hash, &s->slot_para, sizeof *s->slot_para, &s->slots_cap,
                        s->slots));
    memset(s->slot_para, 0, s->slots * sizeof *s->slot_para);
    return WN_OK;
}

static void table_put(wn_repeats_scratch *s, uint64_t h, size_t para_index)
{
    size_t m = s->slots - 1, i = (size_t)h & m;
    while (s->slot_para[i])
        i = (i + 1) & m;
    s->slot_hash[i] = h;
    s->slot_para[i] = para_index + 1;
}

static wn_status push_para(wn_repeats_scratch *s, para p)
{
    WN_TRY(wn_grow(&s->paras, &s->paras_cap, s->nparas, sizeof *s->paras));
    s->paras[s->nparas++] = p;
    return WN_OK;
}

/* A fast hash for short strings: one multiply per 8 bytes, then a final mix
 * (the constants are the ones of splitmix64). */
static uint64_t word_hash(const char *w, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
    while (n >= 8) {
        uint64_t x;
        memcpy(&x, w, 8);
        h = (h ^ x) * 0xBF58476D1CE4E5B9ULL;
        w += 8;
        n -= 8;
    }
    if (n) { /* the tail: a whole 8-byte load, masked (the key buffer has
              * 8 bytes of slack, see key_append); memcpy of n bytes was a call */
        uint64_t x;
        memcpy(&x, w, 8);
        x &= ~0ULL >> (64 - 8 * n);
        h = (h ^ x) * 0xBF58476D1CE4E5B9ULL;
    }
    h ^= h >> 31;
    h *= 0x94D049BB133111EBULL;
    return h ^ (h >> 29);
}

/* The first ' ' of key[a..n), or n: eight bytes at a time on little-endian
 * machines (a zero byte of w ^ "        " marks a space; the lowest one
 * found is exact).  Words are
 * short, so this beats both a byte loop and a memchr call. */
static size_t next_space(const char *key, size_t a, size_t n)
{
    size_t b = a;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; b + 8 <= n; b += 8) {
        uint64_t w;
        memcpy(&w, key + b, 8);
        uint64_t x = w ^ 0x2020202020202020ULL;
        uint64_t z = (x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL;
        if (z)
            return b + (size_t)(__builtin_ctzll(z) >> 3);
    }
#endif
    while (b < n && key[b] != ' ')
        b++;
    return b;
}

/* Room for n word hashes in s->words. */
static wn_status words_reserve(wn_repeats_scratch *s, size_t n)
{
    while (s->words_cap < n)
        WN_TRY(wn_grow(&s->words, &s->words_cap, s->words_cap, sizeof *s->words));
    return WN_OK;
}

/* Number of words of a key (words are separated by single spaces, none
 * leading or trailing): its spaces + 1, eight bytes at a time. */
static size_t key_words(const char *key, size_t n)
{
    if (!n)
        return 0;
    size_t spaces = 0, b = 0;
#if defined(__SSE2__)
    /* sixteen bytes a step; per-byte counters summed every 255 steps */
    const __m128i sp = _mm_set1_epi8(' '), zero = _mm_setzero_si128();
    while (b + 16 <= n) {
        __m128i acc = zero;
        for (int k = 0; k < 255 && b + 16 <= n; k++, b += 16)
            acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(key + b)), sp));
        __m128i sums = _mm_sad_epu8(acc, zero);
        spaces += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sums, 8));
    }
#endif
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; b + 8 <= n; b += 8) {
        uint64_t w;
        memcpy(&w, key + b, 8);
        uint64_t x = w ^ 0x2020202020202020ULL;
        /* high bit of each zero byte of x, exactly (no borrow between bytes) */
        uint64_t z = ~(((x & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | x | 0x7F7F7F7F7F7F7F7FULL);
        spaces += (size_t)(((z >> 7) * 0x0101010101010101ULL) >> 56); /* bytes of z set */
    }
#endif
    for (; b < n; b++)
        spaces += key[b] == ' ';
    return spaces + 1;
}

/* The first k (1..4) ' ' of s[b..n), in order, into pos; returns how many
 * there are (at most k).  Sixteen bytes a step with SSE2. */
static inline unsigned spaces_fwd(const char *s, size_t b, size_t n, unsigned k, size_t *pos)
{
    unsigned found = 0;
#if defined(__SSE2__)
    const __m128i sp = _mm_set1_epi8(' ');
    for (; b + 16 <= n; b += 16) {
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + b)), sp));
        for (; m; m &= m - 1) {
            pos[found++] = b + (size_t)__builtin_ctz(m);
            if (found == k)
                return found;
        }
    }
#endif
    for (; b < n; b++)
        if (s[b] == ' ') {
            pos[found++] = b;
            if (found == k)
                return found;
        }
    return found;
}

/* The last k (1..4) ' ' of s[0..end), from the end backwards, into pos;
 * returns how many there are (at most k). */
static inline unsigned spaces_back(const char *s, size_t end, unsigned k, size_t *pos)
{
    unsigned found = 0;
#if defined(__SSE2__)
    const __m128i sp = _mm_set1_epi8(' ');
    for (; end >= 16; end -= 16) {
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + end - 16)), sp));
        while (m) {
            unsigned top = 31u - (unsigned)__builtin_clz(m);
            pos[found++] = end - 16 + top;
            if (found == k)
                return found;
            m &= ~(1u << top);
        }
    }
#endif
    for (; end > 0; end--)
        if (s[end - 1] == ' ') {
            pos[found++] = end - 1;
            if (found == k)
                return found;
        }
    return found;
}

/* End of the first PREFIX_WORDS words of key[0..n), or n when it has
 * fewer. */
static size_t head_end(const char *key, size_t n)
{
    size_t pos[PREFIX_WORDS];
    return spaces_fwd(key, 0, n, PREFIX_WORDS, pos) == PREFIX_WORDS ? pos[PREFIX_WORDS - 1] : n;
}

/* Start of the last PREFIX_WORDS words of key[0..n), or 0 when it has
 * fewer. */
static size_t tail_start(const char *key, size_t n)
{
    size_t pos[PREFIX_WORDS];
    return spaces_back(key, n, PREFIX_WORDS, pos) == PREFIX_WORDS ? pos[PREFIX_WORDS - 1] + 1 : 0;
}

/* The head and tail tags of a key: one hash of the span of its first and
 * one of its last PREFIX_WORDS words with the single spaces between them
 * (of the whole key when it has fewer), which are equal exactly when the
 * words are.  For a key of at least PREFIX_WORDS words they are the tags
 * under which near-repeat candidates are found. */
static void tags_of(const char *key, size_t n, uint64_t *head, uint64_t *tail)
{
    *head = XXH3_64bits_withSeed(key, head_end(key, n), 1);
    size_t a = tail_start(key, n);
    *tail = XXH3_64bits_withSeed(key + a, n - a, 2);
}

/* The word hashes of paragraph p, made on first use (only near-repeat
 * candidates need them all), in s->words from p->word_off. */
static wn_status para_words(wn_repeats_scratch *s, para *p)
{
    if (p->word_off != SIZE_MAX)
        return WN_OK;
    WN_TRY(words_reserve(s, s->nwords + p->key_len / 2 + 1)); /* a key of L bytes has at most L / 2 + 1 words */
    const char *key = s->keys.data + p->key_off;
    p->word_off = s->nwords;
    for (size_t a = 0; a < p->key_len;) {
        size_t b = next_space(key, a, p->key_len);
        s->words[s->nwords++] = word_hash(key + a, b - a);
        a = b + 1;
    }
    return WN_OK;
}

/* ---- the screen ------------------------------------------------------------
 * A line can be a repeat of, or be repeated by, another line only if both
 * share the head tag (equal keys share everything; the title's key too) or
 * the tail tag (near-repeat candidates are found under one of the two).
 * The tags need only the first and the last few words of the key, and a
 * text split at an ASCII space has the key of its two sides joined by a
 * space (key_join): so a long line is keyed only at its two ends, and its
 * whole key is built only when one of its tags occurs twice in the
 * document.  Most lines are unique, so most of the key work is skipped;
 * the lines left out could neither be removed nor remove another line,
 * and the ones kept are marked exactly as before. */

#define SHORT_LINE 160   /* lines up to this length are keyed whole */

/* Appends to out, which holds a key from `start`, the key of s[0..n) with a
 * space between the two when both are non-empty. */
static wn_status key_join(wn_buf *out, size_t start, const unsigned char *s, size_t n)
{
    WN_TRY(wn_buf_reserve(out, 1));
    size_t before = out->len;
    if (before > start)
        out->data[out->len++] = ' ';
    size_t mark = out->len;
    wn_status st = key_append(out, (const char *)s, n);
    if (out->len == mark) { /* nothing: no space either */
        out->len = before;
        out->data[before] = 0;
    }
    return st;
}

/* Tags of the line t[0..n) as tags_of() gives them from its whole key,
 * keying only pieces at its ends that end or start at a space.  *whole is
 * set when the pieces from the start reached the end (s->piece then holds
 * the whole key). */
static wn_status line_tags(wn_repeats_scratch *s, const unsigned char *t, size_t n, uint64_t *head, uint64_t *tail,
                           int *whole)
{
    wn_buf *h = &s->piece;
    wn_buf_clear(h);
    *whole = 0;
    size_t a = 0, pos[PREFIX_WORDS];
    for (;;) {
        /* up to the PREFIX_WORDS-th space from a */
        size_t b = spaces_fwd((const char *)t, a, n, PREFIX_WORDS, pos) == PREFIX_WORDS ? pos[PREFIX_WORDS - 1] : n;
        WN_TRY(key_join(h, 0, t + a, b - a));
        if (b >= n) {
            *whole = 1;
            tags_of(h->data ? h->data : "", h->len, head, tail);
            return WN_OK;
        }
        a = b + 1;
        unsigned k = spaces_fwd(h->data ? h->data : "", 0, h->len, PREFIX_WORDS, pos);
        if (k >= PREFIX_WORDS - 1) { /* PREFIX_WORDS whole words or more */
            *head = XXH3_64bits_withSeed(h->data, k == PREFIX_WORDS ? pos[PREFIX_WORDS - 1] : h->len, 1);
            break;
        }
    }
    /* the end: pieces t[p..b) with a space (or the start) before p, each
     * keyed and put in front of the ones after it */
    wn_buf *tl = &s->tail;
    wn_buf_clear(tl);
    size_t b = n;
    for (;;) {
        size_t p = spaces_back((const char *)t, b, PREFIX_WORDS, pos) == PREFIX_WORDS ? pos[PREFIX_WORDS - 1] + 1 : 0;
        wn_buf_clear(h);
        WN_TRY(key_append(h, (const char *)t + p, b - p));
        if (h->len && tl->len) {
            WN_TRY(wn_buf_putc(h, ' '));
            WN_TRY(wn_buf_append(h, tl->data, tl->len));
        }
        if (h->len) {
            wn_buf x = *h;
            *h = *tl;
            *tl = x;
        }
        unsigned k = spaces_back(tl->data ? tl->data : "", tl->len, PREFIX_WORDS, pos);
        if (k >= PREFIX_WORDS - 1 || p == 0) { /* enough words, or the whole key */
            size_t a4 = k == PREFIX_WORDS ? pos[PREFIX_WORDS - 1] + 1 : 0;
            *tail = XXH3_64bits_withSeed(tl->data ? tl->data + a4 : "", tl->len - a4, 2);
            return WN_OK;
        }
        b = p - 1;
    }
}

/* A small multiset of tags: how often each occurs as a head tag (bits 0-1
 * of ms_cnt: 0, 1, 2 or more) and as a tail tag (bits 2-3). */
static wn_status ms_reset(wn_repeats_scratch *s, size_t want)
{
    s->ms_slots = slots_for(want);
    WN_TRY(wn_grow_pair(&s->ms_val, sizeof *s->ms_val, &s->ms_cnt, sizeof *s->ms_cnt, &s->ms_cap, s->ms_slots));
    memset(s->ms_cnt, 0, s->ms_slots);
    return WN_OK;
}

static size_t ms_find(const wn_repeats_scratch *s, uint64_t v)
{
    size_t m = s->ms_slots - 1, i = (size_t)v & m;
    while (s->ms_cnt[i] && s->ms_val[i] != v)
        i = (i + 1) & m;
    return i;
}

static void ms_add(wn_repeats_scratch *s, uint64_t v, int shift)
{
    size_t i = ms_find(s, v);
    s->ms_val[i] = v;
    if (((s->ms_cnt[i] >> shift) & 3) < 2)
        s->ms_cnt[i] = (unsigned char)(s->ms_cnt[i] + (1 << shift));
}

static int ms_count(const wn_repeats_scratch *s, uint64_t v, int shift)
{
    return (s->ms_cnt[ms_find(s, v)] >> shift) & 3;
}

/* Lines that could be repeats of each other or of the title, with their
 * tags, in s->sigs[0..*count), in order. */
static wn_status screen_lines(wn_doc *d, const wn_buf *title_key, wn_repeats_scratch *s, size_t *count)
{
    *count = 0;
    if (d->nlines > s->sigs_cap) {
        line_sig *g = realloc(s->sigs, d->nlines * sizeof *g);
        if (!g)
            return WN_ERR_NOMEM;
        s->sigs = g;
        s->sigs_cap = d->nlines;
    }
    size_t k = 0;
    for (size_t i = 0; i < d->nlines; i++) {
        if (d->lines[i].removed)
            continue;
        line_sig *g = &s->sigs[k++];
        const unsigned char *t = (const unsigned char *)d->body.data + d->lines[i].off;
        size_t n = d->lines[i].len;
        g->line = i;
        g->key_off = SIZE_MAX;
        if (n <= SHORT_LINE) {
            g->key_off = s->keys.len;
            WN_TRY(key_append(&s->keys, (const char *)t, n));
            g->key_len = s->keys.len - g->key_off;
            tags_of(s->keys.data + g->key_off, g->key_len, &g->head, &g->tail);
        } else {
            int whole;
            WN_TRY(line_tags(s, t, n, &g->head, &g->tail, &whole));
        }
    }
    int title = title_key && title_key->len;
    if (k + title < 2)
        return WN_OK; /* nothing to compare */
    WN_TRY(ms_reset(s, 2 * k + 1));
    for (size_t j = 0; j < k; j++) {
        ms_add(s, s->sigs[j].head, 0);
        ms_add(s, s->sigs[j].tail, 2);
    }
    if (title)
        ms_add(s, XXH3_64bits_withSeed(title_key->data, head_end(title_key->data, title_key->len), 1), 0);
    size_t c = 0;
    for (size_t j = 0; j < k; j++)
        if (ms_count(s, s->sigs[j].head, 0) >= 2 || ms_count(s, s->sigs[j].tail, 2) >= 2)
            s->sigs[c++] = s->sigs[j];
    *count = c;
    return WN_OK;
}

static wn_status mark(wn_doc *d, const wn_buf *title_key, double near_ratio, wn_repeats_scratch *s, int screen)
{
    s->nparas = s->nwords = 0;
    wn_buf_clear(&s->keys);
    size_t ncand = d->nlines;
    if (screen)
        WN_TRY(screen_lines(d, title_key, s, &ncand));
    /* 1. keys, their hashes and word counts of every kept line (with the
     * screen: of the lines it let through) */
    for (size_t ci = 0; ci < ncand; ci++) {
        size_t i = screen ? s->sigs[ci].line : ci;
        if (d->lines[i].removed)
            continue;
        size_t off = s->keys.len, key_len;
        int built = screen && s->sigs[ci].key_off != SIZE_MAX;
        if (built) {
            off = s->sigs[ci].key_off;
            key_len = s->sigs[ci].key_len;
        } else {
            WN_TRY(key_append(&s->keys, d->body.data + d->lines[i].off, d->lines[i].len));
            key_len = s->keys.len - off;
        }
        const char *key = s->keys.data + off;
        if (title_key && title_key->len && key_len == title_key->len && !memcmp(key, title_key->data, key_len)) {
            d->lines[i].removed = "title"; /* the title again: not a paragraph */
            if (!built)
                s->keys.len = off;
            continue;
        }
        para p = {.line = i, .key_off = off, .key_len = key_len, .word_off = SIZE_MAX};
        p.hash = XXH3_64bits(key, key_len);
        p.nwords = key_words(key, key_len);
        if (screen) {
            p.head = s->sigs[ci].head;
            p.tail = s->sigs[ci].tail;
        } else if (near_ratio > 0 && p.nwords >= MIN_NEAR_WORDS) {
            tags_of(key, key_len, &p.head, &p.tail);
        }
        WN_TRY(push_para(s, p));
    }
    /* 2. exact and near repeats, in order; each kept paragraph is indexed
     * under its full hash and, when long enough, its first/last words. */
    WN_TRY(table_reset(s, s->nparas * 3 + 1));
    for (size_t pi = 0; pi < s->nparas; pi++) {
        para *p = &s->paras[pi];
        const char *pk = s->keys.data + p->key_off;
        const char *reason = NULL;
        size_t m = s->slots - 1;
        uint64_t tag_full = p->hash;
        for (size_t i = (size_t)tag_full & m; s->slot_para[i]; i = (i + 1) & m) {
            para *q = &s->paras[s->slot_para[i] - 1];
            if (s->slot_hash[i] == tag_full && q->key_len == p->key_len &&
                memcmp(s->keys.data + q->key_off, pk, p->key_len) == 0) {
                reason = "duplicate-paragraph";
                break;
            }
        }
        int near_ok = near_ratio > 0 && p->nwords >= MIN_NEAR_WORDS;
        if (!reason && near_ok) {
            uint64_t tags[2] = {p->head, p->tail};
            for (int t = 0; t < 2 && !reason; t++)
                for (size_t i = (size_t)tags[t] & m; s->slot_para[i] && !reason; i = (i + 1) & m) {
                    if (s->slot_hash[i] != tags[t])
                        continue;
                    para *q = &s->paras[s->slot_para[i] - 1];
                    size_t longer = q->nwords > p->nwords ? q->nwords : p->nwords;
                    size_t bound = (size_t)(near_ratio * (double)longer);
                    if (bound < 1)
                        bound = 1;
                    WN_TRY(para_words(s, q));
                    WN_TRY(para_words(s, p));
                    if (wn_word_edit_distance(s->words + q->word_off, q->nwords, s->words + p->word_off,
                                              p->nwords, bound) <= bound)
                        reason = "near-duplicate-paragraph";
                }
        }
        if (reason) {
            d->lines[p->line].removed = reason;
            continue;
        }
        table_put(s, tag_full, pi);
        if (near_ok) {
            table_put(s, p->head, pi);
            table_put(s, p->tail, pi);
        }
    }
    return WN_OK;
}

wn_status wn_repeats_mark(wn_doc *d, const wn_buf *title_key, double near_ratio, wn_repeats_scratch *s)
{
    return mark(d, title_key, near_ratio, s, 1);
}

wn_status wn_repeats_mark_unscreened(wn_doc *d, const wn_buf *title_key, double near_ratio, wn_repeats_scratch *s)
{
    return mark(d, title_key, near_ratio, s, 0);
}
