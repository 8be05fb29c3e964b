/* rawtext.h: drop the text of <script> and <style> elements, and the
 * attributes the extractor does not read, before parsing.
 *
 * Scripts and style sheets were 40-53% of the bytes of the two benchmark
 * sets; libxml2 reads them a character at a time and stores them as text
 * nodes, which the extractor then ignores (it reads only JSON-LD scripts).
 * wn_html_slim() removes that text from the page, in place, before
 * libxml2 sees it, so that the parser builds the same tree less the text
 * inside those elements.  Attributes were two thirds of the rest, parsed a
 * character at a time too; those the extractor never asks for (src,
 * srcset, data-*, onclick, SVG paths...) are cut from start tags, except
 * in script and style tags, which keep theirs.
 *
 * To remove only what libxml2 2.9's HTML parser (in recover mode) would take
 * as the text of a script or style element, the scan follows its tokenizer:
 * comments (ending at "-->" or "--!>"), processing instructions, DOCTYPE
 * with its quoted literals, end tags, start tags with their attributes (a
 * quoted value may hold '<' and '>'), and the element's text up to "</"
 * and its name.  A script whose start tag mentions "json" keeps its text
 * (JSON-LD metadata).  Where the parser would do something the scan does
 * not model (an unterminated comment, literal or tag, raw text that starts
 * with markup, an end tag that only begins with the element's name), the
 * scan stops and leaves the rest of the page as it is.  The model is of
 * libxml2 2.9 (Debian 12's 2.9.14, read from its source); the extractor
 * slims a page only when the loaded library says it is 2.9.x (wn_xml.slim),
 * since later versions changed the tokenizer (2.14 follows HTML5). */
#ifndef WN_EXTRACT_RAWTEXT_H
#define WN_EXTRACT_RAWTEXT_H

#include <stddef.h>

/* Returns the new length (<= n); s[0..n) must hold no NUL byte. */
size_t wn_html_slim(char *s, size_t n);

/* Whether an attribute of that name is kept by wn_html_slim (the ones the
 * extractor reads); case-insensitive. */
int wn_html_attr_kept(const char *name, size_t len);

#endif
