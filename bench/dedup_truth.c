/* dedup_truth: the ground truth of bench/dedup.sh and the pair metrics.
 *
 *   dedup_truth TEXTS.jsonl ANNOTATED.jsonl...   (THRESHOLD in $J, default 0.8)
 *
 * TEXTS.jsonl holds the texts deduplication sees (bench/dedup.sh: `winnow
 * dedup --dedup none` output, the input texts).
 * Truth: every pair with exact word-5-gram Jaccard >= THRESHOLD (0.8) after
 * simplify_text, found WITHOUT MinHash: prefix filtering (shingles in one
 * global order; two sets with J >= t share a shingle among the first
 * |x| - ceil(t|x|) + 1 of each), which misses no pair, then exact Jaccard.
 * ANNOTATED.jsonl is `winnow dedup --annotate` output over the same input
 * (meta.dedup.cluster = the kept document's id).  Prints:
 *   true_pairs, edge precision (removed document vs the document it names),
 *   cluster-pair precision and recall (all pairs inside a cluster).
 * An argument "--pairs FILE" instead reads `winnow dedup --pairs-out FILE`
 * (every verified candidate pair, JSON lines a, b) and prints verified-pair
 * precision and recall: predicted pairs = those pairs, true pairs = the
 * truth above; no clustering involved. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dedup/dedup.h"

typedef struct doc { char *id, *cluster; uint64_t *sh; uint32_t n; int dup; } doc;
static doc *docs;
static size_t ndocs;

static int find(const char *id)   /* ids are o<i>, n<i>, t<i>: hash map by linear probing */
{
    static size_t *tab, cap;
    if (!tab) {
        cap = 1;
        while (cap < ndocs * 2)
            cap <<= 1;
        tab = malloc(cap * sizeof *tab);
        for (size_t i = 0; i < cap; i++)
            tab[i] = SIZE_MAX;
        for (size_t i = 0; i < ndocs; i++) {
            size_t h = 5381;
            for (const char *p = docs[i].id; *p; p++)
                h = h * 33 + (unsigned char)*p;
            while (tab[h & (cap - 1)] != SIZE_MAX)
                h++;
            tab[h & (cap - 1)] = i;
        }
    }
    size_t h = 5381;
    for (const char *p = id; *p; p++)
        h = h * 33 + (unsigned char)*p;
    for (;; h++) {
        size_t i = tab[h & (cap - 1)];
        if (i == SIZE_MAX)
            return -1;
        if (!strcmp(docs[i].id, id))
            return (int)i;
    }
}

typedef struct post { uint64_t key; uint32_t doc; } post;
static int post_cmp(const void *a, const void *b)
{
    const post *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->doc < y->doc ? -1 : x->doc > y->doc;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: dedup_truth CLEAN.jsonl ANNOTATED.jsonl...\n");
        return 2;
    }
    double t = getenv("J") ? atof(getenv("J")) : 0.8;
    wn_dedup_params p;
    wn_dedup_params_default(&p);
    p.bands = 1;
    p.rows = 1;
    wn_minhasher *mh;
    wn_mh_scratch *s = wn_mh_scratch_new();
    wn_minhasher_new(&p, &mh);
    FILE *f = fopen(argv[1], "r");
    if (!f)
        return 1;
    char *line = NULL;
    size_t lcap = 0, cap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) > 0) {
        json_t *o = json_loadb(line, (size_t)len, 0, NULL);
        const char *id = json_string_value(json_object_get(o, "id"));
        const char *text = json_string_value(json_object_get(o, "text"));
        if (!id || !text) {
            json_decref(o);
            continue;
        }
        if (ndocs == cap) {
            cap = cap ? cap * 2 : 1024;
            docs = realloc(docs, cap * sizeof *docs);
        }
        wn_dsig *sig;
        wn_minhasher_sign(mh, s, text, strlen(text), INT64_MIN, &sig);
        doc *d = &docs[ndocs++];
        d->id = strdup(id);
        d->cluster = NULL;
        d->dup = 0;
        d->n = sig->nsh;
        d->sh = malloc((sig->nsh + 1) * sizeof *d->sh);
        memcpy(d->sh, sig->sh, sig->nsh * sizeof *d->sh);
        free(sig);
        json_decref(o);
    }
    fclose(f);
    /* prefix filtering */
    size_t np = 0, pc = 0;
    post *posts = NULL;
    for (size_t i = 0; i < ndocs; i++) {
        uint32_t n = docs[i].n;
        if (!n)
            continue;
        uint32_t pre = n - (uint32_t)ceil(t * n - 1e-9) + 1;
        if (pre > n)
            pre = n;
        for (uint32_t k = 0; k < pre; k++) {
            if (np == pc) {
                pc = pc ? pc * 2 : 1 << 20;
                posts = realloc(posts, pc * sizeof *posts);
            }
            posts[np++] = (post){docs[i].sh[k], (uint32_t)i};
        }
    }
    qsort(posts, np, sizeof *posts, post_cmp);
    /* candidate pairs: within each posting list; deduplicated by sorting */
    uint64_t *pairs = NULL;
    size_t npairs = 0, pcap = 0;
    for (size_t a = 0; a < np;) {
        size_t b = a;
        while (b < np && posts[b].key == posts[a].key)
            b++;
        for (size_t i = a; i < b; i++)
            for (size_t j = i + 1; j < b; j++) {
                uint32_t x = posts[i].doc, y = posts[j].doc;
                uint32_t nx = docs[x].n, ny = docs[y].n;
                if ((double)nx < t * ny || (double)ny < t * nx)
                    continue;   /* length filter */
                if (npairs == pcap) {
                    pcap = pcap ? pcap * 2 : 1 << 20;
                    pairs = realloc(pairs, pcap * sizeof *pairs);
                }
                pairs[npairs++] = (uint64_t)x << 32 | y;
            }
        a = b;
    }
    size_t k = 0;
    uint64_t *tmp = malloc((npairs + 1) * sizeof *tmp);
    npairs = wn_sort_unique_u64(pairs, npairs, tmp);
    free(tmp);
    size_t ntrue = 0;
    for (size_t i = 0; i < npairs; i++) {
        uint32_t x = (uint32_t)(pairs[i] >> 32), y = (uint32_t)pairs[i];
        if (wn_jaccard(docs[x].sh, docs[x].n, docs[y].sh, docs[y].n) >= t)
            pairs[k++] = pairs[i];
    }
    ntrue = k;
    printf("documents %zu  candidate pairs (prefix filter) %zu  true pairs J>=%.2f %zu\n", ndocs, npairs,
           t, ntrue);
    for (int arg = 2; arg < argc; arg++) {
    if (!strcmp(argv[arg], "--pairs") && arg + 1 < argc) {
        f = fopen(argv[++arg], "r");
        if (!f)
            return 1;
        uint64_t *pred = NULL;
        size_t npred = 0, predcap = 0, unknown = 0;
        while ((len = getline(&line, &lcap, f)) > 0) {
            json_t *o = json_loadb(line, (size_t)len, 0, NULL);
            const char *a = json_string_value(json_object_get(o, "a"));
            const char *b = json_string_value(json_object_get(o, "b"));
            int x = a ? find(a) : -1, y = b ? find(b) : -1;
            json_decref(o);
            if (x < 0 || y < 0 || x == y) {
                unknown++;
                continue;
            }
            if (x > y) {
                int t2 = x;
                x = y;
                y = t2;
            }
            if (npred == predcap) {
                predcap = predcap ? predcap * 2 : 1 << 16;
                pred = realloc(pred, predcap * sizeof *pred);
            }
            pred[npred++] = (uint64_t)x << 32 | (uint32_t)y;
        }
        fclose(f);
        uint64_t *tmp2 = malloc((npred + 1) * sizeof *tmp2);
        size_t nlines = npred;
        npred = wn_sort_unique_u64(pred, npred, tmp2);
        free(tmp2);
        /* pairs[0..ntrue) are sorted (x < y packed the same way) */
        size_t hit = 0;
        for (size_t i = 0, j = 0; i < npred && j < ntrue;) {
            if (pred[i] < pairs[j]) i++;
            else if (pred[i] > pairs[j]) j++;
            else { hit++; i++; j++; }
        }
        printf("[%s]\n", argv[arg]);
        printf("verified pairs %zu (%zu lines, %zu unknown ids)  pair precision %.4f  pair recall %.4f "
               "(%zu/%zu true pairs predicted)\n",
               npred, nlines, unknown, npred ? (double)hit / npred : 1.0, ntrue ? (double)hit / ntrue : 1.0,
               hit, ntrue);
        free(pred);
        continue;
    }
    /* the annotated run */
    for (size_t i = 0; i < ndocs; i++) {
        free(docs[i].cluster);
        docs[i].cluster = NULL;
        docs[i].dup = 0;
    }
    f = fopen(argv[arg], "r");
    if (!f)
        return 1;
    while ((len = getline(&line, &lcap, f)) > 0) {
        json_t *o = json_loadb(line, (size_t)len, 0, NULL);
        const char *id = json_string_value(json_object_get(o, "id"));
        json_t *dd = json_object_get(json_object_get(o, "meta"), "dedup");
        int i = id ? find(id) : -1;
        if (i >= 0 && dd) {
            docs[i].cluster = strdup(json_string_value(json_object_get(dd, "cluster")));
            docs[i].dup = json_is_true(json_object_get(dd, "duplicate"));
        }
        json_decref(o);
    }
    fclose(f);
    size_t found = 0, both_kept = 0;
    for (size_t i = 0; i < ntrue; i++) {
        doc *x = &docs[pairs[i] >> 32], *y = &docs[(uint32_t)pairs[i]];
        found += x->cluster && y->cluster && !strcmp(x->cluster, y->cluster);
        both_kept += x->cluster && y->cluster && !x->dup && !y->dup;
    }
    /* edges: removed document vs the kept document it names */
    size_t edges = 0, good_edges = 0;
    for (size_t i = 0; i < ndocs; i++) {
        if (!docs[i].dup)
            continue;
        int kx = find(docs[i].cluster);
        edges++;
        if (kx >= 0 && wn_jaccard(docs[i].sh, docs[i].n, docs[kx].sh, docs[kx].n) >= t)
            good_edges++;
    }
    /* all pairs inside clusters: group by cluster id */
    post *cl = malloc((ndocs + 1) * sizeof *cl);
    size_t ncl = 0;
    for (size_t i = 0; i < ndocs; i++)
        if (docs[i].cluster) {
            int kx = find(docs[i].cluster);
            cl[ncl++] = (post){(uint64_t)(kx < 0 ? (int)i : kx), (uint32_t)i};
        }
    qsort(cl, ncl, sizeof *cl, post_cmp);
    size_t cpairs = 0, cgood = 0;
    for (size_t a = 0; a < ncl;) {
        size_t b = a;
        while (b < ncl && cl[b].key == cl[a].key)
            b++;
        for (size_t i = a; i < b; i++)
            for (size_t j = i + 1; j < b; j++) {
                doc *x = &docs[cl[i].doc], *y = &docs[cl[j].doc];
                cpairs++;
                cgood += wn_jaccard(x->sh, x->n, y->sh, y->n) >= t;
            }
        a = b;
    }
    printf("[%s]\n", argv[arg]);
    printf("removed %zu  edge precision %.4f (%zu/%zu removed documents have J>=%.2f with the kept one)\n",
           edges, edges ? (double)good_edges / edges : 1.0, good_edges, edges, t);
    printf("true pairs left in the output (both kept) %zu\n", both_kept);
    printf("cluster pairs %zu  pair precision %.4f  pair recall %.4f (%zu/%zu true pairs in one cluster)\n",
           cpairs, cpairs ? (double)cgood / cpairs : 1.0, ntrue ? (double)found / ntrue : 1.0, found, ntrue);
        free(cl);
    }
    free(line);
    return 0;
}
