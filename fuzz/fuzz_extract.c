/* fuzz_extract.c: charset decision + HTML parsing + extraction on arbitrary
 * bytes.  The first byte picks the options. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "common/doc.h"
#include "extract/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static int init;
    if (!init) {
        if (wn_extract_global_init(NULL, 0) != WN_OK)
            abort();
        init = 1;
    }
    wn_xopts o = {0};
    o.comments = data[0] & 1;
    o.tables = (data[0] >> 1) & 1;
    o.links = (data[0] >> 2) & 1;
    o.fallback = (data[0] >> 3) & 1;
    o.max_html = 1 << 22;
    const char *ct = (data[0] >> 4) & 1 ? "text/html; charset=windows-1251" : NULL;
    wn_doc *d = wn_doc_new();
    if (!d)
        return 0;
    wn_extract_doc(&o, NULL, (const char *)data + 1, size - 1, "https://example.org/2020/01/02/x", ct, d);
    wn_doc_free(d);
    return 0;
}
