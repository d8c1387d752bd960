/*
 * ctx.h — the shared, read-only context (support for every stage).
 */
#ifndef VL_CTX_H
#define VL_CTX_H

#include "fold.h"
#include "lexicon.h"
#include "veille.h"

struct vl_ctx {
    size_t max_doc_bytes;
    char data_dir[1024];
    vl_fold_table fold;
    vl_lexicon elisions; /* folded: l d qu jusqu ... */
    vl_lexicon agencies; /* as written: VNA CVN ... */
};

#endif
