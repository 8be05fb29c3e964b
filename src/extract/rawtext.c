#include "extract/rawtext.h"

#include <string.h>
#include <strings.h>

#define NAME_MAX_CHARS 100 /* libxml2 reads at most this many chars of a tag or attribute name */

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_name_start(unsigned char c)
{
    return is_letter(c) || c == '_' || c == ':' || c == '.';
}

static int is_name_char(unsigned char c)
{
    return is_letter(c) || (c >= '0' && c <= '9') || c == ':' || c == '-' || c == '_' || c == '.';
}

static size_t skip_blanks(const char *s, size_t n, size_t k)
{
    while (k < n && is_blank((unsigned char)s[k]))
        k++;
    return k;
}

/* an HTML name at k (which is_name_start): its end, at most 100 chars on */
static size_t name_end(const char *s, size_t n, size_t k)
{
    size_t lim = k + NAME_MAX_CHARS;
    while (k < n && k < lim && is_name_char((unsigned char)s[k]))
        k++;
    return k;
}

/* a quoted literal or attribute value at k (s[k] is the quote): the index
 * after its closing quote, or n when it is not closed */
static size_t quoted_end(const char *s, size_t n, size_t k)
{
    const char *q = memchr(s + k + 1, s[k], n - k - 1);
    return q ? (size_t)(q - s) + 1 : n;
}

/* "<!--" at p: the index after the comment, or n when it does not end */
static size_t comment_end(const char *s, size_t n, size_t p)
{
    for (size_t k = p + 4; k + 2 < n;) {
        const char *d = memchr(s + k, '-', n - 2 - k);
        if (!d)
            return n;
        k = (size_t)(d - s);
        if (s[k + 1] == '-') {
            if (s[k + 2] == '>')
                return k + 3;
            if (s[k + 2] == '!' && k + 3 < n && s[k + 3] == '>')
                return k + 4;
        }
        k++;
    }
    return n;
}

static int word_at(const char *s, size_t n, size_t k, const char *w)
{
    size_t l = strlen(w);
    return k + l <= n && !strncasecmp(s + k, w, l);
}

/* "<!DOCTYPE" at p: the index after the declaration, or n */
static size_t doctype_end(const char *s, size_t n, size_t p)
{
    size_t k = skip_blanks(s, n, p + 9);
    while (k < n && (is_name_char((unsigned char)s[k]) || (unsigned char)s[k] >= 0x80))
        k++;
    k = skip_blanks(s, n, k);
    int pub = word_at(s, n, k, "PUBLIC");
    if (pub || word_at(s, n, k, "SYSTEM")) {
        k = skip_blanks(s, n, k + 6);
        if (k < n && (s[k] == '"' || s[k] == '\'')) {
            k = quoted_end(s, n, k);
            if (pub) {
                k = skip_blanks(s, n, k);
                if (k < n && (s[k] == '"' || s[k] == '\''))
                    k = quoted_end(s, n, k);
            }
        }
    }
    const char *gt = k < n ? memchr(s + k, '>', n - k) : NULL;
    return gt ? (size_t)(gt - s) + 1 : n;
}

/* The attributes the extractor reads (test_rawtext checks extract.c's attr()
 * calls ask for no other): the rest are cut from start tags before parsing. */
static const struct {
    const char *name;
    size_t len;
} kept_attrs[] = {
#define K(s) {s, sizeof s - 1}
    K("class"), K("href"), K("id"), K("style"), K("content"), K("type"), K("rel"), K("name"),
    K("property"), K("itemprop"), K("lang"), K("datetime"), K("hidden"), K("aria-hidden"), K("xml:lang"),
#undef K
};

int wn_html_attr_kept(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof kept_attrs / sizeof kept_attrs[0]; i++)
        if (kept_attrs[i].len == len && (name[0] | 0x20) == kept_attrs[i].name[0] &&
            !strncasecmp(kept_attrs[i].name, name, len))
            return 1;
    return 0;
}

typedef struct cutter {
    char *s;
    size_t keep; /* s[keep..) is still to be moved to s[w..) */
    size_t w;
} cutter;

/* leaves s[from..to) out of the result (cuts come in increasing order) */
static void cut(cutter *c, size_t from, size_t to)
{
    memmove(c->s + c->w, c->s + c->keep, from - c->keep);
    c->w += from - c->keep;
    c->keep = to;
}

/* A start tag at p ("<" and a letter): *end = the index after it (n when it
 * does not end), *empty = it ends with "/>"; *name_len: its name's length.
 * With c, attributes that the extractor does not read are cut. */
static void start_tag(const char *s, size_t n, size_t p, size_t *end, int *empty, size_t *name_len, cutter *c)
{
    size_t k = name_end(s, n, p + 1);
    *name_len = k - (p + 1);
    *empty = 0;
    k = skip_blanks(s, n, k);
    while (k < n && s[k] != '>' && !(s[k] == '/' && k + 1 < n && s[k + 1] == '>')) {
        if (is_name_start((unsigned char)s[k])) { /* an attribute */
            size_t a = k, ne = name_end(s, n, k);
            k = skip_blanks(s, n, ne);
            if (k < n && s[k] == '=') {
                k = skip_blanks(s, n, k + 1);
                if (k < n && (s[k] == '"' || s[k] == '\''))
                    k = quoted_end(s, n, k);
                else
                    while (k < n && !is_blank((unsigned char)s[k]) && s[k] != '>')
                        k++;
            } else {
                k = ne; /* a name alone: the blanks after it are not its own */
            }
            if (c && k < n && !wn_html_attr_kept(s + a, ne - a))
                cut(c, a, k);
        } else { /* a bogus attribute: skipped to a blank or the end of the tag */
            while (k < n && !is_blank((unsigned char)s[k]) && s[k] != '>' &&
                   !(s[k] == '/' && k + 1 < n && s[k + 1] == '>'))
                k++;
        }
        k = skip_blanks(s, n, k);
    }
    if (k >= n) {
        *end = n;
    } else if (s[k] == '>') {
        *end = k + 1;
    } else {
        *empty = 1;
        *end = k + 2;
    }
}

static int mentions_json(const char *s, size_t len)
{
    for (size_t i = 0; i + 4 <= len; i++)
        if ((s[i] == 'j' || s[i] == 'J') && !strncasecmp(s + i, "json", 4))
            return 1;
    return 0;
}

size_t wn_html_slim(char *s, size_t n)
{
    size_t p = 0; /* scan position */
    size_t after_doctype = (size_t)-1;
    cutter c = {s, 0, 0};
    while (p < n) {
        const char *lt = memchr(s + p, '<', n - p);
        if (!lt || (size_t)(lt - s) + 1 >= n)
            break;
        p = (size_t)(lt - s);
        unsigned char c1 = (unsigned char)s[p + 1];
        if (c1 == '/') { /* an end tag; without a name, "</" is all it takes */
            if (p == after_doctype)
                break; /* read as text right after a DOCTYPE, except in the prolog */
            size_t k = p + 2;
            if (k < n && is_name_start((unsigned char)s[k])) {
                k = skip_blanks(s, n, name_end(s, n, k));
                const char *gt = k < n ? memchr(s + k, '>', n - k) : NULL;
                if (!gt)
                    break;
                k = (size_t)(gt - s) + 1;
            }
            p = k;
        } else if (c1 == '!') {
            if (p + 3 < n && s[p + 2] == '-' && s[p + 3] == '-')
                p = comment_end(s, n, p);
            else if (p == after_doctype)
                break; /* the same for "<!" */
            else if (word_at(s, n, p + 2, "DOCTYPE"))
                p = after_doctype = doctype_end(s, n, p);
            else
                p++; /* "<" as text */
        } else if (c1 == '?') { /* a processing instruction ends at '>' */
            const char *gt = memchr(s + p, '>', n - p);
            unsigned char c2 = p + 2 < n ? (unsigned char)s[p + 2] : 0;
            if (!gt || !(is_letter(c2) || c2 == '_' || c2 == ':'))
                break; /* not modelled */
            p = (size_t)(gt - s) + 1;
        } else if (is_letter(c1)) {
            size_t end, name_len = name_end(s, n, p + 1) - (p + 1);
            int empty;
            const char *nm = s + p + 1;
            int script = name_len == 6 && !strncasecmp(nm, "script", 6);
            int style = name_len == 5 && !strncasecmp(nm, "style", 5);
            /* attributes cut but for script and style tags, read whole below */
            start_tag(s, n, p, &end, &empty, &name_len, script || style ? NULL : &c);
            if (end >= n)
                break;
            if ((script || style) && !empty) {
                /* raw text up to "</" and the element's name */
                size_t t = end;
                if (t + 2 + name_len < n && s[t] == '<' && s[t + 1] == '/' &&
                    !strncasecmp(s + t + 2, nm, name_len) && !is_name_char((unsigned char)s[t + 2 + name_len])) {
                    p = t; /* empty: its end tag */
                    continue;
                }
                if (t < n && s[t] == '<' && t + 1 < n &&
                    (s[t + 1] == '/' || is_letter((unsigned char)s[t + 1]) || s[t + 1] == '_' || s[t + 1] == ':'))
                    break; /* markup first: the parser may close the element there */
                size_t k = t;
                for (;;) {
                    const char *q = k < n ? memchr(s + k, '<', n - k) : NULL;
                    if (!q) {
                        k = n;
                        break;
                    }
                    k = (size_t)(q - s);
                    if (k + 1 < n && s[k + 1] == '/' && k + 2 + name_len <= n &&
                        !strncasecmp(s + k + 2, nm, name_len))
                        break;
                    k++;
                }
                if (k >= n || (k + 2 + name_len < n && is_name_char((unsigned char)s[k + 2 + name_len])))
                    break; /* no end, or "</scripts": not modelled */
                if (k > t && !(script && mentions_json(s + p, end - p)))
                    cut(&c, t, k);
                p = k;
            } else {
                p = end;
            }
        } else {
            p++; /* "<" as text */
        }
    }
    cut(&c, n, n);
    return c.w;
}
