/*
 * tokenize.h — French word segmentation (tokenize stage).
 *
 * Splits valid UTF-8 into tokens with byte offsets, in one pass, without
 * copying. French rules:
 *   - elisions (l' d' qu' jusqu' ...; the list is data/elisions.txt) become
 *     tokens of their own, flagged VL_TOKF_ELISION, with ' or ’;
 *   - hyphenated words are split into their parts, each part after a hyphen
 *     flagged VL_TOKF_HYPHEN (so "vice-ministre" is "vice" + "ministre",
 *     and a later stage can join them again);
 *   - numbers and codes stay whole: "18-NQ/TW", "1.500", "2,5", "COVID-19",
 *     "n°4" gives "n" and "4"; a code is a run of letters and digits joined
 *     by - / . , that holds at least one digit (VL_TOK_CODE, or VL_TOK_NUMBER
 *     when it is digits only);
 *   - everything that is not a letter, mark or digit separates tokens; with
 *     emit_punct set, each punctuation character is a VL_TOK_PUNCT token of
 *     its own (except a hyphen or apostrophe joining two words).
 */
#ifndef VL_TOKENIZE_H
#define VL_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

#include "fold.h"
#include "lexicon.h"

typedef enum vl_tok_kind { VL_TOK_WORD, VL_TOK_NUMBER, VL_TOK_CODE, VL_TOK_PUNCT } vl_tok_kind;

enum {
    VL_TOKF_ELISION = 1, /* l' d' qu' ... (the token excludes the apostrophe) */
    VL_TOKF_HYPHEN = 2,  /* joined to the previous token by a hyphen */
    VL_TOKF_UPPER = 4,   /* starts with an upper-case letter */
};

typedef struct vl_token {
    size_t start, end; /* byte offsets, end exclusive */
    vl_tok_kind kind;
    unsigned flags;
} vl_token;

typedef struct vl_tokenizer {
    const unsigned char *p;
    size_t n, pos;
    const vl_lexicon *elisions; /* folded entries */
    const vl_fold_table *fold;
    int after_word; /* a word was returned: a hyphen may join the next */
    int emit_punct; /* return punctuation as tokens (extraction) */
} vl_tokenizer;

void vl_tok_init(vl_tokenizer *t, const char *text, size_t n, const vl_lexicon *elisions,
                 const vl_fold_table *fold);
/* Next token; returns 0 at the end of the text. */
int vl_tok_next(vl_tokenizer *t, vl_token *tok);

/* Whether a code point is part of words (letters, marks, digits). */
int vl_tok_is_word_cp(int32_t cp);

#endif
