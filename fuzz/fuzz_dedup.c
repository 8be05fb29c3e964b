/* fuzz_dedup: any bytes as (1) an index record (the decoder that reads
 * what LMDB hands back), re-encoded and decoded again to the same fields,
 * and (2) document text through simplify_text, shingling and both
 * signature schemes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dedup/dedup.h"
#include "dedup/index.h"

static wn_minhasher *mh_w, *mh_d;
static wn_mh_scratch *scr;

static void setup(void)
{
    wn_dedup_params p;
    wn_dedup_params_default(&p);
    p.ngram = 2;
    if (wn_minhasher_new(&p, &mh_w) != WN_OK)
        abort();
    wn_dedup_params_fineweb(&p);
    p.scheme = WN_SCHEME_DT_SHA1;
    p.verify = 1;
    if (wn_minhasher_new(&p, &mh_d) != WN_OK || !(scr = wn_mh_scratch_new()))
        abort();
}

static void record(const uint8_t *data, size_t size)
{
    wn_idx_rec r;
    if (wn_idx_rec_decode(data, size, &r) != WN_OK)
        return;
    size_t words = (size_t)r.nb + r.nsh;
    uint64_t *v = malloc((words ? words : 1) * sizeof *v);
    if (!v)
        abort();
    for (uint32_t i = 0; i < r.nb; i++)
        v[i] = wn_idx_rec_bk(&r, i);
    for (uint32_t i = 0; i < r.nsh; i++)
        v[r.nb + i] = wn_idx_rec_sh(&r, i);
    wn_idx_rec e = r;
    e.bk = (const unsigned char *)v;
    e.sh = (const unsigned char *)(v + r.nb);
    wn_buf b = WN_BUF_INIT;
    wn_idx_rec r2;
    if (wn_idx_rec_encode(&e, &b) != WN_OK || wn_idx_rec_decode(b.data, b.len, &r2) != WN_OK)
        abort();
    if (r2.id_len != r.id_len || memcmp(r2.id, r.id, r.id_len) || r2.seq != r.seq || r2.length != r.length ||
        r2.date != r.date || r2.csize != r.csize || r2.nb != r.nb || r2.nsh != r.nsh ||
        r2.exact[0] != r.exact[0] || r2.exact[1] != r.exact[1])
        abort();
    for (uint32_t i = 0; i < r.nsh; i++)
        if (wn_idx_rec_sh(&r2, i) != v[r.nb + i])
            abort();
    wn_buf_free(&b);
    free(v);
}

static void text(const uint8_t *data, size_t size)
{
    wn_dsig *a = NULL, *b = NULL;
    if (wn_minhasher_sign(mh_w, scr, (const char *)data, size, INT64_MIN, &a) != WN_OK ||
        wn_minhasher_sign(mh_d, scr, (const char *)data, size, INT64_MIN, &b) != WN_OK)
        abort();
    /* the same text has the same exact hash whatever the scheme */
    if (a->exact[0] != b->exact[0] || a->exact[1] != b->exact[1] || a->empty != b->empty)
        abort();
    for (uint32_t i = 1; i < a->nsh; i++)
        if (a->sh[i - 1] >= a->sh[i])
            abort();
    if (a->nsh && wn_jaccard(a->sh, a->nsh, a->sh, a->nsh) != 1.0)
        abort();
    /* the unsorted form: the same band keys, the same set */
    wn_dsig *u = NULL;
    wn_jset js = {0};
    double j = -1;
    if (wn_minhasher_sign_unsorted(mh_w, scr, (const char *)data, size, INT64_MIN, &u) != WN_OK ||
        u->nbands != a->nbands || u->nsh < a->nsh ||
        (u->nbands && memcmp(u->bandkeys, a->bandkeys, u->nbands * sizeof *u->bandkeys)) ||
        wn_jaccard_any(&js, u->sh, u->nsh, a->sh, a->nsh, &j) != WN_OK || j != 1.0)
        abort();
    wn_jset_free(&js);
    free(u);
    free(a);
    free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!scr)
        setup();
    record(data, size);
    text(data, size);
    return 0;
}
