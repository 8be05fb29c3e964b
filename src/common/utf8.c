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

size_t wn_utf8_valid_prefix_generic(const char *str, size_t n)
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

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define WN_UTF8_AVX2 1

/* Validation thirty-two bytes at a time with AVX2 (where the processor has
 * it, asked once): the table lookup of Keiser and Lemire ("Validating UTF-8
 * in less than one instruction per byte", 2021).  The error classes of a
 * byte pair come from three 16-entry tables, indexed by the high and low
 * nibble of the first byte and the high nibble of the second; their AND is
 * non-zero for every invalid pair but the ones that need a third or fourth
 * byte, which the "must be a continuation" test adds.  Returns where the
 * first block holding an error starts, or where the whole blocks end; the
 * caller checks the rest with the byte loop, from a character start at
 * most three bytes before (a sequence may straddle the block edge). */
enum {
    TOO_SHORT = 1 << 0, TOO_LONG = 1 << 1, OVERLONG_3 = 1 << 2, TOO_LARGE = 1 << 3, SURROGATE = 1 << 4,
    OVERLONG_2 = 1 << 5, TOO_LARGE_1000 = 1 << 6, OVERLONG_4 = 1 << 6, TWO_CONTS = 1 << 7,
    CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS
};

#define T16(...) _mm256_setr_epi8(__VA_ARGS__, __VA_ARGS__)

__attribute__((target("avx2"))) static size_t valid_blocks_avx2(const unsigned char *s, size_t n)
{
    const __m256i byte_1_high = T16(TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
                                    (char)TWO_CONTS, (char)TWO_CONTS, (char)TWO_CONTS, (char)TWO_CONTS,
                                    TOO_SHORT | OVERLONG_2, TOO_SHORT, TOO_SHORT | OVERLONG_3 | SURROGATE,
                                    TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
    const __m256i byte_1_low = T16((char)(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4), (char)(CARRY | OVERLONG_2),
                                   (char)CARRY, (char)CARRY, (char)(CARRY | TOO_LARGE),
                                   (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
                                   (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
                                   (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
                                   (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
                                   (char)(CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE),
                                   (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000));
    const __m256i byte_2_high = T16(TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
                                    (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4),
                                    (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE),
                                    (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
                                    (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
                                    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT);
    /* a block's last three bytes that start a sequence it does not finish */
    const __m256i incomplete_max = _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                                    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, (char)(0xF0 - 1),
                                                    (char)(0xE0 - 1), (char)(0xC0 - 1));
    const __m256i nib = _mm256_set1_epi8(0x0F), high = _mm256_set1_epi8((char)0x80);
    __m256i prev_input = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256i in = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
        __m256i err;
        if (_mm256_testz_si256(in, high)) {
            /* ASCII: wrong only if the block before left a sequence open */
            err = _mm256_subs_epu8(prev_input, incomplete_max);
        } else {
            __m256i joined = _mm256_permute2x128_si256(prev_input, in, 0x21);
            __m256i prev1 = _mm256_alignr_epi8(in, joined, 15);
            __m256i prev2 = _mm256_alignr_epi8(in, joined, 14);
            __m256i prev3 = _mm256_alignr_epi8(in, joined, 13);
            __m256i sc = _mm256_and_si256(
                _mm256_and_si256(_mm256_shuffle_epi8(byte_1_high, _mm256_and_si256(_mm256_srli_epi16(prev1, 4), nib)),
                                 _mm256_shuffle_epi8(byte_1_low, _mm256_and_si256(prev1, nib))),
                _mm256_shuffle_epi8(byte_2_high, _mm256_and_si256(_mm256_srli_epi16(in, 4), nib)));
            /* third bytes of E0..EF sequences and fourth of F0..FF: must be
             * continuations (saturated, only those reach 0x80) */
            __m256i must23 = _mm256_or_si256(_mm256_subs_epu8(prev2, _mm256_set1_epi8((char)(0xE0 - 0x80))),
                                             _mm256_subs_epu8(prev3, _mm256_set1_epi8((char)(0xF0 - 0x80))));
            err = _mm256_xor_si256(_mm256_and_si256(must23, high), sc);
        }
        if (!_mm256_testz_si256(err, err))
            break;
        prev_input = in;
    }
    return i;
}

int wn_cpu_avx2(void)
{
    static _Atomic int known; /* 0: not asked yet, 1: yes, 2: no */
    int k = known;
    if (!k) {
        __builtin_cpu_init();
        k = __builtin_cpu_supports("avx2") ? 1 : 2;
        known = k;
    }
    return k == 1;
}
#else
int wn_cpu_avx2(void)
{
    return 0;
}
#endif

size_t wn_utf8_valid_prefix(const char *str, size_t n)
{
#if defined(WN_UTF8_AVX2)
    if (n >= 64 && wn_cpu_avx2()) {
        const unsigned char *s = (const unsigned char *)str;
        size_t i = valid_blocks_avx2(s, n);
        /* back to the start of the character holding byte i - 3: all
         * before it is valid */
        size_t p = i >= 3 ? i - 3 : 0;
        while (p > 0 && (s[p] & 0xC0) == 0x80)
            p--;
        return p + wn_utf8_valid_prefix_generic(str + p, n - p);
    }
#endif
    return wn_utf8_valid_prefix_generic(str, n);
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

#if defined(WN_UTF8_AVX2)
/* The continuation bytes of s[0..n) in whole blocks of thirty-two, with
 * AVX2; *done is where the blocks end. */
__attribute__((target("avx2"))) static size_t cont_blocks_avx2(const char *s, size_t n, size_t *done)
{
    const __m256i lim = _mm256_set1_epi8(-64), zero = _mm256_setzero_si256();
    size_t cont = 0, i = 0, blocks = n / 32;
    while (blocks) {
        size_t b = blocks < 255 ? blocks : 255; /* per-byte counters below 256 */
        blocks -= b;
        __m256i acc = zero;
        do {
            acc = _mm256_sub_epi8(acc, _mm256_cmpgt_epi8(lim, _mm256_loadu_si256((const __m256i *)(const void *)(s + i))));
            i += 32;
        } while (--b);
        __m256i sums = _mm256_sad_epu8(acc, zero);
        __m128i h = _mm_add_epi64(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
        cont += (size_t)_mm_cvtsi128_si64(h) + (size_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(h, h));
    }
    *done = i;
    return cont;
}
#endif

size_t wn_utf8_count(const char *s, size_t n)
{
    /* Code points = bytes that are not continuation bytes (10xxxxxx). */
    size_t cont = 0, i = 0;
#if defined(WN_UTF8_AVX2)
    if (n >= 64 && wn_cpu_avx2())
        cont = cont_blocks_avx2(s, n, &i);
#endif
#if defined(__SSE2__)
    /* sixteen bytes a step: continuation bytes are the signed ones below
     * -64; per-byte counters are summed before they can reach 255 */
    const __m128i lim = _mm_set1_epi8(-64), zero = _mm_setzero_si128();
    size_t blocks = (n - i) / 16;
    while (blocks) {
        size_t b = blocks < 255 ? blocks : 255;
        blocks -= b;
        __m128i acc = zero;
        do {
            acc = _mm_sub_epi8(acc, _mm_cmplt_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)), lim));
            i += 16;
        } while (--b);
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
