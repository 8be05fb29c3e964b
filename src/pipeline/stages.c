/* stages.c: the pipeline, in order.  Add a stage here to slot it in. */
#include "stage.h"

const wn_stage_ops *const wn_stage_table[] = {
    NULL,
};
