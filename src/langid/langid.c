/* langid.c: the `winnow langid` mode (wn_langid in winnow.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/options.h"
#include "ftz.h"

struct wn_langid {
    wn_lid_model *model;
    wn_lid_predictor *pred;
    int k;
    float threshold;
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
    wn_status s = wn_lid_model_load(path, &l->model, err, errsize);
    if (s == WN_OK)
        s = wn_lid_predictor_new(l->model, &l->pred);
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
    wn_lid_model_free(l->model);
    free(l);
}

wn_status wn_langid_line(wn_langid *l, const char *line, size_t len, int eos,
                         const char **out, size_t *outlen)
{
    return wn_lid_predict_prob_line(l->pred, line, len, eos, l->k, l->threshold, out, outlen);
}
