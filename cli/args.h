/* args.h: table-driven parsing of long flags into wn_options. */
#ifndef WN_CLI_ARGS_H
#define WN_CLI_ARGS_H

#include <stdio.h>
#include "winnow.h"

typedef struct cli_flag {
    const char *name;      /* long name without dashes; also the option key */
    char short_name;       /* 0 when none */
    int takes_value;       /* 1: --name VALUE or --name=VALUE */
    const char *metavar;   /* for --help, e.g. "FILE" */
    const char *help;
    /* In the terminating entry only: a further table to search (the flags
     * shared by the pipeline commands, cli_pipeline_flags). */
    const struct cli_flag *next;
} cli_flag;

/* The flags of the stages every pipeline command runs (input, normalise,
 * clean, language identification, HTML extraction, progress): one table, so
 * that `winnow clean` and `winnow dedup` cannot drift apart. */
extern const cli_flag cli_pipeline_flags[];

/* The table entry for command-line argument `arg` ("--name", "--name=v" or
 * "-x"), following chained tables, or NULL. */
const cli_flag *cli_find_flag(const cli_flag *flags, const char *arg);

/* Exit statuses shared by every subcommand (documented in doc/winnow.1). */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

/* Parses argv[1..] (argv[0] is the subcommand) into opts: flags from the
 * table become options of the same name, other arguments become "input".
 * "--help" sets *help.  Returns EXIT_OK or EXIT_USAGE (message printed). */
int cli_parse(int argc, char **argv, const cli_flag *flags, wn_options *opts, int *help);
void cli_print_flags(FILE *out, const cli_flag *flags);

/* The default data directory: $WINNOW_DATA, else beside the executable
 * (../share/winnow when installed, ../data in a build tree), else NULL. */
const char *cli_default_data_dir(void);

/* New options from argv parsed with flags, with the default data directory
 * unless --data-dir is given.  NULL with *rc set (or *want_help) otherwise;
 * the caller frees them. */
wn_options *cli_pipeline_options(int argc, char **argv, const cli_flag *flags, int *rc, int *want_help);

#endif
