/*
 * sqlite_ext.c — veille.so, a loadable SQLite extension (store stage):
 * what a veille database needs from a connection, for any program that
 * opens one without the library (the sqlite3 shell, Python's sqlite3).
 *
 *   sqlite3 veille.db
 *   sqlite> .load /path/to/build/veille
 *   sqlite> SELECT count(*) FROM facts;
 *
 * It registers on the connection what the store registers on its own
 * (store.c's connect_db): the FTS5 tokenizers "veille" (doc_fts) and
 * "veille_keys" (fact_index), the virtual table module "veille_facts" (the
 * facts table), vl_part (the full-text content view), vl_rank, vl_rank_top
 * and vl_snippet; and vl_data_dir(), the lexicon folder it loaded. The
 * tokenizer needs a vl_ctx: it is loaded from $VEILLE_DATA, else from
 * vl_ctx_new's default folder (ctx.c), without the extraction lexicons
 * (the full-text analysis needs none), and shared by every connection of
 * the process that loaded the extension.
 *
 * The registration functions of fts.c, facttab.c, rank.c and snippet.c
 * call SQLite directly, not through the table of routines the host hands
 * an extension: the module is linked against the system's libsqlite3.so,
 * and works in a host that uses that same library (Debian's sqlite3 shell
 * and python3 do). sqlite3_veille_init checks it, and refuses a host that
 * embeds a copy of its own, whose connections the system library cannot
 * read.
 */
#include <sqlite3.h>

/* The system library's own function, taken before sqlite3ext.h turns the
 * name into a call through the host's table: the host uses the system
 * library when its table holds the same function. */
static int (*const system_version)(void) = sqlite3_libversion_number;

#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <pthread.h>
#include <stdlib.h>

#include "ctx.h"
#include "error.h"
#include "facttab.h"
#include "fts.h"
#include "mem.h"
#include "rank.h"
#include "snippet.h"

/* The one context of the process, shared by the connections that loaded
 * the extension and freed with the last of them: SQLite unloads the
 * module (dlclose) when the connection that loaded it closes, so a context
 * kept for the life of the process would be lost memory. A global,
 * because an extension has no caller to hand it a context. */
static struct {
    pthread_mutex_t lock;
    vl_ctx *ctx;
    int users;
} shared = {PTHREAD_MUTEX_INITIALIZER, NULL, 0};

/* A user of the shared context, loaded on first use. Returns it, or NULL
 * with *msg set (sqlite3_malloc'd, for SQLite to free). */
static vl_ctx *ctx_acquire(char **msg)
{
    pthread_mutex_lock(&shared.lock);
    if (!shared.ctx) {
        /* the tokenizer's lexicons only: folding, elisions, stem overrides */
        vl_options opt = {.structure_only = 1};
        vl_error err;
        vl_error_clear(&err);
        if (vl_ctx_new(&opt, &shared.ctx, &err) != VL_OK) {
            shared.ctx = NULL;
            *msg = sqlite3_mprintf("veille: cannot load the lexicons (set VEILLE_DATA to"
                                   " veille's data folder): %s",
                                   err.message);
        }
    }
    vl_ctx *ctx = shared.ctx;
    if (ctx) shared.users++;
    pthread_mutex_unlock(&shared.lock);
    return ctx;
}

static void ctx_release(void)
{
    pthread_mutex_lock(&shared.lock);
    if (--shared.users == 0) {
        vl_ctx_free(shared.ctx);
        shared.ctx = NULL;
    }
    pthread_mutex_unlock(&shared.lock);
}

/* What one connection's registrations point to. It is the user data of
 * vl_data_dir(), so SQLite frees it (conn_free) when the connection
 * closes: after its tables are disconnected (their tokenizers with them)
 * and before FTS5's own state, whose tokenizer and function entries have
 * no destructor, so nothing reads it afterwards. */
typedef struct conn {
    const vl_ctx *ctx;
    vl_fts_hook *hook; /* the "veille" tokenizer's */
    vl_rank_cache *rank; /* vl_rank's and vl_rank_top's */
} conn;

static void conn_free(void *p)
{
    conn *c = p;
    free(c->hook); /* as vl_store_close does: the hook owns nothing */
    vl_rank_cache_free(c->rank);
    free(c);
    ctx_release();
}

static void data_dir_func(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    const conn *c = sqlite3_user_data(cx);
    sqlite3_result_text(cx, c->ctx->data_dir, -1, SQLITE_TRANSIENT);
}

/* Whether the extension is loaded on db already (.load twice): a second
 * registration would replace vl_data_dir, and free the state the first
 * tokenizer's tables still use. */
static int loaded(sqlite3 *db)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT vl_data_dir()", -1, &q, NULL);
    sqlite3_finalize(q);
    return rc == SQLITE_OK;
}

/* The entry point, named after the file (veille.so): `.load veille` finds
 * it. Returns SQLITE_OK, or SQLITE_ERROR with *pzErrMsg set. */
__attribute__((visibility("default"))) int sqlite3_veille_init(sqlite3 *db, char **pzErrMsg,
                                                               const sqlite3_api_routines *pApi);

int sqlite3_veille_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi)
{
    SQLITE_EXTENSION_INIT2(pApi);
    if (pApi->libversion_number != system_version) {
        *pzErrMsg = sqlite3_mprintf("veille: this program embeds its own SQLite; veille.so"
                                    " works only where SQLite is the system's libsqlite3.so");
        return SQLITE_ERROR;
    }
    if (loaded(db)) return SQLITE_OK;
    /* SQLite unloads the module when this returns an error: nothing may
     * be registered then, for no tokenizer of FTS5's can be taken back.
     * So what can fail is checked first; past vl_data_dir, a registration
     * fails only when SQLite runs out of memory. */
    if (!vl_fts_api(db)) {
        *pzErrMsg = sqlite3_mprintf("veille: this SQLite has no FTS5");
        return SQLITE_ERROR;
    }
    const vl_ctx *ctx = ctx_acquire(pzErrMsg);
    if (!ctx) return SQLITE_ERROR;
    conn *c = vl_calloc(1, sizeof *c);
    c->ctx = ctx;
    c->hook = vl_fts_hook_new(ctx);
    c->rank = vl_rank_cache_new();
    /* First, so that c is freed with the connection whatever fails next
     * (and at once if this fails: SQLite calls the destructor then). */
    if (sqlite3_create_function_v2(db, "vl_data_dir", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, c,
                                   data_dir_func, NULL, NULL, conn_free) != SQLITE_OK) {
        *pzErrMsg = sqlite3_mprintf("veille: %s", sqlite3_errmsg(db));
        return SQLITE_ERROR;
    }
    vl_error err;
    vl_error_clear(&err);
    vl_status s = vl_fts_register(db, c->hook, &err);
    if (!s) s = vl_facttab_register(db, 0, &err);
    if (!s) s = vl_rank_register(db, c->rank, "doc_fts", &err);
    if (!s) s = vl_snippet_register(db, &err);
    if (s) {
        *pzErrMsg = sqlite3_mprintf("veille: %s", err.message);
        return SQLITE_ERROR;
    }
    return SQLITE_OK;
}
