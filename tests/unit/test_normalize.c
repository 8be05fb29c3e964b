#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "harness.h"
#include "common/utf8.h"
#include "normalize/normalize.h"

static char *norm(const char *s, size_t *replaced)
{
    wn_buf b = WN_BUF_INIT;
    size_t rep = 0;
    CHECK(wn_normalize_line(&b, s, strlen(s), &rep) == WN_OK);
    if (replaced)
        *replaced = rep;
    return b.data ? b.data : calloc(1, 1);
}

static void nfc_composes(void)
{
    char *s = norm("Cafe\xCC\x81", NULL);      /* e + COMBINING ACUTE */
    CHECK_STR(s, "Caf\xC3\xA9");
    free(s);
    s = norm("\xE2\x84\xAB", NULL);            /* ANGSTROM SIGN -> Å */
    CHECK_STR(s, "\xC3\x85");
    free(s);
    s = norm("\xD0\xB8\xCC\x86", NULL);        /* и + breve -> й */
    CHECK_STR(s, "\xD0\xB9");
    free(s);
}

static void spaces_and_invisibles(void)
{
    /* NBSP, EN SPACE, tab runs collapse; ZWSP, BOM, soft hyphen, LRM vanish;
     * ZWJ stays (emoji sequences). */
    char *s = norm("  a\xC2\xA0\xE2\x80\x82 b\t\tc\xE2\x80\x8B" "d\xEF\xBB\xBF" "e\xC2\xAD" "f\xE2\x80\x8E "
                   "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9  ", NULL);
    CHECK_STR(s, "a b cdef \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9");
    free(s);
    s = norm("x\x01y\x7Fz\xC2\x80!", NULL);     /* C0, DEL and C1 controls removed */
    CHECK_STR(s, "xyz!");
    free(s);
}

static void invalid_utf8_is_replaced_and_counted(void)
{
    size_t rep;
    char *s = norm("ok\xFF\xFEok\xC3", &rep);
    CHECK_STR(s, "ok\xEF\xBF\xBD\xEF\xBF\xBDok\xEF\xBF\xBD");
    CHECK_EQ_INT(rep, 3);
    free(s);
}

static void doc_lines_and_numbers(void)
{
    wn_doc *d = wn_doc_new();
    const char *body = "first\r\n\r\n  second  \rthird\xE2\x80\xA8" "fourth\n\n";
    wn_buf_append(&d->body, body, strlen(body));
    d->body_line0 = 2;
    wn_buf scratch = WN_BUF_INIT;
    CHECK(wn_normalize_doc(d, &scratch) == WN_OK);
    CHECK_STR(d->body.data, "first\nsecond\nthird\nfourth");
    CHECK_EQ_INT(d->nlines, 4);
    /* source lines: first=2, (blank=3), second=4, third=5, fourth=6 */
    CHECK_EQ_INT(d->lines[0].src_line, 2);
    CHECK_EQ_INT(d->lines[1].src_line, 4);
    CHECK_EQ_INT(d->lines[2].src_line, 5);
    CHECK_EQ_INT(d->lines[3].src_line, 6);
    CHECK_EQ_INT(d->lines[1].len, 6);
    wn_buf_free(&scratch);
    wn_doc_free(d);
}

/* The quick check may only say "unchanged" for code points that NFC leaves
 * alone, also after a base letter and before a combining mark. */
static void quick_check_is_sound(void)
{
    int bad = 0;
    for (int32_t cp = 0; cp < 0x110000 && bad < 5; cp++) {
        if ((cp >= 0xD800 && cp <= 0xDFFF) || wn_nfc_maybe_changes(cp))
            continue;
        utf8proc_uint8_t in[16], *out = NULL;
        size_t n = 0;
        in[n++] = 'a';
        n += (size_t)utf8proc_encode_char(cp, in + n);
        utf8proc_ssize_t m = utf8proc_map(in, (utf8proc_ssize_t)n, &out, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (m != (utf8proc_ssize_t)n || memcmp(in, out, n) != 0) {
            fprintf(stderr, "U+%04X changes under NFC but passed the quick check\n", (unsigned)cp);
            bad++;
        }
        free(out);
    }
    CHECK_EQ_INT(bad, 0);
    CHECK(wn_nfc_maybe_changes(0x0301));   /* combining acute */
    CHECK(wn_nfc_maybe_changes(0x212B));   /* Angstrom singleton */
    CHECK(!wn_nfc_maybe_changes(0x0439));  /* й is stable */
}

/* Combining marks in canonical order pass the quick check; out of order
 * they are reordered (Hebrew hiriq, class 14, before sheva, class 10). */
static void marks_out_of_order_are_reordered(void)
{
    char *s = norm("\xD7\x90\xD6\xB4\xD6\xB0", NULL);  /* alef hiriq sheva */
    CHECK_STR(s, "\xD7\x90\xD6\xB0\xD6\xB4");         /* alef sheva hiriq */
    free(s);
    s = norm("\xE0\xA4\x95\xE0\xA4\xBC\xE0\xA5\x8D", NULL); /* ka nukta virama: in order */
    CHECK_STR(s, "\xE0\xA4\x95\xE0\xA4\xBC\xE0\xA5\x8D");
    free(s);
}

/* Random strings over letters, marks of several classes, composition
 * seconds, Hangul jamo, singletons and exclusions: the result must be
 * utf8proc's NFC of the input, whichever path the quick check chose. */
static void random_strings_match_utf8proc(void)
{
    static const int32_t pool[] = {
        'a', 'e', 'A', 0x05D0, 0x0915, 0x0B92, 0x0DD9, 0x0DCF, 0x0B95, 0x0BC6, 0x0BC7, 0x0D46, 0xAC00, 0x1100,
        0x0301, 0x0316, 0x0327, 0x05B0, 0x05B4, 0x093C, 0x094D, 0x0BBE, 0x0BD7, 0x0D3E,
        0x1161, 0x11A8, 0x212B, 0x0344, 0x0F73, 0x0E48, 0x0E38, 0x1D15E, 0x0300,
    };
    const size_t np = sizeof pool / sizeof *pool;
    unsigned seed = 12345;
    int bad = 0;
    for (int t = 0; t < 30000 && bad < 5; t++) {
        utf8proc_uint8_t in[64];
        size_t n = 0;
        int len = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 6;
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            n += (size_t)utf8proc_encode_char(pool[(seed >> 16) % np], in + n);
        }
        in[n] = 0;
        utf8proc_uint8_t *want = NULL;
        utf8proc_ssize_t m = utf8proc_map(in, (utf8proc_ssize_t)n, &want, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        char *got = norm((const char *)in, NULL);
        if (m < 0 || strcmp(got, (const char *)want) != 0) {
            fprintf(stderr, "NFC mismatch for input of %zu bytes (case %d)\n", n, t);
            bad++;
        }
        free(got);
        free(want);
    }
    CHECK_EQ_INT(bad, 0);
}

/* Printable ASCII is copied in runs, eight bytes at a time where it can
 * (printable_run): on random strings of words, single and double spaces,
 * tabs, DEL and a two-byte letter the result must equal a plain reading of
 * the rules: DEL dropped, tabs are spaces, spaces collapsed and trimmed. */
/* A plain reading of normalize.h's rules, character by character, for
 * the edge inputs the fast paths must leave to the general one: invalid
 * UTF-8 -> U+FFFD (counted), line breaks and Unicode spaces -> a space,
 * controls and invisible format characters dropped, spaces collapsed and
 * trimmed, then utf8proc's NFC.  NULL when utf8proc fails. */
static char *reference_rules(const char *s, size_t n, size_t *replaced)
{
    utf8proc_uint8_t *col = malloc(3 * n + 1), *want = NULL;
    if (!col)
        return NULL;
    size_t m = 0;
    int space = 0;
    *replaced = 0;
    for (size_t i = 0; i < n;) {
        int32_t c;
        i += wn_utf8_decode((const unsigned char *)s + i, n - i, &c);
        if (c < 0) {
            c = 0xFFFD;
            ++*replaced;
        }
        int is_space = c == 0x20 || c == 0x09 || (c >= 0x1C && c <= 0x1F) || c == 0xA0 || c == 0x1680 ||
                       (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000 || c == '\n' ||
                       c == '\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 || c == 0x2029;
        int dropped = (c < 0x20 && !is_space) || (c >= 0x7F && c <= 0x9F && c != 0x85) || c == 0xAD ||
                      c == 0x180E || c == 0x200B || c == 0x200E || c == 0x200F || c == 0x2060 || c == 0xFEFF ||
                      (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || (c >= 0xFFF9 && c <= 0xFFFB);
        if (is_space) {
            space = 1;
            continue;
        }
        if (dropped)
            continue;
        if (space && m)
            col[m++] = ' ';
        space = 0;
        m += (size_t)utf8proc_encode_char(c, col + m);
    }
    col[m] = 0;
    utf8proc_ssize_t r = utf8proc_map(col, (utf8proc_ssize_t)m, &want, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    free(col);
    if (r < 0) {
        free(want);
        return NULL;
    }
    return (char *)want;
}

/* Compares the normaliser with reference_rules on in[0..n) (NUL-terminated);
 * 1, and a line on stderr naming case t, when they differ. */
static int norm_differs(const char *in, size_t n, int t)
{
    size_t replaced;
    char *want = reference_rules(in, n, &replaced);
    char *got = norm(in, NULL);
    int differs = !want || strcmp(got, want) != 0;
    if (differs)
        fprintf(stderr, "case %d: got [%s] want [%s]\n", t, got, want ? want : "");
    free(got);
    free(want);
    return differs;
}

static void printable_runs_match_plain_rules(void)
{
    static const char *frag[] = {"word", "Ab", "x", "0123456789", "!?.,;:", "~{}", " ", " ", " ", "  ", "\t", "\x7f",
                                 "\xc3\xa9", "longerwordhere", "a b c d e f g h"};
    const size_t nf = sizeof frag / sizeof *frag;
    unsigned seed = 777;
    int bad = 0;
    for (int t = 0; t < 100000 && bad < 5; t++) {
        char in[512], want[512];
        size_t n = 0;
        int parts = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 24;
        for (int k = 0; k < parts; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *f = frag[(seed >> 16) % nf];
            memcpy(in + n, f, strlen(f));
            n += strlen(f);
        }
        in[n] = 0;
        size_t w = 0;
        int space = 0;
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)in[i];
            if (c == 0x7F)
                continue;
            if (c == ' ' || c == '\t') {
                space = 1;
                continue;
            }
            if (space && w)
                want[w++] = ' ';
            space = 0;
            want[w++] = (char)c;
        }
        want[w] = 0;
        char *got = norm(in, NULL);
        if (strcmp(got, want) != 0) {
            fprintf(stderr, "case %d: got [%s] want [%s]\n", t, got, want);
            bad++;
        }
        free(got);
    }
    CHECK_EQ_INT(bad, 0);
}

/* Runs of two-byte letters and single spaces are copied without the
 * per-character checks: against utf8proc's NFC (after collapsing and
 * trimming spaces, which are starters and never compose) on random strings
 * of Cyrillic, Greek and Hebrew letters, combining marks that compose with
 * them (и + U+0306 = й, е + U+0308 = ё) or not, and single/double spaces. */
static void two_byte_runs_match_utf8proc(void)
{
    static const int32_t pool[] = {0x0430, 0x0438, 0x0435, 0x0418, 0x0415, 0x044F, 0x03B1, 0x03C9, 0x05D0,
                                   0x0306, 0x0308, 0x0301, 0x05B4, ' ', ' ', ' ', 'a', 0x00E9, 0x0700};
    const size_t np = sizeof pool / sizeof *pool;
    unsigned seed = 4242;
    int bad = 0;
    for (int t = 0; t < 60000 && bad < 5; t++) {
        utf8proc_uint8_t in[256];
        size_t n = 0;
        int len = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 30;
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            n += (size_t)utf8proc_encode_char(pool[(seed >> 16) % np], in + n);
        }
        in[n] = 0;
        bad += norm_differs((const char *)in, n, t);
    }
    CHECK_EQ_INT(bad, 0);
}

/* Cyrillic runs sixteen bytes at a time (wn_utf8_cyrillic_block): long
 * random strings of every letter U+0400..U+047F, single and double spaces,
 * and now and then a combining breve (и + U+0306 = й), a combining
 * titlo (U+0483), a comma, an ASCII letter, é or a four-byte character, so
 * that blocks are taken, refused and cut at every offset; the result must
 * be utf8proc's NFC of the input with spaces collapsed and trimmed. */
static void cyrillic_blocks_match_utf8proc(void)
{
    unsigned seed = 2718;
    int bad = 0;
    for (int t = 0; t < 40000 && bad < 5; t++) {
        utf8proc_uint8_t in[800];
        size_t n = 0;
        int len = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 150;
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 100;
            int32_t c;
            if (r < 75)
                c = 0x400 + (int32_t)((seed >> 8) % 0x80);
            else if (r < 90)
                c = ' ';
            else {
                static const int32_t other[] = {0x0306, 0x0483, ',', 'a', 0x00E9, 0x1F600, 0x0430, ' '};
                c = other[(seed >> 8) % (sizeof other / sizeof *other)];
            }
            n += (size_t)utf8proc_encode_char(c, in + n);
        }
        in[n] = 0;
        bad += norm_differs((const char *)in, n, t);
    }
    CHECK_EQ_INT(bad, 0);
}

/* Runs of three-byte characters (copied without the per-character
 * checks when they have no flags and no combining class): long random
 * strings of Devanagari letters, vowel signs, nukta (class 7, a
 * composition second) and virama, Tamil vowel signs that compose, Hangul
 * syllables and a trailing jamo that composes with them, CJK, the edges
 * U+0800/U+D7FF/U+E000/U+FFFD, a singleton (U+2126 ohm -> omega), spaces,
 * Thaana (so that the page of U+07xx is in the table), and invalid
 * E0 80 80 / E0 9F BF (an overlong U+07FF) / ED A0 80 / a truncated E4 B8:
 * the result must be
 * utf8proc's NFC of the repaired, space-collapsed input, and the
 * replacements counted as by the repair. */
static void three_byte_runs_match_utf8proc(void)
{
    static const char *const atoms[] = {
        "\xE0\xA4\x95", "\xE0\xA4\xA8", "\xE0\xA4\xBE", "\xE0\xA4\xBC", "\xE0\xA5\x8D", "\xE0\xAE\x95",
        "\xE0\xAF\x86", "\xE0\xAE\xBE", "\xEA\xB0\x80", "\xED\x95\x9C", "\xE1\x86\xA8", "\xE4\xB8\xAD",
        "\xE6\x96\x87", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80", "\xEF\xBF\xBD", "\xE2\x84\xA6",
        " ", " ", " ", "  ", "a", ",", "\xDE\x80", "\xE0\x80\x80", "\xE0\x9F\xBF", "\xED\xA0\x80", "\xE4\xB8"};
    unsigned seed = 1618;
    int bad = 0;
    for (int t = 0; t < 40000 && bad < 5; t++) {
        char in[900];
        size_t n = 0;
        int len = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 120;
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *a = atoms[(seed >> 16) % (sizeof atoms / sizeof *atoms)];
            memcpy(in + n, a, strlen(a));
            n += strlen(a);
        }
        in[n] = 0;
        wn_buf fixed = WN_BUF_INIT;
        size_t want_rep = 0;
        CHECK(wn_utf8_repair(&fixed, in, n, &want_rep) == WN_OK);
        size_t none;
        char *want = reference_rules(fixed.data, fixed.len, &none);
        wn_buf_free(&fixed);
        size_t rep = 0;
        char *got = norm(in, &rep);
        if (!want || strcmp(got, want) != 0 || rep != want_rep) {
            fprintf(stderr, "case %d: got [%s] want [%s], %zu / %zu replaced\n", t, got, want ? want : "", rep,
                    want_rep);
            bad++;
        }
        free(got);
        free(want);
    }
    CHECK_EQ_INT(bad, 0);
}

/* Plane-1 characters take their flags from the table too (plane 14's,
 * U+E0001, are computed each time): emoji with a skin tone are copied,
 * Kaithi DDDHA + nukta compose, the musical half note (a composition
 * exclusion) decomposes: all as utf8proc's NFC. */
static void plane_one_characters_match_utf8proc(void)
{
    static const char *const cases[] = {"\xF0\x9F\x98\x80 ok \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD",
                                        "\xF0\x91\x82\x99\xF0\x91\x82\xBA",
                                        "\xF0\x9D\x85\x9E",
                                        "\xF3\xA0\x80\x81 x"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        utf8proc_uint8_t *want = NULL;
        utf8proc_map((const utf8proc_uint8_t *)cases[i], (utf8proc_ssize_t)strlen(cases[i]), &want,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        char *got = norm(cases[i], NULL);
        CHECK_STR(got, (const char *)want);
        free(got);
        free(want);
    }
}



/* Does wn_normalize_line differ from the plain reading of the rules on
 * in[0..n) (text or replacement count)?  The first five differences are
 * printed (bad: how many there were before). */
static int rules_differ(const char *in, size_t n, int t, int bad)
{
    size_t want_rep = 0, got_rep = 0;
    char *want = reference_rules(in, n, &want_rep);
    wn_buf b = WN_BUF_INIT;
    CHECK(wn_normalize_line(&b, in, n, &got_rep) == WN_OK);
    const char *got = b.data ? b.data : "";
    int differs = !want || strcmp(got, want) != 0 || got_rep != want_rep;
    if (differs && bad < 5)
        fprintf(stderr, "case %d: got [%s] (%zu) want [%s] (%zu)\n", t, got, got_rep, want ? want : "(null)", want_rep);
    wn_buf_free(&b);
    free(want);
    return differs;
}
/* Runs of two- and three-byte characters and printable ASCII, and where
 * they must stop: random strings of Cyrillic, Greek, Hebrew, Arabic, Devanagari
 * and CJK letters, final sigma, Turkish dotted and dotless i, combining
 * marks (composing or not, in and out of order), lone ASCII punctuation,
 * digits and letters, ASCII words, single and double spaces, TAB, CR, NUL,
 * DEL, C1 controls, no-break space, soft hyphen, zero-width space, BOM and
 * invalid UTF-8, against the plain rules above (text and count). */
static void multi_byte_runs_match_plain_rules(void)
{
    static const char *const atoms[] = {
        "\xD0\xB0", "\xD0\x98", "\xD1\x8F", "\xD2\x91", "\xCE\xB1", "\xCF\x82" /* ς */, "\xCE\xA3", "\xD7\x90",
        "\xD8\xA8", "\xD9\x84", "\xE0\xA4\x95", "\xE0\xA4\xBE", "\xE4\xB8\xAD", "\xEA\xB0\x80",
        "\xC4\xB0" /* İ */, "\xC4\xB1" /* ı */, "\xCC\x81", "\xCC\x88", "\xCC\x86", "\xD6\xB4", "\xD6\xB0",
        "\xE0\xA4\xBC", "\xD9\x8E", ",", ".", "7", "(", ")", "-", "!", "a", "Q", "ab", "12", " ", " ", " ", " ",
        "  ", "\t", "\r", "\x01", "\x7F", "\xC2\x85", "\xC2\x9F", "\xC2\xA0", "\xC2\xAD", "\xE2\x80\x8B",
        "\xEF\xBB\xBF", "\xC3", "\xE2\x82", "\xFF", "\xED\xA0\x80", "\xF0\x9F\x98\x80", "\xE2\x80\xA8",
    };
    const size_t na = sizeof atoms / sizeof *atoms;
    unsigned seed = 9001;
    int bad = 0;
    for (int t = 0; t < 60000 && bad < 5; t++) {
        char in[1024];
        size_t n = 0;
        int len = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 60;
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            /* multi-byte letters most of the time, so that runs form */
            unsigned r = (seed >> 16) % 100;
            const char *a = r < 55 ? atoms[(seed >> 8) % 14] : atoms[(seed >> 8) % na];
            memcpy(in + n, a, strlen(a));
            n += strlen(a);
        }
        if ((seed >> 4) % 7 == 0)
            in[n++] = 0; /* a NUL inside (dropped) */
        in[n] = 0;
        bad += rules_differ(in, n, t, bad);
    }
    CHECK_EQ_INT(bad, 0);
}

/* Runs take sixteen bytes at a time of two-byte letters of any script
 * mixed with printable ASCII (mixed_block): long random strings where
 * two-byte letters (Cyrillic, Greek, Arabic, Hebrew, Latin-1) and ASCII
 * punctuation, digits and letters are most of the text, with two-byte
 * characters the block must refuse (combining acute, titlo, fatha, hiriq;
 * the Greek ano teleia and numeral sign, NFC singletons; no-break space,
 * overlong two-byte sequences,
 * soft hyphen, C1 controls, NEL), "e" before a combining acute (which NFC
 * composes: the block must leave the right last character), double
 * spaces, TAB, DEL, invalid bytes, three- and four-byte characters: against
 * the plain rules, text and count. */
static void mixed_blocks_match_plain_rules(void)
{
    static const char *const common[] = {
        "\xD0\xB0", "\xD0\xA8", "\xD1\x8B", "\xCE\xB1", "\xCF\x89", "\xCE\xA3", "\xD8\xB3", "\xD9\x85", "\xD7\xA9",
        "\xC3\xA9", "\xC3\xBC", "\xC5\x9F", ",", ".", "7", "42", "e", "Q", "(", ")", "-", "\"", " ", " ", " ",
    };
    static const char *const rare[] = {
        "\xCC\x81", "\xD2\x83", "\xD9\x8E", "\xD6\xB4", "\xCE\x87", "\xCD\xB4", "\xC2\xA0", "\xC2\xAD", "\xC2\x80",
        "\xC2\x85", "  ", "\t", "\x7F", "\xC3", "\x80", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "e\xCC\x81",
        "\xC1\xA1" /* overlong a */, "\xC0\xAE",
    };
    const size_t nc = sizeof common / sizeof *common, nr = sizeof rare / sizeof *rare;
    unsigned seed = 5150;
    int bad = 0;
    for (int t = 0; t < 40000 && bad < 5; t++) {
        char in[2048];
        size_t n = 0;
        int len = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 200;
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *a = (seed >> 16) % 100 < 95 ? common[(seed >> 8) % nc] : rare[(seed >> 8) % nr];
            memcpy(in + n, a, strlen(a));
            n += strlen(a);
        }
        in[n] = 0;
        bad += rules_differ(in, n, t, bad);
    }
    CHECK_EQ_INT(bad, 0);
}

int main(void)
{
    RUN(nfc_composes);
    RUN(spaces_and_invisibles);
    RUN(invalid_utf8_is_replaced_and_counted);
    RUN(doc_lines_and_numbers);
    RUN(quick_check_is_sound);
    RUN(marks_out_of_order_are_reordered);
    RUN(random_strings_match_utf8proc);
    RUN(printable_runs_match_plain_rules);
    RUN(two_byte_runs_match_utf8proc);
    RUN(cyrillic_blocks_match_utf8proc);
    RUN(three_byte_runs_match_utf8proc);
    RUN(plane_one_characters_match_utf8proc);
    RUN(multi_byte_runs_match_plain_rules);
    RUN(mixed_blocks_match_plain_rules);
    HARNESS_EXIT();
}
