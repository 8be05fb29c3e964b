/* cmd_dedup.c: `winnow dedup`: the clean pipeline with deduplication on
 * (near by default), and the two passes that keep policies other than
 * "first" need.  `winnow index stats|verify|compact DIR` is here too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "progress.h"
#include "twopass.h"
#include "winnow.h"

static const cli_flag dedup_flags[] = {
    {"output", 'o', 1, "FILE", "write kept records to FILE (.gz/.zst compress); default stdout", NULL},
    {"rejects", 0, 1, "FILE", "write removed records (reason duplicate, duplicate_of, similarity) to FILE", NULL},
    {"stats", 0, 1, "FILE", "write run statistics as JSON to FILE", NULL},
    {"dedup", 0, 1, "MODE", "exact, near (default) or none", NULL},
    {"preset", 0, 1, "NAME", "fineweb: datatrove's FineWeb MinHash (5-grams, 14x8, no verification)", NULL},
    {"threshold", 0, 1, "J", "near duplicates: Jaccard of word n-grams at least J (0.8)", NULL},
    {"ngram", 0, 1, "N", "words per shingle (5)", NULL},
    {"bands", 0, 1, "B", "LSH bands (20; fineweb 14)", NULL},
    {"rows", 0, 1, "R", "LSH rows per band (7; fineweb 8)", NULL},
    {"keep", 0, 1, "WHICH", "copy kept: first (default), longest, earliest, latest", NULL},
    {"max-cluster", 0, 1, "N", "never grow a cluster past N documents; report it (0 = no limit)", NULL},
    {"annotate", 0, 0, "", "keep duplicates, add meta.dedup {cluster, similarity, duplicate}", NULL},
    {"paragraphs", 0, 0, "", "also remove paragraphs (>= 3 words) seen in an earlier kept document", NULL},
    {"index", 0, 1, "DIR", "persistent index: check against earlier runs, add this run's kept documents", NULL},
    {"dedup-hash", 0, 1, "H", "shingle hash: winnow, xxh64 or sha1 (datatrove schemes)", NULL},
    {"tmp-dir", 0, 1, "DIR", "where near-dedup keeps its spill file of shingle sets (default $TMPDIR, /tmp)", NULL},
    {"pairs-out", 0, 1, "FILE", "write every verified pair (JSON lines a, b, similarity); stores removed documents too", NULL},
    {"dedup-plan", 0, 1, "FILE", "remove exactly the records FILE lists (a plan of `winnow dedup-merge`)", NULL},
    {"clean", 0, 1, "on|off", "normalise and clean the text as `winnow clean` does (off: text passes through unchanged; fineweb: on)", NULL},
    {"partition", 0, 1, "p/P", "only the band keys of partition p of P; with --pairs-out; merge with `winnow dedup-merge`", NULL},
    {NULL, 0, 0, NULL, NULL, cli_pipeline_flags},
};

static void help(void)
{
    printf("usage: winnow dedup [OPTIONS] [INPUT...]\n\n"
           "Removes exact and near duplicates: MinHash-LSH candidates verified by exact\n"
           "word n-gram Jaccard of simplify_text of the text.  Kept records pass through\n"
           "with their text unchanged; --clean on also normalises and cleans it as\n"
           "`winnow clean` does (on by default with --preset fineweb).  Quality filters\n"
           "and language identification are off unless asked for (--langid on adds the\n"
           "lang fields; removals do not depend on it).  --keep other than first, and\n"
           "--preset fineweb, read the input twice (stdin is spooled to a temporary file).\n"
           "\noptions:\n");
    cli_print_flags(stdout, dedup_flags);
    printf("\nexit status: 0 success, 1 failure, 2 usage error, 3 input/output error\n");
}


static wn_options *make_opts(int argc, char **argv, int *rc, int *want_help)
{
    wn_options *opts = cli_pipeline_options(argc, argv, dedup_flags, rc, want_help);
    if (!opts)
        return NULL;
    if (!cli_has_option(argc, argv, "dedup") && !cli_has_option(argc, argv, "preset"))
        wn_options_set(opts, "dedup", "near");
    /* `winnow dedup` deduplicates only: --preset picks the MinHash scheme,
     * not the quality filters of `winnow clean` (issue 4). */
    wn_options_set(opts, "filter", "off");
    /* Language identification does not change which documents are removed
     * (the dedup keys are made from the text alone) and was 2/3 of the CPU
     * time of `winnow dedup`; it runs only when asked for (--langid on). */
    if (!cli_has_option(argc, argv, "langid"))
        wn_options_set(opts, "langid", "off");
    /* A deduplicator passes records through: the text is not normalised or
     * cleaned (the dedup keys come from simplify_text of the text as read)
     * unless --clean on asks for `winnow clean`'s stages too.  --preset
     * fineweb keeps them on (its output stays what it was: the FineWeb
     * recipe ran on winnow's cleaned text). */
    const char *preset = cli_flag_value(argc, argv, "preset");
    if (!cli_has_option(argc, argv, "clean") && !(preset && !strcmp(preset, "fineweb")))
        wn_options_set(opts, "clean", "off");
    return opts;
}

int cmd_dedup(int argc, char **argv)
{
    int rc = 0, want_help = 0;
    wn_options *opts = make_opts(argc, argv, &rc, &want_help);
    if (!opts) {
        if (want_help && !rc)
            help();
        return rc;
    }
    const char *keep = cli_flag_value(argc, argv, "keep"), *preset = cli_flag_value(argc, argv, "preset");
    /* --preset fineweb: datatrove removes all but one member of each
     * union-find cluster, which needs the whole input (a document joined to
     * an earlier one only through a later one is removed too) */
    int two_pass = (keep && strcmp(keep, "first")) || (preset && !strcmp(preset, "fineweb"));
    if (!two_pass) {
        rc = cli_run_pipeline("dedup", opts, argc, argv, 1);
        wn_options_free(opts);
        return rc;
    }
    wn_options_free(opts);
    return cli_two_pass("dedup", argc, argv, dedup_flags, make_opts, "dedup-plan-out", "dedup-plan");
}

/* ---- winnow index ------------------------------------------------------- */
int cmd_index(int argc, char **argv)
{
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: winnow index stats|verify|compact DIR\n\n"
               "  stats    documents, band entries and size of a dedup index (JSON)\n"
               "  verify   check every record and cross-reference; exit 1 when broken\n"
               "  compact  rewrite the index without free pages (takes the writer lock)\n");
        return EXIT_OK;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: winnow index stats|verify|compact DIR\n");
        return EXIT_USAGE;
    }
    const char *op = argv[1], *dir = argv[2];
    wn_status st;
    if (!strcmp(op, "stats")) {
        wn_index_stats s;
        if ((st = wn_index_stats_read(dir, &s)) == WN_OK) {
            printf("{\"documents\": %llu, \"band_entries\": %llu, \"band_keys\": %llu, "
                   "\"exact_entries\": %llu, \"file_bytes\": %llu, \"params\": \"%s\"}\n",
                   (unsigned long long)s.documents, (unsigned long long)s.band_entries,
                   (unsigned long long)s.band_keys, (unsigned long long)s.exact_entries,
                   (unsigned long long)s.file_bytes, s.params);
            return EXIT_OK;
        }
    } else if (!strcmp(op, "verify")) {
        if ((st = wn_index_verify(dir)) == WN_OK) {
            printf("ok\n");
            return EXIT_OK;
        }
    } else if (!strcmp(op, "compact")) {
        if ((st = wn_index_compact(dir)) == WN_OK)
            return EXIT_OK;
    } else {
        fprintf(stderr, "winnow index: unknown operation '%s' (stats, verify, compact)\n", op);
        return EXIT_USAGE;
    }
    fprintf(stderr, "winnow index: %s\n", *wn_last_error() ? wn_last_error() : wn_strerror(st));
    return st == WN_ERR_IO ? EXIT_IO : EXIT_FAIL;
}
