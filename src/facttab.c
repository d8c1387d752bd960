/*
 * facttab.c — the facts table, read from packs through the fact index
 * (facttab.h).
 */
#include "facttab.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "facts.h"
#include "fts.h"
#include "mem.h"

/* ---------------------------------------------- the keys tokenizer */

/* Each line of the text is one term, as it is: the fact index's text is
 * vl_facts_terms', and a lookup is one quoted term. */
static int keys_create(void *user, const char **azArg, int nArg, Fts5Tokenizer **out)
{
    (void)user;
    (void)azArg;
    (void)nArg;
    static int one;
    *out = (Fts5Tokenizer *)&one; /* no state */
    return SQLITE_OK;
}

static void keys_delete(Fts5Tokenizer *t) { (void)t; }

static int keys_tokenize(Fts5Tokenizer *t, void *cx, int flags, const char *text, int ntext,
                         int (*xToken)(void *, int, const char *, int, int, int))
{
    (void)t;
    (void)flags;
    int from = 0;
    for (int i = 0; i <= ntext; i++) {
        if (i < ntext && text[i] != '\n') continue;
        if (i > from) {
            int rc = xToken(cx, 0, text + from, i - from, from, i);
            if (rc != SQLITE_OK) return rc;
        }
        from = i + 1;
    }
    return SQLITE_OK;
}

/* ------------------------------------------------------------ table */

enum { COL_DOC, COL_KIND, COL_KEY, COL_NAME, COL_VALUE, COL_STATUS, COL_NUM, COL_START, COL_END,
       COL_OFFICE, COL_DATE };

/* idxNum: the plan, and flags */
enum { PLAN_SCAN = 0, PLAN_DOC = 1, PLAN_KEY = 2, PLAN_OFFICE = 3, PLAN_MASK = 3,
       WITH_OFFICE = 4, /* PLAN_KEY also fixes office */
       DESCENDING = 8 };

typedef struct facttab {
    sqlite3_vtab base;
    sqlite3 *db;
    int index_has_packs; /* vl_facttab_register's */
} facttab;

typedef struct cursor {
    sqlite3_vtab_cursor base;
    sqlite3_stmt *q[6]; /* per source and direction, prepared once per cursor */
    sqlite3_stmt *cur;  /* the running one */
    int plan, desc, eof;
    int kind;          /* PLAN_KEY: the kind fixed, else -1 */
    vl_buf key, office; /* the values fixed (PLAN_KEY, WITH_OFFICE, PLAN_OFFICE) */
    int has_office;
    sqlite3_int64 doc;
    const unsigned char *pack; /* the current document's, valid while cur is on it */
    size_t plen;
    size_t *at;   /* offsets of the document's facts that match */
    size_t nat, cat, i;
    vl_fact f;    /* the current fact */
} cursor;

static int tab_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                       sqlite3_vtab **out, char **errmsg)
{
    (void)argc;
    (void)argv;
    (void)errmsg;
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(doc_id INTEGER, kind TEXT, key TEXT,"
                                      " name TEXT, value TEXT, status TEXT, num REAL,"
                                      " start INTEGER, end INTEGER, office TEXT, date TEXT)");
    if (rc != SQLITE_OK) return rc;
    facttab *t = sqlite3_malloc(sizeof *t);
    if (!t) return SQLITE_NOMEM;
    memset(t, 0, sizeof *t);
    t->db = db;
    t->index_has_packs = aux != NULL;
    *out = &t->base;
    return SQLITE_OK;
}

static int tab_disconnect(sqlite3_vtab *v)
{
    sqlite3_free(v);
    return SQLITE_OK;
}

static int tab_best_index(sqlite3_vtab *v, sqlite3_index_info *info)
{
    (void)v;
    int doc = -1, kind = -1, key = -1, office = -1;
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (!c->usable || c->op != SQLITE_INDEX_CONSTRAINT_EQ) continue;
        if (c->iColumn == COL_DOC) doc = i;
        else if (c->iColumn == COL_KIND) kind = i;
        else if (c->iColumn == COL_KEY) key = i;
        else if (c->iColumn == COL_OFFICE) office = i;
    }
    int plan = PLAN_SCAN, argn = 0;
    /* SQLite checks every constraint again (omit stays 0): a plan only
     * chooses which packs are read */
    if (doc >= 0) {
        plan = PLAN_DOC;
        info->aConstraintUsage[doc].argvIndex = ++argn;
        info->estimatedCost = 10;
        info->estimatedRows = 40;
    } else if (kind >= 0 && key >= 0) {
        plan = PLAN_KEY;
        info->aConstraintUsage[kind].argvIndex = ++argn;
        info->aConstraintUsage[key].argvIndex = ++argn;
        if (office >= 0) {
            plan |= WITH_OFFICE;
            info->aConstraintUsage[office].argvIndex = ++argn;
        }
        info->estimatedCost = 1000;
        info->estimatedRows = 100;
    } else if (office >= 0) {
        plan = PLAN_OFFICE;
        info->aConstraintUsage[office].argvIndex = ++argn;
        info->estimatedCost = 5000;
        info->estimatedRows = 500;
    } else {
        info->estimatedCost = 1e9;
        info->estimatedRows = 10000000;
    }
    /* document order, either way, is the order rows come in */
    if (info->nOrderBy == 1 && info->aOrderBy[0].iColumn == COL_DOC) {
        info->orderByConsumed = 1;
        if (info->aOrderBy[0].desc) plan |= DESCENDING;
    }
    info->idxNum = plan;
    return SQLITE_OK;
}

static int tab_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out)
{
    (void)v;
    cursor *c = vl_calloc(1, sizeof *c);
    vl_buf_init(&c->key, 0);
    vl_buf_init(&c->office, 0);
    *out = &c->base;
    return SQLITE_OK;
}

static int tab_close(sqlite3_vtab_cursor *vc)
{
    cursor *c = (cursor *)vc;
    for (int i = 0; i < 6; i++) sqlite3_finalize(c->q[i]);
    vl_buf_free(&c->key);
    vl_buf_free(&c->office);
    free(c->at);
    free(c);
    return SQLITE_OK;
}

static int same(const char *s, size_t n, const vl_buf *b)
{
    return s && n == b->len && (n == 0 || memcmp(s, b->data, n) == 0);
}

/* Whether a fact of the current pack is one the plan's values select. */
static int selected(const cursor *c, const vl_fact *f)
{
    switch (c->plan) {
    case PLAN_KEY:
        return f->kind == c->kind && same(f->s[VL_FS_KEY], f->n[VL_FS_KEY], &c->key) &&
               (!c->has_office || same(f->s[VL_FS_OFFICE], f->n[VL_FS_OFFICE], &c->office));
    case PLAN_OFFICE:
        return same(f->s[VL_FS_OFFICE], f->n[VL_FS_OFFICE], &c->office);
    default:
        return 1;
    }
}

/* Steps to the next document with a selected fact; its facts in at. */
static int next_doc(cursor *c)
{
    for (;;) {
        int rc = sqlite3_step(c->cur);
        if (rc == SQLITE_DONE) {
            c->eof = 1;
            return SQLITE_OK;
        }
        if (rc != SQLITE_ROW) return rc;
        c->doc = sqlite3_column_int64(c->cur, 0);
        c->pack = sqlite3_column_blob(c->cur, 1);
        c->plen = (size_t)sqlite3_column_bytes(c->cur, 1);
        c->nat = 0;
        size_t pos = 0, here = 0;
        vl_fact f;
        while (vl_facts_next(c->pack, c->plen, &pos, &f)) {
            if (selected(c, &f)) {
                c->at = vl_grow(c->at, &c->cat, c->nat + 1, sizeof *c->at);
                c->at[c->nat++] = here;
            }
            here = pos;
        }
        if (c->nat) {
            c->i = 0;
            return SQLITE_OK;
        }
    }
}

/* Reads the current fact from its offset. */
static void load(cursor *c)
{
    size_t k = c->desc ? c->nat - 1 - c->i : c->i;
    size_t pos = c->at[k];
    vl_facts_next(c->pack, c->plen, &pos, &c->f);
}

/* Where a plan's packs come from: every pack, one document's, or the
 * documents the fact index gives for a MATCH expression. */
enum { FROM_ALL, FROM_DOC, FROM_INDEX };

static const char *const from_sql[3][2] = {
    {"SELECT doc_id, facts FROM doc_facts ORDER BY doc_id",
     "SELECT doc_id, facts FROM doc_facts ORDER BY doc_id DESC"},
    {"SELECT doc_id, facts FROM doc_facts WHERE doc_id = ?1",
     "SELECT doc_id, facts FROM doc_facts WHERE doc_id = ?1"},
    {"SELECT d.doc_id, d.facts FROM fact_index i JOIN doc_facts d ON d.doc_id = i.rowid"
     " WHERE fact_index MATCH ?1 ORDER BY i.rowid",
     "SELECT d.doc_id, d.facts FROM fact_index i JOIN doc_facts d ON d.doc_id = i.rowid"
     " WHERE fact_index MATCH ?1 ORDER BY i.rowid DESC"},
};
/* An index that gives the packs with the documents (a PostgreSQL store's,
 * pgtab.h: one query, not one per document). */
static const char *const joined_sql[2] = {
    "SELECT rowid, facts FROM fact_index WHERE fact_index MATCH ?1 ORDER BY rowid",
    "SELECT rowid, facts FROM fact_index WHERE fact_index MATCH ?1 ORDER BY rowid DESC",
};

/* Appends a quoted FTS5 string of a term: its double quotes doubled. */
static void quote(vl_buf *match, const vl_buf *term)
{
    vl_buf_addc(match, '"');
    for (size_t i = 0; i < term->len; i++) {
        if (term->data[i] == '"') vl_buf_addc(match, '"');
        vl_buf_addc(match, term->data[i]);
    }
    vl_buf_addc(match, '"');
}

static void quoted_term(vl_buf *match, const char *prefix, const vl_buf *s)
{
    vl_buf term;
    vl_buf_init(&term, 0);
    vl_facts_term(&term, prefix, s->data ? (const char *)s->data : "", s->len);
    quote(match, &term);
    vl_buf_free(&term);
}

/* The text of an argument; 0 when it is not text (no fact matches). */
static int arg_text(vl_buf *b, sqlite3_value *v)
{
    vl_buf_reset(b);
    if (sqlite3_value_type(v) != SQLITE_TEXT) return 0;
    vl_buf_add(b, sqlite3_value_text(v), (size_t)sqlite3_value_bytes(v));
    return 1;
}

static int tab_filter(sqlite3_vtab_cursor *vc, int idxNum, const char *idxStr, int argc,
                      sqlite3_value **argv)
{
    (void)idxStr;
    (void)argc;
    cursor *c = (cursor *)vc;
    facttab *t = (facttab *)vc->pVtab;
    c->plan = idxNum & PLAN_MASK;
    c->desc = (idxNum & DESCENDING) != 0;
    c->has_office = (idxNum & WITH_OFFICE) != 0;
    c->kind = -1;
    c->eof = 1;
    c->nat = c->i = 0;
    int from = c->plan == PLAN_SCAN ? FROM_ALL : c->plan == PLAN_DOC ? FROM_DOC : FROM_INDEX;
    if (c->plan == PLAN_KEY) {
        vl_buf kind;
        vl_buf_init(&kind, 0);
        int ok = arg_text(&kind, argv[0]) && arg_text(&c->key, argv[1]) &&
                 (!c->has_office || arg_text(&c->office, argv[2]));
        if (ok) c->kind = vl_fact_kind_of(kind.data ? (const char *)kind.data : "", kind.len);
        vl_buf_free(&kind);
        if (!ok || c->kind < 0) return SQLITE_OK; /* no fact of that kind */
        /* ranks, dates, amounts, quotes are not in the index: every pack */
        if (!vl_fact_indexed(c->kind)) from = FROM_ALL;
    } else if (c->plan == PLAN_OFFICE && !arg_text(&c->office, argv[0])) {
        return SQLITE_OK;
    }
    sqlite3_stmt **q = &c->q[from * 2 + c->desc];
    const char *sql = from == FROM_INDEX && t->index_has_packs ? joined_sql[c->desc]
                                                                : from_sql[from][c->desc];
    if (!*q && sqlite3_prepare_v3(t->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                  q, NULL) != SQLITE_OK) {
        sqlite3_free(vc->pVtab->zErrMsg);
        vc->pVtab->zErrMsg = sqlite3_mprintf("%s", sqlite3_errmsg(t->db));
        return SQLITE_ERROR;
    }
    c->cur = *q;
    sqlite3_reset(c->cur);
    if (from == FROM_DOC) {
        sqlite3_bind_value(c->cur, 1, argv[0]);
    } else if (from == FROM_INDEX) {
        vl_buf match;
        vl_buf_init(&match, 0);
        if (c->plan == PLAN_KEY && c->has_office && c->kind == VL_FACT_TITLE) {
            /* a person's office: one term, not two long lists to intersect */
            vl_buf term;
            vl_buf_init(&term, 0);
            vl_facts_position(&term, c->key.data ? (const char *)c->key.data : "", c->key.len,
                              c->office.data ? (const char *)c->office.data : "",
                              c->office.len);
            quote(&match, &term);
            vl_buf_free(&term);
        } else if (c->plan == PLAN_KEY) {
            quoted_term(&match, vl_fact_kind_names[c->kind], &c->key);
            if (c->has_office) {
                vl_buf_adds(&match, " AND ");
                quoted_term(&match, "office", &c->office);
            }
        } else {
            quoted_term(&match, "office", &c->office);
        }
        sqlite3_bind_text(c->cur, 1, (const char *)match.data, (int)match.len, SQLITE_TRANSIENT);
        vl_buf_free(&match);
    }
    c->eof = 0;
    int rc = next_doc(c);
    if (rc == SQLITE_OK && !c->eof) load(c);
    return rc;
}

static int tab_next(sqlite3_vtab_cursor *vc)
{
    cursor *c = (cursor *)vc;
    if (++c->i < c->nat) {
        load(c);
        return SQLITE_OK;
    }
    int rc = next_doc(c);
    if (rc == SQLITE_OK && !c->eof) load(c);
    return rc;
}

static int tab_eof(sqlite3_vtab_cursor *vc) { return ((cursor *)vc)->eof; }

static void result_string(sqlite3_context *cx, const char *s, size_t n)
{
    if (s) sqlite3_result_text(cx, s, (int)n, SQLITE_TRANSIENT);
    else sqlite3_result_null(cx);
}

static int tab_column(sqlite3_vtab_cursor *vc, sqlite3_context *cx, int col)
{
    cursor *c = (cursor *)vc;
    const vl_fact *f = &c->f;
    switch (col) {
    case COL_DOC: sqlite3_result_int64(cx, c->doc); break;
    case COL_KIND: sqlite3_result_text(cx, vl_fact_kind_names[f->kind], -1, SQLITE_STATIC); break;
    case COL_KEY: result_string(cx, f->s[VL_FS_KEY], f->n[VL_FS_KEY]); break;
    case COL_NAME: result_string(cx, f->s[VL_FS_NAME], f->n[VL_FS_NAME]); break;
    case COL_VALUE: result_string(cx, f->s[VL_FS_VALUE], f->n[VL_FS_VALUE]); break;
    case COL_STATUS: result_string(cx, f->s[VL_FS_STATUS], f->n[VL_FS_STATUS]); break;
    case COL_NUM: sqlite3_result_double(cx, f->num); break;
    case COL_START: sqlite3_result_int64(cx, f->start); break;
    case COL_END: sqlite3_result_int64(cx, f->end); break;
    case COL_OFFICE: result_string(cx, f->s[VL_FS_OFFICE], f->n[VL_FS_OFFICE]); break;
    case COL_DATE: result_string(cx, f->s[VL_FS_DATE], f->n[VL_FS_DATE]); break;
    default: sqlite3_result_null(cx);
    }
    return SQLITE_OK;
}

/* A row id: the document's, then the fact's place in its pack. */
static int tab_rowid(sqlite3_vtab_cursor *vc, sqlite3_int64 *out)
{
    cursor *c = (cursor *)vc;
    size_t k = c->desc ? c->nat - 1 - c->i : c->i;
    *out = c->doc * 1048576 + (sqlite3_int64)(c->at[k] & 0xfffff);
    return SQLITE_OK;
}

static const sqlite3_module module = {
    .iVersion = 0,
    .xCreate = tab_connect,
    .xConnect = tab_connect,
    .xBestIndex = tab_best_index,
    .xDisconnect = tab_disconnect,
    .xDestroy = tab_disconnect,
    .xOpen = tab_open,
    .xClose = tab_close,
    .xFilter = tab_filter,
    .xNext = tab_next,
    .xEof = tab_eof,
    .xColumn = tab_column,
    .xRowid = tab_rowid,
};

vl_status vl_facttab_register(sqlite3 *db, int index_has_packs, vl_error *err)
{
    static int yes = 1;
    fts5_api *api = vl_fts_api(db);
    if (!api) return vl_error_set(err, VL_EDB, NULL, -1, -1, "SQLite has no FTS5");
    fts5_tokenizer tk = {keys_create, keys_delete, keys_tokenize};
    int rc = api->xCreateTokenizer(api, "veille_keys", NULL, &tk, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_module_v2(db, "veille_facts", &module, index_has_packs ? &yes : NULL,
                                      NULL);
    if (rc != SQLITE_OK)
        return vl_error_set(err, VL_EDB, NULL, -1, -1, "cannot register the facts table: %s",
                            sqlite3_errmsg(db));
    return VL_OK;
}
