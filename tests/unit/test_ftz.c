/* test_ftz.c: the fastText model reader and predictor (src/langid/ftz.c)
 * against the worked examples of ../shared/specs/fasttext-ftz.md §10, and
 * the loader on damaged copies of lid.176.ftz. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "langid/ftz.h"

#define MODEL "data/models/lid.176.ftz"

static unsigned char *model_bytes;
static size_t model_len;

static int read_model(void)
{
    FILE *f = fopen(MODEL, "rb");
    if (!f)
        return 0;
    fseek(f, 0, SEEK_END);
    model_len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    model_bytes = malloc(model_len);
    size_t got = fread(model_bytes, 1, model_len, f);
    fclose(f);
    return got == model_len;
}

static void test_hash_worked_example(void)
{
    /* "<ş" = 3c c5 9f: the sign-extended FNV-1a of §10 */
    CHECK_EQ_INT(wn_ftz_hash("<\xc5\x9f", 3), 973048031u);
    CHECK_EQ_INT(wn_ftz_hash("<\xc5\x9f", 3) % 2000000u, 1048031);
    CHECK_EQ_INT(wn_ftz_hash("", 0), 2166136261u);
    /* ASCII is unaffected by the sign extension: textbook FNV-1a of "a" */
    CHECK_EQ_INT(wn_ftz_hash("a", 1), 0xe40c292cu);
}

static wn_lid_model *load_good(void)
{
    wn_lid_model *m = NULL;
    char err[256];
    wn_status s = wn_lid_model_load(MODEL, &m, err, sizeof err);
    if (s != WN_OK)
        fprintf(stderr, "load: %s\n", err);
    return m;
}

static void check_rows(const wn_lid_model *m, wn_lid_predictor *p, const char *text, const int32_t *want, size_t n)
{
    const int32_t *rows;
    size_t nrows;
    CHECK(wn_ftz_rows(p, text, strlen(text), 1, &rows, &nrows) == WN_OK);
    CHECK_EQ_INT(nrows, n);
    for (size_t i = 0; i < n && i < nrows; i++)
        CHECK_EQ_INT(wn_ftz_row_id(m, rows[i]), want[i]);
}

static void check_top3(wn_lid_predictor *p, const char *text, int eos, const char *want)
{
    const char *out;
    size_t len;
    CHECK(wn_lid_predict_prob_line(p, text, strlen(text), eos, 3, 0.0f, &out, &len) == WN_OK);
    CHECK_STR(out, want);
    CHECK_EQ_INT(len, strlen(want));
}

static void test_model_shape(void)
{
    wn_lid_model *m = load_good();
    CHECK(m != NULL);
    if (!m)
        return;
    CHECK_EQ_INT(wn_lid_model_nlabels(m), 176);
    CHECK_EQ_INT(wn_ftz_nwords(m), 7235);
    CHECK_EQ_INT(wn_ftz_dim(m), 16);
    CHECK_EQ_INT(wn_ftz_loss(m), WN_FTZ_HS);
    CHECK_STR(wn_ftz_label(m, 0), "__label__en");
    CHECK_STR(wn_ftz_label_short(m, 175), "tyv");
    CHECK_EQ_INT(wn_ftz_label_find(m, "tr"), wn_ftz_label_find(m, "__label__tr"));
    CHECK_EQ_INT(wn_ftz_label_find(m, "xx-nope"), -1);
    wn_lid_model_free(m);
}

static void test_worked_examples(void)
{
    wn_lid_model *m = load_good();
    wn_lid_predictor *p = NULL;
    if (!m || wn_lid_predictor_new(m, &p) != WN_OK) {
        CHECK(0);
        wn_lid_model_free(m);
        return;
    }
    static const int32_t guzel[] = {23016, 29956, 13243, 18782, 0};
    static const int32_t sehir[] = {5927, 9054, 22365, 26686, 35442, 39664, 0};
    check_rows(m, p, "g\xc3\xbczel", guzel, 5);
    static const float hid[16] = {1.1139f, -1.1833f, -0.44135f, 0.29843f, -1.1528f, 2.5927f, 0.378f, -0.8906f,
                                  1.1162f, -0.63526f, -0.73547f, 0.089554f, -0.0053678f, 0.75856f, 1.2626f, -0.58502f};
    const float *h = wn_ftz_hidden(p);
    CHECK(h != NULL);
    for (int j = 0; h && j < 16; j++)
        CHECK(fabsf(h[j] - hid[j]) <= 1e-4f * fmaxf(1.0f, fabsf(hid[j])));
    check_rows(m, p, "\xc5\x9f" "ehir", sehir, 7);
    /* zq: every n-gram is pruned, only EOS (row 0) is left */
    static const int32_t zq[] = {0};
    check_rows(m, p, "zq", zq, 1);
    static const float row0[16] = {-0.41134f, 0.05063f, -0.21487f, 0.22171f, -0.31428f, -0.40979f, -0.2256f, 0.18744f,
                                   0.13185f, 0.37231f, -0.01251f, -0.02567f, 0.09178f, 0.21414f, 0.11366f, 0.4152f};
    h = wn_ftz_hidden(p);
    for (int j = 0; h && j < 16; j++)
        CHECK(fabsf(h[j] - row0[j]) <= 1e-4f);

    check_top3(p, "g\xc3\xbczel", 1, "__label__tr 0.981915 __label__en 0.0061948 __label__hu 0.00161258");
    check_top3(p, "\xc5\x9f" "ehir", 1, "__label__tr 0.692394 __label__az 0.0360522 __label__fa 0.0323518");
    check_top3(p, "", 1, "__label__en 0.124504 __label__ca 0.0859483 __label__de 0.0802881");
    /* no EOS and no tokens: no prediction at all (§7.3) */
    check_top3(p, " \t ", 0, "");
    /* "</s>" ends the example: the rest of the line is not read */
    const char *a, *b;
    size_t al, bl;
    char first[256];
    CHECK(wn_lid_predict_prob_line(p, "Guten Morgen", 12, 1, 2, 0.0f, &a, &al) == WN_OK);
    snprintf(first, sizeof first, "%s", a);
    CHECK(wn_lid_predict_prob_line(p, "Guten Morgen </s> bonjour tout le monde", 39, 1, 2, 0.0f, &b, &bl) == WN_OK);
    CHECK_STR(b, first);
    /* without the final newline the EOS row is missing, and results differ */
    CHECK(wn_lid_predict_prob_line(p, "Guten Morgen", 12, 0, 2, 0.0f, &b, &bl) == WN_OK);
    CHECK(strcmp(b, first) != 0);
    /* a threshold drops labels; k = -1 lists labels down to ~1e-5 */
    wn_lid_pred pr[176];
    int n = 0;
    CHECK(wn_ftz_predict(p, "g\xc3\xbczel", 6, 1, -1, 0.0f, pr, &n) == WN_OK);
    CHECK(n > 3 && n <= 176);
    for (int i = 1; i < n; i++)
        CHECK(pr[i - 1].score >= pr[i].score);
    CHECK(wn_ftz_predict(p, "g\xc3\xbczel", 6, 1, -1, 0.5f, pr, &n) == WN_OK);
    CHECK_EQ_INT(n, 1);
    CHECK(wn_ftz_predict(p, "x", 1, 1, 0, 0.0f, pr, &n) == WN_ERR_ARG);
    wn_lid_predictor_free(p);
    wn_lid_model_free(m);
}

static wn_status load_copy(const unsigned char *b, size_t n, char *err, size_t errsize)
{
    wn_lid_model *m = NULL;
    wn_status s = wn_ftz_load_mem(b, n, &m, err, errsize);
    wn_lid_model_free(m);
    return s;
}

static void put32(unsigned char *b, size_t off, int32_t v) { memcpy(b + off, &v, 4); }

static void test_damaged(void)
{
    char err[256];
    if (!model_bytes) {
        CHECK(0);
        return;
    }
    unsigned char *c = malloc(model_len + 1);
    /* truncated at every section boundary of lid.176.ftz and a few inside */
    static const size_t cuts[] = {0, 3, 7, 8, 40, 63, 64, 90, 1000, 200000, 459270, 459271, 459280,
                                  700000, 859292, 875692, 926731, 926732, 926733, 926749, 938012};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        err[0] = 0;
        CHECK_EQ_INT(load_copy(model_bytes, cuts[i], err, sizeof err), WN_ERR_DATA);
        if (!strstr(err, "truncated"))
            fprintf(stderr, "cut at %zu: %s\n", cuts[i], err);
        CHECK(strstr(err, "truncated") != NULL);
    }
    /* one byte too many */
    memcpy(c, model_bytes, model_len);
    c[model_len] = 0;
    CHECK_EQ_INT(load_copy(c, model_len + 1, err, sizeof err), WN_ERR_DATA);
    CHECK(strstr(err, "unexpected bytes") != NULL);
    /* bad magic */
    c[0] ^= 0xff;
    CHECK_EQ_INT(load_copy(c, model_len, err, sizeof err), WN_ERR_DATA);
    CHECK(strstr(err, "magic") != NULL);
    c[0] ^= 0xff;
    /* newer version */
    put32(c, 4, 13);
    CHECK_EQ_INT(load_copy(c, model_len, err, sizeof err), WN_ERR_DATA);
    CHECK(strstr(err, "version 13") != NULL);
    put32(c, 4, 12);
    /* not a supervised model */
    put32(c, 8 + 7 * 4, 1);
    CHECK_EQ_INT(load_copy(c, model_len, err, sizeof err), WN_ERR_DATA);
    CHECK(strstr(err, "supervised") != NULL);
    put32(c, 8 + 7 * 4, 3);
    /* dim that disagrees with the matrices */
    put32(c, 8, 17);
    CHECK_EQ_INT(load_copy(c, model_len, err, sizeof err), WN_ERR_DATA);
    CHECK(strstr(err, "corrupt") != NULL);
    put32(c, 8, 16);
    /* a dictionary size that does not add up */
    put32(c, 64, 7412);
    CHECK_EQ_INT(load_copy(c, model_len, err, sizeof err), WN_ERR_DATA);
    CHECK(strstr(err, "dictionary") != NULL);
    put32(c, 64, 7411);
    /* the quantization flag is a bool */
    c[459270] = 7;
    CHECK_EQ_INT(load_copy(c, model_len, err, sizeof err), WN_ERR_DATA);
    CHECK(strstr(err, "quantization flag") != NULL);
    c[459270] = 1;
    /* the input matrix row count */
    put32(c, 459272, 49999);
    CHECK_EQ_INT(load_copy(c, model_len, err, sizeof err), WN_ERR_DATA);
    CHECK(strstr(err, "input matrix") != NULL);
    put32(c, 459272, 50000);
    /* everything restored: loads again */
    CHECK_EQ_INT(load_copy(c, model_len, err, sizeof err), WN_OK);
    free(c);
}

static void test_load_files(void)
{
    char err[256], path[] = "/tmp/wn_ftz_XXXXXX";
    wn_lid_model *m = (wn_lid_model *)1;
    CHECK_EQ_INT(wn_lid_model_load("/nonexistent/lid.176.ftz", &m, err, sizeof err), WN_ERR_IO);
    CHECK(m == NULL);
    CHECK(strstr(err, "/nonexistent/lid.176.ftz") && strstr(err, "No such file"));
    CHECK_EQ_INT(wn_lid_model_load("/tmp", &m, err, sizeof err), WN_ERR_IO);
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0 || !model_bytes)
        return;
    /* a truncated copy on disk: the error names the file and the cause */
    CHECK(write(fd, model_bytes, 500000) == 500000);
    close(fd);
    CHECK_EQ_INT(wn_lid_model_load(path, &m, err, sizeof err), WN_ERR_DATA);
    CHECK(strstr(err, path) && strstr(err, "truncated"));
    /* an empty file */
    FILE *f = fopen(path, "wb");
    fclose(f);
    CHECK_EQ_INT(wn_lid_model_load(path, &m, err, sizeof err), WN_ERR_DATA);
    CHECK(strstr(err, "truncated") != NULL);
    unlink(path);
}

int main(void)
{
    if (!read_model())
        fprintf(stderr, "test_ftz: %s is missing: run tools/fetch-model.sh (make setup)\n", MODEL);
    RUN(test_hash_worked_example);
    RUN(test_model_shape);
    RUN(test_worked_examples);
    RUN(test_damaged);
    RUN(test_load_files);
    free(model_bytes);
    HARNESS_EXIT();
}
