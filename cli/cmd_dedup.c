/* cmd_dedup.c: `winnow dedup`: the clean pipeline with deduplication on
 * (near by default), and the two passes that keep policies other than
 * "first" need.  `winnow index stats|verify|compact DIR` is here too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "progress.h"
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
    {NULL, 0, 0, NULL, NULL, cli_pipeline_flags},
};

static void help(void)
{
    printf("usage: winnow dedup [OPTIONS] [INPUT...]\n\n"
           "Cleans records as `winnow clean` does and removes exact and near duplicates:\n"
           "MinHash-LSH candidates verified by exact word n-gram Jaccard.  --keep other than\n"
           "first, and --preset fineweb, read the input twice (stdin is spooled to a\n"
           "temporary file).\n\noptions:\n");
    cli_print_flags(stdout, dedup_flags);
    printf("\nexit status: 0 success, 1 failure, 2 usage error, 3 input/output error\n");
}


/* The value of --name in argv, or NULL. */
static const char *flag_value(int argc, char **argv, const char *name)
{
    const char *v = NULL;
    size_t n = strlen(name);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--"))
            break;
        if (a[0] == '-' && a[1] == '-' && !strncmp(a + 2, name, n)) {
            if (a[2 + n] == '=')
                v = a + 3 + n;
            else if (!a[2 + n] && i + 1 < argc)
                v = argv[++i];
        }
    }
    return v;
}

/* Copies stdin into a temporary file; returns its path (caller frees). */
static char *spool_stdin(void)
{
    const char *tmp = getenv("TMPDIR");
    char *path = malloc(4096);
    if (!path)
        return NULL;
    snprintf(path, 4096, "%s/winnow-dedup-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        free(path);
        return NULL;
    }
    char buf[1 << 16];
    size_t n;
    int ok = 1;
    while (ok && (n = fread(buf, 1, sizeof buf, stdin)) > 0)
        ok = write(fd, buf, n) == (ssize_t)n;
    if (close(fd) || !ok || ferror(stdin)) {
        unlink(path);
        free(path);
        return NULL;
    }
    return path;
}

static int run_once(wn_options *opts, int argc, char **argv, int quiet_pass)
{
    return cli_run_pipeline("dedup", opts, argc, argv, !quiet_pass);
}

static wn_options *make_opts(int argc, char **argv, int *rc, int *want_help)
{
    wn_options *opts;
    if (wn_options_new(&opts) != WN_OK) {
        *rc = EXIT_FAIL;
        return NULL;
    }
    *rc = cli_parse(argc, argv, dedup_flags, opts, want_help);
    if (*rc || *want_help) {
        wn_options_free(opts);
        return NULL;
    }
    if (!cli_has_option(argc, argv, "data-dir")) {
        const char *dd = cli_default_data_dir();
        if (dd)
            wn_options_set(opts, "data-dir", dd);
    }
    if (!cli_has_option(argc, argv, "dedup") && !cli_has_option(argc, argv, "preset"))
        wn_options_set(opts, "dedup", "near");
    /* `winnow dedup` deduplicates only: --preset picks the MinHash scheme,
     * not the quality filters of `winnow clean` (issue 4). */
    wn_options_set(opts, "filter", "off");
    return opts;
}

int cmd_dedup(int argc, char **argv)
{
    int rc = 0, want_help = 0;
    const char *keep = flag_value(argc, argv, "keep"), *preset = flag_value(argc, argv, "preset");
    /* --preset fineweb: datatrove removes all but one member of each
     * union-find cluster, which needs the whole input (a document joined to
     * an earlier one only through a later one is removed too) */
    int two_pass = (keep && strcmp(keep, "first")) || (preset && !strcmp(preset, "fineweb"));
    char *spooled = NULL;
    char **av = argv;
    int ac = argc;
    if (two_pass) {
        /* the inputs are read twice: stdin goes to a temporary file first */
        int inputs = 0, has_stdin = 0, end = 0;
        for (int i = 1; i < argc; i++) {
            const char *a = argv[i];
            if (!end && !strcmp(a, "--")) {
                end = 1;
                continue;
            }
            const cli_flag *f = !end && a[0] == '-' && a[1] ? cli_find_flag(dedup_flags, a) : NULL;
            if (f) {
                if (f->takes_value && !strchr(a, '=') && !(a[1] != '-' && a[2]))
                    i++;
                continue;
            }
            inputs++;
            has_stdin |= !strcmp(a, "-");
        }
        if (!inputs || has_stdin) {
            if (!(spooled = spool_stdin())) {
                fprintf(stderr, "winnow dedup: cannot spool stdin to a temporary file\n");
                return EXIT_IO;
            }
            av = calloc((size_t)argc + 2, sizeof *av);
            if (!av)
                return EXIT_FAIL;
            ac = 0;
            for (int i = 0; i < argc; i++)
                av[ac++] = !strcmp(argv[i], "-") ? spooled : argv[i];
            if (!inputs)
                av[ac++] = spooled;
        }
    }
    wn_options *opts = make_opts(ac, av, &rc, &want_help);
    if (!opts) {
        if (want_help && !rc)
            help();
        goto out;
    }
    if (!two_pass) {
        rc = run_once(opts, ac, av, 0);
        wn_options_free(opts);
        goto out;
    }
    char plan[4096];
    const char *tmp = getenv("TMPDIR");
    snprintf(plan, sizeof plan, "%s/winnow-plan-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(plan);
    if (fd < 0) {
        fprintf(stderr, "winnow dedup: cannot create a temporary plan file\n");
        wn_options_free(opts);
        rc = EXIT_IO;
        goto out;
    }
    close(fd);
    /* pass 1: signatures of everything, clusters resolved by the policy */
    wn_options *p1;
    int dummy;
    p1 = make_opts(ac, av, &rc, &dummy);
    if (p1) {
        wn_options_set(p1, "output", "/dev/null");
        wn_options_set(p1, "rejects", "/dev/null");
        wn_options_set(p1, "stats", "/dev/null");
        wn_options_set(p1, "dedup-plan-out", plan);
        rc = run_once(p1, ac, av, 1);
        wn_options_free(p1);
    }
    /* pass 2: the same input, removing what pass 1 decided */
    if (rc == EXIT_OK) {
        wn_options_set(opts, "dedup-plan", plan);
        rc = run_once(opts, ac, av, 0);
    }
    wn_options_free(opts);
    unlink(plan);
out:
    if (spooled) {
        unlink(spooled);
        free(spooled);
        free(av);
    }
    return rc;
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
