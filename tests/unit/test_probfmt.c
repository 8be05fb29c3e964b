/* test_probfmt.c: wn_fmt_g must print exactly what snprintf("%g") prints. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"
#include "langid/probfmt.h"

static int mismatches;

static void same_as_printf(double x)
{
    char got[32], want[64];
    size_t n = wn_fmt_g(got, x);
    snprintf(want, sizeof want, "%g", x);
    if (strcmp(got, want) != 0 || n != strlen(want)) {
        if (mismatches++ < 10)
            fprintf(stderr, "x = %.17g (%a): got \"%s\", printf \"%s\"\n", x, x, got, want);
        harness_failures++;
    }
}

static float from_bits(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static uint32_t bits_of(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/* Every 331st float from below 1e-5 to above 10: all binades and digit
 * patterns of the fast path, and its edges on both sides. */
static void test_float_sweep(void)
{
    uint32_t lo = bits_of(1e-5f) - 5000, hi = bits_of(10.0f) + 5000;
    for (uint32_t u = lo; u <= hi; u += 331)
        same_as_printf((double)from_bits(u));
}

/* Around each power of ten and each rounding carry (0.9999995 -> 1), where
 * the decimal exponent changes: 2000 floats on each side. */
static void test_decade_edges(void)
{
    const float edges[] = {1e-5f, 1e-4f, 1e-3f, 1e-2f, 1e-1f, 1.0f, 10.0f,
                           9.999995e-6f, 9.999995e-5f, 9.999995e-4f, 9.999995e-3f,
                           0.09999995f, 0.9999995f, 9.999995f};
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++) {
        uint32_t c = bits_of(edges[i]);
        for (uint32_t u = c - 2000; u <= c + 2000; u++)
            same_as_printf((double)from_bits(u));
    }
}

/* Ties: values whose exact decimal expansion ends in 5 at the seventh
 * significant digit (small dyadic fractions) round half to even. */
static void test_ties(void)
{
    for (int k = 1; k < 4096; k++)
        same_as_printf((double)k / 4096.0);
    for (int k = 1; k < 1 << 14; k++)
        same_as_printf((double)k / 16384.0 * 1e-3); /* not float-valued: snprintf path */
    same_as_printf(0.5);
    same_as_printf(0.0001220703125); /* 2^-13 */
}

/* What the fast path must leave to snprintf: other magnitudes, doubles
 * with more than 24 significant bits, zero, infinities, NaN. */
static void test_fallbacks(void)
{
    const double xs[] = {0.0, -0.0, 1e-6, 3e-300, 5e-324, 10.0, 123456.0, 1e300, -0.5,
                         0.1, 1.0 / 3.0, 0.99999999, INFINITY, -INFINITY, NAN};
    for (size_t i = 0; i < sizeof xs / sizeof *xs; i++)
        same_as_printf(xs[i]);
}

/* Random floats in (0, 1], the range of probabilities. */
static void test_random_probs(void)
{
    srand(7);
    for (int i = 0; i < 200000; i++) {
        float f = (float)((double)rand() / RAND_MAX);
        if (f > 0)
            same_as_printf((double)f);
        same_as_printf((double)expf(-(float)i * 1e-4f));
    }
}

int main(void)
{
    RUN(test_float_sweep);
    RUN(test_decade_edges);
    RUN(test_ties);
    RUN(test_fallbacks);
    RUN(test_random_probs);
    return harness_failed_tests != 0;
}
