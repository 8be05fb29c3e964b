#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

wn_status wn_buf_reserve(wn_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return WN_OK;
    if (extra > (size_t)-1 / 2 - b->len)
        return WN_ERR_NOMEM;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return WN_ERR_NOMEM;
    b->data = p;
    b->cap = cap;
    return WN_OK;
}

wn_status wn_buf_append(wn_buf *b, const void *p, size_t n)
{
    WN_TRY(wn_buf_reserve(b, n));
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
    return WN_OK;
}

wn_status wn_buf_printf(wn_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return WN_ERR_INTERNAL;
    if ((size_t)n < sizeof small)
        return wn_buf_append(b, small, (size_t)n);
    WN_TRY(wn_buf_reserve(b, (size_t)n));
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return WN_OK;
}

void wn_buf_free(wn_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *wn_buf_steal(wn_buf *b)
{
    if (!b->data && wn_buf_reserve(b, 0) != WN_OK)
        return NULL;
    b->data[b->len] = 0;
    char *p = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

wn_status wn_grow_to(void *items, size_t *cap, size_t need, size_t size)
{
    if (*cap >= need)
        return WN_OK;
    size_t c = *cap ? *cap : 1024;
    while (c < need)
        c *= 2;
    if (c > (size_t)-1 / size)
        return WN_ERR_NOMEM;
    void **p = items;
    void *q = realloc(*p, c * size);
    if (!q)
        return WN_ERR_NOMEM;
    *p = q;
    *cap = c;
    return WN_OK;
}

wn_status wn_grow_pair(void *a, size_t size_a, void *b, size_t size_b, size_t *cap, size_t need)
{
    /* both grow from the same capacity to the same one; *cap changes only
     * when both have (an array larger than *cap says is harmless) */
    size_t ca = *cap, cb = *cap;
    WN_TRY(wn_grow_to(a, &ca, need, size_a));
    WN_TRY(wn_grow_to(b, &cb, need, size_b));
    *cap = ca;
    return WN_OK;
}

wn_status wn_grow(void *items, size_t *cap, size_t count, size_t size)
{
    if (count < *cap)
        return WN_OK;
    size_t n = *cap ? *cap * 2 : 32;
    if (n > (size_t)-1 / size)
        return WN_ERR_NOMEM;
    void **p = items;
    void *q = realloc(*p, n * size);
    if (!q)
        return WN_ERR_NOMEM;
    *p = q;
    *cap = n;
    return WN_OK;
}
