#include "progress.h"

#include <stdio.h>
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
