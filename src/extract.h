/*
 * extract.h — mentions of persons, titles, organisations, places, dates,
 * amounts, quotes and events (extract stage).
 *
 * The stage's place in the pipeline: it reads the analysis view and the
 * structure and produces mentions. Today it produces none; the extraction
 * issue fills it in behind this interface.
 */
#ifndef VL_EXTRACT_H
#define VL_EXTRACT_H

#include "ctx.h"
#include "mem.h"
#include "normalize.h"
#include "structure.h"

typedef struct vl_mention {
    int kind;          /* person, title, place, ... (to come) */
    size_t start, end; /* original byte offsets */
} vl_mention;

typedef struct vl_mentions {
    vl_mention *items; /* in the document's arena */
    size_t count;
} vl_mentions;

/* Finds the mentions of one document; everything lives in arena. */
void vl_extract_run(const vl_ctx *ctx, vl_arena *arena, const vl_view *view,
                    const vl_structure *st, vl_mentions *out);

#endif
