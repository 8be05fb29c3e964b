/* xstage.h: the extract stage of the pipeline (issue 6). */
#ifndef WN_EXTRACT_XSTAGE_H
#define WN_EXTRACT_XSTAGE_H

#include "pipeline/stage.h"

extern const wn_stage_ops wn_stage_extract;

#endif
