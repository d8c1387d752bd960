/*
 * tokens.h — a document's tokens and sentences for extraction (tokenize
 * stage).
 *
 * Runs the word tokenizer (with punctuation) over the analysis view, block
 * by block, and records for each token its folded form and what the
 * extractors ask of it again and again: capitalised, all capitals, an
 * ordinary French word (Debian's wfrench list), the start of a sentence.
 * Sentences end at . ! ? … followed by a capital (glued "adjoint.Il" too),
 * except after an abbreviation (data/abbreviations.txt) or an initial, and
 * at every block boundary.
 */
#ifndef VL_TOKENS_H
#define VL_TOKENS_H

#include <stddef.h>
#include <stdint.h>

#include "ctx.h"
#include "mem.h"
#include "normalize.h"
#include "structure.h"
#include "tokenize.h"

enum {
    VL_XT_UPPER = 1,       /* starts with a capital */
    VL_XT_ALLCAPS = 2,     /* two letters or more, all capitals: ONU */
    VL_XT_FRENCH = 4,      /* an ordinary French word, in lower case */
    VL_XT_SENT_START = 8,  /* first token of a sentence */
    VL_XT_ELISION = 16,    /* l' d' qu' ... */
    VL_XT_HYPHEN = 32,     /* joined to the previous token by a hyphen */
    VL_XT_SPACE_AFTER = 64, /* followed by white space */
    VL_XT_ENGLISH = 128     /* an ordinary English word, in lower case */
};

/* 32 bytes: a long document holds a million of them, and every pass of
 * the extract stage reads them all. */
typedef struct vl_xtok {
    uint32_t s, e;     /* view byte offsets */
    const char *fold;  /* folded text, NUL-terminated (arena) */
    uint32_t hash;     /* vl_token_hash(fold), its low half: word lists and filters */
    uint32_t sent;     /* sentence number */
    uint16_t flen;
    uint16_t block;    /* index of the structure block */
    uint16_t flags;    /* VL_XT_* */
    uint8_t kind;      /* vl_tok_kind */
    uint8_t punct;     /* the ASCII punctuation character, or 0 */
} vl_xtok;

typedef struct vl_toks {
    vl_xtok *t; /* arena */
    size_t n;
    size_t nsent;
    uint32_t *first; /* per sentence, its first token; first[nsent] = n (arena).
                        A sentence may be empty (a block without tokens). */
    uint64_t *hash; /* per token, vl_token_hash(fold) whole, for phrase
                       hashes (gazetteer.h) (arena) */
    uint8_t *cls;   /* per token, what the passes over every token test
                       first, one byte each (a token is 32): its kind
                       (VL_XC_KIND) and VL_XC_UPPER, VL_XC_ALLCAPS (arena) */
} vl_toks;

/* The bits of vl_toks.cls. */
enum { VL_XC_KIND = 3, VL_XC_UPPER = 4, VL_XC_ALLCAPS = 8 };

/* Tokenizes the blocks of a document (all kinds but the header). */
void vl_toks_build(const vl_ctx *ctx, vl_arena *arena, const vl_view *view,
                   const vl_structure *st, vl_toks *out);

/* Whether token i's folded form equals the ASCII word w. */
static inline int vl_xt_is(const vl_toks *tk, size_t i, const char *w)
{
    if (i >= tk->n) return 0;
    const char *f = tk->t[i].fold;
    size_t k = 0;
    for (; w[k]; k++)
        if (f[k] != w[k]) return 0;
    return f[k] == 0;
}

#endif
