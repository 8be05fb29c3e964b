/* commands.h: the subcommands of the winnow CLI, one file each. */
#ifndef WN_CLI_COMMANDS_H
#define WN_CLI_COMMANDS_H

typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);   /* argv[0] is the subcommand name */
    const char *summary;
} cli_command;

int cmd_clean(int argc, char **argv);
int cmd_dedup(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_dedup_merge(int argc, char **argv);
int cmd_langid(int argc, char **argv);
int cmd_extract(int argc, char **argv);

#endif
