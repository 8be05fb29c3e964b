#include "normalize.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/options.h"
#include "common/utf8.h"
#include "pipeline/stage.h"

/* ---- NFC quick check ----------------------------------------------------
 * A bit per code point: set when the character may change under NFC or may
 * combine with its neighbour (non-zero combining class, composition
 * exclusion, canonical singleton, possible second of a composition, Hangul
 * jamo).  Text made only of clear characters is already NFC and skips
 * utf8proc, which is most of the cost of normalisation otherwise. */
#define NCP 0x110000
static unsigned char *nfc_slow_bits;
static pthread_once_t nfc_once = PTHREAD_ONCE_INIT;

static int compute_slow(int32_t cp)
{
    if (cp < 0x300)
        return 0;
    if (cp >= 0x1100 && cp <= 0x11FF)
        return 1;   /* Hangul jamo compose algorithmically */
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    if (p->combining_class != 0 || p->comp_exclusion)
        return 1;
    if (p->comb_index != UINT16_MAX && (p->comb_index & 0x8000))
        return 1;   /* may be the second character of a composition */
    if (p->decomp_seqindex != UINT16_MAX && p->decomp_type == 0) {
        /* Canonically decomposable: stable only if NFC gives it back
         * (singletons and excluded compositions do not). */
        utf8proc_uint8_t in[4], *out = NULL;
        utf8proc_ssize_t n = utf8proc_encode_char(cp, in);
        utf8proc_ssize_t m = utf8proc_map(in, n, &out, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        int same = m == n && out && memcmp(in, out, (size_t)n) == 0;
        free(out);
        if (!same)
            return 1;
    }
    return 0;
}

static void nfc_init(void)
{
    nfc_slow_bits = calloc(NCP / 8, 1);
    if (!nfc_slow_bits)
        return;
    for (int32_t cp = 0x300; cp < NCP; cp++)
        if (compute_slow(cp))
            nfc_slow_bits[cp >> 3] |= (unsigned char)(1u << (cp & 7));
}

int wn_nfc_maybe_changes(int32_t cp)
{
    pthread_once(&nfc_once, nfc_init);
    if (!nfc_slow_bits)
        return compute_slow(cp);
    return (nfc_slow_bits[cp >> 3] >> (cp & 7)) & 1;
}

/* ---- character classes ---------------------------------------------------- */

/* Python str.isspace() (quality-rules.md §1), minus the line breaks handled
 * before. */
static int is_space(int32_t c)
{
    return c == 0x20 || c == 0x09 || c == 0x1C || c == 0x1D || c == 0x1E || c == 0x1F || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Removed outright: controls (C0 but TAB, DEL, C1) and invisible format
 * characters that carry no text. */
static int is_dropped(int32_t c)
{
    if (c < 0x20)
        return c != 0x09;
    if (c >= 0x7F && c <= 0x9F)
        return 1;
    switch (c) {
    case 0x00AD: /* soft hyphen */
    case 0x180E: /* Mongolian vowel separator */
    case 0x200B: /* zero width space */
    case 0x200E: case 0x200F: /* LRM, RLM */
    case 0x2060: /* word joiner */
    case 0xFEFF: /* BOM / ZWNBSP */
        return 1;
    }
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
           (c >= 0xFFF9 && c <= 0xFFFB);
}

static int is_break(int32_t c)
{
    return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* Appends the normalised form of one line (s[0..n) contains no breaks). */
static wn_status norm_segment(wn_buf *out, const unsigned char *s, size_t n, size_t *replaced)
{
    size_t start = out->len;
    int pending_space = 0, slow = 0;
    WN_TRY(wn_buf_reserve(out, n + 8));
    size_t i = 0;
    while (i < n) {
        unsigned char b = s[i];
        if (b >= 0x21 && b < 0x7F) {
            /* ASCII run fast path */
            if (pending_space) {
                if (out->len > start)
                    out->data[out->len++] = ' ';
                pending_space = 0;
            }
            size_t j = i;
            while (j < n && s[j] >= 0x21 && s[j] < 0x7F)
                j++;
            memcpy(out->data + out->len, s + i, j - i);
            out->len += j - i;
            i = j;
            continue;
        }
        int32_t cp;
        size_t k = wn_utf8_decode(s + i, n - i, &cp);
        if (cp < 0) {
            (*replaced)++;
            cp = 0xFFFD;
        }
        i += k;
        if (is_space(cp) || is_break(cp)) {
            pending_space = 1;
            continue;
        }
        if (is_dropped(cp))
            continue;
        if (pending_space) {
            if (out->len > start)
                out->data[out->len++] = ' ';
            pending_space = 0;
        }
        if (wn_nfc_maybe_changes(cp))
            slow = 1;
        /* Output never grows past input + 2 bytes per replaced byte. */
        WN_TRY(wn_buf_reserve(out, 4 + (n - i) + 8));
        out->len += wn_utf8_encode(cp, out->data + out->len);
    }
    out->data[out->len] = 0;
    if (slow) {
        utf8proc_uint8_t *nfc = NULL;
        utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)out->data + start,
                                          (utf8proc_ssize_t)(out->len - start), &nfc,
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (m < 0)
            return m == UTF8PROC_ERROR_NOMEM ? WN_ERR_NOMEM : WN_ERR_INTERNAL;
        out->len = start;
        wn_status st = wn_buf_append(out, nfc, (size_t)m);
        free(nfc);
        WN_TRY(st);
    }
    return WN_OK;
}

wn_status wn_normalize_line(wn_buf *out, const char *s, size_t n, size_t *replaced)
{
    return norm_segment(out, (const unsigned char *)s, n, replaced);
}

/* Length of the line break starting at s[i], or 0. */
static size_t break_len(const unsigned char *s, size_t n, size_t i)
{
    unsigned char c = s[i];
    if (c == '\n' || c == 0x0B || c == 0x0C)
        return 1;
    if (c == '\r')
        return (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
    if (c == 0xC2 && i + 1 < n && s[i + 1] == 0x85)
        return 2;
    if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
        return 3;
    return 0;
}

wn_status wn_normalize_doc(wn_doc *d, wn_buf *out)
{
    const unsigned char *s = (const unsigned char *)(d->body.data ? d->body.data : "");
    size_t n = d->body.len;
    wn_buf_clear(out);
    d->nlines = 0;
    uint32_t line = d->body_line0;
    size_t i = 0;
    while (i <= n) {
        size_t j = i, bl = 0;
        while (j < n && !(bl = break_len(s, n, j)))
            j++;
        size_t at = out->len;
        if (at)
            WN_TRY(wn_buf_putc(out, '\n'));
        size_t from = out->len;
        WN_TRY(norm_segment(out, s + i, j - i, &d->invalid_utf8));
        if (out->len > from) {
            WN_TRY(wn_doc_add_line(d, from, out->len - from, line));
        } else {
            out->len = at;   /* empty line: drop it and its separator */
            if (out->data)
                out->data[at] = 0;
        }
        line++;
        if (j >= n)
            break;
        i = j + bl;
    }
    /* Swap: the normalised text becomes the body. */
    wn_buf tmp = d->body;
    d->body = *out;
    *out = tmp;
    if (d->title) {
        wn_buf t = WN_BUF_INIT;
        size_t rep = 0;
        WN_TRY(norm_segment(&t, (const unsigned char *)d->title, strlen(d->title), &rep));
        free(d->title);
        d->title = t.len ? wn_buf_steal(&t) : NULL;
        wn_buf_free(&t);
    }
    return WN_OK;
}

/* ---- the stage ------------------------------------------------------------ */

typedef struct normalize_stage {
    double max_invalid;
} normalize_stage;

static wn_status ns_create(const wn_stage_env *env, void **self)
{
    normalize_stage *s = calloc(1, sizeof *s);
    if (!s)
        return WN_ERR_NOMEM;
    wn_status st = wn_opt_double(env->opts, "max-invalid", 0.01, 0.0, 1.0, &s->max_invalid);
    if (st != WN_OK) {
        free(s);
        return st;
    }
    *self = s;
    return WN_OK;
}

static void *ns_scratch_new(void *self)
{
    (void)self;
    return calloc(1, sizeof(wn_buf));
}

static void ns_scratch_free(void *scratch)
{
    if (scratch)
        wn_buf_free(scratch);
    free(scratch);
}

static wn_status ns_process(void *self, void *scratch, wn_doc *d)
{
    normalize_stage *s = self;
    if (d->reject)
        return WN_OK;
    size_t in_bytes = d->body.len;
    WN_TRY(wn_normalize_doc(d, scratch));
    if (d->invalid_utf8) {
        WN_TRY(wn_doc_meta_set(d, "invalid_utf8", json_integer((json_int_t)d->invalid_utf8)));
        /* The fraction is of input bytes: a sequence of 1-4 bytes counts once. */
        double frac = in_bytes ? (double)d->invalid_utf8 / (double)in_bytes : 1.0;
        if (frac > s->max_invalid) {
            wn_doc_reject(d, "invalid-utf8", "%zu invalid UTF-8 sequences in %zu bytes (%.4f > --max-invalid %g)",
                          d->invalid_utf8, in_bytes, frac, s->max_invalid);
            json_object_set_new(d->reject_info, "value", json_real(frac));
            json_object_set_new(d->reject_info, "threshold", json_real(s->max_invalid));
        }
    }
    return WN_OK;
}

static void ns_destroy(void *self)
{
    free(self);
}

const wn_stage_ops wn_stage_normalize = {
    .name = "normalize",
    .create = ns_create,
    .scratch_new = ns_scratch_new,
    .scratch_free = ns_scratch_free,
    .process = ns_process,
    .destroy = ns_destroy,
};
