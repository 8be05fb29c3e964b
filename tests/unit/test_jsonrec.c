#include <stdlib.h>

#include "harness.h"
#include "read/jsonrec.h"

typedef struct seen {
    char keys[8][32];
    char vals[8][64];
    char strs[8][64];   /* the decoded string, "" for other values */
    int is_str[8];
    int n;
} seen;

static int on(void *ctx, const char *k, size_t kl, const char *v, size_t vn, const wn_buf *str)
{
    seen *s = ctx;
    (void)kl;
    if (s->n < 8) {
        snprintf(s->keys[s->n], 32, "%s", k);
        snprintf(s->vals[s->n], 64, "%.*s", (int)vn, v);
        if (str)
            snprintf(s->strs[s->n], 64, "%.*s", (int)str->len, str->data ? str->data : "");
        s->is_str[s->n] = str != NULL;
        s->n++;
    }
    return 0;
}

static int parse(const char *json, seen *s, wn_jsonrec_error *e)
{
    memset(s, 0, sizeof *s);
    return wn_jsonrec_parse(json, strlen(json), NULL, on, s, e);
}

static void members_come_raw_in_order(void)
{
    seen s;
    wn_jsonrec_error e;
    CHECK_EQ_INT(parse(" {\"text\":\"a\\\"b\", \"n\" : -1.5e3,\"o\":{\"x\":[1,{}]},\"t\":true,\"z\":null} ", &s, &e), 0);
    CHECK_EQ_INT(s.n, 5);
    CHECK_STR(s.keys[0], "text");
    CHECK_STR(s.vals[0], "\"a\\\"b\"");
    CHECK(s.is_str[0] && !s.is_str[1] && !s.is_str[2]);
    CHECK_STR(s.strs[0], "a\"b");
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

/* The direct member is decoded into its own buffer, every other string into
 * the parser's; the literal's decoding matches wn_jsonrec_string's. */
static void strings_decode_in_the_scan(void)
{
    const char *json = "{\"id\":\"x\\u00e7\",\"text\":\"l1\\nl2 \\ud83d\\udd34\\\"q\\\"\","
                       "\"texts\":\"no\",\"n\":[\"\\n\"]}";
    wn_buf body = WN_BUF_INIT;
    wn_buf_putc(&body, 'z'); /* cleared before decoding */
    const wn_jsonrec_direct text = {"text", 4, &body};
    seen s;
    memset(&s, 0, sizeof s);
    wn_jsonrec_error e;
    CHECK_EQ_INT(wn_jsonrec_parse(json, strlen(json), &text, on, &s, &e), 0);
    CHECK_EQ_INT(s.n, 4);
    CHECK_STR(s.strs[0], "x\xC3\xA7");
    CHECK_STR(body.data, "l1\nl2 \xF0\x9F\x94\xB4\"q\"");
    CHECK_STR(s.strs[1], body.data); /* the callback sees the direct buffer */
    CHECK_STR(s.strs[2], "no");      /* "texts" is another key */
    CHECK(!s.is_str[3]);             /* strings inside arrays stay raw */
    CHECK_STR(s.vals[3], "[\"\\n\"]");
    /* a bad escape or a cut \u is a syntax error with its offset */
    CHECK_EQ_INT(wn_jsonrec_parse("{\"text\":\"ab\\q\"}", 13, &text, on, &s, &e), -1);
    CHECK_STR(e.what, "bad escape");
    CHECK_EQ_INT(e.offset, 11);
    CHECK_EQ_INT(wn_jsonrec_parse("{\"text\":\"\\u00\"}", 15, &text, on, &s, &e), -1);
    CHECK_STR(e.what, "bad \\u escape");
    wn_buf_free(&body);
}

/* Random literals: decoding in the scan equals a plain reference decoder
 * (escapes one by one, surrogate pairs joined, lone ones U+FFFD) for
 * literals of plain runs of every length around the 16/32-byte steps. */
static size_t ref_decode(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 1; i + 1 < n;) {
        if (s[i] != '\\') {
            out[o++] = s[i++];
            continue;
        }
        char c = s[i + 1];
        i += 2;
        if (c != 'u') {
            out[o++] = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c == 'b' ? '\b' : c == 'f' ? '\f' : c;
            continue;
        }
        unsigned cp = (unsigned)strtoul((char[]){s[i], s[i + 1], s[i + 2], s[i + 3], 0}, NULL, 16);
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 <= n - 1 && s[i] == '\\' && s[i + 1] == 'u') {
            unsigned lo = (unsigned)strtoul((char[]){s[i + 2], s[i + 3], s[i + 4], s[i + 5], 0}, NULL, 16);
            if (lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            }
        }
        if (cp >= 0xD800 && cp < 0xE000)
            cp = 0xFFFD;
        if (cp < 0x80) {
            out[o++] = (char)cp;
        } else if (cp < 0x800) {
            out[o++] = (char)(0xC0 | cp >> 6);
            out[o++] = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out[o++] = (char)(0xE0 | cp >> 12);
            out[o++] = (char)(0x80 | (cp >> 6 & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
            out[o++] = (char)(0xF0 | cp >> 18);
            out[o++] = (char)(0x80 | (cp >> 12 & 0x3F));
            out[o++] = (char)(0x80 | (cp >> 6 & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    return o;
}

static void scan_decoding_matches_a_reference(void)
{
    static const char *const escapes[] = {"\\n", "\\t", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r",
                                          "\\u00e7", "\\u0041", "\\u20ac", "\\ud83d\\udd34", "\\ud800",
                                          "\\udc00x", "\\ud83d\\u0041", "\\uD83D\\uDE00"};
    srand(7);
    char lit[2000], want[2000];
    wn_buf body = WN_BUF_INIT;
    int bad = 0;
    for (int t = 0; t < 3000; t++) {
        size_t n = 0;
        lit[n++] = '"';
        int pieces = rand() % 6;
        for (int k = 0; k < pieces; k++) {
            int run = rand() % 70;
            for (int j = 0; j < run; j++)
                lit[n++] = rand() % 5 ? (char)('a' + rand() % 26) : (char)(0x80 + rand() % 64);
            const char *e = escapes[rand() % (sizeof escapes / sizeof *escapes)];
            memcpy(lit + n, e, strlen(e));
            n += strlen(e);
        }
        lit[n++] = '"';
        size_t wn = ref_decode(lit, n, want);
        char json[2100];
        int jn = snprintf(json, sizeof json, "{\"text\":%.*s}", (int)n, lit);
        const wn_jsonrec_direct text = {"text", 4, &body};
        seen s;
        memset(&s, 0, sizeof s);
        wn_jsonrec_error e;
        bad += wn_jsonrec_parse(json, (size_t)jn, &text, on, &s, &e) != 0 || body.len != wn ||
               memcmp(body.data ? body.data : "", want, wn) != 0;
    }
    CHECK_EQ_INT(bad, 0);
    wn_buf_free(&body);
}

int main(void)
{
    RUN(members_come_raw_in_order);
    RUN(syntax_errors_have_offsets);
    RUN(strings_decode_escapes_and_surrogates);
    RUN(strings_decode_in_the_scan);
    RUN(scan_decoding_matches_a_reference);
    HARNESS_EXIT();
}
