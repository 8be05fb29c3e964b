/* fuzz_ftz_load.c: the fastText model loader on arbitrary bytes; when a
 * model loads, one prediction runs on it. */
#include <stddef.h>
#include <stdint.h>

#include "langid/ftz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wn_lid_model *m = NULL;
    char err[256];
    if (wn_ftz_load_mem(data, size, &m, err, sizeof err) == WN_OK) {
        wn_lid_predictor *p = NULL;
        if (wn_lid_predictor_new(m, &p) == WN_OK) {
            const char *out;
            size_t len;
            wn_lid_predict_prob_line(p, "hello w\xc3\xb6rld </s> x", 20, 1, -1, 0.0f, &out, &len);
            wn_lid_predict_prob_line(p, "", 0, 0, 2, 0.5f, &out, &len);
        }
        wn_lid_predictor_free(p);
        wn_lid_model_free(m);
    }
    return 0;
}
