/* test_dedup.c: simplify_text, shingles, MinHash, LSH verification,
 * union-find, keep policies, the index record codec and the LMDB index. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "dedup/dedup.h"
#include "dedup/index.h"
#include "dedup/store.h"
#include "dedup_keys.h"
#include "oph_ref.h"

static char *simp(const char *s)
{
    wn_buf b = WN_BUF_INIT;
    if (wn_dedup_simplify(s, strlen(s), &b) != WN_OK)
        return NULL;
    if (!b.data)
        return strdup("");
    return wn_buf_steal(&b);
}

#define CHECK_SIMP(in, want) do { char *g_ = simp(in); CHECK_STR(g_, want); free(g_); } while (0)

static void test_simplify(void)
{
    /* the observed example of quality-rules.md §2.2 */
    CHECK_SIMP("13:05 27.10.2025 (g\xc3\xbc" "ncellendi: 13:08 27.10.2025)", "0 0 0 0 guncellendi 0 0 0 0");
    CHECK_SIMP("16,5 kg", "0 kg");
    CHECK_SIMP("  Hello,   World!\t\n", "hello world");
    CHECK_SIMP("\xc3\x87" "ay \xc4\xb0stanbul", "cay istanbul");          /* Çay İstanbul */
    CHECK_SIMP("\xc4\xb1" "s\xc4\xb1k", "\xc4\xb1" "s\xc4\xb1k");          /* ı stays ı */
    CHECK_SIMP("\xef\xbc\x91", "0");                                       /* full-width 1 is a digit first */
    CHECK_SIMP("\xce\x9f\xce\x94\xce\x9f\xce\xa3", "\xce\xbf\xce\xb4\xce\xbf\xcf\x82"); /* final sigma */
    CHECK_SIMP("a \xcc\x81 b", "a  b");   /* a mark between whitespace runs leaves two spaces */
    CHECK_SIMP("\xcc\x81 a \xcc\x81", "a");
    CHECK_SIMP("\xc2\xab" "quoted\xc2\xbb \xe2\x80\x94 dash", "quoted dash");
    CHECK_SIMP("\xc2\xa1" "Hola!", "\xc2\xa1" "hola");                  /* ¡ is not in PUNCTUATION */
    /* Devanagari: danda (terminal, not PUNCTUATION) survives, signs (Mn) go */
    CHECK_SIMP("\xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d\xe0\xa4\xa4\xe0\xa5\x87\xe0\xa5\xa4",
               "\xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa4\xa4\xe0\xa5\xa4");
    CHECK_SIMP("1.2.3", "0 0");
    CHECK_SIMP("", "");
    CHECK_SIMP("!!! ...", "");
}

static void test_mt_sha1(void)
{
    wn_mt m;
    wn_mt_seed(&m, 5489);
    CHECK(wn_mt_next32(&m) == 3499211612u);   /* the reference MT19937 output */
    unsigned char d[20];
    wn_sha1("abc", 3, d);
    static const unsigned char want[20] = {0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a, 0xba, 0x3e,
                                           0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c, 0x9c, 0xd0, 0xd8, 0x9d};
    CHECK(!memcmp(d, want, 20));
    wn_sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, d);
    CHECK(d[0] == 0x84 && d[1] == 0x98 && d[19] == 0xf1);
    CHECK(wn_sha1_64("abc", 3) == UINT64_C(0x6a810647363e99a9));
    /* randint stays in range */
    wn_mt_seed(&m, 1);
    for (int i = 0; i < 1000; i++) {
        uint64_t a = wn_mt_randint_u64(&m, 1, (UINT64_C(1) << 61) - 1);
        CHECK(a >= 1 && a < (UINT64_C(1) << 61) - 1);
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void test_sort_jaccard(void)
{
    enum { N = 3000 };
    uint64_t *v = malloc(N * sizeof *v), *w = malloc(N * sizeof *w), *t = malloc(N * sizeof *t);
    uint64_t x = 88172645463325252u;
    for (int i = 0; i < N; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        v[i] = i % 3 == 0 && i ? v[i - 1] : (i % 5 == 0 ? x & 0xffff : x);
    }
    memcpy(w, v, N * sizeof *v);
    qsort(w, N, sizeof *w, cmp_u64);
    size_t k = 1;
    for (size_t i = 1; i < N; i++)
        if (w[i] != w[k - 1])
            w[k++] = w[i];
    size_t n = wn_sort_unique_u64(v, N, t);
    CHECK_EQ_INT(n, k);
    CHECK(!memcmp(v, w, k * sizeof *v));
    uint64_t a[] = {1, 2, 3, 4}, b[] = {3, 4, 5, 6, 7, 8};
    CHECK(wn_jaccard(a, 4, b, 6) == 2.0 / 8.0);
    CHECK(wn_jaccard(a, 4, a, 4) == 1.0);
    CHECK(wn_jaccard(a, 0, b, 0) == 1.0);
    CHECK(wn_jaccard(a, 4, b, 0) == 0.0);
    /* wn_jaccard_any: lists in any order with repeats, as sets */
    wn_jset js = {0};
    double jv = -1;
    CHECK(wn_jaccard_any(&js, a, 0, b, 0, &jv) == WN_OK && jv == 1.0);
    CHECK(wn_jaccard_any(&js, a, 4, b, 0, &jv) == WN_OK && jv == 0.0);
    int all = 1;
    uint64_t xa[600], xb[600], sa[600], sb[600], tmp2[600];
    uint64_t z = 77;
    for (int r = 0; r < 2000 && all; r++) {
        z = z * 6364136223846793005u + 1442695040888963407u;
        size_t na = (size_t)(z >> 33) % 300, nb = (size_t)(z >> 45) % 300;
        for (size_t i = 0; i < na; i++)   /* values from a small range: repeats and overlap */
            xa[i] = key_of((z >> 20) % 7 + (key_of(r * 1000 + i) % (1 + na / 2)));
        for (size_t i = 0; i < nb; i++)
            xb[i] = key_of(key_of(r * 1000 + 500 + i) % (1 + nb / 2));
        memcpy(sa, xa, na * 8);
        memcpy(sb, xb, nb * 8);
        size_t ua = wn_sort_unique_u64(sa, na, tmp2), ub = wn_sort_unique_u64(sb, nb, tmp2);
        all &= wn_jaccard_any(&js, xa, na, xb, nb, &jv) == WN_OK && jv == wn_jaccard(sa, ua, sb, ub);
    }
    CHECK(all);
    wn_jset_free(&js);
    free(v);
    free(w);
    free(t);
}

/* The winnow sketch (one-permutation hashing, optimal densification)
 * equals the plain reference of oph_ref.h, and the fraction of equal
 * values estimates Jaccard. */
static void test_minhash_values(void)
{
    wn_dedup_params p;
    wn_dedup_params_default(&p);
    p.bands = 32;
    p.rows = 8;
    wn_minhasher *mh;
    CHECK(wn_minhasher_new(&p, &mh) == WN_OK);
    enum { NS = 2000 };
    uint64_t *s1 = malloc(NS * sizeof *s1), *s2 = malloc(NS * sizeof *s2);
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < NS; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        s1[i] = x;
        /* s2 shares the first 2/3 of s1: J = (2/3 N) / (4/3 N) = 0.5 */
        s2[i] = i < 2 * NS / 3 ? x : x * 31 + 7;
    }
    uint64_t m1[256], m2[256];
    wn_minhash_values(mh, s1, NS, m1);
    wn_minhash_values(mh, s2, NS, m2);
    uint64_t ref[256];
    ref_oph(ref_seed64(1), 256, s1, NS, ref);
    int same = 1, eq = 0;
    for (int i = 0; i < 256; i++) {
        same &= m1[i] == ref[i];
        eq += m1[i] == m2[i];
    }
    CHECK(same);
    CHECK(eq > 256 * 0.5 - 40 && eq < 256 * 0.5 + 40);   /* ~5 sigma */
    wn_minhasher_free(mh);

    /* datatrove scheme against 128-bit arithmetic */
    wn_dedup_params_fineweb(&p);
    CHECK(wn_minhasher_new(&p, &mh) == WN_OK);
    uint64_t md[112];
    wn_minhash_values(mh, s1, 50, md);
    same = 1;
    for (int i = 0; i < 112; i++) {
        uint64_t a, b, mn = UINT64_MAX;
        wn_minhasher_dt_params(mh, (size_t)i, &a, &b);
        same &= a >= 1 && a < (UINT64_C(1) << 61) - 1 && b < (UINT64_C(1) << 61) - 1;
        for (int j = 0; j < 50; j++) {
            uint64_t y = s1[j] * a + b;   /* numpy uint64 wraps */
            uint64_t r = y % ((UINT64_C(1) << 61) - 1);   /* plain % as numpy */
            mn = r < mn ? r : mn;
        }
        same &= md[i] == mn;
    }
    CHECK(same);
    wn_minhasher_free(mh);
    free(s1);
    free(s2);
}

static void test_shingles(void)
{
    wn_dedup_params p;
    wn_dedup_params_default(&p);
    p.ngram = 3;
    wn_minhasher *mh;
    wn_mh_scratch *s = wn_mh_scratch_new();
    CHECK(wn_minhasher_new(&p, &mh) == WN_OK);
    const uint64_t *sh;
    size_t n;
    CHECK(wn_shingles(mh, s, "a b c d", 7, &sh, &n) == WN_OK);
    CHECK_EQ_INT(n, 2);
    uint64_t h0 = sh[0];
    CHECK(wn_shingles(mh, s, "x a b c", 7, &sh, &n) == WN_OK);
    CHECK_EQ_INT(n, 2);
    CHECK(sh[1] == h0);                       /* same 3-gram, same hash */
    CHECK(wn_shingles(mh, s, "a  b c", 6, &sh, &n) == WN_OK);   /* double space joined as one */
    CHECK(n == 1 && sh[0] == h0);
    CHECK(wn_shingles(mh, s, "a b", 3, &sh, &n) == WN_OK);      /* short: one shingle */
    CHECK_EQ_INT(n, 1);
    wn_minhasher_free(mh);
    wn_dedup_params_fineweb(&p);
    p.ngram = 3;
    CHECK(wn_minhasher_new(&p, &mh) == WN_OK);
    CHECK(wn_shingles(mh, s, "a b", 3, &sh, &n) == WN_OK);      /* datatrove: none */
    CHECK_EQ_INT(n, 0);
    wn_minhasher_free(mh);
    wn_mh_scratch_free(s);
}

/* ---- engine --------------------------------------------------------------- */
static const char *words[] = {"river", "stone", "market", "council", "winter", "harbour", "ticket",
                              "garden", "signal", "copper", "meadow", "lantern", "orbit", "pepper",
                              "canyon", "violet", "engine", "basket", "thunder", "marble", "saddle",
                              "pencil", "forest", "bridge", "candle", "falcon", "island", "jacket"};

/* A pseudo-random text of n words from seed. */
static char *gen_text(uint64_t seed, int n)
{
    char *t = malloc((size_t)n * 12 + 1), *p = t;
    for (int i = 0; i < n; i++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        p += sprintf(p, "%s%s", i ? " " : "", words[(seed >> 33) % (sizeof words / sizeof *words)]);
    }
    return t;
}

/* Replaces every k-th word by "zzz". */
static char *mutate(const char *t, int k)
{
    char *o = malloc(strlen(t) * 2 + 1), *p = o;
    int w = 0;
    const char *s = t;
    while (*s) {
        const char *e = strchr(s, ' ');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (w)
            *p++ = ' ';
        if (++w % k == 0)
            p += sprintf(p, "zzz");
        else {
            memcpy(p, s, len);
            p += len;
        }
        s += len + (e != NULL);
    }
    *p = 0;
    return o;
}

static wn_dsig *sign(wn_minhasher *mh, wn_mh_scratch *s, const char *t, const char *date)
{
    wn_dsig *d = NULL;
    if (wn_minhasher_sign(mh, s, t, strlen(t), wn_dedup_parse_date(date), &d) != WN_OK)
        return NULL;
    return d;
}

static double true_j(wn_minhasher *mh, wn_mh_scratch *s, const char *a, const char *b)
{
    wn_dsig *x = sign(mh, s, a, NULL), *y = sign(mh, s, b, NULL);
    double j = wn_jaccard(x->sh, x->nsh, y->sh, y->nsh);
    free(x);
    free(y);
    return j;
}

static void test_engine_first(void)
{
    wn_dedup_params p;
    wn_dedup_params_default(&p);
    wn_minhasher *mh;
    wn_mh_scratch *s = wn_mh_scratch_new();
    CHECK(wn_minhasher_new(&p, &mh) == WN_OK);
    char *a = gen_text(1, 600), *b = mutate(a, 100), *c = gen_text(2, 600), *far = mutate(a, 8);
    CHECK(true_j(mh, s, a, b) > 0.85);
    CHECK(true_j(mh, s, a, far) < 0.6);
    char *d = malloc(strlen(c) + 20);
    sprintf(d, "  %s!!", c);   /* equal after simplify_text */
    for (char *q = d; *q; q++)
        if (*q == 'r')
            *q = 'R';
    wn_dedup_engine *e;
    CHECK(wn_dedup_engine_new(&p, NULL, &e) == WN_OK);
    const char *texts[] = {a, b, c, d, far, ""};
    const char *ids[] = {"A", "B", "C", "D", "F", "E"};
    wn_dedup_decision dec[6];
    for (int i = 0; i < 6; i++) {
        wn_dsig *sg = sign(mh, s, texts[i], NULL);
        CHECK(wn_dedup_engine_add(e, sg, ids[i], (uint64_t)i, &dec[i]) == WN_OK);
        if (dec[i].duplicate)
            dec[i].dup_of = strdup(dec[i].dup_of);
        free(sg);
    }
    CHECK(!dec[0].duplicate);
    CHECK(dec[1].duplicate && !strcmp(dec[1].dup_of, "A") && dec[1].similarity > 0.85 && dec[1].similarity < 1);
    CHECK(!dec[2].duplicate);
    CHECK(dec[3].duplicate && !strcmp(dec[3].dup_of, "C") && dec[3].similarity == 1.0);
    CHECK(!dec[4].duplicate);   /* J < 0.6 with A */
    CHECK(!dec[5].duplicate);   /* empty: never a duplicate */
    wn_dedup_counts cn;
    wn_dedup_engine_counts(e, &cn);
    CHECK_EQ_INT(cn.duplicates, 2);
    CHECK_EQ_INT(cn.exact, 1);
    CHECK_EQ_INT(cn.near, 1);
    for (int i = 0; i < 6; i++)
        if (dec[i].duplicate)
            free((char *)dec[i].dup_of);
    wn_dedup_engine_free(e);
    wn_minhasher_free(mh);
    wn_mh_scratch_free(s);
    free(a); free(b); free(c); free(d); free(far);
}

/* With one band of one row, two documents whose single MinHash agrees are
 * candidates; find such a pair with Jaccard 1/3 and check that verification
 * keeps the second while the unverified (datatrove) mode removes it. */
static void test_banding_false_positive(void)
{
    const char *x = "alpha beta gamma delta epsilon zeta";
    const char *y = "alpha beta gamma delta epsilon omega";
    wn_mh_scratch *s = wn_mh_scratch_new();
    int found = 0;
    for (uint32_t seed = 1; seed < 200 && !found; seed++) {
        wn_dedup_params p;
        wn_dedup_params_default(&p);
        p.bands = 1;
        p.rows = 1;
        p.seed = seed;
        wn_minhasher *mh;
        CHECK(wn_minhasher_new(&p, &mh) == WN_OK);
        wn_dsig *sx = sign(mh, s, x, NULL), *sy = sign(mh, s, y, NULL);
        if (sx->bandkeys[0] == sy->bandkeys[0]) {
            found = 1;
            CHECK(wn_jaccard(sx->sh, sx->nsh, sy->sh, sy->nsh) == 1.0 / 3.0);
            for (int verify = 1; verify >= 0; verify--) {
                p.verify = verify;
                wn_dedup_engine *e;
                wn_dedup_decision d1, d2;
                CHECK(wn_dedup_engine_new(&p, NULL, &e) == WN_OK);
                CHECK(wn_dedup_engine_add(e, sx, "x", 0, &d1) == WN_OK);
                CHECK(wn_dedup_engine_add(e, sy, "y", 1, &d2) == WN_OK);
                CHECK(!d1.duplicate);
                CHECK_EQ_INT(d2.duplicate, !verify);
                wn_dedup_counts c;
                wn_dedup_engine_counts(e, &c);
                if (verify)
                    CHECK_EQ_INT(c.rejected_by_verify, 1);
                wn_dedup_engine_free(e);
            }
        }
        free(sx);
        free(sy);
        wn_minhasher_free(mh);
    }
    CHECK(found);
    wn_mh_scratch_free(s);
}

static void test_keep_policies(void)
{
    wn_dedup_params p;
    wn_dedup_params_default(&p);
    wn_minhasher *mh;
    wn_mh_scratch *s = wn_mh_scratch_new();
    CHECK(wn_minhasher_new(&p, &mh) == WN_OK);
    char *base = gen_text(7, 500);
    char *t[3];
    t[0] = mutate(base, 90);                   /* shortest */
    t[1] = malloc(strlen(base) + 40);
    sprintf(t[1], "%s pepper canyon violet", base);   /* longest */
    t[2] = strdup(base);
    const char *dates[3] = {"2021-05-01", "2023-01-01T10:00:00Z", "2019-12-31"};
    const char *ids[3] = {"s", "l", "m"};
    struct { wn_keep keep; const char *kept; } cases[] = {
        {WN_KEEP_FIRST, "s"}, {WN_KEEP_LONGEST, "l"}, {WN_KEEP_EARLIEST, "m"}, {WN_KEEP_LATEST, "l"}};
    for (size_t c = 0; c < 4; c++) {
        p.keep = cases[c].keep;
        wn_dedup_engine *e;
        CHECK(wn_dedup_engine_new(&p, NULL, &e) == WN_OK);
        for (int i = 0; i < 3; i++) {
            wn_dsig *sg = sign(mh, s, t[i], dates[i]);
            CHECK(wn_dedup_engine_collect(e, sg, ids[i], (uint64_t)i) == WN_OK);
            free(sg);
        }
        CHECK(wn_dedup_engine_resolve(e) == WN_OK);
        int kept = 0;
        for (int i = 0; i < 3; i++) {
            wn_dedup_decision d;
            CHECK(wn_dedup_engine_decision(e, (size_t)i, &d) == WN_OK);
            if (!d.duplicate) {
                kept++;
                CHECK_STR(ids[i], cases[c].kept);
            } else {
                CHECK_STR(d.dup_of, cases[c].kept);
            }
        }
        CHECK_EQ_INT(kept, 1);
        wn_dedup_engine_free(e);
    }
    free(base);
    for (int i = 0; i < 3; i++)
        free(t[i]);
    wn_minhasher_free(mh);
    wn_mh_scratch_free(s);
}

static void test_max_cluster(void)
{
    wn_dedup_params p;
    wn_dedup_params_default(&p);
    p.max_cluster = 2;
    wn_minhasher *mh;
    wn_mh_scratch *s = wn_mh_scratch_new();
    CHECK(wn_minhasher_new(&p, &mh) == WN_OK);
    char *a = gen_text(3, 300);
    wn_dedup_engine *e;
    CHECK(wn_dedup_engine_new(&p, NULL, &e) == WN_OK);
    wn_dsig *sg = sign(mh, s, a, NULL);
    int dup[5];
    for (int i = 0; i < 5; i++) {
        wn_dedup_decision d;
        char id[8];
        sprintf(id, "c%d", i);
        CHECK(wn_dedup_engine_add(e, sg, id, (uint64_t)i, &d) == WN_OK);
        dup[i] = d.duplicate;
        if (i == 2)
            CHECK(d.spared);
    }
    /* clusters of at most 2: kept, removed, spared (kept), removed, spared */
    CHECK(!dup[0] && dup[1] && !dup[2] && dup[3] && !dup[4]);
    const char *ids[4];
    CHECK_EQ_INT(wn_dedup_engine_oversize(e, ids, 4), 2);
    CHECK_STR(ids[0], "c0");
    free(sg);
    free(a);
    wn_dedup_engine_free(e);
    wn_minhasher_free(mh);
    wn_mh_scratch_free(s);
}

static void test_union_find(void)
{
    wn_uf u = {0};
    uint32_t id[6];
    for (int i = 0; i < 6; i++)
        CHECK(wn_uf_add(&u, &id[i]) == WN_OK && id[i] == (uint32_t)i);
    wn_uf_union(&u, 4, 5);
    wn_uf_union(&u, 5, 2);
    CHECK(wn_uf_find(&u, 4) == wn_uf_find(&u, 2));
    CHECK(wn_uf_find(&u, 0) != wn_uf_find(&u, 2));
    CHECK_EQ_INT(u.first[wn_uf_find(&u, 4)], 2);
    CHECK_EQ_INT(u.size[wn_uf_find(&u, 4)], 3);
    wn_uf_union(&u, 0, 4);
    CHECK_EQ_INT(u.first[wn_uf_find(&u, 5)], 0);
    CHECK_EQ_INT(u.size[wn_uf_find(&u, 2)], 4);
    wn_uf_free(&u);
}

/* datatrove semantics: A and B unrelated, C joins both.  Streaming keeps B
 * (it matched nothing earlier); the batch resolve removes B and C. */
static void test_unverified_batch(void)
{
    wn_dedup_params p;
    wn_dedup_params_fineweb(&p);
    p.bands = 2;
    p.rows = 1;
    wn_dsig A = {.exact = {1, 1}, .nbands = 2}, B = A, C = A;
    uint64_t ka[2] = {10, 11}, kb[2] = {20, 21}, kc[2] = {10, 21};
    A.bandkeys = ka;
    B.bandkeys = kb;
    C.bandkeys = kc;
    B.exact[0] = 2;
    C.exact[0] = 3;
    wn_dedup_engine *e;
    wn_dedup_decision d;
    CHECK(wn_dedup_engine_new(&p, NULL, &e) == WN_OK);
    CHECK(wn_dedup_engine_add(e, &A, "A", 0, &d) == WN_OK && !d.duplicate);
    CHECK(wn_dedup_engine_add(e, &B, "B", 1, &d) == WN_OK && !d.duplicate);
    CHECK(wn_dedup_engine_add(e, &C, "C", 2, &d) == WN_OK && d.duplicate);
    CHECK_STR(d.dup_of, "A");
    CHECK_EQ_INT(d.cluster_size, 3);
    wn_dedup_engine_free(e);
    CHECK(wn_dedup_engine_new(&p, NULL, &e) == WN_OK);
    CHECK(wn_dedup_engine_collect(e, &A, "A", 0) == WN_OK);
    CHECK(wn_dedup_engine_collect(e, &B, "B", 1) == WN_OK);
    CHECK(wn_dedup_engine_collect(e, &C, "C", 2) == WN_OK);
    CHECK(wn_dedup_engine_resolve(e) == WN_OK);
    CHECK(wn_dedup_engine_decision(e, 0, &d) == WN_OK && !d.duplicate);
    CHECK(wn_dedup_engine_decision(e, 1, &d) == WN_OK && d.duplicate);
    CHECK_STR(d.dup_of, "A");
    CHECK(wn_dedup_engine_decision(e, 2, &d) == WN_OK && d.duplicate);
    wn_dedup_engine_free(e);
}

static void test_record_codec(void)
{
    uint64_t bk[3] = {5, UINT64_MAX, 0}, sh[4] = {1, 7, 1u << 31, UINT64_MAX - 1};
    wn_idx_rec r = {.id = "doc-1", .id_len = 5, .seq = 300, .length = 1234, .date = -86400,
                    .csize = 2, .exact = {42, 43}, .nb = 3, .bk = (const unsigned char *)bk,
                    .nsh = 4, .sh = (const unsigned char *)sh};
    wn_buf b = WN_BUF_INIT;
    CHECK(wn_idx_rec_encode(&r, &b) == WN_OK);
    wn_idx_rec o;
    CHECK(wn_idx_rec_decode(b.data, b.len, &o) == WN_OK);
    CHECK(o.id_len == 5 && !memcmp(o.id, "doc-1", 5));
    CHECK(o.seq == 300 && o.length == 1234 && o.date == -86400 && o.csize == 2);
    CHECK(o.exact[0] == 42 && o.exact[1] == 43 && o.nb == 3 && o.nsh == 4);
    CHECK(wn_idx_rec_bk(&o, 1) == UINT64_MAX && wn_idx_rec_sh(&o, 3) == UINT64_MAX - 1);
    /* every truncation and a trailing byte are rejected */
    int all_bad = 1;
    for (size_t n = 0; n < b.len; n++)
        all_bad &= wn_idx_rec_decode(b.data, n, &o) == WN_ERR_FORMAT;
    CHECK(all_bad);
    CHECK(wn_buf_putc(&b, 0) == WN_OK);
    CHECK(wn_idx_rec_decode(b.data, b.len, &o) == WN_ERR_FORMAT);
    wn_buf_free(&b);
}

static void test_dates(void)
{
    CHECK(wn_dedup_parse_date("1970-01-02") == 86400);
    CHECK(wn_dedup_parse_date("2024-03-01T10:00:00Z") == wn_dedup_parse_date("2024-03-01T12:00:00+02:00"));
    CHECK(wn_dedup_parse_date("2024-03-01") < wn_dedup_parse_date("2024-03-01T00:00:01"));
    CHECK(wn_dedup_parse_date("yesterday") == INT64_MIN);
    CHECK(wn_dedup_parse_date(NULL) == INT64_MIN);
}

static void test_index(void)
{
    char dir[] = "/tmp/wn-idx-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    wn_dedup_params p;
    wn_dedup_params_default(&p);
    wn_minhasher *mh;
    wn_mh_scratch *s = wn_mh_scratch_new();
    CHECK(wn_minhasher_new(&p, &mh) == WN_OK);
    char *a = gen_text(11, 400), *b = mutate(a, 60), *c = gen_text(12, 400);
    char err[256] = "";
    /* run 1: a and c */
    wn_dedup_index *x;
    CHECK(wn_dedup_index_open(dir, &p, 1, &x, err, sizeof err) == WN_OK);
    wn_dedup_engine *e;
    CHECK(wn_dedup_engine_new(&p, x, &e) == WN_OK);
    wn_dedup_decision d;
    wn_dsig *sa = sign(mh, s, a, NULL), *sb = sign(mh, s, b, NULL), *sc = sign(mh, s, c, NULL);
    CHECK(wn_dedup_engine_add(e, sa, "a", 0, &d) == WN_OK && !d.duplicate);
    CHECK(wn_dedup_engine_add(e, sc, "c", 1, &d) == WN_OK && !d.duplicate);
    CHECK(wn_dedup_engine_commit(e) == WN_OK);
    wn_dedup_engine_free(e);
    wn_dedup_index_close(x);
    CHECK(wn_dedup_index_verify(dir, err, sizeof err) == WN_OK);
    /* run 2: b (near a) and an exact copy of c are removed against the index */
    CHECK(wn_dedup_index_open(dir, &p, 1, &x, err, sizeof err) == WN_OK);
    CHECK(wn_dedup_engine_new(&p, x, &e) == WN_OK);
    CHECK(wn_dedup_engine_add(e, sb, "b", 0, &d) == WN_OK && d.duplicate);
    CHECK_STR(d.dup_of, "a");
    CHECK(d.similarity > 0.8 && d.similarity < 1);
    CHECK_EQ_INT(d.cluster_size, 2);
    CHECK(wn_dedup_engine_add(e, sc, "c2", 1, &d) == WN_OK && d.duplicate && d.similarity == 1.0);
    CHECK_STR(d.dup_of, "c");
    CHECK(wn_dedup_engine_commit(e) == WN_OK);
    wn_dedup_engine_free(e);
    wn_dedup_index_close(x);
    wn_idx_stats st;
    CHECK(wn_dedup_index_stats(dir, &st, err, sizeof err) == WN_OK);
    CHECK_EQ_INT(st.docs, 2);
    CHECK_EQ_INT(st.exact, 2);
    CHECK_EQ_INT(st.band_entries, 2 * p.bands);
    CHECK(wn_dedup_index_verify(dir, err, sizeof err) == WN_OK);
    CHECK(wn_dedup_index_compact(dir, err, sizeof err) == WN_OK);
    CHECK(wn_dedup_index_verify(dir, err, sizeof err) == WN_OK);
    /* other parameters are refused */
    p.bands = 9;
    CHECK(wn_dedup_index_open(dir, &p, 1, &x, err, sizeof err) == WN_ERR_ARG);
    CHECK(strstr(err, "built with") != NULL);
    free(sa); free(sb); free(sc);
    free(a); free(b); free(c);
    wn_minhasher_free(mh);
    wn_mh_scratch_free(s);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
}

/* ---- bounded memory: spill + fingerprint tables ---------------------- */
typedef struct hsig { wn_dsig d; uint64_t bk[1], sh[32]; } hsig;

/* A hand-made signature: one band key, shingles lo..hi-1 plus extra. */
static void mk(hsig *h, uint64_t ex0, uint64_t bk, uint64_t lo, uint64_t hi, uint64_t extra)
{
    memset(h, 0, sizeof *h);
    h->bk[0] = bk;
    size_t n = 0;
    for (uint64_t x = lo; x < hi; x++)
        h->sh[n++] = x;
    if (extra)
        h->sh[n++] = extra;
    h->d = (wn_dsig){.exact = {ex0, 0}, .length = n, .date = INT64_MIN, .nbands = 1,
                     .nsh = (uint32_t)n, .bandkeys = h->bk, .sh = h->sh};
}

/* Fingerprint collisions in the compact tables: a band key or exact hash
 * whose 32-bit fingerprint matches a stored one but whose full value
 * differs is never a candidate, even when the documents are identical
 * shingle for shingle (an uncompressed table would not have matched them
 * either, so removals stay those of exact tables); a real band match is
 * verified and rejected below the threshold. */
static void test_fp_collision_engine(void)
{
    uint64_t k1, k2;
    CHECK(fp_collision(&k1, &k2));
    CHECK(k1 != k2 && wn_fptab_fp(k1) == wn_fptab_fp(k2));
    wn_dedup_params p;
    wn_dedup_params_default(&p);
    p.bands = 1;
    p.rows = 1;
    wn_dedup_engine *e;
    char dir[] = "/tmp/wn-dedup-fp-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    CHECK(wn_dedup_engine_new(&p, NULL, &e) == WN_OK);
    CHECK(wn_dedup_engine_set_tmpdir(e, dir) == WN_OK);
    hsig x, z, w, y, v;
    mk(&x, k1, k1, 10, 30, 0);          /* X */
    mk(&z, 3, k1, 10, 20, 0);           /* Z: same band; shingles 10..19, 100..109 */
    for (int i = 0; i < 10; i++)
        z.sh[10 + i] = 100 + (uint64_t)i;
    z.d.nsh = 20;                       /* J(X, Z) = 10/30 */
    mk(&w, 4, k1, 10, 30, 30);          /* W: same band, J(X, W) = 20/21 */
    mk(&y, 5, k2, 10, 30, 0);           /* Y: X's shingles, band key k2 */
    mk(&v, k2, key_of(999999), 10, 30, 0);   /* V: exact hash k2 vs X's k1 */
    wn_dedup_decision d;
    CHECK(wn_dedup_engine_add(e, &x.d, "X", 0, &d) == WN_OK && !d.duplicate);
    CHECK(wn_dedup_engine_add(e, &z.d, "Z", 1, &d) == WN_OK && !d.duplicate);
    CHECK(wn_dedup_engine_add(e, &w.d, "W", 2, &d) == WN_OK);
    CHECK(d.duplicate && d.dup_of && !strcmp(d.dup_of, "X") && d.similarity == 20.0 / 21.0);
    CHECK(wn_dedup_engine_add(e, &y.d, "Y", 3, &d) == WN_OK && !d.duplicate);
    CHECK(wn_dedup_engine_add(e, &v.d, "V", 4, &d) == WN_OK && !d.duplicate);
    wn_dedup_counts c;
    wn_dedup_engine_counts(e, &c);
    CHECK_EQ_INT(c.duplicates, 1);
    CHECK_EQ_INT(c.fp_collisions, 3);   /* Y vs X and Z (band), V vs X (exact) */
    CHECK_EQ_INT(c.candidates, 3);      /* Z: X; W: X, Z */
    CHECK_EQ_INT(c.verified, 3);
    CHECK_EQ_INT(c.rejected_by_verify, 2);
    wn_dedup_engine_free(e);
    CHECK(rmdir(dir) == 0);   /* empty: the spill file was unlinked */
}

typedef struct pr { uint32_t a, b; double j; } pr;
typedef struct pairs { pr *v; size_t n, cap; } pairs;

static void push_pr(pairs *p, pr x)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 256;
        p->v = realloc(p->v, p->cap * sizeof *p->v);
    }
    p->v[p->n++] = x;
}

static wn_status collect_pair(void *ctx, const char *a, uint64_t sa, const char *b, uint64_t sb, double j)
{
    CHECK(sa == (uint64_t)atoi(a + 1) && sb == (uint64_t)atoi(b + 1));
    push_pr(ctx, (pr){(uint32_t)sa, (uint32_t)sb, j});
    return WN_OK;
}

static int pr_cmp(const void *x, const void *y)
{
    const pr *a = x, *b = y;
    if (a->b != b->b)
        return a->b < b->b ? -1 : 1;
    return (a->a > b->a) - (a->a < b->a);
}

/* The engine (spill + fingerprint tables, several flushes of the tables)
 * against a plain re-implementation: candidate pairs from sorting every
 * (band key, document) and (exact hash, document), leader decisions in
 * input order, and --pairs-out's pairs = every candidate pair with
 * Jaccard >= threshold.  Streaming and two-pass (collect + resolve) must
 * agree. */
static void test_engine_oracle(void)
{
    wn_dedup_params p;
    wn_dedup_params_default(&p);
    p.bands = 8;
    p.rows = 2;   /* many candidates, many of them below the threshold */
    wn_minhasher *mh;
    wn_mh_scratch *s = wn_mh_scratch_new();
    CHECK(wn_minhasher_new(&p, &mh) == WN_OK);
    enum { N = 6000 };
    wn_dsig **sg = calloc(N, sizeof *sg), **us = calloc(N, sizeof *us);
    char **txt = calloc(N, sizeof *txt);
    uint64_t seed = 5;
    for (int i = 0; i < N; i++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        unsigned r = (unsigned)(seed >> 40);
        if (i > 10 && r % 10 < 3) {   /* near copy of an earlier one, every k-th word changed */
            txt[i] = mutate(txt[r % (unsigned)i], 6 + (int)(r / 16 % 40));
        } else if (i > 10 && r % 10 == 3) {   /* exact copy up to case and punctuation */
            const char *o = txt[r % (unsigned)i];
            txt[i] = malloc(strlen(o) + 3);
            sprintf(txt[i], "%s!", o);
            txt[i][0] = (char)(txt[i][0] >= 'a' && txt[i][0] <= 'z' ? txt[i][0] - 32 : txt[i][0]);
        } else if (i > 10 && r % 10 == 4) {   /* a text twice: every shingle repeated */
            const char *o = txt[r % (unsigned)i];
            txt[i] = malloc(2 * strlen(o) + 2);
            sprintf(txt[i], "%s %s", o, o);
        } else if (r % 97 == 0) {
            txt[i] = strdup("");
        } else {
            txt[i] = gen_text(seed, 40);
        }
        sg[i] = sign(mh, s, txt[i], NULL);
        /* the pipeline's form: text order, repeats kept */
        CHECK(wn_minhasher_sign_unsorted(mh, s, txt[i], strlen(txt[i]), INT64_MIN, &us[i]) == WN_OK);
    }
    /* candidate pairs (i < j) */
    size_t ne = 0;
    uint64_t (*ent)[2] = malloc((size_t)N * (p.bands + 1) * sizeof *ent);
    for (int i = 0; i < N; i++) {
        if (sg[i]->empty)
            continue;
        for (uint32_t b = 0; b < sg[i]->nbands; b++) {
            ent[ne][0] = sg[i]->bandkeys[b];
            ent[ne++][1] = (uint64_t)i;
        }
        ent[ne][0] = sg[i]->exact[0] ^ sg[i]->exact[1] ^ UINT64_C(0x5555);   /* apart from band keys */
        ent[ne++][1] = (uint64_t)i;
    }
    qsort(ent, ne, sizeof *ent, u64_cmp);   /* by key (first word) */
    pairs cand = {0};
    for (size_t a = 0; a < ne;) {
        size_t b = a;
        while (b < ne && ent[b][0] == ent[a][0])
            b++;
        for (size_t x = a; x < b; x++)
            for (size_t y = a; y < b; y++)
                if (ent[x][1] < ent[y][1])
                    push_pr(&cand, (pr){(uint32_t)ent[x][1], (uint32_t)ent[y][1], 0});
        a = b;
    }
    qsort(cand.v, cand.n, sizeof *cand.v, pr_cmp);
    /* expected pairs and leader decisions */
    pairs want = {0};
    int *kept = calloc(N, sizeof *kept), *dup_of = malloc(N * sizeof *dup_of);
    double *sim = calloc(N, sizeof *sim);
    size_t q = 0;
    for (uint32_t j = 0; j < N; j++) {
        double best = -1;
        int bi = -1;
        for (; q < cand.n && cand.v[q].b == j; q++) {
            if (q && cand.v[q].a == cand.v[q - 1].a && cand.v[q].b == cand.v[q - 1].b)
                continue;
            uint32_t i = cand.v[q].a;
            double jj = wn_jaccard(sg[i]->sh, sg[i]->nsh, sg[j]->sh, sg[j]->nsh);
            if (jj < p.threshold)
                continue;
            push_pr(&want, (pr){i, j, jj});
            if (kept[i] && jj > best) {   /* ties: the earlier (smaller i) stays */
                best = jj;
                bi = (int)i;
            }
        }
        kept[j] = bi < 0;
        dup_of[j] = bi;
        sim[j] = best;
    }
    int ndup = 0;
    for (int i = 0; i < N; i++)
        ndup += !kept[i];
    CHECK(ndup > 500 && want.n > (size_t)ndup);   /* the corpus has what it should */
    /* streaming, with the pairs */
    pairs got = {0};
    wn_dedup_engine *e, *e2;
    CHECK(wn_dedup_engine_new(&p, NULL, &e) == WN_OK);
    CHECK(wn_dedup_engine_new(&p, NULL, &e2) == WN_OK);
    wn_dedup_engine_set_pairs(e, collect_pair, &got);
    int bad = 0;
    char id[32];
    for (int i = 0; i < N; i++) {
        snprintf(id, sizeof id, "d%d", i);
        wn_dedup_decision d;
        CHECK(wn_dedup_engine_add(e, sg[i], id, (uint64_t)i, &d) == WN_OK);
        CHECK(wn_dedup_engine_collect(e2, sg[i], id, (uint64_t)i) == WN_OK);
        if (d.duplicate != !kept[i] || (d.duplicate && (atoi(d.dup_of + 1) != dup_of[i] ||
                                                        d.similarity != sim[i])))
            bad++;
    }
    CHECK_EQ_INT(bad, 0);
    qsort(got.v, got.n, sizeof *got.v, pr_cmp);
    CHECK_EQ_INT(got.n, want.n);
    int pbad = 0;
    for (size_t i = 0; i < got.n && i < want.n; i++)
        pbad += got.v[i].a != want.v[i].a || got.v[i].b != want.v[i].b || got.v[i].j != want.v[i].j;
    CHECK_EQ_INT(pbad, 0);
    /* two-pass, keep first: the same decisions from records read back */
    CHECK(wn_dedup_engine_resolve(e2) == WN_OK);
    bad = 0;
    for (int i = 0; i < N; i++) {
        wn_dedup_decision d;
        CHECK(wn_dedup_engine_decision(e2, (size_t)i, &d) == WN_OK);
        if (d.duplicate != !kept[i] || (d.duplicate && (atoi(d.dup_of + 1) != dup_of[i] ||
                                                        d.similarity != sim[i])))
            bad++;
    }
    CHECK_EQ_INT(bad, 0);
    CHECK(wn_dedup_engine_ram(e2) > 0);
    /* unsorted signatures (shingles in text order, repeats): the same
     * decisions and pairs, streaming and two-pass */
    size_t nrep = 0;
    for (int i = 0; i < N; i++)
        nrep += us[i]->nsh > sg[i]->nsh;
    CHECK(nrep > 100);
    pairs got3 = {0};
    wn_dedup_engine *e3, *e4;
    CHECK(wn_dedup_engine_new(&p, NULL, &e3) == WN_OK);
    CHECK(wn_dedup_engine_new(&p, NULL, &e4) == WN_OK);
    wn_dedup_engine_set_pairs(e3, collect_pair, &got3);
    bad = 0;
    for (int i = 0; i < N; i++) {
        snprintf(id, sizeof id, "d%d", i);
        wn_dedup_decision d;
        CHECK(wn_dedup_engine_add(e3, us[i], id, (uint64_t)i, &d) == WN_OK);
        CHECK(wn_dedup_engine_collect(e4, us[i], id, (uint64_t)i) == WN_OK);
        if (d.duplicate != !kept[i] || (d.duplicate && (atoi(d.dup_of + 1) != dup_of[i] ||
                                                        d.similarity != sim[i])))
            bad++;
    }
    CHECK_EQ_INT(bad, 0);
    qsort(got3.v, got3.n, sizeof *got3.v, pr_cmp);
    CHECK_EQ_INT(got3.n, want.n);
    pbad = 0;
    for (size_t i = 0; i < got3.n && i < want.n; i++)
        pbad += got3.v[i].a != want.v[i].a || got3.v[i].b != want.v[i].b || got3.v[i].j != want.v[i].j;
    CHECK_EQ_INT(pbad, 0);
    CHECK(wn_dedup_engine_resolve(e4) == WN_OK);
    bad = 0;
    for (int i = 0; i < N; i++) {
        wn_dedup_decision d;
        CHECK(wn_dedup_engine_decision(e4, (size_t)i, &d) == WN_OK);
        if (d.duplicate != !kept[i] || (d.duplicate && (atoi(d.dup_of + 1) != dup_of[i] ||
                                                        d.similarity != sim[i])))
            bad++;
    }
    CHECK_EQ_INT(bad, 0);
    wn_dedup_engine_free(e3);
    wn_dedup_engine_free(e4);
    free(got3.v);
    wn_dedup_engine_free(e);
    wn_dedup_engine_free(e2);
    for (int i = 0; i < N; i++) {
        free(sg[i]);
        free(us[i]);
        free(txt[i]);
    }
    free(sg);
    free(us);
    free(txt);
    free(ent);
    free(cand.v);
    free(want.v);
    free(got.v);
    free(kept);
    free(dup_of);
    free(sim);
    wn_minhasher_free(mh);
    wn_mh_scratch_free(s);
}

int main(void)
{
    RUN(test_simplify);
    RUN(test_mt_sha1);
    RUN(test_sort_jaccard);
    RUN(test_minhash_values);
    RUN(test_shingles);
    RUN(test_engine_first);
    RUN(test_banding_false_positive);
    RUN(test_keep_policies);
    RUN(test_max_cluster);
    RUN(test_union_find);
    RUN(test_unverified_batch);
    RUN(test_record_codec);
    RUN(test_dates);
    RUN(test_index);
    RUN(test_fp_collision_engine);
    RUN(test_engine_oracle);
    HARNESS_EXIT();
}
