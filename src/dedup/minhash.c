/* minhash.c: shingles, MinHash signatures, LSH band keys, exact Jaccard,
 * MT19937 (numpy legacy), SHA-1.
 *
 * Two hashing schemes:
 *  - winnow (default): shingle = XXH3-64 of the n-gram string; slot i value
 *    = fmix32(fold32(h) ^ seed_i), a bijection of 32 bits per slot, so the
 *    inner loop is 32-bit multiplies and shifts that vectorise (AVX-512 /
 *    AVX2 clones chosen at run time by the loader, scalar fallback; all
 *    integer, so identical results on every path).
 *  - datatrove: shingle = xxhash64 (seed 0) or SHA-1 (first 8 bytes, little
 *    endian) of the n-gram string; slot i value = (a_i*h + b_i mod 2^64)
 *    mod (2^61 - 1), a_i, b_i drawn from numpy RandomState(seed).randint. */
#include "dedup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "common/clones.h"
#include "common/utf8.h"

#define MERSENNE61 ((UINT64_C(1) << 61) - 1)

struct wn_minhasher {
    wn_dedup_params p;
    size_t k;                 /* bands * rows */
    uint32_t *seed32;         /* winnow: per-slot seeds */
    uint64_t *a, *b;          /* datatrove: per-slot parameters */
};

struct wn_mh_scratch {
    wn_buf simple;
    wn_buf join;
    size_t *tok_off, *tok_len;
    size_t ntok, tok_cap;
    uint64_t *sh, *tmp;
    size_t nsh, sh_cap;
    uint64_t *mins;
    size_t mins_cap;
};

void wn_dedup_params_default(wn_dedup_params *p)
{
    *p = (wn_dedup_params){.mode = WN_DEDUP_NEAR, .scheme = WN_SCHEME_WINNOW, .ngram = 5,
                           .bands = 20, .rows = 7, .threshold = 0.8, .verify = 1, .seed = 1,
                           .keep = WN_KEEP_FIRST, .max_cluster = 0};
}

void wn_dedup_params_fineweb(wn_dedup_params *p)
{
    wn_dedup_params_default(p);
    p->scheme = WN_SCHEME_DT_XXH64;
    p->bands = 14;
    p->rows = 8;
    p->verify = 0;
}

void wn_dedup_params_key(const wn_dedup_params *p, char *out, size_t size)
{
    static const char *modes[] = {"none", "exact", "near"};
    static const char *schemes[] = {"winnow", "xxh64", "sha1"};
    if (p->mode != WN_DEDUP_NEAR)
        snprintf(out, size, "%s", modes[p->mode]);
    else
        snprintf(out, size, "near/%s/%u/%ux%u/%.4g/v%d/s%u", schemes[p->scheme], p->ngram, p->bands,
                 p->rows, p->threshold, p->verify, (unsigned)p->seed);
}

uint64_t wn_dedup_hash64(const char *s, size_t n)
{
    return XXH3_64bits(s, n);
}

/* ---- MT19937, numpy legacy ------------------------------------------ */
void wn_mt_seed(wn_mt *m, uint32_t seed)
{
    m->mt[0] = seed;
    for (int i = 1; i < 624; i++)
        m->mt[i] = 1812433253u * (m->mt[i - 1] ^ (m->mt[i - 1] >> 30)) + (uint32_t)i;
    m->pos = 624;
}

uint32_t wn_mt_next32(wn_mt *m)
{
    if (m->pos >= 624) {
        for (int i = 0; i < 624; i++) {
            uint32_t y = (m->mt[i] & 0x80000000u) | (m->mt[(i + 1) % 624] & 0x7fffffffu);
            m->mt[i] = m->mt[(i + 397) % 624] ^ (y >> 1) ^ ((y & 1) ? 0x9908b0dfu : 0);
        }
        m->pos = 0;
    }
    uint32_t y = m->mt[m->pos++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

uint64_t wn_mt_randint_u64(wn_mt *m, uint64_t low, uint64_t high)
{
    uint64_t rng = high - low - 1;
    if (rng == 0)
        return low;
    uint64_t mask = rng;
    mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4;
    mask |= mask >> 8; mask |= mask >> 16; mask |= mask >> 32;
    uint64_t v;
    if (rng <= 0xffffffffu) {
        do
            v = wn_mt_next32(m) & mask;
        while (v > rng);
    } else {
        do {
            uint64_t hi = wn_mt_next32(m);
            v = ((hi << 32) | wn_mt_next32(m)) & mask;
        } while (v > rng);
    }
    return low + v;
}

/* ---- SHA-1 (FIPS 180-4) ----------------------------------------------- */
static uint32_t rol(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

static void sha1_block(uint32_t h[5], const unsigned char *p)
{
    uint32_t w[80];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
        else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
        else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
        else { f = b ^ c ^ d; k = 0xCA62C1D6; }
        uint32_t t = rol(a, 5) + f + e + k + w[i];
        e = d; d = c; c = rol(b, 30); b = a; a = t;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
}

void wn_sha1(const void *data, size_t n, unsigned char out[20])
{
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    const unsigned char *p = data;
    size_t i = 0;
    for (; i + 64 <= n; i += 64)
        sha1_block(h, p + i);
    unsigned char last[128] = {0};
    size_t r = n - i;
    if (r)
        memcpy(last, p + i, r);
    last[r] = 0x80;
    size_t tot = r + 1 + 8 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)n * 8;
    for (int j = 0; j < 8; j++)
        last[tot - 1 - j] = (unsigned char)(bits >> (8 * j));
    sha1_block(h, last);
    if (tot == 128)
        sha1_block(h, last + 64);
    for (int j = 0; j < 5; j++) {
        out[4 * j] = (unsigned char)(h[j] >> 24);
        out[4 * j + 1] = (unsigned char)(h[j] >> 16);
        out[4 * j + 2] = (unsigned char)(h[j] >> 8);
        out[4 * j + 3] = (unsigned char)h[j];
    }
}

uint64_t wn_sha1_64(const void *data, size_t n)
{
    unsigned char d[20];
    wn_sha1(data, n, d);
    uint64_t v = 0;
    for (int j = 7; j >= 0; j--)
        v = v << 8 | d[j];
    return v;
}

/* ---- the hasher --------------------------------------------------------- */
wn_status wn_minhasher_new(const wn_dedup_params *p, wn_minhasher **out)
{
    *out = NULL;
    if (p->mode == WN_DEDUP_NEAR && (p->ngram < 1 || p->bands < 1 || p->rows < 1 || p->bands * p->rows > 4096))
        return WN_ERR_ARG;
    wn_minhasher *m = calloc(1, sizeof *m);
    if (!m)
        return WN_ERR_NOMEM;
    m->p = *p;
    m->k = (size_t)p->bands * p->rows;
    if (p->mode == WN_DEDUP_NEAR) {
        wn_mt mt;
        wn_mt_seed(&mt, p->seed);
        if (p->scheme == WN_SCHEME_WINNOW) {
            m->seed32 = malloc(m->k * sizeof *m->seed32);
            if (!m->seed32)
                goto nomem;
            for (size_t i = 0; i < m->k; i++)
                m->seed32[i] = wn_mt_next32(&mt);
        } else {
            m->a = malloc(m->k * sizeof *m->a);
            m->b = malloc(m->k * sizeof *m->b);
            if (!m->a || !m->b)
                goto nomem;
            for (size_t i = 0; i < m->k; i++) {
                m->a[i] = wn_mt_randint_u64(&mt, 1, MERSENNE61);
                m->b[i] = wn_mt_randint_u64(&mt, 0, MERSENNE61);
            }
        }
    }
    *out = m;
    return WN_OK;
nomem:
    wn_minhasher_free(m);
    return WN_ERR_NOMEM;
}

void wn_minhasher_free(wn_minhasher *m)
{
    if (!m)
        return;
    free(m->seed32);
    free(m->a);
    free(m->b);
    free(m);
}

void wn_minhasher_dt_params(const wn_minhasher *m, size_t i, uint64_t *a, uint64_t *b)
{
    *a = m->a ? m->a[i] : 0;
    *b = m->b ? m->b[i] : 0;
}

wn_mh_scratch *wn_mh_scratch_new(void)
{
    return calloc(1, sizeof(wn_mh_scratch));
}

void wn_mh_scratch_free(wn_mh_scratch *s)
{
    if (!s)
        return;
    wn_buf_free(&s->simple);
    wn_buf_free(&s->join);
    free(s->tok_off);
    free(s->tok_len);
    free(s->sh);
    free(s->tmp);
    free(s->mins);
    free(s);
}

/* Doubles two arrays that share one capacity (from 1,024 items). */
static wn_status grow_pair(void **a, size_t size_a, void **b, size_t size_b, size_t *cap)
{
    size_t c = *cap ? *cap * 2 : 1024;
    void *p = realloc(*a, c * size_a);
    if (!p)
        return WN_ERR_NOMEM;
    *a = p;
    if (!(p = realloc(*b, c * size_b)))
        return WN_ERR_NOMEM;
    *b = p;
    *cap = c;
    return WN_OK;
}

static wn_status sh_push(wn_mh_scratch *s, uint64_t h)
{
    if (s->nsh == s->sh_cap)
        WN_TRY(grow_pair((void **)&s->sh, sizeof *s->sh, (void **)&s->tmp, sizeof *s->tmp, &s->sh_cap));
    s->sh[s->nsh++] = h;
    return WN_OK;
}

static uint64_t hash_str(const wn_minhasher *m, const char *s, size_t n)
{
    switch (m->p.scheme) {
    case WN_SCHEME_DT_XXH64: return XXH64(s, n, 0);
    case WN_SCHEME_DT_SHA1: return wn_sha1_64(s, n);
    default: return XXH3_64bits(s, n);
    }
}

static wn_status tok_push(wn_mh_scratch *s, size_t st, size_t len)
{
    if (s->ntok == s->tok_cap)
        WN_TRY(grow_pair((void **)&s->tok_off, sizeof *s->tok_off, (void **)&s->tok_len, sizeof *s->tok_len,
                         &s->tok_cap));
    s->tok_off[s->ntok] = st;
    s->tok_len[s->ntok++] = len;
    return WN_OK;
}

/* Tokens = maximal runs of non-spaces of t[0..n).  Finds the spaces 8 bytes
 * at a time (a space is a zero byte of w ^ 0x20...20; the exact zero-byte
 * mask has 0x80 in those bytes and nowhere else).  Returns through *gaps
 * whether some two tokens are separated by more than one space. */
static wn_status tokenize(wn_mh_scratch *s, const char *t, size_t n, int *gaps)
{
    size_t next = 0;   /* where the current token starts */
    size_t i = 0;
    int wide = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones7 = UINT64_C(0x7F7F7F7F7F7F7F7F), sp = UINT64_C(0x2020202020202020);
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, t + i, 8);
        uint64_t x = w ^ sp;
        uint64_t m = ~(((x & ones7) + ones7) | x | ones7);
        while (m) {
            size_t p = i + ((size_t)__builtin_ctzll(m) >> 3);
            m &= m - 1;
            if (p > next)
                WN_TRY(tok_push(s, next, p - next));
            else if (p)
                wide = 1;
            next = p + 1;
        }
    }
#endif
    for (; i < n; i++) {
        if (t[i] != ' ')
            continue;
        if (i > next)
            WN_TRY(tok_push(s, next, i - next));
        else if (i)
            wide = 1;
        next = i + 1;
    }
    if (n > next)
        WN_TRY(tok_push(s, next, n - next));
    *gaps = wide;
    return WN_OK;
}

wn_status wn_shingles(const wn_minhasher *m, wn_mh_scratch *s, const char *t, size_t n,
                      const uint64_t **out, size_t *count)
{
    s->ntok = 0;
    s->nsh = 0;
    int wide = 0;
    WN_TRY(tokenize(s, t, n, &wide));
    size_t g = m->p.ngram;
    size_t nt = s->ntok;
    if (nt > 0 && nt < g && m->p.scheme == WN_SCHEME_WINNOW)
        g = nt;   /* a short document is one shingle of all its words */
    if (nt >= g && s->sh_cap < nt - g + 1) {
        size_t cap = s->sh_cap ? s->sh_cap : 1024;
        while (cap < nt - g + 1)
            cap *= 2;
        uint64_t *p = realloc(s->sh, cap * sizeof *p);
        if (!p)
            return WN_ERR_NOMEM;
        s->sh = p;
        p = realloc(s->tmp, cap * sizeof *p);
        if (!p)
            return WN_ERR_NOMEM;
        s->tmp = p;
        s->sh_cap = cap;
    }
    if (!wide && m->p.scheme == WN_SCHEME_WINNOW) {
        /* every n-gram string is a piece of t: one space between tokens */
        for (size_t i = 0; nt >= g && i + g <= nt; i++) {
            size_t a = s->tok_off[i], e = s->tok_off[i + g - 1] + s->tok_len[i + g - 1];
            s->sh[s->nsh++] = XXH3_64bits(t + a, e - a);
        }
        *out = s->sh;
        *count = s->nsh;
        return WN_OK;
    }
    for (size_t i = 0; nt >= g && i + g <= nt; i++) {
        size_t a = s->tok_off[i], e = s->tok_off[i + g - 1] + s->tok_len[i + g - 1];
        size_t sum = 0;
        for (size_t j = i; j < i + g; j++)
            sum += s->tok_len[j];
        uint64_t h;
        if (e - a == sum + g - 1) {
            h = hash_str(m, t + a, e - a);
        } else {   /* tokens separated by more than one space: join them */
            wn_buf_clear(&s->join);
            for (size_t j = i; j < i + g; j++) {
                if (j > i)
                    WN_TRY(wn_buf_putc(&s->join, ' '));
                WN_TRY(wn_buf_append(&s->join, t + s->tok_off[j], s->tok_len[j]));
            }
            h = hash_str(m, s->join.data, s->join.len);
        }
        WN_TRY(sh_push(s, h));
    }
    *out = s->sh;
    *count = s->nsh;
    return WN_OK;
}

/* LSD radix sort of v[0..n) (8 bits per pass, skipping passes where all
 * keys agree); tmp holds n words.  The result is in v. */
static void lsd_sort(uint64_t *v, size_t n, uint64_t *tmp)
{
    uint64_t *src = v, *dst = tmp;
    for (int pass = 0; pass < 8; pass++) {
        size_t cnt[256] = {0};
        int sh = pass * 8;
        for (size_t i = 0; i < n; i++)
            cnt[(src[i] >> sh) & 255]++;
        if (cnt[(src[0] >> sh) & 255] == n)
            continue;
        size_t sum = 0;
        for (int b = 0; b < 256; b++) {
            size_t c = cnt[b];
            cnt[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[cnt[(src[i] >> sh) & 255]++] = src[i];
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != v)
        memcpy(v, src, n * sizeof *v);
}

static void insertion_sort(uint64_t *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint64_t x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* Shingle hashes are uniform, so one scatter by the top B bits (about one
 * key a bucket) and an insertion sort of each bucket sorts them; a bucket
 * that is not small (repeated or non-uniform keys) is radix-sorted. */
#define MSD_MAX_BITS 12
#define BUCKET_SMALL 32
size_t wn_sort_unique_u64(uint64_t *v, size_t n, uint64_t *tmp)
{
    if (n < 2)
        return n;
    if (n < 48) {
        insertion_sort(v, n);
    } else if (n > ((size_t)8 << MSD_MAX_BITS)) {
        lsd_sort(v, n, tmp);
    } else {
        unsigned bits = 1;   /* about two keys a bucket: few empty buckets to walk */
        while (bits < MSD_MAX_BITS && ((size_t)2 << bits) < n)
            bits++;
        int sh = 64 - (int)bits;
        size_t nb = (size_t)1 << bits;
        uint32_t cnt[(1 << MSD_MAX_BITS) + 1];
        memset(cnt, 0, (nb + 1) * sizeof cnt[0]);
        for (size_t i = 0; i < n; i++)
            cnt[(v[i] >> sh) + 1]++;
        for (size_t b = 1; b <= nb; b++)
            cnt[b] += cnt[b - 1];
        /* cnt[b] = start of bucket b; scatter moves it to the end */
        for (size_t i = 0; i < n; i++)
            tmp[cnt[v[i] >> sh]++] = v[i];
        /* now cnt[b] = end of bucket b = start of b + 1 */
        size_t k = 0, start = 0;
        for (size_t b = 0; b < nb; b++) {
            size_t end = cnt[b], m = end - start;
            if (!m)
                continue;
            uint64_t *bk = tmp + start;
            if (m > BUCKET_SMALL)
                lsd_sort(bk, m, v + start);   /* v[start..end) is not written yet: k <= start */
            else
                insertion_sort(bk, m);
            for (size_t i = 0; i < m; i++) {
                v[k] = bk[i];
                k += !k || bk[i] != v[k - 1];
            }
            start = end;
        }
        return k;
    }
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (v[i] != v[k - 1])
            v[k++] = v[i];
    return k;
}

double wn_jaccard(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    if (!na && !nb)
        return 1.0;
    size_t i = 0, j = 0, inter = 0;
    while (i < na && j < nb) {
        if (a[i] < b[j])
            i++;
        else if (a[i] > b[j])
            j++;
        else {
            inter++;
            i++;
            j++;
        }
    }
    return (double)inter / (double)(na + nb - inter);
}

/* ---- MinHash ------------------------------------------------------------ */

/* Slots in tiles of 32 (16 for a last part of at most 16 slots: 140 slots
 * are 4 x 32 + 16) so that a tile's minima stay in registers while every
 * shingle streams past.  Each slot's value is murmur3's fmix32 of the
 * shingle's folded hash xor the slot's seed; fmix32's first step
 * h ^= h >> 16 is linear over xor, so for h = f ^ sd it is
 * (f ^ f >> 16) ^ (sd ^ sd >> 16): done once per shingle and once per slot,
 * outside the inner loop (same values, two operations fewer). */
#define MINS_TILE(T)                                                     \
    do {                                                                 \
        uint32_t m[T], sd[T];                                            \
        for (size_t i = 0; i < (T); i++) {                               \
            m[i] = UINT32_MAX;                                           \
            sd[i] = i < w ? seed[i0 + i] : 0;                            \
            sd[i] ^= sd[i] >> 16;                                        \
        }                                                                \
        for (size_t j = 0; j < n; j++) {                                 \
            uint32_t f = (uint32_t)(sh[j] ^ (sh[j] >> 32));              \
            f ^= f >> 16;                                                \
            for (size_t i = 0; i < (T); i++) {                           \
                uint32_t v = (f ^ sd[i]) * 0x85ebca6bu;                  \
                v ^= v >> 13;                                            \
                v *= 0xc2b2ae35u;                                        \
                v ^= v >> 16;                                            \
                m[i] = v < m[i] ? v : m[i];                              \
            }                                                            \
        }                                                                \
        for (size_t i = 0; i < w; i++)                                   \
            mins[i0 + i] = m[i];                                         \
    } while (0)

WN_CLONES("avx512f", "avx2", "default")
static void mins_winnow(const uint32_t *restrict seed, size_t k, const uint64_t *sh, size_t n,
                        uint32_t *restrict mins)
{
    for (size_t i0 = 0; i0 < k; i0 += 32) {
        size_t w = k - i0 < 32 ? k - i0 : 32;
        if (w <= 16)
            MINS_TILE(16);
        else
            MINS_TILE(32);
    }
}

static void mins_dt(const uint64_t *a, const uint64_t *b, size_t k, const uint64_t *sh, size_t n,
                    uint64_t *mins)
{
    for (size_t i = 0; i < k; i++)
        mins[i] = UINT64_MAX;
    for (size_t j = 0; j < n; j++) {
        uint64_t x = sh[j];
        for (size_t i = 0; i < k; i++) {
            uint64_t y = x * a[i] + b[i];      /* wraps at 2^64, as numpy uint64 */
            y = (y & MERSENNE61) + (y >> 61);
            if (y >= MERSENNE61)
                y -= MERSENNE61;
            mins[i] = y < mins[i] ? y : mins[i];
        }
    }
}

void wn_minhash_values(const wn_minhasher *m, const uint64_t *sh, size_t n, uint64_t *mins)
{
    if (m->p.scheme == WN_SCHEME_WINNOW) {
        uint32_t tmp[4096];
        mins_winnow(m->seed32, m->k, sh, n, tmp);
        for (size_t i = 0; i < m->k; i++)
            mins[i] = tmp[i];
    } else {
        mins_dt(m->a, m->b, m->k, sh, n, mins);
    }
}

wn_status wn_minhasher_sign(const wn_minhasher *m, wn_mh_scratch *s, const char *text, size_t n,
                            int64_t date, wn_dsig **out)
{
    *out = NULL;
    wn_buf_clear(&s->simple);
    WN_TRY(wn_dedup_simplify(text, n, &s->simple));
    const char *t = s->simple.len ? s->simple.data : "";
    size_t tn = s->simple.len;
    size_t nsh = 0, nb = 0;
    const uint64_t *sh = NULL;
    if (m->p.mode == WN_DEDUP_NEAR && tn) {
        WN_TRY(wn_shingles(m, s, t, tn, &sh, &nsh));
        nsh = wn_sort_unique_u64(s->sh, nsh, s->tmp);
        if (nsh)
            nb = m->p.bands;
    }
    size_t keep_sh = m->p.verify ? nsh : 0;
    wn_dsig *d = malloc(sizeof *d + (nb + keep_sh) * sizeof(uint64_t));
    if (!d)
        return WN_ERR_NOMEM;
    XXH128_hash_t x = XXH3_128bits(t, tn);
    d->exact[0] = x.low64;
    d->exact[1] = x.high64;
    d->length = wn_utf8_count(text, n);
    d->date = date;
    d->empty = tn == 0;
    d->nbands = (uint32_t)nb;
    d->nsh = (uint32_t)keep_sh;
    d->bandkeys = (uint64_t *)(d + 1);
    d->sh = d->bandkeys + nb;
    if (nb) {
        if (s->mins_cap < m->k) {
            uint64_t *p = realloc(s->mins, m->k * sizeof *p);
            if (!p) {
                free(d);
                return WN_ERR_NOMEM;
            }
            s->mins = p;
            s->mins_cap = m->k;
        }
        wn_minhash_values(m, s->sh, nsh, s->mins);
        for (size_t b = 0; b < nb; b++)
            d->bandkeys[b] = XXH3_64bits_withSeed(s->mins + b * m->p.rows, m->p.rows * sizeof(uint64_t), b + 1);
        if (keep_sh)
            memcpy(d->sh, s->sh, keep_sh * sizeof(uint64_t));
    }
    *out = d;
    return WN_OK;
}
