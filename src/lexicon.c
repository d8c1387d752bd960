/*
 * lexicon.c — string sets loaded from data files.
 */
#include "lexicon.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/* A hash for short strings, eight bytes at a time (tokens and lexicon
 * entries are short; byte-at-a-time FNV was a tenth of extraction). */
uint64_t vl_hash_bytes(const void *p, size_t n)
{
    const unsigned char *s = p;
    const uint64_t k = 0x9E3779B97F4A7C15ULL;
    uint64_t h = 0x243F6A8885A308D3ULL ^ (n * k);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++) w |= (uint64_t)s[i] << (8 * i);
    h = (h ^ w) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    return h;
}

static void rehash(vl_lexicon *lex, size_t nslots)
{
    vl_lexslot *slots = vl_calloc(nslots, sizeof *slots);
    for (size_t i = 0; i < lex->nslots; i++) {
        vl_lexslot e = lex->slots[i];
        if (!e.s) continue;
        size_t j = vl_hash_bytes(e.s, e.len) & (nslots - 1);
        while (slots[j].s) j = (j + 1) & (nslots - 1);
        slots[j] = e;
    }
    free(lex->slots);
    lex->slots = slots;
    lex->nslots = nslots;
}

void vl_lexicon_add(vl_lexicon *lex, const char *s, size_t n)
{
    if (vl_lexicon_has(lex, s, n)) return;
    if ((lex->count + 1) * 2 > lex->nslots) rehash(lex, lex->nslots ? lex->nslots * 2 : 64);
    uint64_t h = vl_hash_bytes(s, n);
    size_t j = h & (lex->nslots - 1);
    while (lex->slots[j].s) j = (j + 1) & (lex->nslots - 1);
    lex->slots[j].s = vl_arena_strndup(&lex->strings, s, n);
    lex->slots[j].len = (uint32_t)n;
    lex->slots[j].hash = (uint32_t)(h >> 32);
    lex->count++;
    if (n > lex->max_len) lex->max_len = n;
}

int vl_lexicon_has(const vl_lexicon *lex, const char *s, size_t n)
{
    if (!lex->nslots || n > lex->max_len) return 0;
    return vl_lexicon_has_h(lex, s, n, vl_hash_bytes(s, n));
}

int vl_lexicon_has_h(const vl_lexicon *lex, const char *s, size_t n, uint64_t h)
{
    if (!lex->nslots || n > lex->max_len) return 0;
    size_t j = h & (lex->nslots - 1);
    while (lex->slots[j].s) {
        const vl_lexslot *e = &lex->slots[j];
        if (e->hash == (uint32_t)(h >> 32) && e->len == n && memcmp(e->s, s, n) == 0) return 1;
        j = (j + 1) & (lex->nslots - 1);
    }
    return 0;
}

void vl_lexicon_free(vl_lexicon *lex)
{
    free(lex->slots);
    vl_arena_free(&lex->strings);
    memset(lex, 0, sizeof *lex);
}

vl_status vl_lexicon_load(vl_lexicon *lex, const char *dir, const char *name,
                          vl_error *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return vl_error_set(err, VL_EDATA, path, -1, -1, "cannot open lexicon %s: %s",
                            path, strerror(errno));
    char line[260];
    long lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n') {
            fclose(f);
            return vl_error_set(err, VL_EDATA, path, -1, lineno,
                                "%s:%ld: line longer than 256 bytes", path, lineno);
        }
        char *s = line;
        while (*s == ' ' || *s == '\t') s++;
        n = strlen(s);
        while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' ||
                     s[n - 1] == '\t'))
            n--;
        if (n == 0 || s[0] == '#') continue;
        vl_lexicon_add(lex, s, n);
    }
    fclose(f);
    return VL_OK;
}

/* ------------------------------------------------------------- strmap */

/* Slot of key in lex, or -1. */
static long slot_of(const vl_lexicon *lex, const char *s, size_t n)
{
    if (!lex->nslots) return -1;
    uint64_t h = vl_hash_bytes(s, n);
    size_t j = h & (lex->nslots - 1);
    while (lex->slots[j].s) {
        const vl_lexslot *e = &lex->slots[j];
        if (e->hash == (uint32_t)(h >> 32) && e->len == n && memcmp(e->s, s, n) == 0)
            return (long)j;
        j = (j + 1) & (lex->nslots - 1);
    }
    return -1;
}

vl_status vl_strmap_load(vl_strmap *m, const char *dir, const char *name, vl_error *err)
{
    return vl_strmap_load_with(m, dir, name, NULL, NULL, err);
}

vl_status vl_strmap_load_with(vl_strmap *m, const char *dir, const char *name,
                              size_t (*keyfn)(void *arg, const char *k, char *out, size_t cap),
                              void *arg, vl_error *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f) return VL_OK;
    char line[520];
    long lineno = 0;
    /* keys first (the table grows and moves while loading), values after */
    typedef struct kv { char *k, *v; } kv;
    kv *pairs = NULL;
    size_t n = 0, cap = 0;
    vl_status st = VL_OK;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t len = strcspn(line, "\r\n");
        line[len] = 0;
        if (len == 0 || line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        if (!tab) {
            st = vl_error_set(err, VL_EDATA, path, -1, lineno, "%s:%ld: no TAB", path, lineno);
            break;
        }
        *tab = 0;
        pairs = vl_grow(pairs, &cap, n + 1, sizeof *pairs);
        char folded[520];
        size_t kl = keyfn ? keyfn(arg, line, folded, sizeof folded) : 0;
        pairs[n].k = keyfn ? vl_arena_strndup(&m->strings, folded, kl)
                           : vl_arena_strndup(&m->strings, line, strlen(line));
        pairs[n].v = vl_arena_strndup(&m->strings, tab + 1, strlen(tab + 1));
        vl_lexicon_add(&m->keys, pairs[n].k, strlen(pairs[n].k));
        n++;
    }
    fclose(f);
    if (!st && n) {
        free(m->values);
        m->values = vl_calloc(m->keys.nslots, sizeof *m->values);
        for (size_t i = 0; i < n; i++) {
            long j = slot_of(&m->keys, pairs[i].k, strlen(pairs[i].k));
            if (j >= 0 && !m->values[j]) m->values[j] = pairs[i].v;
        }
    }
    free(pairs);
    return st;
}

const char *vl_strmap_get(const vl_strmap *m, const char *key, size_t n)
{
    long j = slot_of(&m->keys, key, n);
    return j >= 0 && m->values ? m->values[j] : NULL;
}

void vl_strmap_free(vl_strmap *m)
{
    vl_lexicon_free(&m->keys);
    free(m->values);
    vl_arena_free(&m->strings);
    memset(m, 0, sizeof *m);
}
