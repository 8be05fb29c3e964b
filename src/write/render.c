#include "render.h"

#include <string.h>

#include "common/jsonw.h"
#include "common/utf8.h"

static wn_status key(wn_buf *b, const char *k)
{
    WN_TRY(wn_buf_putc(b, b->data[b->len - 1] == '{' ? '"' : ','));
    if (b->data[b->len - 1] == ',')
        WN_TRY(wn_buf_putc(b, '"'));
    WN_TRY(wn_buf_puts(b, k));
    return wn_buf_puts(b, "\":");
}

static wn_status str_field(wn_buf *b, const char *k, const char *v)
{
    if (!v)
        return WN_OK;
    WN_TRY(key(b, k));
    return wn_json_str(b, v, strlen(v));
}

wn_status wn_render_text(const wn_doc *d, wn_buf *out)
{
    wn_buf_clear(out);
    for (size_t i = 0; i < d->nlines; i++) {
        const wn_line *l = &d->lines[i];
        if (l->removed)
            continue;
        if (out->len)
            WN_TRY(wn_buf_putc(out, '\n'));
        WN_TRY(wn_buf_append(out, d->body.data + l->off, l->len));
    }
    return WN_OK;
}

static wn_status removed_list(wn_buf *b, const wn_doc *d)
{
    WN_TRY(key(b, "removed"));
    WN_TRY(wn_buf_putc(b, '['));
    int first = 1;
    for (size_t i = 0; i < d->nlines; i++) {
        const wn_line *l = &d->lines[i];
        if (!l->removed)
            continue;
        WN_TRY(wn_buf_printf(b, "%s{\"line\":%u,\"reason\":", first ? "" : ",", (unsigned)l->src_line));
        WN_TRY(wn_json_str(b, l->removed, strlen(l->removed)));
        WN_TRY(wn_buf_puts(b, ",\"text\":"));
        WN_TRY(wn_json_str(b, d->body.data + l->off, l->len));
        WN_TRY(wn_buf_putc(b, '}'));
        first = 0;
    }
    return wn_buf_putc(b, ']');
}

/* Appends ,"key":value for each member of obj but `skip`. */
static wn_status object_fields(wn_buf *b, const json_t *obj, const char *skip)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)obj, k, v) {
        if (skip && !strcmp(k, skip))
            continue;
        WN_TRY(wn_buf_putc(b, ','));
        WN_TRY(wn_json_str(b, k, strlen(k)));
        WN_TRY(wn_buf_putc(b, ':'));
        WN_TRY(wn_json_value(b, v));
    }
    return WN_OK;
}

wn_status wn_render_doc(wn_doc *d, int explain)
{
    wn_buf *b = &d->out;
    wn_buf_clear(b);
    WN_TRY(wn_buf_putc(b, '{'));
    WN_TRY(str_field(b, "id", d->id ? d->id : ""));
    WN_TRY(str_field(b, "date", d->date));
    WN_TRY(str_field(b, "title", d->title));
    if (d->top)
        WN_TRY(object_fields(b, d->top, NULL));
    WN_TRY(key(b, "text"));
    /* The text straight from the kept lines, escaped once. */
    WN_TRY(wn_buf_putc(b, '"'));
    int first = 1;
    for (size_t i = 0; i < d->nlines; i++) {
        const wn_line *l = &d->lines[i];
        if (l->removed)
            continue;
        if (!first)
            WN_TRY(wn_buf_puts(b, "\\n"));
        first = 0;
        WN_TRY(wn_json_str_body(b, d->body.data + l->off, l->len));
    }
    WN_TRY(wn_buf_putc(b, '"'));
    if (d->meta && json_object_size(d->meta)) {
        WN_TRY(key(b, "meta"));
        WN_TRY(wn_json_value(b, d->meta));
    }
    if (explain)
        WN_TRY(removed_list(b, d));
    return wn_buf_puts(b, "}\n");
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static wn_status base64(wn_buf *b, const unsigned char *s, size_t n)
{
    WN_TRY(wn_buf_reserve(b, (n + 2) / 3 * 4 + 2));
    char *o = b->data + b->len;
    *o++ = '"';
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        unsigned v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];
        *o++ = b64[v >> 18]; *o++ = b64[(v >> 12) & 63]; *o++ = b64[(v >> 6) & 63]; *o++ = b64[v & 63];
    }
    if (i < n) {
        unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0);
        *o++ = b64[v >> 18];
        *o++ = b64[(v >> 12) & 63];
        *o++ = i + 1 < n ? b64[(v >> 6) & 63] : '=';
        *o++ = '=';
    }
    *o++ = '"';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = 0;
    return WN_OK;
}

wn_status wn_render_reject(wn_doc *d, int explain)
{
    wn_buf *b = &d->out;
    wn_buf_clear(b);
    WN_TRY(wn_buf_putc(b, '{'));
    WN_TRY(str_field(b, "id", d->id ? d->id : ""));
    WN_TRY(str_field(b, "reason", d->reject ? d->reject : "unknown"));
    if (d->reject_info) {
        json_t *msg = json_object_get(d->reject_info, "message");
        if (json_is_string(msg))
            WN_TRY(str_field(b, "message", json_string_value(msg)));
        WN_TRY(object_fields(b, d->reject_info, "message"));
    }
    WN_TRY(key(b, "source"));
    WN_TRY(wn_buf_puts(b, "{\"file\":"));
    const char *f = d->origin.file ? d->origin.file : "";
    WN_TRY(wn_json_str(b, f, strlen(f)));
    WN_TRY(wn_buf_printf(b, ",\"record\":%llu,\"line\":%llu,\"offset\":%llu}",
                         (unsigned long long)d->origin.record, (unsigned long long)d->origin.line,
                         (unsigned long long)d->origin.offset));
    const char *raw = d->raw.data ? d->raw.data : "";
    size_t n = d->raw.len;
    int valid = wn_utf8_valid_prefix(raw, n) == n;
    int parsed = d->format == WN_FMT_JSONL && valid && d->reject && strcmp(d->reject, "bad-json") != 0 &&
                 strcmp(d->reject, "too-large") != 0;
    if (parsed) {
        WN_TRY(key(b, "record"));
        WN_TRY(wn_buf_append(b, raw, n));
    } else {
        WN_TRY(key(b, "raw"));
        if (valid) {
            WN_TRY(wn_json_str(b, raw, n));
        } else {
            wn_buf fixed = WN_BUF_INIT;
            size_t rep = 0;
            wn_status st = wn_utf8_repair(&fixed, raw, n, &rep);
            if (st == WN_OK)
                st = wn_json_str(b, fixed.data, fixed.len);
            wn_buf_free(&fixed);
            WN_TRY(st);
            WN_TRY(key(b, "raw_base64"));
            WN_TRY(base64(b, (const unsigned char *)raw, n));
        }
    }
    if (explain && d->nlines)
        WN_TRY(removed_list(b, d));
    return wn_buf_puts(b, "}\n");
}
