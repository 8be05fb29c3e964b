#include "extract/xarena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define WN_XARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WN_XARENA_ASAN 1
#endif
#endif

#ifdef WN_XARENA_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* WN_XARENA_GUARD (a check build, never the default): chunks come from mmap
 * and are made inaccessible, never reused, at reset, so that anything still
 * pointing into a finished page faults at once. */
#ifdef WN_XARENA_GUARD
#include <sys/mman.h>
#endif

#define ALIGN 16u
#define HDR 8u                    /* size_t before each block */
#define CHUNK_FIRST (256u << 10)  /* first chunk; each new one doubles... */
#define CHUNK_MAX (4u << 20)      /* ...up to this */

typedef struct chunk {
    struct chunk *next;
    size_t size; /* bytes of data after the header */
    char *pos;   /* first unused byte */
    char *end;
} chunk;

/* data starts after the chunk header, rounded up to ALIGN */
#define CHUNK_HDR ((sizeof(chunk) + ALIGN - 1) / ALIGN * ALIGN)

struct wn_xarena {
    chunk *used;  /* chunks of this page; the first one takes the bumps */
    chunk *spare; /* chunks kept from earlier pages, empty */
    size_t limit, keep;
    size_t used_bytes, held, next_size;
    int spilled;
};

static _Thread_local wn_xarena *cur;

static char *chunk_data(chunk *c)
{
    return (char *)c + CHUNK_HDR;
}

static chunk *chunk_new(size_t size)
{
    if (size > SIZE_MAX - CHUNK_HDR - 4096)
        return NULL;
    size = (size + 4095) / 4096 * 4096;
#ifdef WN_XARENA_GUARD
    void *m = mmap(NULL, CHUNK_HDR + size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    chunk *c = m == MAP_FAILED ? NULL : m;
#else
    chunk *c = malloc(CHUNK_HDR + size);
#endif
    if (!c)
        return NULL;
    c->next = NULL;
    c->size = size;
    c->pos = chunk_data(c);
    c->end = c->pos + size;
    POISON(c->pos, size);
    return c;
}

static void chunk_free(chunk *c)
{
    UNPOISON(chunk_data(c), c->size);
#ifdef WN_XARENA_GUARD
    munmap(c, CHUNK_HDR + c->size);
#else
    free(c);
#endif
}

wn_xarena *wn_xarena_new(size_t limit, size_t keep)
{
    wn_xarena *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->limit = limit ? limit : (size_t)64 << 20;
    a->keep = keep ? keep : (size_t)16 << 20;
    a->next_size = CHUNK_FIRST;
    return a;
}

static void free_list(chunk *c)
{
    while (c) {
        chunk *n = c->next;
        chunk_free(c);
        c = n;
    }
}

void wn_xarena_free(wn_xarena *a)
{
    if (!a)
        return;
    if (cur == a)
        cur = NULL;
    free_list(a->used);
    free_list(a->spare);
    free(a);
}

void wn_xarena_enter(wn_xarena *a)
{
    cur = a;
}

void wn_xarena_leave(void)
{
    cur = NULL;
}

void wn_xarena_reset(wn_xarena *a)
{
    if (!a)
        return;
    chunk *c = a->used;
    a->used = NULL;
#ifdef WN_XARENA_GUARD
    while (c) { /* never reused: any late access faults */
        chunk *n = c->next;
        size_t len = CHUNK_HDR + c->size;
        a->held -= c->size;
        madvise(c, len, MADV_DONTNEED);
        mprotect(c, len, PROT_NONE);
        c = n;
    }
#else
    /* the page's chunks join the spares; spares past `keep` go back to libc */
    while (c) {
        chunk *n = c->next;
        c->next = a->spare;
        a->spare = c;
        c = n;
    }
    size_t kept = 0;
    chunk **pp = &a->spare;
    while (*pp) {
        c = *pp;
        if (kept + c->size <= a->keep) {
            kept += c->size;
            c->pos = chunk_data(c);
            POISON(c->pos, c->size);
            pp = &c->next;
        } else {
            *pp = c->next;
            a->held -= c->size;
            chunk_free(c);
        }
    }
#endif
    a->used_bytes = 0;
    a->spilled = 0;
}

int wn_xarena_spilled(const wn_xarena *a)
{
    return a && a->spilled;
}

size_t wn_xarena_used(const wn_xarena *a)
{
    return a ? a->used_bytes : 0;
}

size_t wn_xarena_held(const wn_xarena *a)
{
    return a ? a->held : 0;
}

int wn_xarena_owns(const wn_xarena *a, const void *p)
{
    if (!a)
        return 0;
    uintptr_t u = (uintptr_t)p;
    for (const chunk *c = a->used; c; c = c->next)
        if (u >= (uintptr_t)c + CHUNK_HDR && u < (uintptr_t)c->end)
            return 1;
    return 0;
}

static char *align_up(char *p)
{
    uintptr_t u = (uintptr_t)p;
    return p + ((ALIGN - u % ALIGN) % ALIGN);
}

/* a chunk with at least `need` bytes: a spare one or a new one */
static chunk *chunk_get(wn_xarena *a, size_t need)
{
    for (chunk **pp = &a->spare; *pp; pp = &(*pp)->next)
        if ((*pp)->size >= need) {
            chunk *c = *pp;
            *pp = c->next;
            c->next = NULL;
            return c;
        }
    size_t size = need;
    if (need <= a->next_size / 2) { /* an ordinary chunk; big blocks get one of their own */
        size = a->next_size;
        if (a->next_size < CHUNK_MAX)
            a->next_size *= 2;
    }
    chunk *c = chunk_new(size);
    if (c)
        a->held += c->size;
    return c;
}

static void set_size(char *blk, size_t n)
{
    UNPOISON(blk - HDR, HDR);
    memcpy(blk - HDR, &n, sizeof n);
    POISON(blk - HDR, HDR);
}

static size_t get_size(const char *blk)
{
    size_t n;
    UNPOISON(blk - HDR, HDR);
    memcpy(&n, blk - HDR, sizeof n);
    POISON(blk - HDR, HDR);
    return n;
}

static void *spill(wn_xarena *a, size_t n)
{
    a->spilled = 1;
    return malloc(n ? n : 1);
}

static void *arena_alloc(wn_xarena *a, size_t n)
{
    if (n > a->limit)
        return spill(a, n);
    chunk *c = a->used;
    char *blk = c ? align_up(c->pos + HDR) : NULL;
    if (!c || blk > c->end || (size_t)(c->end - blk) < n) {
        size_t need = n + HDR + ALIGN;
        if (a->used_bytes + need > a->limit)
            return spill(a, n);
        chunk *nc = chunk_get(a, need);
        if (!nc)
            return spill(a, n);
        blk = align_up(nc->pos + HDR);
        if (c && (size_t)(nc->end - blk) - n < (size_t)(c->end - c->pos)) {
            /* a block that fills its chunk: keep bumping in the current one */
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            a->used = nc;
        }
        c = nc;
    }
    if (a->used_bytes + (size_t)(blk + n - c->pos) > a->limit)
        return spill(a, n);
    a->used_bytes += (size_t)(blk + n - c->pos);
    UNPOISON(blk, n);
    set_size(blk, n);
    c->pos = blk + n;
    return blk;
}

static void *arena_realloc(wn_xarena *a, char *p, size_t n)
{
    size_t old = get_size(p);
    chunk *c = a->used;
    if (p + old == c->pos && n <= (size_t)(c->end - p) &&
        (n <= old || a->used_bytes + (n - old) <= a->limit)) {
        /* the last block of the current chunk: grow or shrink in place */
        if (n > old) {
            UNPOISON(p + old, n - old);
            a->used_bytes += n - old;
        } else {
            POISON(p + n, old - n);
            a->used_bytes -= old - n;
        }
        set_size(p, n);
        c->pos = p + n;
        return p;
    }
    char *q = arena_alloc(a, n);
    if (q)
        memcpy(q, p, old < n ? old : n);
    return q;
}

void *wn_xarena_hook_malloc(size_t n)
{
    wn_xarena *a = cur;
    return a ? arena_alloc(a, n) : malloc(n);
}

void wn_xarena_hook_free(void *p)
{
    if (!p)
        return;
    wn_xarena *a = cur;
    if (a && wn_xarena_owns(a, p))
        return;
    free(p);
}

void *wn_xarena_hook_realloc(void *p, size_t n)
{
    if (!p)
        return wn_xarena_hook_malloc(n);
    wn_xarena *a = cur;
    if (a && wn_xarena_owns(a, p))
        return arena_realloc(a, p, n);
    return realloc(p, n);
}

char *wn_xarena_hook_strdup(const char *s)
{
    size_t len = strlen(s) + 1;
    char *d = wn_xarena_hook_malloc(len);
    if (d)
        memcpy(d, s, len);
    return d;
}
