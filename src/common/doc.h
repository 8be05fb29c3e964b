/* doc.h: the record every stage works on.
 *
 * A wn_doc is made by a reader (raw bytes + origin), parsed into fields by
 * read/parse.c, then passed through the stages in order.  Stages never drop
 * a document: they mark lines as removed (wn_line.removed) or the whole
 * document as rejected (wn_doc_reject), so that the writer can account for
 * every input record in exactly one of output or rejects. */
#ifndef WN_DOC_H
#define WN_DOC_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "buf.h"

/* WN_FMT_HTML: raw is one HTML page (a file, or a WARC response payload);
 * the extract stage turns it into fields and body (issue 6). */
typedef enum wn_format { WN_FMT_AUTO = 0, WN_FMT_SEED, WN_FMT_JSONL, WN_FMT_HTML, WN_FMT_WARC } wn_format;

/* Where a record came from; `file` is owned by the reader and outlives the
 * documents of a run. */
typedef struct wn_origin {
    const char *file;
    uint64_t record;   /* 1-based record number within the file */
    uint64_t line;     /* 1-based line of the record's first byte */
    uint64_t offset;   /* byte offset of the record in the decoded stream */
} wn_origin;

/* One paragraph (= one line of the body). */
typedef struct wn_line {
    size_t off, len;        /* span of doc->body */
    uint32_t src_line;      /* 1-based line number in the source record */
    uint8_t cls;            /* scratch class for the context pass */
    const char *removed;    /* NULL when kept, else a static reason name */
} wn_line;

typedef struct wn_doc {
    uint64_t seq;           /* position in the whole input stream, from 0 */
    wn_origin origin;
    wn_format format;
    wn_buf raw;             /* the record exactly as read */

    char *id, *date, *title;    /* malloc'd, NULL when absent */
    json_t *top;            /* extra top-level output fields, in order (lang, …) */
    json_t *meta;           /* object: input meta, pass-through fields, findings */
    wn_buf body;            /* body text: as read after parsing, normalised
                               ('\n' between lines) after the normalize stage */
    uint32_t body_line0;    /* source line number of the body's first line */
    wn_line *lines;
    size_t nlines, lines_cap;
    size_t invalid_utf8;    /* bytes sequences replaced by U+FFFD */

    const char *reject;     /* NULL while kept, else a static reason name */
    json_t *reject_info;    /* object with the details of the rejection */

    int changed;            /* set by an ordered stage that modified a kept
                               document, so that the writer renders it again */
    wn_buf out;             /* the rendered output or reject line */

    /* Set by the per-document "minhash" stage (issue 5), read by the ordered
     * "dedup" stage: an opaque signature and the function that frees it.
     * wn_doc_free and wn_doc_reset release it. */
    void *dedup_sig;
    void (*dedup_sig_free)(void *sig);
} wn_doc;

wn_doc *wn_doc_new(void);
void wn_doc_free(wn_doc *doc);
/* Forgets everything but keeps allocations, for reuse. */
void wn_doc_reset(wn_doc *doc);

/* Bytes held by the document's buffers (for memory bounds). */
size_t wn_doc_held_bytes(const wn_doc *doc);
/* Frees the buffers, keeping the document usable. */
void wn_doc_release(wn_doc *doc);

wn_status wn_doc_add_line(wn_doc *doc, size_t off, size_t len, uint32_t src_line);

/* Marks the document rejected with a static reason and a printf-style
 * message stored in reject_info.message.  The first rejection wins. */
void wn_doc_reject(wn_doc *doc, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Sets meta[key] = value (stealing the reference); creates meta. */
wn_status wn_doc_meta_set(wn_doc *doc, const char *key, json_t *value);

/* Number of lines not removed. */
size_t wn_doc_kept_lines(const wn_doc *doc);

#endif
