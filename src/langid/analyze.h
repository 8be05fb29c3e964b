/* analyze.h: pipeline-mode language identification of a document:
 * normalised text, script runs, sentences, a length-weighted vote. */
#ifndef WN_LANGID_ANALYZE_H
#define WN_LANGID_ANALYZE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "common/buf.h"
#include "ftz.h"

/* A segment: a script run or a sentence of one paragraph. */
typedef struct wn_lid_seg {
    size_t para;          /* paragraph index */
    size_t start, end;    /* byte span in the paragraph's text */
    size_t letters;       /* letters in the span (its weight) */
    int32_t label;        /* final label (-1: no letters) */
    float score;          /* the model's probability for label */
    int decided;          /* 1: label from the model; 0: took the document's */
} wn_lid_seg;

typedef struct wn_lid_para {
    int32_t label;
    float score;
} wn_lid_para;

typedef struct wn_lid_work {
    const wn_lid_model *model;
    wn_lid_predictor *pred;
    wn_buf norm;
    wn_lid_seg *segs;
    size_t nsegs, segs_cap;
    struct wn_lid_runvote { int32_t label; float score; size_t letters; } *rv;
    size_t nrv, rv_cap;   /* one per script run: the document vote */
    wn_lid_para *paras;
    size_t paras_cap;
    double *votes;        /* per label */
    float *sum_run, *sum_sent;  /* row sums, dim floats each */
    wn_lid_pred top[8];
} wn_lid_work;

typedef struct wn_lid_doc {
    int32_t label;        /* -1 when the text has no letters */
    float score;          /* share of the text confidently in `label` */
    size_t npara;
} wn_lid_doc;

wn_status wn_lid_work_init(wn_lid_work *w, const wn_lid_model *m);
void wn_lid_work_free(wn_lid_work *w);

/* Normalises text for the pipeline mode: lower case, line breaks as
 * spaces, punctuation as tokens of its own, URLs, e-mail addresses and
 * digits left out.  Appends to out. */
wn_status wn_lid_normalize(const char *s, size_t n, wn_buf *out);

/* Top-1 of normalised text; label -1 when there is nothing to predict. */
wn_status wn_lid_predict_norm(wn_lid_work *w, const char *s, size_t n, int32_t *label, float *score);

/* Analyses npara paragraphs (texts[i][0..lens[i])). */
wn_status wn_lid_analyze(wn_lid_work *w, const wn_lid_model *m, const char *const *texts,
                         const size_t *lens, size_t npara, wn_lid_doc *doc);

/* The top-k labels of the last analysis by vote (k <= 8), as a JSON array
 * [{"lang":…, "score":…}, …]. */
json_t *wn_lid_topk_json(const wn_lid_work *w, const wn_lid_model *m, const wn_lid_doc *doc, int k);

#endif
