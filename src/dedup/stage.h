/* stage.h: the dedup stages for the pipeline table (see stage.c). */
#ifndef WN_DEDUP_STAGE_H
#define WN_DEDUP_STAGE_H

#include "pipeline/stage.h"
#include "dedup/dedup.h"

extern const wn_stage_ops wn_stage_minhash;   /* per document */
extern const wn_stage_ops wn_stage_dedup;     /* ordered */

/* Reads the dedup options (dedup, preset, threshold, ngram, bands, rows,
 * keep, max-cluster, dedup-hash); err gets a message on WN_ERR_ARG. */
wn_status wn_dedup_read_options(const wn_options *o, wn_dedup_params *p, char *err, size_t errsz);

#endif
