/*
 * pgtab.h — a veille store kept in PostgreSQL (store stage).
 *
 * veille's queries, its knowledge base and its writer are SQL run by
 * SQLite. A PostgreSQL store keeps the tables in PostgreSQL and lets that
 * same SQL run over them: the connection is an in-memory SQLite database
 * whose tables are shadowed (same names, in the temp schema) by virtual
 * tables of the module "veille_pg", each a PostgreSQL table. A query's
 * equality and range constraints are sent to PostgreSQL (its indexes
 * answer them); SQLite does the rest, so a query gives on PostgreSQL what
 * it gives on a file.
 *
 * Writes: rows inserted through the virtual tables are sent by COPY in
 * batches, in one PostgreSQL transaction per SQLite transaction; new
 * ids are counted by the writer, which holds an advisory lock (one writer
 * at a time; readers never wait). The knowledge-base tables are derived
 * and updated by the SQL of kb.c, which needs upserts that virtual tables
 * do not take: a writer works on local copies of them, read from
 * PostgreSQL when it opens and written back whole, in the same
 * transaction as the documents, when they changed.
 *
 * PostgreSQL holds text in the "C" collation: its order is SQLite's.
 */
#ifndef VL_PGTAB_H
#define VL_PGTAB_H

#include <sqlite3.h>

#include "veille.h"

typedef struct vl_pg vl_pg;

/* Whether a --db argument names a PostgreSQL store (postgresql:// or
 * postgres://, a libpq connection URI). */
int vl_pg_is_url(const char *s);

/* Connects; a writer takes the store's advisory lock (waiting for another
 * writer) and creates the tables when missing. Errors: VL_EDB. */
vl_status vl_pg_connect(const char *url, int writer, vl_pg **out, vl_error *err);
void vl_pg_free(vl_pg *pg);

/* Shadows db's tables by PostgreSQL's: every table (a reader), or the
 * documents' side, the knowledge base copied into db's own tables (a
 * writer: db holds veille's schema). Errors: VL_EDB. */
vl_status vl_pg_attach(vl_pg *pg, sqlite3 *db, vl_error *err);

/* A transaction of the store: BEGIN on both sides; at commit the rows
 * waiting are sent, the knowledge base written back when it changed, then
 * both commit. Errors: VL_EDB. */
vl_status vl_pg_begin(vl_pg *pg, sqlite3 *db, vl_error *err);
vl_status vl_pg_commit(vl_pg *pg, sqlite3 *db, vl_error *err);
void vl_pg_rollback(vl_pg *pg, sqlite3 *db);

/* Imports a whole store made in a local SQLite database (the same
 * schema) into an empty PostgreSQL store, in one transaction: every
 * table, the fact index's terms and each document's lexemes. A load into
 * an empty store goes this way (ingest.c): a load is then a local load
 * and one COPY per table, not a query per row. Errors: VL_EDB. */
vl_status vl_pg_import(vl_pg *pg, sqlite3 *local, vl_error *err);

/* A search in PostgreSQL's full-text index (doc_tsv: veille's lexemes of
 * each document in a tsvector, title A, body B, boilerplate D): match an
 * FTS5 expression of vl_query_translate, turned into a tsquery through the
 * same analysis; dates filtered as vl_search filters them; ranked by
 * ts_rank with veille's column weights (by_date: newest first). */
typedef struct vl_pg_query {
    const char *match, *from, *to;
    int undated, by_date, limit, offset, limit_ms;
    /* 0: operators, ranked by the words as a bag; 1: a plain query's
     * words, "w1" OR "w2" ..., the rows holding more of them first, then
     * those holding them together; 2: its words all required (AND), those
     * holding them together first */
    int plain;
    int no_page, no_count; /* the rows of the page not asked; the totals not asked */
} vl_pg_query;
typedef struct vl_pg_page {
    sqlite3_int64 *ids;
    double *scores;
    size_t n;
    int64_t total;   /* every match */
    int64_t undated; /* matches a date filter left out for having no date */
} vl_pg_page;
/* Errors: VL_EQUERY, VL_ELIMIT (past limit_ms), VL_EDB. */
vl_status vl_pg_search(vl_pg *pg, const vl_pg_query *q, vl_pg_page *out, vl_error *err);
void vl_pg_page_free(vl_pg_page *p);

#endif
