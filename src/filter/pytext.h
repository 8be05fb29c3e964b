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
#include "common/utf8.h"

int wn_py_isspace(int32_t cp);
int wn_py_isalpha(int32_t cp);
/* A code point of a splitlines() break (LF VT FF CR FS GS RS NEL LS PS). */
int wn_py_islinebreak(int32_t cp);

/* Decodes the code point at s[*i] (valid UTF-8 assumed; a bad byte counts as
 * one code point U+FFFD) and advances *i.  Inline: the common 1-3 byte
 * cases need no call (wn_utf8_next). */
static inline int32_t wn_py_next(const char *s, size_t n, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];
    if (c < 0x80) {
        (*i)++;
        return c;
    }
    int32_t cp;
    *i += wn_utf8_next((const unsigned char *)s + *i, n - *i, &cp);
    return cp < 0 ? 0xFFFD : cp;
}

/* Character classes of the rules, as bits, from one table for the BMP
 * (built once from the definitions: wn_py_isspace, wn_py_isalpha,
 * utf8proc's categories, punct.c's sets) and computed directly above it.
 * A lookup replaces a utf8proc call and two binary searches per code
 * point; test_filter_rules compares the table with the definitions for
 * every code point. */
enum {
    WN_PC_SPACE = 1,   /* str.isspace() */
    WN_PC_ALPHA = 2,   /* str.isalpha(): L* */
    WN_PC_PS = 4,      /* general category P* or S* (the tokenizer peels them) */
    WN_PC_PSET = 8,    /* datatrove's PUNCTUATION_SET (punct.h) */
    WN_PC_DIGIT = 16,  /* category Nd */
    WN_PC_TERM = 32,   /* TERMINAL_PUNCTUATION (punct.h) */
    WN_PC_CJK = 64,    /* Han and kana: the tokenizer's one-token-per-code-point ranges */
    WN_PC_WORD = 128,  /* Python re's \w: L*, N*, '_' (badwords.c) */
};
/* The class computed from the definitions (any code point). */
unsigned wn_py_class_slow(int32_t cp);
/* The BMP table (65,536 entries), built on first use; thread-safe. */
const uint8_t *wn_py_class_table(void);
static inline unsigned wn_py_class(const uint8_t *tab, int32_t cp)
{
    return cp < 0x10000 ? tab[cp] : wn_py_class_slow(cp);
}

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
