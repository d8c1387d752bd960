/*
 * store.c — documents and their index in SQLite: schema, migrations,
 * batched inserts through prepared statements, stats, loading.
 */
#include "store.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "ctx.h"
#include "doc.h"
#include "error.h"
#include "facts.h"
#include "facttab.h"
#include "fts.h"
#include "mem.h"
#include "pgtab.h"
#include "rank.h"
#include "snippet.h"

static const char *col_text(sqlite3_stmt *q, int i)
{
    return (const char *)sqlite3_column_text(q, i);
}

/* Migration i brings the schema from version i to i + 1. Never edit a
 * shipped migration: add one. */
static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE documents("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT NOT NULL,"
    "  hash TEXT NOT NULL UNIQUE,"
    "  source TEXT NOT NULL,"
    "  url TEXT, date TEXT, date_source TEXT, title TEXT,"
    "  bytes INTEGER NOT NULL,"
    "  text TEXT NOT NULL,"
    "  layout BLOB NOT NULL,"
    "  added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX documents_uid ON documents(uid);"
    "CREATE INDEX documents_source ON documents(source);"
    "CREATE INDEX documents_date ON documents(date);"
    "CREATE TABLE skipped("
    "  id INTEGER PRIMARY KEY,"
    "  source TEXT NOT NULL, line INTEGER NOT NULL DEFAULT -1, reason TEXT NOT NULL,"
    "  UNIQUE(source, line, reason));"
    "CREATE VIEW fts_content AS SELECT id, title,"
    "  vl_part(text, layout, 1) AS body, vl_part(text, layout, 2) AS boiler"
    "  FROM documents;"
    "CREATE VIRTUAL TABLE doc_fts USING fts5(title, body, boiler,"
    "  content='fts_content', content_rowid='id', tokenize='veille');",
    /* 1 -> 2: what extraction found, one row per fact of a document */
    "CREATE TABLE facts("
    "  doc_id INTEGER NOT NULL REFERENCES documents(id),"
    "  kind TEXT NOT NULL," /* person title rank org place date amount quote */
    "  key TEXT NOT NULL,"  /* folded key of the person / org / place; date value */
    "  name TEXT,"          /* as written */
    "  value TEXT,"         /* title text, rank, amount unit, quote verb */
    "  status TEXT,"        /* title status; place country */
    "  num REAL,"           /* amount value */
    "  start INTEGER, end INTEGER);" /* original byte offsets of the evidence */
    "CREATE INDEX facts_key ON facts(kind, key);"
    "CREATE INDEX facts_doc ON facts(doc_id);",
    /* 2 -> 3: the knowledge base (kb.c) */
    "ALTER TABLE facts ADD COLUMN office TEXT;"
    "CREATE INDEX facts_office ON facts(office) WHERE office IS NOT NULL;"
    /* evidence, newest first, without sorting a person's every fact */
    "DROP INDEX facts_key;"
    "CREATE INDEX facts_key ON facts(kind, key, doc_id);"
    "CREATE INDEX facts_title ON facts(key, office, doc_id) WHERE kind = 'title';"
    "CREATE TABLE kb_persons(key TEXT PRIMARY KEY, name TEXT NOT NULL,"
    "  documents INTEGER NOT NULL, first_seen TEXT, last_seen TEXT) WITHOUT ROWID;"
    "CREATE TABLE kb_aliases(key TEXT NOT NULL, alias TEXT NOT NULL, count INTEGER NOT NULL,"
    "  PRIMARY KEY(key, alias)) WITHOUT ROWID;"
    "CREATE INDEX kb_aliases_alias ON kb_aliases(alias);"
    "CREATE TABLE kb_positions(key TEXT NOT NULL, office TEXT NOT NULL, title TEXT NOT NULL,"
    "  status TEXT NOT NULL, single INTEGER NOT NULL, first_seen TEXT, last_seen TEXT,"
    "  documents INTEGER NOT NULL, PRIMARY KEY(key, office)) WITHOUT ROWID;"
    "CREATE INDEX kb_positions_office ON kb_positions(office, first_seen);"
    "CREATE INDEX kb_positions_first ON kb_positions(first_seen);"
    "CREATE TABLE kb_keymap(from_key TEXT PRIMARY KEY, to_key TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE kb_split(key TEXT PRIMARY KEY, since TEXT NOT NULL, new_key TEXT NOT NULL)"
    "  WITHOUT ROWID;"
    "CREATE TABLE kb_prefer(key TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE kb_dirty(key TEXT PRIMARY KEY) WITHOUT ROWID;"
    "CREATE TABLE kb_entities(kind TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL,"
    "  country TEXT, documents INTEGER NOT NULL, PRIMARY KEY(kind, key)) WITHOUT ROWID;"
    "CREATE TABLE kb_entity_aliases(kind TEXT NOT NULL, key TEXT NOT NULL, alias TEXT NOT NULL,"
    "  count INTEGER NOT NULL, PRIMARY KEY(kind, key, alias)) WITHOUT ROWID;"
    "CREATE TABLE kb_dirty_e(kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY(kind, key))"
    "  WITHOUT ROWID;"
    "CREATE TABLE kb_touched(office TEXT PRIMARY KEY) WITHOUT ROWID;",
    /* 3 -> 4: a document's facts as one pack (facts.h), their keys and
     * offices in an FTS5 index, the facts table read from both
     * (facttab.h); pack_facts moves the rows of version 3 */
    "CREATE TABLE doc_facts(doc_id INTEGER PRIMARY KEY REFERENCES documents(id),"
    "  facts BLOB NOT NULL);"
    "CREATE VIRTUAL TABLE fact_index USING fts5(terms, content='', detail=none,"
    "  tokenize='veille_keys');"
    /* 'bulk_load' while a bulk load runs (vl_store_bulk_start) */
    "CREATE TABLE store_state(name TEXT PRIMARY KEY) WITHOUT ROWID;"
    /* FTS5 writes its pending terms out at 8 MB, not 1: fewer, larger
     * segments to merge (a 100 MB ingest 0.25 s faster) */
    "INSERT INTO doc_fts(doc_fts, rank) VALUES('hashsize', 8388608);",
    /* 4 -> 5: the documents whose organisations and places the knowledge
     * base has yet to count (kb.c adds their counts, instead of counting
     * every document of each entity again) */
    "CREATE TABLE kb_new_e(doc_id INTEGER PRIMARY KEY);",
    /* 5 -> 6: the count of each title written for a position, so that an
     * update adds the new documents' persons, positions and succession
     * points to the old counts too (kb_new_e now lists every new document with a person,
     * organisation or place), instead of reading every fact of each person
     * again. The persons already known are counted once more in full, at
     * the next update, to fill it. */
    "CREATE TABLE kb_titles(key TEXT NOT NULL, office TEXT NOT NULL, title TEXT NOT NULL,"
    "  count INTEGER NOT NULL, PRIMARY KEY(key, office, title)) WITHOUT ROWID;"
    /* and the points of an office's succession, one per holder and month
     * (kb.h), so that settling an office reads them, not its every fact */
    "CREATE TABLE kb_points(office TEXT NOT NULL, key TEXT NOT NULL, month TEXT NOT NULL,"
    "  count INTEGER NOT NULL, first TEXT NOT NULL, last TEXT NOT NULL,"
    "  PRIMARY KEY(office, key, month)) WITHOUT ROWID;" /* kind added in 9 */
    "INSERT OR IGNORE INTO kb_dirty SELECT key FROM kb_persons;"
    "INSERT OR IGNORE INTO kb_dirty SELECT key FROM kb_positions;",
    /* 6 -> 7: who met whom, as plain rows (events.c finds them): an event
     * of a document with its type, date, place, the trigger's and its
     * sentence's original byte offsets; its persons with their role
     * (chair, participant), name as written, the country and office of
     * their first title, and their place in the event's list. The documents stored before are read again to
     * fill them (fill_events), now or at the first opening that can
     * extract ('events_refill' in store_state). */
    "CREATE TABLE events(id INTEGER PRIMARY KEY,"
    "  doc_id INTEGER NOT NULL REFERENCES documents(id),"
    "  type TEXT NOT NULL, date TEXT, place TEXT,"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL,"
    "  sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL);"
    "CREATE TABLE event_persons(event_id INTEGER NOT NULL REFERENCES events(id),"
    "  key TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,"
    "  country TEXT, office TEXT, pos INTEGER NOT NULL, PRIMARY KEY(event_id, key))"
    "  WITHOUT ROWID;"
    "CREATE INDEX event_persons_key ON event_persons(key, event_id);"
    "INSERT OR IGNORE INTO store_state(name) VALUES('events_refill');",
    /* 7 -> 8: an event's persons in a column of its row, a JSON array of
     * [key, name, role, country, office] in their order; event_persons
     * becomes a view of them with the columns it had. A row of its own per
     * person, in a B-tree and an index by key, took two thirds of the work
     * of storing events, and the queries, which ask for a canonical key
     * through kb_keymap, could not seek that index: they scanned it whole. */
    "ALTER TABLE events ADD COLUMN persons TEXT NOT NULL DEFAULT '[]';"
    "UPDATE events SET persons = (SELECT json_group_array(json_array(key, name, role, country,"
    "  office)) FROM (SELECT * FROM event_persons p WHERE p.event_id = events.id ORDER BY pos));"
    "DROP TABLE event_persons;"
    "CREATE VIEW event_persons(event_id, key, name, role, country, office, pos) AS"
    "  SELECT e.id, p.value ->> 0, p.value ->> 1, p.value ->> 2, p.value ->> 3, p.value ->> 4,"
    "  p.key FROM events e, json_each(e.persons) p;",
    /* 8 -> 9: tenures (tenure.c). The points of a succession keep the
     * kind of their title facts, held, acting or former (VL_TENURE_*), and
     * only for the single-holder offices; the points kept so far become
     * held points, and every person is counted again at the next update
     * (or rebuild), which fills the rest and the tenures. */
    "CREATE TABLE kb_points9(office TEXT NOT NULL, key TEXT NOT NULL, month TEXT NOT NULL,"
    "  kind INTEGER NOT NULL, count INTEGER NOT NULL, first TEXT NOT NULL, last TEXT NOT NULL,"
    /* the documents of the first and last facts: a tenure's evidence */
    "  first_doc INTEGER NOT NULL DEFAULT 0, last_doc INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY(office, key, month, kind)) WITHOUT ROWID;"
    "INSERT INTO kb_points9 SELECT p.office, p.key, p.month, 0, p.count, p.first, p.last, 0, 0"
    "  FROM kb_points p WHERE EXISTS (SELECT 1 FROM kb_positions s"
    "    WHERE s.office = p.office AND s.single = 1);"
    "DROP TABLE kb_points;"
    "ALTER TABLE kb_points9 RENAME TO kb_points;"
    "CREATE INDEX kb_points_month ON kb_points(month);"
    /* the tenures of each single-holder office, as vl_kb_settle_office
     * finds them from its points (tenure.h): the queries read them */
    "CREATE TABLE kb_tenures(office TEXT NOT NULL, start TEXT NOT NULL, key TEXT NOT NULL,"
    "  kind INTEGER NOT NULL, seq INTEGER NOT NULL, last_seen TEXT NOT NULL, ended TEXT,"
    "  end_cause TEXT, documents INTEGER NOT NULL, start_doc INTEGER NOT NULL,"
    "  last_doc INTEGER NOT NULL, end_doc INTEGER NOT NULL,"
    "  PRIMARY KEY(office, start, key, kind)) WITHOUT ROWID;"
    "CREATE INDEX kb_tenures_key ON kb_tenures(key, office);"
    "CREATE INDEX kb_tenures_start ON kb_tenures(start);"
    "CREATE INDEX kb_tenures_ended ON kb_tenures(ended) WHERE ended IS NOT NULL;"
    /* the events of a person's dispatches (meet.c) without a scan of
     * every event */
    "CREATE INDEX events_doc ON events(doc_id);"
    /* the persons with a title whose office has no country (kb.c) */
    "CREATE TABLE kb_nocountry(key TEXT PRIMARY KEY) WITHOUT ROWID;"
    "INSERT OR IGNORE INTO kb_dirty SELECT key FROM kb_persons;",
    /* 9 -> 10: words the stemmer conflated are kept apart
     * (data/stem_overrides.tsv: armée and arme, parti and partie): the
     * full-text index is made again from the stored text */
    "INSERT INTO doc_fts(doc_fts) VALUES('rebuild');",
};
enum { SCHEMA_VERSION = sizeof migrations / sizeof migrations[0] };
/* PRAGMA application_id of a veille database: "VEIL" (file(1) and other
 * tools tell it by this; veille refuses a SQLite file with another id). */
enum { VL_APPLICATION_ID = 0x5645494C };

static vl_status pack_facts(vl_store *st, vl_error *err);
static int has_row(vl_store *st, const char *sql);

/* What migration i does in C after its SQL, or NULL. */
static vl_status (*const migration_steps[SCHEMA_VERSION])(vl_store *, vl_error *) = {
    [3] = pack_facts,
};

enum {
    ST_INSERT_DOC,
    ST_INSERT_FTS,
    ST_SKIP,
    ST_PACK,
    ST_TERMS,
    ST_NEW,
    ST_EVENT,
    ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
    [ST_INSERT_DOC] =
        "INSERT INTO documents(uid, hash, source, url, date, date_source, title, bytes,"
        " text, layout) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)"
        " ON CONFLICT(hash) DO NOTHING",
    [ST_INSERT_FTS] = "INSERT INTO doc_fts(rowid, title, body, boiler) VALUES(?1,?2,?3,?4)",
    [ST_SKIP] = "INSERT OR IGNORE INTO skipped(source, line, reason) VALUES(?1,?2,?3)",
    [ST_PACK] = "INSERT INTO doc_facts(doc_id, facts) VALUES(?1,?2)",
    [ST_TERMS] = "INSERT INTO fact_index(rowid, terms) VALUES(?1,?2)",
    [ST_NEW] = "INSERT OR IGNORE INTO kb_new_e(doc_id) VALUES(?1)",
    [ST_EVENT] = ("INSERT INTO events(doc_id, type, date, place, start, end, sentence_start,"
                  " sentence_end, persons) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)"),
};

static const char pg_insert_doc[] =
    "INSERT OR IGNORE INTO documents(uid, hash, source, url, date, date_source, title, bytes,"
    " text, layout) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)";

/* Marks every stored person and entity for the knowledge base to
 * recompute: after a bulk load, and for a rebuild. */
static const char mark_all_dirty[] =
    "INSERT OR IGNORE INTO kb_dirty SELECT DISTINCT key FROM facts WHERE kind = 'person';"
    "INSERT OR IGNORE INTO kb_dirty_e SELECT DISTINCT kind, key FROM facts"
    " WHERE kind IN ('org', 'place');";

struct vl_store {
    const vl_ctx *ctx;
    sqlite3 *db;
    sqlite3_stmt *stmt[ST_COUNT];
    vl_buf layout, body, boiler, pack, terms; /* reused between documents */
    vl_buf persons; /* an event's persons as JSON, reused */
    vl_fts_hook *hook;
    vl_rank_cache *rank;
    char *path;
    vl_store *twin; /* vl_store_twin's */
    const vl_fts_tape *tape; /* the next document's, from an ingest worker */
    const vl_buf *next_pack, *next_terms; /* the next document's facts and their
                                           * index terms, from an ingest worker */
    const json_t *next_events; /* the next document's events, loaded (vl_load) */
    int bulk; /* knowledge-base marks left for the end */
    int64_t last_id; /* the row of the document vl_store_add stored last */
    int readonly;    /* vl_store_open_readonly's */
    int written;     /* opened for writing and found veille's */
    vl_pg *pg;       /* a PostgreSQL store (pgtab.h): db is its in-memory view */
};

void vl_store_set_tape(vl_store *st, const vl_fts_tape *tape)
{
    st->tape = tape;
    vl_fts_hook_set(st->hook, tape);
}

sqlite3 *vl_store_db(vl_store *st) { return st->db; }
vl_pg *vl_store_pg(vl_store *st) { return st->pg; }
int64_t vl_store_last_id(const vl_store *st) { return st->last_id; }
const vl_ctx *vl_store_ctx(vl_store *st) { return st->ctx; }

vl_store *vl_store_twin(vl_store *st, vl_error *err)
{
    /* an in-memory database has no second connection */
    if (!st->path[0] || !strcmp(st->path, ":memory:") || st->pg) return NULL;
    if (!st->twin && (st->readonly ? vl_store_open_readonly : vl_store_open)(st->ctx, st->path,
                                                                           &st->twin, err))
        st->twin = NULL;
    return st->twin;
}

vl_status vl_store_fail(vl_store *st, vl_error *err, const char *what)
{
    return vl_error_set(err, VL_EDB, NULL, -1, -1, "%s: %s", what, sqlite3_errmsg(st->db));
}

static vl_status exec(vl_store *st, const char *sql, vl_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        vl_status s = vl_error_set(err, VL_EDB, NULL, -1, -1, "%s", msg ? msg : "SQL failed");
        sqlite3_free(msg);
        return s;
    }
    return VL_OK;
}

/* The first integer of a one-row PRAGMA or query, or -1. */
static int pragma_int(vl_store *st, const char *sql)
{
    sqlite3_stmt *q;
    int v = -1;
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(q) == SQLITE_ROW) v = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return v;
}

/* Whose database it is: veille's (its application id, or a schema version
 * and no id: a database of veille before it set one), nobody's yet (no
 * tables), or someone else's: 1, 0, -1. */
static int ownership(vl_store *st)
{
    int id = pragma_int(st, "PRAGMA application_id");
    if (id == VL_APPLICATION_ID) return 1;
    if (id != 0) return -1;
    /* no id: veille's before it set one has a schema version it knows and
     * its documents table (other programs set user_version too) */
    int v = pragma_int(st, "PRAGMA user_version");
    if (v > 0)
        return v <= SCHEMA_VERSION &&
                       pragma_int(st, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                                      " AND name = 'documents'") == 1
                   ? 1
                   : -1;
    return pragma_int(st, "SELECT count(*) FROM sqlite_schema") == 0 ? 0 : -1;
}

static vl_status migrate(vl_store *st, vl_error *err)
{
    int version = pragma_int(st, "PRAGMA user_version");
    if (version < 0) return vl_store_fail(st, err, "cannot read schema version");
    if (version > SCHEMA_VERSION)
        return vl_error_set(err, VL_ESCHEMA, NULL, -1, -1,
                            "database schema %d is newer than this veille (%d)", version,
                            SCHEMA_VERSION);
    if (version == SCHEMA_VERSION) {
        if (pragma_int(st, "PRAGMA application_id") == VL_APPLICATION_ID) return VL_OK;
        char sql[64]; /* a database of veille before it set its id */
        snprintf(sql, sizeof sql, "PRAGMA application_id = %d", VL_APPLICATION_ID);
        return exec(st, sql, err);
    }
    sqlite3_stmt *q;
    /* IMMEDIATE: two processes opening a new database at once migrate one
     * after the other, and the second sees the first's work. */
    vl_status s = exec(st, "BEGIN IMMEDIATE", err);
    if (s) return s;
    if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW) version = sqlite3_column_int(q, 0);
        sqlite3_finalize(q);
    }
    for (int v = version; v < SCHEMA_VERSION && !s; v++) {
        s = exec(st, migrations[v], err);
        if (!s && migration_steps[v]) s = migration_steps[v](st, err);
    }
    if (!s) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d",
                 SCHEMA_VERSION, VL_APPLICATION_ID);
        s = exec(st, sql, err);
    }
    if (s) {
        exec(st, "ROLLBACK", NULL);
        return s;
    }
    return exec(st, "COMMIT", err);
}

/* Migration 3 -> 4, after its SQL: the fact rows of version 3 become one
 * pack per document, in their order, with its index terms; then the facts
 * table gives way to the one read from packs. A bulk load of version 3
 * killed before its end (its fact indexes missing) is finished as such. */
static vl_status pack_facts(vl_store *st, vl_error *err)
{
    int killed = has_row(st, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN"
                             " ('facts_key', 'facts_doc', 'facts_title', 'facts_office')"
                             " HAVING count(*) < 4");
    if (killed < 0) return vl_store_fail(st, err, "cannot read the schema");
    sqlite3_stmt *q, *ins[2];
    if (sqlite3_prepare_v2(st->db,
                           "SELECT doc_id, kind, key, name, value, status, num, start, end, office"
                           " FROM facts ORDER BY doc_id, rowid",
                           -1, &q, NULL) != SQLITE_OK)
        return vl_store_fail(st, err, "cannot read facts");
    sqlite3_prepare_v2(st->db, stmt_sql[ST_PACK], -1, &ins[0], NULL);
    sqlite3_prepare_v2(st->db, stmt_sql[ST_TERMS], -1, &ins[1], NULL);
    vl_status s = ins[0] && ins[1] ? VL_OK : vl_store_fail(st, err, "cannot store facts");
    sqlite3_int64 doc = -1;
    int rc = SQLITE_ROW;
    while (!s && rc == SQLITE_ROW) {
        rc = sqlite3_step(q);
        sqlite3_int64 id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
        if (doc >= 0 && id != doc) { /* the previous document's pack is whole */
            vl_buf_reset(&st->terms);
            vl_facts_terms(st->pack.data, st->pack.len, &st->terms);
            for (int k = 0; k < 2 && !s; k++) {
                const vl_buf *b = k ? &st->terms : &st->pack;
                sqlite3_bind_int64(ins[k], 1, doc);
                sqlite3_bind_blob(ins[k], 2, b->data ? (const void *)b->data : "", (int)b->len,
                                  SQLITE_STATIC);
                if (sqlite3_step(ins[k]) != SQLITE_DONE) s = vl_store_fail(st, err, "cannot store facts");
                sqlite3_reset(ins[k]);
            }
            vl_buf_reset(&st->pack);
        }
        if (rc != SQLITE_ROW) break;
        doc = id;
        const char *kind = col_text(q, 1);
        int k = kind ? vl_fact_kind_of(kind, strlen(kind)) : -1;
        if (k >= 0)
            vl_facts_put(&st->pack, k, col_text(q, 2), col_text(q, 3), col_text(q, 4),
                         col_text(q, 5), sqlite3_column_double(q, 6), sqlite3_column_int64(q, 7),
                         sqlite3_column_int64(q, 8), col_text(q, 9), NULL);
    }
    if (!s && rc != SQLITE_DONE) s = vl_store_fail(st, err, "cannot read facts");
    sqlite3_finalize(q);
    sqlite3_finalize(ins[0]);
    sqlite3_finalize(ins[1]);
    vl_buf_reset(&st->pack);
    if (!s) s = exec(st, "DROP TABLE facts; CREATE VIRTUAL TABLE facts USING veille_facts;", err);
    if (!s && killed) s = vl_store_mark_all(st, err);
    return s;
}

/* SQLite's memory statistics take a global mutex on every allocation;
 * nothing here reads them. Must precede SQLite's initialisation, so it is
 * done once, before the first connection. */
static void configure_sqlite(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

static vl_status finish_killed_load(vl_store *st, vl_error *err);

/* A store not yet connected. */
static vl_store *store_new(const vl_ctx *ctx, const char *path)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, configure_sqlite);
    vl_store *st = vl_calloc(1, sizeof *st);
    st->ctx = ctx;
    st->path = vl_strdup(path);
    vl_buf_init(&st->layout, 0);
    vl_buf_init(&st->persons, 0);
    vl_buf_init(&st->body, 0);
    vl_buf_init(&st->boiler, 0);
    vl_buf_init(&st->pack, 0);
    vl_buf_init(&st->terms, 0);
    return st;
}

/* Opens st's connection with flags, runs pragmas and registers what
 * veille's tables and queries need (the tokenizer, the facts module,
 * vl_rank, vl_snippet). NOMUTEX: one connection is used by one thread at a
 * time (ingest's writer, then the caller), so SQLite need not lock it on
 * every call. */
/* Opens path read-only as an immutable file (no locks, no -shm): what a WAL
 * database in a folder one cannot write allows, where no one can write
 * either. 0 when it opened. */
static int open_immutable(vl_store *st)
{
    vl_buf uri;
    vl_buf_init(&uri, 0);
    vl_buf_adds(&uri, "file:");
    for (const char *p = st->path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#') {
            char esc[4];
            snprintf(esc, sizeof esc, "%%%02X", (unsigned char)*p);
            vl_buf_adds(&uri, esc);
        } else {
            vl_buf_addc(&uri, *p);
        }
    }
    vl_buf_adds(&uri, "?immutable=1");
    vl_buf_addc(&uri, 0);
    sqlite3_close(st->db);
    st->db = NULL;
    int rc = sqlite3_open_v2((const char *)uri.data, &st->db,
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    vl_buf_free(&uri);
    /* open_v2 is lazy: read the schema to know */
    return rc == SQLITE_OK && sqlite3_exec(st->db, "SELECT 1 FROM sqlite_schema LIMIT 1", NULL,
                                           NULL, NULL) == SQLITE_OK
               ? 0
               : -1;
}

/* path's file of that suffix (-wal, -journal) exists and is not empty. */
static int side_file(const char *path, const char *suffix)
{
    char f[4200];
    struct stat sb;
    snprintf(f, sizeof f, "%s%s", path, suffix);
    return stat(f, &sb) == 0 && sb.st_size > 0;
}

static int wal_pending(const char *path) { return side_file(path, "-wal"); }
static int journal_pending(const char *path) { return side_file(path, "-journal"); }

/* The folder of path cannot be written (a read-only mount, a shared archive). */
static int folder_unwritable(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash) snprintf(dir, sizeof dir, ".");
    else if (slash == dir) dir[1] = 0;
    else *slash = 0;
    return access(dir, W_OK) != 0;
}

static vl_status connect_db(vl_store *st, int flags, const char *pragmas, vl_error *err)
{
    int rc = sqlite3_open_v2(st->pg ? ":memory:" : st->path, &st->db, flags | SQLITE_OPEN_NOMUTEX,
                             NULL);
    /* a WAL database read where nothing may be written: its -shm cannot be made */
    if (rc == SQLITE_OK && !st->pg && (flags & SQLITE_OPEN_READONLY) && folder_unwritable(st->path) &&
        sqlite3_exec(st->db, "SELECT 1 FROM sqlite_schema LIMIT 1", NULL, NULL, NULL) != SQLITE_OK) {
        /* commits still in the -wal file would be missed: not immutable then */
        if (wal_pending(st->path))
            return vl_error_set(err, VL_EDB, st->path, -1, -1,
                                "cannot open database %s: its -wal file holds commits and the"
                                " folder cannot be written (open it once where it can be, or"
                                " copy it with its -wal to such a folder)",
                                st->path);
        rc = open_immutable(st) == 0 ? SQLITE_OK : SQLITE_CANTOPEN;
    }
    if (rc != SQLITE_OK)
        return vl_error_set(err, VL_EDB, st->path, -1, -1, "cannot open database %s: %s",
                            st->path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
    /* someone else's file: refused before any pragma writes its header */
    if (ownership(st) < 0)
        return vl_error_set(err, VL_EDB, st->path, -1, -1, "%s is not a veille database", st->path);
    sqlite3_busy_timeout(st->db, 10000);
    vl_status s = exec(st, pragmas, err);
    st->hook = vl_fts_hook_new(st->ctx);
    if (!s) s = vl_fts_register(st->db, st->hook, err);
    if (!s) s = vl_facttab_register(st->db, st->pg != NULL, err);
    st->rank = vl_rank_cache_new();
    if (!s) s = vl_rank_register(st->db, st->rank, "doc_fts", err);
    if (!s) s = vl_snippet_register(st->db, err);
    return s;
}

static vl_status prepare_all(vl_store *st, vl_error *err);

int vl_store_is_url(const char *path) { return vl_pg_is_url(path); }

/* A PostgreSQL store (pgtab.h): veille's schema in an in-memory
 * database, its tables shadowed by PostgreSQL's. */
static vl_status open_pg(const vl_ctx *ctx, const char *url, int writer, vl_store **out,
                         vl_error *err)
{
    vl_store *st = store_new(ctx, url);
    vl_status s = vl_pg_connect(url, writer, &st->pg, err);
    if (!s) s = connect_db(st, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "", err);
    if (!s) s = migrate(st, err);
    if (!s) s = vl_pg_attach(st->pg, st->db, err);
    if (!s && writer) s = prepare_all(st, err);
    if (!s && writer) s = finish_killed_load(st, err);
    /* a reader's tables refuse writes (vt_update); its own temporary
     * tables (a search's snippets) are written */
    if (!s && !writer) st->readonly = 1;
    if (s) {
        vl_store_close(st);
        return s;
    }
    *out = st;
    return VL_OK;
}

vl_status vl_store_open_readonly(const vl_ctx *ctx, const char *path, vl_store **out,
                                 vl_error *err)
{
    if (vl_pg_is_url(path)) return open_pg(ctx, path, 0, out, err);
    vl_store *st = store_new(ctx, path);
    st->readonly = 1;
    int v;
    vl_status s = connect_db(st, SQLITE_OPEN_READONLY,
                             "PRAGMA query_only=ON; PRAGMA cache_size=-32768;"
                             " PRAGMA mmap_size=4294967296;",
                             err);
    if (!s && (v = pragma_int(st, "PRAGMA user_version")) != SCHEMA_VERSION)
        s = v <= 0 ? vl_error_set(err, VL_EDB, path, -1, -1, "%s is not a veille database", path)
                   : vl_error_set(err, VL_ESCHEMA, path, -1, -1,
                                  "database schema %d, this veille reads %d: open it once for"
                                  " writing (veille stats) to migrate it", v, SCHEMA_VERSION);
    if (s) goto fail;
    *out = st;
    return VL_OK;
fail:
    vl_store_close(st);
    return s;
}

vl_status vl_store_open_reader(const vl_ctx *ctx, const char *path, vl_store **out,
                               vl_error *err)
{
    if (vl_pg_is_url(path)) return open_pg(ctx, path, 0, out, err);
    vl_status s = vl_store_open_readonly(ctx, path, out, err);
    /* older: migrated below (newer: said below); a writer killed mid-way
     * left a hot journal that only a writer rolls back */
    int upkeep = s == VL_ESCHEMA || (s == VL_EDB && journal_pending(path));
    if (s == VL_OK &&
        has_row(*out, ctx->structure_only
                          ? "SELECT 1 FROM store_state WHERE name = 'bulk_load'"
                          : "SELECT 1 FROM store_state WHERE name IN ('bulk_load', 'events_refill')") ==
            1) {
        vl_store_close(*out);
        upkeep = 1;
    }
    if (!upkeep) return s;
    vl_store *w;
    if (err) vl_error_clear(err);
    if ((s = vl_store_open(ctx, path, &w, err)) != VL_OK) return s;
    vl_store_close(w);
    return vl_store_open_readonly(ctx, path, out, err);
}

vl_status vl_store_open(const vl_ctx *ctx, const char *path, vl_store **out, vl_error *err)
{
    if (vl_pg_is_url(path)) return open_pg(ctx, path, 1, out, err);
    vl_store *st = store_new(ctx, path);
    /* A new database gets 16 KiB pages (an existing one keeps its own):
     * shallower trees and fewer pages per document and per FTS5 segment;
     * a 100 MB ingest 9.8 -> 8.8 s, the database 4 % smaller. Pages are
     * read through a memory map: a search that walks the doclists of
     * common words reads megabytes, now without copying them into the
     * page cache (search median on 500 MB: 20.0 -> 18.4 ms with facets). */
    vl_status s = connect_db(st, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                             "PRAGMA page_size=16384;"
                             "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                             "PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768;"
                             " PRAGMA mmap_size=4294967296;",
                             err);
    if (!s) s = migrate(st, err);
    st->written = !s; /* veille's: folded back into one file when closed */
    if (!s) s = finish_killed_load(st, err);
    if (!s) s = prepare_all(st, err);
    /* the events of documents stored before schema 7 */
    if (!s && !ctx->structure_only &&
        has_row(st, "SELECT 1 FROM store_state WHERE name = 'events_refill'") == 1) {
        s = exec(st, "BEGIN IMMEDIATE", err);
        if (!s) s = vl_store_fill_events(st, err);
        s = s ? (exec(st, "ROLLBACK", NULL), s) : exec(st, "COMMIT", err);
    }
    if (s) {
        if (err && !err->path[0]) snprintf(err->path, sizeof err->path, "%s", path);
        goto fail;
    }
    *out = st;
    return VL_OK;
fail:
    vl_store_close(st);
    return s;
}

static vl_status prepare_all(vl_store *st, vl_error *err)
{
    for (int i = 0; i < ST_COUNT; i++) {
        /* a virtual table takes no upsert: the same insert, ignored */
        const char *sql = st->pg && i == ST_INSERT_DOC ? pg_insert_doc : stmt_sql[i];
        if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->stmt[i], NULL) !=
            SQLITE_OK)
            return vl_store_fail(st, err, "cannot prepare statement");
    }
    return VL_OK;
}

void vl_store_close(vl_store *st)
{
    if (!st) return;
    vl_store_close(st->twin);
    for (int i = 0; i < ST_COUNT; i++) sqlite3_finalize(st->stmt[i]);
    if (st->db && st->written) {
        /* Fold the WAL back so the database is one file at rest, and leave
         * it in rollback mode when no one else has it open: a reader can
         * then open it in a folder it cannot write (a WAL database needs
         * its -shm file); the next writer turns WAL on again. */
        sqlite3_exec(st->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
        sqlite3_busy_timeout(st->db, 0);
        sqlite3_exec(st->db, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    }
    sqlite3_close(st->db);
    vl_pg_free(st->pg); /* after the virtual tables that use it */
    vl_buf_free(&st->layout);
    vl_buf_free(&st->persons);
    vl_buf_free(&st->body);
    vl_buf_free(&st->boiler);
    vl_buf_free(&st->pack);
    vl_buf_free(&st->terms);
    free(st->hook);
    vl_rank_cache_free(st->rank);
    free(st->path);
    free(st);
}

vl_status vl_store_begin(vl_store *st, vl_error *err)
{
    return st->pg ? vl_pg_begin(st->pg, st->db, err) : exec(st, "BEGIN", err);
}

vl_status vl_store_begin_write(vl_store *st, vl_error *err)
{
    return st->pg ? vl_pg_begin(st->pg, st->db, err) : exec(st, "BEGIN IMMEDIATE", err);
}

/* 1 when a query returns a row, 0 when not, -1 on error. */
static int has_row(vl_store *st, const char *sql)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK) return -1;
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* A bulk load killed before its end left documents whose persons and
 * entities the knowledge base never took: a connection that finds its mark
 * marks everything for vl_kb_update and clears it. */
static vl_status finish_killed_load(vl_store *st, vl_error *err)
{
    int n = has_row(st, "SELECT 1 FROM store_state WHERE name = 'bulk_load'");
    if (n == 0) return VL_OK;
    if (n < 0) return vl_store_fail(st, err, "cannot read the store's state");
    /* Another process may be loading right now: then it finishes its
     * load, and this connection does not wait for it. */
    sqlite3_busy_timeout(st->db, 0);
    int busy = vl_store_begin_write(st, NULL) != VL_OK;
    sqlite3_busy_timeout(st->db, 10000);
    if (busy) return VL_OK;
    vl_status s = vl_store_mark_all(st, err);
    if (!s) s = exec(st, "DELETE FROM store_state WHERE name = 'bulk_load'", err);
    if (!s) return vl_store_commit(st, err);
    vl_store_rollback(st, NULL);
    return s;
}

vl_status vl_store_mark_all(vl_store *st, vl_error *err)
{
    return exec(st, mark_all_dirty, err);
}

vl_status vl_store_bulk_start(vl_store *st, int *bulk, vl_error *err)
{
    *bulk = 0;
    int n = has_row(st, "SELECT 1 FROM doc_facts LIMIT 1");
    if (n < 0) return vl_store_fail(st, err, "cannot read facts");
    if (n == 1) return VL_OK;
    /* A rollback journal instead of the WAL while the database fills:
     * pages added to the file are not journaled, where the WAL writes
     * every page twice (a 100 MB load 0.5-1 s faster). Readers wait for
     * each commit meanwhile. Another connection keeps the WAL: then so
     * does the load. */
    sqlite3_exec(st->db, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    /* Into an empty database, the batches' commits do not wait for the
     * disk: a killed load is rolled back as ever, and only a crash of the
     * system could spoil the file, which held nothing. The last commit
     * (vl_store_bulk_finish) syncs again, and with it the whole load. */
    int docs = has_row(st, "SELECT 1 FROM documents LIMIT 1");
    if (docs == 0) sqlite3_exec(st->db, "PRAGMA synchronous=OFF", NULL, NULL, NULL);
    vl_status s = exec(st, "INSERT OR IGNORE INTO store_state(name) VALUES('bulk_load')", err);
    if (s) return s;
    st->bulk = *bulk = 1;
    return VL_OK;
}

vl_status vl_store_bulk_finish(vl_store *st, int mark, vl_error *err)
{
    if (!st->bulk) return VL_OK;
    st->bulk = 0;
    sqlite3_exec(st->db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
    vl_status s = mark ? vl_store_mark_all(st, err) : VL_OK;
    if (!s) s = exec(st, "DELETE FROM store_state WHERE name = 'bulk_load'", err);
    return s;
}

void vl_store_bulk_done(vl_store *st)
{
    sqlite3_exec(st->db, "PRAGMA synchronous=NORMAL; PRAGMA journal_mode=WAL", NULL, NULL, NULL);
}

vl_status vl_store_commit(vl_store *st, vl_error *err)
{
    return st->pg ? vl_pg_commit(st->pg, st->db, err) : exec(st, "COMMIT", err);
}

vl_status vl_store_rollback(vl_store *st, vl_error *err)
{
    if (!st->pg) return exec(st, "ROLLBACK", err);
    vl_pg_rollback(st->pg, st->db);
    return VL_OK;
}

static void bind_text(sqlite3_stmt *q, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, i);
}

static vl_status run(vl_store *st, sqlite3_stmt *q, vl_error *err, const char *what)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return vl_store_fail(st, err, what);
    return VL_OK;
}

void vl_store_set_pack(vl_store *st, const vl_buf *pack, const vl_buf *terms)
{
    st->next_pack = pack;
    st->next_terms = terms;
}

/* The country and office of a person's first title with an office
 * ("ministre|defense|VN"), or NULL. */
static void title_country(const vl_person *p, const char **country, const char **office)
{
    *country = *office = NULL;
    for (size_t t = 0; t < p->ntitles && !*country; t++) {
        const char *o = p->titles[t].office, *bar = o ? strrchr(o, '|') : NULL;
        if (bar && strlen(bar + 1) == 2 && p->titles[t].status != VL_ST_FORMER) {
            *country = bar + 1;
            *office = o;
        }
    }
}

/* Appends s to b as a JSON string, or null. */
static vl_status json_text(vl_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    if (!s) return vl_buf_adds(b, "null");
    vl_status st = vl_buf_addc(b, '"');
    for (const unsigned char *c = (const unsigned char *)s; *c && !st; c++) {
        if (*c == '"' || *c == '\\') {
            st = vl_buf_addc(b, '\\');
            if (!st) st = vl_buf_addc(b, *c);
        } else if (*c < 0x20) {
            char u[7] = {'\\', 'u', '0', '0', hex[*c >> 4], hex[*c & 15], 0};
            st = vl_buf_adds(b, u);
        } else {
            st = vl_buf_addc(b, *c);
        }
    }
    return st ? st : vl_buf_addc(b, '"');
}

/* An event's persons as the JSON array of events.persons: [key, name,
 * role, country, office] each, in the event's order. */
static vl_status persons_json(vl_buf *b, const vl_extraction *x, const vl_event *ev)
{
    vl_buf_reset(b);
    vl_status s = vl_buf_addc(b, '[');
    for (size_t k = 0; k < ev->nparticipants && !s; k++) {
        const vl_person *p = &x->persons[ev->participants[k]];
        int chair = 0;
        for (size_t c = 0; c < ev->nchairs; c++) chair |= ev->chairs[c] == ev->participants[k];
        const char *country, *office;
        char cc[3] = {0};
        title_country(p, &country, &office);
        if (country) memcpy(cc, country, 2);
        if (k) s = vl_buf_addc(b, ',');
        if (!s) s = vl_buf_addc(b, '[');
        if (!s) s = json_text(b, p->key);
        if (!s) s = vl_buf_addc(b, ',');
        if (!s) s = json_text(b, p->name);
        if (!s) s = vl_buf_adds(b, chair ? ",\"chair\"," : ",\"participant\",");
        if (!s) s = json_text(b, country ? cc : NULL);
        if (!s) s = vl_buf_addc(b, ',');
        if (!s) s = json_text(b, office);
        if (!s) s = vl_buf_addc(b, ']');
    }
    return s ? s : vl_buf_addc(b, ']');
}

/* One row of events: its strings (NULL for SQL NULL), its original byte
 * offsets, its persons as JSON. */
typedef struct event_row {
    const char *type, *date, *place;
    int64_t at[4]; /* start, end, sentence start, sentence end */
    const char *persons;
    size_t npersons;
} event_row;

/* Row i of the document's own events; persons built in b. */
static vl_status doc_event_row(const vl_doc *d, size_t i, vl_buf *b, event_row *r)
{
    const vl_event *ev = &d->ex.events[i];
    vl_status s = persons_json(b, &d->ex, ev);
    *r = (event_row){ev->type, ev->date, ev->place,
                     {(int64_t)vl_view_orig(&d->view, ev->span.s),
                      (int64_t)vl_view_orig(&d->view, ev->span.e),
                      (int64_t)vl_view_orig(&d->view, ev->sentence.s),
                      (int64_t)vl_view_orig(&d->view, ev->sentence.e)},
                     (const char *)b->data, b->len};
    return s;
}

/* Row i of loaded events (vl_store_events_json's shape, checked by vl_load). */
static void loaded_event_row(const json_t *rows, size_t i, event_row *r)
{
    const json_t *a = json_array_get(rows, i), *p = json_array_get(a, 7);
    r->type = json_string_value(json_array_get(a, 0));
    r->date = json_string_value(json_array_get(a, 1));
    r->place = json_string_value(json_array_get(a, 2));
    for (int k = 0; k < 4; k++) r->at[k] = json_integer_value(json_array_get(a, 3 + (size_t)k));
    r->persons = json_string_value(p);
    r->npersons = json_string_length(p);
}

vl_status vl_store_events_json(const vl_doc *d, vl_buf *out)
{
    vl_buf persons;
    vl_buf_init(&persons, 0);
    vl_status s = vl_buf_addc(out, '[');
    for (size_t i = 0; i < d->ex.nevents && !s; i++) {
        event_row r;
        char num[24];
        s = doc_event_row(d, i, &persons, &r);
        if (!s && i) s = vl_buf_addc(out, ',');
        if (!s) s = vl_buf_addc(out, '[');
        const char *str[3] = {r.type, r.date, r.place};
        for (int k = 0; k < 3 && !s; k++) {
            s = json_text(out, str[k]);
            if (!s) s = vl_buf_addc(out, ',');
        }
        for (int k = 0; k < 4 && !s; k++) {
            snprintf(num, sizeof num, "%lld,", (long long)r.at[k]);
            s = vl_buf_adds(out, num);
        }
        if (!s) s = vl_buf_addc(&persons, 0); /* json_text reads a C string (the */
        if (!s) s = json_text(out, (const char *)persons.data); /* buffer may have moved) */
        if (!s) s = vl_buf_addc(out, ']');
    }
    vl_buf_free(&persons);
    return s ? s : vl_buf_addc(out, ']');
}

void vl_store_set_events(vl_store *st, const json_t *events)
{
    st->next_events = events;
}

/* The document's events as rows of events, their persons in each row. */
static vl_status store_events(vl_store *st, sqlite3_int64 doc, const vl_doc *d, vl_error *err)
{
    const json_t *loaded = st->next_events;
    size_t n = loaded ? json_array_size(loaded) : d->ex.nevents;
    vl_status s = VL_OK;
    for (size_t i = 0; i < n && !s; i++) {
        event_row r;
        if (loaded)
            loaded_event_row(loaded, i, &r);
        else if (doc_event_row(d, i, &st->persons, &r))
            return vl_error_set(err, VL_ELIMIT, NULL, -1, -1, "cannot store an event: too many persons");
        sqlite3_stmt *q = st->stmt[ST_EVENT];
        sqlite3_bind_int64(q, 1, doc);
        bind_text(q, 2, r.type);
        bind_text(q, 3, r.date);
        bind_text(q, 4, r.place);
        for (int k = 0; k < 4; k++) sqlite3_bind_int64(q, 5 + k, (sqlite3_int64)r.at[k]);
        sqlite3_bind_text(q, 9, r.persons, (int)r.npersons, SQLITE_STATIC);
        s = run(st, q, err, "cannot store an event");
    }
    return s;
}

vl_status vl_store_reindex(vl_store *st, vl_error *err)
{
    return exec(st, "INSERT INTO doc_fts(doc_fts) VALUES('rebuild')", err);
}

vl_status vl_store_fill_events(vl_store *st, vl_error *err)
{
    if (st->ctx->structure_only) return VL_OK; /* cannot extract: later */
    vl_status s = exec(st, "DELETE FROM events;", err);
    sqlite3_stmt *q;
    if (!s && sqlite3_prepare_v2(st->db,
                                 "SELECT id, text, uid, source, url, date, date_source, title"
                                 " FROM documents ORDER BY id",
                                 -1, &q, NULL) != SQLITE_OK)
        s = vl_store_fail(st, err, "cannot read documents");
    if (s) return s;
    while (!s && sqlite3_step(q) == SQLITE_ROW) {
        vl_doc *d = vl_doc_from_stored(st->ctx, col_text(q, 1), (size_t)sqlite3_column_bytes(q, 1),
                                       col_text(q, 2), col_text(q, 3), col_text(q, 4),
                                       col_text(q, 5), col_text(q, 6), col_text(q, 7));
        s = store_events(st, sqlite3_column_int64(q, 0), d, err);
        vl_doc_free(d);
    }
    sqlite3_finalize(q);
    if (!s) s = exec(st, "DELETE FROM store_state WHERE name = 'events_refill'", err);
    return s;
}

/* The document's facts: its pack and the pack's index terms, and, outside
 * a bulk load, its mark for the knowledge base to count (kb_new_e). */
/* A pack names a person, a body or a place. */
static int pack_names(const unsigned char *pack, size_t len)
{
    vl_fact f;
    for (size_t pos = 0; vl_facts_next(pack, len, &pos, &f);)
        if (f.kind == VL_FACT_PERSON || f.kind == VL_FACT_ORG || f.kind == VL_FACT_PLACE) return 1;
    return 0;
}

static vl_status store_facts(vl_store *st, sqlite3_int64 id, const vl_doc *d, vl_error *err)
{
    const vl_buf *pack = st->next_pack, *terms = st->next_terms;
    if (!pack || !terms) {
        vl_buf_reset(&st->pack);
        vl_buf_reset(&st->terms);
        vl_facts_pack(d, &st->pack);
        vl_facts_terms(st->pack.data, st->pack.len, &st->terms);
        pack = &st->pack;
        terms = &st->terms;
    }
    const unsigned char *p = pack->data ? pack->data : (const unsigned char *)"";
    sqlite3_stmt *q = st->stmt[ST_PACK];
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_blob(q, 2, p, (int)pack->len, SQLITE_STATIC);
    vl_status s = run(st, q, err, "cannot store facts");
    q = st->stmt[ST_TERMS];
    sqlite3_bind_int64(q, 1, id);
    /* NUL-terminated, without a NUL inside (keys come from the text): read
     * in place by FTS5, as the columns of vl_store_add */
    sqlite3_bind_text(q, 2, terms->data ? (const char *)terms->data : "", -1, SQLITE_STATIC);
    if (!s) s = run(st, q, err, "cannot index facts");
    if (!s) s = store_events(st, id, d, err);
    if (st->bulk) return s;
    /* the knowledge base recomputes these after the ingest (a loaded
     * document: when its pack holds a person, body or place) */
    const vl_extraction *x = &d->ex;
    if ((st->next_events ? pack_names(p, pack->len) : x->npersons + x->norgs + x->nplaces > 0) && !s) {
        q = st->stmt[ST_NEW];
        sqlite3_bind_int64(q, 1, id);
        s = run(st, q, err, "cannot mark the knowledge base");
    }
    return s;
}

vl_status vl_store_add(vl_store *st, const vl_doc *doc, int *added, vl_error *err)
{
    size_t len;
    const char *text = vl_doc_text(doc, &len);
    const unsigned char *layout;
    size_t llen;
    if (st->tape) {
        layout = vl_fts_tape_part(st->tape, -1, &llen);
    } else {
        vl_buf_reset(&st->layout);
        vl_fts_layout(doc, &st->layout);
        layout = st->layout.data ? st->layout.data : (const unsigned char *)"";
        llen = st->layout.len;
    }

    sqlite3_stmt *q = st->stmt[ST_INSERT_DOC];
    bind_text(q, 1, vl_doc_id(doc));
    bind_text(q, 2, vl_doc_hash(doc));
    bind_text(q, 3, vl_doc_source(doc));
    bind_text(q, 4, vl_doc_url(doc));
    bind_text(q, 5, vl_doc_date(doc));
    bind_text(q, 6, vl_doc_date_source(doc));
    bind_text(q, 7, vl_doc_title(doc));
    sqlite3_bind_int64(q, 8, (sqlite3_int64)len);
    sqlite3_bind_text(q, 9, text, (int)len, SQLITE_STATIC);
    sqlite3_bind_blob(q, 10, layout, (int)llen, SQLITE_STATIC);
    vl_status s = run(st, q, err, "cannot store document");
    if (s) return s;
    if (sqlite3_changes(st->db) == 0) {
        *added = 0;
        return VL_OK;
    }
    sqlite3_int64 rowid = sqlite3_last_insert_rowid(st->db);
    st->last_id = rowid;

    const unsigned char *body, *boiler;
    if (st->tape) {
        size_t n;
        body = vl_fts_tape_part(st->tape, VL_FTS_BODY, &n);
        boiler = vl_fts_tape_part(st->tape, VL_FTS_BOILER, &n);
    } else {
        vl_buf_reset(&st->body);
        vl_buf_reset(&st->boiler);
        vl_fts_part(text, len, layout, llen, VL_FTS_BODY, &st->body);
        vl_fts_part(text, len, layout, llen, VL_FTS_BOILER, &st->boiler);
        body = st->body.data ? st->body.data : (const unsigned char *)"";
        boiler = st->boiler.data ? st->boiler.data : (const unsigned char *)"";
    }
    q = st->stmt[ST_INSERT_FTS];
    sqlite3_bind_int64(q, 1, rowid);
    bind_text(q, 2, vl_doc_title(doc));
    /* Both end with a NUL and hold none (vl_norm_check): bound as
     * NUL-terminated, FTS5 reads them in place instead of copying each to
     * add a terminator. */
    sqlite3_bind_text(q, 3, (const char *)body, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, (const char *)boiler, -1, SQLITE_STATIC);
    s = run(st, q, err, "cannot index document");
    if (!s) s = store_facts(st, rowid, doc, err);
    if (s) return s;
    *added = 1;
    return VL_OK;
}

vl_status vl_store_note_skip(vl_store *st, const vl_error *why, vl_error *err)
{
    sqlite3_stmt *q = st->stmt[ST_SKIP];
    bind_text(q, 1, why->path);
    sqlite3_bind_int64(q, 2, why->line);
    bind_text(q, 3, why->message);
    return run(st, q, err, "cannot record skipped input");
}

vl_status vl_store_stats(vl_store *st, vl_stats *out, vl_error *err)
{
    vl_stats r;
    memset(&r, 0, sizeof r);
    r.schema_version = SCHEMA_VERSION;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT count(*), coalesce(sum(bytes),0), min(date), max(date),"
                           " (SELECT count(*) FROM skipped) FROM documents",
                           -1, &q, NULL) != SQLITE_OK)
        return vl_store_fail(st, err, "cannot read stats");
    if (sqlite3_step(q) == SQLITE_ROW) {
        r.documents = sqlite3_column_int64(q, 0);
        r.bytes = sqlite3_column_int64(q, 1);
        const unsigned char *a = sqlite3_column_text(q, 2), *b = sqlite3_column_text(q, 3);
        if (a) snprintf(r.first_date, sizeof r.first_date, "%s", (const char *)a);
        if (b) snprintf(r.last_date, sizeof r.last_date, "%s", (const char *)b);
        r.skipped = sqlite3_column_int64(q, 4);
    }
    sqlite3_finalize(q);
    *out = r;
    return VL_OK;
}

static const char *col(sqlite3_stmt *q, int i)
{
    return (const char *)sqlite3_column_text(q, i);
}

vl_status vl_store_get(vl_store *st, const char *key, vl_doc **out, vl_error *err)
{
    sqlite3_stmt *q;
    /* An id first, then a source path; the newest when several match. */
    if (sqlite3_prepare_v2(st->db,
                           "SELECT text, uid, source, url, date, date_source, title"
                           " FROM documents WHERE uid = ?1 OR source = ?1"
                           " ORDER BY (uid = ?1) DESC, id DESC LIMIT 1",
                           -1, &q, NULL) != SQLITE_OK)
        return vl_store_fail(st, err, "cannot load document");
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    vl_status s = VL_OK;
    if (sqlite3_step(q) == SQLITE_ROW) {
        *out = vl_doc_from_stored(st->ctx, col(q, 0), (size_t)sqlite3_column_bytes(q, 0),
                                  col(q, 1), col(q, 2), col(q, 3), col(q, 4), col(q, 5),
                                  col(q, 6));
    } else {
        s = vl_error_set(err, VL_ENOTFOUND, key, -1, -1, "no document with id or source %s",
                         key);
    }
    sqlite3_finalize(q);
    return s;
}
