/* options.h: reading the key/value options of winnow.h inside the library.
 * Every key a stage reads is declared once in options.c's table. */
#ifndef WN_OPTIONS_H
#define WN_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include "winnow.h"

/* Last value set for key, or NULL. */
const char *wn_opt_get(const wn_options *o, const char *key);
/* Number of values of a list key, and the i-th of them. */
size_t wn_opt_count(const wn_options *o, const char *key);
const char *wn_opt_nth(const wn_options *o, const char *key, size_t i);

/* Typed getters: *out = default when unset; WN_ERR_ARG when malformed or
 * outside [min, max].  Booleans accept 1/0, true/false, yes/no, on/off, and
 * an empty value means true (a bare --flag). */
wn_status wn_opt_bool(const wn_options *o, const char *key, int def, int *out);
wn_status wn_opt_double(const wn_options *o, const char *key, double def,
                        double min, double max, double *out);
wn_status wn_opt_u64(const wn_options *o, const char *key, uint64_t def,
                     uint64_t min, uint64_t max, uint64_t *out);
/* Sizes accept K, M, G suffixes (binary). */
wn_status wn_opt_size(const wn_options *o, const char *key, uint64_t def,
                      uint64_t min, uint64_t max, uint64_t *out);

wn_status wn_options_clone(const wn_options *o, wn_options **out);

/* Describes the first invalid option for error messages ("" if none). */
const char *wn_opt_last_error(const wn_options *o);

#endif
