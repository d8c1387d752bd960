/*
 * facttab.h — the facts table of the store, read from packs (store stage).
 *
 * Facts are stored one pack per document (facts.h) in doc_facts, and their
 * keys and offices in fact_index, an FTS5 table (detail=none, content-less)
 * whose tokenizer "veille_keys" takes each line of its text as one term.
 * Storing a document is then two rows, not one per fact, and no index of
 * facts is built after a load.
 *
 * The virtual table module "veille_facts" (the store's `facts` table)
 * shows the packs as the rows they hold, with the columns doc_id, kind,
 * key, name, value, status, num, start, end, office; SQL reads them as it
 * would a table. A query that fixes doc_id reads that document's pack; one
 * that fixes kind and key (person, title, org, place), or office, reads the
 * packs of the documents the fact index gives; anything else reads every
 * pack. Rows come in document order (ascending or descending, as the query
 * asks), each document's facts in pack order (reversed when descending).
 * The table is read-only: the store writes packs.
 */
#ifndef VL_FACTTAB_H
#define VL_FACTTAB_H

#include <sqlite3.h>

#include "veille.h"

/* Registers the tokenizer and the module on a connection. index_has_packs:
 * the connection's fact_index gives each document's pack in a column
 * "facts" with its row id (a PostgreSQL store's, pgtab.h), read in one
 * query instead of a join on doc_facts. */
vl_status vl_facttab_register(sqlite3 *db, int index_has_packs, vl_error *err);

#endif
