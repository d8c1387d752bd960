/*
 * snippet.h — the snippet of a search hit (query stage).
 *
 * vl_snippet(fts, col, open, close, ellipsis, ntokens) answers what FTS5's
 * snippet() answers, the same text with the same marks, in time linear in
 * the row: snippet() scores a window at every match by walking every match
 * of the row, so a 5 MB dispatch holding 500,000 matches of "a*" took
 * minutes (and a server thread with it). Here the windows are scored by two
 * pointers over the matches in order. The choice is snippet()'s: for each
 * column (or the one asked), a window of ntokens tokens at each match, and
 * one at the start of the match's sentence (bonus 100, 120 at the text's
 * start); each first match of a phrase in a window counts 1,000, each
 * further one 1; the best score wins, the first of equals; the window is
 * centred on its matches. tests/unit/test_rank.c compares the two on every
 * row of its queries.
 */
#ifndef VL_SNIPPET_H
#define VL_SNIPPET_H

#include <sqlite3.h>

#include "veille.h"

/* Registers vl_snippet on a connection (FTS5 auxiliary function). */
vl_status vl_snippet_register(sqlite3 *db, vl_error *err);

#endif
