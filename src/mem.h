/*
 * mem.h — allocation (support for every stage).
 *
 * Allocation failure aborts here, in one place, so callers carry no dead
 * NULL checks. An arena gives one document's many small objects a common
 * lifetime: they are freed together with vl_arena_free.
 */
#ifndef VL_MEM_H
#define VL_MEM_H

#include <stddef.h>

/* Helpers asked of nearly every token or every member of a record, a few
 * instructions each: inlined even in a large unit, where the compiler's
 * growth limits would leave them calls (events.c at -O3 called word_at,
 * and strlen with it; the record's member names were copied by memcpy
 * calls of unknown length). */
#if defined(__GNUC__)
#define VL_HOT_INLINE inline __attribute__((always_inline))
#else
#define VL_HOT_INLINE inline
#endif

void *vl_malloc(size_t n);
void *vl_calloc(size_t count, size_t size);
void *vl_realloc(void *p, size_t n);
/* Grows an array to hold at least `need` elements of `size` bytes, doubling;
 * updates *cap. */
void *vl_grow(void *p, size_t *cap, size_t need, size_t size);
char *vl_strdup(const char *s);
char *vl_strndup(const char *s, size_t n);

typedef struct vl_arena_chunk vl_arena_chunk;
typedef struct vl_arena {
    vl_arena_chunk *head;
    size_t used;  /* bytes used in head */
    size_t total; /* bytes handed out, all chunks */
} vl_arena;

/* An empty arena needs no allocation: vl_arena a = {0}. */
void *vl_arena_alloc(vl_arena *a, size_t n); /* 16-byte aligned */
/* Unaligned, for bytes and strings: no padding between them. */
void *vl_arena_alloc_bytes(vl_arena *a, size_t n);
char *vl_arena_strndup(vl_arena *a, const char *s, size_t n);
/* Appends a zeroed element of `size` bytes to a growable array kept in the
 * arena (*n elements, room for *cap); returns the array, which may have
 * moved. */
void *vl_arena_push(vl_arena *a, void *arr, size_t *n, size_t *cap, size_t size);
/* Gives back all but the first `keep` bytes of p, handed out by
 * vl_arena_alloc(a, n) for an upper bound, when it can: p is the last
 * allocation, or big enough to have had a chunk of its own. Returns p,
 * which may have moved. */
void *vl_arena_trim(vl_arena *a, void *p, size_t n, size_t keep);
void vl_arena_free(vl_arena *a); /* frees every chunk; the arena is empty again */

#endif
