/* probfmt.h: printf("%g") for the probabilities `winnow langid` prints.
 *
 * fastText prints a probability with `std::cout <<` (six significant
 * digits, as "%g").  glibc's printf costs more than the whole prediction of
 * a short line, so the values a prediction can give (floats in [1e-5, 10))
 * are converted here exactly, in integers; anything else goes to snprintf.
 * The result is byte-identical to snprintf("%g") either way. */
#ifndef WN_LANGID_PROBFMT_H
#define WN_LANGID_PROBFMT_H

#include <stddef.h>

/* Writes "%g" of x into out (room for 32 bytes, NUL-terminated); returns
 * the length. */
size_t wn_fmt_g(char out[32], double x);

#endif
