/*
 * kb.h — the knowledge base (kb.c), for the ingest driver. The queries and
 * update/rebuild are public (veille.h).
 */
#ifndef VL_KB_H
#define VL_KB_H

#include <jansson.h>
#include <sqlite3.h>
#include <stddef.h>

#include "buf.h"
#include "mem.h"
#include "tenure.h"
#include "veille.h"

/* On a database that has no knowledge base yet, loads the overrides of the
 * context's data folder (kb_overrides.tsv), so that the first ingest applies
 * them as a rebuild would. */
vl_status vl_kb_init_overrides(vl_store *st, vl_error *err);

/* Empties the tables built from the facts, and the marks of what to
 * recompute, in the caller's transaction: before a rebuild, and before a
 * bulk load writes its own (kbload.h). */
vl_status vl_kb_clear(vl_store *st, vl_error *err);

/* The two halves of vl_kb_update: the persons of the new documents
 * (kb_new_e) added to the counts, those marked dirty counted again, then
 * the succession of the offices they touched (kb_touched keeps them until
 * it is settled, across a killed run). */
vl_status vl_kb_update_persons(vl_store *st, vl_error *err);
/* After a bulk load has written its aggregates (kbload.h): the persons
 * with an office whose country the text did not name and another office
 * with one are counted again, as an update counts them (the country of
 * their other titles). */
vl_status vl_kb_finish_bulk(vl_store *st, vl_error *err);
vl_status vl_kb_succession(vl_store *st, vl_error *err);

/* A holder of a single-holder office without a dated point of it (its
 * dates a bare year, "en 2019") has no tenure, and so no first and last
 * dates in kb_positions: in one office, or in every office (NULL). */
vl_status vl_kb_undated(sqlite3 *db, const char *office, vl_error *err);

/* Sets first_seen and last_seen of the office's positions in kb_positions
 * from all its points, sorted by ck then date (byte order; a point that
 * stands for a month sorts by its first date): what vl_kb_succession does
 * for each office it settles, from kb_points, and a bulk load from the
 * points it kept (kbload.h). */
vl_status vl_kb_settle_office(sqlite3 *db, const char *office, const vl_kb_point *pt, size_t n,
                              vl_error *err);

/* The person key a name stands for (the folded name, a written form, else
 * the entity whose key holds every word, the most documented first), into
 * key; 0 when nobody matches. */
int vl_kb_find_person(vl_store *st, const char *name, vl_buf *key);

/* Helpers of the query answers (kb.c, meet.c): a text column (NULL for
 * NULL), a JSON string or null, and an object dumped compact in key order
 * (taken; the caller frees the text). */
const char *vl_kb_col(sqlite3_stmt *q, int i);
json_t *vl_kb_jstr(const char *s);
char *vl_kb_dump(json_t *o);
/* Up to max pieces of evidence of a person (key), as [{"id","date","source",
 * "sentence"}]: the person's mentions, or with office its title facts in
 * that office, the most recently stored first. A new array, never NULL. */
json_t *vl_kb_evidence(sqlite3 *db, const char *key, const char *office, int max);
/* The evidence of a person in an office in the documents docs (0s and
 * repeats skipped), one piece per document, in their order: a title fact
 * giving the office as held (former 0) or as past (former 1), of the
 * person's key or a name merged into it. A new array, never NULL. */
json_t *vl_kb_evidence_docs(sqlite3 *db, const char *key, const char *office,
                            const int64_t *docs, size_t n, int former);
/* A person's positions for vl_kb_person (office.c): one per tenure of the
 * single-holder offices, one per office else. A new array. */
json_t *vl_office_positions(sqlite3 *db, const char *key);
/* The points of an office's succession (kb_points), sorted by holder then
 * date then kind, into *out (malloc'd; strings in arena a); their number. */
size_t vl_kb_points(sqlite3 *db, const char *office, vl_arena *a, vl_kb_point **out);
/* VL_EUSAGE when from or to (either may be NULL) is no date YYYY[-MM[-DD]]. */
vl_status vl_kb_date_range(const char *from, const char *to, vl_error *err);
/* Sets the text columns first, first + 1, ... of q as the string (or null)
 * members of o named in names, space-separated, in order; "-" skips a
 * column. */
void vl_kb_set_cols(json_t *o, sqlite3_stmt *q, int first, const char *names);

#endif
