/* words.h: the word tokenizer of the quality rules (quality-rules.md §2.3).
 *
 * datatrove runs spaCy's rule-based tokenizer (NLTK's for FineWeb v1).  This
 * is the documented "practical C equivalent", the same for every language:
 *   1. split on runs of str.isspace() characters;
 *   2. a chunk that looks like a URL (has "://" or starts "www.") or an
 *      e-mail (has an '@' followed later by a '.') stays whole;
 *   3. otherwise peel leading and trailing code points of Unicode categories
 *      P* and S* off as one-code-point tokens each (a run of dots "..."
 *      or "…" peels as one token, like spaCy's ellipsis rule);
 *   4. the core is kept whole when it is digits joined by . , : / - (dates,
 *      times, decimals: "27.10.2025", "13:05", "16,5"); otherwise it is split
 *      at a hyphen or dash between two letters (the dash is a token of its
 *      own) and at ',' between letters.
 * Deviations from spaCy: no language exception tables (English "don't" stays
 * one token, abbreviations such as "U.S." lose their final '.' as a token of
 * its own, Turkish "2023'te" is split at the apostrophe only if it is
 * trailing), no currency/unit suffix rules beyond step 3, no '.' infix
 * between lower/upper-case letters.  These shift word counts by a few
 * tokens per thousand on news text. */
#ifndef WN_WORDS_H
#define WN_WORDS_H

#include <stddef.h>
#include <stdint.h>
#include "common/buf.h"

typedef struct wn_token {
    uint32_t off, len;   /* bytes of the text */
    uint32_t cps;        /* code points */
    uint8_t alpha;       /* has >= 1 alphabetic code point (str.isalpha) */
    uint8_t nonsym;      /* has >= 1 code point outside PUNCTUATION_SET */
    uint8_t chunk;       /* first token of a whitespace-separated chunk (a str.split() word) */
    uint8_t term;        /* one code point, in TERMINAL_PUNCTUATION (the sentencizer's mark) */
} wn_token;

typedef struct wn_tokens {
    wn_token *v;
    size_t n, cap;
} wn_tokens;

/* Tokenizes text[0..n) into t (cleared first). */
wn_status wn_words_split(const char *text, size_t n, wn_tokens *t);
void wn_tokens_free(wn_tokens *t);
/* The tokenizer's ASCII class table (1 space, 2 P/S category, 4 letter,
 * 8 PUNCTUATION_SET), for the test that checks it. */
int wn_words_ascii_class(int c);

#endif
