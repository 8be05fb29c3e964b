/* cmd_langid.c: `winnow langid [-k K] [--threshold P] [--model PATH] [FILE|-]`
 * prints, per input line, what `fasttext predict-prob MODEL - K P` prints. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "args.h"
#include "commands.h"
#include "winnow.h"

static const cli_flag flags[] = {
    {"k", 'k', 1, "K", "labels per line (default 1; -1 = all)", NULL},
    {"threshold", 0, 1, "P", "leave out labels below probability P (default 0)", NULL},
    {"model", 0, 1, "PATH", "fastText model (default DATA/models/lid.176.ftz)", NULL},
    {"normalize", 0, 0, NULL, "predict on pipeline-normalised text (lower case, no digits or URLs)", NULL},
    {"analyze", 0, 0, NULL, "print the pipeline's analysis of each line as JSON (language, score, spans)", NULL},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: winnow langid [-k K] [--threshold P] [--model PATH] [FILE|-]\n\n"
                 "Prints for each input line the labels and probabilities that\n"
                 "`fasttext predict-prob MODEL - K P` prints, byte for byte (a literal\n"
                 "\"</s>\" token ends a line here; fastText would print the rest as a\n"
                 "line of its own).\n\noptions:\n");
    cli_print_flags(out, flags);
}

int cmd_langid(int argc, char **argv)
{
    wn_options *opts = NULL;
    wn_langid *lid = NULL;
    FILE *in = NULL;
    char *line = NULL;
    size_t cap = 0;
    char err[512];
    int help = 0, rc;

    if (wn_options_new(&opts) != WN_OK)
        return EXIT_FAIL;
    if ((rc = cli_parse(argc, argv, flags, opts, &help)) != EXIT_OK || help) {
        if (help)
            usage(stdout);
        goto done;
    }
    /* the inputs were collected as "input"; langid takes one */
    int ninputs = 0;
    const char *input = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            continue;
        if (argv[i][0] == '-' && argv[i][1]) {
            if ((argv[i][1] != '-' || !strchr(argv[i], '=')) && strcmp(argv[i], "--normalize") &&
                strcmp(argv[i], "--analyze"))
                i++; /* the other flags of langid take a value */
            continue;
        }
        input = argv[i];
        ninputs++;
    }
    if (ninputs > 1) {
        fprintf(stderr, "winnow langid: one input at most\n");
        rc = EXIT_USAGE;
        goto done;
    }
    wn_status s = wn_langid_new(opts, cli_default_data_dir(), &lid, err, sizeof err);
    if (s != WN_OK) {
        fprintf(stderr, "winnow langid: %s\n", err[0] ? err : wn_strerror(s));
        rc = s == WN_ERR_ARG ? EXIT_USAGE : s == WN_ERR_IO ? EXIT_IO : EXIT_FAIL;
        goto done;
    }
    if (!input || !strcmp(input, "-")) {
        in = stdin;
    } else if (!(in = fopen(input, "rb"))) {
        fprintf(stderr, "winnow langid: cannot open %s: %s\n", input, strerror(errno));
        rc = EXIT_IO;
        goto done;
    }
    static char obuf[1 << 16];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    ssize_t n;
    while ((n = getdelim(&line, &cap, '\n', in)) > 0) {
        size_t len = (size_t)n;
        int eos = line[len - 1] == '\n';
        const char *o;
        size_t olen;
        if (wn_langid_line(lid, line, len - (size_t)eos, eos, &o, &olen) != WN_OK) {
            fprintf(stderr, "winnow langid: out of memory\n");
            rc = EXIT_FAIL;
            break;
        }
        fwrite(o, 1, olen, stdout);
        putchar('\n');
    }
    if (rc == EXIT_OK && ferror(in)) {
        fprintf(stderr, "winnow langid: read error: %s\n", strerror(errno));
        rc = EXIT_IO;
    }
    if (fflush(stdout) != 0 && rc == EXIT_OK) {
        fprintf(stderr, "winnow langid: write error: %s\n", strerror(errno));
        rc = EXIT_IO;
    }
done:
    if (in && in != stdin)
        fclose(in);
    free(line);
    wn_langid_free(lid);
    wn_options_free(opts);
    return rc;
}
