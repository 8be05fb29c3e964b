/* store.h: the bounded-memory pieces of verified deduplication (issue 5).
 *
 *  - wn_spill: an append-only log of records in an unlinked temporary file
 *    (in --tmp-dir, else $TMPDIR, else /tmp), read back by offset with
 *    pread.  The kept documents' shingle sets, band keys and ids live here
 *    instead of in RAM; the file disappears with the process.
 *
 *  - wn_fptab: a multimap from 64-bit keys (band keys, exact hashes) to
 *    32-bit document numbers that stores, per entry, only 16 bits of a
 *    32-bit fingerprint of the key and the document number (6 bytes), plus
 *    a directory of bucket offsets (< 1 byte per entry).  Lookups return
 *    every document whose FINGERPRINT matches: a caller must compare the
 *    full key (from the spill record) before using a match.  Layout: an
 *    open-addressing buffer of the newest entries, flushed into sorted runs
 *    that are merged in place (from the back, into the older run grown by
 *    realloc), so the peak stays near 6 bytes per entry.
 *
 * Private to src/dedup/; nothing here prints or exits. */
#ifndef WN_DEDUP_STORE_H
#define WN_DEDUP_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "winnow.h"

/* ---- anonymous mappings for large growing arrays ------------------------ */
/* Resizes the mapping *p of *cap bytes (NULL/0: none yet) to hold need
 * bytes (rounded up to pages); new pages read as zero. */
wn_status wn_map_resize(void **p, size_t *cap, size_t need);
void wn_map_free(void *p, size_t cap);

/* ---- spill log ------------------------------------------------------- */
typedef struct wn_spill wn_spill;

/* dir: where the file goes (NULL: $TMPDIR, else /tmp).  The file is
 * unlinked at once; WN_ERR_IO when it cannot be created. */
wn_status wn_spill_open(const char *dir, wn_spill **out);
void wn_spill_close(wn_spill *s);
/* Appends n bytes; *off is where they start. */
wn_status wn_spill_append(wn_spill *s, const void *data, size_t n, uint64_t *off);
/* Reads n bytes at off (which must lie inside what was appended);
 * WN_ERR_ARG past the end, WN_ERR_IO on a read error. */
wn_status wn_spill_read(wn_spill *s, uint64_t off, void *out, size_t n);
uint64_t wn_spill_size(const wn_spill *s);

/* ---- fingerprint multimap ---------------------------------------------- */
typedef struct wn_fptab wn_fptab;

wn_status wn_fptab_new(wn_fptab **out);
void wn_fptab_free(wn_fptab *t);
/* The 32-bit fingerprint a key is stored under (exposed for tests). */
uint32_t wn_fptab_fp(uint64_t key);
wn_status wn_fptab_add(wn_fptab *t, uint64_t key, uint32_t doc);
/* Appends to (*v, *n, *cap) the documents stored under key's fingerprint
 * (in no particular order; a document appears once per add). */
wn_status wn_fptab_find(const wn_fptab *t, uint64_t key, uint32_t **v, size_t *n, size_t *cap);
size_t wn_fptab_count(const wn_fptab *t);
/* Bytes held (arrays and directories). */
size_t wn_fptab_bytes(const wn_fptab *t);
/* Number of sorted runs (for tests). */
size_t wn_fptab_runs(const wn_fptab *t);

#endif
