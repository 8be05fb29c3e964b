/* run.c: wn_extract_files() and wn_extract_page(): inputs → extractor → JSONL. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zlib.h>

#include "common/jsonw.h"
#include "common/lasterror.h"
#include "common/options.h"
#include "common/utf8.h"
#include "extract/extract.h"
#include "extract/stream.h"
#include "extract/warc.h"
#include "winnow.h"

typedef struct xrun {
    wn_xopts xo;
    const wn_options *opts;
    wn_diag_fn diag;
    void *ctx;
    FILE *out, *rej;
    wn_extract_counts c;
    wn_doc *doc;
    wn_xscratch *scratch;
    wn_buf line, page;
    wn_status first_err;
} xrun;

static void diag(xrun *r, wn_diag_level lv, const char *fmt, ...)
{
    if (!r->diag)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->diag(r->ctx, lv, msg);
}

/* Renders a kept document: id, url, title, author, date, text, meta. */
static wn_status render(wn_buf *b, const wn_doc *d)
{
    wn_buf_clear(b);
    WN_TRY(wn_buf_puts(b, "{\"id\":"));
    WN_TRY(wn_json_str(b, d->id ? d->id : "", d->id ? strlen(d->id) : 0));
    const char *url = d->top ? json_string_value(json_object_get(d->top, "url")) : NULL;
    const char *author = d->top ? json_string_value(json_object_get(d->top, "author")) : NULL;
    const char *f[4][2] = {{"url", url}, {"title", d->title}, {"author", author}, {"date", d->date}};
    for (int i = 0; i < 4; i++) {
        WN_TRY(wn_buf_printf(b, ",\"%s\":", f[i][0]));
        if (f[i][1])
            WN_TRY(wn_json_str(b, f[i][1], strlen(f[i][1])));
        else
            WN_TRY(wn_buf_puts(b, "null"));
    }
    WN_TRY(wn_buf_puts(b, ",\"text\":"));
    WN_TRY(wn_json_str(b, d->body.data ? d->body.data : "", d->body.len));
    WN_TRY(wn_buf_puts(b, ",\"meta\":"));
    if (d->meta)
        WN_TRY(wn_json_value(b, d->meta));
    else
        WN_TRY(wn_buf_puts(b, "{}"));
    return wn_buf_putc(b, '}');
}

static wn_status render_reject(wn_buf *b, const wn_doc *d)
{
    wn_buf_clear(b);
    json_t *o = json_object();
    if (!o)
        return WN_ERR_NOMEM;
    json_object_set_new(o, "id", json_string(d->id ? d->id : ""));
    json_object_set_new(o, "reason", json_string(d->reject));
    json_t *m = d->reject_info ? json_object_get(d->reject_info, "message") : NULL;
    if (m)
        json_object_set(o, "message", m);
    if (d->origin.file)
        json_object_set_new(o, "file", json_string(d->origin.file));
    json_object_set_new(o, "record", json_integer((json_int_t)d->origin.record));
    json_object_set_new(o, "offset", json_integer((json_int_t)d->origin.offset));
    wn_status s = wn_json_value(b, o);
    json_decref(o);
    return s;
}

static wn_status finish_doc(xrun *r)
{
    wn_doc *d = r->doc;
    if (d->reject) {
        r->c.pages_rejected++;
        if (r->rej) {
            WN_TRY(render_reject(&r->line, d));
            WN_TRY(wn_buf_putc(&r->line, '\n'));
            if (fwrite(r->line.data, 1, r->line.len, r->rej) != r->line.len)
                return WN_ERR_IO;
        }
        return WN_OK;
    }
    r->c.pages_out++;
    WN_TRY(render(&r->line, d));
    WN_TRY(wn_buf_putc(&r->line, '\n'));
    if (fwrite(r->line.data, 1, r->line.len, r->out) != r->line.len)
        return WN_ERR_IO;
    return WN_OK;
}

static wn_status new_doc(xrun *r, const char *file, uint64_t rec, uint64_t off, const char *id)
{
    wn_doc_reset(r->doc);
    r->doc->origin.file = file;
    r->doc->origin.record = rec;
    r->doc->origin.offset = off;
    r->doc->id = strdup(id ? id : "");
    r->c.pages_in++;
    return r->doc->id ? WN_OK : WN_ERR_NOMEM;
}

static wn_status page(xrun *r, const char *html, size_t len, const char *url, const char *ct)
{
    r->c.html_bytes += len;
    return wn_extract_doc(&r->xo, r->scratch, html, len, url, ct, r->doc);
}

/* Plain text (a WET conversion record): lines kept as they are. */
static wn_status text_doc(xrun *r, const char *t, size_t n, const char *url)
{
    wn_doc *d = r->doc;
    wn_buf_clear(&d->body);
    WN_TRY(wn_utf8_repair(&d->body, t, n, &d->invalid_utf8));
    /* drop empty lines and the trailing newline */
    size_t w = 0, st = 0;
    char *s = d->body.data ? d->body.data : "";
    uint32_t ln = 1;
    for (size_t i = 0; i <= d->body.len; i++)
        if (i == d->body.len || s[i] == '\n') {
            size_t a = st, b = i;
            while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r'))
                a++;
            while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
                b--;
            if (b > a) {
                if (w)
                    s[w++] = '\n';
                memmove(s + w, s + a, b - a);
                WN_TRY(wn_doc_add_line(d, w, b - a, ln));
                w += b - a;
            }
            ln++;
            st = i + 1;
        }
    d->body.len = w;
    if (d->body.data)
        d->body.data[w] = 0;
    if (!d->top)
        d->top = json_object();
    if (url && *url)
        json_object_set_new(d->top, "url", json_string(url));
    char ymd[11];
    if (wn_x_date_url(url, ymd))
        d->date = strdup(ymd);
    WN_TRY(wn_doc_meta_set(d, "extraction", json_string("wet")));
    if (w == 0)
        wn_doc_reject(d, "empty", "empty conversion record");
    return WN_OK;
}

static int is_html_type(const char *ct)
{
    if (!ct || !*ct)
        return 1;
    for (const char *p = ct; *p && *p != ';'; p++)
        if (!strncasecmp(p, "html", 4))
            return 1;
    return 0;
}

/* Inflates a gzip/deflate Content-Encoding into r->page, bounded. */
static int inflate_body(xrun *r, const char *p, size_t n)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 32) != Z_OK)
        return 0;
    wn_buf_clear(&r->page);
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)n;
    int ok = 1;
    for (;;) {
        if (wn_buf_reserve(&r->page, 65536) != WN_OK) {
            ok = 0;
            break;
        }
        z.next_out = (Bytef *)r->page.data + r->page.len;
        z.avail_out = 65536;
        int e = inflate(&z, Z_NO_FLUSH);
        r->page.len += 65536 - z.avail_out;
        r->page.data[r->page.len] = 0;
        if (e == Z_STREAM_END)
            break;
        if (e != Z_OK || r->page.len > r->xo.max_html) {
            ok = e == Z_BUF_ERROR && r->page.len > 0;   /* truncated: keep what came */
            break;
        }
    }
    inflateEnd(&z);
    return ok;
}

static wn_status do_warc(xrun *r, FILE *f, const char *name)
{
    wn_warc *w;
    WN_TRY(wn_warc_open(f, name, r->xo.max_html + (1u << 20), &w));
    wn_status s = WN_OK;
    for (;;) {
        wn_warc_record rec;
        int eof;
        s = wn_warc_next(w, &rec, &eof);
        if (s != WN_OK) {
            diag(r, WN_DIAG_ERROR, "%s", wn_warc_error(w));
            break;
        }
        if (eof)
            break;
        if ((s = new_doc(r, name, rec.number, rec.offset, rec.record_id)) != WN_OK)
            break;
        if (rec.kind == WN_WARC_CONVERSION) {
            s = text_doc(r, rec.payload, rec.payload_len, rec.target_uri);
        } else if (rec.http_status && (rec.http_status < 200 || rec.http_status >= 300)) {
            wn_doc_reject(r->doc, "http-status", "HTTP status %d", rec.http_status);
        } else if (!is_html_type(rec.http_content_type)) {
            wn_doc_reject(r->doc, "not-html", "content type %s", rec.http_content_type);
        } else if (rec.http_content_encoding[0] && strcasecmp(rec.http_content_encoding, "identity") != 0) {
            if ((!strcasecmp(rec.http_content_encoding, "gzip") || !strcasecmp(rec.http_content_encoding, "x-gzip") ||
                 !strcasecmp(rec.http_content_encoding, "deflate")) &&
                inflate_body(r, rec.payload, rec.payload_len))
                s = page(r, r->page.data, r->page.len, rec.target_uri, rec.http_content_type);
            else
                wn_doc_reject(r->doc, "content-encoding", "cannot decode Content-Encoding %s",
                              rec.http_content_encoding);
        } else {
            s = page(r, rec.payload, rec.payload_len, rec.target_uri, rec.http_content_type);
        }
        if (s == WN_OK) {
            if (r->doc->meta && json_object_size(r->doc->meta) && rec.warc_date[0])
                wn_doc_meta_set(r->doc, "warc_date", json_string(rec.warc_date));
            s = finish_doc(r);
        }
        if (s != WN_OK)
            break;
    }
    wn_warc_counts wc;
    wn_warc_get_counts(w, &wc);
    r->c.warc_records += wc.records;
    r->c.warc_skipped += wc.records - wc.responses - wc.conversions;
    wn_warc_free(w);
    return s;
}

/* Reads a whole decoded stream into r->page, at most limit+1 bytes kept. */
static wn_status slurp(xrun *r, wn_xstream *xs, size_t limit, int *over)
{
    wn_buf_clear(&r->page);
    *over = 0;
    char tmp[65536];
    for (;;) {
        size_t got;
        WN_TRY(wn_xs_read(xs, tmp, sizeof tmp, &got));
        if (!got)
            return WN_OK;
        if (r->page.len + got > limit + 1) {
            *over = 1;
            continue;  /* keep reading to the end, keep nothing more */
        }
        WN_TRY(wn_buf_append(&r->page, tmp, got));
    }
}

static wn_status do_jsonl(xrun *r, const char *name)
{
    /* r->page holds the decoded file */
    char *p = r->page.data, *end = p + r->page.len;
    uint64_t no = 0;
    wn_status s = WN_OK;
    while (p < end && s == WN_OK) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        no++;
        json_error_t err;
        json_t *j = json_loadb(p, (size_t)(le - p), 0, &err);
        uint64_t off = (uint64_t)(p - r->page.data);
        p = nl ? nl + 1 : end;
        if (!j && le == p)
            continue;
        const char *id = j ? json_string_value(json_object_get(j, "id")) : NULL;
        char idbuf[64];
        if (!id) {
            snprintf(idbuf, sizeof idbuf, "%llu", (unsigned long long)no);
            id = idbuf;
        }
        if ((s = new_doc(r, name, no, off, id)) != WN_OK) {
            json_decref(j);
            break;
        }
        const char *html = j ? json_string_value(json_object_get(j, "html")) : NULL;
        if (!j)
            wn_doc_reject(r->doc, "bad-json", "line %llu: %s", (unsigned long long)no, err.text);
        else if (!html)
            wn_doc_reject(r->doc, "no-html", "record has no \"html\" string");
        else
            s = page(r, html, json_string_length(json_object_get(j, "html")),
                     json_string_value(json_object_get(j, "url")), NULL);
        json_decref(j);
        if (s == WN_OK)
            s = finish_doc(r);
    }
    return s;
}

static wn_status do_file(xrun *r, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        diag(r, WN_DIAG_ERROR, "%s: %s", path, strerror(errno));
        return WN_ERR_IO;
    }
    /* sniff: decode the first bytes */
    wn_xstream *xs;
    wn_status s = wn_xs_open(f, f != stdin, &xs);
    if (s != WN_OK) {
        diag(r, WN_DIAG_ERROR, "%s: cannot read", path);
        return s;
    }
    int over;
    /* A file is read whole unless it is a WARC; WARC detection needs the
     * first bytes, so peek through a second stream on a reopened file. */
    if (f != stdin) {
        char head[16];
        size_t got = 0;
        wn_status ps = wn_xs_read(xs, head, sizeof head, &got);
        if (ps == WN_OK && wn_warc_sniff(head, got)) {
            wn_xs_free(xs);
            FILE *g = fopen(path, "rb");
            if (!g) {
                diag(r, WN_DIAG_ERROR, "%s: %s", path, strerror(errno));
                return WN_ERR_IO;
            }
            return do_warc(r, g, path);
        }
        wn_xs_free(xs);
        f = fopen(path, "rb");
        if (!f) {
            diag(r, WN_DIAG_ERROR, "%s: %s", path, strerror(errno));
            return WN_ERR_IO;
        }
        if ((s = wn_xs_open(f, 1, &xs)) != WN_OK)
            return s;
    }
    s = slurp(r, xs, r->xo.max_html, &over);
    if (s != WN_OK) {
        diag(r, WN_DIAG_ERROR, "%s: %s", path, wn_xs_error(xs));
        wn_xs_free(xs);
        return s;
    }
    wn_xs_free(xs);
    if (f == stdin && wn_warc_sniff(r->page.data ? r->page.data : "", r->page.len)) {
        FILE *m = fmemopen(r->page.data, r->page.len, "rb");
        if (!m)
            return WN_ERR_NOMEM;
        wn_buf keep = r->page;
        r->page = (wn_buf)WN_BUF_INIT;
        s = do_warc(r, m, "-");
        wn_buf_free(&keep);
        return s;
    }
    const char *q = r->page.data ? r->page.data : "";
    while (*q == ' ' || *q == '\n' || *q == '\r' || *q == '\t')
        q++;
    if (*q == '{' && !over)
        return do_jsonl(r, path);
    WN_TRY(new_doc(r, path, 1, 0, path));
    if (over)
        wn_doc_reject(r->doc, "too-large", "page over max-html-bytes (%zu)", r->xo.max_html);
    else
        WN_TRY(page(r, r->page.data ? r->page.data : "", r->page.len, NULL, NULL));
    return finish_doc(r);
}

static int wanted_name(const char *n)
{
    static const char *const ext[] = {".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".html.zst",
                                      ".warc", ".warc.gz", ".warc.zst", ".wet", ".wet.gz", ".wet.zst",
                                      ".jsonl", ".jsonl.gz", ".jsonl.zst", NULL};
    size_t ln = strlen(n);
    for (int i = 0; ext[i]; i++) {
        size_t k = strlen(ext[i]);
        if (ln > k && !strcasecmp(n + ln - k, ext[i]))
            return 1;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static wn_status do_path(xrun *r, const char *path, int depth);

static wn_status do_dir(xrun *r, const char *path, int depth)
{
    DIR *dir = opendir(path);
    if (!dir) {
        diag(r, WN_DIAG_ERROR, "%s: %s", path, strerror(errno));
        return WN_ERR_IO;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    wn_status s = WN_OK;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **p = realloc(names, cap * sizeof *p);
            if (!p) {
                s = WN_ERR_NOMEM;
                break;
            }
            names = p;
        }
        size_t l = strlen(path) + strlen(de->d_name) + 2;
        names[n] = malloc(l);
        if (!names[n]) {
            s = WN_ERR_NOMEM;
            break;
        }
        snprintf(names[n], l, "%s/%s", path, de->d_name);
        n++;
    }
    closedir(dir);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    wn_status worst = WN_OK;
    for (size_t i = 0; i < n && s == WN_OK; i++) {
        struct stat st;
        if (stat(names[i], &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth < 32) {
                wn_status e = do_path(r, names[i], depth + 1);
                if (e == WN_ERR_NOMEM)
                    s = e;
                else if (e != WN_OK)
                    worst = e;
            }
        } else if (wanted_name(names[i])) {
            wn_status e = do_path(r, names[i], depth + 1);
            if (e == WN_ERR_NOMEM)
                s = e;
            else if (e != WN_OK)
                worst = e;
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return s != WN_OK ? s : worst;
}

static wn_status do_path(xrun *r, const char *path, int depth)
{
    struct stat st;
    if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return do_dir(r, path, depth);
    wn_status s = do_file(r, path);
    if (s != WN_OK && s != WN_ERR_NOMEM)
        r->c.files_failed++;
    return s;
}

wn_status wn_extract_files(const wn_options *opts, wn_diag_fn dfn, void *ctx, wn_extract_counts *counts)
{
    xrun r;
    memset(&r, 0, sizeof r);
    r.opts = opts;
    r.diag = dfn;
    r.ctx = ctx;
    if (counts)
        memset(counts, 0, sizeof *counts);
    wn_status s = wn_xopts_read(opts, &r.xo);
    if (s != WN_OK) {
        diag(&r, WN_DIAG_ERROR, "%s", wn_opt_last_error(opts));
        return s;
    }
    char xerr[256];
    if ((s = wn_extract_global_init(xerr, sizeof xerr)) != WN_OK) {
        diag(&r, WN_DIAG_ERROR, "%s", xerr);
        return s;
    }
    const char *out = wn_opt_get(opts, "output"), *rej = wn_opt_get(opts, "rejects");
    r.out = !out || !strcmp(out, "-") ? stdout : fopen(out, "wb");
    if (!r.out) {
        diag(&r, WN_DIAG_ERROR, "%s: %s", out, strerror(errno));
        return WN_ERR_IO;
    }
    if (rej && !(r.rej = fopen(rej, "wb"))) {
        diag(&r, WN_DIAG_ERROR, "%s: %s", rej, strerror(errno));
        if (r.out != stdout)
            fclose(r.out);
        return WN_ERR_IO;
    }
    r.doc = wn_doc_new();
    r.scratch = wn_xscratch_new();
    if (!r.doc || !r.scratch)
        s = WN_ERR_NOMEM;
    size_t n = wn_opt_count(opts, "input");
    wn_status worst = WN_OK;
    for (size_t i = 0; s == WN_OK && i < (n ? n : 1); i++) {
        wn_status e = do_path(&r, n ? wn_opt_nth(opts, "input", i) : "-", 0);
        if (e == WN_ERR_NOMEM || e == WN_ERR_INTERNAL)
            s = e;
        else if (e != WN_OK && worst == WN_OK)
            worst = e;
    }
    if (fflush(r.out) != 0 && s == WN_OK)
        s = WN_ERR_IO;
    if (r.out != stdout && fclose(r.out) != 0 && s == WN_OK)
        s = WN_ERR_IO;
    if (r.rej && fclose(r.rej) != 0 && s == WN_OK)
        s = WN_ERR_IO;
    wn_doc_free(r.doc);
    wn_xscratch_free(r.scratch);
    wn_buf_free(&r.line);
    wn_buf_free(&r.page);
    if (counts)
        *counts = r.c;
    return s != WN_OK ? s : worst;
}

wn_status wn_extract_page(const wn_options *opts, const char *html, size_t len, const char *url,
                          const char *content_type, const char *id, char **json, const char **reject)
{
    *json = NULL;
    *reject = NULL;
    wn_xopts xo;
    WN_TRY(wn_xopts_read(opts, &xo));
    char xerr[256];
    if (wn_extract_global_init(xerr, sizeof xerr) != WN_OK) {
        wn_set_last_error("%s", xerr);
        return WN_ERR_IO;
    }
    wn_doc *d = wn_doc_new();
    if (!d)
        return WN_ERR_NOMEM;
    d->id = id ? strdup(id) : NULL;
    wn_status s = wn_extract_doc(&xo, NULL, html, len, url, content_type, d);
    if (s == WN_OK) {
        if (d->reject) {
            *reject = d->reject;
        } else {
            wn_buf b = WN_BUF_INIT;
            s = render(&b, d);
            if (s == WN_OK)
                *json = wn_buf_steal(&b);
            wn_buf_free(&b);
        }
    }
    wn_doc_free(d);
    return s;
}
