/* test_rawtext.c: script and style text and unread attributes dropped
 * before parsing (src/extract/rawtext.c).  Each page is checked twice: what
 * the scan leaves, and that libxml2 builds the same tree from the page
 * before and after it, text inside script and style elements and the
 * attributes cut on purpose aside. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "common/buf.h"
#include "extract/extract.h"
#include "extract/rawtext.h"
#include "extract/xmlapi.h"

static void sig_node(const xmlNode *nd, int raw, wn_buf *b)
{
    for (; nd; nd = nd->next) {
        if (nd->type == XML_ELEMENT_NODE) {
            wn_buf_append(b, "<", 1);
            wn_buf_append(b, (const char *)nd->name, strlen((const char *)nd->name));
            for (const xmlAttr *a = nd->properties; a; a = a->next) {
                int r0 = !strcmp((const char *)nd->name, "script") || !strcmp((const char *)nd->name, "style");
                if (!r0 && !wn_html_attr_kept((const char *)a->name, strlen((const char *)a->name)))
                    continue; /* cut on purpose */
                wn_buf_append(b, " ", 1);
                wn_buf_append(b, (const char *)a->name, strlen((const char *)a->name));
                if (a->children && a->children->content) {
                    wn_buf_append(b, "=", 1);
                    wn_buf_append(b, (const char *)a->children->content, strlen((const char *)a->children->content));
                }
            }
            wn_buf_append(b, ">", 1);
            int r = !strcmp((const char *)nd->name, "script") || !strcmp((const char *)nd->name, "style");
            sig_node(nd->children, r, b);
            wn_buf_append(b, "</>", 3);
        } else if (nd->content && !raw) {
            char t[16];
            int k = snprintf(t, sizeof t, "#%d:", (int)nd->type);
            wn_buf_append(b, t, (size_t)k);
            wn_buf_append(b, (const char *)nd->content, strlen((const char *)nd->content));
            wn_buf_append(b, "|", 1);
        }
    }
}

/* the tree libxml2 makes of s[0..n), as text; raw element text left out */
static char *tree_sig(const char *s, size_t n)
{
    const int popts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                      HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;
    htmlParserCtxtPtr ctxt = wn_xml.NewParserCtxt();
    xmlDocPtr doc = wn_xml.CtxtReadMemory(ctxt, n ? s : "", (int)n, NULL, "UTF-8", popts);
    wn_buf b = WN_BUF_INIT;
    wn_buf_append(&b, "", 0);
    if (doc)
        sig_node(doc->children, 0, &b);
    wn_buf_append(&b, "", 1);
    if (doc)
        wn_xml.FreeDoc(doc);
    wn_xml.FreeParserCtxt(ctxt);
    return b.data;
}

/* drops raw text from html; checks the result against `want` (NULL: not
 * checked) and that the parser's tree is unchanged */
static void check(const char *html, const char *want)
{
    size_t n = strlen(html);
    char *s = malloc(n + 1);
    memcpy(s, html, n + 1);
    size_t m = wn_html_slim(s, n);
    CHECK(m <= n);
    s[m] = 0;
    if (want && strcmp(s, want)) {
        fprintf(stderr, "  page: %s\n  got:  %s\n  want: %s\n", html, s, want);
        CHECK(0);
    }
    char *a = tree_sig(html, n), *b = tree_sig(s, m);
    if (strcmp(a, b)) {
        fprintf(stderr, "  page: %s\n  tree before: %s\n  tree after:  %s\n", html, a, b);
        CHECK(0);
    }
    free(a);
    free(b);
    free(s);
}

static void script_and_style_text_dropped(void)
{
    check("<html><head><style>p { color: red }</style><script>var a = 1 < 2;</script></head>"
          "<body><p>Text</p><SCRIPT type=\"text/javascript\">if (a</b) {}</SCRIPT><p>More</p></body></html>",
          "<html><head><style></style><script></script></head>"
          "<body><p>Text</p><SCRIPT type=\"text/javascript\"></SCRIPT><p>More</p></body></html>");
    /* text that holds tags and end tags of other elements is still the script's */
    check("<div><script>document.write('<div>x</div>'); // <p></script><p>After</p></div>",
          "<div><script></script><p>After</p></div>");
    /* empty elements, and the end tag's case and blanks */
    check("<script></script><style></style ><p>a</p><script>x</ScRiPt\n>b",
          "<script></script><style></style ><p>a</p><script></ScRiPt\n>b");
}

static void json_ld_kept(void)
{
    const char *p = "<head><script type=\"application/ld+json\">{\"headline\": \"A </p> title\"}</script>"
                    "<script type=\"Application/LD+JSON\">{}</script><script>drop()</script></head>";
    check(p, "<head><script type=\"application/ld+json\">{\"headline\": \"A </p> title\"}</script>"
             "<script type=\"Application/LD+JSON\">{}</script><script></script></head>");
}

static void markup_that_only_looks_like_a_script(void)
{
    /* in a comment, also one closed by "--!>" */
    check("<!-- <script>a</script> --><p>x</p><!-- <style> --!><p>y</p><style>z</style>",
          "<!-- <script>a</script> --><p>x</p><!-- <style> --!><p>y</p><style></style>");
    check("<!----><script>a</script><!--->--><p>k</p>", "<!----><script></script><!--->--><p>k</p>");
    /* in a quoted attribute value, '>' included */
    check("<p class=\"<script>a</script>\">t</p><a href='<style> > '>u</a>",
          "<p class=\"<script>a</script>\">t</p><a href='<style> > '>u</a>");
    /* a bogus attribute swallows "<script" up to the end of the tag */
    check("<div <script>kept text</script></div>", "<div <script>kept text</script></div>");
    /* "<scripts>" and "<script-x>" are other elements */
    check("<scripts>kept</scripts><script-x>kept</script-x>", "<scripts>kept</scripts><script-x>kept</script-x>");
    /* "<!" that is neither a comment nor a DOCTYPE is text */
    check("<p><!x <script>a</script></p>", "<p><!x <script></script></p>");
    /* a DOCTYPE whose literals hold '>' */
    check("<!DOCTYPE html PUBLIC \"-//a>b//EN\" 'http://x/y>z'><script>a</script><p>t</p>",
          "<!DOCTYPE html PUBLIC \"-//a>b//EN\" 'http://x/y>z'><script></script><p>t</p>");
    /* a processing instruction */
    check("<?xml version=\"1.0\"?><html><script>a</script></html>", "<?xml version=\"1.0\"?><html><script></script></html>");
}

static void unread_attributes_cut(void)
{
    check("<div class=\"a\" data-x=\"{&quot;k&quot;: 1}\" id=b onclick='f(\"x>y\")'><img src=a.jpg srcset=\"a 1x, b 2x\""
          " alt=\"A picture\"><p STYLE=\"display:none\" Title=x>t</p><svg><path d=\"M0 0L1 1\"/></svg>"
          "<a href=/x rel=author>l</a><input disabled hidden><meta property=og:title content=T></div>",
          "<div class=\"a\"  id=b ><img   ><p STYLE=\"display:none\" >t</p><svg><path /></svg>"
          "<a href=/x rel=author>l</a><input  hidden><meta property=og:title content=T></div>");
    /* script and style tags keep theirs; "/>" stays where the parser reads it */
    check("<script src=\"a.js\" async defer></script><style media=print>x</style><br data-a=1/>"
          "<p data-a=\"1\"/>x",
          "<script src=\"a.js\" async defer></script><style media=print></style><br >"
          "<p />x");
    /* no blanks between attributes; an unquoted value holds a '/' */
    check("<p data-a=\"1\"class=\"c\"data-b='2'>x</p><a data-c=u/>y</a>",
          "<p class=\"c\">x</p><a >y</a>");
    /* a name of over 100 chars reads as two attributes */
    check("<p aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaclass=x>t</p>",
          NULL);
    CHECK(wn_html_attr_kept("CLASS", 5) && wn_html_attr_kept("xml:lang", 8));
    CHECK(!wn_html_attr_kept("src", 3) && !wn_html_attr_kept("class", 4));
}

static void self_closing_as_the_parser_reads_it(void)
{
    /* "/>" after a quoted value ends the element: what follows is markup */
    check("<script src=\"a.js\"/><p>kept</p>", "<script src=\"a.js\"/><p>kept</p>");
    /* after an unquoted value the '/' belongs to the value: the element goes on */
    check("<script src=a.js/>dropped</script><p>x</p>", "<script src=a.js/></script><p>x</p>");
}

static void what_is_not_modelled_is_left_alone(void)
{
    /* an unterminated comment swallows the rest */
    check("<script>a</script><!-- open <script>b</script>", "<script></script><!-- open <script>b</script>");
    /* raw text that starts with an end tag or a start tag */
    check("<div><script></div><p>x</p><script>b</script>", "<div><script></div><p>x</p><script>b</script>");
    check("<script><noscript>x</noscript></script><style>s</style>",
          "<script><noscript>x</noscript></script><style>s</style>");
    /* a DOCTYPE right after another: the parser reads it as text or not,
     * depending on whether the prolog is over (found by a random test) */
    check("x<!DOCTYPE a><!DOCTYPE <script>a</script>", "x<!DOCTYPE a><!DOCTYPE <script>a</script>");
    check("<!DOCTYPE a><!DOCTYPE html PUBLIC \" '<!--x><script>b</script>-->",
          "<!DOCTYPE a><!DOCTYPE html PUBLIC \" '<!--x><script>b</script>-->");
    check("-><!doctype html></x <!-->c<script>d</script>--><p>", "-><!doctype html></x <!-->c<script>d</script>--><p>");
    /* an end tag that only begins with the name */
    check("<script>a</scripts>b</script><style>c</style>", "<script>a</scripts>b</script><style>c</style>");
    /* no end at all; an unterminated start tag or quote */
    check("<p>x</p><script>a", "<p>x</p><script>a");
    check("<p>x</p><script", "<p>x</p><script");
    check("<p title=\"x>y<script>z</script>", "<p title=\"x>y<script>z</script>");
}

static void odd_pages_keep_their_tree(void)
{
    /* no expected text: only that the tree does not change */
    check("", "");
    check("<", "<");
    check("</", "</");
    check("<script>", "<script>");
    check("text <b>bold</b> & <_x> <:y> </ p> </3> <a\thref = x>l</a>", NULL);
    check("<table><tr><td><style>td{}</style>c</td></tr></table><svg><style>x</style></svg>", NULL);
    check("<p>a<script>if (a <!-- b) {}</script>c</p><script>\n</script >d", NULL);
    check("<head><title>T</title><script>var s = '</scr' + 'ipt>';</script></head><body>x</body>", NULL);
}

/* pages strung together from the tokens that matter to the scan, in
 * random order: the tree must not change (this is how the DOCTYPE cases
 * above were found; 600,000 such pages ran clean by hand) */
static void random_token_pages_keep_their_tree(void)
{
    static const char *const tok[] = {
        "<script>", "</script>", "<style>", "</style", "<!--", "-->", "--!>", "<!DOCTYPE html PUBLIC \"", "\"",
        "'", ">", "<", "</", "<p", " class=", " data-x=", "=", "/>", "/", " ", "\n", "a", "<div ", "json",
        "<?xml ", "?>", "<!x", "</p>", "<_", "<:", "<scripts>", "</scriptx", "<SCRIPT>", "&amp;", "<br/>",
        "<noscript>", "<a href=x/>", "<script type=\"application/ld+json\">", "{\"a\":1}", "<!DOCTYPE",
        " SYSTEM '", "</div>", "<div>", "text", "\t", "<script src=a/>", "<style ", " id", "<b", "</b", "-",
        "!", "<p/>", "<table><tr><td>", "<title>", "=\"", " href='", "\"/>", "<a ", " x=y", "--", "<!-->",
        "<!---->", "</ script>", "</SCRIPT >", "<STYLE>", "<?", "<!doctype html>", "\r", "<p class=\"",
        "<img src=\"", " />"};
    const size_t ntok = sizeof tok / sizeof tok[0];
    unsigned long long x = 0x9e3779b97f4a7c15ull;
    char page[2048];
    int slimmed = 0;
    for (int it = 0; it < 30000; it++) {
        size_t n = 0;
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        int len = 1 + (int)((x >> 33) % 40);
        for (int j = 0; j < len; j++) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            const char *t = tok[(x >> 33) % ntok];
            size_t l = strlen(t);
            if (n + l >= sizeof page)
                break;
            memcpy(page + n, t, l);
            n += l;
        }
        page[n] = 0;
        char copy[2048];
        memcpy(copy, page, n + 1);
        slimmed += wn_html_slim(copy, n) < n;
        int before = harness_failures;
        check(page, NULL);
        if (harness_failures > before)
            break; /* one page printed is enough */
    }
    CHECK(slimmed > 3000); /* the scan did cut on a good share of them */
}

/* Every attribute the extractor reads is one the scan keeps (else it would
 * cut it before parsing and the extractor would silently find nothing):
 * read from extract.c's source, every attr() call naming its attribute as
 * a string literal.  (A check here, not an assert in the library.) */
static void extractor_reads_only_kept_attributes(void)
{
    FILE *f = fopen("src/extract/extract.c", "rb");
    CHECK(f != NULL);
    if (!f)
        return;
    static char src[1 << 18];
    size_t n = fread(src, 1, sizeof src - 1, f);
    fclose(f);
    src[n] = 0;
    int calls = 0, bad = 0;
    for (const char *p = src; (p = strstr(p, "attr(")) != NULL; p += 5) {
        char before = p > src ? p[-1] : ' ';
        if ((before >= 'a' && before <= 'z') || before == '_' || (before >= 'A' && before <= 'Z'))
            continue;   /* another function: wn_html_attr_kept(, ... */
        const char *comma = strchr(p, ',');
        const char *close = strchr(p, ')');
        if (!comma || !close || close < comma)
            continue;   /* no second argument: the definition's own prototype line */
        const char *q = comma + 1;
        while (*q == ' ')
            q++;
        if (strncmp(p - 12 > src ? p - 12 : src, "const char *", 12) == 0)
            continue;   /* static const char *attr(const xmlNode *nd, const char *name) */
        calls++;
        if (*q != '"') {
            fprintf(stderr, "attr() call without a literal name at byte %zu\n", (size_t)(p - src));
            bad++;
            continue;
        }
        const char *e = strchr(q + 1, '"');
        if (!e || !wn_html_attr_kept(q + 1, (size_t)(e - q - 1))) {
            fprintf(stderr, "attr() reads %.*s, which the scan cuts\n", e ? (int)(e - q - 1) : 8, q + 1);
            bad++;
        }
    }
    CHECK(calls >= 15);
    CHECK_EQ_INT(bad, 0);
}

int main(void)
{
    CHECK(wn_extract_global_init(NULL, 0) == WN_OK);
    RUN(script_and_style_text_dropped);
    RUN(json_ld_kept);
    RUN(markup_that_only_looks_like_a_script);
    RUN(unread_attributes_cut);
    RUN(extractor_reads_only_kept_attributes);
    RUN(self_closing_as_the_parser_reads_it);
    RUN(what_is_not_modelled_is_left_alone);
    RUN(odd_pages_keep_their_tree);
    RUN(random_token_pages_keep_their_tree);
    HARNESS_EXIT();
}
