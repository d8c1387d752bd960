/*
 * pgtab.c — PostgreSQL tables seen from SQLite (pgtab.h): the virtual
 * table module "veille_pg", the store's schema in PostgreSQL, and the
 * writer's copies of the knowledge base.
 */
#include "pgtab.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "buf.h"
#include "error.h"
#include "facts.h"
#include "fts.h"
#include "mem.h"

/* ------------------------------------------------------------ tables */

/* What a table is in PostgreSQL: plain rows, the fact index (one row per
 * term and document), or the full-text index. */
enum { PLAIN, KEYS, FTS };

typedef struct spec {
    const char *name;
    int kind;
    int kb;             /* derived by kb.c: a writer's are local copies */
    const char *cols;   /* "name type,...": i integer, t text, b blob, r real */
    const char *key;    /* the integer column that is the rowid, else NULL: a
                         * hidden serial column rid (none in the knowledge
                         * base: its tables are only read, and written whole) */
    const char *unique; /* the columns an INSERT OR IGNORE checks, or NULL */
    const char *pkey;   /* PostgreSQL's primary key */
    const char *ddl;    /* PostgreSQL's indexes */
} spec;

/* Schema 10's tables (store.c), and for the two FTS5 tables what stands for
 * them. */
static const spec specs[] = {
    {"documents", PLAIN, 0,
     "id i,uid t,hash t,source t,url t,date t,date_source t,title t,bytes i,text t,layout b,"
     "added_at t",
     "id", "hash", "id",
     "CREATE UNIQUE INDEX IF NOT EXISTS documents_hash ON documents(hash);"
     "CREATE INDEX IF NOT EXISTS documents_uid ON documents(uid);"
     "CREATE INDEX IF NOT EXISTS documents_source ON documents(source);"
     "CREATE INDEX IF NOT EXISTS documents_date ON documents(date);"},
    {"skipped", PLAIN, 0, "id i,source t,line i,reason t", "id", "source,line,reason", "id",
     NULL},
    {"doc_facts", PLAIN, 0, "doc_id i,facts b", "doc_id", NULL, "doc_id", NULL},
    /* read: each document of a MATCH with its pack (facttab.h) */
    {"fact_index", KEYS, 0, "terms t,facts b", NULL, NULL, NULL, NULL},
    {"doc_fts", FTS, 0, "title t,body t,boiler t", NULL, NULL, NULL, NULL},
    {"events", PLAIN, 0,
     "id i,doc_id i,type t,date t,place t,start i,end i,sentence_start i,sentence_end i,"
     "persons t",
     "id", NULL, "id",
     "CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id);"
     /* as the SQLite view: an event's persons as rows */
     "CREATE OR REPLACE VIEW event_persons(event_id, key, name, role, country, office, pos) AS"
     " SELECT e.id, p.v ->> 0, p.v ->> 1, p.v ->> 2, p.v ->> 3, p.v ->> 4, p.n - 1"
     " FROM events e, jsonb_array_elements(e.persons::jsonb) WITH ORDINALITY p(v, n);"},
    {"store_state", PLAIN, 0, "name t", NULL, "name", "name", NULL},
    {"kb_persons", PLAIN, 1, "key t,name t,documents i,first_seen t,last_seen t", NULL, NULL,
     "key", NULL},
    {"kb_aliases", PLAIN, 1, "key t,alias t,count i", NULL, NULL, "key,alias",
     "CREATE INDEX IF NOT EXISTS kb_aliases_alias ON kb_aliases(alias);"},
    {"kb_positions", PLAIN, 1,
     "key t,office t,title t,status t,single i,first_seen t,last_seen t,documents i", NULL,
     NULL, "key,office",
     "CREATE INDEX IF NOT EXISTS kb_positions_office ON kb_positions(office, first_seen);"
     "CREATE INDEX IF NOT EXISTS kb_positions_first ON kb_positions(first_seen);"},
    {"kb_keymap", PLAIN, 1, "from_key t,to_key t", NULL, NULL, "from_key", NULL},
    {"kb_split", PLAIN, 1, "key t,since t,new_key t", NULL, NULL, "key", NULL},
    {"kb_prefer", PLAIN, 1, "key t,name t", NULL, NULL, "key", NULL},
    {"kb_dirty", PLAIN, 1, "key t", NULL, NULL, "key", NULL},
    {"kb_entities", PLAIN, 1, "kind t,key t,name t,country t,documents i", NULL, NULL,
     "kind,key", NULL},
    {"kb_entity_aliases", PLAIN, 1, "kind t,key t,alias t,count i", NULL, NULL, "kind,key,alias",
     NULL},
    {"kb_dirty_e", PLAIN, 1, "kind t,key t", NULL, NULL, "kind,key", NULL},
    {"kb_touched", PLAIN, 1, "office t", NULL, NULL, "office", NULL},
    {"kb_new_e", PLAIN, 1, "doc_id i", "doc_id", NULL, "doc_id", NULL},
    {"kb_titles", PLAIN, 1, "key t,office t,title t,count i", NULL, NULL, "key,office,title",
     NULL},
    {"kb_points", PLAIN, 1,
     "office t,key t,month t,kind i,count i,first t,last t,first_doc i,last_doc i", NULL, NULL,
     "office,key,month,kind", "CREATE INDEX IF NOT EXISTS kb_points_month ON kb_points(month);"},
    {"kb_tenures", PLAIN, 1,
     "office t,start t,key t,kind i,seq i,last_seen t,ended t,end_cause t,documents i,"
     "start_doc i,last_doc i,end_doc i",
     NULL, NULL, "office,start,key,kind",
     "CREATE INDEX IF NOT EXISTS kb_tenures_key ON kb_tenures(key, office);"
     "CREATE INDEX IF NOT EXISTS kb_tenures_start ON kb_tenures(start);"},
    {"kb_nocountry", PLAIN, 1, "key t", NULL, NULL, "key", NULL},
};
enum { NSPECS = sizeof specs / sizeof specs[0], MAXCOLS = 16 };

/* The store's schema in PostgreSQL (veille_meta 'schema'). */
static const char pg_schema_version[] = "1";

typedef struct cols {
    int n;
    char name[MAXCOLS][24];
    char type[MAXCOLS];
    int key; /* the column that is the rowid, or -1 (rid) */
} cols;

static void parse_cols(const spec *sp, cols *c)
{
    memset(c, 0, sizeof *c);
    c->key = -1;
    const char *p = sp->cols;
    while (*p && c->n < MAXCOLS) {
        const char *sp_ = strchr(p, ' ');
        size_t n = (size_t)(sp_ - p);
        snprintf(c->name[c->n], sizeof c->name[0], "%.*s", (int)n, p);
        c->type[c->n] = sp_[1];
        if (sp->key && !strcmp(c->name[c->n], sp->key)) c->key = c->n;
        c->n++;
        p = sp_ + 2;
        if (*p == ',') p++;
    }
}

static const spec *spec_of(const char *name)
{
    for (int i = 0; i < NSPECS; i++)
        if (!strcmp(specs[i].name, name)) return &specs[i];
    return NULL;
}

/* ------------------------------------------------------- connection */

typedef struct pgtab pgtab;

enum { CACHE_SLOTS = 4096, CACHE_BYTES = 64 << 20, CACHE_ROW_BYTES = 1 << 20,
       PREPARED = 512 };

struct vl_pg {
    PGconn *conn;
    /* the statements the virtual tables prepared: their SQL, by hash */
    char *prepared[PREPARED];
    int nprepared;
    struct result *cache[CACHE_SLOTS];
    size_t cache_bytes;
    int writer;
    int txn;      /* a PostgreSQL transaction is open */
    int explicit_txn; /* opened by vl_pg_begin, not by a statement */
    int kb_dirty; /* the local knowledge base changed since it was read */
    sqlite3 *db;  /* the connection the tables are attached to */
    fts5_tokenizer tk; /* veille's analysis (fts.c), made at its first use */
    Fts5Tokenizer *tok;
    pgtab *tabs[NSPECS];
    int ntabs;
};

int vl_pg_is_url(const char *s)
{
    return s && (!strncmp(s, "postgresql://", 13) || !strncmp(s, "postgres://", 11));
}

/* The last error of the connection, without its trailing newline. */
static const char *pg_error(const vl_pg *pg)
{
    static _Thread_local char msg[512];
    snprintf(msg, sizeof msg, "%s", PQerrorMessage(pg->conn));
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = 0;
    return msg;
}

/* Runs SQL without rows; 0 when it succeeded. */
static int pg_exec(vl_pg *pg, const char *sql)
{
    PGresult *r = PQexec(pg->conn, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    return ok ? 0 : -1;
}

static void add_type(vl_buf *b, char t)
{
    vl_buf_adds(b, t == 'i' ? "bigint" : t == 'r' ? "double precision" : t == 'b' ? "bytea"
                                                                              : "text COLLATE \"C\"");
}

/* CREATE TABLE of a spec in PostgreSQL. */
static void table_ddl(const spec *sp, vl_buf *b)
{
    if (sp->kind == KEYS) {
        vl_buf_adds(b, "CREATE TABLE IF NOT EXISTS fact_keys(term text COLLATE \"C\" NOT NULL,"
                       " doc_id bigint NOT NULL, PRIMARY KEY(term, doc_id));");
        return;
    }
    if (sp->kind == FTS) {
        vl_buf_adds(b, "CREATE TABLE IF NOT EXISTS doc_tsv(doc_id bigint PRIMARY KEY, tsv tsvector);"
                       "CREATE INDEX IF NOT EXISTS doc_tsv_gin ON doc_tsv USING gin(tsv);");
        return;
    }
    cols c;
    parse_cols(sp, &c);
    vl_buf_adds(b, "CREATE TABLE IF NOT EXISTS ");
    vl_buf_adds(b, sp->name);
    vl_buf_addc(b, '(');
    if (c.key < 0 && !sp->kb) vl_buf_adds(b, "rid bigserial UNIQUE, ");
    for (int i = 0; i < c.n; i++) {
        vl_buf_addc(b, '"');
        vl_buf_adds(b, c.name[i]);
        vl_buf_adds(b, "\" ");
        add_type(b, c.type[i]);
        vl_buf_adds(b, ", ");
    }
    vl_buf_adds(b, "PRIMARY KEY(");
    vl_buf_adds(b, sp->pkey);
    vl_buf_adds(b, "));");
    if (sp->ddl) vl_buf_adds(b, sp->ddl);
}

static vl_status fail(vl_pg *pg, vl_error *err, const char *what)
{
    return vl_error_set(err, VL_EDB, NULL, -1, -1, "PostgreSQL: %s: %s", what, pg_error(pg));
}

/* Creates the tables when missing, in one transaction; checks the
 * version of those found. */
static vl_status ensure_schema(vl_pg *pg, vl_error *err)
{
    vl_buf b;
    vl_buf_init(&b, 0);
    vl_buf_adds(&b, "BEGIN; CREATE TABLE IF NOT EXISTS veille_meta(name text PRIMARY KEY,"
                    " value text NOT NULL);");
    for (int i = 0; i < NSPECS; i++) table_ddl(&specs[i], &b);
    vl_buf_adds(&b, "INSERT INTO veille_meta VALUES('schema', '");
    vl_buf_adds(&b, pg_schema_version);
    vl_buf_adds(&b, "') ON CONFLICT DO NOTHING; COMMIT;");
    vl_buf_addc(&b, 0);
    int rc = pg_exec(pg, (const char *)b.data);
    vl_buf_free(&b);
    if (rc) {
        vl_status s = fail(pg, err, "cannot create the tables");
        pg_exec(pg, "ROLLBACK");
        return s;
    }
    return VL_OK;
}

static vl_status check_schema(vl_pg *pg, vl_error *err)
{
    PGresult *r = PQexec(pg->conn, "SELECT value FROM veille_meta WHERE name = 'schema'");
    vl_status s = VL_OK;
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
        s = vl_error_set(err, VL_EDB, NULL, -1, -1,
                         "PostgreSQL: this database holds no veille store (ingest or load"
                         " into it first)");
    else if (strcmp(PQgetvalue(r, 0, 0), pg_schema_version) != 0)
        s = vl_error_set(err, VL_ESCHEMA, NULL, -1, -1,
                         "PostgreSQL: store schema %s, this veille reads %s", PQgetvalue(r, 0, 0),
                         pg_schema_version);
    PQclear(r);
    return s;
}

vl_status vl_pg_connect(const char *url, int writer, vl_pg **out, vl_error *err)
{
    vl_pg *pg = vl_calloc(1, sizeof *pg);
    pg->writer = writer;
    pg->conn = PQconnectdb(url);
    vl_status s = VL_OK;
    if (PQstatus(pg->conn) != CONNECTION_OK) {
        s = vl_error_set(err, VL_EDB, NULL, -1, -1, "cannot connect to PostgreSQL: %s",
                         pg_error(pg));
    } else if (pg_exec(pg, "SET client_min_messages = warning; SET client_encoding = 'UTF8'")) {
        s = fail(pg, err, "cannot configure the session");
    } else if (writer) {
        /* one writer at a time: "VEIL" */
        if (pg_exec(pg, "SELECT pg_advisory_lock(1447381324)"))
            s = fail(pg, err, "cannot take the writer's lock");
        else
            s = ensure_schema(pg, err);
    } else {
        s = check_schema(pg, err);
    }
    if (s) {
        vl_pg_free(pg);
        return s;
    }
    *out = pg;
    return VL_OK;
}

static void cache_drop(vl_pg *pg, int kind);

void vl_pg_free(vl_pg *pg)
{
    if (!pg) return;
    cache_drop(pg, -1);
    for (int i = 0; i < PREPARED; i++) free(pg->prepared[i]);
    if (pg->tok) pg->tk.xDelete(pg->tok);
    PQfinish(pg->conn);
    free(pg);
}

/* A bigint (or float8) of a binary result: 8 bytes, network order. */
static uint64_t be64(const char *v, int n)
{
    uint64_t u = 0;
    for (int i = 0; i < n && i < 8; i++) u = u << 8 | (unsigned char)v[i];
    return u;
}

/* Runs a query of the virtual tables as a prepared statement, prepared at
 * its first use on the connection (a join sends the same query once per
 * row: PostgreSQL then neither parses nor plans it again). */
static PGresult *run_query(vl_pg *pg, const char *sql, int n, const char *const *params);

static PGresult *pg_query(vl_pg *pg, const char *sql, int n, const char *const *params)
{
    PGresult *r = run_query(pg, sql, n, params);
    /* a reader whose server went away (a restart) connects again and asks
     * once more: a server's threads go on answering; a writer's
     * transaction is lost, and it fails */
    ExecStatusType st = PQresultStatus(r);
    if (pg->writer || st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) return r;
    if (PQstatus(pg->conn) == CONNECTION_OK) {
        /* the error may be the server's last word before it closed */
        PGresult *ping = PQexec(pg->conn, "SELECT 1");
        int alive = PQresultStatus(ping) == PGRES_TUPLES_OK;
        PQclear(ping);
        if (alive) return r;
        PQreset(pg->conn);
        pg->nprepared = -1; /* its statements are gone with it */
    }
    PQclear(r);
    return run_query(pg, sql, n, params);
}

static PGresult *run_query(vl_pg *pg, const char *sql, int n, const char *const *params)
{
    if (!pg->writer && (PQstatus(pg->conn) != CONNECTION_OK || pg->nprepared < 0)) {
        if (PQstatus(pg->conn) != CONNECTION_OK) PQreset(pg->conn);
        for (int k = 0; k < PREPARED; k++) {
            free(pg->prepared[k]);
            pg->prepared[k] = NULL;
        }
        pg->nprepared = 0;
        if (PQstatus(pg->conn) == CONNECTION_OK)
            pg_exec(pg, "SET client_min_messages = warning; SET client_encoding = 'UTF8'");
    }
    uint64_t h = XXH3_64bits(sql, strlen(sql));
    size_t i = (size_t)(h % PREPARED);
    int probes = 0;
    while (pg->prepared[i] && strcmp(pg->prepared[i], sql) && probes < PREPARED) {
        i = (i + 1) % PREPARED;
        probes++;
    }
    char name[32];
    snprintf(name, sizeof name, "vl%zu", i);
    if (probes == PREPARED || (!pg->prepared[i] && pg->nprepared >= PREPARED / 2))
        return PQexecParams(pg->conn, sql, n, NULL, params, NULL, NULL, 1); /* full */
    if (!pg->prepared[i]) {
        PGresult *r = PQprepare(pg->conn, name, sql, n, NULL);
        int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (!ok) return PQexecParams(pg->conn, sql, n, NULL, params, NULL, NULL, 1);
        pg->prepared[i] = vl_strdup(sql);
        pg->nprepared++;
    }
    return PQexecPrepared(pg->conn, name, n, params, NULL, NULL, 1); /* binary */
}

/* ------------------------------------------------------------ module */

/* A set of 64-bit hashes: the unique keys of the rows waiting. */
typedef struct hset {
    uint64_t *slot;
    size_t cap, n;
} hset;

static int hset_add(hset *s, uint64_t h)
{
    h |= 1;
    if (2 * (s->n + 1) > s->cap) {
        hset old = *s;
        s->cap = old.cap ? old.cap * 2 : 256;
        s->slot = vl_calloc(s->cap, sizeof *s->slot);
        s->n = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.slot[i]) hset_add(s, old.slot[i]);
        free(old.slot);
    }
    size_t i = (size_t)(h % s->cap);
    while (s->slot[i]) {
        if (s->slot[i] == h) return 0;
        i = (i + 1) % s->cap;
    }
    s->slot[i] = h;
    s->n++;
    return 1;
}

static void hset_clear(hset *s)
{
    free(s->slot);
    memset(s, 0, sizeof *s);
}

struct pgtab {
    sqlite3_vtab base;
    vl_pg *pg;
    const spec *sp;
    cols c;
    vl_buf copy; /* rows waiting, in COPY's text format */
    size_t waiting;
    hset uniq;
    int64_t next_id; /* the writer's next id, 0 until read */
};

/* A result of PostgreSQL's, shared by the cursors that read it and kept
 * for the next to ask the same (results.c-like cache of vl_pg): rows
 * fetched by key from tables whose rows never change once written (a
 * document, its facts' pack), and a writer's lookups in the fact index
 * until it writes there. A join asks for the same row once per row of
 * its other side, and the knowledge base's SQL for each document's pack
 * once per key it names: without the cache a load sent 65 queries per
 * document. */
typedef struct result {
    PGresult *res;
    char *key; /* the SQL, then each parameter, NUL-separated */
    size_t klen, bytes;
    uint64_t hash;
    int refs;   /* cursors reading it */
    int kept;   /* in the cache */
    int kind;   /* the table's (KEYS: forgotten when the index is written) */
    struct result *next;
} result;

typedef struct cursor {
    sqlite3_vtab_cursor base;
    result *r; /* the rows being read, or NULL */
    int field[MAXCOLS]; /* a column's field in the result, 0 when not read */
    int row, nrows;
    /* the fact index is read in chunks, in the order asked (a person's
     * evidence, newest first, stops after a few documents of thousands):
     * its query, terms, and where the next chunk starts */
    vl_buf ksql;
    char *kterms[MAXCOLS];
    int nterms, desc, chunk;
    sqlite3_int64 last;
} cursor;

enum { CHUNK_FIRST = 16, CHUNK_MAX = 4096,
       IDX_DESC = 1 << 20 }; /* idxNum: the fact index read newest first */

static int vt_error(pgtab *t, const char *what)
{
    sqlite3_free(t->base.zErrMsg);
    t->base.zErrMsg = sqlite3_mprintf("PostgreSQL: %s: %s", what, pg_error(t->pg));
    return SQLITE_ERROR;
}

static int vt_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                      sqlite3_vtab **out, char **errmsg)
{
    (void)argc;
    const spec *sp = spec_of(argv[2]);
    if (!sp) {
        *errmsg = sqlite3_mprintf("veille_pg: no table %s", argv[2]);
        return SQLITE_ERROR;
    }
    pgtab *t = sqlite3_malloc(sizeof *t);
    if (!t) return SQLITE_NOMEM;
    memset(t, 0, sizeof *t);
    t->pg = aux;
    t->sp = sp;
    parse_cols(sp, &t->c);
    vl_buf_init(&t->copy, 0);
    vl_buf d;
    vl_buf_init(&d, 0);
    vl_buf_adds(&d, "CREATE TABLE x(");
    for (int i = 0; i < t->c.n; i++) {
        if (i) vl_buf_adds(&d, ", ");
        vl_buf_addc(&d, '"');
        vl_buf_adds(&d, t->c.name[i]);
        vl_buf_addc(&d, '"');
    }
    /* the column MATCH names, as FTS5 declares it */
    if (sp->kind != PLAIN) {
        vl_buf_adds(&d, ", \"");
        vl_buf_adds(&d, sp->name);
        vl_buf_adds(&d, "\" HIDDEN");
        if (sp->kind == FTS) vl_buf_adds(&d, ", rank HIDDEN");
    }
    vl_buf_adds(&d, ")");
    vl_buf_addc(&d, 0);
    int rc = sqlite3_declare_vtab(db, (const char *)d.data);
    vl_buf_free(&d);
    if (rc != SQLITE_OK) {
        vl_buf_free(&t->copy);
        sqlite3_free(t);
        return rc;
    }
    sqlite3_vtab_config(db, SQLITE_VTAB_CONSTRAINT_SUPPORT, 1);
    if (t->pg->ntabs < NSPECS) t->pg->tabs[t->pg->ntabs++] = t;
    *out = &t->base;
    return SQLITE_OK;
}

static int vt_disconnect(sqlite3_vtab *v)
{
    pgtab *t = (pgtab *)v;
    vl_pg *pg = t->pg;
    for (int i = 0; i < pg->ntabs; i++)
        if (pg->tabs[i] == t) pg->tabs[i] = pg->tabs[--pg->ntabs];
    vl_buf_free(&t->copy);
    hset_clear(&t->uniq);
    sqlite3_free(t);
    return SQLITE_OK;
}

/* idxStr: per argument, the column ('A' + column, '@' the rowid) and the
 * operator ('=', '>', 'g' >=, '<', 'l' <=, 'M' MATCH). */
static char op_char(unsigned char op)
{
    switch (op) {
    case SQLITE_INDEX_CONSTRAINT_EQ: return '=';
    case SQLITE_INDEX_CONSTRAINT_GT: return '>';
    case SQLITE_INDEX_CONSTRAINT_GE: return 'g';
    case SQLITE_INDEX_CONSTRAINT_LT: return '<';
    case SQLITE_INDEX_CONSTRAINT_LE: return 'l';
    case SQLITE_INDEX_CONSTRAINT_MATCH: return 'M';
    default: return 0;
    }
}

static int vt_best_index(sqlite3_vtab *v, sqlite3_index_info *info)
{
    pgtab *t = (pgtab *)v;
    char plan[2 * MAXCOLS + 2];
    int n = 0, eq = 0, unique = 0, range = 0, match = 0;
    for (int i = 0; i < info->nConstraint && n < MAXCOLS; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (!c->usable) continue;
        char op = op_char(c->op);
        if (!op) continue;
        int col = c->iColumn;
        if (t->sp->kind != PLAIN) {
            if (op != 'M' || col != t->c.n) continue; /* only MATCH */
        } else {
            if (op == 'M') continue;
            if (col >= t->c.n) continue;
            if (col < 0 && t->c.key < 0) continue; /* rid: not pushed */
            int ccol = col < 0 ? t->c.key : col;
            if (t->c.type[ccol] == 'b' || t->c.type[ccol] == 'r') continue;
            const char *coll = sqlite3_vtab_collation(info, i);
            if (t->c.type[ccol] == 't' && coll && sqlite3_stricmp(coll, "BINARY")) continue;
            if (op == '=') {
                eq++;
                if (col < 0 || ccol == t->c.key) unique = 1;
            } else {
                range++;
            }
        }
        if (op == 'M') match = 1;
        plan[2 * n] = (char)(col < 0 ? '@' : 'A' + col);
        plan[2 * n + 1] = op;
        info->aConstraintUsage[i].argvIndex = ++n;
        info->aConstraintUsage[i].omit = op == 'M';
    }
    plan[2 * n] = 0;
    /* the fact index gives its rows in the order of their ids, either way */
    int desc = 0;
    if (t->sp->kind == KEYS && match && info->nOrderBy == 1 && info->aOrderBy[0].iColumn < 0) {
        info->orderByConsumed = 1;
        desc = info->aOrderBy[0].desc;
    }
    if (t->sp->kind != PLAIN && !match) {
        /* the index tables read only by MATCH */
        info->estimatedCost = 1e12;
        info->estimatedRows = 1000000;
    } else if (unique) {
        info->estimatedCost = 10;
        info->estimatedRows = 1;
        info->idxFlags = SQLITE_INDEX_SCAN_UNIQUE;
    } else if (eq || match) {
        info->estimatedCost = 1000.0 / (eq + 1);
        info->estimatedRows = 20;
    } else if (range) {
        info->estimatedCost = 100000;
        info->estimatedRows = 10000;
    } else {
        info->estimatedCost = 1000000;
        info->estimatedRows = 100000;
    }
    /* the columns the statement reads (a document's text is sent only to
     * whom reads it) */
    info->idxNum = (int)(info->colUsed & ((1u << MAXCOLS) - 1));
    if (info->colUsed >> MAXCOLS) info->idxNum = (1 << MAXCOLS) - 1;
    if (desc) info->idxNum |= IDX_DESC;
    info->idxStr = sqlite3_mprintf("%s", plan);
    info->needToFreeIdxStr = 1;
    return info->idxStr ? SQLITE_OK : SQLITE_NOMEM;
}

static int vt_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out)
{
    (void)v;
    cursor *c = sqlite3_malloc(sizeof *c);
    if (!c) return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    vl_buf_init(&c->ksql, 0);
    *out = &c->base;
    return SQLITE_OK;
}

static void result_free(result *r)
{
    PQclear(r->res);
    free(r->key);
    free(r);
}

static void release(result *r)
{
    if (r && --r->refs == 0 && !r->kept) result_free(r);
}

/* Drops the cached results no cursor reads (all of them, or those of one
 * kind of table). */
static void cache_drop(vl_pg *pg, int kind)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        result **pp = &pg->cache[i];
        while (*pp) {
            result *r = *pp;
            if (kind >= 0 && r->kind != kind) {
                pp = &r->next;
                continue;
            }
            *pp = r->next;
            pg->cache_bytes -= r->bytes;
            r->kept = 0;
            if (!r->refs) result_free(r);
        }
    }
}

static result *cache_find(vl_pg *pg, uint64_t h, const char *key, size_t klen)
{
    for (result *r = pg->cache[h % CACHE_SLOTS]; r; r = r->next)
        if (r->hash == h && r->klen == klen && !memcmp(r->key, key, klen)) return r;
    return NULL;
}

static void cache_keep(vl_pg *pg, result *r)
{
    if (r->bytes > CACHE_ROW_BYTES) return;
    if (pg->cache_bytes + r->bytes > CACHE_BYTES) cache_drop(pg, -1);
    r->kept = 1;
    r->next = pg->cache[r->hash % CACHE_SLOTS];
    pg->cache[r->hash % CACHE_SLOTS] = r;
    pg->cache_bytes += r->bytes;
}

static void forget_chunks(cursor *c)
{
    for (int k = 0; k < c->nterms; k++) free(c->kterms[k]);
    c->nterms = 0;
    vl_buf_reset(&c->ksql);
}

static int vt_close(sqlite3_vtab_cursor *vc)
{
    cursor *c = (cursor *)vc;
    release(c->r);
    forget_chunks(c);
    vl_buf_free(&c->ksql);
    sqlite3_free(c);
    return SQLITE_OK;
}

static int flush(pgtab *t);

/* Sends every table's waiting rows (a read must see them). */
static int flush_all(vl_pg *pg, pgtab *self)
{
    for (int i = 0; i < pg->ntabs; i++)
        if (pg->tabs[i]->waiting && flush(pg->tabs[i]) != SQLITE_OK) {
            if (self && pg->tabs[i] != self) {
                sqlite3_free(self->base.zErrMsg);
                self->base.zErrMsg = sqlite3_mprintf("%s", pg->tabs[i]->base.zErrMsg);
            }
            return SQLITE_ERROR;
        }
    return SQLITE_OK;
}

static void add_ident(vl_buf *b, const char *name)
{
    vl_buf_addc(b, '"');
    vl_buf_adds(b, name);
    vl_buf_addc(b, '"');
}

/* Every column of c, quoted, comma-separated: a SELECT's or a COPY's list. */
static void add_idents(vl_buf *b, const cols *c)
{
    for (int i = 0; i < c->n; i++) {
        if (i) vl_buf_adds(b, ", ");
        add_ident(b, c->name[i]);
    }
}

/* A MATCH expression of the fact index ("t1" AND "t2": facttab.c) as
 * SQL over fact_keys, its terms in params; -1 when it is not one. */
static int match_sql(const char *e, int desc, vl_buf *sql, char **params, int *np)
{
    const char *p = e;
    int first = 1;
    vl_buf_adds(sql, "SELECT k.doc_id, f.facts FROM (");
    for (;;) {
        while (*p == ' ') p++;
        if (*p != '"' || *np >= MAXCOLS) return -1;
        vl_buf term;
        vl_buf_init(&term, 0);
        for (p++;; p++) {
            if (!*p) {
                vl_buf_free(&term);
                return -1;
            }
            if (*p == '"') {
                if (p[1] != '"') break;
                p++;
            }
            vl_buf_addc(&term, *p);
        }
        p++;
        vl_buf_addc(&term, 0);
        params[(*np)++] = (char *)term.data;
        if (!first) vl_buf_adds(sql, " INTERSECT ");
        char ph[48];
        snprintf(ph, sizeof ph, "SELECT doc_id FROM fact_keys WHERE term = $%d", *np);
        vl_buf_adds(sql, ph);
        first = 0;
        while (*p == ' ') p++;
        if (!*p) break;
        if (strncmp(p, "AND ", 4)) return -1;
        p += 4;
    }
    /* then the chunk: after the last id read, so many */
    char tail[160];
    snprintf(tail, sizeof tail,
             ") k JOIN doc_facts f ON f.doc_id = k.doc_id WHERE k.doc_id %s $%d"
             " ORDER BY 1%s LIMIT $%d",
             desc ? "<" : ">", *np + 1, desc ? " DESC" : "", *np + 2);
    vl_buf_adds(sql, tail);
    return 0;
}

static int run_filter(cursor *c, pgtab *t, vl_buf *sqlp, char **params, int np,
                      const char *idxStr);

static int vt_filter(sqlite3_vtab_cursor *vc, int idxNum, const char *idxStr, int argc,
                     sqlite3_value **argv)
{
    cursor *c = (cursor *)vc;
    pgtab *t = (pgtab *)vc->pVtab;
    if (flush_all(t->pg, t) != SQLITE_OK) return SQLITE_ERROR;
    vl_buf sql;
    vl_buf_init(&sql, 0);
    char *params[MAXCOLS + 1];
    int np = 0, none = 0;
    if (t->sp->kind == KEYS) {
        c->field[0] = 0;
        c->field[1] = 1; /* facts */
        c->desc = (idxNum & IDX_DESC) != 0;
        for (int i = 0; i < argc; i++) {
            const char *e = (const char *)sqlite3_value_text(argv[i]);
            if (!e || match_sql(e, c->desc, &sql, params, &np)) {
                for (int k = 0; k < np; k++) free(params[k]);
                vl_buf_free(&sql);
                sqlite3_free(t->base.zErrMsg);
                t->base.zErrMsg = sqlite3_mprintf("veille_pg: fact index expression not read");
                return SQLITE_ERROR;
            }
            break;
        }
        forget_chunks(c);
        vl_buf_add(&c->ksql, sql.data, sql.len);
        vl_buf_addc(&c->ksql, 0);
        for (int k = 0; k < np; k++) c->kterms[c->nterms++] = vl_strdup(params[k]);
        c->chunk = CHUNK_FIRST;
        char bound[32], limit[16];
        snprintf(bound, sizeof bound, "%lld", c->desc ? (long long)INT64_MAX : (long long)INT64_MIN);
        snprintf(limit, sizeof limit, "%d", c->chunk);
        params[np++] = vl_strdup(bound);
        params[np++] = vl_strdup(limit);
    } else if (t->sp->kind == FTS) {
        none = 1; /* PostgreSQL's full-text search is not read through SQLite */
    } else {
        vl_buf_adds(&sql, "SELECT ");
        if (t->c.key >= 0) add_ident(&sql, t->c.name[t->c.key]);
        else vl_buf_adds(&sql, t->sp->kb ? "0::bigint" : "rid");
        int nf = 1;
        for (int i = 0; i < t->c.n; i++) {
            c->field[i] = 0;
            if (!(idxNum >> i & 1)) continue;
            c->field[i] = nf++;
            vl_buf_adds(&sql, ", ");
            add_ident(&sql, t->c.name[i]);
        }
        vl_buf_adds(&sql, " FROM ");
        vl_buf_adds(&sql, t->sp->name);
        int where = 0;
        for (int i = 0; i < argc && idxStr[2 * i]; i++) {
            int col = idxStr[2 * i] == '@' ? t->c.key : idxStr[2 * i] - 'A';
            char op = idxStr[2 * i + 1];
            sqlite3_value *v = argv[i];
            int vt = sqlite3_value_type(v);
            if (vt == SQLITE_NULL) { /* compares to nothing */
                none = 1;
                break;
            }
            if (t->c.type[col] == 'i' && vt != SQLITE_INTEGER) {
                /* SQLite compares an integer column with text by type: no
                 * row equals it; a range is left to SQLite */
                if (vt == SQLITE_FLOAT || op != '=') continue;
                none = 1;
                break;
            }
            if (t->c.type[col] == 't' && vt != SQLITE_TEXT) {
                if (op != '=') continue;
                none = 1; /* a number is no text */
                break;
            }
            const char *text = (const char *)sqlite3_value_text(v);
            params[np++] = vl_strdup(text ? text : "");
            vl_buf_adds(&sql, where ? " AND " : " WHERE ");
            where = 1;
            add_ident(&sql, t->c.name[col]);
            const char *ops = op == '=' ? " = " : op == '>' ? " > " : op == 'g' ? " >= " : op == '<' ? " < " : " <= ";
            vl_buf_adds(&sql, ops);
            char ph[16];
            snprintf(ph, sizeof ph, "$%d", np);
            vl_buf_adds(&sql, ph);
        }
    }
    vl_buf_addc(&sql, 0);
    if (none) {
        for (int k = 0; k < np; k++) free(params[k]);
        vl_buf_free(&sql);
        release(c->r);
        c->r = NULL;
        c->nrows = c->row = 0;
        return SQLITE_OK;
    }
    return run_filter(c, t, &sql, params, np, idxStr);
}

/* Runs a filter's query (sql and params are taken) or finds its rows
 * read before; the cursor on their first. */
static int run_filter(cursor *c, pgtab *t, vl_buf *sqlp, char **params, int np,
                      const char *idxStr)
{
    vl_buf sql = *sqlp;
    /* the rows of the same query, read before */
    vl_buf key;
    vl_buf_init(&key, 0);
    vl_buf_add(&key, sql.data, sql.len);
    for (int k = 0; k < np; k++) vl_buf_add(&key, params[k], strlen(params[k]) + 1);
    uint64_t h = XXH3_64bits(key.data, key.len);
    result *r = c->r && c->r->hash == h && c->r->klen == key.len &&
                        !memcmp(c->r->key, key.data, key.len)
                    ? c->r
                    : cache_find(t->pg, h, (const char *)key.data, key.len);
    if (r) {
        if (r != c->r) {
            r->refs++;
            release(c->r);
            c->r = r;
        }
    } else {
        r = vl_calloc(1, sizeof *r);
        r->res = pg_query(t->pg, (const char *)sql.data, np, (const char *const *)params);
        if (PQresultStatus(r->res) != PGRES_TUPLES_OK) {
            result_free(r);
            r = NULL;
        } else {
            r->hash = h;
            r->klen = key.len;
            r->key = (char *)key.data;
            key.data = NULL;
            r->refs = 1;
            r->kind = t->sp->kind;
            r->bytes = PQresultMemorySize(r->res);
            /* a row by its key, of a table whose rows do not change (a
             * missing one may come); a writer's index lookup */
            int by_key = np == 1 && idxStr[0] && !idxStr[2] && idxStr[1] == '=' &&
                         (idxStr[0] == '@' || idxStr[0] - 'A' == t->c.key);
            int immutable = !strcmp(t->sp->name, "documents") || !strcmp(t->sp->name, "doc_facts");
            if ((by_key && immutable && PQntuples(r->res) > 0) ||
                (t->sp->kind == KEYS && t->pg->writer))
                cache_keep(t->pg, r);
        }
        release(c->r);
        c->r = r;
    }
    for (int k = 0; k < np; k++) free(params[k]);
    vl_buf_free(&sql);
    free(key.data);
    if (!r) return vt_error(t, "cannot read");
    c->nrows = PQntuples(r->res);
    c->row = 0;
    return SQLITE_OK;
}

static int vt_next(sqlite3_vtab_cursor *vc)
{
    cursor *c = (cursor *)vc;
    pgtab *t = (pgtab *)vc->pVtab;
    c->row++;
    if (t->sp->kind != KEYS || c->row < c->nrows || c->nrows < c->chunk || !c->ksql.len)
        return SQLITE_OK;
    /* the chunk was full: the next one, larger */
    c->last = (sqlite3_int64)be64(PQgetvalue(c->r->res, c->nrows - 1, 0),
                                  PQgetlength(c->r->res, c->nrows - 1, 0));
    c->chunk = c->chunk * 4 < CHUNK_MAX ? c->chunk * 4 : CHUNK_MAX;
    char *params[MAXCOLS + 2];
    int np = 0;
    for (int k = 0; k < c->nterms; k++) params[np++] = vl_strdup(c->kterms[k]);
    char bound[32], limit[16];
    snprintf(bound, sizeof bound, "%lld", (long long)c->last);
    snprintf(limit, sizeof limit, "%d", c->chunk);
    params[np++] = vl_strdup(bound);
    params[np++] = vl_strdup(limit);
    vl_buf sql;
    vl_buf_init(&sql, 0);
    vl_buf_add(&sql, c->ksql.data, c->ksql.len);
    return run_filter(c, t, &sql, params, np, "");
}

static int vt_eof(sqlite3_vtab_cursor *vc)
{
    const cursor *c = (const cursor *)vc;
    return c->row >= c->nrows;
}

static int vt_column(sqlite3_vtab_cursor *vc, sqlite3_context *ctx, int i)
{
    cursor *c = (cursor *)vc;
    pgtab *t = (pgtab *)vc->pVtab;
    int f = t->sp->kind != FTS && i < t->c.n ? c->field[i] : 0;
    if (!f || PQgetisnull(c->r->res, c->row, f)) {
        sqlite3_result_null(ctx);
        return SQLITE_OK;
    }
    /* results come in the binary format: integers and reals as 8 bytes
     * in network order, text and bytea as they are */
    const char *v = PQgetvalue(c->r->res, c->row, f);
    int n = PQgetlength(c->r->res, c->row, f);
    switch (t->c.type[i]) {
    case 'i': sqlite3_result_int64(ctx, (sqlite3_int64)be64(v, n)); break;
    case 'r': {
        uint64_t u = be64(v, n);
        double d;
        memcpy(&d, &u, sizeof d);
        sqlite3_result_double(ctx, d);
        break;
    }
    case 'b': sqlite3_result_blob(ctx, v, n, SQLITE_TRANSIENT); break;
    default: sqlite3_result_text(ctx, v, n, SQLITE_TRANSIENT);
    }
    return SQLITE_OK;
}

static int vt_rowid(sqlite3_vtab_cursor *vc, sqlite3_int64 *out)
{
    cursor *c = (cursor *)vc;
    const pgtab *t = (const pgtab *)vc->pVtab;
    /* a knowledge-base table has no key of its own: only read, by readers */
    if (t->c.key < 0 && t->sp->kb) *out = c->row + 1;
    else *out = (sqlite3_int64)be64(PQgetvalue(c->r->res, c->row, 0),
                                    PQgetlength(c->r->res, c->row, 0));
    return SQLITE_OK;
}

/* ------------------------------------------------------------ writes */

/* Text in COPY's text format. */
static void copy_text(vl_buf *b, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = p[i];
        if (ch == '\\') vl_buf_adds(b, "\\\\");
        else if (ch == '\n') vl_buf_adds(b, "\\n");
        else if (ch == '\r') vl_buf_adds(b, "\\r");
        else if (ch == '\t') vl_buf_adds(b, "\\t");
        else if (ch) vl_buf_addc(b, (char)ch);
    }
}

/* One value in COPY's text format. */
static void copy_value(vl_buf *b, sqlite3_value *v, char type)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL: vl_buf_adds(b, "\\N"); return;
    case SQLITE_INTEGER: {
        char s[32];
        snprintf(s, sizeof s, "%lld", (long long)sqlite3_value_int64(v));
        vl_buf_adds(b, s);
        return;
    }
    case SQLITE_FLOAT: {
        char s[40];
        snprintf(s, sizeof s, "%.17g", sqlite3_value_double(v));
        vl_buf_adds(b, s);
        return;
    }
    default: break;
    }
    const unsigned char *p = sqlite3_value_blob(v);
    int n = sqlite3_value_bytes(v);
    if (type == 'b') {
        static const char hex[] = "0123456789abcdef";
        vl_buf_adds(b, "\\\\x");
        for (int i = 0; i < n; i++) {
            vl_buf_addc(b, hex[p[i] >> 4]);
            vl_buf_addc(b, hex[p[i] & 15]);
        }
        return;
    }
    copy_text(b, p, (size_t)n);
}

static int copy_in(vl_pg *pg, const char *sql, const vl_buf *rows)
{
    PGresult *r = PQexec(pg->conn, sql);
    int ok = PQresultStatus(r) == PGRES_COPY_IN;
    PQclear(r);
    if (!ok) return -1;
    if (rows->len && PQputCopyData(pg->conn, (const char *)rows->data, (int)rows->len) != 1)
        ok = 0;
    if (PQputCopyEnd(pg->conn, ok ? NULL : "veille: copy failed") != 1) ok = 0;
    while ((r = PQgetResult(pg->conn))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK) ok = 0;
        PQclear(r);
    }
    return ok ? 0 : -1;
}

static int flush(pgtab *t)
{
    if (!t->waiting) return SQLITE_OK;
    vl_buf sql;
    vl_buf_init(&sql, 0);
    if (t->sp->kind == KEYS) {
        vl_buf_adds(&sql, "COPY fact_keys(term, doc_id) FROM STDIN");
    } else if (t->sp->kind == FTS) {
        vl_buf_adds(&sql, "COPY doc_tsv(doc_id, tsv) FROM STDIN");
    } else {
        vl_buf_adds(&sql, "COPY ");
        vl_buf_adds(&sql, t->sp->name);
        vl_buf_addc(&sql, '(');
        add_idents(&sql, &t->c);
        vl_buf_adds(&sql, ") FROM STDIN");
    }
    vl_buf_addc(&sql, 0);
    int rc = copy_in(t->pg, (const char *)sql.data, &t->copy);
    if (t->sp->kind == KEYS) cache_drop(t->pg, KEYS); /* the index changed */
    vl_buf_free(&sql);
    vl_buf_reset(&t->copy);
    t->waiting = 0;
    hset_clear(&t->uniq);
    return rc ? vt_error(t, "cannot write") : SQLITE_OK;
}

/* ------------------------------------------------------ full text */

/* The tokens of veille's analysis (fts.c), with their positions. */
typedef struct lexeme {
    size_t at; /* in the collector's bytes */
    int len, pos;
    char weight;
} lexeme;

typedef struct collector {
    vl_buf bytes;
    lexeme *lx;
    size_t n, cap;
    int pos;
    char weight;
    int query; /* 1: the query's tokens, colocated ones as alternatives */
} collector;

static int collect(void *cx, int flags, const char *tok, int n, int s, int e)
{
    (void)s;
    (void)e;
    collector *c = cx;
    if (!(flags & FTS5_TOKEN_COLOCATED) || !c->n) c->pos++;
    if (n <= 0 || n >= 2047) return SQLITE_OK; /* PostgreSQL's lexemes are < 2 KB */
    c->lx = vl_grow(c->lx, &c->cap, c->n + 1, sizeof *c->lx);
    c->lx[c->n++] = (lexeme){c->bytes.len, n, c->pos, c->weight};
    vl_buf_add(&c->bytes, tok, (size_t)n);
    return SQLITE_OK;
}

static _Thread_local const collector *sorting;
static int by_lexeme(const void *a, const void *b)
{
    const lexeme *x = a, *y = b;
    int n = x->len < y->len ? x->len : y->len;
    int c = memcmp(sorting->bytes.data + x->at, sorting->bytes.data + y->at, (size_t)n);
    if (c) return c;
    if (x->len != y->len) return x->len - y->len;
    return x->pos - y->pos;
}

/* A lexeme as a quoted literal of tsvector or tsquery. */
static void add_lexeme(vl_buf *b, const char *p, int n)
{
    vl_buf_addc(b, '\'');
    for (int i = 0; i < n; i++) {
        if (p[i] == '\'' || p[i] == '\\') vl_buf_addc(b, p[i]);
        vl_buf_addc(b, p[i]);
    }
    vl_buf_addc(b, '\'');
}

/* The tokenizer "veille" of the connection, made once. */
static int tokenizer(vl_pg *pg)
{
    if (pg->tok) return 0;
    fts5_api *api = vl_fts_api(pg->db);
    void *user = NULL;
    if (!api || api->xFindTokenizer(api, "veille", &user, &pg->tk) != SQLITE_OK ||
        pg->tk.xCreate(user, NULL, 0, &pg->tok) != SQLITE_OK) {
        pg->tok = NULL;
        return -1;
    }
    return 0;
}

/* The document's columns (title, body, boilerplate) as a tsvector
 * literal in the COPY row: veille's lexemes, weighted A, B and D (the
 * weights of its ranking, 8, 1 and 0.25, are given at query time). */
static int tsvector_of(pgtab *t, sqlite3_value **vals)
{
    vl_pg *pg = t->pg;
    if (tokenizer(pg)) {
        sqlite3_free(t->base.zErrMsg);
        t->base.zErrMsg = sqlite3_mprintf("veille_pg: no tokenizer veille");
        return SQLITE_ERROR;
    }
    collector c = {0};
    vl_buf_init(&c.bytes, 0);
    static const char weight[3] = {'A', 'B', 'D'};
    for (int col = 0; col < 3; col++) {
        const char *text = (const char *)sqlite3_value_text(vals[col]);
        if (!text) continue;
        c.weight = weight[col];
        int rc = pg->tk.xTokenize(pg->tok, &c, FTS5_TOKENIZE_DOCUMENT, text,
                                 sqlite3_value_bytes(vals[col]), collect);
        if (rc != SQLITE_OK) {
            vl_buf_free(&c.bytes);
            free(c.lx);
            return SQLITE_ERROR;
        }
    }
    sorting = &c;
    if (c.n) qsort(c.lx, c.n, sizeof *c.lx, by_lexeme);
    vl_buf lit;
    vl_buf_init(&lit, 0);
    int per = 0;
    for (size_t i = 0; i < c.n && lit.len < (900u << 10); i++) {
        const lexeme *x = &c.lx[i];
        int same = i && c.lx[i - 1].len == x->len &&
                   !memcmp(c.bytes.data + c.lx[i - 1].at, c.bytes.data + x->at, (size_t)x->len);
        if (!same) {
            if (i) vl_buf_addc(&lit, ' ');
            add_lexeme(&lit, (const char *)c.bytes.data + x->at, x->len);
            vl_buf_addc(&lit, ':');
            per = 0;
        } else if (per >= 256 || x->pos == c.lx[i - 1].pos) { /* PostgreSQL keeps 256 */
            continue;
        } else {
            vl_buf_addc(&lit, ',');
        }
        char p[16];
        snprintf(p, sizeof p, "%d%c", x->pos < 16383 ? x->pos : 16383, x->weight);
        vl_buf_adds(&lit, p);
        per++;
    }
    copy_text(&t->copy, lit.data ? lit.data : (const unsigned char *)"", lit.len);
    vl_buf_free(&lit);
    vl_buf_free(&c.bytes);
    free(c.lx);
    return SQLITE_OK;
}

/* Whether a row with these unique values exists (waiting or stored): 1,
 * 0, or -1 on error. */
static int exists(pgtab *t, sqlite3_value **vals)
{
    char names[MAXCOLS][24];
    int n = 0;
    for (const char *p = t->sp->unique; *p && n < MAXCOLS;) {
        size_t k = strcspn(p, ",");
        snprintf(names[n++], sizeof names[0], "%.*s", (int)k, p);
        p += k + (p[k] == ',');
    }
    XXH3_state_t *h = XXH3_createState();
    XXH3_64bits_reset(h);
    char *params[MAXCOLS];
    vl_buf sql;
    vl_buf_init(&sql, 0);
    vl_buf_adds(&sql, "SELECT 1 FROM ");
    vl_buf_adds(&sql, t->sp->name);
    for (int i = 0; i < n; i++) {
        int col = 0;
        while (col < t->c.n && strcmp(t->c.name[col], names[i])) col++;
        const char *v = (const char *)sqlite3_value_text(vals[col]);
        params[i] = vl_strdup(v ? v : "");
        XXH3_64bits_update(h, params[i], strlen(params[i]) + 1);
        vl_buf_adds(&sql, i ? " AND " : " WHERE ");
        add_ident(&sql, names[i]);
        char ph[16];
        snprintf(ph, sizeof ph, " = $%d", i + 1);
        vl_buf_adds(&sql, ph);
    }
    vl_buf_adds(&sql, " LIMIT 1");
    vl_buf_addc(&sql, 0);
    uint64_t hv = XXH3_64bits_digest(h);
    XXH3_freeState(h);
    int found;
    if (!hset_add(&t->uniq, hv)) {
        found = 1;
    } else {
        PGresult *r = PQexecParams(t->pg->conn, (const char *)sql.data, n, NULL,
                                   (const char *const *)params, NULL, NULL, 0);
        found = PQresultStatus(r) != PGRES_TUPLES_OK ? -1 : PQntuples(r) > 0;
        PQclear(r);
    }
    for (int i = 0; i < n; i++) free(params[i]);
    vl_buf_free(&sql);
    return found;
}

/* The next id of a table whose ids the writer counts. */
static int next_id(pgtab *t, sqlite3_int64 *out)
{
    if (!t->next_id) {
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT coalesce(max(\"%s\"), 0) + 1 FROM %s",
                 t->c.name[t->c.key], t->sp->name);
        PGresult *r = PQexec(t->pg->conn, sql);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            PQclear(r);
            return vt_error(t, "cannot count ids");
        }
        t->next_id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        PQclear(r);
    }
    *out = t->next_id++;
    return SQLITE_OK;
}

static int run_params(pgtab *t, const char *sql, int n, char **params)
{
    PGresult *r = PQexecParams(t->pg->conn, sql, n, NULL, (const char *const *)params, NULL,
                               NULL, 0);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    return ok ? SQLITE_OK : vt_error(t, "cannot change rows");
}

/* doc_fts's 'rebuild': every document's lexemes written again. */
static int rebuild_fts(pgtab *t)
{
    if (flush_all(t->pg, t) != SQLITE_OK) return SQLITE_ERROR;
    if (pg_exec(t->pg, "DELETE FROM doc_tsv")) return vt_error(t, "cannot empty doc_tsv");
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(t->pg->db,
                           "SELECT id, title, vl_part(text, layout, 1), vl_part(text, layout, 2)"
                           " FROM documents",
                           -1, &q, NULL) != SQLITE_OK) {
        sqlite3_free(t->base.zErrMsg);
        t->base.zErrMsg = sqlite3_mprintf("%s", sqlite3_errmsg(t->pg->db));
        return SQLITE_ERROR;
    }
    int rc = SQLITE_OK;
    while (rc == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW) {
        sqlite3_value *cols3[3] = {sqlite3_column_value(q, 1), sqlite3_column_value(q, 2),
                                   sqlite3_column_value(q, 3)};
        char id[32];
        snprintf(id, sizeof id, "%lld\t", (long long)sqlite3_column_int64(q, 0));
        vl_buf_adds(&t->copy, id);
        rc = tsvector_of(t, cols3);
        vl_buf_addc(&t->copy, '\n');
        t->waiting++;
        if (rc == SQLITE_OK && t->copy.len > (8u << 20)) rc = flush(t);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_OK ? flush(t) : rc;
}

static int vt_update(sqlite3_vtab *v, int argc, sqlite3_value **argv, sqlite3_int64 *rowid)
{
    pgtab *t = (pgtab *)v;
    vl_pg *pg = t->pg;
    if (!pg->writer) {
        sqlite3_free(t->base.zErrMsg);
        t->base.zErrMsg = sqlite3_mprintf("veille_pg: a reader does not write");
        return SQLITE_READONLY;
    }
    if (argc == 1 || sqlite3_value_type(argv[0]) != SQLITE_NULL) {
        /* a delete or an update, by the row's key */
        if (t->sp->kind != PLAIN) {
            sqlite3_free(t->base.zErrMsg);
            t->base.zErrMsg = sqlite3_mprintf("veille_pg: %s takes inserts only", t->sp->name);
            return SQLITE_ERROR;
        }
        if (flush_all(pg, t) != SQLITE_OK) return SQLITE_ERROR;
        char *params[MAXCOLS + 1];
        int np = 0;
        params[np++] = vl_strdup((const char *)sqlite3_value_text(argv[0]));
        vl_buf sql;
        vl_buf_init(&sql, 0);
        if (argc == 1) {
            vl_buf_adds(&sql, "DELETE FROM ");
            vl_buf_adds(&sql, t->sp->name);
        } else {
            vl_buf_adds(&sql, "UPDATE ");
            vl_buf_adds(&sql, t->sp->name);
            vl_buf_adds(&sql, " SET ");
            for (int i = 0; i < t->c.n; i++) {
                const char *s = (const char *)sqlite3_value_text(argv[2 + i]);
                params[np++] = s ? vl_strdup(s) : NULL;
                char set[64];
                snprintf(set, sizeof set, "%s\"%s\" = $%d", i ? ", " : "", t->c.name[i], np);
                vl_buf_adds(&sql, set);
            }
        }
        vl_buf_adds(&sql, " WHERE ");
        if (t->c.key >= 0) add_ident(&sql, t->c.name[t->c.key]);
        else vl_buf_adds(&sql, "rid");
        vl_buf_adds(&sql, " = $1");
        vl_buf_addc(&sql, 0);
        int rc = run_params(t, (const char *)sql.data, np, params);
        for (int i = 0; i < np; i++) free(params[i]);
        vl_buf_free(&sql);
        return rc;
    }
    sqlite3_value **vals = argv + 2;
    sqlite3_int64 id = 0;
    int has_id = 0;
    if (t->c.key >= 0 && sqlite3_value_type(vals[t->c.key]) == SQLITE_INTEGER) {
        id = sqlite3_value_int64(vals[t->c.key]);
        has_id = 1;
    } else if (sqlite3_value_type(argv[1]) == SQLITE_INTEGER) {
        id = sqlite3_value_int64(argv[1]);
        has_id = 1;
    }
    if (t->sp->kind == FTS && sqlite3_value_type(vals[t->c.n]) != SQLITE_NULL) {
        /* a command of FTS5's: 'rebuild' makes the index again from the
         * stored documents (after the stems changed); the others tune
         * FTS5's own storage */
        const char *cmd = (const char *)sqlite3_value_text(vals[t->c.n]);
        return cmd && !strcmp(cmd, "rebuild") ? rebuild_fts(t) : SQLITE_OK;
    }
    if (t->sp->kind == FTS) {
        char s[32];
        snprintf(s, sizeof s, "%lld\t", (long long)id);
        vl_buf_adds(&t->copy, s);
        if (tsvector_of(t, vals) != SQLITE_OK) return SQLITE_ERROR;
        vl_buf_addc(&t->copy, '\n');
        t->waiting++;
        *rowid = id;
        return t->copy.len > (8u << 20) ? flush(t) : SQLITE_OK;
    }
    if (t->sp->kind == KEYS) {
        const char *terms = (const char *)sqlite3_value_text(vals[0]);
        hset seen = {0}; /* a term is indexed once per document */
        for (const char *p = terms ? terms : ""; *p;) {
            size_t k = strcspn(p, "\n");
            if (k && hset_add(&seen, XXH3_64bits(p, k))) {
                copy_text(&t->copy, (const unsigned char *)p, k);
                char s[32];
                snprintf(s, sizeof s, "\t%lld\n", (long long)id);
                vl_buf_adds(&t->copy, s);
                t->waiting++;
            }
            p += k + (p[k] == '\n');
        }
        hset_clear(&seen);
        *rowid = id;
        return SQLITE_OK;
    }
    if (t->sp->unique) {
        int e = exists(t, vals);
        if (e < 0) return vt_error(t, "cannot read");
        if (e) {
            sqlite3_free(t->base.zErrMsg);
            t->base.zErrMsg = sqlite3_mprintf("UNIQUE constraint failed: %s", t->sp->name);
            return SQLITE_CONSTRAINT;
        }
    }
    if (t->c.key >= 0 && !has_id && next_id(t, &id) != SQLITE_OK) return SQLITE_ERROR;
    if (t->c.key >= 0 && has_id && t->next_id && id >= t->next_id) t->next_id = id + 1;
    for (int i = 0; i < t->c.n; i++) {
        if (i) vl_buf_addc(&t->copy, '\t');
        if (i == t->c.key) {
            char s[32];
            snprintf(s, sizeof s, "%lld", (long long)id);
            vl_buf_adds(&t->copy, s);
        } else if (!strcmp(t->c.name[i], "added_at") &&
                   sqlite3_value_type(vals[i]) == SQLITE_NULL) {
            char s[32];
            time_t now = time(NULL);
            struct tm tm;
            gmtime_r(&now, &tm);
            strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
            vl_buf_adds(&t->copy, s);
        } else {
            copy_value(&t->copy, vals[i], t->c.type[i]);
        }
    }
    vl_buf_addc(&t->copy, '\n');
    t->waiting++;
    *rowid = id;
    /* big batches go out as they fill */
    if (t->copy.len > (8u << 20)) return flush(t);
    return SQLITE_OK;
}

static int vt_begin(sqlite3_vtab *v)
{
    pgtab *t = (pgtab *)v;
    if (t->pg->txn) return SQLITE_OK;
    if (pg_exec(t->pg, "BEGIN")) return vt_error(t, "cannot begin");
    t->pg->txn = 1;
    return SQLITE_OK;
}

static int vt_sync(sqlite3_vtab *v) { return flush((pgtab *)v); }

static int vt_commit(sqlite3_vtab *v)
{
    pgtab *t = (pgtab *)v;
    if (!t->pg->txn || t->pg->explicit_txn) return SQLITE_OK;
    t->pg->txn = 0;
    return pg_exec(t->pg, "COMMIT") ? vt_error(t, "cannot commit") : SQLITE_OK;
}

static int vt_rollback(sqlite3_vtab *v)
{
    pgtab *t = (pgtab *)v;
    cache_drop(t->pg, -1); /* rows read back may be undone: their ids come again */
    vl_buf_reset(&t->copy);
    t->waiting = 0;
    t->next_id = 0;
    hset_clear(&t->uniq);
    if (!t->pg->txn || t->pg->explicit_txn) return SQLITE_OK;
    t->pg->txn = 0;
    pg_exec(t->pg, "ROLLBACK");
    return SQLITE_OK;
}

static sqlite3_module module = {
    .iVersion = 1,
    .xCreate = vt_connect,
    .xConnect = vt_connect,
    .xBestIndex = vt_best_index,
    .xDisconnect = vt_disconnect,
    .xDestroy = vt_disconnect,
    .xOpen = vt_open,
    .xClose = vt_close,
    .xFilter = vt_filter,
    .xNext = vt_next,
    .xEof = vt_eof,
    .xColumn = vt_column,
    .xRowid = vt_rowid,
    .xUpdate = vt_update,
    .xBegin = vt_begin,
    .xSync = vt_sync,
    .xCommit = vt_commit,
    .xRollback = vt_rollback,
};

/* ---------------------------------------------- the knowledge base copy */

static void mark_dirty(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    ((vl_pg *)sqlite3_user_data(ctx))->kb_dirty = 1;
}

static vl_status db_exec(sqlite3 *db, const char *sql, vl_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK) return VL_OK;
    vl_status s = vl_error_set(err, VL_EDB, NULL, -1, -1, "PostgreSQL store: %s",
                               msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return s;
}

/* Reads a knowledge-base table of PostgreSQL into db's own. */
static vl_status pull(vl_pg *pg, sqlite3 *db, const spec *sp, vl_error *err)
{
    cols c;
    parse_cols(sp, &c);
    vl_buf sel, ins;
    vl_buf_init(&sel, 0);
    vl_buf_init(&ins, 0);
    vl_buf_adds(&sel, "SELECT ");
    add_idents(&sel, &c);
    vl_buf_adds(&ins, "INSERT INTO main.");
    vl_buf_adds(&ins, sp->name);
    vl_buf_adds(&ins, " VALUES(");
    for (int i = 0; i < c.n; i++) vl_buf_adds(&ins, i ? ",?" : "?");
    vl_buf_adds(&sel, " FROM ");
    vl_buf_adds(&sel, sp->name);
    vl_buf_addc(&sel, 0);
    vl_buf_addc(&ins, ')');
    vl_buf_addc(&ins, 0);
    vl_status s = VL_OK;
    PGresult *r = PQexec(pg->conn, (const char *)sel.data);
    sqlite3_stmt *q = NULL;
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        s = fail(pg, err, "cannot read the knowledge base");
    } else if (sqlite3_prepare_v2(db, (const char *)ins.data, -1, &q, NULL) != SQLITE_OK) {
        s = vl_error_set(err, VL_EDB, NULL, -1, -1, "PostgreSQL store: %s", sqlite3_errmsg(db));
    } else {
        for (int row = 0; !s && row < PQntuples(r); row++) {
            sqlite3_reset(q);
            for (int i = 0; i < c.n; i++) {
                if (PQgetisnull(r, row, i)) sqlite3_bind_null(q, i + 1);
                else if (c.type[i] == 'i')
                    sqlite3_bind_int64(q, i + 1, strtoll(PQgetvalue(r, row, i), NULL, 10));
                else
                    sqlite3_bind_text(q, i + 1, PQgetvalue(r, row, i), PQgetlength(r, row, i),
                                      SQLITE_STATIC);
            }
            if (sqlite3_step(q) != SQLITE_DONE)
                s = vl_error_set(err, VL_EDB, NULL, -1, -1, "PostgreSQL store: %s",
                                 sqlite3_errmsg(db));
        }
    }
    sqlite3_finalize(q);
    PQclear(r);
    vl_buf_free(&sel);
    vl_buf_free(&ins);
    return s;
}

static vl_status replace_table(vl_pg *pg, sqlite3 *local, const spec *sp, vl_error *err);

/* Writes db's copy of a knowledge-base table back to PostgreSQL, whole, in
 * the open transaction. */
static vl_status push(vl_pg *pg, sqlite3 *db, const spec *sp, vl_error *err)
{
    return replace_table(pg, db, sp, err);
}

vl_status vl_pg_attach(vl_pg *pg, sqlite3 *db, vl_error *err)
{
    pg->db = db;
    if (sqlite3_create_module_v2(db, "veille_pg", &module, pg, NULL) != SQLITE_OK ||
        sqlite3_create_function(db, "vl_pg_dirty", 0, SQLITE_UTF8, pg, mark_dirty, NULL,
                                NULL) != SQLITE_OK)
        return vl_error_set(err, VL_EDB, NULL, -1, -1, "cannot register veille_pg: %s",
                            sqlite3_errmsg(db));
    vl_status s = VL_OK;
    vl_buf sql;
    vl_buf_init(&sql, 0);
    for (int i = 0; !s && i < NSPECS; i++) {
        const spec *sp = &specs[i];
        vl_buf_reset(&sql);
        if (sp->kb && pg->writer) {
            s = db_exec(db, "BEGIN", err);
            if (!s) {
                vl_buf_adds(&sql, "DELETE FROM main.");
                vl_buf_adds(&sql, sp->name);
                vl_buf_addc(&sql, 0);
                s = db_exec(db, (const char *)sql.data, err);
            }
            if (!s) s = pull(pg, db, sp, err);
            s = s ? (db_exec(db, "ROLLBACK", NULL), s) : db_exec(db, "COMMIT", err);
            vl_buf_reset(&sql);
            static const char *const what[] = {"INSERT", "UPDATE", "DELETE"};
            for (int k = 0; k < 3; k++) {
                char trig[256];
                snprintf(trig, sizeof trig,
                         "CREATE TEMP TRIGGER vl_pg_%s_%d AFTER %s ON main.%s"
                         " BEGIN SELECT vl_pg_dirty(); END;",
                         sp->name, k, what[k], sp->name);
                vl_buf_adds(&sql, trig);
            }
        } else {
            vl_buf_adds(&sql, "CREATE VIRTUAL TABLE temp.");
            vl_buf_adds(&sql, sp->name);
            vl_buf_adds(&sql, " USING veille_pg;");
        }
        vl_buf_addc(&sql, 0);
        if (!s) s = db_exec(db, (const char *)sql.data, err);
    }
    vl_buf_free(&sql);
    /* main's view reads main's events */
    if (!s)
        s = db_exec(db,
                    "CREATE TEMP VIEW event_persons(event_id, key, name, role, country, office,"
                    " pos) AS SELECT e.id, p.value ->> 0, p.value ->> 1, p.value ->> 2,"
                    " p.value ->> 3, p.value ->> 4, p.key FROM temp.events e,"
                    " json_each(e.persons) p;",
                    err);
    pg->kb_dirty = 0;
    return s;
}

vl_status vl_pg_begin(vl_pg *pg, sqlite3 *db, vl_error *err)
{
    vl_status s = db_exec(db, "BEGIN", err);
    if (s) return s;
    if (!pg->txn) {
        if (pg_exec(pg, "BEGIN")) {
            db_exec(db, "ROLLBACK", NULL);
            return fail(pg, err, "cannot begin");
        }
        pg->txn = 1;
    }
    pg->explicit_txn = 1;
    return VL_OK;
}

vl_status vl_pg_commit(vl_pg *pg, sqlite3 *db, vl_error *err)
{
    vl_status s = VL_OK;
    if (flush_all(pg, NULL) != SQLITE_OK) {
        for (int i = 0; i < pg->ntabs && !s; i++)
            if (pg->tabs[i]->base.zErrMsg)
                s = vl_error_set(err, VL_EDB, NULL, -1, -1, "%s", pg->tabs[i]->base.zErrMsg);
        if (!s) s = fail(pg, err, "cannot write");
    }
    if (!s && pg->kb_dirty && pg->writer) {
        if (!pg->txn) {
            if (pg_exec(pg, "BEGIN")) s = fail(pg, err, "cannot begin");
            else pg->txn = 1;
        }
        for (int i = 0; !s && i < NSPECS; i++)
            if (specs[i].kb) s = push(pg, db, &specs[i], err);
    }
    if (!s && pg->txn) {
        if (pg_exec(pg, "COMMIT")) s = fail(pg, err, "cannot commit");
        pg->txn = 0;
    }
    pg->explicit_txn = 0;
    if (s) {
        if (pg->txn) pg_exec(pg, "ROLLBACK");
        pg->txn = 0;
        db_exec(db, "ROLLBACK", NULL);
        return s;
    }
    pg->kb_dirty = 0;
    return db_exec(db, "COMMIT", err);
}

void vl_pg_rollback(vl_pg *pg, sqlite3 *db)
{
    cache_drop(pg, -1);
    pg->explicit_txn = 0;
    db_exec(db, "ROLLBACK", NULL);
    if (pg->txn) pg_exec(pg, "ROLLBACK");
    pg->txn = 0;
}

/* ------------------------------------------------------------ search */

/* An FTS5 expression of vl_query_translate (quoted phrases, " *" after a
 * prefix, AND, OR, NOT, parentheses) as a tsquery literal, each phrase
 * analysed as the documents were: its lexemes joined by <-> (followed
 * by), colocated ones as alternatives. -1 when it is not one. */
static int tsquery_of(vl_pg *pg, const char *e, vl_buf *out, vl_buf *bag)
{
    if (tokenizer(pg)) return -1;
    const char *p = e;
    int negated = 0; /* the next phrase follows NOT: not in the bag */
    while (*p) {
        if (*p == ' ') {
            p++;
        } else if (*p == '(' || *p == ')') {
            vl_buf_addc(out, *p++);
        } else if (!strncmp(p, "AND ", 4)) {
            vl_buf_adds(out, " & ");
            p += 4;
        } else if (!strncmp(p, "OR ", 3)) {
            vl_buf_adds(out, " | ");
            p += 3;
        } else if (!strncmp(p, "NOT ", 4)) {
            vl_buf_adds(out, " & !");
            negated = 1;
            p += 4;
        } else if (*p == '"') {
            vl_buf phrase;
            vl_buf_init(&phrase, 0);
            for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
                if (*p == '"') p++;
                vl_buf_addc(&phrase, *p);
            }
            if (!*p) {
                vl_buf_free(&phrase);
                return -1;
            }
            p++;
            int prefix = !strncmp(p, " *", 2);
            if (prefix) p += 2;
            collector c = {0};
            vl_buf_init(&c.bytes, 0);
            int rc = pg->tk.xTokenize(pg->tok, &c, FTS5_TOKENIZE_QUERY |
                                      (prefix ? FTS5_TOKENIZE_PREFIX : 0),
                                      phrase.data ? (const char *)phrase.data : "",
                                      (int)phrase.len, collect);
            vl_buf_free(&phrase);
            if (rc != SQLITE_OK) {
                vl_buf_free(&c.bytes);
                free(c.lx);
                return -1;
            }
            vl_buf_addc(out, '(');
            if (!c.n) vl_buf_adds(out, "'vl:none'"); /* a phrase of no token finds nothing */
            for (size_t i = 0; i < c.n; i++) {
                const lexeme *x = &c.lx[i];
                int alt = i && x->pos == c.lx[i - 1].pos;
                int alt_next = i + 1 < c.n && c.lx[i + 1].pos == x->pos;
                if (i) vl_buf_adds(out, alt ? " | " : " <-> ");
                if (!alt && alt_next) vl_buf_addc(out, '(');
                add_lexeme(out, (const char *)c.bytes.data + x->at, x->len);
                if (prefix && i + 1 == c.n) vl_buf_adds(out, ":*");
                if (alt && !alt_next) vl_buf_addc(out, ')');
            }
            vl_buf_addc(out, ')');
            for (size_t i = 0; bag && !negated && i < c.n; i++) {
                if (bag->len) vl_buf_adds(bag, " | ");
                add_lexeme(bag, (const char *)c.bytes.data + c.lx[i].at, c.lx[i].len);
                if (prefix && i + 1 == c.n) vl_buf_adds(bag, ":*");
            }
            negated = 0;
            vl_buf_free(&c.bytes);
            free(c.lx);
        } else {
            return -1;
        }
    }
    vl_buf_addc(out, 0);
    if (bag) {
        if (!bag->len) vl_buf_adds(bag, "'vl:none'");
        vl_buf_addc(bag, 0);
    }
    return 0;
}

/* A search's WHERE: $1 the tsquery, $2 $3 the dates, $4 undated too (as
 * query.c's DATE_OK). */
#define PG_MATCH                                                                            \
    " FROM doc_tsv t JOIN documents d ON d.id = t.doc_id WHERE t.tsv @@ $1::tsquery AND"   \
    " (($4::boolean AND d.date IS NULL) OR (($2::text IS NULL OR (d.date IS NOT NULL AND"  \
    "  substr(d.date, 1, length($2)) >= substr($2, 1, length(d.date))))"                   \
    " AND ($3::text IS NULL OR (d.date IS NOT NULL AND"                                    \
    "  substr(d.date, 1, length($3)) <= substr($3, 1, length(d.date))))))"

vl_status vl_pg_search(vl_pg *pg, const vl_pg_query *q, vl_pg_page *out, vl_error *err)
{
    memset(out, 0, sizeof *out);
    enum { MAXWORDS = 64 };
    vl_buf tsq, bag, words[MAXWORDS];
    vl_buf_init(&tsq, 0);
    vl_buf_init(&bag, 0);
    int nwords = 0, bad = tsquery_of(pg, q->match, &tsq, &bag);
    /* a plain query ("w1" OR "w2" OR ...): its words one by one, to rank
     * the rows by how many they hold, as veille's ranking does first */
    for (const char *p = q->match; !bad && q->plain == 1 && *p && nwords < MAXWORDS;) {
        const char *e = strstr(p, "\" OR \"");
        size_t n = e ? (size_t)(e - p) + 1 : strlen(p);
        char *one = vl_strndup(p, n);
        vl_buf_init(&words[nwords], 0);
        bad = tsquery_of(pg, one, &words[nwords++], NULL);
        free(one);
        p += n + (e ? 4 : 0);
    }
    vl_status s = VL_OK;
    vl_buf sql, every;
    vl_buf_init(&sql, 0);
    vl_buf_init(&every, 0);
    const char *params[7 + MAXWORDS];
    char limit[24], offset[24], ms[48];
    if (bad) {
        s = vl_error_set(err, VL_EQUERY, NULL, -1, -1, "the search could not run (its"
                         " expression has no tsquery)");
        goto done;
    }
    snprintf(limit, sizeof limit, "%d", q->limit);
    snprintf(offset, sizeof offset, "%d", q->offset);
    snprintf(ms, sizeof ms, "SET statement_timeout = %d", q->limit_ms > 0 ? q->limit_ms : 0);
    params[0] = (const char *)tsq.data;
    params[1] = q->from;
    params[2] = q->to;
    params[3] = q->undated ? "true" : "false";
    params[4] = limit;
    params[5] = offset;
    params[6] = (const char *)bag.data;
    /* The score: with operators, ts_rank of the query's words as a bag
     * (no proximity: bm25's terms), veille's column weights 0.25, 1, 8 for
     * D, B, A, the length normalised by its log; a plain query, the
     * words the row holds, then ts_rank_cd (words found together first),
     * in [0, 1) */
    vl_buf_adds(&sql, "SELECT d.id, ");
    if (q->plain == 2) {
        vl_buf_adds(&sql, "ts_rank_cd('{0.03125, 0, 0.125, 1}', t.tsv, $1::tsquery, 1)");
    } else if (q->plain) {
        vl_buf_adds(&sql, "(0");
        for (int w = 0; w < nwords; w++) {
            char term[48];
            snprintf(term, sizeof term, " + (t.tsv @@ $%d::tsquery)::int", 7 + w);
            vl_buf_adds(&sql, term);
            params[6 + w] = (const char *)words[w].data;
        }
        /* found together: the cover density of all the words */
        for (int w = 0; w < nwords; w++) {
            if (w) vl_buf_adds(&every, " & ");
            vl_buf_addc(&every, '(');
            vl_buf_add(&every, words[w].data, words[w].len - 1); /* without its NUL */
            vl_buf_addc(&every, ')');
        }
        vl_buf_addc(&every, 0);
        char cd[160];
        snprintf(cd, sizeof cd,
                 ") + (SELECT r / (1 + r) FROM (SELECT"
                 " ts_rank_cd('{0.03125, 0, 0.125, 1}', t.tsv, $%d::tsquery, 1) AS r) x)",
                 7 + nwords);
        vl_buf_adds(&sql, cd);
        params[6 + nwords] = (const char *)every.data;
    } else {
        vl_buf_adds(&sql, "ts_rank('{0.03125, 0, 0.125, 1}', t.tsv, $7::tsquery, 1)");
    }
    vl_buf_adds(&sql, PG_MATCH);
    vl_buf_adds(&sql, q->by_date ? " ORDER BY d.date IS NULL, d.date DESC, d.id DESC"
                                 : " ORDER BY 2 DESC, d.id");
    vl_buf_adds(&sql, " LIMIT $5 OFFSET $6");
    vl_buf_addc(&sql, 0);
    pg_exec(pg, ms);
    PGresult *r = q->no_page ? NULL
                             : PQexecParams(pg->conn, (const char *)sql.data,
                                            q->plain == 1 ? 7 + nwords : q->plain ? 6 : 7,
                                            NULL, params, NULL, NULL, 0);
    if (q->no_page) {
        out->ids = vl_calloc(1, sizeof *out->ids);
        out->scores = vl_calloc(1, sizeof *out->scores);
    } else if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        s = strstr(pg_error(pg), "statement timeout")
                ? vl_error_set(err, VL_ELIMIT, NULL, -1, -1,
                               "the search ran past its time limit (%.3g s) and was stopped:"
                               " more words or a date range narrow it", q->limit_ms / 1000.0)
                : fail(pg, err, "the search could not run");
    } else {
        out->n = (size_t)PQntuples(r);
        out->ids = vl_calloc(out->n + 1, sizeof *out->ids);
        out->scores = vl_calloc(out->n + 1, sizeof *out->scores);
        for (size_t i = 0; i < out->n; i++) {
            out->ids[i] = strtoll(PQgetvalue(r, (int)i, 0), NULL, 10);
            out->scores[i] = strtod(PQgetvalue(r, (int)i, 1), NULL);
        }
    }
    PQclear(r);
    for (int pass = 0; !s && !q->no_count && pass < 2; pass++) {
        /* the total; then the undated rows a date filter left out */
        if (pass == 1 && (!(q->from || q->to) || q->undated)) break;
        const char *cp[4] = {params[0], pass ? NULL : q->from, pass ? NULL : q->to,
                             pass ? "true" : params[3]};
        r = PQexecParams(pg->conn,
                         pass ? "SELECT count(*)" PG_MATCH " AND d.date IS NULL"
                              : "SELECT count(*)" PG_MATCH,
                         4, NULL, cp, NULL, NULL, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) s = fail(pg, err, "the search could not run");
        else *(pass ? &out->undated : &out->total) = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        PQclear(r);
    }
    pg_exec(pg, "SET statement_timeout = 0");
done:
    vl_buf_free(&tsq);
    vl_buf_free(&bag);
    vl_buf_free(&sql);
    vl_buf_free(&every);
    for (int w = 0; w < nwords; w++) vl_buf_free(&words[w]);
    if (s) vl_pg_page_free(out);
    return s;
}

void vl_pg_page_free(vl_pg_page *p)
{
    free(p->ids);
    free(p->scores);
    memset(p, 0, sizeof *p);
}

/* ------------------------------------------------------------ import */

/* COPY of the rows of a local query, sent as they are read (8 MB at a
 * time): fn writes each row's line. */
typedef int (*row_fn)(vl_pg *pg, const cols *c, sqlite3_stmt *q, vl_buf *out);

static vl_status copy_query(vl_pg *pg, sqlite3 *local, const char *select, const char *copy,
                            row_fn fn, const cols *c, vl_error *err)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(local, select, -1, &q, NULL) != SQLITE_OK)
        return vl_error_set(err, VL_EDB, NULL, -1, -1, "cannot read the load: %s",
                            sqlite3_errmsg(local));
    PGresult *r = PQexec(pg->conn, copy);
    int ok = PQresultStatus(r) == PGRES_COPY_IN;
    PQclear(r);
    vl_buf b;
    vl_buf_init(&b, 0);
    int rc;
    while (ok && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (fn(pg, c, q, &b)) ok = 0;
        if (b.len > (8u << 20)) {
            if (PQputCopyData(pg->conn, (const char *)b.data, (int)b.len) != 1) ok = 0;
            vl_buf_reset(&b);
        }
    }
    if (ok && b.len && PQputCopyData(pg->conn, (const char *)b.data, (int)b.len) != 1) ok = 0;
    sqlite3_finalize(q);
    vl_buf_free(&b);
    if (PQputCopyEnd(pg->conn, ok ? NULL : "veille: import failed") != 1) ok = 0;
    while ((r = PQgetResult(pg->conn))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK) ok = 0;
        PQclear(r);
    }
    return ok ? VL_OK : fail(pg, err, "cannot import the load");
}

/* A row of a table as its spec lists the columns, in the order selected. */
static int plain_row(vl_pg *pg, const cols *c, sqlite3_stmt *q, vl_buf *out)
{
    (void)pg;
    for (int i = 0; i < c->n; i++) {
        if (i) vl_buf_addc(out, '\t');
        copy_value(out, sqlite3_column_value(q, i), c->type[i]);
    }
    vl_buf_addc(out, '\n');
    return 0;
}

/* Replaces a plain table's rows in PostgreSQL by those of local's table
 * of the same name, in the open transaction. */
static vl_status replace_table(vl_pg *pg, sqlite3 *local, const spec *sp, vl_error *err)
{
    cols c;
    parse_cols(sp, &c);
    vl_buf sel, cp;
    vl_buf_init(&sel, 0);
    vl_buf_init(&cp, 0);
    vl_buf_adds(&cp, "DELETE FROM ");
    vl_buf_adds(&cp, sp->name);
    vl_buf_addc(&cp, 0);
    vl_status s = pg_exec(pg, (const char *)cp.data) ? fail(pg, err, "cannot replace rows") : VL_OK;
    vl_buf_reset(&cp);
    vl_buf_adds(&sel, "SELECT ");
    add_idents(&sel, &c);
    vl_buf_adds(&cp, "COPY ");
    vl_buf_adds(&cp, sp->name);
    vl_buf_addc(&cp, '(');
    add_idents(&cp, &c);
    vl_buf_adds(&sel, " FROM main.");
    vl_buf_adds(&sel, sp->name);
    vl_buf_adds(&cp, ") FROM STDIN");
    vl_buf_addc(&sel, 0);
    vl_buf_addc(&cp, 0);
    if (!s)
        s = copy_query(pg, local, (const char *)sel.data, (const char *)cp.data, plain_row, &c,
                       err);
    vl_buf_free(&sel);
    vl_buf_free(&cp);
    return s;
}

/* A document's fact-index terms (vl_facts_terms), once each. */
static int keys_rows(vl_pg *pg, const cols *c, sqlite3_stmt *q, vl_buf *out)
{
    (void)pg;
    (void)c;
    vl_buf terms;
    vl_buf_init(&terms, 0);
    vl_facts_terms(sqlite3_column_blob(q, 1), (size_t)sqlite3_column_bytes(q, 1), &terms);
    char id[32];
    snprintf(id, sizeof id, "\t%lld\n", (long long)sqlite3_column_int64(q, 0));
    hset seen = {0};
    const char *p = terms.data ? (const char *)terms.data : "";
    const char *end = p + terms.len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t k = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (k && hset_add(&seen, XXH3_64bits(p, k))) {
            copy_text(out, (const unsigned char *)p, k);
            vl_buf_adds(out, id);
        }
        p += k + 1;
    }
    hset_clear(&seen);
    vl_buf_free(&terms);
    return 0;
}

/* A document's lexemes (tsvector_of's): id, title, body, boilerplate. */
static int tsv_row(vl_pg *pg, const cols *c, sqlite3_stmt *q, vl_buf *out)
{
    (void)c;
    pgtab t;
    memset(&t, 0, sizeof t);
    t.pg = pg;
    t.copy = *out;
    sqlite3_value *v[3] = {sqlite3_column_value(q, 1), sqlite3_column_value(q, 2),
                           sqlite3_column_value(q, 3)};
    char id[32];
    snprintf(id, sizeof id, "%lld\t", (long long)sqlite3_column_int64(q, 0));
    vl_buf_adds(&t.copy, id);
    int rc = tsvector_of(&t, v);
    vl_buf_addc(&t.copy, '\n');
    *out = t.copy;
    sqlite3_free(t.base.zErrMsg);
    return rc != SQLITE_OK;
}

vl_status vl_pg_import(vl_pg *pg, sqlite3 *local, vl_error *err)
{
    /* the full-text index made after its rows, at once */
    if (pg_exec(pg, "BEGIN; DROP INDEX IF EXISTS doc_tsv_gin")) return fail(pg, err, "cannot begin");
    vl_status s = VL_OK;
    for (int i = 0; !s && i < NSPECS; i++) {
        const spec *sp = &specs[i];
        if (sp->kind == PLAIN) {
            s = replace_table(pg, local, sp, err);
            continue;
        }
        /* the indexes: their rows computed from the documents */
        int keys = sp->kind == KEYS;
        if (pg_exec(pg, keys ? "DELETE FROM fact_keys" : "DELETE FROM doc_tsv")) {
            s = fail(pg, err, "cannot import the load");
            break;
        }
        s = copy_query(pg, local,
                       keys ? "SELECT doc_id, facts FROM main.doc_facts"
                            : "SELECT id, title, vl_part(text, layout, 1), vl_part(text, layout, 2)"
                              " FROM main.documents",
                       keys ? "COPY fact_keys(term, doc_id) FROM STDIN"
                            : "COPY doc_tsv(doc_id, tsv) FROM STDIN",
                       keys ? keys_rows : tsv_row, NULL, err);
    }
    if (!s && pg_exec(pg, "CREATE INDEX doc_tsv_gin ON doc_tsv USING gin(tsv)"))
        s = fail(pg, err, "cannot index the full text");
    if (s) {
        pg_exec(pg, "ROLLBACK");
        return s;
    }
    if (pg_exec(pg, "COMMIT")) return fail(pg, err, "cannot commit the import");
    /* the writer's copies of the knowledge base: what was imported */
    for (int i = 0; !s && i < NSPECS; i++) {
        if (!specs[i].kb) continue;
        char del[96];
        snprintf(del, sizeof del, "DELETE FROM main.%s", specs[i].name);
        s = db_exec(pg->db, del, err);
        if (!s) s = pull(pg, pg->db, &specs[i], err);
    }
    pg->kb_dirty = 0;
    return s;
}
