/* partition.c: the merge step of partitioned deduplication (issue 5,
 * "designed to be partitioned").
 *
 * `winnow dedup --partition p/P --pairs-out FILE` makes process p look up
 * and store only the band keys and exact hashes whose partition
 * (wn_dedup_partition_of) is p, and report every verified pair it finds
 * with both documents' input positions and the exact Jaccard.  A pair
 * (a, b) of the one-process run shares at least one key, so it is found by
 * the partition of that key: the union of the P pair files is the
 * one-process pair set (a pair found by two partitions is written twice,
 * with the same similarity).  Leader clustering (keep first) needs nothing
 * else: in input order, b is removed when some earlier document a that was
 * kept forms a verified pair with it and a's cluster has room
 * (--max-cluster); dup_of is the most similar such a, ties to the earliest.
 * That is what the engine does in one process (engine.c, leader_step), so
 * the plan written here, applied with `--dedup-plan`, removes exactly the
 * records one process removes, with the same duplicate_of and similarity.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "common/lasterror.h"
#include "dedup/dedup.h"
#include "winnow.h"

typedef struct mpair {
    uint64_t a, b;   /* input positions, a < b */
    double j;
    uint32_t ia, ib; /* ids, in the id table */
} mpair;

typedef struct merger {
    mpair *p;
    size_t n, cap;
    char **ids;
    size_t nids, idcap;
} merger;

static int pair_cmp(const void *x, const void *y)
{
    const mpair *p = x, *q = y;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return 0;
}

static wn_status id_add(merger *m, const char *id, uint32_t *out)
{
    if (m->nids == UINT32_MAX)
        return WN_ERR_LIMIT;
    if (m->nids == m->idcap)
        WN_TRY(wn_grow(&m->ids, &m->idcap, m->nids, sizeof *m->ids));
    if (!(m->ids[m->nids] = strdup(id)))
        return WN_ERR_NOMEM;
    *out = (uint32_t)m->nids++;
    return WN_OK;
}

static wn_status read_pairs(merger *m, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        wn_set_last_error("%s: cannot open", path);
        return WN_ERR_IO;
    }
    char *line = NULL;
    size_t lcap = 0, lineno = 0;
    ssize_t len;
    wn_status st = WN_OK;
    while (st == WN_OK && (len = getline(&line, &lcap, f)) > 0) {
        lineno++;
        json_error_t je;
        json_t *o = json_loadb(line, (size_t)len, 0, &je);
        json_t *a = json_object_get(o, "a"), *b = json_object_get(o, "b"),
               *sa = json_object_get(o, "seq_a"), *sb = json_object_get(o, "seq_b"),
               *j = json_object_get(o, "j");
        if (!json_is_string(a) || !json_is_string(b) || !json_is_integer(sa) || !json_is_integer(sb) ||
            !json_is_number(j) || json_integer_value(sa) < 0 ||
            json_integer_value(sa) >= json_integer_value(sb)) {
            wn_set_last_error("%s:%zu: not a pair line of `winnow dedup --partition` "
                              "(a, b, seq_a < seq_b, j)", path, lineno);
            st = WN_ERR_FORMAT;
        } else {
            if (m->n == m->cap)
                st = wn_grow(&m->p, &m->cap, m->n, sizeof *m->p);
            if (st == WN_OK) {
                mpair *p = &m->p[m->n];
                p->a = (uint64_t)json_integer_value(sa);
                p->b = (uint64_t)json_integer_value(sb);
                p->j = json_number_value(j);
                st = id_add(m, json_string_value(a), &p->ia);
                if (st == WN_OK)
                    st = id_add(m, json_string_value(b), &p->ib);
                if (st == WN_OK)
                    m->n++;
            }
        }
        json_decref(o);
    }
    if (st == WN_OK && ferror(f)) {
        wn_set_last_error("%s: read error", path);
        st = WN_ERR_IO;
    }
    free(line);
    fclose(f);
    return st;
}

/* Per document that appears in a pair: removed or not, cluster size. */
typedef struct dstate { uint64_t seq; uint64_t csize; int removed; } dstate;

static dstate *find_state(dstate *v, size_t n, uint64_t seq)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].seq < seq)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo].seq == seq ? &v[lo] : NULL;
}

static int u64_cmp(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

static wn_status decide(merger *m, uint64_t max_cluster, FILE *out, uint64_t *removed)
{
    /* the documents: every position named in a pair */
    uint64_t *seqs = malloc((2 * m->n + 1) * sizeof *seqs);
    if (!seqs)
        return WN_ERR_NOMEM;
    size_t ns = 0;
    for (size_t i = 0; i < m->n; i++) {
        seqs[ns++] = m->p[i].a;
        seqs[ns++] = m->p[i].b;
    }
    qsort(seqs, ns, sizeof *seqs, u64_cmp);
    size_t k = 0;
    for (size_t i = 0; i < ns; i++)
        if (!k || seqs[i] != seqs[k - 1])
            seqs[k++] = seqs[i];
    dstate *st = calloc(k ? k : 1, sizeof *st);
    if (!st) {
        free(seqs);
        return WN_ERR_NOMEM;
    }
    for (size_t i = 0; i < k; i++) {
        st[i].seq = seqs[i];
        st[i].csize = 1;
    }
    free(seqs);
    wn_status s = WN_OK;
    *removed = 0;
    /* pairs by b, then a: each b's candidates together, earlier b first */
    for (size_t i = 0; s == WN_OK && i < m->n;) {
        size_t e = i;
        while (e < m->n && m->p[e].b == m->p[i].b)
            e++;
        double best = -1;
        size_t bi = 0;
        for (size_t q = i; q < e; q++) {
            if (q > i && m->p[q].a == m->p[q - 1].a)
                continue;   /* the same pair from another partition */
            dstate *da = find_state(st, k, m->p[q].a);
            if (da->removed)
                continue;   /* not a leader */
            if (max_cluster && da->csize >= max_cluster)
                continue;   /* its cluster is full: b may be spared */
            if (m->p[q].j > best) {   /* ties: the earlier a, seen first */
                best = m->p[q].j;
                bi = q;
            }
        }
        if (best >= 0) {
            find_state(st, k, m->p[bi].b)->removed = 1;
            find_state(st, k, m->p[bi].a)->csize++;
            (*removed)++;
            json_t *o = json_pack("{sIsssssf}", "seq", (json_int_t)m->p[bi].b, "id", m->ids[m->p[bi].ib],
                                  "dup_of", m->ids[m->p[bi].ia], "similarity", best);
            char *line = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
            if (!line)
                s = WN_ERR_NOMEM;
            else if (fprintf(out, "%s\n", line) < 0)
                s = WN_ERR_IO;
            free(line);
            json_decref(o);
        }
        i = e;
    }
    free(st);
    return s;
}

wn_status wn_dedup_merge_pairs(const char *const *pair_files, size_t nfiles, uint64_t max_cluster,
                               const char *plan_out, uint64_t *removed)
{
    merger m = {0};
    wn_set_last_error("%s", "");
    wn_status s = WN_OK;
    uint64_t nrem = 0;
    for (size_t i = 0; s == WN_OK && i < nfiles; i++)
        s = read_pairs(&m, pair_files[i]);
    if (s == WN_OK && m.n)
        qsort(m.p, m.n, sizeof *m.p, pair_cmp);
    /* a pair found by two partitions must carry one similarity */
    for (size_t i = 1; s == WN_OK && i < m.n; i++)
        if (m.p[i].a == m.p[i - 1].a && m.p[i].b == m.p[i - 1].b && m.p[i].j != m.p[i - 1].j) {
            wn_set_last_error("pair %s, %s: two different similarities (files of different runs?)",
                              m.ids[m.p[i].ia], m.ids[m.p[i].ib]);
            s = WN_ERR_DATA;
        }
    FILE *out = NULL;
    if (s == WN_OK && !(out = fopen(plan_out, "w"))) {
        wn_set_last_error("%s: cannot create", plan_out);
        s = WN_ERR_IO;
    }
    if (s == WN_OK)
        s = decide(&m, max_cluster, out, &nrem);
    if (out && fclose(out) && s == WN_OK) {
        wn_set_last_error("%s: write error", plan_out);
        s = WN_ERR_IO;
    }
    if (s != WN_OK && !*wn_last_error())
        wn_set_last_error("%s", wn_strerror(s));
    for (size_t i = 0; i < m.nids; i++)
        free(m.ids[i]);
    free(m.ids);
    free(m.p);
    if (removed)
        *removed = nrem;
    return s;
}
