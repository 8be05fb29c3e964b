/* warc.h: a streaming WARC 1.0/1.1 reader (.warc, .warc.gz with one gzip
 * member per record, .warc.zst).
 *
 * wn_warc_next() yields the records worth extracting: `response` records
 * (HTTP status line and headers parsed, payload = the HTTP body, de-chunked
 * when Transfer-Encoding is chunked) and WET `conversion` records (payload =
 * the text).  `warcinfo`, `request`, `metadata`, `resource`, `revisit` and
 * other types are skipped and counted.  Memory is bounded by the header
 * limit plus max_record bytes: a larger record is skipped (streamed past)
 * and counted as too large.  A truncated record or gzip member ends the file
 * with WN_ERR_FORMAT and a message naming the file, the record number and
 * the byte offset. */
#ifndef WN_EXTRACT_WARC_H
#define WN_EXTRACT_WARC_H

#include <stdint.h>
#include <stdio.h>
#include "common/buf.h"
#include "winnow.h"

typedef struct wn_warc wn_warc;

typedef enum wn_warc_kind { WN_WARC_RESPONSE, WN_WARC_CONVERSION } wn_warc_kind;

typedef struct wn_warc_record {
    wn_warc_kind kind;
    uint64_t number;            /* 1-based record number in the file, all types */
    uint64_t offset;            /* decoded byte offset of the "WARC/" line */
    const char *record_id;      /* WARC-Record-ID without <>, or "" */
    const char *target_uri;     /* WARC-Target-URI, or "" */
    const char *warc_date;      /* WARC-Date, or "" */
    const char *block_type;     /* WARC Content-Type, or "" */
    int http_status;            /* 0 when not an HTTP response */
    const char *http_content_type;   /* HTTP Content-Type, or "" */
    const char *http_content_encoding; /* HTTP Content-Encoding, or "" */
    const char *payload;        /* valid until the next call */
    size_t payload_len;
} wn_warc_record;

typedef struct wn_warc_counts {
    uint64_t records, responses, conversions;
    uint64_t warcinfo, request, metadata, resource, revisit, other;
    uint64_t too_large, bad_http;
} wn_warc_counts;

/* Reads from f (taken; closed by wn_warc_free).  `name` is used in error
 * messages and copied. */
wn_status wn_warc_open(FILE *f, const char *name, size_t max_record, wn_warc **out);
/* Reads decoded bytes through a callback instead (the pipeline's reader
 * hands over its own decompressed source); err_fn describes a failed read. */
typedef wn_status (*wn_warc_read_fn)(void *ctx, void *buf, size_t cap, size_t *got);
typedef const char *(*wn_warc_err_fn)(void *ctx);
wn_status wn_warc_open_fn(wn_warc_read_fn read_fn, wn_warc_err_fn err_fn, void *ctx, const char *name,
                          size_t max_record, wn_warc **out);
void wn_warc_free(wn_warc *w);
/* WN_OK with *eof = 0 and *rec filled, or *eof = 1 at the end.  Errors:
 * WN_ERR_FORMAT (malformed or truncated; wn_warc_error says where),
 * WN_ERR_IO, WN_ERR_NOMEM. */
wn_status wn_warc_next(wn_warc *w, wn_warc_record *rec, int *eof);
const char *wn_warc_error(const wn_warc *w);
void wn_warc_get_counts(const wn_warc *w, wn_warc_counts *c);

/* True when the first bytes of a decoded stream look like a WARC file. */
int wn_warc_sniff(const char *p, size_t n);

#endif
