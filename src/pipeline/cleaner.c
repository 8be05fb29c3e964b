/* cleaner.c: wn_cleaner, the per-document stages on one text in memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/lasterror.h"
#include "engine.h"
#include "write/render.h"

struct wn_cleaner {
    wn_options *opts;
    wn_engine engine;
    wn_engine_scratch scratch;
    int explain;
    uint64_t count;
};

struct wn_result {
    wn_doc *doc;
    wn_buf text;
    int explain;
};

wn_status wn_cleaner_new(const wn_options *opts, wn_cleaner **out)
{
    *out = NULL;
    wn_cleaner *c = calloc(1, sizeof *c);
    if (!c)
        return WN_ERR_NOMEM;
    wn_status st = wn_options_clone(opts, &c->opts);
    if (st == WN_OK && (st = wn_opt_bool(opts, "explain", 0, &c->explain)) != WN_OK)
        wn_set_last_error("%s", wn_opt_last_error(opts));
    const char *dd = wn_engine_data_dir(opts);
    char err[512];
    if (st == WN_OK && (st = wn_engine_init(&c->engine, c->opts, dd, err, sizeof err)) != WN_OK)
        wn_set_last_error("%s", err);
    if (st == WN_OK)
        st = wn_engine_scratch_init(&c->engine, &c->scratch);
    if (st != WN_OK) {
        wn_engine_destroy(&c->engine);
        wn_options_free(c->opts);
        free(c);
        return st;
    }
    *out = c;
    return WN_OK;
}

void wn_cleaner_free(wn_cleaner *c)
{
    if (!c)
        return;
    wn_engine_scratch_destroy(&c->engine, &c->scratch);
    wn_engine_destroy(&c->engine);
    wn_options_free(c->opts);
    free(c);
}

wn_status wn_clean_text(wn_cleaner *c, const char *text, size_t len, wn_result **out)
{
    *out = NULL;
    wn_result *r = calloc(1, sizeof *r);
    if (!r || !(r->doc = wn_doc_new())) {
        free(r);
        return WN_ERR_NOMEM;
    }
    wn_doc *d = r->doc;
    r->explain = c->explain;
    wn_status st = wn_buf_append(&d->raw, text, len);
    char id[32];
    snprintf(id, sizeof id, "%llu", (unsigned long long)++c->count);
    d->id = strdup(id);
    d->origin.file = "<memory>";
    d->origin.record = c->count;
    d->origin.line = 1;
    /* The text is a body without a header: parse it as seed-format body. */
    d->format = WN_FMT_SEED;
    if (st == WN_OK && !d->id)
        st = WN_ERR_NOMEM;
    for (size_t i = 0; st == WN_OK && i < c->engine.n_per_doc && !d->reject; i++) {
        if (i == 0) {
            wn_buf_clear(&d->body);
            st = wn_buf_append(&d->body, text, len);
            d->body_line0 = 1;
            if (st != WN_OK)
                break;
        }
        st = c->engine.ops[i]->process(c->engine.self[i], c->scratch.s[i], d);
    }
    if (st == WN_OK)
        st = wn_render_text(d, &r->text);
    if (st != WN_OK) {
        wn_result_free(r);
        return st;
    }
    *out = r;
    return WN_OK;
}

void wn_result_free(wn_result *r)
{
    if (!r)
        return;
    wn_doc_free(r->doc);
    wn_buf_free(&r->text);
    free(r);
}

const char *wn_result_text(const wn_result *r, size_t *len)
{
    if (len)
        *len = r->text.len;
    return r->text.data ? r->text.data : "";
}

const char *wn_result_reject_reason(const wn_result *r)
{
    return r->doc->reject;
}

char *wn_result_json(const wn_result *r)
{
    wn_status st = r->doc->reject ? wn_render_reject(r->doc, r->explain) : wn_render_doc(r->doc, r->explain);
    if (st != WN_OK)
        return NULL;
    wn_buf *b = &r->doc->out;
    if (b->len && b->data[b->len - 1] == '\n')
        b->data[--b->len] = 0;
    return strdup(b->data);
}
