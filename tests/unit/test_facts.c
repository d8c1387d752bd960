/*
 * test_facts.c — fact packs read back as written, and the facts table
 * giving the same rows whichever way a query reaches them.
 *
 * Packs of hand-made facts are stored in doc_facts and fact_index as the
 * store writes them; every query below is checked against what a scan of
 * every pack, filtered in C, gives: by key (through the fact index), by
 * office, by document, in both orders, a kind the index does not hold, and
 * keys with a double quote and a line break.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "ctx.h"
#include "facts.h"
#include "store.h"
#include "veille.h"

void test_facts(void);

typedef struct row {
    long long doc;
    const char *kind, *key, *office;
} row;

/* Three documents; doc 2 has two titles of one person for one office. */
static const struct {
    long long doc;
    int kind;
    const char *key, *value, *status, *office;
    double num;
} facts[] = {
    {1, VL_FACT_PERSON, "lan vu", NULL, NULL, NULL, 2},
    {1, VL_FACT_TITLE, "lan vu", "ministre", "current", "ministre|defense|VN", 1},
    {1, VL_FACT_DATE, "2024-05-02", NULL, NULL, NULL, 0},
    {2, VL_FACT_PERSON, "lan vu", NULL, NULL, NULL, 1},
    {2, VL_FACT_TITLE, "lan vu", "ministre", "former", "ministre|defense|VN", 1},
    {2, VL_FACT_TITLE, "lan vu", "chef", "current", "ministre|defense|VN", 1},
    {2, VL_FACT_PERSON, "o\"neil\nx", NULL, NULL, NULL, 1},
    {2, VL_FACT_PLACE, "vn", "country", "VN", NULL, 3},
    {3, VL_FACT_ORG, "asean", NULL, NULL, NULL, 1},
    {3, VL_FACT_TITLE, "minh ha", "ministre", "acting", "ministre|defense|VN", 1},
    {3, VL_FACT_DATE, "2024-05-02", NULL, NULL, NULL, 0},
    {3, VL_FACT_PERSON, "lan vu", NULL, NULL, NULL, 4},
};
enum { NFACTS = sizeof facts / sizeof facts[0] };

/* The rows of a query, as "doc kind key|" for each. */
static void rows_of(sqlite3 *db, const char *sql, const char *a, const char *b, vl_buf *out)
{
    sqlite3_stmt *q;
    vl_buf_reset(out);
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
        fprintf(stderr, "  %s: %s\n", sql, sqlite3_errmsg(db));
        vl_buf_adds(out, "error");
        return;
    }
    if (a) sqlite3_bind_text(q, 1, a, -1, SQLITE_STATIC);
    if (b) sqlite3_bind_text(q, 2, b, -1, SQLITE_STATIC);
    while (sqlite3_step(q) == SQLITE_ROW) {
        char line[256];
        snprintf(line, sizeof line, "%lld %s %s %s|", sqlite3_column_int64(q, 0),
                 (const char *)sqlite3_column_text(q, 1), (const char *)sqlite3_column_text(q, 2),
                 sqlite3_column_text(q, 3) ? (const char *)sqlite3_column_text(q, 3) : "-");
        vl_buf_adds(out, line);
    }
    sqlite3_finalize(q);
}

/* Fact i as rows_of writes a row. */
static void add_fact(vl_buf *out, int i)
{
    char line[256];
    snprintf(line, sizeof line, "%lld %s %s %s|", facts[i].doc, vl_fact_kind_names[facts[i].kind],
             facts[i].key, facts[i].office ? facts[i].office : "-");
    vl_buf_adds(out, line);
}

/* What the rows must be: the facts filtered in C, in document order (or
 * reversed, facts within a document reversed too). */
static void expected(int kind, const char *key, const char *office, long long doc, int desc,
                     vl_buf *out)
{
    vl_buf_reset(out);
    for (int k = 0; k < NFACTS; k++) {
        int i = desc ? NFACTS - 1 - k : k;
        if (kind >= 0 && facts[i].kind != kind) continue;
        if (key && strcmp(facts[i].key, key) != 0) continue;
        if (office && (!facts[i].office || strcmp(facts[i].office, office) != 0)) continue;
        if (doc && facts[i].doc != doc) continue;
        add_fact(out, i);
    }
}

void test_facts(void)
{
    /* a pack reads back field for field */
    vl_buf pack, terms;
    vl_buf_init(&pack, 0);
    vl_buf_init(&terms, 0);
    vl_facts_put(&pack, VL_FACT_AMOUNT, "USD", "5 millions de dollars", NULL, "", 5e6, 17,
                 300000, NULL, NULL);
    vl_facts_put(&pack, VL_FACT_TITLE, "a b", "A B", "ministre", "current", 1, 0, 9, "o|x|VN",
                 "2019-02");
    size_t pos = 0;
    vl_fact f;
    CHECK(vl_facts_next(pack.data, pack.len, &pos, &f));
    CHECK_INT(f.kind, VL_FACT_AMOUNT);
    CHECK(f.n[VL_FS_KEY] == 3 && memcmp(f.s[VL_FS_KEY], "USD", 3) == 0);
    CHECK(f.s[VL_FS_VALUE] == NULL);                        /* NULL stays NULL */
    CHECK(f.s[VL_FS_STATUS] != NULL && f.n[VL_FS_STATUS] == 0); /* "" stays "" */
    CHECK(f.num == 5e6 && f.start == 17 && f.end == 300000 && f.s[VL_FS_OFFICE] == NULL);
    CHECK(f.s[VL_FS_DATE] == NULL); /* no date of its own: the document's */
    CHECK(vl_facts_next(pack.data, pack.len, &pos, &f));
    CHECK(f.kind == VL_FACT_TITLE && f.num == 1 && f.n[VL_FS_OFFICE] == 6);
    CHECK(f.n[VL_FS_DATE] == 7 && memcmp(f.s[VL_FS_DATE], "2019-02", 7) == 0);
    CHECK(!vl_facts_next(pack.data, pack.len, &pos, &f));
    /* a damaged pack stops, never reads past its end */
    pos = 0;
    CHECK(vl_facts_next(pack.data, pack.len - 3, &pos, &f));
    CHECK(!vl_facts_next(pack.data, pack.len - 3, &pos, &f));
    vl_facts_terms(pack.data, pack.len, &terms);
    CHECK_STR((const char *)terms.data, "title:a b\noffice:o|x|VN\nposition:a b\to|x|VN\n");

    /* the facts table */
    vl_ctx *ctx = NULL;
    vl_store *st = NULL;
    CHECK_INT(vl_ctx_new(NULL, &ctx, NULL), VL_OK);
    CHECK_INT(vl_store_open(ctx, ":memory:", &st, NULL), VL_OK);
    if (!st) {
        vl_ctx_free(ctx);
        return;
    }
    sqlite3 *db = vl_store_db(st);
    sqlite3_exec(db, "PRAGMA foreign_keys=OFF", NULL, NULL, NULL);
    sqlite3_stmt *ins[2];
    CHECK_INT(sqlite3_prepare_v2(db, "INSERT INTO doc_facts VALUES(?1, ?2)", -1, &ins[0], NULL),
              SQLITE_OK);
    CHECK_INT(sqlite3_prepare_v2(db, "INSERT INTO fact_index(rowid, terms) VALUES(?1, ?2)", -1,
                                 &ins[1], NULL),
              SQLITE_OK);
    for (long long d = 1; d <= 3; d++) {
        vl_buf_reset(&pack);
        vl_buf_reset(&terms);
        for (int i = 0; i < NFACTS; i++)
            if (facts[i].doc == d)
                vl_facts_put(&pack, facts[i].kind, facts[i].key, "N", facts[i].value,
                             facts[i].status, facts[i].num, 1, 2, facts[i].office, NULL);
        vl_facts_terms(pack.data, pack.len, &terms);
        for (int k = 0; k < 2; k++) {
            const vl_buf *b = k ? &terms : &pack;
            sqlite3_bind_int64(ins[k], 1, d);
            sqlite3_bind_blob(ins[k], 2, b->data, (int)b->len, SQLITE_STATIC);
            CHECK_INT(sqlite3_step(ins[k]), SQLITE_DONE);
            sqlite3_reset(ins[k]);
        }
    }
    sqlite3_finalize(ins[0]);
    sqlite3_finalize(ins[1]);

    vl_buf got, want;
    vl_buf_init(&got, 0);
    vl_buf_init(&want, 0);
    /* each query, its arguments, and the filter in C its rows must equal */
    static const struct {
        const char *where, *a, *b;
        int kind;
        const char *key, *office;
        long long doc;
        int desc;
    } cases[] = {
        /* every pack */
        {"", NULL, NULL, -1, NULL, NULL, 0, 0},
        {" ORDER BY doc_id DESC", NULL, NULL, -1, NULL, NULL, 0, 1},
        /* by key, through the index, both orders */
        {" WHERE kind = 'person' AND key = ?1 ORDER BY doc_id", "lan vu", NULL, VL_FACT_PERSON,
         "lan vu", NULL, 0, 0},
        {" WHERE kind = 'person' AND key = ?1 ORDER BY doc_id DESC", "lan vu", NULL,
         VL_FACT_PERSON, "lan vu", NULL, 0, 1},
        /* a key with a double quote and a line break */
        {" WHERE kind = 'person' AND key = ?1 ORDER BY doc_id DESC", "o\"neil\nx", NULL,
         VL_FACT_PERSON, "o\"neil\nx", NULL, 0, 1},
        /* key and office together, and office alone */
        {" WHERE kind = 'title' AND key = ?1 AND office = ?2 ORDER BY doc_id DESC", "lan vu",
         "ministre|defense|VN", VL_FACT_TITLE, "lan vu", "ministre|defense|VN", 0, 1},
        {" WHERE office = ?1", "ministre|defense|VN", NULL, -1, NULL, "ministre|defense|VN", 0, 0},
        /* one document */
        {" WHERE doc_id = 2", NULL, NULL, -1, NULL, NULL, 2, 0},
        /* a kind the index does not hold, and a key found nowhere */
        {" WHERE kind = 'date' AND key = ?1", "2024-05-02", NULL, VL_FACT_DATE, "2024-05-02",
         NULL, 0, 0},
        {" WHERE kind = 'person' AND key = ?1", "nobody", NULL, VL_FACT_PERSON, "nobody", NULL, 0,
         0},
    };
    static const char cols[] = "SELECT doc_id, kind, key, office FROM facts";
    char sql[512];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(sql, sizeof sql, "%s%s", cols, cases[i].where);
        rows_of(db, sql, cases[i].a, cases[i].b, &got);
        expected(cases[i].kind, cases[i].key, cases[i].office, cases[i].doc, cases[i].desc,
                 &want);
        if (!got.data || !want.data || strcmp((const char *)got.data, (const char *)want.data))
            fprintf(stderr, "  case %zu: %s\n", i, sql);
        CHECK_STR((const char *)got.data, (const char *)want.data);
    }
    snprintf(sql, sizeof sql, "%s WHERE kind = 'nokind' AND key = ?1", cols);
    rows_of(db, sql, "lan vu", NULL, &got);
    CHECK_STR(got.data ? (const char *)got.data : "", "");
    /* IN lists and joins reach the same rows */
    rows_of(db,
            "SELECT f.doc_id, f.kind, f.key, f.office FROM (SELECT 'lan vu' AS k UNION"
            " SELECT 'minh ha') x JOIN facts f ON f.kind IN ('person', 'title') AND f.key = x.k"
            " ORDER BY f.doc_id, f.rowid",
            NULL, NULL, &got);
    vl_buf_reset(&want);
    for (int i = 0; i < NFACTS; i++) {
        if (facts[i].kind != VL_FACT_PERSON && facts[i].kind != VL_FACT_TITLE) continue;
        if (strcmp(facts[i].key, "lan vu") != 0 && strcmp(facts[i].key, "minh ha") != 0)
            continue;
        add_fact(&want, i);
    }
    CHECK_STR((const char *)got.data, (const char *)want.data);
    vl_buf_free(&got);
    vl_buf_free(&want);
    vl_buf_free(&pack);
    vl_buf_free(&terms);
    vl_store_close(st);
    vl_ctx_free(ctx);
}
