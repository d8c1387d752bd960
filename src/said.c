/*
 * said.c — who said what, queried: a person's stored statements (query
 * stage).
 *
 * A statement is a quote fact of a document's pack (facts.c: the speaker's
 * key, the reporting verb, the span of what was said). A person stands under
 * their canonical key (kb_keymap, the knowledge base's merges): the
 * documents that name one of its keys come from the fact index, then their
 * packs give the quotes. --about keeps the statements whose words hold every
 * word asked for, compared folded ("securite" finds "sécurité"). Answers are
 * JSON (veille.h); every statement takes its values as parameters.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ctx.h"
#include "error.h"
#include "fold.h"
#include "kb.h"
#include "store.h"

enum { MAX_LIMIT = 10000, CONTENT_MAX = 2000, MAX_WORDS = 16 };

/* The text of bytes [s, e) of a stored document, whole characters, at most
 * CONTENT_MAX bytes (an ellipsis says it was cut). */
static json_t *content(const char *t, int64_t len, int64_t s, int64_t e)
{
    if (!t || s < 0 || e > len || s > e) return json_null();
    if (e - s <= CONTENT_MAX) return json_stringn(t + s, (size_t)(e - s));
    int64_t cut = s + CONTENT_MAX;
    while (cut > s && ((unsigned char)t[cut] & 0xC0) == 0x80) cut--;
    vl_buf b;
    vl_buf_init(&b, 0);
    vl_buf_add(&b, t + s, (size_t)(cut - s));
    vl_buf_adds(&b, "…");
    json_t *j = json_stringn((const char *)b.data, b.len);
    vl_buf_free(&b);
    return j;
}

/* The folded words of about, each NUL-terminated in words->data, their
 * offsets in at; the count. */
static size_t about_words(const vl_ctx *ctx, const char *about, vl_buf *words, size_t *at)
{
    vl_buf folded;
    vl_buf_init(&folded, 0);
    vl_fold_str(&ctx->fold, about, strlen(about), &folded);
    size_t n = 0;
    const char *p = folded.data ? (const char *)folded.data : "";
    while (*p && n < MAX_WORDS) {
        while (*p == ' ') p++;
        size_t len = strcspn(p, " ");
        if (!len) break;
        at[n++] = words->len;
        vl_buf_add(words, p, len);
        vl_buf_addc(words, 0);
        p += len;
    }
    vl_buf_free(&folded);
    return n;
}

static int word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Whether folded text f holds word w whole ("mer" is not in "merci"). */
static int has_word(const char *f, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = strstr(f, w); p; p = strstr(p + 1, w))
        if ((p == f || !word_byte((unsigned char)p[-1])) && !word_byte((unsigned char)p[n]))
            return 1;
    return 0;
}

/* Whether every word is in the folded text of bytes [s, e) of t. */
static int says_all(const vl_ctx *ctx, const char *t, int64_t s, int64_t e, const vl_buf *words,
                    const size_t *at, size_t n, vl_buf *scratch)
{
    if (!n) return 1;
    vl_buf_reset(scratch);
    vl_fold_str(&ctx->fold, t + s, (size_t)(e - s), scratch);
    const char *f = scratch->data ? (const char *)scratch->data : "";
    for (size_t i = 0; i < n; i++)
        if (!has_word(f, (const char *)words->data + at[i])) return 0;
    return 1;
}


vl_status vl_quotes(vl_store *st, const char *name, const char *about, const char *from,
                    const char *to, int limit, char **out, vl_error *err)
{
    sqlite3 *db = vl_store_db(st);
    vl_status bad = vl_kb_date_range(from, to, err);
    if (bad) return bad;
    vl_buf key;
    vl_buf_init(&key, 0);
    if (!vl_kb_find_person(st, name, &key)) {
        vl_buf_free(&key);
        return vl_error_set(err, VL_ENOTFOUND, NULL, -1, -1, "no person named '%s'", name);
    }
    /* dates compare on the shorter precision, as for events; a statement's
     * date is its dispatch's (undated last) */
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            db,
            "WITH keys(k) AS (SELECT from_key FROM kb_keymap WHERE to_key = ?1 UNION SELECT ?1)"
            " SELECT f.value, f.start, f.end, d.date, d.uid, d.source, d.text"
            " FROM facts f JOIN documents d ON d.id = f.doc_id"
            " WHERE f.doc_id IN (SELECT doc_id FROM facts WHERE kind = 'person'"
            "                    AND key IN (SELECT k FROM keys))"
            "   AND f.kind = 'quote' AND f.key IN (SELECT k FROM keys)"
            "   AND (?2 IS NULL OR substr(d.date, 1, length(?2)) >= ?2)"
            "   AND (?3 IS NULL OR substr(d.date, 1, length(?3)) <= ?3)"
            " ORDER BY d.date IS NULL, d.date, d.id, f.start",
            -1, &q, NULL) != SQLITE_OK) {
        vl_buf_free(&key);
        return vl_error_set(err, VL_EDB, NULL, -1, -1, "cannot read statements: %s",
                            sqlite3_errmsg(db));
    }
    sqlite3_bind_text(q, 1, (const char *)key.data, -1, SQLITE_STATIC);
    if (from) sqlite3_bind_text(q, 2, from, -1, SQLITE_STATIC);
    if (to) sqlite3_bind_text(q, 3, to, -1, SQLITE_STATIC);
    const vl_ctx *ctx = vl_store_ctx(st);
    vl_buf words, scratch;
    vl_buf_init(&words, 0);
    vl_buf_init(&scratch, 0);
    size_t at[MAX_WORDS];
    size_t nwords = about ? about_words(ctx, about, &words, at) : 0;
    size_t most = limit > 0 && limit <= MAX_LIMIT ? (size_t)limit : MAX_LIMIT;
    json_t *o = json_object(), *list = json_array();
    json_object_set_new(o, "name", json_string(name));
    json_object_set_new(o, "key", json_string((const char *)key.data));
    if (about) json_object_set_new(o, "about", json_string(about));
    while (json_array_size(list) < most && sqlite3_step(q) == SQLITE_ROW) {
        const char *t = vl_kb_col(q, 6);
        int64_t len = sqlite3_column_bytes(q, 6), s = sqlite3_column_int64(q, 1),
                e = sqlite3_column_int64(q, 2);
        if (!t || s < 0 || e > len || s > e) continue;
        if (!says_all(ctx, t, s, e, &words, at, nwords, &scratch)) continue;
        json_t *one = json_object();
        vl_kb_set_cols(one, q, 3, "date id source");
        json_object_set_new(one, "verb", vl_kb_jstr(vl_kb_col(q, 0)));
        json_object_set_new(one, "content", content(t, len, s, e));
        /* offsets in code points, as veille extract gives them */
        size_t cs = vl_utf8_cp_offset(t, (size_t)s);
        json_object_set_new(one, "start", json_integer((json_int_t)cs));
        json_object_set_new(one, "end",
                            json_integer((json_int_t)(cs + vl_utf8_cp_offset(t + s, (size_t)(e - s)))));
        json_array_append_new(list, one);
    }
    sqlite3_finalize(q);
    vl_buf_free(&words);
    vl_buf_free(&scratch);
    vl_buf_free(&key);
    json_object_set_new(o, "quotes", list);
    *out = vl_kb_dump(o);
    return VL_OK;
}
