/* context.h: the context-sensitive pass of jusText (quality-rules.md §10.4),
 * in its language-independent form, over the lines of one document.
 *
 * Classes, from the line alone: lines removed as boilerplate are "bad";
 * lines under 70 code points are "short"; lines of 200 or more, or of 70 or
 * more ending in sentence-final punctuation (closing quotes and brackets
 * allowed after it), are "good"; the rest "near-good".  Then, as in jusText:
 * a short line takes "good" when the nearest non-short lines on both sides
 * (looking past near-good ones) are good, "bad" when both are bad, and when
 * mixed, "good" only if a near-good line stands between it and the bad side;
 * a near-good line with bad on both sides becomes bad.  Document edges count
 * as bad.  Lines that end bad are removed with reason "context".
 *
 * A document without any good line is left alone: the pass decides what
 * surrounds article text, it does not judge documents (the quality filters
 * do), and so it never empties a short post. */
#ifndef WN_CONTEXT_H
#define WN_CONTEXT_H

#include "common/doc.h"

enum { WN_CLS_SKIP = 0, WN_CLS_BAD, WN_CLS_SHORT, WN_CLS_NEARGOOD, WN_CLS_GOOD };

/* Classifies one line of n bytes (valid UTF-8), not removed. */
int wn_context_class(const char *s, size_t n);

/* Runs the pass.  Lines removed before as duplicates do not take part;
 * lines removed for other reasons count as bad neighbours. */
void wn_context_mark(wn_doc *doc);

#endif
