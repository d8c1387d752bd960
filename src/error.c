/*
 * error.c — status names and the caller-owned error record.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const status_names[VL_STATUS_COUNT] = {
    [VL_OK] = "ok",
    [VL_EIO] = "input/output error",
    [VL_EUTF8] = "invalid UTF-8",
    [VL_ENUL] = "NUL byte",
    [VL_EBINARY] = "binary file",
    [VL_EEMPTY] = "empty input",
    [VL_ELIMIT] = "limit exceeded",
    [VL_EJSON] = "bad JSON",
    [VL_EDB] = "database error",
    [VL_EQUERY] = "bad query",
    [VL_EUSAGE] = "bad argument",
    [VL_ENOTFOUND] = "not found",
    [VL_EDATA] = "bad lexicon data",
    [VL_ESCHEMA] = "database schema too new",
};

const char *vl_version(void) { return VEILLE_VERSION; }

const char *vl_status_str(vl_status s)
{
    if ((unsigned)s >= VL_STATUS_COUNT) return "unknown status";
    return status_names[s];
}

void vl_error_clear(vl_error *err)
{
    if (!err) return;
    err->code = VL_OK;
    err->message[0] = 0;
    err->path[0] = 0;
    err->offset = -1;
    err->line = -1;
}

vl_status vl_error_set(vl_error *err, vl_status code, const char *path, int64_t offset,
                       int64_t line, const char *fmt, ...)
{
    if (!err) return code;
    err->code = code;
    err->offset = offset;
    err->line = line;
    snprintf(err->path, sizeof err->path, "%s", path ? path : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}
