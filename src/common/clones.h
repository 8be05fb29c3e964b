/* clones.h: function multi-versioning (GCC's target_clones: the loader
 * picks a version through an ifunc resolver).  Left out under the
 * sanitizers, whose runtimes are not ready when ifunc resolvers run at
 * start-up (TSan crashes), and under clang (fuzz builds); the default
 * version computes the same results. */
#ifndef WN_COMMON_CLONES_H
#define WN_COMMON_CLONES_H

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(__SANITIZE_THREAD__)
#define WN_CLONES(...) __attribute__((target_clones(__VA_ARGS__)))
#else
#define WN_CLONES(...)
#endif

/* rank look-ups with the POPCNT instruction */
#define WN_CLONES_POPCNT WN_CLONES("popcnt", "default")

#endif
