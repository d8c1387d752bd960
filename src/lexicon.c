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
 * entries are short; byte-at-a-time FNV was a tenth of extraction). Up to
 * eight bytes are one word, zero-padded (vl_hash_word), read in at most two
 * loads; longer strings end on their last eight bytes, overlapping. */
uint64_t vl_hash_bytes(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t w = 0;
    if (n <= 8) {
        if (n == 8) {
            memcpy(&w, s, 8);
        } else if (n >= 4) {
            uint32_t lo, hi;
            memcpy(&lo, s, 4);
            memcpy(&hi, s + n - 4, 4);
            w = (uint64_t)lo | ((uint64_t)hi >> (8 * (8 - n))) << 32;
        } else if (n > 0) {
            w = (uint64_t)s[0] | (uint64_t)(n > 1 ? s[1] : 0) << 8 |
                (uint64_t)(n > 2 ? s[2] : 0) << 16;
        }
        return vl_hash_word(w, n);
    }
    const uint64_t k = 0x9E3779B97F4A7C15ULL;
    uint64_t h = 0x243F6A8885A308D3ULL ^ (n * k);
    while (n > 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
        s += 8;
        n -= 8;
    }
    memcpy(&w, s + n - 8, 8); /* the last eight bytes */
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

void vl_lexicon_reserve(vl_lexicon *lex, size_t n)
{
    size_t want = lex->nslots ? lex->nslots : 64;
    while ((lex->count + n) * 2 > want) want *= 2;
    if (want != lex->nslots) rehash(lex, want);
}

void vl_lexicon_add_tag(vl_lexicon *lex, const char *s, size_t n, uint8_t tag)
{
    vl_lexicon_add_tag_hashed(lex, s, n, vl_hash_bytes(s, n), tag);
}

void vl_lexicon_add_tag_hashed(vl_lexicon *lex, const char *s, size_t n, uint64_t h,
                               uint8_t tag)
{
    if (n > UINT16_MAX) return;
    if ((lex->count + 1) * 2 > lex->nslots) rehash(lex, lex->nslots ? lex->nslots * 2 : 64);
    /* one hash, one probe: the entry is found or its empty slot is */
    size_t j = h & (lex->nslots - 1);
    for (; lex->slots[j].s; j = (j + 1) & (lex->nslots - 1)) {
        vl_lexslot *e = &lex->slots[j];
        if (e->hash == (uint32_t)(h >> 32) && e->len == n && memcmp(e->s, s, n) == 0) {
            e->tag |= tag;
            return;
        }
    }
    lex->slots[j].s = vl_arena_strndup(&lex->strings, s, n);
    lex->slots[j].len = (uint16_t)n;
    lex->slots[j].tag = tag;
    lex->slots[j].hash = (uint32_t)(h >> 32);
    lex->count++;
    if (n > lex->max_len) lex->max_len = n;
}

void vl_lexicon_add(vl_lexicon *lex, const char *s, size_t n)
{
    vl_lexicon_add_tag(lex, s, n, 0);
}

/* The slot of s (hash h), or NULL. */
static const vl_lexslot *find(const vl_lexicon *lex, const char *s, size_t n, uint64_t h)
{
    if (!lex->nslots || n > lex->max_len) return NULL;
    size_t j = h & (lex->nslots - 1);
    while (lex->slots[j].s) {
        const vl_lexslot *e = &lex->slots[j];
        if (e->hash == (uint32_t)(h >> 32) && e->len == n && memcmp(e->s, s, n) == 0) return e;
        j = (j + 1) & (lex->nslots - 1);
    }
    return NULL;
}

int vl_lexicon_has(const vl_lexicon *lex, const char *s, size_t n)
{
    if (!lex->nslots || n > lex->max_len) return 0;
    return find(lex, s, n, vl_hash_bytes(s, n)) != NULL;
}

int vl_lexicon_has_hashed(const vl_lexicon *lex, const char *s, size_t n, uint64_t h)
{
    return find(lex, s, n, h) != NULL;
}

uint8_t vl_lexicon_tag(const vl_lexicon *lex, const char *s, size_t n)
{
    if (!lex->nslots || n > lex->max_len) return 0;
    return vl_lexicon_tag_hashed(lex, s, n, vl_hash_bytes(s, n));
}

uint8_t vl_lexicon_tag_hashed(const vl_lexicon *lex, const char *s, size_t n, uint64_t h)
{
    const vl_lexslot *e = find(lex, s, n, h);
    return e ? e->tag : 0;
}

void vl_lexicon_free(vl_lexicon *lex)
{
    free(lex->slots);
    vl_arena_free(&lex->strings);
    memset(lex, 0, sizeof *lex);
}

vl_status vl_data_lines(const char *dir, const char *name, size_t max, int required,
                        vl_status (*fn)(void *user, char *line, const char *path, long lineno,
                                        vl_error *err),
                        void *user, vl_error *err)
{
    char path[1024], line[1030];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (max > sizeof line - 2) max = sizeof line - 2;
    FILE *f = fopen(path, "r");
    if (!f) {
        if (!required) return VL_OK; /* optional: the stage works with what it has */
        return vl_error_set(err, VL_EDATA, path, -1, -1, "cannot open lexicon %s: %s", path,
                            strerror(errno));
    }
    long lineno = 0;
    vl_status st = VL_OK;
    while (!st && fgets(line, (int)max + 2, f)) {
        lineno++;
        size_t n = strlen(line);
        if (n == max + 1 && line[n - 1] != '\n') {
            st = vl_error_set(err, VL_EDATA, path, -1, lineno,
                              "%s:%ld: line longer than %zu bytes", path, lineno, max);
            break;
        }
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        char *s = line;
        while (*s == ' ') s++;
        if (!*s || *s == '#') continue;
        st = fn(user, s, path, lineno, err);
    }
    fclose(f);
    return st;
}

/* A lexicon line: the entry, spaces and tabs around it taken off. */
static vl_status lexicon_line(void *user, char *s, const char *path, long lineno,
                              vl_error *err)
{
    (void)path;
    (void)lineno;
    (void)err;
    while (*s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (n && s[0] != '#') vl_lexicon_add(user, s, n);
    return VL_OK;
}

vl_status vl_lexicon_load(vl_lexicon *lex, const char *dir, const char *name,
                          vl_error *err)
{
    return vl_data_lines(dir, name, 256, 1, lexicon_line, lex, err);
}

/* ------------------------------------------------------------- strmap */

/* Slot of key in lex, or -1. */
static long slot_of(const vl_lexicon *lex, const char *s, size_t n)
{
    const vl_lexslot *e = lex->nslots ? find(lex, s, n, vl_hash_bytes(s, n)) : NULL;
    return e ? (long)(e - lex->slots) : -1;
}

vl_status vl_strmap_load(vl_strmap *m, const char *dir, const char *name, vl_error *err)
{
    return vl_strmap_load_with(m, dir, name, NULL, NULL, err);
}

typedef struct kv {
    char *k, *v;
} kv;

typedef struct strmap_load {
    vl_strmap *m;
    size_t (*keyfn)(void *arg, const char *k, char *out, size_t cap);
    void *arg;
    kv *pairs;
    size_t n, cap;
} strmap_load;

/* A map line: key TAB value; keys are added now, values once the table
 * has stopped growing. */
static vl_status strmap_line(void *user, char *line, const char *path, long lineno,
                             vl_error *err)
{
    strmap_load *l = user;
    char *tab = strchr(line, '\t');
    if (!tab) return vl_error_set(err, VL_EDATA, path, -1, lineno, "%s:%ld: no TAB", path, lineno);
    *tab = 0;
    l->pairs = vl_grow(l->pairs, &l->cap, l->n + 1, sizeof *l->pairs);
    kv *p = &l->pairs[l->n++];
    char folded[1030];
    size_t kl = l->keyfn ? l->keyfn(l->arg, line, folded, sizeof folded) : 0;
    p->k = l->keyfn ? vl_arena_strndup(&l->m->strings, folded, kl)
                    : vl_arena_strndup(&l->m->strings, line, strlen(line));
    p->v = vl_arena_strndup(&l->m->strings, tab + 1, strlen(tab + 1));
    vl_lexicon_add(&l->m->keys, p->k, strlen(p->k));
    return VL_OK;
}

vl_status vl_strmap_load_with(vl_strmap *m, const char *dir, const char *name,
                              size_t (*keyfn)(void *arg, const char *k, char *out, size_t cap),
                              void *arg, vl_error *err)
{
    strmap_load l = {m, keyfn, arg, NULL, 0, 0};
    vl_status st = vl_data_lines(dir, name, 512, 0, strmap_line, &l, err);
    if (!st && l.n) {
        free(m->values);
        m->values = vl_calloc(m->keys.nslots, sizeof *m->values);
        for (size_t i = 0; i < l.n; i++) {
            long j = slot_of(&m->keys, l.pairs[i].k, strlen(l.pairs[i].k));
            if (j >= 0 && !m->values[j]) m->values[j] = l.pairs[i].v;
        }
    }
    free(l.pairs);
    return st;
}

const char *vl_strmap_get(const vl_strmap *m, const char *key, size_t n)
{
    long j = slot_of(&m->keys, key, n);
    return j >= 0 && m->values ? m->values[j] : NULL;
}

void vl_strmap_each(const vl_strmap *m,
                    void (*fn)(const char *key, size_t n, const char *value, void *arg), void *arg)
{
    for (size_t j = 0; j < m->keys.nslots; j++)
        if (m->keys.slots[j].s) fn(m->keys.slots[j].s, m->keys.slots[j].len, m->values[j], arg);
}

void vl_strmap_free(vl_strmap *m)
{
    vl_lexicon_free(&m->keys);
    free(m->values);
    vl_arena_free(&m->strings);
    memset(m, 0, sizeof *m);
}
