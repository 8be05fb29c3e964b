#include "jsonw.h"

#include <stdint.h>
#include <string.h>

static const char hex[] = "0123456789ABCDEF";

static wn_status escape(wn_buf *b, const char *s, size_t n, int quotes)
{
    /* Room for the bytes as they are; an escape makes more room when it
     * needs it (reserving the worst case, 6 bytes each, would make every
     * output buffer six times its text). */
    WN_TRY(wn_buf_reserve(b, n + 2));
    char *o = b->data + b->len;
    if (quotes)
        *o++ = '"';
    size_t i = 0;
    while (i < n) {
        /* copy 8 bytes at a time while none needs escaping */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (wn_json_word_special(w))
                break;
            memcpy(o, &w, 8);
            o += 8;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i++];
        if (c >= 0x20 && c != '"' && c != '\\') {
            *o++ = (char)c;
            continue;
        }
        if ((size_t)(b->cap - (size_t)(o - b->data)) < (n - i) + 8) {
            b->len = (size_t)(o - b->data);
            WN_TRY(wn_buf_reserve(b, (n - i) + 8));
            o = b->data + b->len;
        }
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\n': *o++ = 'n'; break;
        case '\t': *o++ = 't'; break;
        case '\r': *o++ = 'r'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        default:
            *o++ = 'u'; *o++ = '0'; *o++ = '0';
            *o++ = hex[c >> 4]; *o++ = hex[c & 15];
        }
    }
    if (quotes)
        *o++ = '"';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = 0;
    return WN_OK;
}

wn_status wn_json_str(wn_buf *b, const char *s, size_t n)
{
    return escape(b, s, n, 1);
}

wn_status wn_json_str_body(wn_buf *b, const char *s, size_t n)
{
    return escape(b, s, n, 0);
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
    return wn_buf_append(data, buffer, size) == WN_OK ? 0 : -1;
}

wn_status wn_json_value(wn_buf *b, const json_t *v)
{
    /* reals with 15 significant digits: 0.9776, not 0.97760000000000002 */
    if (json_dump_callback(v, dump_cb, b,
                           JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15)) != 0)
        return WN_ERR_NOMEM;
    return WN_OK;
}
