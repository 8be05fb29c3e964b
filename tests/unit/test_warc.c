#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "harness.h"
#include "extract/warc.h"

/* Builds one WARC record around `body`. */
static void rec(wn_buf *b, const char *type, const char *id, const char *extra, const char *body, size_t n)
{
    wn_buf_printf(b, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <%s>\r\n"
                     "WARC-Target-URI: http://example.org/2021/03/04/%s\r\nWARC-Date: 2021-03-04T05:06:07Z\r\n"
                     "%sContent-Length: %zu\r\n\r\n", type, id, id, extra, n);
    wn_buf_append(b, body, n);
    wn_buf_puts(b, "\r\n\r\n");
}

static const char HTTP[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n"
                           "X-Other: y\r\n\r\n<html><body><p>Caf\xe9</p></body></html>";
static const char CHUNKED[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "5\r\nHello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n";

static void sample(wn_buf *b)
{
    rec(b, "warcinfo", "urn:1", "", "software: test\r\n", 16);
    rec(b, "request", "urn:2", "Content-Type: application/http; msgtype=request\r\n", "GET / HTTP/1.1\r\n\r\n", 18);
    rec(b, "response", "urn:3", "Content-Type: application/http; msgtype=response\r\n", HTTP, strlen(HTTP));
    rec(b, "metadata", "urn:4", "", "fetchTimeMs: 5\r\n", 16);
    rec(b, "response", "urn:5", "Content-Type: application/http; msgtype=response\r\n", CHUNKED, strlen(CHUNKED));
    rec(b, "conversion", "urn:6", "Content-Type: text/plain\r\n", "Line one\nLine two\n", 18);
}

static wn_warc *open_mem(const void *p, size_t n, size_t max)
{
    FILE *f = fmemopen((void *)p, n, "rb");
    wn_warc *w = NULL;
    if (!f || wn_warc_open(f, "mem.warc", max, &w) != WN_OK)
        return NULL;
    return w;
}

static void check_sample(wn_warc *w)
{
    wn_warc_record r;
    int eof;
    CHECK(wn_warc_next(w, &r, &eof) == WN_OK && !eof);
    CHECK_EQ_INT(r.kind, WN_WARC_RESPONSE);
    CHECK_EQ_INT(r.number, 3);
    CHECK_STR(r.record_id, "urn:3");
    CHECK_STR(r.target_uri, "http://example.org/2021/03/04/urn:3");
    CHECK_STR(r.warc_date, "2021-03-04T05:06:07Z");
    CHECK_EQ_INT(r.http_status, 200);
    CHECK_STR(r.http_content_type, "text/html; charset=ISO-8859-1");
    CHECK_EQ_INT(r.payload_len, strlen("<html><body><p>Caf\xe9</p></body></html>"));
    CHECK(r.payload && memcmp(r.payload, "<html><body><p>Caf\xe9</p>", 23) == 0);
    CHECK(wn_warc_next(w, &r, &eof) == WN_OK && !eof);
    CHECK_STR(r.record_id, "urn:5");
    CHECK_EQ_INT(r.payload_len, 12);
    CHECK(r.payload && memcmp(r.payload, "Hello, world", 12) == 0);
    CHECK(wn_warc_next(w, &r, &eof) == WN_OK && !eof);
    CHECK_EQ_INT(r.kind, WN_WARC_CONVERSION);
    CHECK_EQ_INT(r.payload_len, 18);
    CHECK(r.payload && memcmp(r.payload, "Line one\nLine two\n", 18) == 0);
    CHECK(wn_warc_next(w, &r, &eof) == WN_OK && eof);
    wn_warc_counts c;
    wn_warc_get_counts(w, &c);
    CHECK_EQ_INT(c.records, 6);
    CHECK_EQ_INT(c.responses, 2);
    CHECK_EQ_INT(c.conversions, 1);
    CHECK_EQ_INT(c.warcinfo, 1);
    CHECK_EQ_INT(c.request, 1);
    CHECK_EQ_INT(c.metadata, 1);
}

static void plain_warc_yields_responses_and_counts_the_rest(void)
{
    wn_buf b = WN_BUF_INIT;
    sample(&b);
    wn_warc *w = open_mem(b.data, b.len, 1 << 20);
    CHECK(w != NULL);
    if (w)
        check_sample(w);
    wn_warc_free(w);
    wn_buf_free(&b);
}

/* One gzip member per record, as crawlers write them. */
static void gzip_per_record(wn_buf *out, const wn_buf *plain, size_t *first_member_len)
{
    /* split at each "WARC/1.1" line start */
    size_t st = 0;
    for (size_t i = 1; i <= plain->len; i++) {
        if (i == plain->len || (plain->data[i] == 'W' && !strncmp(plain->data + i, "WARC/1.1\r\n", 10) &&
                                plain->data[i - 1] == '\n')) {
            z_stream z;
            memset(&z, 0, sizeof z);
            deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
            size_t cap = deflateBound(&z, i - st) + 32;
            wn_buf_reserve(out, cap);
            z.next_in = (Bytef *)plain->data + st;
            z.avail_in = (uInt)(i - st);
            z.next_out = (Bytef *)out->data + out->len;
            z.avail_out = (uInt)cap;
            deflate(&z, Z_FINISH);
            if (st == 0 && first_member_len)
                *first_member_len = z.total_out;
            out->len += z.total_out;
            deflateEnd(&z);
            st = i;
        }
    }
}

static void gzip_members_and_zstd_read_alike(void)
{
    wn_buf b = WN_BUF_INIT, gz = WN_BUF_INIT, zs = WN_BUF_INIT;
    sample(&b);
    gzip_per_record(&gz, &b, NULL);
    CHECK(gz.len > 2 && (unsigned char)gz.data[0] == 0x1f);
    wn_warc *w = open_mem(gz.data, gz.len, 1 << 20);
    CHECK(w != NULL);
    if (w)
        check_sample(w);
    wn_warc_free(w);
    wn_buf_reserve(&zs, ZSTD_compressBound(b.len));
    zs.len = ZSTD_compress(zs.data, zs.cap, b.data, b.len, 3);
    w = open_mem(zs.data, zs.len, 1 << 20);
    CHECK(w != NULL);
    if (w)
        check_sample(w);
    wn_warc_free(w);
    wn_buf_free(&b);
    wn_buf_free(&gz);
    wn_buf_free(&zs);
}

static void truncated_record_names_file_record_and_offset(void)
{
    wn_buf b = WN_BUF_INIT;
    rec(&b, "warcinfo", "urn:1", "", "software: test\r\n", 16);
    size_t second = b.len;
    rec(&b, "response", "urn:3", "Content-Type: application/http; msgtype=response\r\n", HTTP, strlen(HTTP));
    wn_warc *w = open_mem(b.data, b.len - 20, 1 << 20);
    wn_warc_record r;
    int eof;
    CHECK(w && wn_warc_next(w, &r, &eof) == WN_ERR_FORMAT);
    if (w) {
        const char *e = wn_warc_error(w);
        char want[64];
        snprintf(want, sizeof want, "record 2 (starting at byte %zu)", second);
        CHECK(strstr(e, "mem.warc") != NULL);
        CHECK(strstr(e, want) != NULL);
        CHECK(strstr(e, "truncated") != NULL);
    }
    wn_warc_free(w);
    wn_buf_free(&b);
}

static void truncated_gzip_member_is_an_error(void)
{
    wn_buf b = WN_BUF_INIT, gz = WN_BUF_INIT;
    sample(&b);
    size_t first = 0;
    gzip_per_record(&gz, &b, &first);
    /* cut inside the third member */
    wn_warc *w = open_mem(gz.data, gz.len - 40, 1 << 20);
    wn_warc_record r;
    int eof = 0;
    wn_status s = WN_OK;
    int n = 0;
    while (w && (s = wn_warc_next(w, &r, &eof)) == WN_OK && !eof)
        n++;
    CHECK(s == WN_ERR_FORMAT);
    CHECK(w && strstr(wn_warc_error(w), "truncated gzip member") != NULL);
    CHECK(w && strstr(wn_warc_error(w), "mem.warc") != NULL);
    CHECK(n < 3);
    wn_warc_free(w);
    wn_buf_free(&b);
    wn_buf_free(&gz);
}

static void oversized_record_is_skipped_and_counted(void)
{
    wn_buf b = WN_BUF_INIT;
    sample(&b);
    wn_warc *w = open_mem(b.data, b.len, 40);   /* only the 18-byte conversion fits */
    wn_warc_record r;
    int eof;
    CHECK(w && wn_warc_next(w, &r, &eof) == WN_OK && !eof && r.kind == WN_WARC_CONVERSION);
    CHECK(w && wn_warc_next(w, &r, &eof) == WN_OK && eof);
    wn_warc_counts c;
    if (w) {
        wn_warc_get_counts(w, &c);
        CHECK_EQ_INT(c.too_large, 2);
    }
    wn_warc_free(w);
    wn_buf_free(&b);
}

static void garbage_and_missing_length_are_format_errors(void)
{
    const char *bad1 = "HTTP/1.1 200 OK\r\n\r\n";
    const char *bad2 = "WARC/1.0\r\nWARC-Type: response\r\n\r\nxx";
    const char *bad3 = "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 12x\r\n\r\n";
    const char *bads[] = {bad1, bad2, bad3};
    const char *msgs[] = {"expected a WARC/1.x version line", "missing Content-Length", "malformed Content-Length"};
    for (int i = 0; i < 3; i++) {
        wn_warc *w = open_mem(bads[i], strlen(bads[i]), 1 << 20);
        wn_warc_record r;
        int eof;
        CHECK(w && wn_warc_next(w, &r, &eof) == WN_ERR_FORMAT);
        CHECK(w && strstr(wn_warc_error(w), msgs[i]) != NULL);
        wn_warc_free(w);
    }
    CHECK(wn_warc_sniff("\r\nWARC/1.0\r\n", 12));
    CHECK(!wn_warc_sniff("<html>", 6));
}

int main(void)
{
    RUN(plain_warc_yields_responses_and_counts_the_rest);
    RUN(gzip_members_and_zstd_read_alike);
    RUN(truncated_record_names_file_record_and_offset);
    RUN(truncated_gzip_member_is_an_error);
    RUN(oversized_record_is_skipped_and_counted);
    RUN(garbage_and_missing_length_are_format_errors);
    HARNESS_EXIT();
}
