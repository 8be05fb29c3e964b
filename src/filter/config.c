#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the key table ----------------------------------------------------- */

enum { K_BOOL, K_NUM, K_STOP };

#define F(name, type, member) {name, type, offsetof(wn_qparams, member)}
static const struct key {
    const char *name;
    int type;
    size_t off;
} keys[] = {
    F("gopher_repetition", K_BOOL, gr_on),
    F("gopher_repetition.dup_para_frac", K_NUM, gr_dup_para_frac),
    F("gopher_repetition.dup_para_char_frac", K_NUM, gr_dup_para_char_frac),
    F("gopher_repetition.dup_line_frac", K_NUM, gr_dup_line_frac),
    F("gopher_repetition.dup_line_char_frac", K_NUM, gr_dup_line_char_frac),
    F("gopher_repetition.top_2_gram", K_NUM, gr_top_ngram[0]),
    F("gopher_repetition.top_3_gram", K_NUM, gr_top_ngram[1]),
    F("gopher_repetition.top_4_gram", K_NUM, gr_top_ngram[2]),
    F("gopher_repetition.top_ngram_min_count", K_NUM, gr_top_ngram_min_count),
    F("gopher_repetition.dup_5_gram", K_NUM, gr_dup_ngram[0]),
    F("gopher_repetition.dup_6_gram", K_NUM, gr_dup_ngram[1]),
    F("gopher_repetition.dup_7_gram", K_NUM, gr_dup_ngram[2]),
    F("gopher_repetition.dup_8_gram", K_NUM, gr_dup_ngram[3]),
    F("gopher_repetition.dup_9_gram", K_NUM, gr_dup_ngram[4]),
    F("gopher_repetition.dup_10_gram", K_NUM, gr_dup_ngram[5]),
    F("gopher_quality", K_BOOL, gq_on),
    F("gopher_quality.min_doc_words", K_NUM, gq_min_doc_words),
    F("gopher_quality.max_doc_words", K_NUM, gq_max_doc_words),
    F("gopher_quality.min_avg_word_length", K_NUM, gq_min_avg_word_length),
    F("gopher_quality.max_avg_word_length", K_NUM, gq_max_avg_word_length),
    F("gopher_quality.max_symbol_word_ratio", K_NUM, gq_max_symbol_word_ratio),
    F("gopher_quality.max_bullet_lines_ratio", K_NUM, gq_max_bullet_lines_ratio),
    F("gopher_quality.max_ellipsis_lines_ratio", K_NUM, gq_max_ellipsis_lines_ratio),
    F("gopher_quality.min_alpha_words_ratio", K_NUM, gq_min_alpha_words_ratio),
    F("gopher_quality.min_stop_words", K_NUM, gq_min_stop_words),
    F("gopher_quality.stop_words_distinct", K_BOOL, gq_stop_distinct),
    F("gopher_quality.stop_words", K_STOP, gq_nstop),
    F("c4_quality", K_BOOL, c4_on),
    F("c4_quality.max_word_length", K_NUM, c4_max_word_length),
    F("c4_quality.min_words_per_line", K_NUM, c4_min_words_per_line),
    F("c4_quality.min_sentences", K_NUM, c4_min_sentences),
    F("c4_quality.remove_citations", K_BOOL, c4_remove_citations),
    F("c4_quality.no_terminal_punct", K_BOOL, c4_no_terminal_punct),
    F("c4_quality.lorem_ipsum", K_BOOL, c4_lorem_ipsum),
    F("c4_quality.javascript", K_BOOL, c4_javascript),
    F("c4_quality.curly_bracket", K_BOOL, c4_curly_bracket),
    F("c4_quality.policy", K_BOOL, c4_policy),
    F("c4_paragraph", K_BOOL, c4p_on),
    F("c4_paragraph.min_paragraphs", K_NUM, c4p_min_paragraphs),
    F("c4_paragraph.min_paragraph_len", K_NUM, c4p_min_paragraph_len),
    F("fineweb_quality", K_BOOL, fw_on),
    F("fineweb_quality.v1", K_BOOL, fw_v1),
    F("fineweb_quality.line_punct_thr", K_NUM, fw_line_punct_thr),
    F("fineweb_quality.line_punct_exclude_zero", K_BOOL, fw_line_punct_exclude_zero),
    F("fineweb_quality.short_line_length", K_NUM, fw_short_line_length),
    F("fineweb_quality.short_line_thr", K_NUM, fw_short_line_thr),
    F("fineweb_quality.char_duplicates_ratio", K_NUM, fw_char_dup_ratio),
    F("fineweb_quality.new_line_ratio", K_NUM, fw_new_line_ratio),
    F("c4_badwords", K_BOOL, cb_on),
    F("c4_badwords.keep_fraction", K_NUM, cb_keep_fraction),
    F("c4_badwords.seed", K_NUM, cb_seed),
};
#define NKEYS (sizeof keys / sizeof keys[0])

static void set_stop_words(wn_qparams *p, const char *list)
{
    p->gq_nstop = 0;
    const char *s = list;
    while (*s && p->gq_nstop < WN_MAX_STOPWORDS) {
        while (*s == ' ' || *s == '\t' || *s == ',')
            s++;
        size_t k = strcspn(s, " \t,");
        if (!k)
            break;
        if (k < sizeof p->gq_stop[0]) {
            memcpy(p->gq_stop[p->gq_nstop], s, k);
            p->gq_stop[p->gq_nstop][k] = 0;
            p->gq_nstop++;
        }
        s += k;
    }
}

/* ---- presets ----------------------------------------------------------- */

int wn_fpreset_parse(const char *s, wn_fpreset *out)
{
    if (strcmp(s, "winnow") == 0) { /* dedup's own scheme (issue 5): the default filters */
        *out = WN_PRESET_NEWS;
        return 1;
    }
    static const char *const names[] = {"none", "news", "fineweb", "fineweb2"};
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (wn_fpreset)i;
            return 1;
        }
    return 0;
}

const char *wn_fpreset_name(wn_fpreset p)
{
    static const char *const names[] = {"none", "news", "fineweb", "fineweb2"};
    return names[p];
}

void wn_fpreset_params(wn_fpreset preset, wn_qparams *p)
{
    wn_qparams_defaults(p);
    switch (preset) {
    case WN_PRESET_NONE:
        p->gq_on = p->gr_on = p->c4_on = p->c4p_on = p->fw_on = 0;
        break;
    case WN_PRESET_FINEWEB: /* examples/fineweb.py, April 2024 code (§6.3) */
        p->gq_stop_distinct = 0;
        p->c4_no_terminal_punct = 0;
        p->c4p_on = 0;
        p->fw_v1 = 1;
        break;
    case WN_PRESET_FINEWEB2: /* fineweb-2-pipeline.py (§7.1); no C4 */
        p->gr_dup_para_frac = p->gr_dup_para_char_frac = p->gr_dup_line_char_frac = 0;
        p->fw_short_line_thr = 0; /* 999 in the recipe: never fires */
        p->fw_char_dup_ratio = 0.1;
        p->gq_stop_distinct = 0;  /* FineWeb-2 ran before datatrove PR #329 */
        p->c4_on = p->c4p_on = 0;
        break;
    case WN_PRESET_NEWS:
        /* Document-level rules that catch non-prose (lists of links, tables,
         * spam, scraped-twice pages) but not real news, which is often short
         * (a 15-word brief), has headlines and list items without final
         * punctuation, and numbers:
         *  - no length limits and no stop-word rule (a brief need not hold
         *    2 stop words; the lists exist only for some languages);
         *  - top n-grams count only when they repeat (datatrove fails any
         *    text under ~20 characters on a single 2-gram);
         *  - line-punctuation and short-line rules off (headlines, bullets);
         *  - mean word length from 2 (short plain sentences; lower where
 *    FineWeb-2's row is lower), the maximum and the n-gram repetition
 *    thresholds from the language's row (15 and Gopher's without one);
 *  - alpha-word ratio 0.5 (scores, dates, quotes are tokens);
         *  - char-dup 0.1 as in FineWeb-2 (one repeated credit line is not a
         *    reason to lose the article);
         *  - no C4 line rules: the cleaner and the context pass decide lines. */
        p->gq_min_doc_words = 0;
        p->gq_max_doc_words = 0;
        p->gq_min_stop_words = 0;
        p->gq_min_alpha_words_ratio = 0.5;
        p->gq_min_avg_word_length = 2;  /* "The cat sat on the mat." is 2.8 */
        p->gq_max_avg_word_length = 15;
        p->gr_top_ngram_min_count = 2;
        p->fw_line_punct_thr = 0;
        p->fw_short_line_thr = 0;
        p->fw_char_dup_ratio = 0.1;
        p->c4_on = p->c4p_on = 0;
        break;
    }
}

void wn_fpreset_apply_lang(wn_fpreset preset, const wn_fw2_row *row, wn_qparams *p)
{
    if (!row || (preset != WN_PRESET_FINEWEB2 && preset != WN_PRESET_NEWS))
        return;
    /* Both presets: the language's word-length range and n-gram repetition
     * thresholds (calibrated per language by FineWeb-2; Japanese and Chinese
     * words are 1-2 characters and repeat more). */
    p->gq_max_avg_word_length = row->max_avg;
    for (int i = 0; i < 3; i++)
        p->gr_top_ngram[i] = row->top[i];
    for (int i = 0; i < 6; i++)
        p->gr_dup_ngram[i] = row->dup[i];
    if (preset == WN_PRESET_NEWS) {
        /* news keeps its own ratios and has no stop-word rule; its minimum
         * word length (2) only goes down for the language */
        if (row->min_avg < p->gq_min_avg_word_length)
            p->gq_min_avg_word_length = row->min_avg;
        return;
    }
    p->gq_min_avg_word_length = row->min_avg;
    if (row->stop_words)
        set_stop_words(p, row->stop_words);
    else
        p->gq_nstop = 0;
    p->gr_dup_line_frac = row->dup_line_frac;
    p->fw_line_punct_thr = row->line_punct_thr;
    p->fw_new_line_ratio = row->new_line_ratio;
    p->gq_min_alpha_words_ratio = row->min_alpha;
}

/* ---- FineWeb-2 table --------------------------------------------------- */

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    wn_buf b = WN_BUF_INIT;
    char tmp[65536];
    size_t k;
    while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
        if (wn_buf_append(&b, tmp, k) != WN_OK) {
            fclose(f);
            wn_buf_free(&b);
            return NULL;
        }
    fclose(f);
    *n = b.len;
    return b.data ? b.data : calloc(1, 1);
}

static int row_cmp(const void *a, const void *b)
{
    return strcmp(((const wn_fw2_row *)a)->lang_script, ((const wn_fw2_row *)b)->lang_script);
}

/* Clinger's fast path: -?D[.D] with at most 15 digits is the integer of
 * its digits divided by 10^k (k decimals), both exact doubles, and IEEE
 * division rounds correctly, as strtod() does.  Anything else (exponents,
 * signs, spaces, inf, more digits) and any number not ended by a tab or
 * the end of the string goes to strtod().  About a thirtieth of its cost on
 * fw2_thresholds.tsv's 30,000 numbers. */
double wn_fparse_num(const char *p, char **end)
{
    static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16};
    const char *q = p;
    int neg = *q == '-';
    q += neg;
    uint64_t m = 0;
    int digits = 0, decimals = 0, dot = 0;
    for (;; q++) {
        if (*q >= '0' && *q <= '9') {
            m = m * 10 + (uint64_t)(*q - '0');
            digits++;
            decimals += dot;
        } else if (*q == '.' && !dot) {
            dot = 1;
        } else {
            break;
        }
    }
    if (digits == 0 || digits > 15 || (*q != '\t' && *q != 0))
        return strtod(p, end);
    *end = (char *)q;
    double v = (double)m / pow10[decimals];
    return neg ? -v : v;
}

wn_status wn_fw2_load(wn_fw2_table *t, const char *dir, char *err, size_t errsz)
{
    memset(t, 0, sizeof *t);
    char path[4096];
    size_t n;
    snprintf(path, sizeof path, "%s/filter/fw2_thresholds.tsv", dir);
    char *text = slurp(path, &n);
    if (!text) {
        snprintf(err, errsz, "cannot read %s", path);
        return WN_ERR_DATA;
    }
    size_t cap = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || strncmp(line, "lang_script", 11) == 0)
            continue;
        wn_fw2_row r = {0};
        double *f[] = {&r.language_score, &r.dup_line_frac, &r.line_punct_thr, &r.new_line_ratio,
                       &r.min_avg, &r.max_avg, &r.min_alpha, &r.top[0], &r.top[1], &r.top[2],
                       &r.dup[0], &r.dup[1], &r.dup[2], &r.dup[3], &r.dup[4], &r.dup[5]};
        char *p = line, *tab = strchr(p, '\t');
        if (!tab || (size_t)(tab - p) >= sizeof r.lang_script)
            continue;
        memcpy(r.lang_script, p, (size_t)(tab - p));
        p = tab + 1;
        int ok = 1;
        for (size_t i = 0; i < sizeof f / sizeof *f && ok; i++) {
            char *end;
            *f[i] = wn_fparse_num(p, &end);
            ok = end != p && (*end == '\t' || *end == 0);
            p = *end ? end + 1 : end;
        }
        if (!ok) {
            snprintf(err, errsz, "%s: malformed row for %s", path, r.lang_script);
            free(text);
            wn_fw2_free(t);
            return WN_ERR_DATA;
        }
        if (t->n == cap) {
            cap = cap ? cap * 2 : 2048;
            wn_fw2_row *q = realloc(t->rows, cap * sizeof *q);
            if (!q) {
                free(text);
                wn_fw2_free(t);
                return WN_ERR_NOMEM;
            }
            t->rows = q;
        }
        t->rows[t->n++] = r;
    }
    free(text);
    qsort(t->rows, t->n, sizeof *t->rows, row_cmp);
    snprintf(path, sizeof path, "%s/filter/fw2_stopwords.tsv", dir);
    text = slurp(path, &n);
    if (text) {
        save = NULL;
        for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            char *tab = strchr(line, '\t');
            if (line[0] == '#' || !tab)
                continue;
            *tab = 0;
            wn_fw2_row key = {0};
            snprintf(key.lang_script, sizeof key.lang_script, "%s", line);
            wn_fw2_row *r = bsearch(&key, t->rows, t->n, sizeof *t->rows, row_cmp);
            if (r && !r->stop_words)
                r->stop_words = strdup(tab + 1);
        }
        free(text);
    }
    return WN_OK;
}

void wn_fw2_free(wn_fw2_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->rows[i].stop_words);
    free(t->rows);
    t->rows = NULL;
    t->n = 0;
}

const wn_fw2_row *wn_fw2_find(const wn_fw2_table *t, const char *lang)
{
    static const char *const alias[][2] = {
        {"ara", "arb"}, {"zho", "cmn"}, {"uzb", "uzn"}, {"aze", "azj"}, {"msa", "zsm"},
        {"est", "ekk"}, {"lav", "lvs"}, {"nep", "npi"}, {"swa", "swh"}, {"ori", "ory"}, {"pus", "pbt"},
        {"sqi", "als"}, {"mon", "khk"}, {"yid", "ydd"}, {"kur", "kmr"},
    };
    if (!t->n || !lang || !*lang)
        return NULL;
    char want[16];
    size_t wl = strnlen(lang, sizeof want - 1); /* as snprintf "%s" would cut it, without its cost per document */
    memcpy(want, lang, wl);
    want[wl] = 0;
    if (memchr(want, '_', wl)) {
        wn_fw2_row key;
        snprintf(key.lang_script, sizeof key.lang_script, "%s", want);
        return bsearch(&key, t->rows, t->n, sizeof *t->rows, row_cmp);
    }
    for (int pass = 0; pass < 2; pass++) {
        /* first row "xxx_*" in sorted order */
        size_t lo = 0, hi = t->n, k = strlen(want);
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (strcmp(t->rows[mid].lang_script, want) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < t->n && strncmp(t->rows[lo].lang_script, want, k) == 0 && t->rows[lo].lang_script[k] == '_')
            return &t->rows[lo];
        int found = 0;
        for (size_t i = 0; i < sizeof alias / sizeof *alias && !found; i++)
            if (strcmp(alias[i][0], want) == 0 && strcmp(alias[i][1], want) != 0) {
                snprintf(want, sizeof want, "%s", alias[i][1]);
                found = 1;
            }
        if (!found)
            break;
    }
    return NULL;
}

/* ---- configuration file ------------------------------------------------ */

static int key_find(const char *name)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strcmp(keys[i].name, name) == 0)
            return (int)i;
    return -1;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = 0;
    return s;
}

wn_status wn_fconfig_parse(wn_fconfig *c, const char *text, size_t n, char *err, size_t errsz)
{
    char *copy = malloc(n + 1);
    if (!copy)
        return WN_ERR_NOMEM;
    memcpy(copy, text, n);
    copy[n] = 0;
    wn_status st = WN_OK;
    int lineno = 0;
    char *save = NULL, *p = copy;
    for (char *line = p; line && st == WN_OK; line = save) {
        char *nl = strchr(line, '\n');
        save = nl ? nl + 1 : NULL;
        if (nl)
            *nl = 0;
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        char *s = trim(line);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, errsz, "line %d: expected key = value", lineno);
            st = WN_ERR_ARG;
            break;
        }
        *eq = 0;
        char *k = trim(s), *v = trim(eq + 1);
        if (strcmp(k, "preset") == 0) {
            if (!wn_fpreset_parse(v, &c->preset)) {
                snprintf(err, errsz, "line %d: unknown preset '%s'", lineno, v);
                st = WN_ERR_ARG;
            }
            c->preset_set = 1;
            continue;
        }
        int ki = key_find(k);
        if (ki < 0) {
            snprintf(err, errsz, "line %d: unknown key '%s'", lineno, k);
            st = WN_ERR_ARG;
            break;
        }
        wn_fsetting set = {.field = ki};
        if (keys[ki].type == K_BOOL) {
            if (!strcmp(v, "on") || !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes"))
                set.num = 1;
            else if (!strcmp(v, "off") || !strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no"))
                set.num = 0;
            else {
                snprintf(err, errsz, "line %d: %s expects on or off", lineno, k);
                st = WN_ERR_ARG;
                break;
            }
        } else if (keys[ki].type == K_NUM) {
            char *end;
            errno = 0;
            set.num = strtod(v, &end);
            if (errno || end == v || *end || set.num != set.num) {
                snprintf(err, errsz, "line %d: %s expects a number", lineno, k);
                st = WN_ERR_ARG;
                break;
            }
        } else if (!(set.str = strdup(v))) {
            st = WN_ERR_NOMEM;
            break;
        }
        wn_fsetting *q = realloc(c->v, (c->n + 1) * sizeof *q);
        if (!q) {
            free(set.str);
            st = WN_ERR_NOMEM;
            break;
        }
        c->v = q;
        c->v[c->n++] = set;
    }
    free(copy);
    return st;
}

wn_status wn_fconfig_load(wn_fconfig *c, const char *path, char *err, size_t errsz)
{
    size_t n;
    char *text = slurp(path, &n);
    if (!text) {
        snprintf(err, errsz, "cannot read config file %s", path);
        return WN_ERR_IO;
    }
    char sub[200];
    wn_status st = wn_fconfig_parse(c, text, n, sub, sizeof sub);
    if (st == WN_ERR_ARG)
        snprintf(err, errsz, "%s: %s", path, sub);
    free(text);
    return st;
}

void wn_fconfig_free(wn_fconfig *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i].str);
    free(c->v);
    c->v = NULL;
    c->n = 0;
}

void wn_fconfig_apply(const wn_fconfig *c, wn_qparams *p)
{
    for (size_t i = 0; i < c->n; i++) {
        const struct key *k = &keys[c->v[i].field];
        char *base = (char *)p + k->off;
        if (k->type == K_BOOL)
            *(int *)base = c->v[i].num != 0;
        else if (k->type == K_NUM)
            *(double *)base = c->v[i].num;
        else
            set_stop_words(p, c->v[i].str);
    }
}

wn_status wn_fparams_print(const wn_qparams *p, wn_buf *out)
{
    for (size_t i = 0; i < NKEYS; i++) {
        const char *base = (const char *)p + keys[i].off;
        if (keys[i].type == K_BOOL)
            WN_TRY(wn_buf_printf(out, "%s = %s\n", keys[i].name, *(const int *)base ? "on" : "off"));
        else if (keys[i].type == K_NUM)
            WN_TRY(wn_buf_printf(out, "%s = %.10g\n", keys[i].name, *(const double *)base));
        else {
            WN_TRY(wn_buf_printf(out, "%s =", keys[i].name));
            for (size_t j = 0; j < p->gq_nstop; j++)
                WN_TRY(wn_buf_printf(out, " %s", p->gq_stop[j]));
            WN_TRY(wn_buf_putc(out, '\n'));
        }
    }
    return WN_OK;
}
