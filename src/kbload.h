/*
 * kbload.h — the knowledge base of a bulk load, aggregated in memory
 * (store stage).
 *
 * When an ingest starts on a database without facts, every person and
 * entity it stores is new, and the knowledge base is a function of this
 * run's documents alone. Instead of recomputing it at the end in SQL over
 * the facts just written (kb.c's update script, the slowest part of such a
 * load), the writer hands each stored document's extraction here, and the
 * tables are written once at the end: kb_persons, kb_aliases,
 * kb_positions, kb_titles, kb_entities, kb_entity_aliases, kb_touched and
 * kb_points, row for row what the update script gives
 * (tests/cli/t_kb_bulk.sh checks it against `veille rebuild`). The
 * succession of offices is settled from the points kept here too
 * (vl_kbload_succession), as vl_kb_succession settles it from kb_points
 * after an update.
 *
 * Overrides (kb_keymap, kb_split, kb_prefer) are read at the start, as the
 * script reads them. Memory grows with the distinct persons, offices and
 * names, not with the documents; past a bound the ingest gives the
 * aggregates up and the SQL builds the base (ingest.c).
 */
#ifndef VL_KBLOAD_H
#define VL_KBLOAD_H

#include "doc.h"
#include "store.h"

typedef struct vl_kbload vl_kbload;

/* Reads the overrides of st's database. Errors: VL_EDB. */
vl_status vl_kbload_new(vl_store *st, vl_kbload **out, vl_error *err);
/* One stored document (once per document, as stored). */
void vl_kbload_add(vl_kbload *kl, const vl_doc *doc, int64_t id);
/* Bytes the aggregates hold, about: a caller bounds them by giving up
 * (vl_kbload_free) and letting kb.c's SQL build the knowledge base. */
size_t vl_kbload_bytes(const vl_kbload *kl);
/* Replaces the knowledge-base tables by the aggregates, inside the
 * caller's transaction. Errors: VL_EDB. */
vl_status vl_kbload_write(vl_kbload *kl, vl_store *st, vl_error *err);
/* After vl_kbload_write: the succession of every office touched, as
 * vl_kb_succession computes it, from the points kept. Errors: VL_EDB. */
vl_status vl_kbload_succession(vl_kbload *kl, vl_store *st, vl_error *err);
void vl_kbload_free(vl_kbload *kl);

#endif
