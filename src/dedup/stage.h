/* stage.h: the dedup stages for the pipeline table (see stage.c). */
#ifndef WN_DEDUP_STAGE_H
#define WN_DEDUP_STAGE_H

#include "pipeline/stage.h"
#include "dedup/dedup.h"

/* With --clean off (normalize and clean left out): splits the body as read
 * into lines at '\n' (empty lines kept), so that the record is written with
 * its text unchanged and the stages after it see paragraphs. */
extern const wn_stage_ops wn_stage_rawlines;  /* per document */
extern const wn_stage_ops wn_stage_minhash;   /* per document */
extern const wn_stage_ops wn_stage_dedup;     /* ordered */

/* Reads the dedup options (dedup, preset, threshold, ngram, bands, rows,
 * keep, max-cluster, dedup-hash); err gets a message on WN_ERR_ARG. */
wn_status wn_dedup_read_options(const wn_options *o, wn_dedup_params *p, char *err, size_t errsz);

#endif
