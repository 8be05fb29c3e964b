/* extract.h: main-content extraction from one HTML page (libxml2).
 *
 * wn_extract_doc() takes the page bytes (any charset) and fills a wn_doc:
 * title, date (YYYY-MM-DD), top {url, author}, body + lines (one per
 * paragraph, heading, list item, block quote, table row), and meta
 * (html_lang, charset, charset_source, published, updated, date_source,
 * captions, extraction).  A page with no article is rejected ("no-article")
 * unless fallback is on; bytes that are not HTML are rejected ("not-html"). */
#ifndef WN_EXTRACT_EXTRACT_H
#define WN_EXTRACT_EXTRACT_H

#include <stddef.h>
#include "common/doc.h"
#include "common/options.h"

typedef struct wn_xopts {
    int comments, tables, links, fallback;
    size_t max_html;        /* pages larger than this are rejected ("too-large") */
} wn_xopts;

/* Reads with-comments, with-tables / no-tables, with-links, fallback, max-html-bytes. */
wn_status wn_xopts_read(const wn_options *o, wn_xopts *x);
/* Must be called before threads use wn_extract_doc: loads and initialises
 * libxml2 (extract/xmlapi.h).  WN_ERR_IO with a message when it cannot. */
wn_status wn_extract_global_init(char *err, size_t errsize);

/* Per-thread scratch: a reusable parser context and buffers, so that a run
 * over many pages does not allocate them again for each. */
typedef struct wn_xscratch wn_xscratch;
wn_xscratch *wn_xscratch_new(void);
void wn_xscratch_free(wn_xscratch *s);

/* url, content_type and scratch may be NULL. */
wn_status wn_extract_doc(const wn_xopts *x, wn_xscratch *scratch, const char *html, size_t len,
                         const char *url, const char *content_type, wn_doc *doc);

/* Date helpers, exposed for tests: writes YYYY-MM-DD to out[11] from an ISO
 * date/time or a URL with /YYYY/MM/DD/ or /YYYY-MM-DD; 0 when none. */
int wn_x_date_iso(const char *s, char out[11]);
int wn_x_date_url(const char *url, char out[11]);

#endif
