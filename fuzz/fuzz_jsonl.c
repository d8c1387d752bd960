/*
 * fuzz_jsonl.c — libFuzzer target: any bytes as a JSONL file, read line by
 * line (jansson), each document analysed. Bad lines are skipped, never a
 * crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "budget.h"
#include "veille.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static vl_ctx *ctx;
static char path[64];

static int on_doc(void *user, const vl_raw *raw)
{
    (void)user;
    vl_doc *d = NULL;
    if (vl_doc_new(ctx, raw, &d, NULL) == VL_OK) {
        free(vl_doc_record(d));
        vl_doc_free(d);
    }
    return 0;
}

static void on_skip(void *user, const vl_error *why)
{
    (void)user;
    (void)why;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    double t0 = fuzz_now();
    if (!ctx) {
        if (vl_ctx_new(NULL, &ctx, NULL) != VL_OK) abort();
        snprintf(path, sizeof path, "/tmp/veille-fuzz-%d.jsonl", (int)getpid());
    }
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    fwrite(data, 1, size, f);
    fclose(f);
    vl_read_path(ctx, path, 1, on_doc, on_skip, NULL);
    fuzz_budget(t0, size);
    return 0;
}
