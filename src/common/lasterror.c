#include "lasterror.h"

#include <stdarg.h>
#include <stdio.h>

#include "winnow.h"

static _Thread_local char last_error[512];

void wn_set_last_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
}

const char *wn_last_error(void)
{
    return last_error;
}
