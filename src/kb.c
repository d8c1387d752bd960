/*
 * kb.c — the knowledge base: persons across documents, positions held,
 * change feed (store and query stages).
 *
 * Built from the facts of the store, in SQL, by key:
 *   kb_persons    one entity per folded name (after overrides), its preferred
 *                 name (the fullest written form, or the override), documents,
 *                 first and last dates
 *   kb_aliases    every written form of the name, with its document count
 *   kb_entities   organisations and places (a country's key is its ISO code),
 *                 with kb_entity_aliases, their written forms
 *   kb_positions  person x canonical office (resolve.c): the most written title,
 *                 status, whether one person holds it at a time, first and
 *                 last dates of documents that give it as current, documents
 * Overrides (data/kb_overrides.tsv, or a file given to rebuild) are kept in
 * kb_keymap (merge: one key stands for another), kb_split (a key's documents
 * from a date on are another person) and kb_prefer (preferred spelling).
 *
 *   kb_titles     per position, each title written and how often (the
 *                 position's title is the most written)
 *
 * Incremental: a stored document goes into kb_new_e; vl_kb_update counts
 * the persons, titles, organisations and places of those documents alone
 * and adds them to the old counts. Keys marked in kb_dirty (a rebuild, a
 * killed bulk load, a migration) are counted again over all their facts,
 * with the statements rebuild runs over every key. tests/cli/t_kb.sh checks
 * the result against a rebuild.
 *
 * Queries return JSON text (the shapes of DESIGN.md, "Knowledge queries"),
 * for the CLI, the JSON API and the web UI alike.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ctx.h"
#include "error.h"
#include "fold.h"
#include "kb.h"
#include "meet.h"
#include "mem.h"
#include "resolve.h"
#include "store.h"
#include "tenure.h"

/* ------------------------------------------------------------ update */

static vl_status exec(sqlite3 *db, const char *sql, vl_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        vl_status s = vl_error_set(err, VL_EDB, NULL, -1, -1, "knowledge base: %s",
                                   msg ? msg : "SQL failed");
        sqlite3_free(msg);
        return s;
    }
    return VL_OK;
}

/* The persons: the facts to count, then counted. kb_ff holds every person
 * and title fact of the keys marked in kb_dirty (their rows are counted
 * again from nothing: a rebuild marks every key) and those of the
 * documents stored since the last update (kb_new_e; the entity script
 * below empties it) for the other keys, whose rows the counts are added to:
 * the new documents were counted nowhere yet, and a person named in
 * thousands of documents is not read again for one more. One script for
 * update and rebuild: the same statements, the same result. */
static const char update_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS kb_raw(key TEXT PRIMARY KEY) WITHOUT ROWID;"
    "CREATE TEMP TABLE IF NOT EXISTS kb_ck(key TEXT PRIMARY KEY) WITHOUT ROWID;"
    "DELETE FROM kb_raw; DELETE FROM kb_ck;"
    /* the canonical keys touched, and every raw key that maps to one */
    "INSERT OR IGNORE INTO kb_ck SELECT coalesce(m.to_key, d.key) FROM kb_dirty d"
    "  LEFT JOIN kb_keymap m ON m.from_key = d.key;"
    "INSERT OR IGNORE INTO kb_ck SELECT new_key FROM kb_split WHERE key IN (SELECT key FROM kb_ck);"
    "INSERT OR IGNORE INTO kb_ck SELECT key FROM kb_split WHERE new_key IN (SELECT key FROM kb_ck);"
    "INSERT OR IGNORE INTO kb_raw SELECT key FROM kb_ck;"
    "INSERT OR IGNORE INTO kb_raw SELECT from_key FROM kb_keymap"
    "  WHERE to_key IN (SELECT key FROM kb_ck);"
    /* a fact with its date (its own, the time its sentence gives, else its
     * document's) and its canonical key (overrides) */
    "DROP VIEW IF EXISTS temp.kb_fk;"
    "CREATE TEMP VIEW kb_fk AS SELECT f.doc_id, f.kind, f.key, f.name, f.value, f.status,"
    "  f.num, f.office, coalesce(f.date, d.date) AS date, d.uid AS uid,"
    "  CASE WHEN s.new_key IS NOT NULL AND d.date >= s.since THEN s.new_key"
    "       ELSE coalesce(m.to_key, f.key) END AS ck"
    "  FROM facts f JOIN documents d ON d.id = f.doc_id"
    "  LEFT JOIN kb_keymap m ON m.from_key = f.key"
    "  LEFT JOIN kb_split s ON s.key = coalesce(m.to_key, f.key);"
    "DROP TABLE IF EXISTS temp.kb_ff;"
    "CREATE TEMP TABLE kb_ff AS SELECT doc_id, kind, name, value, status, num, office, date, ck,"
    "  uid FROM kb_fk WHERE kind IN ('person', 'title', 'departure')"
    "  AND key IN (SELECT key FROM kb_raw);"
    "INSERT INTO kb_ff SELECT f.doc_id, kind, name, value, status, num, office, date, ck, uid"
    "  FROM kb_new_e n CROSS JOIN kb_fk f ON f.doc_id = n.doc_id"
    "  WHERE f.kind IN ('person', 'title', 'departure') AND f.ck NOT IN (SELECT key FROM kb_ck);"
    "DELETE FROM kb_persons WHERE key IN (SELECT key FROM kb_ck);"
    "DELETE FROM kb_aliases WHERE key IN (SELECT key FROM kb_ck);"
    "DELETE FROM kb_positions WHERE key IN (SELECT key FROM kb_ck);"
    "DELETE FROM kb_titles WHERE key IN (SELECT key FROM kb_ck);"
    "DELETE FROM kb_points WHERE key IN (SELECT key FROM kb_ck);"
    "DELETE FROM kb_dirty;";

/* An office key without its country ("premier ministre||": the text named
 * none) takes the country of the person's other titles, the commonest
 * (then the first in byte order): Giorgia Meloni's "Première ministre" is
 * Italy's when another dispatch calls her "la Première ministre
 * italienne". So that an update finds what a rebuild does, a person is
 * counted again in full (mark_countries_sql, before update_sql) when the
 * new documents give them a title without country and they have a
 * country (known, or in those documents), or give them a country and they
 * had a title without one (kb_nocountry). A person never placed (the UN
 * secretary-general) is counted as any other. */
static const char mark_countries_sql[] =
    "WITH nf AS (SELECT coalesce((SELECT to_key FROM kb_keymap WHERE from_key = f.key), f.key)"
    "    AS ck, max(f.office LIKE '%|') AS e, max(f.office NOT LIKE '%|') AS c"
    "  FROM kb_new_e n CROSS JOIN facts f ON f.doc_id = n.doc_id"
    "  WHERE f.kind = 'title' AND f.office IS NOT NULL AND f.office <> '' GROUP BY 1)"
    "INSERT OR IGNORE INTO kb_dirty SELECT ck FROM nf"
    "  WHERE (e AND (c OR EXISTS (SELECT 1 FROM kb_positions p WHERE p.key = nf.ck"
    "    AND p.office NOT LIKE '%|' AND p.office <> '')))"
    "    OR (c AND ck IN (SELECT key FROM kb_nocountry));";

#define COUNTRY_OF(o)                                                                       \
    "substr(" o ", instr(substr(" o ", instr(" o ", '|') + 1), '|') + instr(" o ", '|') + 1)"

static const char countries_sql[] =
    "DELETE FROM kb_nocountry WHERE key IN (SELECT key FROM kb_ck);"
    "INSERT OR IGNORE INTO kb_nocountry SELECT DISTINCT ck FROM kb_ff"
    "  WHERE kind = 'title' AND office LIKE '%|';"
    "CREATE INDEX kb_ff_ck ON kb_ff(ck, kind);"
    "UPDATE kb_ff SET office = office || (SELECT c FROM (SELECT " COUNTRY_OF("g.office") " AS c,"
    "    count(*) AS n FROM kb_ff g WHERE g.ck = kb_ff.ck AND g.kind = 'title'"
    "    AND g.office NOT LIKE '%|' AND g.office <> '' GROUP BY c ORDER BY n DESC, c LIMIT 1))"
    "  WHERE kind = 'title' AND office LIKE '%|' AND EXISTS (SELECT 1 FROM kb_ff g"
    "    WHERE g.ck = kb_ff.ck AND g.kind = 'title' AND g.office NOT LIKE '%|'"
    "    AND g.office <> '');";

/* kb_ff counted and added: distinct documents add up (a new document is
 * distinct from the old), titles and points add their counts, dates take
 * the least and the greatest, a status the strongest (current, acting,
 * designate, former); names and titles are then chosen from the counts. */
static const char count_sql[] =
    "INSERT INTO kb_aliases(key, alias, count)"
    "  SELECT ck, name, count(DISTINCT doc_id) FROM kb_ff WHERE kind = 'person'"
    "  GROUP BY ck, name"
    "  ON CONFLICT(key, alias) DO UPDATE SET count = count + excluded.count;"
    "INSERT INTO kb_persons(key, name, documents, first_seen, last_seen)"
    "  SELECT ck, '', count(DISTINCT doc_id), min(date), max(date)"
    "  FROM kb_ff WHERE kind = 'person' GROUP BY ck"
    "  ON CONFLICT(key) DO UPDATE SET documents = documents + excluded.documents,"
    "    first_seen = CASE WHEN first_seen IS NULL OR excluded.first_seen < first_seen"
    "                      THEN excluded.first_seen ELSE first_seen END,"
    "    last_seen = CASE WHEN last_seen IS NULL OR excluded.last_seen > last_seen"
    "                     THEN excluded.last_seen ELSE last_seen END;"
    /* the preferred name: the override, else the fullest written form (the
     * longest, diacritics count), else the commonest */
    "UPDATE kb_persons SET name = coalesce("
    "    (SELECT name FROM kb_prefer p WHERE p.key = kb_persons.key),"
    "    (SELECT alias FROM kb_aliases a WHERE a.key = kb_persons.key"
    "     ORDER BY length(CAST(alias AS BLOB)) DESC, count DESC, alias LIMIT 1))"
    "  WHERE key IN (SELECT ck FROM kb_ff WHERE kind = 'person');"
    /* each title written for a position, counted: the most written one is
     * the position's */
    "INSERT INTO kb_titles(key, office, title, count)"
    "  SELECT ck, office, value, count(*) FROM kb_ff"
    "  WHERE kind = 'title' AND office IS NOT NULL AND office <> '' GROUP BY ck, office, value"
    "  ON CONFLICT(key, office, title) DO UPDATE SET count = count + excluded.count;"
    /* positions: dates come from documents that give the title as held */
    "INSERT INTO kb_positions(key, office, title, status, single, first_seen, last_seen,"
    "  documents)"
    "  SELECT ck, office, '',"
    "    CASE WHEN sum(status = 'current') > 0 THEN 'current'"
    "         WHEN sum(status = 'acting') > 0 THEN 'acting'"
    "         WHEN sum(status = 'designate') > 0 THEN 'designate' ELSE 'former' END,"
    "    max(num), min(CASE WHEN status <> 'former' THEN date END),"
    "    max(CASE WHEN status <> 'former' THEN date END), count(DISTINCT doc_id)"
    "  FROM kb_ff WHERE kind = 'title' AND office IS NOT NULL AND office <> ''"
    "  GROUP BY ck, office"
    "  ON CONFLICT(key, office) DO UPDATE SET"
    "    status = CASE WHEN 'current' IN (status, excluded.status) THEN 'current'"
    "                  WHEN 'acting' IN (status, excluded.status) THEN 'acting'"
    "                  WHEN 'designate' IN (status, excluded.status) THEN 'designate'"
    "                  ELSE 'former' END,"
    "    single = max(single, excluded.single),"
    "    first_seen = CASE WHEN first_seen IS NULL OR excluded.first_seen < first_seen"
    "                      THEN excluded.first_seen ELSE first_seen END,"
    "    last_seen = CASE WHEN last_seen IS NULL OR excluded.last_seen > last_seen"
    "                     THEN excluded.last_seen ELSE last_seen END,"
    "    documents = documents + excluded.documents;"
    "UPDATE kb_positions SET title ="
    "    (SELECT title FROM kb_titles t"
    "     WHERE t.key = kb_positions.key AND t.office = kb_positions.office"
    "     ORDER BY t.count DESC, length(t.title) DESC, t.title LIMIT 1)"
    "  WHERE (key, office) IN (SELECT ck, office FROM kb_ff WHERE kind = 'title');";

/* Then the points of the succession of the single-holder offices, and the
 * offices touched (a string of its own: C99 compilers need not take longer
 * ones). */
static const char points_sql[] =
    /* titles held, held ad interim, or past (VL_TENURE_*), dated to the
     * month */
    "INSERT INTO kb_points(office, key, month, kind, count, first, last, first_doc, last_doc)"
    "  SELECT office, ck, substr(date, 1, 7),"
    /* a past title in a dispatch that tells the holder left takes the
     * cause's kind (VL_TENURE_DEATH 3, RESIGNATION 4, DISMISSAL 5) */
    "    CASE status WHEN 'former' THEN coalesce((SELECT CASE x.value WHEN 'death' THEN 3"
    "      WHEN 'resignation' THEN 4 WHEN 'dismissal' THEN 5 END FROM kb_ff x"
    "      WHERE x.ck = kb_ff.ck AND x.kind = 'departure' AND x.doc_id = kb_ff.doc_id), 2)"
    "    WHEN 'acting' THEN 1 ELSE 0 END AS pk,"
    "    count(*), min(date), max(date),"
    /* the documents of the first and last dates: on a tie, the least and
     * the greatest id of the document (uid), whatever order they were
     * stored in */
    "    CAST(substr(min(date || char(1) || uid || char(1) || printf('%015d', doc_id)), -15)"
    "      AS INTEGER),"
    "    CAST(substr(max(date || char(1) || uid || char(1) || printf('%015d', doc_id)), -15)"
    "      AS INTEGER)"
    "  FROM kb_ff"
    "  WHERE kind = 'title' AND num = 1 AND office IS NOT NULL AND office <> ''"
    "    AND length(date) >= 7 GROUP BY office, ck, substr(date, 1, 7), pk"
    "  ON CONFLICT(office, key, month, kind) DO UPDATE SET count = count + excluded.count,"
    "    first_doc = CASE WHEN excluded.first < first OR (excluded.first = first AND"
    "      (SELECT uid FROM documents WHERE id = excluded.first_doc) <"
    "      (SELECT uid FROM documents WHERE id = first_doc))"
    "      THEN excluded.first_doc ELSE first_doc END,"
    "    last_doc = CASE WHEN excluded.last > last OR (excluded.last = last AND"
    "      (SELECT uid FROM documents WHERE id = excluded.last_doc) >"
    "      (SELECT uid FROM documents WHERE id = last_doc))"
    "      THEN excluded.last_doc ELSE last_doc END,"
    "    first = min(first, excluded.first), last = max(last, excluded.last);"
    /* the single-holder offices whose succession may change */
    "INSERT OR IGNORE INTO kb_touched SELECT DISTINCT office FROM kb_ff"
    "  WHERE kind = 'title' AND num = 1 AND office IS NOT NULL AND office <> '';"
    "DROP TABLE temp.kb_ff;";

/* Then the organisations and places: the new documents counted and added,
 * the keys marked dirty counted again. */
static const char update_entities_sql[] =
    /* organisations and places: one entity per key (an acronym's is its
     * expansion's, a country's its ISO code), written forms with counts.
     * The documents stored since the last update add their counts: they
     * are new, so they were counted nowhere, and "Vietnam" is not counted
     * again over every document. The keys marked dirty (a rebuild, a
     * killed bulk load) are counted again over all their facts below. */
    "DROP TABLE IF EXISTS temp.kb_ef;"
    "CREATE TEMP TABLE kb_ef AS SELECT f.kind, f.key, f.name, f.status, f.doc_id"
    "  FROM kb_new_e n CROSS JOIN facts f ON f.doc_id = n.doc_id"
    "  WHERE f.kind IN ('org', 'place')"
    "    AND NOT EXISTS (SELECT 1 FROM kb_dirty_e e WHERE e.kind = f.kind AND e.key = f.key);"
    "INSERT INTO kb_entity_aliases(kind, key, alias, count)"
    "  SELECT kind, key, name, count(DISTINCT doc_id) FROM kb_ef WHERE true"
    "  GROUP BY kind, key, name"
    "  ON CONFLICT(kind, key, alias) DO UPDATE SET count = count + excluded.count;"
    "INSERT INTO kb_entities(kind, key, name, country, documents)"
    "  SELECT kind, key, '', max(CASE WHEN kind = 'place' THEN status END),"
    "    count(DISTINCT doc_id) FROM kb_ef WHERE true GROUP BY kind, key"
    "  ON CONFLICT(kind, key) DO UPDATE SET documents = documents + excluded.documents,"
    "    country = CASE WHEN country IS NULL OR excluded.country > country"
    "                   THEN excluded.country ELSE country END;"
    "UPDATE kb_entities SET name ="
    "    (SELECT alias FROM kb_entity_aliases a"
    "     WHERE a.kind = kb_entities.kind AND a.key = kb_entities.key"
    "     ORDER BY a.count DESC, length(CAST(a.alias AS BLOB)) DESC, a.alias LIMIT 1)"
    "  WHERE (kind, key) IN (SELECT kind, key FROM kb_ef);"
    "DROP TABLE temp.kb_ef;"
    "DELETE FROM kb_new_e;"
    "DELETE FROM kb_entities WHERE (kind, key) IN (SELECT kind, key FROM kb_dirty_e);"
    "DELETE FROM kb_entity_aliases WHERE (kind, key) IN (SELECT kind, key FROM kb_dirty_e);"
    "INSERT INTO kb_entity_aliases(kind, key, alias, count)"
    "  SELECT f.kind, f.key, f.name, count(DISTINCT f.doc_id) FROM facts f"
    "  WHERE (f.kind, f.key) IN (SELECT kind, key FROM kb_dirty_e) GROUP BY f.kind, f.key, f.name;"
    "INSERT INTO kb_entities(kind, key, name, country, documents)"
    "  SELECT f.kind, f.key,"
    "    (SELECT alias FROM kb_entity_aliases a WHERE a.kind = f.kind AND a.key = f.key"
    "     ORDER BY a.count DESC, length(CAST(a.alias AS BLOB)) DESC, a.alias LIMIT 1),"
    "    max(CASE WHEN f.kind = 'place' THEN f.status END), count(DISTINCT f.doc_id)"
    "  FROM facts f WHERE (f.kind, f.key) IN (SELECT kind, key FROM kb_dirty_e)"
    "  GROUP BY f.kind, f.key;"
    "DELETE FROM kb_dirty_e;";

/* ------------------------------------------------------- succession */

/* A single-holder office has an order of succession: a
 * document that gives the office to A inside the tenure of B (B named with
 * it before and after, within two years, in more documents than A) is a
 * reference to the past or an error, not a holding: "le Président Hô Chi
 * Minh" in 2023. Each holder's first and last dates keep only uncontested
 * documents. Computed from the facts of the whole office, so an update and
 * a rebuild agree. */

vl_status vl_kb_date_range(const char *from, const char *to, vl_error *err)
{
    const char *bad = from && !vl_date_valid(from) ? from : to && !vl_date_valid(to) ? to : NULL;
    return bad ? vl_error_set(err, VL_EUSAGE, NULL, -1, -1,
                              "bad date '%s' (YYYY, YYYY-MM or YYYY-MM-DD)", bad)
               : VL_OK;
}

vl_status vl_kb_undated(sqlite3 *db, const char *office, vl_error *err)
{
#define UNDATED(WHERE)                                                                      \
    "UPDATE kb_positions SET first_seen = NULL, last_seen = NULL"                           \
    " WHERE " WHERE " single = 1 AND first_seen IS NOT NULL AND NOT EXISTS"                 \
    " (SELECT 1 FROM kb_points p WHERE p.office = kb_positions.office"                      \
    "  AND p.key = kb_positions.key AND p.kind < ?2)"
    sqlite3_stmt *z;
    /* one office through the index by office, or all */
    if (sqlite3_prepare_v2(db, office ? UNDATED("office = ?1 AND") : UNDATED(""), -1, &z, NULL) !=
        SQLITE_OK)
        return vl_error_set(err, VL_EDB, NULL, -1, -1, "succession: %s", sqlite3_errmsg(db));
#undef UNDATED
    if (office) sqlite3_bind_text(z, 1, office, -1, SQLITE_STATIC);
    sqlite3_bind_int(z, 2, VL_TENURE_FORMER);
    int rc = sqlite3_step(z);
    sqlite3_finalize(z);
    return rc == SQLITE_DONE
               ? VL_OK
               : vl_error_set(err, VL_EDB, NULL, -1, -1, "succession: %s", sqlite3_errmsg(db));
}

/* The tenures of an office written into kb_tenures, in place of its old
 * ones. */
static vl_status write_tenures(sqlite3 *db, const char *office, const vl_tenure *t, size_t n,
                               vl_error *err)
{
    sqlite3_stmt *d, *q;
    if (sqlite3_prepare_v2(db, "DELETE FROM kb_tenures WHERE office = ?1", -1, &d, NULL) !=
        SQLITE_OK)
        return vl_error_set(err, VL_EDB, NULL, -1, -1, "tenures: %s", sqlite3_errmsg(db));
    sqlite3_bind_text(d, 1, office, -1, SQLITE_STATIC);
    int rc = sqlite3_step(d);
    sqlite3_finalize(d);
    if (rc != SQLITE_DONE ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO kb_tenures(office, start, key, kind, seq, last_seen,"
                           " ended, end_cause, documents, start_doc, last_doc, end_doc)"
                           " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                           -1, &q, NULL) != SQLITE_OK)
        return vl_error_set(err, VL_EDB, NULL, -1, -1, "tenures: %s", sqlite3_errmsg(db));
    vl_status st = VL_OK;
    for (size_t i = 0; i < n && !st; i++) {
        sqlite3_bind_text(q, 1, office, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, t[i].start, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, t[i].key, -1, SQLITE_STATIC);
        sqlite3_bind_int(q, 4, t[i].kind);
        sqlite3_bind_int(q, 5, t[i].seq);
        sqlite3_bind_text(q, 6, t[i].last_seen, -1, SQLITE_STATIC);
        if (t[i].end) sqlite3_bind_text(q, 7, t[i].end, -1, SQLITE_STATIC);
        else sqlite3_bind_null(q, 7);
        if (t[i].end_cause) sqlite3_bind_text(q, 8, t[i].end_cause, -1, SQLITE_STATIC);
        else sqlite3_bind_null(q, 8);
        sqlite3_bind_int64(q, 9, t[i].documents);
        sqlite3_bind_int64(q, 10, t[i].start_doc);
        sqlite3_bind_int64(q, 11, t[i].last_doc);
        sqlite3_bind_int64(q, 12, t[i].end_doc);
        if (sqlite3_step(q) != SQLITE_DONE)
            st = vl_error_set(err, VL_EDB, NULL, -1, -1, "tenures: %s", sqlite3_errmsg(db));
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    return st;
}

/* Settles one office from its points (vl_kb_settle_office): its tenures
 * (tenure.c) into kb_tenures, and each holder's first and last evidence
 * are those of its tenures, which leave out the points other holders'
 * evidence contests. */
vl_status vl_kb_settle_office(sqlite3 *db, const char *office, const vl_kb_point *pt, size_t n,
                              vl_error *err)
{
    vl_status undated = vl_kb_undated(db, office, err);
    if (undated) return undated;
    /* an office without its country ("president|republique|": the text
     * named none) holds the presidents of many countries: no succession */
    size_t ol = strlen(office);
    if (ol && office[ol - 1] == '|') return write_tenures(db, office, NULL, 0, err);
    vl_tenure *t;
    size_t nt = vl_tenures(pt, n, &t);
    vl_status st = write_tenures(db, office, t, nt, err);
    /* one holder: nothing contests its points, its dates stand */
    size_t holders = 0;
    const char *seen = NULL;
    for (size_t i = 0; i < n && holders < 2; i++)
        if (pt[i].kind < VL_TENURE_FORMER && (!seen || strcmp(pt[i].ck, seen) != 0)) {
            seen = pt[i].ck;
            holders++;
        }
    sqlite3_stmt *u = NULL;
    if (!st && holders >= 2 &&
        sqlite3_prepare_v2(db, "UPDATE kb_positions SET first_seen = ?3, last_seen = ?4"
                               " WHERE key = ?1 AND office = ?2", -1, &u, NULL) != SQLITE_OK)
        st = vl_error_set(err, VL_EDB, NULL, -1, -1, "succession: %s", sqlite3_errmsg(db));
    /* each holder of the points once, in key order (the points' order) */
    for (size_t i = 0; u && i < n && !st; i++) {
        if (i && !strcmp(pt[i].ck, pt[i - 1].ck)) continue;
        const char *first = NULL, *last = NULL;
        for (size_t k = 0; k < nt; k++) {
            if (strcmp(t[k].key, pt[i].ck) != 0) continue;
            if (!first || strcmp(t[k].start, first) < 0) first = t[k].start;
            if (!last || strcmp(t[k].last_seen, last) > 0) last = t[k].last_seen;
        }
        sqlite3_bind_text(u, 1, pt[i].ck, -1, SQLITE_STATIC);
        sqlite3_bind_text(u, 2, office, -1, SQLITE_STATIC);
        if (first) sqlite3_bind_text(u, 3, first, -1, SQLITE_STATIC);
        else sqlite3_bind_null(u, 3);
        if (last) sqlite3_bind_text(u, 4, last, -1, SQLITE_STATIC);
        else sqlite3_bind_null(u, 4);
        if (sqlite3_step(u) != SQLITE_DONE)
            st = vl_error_set(err, VL_EDB, NULL, -1, -1, "succession: %s", sqlite3_errmsg(db));
        sqlite3_reset(u);
        sqlite3_clear_bindings(u);
    }
    sqlite3_finalize(u);
    free(t);
    return st;
}

size_t vl_kb_points(sqlite3 *db, const char *office, vl_arena *a, vl_kb_point **out)
{
    *out = NULL;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "SELECT key, first, last, count, kind, first_doc, last_doc"
                           " FROM kb_points"
                           " WHERE office = ?1 ORDER BY key, first, kind",
                           -1, &q, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(q, 1, office, -1, SQLITE_STATIC);
    vl_kb_point *pt = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(q, 0);
        const char *f = (const char *)sqlite3_column_text(q, 1);
        const char *l = (const char *)sqlite3_column_text(q, 2);
        if (!k || !f || !l) continue;
        pt = vl_grow(pt, &cap, n + 1, sizeof *pt);
        pt[n].ck = vl_arena_strndup(a, k, strlen(k));
        pt[n].first = vl_arena_strndup(a, f, strlen(f));
        pt[n].last = vl_arena_strndup(a, l, strlen(l));
        pt[n].count = (long)sqlite3_column_int64(q, 3);
        pt[n].kind = sqlite3_column_int(q, 4);
        pt[n].first_doc = sqlite3_column_int64(q, 5);
        pt[n].last_doc = sqlite3_column_int64(q, 6);
        n++;
    }
    sqlite3_finalize(q);
    *out = pt;
    return n;
}

/* One office's points, kept in kb_points: a holder's title facts of one
 * month and kind (count, first and last dates). */
static vl_status succession(sqlite3 *db, const char *office, vl_error *err)
{
    vl_arena a = {0};
    vl_kb_point *pt;
    size_t n = vl_kb_points(db, office, &a, &pt);
    vl_status s = vl_kb_settle_office(db, office, pt, n, err);
    free(pt);
    vl_arena_free(&a);
    return s;
}

vl_status vl_kb_update_persons(vl_store *st, vl_error *err)
{
    vl_status s = exec(vl_store_db(st), mark_countries_sql, err);
    if (!s) s = exec(vl_store_db(st), update_sql, err);
    if (!s) s = exec(vl_store_db(st), countries_sql, err);
    if (!s) s = exec(vl_store_db(st), count_sql, err);
    if (!s) s = exec(vl_store_db(st), points_sql, err);
    return s ? s : exec(vl_store_db(st), update_entities_sql, err);
}

vl_status vl_kb_succession(vl_store *st, vl_error *err)
{
    sqlite3 *db = vl_store_db(st);
    vl_status s = VL_OK;
    /* the succession of every office touched since it was last settled */
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT office FROM kb_touched ORDER BY office", -1, &q, NULL) !=
        SQLITE_OK)
        return vl_store_fail(st, err, "succession");
    char **offices = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        offices = vl_grow(offices, &cap, n + 1, sizeof *offices);
        offices[n++] = vl_strdup((const char *)sqlite3_column_text(q, 0));
    }
    sqlite3_finalize(q);
    for (size_t i = 0; i < n; i++) {
        if (!s) s = succession(db, offices[i], err);
        free(offices[i]);
    }
    free(offices);
    if (!s) s = exec(db, "DELETE FROM kb_touched", err);
    return s;
}

vl_status vl_kb_finish_bulk(vl_store *st, vl_error *err)
{
    vl_status s = exec(vl_store_db(st),
                       "INSERT OR IGNORE INTO kb_nocountry SELECT DISTINCT key FROM kb_positions"
                       " WHERE office LIKE '%|';"
                       "INSERT OR IGNORE INTO kb_dirty SELECT DISTINCT key FROM kb_positions p"
                       " WHERE office LIKE '%|' AND EXISTS (SELECT 1 FROM kb_positions q"
                       "   WHERE q.key = p.key AND q.office NOT LIKE '%|' AND q.office <> '')",
                       err);
    return s ? s : vl_kb_update(st, err);
}

vl_status vl_kb_update(vl_store *st, vl_error *err)
{
    vl_status s = vl_kb_update_persons(st, err);
    return s ? s : vl_kb_succession(st, err);
}

/* A name of data/person_aliases.tsv as a merge into the name it stands for,
 * unless an override merges it already. */
static void alias_merge(const char *alias, size_t n, const char *name, void *arg)
{
    sqlite3_stmt *q = arg;
    sqlite3_bind_text(q, 1, alias, (int)n, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, name, -1, SQLITE_STATIC);
    sqlite3_step(q);
    sqlite3_reset(q);
}

/* The other names of persons (data/person_aliases.tsv: "putin", "vladimir
 * putin" for "vladimir poutine") as merges: across dispatches, one entity. */
static vl_status alias_merges(vl_store *st, vl_error *err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(vl_store_db(st), "INSERT OR IGNORE INTO kb_keymap VALUES(?1, ?2)", -1,
                           &q, NULL) != SQLITE_OK)
        return vl_store_fail(st, err, "aliases");
    vl_strmap_each(&vl_store_ctx(st)->person_aliases, alias_merge, q);
    sqlite3_finalize(q);
    return VL_OK;
}

static vl_status load_override_file(vl_store *st, const char *path, vl_error *err);

/* The overrides of path (none: NULL), then the aliases of the data. */
static vl_status load_overrides(vl_store *st, const char *path, vl_error *err)
{
    vl_status s = load_override_file(st, path, err);
    return s ? s : alias_merges(st, err);
}

/* Reads an overrides file into kb_keymap, kb_split and kb_prefer:
 *   merge<TAB>NAME<TAB>NAME   the first person is the second
 *   split<TAB>NAME<TAB>DATE<TAB>NEW NAME   from DATE on, NAME is another person
 *   prefer<TAB>NAME<TAB>SPELLING   the preferred spelling of NAME
 * Names are folded. A missing file is no override. */
static vl_status load_override_file(vl_store *st, const char *path, vl_error *err)
{
    sqlite3 *db = vl_store_db(st);
    const vl_ctx *ctx = vl_store_ctx(st);
    vl_status s = exec(db, "DELETE FROM kb_keymap; DELETE FROM kb_split; DELETE FROM kb_prefer;",
                       err);
    if (s || !path) return s;
    FILE *f = fopen(path, "r");
    if (!f) return VL_OK;
    sqlite3_stmt *q[3] = {NULL, NULL, NULL};
    sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO kb_keymap VALUES(?1, ?2)", -1, &q[0], NULL);
    sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO kb_split VALUES(?1, ?2, ?3)", -1, &q[1], NULL);
    sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO kb_prefer VALUES(?1, ?2)", -1, &q[2], NULL);
    char line[1024];
    long lineno = 0;
    while (!s && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0] || line[0] == '#') continue;
        char *field[4] = {line, NULL, NULL, NULL};
        int nf = 1;
        for (char *c = line; *c && nf < 4; c++)
            if (*c == '\t') {
                *c = 0;
                field[nf++] = c + 1;
            }
        vl_buf a, b;
        vl_buf_init(&a, 0);
        vl_buf_init(&b, 0);
        int which = !strcmp(field[0], "merge") ? 0 : !strcmp(field[0], "split") ? 1
                    : !strcmp(field[0], "prefer")                            ? 2
                                                                             : -1;
        int need = which == 1 ? 4 : 3;
        if (which < 0 || nf < need) {
            s = vl_error_set(err, VL_EDATA, path, -1, lineno,
                             "%s:%ld: expected merge, split or prefer with its fields", path,
                             lineno);
        } else {
            vl_fold_str(&ctx->fold, field[1], strlen(field[1]), &a);
            sqlite3_stmt *qq = q[which];
            sqlite3_bind_text(qq, 1, a.data ? (const char *)a.data : "", (int)a.len, SQLITE_STATIC);
            if (which == 0) {
                vl_fold_str(&ctx->fold, field[2], strlen(field[2]), &b);
                sqlite3_bind_text(qq, 2, b.data ? (const char *)b.data : "", (int)b.len,
                                  SQLITE_STATIC);
            } else if (which == 1) {
                vl_fold_str(&ctx->fold, field[3], strlen(field[3]), &b);
                sqlite3_bind_text(qq, 2, field[2], -1, SQLITE_STATIC);
                sqlite3_bind_text(qq, 3, b.data ? (const char *)b.data : "", (int)b.len,
                                  SQLITE_STATIC);
            } else {
                sqlite3_bind_text(qq, 2, field[2], -1, SQLITE_STATIC);
            }
            if (sqlite3_step(qq) != SQLITE_DONE) s = vl_store_fail(st, err, "overrides");
            sqlite3_reset(qq);
            sqlite3_clear_bindings(qq);
        }
        vl_buf_free(&a);
        vl_buf_free(&b);
    }
    fclose(f);
    for (int i = 0; i < 3; i++) sqlite3_finalize(q[i]);
    return s;
}

vl_status vl_kb_init_overrides(vl_store *st, vl_error *err)
{
    sqlite3 *db = vl_store_db(st);
    sqlite3_stmt *q;
    int empty = 1;
    if (sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM kb_persons) +"
                               " (SELECT count(*) FROM kb_keymap) + (SELECT count(*) FROM kb_prefer)"
                               " + (SELECT count(*) FROM kb_split)", -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW) empty = sqlite3_column_int64(q, 0) == 0;
        sqlite3_finalize(q);
    }
    if (!empty) return VL_OK;
    char path[1100];
    snprintf(path, sizeof path, "%s/kb_overrides.tsv", vl_store_ctx(st)->data_dir);
    return load_overrides(st, path, err);
}

vl_status vl_kb_clear(vl_store *st, vl_error *err)
{
    return exec(vl_store_db(st),
                "DELETE FROM kb_persons; DELETE FROM kb_aliases; DELETE FROM kb_positions;"
                "DELETE FROM kb_titles; DELETE FROM kb_points; DELETE FROM kb_tenures;"
                "DELETE FROM kb_nocountry;"
                "DELETE FROM kb_entities; DELETE FROM kb_entity_aliases;"
                "DELETE FROM kb_dirty; DELETE FROM kb_dirty_e; DELETE FROM kb_new_e;",
                err);
}

vl_status vl_kb_rebuild(vl_store *st, const char *overrides, vl_error *err)
{
    vl_status s = vl_store_begin_write(st, err);
    if (s) return s;
    s = load_overrides(st, overrides, err);
    if (!s) s = vl_kb_clear(st, err);
    if (!s) s = vl_store_mark_all(st, err);
    if (!s) s = vl_kb_update(st, err);
    /* the events, read again from the stored documents */
    if (!s) s = vl_store_fill_events(st, err);
    /* and the full-text index, for stems changed since (stem_overrides.tsv) */
    if (!s) s = vl_store_reindex(st, err);
    if (s) {
        vl_store_rollback(st, NULL);
        return s;
    }
    return vl_store_commit(st, err);
}

/* ----------------------------------------------------------- queries */

const char *vl_kb_col(sqlite3_stmt *q, int i)
{
    return (const char *)sqlite3_column_text(q, i);
}

json_t *vl_kb_jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

void vl_kb_set_cols(json_t *o, sqlite3_stmt *q, int first, const char *names)
{
    char name[64];
    for (int col = first; *names; col++) {
        size_t n = strcspn(names, " ");
        if (n < sizeof name && !(n == 1 && names[0] == '-')) {
            memcpy(name, names, n);
            name[n] = 0;
            json_object_set_new(o, name, vl_kb_jstr(vl_kb_col(q, col)));
        }
        names += n;
        while (*names == ' ') names++;
    }
}

char *vl_kb_dump(json_t *o)
{
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s) abort();
    return s;
}


static void fold_to(const vl_ctx *ctx, const char *s, vl_buf *out)
{
    vl_buf_reset(out);
    vl_fold_str(&ctx->fold, s, strlen(s), out);
}

/* The end of the header line " date YYYY-MM[-DD]" that opens a stored
 * text (it may run on into the title), or 0. */
static size_t header_end(const char *text, size_t len)
{
    static const char tag[] = " date ";
    size_t n = sizeof tag - 1, i = n;
    if (len <= n || memcmp(text, tag, n) != 0) return 0;
    while (i < len && ((text[i] >= '0' && text[i] <= '9') || text[i] == '-')) i++;
    while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r')) i++;
    return i;
}

/* The sentence of text around bytes [s, e): from the end of the sentence
 * before to the end of this one, at most 300 bytes on each side of the
 * mention, cut between words with an ellipsis; never the header line. */
static json_t *sentence(const char *text, size_t len, size_t s, size_t e)
{
    enum { SIDE = 300 };
    if (!text || s > len || e > len || s > e) return json_null();
    size_t a = s, b = e, head = header_end(text, len);
    while (a > head && s - a < SIDE && text[a - 1] != '\n' &&
           !(a >= 2 && (text[a - 2] == '.' || text[a - 2] == '!' || text[a - 2] == '?') &&
             text[a - 1] == ' '))
        a--;
    while (b < len && b - e < SIDE && text[b] != '\n' &&
           !(text[b] == '.' && (b + 1 == len || text[b + 1] == ' ' || text[b + 1] == '\n')))
        b++;
    if (b < len && text[b] == '.') b++;
    /* a side cut short starts or ends between words */
    int cut_a = s - a >= SIDE && a > head, cut_b = b - e >= SIDE && b < len;
    if (cut_a) {
        size_t w = a;
        while (w < s && text[w] != ' ') w++;
        if (w < s) a = w + 1;
    }
    if (cut_b) {
        size_t w = b;
        while (w > e && text[w - 1] != ' ') w--;
        if (w > e) b = w - 1;
    }
    /* do not cut a UTF-8 sequence */
    while (a < s && ((unsigned char)text[a] & 0xC0) == 0x80) a++;
    while (b > e && b < len && ((unsigned char)text[b] & 0xC0) == 0x80) b--;
    vl_buf out;
    vl_buf_init(&out, 0);
    if (cut_a) vl_buf_adds(&out, "…");
    vl_buf_add(&out, text + a, b - a);
    if (cut_b) vl_buf_adds(&out, "…");
    json_t *j = json_stringn(out.data ? (const char *)out.data : "", out.len);
    vl_buf_free(&out);
    return j;
}

static json_t *evidence_row(sqlite3_stmt *q)
{
    json_t *e = json_object();
    json_object_set_new(e, "id", vl_kb_jstr(vl_kb_col(q, 0)));
    json_object_set_new(e, "date", vl_kb_jstr(vl_kb_col(q, 1)));
    json_object_set_new(e, "source", vl_kb_jstr(vl_kb_col(q, 2)));
    json_object_set_new(e, "sentence",
                        sentence(vl_kb_col(q, 3), (size_t)sqlite3_column_bytes(q, 3),
                                 (size_t)sqlite3_column_int64(q, 4),
                                 (size_t)sqlite3_column_int64(q, 5)));
    return e;
}

json_t *vl_kb_evidence_docs(sqlite3 *db, const char *key, const char *office,
                            const int64_t *docs, size_t n, int former)
{
    json_t *a = json_array();
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "SELECT d.uid, coalesce(f.date, d.date), d.source, d.text, f.start,"
                           " f.end FROM facts f JOIN documents d ON d.id = f.doc_id"
                           " WHERE f.doc_id = ?3 AND f.kind = 'title' AND f.office IN (?2, ?5)"
                           "   AND (f.key = ?1 OR f.key IN"
                           "     (SELECT from_key FROM kb_keymap WHERE to_key = ?1))"
                           "   AND (coalesce(f.status, '') = 'former') = ?4"
                           " ORDER BY f.start LIMIT 1",
                           -1, &q, NULL) != SQLITE_OK)
        return a;
    /* the office as the facts may hold it: without the country the
     * knowledge base gave it (countries_sql) */
    size_t bare = strlen(office);
    while (bare && office[bare - 1] != '|') bare--;
    for (size_t i = 0; i < n; i++) {
        if (docs[i] <= 0 || (i && docs[i] == docs[i - 1])) continue;
        sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, office, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, office, (int)bare, SQLITE_STATIC);
        sqlite3_bind_int64(q, 3, docs[i]);
        sqlite3_bind_int(q, 4, former);
        if (sqlite3_step(q) == SQLITE_ROW) json_array_append_new(a, evidence_row(q));
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    return a;
}

json_t *vl_kb_evidence(sqlite3 *db, const char *key, const char *office, int max)
{
    json_t *a = json_array();
    sqlite3_stmt *q;
    const char *sql =
        office ? "SELECT d.uid, d.date, d.source, d.text, f.start, f.end"
                 " FROM facts f"
                 " JOIN documents d ON d.id = f.doc_id"
                 " WHERE f.kind = 'title' AND f.office = ?2 AND f.key = ?1"
                 " ORDER BY f.doc_id DESC LIMIT ?3"
               : "SELECT d.uid, d.date, d.source, d.text, f.start, f.end FROM facts f"
                 " JOIN documents d ON d.id = f.doc_id"
                 " WHERE f.kind = 'person' AND f.key = ?1" /* an index range, newest first */
                 " ORDER BY f.doc_id DESC LIMIT ?3";
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) return a;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    if (office) sqlite3_bind_text(q, 2, office, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 3, max);
    while (sqlite3_step(q) == SQLITE_ROW) json_array_append_new(a, evidence_row(q));
    sqlite3_finalize(q);
    return a;
}

/* The person key a name stands for: the folded name itself, a written form,
 * else the entity whose key holds every word, the most documented first.
 * Writes into key; returns 0 when nobody matches. */
int vl_kb_find_person(vl_store *st, const char *name, vl_buf *key)
{
    sqlite3 *db = vl_store_db(st);
    vl_buf f;
    vl_buf_init(&f, 4096);
    fold_to(vl_store_ctx(st), name, &f);
    const char *k = f.data ? (const char *)f.data : "";
    static const char *const sql[] = {
        "SELECT key FROM kb_persons WHERE key = ?1",
        "SELECT coalesce(m.to_key, ?1) FROM kb_keymap m WHERE m.from_key = ?1",
        "SELECT a.key FROM kb_aliases a JOIN kb_persons p ON p.key = a.key"
        " WHERE a.alias = ?2 ORDER BY p.documents DESC LIMIT 1",
        "SELECT key FROM kb_persons WHERE (' ' || key || ' ') LIKE ('% ' || replace(?1, ' ', ' % ') || ' %')"
        " ORDER BY documents DESC LIMIT 1",
    };
    int found = 0;
    for (size_t i = 0; i < sizeof sql / sizeof sql[0] && !found; i++) {
        sqlite3_stmt *q;
        if (sqlite3_prepare_v2(db, sql[i], -1, &q, NULL) != SQLITE_OK) continue;
        sqlite3_bind_text(q, 1, k, -1, SQLITE_STATIC);
        if (sqlite3_bind_parameter_count(q) >= 2) sqlite3_bind_text(q, 2, name, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW && vl_kb_col(q, 0)) {
            vl_buf_reset(key);
            vl_buf_adds(key, vl_kb_col(q, 0));
            found = 1;
        }
        sqlite3_finalize(q);
    }
    vl_buf_free(&f);
    return found;
}

/* When name is no person's key, merge or written form, and more than one
 * person's key holds every one of its words ("Giang"): those persons, the
 * most documented first (at most MAX_CANDIDATES), as {"query","candidates":
 * [{"name","key","documents"}]} in *out, and VL_ENOTFOUND saying so. Else
 * VL_OK and *out untouched. */
static vl_status ambiguous(vl_store *st, const char *name, char **out, vl_error *err)
{
    enum { MAX_CANDIDATES = 20 };
    sqlite3 *db = vl_store_db(st);
    vl_buf f;
    vl_buf_init(&f, 4096);
    fold_to(vl_store_ctx(st), name, &f);
    const char *k = f.data ? (const char *)f.data : "";
    sqlite3_stmt *q;
    vl_status s = VL_OK;
    if (sqlite3_prepare_v2(
            db,
            "SELECT key, name, documents FROM kb_persons"
            " WHERE NOT EXISTS (SELECT 1 FROM kb_persons WHERE key = ?1)"
            "   AND NOT EXISTS (SELECT 1 FROM kb_keymap WHERE from_key = ?1)"
            "   AND NOT EXISTS (SELECT 1 FROM kb_aliases WHERE alias = ?2)"
            "   AND (' ' || key || ' ') LIKE ('% ' || replace(?1, ' ', ' % ') || ' %')"
            " ORDER BY documents DESC, key LIMIT ?3",
            -1, &q, NULL) != SQLITE_OK) {
        vl_buf_free(&f);
        return VL_OK;
    }
    sqlite3_bind_text(q, 1, k, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 3, MAX_CANDIDATES);
    json_t *list = json_array();
    while (sqlite3_step(q) == SQLITE_ROW) {
        json_t *c = json_object();
        vl_kb_set_cols(c, q, 0, "key name");
        json_object_set_new(c, "documents", json_integer(sqlite3_column_int64(q, 2)));
        json_array_append_new(list, c);
    }
    sqlite3_finalize(q);
    vl_buf_free(&f);
    if (json_array_size(list) < 2) {
        json_decref(list);
        return VL_OK;
    }
    size_t n = json_array_size(list);
    json_t *o = json_object();
    json_object_set_new(o, "query", json_string(name));
    json_object_set_new(o, "candidates", list);
    *out = vl_kb_dump(o);
    s = vl_error_set(err, VL_ENOTFOUND, NULL, -1, -1,
                     "'%s' names %s%zu persons: give a fuller name", name,
                     n == MAX_CANDIDATES ? "at least " : "", n);
    return s;
}

vl_status vl_kb_person(vl_store *st, const char *name, char **out, vl_error *err)
{
    sqlite3 *db = vl_store_db(st);
    vl_buf key;
    vl_buf_init(&key, 0);
    vl_status amb = ambiguous(st, name, out, err);
    if (amb) {
        vl_buf_free(&key);
        return amb;
    }
    if (!vl_kb_find_person(st, name, &key)) {
        vl_buf_free(&key);
        return vl_error_set(err, VL_ENOTFOUND, NULL, -1, -1, "no person named '%s'", name);
    }
    const char *k = (const char *)key.data;
    json_t *o = json_object(), *variants = json_array();
    sqlite3_stmt *q;
    sqlite3_prepare_v2(db, "SELECT name, documents, first_seen, last_seen FROM kb_persons"
                           " WHERE key = ?1", -1, &q, NULL);
    sqlite3_bind_text(q, 1, k, -1, SQLITE_STATIC);
    int64_t docs = 0;
    if (sqlite3_step(q) == SQLITE_ROW) {
        json_object_set_new(o, "name", vl_kb_jstr(vl_kb_col(q, 0)));
        docs = sqlite3_column_int64(q, 1);
    }
    sqlite3_finalize(q);
    json_object_set_new(o, "key", json_string(k));
    sqlite3_prepare_v2(db, "SELECT alias, count FROM kb_aliases WHERE key = ?1"
                           " ORDER BY count DESC, alias", -1, &q, NULL);
    sqlite3_bind_text(q, 1, k, -1, SQLITE_STATIC);
    while (sqlite3_step(q) == SQLITE_ROW) {
        json_t *v = json_object();
        json_object_set_new(v, "name", vl_kb_jstr(vl_kb_col(q, 0)));
        json_object_set_new(v, "documents", json_integer(sqlite3_column_int64(q, 1)));
        json_array_append_new(variants, v);
    }
    sqlite3_finalize(q);
    json_object_set_new(o, "variants", variants);
    json_object_set_new(o, "positions", vl_office_positions(db, k));
    json_object_set_new(o, "documents", json_integer(docs));
    json_object_set_new(o, "evidence", vl_kb_evidence(db, k, NULL, 3));
    json_object_set_new(o, "meetings", vl_meet_recent(db, k, 5));
    *out = vl_kb_dump(o);
    vl_buf_free(&key);
    return VL_OK;
}

vl_status vl_kb_persons(vl_store *st, int limit, char **out, vl_error *err)
{
    sqlite3 *db = vl_store_db(st);
    sqlite3_stmt *q, *v;
    if (sqlite3_prepare_v2(db, "SELECT key, name, documents, first_seen, last_seen"
                               " FROM kb_persons ORDER BY documents DESC, key LIMIT ?1",
                           -1, &q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT alias FROM kb_aliases WHERE key = ?1"
                               " ORDER BY count DESC, alias", -1, &v, NULL) != SQLITE_OK)
        return vl_store_fail(st, err, "persons query");
    sqlite3_bind_int(q, 1, limit > 0 ? limit : -1);
    json_t *a = json_array();
    while (sqlite3_step(q) == SQLITE_ROW) {
        json_t *p = json_object(), *vars = json_array();
        json_object_set_new(p, "name", vl_kb_jstr(vl_kb_col(q, 1)));
        json_object_set_new(p, "key", vl_kb_jstr(vl_kb_col(q, 0)));
        sqlite3_bind_text(v, 1, vl_kb_col(q, 0), -1, SQLITE_TRANSIENT);
        while (sqlite3_step(v) == SQLITE_ROW) json_array_append_new(vars, vl_kb_jstr(vl_kb_col(v, 0)));
        sqlite3_reset(v);
        json_object_set_new(p, "variants", vars);
        json_object_set_new(p, "documents", json_integer(sqlite3_column_int64(q, 2)));
        json_object_set_new(p, "first_seen", vl_kb_jstr(vl_kb_col(q, 3)));
        json_object_set_new(p, "last_seen", vl_kb_jstr(vl_kb_col(q, 4)));
        json_array_append_new(a, p);
    }
    sqlite3_finalize(q);
    sqlite3_finalize(v);
    json_t *o = json_object();
    json_object_set_new(o, "persons", a);
    *out = vl_kb_dump(o);
    return VL_OK;
}

/* Counted over the person's 2,000 most recently stored documents at most, so
 * that the answer stays fast for the most named. */
vl_status vl_kb_related(vl_store *st, const char *name, int limit, char **out, vl_error *err)
{
    sqlite3 *db = vl_store_db(st);
    vl_buf key;
    vl_buf_init(&key, 0);
    vl_status amb = ambiguous(st, name, out, err);
    if (amb) {
        vl_buf_free(&key);
        return amb;
    }
    if (!vl_kb_find_person(st, name, &key)) {
        vl_buf_free(&key);
        return vl_error_set(err, VL_ENOTFOUND, NULL, -1, -1, "no person named '%s'", name);
    }
    const char *k = (const char *)key.data;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            db,
            "WITH docs AS (SELECT DISTINCT f.doc_id FROM facts f"
            "  WHERE f.kind = 'person' AND f.key IN"
            "   (SELECT ?1 UNION SELECT from_key FROM kb_keymap WHERE to_key = ?1)"
            "  ORDER BY f.doc_id DESC LIMIT 2000)"
            " SELECT f.kind, coalesce(m.to_key, f.key) AS k,"
            "  coalesce((SELECT name FROM kb_persons WHERE f.kind = 'person'"
            "            AND key = coalesce(m.to_key, f.key)),"
            "           (SELECT name FROM kb_entities e WHERE e.kind = f.kind AND e.key = f.key),"
            "           max(f.name)), count(DISTINCT f.doc_id) AS n"
            " FROM facts f LEFT JOIN kb_keymap m ON m.from_key = f.key"
            " WHERE f.doc_id IN (SELECT doc_id FROM docs) AND f.kind IN ('person','org','place')"
            "  AND NOT (f.kind = 'person' AND coalesce(m.to_key, f.key) = ?1)"
            " GROUP BY f.kind, k ORDER BY n DESC, k",
            -1, &q, NULL) != SQLITE_OK) {
        vl_buf_free(&key);
        return vl_store_fail(st, err, "related query");
    }
    sqlite3_bind_text(q, 1, k, -1, SQLITE_STATIC);
    json_t *lists[3] = {json_array(), json_array(), json_array()};
    static const char *const kinds[3] = {"person", "org", "place"};
    while (sqlite3_step(q) == SQLITE_ROW) {
        for (int i = 0; i < 3; i++) {
            if (strcmp(vl_kb_col(q, 0), kinds[i]) != 0) continue;
            if (limit > 0 && json_array_size(lists[i]) >= (size_t)limit) break;
            json_t *e = json_object();
            json_object_set_new(e, "name", vl_kb_jstr(vl_kb_col(q, 2)));
            json_object_set_new(e, "key", vl_kb_jstr(vl_kb_col(q, 1)));
            json_object_set_new(e, "documents", json_integer(sqlite3_column_int64(q, 3)));
            json_array_append_new(lists[i], e);
        }
    }
    sqlite3_finalize(q);
    json_t *o = json_object();
    json_object_set_new(o, "key", json_string(k));
    json_object_set_new(o, "persons", lists[0]);
    json_object_set_new(o, "organizations", lists[1]);
    json_object_set_new(o, "places", lists[2]);
    *out = vl_kb_dump(o);
    vl_buf_free(&key);
    return VL_OK;
}
