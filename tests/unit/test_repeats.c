/* test_repeats.c: the repeat screen (wn_repeats_mark keys only the ends of
 * most lines) against the general path (wn_repeats_mark_unscreened, every
 * kept line's whole key), and the property the screen rests on: the key of
 * a text split at an ASCII space is the keys of its two sides joined by a
 * space (none when either side's key is empty). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "clean/repeats.h"
#include "common/doc.h"

static unsigned rng_state = 2024;

static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return ((rng_state >> 8) & 0xFFFFFF) % n;
}

/* Pieces of text with the edge cases of keys: upper and lower case, the
 * Turkish dotted and dotless i (İ lower-cases to i), final and medial
 * sigma, combining marks (letters of the key), invalid UTF-8 (skipped by
 * the key without a break), NUL, CR, TAB, no-break space, digits with
 * their separators ("27.10.2025" is one "0"), an Arabic-Indic digit, ½
 * (a number), Cyrillic, Greek, CJK, Devanagari, em dash, quotes, double
 * spaces. */
static const char *const atoms[] = {
    "the", "The", "THE", "minister", "Minister", "said", "talks", "in", "Geneva", "were", "useful", "and",
    "would", "continue", "next", "week", "after", "break", "a", "I", "x",
    "\xC4\xB0stanbul" /* İstanbul */, "\xC4\xB1" /* ı */, "KELV\xE2\x84\xAA" /* Kelvin sign */,
    "\xCE\xA3\xCE\xB9\xCF\x83\xCF\x85\xCF\x86\xCE\xBF\xCF\x82" /* Σισυφος */, "\xCE\xA3" /* Σ */,
    "e\xCC\x81" /* e + acute */, "\xCC\x88" /* lone diaeresis */, "\xC3\x89t\xC3\xA9" /* Été */,
    "\xC3", "\xE2\x82", "\xFF", "\xED\xA0\x80" /* surrogate */, "\xF4\x90\x80\x80", "\x00", "\r", "\t",
    "\xC2\xA0", "27.10.2025", "13:05", "1,000", "3/4", "7", "2025", "\xD9\xA3" /* ٣ */, "\xC2\xBD" /* ½ */,
    "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0" /* Москва */, "\xD0\xB8" /* и */,
    "\xD0\x92\xD0\xA1\xD0\x81" /* ВСЁ */, "\xE4\xB8\xAD\xE6\x96\x87" /* 中文 */,
    "\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\x82\xE0\xA4\xA6\xE0\xA5\x80" /* हिंदी */, "\xE2\x80\x94" /* — */,
    "\xC2\xAB" /* « */, "\"", ",", ".", "!", "-", "'", "(", ")", "...", ":", "/", "@", "#",
};
#define NATOMS (sizeof atoms / sizeof *atoms)

static size_t atom_len(const char *a)
{
    return a[0] ? strlen(a) : 1; /* "\x00" is one NUL byte */
}

/* Random text of `words` atoms: mostly single spaces between them, at times
 * none, two spaces or a space before punctuation. */
static size_t random_text(char *out, size_t cap, int words)
{
    size_t n = 0;
    for (int w = 0; w < words; w++) {
        const char *a = atoms[rnd(NATOMS)];
        size_t k = atom_len(a);
        if (n + k + 3 > cap)
            break;
        if (w) {
            unsigned r = rnd(10);
            if (r < 7)
                out[n++] = ' ';
            else if (r == 7) {
                out[n++] = ' ';
                out[n++] = ' ';
            }
        }
        memcpy(out + n, a, k);
        n += k;
    }
    return n;
}

/* key(left) joined to key(right) as the screen joins pieces */
static void join(wn_buf *out, const wn_buf *l, const wn_buf *r)
{
    wn_buf_clear(out);
    if (l->len)
        wn_buf_append(out, l->data, l->len);
    if (l->len && r->len)
        wn_buf_putc(out, ' ');
    if (r->len)
        wn_buf_append(out, r->data, r->len);
}

static void keys_join_at_spaces(void)
{
    wn_buf whole = WN_BUF_INIT, l = WN_BUF_INIT, r = WN_BUF_INIT, j = WN_BUF_INIT;
    int bad = 0, splits = 0;
    for (int t = 0; t < 20000 && bad < 5; t++) {
        char text[1024];
        size_t n = random_text(text, sizeof text, 1 + (int)rnd(40));
        CHECK(wn_paragraph_key(&whole, text, n) == WN_OK);
        for (size_t i = 0; i < n; i++) {
            if (text[i] != ' ')
                continue;
            splits++;
            wn_paragraph_key(&l, text, i);
            wn_paragraph_key(&r, text + i + 1, n - i - 1);
            join(&j, &l, &r);
            if (j.len != whole.len || memcmp(j.data ? j.data : "", whole.data ? whole.data : "", j.len)) {
                if (bad++ < 5)
                    fprintf(stderr, "split at %zu of [%.*s]: [%s] vs [%s]\n", i, (int)n, text,
                            j.data ? j.data : "", whole.data ? whole.data : "");
            }
        }
    }
    CHECK_EQ_INT(bad, 0);
    CHECK(splits > 100000);
    wn_buf_free(&whole);
    wn_buf_free(&l);
    wn_buf_free(&r);
    wn_buf_free(&j);
}

/* Variants of a line that stay repeats or near repeats: a word's case or
 * punctuation changed, a number changed, a word replaced, inserted or
 * dropped, a word added at either end. */
static size_t variant(const char *src, size_t n, char *out, size_t cap)
{
    size_t spaces[512], ns = 0;
    for (size_t i = 0; i < n && ns < 512; i++)
        if (src[i] == ' ')
            spaces[ns++] = i;
    size_t at = ns ? spaces[rnd((unsigned)ns)] : 0;
    const char *a = atoms[rnd(NATOMS)];
    size_t k = atom_len(a), o = 0;
    if (n + k + 4 > cap)
        return 0;
    switch (rnd(6)) {
    case 0: /* as it is */
        memcpy(out, src, n);
        return n;
    case 1: /* an atom inserted after a space */
        memcpy(out, src, at + 1);
        o = at + 1;
        memcpy(out + o, a, k);
        o += k;
        out[o++] = ' ';
        memcpy(out + o, src + at + 1, n - at - 1);
        return o + n - at - 1;
    case 2: /* the text from a space on replaced by an atom */
    {
        size_t e = at + 1;
        while (e < n && src[e] != ' ')
            e++;
        memcpy(out, src, at + 1);
        o = at + 1;
        memcpy(out + o, a, k);
        o += k;
        memcpy(out + o, src + e, n - e);
        return o + n - e;
    }
    case 3: /* a word added at the start */
        memcpy(out, a, k);
        out[k] = ' ';
        memcpy(out + k + 1, src, n);
        return k + 1 + n;
    case 4: /* at the end */
        memcpy(out, src, n);
        out[n] = ' ';
        memcpy(out + n + 1, a, k);
        return n + 1 + k;
    default: /* upper case ASCII, punctuation for spaces at times */
        for (size_t i = 0; i < n; i++) {
            char c = src[i];
            out[i] = (c >= 'a' && c <= 'z' && rnd(3) == 0) ? (char)(c - 32) : (c == ' ' && rnd(8) == 0) ? ',' : c;
        }
        /* a comma for a space joins nothing: keep a space after it */
        o = 0;
        {
            char tmp[4096];
            for (size_t i = 0; i < n && o + 2 < sizeof tmp; i++) {
                tmp[o++] = out[i];
                if (out[i] == ',' && src[i] == ' ')
                    tmp[o++] = ' ';
            }
            if (o > cap)
                return 0;
            memcpy(out, tmp, o);
        }
        return o;
    }
}

/* A random document: new lines of 1-70 atoms (both sides of the length
 * up to which lines are keyed whole), copies and variants of earlier
 * lines, lines already removed (as boilerplate would be); a title that is
 * at times a variant of one of them. */
static wn_doc *random_doc(char **title)
{
    wn_doc *d = wn_doc_new();
    size_t nl = 1 + rnd(rnd(4) == 0 ? 60 : 12);
    size_t starts[64], lens[64];
    for (size_t i = 0; i < nl; i++) {
        char line[4096];
        size_t n;
        if (i && rnd(2) == 0) {
            size_t j = rnd((unsigned)i);
            n = variant(d->body.data + starts[j], lens[j], line, sizeof line);
        } else {
            unsigned words = rnd(4) ? 1 + rnd(70) : 1 + rnd(6);
            n = random_text(line, sizeof line, (int)words);
        }
        for (size_t k = 0; k < n; k++)
            if (line[k] == '\n')
                line[k] = ' ';
        if (d->body.len)
            wn_buf_putc(&d->body, '\n');
        starts[i] = d->body.len;
        lens[i] = n;
        wn_buf_append(&d->body, line, n);
        wn_doc_add_line(d, starts[i], n, (uint32_t)i + 1);
    }
    for (size_t i = 0; i < nl; i++)
        if (rnd(10) == 0)
            d->lines[i].removed = "cta";
    *title = NULL;
    if (rnd(3) == 0) {
        char t[4096];
        size_t j = rnd((unsigned)nl);
        size_t n = rnd(2) ? variant(d->body.data + starts[j], lens[j], t, sizeof t - 1)
                          : random_text(t, sizeof t - 1, 1 + (int)rnd(8));
        for (size_t k = 0; k < n; k++)
            if (!t[k])
                t[k] = ' '; /* the title is a C string */
        t[n] = 0;
        *title = strdup(t);
    }
    return d;
}

static wn_doc *copy_doc(const wn_doc *d)
{
    wn_doc *c = wn_doc_new();
    wn_buf_append(&c->body, d->body.data, d->body.len);
    for (size_t i = 0; i < d->nlines; i++) {
        wn_doc_add_line(c, d->lines[i].off, d->lines[i].len, d->lines[i].src_line);
        c->lines[i].removed = d->lines[i].removed;
    }
    return c;
}

static void screen_marks_as_unscreened(void)
{
    static const double ratios[] = {0.1, 0.0, 0.3, 0.5};
    wn_repeats_scratch *s1 = wn_repeats_scratch_new(), *s2 = wn_repeats_scratch_new();
    wn_buf tk = WN_BUF_INIT;
    int bad = 0;
    long removed[4] = {0, 0, 0, 0}; /* title, duplicate, near, lines */
    for (int t = 0; t < 6000 && bad < 5; t++) {
        char *title;
        wn_doc *a = random_doc(&title);
        wn_doc *b = copy_doc(a);
        double ratio = ratios[rnd(4)];
        wn_buf_clear(&tk);
        if (title)
            wn_paragraph_key(&tk, title, strlen(title));
        CHECK(wn_repeats_mark(a, &tk, ratio, s1) == WN_OK);
        CHECK(wn_repeats_mark_unscreened(b, &tk, ratio, s2) == WN_OK);
        for (size_t i = 0; i < a->nlines; i++) {
            const char *x = a->lines[i].removed, *y = b->lines[i].removed;
            removed[3]++;
            if (x && !strcmp(x, "title"))
                removed[0]++;
            if (x && !strcmp(x, "duplicate-paragraph"))
                removed[1]++;
            if (x && !strcmp(x, "near-duplicate-paragraph"))
                removed[2]++;
            if ((x == NULL) != (y == NULL) || (x && strcmp(x, y))) {
                if (bad++ < 5)
                    fprintf(stderr, "doc %d line %zu [%.*s]: screened %s, unscreened %s\n", t, i,
                            (int)a->lines[i].len, a->body.data + a->lines[i].off, x ? x : "kept", y ? y : "kept");
            }
        }
        free(title);
        wn_doc_free(a);
        wn_doc_free(b);
    }
    CHECK_EQ_INT(bad, 0);
    /* the random documents hold every kind of repeat, many times */
    CHECK(removed[0] > 200);
    CHECK(removed[1] > 5000);
    CHECK(removed[2] > 1000);
    fprintf(stderr, "  %ld lines: %ld title, %ld duplicate, %ld near-duplicate\n", removed[3], removed[0],
            removed[1], removed[2]);
    wn_buf_free(&tk);
    wn_repeats_scratch_free(s1);
    wn_repeats_scratch_free(s2);
}

/* The cases the screen decides at its edges, spelled out: a long line
 * repeated after a short one, a line that repeats the title, near repeats
 * through the first and through the last four words of long lines, a long
 * line whose words all lie past its first spaces (punctuation first), a
 * long line without spaces. */
static void screen_edge_cases(void)
{
    static const char *const lines[] = {
        /* 1 */ "Officials in the capital confirmed on Tuesday that the old bridge over the river will reopen to "
                "traffic on Friday morning after repairs in the north of the country.",
        /* 2 */ "Short line.",
        /* 3 */ "officials in the capital, confirmed on Tuesday that the old bridge over the river will reopen to "
                "traffic on Friday morning after repairs in the north of the country!",
        /* 4 */ "The Title Of The Story",
        /* 5 */ "Engineers in the capital confirmed on Tuesday that the old bridge over the river will reopen to "
                "traffic on Friday morning after repairs in the north of the country.",
        /* 6 */ "Officials in the capital confirmed on Tuesday that the old bridge over the river will reopen to "
                "traffic on Sunday morning after repairs in the north of the country.",
        /* 7 */ "-- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- -- "
                "-- -- -- -- -- -- -- -- -- -- -- -- -- -- word one two three four five six seven eight",
        /* 8 */ "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - "
                "- - - - - - - - - - - - - - - word one two three four five six seven eight",
        /* 9 */ "\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87"
                "\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87"
                "\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87"
                "\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD"
                "\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87",
        /* 10 */ "\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87"
                 "\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87"
                 "\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87"
                 "\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD"
                "\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87",
        /* 11 */ "Short line!",
    };
    static const char *const want[] = {NULL, NULL, "duplicate-paragraph", "title", "near-duplicate-paragraph",
                                       "near-duplicate-paragraph", NULL, "duplicate-paragraph",
                                       NULL, "duplicate-paragraph", "duplicate-paragraph"};
    wn_doc *d = wn_doc_new();
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        if (d->body.len)
            wn_buf_putc(&d->body, '\n');
        size_t off = d->body.len;
        wn_buf_append(&d->body, lines[i], strlen(lines[i]));
        wn_doc_add_line(d, off, strlen(lines[i]), (uint32_t)i + 1);
        CHECK(strlen(lines[i]) > 160 || i == 1 || i == 3 || i == 10); /* keyed at their ends */
    }
    wn_buf tk = WN_BUF_INIT;
    wn_paragraph_key(&tk, "the title of the story", strlen("the title of the story"));
    wn_repeats_scratch *s = wn_repeats_scratch_new();
    CHECK(wn_repeats_mark(d, &tk, 0.1, s) == WN_OK);
    for (size_t i = 0; i < d->nlines; i++) {
        const char *got = d->lines[i].removed;
        if ((got == NULL) != (want[i] == NULL) || (got && strcmp(got, want[i]))) {
            fprintf(stderr, "line %zu: %s, want %s\n", i + 1, got ? got : "kept", want[i] ? want[i] : "kept");
            harness_failures++;
        }
    }
    wn_repeats_scratch_free(s);
    wn_buf_free(&tk);
    wn_doc_free(d);
}

int main(void)
{
    RUN(keys_join_at_spaces);
    RUN(screen_marks_as_unscreened);
    RUN(screen_edge_cases);
    HARNESS_EXIT();
}
