/*
 * meet.c — who met whom, queried: the stored events with their persons
 * (query stage).
 *
 * Events are rows (store.c: events, their persons a JSON column that the
 * view event_persons shows as rows). A person stands under
 * their canonical key (kb_keymap, the knowledge base's merges) and their
 * preferred name (kb_persons); a country matches the participants whose
 * title names it ("events --with Laos": meetings with a Lao official).
 * Evidence is the sentence that tells the event. Answers are JSON
 * (veille.h); every statement takes its values as parameters.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ctx.h"
#include "error.h"
#include "kb.h"
#include "meet.h"
#include "resolve.h"
#include "store.h"

enum { MAX_LIMIT = 10000, SENTENCE_MAX = 600 };

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}


/* The sentence [s, e) of a stored text, whole characters, at most
 * SENTENCE_MAX bytes. */
static json_t *slice(sqlite3_stmt *q, int text, int64_t s, int64_t e)
{
    const char *t = vl_kb_col(q, text);
    int64_t len = sqlite3_column_bytes(q, text);
    if (!t || s < 0 || e > len || s > e) return json_null();
    if (e - s > SENTENCE_MAX) {
        e = s + SENTENCE_MAX;
        while (e > s && ((unsigned char)t[e] & 0xC0) == 0x80) e--;
    }
    return json_stringn(t + s, (size_t)(e - s));
}

/* One act, however many dispatches tell it: its type and day, or the row
 * itself when it has no full date. */
#define ACT "CASE WHEN length(e.date) = 10 AND e.date NOT LIKE 'X%' THEN e.type || e.date ELSE e.id END"

/* The events person ?N (a canonical key) takes part in, as event_id: the
 * documents the fact index gives for the person's keys (that key and those
 * merged into it, kb_keymap), then the persons of their events, not a scan
 * of every event's persons. */
#define EVENTS_OF(N)                                                                      \
    "SELECT e.id AS event_id FROM events e, json_each(e.persons) j"                        \
    " LEFT JOIN kb_keymap m ON m.from_key = j.value ->> 0"                                 \
    " WHERE e.doc_id IN (SELECT doc_id FROM facts WHERE kind = 'person' AND key IN"        \
    "   (SELECT from_key FROM kb_keymap WHERE to_key = ?" #N " UNION SELECT ?" #N "))"     \
    "   AND coalesce(m.to_key, j.value ->> 0) = ?" #N

/* The canonical key and preferred name of a stored event person. */
#define PERSON_COLS                                                                        \
    "coalesce(m.to_key, p.key), coalesce(k.name, p.name), p.role, p.country"
#define PERSON_JOINS                                                                       \
    " LEFT JOIN kb_keymap m ON m.from_key = p.key"                                         \
    " LEFT JOIN kb_persons k ON k.key = coalesce(m.to_key, p.key)"

/* The persons of event id: fills chairs and participants with names (keys
 * too, when keys is not NULL). */
static void persons_of(sqlite3 *db, sqlite3_int64 id, json_t *chairs, json_t *parts,
                       json_t *keys)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "SELECT " PERSON_COLS " FROM event_persons p" PERSON_JOINS
                           " WHERE p.event_id = ?1 ORDER BY p.pos",
                           -1, &q, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_int64(q, 1, id);
    while (sqlite3_step(q) == SQLITE_ROW) {
        json_array_append_new(parts, vl_kb_jstr(vl_kb_col(q, 1)));
        if (keys) json_array_append_new(keys, vl_kb_jstr(vl_kb_col(q, 0)));
        if (vl_kb_col(q, 2) && !strcmp(vl_kb_col(q, 2), "chair")) json_array_append_new(chairs, vl_kb_jstr(vl_kb_col(q, 1)));
    }
    sqlite3_finalize(q);
}

/* One event as JSON, from a row of EVENT_COLS. */
#define EVENT_COLS                                                                         \
    "e.id, e.type, e.date, e.place, d.uid, d.date, d.source, d.text, e.sentence_start,"    \
    " e.sentence_end"

static json_t *event_json(sqlite3 *db, sqlite3_stmt *q)
{
    json_t *o = json_object(), *chairs = json_array(), *parts = json_array(),
           *keys = json_array();
    persons_of(db, sqlite3_column_int64(q, 0), chairs, parts, keys);
    vl_kb_set_cols(o, q, 1, "type date place");
    json_object_set_new(o, "chairs", chairs);
    json_object_set_new(o, "participants", parts);
    json_object_set_new(o, "keys", keys);
    json_t *ev = json_object();
    vl_kb_set_cols(ev, q, 4, "id date source");
    json_object_set_new(ev, "sentence",
                        slice(q, 7, sqlite3_column_int64(q, 8), sqlite3_column_int64(q, 9)));
    json_object_set_new(o, "evidence", ev);
    return o;
}

/* Appends event e (taken) to list, unless an event of the same type, day
 * and persons is there already: one act told by several dispatches is one
 * entry, with "reports" counting them and "also" their evidence. seen maps
 * "type|date|keys" to an index in list; undated events are never merged. */
static void add_event(json_t *list, json_t *seen, json_t *e)
{
    const char *date = json_string_value(json_object_get(e, "date"));
    if (!date || strlen(date) < 10 || date[0] == 'X') {
        json_object_set_new(e, "reports", json_integer(1));
        json_array_append_new(list, e);
        return;
    }
    json_t *keys = json_object_get(e, "keys");
    const char *ks[64];
    size_t n = 0, i;
    json_t *k;
    json_array_foreach(keys, i, k) if (n < 64 && json_string_value(k)) ks[n++] = json_string_value(k);
    qsort(ks, n, sizeof *ks, cmp_str);
    vl_buf id;
    vl_buf_init(&id, 0);
    vl_buf_adds(&id, json_string_value(json_object_get(e, "type")));
    vl_buf_addc(&id, '|');
    vl_buf_adds(&id, date);
    for (i = 0; i < n; i++) {
        vl_buf_addc(&id, '|');
        vl_buf_adds(&id, ks[i]);
    }
    json_t *at = json_object_get(seen, (const char *)id.data);
    if (at) {
        json_t *first = json_array_get(list, (size_t)json_integer_value(at));
        json_object_set_new(first, "reports",
                            json_integer(json_integer_value(json_object_get(first, "reports")) + 1));
        json_t *also = json_object_get(first, "also");
        if (!also) json_object_set_new(first, "also", also = json_array());
        json_array_append(also, json_object_get(e, "evidence"));
        json_decref(e);
    } else {
        json_object_set_new(seen, (const char *)id.data, json_integer((json_int_t)json_array_size(list)));
        json_object_set_new(e, "reports", json_integer(1));
        json_array_append_new(list, e);
    }
    vl_buf_free(&id);
}

/* What --with names: a person (*key set) or a country (*country set). */
static vl_status with_of(vl_store *st, const char *with, vl_buf *key, const char **country,
                         vl_error *err)
{
    *country = NULL;
    if (!with) return VL_OK;
    *country = vl_resolve_country(vl_store_ctx(st), with);
    if (*country) return VL_OK;
    if (vl_kb_find_person(st, with, key)) return VL_OK;
    return vl_error_set(err, VL_ENOTFOUND, NULL, -1, -1, "no person or country named '%s'",
                        with);
}

vl_status vl_events(vl_store *st, const char *with, const char *type, const char *from,
                    const char *to, int limit, char **out, vl_error *err)
{
    sqlite3 *db = vl_store_db(st);
    vl_status bad = vl_kb_date_range(from, to, err);
    if (bad) return bad;
    vl_buf key;
    vl_buf_init(&key, 0);
    const char *country;
    vl_status s = with_of(st, with, &key, &country, err);
    if (s) {
        vl_buf_free(&key);
        return s;
    }
    /* dates compare on the shorter precision: "--from 2024-03" keeps
     * 2024-03-14, "--to 2024" keeps the whole year */
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            db,
            "SELECT " EVENT_COLS " FROM events e JOIN documents d ON d.id = e.doc_id"
            " WHERE (?1 IS NULL OR e.type = ?1)"
            "   AND (?2 IS NULL OR substr(e.date, 1, length(?2)) >= ?2)"
            "   AND (?3 IS NULL OR substr(e.date, 1, length(?3)) <= ?3)"
            "   AND (?4 IS NULL OR e.id IN (" EVENTS_OF(4) "))"
            "   AND (?5 IS NULL OR e.id IN (SELECT event_id FROM event_persons WHERE country = ?5))"
            " ORDER BY e.date IS NULL, e.date, e.doc_id, e.id LIMIT ?6",
            -1, &q, NULL) != SQLITE_OK) {
        vl_buf_free(&key);
        return vl_error_set(err, VL_EDB, NULL, -1, -1, "cannot read events: %s",
                            sqlite3_errmsg(db));
    }
    if (type) sqlite3_bind_text(q, 1, type, -1, SQLITE_STATIC);
    if (from) sqlite3_bind_text(q, 2, from, -1, SQLITE_STATIC);
    if (to) sqlite3_bind_text(q, 3, to, -1, SQLITE_STATIC);
    if (key.len) sqlite3_bind_text(q, 4, (const char *)key.data, -1, SQLITE_STATIC);
    if (country) sqlite3_bind_text(q, 5, country, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 6, limit > 0 && limit <= MAX_LIMIT ? limit : MAX_LIMIT);
    json_t *o = json_object(), *list = json_array();
    if (with) json_object_set_new(o, "with", json_string(with));
    if (key.len) json_object_set_new(o, "key", json_string((const char *)key.data));
    if (country) json_object_set_new(o, "country", json_string(country));
    json_t *seen = json_object();
    while (sqlite3_step(q) == SQLITE_ROW) add_event(list, seen, event_json(db, q));
    json_decref(seen);
    sqlite3_finalize(q);
    json_object_set_new(o, "events", list);
    *out = vl_kb_dump(o);
    vl_buf_free(&key);
    return VL_OK;
}

vl_status vl_met(vl_store *st, const char *name, const char *with, int limit, char **out,
                 vl_error *err)
{
    sqlite3 *db = vl_store_db(st);
    vl_buf key, other;
    vl_buf_init(&key, 0);
    vl_buf_init(&other, 0);
    vl_status s = VL_OK;
    if (!vl_kb_find_person(st, name, &key))
        s = vl_error_set(err, VL_ENOTFOUND, NULL, -1, -1, "no person named '%s'", name);
    else if (with && !vl_kb_find_person(st, with, &other))
        s = vl_error_set(err, VL_ENOTFOUND, NULL, -1, -1, "no person named '%s'", with);
    if (s) {
        vl_buf_free(&key);
        vl_buf_free(&other);
        return s;
    }
    const char *k = (const char *)key.data;
    /* the counterparts: every other person of the person's events, how
     * often, first and last */
    sqlite3_stmt *q;
    const char *sql =
        "WITH mine AS (" EVENTS_OF(1) "),"
        " them AS (SELECT p.event_id, coalesce(m.to_key, p.key) AS ck,"
        "   coalesce(k.name, p.name) AS nm FROM event_persons p" PERSON_JOINS
        "   WHERE p.event_id IN (SELECT event_id FROM mine))"
        " SELECT t.ck, max(t.nm), count(DISTINCT " ACT "), min(e.date), max(e.date)"
        " FROM them t JOIN events e ON e.id = t.event_id"
        " WHERE t.ck <> ?1 AND (?2 IS NULL OR t.ck = ?2)"
        " GROUP BY t.ck ORDER BY count(DISTINCT " ACT ") DESC, max(e.date) DESC, t.ck LIMIT ?3";
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
        vl_buf_free(&key);
        vl_buf_free(&other);
        return vl_error_set(err, VL_EDB, NULL, -1, -1, "cannot read events: %s",
                            sqlite3_errmsg(db));
    }
    sqlite3_bind_text(q, 1, k, -1, SQLITE_STATIC);
    if (other.len) sqlite3_bind_text(q, 2, (const char *)other.data, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 3, limit > 0 && limit <= MAX_LIMIT ? limit : MAX_LIMIT);
    json_t *o = json_object(), *list = json_array();
    json_object_set_new(o, "name", json_string(name));
    json_object_set_new(o, "key", json_string(k));
    /* the evidence of each counterpart, the latest first, in one query
     * (not one per counterpart, which would look for the person's events
     * again each time) */
    json_t *by = json_object(); /* counterpart key -> its evidence */
    sqlite3_stmt *evq = NULL;
    sqlite3_prepare_v2(
        db,
        "WITH mine AS (" EVENTS_OF(1) "),"
        " them AS (SELECT p.event_id, coalesce(m.to_key, p.key) AS ck FROM event_persons p"
        "   LEFT JOIN kb_keymap m ON m.from_key = p.key"
        "   WHERE p.event_id IN (SELECT event_id FROM mine))"
        " SELECT DISTINCT t.ck, e.id, e.type, e.date, e.place, d.uid, d.date, d.source, d.text,"
        " e.sentence_start, e.sentence_end FROM them t JOIN events e ON e.id = t.event_id"
        " JOIN documents d ON d.id = e.doc_id WHERE t.ck <> ?1 AND (?2 IS NULL OR t.ck = ?2)"
        " ORDER BY t.ck, e.date IS NULL, e.date DESC, e.id DESC",
        -1, &evq, NULL);
    if (evq) {
        sqlite3_bind_text(evq, 1, k, -1, SQLITE_STATIC);
        if (other.len) sqlite3_bind_text(evq, 2, (const char *)other.data, -1, SQLITE_STATIC);
        size_t most = with ? 100 : 3;
        while (sqlite3_step(evq) == SQLITE_ROW) {
            const char *ck = vl_kb_col(evq, 0);
            if (!ck) continue;
            json_t *ev = json_object_get(by, ck);
            if (!ev) json_object_set_new(by, ck, ev = json_array());
            if (json_array_size(ev) >= most) continue;
            json_t *e = json_object();
            vl_kb_set_cols(e, evq, 2, "type date place id - source");
            json_object_set_new(e, "sentence", slice(evq, 8, sqlite3_column_int64(evq, 9),
                                                     sqlite3_column_int64(evq, 10)));
            json_array_append_new(ev, e);
        }
        sqlite3_finalize(evq);
    }
    while (sqlite3_step(q) == SQLITE_ROW) {
        json_t *c = json_object(), *ev = json_object_get(by, vl_kb_col(q, 0) ? vl_kb_col(q, 0) : "");
        json_object_set_new(c, "name", vl_kb_jstr(vl_kb_col(q, 1)));
        json_object_set_new(c, "key", vl_kb_jstr(vl_kb_col(q, 0)));
        json_object_set_new(c, "count", json_integer(sqlite3_column_int64(q, 2)));
        vl_kb_set_cols(c, q, 3, "first last");
        json_object_set(c, "evidence", ev ? ev : json_array());
        json_array_append_new(list, c);
    }
    sqlite3_finalize(q);
    json_decref(by);
    json_object_set_new(o, "counterparts", list);
    *out = vl_kb_dump(o);
    vl_buf_free(&key);
    vl_buf_free(&other);
    return VL_OK;
}

/* The recent meetings of a person are looked for in the RECENT_DOCS
 * dispatches naming the person that were stored last (the fact index
 * gives them newest first, without a sort): a person named in 60,000
 * dispatches costs what one named in 200 does, and the latest news is
 * in the latest dispatches. */
enum { RECENT_DOCS = 200 };

json_t *vl_meet_recent(sqlite3 *db, const char *key, int max)
{
    json_t *list = json_array();
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            db,
            /* the key itself read newest first from the fact index (an
             * equality: no sort), the names merged into it apart */
            "WITH docs AS (SELECT doc_id FROM (SELECT doc_id FROM facts"
            "   WHERE kind = 'person' AND key = ?1 ORDER BY doc_id DESC LIMIT ?3)"
            "  UNION SELECT doc_id FROM (SELECT f.doc_id FROM kb_keymap m CROSS JOIN facts f"
            "   WHERE m.to_key = ?1 AND f.kind = 'person' AND f.key = m.from_key"
            "   ORDER BY f.doc_id DESC LIMIT ?3)),"
            " mine AS (SELECT e.id AS event_id FROM events e, json_each(e.persons) j"
            "   LEFT JOIN kb_keymap m ON m.from_key = j.value ->> 0"
            "   WHERE e.doc_id IN (SELECT doc_id FROM docs)"
            "     AND coalesce(m.to_key, j.value ->> 0) = ?1)"
            " SELECT " EVENT_COLS " FROM events e JOIN documents d ON d.id = e.doc_id"
            " WHERE e.id IN (SELECT event_id FROM mine)"
            " ORDER BY e.date IS NULL OR e.date LIKE 'X%', e.date DESC, e.id DESC LIMIT ?2",
            -1, &q, NULL) != SQLITE_OK)
        return list;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 2, max);
    sqlite3_bind_int(q, 3, RECENT_DOCS);
    json_t *seen = json_object();
    while (sqlite3_step(q) == SQLITE_ROW) add_event(list, seen, event_json(db, q));
    json_decref(seen);
    sqlite3_finalize(q);
    return list;
}
