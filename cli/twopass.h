/* twopass.h: running a pipeline command twice over the same input.
 *
 * Pass 1 reads everything and writes what it learned to a temporary file
 * (its records, rejects and statistics go to /dev/null); pass 2 reads the
 * input again with that file.  `winnow dedup` uses it for the keep policies
 * that need the whole input, `winnow clean` for CCNet's two-pass line
 * deduplication.  Standard input is spooled to a temporary file first. */
#ifndef WN_CLI_TWOPASS_H
#define WN_CLI_TWOPASS_H

#include "args.h"
#include "winnow.h"

/* Makes the options of one pass from argv (NULL with *rc set on error). */
typedef wn_options *(*cli_make_opts)(int argc, char **argv, int *rc, int *want_help);

/* Runs command `cmd` in two passes: pass 1 with option plan_out_key set to
 * a temporary file, pass 2 with plan_in_key set to it.  flags: the
 * command's flag table (to tell options from inputs).  Returns the exit
 * status. */
int cli_two_pass(const char *cmd, int argc, char **argv, const cli_flag *flags, cli_make_opts make,
                 const char *plan_out_key, const char *plan_in_key);

/* The value of --name in argv (the last one given), or NULL. */
const char *cli_flag_value(int argc, char **argv, const char *name);

#endif
