/* utf8.h: strict UTF-8 decoding and repair (Unicode's "maximal subpart"
 * practice: each maximal invalid subsequence becomes one U+FFFD). */
#ifndef WN_UTF8_H
#define WN_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"

/* Decodes one code point at s[0..n); n > 0.  Returns the number of bytes
 * used (1..4) and stores the code point, or returns the length of the
 * maximal invalid subpart (>= 1) and stores -1. */
size_t wn_utf8_decode(const unsigned char *s, size_t n, int32_t *cp);

/* wn_utf8_decode with the common valid 1-3 byte cases inline. */
static inline size_t wn_utf8_next(const unsigned char *s, size_t n, int32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF && n >= 2 && (s[1] & 0xC0) == 0x80) {
        *cp = (int32_t)(((c & 0x1F) << 6) | (s[1] & 0x3F));
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF && n >= 3 && (s[2] & 0xC0) == 0x80) {
        /* E0 (U+0800..: Indic scripts) and ED (no surrogates) narrow the
         * second byte */
        unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        if (s[1] >= lo && s[1] <= hi) {
            *cp = (int32_t)(((c & 0x0F) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3F));
            return 3;
        }
    }
    return wn_utf8_decode(s, n, cp);
}

/* Copies one encoded character of k (1..4) bytes: cheaper than a call to
 * memcpy for the few bytes of a character. */
/* The step of the two-byte-letter runs of normalisation and paragraph
 * keys: at s[i..n), an optional single space then a two-byte sequence
 * (lead C2..DF).  Returns its code point and sets *sp to 1 when a space
 * came first, else 0; -1 when the bytes are anything else. */
static inline int32_t wn_utf8_space_two_byte(const unsigned char *s, size_t i, size_t n, size_t *sp)
{
    *sp = i < n && s[i] == ' ';
    if (i + *sp + 2 > n)
        return -1;
    unsigned c0 = s[i + *sp], c1 = s[i + *sp + 1];
    if (c0 < 0xC2 || c0 > 0xDF || (c1 & 0xC0) != 0x80)
        return -1;
    return (int32_t)(((c0 & 0x1F) << 6) | (c1 & 0x3F));
}

/* The same step for a three-byte sequence (U+0800..U+FFFF but surrogates:
 * Indic scripts, CJK, Hangul): an optional single space, then the lead
 * E0..EF with its second byte in range (E0: A0..BF, ED: 80..9F) and a
 * continuation byte.  Returns the code point, or -1. */
static inline int32_t wn_utf8_space_three_byte(const unsigned char *s, size_t i, size_t n, size_t *sp)
{
    *sp = i < n && s[i] == ' ';
    if (i + *sp + 3 > n)
        return -1;
    unsigned c0 = s[i + *sp], c1 = s[i + *sp + 1], c2 = s[i + *sp + 2];
    if ((c0 & 0xF0) != 0xE0 || (c2 & 0xC0) != 0x80)
        return -1;
    unsigned lo = c0 == 0xE0 ? 0xA0 : 0x80, hi = c0 == 0xED ? 0x9F : 0xBF;
    if (c1 < lo || c1 > hi)
        return -1;
    return (int32_t)(((c0 & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F));
}

/* Either step: a two- or else a three-byte sequence after an optional
 * space; its length in *len. */
static inline int32_t wn_utf8_space_multi_byte(const unsigned char *s, size_t i, size_t n, size_t *sp, size_t *len)
{
    *len = 2;
    int32_t c = wn_utf8_space_two_byte(s, i, n, sp);
    if (c < 0) {
        c = wn_utf8_space_three_byte(s, i, n, sp);
        *len = 3;
    }
    return c;
}

#if defined(__SSE2__)
#include <emmintrin.h>
/* The same runs sixteen bytes at a time for Cyrillic, the most common
 * two-byte script: v (16 bytes starting at a character boundary) made only
 * of letters U+0400..U+047F (lead D0 or D1, each followed by its
 * continuation byte) and single spaces each followed by such a letter.
 * Returns the bytes of whole characters it covers (16, or 15 when the last
 * byte is a lead whose continuation lies beyond), or 0 when v holds
 * anything else.  What the characters may be is the caller's business. */
static inline size_t wn_utf8_cyrillic_block(__m128i v)
{
    unsigned l = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xD0)),
                                                          _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xD1))));
    /* continuation bytes 80..BF are the signed bytes below -64 */
    unsigned c = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(-64)));
    unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
    if ((l | c | sp) != 0xFFFF || c != ((l & 0x7FFF) << 1))
        return 0;
    size_t used = 16 - (l >> 15);
    /* every space in the covered part followed by a covered lead */
    unsigned covered = used == 16 ? 0xFFFF : 0x7FFF;
    if (((sp << 1) & ~(l & covered) & 0xFFFF) || (sp >> 15))
        return 0;
    return used;
}
#endif

static inline void wn_utf8_copy(char *o, const unsigned char *s, size_t k)
{
    o[0] = (char)s[0];
    if (k > 1) {
        o[1] = (char)s[1];
        if (k > 2) {
            o[2] = (char)s[2];
            if (k > 3)
                o[3] = (char)s[3];
        }
    }
}

/* Encodes cp (must be a valid scalar value) into out; returns 1..4. */
size_t wn_utf8_encode(int32_t cp, char out[4]);

/* Index of the first invalid byte, or n when s[0..n) is valid UTF-8. */
size_t wn_utf8_valid_prefix(const char *s, size_t n);
/* The same without the AVX2 blocks (SSE2 and bytes), for tests. */
size_t wn_utf8_valid_prefix_generic(const char *s, size_t n);

/* Whether the processor has AVX2 (asked once; 0 off x86-64): the long
 * scans take 32 bytes a step then. */
int wn_cpu_avx2(void);

/* Appends s[0..n) to out with invalid sequences replaced by U+FFFD;
 * *replaced counts the replacements. */
wn_status wn_utf8_repair(wn_buf *out, const char *s, size_t n, size_t *replaced);

/* Number of code points in valid UTF-8 s[0..n). */
size_t wn_utf8_count(const char *s, size_t n);

#endif
