/*
 * fuzz_query.c — libFuzzer target: any bytes as a search query, through
 * the parser that turns user syntax into an FTS5 expression. Nothing may
 * crash, and what it makes must be accepted by FTS5 itself (run against an
 * empty in-memory table with veille's tokenizer).
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "query.h"
#include "store.h"
#include "budget.h"
#include "memstore.h"
#include "veille.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    double t0 = fuzz_now();
    vl_store *st = fuzz_store();
    char *q = malloc(size + 1);
    memcpy(q, data, size);
    q[size] = 0;
    vl_buf out;
    vl_buf_init(&out, 0);
    int plain = 0;
    if (vl_query_translate(q, &out, &plain, NULL) == VL_OK) {
        sqlite3_stmt *s = NULL;
        int rc = sqlite3_prepare_v2(vl_store_db(st), "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH ?1",
                                    -1, &s, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(s, 1, (const char *)out.data, -1, SQLITE_STATIC);
            rc = sqlite3_step(s);
            /* the translation quotes every term: FTS5 never finds it malformed */
            if (rc != SQLITE_ROW) abort();
        }
        sqlite3_finalize(s);
        /* and the search itself, over the empty table */
        vl_search_opts o = {.query = q, .limit = 5, .facets = 1};
        vl_hits *h = NULL;
        if (vl_search(st, &o, &h, NULL) == VL_OK) vl_hits_free(h);
    }
    vl_buf_free(&out);
    free(q);
    fuzz_budget(t0, size);
    return 0;
}
