#include "extract/warc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/stream.h"

#define HEADER_LIMIT (64 * 1024)
#define CHUNK (64 * 1024)

struct wn_warc {
    wn_xstream *xs;
    wn_warc_read_fn read_fn;
    wn_warc_err_fn err_fn;
    void *ctx;
    char *name;
    size_t max_record;
    /* window over the decoded stream: data[start..len) not consumed yet */
    char *data;
    size_t start, len, cap;
    uint64_t base;            /* decoded offset of data[0] */
    int eof;
    uint64_t number;
    wn_warc_counts counts;
    /* current record */
    char type[32], record_id[512], target[4096], date[64], block_type[256];
    char http_ct[256], http_ce[64];
    wn_buf block;
    char err[512];
};

static void copy_field(char *dst, size_t cap, const char *v, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, v, n);
    dst[n] = 0;
}

wn_status wn_warc_open(FILE *f, const char *name, size_t max_record, wn_warc **out)
{
    *out = NULL;
    wn_warc *w = calloc(1, sizeof *w);
    if (!w) {
        fclose(f);
        return WN_ERR_NOMEM;
    }
    w->name = strdup(name ? name : "-");
    w->max_record = max_record;
    wn_status s = wn_xs_open(f, 1, &w->xs);
    if (s != WN_OK || !w->name) {
        wn_warc_free(w);
        return s != WN_OK ? s : WN_ERR_NOMEM;
    }
    *out = w;
    return WN_OK;
}

wn_status wn_warc_open_fn(wn_warc_read_fn read_fn, wn_warc_err_fn err_fn, void *ctx, const char *name,
                          size_t max_record, wn_warc **out)
{
    *out = NULL;
    wn_warc *w = calloc(1, sizeof *w);
    if (!w)
        return WN_ERR_NOMEM;
    w->name = strdup(name ? name : "-");
    if (!w->name) {
        free(w);
        return WN_ERR_NOMEM;
    }
    w->read_fn = read_fn;
    w->err_fn = err_fn;
    w->ctx = ctx;
    w->max_record = max_record;
    *out = w;
    return WN_OK;
}

void wn_warc_free(wn_warc *w)
{
    if (!w)
        return;
    wn_xs_free(w->xs);
    free(w->name);
    free(w->data);
    wn_buf_free(&w->block);
    free(w);
}

const char *wn_warc_error(const wn_warc *w) { return w->err; }
void wn_warc_get_counts(const wn_warc *w, wn_warc_counts *c) { *c = w->counts; }

static wn_status stream_error(wn_warc *w, wn_status s)
{
    snprintf(w->err, sizeof w->err, "%s: record %llu, byte %llu: %s", w->name,
             (unsigned long long)w->number + (w->number == 0),
             (unsigned long long)(w->base + w->len),
             w->xs ? wn_xs_error(w->xs) : w->err_fn ? w->err_fn(w->ctx) : "read error");
    return s;
}

/* Makes at least `need` unconsumed bytes available, unless the stream ends
 * first (then fewer are). */
static wn_status want(wn_warc *w, size_t need)
{
    while (w->len - w->start < need && !w->eof) {
        if (w->start > 0 && w->start >= w->len / 2) {
            memmove(w->data, w->data + w->start, w->len - w->start);
            w->len -= w->start;
            w->base += w->start;
            w->start = 0;
        }
        size_t room = need - (w->len - w->start);
        if (room < CHUNK)
            room = CHUNK;
        if (w->cap - w->len < room) {
            size_t cap = w->cap ? w->cap * 2 : 4 * CHUNK;
            while (cap - w->len < room)
                cap *= 2;
            char *p = realloc(w->data, cap + 1);
            if (!p)
                return WN_ERR_NOMEM;
            w->data = p;
            w->cap = cap;
        }
        size_t got;
        wn_status s = w->xs ? wn_xs_read(w->xs, w->data + w->len, w->cap - w->len, &got)
                            : w->read_fn(w->ctx, w->data + w->len, w->cap - w->len, &got);
        if (s != WN_OK)
            return stream_error(w, s);
        if (got == 0)
            w->eof = 1;
        w->len += got;
    }
    return WN_OK;
}

/* Finds the end of the line at data[start..]; returns its length without
 * the terminator and stores the terminator's length (0 at the end of data). */
static wn_status next_line(wn_warc *w, size_t limit, size_t *len, size_t *term)
{
    size_t scanned = 0;
    for (;;) {
        char *p = w->data ? memchr(w->data + w->start + scanned, '\n', w->len - w->start - scanned) : NULL;
        if (p) {
            size_t n = (size_t)(p - (w->data + w->start));
            *term = 1;
            if (n > 0 && w->data[w->start + n - 1] == '\r') {
                n--;
                *term = 2;
            }
            *len = n;
            return WN_OK;
        }
        scanned = w->len - w->start;
        if (w->eof || scanned > limit) {
            *len = scanned;
            *term = 0;
            return WN_OK;
        }
        WN_TRY(want(w, scanned + CHUNK));
    }
}

static int field_is(const char *line, size_t n, const char *name, const char **val, size_t *vlen)
{
    size_t k = strlen(name);
    if (n <= k || strncasecmp(line, name, k) != 0 || line[k] != ':')
        return 0;
    const char *v = line + k + 1, *e = line + n;
    while (v < e && (*v == ' ' || *v == '\t'))
        v++;
    while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    *val = v;
    *vlen = (size_t)(e - v);
    return 1;
}

static void count_type(wn_warc *w)
{
    const char *t = w->type;
    if (!strcmp(t, "warcinfo")) w->counts.warcinfo++;
    else if (!strcmp(t, "request")) w->counts.request++;
    else if (!strcmp(t, "metadata")) w->counts.metadata++;
    else if (!strcmp(t, "resource")) w->counts.resource++;
    else if (!strcmp(t, "revisit")) w->counts.revisit++;
    else w->counts.other++;
}

/* Decodes a chunked HTTP body in place; returns 0 when malformed. */
static int dechunk(char *p, size_t n, size_t *out_len)
{
    size_t r = 0, o = 0;
    for (;;) {
        size_t size = 0;
        int digits = 0;
        while (r < n && isxdigit((unsigned char)p[r])) {
            int d = isdigit((unsigned char)p[r]) ? p[r] - '0' : (tolower((unsigned char)p[r]) - 'a' + 10);
            if (size > (SIZE_MAX >> 4))
                return 0;
            size = size * 16 + (size_t)d;
            r++;
            digits++;
        }
        if (!digits)
            return 0;
        while (r < n && p[r] != '\n')
            r++;                      /* chunk extensions */
        if (r >= n)
            return 0;
        r++;
        if (size == 0)
            break;
        if (size > n - r)
            size = n - r;             /* a short last chunk: keep what is there */
        memmove(p + o, p + r, size);
        o += size;
        r += size;
        if (r < n && p[r] == '\r')
            r++;
        if (r < n && p[r] == '\n')
            r++;
        if (r >= n)
            break;
    }
    *out_len = o;
    return 1;
}

/* Splits an HTTP response block into headers and payload. */
static int parse_http(wn_warc *w, wn_warc_record *rec)
{
    char *p = w->block.data;
    size_t n = w->block.len;
    if (n < 12 || strncmp(p, "HTTP/", 5) != 0)
        return 0;
    const char *sp = memchr(p, ' ', n < 64 ? n : 64);
    if (!sp || !isdigit((unsigned char)sp[1]) || !isdigit((unsigned char)sp[2]) || !isdigit((unsigned char)sp[3]))
        return 0;
    rec->http_status = (sp[1] - '0') * 100 + (sp[2] - '0') * 10 + (sp[3] - '0');
    size_t i = 0;
    int chunked = 0;
    w->http_ct[0] = w->http_ce[0] = 0;
    for (;;) {
        char *nl = memchr(p + i, '\n', n - i);
        if (!nl)
            return 0;     /* headers never end */
        size_t ln = (size_t)(nl - (p + i));
        size_t full = ln + 1;
        if (ln > 0 && p[i + ln - 1] == '\r')
            ln--;
        if (ln == 0) {
            i += full;
            break;
        }
        const char *v;
        size_t vl;
        if (field_is(p + i, ln, "Content-Type", &v, &vl))
            copy_field(w->http_ct, sizeof w->http_ct, v, vl);
        else if (field_is(p + i, ln, "Content-Encoding", &v, &vl))
            copy_field(w->http_ce, sizeof w->http_ce, v, vl);
        else if (field_is(p + i, ln, "Transfer-Encoding", &v, &vl))
            chunked = vl >= 7 && strncasecmp(v, "chunked", 7) == 0;
        i += full;
    }
    rec->payload = p + i;
    rec->payload_len = n - i;
    if (chunked) {
        size_t ol;
        if (dechunk(p + i, n - i, &ol))
            rec->payload_len = ol;
    }
    rec->http_content_type = w->http_ct;
    rec->http_content_encoding = w->http_ce;
    return 1;
}

wn_status wn_warc_next(wn_warc *w, wn_warc_record *rec, int *eof)
{
    memset(rec, 0, sizeof *rec);
    *eof = 0;
    for (;;) {
        /* blank lines between records */
        size_t ln, term;
        for (;;) {
            WN_TRY(want(w, 8));
            if (w->start == w->len) {
                *eof = 1;
                return WN_OK;
            }
            WN_TRY(next_line(w, HEADER_LIMIT, &ln, &term));
            if (ln > 0 || term == 0)
                break;
            w->start += term;
        }
        uint64_t rec_off = w->base + w->start;
        w->number++;
        w->counts.records++;
        if (ln < 6 || strncmp(w->data + w->start, "WARC/", 5) != 0) {
            snprintf(w->err, sizeof w->err, "%s: record %llu, byte %llu: expected a WARC/1.x version line",
                     w->name, (unsigned long long)w->number, (unsigned long long)rec_off);
            return WN_ERR_FORMAT;
        }
        w->start += ln + term;
        w->type[0] = w->record_id[0] = w->target[0] = w->date[0] = w->block_type[0] = 0;
        long long clen = -1;
        size_t header_bytes = 0;
        for (;;) {
            WN_TRY(next_line(w, HEADER_LIMIT, &ln, &term));
            if (term == 0) {
                if (ln > HEADER_LIMIT)
                    snprintf(w->err, sizeof w->err, "%s: record %llu, byte %llu: WARC header too long",
                             w->name, (unsigned long long)w->number, (unsigned long long)rec_off);
                else
                    snprintf(w->err, sizeof w->err,
                             "%s: record %llu (starting at byte %llu) is truncated inside its WARC header "
                             "(the stream ends at byte %llu)", w->name, (unsigned long long)w->number,
                             (unsigned long long)rec_off, (unsigned long long)(w->base + w->len));
                return WN_ERR_FORMAT;
            }
            header_bytes += ln + term;
            if (header_bytes > HEADER_LIMIT) {
                snprintf(w->err, sizeof w->err, "%s: record %llu, byte %llu: WARC header too long",
                         w->name, (unsigned long long)w->number, (unsigned long long)rec_off);
                return WN_ERR_FORMAT;
            }
            const char *line = w->data + w->start, *v;
            size_t vl;
            w->start += ln + term;
            if (ln == 0)
                break;
            if (field_is(line, ln, "WARC-Type", &v, &vl))
                copy_field(w->type, sizeof w->type, v, vl);
            else if (field_is(line, ln, "WARC-Record-ID", &v, &vl)) {
                if (vl >= 2 && v[0] == '<' && v[vl - 1] == '>') {
                    v++;
                    vl -= 2;
                }
                copy_field(w->record_id, sizeof w->record_id, v, vl);
            } else if (field_is(line, ln, "WARC-Target-URI", &v, &vl)) {
                if (vl >= 2 && v[0] == '<' && v[vl - 1] == '>') {
                    v++;
                    vl -= 2;
                }
                copy_field(w->target, sizeof w->target, v, vl);
            } else if (field_is(line, ln, "WARC-Date", &v, &vl))
                copy_field(w->date, sizeof w->date, v, vl);
            else if (field_is(line, ln, "Content-Type", &v, &vl))
                copy_field(w->block_type, sizeof w->block_type, v, vl);
            else if (field_is(line, ln, "Content-Length", &v, &vl)) {
                clen = 0;
                for (size_t i = 0; i < vl; i++) {
                    if (!isdigit((unsigned char)v[i]) || clen > (long long)1e15) {
                        clen = -2;
                        break;
                    }
                    clen = clen * 10 + (v[i] - '0');
                }
                if (vl == 0)
                    clen = -2;
            }
        }
        if (clen < 0) {
            snprintf(w->err, sizeof w->err, "%s: record %llu, byte %llu: %s Content-Length", w->name,
                     (unsigned long long)w->number, (unsigned long long)rec_off,
                     clen == -1 ? "missing" : "malformed");
            return WN_ERR_FORMAT;
        }
        int wanted = !strcmp(w->type, "response") || !strcmp(w->type, "conversion");
        uint64_t len = (uint64_t)clen;
        if (!wanted || len > w->max_record) {
            if (!wanted)
                count_type(w);
            else
                w->counts.too_large++;
            /* stream past the block */
            uint64_t left = len;
            while (left > 0) {
                WN_TRY(want(w, 1));
                size_t have = w->len - w->start;
                if (have == 0)
                    goto truncated;
                size_t k = have < left ? have : (size_t)left;
                w->start += k;
                left -= k;
            }
            continue;
        }
        WN_TRY(want(w, (size_t)len));
        if (w->len - w->start < len)
            goto truncated;
        wn_buf_clear(&w->block);
        WN_TRY(wn_buf_append(&w->block, w->data + w->start, (size_t)len));
        w->start += (size_t)len;
        rec->number = w->number;
        rec->offset = rec_off;
        rec->record_id = w->record_id;
        rec->target_uri = w->target;
        rec->warc_date = w->date;
        rec->block_type = w->block_type;
        rec->http_content_type = "";
        rec->http_content_encoding = "";
        if (!strcmp(w->type, "conversion")) {
            w->counts.conversions++;
            rec->kind = WN_WARC_CONVERSION;
            rec->payload = w->block.data ? w->block.data : "";
            rec->payload_len = w->block.len;
            return WN_OK;
        }
        rec->kind = WN_WARC_RESPONSE;
        if (strncasecmp(w->block_type, "application/http", 16) == 0) {
            if (!parse_http(w, rec)) {
                w->counts.bad_http++;
                continue;
            }
        } else {
            rec->payload = w->block.data ? w->block.data : "";
            rec->payload_len = w->block.len;
            copy_field(w->http_ct, sizeof w->http_ct, w->block_type, strlen(w->block_type));
            rec->http_content_type = w->http_ct;
        }
        w->counts.responses++;
        return WN_OK;
    truncated:
        snprintf(w->err, sizeof w->err,
                 "%s: record %llu (starting at byte %llu) is truncated: %llu content bytes declared, "
                 "the stream ends at byte %llu",
                 w->name, (unsigned long long)w->number, (unsigned long long)rec_off,
                 (unsigned long long)len, (unsigned long long)(w->base + w->len));
        return WN_ERR_FORMAT;
    }
}

int wn_warc_sniff(const char *p, size_t n)
{
    while (n > 0 && (*p == '\r' || *p == '\n')) {
        p++;
        n--;
    }
    return n >= 6 && strncmp(p, "WARC/", 5) == 0 && isdigit((unsigned char)p[5]);
}
