/* filter_ref.h: straightforward reference versions of the quality
 * filters' helpers, written from the definitions (quality-rules.md §1, §2.3,
 * §4, §5.1) with no fast path: one code point at a time through
 * wn_py_next / wn_py_isspace / wn_py_isalpha / utf8proc / punct.h, plain
 * loops instead of hash tables.  test_filter_fast compares the library's
 * fast paths with them on edge and random inputs. */
#ifndef WN_FILTER_REF_H
#define WN_FILTER_REF_H

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "filter/punct.h"
#include "filter/pytext.h"
#include "filter/words.h"

/* ---- tokenizer (§2.3) --------------------------------------------------- */

static int ref_is_ps(int32_t c)
{
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO:
        return 1;
    default:
        return 0;
    }
}

static int ref_is_digit(int32_t c)
{
    return utf8proc_category(c) == UTF8PROC_CATEGORY_ND;
}

static int ref_is_cjk(int32_t c)
{
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

static int ref_is_dash(int32_t c)
{
    return c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2013 || c == 0x2014 || c == '~';
}

static void ref_add(wn_tokens *t, const char *s, size_t b, size_t e, int chunk_start)
{
    if (e <= b)
        return;
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->v = realloc(t->v, t->cap * sizeof *t->v);
    }
    wn_token k = {.off = (uint32_t)b, .len = (uint32_t)(e - b), .chunk = (uint8_t)chunk_start};
    int32_t last = 0;
    for (size_t i = b; i < e;) {
        int32_t c = wn_py_next(s, e, &i);
        k.cps++;
        k.alpha |= wn_py_isalpha(c) != 0;
        k.nonsym |= !wn_punct_in_set(c);
        last = c;
    }
    k.term = k.cps == 1 && wn_punct_is_terminal(last);
    t->v[t->n++] = k;
}

static size_t ref_prev_start(const char *s, size_t b, size_t e)
{
    size_t i = e - 1;
    while (i > b && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static int ref_looks_whole(const char *p, size_t n)
{
    if (n >= 4 && memcmp(p, "www.", 4) == 0)
        return 1;
    for (size_t i = 0; i + 3 <= n; i++)
        if (p[i] == ':' && p[i + 1] == '/' && p[i + 2] == '/')
            return i > 0;
    const char *at = memchr(p, '@', n);
    return at && at > p && memchr(at + 1, '.', n - (size_t)(at + 1 - p)) && p[n - 1] != '.';
}

static size_t ref_dots_at(const char *s, size_t i, size_t e)
{
    if (e - i >= 3 && memcmp(s + i, "\xE2\x80\xA6", 3) == 0)
        return 3;
    size_t j = i;
    while (j < e && s[j] == '.')
        j++;
    return j - i >= 2 ? j - i : 0;
}

/* One chunk (a run of non-space code points); `first` marks the chunk's
 * first token. */
static void ref_chunk(const char *s, size_t b, size_t e, wn_tokens *t)
{
    size_t first = t->n;
    if (ref_looks_whole(s + b, e - b)) {
        ref_add(t, s, b, e, 0);
    } else {
        while (b < e) { /* prefixes */
            size_t d = ref_dots_at(s, b, e);
            if (d) {
                ref_add(t, s, b, b + d, 0);
                b += d;
                continue;
            }
            size_t j = b;
            if (!ref_is_ps(wn_py_next(s, e, &j)))
                break;
            ref_add(t, s, b, j, 0);
            b = j;
        }
        size_t cut = e; /* suffixes */
        while (cut > b) {
            size_t p = ref_prev_start(s, b, cut), j = p;
            if (!ref_is_ps(wn_py_next(s, cut, &j)))
                break;
            cut = p;
        }
        int digits = 0, numeric = 1; /* the core: digits joined by . , : / - */
        for (size_t i = b; i < cut;) {
            int32_t c = wn_py_next(s, cut, &i);
            if (ref_is_digit(c))
                digits = 1;
            else if (!(c == '.' || c == ',' || c == ':' || c == '/' || c == '-'))
                numeric = 0;
        }
        if (numeric && digits) {
            ref_add(t, s, b, cut, 0);
        } else {
            size_t start = b, i = b;
            int32_t prev = 0;
            while (i < cut) {
                size_t at = i;
                int32_t c = wn_py_next(s, cut, &i);
                if (ref_is_cjk(c)) {
                    ref_add(t, s, start, at, 0);
                    ref_add(t, s, at, i, 0);
                    start = i;
                } else if ((ref_is_dash(c) || c == ',') && wn_py_isalpha(prev) && i < cut) {
                    size_t j = i;
                    if (wn_py_isalpha(wn_py_next(s, cut, &j))) {
                        ref_add(t, s, start, at, 0);
                        ref_add(t, s, at, i, 0);
                        start = i;
                    }
                }
                prev = c;
            }
            ref_add(t, s, start, cut, 0);
        }
        for (size_t i = cut; i < e;) {
            size_t d = ref_dots_at(s, i, e);
            if (d) {
                ref_add(t, s, i, i + d, 0);
                i += d;
                continue;
            }
            size_t j = i;
            wn_py_next(s, e, &j);
            ref_add(t, s, i, j, 0);
            i = j;
        }
    }
    if (t->n > first)
        t->v[first].chunk = 1;
}

static void ref_words_split(const char *s, size_t n, wn_tokens *t)
{
    t->n = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n) {
            size_t k = j;
            if (wn_py_isspace(wn_py_next(s, n, &k)))
                break;
            j = k;
        }
        if (j > i)
            ref_chunk(s, i, j, t);
        if (j >= n)
            break;
        i = j;
        wn_py_next(s, n, &i);
    }
}

/* ---- str.lower() (§1) ---------------------------------------------------- */

static int ref_cased(int32_t c)
{
    return utf8proc_tolower(c) != c || utf8proc_toupper(c) != c ||
           utf8proc_category(c) == UTF8PROC_CATEGORY_LT;
}

static int ref_case_ignorable(int32_t c)
{
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_SK:
        return 1;
    default:
        return c == '\'' || c == '.' || c == ':' || c == 0x2019 || c == 0xB7;
    }
}

/* Code point by code point: utf8proc's mapping, U+0130 -> "i" U+0307, and
 * Σ -> ς after a cased letter (case-ignorables skipped) not followed by
 * one; invalid bytes become U+FFFD as wn_py_next() reads them. */
static void ref_lower(wn_buf *out, const char *s, size_t n)
{
    int32_t cps[4096];
    size_t m = 0;
    for (size_t i = 0; i < n && m < 4096;)
        cps[m++] = wn_py_next(s, n, &i);
    wn_buf_clear(out);
    for (size_t k = 0; k < m; k++) {
        int32_t c = cps[k], l;
        if (c == 0x130) {
            wn_buf_append(out, "i\xCC\x87", 3);
            continue;
        }
        if (c == 0x3A3) {
            int before = 0, after = 0;
            for (size_t j = k; j-- > 0;)
                if (!ref_case_ignorable(cps[j])) {
                    before = ref_cased(cps[j]);
                    break;
                }
            for (size_t j = k + 1; j < m; j++)
                if (!ref_case_ignorable(cps[j])) {
                    after = ref_cased(cps[j]);
                    break;
                }
            l = before && !after ? 0x3C2 : 0x3C3;
        } else {
            l = utf8proc_tolower(c);
        }
        char enc[4];
        wn_buf_append(out, enc, wn_utf8_encode(l, enc));
    }
}

/* ---- GopherRepetitionFilter's n-gram values (§4) ------------------------ */

static int ref_tok_eq(const char *s, const wn_token *a, const wn_token *b)
{
    return a->len == b->len && memcmp(s + a->off, s + b->off, a->len) == 0;
}

/* find_top_duplicate: Counter(" ".join(g tokens)).most_common(1); returns
 * len(ngram) * count / L (code points). */
static double ref_top_ngram(const char *s, const wn_token *w, size_t nw, size_t g, double L)
{
    size_t best = 0, best_count = 0;
    for (size_t i = 0; i + g <= nw; i++) {
        size_t first = i, count = 0;
        for (size_t j = 0; j + g <= nw; j++) {
            size_t k = 0;
            while (k < g && ref_tok_eq(s, &w[i + k], &w[j + k]))
                k++;
            if (k == g) {
                if (!count)
                    first = j;
                count++;
            }
        }
        if (count > best_count || (count == best_count && first < best)) {
            best_count = count;
            best = first;
        }
    }
    size_t len = g - 1;
    for (size_t k = 0; k < g; k++)
        len += w[best + k].cps;
    return (double)len * (double)best_count / L;
}

/* "".join of w[i, i+g) into buf; returns its length */
static size_t ref_join(const char *s, const wn_token *w, size_t i, size_t g, char *buf)
{
    size_t o = 0;
    for (size_t k = 0; k < g; k++) {
        memcpy(buf + o, s + w[i + k].off, w[i + k].len);
        o += w[i + k].len;
    }
    return o;
}

/* find_all_duplicate: the greedy scan with a list as the set; returns
 * repeated characters / L. */
static double ref_dup_ngrams(const char *s, const wn_token *w, size_t nw, size_t g, double L)
{
    if (nw < g)
        return 0;
    size_t *seen = malloc((nw + 1) * sizeof *seen), nseen = 0, rep = 0, idx = 0;
    char *a = malloc(strlen(s) + 1), *b = malloc(strlen(s) + 1);
    while (idx < nw - g + 1) {
        size_t la = ref_join(s, w, idx, g, a), hit = 0;
        for (size_t k = 0; k < nseen && !hit; k++) {
            size_t lb = ref_join(s, w, seen[k], g, b);
            hit = la == lb && memcmp(a, b, la) == 0;
        }
        if (hit) {
            for (size_t k = 0; k < g; k++)
                rep += w[idx + k].cps;
            idx += g;
        } else {
            seen[nseen++] = idx;
            idx++;
        }
    }
    free(seen);
    free(a);
    free(b);
    return (double)rep / L;
}

/* ---- C4's phrase search on str.lower() (§5.1) --------------------------- */

static int ref_contains(const char *s, size_t n, const char *sub)
{
    size_t k = strlen(sub);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, sub, k) == 0)
            return 1;
    return 0;
}

/* Bits 1 lorem ipsum, 2 javascript, 4 a policy phrase, in lower(line). */
static unsigned ref_c4_phrases(const char *line, size_t n)
{
    wn_buf lo = WN_BUF_INIT;
    wn_py_lower(&lo, line, n);
    const char *l = lo.data ? lo.data : "";
    static const char *const pol[] = {"terms of use", "privacy policy", "cookie policy",
                                      "uses cookies", "use of cookies", "use cookies"};
    unsigned m = 0;
    if (ref_contains(l, lo.len, "lorem ipsum"))
        m |= 1;
    if (ref_contains(l, lo.len, "javascript"))
        m |= 2;
    for (size_t k = 0; k < 6; k++)
        if (ref_contains(l, lo.len, pol[k]))
            m |= 4;
    wn_buf_free(&lo);
    return m;
}

#endif
