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

/* The BMP tables themselves, for loops over many characters: fetched once
 * per string instead of a call per character.  NULL if they could not be
 * built (out of memory); then use the functions above. */
typedef struct wn_ucd_tables {
    const uint16_t *lower_delta;   /* (lower - cp) & 0xFFFF */
    const uint8_t *cls;            /* WN_UC_* */
} wn_ucd_tables;
const wn_ucd_tables *wn_ucd_bmp(void);

#endif
