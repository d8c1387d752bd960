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
#include "swar.h"

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
    size_t readable; /* bytes that may be read from p (>= n; vl_tok_init: n) */
    int after_word; /* a word was returned: a hyphen may join the next */
    int emit_punct; /* return punctuation as tokens (extraction) */
} vl_tokenizer;

void vl_tok_init(vl_tokenizer *t, const char *text, size_t n, const vl_lexicon *elisions,
                 const vl_fold_table *fold);
/* Whether a code point is part of words (letters, marks, digits). */
int vl_tok_is_word_cp(int32_t cp);

/* The same, through the fold table when it can. */
static inline int vl_tok_word_cp(const vl_tokenizer *t, int32_t cp)
{
    if (cp < VL_FOLD_TABLE_SIZE && cp >= 0) return t->fold->flags[cp] & VL_CP_WORD;
    return vl_tok_is_word_cp(cp);
}

/* Every token that is not a plain ASCII word after spaces (vl_tok_next). */
int vl_tok_next_slow(vl_tokenizer *t, vl_token *tok);

static inline int vl_tok_ascii_letter(unsigned char c)
{
    return (unsigned char)((c | 0x20) - 'a') < 26;
}

/* The end of the run of ASCII letters from j: eight bytes at a time where
 * eight can be read (a byte is a letter when, lower-cased, it lies in
 * a..z), so that a word's end costs one test, not one per letter. */
static inline size_t vl_tok_letters(const vl_tokenizer *t, size_t j)
{
    while (j + 8 <= t->readable) {
        uint64_t w = vl_swar_load(t->p + j);
        /* lower-cased, bit 7 cleared: a letter is in a..z, and was ASCII */
        uint64_t y = (w | VL_SWAR_ONES * 0x20) & ~VL_SWAR_HIGH;
        uint64_t letter = (y + VL_SWAR_ONES * (0x80 - 'a')) &
                          ~(y + VL_SWAR_ONES * (0x80 - 'z' - 1)) & ~w & VL_SWAR_HIGH;
        uint64_t stop = ~letter & VL_SWAR_HIGH;
        if (stop) {
            j += vl_swar_first(stop);
            return j < t->n ? j : t->n;
        }
        j += 8;
        if (j >= t->n) return t->n;
    }
    while (j < t->n && vl_tok_ascii_letter(t->p[j])) j++;
    return j;
}

/* Next token; returns 0 at the end of the text. Inline, the common cases
 * after plain spaces: ASCII letters, ended by ASCII that neither continues
 * the word nor may join it to more (not a digit, hyphen, slash or
 * apostrophe; a period or comma joins digits only); ASCII punctuation
 * that can join nothing (not a hyphen or an apostrophe), when asked for. */
static inline int vl_tok_next(vl_tokenizer *t, vl_token *tok)
{
    size_t i = t->pos;
    while (i < t->n && t->p[i] == ' ') i++;
    if (i < t->n && t->emit_punct) {
        unsigned char c = t->p[i];
        if (c > 0x20 && c < 0x7F && !vl_tok_ascii_letter(c) && (unsigned char)(c - '0') >= 10 &&
            c != '-' && c != '\'') {
            tok->start = i;
            tok->end = i + 1;
            tok->kind = VL_TOK_PUNCT;
            tok->flags = 0;
            t->pos = i + 1;
            t->after_word = 0;
            return 1;
        }
    }
    if (i < t->n && vl_tok_ascii_letter(t->p[i])) {
        size_t j = vl_tok_letters(t, i + 1);
        /* letters with their marks within the word: "réunion", "Nguyễn" */
        while (j < t->n && t->p[j] >= 0x80) {
            int32_t cp;
            size_t k = vl_utf8_decode(t->p + j, t->n - j, &cp);
            if (!vl_tok_word_cp(t, cp)) break;
            j = vl_tok_letters(t, j + k);
        }
        unsigned char c = j < t->n ? t->p[j] : ' ';
        if (c < 0x80 && (unsigned char)(c - '0') >= 10 && c != '-' && c != '/' && c != '\'') {
            tok->start = i;
            tok->end = j;
            tok->kind = VL_TOK_WORD;
            tok->flags = t->p[i] <= 'Z' ? VL_TOKF_UPPER : 0u;
            t->pos = j;
            t->after_word = 1;
            return 1;
        }
    }
    return vl_tok_next_slow(t, tok);
}

#endif
