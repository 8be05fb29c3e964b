/* progress.h: diagnostics and the progress line on stderr. */
#ifndef WN_CLI_PROGRESS_H
#define WN_CLI_PROGRESS_H

#include <stdint.h>
#include "winnow.h"

typedef struct cli_diag_state {
    int quiet;
} cli_diag_state;

typedef struct cli_progress_state {
    double start, last_len;
    int shown;
} cli_progress_state;

void cli_diag(void *ctx, wn_diag_level level, const char *message);
void cli_progress(void *ctx, uint64_t records, uint64_t bytes, uint64_t total);
void cli_progress_end(cli_progress_state *ps);

/* Runs the pipeline made from opts with the usual diagnostics and progress
 * line (`cmd` names the subcommand in messages); returns the exit status.
 * show_diag = 0 keeps a pass quiet. */
int cli_run_pipeline(const char *cmd, const wn_options *opts, int argc, char **argv, int show_diag);

/* Was --name (or -short) given on the command line? */
int cli_flag_given(int argc, char **argv, const char *name, char short_name);
/* Was --name given, with or without a value? */
int cli_has_option(int argc, char **argv, const char *name);

#endif
