/*
 * fuzz_doc.c — libFuzzer target: any bytes as a dispatch, through the whole
 * analysis (normalize, structure, tokenize, extract, resolve) and the JSON
 * record. Nothing may crash, leak or read out of bounds, and the record
 * must be JSON whose mentions lie inside the text.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "veille.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static vl_ctx *ctx;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    double t0 = fuzz_now();
    if (!ctx && vl_ctx_new(NULL, &ctx, NULL) != VL_OK) abort();
    vl_raw raw = {.source = "fuzz", .text = data, .len = size};
    vl_doc *d = NULL;
    if (vl_doc_new(ctx, &raw, &d, NULL) != VL_OK) { /* refused: empty, binary, bad UTF-8 */
        fuzz_budget(t0, size);
        return 0;
    }
    char *rec = vl_doc_record(d);
    json_t *j = rec ? json_loads(rec, 0, NULL) : NULL;
    if (!j) abort(); /* a record is JSON */
    json_decref(j);
    free(rec);
    vl_doc_free(d);
    fuzz_budget(t0, size);
    return 0;
}
