/* lasterror.h: the message behind the last failed wn_*_new() of a thread. */
#ifndef WN_LASTERROR_H
#define WN_LASTERROR_H

void wn_set_last_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
