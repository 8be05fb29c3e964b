/* iso639.h: ISO 639-3 codes for language labels. */
#ifndef WN_LANGID_ISO639_H
#define WN_LANGID_ISO639_H

/* The ISO 639-3 code of a lid.176 label (with or without "__label__"); for
 * other models the 3-letter code before "_" ("eng_Latn" -> "eng"); "und"
 * when unknown.  The result is static or written to buf. */
const char *wn_iso639_3(const char *label, char buf[8]);

#endif
