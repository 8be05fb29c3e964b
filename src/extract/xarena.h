/* xarena.h: a per-thread bump arena for libxml2's allocations during one page.
 *
 * libxml2 builds a tree of many small blocks (nodes, names, attribute values,
 * text) and frees them one by one; malloc/free of that tree was about a third
 * of the extractor's time.  libxml2 lets a program install its allocation
 * functions (xmlMemSetup), process-wide; the four wn_xarena_hook_* functions
 * route to the calling thread's arena while that thread is inside a page
 * (between wn_xarena_enter() and wn_xarena_leave()) and to libc otherwise.
 *
 * Inside the arena allocation is a pointer bump in large chunks, free is a
 * no-op, realloc grows the last block in place or copies; everything goes at
 * once with wn_xarena_reset().  free and realloc tell arena blocks from libc
 * blocks by address (the chunks of the thread's current arena), so a block
 * made by libc before the page, or after the arena spilled, still goes back
 * to libc.  Past `limit` bytes in one page the arena spills: further blocks
 * come from libc and wn_xarena_spilled() says so, the caller then frees the
 * page's libxml2 objects the ordinary way before the reset (arena blocks are
 * skipped by the no-op free).
 *
 * Whatever libxml2 keeps beyond the page must not be made inside it: the
 * extractor makes a fresh parser context (and so dictionary) per page inside
 * the arena, and clears libxml2's per-thread last error before leaving.
 * Blocks are 16-byte aligned, with an 8-byte size header before each.
 * Under AddressSanitizer the unused parts of chunks and the headers are
 * poisoned, so an overflow out of an arena block is still reported. */
#ifndef WN_EXTRACT_XARENA_H
#define WN_EXTRACT_XARENA_H

#include <stddef.h>

typedef struct wn_xarena wn_xarena;

/* limit: bytes of blocks per page before spilling to libc (0: 64 MiB).
 * keep: chunk bytes kept for the next page by wn_xarena_reset (0: 16 MiB). */
wn_xarena *wn_xarena_new(size_t limit, size_t keep);
void wn_xarena_free(wn_xarena *a);

/* The calling thread's hook allocations go to `a` until wn_xarena_leave(). */
void wn_xarena_enter(wn_xarena *a);
void wn_xarena_leave(void);

/* Drops every block; keeps chunks up to `keep` bytes for reuse.  Not while
 * the arena is entered. */
void wn_xarena_reset(wn_xarena *a);

/* 1 when a block of this page came from libc because the limit was reached */
int wn_xarena_spilled(const wn_xarena *a);
/* 1 when p lies in one of the arena's chunks */
int wn_xarena_owns(const wn_xarena *a, const void *p);
/* bytes handed out since the last reset (headers and padding included) */
size_t wn_xarena_used(const wn_xarena *a);
/* bytes of chunks held now */
size_t wn_xarena_held(const wn_xarena *a);

/* The four functions for xmlMemSetup (free, malloc, realloc, strdup). */
void wn_xarena_hook_free(void *p);
void *wn_xarena_hook_malloc(size_t n);
void *wn_xarena_hook_realloc(void *p, size_t n);
char *wn_xarena_hook_strdup(const char *s);

#endif
