#include "winnow.h"

const char *wn_strerror(wn_status status)
{
    switch (status) {
    case WN_OK: return "success";
    case WN_ERR_NOMEM: return "out of memory";
    case WN_ERR_ARG: return "invalid argument";
    case WN_ERR_IO: return "input/output error";
    case WN_ERR_FORMAT: return "malformed input";
    case WN_ERR_LIMIT: return "input over a configured limit";
    case WN_ERR_DATA: return "missing or corrupt data file";
    case WN_ERR_INTERNAL: return "internal error";
    }
    return "unknown status";
}

const char *wn_version(void)
{
    return WN_VERSION_STRING;
}
