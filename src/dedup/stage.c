/* stage.c: the two pipeline stages of deduplication.
 *
 *  "minhash" (per document, worker threads): simplify_text + shingles +
 *  signature of the document's kept text; stored on the document
 *  (wn_doc.dedup_sig, freed by wn_doc_free/reset).
 *
 *  "dedup" (ordered, input order): LSH lookups, verification and the
 *  decision.  Keep first is decided on the fly.  Other keep policies need
 *  the whole input first; they run as two passes over the same input:
 *    pass 1  --dedup-plan-out FILE: collects every signature; at the end
 *            resolves the clusters and writes FILE (one JSON line per
 *            removed document: seq, id, dup_of, similarity);
 *    pass 2  --dedup-plan FILE: rejects exactly the documents of FILE
 *            (checking the ids), keeps the rest, commits the index.
 *  `winnow dedup` runs both passes for the user.
 *
 * --paragraphs: corpus-wide paragraph dedup, streaming, after the document
 * decision: a paragraph of a kept document (>= 3 words after simplify_text)
 * whose simplified text was seen in an earlier kept document is removed
 * (line reason "duplicate-paragraph"); the first occurrence in input order
 * stays.  A document left with no paragraph is rejected as "duplicate".
 * The set is per run (not stored in the index).
 *
 * Options: dedup (none|exact|near), preset (fineweb), threshold, ngram,
 * bands, rows, keep, max-cluster, annotate, index, dedup-hash
 * (xxh64|sha1, datatrove schemes), dedup-plan, dedup-plan-out. */
#include "dedup/stage.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dedup/dedup.h"
#include "dedup/index.h"
#include "write/render.h"

static void set_err(const wn_stage_env *env, const char *msg)
{
    if (env->error && env->error_size)
        snprintf(env->error, env->error_size, "%s", msg);
}

/* Reads every dedup option into p.  *mode_given tells whether --dedup was set. */
wn_status wn_dedup_read_options(const wn_options *o, wn_dedup_params *p, char *err, size_t errsz)
{
    /* --preset names a whole recipe, shared with the quality filters:
     * fineweb brings datatrove's MinHash with it; the filter-only presets
     * (news, fineweb2, none) leave deduplication as --dedup says. */
    const char *preset = wn_opt_get(o, "preset");
    int dedup_preset = preset && (!strcmp(preset, "fineweb") || !strcmp(preset, "winnow"));
    if (preset && !strcmp(preset, "fineweb"))
        wn_dedup_params_fineweb(p);
    else if (preset && !dedup_preset && strcmp(preset, "news") && strcmp(preset, "fineweb2") &&
             strcmp(preset, "none")) {
        snprintf(err, errsz, "--preset %s: expected news, fineweb, fineweb2, winnow or none", preset);
        return WN_ERR_ARG;
    } else
        wn_dedup_params_default(p);
    const char *m = wn_opt_get(o, "dedup");
    p->mode = WN_DEDUP_NONE;
    if (!m && dedup_preset)
        p->mode = WN_DEDUP_NEAR;
    else if (m && !strcmp(m, "near"))
        p->mode = WN_DEDUP_NEAR;
    else if (m && !strcmp(m, "exact"))
        p->mode = WN_DEDUP_EXACT;
    else if (m && strcmp(m, "none")) {
        snprintf(err, errsz, "--dedup %s: expected exact, near or none", m);
        return WN_ERR_ARG;
    }
    uint64_t v;
    wn_status s;
#define GETU(key, field, lo, hi) \
    if ((s = wn_opt_u64(o, key, p->field, lo, hi, &v)) != WN_OK) goto bad; \
    p->field = (unsigned)v;
    GETU("ngram", ngram, 1, 64);
    GETU("bands", bands, 1, 512);
    GETU("rows", rows, 1, 64);
#undef GETU
    if (p->bands * p->rows > 4096) {
        snprintf(err, errsz, "--bands x --rows must be at most 4096");
        return WN_ERR_ARG;
    }
    if ((s = wn_opt_double(o, "threshold", p->threshold, 0.0, 1.0, &p->threshold)) != WN_OK)
        goto bad;
    if ((s = wn_opt_u64(o, "max-cluster", 0, 0, UINT64_MAX, &p->max_cluster)) != WN_OK)
        goto bad;
    const char *h = wn_opt_get(o, "dedup-hash");
    if (h) {
        if (!strcmp(h, "xxh64"))
            p->scheme = WN_SCHEME_DT_XXH64;
        else if (!strcmp(h, "sha1"))
            p->scheme = WN_SCHEME_DT_SHA1;
        else if (!strcmp(h, "winnow"))
            p->scheme = WN_SCHEME_WINNOW;
        else {
            snprintf(err, errsz, "--dedup-hash %s: expected winnow, xxh64 or sha1", h);
            return WN_ERR_ARG;
        }
    }
    const char *k = wn_opt_get(o, "keep");
    if (!k || !strcmp(k, "first"))
        p->keep = WN_KEEP_FIRST;
    else if (!strcmp(k, "longest"))
        p->keep = WN_KEEP_LONGEST;
    else if (!strcmp(k, "earliest"))
        p->keep = WN_KEEP_EARLIEST;
    else if (!strcmp(k, "latest"))
        p->keep = WN_KEEP_LATEST;
    else {
        snprintf(err, errsz, "--keep %s: expected first, longest, earliest or latest", k);
        return WN_ERR_ARG;
    }
    return WN_OK;
bad:
    snprintf(err, errsz, "%s", wn_opt_last_error(o));
    return s;
}

/* ---- minhash: per document --------------------------------------------- */
typedef struct mh_stage {
    wn_minhasher *mh;
    int paragraphs;
} mh_stage;

/* What the minhash stage leaves on a document. */
typedef struct stage_sig {
    wn_dsig *sig;
    size_t npara;
    struct para { size_t line; uint64_t h; } *para;   /* kept lines of >= 3 words */
} stage_sig;

static void stage_sig_free(void *p)
{
    stage_sig *s = p;
    if (!s)
        return;
    free(s->sig);
    free(s->para);
    free(s);
}

typedef struct mh_scratch {
    wn_mh_scratch *s;
    wn_buf text;
} mh_scratch;

static wn_status mh_create(const wn_stage_env *env, void **self)
{
    *self = NULL;
    wn_dedup_params p;
    char err[256] = "";
    wn_status s = wn_dedup_read_options(env->opts, &p, err, sizeof err);
    if (s != WN_OK) {
        set_err(env, err);
        return s;
    }
    if (p.mode == WN_DEDUP_NONE)
        return WN_OK;
    mh_stage *m = calloc(1, sizeof *m);
    if (!m)
        return WN_ERR_NOMEM;
    if ((s = wn_minhasher_new(&p, &m->mh)) != WN_OK ||
        (s = wn_opt_bool(env->opts, "paragraphs", 0, &m->paragraphs)) != WN_OK) {
        wn_minhasher_free(m->mh);
        free(m);
        return s;
    }
    *self = m;
    return WN_OK;
}

static void *mh_scratch_new(void *self)
{
    (void)self;
    mh_scratch *sc = calloc(1, sizeof *sc);
    if (sc && !(sc->s = wn_mh_scratch_new())) {
        free(sc);
        return NULL;
    }
    return sc;
}

static void mh_scratch_free(void *p)
{
    mh_scratch *sc = p;
    if (!sc)
        return;
    wn_mh_scratch_free(sc->s);
    wn_buf_free(&sc->text);
    free(sc);
}

/* The date a keep policy uses: the record's date, else meta.published. */
static int64_t doc_date(const wn_doc *d)
{
    if (d->date)
        return wn_dedup_parse_date(d->date);
    json_t *pub = d->meta ? json_object_get(d->meta, "published") : NULL;
    return json_is_string(pub) ? wn_dedup_parse_date(json_string_value(pub)) : INT64_MIN;
}

/* Whether the kept text (the kept lines joined by '\n') is the whole body
 * as it stands: every line kept and the lines tiling the body. */
static int body_is_text(const wn_doc *d)
{
    size_t at = 0;
    for (size_t i = 0; i < d->nlines; i++) {
        const wn_line *l = &d->lines[i];
        if (l->removed || l->off != at)
            return 0;
        at = l->off + l->len + 1;
    }
    return d->nlines ? at == d->body.len + 1 : d->body.len == 0;
}

static wn_status mh_process(void *self, void *scratch, wn_doc *d)
{
    mh_stage *m = self;
    mh_scratch *sc = scratch;
    const char *text = "";
    size_t tlen = 0;
    if (body_is_text(d)) {   /* no copy (pass-through, or nothing removed) */
        text = d->body.len ? d->body.data : "";
        tlen = d->body.len;
    } else {
        WN_TRY(wn_render_text(d, &sc->text));
        text = sc->text.len ? sc->text.data : "";
        tlen = sc->text.len;
    }
    stage_sig *ss = calloc(1, sizeof *ss);
    if (!ss)
        return WN_ERR_NOMEM;
    /* unsorted: the engine compares shingle lists as sets (no sort per document) */
    wn_status st = wn_minhasher_sign_unsorted(m->mh, sc->s, text, tlen, doc_date(d), &ss->sig);
    if (st == WN_OK && m->paragraphs && d->nlines) {
        ss->para = malloc(d->nlines * sizeof *ss->para);
        if (!ss->para)
            st = WN_ERR_NOMEM;
        for (size_t i = 0; st == WN_OK && i < d->nlines; i++) {
            const wn_line *l = &d->lines[i];
            if (l->removed)
                continue;
            wn_buf_clear(&sc->text);
            if ((st = wn_dedup_simplify(d->body.data + l->off, l->len, &sc->text)) != WN_OK)
                break;
            size_t words = 0;
            for (size_t k = 0; k < sc->text.len; k++)
                words += sc->text.data[k] != ' ' && (k == 0 || sc->text.data[k - 1] == ' ');
            if (words >= 3)
                ss->para[ss->npara++] = (struct para){i, wn_dedup_hash64(sc->text.data, sc->text.len)};
        }
    }
    if (st != WN_OK) {
        stage_sig_free(ss);
        return st;
    }
    if (d->dedup_sig && d->dedup_sig_free)
        d->dedup_sig_free(d->dedup_sig);
    d->dedup_sig = ss;
    d->dedup_sig_free = stage_sig_free;
    return WN_OK;
}

static void mh_destroy(void *self)
{
    mh_stage *m = self;
    if (!m)
        return;
    wn_minhasher_free(m->mh);
    free(m);
}

const wn_stage_ops wn_stage_minhash = {
    .name = "minhash",
    .ordered = 0,
    .create = mh_create,
    .scratch_new = mh_scratch_new,
    .scratch_free = mh_scratch_free,
    .process = mh_process,
    .destroy = mh_destroy,
};

/* ---- dedup: ordered ------------------------------------------------------ */
typedef struct plan_ent { uint64_t seq; char *id, *dup_of; double sim; } plan_ent;

typedef struct dd_stage {
    wn_dedup_params p;
    wn_dedup_index *idx;
    wn_dedup_engine *e;
    int annotate;
    char *plan_out;          /* pass 1 */
    plan_ent *plan;          /* pass 2, sorted by seq */
    size_t nplan, plan_at;
    uint64_t *col_seq;       /* pass 1: seq of each collected document */
    char **col_id;
    size_t ncol, col_cap;
    uint64_t removed, kept;
    int paragraphs;
    uint64_t *pset;          /* --paragraphs: hashes seen (0 = empty slot) */
    size_t pcap, pn;
    uint64_t para_removed, para_docs_emptied;
    FILE *pairs;             /* --pairs-out */
    int want_pairs;
    unsigned part, nparts;   /* --partition p/P (nparts 0: off) */
    uint64_t npairs;
    char err[512];
} dd_stage;

static double round4(double x);

/* --pairs-out: one JSON line per verified pair. */
static wn_status write_pair(void *ctx, const char *a, uint64_t seq_a, const char *b, uint64_t seq_b,
                            double j)
{
    dd_stage *s = ctx;
    /* --partition: the input positions and the exact Jaccard too, for
     * wn_dedup_merge_pairs (it orders by position and compares similarities) */
    json_t *o = s->nparts ? json_pack("{sssssfsIsIsf}", "a", a, "b", b, "similarity", round4(j), "seq_a",
                                      (json_int_t)seq_a, "seq_b", (json_int_t)seq_b, "j", j)
                          : json_pack("{sssssf}", "a", a, "b", b, "similarity", round4(j));
    char *line = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    wn_status st = WN_OK;
    if (!line)
        st = WN_ERR_NOMEM;
    else if (fprintf(s->pairs, "%s\n", line) < 0)
        st = WN_ERR_IO;
    free(line);
    json_decref(o);
    s->npairs++;
    return st;
}

/* Inserts h into the paragraph set; returns 1 when it was already there. */
static int pset_seen(dd_stage *s, uint64_t h, wn_status *st)
{
    if (!h)
        h = 1;
    if ((s->pn + 1) * 2 > s->pcap) {
        size_t cap = s->pcap ? s->pcap * 2 : 1 << 14;
        uint64_t *n = calloc(cap, sizeof *n);
        if (!n) {
            *st = WN_ERR_NOMEM;
            return 0;
        }
        for (size_t i = 0; i < s->pcap; i++)
            if (s->pset[i]) {
                size_t j = (size_t)(s->pset[i] * UINT64_C(0x9E3779B97F4A7C15) >> 20) & (cap - 1);
                while (n[j])
                    j = (j + 1) & (cap - 1);
                n[j] = s->pset[i];
            }
        free(s->pset);
        s->pset = n;
        s->pcap = cap;
    }
    size_t j = (size_t)(h * UINT64_C(0x9E3779B97F4A7C15) >> 20) & (s->pcap - 1);
    for (; s->pset[j]; j = (j + 1) & (s->pcap - 1))
        if (s->pset[j] == h)
            return 1;
    s->pset[j] = h;
    s->pn++;
    return 0;
}

/* Paragraph dedup of a kept document (after the document decision). */
static wn_status dedup_paragraphs(dd_stage *s, const stage_sig *ss, wn_doc *d)
{
    wn_status st = WN_OK;
    size_t removed = 0;
    for (size_t i = 0; i < ss->npara && st == WN_OK; i++)
        if (pset_seen(s, ss->para[i].h, &st) && st == WN_OK) {
            if (!s->annotate)
                d->lines[ss->para[i].line].removed = "duplicate-paragraph";
            removed++;
        }
    if (st != WN_OK || !removed)
        return st;
    s->para_removed += removed;
    d->changed = 1;
    if (s->annotate) {
        json_t *o = json_object_get(d->meta, "dedup");
        if (o)
            json_object_set_new(o, "duplicate_paragraphs", json_integer((json_int_t)removed));
        return WN_OK;
    }
    if (wn_doc_kept_lines(d) == 0) {
        s->para_docs_emptied++;
        wn_doc_reject(d, "duplicate", "every paragraph was seen in an earlier document");
        if (!d->reject_info)
            return WN_ERR_NOMEM;
        json_object_set_new(d->reject_info, "duplicate_paragraphs", json_integer((json_int_t)removed));
    }
    return WN_OK;
}

static void dd_destroy(void *self);

static int plan_cmp(const void *a, const void *b)
{
    uint64_t x = ((const plan_ent *)a)->seq, y = ((const plan_ent *)b)->seq;
    return x < y ? -1 : x > y;
}

static wn_status load_plan(dd_stage *s, const char *path, char *err, size_t errsz)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errsz, "--dedup-plan %s: cannot open", path);
        return WN_ERR_IO;
    }
    size_t cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t n;
    wn_status st = WN_OK;
    while (st == WN_OK && (n = getline(&line, &lcap, f)) > 0) {
        json_error_t je;
        json_t *o = json_loadb(line, (size_t)n, 0, &je);
        json_t *seq = json_object_get(o, "seq"), *id = json_object_get(o, "id"),
               *dup = json_object_get(o, "dup_of"), *sim = json_object_get(o, "similarity");
        if (!json_is_integer(seq) || !json_is_string(id) || !json_is_string(dup) || !json_is_number(sim)) {
            snprintf(err, errsz, "--dedup-plan %s: malformed line", path);
            st = WN_ERR_FORMAT;
        } else if (s->nplan == cap) {
            cap = cap ? cap * 2 : 256;
            plan_ent *p = realloc(s->plan, cap * sizeof *p);
            if (!p)
                st = WN_ERR_NOMEM;
            else
                s->plan = p;
        }
        if (st == WN_OK) {
            plan_ent *pe = &s->plan[s->nplan];
            pe->seq = (uint64_t)json_integer_value(seq);
            pe->id = strdup(json_string_value(id));
            pe->dup_of = strdup(json_string_value(dup));
            pe->sim = json_number_value(sim);
            s->nplan++;
            if (!pe->id || !pe->dup_of)
                st = WN_ERR_NOMEM;
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    if (st == WN_OK && s->nplan)
        qsort(s->plan, s->nplan, sizeof *s->plan, plan_cmp);
    return st;
}

static wn_status dd_create(const wn_stage_env *env, void **self)
{
    *self = NULL;
    dd_stage *s = calloc(1, sizeof *s);
    if (!s)
        return WN_ERR_NOMEM;
    wn_status st = wn_dedup_read_options(env->opts, &s->p, s->err, sizeof s->err);
    if (st == WN_OK && s->p.mode == WN_DEDUP_NONE) {
        free(s);
        return WN_OK;
    }
    if (st == WN_OK)
        st = wn_opt_bool(env->opts, "annotate", 0, &s->annotate);
    if (st == WN_OK)
        st = wn_opt_bool(env->opts, "paragraphs", 0, &s->paragraphs);
    if (st != WN_OK && !s->err[0])
        snprintf(s->err, sizeof s->err, "%s", wn_opt_last_error(env->opts));
    const char *plan = wn_opt_get(env->opts, "dedup-plan"), *plan_out = wn_opt_get(env->opts, "dedup-plan-out");
    if (st == WN_OK && plan && plan_out) {
        snprintf(s->err, sizeof s->err, "--dedup-plan and --dedup-plan-out exclude each other");
        st = WN_ERR_ARG;
    }
    if (st == WN_OK && s->p.keep != WN_KEEP_FIRST && !plan && !plan_out) {
        snprintf(s->err, sizeof s->err,
                 "--keep %s needs two passes over the input: use `winnow dedup`, or "
                 "--dedup-plan-out FILE then --dedup-plan FILE",
                 wn_opt_get(env->opts, "keep"));
        st = WN_ERR_ARG;
    }
    const char *index = wn_opt_get(env->opts, "index");
    if (st == WN_OK && index && s->p.mode == WN_DEDUP_NEAR && !s->p.verify) {
        snprintf(s->err, sizeof s->err, "--index needs verified near-duplicates; --preset fineweb has none");
        st = WN_ERR_ARG;
    }
    if (st == WN_OK && index)
        st = wn_dedup_index_open(index, &s->p, 1, &s->idx, s->err, sizeof s->err);
    if (st == WN_OK && plan)
        st = load_plan(s, plan, s->err, sizeof s->err);
    if (st == WN_OK && plan_out && !(s->plan_out = strdup(plan_out)))
        st = WN_ERR_NOMEM;
    if (st == WN_OK)
        st = wn_dedup_engine_new(&s->p, s->idx, &s->e);
    if (st == WN_OK && (st = wn_dedup_engine_set_tmpdir(s->e, wn_opt_get(env->opts, "tmp-dir"))) != WN_OK) {
        const char *td = wn_opt_get(env->opts, "tmp-dir");
        snprintf(s->err, sizeof s->err, "cannot create the dedup spill file in %s (--tmp-dir)",
                 td ? td : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    }
    const char *pairs = wn_opt_get(env->opts, "pairs-out");
    if (st == WN_OK && pairs && s->p.mode == WN_DEDUP_NEAR && !s->p.verify) {
        snprintf(s->err, sizeof s->err, "--pairs-out needs verified near-duplicates; --preset fineweb has none");
        st = WN_ERR_ARG;
    }
    if (st == WN_OK && pairs && !plan) {   /* pass 2 decides nothing: pass 1 writes the pairs */
        if (!(s->pairs = fopen(pairs, "w"))) {
            snprintf(s->err, sizeof s->err, "--pairs-out %s: cannot open", pairs);
            st = WN_ERR_IO;
        } else {
            wn_dedup_engine_set_pairs(s->e, write_pair, s);
            s->want_pairs = 1;
        }
    }
    const char *part = wn_opt_get(env->opts, "partition");
    if (st == WN_OK && part) {
        unsigned p = 0, np = 0;
        char tail = 0;
        if (sscanf(part, "%u/%u%c", &p, &np, &tail) != 2 || np < 1 || np > 65536 || p >= np) {
            snprintf(s->err, sizeof s->err, "--partition %s: expected p/P with 0 <= p < P <= 65536", part);
            st = WN_ERR_ARG;
        }
        if (st == WN_OK && (!s->pairs || s->p.keep != WN_KEEP_FIRST || index || plan || plan_out)) {
            snprintf(s->err, sizeof s->err,
                     "--partition needs --pairs-out FILE and --keep first, without --index and "
                     "--dedup-plan(-out): its pairs are merged by `winnow dedup-merge`");
            st = WN_ERR_ARG;
        }
        if (st == WN_OK) {
            s->part = p;
            s->nparts = np;
            wn_dedup_engine_set_partition(s->e, p, np);
        }
    }
    if (st != WN_OK) {
        set_err(env, s->err[0] ? s->err : wn_strerror(st));
        dd_destroy(s);
        return st;
    }
    *self = s;
    return WN_OK;
}

static double round4(double x)
{
    return round(x * 1e4) / 1e4;
}

static wn_status annotate(wn_doc *d, const char *cluster, double sim, int dup)
{
    json_t *o = json_pack("{sssfsb}", "cluster", cluster, "similarity", round4(sim), "duplicate", dup);
    if (!o)
        return WN_ERR_NOMEM;
    d->changed = 1;
    return wn_doc_meta_set(d, "dedup", o);
}

static wn_status apply(dd_stage *s, wn_doc *d, int dup, const char *dup_of, double sim)
{
    const char *id = d->id ? d->id : "";
    if (!dup) {
        s->kept++;
        return s->annotate ? annotate(d, id, 1.0, 0) : WN_OK;
    }
    s->removed++;
    if (s->annotate)
        return annotate(d, dup_of, sim, 1);
    wn_doc_reject(d, "duplicate", "duplicate of %s (similarity %.4f)", dup_of, sim);
    if (!d->reject_info)
        return WN_ERR_NOMEM;
    json_object_set_new(d->reject_info, "duplicate_of", json_string(dup_of));
    json_object_set_new(d->reject_info, "similarity", json_real(round4(sim)));
    return WN_OK;
}

static wn_status dd_process(void *self, void *scratch, wn_doc *d)
{
    (void)scratch;
    dd_stage *s = self;
    const stage_sig *ss = d->dedup_sig;
    if (!ss)
        return WN_OK;   /* no minhash stage ran: nothing to compare */
    const wn_dsig *sig = ss->sig;
    const char *id = d->id ? d->id : "";
    if (s->plan_out) {   /* pass 1 */
        if (s->ncol == s->col_cap) {
            size_t cap = s->col_cap ? s->col_cap * 2 : 1024;
            uint64_t *q = realloc(s->col_seq, cap * sizeof *q);
            if (!q)
                return WN_ERR_NOMEM;
            s->col_seq = q;
            char **r = realloc(s->col_id, cap * sizeof *r);
            if (!r)
                return WN_ERR_NOMEM;
            s->col_id = r;
            s->col_cap = cap;
        }
        if (!(s->col_id[s->ncol] = strdup(id)))
            return WN_ERR_NOMEM;
        s->col_seq[s->ncol++] = d->seq;
        return wn_dedup_engine_collect(s->e, sig, id, d->seq);
    }
    if (s->plan) {   /* pass 2 */
        while (s->plan_at < s->nplan && s->plan[s->plan_at].seq < d->seq)
            s->plan_at++;
        if (s->plan_at < s->nplan && s->plan[s->plan_at].seq == d->seq) {
            plan_ent *pe = &s->plan[s->plan_at];
            if (strcmp(pe->id, id))
                return WN_ERR_DATA;   /* the input changed between the passes */
            return apply(s, d, 1, pe->dup_of, pe->sim);
        }
        WN_TRY(wn_dedup_engine_keep(s->e, sig, id, d->seq));
        WN_TRY(apply(s, d, 0, NULL, 1.0));
    } else {
        wn_dedup_decision dec;
        WN_TRY(wn_dedup_engine_add(s->e, sig, id, d->seq, &dec));
        if (s->nparts)   /* --partition: partial decisions; only the pairs count */
            dec.duplicate = 0;
        WN_TRY(apply(s, d, dec.duplicate, dec.dup_of, dec.similarity));
    }
    if (s->paragraphs && !d->reject && !(s->annotate && json_is_true(json_object_get(
            json_object_get(d->meta, "dedup"), "duplicate"))))
        WN_TRY(dedup_paragraphs(s, ss, d));
    return WN_OK;
}

static wn_status close_pairs(dd_stage *s, wn_status st)
{
    if (s->pairs) {
        int bad = fclose(s->pairs) != 0;
        s->pairs = NULL;
        if (bad && st == WN_OK)
            st = WN_ERR_IO;
    }
    return st;
}

static wn_status dd_finish(void *self)
{
    dd_stage *s = self;
    if (s->plan_out) {
        WN_TRY(close_pairs(s, wn_dedup_engine_resolve(s->e)));
        FILE *f = fopen(s->plan_out, "w");
        if (!f)
            return WN_ERR_IO;
        wn_status st = WN_OK;
        for (size_t i = 0; st == WN_OK && i < s->ncol; i++) {
            wn_dedup_decision dec;
            st = wn_dedup_engine_decision(s->e, i, &dec);
            if (st != WN_OK || !dec.duplicate)
                continue;
            json_t *o = json_pack("{sIsssssf}", "seq", (json_int_t)s->col_seq[i], "id", s->col_id[i],
                                  "dup_of", dec.dup_of, "similarity", round4(dec.similarity));
            char *line = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
            if (!line || fprintf(f, "%s\n", line) < 0)
                st = line ? WN_ERR_IO : WN_ERR_NOMEM;
            free(line);
            json_decref(o);
        }
        if (fclose(f) && st == WN_OK)
            st = WN_ERR_IO;
        return close_pairs(s, st);   /* pass 1 never writes the index */
    }
    return close_pairs(s, wn_dedup_engine_commit(s->e));
}

static void dd_stats(void *self, json_t *stats)
{
    dd_stage *s = self;
    wn_dedup_counts c;
    wn_dedup_engine_counts(s->e, &c);
    char key[128];
    wn_dedup_params_key(&s->p, key, sizeof key);
    json_t *o = json_pack("{sssIsIsIsIsIsIsIsIsI}", "params", key, "documents", (json_int_t)c.docs,
                          "duplicates", (json_int_t)(s->plan ? s->removed : c.duplicates), "exact",
                          (json_int_t)c.exact, "near", (json_int_t)c.near, "candidates",
                          (json_int_t)c.candidates, "verified", (json_int_t)c.verified,
                          "rejected_by_verification", (json_int_t)c.rejected_by_verify, "spared_by_max_cluster",
                          (json_int_t)c.spared, "empty", (json_int_t)c.empty, "index_matches",
                          (json_int_t)c.index_matches);
    if (!o)
        return;
    const char *ids[20];
    size_t n = wn_dedup_engine_oversize(s->e, ids, 20);
    json_t *a = json_array();
    for (size_t i = 0; i < n && i < 20; i++)
        json_array_append_new(a, json_string(ids[i]));
    json_object_set_new(o, "oversize_clusters", json_integer((json_int_t)n));
    json_object_set_new(o, "fingerprint_collisions", json_integer((json_int_t)c.fp_collisions));
    json_object_set_new(o, "table_bytes", json_integer((json_int_t)wn_dedup_engine_ram(s->e)));
    json_object_set_new(o, "spill_bytes", json_integer((json_int_t)wn_dedup_engine_spill_bytes(s->e)));
    if (s->want_pairs)
        json_object_set_new(o, "verified_pairs", json_integer((json_int_t)s->npairs));
    if (s->paragraphs) {
        json_object_set_new(o, "duplicate_paragraphs", json_integer((json_int_t)s->para_removed));
        json_object_set_new(o, "documents_emptied_by_paragraphs", json_integer((json_int_t)s->para_docs_emptied));
    }
    json_object_set_new(o, "oversize_cluster_ids", a);
    json_object_set_new(stats, "dedup", o);
}

static void dd_destroy(void *self)
{
    dd_stage *s = self;
    if (!s)
        return;
    wn_dedup_engine_free(s->e);
    wn_dedup_index_close(s->idx);
    if (s->pairs)
        fclose(s->pairs);
    for (size_t i = 0; i < s->nplan; i++) {
        free(s->plan[i].id);
        free(s->plan[i].dup_of);
    }
    free(s->plan);
    for (size_t i = 0; i < s->ncol; i++)
        free(s->col_id[i]);
    free(s->col_id);
    free(s->col_seq);
    free(s->plan_out);
    free(s->pset);
    free(s);
}

const wn_stage_ops wn_stage_dedup = {
    .name = "dedup",
    .ordered = 1,
    .create = dd_create,
    .process = dd_process,
    .finish = dd_finish,
    .stats = dd_stats,
    .destroy = dd_destroy,
};
