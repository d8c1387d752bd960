/*
 * read.h — the read stage: files, folders, JSONL and standard input into raw
 * documents. The public entry is vl_read_path (veille.h); this header only
 * documents the module.
 *
 * Reads are bounded: a text file over the context's document limit is
 * skipped without reading it; a JSONL line may be at most 4 times the limit
 * plus 1 MiB (escapes take room); standard input is read up to the limit.
 */
#ifndef VL_READ_H
#define VL_READ_H

#include "veille.h"

#endif
