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
 * Storage in the verified modes (bounded memory, store.h): every stored
 * document is one record in an unlinked spill file; RAM holds its offset
 * and cluster size and its band keys / exact hash in fingerprint tables
 * (6 bytes an entry).  A fingerprint match is used only when the record's
 * full key agrees, so the candidates are exactly those of full-key tables.
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
#include "mix.h"
#include "store.h"

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
    return (size_t)wn_mix_round(k) & (cap - 1);
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

/* Verified two-pass: a collected document (its record is in the spill). */
typedef struct crec {
    uint64_t off, seq, length;
    int64_t date;
    double sim;
    char *dup_of;
    uint32_t dup, spared;
} crec;

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
    /* verified modes (leader clustering): documents live in the spill
     * file; RAM holds per stored document its offset and cluster size
     * (0: stored for --pairs-out only, not a leader), and the compact
     * fingerprint tables of band keys and exact hashes. */
    char *tmpdir;
    wn_spill *sp;
    wn_fptab *kb, *kx;
    uint64_t *koff;
    uint32_t *kcs;
    size_t nk, kcap, koff_bytes, kcs_bytes;
    uint32_t *fv;           /* fingerprint look-up results */
    size_t nfv, fvcap;
    uint64_t *rb, *db;      /* record read buffers: candidate, current */
    size_t rbcap, dbcap;
    crec *cr;               /* two-pass collection (verified) */
    size_t ncr, crcap;
    wn_dedup_pair_fn pair_fn;
    void *pair_ctx;
    unsigned part, nparts;  /* --partition: only keys of partition part of nparts */
    uint32_t *cidx;         /* commit: stored documents that are kept */
    uint64_t cexact[2];
    wn_jset jset;           /* verification: set Jaccard of unsorted shingle lists */
    uint64_t *csh, *ctmp;   /* commit / index verification: a record's shingles */
    size_t cshcap;
};

/* e->csh (and e->ctmp) hold at least n words. */
static wn_status csh_room(wn_dedup_engine *e, size_t n)
{
    return wn_grow_pair(&e->csh, sizeof *e->csh, &e->ctmp, sizeof *e->ctmp, &e->cshcap, n);
}

/* ---- spill records ------------------------------------------------------- */
/* A stored document: this header, nb band keys, nsh shingles, the id
 * (padded to 8 bytes).  Native byte order: the file lives as long as the
 * process. */
typedef struct drec {
    uint64_t seq, length;
    int64_t date;
    uint64_t exact[2];
    uint32_t size, id_len, nb, nsh, empty, pad;
} drec;

typedef struct dview {
    drec h;
    const uint64_t *bk, *sh;
    const char *id;
} dview;

static wn_status rec_append(wn_dedup_engine *e, const wn_dsig *s, const char *id, uint64_t seq,
                            uint64_t *off)
{
    size_t idl = strlen(id);
    size_t words = (size_t)s->nbands + s->nsh;
    drec h = {.seq = seq, .length = s->length, .date = s->date, .exact = {s->exact[0], s->exact[1]},
              .id_len = (uint32_t)idl, .nb = s->nbands, .nsh = s->nsh, .empty = (uint32_t)s->empty};
    size_t size = sizeof h + words * 8 + (idl / 8 + 1) * 8;   /* id + 1..8 NULs */
    if (size > UINT32_MAX || idl > UINT32_MAX)
        return WN_ERR_LIMIT;
    h.size = (uint32_t)size;
    static const char zero[8];
    WN_TRY(wn_spill_append(e->sp, &h, sizeof h, off));
    uint64_t o;
    if (s->nbands)
        WN_TRY(wn_spill_append(e->sp, s->bandkeys, s->nbands * 8, &o));
    if (s->nsh)
        WN_TRY(wn_spill_append(e->sp, s->sh, s->nsh * 8, &o));
    WN_TRY(wn_spill_append(e->sp, id, idl, &o));
    WN_TRY(wn_spill_append(e->sp, zero, 8 - (idl & 7), &o));
    return WN_OK;
}

static wn_status verified_init(wn_dedup_engine *e)
{
    if (!e->sp)
        WN_TRY(wn_spill_open(e->tmpdir, &e->sp));
    if (!e->kb)
        WN_TRY(wn_fptab_new(&e->kb));
    if (!e->kx)
        WN_TRY(wn_fptab_new(&e->kx));
    return WN_OK;
}

/* Reads the record at off into *buf (grown as needed) and points v into it. */
static wn_status rec_read(wn_dedup_engine *e, uint64_t off, uint64_t **buf, size_t *cap, dview *v)
{
    uint64_t avail = wn_spill_size(e->sp) - off;
    size_t first = avail < 4096 ? (size_t)avail : 4096;
    if (first < sizeof(drec))
        return WN_ERR_INTERNAL;
    if (*cap < 512) {
        uint64_t *p = realloc(*buf, 512 * 8);
        if (!p)
            return WN_ERR_NOMEM;
        *buf = p;
        *cap = 512;
    }
    WN_TRY(wn_spill_read(e->sp, off, *buf, first));
    memcpy(&v->h, *buf, sizeof v->h);
    if (v->h.size > first) {
        size_t words = (v->h.size + 7) / 8;
        if (*cap < words) {
            uint64_t *p = realloc(*buf, words * 8);
            if (!p)
                return WN_ERR_NOMEM;
            *buf = p;
            *cap = words;
        }
        WN_TRY(wn_spill_read(e->sp, off + first, (char *)*buf + first, v->h.size - first));
    }
    v->bk = *buf + sizeof(drec) / 8;
    v->sh = v->bk + v->h.nb;
    v->id = (const char *)(v->sh + v->h.nsh);
    return WN_OK;
}

static uint64_t exact_key(const uint64_t x[2])
{
    return x[0] ^ x[1];
}

/* Stores a document (already in the spill at off, or appended now) as
 * number e->nk; csize 1 for a kept document, 0 for one stored only for
 * --pairs-out. */
unsigned wn_dedup_partition_of(uint64_t key, unsigned nparts)
{
    /* the keys are hashes already; one more mix so that the partition does
     * not follow the fingerprint tables' buckets (the key's top bits) */
    return nparts > 1 ? (unsigned)(wn_mix_round(key) % nparts) : 0;
}

void wn_dedup_engine_set_partition(wn_dedup_engine *e, unsigned part, unsigned nparts)
{
    e->part = part;
    e->nparts = nparts;
}

/* Whether this process looks up and stores key (always without --partition). */
static int own_key(const wn_dedup_engine *e, uint64_t key)
{
    return e->nparts <= 1 || wn_dedup_partition_of(key, e->nparts) == e->part;
}

static wn_status store_doc(wn_dedup_engine *e, const wn_dsig *s, const char *id, uint64_t seq,
                           uint64_t off, uint32_t csize)
{
    if (e->nk >= UINT32_MAX - 1)
        return WN_ERR_LIMIT;
    WN_TRY(verified_init(e));
    if (off == UINT64_MAX)
        WN_TRY(rec_append(e, s, id, seq, &off));
    if (e->nk == e->kcap) {   /* own mappings: untouched capacity costs no RAM */
        size_t cap = e->kcap ? e->kcap * 2 : 4096;
        WN_TRY(wn_map_resize((void **)&e->koff, &e->koff_bytes, cap * sizeof *e->koff));
        WN_TRY(wn_map_resize((void **)&e->kcs, &e->kcs_bytes, cap * sizeof *e->kcs));
        e->kcap = cap;
    }
    uint32_t i = (uint32_t)e->nk;
    for (uint32_t b = 0; b < s->nbands; b++)
        if (own_key(e, s->bandkeys[b]))
            WN_TRY(wn_fptab_add(e->kb, s->bandkeys[b], i));
    if (own_key(e, exact_key(s->exact)))
        WN_TRY(wn_fptab_add(e->kx, exact_key(s->exact), i));
    e->koff[i] = off;
    e->kcs[i] = csize;
    e->nk++;
    return WN_OK;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorts and removes repeats in e->fv[from..). */
static void fv_unique(wn_dedup_engine *e, size_t from)
{
    size_t n = e->nfv - from;
    if (n < 2)
        return;
    qsort(e->fv + from, n, sizeof *e->fv, cmp_u32);
    size_t k = from + 1;
    for (size_t i = from + 1; i < e->nfv; i++)
        if (e->fv[i] != e->fv[k - 1])
            e->fv[k++] = e->fv[i];
    e->nfv = k;
}

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
    wn_spill_close(e->sp);
    wn_fptab_free(e->kb);
    wn_fptab_free(e->kx);
    wn_map_free(e->koff, e->koff_bytes);
    wn_map_free(e->kcs, e->kcs_bytes);
    free(e->fv);
    free(e->rb);
    free(e->db);
    wn_jset_free(&e->jset);
    free(e->csh);
    free(e->ctmp);
    for (size_t i = 0; i < e->ncr; i++)
        free(e->cr[i].dup_of);
    free(e->cr);
    free(e->tmpdir);
    free(e);
}

static wn_status verified_init(wn_dedup_engine *e);

wn_status wn_dedup_engine_set_tmpdir(wn_dedup_engine *e, const char *dir)
{
    if (e->sp)
        return WN_ERR_ARG;   /* too late: the spill file exists */
    free(e->tmpdir);
    e->tmpdir = NULL;
    if (dir && !(e->tmpdir = strdup(dir)))
        return WN_ERR_NOMEM;
    if (e->p.mode == WN_DEDUP_NEAR && !e->p.verify)
        return WN_OK;   /* union-find mode keeps no spill file */
    return verified_init(e);   /* open it now, so that a bad directory is reported at once */
}

void wn_dedup_engine_set_pairs(wn_dedup_engine *e, wn_dedup_pair_fn fn, void *ctx)
{
    e->pair_fn = fn;
    e->pair_ctx = ctx;
}

uint64_t wn_dedup_engine_spill_bytes(const wn_dedup_engine *e)
{
    return e->sp ? wn_spill_size(e->sp) : 0;
}

size_t wn_dedup_engine_ram(const wn_dedup_engine *e)
{
    size_t b = e->nk * (sizeof(uint64_t) + sizeof(uint32_t));
    if (e->kb)
        b += wn_fptab_bytes(e->kb);
    if (e->kx)
        b += wn_fptab_bytes(e->kx);
    return b;
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

/* Leader step: d is compared with the kept documents (spill and index).
 * off: where d already is in the spill (two-pass), else UINT64_MAX. */
static wn_status leader_step(wn_dedup_engine *e, const wn_dsig *d, const char *id, uint64_t seq,
                             uint64_t off, wn_dedup_decision *out)
{
    memset(out, 0, sizeof *out);
    out->dup_of_seq = UINT64_MAX;
    e->c.docs++;
    if (d->empty) {
        e->c.empty++;
        return WN_OK;   /* kept; it never matches anything, so it is not stored */
    }
    e->ncand = 0;
    e->nfv = 0;
    dview v;
    /* exact copies first (similarity 1, no verification needed); a
     * fingerprint match is only a candidate once the record's full hash agrees */
    if (own_key(e, exact_key(d->exact)))
        WN_TRY(wn_fptab_find(e->kx, exact_key(d->exact), &e->fv, &e->nfv, &e->fvcap));
    fv_unique(e, 0);
    size_t nx = 0;
    for (size_t q = 0; q < e->nfv; q++) {
        WN_TRY(rec_read(e, e->koff[e->fv[q]], &e->rb, &e->rbcap, &v));
        if (!v.h.empty && v.h.exact[0] == d->exact[0] && v.h.exact[1] == d->exact[1]) {
            e->fv[nx++] = e->fv[q];
            WN_TRY(cand_push(e, e->fv[q]));
        } else {
            e->c.fp_collisions++;
        }
    }
    e->nfv = nx;
    int found_exact_idx = 0;
    uint64_t exact_docno = 0;
    if (e->idx)
        WN_TRY(wn_idx_exact(e->idx, d->exact, &exact_docno, &found_exact_idx));
    if (found_exact_idx)
        WN_TRY(cand_push(e, exact_docno | IDX_FLAG));
    size_t nexact = e->ncand;
    if (e->p.mode == WN_DEDUP_NEAR) {
        for (uint32_t b = 0; b < d->nbands; b++)
            if (own_key(e, d->bandkeys[b]))
                WN_TRY(wn_fptab_find(e->kb, d->bandkeys[b], &e->fv, &e->nfv, &e->fvcap));
        fv_unique(e, nx);
        for (size_t q = nx; q < e->nfv; q++)
            if (!nx || !bsearch(&e->fv[q], e->fv, nx, sizeof *e->fv, cmp_u32))
                WN_TRY(cand_push(e, e->fv[q]));
        size_t nmem = e->ncand;
        for (uint32_t b = 0; e->idx && b < d->nbands; b++) {
            const uint64_t *iv;
            size_t n;
            WN_TRY(wn_idx_band(e->idx, d->bandkeys[b], &iv, &n));
            for (size_t j = 0; j < n; j++) {
                int seen = 0;
                for (size_t q = nmem; q < e->ncand && !seen; q++)
                    seen = e->cand[q] == (iv[j] | IDX_FLAG);
                if (!seen && !(found_exact_idx && iv[j] == exact_docno))
                    WN_TRY(cand_push(e, iv[j] | IDX_FLAG));
            }
        }
    }
    /* verify; choose the most similar kept document whose cluster has room */
    double best = -1;
    uint64_t best_c = 0, best_seq = UINT64_MAX;
    int over = 0;
    wn_idx_rec rec;
    for (size_t q = 0; q < e->ncand; q++) {
        uint64_t c = e->cand[q];
        double j;
        uint64_t cseq, csize;
        int leader = 1;
        const char *cid = "";
        if (c & IDX_FLAG) {
            e->c.candidates++;
            WN_TRY(wn_idx_doc(e->idx, c & ~IDX_FLAG, &rec));
            cseq = rec.seq;
            csize = rec.csize + index_extra(e, c & ~IDX_FLAG);
            if (q < nexact) {
                j = 1.0;
            } else {
                /* shingles are stored little-endian, possibly unaligned;
                 * d's may be unsorted (wn_minhasher_sign_unsorted) */
                WN_TRY(csh_room(e, rec.nsh));
                for (size_t i = 0; i < rec.nsh; i++)
                    e->csh[i] = wn_idx_rec_sh(&rec, i);
                WN_TRY(wn_jaccard_any(&e->jset, e->csh, rec.nsh, d->sh, d->nsh, &j));
                e->c.verified++;
            }
            if (e->pair_fn && j >= e->p.threshold) {
                WN_TRY(set_dup_of_index(e, &rec));
                WN_TRY(e->pair_fn(e->pair_ctx, e->idbuf, UINT64_MAX, id, seq, j));
            }
        } else {
            WN_TRY(rec_read(e, e->koff[c], &e->rb, &e->rbcap, &v));
            if (q >= nexact) {
                /* a band fingerprint matched: is a band key really shared? */
                int hit = 0;
                for (uint32_t i = 0; i < v.h.nb && !hit; i++)
                    for (uint32_t k = 0; k < d->nbands && !hit; k++)
                        hit = v.bk[i] == d->bandkeys[k];
                if (!hit) {
                    e->c.fp_collisions++;
                    continue;
                }
            }
            leader = e->kcs[c] != 0;
            cseq = v.h.seq;
            csize = e->kcs[c];
            cid = v.id;
            if (leader)
                e->c.candidates++;
            if (q < nexact) {
                j = 1.0;
            } else {
                WN_TRY(wn_jaccard_any(&e->jset, v.sh, v.h.nsh, d->sh, d->nsh, &j));
                if (leader)
                    e->c.verified++;
            }
            if (e->pair_fn && j >= e->p.threshold)
                WN_TRY(e->pair_fn(e->pair_ctx, cid, cseq, id, seq, j));
            if (!leader)
                continue;   /* a removed document (stored for --pairs-out) */
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
                WN_TRY(note_oversize(e, cid));
            }
            continue;
        }
        if (j > best || (j == best && cseq < best_seq)) {
            best = j;
            best_c = c;
            best_seq = cseq;
        }
    }
    if (best < 0) {
        if (over) {
            out->spared = 1;
            e->c.spared++;
        }
        return store_doc(e, d, id, seq, off, 1);
    }
    out->duplicate = 1;
    out->similarity = best;
    e->c.duplicates++;
    if (best >= 1.0)
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
        WN_TRY(rec_read(e, e->koff[best_c], &e->rb, &e->rbcap, &v));
        WN_TRY(grow((void **)&e->idbuf, &e->idbuf_cap, (size_t)v.h.id_len + 1, 1));
        memcpy(e->idbuf, v.id, (size_t)v.h.id_len + 1);
        e->kcs[best_c]++;
        out->dup_of = e->idbuf;
        out->dup_of_seq = v.h.seq;
        out->cluster_size = e->kcs[best_c];
    }
    if (e->pair_fn)   /* removed documents are compared too: every verified pair */
        WN_TRY(store_doc(e, d, id, seq, off, 0));
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

static int verified(const wn_dedup_engine *e)
{
    return !(e->p.mode == WN_DEDUP_NEAR && !e->p.verify);
}

wn_status wn_dedup_engine_add(wn_dedup_engine *e, const wn_dsig *sig, const char *id, uint64_t seq,
                              wn_dedup_decision *out)
{
    if (verified(e)) {
        WN_TRY(verified_init(e));
        return leader_step(e, sig, id ? id : "", seq, UINT64_MAX, out);
    }
    edoc d;
    WN_TRY(edoc_make(sig, id, seq, &d));
    wn_status s = uf_decide_stream(e, &d, out);
    if (s != WN_OK && e->ndocs == 0)
        edoc_free(&d);
    return s;
}

wn_status wn_dedup_engine_collect(wn_dedup_engine *e, const wn_dsig *sig, const char *id, uint64_t seq)
{
    if (verified(e)) {   /* the record goes to the spill; RAM keeps what sorting needs */
        WN_TRY(verified_init(e));
        WN_TRY(grow((void **)&e->cr, &e->crcap, e->ncr + 1, sizeof(crec)));
        crec *c = &e->cr[e->ncr];
        memset(c, 0, sizeof *c);
        c->seq = seq;
        c->length = sig->length;
        c->date = sig->date;
        WN_TRY(rec_append(e, sig, id ? id : "", seq, &c->off));
        e->ncr++;
        return WN_OK;
    }
    WN_TRY(grow((void **)&e->col, &e->col_cap, e->ncol + 1, sizeof(edoc)));
    WN_TRY(edoc_make(sig, id, seq, &e->col[e->ncol]));
    e->ncol++;
    return WN_OK;
}

size_t wn_dedup_engine_collected(const wn_dedup_engine *e)
{
    return verified(e) ? e->ncr : e->ncol;
}

/* A document's place in the keep order, as one key that needs no context
 * to compare: longest first, or earliest/latest date first with unknown
 * dates last, then input order.  (The sort used to read the policy from
 * file-static state, which made resolving not re-entrant.) */
typedef struct prio {
    uint32_t unknown_date; /* 1 sorts after 0 */
    uint32_t idx;          /* in the collection */
    uint64_t primary, seq;
} prio;

static prio prio_of(wn_keep keep, uint64_t length, int64_t date, uint64_t seq, size_t idx)
{
    prio p = {.idx = (uint32_t)idx, .seq = seq};
    uint64_t d = (uint64_t)date ^ (1ULL << 63); /* int64 order as uint64 order */
    switch (keep) {
    case WN_KEEP_LONGEST:
        p.primary = UINT64_MAX - length;
        break;
    case WN_KEEP_EARLIEST:
    case WN_KEEP_LATEST:
        p.unknown_date = date == INT64_MIN;
        p.primary = p.unknown_date ? 0 : keep == WN_KEEP_EARLIEST ? d : ~d;
        break;
    default:
        break;
    }
    return p;
}

static int prio_cmp(const void *pa, const void *pb)
{
    const prio *a = pa, *b = pb;
    if (a->unknown_date != b->unknown_date)
        return a->unknown_date ? 1 : -1;
    if (a->primary != b->primary)
        return a->primary < b->primary ? -1 : 1;
    if (a->seq != b->seq)
        return a->seq < b->seq ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* The collection's indices in keep order, from keys[0..n) (freed here);
 * NULL when out of memory. */
static uint32_t *priority_order(prio *keys, size_t n)
{
    uint32_t *order = keys ? malloc((n ? n : 1) * sizeof *order) : NULL;
    if (order) {
        qsort(keys, n, sizeof *keys, prio_cmp);
        for (size_t i = 0; i < n; i++)
            order[i] = keys[i].idx;
    }
    free(keys);
    return order;
}

static wn_status resolve_verified(wn_dedup_engine *e)
{
    prio *keys = malloc((e->ncr ? e->ncr : 1) * sizeof *keys);
    for (size_t i = 0; keys && i < e->ncr; i++)
        keys[i] = prio_of(e->p.keep, e->cr[i].length, e->cr[i].date, e->cr[i].seq, i);
    uint32_t *order = priority_order(keys, e->ncr);
    if (!order)
        return WN_ERR_NOMEM;
    wn_status s = WN_OK;
    for (size_t r = 0; r < e->ncr && s == WN_OK; r++) {
        crec *c = &e->cr[order[r]];
        dview v;
        if ((s = rec_read(e, c->off, &e->db, &e->dbcap, &v)) != WN_OK)
            break;
        wn_dsig sig = {.exact = {v.h.exact[0], v.h.exact[1]}, .length = v.h.length, .date = v.h.date,
                       .nbands = v.h.nb, .nsh = v.h.nsh, .empty = (int)v.h.empty,
                       .bandkeys = (uint64_t *)v.bk, .sh = (uint64_t *)v.sh};
        wn_dedup_decision dec;
        s = leader_step(e, &sig, v.id, c->seq, c->off, &dec);
        if (s == WN_OK && dec.duplicate) {
            c->dup = 1;
            c->sim = dec.similarity;
            if (!(c->dup_of = strdup(dec.dup_of)))
                s = WN_ERR_NOMEM;
        }
        if (s == WN_OK && dec.spared)
            c->spared = 1;
    }
    free(order);
    return s;
}

wn_status wn_dedup_engine_resolve(wn_dedup_engine *e)
{
    if (e->resolved)
        return WN_ERR_INTERNAL;
    e->resolved = 1;
    if (verified(e))
        return resolve_verified(e);
    prio *keys = malloc((e->ncol ? e->ncol : 1) * sizeof *keys);
    for (size_t i = 0; keys && i < e->ncol; i++)
        keys[i] = prio_of(e->p.keep, e->col[i].length, e->col[i].date, e->col[i].seq, i);
    uint32_t *order = priority_order(keys, e->ncol);
    if (!order)
        return WN_ERR_NOMEM;
    wn_status s = WN_OK;
    {
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
    }
    free(order);
    return s;
}

wn_status wn_dedup_engine_decision(wn_dedup_engine *e, size_t i, wn_dedup_decision *out)
{
    if (verified(e)) {
        if (!e->resolved || i >= e->ncr)
            return WN_ERR_ARG;
        const crec *c = &e->cr[i];
        memset(out, 0, sizeof *out);
        out->duplicate = (int)c->dup;
        out->similarity = c->sim;
        out->dup_of = c->dup_of;
        out->dup_of_seq = UINT64_MAX;
        out->spared = (int)c->spared;
        return WN_OK;
    }
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
    if (verified(e)) {   /* only the index needs the kept documents of pass 2 */
        if (!e->idx || sig->empty)
            return WN_OK;
        return store_doc(e, sig, id ? id : "", seq, UINT64_MAX, 1);
    }
    edoc d;
    WN_TRY(edoc_make(sig, id, seq, &d));
    uint32_t i;
    wn_status s = table_add(e, &d, &i);
    if (s != WN_OK)
        edoc_free(&d);
    return s;
}

static wn_status commit_get(void *ctx, size_t i, wn_idx_new *out)
{
    wn_dedup_engine *e = ctx;
    dview v;
    WN_TRY(rec_read(e, e->koff[e->cidx[i]], &e->rb, &e->rbcap, &v));
    /* the index keeps sorted unique shingle sets; the spill may hold them
     * in text order with repeats */
    WN_TRY(csh_room(e, v.h.nsh));
    if (v.h.nsh)
        memcpy(e->csh, v.sh, v.h.nsh * sizeof *e->csh);
    size_t nsh = wn_sort_unique_u64(e->csh, v.h.nsh, e->ctmp);
    *out = (wn_idx_new){
        .rec = {.id = v.id, .id_len = v.h.id_len, .seq = v.h.seq, .length = v.h.length,
                .date = v.h.date, .csize = e->kcs[e->cidx[i]], .nsh = (uint32_t)nsh,
                .sh = (const unsigned char *)e->csh},
        .bandkeys = v.bk, .nb = v.h.nb, .exact = e->cexact};
    e->cexact[0] = v.h.exact[0];
    e->cexact[1] = v.h.exact[1];
    return WN_OK;
}

wn_status wn_dedup_engine_commit(wn_dedup_engine *e)
{
    if (!e->idx)
        return WN_OK;
    if (verified(e)) {   /* kept documents, read back from the spill one at a time */
        size_t n = 0;
        e->cidx = malloc((e->nk ? e->nk : 1) * sizeof *e->cidx);
        if (!e->cidx)
            return WN_ERR_NOMEM;
        for (size_t i = 0; i < e->nk; i++)
            if (e->kcs[i])
                e->cidx[n++] = (uint32_t)i;
        wn_status s = wn_idx_commit_cb(e->idx, n, commit_get, e, e->bumps, e->nbumps);
        free(e->cidx);
        e->cidx = NULL;
        return s;
    }
    size_t n = 0;
    wn_idx_new *v = malloc((e->ndocs ? e->ndocs : 1) * sizeof *v);
    if (!v)
        return WN_ERR_NOMEM;
    for (size_t i = 0; i < e->ndocs; i++) {
        edoc *d = &e->docs[i];
        if (e->uf.n && e->uf.first[wn_uf_find(&e->uf, (uint32_t)i)] != i)
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
