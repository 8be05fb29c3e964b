/* rules.h: the document quality rules of datatrove, CCNet-free part
 * (quality-rules.md §3-§7), as pure functions of a text.
 *
 * Each rule function returns 1 to keep, 0 to drop; on a drop *res holds the
 * reason label (the spec's label), the measured value and the threshold it
 * crossed.  When `scores` is a JSON object, every check runs (no early exit)
 * and writes its measured value under its label; the return value and *res
 * still describe the first failure.  A threshold of 0 switches that check off
 * (§1); each family also has an on/off switch. */
#ifndef WN_FILTER_RULES_H
#define WN_FILTER_RULES_H

#include <jansson.h>
#include <stddef.h>
#include "common/buf.h"
#include "words.h"

typedef struct wn_qresult {
    const char *reason;   /* static label, NULL when kept */
    double value, threshold;
} wn_qresult;

#define WN_MAX_STOPWORDS 64

typedef struct wn_qparams {
    /* GopherQualityFilter (§3) */
    int gq_on;
    double gq_min_doc_words, gq_max_doc_words;
    double gq_min_avg_word_length, gq_max_avg_word_length;
    double gq_max_symbol_word_ratio, gq_max_bullet_lines_ratio, gq_max_ellipsis_lines_ratio;
    double gq_min_alpha_words_ratio;      /* datatrove's max_non_alpha_words_ratio */
    double gq_min_stop_words;
    int gq_stop_distinct;                 /* 1: HEAD (distinct), 0: FineWeb v1 (every token) */
    size_t gq_nstop;
    char gq_stop[WN_MAX_STOPWORDS][48];   /* case-sensitive */
    /* GopherRepetitionFilter (§4) */
    int gr_on;
    double gr_dup_para_frac, gr_dup_para_char_frac, gr_dup_line_frac, gr_dup_line_char_frac;
    double gr_top_ngram[3];               /* n = 2, 3, 4 */
    double gr_top_ngram_min_count;        /* 0 (datatrove): even a single n-gram counts */
    double gr_dup_ngram[6];               /* n = 5 … 10 */
    /* C4QualityFilter (§5.1): line removal and text rewrite */
    int c4_on;
    double c4_max_word_length, c4_min_words_per_line, c4_min_sentences;
    int c4_remove_citations, c4_no_terminal_punct, c4_lorem_ipsum, c4_javascript, c4_curly_bracket, c4_policy;
    /* C4ParagraphFilter (§5.2) */
    int c4p_on;
    double c4p_min_paragraphs, c4p_min_paragraph_len;
    /* FineWebQualityFilter (§6) */
    int fw_on;
    int fw_v1;                            /* 1: the April 2024 variant (§6.2) */
    double fw_line_punct_thr, fw_short_line_length, fw_short_line_thr, fw_char_dup_ratio, fw_new_line_ratio;
    int fw_line_punct_exclude_zero;
    /* C4BadWordsFilter (§5.3; badwords.h): off in every preset, as in
     * datatrove's FineWeb and FineWeb-2 recipes */
    int cb_on;
    double cb_keep_fraction;              /* share of hit documents kept (0: drop all) */
    double cb_seed;                       /* seed of the per-document draw */
} wn_qparams;

/* Reusable scratch (hash tables, spans, buffers); one per thread. */
typedef struct wn_qscratch wn_qscratch;
wn_qscratch *wn_qscratch_new(void);
void wn_qscratch_free(wn_qscratch *s);

/* Tells the rules that text[0, n) stays as it is until the next pin:
 * what they derive from the whole text (its code-point length) is then
 * computed once for all of them.  Rules run on another text compute it
 * each time. */
void wn_qscratch_pin(wn_qscratch *s, const char *text, size_t n);

/* FineWeb v1 / datatrove defaults for every rule (English stop words). */
void wn_qparams_defaults(wn_qparams *p);

int wn_gopher_quality(const wn_qparams *p, const char *text, size_t n, const wn_tokens *words,
                      wn_qscratch *s, wn_qresult *res, json_t *scores);
int wn_gopher_repetition(const wn_qparams *p, const char *text, size_t n, const wn_tokens *words,
                         wn_qscratch *s, wn_qresult *res, json_t *scores);
int wn_fineweb_quality(const wn_qparams *p, const char *text, size_t n, const wn_tokens *words,
                       wn_qscratch *s, wn_qresult *res, json_t *scores);
int wn_c4_paragraph(const wn_qparams *p, const char *text, size_t n, wn_qscratch *s,
                    wn_qresult *res, json_t *scores);

/* C4 line rules on one line (already a splitlines() element).  Returns NULL
 * to keep it, else the removal label ("c4_too_long_word", …); a label of a
 * whole-document drop is returned through *doc_reason ("c4_lorem_ipsum",
 * "c4_curly_bracket").  When the line is kept and citations were removed,
 * *rewritten holds the new text (else it is left empty); *sentences gets
 * the line's sentence count (not counted when sentences is NULL). */
const char *wn_c4_line(const wn_qparams *p, const char *line, size_t n, wn_qscratch *s,
                       wn_buf *rewritten, size_t *sentences, const char **doc_reason);

/* wn_c4_line with the line's tokens (wn_words_split of the line, or the
 * slice of a document's tokens that lies in the line: tokens never cross
 * whitespace): the word count and the sentences come from them. */
const char *wn_c4_line_tok(const wn_qparams *p, const char *line, size_t n, const wn_token *tk, size_t ntk,
                           wn_qscratch *s, wn_buf *rewritten, size_t *sentences, const char **doc_reason);

/* The whole C4QualityFilter on a text: kept lines joined with '\n' and
 * stripped go to out.  Returns 1 keep / 0 drop. */
int wn_c4_quality(const wn_qparams *p, const char *text, size_t n, wn_qscratch *s, wn_buf *out,
                  wn_qresult *res, json_t *scores);

/* Sentences in a text (the sentencizer rule of §2.4 on our tokens). */
size_t wn_count_sentences(const char *text, size_t n, wn_qscratch *s);

#endif
