/* fuzz_filter: any bytes as a text through the quality rules' fast paths
 * (tokenizer, Gopher quality and repetition, FineWeb, C4 line by line,
 * str.lower()); the token list must cover only the text, in order, and the
 * line rules must agree with and without the document's tokens. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter/pytext.h"
#include "filter/rules.h"
#include "filter/words.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wn_qscratch *q;
    static wn_tokens t;
    if (!q && !(q = wn_qscratch_new()))
        abort();
    const char *s = (const char *)data;
    if (wn_words_split(s, size, &t) != WN_OK)
        abort();
    for (size_t i = 0; i < t.n; i++)
        if (!t.v[i].len || t.v[i].off + t.v[i].len > size || (i && t.v[i].off < t.v[i - 1].off + t.v[i - 1].len))
            abort();
    wn_qparams p;
    wn_qparams_defaults(&p);
    json_t *sc = json_object();
    wn_qresult r;
    wn_gopher_quality(&p, s, size, &t, q, &r, sc);
    wn_gopher_repetition(&p, s, size, &t, q, &r, sc);
    wn_fineweb_quality(&p, s, size, &t, q, &r, sc);
    json_decref(sc);
    /* each '\n'-separated line: own tokens vs the document's slice */
    wn_buf a = WN_BUF_INIT, b = WN_BUF_INIT;
    size_t start = 0, ti = 0;
    while (start <= size) {
        const char *lf = memchr(s + start, '\n', size - start);
        size_t end = lf ? (size_t)(lf - s) : size, t0 = ti;
        while (ti < t.n && t.v[ti].off < end)
            ti++;
        size_t s1, s2;
        const char *d1, *d2;
        const char *w2 = wn_c4_line_tok(&p, s + start, end - start, t.v + t0, ti - t0, q, &b, &s2, &d2);
        const char *w1 = wn_c4_line(&p, s + start, end - start, q, &a, &s1, &d1);
        if (w1 != w2 || d1 != d2 || s1 != s2 || a.len != b.len || (a.len && memcmp(a.data, b.data, a.len)))
            abort();
        start = end + 1;
    }
    wn_buf_clear(&a);
    if (wn_py_lower(&a, s, size) != WN_OK)
        abort();
    wn_buf_free(&a);
    wn_buf_free(&b);
    return 0;
}
