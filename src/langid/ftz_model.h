/* ftz_model.h: the loaded fastText model, shared by the reader (ftz_load.c)
 * and the predictor (ftz.c); private to src/langid. */
#ifndef WN_LANGID_FTZ_MODEL_H
#define WN_LANGID_FTZ_MODEL_H

#include <stdint.h>
#include <string.h>

#include "common/clones.h"
#include "ftz.h"

#define FT_MAGIC 793712314
#define FT_VERSION 12
#define FT_KSUB 256
#define FT_MAX_DIM 65536
#define FT_MAX_DEPTH 1000     /* of the hierarchical-softmax tree */

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
    int32_t hs_depth;         /* its deepest leaf's depth (root: 0) */
    float sigmoid_table[513];
};

static inline int popcount64(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (int)((x * 0x0101010101010101ull) >> 56);
}

/* The dictionary entry of word w (hash h), or -1. */
static inline int32_t ftz_word_find(const wn_lid_model *m, const char *w, size_t n, uint32_t h)
{
    for (uint32_t i = h & m->wmask;; i = (i + 1) & m->wmask) {
        int32_t id = m->wtab[i].id;
        if (id < 0)
            return -1;
        if (m->wtab[i].hash == h && m->str_len[id] == n && memcmp(m->strings + m->str_off[id], w, n) == 0)
            return id;
    }
}

#endif
