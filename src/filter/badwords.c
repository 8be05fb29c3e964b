#include "badwords.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "pytext.h"

const char *const wn_badwords_langs[28] = {
    "ar", "cs", "da", "de", "en", "eo", "es", "fa", "fi", "fil", "fr", "fr-CA-u-sd-caqc", "hi", "hu",
    "it", "ja", "kab", "ko", "nl", "no", "pl", "pt", "ru", "sv", "th", "tlh", "tr", "zh"};

struct wn_badlist {
    char lang[20];
    int substring;          /* ja, th, zh */
    char *pool;             /* the words, NUL-terminated, grouped by first byte */
    const char **words;
    size_t *lens;
    size_t n;
    uint32_t first[257];    /* words[first[c] .. first[c+1]) start with byte c */
};

struct wn_badwords {
    wn_badlist *lists[28];
};

int wn_re_isword(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

static int allowed(const char *lang, const char *w, size_t k)
{
    static const struct { const char *lang, *word; } allow[] = {
        {"ja", "sm"}, {"ja", "\xe3\x82\xb0\xe3\x83\xad"} /* グロ */,
        {"ja", "\xe5\xa5\xb3\xe3\x81\xae\xe5\xad\x90"} /* 女の子 */, {"zh", "\xe6\x80\xa7"} /* 性 */};
    for (size_t i = 0; i < sizeof allow / sizeof *allow; i++)
        if (!strcmp(lang, allow[i].lang) && strlen(allow[i].word) == k && !memcmp(w, allow[i].word, k))
            return 1;
    return 0;
}

void wn_badlist_free(wn_badlist *l)
{
    if (!l)
        return;
    free(l->pool);
    free(l->words);
    free(l->lens);
    free(l);
}

wn_status wn_badlist_new(const char *lang, const char *text, size_t n, wn_badlist **out)
{
    *out = NULL;
    wn_badlist *l = calloc(1, sizeof *l);
    if (!l)
        return WN_ERR_NOMEM;
    snprintf(l->lang, sizeof l->lang, "%s", lang);
    l->substring = !strcmp(lang, "ja") || !strcmp(lang, "th") || !strcmp(lang, "zh");
    size_t nl = 1;
    for (size_t i = 0; i < n; i++)
        nl += text[i] == '\n';
    l->pool = malloc(n + nl + 1);
    wn_span *sp = malloc(nl * sizeof *sp);
    l->words = malloc(nl * sizeof *l->words);
    l->lens = malloc(nl * sizeof *l->lens);
    if (!l->pool || !sp || !l->words || !l->lens) {
        free(sp);
        wn_badlist_free(l);
        return WN_ERR_NOMEM;
    }
    /* Lines (Python's file iteration splits on '\n'), stripped. */
    size_t ns = 0;
    for (size_t b = 0; b < n;) {
        const char *nlp = memchr(text + b, '\n', n - b);
        size_t e = nlp ? (size_t)(nlp - text) : n, sb = b, se = e;
        wn_py_strip(text, &sb, &se);
        if (se > sb && !allowed(lang, text + sb, se - sb))
            sp[ns++] = (wn_span){sb, se - sb};
        b = e + 1;
    }
    /* Counting sort by first byte, list order kept within a bucket. */
    uint32_t cnt[257] = {0};
    for (size_t i = 0; i < ns; i++)
        cnt[(unsigned char)text[sp[i].off] + 1]++;
    for (int c = 0; c < 256; c++)
        cnt[c + 1] += cnt[c];
    memcpy(l->first, cnt, sizeof cnt);
    size_t pos = 0;
    for (size_t i = 0; i < ns; i++) {
        size_t slot = cnt[(unsigned char)text[sp[i].off]]++;
        memcpy(l->pool + pos, text + sp[i].off, sp[i].len);
        l->pool[pos + sp[i].len] = 0;
        l->words[slot] = (const char *)(uintptr_t)pos; /* fixed up below */
        l->lens[slot] = sp[i].len;
        pos += sp[i].len + 1;
    }
    for (size_t i = 0; i < ns; i++)
        l->words[i] = l->pool + (uintptr_t)l->words[i];
    l->n = ns;
    free(sp);
    *out = l;
    return WN_OK;
}

/* The code point that ends just before s[i] (i > 0). */
static int32_t prev_cp(const char *s, size_t i)
{
    size_t j = i - 1;
    while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80 && i - j < 4)
        j--;
    size_t k = j;
    return wn_py_next(s, i, &k);
}

int wn_badlist_search(const wn_badlist *l, const char *s, size_t n, const char **word)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        uint32_t a = l->first[c], z = l->first[c + 1];
        if (a == z || (c & 0xC0) == 0x80)
            continue;
        if (!l->substring && i > 0) {
            unsigned char p = (unsigned char)s[i - 1];
            if (p < 0x80 ? wn_re_isword(p) : wn_re_isword(prev_cp(s, i)))
                continue;
        }
        for (uint32_t k = a; k < z; k++) {
            size_t m = l->lens[k];
            if (m > n - i || memcmp(s + i, l->words[k], m) != 0)
                continue;
            if (!l->substring && i + m < n) {
                size_t j = i + m;
                if (wn_re_isword(wn_py_next(s, n, &j)))
                    continue;
            }
            if (word)
                *word = l->words[k];
            return 1;
        }
    }
    return 0;
}

wn_status wn_badwords_load(const char *data_dir, wn_badwords **out, char *err, size_t errsz)
{
    *out = NULL;
    wn_badwords *b = calloc(1, sizeof *b);
    if (!b)
        return WN_ERR_NOMEM;
    for (size_t i = 0; i < 28; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/filter/badwords/%s.txt", data_dir ? data_dir : ".", wn_badwords_langs[i]);
        FILE *f = fopen(path, "rb");
        if (!f) {
            snprintf(err, errsz, "cannot read %s (the bad-word lists are installed by tools/fetch-badwords.sh)",
                     path);
            wn_badwords_free(b);
            return WN_ERR_DATA;
        }
        wn_buf t = WN_BUF_INIT;
        char tmp[16384];
        size_t k;
        wn_status st = WN_OK;
        while (st == WN_OK && (k = fread(tmp, 1, sizeof tmp, f)) > 0)
            st = wn_buf_append(&t, tmp, k);
        fclose(f);
        if (st == WN_OK)
            st = wn_badlist_new(wn_badwords_langs[i], t.data ? t.data : "", t.len, &b->lists[i]);
        wn_buf_free(&t);
        if (st != WN_OK) {
            wn_badwords_free(b);
            return st;
        }
    }
    *out = b;
    return WN_OK;
}

void wn_badwords_free(wn_badwords *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < 28; i++)
        wn_badlist_free(b->lists[i]);
    free(b);
}

const wn_badlist *wn_badwords_find(const wn_badwords *b, const char *lang)
{
    for (size_t i = 0; b && lang && i < 28; i++)
        if (!strcmp(lang, wn_badwords_langs[i]))
            return b->lists[i];
    return NULL;
}

static uint64_t mix(uint64_t z)
{
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

double wn_badwords_uniform(uint64_t seed, const char *id)
{
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a of the id */
    for (const unsigned char *p = (const unsigned char *)(id ? id : ""); *p; p++)
        h = (h ^ *p) * 0x100000001b3ull;
    return (double)(mix(mix(seed) ^ h) >> 11) * 0x1.0p-53;
}
