#include "rules.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>
#include "pytext.h"
#include "punct.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ---- scratch: a hash table of (hash, a, b, count) slots ---------------- */

typedef struct slot {
    uint64_t h;
    uint32_t a, b;   /* payload: byte span or token index/length */
    uint32_t count;
    uint32_t used;
} slot;

typedef struct table {
    slot *v;
    size_t alloc;   /* slots allocated */
    size_t cap, n;  /* slots in use for this round (a power of two) */
    uint32_t round; /* a slot is used when slot.used == round */
} table;

struct wn_qscratch {
    table t;
    wn_span *spans, *spans2;
    size_t nspans, cap1, nspans2, cap2;
    wn_tokens tok;
    wn_buf buf;
    /* GopherRepetitionFilter's n-gram passes, one entry per token */
    uint64_t *th;     /* hash of each token */
    uint64_t *gh;     /* hash of the n-gram at each position */
    uint32_t *coff;   /* offset of each token in cat (nw + 1 entries) */
    uint32_t *cand;   /* candidate positions of the duplicate scans, ascending */
    uint32_t *cpsum;  /* code points of the tokens before each position (nw + 1 entries) */
    uint8_t *flag;
    size_t tok_cap;
    /* the top n-gram bound's buckets (filtering mode only) */
    struct bucket { uint32_t round, sum; } *bk;
    size_t bk_cap;
    uint32_t bk_round; /* a bucket is in use when its round is this one */
    /* the duplicated n-grams' prefix keys */
    struct pslot { uint64_t key; uint32_t round, pos; } *pk;
    size_t pk_cap;
    uint32_t pk_round;
    char *cat;        /* the tokens concatenated, no separator */
    size_t cat_cap;
    /* the pinned text (wn_qscratch_pin) and its length once computed */
    const char *pin_text;
    size_t pin_n, pin_cps;
    int pin_has_cps;
};

void wn_qscratch_pin(wn_qscratch *s, const char *text, size_t n)
{
    s->pin_text = text;
    s->pin_n = n;
    s->pin_has_cps = 0;
}

/* len(text): computed once for a pinned text, else every time. */
static size_t text_len(wn_qscratch *s, const char *text, size_t n)
{
    if (!s->pin_text || s->pin_text != text || s->pin_n != n)
        return wn_py_len(text, n);
    if (!s->pin_has_cps) {
        s->pin_cps = wn_py_len(text, n);
        s->pin_has_cps = 1;
    }
    return s->pin_cps;
}

wn_qscratch *wn_qscratch_new(void)
{
    return calloc(1, sizeof(wn_qscratch));
}

void wn_qscratch_free(wn_qscratch *s)
{
    if (!s)
        return;
    free(s->t.v);
    free(s->th);
    free(s->gh);
    free(s->coff);
    free(s->cand);
    free(s->cpsum);
    free(s->bk);
    free(s->pk);
    free(s->flag);
    free(s->cat);
    free(s->spans);
    free(s->spans2);
    wn_tokens_free(&s->tok);
    wn_buf_free(&s->buf);
    free(s);
}

/* Clears only the slots this round uses, so one huge document does not
 * make every later one pay for its table. */
/* Starts a new round: slots of older rounds count as empty, so nothing
 * is cleared until the round counter wraps. */
static int table_reset(table *t, size_t want)
{
    size_t cap = 64;
    while (cap < want * 2)
        cap *= 2;
    if (cap > t->alloc) {
        free(t->v);
        t->v = calloc(cap, sizeof *t->v);
        if (!t->v) {
            t->alloc = t->cap = 0;
            return 0;
        }
        t->alloc = cap;
        t->round = 0;
    }
    if (++t->round == 0) {
        memset(t->v, 0, t->alloc * sizeof *t->v);
        t->round = 1;
    }
    t->cap = cap;
    t->n = 0;
    return 1;
}

typedef int (*eq_fn)(const void *ctx, const slot *sl, uint32_t a, uint32_t b);

/* Finds the slot of (h, a, b) or inserts it with count 0.  The table is
 * sized for every key up front, so it never fills. */
static slot *table_get(table *t, uint64_t h, uint32_t a, uint32_t b, eq_fn eq, const void *ctx)
{
    size_t mask = t->cap - 1, i = (size_t)h & mask;
    for (;;) {
        slot *sl = &t->v[i];
        if (sl->used != t->round) {
            *sl = (slot){.h = h, .a = a, .b = b, .used = t->round};
            t->n++;
            return sl;
        }
        if (sl->h == h && eq(ctx, sl, a, b))
            return sl;
        i = (i + 1) & mask;
    }
}

static int span_eq(const void *ctx, const slot *sl, uint32_t a, uint32_t b)
{
    return sl->b == b && memcmp((const char *)ctx + sl->a, (const char *)ctx + a, b) == 0;
}

static inline uint64_t load8(const char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return x;
}

static inline uint64_t load4(const char *p)
{
    uint32_t x;
    memcpy(&x, p, 4);
    return x;
}

/* A hash of the bytes p[0, len) from a few samples of them: the length,
 * the first, middle and last eight bytes (fewer when shorter).  Equal
 * ranges hash equal; the tables compare the bytes on a hash match, so
 * ranges that differ only elsewhere cost a memcmp, never a wrong answer.
 * O(1) per range, where a hash of every byte cost ~3 instructions a byte
 * on lines and n-grams of this size. */
static inline uint64_t span_hash(const char *p, size_t len)
{
    uint64_t x, y, z = 0;
    if (len >= 8) {
        x = load8(p);
        y = load8(p + len - 8);
        if (len > 16)
            z = load8(p + len / 2 - 4);
    } else if (len >= 4) {
        x = load4(p);
        y = load4(p + len - 4);
    } else {
        x = len ? (unsigned char)p[0] | (unsigned)(unsigned char)p[len / 2] << 8 | (unsigned)(unsigned char)p[len - 1] << 16 : 0;
        y = 0;
    }
    uint64_t h = (x ^ len) * 0x9E3779B97F4A7C15ULL + (y ^ (z >> 7)) * 0xC2B2AE3D27D4EB4FULL + z * 0x165667B19E3779F9ULL;
    return h ^ (h >> 29);
}

/* dups(xs) of §4: repeated elements and their code points. */
static int find_dups(wn_qscratch *s, const char *text, const wn_span *xs, size_t n, size_t *dup_count,
                     size_t *dup_chars)
{
    *dup_count = *dup_chars = 0;
    if (!table_reset(&s->t, n))
        return 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t h = span_hash(text + xs[i].off, xs[i].len);
        slot *sl = table_get(&s->t, h, (uint32_t)xs[i].off, (uint32_t)xs[i].len, span_eq, text);
        if (sl->count++) {
            (*dup_count)++;
            *dup_chars += wn_py_len(text + xs[i].off, xs[i].len);
        }
    }
    return 1;
}

/* ---- reporting ---------------------------------------------------------- */

/* Records a check: value into scores, the first failure into res.  Returns
 * 1 when the caller should stop (failed and not annotating). */
static int check(wn_qresult *res, json_t *scores, const char *label, double value, double thr, int failed)
{
    if (scores) /* labels are ASCII literals: no UTF-8 check */
        json_object_set_new_nocheck(scores, label, json_real(isfinite(value) ? round(value * 1e6) / 1e6 : 0));
    if (failed && !res->reason) {
        res->reason = label;
        res->value = value;
        res->threshold = thr;
    }
    return failed && !scores;
}

#define CHECK_OR_STOP(label, value, thr, cond) \
    do { if (check(res, scores, label, value, thr, cond)) return 0; } while (0)

void wn_qparams_defaults(wn_qparams *p)
{
    static const char *const en_stop[] = {"the", "be", "to", "of", "and", "that", "have", "with"};
    memset(p, 0, sizeof *p);
    p->gq_on = 1;
    p->gq_min_doc_words = 50;
    p->gq_max_doc_words = 100000;
    p->gq_min_avg_word_length = 3;
    p->gq_max_avg_word_length = 10;
    p->gq_max_symbol_word_ratio = 0.1;
    p->gq_max_bullet_lines_ratio = 0.9;
    p->gq_max_ellipsis_lines_ratio = 0.3;
    p->gq_min_alpha_words_ratio = 0.8;
    p->gq_min_stop_words = 2;
    p->gq_stop_distinct = 1;
    p->gq_nstop = sizeof en_stop / sizeof *en_stop;
    for (size_t i = 0; i < p->gq_nstop; i++)
        strcpy(p->gq_stop[i], en_stop[i]);
    p->gr_on = 1;
    p->gr_dup_para_frac = 0.30;
    p->gr_dup_para_char_frac = 0.20;
    p->gr_dup_line_frac = 0.30;
    p->gr_dup_line_char_frac = 0.20;
    p->gr_top_ngram[0] = 0.20;
    p->gr_top_ngram[1] = 0.18;
    p->gr_top_ngram[2] = 0.16;
    for (int i = 0; i < 6; i++)
        p->gr_dup_ngram[i] = (double[]){0.15, 0.14, 0.13, 0.12, 0.11, 0.10}[i];
    p->c4_on = 1;
    p->c4_max_word_length = 1000;
    p->c4_min_words_per_line = 3;
    p->c4_min_sentences = 5;
    p->c4_remove_citations = p->c4_no_terminal_punct = p->c4_lorem_ipsum = 1;
    p->c4_javascript = p->c4_curly_bracket = p->c4_policy = 1;
    p->c4p_on = 1;
    p->c4p_min_paragraphs = 3;
    p->c4p_min_paragraph_len = 200;
    p->fw_on = 1;
    p->fw_line_punct_thr = 0.12;
    p->fw_short_line_length = 30;
    p->fw_short_line_thr = 0.67;
    p->fw_char_dup_ratio = 0.01;
    p->fw_new_line_ratio = 0.3;
}

/* ---- GopherQualityFilter (§3) ------------------------------------------ */

static size_t count_sub(const char *s, size_t n, const char *sub)
{
    size_t k = strlen(sub), c = 0;
    for (size_t i = 0; i + k <= n;) {
        const char *p = memchr(s + i, sub[0], n - i);
        if (!p || (size_t)(p - s) + k > n)
            break;
        i = (size_t)(p - s);
        if (memcmp(p, sub, k) == 0) {
            c++;
            i += k;
        } else {
            i++;
        }
    }
    return c;
}

/* A dot or 0xE2 byte at p for count_marks: *run dots end at *run_end;
 * *bullets counts U+2022 after a byte that may end a space (below). */
static inline void ellipsis_step(const char *s, size_t n, size_t p, size_t *c, size_t *run, size_t *run_end,
                                 size_t *bullets)
{
    if (s[p] == '.') {
        if (p != *run_end) {
            *c += *run / 3;
            *run = 0;
        }
        (*run)++;
        *run_end = p + 1;
    } else if (p + 2 < n && (unsigned char)s[p + 1] == 0x80) {
        *c += (unsigned char)s[p + 2] == 0xA6;
        *bullets += (unsigned char)s[p + 2] == 0xA2 && (p == 0 || (signed char)s[p - 1] <= 0x20);
    }
}

/* Counts of the text for Gopher quality, in one pass: ellipses, i.e.
 * text.count("...") + text.count("\u2026") as count_sub() counts them
 * (str.count does not overlap, so a run of k dots holds k / 3 of "...");
 * bullet marks, '-' or U+2022 at the start or after a byte that may be
 * the last of a str.isspace() code point or line break (as a signed char
 * at most 0x20: ASCII spaces and controls, every non-ASCII byte); and LF
 * bytes.  Dots and 0xE2 bytes (the first of U+2026 and U+2022) are looked
 * for sixteen bytes at a time; '-' and LF are counted in byte lanes. */
typedef struct text_marks {
    size_t ellipses, bullets, lfs;
} text_marks;

static inline __attribute__((always_inline)) text_marks count_marks_in(const char *s, size_t n, int all)
{
    size_t c = 0, run = 0, run_end = 0, i = 0, bullets = 0, lfs = 0;
    if (n && (s[0] == '.' || (unsigned char)s[0] == 0xE2)) /* the first byte: no byte before it */
        ellipsis_step(s, n, 0, &c, &run, &run_end, &bullets);
    bullets += n && s[0] == '-';
    lfs += n && s[0] == '\n';
    i = 1;
#if defined(__SSE2__)
    const __m128i dot = _mm_set1_epi8('.'), e2 = _mm_set1_epi8((char)0xE2), zero = _mm_setzero_si128();
    const __m128i dash = _mm_set1_epi8('-'), lf = _mm_set1_epi8('\n'), sp = _mm_set1_epi8(0x21);
    while (i + 16 <= n) {
        /* byte lanes count to at most 255 per round */
        __m128i nd = zero, nl = zero;
        for (int k = 0; k < 255 && i + 16 <= n; k++, i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i prev = _mm_loadu_si128((const __m128i *)(const void *)(s + i - 1));
            unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, dot), _mm_cmpeq_epi8(v, e2)));
            if (all) {
                nd = _mm_sub_epi8(nd, _mm_and_si128(_mm_cmpeq_epi8(v, dash), _mm_cmplt_epi8(prev, sp)));
                nl = _mm_sub_epi8(nl, _mm_cmpeq_epi8(v, lf));
            }
            for (; m; m &= m - 1)
                ellipsis_step(s, n, i + (size_t)__builtin_ctz(m), &c, &run, &run_end, &bullets);
        }
        __m128i sd = _mm_sad_epu8(nd, zero), sl = _mm_sad_epu8(nl, zero);
        bullets += (size_t)_mm_cvtsi128_si32(sd) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sd, 8));
        lfs += (size_t)_mm_cvtsi128_si32(sl) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sl, 8));
    }
#endif
    for (; i < n; i++) {
        if (s[i] == '.' || (unsigned char)s[i] == 0xE2)
            ellipsis_step(s, n, i, &c, &run, &run_end, &bullets);
        bullets += s[i] == '-' && (signed char)s[i - 1] <= 0x20;
        lfs += s[i] == '\n';
    }
    return (text_marks){c + run / 3, bullets, lfs};
}

/* All three counts (filtering mode's line screen), or the ellipses only
 * (annotating: the lines are split anyway; the other two counts are then
 * partial and unused). */
static text_marks count_marks(const char *s, size_t n)
{
    return count_marks_in(s, n, 1);
}

static text_marks count_ellipses(const char *s, size_t n)
{
    return count_marks_in(s, n, 0);
}

/* The stop-word list by length: head[len] is 1 + the first entry of that
 * length (0: none), next[i] 1 + the next one after entry i; each chain in
 * list order, so a look-up finds the first matching entry, as a scan of
 * the list would. */
typedef struct stop_index {
    uint8_t head[48], next[WN_MAX_STOPWORDS];
} stop_index;

static void stop_index_build(const wn_qparams *p, stop_index *x, uint64_t first[4], uint64_t *lens)
{
    memset(x->head, 0, sizeof x->head);
    first[0] = first[1] = first[2] = first[3] = 0;
    *lens = 0;
    for (size_t i = p->gq_nstop; i-- > 0;) { /* backwards: each chain ends in list order */
        size_t len = strlen(p->gq_stop[i]); /* 0..47 */
        unsigned char c = (unsigned char)p->gq_stop[i][0];
        first[c >> 6] |= 1ULL << (c & 63);
        *lens |= 1ULL << len;
        x->next[i] = x->head[len];
        x->head[len] = (uint8_t)(i + 1);
    }
}

/* 1 + the index of the first list entry equal to w[0..n), or 0. */
static int is_stop(const wn_qparams *p, const stop_index *x, const char *w, size_t n)
{
    if (!n || n >= sizeof x->head)
        return 0; /* a list entry is 1..47 bytes */
    for (unsigned k = x->head[n]; k; k = x->next[k - 1])
        if (p->gq_stop[k - 1][0] == w[0] && memcmp(p->gq_stop[k - 1], w, n) == 0)
            return (int)k;
    return 0;
}

int wn_gopher_quality(const wn_qparams *p, const char *text, size_t n, const wn_tokens *words,
                      wn_qscratch *s, wn_qresult *res, json_t *scores)
{
    *res = (wn_qresult){0};
    size_t nw = words->n, nsw = 0, nsw_cps = 0, nalpha = 0;
    for (size_t i = 0; i < nw; i++) {
        const wn_token *t = &words->v[i];
        if (t->nonsym) {
            nsw++;
            nsw_cps += t->cps;
        }
        nalpha += t->alpha;
    }
    CHECK_OR_STOP("gopher_short_doc", (double)nsw, p->gq_min_doc_words,
                  nw == 0 || (p->gq_min_doc_words && (double)nsw < p->gq_min_doc_words));
    if (nw == 0) /* §3.1: no tokens at all; the ratios below are undefined */
        return 0;
    CHECK_OR_STOP("gopher_long_doc", (double)nsw, p->gq_max_doc_words,
                  p->gq_max_doc_words && (double)nsw > p->gq_max_doc_words);
    double avg = nsw ? (double)nsw_cps / (double)nsw : NAN; /* numpy mean of [] is nan: no check fires */
    CHECK_OR_STOP("gopher_below_avg_threshold", avg, p->gq_min_avg_word_length,
                  p->gq_min_avg_word_length && avg < p->gq_min_avg_word_length);
    CHECK_OR_STOP("gopher_above_avg_threshold", avg, p->gq_max_avg_word_length,
                  p->gq_max_avg_word_length && avg > p->gq_max_avg_word_length);
    double hashes = (double)count_sub(text, n, "#") / (double)nw;
    CHECK_OR_STOP("gopher_too_many_hashes", hashes, p->gq_max_symbol_word_ratio,
                  p->gq_max_symbol_word_ratio && hashes > p->gq_max_symbol_word_ratio);
    text_marks mk = scores ? count_ellipses(text, n) : count_marks(text, n);
    double ell = (double)mk.ellipses / (double)nw;
    CHECK_OR_STOP("gopher_too_many_ellipsis", ell, p->gq_max_symbol_word_ratio,
                  p->gq_max_symbol_word_ratio && ell > p->gq_max_symbol_word_ratio);
    /* Filtering mode's screen for the two line ratios: a bullet line
     * starts (after lstrip) with its own '-' or U+2022, at the text's
     * start or after a line break or a stripped space, each of which ends
     * in a byte that is at most 0x20 as a signed char; an end-ellipsis
     * line ends (after rstrip) with its own "..." or U+2026 (a run of k >=
     * 3 dots, which holds k / 3 >= 1 of the counted ones; a run never
     * crosses a line break), so bullets <= mk.bullets and endell <=
     * mk.ellipses; every LF ends a line of splitlines() (alone or in
     * "\r\n"), so the lines are at least max(1, mk.lfs).  Division
     * rounded to nearest is monotone in both operands: ratio <= count /
     * that bound.  Where both bounds are at most their thresholds, neither
     * check can fail, and the text is not split. */
    double lines_lb = mk.lfs ? (double)mk.lfs : 1;
    int screened = !scores &&
                   (!p->gq_max_bullet_lines_ratio || (double)mk.bullets / lines_lb <= p->gq_max_bullet_lines_ratio) &&
                   (!p->gq_max_ellipsis_lines_ratio || (double)mk.ellipses / lines_lb <= p->gq_max_ellipsis_lines_ratio);
    if (!screened) {
        if (wn_py_splitlines(text, n, &s->spans, &s->nspans, &s->cap1) != WN_OK)
            return -1;
        size_t bullets = 0, endell = 0;
        for (size_t i = 0; i < s->nspans; i++) {
            size_t b = s->spans[i].off, e = b + s->spans[i].len, b2 = b, e2 = e;
            /* strip only when the line starts or ends with a byte that can
             * begin or end a str.isspace() code point (ASCII space or control,
             * or any non-ASCII byte); otherwise strip changes nothing */
            if (b < e && ((unsigned char)text[b] <= 0x20 || (unsigned char)text[b] >= 0x80))
                wn_py_lstrip(text, &b2, e);
            const char *l = text + b2;
            size_t ln = e - b2;
            if ((ln >= 3 && memcmp(l, "\xE2\x80\xA2", 3) == 0) || (ln >= 1 && l[0] == '-'))
                bullets++;
            if (b < e && ((unsigned char)text[e - 1] <= 0x20 || (unsigned char)text[e - 1] >= 0x80))
                wn_py_rstrip(text, b, &e2);
            l = text + e2;
            ln = e2 - b;
            if (ln >= 3 && (memcmp(l - 3, "...", 3) == 0 || memcmp(l - 3, "\xE2\x80\xA6", 3) == 0))
                endell++;
        }
        double nl = s->nspans ? (double)s->nspans : 1;
        double bl = (double)bullets / nl, el = (double)endell / nl;
        CHECK_OR_STOP("gopher_too_many_bullets", bl, p->gq_max_bullet_lines_ratio,
                      p->gq_max_bullet_lines_ratio && bl > p->gq_max_bullet_lines_ratio);
        CHECK_OR_STOP("gopher_too_many_end_ellipsis", el, p->gq_max_ellipsis_lines_ratio,
                      p->gq_max_ellipsis_lines_ratio && el > p->gq_max_ellipsis_lines_ratio);
    }
    double alpha = (double)nalpha / (double)nw;
    CHECK_OR_STOP("gopher_below_alpha_threshold", alpha, p->gq_min_alpha_words_ratio,
                  p->gq_min_alpha_words_ratio && alpha < p->gq_min_alpha_words_ratio);
    if (p->gq_min_stop_words && p->gq_nstop) {
        size_t stops = 0;
        unsigned char seen[WN_MAX_STOPWORDS] = {0};
        /* screen: first bytes and lengths of the list's entries */
        uint64_t first[4], lens;
        stop_index x;
        stop_index_build(p, &x, first, &lens);
        for (size_t i = 0; i < nw; i++) {
            const wn_token *t = &words->v[i];
            unsigned char c = (unsigned char)text[t->off];
            if (t->len >= 64 || !(lens >> t->len & 1) || !(first[c >> 6] >> (c & 63) & 1))
                continue; /* no entry has this length or first byte */
            /* filtering needs only "fewer than gq_min_stop_words": stop there */
            if (!scores && (double)stops >= p->gq_min_stop_words)
                break;
            int k = is_stop(p, &x, text + t->off, t->len);
            if (!k)
                continue;
            if (!p->gq_stop_distinct)
                stops++;
            else if (!seen[k - 1]) {
                seen[k - 1] = 1;
                stops++;
            }
        }
        CHECK_OR_STOP("gopher_enough_stop_words", (double)stops, p->gq_min_stop_words,
                      (double)stops < p->gq_min_stop_words);
    }
    return res->reason == NULL;
}

/* ---- GopherRepetitionFilter (§4) --------------------------------------- */

/* text.strip() split on \n{2,} */
static int split_paragraphs(wn_qscratch *s, const char *text, size_t n)
{
    size_t b = 0, e = n;
    wn_py_strip(text, &b, &e);
    s->nspans2 = 0;
    size_t start = b, j = b;
    while (j < e) {
        const char *lf = memchr(text + j, '\n', e - j);
        if (!lf)
            break;
        j = (size_t)(lf - text);
        if (j + 1 < e && text[j + 1] == '\n') {
            size_t k = j;
            while (k < e && text[k] == '\n')
                k++;
            wn_span sp = {start, j - start};
            if (s->nspans2 == s->cap2) {
                size_t c = s->cap2 ? s->cap2 * 2 : 64;
                wn_span *q = realloc(s->spans2, c * sizeof *q);
                if (!q)
                    return 0;
                s->spans2 = q;
                s->cap2 = c;
            }
            s->spans2[s->nspans2++] = sp;
            start = j = k;
            continue;
        }
        j++;
    }
    if (s->nspans2 == s->cap2) {
        size_t c = s->cap2 ? s->cap2 * 2 : 64;
        wn_span *q = realloc(s->spans2, c * sizeof *q);
        if (!q)
            return 0;
        s->spans2 = q;
        s->cap2 = c;
    }
    s->spans2[s->nspans2++] = (wn_span){start, e - start};
    return 1;
}

/* text split on \n+ (not stripped) */
static int split_lines_plus(wn_qscratch *s, const char *text, size_t n)
{
    if (wn_py_split_lf(text, n, &s->spans, &s->nspans, &s->cap1) != WN_OK)
        return 0;
    /* drop the empty pieces between consecutive LFs, keep the two ends */
    size_t out = 0;
    for (size_t i = 0; i < s->nspans; i++)
        if (s->spans[i].len || i == 0 || i == s->nspans - 1)
            s->spans[out++] = s->spans[i];
    s->nspans = out;
    return 1;
}

/* Byte ranges of cat, for the concatenation keys of §4's duplicated
 * n-grams: equality of the n-grams joined without separator is equality
 * of these ranges. */
static int cat_eq(const void *ctx, const slot *sl, uint32_t a, uint32_t b)
{
    return sl->b == b && memcmp((const char *)ctx + sl->a, (const char *)ctx + a, b) == 0;
}

static uint64_t load_le(const char *p, size_t k)
{
    uint64_t x = 0;
    memcpy(&x, p, k);
    return x;
}

/* n-grams of g tokens at two positions: equal token by token (equal
 * lengths and bytes in cat, which holds the tokens at coff[]). */
typedef struct ngram_ctx {
    const char *cat;
    const uint32_t *coff;
    uint32_t g;
} ngram_ctx;

static int ngram_eq(const void *vctx, const slot *sl, uint32_t a, uint32_t b)
{
    const ngram_ctx *c = vctx;
    (void)b;
    for (uint32_t k = 0; k < c->g; k++) {
        uint32_t x = c->coff[sl->a + k], lx = c->coff[sl->a + k + 1] - x;
        uint32_t y = c->coff[a + k], ly = c->coff[a + k + 1] - y;
        if (lx != ly || memcmp(c->cat + x, c->cat + y, lx) != 0)
            return 0;
    }
    return 1;
}

/* A hash of a token of len bytes whose first 16 bytes (or fewer, then
 * anything after them) are lo and hi, as loaded from memory (in the host's
 * byte order): the bytes past len are masked off,
 * so equal tokens hash equal whatever follows them.  Longer tokens are
 * hashed whole from p. */
static inline uint64_t token_hash(const char *p, uint64_t lo, uint64_t hi, uint32_t len)
{
    /* the bytes of the first and second word that belong to a token of len bytes */
    static const uint64_t mlo[17] = {0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFF, 0xFFFFFFFFFFFF,
                                     0xFFFFFFFFFFFFFF, ~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL, ~0ULL};
    static const uint64_t mhi[17] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFF,
                                     0xFFFFFFFFFFFF, 0xFFFFFFFFFFFFFF, ~0ULL};
    if (len > 16)
        return XXH3_64bits(p, len);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    /* the masks keep the token's bytes where they are the low-order ones */
    lo = __builtin_bswap64(lo);
    hi = __builtin_bswap64(hi);
#endif
    uint64_t h = ((lo & mlo[len]) ^ len) * 0x9E3779B97F4A7C15ULL + (hi & mhi[len]) * 0xC2B2AE3D27D4EB4FULL;
    return h ^ (h >> 29);
}

/* Length of the prefix key of the duplicated-n-gram prefilter (bytes). */
#define PREFIX_KEY 12

/* Grows the per-token arrays to nw tokens and cat to `bytes`. */
static int rep_arrays(wn_qscratch *s, size_t nw, size_t bytes)
{
    if (nw + 1 > s->tok_cap) {
        size_t cap = nw + 1;
        uint32_t **arrays[] = {&s->coff, &s->cand, &s->cpsum};
        for (size_t a = 0; a < sizeof arrays / sizeof *arrays; a++) {
            uint32_t *q = realloc(*arrays[a], cap * sizeof *q);
            if (!q)
                return 0;
            *arrays[a] = q;
        }
        uint64_t **wide[] = {&s->th, &s->gh};
        for (size_t a = 0; a < sizeof wide / sizeof *wide; a++) {
            uint64_t *q = realloc(*wide[a], cap * sizeof *q);
            if (!q)
                return 0;
            *wide[a] = q;
        }
        uint8_t *f = realloc(s->flag, cap);
        if (!f)
            return 0;
        s->flag = f;
        s->tok_cap = cap;
    }
    if (bytes + 16 > s->cat_cap) {
        char *q = realloc(s->cat, bytes + 16);
        if (!q)
            return 0;
        s->cat = q;
        s->cat_cap = bytes + 16;
    }
    return 1;
}

/* Token length in code points of the g tokens at i, plus the g-1 spaces
 * of " ".join (§4's top n-gram length). */
static size_t ngram_len(const wn_token *w, size_t i, uint32_t g)
{
    size_t len = g - 1;
    for (uint32_t k = 0; k < g; k++)
        len += w[i + k].cps;
    return len;
}

/* Filtering mode's screen for the top n-grams (g = 2, 3, 4): one pass, no
 * comparisons, gives B >= count(X) * len(X) for every g-gram X of the
 * text, where len is §4's (code points of the tokens plus g - 1 spaces).
 * Each position i < nw - 1 goes to the bucket of a hash of (th[i],
 * th[i + 1]), its first two tokens; the bucket sums m(i), the length of
 * the longest n-gram (at most 4 tokens) that starts at i.  Proof: the c
 * occurrences of a g-gram X start at c distinct positions whose first two
 * tokens are X's first two (g >= 2), so all in X's bucket, and at each of
 * them len(X) = len_g(i) <= m(i).  So c * len(X) <= the sum of m over
 * X's occurrences <= its bucket's sum <= B, the largest sum (sums only
 * grow, so the running maximum sees each bucket's final one).  The
 * check's value is len * count / L, or 0 (news' minimum count), both
 * exact integers below 2^53 divided by L > 0, which is monotone: value <=
 * B / L.  So B / L <= thr proves the check passes.  Returns 1 when it
 * proves that for every check that is on, 0 when not (the exact passes
 * decide), -1 out of memory. */
static __attribute__((noinline)) int top_screen(const wn_qparams *p, wn_qscratch *s, size_t nw, double L)
{
    const uint32_t *cps = s->cpsum;
    /* every sum is at most that of all m: 4 * code points + 3 * positions */
    if (4 * (uint64_t)cps[nw] + 3 * (uint64_t)nw >= UINT32_MAX)
        return 0;
    size_t cap = 64;
    unsigned bits = 6;
    while (cap < 4 * nw)
        cap *= 2, bits++;
    /* buckets of older rounds count as empty (no clearing per text) */
    if (cap > s->bk_cap) {
        free(s->bk);
        s->bk = calloc(cap, sizeof *s->bk);
        s->bk_cap = s->bk ? cap : 0;
        if (!s->bk)
            return -1;
        s->bk_round = 0;
    }
    if (++s->bk_round == 0) {
        memset(s->bk, 0, s->bk_cap * sizeof *s->bk);
        s->bk_round = 1;
    }
    const uint32_t round = s->bk_round;
    const uint64_t *th = s->th;
    struct bucket *bk = s->bk;
    const unsigned shift = 64 - bits;
    uint32_t best = 0;
    for (size_t i = 0; i + 1 < nw; i++) {
        /* m: the longest n-gram at i, four tokens but near the end */
        uint32_t m = i + 4 <= nw ? cps[i + 4] - cps[i] + 3 : cps[nw] - cps[i] + (uint32_t)(nw - i - 1);
        uint64_t h = (th[i] ^ (th[i + 1] << 23 | th[i + 1] >> 41)) * 0x9E3779B97F4A7C15ULL;
        struct bucket *b = &bk[h >> shift];
        uint32_t sum = (b->round == round ? b->sum : 0) + m;
        b->round = round;
        b->sum = sum;
        best = sum > best ? sum : best;
    }
    for (size_t g = 2; g <= 4 && g <= nw; g++) {
        double thr = p->gr_top_ngram[g - 2];
        if (thr && !((double)best / L <= thr))
            return 0;
    }
    return 1;
}

int wn_gopher_repetition(const wn_qparams *p, const char *text, size_t n, const wn_tokens *words,
                         wn_qscratch *s, wn_qresult *res, json_t *scores)
{
    *res = (wn_qresult){0};
    double L = (double)text_len(s, text, n);
    if (L == 0) {
        check(res, scores, "empty", 0, 0, 1);
        return 0;
    }
    size_t dc, dch;
    if (!split_paragraphs(s, text, n) || !find_dups(s, text, s->spans2, s->nspans2, &dc, &dch))
        return -1;
    double v = (double)dc / (double)s->nspans2;
    CHECK_OR_STOP("dup_para_frac", v, p->gr_dup_para_frac, p->gr_dup_para_frac && v > p->gr_dup_para_frac);
    v = (double)dch / L;
    CHECK_OR_STOP("dup_para_char_frac", v, p->gr_dup_para_char_frac,
                  p->gr_dup_para_char_frac && v > p->gr_dup_para_char_frac);
    if (!split_lines_plus(s, text, n) || !find_dups(s, text, s->spans, s->nspans, &dc, &dch))
        return -1;
    v = (double)dc / (double)s->nspans;
    CHECK_OR_STOP("dup_line_frac", v, p->gr_dup_line_frac, p->gr_dup_line_frac && v > p->gr_dup_line_frac);
    v = (double)dch / L;
    CHECK_OR_STOP("dup_line_char_frac", v, p->gr_dup_line_char_frac,
                  p->gr_dup_line_char_frac && v > p->gr_dup_line_char_frac);
    static const char *const top_labels[] = {"top_2_gram", "top_3_gram", "top_4_gram"};
    static const char *const dup_labels[] = {"duplicated_5_n_grams", "duplicated_6_n_grams",
                                             "duplicated_7_n_grams", "duplicated_8_n_grams",
                                             "duplicated_9_n_grams", "duplicated_10_n_grams"};
    const wn_token *w = words->v;
    size_t nw = words->n;
    /* the tokens are disjoint pieces of text: cat needs at most n bytes */
    if (!rep_arrays(s, nw, n))
        return -1;
    int top_on = 0;
    for (int k = 0; k < 3; k++)
        top_on |= p->gr_top_ngram[k] != 0;
    /* cat: the tokens joined without separator; coff[i]: token i in cat;
     * cpsum[i]: the code points of the tokens before i; th[i]: token i's
     * hash, for the top n-grams */
    char *cat = s->cat;
    size_t o = 0, j = 0;
    uint32_t cp = 0;
    /* tokens with 16 bytes of text from their start: a short token as two
     * 8-byte moves (the bytes after it are overwritten by the next token
     * or are cat's slack), hashed from the same two words */
    size_t jmax = nw; /* offsets grow: the tokens without 16 bytes after them are the last */
    while (jmax > 0 && w[jmax - 1].off + 16 > n)
        jmax--;
    /* the arrays through locals: the stores into cat may alias s */
    uint32_t *coff = s->coff, *cpsum = s->cpsum;
    uint64_t *th = s->th;
    for (; j < jmax; j++) {
        const char *src = text + w[j].off;
        uint32_t len = w[j].len;
        coff[j] = (uint32_t)o;
        cpsum[j] = cp;
        cp += w[j].cps;
        uint64_t lo = load8(src), hi = load8(src + 8);
        if (len <= 16) {
            memcpy(cat + o, &lo, 8);
            memcpy(cat + o + 8, &hi, 8);
        } else {
            memcpy(cat + o, src, len);
        }
        if (top_on)
            th[j] = token_hash(src, lo, hi, len);
        o += len;
    }
    /* the last few: copied, then read from cat (16 bytes of slack) */
    for (; j < nw; j++) {
        coff[j] = (uint32_t)o;
        cpsum[j] = cp;
        cp += w[j].cps;
        memcpy(cat + o, text + w[j].off, w[j].len);
        if (top_on)
            th[j] = token_hash(cat + o, load8(cat + o), load8(cat + o + 8), w[j].len);
        o += w[j].len;
    }
    s->coff[nw] = (uint32_t)o;
    s->cpsum[nw] = cp;
    memset(cat + o, 0, 16);

    /* Top n-grams (§4, Counter over " ".join of g tokens): equal n-grams
     * are equal token sequences.  A g-gram is hashed from its (g-1)-gram
     * prefix and its last token, and compared token by token when hashes
     * match.  A g-gram can repeat only where its (g-1)-gram prefix
     * repeats, so the 3- and 4-gram passes visit only those positions;
     * every other n-gram occurs once.  Counter.most_common(1) is the
     * highest count, ties to the n-gram seen first (the smallest first
     * position); with no count above 1, the n-gram at 0.  When filtering
     * (no scores), top_screen first tries to prove that no check can fail. */
    int top_exact = top_on && nw >= 2;
    if (top_exact && !scores) {
        int k = top_screen(p, s, nw, L);
        if (k < 0)
            return -1;
        top_exact = !k;
    }
    if (top_exact) {
        size_t nflag = nw; /* positions the pass visits */
        for (uint32_t g = 2; g <= 4 && nw >= g; g++) {
            if (!table_reset(&s->t, nflag))
                return -1;
            nflag = 0;
            ngram_ctx ctx = {cat, s->coff, g};
            /* In: flag[i], the (g-1)-gram at i repeats (every position for
             * g = 2).  Out: flag[i], the g-gram at i repeats: set at its
             * second and later occurrences, and at its first when the
             * second comes (flag[first] is read before it is written:
             * first < i).  gh[i]: the hash of the g-gram at i, from the
             * (g-1)-gram's and the last token's; equal hashes are
             * compared token by token.  The best as Counter.most_common(1)
             * sees it: comparing at each count increment keeps the highest
             * count with the smallest first position (as before branch g4). */
            size_t best_count = 1, best_first = 0;
            for (size_t i = 0; i + g <= nw; i++) {
                if (g > 2 && !s->flag[i]) {
                    /* most positions are not candidates: skip eight clear flags at a time */
                    uint64_t f8;
                    while (i + 8 + g <= nw && (memcpy(&f8, s->flag + i + 1, 8), f8 == 0))
                        i += 8;
                    continue;
                }
                uint64_t h = ((g == 2 ? s->th[i] : s->gh[i]) ^ s->th[i + g - 1]) * 0x9E3779B97F4A7C15ULL;
                h ^= h >> 31;
                s->gh[i] = h;
                slot *sl = table_get(&s->t, h, (uint32_t)i, 0, ngram_eq, &ctx);
                uint32_t c = ++sl->count;
                s->flag[i] = c > 1;
                if (c == 2) {
                    s->flag[sl->a] = 1;
                    nflag++;
                }
                nflag += c > 1;
                if (c > best_count || (c == best_count && c > 1 && sl->a < best_first)) {
                    best_count = c;
                    best_first = sl->a;
                }
            }
            /* positions past nw - g have no g-gram: not candidates for g + 1 */
            for (size_t i = nw - g + 1; i < nw; i++)
                s->flag[i] = 0;
            double thr = p->gr_top_ngram[g - 2];
            if (!thr)
                continue;
            v = (double)ngram_len(w, best_first, g) * (double)best_count / L;
            if (p->gr_top_ngram_min_count && (double)best_count < p->gr_top_ngram_min_count)
                v = 0; /* news preset: an n-gram that does not repeat is no repetition */
            CHECK_OR_STOP(top_labels[g - 2], v, thr, v > thr);
        }
    }

    /* Duplicated n-grams (§4's find_all_duplicate, n = 5..10): a greedy
     * scan that looks each n-gram up among those added so far, with
     * equality of the tokens joined without separator, i.e. of cat ranges.
     * Prefilter: where two such n-grams are equal and at least PREFIX_KEY
     * bytes long, the PREFIX_KEY bytes of cat from both positions are
     * equal.  So a position whose first PREFIX_KEY bytes occur at no
     * earlier position cannot find its n-gram (nothing equal was added),
     * and one whose bytes occur at no later position need not add it
     * (nothing later can look it up), unless its 5-gram is shorter than
     * PREFIX_KEY (then always a candidate).  A position that is neither
     * only advances the scan by one, as in datatrove.  The bytes are keyed
     * by a 64-bit hash: a collision only adds candidates. */
    int any_dup = 0;
    for (int k = 0; k < 6; k++)
        any_dup |= p->gr_dup_ngram[k] != 0;
    if (!any_dup || nw < 5)
        return res->reason == NULL;
    /* flag[i]: the PREFIX_KEY bytes at i occur at another position too:
     * bit 1 at the second occurrence for the first, bits 1 and 2 at each
     * later one (bit 2: an earlier position has the bytes, so the scan may
     * find an n-gram here); offsets grow, so the positions with PREFIX_KEY
     * bytes left come first.
     * The keys' own table: a slot is its key and the key's first position */
    size_t total = s->coff[nw], kmax = nw;
    while (kmax > 0 && total - s->coff[kmax - 1] < PREFIX_KEY)
        kmax--;
    size_t pcap = 64;
    unsigned pbits = 6;
    while (pcap < 2 * kmax)
        pcap *= 2, pbits++;
    if (pcap > s->pk_cap) {
        free(s->pk);
        s->pk = calloc(pcap, sizeof *s->pk);
        s->pk_cap = s->pk ? pcap : 0;
        if (!s->pk)
            return -1;
        s->pk_round = 0;
    }
    if (++s->pk_round == 0) {
        memset(s->pk, 0, s->pk_cap * sizeof *s->pk);
        s->pk_round = 1;
    }
    memset(s->flag, 0, nw);
    const uint32_t pround = s->pk_round;
    for (size_t i = 0; i < kmax; i++) {
        const char *b = cat + s->coff[i];
        uint64_t x = load_le(b, 8), y = load_le(b + 8, PREFIX_KEY - 8);
        uint64_t h = (x * 0x9E3779B97F4A7C15ULL) ^ ((y + 0x632BE59BD9B4E019ULL) * 0xC2B2AE3D27D4EB4FULL);
        h ^= h >> 32;
        for (size_t at = h >> (64 - pbits);; at = (at + 1) & (pcap - 1)) {
            struct pslot *sl = &s->pk[at];
            if (sl->round != pround) {
                *sl = (struct pslot){h, pround, (uint32_t)i};
                break;
            }
            if (sl->key == h) {
                s->flag[i] = 3;
                s->flag[sl->pos] |= 1;
                break;
            }
        }
    }
    /* A position whose 5 tokens are shorter than PREFIX_KEY bytes is a
     * candidate too, bits 1 and 2 (only positions with five tokens from
     * them start an n-gram the scans look at: lim of them).  Setting flag
     * where the 32-bit difference is negative as a signed number adds
     * candidates only. */
    size_t lim = nw - 4, x = 0;
#if defined(__SSE2__)
    const __m128i key = _mm_set1_epi32(PREFIX_KEY), both = _mm_set1_epi8(3);
    for (; x + 16 <= lim; x += 16) {
        __m128i m[4];
        for (int k = 0; k < 4; k++) {
            __m128i a = _mm_loadu_si128((const __m128i *)(s->coff + x + 4 * k));
            __m128i b = _mm_loadu_si128((const __m128i *)(s->coff + x + 4 * k + 5));
            m[k] = _mm_cmplt_epi32(_mm_sub_epi32(b, a), key);
        }
        __m128i f = _mm_loadu_si128((const __m128i *)(s->flag + x));
        __m128i sh = _mm_packs_epi16(_mm_packs_epi32(m[0], m[1]), _mm_packs_epi32(m[2], m[3]));
        _mm_storeu_si128((__m128i *)(s->flag + x), _mm_or_si128(f, _mm_and_si128(sh, both)));
    }
#endif
    for (; x < lim; x++)
        s->flag[x] |= s->coff[x + 5] - s->coff[x] < PREFIX_KEY ? 3 : 0;
    /* cand: the candidate positions in order, eight clear flags skipped at once */
    size_t nc = 0;
    for (x = 0; x < lim;) {
        uint64_t f8;
        if (x + 8 <= lim && (memcpy(&f8, s->flag + x, 8), f8 == 0)) {
            x += 8;
            continue;
        }
        s->cand[nc] = (uint32_t)x;
        nc += s->flag[x] != 0;
        x++;
    }
    /* Filtering mode's screen: u[g - 5], the code points of the tokens
     * that the g tokens of some position with bit 2 cover (each counted
     * once).  The scan below adds an n-gram's code points only where it
     * finds the n-gram, at an i <= nw - g, and moves past the g tokens
     * after a find: the found ranges are disjoint.  A find at i has bit 2:
     * the n-gram equals one at an earlier j; if it has PREFIX_KEY bytes or
     * more, so has j's, the keys at j and i are equal and j's (or an
     * earlier position's) was in the table when i's came; if fewer, i's
     * five tokens are fewer still (a short position).  So rep <= u[g - 5] and
     * v = rep / L <= u[g - 5] / L (integers far below 2^53, division by
     * L > 0 is monotone).  Where that is at most the threshold, the check
     * cannot fail and the scan is skipped. */
    size_t u[6] = {0};
    if (!scores) {
        size_t cov[6] = {0};
        for (size_t c = 0; c < nc; c++) {
            size_t i = s->cand[c];
            if (!(s->flag[i] & 2))
                continue;
            for (uint32_t g = 5; g <= 10 && i + g <= nw; g++) {
                size_t from = i > cov[g - 5] ? i : cov[g - 5];
                u[g - 5] += s->cpsum[i + g] - s->cpsum[from];
                cov[g - 5] = i + g;
            }
        }
    }
    for (uint32_t g = 5; g <= 10; g++) {
        double thr = p->gr_dup_ngram[g - 5];
        if (!thr || (!scores && (double)u[g - 5] / L <= thr))
            continue;
        if (!table_reset(&s->t, nc))
            return -1;
        size_t rep = 0, c = 0, i = 0;
        for (;;) {
            while (c < nc && s->cand[c] < i)
                c++;
            if (c == nc || s->cand[c] + g > nw)
                break;
            i = s->cand[c];
            uint32_t off = s->coff[i], len = s->coff[i + g] - off;
            size_t before = s->t.n;
            table_get(&s->t, span_hash(cat + off, len), off, len, cat_eq, cat);
            if (s->t.n == before) {
                rep += s->cpsum[i + g] - s->cpsum[i];
                i += g;
            } else {
                i++;
            }
        }
        v = (double)rep / L;
        CHECK_OR_STOP(dup_labels[g - 5], v, thr, v > thr);
    }
    return res->reason == NULL;
}

/* ---- FineWebQualityFilter (§6) ----------------------------------------- */

static int ends_terminal(const char *s, size_t n, int v1)
{
    if (!n)
        return 0;
    if (v1) {
        char c = s[n - 1];
        return c == '.' || c == '\'' || c == '"' || c == '!' || c == '?';
    }
    size_t i = n - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    size_t j = i;
    return wn_punct_is_terminal(wn_py_next(s, n, &j));
}

int wn_fineweb_quality(const wn_qparams *p, const char *text, size_t n, const wn_tokens *words,
                       wn_qscratch *s, wn_qresult *res, json_t *scores)
{
    *res = (wn_qresult){0};
    if (wn_py_split_lf(text, n, &s->spans, &s->nspans, &s->cap1) != WN_OK)
        return -1;
    /* non-empty lines (after strip) into spans2 */
    s->nspans2 = 0;
    if (s->cap2 < s->nspans) {
        wn_span *q = realloc(s->spans2, s->nspans * sizeof *q);
        if (!q)
            return -1;
        s->spans2 = q;
        s->cap2 = s->nspans;
    }
    for (size_t i = 0; i < s->nspans; i++) {
        size_t b = s->spans[i].off, e = b + s->spans[i].len;
        wn_py_strip(text, &b, &e);
        if (e > b)
            s->spans2[s->nspans2++] = s->spans[i];
    }
    if (s->nspans2 == 0) {
        check(res, scores, "empty", 0, 0, 1);
        return 0;
    }
    const wn_span *lines = p->fw_v1 ? s->spans : s->spans2;
    size_t nl = p->fw_v1 ? s->nspans : s->nspans2, punct = 0, shorts = 0;
    for (size_t i = 0; i < nl; i++) {
        size_t len = lines[i].len;
        punct += ends_terminal(text + lines[i].off, len, p->fw_v1);
        /* a line's code points are at most its bytes and at least a
         * quarter of them: count them only when that decides nothing */
        double sl = p->fw_short_line_length;
        if ((double)len <= sl)
            shorts++;
        else if ((double)len <= 4 * sl)
            shorts += (double)wn_py_len(text + lines[i].off, len) <= sl;
    }
    double v = (double)punct / (double)nl;
    int fail = p->fw_v1 ? v <= p->fw_line_punct_thr
                        : v < p->fw_line_punct_thr && !(v == 0 && p->fw_line_punct_exclude_zero);
    CHECK_OR_STOP("line_punct_ratio", v, p->fw_line_punct_thr, p->fw_line_punct_thr > 0 && fail);
    v = (double)shorts / (double)nl;
    fail = p->fw_v1 ? v >= p->fw_short_line_thr : v > p->fw_short_line_thr;
    CHECK_OR_STOP("short_line_ratio", v, p->fw_short_line_thr, p->fw_short_line_thr && fail);
    size_t dc, dch;
    if (!find_dups(s, text, s->spans2, s->nspans2, &dc, &dch))
        return -1;
    /* split("\n") gave one span more than there are LFs */
    size_t newlines = s->nspans - 1, nolf = text_len(s, text, n) - newlines;
    v = nolf ? (double)dch / (double)nolf : 0;
    fail = p->fw_v1 ? v >= p->fw_char_dup_ratio : v > p->fw_char_dup_ratio;
    CHECK_OR_STOP("char_dup_ratio", v, p->fw_char_dup_ratio, p->fw_char_dup_ratio && fail);
    /* no words: defined as infinitely many newlines per word (drop) */
    v = words->n ? (double)newlines / (double)words->n : INFINITY;
    CHECK_OR_STOP("list_ratio", v, p->fw_new_line_ratio, p->fw_new_line_ratio && v > p->fw_new_line_ratio);
    return res->reason == NULL;
}

/* ---- C4ParagraphFilter (§5.2) ------------------------------------------ */

int wn_c4_paragraph(const wn_qparams *p, const char *text, size_t n, wn_qscratch *s,
                    wn_qresult *res, json_t *scores)
{
    *res = (wn_qresult){0};
    if (wn_py_split_lf(text, n, &s->spans, &s->nspans, &s->cap1) != WN_OK)
        return -1;
    size_t top[3] = {0, 0, 0};
    for (size_t i = 0; i < s->nspans; i++) {
        size_t l = wn_py_len(text + s->spans[i].off, s->spans[i].len);
        if (l > top[0]) {
            top[2] = top[1];
            top[1] = top[0];
            top[0] = l;
        } else if (l > top[1]) {
            top[2] = top[1];
            top[1] = l;
        } else if (l > top[2]) {
            top[2] = l;
        }
    }
    CHECK_OR_STOP("c4_min_paragraphs", (double)s->nspans, p->c4p_min_paragraphs,
                  p->c4p_min_paragraphs && (double)s->nspans < p->c4p_min_paragraphs);
    size_t k = p->c4p_min_paragraphs >= 1 && p->c4p_min_paragraphs <= 3 ? (size_t)p->c4p_min_paragraphs - 1 : 2;
    double v = s->nspans > k ? (double)top[k] : 0;
    CHECK_OR_STOP("c4_min_paragraph_len", v, p->c4p_min_paragraph_len,
                  p->c4p_min_paragraph_len && v < p->c4p_min_paragraph_len);
    return res->reason == NULL;
}

/* ---- C4QualityFilter (§5.1) -------------------------------------------- */

/* spaCy sentencizer: a new sentence starts at a token that follows a
 * terminal-punctuation token and is not one itself. */
static size_t sentences_of(const wn_token *t, size_t n)
{
    size_t count = 0;
    int after_punct = 1;
    for (size_t i = 0; i < n; i++) {
        if (!t[i].term && after_punct)
            count++;
        after_punct = t[i].term;
    }
    if (!count && n)
        count = 1;
    return count;
}

size_t wn_count_sentences(const char *text, size_t n, wn_qscratch *s)
{
    if (wn_words_split(text, n, &s->tok) != WN_OK)
        return 0;
    return sentences_of(s->tok.v, s->tok.n);
}

static int is_citation_digit(int32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0x80 && utf8proc_category(c) == UTF8PROC_CATEGORY_ND);
}

/* Deletes [digits], [edit], [citation needed]; returns 1 when something was removed. */
static int strip_citations(const char *s, size_t n, wn_buf *out)
{
    int changed = 0;
    size_t i = 0, last = 0;
    wn_buf_clear(out);
    while (i < n) {
        const char *br = memchr(s + i, '[', n - i);
        if (!br)
            break;
        i = (size_t)(br - s);
        size_t j = i + 1, end = 0;
        if (n - j >= 5 && memcmp(s + j, "edit]", 5) == 0)
            end = j + 5;
        else if (n - j >= 16 && memcmp(s + j, "citation needed]", 16) == 0)
            end = j + 16;
        else {
            while (j < n) {
                size_t k = j;
                if (!is_citation_digit(wn_py_next(s, n, &k)))
                    break;
                j = k;
            }
            if (j < n && s[j] == ']')
                end = j + 1;
        }
        if (end) {
            wn_buf_append(out, s + last, i - last);
            last = i = end;
            changed = 1;
        } else {
            i++;
        }
    }
    if (changed)
        wn_buf_append(out, s + last, n - last);
    return changed;
}

/* str.lower() can turn a non-ASCII code point into ASCII letters only for
 * U+0130 (-> "i" U+0307) and U+212A KELVIN SIGN (-> "k"); every other
 * code point lower-cases to non-ASCII code points (test_filter_rules
 * checks all of them).  Without those two, the ASCII bytes of lower(line)
 * are the line's ASCII bytes lower-cased, in the same runs between
 * non-ASCII bytes, so a search for an ASCII phrase finds the same matches
 * in the line with only A-Z lower-cased. */
static int lower_makes_ascii(const char *l, size_t n)
{
    for (const char *p = l, *e = l + n; (p = memchr(p, 0xC4, (size_t)(e - p))) != NULL; p++)
        if (p + 1 < e && (unsigned char)p[1] == 0xB0)
            return 1;
    for (const char *p = l, *e = l + n; (p = memchr(p, 0xE2, (size_t)(e - p))) != NULL; p++)
        if (p + 2 < e && (unsigned char)p[1] == 0x84 && (unsigned char)p[2] == 0xAA)
            return 1;
    return 0;
}

enum { PH_LOREM = 1, PH_JAVASCRIPT = 2, PH_POLICY = 4 };

/* s starts with lit (lower-case letters and spaces) once A-Z are taken as
 * a-z: a letter matches its byte | 0x20 (only the two cases of that letter
 * give it), a space only a space. */
static int at(const char *s, size_t n, const char *lit, size_t k)
{
    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        unsigned char b = (unsigned char)s[i];
        if ((lit[i] == ' ' ? b : (unsigned char)(b | 0x20)) != (unsigned char)lit[i])
            return 0;
    }
    return 1;
}

/* The phrases' bits where one starts at q (r bytes left). */
static unsigned phrases_at(const char *q, size_t r)
{
    switch (*q | 0x20) {
    case 'l': return at(q, r, "lorem ipsum", 11) ? PH_LOREM : 0;
    case 'j': return at(q, r, "javascript", 10) ? PH_JAVASCRIPT : 0;
    case 't': return at(q, r, "terms of use", 12) ? PH_POLICY : 0;
    case 'p': return at(q, r, "privacy policy", 14) ? PH_POLICY : 0;
    case 'c': return at(q, r, "cookie policy", 13) ? PH_POLICY : 0;
    case 'u':
        return at(q, r, "uses cookies", 12) || at(q, r, "use of cookies", 14) || at(q, r, "use cookies", 11)
                   ? PH_POLICY : 0;
    default: return 0;
    }
}

/* Wu-Manber skip table over byte pairs, bytes taken | 0x20 (so a pair of
 * the text and one of a phrase that at() could match have the same key;
 * other bytes may share it, which only costs a check).  PH_MIN: the
 * shortest phrase; only the first PH_MIN bytes of each phrase are used.
 * shift[key]: how far a window of PH_MIN bytes whose last pair has this
 * key can move without passing a phrase start; 0: check there. */
#define PH_MIN 10
#define PH_KEY(a, b) ((((unsigned)(unsigned char)(a) | 0x20) << 4 ^ ((unsigned)(unsigned char)(b) | 0x20)) & 4095)
static uint8_t ph_shift[4096];
static pthread_once_t ph_once = PTHREAD_ONCE_INIT;

static void ph_init(void)
{
    static const char *const lits[] = {"lorem ipsum", "javascript", "terms of use", "privacy policy",
                                       "cookie policy", "uses cookies", "use of cookies", "use cookies"};
    memset(ph_shift, PH_MIN - 1, sizeof ph_shift);
    for (size_t k = 0; k < sizeof lits / sizeof *lits; k++)
        for (size_t j = 0; j + 1 < PH_MIN; j++) {
            unsigned key = PH_KEY(lits[k][j], lits[k][j + 1]), sh = PH_MIN - 2 - (unsigned)j;
            if (sh < ph_shift[key])
                ph_shift[key] = (uint8_t)sh;
        }
}

/* Which of C4's phrases occur in str.lower() of the line: "lorem ipsum",
 * "javascript", and the policy phrases "terms of use", "privacy policy",
 * "cookie policy", "uses cookies", "use of cookies", "use cookies" (the
 * same substring tests as one contains() per phrase, in one pass).  Where
 * lower() cannot make ASCII (lower_makes_ascii), the line's bytes with A-Z
 * taken as a-z stand for lower(line).  Phrase starts are checked only
 * where the skip table (ph_shift) cannot move the window. */
static unsigned c4_phrases(const char *s, size_t n)
{
    pthread_once(&ph_once, ph_init);
    unsigned m = 0;
    for (size_t i = 0; i + PH_MIN <= n;) {
        unsigned sh = ph_shift[PH_KEY(s[i + PH_MIN - 2], s[i + PH_MIN - 1])];
        if (sh) {
            i += sh;
            continue;
        }
        m |= phrases_at(s + i, n - i);
        i++;
    }
    return m;
}

const char *wn_c4_line_tok(const wn_qparams *p, const char *line, size_t n, const wn_token *tk, size_t ntk,
                           wn_qscratch *s, wn_buf *rewritten, size_t *sentences, const char **doc_reason)
{
    if (sentences)
        *sentences = 0;
    *doc_reason = NULL;
    wn_buf_clear(rewritten);
    size_t b = 0, e = n;
    wn_py_strip(line, &b, &e);
    const char *l = line + b;
    size_t ln = e - b;
    /* words = line.split(), before citations are removed: the tokenizer's
     * chunks (runs of non-str.isspace() code points), each covered by its
     * tokens; a word's code points are its tokens' */
    /* cps > max_word_length for a whole number cps is cps > floor(max) */
    double mw = p->c4_max_word_length;
    size_t max_cps = mw > 0 && mw < 1e18 ? (size_t)floor(mw) : SIZE_MAX;
    size_t nwords = 0;
    double min_words = p->c4_min_words_per_line;
    if (n <= max_cps) {
        /* no word can be too long: a word's code points are at most its
         * bytes, at most the line's.  The words are counted only as far
         * as the check below needs (a word starts at the first token and
         * at each token that begins a chunk, as in the loop below) */
        if (min_words && ntk) {
            nwords = 1;
            for (size_t i = 1; i < ntk && (double)nwords < min_words; i++)
                nwords += tk[i].chunk;
        }
    } else {
        for (size_t i = 0; i < ntk;) {
            size_t j = i + 1, cps = tk[i].cps;
            while (j < ntk && !tk[j].chunk)
                cps += tk[j++].cps;
            nwords++;
            if (cps > max_cps)
                return "c4_too_long_word";
            i = j;
        }
    }
    int cited = 0;
    if (p->c4_remove_citations && strip_citations(l, ln, rewritten)) {
        l = rewritten->data;
        ln = rewritten->len;
        cited = 1;
    }
    if (p->c4_no_terminal_punct) {
        int ok = ln && (l[ln - 1] == '.' || l[ln - 1] == '?' || l[ln - 1] == '!' || l[ln - 1] == '"' ||
                        l[ln - 1] == '\'');
        if (!ok || wn_py_endswith(l, ln, "..."))
            return "c4_no_terminal_punct";
    }
    if (min_words && (double)nwords < min_words)
        return "c4_too_few_words";
    unsigned found;
    if (lower_makes_ascii(l, ln)) {
        wn_buf_clear(&s->buf);
        if (wn_py_lower(&s->buf, l, ln) != WN_OK)
            return "c4_error";
        found = c4_phrases(s->buf.data ? s->buf.data : "", s->buf.len);
    } else {
        found = c4_phrases(l, ln);
    }
    if (p->c4_lorem_ipsum && (found & PH_LOREM)) {
        *doc_reason = "c4_lorem_ipsum";
        return NULL;
    }
    if (p->c4_javascript && (found & PH_JAVASCRIPT))
        return "c4_javascript";
    if (p->c4_curly_bracket && memchr(l, '{', ln)) {
        *doc_reason = "c4_curly_bracket";
        return NULL;
    }
    if (p->c4_policy && (found & PH_POLICY))
        return "c4_policy";
    /* the stripped line has the line's tokens; a rewritten one is tokenised */
    if (sentences)
        *sentences = cited ? wn_count_sentences(l, ln, s) : sentences_of(tk, ntk);
    if (l == line + b && (b > 0 || e < n)) {
        /* kept stripped: report the stripped text as the rewrite */
        wn_buf_clear(rewritten);
        wn_buf_append(rewritten, l, ln);
    }
    return NULL;
}

const char *wn_c4_line(const wn_qparams *p, const char *line, size_t n, wn_qscratch *s,
                       wn_buf *rewritten, size_t *sentences, const char **doc_reason)
{
    if (wn_words_split(line, n, &s->tok) != WN_OK) {
        *doc_reason = NULL;
        return "c4_error";
    }
    return wn_c4_line_tok(p, line, n, s->tok.v, s->tok.n, s, rewritten, sentences, doc_reason);
}

int wn_c4_quality(const wn_qparams *p, const char *text, size_t n, wn_qscratch *s, wn_buf *out,
                  wn_qresult *res, json_t *scores)
{
    *res = (wn_qresult){0};
    wn_buf_clear(out);
    wn_span *lines = NULL;
    size_t nl = 0, cap = 0, sentences = 0;
    if (wn_py_splitlines(text, n, &lines, &nl, &cap) != WN_OK)
        return -1;
    wn_buf rw = {0};
    int first = 1;
    for (size_t i = 0; i < nl; i++) {
        size_t sc;
        const char *doc_reason;
        const char *why = wn_c4_line(p, text + lines[i].off, lines[i].len, s, &rw, &sc, &doc_reason);
        if (doc_reason) {
            check(res, scores, doc_reason, 1, 0, 1);
            free(lines);
            wn_buf_free(&rw);
            return 0;
        }
        if (why)
            continue;
        sentences += sc;
        if (!first)
            wn_buf_append(out, "\n", 1);
        first = 0;
        if (rw.len)
            wn_buf_append(out, rw.data, rw.len);
        else
            wn_buf_append(out, text + lines[i].off, lines[i].len);
    }
    free(lines);
    wn_buf_free(&rw);
    /* the kept lines are already stripped one by one; strip the join too */
    size_t b = 0, e = out->len;
    if (out->len) {
        wn_py_strip(out->data, &b, &e);
        memmove(out->data, out->data + b, e - b);
        out->len = e - b;
    }
    double v = (double)sentences;
    if (check(res, scores, "c4_too_few_sentences", v, p->c4_min_sentences,
              p->c4_min_sentences && v < p->c4_min_sentences))
        return 0;
    return res->reason == NULL;
}
