/*
 * ctx.c — loading lexicons and options once, at start-up.
 */
#include "ctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

#ifndef VEILLE_DATADIR
#define VEILLE_DATADIR "data"
#endif

enum { DEFAULT_MAX_DOC = 8 * 1024 * 1024, HARD_MAX_DOC = 1024 * 1024 * 1024 };

vl_status vl_ctx_new(const vl_options *opt, vl_ctx **out, vl_error *err)
{
    vl_ctx *c = vl_calloc(1, sizeof *c);
    const char *dir = opt && opt->data_dir ? opt->data_dir : getenv("VEILLE_DATA");
    if (!dir || !*dir) dir = VEILLE_DATADIR;
    snprintf(c->data_dir, sizeof c->data_dir, "%s", dir);
    c->max_doc_bytes = opt && opt->max_doc_bytes ? opt->max_doc_bytes : DEFAULT_MAX_DOC;
    /* Offsets are kept in 32 bits inside a document. */
    if (c->max_doc_bytes > HARD_MAX_DOC) c->max_doc_bytes = HARD_MAX_DOC;
    vl_fold_table_init(&c->fold);
    vl_status st = vl_lexicon_load(&c->elisions, dir, "elisions.txt", err);
    if (!st) st = vl_lexicon_load(&c->agencies, dir, "agencies.txt", err);
    if (st) {
        vl_ctx_free(c);
        return st;
    }
    *out = c;
    return VL_OK;
}

void vl_ctx_free(vl_ctx *ctx)
{
    if (!ctx) return;
    vl_lexicon_free(&ctx->elisions);
    vl_lexicon_free(&ctx->agencies);
    free(ctx);
}

size_t vl_ctx_max_doc_bytes(const vl_ctx *ctx)
{
    return ctx->max_doc_bytes;
}
