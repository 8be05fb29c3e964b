/* extract.c: main-content extraction.
 *
 * The design, in four passes over the libxml2 tree (all iterative: the
 * tree may be thousands of levels deep):
 *   1. number the elements in document order, record tag and parent, and
 *      sum the raw text and link text under each element;
 *   2. mark boilerplate: tags (nav, aside, footer, header, script, form
 *      controls, …), hidden elements, and class/id hints (share, social,
 *      comment, related, cookie, newsletter, sidebar, menu, ad, …) unless
 *      the element holds most of the page's text; comments and captions
 *      get marks of their own;
 *   3. cut the remaining text into blocks at block-level tags; each block
 *      knows its owner element, its text and link lengths, and its kind;
 *   4. score containers from the paragraphs under them (length, commas,
 *      tag and class hints, link density), take the best one, add siblings
 *      that look like article text, and emit its blocks in order, leaving
 *      out link lists and share-word lines.
 * Metadata (title, author, dates, language) come from <title>, <meta>,
 * JSON-LD, <time> and the URL. */
#include "extract/extract.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdio.h>

#include "common/utf8.h"
#include "extract/charset.h"
#include "extract/rawtext.h"
#include "extract/tailtext.h"
#include "extract/xarena.h"
#include "extract/xmlapi.h"

/* Tuned on ../shared/data (bench/extract.sh). */
#ifndef NEAR_MIN_CHARS
#define NEAR_MIN_CHARS 100  /* clean paragraphs this long near the article are kept */
#endif
#ifndef NEAR_LEVELS
#define NEAR_LEVELS 3       /* "near": below the article's ancestor this many levels up */
#endif
#ifndef FAR_LEVELS
#define FAR_LEVELS 6        /* …and further up, to this many levels… */
#endif
#ifndef FAR_MIN_CHARS
#define FAR_MIN_CHARS 150   /* …when they are this long */
#endif
#ifndef SHORT_ARTICLE
#define SHORT_ARTICLE 1000  /* below this, all clean blocks are tried instead… */
#endif
#define BLOCKS_FACTOR 2     /* …and taken when they are this many times longer */
#define REPEAT_MIN 3        /* text found this many times on a page scores nothing… */
#define REPEAT_DROP 9       /* …and this many times is left out */
#define TOP_ALT 8           /* strong rival candidates looked at */
#ifndef TAIL_AFTER
#define TAIL_AFTER 400      /* a "Related…" label after this much article ends it */
#endif
#ifndef RESUME_CHARS
#define RESUME_CHARS 150    /* …unless a paragraph of prose this long follows */
#endif
#ifndef TRAIL_MAX
#define TRAIL_MAX 40        /* trailing lines shorter than this, not sentences, go */
#endif

/* ---- tags ---------------------------------------------------------------- */
enum {
    T_OTHER, T_HTML, T_HEAD, T_BODY, T_TITLE, T_META, T_SCRIPT, T_STYLE, T_NOSCRIPT, T_TEMPLATE,
    T_SVG, T_IFRAME, T_OBJECT, T_EMBED, T_CANVAS, T_VIDEO, T_AUDIO, T_MAP, T_LINK,
    T_NAV, T_ASIDE, T_FOOTER, T_HEADER, T_FORM, T_BUTTON, T_INPUT, T_SELECT, T_TEXTAREA,
    T_LABEL, T_OPTION, T_MENU, T_DIALOG,
    T_P, T_DIV, T_H1, T_H2, T_H3, T_H4, T_H5, T_H6, T_LI, T_UL, T_OL, T_DL, T_DT, T_DD,
    T_BLOCKQUOTE, T_PRE, T_TABLE, T_TR, T_TD, T_TH, T_THEAD, T_TBODY, T_TFOOT, T_CAPTION,
    T_SECTION, T_ARTICLE, T_MAIN, T_FIGURE, T_FIGCAPTION, T_ADDRESS, T_HR, T_BR, T_CENTER,
    T_DETAILS, T_SUMMARY, T_FIELDSET, T_A, T_TIME, T_IMG, T_CODE
};

static const struct { const char *name; uint8_t tag; } tag_names[] = {
    {"a", T_A}, {"address", T_ADDRESS}, {"article", T_ARTICLE}, {"aside", T_ASIDE},
    {"audio", T_AUDIO}, {"blockquote", T_BLOCKQUOTE}, {"body", T_BODY}, {"br", T_BR},
    {"button", T_BUTTON}, {"canvas", T_CANVAS}, {"caption", T_CAPTION}, {"center", T_CENTER},
    {"code", T_CODE}, {"dd", T_DD}, {"details", T_DETAILS}, {"dialog", T_DIALOG}, {"div", T_DIV},
    {"dl", T_DL}, {"dt", T_DT}, {"embed", T_EMBED}, {"fieldset", T_FIELDSET},
    {"figcaption", T_FIGCAPTION}, {"figure", T_FIGURE}, {"footer", T_FOOTER}, {"form", T_FORM},
    {"h1", T_H1}, {"h2", T_H2}, {"h3", T_H3}, {"h4", T_H4}, {"h5", T_H5}, {"h6", T_H6},
    {"head", T_HEAD}, {"header", T_HEADER}, {"hr", T_HR}, {"html", T_HTML}, {"iframe", T_IFRAME},
    {"img", T_IMG}, {"input", T_INPUT}, {"label", T_LABEL}, {"li", T_LI}, {"link", T_LINK},
    {"main", T_MAIN}, {"map", T_MAP}, {"menu", T_MENU}, {"meta", T_META}, {"nav", T_NAV},
    {"noscript", T_NOSCRIPT}, {"object", T_OBJECT}, {"ol", T_OL}, {"option", T_OPTION},
    {"p", T_P}, {"pre", T_PRE}, {"script", T_SCRIPT}, {"section", T_SECTION},
    {"select", T_SELECT}, {"style", T_STYLE}, {"summary", T_SUMMARY}, {"svg", T_SVG},
    {"table", T_TABLE}, {"tbody", T_TBODY}, {"td", T_TD}, {"template", T_TEMPLATE},
    {"textarea", T_TEXTAREA}, {"tfoot", T_TFOOT}, {"th", T_TH}, {"thead", T_THEAD},
    {"time", T_TIME}, {"title", T_TITLE}, {"tr", T_TR}, {"ul", T_UL}, {"video", T_VIDEO},
};

static uint8_t tag_of(const xmlChar *name)
{
    size_t lo = 0, hi = sizeof tag_names / sizeof tag_names[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp((const char *)name, tag_names[mid].name);
        if (c == 0)
            return tag_names[mid].tag;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return T_OTHER;
}

static int is_block(uint8_t t)
{
    switch (t) {
    case T_P: case T_DIV: case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
    case T_LI: case T_UL: case T_OL: case T_DL: case T_DT: case T_DD: case T_BLOCKQUOTE:
    case T_PRE: case T_TABLE: case T_TR: case T_TD: case T_TH: case T_THEAD: case T_TBODY:
    case T_TFOOT: case T_CAPTION: case T_SECTION: case T_ARTICLE: case T_MAIN: case T_FIGURE:
    case T_FIGCAPTION: case T_ADDRESS: case T_HR: case T_CENTER: case T_DETAILS: case T_SUMMARY:
    case T_FIELDSET: case T_FORM: case T_BODY: case T_HTML: case T_HEADER: case T_FOOTER:
    case T_NAV: case T_ASIDE: case T_MENU: case T_DIALOG:
        return 1;
    default:
        return 0;
    }
}


/* ---- per-element data ---------------------------------------------------- */
enum { F_JUNK = 1, F_COMMENT = 2, F_CAPTION = 4, F_SELECTED = 8, F_HIDDEN = 16, F_POS = 32, F_NEG = 64, F_HARD = 128 };
/* enode.near: below an ancestor of the selected element within a few levels */

typedef struct enode {
    xmlNode *node;
    int32_t parent;         /* index or -1 */
    int32_t blk;            /* nearest block-level element, self included, or -1 */
    uint8_t tag, flags;
    uint32_t raw_text, raw_link;     /* bytes of non-space text below */
    uint32_t text, link;             /* the same over kept blocks */
    uint32_t paras;                  /* scored paragraphs directly below */
    float score;
    uint8_t scored, near;
    uint8_t body;           /* is or holds the schema.org articleBody (never cut) */
    uint8_t weak_neg;       /* F_NEG from a weak hint only ("teaser", "meta"…) */
    uint8_t author_box;     /* itemprop="author" holding a bio (80–1000 chars) */
    uint32_t last;          /* index of the last element of the subtree */
} enode;

enum { K_P, K_H, K_LI, K_QUOTE, K_PRE, K_CELL, K_DIV, K_CAP };

typedef struct block {
    size_t off, len;        /* in x->txt */
    uint32_t chars, link;   /* non-space bytes, those inside links */
    int32_t owner;          /* element index */
    int32_t row;            /* tr element of a cell, else -1 */
    uint8_t kind, flags, level, in_quote;
    uint32_t commas;
    uint32_t copies;        /* blocks of the page with the same text, itself included */
    uint64_t hash;
} block;

typedef struct xctx {
    const wn_xopts *o;
    xmlDoc *xdoc;
    htmlParserCtxtPtr ctxt; /* both made in `arena` (while `entered`) */
    wn_xarena *arena;
    int entered, own_arena;
    enode *n;
    size_t nn, ncap;
    block *b;
    size_t nb, bcap;
    wn_buf txt;
    /* current block */
    int open;
    size_t cur_off;
    uint32_t cur_chars, cur_link, cur_commas;
    int32_t cur_owner;
    int link_depth;
    size_t link_start;
    uint8_t cur_flags;
    /* metadata */
    char *title, *h1, *og_title, *author, *published, *updated, *lang, *site, *description;
    const char *date_source;
    json_t *captions;
} xctx;

struct wn_xscratch {
    wn_xarena *arena; /* libxml2's allocations of one page */
    wn_buf utf8, txt;
    enode *n;
    size_t ncap;
    block *b;
    size_t bcap;
};

wn_xscratch *wn_xscratch_new(void)
{
    wn_xscratch *s = calloc(1, sizeof(wn_xscratch));
    if (s && !(s->arena = wn_xarena_new(0, 0))) {
        free(s);
        return NULL;
    }
    return s;
}

void wn_xscratch_free(wn_xscratch *s)
{
    if (!s)
        return;
    wn_xarena_free(s->arena);
    wn_buf_free(&s->utf8);
    wn_buf_free(&s->txt);
    free(s->n);
    free(s->b);
    free(s);
}

static int idx_of(const xmlNode *nd)
{
    return nd && nd->type == XML_ELEMENT_NODE && nd->_private ? (int)(uintptr_t)nd->_private - 1 : -1;
}

static const char *attr(const xmlNode *nd, const char *name)
{
    for (const xmlAttr *a = nd->properties; a; a = a->next)
        if (a->name && !strcasecmp((const char *)a->name, name) && a->children &&
            a->children->type == XML_TEXT_NODE && a->children->content)
            return (const char *)a->children->content;
    return NULL;
}

/* ---- class/id hints ------------------------------------------------------- */

/* Lower-cased class + id of an element into buf ("" if none). */
static size_t hint_text(const xmlNode *nd, char *buf, size_t cap)
{
    size_t k = 0;
    const char *parts[2] = {attr(nd, "class"), attr(nd, "id")};
    for (int i = 0; i < 2; i++) {
        const char *s = parts[i];
        if (!s)
            continue;
        for (; *s && k + 2 < cap; s++)
            buf[k++] = (char)tolower((unsigned char)*s);
        if (k + 2 < cap)
            buf[k++] = ' ';
    }
    buf[k] = 0;
    return k;
}

/* Is `w` one of the whitespace-separated names in s? */
static int has_token(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = s; (p = strstr(p, w)) != NULL; p++) {
        int before = p == s || isspace((unsigned char)p[-1]);
        int after = p[n] == 0 || isspace((unsigned char)p[n]);
        if (before && after)
            return 1;
    }
    return 0;
}

static int has_prefix_token(const char *s, const char *w)
{
    for (const char *p = s; (p = strstr(p, w)) != NULL; p++)
        if (p == s || !isalnum((unsigned char)p[-1]))
            return 1;
    return 0;
}

/* strong negative hints cut an element whatever else its class says; the
 * link-list kind (share bars, related lists) spares an element that turns out
 * to hold plain prose (a mis-nested page puts the article inside them) */
static const char *const neg_sub[] = {
    "cookie", "consent", "gdpr", "newsletter", "subscri", "signup", "sign-up", "byline",
    "skiplink", "skip-link", "print-only", "dateline", "timestamp", "login", NULL};
static const char *const neg_link_sub[] = {
    "disqus", "social", "breadcrumb", "outbrain", "taboola", "related", "recommend", "popular",
    "trending", "most-read", "mostread", "more-stories", "share", "sharing", "tagcloud", "tag-list",
    "taglist", NULL};
/* weak ones are outweighed by a positive hint (post-wrap with-sidebar) */
static const char *const weak_sub[] = {
    "sidebar", "footer", "navigation", "navbar", "toolbar", "pagination", "masthead", "promo",
    "sponsor", "advert", "teaser", "-stories", "modal", "popup", "banner", "jump-link", "rating",
    "author", NULL};
static const char *const neg_tok[] = {
    "ad", "ads", "nav", "menu", "tags", "tag", "meta", "hidden", "hide", "header", "footer",
    "aside", "share", "print", "links", "topics", "keywords", "bottom", "next", "prev", "pager",
    "copyright", "legal", "disclaimer", "skip", "widget", "sr-only", "visually-hidden", "screen-reader-text",
    NULL};
static const char *const pos_sub[] = {
    "article", "content", "entry", "post", "story", "main", "text", "body", "blog", "news",
    "page", "hentry", "prose", "column", NULL};
static const char *const comment_sub[] = {"comment", "disqus", "respond", "reply", NULL};
static const char *const caption_sub[] = {"caption", "credit", "wp-caption", NULL};

static int any_sub(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strstr(s, *list))
            return 1;
    return 0;
}

static int any_tok(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (has_token(s, *list))
            return 1;
    return 0;
}

/* "commentary" names an opinion piece, not reader comments: true when that
 * is the only comment-like word of the hint */
static int only_commentary(const char *h)
{
    char b[512];
    size_t n = strlen(h);
    if (n >= sizeof b)
        n = sizeof b - 1;
    memcpy(b, h, n);
    b[n] = 0;
    int found = 0;
    for (char *p = b; (p = strstr(p, "commentary")) != NULL; p += 10) {
        memset(p, '_', 10);
        found = 1;
    }
    return found && !any_sub(b, comment_sub);
}

static int hidden_style(const xmlNode *nd)
{
    const char *st = attr(nd, "style");
    if (st) {
        char b[256];
        size_t k = 0;
        for (; *st && k + 1 < sizeof b; st++)
            if (!isspace((unsigned char)*st))
                b[k++] = (char)tolower((unsigned char)*st);
        b[k] = 0;
        if (strstr(b, "display:none") || strstr(b, "visibility:hidden"))
            return 1;
    }
    if (attr(nd, "hidden"))
        return 1;
    const char *ah = attr(nd, "aria-hidden");
    return ah && !strcasecmp(ah, "true");
}

/* ---- pass 1: number the elements ----------------------------------------- */

static size_t nonspace(const char *s)
{
    size_t k = 0;
    for (; *s; s++)
        k += !isspace((unsigned char)*s);
    return k;
}

/* A step of the iterative document-order walks, once nd's subtree is done:
 * nd's next sibling (*up = 0), else its parent, whose subtree is then done
 * too (*up = 1), or NULL when nd is the walk's root.  Iterative, so that
 * 10,000-deep nesting needs no stack. */
static xmlNode *walk_next(xmlNode *nd, xmlNode *root, int *up)
{
    *up = 0;
    if (nd == root)
        return NULL;
    if (nd->next)
        return nd->next;
    *up = 1;
    return nd->parent;
}

static wn_status number_elements(xctx *x, xmlNode *root)
{
    int32_t cur_parent = -1;
    xmlNode *nd = root;
    while (nd) {
        int descend = 0;
        if (nd->type == XML_ELEMENT_NODE) {
            if (x->nn == x->ncap) {
                size_t cap = x->ncap ? x->ncap * 2 : 256;
                enode *p = realloc(x->n, cap * sizeof *p);
                if (!p)
                    return WN_ERR_NOMEM;
                x->n = p;
                x->ncap = cap;
            }
            enode *e = &x->n[x->nn];
            memset(e, 0, sizeof *e);
            e->node = nd;
            e->parent = cur_parent;
            e->tag = tag_of(nd->name);
            e->blk = is_block(e->tag) ? (int32_t)x->nn : (cur_parent >= 0 ? x->n[cur_parent].blk : -1);
            nd->_private = (void *)(uintptr_t)(x->nn + 1);
            x->nn++;
            descend = nd->children != NULL;
            if (descend)
                cur_parent = (int32_t)x->nn - 1;
        } else if ((nd->type == XML_TEXT_NODE || nd->type == XML_CDATA_SECTION_NODE) && nd->content &&
                   cur_parent >= 0) {
            x->n[cur_parent].raw_text += (uint32_t)nonspace((const char *)nd->content);
        }
        if (descend) {
            nd = nd->children;
            continue;
        }
        for (int up;;) {
            nd = walk_next(nd, root, &up);
            if (!nd || !up)
                break;
            if (nd == root) {
                nd = NULL;
                break;
            }
            cur_parent = cur_parent >= 0 ? x->n[cur_parent].parent : -1;
        }
    }
    /* children before parents: the reverse of document order */
    for (size_t i = 0; i < x->nn; i++)
        x->n[i].last = (uint32_t)i;
    for (size_t i = x->nn; i-- > 0;) {
        enode *e = &x->n[i];
        if (e->parent >= 0 && x->n[e->parent].last < e->last)
            x->n[e->parent].last = e->last;
        if (e->tag == T_SCRIPT || e->tag == T_STYLE || e->tag == T_NOSCRIPT || e->tag == T_TEMPLATE) {
            e->raw_text = e->raw_link = 0;
        }
        if (e->tag == T_A)
            e->raw_link = e->raw_text;
        if (e->raw_text >= 80 && e->node->properties) {
            const char *ip = attr(e->node, "itemprop");
            if (ip && e->raw_text >= 200 && strstr(ip, "articleBody"))
                e->body = 1;
            else if (ip && e->raw_text <= 1000 && strstr(ip, "author"))
                e->author_box = 1;   /* a bio; a longer "author" element is mis-marked */
        }
        if (e->body && e->parent >= 0)
            x->n[e->parent].body = 1;
        if (e->parent >= 0) {
            x->n[e->parent].raw_text += e->raw_text;
            x->n[e->parent].raw_link += e->raw_link;
        }
    }
    return WN_OK;
}

/* ---- pass 2: boilerplate marks -------------------------------------------- */

static void mark_one(xctx *x, enode *e, uint32_t body_text)
{
    char h[512];
    uint8_t inherit = e->parent >= 0 ? (x->n[e->parent].flags & (F_JUNK | F_COMMENT | F_CAPTION | F_HARD)) : 0;
    e->flags = inherit;
    if (inherit & F_JUNK)
        return;
    switch (e->tag) {
    case T_HEAD: case T_SCRIPT: case T_STYLE: case T_NOSCRIPT: case T_TEMPLATE: case T_SVG:
    case T_IFRAME: case T_OBJECT: case T_EMBED: case T_CANVAS: case T_VIDEO: case T_AUDIO:
    case T_MAP: case T_BUTTON: case T_INPUT: case T_SELECT: case T_TEXTAREA: case T_OPTION:
    case T_LABEL: case T_TITLE:
        e->flags |= F_JUNK | F_HARD;
        return;
    case T_NAV: case T_ASIDE: case T_MENU: case T_DIALOG:
        if (!(body_text > 0 && e->raw_text * 10 > body_text * 4 && e->raw_link * 2 < e->raw_text))
            e->flags |= F_JUNK;
        return;
    case T_FOOTER: case T_HEADER: {
        /* a page wrapped in <header> is rare; a big one is kept; an
         * article's own header holds its lead */
        int in_article = 0;
        if (e->tag == T_HEADER)
            for (int32_t p = e->parent; p >= 0 && !in_article; p = x->n[p].parent)
                in_article = x->n[p].tag == T_ARTICLE || x->n[p].tag == T_MAIN;
        if (!(body_text > 0 && e->raw_text * 2 > body_text) && !in_article)
            e->flags |= F_JUNK;
        return;
    }
    case T_FIGURE: case T_FIGCAPTION: case T_CAPTION:
        if (e->tag != T_CAPTION || !x->o->tables)
            e->flags |= F_CAPTION;
        break;
    default:
        break;
    }
    if (e->tag == T_BODY || e->tag == T_HTML)
        return;
    if (e->author_box && !e->body) {
        e->flags |= F_JUNK;
        return;
    }
    if (hidden_style(e->node)) {
        e->flags |= F_JUNK | F_HIDDEN;
        return;
    }
#ifdef WN_XDEBUG
    if (getenv("WN_XNOHINT"))
        return;
#endif
    if (!hint_text(e->node, h, sizeof h))
        return;
    int big = body_text > 0 && e->raw_text * 10 > body_text * 4;
    int pos = any_sub(h, pos_sub);
    if (pos)
        e->flags |= F_POS;
    if (any_sub(h, comment_sub) && !only_commentary(h) && !big && !(pos && e->raw_text * 10 > body_text * 3)) {
        e->flags |= F_COMMENT;
        if (!x->o->comments)
            e->flags |= F_JUNK;
        return;
    }
    if (any_sub(h, caption_sub) && e->raw_text < 1000) {
        e->flags |= F_CAPTION;
        return;
    }
    int prose = e->raw_text > 500 && e->raw_link * 5 < e->raw_text;
    int strong = any_sub(h, neg_sub) || ((any_sub(h, neg_link_sub) || has_prefix_token(h, "shar")) && !prose);
    int weak = any_sub(h, weak_sub) || any_tok(h, neg_tok);
    if (weak && pos && !strong) {
        e->flags |= F_NEG;
        e->weak_neg = 1;
    }
    if ((strong || (weak && !pos && !(e->raw_text > 1000 && e->raw_link * 5 < e->raw_text))) && !big) {
        e->flags |= F_NEG;
        if (e->tag == T_ARTICLE || e->tag == T_MAIN)
            return;   /* scored down, never cut */
        /* a negative hint on an element that also looks like the article
         * and holds real text is kept but scored down */
        if (!(pos && (e->raw_text > 1500 || e->raw_text * 5 > body_text) && e->raw_link * 2 < e->raw_text))
            e->flags |= F_JUNK;
    }
}

static void mark(xctx *x, uint32_t body_text)
{
    for (size_t i = 0; i < x->nn; i++) {
        enode *e = &x->n[i];
        mark_one(x, e, body_text);
        /* the page's own schema.org articleBody and the elements around it
         * are not boilerplate, whatever their tag or class (a mis-nested
         * page can put the article inside a <header>) */
        if (e->body && e->tag != T_HEAD && !(e->flags & (F_HIDDEN | F_HARD)))
            e->flags &= (uint8_t)~(F_JUNK | F_COMMENT);
    }
}

/* ---- pass 3: blocks -------------------------------------------------------- */

static wn_status flush(xctx *x)
{
    if (!x->open)
        return WN_OK;
    x->open = 0;
    /* trim trailing spaces and newlines */
    while (x->txt.len > x->cur_off && (x->txt.data[x->txt.len - 1] == ' ' || x->txt.data[x->txt.len - 1] == '\n'))
        x->txt.len--;
    if (x->cur_chars == 0) {
        x->txt.len = x->cur_off;
        return WN_OK;
    }
    if (x->nb == x->bcap) {
        size_t cap = x->bcap ? x->bcap * 2 : 128;
        block *p = realloc(x->b, cap * sizeof *p);
        if (!p)
            return WN_ERR_NOMEM;
        x->b = p;
        x->bcap = cap;
    }
    block *b = &x->b[x->nb++];
    memset(b, 0, sizeof *b);
    b->off = x->cur_off;
    b->len = x->txt.len - x->cur_off;
    b->chars = x->cur_chars;
    b->link = x->cur_link;
    b->commas = x->cur_commas;
    b->owner = x->cur_owner;
    b->row = -1;
    b->flags = x->cur_flags;
    uint8_t t = x->cur_owner >= 0 ? x->n[x->cur_owner].tag : T_DIV;
    switch (t) {
    case T_P: b->kind = K_P; break;
    case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
        b->kind = K_H;
        b->level = (uint8_t)(t - T_H1 + 1);
        break;
    case T_LI: case T_DT: case T_DD: b->kind = K_LI; break;
    case T_BLOCKQUOTE: b->kind = K_QUOTE; break;
    case T_PRE: b->kind = K_PRE; break;
    case T_TD: case T_TH: {
        b->kind = K_CELL;
        int32_t p = x->n[x->cur_owner].parent;
        if (p >= 0 && x->n[p].tag == T_TR)
            b->row = p;
        break;
    }
    case T_CAPTION: case T_FIGCAPTION: b->kind = K_CAP; break;
    default: b->kind = K_DIV; break;
    }
    for (int32_t p = x->cur_owner; p >= 0; p = x->n[p].parent)
        if (x->n[p].tag == T_BLOCKQUOTE) {
            b->in_quote = 1;
            break;
        }
    if (x->cur_owner >= 0) {
        x->n[x->cur_owner].text += b->chars;
        x->n[x->cur_owner].link += b->link;
    }
    return WN_OK;
}

/* Appends text-node content with whitespace collapsed (NBSP counts as space). */
static wn_status add_text(xctx *x, const char *s, int32_t owner, uint8_t flags)
{
    const unsigned char *p = (const unsigned char *)s;
    int any = 0;
    for (const unsigned char *q = p; *q; q++)
        if (!isspace(*q)) {
            any = 1;
            break;
        }
    if (!any) {
        if (x->open && x->txt.len > x->cur_off && x->txt.data[x->txt.len - 1] != ' ' &&
            x->txt.data[x->txt.len - 1] != '\n')
            WN_TRY(wn_buf_putc(&x->txt, ' '));
        return WN_OK;
    }
    if (!x->open || owner != x->cur_owner || flags != x->cur_flags) {
        if (x->open && (owner != x->cur_owner || flags != x->cur_flags))
            WN_TRY(flush(x));
        if (!x->open) {
            x->open = 1;
            x->cur_off = x->txt.len;
            x->cur_chars = x->cur_link = x->cur_commas = 0;
            x->cur_owner = owner;
            x->cur_flags = flags;
        }
    }
    WN_TRY(wn_buf_reserve(&x->txt, strlen(s) + 1));
    char *o = x->txt.data + x->txt.len;
    int sp = x->txt.len == x->cur_off || o[-1] == ' ' || o[-1] == '\n';
    uint32_t chars = 0;
    while (*p) {
        if (isspace(*p) || (p[0] == 0xC2 && p[1] == 0xA0)) {
            if (!sp)
                *o++ = ' ';
            sp = 1;
            p += *p == 0xC2 ? 2 : 1;
            continue;
        }
        if (*p == ',' || (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C) || (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x81))
            x->cur_commas++;
        *o++ = (char)*p++;
        chars++;
        sp = 0;
    }
    x->txt.len = (size_t)(o - x->txt.data);
    x->txt.data[x->txt.len] = 0;
    x->cur_chars += chars;
    if (x->link_depth > 0)
        x->cur_link += chars;
    return WN_OK;
}

static wn_status linebreak(xctx *x)
{
    if (!x->open || x->txt.len == x->cur_off)
        return WN_OK;
    while (x->txt.len > x->cur_off && x->txt.data[x->txt.len - 1] == ' ')
        x->txt.len--;
    if (x->txt.len > x->cur_off && x->txt.data[x->txt.len - 1] != '\n')
        WN_TRY(wn_buf_putc(&x->txt, '\n'));
    return WN_OK;
}

static wn_status enter(xctx *x, xmlNode *nd, int *descend)
{
    *descend = 0;
    if (nd->type == XML_TEXT_NODE || nd->type == XML_CDATA_SECTION_NODE) {
        xmlNode *pe = nd->parent;
        int pi = idx_of(pe);
        if (pi < 0 || !nd->content)
            return WN_OK;
        enode *e = &x->n[pi];
        uint8_t fl = e->flags & (F_COMMENT | F_CAPTION);
        return add_text(x, (const char *)nd->content, e->blk, fl);
    }
    int i = idx_of(nd);
    if (i < 0)
        return WN_OK;
    enode *e = &x->n[i];
    if (e->flags & F_JUNK)
        return WN_OK;
    if (e->tag == T_BR)
        return linebreak(x);
    if (e->tag == T_IMG || e->tag == T_HR)
        return WN_OK;
    if (is_block(e->tag))
        WN_TRY(flush(x));
    if (e->tag == T_A) {
        if (x->link_depth++ == 0)
            x->link_start = x->open ? x->txt.len : (size_t)-1;
    }
    *descend = nd->children != NULL;
    if (!*descend) {
        if (e->tag == T_A)
            x->link_depth--;
    }
    return WN_OK;
}

static wn_status leave(xctx *x, xmlNode *nd)
{
    int i = idx_of(nd);
    if (i < 0)
        return WN_OK;
    enode *e = &x->n[i];
    if (e->tag == T_A && x->link_depth > 0) {
        if (--x->link_depth == 0 && x->o->links && x->open) {
            const char *href = attr(nd, "href");
            size_t st = x->link_start;
            if (st == (size_t)-1 || st < x->cur_off)
                st = x->cur_off;
            if (href && *href && href[0] != '#' && strncmp(href, "javascript:", 11) != 0 &&
                x->txt.len > st) {
                WN_TRY(wn_buf_putc(&x->txt, 0));
                x->txt.len--;
                memmove(x->txt.data + st + 1, x->txt.data + st, x->txt.len - st);
                x->txt.data[st] = '[';
                x->txt.len++;
                while (x->txt.len > st + 1 && x->txt.data[x->txt.len - 1] == ' ')
                    x->txt.len--;
                WN_TRY(wn_buf_printf(&x->txt, "](%s) ", href));
            }
        }
    }
    if (is_block(e->tag))
        WN_TRY(flush(x));
    return WN_OK;
}

static wn_status linearize(xctx *x, xmlNode *root)
{
    xmlNode *nd = root;
    while (nd) {
        int descend;
        WN_TRY(enter(x, nd, &descend));
        if (descend) {
            nd = nd->children;
            continue;
        }
        for (int up;;) {
            nd = walk_next(nd, root, &up);
            if (!nd || !up)
                break;
            WN_TRY(leave(x, nd));
            if (nd == root) {
                nd = NULL;
                break;
            }
        }
    }
    return flush(x);
}

/* ---- pass 4: scoring and selection ---------------------------------------- */

static float hint_weight(const enode *e)
{
    float w = 0;
    if (e->flags & F_POS)
        w += 25;
    if (e->flags & F_NEG)
        w -= 25;
    const char *ip = attr(e->node, "itemprop");
    if (ip && strstr(ip, "articleBody"))
        w += 50;
    return w;
}

static float tag_weight(uint8_t t)
{
    switch (t) {
    case T_DIV: return 5;
    case T_ARTICLE: return 15;
    case T_MAIN: return 8;
    case T_SECTION: return 3;
    case T_PRE: case T_TD: case T_BLOCKQUOTE: return 3;
    case T_ADDRESS: case T_OL: case T_UL: case T_DL: case T_DD: case T_DT: case T_LI: case T_FORM: return -3;
    case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6: case T_TH: return -5;
    default: return 0;
    }
}

static void add_score(xctx *x, int32_t i, float s)
{
    enode *e = &x->n[i];
    if (!e->scored) {
        e->scored = 1;
        e->score = tag_weight(e->tag) + hint_weight(e);
    }
    e->score += s;
}

static int cmp_hash(const void *a, const void *b)
{
    uint64_t x = ((const block *const *)a)[0]->hash, y = ((const block *const *)b)[0]->hash;
    return x < y ? -1 : x > y;
}

/* Counts blocks with identical text (gallery slides, "Vielen Dank!" x199,
 * repeated teasers): template text, not article. */
static wn_status count_copies(xctx *x)
{
    if (x->nb == 0)
        return WN_OK;
    block **ix = malloc(x->nb * sizeof *ix);
    if (!ix)
        return WN_ERR_NOMEM;
    for (size_t k = 0; k < x->nb; k++) {
        block *b = &x->b[k];
        uint64_t h = 1469598103934665603ull;
        const unsigned char *t = (const unsigned char *)x->txt.data + b->off;
        for (size_t i = 0; i < b->len; i++)
            h = (h ^ t[i]) * 1099511628211ull;
        b->hash = h;
        ix[k] = b;
    }
    qsort(ix, x->nb, sizeof *ix, cmp_hash);
    for (size_t i = 0; i < x->nb;) {
        size_t j = i;
        while (j < x->nb && ix[j]->hash == ix[i]->hash)
            j++;
        for (size_t k = i; k < j; k++)
            ix[k]->copies = (uint32_t)(j - i);
        i = j;
    }
    free(ix);
    return WN_OK;
}

static int32_t select_main(xctx *x)
{
    /* clean text/link sums, children before parents */
    for (size_t i = x->nn; i-- > 0;) {
        enode *e = &x->n[i];
        if (e->parent >= 0) {
            x->n[e->parent].text += e->text;
            x->n[e->parent].link += e->link;
        }
    }
    for (size_t k = 0; k < x->nb; k++) {
        block *b = &x->b[k];
        if (b->flags & (F_COMMENT | F_CAPTION) || b->owner < 0)
            continue;
        if (b->kind == K_H || b->kind == K_LI || b->kind == K_CAP)
            continue;
        if (b->chars < 25 || b->copies >= REPEAT_MIN)
            continue;
        float s = 1.0f + (float)b->commas + (b->chars / 100.0f > 3 ? 3 : b->chars / 100.0f);
        if (b->link * 2 > b->chars)
            s *= 0.2f;
        int32_t p = b->owner;
        if (x->n[p].tag == T_P || x->n[p].tag == T_PRE || x->n[p].tag == T_TD || x->n[p].tag == T_BLOCKQUOTE)
            p = x->n[p].parent;
        /* else: text straight inside a div/section; the element itself gathers it */
        for (int level = 0; p >= 0 && level < 5; level++, p = x->n[p].parent) {
            if (x->n[p].tag == T_HTML)
                break;
            float div = level == 0 ? 1 : level == 1 ? 2 : (float)level * 3;
            add_score(x, p, s / div);
            if (level == 0)
                x->n[p].paras++;
        }
    }
    int32_t best = -1;
    float best_s = 0;
    for (size_t i = 0; i < x->nn; i++) {
        enode *e = &x->n[i];
        if (!e->scored || (e->flags & (F_JUNK | F_COMMENT | F_CAPTION)))
            continue;
        float ld = e->text ? (float)e->link / (float)e->text : 0;
        e->score *= 1 - ld;
        if (e->score > best_s) {
            best_s = e->score;
            best = (int32_t)i;
        }
    }
    if (best < 0)
        return -1;
    /* the other strong candidates (within 3/4 of the best): when several of
     * them sit under one ancestor of the best, the article is split into
     * parts and that ancestor holds it whole */
    int32_t alt[TOP_ALT];
    int nalt = 0;
    for (size_t i = 0; i < x->nn && nalt < TOP_ALT; i++) {
        enode *e = &x->n[i];
        if ((int32_t)i == best || !e->scored || (e->flags & (F_JUNK | F_COMMENT | F_CAPTION)))
            continue;
        if (e->score >= best_s * 0.75f && !((int32_t)i > best && i <= x->n[best].last) &&
            !(best > (int32_t)i && (uint32_t)best <= e->last))
            alt[nalt++] = (int32_t)i;
    }
    if (nalt >= 2) {
        for (int32_t p = x->n[best].parent; p >= 0 && x->n[p].tag != T_BODY && x->n[p].tag != T_HTML;
             p = x->n[p].parent) {
            int under = 0;
            for (int k = 0; k < nalt; k++)
                under += alt[k] > p && (uint32_t)alt[k] <= x->n[p].last;
            if (under >= 2) {
                best = p;
                best_s = x->n[p].scored ? x->n[p].score : best_s;
                break;
            }
        }
    }
    /* climb while an ancestor scores at least as well (text split across siblings) */
    for (int32_t p = x->n[best].parent; p >= 0 && x->n[p].tag != T_BODY && x->n[p].tag != T_HTML;
         p = x->n[p].parent) {
        if (!x->n[p].scored)
            continue;
        if (x->n[p].score >= best_s * 0.99f) {
            best = p;
            best_s = x->n[p].score;
        }
    }
    return best;
}

/* ---- output ----------------------------------------------------------------- */

static int only_share_words(const char *s, size_t n)
{
    static const char *const words[] = {
        "share", "tweet", "email", "e-mail", "print", "facebook", "twitter", "linkedin", "pinterest",
        "whatsapp", "reddit", "mail", "pocket", "flipboard", "telegram", "copy link", "drucken",
        "teilen", "read more", "advertisement", "subscribe", "comments", "comment", "reply",
        "skip to content", "menu", "search", "close", "home", "back to top", "more", "x", NULL};
    if (n > 40)
        return 0;
    char b[48];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof b; i++)
        b[k++] = (char)tolower((unsigned char)s[i]);
    while (k > 0 && (b[k - 1] == ' ' || b[k - 1] == ':' || b[k - 1] == '.'))
        k--;
    b[k] = 0;
    for (int i = 0; words[i]; i++)
        if (!strcmp(b, words[i]))
            return 1;
    return 0;
}

static int is_copyright(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if ((unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA9)
            return 1;
        if ((s[i] == 'C' || s[i] == 'c') && n - i >= 9 && !strncasecmp(s + i, "copyright", 9))
            return 1;
        if ((s[i] == 'A' || s[i] == 'a') && n - i >= 19 && !strncasecmp(s + i, "all rights reserved", 19))
            return 1;
    }
    return 0;
}

/* A short line that is mostly a date or time ("Aktualisiert: 11.04.2020,
 * 10:27", "Stand: 5. Februar 2020 14:02", "2019-07-08"): dateline, not text. */
static int is_dateline(const char *s, size_t n)
{
    int date = 0;
    size_t letters = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalpha(c) || c >= 0x80)
            letters++;
        if (!isdigit(c))
            continue;
        size_t j = i;
        while (j < n && isdigit((unsigned char)s[j]))
            j++;
        size_t d1 = j - i;
        if (j + 1 < n && (s[j] == '.' || s[j] == '/' || s[j] == '-' || s[j] == ':') && isdigit((unsigned char)s[j + 1])) {
            size_t k = j + 1;
            while (k < n && isdigit((unsigned char)s[k]))
                k++;
            size_t d2 = k - j - 1;
            if (d1 <= 4 && d2 <= 2 && (s[j] == ':' || (k < n && s[k] == s[j])))
                date = 1;
        }
        i = j;
    }
    return date && letters < 30;
}

static int is_selected(const xctx *x, int32_t i)
{
    return i >= 0 && (x->n[i].flags & F_SELECTED);
}

static int same_text(const char *a, size_t an, const char *b)
{
    size_t bn = strlen(b);
    while (bn > 0 && isspace((unsigned char)b[bn - 1]))
        bn--;
    while (bn > 0 && isspace((unsigned char)*b)) {
        b++;
        bn--;
    }
    return an == bn && strncmp(a, b, an) == 0;
}

typedef struct outbuf {
    wn_buf text;
    size_t lines;
    size_t chars;
    size_t dropped;         /* chars of the tail lines left out (tailtext.h) */
} outbuf;

static wn_status out_line(outbuf *o, const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\n')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n'))
        n--;
    if (!n)
        return WN_OK;
    if (o->text.len)
        WN_TRY(wn_buf_putc(&o->text, '\n'));
    WN_TRY(wn_buf_append(&o->text, s, n));
    o->lines++;
    o->chars += n;
    return WN_OK;
}

/* Drops short label-like lines at the end ("Related:", "Share this",
 * "Kontakt"): what follows an article's last sentence is rarely article. */
static void trim_tail(outbuf *o)
{
    while (o->lines > 1) {
        char *t = o->text.data;
        size_t st = o->text.len;
        while (st > 0 && t[st - 1] != '\n')
            st--;
        if (st == 0)
            return;
        size_t n = o->text.len - st;
        if (n >= TRAIL_MAX || n == 0)
            return;
        char c = t[o->text.len - 1];
        if (c == '.' || c == '!' || c == '?' || c == '"' || c == ')' || (unsigned char)c >= 0x80)
            return;
        o->text.len = st - 1;
        t[o->text.len] = 0;
        o->lines--;
        o->chars -= n;
    }
}

/* A short heading or label that announces what follows an article ("Related
 * articles", "Das könnte Sie auch interessieren", "Explore further", "Notas
 * relacionadas"): the article ends before it.  Lowercased ASCII/UTF-8 match
 * at the start of the line, the line short and not a sentence. */
static int is_tail_marker(const char *s, size_t n, int heading)
{
    static const char *const starts[] = {
        "related", "read also", "more from", "mehr von", "more on this", "more stories",
        "you may also", "you might also", "recommended", "explore further", "further reading",
        "das könnte sie", "das könnte dich", "dies könnte sie", "weitere artikel", "weitere beiträge",
        "weitere themen", "mehr zum thema", "mehr zu diesem thema", "lesen sie auch",
        "auch interessant", "schon gelesen", "empfohlene beiträge", "ähnliche beiträge", "ähnliche artikel",
        "verwandte artikel", "passend dazu", "das interessiert", "noticias relacionadas",
        "notas relacionadas", "artículos relacionados", "te puede interesar", "lire aussi", "à lire aussi",
        "sur le même sujet", "articles similaires", "leggi anche", "potrebbe interessarti", "zobacz też",
        "czytaj też", "czytaj także", NULL};
    if (n < 5 || n > 60)
        return 0;
    if (s[n - 1] == '.' && !(n >= 3 && s[n - 2] == '.' && s[n - 3] == '.'))
        return 0;
    char b[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof b; i++) {
        unsigned char c = (unsigned char)s[i];
        /* ASCII and the Latin-1 capitals' second UTF-8 byte (Ä→ä…) */
        if (c < 0x80)
            c = (unsigned char)tolower(c);
        else if (i > 0 && (unsigned char)s[i - 1] == 0xC3 && c >= 0x80 && c <= 0x9E)
            c = (unsigned char)(c + 0x20);
        b[k++] = (char)c;
    }
    b[k] = 0;
    for (int i = 0; starts[i]; i++) {
        size_t l = strlen(starts[i]);
        if (strncmp(b, starts[i], l))
            continue;
        if (heading)
            return 1;
        /* a plain line: the phrase alone ("Related:", "Schon gelesen?"),
         * not a link title that starts with it */
        const char *r = b + l;
        while (*r && (*r == ' ' || *r == ':' || *r == '!' || *r == '?' || *r == '.'))
            r++;
        return *r == 0;
    }
    return 0;
}

/* Emits the blocks that `keep` selects.  mode 0: the main content; 1: all
 * clean blocks of the page (fallback candidates); 2: every block. */
static wn_status emit(xctx *x, int mode, outbuf *o)
{
    int32_t row = -1;
    int row_open = 0, skip = 0;
    for (size_t k = 0; k < x->nb; k++) {
        block *b = &x->b[k];
        const char *s = x->txt.data + b->off;
        if (b->flags & F_CAPTION)
            continue;
        if ((b->flags & F_COMMENT) && mode != 0)
            continue;
#ifdef WN_XDEBUG
        if (mode == 0 && getenv("WN_XDUMP") && !is_selected(x, b->owner)) {
            int negw = 0;
            for (int32_t p = b->owner; p >= 0 && x->n[p].near; p = x->n[p].parent)
                negw |= (x->n[p].flags & F_NEG) != 0;
            for (int32_t p = b->owner; p >= 0 && x->n[p].near; p = x->n[p].parent)
                if (x->n[p].flags & F_NEG) {
                    char hb[512];
                    hint_text(x->n[p].node, hb, sizeof hb);
                    fprintf(stderr, "negwrap <%s %s> raw=%u\n", (const char *)x->n[p].node->name, hb, x->n[p].raw_text);
                    break;
                }
            fprintf(stderr, "unsel near=%d chars=%u link=%u kind=%d neg=%d copies=%u |%.*s\n", b->owner >= 0 ? x->n[b->owner].near : -1,
                    b->chars, b->link, b->kind, negw, b->copies, (int)(b->len > 120 ? 120 : b->len), s);
        }
#endif
        if (mode == 0 && !(b->flags & F_COMMENT) && !is_selected(x, b->owner)) {
            if (!(b->owner >= 0 && x->n[b->owner].near &&
                  b->chars >= (x->n[b->owner].near <= NEAR_LEVELS + 1 ? NEAR_MIN_CHARS : FAR_MIN_CHARS) &&
                  b->link * 10 < b->chars &&
                  b->kind != K_LI && b->kind != K_CELL))
                continue;
            /* not inside a scored-down wrapper (teasers, sidebars), unless
             * the wrapper's hint is weak and it holds this paragraph alone
             * (a lead in a "teaser-text" box beside the article) */
            int other = 0;
            for (int32_t p = b->owner; p >= 0 && x->n[p].near; p = x->n[p].parent)
                if ((x->n[p].flags & F_NEG) &&
                    !(x->n[p].weak_neg && x->n[p].raw_link == 0 && x->n[p].raw_text <= b->chars + b->chars / 8)) {
                    other = 1;
                    break;
                }
            if (other)
                continue;
        }
#ifdef WN_XDEBUG
        if (mode == 0 && getenv("WN_XDUMP"))
            fprintf(stderr, "cand chars=%u kind=%d |%.*s\n", b->chars, b->kind, (int)(b->len > 120 ? 120 : b->len), s);
#endif
        if (mode == 0 && (b->kind == K_H || b->chars < 60) && o->chars >= TAIL_AFTER &&
            !(b->flags & F_COMMENT) && is_tail_marker(s, b->len, b->kind == K_H)) {
            skip = 1;
            continue;
        }
        /* a "Related" box inside the article: the article resumes at the
         * next long paragraph of prose */
        if (skip && mode == 0) {
            if (!(b->kind == K_P && b->chars >= RESUME_CHARS && b->link * 10 < b->chars))
                continue;
            skip = 0;
        }
        if (mode != 2) {
            if (b->link * 10 > b->chars * 6 && b->kind != K_H && !x->o->links)
                continue;
            if (b->link * 2 > b->chars && b->chars < 100 && b->kind != K_H && !x->o->links)
                continue;
            if (only_share_words(s, b->len))
                continue;
            if (b->copies >= REPEAT_DROP && b->kind != K_CELL)
                continue;
            if (b->len < 250 && is_copyright(s, b->len))
                continue;
            if (b->len < 80 && b->kind != K_CELL && is_dateline(s, b->len))
                continue;
            /* a short label ("Read also:", "More on this") before a block of links */
            if (b->chars < 50 && b->kind != K_LI && k + 1 < x->nb && x->b[k + 1].link * 2 > x->b[k + 1].chars &&
                !x->o->links && (s[b->len - 1] == ':' || b->kind == K_H || b->link == 0) &&
                !(s[b->len - 1] == '.' || s[b->len - 1] == '!' || s[b->len - 1] == '?')) {
                size_t j = k + 1;
                while (j < x->nb && x->b[j].link * 2 > x->b[j].chars)
                    j++;
                if (j == x->nb || j - k > 2)
                    continue;
            }
            if (b->kind == K_H && b->level == 1 && x->title && same_text(s, b->len, x->title))
                continue;
            if (b->kind == K_H && x->og_title && same_text(s, b->len, x->og_title))
                continue;
            if (mode == 1 && b->chars < 40 && b->kind != K_H && b->kind != K_LI)
                continue;
        }
        if (b->kind == K_CELL && !x->o->tables && mode != 2) {
            /* a cell of a data table; cells of layout tables own no text
             * directly when they hold paragraphs */
            if (b->chars < 200)
                continue;
        }
        if (b->kind == K_CELL && b->row >= 0) {
            if (row_open && row == b->row) {
                WN_TRY(wn_buf_append(&o->text, " | ", 3));
                WN_TRY(wn_buf_append(&o->text, s, b->len));
                o->chars += b->len;
                continue;
            }
            row = b->row;
            row_open = 1;
        } else {
            row_open = 0;
        }
        /* a block with <br> breaks gives several lines; once the article
         * is under way, credit/source/post-footer lines, calls to subscribe
         * and labels of contact or author boxes are left out */
        size_t st = 0;
        for (size_t i = 0; i <= b->len; i++)
            if (i == b->len || s[i] == '\n') {
                if (mode == 0 && o->chars >= TAIL_AFTER && !(b->flags & F_COMMENT) &&
                    wn_x_tail_kind(s + st, i - st) != WN_TAIL_NONE) {
#ifdef WN_XDEBUG
                    fprintf(stderr, "tail: %.*s\n", (int)(i - st), s + st);
#endif
                    o->dropped += i - st;
                }
                else
                    WN_TRY(out_line(o, s + st, i - st));
                st = i + 1;
            }
    }
    if (mode != 2)
        trim_tail(o);
    return WN_OK;
}

/* ---- metadata ---------------------------------------------------------------- */

static char *dup_trim(const char *s)
{
    if (!s)
        return NULL;
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    char *r = malloc(n + 1);
    if (!r)
        return NULL;
    /* collapse inner whitespace */
    size_t k = 0;
    int sp = 0;
    for (size_t i = 0; i < n; i++) {
        if (isspace((unsigned char)s[i])) {
            if (!sp)
                r[k++] = ' ';
            sp = 1;
        } else {
            r[k++] = s[i];
            sp = 0;
        }
    }
    r[k] = 0;
    return r;
}

static void set_once(char **dst, const char *v)
{
    if (*dst || !v)
        return;
    char *t = dup_trim(v);
    if (t && !*t) {
        free(t);
        return;
    }
    *dst = t;
}

static int valid_ymd(int y, int m, int d)
{
    return y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int wn_x_date_iso(const char *s, char out[11])
{
    if (!s)
        return 0;
    while (*s && !isdigit((unsigned char)*s))
        s++;
    int y, m, d;
    char sep;
    if (sscanf(s, "%4d%c%2d%*c%2d", &y, &sep, &m, &d) == 4 && (sep == '-' || sep == '/' || sep == '.') &&
        valid_ymd(y, m, d)) {
        snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
        return 1;
    }
    if (strlen(s) >= 8 && sscanf(s, "%4d%2d%2d", &y, &m, &d) == 3 && valid_ymd(y, m, d)) {
        snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
        return 1;
    }
    return 0;
}

int wn_x_date_url(const char *url, char out[11])
{
    if (!url)
        return 0;
    for (const char *p = url; *p; p++) {
        if (*p != '/' || !isdigit((unsigned char)p[1]))
            continue;
        int y, m, d, n = 0;
        if (sscanf(p, "/%4d/%2d/%2d%n", &y, &m, &d, &n) == 3 && n == 11 && valid_ymd(y, m, d) &&
            (p[n] == '/' || p[n] == 0 || p[n] == '-')) {
            snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
            return 1;
        }
        if (sscanf(p, "/%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 11 && valid_ymd(y, m, d)) {
            snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
            return 1;
        }
    }
    return 0;
}

static const char *json_str_of(json_t *v)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_object(v))
        return json_string_value(json_object_get(v, "name"));
    if (json_is_array(v) && json_array_size(v) > 0)
        return json_str_of(json_array_get(v, 0));
    return NULL;
}

static int ld_article_type(json_t *t)
{
    static const char *const types[] = {"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle",
                                        "AnalysisNewsArticle", "OpinionNewsArticle", "TechArticle",
                                        "ScholarlyArticle", "Report", "LiveBlogPosting", "WebPage", NULL};
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (ld_article_type(v)) return 1;
        return 0;
    }
    const char *s = json_string_value(t);
    if (!s)
        return 0;
    for (int i = 0; types[i]; i++)
        if (!strcmp(s, types[i]))
            return 1;
    return 0;
}

static void ld_visit(xctx *x, json_t *v, int depth)
{
    if (depth > 8 || !v)
        return;
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) ld_visit(x, e, depth + 1);
        return;
    }
    if (!json_is_object(v))
        return;
    json_t *graph = json_object_get(v, "@graph");
    if (graph)
        ld_visit(x, graph, depth + 1);
    if (!ld_article_type(json_object_get(v, "@type")))
        return;
    int article = !json_is_string(json_object_get(v, "@type")) ||
                  strcmp(json_string_value(json_object_get(v, "@type")), "WebPage") != 0;
    if (article) {
        const char *pub = json_string_value(json_object_get(v, "datePublished"));
        if (pub && !x->published) {
            set_once(&x->published, pub);
            x->date_source = "json-ld";
        }
        set_once(&x->updated, json_string_value(json_object_get(v, "dateModified")));
        set_once(&x->author, json_str_of(json_object_get(v, "author")));
        set_once(&x->og_title, json_string_value(json_object_get(v, "headline")));
    }
    set_once(&x->lang, json_string_value(json_object_get(v, "inLanguage")));
}

static void scan_meta(xctx *x, const char *url)
{
    const char *meta_pub = NULL, *meta_upd = NULL, *meta_author = NULL, *time_dt = NULL;
    for (size_t i = 0; i < x->nn; i++) {
        enode *e = &x->n[i];
        xmlNode *nd = e->node;
        switch (e->tag) {
        case T_HTML:
            set_once(&x->lang, attr(nd, "lang"));
            set_once(&x->lang, attr(nd, "xml:lang"));
            break;
        case T_TITLE:
            if (!x->title && nd->children && nd->children->content)
                set_once(&x->title, (const char *)nd->children->content);
            break;
        case T_H1:
            if (!x->h1 && !(e->flags & F_JUNK)) {
                xmlChar *c = wn_xml.NodeGetContent(nd);
                set_once(&x->h1, (const char *)c);
                (*wn_xml.Free)(c);
            }
            break;
        case T_META: {
            const char *k = attr(nd, "property");
            if (!k)
                k = attr(nd, "name");
            if (!k)
                k = attr(nd, "itemprop");
            const char *v = attr(nd, "content");
            if (!k || !v)
                break;
            if (!strcasecmp(k, "og:title"))
                set_once(&x->og_title, v);
            else if (!strcasecmp(k, "og:site_name"))
                set_once(&x->site, v);
            else if (!strcasecmp(k, "description") || !strcasecmp(k, "og:description"))
                set_once(&x->description, v);
            else if (!strcasecmp(k, "author") || !strcasecmp(k, "article:author") ||
                     !strcasecmp(k, "dc.creator") || !strcasecmp(k, "byl") || !strcasecmp(k, "sailthru.author") ||
                     !strcasecmp(k, "parsely-author")) {
                if (!meta_author && strncmp(v, "http", 4) != 0)
                    meta_author = v;
            } else if (!strcasecmp(k, "article:published_time") || !strcasecmp(k, "datePublished") ||
                       !strcasecmp(k, "pubdate") || !strcasecmp(k, "publishdate") ||
                       !strcasecmp(k, "date") || !strcasecmp(k, "dc.date") || !strcasecmp(k, "dc.date.issued") ||
                       !strcasecmp(k, "dcterms.created") || !strcasecmp(k, "og:published_time") ||
                       !strcasecmp(k, "sailthru.date") || !strcasecmp(k, "parsely-pub-date") ||
                       !strcasecmp(k, "article.published") || !strcasecmp(k, "published_time")) {
                if (!meta_pub)
                    meta_pub = v;
            } else if (!strcasecmp(k, "article:modified_time") || !strcasecmp(k, "dateModified") ||
                       !strcasecmp(k, "og:updated_time") || !strcasecmp(k, "last-modified") ||
                       !strcasecmp(k, "dcterms.modified")) {
                if (!meta_upd)
                    meta_upd = v;
            }
            break;
        }
        case T_SCRIPT: {
            const char *ty = attr(nd, "type");
            if (ty && !strcasecmp(ty, "application/ld+json") && nd->children && nd->children->content) {
                const char *c = (const char *)nd->children->content;
                json_t *j = json_loadb(c, strlen(c), 0, NULL);
                ld_visit(x, j, 0);
                json_decref(j);
            }
            break;
        }
        case T_TIME:
            if (!time_dt)
                time_dt = attr(nd, "datetime");
            break;
        default:
            if (!meta_author) {
                const char *rel = attr(nd, "rel");
                const char *ip = attr(nd, "itemprop");
                if ((rel && !strcasecmp(rel, "author")) || (ip && !strcmp(ip, "author"))) {
                    xmlChar *c = wn_xml.NodeGetContent(nd);
                    if (c && strlen((const char *)c) < 100)
                        set_once(&x->author, (const char *)c);
                    (*wn_xml.Free)(c);
                }
            }
            break;
        }
    }
    if (meta_author && !x->author)
        set_once(&x->author, meta_author);
    if (meta_pub && !x->published) {
        set_once(&x->published, meta_pub);
        x->date_source = "meta";
    }
    set_once(&x->updated, meta_upd);
    if (time_dt && !x->published) {
        set_once(&x->published, time_dt);
        x->date_source = "time";
    }
    (void)url;
}

/* ---- the entry point ------------------------------------------------------------ */

static void xctx_free(xctx *x, wn_xscratch *sc)
{
    if (sc) {   /* hand the buffers back for the next page */
        sc->n = x->n;
        sc->ncap = x->ncap;
        sc->b = x->b;
        sc->bcap = x->bcap;
        sc->txt = x->txt;
    } else {
        free(x->n);
        free(x->b);
        wn_buf_free(&x->txt);
    }
    free(x->title);
    free(x->h1);
    free(x->og_title);
    free(x->author);
    free(x->published);
    free(x->updated);
    free(x->lang);
    free(x->site);
    free(x->description);
    json_decref(x->captions);
    if (x->entered) {
        /* The page's tree, parser context and dictionary live in the arena
         * and go with its reset; only blocks that spilled to libc need the
         * library's own free functions (which skip the arena's blocks). */
        if (wn_xarena_spilled(x->arena)) {
            if (x->xdoc)
                wn_xml.FreeDoc(x->xdoc);
            if (x->ctxt)
                wn_xml.FreeParserCtxt(x->ctxt);
        }
        /* the thread's copy of the last parser error points into the page */
        wn_xml.ResetLastError();
        wn_xarena_leave();
        wn_xarena_reset(x->arena);
    }
    if (x->own_arena)
        wn_xarena_free(x->arena);
}

wn_status wn_xopts_read(const wn_options *o, wn_xopts *x)
{
    memset(x, 0, sizeof *x);
    WN_TRY(wn_opt_bool(o, "with-comments", 0, &x->comments));
    int no_tables;
    WN_TRY(wn_opt_bool(o, "with-tables", 1, &x->tables));
    WN_TRY(wn_opt_bool(o, "no-tables", 0, &no_tables));
    if (no_tables)
        x->tables = 0;
    WN_TRY(wn_opt_bool(o, "with-links", 0, &x->links));
    WN_TRY(wn_opt_bool(o, "fallback", 0, &x->fallback));
    uint64_t m;
    WN_TRY(wn_opt_size(o, "max-html-bytes", 64u << 20, 1024, (uint64_t)1 << 32, &m));
    x->max_html = (size_t)m;
    return WN_OK;
}

wn_status wn_extract_global_init(char *err, size_t errsize)
{
    return wn_xmlapi_load(err, errsize);
}

static int looks_binary(const char *s, size_t n)
{
    size_t k = n < 4096 ? n : 4096, ctl = 0;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0 || (c < 32 && c != '\n' && c != '\r' && c != '\t' && c != '\f'))
            ctl++;
    }
    return ctl * 20 > k;   /* over 5% control bytes */
}

static void captions_from_blocks(xctx *x)
{
    for (size_t k = 0; k < x->nb; k++) {
        block *b = &x->b[k];
        if (!(b->flags & F_CAPTION) || b->chars == 0)
            continue;
        if (!x->captions)
            x->captions = json_array();
        if (!x->captions || json_array_size(x->captions) >= 50)
            return;
        json_array_append_new(x->captions, json_stringn(x->txt.data + b->off, b->len));
    }
}

static wn_status fill_doc(xctx *x, const outbuf *o, const char *url, const char *how, wn_doc *doc)
{
    wn_buf_clear(&doc->body);
    WN_TRY(wn_buf_append(&doc->body, o->text.data ? o->text.data : "", o->text.len));
    doc->nlines = 0;
    size_t st = 0;
    uint32_t ln = 1;
    for (size_t i = 0; i <= doc->body.len; i++)
        if (i == doc->body.len || doc->body.data[i] == '\n') {
            if (i > st)
                WN_TRY(wn_doc_add_line(doc, st, i - st, ln++));
            st = i + 1;
        }
    const char *title = x->og_title ? x->og_title : x->title ? x->title : x->h1;
    free(doc->title);
    doc->title = title ? strdup(title) : NULL;
    char ymd[11];
    free(doc->date);
    doc->date = NULL;
    const char *date_src = x->date_source;
    if (x->published && wn_x_date_iso(x->published, ymd))
        doc->date = strdup(ymd);
    else if (wn_x_date_url(url, ymd)) {
        doc->date = strdup(ymd);
        date_src = "url";
    }
    if (!doc->top)
        doc->top = json_object();
    if (!doc->top)
        return WN_ERR_NOMEM;
    if (url && *url)
        json_object_set_new(doc->top, "url", json_string(url));
    if (x->author)
        json_object_set_new(doc->top, "author", json_string(x->author));
    if (x->lang)
        WN_TRY(wn_doc_meta_set(doc, "html_lang", json_string(x->lang)));
    if (x->published)
        WN_TRY(wn_doc_meta_set(doc, "published", json_string(x->published)));
    if (x->updated)
        WN_TRY(wn_doc_meta_set(doc, "updated", json_string(x->updated)));
    if (doc->date && date_src)
        WN_TRY(wn_doc_meta_set(doc, "date_source", json_string(date_src)));
    if (x->site)
        WN_TRY(wn_doc_meta_set(doc, "sitename", json_string(x->site)));
    if (x->captions) {
        WN_TRY(wn_doc_meta_set(doc, "captions", x->captions));
        x->captions = NULL;
    }
    WN_TRY(wn_doc_meta_set(doc, "extraction", json_string(how)));
    return WN_OK;
}

static void release_utf8(wn_xscratch *sc, wn_buf *u)
{
    if (sc && u->cap < (16u << 20)) {
        wn_buf_free(&sc->utf8);
        sc->utf8 = *u;
        *u = (wn_buf)WN_BUF_INIT;
    } else {
        wn_buf_free(u);
    }
}

static void xml_silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

wn_status wn_extract_doc(const wn_xopts *o, wn_xscratch *sc, const char *html, size_t len,
                         const char *url, const char *content_type, wn_doc *doc)
{
    if (len > o->max_html) {
        wn_doc_reject(doc, "too-large", "page of %zu bytes is over max-html-bytes (%zu)", len, o->max_html);
        return WN_OK;
    }
    if (len == 0 || looks_binary(html, len)) {
        wn_doc_reject(doc, "not-html", "%s", len ? "binary content" : "empty page");
        return WN_OK;
    }
    xctx x;
    memset(&x, 0, sizeof x);
    x.o = o;
    if (sc) {
        x.arena = sc->arena;
    } else if ((x.arena = wn_xarena_new(0, 0)) != NULL) {
        x.own_arena = 1;
    } else {
        return WN_ERR_NOMEM;
    }
    wn_buf utf8 = WN_BUF_INIT;
    if (sc) {
        x.n = sc->n;
        x.ncap = sc->ncap;
        x.b = sc->b;
        x.bcap = sc->bcap;
        x.txt = sc->txt;
        wn_buf_clear(&x.txt);
        sc->n = NULL;
        sc->b = NULL;
        sc->txt = (wn_buf)WN_BUF_INIT;
        utf8 = sc->utf8;
        sc->utf8 = (wn_buf)WN_BUF_INIT;
        wn_buf_clear(&utf8);
    }
    wn_charset_info ci;
    wn_status s = wn_charset_to_utf8(html, len, content_type, &utf8, &ci);
    if (s != WN_OK) {
        release_utf8(sc, &utf8);
        xctx_free(&x, sc);
        return s;
    }
    if ((s = wn_doc_meta_set(doc, "charset", json_string(ci.name))) != WN_OK ||
        (s = wn_doc_meta_set(doc, "charset_source", json_string(ci.source))) != WN_OK) {
        release_utf8(sc, &utf8);
        xctx_free(&x, sc);
        return s;
    }
    if (ci.declared[0])
        wn_doc_meta_set(doc, "charset_declared", json_string(ci.declared));
    if (utf8.len > INT32_MAX) {
        release_utf8(sc, &utf8);
        xctx_free(&x, sc);
        wn_doc_reject(doc, "too-large", "page too large for the HTML parser");
        return WN_OK;
    }
    /* libxml2 stops at a NUL byte: a stray one must not end the page */
    for (char *z = utf8.data ? memchr(utf8.data, 0, utf8.len) : NULL; z;
         z = memchr(z, 0, utf8.len - (size_t)(z - utf8.data)))
        *z = ' ';
    /* script and style text (JSON-LD aside) and attributes that are never
     * read: two thirds of the bytes of a page */
    if (utf8.data && wn_xml.slim)
        utf8.len = wn_html_slim(utf8.data, utf8.len);
    xmlGenericErrorFunc silent = xml_silent;
    wn_xml.InitGenericErrorDefaultFunc(&silent);
    const int popts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                      HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;
    /* a fresh parser context per page, inside the arena: nothing that
     * libxml2 makes for the page outlives it */
    wn_xarena_enter(x.arena);
    x.entered = 1;
    if (!(x.ctxt = wn_xml.NewParserCtxt())) {
        release_utf8(sc, &utf8);
        xctx_free(&x, sc);
        return WN_ERR_NOMEM;
    }
    x.xdoc = wn_xml.CtxtReadMemory(x.ctxt, utf8.data ? utf8.data : "", (int)utf8.len, url, "UTF-8", popts);
    release_utf8(sc, &utf8);
    xmlNode *root = x.xdoc ? wn_xml.DocGetRootElement(x.xdoc) : NULL;
    if (!root) {
        xctx_free(&x, sc);
        wn_doc_reject(doc, "not-html", "the HTML parser found no element");
        return WN_OK;
    }
    outbuf main = {WN_BUF_INIT, 0, 0, 0}, alt = {WN_BUF_INIT, 0, 0, 0};
    const char *how = "article";
    if ((s = number_elements(&x, root)) != WN_OK)
        goto done;
    xmlNode *body = root;
    for (size_t i = 0; i < x.nn; i++)
        if (x.n[i].tag == T_BODY) {
            body = x.n[i].node;
            break;
        }
    int bi = idx_of(body);
    mark(&x, bi >= 0 ? x.n[bi].raw_text : 0);
    scan_meta(&x, url);
#ifdef WN_XDEBUG
    for (size_t i = 0; i < x.nn; i++)
        if ((x.n[i].flags & F_JUNK) && x.n[i].raw_text > 300 && !(x.n[i].parent >= 0 && (x.n[x.n[i].parent].flags & F_JUNK))) {
            char hb[512];
            hint_text(x.n[i].node, hb, sizeof hb);
            fprintf(stderr, "junk %s [%s] raw=%u fl=%d\n", (const char *)x.n[i].node->name, hb, x.n[i].raw_text, x.n[i].flags);
        }
#endif
    if ((s = linearize(&x, body)) != WN_OK)
        goto done;
    captions_from_blocks(&x);
    if ((s = count_copies(&x)) != WN_OK)
        goto done;
    int32_t best = select_main(&x);
#ifdef WN_XDEBUG
    if (getenv("WN_XMODE")) {
        int m = atoi(getenv("WN_XMODE"));
        if (m == 1)
            best = -1;  /* blocks of the page minus junk */
    }
#endif
    if (best >= 0) {
        enode *top = &x.n[best];
        top->flags |= F_SELECTED;
        /* siblings that belong to the article */
        int32_t par = top->parent;
        float thr = top->score * 0.2f > 10 ? top->score * 0.2f : 10;
        const char *tcls = attr(top->node, "class");
        if (par >= 0 && x.n[par].tag != T_HTML)
            for (xmlNode *sib = x.n[par].node->children; sib; sib = sib->next) {
                int si = idx_of(sib);
                if (si < 0 || si == best || (x.n[si].flags & (F_JUNK | F_COMMENT | F_CAPTION)))
                    continue;
                enode *se = &x.n[si];
                float bonus = 0;
                const char *scls = attr(sib, "class");
                if (tcls && scls && *tcls && !strcmp(tcls, scls))
                    bonus = top->score * 0.2f;
                int take = se->scored && se->score + bonus >= thr;
                if (!take && (se->tag == T_P || se->tag == T_BLOCKQUOTE || se->tag == T_PRE ||
                              se->tag == T_UL || se->tag == T_OL)) {
                    float ld = se->text ? (float)se->link / (float)se->text : 1;
                    if (se->text > 80 && ld < 0.25f)
                        take = 1;
                }
                if (take)
                    se->flags |= F_SELECTED;
            }
        for (size_t i = 0; i < x.nn; i++)
            if (x.n[i].parent >= 0 && (x.n[x.n[i].parent].flags & F_SELECTED))
                x.n[i].flags |= F_SELECTED;
        {
            /* near = 1 + how many levels above the article the closest
             * ancestor is whose subtree holds the element */
            int32_t anc = best;
            x.n[anc].near = 1;
            for (int k = 0; k < FAR_LEVELS && x.n[anc].parent >= 0 && x.n[x.n[anc].parent].tag != T_HTML &&
                            x.n[x.n[anc].parent].tag != T_BODY; k++) {
                anc = x.n[anc].parent;
                x.n[anc].near = (uint8_t)(k + 2);
            }
            for (size_t i = (size_t)anc + 1; i < x.nn; i++)
                if (!x.n[i].near && x.n[i].parent >= 0 && x.n[x.n[i].parent].near)
                    x.n[i].near = x.n[x.n[i].parent].near;
        }
        if ((s = emit(&x, 0, &main)) != WN_OK)
            goto done;
    }
    /* the tail lines left out count as the article's: they were found there */
    if (main.chars + main.dropped < SHORT_ARTICLE) {
        if ((s = emit(&x, 1, &alt)) != WN_OK)
            goto done;
        if (alt.chars > (main.chars + main.dropped) * BLOCKS_FACTOR && alt.chars >= 100) {
            outbuf t = main;
            main = alt;
            alt = t;
            how = "blocks";
        }
    }
    if (main.chars == 0) {
        if (!o->fallback) {
            wn_doc_reject(doc, "no-article", "no main content found");
            goto done;
        }
        /* the page's whole text: everything but scripts, styles and the like */
        wn_buf_clear(&main.text);
        main.chars = main.lines = 0;
        for (size_t i = 0; i < x.nn; i++)
            x.n[i].flags = (uint8_t)(x.n[i].flags & F_HARD ? F_JUNK | F_HARD : 0);
        x.nb = 0;
        wn_buf_clear(&x.txt);
        if ((s = linearize(&x, body)) != WN_OK || (s = emit(&x, 2, &main)) != WN_OK)
            goto done;
        how = "fallback";
        if (main.chars == 0) {
            wn_doc_reject(doc, "no-article", "the page has no text");
            goto done;
        }
    }
    s = fill_doc(&x, &main, url, how, doc);
done:
    wn_buf_free(&main.text);
    wn_buf_free(&alt.text);
    xctx_free(&x, sc);
    return s;
}
