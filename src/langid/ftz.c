/* ftz.c: fastText prediction (spec §6-§9): tokens, char n-grams, the
 * hidden vector and the output layer; the model is read by ftz_load.c.
 *
 * Written from ../shared/specs/fasttext-ftz.md; section numbers (§) refer to
 * it.  Results are meant to be bit-identical to fastText 0.9.2, so the float
 * arithmetic keeps fastText's operation order: no -ffast-math, and the
 * quantized input rows are dequantized at load time into exactly the
 * addends fastText uses (§5.2). */
#include "ftz_model.h"
#include "probfmt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"

static const unsigned char ft_sep[256] = {[' '] = 1, ['\n'] = 1, ['\r'] = 1, ['\t'] = 1,
                                          ['\v'] = 1, ['\f'] = 1, ['\0'] = 1};

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
    int32_t *path_node;       /* the greedy descent of hs_best_leaf: nodes */
    float *path_f;            /* and their sigmoids */
    int plain_walk;           /* tests: k = 1 by hs_dfs1 alone */
    unsigned long walks, fallbacks;
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

/* h extended by the len >= 1 bytes of one character (signed chars, as
 * fastText hashes them).  The first two bytes are unrolled: within a token
 * the character lengths rarely change, so these branches predict, where a
 * byte loop paid a mispredicted exit for every n-gram. */
static inline uint32_t fnv_char(uint32_t h, const unsigned char *p, uint32_t len)
{
    h = (h ^ (uint32_t)(int32_t)(int8_t)p[0]) * 16777619u;
    if (len > 1) {
        h = (h ^ (uint32_t)(int32_t)(int8_t)p[1]) * 16777619u;
        for (uint32_t j = 2; j < len; j++) /* three-byte characters, invalid UTF-8 */
            h = (h ^ (uint32_t)(int32_t)(int8_t)p[j]) * 16777619u;
    }
    return h;
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
 * misses and this overlaps them.  Built with and without the POPCNT
 * instruction for the rank look-ups (common/clones.h). */
WN_CLONES_POPCNT
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
            size_t end = nc - c < maxn ? nc - c : maxn;
            uint32_t h = fnv_char(2166136261u, w + cs[c], cs[c + 1] - cs[c]);
            if (minn == 1 && c != 0 && c + 1 != nc)
                SW_EMIT(h);
            for (size_t n = 2; n <= end; n++) {
                h = fnv_char(h, w + cs[c + n - 1], cs[c + n] - cs[c + n - 1]);
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
    p->path_node = malloc(((size_t)m->hs_depth + 2) * sizeof *p->path_node);
    p->path_f = malloc(((size_t)m->hs_depth + 2) * sizeof *p->path_f);
    if (!p->hidden || !p->output || !p->heap || !p->preds || !p->tc || !p->tc_rows || !p->path_node || !p->path_f) {
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
    free(p->path_node);
    free(p->path_f);
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
        int32_t wid = ftz_word_find(m, t, n, h);
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

/* hs_dfs for k = 1, where fastText's heap holds one prediction: a leaf
 * that is not pruned (score >= the best so far, or the first) replaces it,
 * so on a tie the later leaf wins, as push_heap + pop_heap leave it.  The
 * same nodes in the same order, without the heap. */
typedef struct hs_best {
    const wn_lid_model *m;
    const float *hidden;
    float log_thr, best;
    int32_t label; /* -1: none yet */
    /* the certified walk (hs_best_leaf) only: */
    const int32_t *path_node;   /* greedy descent, -1 after its last inner node */
    const float *path_f;
    float pruned;               /* highest bound of a subtree left unvisited */
    float near;                 /* best - near: a bound that close is made exact */
    float second;               /* highest other leaf visited */
} hs_best;

static inline int hs1_prunable(const hs_best *c, float score, float x)
{
    float s = score + (float)((double)x + 1e-5 - 1.0);
    return s < c->log_thr || (c->label >= 0 && s < c->best);
}

static inline float hs_sigmoid(const hs_best *c, int32_t node)
{
    float f = dot_row(c->m, c->hidden, node - c->m->nlabels);
    return (float)(1. / (1 + expf(-f)));
}

static void hs_dfs1(hs_best *c, int32_t node, float score)
{
    const wn_lid_model *m = c->m;
    if (score < c->log_thr || (c->label >= 0 && score < c->best))
        return;
    if (m->left[node] == -1 && m->right[node] == -1) {
        c->best = score;
        c->label = node;
        return;
    }
    float f = hs_sigmoid(c, node);
    float xl = (float)(1.0 - f);
    if (!hs1_prunable(c, score, xl))
        hs_dfs1(c, m->left[node], score + std_log(xl));
    if (!hs1_prunable(c, score, f))
        hs_dfs1(c, m->right[node], score + std_log(f));
}

/* hs1_prunable for the seeded walk, recording the pruned child's bound.
 * The cheap bound (y - 1 >= log y) is loose; where it comes near the best
 * leaf it would spoil the certificate, so the exact score is taken. */
static inline int hs1_seeded_pruned(hs_best *c, float score, float x)
{
    float s = score + (float)((double)x + 1e-5 - 1.0);
    if (!(s < c->log_thr || s < c->best))
        return 0;
    if (s >= c->best - c->near)
        s = score + std_log(x);
    c->pruned = s > c->pruned ? s : c->pruned;
    return 1;
}

/* hs_dfs1 started with a leaf already in hand (so it prunes from the
 * start), recording what it left unvisited.  pd >= 0: node is
 * path_node[pd], whose sigmoid is known; the path to the seed leaf is
 * always walked (scores can rise along it, so its nodes may score below
 * the leaf). */
static void hs_dfs1_seeded(hs_best *c, int32_t node, float score, int pd)
{
    const wn_lid_model *m = c->m;
    if (pd < 0 && (score < c->log_thr || score < c->best)) {
        c->pruned = score > c->pruned ? score : c->pruned;
        return;
    }
    if (m->left[node] == -1 && m->right[node] == -1) {
        if (node != c->label)
            c->second = c->best > c->second ? c->best : c->second;
        c->best = score;
        c->label = node;
        return;
    }
    float f = pd >= 0 ? c->path_f[pd] : hs_sigmoid(c, node);
    float xl = (float)(1.0 - f);
    int32_t l = m->left[node], r = m->right[node];
    int next = pd >= 0 ? pd + 1 : -1;
    int on_l = next >= 0 && c->path_node[next] == l, on_r = next >= 0 && c->path_node[next] == r;
    if (on_l || !hs1_seeded_pruned(c, score, xl))
        hs_dfs1_seeded(c, l, score + std_log(xl), on_l ? next : -1);
    if (on_r || !hs1_seeded_pruned(c, score, f))
        hs_dfs1_seeded(c, r, score + std_log(f), on_r ? next : -1);
}

/* fastText's answer for k = 1 with fewer nodes.  Its walk (hs_dfs1) goes
 * left first and prunes against the best leaf so far, which starts weak.
 * Here a greedy descent finds a likely leaf first and the walk prunes
 * against it.  Both walks return the highest-scoring leaf, except where
 * scores rise along a path: a step adds fl(std_log(x)) <= 1e-5 plus half an
 * ulp of the sum.  On a path to any leaf that matters here (above the
 * threshold's log(1e-5) = -11.52) every score stays above -16, where half
 * an ulp is under 5e-7: so a rise of at most g = 1.2e-5 per level and D*g
 * down a tree of depth D.  If fastText's walk ends on another leaf than the unique
 * highest one R*, it pruned an ancestor of R* below a leaf it had found, so
 * some other leaf scores above s(R*) - D*g.  So when every leaf this walk
 * left unvisited is below s - 2*D*g (its subtree's bound plus D*g), every
 * other visited leaf below s - D*g, and s is D*g clear of the threshold's
 * pruning, both walks give this leaf.  Otherwise the plain walk decides. */
static void hs_best_leaf(wn_lid_predictor *p, hs_best *b)
{
    const wn_lid_model *m = p->m;
    if (p->plain_walk) {
        hs_dfs1(b, 2 * m->nlabels - 2, 0.0f);
        return;
    }
    int32_t node = 2 * m->nlabels - 2;
    float score = 0.0f;
    int d = 0;
    while (m->left[node] != -1 || m->right[node] != -1) {
        float f = hs_sigmoid(b, node), xl = (float)(1.0 - f);
        p->path_node[d] = node;
        p->path_f[d++] = f;
        if (f >= xl) {
            score = score + std_log(f);
            node = m->right[node];
        } else {
            score = score + std_log(xl);
            node = m->left[node];
        }
    }
    p->path_node[d] = -1;
    p->walks++;
    const double dg = (double)m->hs_depth * 1.2e-5;
    if ((double)score >= (double)b->log_thr + 2 * dg) {
        hs_best s = *b;
        s.best = score;
        s.label = node;
        s.path_node = p->path_node;
        s.path_f = p->path_f;
        s.pruned = s.second = -INFINITY;
        s.near = (float)(4 * dg);
        hs_dfs1_seeded(&s, 2 * m->nlabels - 2, 0.0f, 0);
        if ((double)s.pruned < (double)s.best - 2 * dg && (double)s.second < (double)s.best - dg &&
            (double)s.best >= (double)b->log_thr + 2 * dg) {
            b->best = s.best;
            b->label = s.label;
            return;
        }
    }
    p->fallbacks++;
    hs_dfs1(b, 2 * m->nlabels - 2, 0.0f);
}

void wn_ftz_test_walk(wn_lid_predictor *p, int plain, unsigned long *walks, unsigned long *fallbacks)
{
    p->plain_walk = plain;
    *walks = p->walks;
    *fallbacks = p->fallbacks;
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
    if (m->loss == WN_FTZ_HS && k == 1) {
        hs_best b = {m, p->hidden, c.log_thr, 0.0f, -1, NULL, NULL, 0.0f, 0.0f, 0.0f};
        hs_best_leaf(p, &b);
        if (b.label >= 0) {
            out[0].score = b.best;
            out[0].label = b.label;
            out[0].prob = expf(b.best);
        }
        *nout = b.label >= 0;
        return;
    } else if (m->loss == WN_FTZ_HS) {
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
