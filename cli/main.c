/* main.c: `winnow COMMAND [OPTIONS] [INPUT…]`: dispatches to a subcommand. */
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "args.h"
#include "commands.h"
#include "winnow.h"

static const cli_command commands[] = {
    {"clean", cmd_clean, "clean records: normalise, remove boilerplate and repeats, write JSONL"},
    {"dedup", cmd_dedup, "remove exact and near-duplicate records (MinHash-LSH, verified); --index DIR"},
    {"dedup-merge", cmd_dedup_merge, "merge the pair files of `winnow dedup --partition p/P` into a --dedup-plan"},
    {"index", cmd_index, "stats, verify or compact a dedup index: winnow index stats|verify|compact DIR"},
    {"langid", cmd_langid, "print fastText predict-prob labels for each input line (lid.176)"},
    {"extract", cmd_extract, "extract articles from HTML pages and WARC files, write JSONL"},
    {NULL, NULL, NULL},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: winnow COMMAND [OPTIONS] [INPUT...]\n\ncommands:\n");
    for (const cli_command *c = commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fprintf(out, "\n`winnow COMMAND --help` lists a command's options; `man winnow` has them all.\n");
}

/* glibc gives freed memory back to the kernel once 128 KiB sit free at the
 * top of a heap, and each worker thread's arena does so on its own: every
 * batch then faults the same pages in again (page faults grew with the
 * input, ~80 a MB with two threads).  The pipeline's working set is bounded
 * by its batches, so keeping freed heap memory costs little and the faults
 * stop.  Blocks of 1 MiB and more (dedup's tables as they double) stay
 * mmapped, so they go back when freed instead of leaving holes.  A
 * process-wide policy, so the CLI sets it, not the library. */
static void tune_malloc(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
}

int main(int argc, char **argv)
{
    tune_malloc();
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
        printf("winnow %s\n", wn_version());
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    for (const cli_command *c = commands; c->name; c++)
        if (!strcmp(argv[1], c->name))
            return c->run(argc - 1, argv + 1);
    fprintf(stderr, "winnow: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
