/* fuzz_warc.c: the WARC reader on arbitrary bytes (plain, gzip or zstd). */
#include <stdint.h>
#include <stdio.h>
#include "extract/warc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    FILE *f = fmemopen((void *)data, size, "rb");
    if (!f)
        return 0;
    wn_warc *w;
    if (wn_warc_open(f, "fuzz", 1 << 20, &w) != WN_OK)
        return 0;
    for (int i = 0; i < 10000; i++) {
        wn_warc_record rec;
        int eof;
        if (wn_warc_next(w, &rec, &eof) != WN_OK || eof)
            break;
        /* touch the payload */
        volatile unsigned sum = 0;
        for (size_t k = 0; k < rec.payload_len; k += 64)
            sum += (unsigned char)rec.payload[k];
        (void)sum;
    }
    wn_warc_free(w);
    return 0;
}
