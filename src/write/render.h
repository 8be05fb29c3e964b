/* render.h: a document as one JSON line (output record or reject record).
 *
 * Output: {"id","date","title", <doc->top fields>, "text", "meta",
 *          "removed": [{"line","reason","text"}] with explain}.
 * Reject: {"id","reason","message", <reject_info fields>, "source":
 *          {"file","record","line","offset"}, "record": the input object
 *          (JSONL that parsed) or "raw": the record as text (plus
 *          "raw_base64" when its bytes were not valid UTF-8), "removed"}. */
#ifndef WN_RENDER_H
#define WN_RENDER_H

#include "common/doc.h"

/* Renders into doc->out (cleared first), newline-terminated. */
wn_status wn_render_doc(wn_doc *doc, int explain);
wn_status wn_render_reject(wn_doc *doc, int explain);

/* The kept text: kept lines joined by '\n', into out (cleared first). */
wn_status wn_render_text(const wn_doc *doc, wn_buf *out);

#endif
