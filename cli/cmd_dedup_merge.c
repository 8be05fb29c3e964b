/* cmd_dedup_merge.c: `winnow dedup-merge [--max-cluster N] -o PLAN PAIRS...`:
 * the merge step of partitioned deduplication (wn_dedup_merge_pairs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "winnow.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: winnow dedup-merge [--max-cluster N] -o PLAN PAIRS...\n\n"
               "Merges the pair files of `winnow dedup --partition p/P --pairs-out PAIRS` (one run\n"
               "per partition p = 0..P-1, same input and options) into the removals of one\n"
               "`winnow dedup` run (keep first).  Then `winnow dedup --dedup-plan PLAN INPUT...`\n"
               "writes the kept records and rejects.  --max-cluster must be the runs' value.\n"
               "\nexit status: 0 success, 1 failure, 2 usage error, 3 input/output error\n");
}

int cmd_dedup_merge(int argc, char **argv)
{
    const char *plan = NULL;
    unsigned long long maxc = 0;
    const char **files = calloc((size_t)argc, sizeof *files);
    size_t nf = 0;
    if (!files)
        return EXIT_FAIL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            free(files);
            return EXIT_OK;
        } else if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && i + 1 < argc) {
            plan = argv[++i];
        } else if (!strcmp(argv[i], "--max-cluster") && i + 1 < argc) {
            char *end;
            maxc = strtoull(argv[++i], &end, 10);
            if (!*argv[i] || *end || argv[i][0] == '-') {
                fprintf(stderr, "winnow dedup-merge: --max-cluster %s: not a count\n", argv[i]);
                free(files);
                return EXIT_USAGE;
            }
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "winnow dedup-merge: unknown option %s\n", argv[i]);
            usage(stderr);
            free(files);
            return EXIT_USAGE;
        } else {
            files[nf++] = argv[i];
        }
    }
    if (!plan || !nf) {
        usage(stderr);
        free(files);
        return EXIT_USAGE;
    }
    uint64_t removed = 0;
    wn_status st = wn_dedup_merge_pairs(files, nf, (uint64_t)maxc, plan, &removed);
    free(files);
    if (st != WN_OK) {
        fprintf(stderr, "winnow dedup-merge: %s\n", *wn_last_error() ? wn_last_error() : wn_strerror(st));
        return st == WN_ERR_IO ? EXIT_IO : EXIT_FAIL;
    }
    fprintf(stderr, "winnow dedup-merge: %llu records to remove\n", (unsigned long long)removed);
    return EXIT_OK;
}
