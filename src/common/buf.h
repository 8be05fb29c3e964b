/* buf.h: a growable byte buffer, always NUL-terminated when non-empty. */
#ifndef WN_BUF_H
#define WN_BUF_H

#include <stddef.h>
#include <string.h>
#include "winnow.h"

typedef struct wn_buf {
    char *data;
    size_t len, cap;
} wn_buf;

#define WN_BUF_INIT {NULL, 0, 0}

/* Makes room for `extra` more bytes plus a terminating NUL. */
wn_status wn_buf_reserve(wn_buf *b, size_t extra);
wn_status wn_buf_append(wn_buf *b, const void *p, size_t n);
/* One byte or a C string: inline when the room is there (the writer puts
 * many small pieces), else through wn_buf_append. */
static inline wn_status wn_buf_putc(wn_buf *b, char c)
{
    if (b->len + 2 <= b->cap) {
        b->data[b->len++] = c;
        b->data[b->len] = 0;
        return WN_OK;
    }
    return wn_buf_append(b, &c, 1);
}
static inline wn_status wn_buf_puts(wn_buf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 <= b->cap) {
        memcpy(b->data + b->len, s, n + 1);
        b->len += n;
        return WN_OK;
    }
    return wn_buf_append(b, s, n);
}
wn_status wn_buf_printf(wn_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline void wn_buf_clear(wn_buf *b) { b->len = 0; if (b->data) b->data[0] = 0; }
void wn_buf_free(wn_buf *b);
/* Hands the bytes over to the caller (NUL-terminated, never NULL on WN_OK). */
char *wn_buf_steal(wn_buf *b);

/* Makes room for one more element in a growable array *items of *cap
 * elements of `size` bytes holding `count`; doubles the capacity. */
wn_status wn_grow(void *items, size_t *cap, size_t count, size_t size);
/* Grows the array *items of *cap elements of `size` bytes to hold at least
 * need, doubling from 1,024. */
wn_status wn_grow_to(void *items, size_t *cap, size_t need, size_t size);
/* Grows two arrays (*a of size_a-byte items, *b of size_b-byte ones) that
 * share the capacity *cap to hold at least need items, doubling from 1,024. */
wn_status wn_grow_pair(void *a, size_t size_a, void *b, size_t size_b, size_t *cap, size_t need);

/* Forwards a non-OK status to the caller. */
#define WN_TRY(expr) do { wn_status wn_try_s_ = (expr); if (wn_try_s_ != WN_OK) return wn_try_s_; } while (0)

#endif
