#include "justext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "filter/pytext.h"

struct wn_jt_stoplist {
    wn_buf text;   /* the words, lower-cased, one after another */
    size_t *offs;  /* word k at text.data + offs[k] */
    size_t *lens;
    /* open addressing: a word's hash beside its index + 1 (0: empty), so
     * a probe reads one place */
    struct { uint64_t hash; uint32_t word, len; } *slot;
    size_t n, cap;
};

/* The lookup hash: short words without a call (loads stay inside the
 * word: memcpy of its length, or the first and last eight bytes). */
/* FNV-1a over the bytes, then the length and a final mix; the context-free
 * pass folds the first part into its scan of a word (FNV_STEP). */
#define FNV_START 0xcbf29ce484222325ULL
#define FNV_STEP(h, byte) (((h) ^ (unsigned char)(byte)) * 0x100000001b3ULL)

static uint64_t word_hash_end(uint64_t h, size_t n)
{
    h = (h ^ n) * 0x100000001b3ULL;
    return h ^ (h >> 29);
}

static uint64_t word_hash(const char *w, size_t n)
{
    uint64_t h = FNV_START;
    for (size_t i = 0; i < n; i++)
        h = FNV_STEP(h, w[i]);
    return word_hash_end(h, n);
}

void wn_jt_defaults(wn_jt_params *p)
{
    *p = (wn_jt_params){70, 200, 0.30, 0.32, 0.2, 200, 0};
}

void wn_jt_stoplist_free(wn_jt_stoplist *s)
{
    if (!s)
        return;
    wn_buf_free(&s->text);
    free(s->offs);
    free(s->lens);
    free(s->slot);
    free(s);
}

static int has_hashed(const wn_jt_stoplist *s, const char *w, size_t n, uint64_t h);

int wn_jt_stoplist_has(const wn_jt_stoplist *s, const char *w, size_t n)
{
    return s && s->cap && has_hashed(s, w, n, word_hash(w, n));
}

/* Lookup of w whose word_hash() is h. */
static int has_hashed(const wn_jt_stoplist *s, const char *w, size_t n, uint64_t h)
{
    for (size_t i = (size_t)h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        uint32_t k = s->slot[i].word;
        if (!k)
            return 0;
        if (s->slot[i].hash == h && s->slot[i].len == (uint32_t)n && s->lens[k - 1] == n) {
            const char *x = s->text.data + s->offs[k - 1];
            size_t j = 0;
            while (j < n && x[j] == w[j])
                j++;
            if (j == n)
                return 1;
        }
    }
}

wn_status wn_jt_stoplist_from_words(const char *const *words, size_t n, wn_jt_stoplist **out)
{
    wn_jt_stoplist *s = calloc(1, sizeof *s);
    if (!s)
        return WN_ERR_NOMEM;
    s->cap = 16;
    while (s->cap < n * 2 + 2)
        s->cap *= 2;
    s->offs = calloc(n ? n : 1, sizeof *s->offs);
    s->lens = calloc(n ? n : 1, sizeof *s->lens);
    s->slot = calloc(s->cap, sizeof *s->slot);
    if (!s->offs || !s->lens || !s->slot) {
        wn_jt_stoplist_free(s);
        return WN_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        size_t bb = 0, e = strlen(words[i]), at = s->text.len;
        wn_py_strip(words[i], &bb, &e);
        if (e == bb)
            continue;
        /* lower-cased onto the end of text; taken back if already there */
        if (wn_py_lower(&s->text, words[i] + bb, e - bb) != WN_OK) {
            wn_jt_stoplist_free(s);
            return WN_ERR_NOMEM;
        }
        const char *w = s->text.data + at;
        size_t len = s->text.len - at;
        if (wn_jt_stoplist_has(s, w, len)) {
            s->text.len = at;
            continue;
        }
        uint64_t h = word_hash(w, len);
        size_t k = (size_t)h & (s->cap - 1);
        while (s->slot[k].word)
            k = (k + 1) & (s->cap - 1);
        s->slot[k].hash = h;
        s->slot[k].len = (uint32_t)len;
        s->lens[s->n] = len;
        s->offs[s->n] = at;
        s->slot[k].word = (uint32_t)++s->n;
    }
    *out = s;
    return WN_OK;
}

/* One word a line; a line ends at its first CR or LF.  The file is read
 * whole and its lines handed over in place (no copy per word). */
wn_status wn_jt_stoplist_load(const char *path, wn_jt_stoplist **out)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return WN_ERR_IO;
    wn_buf b = WN_BUF_INIT;
    char chunk[65536];
    size_t got;
    wn_status st = WN_OK;
    while (st == WN_OK && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
        st = wn_buf_append(&b, chunk, got);
    fclose(f);
    const char **v = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; st == WN_OK && i < b.len;) {
        char *line = b.data + i, *nl = memchr(line, '\n', b.len - i);
        size_t end = nl ? (size_t)(nl - b.data) : b.len;
        b.data[end] = 0; /* the buffer keeps a NUL after its data */
        line[strcspn(line, "\r")] = 0;
        if (n == cap && (st = wn_grow(&v, &cap, n, sizeof *v)) != WN_OK)
            break;
        v[n++] = line;
        i = end + 1;
    }
    if (st == WN_OK)
        st = wn_jt_stoplist_from_words(v, n, out);
    free(v);
    wn_buf_free(&b);
    return st;
}

static int has(const char *s, size_t n, const char *sub)
{
    size_t k = strlen(sub);
    const char *p = s, *end = s + n;
    while ((size_t)(end - p) >= k && (p = memchr(p, sub[0], (size_t)(end - p) - k + 1)) != NULL) {
        if (memcmp(p, sub, k) == 0)
            return 1;
        p++;
    }
    return 0;
}

/* The class of the code point at t[k]; *next is the index after it. */
static inline unsigned next_class(const uint8_t *tab, const char *t, size_t n, size_t k, size_t *next)
{
    unsigned char u = (unsigned char)t[k];
    if (u < 0x80) {
        *next = k + 1;
        return tab[u];
    }
    *next = k;
    return wn_py_class(tab, wn_py_next(t, n, next));
}

/* §10.3, in the code's order. */
static uint8_t context_free(const wn_jt_para *p, size_t len, const wn_jt_stoplist *sl, const wn_jt_params *prm,
                            wn_buf *low)
{
    double link_density = len ? (double)p->link_chars / (double)len : 0;
    double sw_low = sl ? prm->stopwords_low : 0, sw_high = sl ? prm->stopwords_high : 0;
    if (link_density > prm->max_link_density)
        return WN_JT_BAD;
    if (has(p->text, p->len, "\xC2\xA9") || has(p->text, p->len, "&copy"))
        return WN_JT_BAD;
    if (p->select)
        return WN_JT_BAD;
    if ((double)len < prm->length_low)
        return p->link_chars > 0 ? WN_JT_BAD : WN_JT_SHORT;
    /* words = text.split(); each lower-cased and looked up.  The class
     * table gives str.isspace(); an ASCII word is lower-cased in place of
     * str.lower() by A-Z -> a-z (all str.lower() does to ASCII). */
    const uint8_t *tab = wn_py_class_table();
    const char *t = p->text;
    size_t n = p->len, words = 0, stops = 0, i = 0;
    char small[64];
    while (i < n) {
        size_t k = i, j;
        while (k < n && (next_class(tab, t, n, k, &j) & WN_PC_SPACE)) /* spaces */
            k = j;
        size_t b = k, m = 0;
        int ascii = 1;
        uint64_t h = FNV_START;
        while (k < n) { /* the word, lower-cased into small[] and hashed while ASCII */
            unsigned char u = (unsigned char)t[k];
            if (u < 0x80) {
                if (tab[u] & WN_PC_SPACE)
                    break;
                char lc = (char)((unsigned)(u - 'A') < 26u ? u + 32 : u);
                if (m < sizeof small)
                    small[m] = lc;
                h = FNV_STEP(h, lc);
                m++;
                k++;
            } else {
                if (next_class(tab, t, n, k, &j) & WN_PC_SPACE)
                    break;
                ascii = 0;
                k = j;
            }
        }
        i = k;
        if (k == b)
            continue;
        words++;
        if (!sl)
            continue;
        if (ascii && m <= sizeof small) {
            stops += sl->cap && has_hashed(sl, small, m, word_hash_end(h, m));
        } else {
            wn_buf_clear(low);
            if (wn_py_lower(low, t + b, k - b) == WN_OK && wn_jt_stoplist_has(sl, low->data, low->len))
                stops++;
        }
    }
    double density = words ? (double)stops / (double)words : 0;
    if (density >= sw_high)
        return (double)len > prm->length_high ? WN_JT_GOOD : WN_JT_NEARGOOD;
    if (density >= sw_low)
        return WN_JT_NEARGOOD;
    return WN_JT_BAD;
}

/* Nearest neighbour class in direction dir (-1/+1) skipping short blocks,
 * and near-good ones too unless stop_at_neargood; edges are bad. */
static uint8_t neighbour(const uint8_t *cls, size_t n, size_t i, int dir, int ignore_neargood)
{
    size_t j = i;
    for (;;) {
        if ((dir < 0 && j == 0) || (dir > 0 && j + 1 >= n))
            return WN_JT_BAD;
        j = dir < 0 ? j - 1 : j + 1;
        uint8_t c = cls[j];
        if (c == WN_JT_GOOD || c == WN_JT_BAD)
            return c;
        if (c == WN_JT_NEARGOOD && !ignore_neargood)
            return c;
    }
}

wn_status wn_jt_classify(wn_jt_para *p, size_t n, const wn_jt_stoplist *sl, const wn_jt_params *prm)
{
    if (!n)
        return WN_OK;
    uint8_t *cls = malloc(n), *snap = malloc(n);
    size_t *lens = malloc(n * sizeof *lens);
    wn_buf low = WN_BUF_INIT;
    if (!cls || !snap || !lens) {
        free(cls);
        free(snap);
        free(lens);
        return WN_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        lens[i] = wn_py_len(p[i].text, p[i].len);
        p[i].cf_class = context_free(&p[i], lens[i], sl, prm, &low);
        cls[i] = p[i].cf_class;
    }
    wn_buf_free(&low);
    /* 1. headings pre-pass: a short heading with a good block within
     * max_heading_distance characters after it becomes near-good */
    if (!prm->no_headings)
        for (size_t i = 0; i < n; i++) {
            if (!p[i].heading || cls[i] != WN_JT_SHORT)
                continue;
            size_t dist = 0;
            for (size_t j = i + 1; j < n && (double)dist <= prm->max_heading_distance; j++) {
                if (cls[j] == WN_JT_GOOD) {
                    cls[i] = WN_JT_NEARGOOD;
                    break;
                }
                dist += lens[j];
            }
        }
    /* 2. short blocks, from one snapshot */
    memcpy(snap, cls, n);
    for (size_t i = 0; i < n; i++) {
        if (snap[i] != WN_JT_SHORT)
            continue;
        uint8_t prev = neighbour(snap, n, i, -1, 1), next = neighbour(snap, n, i, +1, 1);
        uint8_t c;
        if (prev == WN_JT_GOOD && next == WN_JT_GOOD)
            c = WN_JT_GOOD;
        else if (prev == WN_JT_BAD && next == WN_JT_BAD)
            c = WN_JT_BAD;
        else if (prev == WN_JT_BAD)
            c = neighbour(snap, n, i, -1, 0) == WN_JT_NEARGOOD ? WN_JT_GOOD : WN_JT_BAD;
        else
            c = neighbour(snap, n, i, +1, 0) == WN_JT_NEARGOOD ? WN_JT_GOOD : WN_JT_BAD;
        cls[i] = c;
    }
    /* 3. near-good blocks, in place left to right */
    for (size_t i = 0; i < n; i++) {
        if (cls[i] != WN_JT_NEARGOOD)
            continue;
        uint8_t prev = neighbour(cls, n, i, -1, 1), next = neighbour(cls, n, i, +1, 1);
        cls[i] = prev == WN_JT_BAD && next == WN_JT_BAD ? WN_JT_BAD : WN_JT_GOOD;
    }
    /* 4. headings post-pass */
    if (!prm->no_headings)
        for (size_t i = 0; i < n; i++) {
            if (!p[i].heading || cls[i] != WN_JT_BAD || p[i].cf_class == WN_JT_BAD)
                continue;
            size_t dist = 0;
            for (size_t j = i + 1; j < n && (double)dist <= prm->max_heading_distance; j++) {
                if (cls[j] == WN_JT_GOOD) {
                    cls[i] = WN_JT_GOOD;
                    break;
                }
                dist += lens[j];
            }
        }
    for (size_t i = 0; i < n; i++)
        p[i].cls = cls[i];
    free(cls);
    free(snap);
    free(lens);
    return WN_OK;
}

/* ---- final classes of some paragraphs only (no headings) ---------------- */

enum { JT_UNKNOWN = 0xFF };

typedef struct jt_lazy {
    wn_jt_para *p;
    size_t n;
    const wn_jt_stoplist *sl;
    const wn_jt_params *prm;
    uint8_t *cf, *fin;   /* JT_UNKNOWN until computed */
    wn_buf low;
} jt_lazy;

/* The context-free class of paragraph j, computed on first use. */
static uint8_t cf_at(jt_lazy *z, size_t j)
{
    if (z->cf[j] == JT_UNKNOWN) {
        z->cf[j] = context_free(&z->p[j], wn_py_len(z->p[j].text, z->p[j].len), z->sl, z->prm, &z->low);
        z->p[j].cf_class = z->cf[j];
    }
    return z->cf[j];
}

/* neighbour() over the context-free classes. */
static uint8_t cf_neighbour(jt_lazy *z, size_t i, int dir, int ignore_neargood)
{
    size_t j = i;
    for (;;) {
        if ((dir < 0 && j == 0) || (dir > 0 && j + 1 >= z->n))
            return WN_JT_BAD;
        j = dir < 0 ? j - 1 : j + 1;
        uint8_t c = cf_at(z, j);
        if (c == WN_JT_GOOD || c == WN_JT_BAD)
            return c;
        if (c == WN_JT_NEARGOOD && !ignore_neargood)
            return c;
    }
}

/* Step 2 of wn_jt_classify for a short paragraph i (its snapshot is the
 * context-free classes). */
static uint8_t short_class(jt_lazy *z, size_t i)
{
    uint8_t prev = cf_neighbour(z, i, -1, 1), next = cf_neighbour(z, i, +1, 1);
    if (prev == WN_JT_GOOD && next == WN_JT_GOOD)
        return WN_JT_GOOD;
    if (prev == WN_JT_BAD && next == WN_JT_BAD)
        return WN_JT_BAD;
    if (prev == WN_JT_BAD)
        return cf_neighbour(z, i, -1, 0) == WN_JT_NEARGOOD ? WN_JT_GOOD : WN_JT_BAD;
    return cf_neighbour(z, i, +1, 0) == WN_JT_NEARGOOD ? WN_JT_GOOD : WN_JT_BAD;
}

/* The final class of a paragraph that is not near-good. */
static uint8_t settled(jt_lazy *z, size_t j)
{
    if (z->fin[j] == JT_UNKNOWN) {
        uint8_t c = cf_at(z, j);
        z->fin[j] = c == WN_JT_SHORT ? short_class(z, j) : c;
    }
    return z->fin[j];
}

/* The final class of paragraph i.  Step 3 of wn_jt_classify sees, for a
 * near-good i, every paragraph before it final (short ones settled in
 * step 2, near-good ones earlier in step 3), so its left neighbour is
 * paragraph i - 1's final class; its right one is the first paragraph
 * after it that is not near-good, after step 2.  A run of near-good
 * paragraphs shares that right neighbour and is settled left to right. */
static uint8_t final_class(jt_lazy *z, size_t i)
{
    if (z->fin[i] != JT_UNKNOWN)
        return z->fin[i];
    if (cf_at(z, i) != WN_JT_NEARGOOD)
        return settled(z, i);
    size_t k = i;
    while (k > 0 && z->fin[k - 1] == JT_UNKNOWN && cf_at(z, k - 1) == WN_JT_NEARGOOD)
        k--;
    uint8_t prev = k == 0 ? WN_JT_BAD : z->fin[k - 1] != JT_UNKNOWN ? z->fin[k - 1] : settled(z, k - 1);
    uint8_t next = WN_JT_BAD;
    for (size_t j = i + 1; j < z->n; j++)
        if (cf_at(z, j) != WN_JT_NEARGOOD) {
            next = settled(z, j);
            break;
        }
    for (size_t j = k; j <= i; j++)
        prev = z->fin[j] = prev == WN_JT_BAD && next == WN_JT_BAD ? WN_JT_BAD : WN_JT_GOOD;
    return z->fin[i];
}

wn_status wn_jt_classify_some(wn_jt_para *p, size_t n, const uint8_t *want, const wn_jt_stoplist *sl,
                              const wn_jt_params *prm)
{
    for (size_t i = 0; i < n && !prm->no_headings; i++)
        if (p[i].heading)
            return wn_jt_classify(p, n, sl, prm); /* the heading passes need every class */
    if (!n)
        return WN_OK;
    jt_lazy z = {p, n, sl, prm, malloc(n), malloc(n), WN_BUF_INIT};
    if (!z.cf || !z.fin) {
        free(z.cf);
        free(z.fin);
        return WN_ERR_NOMEM;
    }
    memset(z.cf, JT_UNKNOWN, n);
    memset(z.fin, JT_UNKNOWN, n);
    for (size_t i = 0; i < n; i++)
        if (want[i])
            p[i].cls = final_class(&z, i);
    wn_buf_free(&z.low);
    free(z.cf);
    free(z.fin);
    return WN_OK;
}
