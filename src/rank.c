/*
 * rank.c — vl_rank(): bm25 over FTS5 matches with row lengths read once.
 */
#include "rank.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fts.h"
#include "mem.h"

/* Row ids above this are not cached (4 bytes each): ids are dense in a
 * veille database, so this is far beyond any real one. */
#define MAX_CACHED_ID (16 * 1024 * 1024)

struct vl_rank_cache {
    sqlite3 *db;       /* the connection vl_rank is registered on */
    char fts[64];      /* the FTS5 table whose %_docsize it reads */
    uint32_t *len;     /* tokens of the row with id i; 0: unknown */
    size_t n;          /* ids below n */
    unsigned version;  /* the database's data version when loaded */
    int loaded;
};

vl_rank_cache *vl_rank_cache_new(void) { return vl_calloc(1, sizeof(vl_rank_cache)); }

void vl_rank_cache_free(vl_rank_cache *c)
{
    if (!c) return;
    free(c->len);
    free(c);
}

/* SQLite's count of changes to the file, by this connection or another;
 * current inside a read transaction. */
static int data_version(sqlite3 *db, unsigned *v)
{
    return sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, v) == SQLITE_OK;
}

static void drop(vl_rank_cache *c)
{
    free(c->len);
    c->len = NULL;
    c->n = 0;
    c->loaded = 0;
}

/* The sum of the varints of an FTS5 size record (one per column), or -1. */
static int64_t size_sum(const unsigned char *p, int n)
{
    int64_t sum = 0;
    for (int i = 0; i < n;) {
        uint32_t v = 0;
        int k = 0;
        for (;; k++) {
            if (i >= n || k == 5) return -1;
            unsigned char b = p[i++];
            v = (v << 7) | (b & 0x7f);
            if (!(b & 0x80)) break;
        }
        sum += v;
    }
    return sum;
}

/* Reads every row's length; called from inside a ranking statement, so in
 * its read transaction: the version read is the lengths'. */
static int load(vl_rank_cache *c, int64_t maxid)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT id, sz FROM \"%s_docsize\"", c->fts);
    sqlite3_stmt *q = NULL;
    drop(c);
    if (!data_version(c->db, &c->version)) return SQLITE_ERROR;
    int rc = sqlite3_prepare_v2(c->db, sql, -1, &q, NULL);
    if (rc != SQLITE_OK) return rc;
    c->n = (size_t)maxid + 1;
    c->len = vl_calloc(c->n, sizeof *c->len);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(q, 0);
        int64_t sum = size_sum(sqlite3_column_blob(q, 1), sqlite3_column_bytes(q, 1));
        if (id >= 0 && (size_t)id < c->n && sum > 0 && sum <= UINT32_MAX)
            c->len[id] = (uint32_t)sum;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        drop(c);
        return rc;
    }
    c->loaded = 1;
    return SQLITE_OK;
}

/* The largest row id, or -1. */
static int64_t max_id(vl_rank_cache *c)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT max(id) FROM \"%s_docsize\"", c->fts);
    sqlite3_stmt *q = NULL;
    int64_t id = -1;
    if (sqlite3_prepare_v2(c->db, sql, -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
        id = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return id;
}

/* The lengths for a statement about to rank rows of which the most common
 * phrase is in `hits`: kept when loaded for this version of the database,
 * loaded when reading them all costs less than looking the matches up one
 * by one (reading a row's length in a scan of the table costs about a third
 * of looking it up), else none. */
static const uint32_t *lengths(vl_rank_cache *c, sqlite3_int64 hits, size_t *n)
{
    unsigned version;
    if (!data_version(c->db, &version)) return NULL;
    if (c->loaded && version != c->version) drop(c);
    if (!c->loaded) {
        int64_t maxid = max_id(c);
        if (maxid < 0 || maxid > MAX_CACHED_ID || hits * 3 < maxid || load(c, maxid))
            return NULL;
    }
    *n = c->n;
    return c->len;
}

/* ----------------------------------------------------------- vl_rank() */

/* Places of a phrase in a row kept for the proximity term: enough for
 * any dispatch; a longer row's later places are not paired. Offsets of
 * 24 bits (a document holds far fewer tokens). */
enum { NEAR_POS = 512 };

/* What one statement's ranking knows, computed at its first row. */
typedef struct rank_query {
    int nphrase;
    double avgdl;
    const uint32_t *len; /* the cache, when current for this statement */
    size_t n;
    double *idf, *freq;
    int *size;      /* tokens of each phrase */
    uint32_t *pos;  /* per phrase, up to NEAR_POS places: col << 24 | offset */
    int *npos;
    int64_t df[VL_RANK_DF]; /* rows holding each phrase */
    double mean_idf; /* of the phrases, in their order */
    double w[8];  /* column weights, read at the first row */
    int nw;
    vl_rank_top *top; /* vl_rank_top's collector, found at the first row */
} rank_query;

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fc, void *user)
{
    (void)api;
    (void)fc;
    (*(sqlite3_int64 *)user)++;
    return SQLITE_OK;
}

/* The statement's ranking data, made at its first row; the weights are
 * the SQL arguments w (column i weighs w[i], 1.0 past nw), constants. */
static rank_query *query_of(const Fts5ExtensionApi *api, Fts5Context *fc,
                            sqlite3_value **w, int nw, int *rc)
{
    rank_query *r = api->xGetAuxdata(fc, 0);
    if (r) return r;
    vl_rank_cache *c = api->xUserData(fc);
    int nphrase = api->xPhraseCount(fc);
    size_t np = (size_t)nphrase;
    r = vl_calloc(1, sizeof *r + 2 * np * sizeof(double) + 2 * np * sizeof(int) +
                         np * NEAR_POS * sizeof(uint32_t));
    r->nphrase = nphrase;
    r->idf = (double *)(r + 1);
    r->freq = r->idf + nphrase;
    r->size = (int *)(r->freq + nphrase);
    r->npos = r->size + nphrase;
    r->pos = (uint32_t *)(r->npos + nphrase);
    for (int i = 0; i < nphrase; i++) r->size[i] = api->xPhraseSize(fc, i);
    r->nw = nw < 8 ? nw : 8;
    for (int i = 0; i < r->nw; i++) r->w[i] = sqlite3_value_double(w[i]);
    sqlite3_int64 rows = 0, tokens = 0;
    *rc = api->xRowCount(fc, &rows);
    if (*rc == SQLITE_OK) *rc = api->xColumnTotalSize(fc, -1, &tokens);
    if (*rc == SQLITE_OK) r->avgdl = (double)tokens / (double)rows;
    sqlite3_int64 most = 0;
    for (int i = 0; *rc == SQLITE_OK && i < nphrase; i++) {
        sqlite3_int64 hits = 0;
        *rc = api->xQueryPhrase(fc, i, &hits, count_row);
        if (hits > most) most = hits;
        if (i < VL_RANK_DF) r->df[i] = hits;
        /* BM25's IDF, floored where a phrase is in half the rows or more
         * (as FTS5's bm25 does) */
        double idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
        r->idf[i] = idf <= 0.0 ? 1e-6 : idf;
    }
    double idf_sum = 0.0;
    for (int i = 0; *rc == SQLITE_OK && i < nphrase; i++) idf_sum += r->idf[i];
    r->mean_idf = nphrase ? idf_sum / nphrase : 0.0;
    if (*rc == SQLITE_OK) r->len = lengths(c, most, &r->n);
    if (*rc == SQLITE_OK) *rc = api->xSetAuxdata(fc, r, free);
    else free(r);
    return *rc == SQLITE_OK ? r : NULL;
}

/* Row id's bm25 score (positive, higher is better), the same doubles as
 * FTS5's bm25() with the statement's weights, and how many of the query's
 * phrases the row holds. */
/* The weighted number of places where phrase j follows phrase i within
 * VL_RANK_NEAR positions of the same column (both place lists in order). */
static double near_freq(const rank_query *r, int i, int j)
{
    const uint32_t *a = r->pos + (size_t)i * NEAR_POS, *b = r->pos + (size_t)j * NEAR_POS;
    int na = r->npos[i], nb = r->npos[j], k = 0;
    uint32_t reach = (uint32_t)r->size[i] - 1; /* a's last token */
    double f = 0.0;
    for (int p = 0; p < na; p++) {
        uint32_t end = a[p] + reach;
        while (k < nb && b[k] <= end) k++;
        if (k < nb && b[k] - end <= VL_RANK_NEAR && b[k] >> 24 == a[p] >> 24) {
            int col = (int)(a[p] >> 24);
            f += col < r->nw ? r->w[col] : 1.0;
        }
    }
    return f;
}

static int score_row(const Fts5ExtensionApi *api, Fts5Context *fc, rank_query *r,
                     sqlite3_int64 id, double *score, int *held)
{
    const double k1 = 1.2, b = 0.75;
    int rc = SQLITE_OK, plain = r->top && r->top->plain;
    int near = plain && r->nphrase > 1;
    *held = 0;
    /* Each phrase's instances in turn, in the order of their positions, as
     * xInst would list them: the sums are the same doubles, without the
     * merged list of every phrase's instances that xInstCount builds. */
    for (int i = 0; rc == SQLITE_OK && i < r->nphrase; i++) {
        Fts5PhraseIter it;
        int col, off;
        double f = 0.0;
        rc = api->xPhraseFirst(fc, i, &it, &col, &off);
        *held += rc == SQLITE_OK && col >= 0;
        int np = 0;
        uint32_t *pos = r->pos + (size_t)i * NEAR_POS;
        for (; rc == SQLITE_OK && col >= 0; api->xPhraseNext(fc, &it, &col, &off)) {
            f += col < r->nw ? r->w[col] : 1.0;
            if (near && np < NEAR_POS && col < 256 && off < (1 << 24))
                pos[np++] = (uint32_t)col << 24 | (uint32_t)off;
        }
        r->freq[i] = f;
        r->npos[i] = np;
    }
    double D = 0.0;
    if (rc == SQLITE_OK) {
        if (r->len && id >= 0 && (size_t)id < r->n && r->len[id]) {
            D = (double)r->len[id];
        } else {
            int ntok = 0;
            rc = api->xColumnSize(fc, -1, &ntok);
            D = (double)ntok;
        }
    }
    /* the row's length term is the same for every phrase: computed once,
     * with bm25's operations in bm25's order */
    double K = k1 * (1 - b + b * D / r->avgdl), sum = 0.0;
    for (int i = 0; rc == SQLITE_OK && i < r->nphrase; i++)
        sum += r->idf[i] * ((r->freq[i] * (k1 + 1.0)) / (r->freq[i] + K));
    for (int i = 0; near && rc == SQLITE_OK && i + 1 < r->nphrase; i++) {
        double f = near_freq(r, i, i + 1);
        if (f > 0.0) {
            double idf = r->idf[i] < r->idf[i + 1] ? r->idf[i] : r->idf[i + 1];
            sum += idf * ((f * (k1 + 1.0)) / (f + K));
        }
    }
    if (plain && rc == SQLITE_OK) sum += VL_RANK_HELD * *held * r->mean_idf;
    *score = sum;
    return rc;
}

/* vl_rank(fts, w0, w1, ...): -score, as bm25() returns it. */
static void rank_func(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *cx,
                      int nval, sqlite3_value **val)
{
    double score = 0.0;
    int held, rc = SQLITE_OK;
    rank_query *r = query_of(api, fc, val, nval, &rc);
    if (r) rc = score_row(api, fc, r, api->xRowid(fc), &score, &held);
    if (rc == SQLITE_OK) sqlite3_result_double(cx, -1.0 * score);
    else sqlite3_result_error_code(cx, rc);
}

/* Whether a ranks before b: higher score, lower row id; what ORDER BY
 * score DESC, rowid gives. */
static int before(const vl_rank_hit *a, const vl_rank_hit *b)
{
    if (a->score != b->score) return a->score > b->score;
    return a->rowid < b->rowid;
}

/* The kept hits form a heap whose root is the worst of them. */
static void sift_down(vl_rank_top *t, size_t i)
{
    vl_rank_hit *h = t->hit;
    for (;;) {
        size_t l = 2 * i + 1, worst = i;
        if (l < t->n && before(&h[worst], &h[l])) worst = l;
        if (l + 1 < t->n && before(&h[worst], &h[l + 1])) worst = l + 1;
        if (worst == i) return;
        vl_rank_hit x = h[i];
        h[i] = h[worst];
        h[worst] = x;
        i = worst;
    }
}

static void keep(vl_rank_top *t, const vl_rank_hit *x)
{
    if (!t->want) return;
    if (t->n < t->want) {
        t->hit = vl_grow(t->hit, &t->cap, t->n + 1, sizeof *t->hit);
        size_t i = t->n++;
        t->hit[i] = *x;
        while (i && before(&t->hit[(i - 1) / 2], &t->hit[i])) {
            vl_rank_hit y = t->hit[i];
            t->hit[i] = t->hit[(i - 1) / 2];
            t->hit[(i - 1) / 2] = y;
            i = (i - 1) / 2;
        }
    } else if (before(x, &t->hit[0])) {
        t->hit[0] = *x;
        sift_down(t, 0);
    }
}

/* vl_rank_top(fts, top, counted, w0, w1, ...): offers the row to `top` (a
 * pointer bound as "vl_rank_top") when `counted` is true; returns 1. */
static void top_func(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *cx,
                     int nval, sqlite3_value **val)
{
    int rc = SQLITE_OK;
    rank_query *r = nval >= 2 ? query_of(api, fc, val + 2, nval - 2, &rc) : NULL;
    if (r && !r->top) {
        r->top = sqlite3_value_pointer(val[0], "vl_rank_top");
        if (r->top) {
            r->top->nphrase = r->nphrase;
            memcpy(r->top->df, r->df, sizeof r->df);
        }
    }
    if (!r || !r->top) {
        if (rc != SQLITE_OK) sqlite3_result_error_code(cx, rc);
        else sqlite3_result_error(cx, "vl_rank_top: no collector", -1);
        return;
    }
    if (sqlite3_value_int(val[1])) {
        vl_rank_hit x = {api->xRowid(fc), 0.0, 0};
        if ((rc = score_row(api, fc, r, x.rowid, &x.score, &x.held)) != SQLITE_OK) {
            sqlite3_result_error_code(cx, rc);
            return;
        }
        r->top->rows++;
        keep(r->top, &x);
    }
    sqlite3_result_int(cx, 1);
}

void vl_rank_top_finish(vl_rank_top *t)
{
    /* heapsort: the worst goes to the end, one at a time */
    size_t n = t->n;
    while (t->n > 1) {
        vl_rank_hit x = t->hit[0];
        t->hit[0] = t->hit[--t->n];
        t->hit[t->n] = x;
        sift_down(t, 0);
    }
    t->n = n;
}

void vl_rank_top_merge(vl_rank_top *into, const vl_rank_top *from)
{
    if (!into->rows) {
        into->nphrase = from->nphrase;
        memcpy(into->df, from->df, sizeof into->df);
    }
    into->rows += from->rows;
    for (size_t i = 0; i < from->n; i++) keep(into, &from->hit[i]);
}

void vl_rank_top_free(vl_rank_top *t)
{
    free(t->hit);
    t->hit = NULL;
    t->n = t->cap = 0;
}

vl_status vl_rank_register(sqlite3 *db, vl_rank_cache *c, const char *fts, vl_error *err)
{
    fts5_api *api = vl_fts_api(db);
    c->db = db;
    snprintf(c->fts, sizeof c->fts, "%s", fts);
    if (!api || api->xCreateFunction(api, "vl_rank", c, rank_func, NULL) != SQLITE_OK ||
        api->xCreateFunction(api, "vl_rank_top", c, top_func, NULL) != SQLITE_OK)
        return vl_error_set(err, VL_EDB, NULL, -1, -1, "cannot register vl_rank: %s",
                            sqlite3_errmsg(db));
    return VL_OK;
}
