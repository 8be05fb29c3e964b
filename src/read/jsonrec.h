/* jsonrec.h: a one-pass parser for JSONL records.
 *
 * jansson builds a tree of every value and validates every string; for a
 * record whose bulk is one long "text" string that costs more than all the
 * cleaning after it (bench: 61 MB/s for jansson alone on the clean bench
 * corpus).  This parser checks the whole line's syntax and decodes each
 * top-level string value in the same pass (the text straight into place),
 * and hands every member to a callback with its raw JSON text, which the
 * caller turns into a jansson value only for the few small fields it does
 * not read itself. */
#ifndef WN_JSONREC_H
#define WN_JSONREC_H

#include <stddef.h>
#include "common/buf.h"

typedef struct wn_jsonrec_error {
    size_t offset;          /* byte offset in the line */
    const char *what;       /* static message */
} wn_jsonrec_error;

/* Called for each member of the top-level object, in order.  key is decoded
 * (NUL-terminated); value points to its raw JSON text.  For a string value,
 * str holds it decoded (NUL-terminated); it is NULL for any other value.  A
 * non-zero return stops the parse with that status. */
typedef int (*wn_jsonrec_member_fn)(void *ctx, const char *key, size_t key_len, const char *value,
                                    size_t value_len, const wn_buf *str);

/* The member whose string value is decoded straight into out (cleared
 * first) rather than into the parser's scratch buffer: a record's bulk
 * ("text") lands where it is wanted, in the same pass as the syntax check. */
typedef struct wn_jsonrec_direct {
    const char *key;
    size_t key_len;
    wn_buf *out;
} wn_jsonrec_direct;

/* Parses one JSON object.  Returns 0 on success, -1 on a syntax error
 * (described in *err), or the callback's non-zero value.  direct may be
 * NULL. */
int wn_jsonrec_parse(const char *s, size_t n, const wn_jsonrec_direct *direct, wn_jsonrec_member_fn fn, void *ctx,
                     wn_jsonrec_error *err);

/* Decodes a JSON string literal (with its quotes) into out (cleared first):
 * escapes resolved, \u surrogate pairs joined, a lone surrogate becomes
 * U+FFFD.  The literal must have been checked by wn_jsonrec_parse (its
 * first byte is taken for the opening quote and it ends at the first
 * unescaped quote); WN_ERR_NOMEM when memory runs out. */
wn_status wn_jsonrec_string(const char *lit, size_t n, wn_buf *out);

#endif
