#define PCRE2_CODE_UNIT_WIDTH 8
#include "patterns.h"

#include <dirent.h>
#include <pcre2.h>
#include <stdatomic.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/buf.h"
#include "common/ucd.h"
#include "common/utf8.h"

#define MAX_LINE_CP 300   /* longer lines are article text, never tested */

typedef struct kind {
    char *name;
} kind;

/* One pattern of a data file, and the bytes a match of it can start with
 * (a superset, from PCRE2's study), or free_start when PCRE2 found none
 * ("[^©]{0,120}©…" starts anywhere). */
typedef struct entry {
    char *src;
    size_t kind;
    int free_start;
    int req;              /* free_start: a byte every match holds, or -1 */
    uint8_t start[32];
} entry;

typedef struct month {
    char *name;           /* lower case */
    int number;
    int32_t first;        /* its first character */
} month;

struct wn_patterns {
    kind *kinds;
    size_t nkinds;
    wn_buf pub_alt, upd_alt, month_alt;
    month *months;
    size_t nmonths;
    pcre2_code *stamp_re;          /* compiled at load (checks the data) */
    uint8_t stamp_first[32];       /* bytes a timestamp line can start with */
    _Atomic(pcre2_code *) stamp_jit; /* its JIT copy, made on first use */
    entry *ents;
    size_t nents;
    /* A line matches the first kind listed that has a matching entry.
     * by_first[b] is the regex of the entries that can start with byte b
     * and the free-start ones (-1: none), ordered by kind, each under a
     * (*MARK:kind): one anchored match names that kind, as one regex of
     * all entries would, but tries only those entries. */
    int by_first[256];
    _Atomic(pcre2_code *) *res; /* compiled on first use (see set_regex) */
    char **res_src;
    size_t nres;
    /* Free-start entries with a required byte are left out of the sets and
     * tried after them, in kind order, where they could still win and the
     * line holds that byte (memchr instead of PCRE2 scanning every line). */
    pcre2_code **gated_re;
    size_t *gated;        /* entry indices */
    size_t ngated;

    size_t entries;
    uint32_t max_groups;
    uint32_t entry_groups;
};

static const uint32_t COMPILE_FLAGS = PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK;

static kind *find_kind(wn_patterns *p, const char *name, int create)
{
    for (size_t i = 0; i < p->nkinds; i++)
        if (!strcmp(p->kinds[i].name, name))
            return &p->kinds[i];
    if (!create)
        return NULL;
    kind *k = realloc(p->kinds, (p->nkinds + 1) * sizeof *k);
    if (!k)
        return NULL;
    p->kinds = k;
    k = &p->kinds[p->nkinds];
    memset(k, 0, sizeof *k);
    if (!(k->name = strdup(name)))
        return NULL;
    p->nkinds++;
    return k;
}

/* Appends "(?:value)" or "\Qvalue\E" to an alternation. */
static wn_status add_alt(wn_buf *alt, const char *v, int literal)
{
    if (alt->len)
        WN_TRY(wn_buf_putc(alt, '|'));
    if (literal) {
        WN_TRY(wn_buf_puts(alt, "\\Q"));
        WN_TRY(wn_buf_puts(alt, v));
        return wn_buf_puts(alt, "\\E");
    }
    WN_TRY(wn_buf_puts(alt, "(?:"));
    WN_TRY(wn_buf_puts(alt, v));
    return wn_buf_putc(alt, ')');
}

/* A byte every caseless match of v holds, or -1.  PCRE2 reports one only
 * for a case-sensitive compile; it holds for the caseless pattern when no
 * character it can come from has another case: an ASCII byte that is not a
 * letter, or the last byte of literal characters of v that are neither
 * letters nor have case mappings (the "©" of a credit pattern). */
static int required_byte(const char *v)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)v, PCRE2_ZERO_TERMINATED, COMPILE_FLAGS & ~PCRE2_CASELESS, &ec, &eo, NULL);
    uint32_t type = 0, unit = 0;
    if (re) {
        pcre2_pattern_info(re, PCRE2_INFO_LASTCODETYPE, &type);
        pcre2_pattern_info(re, PCRE2_INFO_LASTCODEUNIT, &unit);
        pcre2_code_free(re);
    }
    if (type != 1 || unit > 0xFF)
        return -1;
    if (unit < 0x80)
        return ((unit | 32) >= 'a' && (unit | 32) <= 'z') ? -1 : (int)unit;
    int found = 0;
    const unsigned char *u = (const unsigned char *)v;
    for (size_t i = 0, n = strlen(v); i < n;) {
        int32_t c;
        size_t k = wn_utf8_decode(u + i, n - i, &c);
        if (c >= 0x80 && u[i + k - 1] == unit) {
            utf8proc_category_t cat = utf8proc_category(c);
            int letter = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LT ||
                         cat == UTF8PROC_CATEGORY_LM || cat == UTF8PROC_CATEGORY_LO;
            if (letter || utf8proc_tolower(c) != c || utf8proc_toupper(c) != c)
                return -1;
            found = 1;
        }
        i += k;
    }
    return found ? (int)unit : -1;
}

/* Registers pattern v of kind k with its possible first bytes.  PCRE2
 * keeps a single first code unit apart from its start bitmap, so v is
 * studied beside an alternative starting with NUL, which makes it build the
 * bitmap (both cases of a caseless letter included). */
static wn_status add_entry(wn_patterns *p, size_t k, const char *v)
{
    entry *e = realloc(p->ents, (p->nents + 1) * sizeof *e);
    if (!e)
        return WN_ERR_NOMEM;
    p->ents = e;
    e = &p->ents[p->nents];
    if (!(e->src = strdup(v)))
        return WN_ERR_NOMEM;
    e->kind = k;
    e->free_start = 1;
    e->req = -1;
    p->nents++;
    wn_buf probe = WN_BUF_INIT;
    if (wn_buf_printf(&probe, "(?:%s)|\\x{0}", v) != WN_OK) {
        wn_buf_free(&probe);
        return WN_ERR_NOMEM;
    }
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)probe.data, PCRE2_ZERO_TERMINATED, COMPILE_FLAGS, &ec, &eo, NULL);
    const uint8_t *bits = NULL;
    if (re && pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &bits) == 0 && bits) {
        memcpy(e->start, bits, sizeof e->start);
        e->free_start = 0;
    }
    if (e->free_start)
        e->req = required_byte(v);
    uint32_t groups = 0;
    if (re)
        pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &groups);
    p->entry_groups += groups; /* a union of entries has at most their sum */
    pcre2_code_free(re);
    wn_buf_free(&probe);
    return WN_OK;
}


/* Entry indices ordered by kind, file order within a kind. */
static size_t *entries_by_kind(const wn_patterns *p)
{
    size_t *order = malloc((p->nents ? p->nents : 1) * sizeof *order), n = 0;
    if (!order)
        return NULL;
    for (size_t k = 0; k < p->nkinds; k++)
        for (size_t i = 0; i < p->nents; i++)
            if (p->ents[i].kind == k)
                order[n++] = i;
    return order;
}

/* Keeps the source of one set regex; it is compiled when a line first
 * needs it, so that a process pays only for the first bytes it meets
 * (each set regex takes ~1M instructions to compile and JIT). */
static wn_status add_regex(wn_patterns *p, wn_buf *src)
{
    _Atomic(pcre2_code *) *res = realloc(p->res, (p->nres + 1) * sizeof *res);
    if (!res)
        return WN_ERR_NOMEM;
    p->res = res;
    char **srcs = realloc(p->res_src, (p->nres + 1) * sizeof *srcs);
    if (!srcs)
        return WN_ERR_NOMEM;
    p->res_src = srcs;
    atomic_init(&p->res[p->nres], NULL);
    p->res_src[p->nres] = src->data; /* taken over */
    *src = (wn_buf)WN_BUF_INIT;
    p->nres++;
    return WN_OK;
}

/* Set regex r, compiled by the first thread that asks; a thread that loses
 * the race frees its copy.  NULL only when memory ran out (the line is then
 * not tested).  Its entries each compiled alone at load, so the union
 * compiles too. */
/* JIT-compiles re and publishes it in *slot, unless another thread got
 * there first: then re is freed and the winner returned. */
static pcre2_code *publish_jit(_Atomic(pcre2_code *) *slot, pcre2_code *re)
{
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
    pcre2_code *expected = NULL;
    if (!atomic_compare_exchange_strong_explicit(slot, &expected, re, memory_order_acq_rel,
                                                 memory_order_acquire)) {
        pcre2_code_free(re);
        re = expected;
    }
    return re;
}

static const pcre2_code *set_regex(const wn_patterns *p, int r)
{
    pcre2_code *re = atomic_load_explicit(&p->res[r], memory_order_acquire);
    if (re)
        return re;
    int ec;
    PCRE2_SIZE eo;
    re = pcre2_compile((PCRE2_SPTR)p->res_src[r], PCRE2_ZERO_TERMINATED,
                       COMPILE_FLAGS | PCRE2_ANCHORED | PCRE2_ENDANCHORED, &ec, &eo, NULL);
    return re ? publish_jit(&p->res[r], re) : NULL;
}

/* by_first's regexes, one per distinct set of entries. */
static wn_status build_by_first(wn_patterns *p)
{
    size_t words = (p->nents + 63) / 64 + 1;
    uint64_t *sets = calloc(256 * words, sizeof *sets);
    size_t *order = entries_by_kind(p);
    wn_status st = sets && order ? WN_OK : WN_ERR_NOMEM;
    for (int b = 0; st == WN_OK && b < 256; b++) {
        uint64_t *set = sets + (size_t)b * words;
        size_t n = 0;
        for (size_t i = 0; i < p->nents; i++)
            if (p->ents[i].free_start ? p->ents[i].req < 0 : (p->ents[i].start[b >> 3] >> (b & 7) & 1)) {
                set[i / 64] |= 1ULL << (i % 64);
                n++;
            }
        p->by_first[b] = -1;
        if (!n)
            continue;
        for (int c = 0; c < b && p->by_first[b] < 0; c++)
            if (p->by_first[c] >= 0 && !memcmp(sets + (size_t)c * words, set, words * sizeof *set))
                p->by_first[b] = p->by_first[c];
        if (p->by_first[b] >= 0)
            continue;
        wn_buf src = WN_BUF_INIT;
        for (size_t j = 0; st == WN_OK && j < p->nents; j++) {
            const entry *e = &p->ents[order[j]];
            if (set[order[j] / 64] >> (order[j] % 64) & 1)
                st = wn_buf_printf(&src, "%s(*MARK:%zu)(?:%s)", src.len ? "|" : "", e->kind, e->src);
        }
        if (st == WN_OK)
            st = add_regex(p, &src);
        if (st == WN_OK)
            p->by_first[b] = (int)p->nres - 1;
        wn_buf_free(&src);
    }
    for (size_t j = 0; st == WN_OK && j < p->nents; j++) {
        const entry *e = &p->ents[order[j]];
        if (!e->free_start || e->req < 0)
            continue;
        pcre2_code **gr = realloc(p->gated_re, (p->ngated + 1) * sizeof *gr);
        if (gr)
            p->gated_re = gr;
        size_t *gi = gr ? realloc(p->gated, (p->ngated + 1) * sizeof *gi) : NULL;
        if (gi)
            p->gated = gi;
        if (!gr || !gi) {
            st = WN_ERR_NOMEM;
            break;
        }
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)e->src, PCRE2_ZERO_TERMINATED,
                                       COMPILE_FLAGS | PCRE2_ANCHORED | PCRE2_ENDANCHORED, &ec, &eo, NULL);
        if (!re) {
            st = WN_ERR_NOMEM; /* it compiled alone when it was loaded */
            break;
        }
        pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
        p->gated_re[p->ngated] = re;
        p->gated[p->ngated++] = order[j];
    }
    free(order);
    free(sets);
    return st;
}

/* ---- the timestamp screen ----------------------------------------------- */
/* build_stamp's regex matches a whole trimmed line that starts with a
 * digit (a time or date), a month name (a date such as "March 5, 2025"), or
 * a published / updated label, and ends with a stamp: a digit, "am"/"pm"
 * (m, or the dot after it), a zone (UTC GMT MSK TSİ CET CEST: C, T, K or
 * İ's last byte), or the closing bracket of "(updated: …)".  Labels and
 * months are literal, caseless: their first letter in either case.  Bytes
 * from 0x80 on are always let through (non-ASCII case pairs, \d with UCP).
 * A line failing this screen cannot match, so the regex is not run. */
static void bitset(uint8_t set[32], unsigned b) { set[b >> 3] |= (uint8_t)(1u << (b & 7)); }
static int bittest(const uint8_t set[32], unsigned b) { return set[b >> 3] >> (b & 7) & 1; }

static void stamp_first_init(wn_patterns *p)
{
    for (unsigned b = '0'; b <= '9'; b++)
        bitset(p->stamp_first, b);
    for (unsigned b = 0x80; b < 256; b++)
        bitset(p->stamp_first, b);
}

/* A label or month v (literal, caseless) can start a timestamp line. */
static void stamp_first_add(wn_patterns *p, const char *v)
{
    unsigned char b = (unsigned char)v[0];
    if (!b || b == '\\') { /* an empty label, or one that could end its own \Q: anything */
        memset(p->stamp_first, 0xFF, sizeof p->stamp_first);
        return;
    }
    bitset(p->stamp_first, b);
    if ((b | 32) >= 'a' && (b | 32) <= 'z') {
        bitset(p->stamp_first, b | 32);
        bitset(p->stamp_first, b & ~32u);
    }
}

static wn_status load_file(wn_patterns *p, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return WN_ERR_DATA;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned lineno = 0;
    wn_status st = WN_OK;
    while (st == WN_OK && (len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = 0;
        if (len == 0 || line[0] == '#')
            continue;
        if (wn_utf8_valid_prefix(line, (size_t)len) != (size_t)len) {
            snprintf(err, errlen, "%s:%u: invalid UTF-8", path, lineno);
            st = WN_ERR_DATA;
            break;
        }
        char *tab = strchr(line, '\t');
        if (!tab || tab == line || !tab[1]) {
            snprintf(err, errlen, "%s:%u: expected <kind><TAB><value>", path, lineno);
            st = WN_ERR_DATA;
            break;
        }
        *tab = 0;
        const char *k = line, *v = tab + 1;
        if (!strcmp(k, "published")) {
            stamp_first_add(p, v);
            st = add_alt(&p->pub_alt, v, 1);
        } else if (!strcmp(k, "updated")) {
            stamp_first_add(p, v);
            st = add_alt(&p->upd_alt, v, 1);
        } else if (!strcmp(k, "month")) {
            char *t2 = strchr(v, '\t');
            int num = t2 ? atoi(t2 + 1) : 0;
            if (!t2 || num < 1 || num > 12) {
                snprintf(err, errlen, "%s:%u: expected month<TAB>name<TAB>1..12", path, lineno);
                st = WN_ERR_DATA;
                break;
            }
            *t2 = 0;
            month *m = realloc(p->months, (p->nmonths + 1) * sizeof *m);
            if (!m || !(m[p->nmonths].name = strdup(v))) {
                if (m)
                    p->months = m;
                st = WN_ERR_NOMEM;
                break;
            }
            p->months = m;
            m[p->nmonths].number = num;
            m[p->nmonths].first = -2;
            if (v[0])
                wn_utf8_decode((const unsigned char *)v, strlen(v), &m[p->nmonths].first);
            p->nmonths++;
            stamp_first_add(p, v);
            st = add_alt(&p->month_alt, v, 1);
        } else {
            /* Check the pattern alone for a precise error message. */
            int ec;
            PCRE2_SIZE eo;
            pcre2_code *re = pcre2_compile((PCRE2_SPTR)v, PCRE2_ZERO_TERMINATED, COMPILE_FLAGS, &ec, &eo, NULL);
            if (!re) {
                PCRE2_UCHAR msg[120];
                pcre2_get_error_message(ec, msg, sizeof msg);
                snprintf(err, errlen, "%s:%u: bad pattern at offset %zu: %s", path, lineno, (size_t)eo, (char *)msg);
                st = WN_ERR_DATA;
                break;
            }
            pcre2_code_free(re);
            kind *kd = find_kind(p, k, 1);
            st = kd ? add_entry(p, (size_t)(kd - p->kinds), v) : WN_ERR_NOMEM;
        }
        p->entries++;
    }
    free(line);
    fclose(f);
    return st;
}

static wn_status compile_nojit(wn_patterns *p, const char *src, pcre2_code **out, char *err, size_t errlen)
{
    int ec;
    PCRE2_SIZE eo;
    *out = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
                         COMPILE_FLAGS | PCRE2_ANCHORED | PCRE2_ENDANCHORED, &ec, &eo, NULL);
    if (!*out) {
        PCRE2_UCHAR msg[120];
        pcre2_get_error_message(ec, msg, sizeof msg);
        snprintf(err, errlen, "combined pattern: %s", (char *)msg);
        return WN_ERR_DATA;
    }
    uint32_t groups = 0;
    pcre2_pattern_info(*out, PCRE2_INFO_CAPTURECOUNT, &groups);
    if (groups + 1 > p->max_groups)
        p->max_groups = groups + 1;
    return WN_OK;
}

/* The timestamp regex to match with: its JIT copy once a thread has made
 * it (~17M instructions, paid only by runs that meet a line with a digit),
 * else the interpreted original. */
static const pcre2_code *stamp_regex(const wn_patterns *p)
{
    /* the patterns are shared read-only, but this cache slot is written
     * once (the object itself is never const: wn_patterns_load allocates it) */
    _Atomic(pcre2_code *) *slot = (_Atomic(pcre2_code *) *)&p->stamp_jit;
    pcre2_code *re = atomic_load_explicit(slot, memory_order_acquire);
    if (re)
        return re;
    re = pcre2_code_copy(p->stamp_re);
    return re ? publish_jit(slot, re) : p->stamp_re;
}

/* The timestamp line: [PUBLISHED-LABEL] STAMP [ (UPDATED-LABEL: STAMP) ],
 * or UPDATED-LABEL: STAMP alone. */
static wn_status build_stamp(wn_patterns *p, char *err, size_t errlen)
{
    wn_buf date = WN_BUF_INIT, re = WN_BUF_INIT;
    wn_status st = wn_buf_puts(&date, "(?:\\d{4}-\\d{2}-\\d{2}|\\d{1,2}[./-]\\d{1,2}[./-](?:\\d{4}|\\d{2})");
    if (st == WN_OK && p->month_alt.len)
        st = wn_buf_printf(&date, "|\\d{1,2}\\.?\\s+(?:%s)\\.?,?\\s+\\d{4}|(?:%s)\\.?\\s+\\d{1,2},?\\s+\\d{4}",
                           p->month_alt.data, p->month_alt.data);
    if (st == WN_OK)
        st = wn_buf_putc(&date, ')');
    const char *time = "(?:\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\s*[ap]\\.?m\\.?)?(?:\\s*(?:UTC|GMT|MSK|TSİ|CET|CEST)(?:[+-]\\d{1,2})?)?)";
    const char *pub = p->pub_alt.len ? p->pub_alt.data : "(?!)";
    const char *upd = p->upd_alt.len ? p->upd_alt.data : "(?!)";
    wn_buf stamp = WN_BUF_INIT;
    if (st == WN_OK)
        st = wn_buf_printf(&stamp, "(?:%s\\s*,?\\s*(?:-\\s*)?%s|%s\\s*,?\\s*(?:-|\\||/|в|at|um|à|a las|saat)?\\s*%s|%s|%s)",
                           time, date.data, date.data, time, date.data, time);
    if (st == WN_OK)
        st = wn_buf_printf(&re,
                           "(?:(?:%s)\\s*:?\\s*)?(?<p>%s)(?:\\s*[(\\[|/,–—-]?\\s*(?:%s)\\s*:?\\s*(?<u>%s)\\s*[)\\]]?)?"
                           "|(?:%s)\\s*:?\\s*(?<u2>%s)",
                           pub, stamp.data, upd, stamp.data, upd, stamp.data);
    wn_buf_free(&stamp);
    if (st == WN_OK)
        st = compile_nojit(p, re.data, &p->stamp_re, err, errlen);
    wn_buf_free(&date);
    wn_buf_free(&re);
    return st;
}

static int has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

wn_status wn_patterns_load(const char *dir, const char *langs, const char *const *extra, size_t nextra,
                           wn_patterns **out, char *err, size_t errlen)
{
    *out = NULL;
    wn_patterns *p = calloc(1, sizeof *p);
    if (!p)
        return WN_ERR_NOMEM;
    atomic_init(&p->stamp_jit, NULL);
    stamp_first_init(p);
    wn_status st = WN_OK;
    char path[4096];
    if (dir) {
        if (langs && *langs) {
            snprintf(path, sizeof path, "%s/common.txt", dir);
            st = load_file(p, path, err, errlen);
            const char *s = langs;
            while (st == WN_OK && *s) {
                size_t n = strcspn(s, ",");
                if (n > 0 && n < 32) {
                    snprintf(path, sizeof path, "%s/%.*s.txt", dir, (int)n, s);
                    st = load_file(p, path, err, errlen);
                }
                s += n + (s[n] == ',');
            }
        } else {
            DIR *d = opendir(dir);
            if (!d) {
                snprintf(err, errlen, "%s: cannot open pattern directory", dir);
                st = WN_ERR_DATA;
            } else {
                char *names[256];
                size_t n = 0;
                struct dirent *e;
                while ((e = readdir(d)) && n < 256)
                    if (e->d_name[0] != '.' && has_suffix(e->d_name, ".txt"))
                        names[n++] = strdup(e->d_name);
                closedir(d);
                qsort(names, n, sizeof *names, cmp_str);
                for (size_t i = 0; i < n; i++) {
                    if (st == WN_OK && names[i]) {
                        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
                        st = load_file(p, path, err, errlen);
                    } else if (!names[i]) {
                        st = WN_ERR_NOMEM;
                    }
                    free(names[i]);
                }
            }
        }
    }
    for (size_t i = 0; st == WN_OK && i < nextra; i++)
        st = load_file(p, extra[i], err, errlen);
    if (st == WN_OK)
        st = build_by_first(p);
    if (st == WN_OK)
        st = build_stamp(p, err, errlen);
    if (st != WN_OK) {
        wn_patterns_free(p);
        return st;
    }
    *out = p;
    return WN_OK;
}

void wn_patterns_free(wn_patterns *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nkinds; i++) {
        free(p->kinds[i].name);
    }
    free(p->kinds);
    for (size_t i = 0; i < p->nents; i++)
        free(p->ents[i].src);
    free(p->ents);
    for (size_t i = 0; i < p->nres; i++) {
        pcre2_code_free(atomic_load(&p->res[i]));
        free(p->res_src[i]);
    }
    free(p->res);
    free(p->res_src);
    for (size_t i = 0; i < p->ngated; i++)
        pcre2_code_free(p->gated_re[i]);
    free(p->gated_re);
    free(p->gated);

    for (size_t i = 0; i < p->nmonths; i++)
        free(p->months[i].name);
    free(p->months);
    wn_buf_free(&p->pub_alt);
    wn_buf_free(&p->upd_alt);
    wn_buf_free(&p->month_alt);
    pcre2_code_free(p->stamp_re);
    pcre2_code_free(atomic_load(&p->stamp_jit));
    free(p);
}

wn_match_data *wn_patterns_match_data(const wn_patterns *p)
{
    uint32_t groups = p->max_groups > p->entry_groups + 1 ? p->max_groups : p->entry_groups + 1;
    return pcre2_match_data_create(groups, NULL);
}

void wn_patterns_match_data_free(wn_match_data *md)
{
    pcre2_match_data_free(md);
}

size_t wn_patterns_count(const wn_patterns *p)
{
    return p->entries;
}

/* pcre2_match through the JIT's own entry (no argument checks: the
 * subject is valid UTF-8 and the options are fixed), or the interpreter
 * when the regex has no JIT code (PCRE2_ERROR_JIT_BADOPTION). */
static int run_match(const pcre2_code *re, const char *s, size_t n, wn_match_data *md)
{
    int rc = pcre2_jit_match(re, (PCRE2_SPTR)s, n, 0, 0, md, NULL);
    if (rc == PCRE2_ERROR_JIT_BADOPTION)
        rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, md, NULL);
    return rc;
}

/* Trims spaces, punctuation and symbols (emoji bullets, arrows) from both
 * ends, but keeps the copyright sign that credit patterns look for. */
static int trimmable(int32_t c)
{
    if (c < 0x80 && c >= 0x20 && c != 0x7F) {
        /* printable ASCII: letters and digits stay, the rest are spaces,
         * punctuation or symbols (Zs, P*, S*) */
        return !((c | 32) >= 'a' && (c | 32) <= 'z') && !(c >= '0' && c <= '9');
    }
    if (c == 0xA9)
        return 0;
    int cl = wn_ucd_class(c);
    return cl == WN_UC_PUNCT || cl == WN_UC_SYMBOL || cl == WN_UC_SPACE || c == 0x200D || c == 0xFE0F ||
           c == 0x20E3 || (c >= 0x1F3FB && c <= 0x1F3FF);
}

static void trim(const char **s, size_t *n)
{
    const unsigned char *p = (const unsigned char *)*s;
    size_t a = 0, b = *n;
    while (a < b) {
        int32_t c;
        size_t k = p[a] < 0x80 ? (c = p[a], 1) : wn_utf8_decode(p + a, b - a, &c);
        if (!trimmable(c))
            break;
        a += k;
    }
    while (b > a) {
        int32_t c;
        size_t k = 1;
        if (p[b - 1] < 0x80) {
            c = p[b - 1];
        } else {
            while (k < b - a && (p[b - k] & 0xC0) == 0x80)
                k++;
            wn_utf8_decode(p + b - k, k, &c);
        }
        if (!trimmable(c))
            break;
        b -= k;
    }
    *s += a;
    *n = b - a;
}

/* wn_patterns_match on a line already trimmed (n_in: its length before) */
static const char *match_trimmed(const wn_patterns *p, wn_match_data *md, const char *line, size_t n,
                                 const char *in, size_t n_in)
{
    if (n_in > MAX_LINE_CP && (n_in > 4 * MAX_LINE_CP || wn_utf8_count(in, n_in) > MAX_LINE_CP))
        return NULL;
    if (n == 0)
        return NULL;
    /* PCRE2's caseless matching uses simple case folding, which leaves
     * Turkish İ unmatched by "i": fold the line first when it has one. */
    char folded[MAX_LINE_CP * 4 + 8];
    const char *subject = line;
    size_t m = n;
    const char *dot_i = memchr(line, 0xC4, n);
    while (dot_i && !((size_t)(dot_i - line) + 1 < n && (unsigned char)dot_i[1] == 0xB0))
        dot_i = memchr(dot_i + 1, 0xC4, n - (size_t)(dot_i + 1 - line));
    if (dot_i) {
        m = 0;
        for (size_t i = 0; i < n;) {
            int32_t c;
            i += wn_utf8_decode((const unsigned char *)line + i, n - i, &c);
            c = c == 0x130 ? 'i' : c < 0 ? 0xFFFD : wn_ucd_lower(c);
            m += wn_utf8_encode(c, folded + m);
        }
        subject = folded;
    }
    size_t won = SIZE_MAX;
    int r = p->by_first[(unsigned char)subject[0]];
    const pcre2_code *re = r >= 0 ? set_regex(p, r) : NULL;
    if (re && run_match(re, subject, m, md) >= 0) {
        PCRE2_SPTR mark = pcre2_get_mark(md);
        won = mark ? (size_t)strtoul((const char *)mark, NULL, 10) : SIZE_MAX;
    }
    for (size_t g = 0; g < p->ngated; g++) {
        const entry *e = &p->ents[p->gated[g]];
        if (e->kind >= won)
            break;
        if (memchr(subject, e->req, m) &&
            run_match(p->gated_re[g], subject, m, md) >= 0)
            won = e->kind;
    }
    return won < p->nkinds ? p->kinds[won].name : NULL;
}

const char *wn_patterns_match(const wn_patterns *p, wn_match_data *md, const char *line, size_t n)
{
    const char *t = line;
    size_t tn = n;
    if (n <= 4 * MAX_LINE_CP)
        trim(&t, &tn);
    return match_trimmed(p, md, t, tn, line, n);
}

static int stamp_can_end(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || (c && strchr("mMcCtTkK.)]", c));
}

int wn_patterns_stamp_screen(const wn_patterns *p, const char *line, size_t n)
{
    return n > 0 && bittest(p->stamp_first, (unsigned char)line[0]) && stamp_can_end((unsigned char)line[n - 1]);
}

int wn_patterns_stamp_regex(const wn_patterns *p, wn_match_data *md, const char *line, size_t n)
{
    return run_match(stamp_regex(p), line, n, md) >= 0;
}

/* ---- timestamp values to ISO 8601 ------------------------------------------ */

static int read_int(const char *s, size_t n, size_t *i, int maxdigits)
{
    int v = 0, d = 0;
    while (*i < n && d < maxdigits && s[*i] >= '0' && s[*i] <= '9') {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        d++;
    }
    return d ? v : -1;
}

static int lower_eq_prefix(const char *text, size_t n, const char *lower_word, size_t *used)
{
    /* Case-insensitive comparison of text's start with lower_word. */
    size_t i = 0, j = 0, wl = strlen(lower_word);
    while (j < wl) {
        if (i >= n)
            return 0;
        int32_t a, b;
        size_t ka = wn_utf8_decode((const unsigned char *)text + i, n - i, &a);
        size_t kb = wn_utf8_decode((const unsigned char *)lower_word + j, wl - j, &b);
        if (a < 0 || b < 0 || utf8proc_tolower(a) != b)
            return 0;
        i += ka;
        j += kb;
    }
    *used = i;
    return 1;
}

static int month_at(const wn_patterns *p, const char *s, size_t n, size_t *i)
{
    /* the first character, lower-cased once: only months starting with it
     * are compared whole (lower_eq_prefix would fail at it for the rest;
     * an empty name, first -2, matches anything as there) */
    int32_t a = -1;
    if (*i < n) {
        wn_utf8_decode((const unsigned char *)s + *i, n - *i, &a);
        if (a >= 0)
            a = utf8proc_tolower(a);
    }
    for (size_t m = 0; m < p->nmonths; m++) {
        if (p->months[m].first >= 0 && p->months[m].first != a)
            continue;
        size_t used;
        if (lower_eq_prefix(s + *i, n - *i, p->months[m].name, &used)) {
            *i += used;
            return p->months[m].number;
        }
    }
    return -1;
}

/* Parses a matched stamp into "YYYY-MM-DDTHH:MM" (or the parts present). */
static void stamp_iso(const wn_patterns *p, const char *s, size_t n, char out[32])
{
    int Y = -1, M = -1, D = -1, h = -1, mi = -1;
    size_t i = 0;
    while (i < n) {
        if (s[i] >= '0' && s[i] <= '9') {
            size_t st = i;
            int a = read_int(s, n, &i, 4);
            if (i < n && s[i] == ':' && h < 0) {
                i++;
                h = a;
                mi = read_int(s, n, &i, 2);
                if (i < n && s[i] == ':') { i++; read_int(s, n, &i, 2); }
                /* 12-hour clock */
                size_t j = i;
                while (j < n && s[j] == ' ') j++;
                if (j < n && (s[j] == 'p' || s[j] == 'P') && h < 12) h += 12;
                if (j < n && (s[j] == 'a' || s[j] == 'A') && h == 12) h = 0;
                continue;
            }
            if (i - st == 4 && i < n && s[i] == '-' && D < 0) {   /* YYYY-MM-DD */
                Y = a; i++;
                M = read_int(s, n, &i, 2);
                if (i < n && s[i] == '-') { i++; D = read_int(s, n, &i, 2); }
                continue;
            }
            if (i < n && (s[i] == '.' || s[i] == '/' || s[i] == '-') && i + 1 < n && s[i + 1] >= '0' &&
                s[i + 1] <= '9' && D < 0) {  /* DD.MM.YYYY (or MM/DD/YYYY when the middle is > 12) */
                i++;
                int b = read_int(s, n, &i, 2);
                if (i < n && (s[i] == '.' || s[i] == '/' || s[i] == '-')) {
                    i++;
                    size_t ys = i;
                    int c = read_int(s, n, &i, 4);
                    if (i - ys == 2) c += 2000;
                    if (b > 12 && a <= 12) { int t = a; a = b; b = t; }
                    D = a; M = b; Y = c;
                }
                continue;
            }
            if (D < 0 && a >= 1 && a <= 31) {   /* "27 Ekim 2025" */
                size_t j = i;
                while (j < n && (s[j] == ' ' || s[j] == '.')) j++;
                int m = month_at(p, s, n, &j);
                if (m > 0) {
                    while (j < n && (s[j] == ' ' || s[j] == '.' || s[j] == ',')) j++;
                    int y = read_int(s, n, &j, 4);
                    if (y > 0) { D = a; M = m; Y = y; i = j; continue; }
                }
            }
            if (D > 0 && M > 0 && Y < 0 && i - st == 4)   /* "October 27, 2025" */
                Y = a;
            else if (D < 0 && M > 0 && a >= 1 && a <= 31)
                D = a;
            continue;
        }
        if (M < 0) {
            size_t j = i;
            int m = month_at(p, s, n, &j);
            if (m > 0 && (i == 0 || s[i - 1] == ' ')) {
                M = m;
                i = j;
                continue;
            }
        }
        i++;
    }
    out[0] = 0;
    if (Y > 0 && M >= 1 && M <= 12 && D >= 1 && D <= 31) {
        if (h >= 0 && h < 24 && mi >= 0 && mi < 60)
            snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d", Y, M, D, h, mi);
        else
            snprintf(out, 32, "%04d-%02d-%02d", Y, M, D);
    } else if (h >= 0 && h < 24 && mi >= 0 && mi < 60) {
        snprintf(out, 32, "%02d:%02d", h, mi);
    }
}

static void group(const wn_patterns *p, wn_match_data *md, const char *line, const char *name, char out[32])
{
    PCRE2_SIZE len = 0;
    int rc = pcre2_substring_length_byname(md, (PCRE2_SPTR)name, &len);
    int num = pcre2_substring_number_from_name(p->stamp_re, (PCRE2_SPTR)name);
    if (rc != 0 || num < 0) {
        out[0] = 0;
        return;
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    if (ov[2 * num] == PCRE2_UNSET) {
        out[0] = 0;
        return;
    }
    stamp_iso(p, line + ov[2 * num], (size_t)(ov[2 * num + 1] - ov[2 * num]), out);
}

/* Does s[0..n) hold a byte '0'..'9'?  Sixteen bytes a step with SSE2. */
int wn_has_ascii_digit(const char *s, size_t n)
{
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i below = _mm_set1_epi8('0' - 1), above = _mm_set1_epi8('9' + 1);
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        if (_mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(v, below), _mm_cmplt_epi8(v, above))))
            return 1;
    }
#endif
    for (; i < n; i++)
        if (s[i] >= '0' && s[i] <= '9')
            return 1;
    return 0;
}

/* wn_patterns_timestamp on a line already trimmed (n_in: its length before) */
static int timestamp_trimmed(const wn_patterns *p, wn_match_data *md, const char *line, size_t n, size_t n_in,
                             char published[32], char updated[32])
{
    published[0] = updated[0] = 0;
    if (n_in > 200)
        return 0;
    /* cheap tests that skip the regex for most lines */
    if (!wn_patterns_stamp_screen(p, line, n) || !wn_has_ascii_digit(line, n))
        return 0;
    if (run_match(stamp_regex(p), line, n, md) < 0)
        return 0;
    group(p, md, line, "p", published);
    group(p, md, line, "u", updated);
    if (!updated[0])
        group(p, md, line, "u2", updated);
    return 1;
}

int wn_patterns_timestamp(const wn_patterns *p, wn_match_data *md, const char *line, size_t n,
                          char published[32], char updated[32])
{
    const char *t = line;
    size_t tn = n;
    if (n <= 200)
        trim(&t, &tn);
    return timestamp_trimmed(p, md, t, tn, n, published, updated);
}

const char wn_patterns_timestamp_reason[] = "timestamp";

const char *wn_patterns_classify(const wn_patterns *p, wn_match_data *md, const char *line, size_t n,
                                 char published[32], char updated[32])
{
    const char *t = line;
    size_t tn = n;
    if (n <= 4 * MAX_LINE_CP)
        trim(&t, &tn); /* once for both tests */
    if (timestamp_trimmed(p, md, t, tn, n, published, updated))
        return wn_patterns_timestamp_reason;
    return match_trimmed(p, md, t, tn, line, n);
}
