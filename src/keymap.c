/*
 * keymap.c — byte-string keys numbered in order of first sight.
 */
#include "keymap.h"

#include <stdlib.h>
#include <string.h>

#include "lexicon.h"

static size_t slot(const vl_keymap *m, const char *k, size_t n)
{
    size_t j = vl_hash_bytes(k, n) & (m->cap - 1);
    while (m->k[j] && !(m->klen[j] == n && memcmp(m->k[j], k, n) == 0)) j = (j + 1) & (m->cap - 1);
    return j;
}

static void grow(vl_keymap *m)
{
    vl_keymap old = *m;
    m->cap = old.cap ? old.cap * 2 : 1024;
    m->k = vl_calloc(m->cap, sizeof *m->k);
    m->klen = vl_calloc(m->cap, sizeof *m->klen);
    m->rec = vl_calloc(m->cap, sizeof *m->rec);
    for (size_t i = 0; i < old.cap; i++) {
        if (!old.k[i]) continue;
        size_t j = slot(m, old.k[i], old.klen[i]);
        m->k[j] = old.k[i];
        m->klen[j] = old.klen[i];
        m->rec[j] = old.rec[i];
    }
    free(old.k);
    free(old.klen);
    free(old.rec);
}

uint32_t vl_keymap_get(vl_keymap *m, vl_arena *a, const char *k, size_t n, size_t *count,
                       int *isnew)
{
    if ((m->n + 1) * 2 > m->cap) grow(m);
    size_t j = slot(m, k, n);
    *isnew = !m->k[j];
    if (*isnew) {
        m->k[j] = vl_arena_strndup(a, k, n);
        m->klen[j] = (uint32_t)n;
        m->rec[j] = (uint32_t)(*count)++;
        m->n++;
    }
    return m->rec[j];
}

long vl_keymap_find(const vl_keymap *m, const char *k, size_t n)
{
    if (!m->cap) return -1;
    size_t j = slot(m, k, n);
    return m->k[j] ? (long)m->rec[j] : -1;
}

const char *vl_keymap_key(const vl_keymap *m, const char *k, size_t n)
{
    if (!m->cap) return NULL;
    return m->k[slot(m, k, n)];
}

void vl_keymap_free(vl_keymap *m)
{
    free(m->k);
    free(m->klen);
    free(m->rec);
    memset(m, 0, sizeof *m);
}
