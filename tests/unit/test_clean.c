#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "harness.h"
#include "clean/context.h"
#include "common/ucd.h"
#include "clean/patterns.h"
#include "clean/repeats.h"
#include "winnow.h"

static wn_patterns *pats;
static wn_match_data *md;

static const char *reason(const char *line)
{
    return wn_patterns_match(pats, md, line, strlen(line));
}

static void boilerplate_lines_in_seven_languages(void)
{
    CHECK_STR(reason("Abone ol"), "cta");
    CHECK_STR(reason("👉 Abone ol!"), "cta");
    CHECK_STR(reason("Подписывайтесь на наш Telegram-канал!"), "cta");
    CHECK_STR(reason("Share this article"), "cta");
    CHECK_STR(reason("Jetzt abonnieren"), "cta");
    CHECK_STR(reason("Abonnez-vous à notre newsletter"), "cta");
    CHECK_STR(reason("Síguenos en Twitter"), "cta");
    CHECK_STR(reason("اشترك الآن"), "cta");
    CHECK_STR(reason("© Sputnik / Vladimir Astapkovich/"), "credit");
    CHECK_STR(reason("Фото: Reuters"), "credit");
    CHECK_STR(reason("Fotoğraf: AA"), "credit");
    CHECK_STR(reason("Photo: John Smith/AP"), "credit");
    CHECK_STR(reason("Foto: dpa"), "credit");
    CHECK_STR(reason("Читайте также:"), "related");
    CHECK_STR(reason("İlgili Haberler"), "related");
    /* article text is never matched, however it starts */
    CHECK(reason("Subscribers to the service rose by 20% in the third quarter, the company said.") == NULL);
    CHECK(reason("Photo agencies were not allowed to enter the courtroom on Tuesday, officials said.") == NULL);
    CHECK(reason("Abone olmak isteyenlerin sayısı geçen yıl iki katına çıktı.") == NULL);
}

/* A line takes the first kind listed that has a matching entry, whatever
 * the order of the entries in the file, whatever byte the line starts with,
 * and with entries that can start anywhere ("[^©]…©") among them. */
static void first_kind_listed_wins(void)
{
    char dir[] = "/tmp/wn-test-pats-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[300];
    snprintf(path, sizeof path, "%s/common.txt", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    fputs("# kinds in order of first appearance: ka, kb, kc\n"
          "ka\tfoo bar\n"
          "kb\tfoo.*\n"
          "kc\t[^©]{0,20}©.*\n"
          "ka\tfoo baz.*\n"
          "kb\tзаголовок.*\n"
          "ka\tЗаголовок дня\n"
          "kd\t[^é]{0,20}é\n"
          "ke\t[^z]{0,10}zz\n",
          f);
    fclose(f);
    wn_patterns *p = NULL;
    char err[256] = "";
    CHECK(wn_patterns_load(dir, NULL, NULL, 0, &p, err, sizeof err) == WN_OK);
    wn_match_data *m = p ? wn_patterns_match_data(p) : NULL;
    if (p && m) {
#define M(s) wn_patterns_match(p, m, s, strlen(s))
        CHECK_STR(M("foo baz qux"), "ka");  /* kb's entry comes first in the file */
        CHECK_STR(M("FOO BAR"), "ka");
        CHECK_STR(M("foo qux"), "kb");
        CHECK_STR(M("foo © AP"), "kb");     /* kb before kc */
        CHECK_STR(M("xyz © AP"), "kc");     /* no fixed entry starts with x */
        CHECK_STR(M("Photo © AP"), "kc");
        CHECK_STR(M("ЗАГОЛОВОК ДНЯ"), "ka"); /* caseless, first byte of Cyrillic */
        CHECK_STR(M("Заголовок недели"), "kb");
        CHECK(M("xyz AP") == NULL);
        /* free-start entries whose last literal has another case: no
         * byte of it may gate them (É and Z lack é's and z's bytes) */
        CHECK_STR(M("xyz É"), "kd");
        CHECK_STR(M("abc ZZ"), "ke");
        CHECK(M("bar foo") == NULL);
#undef M
    }
    wn_patterns_match_data_free(m);
    wn_patterns_free(p);
    remove(path);
    rmdir(dir);
}

static void timestamp_lines_give_iso_times(void)
{
    char p[32], u[32];
    const char *l = "13:05 27.10.2025 (güncellendi: 13:08 27.10.2025)";
    CHECK(wn_patterns_timestamp(pats, md, l, strlen(l), p, u));
    CHECK_STR(p, "2025-10-27T13:05");
    CHECK_STR(u, "2025-10-27T13:08");
    l = "Опубликовано: 14:47 03.11.2025 (обновлено: 15:02 03.11.2025)";
    CHECK(wn_patterns_timestamp(pats, md, l, strlen(l), p, u));
    CHECK_STR(p, "2025-11-03T14:47");
    CHECK_STR(u, "2025-11-03T15:02");
    l = "Published 27 October 2025, 9:15 pm";
    CHECK(wn_patterns_timestamp(pats, md, l, strlen(l), p, u));
    CHECK_STR(p, "2025-10-27T21:15");
    CHECK_STR(u, "");
    l = "Updated: 2025-10-28 07:30";
    CHECK(wn_patterns_timestamp(pats, md, l, strlen(l), p, u));
    CHECK_STR(u, "2025-10-28T07:30");
    l = "27 Ekim 2025";
    CHECK(wn_patterns_timestamp(pats, md, l, strlen(l), p, u));
    CHECK_STR(p, "2025-10-27");
    l = "The meeting on 27.10.2025 lasted until 13:05, officials said.";
    CHECK(!wn_patterns_timestamp(pats, md, l, strlen(l), p, u));
}

/* The digit screen against a byte loop: one byte of each value at every
 * offset of a 40-byte line of letters */
static void digit_screen_matches_byte_loop(void)
{
    int bad = 0;
    for (int v = 1; v < 256; v++)
        for (size_t at = 0; at < 40; at++) {
            char s[40];
            memset(s, 'x', sizeof s);
            s[at] = (char)v;
            int want = v >= '0' && v <= '9';
            bad += wn_has_ascii_digit(s, sizeof s) != want;
        }
    CHECK_EQ_INT(bad, 0);
    CHECK(!wn_has_ascii_digit("", 0));
}

/* The first/last-byte screen never turns away a line the timestamp regex
 * matches: random lines built from the pieces the regex knows (labels and
 * months of every language file, in three cases; times with am/pm and
 * zones; dates; connectors and brackets) and from words, digits and
 * punctuation.  Matches ending in each kind of stamp must occur, or the
 * test proves nothing. */
static void stamp_screen_passes_every_match(void)
{
    static const char *const pieces[] = {
        "published", "Posted", "UPDATED", "güncellendi", "Güncelleme", "обновлено", "Опубликовано", "aktualisiert",
        "Mis à jour", "actualizado", "تحديث", "March", "ekim", "EKIM", "января", "Января", "mai", "Mayo", "Oct",
        "13:05", "9:30", "13:05:59", "27.10.2025", "2025-10-27", "5/3/24", "27", "2025", "5,", "7.", "pm", "a.m.",
        "p.m", "AM", "UTC", "GMT+3", "MSK", "TSİ", "CEST", "cet-1", "(", ")", "[", "]", "|", "/", "-", "–", ",",
        ":", "saat", "в", "at", "um", "à", "a las", "the", "meeting", "ended", "Ekim'de", "x", "é", "ş", "🙂"};
    const size_t np = sizeof pieces / sizeof *pieces;
    uint64_t x = 0x9E3779B97F4A7C15ull;
    int matches = 0, missed = 0, by_end[5] = {0};
    char line[256];
    for (int t = 0; t < 200000; t++) {
        size_t n = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int k = 1 + (int)(x % 6);
        for (int j = 0; j < k; j++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const char *piece = pieces[x % np];
            size_t len = strlen(piece);
            if (n + len + 2 >= sizeof line)
                break;
            if (n && (x >> 20) % 3)
                line[n++] = ' ';
            memcpy(line + n, piece, len);
            n += len;
        }
        if (!n || !wn_patterns_stamp_regex(pats, md, line, n))
            continue;
        matches++;
        missed += !wn_patterns_stamp_screen(pats, line, n);
        unsigned char last = (unsigned char)line[n - 1];
        by_end[last >= '0' && last <= '9' ? 0 : (last | 32) == 'm' ? 1 : strchr("cCtTkK", last) ? 2 : last >= 0x80 ? 3 : 4]++;
    }
    CHECK_EQ_INT(missed, 0);
    for (int e = 0; e < 5; e++)
        CHECK(by_end[e] > 0); /* digits, am/pm, zones, TSİ, brackets and dots all met */
    CHECK(matches > 1000);
    /* and it does turn lines away */
    CHECK(!wn_patterns_stamp_screen(pats, "The meeting ended at 13:05 sharp", 32));
    CHECK(!wn_patterns_stamp_screen(pats, "Xavier came at 13:05", 20));
    CHECK(!wn_patterns_stamp_screen(pats, "", 0));
}

/* classify = the timestamp test, then the boilerplate match, on one trim */
static void classify_is_timestamp_then_match(void)
{
    static const char *const lines[] = {
        "  13:05 27.10.2025 (güncellendi: 13:08 27.10.2025)  ", "👉 Abone ol!", "© Sputnik / Vladimir Astapkovich/",
        "Updated: 2025-10-28 07:30", "Share this article", "The meeting on 27.10.2025 lasted until 13:05.",
        " … ", "", "Фото: Reuters", "27 Ekim 2025 ✅"};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        char p1[32], u1[32], p2[32], u2[32];
        size_t n = strlen(lines[i]);
        int ts = wn_patterns_timestamp(pats, md, lines[i], n, p1, u1);
        const char *want = ts ? "timestamp" : wn_patterns_match(pats, md, lines[i], n);
        const char *got = wn_patterns_classify(pats, md, lines[i], n, p2, u2);
        CHECK_STR(got ? got : "(none)", want ? want : "(none)");
        CHECK((got == wn_patterns_timestamp_reason) == ts);
        if (ts) {
            CHECK_STR(p2, p1);
            CHECK_STR(u2, u1);
        }
    }
}

static void word_edit_distance(void)
{
    uint64_t a[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    uint64_t b[] = {1, 2, 3, 4, 99, 6, 7, 8, 9, 10};        /* one substitution */
    uint64_t c[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};     /* one insertion */
    uint64_t e[] = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    CHECK_EQ_INT(wn_word_edit_distance(a, 10, a, 10, 2), 0);
    CHECK_EQ_INT(wn_word_edit_distance(a, 10, b, 10, 2), 1);
    CHECK_EQ_INT(wn_word_edit_distance(a, 10, c, 11, 2), 1);
    CHECK_EQ_INT(wn_word_edit_distance(a, 10, e, 10, 3), 4);   /* over the bound */
}

static void paragraph_keys_fold_case_numbers_punctuation(void)
{
    wn_buf a = WN_BUF_INIT, b = WN_BUF_INIT;
    wn_paragraph_key(&a, "Updated 13:05, 27.10.2025 — SAVAŞ!", strlen("Updated 13:05, 27.10.2025 — SAVAŞ!"));
    wn_paragraph_key(&b, "updated 14:47 03.11.2025 savaş", strlen("updated 14:47 03.11.2025 savaş"));
    CHECK_STR(a.data, b.data);
    CHECK_STR(a.data, "updated 0 0 savaş");
    wn_buf_free(&a);
    wn_buf_free(&b);
}

/* Keys of random text against a plain reference: letters lower-cased,
 * every other character a word break, words joined by one space.  Runs of
 * letters of every length at every offset (the key builder takes ASCII
 * letters eight bytes at a time), with two-byte letters among them. */
static void paragraph_keys_match_reference_on_random_text(void)
{
    static const char *const atoms[] = {"a", "B", "c", "X", "y", "Z", "m", "Q", "\xC5\x9E" /* Ş */,
                                        "\xC3\xA9" /* é */, " ", ",", ".", "'", "-", "!", "  ", "@", "[", "`", "{",
                                        "\xD0\x94" /* Д */, "\xD0\xB6" /* ж */, "\xCE\xA3" /* Σ */, "\xC2\xAB" /* « */};
    unsigned seed = 12345;
    for (int iter = 0; iter < 20000; iter++) {
        char text[256], want[512];
        size_t n = 0, w = 0;
        int len = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 40;
        int gap = 0;
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *a = atoms[(seed >> 16) % (sizeof atoms / sizeof *atoms)];
            size_t al = strlen(a);
            memcpy(text + n, a, al);
            n += al;
            int letter = (a[0] >= 'a' && a[0] <= 'z') || (a[0] >= 'A' && a[0] <= 'Z') ||
                         ((unsigned char)a[0] >= 0x80 && strcmp(a, "\xC2\xAB") != 0);
            if (!letter) {
                gap = 1;
                continue;
            }
            if (gap && w)
                want[w++] = ' ';
            gap = 0;
            if (!strcmp(a, "\xC5\x9E")) {
                memcpy(want + w, "\xC5\x9F", 2); /* ş */
                w += 2;
            } else if (!strcmp(a, "\xD0\x94")) {
                memcpy(want + w, "\xD0\xB4", 2); /* д */
                w += 2;
            } else if (!strcmp(a, "\xCE\xA3")) {
                memcpy(want + w, "\xCF\x83", 2); /* σ */
                w += 2;
            } else if ((unsigned char)a[0] >= 0x80) {
                memcpy(want + w, a, al);
                w += al;
            } else {
                want[w++] = (char)(a[0] | 32);
            }
        }
        text[n] = want[w] = 0;
        wn_buf k = WN_BUF_INIT;
        CHECK(wn_paragraph_key(&k, text, n) == WN_OK);
        CHECK_STR(k.data ? k.data : "", want);
        wn_buf_free(&k);
    }
}

/* A plain reference key: letters (L*, M*, Nl, No) lower-cased with
 * utf8proc, every other character a break, words joined by one space (the
 * input holds no digits). */
static void reference_key(const utf8proc_uint8_t *in, size_t n, char *out)
{
    size_t w = 0;
    int gap = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t c;
        i += (size_t)utf8proc_iterate(in + i, (utf8proc_ssize_t)(n - i), &c);
        utf8proc_category_t cat = utf8proc_category(c);
        int letter = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME) || cat == UTF8PROC_CATEGORY_NL ||
                     cat == UTF8PROC_CATEGORY_NO;
        if (!letter) {
            gap = 1;
            continue;
        }
        if (gap && w)
            out[w++] = ' ';
        gap = 0;
        w += (size_t)utf8proc_encode_char(utf8proc_tolower(c), (utf8proc_uint8_t *)out + w);
    }
    out[w] = 0;
}

/* Compares wn_paragraph_key with reference_key on in[0..n); 1 (and a line
 * on stderr naming case t) when they differ. */
static int key_differs(const utf8proc_uint8_t *in, size_t n, int t)
{
    char *want = malloc(2 * n + 16);
    wn_buf k = WN_BUF_INIT;
    int differs = 1;
    if (want && wn_paragraph_key(&k, (const char *)in, n) == WN_OK) {
        reference_key(in, n, want);
        differs = strcmp(k.data ? k.data : "", want) != 0;
        if (differs)
            fprintf(stderr, "case %d: got [%s] want [%s]\n", t, k.data ? k.data : "", want);
    }
    wn_buf_free(&k);
    free(want);
    return differs;
}

/* Keys of Cyrillic text sixteen bytes at a time (upper case U+0400..U+042F
 * moved to its lower case, D0 -> D1 where the lower case needs it; the case
 * pairs of U+0460..U+047F left to the general path): long random strings
 * of every letter U+0400..U+047F, single and double spaces, commas, ASCII
 * letters and the symbol U+0482, against the reference. */
static void cyrillic_keys_match_reference(void)
{
    unsigned seed = 31337;
    int bad = 0;
    for (int t = 0; t < 40000 && bad < 5; t++) {
        utf8proc_uint8_t in[800];
        size_t n = 0;
        int len = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 150;
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 100;
            int32_t c;
            if (r < 78)
                c = 0x400 + (int32_t)((seed >> 8) % 0x80);
            else if (r < 92)
                c = ' ';
            else {
                static const int32_t other[] = {',', 'Q', 'z', 0x0482, 0x0306, 0x00C9, ' '};
                c = other[(seed >> 8) % (sizeof other / sizeof *other)];
            }
            n += (size_t)utf8proc_encode_char(c, in + n);
        }
        bad += key_differs(in, n, t);
    }
    CHECK_EQ_INT(bad, 0);
}

/* Keys of runs of three-byte letters (taken without the general decoding):
 * long random strings of Devanagari letters and signs, CJK, Hangul,
 * Georgian capitals (lower case U+2D00..), capital sharp s and Ɫ (lower
 * case in two bytes), Roman numeral one (Nl, lower-cased), ½ (No), em dash,
 * euro sign and the ideographic space (breaks), ASCII letters, commas and
 * spaces, against the reference. */
static void three_byte_keys_match_reference(void)
{
    static const int32_t pool[] = {0x0915, 0x093E, 0x094D, 0x093C, 0x4E2D, 0x6587, 0xAC00, 0xD55C, 0x10A0, 0x10C5,
                                   0x2D00, 0x1E9E, 0x2C62, 0x2160, 0x00BD, 0x2014, 0x20AC, 0x3000, 'a', 'Q', ',',
                                   ' ', ' ', 0x0800, 0xFFFD, 0xD7FB};
    unsigned seed = 4711;
    int bad = 0;
    for (int t = 0; t < 40000 && bad < 5; t++) {
        utf8proc_uint8_t in[800];
        size_t n = 0;
        int len = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 120;
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            n += (size_t)utf8proc_encode_char(pool[(seed >> 16) % (sizeof pool / sizeof *pool)], in + n);
        }
        bad += key_differs(in, n, t);
    }
    CHECK_EQ_INT(bad, 0);
}

/* Trimming takes printable ASCII without the Unicode tables: every
 * printable ASCII character but letters and digits must be a space,
 * punctuation or symbol there, and trimmed as such around a call to
 * action (letters and digits around it spoil the match). */
static void trim_ascii_matches_unicode_classes(void)
{
    for (int c = 0x20; c < 0x7F; c++) {
        int cl = wn_ucd_class(c);
        int trimmable = cl == WN_UC_PUNCT || cl == WN_UC_SYMBOL || cl == WN_UC_SPACE;
        char line[32];
        snprintf(line, sizeof line, "%cRead more%c", c, c);
        const char *got = wn_patterns_match(pats, md, line, strlen(line));
        CHECK_STR(got ? got : "(none)", trimmable ? "cta" : "(none)");
        CHECK(trimmable == (!((c | 32) >= 'a' && (c | 32) <= 'z') && !(c >= '0' && c <= '9')));
    }
}

/* Month names are screened by their first character, lower-cased: upper
 * and title case in four scripts still give the month. */
static void month_names_in_any_case(void)
{
    static const char *const lines[][2] = {{"27 OCTOBER 2025", "2025-10-27"},
                                           {"3 \xC5\x9E" "UBAT 2025", "2025-02-03"},        /* ŞUBAT */
                                           {"27 \xD0\x9E\xD0\x9A\xD0\xA2\xD0\xAF\xD0\x91\xD0\xA0\xD0\xAF 2025",
                                            "2025-10-27"},                                   /* ОКТЯБРЯ */
                                           {"5 Ao\xC3\xBBt 2025", "2025-08-05"},
                                           {"October 27, 2025 13:05", "2025-10-27T13:05"},
                                           {"27. M\xC3\x84RZ 2025", "2025-03-27"}};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        char p[32], u[32];
        CHECK(wn_patterns_timestamp(pats, md, lines[i][0], strlen(lines[i][0]), p, u));
        CHECK_STR(p, lines[i][1]);
    }
}

/* The patterns match through pcre2_jit_match and fall back to pcre2_match
 * when it answers PCRE2_ERROR_JIT_BADOPTION: that is its answer for a
 * regex without JIT code, and with JIT code both give the same match and
 * mark as the interpreter. */
static void jit_entry_and_its_fallback(void)
{
    int ec;
    PCRE2_SIZE eo;
    const char *src = "(*MARK:7)(?:read more)|(*MARK:9)(?:\\d+:\\d+)";
    pcre2_code *plain = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, PCRE2_CASELESS | PCRE2_UTF | PCRE2_ANCHORED,
                                      &ec, &eo, NULL);
    CHECK(plain != NULL);
    if (!plain)
        return;
    pcre2_match_data *m = pcre2_match_data_create(4, NULL);
    CHECK_EQ_INT(pcre2_jit_match(plain, (PCRE2_SPTR) "Read more", 9, 0, 0, m, NULL), PCRE2_ERROR_JIT_BADOPTION);
    pcre2_code *jit = pcre2_code_copy(plain);
    if (jit && pcre2_jit_compile(jit, PCRE2_JIT_COMPLETE) == 0) {
        static const char *const subjects[] = {"Read more", "13:05", "x read more", "READ MORE!", ""};
        for (size_t i = 0; i < sizeof subjects / sizeof *subjects; i++) {
            size_t n = strlen(subjects[i]);
            int a = pcre2_match(plain, (PCRE2_SPTR)subjects[i], n, 0, 0, m, NULL);
            const char *ma = a >= 0 && pcre2_get_mark(m) ? (const char *)pcre2_get_mark(m) : "-";
            char mark_a[8];
            snprintf(mark_a, sizeof mark_a, "%s", ma);
            int b = pcre2_jit_match(jit, (PCRE2_SPTR)subjects[i], n, 0, 0, m, NULL);
            const char *mb = b >= 0 && pcre2_get_mark(m) ? (const char *)pcre2_get_mark(m) : "-";
            CHECK_EQ_INT(b, a);
            CHECK_STR(mb, mark_a);
        }
    }
    pcre2_code_free(jit);
    pcre2_code_free(plain);
    pcre2_match_data_free(m);
}

static wn_cleaner *cleaner;

static const char *clean(const char *text, wn_result **res)
{
    CHECK(wn_clean_text(cleaner, text, strlen(text), res) == WN_OK);
    return wn_result_text(*res, NULL);
}

static void repeats_removed_first_copy_kept(void)
{
    wn_result *r;
    const char *t = clean("The minister said the talks in Geneva were useful and would continue next week after the break.\n"
                          "A second paragraph that says something else entirely about the negotiations and the weather there.\n"
                          "The minister said the talks in Geneva were useful and would continue next week after the break.\n"
                          "The minister said the talks in Geneva were helpful and would continue next week after the break.\n",
                          &r);
    CHECK_STR(t, "The minister said the talks in Geneva were useful and would continue next week after the break.\n"
                 "A second paragraph that says something else entirely about the negotiations and the weather there.");
    char *json = wn_result_json(r);
    CHECK(json && strstr(json, "\"line\":3,\"reason\":\"duplicate-paragraph\""));
    CHECK(json && strstr(json, "\"line\":4,\"reason\":\"near-duplicate-paragraph\""));
    free(json);
    wn_result_free(r);
}

/* A near repeat that differs in its first word is found through its last
 * four words; near repeats need 8 key words ("0" for a number is one). */
static void near_repeats_by_last_words_and_from_eight_words(void)
{
    wn_result *r;
    const char *good = "A second paragraph that says something else entirely about the negotiations and the weather there.";
    const char *a = "Officials in the capital confirmed on Tuesday that the old bridge will reopen to traffic on Friday morning.";
    const char *b = "Engineers in the capital confirmed on Tuesday that the old bridge will reopen to traffic on Friday morning.";
    const char *e8a = "Ministers met again in Geneva on 27.10.2025 morning.";  /* 8 key words */
    const char *e8b = "Ministers met again in Vienna on 28.10.2025 morning.";
    const char *e7a = "Ministers met again in Geneva this morning.";           /* 7 key words */
    const char *e7b = "Ministers met again in Vienna this morning.";
    char text[2048];
    snprintf(text, sizeof text, "%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s", a, good, b, e8a, e8b, e7a, e7b, good);
    clean(text, &r);
    char *json = wn_result_json(r);
    CHECK(json && strstr(json, "\"line\":3,\"reason\":\"near-duplicate-paragraph\""));
    CHECK(json && strstr(json, "\"line\":5,\"reason\":\"near-duplicate-paragraph\""));
    CHECK(json && !strstr(json, "\"line\":7,\"reason\":\"near-duplicate-paragraph\""));
    CHECK(json && strstr(json, "\"line\":8,\"reason\":\"duplicate-paragraph\""));
    free(json);
    wn_result_free(r);
}

/* Candidates share exactly the first or the last four key words: copies
 * of a 20-word paragraph with two words changed (2 edits, the bound for 20
 * words) are found through the last four words when word 4 and word 16
 * changed, through the first four when words 5 and 17 changed, and not at
 * all when words 4 and 17 changed (no edge shared). */
static void near_repeat_candidates_by_four_edge_words(void)
{
    const char *words[20] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
                             "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
                             "sierra", "tango"};
    char lines[4][400];
    const int change[4][2] = {{-1, -1}, {3, 15}, {4, 16}, {3, 16}}; /* 0-based words replaced */
    for (int l = 0; l < 4; l++) {
        size_t n = 0;
        for (int w = 0; w < 20; w++) {
            const char *x = (w == change[l][0] || w == change[l][1]) ? "zulu" : words[w];
            n += (size_t)snprintf(lines[l] + n, sizeof lines[l] - n, "%s%s", w ? " " : "", x);
        }
    }
    char text[2048];
    snprintf(text, sizeof text, "%s\n%s\n%s\n%s", lines[0], lines[1], lines[2], lines[3]);
    wn_result *r;
    clean(text, &r);
    char *json = wn_result_json(r);
    CHECK(json && strstr(json, "\"line\":2,\"reason\":\"near-duplicate-paragraph\""));
    CHECK(json && strstr(json, "\"line\":3,\"reason\":\"near-duplicate-paragraph\""));
    CHECK(json && !strstr(json, "\"line\":4,\"reason\""));
    free(json);
    wn_result_free(r);
}

/* A near repeat of a long paragraph: 400 words of 15 letters (6,400
 * bytes, a space in the same lane of every sixteen bytes), 39 of its
 * first 156 words changed in the copy: within 0.1 x 400 word edits, so it
 * is removed; a count that lost 256 (a counter overflowing) would make the
 * bound 14 and compare only the first 144 words (36 edits). */
static void near_repeat_of_a_long_paragraph(void)
{
    static char text[16000];
    size_t n = 0;
    for (int copy = 0; copy < 2; copy++) {
        for (int w = 0; w < 400; w++) {
            char word[16];
            for (int k = 0; k < 15; k++)
                word[k] = (char)('a' + (w * 7 + k * 3 + (copy && w < 156 && w % 4 == 0 ? 11 : 0)) % 26);
            memcpy(text + n, word, 15);
            n += 15;
            text[n++] = w == 399 ? '.' : ' ';
        }
        text[n++] = '\n';
    }
    text[n - 1] = 0;
    wn_result *r;
    clean(text, &r);
    char *json = wn_result_json(r);
    CHECK(json && strstr(json, "\"line\":2,\"reason\":\"near-duplicate-paragraph\""));
    free(json);
    wn_result_free(r);
}

static void paraphrases_are_not_repeats(void)
{
    wn_result *r;
    /* the seed's lines 6 and 7: the same news in other words */
    const char *a = "Moskova'da Kuzey Koreli mevkidaşıyla buluşan Lavrov, Ukraynalı militanların sızdığı Kursk "
                    "Bölgesi'nin temizlenmesinde önemli rol oynayan Kuzey Kore ordusuna minnettarlığını dile getirdi.";
    const char *b = "Rusya Dışişleri Bakanı Sergey Lavrov, Moskova'da bir araya geldiği Kuzey Koreli mevkidaşı "
                    "Choe Son-hui’yle görüşmesinde Kursk Bölgesi'nin Ukraynalı militanlardan temizlenmesinde Kuzey "
                    "Kore ordusunun gösterdiği kahramanlığı asla unutmayacaklarını vurguladı.";
    char text[1024];
    snprintf(text, sizeof text, "%s\n%s", a, b);
    CHECK_STR(clean(text, &r), text);
    wn_result_free(r);
}

static void context_keeps_list_between_good_paragraphs(void)
{
    wn_result *r;
    const char *good1 = "The government announced on Monday a new package of measures meant to support small farms, "
                        "with loans, tax relief and training programmes over the next three years.";
    const char *good2 = "Opposition parties said the package came too late and was too small to make a difference for "
                        "the families who lost their harvests in the floods of last spring.";
    char text[2048];
    /* heading + list between good paragraphs: kept; a short line at the end: removed */
    snprintf(text, sizeof text, "%s\nThe main measures:\n- cheap loans\n- tax relief\n%s\nJane Doe, Ankara", good1, good2);
    const char *t = clean(text, &r);
    char want[2048];
    snprintf(want, sizeof want, "%s\nThe main measures:\n- cheap loans\n- tax relief\n%s", good1, good2);
    CHECK_STR(t, want);
    char *json = wn_result_json(r);
    CHECK(json && strstr(json, "\"line\":6,\"reason\":\"context\""));
    free(json);
    wn_result_free(r);
}

static void short_text_without_good_lines_is_left_alone(void)
{
    wn_result *r;
    CHECK_STR(clean("Breaking: earthquake hits the coast\nMore soon", &r), "Breaking: earthquake hits the coast\nMore soon");
    CHECK(wn_result_reject_reason(r) == NULL);
    wn_result_free(r);
}

static void all_boilerplate_is_rejected_empty(void)
{
    wn_result *r;
    clean("Abone ol\n© Reuters\n13:05 27.10.2025", &r);
    CHECK_STR(wn_result_reject_reason(r), "empty");
    wn_result_free(r);
    clean("", &r);
    CHECK_STR(wn_result_reject_reason(r), "empty");
    wn_result_free(r);
}

int main(void)
{
    char err[256] = "";
    if (wn_patterns_load("data/boilerplate", NULL, NULL, 0, &pats, err, sizeof err) != WN_OK) {
        fprintf(stderr, "cannot load patterns: %s\n", err);
        return 1;
    }
    md = wn_patterns_match_data(pats);
    wn_options *o;
    wn_options_new(&o);
    wn_options_set(o, "data-dir", "data");
    wn_options_set(o, "explain", "");
    if (wn_cleaner_new(o, &cleaner) != WN_OK) {
        fprintf(stderr, "cannot make cleaner: %s\n", wn_last_error());
        return 1;
    }
    wn_options_free(o);
    RUN(boilerplate_lines_in_seven_languages);
    RUN(first_kind_listed_wins);
    RUN(timestamp_lines_give_iso_times);
    RUN(classify_is_timestamp_then_match);
    RUN(jit_entry_and_its_fallback);
    RUN(digit_screen_matches_byte_loop);
    RUN(stamp_screen_passes_every_match);
    RUN(word_edit_distance);
    RUN(paragraph_keys_fold_case_numbers_punctuation);
    RUN(paragraph_keys_match_reference_on_random_text);
    RUN(cyrillic_keys_match_reference);
    RUN(three_byte_keys_match_reference);
    RUN(trim_ascii_matches_unicode_classes);
    RUN(month_names_in_any_case);
    RUN(repeats_removed_first_copy_kept);
    RUN(near_repeats_by_last_words_and_from_eight_words);
    RUN(near_repeat_candidates_by_four_edge_words);
    RUN(near_repeat_of_a_long_paragraph);
    RUN(paraphrases_are_not_repeats);
    RUN(context_keeps_list_between_good_paragraphs);
    RUN(short_text_without_good_lines_is_left_alone);
    RUN(all_boilerplate_is_rejected_empty);
    wn_cleaner_free(cleaner);
    wn_patterns_match_data_free(md);
    wn_patterns_free(pats);
    HARNESS_EXIT();
}
