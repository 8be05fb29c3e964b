/* test_dedup_fast.c: each fast path of the signature computation against
 * its general path (issue 5, g8): simplify_text (one pass over bytes vs
 * the code-point array), the shingle tokenizer (8 bytes at a time vs joined
 * n-gram strings), the shingle sort (top-bits scatter + insertion sort vs
 * qsort) and the MinHash tiles (every slot count vs a scalar loop), on
 * random and edge inputs. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "common/utf8.h"
#include "dedup/dedup.h"
#include "oph_ref.h"
#define XXH_INLINE_ALL
#include <xxhash.h>

static uint64_t rng = 0x243F6A8885A308D3u;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static size_t fused_fast;   /* inputs the fused path handled (word hashes made) */

/* fast == general for one input; prints the first difference */
static int same_simplify(const char *s, size_t n)
{
    wn_buf a = WN_BUF_INIT, b = WN_BUF_INIT;
    int ok = wn_dedup_simplify(s, n, &a) == WN_OK && wn_dedup_simplify_ref(s, n, &b) == WN_OK &&
             a.len == b.len && (!a.len || !memcmp(a.data, b.data, a.len));
    if (!ok) {
        fprintf(stderr, "simplify differs on \"");
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, (unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7F ? "\\x%02x" : "%c",
                    (unsigned char)s[i]);
        fprintf(stderr, "\": fast \"%s\" general \"%s\"\n", a.data ? a.data : "", b.data ? b.data : "");
    }
    /* the fused form: the same text, and (fast path) the word hash of each
     * token of it, as the reference computes from the tokens */
    static uint64_t *wh;
    static size_t wcap;
    size_t nw = 0;
    int have = -1;
    wn_buf c = WN_BUF_INIT;
    if (ok && (wn_dedup_simplify_words(s, n, &c, &wh, &nw, &wcap, &have) != WN_OK || c.len != b.len ||
               (c.len && memcmp(c.data, b.data, c.len)))) {
        fprintf(stderr, "simplify_words text differs\n");
        ok = 0;
    }
    if (ok && have) {
        size_t k = 0;
        for (size_t i = 0; i < c.len && ok;) {
            while (i < c.len && c.data[i] == ' ')
                i++;
            if (i >= c.len)
                break;
            size_t st = i;
            while (i < c.len && c.data[i] != ' ')
                i++;
            ok = k < nw && wh[k] == ref_word_hash(c.data + st, i - st);
            k++;
        }
        if (ok && k != nw)
            ok = 0;
        if (!ok)
            fprintf(stderr, "simplify_words: word hashes differ (%zu words)\n", nw);
    }
    fused_fast += have == 1;
    wn_buf_free(&c);
    wn_buf_free(&a);
    wn_buf_free(&b);
    return ok;
}

#define CHECK_SAME(lit) CHECK(same_simplify(lit, sizeof(lit) - 1))

/* Pieces that exercise every branch: ASCII of each class, digits with
 * every separator, Turkish dotted I and dotless i, final and medial sigma,
 * combining marks (alone, between spaces, after digits), decompositions
 * longer than one code point, Hangul (3 jamo), letters whose lower case is
 * ASCII (KELVIN SIGN) or longer in UTF-8 (U+023A), non-ASCII whitespace and
 * PUNCTUATION, non-ASCII digits, 4-byte code points, invalid UTF-8. */
static const char *const pieces[] = {
    "a", "Z", "Hello", "WORLD", " ", "  ", "\t", "\n", "\r", "\x0b", "\x1f", "\x7f", "\x01", ".", ",",
    "!", "'", "-", "_", "~", "0", "7", "12", "3.5", "1,000", "27.10.2025", "1..2", "1.,2", ". ",
    "\xc3\xa9", "\xc3\x89", "\xc3\xa7", "\xc4\xb0", "I", "\xc4\xb1", "\xc4\xb0stanbul",
    "\xce\xa3", "\xcf\x83", "\xcf\x82", "\xce\x9f\xce\x94\xce\x9f\xce\xa3", "\xce\xb1\xce\xa3\xce\xb1",
    "\xcc\x81", "\xcc\x88", " \xcc\x81 ", "1\xcc\x81" "2", "\xe1\xbe\x80", "\xce\x90", "\xed\x95\x9c",
    "\xea\xb0\x80", "\xe2\x84\xaa", "\xc8\xba", "\xe1\xba\x9e", "\xe2\x84\xa6", "\xc2\xa0", "\xe3\x80\x80",
    "\xe2\x80\x83", "\xc2\x85", "\xc2\xab", "\xc2\xbb", "\xe2\x80\x94", "\xe2\x80\x99", "\xe3\x80\x82",
    "\xef\xbc\x91", "\xef\xbc\x92", "\xd9\xa3", "\xd9\xa3\xd9\xab\xd9\xa4", "\xd8\x8c", "1\xd8\x8c" "2",
    "\xd9\xab", "\xe2\x8e\x96", "5\xe2\x8e\x97" "6", "\xe0\xa5\xa7", "\xe0\xa4\xa8\xe0\xa5\x8d",
    "\xe0\xa5\xa4", "\xe0\xa5\x98", "\xf0\x9f\x98\x80", "\xf0\x9d\x9f\x8e", "\xef\xbf\xbd", "\xff",
    "\xc3", "\xe2\x82", "\xed\xa0\x80", "\xc0\xaf", "\xf4\x90\x80\x80", "\xd0\x81", "\xd0\xb9",
    "\xe1\xba\xa0", "\xc7\x84", "\xe1\xbf\xbc", "\xd7\xa9\xd7\x81",
};

static void test_simplify_fast_edges(void)
{
    CHECK_SAME("");
    CHECK_SAME("13:05 27.10.2025 (g\xc3\xbc" "ncellendi: 13:08 27.10.2025)");
    CHECK_SAME("\xc4\xb0stanbul \xc4\xb1s\xc4\xb1k I\xc4\xb1");              /* Turkish dotted / dotless */
    CHECK_SAME("\xce\x9f\xce\x94\xce\x9f\xce\xa3 \xce\xa3\xce\xb1 \xce\xb1\xce\xa3\xce\xb1 \xce\xa3"); /* sigmas */
    CHECK_SAME("1,000,000 3.14 1.2.3 \xd9\xa3\xd9\xab\xd9\xa4 \xef\xbc\x91\xef\xbc\x92 12.");
    CHECK_SAME("a \xcc\x81 b \xcc\x81\xcc\x81 c\xcc\x81 \xcc\x81");          /* marks between spaces */
    CHECK_SAME("\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 \xe2\x84\xaa \xc8\xba\xc8\xba");
    CHECK_SAME("   leading and trailing   \t\n");
    CHECK_SAME("\xff\xfe invalid \xc3 \xe2\x82 \xed\xa0\x80 end\xc3");
    CHECK_SAME("x\xcc\x81\xcc\x82\xcc\x83\xcc\x84\xcc\x85\xcc\x86\xcc\x87\xcc\x88 y"); /* long mark chains */
    /* every single code point below U+3100 and a few planes beyond, alone
     * and between letters and digits */
    int all = 1;
    for (int32_t c = 1; c < 0x3100 && all; c++) {
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        char b[16], t[32];
        size_t k = wn_utf8_encode(c, b);
        all &= same_simplify(b, k);
        memcpy(t, "A", 1);
        memcpy(t + 1, b, k);
        memcpy(t + 1 + k, "1", 1);
        memcpy(t + 2 + k, b, k);
        memcpy(t + 2 + 2 * k, "2 ", 2);
        all &= same_simplify(t, 4 + 2 * k);
    }
    CHECK(all);
    all = 1;
    for (int32_t c = 0xA000; c < 0x110000 && all; c += 7) {
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        char b[4];
        size_t k = wn_utf8_encode(c, b);
        all &= same_simplify(b, k);
    }
    CHECK(all);
}

static void test_simplify_fast_random(void)
{
    enum { NP = sizeof pieces / sizeof pieces[0] };
    char buf[4096];
    int all = 1;
    for (int r = 0; r < 30000 && all; r++) {
        size_t n = 0, k = next() % 40;
        for (size_t i = 0; i < k; i++) {
            const char *p = pieces[next() % NP];
            size_t l = strlen(p);
            memcpy(buf + n, p, l);
            n += l;
        }
        all &= same_simplify(buf, n);
    }
    CHECK(all);
    /* arbitrary bytes, mostly high ones */
    all = 1;
    for (int r = 0; r < 20000 && all; r++) {
        size_t n = next() % 64;
        for (size_t i = 0; i < n; i++) {
            uint64_t x = next();
            buf[i] = (char)(x % 3 ? 0x80 | (x >> 8) : (x >> 8) & 0x7F);
        }
        all &= same_simplify(buf, n);
    }
    CHECK(all);
    CHECK(fused_fast > 20000);   /* most inputs went through the fused path, word hashes checked */
    /* ASCII letter runs (8 bytes at a time) and the bytes around the
     * letter ranges: @ [ ` { and their neighbours, digits, a 2-byte letter */
    static const char *const asc[] = {"a", "z", "A", "Z", "@", "[", "`", "{", "m", "Q", " ", "0", ".",
                                      "\x7f", "\xc3\xa9", "\xc3\x89", "\t", "_"};
    all = 1;
    for (int r = 0; r < 30000 && all; r++) {
        size_t n = 0, k = next() % 40;
        for (size_t i = 0; i < k; i++) {
            const char *p = next() % 3 ? asc[next() % 10] : asc[next() % (sizeof asc / sizeof asc[0])];
            memcpy(buf + n, p, strlen(p));
            n += strlen(p);
        }
        all &= same_simplify(buf, n);
    }
    CHECK(all);
    /* appends: the fast path writes after what the buffer holds, also when
     * it falls back to the general path */
    wn_buf a = WN_BUF_INIT, b = WN_BUF_INIT;
    CHECK(wn_buf_append(&a, "keep|", 5) == WN_OK && wn_buf_append(&b, "keep|", 5) == WN_OK);
    CHECK(wn_dedup_simplify("A b", 3, &a) == WN_OK && wn_dedup_simplify_ref("A b", 3, &b) == WN_OK);
    CHECK(wn_dedup_simplify("\xce\xa3x", 3, &a) == WN_OK && wn_dedup_simplify_ref("\xce\xa3x", 3, &b) == WN_OK);
    CHECK_STR(a.data, b.data);
    CHECK_STR(a.data, "keep|a b\xcf\x83x");
    wn_buf_free(&a);
    wn_buf_free(&b);
}

/* wn_shingles (tokens found 8 bytes at a time, words hashed with chunk
 * loads that read past the token, n-gram hashes from word hashes) against
 * oph_ref.h's byte-by-byte word hash and shingle polynomial over tokens
 * found one byte at a time. */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int same_shingles(const wn_minhasher *mh, wn_mh_scratch *s, const char *t, size_t n, unsigned g)
{
    const uint64_t *sh;
    size_t cnt;
    if (wn_shingles(mh, s, t, n, &sh, &cnt) != WN_OK)
        return 0;
    /* reference tokens */
    size_t off[512], len[512], nt = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && t[i] == ' ')
            i++;
        if (i >= n)
            break;
        off[nt] = i;
        while (i < n && t[i] != ' ')
            i++;
        len[nt] = i - off[nt];
        nt++;
    }
    if (nt > 0 && nt < g)
        g = (unsigned)nt;
    size_t want = nt >= g ? nt - g + 1 : 0;
    if (cnt != want)
        return 0;
    uint64_t w[512], seed = ref_seed64(1);
    for (size_t i = 0; i < nt; i++)
        w[i] = ref_word_hash(t + off[i], len[i]);
    for (size_t i = 0; i < want; i++)
        if (sh[i] != ref_shingle_hash(seed, w + i, g))
            return 0;
    return 1;
}

static void test_shingles_fast(void)
{
    wn_dedup_params p;
    wn_dedup_params_default(&p);
    wn_minhasher *mh;
    wn_mh_scratch *s = wn_mh_scratch_new();
    CHECK(s && wn_minhasher_new(&p, &mh) == WN_OK);
    static const char *const words[] = {"a", "bb", "ccc", "dddd", "eeeee", "ffffff", "ggggggg",
                                        "hhhhhhhh", "iiiiiiiii", "\xc3\xa9t\xc3\xa9", "0",
                                        "jjjjjjjjjjjjjjjj", "kkkkkkkkkkkkkkkkk", "\xce\xb1\xce\xb2\xce\xb3\xce\xb4\xce\xb5"};
    char t[1024];
    int all = 1;
    for (int r = 0; r < 20000 && all; r++) {
        size_t n = 0, k = next() % 60;
        int wide = next() % 4 == 0, edge = next() % 5 == 0;
        if (edge)
            t[n++] = ' ';
        for (size_t i = 0; i < k; i++) {
            if (i) {
                t[n++] = ' ';
                if (wide && next() % 8 == 0)
                    t[n++] = ' ';
            }
            const char *w = words[next() % (sizeof words / sizeof words[0])];
            memcpy(t + n, w, strlen(w));
            n += strlen(w);
        }
        if (edge)
            t[n++] = ' ';
        all &= same_shingles(mh, s, t, n, p.ngram);
    }
    CHECK(all);
    CHECK(same_shingles(mh, s, "", 0, 5));
    CHECK(same_shingles(mh, s, "        ", 8, 5));
    CHECK(same_shingles(mh, s, "abcdefgh ijklmnop qrstuvwx yz012345 abcdefgh", 44, 5));
    CHECK(same_shingles(mh, s, "abcdefg  hijklmn opqrstu vwxyz01 2345678 9", 42, 5));
    /* the word hash: 200,000 distinct words of 4 to 24 bytes, no collision
     * (a bijection up to 8 bytes) */
    enum { NW = 200000 };
    uint64_t *hs = malloc(NW * sizeof *hs);
    char wb[32];
    int okw = hs != NULL;
    for (size_t i = 0; okw && i < NW; i++) {
        size_t l = 4 + (size_t)(i % 21);   /* 4 distinct first letters, then random ones */
        for (size_t q = 0, v = i; q < 4; q++, v /= 26)
            wb[q] = (char)('a' + v % 26);
        for (size_t q = 4; q < l; q++)
            wb[q] = (char)('a' + next() % 26);
        hs[i] = wn_dedup_word_hash(wb, l);
        okw &= hs[i] == ref_word_hash(wb, l);
    }
    CHECK(okw);
    if (hs) {
        qsort(hs, NW, sizeof *hs, cmp_u64);
        size_t dup = 0;
        for (size_t i = 1; i < NW; i++)
            dup += hs[i] == hs[i - 1];
        CHECK(dup == 0);
    }
    free(hs);
    wn_minhasher_free(mh);
    wn_mh_scratch_free(s);
}

/* wn_sort_unique_u64 against qsort + unique: sizes across every threshold
 * (insertion, top-bits scatter, whole-array radix), uniform keys, repeats,
 * small keys (all in one bucket), two alternating keys. */
static void test_sort_unique_fast(void)
{
    static const size_t sizes[] = {0, 1, 2, 47, 48, 49, 63, 64, 65, 100, 500, 1000, 4095, 4096,
                                   4097, 20000, 32768, 32769, 70000};
    uint64_t *v = malloc(70000 * sizeof *v), *w = malloc(70000 * sizeof *w), *t = malloc(70000 * sizeof *t);
    CHECK(v && w && t);
    int all = 1;
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        for (int kind = 0; kind < 5; kind++) {
            size_t n = sizes[si];
            for (size_t i = 0; i < n; i++) {
                uint64_t x = next();
                switch (kind) {
                case 0: v[i] = x; break;                                  /* uniform */
                case 1: v[i] = i && x % 3 == 0 ? v[x % i] : x; break;     /* repeats */
                case 2: v[i] = x % 1000; break;                           /* one bucket */
                case 3: v[i] = i % 2 ? UINT64_MAX : 0; break;             /* two keys */
                default: v[i] = (x % 16) << 60 | (x >> 40); break;        /* few buckets */
                }
            }
            memcpy(w, v, n * sizeof *v);
            qsort(w, n, sizeof *w, cmp_u64);
            size_t k = n ? 1 : 0;
            for (size_t i = 1; i < n; i++)
                if (w[i] != w[k - 1])
                    w[k++] = w[i];
            size_t got = wn_sort_unique_u64(v, n, t);
            all &= got == k && !memcmp(v, w, k * sizeof *v);
        }
    }
    CHECK(all);
    free(v);
    free(w);
    free(t);
}

/* The sketch against oph_ref.h for bin counts around every size and set
 * sizes from empty (every bin empty: densified) to many shingles. */
static void test_oph_ref(void)
{
    static const unsigned ks[][2] = {{1, 1}, {3, 4}, {4, 4}, {17, 1}, {31, 1}, {8, 4}, {33, 1},
                                     {20, 7}, {9, 16}, {14, 8}, {25, 6}, {50, 3}, {10, 10}, {64, 64}};
    static const size_t ns[] = {0, 1, 2, 3, 5, 17, 150, 300, 1000};
    enum { NS = 1000 };
    static uint64_t sh[NS], mins[4096], ref[4096];
    for (int i = 0; i < NS; i++)
        sh[i] = next();
    sh[7] = sh[3];   /* a repeat */
    int all = 1;
    for (size_t q = 0; q < sizeof ks / sizeof ks[0]; q++) {
        wn_dedup_params p;
        wn_dedup_params_default(&p);
        p.bands = ks[q][0];
        p.rows = ks[q][1];
        p.seed = 7 + (unsigned)q;
        wn_minhasher *mh;
        if (wn_minhasher_new(&p, &mh) != WN_OK) {
            all = 0;
            break;
        }
        size_t k = (size_t)p.bands * p.rows;
        for (size_t r = 0; r < sizeof ns / sizeof ns[0]; r++) {
            wn_minhash_values(mh, sh, ns[r], mins);
            ref_oph(ref_seed64(p.seed), k, sh, ns[r], ref);
            for (size_t i = 0; i < k; i++)
                all &= mins[i] == ref[i];
        }
        wn_minhasher_free(mh);
    }
    CHECK(all);
}

/* wn_minhasher_sign: its sorted shingle set and band keys equal the ones
 * made step by step from the reference pieces (simplify, tokens, word
 * hashes, polynomial, OPH, XXH3 of each band's rows). */
static void test_sign_ref(void)
{
    wn_dedup_params p;
    wn_dedup_params_default(&p);
    wn_minhasher *mh;
    wn_mh_scratch *s = wn_mh_scratch_new();
    CHECK(s && wn_minhasher_new(&p, &mh) == WN_OK);
    static const char *const words[] = {"The", "quick", "BROWN", "fox,", "jumps", "\xc3\x9c" "ber", "1,234",
                                        "\xce\xa3\xce\xbf\xcf\x86\xce\xaf\xce\xb1", "caf\xc3\xa9", "--",
                                        "internationalisation", "a", "I\xcc\x87", "\xe4\xb8\xad\xe6\x96\x87"};
    char t[4096];
    uint64_t w[1024], ref[1024], mins[4096];
    int all = 1;
    for (int r = 0; r < 3000 && all; r++) {
        size_t n = 0, k = next() % 200;
        for (size_t i = 0; i < k; i++) {
            const char *x = words[next() % (sizeof words / sizeof words[0])];
            if (i)
                t[n++] = next() % 9 ? ' ' : '\n';
            memcpy(t + n, x, strlen(x));
            n += strlen(x);
        }
        wn_dsig *sig = NULL;
        if (wn_minhasher_sign(mh, s, t, n, INT64_MIN, &sig) != WN_OK) {
            all = 0;
            break;
        }
        wn_buf b = WN_BUF_INIT;
        wn_dedup_simplify_ref(t, n, &b);
        size_t off[1024], len[1024], nt = 0;
        for (size_t i = 0; i < b.len;) {
            while (i < b.len && b.data[i] == ' ')
                i++;
            if (i >= b.len)
                break;
            off[nt] = i;
            while (i < b.len && b.data[i] != ' ')
                i++;
            len[nt] = i - off[nt];
            nt++;
        }
        size_t g = nt && nt < p.ngram ? nt : p.ngram, m = nt >= g ? nt - g + 1 : 0;
        for (size_t i = 0; i < nt; i++)
            w[i] = ref_word_hash(b.data + off[i], len[i]);
        for (size_t i = 0; i < m; i++)
            ref[i] = ref_shingle_hash(ref_seed64(p.seed), w + i, g);
        ref_oph(ref_seed64(p.seed), (size_t)p.bands * p.rows, ref, m, mins);
        qsort(ref, m, sizeof *ref, cmp_u64);
        size_t u = 0;
        for (size_t i = 0; i < m; i++)
            if (!u || ref[i] != ref[u - 1])
                ref[u++] = ref[i];
        all &= sig->nsh == u && (!u || !memcmp(sig->sh, ref, u * sizeof *ref));
        all &= sig->nbands == (u ? p.bands : 0);
        for (size_t q = 0; q < sig->nbands; q++)
            all &= sig->bandkeys[q] == XXH3_64bits_withSeed(mins + q * p.rows, p.rows * sizeof(uint64_t), q + 1);
        wn_buf_free(&b);
        free(sig);
    }
    CHECK(all);
    wn_minhasher_free(mh);
    wn_mh_scratch_free(s);
}

/* The sketch as an LSH for Jaccard: over pairs of random sets with a
 * given J, the fraction of equal bins is J and, for sets of more shingles
 * than bins, the band-match rate of 20 x 7 is 1 - (1 - J^7)^20, as for
 * independent permutations (within about 4 standard deviations).  Sets of
 * a few shingles fill most bins by densification, copies of the same few
 * values, so their bins agree together: more band matches than that
 * (measured 0.24 instead of 0.145 at J = 0.5 for 3 shingles), i.e. more
 * candidates for verification to reject, never fewer. */
static void test_oph_lsh(void)
{
    wn_dedup_params p;
    wn_dedup_params_default(&p);
    wn_minhasher *mh;
    CHECK(wn_minhasher_new(&p, &mh) == WN_OK);
    static const struct { size_t shared, own; } cases[] = {{400, 50}, {200, 25}, {200, 100}, {2, 1}, {8, 1}};
    enum { PAIRS = 600 };
    static uint64_t a[1000], b[1000];
    uint64_t ma[140], mb[140];
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t sh = cases[c].shared, own = cases[c].own;
        double j = (double)sh / (double)(sh + 2 * own);
        double pb = 1 - pow(1 - pow(j, 7), 20);
        size_t eq = 0, hit = 0;
        for (int r = 0; r < PAIRS; r++) {
            for (size_t i = 0; i < sh + own; i++) {   /* xorshift's outputs through fmix64, as shingle hashes */
                a[i] = ref_fmix64(next());
                b[i] = i < sh ? a[i] : ref_fmix64(next());
            }
            wn_minhash_values(mh, a, sh + own, ma);
            wn_minhash_values(mh, b, sh + own, mb);
            int any = 0;
            for (size_t q = 0; q < 20; q++) {
                int same = 1;
                for (size_t i = 0; i < 7; i++)
                    same &= ma[q * 7 + i] == mb[q * 7 + i];
                any |= same;
            }
            for (size_t i = 0; i < 140; i++)
                eq += ma[i] == mb[i];
            hit += (size_t)any;
        }
        double fe = (double)eq / (140.0 * PAIRS), fh = (double)hit / PAIRS;
        double sd_h = sqrt(pb * (1 - pb) / PAIRS) + 0.002;
        /* bins of one pair are not independent (tiny sets: all bins copy
         * the same few values), so the bin-fraction bound is per pair */
        double sd_e = sqrt(j * (1 - j) / PAIRS);
        if (fabs(fe - j) > 4 * sd_e + 0.01 || (sh + own >= 140 && fabs(fh - pb) > 4 * sd_h))
            fprintf(stderr, "J %.3f: equal bins %.4f, band match %.4f (expected %.4f)\n", j, fe, fh, pb);
        CHECK(fabs(fe - j) <= 4 * sd_e + 0.01);
        if (sh + own >= 140)
            CHECK(fabs(fh - pb) <= 4 * sd_h);
        else
            CHECK(fh >= pb - 4 * sd_h);
    }
    wn_minhasher_free(mh);
}

int main(void)
{
    RUN(test_simplify_fast_edges);
    RUN(test_simplify_fast_random);
    RUN(test_shingles_fast);
    RUN(test_sort_unique_fast);
    RUN(test_oph_ref);
    RUN(test_sign_ref);
    RUN(test_oph_lsh);
    HARNESS_EXIT();
}
