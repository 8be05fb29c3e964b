/* cmd_extract.c: `winnow extract [OPTIONS] [INPUT…]`: HTML / WARC → article JSONL. */
#include <stdio.h>
#include <stdlib.h>

#include "args.h"
#include "commands.h"
#include "winnow.h"

static const cli_flag flags[] = {
    {"output", 'o', 1, "FILE", "write records to FILE (default: stdout)", NULL},
    {"rejects", 0, 1, "FILE", "write pages with no article, with the reason, to FILE", NULL},
    {"with-comments", 0, 0, NULL, "keep the comment section after the article", NULL},
    {"with-tables", 0, 0, NULL, "keep data tables, one row per line, cells joined by \" | \" (the default)", NULL},
    {"no-tables", 0, 0, NULL, "leave data tables out", NULL},
    {"with-links", 0, 0, NULL, "keep links as [text](href)", NULL},
    {"fallback", 0, 0, NULL, "when no article is found, keep the page's whole text (meta.extraction = \"fallback\")", NULL},
    {"max-html-bytes", 0, 1, "SIZE", "reject pages larger than SIZE (default 64M)", NULL},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static void on_diag(void *ctx, wn_diag_level level, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "winnow extract: %s%s\n", level == WN_DIAG_ERROR ? "error: " : "", msg);
}

int cmd_extract(int argc, char **argv)
{
    wn_options *opts;
    if (wn_options_new(&opts) != WN_OK)
        return EXIT_FAIL;
    int help = 0;
    int rc = cli_parse(argc, argv, flags, opts, &help);
    if (rc != EXIT_OK) {
        wn_options_free(opts);
        return rc;
    }
    if (help) {
        printf("usage: winnow extract [OPTIONS] [INPUT...]\n\n"
               "Extracts the article of each HTML page (files, folders, .html.gz, JSONL with \"html\",\n"
               "WARC .warc/.warc.gz/.warc.zst, WET) and writes JSONL records:\n"
               "id, url, title, author, date, text, meta.\n\noptions:\n");
        cli_print_flags(stdout, flags);
        wn_options_free(opts);
        return EXIT_OK;
    }
    wn_extract_counts c;
    wn_status s = wn_extract_files(opts, on_diag, NULL, &c);
    wn_options_free(opts);
    if (s == WN_ERR_ARG)
        return EXIT_USAGE;
    if (s == WN_ERR_IO || s == WN_ERR_FORMAT) {
        fprintf(stderr, "winnow extract: %s\n", wn_strerror(s));
        return EXIT_IO;
    }
    if (s != WN_OK) {
        fprintf(stderr, "winnow extract: %s\n", wn_strerror(s));
        return EXIT_FAIL;
    }
    return EXIT_OK;
}
