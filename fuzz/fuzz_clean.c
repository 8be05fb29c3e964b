/* fuzz_clean: any bytes as a document body through the public wn_cleaner
 * API; the cleaned text must be valid UTF-8 with no empty lines. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"
#include "winnow.h"

static wn_cleaner *cleaner;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!cleaner) {
        wn_options *o;
        wn_options_new(&o);
        wn_options_set(o, "data-dir", "data");
        wn_options_set(o, "explain", "1");
        if (wn_cleaner_new(o, &cleaner) != WN_OK)
            abort();
        wn_options_free(o);
    }
    wn_result *res;
    if (wn_clean_text(cleaner, (const char *)data, size, &res) != WN_OK)
        abort();
    size_t n;
    const char *t = wn_result_text(res, &n);
    if (wn_utf8_valid_prefix(t, n) != n || strlen(t) != n)
        abort();
    if (n && (t[0] == '\n' || t[n - 1] == '\n' || strstr(t, "\n\n")))
        abort();
    if (!wn_result_reject_reason(res) && n == 0)
        abort();
    char *json = wn_result_json(res);
    if (!json)
        abort();
    free(json);
    wn_result_free(res);
    return 0;
}
