/*
 * ingest.h — read, analyse and store, in batches (drives the pipeline; the
 * public entry is vl_ingest in veille.h).
 *
 * Every document goes through vl_doc_new and vl_store_add; a batch of them
 * is one transaction, so a killed ingest loses at most the batch in flight
 * and a re-run, which skips content already stored, finishes the job.
 */
#ifndef VL_INGEST_H
#define VL_INGEST_H

#include "veille.h"

#endif
