/*
 * winnow.h: the public API of libwinnow.
 *
 * winnow turns raw scraped news and web text into clean, deduplicated,
 * language-tagged corpus records.  Embedders use one of two entry points:
 *
 *   - wn_cleaner: clean one document held in memory (per-document stages);
 *   - wn_run:     run the whole pipeline over files or stdin, writing JSONL
 *                 output, rejects and statistics (what the CLI does).
 *
 * Ownership rule, stated once: every object made by a wn_*_new() function is
 * owned by the caller and released with the matching wn_*_free(), which
 * accepts NULL.  Strings returned by accessors belong to the object they came
 * from and stay valid until it is freed, unless the comment says "caller
 * frees", in which case release them with free().  Input buffers are never
 * kept after a call returns.
 *
 * Every fallible function returns a wn_status; WN_OK is 0.  The library never
 * prints and never exits: diagnostics about bad input go to the callback set
 * with wn_run_set_diag().
 */
#ifndef WINNOW_H
#define WINNOW_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WN_VERSION_MAJOR 0
#define WN_VERSION_MINOR 1
#define WN_VERSION_PATCH 0
#define WN_VERSION_STRING "0.1.0"

typedef enum wn_status {
    WN_OK = 0,
    WN_ERR_NOMEM,    /* an allocation failed */
    WN_ERR_ARG,      /* a bad option name or value, or a bad argument */
    WN_ERR_IO,       /* a file could not be opened, read or written */
    WN_ERR_FORMAT,   /* input that does not parse (bad JSON, truncated stream) */
    WN_ERR_LIMIT,    /* input over a configured limit (record size) */
    WN_ERR_DATA,     /* a data file (patterns, model) is missing or corrupt */
    WN_ERR_INTERNAL  /* a bug: please report */
} wn_status;

/* A short English description of a status; never NULL. */
const char *wn_strerror(wn_status status);

/* The library's version, e.g. "0.1.0". */
const char *wn_version(void);

/* A message saying why the last failed wn_*_new() call of this thread
 * failed ("stage clean: data/boilerplate/tr.txt:7: bad pattern …"), or "". */
const char *wn_last_error(void);

/* ---- Options ------------------------------------------------------------
 * A bag of "key" -> "value" strings.  Keys are the CLI's long flag names
 * without dashes ("threads", "explain", "max-invalid", ...); doc/winnow.1
 * lists them.  Values are checked when a cleaner or run is made from them,
 * so wn_options_set() only fails for an unknown key or on memory.  Setting a
 * key again replaces its value, except for keys that take a list ("patterns",
 * "input"), which append. */
typedef struct wn_options wn_options;

wn_status wn_options_new(wn_options **out);
void wn_options_free(wn_options *opts);
wn_status wn_options_set(wn_options *opts, const char *key, const char *value);

/* ---- One document at a time ------------------------------------------- */
typedef struct wn_cleaner wn_cleaner;
typedef struct wn_result wn_result;

/* Makes a cleaner from options (copied; opts may be freed afterwards). */
wn_status wn_cleaner_new(const wn_options *opts, wn_cleaner **out);
void wn_cleaner_free(wn_cleaner *cleaner);

/* Cleans `len` bytes of body text (any bytes; invalid UTF-8 is repaired).
 * A wn_cleaner is not thread-safe; use one per thread. */
wn_status wn_clean_text(wn_cleaner *cleaner, const char *text, size_t len,
                        wn_result **out);
void wn_result_free(wn_result *result);

/* The cleaned text (kept paragraphs joined by '\n'), NUL-terminated. */
const char *wn_result_text(const wn_result *result, size_t *len);
/* NULL when the document was kept, else the reject reason ("empty", ...). */
const char *wn_result_reject_reason(const wn_result *result);
/* The output record as one JSON line without the newline; caller frees. */
char *wn_result_json(const wn_result *result);

/* ---- The whole pipeline ------------------------------------------------- */
typedef struct wn_run wn_run;

/* Severity of a diagnostic passed to the callback. */
typedef enum wn_diag_level { WN_DIAG_WARNING, WN_DIAG_ERROR } wn_diag_level;
typedef void (*wn_diag_fn)(void *ctx, wn_diag_level level, const char *message);
/* Progress: records and input bytes done so far, total input bytes or 0. */
typedef void (*wn_progress_fn)(void *ctx, uint64_t records, uint64_t bytes_in,
                               uint64_t bytes_total);

/* Makes a run from options: inputs ("input", "-" = stdin), "output",
 * "rejects", "stats", "threads" and every stage's settings. */
wn_status wn_run_new(const wn_options *opts, wn_run **out);
void wn_run_free(wn_run *run);
/* With "threads" above 1 both callbacks may be called from worker threads
 * (not only the one calling wn_run_execute); calls to each are never
 * concurrent. */
void wn_run_set_diag(wn_run *run, wn_diag_fn fn, void *ctx);
void wn_run_set_progress(wn_run *run, wn_progress_fn fn, void *ctx);

/* Reads every input, writes every output.  Bad records go to rejects and are
 * reported through the diagnostic callback; they do not stop the run.  The
 * status is WN_ERR_IO when an input could not be read whole or an output
 * could not be written, after everything else was done. */
wn_status wn_run_execute(wn_run *run);

/* Counters after wn_run_execute(): records in, out and rejected. */
typedef struct wn_run_counts {
    uint64_t records_in, records_out, records_rejected;
    uint64_t bytes_in, bytes_out, bytes_rejected;
} wn_run_counts;
void wn_run_get_counts(const wn_run *run, wn_run_counts *counts);

/* ---- Language identification (issue 3) ---------------------------------
 * fastText supervised models (.ftz quantized, .bin dense; lid.176 and the
 * GlotLID / OpenLID models share the format).  A model is read-only once
 * loaded and may be shared by every thread; a predictor holds one thread's
 * scratch buffers. */
typedef struct wn_lid_model wn_lid_model;
typedef struct wn_lid_predictor wn_lid_predictor;

/* Loads a model file.  WN_ERR_IO when it cannot be read, WN_ERR_DATA when it
 * is not a usable fastText model (bad magic, unsupported version, truncated,
 * inconsistent); err (may be NULL) receives a one-line explanation. */
wn_status wn_lid_model_load(const char *path, wn_lid_model **out, char *err, size_t errsize);
void wn_lid_model_free(wn_lid_model *model);
/* Number of labels of the model. */
int wn_lid_model_nlabels(const wn_lid_model *model);

/* A predictor borrows the model, which must outlive it. */
wn_status wn_lid_predictor_new(const wn_lid_model *model, wn_lid_predictor **out);
void wn_lid_predictor_free(wn_lid_predictor *predictor);

/* Formats what `fasttext predict-prob MODEL - K THRESHOLD` prints for one
 * line: "__label__xx P __label__yy P" (no newline; "" for no prediction).
 * line[0..len) must not contain '\n'; eos = 1 when the line was ended by a
 * newline in the input (the CLI adds the "</s>" token only then).  k = -1
 * asks for every label.  A literal "</s>" token ends the line early (the
 * fastText CLI would print the rest as an extra line).  *out belongs to the
 * predictor and stays valid until its next call. */
wn_status wn_lid_predict_prob_line(wn_lid_predictor *predictor, const char *line, size_t len,
                                   int eos, int k, float threshold,
                                   const char **out, size_t *outlen);

/* The `winnow langid` mode: a model plus the options "k" (default 1, -1 =
 * all labels), "threshold" (default 0) and "model" (default
 * DATA_DIR/models/lid.176.ftz; data_dir may be NULL when "model" is set).
 * err receives a one-line message on failure. */
typedef struct wn_langid wn_langid;
wn_status wn_langid_new(const wn_options *opts, const char *data_dir, wn_langid **out,
                        char *err, size_t errsize);
void wn_langid_free(wn_langid *langid);
/* wn_lid_predict_prob_line() with the options' k and threshold. */
wn_status wn_langid_line(wn_langid *langid, const char *line, size_t len, int eos,
                         const char **out, size_t *outlen);
/* ---- HTML and WARC extraction (issue 6) ----------------------------------
 * wn_extract_files() reads every "input" (HTML files, .html.gz, folders of
 * them, .warc / .warc.gz / .warc.zst, WET files; "-" = stdin) and writes one
 * JSONL record per page to "output" (default stdout): id, url, title,
 * author, date, text, meta.  Pages with no article go to "rejects" (when
 * set) as {"id", "reason", "message", "file", "record", "offset"}.
 * Options: with-comments, with-tables, with-links, fallback, max-html-bytes.
 * A file that cannot be read whole (a truncated WARC record or gzip member)
 * is reported through diag and gives WN_ERR_FORMAT or WN_ERR_IO after the
 * other inputs were done.
 * libxml2 is opened when the first page is parsed, and its allocation
 * functions are set then, process-wide (xmlMemSetup): a per-thread arena
 * inside winnow's pages, libc malloc/free everywhere else, so blocks libxml2
 * made for the application before or after go back to libc as before.  An
 * application that installs its own libxml2 allocator must not use these
 * extraction functions. */
typedef struct wn_extract_counts {
    uint64_t pages_in, pages_out, pages_rejected;
    uint64_t html_bytes;            /* HTML bytes given to the extractor */
    uint64_t warc_records, warc_skipped;
    uint64_t files_failed;
} wn_extract_counts;

wn_status wn_extract_files(const wn_options *opts, wn_diag_fn diag, void *ctx,
                           wn_extract_counts *counts);

/* Extracts one page held in memory; url, content_type and id may be NULL.
 * On WN_OK, *json is the record (caller frees) and *reject NULL, or *json
 * is NULL and *reject the static reason ("no-article", "not-html", ...). */
wn_status wn_extract_page(const wn_options *opts, const char *html, size_t len,
                          const char *url, const char *content_type, const char *id,
                          char **json, const char **reject);

/* ---- Quality filters (issue 4) ------------------------------------------
 * The "filter" stage of `winnow clean` reads the options "preset"
 * (news|fineweb|fineweb2|none), "config" (a key = value file) and
 * "annotate".  This prints the effective settings of those options as the
 * configuration-file text (*out: malloc'd, the caller frees it); err gets a
 * one-line message on failure. */
wn_status wn_filter_print_config(const wn_options *opts, char **out, char *err, size_t errsize);

/* ---- Deduplication index (issue 5) --------------------------------------
 * The persistent index of `--index DIR` (LMDB).  Deduplication itself runs
 * inside wn_run ("dedup", "keep", "index", ... options).  On failure these
 * return non-OK and wn_last_error() says why. */
typedef struct wn_index_stats {
    uint64_t documents;       /* kept documents recorded */
    uint64_t band_entries;    /* (band key, document) pairs */
    uint64_t band_keys;       /* distinct band keys */
    uint64_t exact_entries;   /* exact-text hashes */
    uint64_t file_bytes;      /* bytes of the data file in use */
    char params[128];         /* the parameters it was built with */
} wn_index_stats;

wn_status wn_index_stats_read(const char *dir, wn_index_stats *out);
/* Checks every record and cross-reference; WN_ERR_DATA when inconsistent. */
wn_status wn_index_verify(const char *dir);
/* Rewrites the index compacted (takes the writer lock). */
wn_status wn_index_compact(const char *dir);

/* ---- Partitioned deduplication (issue 5) ---------------------------------
 * `winnow dedup --partition p/P --pairs-out FILE_p`, run for p = 0..P-1 (on
 * any machines, over the same input), writes every verified pair whose
 * shared band key or exact hash falls in partition p.  This merges the P
 * pair files into the one-process removals (keep first): plan_out gets one
 * JSON line {seq, id, dup_of, similarity} per removed record, for
 * `winnow dedup --dedup-plan plan_out` over the same input.  max_cluster
 * as --max-cluster (0: no limit).  *removed (may be NULL) = plan lines.
 * On failure wn_last_error() says why. */
wn_status wn_dedup_merge_pairs(const char *const *pair_files, size_t nfiles, uint64_t max_cluster,
                               const char *plan_out, uint64_t *removed);

#ifdef __cplusplus
}
#endif
#endif /* WINNOW_H */
