#include "progress.h"

#include "args.h"

#include <stdio.h>
#include <unistd.h>
#include <string.h>
#include <time.h>

void cli_diag(void *ctx, wn_diag_level level, const char *message)
{
    const cli_diag_state *d = ctx;
    if (d && d->quiet && level == WN_DIAG_WARNING)
        return;
    fprintf(stderr, "winnow: %s%s\n", level == WN_DIAG_ERROR ? "error: " : "", message);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void cli_progress(void *ctx, uint64_t records, uint64_t bytes, uint64_t total)
{
    cli_progress_state *ps = ctx;
    double t = now();
    if (!ps->start)
        ps->start = t;
    double el = t - ps->start > 1e-6 ? t - ps->start : 1e-6;
    double mbs = (double)bytes / 1e6 / el;
    char eta[32] = "";
    if (total && bytes && bytes <= total)
        snprintf(eta, sizeof eta, ", ETA %.0fs", (double)(total - bytes) / ((double)bytes / el));
    fprintf(stderr, "\r%llu records, %.1f MB, %.1f MB/s%s   ", (unsigned long long)records, (double)bytes / 1e6,
            mbs, eta);
    ps->shown = 1;
}

void cli_progress_end(cli_progress_state *ps)
{
    if (ps->shown)
        fputc('\n', stderr);
}

int cli_flag_given(int argc, char **argv, const char *name, char short_name)
{
    size_t n = strlen(name);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            break;
        if (argv[i][0] == '-' && argv[i][1] == '-' && !strncmp(argv[i] + 2, name, n) &&
            (argv[i][2 + n] == 0 || argv[i][2 + n] == '='))
            return 1;
        if (short_name && argv[i][0] == '-' && argv[i][1] == short_name && argv[i][2] == 0)
            return 1;
    }
    return 0;
}

int cli_has_option(int argc, char **argv, const char *name)
{
    return cli_flag_given(argc, argv, name, 0);
}

int cli_run_pipeline(const char *cmd, const wn_options *opts, int argc, char **argv, int show_diag)
{
    cli_diag_state diag = {.quiet = !show_diag || cli_flag_given(argc, argv, "quiet", 'q')};
    int progress = !diag.quiet && (isatty(2) || cli_flag_given(argc, argv, "progress", 0));
    wn_run *run;
    wn_status st = wn_run_new(opts, &run);
    if (st != WN_OK) {
        fprintf(stderr, "winnow %s: %s\n", cmd, *wn_last_error() ? wn_last_error() : wn_strerror(st));
        return st == WN_ERR_ARG ? EXIT_USAGE : EXIT_FAIL;
    }
    if (show_diag)
        wn_run_set_diag(run, cli_diag, &diag);
    cli_progress_state ps = {0};
    if (progress)
        wn_run_set_progress(run, cli_progress, &ps);
    st = wn_run_execute(run);
    if (progress)
        cli_progress_end(&ps);
    wn_run_free(run);
    if (st == WN_OK)
        return EXIT_OK;
    if (st == WN_ERR_IO)
        return EXIT_IO;
    fprintf(stderr, "winnow %s: %s\n", cmd, wn_strerror(st));
    return st == WN_ERR_ARG ? EXIT_USAGE : EXIT_FAIL;
}
