/* test_jsonw.c: wn_json_value writes what jansson's compact dump with
 * 15-digit reals writes, byte for byte; wn_json_str escapes as JSON needs. */
#include <math.h>
#include <stdlib.h>

#include "harness.h"
#include "common/jsonw.h"

static const size_t DUMP_FLAGS = JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15);

static int mismatches;

static void same_as_jansson(const json_t *v)
{
    char *want = json_dumps(v, DUMP_FLAGS);
    wn_buf got = WN_BUF_INIT;
    CHECK(wn_json_value(&got, v) == WN_OK);
    if (!want || !got.data || strcmp(want, got.data) != 0) {
        if (mismatches++ < 5)
            fprintf(stderr, "got  %s\nwant %s\n", got.data ? got.data : "(null)", want ? want : "(null)");
        harness_failures++;
    }
    free(want);
    wn_buf_free(&got);
}

static unsigned seed = 99;
static unsigned rnd(void) { return (seed = seed * 1103515245u + 12345u) >> 8; }

static json_t *random_value(int depth)
{
    static const char *strs[] = {"", "a", "tr", "line\nbreak", "tab\there", "q\"uote", "back\\slash", "ctl\x01\x1f",
                                 "\xc3\xa7\xc4\xb1", "\xe2\x80\xa8 sep", "\xf0\x9f\x98\x80", "/slash/", "\x7f"};
    static const double reals[] = {0.0, -0.0, 1.0, 0.5, 0.9876, 0.1, 1.0 / 3.0, 1e-5, 1.5e-7, 123456789012345.0,
                                   1e15, 1e16, 2.5e300, -4.75, 100.0, 1e-300, 0.99995};
    switch (depth > 3 ? rnd() % 6 : rnd() % 8) {
    case 0: return json_string(strs[rnd() % (sizeof strs / sizeof *strs)]);
    case 1: return json_integer((json_int_t)rnd() - (json_int_t)(1u << 23));
    case 2: return json_real(reals[rnd() % (sizeof reals / sizeof *reals)] * (rnd() % 3 ? 1.0 : (double)(rnd() % 1000) / 7.0));
    case 3: return rnd() % 2 ? json_true() : json_false();
    case 4: return json_null();
    case 5: return json_integer(rnd() % 2 ? INT64_MIN : INT64_MAX);
    case 6: {
        json_t *a = json_array();
        for (unsigned i = rnd() % 4; i > 0; i--)
            json_array_append_new(a, random_value(depth + 1));
        return a;
    }
    default: {
        json_t *o = json_object();
        for (unsigned i = rnd() % 5; i > 0; i--) {
            char key[16];
            snprintf(key, sizeof key, i % 3 ? "k%u" : "k\"%u\n", rnd() % 50);
            json_object_set_new(o, key, random_value(depth + 1));
        }
        return o;
    }
    }
}

static void random_values_match_jansson(void)
{
    for (int i = 0; i < 3000; i++) {
        json_t *v = random_value(0);
        same_as_jansson(v);
        json_decref(v);
    }
}

/* Reals across magnitudes: the exponent's sign and zeros, the ".0". */
static void reals_match_jansson(void)
{
    for (int e = -320; e <= 308; e += 7) {
        for (int m = 1; m < 10; m += 4) {
            json_t *v = json_real(m * pow(10.0, e));
            same_as_jansson(v);
            json_decref(v);
        }
    }
}

/* Insertion order is kept, also after a key is replaced. */
static void object_order(void)
{
    json_t *o = json_object();
    json_object_set_new(o, "z", json_integer(1));
    json_object_set_new(o, "a", json_integer(2));
    json_object_set_new(o, "z", json_integer(3));
    wn_buf b = WN_BUF_INIT;
    CHECK(wn_json_value(&b, o) == WN_OK);
    same_as_jansson(o);
    CHECK(b.data && b.data[1] == '"' && b.data[2] == 'z');
    wn_buf_free(&b);
    json_decref(o);
}

/* The plain-span scan (sixteen or eight bytes a step) against a byte loop:
 * random strings of every byte value, the special bytes at every offset
 * of strings up to 70 bytes long. */
static void plain_span_matches_byte_loop(void)
{
    unsigned rnd = 99;
    int bad = 0;
    for (int t = 0; t < 200000 && bad < 5; t++) {
        char s[80];
        size_t n = (size_t)((rnd = rnd * 1103515245u + 12345u) >> 16) % 71;
        for (size_t i = 0; i < n; i++) {
            rnd = rnd * 1103515245u + 12345u;
            unsigned r = (rnd >> 16) % 64;
            /* mostly plain bytes (ASCII and >= 0x80), now and then a special one */
            s[i] = (char)(r == 0 ? '"' : r == 1 ? '\\' : r == 2 ? (rnd >> 8) % 0x20 : r < 20 ? 0x80 + (rnd >> 9) % 0x80
                                                                                          : 0x20 + (rnd >> 9) % 0x5F);
            if (s[i] == '"' && r != 0)
                s[i] = 'q';
            if (s[i] == '\\' && r != 1)
                s[i] = 'b';
        }
        size_t want = 0;
        while (want < n && s[want] != '"' && s[want] != '\\' && (unsigned char)s[want] >= 0x20)
            want++;
        if (wn_json_plain_span(s, n) != want)
            bad++;
    }
    CHECK_EQ_INT(bad, 0);
}

/* Long spans (AVX2 thirty-two bytes a step past the first sixteen, where
 * the processor has it): one special byte (each of '"', '\\', every
 * control byte) at every offset of a 400-byte string of plain ASCII and
 * UTF-8 bytes, and none; the span must end exactly there. */
static void long_plain_span_matches_byte_loop(void)
{
    int bad = 0;
    char s[400];
    for (size_t i = 0; i < sizeof s; i++)
        s[i] = (char)(i % 3 ? 'a' + i % 26 : 0x80 + i % 0x40);
    CHECK_EQ_INT(wn_json_plain_span(s, sizeof s), sizeof s);
    for (size_t at = 0; at < sizeof s; at++)
        for (int v = 0; v < 0x20 + 2; v++) {
            char keep = s[at];
            s[at] = (char)(v < 0x20 ? v : v == 0x20 ? '"' : '\\');
            bad += wn_json_plain_span(s, sizeof s) != at;
            if (wn_cpu_avx2())
                bad += wn_json_plain_span_avx2(s, sizeof s) != at; /* from the first byte */
            s[at] = keep;
        }
    CHECK_EQ_INT(bad, 0);
}

int main(void)
{
    RUN(plain_span_matches_byte_loop);
    RUN(long_plain_span_matches_byte_loop);
    RUN(random_values_match_jansson);
    RUN(reals_match_jansson);
    RUN(object_order);
    HARNESS_EXIT();
}
