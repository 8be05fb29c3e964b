#include <stdlib.h>

#include "harness.h"
#include "read/jsonrec.h"

typedef struct seen {
    char keys[8][32];
    char vals[8][64];
    int strs[8];
    int n;
} seen;

static int on(void *ctx, const char *k, size_t kl, const char *v, size_t vn, int is_string)
{
    seen *s = ctx;
    (void)kl;
    if (s->n < 8) {
        snprintf(s->keys[s->n], 32, "%s", k);
        snprintf(s->vals[s->n], 64, "%.*s", (int)vn, v);
        s->strs[s->n] = is_string;
        s->n++;
    }
    return 0;
}

static int parse(const char *json, seen *s, wn_jsonrec_error *e)
{
    memset(s, 0, sizeof *s);
    return wn_jsonrec_parse(json, strlen(json), on, s, e);
}

static void members_come_raw_in_order(void)
{
    seen s;
    wn_jsonrec_error e;
    CHECK_EQ_INT(parse(" {\"text\":\"a\\\"b\", \"n\" : -1.5e3,\"o\":{\"x\":[1,{}]},\"t\":true,\"z\":null} ", &s, &e), 0);
    CHECK_EQ_INT(s.n, 5);
    CHECK_STR(s.keys[0], "text");
    CHECK_STR(s.vals[0], "\"a\\\"b\"");
    CHECK(s.strs[0] && !s.strs[1]);
    CHECK_STR(s.vals[1], "-1.5e3");
    CHECK_STR(s.vals[2], "{\"x\":[1,{}]}");
    CHECK_STR(s.keys[4], "z");
}

static void syntax_errors_have_offsets(void)
{
    seen s;
    wn_jsonrec_error e;
    CHECK_EQ_INT(parse("{\"text\":\"unterminated", &s, &e), -1);
    CHECK_STR(e.what, "unterminated string");
    CHECK_EQ_INT(parse("[1,2]", &s, &e), -1);
    CHECK_STR(e.what, "not a JSON object");
    CHECK_EQ_INT(parse("{\"a\":1,}", &s, &e), -1);
    CHECK_EQ_INT(e.offset, 7);
    CHECK_EQ_INT(parse("{\"a\":01}", &s, &e), -1);
    CHECK_EQ_INT(parse("{\"a\":\"x\"} trailing", &s, &e), -1);
    CHECK_STR(e.what, "end of file expected");
    CHECK_EQ_INT(parse("{\"a\":\"tab\there\"}", &s, &e), -1);
    CHECK_EQ_INT(parse("{\"a\":\"\\x\"}", &s, &e), -1);
    CHECK_EQ_INT(parse("{\"a\":tru}", &s, &e), -1);
    CHECK_EQ_INT(parse("{}", &s, &e), 0);
    /* deep nesting is refused, not a stack overflow */
    char deep[3000];
    size_t k = 0;
    k += (size_t)snprintf(deep, sizeof deep, "{\"a\":");
    for (int i = 0; i < 1000; i++)
        deep[k++] = '[';
    deep[k] = 0;
    CHECK_EQ_INT(parse(deep, &s, &e), -1);
}

static void strings_decode_escapes_and_surrogates(void)
{
    wn_buf b = WN_BUF_INIT;
    const char *lit = "\"a\\n\\t\\\\\\/\\u00e7\\ud83d\\udd34 \\ud800x\"";
    CHECK(wn_jsonrec_string(lit, strlen(lit), &b) == WN_OK);
    CHECK_STR(b.data, "a\n\t\\/\xC3\xA7\xF0\x9F\x94\xB4 \xEF\xBF\xBDx");
    wn_buf_free(&b);
}

int main(void)
{
    RUN(members_come_raw_in_order);
    RUN(syntax_errors_have_offsets);
    RUN(strings_decode_escapes_and_surrogates);
    HARNESS_EXIT();
}
