#include "normalize.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/options.h"
#include "common/utf8.h"
#include "pipeline/stage.h"

/* ---- NFC quick check ----------------------------------------------------
 * UAX #15's quick check: a string is already NFC when none of its
 * characters is NFC_QC "No" or "Maybe" and its combining marks are in
 * canonical order.  A bit per code point says "No or Maybe" (composition
 * exclusion, canonical singleton, possible second of a composition, Hangul
 * jamo); the combining class is checked for order as the text is copied.
 * Text that passes skips utf8proc, which is most of the cost of
 * normalisation otherwise: Devanagari, Tamil, Hebrew... carry combining
 * marks on most words, nearly always in order and composing with nothing. */
#define NCP 0x110000
#define PAGE 256
/* Built a page of 256 code points at a time, on first use: most text
 * touches a few pages, and a full table costs ~20 ms at every start. */
static unsigned char nfc_slow_bits[NCP / 8], nfc_maybe_bits[NCP / 8];
static unsigned char ccc_of[NCP];
static _Atomic unsigned char nfc_page_done[NCP / PAGE];
static pthread_mutex_t nfc_mu = PTHREAD_MUTEX_INITIALIZER;

/* 1: NFC_QC No (or Hangul jamo): the text must go through utf8proc.
 * 2: NFC_QC Maybe: the second character of some composition, which changes
 *    the text only if it follows a character it composes with.
 * 0: Yes. */
static int compute_kind(int32_t cp)
{
    if (cp < 0x300)
        return 0;
    if (cp >= 0x1100 && cp <= 0x11FF)
        return 1;   /* Hangul jamo compose algorithmically */
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    if (p->comp_exclusion)
        return 1;
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
    if (p->comb_index != UINT16_MAX && (p->comb_index & 0x8000))
        return 2;   /* may be the second character of a composition */
    return 0;
}

static void fill_page(size_t page)
{
    pthread_mutex_lock(&nfc_mu);
    if (!nfc_page_done[page]) {
        for (int32_t c = (int32_t)(page * PAGE); c < (int32_t)((page + 1) * PAGE); c++) {
            int kind = compute_kind(c);
            if (kind == 1)
                nfc_slow_bits[c >> 3] |= (unsigned char)(1u << (c & 7));
            else if (kind == 2)
                nfc_maybe_bits[c >> 3] |= (unsigned char)(1u << (c & 7));
            ccc_of[c] = (unsigned char)utf8proc_get_property(c)->combining_class;
        }
        nfc_page_done[page] = 1;
    }
    pthread_mutex_unlock(&nfc_mu);
}

/* 0, 1 or 2 as compute_kind() */
static int nfc_kind(int32_t cp)
{
    if (cp < 0x300)
        return 0;
    if (cp >= NCP)
        return 1;
    size_t page = (size_t)cp / PAGE;
    if (!nfc_page_done[page])
        fill_page(page);
    if ((nfc_slow_bits[cp >> 3] >> (cp & 7)) & 1)
        return 1;
    return ((nfc_maybe_bits[cp >> 3] >> (cp & 7)) & 1) ? 2 : 0;
}

int wn_nfc_maybe_changes(int32_t cp)
{
    return nfc_kind(cp) != 0;
}

/* Whether the pair a b (a a starter) is left alone by NFC, i.e. does not
 * compose.  Asked of utf8proc once per pair and thread: text repeats the
 * same few pairs (a consonant and a vowel sign) over and over. */
static int pair_is_stable(int32_t a, int32_t b)
{
    static _Thread_local struct { uint64_t key; int stable; } memo[256];
    uint64_t key = ((uint64_t)(uint32_t)a << 32 | (uint32_t)b) + 1; /* 0: empty */
    size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 56);
    if (memo[h].key == key)
        return memo[h].stable;
    utf8proc_uint8_t in[8], *out = NULL;
    utf8proc_ssize_t n = utf8proc_encode_char(a, in);
    n += utf8proc_encode_char(b, in + n);
    utf8proc_ssize_t m = utf8proc_map(in, n, &out, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (m < 0) {
        free(out);
        return 0; /* let the slow path report it */
    }
    int stable = m == n && memcmp(in, out, (size_t)n) == 0;
    free(out);
    memo[h].key = key;
    memo[h].stable = stable;
    return stable;
}

int wn_nfc_ccc(int32_t cp)
{
    if (cp < 0x300 || cp >= NCP)
        return 0;
    size_t page = (size_t)cp / PAGE;
    if (!nfc_page_done[page])
        fill_page(page);
    return ccc_of[cp];
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

enum { F_SPACE = 1, F_BREAK = 2, F_DROP = 4, F_SLOW = 8, F_MAYBE = 16 };

/* Flags and combining class (bits 8-15) of each code point of planes 0 and
 * 1 (the BMP, emoji and historic scripts), built a page of 256 at a time on
 * first use (bmp_done), so that a character costs a table load; other
 * planes are rare and computed each time. */
#define INFO_CP 0x20000   /* the table covers planes 0 and 1 (emoji, symbols) */
static uint16_t bmp_info[INFO_CP];
static _Atomic unsigned char bmp_done[INFO_CP / PAGE];
static pthread_mutex_t bmp_mu = PTHREAD_MUTEX_INITIALIZER;

static int flags_of(int32_t cp)
{
    int kind = nfc_kind(cp);
    return (is_space(cp) ? F_SPACE : 0) | (is_break(cp) ? F_BREAK : 0) | (is_dropped(cp) ? F_DROP : 0) |
           (kind == 1 ? F_SLOW : kind == 2 ? F_MAYBE : 0);
}

static int info_fill(int32_t cp)
{
    if (cp >= INFO_CP)
        return flags_of(cp) | wn_nfc_ccc(cp) << 8;
    size_t page = (size_t)cp / PAGE;
    if (!bmp_done[page]) {
        pthread_mutex_lock(&bmp_mu);
        if (!bmp_done[page]) {
            for (int32_t c = (int32_t)(page * PAGE); c < (int32_t)((page + 1) * PAGE); c++)
                bmp_info[c] = (uint16_t)(flags_of(c) | wn_nfc_ccc(c) << 8);
            bmp_done[page] = 1;
        }
        pthread_mutex_unlock(&bmp_mu);
    }
    return bmp_info[cp];
}

/* A table load for a BMP code point whose page is filled (the hot case,
 * kept inline), else info_fill. */
static inline int info_of(int32_t cp)
{
    if (cp < INFO_CP && bmp_done[(size_t)cp / PAGE])
        return bmp_info[cp];
    return info_fill(cp);
}

#if defined(__SSE2__)
/* Whether every letter U+0400..U+047F (the characters of
 * wn_utf8_cyrillic_block) has no flags and no combining class, so that a
 * block of them and single spaces is copied as it is.  Asked of the table
 * once (which fills its pages). */
static int cyrillic_plain(void)
{
    static _Atomic int known; /* 0: not yet, 1: yes, 2: no */
    int k = known;
    if (!k) {
        k = 1;
        for (int32_t c = 0x400; c < 0x480; c++)
            if (info_of(c) != 0)
                k = 2;
        known = k;
    }
    return k == 1;
}
#endif

#if defined(__SSE2__)
/* The bytes of v (the sixteen at s, which starts a character) that a run
 * of norm_line takes as they are: printable ASCII, two-byte characters
 * whose flags and combining class are all 0 (their page of the table
 * filled), single spaces each followed by another character of the block.
 * Returns how many (16, or 15 when the last byte is a lead whose
 * continuation lies beyond), or 0 when the block holds anything else;
 * *last is its last character.  (Three-byte characters too cost more than
 * they saved: Indic blocks mostly hold a virama or a nukta.) */
static inline size_t mixed_block(const unsigned char *s, __m128i v, int32_t *last)
{
    unsigned asc = (unsigned)_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x20)), _mm_cmplt_epi8(v, _mm_set1_epi8(0x7F))));
    unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
    /* signed: continuation bytes 80..BF are below -64, leads C2..DF -62..-33 */
    unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(-64)));
    unsigned lead = (unsigned)_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-63)), _mm_cmplt_epi8(v, _mm_set1_epi8(-32))));
    if ((asc | sp | cont | lead) != 0xFFFF || cont != ((lead << 1) & 0xFFFF) || (sp & (sp >> 1)))
        return 0;
    size_t used = 16 - (lead >> 15);
    if ((sp >> (used - 1)) & 1)
        return 0; /* a space must be followed by a character of the block */
    for (unsigned m = lead & 0x7FFF; m; m &= m - 1) {
        unsigned p = (unsigned)__builtin_ctz(m);
        int32_t c = (int32_t)(((s[p] & 0x1Fu) << 6) | (s[p + 1] & 0x3Fu));
        if (!bmp_done[(size_t)c / PAGE] || bmp_info[c] != 0)
            return 0;
    }
    if ((cont >> (used - 1)) & 1)
        *last = (int32_t)(((s[used - 2] & 0x1Fu) << 6) | (s[used - 1] & 0x3Fu));
    else
        *last = s[used - 1];
    return used;
}
#endif

/* Skips whole 8-byte chunks of s[j..n) that the byte loop of norm_line
 * would take into a printable run: bytes 0x20..0x7E, no two spaces in a
 * row, a space at the end only before a printable non-space byte.
 * s[j - 1] is a printable non-space byte.  Stops at the first chunk that
 * breaks a rule (with SSE2 at the exact end of the run); the byte loop
 * does the rest, exactly as before. */
static size_t printable_run(const unsigned char *s, size_t j, size_t n)
{
#if defined(__SSE2__)
    /* the same rules sixteen bytes at a time (signed compares: bytes from
     * 0x80 on are negative, so they fail "> 0x1F") */
    const __m128i lo = _mm_set1_epi8(0x1F), hi = _mm_set1_epi8(0x7F), space = _mm_set1_epi8(' ');
    while (j + 17 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
        unsigned ok = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(v, lo), _mm_cmplt_epi8(v, hi)));
        unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, space));
        /* where the run ends in this block, exactly: a byte that is not
         * printable, or a space not followed by a printable non-space
         * (the byte loop then stops there at once) */
        unsigned stop = (~ok & 0xFFFF) | (sp & ~((ok & ~sp) >> 1) & 0x7FFF);
        if (stop)
            return j + (size_t)__builtin_ctz(stop);
        if ((sp >> 15) && !(s[j + 16] > 0x20 && s[j + 16] < 0x7F))
            return j + 15;
        j += 16;
    }
#endif
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL, low7 = 0x7F7F7F7F7F7F7F7FULL;
    while (j + 9 <= n) {
        uint64_t w;
        memcpy(&w, s + j, 8);
        uint64_t w7 = w & low7;
        /* high bit of a byte: >= 0x80, < 0x20 or 0x7F */
        uint64_t bad = (w | ~(w7 + 0x60 * ones) | (w7 + ones)) & high;
        uint64_t v = w ^ (0x20 * ones);
        uint64_t sp = ~(((v & low7) + low7) | v | low7); /* high bit: a space */
        if (bad || (sp & (sp >> 8)))
            break;
        if ((sp >> 63) && !(s[j + 8] > 0x20 && s[j + 8] < 0x7F))
            break;
        j += 8;
    }
#endif
    return j;
}

/* Appends the normalised form of one line: the bytes of s[0..n) up to the
 * first line break (with breaks = 1, which *consumed then includes) or all
 * of them (breaks = 0, breaks become spaces).  Returns the status; *consumed
 * is the number of input bytes used. */
static wn_status norm_line(wn_buf *out, const unsigned char *s, size_t n, size_t *replaced, int breaks,
                           size_t *consumed)
{
    size_t start = out->len;
    int pending_space = 0, slow = 0, last_ccc = 0;
    int32_t prev = -1; /* the last character written, -1 at the start */
    WN_TRY(wn_buf_reserve(out, n + 8));
    char *o = out->data + out->len;
    const char *o0 = out->data + start;
    size_t i = 0;
    while (i < n) {
        unsigned char b = s[i];
        if (b >= 0x20 && b < 0x7F) {
            /* printable ASCII: copy runs, collapse spaces */
            if (b == ' ') {
                pending_space = 1;
                i++;
                continue;
            }
            if (pending_space) {
                if (o > o0)
                    *o++ = ' ';
                pending_space = 0;
            }
            /* the run goes on through single spaces between printable
             * bytes, so that a sentence is one copy, not one per word */
            size_t j = i + 1;
            j = printable_run(s, j, n);
            for (;;) {
                while (j < n && s[j] > 0x20 && s[j] < 0x7F)
                    j++;
                if (j + 1 < n && s[j] == ' ' && s[j + 1] > 0x20 && s[j + 1] < 0x7F)
                    j += 2;
                else
                    break;
            }
            memcpy(o, s + i, j - i);
            o += j - i;
            i = j;
            last_ccc = 0;
            prev = s[j - 1];
            continue;
        }
        int32_t cp;
        size_t k = wn_utf8_next(s + i, n - i, &cp);
        int invalid = cp < 0;
        if (invalid) {
            (*replaced)++;
            cp = 0xFFFD;
        }
        int f = info_of(cp);
        if (f & F_BREAK) {
            if (breaks) {
                /* CR LF is one break */
                i += k + (b == '\r' && i + 1 < n && s[i + 1] == '\n');
                break;
            }
            pending_space = 1;
            i += k;
            continue;
        }
        i += k;
        if (f & F_SPACE) {
            pending_space = 1;
            continue;
        }
        if (f & F_DROP)
            continue;
        if (pending_space) {
            if (o > o0) {
                *o++ = ' ';
                prev = ' ';
            }
            pending_space = 0;
            last_ccc = 0;
        }
        /* marks out of canonical order need reordering, and a possible
         * second of a composition composing: NFC's business.  The latter is
         * decided here when it follows a starter (last_ccc 0), else left
         * to utf8proc. */
        int ccc = f >> 8;
        slow |= (f & F_SLOW) | (ccc && last_ccc > ccc);
        if ((f & F_MAYBE) && !slow && prev >= 0 && (last_ccc != 0 || !pair_is_stable(prev, cp)))
            slow = 1;
        last_ccc = ccc;
        prev = cp;
        if (invalid) {
            /* U+FFFD takes 3 bytes for 1-3 bad ones: make room for the rest */
            out->len = (size_t)(o - out->data);
            WN_TRY(wn_buf_reserve(out, 3 + (n - i) + 8));
            o = out->data + out->len;
            o0 = out->data + start;
            o += wn_utf8_encode(cp, o);
        } else {   /* a valid sequence is copied as it is */
            wn_utf8_copy(o, s + i - k, k);
            o += k;
            if (f == 0) {
                /* Two- and three-byte characters without flags or
                 * combining class (Cyrillic, Greek, Hebrew, most Arabic
                 * letters; most of Indic scripts, CJK, Hangul), single
                 * spaces between them: copied with nothing else to do
                 * (prev is all the state they change).  A page of the
                 * table not filled yet ends the run: info_of fills it. */
#if defined(__SSE2__)
                size_t block_from = i; /* no block tried before: one failed */
#endif
                for (;;) {
#if defined(__SSE2__)
                    /* Cyrillic sixteen bytes at a time: copied whole.  A
                     * block that fails is not tried again at each of the
                     * characters it held (the run mostly ends there). */
                    if (i >= block_from && i + 16 <= n && cyrillic_plain()) {
                        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
                        size_t used = wn_utf8_cyrillic_block(v);
                        if (used) {
                            _mm_storeu_si128((__m128i *)(void *)o, v);
                            o += used;
                            i += used;
                            block_from = i;
                            prev = (int32_t)(((s[i - 2] & 0x1Fu) << 6) | (s[i - 1] & 0x3Fu));
                            continue;
                        }
                        /* two-byte letters of any script mixed with
                         * printable ASCII (punctuation, digits) */
                        int32_t last;
                        used = mixed_block(s + i, v, &last);
                        if (used) {
                            _mm_storeu_si128((__m128i *)(void *)o, v);
                            o += used;
                            i += used;
                            block_from = i;
                            prev = last;
                            continue;
                        }
                        block_from = i + 16;
                    }
#endif
                    size_t sp, k2;
                    int32_t c = wn_utf8_space_multi_byte(s, i, n, &sp, &k2);
                    if (c < 0 || !bmp_done[(size_t)c / PAGE] || bmp_info[c] != 0)
                        break;
                    if (sp)
                        *o++ = ' ';
                    o[0] = (char)s[i + sp];
                    o[1] = (char)s[i + sp + 1];
                    o[2] = (char)s[i + sp + 2]; /* a byte too many for two: overwritten next */
                    o += k2;
                    i += sp + k2;
                    prev = c;
                }
            }
        }
    }
    *consumed = i;
    out->len = (size_t)(o - out->data);
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
    size_t used;
    return norm_line(out, (const unsigned char *)s, n, replaced, 0, &used);
}

wn_status wn_normalize_doc(wn_doc *d, wn_buf *out)
{
    const unsigned char *s = (const unsigned char *)(d->body.data ? d->body.data : "");
    size_t n = d->body.len;
    wn_buf_clear(out);
    d->nlines = 0;
    uint32_t line = d->body_line0;
    size_t i = 0;
    while (i < n) {
        size_t at = out->len;
        if (at)
            WN_TRY(wn_buf_putc(out, '\n'));
        size_t from = out->len, used = 0;
        WN_TRY(norm_line(out, s + i, n - i, &d->invalid_utf8, 1, &used));
        if (out->len > from) {
            WN_TRY(wn_doc_add_line(d, from, out->len - from, line));
        } else {
            out->len = at;   /* empty line: drop it and its separator */
            if (out->data)
                out->data[at] = 0;
        }
        line++;
        i += used;
    }
    /* Swap: the normalised text becomes the body. */
    wn_buf tmp = d->body;
    d->body = *out;
    *out = tmp;
    if (d->title) {
        wn_buf t = WN_BUF_INIT;
        size_t rep = 0;
        WN_TRY(wn_normalize_line(&t, d->title, strlen(d->title), &rep));
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
    /* --clean off (`winnow dedup`'s default): records pass through with
     * their text as read; the dedup stages split it into lines instead. */
    int on = 1;
    *self = NULL;
    WN_TRY(wn_opt_bool(env->opts, "clean", 1, &on));
    if (!on)
        return WN_OK;
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
