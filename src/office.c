/*
 * office.c — offices over time, queried (query stage of the knowledge
 * base): who held an office, who held it at a date, the positions of a
 * person with their tenures, and the feed of appointments and departures.
 *
 * A single-holder office is answered from its tenures (tenure.c), which
 * kb.c settles into kb_tenures whenever the office's points change. Other
 * offices (vice-ministers, members of a body) are answered from
 * kb_positions: who held them and when they were first and last seen.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "kb.h"
#include "mem.h"
#include "resolve.h"
#include "store.h"
#include "tenure.h"

/* office --at abstains when the holder it would name was last seen more
 * than STALE_MONTHS before the date. The offices followed run five-year
 * terms, and a national agency names a sitting minister or leader many
 * times a year: two years without a mention means the archive has lost
 * track of the office (a foreign leader who left, a minister replaced
 * without a dispatch saying so), and naming the last one seen would be a
 * guess. On the table of public records (tests/data/office_holders.tsv,
 * records.py over corpus and seeds), right on the points with evidence /
 * right among the answers given: 12 months 0.970 / 0.963, 18 months
 * 0.992 / 0.950, 24 months 1.000 / 0.931, 36 months 1.000 / 0.905.
 * Foreign offices are named less often than Vietnam's, hence the longer
 * of the thresholds that lose no point with evidence. */
enum { STALE_MONTHS = 24 };

/* Tenures as kb_tenures keeps them (vl_kb_settle_office), in order of
 * start; strings in a. */
typedef struct tenures {
    vl_arena a;
    vl_tenure *t;
    size_t n;
} tenures;

static const char *keep(vl_arena *a, const char *s)
{
    return s ? vl_arena_strndup(a, s, strlen(s)) : NULL;
}

/* The tenures of an office, or with key only that holder's in it. */
static void tenures_load(sqlite3 *db, const char *office, const char *key, tenures *ts)
{
    memset(ts, 0, sizeof *ts);
    sqlite3_stmt *q;
    /* by office, or by holder and office (kb_tenures_key): each an index */
    if (sqlite3_prepare_v2(db,
                           key ? "SELECT key, start, last_seen, ended, end_cause, documents, kind,"
                                 " seq, start_doc, last_doc, end_doc FROM kb_tenures"
                                 " WHERE key = ?2 AND office = ?1 ORDER BY start, key, kind"
                               : "SELECT key, start, last_seen, ended, end_cause, documents, kind,"
                                 " seq, start_doc, last_doc, end_doc FROM kb_tenures"
                                 " WHERE office = ?1 ORDER BY start, key, kind",
                           -1, &q, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(q, 1, office, -1, SQLITE_STATIC);
    if (key) sqlite3_bind_text(q, 2, key, -1, SQLITE_STATIC);
    size_t cap = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        ts->t = vl_grow(ts->t, &cap, ts->n + 1, sizeof *ts->t);
        vl_tenure *t = &ts->t[ts->n++];
        t->key = keep(&ts->a, vl_kb_col(q, 0));
        t->start = keep(&ts->a, vl_kb_col(q, 1));
        t->last_seen = keep(&ts->a, vl_kb_col(q, 2));
        t->end = keep(&ts->a, vl_kb_col(q, 3));
        t->end_cause = keep(&ts->a, vl_kb_col(q, 4));
        t->documents = (long)sqlite3_column_int64(q, 5);
        t->kind = sqlite3_column_int(q, 6);
        t->seq = sqlite3_column_int(q, 7);
        t->start_doc = sqlite3_column_int64(q, 8);
        t->last_doc = sqlite3_column_int64(q, 9);
        t->end_doc = sqlite3_column_int64(q, 10);
    }
    sqlite3_finalize(q);
}

static void tenures_free(tenures *ts)
{
    free(ts->t);
    vl_arena_free(&ts->a);
}

/* 1 when date a is on or before b, at the precision of the shorter: an
 * end "2021-04" is reached on "2021-04-30" and on "2021". */
static int on_or_before(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    return strncmp(a, b, la < lb ? la : lb) <= 0;
}

static const char *person_name(sqlite3 *db, const char *key, vl_buf *out)
{
    sqlite3_stmt *q;
    vl_buf_reset(out);
    if (sqlite3_prepare_v2(db, "SELECT name FROM kb_persons WHERE key = ?1", -1, &q, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW && vl_kb_col(q, 0)) vl_buf_adds(out, vl_kb_col(q, 0));
        sqlite3_finalize(q);
    }
    if (!out->len) vl_buf_adds(out, key);
    return (const char *)out->data;
}

/* A tenure's status at a date (NULL: now): former once it has ended, else
 * acting or current. */
static const char *tenure_status(const vl_tenure *t, const char *at)
{
    if (t->end && (!at || on_or_before(t->end, at))) return "former";
    return t->kind == VL_TENURE_ACTING ? "acting" : "current";
}

/* {"name","key","start","end","end_cause","first_seen","last_seen",
 * "status","kind","tenure","documents","evidence"} of a tenure. */
static json_t *tenure_json(sqlite3 *db, const char *office, const vl_tenure *t, const char *at,
                           vl_buf *tmp)
{
    json_t *h = json_object();
    json_object_set_new(h, "name", json_string(person_name(db, t->key, tmp)));
    json_object_set_new(h, "key", json_string(t->key));
    json_object_set_new(h, "start", json_string(t->start));
    json_object_set_new(h, "end", vl_kb_jstr(t->end));
    json_object_set_new(h, "end_cause", vl_kb_jstr(t->end_cause));
    json_object_set_new(h, "first_seen", json_string(t->start));
    json_object_set_new(h, "last_seen", json_string(t->last_seen));
    json_object_set_new(h, "status", json_string(tenure_status(t, at)));
    json_object_set_new(h, "kind", json_string(t->kind == VL_TENURE_ACTING ? "acting" : "holder"));
    json_object_set_new(h, "tenure", json_integer(t->seq));
    json_object_set_new(h, "documents", json_integer(t->documents));
    int64_t docs[2] = {t->start_doc, t->last_doc};
    json_object_set_new(h, "evidence", vl_kb_evidence_docs(db, t->key, office, docs, 2, 0));
    return h;
}

/* The office key of a title typed by a user (a Vietnamese office unless
 * the title names another country), and whether one person holds it at a
 * time. */
static int office_of(vl_store *st, const char *title, vl_buf *out)
{
    int single = 0;
    vl_resolve_office(vl_store_ctx(st), title, NULL, out, &single);
    if (out->len && out->data[out->len - 1] == '|') vl_buf_adds(out, "VN");
    return single;
}

/* Holders seen without a tenure (only in undated dispatches, or only where
 * better-documented holders' evidence surrounds them): known to have held
 * the office, never dated evidence of it. */
static void untenured(sqlite3 *db, const char *office, const tenures *ts, json_t *holders)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT p.key, k.name, p.status, p.documents FROM kb_positions p"
                               " JOIN kb_persons k ON k.key = p.key WHERE p.office = ?1"
                               " ORDER BY p.documents DESC, p.key LIMIT 50",
                           -1, &q, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(q, 1, office, -1, SQLITE_STATIC);
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *key = vl_kb_col(q, 0);
        size_t i = 0;
        while (i < ts->n && strcmp(ts->t[i].key, key) != 0) i++;
        if (i < ts->n) continue;
        json_t *h = json_object();
        vl_kb_set_cols(h, q, 0, "key name status");
        json_object_set_new(h, "start", json_null());
        json_object_set_new(h, "end", json_null());
        json_object_set_new(h, "first_seen", json_null());
        json_object_set_new(h, "last_seen", json_null());
        json_object_set_new(h, "documents", json_integer(sqlite3_column_int64(q, 3)));
        json_object_set_new(h, "evidence", vl_kb_evidence(db, key, office, 2));
        json_array_append_new(holders, h);
    }
    sqlite3_finalize(q);
}

/* The holder of a single office at a date: the last tenure begun by then,
 * unless it had ended (a vacancy, or no successor known yet) or its last
 * evidence is too old to say. */
static void single_at(sqlite3 *db, const char *office, const tenures *ts, const char *at,
                      json_t *o, json_t *holders, vl_buf *tmp)
{
    const vl_tenure *t = NULL;
    for (size_t i = 0; i < ts->n; i++)
        if (on_or_before(ts->t[i].start, at)) t = &ts->t[i];
    if (!t) return;
    if (t->end && on_or_before(t->end, at)) {
        json_t *ab = json_object();
        json_object_set_new(ab, "key", json_string(t->key));
        json_object_set_new(ab, "name", json_string(person_name(db, t->key, tmp)));
        json_object_set_new(ab, "end", json_string(t->end));
        json_object_set_new(ab, "reason",
                            json_sprintf("%s left the office by %s (called former then), and no"
                                         " successor is known before %s",
                                         person_name(db, t->key, tmp), t->end, at));
        json_object_set_new(o, "abstained", ab);
        return;
    }
    int age = strcmp(at, t->last_seen) > 0 ? vl_tenure_month(at) - vl_tenure_month(t->last_seen) : 0;
    if (age > STALE_MONTHS) {
        json_t *ab = json_object();
        json_object_set_new(ab, "key", json_string(t->key));
        json_object_set_new(ab, "name", json_string(person_name(db, t->key, tmp)));
        json_object_set_new(ab, "last_seen", json_string(t->last_seen));
        json_object_set_new(ab, "months", json_integer(age));
        json_object_set_new(ab, "reason",
                            json_sprintf("the latest evidence of %s (%s) is %d months older than"
                                         " %s, over %d: the archive no longer knows who holds"
                                         " the office",
                                         person_name(db, t->key, tmp), t->last_seen, age, at,
                                         STALE_MONTHS));
        json_object_set_new(o, "abstained", ab);
        return;
    }
    json_t *h = tenure_json(db, office, t, at, tmp);
    if (age > 0) json_object_set_new(h, "evidence_age_months", json_integer(age));
    json_array_append_new(holders, h);
}

vl_status vl_kb_office(vl_store *st, const char *title, const char *at, char **out,
                       vl_error *err)
{
    vl_status bad = vl_kb_date_range(at, NULL, err);
    if (bad) return bad;
    sqlite3 *db = vl_store_db(st);
    vl_buf office, tmp;
    vl_buf_init(&office, 0);
    vl_buf_init(&tmp, 0);
    int single = office_of(st, title, &office);
    const char *off = office.data ? (const char *)office.data : "";
    json_t *o = json_object(), *holders = json_array();
    json_object_set_new(o, "query", json_string(title));
    json_object_set_new(o, "office", json_string(off));
    if (at) json_object_set_new(o, "at", json_string(at));
    if (single) {
        tenures ts;
        tenures_load(db, off, NULL, &ts);
        if (at) {
            single_at(db, off, &ts, at, o, holders, &tmp);
        } else {
            for (size_t i = 0; i < ts.n; i++)
                json_array_append_new(holders, tenure_json(db, off, &ts.t[i], NULL, &tmp));
            untenured(db, off, &ts, holders);
        }
        tenures_free(&ts);
    } else {
        /* holders whose documents span the date, or all */
        sqlite3_stmt *q;
        const char *sql =
            at ? "SELECT p.key, k.name, p.first_seen, p.last_seen, p.status, p.documents"
                 " FROM kb_positions p JOIN kb_persons k ON k.key = p.key"
                 " WHERE p.office = ?1 AND p.first_seen IS NOT NULL"
                 "   AND substr(p.first_seen, 1, length(?2)) <= ?2"
                 "   AND substr(?2, 1, length(p.last_seen)) <= p.last_seen"
                 " ORDER BY p.first_seen DESC, p.documents DESC LIMIT 50"
               : "SELECT p.key, k.name, p.first_seen, p.last_seen, p.status, p.documents"
                 " FROM kb_positions p JOIN kb_persons k ON k.key = p.key"
                 " WHERE p.office = ?1"
                 " ORDER BY p.first_seen IS NULL, p.first_seen, p.documents DESC LIMIT 50";
        if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
            vl_buf_free(&office);
            vl_buf_free(&tmp);
            json_decref(o);
            json_decref(holders);
            return vl_store_fail(st, err, "office query");
        }
        sqlite3_bind_text(q, 1, off, -1, SQLITE_STATIC);
        if (at) sqlite3_bind_text(q, 2, at, -1, SQLITE_STATIC);
        while (sqlite3_step(q) == SQLITE_ROW) {
            json_t *h = json_object();
            vl_kb_set_cols(h, q, 0, "key name first_seen last_seen status");
            json_object_set_new(h, "documents", json_integer(sqlite3_column_int64(q, 5)));
            json_object_set_new(h, "evidence",
                                vl_kb_evidence(db, vl_kb_col(q, 0), off, 2));
            json_array_append_new(holders, h);
        }
        sqlite3_finalize(q);
    }
    json_object_set_new(o, "holders", holders);
    *out = vl_kb_dump(o);
    vl_buf_free(&office);
    vl_buf_free(&tmp);
    return VL_OK;
}

json_t *vl_office_positions(sqlite3 *db, const char *key)
{
    json_t *positions = json_array();
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "SELECT title, office, status, first_seen, last_seen, documents,"
                           " single FROM kb_positions WHERE key = ?1"
                           " ORDER BY first_seen IS NULL, first_seen, last_seen, office",
                           -1, &q, NULL) != SQLITE_OK)
        return positions;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    vl_buf tmp;
    vl_buf_init(&tmp, 0);
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *office = vl_kb_col(q, 1);
        int single = sqlite3_column_int(q, 6), shown = 0;
        if (single) {
            /* one position per tenure */
            tenures ts;
            tenures_load(db, office, key, &ts);
            for (size_t i = 0; i < ts.n; i++) {
                json_t *p = tenure_json(db, office, &ts.t[i], NULL, &tmp);
                json_object_del(p, "name");
                json_object_del(p, "key");
                json_object_set_new(p, "title", vl_kb_jstr(vl_kb_col(q, 0)));
                json_object_set_new(p, "office", json_string(office));
                json_object_set_new(p, "single", json_true());
                json_array_append_new(positions, p);
                shown++;
            }
            tenures_free(&ts);
        }
        if (shown) continue;
        json_t *p = json_object();
        vl_kb_set_cols(p, q, 0, "title office status");
        json_object_set_new(p, "start", json_null());
        json_object_set_new(p, "end", json_null());
        json_object_set_new(p, "end_cause", json_null());
        vl_kb_set_cols(p, q, 3, "first_seen last_seen");
        json_object_set_new(p, "documents", json_integer(sqlite3_column_int64(q, 5)));
        json_object_set_new(p, "single", json_boolean(single));
        json_object_set_new(p, "evidence", vl_kb_evidence(db, key, office, 2));
        json_array_append_new(positions, p);
    }
    sqlite3_finalize(q);
    vl_buf_free(&tmp);
    return positions;
}

/* ------------------------------------------------------ change feed */

/* One change of the feed, before it is written. */
typedef struct change {
    const char *date, *type, *key, *office, *other, *cause;
    const vl_tenure *t;
} change;

static int change_cmp(const void *a, const void *b)
{
    const change *x = a, *y = b;
    int c = strcmp(x->date, y->date);
    if (!c) c = strcmp(x->office, y->office);
    if (!c) c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->type, y->type);
}

/* The country of an office key ("ministre|defense|VN" -> "VN"). */
static const char *office_country(const char *office)
{
    const char *bar = strrchr(office, '|');
    return bar ? bar + 1 : "";
}

vl_status vl_kb_changes(vl_store *st, const char *since, const char *country, const char *title,
                        int limit, char **out, vl_error *err)
{
    vl_status bad = vl_kb_date_range(since, NULL, err);
    if (bad) return bad;
    /* a country as an ISO code in either case ("vn"), or a name ("Laos") */
    char code[3];
    if (country) {
        const char *c = country;
        if (strlen(country) == 2 && isalpha((unsigned char)country[0]) &&
            isalpha((unsigned char)country[1])) {
            code[0] = (char)toupper((unsigned char)country[0]);
            code[1] = (char)toupper((unsigned char)country[1]);
            code[2] = 0;
            c = code;
        }
        c = vl_resolve_country(vl_store_ctx(st), c);
        if (!c)
            return vl_error_set(err, VL_EUSAGE, NULL, -1, -1,
                                "unknown country '%s' (an ISO code, VN, or a name, Laos)", country);
        memcpy(code, c, 3);
        country = code;
    }
    sqlite3 *db = vl_store_db(st);
    vl_buf want, tmp;
    vl_buf_init(&want, 0);
    vl_buf_init(&tmp, 0);
    if (title) office_of(st, title, &want);
    /* the single-holder offices with evidence since the date
     * (or a successor's, which may be later) */
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "SELECT DISTINCT office FROM kb_points"
                           " WHERE (?1 IS NULL OR month >= substr(?1, 1, 7))"
                           "   AND (?2 IS NULL OR office = ?2)"
                           "   AND (?3 IS NULL OR office LIKE '%|' || ?3)"
                           " ORDER BY office",
                           -1, &q, NULL) != SQLITE_OK) {
        vl_buf_free(&want);
        vl_buf_free(&tmp);
        return vl_store_fail(st, err, "changes query");
    }
    if (since) sqlite3_bind_text(q, 1, since, -1, SQLITE_STATIC);
    if (title) sqlite3_bind_text(q, 2, (const char *)want.data, -1, SQLITE_STATIC);
    if (country) sqlite3_bind_text(q, 3, country, -1, SQLITE_STATIC);
    size_t no = 0, co = 0, nc = 0, cc = 0;
    tenures *ts = NULL;
    change *c = NULL;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *office = vl_kb_col(q, 0);
        if (country && strcmp(office_country(office), country) != 0) continue;
        ts = vl_grow(ts, &co, no + 1, sizeof *ts);
        tenures_load(db, office, NULL, &ts[no]);
        const char *off = vl_arena_strndup(&ts[no].a, office, strlen(office));
        const tenures *x = &ts[no++];
        for (size_t i = 0; i < x->n; i++) {
            const vl_tenure *t = &x->t[i];
            /* a start after another holder's tenure is an appointment; the
             * first tenure the archive shows is only a first sighting */
            if (i > 0 && (!since || on_or_before(since, t->start))) {
                c = vl_grow(c, &cc, nc + 1, sizeof *c);
                c[nc++] = (change){t->start, "start", t->key, off, x->t[i - 1].key, NULL, t};
            }
            /* a departure the text tells; one to a successor is the
             * successor's start */
            if (t->end && strcmp(t->end_cause, "successor") != 0 &&
                (!since || on_or_before(since, t->end))) {
                c = vl_grow(c, &cc, nc + 1, sizeof *c);
                c[nc++] = (change){t->end, "end", t->key, off,
                                   i + 1 < x->n ? x->t[i + 1].key : NULL, t->end_cause, t};
            }
        }
    }
    sqlite3_finalize(q);
    if (nc) qsort(c, nc, sizeof *c, change_cmp);
    json_t *a = json_array();
    /* each entry's title: its position's, one statement for all */
    sqlite3_stmt *title_q;
    if (sqlite3_prepare_v2(db, "SELECT title FROM kb_positions WHERE key = ?1 AND office = ?2",
                           -1, &title_q, NULL) != SQLITE_OK)
        title_q = NULL;
    for (size_t i = 0; i < nc && (limit <= 0 || i < (size_t)limit); i++) {
        json_t *e = json_object();
        const vl_tenure *t = c[i].t;
        json_object_set_new(e, "date", json_string(c[i].date));
        json_object_set_new(e, "type", json_string(c[i].type));
        json_object_set_new(e, "name", json_string(person_name(db, c[i].key, &tmp)));
        json_object_set_new(e, "key", json_string(c[i].key));
        if (title_q) {
            sqlite3_bind_text(title_q, 1, c[i].key, -1, SQLITE_STATIC);
            sqlite3_bind_text(title_q, 2, c[i].office, -1, SQLITE_STATIC);
            json_object_set_new(e, "title", vl_kb_jstr(sqlite3_step(title_q) == SQLITE_ROW
                                                            ? vl_kb_col(title_q, 0)
                                                            : NULL));
            sqlite3_reset(title_q);
        }
        json_object_set_new(e, "office", json_string(c[i].office));
        json_object_set_new(e, "country", json_string(office_country(c[i].office)));
        json_object_set_new(e, "status", json_string(!strcmp(c[i].type, "end") ? "former"
                                                     : t->kind == VL_TENURE_ACTING ? "acting"
                                                                                   : "current"));
        if (!strcmp(c[i].type, "start"))
            json_object_set_new(e, "predecessor",
                                json_string(person_name(db, c[i].other, &tmp)));
        else
            json_object_set_new(e, "end_cause", json_string(c[i].cause));
        json_object_set_new(e, "documents", json_integer(t->documents));
        int start = !strcmp(c[i].type, "start");
        int64_t doc = start ? t->start_doc : t->end_doc;
        json_object_set_new(e, "evidence",
                            vl_kb_evidence_docs(db, c[i].key, c[i].office, &doc, 1, !start));
        json_array_append_new(a, e);
    }
    sqlite3_finalize(title_q);
    for (size_t i = 0; i < no; i++) tenures_free(&ts[i]);
    free(ts);
    free(c);
    json_t *o = json_object();
    json_object_set_new(o, "since", vl_kb_jstr(since));
    json_object_set_new(o, "changes", a);
    *out = vl_kb_dump(o);
    vl_buf_free(&want);
    vl_buf_free(&tmp);
    return VL_OK;
}
