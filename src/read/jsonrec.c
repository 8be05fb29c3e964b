#include "jsonrec.h"

#include <string.h>

#include "common/jsonw.h"
#include "common/utf8.h"

typedef struct p {
    const char *s;
    size_t n, i;
    wn_jsonrec_error *err;
} p;

static int fail(p *x, const char *what)
{
    x->err->offset = x->i;
    x->err->what = what;
    return -1;
}

static void ws(p *x)
{
    while (x->i < x->n && (x->s[x->i] == ' ' || x->s[x->i] == '\t' || x->s[x->i] == '\n' || x->s[x->i] == '\r'))
        x->i++;
}

static int hex4(const char *s)
{
    int v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= c - '0';
        else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
        else return -1;
    }
    return v;
}

/* Decodes the escape at s (after its backslash: s[0] is the letter) into
 * o, the literal's end being end; returns the bytes read after the
 * backslash, or 0 for a bad escape.  \u escapes never take more bytes
 * decoded than escaped, so o needs at most 4 bytes. */
static size_t unescape(const char *s, const char *end, char **o)
{
    switch (s[0]) {
    case 'n': *(*o)++ = '\n'; return 1;
    case 't': *(*o)++ = '\t'; return 1;
    case 'r': *(*o)++ = '\r'; return 1;
    case 'b': *(*o)++ = '\b'; return 1;
    case 'f': *(*o)++ = '\f'; return 1;
    case '"': case '\\': case '/': *(*o)++ = s[0]; return 1;
    case 'u': {
        if (end - s < 5)
            return 0;
        int32_t cp = hex4(s + 1);
        if (cp < 0)
            return 0;
        size_t used = 5;
        if (cp >= 0xD800 && cp <= 0xDBFF && end - s >= 11 && s[5] == '\\' && s[6] == 'u') {
            int lo = hex4(s + 7);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                used = 11;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF)
            cp = 0xFFFD;
        *o += wn_utf8_encode(cp, *o);
        return used;
    }
    default: return 0;
    }
}

/* Checks the string literal starting at the quote and, when out is not
 * NULL, decodes it into out (cleared first) in the same pass: the plain
 * runs between escapes are found once, and copied while they are in cache. */
static int scan_string(p *x, wn_buf *out)
{
    x->i++;
    const char *end = x->s + x->n;
    if (out)
        wn_buf_clear(out);
    for (;;) {
        /* jump to the next quote or backslash */
        const char *q = x->s + x->i;
        size_t run = wn_json_plain_span(q, (size_t)(end - q));
        if (out) {
            /* the run, and an escape's at most 4 bytes after it */
            if (out->len + run + 5 > out->cap && wn_buf_reserve(out, run + 4) != WN_OK)
                return fail(x, "out of memory");
            memcpy(out->data + out->len, q, run);
            out->len += run;
        }
        q += run;
        x->i = (size_t)(q - x->s);
        if (q >= end)
            return fail(x, "unterminated string");
        if (*q == '"') {
            x->i++;
            if (out)
                out->data[out->len] = 0;
            return 0;
        }
        if (*q != '\\')
            return fail(x, "control character in string");
        if (x->i + 1 >= x->n)
            return fail(x, "unterminated string");
        char tmp[4], *o = out ? out->data + out->len : tmp;
        size_t used = unescape(q + 1, end, &o);
        if (!used)
            return fail(x, q[1] == 'u' ? "bad \\u escape" : "bad escape");
        if (out)
            out->len = (size_t)(o - out->data);
        x->i += 1 + used;
    }
}

static int skip_string(p *x)
{
    return scan_string(x, NULL);
}

static int skip_value(p *x, int depth);

static int skip_number(p *x)
{
    size_t st = x->i;
    if (x->s[x->i] == '-')
        x->i++;
    if (x->i < x->n && x->s[x->i] == '0')
        x->i++;
    else if (x->i < x->n && x->s[x->i] >= '1' && x->s[x->i] <= '9')
        while (x->i < x->n && x->s[x->i] >= '0' && x->s[x->i] <= '9')
            x->i++;
    else
        return fail(x, "bad number");
    if (x->i < x->n && x->s[x->i] == '.') {
        x->i++;
        size_t d = x->i;
        while (x->i < x->n && x->s[x->i] >= '0' && x->s[x->i] <= '9')
            x->i++;
        if (x->i == d)
            return fail(x, "bad number");
    }
    if (x->i < x->n && (x->s[x->i] == 'e' || x->s[x->i] == 'E')) {
        x->i++;
        if (x->i < x->n && (x->s[x->i] == '+' || x->s[x->i] == '-'))
            x->i++;
        size_t d = x->i;
        while (x->i < x->n && x->s[x->i] >= '0' && x->s[x->i] <= '9')
            x->i++;
        if (x->i == d)
            return fail(x, "bad number");
    }
    return x->i > st ? 0 : fail(x, "bad number");
}

static int literal(p *x, const char *w)
{
    size_t k = strlen(w);
    if (x->n - x->i < k || memcmp(x->s + x->i, w, k) != 0)
        return fail(x, "unexpected character");
    x->i += k;
    return 0;
}

static int skip_container(p *x, int depth, char close)
{
    if (depth > 500)
        return fail(x, "nesting too deep");
    x->i++;
    ws(x);
    if (x->i < x->n && x->s[x->i] == close) {
        x->i++;
        return 0;
    }
    for (;;) {
        ws(x);
        if (close == '}') {
            if (x->i >= x->n || x->s[x->i] != '"')
                return fail(x, "expected a key");
            if (skip_string(x))
                return -1;
            ws(x);
            if (x->i >= x->n || x->s[x->i] != ':')
                return fail(x, "expected ':'");
            x->i++;
            ws(x);
        }
        if (skip_value(x, depth + 1))
            return -1;
        ws(x);
        if (x->i < x->n && x->s[x->i] == ',') {
            x->i++;
            continue;
        }
        if (x->i < x->n && x->s[x->i] == close) {
            x->i++;
            return 0;
        }
        return fail(x, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static int skip_value(p *x, int depth)
{
    if (x->i >= x->n)
        return fail(x, "premature end of input");
    switch (x->s[x->i]) {
    case '"': return skip_string(x);
    case '{': return skip_container(x, depth, '}');
    case '[': return skip_container(x, depth, ']');
    case 't': return literal(x, "true");
    case 'f': return literal(x, "false");
    case 'n': return literal(x, "null");
    default: return skip_number(x);
    }
}

static int parse_object(p *xp, const wn_jsonrec_direct *direct, wn_jsonrec_member_fn fn, void *ctx, wn_buf *kbp,
                        wn_buf *str)
{
    p x = *xp;
    const char *s = x.s;
    size_t n = x.n;
    char keybuf[256];
    ws(&x);
    if (x.i >= n || s[x.i] != '{')
        return fail(&x, x.i >= n ? "empty record" : "not a JSON object");
    x.i++;
    ws(&x);
    int first = 1;
    for (;;) {
        ws(&x);
        if (first && x.i < n && s[x.i] == '}') {
            x.i++;
            break;
        }
        first = 0;
        if (x.i >= n || s[x.i] != '"')
            return fail(&x, x.i >= n ? "premature end of input" : "expected a key");
        size_t ks = x.i;
        if (skip_string(&x))
            return -1;
        size_t ke = x.i;
        ws(&x);
        if (x.i >= n || s[x.i] != ':')
            return fail(&x, "expected ':'");
        x.i++;
        ws(&x);
        /* The key, decoded when it has escapes (then NUL-terminated in kb). */
        const char *k = s + ks + 1;
        size_t kl = ke - ks - 2;
        if (memchr(k, '\\', kl) || kl >= sizeof keybuf) {
            if (wn_jsonrec_string(s + ks, ke - ks, kbp) != WN_OK)
                return fail(&x, "out of memory");
            k = kbp->data ? kbp->data : "";
            kl = kbp->len;
        } else {
            memcpy(keybuf, k, kl);
            keybuf[kl] = 0;
            k = keybuf;
        }
        size_t vs = x.i;
        wn_buf *dst = NULL;
        if (x.i < n && s[vs] == '"')
            dst = direct && kl == direct->key_len && !memcmp(k, direct->key, kl) ? direct->out : str;
        if (dst ? scan_string(&x, dst) : skip_value(&x, 1))
            return -1;
        int rc = fn(ctx, k, kl, s + vs, x.i - vs, dst);
        if (rc)
            return rc;
        ws(&x);
        if (x.i < n && s[x.i] == ',') {
            x.i++;
            continue;
        }
        if (x.i < n && s[x.i] == '}') {
            x.i++;
            break;
        }
        return fail(&x, x.i >= n ? "premature end of input" : "expected ',' or '}'");
    }
    ws(&x);
    if (x.i != n)
        return fail(&x, "end of file expected");
    return 0;
}

int wn_jsonrec_parse(const char *s, size_t n, const wn_jsonrec_direct *direct, wn_jsonrec_member_fn fn, void *ctx,
                     wn_jsonrec_error *err)
{
    p x = {s, n, 0, err};
    wn_buf kb = WN_BUF_INIT;   /* long or escaped keys */
    wn_buf str = WN_BUF_INIT;  /* the other string values, decoded */
    int rc = parse_object(&x, direct, fn, ctx, &kb, &str);
    wn_buf_free(&kb);
    wn_buf_free(&str);
    return rc;
}

wn_status wn_jsonrec_string(const char *lit, size_t n, wn_buf *out)
{
    wn_jsonrec_error err;
    p x = {lit, n, 0, &err};
    if (scan_string(&x, out) == 0)
        return WN_OK;
    /* a literal the parser checked fails only for want of memory */
    return strcmp(err.what, "out of memory") ? WN_ERR_FORMAT : WN_ERR_NOMEM;
}
