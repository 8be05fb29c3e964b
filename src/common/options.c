#include "options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Every key any part of the library reads.  `list` keys accumulate. */
static const struct {
    const char *key;
    int list;
} known_keys[] = {
    {"input", 1},
    {"format", 0},
    {"output", 0},
    {"rejects", 0},
    {"stats", 0},
    {"threads", 0},
    {"explain", 0},
    {"max-invalid", 0},
    {"max-record-bytes", 0},
    {"data-dir", 0},
    {"patterns", 1},
    {"boilerplate-langs", 0},
    {"near-repeat", 0},
    {"context", 0},
    {"batch-bytes", 0},
    {"progress", 0},
    {"quiet", 0},
    /* language identification (issue 3) */
    {"k", 0},
    {"model", 0},
    {"lang", 0},
    {"min-lang-score", 0},
    {"lang-topk", 0},
    {"lang-model", 0},
    {"lang-paragraphs", 0},
    {"langid", 0},
    {"normalize", 0},
    {"analyze", 0},
    /* quality filters (issue 4) */
    {"preset", 0},      /* shared with dedup (issue 5) */
    {"config", 0},
    {"filter", 0},      /* off: leave the quality-filter stage out */
    {"annotate", 0},    /* shared with dedup (issue 5) */
    {"print-config", 0},
    {"justext", 0},
    {"line-dedup", 0},
    {"line-dedup-min", 0},
    {"line-dedup-max-lines", 0},
    {"line-dedup-counts", 0},
    {"line-dedup-counts-out", 0},
    {"group-by", 0},
    /* extract (issue 6) */
    {"with-comments", 0},
    {"with-tables", 0},
    {"no-tables", 0},
    {"with-links", 0},
    {"fallback", 0},
    {"max-html-bytes", 0},
    /* dedup (issue 5) */
    {"dedup", 0},
    /* "preset" and "annotate": declared above (quality filters) */
    {"threshold", 0},   /* also `winnow langid`'s probability threshold */
    {"ngram", 0},
    {"bands", 0},
    {"rows", 0},
    {"keep", 0},
    {"max-cluster", 0},
    {"index", 0},
    {"dedup-hash", 0},
    {"dedup-plan", 0},
    {"dedup-plan-out", 0},
    {"tmp-dir", 0},
    {"pairs-out", 0},
    {"partition", 0},
    {"paragraphs", 0},
    {"clean", 0},       /* off: leave normalize and clean out (`winnow dedup`'s default) */
};

struct wn_options {
    struct kv { char *key, *value; } *kv;
    size_t n, cap;
    char err[160];
};

static int key_index(const char *key)
{
    for (size_t i = 0; i < sizeof known_keys / sizeof known_keys[0]; i++)
        if (strcmp(known_keys[i].key, key) == 0)
            return (int)i;
    return -1;
}

wn_status wn_options_new(wn_options **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? WN_OK : WN_ERR_NOMEM;
}

void wn_options_free(wn_options *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->n; i++) {
        free(o->kv[i].key);
        free(o->kv[i].value);
    }
    free(o->kv);
    free(o);
}

static wn_status push(wn_options *o, const char *key, const char *value)
{
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 16;
        void *p = realloc(o->kv, cap * sizeof *o->kv);
        if (!p)
            return WN_ERR_NOMEM;
        o->kv = p;
        o->cap = cap;
    }
    char *k = strdup(key), *v = strdup(value);
    if (!k || !v) {
        free(k);
        free(v);
        return WN_ERR_NOMEM;
    }
    o->kv[o->n].key = k;
    o->kv[o->n].value = v;
    o->n++;
    return WN_OK;
}

wn_status wn_options_set(wn_options *o, const char *key, const char *value)
{
    if (!o || !key || !value)
        return WN_ERR_ARG;
    int ki = key_index(key);
    if (ki < 0) {
        snprintf(o->err, sizeof o->err, "unknown option '%s'", key);
        return WN_ERR_ARG;
    }
    if (!known_keys[ki].list) {
        for (size_t i = 0; i < o->n; i++)
            if (strcmp(o->kv[i].key, key) == 0) {
                char *v = strdup(value);
                if (!v)
                    return WN_ERR_NOMEM;
                free(o->kv[i].value);
                o->kv[i].value = v;
                return WN_OK;
            }
    }
    return push(o, key, value);
}

wn_status wn_options_clone(const wn_options *o, wn_options **out)
{
    wn_status s = wn_options_new(out);
    if (s != WN_OK || !o)
        return s;
    for (size_t i = 0; i < o->n; i++)
        if ((s = push(*out, o->kv[i].key, o->kv[i].value)) != WN_OK) {
            wn_options_free(*out);
            *out = NULL;
            return s;
        }
    return WN_OK;
}

const char *wn_opt_get(const wn_options *o, const char *key)
{
    if (!o)
        return NULL;
    for (size_t i = o->n; i-- > 0;)
        if (strcmp(o->kv[i].key, key) == 0)
            return o->kv[i].value;
    return NULL;
}

size_t wn_opt_count(const wn_options *o, const char *key)
{
    size_t c = 0;
    for (size_t i = 0; o && i < o->n; i++)
        c += strcmp(o->kv[i].key, key) == 0;
    return c;
}

const char *wn_opt_nth(const wn_options *o, const char *key, size_t nth)
{
    for (size_t i = 0; o && i < o->n; i++)
        if (strcmp(o->kv[i].key, key) == 0 && nth-- == 0)
            return o->kv[i].value;
    return NULL;
}

static wn_status bad(const wn_options *o, const char *key, const char *v, const char *why)
{
    /* The message buffer is a cache of the last error; writing it through a
     * const pointer is safe because options objects are never shared across
     * threads while being validated. */
    wn_options *w = (wn_options *)o;
    if (w)
        snprintf(w->err, sizeof w->err, "--%s %s: %s", key, v, why);
    return WN_ERR_ARG;
}

wn_status wn_opt_bool(const wn_options *o, const char *key, int def, int *out)
{
    const char *v = wn_opt_get(o, key);
    *out = def;
    if (!v)
        return WN_OK;
    if (!*v || !strcmp(v, "1") || !strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on"))
        *out = 1;
    else if (!strcmp(v, "0") || !strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off"))
        *out = 0;
    else
        return bad(o, key, v, "expected a boolean");
    return WN_OK;
}

wn_status wn_opt_double(const wn_options *o, const char *key, double def,
                        double min, double max, double *out)
{
    const char *v = wn_opt_get(o, key);
    *out = def;
    if (!v)
        return WN_OK;
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (errno || end == v || *end)
        return bad(o, key, v, "expected a number");
    if (!(d >= min && d <= max))
        return bad(o, key, v, "out of range");
    *out = d;
    return WN_OK;
}

static wn_status parse_u64(const wn_options *o, const char *key, uint64_t def, uint64_t min,
                           uint64_t max, uint64_t *out, int suffixes)
{
    const char *v = wn_opt_get(o, key);
    *out = def;
    if (!v)
        return WN_OK;
    char *end;
    errno = 0;
    if (*v == '-')
        return bad(o, key, v, "expected a non-negative integer");
    unsigned long long x = strtoull(v, &end, 10);
    if (errno || end == v)
        return bad(o, key, v, "expected an integer");
    if (suffixes && *end) {
        unsigned shift = 0;
        switch (*end) {
        case 'k': case 'K': shift = 10; break;
        case 'm': case 'M': shift = 20; break;
        case 'g': case 'G': shift = 30; break;
        default: return bad(o, key, v, "unknown size suffix");
        }
        end++;
        if (*end == 'i' || *end == 'I')
            end++;
        if (*end == 'b' || *end == 'B')
            end++;
        if (x > (~0ULL >> shift))
            return bad(o, key, v, "out of range");
        x <<= shift;
    }
    if (*end)
        return bad(o, key, v, "expected an integer");
    if (x < min || x > max)
        return bad(o, key, v, "out of range");
    *out = x;
    return WN_OK;
}

wn_status wn_opt_u64(const wn_options *o, const char *key, uint64_t def,
                     uint64_t min, uint64_t max, uint64_t *out)
{
    return parse_u64(o, key, def, min, max, out, 0);
}

wn_status wn_opt_size(const wn_options *o, const char *key, uint64_t def,
                      uint64_t min, uint64_t max, uint64_t *out)
{
    return parse_u64(o, key, def, min, max, out, 1);
}

const char *wn_opt_last_error(const wn_options *o)
{
    return o ? o->err : "";
}
