/*
 * error.h — filling a caller's vl_error (support for every stage).
 */
#ifndef VL_ERROR_H
#define VL_ERROR_H

#include "veille.h"

/* Sets err (if not NULL) and returns code, so that a failure reads
 * `return vl_error_set(err, VL_EUTF8, path, off, -1, "invalid UTF-8 at byte %lld", off);` */
vl_status vl_error_set(vl_error *err, vl_status code, const char *path, int64_t offset,
                       int64_t line, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

#endif
