/* jsonw.h: fast JSON string output (the hot path of the writer). */
#ifndef WN_JSONW_H
#define WN_JSONW_H

#include <jansson.h>
#include "buf.h"

/* Appends s[0..n) as a quoted JSON string.  s must be valid UTF-8; control
 * characters are escaped, everything else is copied as UTF-8. */
wn_status wn_json_str(wn_buf *b, const char *s, size_t n);
/* The same without the quotes, to build one string from pieces. */
wn_status wn_json_str_body(wn_buf *b, const char *s, size_t n);
/* Appends a jansson value in compact form, keys in insertion order. */
wn_status wn_json_value(wn_buf *b, const json_t *v);

#endif
