/*
 * wordset.c — a large word list as a set of hashes.
 */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE, MAP_POPULATE where Linux has them */
#include "wordset.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lexicon.h"
#include "mem.h"
#include "swar.h"

enum { MAX_LIST = 64 * 1024 * 1024, MAX_WORD = 255 };
#define TAG_BITS 0xFFULL
#define HUGE_PAGE (2u * 1024 * 1024)

/* A zeroed table of n slots. It is filled at random and read at random:
 * in 2 MiB pages where the kernel gives them, a few page faults and TLB
 * entries instead of thousands. */
static uint64_t *table_new(vl_wordset *ws, size_t n)
{
    size_t len = n * sizeof(uint64_t);
    void *m = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    if (m == MAP_FAILED) {
        ws->map = NULL;
        ws->map_len = 0;
        return vl_calloc(n, sizeof(uint64_t));
    }
    uintptr_t at = ((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
#ifdef MADV_HUGEPAGE
    madvise((void *)at, len, MADV_HUGEPAGE);
#endif
    ws->map = m;
    ws->map_len = len + HUGE_PAGE;
    return (uint64_t *)at;
}

static void table_free(vl_wordset *ws)
{
    if (ws->map)
        munmap(ws->map, ws->map_len);
    else
        free(ws->slots);
    ws->slots = NULL;
    ws->map = NULL;
    ws->nslots = ws->map_len = 0;
}

/* Adds entry e (hash | tags) to a table with room, its tags ORed into
 * those of the same hash; 1 when the hash is new. */
static int put(uint64_t *slots, size_t nslots, uint64_t e)
{
    size_t j = (e >> 8) & (nslots - 1);
    for (; slots[j]; j = (j + 1) & (nslots - 1))
        if ((slots[j] & ~TAG_BITS) == (e & ~TAG_BITS)) {
            slots[j] |= e & TAG_BITS;
            return 0;
        }
    slots[j] = e;
    return 1;
}

/* Makes room for n more words at a load of at most one half. */
static void reserve(vl_wordset *ws, size_t n)
{
    size_t want = 1024;
    while (want < 2 * (ws->count + n)) want *= 2;
    if (want <= ws->nslots) return;
    vl_wordset old = *ws;
    ws->slots = table_new(ws, want);
    ws->nslots = want;
    for (size_t j = 0; j < old.nslots; j++)
        if (old.slots[j]) put(ws->slots, ws->nslots, old.slots[j]);
    table_free(&old);
}

/* The file at path, whole: mapped, or read when it cannot be. */
static const char *list_open(const char *path, size_t *len, int *mapped)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return NULL;
    struct stat st;
    const char *text = NULL;
    if (fstat(fd, &st) == 0 && st.st_size > 0 && st.st_size <= MAX_LIST) {
        *len = (size_t)st.st_size;
        int flags = MAP_PRIVATE;
#ifdef MAP_POPULATE
        flags |= MAP_POPULATE; /* read ahead in one go: the whole list is walked */
#endif
        void *m = mmap(NULL, *len, PROT_READ, flags, fd, 0);
        if (m != MAP_FAILED) {
            text = m;
            *mapped = 1;
        } else {
            char *buf = vl_malloc(*len);
            size_t got = 0;
            ssize_t r;
            while (got < *len && (r = read(fd, buf + got, *len - got)) > 0) got += (size_t)r;
            *len = got;
            text = buf;
            *mapped = 0;
        }
    }
    close(fd);
    return text;
}

/* The number of '\n' in text, eight bytes at a time. */
static size_t count_lines(const char *text, size_t n)
{
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;
    size_t lines = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x = vl_swar_load(text + i) ^ (VL_SWAR_ONES * '\n');
        uint64_t zero = ~((((x & low7) + low7) | x) | low7); /* exact, per byte */
        lines += (size_t)(((zero >> 7) * VL_SWAR_ONES) >> 56);
    }
    for (; i < n; i++) lines += text[i] == '\n';
    return lines;
}

/* The end of the line that starts at text[i] (its '\n', or n), and
 * whether it holds an apostrophe: one pass, eight bytes at a time. The
 * lowest byte vl_swar_eq marks is always a true match. */
static size_t line_end(const char *text, size_t n, size_t i, int *apostrophe)
{
    *apostrophe = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w = vl_swar_load(text + i);
        uint64_t nl = vl_swar_eq(w, '\n'), ap = vl_swar_eq(w, '\'');
        if (nl) {
            size_t k = vl_swar_first(nl);
            if (ap && vl_swar_first(ap) < k) *apostrophe = 1;
            return i + k;
        }
        if (ap) *apostrophe = 1;
    }
    for (; i < n && text[i] != '\n'; i++)
        if (text[i] == '\'') *apostrophe = 1;
    return i;
}

size_t vl_wordset_load(vl_wordset *ws, const char *path, uint8_t tag)
{
    if (!tag) return 0; /* an entry of no tags would read as an empty slot */
    size_t n = 0;
    int mapped = 0;
    const char *text = list_open(path, &n, &mapped);
    if (!text) return 0;
    reserve(ws, count_lines(text, n) + 1);
    /* Each word lands in a random slot: words are hashed AHEAD words
     * before they are added, and their slots fetched meanwhile, so that
     * the cache misses overlap. */
    enum { AHEAD = 16 };
    uint64_t ring[AHEAD];
    size_t words = 0;
    for (size_t i = 0; i < n;) {
        int apostrophe;
        size_t end = line_end(text, n, i, &apostrophe), len = end - i;
        const char *line = text + i;
        i = end + 1;
        if (len && line[len - 1] == '\r') len--;
        if (!len || len > MAX_WORD || (line[0] >= 'A' && line[0] <= 'Z') || apostrophe) continue;
        uint64_t e = (vl_hash_bytes(line, len) & ~TAG_BITS) | tag;
#if defined(__GNUC__)
        __builtin_prefetch(&ws->slots[(e >> 8) & (ws->nslots - 1)], 1);
#endif
        if (words >= AHEAD) ws->count += (size_t)put(ws->slots, ws->nslots, ring[words % AHEAD]);
        ring[words++ % AHEAD] = e;
    }
    for (size_t k = words > AHEAD ? words - AHEAD : 0; k < words; k++)
        ws->count += (size_t)put(ws->slots, ws->nslots, ring[k % AHEAD]);
    if (mapped)
        munmap((void *)text, n);
    else
        free((void *)text);
    return words;
}

uint8_t vl_wordset_tags(const vl_wordset *ws, uint64_t h)
{
    if (!ws->nslots) return 0;
    uint64_t key = h & ~TAG_BITS;
    for (size_t j = (h >> 8) & (ws->nslots - 1); ws->slots[j]; j = (j + 1) & (ws->nslots - 1))
        if ((ws->slots[j] & ~TAG_BITS) == key) return (uint8_t)(ws->slots[j] & TAG_BITS);
    return 0;
}

void vl_wordset_free(vl_wordset *ws)
{
    table_free(ws);
    ws->count = 0;
}
