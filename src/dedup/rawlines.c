/* rawlines.c: the "rawlines" stage of `winnow dedup` (--clean off).
 *
 * A deduplicator's user expects records to pass through: the kept records
 * are the input records, text unchanged (datatrove's and datasketch's
 * dedup do not touch the text).  With --clean off, normalize and clean are
 * left out, and this stage only cuts the body as the parser read it into
 * lines at '\n' (empty lines kept, '\r' kept), so that rendering the kept
 * lines joined by '\n' gives the text back byte for byte, and the stages
 * after it (language identification, the minhash stage's text and
 * --paragraphs) see one line per paragraph. */
#include "dedup/stage.h"

#include <stdlib.h>
#include <string.h>

static wn_status rl_create(const wn_stage_env *env, void **self)
{
    int clean = 1;
    *self = NULL;
    WN_TRY(wn_opt_bool(env->opts, "clean", 1, &clean));
    if (!clean)
        *self = (void *)&wn_stage_rawlines;   /* any non-NULL: no state */
    return WN_OK;
}

static wn_status rl_process(void *self, void *scratch, wn_doc *d)
{
    (void)self;
    (void)scratch;
    if (d->reject || d->nlines)   /* the extract stage may have made lines */
        return WN_OK;
    const char *s = d->body.data;
    size_t n = d->body.len, at = 0;
    uint32_t line = d->body_line0 ? d->body_line0 : 1;
    while (n && at <= n) {
        const char *nl = memchr(s + at, '\n', n - at);
        size_t e = nl ? (size_t)(nl - s) : n;
        WN_TRY(wn_doc_add_line(d, at, e - at, line++));
        if (!nl)
            break;
        at = e + 1;
    }
    return WN_OK;
}

static void rl_destroy(void *self)
{
    (void)self;
}

const wn_stage_ops wn_stage_rawlines = {
    .name = "rawlines",
    .ordered = 0,
    .create = rl_create,
    .process = rl_process,
    .destroy = rl_destroy,
};
