/* test_dedup_partition.c: the partition function and the merge of
 * partitioned pair files (wn_dedup_merge_pairs) on hand-made pairs whose
 * leader-clustering answer is worked out below: chains, ties, the most
 * similar leader, a pair found by two partitions, --max-cluster, and
 * malformed or inconsistent files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "dedup/dedup.h"
#include "winnow.h"

static char dir[] = "/tmp/wn_part_XXXXXX";

static const char *path(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void put(const char *name, const char *text)
{
    FILE *f = fopen(path(name), "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

#define PAIR(a, b, sa, sb, j) \
    "{\"a\":\"" a "\",\"b\":\"" b "\",\"similarity\":" #j ",\"seq_a\":" #sa ",\"seq_b\":" #sb ",\"j\":" #j "}\n"

static char *slurp(const char *p)
{
    FILE *f = fopen(p, "r");
    if (!f)
        return NULL;
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

static void test_partition_of(void)
{
    CHECK_EQ_INT(wn_dedup_partition_of(12345, 1), 0);
    CHECK_EQ_INT(wn_dedup_partition_of(12345, 0), 0);
    unsigned cnt[3] = {0};
    uint64_t x = 1;
    for (int i = 0; i < 30000; i++) {
        x = x * 6364136223846793005u + 1442695040888963407u;
        unsigned p = wn_dedup_partition_of(x, 3);
        CHECK(p < 3);
        if (p < 3)
            cnt[p]++;
        CHECK(wn_dedup_partition_of(x, 3) == p);   /* a function of the key */
    }
    for (int p = 0; p < 3; p++)   /* balanced: 10,000 +- 5 sigma */
        CHECK(cnt[p] > 10000 - 410 && cnt[p] < 10000 + 410);
}

static void test_merge(void)
{
    /* file 0 and file 1 as two partitions would write them:
     *  - chain d0 - d1 - d2: d1 is removed as a copy of d0; d2's only pair
     *    is with d1, which is not kept, so d2 stays;
     *  - d5 pairs with d3 and d4 at the same similarity: the earlier, d3;
     *  - d8 pairs with d6 (0.81) and d7 (0.93): the more similar, d7;
     *  - (d3, d5) is in both files (two shared keys in two partitions). */
    put("p0", PAIR("d0", "d1", 0, 1, 0.9) PAIR("d3", "d5", 3, 5, 0.85) PAIR("d6", "d8", 6, 8, 0.81));
    put("p1", PAIR("d1", "d2", 1, 2, 0.95) PAIR("d4", "d5", 4, 5, 0.85) PAIR("d3", "d5", 3, 5, 0.85)
                  PAIR("d7", "d8", 7, 8, 0.93));
    const char *files[] = {path("p0"), path("p1")};
    uint64_t removed = 99;
    CHECK(wn_dedup_merge_pairs(files, 2, 0, path("plan"), &removed) == WN_OK);
    CHECK_EQ_INT(removed, 3);
    CHECK_STR(slurp(path("plan")),
              "{\"seq\":1,\"id\":\"d1\",\"dup_of\":\"d0\",\"similarity\":0.90000000000000002}\n"
              "{\"seq\":5,\"id\":\"d5\",\"dup_of\":\"d3\",\"similarity\":0.84999999999999998}\n"
              "{\"seq\":8,\"id\":\"d8\",\"dup_of\":\"d7\",\"similarity\":0.93000000000000005}\n");
    /* the order of the files does not matter */
    const char *rev[] = {path("p1"), path("p0")};
    char *first = strdup(slurp(path("plan")));
    CHECK(wn_dedup_merge_pairs(rev, 2, 0, path("plan2"), NULL) == WN_OK);
    CHECK_STR(slurp(path("plan2")), first);
    free(first);

    /* --max-cluster 2: d10 takes d11 (cluster of 2), then d12 finds d10
     * full and d11 removed: d12 is spared and leads d13 */
    put("mc", PAIR("d10", "d11", 10, 11, 0.9) PAIR("d10", "d12", 10, 12, 0.9) PAIR("d11", "d12", 11, 12, 0.95)
                  PAIR("d10", "d13", 10, 13, 0.99) PAIR("d12", "d13", 12, 13, 0.8));
    const char *mc[] = {path("mc")};
    CHECK(wn_dedup_merge_pairs(mc, 1, 2, path("plan3"), &removed) == WN_OK);
    CHECK_EQ_INT(removed, 2);
    CHECK_STR(slurp(path("plan3")),
              "{\"seq\":11,\"id\":\"d11\",\"dup_of\":\"d10\",\"similarity\":0.90000000000000002}\n"
              "{\"seq\":13,\"id\":\"d13\",\"dup_of\":\"d12\",\"similarity\":0.80000000000000004}\n");
    /* without the limit d12 and d13 are copies of d10 */
    CHECK(wn_dedup_merge_pairs(mc, 1, 0, path("plan4"), &removed) == WN_OK);
    CHECK_EQ_INT(removed, 3);

    /* empty input: empty plan */
    put("empty", "");
    const char *em[] = {path("empty")};
    CHECK(wn_dedup_merge_pairs(em, 1, 0, path("plan5"), &removed) == WN_OK);
    CHECK_EQ_INT(removed, 0);
    CHECK_STR(slurp(path("plan5")), "");
}

static void test_merge_errors(void)
{
    /* one pair, two similarities: files of different runs */
    put("x0", PAIR("a", "b", 0, 1, 0.9));
    put("x1", PAIR("a", "b", 0, 1, 0.91));
    const char *f[] = {path("x0"), path("x1")};
    CHECK(wn_dedup_merge_pairs(f, 2, 0, path("plan"), NULL) == WN_ERR_DATA);
    CHECK(strstr(wn_last_error(), "two different similarities") != NULL);
    /* plain --pairs-out lines (no positions), seq_a >= seq_b, not JSON */
    put("y0", "{\"a\":\"a\",\"b\":\"b\",\"similarity\":0.9}\n");
    put("y1", PAIR("a", "b", 2, 1, 0.9));
    put("y2", "garbage\n");
    for (int i = 0; i < 3; i++) {
        char name[4] = {'y', (char)('0' + i), 0, 0};
        const char *g[] = {path(name)};
        CHECK(wn_dedup_merge_pairs(g, 1, 0, path("plan"), NULL) == WN_ERR_FORMAT);
    }
    const char *h[] = {path("nonexistent")};
    CHECK(wn_dedup_merge_pairs(h, 1, 0, path("plan"), NULL) == WN_ERR_IO);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    RUN(test_partition_of);
    RUN(test_merge);
    RUN(test_merge_errors);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    HARNESS_EXIT();
}
