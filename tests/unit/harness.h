/* harness.h: a tiny unit-test harness.  Each test binary prints one
 * "ok NAME" or "FAIL NAME" line per test; tests/run.sh counts them. */
#ifndef WN_HARNESS_H
#define WN_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_failures;   /* failed checks in the current test */
static int harness_failed_tests;

#define CHECK(cond) do { \
    if (!(cond)) { \
        fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
        harness_failures++; \
    } } while (0)

#define CHECK_EQ_INT(a, b) do { \
    long long ha_ = (long long)(a), hb_ = (long long)(b); \
    if (ha_ != hb_) { \
        fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, #a, ha_, #b, hb_); \
        harness_failures++; \
    } } while (0)

#define CHECK_STR(a, b) do { \
    const char *ha_ = (a), *hb_ = (b); \
    if (!ha_ || !hb_ || strcmp(ha_, hb_) != 0) { \
        fprintf(stderr, "%s:%d: %s\n  got:      \"%s\"\n  expected: \"%s\"\n", __FILE__, __LINE__, #a, \
                ha_ ? ha_ : "(null)", hb_ ? hb_ : "(null)"); \
        harness_failures++; \
    } } while (0)

#define RUN(test) do { \
    harness_failures = 0; \
    test(); \
    printf("%s %s\n", harness_failures ? "FAIL" : "ok", #test); \
    if (harness_failures) harness_failed_tests++; \
    fflush(stdout); \
    } while (0)

#define HARNESS_EXIT() return harness_failed_tests ? 1 : 0

#endif
