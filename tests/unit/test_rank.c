/*
 * test_rank.c — search ranks exactly as SQL over FTS5's own bm25() would.
 *
 * A table of 700 generated dispatches (enough for the row-length cache and
 * for the two-thread split) is searched with plain words, phrases,
 * operators, dates, limits and offsets; each page, score and total must
 * equal what one SQL statement ordering by bm25() gives. Then documents are
 * added, on the same connection and on another one, and the comparison runs
 * again (stale row lengths would change scores). A plain query's score adds
 * to bm25 its pairs of words found together (rank.h): the reference computes
 * them apart, from FTS5's list of every instance (xInst).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "ctx.h"
#include "fts.h"
#include "query.h"
#include "rank.h"
#include "store.h"
#include "veille.h"

void test_rank(void);

static const char *const words[] = {
    "ministre",   "défense",  "sécurité", "coopération", "frontière", "délégation",
    "accord",     "marine",   "police",   "visite",      "formation", "Hanoï",
    "ambassadeur", "exercice", "patrouille", "protocole", "entretien", "garde-côtes",
    "renseignement", "partenariat", "Laos", "Cambodge", "Japon", "mer",
};
enum { NWORDS = sizeof words / sizeof words[0] };

static unsigned long seed = 12345;
static unsigned next(unsigned n)
{
    seed = seed * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)(seed >> 33) % n;
}

/* A word, common ones far more often than rare ones. */
static const char *word(void) { return words[next(next(NWORDS) + 1)]; }

static void add_generated(vl_store *st, const vl_ctx *ctx, int from, int n)
{
    vl_buf t;
    vl_buf_init(&t, 0);
    for (int i = from; i < from + n; i++) {
        vl_buf_reset(&t);
        char line[64];
        snprintf(line, sizeof line, " date %d-%02d ", 2015 + i % 10, 1 + i % 12);
        vl_buf_adds(&t, line);
        for (unsigned k = 0, nt = 3 + next(6); k < nt; k++) {
            vl_buf_adds(&t, k ? " " : "");
            vl_buf_adds(&t, word());
        }
        vl_buf_adds(&t, "\n\nHanoï (VNA) – ");
        for (unsigned p = 0, np = 1 + next(4); p < np; p++) {
            for (unsigned k = 0, nw = 5 + next(60); k < nw; k++) {
                vl_buf_adds(&t, word());
                vl_buf_adds(&t, k + 1 < nw ? " " : ".\n\n");
            }
        }
        vl_buf_addc(&t, 0);
        char id[32];
        snprintf(id, sizeof id, "g%04d", i);
        vl_raw raw = {.source = id, .id = id, .text = t.data, .len = t.len - 1};
        vl_doc *d = NULL;
        int added = 0;
        CHECK_INT(vl_doc_new(ctx, &raw, &d, NULL), VL_OK);
        if (d) CHECK_INT(vl_store_add(st, d, &added, NULL), VL_OK);
        CHECK_INT(added, 1);
        vl_doc_free(d);
    }
    vl_buf_free(&t);
}

/* plain_ref(doc_fts, score): a plain query's score from bm25's (rank.h):
 * plus, for each pair of the query's phrases adjacent in the query, the
 * pair scored as a term of its own when the second starts within
 * VL_RANK_NEAR tokens after the first ends in the same column (IDF the
 * smaller of the two, bm25's; frequency the places weighted 8, 1, 0.25 by
 * column; bm25's saturation); plus VL_RANK_HELD times the phrases the row
 * holds times their mean IDF. From FTS5's list of every instance (xInst). */
static int count_rows(const Fts5ExtensionApi *api, Fts5Context *fc, void *user)
{
    (void)api;
    (void)fc;
    (*(sqlite3_int64 *)user)++;
    return SQLITE_OK;
}

static void plain_ref(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *cx,
                      int nval, sqlite3_value **val)
{
    (void)nval;
    const double k1 = 1.2, b = 0.75, w[3] = {8.0, 1.0, 0.25};
    double score = sqlite3_value_double(val[0]);
    int np = api->xPhraseCount(fc), ninst = 0;
    sqlite3_int64 rows = 0, tokens = 0;
    int len = 0;
    api->xRowCount(fc, &rows);
    api->xColumnTotalSize(fc, -1, &tokens);
    api->xColumnSize(fc, -1, &len);
    double avgdl = (double)tokens / (double)rows;
    double K = k1 * (1 - b + b * (double)len / avgdl);
    double idf[16] = {0}, idf_sum = 0.0;
    for (int i = 0; i < np && i < 16; i++) {
        sqlite3_int64 hits = 0;
        api->xQueryPhrase(fc, i, &hits, count_rows);
        idf[i] = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
        if (idf[i] <= 0.0) idf[i] = 1e-6;
        idf_sum += idf[i];
    }
    api->xInstCount(fc, &ninst);
    int held = 0;
    for (int i = 0; i < np; i++) {
        int has = 0;
        for (int p = 0; p < ninst && !has; p++) {
            int ph, col, off;
            api->xInst(fc, p, &ph, &col, &off);
            has = ph == i;
        }
        held += has;
    }
    for (int i = 0; i + 1 < np; i++) {
        double f = 0.0;
        for (int p = 0; p < ninst; p++) {
            int ph, col, off;
            api->xInst(fc, p, &ph, &col, &off);
            if (ph != i) continue;
            int end = off + api->xPhraseSize(fc, i) - 1, found = 0;
            for (int q = 0; q < ninst && !found; q++) {
                int ph2, col2, off2;
                api->xInst(fc, q, &ph2, &col2, &off2);
                found = ph2 == i + 1 && col2 == col && off2 > end && off2 - end <= VL_RANK_NEAR;
            }
            if (found) f += col < 3 ? w[col] : 1.0;
        }
        if (f <= 0.0) continue;
        double m = idf[i] < idf[i + 1] ? idf[i] : idf[i + 1];
        score += m * ((f * (k1 + 1.0)) / (f + K));
    }
    score += VL_RANK_HELD * held * (np ? idf_sum / np : 0.0);
    sqlite3_result_double(cx, score);
}

#define REF_FROM                                                                           \
    " FROM doc_fts JOIN documents d ON d.id = doc_fts.rowid WHERE doc_fts MATCH ?1"        \
    " AND (?2 IS NULL OR substr(d.date, 1, length(?2)) >= substr(?2, 1, length(d.date)))"  \
    " AND (?3 IS NULL OR substr(d.date, 1, length(?3)) <= substr(?3, 1, length(d.date)))"

/* Compares vl_search with the reference statements; returns the checks'
 * failures so far, and counts the pages compared. */
static int compared;
static void compare(vl_store *st, const vl_ctx *ctx, const char *query, const char *from,
                    const char *to, int limit, int offset)
{
    sqlite3 *db = vl_store_db(st);
    vl_buf fts;
    vl_buf_init(&fts, 0);
    int plain = 0;
    vl_query_words w = {&ctx->query_skip, &ctx->fold, &ctx->name_syllables, NULL, NULL};
    CHECK_INT(vl_query_translate_words(query, &w, &fts, &plain, NULL), VL_OK);
    const char *rank_sql =
        plain ? "SELECT d.uid, plain_ref(doc_fts, -bm25(doc_fts, 8.0, 1.0, 0.25)) AS s" REF_FROM
                " ORDER BY s DESC, doc_fts.rowid LIMIT ?4 OFFSET ?5"
              : "SELECT d.uid, -bm25(doc_fts, 8.0, 1.0, 0.25)" REF_FROM
                " ORDER BY bm25(doc_fts, 8.0, 1.0, 0.25), doc_fts.rowid LIMIT ?4 OFFSET ?5";
    /* a plain query's hits: the rows holding every word when they fill the
     * page, else those holding any */
    vl_buf every;
    vl_buf_init(&every, 0);
    for (const char *p = (const char *)fts.data, *e; p; p = e ? e + 6 : NULL) {
        e = strstr(p, "\" OR \"");
        vl_buf_add(&every, p, e ? (size_t)(e - p) + 1 : strlen(p));
        if (e) vl_buf_adds(&every, " AND \"");
    }
    sqlite3_stmt *q = NULL, *c = NULL, *ce = NULL;
    CHECK_INT(sqlite3_prepare_v2(db, rank_sql, -1, &q, NULL), SQLITE_OK);
    CHECK_INT(sqlite3_prepare_v2(db, "SELECT count(*)" REF_FROM, -1, &c, NULL), SQLITE_OK);
    CHECK_INT(sqlite3_prepare_v2(db, "SELECT count(*)" REF_FROM, -1, &ce, NULL), SQLITE_OK);
    sqlite3_stmt *all3[3] = {q, c, ce};
    for (int i = 0; i < 3; i++) {
        sqlite3_bind_text(all3[i], 1, (const char *)(i == 2 ? every.data : fts.data), -1,
                          SQLITE_STATIC);
        sqlite3_bind_text(all3[i], 2, from, -1, SQLITE_STATIC);
        sqlite3_bind_text(all3[i], 3, to, -1, SQLITE_STATIC);
    }
    CHECK_INT(sqlite3_step(ce), SQLITE_ROW);
    if (plain && sqlite3_column_int64(ce, 0) >= offset + limit) {
        sqlite3_reset(q);
        sqlite3_bind_text(q, 1, (const char *)every.data, -1, SQLITE_STATIC);
    }
    sqlite3_bind_int(q, 4, limit);
    sqlite3_bind_int(q, 5, offset);
    vl_search_opts o = {.query = query, .from = from, .to = to, .limit = limit, .offset = offset};
    vl_hits *h = NULL;
    vl_error e;
    vl_error_clear(&e);
    CHECK_INT(vl_search(st, &o, &h, &e), VL_OK);
    if (e.code) fprintf(stderr, "  %s: %s\n", query, e.message);
    int before = check_failures;
    CHECK_INT(sqlite3_step(c), SQLITE_ROW);
    if (h) CHECK_INT(vl_hits_total(h), sqlite3_column_int64(c, 0));
    size_t i = 0;
    for (; h && sqlite3_step(q) == SQLITE_ROW; i++) {
        if (i >= vl_hits_count(h)) {
            CHECK(i < vl_hits_count(h));
            break;
        }
        const vl_hit *x = vl_hits_get(h, i);
        double want = sqlite3_column_double(q, 1);
        CHECK_STR(x->id, (const char *)sqlite3_column_text(q, 0));
        CHECK(x->score == want);
    }
    if (h) CHECK_INT(vl_hits_count(h), i);
    if (check_failures != before)
        fprintf(stderr, "  in: '%s' from %s to %s limit %d offset %d\n", query,
                from ? from : "-", to ? to : "-", limit, offset);
    if (getenv("RANK_DEBUG") && h) fprintf(stderr, "%s %s %s %d %d: total %lld count %zu\n", query, from ? from : "-", to ? to : "-", limit, offset, (long long)vl_hits_total(h), vl_hits_count(h));
    compared++;
    sqlite3_finalize(q);
    sqlite3_finalize(c);
    sqlite3_finalize(ce);
    vl_hits_free(h);
    vl_buf_free(&fts);
    vl_buf_free(&every);
}

/* vl_rank returns bm25()'s doubles on every row of the query. */
static void same_scores(vl_store *st, const char *match)
{
    sqlite3_stmt *q = NULL;
    CHECK_INT(sqlite3_prepare_v2(vl_store_db(st),
                                 "SELECT vl_rank(doc_fts, 8.0, 1.0, 0.25),"
                                 " bm25(doc_fts, 8.0, 1.0, 0.25) FROM doc_fts"
                                 " WHERE doc_fts MATCH ?1",
                                 -1, &q, NULL),
              SQLITE_OK);
    sqlite3_bind_text(q, 1, match, -1, SQLITE_STATIC);
    int rows = 0, differ = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        rows++;
        differ += sqlite3_column_double(q, 0) != sqlite3_column_double(q, 1);
    }
    sqlite3_finalize(q);
    CHECK(rows > 100);
    CHECK_INT(differ, 0);
}

static int snippet_rows;
/* vl_snippet gives snippet()'s text on every row of the match, for a
 * window of n tokens over column col (-1: the best column). */
static void same_snippets(vl_store *st, const char *match, int col, int n)
{
    sqlite3_stmt *q = NULL;
    CHECK_INT(sqlite3_prepare_v2(vl_store_db(st),
                                 "SELECT vl_snippet(doc_fts, ?2, '[', ']', '…', ?3),"
                                 " snippet(doc_fts, ?2, '[', ']', '…', ?3) FROM doc_fts"
                                 " WHERE doc_fts MATCH ?1",
                                 -1, &q, NULL),
              SQLITE_OK);
    sqlite3_bind_text(q, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 2, col);
    sqlite3_bind_int(q, 3, n);
    int rows = 0, differ = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        rows++;
        const char *a = (const char *)sqlite3_column_text(q, 0), *b = (const char *)sqlite3_column_text(q, 1);
        if (!a || !b || strcmp(a, b) != 0) {
            if (!differ) fprintf(stderr, "  %s col %d n %d:\n    vl_snippet %s\n    snippet    %s\n", match, col, n, a ? a : "(null)", b ? b : "(null)");
            differ++;
        }
    }
    sqlite3_finalize(q);
    CHECK(rows > 0);
    CHECK_INT(differ, 0);
    snippet_rows += rows;
}

static const char *const queries[] = {
    "ministre",
    "défense sécurité",
    "ministre de la défense coopération",
    "\"garde-côtes\"",
    "marine OR police",
    "patrouille NOT Japon",
    "coop*",
    "Laos Cambodge mer frontière",
    "renseignement xyzzy",
    "\"Japon mer\"",
    "xyzzy",
};

static void compare_all(vl_store *st, const vl_ctx *ctx)
{
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        compare(st, ctx, queries[i], NULL, NULL, 20, 0);
        compare(st, ctx, queries[i], NULL, NULL, 5, 3);
        compare(st, ctx, queries[i], NULL, NULL, 50, 40);
        compare(st, ctx, queries[i], "2019", "2022-06", 20, 0);
        compare(st, ctx, queries[i], "2024-02", NULL, 7, 2);
    }
}

void test_rank(void)
{
    vl_ctx *ctx = NULL;
    CHECK_INT(vl_ctx_new(NULL, &ctx, NULL), VL_OK);
    char path[] = "/tmp/veille-rank-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    vl_store *st = NULL;
    CHECK_INT(vl_store_open(ctx, path, &st, NULL), VL_OK);
    if (!st) return;
    fts5_api *api = vl_fts_api(vl_store_db(st));
    CHECK(api && api->xCreateFunction(api, "plain_ref", NULL, plain_ref, NULL) == SQLITE_OK);
    CHECK_INT(vl_store_begin(st, NULL), VL_OK);
    add_generated(st, ctx, 0, 700);
    CHECK_INT(vl_store_commit(st, NULL), VL_OK);

    compare_all(st, ctx);
    same_scores(st, "\"ministre\"");
    same_scores(st, "\"défense\" AND \"sécurité\"");

    /* more rows, written on this connection, then on another one */
    CHECK_INT(vl_store_begin(st, NULL), VL_OK);
    add_generated(st, ctx, 700, 60);
    CHECK_INT(vl_store_commit(st, NULL), VL_OK);
    compare_all(st, ctx);
    vl_store *other = NULL;
    CHECK_INT(vl_store_open(ctx, path, &other, NULL), VL_OK);
    if (other) {
        CHECK_INT(vl_store_begin(other, NULL), VL_OK);
        add_generated(other, ctx, 760, 60);
        CHECK_INT(vl_store_commit(other, NULL), VL_OK);
        vl_store_close(other);
    }
    /* rows searched inside a transaction (the first search since the other
     * connection wrote: row lengths are read again, these rows' too) that
     * is then rolled back: their ids come back with other texts */
    CHECK_INT(vl_store_begin(st, NULL), VL_OK);
    add_generated(st, ctx, 820, 40);
    compare(st, ctx, "ministre", NULL, NULL, 20, 0);
    CHECK_INT(sqlite3_exec(vl_store_db(st), "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    seed = 99;
    CHECK_INT(vl_store_begin(st, NULL), VL_OK);
    add_generated(st, ctx, 820, 40);
    CHECK_INT(vl_store_commit(st, NULL), VL_OK);
    compare_all(st, ctx);
    same_scores(st, "\"ministre\" OR \"police\"");
    static const char *const snip[] = {
        "\"ministre\"", "\"défense\" AND \"sécurité\"", "\"marine\" OR \"police\" OR \"mer\"",
        "\"coop\" *", "\"garde-côtes\"", "\"mer\" AND \"Japon\"", "\"ministre\" OR \"date\"",
        "\"Laos\" OR \"Cambodge\" OR \"frontière\" OR \"patrouille\" OR \"accord\""};
    for (size_t i = 0; i < sizeof snip / sizeof snip[0]; i++) {
        same_snippets(st, snip[i], -1, 20);
        same_snippets(st, snip[i], -1, 5);
        same_snippets(st, snip[i], 1, 12);
        same_snippets(st, snip[i], 0, 3);
    }
    CHECK(snippet_rows > 4000);
    CHECK_INT(compared, 166);

    vl_store_close(st);
    char side[64];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    vl_ctx_free(ctx);
}
