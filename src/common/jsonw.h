/* jsonw.h: fast JSON string output (the hot path of the writer). */
#ifndef WN_JSONW_H
#define WN_JSONW_H

#include <jansson.h>
#include <stdint.h>
#include "buf.h"

/* Does any byte of the 8 in w need escaping in a JSON string: '"', '\\'
 * or a control character?  (Bytes >= 0x80 never do.) */
static inline int wn_json_word_special(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\');
    uint64_t ctl = (w - ones * 0x20) & ~w;
    uint64_t zq = (q - ones) & ~q, zb = (bs - ones) & ~bs;
    return ((ctl | zq | zb) & highs) != 0;
}

/* Appends s[0..n) as a quoted JSON string.  s must be valid UTF-8; control
 * characters are escaped, everything else is copied as UTF-8. */
wn_status wn_json_str(wn_buf *b, const char *s, size_t n);
/* The same without the quotes, to build one string from pieces. */
wn_status wn_json_str_body(wn_buf *b, const char *s, size_t n);
/* Appends a jansson value in compact form, keys in insertion order. */
wn_status wn_json_value(wn_buf *b, const json_t *v);

#endif
