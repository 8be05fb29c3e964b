/* run.c: wn_run, the whole pipeline over files, with a worker pool whose
 * output order is the input order (doc/ARCHITECTURE.md, "Threads"). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/lasterror.h"
#include "common/options.h"
#include "engine.h"
#include "read/reader.h"
#include "write/render.h"
#include "write/sink.h"

#define MAX_INPUT_ERRORS_SHOWN 100

enum { SLOT_FREE, SLOT_BUSY, SLOT_DONE };

typedef struct slot {
    wn_doc **docs;
    size_t n, cap;
    uint64_t seq;
    int state;
} slot;

typedef struct counter {
    const char *name;
    uint64_t n;
} counter;

struct wn_run {
    wn_options *opts;
    wn_engine engine;
    char data_dir[4096];
    int has_data_dir;
    unsigned threads;
    int explain;
    wn_format format;
    uint64_t max_record, batch_bytes;
    wn_diag_fn diag;
    void *diag_ctx;
    wn_progress_fn progress;
    void *progress_ctx;

    wn_reader *reader;
    wn_sink *out, *rejects;

    /* the worker pool */
    pthread_mutex_t mu, read_mu, diag_mu;
    pthread_cond_t slot_free;   /* waited on by the worker holding read_mu */
    uint64_t write_next;        /* the batch to write next */
    int writing;                /* a worker is writing (write_ready) */
    double last_tick;
    slot *slots;
    size_t nslots;
    uint64_t next_read;
    int reader_done, fatal_status;

    wn_run_counts counts;
    uint64_t lines_in, lines_kept, input_errors;
    counter removed[64], rejected[64];
    size_t nremoved, nrejected;
    double seconds;
};

/* The reader (under read_mu) and the writing worker may both have something
 * to say: one call at a time. */
static void say(wn_run *r, wn_diag_level lvl, const char *msg)
{
    if (!r->diag)
        return;
    pthread_mutex_lock(&r->diag_mu);
    r->diag(r->diag_ctx, lvl, msg);
    pthread_mutex_unlock(&r->diag_mu);
}

static void reader_diag(void *ctx, const char *msg)
{
    say(ctx, WN_DIAG_ERROR, msg);
}

static void bump(counter *c, size_t *n, size_t cap, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (c[i].name == name || !strcmp(c[i].name, name)) {
            c[i].n++;
            return;
        }
    if (*n < cap) {
        c[*n].name = name;
        c[*n].n = 1;
        (*n)++;
    }
}

static wn_format parse_format(const char *v, int *ok)
{
    *ok = 1;
    if (!v || !strcmp(v, "auto"))
        return WN_FMT_AUTO;
    if (!strcmp(v, "seed"))
        return WN_FMT_SEED;
    if (!strcmp(v, "jsonl"))
        return WN_FMT_JSONL;
    if (!strcmp(v, "html"))
        return WN_FMT_HTML;
    if (!strcmp(v, "warc"))
        return WN_FMT_WARC;
    *ok = 0;
    return WN_FMT_AUTO;
}

wn_status wn_run_new(const wn_options *opts, wn_run **out)
{
    *out = NULL;
    wn_run *r = calloc(1, sizeof *r);
    if (!r)
        return WN_ERR_NOMEM;
    wn_status st = wn_options_clone(opts, &r->opts);
    if (st != WN_OK) {
        free(r);
        return st;
    }
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    uint64_t threads = 1;
    int ok = 1;
    if (st == WN_OK)
        st = wn_opt_u64(opts, "threads", cpus > 0 ? (uint64_t)cpus : 1, 1, 256, &threads);
    if (st == WN_OK)
        st = wn_opt_bool(opts, "explain", 0, &r->explain);
    if (st == WN_OK)
        st = wn_opt_size(opts, "max-record-bytes", 64ull << 20, 1024, 1ull << 34, &r->max_record);
    if (st == WN_OK)
        st = wn_opt_size(opts, "batch-bytes", 256ull << 10, 1, 1ull << 30, &r->batch_bytes);
    if (st == WN_OK) {
        r->format = parse_format(wn_opt_get(opts, "format"), &ok);
        if (!ok)
            st = WN_ERR_ARG;
    }
    r->threads = (unsigned)threads;
    if (st != WN_OK)
        wn_set_last_error("%s", wn_opt_last_error(opts));
    const char *dd = wn_engine_data_dir(opts);
    if (dd) {
        snprintf(r->data_dir, sizeof r->data_dir, "%s", dd);
        r->has_data_dir = 1;
    }
    pthread_mutex_init(&r->mu, NULL);
    pthread_mutex_init(&r->read_mu, NULL);
    pthread_mutex_init(&r->diag_mu, NULL);
    pthread_cond_init(&r->slot_free, NULL);
    if (st == WN_OK) {
        char err[512];
        st = wn_engine_init(&r->engine, r->opts, r->has_data_dir ? r->data_dir : NULL, err, sizeof err);
        if (st != WN_OK)
            wn_set_last_error("%s", err);
    }
    if (st != WN_OK) {
        wn_run_free(r);
        return st;
    }
    *out = r;
    return WN_OK;
}

void wn_run_free(wn_run *r)
{
    if (!r)
        return;
    wn_engine_destroy(&r->engine);
    for (size_t i = 0; i < r->nslots; i++) {
        for (size_t j = 0; j < r->slots[i].cap; j++)
            wn_doc_free(r->slots[i].docs[j]);
        free(r->slots[i].docs);
    }
    free(r->slots);
    wn_reader_free(r->reader);
    wn_options_free(r->opts);
    pthread_mutex_destroy(&r->mu);
    pthread_mutex_destroy(&r->read_mu);
    pthread_mutex_destroy(&r->diag_mu);
    pthread_cond_destroy(&r->slot_free);
    free(r);
}

void wn_run_set_diag(wn_run *r, wn_diag_fn fn, void *ctx)
{
    r->diag = fn;
    r->diag_ctx = ctx;
}

void wn_run_set_progress(wn_run *r, wn_progress_fn fn, void *ctx)
{
    r->progress = fn;
    r->progress_ctx = ctx;
}

void wn_run_get_counts(const wn_run *r, wn_run_counts *c)
{
    *c = r->counts;
}

/* ---- the three roles -------------------------------------------------------- */

/* Fills a slot with up to batch_bytes of records; *eof at the end. */
static wn_status fill_slot(wn_run *r, slot *s, int *eof)
{
    s->n = 0;
    size_t bytes = 0;
    *eof = 0;
    while (bytes < r->batch_bytes && s->n < 1024) {
        if (s->n == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 64;
            wn_doc **d = realloc(s->docs, cap * sizeof *d);
            if (!d)
                return WN_ERR_NOMEM;
            s->docs = d;
            for (size_t i = s->cap; i < cap; i++)
                if (!(d[i] = wn_doc_new())) {
                    s->cap = i;
                    return WN_ERR_NOMEM;
                }
            s->cap = cap;
        }
        wn_doc *d = s->docs[s->n];
        wn_doc_reset(d);
        WN_TRY(wn_reader_next(r->reader, d, eof));
        if (*eof)
            break;
        d->seq = r->counts.records_in + s->n;
        bytes += d->raw.len;
        s->n++;
    }
    r->counts.records_in += s->n;
    return WN_OK;
}

/* Buffers of a slot's documents grow to the largest record each has held;
 * over a long run that creeps up.  Past 16 batches' worth, let them go.
 * (A slot's raw, body and output buffers, rounded up to powers of two,
 * hold 6-8 batches' worth in the steady state: at 8 they were let go every
 * few batches and grown again, ~14,000 page faults on 200 MB, 1,900 now.) */
static void trim_slot(wn_run *r, slot *s)
{
    size_t held = 0;
    for (size_t i = 0; i < s->cap; i++)
        held += wn_doc_held_bytes(s->docs[i]);
    if (held > 16 * r->batch_bytes)
        for (size_t i = 0; i < s->cap; i++)
            wn_doc_release(s->docs[i]);
}

static wn_status process_slot(wn_run *r, wn_engine_scratch *sc, slot *s)
{
    for (size_t i = 0; i < s->n; i++) {
        wn_doc *d = s->docs[i];
        WN_TRY(wn_engine_process(&r->engine, sc, d));
        WN_TRY(d->reject ? wn_render_reject(d, r->explain) : wn_render_doc(d, r->explain));
    }
    return WN_OK;
}

static int is_input_error(const char *reason)
{
    return !strcmp(reason, "bad-json") || !strcmp(reason, "no-text") || !strcmp(reason, "too-large") ||
           !strcmp(reason, "invalid-utf8");
}

static wn_status write_slot(wn_run *r, slot *s)
{
    for (size_t i = 0; i < s->n; i++) {
        wn_doc *d = s->docs[i];
        if (!d->reject) {
            WN_TRY(wn_engine_process_ordered(&r->engine, d));
            if (d->reject)
                WN_TRY(wn_render_reject(d, r->explain));
            else if (d->changed)
                WN_TRY(wn_render_doc(d, r->explain));
        }
        r->counts.bytes_in += d->raw.len;
        r->lines_in += d->nlines;
        for (size_t k = 0; k < d->nlines; k++)
            if (d->lines[k].removed)
                bump(r->removed, &r->nremoved, 64, d->lines[k].removed);
        if (d->reject) {
            r->counts.records_rejected++;
            r->counts.bytes_rejected += d->raw.len;
            bump(r->rejected, &r->nrejected, 64, d->reject);
            if (is_input_error(d->reject) && r->input_errors++ < MAX_INPUT_ERRORS_SHOWN) {
                json_t *m = d->reject_info ? json_object_get(d->reject_info, "message") : NULL;
                char msg[800];
                snprintf(msg, sizeof msg, "%s: record %llu at line %llu, byte %llu: %s", d->origin.file,
                         (unsigned long long)d->origin.record, (unsigned long long)d->origin.line,
                         (unsigned long long)d->origin.offset, json_is_string(m) ? json_string_value(m) : d->reject);
                say(r, WN_DIAG_WARNING, msg);
            }
            if (r->rejects)
                WN_TRY(wn_sink_write(r->rejects, d->out.data, d->out.len));
        } else {
            r->counts.records_out++;
            r->lines_kept += wn_doc_kept_lines(d);
            WN_TRY(wn_sink_write(r->out, d->out.data, d->out.len));
        }
    }
    r->counts.bytes_out = wn_sink_bytes(r->out);
    return WN_OK;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void tick(wn_run *r, double *last)
{
    if (!r->progress)
        return;
    double t = now();
    if (t - *last < 0.25)
        return;
    *last = t;
    /* the reading worker counts records and bytes under read_mu */
    pthread_mutex_lock(&r->read_mu);
    uint64_t records = r->counts.records_in, done = wn_reader_done_bytes(r->reader);
    pthread_mutex_unlock(&r->read_mu);
    r->progress(r->progress_ctx, records, done, wn_reader_total_bytes(r->reader));
}

static void fail_locked(wn_run *r, wn_status st)
{
    if (!r->fatal_status)
        r->fatal_status = (int)st;
    pthread_cond_broadcast(&r->slot_free);
}

static void fail(wn_run *r, wn_status st)
{
    pthread_mutex_lock(&r->mu);
    fail_locked(r, st);
    pthread_mutex_unlock(&r->mu);
}

/* With r->mu held: writes the batch next in output order if it is done,
 * and the done ones after it.  Whichever worker finishes the batch that
 * completes the run of done batches writes them, so there is no writer
 * thread to wake per batch (a wake-up is a cross-CPU interrupt, tens of
 * microseconds in a virtual machine), and only one thread writes at a time. */
static void write_ready(wn_run *r)
{
    while (!r->writing && !r->fatal_status) {
        slot *s = &r->slots[r->write_next % r->nslots];
        if (!(s->state == SLOT_DONE && s->seq == r->write_next))
            break;
        r->writing = 1;
        pthread_mutex_unlock(&r->mu);
        wn_status st = write_slot(r, s);
        if (st == WN_OK) {
            tick(r, &r->last_tick);
            trim_slot(r, s);
        }
        pthread_mutex_lock(&r->mu);
        r->writing = 0;
        if (st != WN_OK) {
            fail_locked(r, st);
            break;
        }
        s->state = SLOT_FREE;   /* only the worker holding read_mu waits for a slot */
        r->write_next++;
        pthread_cond_signal(&r->slot_free);
    }
}

/* A worker reads the next batch itself (under the read lock, so batches
 * are read in order), processes it (the records stay in the cache of the
 * core that parsed them), then writes whatever is ready in order. */
static void *worker_main(void *arg)
{
    wn_run *r = arg;
    wn_engine_scratch sc;
    if (wn_engine_scratch_init(&r->engine, &sc) != WN_OK) {
        fail(r, WN_ERR_NOMEM);
        return NULL;
    }
    for (;;) {
        pthread_mutex_lock(&r->read_mu);
        pthread_mutex_lock(&r->mu);
        slot *s = NULL;
        uint64_t seq = r->next_read;
        if (!r->reader_done) {
            s = &r->slots[seq % r->nslots];
            while (s->state != SLOT_FREE && !r->fatal_status)
                pthread_cond_wait(&r->slot_free, &r->mu);
        }
        int stop = r->fatal_status || r->reader_done;
        pthread_mutex_unlock(&r->mu);
        if (stop) {
            pthread_mutex_unlock(&r->read_mu);
            break;
        }
        int eof;
        wn_status st = fill_slot(r, s, &eof);
        pthread_mutex_lock(&r->mu);
        if (st == WN_OK && s->n) {
            s->seq = seq;
            s->state = SLOT_BUSY;
            r->next_read = seq + 1;
        }
        if (eof)
            r->reader_done = 1;
        pthread_mutex_unlock(&r->mu);
        pthread_mutex_unlock(&r->read_mu);
        if (st != WN_OK) {
            fail(r, st);
            break;
        }
        if (!s->n)
            continue;   /* end of input: the loop stops at the top */
        st = process_slot(r, &sc, s);
        if (st != WN_OK) {
            fail(r, st);
            break;
        }
        pthread_mutex_lock(&r->mu);
        s->state = SLOT_DONE;
        write_ready(r);
        pthread_mutex_unlock(&r->mu);
    }
    wn_engine_scratch_destroy(&r->engine, &sc);
    return NULL;
}

/* threads workers: the calling thread and threads - 1 others. */
static wn_status run_threads(wn_run *r)
{
    r->nslots = (size_t)r->threads * 2 + 2;
    r->slots = calloc(r->nslots, sizeof *r->slots);
    pthread_t *workers = calloc(r->threads, sizeof *workers);
    if (!r->slots || !workers) {
        free(workers);
        return WN_ERR_NOMEM;
    }
    r->last_tick = now();
    unsigned started = 0;
    for (; started + 1 < r->threads; started++)
        if (pthread_create(&workers[started], NULL, worker_main, r) != 0)
            break;
    worker_main(r);
    for (unsigned i = 0; i < started; i++)
        pthread_join(workers[i], NULL);
    free(workers);
    return r->fatal_status ? (wn_status)r->fatal_status : WN_OK;
}

static wn_status run_inline(wn_run *r)
{
    r->nslots = 1;
    r->slots = calloc(1, sizeof *r->slots);
    if (!r->slots)
        return WN_ERR_NOMEM;
    wn_engine_scratch sc;
    WN_TRY(wn_engine_scratch_init(&r->engine, &sc));
    wn_status st = WN_OK;
    double last = now();
    for (int eof = 0; st == WN_OK && !eof;) {
        st = fill_slot(r, &r->slots[0], &eof);
        if (st == WN_OK)
            st = process_slot(r, &sc, &r->slots[0]);
        if (st == WN_OK)
            st = write_slot(r, &r->slots[0]);
        trim_slot(r, &r->slots[0]);
        tick(r, &last);
    }
    wn_engine_scratch_destroy(&r->engine, &sc);
    return st;
}

static json_t *counters_json(const counter *c, size_t n)
{
    json_t *o = json_object();
    for (size_t i = 0; o && i < n; i++)
        json_object_set_new(o, c[i].name, json_integer((json_int_t)c[i].n));
    return o;
}

static wn_status write_stats(wn_run *r, const char *path)
{
    json_t *s = json_object();
    if (!s)
        return WN_ERR_NOMEM;
    json_object_set_new(s, "records", json_pack("{sIsIsI}", "in", (json_int_t)r->counts.records_in, "out",
                                                (json_int_t)r->counts.records_out, "rejected",
                                                (json_int_t)r->counts.records_rejected));
    json_object_set_new(s, "bytes", json_pack("{sIsIsIsI}", "in", (json_int_t)r->counts.bytes_in, "out",
                                              (json_int_t)r->counts.bytes_out, "rejected",
                                              (json_int_t)r->counts.bytes_rejected, "input_files",
                                              (json_int_t)wn_reader_done_bytes(r->reader)));
    json_object_set_new(s, "rejected", counters_json(r->rejected, r->nrejected));
    json_object_set_new(s, "lines", json_pack("{sIsIso}", "in", (json_int_t)r->lines_in, "kept",
                                              (json_int_t)r->lines_kept, "removed",
                                              counters_json(r->removed, r->nremoved)));
    json_object_set_new(s, "input_errors", json_integer((json_int_t)wn_reader_io_errors(r->reader)));
    json_object_set_new(s, "threads", json_integer(r->threads));
    json_object_set_new(s, "seconds", json_real(r->seconds));
    double secs = r->seconds > 1e-9 ? r->seconds : 1e-9;
    json_object_set_new(s, "mb_per_s", json_real((double)r->counts.bytes_in / 1e6 / secs));
    json_object_set_new(s, "records_per_s", json_real((double)r->counts.records_in / secs));
    wn_engine_stats(&r->engine, s);
    int rc = json_dump_file(s, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(s);
    return rc == 0 ? WN_OK : WN_ERR_IO;
}

wn_status wn_run_execute(wn_run *r)
{
    if (!r)
        return WN_ERR_ARG;
    size_t ninputs = wn_opt_count(r->opts, "input");
    const char **inputs = calloc(ninputs + 1, sizeof *inputs);
    if (!inputs)
        return WN_ERR_NOMEM;
    for (size_t i = 0; i < ninputs; i++)
        inputs[i] = wn_opt_nth(r->opts, "input", i);
    wn_reader_config rc = {.inputs = inputs, .ninputs = ninputs, .format = r->format,
                           .max_record_bytes = (size_t)r->max_record, .diag = reader_diag, .diag_ctx = r};
    wn_status st = wn_reader_new(&rc, &r->reader);
    free(inputs);
    WN_TRY(st);
    char err[300];
    st = wn_sink_open(wn_opt_get(r->opts, "output"), &r->out, err, sizeof err);
    if (st != WN_OK) {
        say(r, WN_DIAG_ERROR, err);
        return st;
    }
    const char *rej = wn_opt_get(r->opts, "rejects");
    if (rej && (st = wn_sink_open(rej, &r->rejects, err, sizeof err)) != WN_OK) {
        say(r, WN_DIAG_ERROR, err);
        wn_sink_close(r->out, err, sizeof err);
        r->out = NULL;
        return st;
    }
    double t0 = now();
    st = r->threads > 1 ? run_threads(r) : run_inline(r);
    if (st == WN_OK)
        st = wn_engine_finish(&r->engine);
    r->seconds = now() - t0;
    if (r->progress)
        r->progress(r->progress_ctx, r->counts.records_in, wn_reader_done_bytes(r->reader),
                    wn_reader_total_bytes(r->reader));
    wn_status cs = wn_sink_close(r->out, err, sizeof err);
    r->out = NULL;
    if (cs != WN_OK) {
        say(r, WN_DIAG_ERROR, err);
        if (st == WN_OK)
            st = cs;
    }
    cs = wn_sink_close(r->rejects, err, sizeof err);
    r->rejects = NULL;
    if (cs != WN_OK) {
        say(r, WN_DIAG_ERROR, err);
        if (st == WN_OK)
            st = cs;
    }
    if (r->input_errors > MAX_INPUT_ERRORS_SHOWN) {
        snprintf(err, sizeof err, "%llu more bad records not shown (see --rejects)",
                 (unsigned long long)(r->input_errors - MAX_INPUT_ERRORS_SHOWN));
        say(r, WN_DIAG_WARNING, err);
    }
    const char *stats = wn_opt_get(r->opts, "stats");
    if (stats && write_stats(r, stats) != WN_OK) {
        snprintf(err, sizeof err, "%s: cannot write statistics", stats);
        say(r, WN_DIAG_ERROR, err);
        if (st == WN_OK)
            st = WN_ERR_IO;
    }
    if (st == WN_OK && wn_reader_io_errors(r->reader))
        st = WN_ERR_IO;
    return st;
}
