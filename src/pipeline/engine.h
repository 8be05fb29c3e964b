/* engine.h: the stage instances of a run or a cleaner, made from options. */
#ifndef WN_ENGINE_H
#define WN_ENGINE_H

#include "stage.h"

typedef struct wn_engine {
    const wn_stage_ops *ops[32];
    void *self[32];
    size_t n;
    size_t n_per_doc;     /* ops[0..n_per_doc) are per-document */
} wn_engine;

/* Per-thread scratch of every per-document stage. */
typedef struct wn_engine_scratch {
    void *s[32];
} wn_engine_scratch;

/* The data directory: the "data-dir" option, else $WINNOW_DATA, else the
 * compiled-in WN_DATADIR when it exists, else NULL. */
const char *wn_engine_data_dir(const wn_options *opts);

wn_status wn_engine_init(wn_engine *e, const wn_options *opts, const char *data_dir, char *err,
                         size_t errlen);
void wn_engine_destroy(wn_engine *e);
wn_status wn_engine_scratch_init(const wn_engine *e, wn_engine_scratch *sc);
void wn_engine_scratch_destroy(const wn_engine *e, wn_engine_scratch *sc);

/* Parses the record, then runs the per-document stages; stops at the first
 * stage that rejects the document. */
wn_status wn_engine_process(const wn_engine *e, wn_engine_scratch *sc, wn_doc *doc);
/* Runs the ordered stages on one document (writer thread, input order). */
wn_status wn_engine_process_ordered(const wn_engine *e, wn_doc *doc);
wn_status wn_engine_finish(const wn_engine *e);
void wn_engine_stats(const wn_engine *e, json_t *stats);

#endif
