/*
 * structure.h — the parts of a dispatch (structure stage).
 *
 * From the analysis view, finds the header date (" date 2023-04", possibly
 * running on into the first line of text), the headline, the dateline
 * ("Hanoï (VNA) –"), body paragraphs and sub-headings, photo captions
 * ("… Photo : VNA"), related-article lines (">> …") and the agency
 * signature at the end ("– VNA", "-VNA", "VNA/CVN", on its own line or glued
 * to the last sentence). Boilerplate is kept and marked, not removed.
 * Agency names come from data/agencies.txt.
 */
#ifndef VL_STRUCTURE_H
#define VL_STRUCTURE_H

#include "lexicon.h"
#include "mem.h"
#include "normalize.h"
#include "veille.h"

typedef struct vl_vrange {
    size_t s, e; /* view offsets of a block */
} vl_vrange;

typedef struct vl_structure {
    vl_block *blocks; /* in the arena, original offsets, text order */
    vl_vrange *vblocks; /* the same blocks in view offsets */
    size_t nblocks;
    char header_date[11]; /* "" when there is no header */
    char stamp_date[11];  /* without a header, a publication stamp in the first
                           * lines ("30/12/2019 22:32"), else "" */
    int has_title;        /* blocks include a VL_BLOCK_TITLE */
} vl_structure;

/* What structure reads: the agency names as written (VNA, CVN, ...), the
 * openings of lead sentences (folded, data/lead_openers.txt) and the fold
 * table. */
typedef struct vl_fold_table vl_fold_table;
typedef struct vl_structure_words {
    const vl_lexicon *agencies;
    const vl_lexicon *lead;
    const vl_fold_table *fold;
} vl_structure_words;

/* Splits the document whose view is `view` into blocks. */
void vl_structure_parse(vl_arena *arena, const vl_view *view, const vl_structure_words *w,
                        vl_structure *out);

/* Whether s[0:n] opens like a lead sentence, not a headline ("C'est ce
 * qu'a déclaré ..."): its first words, folded, are an entry of lead. */
int vl_structure_lead(const vl_structure_words *w, const char *s, size_t n);

/* Whether s is a valid date argument or header: YYYY, YYYY-MM, YYYY-MM-DD
 * with month 01-12 and day 01-31; returns its length class (4, 7, 10) or 0. */
int vl_structure_date_len(const char *s, size_t n);

#endif
