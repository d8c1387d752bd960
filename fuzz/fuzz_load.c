/*
 * fuzz_load.c — libFuzzer target: any bytes as a JSONL file of `veille
 * extract --store` records, through vl_load into a database in memory, then
 * read back (the facts table, the knowledge base, the events). A record
 * whose pack or events do not fit its text is skipped: nothing it carries
 * may crash a later reader.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "budget.h"
#include "memstore.h"
#include "store.h"
#include "veille.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    double t0 = fuzz_now();
    vl_store *st = fuzz_store();
    if (!path[0]) snprintf(path, sizeof path, "/tmp/veille-fuzz-load-%d.jsonl", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    fwrite(data, 1, size, f);
    fclose(f);
    const char *paths[] = {path};
    vl_ingest_opts o;
    memset(&o, 0, sizeof o);
    o.batch = 50;
    vl_ingest_report r;
    if (vl_load(st, paths, 1, &o, &r, NULL) != VL_OK) abort(); /* the store never fails here */
    /* what was stored, read back through every reader of packs and rows */
    sqlite3_exec(vl_store_db(st), "SELECT count(*), sum(length(name)) FROM facts", NULL, NULL, NULL);
    char *out = NULL;
    if (vl_kb_persons(st, 5, &out, NULL) == VL_OK) free(out);
    out = NULL;
    if (vl_events(st, NULL, NULL, NULL, NULL, 5, &out, NULL) == VL_OK) free(out);
    fuzz_budget(t0, size);
    return 0;
}
