/* twopass.c: see twopass.h. */
#include "twopass.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "progress.h"

const char *cli_flag_value(int argc, char **argv, const char *name)
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

static char *temp_path(const char *what)
{
    const char *tmp = getenv("TMPDIR");
    char *path = malloc(4096);
    if (!path)
        return NULL;
    snprintf(path, 4096, "%s/winnow-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", what);
    int fd = mkstemp(path);
    if (fd < 0) {
        free(path);
        return NULL;
    }
    close(fd);
    return path;
}

/* Copies stdin into a temporary file; returns its path (caller frees). */
static char *spool_stdin(void)
{
    char *path = temp_path("stdin");
    FILE *f = path ? fopen(path, "wb") : NULL;
    if (!f) {
        if (path)
            unlink(path);
        free(path);
        return NULL;
    }
    char buf[1 << 16];
    size_t n;
    int ok = 1;
    while (ok && (n = fread(buf, 1, sizeof buf, stdin)) > 0)
        ok = fwrite(buf, 1, n, f) == n;
    if (fclose(f) || !ok || ferror(stdin)) {
        unlink(path);
        free(path);
        return NULL;
    }
    return path;
}

/* Makes fd 0 read path from its start; 0 on success. */
static int stdin_from(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fd == 0 ? 0 : dup2(fd, 0) < 0 ? -1 : 0;
    if (fd != 0)
        close(fd);
    return rc;
}

int cli_two_pass(const char *cmd, int argc, char **argv, const cli_flag *flags, cli_make_opts make,
                 const char *plan_out_key, const char *plan_in_key)
{
    /* the inputs are read twice: stdin goes to a temporary file first */
    int inputs = 0, has_stdin = 0, end = 0, rc = EXIT_OK, want_help = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!end && !strcmp(a, "--")) {
            end = 1;
            continue;
        }
        const cli_flag *f = !end && a[0] == '-' && a[1] ? cli_find_flag(flags, a) : NULL;
        if (f) {
            if (f->takes_value && !strchr(a, '=') && !(a[1] != '-' && a[2]))
                i++;
            continue;
        }
        inputs++;
        has_stdin |= !strcmp(a, "-");
    }
    /* stdin is spooled and put back as fd 0 before each pass, so the
     * records keep "<stdin>" as their file (and the ids made from it):
     * the temporary file's name must not reach the output */
    char *spooled = NULL, *plan = NULL, **av = argv;
    int ac = argc;
    if (!inputs || has_stdin) {
        if (!(spooled = spool_stdin())) {
            fprintf(stderr, "winnow %s: cannot spool stdin to a temporary file\n", cmd);
            return EXIT_IO;
        }
    }
    if (!(plan = temp_path("plan"))) {
        fprintf(stderr, "winnow %s: cannot create a temporary plan file\n", cmd);
        rc = EXIT_IO;
        goto out;
    }
    /* pass 1: everything read, nothing written but the plan */
    if (spooled && stdin_from(spooled) != 0) {
        fprintf(stderr, "winnow %s: cannot read back the spooled stdin\n", cmd);
        rc = EXIT_IO;
        goto out;
    }
    wn_options *p1 = make(ac, av, &rc, &want_help);
    if (p1) {
        wn_options_set(p1, "output", "/dev/null");
        wn_options_set(p1, "rejects", "/dev/null");
        wn_options_set(p1, "stats", "/dev/null");
        wn_options_set(p1, plan_out_key, plan);
        rc = cli_run_pipeline(cmd, p1, ac, av, 0);
        wn_options_free(p1);
    }
    /* pass 2: the same input, with what pass 1 learned */
    if (rc == EXIT_OK && spooled && stdin_from(spooled) != 0) {
        fprintf(stderr, "winnow %s: cannot read back the spooled stdin\n", cmd);
        rc = EXIT_IO;
    }
    if (rc == EXIT_OK) {
        wn_options *p2 = make(ac, av, &rc, &want_help);
        if (p2) {
            wn_options_set(p2, plan_in_key, plan);
            rc = cli_run_pipeline(cmd, p2, ac, av, 1);
            wn_options_free(p2);
        }
    }
out:
    if (plan) {
        unlink(plan);
        free(plan);
    }
    if (spooled) {
        unlink(spooled);
        free(spooled);
    }
    return rc;
}
