#include "doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

wn_doc *wn_doc_new(void)
{
    return calloc(1, sizeof(wn_doc));
}

static void release_fields(wn_doc *d)
{
    free(d->id);
    free(d->date);
    free(d->title);
    json_decref(d->top);
    json_decref(d->meta);
    json_decref(d->reject_info);
    d->id = d->date = d->title = NULL;
    if (d->dedup_sig && d->dedup_sig_free)
        d->dedup_sig_free(d->dedup_sig);
    d->dedup_sig = NULL;
    d->dedup_sig_free = NULL;
    d->top = d->meta = d->reject_info = NULL;
}

void wn_doc_free(wn_doc *d)
{
    if (!d)
        return;
    release_fields(d);
    wn_buf_free(&d->raw);
    wn_buf_free(&d->body);
    wn_buf_free(&d->out);
    free(d->lines);
    free(d);
}

/* Buffers over this size are freed on reset, so that one huge record does
 * not pin its memory in a reused document for the rest of the run. */
#define KEEP_CAP (1u << 20)

static void shrink(wn_buf *b)
{
    if (b->cap > KEEP_CAP)
        wn_buf_free(b);
}

void wn_doc_reset(wn_doc *d)
{
    release_fields(d);
    shrink(&d->raw);
    shrink(&d->body);
    shrink(&d->out);
    if (d->lines_cap > KEEP_CAP / sizeof *d->lines) {
        free(d->lines);
        d->lines = NULL;
        d->lines_cap = 0;
    }
    wn_buf_clear(&d->raw);
    wn_buf_clear(&d->body);
    wn_buf_clear(&d->out);
    d->nlines = 0;
    d->invalid_utf8 = 0;
    d->body_line0 = 1;
    d->reject = NULL;
    d->changed = 0;
    d->seq = 0;
    d->format = WN_FMT_AUTO;
    d->origin = (wn_origin){0};
}

wn_status wn_doc_add_line(wn_doc *d, size_t off, size_t len, uint32_t src_line)
{
    WN_TRY(wn_grow(&d->lines, &d->lines_cap, d->nlines, sizeof *d->lines));
    d->lines[d->nlines++] = (wn_line){.off = off, .len = len, .src_line = src_line};
    return WN_OK;
}

void wn_doc_reject(wn_doc *d, const char *reason, const char *fmt, ...)
{
    if (d->reject)
        return;
    d->reject = reason;
    if (!d->reject_info)
        d->reject_info = json_object();
    if (fmt && d->reject_info) {
        char msg[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        json_object_set_new(d->reject_info, "message", json_string(msg));
    }
}

wn_status wn_doc_meta_set(wn_doc *d, const char *key, json_t *value)
{
    if (!value)
        return WN_ERR_NOMEM;
    if (!d->meta && !(d->meta = json_object())) {
        json_decref(value);
        return WN_ERR_NOMEM;
    }
    return json_object_set_new(d->meta, key, value) == 0 ? WN_OK : WN_ERR_NOMEM;
}

size_t wn_doc_kept_lines(const wn_doc *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->nlines; i++)
        n += d->lines[i].removed == NULL;
    return n;
}

size_t wn_doc_held_bytes(const wn_doc *d)
{
    return d->raw.cap + d->body.cap + d->out.cap + d->lines_cap * sizeof *d->lines;
}

void wn_doc_release(wn_doc *d)
{
    wn_doc_reset(d);
    wn_buf_free(&d->raw);
    wn_buf_free(&d->body);
    wn_buf_free(&d->out);
    free(d->lines);
    d->lines = NULL;
    d->lines_cap = 0;
}
