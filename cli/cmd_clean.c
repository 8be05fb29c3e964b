/* cmd_clean.c: `winnow clean`: the whole pipeline over records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "progress.h"
#include "twopass.h"
#include "winnow.h"

static const cli_flag clean_flags[] = {
    {"output", 'o', 1, "FILE", "write records to FILE (.gz/.zst compress); default stdout", NULL},
    {"rejects", 0, 1, "FILE", "write every record not output, with its reason, to FILE", NULL},
    {"stats", 0, 1, "FILE", "write run statistics as JSON to FILE", NULL},
    {"with-comments", 0, 0, "", "HTML input: keep the comment section after the article", NULL},
    {"with-tables", 0, 0, "", "HTML input: keep data tables, one row a line (the default)", NULL},
    {"no-tables", 0, 0, "", "HTML input: leave data tables out", NULL},
    {"with-links", 0, 0, "", "HTML input: keep links as [text](href)", NULL},
    {"fallback", 0, 0, "", "HTML input: no article found, keep the page's whole text", NULL},
    {"max-html-bytes", 0, 1, "SIZE", "HTML input: reject pages larger than SIZE (64M)", NULL},
    {"config", 0, 1, "FILE", "quality-filter settings, key = value (see --print-config)", NULL},
    {"justext", 0, 1, "MODE", "jusText pass (news: restore): off, restore (bring back lines it finds good), full", NULL},
    {"print-config", 0, 0, "", "print the effective quality-filter settings and exit", NULL},
    {"line-dedup", 0, 1, "MODE", "remove lines that recur across documents of a source: off (default), on (one pass: "
     "copies after the first), two-pass (every copy; reads the input twice)", NULL},
    {"line-dedup-min", 0, 1, "N", "... when seen in at least N earlier documents (1); two-pass: in more than N", NULL},
    {"line-dedup-max-lines", 0, 1, "N", "bound of the line-hash table, 16 bytes a line (4M)", NULL},
    {"line-dedup-counts-out", 0, 1, "FILE", "two-pass line dedup, pass 1 by hand: count only, write the lines to remove to FILE", NULL},
    {"line-dedup-counts", 0, 1, "FILE", "two-pass line dedup, pass 2 by hand: remove every copy of the lines in FILE", NULL},
    {"group-by", 0, 1, "FIELD", "line-dedup group: meta FIELD, else the URL host (source; 'global' = one)", NULL},
    {"dedup", 0, 1, "MODE", "deduplicate: exact, near or none (default none; see winnow dedup)", NULL},
    {"preset", 0, 1, "NAME", "news (default), fineweb (FineWeb v1 filters + datatrove MinHash), fineweb2, winnow, none", NULL},
    {"threshold", 0, 1, "J", "near duplicates: Jaccard of word n-grams at least J (0.8)", NULL},
    {"ngram", 0, 1, "N", "words per shingle (5)", NULL},
    {"bands", 0, 1, "B", "LSH bands (20; fineweb 14)", NULL},
    {"rows", 0, 1, "R", "LSH rows per band (7; fineweb 8)", NULL},
    {"keep", 0, 1, "WHICH", "copy kept: first (streaming); longest, earliest, latest (two passes)", NULL},
    {"max-cluster", 0, 1, "N", "never grow a cluster past N documents; report it (0 = no limit)", NULL},
    {"annotate", 0, 0, "", "keep every record: quality scores in meta.quality, duplicates in meta.dedup", NULL},
    {"paragraphs", 0, 0, "", "also remove paragraphs (>= 3 words) seen in an earlier kept document", NULL},
    {"index", 0, 1, "DIR", "persistent index: check against earlier runs, add this run's kept documents", NULL},
    {"dedup-hash", 0, 1, "H", "shingle hash: winnow, xxh64 or sha1 (datatrove schemes)", NULL},
    {"tmp-dir", 0, 1, "DIR", "where near-dedup keeps its spill file of shingle sets (default $TMPDIR, /tmp)", NULL},
    {"pairs-out", 0, 1, "FILE", "write every verified pair (JSON lines a, b, similarity); stores removed documents too", NULL},
    {"dedup-plan", 0, 1, "FILE", "two-pass mode, pass 2: remove the documents listed in FILE", NULL},
    {"dedup-plan-out", 0, 1, "FILE", "two-pass mode, pass 1: write the removals to FILE", NULL},
    {NULL, 0, 0, NULL, NULL, cli_pipeline_flags},
};

static void help(void)
{
    printf("usage: winnow clean [OPTIONS] [INPUT...]\n\n"
           "Reads seed-format records, JSONL (.gz/.zst detected by content), files or folders;\n"
           "stdin when no INPUT or '-'.  Writes cleaned JSONL records.\n\noptions:\n");
    cli_print_flags(stdout, clean_flags);
    printf("\nexit status: 0 success, 1 failure, 2 usage error, 3 input/output error\n");
}

static wn_options *make_opts(int argc, char **argv, int *rc, int *want_help)
{
    wn_options *opts = cli_pipeline_options(argc, argv, clean_flags, rc, want_help);
    if (!opts)
        return NULL;
    const char *ld = cli_flag_value(argc, argv, "line-dedup");
    if (ld && !strcmp(ld, "two-pass"))
        wn_options_set(opts, "line-dedup", "on"); /* the passes add the count file */
    return opts;
}

int cmd_clean(int argc, char **argv)
{
    int rc = 0, want_help = 0;
    wn_options *opts = make_opts(argc, argv, &rc, &want_help);
    if (!opts) {
        if (want_help && !rc)
            help();
        return rc;
    }
    if (cli_flag_given(argc, argv, "print-config", 0)) {
        char *text, err[512] = "";
        wn_status pst = wn_filter_print_config(opts, &text, err, sizeof err);
        wn_options_free(opts);
        if (pst != WN_OK) {
            fprintf(stderr, "winnow clean: %s\n", *err ? err : wn_strerror(pst));
            return pst == WN_ERR_ARG ? EXIT_USAGE : EXIT_FAIL;
        }
        fputs(text, stdout);
        free(text);
        return EXIT_OK;
    }
    const char *ld = cli_flag_value(argc, argv, "line-dedup");
    if (ld && !strcmp(ld, "two-pass")) {
        wn_options_free(opts);
        if (cli_flag_value(argc, argv, "index")) {
            /* pass 1 would add the batch to the index, pass 2 then find it there */
            fprintf(stderr, "winnow clean: --line-dedup two-pass cannot be combined with --index\n");
            return EXIT_USAGE;
        }
        return cli_two_pass("clean", argc, argv, clean_flags, make_opts, "line-dedup-counts-out",
                            "line-dedup-counts");
    }
    rc = cli_run_pipeline("clean", opts, argc, argv, 1);
    wn_options_free(opts);
    return rc;
}
