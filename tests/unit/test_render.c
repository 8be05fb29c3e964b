#include <jansson.h>
#include <stdlib.h>

#include "harness.h"
#include "common/jsonw.h"
#include "write/render.h"

/* The word-at-a-time escaper must agree with jansson on every ASCII byte
 * at every position of an 8-byte word. */
static void escaping_agrees_with_jansson(void)
{
    int bad = 0;
    for (int c = 1; c < 128 && bad < 3; c++) {
        for (int pos = 0; pos < 19 && bad < 3; pos++) {
            char s[20];
            memset(s, 'a', 19);
            s[19] = 0;
            s[pos] = (char)c;
            wn_buf b = WN_BUF_INIT;
            wn_json_str(&b, s, 19);
            json_t *j = json_string(s);
            char *ref = json_dumps(j, JSON_ENCODE_ANY);
            if (strcmp(b.data, ref) != 0) {
                fprintf(stderr, "byte %d at %d: %s vs %s\n", c, pos, b.data, ref);
                bad++;
            }
            free(ref);
            json_decref(j);
            wn_buf_free(&b);
        }
    }
    CHECK_EQ_INT(bad, 0);
}

static void reject_record_keeps_input(void)
{
    wn_doc *d = wn_doc_new();
    wn_doc_reset(d);
    d->id = strdup("x");
    d->format = WN_FMT_SEED;
    d->origin = (wn_origin){.file = "f.txt", .record = 2, .line = 7, .offset = 99};
    wn_buf_append(&d->raw, "ok \xFF bad", 8);
    wn_doc_reject(d, "invalid-utf8", "too many");
    CHECK(wn_render_reject(d, 0) == WN_OK);
    json_error_t e;
    json_t *r = json_loads(d->out.data, 0, &e);
    CHECK(r != NULL);
    CHECK_STR(json_string_value(json_object_get(r, "reason")), "invalid-utf8");
    CHECK_STR(json_string_value(json_object_get(r, "raw")), "ok \xEF\xBF\xBD bad");
    CHECK_STR(json_string_value(json_object_get(r, "raw_base64")), "b2sg/yBiYWQ=");
    CHECK_EQ_INT(json_integer_value(json_object_get(json_object_get(r, "source"), "offset")), 99);
    json_decref(r);
    wn_doc_free(d);
}

int main(void)
{
    RUN(escaping_agrees_with_jansson);
    RUN(reject_record_keeps_input);
    HARNESS_EXIT();
}
