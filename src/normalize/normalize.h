/* normalize.h: Unicode and whitespace normalisation of a document body.
 *
 * Per line: invalid UTF-8 -> U+FFFD (counted); line breaks are LF, CR LF,
 * CR, VT, FF, NEL, U+2028, U+2029; other control characters removed (TAB
 * becomes a space); invisible format characters removed (ZWSP, word joiner,
 * BOM, soft hyphen, bidi marks and embeddings; ZWJ and ZWNJ are kept because
 * they carry meaning in Persian, Indic scripts and emoji sequences); every
 * Unicode space (Python's str.isspace set) becomes U+0020, runs collapse to
 * one, lines are trimmed; then NFC.  Empty lines are dropped. */
#ifndef WN_NORMALIZE_H
#define WN_NORMALIZE_H

#include <stddef.h>
#include "common/buf.h"
#include "common/doc.h"

/* Normalises doc->body in place and fills doc->lines (one per non-empty
 * line, numbered from doc->body_line0).  Also normalises the title. */
wn_status wn_normalize_doc(wn_doc *doc, wn_buf *scratch);

/* Normalises one line (no line breaks expected; any found become spaces)
 * into out.  *replaced counts invalid UTF-8 sequences. */
wn_status wn_normalize_line(wn_buf *out, const char *s, size_t n, size_t *replaced);

/* A string made only of code points for which wn_nfc_maybe_changes()
 * returns 0 is already in NFC when its combining classes (wn_nfc_ccc) are in
 * canonical order: no non-zero class follows a greater one (the Unicode
 * quick check, answering "yes"). */
int wn_nfc_maybe_changes(int32_t cp);
int wn_nfc_ccc(int32_t cp);

extern const struct wn_stage_ops wn_stage_normalize;

#endif
