/*
 * kbload.c — the knowledge base of a bulk load, aggregated in memory.
 *
 * Each aggregate mirrors one statement of kb.c's update script; the
 * comments name the SQL it stands for. Ties are broken as the script
 * breaks them (byte order of UTF-8 is SQLite's BINARY collation).
 */
#include "kbload.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "kb.h"
#include "keymap.h"
#include "lexicon.h"
#include "mem.h"

/* Strings kept once each, numbered from 0 in order of first sight: the
 * offices, titles and dates that many records share. */
typedef struct strtab {
    vl_keymap m;
    const char **s;
    size_t n, cap;
} strtab;

static uint32_t intern(strtab *t, vl_arena *a, const char *s)
{
    size_t n = strlen(s);
    int isnew;
    uint32_t id = vl_keymap_get(&t->m, a, s, n, &t->n, &isnew);
    if (isnew) {
        t->s = vl_grow(t->s, &t->cap, id + 1, sizeof *t->s);
        t->s[id] = vl_keymap_key(&t->m, s, n);
    }
    return id;
}

static void strtab_free(strtab *t)
{
    vl_keymap_free(&t->m);
    free(t->s);
    memset(t, 0, sizeof *t);
}

/* ----------------------------------------- a map of pairs of numbers */

/* Keys are two record numbers in 64 bits (a person and an office, a
 * position and a month): nothing to copy, 12 bytes a slot. */
typedef struct nmap {
    uint64_t *k;
    uint32_t *rec; /* record + 1; 0: empty slot */
    size_t cap, n;
} nmap;

static uint64_t pair(uint32_t a, uint32_t b)
{
    return (uint64_t)a << 32 | b;
}

static size_t nmap_slot(const nmap *m, uint64_t k)
{
    uint64_t h = k * 0x9E3779B97F4A7C15ull;
    size_t j = (size_t)(h ^ h >> 29) & (m->cap - 1);
    while (m->rec[j] && m->k[j] != k) j = (j + 1) & (m->cap - 1);
    return j;
}

static void nmap_grow(nmap *m)
{
    nmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 1024;
    m->k = vl_malloc(m->cap * sizeof *m->k);
    m->rec = vl_calloc(m->cap, sizeof *m->rec);
    for (size_t i = 0; i < old.cap; i++) {
        if (!old.rec[i]) continue;
        size_t j = nmap_slot(m, old.k[i]);
        m->k[j] = old.k[i];
        m->rec[j] = old.rec[i];
    }
    free(old.k);
    free(old.rec);
}

/* As vl_keymap_get, three quarters full at most. */
static uint32_t nmap_get(nmap *m, uint64_t k, size_t *count, int *isnew)
{
    if ((m->n + 1) * 4 > m->cap * 3) nmap_grow(m);
    size_t j = nmap_slot(m, k);
    *isnew = !m->rec[j];
    if (*isnew) {
        m->k[j] = k;
        m->rec[j] = (uint32_t)++*count;
        m->n++;
    }
    return m->rec[j] - 1;
}

static void nmap_free(nmap *m)
{
    free(m->k);
    free(m->rec);
    memset(m, 0, sizeof *m);
}

/* ------------------------------------------------------- aggregates */

/* Documents counted once each (count(DISTINCT doc_id)) and the range of
 * their dates (min(date), max(date), NULLs left out). Dates are numbers in
 * the load's table of dates, plus one (0: none). */
typedef struct docs {
    uint32_t n, last; /* last: the last document counted, 1-based */
    uint32_t min, max;
} docs;

typedef struct person { /* kb_persons */
    const char *key;
    docs d;
    long best_alias; /* chosen when writing */
} person;

typedef struct alias { /* kb_aliases, kb_entity_aliases */
    const char *kind, *key, *name;
    uint32_t owner; /* person or entity record */
    docs d;
} alias;

typedef struct position { /* kb_positions */
    uint32_t person, office; /* records: the holder, the office's string */
    docs held;      /* documents whose title is not former: first/last seen */
    docs all;       /* every document: documents */
    uint8_t status; /* bit s: a title of status s (VL_ST_*) */
    uint8_t single;
    int32_t best_value;
} position;

typedef struct value { /* the titles written for a position */
    uint32_t text;     /* in the table of titles */
    uint32_t position;
    uint32_t rows;     /* count(*) */
    uint32_t chars;    /* length(value): code points */
} value;

typedef struct spoint { /* a point of an office's succession (kb.h) */
    uint32_t position;    /* its holder and office */
    uint32_t count;       /* title facts of the month */
    uint32_t first, last; /* dates, as in docs */
    uint8_t kind;         /* VL_TENURE_* */
    int64_t first_doc, last_doc; /* the store's rows of the first and last
                                    facts: on a tie, the least and the
                                    greatest document id (uid) */
    const char *first_uid, *last_uid;
} spoint;

typedef struct entity { /* kb_entities */
    const char *kind, *key;
    const char *country; /* max(status) of its places */
    docs d;
    long best_alias;
} entity;

struct vl_kbload {
    vl_arena a; /* keys, and every string kept */
    int64_t doc; /* documents added */
    int64_t doc_id; /* the store's row of the one being added */
    const char *doc_uid; /* and its id (vl_doc_id), while it is added */
    vl_keymap keymap, split, prefer; /* overrides: record = index in the arrays below */
    const char **to_key, **split_since, **split_key, **prefer_name;
    size_t nkeymap, nsplit, nprefer;
    vl_keymap persons_m, aliases_m, entities_m, ealiases_m;
    nmap positions_m; /* person and office -> position */
    nmap values_m;    /* position and title -> value */
    nmap spoints_m;   /* position and month -> spoint */
    strtab offices, titles, dates;
    person *persons;
    alias *aliases, *ealiases;
    position *positions;
    value *values;
    entity *entities;
    uint32_t *touched;  /* single-holder offices, in order of sight */
    uint8_t *touched_by; /* by office: 1 when in touched */
    size_t ctouched_by;
    spoint *spoints;
    size_t npersons, naliases, nealiases, npositions, nvalues, nentities, ntouched, nspoints;
    size_t cpersons, caliases, cealiases, cpositions, cvalues, centities, ctouched, cspoints;
    vl_buf key; /* scratch */
};

static const char *keep(vl_kbload *kl, const char *s)
{
    return s ? vl_arena_strndup(&kl->a, s, strlen(s)) : NULL;
}

static const char *date_text(const vl_kbload *kl, uint32_t date)
{
    return date ? kl->dates.s[date - 1] : NULL;
}

static void docs_add(const vl_kbload *kl, docs *d, uint32_t doc, uint32_t date)
{
    /* a document counts once; each of its facts' dates counts (a title's
     * own time may differ from its document's) */
    if (d->last != doc) {
        d->last = doc;
        d->n++;
    }
    if (!date || date == d->min || date == d->max) return;
    const char *t = kl->dates.s[date - 1];
    if (!d->min || strcmp(t, kl->dates.s[d->min - 1]) < 0) d->min = date;
    if (!d->max || strcmp(t, kl->dates.s[d->max - 1]) > 0) d->max = date;
}

/* Reads one override table: column 0 is the key, the others values. */
static vl_status load_table(vl_kbload *kl, sqlite3 *db, const char *sql, vl_keymap *m,
                            const char ***v1, const char ***v2, size_t *n, vl_error *err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        return vl_error_set(err, VL_EDB, NULL, -1, -1, "knowledge base: %s", sqlite3_errmsg(db));
    size_t cap1 = 0, cap2 = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(q, 0);
        if (!k) continue;
        int isnew;
        size_t before = *n;
        vl_keymap_get(m, &kl->a, k, strlen(k), n, &isnew);
        if (!isnew) continue;
        *v1 = vl_grow(*v1, &cap1, before + 1, sizeof **v1);
        (*v1)[before] = keep(kl, (const char *)sqlite3_column_text(q, 1));
        if (v2) {
            *v2 = vl_grow(*v2, &cap2, before + 1, sizeof **v2);
            (*v2)[before] = keep(kl, (const char *)sqlite3_column_text(q, 2));
        }
    }
    sqlite3_finalize(q);
    return VL_OK;
}

vl_status vl_kbload_new(vl_store *st, vl_kbload **out, vl_error *err)
{
    vl_kbload *kl = vl_calloc(1, sizeof *kl);
    vl_buf_init(&kl->key, 0);
    sqlite3 *db = vl_store_db(st);
    vl_status s = load_table(kl, db, "SELECT from_key, to_key FROM kb_keymap", &kl->keymap,
                             &kl->to_key, NULL, &kl->nkeymap, err);
    if (!s)
        s = load_table(kl, db, "SELECT key, since, new_key FROM kb_split", &kl->split,
                       &kl->split_since, &kl->split_key, &kl->nsplit, err);
    if (!s)
        s = load_table(kl, db, "SELECT key, name FROM kb_prefer", &kl->prefer, &kl->prefer_name,
                       NULL, &kl->nprefer, err);
    if (s) {
        vl_kbload_free(kl);
        return s;
    }
    *out = kl;
    return VL_OK;
}

/* The joined key of parts (NUL between them) in kl->key. */
static void join(vl_kbload *kl, const char *a, const char *b, const char *c)
{
    vl_buf_reset(&kl->key);
    vl_buf_add(&kl->key, a, strlen(a));
    vl_buf_add(&kl->key, "", 1);
    vl_buf_add(&kl->key, b, strlen(b));
    if (c) {
        vl_buf_add(&kl->key, "", 1);
        vl_buf_add(&kl->key, c, strlen(c));
    }
}

/* The record of the joined key in m (see vl_keymap_get). */
static uint32_t joined_record(vl_kbload *kl, vl_keymap *m, size_t *count, int *isnew)
{
    return vl_keymap_get(m, &kl->a, (const char *)kl->key.data, kl->key.len, count, isnew);
}

/* arr grown to hold record i, which is zeroed. */
static void *with_record(void *arr, size_t *cap, size_t i, size_t size)
{
    arr = vl_grow(arr, cap, i + 1, size);
    memset((char *)arr + i * size, 0, size);
    return arr;
}

/* The canonical key of a person's key in a document of this date:
 *   CASE WHEN s.new_key IS NOT NULL AND d.date >= s.since THEN s.new_key
 *        ELSE coalesce(m.to_key, f.key) END */
static const char *canonical(const vl_kbload *kl, const char *key, const char *date)
{
    long m = vl_keymap_find(&kl->keymap, key, strlen(key));
    const char *ck = m >= 0 ? kl->to_key[m] : key;
    long sp = vl_keymap_find(&kl->split, ck, strlen(ck));
    if (sp >= 0 && kl->split_key[sp] && date && kl->split_since[sp] &&
        strcmp(date, kl->split_since[sp]) >= 0)
        return kl->split_key[sp];
    return ck;
}

static size_t code_points(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int touched(const vl_kbload *kl, uint32_t office)
{
    return office < kl->ctouched_by && kl->touched_by[office];
}

static void touch(vl_kbload *kl, uint32_t office)
{
    if (touched(kl, office)) return;
    if (office >= kl->ctouched_by) {
        size_t old = kl->ctouched_by;
        kl->touched_by = vl_grow(kl->touched_by, &kl->ctouched_by, office + 1, 1);
        memset(kl->touched_by + old, 0, kl->ctouched_by - old);
    }
    kl->touched_by[office] = 1;
    kl->touched = vl_grow(kl->touched, &kl->ctouched, kl->ntouched + 1, sizeof *kl->touched);
    kl->touched[kl->ntouched++] = office;
}

static void add_person(vl_kbload *kl, const vl_person *p, uint32_t date_id)
{
    const char *date = date_text(kl, date_id);
    uint32_t doc = (uint32_t)kl->doc;
    const char *ck = canonical(kl, p->key, date);
    int isnew;
    uint32_t pi = vl_keymap_get(&kl->persons_m, &kl->a, ck, strlen(ck), &kl->npersons, &isnew);
    if (isnew) {
        kl->persons = with_record(kl->persons, &kl->cpersons, pi, sizeof *kl->persons);
        kl->persons[pi].key = keep(kl, ck);
    }
    /* kb_persons: count(DISTINCT doc_id), min(date), max(date) */
    docs_add(kl, &kl->persons[pi].d, doc, date_id);
    /* kb_aliases: GROUP BY ck, name */
    join(kl, ck, p->name, NULL);
    uint32_t ai = joined_record(kl, &kl->aliases_m, &kl->naliases, &isnew);
    if (isnew) {
        kl->aliases = with_record(kl->aliases, &kl->caliases, ai, sizeof *kl->aliases);
        kl->aliases[ai].key = kl->persons[pi].key;
        kl->aliases[ai].name = keep(kl, p->name);
        kl->aliases[ai].owner = pi;
    }
    docs_add(kl, &kl->aliases[ai].d, doc, date_id);
    /* kb_positions: the titles with an office, GROUP BY ck, office */
    for (size_t t = 0; t < p->ntitles; t++) {
        const vl_title *ti = &p->titles[t];
        if (!ti->office || !*ti->office) continue;
        /* the title's own time (when.c), else the document's */
        uint32_t tdate_id = ti->date ? intern(&kl->dates, &kl->a, ti->date) + 1 : date_id;
        const char *tdate = date_text(kl, tdate_id);
        uint32_t office = intern(&kl->offices, &kl->a, ti->office);
        uint32_t qi = nmap_get(&kl->positions_m, pair(pi, office), &kl->npositions, &isnew);
        if (isnew) {
            kl->positions = with_record(kl->positions, &kl->cpositions, qi, sizeof *kl->positions);
            kl->positions[qi].person = pi;
            kl->positions[qi].office = office;
        }
        position *q = &kl->positions[qi];
        unsigned status = vl_title_stored_status(p, ti);
        q->status |= (uint8_t)(1u << status);
        if (ti->single) q->single = 1;
        docs_add(kl, &q->all, doc, tdate_id);
        if (status != VL_ST_FORMER) docs_add(kl, &q->held, doc, tdate_id);
        /* the succession's points of an office one person holds at a
         * time: its title facts, dated, one point per position, month and
         * kind (held, acting, former: vl_kb_settle_office) */
        int month = ti->single ? vl_tenure_month(tdate) : -1;
        if (month >= 0) {
            /* past in a dispatch that tells the holder left: its cause */
            int kind = status == VL_ST_FORMER   ? vl_tenure_past_kind(p->departure)
                       : status == VL_ST_ACTING ? VL_TENURE_ACTING
                                                : VL_TENURE_HELD;
            uint32_t si = nmap_get(&kl->spoints_m, pair(qi, (uint32_t)(month * 8 + kind)),
                                   &kl->nspoints, &isnew);
            if (isnew) {
                kl->spoints = with_record(kl->spoints, &kl->cspoints, si, sizeof *kl->spoints);
                kl->spoints[si].position = qi;
                kl->spoints[si].kind = (uint8_t)kind;
                kl->spoints[si].first = kl->spoints[si].last = tdate_id;
                kl->spoints[si].first_doc = kl->spoints[si].last_doc = kl->doc_id;
                kl->spoints[si].first_uid = kl->spoints[si].last_uid = keep(kl, kl->doc_uid);
            }
            spoint *sp = &kl->spoints[si];
            sp->count++;
            int cf = tdate_id == sp->first ? 0 : strcmp(tdate, date_text(kl, sp->first));
            if (cf < 0 || (cf == 0 && strcmp(kl->doc_uid, sp->first_uid) < 0)) {
                sp->first_doc = kl->doc_id;
                sp->first_uid = keep(kl, kl->doc_uid);
            }
            if (cf < 0) sp->first = tdate_id;
            int cl = tdate_id == sp->last ? 0 : strcmp(tdate, date_text(kl, sp->last));
            if (cl > 0 || (cl == 0 && strcmp(kl->doc_uid, sp->last_uid) > 0)) {
                sp->last_doc = kl->doc_id;
                sp->last_uid = keep(kl, kl->doc_uid);
            }
            if (cl > 0) sp->last = tdate_id;
        }
        /* the most written title: GROUP BY value ORDER BY count(*) DESC */
        uint32_t text = intern(&kl->titles, &kl->a, ti->text ? ti->text : "");
        uint32_t vi = nmap_get(&kl->values_m, pair(qi, text), &kl->nvalues, &isnew);
        if (isnew) {
            kl->values = with_record(kl->values, &kl->cvalues, vi, sizeof *kl->values);
            kl->values[vi].text = text;
            kl->values[vi].position = qi;
            kl->values[vi].chars = (uint32_t)code_points(kl->titles.s[text]);
        }
        kl->values[vi].rows++;
        /* kb_touched: single-holder offices */
        if (ti->single) {
            touch(kl, office);
        }
    }
}

static void add_entity(vl_kbload *kl, const char *kind, const vl_entity *e, const char *country)
{
    int isnew;
    join(kl, kind, e->key, NULL);
    uint32_t ei = joined_record(kl, &kl->entities_m, &kl->nentities, &isnew);
    if (isnew) {
        kl->entities = with_record(kl->entities, &kl->centities, ei, sizeof *kl->entities);
        kl->entities[ei].kind = kind;
        kl->entities[ei].key = keep(kl, e->key);
    }
    entity *en = &kl->entities[ei];
    docs_add(kl, &en->d, (uint32_t)kl->doc, 0);
    /* max(CASE WHEN f.kind = 'place' THEN f.status END) */
    if (country && (!en->country || strcmp(country, en->country) > 0))
        en->country = keep(kl, country);
    join(kl, kind, e->key, e->name);
    uint32_t ai = joined_record(kl, &kl->ealiases_m, &kl->nealiases, &isnew);
    if (isnew) {
        kl->ealiases = with_record(kl->ealiases, &kl->cealiases, ai, sizeof *kl->ealiases);
        kl->ealiases[ai].kind = kind;
        kl->ealiases[ai].key = en->key;
        kl->ealiases[ai].name = keep(kl, e->name);
        kl->ealiases[ai].owner = ei;
    }
    docs_add(kl, &kl->ealiases[ai].d, (uint32_t)kl->doc, 0);
}

void vl_kbload_add(vl_kbload *kl, const vl_doc *doc, int64_t id)
{
    const vl_extraction *x = &doc->ex;
    kl->doc++;
    kl->doc_id = id;
    kl->doc_uid = vl_doc_id(doc);
    const char *date = vl_doc_date(doc);
    uint32_t date_id = date ? intern(&kl->dates, &kl->a, date) + 1 : 0;
    for (size_t i = 0; i < x->npersons; i++) add_person(kl, &x->persons[i], date_id);
    for (size_t i = 0; i < x->norgs; i++) add_entity(kl, "org", &x->orgs[i], NULL);
    for (size_t i = 0; i < x->nplaces; i++)
        add_entity(kl, "place", &x->places[i], x->places[i].country);
}

size_t vl_kbload_bytes(const vl_kbload *kl)
{
    const vl_keymap *maps[] = {&kl->persons_m, &kl->aliases_m, &kl->entities_m, &kl->ealiases_m,
                          &kl->offices.m, &kl->titles.m, &kl->dates.m};
    const nmap *nmaps[] = {&kl->positions_m, &kl->values_m, &kl->spoints_m};
    size_t n = kl->a.total;
    for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++)
        n += maps[i]->cap * (sizeof *maps[i]->k + sizeof *maps[i]->klen + sizeof *maps[i]->rec);
    for (size_t i = 0; i < sizeof nmaps / sizeof nmaps[0]; i++)
        n += nmaps[i]->cap * (sizeof *nmaps[i]->k + sizeof *nmaps[i]->rec);
    n += (kl->offices.cap + kl->titles.cap + kl->dates.cap) * sizeof(const char *);
    n += kl->cpersons * sizeof *kl->persons + kl->caliases * sizeof *kl->aliases +
         kl->cealiases * sizeof *kl->ealiases + kl->cpositions * sizeof *kl->positions +
         kl->cvalues * sizeof *kl->values + kl->centities * sizeof *kl->entities +
         kl->ctouched * sizeof *kl->touched + kl->ctouched_by +
         kl->cspoints * sizeof *kl->spoints;
    return n;
}

/* ------------------------------------------------------------ write */

static void bind_text(sqlite3_stmt *q, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, i);
}

static int step(sqlite3_stmt *q)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc == SQLITE_DONE;
}

/* The person's name: ORDER BY length(CAST(alias AS BLOB)) DESC, count DESC,
 * alias. */
static int person_alias_better(const alias *a, const alias *b)
{
    size_t la = strlen(a->name), lb = strlen(b->name);
    if (la != lb) return la > lb;
    if (a->d.n != b->d.n) return a->d.n > b->d.n;
    return strcmp(a->name, b->name) < 0;
}

/* An entity's name: ORDER BY count DESC, length(CAST(alias AS BLOB)) DESC,
 * alias. */
static int entity_alias_better(const alias *a, const alias *b)
{
    if (a->d.n != b->d.n) return a->d.n > b->d.n;
    size_t la = strlen(a->name), lb = strlen(b->name);
    if (la != lb) return la > lb;
    return strcmp(a->name, b->name) < 0;
}

/* A position's title: ORDER BY count(*) DESC, length(value) DESC, value. */
static int value_better(const vl_kbload *kl, const value *a, const value *b)
{
    if (a->rows != b->rows) return a->rows > b->rows;
    if (a->chars != b->chars) return a->chars > b->chars;
    return strcmp(kl->titles.s[a->text], kl->titles.s[b->text]) < 0;
}

static const char *status_name(unsigned bits)
{
    if (bits & 1u << VL_ST_CURRENT) return "current";
    if (bits & 1u << VL_ST_ACTING) return "acting";
    if (bits & 1u << VL_ST_DESIGNATE) return "designate";
    return "former";
}

typedef struct title_row { /* kb_titles */
    const char *key, *office, *title;
    uint32_t count;
} title_row;

static int title_row_cmp(const void *a, const void *b)
{
    const title_row *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (!c) c = strcmp(x->office, y->office);
    if (!c) c = strcmp(x->title, y->title);
    return c;
}

vl_status vl_kbload_write(vl_kbload *kl, vl_store *st, vl_error *err)
{
    sqlite3 *db = vl_store_db(st);
    /* the facts were empty when the load began: so is anything derived
     * from them but what this load found */
    vl_status cleared = vl_kb_clear(st, err);
    if (cleared) return cleared;
    for (size_t i = 0; i < kl->npersons; i++) kl->persons[i].best_alias = -1;
    for (size_t i = 0; i < kl->nentities; i++) kl->entities[i].best_alias = -1;
    for (size_t i = 0; i < kl->npositions; i++) kl->positions[i].best_value = -1;
    for (size_t i = 0; i < kl->naliases; i++) {
        person *p = &kl->persons[kl->aliases[i].owner];
        if (p->best_alias < 0 || person_alias_better(&kl->aliases[i], &kl->aliases[p->best_alias]))
            p->best_alias = (long)i;
    }
    for (size_t i = 0; i < kl->nealiases; i++) {
        entity *e = &kl->entities[kl->ealiases[i].owner];
        if (e->best_alias < 0 ||
            entity_alias_better(&kl->ealiases[i], &kl->ealiases[e->best_alias]))
            e->best_alias = (long)i;
    }
    for (size_t i = 0; i < kl->nvalues; i++) {
        position *q = &kl->positions[kl->values[i].position];
        if (q->best_value < 0 || value_better(kl, &kl->values[i], &kl->values[q->best_value]))
            q->best_value = (int32_t)i;
    }

    static const char *const sql[] = {
        "INSERT INTO kb_aliases(key, alias, count) VALUES(?1, ?2, ?3)",
        "INSERT INTO kb_persons(key, name, documents, first_seen, last_seen)"
        " VALUES(?1, ?2, ?3, ?4, ?5)",
        "INSERT INTO kb_positions(key, office, title, status, single, first_seen, last_seen,"
        " documents) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        "INSERT OR IGNORE INTO kb_touched(office) VALUES(?1)",
        "INSERT INTO kb_entity_aliases(kind, key, alias, count) VALUES(?1, ?2, ?3, ?4)",
        "INSERT INTO kb_entities(kind, key, name, country, documents) VALUES(?1, ?2, ?3, ?4, ?5)",
        "INSERT INTO kb_titles(key, office, title, count) VALUES(?1, ?2, ?3, ?4)",
    };
    enum { N = sizeof sql / sizeof sql[0] };
    sqlite3_stmt *q[N] = {NULL};
    int ok = 1;
    for (size_t i = 0; i < N && ok; i++)
        ok = sqlite3_prepare_v2(db, sql[i], -1, &q[i], NULL) == SQLITE_OK;
    for (size_t i = 0; i < kl->naliases && ok; i++) {
        const alias *a = &kl->aliases[i];
        bind_text(q[0], 1, a->key);
        bind_text(q[0], 2, a->name);
        sqlite3_bind_int64(q[0], 3, a->d.n);
        ok = step(q[0]);
    }
    for (size_t i = 0; i < kl->npersons && ok; i++) {
        const person *p = &kl->persons[i];
        long pr = vl_keymap_find(&kl->prefer, p->key, strlen(p->key));
        bind_text(q[1], 1, p->key);
        bind_text(q[1], 2, pr >= 0 && kl->prefer_name[pr] ? kl->prefer_name[pr]
                                                          : kl->aliases[p->best_alias].name);
        sqlite3_bind_int64(q[1], 3, p->d.n);
        bind_text(q[1], 4, date_text(kl, p->d.min));
        bind_text(q[1], 5, date_text(kl, p->d.max));
        ok = step(q[1]);
    }
    for (size_t i = 0; i < kl->npositions && ok; i++) {
        const position *p = &kl->positions[i];
        bind_text(q[2], 1, kl->persons[p->person].key);
        bind_text(q[2], 2, kl->offices.s[p->office]);
        bind_text(q[2], 3, kl->titles.s[kl->values[p->best_value].text]);
        bind_text(q[2], 4, status_name(p->status));
        sqlite3_bind_int(q[2], 5, p->single);
        bind_text(q[2], 6, date_text(kl, p->held.min));
        bind_text(q[2], 7, date_text(kl, p->held.max));
        sqlite3_bind_int64(q[2], 8, p->all.n);
        ok = step(q[2]);
    }
    for (size_t i = 0; i < kl->ntouched && ok; i++) {
        bind_text(q[3], 1, kl->offices.s[kl->touched[i]]);
        ok = step(q[3]);
    }
    for (size_t i = 0; i < kl->nealiases && ok; i++) {
        const alias *a = &kl->ealiases[i];
        bind_text(q[4], 1, a->kind);
        bind_text(q[4], 2, a->key);
        bind_text(q[4], 3, a->name);
        sqlite3_bind_int64(q[4], 4, a->d.n);
        ok = step(q[4]);
    }
    for (size_t i = 0; i < kl->nentities && ok; i++) {
        const entity *e = &kl->entities[i];
        bind_text(q[5], 1, e->kind);
        bind_text(q[5], 2, e->key);
        bind_text(q[5], 3, kl->ealiases[e->best_alias].name);
        bind_text(q[5], 4, e->country);
        sqlite3_bind_int64(q[5], 5, e->d.n);
        ok = step(q[5]);
    }
    /* in the table's order: appended, not inserted at random */
    title_row *tr = vl_malloc((kl->nvalues ? kl->nvalues : 1) * sizeof *tr);
    for (size_t i = 0; i < kl->nvalues; i++) {
        const position *p = &kl->positions[kl->values[i].position];
        tr[i].key = kl->persons[p->person].key;
        tr[i].office = kl->offices.s[p->office];
        tr[i].title = kl->titles.s[kl->values[i].text];
        tr[i].count = kl->values[i].rows;
    }
    qsort(tr, kl->nvalues, sizeof *tr, title_row_cmp);
    for (size_t i = 0; i < kl->nvalues && ok; i++) {
        bind_text(q[6], 1, tr[i].key);
        bind_text(q[6], 2, tr[i].office);
        bind_text(q[6], 3, tr[i].title);
        sqlite3_bind_int64(q[6], 4, tr[i].count);
        ok = step(q[6]);
    }
    free(tr);
    vl_status s = ok ? VL_OK
                     : vl_error_set(err, VL_EDB, NULL, -1, -1, "knowledge base: %s",
                                    sqlite3_errmsg(db));
    for (size_t i = 0; i < N; i++) sqlite3_finalize(q[i]);
    return s;
}

typedef struct opoint {
    const char *office;
    int touched; /* its office is settled now */
    vl_kb_point p;
} opoint;

/* points by office, then holder's key, then date (byte order), then kind: the order
 * of kb_points and of vl_kb_settle_office */
static int opoint_cmp(const void *a, const void *b)
{
    const opoint *x = a, *y = b;
    int c = strcmp(x->office, y->office);
    if (!c) c = strcmp(x->p.ck, y->p.ck);
    if (!c) c = strcmp(x->p.first, y->p.first);
    return c ? c : x->p.kind - y->p.kind;
}

vl_status vl_kbload_succession(vl_kbload *kl, vl_store *st, vl_error *err)
{
    sqlite3 *db = vl_store_db(st);
    opoint *o = vl_malloc((kl->nspoints ? kl->nspoints : 1) * sizeof *o);
    size_t n = kl->nspoints;
    for (size_t i = 0; i < n; i++) {
        const position *q = &kl->positions[kl->spoints[i].position];
        o[i].office = kl->offices.s[q->office];
        o[i].touched = touched(kl, q->office); /* one person at a time */
        o[i].p.ck = kl->persons[q->person].key;
        o[i].p.first = date_text(kl, kl->spoints[i].first);
        o[i].p.last = date_text(kl, kl->spoints[i].last);
        o[i].p.count = kl->spoints[i].count;
        o[i].p.kind = kl->spoints[i].kind;
        o[i].p.first_doc = kl->spoints[i].first_doc;
        o[i].p.last_doc = kl->spoints[i].last_doc;
    }
    qsort(o, n, sizeof *o, opoint_cmp);
    /* every point kept (kb_points), for the updates to come */
    sqlite3_stmt *ins;
    int ok = sqlite3_prepare_v2(db,
                                "INSERT INTO kb_points(office, key, month, kind, count, first,"
                                " last, first_doc, last_doc)"
                                " VALUES(?1, ?2, substr(?3, 1, 7), ?6, ?4, ?3, ?5, ?7, ?8)",
                                -1, &ins, NULL) == SQLITE_OK;
    for (size_t i = 0; i < n && ok; i++) {
        bind_text(ins, 1, o[i].office);
        bind_text(ins, 2, o[i].p.ck);
        bind_text(ins, 3, o[i].p.first);
        sqlite3_bind_int64(ins, 4, o[i].p.count);
        bind_text(ins, 5, o[i].p.last);
        sqlite3_bind_int(ins, 6, o[i].p.kind);
        sqlite3_bind_int64(ins, 7, o[i].p.first_doc);
        sqlite3_bind_int64(ins, 8, o[i].p.last_doc);
        ok = step(ins);
    }
    sqlite3_finalize(ins);
    vl_status s = ok ? VL_OK
                     : vl_error_set(err, VL_EDB, NULL, -1, -1, "knowledge base: %s",
                                    sqlite3_errmsg(db));
    /* the offices touched settled */
    vl_kb_point *pt = NULL;
    size_t cap = 0;
    for (size_t i = 0, j; i < n && !s; i = j) {
        for (j = i; j < n && !strcmp(o[j].office, o[i].office); j++) {
        }
        if (!o[i].touched) continue;
        pt = vl_grow(pt, &cap, j - i, sizeof *pt);
        for (size_t k = i; k < j; k++) pt[k - i] = o[k].p;
        s = vl_kb_settle_office(db, o[i].office, pt, j - i, err);
    }
    free(pt);
    free(o);
    /* as vl_kb_settle_office does for each office: a holder without a
     * point has no dates in the succession (here for the offices without
     * any point too) */
    if (!s) s = vl_kb_undated(db, NULL, err);
    if (!s && sqlite3_exec(db, "DELETE FROM kb_touched", NULL, NULL, NULL) != SQLITE_OK)
        s = vl_error_set(err, VL_EDB, NULL, -1, -1, "knowledge base: %s", sqlite3_errmsg(db));
    return s;
}

void vl_kbload_free(vl_kbload *kl)
{
    if (!kl) return;
    vl_keymap *maps[] = {&kl->keymap, &kl->split, &kl->prefer, &kl->persons_m, &kl->aliases_m,
                    &kl->entities_m, &kl->ealiases_m};
    for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++) vl_keymap_free(maps[i]);
    nmap_free(&kl->positions_m);
    nmap_free(&kl->values_m);
    nmap_free(&kl->spoints_m);
    strtab_free(&kl->offices);
    strtab_free(&kl->titles);
    strtab_free(&kl->dates);
    free(kl->to_key);
    free(kl->split_since);
    free(kl->split_key);
    free(kl->prefer_name);
    free(kl->persons);
    free(kl->aliases);
    free(kl->ealiases);
    free(kl->positions);
    free(kl->values);
    free(kl->entities);
    free(kl->touched);
    free(kl->touched_by);
    free(kl->spoints);
    vl_buf_free(&kl->key);
    vl_arena_free(&kl->a);
    free(kl);
}
