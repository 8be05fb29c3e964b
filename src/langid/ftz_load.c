/* ftz_load.c: reads fastText .ftz / .bin models (spec §3-§5) into the
 * wn_lid_model of ftz_model.h: header, dictionary, pruned n-gram index,
 * quantized or dense matrices, and the hierarchical-softmax tree. */
#include "ftz_model.h"

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
                    typedef float v2f __attribute__((vector_size(8)));
                    for (; k + 1 < pq.nsubq; k += 2) { /* two pairs a vector */
                        v2f a, b;
                        memcpy(&a, pq.centroids + ((size_t)k * FT_KSUB + code[k]) * 2, sizeof a);
                        memcpy(&b, pq.centroids + ((size_t)(k + 1) * FT_KSUB + code[k + 1]) * 2, sizeof b);
                        v4f c = __builtin_shufflevector(a, b, 0, 1, 2, 3) * nv;
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
        int32_t old = ftz_word_find(m, w, m->str_len[id], m->hashes[id]);
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
    m->eos_id = ftz_word_find(m, "</s>", 4, wn_ftz_hash("</s>", 4));
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
    m->hs_depth = (int32_t)(maxd < FT_MAX_DEPTH ? maxd : FT_MAX_DEPTH);
    return maxd > FT_MAX_DEPTH ? WN_ERR_DATA : WN_OK;
}

/* The pruned n-gram index from the file's (key, value) pairs: bit k of
 * pbits set for each kept bucket k, prank the kept buckets before each
 * word, pval[rank of k] = v.  Returns -1, or the first pair that is out of
 * range.  Built with and without POPCNT (common/clones.h). */
WN_CLONES_POPCNT
static int64_t prune_index(wn_lid_model *m, const unsigned char *pairs, size_t nw)
{
    for (int pass = 0; pass < 2; pass++) {
        for (int64_t i = 0; i < m->prune_size; i++) {
            int32_t k, v;
            memcpy(&k, pairs + i * 8, 4);
            memcpy(&v, pairs + i * 8 + 4, 4);
            if (k < 0 || v < 0 || v >= m->prune_size)
                return i;
            if (k >= m->bucket)
                continue; /* no n-gram hashes there */
            size_t wi = (uint32_t)k >> 6;
            uint64_t bit = 1ull << (k & 63);
            if (pass == 0)
                m->pbits[wi] |= bit;
            else /* a repeated key: the last wins, as in fastText */
                m->pval[m->prank[wi] + (uint32_t)__builtin_popcountll(m->pbits[wi] & (bit - 1))] = v;
        }
        if (pass == 0) {
            uint32_t rank = 0;
            for (size_t w = 0; w < nw; w++) {
                m->prank[w] = rank;
                rank += (uint32_t)__builtin_popcountll(m->pbits[w]);
            }
        }
    }
    return -1;
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
        int64_t bad = prune_index(m, pairs, nw);
        if (bad >= 0) {
            int32_t k, v;
            memcpy(&k, pairs + bad * 8, 4);
            memcpy(&v, pairs + bad * 8 + 4, 4);
            return fail(r, "corrupt model file: pruned n-gram pair %lld is (%d, %d)", (long long)bad, k, v);
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
