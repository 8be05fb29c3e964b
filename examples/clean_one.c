/* clean_one.c: clean one text in memory with the library.
 *   cc clean_one.c $(pkg-config --cflags --libs winnow) -o clean_one
 *   ./clean_one < article.txt */
#include <stdio.h>
#include <stdlib.h>
#include <winnow.h>

int main(void)
{
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text, stdin);
    wn_options *opts;
    wn_cleaner *cleaner;
    if (wn_options_new(&opts) != WN_OK)
        return 1;
    wn_options_set(opts, "explain", "1");
    wn_status st = wn_cleaner_new(opts, &cleaner);
    wn_options_free(opts);   /* the cleaner keeps its own copy */
    if (st != WN_OK) {
        fprintf(stderr, "clean_one: %s: %s\n", wn_strerror(st), wn_last_error());
        return 1;
    }
    wn_result *res;
    if ((st = wn_clean_text(cleaner, text, n, &res)) != WN_OK) {
        fprintf(stderr, "clean_one: %s\n", wn_strerror(st));
        wn_cleaner_free(cleaner);
        return 1;
    }
    char *json = wn_result_json(res);   /* caller frees */
    puts(json ? json : "");
    free(json);
    wn_result_free(res);
    wn_cleaner_free(cleaner);
    return 0;
}
