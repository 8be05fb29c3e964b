/* stream.h: a byte source over a FILE that decodes gzip (any number of
 * members) or zstd when the first bytes say so, else passes bytes through.
 * Private to src/extract. */
#ifndef WN_EXTRACT_STREAM_H
#define WN_EXTRACT_STREAM_H

#include <stdint.h>
#include <stdio.h>
#include "winnow.h"

typedef enum wn_xs_codec { WN_XS_PLAIN, WN_XS_GZIP, WN_XS_ZSTD } wn_xs_codec;

typedef struct wn_xstream wn_xstream;

/* Takes `f` (closed by wn_xs_free when own_file). */
wn_status wn_xs_open(FILE *f, int own_file, wn_xstream **out);
void wn_xs_free(wn_xstream *s);
/* Reads up to n decoded bytes; *got = 0 at the end of the stream.  A
 * truncated or corrupt compressed stream gives WN_ERR_FORMAT (see
 * wn_xs_error) after the bytes decoded so far were returned. */
wn_status wn_xs_read(wn_xstream *s, void *buf, size_t n, size_t *got);
wn_xs_codec wn_xs_codec_of(const wn_xstream *s);
/* Compressed bytes consumed so far, and the compressed offset where the
 * current gzip member began. */
uint64_t wn_xs_in_offset(const wn_xstream *s);
uint64_t wn_xs_member_offset(const wn_xstream *s);
const char *wn_xs_error(const wn_xstream *s);

#endif
