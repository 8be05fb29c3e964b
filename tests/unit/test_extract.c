#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "extract/extract.h"

static const char P1[] = "<p>The council voted on Tuesday to approve the new budget, which raises spending on schools, "
                         "roads and parks by four percent over last year.</p>";
static const char P2[] = "<p>Opponents said the plan, drawn up in a hurry, leaves the city exposed if tax revenue falls, "
                         "and they promised to bring it back next spring.</p>";

static wn_doc *run_x(const char *html, const wn_xopts *o, const char *url, const char *ct)
{
    wn_xopts def = {0};
    def.max_html = 1 << 26;
    wn_doc *d = wn_doc_new();
    CHECK(wn_extract_doc(o ? o : &def, NULL, html, strlen(html), url, ct, d) == WN_OK);
    return d;
}

static const char *text(const wn_doc *d) { return d->body.data ? d->body.data : ""; }

static int has_line(const wn_doc *d, const char *s)
{
    for (size_t i = 0; i < d->nlines; i++)
        if (d->lines[i].len == strlen(s) && !strncmp(d->body.data + d->lines[i].off, s, d->lines[i].len))
            return 1;
    return 0;
}

static const char *meta_str(const wn_doc *d, const char *k)
{
    return d->meta ? json_string_value(json_object_get(d->meta, k)) : NULL;
}

static char *page(const char *head, const char *body)
{
    size_t n = strlen(head) + strlen(body) + 200;
    char *s = malloc(n);
    snprintf(s, n, "<!doctype html><html lang=\"en\"><head>%s</head><body>%s</body></html>", head, body);
    return s;
}

static const char P3[] = "<p>The mayor, who backed the plan from the start, said the vote showed that the council could still "
                         "agree on hard questions when the money was there to do it.</p>";

/* A "Related…" heading after the article's text ends it; a related box in
 * the middle is skipped up to the next long paragraph; a link title that
 * merely starts with "Related:" is no marker. */
static void related_heading_ends_the_article(void)
{
    char body[8192];
    snprintf(body, sizeof body,
             "<div class=\"article-body\">%s%s%s"
             "<h3>Das könnte Sie auch interessieren</h3>"
             "<p>Neue Brücke über den Fluss wird im Herbst eröffnet, sagt die Stadt, zwei Jahre später als geplant.</p>"
             "</div>", P1, P2, P3);
    char *h = page("<title>Budget</title>", body);
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK(d->reject == NULL);
    CHECK(strstr(text(d), "The mayor, who backed") != NULL);
    CHECK(strstr(text(d), "interessieren") == NULL);
    CHECK(strstr(text(d), "Neue Brücke") == NULL);
    wn_doc_free(d);
    free(h);

    snprintf(body, sizeof body,
             "<div class=\"article-body\">%s%s%s"
             "<h4>Related</h4><p>Short note on parking.</p>"
             "<p>After the vote, the finance committee met again to set out how the extra money will be spent, "
             "school by school and road by road, over the next twelve months, with a first list of works due "
             "before the end of the year.</p>"
             "<p>Related: the new parking rules</p>"
             "<p>The committee will report back to the full council in March, when the first projects are due.</p>"
             "</div>", P1, P2, P3);
    h = page("<title>Budget</title>", body);
    d = run_x(h, NULL, NULL, NULL);
    CHECK(d->reject == NULL);
    CHECK(strstr(text(d), "Short note on parking") == NULL);
    CHECK(strstr(text(d), "After the vote, the finance committee") != NULL);
    CHECK(has_line(d, "Related: the new parking rules"));
    CHECK(strstr(text(d), "report back to the full council") != NULL);
    wn_doc_free(d);
    free(h);

    /* "Mehr von …", the German "More from …" */
    snprintf(body, sizeof body,
             "<div class=\"article-body\">%s%s%s"
             "<h3>Mehr von der Stadtredaktion</h3>"
             "<p>Neue Brücke über den Fluss wird im Herbst eröffnet, sagt die Stadt, zwei Jahre später als geplant.</p>"
             "</div>", P1, P2, P3);
    h = page("<title>Budget</title>", body);
    d = run_x(h, NULL, NULL, NULL);
    CHECK(strstr(text(d), "The mayor, who backed") != NULL);
    CHECK(strstr(text(d), "Mehr von") == NULL);
    CHECK(strstr(text(d), "Neue Brücke") == NULL);
    wn_doc_free(d);
    free(h);
}

/* A lead paragraph in a sibling branch several levels above the chosen
 * container is kept when it is long prose; a shorter one that far away is
 * not. */
static void far_lead_paragraph_kept_when_long(void)
{
    char body[8192];
    snprintf(body, sizeof body,
             "<div id=\"page\"><div class=\"intro\"><div><div>"
             "<p>In a late-night session the council agreed a budget that lifts spending on schools and roads, "
             "ending a dispute that had run since the summer and split the ruling group, which now has to win "
             "back the voters it lost.</p>"
             "<p>Short aside on the weather that evening, which was cold and wet for the time of year.</p>"
             "</div></div></div>"
             "<div class=\"a1\"><div class=\"a2\"><div class=\"a3\"><div class=\"a4\">"
             "<div class=\"article-body\">%s%s%s</div></div></div></div></div></div>",
             P1, P2, P3);
    char *h = page("<title>Budget</title>", body);
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK(d->reject == NULL);
    CHECK(strstr(text(d), "The council voted") != NULL);
    CHECK(strstr(text(d), "In a late-night session") != NULL);
    CHECK(strstr(text(d), "Short aside on the weather") == NULL);
    wn_doc_free(d);
    free(h);
}

/* "commentary" in a class names an opinion piece, not reader comments. */
static void commentary_class_is_not_comments(void)
{
    char body[8192], links[4096] = ""; /* the piece holds < 40% of the text */
    for (int i = 0; i < 30; i++)
        strcat(links, "<a href=/x>Another story from the city desk here</a> ");
    snprintf(body, sizeof body,
             "<div class=\"news commentary\">%s%s%s</div><div class=\"more\">%s</div>"
             "<div class=\"user-comments\"><p>I think the council is wrong about this, as always, and said so.</p></div>",
             P1, P2, P3, links);
    char *h = page("<title>Budget</title>", body);
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK(d->reject == NULL);
    CHECK(strstr(text(d), "The council voted") != NULL);
    CHECK(strstr(text(d), "The mayor, who backed") != NULL);
    CHECK(strstr(text(d), "I think the council is wrong") == NULL);
    wn_doc_free(d);
    free(h);
}

static void nav_header_footer_left_out(void)
{
    char body[4096];
    snprintf(body, sizeof body,
             "<header><a href=/>Home</a> <a href=/news>News</a></header>"
             "<nav><ul><li><a href=/a>Politics</a></li><li><a href=/b>Sport</a></li></ul></nav>"
             "<div class=\"article-body\">%s%s</div>"
             "<div class=\"share-buttons\"><a href=#>Facebook</a> <a href=#>Twitter</a></div>"
             "<div class=\"related-articles\"><h3>Related</h3><ul><li><a href=/x>Budget fight looms, again and again</a></li></ul></div>"
             "<div id=\"cookie-banner\">We use cookies to improve your experience on this website.</div>"
             "<footer>Copyright 2020 The Paper. All rights reserved, everywhere and always.</footer>", P1, P2);
    char *h = page("<title>Budget</title>", body);
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK(d->reject == NULL);
    CHECK_EQ_INT(d->nlines, 2);
    CHECK(strstr(text(d), "The council voted") != NULL);
    CHECK(strstr(text(d), "Opponents said") != NULL);
    CHECK(strstr(text(d), "Politics") == NULL);
    CHECK(strstr(text(d), "Facebook") == NULL);
    CHECK(strstr(text(d), "Budget fight") == NULL);
    CHECK(strstr(text(d), "cookies") == NULL);
    CHECK(strstr(text(d), "Copyright") == NULL);
    CHECK_STR(meta_str(d, "extraction"), "article");
    wn_doc_free(d);
    free(h);
}

static void article_chosen_over_link_heavy_sidebar(void)
{
    char body[4096];
    snprintf(body, sizeof body,
             "<div class=\"col\"><p><a href=/1>One story about the budget, with many words in it</a>, "
             "<a href=/2>another story about the budget</a>, <a href=/3>a third one</a></p></div>"
             "<div class=\"col\">%s%s</div>", P1, P2);
    char *h = page("", body);
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK(strstr(text(d), "The council voted") != NULL);
    CHECK(strstr(text(d), "One story") == NULL);
    wn_doc_free(d);
    free(h);
}

static void repeated_template_text_neither_scores_nor_shows(void)
{
    /* a gallery of 12 slides, each with the same long caption-like text and
     * commas, next to a short article */
    char body[8192];
    size_t k = (size_t)snprintf(body, sizeof body, "<div class=\"gallery\">");
    for (int i = 0; i < 12; i++)
        k += (size_t)snprintf(body + k, sizeof body - k,
                              "<div><p>Thank you, your rating was saved, thank you, thank you, for voting.</p></div>");
    snprintf(body + k, sizeof body - k, "</div><div class=\"text\">%s%s</div>", P1, P2);
    char *h = page("", body);
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK(strstr(text(d), "The council voted") != NULL);
    CHECK(strstr(text(d), "Thank you") == NULL);
    wn_doc_free(d);
    free(h);
}

static void datelines_left_out_sentences_with_dates_kept(void)
{
    char body[4096];
    snprintf(body, sizeof body, "<article><p>Aktualisiert: 11.04.2020, 10:27</p>%s"
             "<p>On 11.04.2020 the council met again to vote on the budget for the coming year.</p>%s</article>", P1, P2);
    char *h = page("", body);
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK(strstr(text(d), "Aktualisiert") == NULL);
    CHECK(has_line(d, "On 11.04.2020 the council met again to vote on the budget for the coming year."));
    wn_doc_free(d);
    free(h);
}

static void structure_each_on_its_own_line(void)
{
    char body[4096];
    snprintf(body, sizeof body,
             "<article><h2>What changes</h2>%s<ul><li>Schools get more</li><li>Roads get more</li></ul>"
             "<blockquote>We did what we had to do, said the mayor.</blockquote><p>Line one<br>Line two</p>%s"
             "<p>More on this topic</p></article>", P1, P2);
    char *h = page("", body);
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK(has_line(d, "What changes"));
    CHECK(has_line(d, "Schools get more"));
    CHECK(has_line(d, "Roads get more"));
    CHECK(has_line(d, "We did what we had to do, said the mayor."));
    CHECK(has_line(d, "Line one"));
    CHECK(has_line(d, "Line two"));
    /* order kept */
    CHECK(strstr(text(d), "What changes") < strstr(text(d), "Schools"));
    CHECK(strstr(text(d), "Schools") < strstr(text(d), "Opponents"));
    /* a short label-like line ending the article is dropped */
    CHECK(strstr(text(d), "More on this topic") == NULL);
    wn_doc_free(d);
    free(h);
}

static void tables_only_with_the_flag(void)
{
    char body[4096];
    snprintf(body, sizeof body,
             "<article>%s<table><tr><th>Item</th><th>Amount</th></tr><tr><td>Schools</td><td>4%%</td></tr></table>%s</article>",
             P1, P2);
    char *h = page("", body);
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK(strstr(text(d), "Schools | 4%") == NULL);
    CHECK(strstr(text(d), "The council") != NULL);
    wn_doc_free(d);
    wn_xopts o = {0};
    o.max_html = 1 << 20;
    o.tables = 1;
    d = run_x(h, &o, NULL, NULL);
    CHECK(has_line(d, "Item | Amount"));
    CHECK(has_line(d, "Schools | 4%"));
    wn_doc_free(d);
    free(h);
}

static void captions_and_credits_go_to_meta(void)
{
    char body[4096];
    snprintf(body, sizeof body,
             "<article>%s<figure><img src=a.jpg><figcaption>The mayor at the vote. Photo: Reuters</figcaption></figure>"
             "<div class=\"image-credit\">Foto: AA</div>%s</article>", P1, P2);
    char *h = page("", body);
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK(strstr(text(d), "Reuters") == NULL);
    CHECK(strstr(text(d), "Foto: AA") == NULL);
    json_t *c = d->meta ? json_object_get(d->meta, "captions") : NULL;
    CHECK(json_is_array(c) && json_array_size(c) == 2);
    CHECK_STR(json_string_value(json_array_get(c, 0)), "The mayor at the vote. Photo: Reuters");
    CHECK_STR(json_string_value(json_array_get(c, 1)), "Foto: AA");
    wn_doc_free(d);
    free(h);
}

static void comments_only_with_the_flag(void)
{
    char body[4096];
    snprintf(body, sizeof body,
             "<article>%s%s</article><section id=\"comments\"><div class=\"comment\"><p>I disagree with this budget, "
             "it is far too generous to the roads department and not to the libraries.</p></div></section>", P1, P2);
    char *h = page("", body);
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK(strstr(text(d), "I disagree") == NULL);
    wn_doc_free(d);
    wn_xopts o = {0};
    o.max_html = 1 << 20;
    o.comments = 1;
    d = run_x(h, &o, NULL, NULL);
    CHECK(strstr(text(d), "I disagree") != NULL);
    CHECK(strstr(text(d), "The council") < strstr(text(d), "I disagree"));
    wn_doc_free(d);
    free(h);
}

static void links_only_with_the_flag(void)
{
    char body[4096];
    snprintf(body, sizeof body, "<article>%s<p>Read the <a href=\"https://example.org/budget.pdf\">full budget "
             "document</a> for the details of every line, item by item and page by page.</p>%s</article>", P1, P2);
    char *h = page("", body);
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK(strstr(text(d), "Read the full budget document for the details") != NULL);
    wn_doc_free(d);
    wn_xopts o = {0};
    o.max_html = 1 << 20;
    o.links = 1;
    d = run_x(h, &o, NULL, NULL);
    CHECK(strstr(text(d), "Read the [full budget document](https://example.org/budget.pdf) for") != NULL);
    wn_doc_free(d);
    free(h);
}

static void title_author_lang(void)
{
    char body[4096];
    snprintf(body, sizeof body, "<article><h1>City passes budget</h1>%s%s</article>", P1, P2);
    char *h = page("<title>City passes budget | The Paper</title><meta property=\"og:title\" content=\"City passes budget\">"
                   "<meta name=\"author\" content=\"Jane Roe\">", body);
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK_STR(d->title, "City passes budget");
    CHECK(!has_line(d, "City passes budget"));   /* the headline is the title, not body text */
    CHECK_STR(json_string_value(json_object_get(d->top, "author")), "Jane Roe");
    CHECK_STR(meta_str(d, "html_lang"), "en");
    wn_doc_free(d);
    free(h);
}

static void date_from_each_source(void)
{
    char body[2048];
    snprintf(body, sizeof body, "<article>%s%s</article>", P1, P2);
    char b2[2048];
    snprintf(b2, sizeof b2, "<article><time datetime=\"2019-07-08T10:00:00Z\">8 July</time>%s%s</article>", P1, P2);
    struct { const char *head, *body, *url, *date, *src; } cases[] = {
        {"<meta property=\"article:published_time\" content=\"2020-02-03T04:05:06+01:00\">", body, NULL, "2020-02-03", "meta"},
        {"<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":[{\"@type\":\"NewsArticle\","
         "\"datePublished\":\"2021-05-06\",\"dateModified\":\"2021-05-07T00:00:00Z\",\"author\":[{\"@type\":\"Person\",\"name\":\"Al Bo\"}]}]}</script>",
         body, NULL, "2021-05-06", "json-ld"},
        {"", b2, NULL, "2019-07-08", "time"},
        {"", body, "https://example.org/news/2018/11/12/budget.html", "2018-11-12", "url"},
    };
    for (int i = 0; i < 4; i++) {
        char *h = page(cases[i].head, cases[i].body);
        wn_doc *d = run_x(h, NULL, cases[i].url, NULL);
        CHECK_STR(d->date, cases[i].date);
        CHECK_STR(meta_str(d, "date_source"), cases[i].src);
        if (i == 1) {
            CHECK_STR(meta_str(d, "updated"), "2021-05-07T00:00:00Z");
            CHECK_STR(json_string_value(json_object_get(d->top, "author")), "Al Bo");
        }
        wn_doc_free(d);
        free(h);
    }
    char ymd[11];
    CHECK(!wn_x_date_iso("13/45/2020", ymd));
    CHECK(wn_x_date_iso("20200102", ymd));
    CHECK_STR(ymd, "2020-01-02");
    CHECK(!wn_x_date_url("https://x.org/1234/56/78/a", ymd));
}

static void no_article_is_rejected_unless_fallback(void)
{
    const char *h = "<html><body><nav><a href=/a>A</a> <a href=/b>B</a></nav><div class=sidebar>Short</div></body></html>";
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK_STR(d->reject, "no-article");
    wn_doc_free(d);
    wn_xopts o = {0};
    o.max_html = 1 << 20;
    o.fallback = 1;
    d = run_x(h, &o, NULL, NULL);
    CHECK(d->reject == NULL);
    CHECK_STR(meta_str(d, "extraction"), "fallback");
    CHECK(strstr(text(d), "Short") != NULL);
    wn_doc_free(d);
}

static void bad_input_is_rejected_not_crashing(void)
{
    /* binary content with an HTML content type */
    char bin[512];
    for (int i = 0; i < 512; i++)
        bin[i] = (char)(i * 7 % 256);
    wn_xopts o = {0};
    o.max_html = 1 << 20;
    wn_doc *d = wn_doc_new();
    CHECK(wn_extract_doc(&o, NULL, bin, sizeof bin, NULL, "text/html", d) == WN_OK);
    CHECK_STR(d->reject, "not-html");
    wn_doc_free(d);
    /* too large */
    o.max_html = 10;
    d = run_x("<p>hello world</p>", &o, NULL, NULL);
    CHECK_STR(d->reject, "too-large");
    wn_doc_free(d);
    /* 10,000-deep nesting and truncated markup */
    size_t n = 10000 * 5 + 400;
    char *deep = malloc(n + 1);
    size_t k = 0;
    for (int i = 0; i < 10000; i++) {
        memcpy(deep + k, "<div>", 5);
        k += 5;
    }
    k += (size_t)snprintf(deep + k, n + 1 - k, "%s<p>unclosed <b><i>tags", P1);
    d = run_x(deep, NULL, NULL, NULL);
    CHECK(d->reject == NULL || !strcmp(d->reject, "no-article"));
    wn_doc_free(d);
    free(deep);
}

static void charset_decision_recorded(void)
{
    char body[2048];
    snprintf(body, sizeof body, "<article>%s<p>Caf\xe9 au lait, cr\xe8me br\xfbl\xe9" "e and other French words in a long sentence.</p>%s</article>", P1, P2);
    char *h = page("<meta charset=\"iso-8859-1\">", body);
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK(strstr(text(d), "Café au lait, crème brûlée") != NULL);
    CHECK_STR(meta_str(d, "charset"), "WINDOWS-1252");
    CHECK_STR(meta_str(d, "charset_source"), "meta");
    wn_doc_free(d);
    free(h);
}

/* After the article's first 400 characters, closing lines (credits,
 * sources, calls to subscribe, author and contact labels) are left out; the
 * same kind of line before that, and prose that merely mentions the words,
 * stays. */
static void closing_lines_left_out_after_the_article(void)
{
    char body[8192];
    snprintf(body, sizeof body,
             "<div class=\"article-body\"><p>Quelle: Stadtverwaltung</p>%s%s%s"
             "<p>The newsletter that the council sent to every household, the mayor said, cost more than the "
             "repairs it announced.</p>"
             "<p>Quelle: dpa</p><p>Titelbild: Jane Doe/Agency</p>"
             "<p>Subscribe now to our e-edition for the full story.</p>"
             "<h3>Über den Autor</h3><p>War der Artikel nützlich?</p>"
             "<p>© 2022 Daily Courier. All rights reserved.</p></div>",
             P1, P2, P3);
    char *h = page("<title>Budget</title>", body);
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK(d->reject == NULL);
    CHECK(has_line(d, "Quelle: Stadtverwaltung"));
    CHECK(strstr(text(d), "The mayor, who backed") != NULL);
    CHECK(strstr(text(d), "The newsletter that the council sent") != NULL);
    CHECK(strstr(text(d), "Quelle: dpa") == NULL);
    CHECK(strstr(text(d), "Titelbild") == NULL);
    CHECK(strstr(text(d), "Subscribe now") == NULL);
    CHECK(strstr(text(d), "Über den Autor") == NULL);
    CHECK(strstr(text(d), "nützlich") == NULL);
    CHECK(strstr(text(d), "All rights reserved") == NULL);
    wn_doc_free(d);
    free(h);
}

/* The schema.org articleBody is kept even where the page's markup puts it
 * inside a <header> (not an article's own): the same page without the
 * itemprop loses it. */
static void article_body_inside_header_kept(void)
{
    char body[8192];
    const char *fmt = "<nav><a href=/a>Home</a> <a href=/b>News</a></nav>"
                      "<header class=\"top\"><h1>Budget</h1><div %s>%s%s%s</div></header>"
                      "<div class=\"more\"><p>Short teaser on the weather, cold and wet for the time of year.</p>"
                      "<p>A second story from the city desk, on the new bus lanes, which the council opened on "
                      "Monday after two years of work.</p>"
                      "<p>A third story from the city desk, on the swimming pool, which stays shut until the spring "
                      "while the roof is mended.</p>"
                      "<p>A fourth story from the city desk, on the market square, where the stalls move to the "
                      "north side for the summer.</p>"
                      "<p>A fifth story from the city desk, on the library, which will open on Sundays from May, "
                      "the council said.</p></div>";
    snprintf(body, sizeof body, fmt, "itemprop=\"articleBody\"", P1, P2, P3);
    char *h = page("<title>Budget</title>", body);
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK(d->reject == NULL);
    CHECK(strstr(text(d), "The council voted") != NULL);
    CHECK(strstr(text(d), "The mayor, who backed") != NULL);
    CHECK(strstr(text(d), "Home") == NULL);
    wn_doc_free(d);
    free(h);

    snprintf(body, sizeof body, fmt, "class=\"x\"", P1, P2, P3);
    h = page("<title>Budget</title>", body);
    d = run_x(h, NULL, NULL, NULL);
    CHECK(strstr(text(d), "The council voted") == NULL);
    CHECK(strstr(text(d), "A second story") != NULL);
    wn_doc_free(d);
    free(h);
}

/* A long lead paragraph alone in a box with a weak negative hint
 * ("teaser-text") beside the article is kept; a weak-hinted box holding
 * several teasers is not. */
static void lead_in_teaser_box_kept(void)
{
    char body[8192];
    snprintf(body, sizeof body,
             "<div class=\"page\"><div class=\"teaser-text\"><p>After months of argument the council has agreed "
             "a budget that lifts spending on schools, roads and parks, and the mayor says the city can now "
             "plan for the next five years.</p></div>"
             "<div class=\"article-body\">%s%s%s</div>"
             "<div class=\"teaser-text\"><p><a href=/pool>Elsewhere in the city</a>: the swimming pool stays shut "
             "until the spring while the roof is mended.</p>"
             "<p><a href=/market>Also today</a>: the market square, where the stalls move to the north side for "
             "the summer.</p></div></div>",
             P1, P2, P3);
    char *h = page("<title>Budget</title>", body);
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK(d->reject == NULL);
    CHECK(strstr(text(d), "After months of argument") != NULL);
    CHECK(strstr(text(d), "The council voted") != NULL);
    CHECK(strstr(text(d), "Elsewhere in the city") == NULL);
    CHECK(strstr(text(d), "Also today") == NULL);
    wn_doc_free(d);
    free(h);
}

/* A schema.org author box (itemprop="author" holding a bio) inside the
 * article is left out; a short byline name is not a bio and stays. */
static void author_bio_box_left_out(void)
{
    char body[8192];
    snprintf(body, sizeof body,
             "<article><div class=\"article-body\"><p>By <span itemprop=\"author\">Jane Doe</span></p>%s%s%s"
             "<div class=\"box\" itemprop=\"author\"><p>Jane Doe has covered the city council since 2010 and "
             "writes about transport, housing and the budget.</p></div></div></article>",
             P1, P2, P3);
    char *h = page("<title>Budget</title>", body);
    wn_doc *d = run_x(h, NULL, NULL, NULL);
    CHECK(d->reject == NULL);
    CHECK(strstr(text(d), "The mayor, who backed") != NULL);
    CHECK(strstr(text(d), "has covered the city council") == NULL);
    CHECK(strstr(text(d), "By Jane Doe") != NULL);
    wn_doc_free(d);
    free(h);
}

int main(void)
{
    CHECK(wn_extract_global_init(NULL, 0) == WN_OK);
    RUN(nav_header_footer_left_out);
    RUN(article_chosen_over_link_heavy_sidebar);
    RUN(repeated_template_text_neither_scores_nor_shows);
    RUN(datelines_left_out_sentences_with_dates_kept);
    RUN(structure_each_on_its_own_line);
    RUN(tables_only_with_the_flag);
    RUN(captions_and_credits_go_to_meta);
    RUN(comments_only_with_the_flag);
    RUN(links_only_with_the_flag);
    RUN(title_author_lang);
    RUN(date_from_each_source);
    RUN(no_article_is_rejected_unless_fallback);
    RUN(bad_input_is_rejected_not_crashing);
    RUN(charset_decision_recorded);
    RUN(related_heading_ends_the_article);
    RUN(far_lead_paragraph_kept_when_long);
    RUN(commentary_class_is_not_comments);
    RUN(closing_lines_left_out_after_the_article);
    RUN(article_body_inside_header_kept);
    RUN(lead_in_teaser_box_kept);
    RUN(author_bio_box_left_out);
    HARNESS_EXIT();
}
