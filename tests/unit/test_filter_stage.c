/* test_filter_stage.c: the "filter" stage on hand-built documents: reasons
 * with value and threshold, C4 line removal and rewrite, per-language
 * FineWeb-2 values, annotate mode, disabled stage. */
#include <stdlib.h>
#include "harness.h"
#include "common/doc.h"
#include "filter/stage.h"
#include "filter/words.h"

static wn_doc *mkdoc(const char *const *paras, size_t n, const char *iso3)
{
    wn_doc *d = wn_doc_new();
    for (size_t i = 0; i < n; i++) {
        if (i)
            wn_buf_putc(&d->body, '\n');
        size_t off = d->body.len;
        wn_buf_append(&d->body, paras[i], strlen(paras[i]));
        wn_doc_add_line(d, off, strlen(paras[i]), (uint32_t)(i + 1));
    }
    if (iso3) {
        d->top = json_object();
        json_object_set_new(d->top, "lang_iso3", json_string(iso3));
        json_object_set_new(d->top, "lang_score", json_real(0.5));
    }
    return d;
}

typedef struct fixture {
    void *self, *scratch;
    char err[256];
} fixture;

static int setup(fixture *f, const char *preset, const char *k2, const char *v2)
{
    wn_options *o;
    wn_options_new(&o);
    if (preset)
        wn_options_set(o, "preset", preset);
    if (k2)
        wn_options_set(o, k2, v2);
    wn_stage_env env = {o, "data", f->err, sizeof f->err};
    wn_status s = wn_stage_filter.create(&env, &f->self);
    wn_options_free(o);
    f->scratch = f->self ? wn_stage_filter.scratch_new(f->self) : NULL;
    return s == WN_OK;
}

static void teardown(fixture *f)
{
    if (f->self) {
        wn_stage_filter.scratch_free(f->scratch);
        wn_stage_filter.destroy(f->self);
    }
}

static const char *const fox[] = {
    "The quick brown fox jumps over the lazy dog near the river bank today[1].",
    "Click here",
    "A second sentence is here. And a third one follows it. Then a fourth one comes. Fifth!",
};

static void test_none_disables(void)
{
    fixture f = {0};
    CHECK(setup(&f, "none", NULL, NULL));
    CHECK(f.self == NULL);
}

static void test_c4_lines_and_rewrite(void)
{
    fixture f = {0};
    CHECK(setup(&f, "fineweb", NULL, NULL));
    wn_doc *d = mkdoc(fox, 3, NULL);
    /* Gopher and FineWeb would reject this short text; switch them off via
     * a config file. */
    teardown(&f);
    FILE *c = fopen("filter_stage_test.conf", "w");
    fputs("preset = fineweb\ngopher_quality = off\ngopher_repetition = off\nfineweb_quality = off\n"
          "c4_quality.no_terminal_punct = on\n", c);
    fclose(c);
    CHECK(setup(&f, NULL, "config", "filter_stage_test.conf"));
    CHECK(wn_stage_filter.process(f.self, f.scratch, d) == WN_OK);
    CHECK(d->reject == NULL);
    CHECK(d->lines[0].removed == NULL);
    CHECK_STR(d->lines[1].removed, "c4_no_terminal_punct");
    CHECK(d->lines[2].removed == NULL);
    /* the citation is gone from the rendered span */
    char line0[128];
    snprintf(line0, sizeof line0, "%.*s", (int)d->lines[0].len, d->body.data + d->lines[0].off);
    CHECK_STR(line0, "The quick brown fox jumps over the lazy dog near the river bank today.");
    wn_doc_free(d);
    /* 4 sentences only: rejected with value 4, threshold 5 */
    const char *four[] = {"One is here. Two is here.", "Three is here. Four is here."};
    d = mkdoc(four, 2, NULL);
    CHECK(wn_stage_filter.process(f.self, f.scratch, d) == WN_OK);
    CHECK_STR(d->reject, "c4_too_few_sentences");
    CHECK(json_real_value(json_object_get(d->reject_info, "value")) == 4);
    CHECK(json_real_value(json_object_get(d->reject_info, "threshold")) == 5);
    wn_doc_free(d);
    teardown(&f);
    remove("filter_stage_test.conf");
}

static void test_fineweb2_language_rows(void)
{
    fixture f = {0};
    CHECK(setup(&f, "fineweb2", NULL, NULL));
    /* lang_score 0.5 is below tur_Latn's 0.875 */
    wn_doc *d = mkdoc(fox, 3, "tur");
    CHECK(wn_stage_filter.process(f.self, f.scratch, d) == WN_OK);
    CHECK_STR(d->reject, "fw2_language_score");
    CHECK(json_real_value(json_object_get(d->reject_info, "threshold")) == 0.875);
    wn_doc_free(d);
    /* a language without a row (und): English defaults, and the rule set still runs */
    d = mkdoc(fox, 3, NULL);
    CHECK(wn_stage_filter.process(f.self, f.scratch, d) == WN_OK);
    CHECK_STR(d->reject, "gopher_short_doc");
    wn_doc_free(d);
    teardown(&f);
}

static void test_annotate_keeps(void)
{
    fixture f = {0};
    CHECK(setup(&f, "fineweb", "annotate", ""));
    wn_doc *d = mkdoc(fox, 3, NULL);
    CHECK(wn_stage_filter.process(f.self, f.scratch, d) == WN_OK);
    CHECK(d->reject == NULL);
    CHECK(d->lines[1].removed == NULL); /* annotate removes no line */
    json_t *q = json_object_get(d->meta, "quality");
    CHECK(json_is_object(q));
    CHECK(json_object_get(q, "would_reject") != NULL);
    CHECK(json_integer_value(json_object_get(q, "c4_lines_removed")) == 1); /* "Click here": < 3 words */
    CHECK(json_object_get(q, "list_ratio") != NULL);
    wn_doc_free(d);
    teardown(&f);
}

static void test_already_rejected_untouched(void)
{
    fixture f = {0};
    CHECK(setup(&f, "fineweb", NULL, NULL));
    wn_doc *d = mkdoc(fox, 3, NULL);
    wn_doc_reject(d, "earlier", NULL);
    CHECK(wn_stage_filter.process(f.self, f.scratch, d) == WN_OK);
    CHECK_STR(d->reject, "earlier");
    wn_doc_free(d);
    teardown(&f);
}

/* After C4 removed and rewrote lines, FineWeb's list ratio counts the
 * tokens of the text that is left (the stage counts them line by line
 * instead of tokenising that text again): its value is the newlines over
 * the tokens wn_words_split finds in the kept, rewritten text. */
static void test_c4_then_fineweb_token_count(void)
{
    fixture f = {0};
    FILE *c = fopen("filter_stage_test2.conf", "w");
    fputs("preset = fineweb\ngopher_quality = off\ngopher_repetition = off\nc4_paragraph = off\n"
          "c4_quality.min_sentences = 0\nfineweb_quality.line_punct_thr = 0\n"
          "fineweb_quality.short_line_thr = 0\nfineweb_quality.char_duplicates_ratio = 0\n"
          "fineweb_quality.new_line_ratio = 0.0001\n", c);
    fclose(c);
    CHECK(setup(&f, NULL, "config", "filter_stage_test2.conf"));
    const char *paras[] = {fox[0], fox[1], fox[2], "Some more words here, and[2] then [edit] more of them."};
    wn_doc *d = mkdoc(paras, 4, NULL);
    CHECK(wn_stage_filter.process(f.self, f.scratch, d) == WN_OK);
    CHECK_STR(d->reject, "list_ratio");
    CHECK_STR(d->lines[1].removed, "c4_too_few_words");
    const char *left = "The quick brown fox jumps over the lazy dog near the river bank today.\n"
                       "A second sentence is here. And a third one follows it. Then a fourth one comes. Fifth!\n"
                       "Some more words here, and then  more of them.";
    wn_tokens t = {0};
    CHECK(wn_words_split(left, strlen(left), &t) == WN_OK);
    CHECK(t.n > 30);
    double want = 2.0 / (double)t.n, got = json_real_value(json_object_get(d->reject_info, "value"));
    if (got != want)
        fprintf(stderr, "list_ratio %.17g, want %.17g (%zu tokens)\n", got, want, t.n);
    CHECK(got == want);
    wn_tokens_free(&t);
    wn_doc_free(d);
    teardown(&f);
    remove("filter_stage_test2.conf");
}

int main(void)
{
    RUN(test_none_disables);
    RUN(test_c4_lines_and_rewrite);
    RUN(test_c4_then_fineweb_token_count);
    RUN(test_fineweb2_language_rows);
    RUN(test_annotate_keeps);
    RUN(test_already_rejected_untouched);
    HARNESS_EXIT();
}
