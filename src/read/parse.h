/* parse.h: raw record bytes -> fields (id, date, title, meta, body). */
#ifndef WN_PARSE_H
#define WN_PARSE_H

#include "common/doc.h"

/* Parses doc->raw according to doc->format.  A record that does not parse
 * is rejected ("bad-json", "no-text") with its origin in reject_info. */
wn_status wn_parse_record(wn_doc *doc);

#endif
