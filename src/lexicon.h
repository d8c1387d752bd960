/*
 * lexicon.h — word lists read from data files (support for every stage).
 *
 * A lexicon is a set of UTF-8 strings, one per line in its file; blank
 * lines and lines starting with '#' are ignored, surrounding spaces
 * trimmed. Lookups are by exact bytes; callers fold before looking up when
 * the file says its entries are folded. Built once at start-up, read-only
 * afterwards, so lookups are safe from any thread.
 */
#ifndef VL_LEXICON_H
#define VL_LEXICON_H

#include <stddef.h>

#include "mem.h"
#include "veille.h"

typedef struct vl_lexslot {
    const char *s; /* NULL = empty */
    uint16_t len;  /* entries are lines of data files: short */
    uint8_t tag;   /* bits given by vl_lexicon_add_tag */
    uint8_t spare;
    uint32_t hash; /* high bits of the hash, checked before the bytes */
} vl_lexslot;

typedef struct vl_lexicon {
    vl_lexslot *slots; /* open addressing */
    size_t nslots;    /* power of two */
    size_t count;
    size_t max_len;   /* longest entry, bytes: lets callers skip long probes */
    vl_arena strings; /* entry storage */
} vl_lexicon;

/* Reads the data file dir/name line by line: line ends and leading spaces
 * are taken off, blank lines and '#' comments skipped, and each other line
 * is given to fn (which may modify it) with its number. A line over max
 * bytes is VL_EDATA. A missing file is VL_EDATA when required, else no
 * lines. fn returns VL_OK or an error that stops the reading. The one reader
 * of every lexicon, gazetteer and map file. */
vl_status vl_data_lines(const char *dir, const char *name, size_t max, int required,
                        vl_status (*fn)(void *user, char *line, const char *path, long lineno,
                                        vl_error *err),
                        void *user, vl_error *err);

/* Reads dir/name into lex. Errors: VL_EDATA (missing file, line over 256 bytes). */
vl_status vl_lexicon_load(vl_lexicon *lex, const char *dir, const char *name,
                          vl_error *err);
/* Entries over 65535 bytes are not added (no data file has lines so long). */
void vl_lexicon_add(vl_lexicon *lex, const char *s, size_t n);
/* Adds s with tag bits, ORed into those of an entry already there: one
 * table answers several questions in one lookup. */
void vl_lexicon_add_tag(vl_lexicon *lex, const char *s, size_t n, uint8_t tag);
/* The same with s's vl_hash_bytes given: a bulk load hashes words ahead
 * and fetches their slots (vl_lexicon_prefetch) before it adds them. */
void vl_lexicon_add_tag_hashed(vl_lexicon *lex, const char *s, size_t n, uint64_t h,
                               uint8_t tag);
static inline void vl_lexicon_prefetch(const vl_lexicon *lex, uint64_t h)
{
#if defined(__GNUC__)
    if (lex->nslots) __builtin_prefetch(&lex->slots[h & (lex->nslots - 1)], 1);
#else
    (void)lex;
    (void)h;
#endif
}
/* The tag bits of s; 0 when s is absent (or was added without tags). */
uint8_t vl_lexicon_tag(const vl_lexicon *lex, const char *s, size_t n);
/* The same with s's vl_hash_bytes given. */
uint8_t vl_lexicon_tag_hashed(const vl_lexicon *lex, const char *s, size_t n, uint64_t h);
/* Makes room for n more entries, so adding them never rehashes. */
void vl_lexicon_reserve(vl_lexicon *lex, size_t n);
int vl_lexicon_has(const vl_lexicon *lex, const char *s, size_t n);
/* The same with s's vl_hash_bytes given (a token's, vl_toks.hash). */
int vl_lexicon_has_hashed(const vl_lexicon *lex, const char *s, size_t n, uint64_t h);
void vl_lexicon_free(vl_lexicon *lex);

/* A map from strings to strings, from TAB-separated data files. */
typedef struct vl_strmap {
    vl_lexicon keys;      /* the keys; a key's slot index is its value's too */
    const char **values;  /* per slot of keys */
    vl_arena strings;
} vl_strmap;

/* Reads dir/name: "key<TAB>value" per line (comments as for lexicons). A
 * missing file leaves the map empty. Errors: VL_EDATA (a line without TAB). */
vl_status vl_strmap_load(vl_strmap *m, const char *dir, const char *name, vl_error *err);
/* The same, each key first rewritten by keyfn (folding): keyfn writes at
 * most cap bytes into out and returns the length. */
vl_status vl_strmap_load_with(vl_strmap *m, const char *dir, const char *name,
                              size_t (*keyfn)(void *arg, const char *k, char *out, size_t cap),
                              void *arg, vl_error *err);
/* The value of key (NUL-terminated, lives as long as the map), or NULL. */
const char *vl_strmap_get(const vl_strmap *m, const char *key, size_t n);
/* Calls fn(key, n, value, arg) for every entry, in no particular order. */
void vl_strmap_each(const vl_strmap *m,
                    void (*fn)(const char *key, size_t n, const char *value, void *arg), void *arg);
void vl_strmap_free(vl_strmap *m);

/* The hash every table in veille uses (not for anything stored). */
uint64_t vl_hash_bytes(const void *p, size_t n);
/* vl_hash_bytes of a string of n <= 8 bytes given as one little-endian
 * word, zero past its n bytes: a tokenizer that holds a short word in a
 * register hashes it without writing it out and reading it back. */
static inline uint64_t vl_hash_word(uint64_t w, size_t n)
{
    uint64_t h = (0x243F6A8885A308D3ULL ^ (n * 0x9E3779B97F4A7C15ULL) ^ w) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    return h;
}
/* A word's hash as tokens keep it, the one phrase hashes and word lists
 * are built from: all 64 bits, so that a phrase's hash, built from its
 * words' hashes, names the phrase (gazetteer.h). */
static inline uint64_t vl_token_hash(const void *p, size_t n)
{
    return vl_hash_bytes(p, n);
}

#endif
