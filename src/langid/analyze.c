/* analyze.c: pipeline-mode language identification (see analyze.h).
 *
 * fastText averages one vector over a whole example, so a short caption in
 * another language vanishes inside a long paragraph, and capitals defeat a
 * model trained on mostly lower-case text.  Here each paragraph is cut into
 * script runs (a Cyrillic caption fused to Latin text is found by script
 * alone), long runs are also cut into sentences, each piece is predicted on
 * normalised text, and the document language is a vote of the script runs
 * (and of sentences very confidently in another language) weighted by
 * letters and confidence.  Short pieces keep the document's language unless the
 * model is confident. */
#include "analyze.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/ucd.h"
#include "common/utf8.h"

#define SHORT_CHARS 30       /* a segment with fewer letters keeps the document language... */
#define SHORT_CONFIDENT 0.9f /* ...unless the model is at least this sure */
#define SPLIT_LETTERS 60     /* runs with this many letters are also split into sentences */
#define SENT_CONFIDENT 0.5f  /* a sentence needs this to differ from its run */
#define MIN_RUN_LETTERS 4    /* script runs with fewer letters join a neighbour */

/* ---- normalisation -------------------------------------------------------- */

static int is_url_start(const char *s, size_t n)
{
    return (n >= 7 && !strncmp(s, "http://", 7)) || (n >= 8 && !strncmp(s, "https://", 8)) ||
           (n >= 4 && !strncmp(s, "www.", 4));
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f';
}

wn_status wn_lid_normalize(const char *s, size_t n, wn_buf *out)
{
    /* Written in place: at most 3 bytes out per byte in (a punctuation
     * byte between two spaces; lower case grows a 2-byte letter by 1). */
    WN_TRY(wn_buf_reserve(out, 3 * n + 8));
    const wn_ucd_tables *bmp = wn_ucd_bmp();
    char *o = out->data;
    size_t len = out->len;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c) || c == 0) {
            if (len && o[len - 1] != ' ')
                o[len++] = ' ';
            i++;
            continue;
        }
        /* one whitespace-delimited token */
        size_t b = i;
        while (i < n && !is_space((unsigned char)s[i]) && s[i] != 0)
            i++;
        if (is_url_start(s + b, i - b) || memchr(s + b, '@', i - b))
            continue;
        for (size_t j = b; j < i;) {
            unsigned char x = (unsigned char)s[j];
            if ((x | 32) >= 'a' && (x | 32) <= 'z') {
                o[len++] = (char)(x | 32);
                j++;
                continue;
            }
            int32_t cp = x;
            size_t k = 1;
            if (x >= 0x80)
                k = wn_utf8_next((const unsigned char *)s + j, i - j, &cp);
            if (cp < 0) {
                j += k;
                continue;
            }
            int cls;
            int32_t lower;
            if (bmp && cp < 0x10000) {
                cls = bmp->cls[cp];
                lower = (cp + bmp->lower_delta[cp]) & 0xFFFF;
            } else {
                cls = wn_ucd_class(cp);
                lower = wn_ucd_lower(cp);
            }
            if (cls == WN_UC_DIGIT) { /* Nd: dropped */
                j += k;
                continue;
            }
            int punct = cls == WN_UC_PUNCT; /* a token of its own (measured: +0.7 / +0.6 points) */
            if (punct && len && o[len - 1] != ' ')
                o[len++] = ' ';
            if (lower == cp) {
                wn_utf8_copy(o + len, (const unsigned char *)s + j, k);
                len += k;
            } else {
                len += wn_utf8_encode(lower, o + len);
            }
            if (punct)
                o[len++] = ' ';
            j += k;
        }
    }
    while (len && o[len - 1] == ' ')
        len--;
    out->len = len;
    o[len] = 0;
    return WN_OK;
}

/* ---- scripts ---------------------------------------------------------------- */

enum { SC_COMMON = 0, SC_LATIN, SC_GREEK, SC_CYRILLIC, SC_ARMENIAN, SC_HEBREW, SC_ARABIC,
       SC_SYRIAC, SC_THAANA, SC_THAI, SC_LAO, SC_TIBETAN, SC_MYANMAR, SC_GEORGIAN, SC_HANGUL,
       SC_ETHIOPIC, SC_KHMER, SC_MONGOLIAN, SC_CJK, SC_INDIC = 32, SC_OTHER = 64 };

/* Script of a letter (or mark); SC_COMMON for everything else. */
static int script_of(int32_t cp)
{
    if (wn_ucd_class(cp) != WN_UC_LETTER) /* L* and M* */
        return SC_COMMON;
    if (cp < 0x0250 || (cp >= 0x1E00 && cp < 0x1F00) || (cp >= 0x2C60 && cp < 0x2C80) ||
        (cp >= 0xA720 && cp < 0xA800) || (cp >= 0xFF21 && cp < 0xFF5B))
        return cp >= 0x0300 && cp < 0x0370 ? SC_COMMON : SC_LATIN;
    if (cp >= 0x0300 && cp < 0x0370)
        return SC_COMMON; /* combining diacritics: inherit */
    if ((cp >= 0x0370 && cp < 0x0400) || (cp >= 0x1F00 && cp < 0x2000))
        return SC_GREEK;
    if ((cp >= 0x0400 && cp < 0x0530) || (cp >= 0x1C80 && cp < 0x1C90) ||
        (cp >= 0x2DE0 && cp < 0x2E00) || (cp >= 0xA640 && cp < 0xA6A0))
        return SC_CYRILLIC;
    if (cp >= 0x0530 && cp < 0x0590)
        return SC_ARMENIAN;
    if ((cp >= 0x0590 && cp < 0x0600) || (cp >= 0xFB1D && cp < 0xFB50))
        return SC_HEBREW;
    if ((cp >= 0x0600 && cp < 0x0700) || (cp >= 0x0750 && cp < 0x0780) || (cp >= 0x08A0 && cp < 0x0900) ||
        (cp >= 0xFB50 && cp < 0xFE00) || (cp >= 0xFE70 && cp < 0xFF00))
        return SC_ARABIC;
    if (cp >= 0x0700 && cp < 0x0750)
        return SC_SYRIAC;
    if (cp >= 0x0780 && cp < 0x07C0)
        return SC_THAANA;
    if (cp >= 0x0900 && cp < 0x0E00)
        return SC_INDIC + (cp - 0x0900) / 0x80;
    if (cp >= 0x0E00 && cp < 0x0E80)
        return SC_THAI;
    if (cp >= 0x0E80 && cp < 0x0F00)
        return SC_LAO;
    if (cp >= 0x0F00 && cp < 0x1000)
        return SC_TIBETAN;
    if (cp >= 0x1000 && cp < 0x10A0)
        return SC_MYANMAR;
    if ((cp >= 0x10A0 && cp < 0x1100) || (cp >= 0x1C90 && cp < 0x1CC0))
        return SC_GEORGIAN;
    if ((cp >= 0x1100 && cp < 0x1200) || (cp >= 0x3130 && cp < 0x3190) || (cp >= 0xAC00 && cp < 0xD7B0))
        return SC_HANGUL;
    if (cp >= 0x1200 && cp < 0x13A0)
        return SC_ETHIOPIC;
    if (cp >= 0x1780 && cp < 0x1800)
        return SC_KHMER;
    if (cp >= 0x1800 && cp < 0x18B0)
        return SC_MONGOLIAN;
    if ((cp >= 0x2E80 && cp < 0x2FE0) || (cp >= 0x3040 && cp < 0x3130) || (cp >= 0x31A0 && cp < 0x3200) ||
        (cp >= 0x3400 && cp < 0x4DC0) || (cp >= 0x4E00 && cp < 0xA000) || (cp >= 0xF900 && cp < 0xFB00) ||
        (cp >= 0xFF66 && cp < 0xFFA0) || (cp >= 0x20000 && cp < 0x40000))
        return SC_CJK;
    return SC_OTHER + (cp >> 10);
}

/* ---- work ----------------------------------------------------------------- */

wn_status wn_lid_work_init(wn_lid_work *w, const wn_lid_model *m)
{
    memset(w, 0, sizeof *w);
    w->model = m;
    w->votes = calloc((size_t)wn_lid_model_nlabels(m), sizeof *w->votes);
    w->sum_run = calloc((size_t)wn_ftz_dim(m), sizeof *w->sum_run);
    w->sum_sent = calloc((size_t)wn_ftz_dim(m), sizeof *w->sum_sent);
    if (!w->votes || !w->sum_run || !w->sum_sent)
        return WN_ERR_NOMEM;
    /* a corpus repeats its words across documents: a larger token memo
     * (65,536 tokens, ~10 MB a thread) than line-by-line use needs;
     * measured 9% less CPU for `winnow clean` on 20 MB of the bench corpus */
    return wn_ftz_predictor_new(m, 65536, &w->pred);
}

void wn_lid_work_free(wn_lid_work *w)
{
    wn_lid_predictor_free(w->pred);
    wn_buf_free(&w->norm);
    free(w->segs);
    free(w->paras);
    free(w->votes);
    free(w->sum_run);
    free(w->sum_sent);
    free(w->rv);
    memset(w, 0, sizeof *w);
}

wn_status wn_lid_predict_norm(wn_lid_work *w, const char *s, size_t n, int32_t *label, float *score)
{
    wn_buf_clear(&w->norm);
    WN_TRY(wn_lid_normalize(s, n, &w->norm));
    *label = -1;
    *score = 0.0f;
    if (!w->norm.len)
        return WN_OK;
    int got = 0;
    WN_TRY(wn_ftz_predict(w->pred, w->norm.data, w->norm.len, 1, 1, 0.0f, w->top, &got));
    if (got) {
        *label = w->top[0].label;
        *score = w->top[0].prob;
    }
    return WN_OK;
}

static wn_status push_seg(wn_lid_work *w, size_t para, size_t start, size_t end, size_t letters)
{
    if (w->nsegs == w->segs_cap) {
        size_t cap = w->segs_cap ? w->segs_cap * 2 : 64;
        void *p = realloc(w->segs, cap * sizeof *w->segs);
        if (!p)
            return WN_ERR_NOMEM;
        w->segs = p;
        w->segs_cap = cap;
    }
    wn_lid_seg *g = &w->segs[w->nsegs++];
    memset(g, 0, sizeof *g);
    g->para = para;
    g->start = start;
    g->end = end;
    g->letters = letters;
    g->label = -1;
    return WN_OK;
}

typedef struct run { size_t start, end, letters; int script; } run;

/* Script runs of one paragraph; runs of fewer than MIN_RUN_LETTERS letters
 * join the previous run (or the next, at the start). */
static size_t script_runs(const char *s, size_t n, run *runs, size_t max)
{
    size_t nr = 0, i = 0;
    while (i < n) {
        int32_t cp;
        size_t k = wn_utf8_next((const unsigned char *)s + i, n - i, &cp);
        int sc = cp < 0 ? SC_COMMON : cp < 0x80 ? ((cp | 32) >= 'a' && (cp | 32) <= 'z' ? SC_LATIN : SC_COMMON)
                                               : script_of(cp);
        if (sc != SC_COMMON) {
            if (nr && runs[nr - 1].script == sc) {
                runs[nr - 1].letters++;
                runs[nr - 1].end = i + k;
            } else if (nr < max) {
                if (nr)
                    runs[nr - 1].end = i; /* the gap goes with the earlier run */
                runs[nr].start = nr ? i : 0;
                runs[nr].end = i + k;
                runs[nr].letters = 1;
                runs[nr].script = sc;
                nr++;
            } else {
                runs[nr - 1].letters++;
                runs[nr - 1].end = i + k;
            }
        }
        i += k;
    }
    if (nr)
        runs[nr - 1].end = n;
    /* merge small runs */
    size_t out = 0;
    for (size_t r = 0; r < nr; r++) {
        if (out && (runs[r].letters < MIN_RUN_LETTERS || runs[out - 1].letters < MIN_RUN_LETTERS ||
                    runs[out - 1].script == runs[r].script)) {
            if (runs[out - 1].letters < runs[r].letters)
                runs[out - 1].script = runs[r].script;
            runs[out - 1].end = runs[r].end;
            runs[out - 1].letters += runs[r].letters;
        } else {
            runs[out++] = runs[r];
        }
    }
    return out;
}

static size_t count_letters(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = wn_utf8_next((const unsigned char *)s + i, n - i, &cp);
        if (cp >= 0 && (cp < 0x80 ? ((cp | 32) >= 'a' && (cp | 32) <= 'z') : script_of(cp) != SC_COMMON))
            c++;
        i += k;
    }
    return c;
}

/* Sentence ends: . ! ? ; : … and the CJK full stops, followed by a space
 * (or, for CJK, by anything). */
static size_t sentence_end(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if ((c == '.' || c == '!' || c == '?' || c == ';') && i + 1 < n && s[i + 1] == ' ')
        return i + 1;
    if (c == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x82)
        return i + 3; /* 。 */
    if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBC &&
        ((unsigned char)s[i + 2] == 0x81 || (unsigned char)s[i + 2] == 0x9F))
        return i + 3; /* ！ ？ */
    return 0;
}

static wn_status push_runvote(wn_lid_work *w, int32_t label, float score, size_t letters)
{
    if (w->nrv == w->rv_cap) {
        size_t cap = w->rv_cap ? w->rv_cap * 2 : 32;
        void *p = realloc(w->rv, cap * sizeof *w->rv);
        if (!p)
            return WN_ERR_NOMEM;
        w->rv = p;
        w->rv_cap = cap;
    }
    w->rv[w->nrv++] = (struct wn_lid_runvote){label, score, letters};
    return WN_OK;
}

/* Predicts one piece of normalised-to-be text from its own row sum, and
 * adds that sum (and its row count) to the run's. */
static wn_status predict_piece(wn_lid_work *w, const char *s, size_t n, size_t *nrows, int32_t *label,
                               float *score)
{
    const int32_t *rows;
    int got = 0;
    *label = -1;
    *score = 0.0f;
    *nrows = 0;
    wn_buf_clear(&w->norm);
    WN_TRY(wn_lid_normalize(s, n, &w->norm));
    if (!w->norm.len)
        return WN_OK;
    WN_TRY(wn_ftz_rows(w->pred, w->norm.data, w->norm.len, 1, &rows, nrows));
    size_t dim = (size_t)wn_ftz_dim(w->model);
    memset(w->sum_sent, 0, dim * sizeof *w->sum_sent);
    wn_ftz_add_rows(w->pred, w->sum_sent);
    WN_TRY(wn_ftz_predict_sum(w->pred, w->sum_sent, *nrows, 1, 0.0f, w->top, &got));
    if (got) {
        *label = w->top[0].label;
        *score = w->top[0].prob;
    }
    for (size_t j = 0; j < dim; j++)
        w->sum_run[j] += w->sum_sent[j];
    return WN_OK;
}

/* Predicts one script run: whole, and (when long) by sentence.  With
 * several sentences the run's own prediction comes from the sum of theirs
 * (one "</s>" row instead of one each), so the text is read once. */
static wn_status analyze_run(wn_lid_work *w, size_t para, const char *s, const run *r)
{
    int32_t rl = -1;
    float rp = 0.0f;
    size_t first = w->nsegs;
    if (r->letters >= SPLIT_LETTERS) {
        size_t b = r->start;
        for (size_t i = r->start; i < r->end; i++) {
            size_t e = sentence_end(s, r->end, i);
            if (e) {
                WN_TRY(push_seg(w, para, b, e, count_letters(s + b, e - b)));
                b = e;
            }
        }
        if (b < r->end && w->nsegs > first)
            WN_TRY(push_seg(w, para, b, r->end, count_letters(s + b, r->end - b)));
    }
    if (w->nsegs - first <= 1) {
        w->nsegs = first;
        WN_TRY(wn_lid_predict_norm(w, s + r->start, r->end - r->start, &rl, &rp));
        WN_TRY(push_seg(w, para, r->start, r->end, r->letters));
        w->segs[first].label = rl;
        w->segs[first].score = rp;
        w->segs[first].decided = rl >= 0;
        return push_runvote(w, rl, rp, r->letters);
    }
    size_t dim = (size_t)wn_ftz_dim(w->model), total = 0, nonempty = 0;
    memset(w->sum_run, 0, dim * sizeof *w->sum_run);
    for (size_t g = first; g < w->nsegs; g++) {
        wn_lid_seg *sg = &w->segs[g];
        size_t nr;
        WN_TRY(predict_piece(w, s + sg->start, sg->end - sg->start, &nr, &sg->label, &sg->score));
        total += nr;
        nonempty += nr > 0;
    }
    const float *eos = wn_ftz_eos_row(w->model);
    if (eos && nonempty > 1) {
        for (size_t j = 0; j < dim; j++)
            w->sum_run[j] -= (float)(nonempty - 1) * eos[j];
        total -= nonempty - 1;
    }
    int got = 0;
    WN_TRY(wn_ftz_predict_sum(w->pred, w->sum_run, total, 1, 0.0f, w->top, &got));
    if (got) {
        rl = w->top[0].label;
        rp = w->top[0].prob;
    }
    /* several sentences: each keeps the run's label unless the model says
     * otherwise with confidence (or the run itself was uncertain) */
    for (size_t g = first; g < w->nsegs; g++) {
        wn_lid_seg *sg = &w->segs[g];
        int32_t l = sg->label;
        float p = sg->score;
        int differ_ok = l >= 0 && l != rl &&
                        ((sg->letters >= SHORT_CHARS && p >= SENT_CONFIDENT) || p >= SHORT_CONFIDENT || rp < 0.5f);
        if (differ_ok || l == rl) {
            sg->label = l;
            sg->score = p;
            sg->decided = 1;
        } else {
            sg->label = rl;
            sg->score = rp;
            sg->decided = rl >= 0;
        }
    }
    /* merge neighbouring sentences with the same label */
    size_t out = first;
    for (size_t g = first; g < w->nsegs; g++) {
        if (out > first && w->segs[out - 1].label == w->segs[g].label) {
            wn_lid_seg *a = &w->segs[out - 1], *b2 = &w->segs[g];
            size_t L = a->letters + b2->letters;
            a->score = L ? (a->score * (float)a->letters + b2->score * (float)b2->letters) / (float)L : a->score;
            a->end = b2->end;
            a->letters = L;
            a->decided |= b2->decided;
        } else {
            w->segs[out++] = w->segs[g];
        }
    }
    w->nsegs = out;
    if (out - first == 1) { /* all one language: the whole-run prediction is better */
        w->segs[first].label = rl;
        w->segs[first].score = rp;
    }
    /* the vote: sentences very confidently (0.9) in another language vote
     * for it, the rest of the run for the run's own prediction */
    size_t rest = r->letters;
    for (size_t g = first; g < w->nsegs; g++) {
        const wn_lid_seg *sg = &w->segs[g];
        if (sg->label >= 0 && sg->label != rl && sg->decided && sg->score >= SHORT_CONFIDENT) {
            WN_TRY(push_runvote(w, sg->label, sg->score, sg->letters));
            rest -= sg->letters <= rest ? sg->letters : rest;
        }
    }
    return push_runvote(w, rl, rp, rest);
}

static int32_t vote(wn_lid_work *w, int nlabels, int only_long)
{
    memset(w->votes, 0, (size_t)nlabels * sizeof *w->votes);
    int any = 0;
    /* by script run: a run's own prediction sees all of its text, so a
     * short sentence or caption inside it does not sway the document */
    for (size_t i = 0; i < w->nrv; i++) {
        const struct wn_lid_runvote *v = &w->rv[i];
        if (v->label < 0)
            continue;
        if (only_long && v->letters < SHORT_CHARS && v->score < SHORT_CONFIDENT)
            continue;
        w->votes[v->label] += (double)v->letters * v->score;
        any = 1;
    }
    if (!any)
        return -1;
    int32_t best = 0;
    for (int32_t l = 1; l < nlabels; l++)
        if (w->votes[l] > w->votes[best])
            best = l;
    return best;
}

wn_status wn_lid_analyze(wn_lid_work *w, const wn_lid_model *m, const char *const *texts,
                         const size_t *lens, size_t npara, wn_lid_doc *doc)
{
    int nlabels = wn_lid_model_nlabels(m);
    w->nsegs = 0;
    w->nrv = 0;
    doc->label = -1;
    doc->score = 0.0f;
    doc->npara = npara;
    if (npara > w->paras_cap) {
        void *p = realloc(w->paras, npara * sizeof *w->paras);
        if (!p)
            return WN_ERR_NOMEM;
        w->paras = p;
        w->paras_cap = npara;
    }
    run runs[64];
    for (size_t i = 0; i < npara; i++) {
        size_t nr = script_runs(texts[i], lens[i], runs, sizeof runs / sizeof runs[0]);
        for (size_t r = 0; r < nr; r++)
            WN_TRY(analyze_run(w, i, texts[i], &runs[r]));
    }
    /* the document language: long or confident segments first */
    int32_t dl = vote(w, nlabels, 1);
    if (dl < 0)
        dl = vote(w, nlabels, 0);
    doc->label = dl;
    if (dl < 0) {
        for (size_t i = 0; i < npara; i++)
            w->paras[i] = (wn_lid_para){-1, 0.0f};
        return WN_OK;
    }
    /* unconfident segments, and short ones unless confident, take the
     * document's language */
    double in = 0, total = 0;
    for (size_t g = 0; g < w->nsegs; g++) {
        wn_lid_seg *sg = &w->segs[g];
        if (sg->label < 0)
            continue;
        if (sg->label != dl && (sg->score < SENT_CONFIDENT ||
                                (sg->score < SHORT_CONFIDENT && sg->letters < SHORT_CHARS))) {
            sg->label = dl;
            sg->decided = 0;
            continue;
        }
        total += (double)sg->letters;
        if (sg->label == dl)
            in += (double)sg->letters * sg->score;
    }
    doc->score = total > 0 ? (float)(in / total) : 0.0f;
    /* paragraphs: the label with most letters */
    for (size_t i = 0, g = 0; i < npara; i++) {
        size_t g0 = g;
        while (g < w->nsegs && w->segs[g].para == i)
            g++;
        int32_t best = -1;
        size_t best_letters = 0;
        float best_score = 0.0f;
        for (size_t a = g0; a < g; a++) {
            if (w->segs[a].label < 0)
                continue;
            size_t L = 0;
            double sc = 0;
            for (size_t b = g0; b < g; b++)
                if (w->segs[b].label == w->segs[a].label) {
                    L += w->segs[b].letters;
                    sc += (double)w->segs[b].letters * w->segs[b].score;
                }
            if (best < 0 || L > best_letters) {
                best = w->segs[a].label;
                best_letters = L;
                best_score = L ? (float)(sc / (double)L) : w->segs[a].score;
            }
        }
        w->paras[i] = (wn_lid_para){best, best_score};
    }
    return WN_OK;
}

json_t *wn_lid_topk_json(const wn_lid_work *w, const wn_lid_model *m, const wn_lid_doc *doc, int k)
{
    json_t *arr = json_array();
    if (!arr || doc->label < 0)
        return arr;
    int nlabels = wn_lid_model_nlabels(m);
    double total = 0;
    for (int l = 0; l < nlabels; l++)
        total += w->votes[l];
    int taken[8];
    for (int t = 0; t < k && t < 8; t++) {
        int best = -1;
        for (int l = 0; l < nlabels; l++) {
            int seen = 0;
            for (int u = 0; u < t; u++)
                seen |= taken[u] == l;
            if (!seen && w->votes[l] > 0 && (best < 0 || w->votes[l] > w->votes[best]))
                best = l;
        }
        if (best < 0)
            break;
        taken[t] = best;
        json_t *o = json_object();
        json_object_set_new(o, "lang", json_string(wn_ftz_label_short(m, best)));
        json_object_set_new(o, "score", json_real((double)(int)(w->votes[best] / total * 10000 + 0.5) / 10000));
        json_array_append_new(arr, o);
    }
    return arr;
}
