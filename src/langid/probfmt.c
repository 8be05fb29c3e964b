/* probfmt.c: exact "%g" (precision 6) for float-valued doubles in [1e-5, 10).
 *
 * x = mant * 2^exp exactly, with mant < 2^24 (a float's significand).  For
 * the decimal exponent e (10^e <= x < 10^(e+1), e in [-6, 0]) the six
 * significant digits are x * 10^(5-e) rounded to an integer, half to even,
 * as glibc rounds the exact binary value: mant * 10^(5-e) < 2^24 * 10^11 <
 * 2^61, so the product and its shift are exact in 64 bits. */
#include "langid/probfmt.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const uint64_t pow10_u64[] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
    100000000ull, 1000000000ull, 10000000000ull, 100000000000ull,
};

/* x * 10^(5-e) as floor q plus the rounding decision; 0 when q's range
 * says e is wrong (*dir = -1: e too big, +1: too small). */
static int scaled(uint64_t mant, int exp, int e, uint64_t *n, int *dir)
{
    uint64_t v = mant * pow10_u64[5 - e], q, rem = 0, half = 0;
    int sh = -exp;
    if (sh <= 0) {
        q = v << -sh; /* x < 10 and 5-e <= 11: no overflow */
    } else if (sh >= 64) {
        q = 0;
        rem = v;
        half = UINT64_MAX; /* v < 2^61 < half of 2^sh: rounds down */
    } else {
        q = v >> sh;
        rem = v & ((1ull << sh) - 1);
        half = 1ull << (sh - 1);
    }
    if (q < 100000) {
        *dir = -1;
        return 0;
    }
    if (q >= 1000000) {
        *dir = 1;
        return 0;
    }
    *n = q + (rem > half || (rem == half && sh > 0 && (q & 1)));
    return 1;
}

size_t wn_fmt_g(char out[32], double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int bexp = (int)((bits >> 52) & 0x7ff);
    if (!(x >= 1e-5 && x < 10.0) || bexp == 0)
        return (size_t)snprintf(out, 32, "%g", x);
    uint64_t mant = (bits & ((1ull << 52) - 1)) | (1ull << 52);
    int exp = bexp - 1075;
    int tz = __builtin_ctzll(mant);
    mant >>= tz;
    exp += tz;
    if (mant >= (1ull << 24))
        return (size_t)snprintf(out, 32, "%g", x);
    int e = x >= 1.0 ? 0 : x >= 0.1 ? -1 : x >= 0.01 ? -2 : x >= 0.001 ? -3 : x >= 0.0001 ? -4 : -5;
    uint64_t n = 0;
    for (int tries = 0; tries < 3; tries++) {
        int dir;
        if (scaled(mant, exp, e, &n, &dir))
            break;
        e += dir;
        if (e < -6 || e > 0)
            return (size_t)snprintf(out, 32, "%g", x);
    }
    if (n < 100000) /* not settled in three tries: cannot happen, but be safe */
        return (size_t)snprintf(out, 32, "%g", x);
    if (n == 1000000) {
        n = 100000;
        e++;
    }
    char dig[6];
    for (int i = 5; i >= 0; i--) {
        dig[i] = (char)('0' + n % 10);
        n /= 10;
    }
    int nd = 6; /* significant digits left after stripping trailing zeros */
    while (nd > 1 && dig[nd - 1] == '0')
        nd--;
    size_t o = 0;
    if (e < -4) { /* d.ddddde-0X */
        out[o++] = dig[0];
        if (nd > 1) {
            out[o++] = '.';
            for (int i = 1; i < nd; i++)
                out[o++] = dig[i];
        }
        out[o++] = 'e';
        out[o++] = '-';
        out[o++] = '0';
        out[o++] = (char)('0' - e);
    } else if (e >= 0) { /* d.ddddd, or 10 after a carry from 9.999995 */
        for (int i = 0; i <= e; i++)
            out[o++] = dig[i];
        if (nd > e + 1) {
            out[o++] = '.';
            for (int i = e + 1; i < nd; i++)
                out[o++] = dig[i];
        }
    } else { /* 0.000ddddd */
        out[o++] = '0';
        out[o++] = '.';
        for (int i = 0; i < -e - 1; i++)
            out[o++] = '0';
        for (int i = 0; i < nd; i++)
            out[o++] = dig[i];
    }
    out[o] = '\0';
    return o;
}
