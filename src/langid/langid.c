/* langid.c: the `winnow langid` mode (wn_langid in winnow.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/options.h"
#include "analyze.h"
#include "ftz.h"
#include "stage.h"

struct wn_langid {
    wn_lid_model *model;
    wn_lid_predictor *pred;
    int k;
    float threshold;
    int normalize, analyze;
    wn_lid_work work;
    wn_buf out;
};

static wn_status bad(char *err, size_t errsize, const char *fmt, const char *v)
{
    if (err && errsize)
        snprintf(err, errsize, fmt, v);
    return WN_ERR_ARG;
}

wn_status wn_langid_new(const wn_options *opts, const char *data_dir, wn_langid **out,
                        char *err, size_t errsize)
{
    *out = NULL;
    int k = 1;
    float threshold = 0.0f;
    const char *v = wn_opt_get(opts, "k");
    if (v) {
        char *end;
        errno = 0;
        long x = strtol(v, &end, 10);
        if (errno || end == v || *end || (x < 1 && x != -1) || x > INT_MAX)
            return bad(err, errsize, "-k %s: expected a positive integer or -1", v);
        k = (int)x;
    }
    if ((v = wn_opt_get(opts, "threshold"))) {
        char *end;
        errno = 0;
        threshold = strtof(v, &end);
        if (errno || end == v || *end)
            return bad(err, errsize, "--threshold %s: expected a number", v);
    }
    int normalize = 0, analyze = 0;
    if (wn_opt_bool(opts, "normalize", 0, &normalize) != WN_OK || wn_opt_bool(opts, "analyze", 0, &analyze) != WN_OK)
        return bad(err, errsize, "%s", wn_opt_last_error(opts));
    char path[4096];
    if ((v = wn_opt_get(opts, "model")))
        snprintf(path, sizeof path, "%s", v);
    else if (data_dir)
        snprintf(path, sizeof path, "%s/models/lid.176.ftz", data_dir);
    else
        return bad(err, errsize, "%sno data directory: give --model PATH or set WINNOW_DATA", "");
    wn_langid *l = calloc(1, sizeof *l);
    if (!l)
        return WN_ERR_NOMEM;
    l->k = k;
    l->threshold = threshold;
    l->normalize = normalize;
    l->analyze = analyze;
    wn_status s = wn_lid_model_load(path, &l->model, err, errsize);
    if (s == WN_OK)
        s = wn_lid_predictor_new(l->model, &l->pred);
    if (s == WN_OK)
        s = wn_lid_work_init(&l->work, l->model);
    if (s != WN_OK) {
        wn_langid_free(l);
        return s;
    }
    *out = l;
    return WN_OK;
}

void wn_langid_free(wn_langid *l)
{
    if (!l)
        return;
    wn_lid_predictor_free(l->pred);
    wn_lid_work_free(&l->work);
    wn_lid_model_free(l->model);
    wn_buf_free(&l->out);
    free(l);
}

wn_status wn_langid_line(wn_langid *l, const char *line, size_t len, int eos,
                         const char **out, size_t *outlen)
{
    if (l->analyze) {
        const char *texts[1] = {line};
        size_t lens[1] = {len};
        wn_lid_doc doc;
        WN_TRY(wn_lid_analyze(&l->work, l->model, texts, lens, 1, &doc));
        json_t *obj = json_object(), *spans = NULL;
        if (!obj)
            return WN_ERR_NOMEM;
        wn_status s = wn_lid_fill_json(&l->work, l->model, &doc, texts, NULL, l->k > 1 ? l->k : 0, obj, NULL, &spans);
        if (s == WN_OK && json_object_set_new(obj, "spans", spans))
            s = WN_ERR_NOMEM;
        char *js = s == WN_OK ? json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6)) : NULL;
        json_decref(obj);
        if (s == WN_OK && !js)
            s = WN_ERR_NOMEM;
        wn_buf_clear(&l->out);
        if (s == WN_OK)
            s = wn_buf_puts(&l->out, js);
        free(js);
        WN_TRY(s);
        *out = l->out.data;
        *outlen = l->out.len;
        return WN_OK;
    }
    if (l->normalize) {
        wn_buf_clear(&l->out);
        WN_TRY(wn_lid_normalize(line, len, &l->out));
        if (!l->out.data)
            WN_TRY(wn_buf_reserve(&l->out, 1));
        return wn_lid_predict_prob_line(l->pred, l->out.data, l->out.len, 1, l->k, l->threshold, out, outlen);
    }
    return wn_lid_predict_prob_line(l->pred, line, len, eos, l->k, l->threshold, out, outlen);
}
