#include "linededup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>
#include "common/lasterror.h"
#include "common/utf8.h"
#include "filter/pytext.h"

/* cc_net/text_normalizer.py UNICODE_PUNCT keys */
static const int32_t ccnet_punct[] = {
    0xFF0C, 0x3002, 0x3001, 0x201E, 0x201D, 0x201C, 0x00AB, 0x00BB, 0xFF11, 0x300D, 0x300C,
    0x300A, 0x300B, 0x00B4, 0x2236, 0xFF1A, 0xFF1F, 0xFF01, 0xFF08, 0xFF09, 0xFF1B, 0x2013,
    0x2014, 0xFF0E, 0xFF5E, 0x2019, 0x2026, 0x2501, 0x3008, 0x3009, 0x3010, 0x3011, 0xFF05,
    0x25BA,
};

static int is_ccnet_punct(int32_t c)
{
    for (size_t i = 0; i < sizeof ccnet_punct / sizeof *ccnet_punct; i++)
        if (ccnet_punct[i] == c)
            return 1;
    return 0;
}

wn_status wn_ccnet_normalize(wn_buf *out, const char *s, size_t n)
{
    size_t b = 0, e = n;
    wn_py_strip(s, &b, &e);
    wn_buf low = WN_BUF_INIT;
    wn_status st = wn_py_lower(&low, s + b, e - b);
    size_t i = 0;
    while (st == WN_OK && i < low.len) {
        size_t at = i;
        int32_t c = wn_py_next(low.data, low.len, &i);
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || is_ccnet_punct(c))
            continue;
        if ((c >= '0' && c <= '9') || (c >= 0x80 && utf8proc_category(c) == UTF8PROC_CATEGORY_ND))
            st = wn_buf_putc(out, '0');
        else
            st = wn_buf_append(out, low.data + at, i - at);
    }
    wn_buf_free(&low);
    return st;
}

typedef struct entry {
    uint64_t key;    /* 0 = empty */
    uint32_t docs;   /* documents it was seen in */
    uint32_t last;   /* low bits of the last document's seq (within-doc repeats) */
} entry;

typedef struct gen {
    entry *v;
    size_t cap, n;
} gen;

/* One pass (the window), or the two passes of CCNet's batch mode: COUNT
 * counts every line's documents and writes the lines over the threshold to
 * a file at the end, APPLY removes every copy of the lines in that file. */
enum { LD_ONE_PASS = 0, LD_COUNT, LD_APPLY };

typedef struct ld_stage {
    char *group_by;       /* meta field, NULL = global */
    uint64_t min_docs, max_lines;
    int mode;
    char *counts_out;     /* LD_COUNT: where finish() writes the lines to remove */
    gen cur, old;         /* LD_COUNT and LD_APPLY use cur only */
    wn_buf norm;
    uint64_t removed, docs_emptied, not_counted;
} ld_stage;

#define COUNTS_MAGIC "winnow-line-dedup-counts 1\n"

static entry *find(gen *g, uint64_t key, int insert)
{
    if (!g->v)
        return NULL;
    size_t mask = g->cap - 1, i = (size_t)(key * 0x9E3779B97F4A7C15ULL >> 20) & mask;
    for (;;) {
        entry *e = &g->v[i];
        if (e->key == key)
            return e;
        if (!e->key) {
            if (!insert)
                return NULL;
            e->key = key;
            g->n++;
            return e;
        }
        i = (i + 1) & mask;
    }
}

/* Doubles g (two-pass tables grow as lines come, up to max_lines). */
static wn_status grow_gen(gen *g)
{
    gen ng = {calloc(g->cap * 2, sizeof(entry)), g->cap * 2, 0};
    if (!ng.v)
        return WN_ERR_NOMEM;
    for (size_t i = 0; i < g->cap; i++)
        if (g->v[i].key)
            *find(&ng, g->v[i].key, 1) = g->v[i];
    free(g->v);
    *g = ng;
    return WN_OK;
}

/* LD_APPLY: the keys written by a counting pass. */
static wn_status load_counts(ld_stage *s, const char *path, const wn_stage_env *env)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(env->error, env->error_size, "--line-dedup-counts %s: cannot open", path);
        return WN_ERR_IO;
    }
    char magic[sizeof COUNTS_MAGIC - 1];
    uint64_t n = 0;
    wn_status st = WN_OK;
    if (fread(magic, 1, sizeof magic, f) != sizeof magic || memcmp(magic, COUNTS_MAGIC, sizeof magic) ||
        fread(&n, sizeof n, 1, f) != 1 || n > (1ull << 36)) {
        snprintf(env->error, env->error_size, "--line-dedup-counts %s: not a line count file", path);
        st = WN_ERR_DATA;
    }
    for (uint64_t i = 0; st == WN_OK && i < n; i++) {
        uint64_t key;
        if (fread(&key, sizeof key, 1, f) != 1 || !key) {
            snprintf(env->error, env->error_size, "--line-dedup-counts %s: truncated after %llu lines", path,
                     (unsigned long long)i);
            st = WN_ERR_DATA;
            break;
        }
        if ((s->cur.n + 1) * 2 > s->cur.cap)
            st = grow_gen(&s->cur);
        if (st == WN_OK)
            find(&s->cur, key, 1);
    }
    fclose(f);
    return st;
}

static wn_status ld_create(const wn_stage_env *env, void **self)
{
    int on;
    *self = NULL;
    wn_status st = wn_opt_bool(env->opts, "line-dedup", 0, &on);
    if (st != WN_OK || !on)
        return st;
    ld_stage *s = calloc(1, sizeof *s);
    if (!s)
        return WN_ERR_NOMEM;
    st = wn_opt_u64(env->opts, "line-dedup-min", 1, 1, 1000000, &s->min_docs);
    if (st == WN_OK)
        st = wn_opt_size(env->opts, "line-dedup-max-lines", 4u << 20, 1024, 1ull << 32, &s->max_lines);
    const char *g = wn_opt_get(env->opts, "group-by");
    if (!g)
        g = "source";
    if (st == WN_OK && strcmp(g, "global") != 0 && !(s->group_by = strdup(g)))
        st = WN_ERR_NOMEM;
    const char *cout = wn_opt_get(env->opts, "line-dedup-counts-out"),
               *cin = wn_opt_get(env->opts, "line-dedup-counts");
    if (st == WN_OK && cout && cin) {
        snprintf(env->error, env->error_size, "--line-dedup-counts-out and --line-dedup-counts: one pass or the other");
        st = WN_ERR_ARG;
    }
    s->mode = cout ? LD_COUNT : cin ? LD_APPLY : LD_ONE_PASS;
    if (st == WN_OK && cout && !(s->counts_out = strdup(cout)))
        st = WN_ERR_NOMEM;
    if (st == WN_OK) {
        /* one pass: a power of two >= 2 * (max_lines / 2) slots per
         * generation; two passes: one table that grows */
        size_t cap = 1024;
        while (s->mode == LD_ONE_PASS && cap < s->max_lines)
            cap *= 2;
        s->cur.cap = s->old.cap = cap;
        s->cur.v = calloc(cap, sizeof(entry));
        if (!s->cur.v)
            st = WN_ERR_NOMEM;
    }
    if (st == WN_OK && s->mode == LD_APPLY)
        st = load_counts(s, cin, env);
    if (st != WN_OK) {
        free(s->group_by);
        free(s->counts_out);
        free(s->cur.v);
        free(s);
        return st;
    }
    *self = s;
    return WN_OK;
}

static void ld_destroy(void *self)
{
    ld_stage *s = self;
    if (!s)
        return;
    free(s->cur.v);
    free(s->old.v);
    free(s->group_by);
    free(s->counts_out);
    wn_buf_free(&s->norm);
    free(s);
}

/* Group key of a document: meta[group_by], else the host of meta.url. */
static uint64_t group_of(const ld_stage *s, const wn_doc *d)
{
    if (!s->group_by || !d->meta)
        return 0;
    json_t *v = json_object_get(d->meta, s->group_by);
    if (json_is_string(v))
        return XXH3_64bits(json_string_value(v), json_string_length(v));
    json_t *u = json_object_get(d->meta, "url");
    if (!json_is_string(u))
        return 0;
    const char *p = json_string_value(u), *h = strstr(p, "://");
    h = h ? h + 3 : p;
    size_t k = strcspn(h, "/?#:");
    return XXH3_64bits(h, k);
}

static wn_status ld_process(void *self, void *scratch, wn_doc *d)
{
    ld_stage *s = self;
    (void)scratch;
    if (d->reject)
        return WN_OK;
    uint64_t grp = group_of(s, d);
    uint32_t stamp = (uint32_t)d->seq + 1;
    size_t kept = 0;
    for (size_t i = 0; i < d->nlines; i++) {
        wn_line *l = &d->lines[i];
        if (l->removed)
            continue;
        wn_buf_clear(&s->norm);
        WN_TRY(wn_ccnet_normalize(&s->norm, d->body.data + l->off, l->len));
        uint64_t key = XXH3_64bits_withSeed(s->norm.data ? s->norm.data : "", s->norm.len, grp) | 1;
        if (s->mode == LD_APPLY) { /* every copy of a line found in too many documents */
            if (find(&s->cur, key, 0)) {
                l->removed = "line_dedup";
                d->changed = 1;
                s->removed++;
            } else {
                kept++;
            }
            continue;
        }
        if (s->mode == LD_COUNT) { /* count only; nothing is removed in this pass */
            entry *c = find(&s->cur, key, 0);
            if (!c && s->cur.n < s->max_lines) {
                if ((s->cur.n + 1) * 4 > s->cur.cap * 3)
                    WN_TRY(grow_gen(&s->cur));
                c = find(&s->cur, key, 1);
            }
            if (!c)
                s->not_counted++;
            else if (c->last != stamp && c->docs < UINT32_MAX) {
                c->last = stamp;
                c->docs++;
            }
            kept++;
            continue;
        }
        entry *e = find(&s->cur, key, 0);
        if (!e) {
            entry *o = find(&s->old, key, 0);
            if (s->cur.n >= s->max_lines / 2) {
                /* rotate: the older generation goes, the current becomes older */
                entry keep = o ? *o : (entry){0};
                free(s->old.v);
                s->old = s->cur;
                s->cur.v = calloc(s->cur.cap, sizeof(entry));
                s->cur.n = 0;
                if (!s->cur.v)
                    return WN_ERR_NOMEM;
                o = keep.key ? &keep : NULL;
                e = find(&s->cur, key, 1);
                if (o) {
                    e->docs = o->docs;
                    e->last = o->last;
                }
            } else {
                e = find(&s->cur, key, 1);
                if (o) {
                    e->docs = o->docs;
                    e->last = o->last;
                }
            }
        }
        if (e->last == stamp) { /* repeated inside this document: counted once */
            kept++;
            continue;
        }
        int dup = e->docs >= s->min_docs;
        e->last = stamp;
        if (e->docs < UINT32_MAX)
            e->docs++;
        if (dup) {
            l->removed = "line_dedup";
            d->changed = 1; /* the writer renders the record again */
            s->removed++;
        } else {
            kept++;
        }
    }
    if (!kept && d->nlines) {
        s->docs_emptied++;
        wn_doc_reject(d, "line_dedup_empty", "every line occurs in earlier documents of its group");
    }
    return WN_OK;
}

/* LD_COUNT: the lines seen in more than min_docs documents, for pass 2. */
static wn_status ld_finish(void *self)
{
    ld_stage *s = self;
    if (s->mode != LD_COUNT)
        return WN_OK;
    FILE *f = fopen(s->counts_out, "wb");
    if (!f) {
        wn_set_last_error("--line-dedup-counts-out %s: cannot create", s->counts_out);
        return WN_ERR_IO;
    }
    uint64_t n = 0;
    for (size_t i = 0; i < s->cur.cap; i++)
        n += s->cur.v[i].key && s->cur.v[i].docs > s->min_docs;
    int ok = fwrite(COUNTS_MAGIC, 1, sizeof COUNTS_MAGIC - 1, f) == sizeof COUNTS_MAGIC - 1 &&
             fwrite(&n, sizeof n, 1, f) == 1;
    for (size_t i = 0; ok && i < s->cur.cap; i++)
        if (s->cur.v[i].key && s->cur.v[i].docs > s->min_docs)
            ok = fwrite(&s->cur.v[i].key, sizeof(uint64_t), 1, f) == 1;
    if (fclose(f) != 0 || !ok) {
        wn_set_last_error("--line-dedup-counts-out %s: write failed", s->counts_out);
        return WN_ERR_IO;
    }
    return WN_OK;
}

static void ld_stats(void *self, json_t *stats)
{
    ld_stage *s = self;
    json_t *o = json_object();
    if (!o)
        return;
    if (s->mode == LD_COUNT)
        json_object_set_new(o, "lines_not_counted", json_integer((json_int_t)s->not_counted));
    json_object_set_new(o, "lines_removed", json_integer((json_int_t)s->removed));
    json_object_set_new(o, "documents_emptied", json_integer((json_int_t)s->docs_emptied));
    json_object_set_new(o, "distinct_lines_held", json_integer((json_int_t)(s->cur.n + s->old.n)));
    json_object_set_new(stats, "linededup", o);
}

const wn_stage_ops wn_stage_linededup = {
    .name = "linededup",
    .ordered = 1,
    .create = ld_create,
    .process = ld_process,
    .finish = ld_finish,
    .stats = ld_stats,
    .destroy = ld_destroy,
};
