/* test_tailtext.c: the closing-line phrase lists of src/extract/tailtext.c. */
#include <string.h>

#include "harness.h"
#include "extract/tailtext.h"

static int kind(const char *s) { return wn_x_tail_kind(s, strlen(s)); }

static void boilerplate_lines_recognised(void)
{
    static const char *const lines[] = {
        "Quelle: dpa",
        "Titelbild: Geyres Christophe/ABACA/picture-alliance",
        "Crédits photos : Bestimage",
        "This entry was posted in Allgemein. Bookmark the permalink.",
        "Der Beitrag wurde am Mittwoch, den 27. November 2019 um 15:21 Uhr veröffentlicht.",
        "Subscribe now to our e-edition for the full story.",
        "Lust auf mehr? Melde dich hier für unseren Newsletter an!",
        "Follow the Courier on Twitter and on Facebook for updates.",
        "Download our app for the latest stories.",
        "If you enjoyed reading this post, would you consider supporting our work?",
        "Get the latest news straight to your phone.",
        "Weitere Informationen zum Coronavirus in Thüringen:",
        "© 2022 Daily Courier. All rights reserved.",
        "Dieser Text wurde veröffentlicht unter der Lizenz CC-BY-NC-ND-4.0-DE.",
        "SUGGESTED CITATION Doe, Jane: A post, Blog, 2020/4/09.",
        "ANZEIGE - Heute mal ausgehen?",
        "War der Artikel nützlich?",
        "Was this article helpful?",
        "Stand: 05. Februar 2020",
        "Abbildung 4: klassische Schwachschicht.",
        "¿Ya sabías que tenemos canal de Telegram? Únete aquí.",
        "Support independent journalism: become a member today.",
        NULL};
    for (int i = 0; lines[i]; i++)
        if (kind(lines[i]) != WN_TAIL_LINE) {
            fprintf(stderr, "not a tail line: %s\n", lines[i]);
            harness_failures++;
        }
}

static void labels_recognised(void)
{
    static const char *const labels[] = {
        "Kontakt:", "Über den Autor", "About the author", "Quellenangaben:", "Weitere Informationen",
        "Diskutieren Sie mit uns", "Leave a reply", "Next article", "Vorschau auf den nächsten Artikel",
        "Weiterlesen:", NULL};
    for (int i = 0; labels[i]; i++)
        if (kind(labels[i]) != WN_TAIL_LABEL) {
            fprintf(stderr, "not a tail label: %s\n", labels[i]);
            harness_failures++;
        }
}

/* Article sentences that merely mention the words, and lines that are too
 * long to be boilerplate, are not matched. */
static void article_text_not_matched(void)
{
    CHECK_EQ_INT(kind("The council sent a newsletter to every household last year, and few read it, the mayor "
                      "said on Tuesday when she presented the figures, which showed that only one in ten of "
                      "the letters had been opened at all, and that the money would have been better spent on "
                      "the roads and the schools of the city, as the opposition had said for years."), WN_TAIL_NONE);
    CHECK_EQ_INT(kind("Die Quelle des Flusses liegt im Gebirge."), WN_TAIL_NONE);
    CHECK_EQ_INT(kind("Kontakt mit dem Virus hatten nach Angaben der Behörden mehr als 200 Menschen"), WN_TAIL_NONE);
    CHECK_EQ_INT(kind("He said the figure was wrong."), WN_TAIL_NONE);
    CHECK_EQ_INT(kind("Read more about the budget in our archive"), WN_TAIL_NONE);
    /* a call inside a longer sentence: too far from the start or the end */
    CHECK_EQ_INT(kind("Got a question about the new parking rules? Our city reporter can be reached by email at "
                      "the usual address. Follow him on Twitter or on Facebook."), WN_TAIL_NONE);
    CHECK_EQ_INT(kind("If you only want the sports package, you can sign up for a free two-week trial first. After "
                      "that you pay eight euros a month, or a yearly fee that saves you two months."), WN_TAIL_NONE);
    CHECK_EQ_INT(kind("Follow us on Twitter or on Facebook."), WN_TAIL_LINE);
    CHECK_EQ_INT(kind(""), WN_TAIL_NONE);
    CHECK_EQ_INT(kind(" . "), WN_TAIL_NONE);
}

int main(void)
{
    RUN(boilerplate_lines_recognised);
    RUN(labels_recognised);
    RUN(article_text_not_matched);
    HARNESS_EXIT();
}
