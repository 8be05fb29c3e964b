/* pytext.h: Python str semantics the datatrove/CCNet rules depend on
 * (quality-rules.md §1), on UTF-8 text that is valid (the pipeline
 * repairs it before any stage runs).
 *
 *  - lengths are code points (Python len);
 *  - whitespace is str.isspace();
 *  - alphabetic is str.isalpha() (general category L*: Lu Ll Lt Lm Lo);
 *  - lower-casing is str.lower(): full mapping through utf8proc plus the two
 *    rules utf8proc's simple mapping lacks: U+0130 -> "i" U+0307 and the
 *    final-sigma rule (Σ -> ς at the end of a word);
 *  - splitlines() vs split("\n") differ in the break set and trailing break. */
#ifndef WN_PYTEXT_H
#define WN_PYTEXT_H

#include <stddef.h>
#include <stdint.h>
#include "common/buf.h"

int wn_py_isspace(int32_t cp);
int wn_py_isalpha(int32_t cp);
/* A code point of a splitlines() break (LF VT FF CR FS GS RS NEL LS PS). */
int wn_py_islinebreak(int32_t cp);

/* Decodes the code point at s[*i] (valid UTF-8 assumed; a bad byte counts as
 * one code point U+FFFD) and advances *i. */
int32_t wn_py_next(const char *s, size_t n, size_t *i);

size_t wn_py_len(const char *s, size_t n);

/* str.strip() bounds: narrows [*b, *e) of s. */
void wn_py_strip(const char *s, size_t *b, size_t *e);
void wn_py_lstrip(const char *s, size_t *b, size_t e);
void wn_py_rstrip(const char *s, size_t b, size_t *e);

/* str.lower() appended to out. */
wn_status wn_py_lower(wn_buf *out, const char *s, size_t n);

/* A span of a text. */
typedef struct wn_span { size_t off, len; } wn_span;

/* Splits s like str.splitlines() (breaks removed, CR LF one break, no empty
 * last line after a trailing break), or like str.split("\n") (trailing LF
 * gives an empty last element; an empty text gives one empty element).
 * *out is realloc'd; returns WN_OK or WN_ERR_NOMEM. */
wn_status wn_py_splitlines(const char *s, size_t n, wn_span **out, size_t *count, size_t *cap);
wn_status wn_py_split_lf(const char *s, size_t n, wn_span **out, size_t *count, size_t *cap);

/* Python str.endswith for a UTF-8 literal. */
int wn_py_endswith(const char *s, size_t n, const char *suffix);
int wn_py_startswith(const char *s, size_t n, const char *prefix);

#endif
