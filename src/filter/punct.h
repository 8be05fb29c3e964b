/* punct.h: datatrove's character sets (quality-rules.md §2.1). */
#ifndef WN_PUNCT_H
#define WN_PUNCT_H

#include <stddef.h>
#include <stdint.h>

int wn_punct_is(int32_t cp);           /* PUNCTUATION (129) */
int wn_punct_is_terminal(int32_t cp);  /* TERMINAL_PUNCTUATION (159) */
/* PUNCTUATION_SET = the union. */
static inline int wn_punct_in_set(int32_t cp) { return wn_punct_is(cp) || wn_punct_is_terminal(cp); }
size_t wn_punct_count(int terminal);
/* The sorted code points of a set (wn_punct_count(terminal) of them). */
const int32_t *wn_punct_list(int terminal);

#endif
