/* libxml2, opened on first use of the HTML extractor.
 *
 * Debian's libxml2 links ICU and, through it, libstdc++: loading them costs
 * every process about 1 ms of start-up (relocations and libstdc++'s static
 * constructors), 5% of a short `winnow langid` run that never parses HTML.
 * So the library is not linked: the extractor calls it through this table,
 * filled by dlopen() of the soname the build found (WN_LIBXML2_SONAME). */
#ifndef WN_EXTRACT_XMLAPI_H
#define WN_EXTRACT_XMLAPI_H

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stddef.h>

#include "winnow.h"

typedef struct wn_xmlapi {
    void (*InitParser)(void);
    htmlParserCtxtPtr (*NewParserCtxt)(void);
    void (*FreeParserCtxt)(htmlParserCtxtPtr ctxt);
    htmlDocPtr (*CtxtReadMemory)(htmlParserCtxtPtr ctxt, const char *buf, int size, const char *url,
                                 const char *encoding, int options);
    xmlNodePtr (*DocGetRootElement)(const xmlDoc *doc);
    xmlChar *(*NodeGetContent)(const xmlNode *node);
    void (*FreeDoc)(xmlDocPtr doc);
    void (*InitGenericErrorDefaultFunc)(xmlGenericErrorFunc *handler);
    void (*ResetLastError)(void);
    int (*MemSetup)(xmlFreeFunc f, xmlMallocFunc m, xmlReallocFunc r, xmlStrdupFunc s);
    xmlFreeFunc *Free; /* libxml2's variable xmlFree */
    /* 1 when the library is 2.9.x, whose HTML tokenizer extract/rawtext.c
     * follows: only then is the page slimmed before parsing */
    int slim;
} wn_xmlapi;

/* The table, after a successful wn_xmlapi_load(). */
extern wn_xmlapi wn_xml;

/* Opens libxml2 and resolves the table once (thread-safe), installs the
 * allocation hooks of extract/xarena.h (xmlMemSetup), then runs
 * xmlInitParser.  WN_ERR_IO with a message naming the library and the
 * missing symbol when it cannot be loaded. */
wn_status wn_xmlapi_load(char *err, size_t errsize);

#endif
