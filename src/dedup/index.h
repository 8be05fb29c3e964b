/* index.h: the persistent dedup index (LMDB), private to src/dedup/.
 *
 * Layout of DIR (an LMDB environment plus a lock file):
 *   meta   "params" -> parameter key (wn_dedup_params_key), "ndocs" -> u64,
 *          "version" -> "1"
 *   docs   doc number (u64 big-endian) -> record (wn_idx_rec, encoded below)
 *   bands  band key (u64 big-endian) -> doc numbers (sorted duplicates, 8 bytes)
 *   exact  XXH3-128 of the simplified text (16 bytes) -> doc number
 *
 * A run reads through one read snapshot taken when it opens the index and
 * writes everything it adds in ONE write transaction at commit, so a run
 * killed at any moment leaves the index as before or as after.  A writer
 * holds an exclusive flock on DIR/winnow.lock for its whole run, so two
 * writers are serialised (the second waits); readers never wait. */
#ifndef WN_DEDUP_INDEX_H
#define WN_DEDUP_INDEX_H

#include "dedup.h"

/* One document record, as stored. */
typedef struct wn_idx_rec {
    const char *id;         /* not NUL-terminated */
    size_t id_len;
    uint64_t seq;           /* input position in the run that added it */
    uint64_t length;
    int64_t date;
    uint64_t csize;         /* documents in its cluster (itself included) */
    uint64_t exact[2];      /* XXH3-128 of the simplified text */
    uint32_t nb;
    const unsigned char *bk;  /* nb band keys, little-endian u64 */
    uint32_t nsh;
    const unsigned char *sh;  /* nsh little-endian u64, ascending */
} wn_idx_rec;

/* Record codec: "WNR1", varint id length, id bytes, varints seq, length,
 * zigzag date, csize, 16 bytes exact hash, varint nb, nb x 8 bytes, varint
 * nsh, nsh x 8 bytes.  encode takes bk/sh as host arrays of uint64_t (cast
 * to unsigned char*); decode returns pointers into data. */
wn_status wn_idx_rec_encode(const wn_idx_rec *r, wn_buf *out);
/* WN_ERR_FORMAT for anything malformed (never reads past len). */
wn_status wn_idx_rec_decode(const void *data, size_t len, wn_idx_rec *r);
uint64_t wn_idx_rec_sh(const wn_idx_rec *r, size_t i);
uint64_t wn_idx_rec_bk(const wn_idx_rec *r, size_t i);

/* mode: 0 read-only, 1 read-write (creates DIR). */
wn_status wn_dedup_index_open(const char *dir, const wn_dedup_params *p, int write,
                              wn_dedup_index **out, char *err, size_t errsz);
void wn_dedup_index_close(wn_dedup_index *x);

/* Lookups in the snapshot.  The vectors are the index's scratch, valid
 * until the next call; records point into the map, valid until commit. */
wn_status wn_idx_exact(wn_dedup_index *x, const uint64_t exact[2], uint64_t *docno, int *found);
wn_status wn_idx_band(wn_dedup_index *x, uint64_t key, const uint64_t **docnos, size_t *n);
wn_status wn_idx_doc(wn_dedup_index *x, uint64_t docno, wn_idx_rec *r);

/* Writes (one transaction): new documents and cluster-size increments. */
typedef struct wn_idx_new {
    wn_idx_rec rec;
    const uint64_t *bandkeys;
    uint32_t nb;
    const uint64_t *exact;  /* 2 words */
} wn_idx_new;
typedef struct wn_idx_bump { uint64_t docno, add; } wn_idx_bump;
wn_status wn_idx_commit(wn_dedup_index *x, const wn_idx_new *docs, size_t n,
                        const wn_idx_bump *bumps, size_t nbumps);
/* The same with the new documents fetched one at a time: get(ctx, i, out)
 * fills out; its pointers need to stay valid only until the next call. */
typedef wn_status (*wn_idx_get_fn)(void *ctx, size_t i, wn_idx_new *out);
wn_status wn_idx_commit_cb(wn_dedup_index *x, size_t n, wn_idx_get_fn get, void *ctx,
                           const wn_idx_bump *bumps, size_t nbumps);

/* winnow index stats|verify|compact. */
typedef struct wn_idx_stats {
    uint64_t docs, band_entries, band_keys, exact, map_bytes, used_bytes;
    char params[128];
} wn_idx_stats;
wn_status wn_dedup_index_stats(const char *dir, wn_idx_stats *st, char *err, size_t errsz);
/* Checks every record decodes, every band/exact entry points at a record,
 * every record has its entries, ndocs matches. */
wn_status wn_dedup_index_verify(const char *dir, char *err, size_t errsz);
/* Copies DIR compacted into DIR (via mdb_env_copy2 + rename). */
wn_status wn_dedup_index_compact(const char *dir, char *err, size_t errsz);

#endif
