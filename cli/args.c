#include "args.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const cli_flag *find_long(const cli_flag *f, const char *name, size_t n)
{
    for (; f->name; f++)
        if (strlen(f->name) == n && strncmp(f->name, name, n) == 0)
            return f;
    return NULL;
}

static const cli_flag *find_short(const cli_flag *f, char c)
{
    for (; f->name; f++)
        if (f->short_name == c)
            return f;
    return NULL;
}

static int set(wn_options *opts, const cli_flag *f, const char *value)
{
    if (wn_options_set(opts, f->name, value) != WN_OK) {
        fprintf(stderr, "winnow: cannot set --%s\n", f->name);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

int cli_parse(int argc, char **argv, const cli_flag *flags, wn_options *opts, int *help)
{
    int only_inputs = 0;
    *help = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_inputs || a[0] != '-' || strcmp(a, "-") == 0) {
            if (wn_options_set(opts, "input", a) != WN_OK)
                return EXIT_USAGE;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_inputs = 1;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            *help = 1;
            continue;
        }
        const cli_flag *f;
        const char *value = NULL;
        if (a[1] == '-') {
            const char *name = a + 2, *eq = strchr(name, '=');
            size_t n = eq ? (size_t)(eq - name) : strlen(name);
            f = find_long(flags, name, n);
            if (!f) {
                fprintf(stderr, "winnow: unknown option '%s' (see --help)\n", a);
                return EXIT_USAGE;
            }
            if (eq)
                value = eq + 1;
        } else {
            f = find_short(flags, a[1]);
            if (!f || a[2]) {
                fprintf(stderr, "winnow: unknown option '%s' (see --help)\n", a);
                return EXIT_USAGE;
            }
        }
        if (f->takes_value && !value) {
            if (i + 1 >= argc) {
                fprintf(stderr, "winnow: option '--%s' needs a value\n", f->name);
                return EXIT_USAGE;
            }
            value = argv[++i];
        } else if (!f->takes_value && value) {
            fprintf(stderr, "winnow: option '--%s' takes no value\n", f->name);
            return EXIT_USAGE;
        }
        int rc = set(opts, f, value ? value : "");
        if (rc)
            return rc;
    }
    return EXIT_OK;
}

void cli_print_flags(FILE *out, const cli_flag *flags)
{
    for (const cli_flag *f = flags; f->name; f++) {
        char left[64];
        if (f->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", f->short_name, f->name,
                     f->takes_value ? " " : "", f->takes_value ? f->metavar : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", f->name, f->takes_value ? " " : "",
                     f->takes_value ? f->metavar : "");
        fprintf(out, "  %-28s %s\n", left, f->help);
    }
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cli_default_data_dir(void)
{
    static char path[PATH_MAX + 32];
    const char *env = getenv("WINNOW_DATA");
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            static const char *const rel[] = {"/../share/winnow", "/../data"};
            for (size_t i = 0; i < 2; i++) {
                snprintf(path, sizeof path, "%s%s", exe, rel[i]);
                if (is_dir(path))
                    return path;
            }
        }
    }
    return NULL;
}
