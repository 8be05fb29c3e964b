/* test_linededup.c: CCNet's normalize_for_dedup (quality-rules.md §9). */
#include "harness.h"
#include "linededup/linededup.h"

static wn_buf b = WN_BUF_INIT;

static const char *norm(const char *s)
{
    wn_buf_clear(&b);
    wn_ccnet_normalize(&b, s, strlen(s));
    return b.data ? b.data : "";
}

static void test_normalize(void)
{
    /* digits one for one (not collapsed), lower case, ASCII punctuation kept */
    CHECK_STR(norm("  13:05 27.10.2025 (G\xC3\xBC" "ncellendi: 13:08 27.10.2025) "),
              "00:00 00.00.0000 (g\xC3\xBC" "ncellendi: 00:00 00.00.0000)");
    /* CCNet's unicode punctuation deleted: « » – … ’ */
    CHECK_STR(norm("\xC2\xAB" "A\xC2\xBB \xE2\x80\x93 b\xE2\x80\xA6 c\xE2\x80\x99s"), "a  b cs");
    /* accents kept; Arabic-Indic digits are \d too; controls deleted */
    CHECK_STR(norm("\xD0\xA4\xD0\xBE\xD1\x82\xD0\xBE: Reuters \xD9\xA3\x01"), "\xD1\x84\xD0\xBE\xD1\x82\xD0\xBE: reuters 0");
    CHECK_STR(norm(" \t "), "");
}

int main(void)
{
    RUN(test_normalize);
    wn_buf_free(&b);
    HARNESS_EXIT();
}
