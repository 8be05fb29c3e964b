/* reader.h: turns input paths into a stream of raw records (wn_doc with raw,
 * origin, format and default id set).  Sequential and cheap: decompression
 * and record splitting only; parsing happens later on worker threads. */
#ifndef WN_READER_H
#define WN_READER_H

#include "common/doc.h"

typedef struct wn_reader wn_reader;

typedef void (*wn_reader_diag_fn)(void *ctx, const char *message);

typedef struct wn_reader_config {
    const char *const *inputs;   /* paths, "-" = stdin; directories recurse */
    size_t ninputs;
    wn_format format;            /* WN_FMT_AUTO detects per file */
    size_t max_record_bytes;
    const void *mem;             /* when set, the only input is these bytes */
    size_t mem_len;              /* (named "<memory>"; for tests and fuzzing) */
    wn_reader_diag_fn diag;      /* file-level problems (cannot open, truncated) */
    void *diag_ctx;
} wn_reader_config;

wn_status wn_reader_new(const wn_reader_config *cfg, wn_reader **out);
void wn_reader_free(wn_reader *r);

/* Fills doc (which must be reset) with the next record; *eof = 1 when the
 * inputs are exhausted.  A record over max_record_bytes comes back already
 * rejected ("too-large") with a prefix of its bytes.  Returns non-OK only for
 * out-of-memory; unreadable inputs are reported through diag and counted. */
wn_status wn_reader_next(wn_reader *r, wn_doc *doc, int *eof);

/* Inputs that could not be read whole (open or read error, truncated or
 * corrupt compressed stream). */
uint64_t wn_reader_io_errors(const wn_reader *r);
/* Total on-disk size of the regular-file inputs (0 if unknown), and bytes
 * consumed so far, for progress. */
uint64_t wn_reader_total_bytes(const wn_reader *r);
uint64_t wn_reader_done_bytes(const wn_reader *r);

/* Exposed for tests: does line[0..n) start a seed record (" date YYYY-MM-DD …")? */
int wn_seed_is_header(const char *line, size_t n);

#endif
