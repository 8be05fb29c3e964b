#include "utf8.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

size_t wn_utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    size_t need;
    uint32_t v;
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1; v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2; v = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;        /* no overlongs */
        else if (c == 0xED) hi = 0x9F;   /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3; v = c & 0x07;
        if (c == 0xF0) lo = 0x90;
        else if (c == 0xF4) hi = 0x8F;   /* <= U+10FFFF */
    } else {
        *cp = -1;
        return 1;
    }
    for (size_t i = 1; i <= need; i++) {
        if (i >= n) {
            *cp = -1;
            return i;
        }
        unsigned b = s[i];
        if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) {
            *cp = -1;
            return i;
        }
        v = (v << 6) | (b & 0x3F);
    }
    *cp = (int32_t)v;
    return need + 1;
}

size_t wn_utf8_encode(int32_t cp, char out[4])
{
    uint32_t c = (uint32_t)cp;
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

size_t wn_utf8_valid_prefix(const char *str, size_t n)
{
    /* The structure of each sequence is checked without decoding it (the
     * ranges of Unicode Table 3-7).  After an ASCII byte, eight are tried
     * at a time; inside runs of other scripts that test would fail at once,
     * so it is not repeated after every character. */
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
#if defined(__SSE2__)
    size_t scalar_until = 0; /* after a block the vector test refused */
#endif
    while (i < n) {
#if defined(__SSE2__)
        /* Sixteen bytes at a time while they are ASCII and two-byte
         * sequences (Latin, Cyrillic, Greek, Hebrew, Arabic text): leads
         * C2..DF, each followed by exactly its continuation byte.  A lead in
         * the last lane is left for the next block.  Other blocks go to the
         * byte loop below, which then runs at least to the block's end. */
        if (i >= scalar_until) {
            const __m128i c2 = _mm_set1_epi8((char)0xC2), df = _mm_set1_epi8((char)0xDF);
            const __m128i cont_lim = _mm_set1_epi8(-64);
            while (i + 16 <= n) {
                __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
                unsigned high = (unsigned)_mm_movemask_epi8(v);
                if (!high) {
                    i += 16;
                    continue;
                }
                /* c2 <= v <= df, unsigned: max(v, c2) == v and min(v, df) == v */
                __m128i lead = _mm_and_si128(_mm_cmpeq_epi8(_mm_max_epu8(v, c2), v), _mm_cmpeq_epi8(_mm_min_epu8(v, df), v));
                unsigned l = (unsigned)_mm_movemask_epi8(lead);
                unsigned c = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, cont_lim));
                unsigned l15 = l & 0x7FFF;
                if ((high & ~(l | c)) || c != (l15 << 1))
                    break;
                i += 16 - (l >> 15);
            }
            if (i + 16 <= n)
                scalar_until = i + 16;
            if (i >= n)
                break;
        }
#endif
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            while (i + 8 <= n) {
                uint64_t w;
                memcpy(&w, s + i, 8);
                if (w & 0x8080808080808080ULL)
                    break;
                i += 8;
            }
            continue;
        }
        if (c < 0xC2)
            return i;
        if (c < 0xE0) {
            if (i + 1 >= n || (s[i + 1] & 0xC0) != 0x80)
                return i;
            i += 2;
            continue;
        }
        if (c < 0xF0) {
            unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
            if (i + 2 >= n || s[i + 1] < lo || s[i + 1] > hi || (s[i + 2] & 0xC0) != 0x80)
                return i;
            i += 3;
            continue;
        }
        if (c < 0xF5) {
            unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
            if (i + 3 >= n || s[i + 1] < lo || s[i + 1] > hi || (s[i + 2] & 0xC0) != 0x80 ||
                (s[i + 3] & 0xC0) != 0x80)
                return i;
            i += 4;
            continue;
        }
        return i;
    }
    return n;
}

wn_status wn_utf8_repair(wn_buf *out, const char *s, size_t n, size_t *replaced)
{
    size_t i = 0;
    while (i < n) {
        size_t ok = wn_utf8_valid_prefix(s + i, n - i);
        WN_TRY(wn_buf_append(out, s + i, ok));
        i += ok;
        if (i >= n)
            break;
        int32_t cp;
        size_t k = wn_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        WN_TRY(wn_buf_append(out, "\xEF\xBF\xBD", 3));
        (*replaced)++;
        i += k;
    }
    return WN_OK;
}

size_t wn_utf8_count(const char *s, size_t n)
{
    /* Code points = bytes that are not continuation bytes (10xxxxxx). */
    size_t cont = 0, i = 0;
#if defined(__SSE2__)
    /* sixteen bytes a step: continuation bytes are the signed ones below
     * -64; per-byte counters are summed before they can reach 255 */
    const __m128i lim = _mm_set1_epi8(-64), zero = _mm_setzero_si128();
    while (i + 16 <= n) {
        __m128i acc = zero;
        for (int k = 0; k < 255 && i + 16 <= n; k++, i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            acc = _mm_sub_epi8(acc, _mm_cmplt_epi8(v, lim));
        }
        __m128i sums = _mm_sad_epu8(acc, zero);
        cont += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sums, 8));
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t m = (w & ~(w << 1) & 0x8080808080808080ULL) >> 7;   /* 1 per continuation byte */
        cont += (size_t)((m * 0x0101010101010101ULL) >> 56);
    }
    for (; i < n; i++)
        cont += ((unsigned char)s[i] & 0xC0) == 0x80;
    return n - cont;
}
