#include "extract/xmlapi.h"

#include "extract/xarena.h"

#include <dlfcn.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef WN_LIBXML2_SONAME
#define WN_LIBXML2_SONAME "libxml2.so.2"
#endif

wn_xmlapi wn_xml;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[256];

/* dlsym returns void *; converting it to a function pointer is what POSIX
 * requires to work, done through memcpy so that -Wpedantic accepts it. */
static int resolve(void *lib, const char *name, void *fnptr, size_t size)
{
    void *sym = dlsym(lib, name);
    if (!sym) {
        snprintf(load_error, sizeof load_error, "%s has no symbol %s", WN_LIBXML2_SONAME, name);
        return -1;
    }
    memcpy(fnptr, &sym, size);
    return 0;
}

#define RESOLVE(field, name) resolve(lib, name, &wn_xml.field, sizeof wn_xml.field)

static void load_once(void)
{
    /* WINNOW_LIBXML2 names another build of the library (a path or soname) */
    const char *name = getenv("WINNOW_LIBXML2");
    if (!name || !*name)
        name = WN_LIBXML2_SONAME;
    void *lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *e = dlerror();
        snprintf(load_error, sizeof load_error, "cannot load libxml2 (%s), which HTML parsing needs: %s", name,
                 e ? e : "unknown error");
        return;
    }
    void *var = dlsym(lib, "xmlFree");
    if (RESOLVE(InitParser, "xmlInitParser") || RESOLVE(NewParserCtxt, "htmlNewParserCtxt") ||
        RESOLVE(FreeParserCtxt, "htmlFreeParserCtxt") || RESOLVE(CtxtReadMemory, "htmlCtxtReadMemory") ||
        RESOLVE(DocGetRootElement, "xmlDocGetRootElement") ||
        RESOLVE(NodeGetContent, "xmlNodeGetContent") || RESOLVE(FreeDoc, "xmlFreeDoc") ||
        RESOLVE(InitGenericErrorDefaultFunc, "initGenericErrorDefaultFunc") ||
        RESOLVE(ResetLastError, "xmlResetLastError") || RESOLVE(MemSetup, "xmlMemSetup")) {
        return; /* Free stays NULL: not loaded.  The library stays open, harmless */
    }
    if (!var) {
        snprintf(load_error, sizeof load_error, "%s has no symbol xmlFree", WN_LIBXML2_SONAME);
        return;
    }
    /* before any allocation of the library's: every block it makes outside
     * a page comes from libc through the hooks, inside one from the arena */
    if (wn_xml.MemSetup(wn_xarena_hook_free, wn_xarena_hook_malloc, wn_xarena_hook_realloc,
                        wn_xarena_hook_strdup) != 0) {
        snprintf(load_error, sizeof load_error, "%s refused the allocation functions (xmlMemSetup)",
                 WN_LIBXML2_SONAME);
        return;
    }
    const char *const *version = dlsym(lib, "xmlParserVersion");
    wn_xml.slim = version && *version && !strncmp(*version, "209", 3) && strlen(*version) == 5;
    wn_xml.Free = var;
    wn_xml.InitParser();
}

wn_status wn_xmlapi_load(char *err, size_t errsize)
{
    pthread_once(&once, load_once);
    if (wn_xml.Free)
        return WN_OK;
    if (err && errsize)
        snprintf(err, errsize, "%s", load_error);
    return WN_ERR_IO;
}
