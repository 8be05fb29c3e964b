#include "parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "jsonrec.h"
#include "reader.h"

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

static void reject_at(wn_doc *d, const char *reason, const char *what)
{
    wn_doc_reject(d, reason, "%s", what);
}

/* Seed format: an optional header line " date YYYY-MM-DD <title>", then the
 * body, one paragraph per line. */
static wn_status parse_seed(wn_doc *d)
{
    const char *s = d->raw.data ? d->raw.data : "";
    size_t n = d->raw.len;
    const char *nl = memchr(s, '\n', n);
    size_t first = nl ? (size_t)(nl - s) : n;
    size_t body_from = 0;
    d->body_line0 = 1;
    if (wn_seed_is_header(s, first)) {
        size_t i = 0;
        while (s[i] == ' ' || s[i] == '\t')
            i++;
        i += 4;
        while (s[i] == ' ' || s[i] == '\t')
            i++;
        if (!(d->date = dup_n(s + i, 10)))
            return WN_ERR_NOMEM;
        i += 10;
        size_t e = first;
        while (i < e && (s[i] == ' ' || s[i] == '\t'))
            i++;
        while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
            e--;
        if (e > i && !(d->title = dup_n(s + i, e - i)))
            return WN_ERR_NOMEM;
        body_from = nl ? first + 1 : n;
        d->body_line0 = 2;
    }
    wn_buf_clear(&d->body);
    return wn_buf_append(&d->body, s + body_from, n - body_from);
}

typedef struct jsonl_ctx {
    wn_doc *d;
    json_t *extra;       /* pass-through members, in order */
    json_t *meta;        /* the input's "meta" object */
    int has_text, text_not_string;
    wn_status st;
    char bad[200];       /* a member jansson cannot hold (a 30-digit integer) */
} jsonl_ctx;

static json_t *to_json(jsonl_ctx *c, const char *v, size_t n, const wn_buf *str)
{
    if (str) /* valid UTF-8: the line was repaired before parsing */
        return json_stringn_nocheck(str->data ? str->data : "", str->len);
    json_error_t err;
    json_t *j = json_loadb(v, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    if (!j && json_error_code(&err) != json_error_out_of_memory)
        snprintf(c->bad, sizeof c->bad, "a value this reader cannot keep: %s", err.text);
    return j;
}

/* Is the decoded key (which may hold NUL bytes) exactly name? */
static int key_is(const char *key, size_t kl, const char *name)
{
    return kl == strlen(name) && !memcmp(key, name, kl);
}

static int on_member(void *ctx, const char *key, size_t kl, const char *v, size_t vn, const wn_buf *str)
{
    jsonl_ctx *c = ctx;
    wn_doc *d = c->d;
    if (key_is(key, kl, "text")) { /* a string was decoded into d->body */
        c->has_text = 1;
        c->text_not_string = !str;
        return 0;
    }
    char **field = key_is(key, kl, "id") ? &d->id : key_is(key, kl, "date") ? &d->date
                 : key_is(key, kl, "title") ? &d->title : NULL;
    if (field && (str || (field == &d->id && (v[0] == '-' || (v[0] >= '0' && v[0] <= '9'))))) {
        char *val = str ? dup_n(str->data ? str->data : "", str->len) : dup_n(v, vn);
        if (!val) {
            c->st = WN_ERR_NOMEM;
            return 1;
        }
        free(*field);
        *field = val;
        return 0;
    }
    json_t *j = to_json(c, v, vn, str);
    if (!j) {
        if (c->st == WN_OK && !c->bad[0])
            c->st = WN_ERR_NOMEM;
        return 1;
    }
    if (key_is(key, kl, "meta") && json_is_object(j)) {
        json_decref(c->meta);
        c->meta = j;
        return 0;
    }
    if (!c->extra && !(c->extra = json_object())) {
        json_decref(j);
        c->st = WN_ERR_NOMEM;
        return 1;
    }
    if (json_object_setn_new(c->extra, key, kl, j) != 0) {
        c->st = WN_ERR_NOMEM;
        return 1;
    }
    return 0;
}

/* JSONL: `text` is the body; `id`, `date`, `title` become fields; `meta`
 * and every other member go to meta unchanged (members beside `meta` win
 * over its keys of the same name). */
static wn_status parse_jsonl(wn_doc *d)
{
    const char *s = d->raw.data ? d->raw.data : "";
    size_t n = d->raw.len;
    wn_buf fixed = WN_BUF_INIT;
    if (wn_utf8_valid_prefix(s, n) < n) {
        /* Repair first and count, as for text, so strings are valid UTF-8. */
        WN_TRY(wn_utf8_repair(&fixed, s, n, &d->invalid_utf8));
        s = fixed.data;
        n = fixed.len;
    }
    jsonl_ctx c = {.d = d};
    char *default_id = d->id;
    d->id = NULL;
    wn_buf_clear(&d->body);
    wn_jsonrec_error err = {0};
    const wn_jsonrec_direct text = {"text", 4, &d->body};
    int rc = wn_jsonrec_parse(s, n, &text, on_member, &c, &err);
    wn_buf_free(&fixed);
    if (!d->id)
        d->id = default_id;
    else
        free(default_id);
    wn_status st = c.st;
    if (rc == -1 && !strcmp(err.what, "out of memory"))
        st = WN_ERR_NOMEM; /* not the record's fault */
    if (st == WN_OK && c.bad[0]) {
        /* valid JSON that jansson cannot represent (an integer past 64
         * bits): the record goes to the rejects, the stream goes on */
        reject_at(d, "bad-json", c.bad);
        rc = -1;
    } else if (rc == -1 && st == WN_OK) {
        char what[200];
        snprintf(what, sizeof what, "invalid JSON at column %zu: %s", err.offset + 1, err.what);
        reject_at(d, "bad-json", what);
    } else if (st == WN_OK && (!c.has_text || c.text_not_string)) {
        reject_at(d, "no-text", c.has_text ? "\"text\" is not a string" : "no \"text\" field");
    }
    if (st == WN_OK && rc != -1) {
        d->meta = c.meta;
        c.meta = NULL;
        if (c.extra) {
            if (!d->meta) {
                d->meta = c.extra;
                c.extra = NULL;
            } else if (json_object_update(d->meta, c.extra) != 0) {
                st = WN_ERR_NOMEM;
            }
        }
    }
    json_decref(c.meta);
    json_decref(c.extra);
    d->body_line0 = 1;
    return st;
}

wn_status wn_parse_record(wn_doc *d)
{
    if (d->reject)
        return WN_OK;
    if (d->format == WN_FMT_HTML)
        return WN_OK;   /* the extract stage parses the page (issue 6) */
    return d->format == WN_FMT_JSONL ? parse_jsonl(d) : parse_seed(d);
}
