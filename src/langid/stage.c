/* stage.c: the `langid` stage: document language, paragraph languages and
 * other-language spans (analyze.c), the --lang / --min-lang-score filters.
 *
 * Options: lang (comma list of labels to keep), min-lang-score (0..1),
 * lang-topk (0..8), lang-model (default DATA/models/lid.176.ftz),
 * lang-paragraphs (list every paragraph's language in meta, not only when
 * some paragraph differs from the document), langid (on|off: off leaves the
 * stage out, for corpora whose language is known). */
#include "stage.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iso639.h"

typedef struct langid_stage {
    wn_lid_model *model;
    int32_t *keep;          /* labels of --lang, nkeep of them; NULL = all */
    size_t nkeep;
    double min_score;
    int topk;
    int all_paragraphs;
} langid_stage;

typedef struct langid_scratch {
    wn_lid_work w;
    const char **texts;
    size_t *lens;
    uint32_t *src;
    size_t cap;
} langid_scratch;

static double round4(double x) { return floor(x * 10000 + 0.5) / 10000; }

static wn_status set(json_t *obj, const char *key, json_t *v)
{
    if (!v)
        return WN_ERR_NOMEM;
    return json_object_set_new(obj, key, v) == 0 ? WN_OK : WN_ERR_NOMEM;
}

static json_t *str_n(const char *s, size_t n)
{
    return json_stringn_nocheck(s, n);
}

wn_status wn_lid_fill_json(const wn_lid_work *w, const wn_lid_model *m, const wn_lid_doc *doc,
                           const char *const *texts, const uint32_t *src_lines, int topk,
                           json_t *obj, json_t **paras, json_t **spans)
{
    char iso[8];
    const char *lang = doc->label >= 0 ? wn_ftz_label_short(m, doc->label) : "und";
    WN_TRY(set(obj, "lang", json_string(lang)));
    WN_TRY(set(obj, "lang_iso3", json_string(doc->label >= 0 ? wn_iso639_3(lang, iso) : "und")));
    WN_TRY(set(obj, "lang_score", json_real(round4(doc->score))));
    if (topk > 0)
        WN_TRY(set(obj, "lang_topk", wn_lid_topk_json(w, m, doc, topk)));
    if (paras) {
        if (!(*paras = json_array()))
            return WN_ERR_NOMEM;
        for (size_t i = 0; i < doc->npara; i++) {
            json_t *o = json_object();
            if (!o || json_array_append_new(*paras, o))
                return WN_ERR_NOMEM;
            if (src_lines)
                WN_TRY(set(o, "line", json_integer(src_lines[i])));
            const wn_lid_para *p = &w->paras[i];
            WN_TRY(set(o, "lang", json_string(p->label >= 0 ? wn_ftz_label_short(m, p->label) : "und")));
            WN_TRY(set(o, "score", json_real(round4(p->score))));
        }
    }
    if (spans) {
        if (!(*spans = json_array()))
            return WN_ERR_NOMEM;
        for (size_t g = 0; g < w->nsegs; g++) {
            const wn_lid_seg *sg = &w->segs[g];
            if (sg->label < 0 || sg->label == doc->label)
                continue;
            json_t *o = json_object();
            if (!o || json_array_append_new(*spans, o))
                return WN_ERR_NOMEM;
            const char *l = wn_ftz_label_short(m, sg->label);
            WN_TRY(set(o, src_lines ? "line" : "paragraph",
                       json_integer(src_lines ? (json_int_t)src_lines[sg->para] : (json_int_t)sg->para)));
            WN_TRY(set(o, "start", json_integer((json_int_t)sg->start)));
            WN_TRY(set(o, "end", json_integer((json_int_t)sg->end)));
            WN_TRY(set(o, "lang", json_string(l)));
            WN_TRY(set(o, "lang_iso3", json_string(wn_iso639_3(l, iso))));
            WN_TRY(set(o, "score", json_real(round4(sg->score))));
            /* trim the blanks around the span's text */
            size_t a = sg->start, b = sg->end;
            while (a < b && (texts[sg->para][a] == ' ' || texts[sg->para][a] == '\t'))
                a++;
            while (b > a && (texts[sg->para][b - 1] == ' ' || texts[sg->para][b - 1] == '\t'))
                b--;
            WN_TRY(set(o, "text", str_n(texts[sg->para] + a, b - a)));
        }
    }
    return WN_OK;
}

static void destroy(void *self)
{
    langid_stage *st = self;
    if (!st)
        return;
    wn_lid_model_free(st->model);
    free(st->keep);
    free(st);
}

static wn_status create(const wn_stage_env *env, void **self)
{
    *self = NULL;
    int on = 1;
    if (wn_opt_bool(env->opts, "langid", 1, &on) != WN_OK) {
        snprintf(env->error, env->error_size, "%s", wn_opt_last_error(env->opts));
        return WN_ERR_ARG;
    }
    if (!on) {
        if (wn_opt_get(env->opts, "lang") || wn_opt_get(env->opts, "min-lang-score")) {
            snprintf(env->error, env->error_size, "--lang and --min-lang-score need --langid on");
            return WN_ERR_ARG;
        }
        return WN_OK;   /* left out of the pipeline */
    }
    langid_stage *st = calloc(1, sizeof *st);
    if (!st)
        return WN_ERR_NOMEM;
    uint64_t topk;
    wn_status s = wn_opt_double(env->opts, "min-lang-score", 0.0, 0.0, 1.0, &st->min_score);
    if (s == WN_OK)
        s = wn_opt_u64(env->opts, "lang-topk", 0, 0, 8, &topk);
    if (s == WN_OK)
        s = wn_opt_bool(env->opts, "lang-paragraphs", 0, &st->all_paragraphs);
    if (s != WN_OK) {
        snprintf(env->error, env->error_size, "%s", wn_opt_last_error(env->opts));
        destroy(st);
        return s;
    }
    st->topk = (int)topk;
    char path[4096];
    const char *mp = wn_opt_get(env->opts, "lang-model");
    if (mp)
        snprintf(path, sizeof path, "%s", mp);
    else
        snprintf(path, sizeof path, "%s/models/lid.176.ftz", env->data_dir ? env->data_dir : ".");
    if ((s = wn_lid_model_load(path, &st->model, env->error, env->error_size)) != WN_OK) {
        destroy(st);
        return s;
    }
    const char *langs = wn_opt_get(env->opts, "lang");
    if (langs && *langs) {
        size_t n = 1;
        for (const char *p = langs; *p; p++)
            n += *p == ',';
        if (!(st->keep = calloc(n, sizeof *st->keep))) {
            destroy(st);
            return WN_ERR_NOMEM;
        }
        const char *p = langs;
        while (*p) {
            size_t len = strcspn(p, ",");
            char name[64];
            if (len && len < sizeof name) {
                memcpy(name, p, len);
                name[len] = 0;
                int32_t l = wn_ftz_label_find(st->model, name);
                if (l < 0) {
                    snprintf(env->error, env->error_size, "--lang: the model has no language '%s'", name);
                    destroy(st);
                    return WN_ERR_ARG;
                }
                st->keep[st->nkeep++] = l;
            }
            p += len + (p[len] == ',');
        }
    }
    *self = st;
    return WN_OK;
}

static void *scratch_new(void *self)
{
    langid_stage *st = self;
    langid_scratch *sc = calloc(1, sizeof *sc);
    if (!sc)
        return NULL;
    if (wn_lid_work_init(&sc->w, st->model) != WN_OK) {
        wn_lid_work_free(&sc->w);
        free(sc);
        return NULL;
    }
    return sc;
}

static void scratch_free(void *scratch)
{
    langid_scratch *sc = scratch;
    if (!sc)
        return;
    wn_lid_work_free(&sc->w);
    free(sc->texts);
    free(sc->lens);
    free(sc->src);
    free(sc);
}

static wn_status process(void *self, void *scratch, wn_doc *doc)
{
    langid_stage *st = self;
    langid_scratch *sc = scratch;
    if (doc->reject)
        return WN_OK;
    if (!sc)
        return WN_ERR_NOMEM;
    size_t n = 0;
    if (doc->nlines > sc->cap) {
        size_t cap = doc->nlines;
        void *a = realloc(sc->texts, cap * sizeof *sc->texts);
        if (a)
            sc->texts = a;
        void *b = realloc(sc->lens, cap * sizeof *sc->lens);
        if (b)
            sc->lens = b;
        void *c = realloc(sc->src, cap * sizeof *sc->src);
        if (c)
            sc->src = c;
        if (!a || !b || !c)
            return WN_ERR_NOMEM;
        sc->cap = cap;
    }
    for (size_t i = 0; i < doc->nlines; i++) {
        const wn_line *l = &doc->lines[i];
        if (l->removed)
            continue;
        sc->texts[n] = doc->body.data + l->off;
        sc->lens[n] = l->len;
        sc->src[n] = l->src_line;
        n++;
    }
    wn_lid_doc res;
    WN_TRY(wn_lid_analyze(&sc->w, st->model, sc->texts, sc->lens, n, &res));
    if (!doc->top && !(doc->top = json_object()))
        return WN_ERR_NOMEM;
    json_t *paras = NULL, *spans = NULL;
    wn_status s = wn_lid_fill_json(&sc->w, st->model, &res, sc->texts, sc->src, st->topk, doc->top,
                                   &paras, &spans);
    if (s != WN_OK) {
        json_decref(paras);
        json_decref(spans);
        return s;
    }
    int mixed = 0;
    for (size_t i = 0; i < n; i++)
        mixed |= sc->w.paras[i].label != res.label;
    if (st->all_paragraphs || mixed) {
        WN_TRY(wn_doc_meta_set(doc, "lang_paragraphs", paras));
    } else {
        json_decref(paras);
    }
    if (json_array_size(spans))
        WN_TRY(wn_doc_meta_set(doc, "lang_spans", spans));
    else
        json_decref(spans);
    const char *lang = res.label >= 0 ? wn_ftz_label_short(st->model, res.label) : "und";
    if (st->keep) {
        int ok = 0;
        for (size_t i = 0; i < st->nkeep; i++)
            ok |= st->keep[i] == res.label;
        if (!ok) {
            wn_doc_reject(doc, "lang", "language %s (score %.4f) is not one of --lang", lang, (double)res.score);
            if (doc->reject_info)
                json_object_set_new(doc->reject_info, "lang", json_string(lang));
            return WN_OK;
        }
    }
    if (res.score < st->min_score) {
        wn_doc_reject(doc, "lang", "language %s with score %.4f, below --min-lang-score %g", lang,
                      (double)res.score, st->min_score);
        if (doc->reject_info)
            json_object_set_new(doc->reject_info, "lang", json_string(lang));
    }
    return WN_OK;
}

const wn_stage_ops wn_stage_langid = {
    .name = "langid",
    .ordered = 0,
    .create = create,
    .scratch_new = scratch_new,
    .scratch_free = scratch_free,
    .process = process,
    .destroy = destroy,
};
