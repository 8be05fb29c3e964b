/* source.h: a byte stream from a file or stdin, decompressed when its first
 * bytes are a gzip (1F 8B) or zstd (28 B5 2F FD) magic number. */
#ifndef WN_SOURCE_H
#define WN_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include "winnow.h"

typedef struct wn_source wn_source;

typedef enum wn_codec { WN_CODEC_NONE, WN_CODEC_GZIP, WN_CODEC_ZSTD } wn_codec;

/* Opens path ("-" = stdin).  On failure *err holds a message (errno text). */
wn_status wn_source_open(const char *path, wn_source **out, char *err, size_t errlen);
/* Wraps an in-memory buffer (not copied; must outlive the source). */
wn_status wn_source_open_mem(const void *data, size_t len, wn_source **out);
void wn_source_close(wn_source *src);

/* Reads up to cap decoded bytes.  Returns WN_OK with *got = 0 at the end;
 * WN_ERR_FORMAT for a corrupt or truncated compressed stream, WN_ERR_IO for
 * a read error (message in wn_source_error). */
wn_status wn_source_read(wn_source *src, void *buf, size_t cap, size_t *got);

wn_codec wn_source_codec(const wn_source *src);
/* Compressed (on-disk) bytes consumed so far. */
uint64_t wn_source_raw_bytes(const wn_source *src);
const char *wn_source_error(const wn_source *src);

#endif
