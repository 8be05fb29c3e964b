/* charset.h: deciding a page's character set and converting it to UTF-8.
 *
 * Order of evidence (the HTML standard's, which puts the BOM first):
 *   1. a byte-order mark (UTF-8, UTF-16LE/BE);
 *   2. the charset parameter of the HTTP Content-Type;
 *   3. <meta charset=…> or <meta http-equiv=Content-Type content="…charset=…">
 *      in the first 64 KiB;
 *   4. detection: valid UTF-8, else a byte-statistics guess among GB18030,
 *      Shift_JIS, windows-1251 and windows-1252.
 * A declared name that iconv does not know, or a declaration of UTF-8 on
 * bytes that are not UTF-8 (more than 1% invalid), falls through to
 * detection.  Labels are mapped the WHATWG way (latin1/ascii → windows-1252,
 * gb2312/gbk → GB18030, …). */
#ifndef WN_EXTRACT_CHARSET_H
#define WN_EXTRACT_CHARSET_H

#include <stddef.h>
#include "common/buf.h"

typedef struct wn_charset_info {
    char name[40];          /* the charset used, canonical upper-case-ish, e.g. "UTF-8" */
    const char *source;     /* "bom", "http", "meta", "detected", "default" */
    char declared[40];      /* what was declared when it was overridden, else "" */
    size_t invalid;         /* bytes that did not convert (became U+FFFD) */
} wn_charset_info;

/* Appends the UTF-8 text of data[0..len) to out (NUL-terminated). */
wn_status wn_charset_to_utf8(const char *data, size_t len, const char *http_content_type,
                             wn_buf *out, wn_charset_info *info);

/* Maps a label to the name given to iconv; "" when unknown.  Exposed for tests. */
const char *wn_charset_canonical(const char *label, size_t n, char *buf, size_t cap);
/* The charset declared by <meta> in the first bytes, written to buf; 0 when none. */
int wn_charset_from_meta(const char *data, size_t len, char *buf, size_t cap);
/* The charset parameter of a Content-Type value; 0 when none. */
int wn_charset_from_content_type(const char *ct, char *buf, size_t cap);

#endif
