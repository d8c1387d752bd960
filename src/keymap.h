/*
 * keymap.h — byte-string keys numbered in order of first sight: a key's
 * record index, found in one probe (open addressing, at most half full).
 * The knowledge base's bulk load and search facets count records by key
 * with it.
 */
#ifndef VL_KEYMAP_H
#define VL_KEYMAP_H

#include <stddef.h>
#include <stdint.h>

#include "mem.h"

typedef struct vl_keymap {
    const char **k; /* the keys, in the arena given to vl_keymap_get */
    uint32_t *klen;
    uint32_t *rec;
    size_t cap, n;
} vl_keymap;

/* The record of key k (n bytes); a new key is copied into a, gets record
 * *count (which is then incremented) and sets *isnew. */
uint32_t vl_keymap_get(vl_keymap *m, vl_arena *a, const char *k, size_t n, size_t *count,
                       int *isnew);
/* The record of k, or -1. */
long vl_keymap_find(const vl_keymap *m, const char *k, size_t n);
/* The stored copy of k (NULL if absent). */
const char *vl_keymap_key(const vl_keymap *m, const char *k, size_t n);
void vl_keymap_free(vl_keymap *m);

#endif
