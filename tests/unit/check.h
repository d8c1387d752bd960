/*
 * check.h — a minimal test harness: CHECK records a failure with its line
 * and goes on; the runner prints "N passed, N failed" at the end.
 */
#ifndef VEILLE_CHECK_H
#define VEILLE_CHECK_H

#include <stdio.h>
#include <string.h>

extern int check_failures; /* failures in the current test */

#define CHECK(cond)                                                                       \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);     \
            check_failures++;                                                             \
        }                                                                                 \
    } while (0)

#define CHECK_STR(got, want)                                                              \
    do {                                                                                  \
        const char *g_ = (got), *w_ = (want);                                             \
        if (!g_ || !w_ || strcmp(g_, w_) != 0) {                                          \
            fprintf(stderr, "  %s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__,      \
                    g_ ? g_ : "(null)", w_ ? w_ : "(null)");                              \
            check_failures++;                                                             \
        }                                                                                 \
    } while (0)

#define CHECK_INT(got, want)                                                              \
    do {                                                                                  \
        long long g_ = (long long)(got), w_ = (long long)(want);                          \
        if (g_ != w_) {                                                                   \
            fprintf(stderr, "  %s:%d: %s = %lld, want %lld\n", __FILE__, __LINE__, #got,   \
                    g_, w_);                                                              \
            check_failures++;                                                             \
        }                                                                                 \
    } while (0)

#endif
