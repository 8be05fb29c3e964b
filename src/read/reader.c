#include "reader.h"
#include "extract/warc.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "source.h"

#define CHUNK (1u << 20)
#define TOO_LARGE_KEEP 4096   /* bytes of an oversized record kept for rejects */

struct wn_reader {
    char **paths;               /* expanded inputs: files in order, "-" */
    size_t npaths, pathcap, next_path;
    wn_format format;
    size_t max_record;
    wn_reader_diag_fn diag;
    void *diag_ctx;
    uint64_t io_errors, total_bytes, done_bytes_closed;
    const void *mem;
    size_t mem_len;

    /* the current file */
    wn_source *src;
    const char *name;           /* path as given, for messages and origin */
    char *stem;                 /* id base: file name without extension */
    wn_format cur_format;
    wn_warc *warc;              /* the current file is a WARC (issue 6) */
    uint64_t records_in_file;
    int file_eof;

    /* decoded bytes not yet consumed */
    char *buf;
    size_t len, pos, cap;
    uint64_t stream_pos;        /* stream offset of buf[pos] */
    uint64_t line_no;           /* lines consumed so far in this file */

    /* the last line, for unread_line() */
    int pushback, pb_over;
    size_t pb_start, pb_n;
    uint64_t pb_offset;
};

static void diag(wn_reader *r, const char *fmt, const char *a, const char *b)
{
    if (r->diag) {
        char msg[600];
        snprintf(msg, sizeof msg, fmt, a, b);
        r->diag(r->diag_ctx, msg);
    }
}

static wn_status add_path(wn_reader *r, const char *p)
{
    if (r->npaths == r->pathcap) {
        size_t cap = r->pathcap ? r->pathcap * 2 : 16;
        char **n = realloc(r->paths, cap * sizeof *n);
        if (!n)
            return WN_ERR_NOMEM;
        r->paths = n;
        r->pathcap = cap;
    }
    if (!(r->paths[r->npaths] = strdup(p)))
        return WN_ERR_NOMEM;
    r->npaths++;
    return WN_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Directories expand to their regular files, recursively, sorted by name, so
 * that a folder is read in the same order on every machine. */
static wn_status expand(wn_reader *r, const char *path, int depth)
{
    struct stat st;
    if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode))
            r->total_bytes += (uint64_t)st.st_size;
        return add_path(r, path);
    }
    if (depth > 64)
        return WN_OK;
    DIR *d = opendir(path);
    if (!d) {
        diag(r, "%s: cannot open directory: %s", path, strerror(errno));
        r->io_errors++;
        return WN_OK;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    wn_status s = WN_OK;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;   /* hidden files and . / .. */
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) { s = WN_ERR_NOMEM; break; }
            names = nn;
        }
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        if (!(names[n] = malloc(len))) { s = WN_ERR_NOMEM; break; }
        snprintf(names[n], len, "%s/%s", path, e->d_name);
        n++;
    }
    closedir(d);
    if (s == WN_OK)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (s == WN_OK)
            s = expand(r, names[i], depth + 1);
        free(names[i]);
    }
    free(names);
    return s;
}

wn_status wn_reader_new(const wn_reader_config *cfg, wn_reader **out)
{
    wn_reader *r = calloc(1, sizeof *r);
    if (!r)
        return WN_ERR_NOMEM;
    r->format = cfg->format;
    r->max_record = cfg->max_record_bytes ? cfg->max_record_bytes : ((size_t)64 << 20);
    r->diag = cfg->diag;
    r->diag_ctx = cfg->diag_ctx;
    r->file_eof = 1;
    wn_status s = WN_OK;
    r->mem = cfg->mem;
    r->mem_len = cfg->mem_len;
    if (cfg->mem)
        s = add_path(r, "<memory>");
    else if (cfg->ninputs == 0)
        s = add_path(r, "-");
    for (size_t i = 0; s == WN_OK && !cfg->mem && i < cfg->ninputs; i++)
        s = expand(r, cfg->inputs[i], 0);
    if (s != WN_OK) {
        wn_reader_free(r);
        return s;
    }
    *out = r;
    return WN_OK;
}

static void close_file(wn_reader *r)
{
    wn_warc_free(r->warc);
    r->warc = NULL;
    if (r->src) {
        r->done_bytes_closed += wn_source_raw_bytes(r->src);
        wn_source_close(r->src);
        r->src = NULL;
    }
    free(r->stem);
    r->stem = NULL;
    r->file_eof = 1;
}

void wn_reader_free(wn_reader *r)
{
    if (!r)
        return;
    close_file(r);
    for (size_t i = 0; i < r->npaths; i++)
        free(r->paths[i]);
    free(r->paths);
    free(r->buf);
    free(r);
}

/* Pulls more decoded bytes into buf; returns 0 at end of file (or error,
 * reported and counted). */
static int refill(wn_reader *r)
{
    if (r->file_eof)
        return 0;
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->pb_start -= r->pb_start >= r->pos ? r->pos : r->pb_start;
        r->pos = 0;
    }
    if (r->cap - r->len < CHUNK) {
        size_t cap = r->cap ? r->cap : CHUNK * 2;
        while (cap - r->len < CHUNK)
            cap *= 2;
        char *n = realloc(r->buf, cap);
        if (!n) {
            r->file_eof = 1;
            return 0;
        }
        r->buf = n;
        r->cap = cap;
    }
    size_t got = 0;
    wn_status s = wn_source_read(r->src, r->buf + r->len, r->cap - r->len, &got);
    if (s != WN_OK) {
        char where[200];
        snprintf(where, sizeof where, "%s (after line %llu, byte %llu)", wn_source_error(r->src),
                 (unsigned long long)r->line_no, (unsigned long long)(r->stream_pos + (r->len - r->pos)));
        diag(r, "%s: %s", r->name, where);
        r->io_errors++;
        r->file_eof = 1;
        return 0;
    }
    if (got == 0) {
        r->file_eof = 1;
        return 0;
    }
    r->len += got;
    return 1;
}

/* Next line of the current file: buf[*start, *start + *n) without the '\n';
 * *offset is its byte offset in the decoded stream.  A line longer than
 * max_record is cut to a prefix (*over = 1) and the rest skipped, so memory
 * stays bounded.  The line stays valid until the next call; unread_line()
 * makes the next call return it (or a tail of it) again.  Returns 0 at end
 * of file. */
static int next_line(wn_reader *r, size_t *start, size_t *n, int *over, uint64_t *offset)
{
    if (r->pushback) {
        r->pushback = 0;
        *start = r->pb_start;
        *n = r->pb_n;
        *over = r->pb_over;
        *offset = r->pb_offset;
        r->line_no++;
        return 1;
    }
    size_t keep = r->max_record < TOO_LARGE_KEEP ? r->max_record : TOO_LARGE_KEEP;
    size_t rel = 0;         /* bytes of this line already scanned, from pos */
    uint64_t dropped = 0;   /* bytes of this line skipped */
    *over = 0;
    *offset = r->stream_pos;
    for (;;) {
        char *nl = r->len > r->pos + rel ? memchr(r->buf + r->pos + rel, '\n', r->len - r->pos - rel) : NULL;
        if (nl) {
            size_t end = (size_t)(nl - r->buf);
            *start = r->pos;
            *n = end - r->pos;
            r->stream_pos += *n + dropped + 1;
            if (*n + dropped > r->max_record)
                *over = 1;
            if (*over && *n > keep)
                *n = keep;
            r->pos = end + 1;
            r->line_no++;
            break;
        }
        rel = r->len - r->pos;
        if (*over || rel > r->max_record) {
            *over = 1;
            dropped += rel - keep;
            r->len = r->pos + keep;
            rel = keep;
        }
        if (!refill(r)) {
            if (r->pos == r->len)
                return 0;
            *start = r->pos;   /* the last line has no newline */
            *n = r->len - r->pos;
            r->stream_pos += *n + dropped;
            if (*n + dropped > r->max_record)
                *over = 1;
            if (*over && *n > keep)
                *n = keep;
            r->pos = r->len;
            r->line_no++;
            break;
        }
    }
    r->pb_start = *start;
    r->pb_n = *n;
    r->pb_over = *over;
    r->pb_offset = *offset;
    return 1;
}

/* Makes the next next_line() return the last line from byte `skip` on. */
static void unread_line(wn_reader *r, size_t skip)
{
    r->pushback = 1;
    r->pb_start += skip;
    r->pb_n -= skip;
    r->pb_offset += skip;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static wn_status open_next(wn_reader *r, int *eof)
{
    for (;;) {
        if (r->next_path >= r->npaths) {
            *eof = 1;
            return WN_OK;
        }
        const char *p = r->paths[r->next_path++];
        char err[200] = "";
        wn_status s = r->mem ? wn_source_open_mem(r->mem, r->mem_len, &r->src)
                             : wn_source_open(p, &r->src, err, sizeof err);
        if (s == WN_ERR_NOMEM)
            return s;
        if (s != WN_OK) {
            diag(r, "%s: cannot open: %s", p, err);
            r->io_errors++;
            continue;
        }
        r->name = strcmp(p, "-") == 0 ? "<stdin>" : p;
        int named = strcmp(p, "-") != 0 && !r->mem;
        /* The id stem: the file name without its extensions. */
        const char *b = named ? base_name(p) : r->mem ? "memory" : "stdin";
        r->stem = strdup(b);
        if (!r->stem)
            return WN_ERR_NOMEM;
        char *dot = strchr(r->stem, '.');
        if (dot && dot != r->stem)
            *dot = 0;
        r->len = r->pos = 0;
        r->stream_pos = 0;
        r->line_no = 0;
        r->records_in_file = 0;
        r->file_eof = 0;
        r->pushback = 0;
        r->cur_format = r->format;
        if (r->cur_format == WN_FMT_AUTO) {
            /* JSONL when the first non-blank byte opens an object. */
            size_t i = 0;
            for (;;) {
                while (i < r->len && (r->buf[i] == ' ' || r->buf[i] == '\t' || r->buf[i] == '\r' ||
                                      r->buf[i] == '\n'))
                    i++;
                if (i < r->len || !refill(r))
                    break;
            }
            r->cur_format = (i < r->len && r->buf[i] == '{') ? WN_FMT_JSONL : WN_FMT_SEED;
            /* HTML pages and WARC files (issue 6) */
            if (i < r->len && r->buf[i] == '<')
                r->cur_format = WN_FMT_HTML;
            else if (wn_warc_sniff(r->buf + i, r->len - i))
                r->cur_format = WN_FMT_WARC;
        }
        return WN_OK;
    }
}

int wn_seed_is_header(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (n - i < 15 || memcmp(s + i, "date", 4) != 0)
        return 0;
    i += 4;
    if (s[i] != ' ' && s[i] != '\t')
        return 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    static const char shape[] = "dddd-dd-dd";
    if (n - i < 10)
        return 0;
    for (size_t k = 0; k < 10; k++) {
        char c = s[i + k];
        if (shape[k] == 'd' ? (c < '0' || c > '9') : c != '-')
            return 0;
    }
    return n - i == 10 || s[i + 10] == ' ' || s[i + 10] == '\t' || s[i + 10] == '\r';
}

/* A header fused to the previous record's last line by concatenating files
 * that lack a final newline: "…çizmişti. date 2025-10-28 Title".  Only taken
 * after sentence-final punctuation, so " date 2025-…" inside prose stays. */
static size_t fused_header_at(const char *s, size_t n)
{
    for (size_t i = 1; i + 16 <= n; i++) {
        if (s[i] != ' ' || s[i + 1] != 'd' || memcmp(s + i + 1, "date ", 5) != 0)
            continue;
        unsigned char p = (unsigned char)s[i - 1];
        int after_punct = p == '.' || p == '!' || p == '?' || p == '"' || p == ')' ||
                          (i >= 3 && ((unsigned char)s[i - 3] == 0xE2 && (unsigned char)s[i - 2] == 0x80 &&
                                      (p == 0x9D || p == 0xA6)))   /* ” … */
                          || (i >= 2 && (unsigned char)s[i - 2] == 0xC2 && p == 0xBB); /* » */
        if (after_punct && wn_seed_is_header(s + i, n - i))
            return i;
    }
    return 0;
}

static wn_status set_origin(wn_reader *r, wn_doc *d, uint64_t line, uint64_t offset)
{
    d->origin.file = r->name;
    d->origin.record = ++r->records_in_file;
    d->origin.line = line;
    d->origin.offset = offset;
    d->format = r->cur_format;
    /* stem, then ":line" but for the first record of a seed or HTML
     * file; written by hand, not with snprintf (a call per record) */
    char id[24];
    size_t k = 0;
    if (!((r->cur_format == WN_FMT_SEED || r->cur_format == WN_FMT_HTML) && d->origin.record == 1 &&
          strcmp(r->name, "<stdin>") != 0)) {
        char digits[20];
        size_t nd = 0;
        uint64_t v = line;
        do {
            digits[nd++] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        id[k++] = ':';
        while (nd)
            id[k++] = digits[--nd];
    }
    size_t stem = strlen(r->stem);
    if (!(d->id = malloc(stem + k + 1)))
        return WN_ERR_NOMEM;
    memcpy(d->id, r->stem, stem);
    memcpy(d->id + stem, id, k);
    d->id[stem + k] = 0;
    return WN_OK;
}

static void too_large(wn_reader *r, wn_doc *d)
{
    wn_doc_reject(d, "too-large", "longer than --max-record-bytes %zu", r->max_record);
    if (d->reject_info)
        json_object_set_new(d->reject_info, "truncated_to", json_integer((json_int_t)d->raw.len));
}

static wn_status next_jsonl(wn_reader *r, wn_doc *d, int *got)
{
    size_t start, n;
    int over;
    uint64_t off;
    *got = 0;
    while (next_line(r, &start, &n, &over, &off)) {
        const char *s = r->buf + start;
        size_t k = n;
        while (k && (s[k - 1] == '\r' || s[k - 1] == ' ' || s[k - 1] == '\t'))
            k--;
        size_t j = 0;
        while (j < k && (s[j] == ' ' || s[j] == '\t'))
            j++;
        if (j == k && !over)
            continue;   /* blank lines are not records */
        WN_TRY(set_origin(r, d, r->line_no, off));
        WN_TRY(wn_buf_append(&d->raw, s, over ? n : k));
        if (over)
            too_large(r, d);
        *got = 1;
        return WN_OK;
    }
    return WN_OK;
}

static wn_status next_seed(wn_reader *r, wn_doc *d, int *got)
{
    size_t start, n;
    int over;
    uint64_t off;
    int started = 0, oversize = 0;
    *got = 0;
    while (next_line(r, &start, &n, &over, &off)) {
        const char *s = r->buf + start;
        if (started && wn_seed_is_header(s, n)) {
            unread_line(r, 0);   /* it starts the next record */
            r->line_no--;
            break;
        }
        if (!started) {
            WN_TRY(set_origin(r, d, r->line_no, off));
            started = 1;
        }
        size_t cut = over ? 0 : fused_header_at(s, n);
        size_t take = cut ? cut : n;
        if (!oversize && d->raw.len + take + 1 > r->max_record) {
            oversize = 1;
            if (d->raw.len > TOO_LARGE_KEEP)
                d->raw.len = TOO_LARGE_KEEP;
        }
        if (!oversize) {
            if (d->raw.len || d->origin.line != r->line_no)
                WN_TRY(wn_buf_putc(&d->raw, '\n'));
            WN_TRY(wn_buf_append(&d->raw, s, take));
        }
        if (over)
            oversize = 1;
        if (cut) {
            unread_line(r, cut + 1);   /* the fused header starts the next record */
            r->line_no--;
            break;
        }
    }
    if (!started) {
        /* A seed file holds at least one record, even if empty. */
        if (r->records_in_file == 0 && strcmp(r->name, "<stdin>") != 0) {
            WN_TRY(set_origin(r, d, 1, 0));
            *got = 1;
        }
        return WN_OK;
    }
    if (oversize)
        too_large(r, d);
    *got = 1;
    return WN_OK;
}

/* HTML: the whole file is one record. */
static wn_status next_html(wn_reader *r, wn_doc *d, int *got)
{
    *got = 0;
    if (r->records_in_file > 0)
        return WN_OK;
    WN_TRY(set_origin(r, d, 1, 0));
    d->format = WN_FMT_HTML;
    int oversize = 0;
    for (;;) {
        size_t n = r->len - r->pos;
        if (!oversize && d->raw.len + n > r->max_record) {
            oversize = 1;
            if (d->raw.len > TOO_LARGE_KEEP)
                d->raw.len = TOO_LARGE_KEEP;
        }
        if (!oversize)
            WN_TRY(wn_buf_append(&d->raw, r->buf + r->pos, n));
        r->stream_pos += n;
        r->pos = r->len;
        if (!refill(r))
            break;
    }
    if (oversize)
        too_large(r, d);
    *got = 1;
    return WN_OK;
}

/* WARC: bytes already buffered first, then the source. */
static wn_status warc_read(void *ctx, void *buf, size_t cap, size_t *got)
{
    wn_reader *r = ctx;
    if (r->pos < r->len) {
        size_t n = r->len - r->pos < cap ? r->len - r->pos : cap;
        memcpy(buf, r->buf + r->pos, n);
        r->pos += n;
        *got = n;
        return WN_OK;
    }
    return wn_source_read(r->src, buf, cap, got);
}

static const char *warc_err(void *ctx)
{
    return wn_source_error(((wn_reader *)ctx)->src);
}

/* WARC: each response record becomes an HTML record (conversion records of
 * WET files become seed-like text records); the rest is skipped. */
static wn_status next_warc(wn_reader *r, wn_doc *d, int *got)
{
    *got = 0;
    if (!r->warc)
        WN_TRY(wn_warc_open_fn(warc_read, warc_err, r, r->name, r->max_record, &r->warc));
    wn_warc_record rec;
    int eof;
    wn_status s = wn_warc_next(r->warc, &rec, &eof);
    if (s == WN_ERR_NOMEM)
        return s;
    if (s != WN_OK) {
        diag(r, "%s", wn_warc_error(r->warc), "");
        r->io_errors++;
        return WN_OK;
    }
    if (eof)
        return WN_OK;
    d->origin.file = r->name;
    d->origin.record = rec.number;
    d->origin.line = 0;
    d->origin.offset = rec.offset;
    r->records_in_file++;
    if (!(d->id = strdup(rec.record_id[0] ? rec.record_id : r->stem)))
        return WN_ERR_NOMEM;
    d->format = rec.kind == WN_WARC_CONVERSION ? WN_FMT_SEED : WN_FMT_HTML;
    WN_TRY(wn_buf_append(&d->raw, rec.payload ? rec.payload : "", rec.payload_len));
    if (rec.kind == WN_WARC_RESPONSE) {
        if (rec.target_uri[0])
            WN_TRY(wn_doc_meta_set(d, "url", json_string(rec.target_uri)));
        if (rec.http_content_type[0])
            WN_TRY(wn_doc_meta_set(d, "content_type", json_string(rec.http_content_type)));
        if (rec.http_status && (rec.http_status < 200 || rec.http_status >= 300))
            wn_doc_reject(d, "http-status", "HTTP status %d", rec.http_status);
        else if (rec.http_content_encoding[0] && strcasecmp(rec.http_content_encoding, "identity") != 0)
            wn_doc_reject(d, "content-encoding", "Content-Encoding %s is not decoded", rec.http_content_encoding);
    }
    *got = 1;
    return WN_OK;
}

wn_status wn_reader_next(wn_reader *r, wn_doc *d, int *eof)
{
    *eof = 0;
    for (;;) {
        if (!r->src) {
            WN_TRY(open_next(r, eof));
            if (*eof)
                return WN_OK;
        }
        int got = 0;
        if (r->cur_format == WN_FMT_JSONL)
            WN_TRY(next_jsonl(r, d, &got));
        else if (r->cur_format == WN_FMT_HTML)
            WN_TRY(next_html(r, d, &got));
        else if (r->cur_format == WN_FMT_WARC)
            WN_TRY(next_warc(r, d, &got));
        else
            WN_TRY(next_seed(r, d, &got));
        if (got)
            return WN_OK;
        close_file(r);
    }
}

uint64_t wn_reader_io_errors(const wn_reader *r)
{
    return r->io_errors;
}

uint64_t wn_reader_total_bytes(const wn_reader *r)
{
    return r->total_bytes;
}

uint64_t wn_reader_done_bytes(const wn_reader *r)
{
    return r->done_bytes_closed + (r->src ? wn_source_raw_bytes(r->src) : 0);
}
