/*
 * mem.c — allocation that aborts on failure, and per-document arenas.
 */
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t n)
{
    fprintf(stderr, "veille: out of memory (%zu bytes)\n", n);
    abort();
}

void *vl_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) out_of_memory(n);
    return p;
}

void *vl_calloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) out_of_memory(count * size);
    return p;
}

void *vl_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) out_of_memory(n);
    return q;
}

void *vl_grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return p;
    size_t c = *cap ? *cap : 8;
    while (c < need) c *= 2;
    if (c > ((size_t)-1) / size) out_of_memory((size_t)-1);
    *cap = c;
    return vl_realloc(p, c * size);
}

char *vl_strndup(const char *s, size_t n)
{
    char *d = vl_malloc(n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *vl_strdup(const char *s)
{
    return vl_strndup(s, strlen(s));
}

struct vl_arena_chunk {
    vl_arena_chunk *next;
    size_t size;
    _Alignas(16) unsigned char data[];
};

enum { ARENA_CHUNK = 64 * 1024 };

/* n bytes aligned to align (a power of two, at most 16). */
static void *arena_take(vl_arena *a, size_t n, size_t align)
{
    size_t off = a->head ? (a->used + align - 1) & ~(align - 1) : 0;
    if (!a->head || off + n > a->head->size) {
        /* Big requests get a chunk of their own, so a huge token never
         * wastes a whole standard chunk's tail. */
        size_t size = n > ARENA_CHUNK / 4 ? n : ARENA_CHUNK;
        vl_arena_chunk *c = vl_malloc(sizeof *c + size);
        c->size = size;
        if (a->head && size == n && a->used < a->head->size) {
            /* Keep filling the current chunk: slot the big one behind it. */
            c->next = a->head->next;
            a->head->next = c;
            a->total += n;
            return c->data;
        }
        c->next = a->head;
        a->head = c;
        a->used = 0;
        off = 0;
    }
    void *p = a->head->data + off;
    a->used = off + n;
    a->total += n;
    return p;
}

void *vl_arena_alloc(vl_arena *a, size_t n)
{
    return arena_take(a, n ? n : 1, 16);
}

void *vl_arena_alloc_bytes(vl_arena *a, size_t n)
{
    return arena_take(a, n ? n : 1, 1);
}

char *vl_arena_strndup(vl_arena *a, const char *s, size_t n)
{
    char *d = arena_take(a, n + 1, 1); /* strings need no alignment */
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

void *vl_arena_push(vl_arena *a, void *arr, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 4;
        void *na = vl_arena_alloc(a, c * size);
        if (*n) memcpy(na, arr, *n * size);
        arr = na;
        *cap = c;
    }
    memset((char *)arr + *n * size, 0, size);
    (*n)++;
    return arr;
}

void *vl_arena_trim(vl_arena *a, void *p, size_t n, size_t keep)
{
    if (keep >= n) return p;
    for (vl_arena_chunk **at = &a->head; *at; at = &(*at)->next) {
        if ((*at)->data != p || (*at)->size != n) continue;
        /* the whole of a chunk: the allocator takes the rest back */
        if (!keep) keep = 1;
        vl_arena_chunk *c = vl_realloc(*at, sizeof *c + keep);
        if (at == &a->head) a->used = keep;
        c->size = keep;
        *at = c;
        a->total -= n - keep;
        return c->data;
    }
    if (a->head && (unsigned char *)p + n == a->head->data + a->used) { /* the last */
        a->used -= n - keep;
        a->total -= n - keep;
    }
    return p;
}

void vl_arena_free(vl_arena *a)
{
    vl_arena_chunk *c = a->head;
    while (c) {
        vl_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->used = a->total = 0;
}
