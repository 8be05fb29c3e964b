/* stages.c: the pipeline, in order.  Add a stage here to slot it in. */
#include "stage.h"
#include "langid/stage.h"

const wn_stage_ops *const wn_stage_table[] = {
    /* per-document stages */
    &wn_stage_langid, /* after "clean": it reads the kept lines */
    NULL,
};
