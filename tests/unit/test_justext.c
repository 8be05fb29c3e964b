/* test_justext.c: jusText's classification (quality-rules.md §10) on
 * synthetic paragraphs with a three-word stoplist.  (jusText's own stoplists
 * are not shipped: data/justext/README.md.) */
#include <stdio.h>
#include <stdlib.h>
#include "harness.h"
#include "justext/justext.h"

static wn_jt_stoplist *SL;
static wn_jt_params P;
static char store[16][1024];

/* "the big dog " has stop-word density 1/3 (>= 0.32): 18 copies = 216
 * chars (good), 10 copies = 120 (near-good).  "big dog cat " is bad at
 * >= 70 chars.  "x" is short. */
static const char *mk(int slot, const char *unit, int reps)
{
    store[slot][0] = 0;
    for (int i = 0; i < reps; i++)
        strcat(store[slot], unit);
    return store[slot];
}

static void classify(const char *const *t, size_t n, const int *heading, uint8_t *out)
{
    wn_jt_para p[16] = {{0}};
    for (size_t i = 0; i < n; i++) {
        p[i].text = t[i];
        p[i].len = strlen(t[i]);
        p[i].heading = heading ? heading[i] : 0;
    }
    wn_jt_classify(p, n, SL, &P);
    for (size_t i = 0; i < n; i++)
        out[i] = p[i].cls;
}

static void test_context_free_and_short(void)
{
    const char *good = mk(0, "the big dog ", 18), *near = mk(1, "the big dog ", 10), *bad = mk(2, "big dog cat ", 8);
    uint8_t c[8];
    const char *t1[] = {good, "Short line", good};
    classify(t1, 3, NULL, c);
    CHECK(c[1] == WN_JT_GOOD); /* short between good and good */
    const char *t2[] = {bad, "Short line", bad};
    classify(t2, 3, NULL, c);
    CHECK(c[1] == WN_JT_BAD);
    /* mixed: bad side, near-good next to it -> good */
    const char *t3[] = {good, "Short line", near, bad};
    classify(t3, 4, NULL, c);
    CHECK(c[1] == WN_JT_GOOD); /* prev good; next past near-good is bad; next stopping at near-good: near-good */
    CHECK(c[2] == WN_JT_GOOD); /* near-good with good before */
    CHECK(c[3] == WN_JT_BAD);
    /* © and edges: a short block at the start has a bad edge */
    const char *t4[] = {"Short", "\xC2\xA9 2025 Agency, a very long line of text that is otherwise fine, the big dog of a", good};
    classify(t4, 3, NULL, c);
    CHECK(c[0] == WN_JT_BAD && c[1] == WN_JT_BAD && c[2] == WN_JT_GOOD);
}

static void test_neargood_between_bad_is_bad(void)
{
    /* §12.1's Russian page: two near-good paragraphs (< 200 chars) between
     * bad blocks lose the whole article */
    const char *near = mk(1, "the big dog ", 10), *near2 = mk(3, "the big dog ", 12), *bad = mk(2, "big dog cat ", 8);
    const char *t[] = {bad, near, near2, bad};
    uint8_t c[4];
    classify(t, 4, NULL, c);
    CHECK(c[1] == WN_JT_BAD && c[2] == WN_JT_BAD);
    /* lengthening one to > 200 keeps both */
    const char *t2[] = {bad, near, mk(4, "the big dog ", 18), bad};
    classify(t2, 4, NULL, c);
    CHECK(c[1] == WN_JT_GOOD && c[2] == WN_JT_GOOD);
}

static void test_headings(void)
{
    const char *good = mk(0, "the big dog ", 18), *bad = mk(2, "big dog cat ", 8);
    const char *t[] = {bad, "A headline", good, bad};
    int h[] = {0, 1, 0, 0};
    uint8_t c[4];
    classify(t, 4, h, c);
    CHECK(c[1] == WN_JT_GOOD); /* short heading -> near-good (pre-pass) -> good */
    int h0[] = {0, 0, 0, 0};
    classify(t, 4, h0, c);
    CHECK(c[1] == WN_JT_BAD); /* as a plain short block: mixed, and the bad side has no near-good */
}

int main(void)
{
    static const char *const words[] = {"The", "a", "of"};
    wn_jt_stoplist_from_words(words, 3, &SL);
    wn_jt_defaults(&P);
    RUN(test_context_free_and_short);
    RUN(test_neargood_between_bad_is_bad);
    RUN(test_headings);
    wn_jt_stoplist_free(SL);
    HARNESS_EXIT();
}
