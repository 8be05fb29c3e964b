/* index.c: the persistent dedup index on LMDB (see index.h for the layout
 * and the crash-safety argument). */
#include "index.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAP_SIZE ((size_t)32 << 30)   /* address space only; the file grows as needed */

struct wn_dedup_index {
    MDB_env *env;
    MDB_dbi meta, docs, bands, exact;
    MDB_txn *rd;
    MDB_cursor *bcur;
    int lockfd, write;
    char params[128];
    int has_params;
    uint64_t ndocs;
    uint64_t *vec;
    size_t vcap;
};

/* ---- record codec ------------------------------------------------------ */
static wn_status put_varint(wn_buf *b, uint64_t v)
{
    unsigned char t[10];
    int n = 0;
    do {
        t[n++] = (unsigned char)((v & 0x7f) | (v >= 0x80 ? 0x80 : 0));
        v >>= 7;
    } while (v);
    return wn_buf_append(b, t, (size_t)n);
}

static wn_status put_u64le(wn_buf *b, uint64_t v)
{
    unsigned char t[8];
    for (int i = 0; i < 8; i++)
        t[i] = (unsigned char)(v >> (8 * i));
    return wn_buf_append(b, t, 8);
}

static uint64_t get_u64le(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

wn_status wn_idx_rec_encode(const wn_idx_rec *r, wn_buf *out)
{
    wn_buf_clear(out);
    WN_TRY(wn_buf_append(out, "WNR1", 4));
    WN_TRY(put_varint(out, r->id_len));
    WN_TRY(wn_buf_append(out, r->id, r->id_len));
    WN_TRY(put_varint(out, r->seq));
    WN_TRY(put_varint(out, r->length));
    uint64_t z = ((uint64_t)r->date << 1) ^ (uint64_t)(r->date >> 63);
    WN_TRY(put_varint(out, z));
    WN_TRY(put_varint(out, r->csize));
    WN_TRY(put_u64le(out, r->exact[0]));
    WN_TRY(put_u64le(out, r->exact[1]));
    const uint64_t *bk = (const uint64_t *)(const void *)r->bk;
    const uint64_t *sh = (const uint64_t *)(const void *)r->sh;
    WN_TRY(put_varint(out, r->nb));
    for (uint32_t i = 0; i < r->nb; i++)
        WN_TRY(put_u64le(out, bk[i]));
    WN_TRY(put_varint(out, r->nsh));
    for (uint32_t i = 0; i < r->nsh; i++)
        WN_TRY(put_u64le(out, sh[i]));
    return WN_OK;
}

static int get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
    *v = 0;
    for (int sh = 0; sh < 64; sh += 7) {
        if (*p >= end)
            return 0;
        unsigned char c = *(*p)++;
        if (sh == 63 && c > 1)
            return 0;
        *v |= (uint64_t)(c & 0x7f) << sh;
        if (!(c & 0x80))
            return 1;
    }
    return 0;
}

wn_status wn_idx_rec_decode(const void *data, size_t len, wn_idx_rec *r)
{
    const unsigned char *p = data, *end = p + len;
    uint64_t v;
    memset(r, 0, sizeof *r);
    if (len < 4 || memcmp(p, "WNR1", 4))
        return WN_ERR_FORMAT;
    p += 4;
    if (!get_varint(&p, end, &v) || v > (uint64_t)(end - p))
        return WN_ERR_FORMAT;
    r->id = (const char *)p;
    r->id_len = (size_t)v;
    p += v;
    if (!get_varint(&p, end, &r->seq) || !get_varint(&p, end, &r->length) || !get_varint(&p, end, &v))
        return WN_ERR_FORMAT;
    r->date = (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
    if (!get_varint(&p, end, &r->csize) || end - p < 16)
        return WN_ERR_FORMAT;
    r->exact[0] = get_u64le(p);
    r->exact[1] = get_u64le(p + 8);
    p += 16;
    if (!get_varint(&p, end, &v) || v > (uint64_t)(end - p) / 8)
        return WN_ERR_FORMAT;
    r->nb = (uint32_t)v;
    r->bk = p;
    p += 8 * v;
    if (!get_varint(&p, end, &v) || v > UINT32_MAX || v * 8 != (uint64_t)(end - p))
        return WN_ERR_FORMAT;
    r->nsh = (uint32_t)v;
    r->sh = p;
    for (uint32_t i = 1; i < r->nsh; i++)
        if (wn_idx_rec_sh(r, i - 1) >= wn_idx_rec_sh(r, i))
            return WN_ERR_FORMAT;   /* verification needs ascending sets */
    return WN_OK;
}

uint64_t wn_idx_rec_sh(const wn_idx_rec *r, size_t i)
{
    return get_u64le(r->sh + 8 * i);
}

uint64_t wn_idx_rec_bk(const wn_idx_rec *r, size_t i)
{
    return get_u64le(r->bk + 8 * i);
}

/* ---- environment ---------------------------------------------------------- */
static void be64(uint64_t v, unsigned char out[8])
{
    for (int i = 0; i < 8; i++)
        out[i] = (unsigned char)(v >> (56 - 8 * i));
}

static uint64_t rbe64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

static wn_status lmdb_err(int rc, char *err, size_t errsz, const char *what)
{
    if (err && errsz)
        snprintf(err, errsz, "index: %s: %s", what, mdb_strerror(rc));
    return rc == ENOMEM ? WN_ERR_NOMEM : rc == MDB_CORRUPTED || rc == MDB_INVALID ? WN_ERR_DATA : WN_ERR_IO;
}

void wn_dedup_index_close(wn_dedup_index *x)
{
    if (!x)
        return;
    if (x->bcur)
        mdb_cursor_close(x->bcur);
    if (x->rd)
        mdb_txn_abort(x->rd);
    if (x->env)
        mdb_env_close(x->env);
    if (x->lockfd >= 0)
        close(x->lockfd);   /* releases the flock */
    free(x->vec);
    free(x);
}

static wn_status open_env(wn_dedup_index *x, const char *dir, int write, char *err, size_t errsz)
{
    int rc;
    if ((rc = mdb_env_create(&x->env)) || (rc = mdb_env_set_maxdbs(x->env, 8)) ||
        (rc = mdb_env_set_mapsize(x->env, MAP_SIZE)))
        return lmdb_err(rc, err, errsz, "create");
    if ((rc = mdb_env_open(x->env, dir, MDB_NOTLS | (write ? 0 : MDB_RDONLY), 0664)))
        return lmdb_err(rc, err, errsz, dir);
    MDB_txn *t;
    if ((rc = mdb_txn_begin(x->env, NULL, write ? 0 : MDB_RDONLY, &t)))
        return lmdb_err(rc, err, errsz, "begin");
    unsigned c = write ? MDB_CREATE : 0;
    if ((rc = mdb_dbi_open(t, "meta", c, &x->meta)) || (rc = mdb_dbi_open(t, "docs", c, &x->docs)) ||
        (rc = mdb_dbi_open(t, "bands", c | MDB_DUPSORT | MDB_DUPFIXED, &x->bands)) ||
        (rc = mdb_dbi_open(t, "exact", c, &x->exact))) {
        mdb_txn_abort(t);
        return lmdb_err(rc, err, errsz, "open tables (not a winnow index?)");
    }
    MDB_val k = {6, "params"}, v;
    if (!mdb_get(t, x->meta, &k, &v) && v.mv_size < sizeof x->params) {
        memcpy(x->params, v.mv_data, v.mv_size);
        x->params[v.mv_size] = 0;
        x->has_params = 1;
    }
    k = (MDB_val){5, "ndocs"};
    if (!mdb_get(t, x->meta, &k, &v) && v.mv_size == 8)
        x->ndocs = rbe64(v.mv_data);
    if ((rc = mdb_txn_commit(t)))   /* makes the dbi handles permanent */
        return lmdb_err(rc, err, errsz, "commit");
    return WN_OK;
}

wn_status wn_dedup_index_open(const char *dir, const wn_dedup_params *p, int write,
                              wn_dedup_index **out, char *err, size_t errsz)
{
    *out = NULL;
    wn_dedup_index *x = calloc(1, sizeof *x);
    if (!x)
        return WN_ERR_NOMEM;
    x->lockfd = -1;
    x->write = write;
    if (write) {
        if (mkdir(dir, 0775) && errno != EEXIST) {
            snprintf(err, errsz, "index: cannot create %s: %s", dir, strerror(errno));
            free(x);
            return WN_ERR_IO;
        }
        char lp[PATH_MAX];
        snprintf(lp, sizeof lp, "%s/winnow.lock", dir);
        x->lockfd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0664);
        if (x->lockfd < 0 || flock(x->lockfd, LOCK_EX)) {
            snprintf(err, errsz, "index: cannot lock %s: %s", lp, strerror(errno));
            wn_dedup_index_close(x);
            return WN_ERR_IO;
        }
    }
    wn_status s = open_env(x, dir, write, err, errsz);
    if (s == WN_OK && p) {
        char key[128];
        wn_dedup_params_key(p, key, sizeof key);
        if (x->has_params && strcmp(key, x->params)) {
            snprintf(err, errsz, "index %s was built with %s, this run uses %s", dir, x->params, key);
            s = WN_ERR_ARG;
        }
        memcpy(x->params, key, sizeof key);
    }
    int rc;
    if (s == WN_OK && (rc = mdb_txn_begin(x->env, NULL, MDB_RDONLY, &x->rd)))
        s = lmdb_err(rc, err, errsz, "snapshot");
    if (s == WN_OK && (rc = mdb_cursor_open(x->rd, x->bands, &x->bcur)))
        s = lmdb_err(rc, err, errsz, "cursor");
    if (s != WN_OK) {
        wn_dedup_index_close(x);
        return s;
    }
    *out = x;
    return WN_OK;
}

wn_status wn_idx_exact(wn_dedup_index *x, const uint64_t exact[2], uint64_t *docno, int *found)
{
    unsigned char kb[16];
    be64(exact[0], kb);
    be64(exact[1], kb + 8);
    MDB_val k = {16, kb}, v;
    *found = 0;
    int rc = mdb_get(x->rd, x->exact, &k, &v);
    if (rc == MDB_NOTFOUND)
        return WN_OK;
    if (rc || v.mv_size != 8)
        return rc ? lmdb_err(rc, NULL, 0, "") : WN_ERR_DATA;
    *docno = rbe64(v.mv_data);
    *found = 1;
    return WN_OK;
}

wn_status wn_idx_band(wn_dedup_index *x, uint64_t key, const uint64_t **docnos, size_t *n)
{
    unsigned char kb[8];
    be64(key, kb);
    MDB_val k = {8, kb}, v;
    *n = 0;
    *docnos = x->vec;
    int rc = mdb_cursor_get(x->bcur, &k, &v, MDB_SET);
    while (rc == 0) {
        if (v.mv_size != 8)
            return WN_ERR_DATA;
        if (*n == x->vcap) {
            size_t cap = x->vcap ? x->vcap * 2 : 64;
            uint64_t *p = realloc(x->vec, cap * sizeof *p);
            if (!p)
                return WN_ERR_NOMEM;
            x->vec = p;
            x->vcap = cap;
        }
        x->vec[(*n)++] = rbe64(v.mv_data);
        rc = mdb_cursor_get(x->bcur, &k, &v, MDB_NEXT_DUP);
    }
    *docnos = x->vec;
    return rc == MDB_NOTFOUND ? WN_OK : lmdb_err(rc, NULL, 0, "");
}

wn_status wn_idx_doc(wn_dedup_index *x, uint64_t docno, wn_idx_rec *r)
{
    unsigned char kb[8];
    be64(docno, kb);
    MDB_val k = {8, kb}, v;
    int rc = mdb_get(x->rd, x->docs, &k, &v);
    if (rc)
        return rc == MDB_NOTFOUND ? WN_ERR_DATA : lmdb_err(rc, NULL, 0, "");
    return wn_idx_rec_decode(v.mv_data, v.mv_size, r) == WN_OK ? WN_OK : WN_ERR_DATA;
}

static wn_status commit_arr(void *ctx, size_t i, wn_idx_new *out)
{
    *out = ((const wn_idx_new *)ctx)[i];
    return WN_OK;
}

wn_status wn_idx_commit(wn_dedup_index *x, const wn_idx_new *docs, size_t n,
                        const wn_idx_bump *bumps, size_t nbumps)
{
    return wn_idx_commit_cb(x, n, commit_arr, (void *)docs, bumps, nbumps);
}

wn_status wn_idx_commit_cb(wn_dedup_index *x, size_t n, wn_idx_get_fn get, void *ctx,
                           const wn_idx_bump *bumps, size_t nbumps)
{
    if (!x->write)
        return WN_ERR_ARG;
    /* the snapshot's pointers are no longer needed */
    mdb_cursor_close(x->bcur);
    x->bcur = NULL;
    mdb_txn_abort(x->rd);
    x->rd = NULL;
    MDB_txn *t;
    int rc = mdb_txn_begin(x->env, NULL, 0, &t);
    if (rc)
        return lmdb_err(rc, NULL, 0, "");
    wn_buf b = WN_BUF_INIT;
    wn_status s = WN_OK;
    unsigned char kb[16], vb[8];
    /* the cluster sizes of earlier documents that gained members */
    for (size_t i = 0; s == WN_OK && i < nbumps; i++) {
        be64(bumps[i].docno, kb);
        MDB_val k = {8, kb}, v;
        wn_idx_rec r;
        if ((rc = mdb_get(t, x->docs, &k, &v)) || wn_idx_rec_decode(v.mv_data, v.mv_size, &r) != WN_OK) {
            s = WN_ERR_DATA;
            break;
        }
        /* the record points into the map: copy the arrays before re-encoding */
        size_t words = (size_t)r.nb + r.nsh;
        uint64_t *tmp = malloc((words ? words : 1) * sizeof *tmp);
        char *id = malloc(r.id_len + 1);
        if (!tmp || !id) {
            free(tmp);
            free(id);
            s = WN_ERR_NOMEM;
            break;
        }
        for (uint32_t j = 0; j < r.nb; j++)
            tmp[j] = wn_idx_rec_bk(&r, j);
        for (uint32_t j = 0; j < r.nsh; j++)
            tmp[r.nb + j] = wn_idx_rec_sh(&r, j);
        memcpy(id, r.id, r.id_len);
        r.id = id;
        r.bk = (const unsigned char *)tmp;
        r.sh = (const unsigned char *)(tmp + r.nb);
        r.csize += bumps[i].add;
        s = wn_idx_rec_encode(&r, &b);
        free(tmp);
        free(id);
        MDB_val nv = {b.len, b.data};
        if (s == WN_OK && (rc = mdb_put(t, x->docs, &k, &nv, 0)))
            s = lmdb_err(rc, NULL, 0, "");
    }
    uint64_t docno = x->ndocs;
    for (size_t i = 0; s == WN_OK && i < n; i++, docno++) {
        wn_idx_new dn;
        if ((s = get(ctx, i, &dn)) != WN_OK)
            break;
        const wn_idx_new *di = &dn;
        wn_idx_rec r = di->rec;
        r.nb = di->nb;
        r.bk = (const unsigned char *)di->bandkeys;
        r.exact[0] = di->exact[0];
        r.exact[1] = di->exact[1];
        if ((s = wn_idx_rec_encode(&r, &b)) != WN_OK)
            break;
        be64(docno, vb);
        MDB_val k = {8, vb}, v = {b.len, b.data};
        if ((rc = mdb_put(t, x->docs, &k, &v, MDB_APPEND))) {
            s = lmdb_err(rc, NULL, 0, "");
            break;
        }
        for (uint32_t j = 0; s == WN_OK && j < di->nb; j++) {
            be64(di->bandkeys[j], kb);
            MDB_val bk = {8, kb}, bv = {8, vb};
            if ((rc = mdb_put(t, x->bands, &bk, &bv, MDB_NODUPDATA)) && rc != MDB_KEYEXIST)
                s = lmdb_err(rc, NULL, 0, "");
        }
        be64(di->exact[0], kb);
        be64(di->exact[1], kb + 8);
        MDB_val ek = {16, kb}, ev = {8, vb};
        if (s == WN_OK && (rc = mdb_put(t, x->exact, &ek, &ev, MDB_NOOVERWRITE)) && rc != MDB_KEYEXIST)
            s = lmdb_err(rc, NULL, 0, "");
    }
    if (s == WN_OK) {
        be64(docno, vb);
        MDB_val k = {5, "ndocs"}, v = {8, vb};
        MDB_val pk = {6, "params"}, pv = {strlen(x->params), x->params};
        MDB_val vk = {7, "version"}, vv = {1, "1"};
        if ((rc = mdb_put(t, x->meta, &k, &v, 0)) || (rc = mdb_put(t, x->meta, &pk, &pv, 0)) ||
            (rc = mdb_put(t, x->meta, &vk, &vv, 0)))
            s = lmdb_err(rc, NULL, 0, "");
    }
    wn_buf_free(&b);
    if (s != WN_OK) {
        mdb_txn_abort(t);
        return s;
    }
    if ((rc = mdb_txn_commit(t)))
        return lmdb_err(rc, NULL, 0, "");
    x->ndocs = docno;
    return WN_OK;
}

/* ---- stats, verify, compact -------------------------------------------------- */
wn_status wn_dedup_index_stats(const char *dir, wn_idx_stats *st, char *err, size_t errsz)
{
    memset(st, 0, sizeof *st);
    wn_dedup_index *x;
    WN_TRY(wn_dedup_index_open(dir, NULL, 0, &x, err, errsz));
    MDB_stat ms;
    mdb_stat(x->rd, x->docs, &ms);
    st->docs = ms.ms_entries;
    mdb_stat(x->rd, x->bands, &ms);
    st->band_entries = ms.ms_entries;
    mdb_stat(x->rd, x->exact, &ms);
    st->exact = ms.ms_entries;
    MDB_val k, v;
    int rc = mdb_cursor_get(x->bcur, &k, &v, MDB_FIRST);
    while (rc == 0) {
        st->band_keys++;
        rc = mdb_cursor_get(x->bcur, &k, &v, MDB_NEXT_NODUP);
    }
    MDB_envinfo info;
    mdb_env_info(x->env, &info);
    mdb_env_stat(x->env, &ms);
    st->map_bytes = info.me_mapsize;
    st->used_bytes = (uint64_t)(info.me_last_pgno + 1) * ms.ms_psize;
    snprintf(st->params, sizeof st->params, "%s", x->has_params ? x->params : "(empty)");
    wn_dedup_index_close(x);
    return WN_OK;
}

static wn_status vfail(char *err, size_t errsz, const char *fmt, unsigned long long a)
{
    snprintf(err, errsz, fmt, a);
    return WN_ERR_DATA;
}

wn_status wn_dedup_index_verify(const char *dir, char *err, size_t errsz)
{
    wn_dedup_index *x;
    WN_TRY(wn_dedup_index_open(dir, NULL, 0, &x, err, errsz));
    wn_status s = WN_OK;
    MDB_cursor *c = NULL, *bc = NULL;
    int rc = mdb_cursor_open(x->rd, x->docs, &c);
    if (!rc)
        rc = mdb_cursor_open(x->rd, x->bands, &bc);
    if (rc)
        s = lmdb_err(rc, err, errsz, "cursor");
    MDB_val k, v;
    uint64_t n = 0;
    for (rc = s ? MDB_NOTFOUND : mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0 && s == WN_OK;
         rc = mdb_cursor_get(c, &k, &v, MDB_NEXT), n++) {
        wn_idx_rec r;
        if (k.mv_size != 8 || rbe64(k.mv_data) != n) {
            s = vfail(err, errsz, "index: document numbers not dense at %llu", (unsigned long long)n);
            break;
        }
        if (wn_idx_rec_decode(v.mv_data, v.mv_size, &r) != WN_OK || r.csize == 0) {
            s = vfail(err, errsz, "index: record %llu does not decode", (unsigned long long)n);
            break;
        }
        unsigned char kb[16], vb[8];
        be64(n, vb);
        for (uint32_t j = 0; j < r.nb && s == WN_OK; j++) {
            be64(wn_idx_rec_bk(&r, j), kb);
            MDB_val bk = {8, kb}, bv = {8, vb};
            if (mdb_cursor_get(bc, &bk, &bv, MDB_GET_BOTH))
                s = vfail(err, errsz, "index: record %llu misses a band entry", (unsigned long long)n);
        }
        be64(r.exact[0], kb);
        be64(r.exact[1], kb + 8);
        MDB_val ek = {16, kb}, ev;
        if (s == WN_OK && mdb_get(x->rd, x->exact, &ek, &ev))
            s = vfail(err, errsz, "index: record %llu misses its exact entry", (unsigned long long)n);
    }
    if (s == WN_OK && n != x->ndocs)
        s = vfail(err, errsz, "index: meta ndocs disagrees with %llu records", (unsigned long long)n);
    /* every band and exact entry points at a record */
    for (rc = s ? MDB_NOTFOUND : mdb_cursor_get(bc, &k, &v, MDB_FIRST); rc == 0 && s == WN_OK;
         rc = mdb_cursor_get(bc, &k, &v, MDB_NEXT))
        if (k.mv_size != 8 || v.mv_size != 8 || rbe64(v.mv_data) >= n)
            s = vfail(err, errsz, "index: band entry points at missing record %llu",
                      (unsigned long long)(v.mv_size == 8 ? rbe64(v.mv_data) : 0));
    if (c)
        mdb_cursor_close(c);
    c = NULL;
    if (s == WN_OK && !(rc = mdb_cursor_open(x->rd, x->exact, &c)))
        for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0 && s == WN_OK;
             rc = mdb_cursor_get(c, &k, &v, MDB_NEXT))
            if (k.mv_size != 16 || v.mv_size != 8 || rbe64(v.mv_data) >= n)
                s = vfail(err, errsz, "index: exact entry points at missing record %llu", 0);
    if (c)
        mdb_cursor_close(c);
    if (bc)
        mdb_cursor_close(bc);
    wn_dedup_index_close(x);
    return s;
}

wn_status wn_dedup_index_compact(const char *dir, char *err, size_t errsz)
{
    wn_dedup_index *x;
    WN_TRY(wn_dedup_index_open(dir, NULL, 1, &x, err, errsz));   /* takes the writer lock */
    char tmp[PATH_MAX], from[PATH_MAX + 32], to[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s/compact.tmp", dir);
    snprintf(from, sizeof from, "%s/data.mdb", tmp);
    snprintf(to, sizeof to, "%s/data.mdb", dir);
    unlink(from);
    rmdir(tmp);
    wn_status s = WN_OK;
    int rc;
    if (mkdir(tmp, 0775)) {
        snprintf(err, errsz, "index: cannot create %s: %s", tmp, strerror(errno));
        s = WN_ERR_IO;
    } else if ((rc = mdb_env_copy2(x->env, tmp, MDB_CP_COMPACT))) {
        s = lmdb_err(rc, err, errsz, "compact copy");
    } else if (rename(from, to)) {   /* atomic: old or new file, never half */
        snprintf(err, errsz, "index: rename: %s", strerror(errno));
        s = WN_ERR_IO;
    }
    unlink(from);
    char lk[PATH_MAX + 32];
    snprintf(lk, sizeof lk, "%s/lock.mdb", tmp);
    unlink(lk);
    rmdir(tmp);
    wn_dedup_index_close(x);
    return s;
}
