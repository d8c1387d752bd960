/*
 * load.h — a stored document's record, read back without extraction
 * (store stage; vl_load in ingest.c; the record's writer,
 * vl_doc_load_record, is in veille.h).
 */
#ifndef VL_LOAD_H
#define VL_LOAD_H

#include "buf.h"
#include "veille.h"

typedef struct json_t json_t;

/* One record read back: the document (not extracted: its text laid out,
 * hashed, with the source, date and title of the record), its fact pack
 * and index terms, its events' rows (inside the record's JSON: valid while
 * the reader's line is). pack and terms are the caller's, reused. */
typedef struct vl_loaded {
    vl_doc *doc;
    vl_buf pack, terms;
    const json_t *events;
} vl_loaded;

/* Reads raw (a JSONL line of vl_doc_load_record) into out. Errors:
 * VL_EJSON (no such record, or facts or events that do not fit its text),
 * and those of vl_doc_new for its text. */
vl_status vl_load_doc(const vl_ctx *ctx, const vl_raw *raw, vl_loaded *out, vl_error *err);

#endif
