/* ftz.c: fastText .ftz / .bin reader and predictor.
 *
 * Written from ../shared/specs/fasttext-ftz.md; section numbers (§) refer to
 * it.  Results are meant to be bit-identical to fastText 0.9.2, so the float
 * arithmetic keeps fastText's operation order: no -ffast-math, and the
 * quantized input rows are dequantized at load time into exactly the
 * addends fastText uses (§5.2). */
#include "ftz.h"
#include "probfmt.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"

#define FT_MAGIC 793712314
#define FT_VERSION 12
#define FT_KSUB 256
#define FT_MAX_DIM 65536
#define FT_MAX_DEPTH 1000     /* of the hierarchical-softmax tree */
static const unsigned char ft_sep[256] = {[' '] = 1, ['\n'] = 1, ['\r'] = 1, ['\t'] = 1,
                                          ['\v'] = 1, ['\f'] = 1, ['\0'] = 1};

__extension__ typedef unsigned __int128 ft_u128;

/* A product quantizer (§5.2), centroids copied to aligned memory. */
typedef struct ft_pq {
    int32_t dim, nsubq, dsub, lastdsub;
    float *centroids;
} ft_pq;

struct wn_lid_model {
    int32_t version;
    int32_t dim, word_ngrams, loss, model, bucket, minn, maxn;
    int32_t size, nwords, nlabels;
    int64_t prune_size;       /* -1 not pruned, else number of pairs */

    char *strings;            /* every entry, NUL-terminated, back to back */
    uint32_t *str_off, *str_len;
    uint32_t *hashes;         /* ft hash of every entry */
    struct wslot { uint32_t hash; int32_t id; } *wtab;  /* open addressing; id -1 = empty */
    uint32_t wmask;

    /* pruneidx as a rank bitmap: bucket b is kept when bit b is set; its
     * compact index in the file is pval[rank of b].  The n-gram rows of
     * in_rows are stored in rank order (row nwords + rank), so a lookup is
     * one bitmap word (~0.5 MB for lid.176, cache-resident, unlike a hash
     * table) and no second indirection; pval only maps ids back for
     * wn_ftz_row_id(). */
    uint64_t *pbits;          /* bucket/64 + 1 words: 250 KB for lid.176 */
    uint32_t *prank;          /* kept buckets before each word (read on hits only) */
    int32_t *pval;
    uint64_t bucket_magic;    /* fastmod multiplier for % bucket */

    int32_t eos_id;           /* entry index of "</s>", or -1 */

    int64_t in_m;
    float *in_rows;           /* in_m x dim, dequantized */
    size_t in_map_len;        /* in_rows is an mmap of this size, or 0: malloc */

    int out_quant;            /* quantized: out_rows are centroids, see rd_quant */
    int64_t out_m;
    float *out_rows;          /* dense output, out_m x dim */
    float *out_norms;         /* per-row norm of a quantized output, or NULL */

    int32_t *left, *right;    /* hs tree, 2*nlabels-1 nodes */
    float sigmoid_table[513];
};

/* A per-predictor memo of the rows of out-of-vocabulary tokens: text
 * repeats its words, and computing the char n-grams of a token (hashes,
 * then cache-missing lookups) is most of the work.  Direct-mapped by the
 * token's hash; the rows live in an arena (32 rows a slot) that is
 * emptied when full.  The tables are calloc'd: pages a short run never
 * touches cost nothing. */
#define TC_SLOTS_SMALL 8192   /* wn_lid_predictor_new: line by line, short runs */
#define TC_MAXTOK 27
typedef struct tc_slot {
    uint32_t hash, off;
    uint16_t len, nrows;      /* len 0: empty (tokens are never empty) */
    uint8_t label;            /* a label token: no rows, not a word */
    char tok[TC_MAXTOK];
} tc_slot;

struct ft_tok { size_t off, len; uint32_t hash; int ascii; };

struct wn_lid_predictor {
    const wn_lid_model *m;
    struct ft_tok *toks;
    size_t toks_cap;
    tc_slot *tc;
    size_t tc_slots, tc_arena;
    int32_t *tc_rows;
    size_t tc_used;
    int32_t *rows;
    size_t nrows, rows_cap;
    int32_t *whash;
    size_t nwh, whash_cap;
    char *tok;                /* "<" token ">" */
    size_t tok_cap;
    uint32_t *cs;             /* its character offsets */
    size_t cs_cap;
    float *hidden, *output;
    int have_hidden;
    wn_lid_pred *heap, *preds;
    wn_buf line;
};

/* ---- hashing ----------------------------------------------------------- */

uint32_t wn_ftz_hash(const void *s, size_t n)
{
    const unsigned char *p = s;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint32_t)(int32_t)(int8_t)p[i];
        h *= 16777619u;
    }
    return h;
}

/* a % d for 32-bit a, exact for every a and d > 0 (Lemire's fastmod). */
static inline uint32_t fastmod(uint32_t a, uint64_t magic, uint32_t d)
{
    uint64_t low = magic * a;
    return (uint32_t)(((ft_u128)low * d) >> 64);
}

static inline int popcount64(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (int)((x * 0x0101010101010101ull) >> 56);
}

/* ---- reading ------------------------------------------------------------ */

typedef struct rd {
    const unsigned char *p;
    size_t len, pos;
    char *err;
    size_t errsize;
} rd;

static wn_status fail(rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static wn_status fail(rd *r, const char *fmt, ...)
{
    if (r->err && r->errsize) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->err, r->errsize, fmt, ap);
        va_end(ap);
    }
    return WN_ERR_DATA;
}

static wn_status need(rd *r, size_t n, const char *what)
{
    if (r->len - r->pos < n)
        return fail(r, "truncated model file: it ends inside %s (offset %zu, %zu bytes needed, %zu left)",
                    what, r->pos, n, r->len - r->pos);
    return WN_OK;
}

static wn_status rd_i32(rd *r, int32_t *v, const char *what)
{
    WN_TRY(need(r, 4, what));
    memcpy(v, r->p + r->pos, 4);
    r->pos += 4;
    return WN_OK;
}

static wn_status rd_i64(rd *r, int64_t *v, const char *what)
{
    WN_TRY(need(r, 8, what));
    memcpy(v, r->p + r->pos, 8);
    r->pos += 8;
    return WN_OK;
}

static wn_status rd_u8(rd *r, uint8_t *v, const char *what)
{
    WN_TRY(need(r, 1, what));
    *v = r->p[r->pos++];
    return WN_OK;
}

static wn_status rd_bool(rd *r, int *v, const char *what)
{
    uint8_t b;
    WN_TRY(rd_u8(r, &b, what));
    if (b > 1)
        return fail(r, "corrupt model file: %s at offset %zu is %u, not 0 or 1", what, r->pos - 1, b);
    *v = b;
    return WN_OK;
}

/* Copies n floats (unaligned in the file) to fresh aligned memory. */
static wn_status rd_floats(rd *r, uint64_t n, float **out, const char *what)
{
    if (n > (r->len - r->pos) / 4)
        return need(r, (size_t)n * 4 > n ? (size_t)n * 4 : SIZE_MAX, what);
    float *f = malloc(n ? (size_t)n * 4 : 1);
    if (!f)
        return WN_ERR_NOMEM;
    memcpy(f, r->p + r->pos, (size_t)n * 4);
    r->pos += (size_t)n * 4;
    *out = f;
    return WN_OK;
}

static wn_status rd_pq(rd *r, ft_pq *pq, const char *what)
{
    WN_TRY(rd_i32(r, &pq->dim, what));
    WN_TRY(rd_i32(r, &pq->nsubq, what));
    WN_TRY(rd_i32(r, &pq->dsub, what));
    WN_TRY(rd_i32(r, &pq->lastdsub, what));
    if (pq->dim < 1 || pq->dim > FT_MAX_DIM || pq->dsub < 1 || pq->dsub > pq->dim ||
        pq->nsubq != (pq->dim + pq->dsub - 1) / pq->dsub ||
        pq->lastdsub != (pq->dim % pq->dsub ? pq->dim % pq->dsub : pq->dsub))
        return fail(r, "corrupt model file: inconsistent %s (dim %d, nsubq %d, dsub %d, lastdsub %d)",
                    what, pq->dim, pq->nsubq, pq->dsub, pq->lastdsub);
    return rd_floats(r, (uint64_t)pq->dim * FT_KSUB, &pq->centroids, what);
}

static inline const float *pq_centroid(const ft_pq *pq, int32_t m, uint8_t c)
{
    if (m == pq->nsubq - 1)
        return pq->centroids + (size_t)m * FT_KSUB * pq->dsub + (size_t)c * pq->lastdsub;
    return pq->centroids + ((size_t)m * FT_KSUB + c) * pq->dsub;
}

/* Zeroed room for the dequantized input matrix.  Its rows are read at
 * random, one per n-gram: on 2 MiB pages (where the kernel grants them)
 * filling it takes a few page faults instead of one per 4 KiB, and the
 * look-ups stop missing the TLB. */
static float *rows_alloc(wn_lid_model *md, size_t bytes)
{
    const size_t huge = (size_t)2 << 20;
    md->in_map_len = 0;
    if (bytes >= huge / 2) {
        size_t len = (bytes + huge - 1) & ~(huge - 1);
        char *p = mmap(NULL, len + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p != MAP_FAILED) {
            char *a = p + ((huge - (uintptr_t)p % huge) % huge);
            if (a > p)
                munmap(p, (size_t)(a - p));
            if (p + len + huge > a + len)
                munmap(a + len, (size_t)(p + len + huge - (a + len)));
#ifdef MADV_HUGEPAGE
            madvise(a, len, MADV_HUGEPAGE);
#endif
            md->in_map_len = len;
            return (float *)(void *)a;
        }
    }
    return calloc(bytes ? bytes : 1, 1);
}

/* A QuantMatrix (§5.2).  For the input matrix, rows are dequantized into
 * *dense; for a quantized output the codes are kept (dotRow order). */
static wn_status rd_quant(rd *r, wn_lid_model *md, int64_t want_m, int input)
{
    const char *what = input ? "the input matrix" : "the output matrix";
    int qnorm = 0;
    int64_t m, n;
    int32_t codesize;
    WN_TRY(rd_bool(r, &qnorm, what));
    WN_TRY(rd_i64(r, &m, what));
    WN_TRY(rd_i64(r, &n, what));
    WN_TRY(rd_i32(r, &codesize, what));
    if (m != want_m || n != md->dim)
        return fail(r, "corrupt model file: %s is %lld x %lld, expected %lld x %d", what,
                    (long long)m, (long long)n, (long long)want_m, md->dim);
    WN_TRY(need(r, codesize < 0 ? SIZE_MAX : (size_t)codesize, what));
    const unsigned char *codes = r->p + r->pos;
    r->pos += (size_t)codesize;
    ft_pq pq = {0}, npq = {0};
    const unsigned char *ncodes = NULL;
    wn_status s = rd_pq(r, &pq, what);
    if (s == WN_OK && (pq.dim != n || (int64_t)codesize != m * pq.nsubq))
        s = fail(r, "corrupt model file: %s has %d codes for %lld rows of %d sub-quantizers (dim %d)",
                 what, codesize, (long long)m, pq.nsubq, pq.dim);
    if (s == WN_OK && qnorm) {
        s = need(r, (size_t)m, what);
        if (s == WN_OK) {
            ncodes = r->p + r->pos;
            r->pos += (size_t)m;
            s = rd_pq(r, &npq, what);
        }
        if (s == WN_OK && (npq.dim != 1 || npq.nsubq != 1 || npq.dsub != 1 || npq.lastdsub != 1))
            s = fail(r, "corrupt model file: the norm quantizer of %s is not 1-dimensional", what);
    }
    if (s != WN_OK) {
        free(pq.centroids);
        free(npq.centroids);
        return s;
    }
    if (input) {
        if ((uint64_t)m > SIZE_MAX / 4 / (uint64_t)n) {
            s = WN_ERR_NOMEM;
        } else if (!(md->in_rows = rows_alloc(md, (size_t)(m * n) * sizeof(float)))) {
            s = WN_ERR_NOMEM;
        } else {
            /* pruned models: n-gram rows go straight to rank order (see pbits) */
            int64_t nranks = 0;
            if (md->prune_size > 0) {
                size_t nw = (size_t)md->bucket / 64 + 1;
                nranks = md->prank[nw - 1] + popcount64(md->pbits[nw - 1]);
            }
            for (int64_t dst = 0; dst < m; dst++) {
                int64_t i = dst;
                if (md->prune_size > 0 && dst >= md->nwords) {
                    if (dst - md->nwords >= nranks)
                        continue; /* no bucket maps here: stays zero */
                    i = md->nwords + md->pval[dst - md->nwords];
                }
                float norm = qnorm ? npq.centroids[ncodes[i]] : 1.0f;
                float *x = md->in_rows + dst * n;
                const unsigned char *code = codes + i * pq.nsubq;
                const int32_t ds = pq.dsub, last = pq.nsubq - 1;
                if (ds == 2 && pq.lastdsub == 2 && !qnorm) { /* lid.176: norm * c = c */
                    for (int32_t k = 0; k < pq.nsubq; k++)
                        memcpy(x + 2 * k, pq.centroids + ((size_t)k * FT_KSUB + code[k]) * 2, 2 * sizeof(float));
                    continue;
                }
                if (ds == 2 && pq.lastdsub == 2) { /* lid.176: pairs, one multiply each */
                    typedef float v4f __attribute__((vector_size(16)));
                    const v4f nv = {norm, norm, norm, norm};
                    int32_t k = 0;
                    for (; k + 1 < pq.nsubq; k += 2) { /* two pairs a vector */
                        float t[4];
                        memcpy(t, pq.centroids + ((size_t)k * FT_KSUB + code[k]) * 2, 2 * sizeof(float));
                        memcpy(t + 2, pq.centroids + ((size_t)(k + 1) * FT_KSUB + code[k + 1]) * 2,
                               2 * sizeof(float));
                        v4f c;
                        memcpy(&c, t, sizeof c);
                        c *= nv;
                        memcpy(x + 2 * k, &c, sizeof c);
                    }
                    for (; k < pq.nsubq; k++) {
                        const float *c = pq.centroids + ((size_t)k * FT_KSUB + code[k]) * 2;
                        x[2 * k] = norm * c[0];
                        x[2 * k + 1] = norm * c[1];
                    }
                    continue;
                }
                for (int32_t k = 0; k < pq.nsubq; k++) {
                    const float *c = pq_centroid(&pq, k, code[k]);
                    int32_t d = k == last ? pq.lastdsub : ds;
                    for (int32_t t = 0; t < d; t++)
                        x[k * ds + t] = norm * c[t];
                }
            }
            md->in_m = m;
        }
        free(pq.centroids);
        free(npq.centroids);
        return s;
    }
    /* A quantized output row, as dotRow reads it, is its centroids in
     * sub-quantizer order times the row's norm: kept here as dense
     * centroid rows plus one norm each, so that a dot product is one plain
     * loop with the same additions in the same order. */
    md->out_quant = 1;
    md->out_m = m;
    md->out_rows = malloc(m && n ? (size_t)(m * n) * sizeof(float) : 1);
    md->out_norms = qnorm ? malloc(m ? (size_t)m * sizeof(float) : 1) : NULL;
    if (!md->out_rows || (qnorm && !md->out_norms)) {
        s = WN_ERR_NOMEM;
    } else {
        for (int64_t i = 0; i < m; i++) {
            const unsigned char *code = codes + i * pq.nsubq;
            float *x = md->out_rows + i * n;
            for (int32_t k = 0; k < pq.nsubq; k++) {
                const float *c = pq_centroid(&pq, k, code[k]);
                int32_t d = k == pq.nsubq - 1 ? pq.lastdsub : pq.dsub;
                for (int32_t t = 0; t < d; t++)
                    x[k * pq.dsub + t] = c[t];
            }
            if (qnorm)
                md->out_norms[i] = npq.centroids[ncodes[i]];
        }
    }
    free(pq.centroids);
    free(npq.centroids);
    return s;
}

static wn_status rd_dense(rd *r, int64_t want_m, int32_t dim, float **out, const char *what)
{
    int64_t m, n;
    WN_TRY(rd_i64(r, &m, what));
    WN_TRY(rd_i64(r, &n, what));
    if (m != want_m || n != dim)
        return fail(r, "corrupt model file: %s is %lld x %lld, expected %lld x %d", what,
                    (long long)m, (long long)n, (long long)want_m, dim);
    if ((uint64_t)m > (r->len - r->pos) / 4 / (uint64_t)n)
        return need(r, SIZE_MAX, what);
    return rd_floats(r, (uint64_t)(m * n), out, what);
}

/* ---- dictionary ---------------------------------------------------------- */

static uint32_t pow2_above(uint64_t n)
{
    uint32_t s = 16;
    while (s < n * 2 && s < (1u << 31))
        s <<= 1;
    return s;
}

static int32_t word_find(const wn_lid_model *m, const char *w, size_t n, uint32_t h)
{
    for (uint32_t i = h & m->wmask;; i = (i + 1) & m->wmask) {
        int32_t id = m->wtab[i].id;
        if (id < 0)
            return -1;
        if (m->wtab[i].hash == h && m->str_len[id] == n && memcmp(m->strings + m->str_off[id], w, n) == 0)
            return id;
    }
}

/* Rank of bucket b (0 <= b < bucket) among the kept ones, or -1 when it
 * was pruned away. */
static inline int32_t prune_find(const wn_lid_model *m, uint32_t b)
{
    uint64_t word = m->pbits[b >> 6], bit = 1ull << (b & 63);
    if (!(word & bit))
        return -1;
    return (int32_t)(m->prank[b >> 6] + (uint32_t)popcount64(word & (bit - 1)));
}

/* pushHash (§6.2): appends the row of n-gram bucket id, if kept. */
static inline int push_hash(const wn_lid_model *m, int32_t id, int32_t *out)
{
    if (m->prune_size == 0 || id < 0)
        return 0;
    if (m->prune_size > 0) {
        id = prune_find(m, (uint32_t)id);
        if (id < 0)
            return 0;
    }
    *out = m->nwords + id;
    return 1;
}

/* Appends bucket id to b when kept by the (pruned) model; the bitmap
 * word is prefetched for the look-up pass. */
#define SW_EMIT(h)                                                  \
    do {                                                            \
        uint32_t id_ = fastmod((h), magic, bucket);                 \
        if (pruned)                                                 \
            __builtin_prefetch(&m->pbits[id_ >> 6]);                \
        b[nb++] = id_;                                              \
    } while (0)

/* Char n-grams of w[0..L) = "<" token ">" (§6.3), appended to out (room for
 * the caller: at most L * maxn rows).  Returns the number added.  ascii:
 * the token has no byte >= 0x80.  cs is scratch for L + 1 offsets.
 *
 * An n-gram's hash is FNV-1a over its bytes, so each start extends the
 * previous length's hash by one character.  ASCII tokens (most of Latin
 * script text) take a path without character-boundary tests; others find
 * the boundaries once.  The buckets are computed first into out, then
 * looked up in a second pass with prefetches: the look-ups are cache
 * misses and this overlaps them. */
/* Built twice, with and without the POPCNT instruction (rank look-ups),
 * the loader picks by CPU. */
__attribute__((target_clones("popcnt", "default")))
static size_t subwords(const wn_lid_model *m, const unsigned char *w, size_t L, int ascii, int32_t *out, uint32_t *cs)
{
    size_t nb = 0;
    const uint32_t bucket = (uint32_t)m->bucket;
    const uint64_t magic = m->bucket_magic;
    const size_t minn = (size_t)(m->minn > 0 ? m->minn : 1), maxn = (size_t)m->maxn;
    const int pruned = m->prune_size > 0;
    uint32_t *b = (uint32_t *)out;
    if (m->prune_size == 0)
        return 0;
    /* n-grams of one character are emitted only with minn = 1, and never
     * for the "<" and ">" alone; longer ones from minn on */
    if (ascii) {
        for (size_t i = 0; i < L; i++) {
            uint32_t h = (2166136261u ^ w[i]) * 16777619u;
            if (minn == 1 && i != 0 && i + 1 != L)
                SW_EMIT(h);
            size_t end = L - i < maxn ? L - i : maxn;
            for (size_t n = 2; n <= end; n++) {
                h = (h ^ w[i + n - 1]) * 16777619u;
                if (n >= minn)
                    SW_EMIT(h);
            }
        }
    } else {
        size_t nc = 0;
        for (size_t i = 0; i < L; i++)
            if ((w[i] & 0xC0) != 0x80)
                cs[nc++] = (uint32_t)i;
        cs[nc] = (uint32_t)L;
        for (size_t c = 0; c < nc; c++) {
            uint32_t h = 2166136261u;
            size_t end = nc - c < maxn ? nc - c : maxn, j = cs[c];
            for (size_t e = cs[c + 1]; j < e; j++)
                h = (h ^ (uint32_t)(int32_t)(int8_t)w[j]) * 16777619u;
            if (minn == 1 && c != 0 && c + 1 != nc)
                SW_EMIT(h);
            for (size_t n = 2; n <= end; n++) {
                for (size_t e = cs[c + n]; j < e; j++)
                    h = (h ^ (uint32_t)(int32_t)(int8_t)w[j]) * 16777619u;
                if (n >= minn)
                    SW_EMIT(h);
            }
        }
    }
    const int32_t nwords = m->nwords;
    if (m->prune_size < 0) {
        for (size_t i = 0; i < nb; i++)
            out[i] = nwords + (int32_t)b[i];
        return nb;
    }
    size_t k = 0;
    for (size_t i = 0; i < nb; i++) {
        uint64_t word = m->pbits[b[i] >> 6], bit = 1ull << (b[i] & 63);
        if (word & bit) {
            int32_t row = nwords + (int32_t)(m->prank[b[i] >> 6] + (uint32_t)__builtin_popcountll(word & (bit - 1)));
            if (m->in_rows)
                __builtin_prefetch(m->in_rows + (size_t)row * (size_t)m->dim);
            out[k++] = row;
        }
    }
    return k;
}

static wn_status build_tables(wn_lid_model *m)
{
    /* word table (duplicates: the last entry wins, as in fastText) */
    uint32_t ws = pow2_above((uint64_t)m->size);
    m->wmask = ws - 1;
    if (!(m->wtab = malloc((size_t)ws * sizeof *m->wtab)))
        return WN_ERR_NOMEM;
    for (uint32_t i = 0; i < ws; i++)
        m->wtab[i] = (struct wslot){0, -1};
    for (int32_t id = 0; id < m->size; id++) {
        const char *w = m->strings + m->str_off[id];
        int32_t old = word_find(m, w, m->str_len[id], m->hashes[id]);
        uint32_t i = m->hashes[id] & m->wmask;
        if (old >= 0) {
            while (m->wtab[i].id != old)
                i = (i + 1) & m->wmask;
        } else {
            while (m->wtab[i].id >= 0)
                i = (i + 1) & m->wmask;
        }
        m->wtab[i] = (struct wslot){m->hashes[id], id};
    }
    m->eos_id = word_find(m, "</s>", 4, wn_ftz_hash("</s>", 4));
    if (m->eos_id >= m->nwords)
        m->eos_id = -1;
    if (m->bucket > 0)
        m->bucket_magic = UINT64_MAX / (uint32_t)m->bucket + 1;

    return WN_OK;
}

/* The hierarchical-softmax tree (§9.1). */
static wn_status build_tree(wn_lid_model *m, const int64_t *counts)
{
    int32_t osz = m->nlabels, nn = 2 * osz - 1;
    int64_t *count = malloc((size_t)nn * sizeof *count);
    m->left = malloc((size_t)nn * sizeof *m->left);
    m->right = malloc((size_t)nn * sizeof *m->right);
    if (!count || !m->left || !m->right) {
        free(count);
        return WN_ERR_NOMEM;
    }
    for (int32_t i = 0; i < nn; i++) {
        m->left[i] = m->right[i] = -1;
        count[i] = i < osz ? counts[i] : (int64_t)1e15;
    }
    int32_t leaf = osz - 1, node = osz;
    for (int32_t i = osz; i < nn; i++) {
        int32_t mini[2];
        for (int t = 0; t < 2; t++) {
            if (leaf >= 0 && (node >= i || count[leaf] < count[node]))
                mini[t] = leaf--;
            else if (node < i)
                mini[t] = node++;
            else { /* only counts outside [0, 1e15) get here; checked before */
                free(count);
                return WN_ERR_DATA;
            }
        }
        m->left[i] = mini[0];
        m->right[i] = mini[1];
        count[i] = count[mini[0]] + count[mini[1]];
    }
    /* prediction recurses along the tree: refuse absurd depths (real
     * models: under 40; a chain-shaped tree of a corrupt file could be as
     * deep as it has labels).  Children have smaller indices than parents. */
    int64_t *depth = count;
    depth[nn - 1] = 0;
    int64_t maxd = 0;
    for (int32_t i = nn - 1; i >= osz; i--) {
        depth[m->left[i]] = depth[m->right[i]] = depth[i] + 1;
        maxd = depth[i] + 1 > maxd ? depth[i] + 1 : maxd;
    }
    free(count);
    return maxd > FT_MAX_DEPTH ? WN_ERR_DATA : WN_OK;
}

static const char *model_name(int32_t v)
{
    return v == 1 ? "cbow" : v == 2 ? "skipgram" : v == 3 ? "supervised" : "unknown";
}

static wn_status parse(rd *r, wn_lid_model *m)
{
    int32_t magic, a[12];
    WN_TRY(rd_i32(r, &magic, "the header"));
    if (magic != FT_MAGIC)
        return fail(r, "not a fastText model: bad magic number 0x%08x (expected 0x%08x)",
                    (unsigned)magic, (unsigned)FT_MAGIC);
    WN_TRY(rd_i32(r, &m->version, "the header"));
    if (m->version > FT_VERSION || m->version < 11)
        return fail(r, "unsupported fastText model version %d (this reader knows versions 11 and 12)",
                    m->version);
    for (int i = 0; i < 12; i++)
        WN_TRY(rd_i32(r, &a[i], "the model arguments"));
    WN_TRY(need(r, 8, "the model arguments"));
    r->pos += 8; /* t: training only */
    m->dim = a[0];
    m->word_ngrams = a[5];
    m->loss = a[6];
    m->model = a[7];
    m->bucket = a[8];
    m->minn = a[9];
    m->maxn = a[10];
    if (m->model != 3)
        return fail(r, "not a supervised model (model = %s): it cannot predict labels", model_name(m->model));
    if (m->version == 11)
        m->maxn = 0;
    if (m->dim < 1 || m->dim > FT_MAX_DIM)
        return fail(r, "corrupt model file: dim = %d", m->dim);
    if (m->loss < 1 || m->loss > 4)
        return fail(r, "corrupt model file: unknown loss %d", m->loss);
    if (m->word_ngrams < 1 || m->bucket < 0 || m->maxn < 0 || m->minn < 0 ||
        (m->bucket == 0 && (m->maxn > 0 || m->word_ngrams > 1)))
        return fail(r, "corrupt model file: wordNgrams %d, bucket %d, minn %d, maxn %d",
                    m->word_ngrams, m->bucket, m->minn, m->maxn);

    /* dictionary (§4) */
    int64_t ntokens;
    WN_TRY(rd_i32(r, &m->size, "the dictionary header"));
    WN_TRY(rd_i32(r, &m->nwords, "the dictionary header"));
    WN_TRY(rd_i32(r, &m->nlabels, "the dictionary header"));
    WN_TRY(rd_i64(r, &ntokens, "the dictionary header"));
    WN_TRY(rd_i64(r, &m->prune_size, "the dictionary header"));
    if (m->nwords < 0 || m->nlabels < 1 || m->size != m->nwords + m->nlabels || m->prune_size < -1)
        return fail(r, "corrupt model file: dictionary of %d entries = %d words + %d labels, pruneidx %lld",
                    m->size, m->nwords, m->nlabels, (long long)m->prune_size);
    if ((size_t)m->size > (r->len - r->pos) / 10)
        return need(r, (size_t)m->size * 10, "the dictionary");
    size_t nent = (size_t)m->size;
    m->str_off = malloc(nent * sizeof *m->str_off);
    m->str_len = malloc(nent * sizeof *m->str_len);
    m->hashes = malloc(nent * sizeof *m->hashes);
    int64_t *counts = malloc((size_t)m->nlabels * sizeof *counts);
    if (!m->str_off || !m->str_len || !m->hashes || !counts) {
        free(counts);
        return WN_ERR_NOMEM;
    }
    size_t start = r->pos;
    wn_status s = WN_OK;
    for (size_t i = 0; i < nent && s == WN_OK; i++) {
        const unsigned char *z = memchr(r->p + r->pos, 0, r->len - r->pos);
        if (!z) {
            s = need(r, r->len - r->pos + 1, "the dictionary");
            break;
        }
        size_t n = (size_t)(z - (r->p + r->pos));
        if (r->pos - start + n + 1 > UINT32_MAX) {
            s = fail(r, "model too large: dictionary over 4 GiB");
            break;
        }
        m->str_off[i] = (uint32_t)(r->pos - start);
        m->str_len[i] = (uint32_t)n;
        m->hashes[i] = wn_ftz_hash(r->p + r->pos, n);
        r->pos += n + 1;
        int64_t count;
        uint8_t type;
        if ((s = rd_i64(r, &count, "the dictionary")) != WN_OK || (s = rd_u8(r, &type, "the dictionary")) != WN_OK)
            break;
        if (type != (i >= (size_t)m->nwords))
            s = fail(r, "corrupt model file: dictionary entry %zu has type %u; words (%d) must come before labels",
                     i, type, m->nwords);
        else if (type == 1)
            counts[i - (size_t)m->nwords] = count;
    }
    if (s == WN_OK) {
        size_t span = r->pos - start;
        if (!(m->strings = malloc(span + 1))) {
            s = WN_ERR_NOMEM;
        } else {
            memcpy(m->strings, r->p + start, span);
            for (size_t i = 0; i < nent; i++)
                m->strings[m->str_off[i] + m->str_len[i]] = 0;
        }
    }
    if (s == WN_OK && m->loss == WN_FTZ_HS) { /* the tree needs counts below its 1e15 sentinel */
        int64_t total = 0;
        for (int32_t i = 0; i < m->nlabels && s == WN_OK; i++) {
            if (counts[i] < 0 || counts[i] >= (int64_t)1e15 - total)
                s = fail(r, "corrupt model file: label %d has count %lld", i, (long long)counts[i]);
            else
                total += counts[i];
        }
    }
    if (s == WN_OK && m->loss == WN_FTZ_HS && (s = build_tree(m, counts)) == WN_ERR_DATA)
        s = fail(r, "corrupt model file: label counts do not make a usable tree (deeper than %d?)", FT_MAX_DEPTH);
    free(counts);
    WN_TRY(s);

    /* pruneidx pairs */
    if (m->prune_size > 0) {
        if ((uint64_t)m->prune_size > (r->len - r->pos) / 8)
            return need(r, SIZE_MAX, "the pruned n-gram index");
        size_t nw = (size_t)m->bucket / 64 + 1;
        m->pbits = calloc(nw, sizeof *m->pbits);
        m->prank = calloc(nw, sizeof *m->prank);
        m->pval = malloc((size_t)m->prune_size * sizeof *m->pval);
        if (!m->pbits || !m->prank || !m->pval)
            return WN_ERR_NOMEM;
        const unsigned char *pairs = r->p + r->pos;
        r->pos += (size_t)m->prune_size * 8; /* checked above */
        for (int pass = 0; pass < 2; pass++) {
            for (int64_t i = 0; i < m->prune_size; i++) {
                int32_t k, v;
                memcpy(&k, pairs + i * 8, 4);
                memcpy(&v, pairs + i * 8 + 4, 4);
                if (k < 0 || v < 0 || v >= m->prune_size)
                    return fail(r, "corrupt model file: pruned n-gram pair %lld is (%d, %d)", (long long)i, k, v);
                if (k >= m->bucket)
                    continue; /* no n-gram hashes there */
                size_t wi = (uint32_t)k >> 6;
                uint64_t bit = 1ull << (k & 63);
                if (pass == 0)
                    m->pbits[wi] |= bit;
                else /* a repeated key: the last wins, as in fastText */
                    m->pval[m->prank[wi] + (uint32_t)popcount64(m->pbits[wi] & (bit - 1))] = v;
            }
            if (pass == 0) {
                uint32_t rank = 0;
                for (size_t w = 0; w < nw; w++) {
                    m->prank[w] = rank;
                    rank += (uint32_t)popcount64(m->pbits[w]);
                }
            }
        }
    }
    WN_TRY(build_tables(m));

    /* matrices (§5) */
    int quant_input, qout;
    WN_TRY(rd_bool(r, &quant_input, "the quantization flag"));
    int64_t in_m = (int64_t)m->nwords + (m->prune_size >= 0 ? m->prune_size : m->bucket);
    if (quant_input) {
        WN_TRY(rd_quant(r, m, in_m, 1));
    } else {
        if (m->prune_size >= 0)
            return fail(r, "corrupt model file: a pruned dictionary with a dense input matrix");
        WN_TRY(rd_dense(r, in_m, m->dim, &m->in_rows, "the input matrix"));
        m->in_m = in_m;
    }
    WN_TRY(rd_bool(r, &qout, "the output quantization flag"));
    if (quant_input && qout) {
        WN_TRY(rd_quant(r, m, m->nlabels, 0));
    } else {
        WN_TRY(rd_dense(r, m->nlabels, m->dim, &m->out_rows, "the output matrix"));
        m->out_m = m->nlabels;
    }
    if (r->pos != r->len)
        return fail(r, "corrupt model file: %zu unexpected bytes after the output matrix (offset %zu)",
                    r->len - r->pos, r->pos);

    for (int i = 0; i <= 512; i++) {
        float x = (float)(i * 2 * 8) / 512 - 8;
        m->sigmoid_table[i] = (float)(1.0 / (1.0 + expf(-x)));
    }
    return WN_OK;
}

void wn_lid_model_free(wn_lid_model *m)
{
    if (!m)
        return;
    free(m->strings);
    free(m->str_off);
    free(m->str_len);
    free(m->hashes);
    free(m->wtab);
    free(m->pbits);
    free(m->prank);
    free(m->pval);
    if (m->in_map_len)
        munmap(m->in_rows, m->in_map_len);
    else
        free(m->in_rows);
    free(m->out_rows);
    free(m->out_norms);
    free(m->left);
    free(m->right);
    free(m);
}

wn_status wn_ftz_load_mem(const void *data, size_t len, wn_lid_model **out, char *err, size_t errsize)
{
    *out = NULL;
    if (err && errsize)
        err[0] = 0;
    wn_lid_model *m = calloc(1, sizeof *m);
    if (!m)
        return WN_ERR_NOMEM;
    rd r = {data, len, 0, err, errsize};
    wn_status s = parse(&r, m);
    if (s != WN_OK) {
        if (s == WN_ERR_NOMEM && err && errsize)
            snprintf(err, errsize, "out of memory while loading the model");
        wn_lid_model_free(m);
        return s;
    }
    *out = m;
    return WN_OK;
}

wn_status wn_lid_model_load(const char *path, wn_lid_model **out, char *err, size_t errsize)
{
    char msg[256];
    *out = NULL;
    if (err && errsize)
        err[0] = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (err && errsize)
            snprintf(err, errsize, "cannot open model %s: %s", path, strerror(errno));
        return WN_ERR_IO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (err && errsize)
            snprintf(err, errsize, "cannot read model %s: not a regular file", path);
        close(fd);
        return WN_ERR_IO;
    }
    size_t len = (size_t)st.st_size;
    void *map = len ? mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
    close(fd);
    if (len && map == MAP_FAILED) {
        if (err && errsize)
            snprintf(err, errsize, "cannot map model %s: %s", path, strerror(errno));
        return WN_ERR_IO;
    }
    wn_status s = wn_ftz_load_mem(len ? map : "", len, out, msg, sizeof msg);
    if (len)
        munmap(map, len);
    if (s != WN_OK && err && errsize)
        snprintf(err, errsize, "%s: %s", path, msg);
    return s;
}

int wn_lid_model_nlabels(const wn_lid_model *m) { return m->nlabels; }

int32_t wn_ftz_row_id(const wn_lid_model *m, int32_t row)
{
    if (m->prune_size > 0 && row >= m->nwords)
        return m->nwords + m->pval[row - m->nwords];
    return row;
}
int32_t wn_ftz_dim(const wn_lid_model *m) { return m->dim; }
int32_t wn_ftz_nwords(const wn_lid_model *m) { return m->nwords; }
int wn_ftz_loss(const wn_lid_model *m) { return m->loss; }

const char *wn_ftz_label(const wn_lid_model *m, int32_t i)
{
    return m->strings + m->str_off[m->nwords + i];
}

const char *wn_ftz_label_short(const wn_lid_model *m, int32_t i)
{
    const char *s = wn_ftz_label(m, i);
    return strncmp(s, "__label__", 9) == 0 ? s + 9 : s;
}

int32_t wn_ftz_label_find(const wn_lid_model *m, const char *name)
{
    for (int32_t i = 0; i < m->nlabels; i++)
        if (!strcmp(wn_ftz_label(m, i), name) || !strcmp(wn_ftz_label_short(m, i), name))
            return i;
    return -1;
}

/* ---- prediction ----------------------------------------------------------- */

wn_status wn_lid_predictor_new(const wn_lid_model *m, wn_lid_predictor **out)
{
    return wn_ftz_predictor_new(m, TC_SLOTS_SMALL, out);
}

wn_status wn_ftz_predictor_new(const wn_lid_model *m, size_t memo_tokens, wn_lid_predictor **out)
{
    wn_lid_predictor *p = calloc(1, sizeof *p);
    if (!p)
        return WN_ERR_NOMEM;
    p->m = m;
    size_t slots = 1024;
    while (slots < memo_tokens && slots < ((size_t)1 << 24))
        slots *= 2;
    p->tc_slots = slots;
    p->tc_arena = slots * 32;
    p->tc = calloc(slots, sizeof *p->tc);
    p->tc_rows = malloc(p->tc_arena * sizeof *p->tc_rows);
    p->hidden = calloc((size_t)m->dim, sizeof(float));
    p->output = calloc((size_t)m->nlabels, sizeof(float));
    p->heap = malloc(((size_t)m->nlabels + 1) * sizeof *p->heap);
    p->preds = malloc((size_t)m->nlabels * sizeof *p->preds);
    if (!p->hidden || !p->output || !p->heap || !p->preds || !p->tc || !p->tc_rows) {
        wn_lid_predictor_free(p);
        return WN_ERR_NOMEM;
    }
    *out = p;
    return WN_OK;
}

void wn_lid_predictor_free(wn_lid_predictor *p)
{
    if (!p)
        return;
    free(p->toks);
    free(p->tc);
    free(p->tc_rows);
    free(p->rows);
    free(p->whash);
    free(p->tok);
    free(p->cs);
    free(p->hidden);
    free(p->output);
    free(p->heap);
    free(p->preds);
    wn_buf_free(&p->line);
    free(p);
}

static wn_status grow(void **ptr, size_t *cap, size_t need_n, size_t elem)
{
    if (need_n <= *cap)
        return WN_OK;
    size_t c = *cap ? *cap : 256;
    while (c < need_n)
        c *= 2;
    void *q = realloc(*ptr, c * elem);
    if (!q)
        return WN_ERR_NOMEM;
    *ptr = q;
    *cap = c;
    return WN_OK;
}

/* One token (§7.2).  Returns 1 when it was "</s>" (end of the example). */
static wn_status add_token(wn_lid_predictor *p, const char *t, size_t n, uint32_t h, int ascii, int *is_eos)
{
    const wn_lid_model *m = p->m;
    *is_eos = n == 4 && memcmp(t, "</s>", 4) == 0;
    tc_slot *slot = &p->tc[h & (p->tc_slots - 1)];
    if (slot->len == n && slot->hash == h && memcmp(slot->tok, t, n) == 0) {
        if (slot->label)
            return WN_OK;
        WN_TRY(grow((void **)&p->rows, &p->rows_cap, p->nrows + slot->nrows, sizeof *p->rows));
        const int32_t *src = p->tc_rows + slot->off;
        for (size_t r = 0; r < slot->nrows; r++) {
            __builtin_prefetch(m->in_rows + (size_t)src[r] * (size_t)m->dim);
            p->rows[p->nrows + r] = src[r];
        }
        p->nrows += slot->nrows;
    } else {
        int32_t wid = word_find(m, t, n, h);
        int is_label = wid >= 0 ? wid >= m->nwords : (n >= 9 && memcmp(t, "__label__", 9) == 0);
        size_t k = 0, L = n + 2;
        if (!is_label) {
            /* subwords (§7.2): [wid] and, unless maxn = 0 or the token is
             * "</s>", the char n-grams of "<" token ">" */
            size_t per = m->maxn > 0 ? ((size_t)m->maxn < L ? (size_t)m->maxn : L) : 0;
            WN_TRY(grow((void **)&p->rows, &p->rows_cap, p->nrows + 1 + L * per, sizeof *p->rows));
            if (wid >= 0)
                p->rows[p->nrows + k++] = wid;
            if (m->maxn > 0 && !*is_eos) {
                WN_TRY(grow((void **)&p->tok, &p->tok_cap, L, 1));
                WN_TRY(grow((void **)&p->cs, &p->cs_cap, L + 1, sizeof *p->cs));
                p->tok[0] = '<';
                memcpy(p->tok + 1, t, n);
                p->tok[L - 1] = '>';
                k += subwords(m, (const unsigned char *)p->tok, L, ascii, p->rows + p->nrows + k, p->cs);
            }
        }
        if (n <= TC_MAXTOK && k <= 0xffff) {
            if (p->tc_used + k > p->tc_arena) { /* arena full: forget everything */
                memset(p->tc, 0, p->tc_slots * sizeof *p->tc);
                p->tc_used = 0;
            }
            slot->hash = h;
            slot->off = (uint32_t)p->tc_used;
            slot->len = (uint16_t)n;
            slot->nrows = (uint16_t)k;
            slot->label = (uint8_t)is_label;
            memcpy(slot->tok, t, n);
            memcpy(p->tc_rows + p->tc_used, p->rows + p->nrows, k * sizeof *p->rows);
            p->tc_used += k;
        }
        p->nrows += k;
        if (is_label)
            return WN_OK;
    }
    if (m->word_ngrams > 1) {
        WN_TRY(grow((void **)&p->whash, &p->whash_cap, p->nwh + 1, sizeof *p->whash));
        p->whash[p->nwh++] = (int32_t)h;
    }
    return WN_OK;
}

wn_status wn_ftz_rows(wn_lid_predictor *p, const char *text, size_t len, int eos,
                      const int32_t **rows, size_t *nrows)
{
    const wn_lid_model *m = p->m;
    p->nrows = 0;
    p->nwh = 0;
    p->have_hidden = 0;
    int stop = 0;
    /* pass 1: the tokens and their hashes, prefetching their memo slots
     * (the slot reads are cache misses; this overlaps them) */
    size_t i = 0, nt = 0;
    while (i < len) {
        while (i < len && ft_sep[(unsigned char)text[i]])
            i++;
        if (i >= len)
            break;
        size_t b = i;
        uint32_t h = 2166136261u; /* wn_ftz_hash, on the way */
        unsigned char high = 0;
        for (; i < len; i++) {
            unsigned char c = (unsigned char)text[i];
            if (ft_sep[c])
                break;
            h = (h ^ (uint32_t)(int32_t)(int8_t)c) * 16777619u;
            high |= c;
        }
        if (nt == p->toks_cap)
            WN_TRY(grow((void **)&p->toks, &p->toks_cap, nt + 1, sizeof *p->toks));
        __builtin_prefetch(&p->tc[h & (p->tc_slots - 1)]);
        __builtin_prefetch(&m->wtab[h & m->wmask]); /* read on a memo miss */
        p->toks[nt++] = (struct ft_tok){b, i - b, h, high < 0x80};
    }
    /* pass 2: their rows, up to a "</s>" token */
    for (size_t t = 0; t < nt && !stop; t++)
        WN_TRY(add_token(p, text + p->toks[t].off, p->toks[t].len, p->toks[t].hash, p->toks[t].ascii, &stop));
    if (eos && !stop)
        WN_TRY(add_token(p, "</s>", 4, wn_ftz_hash("</s>", 4), 1, &stop));
    if (m->word_ngrams > 1) {
        size_t N = p->nwh;
        size_t per = (size_t)m->word_ngrams < N ? (size_t)m->word_ngrams : N;
        WN_TRY(grow((void **)&p->rows, &p->rows_cap, p->nrows + N * per, sizeof *p->rows));
        for (size_t a = 0; a < N; a++) {
            uint64_t h = (uint64_t)(int64_t)p->whash[a];
            for (size_t b = a + 1; b < N && b < a + (size_t)m->word_ngrams; b++) {
                h = h * 116049371u + (uint64_t)(int64_t)p->whash[b];
                p->nrows += (size_t)push_hash(m, (int32_t)(h % (uint64_t)m->bucket), p->rows + p->nrows);
            }
        }
    }
    *rows = p->rows;
    *nrows = p->nrows;
    return WN_OK;
}

static void compute_hidden(wn_lid_predictor *p)
{
    const wn_lid_model *m = p->m;
    const size_t dim = (size_t)m->dim;
    float *h = p->hidden;
    memset(h, 0, dim * sizeof *h);
    if (dim == 16) {
        /* lid.176: four 4-float vectors held in registers.  Element-wise
         * adds in row order: the same float results as the plain loop. */
        typedef float v4 __attribute__((vector_size(16)));
        v4 a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0}, x0, x1, x2, x3;
        for (size_t r = 0; r < p->nrows; r++) {
            const float *row = m->in_rows + (size_t)p->rows[r] * 16;
            memcpy(&x0, row, 16);
            memcpy(&x1, row + 4, 16);
            memcpy(&x2, row + 8, 16);
            memcpy(&x3, row + 12, 16);
            a0 += x0;
            a1 += x1;
            a2 += x2;
            a3 += x3;
        }
        memcpy(h, &a0, 16);
        memcpy(h + 4, &a1, 16);
        memcpy(h + 8, &a2, 16);
        memcpy(h + 12, &a3, 16);
    } else {
        for (size_t r = 0; r < p->nrows; r++) {
            const float *row = m->in_rows + (size_t)p->rows[r] * dim;
            for (size_t j = 0; j < dim; j++)
                h[j] += row[j];
        }
    }
    float a = (float)(1.0 / (double)p->nrows);
    for (size_t j = 0; j < dim; j++)
        h[j] *= a;
    p->have_hidden = 1;
}

const float *wn_ftz_hidden(wn_lid_predictor *p)
{
    if (!p->have_hidden && p->nrows)
        compute_hidden(p);
    return p->have_hidden ? p->hidden : NULL;
}

/* dotRow (§9): for a quantized output the centroid products are summed in
 * sub-quantizer order, then scaled by the norm, exactly as fastText does. */
static float dot_row(const wn_lid_model *m, const float *x, int32_t i)
{
    const float *row = m->out_rows + (size_t)i * (size_t)m->dim;
    float d = 0.0f;
    if (m->dim == 16) { /* lid.176: the same additions in the same order, unrolled */
        for (int32_t j = 0; j < 16; j += 4) {
            d += x[j] * row[j];
            d += x[j + 1] * row[j + 1];
            d += x[j + 2] * row[j + 2];
            d += x[j + 3] * row[j + 3];
        }
    } else {
        for (int32_t j = 0; j < m->dim; j++)
            d += x[j] * row[j];
    }
    if (m->out_norms)
        d *= m->out_norms[i];
    return d;
}

static inline float std_log(float x) { return (float)log((double)x + 1e-5); }

/* The heap of libstdc++ (push_heap / pop_heap / sort_heap) with fastText's
 * comparePairs (a.score > b.score), so that ties come out in the same order. */
#define HCOMP(a, b) ((a).score > (b).score)

static void heap_push_hole(wn_lid_pred *f, size_t hole, size_t top, wn_lid_pred v)
{
    size_t parent = (hole - 1) / 2;
    while (hole > top && HCOMP(f[parent], v)) {
        f[hole] = f[parent];
        hole = parent;
        parent = (hole - 1) / 2;
    }
    f[hole] = v;
}

static void heap_adjust(wn_lid_pred *f, size_t hole, size_t len, wn_lid_pred v)
{
    size_t top = hole, second = hole;
    while (len > 2 && second < (len - 1) / 2) {
        second = 2 * (second + 1);
        if (HCOMP(f[second], f[second - 1]))
            second--;
        f[hole] = f[second];
        hole = second;
    }
    if ((len & 1) == 0 && second == (len - 2) / 2) {
        second = 2 * (second + 1);
        f[hole] = f[second - 1];
        hole = second - 1;
    }
    heap_push_hole(f, hole, top, v);
}

static void heap_push(wn_lid_pred *f, size_t n) /* f[n-1] is the new item */
{
    heap_push_hole(f, n - 1, 0, f[n - 1]);
}

static void heap_pop(wn_lid_pred *f, size_t n) /* moves the top to f[n-1] */
{
    if (n > 1) {
        wn_lid_pred v = f[n - 1];
        f[n - 1] = f[0];
        heap_adjust(f, 0, n - 1, v);
    }
}

typedef struct hs_ctx {
    wn_lid_predictor *p;
    size_t k, n;
    float log_thr;
} hs_ctx;

/* True when the child reached with probability x would return at once in
 * hs_dfs(), decided without the exact logarithm: log(y) <= y - 1, and float
 * rounding and addition are monotonic, so fl(score + std_log(x)) <=
 * fl(score + (float)(x + 1e-5 - 1)).  Saves most log() calls; the visited
 * nodes and the results are exactly fastText's. */
static inline int hs_prunable(const hs_ctx *c, float score, float x)
{
    float s = score + (float)((double)x + 1e-5 - 1.0);
    return s < c->log_thr || (c->n == c->k && s < c->p->heap[0].score);
}

static void hs_dfs(hs_ctx *c, int32_t node, float score)
{
    const wn_lid_model *m = c->p->m;
    if (score < c->log_thr)
        return;
    if (c->n == c->k && score < c->p->heap[0].score)
        return;
    if (m->left[node] == -1 && m->right[node] == -1) {
        wn_lid_pred *h = c->p->heap;
        h[c->n].score = score;
        h[c->n].label = node;
        c->n++;
        heap_push(h, c->n);
        if (c->n > c->k) {
            heap_pop(h, c->n);
            c->n--;
        }
        return;
    }
    float f = dot_row(m, c->p->hidden, node - m->nlabels);
    f = (float)(1. / (1 + expf(-f)));
    float xl = (float)(1.0 - f);
    if (!hs_prunable(c, score, xl))
        hs_dfs(c, m->left[node], score + std_log(xl));
    if (!hs_prunable(c, score, f))
        hs_dfs(c, m->right[node], score + std_log(f));
}

static float table_sigmoid(const wn_lid_model *m, float x)
{
    if (x < -8)
        return 0.0f;
    if (x > 8)
        return 1.0f;
    return m->sigmoid_table[(int64_t)((x + 8) * 512 / 8 / 2)];
}

static void predict_hidden(wn_lid_predictor *p, int k, float threshold, wn_lid_pred *out, int *nout);

wn_status wn_ftz_predict(wn_lid_predictor *p, const char *text, size_t len, int eos,
                         int k, float threshold, wn_lid_pred *out, int *nout)
{
    const wn_lid_model *m = p->m;
    const int32_t *rows;
    size_t nrows;
    *nout = 0;
    if (k == -1 || k > m->nlabels)
        k = m->nlabels;
    if (k < 1)
        return WN_ERR_ARG;
    WN_TRY(wn_ftz_rows(p, text, len, eos, &rows, &nrows));
    if (!nrows)
        return WN_OK;
    compute_hidden(p);
    predict_hidden(p, k, threshold, out, nout);
    return WN_OK;
}

/* The output layer on p->hidden (§9); k already within 1..nlabels. */
static void predict_hidden(wn_lid_predictor *p, int k, float threshold, wn_lid_pred *out, int *nout)
{
    const wn_lid_model *m = p->m;
    hs_ctx c = {p, (size_t)k, 0, std_log(threshold)};
    if (m->loss == WN_FTZ_HS) {
        hs_dfs(&c, 2 * m->nlabels - 2, 0.0f);
    } else {
        float *o = p->output;
        for (int32_t i = 0; i < m->nlabels; i++)
            o[i] = dot_row(m, p->hidden, i);
        if (m->loss == WN_FTZ_SOFTMAX) {
            float mx = o[0], z = 0.0f;
            for (int32_t i = 0; i < m->nlabels; i++)
                mx = o[i] > mx ? o[i] : mx;
            for (int32_t i = 0; i < m->nlabels; i++) {
                o[i] = expf(o[i] - mx);
                z += o[i];
            }
            for (int32_t i = 0; i < m->nlabels; i++)
                o[i] /= z;
        } else {
            for (int32_t i = 0; i < m->nlabels; i++)
                o[i] = table_sigmoid(m, o[i]);
        }
        for (int32_t i = 0; i < m->nlabels; i++) {
            if (o[i] < threshold)
                continue;
            float sc = std_log(o[i]);
            if (c.n == c.k && sc < p->heap[0].score)
                continue;
            p->heap[c.n].score = sc;
            p->heap[c.n].label = i;
            c.n++;
            heap_push(p->heap, c.n);
            if (c.n > c.k) {
                heap_pop(p->heap, c.n);
                c.n--;
            }
        }
    }
    /* sort_heap: best first */
    for (size_t n = c.n; n > 1; n--)
        heap_pop(p->heap, n);
    for (size_t i = 0; i < c.n; i++) {
        out[i] = p->heap[i];
        out[i].prob = expf(out[i].score);
    }
    *nout = (int)c.n;
}

size_t wn_ftz_add_rows(wn_lid_predictor *p, float *sum)
{
    const wn_lid_model *m = p->m;
    const size_t dim = (size_t)m->dim;
    for (size_t r = 0; r < p->nrows; r++) {
        const float *row = m->in_rows + (size_t)p->rows[r] * dim;
        for (size_t j = 0; j < dim; j++)
            sum[j] += row[j];
    }
    return p->nrows;
}

const float *wn_ftz_eos_row(const wn_lid_model *m)
{
    return m->eos_id >= 0 ? m->in_rows + (size_t)m->eos_id * (size_t)m->dim : NULL;
}

wn_status wn_ftz_predict_sum(wn_lid_predictor *p, const float *sum, size_t nrows, int k, float threshold,
                             wn_lid_pred *out, int *nout)
{
    const wn_lid_model *m = p->m;
    *nout = 0;
    if (k == -1 || k > m->nlabels)
        k = m->nlabels;
    if (k < 1)
        return WN_ERR_ARG;
    if (!nrows)
        return WN_OK;
    float a = (float)(1.0 / (double)nrows);
    for (int32_t j = 0; j < m->dim; j++)
        p->hidden[j] = sum[j] * a;
    p->have_hidden = 1;
    predict_hidden(p, k, threshold, out, nout);
    return WN_OK;
}

wn_status wn_lid_predict_prob_line(wn_lid_predictor *p, const char *line, size_t len, int eos,
                                   int k, float threshold, const char **out, size_t *outlen)
{
    const wn_lid_model *m = p->m;
    int n = 0;
    if (k == -1 || k > m->nlabels)
        k = m->nlabels;
    if (k < 1)
        return WN_ERR_ARG;
    wn_lid_pred *pr = p->preds;
    wn_status s = wn_ftz_predict(p, line, len, eos, k, threshold, pr, &n);
    wn_buf_clear(&p->line);
    WN_TRY(s);
    for (int i = 0; i < n; i++) {
        char num[32];
        size_t nl = wn_fmt_g(num, (double)pr[i].prob);
        const char *label = wn_ftz_label(m, pr[i].label);
        if (i)
            WN_TRY(wn_buf_append(&p->line, " ", 1));
        WN_TRY(wn_buf_append(&p->line, label, strlen(label)));
        WN_TRY(wn_buf_append(&p->line, " ", 1));
        WN_TRY(wn_buf_append(&p->line, num, nl));
    }
    if (!p->line.data)
        WN_TRY(wn_buf_reserve(&p->line, 1));
    *out = p->line.data;
    *outlen = p->line.len;
    return WN_OK;
}
