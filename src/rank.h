/*
 * rank.h — ranking of full-text matches (query stage).
 *
 * vl_rank(doc_fts, w0, w1, ...) is FTS5's bm25() with per-column weights,
 * the same formula computed in the same order, so it returns the same
 * doubles. What differs is where a row's length comes from: bm25() asks
 * FTS5 for it (a lookup in %_docsize per row, which cost more than the rest
 * of the score together when a query matches most of the table); vl_rank
 * reads it from a table of every row's length, loaded at once when a
 * statement's most common phrase is in more than a third of the rows, and
 * kept while the database is unchanged (SQLite's data version, checked by
 * each statement). A row the table does not know falls back to FTS5's
 * lookup, so the score never depends on the cache.
 *
 * vl_rank_top adds, for a plain query (`plain`: words typed without
 * operators), two things bm25 does not see:
 * - words of the query found next to each other: each pair of words
 *   adjacent in the query counts as one more term when the second follows
 *   the first within VL_RANK_NEAR positions of the same column ("dialogue
 *   politique de défense", "mer Orientale"): its IDF the smaller of its two
 *   words', its frequency the places it occurs (weighted by column),
 *   saturated as bm25 saturates a word's;
 * - how many of the query's words the row holds: each one VL_RANK_HELD
 *   times the mean IDF of the query's words. A row holding every word
 *   usually comes first, but a row about the subject that lacks a common
 *   word ("politique") or says it otherwise can pass one that names every
 *   word in passing. Scaled by the IDFs, the weight means the same in an
 *   archive of a hundred dispatches and of a million.
 */
#ifndef VL_RANK_H
#define VL_RANK_H

#include <sqlite3.h>

#include "veille.h"

typedef struct vl_rank_cache vl_rank_cache;

vl_rank_cache *vl_rank_cache_new(void);
void vl_rank_cache_free(vl_rank_cache *c);

/* Registers vl_rank and vl_rank_top on a connection, for the FTS5 table
 * `fts` (its lengths are read from fts_docsize); the cache must outlive the
 * connection. */
vl_status vl_rank_register(sqlite3 *db, vl_rank_cache *c, const char *fts, vl_error *err);

/* vl_rank_top(fts, top, counted, w0, w1, ...) ranks in one pass: for each
 * row where `counted` is true it computes the score (vl_rank's, positive)
 * and how many of the query's phrases the row holds, counts the row, and
 * keeps the `want` best rows; it returns 1. `top` is a vl_rank_top bound
 * with sqlite3_bind_pointer(..., "vl_rank_top", NULL). This replaces a
 * count and an ORDER BY ... LIMIT, which sorted every match. */
typedef struct vl_rank_hit {
    int64_t rowid;
    double score;
    int held;
} vl_rank_hit;

enum { VL_RANK_DF = 8, VL_RANK_NEAR = 3 };
#define VL_RANK_HELD 0.75

typedef struct vl_rank_top {
    size_t want; /* rows to keep: offset + limit */
    int plain;   /* score words held and found together (above) */
    int64_t rows; /* rows counted */
    int nphrase; /* the query's phrases, */
    int64_t df[VL_RANK_DF]; /* and the rows of the table holding each of the first ones */
    vl_rank_hit *hit; /* the kept rows; best first after vl_rank_top_finish */
    size_t n, cap;
} vl_rank_top;

/* Orders the kept rows best first: higher score, lower row id, as ORDER BY
 * score DESC, rowid would. */
void vl_rank_top_finish(vl_rank_top *t);
void vl_rank_top_free(vl_rank_top *t);
/* Adds what `from` counted and kept to `into` (two halves of a table). */
void vl_rank_top_merge(vl_rank_top *into, const vl_rank_top *from);

#endif
