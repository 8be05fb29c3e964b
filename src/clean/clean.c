#include "clean.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "patterns.h"
#include "pipeline/stage.h"
#include "repeats.h"

typedef struct clean_stage {
    wn_patterns *patterns;
    double near_ratio;
    int context;
} clean_stage;

typedef struct clean_scratch {
    wn_match_data *md;
    wn_repeats_scratch *rep;
    wn_buf title_key;
} clean_scratch;

static wn_status cs_create(const wn_stage_env *env, void **self)
{
    int on = 1;   /* --clean off: `winnow dedup`'s default (records pass through) */
    *self = NULL;
    WN_TRY(wn_opt_bool(env->opts, "clean", 1, &on));
    if (!on)
        return WN_OK;
    clean_stage *s = calloc(1, sizeof *s);
    if (!s)
        return WN_ERR_NOMEM;
    const wn_options *o = env->opts;
    wn_status st = wn_opt_double(o, "near-repeat", 0.1, 0.0, 0.5, &s->near_ratio);
    if (st == WN_OK)
        st = wn_opt_bool(o, "context", 1, &s->context);
    if (st == WN_OK) {
        size_t nextra = wn_opt_count(o, "patterns");
        const char *extra[64];
        if (nextra > 64)
            nextra = 64;
        for (size_t i = 0; i < nextra; i++)
            extra[i] = wn_opt_nth(o, "patterns", i);
        char dir[4096];
        const char *data = env->data_dir;
        if (!data) {
            snprintf(env->error, env->error_size,
                     "no data directory for the boilerplate patterns (set --data-dir or WINNOW_DATA; "
                     "installed under %s)", WN_DATADIR);
            st = WN_ERR_DATA;
        } else {
            snprintf(dir, sizeof dir, "%s/boilerplate", data);
            st = wn_patterns_load(dir, wn_opt_get(o, "boilerplate-langs"), extra, nextra, &s->patterns,
                                  env->error, env->error_size);
        }
    }
    if (st != WN_OK) {
        free(s);
        return st;
    }
    *self = s;
    return WN_OK;
}

static void *cs_scratch_new(void *self)
{
    clean_stage *s = self;
    clean_scratch *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->md = wn_patterns_match_data(s->patterns);
    c->rep = wn_repeats_scratch_new();
    if (!c->md || !c->rep) {
        wn_patterns_match_data_free(c->md);
        wn_repeats_scratch_free(c->rep);
        free(c);
        return NULL;
    }
    return c;
}

static void cs_scratch_free(void *scratch)
{
    clean_scratch *c = scratch;
    if (!c)
        return;
    wn_patterns_match_data_free(c->md);
    wn_repeats_scratch_free(c->rep);
    wn_buf_free(&c->title_key);
    free(c);
}

static wn_status add_credit(wn_doc *d, const char *s, size_t n)
{
    json_t *credits = d->meta ? json_object_get(d->meta, "credits") : NULL;
    if (!json_is_array(credits)) {
        WN_TRY(wn_doc_meta_set(d, "credits", json_array()));
        credits = json_object_get(d->meta, "credits");
    }
    for (size_t i = 0; i < json_array_size(credits); i++) {
        json_t *c = json_array_get(credits, i);
        if (json_string_length(c) == n && !memcmp(json_string_value(c), s, n))
            return WN_OK;
    }
    return json_array_append_new(credits, json_stringn(s, n)) == 0 ? WN_OK : WN_ERR_NOMEM;
}

/* A time without a date ("13:05") takes the record's date. */
static wn_status set_time(wn_doc *d, const char *key, const char *iso)
{
    if (!iso[0] || (d->meta && json_object_get(d->meta, key)))
        return WN_OK;
    char full[48];
    if (iso[2] == ':') {
        if (!d->date || strlen(d->date) != 10)
            return WN_OK;
        snprintf(full, sizeof full, "%sT%s", d->date, iso);
        iso = full;
    }
    return wn_doc_meta_set(d, key, json_string(iso));
}

static wn_status cs_process(void *self, void *scratch, wn_doc *d)
{
    clean_stage *s = self;
    clean_scratch *c = scratch;
    if (d->reject)
        return WN_OK;
    /* 1. boilerplate lines */
    for (size_t i = 0; i < d->nlines; i++) {
        wn_line *l = &d->lines[i];
        const char *text = d->body.data + l->off;
        char pub[32], upd[32];
        const char *reason = wn_patterns_classify(s->patterns, c->md, text, l->len, pub, upd);
        if (reason == wn_patterns_timestamp_reason) {
            l->removed = "timestamp";
            WN_TRY(set_time(d, "published", pub));
            WN_TRY(set_time(d, "updated", upd));
            continue;
        }
        if (reason) {
            l->removed = reason;
            if (!strcmp(reason, "credit"))
                WN_TRY(add_credit(d, text, l->len));
        }
    }
    /* 2. a line that repeats the title; 3. repeated paragraphs (one key
     * per line for both); 4. context */
    wn_buf_clear(&c->title_key);
    if (d->title)
        WN_TRY(wn_paragraph_key(&c->title_key, d->title, strlen(d->title)));
    WN_TRY(wn_repeats_mark(d, &c->title_key, s->near_ratio, c->rep));
    if (s->context)
        wn_context_mark(d);
    if (wn_doc_kept_lines(d) == 0)
        wn_doc_reject(d, "empty", "no text left after cleaning (%zu lines in, all removed)", d->nlines);
    return WN_OK;
}

static void cs_destroy(void *self)
{
    clean_stage *s = self;
    if (!s)
        return;
    wn_patterns_free(s->patterns);
    free(s);
}

const wn_stage_ops wn_stage_clean = {
    .name = "clean",
    .create = cs_create,
    .scratch_new = cs_scratch_new,
    .scratch_free = cs_scratch_free,
    .process = cs_process,
    .destroy = cs_destroy,
};
