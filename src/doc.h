/*
 * doc.h — one document through normalize, structure and extract (the
 * pipeline up to, not including, store).
 */
#ifndef VL_DOC_H
#define VL_DOC_H

#include "extract.h"
#include "mem.h"
#include "normalize.h"
#include "structure.h"
#include "veille.h"

struct vl_doc {
    vl_arena arena; /* everything below */
    const char *text;
    size_t len;
    char hash[33];
    const char *id, *source, *url, *date, *date_source, *title;
    vl_view view;
    vl_structure st;
    vl_extraction ex;
};

/* Builds a document from text already known to be valid (as stored), with
 * its metadata; used when loading from the store. Takes no ownership. */
vl_doc *vl_doc_from_stored(const vl_ctx *ctx, const char *text, size_t len,
                           const char *id, const char *source, const char *url,
                           const char *date, const char *date_source, const char *title);

/* vl_doc_new without extraction: the text checked, normalised and laid
 * out, its hash, id and title; no facts, and no date the text alone gives
 * (vl_load sets a loaded document's facts and date from its record). */
vl_status vl_doc_new_unextracted(const vl_ctx *ctx, const vl_raw *raw, vl_doc **out,
                                 vl_error *err);

#endif
