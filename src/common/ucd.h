/* ucd.h: the few Unicode properties the hot paths need, from utf8proc,
 * cached in tables for the Basic Multilingual Plane (built once, 192 KB),
 * so that per-character lookups are one load instead of a library call. */
#ifndef WN_UCD_H
#define WN_UCD_H

#include <stdint.h>

enum {
    WN_UC_OTHER = 0,   /* controls, unassigned, format */
    WN_UC_LETTER,      /* L* and M* (marks go with the letters they follow) */
    WN_UC_DIGIT,       /* Nd */
    WN_UC_NUMBER,      /* Nl, No */
    WN_UC_PUNCT,       /* P* */
    WN_UC_SYMBOL,      /* S* */
    WN_UC_SPACE        /* Z* */
};

/* Simple lower-case mapping (utf8proc_tolower). */
int32_t wn_ucd_lower(int32_t cp);
/* One of the WN_UC_* classes. */
int wn_ucd_class(int32_t cp);

#endif
