/* wordhash.h: the word (token) hash of the winnow scheme, shared by
 * minhash.c and simplify.c's fused path (internal to src/dedup). */
#ifndef WN_DEDUP_WORDHASH_H
#define WN_DEDUP_WORDHASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define WK1 UINT64_C(0x9E3779B97F4A7C15)
#define WK2 UINT64_C(0xC2B2AE3D27D4EB4F)

static inline __attribute__((always_inline)) uint64_t load64le(const unsigned char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);
#endif
    return x;
}

/* The hash of one token p[0..len) (len >= 1): 8-byte little-endian chunks,
 * the last one (1 to 8 bytes) zero-padded; h = len * WK2, then per chunk
 * h = (h ^ chunk) * WK1 with h ^= h >> 32 between chunks, and h ^ h >> 29
 * at the end.  For a token of at most 8 bytes this is a bijection of its
 * bytes (so distinct short words never collide).  Reads up to 7 bytes
 * past the token: the caller guarantees them (they are masked off). */
static inline __attribute__((always_inline)) uint64_t word_hash(const unsigned char *p, size_t len)
{
    uint64_t h = (uint64_t)len * WK2;
    size_t i = 0;
    for (; i + 8 < len; i += 8) {
        h = (h ^ load64le(p + i)) * WK1;
        h ^= h >> 32;
    }
    size_t r = len - i;   /* 1..8 */
    h = (h ^ (load64le(p + i) & (~UINT64_C(0) >> (64 - 8 * r)))) * WK1;
    return h ^ (h >> 29);
}

#endif
