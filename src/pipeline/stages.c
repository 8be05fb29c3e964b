/* stages.c: the pipeline, in order.  Add a stage here to slot it in:
 * per-document stages first, ordered stages after them. */
#include "stage.h"
#include "langid/stage.h"

#include "clean/clean.h"
#include "filter/stage.h"
#include "linededup/linededup.h"
#include "extract/xstage.h"
#include "dedup/stage.h"
#include "normalize/normalize.h"

const wn_stage_ops *const wn_stage_table[] = {
    &wn_stage_extract,      /* HTML records only: page -> article (issue 6) */
    &wn_stage_normalize,
    &wn_stage_clean,
    &wn_stage_rawlines,  /* only with --clean off: the text as read, one line per paragraph */
    &wn_stage_langid, /* after "clean": it reads the kept lines */
    &wn_stage_filter, /* after "langid": it reads top.lang_iso3 */
    &wn_stage_minhash,   /* per document: signatures on worker threads */
    &wn_stage_dedup,     /* ordered, after every per-document stage */
    &wn_stage_linededup, /* ordered, after dedup: duplicates do not count */
    NULL,
};
