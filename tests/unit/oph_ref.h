/* oph_ref.h: a plain re-implementation of the winnow scheme of
 * src/dedup/minhash.c from its written definition (byte-by-byte word
 * hash, shingle polynomial, one-permutation hashing with optimal
 * densification), the reference test_dedup.c and test_dedup_fast.c compare
 * the library against. */
#ifndef WN_TEST_OPH_REF_H
#define WN_TEST_OPH_REF_H

#include <stddef.h>
#include <stdint.h>

#include "dedup/dedup.h"

#define REF_K1 UINT64_C(0x9E3779B97F4A7C15)
#define REF_K2 UINT64_C(0xC2B2AE3D27D4EB4F)

static inline uint64_t ref_fmix64(uint64_t h)
{
    h ^= h >> 33; h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33; h *= UINT64_C(0xc4ceb3fe1a85ec53);
    return h ^ (h >> 33);
}

/* chunks of 8 bytes, little endian, the last one (1..8 bytes) zero-padded */
static inline uint64_t ref_word_hash(const char *p, size_t len)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t nchunks = (len + 7) / 8;
    uint64_t h = (uint64_t)len * REF_K2;
    for (size_t c = 0; c < nchunks; c++) {
        uint64_t x = 0;
        for (size_t b = 0; b < 8 && c * 8 + b < len; b++)
            x |= (uint64_t)u[c * 8 + b] << (8 * b);
        h = (h ^ x) * REF_K1;
        if (c + 1 < nchunks)
            h ^= h >> 32;
    }
    return h ^ (h >> 29);
}

/* the per-run seed: two MT19937 draws of the permutation seed, high first */
static inline uint64_t ref_seed64(uint32_t seed)
{
    wn_mt mt;
    wn_mt_seed(&mt, seed);
    uint64_t hi = wn_mt_next32(&mt);
    return hi << 32 | wn_mt_next32(&mt);
}

static inline uint64_t ref_shingle_hash(uint64_t seed64, const uint64_t *w, size_t g)
{
    uint64_t h = seed64 ^ g;
    for (size_t j = 0; j < g; j++)
        h = (h + w[j]) * REF_K1;
    return ref_fmix64(h);
}

/* k values of the set sh[0..n) (repeats allowed) into out. */
static inline void ref_oph(uint64_t seed64, size_t k, const uint64_t *sh, size_t n, uint64_t *out)
{
    uint64_t v[4096];
    int full[4096];
    for (size_t i = 0; i < k; i++) {
        full[i] = 0;
        v[i] = UINT32_MAX;
    }
    for (size_t j = 0; j < n; j++) {
        size_t b = (size_t)((sh[j] >> 32) * k >> 32);
        if (!full[b] || (uint32_t)sh[j] < v[b])
            v[b] = (uint32_t)sh[j];
        full[b] = 1;
    }
    for (size_t i = 0; i < k; i++) {
        out[i] = v[i];
        if (full[i] || !n)
            continue;
        int found = 0;
        for (uint64_t a = 1; a <= 64 && !found; a++) {
            uint64_t r = ref_fmix64(seed64 ^ (i * REF_K1) ^ (a * REF_K2));
            size_t b = (size_t)((r >> 32) * k >> 32);
            if (full[b]) {
                out[i] = v[b];
                found = 1;
            }
        }
        for (size_t q = 1; q < k && !found; q++)
            if (full[(i + q) % k]) {
                out[i] = v[(i + q) % k];
                found = 1;
            }
    }
}

#endif
