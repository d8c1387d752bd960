/*
 * query.h — the query layer (query stage): user search syntax turned into a
 * safe FTS5 expression, ranking, date filters, snippets. The CLI, the JSON
 * API and the web UI all go through vl_search (veille.h).
 *
 * User syntax: words, "phrases", prefix*, AND, OR, NOT (upper case),
 * parentheses; juxtaposed terms are ANDed. Every term reaches FTS5 as a
 * quoted string, so no user text is ever read as FTS5 syntax. A plain query
 * of several words (no operators, quotes or stars) matches documents with
 * any of the words and ranks those holding more of them first; its
 * function words ("de", "la", data/query_skip.txt) are left out unless
 * nothing else is left, or unless they are part of a name: a run of words
 * that is a known person's name ("le minh hung", "bui thanh son") is one
 * phrase term, and a capitalised Vietnamese name syllable ("Lê", "Sơn") is
 * kept.
 *
 * Bounded work: a query holds at most VL_QUERY_MAX_TERMS words and phrases
 * (a term is a doclist walked for every matching row, and a snippet weighs
 * them all: 1,365 x "a*" took minutes); without operators, a term written
 * again is dropped first. A search that runs past its time limit is
 * stopped (vl_search_opts.time_limit_ms).
 */
#ifndef VL_QUERY_H
#define VL_QUERY_H

#include "buf.h"
#include "veille.h"

enum { VL_QUERY_MAX_TERMS = 64 };

/* Translates a user query into FTS5 syntax in out. *plain is set for a
 * plain multi-word query. Errors: VL_EQUERY with a message for users. */
vl_status vl_query_translate(const char *q, vl_buf *out, int *plain, vl_error *err);

/* The same, leaving the words of skip (folded with fold) out of a plain
 * query, but for names: those of persons known (person, given a folded
 * name "le minh hung", says whether the knowledge base has it; NULL: none
 * known), and the capitalised syllables of Vietnamese names (syllables:
 * family and given names, folded; NULL: none). */
typedef struct vl_fold_table vl_fold_table;
typedef struct vl_lexicon vl_lexicon;
typedef struct vl_query_words {
    const vl_lexicon *skip;
    const vl_fold_table *fold;
    const vl_lexicon *syllables; /* folded */
    int (*person)(void *user, const char *key, size_t n);
    void *user;
} vl_query_words;
vl_status vl_query_translate_words(const char *q, const vl_query_words *w, vl_buf *out,
                                   int *plain, vl_error *err);

#endif
