/* stage.h: the `langid` pipeline stage (per-document). */
#ifndef WN_LANGID_STAGE_H
#define WN_LANGID_STAGE_H

#include "pipeline/stage.h"
#include "analyze.h"

extern const wn_stage_ops wn_stage_langid;

/* Fills obj with "lang", "lang_iso3", "lang_score" (and "lang_topk" when
 * topk > 0) and, when paras/spans are non-NULL, sets them to the paragraph
 * labels and the other-language spans of the last wn_lid_analyze().
 * src_lines (may be NULL) numbers the paragraphs. */
wn_status wn_lid_fill_json(const wn_lid_work *w, const wn_lid_model *m, const wn_lid_doc *doc,
                           const char *const *texts, const uint32_t *src_lines, int topk,
                           json_t *obj, json_t **paras, json_t **spans);

#endif
