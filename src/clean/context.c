#include "context.h"

#include <string.h>

#include "common/utf8.h"

#define LENGTH_LOW 70
#define LENGTH_HIGH 200

/* Sentence-final marks (the common subset of datatrove's TERMINAL_PUNCTUATION). */
static int is_terminal(int32_t c)
{
    switch (c) {
    case '.': case '!': case '?': case 0x2026: /* … */
    case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF0E: case 0xFF61:
    case 0x061F: case 0x06D4: case 0x0964: case 0x0965: case 0x1362: case 0x203C:
    case 0x2047: case 0x2048: case 0x2049: case 0x0589:
        return 1;
    }
    return 0;
}

static int is_closer(int32_t c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D || c == 0x2019 || c == 0xBB ||
           c == 0x201C || c == 0x300D || c == 0x300F;
}

int wn_context_class(const char *s, size_t n)
{
    /* byte length bounds the code point count: count only when it matters */
    size_t cps = n < LENGTH_LOW ? n : n >= 4 * LENGTH_HIGH ? n : wn_utf8_count(s, n);
    if (cps < LENGTH_LOW)
        return WN_CLS_SHORT;
    if (cps >= LENGTH_HIGH)
        return WN_CLS_GOOD;
    /* Walk back over closing quotes and brackets to the last real mark. */
    size_t end = n;
    while (end > 0) {
        size_t k = 1;
        while (k < end && ((unsigned char)s[end - k] & 0xC0) == 0x80)
            k++;
        int32_t c;
        wn_utf8_decode((const unsigned char *)s + end - k, k, &c);
        if (is_closer(c)) {
            end -= k;
            continue;
        }
        return is_terminal(c) ? WN_CLS_GOOD : WN_CLS_NEARGOOD;
    }
    return WN_CLS_NEARGOOD;
}

/* Nearest class other than short (and other than near-good unless
 * stop_at_neargood) from line i in direction dir; edges are bad. */
static int neighbour(const wn_doc *d, size_t i, int dir, int stop_at_neargood)
{
    for (;;) {
        if (dir < 0 ? i == 0 : i + 1 >= d->nlines)
            return WN_CLS_BAD;
        i = dir < 0 ? i - 1 : i + 1;
        int c = d->lines[i].cls & 15;   /* high bits: a verdict not yet applied */
        if (c == WN_CLS_SKIP || c == WN_CLS_SHORT)
            continue;
        if (c == WN_CLS_NEARGOOD && !stop_at_neargood)
            continue;
        return c;
    }
}

void wn_context_mark(wn_doc *d)
{
    int any_good = 0;
    for (size_t i = 0; i < d->nlines; i++) {
        wn_line *l = &d->lines[i];
        if (l->removed)
            l->cls = (strstr(l->removed, "duplicate") || !strcmp(l->removed, "title")) ? WN_CLS_SKIP : WN_CLS_BAD;
        else
            l->cls = (uint8_t)wn_context_class(d->body.data + l->off, l->len);
        any_good |= l->cls == WN_CLS_GOOD;
    }
    if (!any_good)
        return;
    /* Short lines, all decided from the same snapshot, applied afterwards. */
    for (size_t i = 0; i < d->nlines; i++) {
        if (d->lines[i].cls != WN_CLS_SHORT)
            continue;
        int prev = neighbour(d, i, -1, 0), next = neighbour(d, i, +1, 0);
        int verdict;
        if (prev == WN_CLS_GOOD && next == WN_CLS_GOOD)
            verdict = WN_CLS_GOOD;
        else if (prev == WN_CLS_BAD && next == WN_CLS_BAD)
            verdict = WN_CLS_BAD;
        else if (prev == WN_CLS_BAD)
            verdict = neighbour(d, i, -1, 1) == WN_CLS_NEARGOOD ? WN_CLS_GOOD : WN_CLS_BAD;
        else
            verdict = neighbour(d, i, +1, 1) == WN_CLS_NEARGOOD ? WN_CLS_GOOD : WN_CLS_BAD;
        /* Remember the verdict in the high bits; the snapshot stays intact. */
        d->lines[i].cls = (uint8_t)(WN_CLS_SHORT | (verdict << 4));
    }
    for (size_t i = 0; i < d->nlines; i++)
        if ((d->lines[i].cls & 15) == WN_CLS_SHORT)
            d->lines[i].cls = (uint8_t)(d->lines[i].cls >> 4);
    /* Near-good lines, in place, left to right. */
    for (size_t i = 0; i < d->nlines; i++) {
        if (d->lines[i].cls != WN_CLS_NEARGOOD)
            continue;
        int prev = neighbour(d, i, -1, 0), next = neighbour(d, i, +1, 0);
        d->lines[i].cls = (prev == WN_CLS_BAD && next == WN_CLS_BAD) ? WN_CLS_BAD : WN_CLS_GOOD;
    }
    for (size_t i = 0; i < d->nlines; i++)
        if (!d->lines[i].removed && d->lines[i].cls == WN_CLS_BAD)
            d->lines[i].removed = "context";
}
