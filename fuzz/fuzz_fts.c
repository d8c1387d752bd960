/*
 * fuzz_fts.c — libFuzzer target: any bytes through the FTS5 tokenizer
 * "veille" (folding, elisions, codes, stems) as a document's text, indexed
 * into an in-memory table, then searched as a phrase and highlighted
 * (vl_snippet). Nothing may crash, and the integrity check must hold.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "budget.h"
#include "memstore.h"
#include "veille.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    double t0 = fuzz_now();
    vl_store *st = fuzz_store();
    sqlite3 *db = vl_store_db(st);
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO doc_fts(rowid, title, body, boiler) VALUES(1, '', ?1, '')", -1, &q,
                           NULL) != SQLITE_OK)
        abort();
    sqlite3_bind_text(q, 1, (const char *)data, (int)size, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) return 0; /* not text SQLite takes */
    /* the first few words of it, as a phrase, found and highlighted */
    size_t n = size < 40 ? size : 40;
    char phrase[128];
    size_t k = 0;
    phrase[k++] = '"';
    for (size_t i = 0; i < n; i++) {
        if (data[i] == '"') phrase[k++] = '"';
        phrase[k++] = data[i] ? (char)data[i] : ' ';
    }
    phrase[k++] = '"';
    phrase[k] = 0;
    if (sqlite3_prepare_v2(db, "SELECT vl_snippet(doc_fts, -1, '[', ']', '…', 20) FROM doc_fts WHERE doc_fts MATCH ?1",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, phrase, -1, SQLITE_STATIC);
        while (sqlite3_step(q) == SQLITE_ROW) {
        }
    }
    sqlite3_finalize(q);
    /* taken out again with the same text: the index must be as before */
    if (sqlite3_prepare_v2(db, "INSERT INTO doc_fts(doc_fts, rowid, title, body, boiler) VALUES('delete', 1, '', ?1, '')",
                           -1, &q, NULL) != SQLITE_OK)
        abort();
    sqlite3_bind_text(q, 1, (const char *)data, (int)size, SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_DONE) abort();
    sqlite3_finalize(q);
    if (sqlite3_exec(db, "INSERT INTO doc_fts(doc_fts, rank) VALUES('integrity-check', 0)", NULL, NULL, NULL) !=
        SQLITE_OK)
        abort();
    fuzz_budget(t0, size);
    return 0;
}
