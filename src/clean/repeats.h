/* repeats.h: repeated paragraphs inside one document.
 *
 * Two paragraphs are compared through a key: lower-cased, every number (digit
 * runs with their separators, "27.10.2025") replaced by "0", punctuation,
 * symbols and spaces collapsed to one space.  A paragraph whose key equals an
 * earlier kept paragraph's is an exact repeat.  A near-repeat is a paragraph
 * of at least 8 key words whose word-level edit distance to an earlier one is
 * at most ratio x (longer word count), and at least 1: one changed word, an
 * edited timestamp (already equal after number folding), a word added.  The
 * first copy is kept.  Candidates for near-repeats are the earlier paragraphs
 * sharing the first or the last four key words, so the cost stays linear. */
#ifndef WN_REPEATS_H
#define WN_REPEATS_H

#include "common/buf.h"
#include "common/doc.h"

typedef struct wn_repeats_scratch wn_repeats_scratch;

wn_repeats_scratch *wn_repeats_scratch_new(void);
void wn_repeats_scratch_free(wn_repeats_scratch *s);

/* Builds the key of s[0..n) into out (cleared first). */
wn_status wn_paragraph_key(wn_buf *out, const char *s, size_t n);

/* Marks repeats among the lines not yet removed: reason "title" for a line
 * whose key is title_key (the title's, from wn_paragraph_key; NULL or empty:
 * no title), then "duplicate-paragraph" or "near-duplicate-paragraph" among
 * the rest.  near_ratio = 0 turns near-repeats off.  Each line's key is
 * built once for both. */
wn_status wn_repeats_mark(wn_doc *doc, const wn_buf *title_key, double near_ratio, wn_repeats_scratch *s);
/* The same with every kept line's whole key built (no screen on the
 * lines' ends): the general path, for tests. */
wn_status wn_repeats_mark_unscreened(wn_doc *doc, const wn_buf *title_key, double near_ratio, wn_repeats_scratch *s);

/* Word-level edit distance between two sequences of word hashes, or
 * bound + 1 when it exceeds bound.  Exposed for tests. */
size_t wn_word_edit_distance(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, size_t bound);

#endif
