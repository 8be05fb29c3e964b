#include "jsonw.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
__attribute__((target("avx2"))) size_t wn_json_plain_span_avx2(const char *s, size_t n)
{
    const __m256i quote = _mm256_set1_epi8('"'), bslash = _mm256_set1_epi8('\\'), c1f = _mm256_set1_epi8(0x1F);
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
        __m256i ctl = _mm256_cmpeq_epi8(_mm256_max_epu8(v, c1f), c1f); /* v <= 0x1F */
        __m256i sp = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, quote), _mm256_cmpeq_epi8(v, bslash)), ctl);
        unsigned m = (unsigned)_mm256_movemask_epi8(sp);
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
    return i + wn_json_plain_span_ex(s + i, n - i, 0);
}
#else
size_t wn_json_plain_span_avx2(const char *s, size_t n)
{
    return wn_json_plain_span_ex(s, n, 0);
}
#endif


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
        /* the bytes that need no escaping, in one copy */
        size_t run = wn_json_plain_span(s + i, n - i);
        memcpy(o, s + i, run);
        o += run;
        i += run;
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

/* A real as jansson writes it with JSON_REAL_PRECISION(15): "%.15g", then
 * ".0" when it would read back as an integer, then no '+' and no leading
 * zeros in the exponent (1e-05 -> 1e-5). */
static wn_status put_real(wn_buf *b, double v)
{
    char t[48];
    int n = snprintf(t, sizeof t - 2, "%.15g", v);
    if (n < 0 || (size_t)n >= sizeof t - 2)
        return WN_ERR_INTERNAL;
    if (!strchr(t, '.') && !strchr(t, 'e')) {
        t[n++] = '.';
        t[n++] = '0';
        t[n] = 0;
    }
    char *e = strchr(t, 'e');
    if (e) {
        char *start = e + 1, *end = e + 2;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, (size_t)(t + n - end) + 1);
            n -= (int)(end - start);
        }
    }
    return wn_buf_append(b, t, (size_t)n);
}

static wn_status put_int(wn_buf *b, json_int_t v)
{
    char t[24], *p = t + sizeof t;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    return wn_buf_append(b, p, (size_t)(t + sizeof t - p));
}

/* Written here rather than by json_dump_callback, which hands every key,
 * comma and brace to a callback of its own: the metadata of each record
 * went through ~50 calls.  Byte-identical to jansson's compact dump with
 * 15-digit reals (tests/unit/test_jsonw.c compares the two). */
wn_status wn_json_value(wn_buf *b, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        WN_TRY(wn_buf_putc(b, '{'));
        int first = 1;
        for (void *it = json_object_iter((json_t *)v); it; it = json_object_iter_next((json_t *)v, it)) {
            if (!first)
                WN_TRY(wn_buf_putc(b, ','));
            first = 0;
            WN_TRY(wn_json_str(b, json_object_iter_key(it), json_object_iter_key_len(it)));
            WN_TRY(wn_buf_putc(b, ':'));
            WN_TRY(wn_json_value(b, json_object_iter_value(it)));
        }
        return wn_buf_putc(b, '}');
    }
    case JSON_ARRAY: {
        WN_TRY(wn_buf_putc(b, '['));
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                WN_TRY(wn_buf_putc(b, ','));
            WN_TRY(wn_json_value(b, json_array_get(v, i)));
        }
        return wn_buf_putc(b, ']');
    }
    case JSON_STRING:
        return wn_json_str(b, json_string_value(v), json_string_length(v));
    case JSON_INTEGER:
        return put_int(b, json_integer_value(v));
    case JSON_REAL:
        return put_real(b, json_real_value(v));
    case JSON_TRUE:
        return wn_buf_append(b, "true", 4);
    case JSON_FALSE:
        return wn_buf_append(b, "false", 5);
    case JSON_NULL:
        return wn_buf_append(b, "null", 4);
    }
    return WN_ERR_INTERNAL;
}
