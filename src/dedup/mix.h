/* mix.h: the bit mixers of src/dedup (internal), written once. */
#ifndef WN_DEDUP_MIX_H
#define WN_DEDUP_MIX_H

#include <stdint.h>

/* The first round of murmur3's finaliser: enough to spread a key that is
 * already a hash over table slots or partitions without following its top
 * bits. */
static inline uint64_t wn_mix_round(uint64_t k)
{
    k ^= k >> 33;
    k *= UINT64_C(0xff51afd7ed558ccd);
    return k ^ (k >> 33);
}

/* murmur3's 64-bit finaliser (fmix64). */
static inline uint64_t wn_fmix64(uint64_t h)
{
    h = wn_mix_round(h);
    h *= UINT64_C(0xc4ceb3fe1a85ec53);
    return h ^ (h >> 33);
}

#endif
