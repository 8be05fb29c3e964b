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

/* Skips a string literal starting at the quote. */
static int skip_string(p *x)
{
    x->i++;
    for (;;) {
        /* jump to the next quote or backslash */
        const char *q = x->s + x->i, *end = x->s + x->n;
        q += wn_json_plain_span(q, (size_t)(end - q));
        x->i = (size_t)(q - x->s);
        if (q >= end)
            return fail(x, "unterminated string");
        if (*q == '"') {
            x->i++;
            return 0;
        }
        if (*q != '\\')
            return fail(x, "control character in string");
        if (x->i + 1 >= x->n)
            return fail(x, "unterminated string");
        char e = x->s[x->i + 1];
        if (e == 'u') {
            if (x->i + 6 > x->n || hex4(x->s + x->i + 2) < 0)
                return fail(x, "bad \\u escape");
            x->i += 6;
        } else if (strchr("\"\\/bfnrt", e) && e) {
            x->i += 2;
        } else {
            return fail(x, "bad escape");
        }
    }
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

static int parse_object(p *xp, wn_jsonrec_member_fn fn, void *ctx, wn_buf *kbp)
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
        size_t vs = x.i;
        if (skip_value(&x, 1))
            return -1;
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
        int rc = fn(ctx, k, kl, s + vs, x.i - vs, s[vs] == '"');
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

int wn_jsonrec_parse(const char *s, size_t n, wn_jsonrec_member_fn fn, void *ctx, wn_jsonrec_error *err)
{
    p x = {s, n, 0, err};
    wn_buf kb = WN_BUF_INIT;   /* long or escaped keys */
    int rc = parse_object(&x, fn, ctx, &kb);
    wn_buf_free(&kb);
    return rc;
}

wn_status wn_jsonrec_string(const char *lit, size_t n, wn_buf *out)
{
    wn_buf_clear(out);
    WN_TRY(wn_buf_reserve(out, n));
    const char *s = lit + 1, *end = lit + n - 1;
    char *o = out->data;
    while (s < end) {
        const char *q = memchr(s, '\\', (size_t)(end - s));
        size_t run = q ? (size_t)(q - s) : (size_t)(end - s);
        memcpy(o, s, run);
        o += run;
        s += run;
        if (!q)
            break;
        char e = s[1];
        s += 2;
        switch (e) {
        case 'n': *o++ = '\n'; break;
        case 't': *o++ = '\t'; break;
        case 'r': *o++ = '\r'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'u': {
            int32_t cp = hex4(s);
            s += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && end - s >= 6 && s[0] == '\\' && s[1] == 'u') {
                int lo = hex4(s + 2);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    s += 6;
                }
            }
            if (cp >= 0xD800 && cp <= 0xDFFF)
                cp = 0xFFFD;
            /* \u escapes never take more bytes decoded than escaped */
            o += wn_utf8_encode(cp, o);
            break;
        }
        default: *o++ = e; break;   /* \" \\ \/ */
        }
    }
    out->len = (size_t)(o - out->data);
    out->data[out->len] = 0;
    return WN_OK;
}
