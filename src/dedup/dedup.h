/* dedup.h: exact and near-duplicate detection (issue 5).
 *
 * Pieces, each usable on its own:
 *   - wn_dedup_simplify: datatrove's simplify_text (quality-rules.md §2.2);
 *   - wn_shingler: word n-gram shingles of simplified text, 64-bit hashed;
 *   - wn_minhasher: MinHash signatures and LSH band keys (winnow's own
 *     32-bit mixing scheme, or datatrove's (a*x+b) mod 2^61-1 scheme);
 *   - wn_jaccard: exact Jaccard of two sorted shingle-hash sets;
 *   - wn_uf: union-find;
 *   - wn_dedup_engine: the corpus-wide decision (which document is a
 *     duplicate of which), optionally backed by a persistent LMDB index.
 *
 * Nothing here prints or exits; everything fallible returns wn_status. */
#ifndef WN_DEDUP_H
#define WN_DEDUP_H

#include <stddef.h>
#include <stdint.h>
#include "common/buf.h"

/* ---- simplify_text ---------------------------------------------------- */
/* Appends simplify_text(s[0..n)) to out (s must be valid UTF-8; invalid
 * bytes are treated as U+FFFD).  Steps: Python lower(), digit runs -> "0",
 * PUNCTUATION -> space, strip + collapse whitespace, NFD and delete Mn,
 * strip.  One pass over the bytes with per-code-point tables (ASCII) and
 * caches (the rest); texts with U+0130 or U+03A3 (context-dependent
 * lower-casing) go through the general path, which gives the same result
 * for every input (tested on random and edge inputs). */
wn_status wn_dedup_simplify(const char *s, size_t n, wn_buf *out);
/* The general path: Python's steps over an array of lower-cased code
 * points.  The reference the fast path is tested against. */
wn_status wn_dedup_simplify_ref(const char *s, size_t n, wn_buf *out);

/* wn_dedup_simplify, and when *have is set on return, the winnow
 * scheme's word hash of each token of the result (*nw of them, in order,
 * in *wh of capacity *cap, grown as needed): made as each token ends, in
 * the same pass.  *have = 0 when the general path made the text (no word
 * hashes: tokenize the result).  Tested against wn_dedup_simplify +
 * tokens + wn_dedup_word_hash. */
wn_status wn_dedup_simplify_words(const char *s, size_t n, wn_buf *out, uint64_t **wh, size_t *nw, size_t *cap,
                                  int *have);

/* XXH3-64 of s[0..n) (paragraph keys). */
uint64_t wn_dedup_hash64(const char *s, size_t n);

/* ---- parameters --------------------------------------------------------- */
typedef enum wn_dedup_mode { WN_DEDUP_NONE = 0, WN_DEDUP_EXACT, WN_DEDUP_NEAR } wn_dedup_mode;
typedef enum wn_dedup_scheme {
    WN_SCHEME_WINNOW = 0,   /* word-hash shingles, one-permutation hashing (minhash.c) */
    WN_SCHEME_DT_XXH64,     /* datatrove: xxhash64 seed 0, (a*x+b) mod 2^61-1 */
    WN_SCHEME_DT_SHA1       /* the same with SHA-1 (FineWeb v1) */
} wn_dedup_scheme;
typedef enum wn_keep { WN_KEEP_FIRST = 0, WN_KEEP_LONGEST, WN_KEEP_EARLIEST, WN_KEEP_LATEST } wn_keep;

typedef struct wn_dedup_params {
    wn_dedup_mode mode;
    wn_dedup_scheme scheme;
    unsigned ngram;         /* words per shingle */
    unsigned bands, rows;   /* LSH: bands x rows hashes */
    double threshold;       /* Jaccard for verification */
    int verify;             /* 1: exact Jaccard of candidates; 0: any band match (datatrove) */
    uint32_t seed;          /* permutation seed (datatrove: 1) */
    wn_keep keep;
    uint64_t max_cluster;   /* 0 = unlimited */
} wn_dedup_params;

/* Defaults: near, winnow scheme, 5-grams, 20 x 7, threshold 0.8, verify,
 * seed 1, keep first, max cluster 0. */
void wn_dedup_params_default(wn_dedup_params *p);
/* datatrove's FineWeb configuration: 5-grams, 14 x 8, xxhash64, seed 1,
 * no verification. */
void wn_dedup_params_fineweb(wn_dedup_params *p);
/* A compact text form of the parameters that decide band keys and
 * verification ("near/winnow/5/20x7/0.8/v1/s1"); an index records it. */
void wn_dedup_params_key(const wn_dedup_params *p, char *out, size_t size);

/* ---- shingles and signatures ------------------------------------------ */
/* One document's signature, made by wn_minhasher_sign(); one malloc block,
 * freed with free(). */
typedef struct wn_dsig {
    uint64_t exact[2];      /* XXH3-128 of the simplified text */
    uint64_t length;        /* code points of the input text */
    int64_t date;           /* seconds since the epoch, INT64_MIN unknown */
    uint32_t nbands;        /* 0 for exact mode or no shingles */
    uint32_t nsh;           /* shingle hashes (when verifying): sorted and unique
                               from wn_minhasher_sign, in text order with repeats
                               from wn_minhasher_sign_unsorted */
    int empty;              /* simplified text is empty: never a duplicate */
    uint64_t *bandkeys;     /* nbands band keys */
    uint64_t *sh;           /* nsh shingle hashes */
} wn_dsig;

typedef struct wn_minhasher wn_minhasher;     /* read-only after new: share across threads */
typedef struct wn_mh_scratch wn_mh_scratch;   /* one per thread */

wn_status wn_minhasher_new(const wn_dedup_params *p, wn_minhasher **out);
void wn_minhasher_free(wn_minhasher *mh);
wn_mh_scratch *wn_mh_scratch_new(void);
void wn_mh_scratch_free(wn_mh_scratch *s);

/* Computes the signature of text[0..n) (UTF-8).  date as in wn_dsig. */
wn_status wn_minhasher_sign(const wn_minhasher *mh, wn_mh_scratch *s, const char *text,
                            size_t n, int64_t date, wn_dsig **out);

/* The same signature with the shingle hashes left in text order, repeats
 * included (nsh counts them): no sort per document.  The engine compares
 * such multisets as sets (wn_jaccard_any), so its decisions are those of
 * the sorted signature; the sketch never depended on the order. */
wn_status wn_minhasher_sign_unsorted(const wn_minhasher *mh, wn_mh_scratch *s, const char *text,
                                     size_t n, int64_t date, wn_dsig **out);

/* Lower-level pieces, exposed for tests and the bench. */
/* Shingle hashes of already simplified text (in order, with repeats);
 * returns their number, *out points into the scratch. */
wn_status wn_shingles(const wn_minhasher *mh, wn_mh_scratch *s, const char *simple, size_t n,
                      const uint64_t **out, size_t *count);
/* winnow scheme: the hash of one token (word) of simplified text, and the
 * shingle hash of g consecutive word hashes (what wn_shingles gives). */
uint64_t wn_dedup_word_hash(const char *p, size_t len);
uint64_t wn_dedup_shingle_hash(const wn_minhasher *mh, const uint64_t *w, size_t g);
/* bands*rows MinHash values of a set of shingle hashes into mins (winnow:
 * one-permutation hashing with optimal densification, 32-bit values;
 * datatrove: bands*rows permutations). */
void wn_minhash_values(const wn_minhasher *mh, const uint64_t *sh, size_t n, uint64_t *mins);
/* The permutation parameters of the datatrove scheme (i-th a and b). */
void wn_minhasher_dt_params(const wn_minhasher *mh, size_t i, uint64_t *a, uint64_t *b);

/* Sorts ascending and removes repeats in place; returns the new count. */
size_t wn_sort_unique_u64(uint64_t *v, size_t n, uint64_t *tmp);
/* Exact Jaccard |A∩B| / |A∪B| of two ascending unique sets (1.0 for two
 * empty sets). */
double wn_jaccard(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

/* Jaccard of the SETS of values of a[0..na) and b[0..nb), in any order,
 * repeats allowed (1.0 when both are empty), through a hash table kept in
 * t between calls (zero-initialise; free with wn_jset_free). */
typedef struct wn_jset { uint64_t *key; uint8_t *tag; size_t cap; } wn_jset;
wn_status wn_jaccard_any(wn_jset *t, const uint64_t *a, size_t na, const uint64_t *b, size_t nb, double *j);
void wn_jset_free(wn_jset *t);

/* MT19937 as numpy's legacy RandomState, and its randint(low, high) for
 * uint64 (masked rejection, high 32 bits drawn first). */
typedef struct wn_mt { uint32_t mt[624]; int pos; } wn_mt;
void wn_mt_seed(wn_mt *m, uint32_t seed);
uint32_t wn_mt_next32(wn_mt *m);
uint64_t wn_mt_randint_u64(wn_mt *m, uint64_t low, uint64_t high);

/* SHA-1 of data, first 8 bytes read little-endian (datatrove sha1_hash64). */
uint64_t wn_sha1_64(const void *data, size_t n);
void wn_sha1(const void *data, size_t n, unsigned char digest[20]);

/* ---- union-find ------------------------------------------------------- */
typedef struct wn_uf {
    uint32_t *parent, *size, *first;   /* first: smallest member of the set */
    size_t n, cap;
} wn_uf;
wn_status wn_uf_add(wn_uf *u, uint32_t *id);   /* a new singleton */
uint32_t wn_uf_find(wn_uf *u, uint32_t x);
/* Joins the sets of a and b (union by size); returns the new root. */
uint32_t wn_uf_union(wn_uf *u, uint32_t a, uint32_t b);
void wn_uf_free(wn_uf *u);

/* ---- the engine ------------------------------------------------------- */
typedef struct wn_dedup_engine wn_dedup_engine;
typedef struct wn_dedup_index wn_dedup_index;   /* index.c */

typedef struct wn_dedup_decision {
    int duplicate;          /* 1: remove this document */
    double similarity;      /* Jaccard with dup_of (or 1.0 for exact / unverified) */
    const char *dup_of;     /* id of the kept document (valid until the next call) */
    uint64_t dup_of_seq;    /* its input position (UINT64_MAX when from the index) */
    uint64_t cluster_size;  /* members of the kept document's cluster so far */
    int spared;             /* a duplicate kept because its cluster was at --max-cluster */
} wn_dedup_decision;

typedef struct wn_dedup_counts {
    uint64_t docs, duplicates, exact, near, candidates, verified, rejected_by_verify,
        spared, empty, index_matches;
    uint64_t fp_collisions;   /* fingerprint matches whose full key differed (no verification) */
} wn_dedup_counts;

/* idx may be NULL; the engine does not own it. */
wn_status wn_dedup_engine_new(const wn_dedup_params *p, wn_dedup_index *idx, wn_dedup_engine **out);
void wn_dedup_engine_free(wn_dedup_engine *e);

/* Verified modes keep the batch's documents in an unlinked temporary file
 * in dir (NULL: $TMPDIR, else /tmp), created here (WN_ERR_IO when it
 * cannot be) or else at the first document; call before the first
 * document. */
wn_status wn_dedup_engine_set_tmpdir(wn_dedup_engine *e, const char *dir);

/* --pairs-out: fn is called for every verified pair (Jaccard >= threshold
 * of two documents sharing a band key or the exact hash), a being the
 * earlier document (seq UINT64_MAX: from the index), b the one being
 * decided.  Removed documents are then stored and compared too (memory and
 * spill grow with every document, not only the kept ones); the removals
 * do not change.  Verified modes only; call before the first document. */
typedef wn_status (*wn_dedup_pair_fn)(void *ctx, const char *id_a, uint64_t seq_a, const char *id_b,
                                      uint64_t seq_b, double similarity);
void wn_dedup_engine_set_pairs(wn_dedup_engine *e, wn_dedup_pair_fn fn, void *ctx);

/* Partitioning (issue 5, "designed to be partitioned"): the partition of
 * a band key or exact-hash key among nparts (0 when nparts <= 1). */
unsigned wn_dedup_partition_of(uint64_t key, unsigned nparts);
/* Makes the engine look up and store only the keys of partition part of
 * nparts (verified modes, streaming, with set_pairs, no index).  Its
 * decisions are then partial and meaningless; what counts are the
 * verified pairs it reports: every pair of documents sharing a key of this
 * partition.  The union over the nparts partitions is the one-process
 * pair set, from which wn_dedup_merge_pairs() makes the one-process
 * removals.  Call before the first document. */
void wn_dedup_engine_set_partition(wn_dedup_engine *e, unsigned part, unsigned nparts);

/* Bytes of RAM the engine's tables hold now (verified modes: offsets,
 * cluster sizes, fingerprint tables; not the spill file). */
size_t wn_dedup_engine_ram(const wn_dedup_engine *e);
/* Bytes written to the spill file so far. */
uint64_t wn_dedup_engine_spill_bytes(const wn_dedup_engine *e);

/* Streaming (keep first): decides doc `seq` now.  The engine copies what
 * it needs from sig and id. */
wn_status wn_dedup_engine_add(wn_dedup_engine *e, const wn_dsig *sig, const char *id,
                              uint64_t seq, wn_dedup_decision *out);

/* Two-pass (any keep policy): collect every document, then resolve, then
 * ask for each document's decision by the order of collection. */
wn_status wn_dedup_engine_collect(wn_dedup_engine *e, const wn_dsig *sig, const char *id, uint64_t seq);
wn_status wn_dedup_engine_resolve(wn_dedup_engine *e);
wn_status wn_dedup_engine_decision(wn_dedup_engine *e, size_t i, wn_dedup_decision *out);
size_t wn_dedup_engine_collected(const wn_dedup_engine *e);

/* Keeps a document without looking it up (two-pass apply step), so that
 * it is written to the index at commit. */
wn_status wn_dedup_engine_keep(wn_dedup_engine *e, const wn_dsig *sig, const char *id, uint64_t seq);

/* Writes this run's kept documents to the index in one transaction. */
wn_status wn_dedup_engine_commit(wn_dedup_engine *e);

void wn_dedup_engine_counts(const wn_dedup_engine *e, wn_dedup_counts *c);
/* Ids of kept documents whose cluster reached --max-cluster (up to max). */
size_t wn_dedup_engine_oversize(const wn_dedup_engine *e, const char **ids, size_t max);

/* Parses an ISO-8601 date ("2024-03-01", "2024-03-01T10:00:00Z",
 * "+02:00" offsets) into seconds since the epoch; INT64_MIN when it does not parse. */
int64_t wn_dedup_parse_date(const char *s);

#endif
