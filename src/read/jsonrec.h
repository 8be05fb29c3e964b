/* jsonrec.h: a one-pass parser for JSONL records.
 *
 * jansson builds a tree of every value and validates every string; for a
 * record whose bulk is one long "text" string that costs more than all the
 * cleaning after it (bench: 61 MB/s for jansson alone on the clean bench
 * corpus).  This parser checks the whole line's syntax, decodes the string
 * fields winnow reads (text, id, date, title) straight into place, and hands
 * every other member to a callback as its raw JSON text, which the caller
 * turns into a jansson value only for those few small fields. */
#ifndef WN_JSONREC_H
#define WN_JSONREC_H

#include <stddef.h>
#include "common/buf.h"

typedef struct wn_jsonrec_error {
    size_t offset;          /* byte offset in the line */
    const char *what;       /* static message */
} wn_jsonrec_error;

/* Called for each member of the top-level object, in order.  key is decoded
 * (NUL-terminated); value points to its raw JSON text.  A non-zero return
 * stops the parse with that status. */
typedef int (*wn_jsonrec_member_fn)(void *ctx, const char *key, size_t key_len, const char *value,
                                    size_t value_len, int is_string);

/* Parses one JSON object.  Returns 0 on success, -1 on a syntax error
 * (described in *err), or the callback's non-zero value. */
int wn_jsonrec_parse(const char *s, size_t n, wn_jsonrec_member_fn fn, void *ctx, wn_jsonrec_error *err);

/* Decodes a JSON string literal (with its quotes) into out (cleared first):
 * escapes resolved, \u surrogate pairs joined, a lone surrogate becomes
 * U+FFFD.  The literal must have been checked by wn_jsonrec_parse. */
wn_status wn_jsonrec_string(const char *lit, size_t n, wn_buf *out);

#endif
