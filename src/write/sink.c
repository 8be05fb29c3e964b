#include "sink.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "read/source.h"

#define OUT_CAP (256 * 1024)

struct wn_sink {
    int fd, own;
    wn_codec codec;
    z_stream z;
    ZSTD_CCtx *zc;
    unsigned char *buf;   /* pending plain bytes */
    size_t len;
    unsigned char *cbuf;  /* compressed bytes */
    size_t ccap;
    uint64_t bytes;
    int failed;
    char err[160];
};

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

wn_status wn_sink_open(const char *path, wn_sink **out, char *err, size_t errlen)
{
    *out = NULL;
    wn_sink *s = calloc(1, sizeof *s);
    if (!s)
        return WN_ERR_NOMEM;
    s->buf = malloc(OUT_CAP);
    s->ccap = ZSTD_compressBound(OUT_CAP) + 1024;
    s->cbuf = malloc(s->ccap);
    if (!s->buf || !s->cbuf) {
        free(s->buf);
        free(s->cbuf);
        free(s);
        return WN_ERR_NOMEM;
    }
    if (!path || !strcmp(path, "-")) {
        s->fd = 1;
    } else {
        s->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (s->fd < 0) {
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            free(s->buf);
            free(s->cbuf);
            free(s);
            return WN_ERR_IO;
        }
        s->own = 1;
        if (ends_with(path, ".gz")) {
            s->codec = WN_CODEC_GZIP;
            if (deflateInit2(&s->z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
                s->failed = 1;
        } else if (ends_with(path, ".zst")) {
            s->codec = WN_CODEC_ZSTD;
            if (!(s->zc = ZSTD_createCCtx()))
                s->failed = 1;
            else
                ZSTD_CCtx_setParameter(s->zc, ZSTD_c_compressionLevel, 3);
        }
    }
    *out = s;
    return s->failed ? WN_ERR_NOMEM : WN_OK;
}

static int write_all(wn_sink *s, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t w = write(s->fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            snprintf(s->err, sizeof s->err, "write error: %s", strerror(errno));
            s->failed = 1;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Sends the pending plain bytes through the codec; finish ends the stream. */
static int drain(wn_sink *s, int finish)
{
    if (s->failed)
        return -1;
    if (s->codec == WN_CODEC_NONE) {
        int rc = write_all(s, s->buf, s->len);
        s->len = 0;
        return rc;
    }
    if (s->codec == WN_CODEC_GZIP) {
        s->z.next_in = s->buf;
        s->z.avail_in = (uInt)s->len;
        int rc;
        do {
            s->z.next_out = s->cbuf;
            s->z.avail_out = (uInt)s->ccap;
            rc = deflate(&s->z, finish ? Z_FINISH : Z_NO_FLUSH);
            if (write_all(s, s->cbuf, s->ccap - s->z.avail_out))
                return -1;
        } while (s->z.avail_out == 0 || (finish && rc != Z_STREAM_END));
        s->len = 0;
        return 0;
    }
    ZSTD_inBuffer in = {s->buf, s->len, 0};
    for (;;) {
        ZSTD_outBuffer ob = {s->cbuf, s->ccap, 0};
        size_t rem = ZSTD_compressStream2(s->zc, &ob, &in, finish ? ZSTD_e_end : ZSTD_e_continue);
        if (ZSTD_isError(rem)) {
            snprintf(s->err, sizeof s->err, "zstd: %s", ZSTD_getErrorName(rem));
            s->failed = 1;
            return -1;
        }
        if (write_all(s, s->cbuf, ob.pos))
            return -1;
        if (finish ? rem == 0 : in.pos == in.size)
            break;
    }
    s->len = 0;
    return 0;
}

wn_status wn_sink_write(wn_sink *s, const void *p, size_t n)
{
    const unsigned char *c = p;
    s->bytes += n;
    while (n) {
        size_t room = OUT_CAP - s->len, k = n < room ? n : room;
        memcpy(s->buf + s->len, c, k);
        s->len += k;
        c += k;
        n -= k;
        if (s->len == OUT_CAP && drain(s, 0))
            return WN_ERR_IO;
    }
    return s->failed ? WN_ERR_IO : WN_OK;
}

wn_status wn_sink_close(wn_sink *s, char *err, size_t errlen)
{
    if (!s)
        return WN_OK;
    int rc = drain(s, 1);
    if (s->codec == WN_CODEC_GZIP)
        deflateEnd(&s->z);
    ZSTD_freeCCtx(s->zc);
    if (s->own && close(s->fd) != 0 && !s->failed) {
        snprintf(s->err, sizeof s->err, "close: %s", strerror(errno));
        rc = -1;
    }
    if (rc || s->failed)
        snprintf(err, errlen, "%s", s->err);
    wn_status st = (rc || s->failed) ? WN_ERR_IO : WN_OK;
    free(s->buf);
    free(s->cbuf);
    free(s);
    return st;
}

uint64_t wn_sink_bytes(const wn_sink *s)
{
    return s->bytes;
}
