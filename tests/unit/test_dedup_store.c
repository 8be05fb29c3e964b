/* test_dedup_store.c: the bounded-memory pieces of near-dedup (issue 5):
 * the spill log (round trip across its write buffer, unlinked file) and
 * the fingerprint multimap (against a plain sorted reference, through
 * flushes and in-place merges; fingerprint collisions). */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "dedup/store.h"
#include "dedup_keys.h"

static uint64_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    uint64_t x = *s;
    x ^= x >> 29;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    return x ^ (x >> 32);
}

static int dir_entries(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

/* Records of 1 byte to 3 MB (crossing the 1 MB write buffer), read back in
 * another order, some from the file and some from the buffer. */
static void test_spill_roundtrip(void)
{
    char dir[] = "/tmp/wn-spill-test-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    wn_spill *s;
    CHECK(wn_spill_open(dir, &s) == WN_OK);
    CHECK_EQ_INT(dir_entries(dir), 0);   /* the file is unlinked at once */
    enum { N = 400 };
    uint64_t off[N];
    size_t len[N];
    uint64_t seed = 7, total = 0;
    unsigned char *buf = malloc(3 << 20), *got = malloc(3 << 20);
    for (int i = 0; i < N; i++) {
        len[i] = i == 100 ? (3u << 20) : i == 200 ? 1 : (size_t)(rnd(&seed) % 20000) + 1;
        for (size_t k = 0; k < len[i]; k++)
            buf[k] = (unsigned char)(i * 31 + k * 7);
        CHECK(wn_spill_append(s, buf, len[i], &off[i]) == WN_OK);
        CHECK(off[i] == total);
        total += len[i];
        if (i % 50 == 49) {   /* read an earlier one while appending */
            int j = (int)(rnd(&seed) % (uint64_t)(i + 1));
            CHECK(wn_spill_read(s, off[j], got, len[j]) == WN_OK);
            int bad = 0;
            for (size_t k = 0; k < len[j]; k++)
                bad += got[k] != (unsigned char)(j * 31 + k * 7);
            CHECK_EQ_INT(bad, 0);
        }
    }
    CHECK(wn_spill_size(s) == total);
    for (int i = N - 1; i >= 0; i--) {
        CHECK(wn_spill_read(s, off[i], got, len[i]) == WN_OK);
        int bad = 0;
        for (size_t k = 0; k < len[i]; k++)
            bad += got[k] != (unsigned char)(i * 31 + k * 7);
        CHECK_EQ_INT(bad, 0);
    }
    /* a read that straddles the file and the write buffer */
    CHECK(wn_spill_read(s, total - 10, got, 10) == WN_OK);
    CHECK(wn_spill_read(s, total - 5, got, 10) == WN_ERR_ARG);   /* past the end */
    CHECK(wn_spill_read(s, total + 1, got, 0) == WN_ERR_ARG);
    wn_spill_close(s);
    CHECK(wn_spill_open("/nonexistent/dir", &s) == WN_ERR_IO);
    CHECK_EQ_INT(dir_entries(dir), 0);
    rmdir(dir);
    free(buf);
    free(got);
}

typedef struct kd { uint64_t key; uint32_t doc; } kd;

static int kd_cmp(const void *a, const void *b)
{
    const kd *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->doc > y->doc) - (x->doc < y->doc);
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* 300,000 entries (keys shared by up to 40 documents), i.e. several
 * flushes and in-place merges; every look-up returns exactly the documents
 * of the key plus documents of other keys with the same fingerprint. */
static void test_fptab_reference(void)
{
    wn_fptab *t;
    CHECK(wn_fptab_new(&t) == WN_OK);
    enum { N = 300000, KEYS = 120000 };
    uint64_t *keys = malloc(KEYS * sizeof *keys), seed = 11;
    for (int i = 0; i < KEYS; i++)
        keys[i] = rnd(&seed);
    kd *ref = malloc(N * sizeof *ref);
    size_t max_runs = 0;
    for (uint32_t i = 0; i < N; i++) {
        uint64_t r = rnd(&seed);
        /* skewed: a few keys are shared by many documents */
        uint64_t k = keys[(r & 7) == 0 ? (r >> 8) % 40 : (r >> 8) % KEYS];
        ref[i] = (kd){k, i / 3};   /* three keys a document */
        CHECK(wn_fptab_add(t, k, i / 3) == WN_OK);
        if (wn_fptab_runs(t) > max_runs)
            max_runs = wn_fptab_runs(t);
    }
    qsort(ref, N, sizeof *ref, kd_cmp);
    size_t uniq = 0;
    for (size_t i = 0; i < N; i++)
        uniq += !i || ref[i].key != ref[i - 1].key || ref[i].doc != ref[i - 1].doc;
    CHECK_EQ_INT(wn_fptab_count(t), uniq);
    CHECK(max_runs >= 2 && max_runs <= 12);
    uint32_t *v = NULL;
    size_t n, cap = 0;
    int bad = 0, extra = 0;
    for (int q = 0; q < KEYS + 1000; q++) {
        uint64_t k = q < KEYS ? keys[q] : rnd(&seed);   /* and keys never added */
        n = 0;
        CHECK(wn_fptab_find(t, k, &v, &n, &cap) == WN_OK);
        qsort(v, n, sizeof *v, u32_cmp);
        /* expected: the documents of k */
        kd lo = {k, 0};
        kd *p = bsearch(&lo, ref, N, sizeof *ref, kd_cmp);
        size_t a = 0;
        if (!p) {   /* find the first entry of k, if any */
            size_t l = 0, h = N;
            while (l < h) {
                size_t m = (l + h) / 2;
                if (ref[m].key < k) l = m + 1; else h = m;
            }
            p = l < N && ref[l].key == k ? &ref[l] : NULL;
        }
        for (; p && p < ref + N && p->key == k; p++) {
            if (p > ref && p[-1].key == k && p[-1].doc == p->doc)
                continue;   /* the same (key, document) twice: stored once */
            /* p->doc must be in v */
            while (a < n && v[a] < p->doc) {
                extra++;
                a++;
            }
            if (a < n && v[a] == p->doc) {
                a++;
                while (a < n && v[a] == p->doc)
                    a++;   /* the same document under a colliding key */
            } else {
                bad++;
            }
        }
        extra += (int)(n - a);
    }
    CHECK_EQ_INT(bad, 0);
    /* extra results are fingerprint collisions: with 32-bit fingerprints
     * and ~10^5 distinct keys, a handful at most */
    CHECK(extra < 50);
    free(v);
    free(ref);
    free(keys);
    wn_fptab_free(t);
}

/* Two different keys with the same 32-bit fingerprint (a birthday search
 * over 2^18 keys): a look-up of one returns the other's documents, which
 * is why every caller compares the full key. */
static void test_fptab_collision(void)
{
    uint64_t k1, k2;
    CHECK(fp_collision(&k1, &k2));
    CHECK(k1 != k2 && wn_fptab_fp(k1) == wn_fptab_fp(k2));
    wn_fptab *t;
    CHECK(wn_fptab_new(&t) == WN_OK);
    CHECK(wn_fptab_add(t, k1, 7) == WN_OK);
    uint32_t *r = NULL;
    size_t n = 0, cap = 0;
    CHECK(wn_fptab_find(t, k2, &r, &n, &cap) == WN_OK);
    CHECK(n == 1 && r[0] == 7);   /* in the buffer */
    for (uint32_t i = 0; i < 100000; i++)   /* push it into a sorted run */
        CHECK(wn_fptab_add(t, key_of((UINT64_C(1) << 18) + i), 100 + i) == WN_OK); /* not among the searched keys */
    CHECK(wn_fptab_runs(t) >= 1);
    n = 0;
    CHECK(wn_fptab_find(t, k2, &r, &n, &cap) == WN_OK);
    int has7 = 0;
    for (size_t i = 0; i < n; i++)
        has7 |= r[i] == 7;
    CHECK(has7);
    free(r);
    wn_fptab_free(t);
}

/* Anonymous mappings grow keeping their contents and start zeroed. */
static void test_map_resize(void)
{
    uint32_t *p = NULL;
    size_t cap = 0;
    CHECK(wn_map_resize((void **)&p, &cap, 10 * sizeof *p) == WN_OK);
    CHECK(cap == 4096 && p[9] == 0);
    for (uint32_t i = 0; i < 1024; i++)
        p[i] = i * 3;
    CHECK(wn_map_resize((void **)&p, &cap, (1u << 22) * sizeof *p) == WN_OK);
    int bad = 0;
    for (uint32_t i = 0; i < 1024; i++)
        bad += p[i] != i * 3;
    CHECK_EQ_INT(bad, 0);
    CHECK(p[(1u << 22) - 1] == 0);
    wn_map_free(p, cap);
}

int main(void)
{
    RUN(test_spill_roundtrip);
    RUN(test_fptab_reference);
    RUN(test_fptab_collision);
    RUN(test_map_resize);
    HARNESS_EXIT();
}
