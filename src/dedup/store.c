/* store.c: spill log and fingerprint multimap (see store.h). */
#define _GNU_SOURCE   /* mremap */
#include "dedup/store.h"
#include "dedup/mix.h"

#include <sys/mman.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dedup/dedup.h"

/* ---- anonymous mappings ------------------------------------------------- */
/* Large arrays that grow live in their own mappings: growing is mremap
 * (no copy, no transient double), freeing returns the pages at once, and
 * nothing fragments the heap.  Fresh pages read as zero. */
static size_t page_round(size_t n)
{
    return (n + 4095) & ~(size_t)4095;
}

wn_status wn_map_resize(void **p, size_t *cap, size_t need)
{
    need = page_round(need ? need : 1);
    if (need == *cap)
        return WN_OK;
    void *q;
    if (!*p)
        q = mmap(NULL, need, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    else
        q = mremap(*p, *cap, need, MREMAP_MAYMOVE);
    if (q == MAP_FAILED)
        return WN_ERR_NOMEM;
    *p = q;
    *cap = need;
    return WN_OK;
}

void wn_map_free(void *p, size_t cap)
{
    if (p)
        munmap(p, cap);
}

/* ---- spill log ------------------------------------------------------- */
#define SPILL_BUF (1u << 20)

struct wn_spill {
    int fd;
    uint64_t flushed;       /* bytes in the file */
    size_t nbuf;            /* bytes in buf, logically after the file */
    unsigned char *buf;
};

wn_status wn_spill_open(const char *dir, wn_spill **out)
{
    *out = NULL;
    if (!dir || !*dir)
        dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    size_t n = strlen(dir) + 32;
    char *path = malloc(n);
    wn_spill *s = calloc(1, sizeof *s);
    if (!path || !s || !(s->buf = malloc(SPILL_BUF))) {
        free(path);
        if (s)
            free(s->buf);
        free(s);
        return WN_ERR_NOMEM;
    }
    snprintf(path, n, "%s/winnow-spill-XXXXXX", dir);
    s->fd = mkstemp(path);
    if (s->fd < 0) {
        free(path);
        free(s->buf);
        free(s);
        return WN_ERR_IO;
    }
    unlink(path);
    free(path);
    *out = s;
    return WN_OK;
}

void wn_spill_close(wn_spill *s)
{
    if (!s)
        return;
    close(s->fd);
    free(s->buf);
    free(s);
}

static wn_status spill_flush(wn_spill *s)
{
    size_t done = 0;
    while (done < s->nbuf) {
        ssize_t w = pwrite(s->fd, s->buf + done, s->nbuf - done, (off_t)(s->flushed + done));
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return WN_ERR_IO;
        done += (size_t)w;
    }
    s->flushed += s->nbuf;
    s->nbuf = 0;
    return WN_OK;
}

wn_status wn_spill_append(wn_spill *s, const void *data, size_t n, uint64_t *off)
{
    *off = s->flushed + s->nbuf;
    const unsigned char *p = data;
    while (n) {
        if (s->nbuf == SPILL_BUF)
            WN_TRY(spill_flush(s));
        size_t k = SPILL_BUF - s->nbuf < n ? SPILL_BUF - s->nbuf : n;
        memcpy(s->buf + s->nbuf, p, k);
        s->nbuf += k;
        p += k;
        n -= k;
    }
    return WN_OK;
}

wn_status wn_spill_read(wn_spill *s, uint64_t off, void *out, size_t n)
{
    if (off > s->flushed + s->nbuf || n > s->flushed + s->nbuf - off)
        return WN_ERR_ARG;
    unsigned char *o = out;
    while (n && off < s->flushed) {   /* the part in the file */
        size_t k = s->flushed - off < n ? (size_t)(s->flushed - off) : n;
        ssize_t r = pread(s->fd, o, k, (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return WN_ERR_IO;
        o += r;
        off += (uint64_t)r;
        n -= (size_t)r;
    }
    if (n)   /* the part still in the write buffer */
        memcpy(o, s->buf + (off - s->flushed), n);
    return WN_OK;
}

uint64_t wn_spill_size(const wn_spill *s)
{
    return s->flushed + s->nbuf;
}

/* ---- fingerprint multimap ---------------------------------------------- */
/* Buffer: open addressing over packed (fp << 32 | doc), EMPTY = all ones;
 * flushed into a run at half load. */
#define BUF_SLOTS (1u << 16)
#define BUF_MAX (BUF_SLOTS / 2)
#define EMPTY UINT64_MAX

/* A sorted run: entries ordered by (fp, doc); lo = fp & 0xffff; the
 * directory at resolution d (>= 16 bits) gives, for bucket b = fp >> (32-d),
 * the entries [dir[b], dir[b+1]).  fp = (b >> (d-16)) << 16 | lo. */
typedef struct run {
    size_t n;
    unsigned d;
    uint16_t *lo;
    uint32_t *doc;
    uint32_t *dir;   /* 2^d + 1 offsets */
    size_t lo_cap, doc_cap, dir_cap;   /* mapping sizes, bytes */
} run;

struct wn_fptab {
    uint64_t *buf;
    size_t nbuf;
    run *runs;
    size_t nruns, runs_cap;
    size_t count;
    uint64_t *tmp;   /* BUF_MAX words: radix sort scratch */
};

uint32_t wn_fptab_fp(uint64_t k)
{
    /* fmix64 but for its second constant (b9 where murmur3 has b3): just
     * as good a mixer, and fingerprints in indexes on disk were made with
     * it, so it stays */
    k = wn_mix_round(k);
    k *= UINT64_C(0xc4ceb9fe1a85ec53);
    k ^= k >> 33;
    return (uint32_t)(k >> 32);
}

static size_t buf_slot(uint32_t fp)
{
    return (size_t)(fp * 0x9E3779B1u) >> 16;   /* 16 bits, independent of fp's top bits */
}

wn_status wn_fptab_new(wn_fptab **out)
{
    wn_fptab *t = calloc(1, sizeof *t);
    if (!t || !(t->buf = malloc(BUF_SLOTS * sizeof *t->buf)) ||
        !(t->tmp = malloc(BUF_MAX * sizeof *t->tmp))) {
        if (t)
            free(t->buf);
        free(t);
        return WN_ERR_NOMEM;
    }
    memset(t->buf, 0xff, BUF_SLOTS * sizeof *t->buf);
    *out = t;
    return WN_OK;
}

static void run_free(run *r)
{
    wn_map_free(r->lo, r->lo_cap);
    wn_map_free(r->doc, r->doc_cap);
    wn_map_free(r->dir, r->dir_cap);
}

void wn_fptab_free(wn_fptab *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nruns; i++)
        run_free(&t->runs[i]);
    free(t->runs);
    free(t->buf);
    free(t->tmp);
    free(t);
}

/* Directory resolution for n entries: about 8 entries a bucket, 16..24 bits. */
static unsigned run_bits(size_t n)
{
    unsigned d = 16;
    while (d < 24 && ((size_t)8 << d) < n)
        d++;
    return d;
}

static uint32_t run_fp(const run *r, size_t b, size_t i)
{
    return (uint32_t)((b >> (r->d - 16)) << 16) | r->lo[i];
}

/* Merges the newest run into the one before it, in place. */
static wn_status merge_last(wn_fptab *t)
{
    run *a = &t->runs[t->nruns - 2], *b = &t->runs[t->nruns - 1];
    size_t n = a->n + b->n;
    unsigned d = run_bits(n);
    uint32_t *dir = NULL;
    size_t dir_cap = 0;
    WN_TRY(wn_map_resize((void **)&dir, &dir_cap, (((size_t)1 << d) + 1) * sizeof *dir));
    if (wn_map_resize((void **)&a->lo, &a->lo_cap, n * sizeof *a->lo) != WN_OK ||
        wn_map_resize((void **)&a->doc, &a->doc_cap, n * sizeof *a->doc) != WN_OK) {
        wn_map_free(dir, dir_cap);
        return WN_ERR_NOMEM;
    }
    /* backwards: i over a, j over b, k over the result (k >= i always) */
    size_t i = a->n, j = b->n, k = n;
    size_t ba = ((size_t)1 << a->d), bb = ((size_t)1 << b->d);
    while (j > 0) {
        while (a->dir[ba] >= i && ba > 0 && i > 0)
            ba--;
        while (b->dir[bb] >= j && bb > 0)
            bb--;
        uint32_t fb = run_fp(b, bb, j - 1);
        int take_a = 0;
        if (i > 0) {
            uint32_t fa = run_fp(a, ba, i - 1);
            take_a = fa > fb || (fa == fb && a->doc[i - 1] > b->doc[j - 1]);
            if (take_a) {
                k--;
                i--;
                a->lo[k] = a->lo[i];
                a->doc[k] = a->doc[i];
                dir[fa >> (32 - d)]++;
                continue;
            }
        }
        k--;
        j--;
        a->lo[k] = b->lo[j];
        a->doc[k] = b->doc[j];
        dir[fb >> (32 - d)]++;
    }
    /* the rest of a stays where it is; count it */
    while (i > 0) {
        while (a->dir[ba] >= i && ba > 0)
            ba--;
        dir[run_fp(a, ba, i - 1) >> (32 - d)]++;
        i--;
    }
    /* counts -> start offsets */
    size_t nb = (size_t)1 << d, sum = 0;
    for (size_t q = 0; q <= nb; q++) {
        size_t c = dir[q];
        dir[q] = (uint32_t)sum;
        sum += c;
    }
    wn_map_free(a->dir, a->dir_cap);
    a->dir = dir;
    a->dir_cap = dir_cap;
    a->d = d;
    a->n = n;
    run_free(b);
    t->nruns--;
    return WN_OK;
}

static wn_status flush_buf(wn_fptab *t)
{
    if (!t->nbuf)
        return WN_OK;
    size_t n = 0;
    for (size_t i = 0; i < BUF_SLOTS; i++)
        if (t->buf[i] != EMPTY)
            t->tmp[n++] = t->buf[i];
    /* sort (fp, doc): wn_sort_unique_u64 needs a scratch of n words: the
     * buffer itself, which is rebuilt below */
    n = wn_sort_unique_u64(t->tmp, n, t->buf);
    if (t->nruns == t->runs_cap) {
        size_t cap = t->runs_cap ? t->runs_cap * 2 : 16;
        run *r = realloc(t->runs, cap * sizeof *r);
        if (!r)
            return WN_ERR_NOMEM;
        t->runs = r;
        t->runs_cap = cap;
    }
    run r = {.n = n, .d = run_bits(n)};
    if (wn_map_resize((void **)&r.lo, &r.lo_cap, n * sizeof *r.lo) != WN_OK ||
        wn_map_resize((void **)&r.doc, &r.doc_cap, n * sizeof *r.doc) != WN_OK ||
        wn_map_resize((void **)&r.dir, &r.dir_cap, (((size_t)1 << r.d) + 1) * sizeof *r.dir) != WN_OK) {
        run_free(&r);
        return WN_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t fp = (uint32_t)(t->tmp[i] >> 32);
        r.lo[i] = (uint16_t)fp;
        r.doc[i] = (uint32_t)t->tmp[i];
        r.dir[fp >> (32 - r.d)]++;
    }
    size_t sum = 0;
    for (size_t q = 0; q <= ((size_t)1 << r.d); q++) {
        size_t c = r.dir[q];
        r.dir[q] = (uint32_t)sum;
        sum += c;
    }
    t->runs[t->nruns++] = r;
    memset(t->buf, 0xff, BUF_SLOTS * sizeof *t->buf);
    t->nbuf = 0;
    /* keep the runs' sizes growing geometrically from newest to oldest */
    while (t->nruns >= 2 && t->runs[t->nruns - 2].n <= 2 * t->runs[t->nruns - 1].n)
        WN_TRY(merge_last(t));
    return WN_OK;
}

wn_status wn_fptab_add(wn_fptab *t, uint64_t key, uint32_t doc)
{
    if (t->nbuf >= BUF_MAX)
        WN_TRY(flush_buf(t));
    uint32_t fp = wn_fptab_fp(key);
    uint64_t v = (uint64_t)fp << 32 | doc;
    size_t i = buf_slot(fp);
    while (t->buf[i] != EMPTY) {
        if (t->buf[i] == v)
            return WN_OK;   /* already there */
        i = (i + 1) & (BUF_SLOTS - 1);
    }
    t->buf[i] = v;
    t->nbuf++;
    t->count++;
    return WN_OK;
}

static wn_status push(uint32_t **v, size_t *n, size_t *cap, uint32_t x)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        uint32_t *p = realloc(*v, c * sizeof *p);
        if (!p)
            return WN_ERR_NOMEM;
        *v = p;
        *cap = c;
    }
    (*v)[(*n)++] = x;
    return WN_OK;
}

wn_status wn_fptab_find(const wn_fptab *t, uint64_t key, uint32_t **v, size_t *n, size_t *cap)
{
    uint32_t fp = wn_fptab_fp(key);
    for (size_t i = buf_slot(fp); t->buf[i] != EMPTY; i = (i + 1) & (BUF_SLOTS - 1))
        if ((uint32_t)(t->buf[i] >> 32) == fp)
            WN_TRY(push(v, n, cap, (uint32_t)t->buf[i]));
    uint16_t lo = (uint16_t)fp;
    for (size_t r = 0; r < t->nruns; r++) {
        const run *x = &t->runs[r];
        size_t b = fp >> (32 - x->d);
        for (size_t i = x->dir[b]; i < x->dir[b + 1]; i++)
            if (x->lo[i] == lo)
                WN_TRY(push(v, n, cap, x->doc[i]));
    }
    return WN_OK;
}

size_t wn_fptab_count(const wn_fptab *t)
{
    return t->count;
}

size_t wn_fptab_bytes(const wn_fptab *t)
{
    size_t b = BUF_SLOTS * sizeof(uint64_t) + BUF_MAX * sizeof(uint64_t);
    for (size_t r = 0; r < t->nruns; r++)
        b += t->runs[r].lo_cap + t->runs[r].doc_cap + t->runs[r].dir_cap;
    return b;
}

size_t wn_fptab_runs(const wn_fptab *t)
{
    return t->nruns;
}
