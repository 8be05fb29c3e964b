/* ftz.h: fastText model reader and predictor (.ftz quantized, .bin dense),
 * written from ../shared/specs/fasttext-ftz.md (fastText 0.9.2, format 12).
 *
 * A loaded model (wn_lid_model, declared in winnow.h) is read-only and may
 * be shared by any number of threads; each thread predicts with its own
 * wn_lid_predictor (scratch buffers). */
#ifndef WN_LANGID_FTZ_H
#define WN_LANGID_FTZ_H

#include <stddef.h>
#include <stdint.h>
#include "winnow.h"

/* Loss functions (the `loss` field of the Args block). */
enum { WN_FTZ_HS = 1, WN_FTZ_NS = 2, WN_FTZ_SOFTMAX = 3, WN_FTZ_OVA = 4 };

typedef struct wn_lid_pred {
    float score;    /* log-probability as fastText keeps it */
    float prob;     /* expf(score): what predict-prob prints */
    int32_t label;  /* label index, 0 .. nlabels-1 */
} wn_lid_pred;

/* fastText's string hash: FNV-1a over sign-extended bytes (spec §6.1). */
uint32_t wn_ftz_hash(const void *s, size_t n);

/* Parses a model held in memory (the bytes are not kept). */
wn_status wn_ftz_load_mem(const void *data, size_t len, wn_lid_model **out,
                          char *err, size_t errsize);

int32_t wn_ftz_dim(const wn_lid_model *m);
int32_t wn_ftz_nwords(const wn_lid_model *m);
int wn_ftz_loss(const wn_lid_model *m);
/* Label i with the "__label__" prefix, and without it. */
const char *wn_ftz_label(const wn_lid_model *m, int32_t i);
const char *wn_ftz_label_short(const wn_lid_model *m, int32_t i);
/* Index of a label given with or without the prefix, or -1. */
int32_t wn_ftz_label_find(const wn_lid_model *m, const char *name);

/* wn_lid_predictor_new with a token memo of about memo_tokens entries
 * (~40 bytes and 32 rows of 4 bytes each): the pipeline, which sees a whole
 * corpus, takes a large one; line-by-line use the default 8192. */
wn_status wn_ftz_predictor_new(const wn_lid_model *m, size_t memo_tokens, wn_lid_predictor **out);

/* The input rows of one example (spec §7): text[0..len) is split on
 * fastText's separators; with eos, the "</s>" token is appended (as when
 * the line ended with '\n').  A literal "</s>" token ends the example.
 * The rows stay in the predictor until the next call. */
wn_status wn_ftz_rows(wn_lid_predictor *p, const char *text, size_t len, int eos,
                      const int32_t **rows, size_t *nrows);
/* The row number fastText gives an internal row id of wn_ftz_rows() (for
 * pruned models the n-gram rows are kept in another order here). */
int32_t wn_ftz_row_id(const wn_lid_model *m, int32_t row);
/* The averaged hidden vector of the last wn_ftz_rows() call (dim floats),
 * or NULL when there were no rows. */
const float *wn_ftz_hidden(wn_lid_predictor *p);

/* Top-k labels of text, as fastText predicts them: k = -1 means all labels;
 * out must hold min(k, nlabels) entries.  *n = 0 means "no prediction"
 * (an example with no rows). */
wn_status wn_ftz_predict(wn_lid_predictor *p, const char *text, size_t len, int eos,
                         int k, float threshold, wn_lid_pred *out, int *n);

/* For the pipeline mode (not bit-exact with fastText, which sums in one
 * pass): adds the rows of the last wn_ftz_rows() into sum (dim floats) and
 * returns their number; the "</s>" row (NULL when the model has none); and
 * a prediction from a sum of nrows rows. */
size_t wn_ftz_add_rows(wn_lid_predictor *p, float *sum);
const float *wn_ftz_eos_row(const wn_lid_model *m);
wn_status wn_ftz_predict_sum(wn_lid_predictor *p, const float *sum, size_t nrows, int k, float threshold,
                             wn_lid_pred *out, int *n);

/* Tests: plain = 1 makes k = 1 use fastText's own walk only (the
 * reference for the certified walk); returns how many certified walks ran
 * and how many of them fell back to the plain walk. */
void wn_ftz_test_walk(wn_lid_predictor *p, int plain, unsigned long *walks, unsigned long *fallbacks);

#endif
