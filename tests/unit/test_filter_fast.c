/* test_filter_fast.c: each fast path of the quality filters against the
 * plain reference of filter_ref.h (or the definition itself), on every
 * code point where that is possible and on random texts built from edge
 * fragments: non-ASCII letters, Turkish İ, Greek capital sigma, the Kelvin
 * sign, combining marks, Han and kana, dots and ellipses, dashes, URLs,
 * every line break of str.splitlines(). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "harness.h"
#include "filter_ref.h"
#include "filter/config.h"
#include "filter/rules.h"

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

/* Fragments the random texts are made of. */
static const char *const frag[] = {
    "a", "b", "ab", "ba", "abc", "the", "The", "of", "and", "Lorem", "lorem ipsum", "LOREM IPSUM", "ipsum",
    "JavaScript", "javascript", "Privacy Policy", "terms of use", "cookie policy", "uses cookies",
    "use of cookies", "use cookies", "COOKIE", "coo", "kies", "\xE2\x84\xAA" "ookie",
    "coo\xE2\x84\xAA" "ie policy", "USES COO\xE2\x84\xAA" "IES", /* the Kelvin sign lower-cases to k */
    "\xC4\xB0stanbul", "\xC4\xB0", "I", "\xC4\xB1", "\xCE\xA3", "\xCE\x9F\xCE\xA3", "\xCE\x9F\xCE\xA3'",
    "\xCE\xA3\xCE\x91", "\xC8\xBA", "\xE2\x84\xA6", "\xCF\x82", "e\xCC\x81",
    "\xCC\x81", "\xC3\xA9t\xC3\xA9", "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", "\xE6\x97\xA5\xE6\x9C\xAC",
    "\xE3\x81\xAE", "\xE3\x80\x82", "\xEF\xBC\x81", "\xF0\x9F\x98\x80", "\xF0\xA0\x80\x80", ".", "..", "...",
    "\xE2\x80\xA6", ",", "-", "\xE2\x80\x94", "~", "!", "?", "\"", "'", "(", ")", "[1]", "[edit]",
    "[citation needed]", "{", "#", "@", "x@y.org", "https://a.b/c", "://x", "www.a.b", "13:05", "27.10.2025",
    "16,5", "$100", "well-known", "a,b", "1-2", "_", "\xC2\xAB", "\xC2\xBB", "\xE2\x80\xA2", "\xD9\xA3",
    "\xE0\xA5\xA4", "\x01", "\x7F", "\xC2\x80",
};
static const char *const sep[] = {
    " ", " ", " ", "", "\n", "\n\n", "\t", "\xC2\xA0", "\xE3\x80\x80", "\r\n", "\r", "\x0B", "\x0C", "\x1C",
    "\x1D", "\x1E", "\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9",
};
#define NFRAG (sizeof frag / sizeof *frag)
#define NSEP (sizeof sep / sizeof *sep)

/* A random text of up to `parts` fragments; `vocab` limits the fragments
 * (small: many repeats); `breaks`: separators may break lines. */
static size_t random_text(char *out, size_t cap, int parts, size_t vocab, int breaks)
{
    size_t o = 0;
    int n = (int)rnd((uint32_t)parts + 1);
    for (int i = 0; i < n; i++) {
        const char *f = frag[rnd((uint32_t)(vocab < NFRAG ? vocab : NFRAG))];
        const char *s = sep[rnd(breaks ? NSEP : 4)];
        size_t a = strlen(f), b = strlen(s);
        if (o + a + b + 1 >= cap)
            break;
        memcpy(out + o, f, a);
        o += a;
        memcpy(out + o, s, b);
        o += b;
    }
    out[o] = 0;
    return o;
}

static int tokens_equal(const wn_tokens *a, const wn_tokens *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++) {
        const wn_token *x = &a->v[i], *y = &b->v[i];
        if (x->off != y->off || x->len != y->len || x->cps != y->cps || x->alpha != y->alpha ||
            x->nonsym != y->nonsym || x->chunk != y->chunk || x->term != y->term)
            return 0;
    }
    return 1;
}

/* The tokenizer (into a) and the reference (into b) on text[0..n): 1 when
 * their tokens differ. */
/* Appends the C string a at text + n; returns the new length. */
static size_t put(char *text, size_t n, const char *a)
{
    size_t k = strlen(a);
    memcpy(text + n, a, k);
    return n + k;
}

static int split_differs(const char *text, size_t n, wn_tokens *a, wn_tokens *b)
{
    wn_words_split(text, n, a);
    ref_words_split(text, n, b);
    return !tokens_equal(a, b);
}

/* split_differs on text[0..n) whole and cut at a random length: how many
 * of the two differ (the first three differences are printed; bad: how
 * many there were before). */
static int whole_and_cut_differ(const char *text, size_t n, wn_tokens *a, wn_tokens *b, int bad)
{
    int differ = 0;
    for (int cut = 0; cut < 2; cut++) {
        size_t m = cut ? rnd((uint32_t)n + 1) : n;
        if (split_differs(text, m, a, b)) {
            if (bad + differ < 3)
                fprintf(stderr, "tokens differ on a text of %zu bytes (%zu vs %zu tokens)\n", m, a->n, b->n);
            differ++;
        }
    }
    return differ;
}

/* The BMP table and the one-sweep build give wn_py_class_slow() for every
 * code point; the slow class is the definitions'. */
static void test_class_table(void)
{
    const uint8_t *tab = wn_py_class_table();
    int bad = 0;
    for (int32_t c = 0; c <= 0x10FFFF; c++) {
        unsigned k = wn_py_class(tab, c), slow = wn_py_class_slow(c);
        if (k != slow && bad++ < 5)
            fprintf(stderr, "U+%04X: table %02X, definition %02X\n", (unsigned)c, k, slow);
        if (c % 97 == 0) { /* the definitions themselves, on a sample */
            CHECK(!!(slow & WN_PC_SPACE) == !!wn_py_isspace(c));
            CHECK(!!(slow & WN_PC_ALPHA) == !!wn_py_isalpha(c));
            CHECK(!!(slow & WN_PC_PSET) == !!wn_punct_in_set(c));
            CHECK(!!(slow & WN_PC_TERM) == !!wn_punct_is_terminal(c));
            CHECK(!!(slow & WN_PC_PS) == ref_is_ps(c));
            CHECK(!!(slow & WN_PC_DIGIT) == ref_is_digit(c));
            CHECK(!!(slow & WN_PC_CJK) == ref_is_cjk(c));
        }
    }
    CHECK_EQ_INT(bad, 0);
    CHECK(wn_py_class(tab, 0x130) & WN_PC_ALPHA);
    CHECK(wn_py_class(tab, 0x3A3) & WN_PC_ALPHA);
    CHECK(!(wn_py_class(tab, 0x301) & (WN_PC_ALPHA | WN_PC_PS))); /* combining acute: Mn */
    CHECK(wn_py_class(tab, 0x2026) & WN_PC_PSET);
    CHECK(wn_py_class(tab, 0x11047) & WN_PC_TERM); /* above the BMP: computed */
}

/* The tokenizer (single-token chunks, cores without P/S taken whole, the
 * class table) against the reference on random texts. */
static void test_tokenizer_random(void)
{
    char text[4096];
    wn_tokens a = {0}, b = {0};
    int bad = 0;
    for (int round = 0; round < 20000; round++) {
        size_t n = random_text(text, sizeof text, 40, NFRAG, 1);
        if (round % 3 == 0 && n > 2) { /* glue fragments: no separator at random places */
            for (size_t i = 0; i < n; i++)
                if (text[i] == ' ' && rnd(2))
                    text[i] = rnd(2) ? '.' : '-';
        }
        if (split_differs(text, n, &a, &b) && bad++ < 3)
            fprintf(stderr, "tokens differ on \"%s\" (%zu vs %zu)\n", text, a.n, b.n);
    }
    CHECK_EQ_INT(bad, 0);
    wn_tokens_free(&a);
    wn_tokens_free(&b);
}

/* The premises of the tokenizer's 64-byte window path (words.c masks64):
 * the ASCII bytes it takes as spaces are exactly the ASCII str.isspace()
 * ones (09-0D, 1C-20), and ASCII letters and digits are in none of the
 * sets a token's fields depend on (P/S, PUNCTUATION_SET, terminal,
 * Han/kana), letters alphabetic and digits not. */
static void test_tokenizer_ascii_premise(void)
{
    const uint8_t *tab = wn_py_class_table();
    int bad = 0;
    for (int c = 0; c < 128; c++) {
        int sp = (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
        int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'), digit = c >= '0' && c <= '9';
        bad += sp != ((tab[c] & WN_PC_SPACE) != 0);
        if (letter || digit)
            bad += (tab[c] & (WN_PC_SPACE | WN_PC_PS | WN_PC_PSET | WN_PC_TERM | WN_PC_CJK)) != 0 ||
                   ((tab[c] & WN_PC_ALPHA) != 0) != letter;
    }
    CHECK_EQ_INT(bad, 0);
}

/* The tokenizer's window path and its per-chunk path on long texts: ASCII
 * words of 1 to 100 letters and digits (across window edges and longer
 * than a window), words with one mark or control byte after them, "www.",
 * single bytes of every value (invalid UTF-8 included), non-ASCII words
 * with and without a mark (Cyrillic, Turkish dotted I, Greek sigma,
 * combining marks, CJK, the ellipsis), runs of ASCII and non-ASCII
 * spaces; the whole text and a random prefix of it (which may cut a
 * sequence) against the reference tokenizer. */
static void test_tokenizer_long(void)
{
    static const char *const word[] = {
        "\xD1\x81\xD0\xBB\xD0\xBE\xD0\xB2\xD0\xBE", "\xD1\x81\xD0\xBB\xD0\xBE\xD0\xB2\xD0\xBE,",
        "\xC4\xB0stanbul.", "\xC4\xB0", "\xC4\xB1\xC4\x9F", "\xCE\x9F\xCE\xA3.", "\xCE\xA3", "e\xCC\x81,",
        "\xCC\x81.", "\xE6\x97\xA5\xE6\x9C\xAC\xE3\x80\x82", "a\xE2\x80\xA6", "\xE2\x80\xA6", "\xD0\xB0\xE2\x80\x94",
        "www.", "www.a.b", "x@y.org", "https://a.b/c", "U.S.", "27.10.2025", "13:05", "well-known", "a,b", "..",
        "...", "\xC2\xAB\xD0\xB4\xD0\xB0\xC2\xBB", "\xD9\xA3,", "\xF0\x9F\x98\x80!", "ab\xF0\x9F\x98\x80",
        "\xC3\xA9t\xC3\xA9?", "\xC2\x80", "\xE2\x84\xAA.", "it\xE2\x80\x99s", "\xD0\xBA\xD0\xB0\xD0\xBA-\xD1\x82\xD0\xBE",
        "Telegram-\xD0\xBA\xD0\xB0\xD0\xBD\xD0\xB0\xD0\xBB!", "a-b-c", "x,y", "3-4", "a\xE2\x80\x94" "b", "U.S", "e-mail@x.y",
        "www.\xC3\xA9-\xC3\xA9", "1,\xC3\xA9", "\xC3\xA9,1", "a\xE6\x97\xA5-b", "\xD9\xA3-\xD9\xA4",
    };
    static const char *const space[] = {" ", " ", " ", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\x0B", "\x1C",
                                        "\xC2\xA0", "\xE3\x80\x80", "\xC2\x85", "\xE2\x80\xA8", ""};
    static const char alnum[] = "abcdefXYZ0189";
    static const char marks[] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\x01\x7F";
    char text[6200];
    wn_tokens a = {0}, b = {0};
    int bad = 0;
    for (int round = 0; round < 4000; round++) {
        size_t n = 0, want = rnd(6000);
        while (n + 200 < sizeof text && n < want) {
            uint32_t kind = rnd(10);
            if (kind < 6) {
                size_t len = 1 + rnd(rnd(4) ? 12 : 100);
                for (size_t k = 0; k < len; k++)
                    text[n++] = alnum[rnd(sizeof alnum - 1)];
                if (kind == 5)
                    text[n++] = marks[rnd(sizeof marks - 1)];
            } else if (kind < 9) {
                const char *w = word[rnd(sizeof word / sizeof *word)];
                n = put(text, n, w);
            } else {
                text[n++] = (char)rnd(256);
            }
            const char *sp = space[rnd(sizeof space / sizeof *space)];
            n = put(text, n, sp);
        }
        bad += whole_and_cut_differ(text, n, &a, &b, bad);
    }
    CHECK_EQ_INT(bad, 0);
    wn_tokens_free(&a);
    wn_tokens_free(&b);
}

/* The premise of the window path's two-byte letters (words.c
 * masks64_2b): every code point of the lead bytes C3-CA, D0, D1, D3 but
 * U+00D7 and U+00F7 is alphabetic and in none of the sets a token's
 * fields depend on; and the lead bytes next to them (C2, CB, D2, D4) have
 * code points that are not, so leaving them out is not a mistake the test
 * below could miss. */
static void test_tokenizer_two_byte_premise(void)
{
    const uint8_t *tab = wn_py_class_table();
    int bad = 0, others = 0;
    for (int32_t c = 0x80; c < 0x800; c++) {
        int lead = 0xC0 | (c >> 6);
        int safe = ((lead >= 0xC3 && lead <= 0xCA) || lead == 0xD0 || lead == 0xD1 || lead == 0xD3) &&
                   c != 0xD7 && c != 0xF7;
        int plain = (tab[c] & WN_PC_ALPHA) &&
                    !(tab[c] & (WN_PC_SPACE | WN_PC_PS | WN_PC_PSET | WN_PC_TERM | WN_PC_CJK));
        if (safe)
            bad += !plain;
        else if (lead == 0xC2 || lead == 0xCB || lead == 0xD2 || lead == 0xD4 || c == 0xD7 || c == 0xF7)
            others += !plain;
    }
    CHECK_EQ_INT(bad, 0);
    CHECK(others > 0);
}

/* The window path's two-byte letters against the reference: chunks of
 * ASCII letters and two-byte sequences of every lead byte C2-DF (the
 * taken leads, their neighbours, U+00D7 and U+00F7), lone lead and
 * continuation bytes, three-byte sequences (U+2019 half of them), an
 * ASCII mark after or inside some, at every offset of the window (chunks of 1 to 70 bytes); whole
 * and cut at a random length. */
static void test_tokenizer_two_byte_random(void)
{
    static const unsigned char leads[] = {0xC3, 0xC4, 0xC5, 0xCA, 0xD0, 0xD1, 0xD3, 0xD0, 0xD1, 0xC2, 0xCB, 0xD2, 0xD4,
                                          0xCE, 0xCF, 0xD8, 0xDF, 0xCC};
    static const char marks[] = ".,!?;:-)(\"'#@/";
    static const char *const space[] = {" ", " ", " ", "\n", "\t", "  ", "\xC2\xA0", "\xC2\x85", ""};
    char text[1200];
    wn_tokens a = {0}, b = {0};
    int bad = 0;
    for (int round = 0; round < 20000; round++) {
        size_t n = 0, want = 1 + rnd(1000);
        while (n + 100 < sizeof text && n < want) {
            size_t len = 1 + rnd(rnd(5) ? 10 : 35);
            for (size_t k = 0; k < len; k++) {
                uint32_t kind = rnd(40);
                if (kind < 10)
                    text[n++] = (char)('a' + rnd(26));
                else if (kind < 34) {
                    unsigned char l = leads[rnd(sizeof leads)];
                    if (l == 0xC3 && rnd(4) == 0)
                        text[n++] = (char)0xC3, text[n++] = (char)(rnd(2) ? 0x97 : 0xB7);
                    else
                        text[n++] = (char)l, text[n++] = (char)(0x80 + rnd(64));
                } else if (kind < 36)
                    text[n++] = marks[rnd(sizeof marks - 1)];
                else if (kind < 37)
                    text[n++] = (char)(0x80 + rnd(64)); /* a lone continuation byte */
                else if (kind < 38)
                    text[n++] = (char)leads[rnd(sizeof leads)]; /* a lone lead */
                else if (kind < 39) /* U+2019 half the time ("don’t"), else another E2 80 xx */
                    text[n++] = (char)0xE2, text[n++] = (char)0x80, text[n++] = (char)(rnd(2) ? 0x99 : 0x80 + rnd(64));
                else
                    text[n++] = (char)('0' + rnd(10));
            }
            if (rnd(4) == 0)
                text[n++] = marks[rnd(sizeof marks - 1)];
            const char *sp = space[rnd(sizeof space / sizeof *space)];
            n = put(text, n, sp);
        }
        bad += whole_and_cut_differ(text, n, &a, &b, bad);
    }
    CHECK_EQ_INT(bad, 0);
    wn_tokens_free(&a);
    wn_tokens_free(&b);
}

/* The window path's ASCII chunks with one or two marks (words.c
 * ascii_marks) against the reference: words of letters and digits with
 * up to three marks (every ASCII mark, controls, '.', dashes and ','
 * between letters and between digits) first, inside, last or doubled at
 * the end, "www." words, at every offset of the window; whole and cut. */
static void test_tokenizer_ascii_marks_random(void)
{
    static const char marks[] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\x01\x7F...--,,~";
    static const char *const space[] = {" ", " ", " ", "\n", "\t", "  ", "\xC2\xA0", ""};
    char text[1200];
    wn_tokens a = {0}, b = {0};
    int bad = 0;
    for (int round = 0; round < 30000; round++) {
        size_t n = 0, want = 1 + rnd(1000);
        while (n + 100 < sizeof text && n < want) {
            if (rnd(20) == 0) {
                memcpy(text + n, "www.", 4);
                n += 4;
            }
            uint32_t shape = rnd(8);
            if (shape == 0 || shape == 4)
                text[n++] = marks[rnd(sizeof marks - 1)];
            size_t len = 1 + rnd(rnd(4) ? 8 : 30);
            int digits = rnd(3) == 0;
            for (size_t k = 0; k < len; k++) {
                text[n++] = digits ? (char)('0' + rnd(10)) : (char)(rnd(2) ? 'a' + rnd(26) : 'A' + rnd(26));
                if (k + 1 < len && rnd(8) == 0) /* a mark inside */
                    text[n++] = marks[rnd(sizeof marks - 1)];
            }
            if (shape >= 3)
                text[n++] = marks[rnd(sizeof marks - 1)];
            if (shape >= 5)
                text[n++] = marks[rnd(sizeof marks - 1)];
            const char *sp = space[rnd(sizeof space / sizeof *space)];
            n = put(text, n, sp);
        }
        for (int cut = 0; cut < 2; cut++) {
            size_t m = cut ? rnd((uint32_t)n + 1) : n;
            if (split_differs(text, m, &a, &b) && bad++ < 3)
                fprintf(stderr, "tokens differ on \"%.*s\" (%zu vs %zu tokens)\n", (int)m, text, a.n, b.n);
        }
    }
    CHECK_EQ_INT(bad, 0);
    wn_tokens_free(&a);
    wn_tokens_free(&b);
}

/* Do spans sp[0..nsp) split text[0..n) at each line break, found one code
 * point at a time (CR LF as one break)? */
static int same_as_plain_splitlines(const char *text, size_t n, const wn_span *sp, size_t nsp)
{
    size_t k = 0, start = 0, i = 0;
    int ok = 1;
    while (i < n) {
        size_t at = i;
        int32_t c = wn_py_next(text, n, &i);
        if (!wn_py_islinebreak(c))
            continue;
        ok &= k < nsp && sp[k].off == start && sp[k].len == at - start;
        k++;
        if (c == '\r' && i < n && text[i] == '\n')
            i++;
        start = i;
    }
    if (start < n) {
        ok &= k < nsp && sp[k].off == start && sp[k].len == n - start;
        k++;
    }
    return ok && k == nsp;
}

/* len() by eight-byte words, splitlines() screened eight bytes at a time. */
static void test_len_splitlines_random(void)
{
    char text[4096];
    wn_span *sp = NULL;
    size_t nsp, cap = 0;
    int bad = 0;
    for (int round = 0; round < 20000; round++) {
        size_t n = random_text(text, sizeof text, 60, NFRAG, 1);
        size_t cps = 0;
        for (size_t i = 0; i < n;) {
            wn_py_next(text, n, &i);
            cps++;
        }
        if (wn_py_len(text, n) != cps && bad++ < 3)
            fprintf(stderr, "len differs on \"%s\"\n", text);
        /* splitlines: one code point at a time */
        wn_py_splitlines(text, n, &sp, &nsp, &cap);
        int ok = same_as_plain_splitlines(text, n, sp, nsp);
        if (!ok && bad++ < 3)
            fprintf(stderr, "splitlines differs on \"%s\"\n", text);
    }
    free(sp);
    CHECK_EQ_INT(bad, 0);
}

/* Long texts for the sixteen-byte blocks of len() and splitlines(): more
 * than 255 blocks (len()'s per-byte counters are added up every 255), a
 * continuation byte in the same lane of every block (a two-byte letter
 * repeated), texts without breaks and with few of them, every length
 * around a block boundary. */
static void test_len_splitlines_long(void)
{
    enum { CAP = 20000 };
    char *text = malloc(CAP);
    wn_span *sp = NULL;
    size_t nsp, cap = 0;
    int bad = 0;
    static const char *const unit[] = {"\xD0\x9C", "\xE6\x97\xA5", "a", "\xF0\x9F\x98\x80", "ab \xC3\xA9"};
    for (int round = 0; round < 400; round++) {
        size_t n;
        if (round < 100) { /* one unit repeated, any length */
            const char *u = unit[round % 5];
            size_t k = strlen(u), want = 4080 * 2 + (size_t)rnd(40);
            for (n = 0; n + k <= want; n += k)
                memcpy(text + n, u, k);
        } else {
            n = random_text(text, CAP, 4000, round % 2 ? NFRAG : 12, round % 3 == 0);
        }
        for (size_t cut = n > 40 ? n - 40 : 0; cut <= n; cut++) {
            size_t cps = 0;
            for (size_t i = 0; i < cut;) {
                wn_py_next(text, cut, &i);
                cps++;
            }
            if (wn_py_len(text, cut) != cps && bad++ < 3)
                fprintf(stderr, "len differs at %zu bytes (round %d)\n", cut, round);
        }
        /* splitlines against split at each break, one code point at a time */
        wn_py_splitlines(text, n, &sp, &nsp, &cap);
        int ok = same_as_plain_splitlines(text, n, sp, nsp);
        if (!ok && bad++ < 3)
            fprintf(stderr, "splitlines differs on a long text (round %d)\n", round);
    }
    free(sp);
    free(text);
    CHECK_EQ_INT(bad, 0);
}

/* str.lower()'s two-byte path (pytext.c: a two-byte sequence whose lower
 * case is two bytes) against the reference on texts dense in two-byte
 * sequences of every lead byte C2-DF (U+0130, U+023A, whose lower case is
 * three bytes, Greek sigma), ASCII, and lone lead or continuation bytes
 * (then without Σ: see test_lower_random); appended after what is there. */
static void test_lower_two_byte_random(void)
{
    wn_buf a = WN_BUF_INIT, b = WN_BUF_INIT;
    char text[600];
    int bad = 0;
    for (int round = 0; round < 20000; round++) {
        size_t n = 0, want = rnd(500);
        int stray = round % 3 == 0;
        while (n < want) {
            uint32_t kind = rnd(20);
            if (kind < 4)
                text[n++] = (char)(rnd(2) ? 'A' + rnd(26) : ' ' + rnd(95));
            else if (kind < 16) {
                unsigned lead = 0xC2 + rnd(30), cont = 0x80 + rnd(64);
                if (stray && lead == 0xCE && cont == 0xA3)
                    continue;
                text[n++] = (char)lead, text[n++] = (char)cont;
            } else if (kind < 17)
                memcpy(text + n, "\xC4\xB0", 2), n += 2; /* U+0130 */
            else if (kind < 18)
                memcpy(text + n, "\xC8\xBA", 2), n += 2; /* U+023A, lower case U+2C65 */
            else if (kind < 19 && !stray)
                memcpy(text + n, "\xCE\xA3", 2), n += 2; /* Σ */
            else if (stray)
                text[n++] = (char)(rnd(2) ? 0xC2 + rnd(30) : 0x80 + rnd(64));
        }
        wn_buf_clear(&a);
        wn_buf_append(&a, "xy", 2);
        wn_py_lower(&a, text, n);
        ref_lower(&b, text, n);
        if ((a.len != b.len + 2 || memcmp(a.data + 2, b.data, b.len) || a.data[a.len] != 0) && bad++ < 5)
            fprintf(stderr, "lower differs on a text of %zu bytes\n", n);
    }
    wn_buf_free(&a);
    wn_buf_free(&b);
    CHECK_EQ_INT(bad, 0);
}

/* str.strip()'s screen (pytext.c may_start_space) against stripping one
 * code point at a time by the definition, as the loops do: every space
 * code point, every byte value, overlong spaces, spaces followed by stray
 * continuation bytes, two-byte letters, at both ends. */
static void test_strip_random(void)
{
    static const char *const piece[] = {" ", "\t", "\n", "\x0B", "\x1C", "\x1F", "\xC2\x85", "\xC2\xA0",
                                        "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x8A", "\xE2\x80\xA8",
                                        "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80",
                                        "\xE2\x80\x8B", "\xE3\x80\x81", "\xC2\x86", "\xD0\xB0", "a", ".",
                                        "\xC2\xAF", "\xE2\x80\x9F", "\x01", "\x7F", "\xE2\x80", "\xC2",
                                        "\xC0\xA0", "\xE0\x80\xA0", "\xF0\x80\x80\xA0", "\xC2\xA0\xBF",
                                        "\xE2\x80\xA8\x80", "\xE2\x80\x80\x80\x80"};
    char text[400];
    int bad = 0;
    for (int round = 0; round < 50000; round++) {
        size_t n = 0, parts = rnd(12);
        for (size_t k = 0; k < parts; k++) {
            const char *pc = piece[rnd(sizeof piece / sizeof *piece)];
            if (rnd(8) == 0) {
                text[n++] = (char)rnd(256);
                continue;
            }
            n = put(text, n, pc);
        }
        size_t b = 0, e = n, rb = 0, re = n;
        wn_py_strip(text, &b, &e);
        while (rb < re) {
            size_t j = rb;
            if (!wn_py_isspace(wn_py_next(text, re, &j)))
                break;
            rb = j;
        }
        while (re > rb) {
            size_t p = re - 1;
            while (p > rb && ((unsigned char)text[p] & 0xC0) == 0x80)
                p--;
            size_t j = p;
            if (!wn_py_isspace(wn_py_next(text, re, &j)))
                break;
            re = p;
        }
        if ((b != rb || e != re) && bad++ < 5)
            fprintf(stderr, "strip differs on a text of %zu bytes: [%zu,%zu) vs [%zu,%zu)\n", n, b, e, rb, re);
    }
    CHECK_EQ_INT(bad, 0);
}

/* str.lower() turns no code point but U+0130 and U+212A into ASCII: the
 * premise of C4's phrase search without lower-casing. */
static void test_lower_ascii_premise(void)
{
    wn_buf b = WN_BUF_INIT;
    int bad = 0;
    for (int32_t c = 0x80; c <= 0x10FFFF; c++) {
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        char enc[4];
        size_t k = wn_utf8_encode(c, enc);
        wn_buf_clear(&b);
        wn_py_lower(&b, enc, k);
        int ascii = 0;
        for (size_t i = 0; i < b.len; i++)
            ascii |= (unsigned char)b.data[i] < 0x80;
        if (ascii != (c == 0x130 || c == 0x212A) && bad++ < 5)
            fprintf(stderr, "U+%04X lower-cases %s ASCII\n", (unsigned)c, ascii ? "to" : "not to");
    }
    wn_buf_free(&b);
    CHECK_EQ_INT(bad, 0);
}

/* str.lower() from the BMP table, written in place, against utf8proc per
 * code point: every code point alone, then random texts (invalid bytes
 * and final sigmas included). */
static void test_lower_random(void)
{
    wn_buf a = WN_BUF_INIT, b = WN_BUF_INIT;
    int bad = 0;
    for (int32_t c = 0; c <= 0x10FFFF; c++) {
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        char enc[4];
        size_t k = wn_utf8_encode(c, enc);
        wn_buf_clear(&a);
        wn_py_lower(&a, enc, k);
        ref_lower(&b, enc, k);
        if ((a.len != b.len || memcmp(a.data, b.data, a.len)) && bad++ < 5)
            fprintf(stderr, "lower(U+%04X) differs\n", (unsigned)c);
    }
    char text[4096];
    for (int round = 0; round < 20000; round++) {
        size_t n = random_text(text, sizeof text, 30, NFRAG, 1);
        /* a stray byte: invalid UTF-8 (not with Σ: final_sigma() reads
         * backwards, where a stray byte decodes differently; unchanged code) */
        if (round % 4 == 0 && n && !strstr(text, "\xCE\xA3"))
            text[rnd((uint32_t)n)] = (char)(0x80 + rnd(0x80));
        wn_buf_clear(&a);
        wn_buf_append(&a, "x", 1); /* appends after what is there */
        wn_py_lower(&a, text, n);
        ref_lower(&b, text, n);
        if ((a.len != b.len + 1 || memcmp(a.data + 1, b.data, b.len)) && bad++ < 5)
            fprintf(stderr, "lower differs on \"%s\"\n", text);
    }
    wn_buf_free(&a);
    wn_buf_free(&b);
    CHECK_EQ_INT(bad, 0);
}

/* C4: the phrase checks, word counts and sentences of wn_c4_line (its own
 * tokens) and of wn_c4_line_tok (a slice of the document's tokens) against
 * str.lower() + substring search and the reference tokenizer. */
static void test_c4_random(void)
{
    wn_qscratch *q = wn_qscratch_new();
    wn_qparams p;
    wn_qparams_defaults(&p);
    wn_qparams loose = p; /* every line reaches the phrase checks */
    loose.c4_no_terminal_punct = 0;
    loose.c4_min_words_per_line = 0;
    loose.c4_remove_citations = 0;
    char text[4096];
    wn_buf rw = WN_BUF_INIT, rw2 = WN_BUF_INIT;
    wn_tokens doc = {0}, ref = {0};
    int bad = 0;
    for (int round = 0; round < 20000; round++) {
        size_t n = random_text(text, sizeof text, 12, NFRAG, 0);
        /* phrases, in C4's order: lorem (document), javascript, '{' (document), policy */
        unsigned m = ref_c4_phrases(text, n);
        const char *doc_reason, *why = wn_c4_line(&loose, text, n, q, &rw, NULL, &doc_reason);
        const char *want_doc = m & 1 ? "c4_lorem_ipsum" : !(m & 2) && memchr(text, '{', n) ? "c4_curly_bracket" : NULL;
        const char *want = want_doc ? NULL : m & 2 ? "c4_javascript" : m & 4 ? "c4_policy" : NULL;
        if (((why == NULL) != (want == NULL) || (why && strcmp(why, want)) || (doc_reason == NULL) != (want_doc == NULL) ||
             (doc_reason && strcmp(doc_reason, want_doc))) && bad++ < 3)
            fprintf(stderr, "C4 phrases differ on \"%s\": %s/%s, want %s/%s\n", text, why ? why : "-",
                    doc_reason ? doc_reason : "-", want ? want : "-", want_doc ? want_doc : "-");
    }
    for (int round = 0; round < 5000; round++) {
        /* a document of lines; each line through both entry points */
        size_t n = 0, starts[16], lens[16], nl = 1 + rnd(8);
        for (size_t k = 0; k < nl; k++) {
            starts[k] = n;
            lens[k] = random_text(text + n, sizeof text - n - 2, 10, NFRAG, 0);
            for (size_t i = starts[k]; i < starts[k] + lens[k]; i++)
                if (text[i] == '\n') /* lines of the pipeline have no LF */
                    text[i] = ' ';
            n += lens[k];
            if (k + 1 < nl)
                text[n++] = '\n';
        }
        text[n] = 0;
        wn_words_split(text, n, &doc);
        size_t ti = 0;
        for (size_t k = 0; k < nl; k++) {
            size_t t0 = ti;
            while (ti < doc.n && doc.v[ti].off < starts[k] + lens[k])
                ti++;
            size_t s1, s2;
            const char *d1, *d2;
            const wn_qparams *pp = k % 2 ? &p : &loose;
            const char *w1 = wn_c4_line(pp, text + starts[k], lens[k], q, &rw, &s1, &d1);
            const char *w2 = wn_c4_line_tok(pp, text + starts[k], lens[k], doc.v + t0, ti - t0, q, &rw2, &s2, &d2);
            int same = w1 == w2 && d1 == d2 && s1 == s2 && rw.len == rw2.len &&
                       (!rw.len || memcmp(rw.data, rw2.data, rw.len) == 0);
            /* the reference: words are str.split(), sentences the sentencizer on reference tokens */
            if (!w1 && !d1) {
                const char *l = rw.len ? rw.data : text + starts[k];
                size_t ln = rw.len ? rw.len : lens[k];
                ref_words_split(l, ln, &ref);
                size_t count = 0;
                int after = 1;
                for (size_t i = 0; i < ref.n; i++) {
                    if (!ref.v[i].term && after)
                        count++;
                    after = ref.v[i].term;
                }
                if (!count && ref.n)
                    count = 1;
                same &= s1 == count;
            }
            if (!same && bad++ < 3)
                fprintf(stderr, "C4 line differs on \"%.*s\"\n", (int)lens[k], text + starts[k]);
        }
    }
    CHECK_EQ_INT(bad, 0);
    wn_buf_free(&rw);
    wn_buf_free(&rw2);
    wn_tokens_free(&doc);
    wn_tokens_free(&ref);
    wn_qscratch_free(q);
}

static double score(json_t *o, const char *k)
{
    return json_real_value(json_object_get(o, k));
}

static double rounded(double v)
{
    return round(v * 1e6) / 1e6;
}

/* Gopher repetition's n-gram values (token ids, the 3/4-gram passes over
 * repeating prefixes only, the prefix-key prefilter of the duplicate scan)
 * against Counter / find_all_duplicate done plainly.  Small vocabularies
 * give many repeats; "a b"/"ab" pairs give concatenations equal across
 * different token boundaries. */
/* C4's phrase search (skip table over byte pairs): each phrase, or a piece
 * of one, in random letter case at a random place between random bytes
 * (ASCII letters that share a phrase's byte pairs, spaces, the Kelvin
 * sign, İ, non-ASCII letters), lines of every length from 0 up, against
 * str.lower() + substring search. */
static void test_c4_phrases_random(void)
{
    static const char *const ph[] = {"lorem ipsum", "javascript", "terms of use", "privacy policy",
                                     "cookie policy", "uses cookies", "use of cookies", "use cookies"};
    static const char *const fill[] = {"a", "e", "o", "s", " ", "  ", "c", "u", "p", "y", "\xE2\x84\xAA",
                                       "\xC4\xB0", "\xC3\xA9", "\xCF\x82", "{", "."};
    wn_qscratch *q = wn_qscratch_new();
    wn_qparams p;
    wn_qparams_defaults(&p);
    p.c4_no_terminal_punct = 0;
    p.c4_min_words_per_line = 0;
    p.c4_remove_citations = 0;
    p.c4_max_word_length = 0;
    p.c4_curly_bracket = 0;
    wn_buf rw = WN_BUF_INIT;
    char text[256];
    int bad = 0;
    for (int round = 0; round < 100000; round++) {
        size_t n = 0;
        int parts = (int)rnd(6);
        for (int k = 0; k < parts; k++) {
            const char *f;
            size_t len;
            if (rnd(3) == 0) {
                f = ph[rnd(8)];
                len = strlen(f);
                size_t cut = rnd(4) == 0 ? rnd((uint32_t)len) : 0; /* a phrase's head or tail only */
                if (rnd(2))
                    len -= cut;
                else
                    f += cut, len -= cut;
            } else {
                f = fill[rnd(sizeof fill / sizeof *fill)];
                len = strlen(f);
            }
            if (n + len + 1 >= sizeof text)
                break;
            for (size_t i = 0; i < len; i++) {
                char ch = f[i];
                text[n++] = ch >= 'a' && ch <= 'z' && rnd(2) ? (char)(ch - 32) : ch;
            }
        }
        text[n] = 0;
        unsigned m = ref_c4_phrases(text, n);
        const char *doc_reason, *why = wn_c4_line(&p, text, n, q, &rw, NULL, &doc_reason);
        const char *want_doc = m & 1 ? "c4_lorem_ipsum" : NULL;
        const char *want = want_doc ? NULL : m & 2 ? "c4_javascript" : m & 4 ? "c4_policy" : NULL;
        if ((why != want && (!why || !want || strcmp(why, want))) ||
            (doc_reason != want_doc && (!doc_reason || !want_doc || strcmp(doc_reason, want_doc)))) {
            if (bad++ < 3)
                fprintf(stderr, "C4 phrases differ on \"%s\": %s/%s, want %s/%s\n", text, why ? why : "-",
                        doc_reason ? doc_reason : "-", want ? want : "-", want_doc ? want_doc : "-");
        }
    }
    wn_buf_free(&rw);
    wn_qscratch_free(q);
    CHECK_EQ_INT(bad, 0);
}

/* C4's too-long-word rule (a str.split() word of more than
 * max_word_length code points) with the bound taken as a whole number:
 * hand-worked lines at 5 and 5.5 (5 code points pass, 6 fail), a word
 * made of several tokens, a non-ASCII word, the rule off at 0. */
/* C4's word checks (too long a word, too few words) against str.split()
 * done plainly: random lines of fragments, a random word-length bound
 * (small: the full count runs; 1000: the line is shorter, only the words
 * the minimum needs are counted) and a random minimum (0 = off,
 * fractional). */
static void test_c4_word_checks_random(void)
{
    wn_qscratch *q = wn_qscratch_new();
    wn_qparams p;
    wn_qparams_defaults(&p);
    p.c4_no_terminal_punct = 0;
    p.c4_remove_citations = 0;
    p.c4_lorem_ipsum = p.c4_javascript = p.c4_curly_bracket = p.c4_policy = 0;
    static const double mins[] = {0, 1, 2, 3, 4, 5, 2.5, 8};
    static const double maxes[] = {1000, 1000, 3, 5, 8, 5.5, 0};
    char text[4096];
    wn_buf rw = WN_BUF_INIT;
    int bad = 0;
    for (int round = 0; round < 20000; round++) {
        size_t n = random_text(text, sizeof text, rnd(4) ? 8 : 40, NFRAG, 0);
        p.c4_min_words_per_line = mins[rnd(sizeof mins / sizeof *mins)];
        p.c4_max_word_length = maxes[rnd(sizeof maxes / sizeof *maxes)];
        size_t words = 0, longest = 0;
        for (size_t i = 0; i < n;) {
            int32_t c = wn_py_next(text, n, &i);
            if (wn_py_isspace(c))
                continue;
            size_t cps = 1;
            for (size_t j = i; j < n; i = j, cps++)
                if (wn_py_isspace(wn_py_next(text, n, &j)))
                    break;
            words++;
            longest = cps > longest ? cps : longest;
        }
        double mw = p.c4_max_word_length;
        const char *want = mw > 0 && (double)longest > floor(mw)     ? "c4_too_long_word"
                           : p.c4_min_words_per_line && (double)words < p.c4_min_words_per_line ? "c4_too_few_words"
                                                                                                 : NULL;
        const char *doc_reason, *why = wn_c4_line(&p, text, n, q, &rw, NULL, &doc_reason);
        if ((why == NULL) != (want == NULL) || (why && strcmp(why, want)) || doc_reason) {
            if (bad++ < 3)
                fprintf(stderr, "C4 word checks differ on \"%s\" (min %g, max %g): %s, want %s\n", text,
                        p.c4_min_words_per_line, mw, why ? why : "-", want ? want : "-");
        }
    }
    CHECK_EQ_INT(bad, 0);
    wn_buf_free(&rw);
    wn_qscratch_free(q);
}

static void test_c4_word_length(void)
{
    wn_qscratch *q = wn_qscratch_new();
    wn_qparams p;
    wn_qparams_defaults(&p);
    p.c4_no_terminal_punct = 0;
    p.c4_min_words_per_line = 0;
    wn_buf rw = WN_BUF_INIT;
    static const struct { const char *line; double max; int too_long; } v[] = {
        {"abcde fg", 5, 0},
        {"abcdef fg", 5, 1},
        {"fg abcdef", 5, 1},
        {"abcde fg", 5.5, 0},
        {"abcdef fg", 5.5, 1},
        {"ab,cd x", 5, 0},      /* one word of three tokens, 5 code points */
        {"ab,cde x", 5, 1},
        {"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9 x", 5, 0}, /* 5 code points, 10 bytes */
        {"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9 x", 5, 1},
        {"abcdefghijklmnop", 0, 0},
        {"abcdefghijklmnop", 16, 0},
        {"abcdefghijklmnop", 15.999, 1},
    };
    for (size_t k = 0; k < sizeof v / sizeof *v; k++) {
        p.c4_max_word_length = v[k].max;
        const char *doc_reason, *why = wn_c4_line(&p, v[k].line, strlen(v[k].line), q, &rw, NULL, &doc_reason);
        int got = why && !strcmp(why, "c4_too_long_word");
        if (got != v[k].too_long)
            fprintf(stderr, "\"%s\" at %g: %s\n", v[k].line, v[k].max, why ? why : "kept");
        CHECK_EQ_INT(got, v[k].too_long);
    }
    wn_buf_free(&rw);
    wn_qscratch_free(q);
}

static void test_gopher_repetition_random(void)
{
    wn_qscratch *q = wn_qscratch_new();
    wn_qparams p;
    wn_qparams_defaults(&p);
    char text[8192];
    wn_tokens t = {0};
    int bad = 0;
    static const char *const top[] = {"top_2_gram", "top_3_gram", "top_4_gram"};
    static const char *const dup[] = {"duplicated_5_n_grams", "duplicated_6_n_grams", "duplicated_7_n_grams",
                                      "duplicated_8_n_grams", "duplicated_9_n_grams", "duplicated_10_n_grams"};
    for (int round = 0; round < 3000; round++) {
        size_t vocab = 2 + rnd(round % 2 ? 6 : (uint32_t)NFRAG);
        size_t n = random_text(text, sizeof text, 1 + (int)rnd(300), vocab, 1);
        wn_words_split(text, n, &t);
        double L = (double)wn_py_len(text, n);
        if (L == 0)
            continue;
        json_t *sc = json_object();
        wn_qresult r;
        wn_gopher_repetition(&p, text, n, &t, q, &r, sc);
        for (size_t g = 2; g <= 4; g++) {
            if (t.n < g) {
                if (json_object_get(sc, top[g - 2]) && bad++ < 3)
                    fprintf(stderr, "%s reported with %zu tokens\n", top[g - 2], t.n);
                continue;
            }
            double want = rounded(ref_top_ngram(text, t.v, t.n, g, L)), got = score(sc, top[g - 2]);
            if (fabs(want - got) > 1e-9 && bad++ < 3)
                fprintf(stderr, "%s: %g, want %g on \"%s\"\n", top[g - 2], got, want, text);
        }
        for (size_t g = 5; g <= 10; g++) {
            double want = rounded(ref_dup_ngrams(text, t.v, t.n, g, L)), got = score(sc, dup[g - 5]);
            if (fabs(want - got) > 1e-9 && bad++ < 3)
                fprintf(stderr, "%s: %g, want %g on \"%s\"\n", dup[g - 5], got, want, text);
        }
        json_decref(sc);
    }
    CHECK_EQ_INT(bad, 0);
    wn_tokens_free(&t);
    wn_qscratch_free(q);
}

/* ---- filtering mode's screens for the top and duplicated n-grams ------- */

/* A random lower-case word of 3 to 8 letters (equal-length words when
 * len is given). */
static size_t rand_word(char *out, size_t len)
{
    if (!len)
        len = 3 + rnd(6);
    for (size_t i = 0; i < len; i++)
        out[i] = (char)('a' + rnd(26));
    return len;
}

/* Texts for the screens: random fragments (small and full vocabularies),
 * tiny texts (a 2- or 3-token text makes the top-n-gram bound exact), one
 * phrase of 1-6 equal-length words repeated (the bound of the 4-gram is
 * then count * length exactly), runs of one short token (every position a
 * candidate; the duplicated characters one token short of the bound), the
 * same letters split two ways (the 10-grams equal joined, with candidates
 * only where each starts), and a long-token phrase repeated among unique
 * words. */
static size_t screen_text(int kind, char *text, size_t cap)
{
    size_t n = 0;
    if (kind == 0)
        return random_text(text, cap, 1 + (int)rnd(300), 2 + rnd(7), 1);
    if (kind == 1)
        return random_text(text, cap, 1 + (int)rnd(300), NFRAG, 1);
    if (kind == 2)
        return random_text(text, cap, 1 + (int)rnd(4), NFRAG, 0);
    if (kind == 3) {
        char phrase[6][16];
        size_t p = 1 + rnd(6), wl = 2 + rnd(6), c = 1 + rnd(40), pre = rnd(3) ? 0 : rnd(30), post = rnd(3) ? 0 : rnd(30);
        for (size_t k = 0; k < p; k++)
            rand_word(phrase[k], wl);
        for (size_t k = 0; k < pre && n + 20 < cap; k++) {
            n += rand_word(text + n, 0);
            text[n++] = ' ';
        }
        for (size_t r = 0; r < c; r++)
            for (size_t k = 0; k < p && n + wl + 2 < cap; k++) {
                memcpy(text + n, phrase[k], wl);
                n += wl;
                text[n++] = ' ';
            }
        for (size_t k = 0; k < post && n + 20 < cap; k++) {
            n += rand_word(text + n, 0);
            text[n++] = ' ';
        }
    } else if (kind == 4) {
        static const char *const one[] = {"a", ".", ",", "ab", "\xC3\xA9"};
        const char *t = one[rnd(5)];
        size_t c = 1 + rnd(60), l = strlen(t);
        for (size_t r = 0; r < c && n + l + 2 < cap; r++) {
            memcpy(text + n, t, l);
            n += l;
            text[n++] = ' ';
        }
    } else if (kind == 5) {
        /* the same 30 letters twice, as ten 3-letter tokens and as 1 + 8 * 3
         * + 5: the 10-grams are equal joined, with no other token start in
         * common, so only their first positions are candidates */
        char s[30];
        rand_word(s, 30);
        static const size_t cut[2][11] = {{0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30},
                                          {0, 1, 4, 7, 10, 13, 16, 19, 22, 25, 30}};
        for (int copy = 0; copy < 2; copy++) {
            for (size_t k = 0; k < 1 + rnd(4); k++) {
                n += rand_word(text + n, 8);
                text[n++] = ' ';
            }
            for (size_t k = 0; k < 10; k++) {
                memcpy(text + n, s + cut[copy][k], cut[copy][k + 1] - cut[copy][k]);
                n += cut[copy][k + 1] - cut[copy][k];
                text[n++] = ' ';
            }
        }
        for (size_t k = 0; k < 1 + rnd(4); k++) {
            n += rand_word(text + n, 8);
            text[n++] = ' ';
        }
    } else {
        char phrase[10][24];
        size_t p = 5 + rnd(6), c = 2 + rnd(3), gap = rnd(12);
        for (size_t k = 0; k < p; k++)
            rand_word(phrase[k], 8 + rnd(10));
        for (size_t r = 0; r < c; r++) {
            for (size_t k = 0; k < p && n + 24 < cap; k++) {
                size_t l = strlen(phrase[k]);
                memcpy(text + n, phrase[k], l);
                n += l;
                text[n++] = ' ';
            }
            for (size_t k = 0; k < gap && n + 20 < cap; k++) {
                n += rand_word(text + n, 0);
                text[n++] = ' ';
            }
        }
    }
    if (n && rnd(2))
        n--; /* with or without the trailing space */
    text[n] = 0;
    return n;
}

static void screen_set(wn_qparams *p, const double thr[9])
{
    for (int k = 0; k < 3; k++)
        p->gr_top_ngram[k] = thr[k];
    for (int k = 0; k < 6; k++)
        p->gr_dup_ngram[k] = thr[3 + k];
}

/* Filtering mode (scores NULL) may skip an n-gram pass where a bound
 * proves its check passes.  Its decision (return, reason, value,
 * threshold) must be the exact path's: annotate mode's first failure, and
 * the one worked out from the exact values.  Each text's nine exact
 * values come from annotate mode with one check on at threshold -1; the
 * thresholds then sit at a value (passes), just below it (fails: the
 * bound must not prove a pass there), 25 % above and below, or mixed
 * with the defaults and 0 (off), one check at a time and all together,
 * with and without news' minimum count. */
static void test_gopher_repetition_screens(void)
{
    static const char *const labels[9] = {"top_2_gram", "top_3_gram", "top_4_gram",
                                          "duplicated_5_n_grams", "duplicated_6_n_grams", "duplicated_7_n_grams",
                                          "duplicated_8_n_grams", "duplicated_9_n_grams", "duplicated_10_n_grams"};
    wn_qscratch *q = wn_qscratch_new();
    wn_qparams base;
    wn_qparams_defaults(&base);
    base.gr_dup_para_frac = base.gr_dup_para_char_frac = base.gr_dup_line_frac = base.gr_dup_line_char_frac = 0;
    const double defaults[9] = {0.20, 0.18, 0.16, 0.15, 0.14, 0.13, 0.12, 0.11, 0.10};
    char text[8192];
    wn_tokens t = {0};
    int bad = 0, fails = 0, passes = 0;
    for (int round = 0; round < 3000; round++) {
        size_t n = screen_text(round % 7, text, sizeof text);
        wn_words_split(text, n, &t);
        if (wn_py_len(text, n) == 0)
            continue;
        wn_qparams p = base;
        p.gr_top_ngram_min_count = round % 4 == 3 ? 2 : 0;
        double v[9];
        int has[9];
        for (int k = 0; k < 9; k++) {
            double thr[9] = {0};
            thr[k] = -1;
            screen_set(&p, thr);
            json_t *sc = json_object();
            wn_qresult r;
            wn_gopher_repetition(&p, text, n, &t, q, &r, sc);
            json_decref(sc);
            has[k] = r.reason != NULL;
            v[k] = has[k] ? r.value : 0;
        }
        for (int trial = 0; trial < 24; trial++) {
            double thr[9];
            for (int k = 0; k < 9; k++) {
                int pick = trial < 18 ? (k == trial / 2 ? 1 + trial % 2 : 0) : (int)rnd(7);
                thr[k] = pick == 0 ? 0
                       : pick == 1 ? v[k]                       /* passes: value > threshold is false */
                       : pick == 2 ? nextafter(v[k], -INFINITY) /* fails by one ulp */
                       : pick == 3 ? v[k] * 1.25
                       : pick == 4 ? v[k] * 0.8
                       : pick == 5 ? defaults[k]
                       : nextafter(v[k], INFINITY);
            }
            if (trial >= 18 && trial < 21) { /* one value just missed among the others */
                int k = (int)rnd(9);
                thr[k] = nextafter(v[k], -INFINITY);
            }
            screen_set(&p, thr);
            int want = -1;
            for (int k = 0; k < 9 && want < 0; k++)
                if (has[k] && thr[k] != 0 && v[k] > thr[k])
                    want = k;
            wn_qresult rf, ra;
            int kf = wn_gopher_repetition(&p, text, n, &t, q, &rf, NULL);
            json_t *sc = json_object();
            int ka = wn_gopher_repetition(&p, text, n, &t, q, &ra, sc);
            json_decref(sc);
            int same = kf == ka && kf == (want < 0) &&
                       (want < 0 ? !rf.reason && !ra.reason
                                 : rf.reason && ra.reason && !strcmp(rf.reason, labels[want]) &&
                                   !strcmp(ra.reason, labels[want]) && rf.value == ra.value &&
                                   rf.value == v[want] && rf.threshold == thr[want]);
            fails += want >= 0;
            passes += want < 0;
            if (!same && bad++ < 5)
                fprintf(stderr, "screens: %s (%.17g) filtering, %s (%.17g) annotating, want %s; text \"%.200s\"\n",
                        rf.reason ? rf.reason : "keep", rf.value, ra.reason ? ra.reason : "keep", ra.value,
                        want < 0 ? "keep" : labels[want], text);
        }
    }
    CHECK_EQ_INT(bad, 0);
    CHECK(fails > 10000 && passes > 10000);
    wn_tokens_free(&t);
    wn_qscratch_free(q);
}

/* Gopher quality's line screen (filtering mode splits no lines where the
 * counts of bullet marks, ellipses and LFs prove both line ratios pass)
 * gives the exact path's decision: random texts of every line break and
 * space (bullet and ellipsis fragments among them), and texts of lines
 * that start with "-" or U+2022 after spaces (tab, NBSP, U+3000, none)
 * and end with "..." or U+2026 before spaces, with "-" and "..." inside
 * lines too; thresholds at the exact ratios, one ulp below, around them,
 * at the defaults and off. */
static void test_gopher_quality_line_screen(void)
{
    static const char *const head[] = {"", " ", "\t", "\xC2\xA0", "\xE3\x80\x80", "x", "a-b "};
    static const char *const mark[] = {"-", "\xE2\x80\xA2", "--", "", "word", "2023-10"};
    static const char *const tail[] = {"...", "\xE2\x80\xA6", "....", "..", ". . .", "", "word...", "x"};
    static const char *const brk[] = {"\n", "\n", "\r\n", "\r", "\n\n", "\xE2\x80\xA8", "\xC2\x85", "\x0B"};
    wn_qscratch *q = wn_qscratch_new();
    wn_qparams base;
    wn_qparams_defaults(&base);
    base.gq_min_doc_words = base.gq_max_doc_words = 0;
    base.gq_min_avg_word_length = base.gq_max_avg_word_length = 0;
    base.gq_max_symbol_word_ratio = base.gq_min_alpha_words_ratio = base.gq_min_stop_words = 0;
    char text[4096];
    wn_tokens t = {0};
    int bad = 0, fails = 0, passes = 0;
    for (int round = 0; round < 20000; round++) {
        size_t n = 0;
        if (round % 2) {
            n = random_text(text, sizeof text, 1 + (int)rnd(60), round % 4 == 1 ? 12 : NFRAG, 1);
        } else {
            int lines = 1 + (int)rnd(12);
            for (int k = 0; k < lines && n + 64 < sizeof text; k++) {
                const char *part[] = {head[rnd(7)], mark[rnd(6)], " text ", tail[rnd(8)], rnd(3) ? "" : " \t",
                                      k + 1 < lines || rnd(2) ? brk[rnd(8)] : ""};
                for (int j = 0; j < 6; j++) {
                    size_t l = strlen(part[j]);
                    memcpy(text + n, part[j], l);
                    n += l;
                }
            }
            text[n] = 0;
        }
        wn_words_split(text, n, &t);
        wn_qparams p = base;
        double v[2];
        for (int k = 0; k < 2; k++) {
            p.gq_max_bullet_lines_ratio = k == 0 ? -1 : 0;
            p.gq_max_ellipsis_lines_ratio = k == 1 ? -1 : 0;
            json_t *sc = json_object();
            wn_qresult r;
            wn_gopher_quality(&p, text, n, &t, q, &r, sc);
            json_decref(sc);
            v[k] = r.value;
        }
        for (int trial = 0; trial < 8; trial++) {
            double thr[2];
            for (int k = 0; k < 2; k++) {
                int pick = trial < 4 ? (k == trial / 2 ? 1 + trial % 2 : 0) : (int)rnd(6);
                thr[k] = pick == 0 ? 0
                       : pick == 1 ? v[k]
                       : pick == 2 ? nextafter(v[k], -INFINITY)
                       : pick == 3 ? v[k] * 1.25
                       : pick == 4 ? v[k] * 0.8
                       : k == 0 ? 0.9 : 0.3;
            }
            p.gq_max_bullet_lines_ratio = thr[0];
            p.gq_max_ellipsis_lines_ratio = thr[1];
            const char *want = t.n == 0 ? "gopher_short_doc"
                             : thr[0] && v[0] > thr[0] ? "gopher_too_many_bullets"
                             : thr[1] && v[1] > thr[1] ? "gopher_too_many_end_ellipsis"
                             : NULL;
            wn_qresult rf, ra;
            int kf = wn_gopher_quality(&p, text, n, &t, q, &rf, NULL);
            json_t *sc = json_object();
            int ka = wn_gopher_quality(&p, text, n, &t, q, &ra, sc);
            json_decref(sc);
            int same = kf == ka && kf == !want &&
                       (!want ? !rf.reason && !ra.reason
                              : rf.reason && ra.reason && !strcmp(rf.reason, want) && !strcmp(ra.reason, want) &&
                                rf.value == ra.value && rf.threshold == ra.threshold);
            fails += want != NULL;
            passes += !want;
            if (!same && bad++ < 5)
                fprintf(stderr, "line screen: %s filtering, %s annotating, want %s (%g %g / %g %g); text \"%.200s\"\n",
                        rf.reason ? rf.reason : "keep", ra.reason ? ra.reason : "keep", want ? want : "keep", v[0],
                        thr[0], v[1], thr[1], text);
        }
    }
    CHECK_EQ_INT(bad, 0);
    CHECK(fails > 20000 && passes > 20000);
    wn_tokens_free(&t);
    wn_qscratch_free(q);
}

/* Gopher quality: the stop-word screen and the early stop of filtering
 * mode give annotate mode's decision, value and threshold. */
/* Gopher quality's bullet and end-ellipsis lines (strip skipped where the
 * line's first or last byte cannot be part of a str.isspace() code point)
 * against splitlines() + lstrip()/rstrip() one code point at a time, on
 * random texts with every line break, spaces, NBSP, ideographic space,
 * bullets, dashes, dots and ellipses. */
static void test_gopher_bullets_ellipsis(void)
{
    static const char *const piece[] = {"-", "\xE2\x80\xA2", "...", "\xE2\x80\xA6", "..", ".", " ", "  ", "\t",
                                        "\xC2\xA0", "\xE3\x80\x80", "\xC2\x85", "\n", "\r\n", "\x0B", "\x1C",
                                        "\xE2\x80\xA8", "a", "word", "\xC3\xA9", "\xE6\x97\xA5", "-x", "x-"};
    enum { NP = sizeof piece / sizeof *piece };
    wn_qscratch *q = wn_qscratch_new();
    wn_qparams p;
    wn_qparams_defaults(&p);
    wn_tokens tok = {0};
    char text[512];
    int bad = 0;
    for (int it = 0; it < 40000; it++) {
        size_t n = 0;
        int parts = 1 + (int)rnd(it % 2 ? 30 : 120);
        for (int k = 0; k < parts; k++) {
            const char *f = piece[rnd(NP)];
            size_t len = strlen(f);
            if (n + len + 1 >= sizeof text)
                break;
            memcpy(text + n, f, len);
            n += len;
        }
        text[n] = 0;
        wn_words_split(text, n, &tok);
        json_t *sc = json_object();
        wn_qresult r;
        wn_gopher_quality(&p, text, n, &tok, q, &r, sc);
        /* reference: splitlines() by wn_py_next, strip one code point at a time */
        size_t lines = 0, bullets = 0, endell = 0, start = 0, i = 0;
        for (;;) {
            size_t at = i;
            int end = i >= n;
            int32_t c = end ? 0 : wn_py_next(text, n, &i);
            if (!end && !wn_py_islinebreak(c))
                continue;
            if (end && start >= n)
                break;
            size_t b = start, e = at;
            while (b < e) { /* lstrip */
                size_t j = b;
                if (!wn_py_isspace(wn_py_next(text, e, &j)))
                    break;
                b = j;
            }
            bullets += (e - b >= 3 && !memcmp(text + b, "\xE2\x80\xA2", 3)) || (e > b && text[b] == '-');
            size_t rb = start, re = at;
            while (re > rb) { /* rstrip */
                size_t k = re - 1;
                while (k > rb && ((unsigned char)text[k] & 0xC0) == 0x80)
                    k--;
                size_t j = k;
                if (!wn_py_isspace(wn_py_next(text, re, &j)))
                    break;
                re = k;
            }
            endell += re - rb >= 3 && (!memcmp(text + re - 3, "...", 3) || !memcmp(text + re - 3, "\xE2\x80\xA6", 3));
            lines++;
            if (end)
                break;
            if (c == '\r' && i < n && text[i] == '\n')
                i++;
            start = i;
        }
        double nl = lines ? (double)lines : 1;
        double wb = round((double)bullets / nl * 1e6) / 1e6, we = round((double)endell / nl * 1e6) / 1e6;
        if (tok.n && (score(sc, "gopher_too_many_bullets") != wb || score(sc, "gopher_too_many_end_ellipsis") != we) &&
            bad++ < 3)
            fprintf(stderr, "bullets/ellipsis differ on \"%s\": %g %g, want %g %g\n", text,
                    score(sc, "gopher_too_many_bullets"), score(sc, "gopher_too_many_end_ellipsis"), wb, we);
        json_decref(sc);
        /* filtering (no scores), where bounds may skip the lines: the
         * decision with random thresholds for the two ratios, the other
         * checks off, against the reference counts */
        static const double thr[] = {0, 0.9, 0.3, 0.1, 0.5, 1e-9, -0.1, 0.05, 1.0 / 3, 2, 0.25};
        wn_qparams f = p;
        f.gq_min_doc_words = f.gq_max_doc_words = 0;
        f.gq_min_avg_word_length = f.gq_max_avg_word_length = 0;
        f.gq_max_symbol_word_ratio = f.gq_min_alpha_words_ratio = 0;
        f.gq_min_stop_words = 0;
        f.gq_max_bullet_lines_ratio = thr[rnd(sizeof thr / sizeof *thr)];
        f.gq_max_ellipsis_lines_ratio = thr[rnd(sizeof thr / sizeof *thr)];
        double bl = (double)bullets / nl, el = (double)endell / nl;
        const char *want = f.gq_max_bullet_lines_ratio && bl > f.gq_max_bullet_lines_ratio ? "gopher_too_many_bullets"
                           : f.gq_max_ellipsis_lines_ratio && el > f.gq_max_ellipsis_lines_ratio
                               ? "gopher_too_many_end_ellipsis"
                               : NULL;
        double want_value = want && !strcmp(want, "gopher_too_many_bullets") ? bl : el;
        int keep = wn_gopher_quality(&f, text, n, &tok, q, &r, NULL);
        if (tok.n && (keep != !want || (want && (!r.reason || strcmp(r.reason, want) || r.value != want_value))) &&
            bad++ < 3)
            fprintf(stderr, "bullets/ellipsis decision differs on \"%s\" (%g, %g): %s, want %s\n", text,
                    f.gq_max_bullet_lines_ratio, f.gq_max_ellipsis_lines_ratio, r.reason ? r.reason : "kept",
                    want ? want : "kept");
    }
    /* long texts (the byte-lane counts of the bounds summed before they
     * overflow): one line of 4096 '-' (256 in each lane), lines "-" or
     * "..." only, or one in k, and the filtering decision at the default
     * thresholds */
    static char big[12000];
    {
        memset(big, '-', 4096);
        big[4096] = '\n';
        wn_words_split(big, 4097, &tok);
        wn_qparams f = p;
        f.gq_min_doc_words = f.gq_max_doc_words = 0;
        f.gq_min_avg_word_length = f.gq_max_avg_word_length = 0;
        f.gq_max_symbol_word_ratio = f.gq_min_alpha_words_ratio = 0;
        f.gq_min_stop_words = 0;
        wn_qresult r;
        int keep = wn_gopher_quality(&f, big, 4097, &tok, q, &r, NULL);
        if ((keep || strcmp(r.reason, "gopher_too_many_bullets")) && bad++ < 3)
            fprintf(stderr, "4096 '-': %s\n", keep ? "kept" : r.reason);
    }
    for (int k = 1; k <= 4; k++) {
        for (int kind = 0; kind < 2; kind++) {
            size_t n = 0, lines = 0, marked = 0;
            while (n + 8 < sizeof big) {
                const char *l = lines % (size_t)k ? "ab" : kind ? "..." : "-";
                marked += !(lines % (size_t)k);
                memcpy(big + n, l, strlen(l));
                n += strlen(l);
                big[n++] = '\n';
                lines++;
            }
            wn_words_split(big, n, &tok);
            wn_qparams f = p;
            f.gq_min_doc_words = f.gq_max_doc_words = 0;
            f.gq_min_avg_word_length = f.gq_max_avg_word_length = 0;
            f.gq_max_symbol_word_ratio = f.gq_min_alpha_words_ratio = 0;
            f.gq_min_stop_words = 0;
            double ratio = (double)marked / (double)lines;
            /* the default threshold, the ratio itself (kept) and just
             * below it (dropped: the bounds are exact here) */
            for (int t = 0; t < 3; t++) {
                double thr = t == 0 ? (kind ? 0.3 : 0.9) : t == 1 ? ratio : nextafter(ratio, 0);
                if (kind)
                    f.gq_max_ellipsis_lines_ratio = thr;
                else
                    f.gq_max_bullet_lines_ratio = thr;
                wn_qresult r;
                int keep = wn_gopher_quality(&f, big, n, &tok, q, &r, NULL);
                if (keep != !(ratio > thr) && bad++ < 3)
                    fprintf(stderr, "long text, one line in %d %s, threshold %g: %s\n", k,
                            kind ? "\"...\"" : "\"-\"", thr, keep ? "kept" : r.reason);
            }
        }
    }
    wn_tokens_free(&tok);
    wn_qscratch_free(q);
    CHECK_EQ_INT(bad, 0);
}

static void test_gopher_quality_stop_words(void)
{
    wn_qscratch *q = wn_qscratch_new();
    char text[4096];
    wn_tokens t = {0};
    int bad = 0;
    for (int round = 0; round < 5000; round++) {
        wn_qparams p;
        wn_qparams_defaults(&p);
        p.gq_min_doc_words = 0;
        p.gq_max_avg_word_length = p.gq_min_avg_word_length = 0;
        p.gq_max_symbol_word_ratio = p.gq_max_bullet_lines_ratio = p.gq_max_ellipsis_lines_ratio = 0;
        p.gq_min_alpha_words_ratio = 0;
        p.gq_stop_distinct = (int)rnd(2);
        p.gq_min_stop_words = 1 + rnd(4);
        if (rnd(2)) { /* a list with a long entry and non-ASCII first bytes */
            p.gq_nstop = 3;
            strcpy(p.gq_stop[0], "\xC4\xB0stanbul");
            strcpy(p.gq_stop[1], "lorem ipsum");
            strcpy(p.gq_stop[2], "ab");
        } else if (rnd(2)) { /* entries of one length and first byte, duplicates (a set: one match a word) */
            static const char *const list[] = {"ab", "ba", "a", "the", "ab", "b", "abc", "ba", "of", "The", "a",
                                               "and", "\xC4\xB0", "\xC4\xB1", "I", "..."};
            p.gq_nstop = 1 + rnd(sizeof list / sizeof *list);
            for (size_t k = 0; k < p.gq_nstop; k++)
                strcpy(p.gq_stop[k], list[(k + round) % (sizeof list / sizeof *list)]);
        }
        size_t n = random_text(text, sizeof text, 40, 12, 1);
        wn_words_split(text, n, &t);
        size_t stops = 0;
        unsigned char seen[WN_MAX_STOPWORDS] = {0};
        for (size_t i = 0; i < t.n; i++)
            for (size_t k = 0; k < p.gq_nstop; k++)
                if (strlen(p.gq_stop[k]) == t.v[i].len && !memcmp(p.gq_stop[k], text + t.v[i].off, t.v[i].len)) {
                    /* the list is a set: a word matches once; duplicate
                     * entries count as one (the first) */
                    for (size_t j = 0; j < k; j++)
                        if (!strcmp(p.gq_stop[j], p.gq_stop[k]))
                            k = j;
                    if (!p.gq_stop_distinct || !seen[k])
                        stops++;
                    seen[k] = 1;
                    break;
                }
        json_t *sc = json_object();
        wn_qresult r1, r2;
        int k1 = wn_gopher_quality(&p, text, n, &t, q, &r1, NULL);
        int k2 = wn_gopher_quality(&p, text, n, &t, q, &r2, sc);
        int want_keep = t.n > 0 && (double)stops >= p.gq_min_stop_words;
        int ok = k1 == k2 && k1 == want_keep && (r1.reason == NULL) == (r2.reason == NULL) &&
                 (!r1.reason || (!strcmp(r1.reason, r2.reason) && r1.value == r2.value));
        if (t.n)
            ok &= score(sc, "gopher_enough_stop_words") == (double)stops;
        if (!ok && bad++ < 3)
            fprintf(stderr, "stop words differ on \"%s\"\n", text);
        json_decref(sc);
    }
    CHECK_EQ_INT(bad, 0);
    wn_tokens_free(&t);
    wn_qscratch_free(q);
}

/* The table's number parser against strtod(), bit for bit. */
static void test_parse_num(void)
{
    static const char *const fixed[] = {"-1", "0.755", "1.", ".5", "-0", "0", "123456789012345",
                                        "1234567890123456", "0.1234567890123456", "1e5", " 1", "+1", "",
                                        "-", ".", "0.3\t9", "inf", "nan", "0x10", "2.5x", "-.25"};
    int bad = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
        char *e1, *e2;
        double a = wn_fparse_num(fixed[i], &e1), b = strtod(fixed[i], &e2);
        if ((memcmp(&a, &b, sizeof a) != 0 && !(a != a && b != b)) || e1 != e2) {
            bad++;
            fprintf(stderr, "parse \"%s\" differs\n", fixed[i]);
        }
    }
    char buf[64];
    for (int round = 0; round < 200000; round++) {
        size_t o = 0;
        if (rnd(3) == 0)
            buf[o++] = '-';
        int whole = (int)rnd(9), frac = (int)rnd(12);
        for (int k = 0; k < whole; k++)
            buf[o++] = (char)('0' + rnd(10));
        if (rnd(4))
            buf[o++] = '.';
        for (int k = 0; k < frac; k++)
            buf[o++] = (char)('0' + rnd(10));
        if (rnd(2))
            buf[o++] = '\t';
        buf[o] = 0;
        char *e1, *e2;
        double a = wn_fparse_num(buf, &e1), b = strtod(buf, &e2);
        if ((memcmp(&a, &b, sizeof a) != 0 || e1 != e2) && bad++ < 5)
            fprintf(stderr, "parse \"%s\": %.17g vs %.17g\n", buf, a, b);
    }
    CHECK_EQ_INT(bad, 0);
}

/* Whole-text counts the rules share or shortcut: Gopher quality's
 * ellipsis count (dots and U+2026 found sixteen bytes at a time; a run of
 * k dots holds k / 3 of "..."), FineWeb's short lines (code points counted
 * only where the byte length leaves it open), its newline count from the
 * split, and the code-point length computed once for a pinned text:
 * against plain counts, and pinned against unpinned scores. */
static void test_text_counts_and_pin(void)
{
    static const char *const piece[] = {".", "..", "...", "....", "\xE2\x80\xA6", "\xE2\x80", "\xE2", "\xE2\x80\xA8",
                                        "a", "word", "\xD1\x81\xD0\xBB\xD0\xBE\xD0\xB2\xD0\xBE", "\xE6\x97\xA5",
                                        " ", "\n", "\n\n", "  \n", "#", "abcdefghijklmnopqrstuvwxyz0123456789",
                                        "\xD0\xB0\xD0\xB1\xD0\xB2\xD0\xB3\xD0\xB4\xD0\xB5\xD0\xB6\xD0\xB7"};
    wn_qscratch *q1 = wn_qscratch_new(), *q2 = wn_qscratch_new();
    wn_qparams p;
    wn_qparams_defaults(&p);
    char text[4096];
    wn_tokens t = {0};
    int bad = 0;
    for (int round = 0; round < 3000; round++) {
        size_t n = 0, parts = rnd(120);
        for (size_t k = 0; k < parts; k++) {
            const char *f = piece[rnd(sizeof piece / sizeof *piece)];
            size_t len = strlen(f);
            if (n + len + 1 >= sizeof text)
                break;
            memcpy(text + n, f, len);
            n += len;
        }
        text[n] = 0;
        wn_words_split(text, n, &t);
        if (!t.n)
            continue;
        /* plain counts */
        size_t dots = 0, ell = 0, lf = 0, lines = 0, shorts = 0, start = 0;
        for (size_t i = 0; i < n;) {
            if (i + 3 <= n && !memcmp(text + i, "...", 3)) {
                dots++;
                i += 3;
            } else {
                i++;
            }
        }
        for (size_t i = 0; i + 3 <= n; i++)
            ell += !memcmp(text + i, "\xE2\x80\xA6", 3);
        for (size_t i = 0; i <= n; i++) {
            if (i < n && text[i] != '\n')
                continue;
            size_t b = start, e = i, c = 0;
            wn_py_strip(text, &b, &e);
            for (size_t j = start; j < i; c++)
                wn_py_next(text, i, &j);
            if (e > b) {
                lines++;
                shorts += c <= 30;
            }
            lf += i < n;
            start = i + 1;
        }
        wn_qresult r;
        json_t *a = json_object(), *b = json_object();
        wn_gopher_quality(&p, text, n, &t, q1, &r, a);
        wn_gopher_repetition(&p, text, n, &t, q1, &r, a);
        wn_fineweb_quality(&p, text, n, &t, q1, &r, a);
        wn_qscratch_pin(q2, text, n);
        wn_gopher_quality(&p, text, n, &t, q2, &r, b);
        wn_gopher_repetition(&p, text, n, &t, q2, &r, b);
        wn_fineweb_quality(&p, text, n, &t, q2, &r, b);
        if (!json_equal(a, b) && bad++ < 3)
            fprintf(stderr, "pinned and unpinned scores differ on \"%s\"\n", text);
        double want_ell = rounded((double)(dots + ell) / (double)t.n);
        if (score(a, "gopher_too_many_ellipsis") != want_ell && bad++ < 3)
            fprintf(stderr, "ellipsis ratio %g, want %g on \"%s\"\n", score(a, "gopher_too_many_ellipsis"), want_ell, text);
        if (lines) {
            double want_short = rounded((double)shorts / (double)lines);
            if (score(a, "short_line_ratio") != want_short && bad++ < 3)
                fprintf(stderr, "short-line ratio %g, want %g on \"%s\"\n", score(a, "short_line_ratio"), want_short, text);
            double want_list = rounded((double)lf / (double)t.n);
            if (score(a, "list_ratio") != want_list && bad++ < 3)
                fprintf(stderr, "list ratio %g, want %g on \"%s\"\n", score(a, "list_ratio"), want_list, text);
        }
        json_decref(a);
        json_decref(b);
    }
    CHECK_EQ_INT(bad, 0);
    wn_tokens_free(&t);
    wn_qscratch_free(q1);
    wn_qscratch_free(q2);
}

int main(void)
{
    RUN(test_class_table);
    RUN(test_tokenizer_random);
    RUN(test_tokenizer_ascii_premise);
    RUN(test_tokenizer_long);
    RUN(test_tokenizer_two_byte_premise);
    RUN(test_tokenizer_two_byte_random);
    RUN(test_tokenizer_ascii_marks_random);
    RUN(test_len_splitlines_random);
    RUN(test_len_splitlines_long);
    RUN(test_lower_ascii_premise);
    RUN(test_lower_random);
    RUN(test_lower_two_byte_random);
    RUN(test_strip_random);
    RUN(test_c4_random);
    RUN(test_c4_phrases_random);
    RUN(test_c4_word_length);
    RUN(test_c4_word_checks_random);
    RUN(test_gopher_repetition_random);
    RUN(test_gopher_repetition_screens);
    RUN(test_gopher_bullets_ellipsis);
    RUN(test_gopher_quality_stop_words);
    RUN(test_gopher_quality_line_screen);
    RUN(test_text_counts_and_pin);
    RUN(test_parse_num);
    HARNESS_EXIT();
}
