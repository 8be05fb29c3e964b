/* dedup_keys.h: test helpers shared by test_dedup.c and test_dedup_store.c:
 * well-mixed 64-bit keys, and two keys that collide in the fingerprint
 * tables of src/dedup/store.h. */
#ifndef WN_TEST_DEDUP_KEYS_H
#define WN_TEST_DEDUP_KEYS_H

#include <stdint.h>
#include <stdlib.h>

#include "dedup/store.h"

/* splitmix64 of i: distinct, well-mixed keys */
static inline uint64_t key_of(uint64_t i)
{
    uint64_t z = i + UINT64_C(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static inline int u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Two different keys with the same 32-bit table fingerprint, by a birthday
 * search over 2^18 keys; returns 0 when none was found. */
static inline int fp_collision(uint64_t *k1, uint64_t *k2)
{
    enum { M = 1 << 18 };
    uint64_t *v = malloc(M * sizeof *v);
    int found = 0;
    *k1 = *k2 = 0;
    if (!v)
        return 0;
    for (uint32_t i = 0; i < M; i++)
        v[i] = (uint64_t)wn_fptab_fp(key_of(i)) << 32 | i;
    qsort(v, M, sizeof *v, u64_cmp);
    for (size_t i = 1; i < M && !found; i++)
        if (v[i] >> 32 == v[i - 1] >> 32) {
            *k1 = key_of((uint32_t)v[i - 1]);
            *k2 = key_of((uint32_t)v[i]);
            found = 1;
        }
    free(v);
    return found;
}

#endif
