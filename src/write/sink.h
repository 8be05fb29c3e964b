/* sink.h: an output file, compressed by its suffix (.gz: gzip, .zst: zstd),
 * or stdout for NULL / "-". */
#ifndef WN_SINK_H
#define WN_SINK_H

#include <stddef.h>
#include <stdint.h>
#include "winnow.h"

typedef struct wn_sink wn_sink;

wn_status wn_sink_open(const char *path, wn_sink **out, char *err, size_t errlen);
wn_status wn_sink_write(wn_sink *s, const void *p, size_t n);
/* Flushes, finishes the compressed stream and closes; frees s. */
wn_status wn_sink_close(wn_sink *s, char *err, size_t errlen);
uint64_t wn_sink_bytes(const wn_sink *s);   /* uncompressed bytes written */

#endif
