/* C4BadWordsFilter (quality-rules.md §5.3): hand-worked matches on small
 * lists, then the installed LDNOOBW lists (make check / tools/setup.sh
 * installs them in data/filter/badwords/). */
#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include "filter/badwords.h"
#include "filter/pytext.h"

static int hit(const wn_badlist *l, const char *text)
{
    return wn_badlist_search(l, text, strlen(text), NULL);
}

/* Word-boundary languages: \W or the text's edge on both sides. */
static void test_boundaries(void)
{
    const char list[] = "  ass \nbad word\nfoo_\nCapital\n\n";
    wn_badlist *l;
    CHECK(wn_badlist_new("en", list, sizeof list - 1, &l) == WN_OK);
    CHECK(hit(l, "ass"));                 /* whole text */
    CHECK(hit(l, "an ass."));             /* space before, '.' after */
    CHECK(hit(l, "(ass)"));
    CHECK(hit(l, "x\nass\ny"));
    CHECK(!hit(l, "class"));              /* letter before */
    CHECK(!hit(l, "assassin"));           /* letter after */
    CHECK(!hit(l, "ass2"));               /* digit after: \w */
    CHECK(!hit(l, "_ass"));               /* '_' is \w */
    CHECK(!hit(l, "éass"));               /* é is a letter: \w */
    CHECK(hit(l, "\xe2\x80\x94" "ass"));  /* em dash (Pd) is \W */
    CHECK(hit(l, "ass\xcc\x81"));        /* U+0301 (Mn) is \W in Python re: hit */
    CHECK(hit(l, "a bad word here"));     /* multi-word entry, stripped */
    CHECK(!hit(l, "a bad wordy"));
    CHECK(hit(l, "foo_ bar"));            /* entry ending in a \w char */
    CHECK(!hit(l, "capital"));            /* entries are not lower-cased */
    CHECK(!hit(l, ""));
    const char *w = NULL;
    CHECK(wn_badlist_search(l, "so, bad word!", 13, &w) && w && !strcmp(w, "bad word"));
    wn_badlist_free(l);
}

/* ja/th/zh: substring search, and the allow-list. */
static void test_substring_and_allow(void)
{
    const char ja[] = "sm\n\xe3\x82\xb0\xe3\x83\xad\n\xe3\x82\xa2\xe3\x83\x8a\xe3\x83\xab\n"; /* sm, グロ, アナル */
    wn_badlist *l;
    CHECK(wn_badlist_new("ja", ja, sizeof ja - 1, &l) == WN_OK);
    CHECK(hit(l, "\xe3\x81\x93\xe3\x82\xa2\xe3\x83\x8a\xe3\x83\xab\xe3\x81\x93"));  /* こアナルこ */
    CHECK(!hit(l, "small"));             /* "sm" allow-listed for ja */
    CHECK(!hit(l, "\xe3\x82\xb0\xe3\x83\xad"));     /* グロ allow-listed */
    wn_badlist_free(l);
    const char en[] = "sm\n";
    CHECK(wn_badlist_new("en", en, sizeof en - 1, &l) == WN_OK);
    CHECK(hit(l, "an sm b"));            /* the allow-list is ja's only */
    CHECK(!hit(l, "small"));
    wn_badlist_free(l);
    const char th[] = "abc\n";
    CHECK(wn_badlist_new("th", th, sizeof th - 1, &l) == WN_OK);
    CHECK(hit(l, "xxabcxx"));            /* substring for th */
    wn_badlist_free(l);
}

/* The installed lists: every language loads; a listed word is found in
 * lower-cased text, a listed word inside a longer word is not. */
static void test_installed_lists(void)
{
    wn_badwords *b;
    char err[512] = "";
    CHECK(wn_badwords_load("data", &b, err, sizeof err) == WN_OK);
    if (!b) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    for (size_t i = 0; i < 28; i++)
        CHECK(wn_badwords_find(b, wn_badwords_langs[i]) != NULL);
    CHECK(wn_badwords_find(b, "xx") == NULL);
    const wn_badlist *en = wn_badwords_find(b, "en");
    wn_buf low = WN_BUF_INIT;
    const char text[] = "He called the referee an ASSHOLE.";
    CHECK(wn_py_lower(&low, text, sizeof text - 1) == WN_OK);
    CHECK(wn_badlist_search(en, low.data, low.len, NULL));
    CHECK(!hit(en, "the class assessment of the bass player"));
    CHECK(!hit(en, "a perfectly ordinary sentence about the weather."));
    /* zh: 性 is allow-listed (common in words like 性别 / 可能性) */
    const wn_badlist *zh = wn_badwords_find(b, "zh");
    CHECK(!hit(zh, "\xe5\x8f\xaf\xe8\x83\xbd\xe6\x80\xa7"));  /* 可能性 */
    wn_buf_free(&low);
    wn_badwords_free(b);
}

static void test_uniform(void)
{
    double a = wn_badwords_uniform(1, "doc-1"), b2 = wn_badwords_uniform(1, "doc-1");
    CHECK(a == b2 && a >= 0 && a < 1);
    CHECK(wn_badwords_uniform(2, "doc-1") != a);
    /* roughly uniform: of 1000 ids about half fall under 0.5 */
    int under = 0;
    char id[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(id, sizeof id, "id-%d", i);
        under += wn_badwords_uniform(7, id) < 0.5;
    }
    CHECK(under > 430 && under < 570);
}

int main(void)
{
    RUN(test_boundaries);
    RUN(test_substring_and_allow);
    RUN(test_installed_lists);
    RUN(test_uniform);
    return harness_failed_tests != 0;
}
