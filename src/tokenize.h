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

enum { VL_TC_LETTER = 1, VL_TC_DIGIT = 2, VL_TC_PUNCT = 4, VL_TC_END = 8 };
extern const uint8_t vl_tok_class[256];

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

/* Whether the folded word p[s:e] is an elided article or pronoun
 * (data/elisions.txt). */
int vl_tok_is_elision(const vl_tokenizer *t, size_t s, size_t e);

/* The length of the apostrophe at p[i] (' or ’), or 0. */
static inline size_t vl_tok_apostrophe(const vl_tokenizer *t, size_t i)
{
    if (i >= t->n) return 0;
    if (t->p[i] == '\'') return 1;
    return i + 2 < t->n && t->p[i] == 0xE2 && t->p[i + 1] == 0x80 && t->p[i + 2] == 0x99 ? 3 : 0;
}

/* Whether a word starts at p[i], as far as the fold table tells: 1 yes,
 * 0 no, -1 it cannot tell (a code point past the table, a bad byte). */
static inline int vl_tok_word_at(const vl_tokenizer *t, size_t i)
{
    if (i >= t->n) return 0;
    unsigned char c = t->p[i];
    if (c < 0x80) return vl_tok_ascii_letter(c) || (unsigned char)(c - '0') < 10;
    int32_t cp;
    vl_utf8_decode(t->p + i, t->n - i, &cp);
    if (cp < 0 || cp >= VL_FOLD_TABLE_SIZE) return -1;
    return (t->fold->flags[cp] & VL_CP_WORD) != 0;
}

/* Next token; returns 0 at the end of the text. Inline, the common cases
 * after plain spaces, or after the apostrophe that joins an elision to its
 * word: letters (ASCII, or any the fold table calls a word's), ended by
 * ASCII that neither continues the word nor may join it to more (not a
 * digit, hyphen, slash; a period or comma joins digits only), or by an
 * apostrophe (an elision when data/elisions.txt says so); digits alone,
 * ended the same way and by no period or comma; ASCII punctuation that can
 * join nothing (not a hyphen or an apostrophe), when asked for. Anything
 * else goes to vl_tok_next_slow, which gives the same tokens. */
static inline int vl_tok_next(vl_tokenizer *t, vl_token *tok)
{
    size_t i = t->pos;
    if (i >= t->n) return vl_tok_next_slow(t, tok);
    i += t->p[i] == ' '; /* one space, the usual, without a branch */
    while (i < t->n && t->p[i] == ' ') i++;
    if (i >= t->n) return vl_tok_next_slow(t, tok);
    unsigned char c = t->p[i];
    uint8_t cls = vl_tok_class[c];
    if (t->emit_punct && (cls & VL_TC_PUNCT)) {
        tok->start = i;
        tok->end = i + 1;
        tok->kind = VL_TOK_PUNCT;
        tok->flags = 0;
        t->pos = i + 1;
        t->after_word = 0;
        return 1;
    }
    /* "l’État": the apostrophe right after a word, before another, joins
     * them and is no token */
    if (i == t->pos && t->after_word && c >= 0x27) {
        size_t a = vl_tok_apostrophe(t, i);
        if (a && vl_tok_word_at(t, i + a) == 1) {
            i += a;
            c = t->p[i];
        }
    }
    size_t j;
    unsigned flags;
    if (vl_tok_class[c] & VL_TC_LETTER) {
        j = vl_tok_letters(t, i + 1);
        flags = c <= 'Z' ? VL_TOKF_UPPER : 0u;
    } else if (c >= 0x80) {
        int32_t cp;
        size_t k = vl_utf8_decode(t->p + i, t->n - i, &cp);
        if (cp < 0 || cp >= VL_FOLD_TABLE_SIZE || !(t->fold->flags[cp] & VL_CP_WORD))
            return vl_tok_next_slow(t, tok);
        j = vl_tok_letters(t, i + k);
        flags = (t->fold->flags[cp] & VL_CP_UPPER) ? VL_TOKF_UPPER : 0u;
    } else if ((unsigned char)(c - '0') < 10) {
        /* a number of digits alone: "2023", "15" */
        j = i + 1;
        while (j < t->n && (unsigned char)(t->p[j] - '0') < 10) j++;
        unsigned char d = j < t->n ? t->p[j] : ' ';
        if (d >= 0x80 || vl_tok_ascii_letter(d) || d == '-' || d == '/' || d == '.' ||
            d == ',' || d == '\'')
            return vl_tok_next_slow(t, tok);
        tok->start = i;
        tok->end = j;
        tok->kind = VL_TOK_NUMBER;
        tok->flags = 0;
        t->pos = j;
        t->after_word = 1;
        return 1;
    } else {
        return vl_tok_next_slow(t, tok);
    }
    /* letters with their marks within the word: "réunion", "Nguyễn" */
    while (j < t->n && t->p[j] >= 0x80) {
        int32_t cp;
        size_t k = vl_utf8_decode(t->p + j, t->n - j, &cp);
        if (!vl_tok_word_cp(t, cp)) break;
        j = vl_tok_letters(t, j + k);
    }
    unsigned char e = j < t->n ? t->p[j] : ' ';
    int ends = vl_tok_class[e] & VL_TC_END;
    if (e == '\'' || e >= 0x80) {
        /* what stopped the letters is no word's (the loop above): an
         * apostrophe makes an elision when a word follows it and the list
         * holds the word; ʼ (U+02BC) is left to the slow path */
        size_t a = vl_tok_apostrophe(t, j);
        if (a) {
            int w = vl_tok_word_at(t, j + a);
            if (w < 0) return vl_tok_next_slow(t, tok);
            if (w && vl_tok_is_elision(t, i, j)) flags |= VL_TOKF_ELISION;
        }
        ends = a || e != 0xCA;
    }
    if (ends) {
        tok->start = i;
        tok->end = j;
        tok->kind = VL_TOK_WORD;
        tok->flags = flags;
        t->pos = j;
        t->after_word = 1;
        return 1;
    }
    return vl_tok_next_slow(t, tok);
}

#endif
