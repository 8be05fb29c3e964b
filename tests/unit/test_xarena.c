/* test_xarena.c: the per-page arena behind libxml2's allocation hooks
 * (src/extract/xarena.c), alone and under libxml2's HTML parser.  Run under
 * ASan (leaks on) and valgrind by tests/run.sh: a block routed to the wrong
 * allocator shows up there as an invalid or missing free. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "extract/extract.h"
#include "extract/xarena.h"
#include "extract/xmlapi.h"

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(seed * 31u + i * 7u);
}

static int same(const unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)(seed * 31u + i * 7u))
            return 0;
    return 1;
}

static void outside_a_page_blocks_come_from_libc(void)
{
    wn_xarena *a = wn_xarena_new(0, 0);
    char *p = wn_xarena_hook_malloc(100);
    CHECK(p != NULL);
    CHECK(!wn_xarena_owns(a, p));
    p = wn_xarena_hook_realloc(p, 5000);
    CHECK(!wn_xarena_owns(a, p));
    char *s = wn_xarena_hook_strdup("outside");
    CHECK_STR(s, "outside");
    CHECK(wn_xarena_used(a) == 0);
    wn_xarena_hook_free(p); /* libc's free: a leak or a bad free would show under ASan/valgrind */
    wn_xarena_hook_free(s);
    wn_xarena_hook_free(NULL);
    wn_xarena_free(a);
}

static void blocks_inside_a_page_are_the_arenas(void)
{
    wn_xarena *a = wn_xarena_new(0, 0);
    char *before = wn_xarena_hook_malloc(64); /* made before the page, freed inside it */
    wn_xarena_enter(a);
    char *p = wn_xarena_hook_malloc(10), *q = wn_xarena_hook_malloc(1);
    char *z = wn_xarena_hook_malloc(0);
    CHECK(p && q && z && p != q && q != z);
    CHECK(wn_xarena_owns(a, p) && wn_xarena_owns(a, q) && wn_xarena_owns(a, z));
    CHECK((uintptr_t)p % 16 == 0 && (uintptr_t)q % 16 == 0 && (uintptr_t)z % 16 == 0);
    CHECK(!wn_xarena_owns(a, before));
    memcpy(p, "0123456789", 10);
    size_t used = wn_xarena_used(a);
    CHECK(used >= 11);
    wn_xarena_hook_free(q); /* a no-op inside the arena */
    CHECK(wn_xarena_used(a) == used);
    CHECK(!memcmp(p, "0123456789", 10));
    char *s = wn_xarena_hook_strdup("inside the page");
    CHECK(wn_xarena_owns(a, s));
    CHECK_STR(s, "inside the page");
    wn_xarena_hook_free(before); /* not the arena's: back to libc */
    char *r = wn_xarena_hook_realloc(NULL, 20);
    CHECK(wn_xarena_owns(a, r));
    CHECK(!wn_xarena_spilled(a));
    wn_xarena_leave();
    char *after = wn_xarena_hook_malloc(8);
    CHECK(!wn_xarena_owns(a, after));
    wn_xarena_hook_free(after);
    wn_xarena_reset(a);
    CHECK(wn_xarena_used(a) == 0);
    CHECK(!wn_xarena_owns(a, p));
    wn_xarena_free(a);
}

static void realloc_grows_in_place_or_copies(void)
{
    wn_xarena *a = wn_xarena_new(0, 0);
    wn_xarena_enter(a);
    unsigned char *p = wn_xarena_hook_malloc(100);
    fill(p, 100, 1);
    unsigned char *p2 = wn_xarena_hook_realloc(p, 1000); /* the last block: in place */
    CHECK(p2 == p);
    CHECK(same(p2, 100, 1));
    fill(p2, 1000, 2);
    unsigned char *p3 = wn_xarena_hook_realloc(p2, 50); /* shrinks in place */
    CHECK(p3 == p2 && same(p3, 50, 2));
    unsigned char *other = wn_xarena_hook_malloc(30);
    fill(other, 30, 3);
    unsigned char *p4 = wn_xarena_hook_realloc(p3, 4000); /* not the last one now: copied */
    CHECK(p4 != p3 && wn_xarena_owns(a, p4));
    CHECK(same(p4, 50, 2));
    CHECK(same(other, 30, 3));
    /* a growing buffer, as libxml2's text and xmlBuf do, across chunks */
    size_t n = 16;
    unsigned char *g = wn_xarena_hook_malloc(n);
    fill(g, n, 4);
    while (n < (size_t)6 << 20) {
        unsigned char *ng = wn_xarena_hook_realloc(g, n * 2);
        CHECK(ng != NULL);
        CHECK(same(ng, n, 4));
        g = ng;
        n *= 2;
        fill(g, n, 4);
    }
    CHECK(same(other, 30, 3));
    CHECK(!wn_xarena_spilled(a));
    wn_xarena_leave();
    wn_xarena_reset(a);
    wn_xarena_free(a);
}

/* many blocks over several chunks, and big ones between them: none overlaps */
static void blocks_across_chunks_and_big_blocks_stay_apart(void)
{
    enum { N = 6000 };
    static unsigned char *blk[N];
    static size_t len[N];
    wn_xarena *a = wn_xarena_new(0, 0);
    for (int round = 0; round < 2; round++) {
        wn_xarena_enter(a);
        size_t total = 0;
        for (int i = 0; i < N; i++) {
            len[i] = i % 997 == 0 ? (size_t)(3u << 20) + (size_t)i : (size_t)(i * 37 % 1500);
            blk[i] = wn_xarena_hook_malloc(len[i]);
            CHECK(blk[i] != NULL && wn_xarena_owns(a, blk[i]));
            CHECK((uintptr_t)blk[i] % 16 == 0);
            fill(blk[i], len[i], (unsigned)i);
            total += len[i];
        }
        int bad = 0;
        for (int i = 0; i < N; i++)
            bad += !same(blk[i], len[i], (unsigned)i);
        CHECK_EQ_INT(bad, 0);
        CHECK(wn_xarena_used(a) >= total);
        CHECK(!wn_xarena_spilled(a));
        wn_xarena_leave();
        size_t held = wn_xarena_held(a);
        CHECK(held >= total);
        wn_xarena_reset(a);
        /* kept for the next page, but no more than `keep` (16 MiB) */
        CHECK(wn_xarena_held(a) <= (size_t)16 << 20);
        CHECK(wn_xarena_held(a) > 0);
        CHECK(wn_xarena_used(a) == 0);
    }
    /* the same page again reuses the kept chunks instead of growing */
    size_t held = wn_xarena_held(a);
    wn_xarena_enter(a);
    for (int i = 0; i < 2000; i++)
        CHECK(wn_xarena_hook_malloc(100) != NULL);
    wn_xarena_leave();
    CHECK(wn_xarena_held(a) == held);
    wn_xarena_reset(a);
    wn_xarena_free(a);
}

/* past the limit blocks come from libc, are freed by the hook, and the arena says so */
static void past_the_limit_blocks_spill_to_libc(void)
{
    wn_xarena *a = wn_xarena_new(1u << 20, 1u << 20);
    wn_xarena_enter(a);
    unsigned char *small = wn_xarena_hook_malloc(1000);
    fill(small, 1000, 5);
    CHECK(wn_xarena_owns(a, small));
    unsigned char *huge = wn_xarena_hook_malloc(2u << 20); /* over the limit at once */
    CHECK(huge && !wn_xarena_owns(a, huge));
    CHECK(wn_xarena_spilled(a));
    fill(huge, 2u << 20, 6);
    unsigned char *big[40];
    int spilled = 0;
    for (int i = 0; i < 40; i++) {
        big[i] = wn_xarena_hook_malloc(50000);
        fill(big[i], 50000, (unsigned)i);
        spilled += !wn_xarena_owns(a, big[i]);
    }
    CHECK(spilled > 0 && spilled < 40);
    CHECK(wn_xarena_used(a) <= 1u << 20);
    /* an arena block that has to grow past the limit moves to libc, whole */
    unsigned char *moved = wn_xarena_hook_realloc(small, 3u << 20);
    CHECK(moved && !wn_xarena_owns(a, moved));
    CHECK(same(moved, 1000, 5));
    unsigned char *m2 = wn_xarena_hook_realloc(moved, 4u << 20); /* libc's realloc */
    CHECK(same(m2, 1000, 5));
    for (int i = 0; i < 40; i++) {
        CHECK(same(big[i], 50000, (unsigned)i));
        wn_xarena_hook_free(big[i]);
    }
    CHECK(same(huge, 2u << 20, 6));
    wn_xarena_hook_free(huge);
    wn_xarena_hook_free(m2);
    wn_xarena_leave();
    wn_xarena_reset(a);
    CHECK(!wn_xarena_spilled(a));
    CHECK(wn_xarena_held(a) <= 1u << 20);
    wn_xarena_free(a);
}

struct other {
    wn_xarena *a;
    int owned;
};

static void *other_thread(void *arg)
{
    struct other *o = arg;
    void *p = wn_xarena_hook_malloc(64);
    o->owned = wn_xarena_owns(o->a, p);
    wn_xarena_hook_free(p);
    return NULL;
}

/* the hooks are process-wide; only the thread inside the page uses its arena */
static void other_threads_are_not_routed(void)
{
    wn_xarena *a = wn_xarena_new(0, 0);
    wn_xarena_enter(a);
    void *mine = wn_xarena_hook_malloc(64);
    CHECK(wn_xarena_owns(a, mine));
    struct other o = {a, -1};
    pthread_t t;
    CHECK(pthread_create(&t, NULL, other_thread, &o) == 0);
    pthread_join(t, NULL);
    CHECK_EQ_INT(o.owned, 0);
    wn_xarena_leave();
    wn_xarena_reset(a);
    wn_xarena_free(a);
}

static char *big_page(size_t paras)
{
    const char *para = "<div class=\"c\"><p id=\"x\">Some text of a paragraph, with <b>bold</b> and "
                       "<a href=\"/a\">a link</a>, long enough to matter.</p></div>\n";
    size_t n = strlen(para);
    char *h = malloc(64 + paras * n);
    char *w = h;
    w += sprintf(w, "<html><head><title>t</title></head><body>");
    for (size_t i = 0; i < paras; i++, w += n)
        memcpy(w, para, n);
    strcpy(w, "</body></html>");
    return h;
}

/* libxml2's own parser through the hooks: a page whose tree overruns a small
 * limit leaves a mixed tree, which its free functions take apart (arena blocks
 * skipped, libc blocks freed: ASan and valgrind check both); a page within
 * the limit needs no free at all. */
static void libxml2_tree_in_the_arena_and_spilled(void)
{
    CHECK(wn_extract_global_init(NULL, 0) == WN_OK);
    char *h = big_page(3000);
    const int popts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                      HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;
    for (int small = 0; small < 2; small++) {
        wn_xarena *a = wn_xarena_new(small ? 256u << 10 : 0, 0);
        for (int round = 0; round < 3; round++) {
            wn_xarena_enter(a);
            htmlParserCtxtPtr ctxt = wn_xml.NewParserCtxt();
            CHECK(ctxt != NULL);
            xmlDocPtr doc = wn_xml.CtxtReadMemory(ctxt, h, (int)strlen(h), "http://e.com/", "UTF-8", popts);
            CHECK(doc != NULL);
            xmlNode *root = wn_xml.DocGetRootElement(doc);
            CHECK(root && !strcmp((const char *)root->name, "html"));
            xmlChar *c = wn_xml.NodeGetContent(root);
            CHECK(c && strstr((const char *)c, "long enough to matter") != NULL);
            (*wn_xml.Free)(c);
            CHECK(wn_xarena_spilled(a) == small);
            if (wn_xarena_spilled(a)) {
                wn_xml.FreeDoc(doc);
                wn_xml.FreeParserCtxt(ctxt);
            }
            wn_xml.ResetLastError();
            wn_xarena_leave();
            wn_xarena_reset(a);
        }
        wn_xarena_free(a);
    }
    free(h);
}

/* one scratch over many pages gives what a fresh extraction of each gives */
static void scratch_reuse_gives_the_same_text(void)
{
    CHECK(wn_extract_global_init(NULL, 0) == WN_OK);
    wn_xopts o = {0};
    o.max_html = 1 << 26;
    wn_xscratch *sc = wn_xscratch_new();
    CHECK(sc != NULL);
    const char *pages[3];
    char *big = big_page(2000);
    pages[0] = big;
    pages[1] = "<html><body><nav><a href=/>Home</a></nav><article><h1>T</h1><p>The council voted on Tuesday "
               "to approve the new budget, which raises spending on schools, roads and parks.</p><p>Opponents "
               "said the plan leaves the city exposed if tax revenue falls, and promised to fight.</p>"
               "</article></body></html>";
    pages[2] = "<p>broken <b><i>markup</p></div></table>&amp &#xZZ; <<<";
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 3; i++) {
            wn_doc *d1 = wn_doc_new(), *d2 = wn_doc_new();
            CHECK(wn_extract_doc(&o, sc, pages[i], strlen(pages[i]), NULL, NULL, d1) == WN_OK);
            CHECK(wn_extract_doc(&o, NULL, pages[i], strlen(pages[i]), NULL, NULL, d2) == WN_OK);
            CHECK((d1->reject == NULL) == (d2->reject == NULL));
            CHECK(d1->body.len == d2->body.len);
            CHECK(d1->body.len == 0 || !memcmp(d1->body.data, d2->body.data, d1->body.len));
            wn_doc_free(d1);
            wn_doc_free(d2);
        }
    wn_xscratch_free(sc);
    free(big);
}

int main(void)
{
    RUN(outside_a_page_blocks_come_from_libc);
    RUN(blocks_inside_a_page_are_the_arenas);
    RUN(realloc_grows_in_place_or_copies);
    RUN(blocks_across_chunks_and_big_blocks_stay_apart);
    RUN(past_the_limit_blocks_spill_to_libc);
    RUN(other_threads_are_not_routed);
    RUN(libxml2_tree_in_the_arena_and_spilled);
    RUN(scratch_reuse_gives_the_same_text);
    HARNESS_EXIT();
}
