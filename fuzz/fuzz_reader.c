/* fuzz_reader: any bytes as an input file (seed or JSONL, plain, gzip or
 * zstd; the first byte chooses auto-detection, the seed or the JSONL reader), through record splitting, parsing, normalisation and cleaning.
 * Checks the invariants every record must keep. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "pipeline/engine.h"
#include "read/reader.h"
#include "write/render.h"

static wn_engine engine;
static wn_engine_scratch scratch;
static int ready;

static void setup(void)
{
    wn_options *o;
    wn_options_new(&o);
    wn_options_set(o, "data-dir", "data");
    char err[256];
    if (wn_engine_init(&engine, o, "data", err, sizeof err) != WN_OK ||
        wn_engine_scratch_init(&engine, &scratch) != WN_OK) {
        fprintf(stderr, "fuzz_reader: cannot set up: %s\n", err);
        abort();
    }
    /* options must outlive the engine: they are read at create time only */
    wn_options_free(o);
    ready = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready)
        setup();
    /* The first byte picks the reader: auto-detection, seed or JSONL. */
    wn_format fmt = WN_FMT_AUTO;
    if (size > 0) {
        fmt = data[0] % 3 == 1 ? WN_FMT_SEED : data[0] % 3 == 2 ? WN_FMT_JSONL : WN_FMT_AUTO;
        data++;
        size--;
    }
    wn_reader_config cfg = {.mem = data, .mem_len = size, .max_record_bytes = 1 << 16, .format = fmt};
    wn_reader *r;
    if (wn_reader_new(&cfg, &r) != WN_OK)
        abort();
    wn_doc *d = wn_doc_new();
    for (int eof = 0;;) {
        wn_doc_reset(d);
        if (wn_reader_next(r, d, &eof) != WN_OK)
            abort();
        if (eof)
            break;
        if (wn_engine_process(&engine, &scratch, d) != WN_OK)
            abort();
        wn_status st = d->reject ? wn_render_reject(d, 1) : wn_render_doc(d, 1);
        if (st != WN_OK)
            abort();
        /* every output line is valid UTF-8 and ends with one newline */
        if (wn_utf8_valid_prefix(d->out.data, d->out.len) != d->out.len)
            abort();
        if (d->out.len == 0 || d->out.data[d->out.len - 1] != '\n' || memchr(d->out.data, '\n', d->out.len - 1))
            abort();
        if (!d->reject && wn_doc_kept_lines(d) == 0)
            abort();
    }
    wn_doc_free(d);
    wn_reader_free(r);
    return 0;
}
