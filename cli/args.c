#include "args.h"
#include "commands.h"
#include "progress.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const cli_flag *find_long(const cli_flag *f, const char *name, size_t n)
{
    while (f) {
        for (; f->name; f++)
            if (strlen(f->name) == n && strncmp(f->name, name, n) == 0)
                return f;
        f = f->next;
    }
    return NULL;
}

static const cli_flag *find_short(const cli_flag *f, char c)
{
    while (f) {
        for (; f->name; f++)
            if (f->short_name == c)
                return f;
        f = f->next;
    }
    return NULL;
}

const cli_flag *cli_find_flag(const cli_flag *flags, const char *a)
{
    if (a[0] != '-' || !a[1])
        return NULL;
    if (a[1] == '-') {
        const char *eq = strchr(a + 2, '=');
        return find_long(flags, a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
    }
    return a[2] ? NULL : find_short(flags, a[1]);
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
    for (const cli_flag *f = flags; f && (f->name || f->next); f++) {
        if (!f->name) {
            f = f->next - 1;   /* continue in the chained table */
            continue;
        }
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

const cli_flag cli_pipeline_flags[] = {
    {"explain", 0, 0, "", "add a \"removed\" list (line, reason, text) to each record", NULL},
    {"format", 0, 1, "FMT", "input format: auto (default), seed, jsonl, html, warc", NULL},
    {"threads", 'j', 1, "N", "worker threads (default: all cores); output is identical for any N", NULL},
    {"max-invalid", 0, 1, "FRAC", "reject records with more invalid UTF-8 than FRAC of bytes (0.01)", NULL},
    {"max-record-bytes", 0, 1, "SIZE", "reject records larger than SIZE (64M)", NULL},
    {"near-repeat", 0, 1, "RATIO", "near-repeat paragraphs: word edits per word allowed (0.1; 0 = off)", NULL},
    {"context", 0, 1, "on|off", "jusText-style context pass for short lines (on)", NULL},
    {"patterns", 0, 1, "FILE", "add a boilerplate pattern file (repeatable)", NULL},
    {"boilerplate-langs", 0, 1, "LIST", "load only these pattern languages, e.g. tr,ru (default: all)", NULL},
    {"data-dir", 0, 1, "DIR", "installed data (patterns, models); default beside the program", NULL},
    {"batch-bytes", 0, 1, "SIZE", "records handed to a worker at a time (256K)", NULL},
    {"langid", 0, 1, "on|off", "language identification stage (clean: on, dedup: off)", NULL},
    {"lang", 0, 1, "LIST", "keep only documents in these languages, e.g. tr,ru (others: reject \"lang\")", NULL},
    {"min-lang-score", 0, 1, "P", "reject documents whose language score is below P (0)", NULL},
    {"lang-topk", 0, 1, "K", "add \"lang_topk\": the K best languages by vote (0 = off, max 8)", NULL},
    {"lang-model", 0, 1, "PATH", "fastText language model (DATA/models/lid.176.ftz)", NULL},
    {"lang-paragraphs", 0, 0, "", "list every paragraph's language in meta (default: only mixed documents)", NULL},
    {"with-comments", 0, 0, "", "HTML/WARC input: keep the comment section after the article", NULL},
    {"with-links", 0, 0, "", "HTML/WARC input: keep links as [text](href)", NULL},
    {"no-tables", 0, 0, "", "HTML/WARC input: leave data tables out", NULL},
    {"fallback", 0, 0, "", "HTML/WARC input: keep the page's whole text when no article is found", NULL},
    {"max-html-bytes", 0, 1, "SIZE", "HTML/WARC input: reject pages larger than SIZE (64M)", NULL},
    {"progress", 0, 0, "", "show progress on stderr even when it is not a terminal", NULL},
    {"quiet", 'q', 0, "", "no progress, no warnings about bad records", NULL},
    {NULL, 0, 0, NULL, NULL, NULL},
};

wn_options *cli_pipeline_options(int argc, char **argv, const cli_flag *flags, int *rc, int *want_help)
{
    wn_options *opts;
    if (wn_options_new(&opts) != WN_OK) {
        *rc = EXIT_FAIL;
        return NULL;
    }
    *rc = cli_parse(argc, argv, flags, opts, want_help);
    if (*rc || *want_help) {
        wn_options_free(opts);
        return NULL;
    }
    if (!cli_has_option(argc, argv, "data-dir")) {
        const char *dd = cli_default_data_dir();
        if (dd)
            wn_options_set(opts, "data-dir", dd);
    }
    return opts;
}
