/* justext.h: jusText's paragraph classification (quality-rules.md §10,
 * miso-belica/jusText v3.0.2 core.py), context-free and context-sensitive,
 * as a reusable function over paragraphs of plain text.
 *
 * Inputs per paragraph: its text, the characters inside links (0 for plain
 * text), whether it is a heading (DOM path with h1-h6) and whether its DOM
 * path contains "select".  Words are whitespace split(); stop-word density
 * is the share of words whose Python-lower-cased form is in the stoplist;
 * lengths are code points.  Defaults as jusText's: length 70/200, stop-word
 * density 0.30/0.32, link density 0.2, heading distance 200. */
#ifndef WN_JUSTEXT_H
#define WN_JUSTEXT_H

#include <stddef.h>
#include <stdint.h>
#include "common/buf.h"

enum { WN_JT_BAD = 0, WN_JT_SHORT, WN_JT_NEARGOOD, WN_JT_GOOD };

typedef struct wn_jt_para {
    const char *text;
    size_t len;
    size_t link_chars;
    int heading, select;
    /* out */
    uint8_t cf_class;   /* context-free class */
    uint8_t cls;        /* final class: WN_JT_GOOD or WN_JT_BAD */
} wn_jt_para;

typedef struct wn_jt_params {
    double length_low, length_high, stopwords_low, stopwords_high, max_link_density;
    double max_heading_distance;
    int no_headings;
} wn_jt_params;

void wn_jt_defaults(wn_jt_params *p);

/* A stoplist: lower-cased words. */
typedef struct wn_jt_stoplist wn_jt_stoplist;
/* Loads one word a line (lower-cased at load time, like jusText). */
wn_status wn_jt_stoplist_load(const char *path, wn_jt_stoplist **out);
wn_status wn_jt_stoplist_from_words(const char *const *words, size_t n, wn_jt_stoplist **out);
void wn_jt_stoplist_free(wn_jt_stoplist *s);
int wn_jt_stoplist_has(const wn_jt_stoplist *s, const char *w, size_t n);

/* Classifies p[0..n).  An empty stoplist (NULL) means language-independent
 * mode: both stop-word thresholds 0, as jusText's CLI does. */
wn_status wn_jt_classify(wn_jt_para *p, size_t n, const wn_jt_stoplist *sl, const wn_jt_params *prm);
/* The same final classes, computed only for the paragraphs with want[i]
 * set (their cls; other paragraphs' cls and cf_class are left unset or
 * set as a side effect): context-free classes are computed only where the
 * context rules look.  With a heading (and headings on) it classifies all. */
wn_status wn_jt_classify_some(wn_jt_para *p, size_t n, const uint8_t *want, const wn_jt_stoplist *sl,
                              const wn_jt_params *prm);

#endif
