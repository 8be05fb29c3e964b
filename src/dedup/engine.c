/* engine.c: deciding which documents are duplicates.
 *
 * Verified mode (the default; also exact mode) is leader clustering: the
 * documents are visited in priority order (input order for keep first;
 * longest / earliest / latest first otherwise) and a document is removed
 * when its Jaccard with an already KEPT document is >= threshold; it then
 * belongs to that document's cluster (the most similar one; ties to the
 * earliest).  Every removed document is therefore within the threshold of
 * the document it names, never connected through a chain, and the
 * decision only needs the kept documents: an index of the kept documents
 * of earlier runs gives the same removals as one run over everything.
 *
 * Unverified mode (--preset fineweb) is datatrove's: any shared band joins
 * two documents (union-find over ALL documents); per cluster the first in
 * priority order is kept.  Streaming can only remove a document that
 * matches an earlier one; the two-pass resolve gives datatrove's batch
 * result (a document joined to an earlier cluster only through a later
 * one is removed too). */
#include "dedup.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"

/* ---- union-find ------------------------------------------------------- */
wn_status wn_uf_add(wn_uf *u, uint32_t *id)
{
    if (u->n == u->cap) {
        size_t cap = u->cap ? u->cap * 2 : 1024;
        uint32_t *p = realloc(u->parent, cap * sizeof *p);
        if (!p)
            return WN_ERR_NOMEM;
        u->parent = p;
        if (!(p = realloc(u->size, cap * sizeof *p)))
            return WN_ERR_NOMEM;
        u->size = p;
        if (!(p = realloc(u->first, cap * sizeof *p)))
            return WN_ERR_NOMEM;
        u->first = p;
        u->cap = cap;
    }
    uint32_t i = (uint32_t)u->n++;
    u->parent[i] = i;
    u->size[i] = 1;
    u->first[i] = i;
    *id = i;
    return WN_OK;
}

uint32_t wn_uf_find(wn_uf *u, uint32_t x)
{
    uint32_t r = x;
    while (u->parent[r] != r)
        r = u->parent[r];
    while (u->parent[x] != r) {   /* path compression */
        uint32_t nx = u->parent[x];
        u->parent[x] = r;
        x = nx;
    }
    return r;
}

uint32_t wn_uf_union(wn_uf *u, uint32_t a, uint32_t b)
{
    a = wn_uf_find(u, a);
    b = wn_uf_find(u, b);
    if (a == b)
        return a;
    if (u->size[a] < u->size[b]) {
        uint32_t t = a;
        a = b;
        b = t;
    }
    u->parent[b] = a;
    u->size[a] += u->size[b];
    if (u->first[b] < u->first[a])
        u->first[a] = u->first[b];
    return a;
}

void wn_uf_free(wn_uf *u)
{
    free(u->parent);
    free(u->size);
    free(u->first);
    memset(u, 0, sizeof *u);
}

/* ---- u64 -> chain head map (open addressing) ----------------------------- */
typedef struct hmap { uint64_t *key; uint32_t *head; size_t cap, n; } hmap;
#define NONE UINT32_MAX

static size_t hslot(uint64_t k, size_t cap)
{
    k ^= k >> 33;
    k *= UINT64_C(0xff51afd7ed558ccd);
    k ^= k >> 33;
    return (size_t)k & (cap - 1);
}

static uint32_t *hmap_find(hmap *m, uint64_t k)
{
    if (!m->cap)
        return NULL;
    for (size_t i = hslot(k, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->head[i] == NONE)
            return NULL;
        if (m->key[i] == k)
            return &m->head[i];
    }
}

/* Returns the slot for k, inserting (head NONE) when new. */
static wn_status hmap_slot(hmap *m, uint64_t k, uint32_t **slot)
{
    if ((m->n + 1) * 4 > m->cap * 3) {
        size_t cap = m->cap ? m->cap * 2 : 4096;
        hmap nm = {malloc(cap * sizeof(uint64_t)), malloc(cap * sizeof(uint32_t)), cap, 0};
        if (!nm.key || !nm.head) {
            free(nm.key);
            free(nm.head);
            return WN_ERR_NOMEM;
        }
        memset(nm.head, 0xff, cap * sizeof(uint32_t));
        for (size_t i = 0; i < m->cap; i++)
            if (m->head[i] != NONE) {
                size_t j = hslot(m->key[i], cap);
                while (nm.head[j] != NONE)
                    j = (j + 1) & (cap - 1);
                nm.key[j] = m->key[i];
                nm.head[j] = m->head[i];
            }
        nm.n = m->n;
        free(m->key);
        free(m->head);
        *m = nm;
    }
    size_t i = hslot(k, m->cap);
    for (; m->head[i] != NONE; i = (i + 1) & (m->cap - 1))
        if (m->key[i] == k) {
            *slot = &m->head[i];
            return WN_OK;
        }
    m->key[i] = k;
    m->n++;
    /* head stays NONE until the caller links an entry: mark it taken. */
    m->head[i] = NONE - 1;
    *slot = &m->head[i];
    return WN_OK;
}

static void hmap_free(hmap *m)
{
    free(m->key);
    free(m->head);
}

/* ---- the engine ---------------------------------------------------------- */
typedef struct edoc {
    char *id;
    uint64_t seq, length, csize;
    int64_t date;
    uint64_t exact[2];
    uint64_t *bk, *sh;     /* one block: nb band keys then nsh shingles */
    uint32_t nb, nsh;
    int empty;
    /* two-pass decision */
    int dup, spared;
    double sim;
    const char *dup_of;
    char *dup_of_owned;    /* dup_of when it came from the index */
    uint64_t dup_of_seq, dup_csize;
} edoc;

typedef struct entry { uint32_t doc, next; } entry;

struct wn_dedup_engine {
    wn_dedup_params p;
    wn_dedup_index *idx;
    edoc *docs;             /* kept (verified) or all (unverified) documents */
    size_t ndocs, docs_cap;
    edoc *col;              /* two-pass: collected documents */
    size_t ncol, col_cap;
    hmap bands, exact;
    entry *ent;
    size_t nent, ent_cap;
    uint32_t *stamp;        /* per doc: last add that saw it as candidate */
    size_t stamp_cap;
    uint32_t tick;
    wn_uf uf;
    uint64_t *cand;         /* candidate list of one add */
    size_t ncand, cand_cap;
    wn_idx_bump *bumps;     /* index docs whose cluster grew */
    size_t nbumps, bumps_cap;
    hmap bumpmap;           /* docno -> bumps index */
    char *idbuf;            /* id of an index document for a decision */
    size_t idbuf_cap;
    char **oversize;
    size_t noversize, oversize_cap;
    wn_dedup_counts c;
    int resolved;
};

wn_status wn_dedup_engine_new(const wn_dedup_params *p, wn_dedup_index *idx, wn_dedup_engine **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return WN_ERR_NOMEM;
    (*out)->p = *p;
    (*out)->idx = idx;
    return WN_OK;
}

static void edoc_free(edoc *d)
{
    free(d->dup_of_owned);
    free(d->id);
    free(d->bk);
}

void wn_dedup_engine_free(wn_dedup_engine *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->ndocs; i++)
        edoc_free(&e->docs[i]);
    for (size_t i = 0; i < e->ncol; i++)
        edoc_free(&e->col[i]);
    for (size_t i = 0; i < e->noversize; i++)
        free(e->oversize[i]);
    free(e->oversize);
    free(e->docs);
    free(e->col);
    hmap_free(&e->bands);
    hmap_free(&e->exact);
    hmap_free(&e->bumpmap);
    free(e->ent);
    free(e->stamp);
    wn_uf_free(&e->uf);
    free(e->cand);
    free(e->bumps);
    free(e->idbuf);
    free(e);
}

static wn_status grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return WN_OK;
    size_t c = *cap ? *cap : 256;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * elem);
    if (!q)
        return WN_ERR_NOMEM;
    *p = q;
    *cap = c;
    return WN_OK;
}

/* Copies a signature into an edoc. */
static wn_status edoc_make(const wn_dsig *s, const char *id, uint64_t seq, edoc *d)
{
    memset(d, 0, sizeof *d);
    d->id = strdup(id ? id : "");
    size_t n = (size_t)s->nbands + s->nsh;
    d->bk = malloc((n ? n : 1) * sizeof(uint64_t));
    if (!d->id || !d->bk) {
        free(d->id);
        free(d->bk);
        return WN_ERR_NOMEM;
    }
    if (s->nbands)
        memcpy(d->bk, s->bandkeys, s->nbands * sizeof(uint64_t));
    if (s->nsh)
        memcpy(d->bk + s->nbands, s->sh, s->nsh * sizeof(uint64_t));
    d->sh = d->bk + s->nbands;
    d->nb = s->nbands;
    d->nsh = s->nsh;
    d->seq = seq;
    d->length = s->length;
    d->date = s->date;
    d->exact[0] = s->exact[0];
    d->exact[1] = s->exact[1];
    d->empty = s->empty;
    d->csize = 1;
    return WN_OK;
}

/* Appends a copy to the table of indexed documents (kept, or all). */
static wn_status table_add(wn_dedup_engine *e, edoc *d, uint32_t *out_i)
{
    WN_TRY(grow((void **)&e->docs, &e->docs_cap, e->ndocs + 1, sizeof(edoc)));
    WN_TRY(grow((void **)&e->stamp, &e->stamp_cap, e->ndocs + 1, sizeof(uint32_t)));
    WN_TRY(grow((void **)&e->ent, &e->ent_cap, e->nent + d->nb + 1, sizeof(entry)));
    uint32_t i = (uint32_t)e->ndocs;
    e->stamp[i] = 0;
    for (uint32_t b = 0; b < d->nb; b++) {
        uint32_t *slot;
        WN_TRY(hmap_slot(&e->bands, d->bk[b], &slot));
        e->ent[e->nent] = (entry){i, *slot >= NONE - 1 ? NONE : *slot};
        *slot = (uint32_t)e->nent++;
    }
    uint32_t *slot;
    WN_TRY(hmap_slot(&e->exact, d->exact[0] ^ d->exact[1], &slot));
    e->ent[e->nent] = (entry){i, *slot >= NONE - 1 ? NONE : *slot};
    *slot = (uint32_t)e->nent++;
    e->docs[e->ndocs++] = *d;
    *out_i = i;
    return WN_OK;
}

static wn_status cand_push(wn_dedup_engine *e, uint64_t v)
{
    WN_TRY(grow((void **)&e->cand, &e->cand_cap, e->ncand + 1, sizeof(uint64_t)));
    e->cand[e->ncand++] = v;
    return WN_OK;
}

#define IDX_FLAG (UINT64_C(1) << 63)

static wn_status set_dup_of_index(wn_dedup_engine *e, const wn_idx_rec *r)
{
    WN_TRY(grow((void **)&e->idbuf, &e->idbuf_cap, r->id_len + 1, 1));
    memcpy(e->idbuf, r->id, r->id_len);
    e->idbuf[r->id_len] = 0;
    return WN_OK;
}

static wn_status bump_index(wn_dedup_engine *e, uint64_t docno, uint64_t *csize_now)
{
    uint32_t *slot;
    WN_TRY(hmap_slot(&e->bumpmap, docno, &slot));
    if (*slot >= NONE - 1) {
        WN_TRY(grow((void **)&e->bumps, &e->bumps_cap, e->nbumps + 1, sizeof(wn_idx_bump)));
        e->bumps[e->nbumps] = (wn_idx_bump){docno, 0};
        *slot = (uint32_t)e->nbumps++;
    }
    e->bumps[*slot].add++;
    *csize_now += e->bumps[*slot].add;
    return WN_OK;
}

static uint64_t index_extra(wn_dedup_engine *e, uint64_t docno)
{
    uint32_t *slot = hmap_find(&e->bumpmap, docno);
    return slot && *slot < NONE - 1 ? e->bumps[*slot].add : 0;
}

static wn_status note_oversize(wn_dedup_engine *e, const char *id)
{
    for (size_t i = 0; i < e->noversize; i++)
        if (!strcmp(e->oversize[i], id))
            return WN_OK;
    if (e->noversize >= 1000)
        return WN_OK;
    WN_TRY(grow((void **)&e->oversize, &e->oversize_cap, e->noversize + 1, sizeof(char *)));
    if (!(e->oversize[e->noversize] = strdup(id)))
        return WN_ERR_NOMEM;
    e->noversize++;
    return WN_OK;
}

/* Leader step: d is compared with the kept documents (memory and index). */
static wn_status leader_step(wn_dedup_engine *e, edoc *d, wn_dedup_decision *out)
{
    memset(out, 0, sizeof *out);
    out->dup_of_seq = UINT64_MAX;
    e->c.docs++;
    if (d->empty) {
        e->c.empty++;
        uint32_t i;
        return table_add(e, d, &i);   /* kept; it never matches anything */
    }
    if (++e->tick == 0)
        e->tick = 1;
    e->ncand = 0;
    /* exact copies first (similarity 1, no verification needed) */
    uint32_t *h = hmap_find(&e->exact, d->exact[0] ^ d->exact[1]);
    for (uint32_t k = h ? *h : NONE; k < NONE - 1; k = e->ent[k].next) {
        edoc *o = &e->docs[e->ent[k].doc];
        if (!o->empty && o->exact[0] == d->exact[0] && o->exact[1] == d->exact[1] &&
            e->stamp[e->ent[k].doc] != e->tick) {
            e->stamp[e->ent[k].doc] = e->tick;
            WN_TRY(cand_push(e, e->ent[k].doc));
        }
    }
    int found_exact_idx = 0;
    uint64_t exact_docno = 0;
    if (e->idx)
        WN_TRY(wn_idx_exact(e->idx, d->exact, &exact_docno, &found_exact_idx));
    size_t nexact = e->ncand;
    if (found_exact_idx)
        WN_TRY(cand_push(e, exact_docno | IDX_FLAG));
    nexact = e->ncand;
    if (e->p.mode == WN_DEDUP_NEAR) {
        for (uint32_t b = 0; b < d->nb; b++) {
            h = hmap_find(&e->bands, d->bk[b]);
            for (uint32_t k = h ? *h : NONE; k < NONE - 1; k = e->ent[k].next) {
                uint32_t o = e->ent[k].doc;
                if (e->stamp[o] != e->tick) {
                    e->stamp[o] = e->tick;
                    WN_TRY(cand_push(e, o));
                }
            }
            if (e->idx) {
                const uint64_t *v;
                size_t n;
                WN_TRY(wn_idx_band(e->idx, d->bk[b], &v, &n));
                for (size_t j = 0; j < n; j++) {
                    int seen = 0;
                    for (size_t q = nexact; q < e->ncand && !seen; q++)
                        seen = e->cand[q] == (v[j] | IDX_FLAG);
                    if (!seen && !(found_exact_idx && v[j] == exact_docno))
                        WN_TRY(cand_push(e, v[j] | IDX_FLAG));
                }
            }
        }
    }
    /* verify; choose the most similar kept document whose cluster has room */
    double best = -1;
    uint64_t best_c = 0, best_seq = UINT64_MAX, best_csize = 0;
    int over = 0;
    const char *over_id = NULL;
    wn_idx_rec rec;
    for (size_t q = 0; q < e->ncand; q++) {
        uint64_t c = e->cand[q];
        double j;
        uint64_t seq, csize;
        e->c.candidates++;
        if (c & IDX_FLAG) {
            WN_TRY(wn_idx_doc(e->idx, c & ~IDX_FLAG, &rec));
            seq = rec.seq;
            csize = rec.csize + index_extra(e, c & ~IDX_FLAG);
            if (q < nexact) {
                j = 1.0;
            } else {
                /* shingles are stored little-endian, possibly unaligned */
                size_t i = 0, k = 0, inter = 0;
                while (i < rec.nsh && k < d->nsh) {
                    uint64_t a = wn_idx_rec_sh(&rec, i);
                    if (a < d->sh[k]) i++;
                    else if (a > d->sh[k]) k++;
                    else { inter++; i++; k++; }
                }
                j = (double)inter / (double)(rec.nsh + d->nsh - inter);
                e->c.verified++;
            }
        } else {
            edoc *o = &e->docs[c];
            seq = o->seq;
            csize = o->csize;
            if (q < nexact) {
                j = 1.0;
            } else {
                j = wn_jaccard(o->sh, o->nsh, d->sh, d->nsh);
                e->c.verified++;
            }
        }
        if (j < e->p.threshold) {
            e->c.rejected_by_verify++;
            continue;
        }
        if (e->p.max_cluster && csize >= e->p.max_cluster) {
            over = 1;
            if (c & IDX_FLAG) {
                WN_TRY(set_dup_of_index(e, &rec));
                WN_TRY(note_oversize(e, e->idbuf));
            } else {
                over_id = e->docs[c].id;
                WN_TRY(note_oversize(e, over_id));
            }
            continue;
        }
        if (j > best || (j == best && seq < best_seq)) {
            best = j;
            best_c = c;
            best_seq = seq;
            best_csize = csize;
        }
    }
    if (best < 0) {
        if (over) {
            out->spared = 1;
            e->c.spared++;
        }
        uint32_t i;
        return table_add(e, d, &i);
    }
    out->duplicate = 1;
    out->similarity = best;
    e->c.duplicates++;
    if (best >= 1.0 && d->nsh == 0)
        e->c.exact++;
    else if (best >= 1.0)
        e->c.exact++;
    else
        e->c.near++;
    if (best_c & IDX_FLAG) {
        e->c.index_matches++;
        WN_TRY(wn_idx_doc(e->idx, best_c & ~IDX_FLAG, &rec));
        WN_TRY(set_dup_of_index(e, &rec));
        out->dup_of = e->idbuf;
        out->dup_of_seq = UINT64_MAX;
        uint64_t cs = rec.csize;
        WN_TRY(bump_index(e, best_c & ~IDX_FLAG, &cs));
        out->cluster_size = cs;
    } else {
        edoc *o = &e->docs[best_c];
        o->csize++;
        out->dup_of = o->id;
        out->dup_of_seq = o->seq;
        out->cluster_size = o->csize;
    }
    (void)best_csize;
    edoc_free(d);
    return WN_OK;
}

/* Union-find step (no verification): joins d with every document sharing
 * a band.  Returns in *joined whether it matched an earlier document. */
static wn_status uf_step(wn_dedup_engine *e, edoc *d, uint32_t *out_i, uint32_t *matched_bands,
                         uint32_t *best_other)
{
    e->c.docs++;
    if (d->empty)
        e->c.empty++;
    if (++e->tick == 0)
        e->tick = 1;
    uint32_t me;
    WN_TRY(wn_uf_add(&e->uf, &me));
    *matched_bands = 0;
    *best_other = NONE;
    uint32_t i;
    /* count shared bands per candidate (via stamps and the cand list) */
    e->ncand = 0;
    for (uint32_t b = 0; b < d->nb; b++) {
        uint32_t *h = hmap_find(&e->bands, d->bk[b]);
        for (uint32_t k = h ? *h : NONE; k < NONE - 1; k = e->ent[k].next) {
            uint32_t o = e->ent[k].doc;
            if (e->stamp[o] != e->tick) {
                e->stamp[o] = e->tick;
                WN_TRY(cand_push(e, o));
            }
        }
    }
    for (size_t q = 0; q < e->ncand; q++) {
        uint32_t o = (uint32_t)e->cand[q];
        e->c.candidates++;
        if (e->p.max_cluster &&
            wn_uf_find(&e->uf, o) != wn_uf_find(&e->uf, me) &&
            e->uf.size[wn_uf_find(&e->uf, o)] + e->uf.size[wn_uf_find(&e->uf, me)] > e->p.max_cluster) {
            WN_TRY(note_oversize(e, e->docs[e->uf.first[wn_uf_find(&e->uf, o)]].id));
            e->c.spared++;
            continue;
        }
        wn_uf_union(&e->uf, o, me);
        uint32_t shared = 0;
        for (uint32_t b = 0; b < d->nb && b < e->docs[o].nb; b++)
            shared += d->bk[b] == e->docs[o].bk[b];
        if (shared > *matched_bands) {
            *matched_bands = shared;
            *best_other = o;
        }
    }
    WN_TRY(table_add(e, d, &i));
    *out_i = i;
    return WN_OK;
}

static wn_status uf_decide_stream(wn_dedup_engine *e, edoc *d, wn_dedup_decision *out)
{
    memset(out, 0, sizeof *out);
    out->dup_of_seq = UINT64_MAX;
    uint32_t i, mb, other;
    WN_TRY(uf_step(e, d, &i, &mb, &other));
    if (other == NONE)
        return WN_OK;
    uint32_t r = wn_uf_find(&e->uf, i);
    edoc *k = &e->docs[e->uf.first[r]];
    out->duplicate = 1;
    out->similarity = e->docs[i].nb ? (double)mb / e->docs[i].nb : 0;
    out->dup_of = k->id;
    out->dup_of_seq = k->seq;
    out->cluster_size = e->uf.size[r];
    e->c.duplicates++;
    e->c.near++;
    return WN_OK;
}

wn_status wn_dedup_engine_add(wn_dedup_engine *e, const wn_dsig *sig, const char *id, uint64_t seq,
                              wn_dedup_decision *out)
{
    edoc d;
    WN_TRY(edoc_make(sig, id, seq, &d));
    wn_status s;
    if (e->p.mode == WN_DEDUP_NEAR && !e->p.verify) {
        s = uf_decide_stream(e, &d, out);
        if (s != WN_OK && e->ndocs == 0)
            edoc_free(&d);
        return s;
    }
    s = leader_step(e, &d, out);
    return s;
}

wn_status wn_dedup_engine_collect(wn_dedup_engine *e, const wn_dsig *sig, const char *id, uint64_t seq)
{
    WN_TRY(grow((void **)&e->col, &e->col_cap, e->ncol + 1, sizeof(edoc)));
    WN_TRY(edoc_make(sig, id, seq, &e->col[e->ncol]));
    e->ncol++;
    return WN_OK;
}

size_t wn_dedup_engine_collected(const wn_dedup_engine *e)
{
    return e->ncol;
}

static wn_keep sort_keep;
static const edoc *sort_col;

static int prio_cmp(const void *pa, const void *pb)
{
    const edoc *a = &sort_col[*(const uint32_t *)pa], *b = &sort_col[*(const uint32_t *)pb];
    switch (sort_keep) {
    case WN_KEEP_LONGEST:
        if (a->length != b->length)
            return a->length > b->length ? -1 : 1;
        break;
    case WN_KEEP_EARLIEST:
    case WN_KEEP_LATEST: {
        int ua = a->date == INT64_MIN, ub = b->date == INT64_MIN;
        if (ua != ub)
            return ua ? 1 : -1;   /* unknown dates last */
        if (a->date != b->date)
            return (sort_keep == WN_KEEP_EARLIEST) == (a->date < b->date) ? -1 : 1;
        break;
    }
    default:
        break;
    }
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

wn_status wn_dedup_engine_resolve(wn_dedup_engine *e)
{
    if (e->resolved)
        return WN_ERR_INTERNAL;
    e->resolved = 1;
    uint32_t *order = malloc((e->ncol ? e->ncol : 1) * sizeof *order);
    if (!order)
        return WN_ERR_NOMEM;
    for (size_t i = 0; i < e->ncol; i++)
        order[i] = (uint32_t)i;
    sort_keep = e->p.keep;   /* resolve is not re-entrant across threads */
    sort_col = e->col;
    qsort(order, e->ncol, sizeof *order, prio_cmp);
    wn_status s = WN_OK;
    if (e->p.mode == WN_DEDUP_NEAR && !e->p.verify) {
        /* union-find over everything, then per cluster the first in priority */
        uint32_t *tab = malloc((e->ncol ? e->ncol : 1) * sizeof *tab);
        uint32_t *mbv = malloc((e->ncol ? e->ncol : 1) * sizeof *mbv);
        if (!tab || !mbv) {
            free(tab);
            free(mbv);
            free(order);
            return WN_ERR_NOMEM;
        }
        for (size_t r = 0; r < e->ncol && s == WN_OK; r++) {
            edoc d = e->col[order[r]];
            d.id = strdup(d.id);
            d.bk = malloc(((size_t)d.nb + d.nsh + 1) * sizeof(uint64_t));
            if (!d.id || !d.bk) {
                free(d.id);
                free(d.bk);
                s = WN_ERR_NOMEM;
                break;
            }
            memcpy(d.bk, e->col[order[r]].bk, ((size_t)d.nb + d.nsh) * sizeof(uint64_t));
            d.sh = d.bk + d.nb;
            uint32_t other;
            s = uf_step(e, &d, &tab[r], &mbv[r], &other);
        }
        for (size_t r = 0; r < e->ncol && s == WN_OK; r++) {
            edoc *c = &e->col[order[r]];
            uint32_t root = wn_uf_find(&e->uf, tab[r]);
            uint32_t first = e->uf.first[root];
            if (first != tab[r]) {
                c->dup = 1;
                c->dup_of = e->docs[first].id;
                c->dup_of_seq = e->docs[first].seq;
                c->dup_csize = e->uf.size[root];
                c->sim = c->nb ? (double)mbv[r] / c->nb : 0;
                e->c.duplicates++;
                e->c.near++;
            }
        }
        free(tab);
        free(mbv);
    } else {
        for (size_t r = 0; r < e->ncol && s == WN_OK; r++) {
            edoc *c = &e->col[order[r]];
            edoc d;
            s = edoc_make(&(wn_dsig){.exact = {c->exact[0], c->exact[1]}, .length = c->length,
                                     .date = c->date, .nbands = c->nb, .nsh = c->nsh,
                                     .empty = c->empty, .bandkeys = c->bk, .sh = c->sh},
                          c->id, c->seq, &d);
            if (s != WN_OK)
                break;
            wn_dedup_decision dec;
            s = leader_step(e, &d, &dec);
            if (s == WN_OK && dec.duplicate) {
                c->dup = 1;
                c->sim = dec.similarity;
                c->dup_of_seq = dec.dup_of_seq;
                if (dec.dup_of_seq == UINT64_MAX) {   /* from the index: keep a copy */
                    if (!(c->dup_of_owned = strdup(dec.dup_of))) {
                        s = WN_ERR_NOMEM;
                        break;
                    }
                    c->dup_of = c->dup_of_owned;
                } else {
                    c->dup_of = dec.dup_of;
                }
            }
            if (s == WN_OK && dec.spared)
                c->spared = 1;
        }
        /* cluster sizes: final size of each keeper's cluster */
        for (size_t i = 0; s == WN_OK && i < e->ncol; i++)
            e->col[i].dup_csize = 0;
    }
    free(order);
    return s;
}

wn_status wn_dedup_engine_decision(wn_dedup_engine *e, size_t i, wn_dedup_decision *out)
{
    if (!e->resolved || i >= e->ncol)
        return WN_ERR_ARG;
    edoc *c = &e->col[i];
    memset(out, 0, sizeof *out);
    out->duplicate = c->dup;
    out->similarity = c->sim;
    out->dup_of = c->dup_of;
    out->dup_of_seq = c->dup_of_seq;
    out->cluster_size = c->dup_csize;
    out->spared = c->spared;
    return WN_OK;
}

wn_status wn_dedup_engine_keep(wn_dedup_engine *e, const wn_dsig *sig, const char *id, uint64_t seq)
{
    edoc d;
    WN_TRY(edoc_make(sig, id, seq, &d));
    uint32_t i;
    wn_status s = table_add(e, &d, &i);
    if (s != WN_OK)
        edoc_free(&d);
    return s;
}

wn_status wn_dedup_engine_commit(wn_dedup_engine *e)
{
    if (!e->idx)
        return WN_OK;
    size_t n = 0;
    wn_idx_new *v = malloc((e->ndocs ? e->ndocs : 1) * sizeof *v);
    if (!v)
        return WN_ERR_NOMEM;
    for (size_t i = 0; i < e->ndocs; i++) {
        edoc *d = &e->docs[i];
        if (e->p.mode == WN_DEDUP_NEAR && !e->p.verify && e->uf.n &&
            e->uf.first[wn_uf_find(&e->uf, (uint32_t)i)] != i)
            continue;   /* unverified mode: only each cluster's kept member */
        if (d->empty)
            continue;
        v[n++] = (wn_idx_new){
            .rec = {.id = d->id, .id_len = strlen(d->id), .seq = d->seq, .length = d->length,
                    .date = d->date, .csize = d->csize, .nsh = d->nsh,
                    .sh = (const unsigned char *)d->sh},
            .bandkeys = d->bk, .nb = d->nb, .exact = d->exact};
    }
    wn_status s = wn_idx_commit(e->idx, v, n, e->bumps, e->nbumps);
    free(v);
    return s;
}

void wn_dedup_engine_counts(const wn_dedup_engine *e, wn_dedup_counts *c)
{
    *c = e->c;
}

size_t wn_dedup_engine_oversize(const wn_dedup_engine *e, const char **ids, size_t max)
{
    size_t n = e->noversize < max ? e->noversize : max;
    for (size_t i = 0; i < n; i++)
        ids[i] = e->oversize[i];
    return e->noversize;
}

/* ---- dates ------------------------------------------------------------- */
static int digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        *v = *v * 10 + (s[i] - '0');
    }
    return 1;
}

static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t wn_dedup_parse_date(const char *s)
{
    int y, mo, d, h = 0, mi = 0, se = 0;
    if (!s || strlen(s) < 10 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
        s[7] != '-' || !digits(s + 8, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31)
        return INT64_MIN;
    const char *p = s + 10;
    int64_t off = 0;
    if (*p == 'T' || *p == ' ') {
        if (!digits(p + 1, 2, &h) || p[3] != ':' || !digits(p + 4, 2, &mi))
            return INT64_MIN;
        p += 6;
        if (*p == ':') {
            if (!digits(p + 1, 2, &se))
                return INT64_MIN;
            p += 3;
            if (*p == '.')
                for (p++; *p >= '0' && *p <= '9'; p++)
                    ;
        }
        if (*p == '+' || *p == '-') {
            int oh, om;
            if (!digits(p + 1, 2, &oh))
                return INT64_MIN;
            const char *q = p + 3;
            if (*q == ':')
                q++;
            if (!digits(q, 2, &om))
                om = 0;
            off = (oh * 3600 + om * 60) * (*p == '+' ? 1 : -1);
        }
    }
    return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
}
