#include <stdio.h>
#include "args.h"
#include "commands.h"

int cmd_clean(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "winnow clean: not built yet\n");
    return EXIT_FAIL;
}
