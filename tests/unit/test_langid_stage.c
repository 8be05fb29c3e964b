/* test_langid_stage.c: the langid stage on documents built by hand: the
 * seed record (Turkish, with a Russian caption fused to a credit line), a
 * mixed record written here, the --lang and --min-lang-score filters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "langid/stage.h"

static wn_doc *make_doc(const char *const *paras, size_t n)
{
    wn_doc *d = wn_doc_new();
    for (size_t i = 0; i < n; i++) {
        size_t off = d->body.len;
        if (i)
            wn_buf_putc(&d->body, '\n'), off++;
        wn_buf_puts(&d->body, paras[i]);
        wn_doc_add_line(d, off, strlen(paras[i]), (uint32_t)(i + 2));
    }
    return d;
}

typedef struct fixture {
    void *self, *scratch;
    char err[256];
} fixture;

static wn_status open_stage(fixture *f, const char *k1, const char *v1, const char *k2, const char *v2)
{
    wn_options *o = NULL;
    wn_options_new(&o);
    if (k1)
        wn_options_set(o, k1, v1);
    if (k2)
        wn_options_set(o, k2, v2);
    wn_stage_env env = {o, "data", f->err, sizeof f->err};
    f->err[0] = 0;
    f->self = f->scratch = NULL;
    wn_status s = wn_stage_langid.create(&env, &f->self);
    wn_options_free(o);
    if (s == WN_OK)
        f->scratch = wn_stage_langid.scratch_new(f->self);
    return s;
}

static void close_stage(fixture *f)
{
    if (f->scratch)
        wn_stage_langid.scratch_free(f->scratch);
    if (f->self)
        wn_stage_langid.destroy(f->self);
}

static const char *top_str(const wn_doc *d, const char *key)
{
    return d->top ? json_string_value(json_object_get(d->top, key)) : NULL;
}

/* The span of `lang` in meta.lang_spans whose text contains `needle`. */
static int has_span(const wn_doc *d, const char *lang, const char *needle)
{
    json_t *spans = d->meta ? json_object_get(d->meta, "lang_spans") : NULL;
    for (size_t i = 0; i < json_array_size(spans); i++) {
        json_t *s = json_array_get(spans, i);
        const char *l = json_string_value(json_object_get(s, "lang"));
        const char *t = json_string_value(json_object_get(s, "text"));
        if (l && t && !strcmp(l, lang) && strstr(t, needle))
            return 1;
    }
    return 0;
}

static const char *para_lang(const wn_doc *d, size_t i)
{
    json_t *p = json_array_get(json_object_get(d->meta, "lang_paragraphs"), i);
    return json_string_value(json_object_get(p, "lang"));
}

static void test_seed(void)
{
    FILE *fp = fopen("../shared/seed/000_bf4be9d8b912a7c1.txt", "rb");
    CHECK(fp != NULL);
    if (!fp)
        return;
    char line[8192];
    const char *paras[64];
    size_t n = 0;
    int first = 1;
    while (fgets(line, sizeof line, fp) && n < 64) {
        line[strcspn(line, "\n")] = 0;
        if (first) { /* the header line */
            first = 0;
            continue;
        }
        paras[n++] = strdup(line);
    }
    fclose(fp);
    fixture f;
    CHECK_EQ_INT(open_stage(&f, "lang-paragraphs", "yes", NULL, NULL), WN_OK);
    wn_doc *d = make_doc(paras, n);
    CHECK_EQ_INT(wn_stage_langid.process(f.self, f.scratch, d), WN_OK);
    CHECK_STR(top_str(d, "lang"), "tr");
    CHECK_STR(top_str(d, "lang_iso3"), "tur");
    double score = json_real_value(json_object_get(d->top, "lang_score"));
    CHECK(score > 0.5 && score <= 1.0);
    /* line 3: the Russian caption fused to the Turkish credit */
    CHECK(has_span(d, "ru", "\xd0\x9f\xd0\xb5\xd1\x80\xd0\xb5\xd0\xb3\xd0\xbe\xd0\xb2\xd0\xbe\xd1\x80\xd1\x8b"));
    /* and the span does not swallow the Turkish part */
    CHECK(!has_span(d, "ru", "Multimedya"));
    /* it is the only span, on source line 3 */
    json_t *spans = json_object_get(d->meta, "lang_spans");
    CHECK_EQ_INT(json_array_size(spans), 1);
    json_t *s0 = json_array_get(spans, 0);
    CHECK_EQ_INT(json_integer_value(json_object_get(s0, "line")), 3);
    CHECK_STR(json_string_value(json_object_get(s0, "lang_iso3")), "rus");
    CHECK(json_real_value(json_object_get(s0, "score")) > 0.5);
    CHECK_EQ_INT(json_array_size(json_object_get(d->meta, "lang_paragraphs")), n);
    CHECK_STR(para_lang(d, 5), "tr");
    CHECK_STR(para_lang(d, 1), "tr"); /* line 3: more Latin letters than Cyrillic */
    wn_doc_free(d);
    close_stage(&f);
    /* without --lang-paragraphs the spans are still reported */
    CHECK_EQ_INT(open_stage(&f, NULL, NULL, NULL, NULL), WN_OK);
    d = make_doc(paras, n);
    CHECK_EQ_INT(wn_stage_langid.process(f.self, f.scratch, d), WN_OK);
    CHECK(has_span(d, "ru", "\xd0\x9f\xd0\xb5\xd1\x80\xd0\xb5\xd0\xb3\xd0\xbe\xd0\xb2\xd0\xbe\xd1\x80\xd1\x8b"));
    /* when the cleaner has removed line 3, no span is left, and a document
     * all in one language lists no paragraphs (unless asked to) */
    wn_doc_free(d);
    d = make_doc(paras, n);
    d->lines[1].removed = "credit";
    CHECK_EQ_INT(wn_stage_langid.process(f.self, f.scratch, d), WN_OK);
    CHECK_STR(top_str(d, "lang"), "tr");
    CHECK(!has_span(d, "ru", ""));
    CHECK(d->meta == NULL || json_object_get(d->meta, "lang_paragraphs") == NULL);
    wn_doc_free(d);
    close_stage(&f);
    CHECK_EQ_INT(open_stage(&f, "lang-paragraphs", "", NULL, NULL), WN_OK);
    d = make_doc(paras, n);
    d->lines[1].removed = "credit";
    CHECK_EQ_INT(wn_stage_langid.process(f.self, f.scratch, d), WN_OK);
    CHECK_EQ_INT(json_array_size(json_object_get(d->meta, "lang_paragraphs")), n - 1);
    CHECK_STR(para_lang(d, 0), "tr"); /* the timestamp line keeps the document's language */
    wn_doc_free(d);
    close_stage(&f);
    for (size_t i = 0; i < n; i++)
        free((void *)paras[i]);
}

static void test_mixed_record(void)
{
    static const char *const paras[] = {
        "Die Bundesregierung hat am Mittwoch ein neues Gesetz zur F\xc3\xb6rderung erneuerbarer Energien "
        "beschlossen. Der Entwurf sieht vor, dass bis zum Jahr 2030 mindestens achtzig Prozent des Stroms "
        "aus Wind und Sonne stammen sollen.",
        "Kritiker bem\xc3\xa4ngeln, dass die Finanzierung der Ma\xc3\x9fnahmen noch nicht gekl\xc3\xa4rt sei "
        "und die Netze nicht schnell genug ausgebaut w\xc3\xbcrden. Le ministre fran\xc3\xa7" "ais de "
        "l'\xc3\xa9nergie a salu\xc3\xa9 cette d\xc3\xa9" "cision lors d'une conf\xc3\xa9rence de presse \xc3\xa0 Paris.",
        "The minister told reporters that the plan would be reviewed by parliament next month.",
        "DIE OPPOSITION K\xc3\x9CNDIGTE WIDERSTAND AN UND FORDERTE EINE ANH\xc3\x96RUNG IM AUSSCHUSS.",
        "Athen (dpa) \xce\x97 \xce\xba\xcf\x85\xce\xb2\xce\xad\xcf\x81\xce\xbd\xce\xb7\xcf\x83\xce\xb7 "
        "\xcf\x84\xce\xb7\xcf\x82 \xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1\xcf\x82 "
        "\xce\xb1\xce\xbd\xce\xb1\xce\xba\xce\xbf\xce\xaf\xce\xbd\xcf\x89\xcf\x83\xce\xb5",
        "Ja.",
    };
    fixture f;
    CHECK_EQ_INT(open_stage(&f, "lang-topk", "3", NULL, NULL), WN_OK);
    wn_doc *d = make_doc(paras, sizeof paras / sizeof paras[0]);
    CHECK_EQ_INT(wn_stage_langid.process(f.self, f.scratch, d), WN_OK);
    CHECK_STR(top_str(d, "lang"), "de");
    CHECK_STR(top_str(d, "lang_iso3"), "deu");
    CHECK_STR(para_lang(d, 0), "de");
    CHECK_STR(para_lang(d, 2), "en");
    CHECK_STR(para_lang(d, 3), "de");   /* capitals do not break it */
    CHECK_STR(para_lang(d, 4), "el");   /* Greek by script run */
    CHECK_STR(para_lang(d, 5), "de");   /* too short: keeps the document language */
    /* the French sentence at the end of a German paragraph is a span */
    CHECK(has_span(d, "fr", "Le ministre"));
    CHECK(!has_span(d, "fr", "Kritiker"));
    CHECK(has_span(d, "en", "The minister"));
    CHECK(has_span(d, "el", "\xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1\xcf\x82"));
    json_t *topk = json_object_get(d->top, "lang_topk");
    CHECK(json_array_size(topk) >= 2 && json_array_size(topk) <= 3);
    CHECK_STR(json_string_value(json_object_get(json_array_get(topk, 0), "lang")), "de");
    wn_doc_free(d);
    /* no letters at all */
    static const char *const empty[] = {"12:30 -- 13.05.2025", ""};
    d = make_doc(empty, 2);
    CHECK_EQ_INT(wn_stage_langid.process(f.self, f.scratch, d), WN_OK);
    CHECK_STR(top_str(d, "lang"), "und");
    wn_doc_free(d);
    close_stage(&f);
}

static void test_filters(void)
{
    static const char *const tr[] = {
        "Rusya D\xc4\xb1\xc5\x9fi\xc5\x9fleri Bakan\xc4\xb1 Sergey Lavrov, Moskova'da bir araya geldi\xc4\x9fi "
        "Kuzey Koreli mevkida\xc5\x9f\xc4\xb1yla g\xc3\xb6r\xc3\xbc\xc5\x9ft\xc3\xbc."};
    fixture f;
    CHECK_EQ_INT(open_stage(&f, "lang", "tr,ru", NULL, NULL), WN_OK);
    wn_doc *d = make_doc(tr, 1);
    CHECK_EQ_INT(wn_stage_langid.process(f.self, f.scratch, d), WN_OK);
    CHECK(d->reject == NULL);
    wn_doc_free(d);
    close_stage(&f);

    CHECK_EQ_INT(open_stage(&f, "lang", "de,__label__fr", NULL, NULL), WN_OK);
    d = make_doc(tr, 1);
    CHECK_EQ_INT(wn_stage_langid.process(f.self, f.scratch, d), WN_OK);
    CHECK_STR(d->reject, "lang");
    CHECK_STR(json_string_value(json_object_get(d->reject_info, "lang")), "tr");
    CHECK_STR(top_str(d, "lang"), "tr");
    /* an already rejected document is left alone */
    json_t *before = json_object_get(d->top, "lang");
    CHECK_EQ_INT(wn_stage_langid.process(f.self, f.scratch, d), WN_OK);
    CHECK(json_object_get(d->top, "lang") == before);
    wn_doc_free(d);
    close_stage(&f);

    CHECK_EQ_INT(open_stage(&f, "min-lang-score", "0.9999", NULL, NULL), WN_OK);
    d = make_doc(tr, 1);
    CHECK_EQ_INT(wn_stage_langid.process(f.self, f.scratch, d), WN_OK);
    CHECK_STR(d->reject, "lang");
    wn_doc_free(d);
    close_stage(&f);

    CHECK_EQ_INT(open_stage(&f, "lang", "tr,xx", NULL, NULL), WN_ERR_ARG);
    CHECK(strstr(f.err, "'xx'") != NULL);
    close_stage(&f);
    CHECK_EQ_INT(open_stage(&f, "min-lang-score", "2", NULL, NULL), WN_ERR_ARG);
    close_stage(&f);
    CHECK_EQ_INT(open_stage(&f, "lang-model", "/nonexistent.ftz", NULL, NULL), WN_ERR_IO);
    CHECK(strstr(f.err, "/nonexistent.ftz") != NULL);
    close_stage(&f);
}

static void test_table(void)
{
    int found = 0;
    for (const wn_stage_ops *const *s = wn_stage_table; *s; s++)
        found |= !strcmp((*s)->name, "langid") && !(*s)->ordered;
    CHECK(found);
}

int main(void)
{
    RUN(test_seed);
    RUN(test_mixed_record);
    RUN(test_filters);
    RUN(test_table);
    HARNESS_EXIT();
}
