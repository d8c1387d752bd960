/*
 * memstore.h — the database in memory the store-side fuzz targets share
 * (query, fts, load): the context and the store, opened at the first call
 * and kept for the whole run; abort() when they cannot be.
 */
#ifndef VEILLE_FUZZ_MEMSTORE_H
#define VEILLE_FUZZ_MEMSTORE_H

#include <stdlib.h>

#include "veille.h"

static inline vl_store *fuzz_store(void)
{
    static vl_ctx *ctx;
    static vl_store *st;
    if (!ctx && (vl_ctx_new(NULL, &ctx, NULL) != VL_OK || vl_store_open(ctx, ":memory:", &st, NULL) != VL_OK))
        abort();
    return st;
}

#endif
