/* stage.h: the per-document "filter" stage: the quality rules of rules.h
 * under a preset (news, fineweb, fineweb2, none), a configuration file and
 * per-language FineWeb-2 thresholds.
 *
 * Options: filter (off leaves the stage out; `winnow dedup` sets it), preset (news|fineweb|fineweb2|none; default news), config (a
 * key = value file, config.h), annotate (keep every document, write each
 * rule's measured value into meta.quality).
 *
 * Rule order: language score (fineweb2 only), Gopher repetition, Gopher
 * quality, C4 quality (line removal + rewrite), C4 paragraph, FineWeb
 * quality.  A rejection's reason is the first failing rule's label and its
 * reject_info holds "value" and "threshold".  C4 line removals are
 * wn_line.removed reasons ("c4_no_terminal_punct", …). */
#ifndef WN_FILTER_STAGE_H
#define WN_FILTER_STAGE_H

#include "pipeline/stage.h"

extern const wn_stage_ops wn_stage_filter;

#endif
