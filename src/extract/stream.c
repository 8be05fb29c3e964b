#include "extract/stream.h"
#include "common/buf.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#define IN_CAP (64 * 1024)

struct wn_xstream {
    FILE *f;
    int own;
    wn_xs_codec codec;
    unsigned char in[IN_CAP];
    size_t in_pos, in_len;
    uint64_t in_consumed;     /* compressed bytes handed to the decoder */
    uint64_t member_start;
    int eof_file, done, member_open;
    z_stream z;
    int z_init;
    ZSTD_DStream *zd;
    size_t zret;              /* last ZSTD_decompressStream hint; 0 at frame end */
    char err[160];
};

static wn_status fill(wn_xstream *s)
{
    if (s->in_pos < s->in_len || s->eof_file)
        return WN_OK;
    s->in_pos = 0;
    s->in_len = fread(s->in, 1, IN_CAP, s->f);
    if (s->in_len == 0) {
        if (ferror(s->f)) {
            snprintf(s->err, sizeof s->err, "read error");
            return WN_ERR_IO;
        }
        s->eof_file = 1;
    }
    return WN_OK;
}

wn_status wn_xs_open(FILE *f, int own_file, wn_xstream **out)
{
    *out = NULL;
    wn_xstream *s = calloc(1, sizeof *s);
    if (!s) {
        if (own_file)
            fclose(f);
        return WN_ERR_NOMEM;
    }
    s->f = f;
    s->own = own_file;
    wn_status st = fill(s);
    if (st != WN_OK) {
        wn_xs_free(s);
        return st;
    }
    if (s->in_len >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b) {
        s->codec = WN_XS_GZIP;
        if (inflateInit2(&s->z, 15 + 32) != Z_OK) {
            wn_xs_free(s);
            return WN_ERR_NOMEM;
        }
        s->z_init = 1;
    } else if (s->in_len >= 4 && s->in[0] == 0x28 && s->in[1] == 0xb5 && s->in[2] == 0x2f &&
               s->in[3] == 0xfd) {
        s->codec = WN_XS_ZSTD;
        s->zd = ZSTD_createDStream();
        if (!s->zd || ZSTD_isError(ZSTD_initDStream(s->zd))) {
            wn_xs_free(s);
            return WN_ERR_NOMEM;
        }
    }
    *out = s;
    return WN_OK;
}

void wn_xs_free(wn_xstream *s)
{
    if (!s)
        return;
    if (s->z_init)
        inflateEnd(&s->z);
    ZSTD_freeDStream(s->zd);
    if (s->own && s->f)
        fclose(s->f);
    free(s);
}

wn_xs_codec wn_xs_codec_of(const wn_xstream *s) { return s->codec; }
uint64_t wn_xs_in_offset(const wn_xstream *s) { return s->in_consumed; }
uint64_t wn_xs_member_offset(const wn_xstream *s) { return s->member_start; }
const char *wn_xs_error(const wn_xstream *s) { return s->err; }

static wn_status read_gzip(wn_xstream *s, unsigned char *buf, size_t n, size_t *got)
{
    *got = 0;
    while (*got == 0) {
        WN_TRY(fill(s));
        size_t avail = s->in_len - s->in_pos;
        if (avail == 0) {
            if (s->member_open) {
                snprintf(s->err, sizeof s->err,
                         "truncated gzip member starting at compressed byte %llu",
                         (unsigned long long)s->member_start);
                return WN_ERR_FORMAT;
            }
            s->done = 1;
            return WN_OK;
        }
        if (!s->member_open) {
            s->member_open = 1;
            s->member_start = s->in_consumed;
        }
        s->z.next_in = s->in + s->in_pos;
        s->z.avail_in = (uInt)avail;
        s->z.next_out = buf;
        s->z.avail_out = (uInt)(n > (1u << 30) ? (1u << 30) : n);
        uInt out_before = s->z.avail_out;
        int r = inflate(&s->z, Z_NO_FLUSH);
        size_t used = avail - s->z.avail_in;
        s->in_pos += used;
        s->in_consumed += used;
        *got = out_before - s->z.avail_out;
        if (r == Z_STREAM_END) {
            s->member_open = 0;
            inflateReset(&s->z);
            /* trailing zero padding after the last member is tolerated */
        } else if (r == Z_BUF_ERROR) {
            if (used == 0 && *got == 0 && s->eof_file) {
                snprintf(s->err, sizeof s->err,
                         "truncated gzip member starting at compressed byte %llu",
                         (unsigned long long)s->member_start);
                return WN_ERR_FORMAT;
            }
        } else if (r != Z_OK) {
            snprintf(s->err, sizeof s->err, "corrupt gzip member starting at compressed byte %llu: %s",
                     (unsigned long long)s->member_start, s->z.msg ? s->z.msg : "inflate error");
            return WN_ERR_FORMAT;
        }
    }
    return WN_OK;
}

static wn_status read_zstd(wn_xstream *s, unsigned char *buf, size_t n, size_t *got)
{
    *got = 0;
    while (*got == 0) {
        WN_TRY(fill(s));
        size_t avail = s->in_len - s->in_pos;
        if (avail == 0) {
            if (s->member_open && s->zret != 0) {
                snprintf(s->err, sizeof s->err, "truncated zstd frame starting at compressed byte %llu",
                         (unsigned long long)s->member_start);
                return WN_ERR_FORMAT;
            }
            s->done = 1;
            return WN_OK;
        }
        if (!s->member_open) {
            s->member_open = 1;
            s->member_start = s->in_consumed;
        }
        ZSTD_inBuffer ib = {s->in + s->in_pos, avail, 0};
        ZSTD_outBuffer ob = {buf, n, 0};
        size_t r = ZSTD_decompressStream(s->zd, &ob, &ib);
        s->in_pos += ib.pos;
        s->in_consumed += ib.pos;
        *got = ob.pos;
        if (ZSTD_isError(r)) {
            snprintf(s->err, sizeof s->err, "corrupt zstd frame starting at compressed byte %llu: %s",
                     (unsigned long long)s->member_start, ZSTD_getErrorName(r));
            return WN_ERR_FORMAT;
        }
        s->zret = r;
        if (r == 0)
            s->member_open = 0;
    }
    return WN_OK;
}

wn_status wn_xs_read(wn_xstream *s, void *buf, size_t n, size_t *got)
{
    *got = 0;
    if (s->done || n == 0)
        return WN_OK;
    if (s->codec == WN_XS_GZIP)
        return read_gzip(s, buf, n, got);
    if (s->codec == WN_XS_ZSTD)
        return read_zstd(s, buf, n, got);
    WN_TRY(fill(s));
    size_t avail = s->in_len - s->in_pos;
    if (avail == 0) {
        s->done = 1;
        return WN_OK;
    }
    size_t k = avail < n ? avail : n;
    memcpy(buf, s->in + s->in_pos, k);
    s->in_pos += k;
    s->in_consumed += k;
    *got = k;
    return WN_OK;
}
