/* test_filter_rules.c: Python-semantics helpers, the tokenizer, and the
 * quality rules: the conformance vectors of quality-rules.md §13 and hand-
 * worked threshold examples (just passed / just missed) per rule. */
#include <math.h>
#include <stdlib.h>
#include "harness.h"
#include "filter/pytext.h"
#include "filter/punct.h"
#include "filter/rules.h"
#include "filter/words.h"

static wn_qscratch *S;
static wn_tokens T;

static char *rep(const char *s, int n)
{
    size_t k = strlen(s);
    char *out = malloc(k * (size_t)n + 1);
    for (int i = 0; i < n; i++)
        memcpy(out + k * (size_t)i, s, k);
    out[k * (size_t)n] = 0;
    return out;
}

static const char *gq(const wn_qparams *p, const char *text, wn_qresult *r)
{
    wn_words_split(text, strlen(text), &T);
    return wn_gopher_quality(p, text, strlen(text), &T, S, r, NULL) ? "keep" : r->reason;
}

static const char *gr(const wn_qparams *p, const char *text, wn_qresult *r)
{
    wn_words_split(text, strlen(text), &T);
    return wn_gopher_repetition(p, text, strlen(text), &T, S, r, NULL) ? "keep" : r->reason;
}

static const char *fw(const wn_qparams *p, const char *text, wn_qresult *r)
{
    wn_words_split(text, strlen(text), &T);
    return wn_fineweb_quality(p, text, strlen(text), &T, S, r, NULL) ? "keep" : r->reason;
}

static void test_pytext(void)
{
    CHECK(wn_py_isspace(0x85) && wn_py_isspace(0xA0) && wn_py_isspace(0x1C) && wn_py_isspace(0x3000));
    CHECK(!wn_py_isspace(0x200B) && !wn_py_isspace(0xFEFF) && !wn_py_isspace('x'));
    CHECK(wn_py_isalpha(0x4E2D) && wn_py_isalpha(0x131) && wn_py_isalpha(0x2B0)); /* Lo, Ll, Lm */
    CHECK(!wn_py_isalpha(0x301) && !wn_py_isalpha('5') && !wn_py_isalpha(0x660)); /* Mn, Nd */
    CHECK_EQ_INT(wn_py_len("g\xC3\xBC" "ncellendi", 12), 11);
    wn_buf b = WN_BUF_INIT;
    wn_py_lower(&b, "\xC4\xB0STANBUL I", 11);
    CHECK_STR(b.data, "i\xCC\x87stanbul i"); /* İ -> i + U+0307; I -> i, never ı */
    wn_buf_clear(&b);
    wn_py_lower(&b, "\xCE\x9F\xCE\xA3 \xCE\xA3\xCE\x91", 9); /* ΟΣ ΣΑ */
    CHECK_STR(b.data, "\xCE\xBF\xCF\x82 \xCF\x83\xCE\xB1"); /* ος σα: final sigma only at word end */
    wn_buf_free(&b);
    wn_span *sp = NULL;
    size_t n, cap = 0;
    wn_py_splitlines("a\r\nb\x0b" "c\xC2\x85" "d\n", 10, &sp, &n, &cap);
    CHECK_EQ_INT(n, 4); /* CR LF is one break; no empty last line */
    wn_py_split_lf("a\r\nb\n", 5, &sp, &n, &cap);
    CHECK_EQ_INT(n, 3); /* trailing LF gives an empty last element */
    CHECK_EQ_INT(sp[2].len, 0);
    CHECK_EQ_INT(sp[0].len, 2); /* CR stays in the line */
    wn_py_splitlines("", 0, &sp, &n, &cap);
    CHECK_EQ_INT(n, 0);
    free(sp);
    size_t bb = 0, e = 9;
    wn_py_strip("\xC2\xA0 ab \xE3\x80\x80", &bb, &e); /* NBSP, space, ideographic space */
    CHECK_EQ_INT(bb, 3);
    CHECK_EQ_INT(e, 5);
}

static void test_punct_sets(void)
{
    CHECK_EQ_INT(wn_punct_count(0), 129);
    CHECK_EQ_INT(wn_punct_count(1), 159);
    CHECK(wn_punct_is(0x0D) && !wn_punct_is(0x09) && !wn_punct_is(0x0A)); /* CR yes, TAB/LF no */
    CHECK(wn_punct_is(0xFF11));                                            /* full-width 1 */
    CHECK(wn_punct_is_terminal(0x964) && !wn_punct_is_terminal('"') && !wn_punct_is_terminal('\''));
}

static void tok_join(const char *s, char *out)
{
    wn_words_split(s, strlen(s), &T);
    out[0] = 0;
    for (size_t i = 0; i < T.n; i++) {
        if (i)
            strcat(out, "|");
        strncat(out, s + T.v[i].off, T.v[i].len);
    }
}

static void test_ascii_table(void)
{
    for (int c = 0; c < 128; c++) {
        int k = wn_words_ascii_class(c);
        CHECK(!!(k & 1) == wn_py_isspace(c));
        CHECK(!!(k & 4) == wn_py_isalpha(c));
        CHECK(!!(k & 8) == wn_punct_in_set(c));
        CHECK(!!(k & 2) == ((c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
                            (c >= 0x7B && c <= 0x7E)));
    }
}

static void test_tokenizer(void)
{
    char out[512];
    tok_join("13:05 27.10.2025 (g\xC3\xBCncellendi: 13:08 27.10.2025)", out);
    CHECK_STR(out, "13:05|27.10.2025|(|g\xC3\xBCncellendi|:|13:08|27.10.2025|)");
    CHECK_EQ_INT(T.n, 8);
    int alpha = 0;
    for (size_t i = 0; i < T.n; i++)
        alpha += T.v[i].alpha;
    CHECK_EQ_INT(alpha, 1);
    tok_join("I am Frank, you... \xC2\xABwell-known\xC2\xBB see https://a.b/c?d=1 x@y.org!", out);
    CHECK_STR(out, "I|am|Frank|,|you|...|\xC2\xAB|well|-|known|\xC2\xBB|see|https://a.b/c?d=1|x@y.org!");
    tok_join("a\xC2\xA0" "b\tc\xE2\x80\xA8" "d", out); /* every str.isspace() separates */
    CHECK_STR(out, "a|b|c|d");
    tok_join("16,5 $100 #tag", out);
    CHECK_STR(out, "16,5|$|100|#|tag");
    tok_join("\xE6\x97\xA5\xE6\x9C\xAC\xE3\x81\xAEiPhone\xE3\x80\x82", out); /* 日本のiPhone。 */
    CHECK_STR(out, "\xE6\x97\xA5|\xE6\x9C\xAC|\xE3\x81\xAE|iPhone|\xE3\x80\x82");
}

/* §13: GopherQualityFilter(min_doc_words=10, max_doc_words=1000). */
static void test_gopher_quality_vectors(void)
{
    wn_qparams p;
    wn_qparams_defaults(&p);
    p.gq_min_doc_words = 10;
    p.gq_max_doc_words = 1000;
    wn_qresult r;
    CHECK_STR(gq(&p, "I am too small...", &r), "gopher_short_doc");
    char *t = rep("I am ", 20);
    CHECK_STR(gq(&p, t, &r), "gopher_below_avg_threshold");
    free(t);
    t = rep("interconnection ", 20);
    CHECK_STR(gq(&p, t, &r), "gopher_above_avg_threshold");
    free(t);
    t = rep("# comment ", 20);
    CHECK_STR(gq(&p, t, &r), "gopher_too_many_hashes");
    free(t);
    t = rep("... comment ", 20);
    CHECK_STR(gq(&p, t, &r), "gopher_too_many_ellipsis");
    free(t);
    t = rep("the ./!*?<><> apple <?////> orange  ++ interconnection !<>??? have", 20);
    CHECK_STR(gq(&p, t, &r), "gopher_below_alpha_threshold");
    free(t);
}

/* §13: GopherRepetitionFilter with defaults. */
static void test_gopher_repetition_vectors(void)
{
    wn_qparams p;
    wn_qparams_defaults(&p);
    wn_qresult r;
    char *t = rep("I am your father.\n", 4);
    CHECK_STR(gr(&p, t, &r), "dup_line_frac");
    free(t);
    t = rep("I am your father.\n\n", 4);
    CHECK_STR(gr(&p, t, &r), "dup_para_frac");
    free(t);
    char buf[1024];
    snprintf(buf, sizeof buf, "I am groot.\n\nYou are a wizard.\n\nI am your father.\n\n%s.\n\n%s.\n\n",
             "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    CHECK_STR(gr(&p, buf, &r), "dup_para_char_frac");
    snprintf(buf, sizeof buf, "I am groot.\nYou are a wizard.\nI am your father.\n%s.\n%s.\n",
             "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    CHECK_STR(gr(&p, buf, &r), "dup_line_char_frac");
    CHECK_STR(gr(&p, "I am Frank, I am Frank, I am Frank", &r), "top_2_gram");
    /* "I am" and "am Frank" both occur 3 times: the first seen ("I am",
     * 12/61 < 0.2) wins the tie, so the 2-gram rule passes and 3-grams fail. */
    CHECK_STR(gr(&p, "I am Frank, you are Jhon. I am Frank. I am Frank you are Jhon", &r), "top_3_gram");
    t = rep("I am a solo traveller ", 4);
    snprintf(buf, sizeof buf, "%s%s", t,
             "The morning train left the station on time and crossed the river valley slowly, "
             "passing old farms, quiet villages and long fields of wheat before it reached the "
             "coast where the passengers stepped out into the bright salty air of a summer day.");
    free(t);
    CHECK_STR(gr(&p, buf, &r), "duplicated_5_n_grams");
    CHECK(r.value > 0.15);
}

/* Hand-worked thresholds: each case just passes, then just misses. */
static void test_gopher_quality_thresholds(void)
{
    wn_qparams p;
    wn_qparams_defaults(&p);
    p.gq_min_doc_words = 4;
    p.gq_min_stop_words = 0;
    wn_qresult r;
    /* min_doc_words 4: "aaa bbb ccc ddd" has 4 non-symbol words */
    CHECK_STR(gq(&p, "aaa bbb ccc ddd", &r), "keep");
    CHECK_STR(gq(&p, "aaa bbb ccc", &r), "gopher_short_doc");
    CHECK(r.value == 3 && r.threshold == 4);
    /* mean word length: 3.0 passes (>= 3), 2.75 fails */
    CHECK_STR(gq(&p, "abc abc abc abc", &r), "keep");
    CHECK_STR(gq(&p, "abc abc abc ab", &r), "gopher_below_avg_threshold");
    CHECK(fabs(r.value - 2.75) < 1e-9);
    /* max 10: 10.0 passes, 10.25 fails */
    CHECK_STR(gq(&p, "abcdefghij abcdefghij abcdefghij abcdefghij", &r), "keep");
    CHECK_STR(gq(&p, "abcdefghij abcdefghij abcdefghij abcdefghijk", &r), "gopher_above_avg_threshold");
    /* hashes: 1 '#' among 10 tokens = 0.1 passes; 2 of 11 fails */
    CHECK_STR(gq(&p, "word word word word word word word word word #", &r), "keep");
    CHECK_STR(gq(&p, "word word word word word word word word word # #", &r), "gopher_too_many_hashes");
    /* end-ellipsis lines 0.3: 3 of 10 passes, 4 of 10 fails (the ellipsis
     * and alpha-word ratios, which the '…' and '-' tokens would trip, off) */
    p.gq_max_symbol_word_ratio = 0;
    p.gq_min_alpha_words_ratio = 0;
    CHECK_STR(gq(&p, "one two three…\nfour five six…\nseven eight nine…\nline\nline\nline\nline\nline\nline\nline",
                 &r), "keep");
    CHECK_STR(gq(&p, "one two three…\nfour five six…\nseven eight nine…\nline…\nline\nline\nline\nline\nline\nline",
                 &r), "gopher_too_many_end_ellipsis");
    /* bullets 0.9: 9 of 10 passes, 10 of 10 fails */
    CHECK_STR(gq(&p, "- alpha\n- alpha\n- alpha\n- alpha\n- alpha\n- alpha\n- alpha\n- alpha\n• alpha\nalpha", &r),
              "keep");
    CHECK_STR(gq(&p, "- alpha\n- alpha\n- alpha\n- alpha\n- alpha\n- alpha\n- alpha\n- alpha\n• alpha\n  - alpha",
                 &r), "gopher_too_many_bullets");
    p.gq_max_symbol_word_ratio = 0.1;
    p.gq_min_alpha_words_ratio = 0.8;
    /* alpha words 0.8: 4 of 5 passes, 4 of 6 fails (the tokens "1999" don't count) */
    CHECK_STR(gq(&p, "word word word word 1999", &r), "keep");
    CHECK_STR(gq(&p, "word word word word 1999 2000", &r), "gopher_below_alpha_threshold");
    /* stop words: distinct (HEAD) vs every token (FineWeb v1); case-sensitive */
    p.gq_min_stop_words = 2;
    CHECK_STR(gq(&p, "the cat and the dog", &r), "keep");
    CHECK_STR(gq(&p, "the cat the dog The", &r), "gopher_enough_stop_words");
    CHECK(r.value == 1);
    p.gq_stop_distinct = 0;
    CHECK_STR(gq(&p, "the cat the dog The", &r), "keep");
    /* threshold 0 switches a check off */
    p.gq_min_avg_word_length = 0;
    CHECK_STR(gq(&p, "a b c d the the", &r), "keep");
}

static void test_gopher_repetition_thresholds(void)
{
    wn_qparams p;
    wn_qparams_defaults(&p);
    for (int i = 0; i < 3; i++)
        p.gr_top_ngram[i] = 0;
    for (int i = 0; i < 6; i++)
        p.gr_dup_ngram[i] = 0;
    p.gr_dup_line_char_frac = p.gr_dup_para_char_frac = 0;
    wn_qresult r;
    /* lines: "a\nb\nc\na" -> 4 lines, 1 dup = 0.25 passes 0.3; "a\nb\na\na" -> 0.5 */
    CHECK_STR(gr(&p, "aa\nbb\ncc\naa\ndd\nee\nff", &r), "keep");
    CHECK_STR(gr(&p, "aa\nbb\naa\naa", &r), "dup_line_frac");
    CHECK(fabs(r.value - 0.5) < 1e-9);
    /* blank lines are not elements: "aa\n\n\nbb" has lines aa, bb */
    CHECK_STR(gr(&p, "aa\n\n\nbb\ncc", &r), "keep");
    /* a trailing LF is an empty element: 3 of 10 would be 0.3 (passes) */
    CHECK_STR(gr(&p, "aa\nbb\ncc\ndd\nee\nff\ngg\naa\nbb\ncc", &r), "keep");
    CHECK_STR(gr(&p, "aa\nbb\ncc\ndd\nee\nff\naa\nbb\ncc\nx", &r), "keep");
    CHECK_STR(gr(&p, "aa\nbb\ncc\ndd\nee\naa\nbb\ncc\naa\nx", &r), "dup_line_frac"); /* 4/10 */
    /* top 2-gram 0.2 (others off): "a b" is 3/3 = 1 > 0.2 */
    wn_qparams_defaults(&p);
    CHECK_STR(gr(&p, "a b", &r), "top_2_gram");
    CHECK(fabs(r.value - 1.0) < 1e-9);
    /* 2-gram "xy zw" once in a 25-char text: 5/25 = 0.2 passes; in 24 chars 0.208 fails */
    p.gr_top_ngram[1] = p.gr_top_ngram[2] = 0;
    for (int i = 0; i < 6; i++)
        p.gr_dup_ngram[i] = 0;
    CHECK_STR(gr(&p, "xy zw                    ", &r), "keep"); /* 5 + 20 spaces */
    CHECK_STR(gr(&p, "xy zw                   ", &r), "top_2_gram");
}

static void test_fineweb_thresholds(void)
{
    wn_qparams p;
    wn_qparams_defaults(&p);
    wn_qresult r;
    p.fw_short_line_thr = p.fw_char_dup_ratio = p.fw_new_line_ratio = 0;
    /* punct 0.12: 3 of 25 lines = 0.12 passes (<), 2 of 25 fails */
    char buf[4096] = "";
    for (int i = 0; i < 25; i++)
        strcat(buf, i < 3 ? "a line.\n" : "a line\n");
    CHECK_STR(fw(&p, buf, &r), "keep");
    buf[0] = 0;
    for (int i = 0; i < 25; i++)
        strcat(buf, i < 2 ? "a line.\n" : "a line\n");
    CHECK_STR(fw(&p, buf, &r), "line_punct_ratio");
    CHECK(fabs(r.value - 0.08) < 1e-9);
    /* HEAD uses TERMINAL_PUNCTUATION: a quote is not terminal, the Devanagari danda is */
    CHECK_STR(fw(&p, "x\xE0\xA5\xA4", &r), "keep");
    CHECK_STR(fw(&p, "x\"", &r), "line_punct_ratio");
    /* v1: ASCII . ' " ! ? and <= */
    p.fw_v1 = 1;
    CHECK_STR(fw(&p, "x\"", &r), "keep");
    CHECK_STR(fw(&p, "x\xE0\xA5\xA4", &r), "line_punct_ratio");
    p.fw_v1 = 0;
    /* exclude_zero */
    p.fw_line_punct_exclude_zero = 1;
    CHECK_STR(fw(&p, "no end", &r), "keep");
    p.fw_line_punct_exclude_zero = 0;
    p.fw_line_punct_thr = 0;
    /* short lines 0.67: 2 of 3 short = 0.667 passes, 3 of 4 fails */
    p.fw_short_line_thr = 0.67;
    const char *longl = "this line is long enough, more than thirty code points.";
    snprintf(buf, sizeof buf, "short\nshort two\n%s", longl);
    CHECK_STR(fw(&p, buf, &r), "keep");
    snprintf(buf, sizeof buf, "short\nshort two\nthree\n%s", longl);
    CHECK_STR(fw(&p, buf, &r), "short_line_ratio");
    /* 30 code points counts as short (<=): 30 x "ü" is 60 bytes */
    p.fw_short_line_thr = 0.5;
    CHECK_STR(fw(&p, "\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC"
                     "\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC"
                     "\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC",
                 &r), "short_line_ratio");
    p.fw_short_line_thr = 0;
    /* char dup 0.01: "aa" repeated in 200 chars (no LF) = 0.01 passes; 199 fails */
    p.fw_char_dup_ratio = 0.01;
    memset(buf, 'z', 200);
    memcpy(buf, "aa\naa\n", 6);
    buf[200] = 0; /* chars without LF: 198 -> 2/198 > 0.01 */
    CHECK_STR(fw(&p, buf, &r), "char_dup_ratio");
    memset(buf, 'z', 202);
    memcpy(buf, "aa\naa\n", 6);
    buf[202] = 0; /* 200 -> exactly 0.01 passes */
    CHECK_STR(fw(&p, buf, &r), "keep");
    p.fw_char_dup_ratio = 0;
    p.fw_new_line_ratio = 0.3;
    /* list ratio 0.3: 3 LF / 10 words passes, 4 / 10 fails (blank lines count) */
    CHECK_STR(fw(&p, "a b c\nd e f\ng h\ni j", &r), "keep");
    CHECK_STR(fw(&p, "a b c\nd e f\ng h\n\ni j", &r), "list_ratio");
    CHECK_STR(fw(&p, " \n\t\n", &r), "empty");
}

static void test_c4(void)
{
    wn_qparams p;
    wn_qparams_defaults(&p);
    wn_buf out = WN_BUF_INIT, rw = WN_BUF_INIT;
    wn_qresult r;
    size_t sc;
    const char *doc;
    CHECK_STR(wn_c4_line(&p, "Abone ol", 8, S, &rw, &sc, &doc), "c4_no_terminal_punct");
    CHECK_STR(wn_c4_line(&p, "Two words.", 10, S, &rw, &sc, &doc), "c4_too_few_words");
    CHECK(wn_c4_line(&p, "Three whole words.", 18, S, &rw, &sc, &doc) == NULL);
    CHECK_STR(wn_c4_line(&p, "We wait and then...", 19, S, &rw, &sc, &doc), "c4_no_terminal_punct");
    CHECK(wn_c4_line(&p, "We wait and then\xE2\x80\xA6", 19, S, &rw, &sc, &doc) != NULL); /* … is not terminal */
    CHECK(wn_c4_line(&p, "He said \"go home now\"", 21, S, &rw, &sc, &doc) == NULL);
    CHECK_STR(wn_c4_line(&p, "Enable JavaScript to see this page.", 35, S, &rw, &sc, &doc), "c4_javascript");
    CHECK_STR(wn_c4_line(&p, "Read our Privacy Policy here.", 29, S, &rw, &sc, &doc), "c4_policy");
    CHECK(wn_c4_line(&p, "Lorem ipsum dolor sit amet.", 27, S, &rw, &sc, &doc) == NULL);
    CHECK_STR(doc, "c4_lorem_ipsum");
    CHECK(wn_c4_line(&p, "int main() { return 0; }.", 25, S, &rw, &sc, &doc) == NULL);
    CHECK_STR(doc, "c4_curly_bracket");
    /* citations removed; words counted before: "[1]" is a word */
    CHECK(wn_c4_line(&p, "Paris is big[1] and old[citation needed].", 41, S, &rw, &sc, &doc) == NULL);
    CHECK_STR(rw.data, "Paris is big and old.");
    CHECK_STR(wn_c4_line(&p, "Big [1].", 8, S, &rw, &sc, &doc), "c4_too_few_words");
    /* sentences: 5 passes, 4 fails */
    const char *five = "One is here. Two is here.\nThree is here! Four is here? Five is here.\nmenu";
    CHECK(wn_c4_quality(&p, five, strlen(five), S, &out, &r, NULL) == 1);
    CHECK_STR(out.data, "One is here. Two is here.\nThree is here! Four is here? Five is here.");
    const char *four = "One is here. Two is here.\nThree is here! Four is here?\nmenu";
    CHECK(wn_c4_quality(&p, four, strlen(four), S, &out, &r, NULL) == 0);
    CHECK_STR(r.reason, "c4_too_few_sentences");
    CHECK(r.value == 4);
    /* FineWeb v1 setting: no terminal-punctuation rule */
    p.c4_no_terminal_punct = 0;
    CHECK(wn_c4_line(&p, "Foto: Ivan Petrov", 17, S, &rw, &sc, &doc) == NULL);
    wn_buf_free(&out);
    wn_buf_free(&rw);
}

static void test_c4_paragraph(void)
{
    wn_qparams p;
    wn_qparams_defaults(&p);
    wn_qresult r;
    char buf[1024];
    char *l200 = rep("x", 200), *l199 = rep("x", 199);
    snprintf(buf, sizeof buf, "%s\n%s\nshort\n%s", l200, l200, l200);
    CHECK(wn_c4_paragraph(&p, buf, strlen(buf), S, &r, NULL) == 1);
    snprintf(buf, sizeof buf, "%s\n%s\nshort\n%s", l200, l200, l199);
    CHECK(wn_c4_paragraph(&p, buf, strlen(buf), S, &r, NULL) == 0);
    CHECK_STR(r.reason, "c4_min_paragraph_len");
    CHECK(r.value == 199);
    snprintf(buf, sizeof buf, "%s\n%s", l200, l200);
    CHECK(wn_c4_paragraph(&p, buf, strlen(buf), S, &r, NULL) == 0);
    CHECK_STR(r.reason, "c4_min_paragraphs");
    free(l200);
    free(l199);
}

static void test_annotate_runs_every_check(void)
{
    wn_qparams p;
    wn_qparams_defaults(&p);
    json_t *scores = json_object();
    wn_qresult r;
    const char *t = "I am too small...";
    wn_words_split(t, strlen(t), &T);
    CHECK(wn_gopher_quality(&p, t, strlen(t), &T, S, &r, scores) == 0);
    CHECK_STR(r.reason, "gopher_short_doc");
    CHECK(json_object_get(scores, "gopher_below_alpha_threshold") != NULL);
    CHECK(json_object_get(scores, "gopher_enough_stop_words") != NULL);
    json_decref(scores);
}

int main(void)
{
    S = wn_qscratch_new();
    RUN(test_pytext);
    RUN(test_punct_sets);
    RUN(test_ascii_table);
    RUN(test_tokenizer);
    RUN(test_gopher_quality_vectors);
    RUN(test_gopher_repetition_vectors);
    RUN(test_gopher_quality_thresholds);
    RUN(test_gopher_repetition_thresholds);
    RUN(test_fineweb_thresholds);
    RUN(test_c4);
    RUN(test_c4_paragraph);
    RUN(test_annotate_runs_every_check);
    wn_qscratch_free(S);
    wn_tokens_free(&T);
    HARNESS_EXIT();
}
