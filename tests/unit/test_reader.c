#include <stdlib.h>
#include <zlib.h>

#include "harness.h"
#include "read/parse.h"
#include "read/reader.h"

typedef struct got {
    wn_doc *d[16];
    size_t n;
} got;

static void read_all(const void *data, size_t len, size_t max, got *g)
{
    wn_reader_config cfg = {.mem = data, .mem_len = len, .max_record_bytes = max};
    wn_reader *r;
    g->n = 0;
    CHECK(wn_reader_new(&cfg, &r) == WN_OK);
    for (int eof = 0; g->n < 16;) {
        wn_doc *d = wn_doc_new();
        wn_doc_reset(d);
        CHECK(wn_reader_next(r, d, &eof) == WN_OK);
        if (eof) {
            wn_doc_free(d);
            break;
        }
        CHECK(wn_parse_record(d) == WN_OK);
        g->d[g->n++] = d;
    }
    wn_reader_free(r);
}

static void release(got *g)
{
    for (size_t i = 0; i < g->n; i++)
        wn_doc_free(g->d[i]);
}

static void seed_header_shapes(void)
{
    CHECK(wn_seed_is_header(" date 2025-10-27 Title", 22));
    CHECK(wn_seed_is_header("date 2025-10-27 Title", 21));
    CHECK(wn_seed_is_header("   date  2025-10-27", 19));
    CHECK(!wn_seed_is_header(" date 2025-1-27 Title", 21));
    CHECK(!wn_seed_is_header(" dates 2025-10-27", 17));
    CHECK(!wn_seed_is_header(" date 2025-10-27x", 17));
}

static void seed_stream_splits_records(void)
{
    /* Three records; the third header is fused to the end of the second
     * record's last line, as `cat` makes of files without a final newline. */
    const char s[] = " date 2025-10-27 First title\nbody one\n date 2025-10-28 Second\nbody two."
                     " date 2025-10-29 Third\nbody three";
    got g;
    read_all(s, sizeof s - 1, 1 << 20, &g);
    CHECK_EQ_INT(g.n, 3);
    if (g.n == 3) {
        CHECK_STR(g.d[0]->date, "2025-10-27");
        CHECK_STR(g.d[0]->title, "First title");
        CHECK_STR(g.d[0]->body.data, "body one");
        CHECK_STR(g.d[1]->title, "Second");
        CHECK_STR(g.d[1]->body.data, "body two.");
        CHECK_STR(g.d[2]->date, "2025-10-29");
        CHECK_STR(g.d[2]->body.data, "body three");
        CHECK_EQ_INT(g.d[1]->origin.line, 3);
        CHECK_EQ_INT(g.d[1]->origin.offset, 38);
        CHECK_EQ_INT(g.d[2]->origin.line, 4);
        CHECK_STR(g.d[1]->id, "memory:3");
        CHECK_EQ_INT(g.d[0]->body_line0, 2);
    }
    release(&g);
}

static void seed_without_header_is_all_body(void)
{
    const char s[] = "just text\nmore";
    got g;
    read_all(s, sizeof s - 1, 1 << 20, &g);
    CHECK_EQ_INT(g.n, 1);
    if (g.n == 1) {
        CHECK(g.d[0]->date == NULL);
        CHECK_STR(g.d[0]->body.data, "just text\nmore");
        CHECK_EQ_INT(g.d[0]->body_line0, 1);
    }
    release(&g);
}

static void jsonl_fields_and_errors(void)
{
    const char s[] = "{\"id\":\"x1\",\"text\":\"a\\nb\",\"url\":\"http://e.com\",\"meta\":{\"k\":1},\"title\":\"T\"}\n"
                     "\n"
                     "{\"text\": 5}\n"
                     "{not json\r\n"
                     "{\"text\":\"no id\"}";
    got g;
    read_all(s, sizeof s - 1, 1 << 20, &g);
    CHECK_EQ_INT(g.n, 4);   /* the blank line is not a record */
    if (g.n != 4) {
        release(&g);
        return;
    }
    CHECK_STR(g.d[0]->id, "x1");
    CHECK_STR(g.d[0]->title, "T");
    CHECK_STR(g.d[0]->body.data, "a\nb");
    CHECK(json_integer_value(json_object_get(g.d[0]->meta, "k")) == 1);
    CHECK_STR(json_string_value(json_object_get(g.d[0]->meta, "url")), "http://e.com");
    CHECK(g.d[0]->reject == NULL);
    CHECK_STR(g.d[1]->reject, "no-text");
    CHECK_STR(g.d[2]->reject, "bad-json");
    CHECK_EQ_INT(g.d[2]->origin.line, 4);
    CHECK_EQ_INT(g.d[2]->origin.offset, (long long)(strstr(s, "{not") - s));
    const char *msg = json_string_value(json_object_get(g.d[2]->reject_info, "message"));
    CHECK(msg && strstr(msg, "invalid JSON at column"));
    CHECK_STR(g.d[3]->id, "memory:5");
    release(&g);
}

static void oversized_record_is_cut_and_rejected(void)
{
    size_t n = 200000;
    char *s = malloc(n + 32);
    memcpy(s, "{\"text\":\"", 9);
    memset(s + 9, 'a', n - 9);
    memcpy(s + n, "\"}\n{\"text\":\"ok\"}\n", 17);
    got g;
    read_all(s, n + 17, 4096, &g);
    CHECK_EQ_INT(g.n, 2);
    if (g.n == 2) {
        CHECK_STR(g.d[0]->reject, "too-large");
        CHECK(g.d[0]->raw.len <= 4096);
        CHECK(g.d[1]->reject == NULL);
        CHECK_STR(g.d[1]->body.data, "ok");
        CHECK_EQ_INT(g.d[1]->origin.offset, n + 3);
        CHECK_EQ_INT(g.d[1]->origin.line, 2);
    }
    release(&g);
    free(s);
}

static void gzip_detected_by_magic(void)
{
    const char plain[] = "{\"text\":\"zipped\"}\n";
    unsigned char z[256];
    z_stream zs = {0};
    deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    zs.next_in = (unsigned char *)plain;
    zs.avail_in = sizeof plain - 1;
    zs.next_out = z;
    zs.avail_out = sizeof z;
    deflate(&zs, Z_FINISH);
    size_t zn = sizeof z - zs.avail_out;
    deflateEnd(&zs);
    got g;
    read_all(z, zn, 1 << 20, &g);
    CHECK_EQ_INT(g.n, 1);
    if (g.n == 1)
        CHECK_STR(g.d[0]->body.data, "zipped");
    release(&g);
}

int main(void)
{
    RUN(seed_header_shapes);
    RUN(seed_stream_splits_records);
    RUN(seed_without_header_is_all_body);
    RUN(jsonl_fields_and_errors);
    RUN(oversized_record_is_cut_and_rejected);
    RUN(gzip_detected_by_magic);
    HARNESS_EXIT();
}
