#include "stage.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "badwords.h"
#include "config.h"
#include "pytext.h"
#include "rules.h"
#include "words.h"
#include "justext/justext.h"
#include "write/render.h"

#define MAX_LABELS 64

enum { JT_OFF, JT_RESTORE, JT_FULL };
/* Languages with a jusText stoplist in DATA/justext/ (ISO 639-1). */
static const char *const jt_langs[] = {"tr", "ru", "en", "de", "fr", "es", "ar"};

typedef struct counter {
    const char *label;
    uint64_t n;
} counter;

typedef struct filter_stage {
    wn_fpreset preset;
    wn_qparams base;
    wn_fconfig cfg;
    wn_fw2_table fw2;
    wn_badwords *bad;       /* loaded when c4_badwords is on */
    int annotate;
    int justext;            /* JT_OFF, JT_RESTORE, JT_FULL */
    wn_jt_params jt;
    struct { char lang[4]; wn_jt_stoplist *sl; } stop[8];
    size_t nstop;
    pthread_mutex_t mu;
    uint64_t kept, seen;
    counter rejects[MAX_LABELS], lines[MAX_LABELS];
    uint64_t restored;
} filter_stage;

typedef struct filter_scratch {
    wn_qscratch *q;
    wn_tokens tok, tok2;
    wn_buf text, rw, low;
    wn_jt_para *jp;
    size_t *jidx, jcap;
    uint8_t *jwant;
} filter_scratch;

/* Builds the stage's base parameters and settings from options; shared
 * with wn_filter_print_config. */
static wn_status configure(const wn_options *o, wn_fpreset *preset, wn_fconfig *cfg, int *annotate,
                           char *err, size_t errsz)
{
    const char *ps = wn_opt_get(o, "preset");
    *preset = WN_PRESET_NEWS;
    memset(cfg, 0, sizeof *cfg);
    const char *path = wn_opt_get(o, "config");
    if (path) {
        wn_status st = wn_fconfig_load(cfg, path, err, errsz);
        if (st != WN_OK) {
            wn_fconfig_free(cfg);
            return st;
        }
        if (cfg->preset_set)
            *preset = cfg->preset;
    }
    if (ps && !wn_fpreset_parse(ps, preset)) {
        snprintf(err, errsz, "--preset %s: expected news, fineweb, fineweb2, winnow or none", ps);
        wn_fconfig_free(cfg);
        return WN_ERR_ARG;
    }
    wn_status st = wn_opt_bool(o, "annotate", 0, annotate);
    if (st != WN_OK) {
        snprintf(err, errsz, "%s", wn_opt_last_error(o));
        wn_fconfig_free(cfg);
    }
    return st;
}

static wn_status fs_create(const wn_stage_env *env, void **self)
{
    int on;
    *self = NULL;
    wn_status ost = wn_opt_bool(env->opts, "filter", 1, &on);
    if (ost != WN_OK || !on)
        return ost;
    filter_stage *s = calloc(1, sizeof *s);
    if (!s)
        return WN_ERR_NOMEM;
    wn_status st = configure(env->opts, &s->preset, &s->cfg, &s->annotate, env->error, env->error_size);
    if (st != WN_OK) {
        free(s);
        return st;
    }
    const char *jt = wn_opt_get(env->opts, "justext");
    s->justext = s->preset == WN_PRESET_NEWS ? JT_RESTORE : JT_OFF;
    if (jt && !strcmp(jt, "off"))
        s->justext = JT_OFF;
    else if (jt && !strcmp(jt, "restore"))
        s->justext = JT_RESTORE;
    else if (jt && !strcmp(jt, "full"))
        s->justext = JT_FULL;
    else if (jt) {
        snprintf(env->error, env->error_size, "--justext %s: expected off, restore or full", jt);
        wn_fconfig_free(&s->cfg);
        free(s);
        return WN_ERR_ARG;
    }
    if (s->preset == WN_PRESET_NONE && s->cfg.n == 0 && !s->annotate && !s->justext) {
        wn_fconfig_free(&s->cfg);
        free(s);
        *self = NULL; /* nothing to do: leave the stage out */
        return WN_OK;
    }
    wn_jt_defaults(&s->jt);
    if (s->justext && env->data_dir)
        for (size_t i = 0; i < sizeof jt_langs / sizeof *jt_langs; i++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/justext/%s.txt", env->data_dir, jt_langs[i]);
            wn_jt_stoplist *sl;
            if (wn_jt_stoplist_load(path, &sl) != WN_OK)
                continue; /* no list: that language runs without the pass */
            snprintf(s->stop[s->nstop].lang, sizeof s->stop[0].lang, "%s", jt_langs[i]);
            s->stop[s->nstop++].sl = sl;
        }
    wn_fpreset_params(s->preset, &s->base);
    if (s->preset == WN_PRESET_FINEWEB2 || s->preset == WN_PRESET_NEWS) {
        st = env->data_dir ? wn_fw2_load(&s->fw2, env->data_dir, env->error, env->error_size) : WN_ERR_DATA;
        if (st != WN_OK && s->preset == WN_PRESET_NEWS) {
            st = WN_OK; /* news works without the table: language-independent values */
            env->error[0] = 0;
        } else if (st != WN_OK) {
            if (!env->data_dir)
                snprintf(env->error, env->error_size, "--preset fineweb2 needs the data directory (--data-dir)");
            wn_fconfig_free(&s->cfg);
            free(s);
            return st;
        }
    }
    wn_qparams eff = s->base;
    wn_fconfig_apply(&s->cfg, &eff);
    if (eff.cb_on && (st = wn_badwords_load(env->data_dir, &s->bad, env->error, env->error_size)) != WN_OK) {
        wn_fw2_free(&s->fw2);
        wn_fconfig_free(&s->cfg);
        free(s);
        return st;
    }
    pthread_mutex_init(&s->mu, NULL);
    *self = s;
    return WN_OK;
}

static void fs_destroy(void *self)
{
    filter_stage *s = self;
    if (!s)
        return;
    wn_fconfig_free(&s->cfg);
    wn_fw2_free(&s->fw2);
    wn_badwords_free(s->bad);
    for (size_t i = 0; i < s->nstop; i++)
        wn_jt_stoplist_free(s->stop[i].sl);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

static void *fs_scratch_new(void *self)
{
    (void)self;
    filter_scratch *c = calloc(1, sizeof *c);
    if (c && !(c->q = wn_qscratch_new())) {
        free(c);
        return NULL;
    }
    return c;
}

static void fs_scratch_free(void *scratch)
{
    filter_scratch *c = scratch;
    if (!c)
        return;
    wn_qscratch_free(c->q);
    wn_tokens_free(&c->tok);
    wn_tokens_free(&c->tok2);
    wn_buf_free(&c->text);
    wn_buf_free(&c->rw);
    wn_buf_free(&c->low);
    free(c->jp);
    free(c->jidx);
    free(c->jwant);
    free(c);
}

static void bump(counter *v, const char *label)
{
    for (int i = 0; i < MAX_LABELS; i++) {
        if (v[i].label == label || (v[i].label && strcmp(v[i].label, label) == 0)) {
            v[i].n++;
            return;
        }
        if (!v[i].label) {
            v[i].label = label;
            v[i].n = 1;
            return;
        }
    }
}

/* The kept text (write/render.c), never NULL. */
static wn_status join_kept(const wn_doc *d, wn_buf *out)
{
    WN_TRY(wn_render_text(d, out));
    return out->data ? WN_OK : wn_buf_reserve(out, 1);
}

static const char *top_str(const wn_doc *d, const char *key)
{
    json_t *v = d->top ? json_object_get(d->top, key) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Rejects with the rule's label, value and threshold. */
static void reject(wn_doc *d, const wn_qresult *r)
{
    wn_doc_reject(d, r->reason, "%s: %g (threshold %g)", r->reason, r->value, r->threshold);
    if (d->reject_info) {
        json_object_set_new(d->reject_info, "value", json_real(r->value));
        json_object_set_new(d->reject_info, "threshold", json_real(r->threshold));
    }
}

/* Runs the C4 line rules over the kept lines.  Returns 0 when the document
 * is dropped (res set). */
static int run_c4(filter_stage *s, filter_scratch *c, const wn_qparams *p, wn_doc *d, wn_qresult *res,
                  json_t *scores, wn_status *st, int *changed, size_t *kept_tokens)
{
    *changed = 0;
    *kept_tokens = 0;
    size_t sentences = 0, removed = 0;
    /* c->text is the kept lines joined with '\n' and c->tok its tokens
     * (fs_process): a line's tokens are those inside its span there */
    size_t pos = 0, ti = 0;
    for (size_t i = 0; i < d->nlines; i++) {
        wn_line *l = &d->lines[i];
        if (l->removed)
            continue;
        size_t t0 = ti, end = pos + l->len;
        while (ti < c->tok.n && c->tok.v[ti].off < end)
            ti++;
        pos = end + 1;
        size_t sc = 0;
        const char *doc_reason;
        /* filtering needs only "fewer than c4_min_sentences": stop counting there */
        int count = scores || (p->c4_min_sentences && (double)sentences < p->c4_min_sentences);
        const char *why = wn_c4_line_tok(p, d->body.data + l->off, l->len, c->tok.v + t0, ti - t0, c->q, &c->rw,
                                         count ? &sc : NULL, &doc_reason);
        if (doc_reason) {
            *res = (wn_qresult){doc_reason, 1, 0};
            if (scores)
                json_object_set_new(scores, doc_reason, json_real(1));
            if (!scores)
                return 0;
            continue;
        }
        if (why) {
            removed++;
            if (!scores) {
                *changed = 1;
                l->removed = why;
                pthread_mutex_lock(&s->mu);
                bump(s->lines, why);
                pthread_mutex_unlock(&s->mu);
            }
            continue;
        }
        sentences += sc;
        /* the kept text's tokens: a line's own, or its rewrite's */
        if (c->rw.len && !scores) {
            if ((*st = wn_words_split(c->rw.data, c->rw.len, &c->tok2)) != WN_OK)
                return 0;
            *kept_tokens += c->tok2.n;
        } else {
            *kept_tokens += ti - t0;
        }
        if (c->rw.len && !scores) {
            /* the rewritten line (citations out, stripped) goes to the end of the body */
            size_t off = d->body.len + 1;
            if ((*st = wn_buf_putc(&d->body, '\n')) != WN_OK ||
                (*st = wn_buf_append(&d->body, c->rw.data, c->rw.len)) != WN_OK)
                return 0;
            l->off = off;
            l->len = c->rw.len;
            *changed = 1;
        }
    }
    if (scores) {
        json_object_set_new(scores, "c4_lines_removed", json_integer((json_int_t)removed));
        json_object_set_new(scores, "c4_too_few_sentences", json_integer((json_int_t)sentences));
    }
    if (p->c4_min_sentences && (double)sentences < p->c4_min_sentences && !res->reason) {
        *res = (wn_qresult){"c4_too_few_sentences", (double)sentences, p->c4_min_sentences};
        return scores != NULL;
    }
    return 1;
}

static int has_context_line(const wn_doc *d)
{
    for (size_t i = 0; i < d->nlines; i++)
        if (d->lines[i].removed && !strcmp(d->lines[i].removed, "context"))
            return 1;
    return 0;
}

/* jusText over the document's candidate paragraphs: the kept lines and the
 * lines the cleaner's simplified context pass removed ("context").  restore:
 * a "context" line jusText classes good comes back; full: also kept lines
 * it classes bad go ("justext").  Lines removed for other reasons
 * (timestamps, credits, repeats) are not paragraphs of the text. */
static wn_status run_justext(filter_stage *s, filter_scratch *c, wn_doc *d, const char *lang, json_t *scores)
{
    const wn_jt_stoplist *sl = NULL;
    for (size_t i = 0; lang && i < s->nstop; i++)
        if (!strcmp(s->stop[i].lang, lang))
            sl = s->stop[i].sl;
    if (!sl || !d->nlines)
        return WN_OK;
    /* restore changes only "context" lines: without one, the classes
     * change nothing and both counts are 0 (no need to classify) */
    if (s->justext == JT_RESTORE && !has_context_line(d)) {
        if (scores) {
            json_object_set_new(scores, "justext_restored", json_integer(0));
            json_object_set_new(scores, "justext_bad", json_integer(0));
        }
        return WN_OK;
    }
    if (d->nlines > c->jcap) {
        wn_jt_para *p = realloc(c->jp, d->nlines * sizeof *p);
        if (p)
            c->jp = p;
        size_t *q = realloc(c->jidx, d->nlines * sizeof *q);
        if (q)
            c->jidx = q;
        uint8_t *w = realloc(c->jwant, d->nlines);
        if (w)
            c->jwant = w;
        if (!p || !q || !w)
            return WN_ERR_NOMEM;
        c->jcap = d->nlines;
    }
    size_t n = 0;
    for (size_t i = 0; i < d->nlines; i++) {
        const wn_line *l = &d->lines[i];
        if (l->removed && strcmp(l->removed, "context") != 0)
            continue;
        c->jp[n] = (wn_jt_para){.text = d->body.data + l->off, .len = l->len};
        c->jwant[n] = l->removed != NULL; /* restore looks only at these */
        c->jidx[n++] = i;
    }
    if (s->justext == JT_RESTORE)
        WN_TRY(wn_jt_classify_some(c->jp, n, c->jwant, sl, &s->jt));
    else
        WN_TRY(wn_jt_classify(c->jp, n, sl, &s->jt));
    size_t restored = 0, dropped = 0;
    for (size_t k = 0; k < n; k++) {
        wn_line *l = &d->lines[c->jidx[k]];
        if (s->justext == JT_RESTORE && !c->jwant[k])
            continue; /* not classified, and restore does not change it */
        int good = c->jp[k].cls == WN_JT_GOOD;
        if (good && l->removed) {
            restored++;
            if (!scores)
                l->removed = NULL;
        } else if (!good && !l->removed && s->justext == JT_FULL) {
            dropped++;
            if (!scores)
                l->removed = "justext";
        }
    }
    if (scores) {
        json_object_set_new(scores, "justext_restored", json_integer((json_int_t)restored));
        json_object_set_new(scores, "justext_bad", json_integer((json_int_t)dropped));
    }
    if (restored || dropped) {
        pthread_mutex_lock(&s->mu);
        for (size_t k = 0; k < dropped; k++)
            bump(s->lines, "justext");
        s->restored += restored;
        pthread_mutex_unlock(&s->mu);
    }
    return WN_OK;
}

/* C4BadWordsFilter (§5.3) on the text as the earlier rules left it; the
 * language is langid's `lang`, English when absent or undetermined.  A
 * language without a list is not checked.  Returns 1 keep, 0 drop, -1 on
 * memory failure. */
static int run_badwords(filter_stage *s, filter_scratch *c, const wn_qparams *p, const wn_doc *d,
                        const char *lang, wn_qresult *res, json_t *scores)
{
    const wn_badlist *bl = wn_badwords_find(s->bad, lang && strcmp(lang, "und") ? lang : "en");
    if (!bl)
        return 1;
    c->low.len = 0;
    if (wn_py_lower(&c->low, c->text.data, c->text.len) != WN_OK)
        return -1;
    int hit = wn_badlist_search(bl, c->low.data ? c->low.data : "", c->low.len, NULL);
    if (scores)
        json_object_set_new(scores, "document_removed_with_badwords", json_integer(hit));
    if (!hit || (p->cb_keep_fraction > 0 &&
                 wn_badwords_uniform((uint64_t)p->cb_seed, d->id) < p->cb_keep_fraction))
        return 1;
    *res = (wn_qresult){"document_removed_with_badwords", 1, p->cb_keep_fraction};
    return 0;
}

static wn_status fs_process(void *self, void *scratch, wn_doc *d)
{
    filter_stage *s = self;
    filter_scratch *c = scratch;
    if (d->reject)
        return WN_OK;
    wn_qparams p = s->base;
    const char *iso3 = top_str(d, "lang_iso3"), *lang = top_str(d, "lang");
    const char *key = iso3 && strcmp(iso3, "und") ? iso3 : NULL;
    const wn_fw2_row *row = key ? wn_fw2_find(&s->fw2, key) : NULL;
    int english = !key || !strcmp(key, "eng") || (lang && !strcmp(lang, "en"));
    if (row)
        wn_fpreset_apply_lang(s->preset, row, &p);
    else if (!english && (s->preset == WN_PRESET_NEWS || s->preset == WN_PRESET_FINEWEB2))
        p.gq_nstop = 0; /* the English stop words mean nothing in another language */
    wn_fconfig_apply(&s->cfg, &p);

    json_t *scores = s->annotate ? json_object() : NULL;
    if (s->annotate && !scores)
        return WN_ERR_NOMEM;
    wn_qresult first = {0}, r = {0};
    wn_status st = WN_OK;
    int drop = 0;
#define STEP(call) \
    do { \
        int k_ = (call); \
        if (k_ < 0) { st = WN_ERR_NOMEM; goto done; } \
        if (!k_ && !first.reason) first = r; \
        if (!k_ && !scores) { drop = 1; goto done; } \
    } while (0)

    if (s->preset == WN_PRESET_FINEWEB2 && row && row->language_score) {
        json_t *ls = d->top ? json_object_get(d->top, "lang_score") : NULL;
        if (json_is_number(ls)) {
            double v = json_number_value(ls);
            if (scores)
                json_object_set_new(scores, "fw2_language_score", json_real(v));
            if (v < row->language_score) {
                r = (wn_qresult){"fw2_language_score", v, row->language_score};
                STEP(0);
            }
        }
    }
    if (s->justext && (st = run_justext(s, c, d, lang, scores)) != WN_OK)
        goto done;
    if ((st = join_kept(d, &c->text)) != WN_OK)
        goto done;
    wn_qscratch_pin(c->q, c->text.data, c->text.len);
    if (c->text.len == 0) {
        r = (wn_qresult){"empty", 0, 0};
        STEP(0);
    }
    if ((st = wn_words_split(c->text.data, c->text.len, &c->tok)) != WN_OK)
        goto done;
    if (p.gr_on)
        STEP(wn_gopher_repetition(&p, c->text.data, c->text.len, &c->tok, c->q, &r, scores));
    if (p.gq_on)
        STEP(wn_gopher_quality(&p, c->text.data, c->text.len, &c->tok, c->q, &r, scores));
    wn_tokens *words = &c->tok, counted;
    if (p.c4_on) {
        r = (wn_qresult){0};
        int changed;
        size_t kept_tokens;
        int k = run_c4(s, c, &p, d, &r, scores, &st, &changed, &kept_tokens);
        if (st != WN_OK)
            goto done;
        STEP(k && !(r.reason && !scores));
        /* the kept text again, when the C4 pass removed or rewrote a line.
         * The rules after C4 need no tokens but FineWeb's count (words->n):
         * tokens never cross a line break, so the new text has the kept
         * lines' tokens, counted by run_c4 (v = NULL: nothing may read them) */
        if (changed) {
            if ((st = join_kept(d, &c->text)) != WN_OK)
                goto done;
            wn_qscratch_pin(c->q, c->text.data, c->text.len);
            counted = (wn_tokens){.v = NULL, .n = kept_tokens};
            words = &counted;
        }
    }
    if (p.c4p_on)
        STEP(wn_c4_paragraph(&p, c->text.data, c->text.len, c->q, &r, scores));
    if (p.cb_on && s->bad) {
        int k = run_badwords(s, c, &p, d, lang, &r, scores);
        if (k < 0) {
            st = WN_ERR_NOMEM;
            goto done;
        }
        STEP(k);
    }
    if (p.fw_on)
        STEP(wn_fineweb_quality(&p, c->text.data, c->text.len, words, c->q, &r, scores));
#undef STEP
done:
    wn_qscratch_pin(c->q, NULL, 0); /* no stale length for the next text in this buffer */
    if (st != WN_OK) {
        json_decref(scores);
        return st;
    }
    if (scores) {
        if (first.reason)
            json_object_set_new(scores, "would_reject", json_string(first.reason));
        st = wn_doc_meta_set(d, "quality", scores);
    } else if (drop) {
        reject(d, &first);
    }
    pthread_mutex_lock(&s->mu);
    s->seen++;
    if (drop)
        bump(s->rejects, first.reason);
    else
        s->kept++;
    pthread_mutex_unlock(&s->mu);
    return st;
}

static void fs_stats(void *self, json_t *stats)
{
    filter_stage *s = self;
    json_t *o = json_object(), *rj = json_object(), *ln = json_object();
    if (!o || !rj || !ln) {
        json_decref(o);
        json_decref(rj);
        json_decref(ln);
        return;
    }
    json_object_set_new(o, "preset", json_string(wn_fpreset_name(s->preset)));
    json_object_set_new(o, "seen", json_integer((json_int_t)s->seen));
    json_object_set_new(o, "kept", json_integer((json_int_t)s->kept));
    for (int i = 0; i < MAX_LABELS && s->rejects[i].label; i++)
        json_object_set_new(rj, s->rejects[i].label, json_integer((json_int_t)s->rejects[i].n));
    for (int i = 0; i < MAX_LABELS && s->lines[i].label; i++)
        json_object_set_new(ln, s->lines[i].label, json_integer((json_int_t)s->lines[i].n));
    json_object_set_new(o, "justext_restored", json_integer((json_int_t)s->restored));
    json_object_set_new(o, "rejected", rj);
    json_object_set_new(o, "lines_removed", ln);
    json_object_set_new(stats, "filter", o);
}

const wn_stage_ops wn_stage_filter = {
    .name = "filter",
    .ordered = 0,
    .create = fs_create,
    .scratch_new = fs_scratch_new,
    .scratch_free = fs_scratch_free,
    .process = fs_process,
    .stats = fs_stats,
    .destroy = fs_destroy,
};

/* winnow.h: the effective configuration as text. */
wn_status wn_filter_print_config(const wn_options *opts, char **out, char *err, size_t errsz)
{
    wn_fpreset preset;
    wn_fconfig cfg;
    int annotate;
    *out = NULL;
    WN_TRY(configure(opts, &preset, &cfg, &annotate, err, errsz));
    wn_qparams p;
    wn_fpreset_params(preset, &p);
    wn_fconfig_apply(&cfg, &p);
    wn_buf b = WN_BUF_INIT;
    wn_status st = wn_buf_printf(&b, "# winnow filter configuration (key = value; 0 switches a threshold off)\n"
                                     "preset = %s\n", wn_fpreset_name(preset));
    if (st == WN_OK && (preset == WN_PRESET_FINEWEB2 || preset == WN_PRESET_NEWS))
        st = wn_buf_printf(&b, "# per-language values from fw2_thresholds.tsv replace these for documents "
                               "whose language has a row;\n# keys set in a --config file win over both\n");
    if (st == WN_OK)
        st = wn_fparams_print(&p, &b);
    wn_fconfig_free(&cfg);
    if (st == WN_OK)
        *out = wn_buf_steal(&b);
    wn_buf_free(&b);
    return st;
}
