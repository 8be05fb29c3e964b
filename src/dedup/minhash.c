/* minhash.c: shingles, MinHash signatures, LSH band keys, exact Jaccard,
 * MT19937 (numpy legacy), SHA-1.
 *
 * Two hashing schemes:
 *  - winnow (default; "winnow2" in an index's parameters): each token
 *    (word) of the simplified text is hashed once (word_hash below), a
 *    shingle's hash is a polynomial of its n word hashes, finished by
 *    fmix64 (shingle_hash), so no n-gram string is hashed; the sketch is
 *    one-permutation hashing with optimal densification (Shrivastava,
 *    "Optimal Densification for Fast and Accurate Minwise Hashing", ICML
 *    2017): the K = bands x rows values are K bins of ONE hash, a shingle
 *    h falls in bin (h >> 32) * K >> 32 with value (uint32_t)h, each bin
 *    keeps its minimum, and an empty bin i takes the value of the first
 *    non-empty bin of its own fixed pseudo-random probe sequence
 *    j(i, 1), j(i, 2), ... .  For two sets, a bin's values agree with
 *    probability J (their Jaccard), as for K independent permutations, at
 *    O(1) per shingle instead of O(K).  Verification (exact Jaccard) makes
 *    the sketch only a candidate generator.
 *    (Until issue 5's g10 branch: XXH3-64 of each n-gram string and K
 *    permutations fmix32(fold32(h) ^ seed_i); indexes made with it are
 *    refused by their parameter key "winnow".)
 *  - datatrove: shingle = xxhash64 (seed 0) or SHA-1 (first 8 bytes, little
 *    endian) of the n-gram string; slot i value = (a_i*h + b_i mod 2^64)
 *    mod (2^61 - 1), a_i, b_i drawn from numpy RandomState(seed).randint. */
#include "dedup.h"
#include "mix.h"
#include "wordhash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "common/utf8.h"

#define MERSENNE61 ((UINT64_C(1) << 61) - 1)

struct wn_minhasher {
    wn_dedup_params p;
    size_t k;                 /* bands * rows */
    uint64_t seed64;          /* winnow: start of every shingle polynomial, probe seed */
    uint64_t *a, *b;          /* datatrove: per-slot parameters */
};

struct wn_mh_scratch {
    wn_buf simple;
    wn_buf join;
    size_t *tok_off, *tok_len;
    uint64_t *wh;             /* winnow: one hash per token */
    size_t wh_cap;
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
    static const char *schemes[] = {"winnow2", "xxh64", "sha1"};
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
            uint64_t hi = wn_mt_next32(&mt);
            m->seed64 = hi << 32 | wn_mt_next32(&mt);
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
    free(s->wh);
    free(s->sh);
    free(s->tmp);
    free(s->mins);
    free(s);
}

static wn_status sh_push(wn_mh_scratch *s, uint64_t h)
{
    if (s->nsh == s->sh_cap)
        WN_TRY(wn_grow_pair(&s->sh, sizeof *s->sh, &s->tmp, sizeof *s->tmp, &s->sh_cap, s->nsh + 1));
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
        WN_TRY(wn_grow_pair(&s->tok_off, sizeof *s->tok_off, &s->tok_len, sizeof *s->tok_len, &s->tok_cap,
                            s->ntok + 1));
    s->tok_off[s->ntok] = st;
    s->tok_len[s->ntok++] = len;
    return WN_OK;
}

/* Tokens = maximal runs of non-spaces of t[0..n).  Finds the spaces 8 bytes
 * at a time (a space is a zero byte of w ^ 0x20...20; the exact zero-byte
 * mask has 0x80 in those bytes and nowhere else). */
static wn_status tokenize(wn_mh_scratch *s, const char *t, size_t n)
{
    size_t next = 0;   /* where the current token starts */
    size_t i = 0;
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
            next = p + 1;
        }
    }
#endif
    for (; i < n; i++) {
        if (t[i] != ' ')
            continue;
        if (i > next)
            WN_TRY(tok_push(s, next, i - next));
        next = i + 1;
    }
    if (n > next)
        WN_TRY(tok_push(s, next, n - next));
    return WN_OK;
}

/* ---- winnow scheme: word hashes, shingle polynomial ------------------- */

/* A shingle of g tokens with word hashes w[0..g): the polynomial
 * h = ((seed ^ g) + w0) * WK1 ... (+ w_{g-1}) * WK1 mod 2^64, then fmix64. */
static inline uint64_t shingle_hash(uint64_t seed, const uint64_t *w, size_t g)
{
    uint64_t h = seed ^ g;
    for (size_t j = 0; j < g; j++)
        h = (h + w[j]) * WK1;
    return wn_fmix64(h);
}

uint64_t wn_dedup_word_hash(const char *p, size_t len)
{
    unsigned char b[64];
    if (len + 8 <= sizeof b) {
        memset(b, 0, sizeof b);
        memcpy(b, p, len);
        return word_hash(b, len);
    }
    unsigned char *c = calloc(len + 8, 1);
    if (!c)
        return 0;
    memcpy(c, p, len);
    uint64_t h = word_hash(c, len);
    free(c);
    return h;
}

uint64_t wn_dedup_shingle_hash(const wn_minhasher *m, const uint64_t *w, size_t g)
{
    return shingle_hash(m->seed64, w, g);
}

static void shingles_from_words(const wn_minhasher *m, wn_mh_scratch *s, size_t nt, size_t g);

/* Shingles of the winnow scheme from the tokens of t (nt >= g >= 1). */
static wn_status winnow_shingles(const wn_minhasher *m, wn_mh_scratch *s, const char *t, size_t n, size_t g)
{
    size_t nt = s->ntok;
    WN_TRY(wn_grow_to(&s->wh, &s->wh_cap, nt, sizeof *s->wh));
    /* word_hash reads up to 7 bytes past a token: the simplified text of
     * wn_minhasher_sign has 8 zero bytes after it; other text is copied */
    const unsigned char *u = (const unsigned char *)t;
    if (t != s->simple.data || s->simple.cap < n + 8) {
        wn_buf_clear(&s->join);
        WN_TRY(wn_buf_reserve(&s->join, n + 8));
        if (n)
            memcpy(s->join.data, t, n);
        memset(s->join.data + n, 0, 8);
        u = (const unsigned char *)s->join.data;
    }
    for (size_t i = 0; i < nt; i++)
        s->wh[i] = word_hash(u + s->tok_off[i], s->tok_len[i]);
    shingles_from_words(m, s, nt, g);
    return WN_OK;
}

/* s->sh holds at least k hashes (and s->tmp as many). */
static wn_status sh_room(wn_mh_scratch *s, size_t k)
{
    return wn_grow_pair(&s->sh, sizeof *s->sh, &s->tmp, sizeof *s->tmp, &s->sh_cap, k);
}

/* The shingles of nt >= g word hashes s->wh (s->sh has room). */
static void shingles_from_words(const wn_minhasher *m, wn_mh_scratch *s, size_t nt, size_t g)
{
    uint64_t seed = m->seed64;
    const uint64_t *w = s->wh;
    size_t k = nt - g + 1;
    uint64_t *sh = s->sh;
    if (g == 5) {
        for (size_t i = 0; i < k; i++) {
            uint64_t h = seed ^ 5;
            h = (h + w[i]) * WK1;
            h = (h + w[i + 1]) * WK1;
            h = (h + w[i + 2]) * WK1;
            h = (h + w[i + 3]) * WK1;
            h = (h + w[i + 4]) * WK1;
            sh[i] = wn_fmix64(h);
        }
    } else {
        for (size_t i = 0; i < k; i++)
            sh[i] = shingle_hash(seed, w + i, g);
    }
    s->nsh = k;
}

wn_status wn_shingles(const wn_minhasher *m, wn_mh_scratch *s, const char *t, size_t n,
                      const uint64_t **out, size_t *count)
{
    s->ntok = 0;
    s->nsh = 0;
    WN_TRY(tokenize(s, t, n));
    size_t g = m->p.ngram;
    size_t nt = s->ntok;
    if (nt > 0 && nt < g && m->p.scheme == WN_SCHEME_WINNOW)
        g = nt;   /* a short document is one shingle of all its words */
    if (nt >= g)
        WN_TRY(sh_room(s, nt - g + 1));
    if (m->p.scheme == WN_SCHEME_WINNOW) {
        if (nt >= g)
            WN_TRY(winnow_shingles(m, s, t, n, g));
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

wn_status wn_jaccard_any(wn_jset *t, const uint64_t *a, size_t na, const uint64_t *b, size_t nb, double *j)
{
    if (!na && !nb) {
        *j = 1.0;
        return WN_OK;
    }
    size_t need = 16;
    while (need < 2 * (na + nb))
        need *= 2;
    WN_TRY(wn_grow_pair(&t->key, sizeof *t->key, &t->tag, sizeof *t->tag, &t->cap, need));
    memset(t->tag, 0, need);
    int bits = __builtin_ctzll(need);
    size_t mask = need - 1, ua = 0, ub = 0, inter = 0;
    /* tag 1: in a; 2: in b only; 3: in both */
    for (size_t i = 0; i < na; i++) {
        uint64_t x = a[i];
        size_t q = (size_t)((x * WK1) >> (64 - bits));
        while (t->tag[q] && t->key[q] != x)
            q = (q + 1) & mask;
        if (!t->tag[q]) {
            t->tag[q] = 1;
            t->key[q] = x;
            ua++;
        }
    }
    for (size_t i = 0; i < nb; i++) {
        uint64_t x = b[i];
        size_t q = (size_t)((x * WK1) >> (64 - bits));
        while (t->tag[q] && t->key[q] != x)
            q = (q + 1) & mask;
        if (!t->tag[q]) {
            t->tag[q] = 2;
            t->key[q] = x;
            ub++;
        } else if (t->tag[q] == 1) {
            t->tag[q] = 3;
            ub++;
            inter++;
        }
    }
    *j = (double)inter / (double)(ua + ub - inter);
    return WN_OK;
}

void wn_jset_free(wn_jset *t)
{
    free(t->key);
    free(t->tag);
    t->key = NULL;
    t->tag = NULL;
    t->cap = 0;
}

/* ---- MinHash ------------------------------------------------------------ */

/* One-permutation hashing with optimal densification (see the top of the
 * file).  mins[0..k) get 32-bit values. */
static inline uint64_t probe_mix(uint64_t seed, uint64_t i, uint64_t a)
{
    return wn_fmix64(seed ^ (i * WK1) ^ (a * WK2));
}

/* The bin of a shingle hash among k. */
static inline size_t oph_bin(uint64_t h, size_t k)
{
    return (size_t)(((h >> 32) * (uint64_t)k) >> 32);
}

static void mins_oph(uint64_t seed, size_t k, const uint64_t *sh, size_t n, uint32_t *mins)
{
    uint32_t v[4096];
    uint8_t full[4096];
    for (size_t i = 0; i < k; i++) {
        v[i] = UINT32_MAX;
        full[i] = 0;
    }
    for (size_t j = 0; j < n; j++) {
        uint64_t h = sh[j];
        size_t b = oph_bin(h, k);
        uint32_t x = (uint32_t)h;
        v[b] = x < v[b] ? x : v[b];
        full[b] = 1;
    }
    for (size_t i = 0; i < k; i++) {
        if (full[i]) {
            mins[i] = v[i];
            continue;
        }
        mins[i] = UINT32_MAX;   /* n == 0: every bin empty */
        if (!n)
            continue;
        size_t a = 1;
        for (; a <= 64; a++) {
            size_t b = oph_bin(probe_mix(seed, i, a), k);
            if (full[b]) {
                mins[i] = v[b];
                break;
            }
        }
        if (a > 64)   /* ~never for k bins with one full (p <= (1 - 1/k)^64): the next full bin */
            for (size_t q = 1; q < k; q++)
                if (full[(i + q) % k]) {
                    mins[i] = v[(i + q) % k];
                    break;
                }
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
        mins_oph(m->seed64, m->k, sh, n, tmp);
        for (size_t i = 0; i < m->k; i++)
            mins[i] = tmp[i];
    } else {
        mins_dt(m->a, m->b, m->k, sh, n, mins);
    }
}

static wn_status sign(const wn_minhasher *m, wn_mh_scratch *s, const char *text, size_t n, int64_t date,
                      int sorted, wn_dsig **out)
{
    *out = NULL;
    wn_buf_clear(&s->simple);
    int words = 0;   /* the fused pass made the word hashes */
    size_t nw = 0;
    if (m->p.mode == WN_DEDUP_NEAR && m->p.scheme == WN_SCHEME_WINNOW)
        WN_TRY(wn_dedup_simplify_words(text, n, &s->simple, &s->wh, &nw, &s->wh_cap, &words));
    else
        WN_TRY(wn_dedup_simplify(text, n, &s->simple));
    /* 8 zero bytes after the text: word_hash reads past a token's end */
    WN_TRY(wn_buf_reserve(&s->simple, 8));
    memset(s->simple.data + s->simple.len, 0, 8);
    const char *t = s->simple.len ? s->simple.data : "";
    size_t tn = s->simple.len;
    size_t nsh = 0, nb = 0;
    const uint64_t *sh = NULL;
    if (m->p.mode == WN_DEDUP_NEAR && tn && words) {
        size_t g = nw < m->p.ngram ? nw : m->p.ngram;   /* a short document: one shingle of all its words */
        s->nsh = 0;
        if (nw) {
            WN_TRY(sh_room(s, nw - g + 1));
            shingles_from_words(m, s, nw, g);
        }
        sh = s->sh;
        nsh = s->nsh;
        if (sorted)
            nsh = wn_sort_unique_u64(s->sh, nsh, s->tmp);
        if (nsh)
            nb = m->p.bands;
    } else if (m->p.mode == WN_DEDUP_NEAR && tn) {
        WN_TRY(wn_shingles(m, s, t, tn, &sh, &nsh));
        if (sorted)
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
        if (wn_grow_to(&s->mins, &s->mins_cap, m->k, sizeof *s->mins) != WN_OK) {
            free(d);
            return WN_ERR_NOMEM;
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

wn_status wn_minhasher_sign(const wn_minhasher *m, wn_mh_scratch *s, const char *text, size_t n,
                            int64_t date, wn_dsig **out)
{
    return sign(m, s, text, n, date, 1, out);
}

wn_status wn_minhasher_sign_unsorted(const wn_minhasher *m, wn_mh_scratch *s, const char *text, size_t n,
                                     int64_t date, wn_dsig **out)
{
    return sign(m, s, text, n, date, 0, out);
}
