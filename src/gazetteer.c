/*
 * gazetteer.c — loading the phrase lexicons and looking phrases up.
 */
#include "gazetteer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "tokenize.h"

static vl_gslot *probe_h(const vl_gazetteer *g, const char *key, size_t klen, uint64_t h)
{
    size_t j = h & (g->nslots - 1);
    uint64_t tag = vl_gaz_tag(h);
    while (g->tags[j]) {
        if ((g->tags[j] & ~(uint64_t)VL_GAZ_ENTRIES) == tag && g->slots[j].hash == h &&
            g->slots[j].klen == klen && memcmp(g->slots[j].key, key, klen) == 0)
            return &g->slots[j];
        j = (j + 1) & (g->nslots - 1);
    }
    return &g->slots[j];
}

/* The phrase hash of a key: its space-separated tokens, hashed one by one. */
static uint64_t key_hash(const char *key, size_t klen)
{
    uint64_t h = vl_gaz_hash_start();
    size_t s = 0;
    for (size_t i = 0; i <= klen; i++) {
        if (i < klen && key[i] != ' ') continue;
        h = vl_gaz_hash_step(h, vl_token_hash(key + s, i - s));
        s = i + 1;
    }
    return h;
}

static void grow(vl_gazetteer *g)
{
    size_t old = g->nslots;
    vl_gslot *slots = g->slots;
    g->nslots = old ? old * 2 : 1024;
    g->slots = vl_calloc(g->nslots, sizeof *g->slots);
    free(g->tags);
    g->tags = vl_calloc(g->nslots, sizeof *g->tags);
    free(g->cats);
    g->cats = vl_calloc(g->nslots, sizeof *g->cats);
    free(g->heads);
    g->heads = vl_calloc(g->nslots, sizeof *g->heads);
    for (size_t i = 0; i < old; i++) {
        if (!slots[i].key) continue;
        vl_gslot *s = probe_h(g, slots[i].key, slots[i].klen, slots[i].hash);
        *s = slots[i];
        g->tags[s - g->slots] = vl_gaz_tag(s->hash) | (s->entries ? VL_GAZ_ENTRIES : 0);
        g->cats[s - g->slots] = s->cats;
        g->heads[s - g->slots] = s->entries;
    }
    free(slots);
}

static vl_gslot *intern(vl_gazetteer *g, const char *key, size_t klen)
{
    if ((g->count + 1) * 2 > g->nslots) grow(g);
    uint64_t h = key_hash(key, klen);
    vl_gslot *s = probe_h(g, key, klen, h);
    if (!s->key && vl_gaz_probe_hash(g, h, NULL)) g->clash = 1;
    if (!s->key) {
        s->key = vl_arena_strndup(&g->arena, key, klen);
        s->klen = klen;
        s->hash = h;
        g->tags[s - g->slots] = vl_gaz_tag(h);
        g->bits[h >> 52].any |= 1ULL << (h >> 46 & 63);
        s->entries = NULL;
        s->cats = 0;
        g->count++;
    }
    return s;
}

const vl_gslot *vl_gaz_find_h(const vl_gazetteer *g, const char *key, size_t klen,
                              uint64_t hash)
{
    if (!g->nslots) return NULL;
    const vl_gslot *s = probe_h(g, key, klen, hash);
    return s->key ? s : NULL;
}

const vl_gentry *vl_gaz_entry(const vl_gslot *s, vl_gcat cat)
{
    return vl_gaz_entry_of(s ? s->entries : NULL, cat);
}

static void next_put(struct vl_gaz_next *tab, size_t cap, uint64_t first, uint64_t seconds)
{
    size_t j = (first >> 17) & (cap - 1);
    while (tab[j].first && tab[j].first != first) j = (j + 1) & (cap - 1);
    tab[j].first = first;
    tab[j].seconds |= seconds;
}

/* Notes that a phrase goes on from first to second (token hashes). */
static void add_next(vl_gazetteer *g, uint64_t first, uint64_t second)
{
    first |= 1; /* never 0, the empty slot */
    if ((g->nnext + 1) * 2 > g->cnext) {
        size_t cap = g->cnext ? g->cnext * 2 : 1024;
        struct vl_gaz_next *tab = vl_calloc(cap, sizeof *tab);
        for (size_t j = 0; j < g->cnext; j++)
            if (g->next[j].first) next_put(tab, cap, g->next[j].first, g->next[j].seconds);
        free(g->next);
        g->next = tab;
        g->cnext = cap;
    }
    size_t j = (first >> 17) & (g->cnext - 1);
    while (g->next[j].first && g->next[j].first != first) j = (j + 1) & (g->cnext - 1);
    if (!g->next[j].first) g->nnext++;
    next_put(g->next, g->cnext, first, 1ULL << (second & 63));
}

uint64_t vl_gaz_seconds(const vl_gazetteer *g, uint64_t first)
{
    if (!g->cnext) return 0;
    first |= 1;
    for (size_t j = (first >> 17) & (g->cnext - 1); g->next[j].first; j = (j + 1) & (g->cnext - 1))
        if (g->next[j].first == first) return g->next[j].seconds;
    return 0;
}

vl_gslot *vl_gaz_add(vl_gazetteer *g, const vl_lexicon *elisions, const vl_fold_table *fold,
                     const char *phrase, vl_gcat cat, const char *a, const char *b, double num)
{
    vl_tokenizer t;
    vl_token tok;
    vl_tok_init(&t, phrase, strlen(phrase), elisions, fold);
    t.emit_punct = 1;
    vl_buf key;
    vl_buf_init(&key, 0);
    unsigned ntok = 0;
    uint64_t first_hash = 0;
    while (vl_tok_next(&t, &tok)) {
        size_t from = key.len + (ntok > 0); /* where this token's folded form starts */
        if (ntok) {
            /* mark the prefix so far */
            intern(g, (const char *)key.data, key.len);
            vl_buf_addc(&key, ' ');
        }
        vl_fold_str(fold, phrase + tok.start, tok.end - tok.start, &key);
        if (ntok == 1) add_next(g, first_hash, vl_token_hash(key.data + from, key.len - from));
        if (!ntok) {
            uint64_t h = first_hash = vl_token_hash(key.data, key.len);
            g->first[(h & 0xFFFF) >> 6] |= 1ULL << (h & 63);
        }
        ntok++;
    }
    if (ntok == 0) {
        vl_buf_free(&key);
        return NULL;
    }
    if (ntok > 1) g->more[(first_hash & 0xFFFF) >> 6] |= 1ULL << (first_hash & 63);
    vl_gslot *s = intern(g, (const char *)key.data, key.len);
    vl_gentry *e = vl_arena_alloc(&g->arena, sizeof *e);
    e->text = vl_arena_strndup(&g->arena, phrase, strlen(phrase));
    e->a = vl_arena_strndup(&g->arena, a ? a : "", a ? strlen(a) : 0);
    e->b = vl_arena_strndup(&g->arena, b ? b : "", b ? strlen(b) : 0);
    e->num = num;
    e->ntok = (uint16_t)(ntok > 65535 ? 65535 : ntok);
    e->cat = (uint8_t)cat;
    e->fkey = NULL;
    if (cat == VL_G_ORG || cat == VL_G_ACRONYM) {
        const char *named = cat == VL_G_ACRONYM ? e->a : e->text;
        vl_buf fk;
        vl_buf_init(&fk, 0);
        vl_fold_str(fold, named, strlen(named), &fk);
        e->fkey = vl_arena_strndup(&g->arena, fk.data ? (const char *)fk.data : "", fk.len);
        vl_buf_free(&fk);
    }
    /* keep file order among entries of one phrase */
    vl_gentry **p = &s->entries;
    while (*p) p = &(*p)->next;
    e->next = NULL;
    *p = e;
    s->cats |= 1u << cat;
    g->bits[s->hash >> 52].entries |= 1ULL << (s->hash >> 46 & 63);
    g->cats[s - g->slots] = s->cats;
    g->heads[s - g->slots] = s->entries;
    g->tags[s - g->slots] |= VL_GAZ_ENTRIES;
    if (ntok > g->max_tokens) g->max_tokens = ntok;
    vl_buf_free(&key);
    return s;
}

/* The entry a slot got last (vl_gaz_add keeps file order). */
static vl_gentry *last_entry(vl_gslot *s)
{
    vl_gentry *e = s->entries;
    while (e && e->next) e = e->next;
    return e;
}

/* How a data file's fields become an entry. */
typedef struct file_spec {
    const char *name;
    vl_gcat cat;
    int num_field; /* field holding a number (1-based), or 0 */
} file_spec;

static const file_spec files[] = {
    {"titles.tsv", VL_G_TITLE, 0},
    {"title_modifiers.tsv", VL_G_MODIFIER, 0},
    {"ranks.txt", VL_G_RANK, 0},
    {"honorifics.txt", VL_G_HONORIFIC, 0},
    {"countries.tsv", VL_G_COUNTRY, 0},
    {"nationalities.tsv", VL_G_NATIONALITY, 0},
    {"places.tsv", VL_G_PLACE, 0},
    {"organizations.tsv", VL_G_ORG, 0},
    {"org_heads.tsv", VL_G_ORGHEAD, 0},
    {"reporting_verbs.tsv", VL_G_VERB, 0},
    {"months.tsv", VL_G_MONTH, 2},
    {"weekdays.tsv", VL_G_WEEKDAY, 2},
    {"number_words.tsv", VL_G_NUMWORD, 2},
    {"amount_units.tsv", VL_G_UNIT, 3},
    {"stopcaps.txt", VL_G_STOPCAP, 0},
    {"vn_family_names.txt", VL_G_FAMILY, 0},
    {"vn_given_names.txt", VL_G_GIVEN, 0},
    {"amount_qualifiers.txt", VL_G_QUALIFIER, 0},
    {"place_triggers.tsv", VL_G_PLACETRIG, 0},
    {"family_names.txt", VL_G_ASIAN, 0},
    {"event_triggers.tsv", VL_G_EVENT, 0},
    {"chair_markers.tsv", VL_G_CHAIR, 0},
    {"person_cues.txt", VL_G_CUE, 0},
    {"time_refs.tsv", VL_G_TIMEREF, 0},
    {"event_roles.tsv", VL_G_EVROLE, 0},
    {"person_nouns.txt", VL_G_PERSONNOUN, 0},
    {"departures.tsv", VL_G_DEPARTURE, 0},
    {"org_tails.tsv", VL_G_ORGTAIL, 0},
    {"title_predicates.tsv", VL_G_TITLEPRED, 0},
};

typedef struct gaz_load {
    vl_gazetteer *g;
    const file_spec *fs;
    const vl_lexicon *elisions;
    const vl_fold_table *fold;
} gaz_load;

static vl_status gaz_line(void *user, char *s, const char *path, long lineno, vl_error *err)
{
    gaz_load *l = user;
    vl_gazetteer *g = l->g;
    const file_spec *fs = l->fs;
    const vl_lexicon *elisions = l->elisions;
    const vl_fold_table *fold = l->fold;
    char *field[4] = {s, NULL, NULL, NULL};
    int nf = 1;
    for (char *c = s; *c && nf < 4; c++)
        if (*c == '\t') {
            *c = 0;
            field[nf++] = c + 1;
        }
    /* trailing spaces of the phrase */
    size_t pl = strlen(field[0]);
    while (pl && field[0][pl - 1] == ' ') field[0][--pl] = 0;
    double num = 0;
    if (fs->num_field) {
        if (fs->num_field > nf)
            return vl_error_set(err, VL_EDATA, path, -1, lineno,
                                "%s:%ld: expected %d fields", path, lineno, fs->num_field);
        char *end;
        num = strtod(field[fs->num_field - 1], &end);
        if (end == field[fs->num_field - 1])
            return vl_error_set(err, VL_EDATA, path, -1, lineno, "%s:%ld: not a number",
                                path, lineno);
    }
    vl_gcat cat = fs->cat;
    const char *a = nf > 1 ? field[1] : NULL, *b = nf > 2 ? field[2] : NULL;
    vl_gslot *os = vl_gaz_add(g, elisions, fold, field[0], cat, a, b, num);
    vl_gentry *org = os ? last_entry(os) : NULL;
    /* organisations.tsv: name, acronyms (comma-separated), kind -> the
     * acronyms too. Lines that share an acronym write one body: each takes
     * the key of the first of them ("Parti communiste vietnamien" that of
     * "Parti communiste du Vietnam"). */
    if (cat == VL_G_ORG && a && *a && strcmp(a, "-") != 0) {
        char acr[256];
        snprintf(acr, sizeof acr, "%s", a);
        int first = 1;
        for (char *tok = acr, *next; tok && *tok; tok = next) {
            next = strchr(tok, ',');
            if (next) *next++ = 0;
            while (*tok == ' ') tok++;
            if (!*tok) continue;
            vl_gslot *as = vl_gaz_add(g, elisions, fold, tok, VL_G_ACRONYM, field[0], b, 0);
            const vl_gentry *earliest = as ? vl_gaz_entry(as, VL_G_ACRONYM) : NULL;
            if (first && earliest && org) org->fkey = earliest->fkey;
            first = 0;
        }
    }
    /* a fourth field: the name of the same body under which it is kept
     * ("Politburo" -> "Bureau politique") */
    if (cat == VL_G_ORG && org && nf > 3 && *field[3]) {
        vl_buf fk;
        vl_buf_init(&fk, 0);
        vl_fold_str(fold, field[3], strlen(field[3]), &fk);
        org->fkey = vl_arena_strndup(&g->arena, fk.data ? (const char *)fk.data : "", fk.len);
        vl_buf_free(&fk);
    }
    return VL_OK;
}

static vl_status load_file(vl_gazetteer *g, const char *dir, const file_spec *fs,
                           const vl_lexicon *elisions, const vl_fold_table *fold,
                           vl_error *err)
{
    gaz_load l = {g, fs, elisions, fold};
    return vl_data_lines(dir, fs->name, 1000, 0, gaz_line, &l, err);
}

/* The entries of each phrase, added file after file, moved next to each
 * other: a match reads its phrase's entries in one or two cache lines,
 * not one line per entry across the arena. */
static void pack(vl_gazetteer *g)
{
    for (size_t j = 0; j < g->nslots; j++) {
        vl_gslot *s = &g->slots[j];
        size_t n = 0;
        for (const vl_gentry *e = s->entries; e; e = e->next) n++;
        if (!n) continue;
        vl_gentry *run = vl_arena_alloc(&g->arena, n * sizeof *run), *e = s->entries;
        for (size_t k = 0; k < n; k++, e = e->next) {
            run[k] = *e;
            run[k].next = k + 1 < n ? &run[k + 1] : NULL;
        }
        s->entries = run;
        g->heads[j] = run;
    }
}

vl_status vl_gaz_load(vl_gazetteer *g, const char *dir, const vl_lexicon *elisions,
                      const vl_fold_table *fold, vl_error *err)
{
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        vl_status s = load_file(g, dir, &files[i], elisions, fold, err);
        if (s) return s;
    }
    pack(g);
    return VL_OK;
}

void vl_gaz_free(vl_gazetteer *g)
{
    free(g->slots);
    free(g->tags);
    free(g->cats);
    free(g->heads);
    free(g->next);
    vl_arena_free(&g->arena);
    memset(g, 0, sizeof *g);
}
