#include "parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
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

static wn_status take_string(json_t *v, char **out)
{
    if (json_is_string(v)) {
        if (!(*out = dup_n(json_string_value(v), json_string_length(v))))
            return WN_ERR_NOMEM;
    } else if (json_is_integer(v)) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        if (!(*out = strdup(tmp)))
            return WN_ERR_NOMEM;
    }
    return WN_OK;
}

/* JSONL: `text` is the body; `id`, `date`, `title` become fields; `meta`
 * and every other key go to meta unchanged. */
static wn_status parse_jsonl(wn_doc *d)
{
    const char *s = d->raw.data ? d->raw.data : "";
    size_t n = d->raw.len;
    wn_buf fixed = WN_BUF_INIT;
    if (wn_utf8_valid_prefix(s, n) < n) {
        /* jansson refuses invalid UTF-8: repair first and count, as for text. */
        WN_TRY(wn_utf8_repair(&fixed, s, n, &d->invalid_utf8));
        s = fixed.data;
        n = fixed.len;
    }
    json_error_t err;
    json_t *root = json_loadb(s, n, JSON_ALLOW_NUL, &err);
    wn_buf_free(&fixed);
    if (!root) {
        char what[300];
        snprintf(what, sizeof what, "invalid JSON at column %d: %s", err.column, err.text);
        reject_at(d, "bad-json", what);
        return WN_OK;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        reject_at(d, "bad-json", "not a JSON object");
        return WN_OK;
    }
    char *id = NULL;
    wn_status st = take_string(json_object_get(root, "id"), &id);
    if (id) {
        free(d->id);
        d->id = id;
    }
    json_t *text = json_object_get(root, "text");
    if (!json_is_string(text)) {
        json_decref(root);
        reject_at(d, "no-text", text ? "\"text\" is not a string" : "no \"text\" field");
        return st;
    }
    if (st == WN_OK)
        st = take_string(json_object_get(root, "date"), &d->date);
    if (st == WN_OK)
        st = take_string(json_object_get(root, "title"), &d->title);
    json_t *meta = json_object_get(root, "meta");
    if (st == WN_OK && json_is_object(meta)) {
        d->meta = json_incref(meta);
    }
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        if (st != WN_OK)
            break;
        if (!strcmp(key, "text") || !strcmp(key, "id") || (!strcmp(key, "meta") && json_is_object(v)))
            continue;
        if ((!strcmp(key, "date") && d->date) || (!strcmp(key, "title") && d->title))
            continue;
        st = wn_doc_meta_set(d, key, json_incref(v));
    }
    if (st == WN_OK) {
        wn_buf_clear(&d->body);
        st = wn_buf_append(&d->body, json_string_value(text), json_string_length(text));
    }
    d->body_line0 = 1;
    json_decref(root);
    return st;
}

wn_status wn_parse_record(wn_doc *d)
{
    if (d->reject)
        return WN_OK;
    return d->format == WN_FMT_JSONL ? parse_jsonl(d) : parse_seed(d);
}
