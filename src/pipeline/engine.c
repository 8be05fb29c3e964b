#include "engine.h"

#include <stdio.h>
#include <string.h>

#include "read/parse.h"

#include <stdlib.h>
#include <sys/stat.h>

const char *wn_engine_data_dir(const wn_options *opts)
{
    const char *dd = wn_opt_get(opts, "data-dir");
    if (dd && *dd)
        return dd;
    dd = getenv("WINNOW_DATA");
    if (dd && *dd)
        return dd;
    struct stat st;
    return stat(WN_DATADIR, &st) == 0 ? WN_DATADIR : NULL;
}

wn_status wn_engine_init(wn_engine *e, const wn_options *opts, const char *data_dir, char *err, size_t errlen)
{
    memset(e, 0, sizeof *e);
    wn_stage_env env = {.opts = opts, .data_dir = data_dir, .error = err, .error_size = errlen};
    err[0] = 0;
    /* Per-document stages first, whatever the table order, then ordered ones. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; wn_stage_table[i]; i++) {
            const wn_stage_ops *ops = wn_stage_table[i];
            if (ops->ordered != pass)
                continue;
            void *self = NULL;
            wn_status st = ops->create(&env, &self);
            if (st != WN_OK) {
                if (!err[0]) {
                    const char *why = wn_opt_last_error(opts);
                    snprintf(err, errlen, "stage %s: %s", ops->name, why && *why ? why : wn_strerror(st));
                }
                wn_engine_destroy(e);
                return st;
            }
            if (!self)
                continue;
            if (e->n == sizeof e->ops / sizeof e->ops[0]) {
                ops->destroy(self);
                wn_engine_destroy(e);
                return WN_ERR_INTERNAL;
            }
            e->ops[e->n] = ops;
            e->self[e->n] = self;
            e->n++;
        }
        if (pass == 0)
            e->n_per_doc = e->n;
    }
    return WN_OK;
}

void wn_engine_destroy(wn_engine *e)
{
    for (size_t i = 0; i < e->n; i++)
        e->ops[i]->destroy(e->self[i]);
    e->n = 0;
}

wn_status wn_engine_scratch_init(const wn_engine *e, wn_engine_scratch *sc)
{
    memset(sc, 0, sizeof *sc);
    for (size_t i = 0; i < e->n_per_doc; i++)
        if (e->ops[i]->scratch_new && !(sc->s[i] = e->ops[i]->scratch_new(e->self[i]))) {
            wn_engine_scratch_destroy(e, sc);
            return WN_ERR_NOMEM;
        }
    return WN_OK;
}

void wn_engine_scratch_destroy(const wn_engine *e, wn_engine_scratch *sc)
{
    for (size_t i = 0; i < e->n_per_doc; i++)
        if (e->ops[i]->scratch_free)
            e->ops[i]->scratch_free(sc->s[i]);
    memset(sc, 0, sizeof *sc);
}

wn_status wn_engine_process(const wn_engine *e, wn_engine_scratch *sc, wn_doc *d)
{
    WN_TRY(wn_parse_record(d));
    for (size_t i = 0; i < e->n_per_doc && !d->reject; i++)
        WN_TRY(e->ops[i]->process(e->self[i], sc->s[i], d));
    return WN_OK;
}

wn_status wn_engine_process_ordered(const wn_engine *e, wn_doc *d)
{
    for (size_t i = e->n_per_doc; i < e->n && !d->reject; i++)
        WN_TRY(e->ops[i]->process(e->self[i], NULL, d));
    return WN_OK;
}

wn_status wn_engine_finish(const wn_engine *e)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->ops[i]->finish)
            WN_TRY(e->ops[i]->finish(e->self[i]));
    return WN_OK;
}

void wn_engine_stats(const wn_engine *e, json_t *stats)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->ops[i]->stats)
            e->ops[i]->stats(e->self[i], stats);
}
