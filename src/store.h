/*
 * store.h — the SQLite store (store stage). The public API is in veille.h;
 * this header gives the query module the connection and the context.
 *
 * Schema (version in PRAGMA user_version; migrations applied at open):
 *   documents  one row per distinct content (hash unique): stable id (uid),
 *              source, url, date, date_source, title, text as given, block
 *              layout, size
 *   skipped    inputs that could not be stored, with the reason
 *   doc_fts    FTS5 index (title, body, boiler) over the view fts_content,
 *              which rebuilds body and boilerplate from text and layout: the
 *              text is stored once
 *   doc_facts  one pack of facts per document (facts.h), fact_index the
 *              FTS5 index of their keys and offices, and facts the virtual
 *              table that reads them as rows (facttab.h)
 *   kb_*       the knowledge base (kb.h)
 */
#ifndef VL_STORE_H
#define VL_STORE_H

#include <sqlite3.h>

#include "buf.h"
#include "veille.h"

sqlite3 *vl_store_db(vl_store *st);
/* A PostgreSQL store's connection (pgtab.h), or NULL for a file. */
typedef struct vl_pg vl_pg;
vl_pg *vl_store_pg(vl_store *st);
/* Makes the full-text index again from the stored text (after the stems of
 * data/stem_overrides.tsv changed), inside the caller's transaction. */
vl_status vl_store_reindex(vl_store *st, vl_error *err);
/* The row id of the document vl_store_add stored last (0 before any). */
int64_t vl_store_last_id(const vl_store *st);
const vl_ctx *vl_store_ctx(vl_store *st);
/* A second connection to the same database, opened at the first call and
 * closed with st, so that a search can read on two threads; NULL (err set)
 * when it cannot be opened. */
vl_store *vl_store_twin(vl_store *st, vl_error *err);

/* The full-text tape of the document vl_store_add stores next (ingest
 * workers make them), or NULL; the caller keeps it alive until then. */
typedef struct vl_fts_tape vl_fts_tape;
void vl_store_set_tape(vl_store *st, const vl_fts_tape *tape);

/* The fact pack (facts.h) of the document vl_store_add stores next and
 * its index terms, made by an ingest worker, or NULL: the store packs the
 * document itself. */
void vl_store_set_pack(vl_store *st, const vl_buf *pack, const vl_buf *terms);

/* A document's events as the store writes them, one JSON array per event:
 * [type, date, place, start, end, sentence start, sentence end, persons]
 * (offsets in bytes of the original text, persons the JSON array of the
 * events.persons column), all in one JSON array appended to out. */
vl_status vl_store_events_json(const vl_doc *d, vl_buf *out);

/* The events of the document vl_store_add stores next, as
 * vl_store_events_json wrote them (checked by the caller: vl_load), or
 * NULL: the store takes the document's own. A loaded document (vl_load)
 * has no extraction of its own: its events and facts come from here and
 * from vl_store_set_pack. */
typedef struct json_t json_t;
void vl_store_set_events(vl_store *st, const json_t *events);

/* A bulk load: when no facts are stored, the knowledge-base marks are
 * skipped (*bulk = 1) until vl_store_bulk_finish, which marks everything
 * for vl_kb_update, in the caller's transaction, when mark is set (not
 * when the caller builds the knowledge base itself, kbload.h). The load
 * keeps a mark in store_state meanwhile: a connection that finds it after
 * a killed load marks everything. The database uses a rollback journal
 * until vl_store_bulk_done, called after the last commit, brings the WAL
 * back; into an empty database, commits do not sync until
 * vl_store_bulk_finish. Call vl_store_bulk_start outside a transaction. */
vl_status vl_store_bulk_start(vl_store *st, int *bulk, vl_error *err);
vl_status vl_store_bulk_finish(vl_store *st, int mark, vl_error *err);
void vl_store_bulk_done(vl_store *st);

/* Marks every person and entity of the facts for vl_kb_update, in the
 * caller's transaction. */
vl_status vl_store_mark_all(vl_store *st, vl_error *err);
/* Reads every stored document again and writes its events (with
 * the events table emptied first), inside the caller's transaction. Does
 * nothing with a context that cannot extract. */
vl_status vl_store_fill_events(vl_store *st, vl_error *err);

/* A writer's transaction, its write lock taken at once (BEGIN IMMEDIATE;
 * on PostgreSQL, vl_store_begin). */
vl_status vl_store_begin_write(vl_store *st, vl_error *err);

/* Sets err from the connection's last error, prefixed by what failed. */
vl_status vl_store_fail(vl_store *st, vl_error *err, const char *what);

#endif
