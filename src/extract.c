/*
 * extract.c — the extraction stage. Produces no mentions yet: the
 * extraction issue builds it on the tokens of tokenize.c and the lexicons.
 */
#include "extract.h"

void vl_extract_run(const vl_ctx *ctx, vl_arena *arena, const vl_view *view,
                    const vl_structure *st, vl_mentions *out)
{
    (void)ctx;
    (void)arena;
    (void)view;
    (void)st;
    out->items = NULL;
    out->count = 0;
}
