/* jsonw.h: fast JSON string output (the hot path of the writer). */
#ifndef WN_JSONW_H
#define WN_JSONW_H

#include <jansson.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "buf.h"
#include "utf8.h"

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

/* The same thirty-two bytes a step (AVX2; only where wn_cpu_avx2()). */
size_t wn_json_plain_span_avx2(const char *s, size_t n);

/* The length of the longest prefix of s[0..n) with no byte that needs
 * escaping (wn_json_word_special's bytes): sixteen bytes a step with SSE2
 * (every x86-64 has it), eight with the word test elsewhere.  A span that
 * goes on past its first sixteen bytes with 64 more to look at continues
 * thirty-two at a time where the processor has AVX2 (long_ok). */
static inline size_t wn_json_plain_span_ex(const char *s, size_t n, int long_ok)
{
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), c1f = _mm_set1_epi8(0x1F);
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i ctl = _mm_cmpeq_epi8(_mm_max_epu8(v, c1f), c1f); /* v <= 0x1F */
        __m128i sp = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)), ctl);
        unsigned m = (unsigned)_mm_movemask_epi8(sp);
        if (m)
            return i + (size_t)__builtin_ctz(m);
        if (long_ok && i == 0 && n >= 16 + 64 && wn_cpu_avx2())
            return 16 + wn_json_plain_span_avx2(s + 16, n - 16);
    }
#else
    (void)long_ok;
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (wn_json_word_special(w))
            break;
    }
    while (i < n && s[i] != '"' && s[i] != '\\' && (unsigned char)s[i] >= 0x20)
        i++;
    return i;
}

static inline size_t wn_json_plain_span(const char *s, size_t n)
{
    return wn_json_plain_span_ex(s, n, 1);
}

/* Appends s[0..n) as a quoted JSON string.  s must be valid UTF-8; control
 * characters are escaped, everything else is copied as UTF-8. */
wn_status wn_json_str(wn_buf *b, const char *s, size_t n);
/* The same without the quotes, to build one string from pieces. */
wn_status wn_json_str_body(wn_buf *b, const char *s, size_t n);
/* Appends a jansson value in compact form, keys in insertion order. */
wn_status wn_json_value(wn_buf *b, const json_t *v);

#endif
