/* stage.c: the extract stage: turns HTML records (HTML files, WARC response
 * payloads; doc->format == WN_FMT_HTML) into title, date, meta and body
 * before normalisation.  Other records pass through untouched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"
#include "extract/xstage.h"

typedef struct xstage {
    wn_xopts o;
} xstage;

static wn_status x_create(const wn_stage_env *env, void **self)
{
    xstage *x = calloc(1, sizeof *x);
    if (!x)
        return WN_ERR_NOMEM;
    wn_status s = wn_xopts_read(env->opts, &x->o);
    if (s != WN_OK) {
        if (env->error)
            snprintf(env->error, env->error_size, "%s", wn_opt_last_error(env->opts));
        free(x);
        return s;
    }
    *self = x; /* libxml2 is loaded by the first HTML record (extract/xmlapi.h) */
    return WN_OK;
}

static void *x_scratch_new(void *self)
{
    (void)self;
    return wn_xscratch_new();
}

static void x_scratch_free(void *scratch)
{
    wn_xscratch_free(scratch);
}

static wn_status x_process(void *self, void *scratch, wn_doc *d)
{
    xstage *x = self;
    if (d->format != WN_FMT_HTML || d->reject)
        return WN_OK;
    char err[256];
    if (wn_extract_global_init(err, sizeof err) != WN_OK) {
        wn_doc_reject(d, "html-parser", "%s", err);
        return WN_OK;
    }
    char *url = NULL, *ct = NULL;
    if (d->meta) {
        const char *u = json_string_value(json_object_get(d->meta, "url"));
        const char *c = json_string_value(json_object_get(d->meta, "content_type"));
        if ((u && !(url = strdup(u))) || (c && !(ct = strdup(c)))) {
            free(url);
            return WN_ERR_NOMEM;
        }
        json_object_del(d->meta, "url");
        json_object_del(d->meta, "content_type");
    }
    wn_status s = wn_extract_doc(&x->o, scratch, d->raw.data ? d->raw.data : "", d->raw.len, url, ct, d);
    free(url);
    free(ct);
    return s;
}

static void x_destroy(void *self)
{
    free(self);
}

const wn_stage_ops wn_stage_extract = {
    .name = "extract",
    .ordered = 0,
    .create = x_create,
    .scratch_new = x_scratch_new,
    .scratch_free = x_scratch_free,
    .process = x_process,
    .destroy = x_destroy,
};
