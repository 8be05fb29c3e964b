/* stage.h: the interface every pipeline stage implements.
 *
 * The pipeline runs stages in the order of the table in stages.c.  A stage
 * is one of two kinds:
 *
 *  - per-document (ordered = 0): a pure function of its configuration and
 *    one document.  It runs on worker threads, many documents at once, so it
 *    may keep only read-only shared state (a model, a pattern set) plus
 *    per-thread scratch made by scratch_new.  Normalise, clean, language
 *    identification and quality filters are of this kind.
 *
 *  - ordered (ordered = 1): sees every document in input order on a single
 *    thread, after all per-document stages, and may keep corpus-wide state.
 *    Deduplication and cross-document boilerplate are of this kind.  Because
 *    the order is the input order, output does not depend on thread count.
 *
 * A stage never frees or drops a document.  It marks lines removed
 * (wn_line.removed = "reason") or rejects the document (wn_doc_reject); the
 * pipeline does not call a stage for a document already rejected.  Workers
 * render each document after the per-document stages; an ordered stage that
 * changes a kept document (adds a field) sets doc->changed so that it is
 * rendered again.  process() returns non-OK only for
 * failures that must stop the run (out of memory, a broken index), never to
 * say "this document is bad".
 */
#ifndef WN_STAGE_H
#define WN_STAGE_H

#include <jansson.h>
#include "common/doc.h"
#include "common/options.h"

/* What a stage gets when it is made. */
typedef struct wn_stage_env {
    const wn_options *opts;
    const char *data_dir;   /* installed data (patterns, models) */
    char *error;            /* create() may write a message here */
    size_t error_size;
} wn_stage_env;

typedef struct wn_stage_ops {
    const char *name;
    int ordered;
    /* Makes the stage from options.  Setting *self = NULL with WN_OK means
     * "disabled by these options": the pipeline leaves it out. */
    wn_status (*create)(const wn_stage_env *env, void **self);
    /* Optional per-thread scratch for per-document stages. */
    void *(*scratch_new)(void *self);
    void (*scratch_free)(void *scratch);
    wn_status (*process)(void *self, void *scratch, wn_doc *doc);
    /* Optional: end of input (ordered stages flush or commit here). */
    wn_status (*finish)(void *self);
    /* Optional: adds this stage's counters to the stats object. */
    void (*stats)(void *self, json_t *stats);
    void (*destroy)(void *self);
} wn_stage_ops;

/* The stage table, in pipeline order, NULL-terminated (stages.c). */
extern const wn_stage_ops *const wn_stage_table[];

#endif
