#include "harness.h"
#include "common/utf8.h"

static void decode_rejects_overlongs_and_surrogates(void)
{
    int32_t cp;
    CHECK_EQ_INT(wn_utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp), 1);
    CHECK_EQ_INT(cp, -1);
    /* E0 80 80 is an overlong NUL: E0 must be followed by A0..BF */
    CHECK_EQ_INT(wn_utf8_decode((const unsigned char *)"\xE0\x80\x80", 3, &cp), 1);
    CHECK_EQ_INT(cp, -1);
    /* ED A0 80 is a surrogate */
    CHECK_EQ_INT(wn_utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp), 1);
    CHECK_EQ_INT(cp, -1);
    CHECK_EQ_INT(wn_utf8_decode((const unsigned char *)"\xF4\x90\x80\x80", 4, &cp), 1);
    CHECK_EQ_INT(cp, -1);
    CHECK_EQ_INT(wn_utf8_decode((const unsigned char *)"\xC3\xBC", 2, &cp), 2);
    CHECK_EQ_INT(cp, 0xFC);
    CHECK_EQ_INT(wn_utf8_decode((const unsigned char *)"\xF0\x9F\x93\x8D", 4, &cp), 4);
    CHECK_EQ_INT(cp, 0x1F4CD);
}

static void repair_replaces_maximal_subparts(void)
{
    /* "a" + truncated 3-byte sequence E2 82 + "b" + lone continuation 80 */
    wn_buf b = WN_BUF_INIT;
    size_t replaced = 0;
    CHECK(wn_utf8_repair(&b, "a\xE2\x82" "b\x80", 5, &replaced) == WN_OK);
    CHECK_STR(b.data, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    CHECK_EQ_INT(replaced, 2);
    wn_buf_free(&b);
}

static void valid_prefix_stops_at_first_bad_byte(void)
{
    const char s[] = "abcdefghij\xC3\xA7klm\xFFz";
    CHECK_EQ_INT(wn_utf8_valid_prefix(s, sizeof s - 1), 15);
    CHECK_EQ_INT(wn_utf8_valid_prefix("abc", 3), 3);
}

/* The valid prefix of b[0..n) found by decoding, the reference. */
static size_t decoded_prefix(const unsigned char *b, size_t n)
{
    size_t want = 0;
    while (want < n) {
        int32_t cp;
        size_t k = wn_utf8_decode(b + want, n - want, &cp);
        if (cp < 0)
            break;
        want += k;
    }
    return want;
}

/* The structural check against a prefix measured by decoding, on random
 * bytes drawn mostly from lead and continuation bytes at the edges of the
 * valid ranges (E0/ED/F0/F4 seconds, C0/C1/F5 leads, truncated ends). */
static void valid_prefix_matches_decoding(void)
{
    static const unsigned char pool[] = {'a', ' ', 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
                                         0xD0, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3,
                                         0xF4, 0xF5, 0xFF};
    unsigned seed = 7;
    for (int iter = 0; iter < 200000; iter++) {
        unsigned char b[24];
        seed = seed * 1103515245u + 12345u;
        size_t n = (seed >> 16) % sizeof b;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            b[i] = pool[(seed >> 16) % sizeof pool];
        }
        size_t want = decoded_prefix(b, n);
        if (wn_utf8_valid_prefix((const char *)b, n) != want) {
            CHECK_EQ_INT(wn_utf8_valid_prefix((const char *)b, n), want);
            return;
        }
    }
}

/* Long strings of valid characters (ASCII, two-, three- and four-byte),
 * sometimes with one byte replaced from the edge pool, so that the
 * sixteen-byte path sees whole blocks, leads in the last lane and bad bytes
 * at every offset; the prefix must equal the one found by decoding. */
static void valid_prefix_matches_decoding_on_long_text(void)
{
    static const char *const atoms[] = {"a", " ", "Zz.", "\xD0\xB9", "\xD0\x94", "\xC2\xA9", "\xDF\xBF",
                                        "\xE2\x82\xAC", "\xED\x9F\xBF", "\xF0\x9F\x94\xB4", "\xCE\xA3"};
    static const unsigned char bad[] = {0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xF4, 0xF5, 0xFF, 'a'};
    unsigned r = 31;
    int mismatches = 0;
    for (int iter = 0; iter < 100000 && !mismatches; iter++) {
        unsigned char b[200];
        size_t n = 0;
        size_t parts = ((r = r * 1103515245u + 12345u) >> 16) % 60;
        for (size_t k = 0; k < parts; k++) {
            const char *a = atoms[((r = r * 1103515245u + 12345u) >> 16) % (sizeof atoms / sizeof *atoms)];
            memcpy(b + n, a, strlen(a));
            n += strlen(a);
        }
        if (n && ((r = r * 1103515245u + 12345u) >> 16) % 2) {
            r = r * 1103515245u + 12345u;
            b[(r >> 16) % n] = bad[(r >> 8) % sizeof bad];
        }
        size_t want = decoded_prefix(b, n);
        mismatches += wn_utf8_valid_prefix((const char *)b, n) != want;
    }
    CHECK_EQ_INT(mismatches, 0);
}

/* The thirty-two-byte blocks (AVX2, where the processor has it) against
 * the byte-and-SSE2 check, and both against decoding: long strings (up to
 * 600 bytes) of valid characters at the edges of every range, sometimes
 * with one to three bytes replaced by edge bytes or the end cut inside a
 * character, so that errors fall at every offset of a block, straddle its
 * edges and come after an all-ASCII block. */
static void valid_prefix_blocks_match_generic(void)
{
    static const char *const atoms[] = {"a", " ", "plain ascii words ", "\xC2\x80", "\xDF\xBF", "\xD0\x94",
                                        "\xE0\xA0\x80", "\xE0\xBF\xBF", "\xED\x9F\xBF", "\xEE\x80\x80",
                                        "\xEF\xBF\xBF", "\xE2\x82\xAC", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF",
                                        "\xF3\xBF\xBF\xBF", "\xF0\x9F\x94\xB4", "0123456789abcdefghijklmnopqrstuv"};
    static const unsigned char bad[] = {0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
                                        0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 'a', 0x00};
    unsigned r = 99;
    int mismatches = 0, generic_wrong = 0;
    for (int iter = 0; iter < 60000 && !mismatches && !generic_wrong; iter++) {
        unsigned char b[700];
        size_t n = 0;
        size_t parts = ((r = r * 1103515245u + 12345u) >> 16) % 120;
        for (size_t k = 0; k < parts && n < 600; k++) {
            const char *a = atoms[((r = r * 1103515245u + 12345u) >> 16) % (sizeof atoms / sizeof *atoms)];
            memcpy(b + n, a, strlen(a));
            n += strlen(a);
        }
        unsigned how = ((r = r * 1103515245u + 12345u) >> 16) % 4;
        for (unsigned k = 0; n && k < how; k++) {
            r = r * 1103515245u + 12345u;
            b[(r >> 16) % n] = bad[(r >> 8) % sizeof bad];
        }
        if (n > 1 && ((r = r * 1103515245u + 12345u) >> 16) % 5 == 0)
            n -= 1 + (r >> 8) % 2; /* cut the end, maybe inside a character */
        size_t want = decoded_prefix(b, n);
        generic_wrong += wn_utf8_valid_prefix_generic((const char *)b, n) != want;
        mismatches += wn_utf8_valid_prefix((const char *)b, n) != want;
    }
    CHECK_EQ_INT(generic_wrong, 0);
    CHECK_EQ_INT(mismatches, 0);
    /* one bad byte at each offset of a 300-byte ASCII or Cyrillic text */
    for (int script = 0; script < 2; script++)
        for (size_t at = 0; at < 300; at++)
            for (size_t v = 0; v < sizeof bad; v++) {
                unsigned char t[300];
                for (size_t i = 0; i < sizeof t; i++)
                    t[i] = script ? (i % 2 ? 0xB0 : 0xD0) : (unsigned char)('a' + i % 26);
                t[at] = bad[v];
                size_t want = decoded_prefix(t, sizeof t);
                if (wn_utf8_valid_prefix((const char *)t, sizeof t) != want) {
                    CHECK_EQ_INT(wn_utf8_valid_prefix((const char *)t, sizeof t), want);
                    return;
                }
            }
}

static void encode_round_trips(void)
{
    int32_t cps[] = {0x41, 0xE7, 0x416, 0x20AC, 0x1F534, 0x10FFFF};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char out[4];
        int32_t back;
        size_t n = wn_utf8_encode(cps[i], out);
        CHECK_EQ_INT(wn_utf8_decode((unsigned char *)out, n, &back), n);
        CHECK_EQ_INT(back, cps[i]);
    }
}

static void count_matches_a_plain_loop(void)
{
    const char *s = "a\xC3\xA7\xE2\x82\xAC\xF0\x9F\x94\xB4 long enough to use the 8-byte path \xD0\xB9\xD0\xB9";
    size_t n = strlen(s), want = 0;
    for (size_t i = 0; i < n; i++)
        want += ((unsigned char)s[i] & 0xC0) != 0x80;
    for (size_t k = 0; k <= n; k++) {
        size_t w = 0;
        for (size_t i = 0; i < k; i++)
            w += ((unsigned char)s[i] & 0xC0) != 0x80;
        CHECK_EQ_INT(wn_utf8_count(s, k), w);
    }
    CHECK_EQ_INT(wn_utf8_count(s, n), want);
    /* long strings of random bytes: the sixteen-byte path sums its per-byte
     * counters every 255 steps (4,080 bytes), the thirty-two-byte one (AVX2,
     * from 64 bytes on where the processor has it) every 8,160 bytes */
    static char big[20000];
    unsigned r = 7;
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)((r = r * 1103515245u + 12345u) >> 16);
    int bad = 0;
    for (size_t k = 0; k <= sizeof big; k += (k > 4000 && k < 4200) || (k > 8100 && k < 8300) || k < 130 ? 1 : 37) {
        size_t w = 0;
        for (size_t i = 0; i < k; i++)
            w += ((unsigned char)big[i] & 0xC0) != 0x80;
        bad += wn_utf8_count(big, k) != w;
    }
    /* every start offset within a block, lengths past a flush */
    for (size_t off = 0; off < 40; off++)
        for (size_t k = 8150; k < 8200; k += 7) {
            size_t w = 0;
            for (size_t i = 0; i < k; i++)
                w += ((unsigned char)big[off + i] & 0xC0) != 0x80;
            bad += wn_utf8_count(big + off, k) != w;
        }
    CHECK_EQ_INT(bad, 0);
    memset(big, 0x80, sizeof big); /* every lane counts every step */
    CHECK_EQ_INT(wn_utf8_count(big, sizeof big), 0);
    big[8159] = 'a'; /* the last byte of the first AVX2 flush */
    big[16321] = 'b';
    CHECK_EQ_INT(wn_utf8_count(big, sizeof big), 2);
    CHECK_EQ_INT(wn_utf8_count(big + 1, sizeof big - 1), 2);
}

int main(void)
{
    RUN(count_matches_a_plain_loop);
    RUN(decode_rejects_overlongs_and_surrogates);
    RUN(repair_replaces_maximal_subparts);
    RUN(valid_prefix_stops_at_first_bad_byte);
    RUN(valid_prefix_matches_decoding);
    RUN(valid_prefix_matches_decoding_on_long_text);
    RUN(valid_prefix_blocks_match_generic);
    RUN(encode_round_trips);
    HARNESS_EXIT();
}
