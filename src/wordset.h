/*
 * wordset.h — a large word list as a set of hashes (support for extraction).
 *
 * Debian's word lists (wfrench, wamerican: 450,000 words) tell ordinary
 * words from names. Their words are never read back, only asked about, so
 * the set keeps each word's 64-bit hash and tag bits and no bytes: one
 * 8-byte entry per word in a table of a few megabytes, filled straight
 * from the file mapped in memory. A word is taken for another only when
 * 56 bits of their hashes agree (about one chance in 10^11 per lookup).
 * Built once at start-up, read-only afterwards: lookups are thread-safe.
 */
#ifndef VL_WORDSET_H
#define VL_WORDSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct vl_wordset {
    uint64_t *slots; /* hash with its low 8 bits the tags; 0 = empty */
    size_t nslots;   /* power of two */
    size_t count;
    void *map;       /* the table's mapping, when it has one */
    size_t map_len;
} vl_wordset;

/* Adds the words of the list at path, one per line, with tag (nonzero):
 * ORed into the tags of a word already there. Lines that start with a
 * capital or hold an apostrophe are left out ("Austin" of the English list
 * is a name). A missing file adds nothing; returns the words read. */
size_t vl_wordset_load(vl_wordset *ws, const char *path, uint8_t tag);
/* The tag bits of the word whose vl_hash_bytes is h; 0 when absent. */
uint8_t vl_wordset_tags(const vl_wordset *ws, uint64_t h);
void vl_wordset_free(vl_wordset *ws);

#endif
