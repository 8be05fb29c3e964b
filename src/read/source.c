#include "source.h"

#include "common/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#define IN_CAP (256 * 1024)

struct wn_source {
    int fd;             /* -1 for memory sources */
    int own_fd;
    const unsigned char *mem;
    size_t mem_len, mem_pos;
    wn_codec codec;
    unsigned char *in;  /* compressed input buffer */
    size_t in_len, in_pos;
    int eof;            /* no more raw input */
    uint64_t raw_bytes;
    z_stream z;
    int z_open, z_member_done;
    ZSTD_DCtx *zd;
    size_t zstd_pending; /* last ZSTD_decompressStream hint; 0 = frame complete */
    char err[200];
};

/* One read() of up to cap bytes from the file into buf, retried on EINTR;
 * counts the bytes and notes the end of the file. */
static wn_status read_fd(wn_source *s, void *buf, size_t cap, size_t *got)
{
    ssize_t n;
    do
        n = read(s->fd, buf, cap);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        snprintf(s->err, sizeof s->err, "read error: %s", strerror(errno));
        return WN_ERR_IO;
    }
    if (n == 0)
        s->eof = 1;
    s->raw_bytes += (size_t)n;
    *got = (size_t)n;
    return WN_OK;
}

static wn_status fill(wn_source *s)
{
    if (s->in_pos < s->in_len || s->eof)
        return WN_OK;
    s->in_pos = s->in_len = 0;
    if (s->fd < 0) {
        size_t n = s->mem_len - s->mem_pos;
        if (n > IN_CAP)
            n = IN_CAP;
        memcpy(s->in, s->mem + s->mem_pos, n);
        s->mem_pos += n;
        s->in_len = n;
        if (n == 0)
            s->eof = 1;
        s->raw_bytes += n;
        return WN_OK;
    }
    return read_fd(s, s->in, IN_CAP, &s->in_len);
}

static wn_status detect(wn_source *s)
{
    /* Read until we have 4 bytes or EOF: magic numbers decide the codec. */
    WN_TRY(fill(s));
    while (!s->eof && s->in_len < 4) {
        ssize_t n;
        if (s->fd < 0)
            break;
        do
            n = read(s->fd, s->in + s->in_len, IN_CAP - s->in_len);
        while (n < 0 && errno == EINTR);
        if (n < 0) {
            snprintf(s->err, sizeof s->err, "read error: %s", strerror(errno));
            return WN_ERR_IO;
        }
        if (n == 0)
            break;
        s->in_len += (size_t)n;
        s->raw_bytes += (size_t)n;
    }
    const unsigned char *p = s->in;
    if (s->in_len >= 2 && p[0] == 0x1F && p[1] == 0x8B) {
        s->codec = WN_CODEC_GZIP;
        if (inflateInit2(&s->z, 15 + 16) != Z_OK)
            return WN_ERR_NOMEM;
        s->z_open = 1;
    } else if (s->in_len >= 4 && p[0] == 0x28 && p[1] == 0xB5 && p[2] == 0x2F && p[3] == 0xFD) {
        s->codec = WN_CODEC_ZSTD;
        if (!(s->zd = ZSTD_createDCtx()))
            return WN_ERR_NOMEM;
    }
    return WN_OK;
}

static wn_status make(wn_source **out, wn_source *s)
{
    s->in = malloc(IN_CAP);
    if (!s->in) {
        wn_source_close(s);
        return WN_ERR_NOMEM;
    }
    wn_status st = detect(s);
    if (st != WN_OK && st != WN_ERR_IO) {
        wn_source_close(s);
        return st;
    }
    *out = s;
    return WN_OK;
}

wn_status wn_source_open(const char *path, wn_source **out, char *err, size_t errlen)
{
    *out = NULL;
    wn_source *s = calloc(1, sizeof *s);
    if (!s)
        return WN_ERR_NOMEM;
    if (strcmp(path, "-") == 0) {
        s->fd = 0;
    } else {
        s->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (s->fd < 0) {
            snprintf(err, errlen, "%s", strerror(errno));
            free(s);
            return WN_ERR_IO;
        }
        s->own_fd = 1;
    }
    return make(out, s);
}

wn_status wn_source_open_mem(const void *data, size_t len, wn_source **out)
{
    *out = NULL;
    wn_source *s = calloc(1, sizeof *s);
    if (!s)
        return WN_ERR_NOMEM;
    s->fd = -1;
    s->mem = data;
    s->mem_len = len;
    return make(out, s);
}

void wn_source_close(wn_source *s)
{
    if (!s)
        return;
    if (s->own_fd)
        close(s->fd);
    if (s->z_open)
        inflateEnd(&s->z);
    ZSTD_freeDCtx(s->zd);
    free(s->in);
    free(s);
}

static wn_status read_plain(wn_source *s, unsigned char *buf, size_t cap, size_t *got)
{
    if (s->fd >= 0 && s->in_pos == s->in_len && !s->eof && cap >= IN_CAP) {
        /* the buffer has room for a whole read: read() straight into it,
         * as many bytes as fill() would have read, without the copy */
        return read_fd(s, buf, IN_CAP, got);
    }
    WN_TRY(fill(s));
    size_t n = s->in_len - s->in_pos;
    if (n > cap)
        n = cap;
    memcpy(buf, s->in + s->in_pos, n);
    s->in_pos += n;
    *got = n;
    return WN_OK;
}

static wn_status read_gzip(wn_source *s, unsigned char *buf, size_t cap, size_t *got)
{
    *got = 0;
    while (*got == 0) {
        WN_TRY(fill(s));
        if (s->in_pos == s->in_len) {
            if (!s->z_member_done && s->z.total_in + s->z.avail_in > 0) {
                snprintf(s->err, sizeof s->err, "truncated gzip stream");
                return WN_ERR_FORMAT;
            }
            return WN_OK; /* clean end after a complete member */
        }
        if (s->z_member_done) {
            /* Another gzip member follows (concatenated .gz files). */
            inflateReset(&s->z);
            s->z_member_done = 0;
        }
        s->z.next_in = s->in + s->in_pos;
        s->z.avail_in = (uInt)(s->in_len - s->in_pos);
        s->z.next_out = buf;
        s->z.avail_out = (uInt)(cap > (1u << 30) ? (1u << 30) : cap);
        int rc = inflate(&s->z, Z_NO_FLUSH);
        s->in_pos = s->in_len - s->z.avail_in;
        *got = (size_t)(s->z.next_out - buf);
        if (rc == Z_STREAM_END) {
            s->z_member_done = 1;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            snprintf(s->err, sizeof s->err, "corrupt gzip stream: %s", s->z.msg ? s->z.msg : "inflate error");
            return WN_ERR_FORMAT;
        }
    }
    return WN_OK;
}

static wn_status read_zstd(wn_source *s, unsigned char *buf, size_t cap, size_t *got)
{
    *got = 0;
    while (*got == 0) {
        WN_TRY(fill(s));
        if (s->in_pos == s->in_len) {
            if (s->zstd_pending) {
                snprintf(s->err, sizeof s->err, "truncated zstd stream");
                return WN_ERR_FORMAT;
            }
            return WN_OK;
        }
        ZSTD_inBuffer in = {s->in, s->in_len, s->in_pos};
        ZSTD_outBuffer ob = {buf, cap, 0};
        size_t rc = ZSTD_decompressStream(s->zd, &ob, &in);
        if (ZSTD_isError(rc)) {
            snprintf(s->err, sizeof s->err, "corrupt zstd stream: %s", ZSTD_getErrorName(rc));
            return WN_ERR_FORMAT;
        }
        s->zstd_pending = rc;
        s->in_pos = in.pos;
        *got = ob.pos;
    }
    return WN_OK;
}

wn_status wn_source_read(wn_source *s, void *buf, size_t cap, size_t *got)
{
    *got = 0;
    if (s->err[0])
        return WN_ERR_IO;
    switch (s->codec) {
    case WN_CODEC_GZIP: return read_gzip(s, buf, cap, got);
    case WN_CODEC_ZSTD: return read_zstd(s, buf, cap, got);
    default: return read_plain(s, buf, cap, got);
    }
}

wn_codec wn_source_codec(const wn_source *s)
{
    return s->codec;
}

uint64_t wn_source_raw_bytes(const wn_source *s)
{
    return s->raw_bytes;
}

const char *wn_source_error(const wn_source *s)
{
    return s->err[0] ? s->err : "no error";
}
