/*
 * query.c — parsing user queries and running searches.
 */
#include "query.h"

#include "ctx.h"
#include "fold.h"
#include "lexicon.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "facts.h"
#include "keymap.h"
#include "mem.h"
#include "pgtab.h"
#include "rank.h"
#include "store.h"

/* ------------------------------------------------------------ lexer */

typedef enum { T_END, T_WORD, T_PHRASE, T_AND, T_OR, T_NOT, T_LP, T_RP } ttype;

typedef struct qtok {
    ttype type;
    const char *s; /* word or phrase text (phrase without quotes) */
    size_t n;
    int prefix; /* word followed by '*' */
} qtok;

typedef struct parser {
    const char *q;
    size_t pos, len;
    qtok cur;
    vl_buf *out;
    vl_error *err;
    int depth;
    int words, operators; /* for telling a plain query */
    int terms;            /* words and phrases emitted (VL_QUERY_MAX_TERMS) */
    int dedupe;           /* no explicit operator: a term written again is dropped */
    qtok seen[VL_QUERY_MAX_TERMS];
} parser;

/* Whether the current term was emitted before (same kind, text, prefix). */
static int seen_before(const parser *p)
{
    for (int i = 0; i < p->terms; i++) {
        const qtok *t = &p->seen[i];
        if (t->type == p->cur.type && t->n == p->cur.n && t->prefix == p->cur.prefix &&
            !memcmp(t->s, p->cur.s, t->n))
            return 1;
    }
    return 0;
}

/* Counts a term; a query of more than VL_QUERY_MAX_TERMS is refused: each
 * term is a doclist walked for every row, and a snippet weighs them all. */
static vl_status count_term(parser *p)
{
    if (p->terms >= VL_QUERY_MAX_TERMS)
        return vl_error_set(p->err, VL_EQUERY, NULL, -1, -1,
                            "query has more than %d terms (words and phrases)", VL_QUERY_MAX_TERMS);
    p->seen[p->terms++] = p->cur;
    return VL_OK;
}

static int is_sep(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')' ||
           c == '"' || c == '*';
}

static vl_status lex(parser *p)
{
    const char *q = p->q;
    while (p->pos < p->len && (q[p->pos] == ' ' || q[p->pos] == '\t' || q[p->pos] == '\n' ||
                               q[p->pos] == '\r'))
        p->pos++;
    qtok t = {T_END, NULL, 0, 0};
    if (p->pos >= p->len) {
        p->cur = t;
        return VL_OK;
    }
    char c = q[p->pos];
    if (c == '(' || c == ')') {
        t.type = c == '(' ? T_LP : T_RP;
        p->pos++;
    } else if (c == '"') {
        size_t s = ++p->pos;
        while (p->pos < p->len && q[p->pos] != '"') p->pos++;
        if (p->pos >= p->len)
            return vl_error_set(p->err, VL_EQUERY, NULL, (int64_t)s - 1, -1,
                                "unclosed quote");
        t.type = T_PHRASE;
        t.s = q + s;
        t.n = p->pos - s;
        p->pos++;
    } else if (c == '*') {
        return vl_error_set(p->err, VL_EQUERY, NULL, (int64_t)p->pos, -1,
                            "'*' must follow a word (prefix*)");
    } else {
        size_t s = p->pos;
        while (p->pos < p->len && !is_sep(q[p->pos])) p->pos++;
        t.s = q + s;
        t.n = p->pos - s;
        t.type = T_WORD;
        if (t.n == 3 && !memcmp(t.s, "AND", 3)) t.type = T_AND;
        else if (t.n == 2 && !memcmp(t.s, "OR", 2)) t.type = T_OR;
        else if (t.n == 3 && !memcmp(t.s, "NOT", 3)) t.type = T_NOT;
        if (t.type == T_WORD && p->pos < p->len && q[p->pos] == '*') {
            t.prefix = 1;
            p->pos++;
        }
    }
    p->cur = t;
    return VL_OK;
}

/* ----------------------------------------------------------- parser */

static vl_status parse_or(parser *p);

static void emit_quoted(parser *p, const char *s, size_t n)
{
    vl_buf_addc(p->out, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') vl_buf_addc(p->out, '"'); /* FTS5 doubles quotes */
        vl_buf_addc(p->out, (unsigned char)s[i]);
    }
    vl_buf_addc(p->out, '"');
}

static const char *what(ttype t)
{
    switch (t) {
    case T_END: return "end of query";
    case T_AND: return "AND";
    case T_OR: return "OR";
    case T_NOT: return "NOT";
    case T_RP: return "')'";
    default: return "term";
    }
}

static vl_status parse_unary(parser *p)
{
    vl_status s;
    switch (p->cur.type) {
    case T_LP:
        if (++p->depth > 32)
            return vl_error_set(p->err, VL_EQUERY, NULL, -1, -1, "parentheses nested too deep");
        p->operators++;
        vl_buf_addc(p->out, '(');
        if ((s = lex(p)) || (s = parse_or(p))) return s;
        if (p->cur.type != T_RP)
            return vl_error_set(p->err, VL_EQUERY, NULL, -1, -1, "missing ')'");
        vl_buf_addc(p->out, ')');
        p->depth--;
        return lex(p);
    case T_PHRASE:
        if (p->cur.n == 0) return vl_error_set(p->err, VL_EQUERY, NULL, -1, -1, "empty phrase");
        if ((s = count_term(p))) return s;
        p->operators++;
        emit_quoted(p, p->cur.s, p->cur.n);
        return lex(p);
    case T_WORD:
        if ((s = count_term(p))) return s;
        p->words++;
        emit_quoted(p, p->cur.s, p->cur.n);
        if (p->cur.prefix) {
            p->operators++;
            vl_buf_adds(p->out, " *");
        }
        return lex(p);
    default:
        return vl_error_set(p->err, VL_EQUERY, NULL, -1, -1, "expected a word or a phrase, found %s",
                            what(p->cur.type));
    }
}

static vl_status parse_not(parser *p)
{
    vl_status s = parse_unary(p);
    while (!s && p->cur.type == T_NOT) {
        p->operators++;
        vl_buf_adds(p->out, " NOT ");
        if ((s = lex(p))) return s;
        s = parse_unary(p);
    }
    return s;
}

static int starts_term(ttype t)
{
    return t == T_WORD || t == T_PHRASE || t == T_LP;
}

static vl_status parse_and(parser *p)
{
    vl_status s = parse_not(p);
    while (!s && (p->cur.type == T_AND || starts_term(p->cur.type))) {
        if (p->cur.type == T_AND) {
            p->operators++;
            if ((s = lex(p))) return s;
        }
        /* "laos laos", "a* a*": the same term again adds nothing */
        if (p->dedupe && (p->cur.type == T_WORD || p->cur.type == T_PHRASE) && seen_before(p)) {
            s = lex(p);
            continue;
        }
        vl_buf_adds(p->out, " AND ");
        s = parse_not(p);
    }
    return s;
}

static vl_status parse_or(parser *p)
{
    vl_status s = parse_and(p);
    while (!s && p->cur.type == T_OR) {
        p->operators++;
        vl_buf_adds(p->out, " OR ");
        if ((s = lex(p))) return s;
        s = parse_and(p);
    }
    return s;
}

/* Whether the folded word f is a Vietnamese family or given name. */
static int name_syllable(const vl_query_words *w, const char *f, size_t n)
{
    return w->syllables && vl_lexicon_has(w->syllables, f, n);
}

/* Whether a word of a plain query is a function word to leave out: not
 * when it is written with a capital and is a syllable of Vietnamese names
 * ("Lê" of "Lê Minh Hưng", "Sơn"). */
static int skipped(const vl_query_words *w, const char *s, size_t n)
{
    if (!w || !w->skip) return 0;
    char f[64];
    size_t fn = vl_fold_word(w->fold, s, n, f, sizeof f);
    if (!(fn > 0 && fn < sizeof f && vl_lexicon_has(w->skip, f, fn))) return 0;
    int capital = (unsigned char)s[0] >= 0x80 || (s[0] >= 'A' && s[0] <= 'Z');
    return !(capital && name_syllable(w, f, fn));
}

enum { NAME_WORDS = 4 };

/* The words of a plain query: where each is in q, and its folded form. */
typedef struct qword {
    const char *s;
    size_t n;
    char f[64];
    size_t fn;
} qword;

/* How many words from i on are a person's name the knowledge base knows
 * (the longest, NAME_WORDS at most, two at least), or 0. */
static size_t known_name(const vl_query_words *w, const qword *qw, size_t nw, size_t i)
{
    if (!w || !w->person) return 0;
    for (size_t len = nw - i < NAME_WORDS ? nw - i : NAME_WORDS; len >= 2; len--) {
        char key[NAME_WORDS * 65];
        size_t k = 0;
        for (size_t j = i; j < i + len; j++) {
            if (j > i) key[k++] = ' ';
            memcpy(key + k, qw[j].f, qw[j].fn);
            k += qw[j].fn;
        }
        if (w->person(w->user, key, k)) return len;
    }
    return 0;
}

vl_status vl_query_translate(const char *q, vl_buf *out, int *plain, vl_error *err)
{
    return vl_query_translate_words(q, NULL, out, plain, err);
}

vl_status vl_query_translate_words(const char *q, const vl_query_words *w, vl_buf *out,
                                   int *plain, vl_error *err)
{
    parser p;
    memset(&p, 0, sizeof p);
    p.q = q;
    p.len = strlen(q);
    p.out = out;
    p.err = err;
    if (p.len > 4096) return vl_error_set(err, VL_EQUERY, NULL, -1, -1, "query longer than 4096 bytes");
    int64_t bad = vl_utf8_invalid(q);
    if (bad >= 0)
        return vl_error_set(err, VL_EQUERY, NULL, -1, -1, "query is not valid UTF-8 (byte %lld)",
                            (long long)bad + 1);
    /* without AND, OR, NOT or parentheses a query is a list of terms, all
     * required: a term written twice is dropped (not so with operators,
     * where the terms are counted whole) */
    p.dedupe = 1;
    vl_status s;
    for (s = lex(&p); !s && p.cur.type != T_END; s = lex(&p))
        if (p.cur.type != T_WORD && p.cur.type != T_PHRASE) p.dedupe = 0;
    if (s) return s;
    p.pos = 0;
    s = lex(&p);
    if (s) return s;
    if (p.cur.type == T_END) return vl_error_set(err, VL_EQUERY, NULL, -1, -1, "empty query");
    s = parse_or(&p);
    if (s) return s;
    if (p.cur.type != T_END)
        return vl_error_set(err, VL_EQUERY, NULL, -1, -1, "unexpected %s", what(p.cur.type));
    *plain = p.operators == 0 && p.words > 1;
    if (*plain) {
        /* Any of the words; ranking puts documents with all of them first.
         * A known person's name is one phrase term, all of its words kept. */
        vl_buf_reset(out);
        parser r;
        memset(&r, 0, sizeof r);
        r.q = q;
        r.len = p.len;
        r.out = out;
        r.err = err;
        qword *qw = vl_malloc(((size_t)p.words + 1) * sizeof *qw);
        size_t nw = 0;
        int kept = 0;
        for (lex(&r); r.cur.type == T_WORD && nw < (size_t)p.words; lex(&r)) {
            if (seen_before(&r)) continue; /* "laos laos": once */
            r.seen[r.terms++] = r.cur;
            qw[nw].s = r.cur.s;
            qw[nw].n = r.cur.n;
            qw[nw].fn = w && w->fold ? vl_fold_word(w->fold, r.cur.s, r.cur.n, qw[nw].f,
                                                    sizeof qw[nw].f - 1)
                                     : 0;
            kept += !skipped(w, r.cur.s, r.cur.n);
            nw++;
        }
        const vl_query_words *sk = kept ? w : NULL; /* only function words: they are the query */
        int first = 1;
        for (size_t i = 0; i < nw; i++) {
            size_t name = known_name(w, qw, nw, i);
            if (!name && skipped(sk, qw[i].s, qw[i].n)) continue;
            if (!first) vl_buf_adds(out, " OR ");
            first = 0;
            if (name) { /* the name as written, from its first word to its last */
                emit_quoted(&r, qw[i].s, (size_t)(qw[i + name - 1].s + qw[i + name - 1].n - qw[i].s));
                i += name - 1;
            } else {
                emit_quoted(&r, qw[i].s, qw[i].n);
            }
        }
        free(qw);
    }
    return VL_OK;
}

/* ----------------------------------------------------------- search */

struct vl_hits {
    int64_t total, undated;
    vl_hit *items;
    sqlite3_int64 *rowids; /* of items, for the second step */
    size_t count;
    vl_arena arena;
    int64_t facet_docs;
    vl_facet *facets[VL_FACET_KINDS];
    size_t nfacets[VL_FACET_KINDS];
};

int64_t vl_hits_total(const vl_hits *h) { return h->total; }
int64_t vl_hits_undated(const vl_hits *h) { return h->undated; }
int64_t vl_hits_facet_docs(const vl_hits *h) { return h->facet_docs; }
size_t vl_hits_facet_count(const vl_hits *h, vl_facet_kind k)
{
    return k < VL_FACET_KINDS ? h->nfacets[k] : 0;
}
const vl_facet *vl_hits_facet(const vl_hits *h, vl_facet_kind k, size_t i)
{
    return k < VL_FACET_KINDS && i < h->nfacets[k] ? &h->facets[k][i] : NULL;
}
size_t vl_hits_count(const vl_hits *h) { return h->count; }
const vl_hit *vl_hits_get(const vl_hits *h, size_t i) { return &h->items[i]; }

void vl_hits_free(vl_hits *h)
{
    if (!h) return;
    vl_arena_free(&h->arena);
    free(h->items);
    free(h->rowids);
    for (int k = 0; k < VL_FACET_KINDS; k++) free(h->facets[k]);
    free(h);
}

/* A search is one pass over the matches: vl_rank_top (rank.h) counts the
 * rows that pass the date filter and keeps the page's best, by bm25 with
 * column weights (title above body, boilerplate below it) and, for a plain
 * query, by how many of its words a row holds first. The date filter is the
 * collector's argument, so that it is evaluated on the joined row. Then the
 * page's rows get their metadata and snippet, one lookup by row id each. */
#define DATE_OK                                                                            \
    "((?7 AND d.date IS NULL) OR ((?2 IS NULL OR (d.date IS NOT NULL AND"                  \
    "  substr(d.date, 1, length(?2)) >= substr(?2, 1, length(d.date))))"                   \
    " AND (?3 IS NULL OR (d.date IS NOT NULL AND"                                          \
    "  substr(d.date, 1, length(?3)) <= substr(?3, 1, length(d.date))))))"
#define RANGE " AND doc_fts.rowid BETWEEN ?5 AND ?6"
#define TOP(counted) RANGE " AND vl_rank_top(doc_fts, ?4, " counted ", 8.0, 1.0, 0.25) = 0"
static const char *const top_sql[2] = {
    "SELECT doc_fts.rowid FROM doc_fts WHERE doc_fts MATCH ?1" TOP("1"),
    "SELECT doc_fts.rowid FROM doc_fts JOIN documents d ON d.id = doc_fts.rowid"
    " WHERE doc_fts MATCH ?1" TOP(DATE_OK),
};

static const char *const count_sql[2] = {
    "SELECT count(*) FROM doc_fts WHERE doc_fts MATCH ?1" RANGE,
    "SELECT count(*) FROM doc_fts JOIN documents d ON d.id = doc_fts.rowid"
    " WHERE doc_fts MATCH ?1" RANGE " AND " DATE_OK,
};

/* Tables from this many rows on are searched on two threads. */
#define SPLIT_MIN_ROWS 512

static const char *const hit_sql =
    "SELECT d.uid, d.source, d.date, d.title,"
    " vl_snippet(doc_fts, -1, char(1), char(2), '…', 20)"
    " FROM doc_fts JOIN documents d ON d.id = doc_fts.rowid"
    " WHERE doc_fts MATCH ?1 AND doc_fts.rowid = ?2";

/* The plain query's words, all of them: vl_query_translate joins quoted
 * words (and names, quoted as one phrase) with " OR ". */
static void every_word(const char *any, vl_buf *out)
{
    for (const char *p = any; *p;) {
        const char *q = strstr(p, "\" OR \"");
        if (!q) {
            vl_buf_adds(out, p);
            break;
        }
        vl_buf_add(out, p, (size_t)(q - p) + 1);
        vl_buf_adds(out, " AND ");
        p = q + 5;
    }
    vl_buf_addc(out, 0);
}

/* One thread's share of a search: the rows of ids lo..hi, on its own
 * connection. */
typedef struct part {
    sqlite3 *db;
    const vl_search_opts *o;
    int dated, count;     /* count: count the rows of `match` instead */
    const char *match;
    int64_t lo, hi, total;
    vl_rank_top top;
    int rc;
} part;

/* The query's parameters: ?1 the match, ?2 ?3 the dates, ?7 undated too
 * (DATE_OK). */
static void bind_match(sqlite3_stmt *q, const char *match, const vl_search_opts *o)
{
    sqlite3_bind_text(q, 1, match, -1, SQLITE_STATIC);
    if (o->from) sqlite3_bind_text(q, 2, o->from, -1, SQLITE_STATIC);
    if (o->to) sqlite3_bind_text(q, 3, o->to, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 7, o->undated != 0);
}

static void bind_filters(sqlite3_stmt *q, const part *p)
{
    bind_match(q, p->match, p->o);
    sqlite3_bind_int64(q, 5, p->lo);
    sqlite3_bind_int64(q, 6, p->hi);
}

/* Ranks (or counts) the part's rows. */
static void *run_part(void *arg)
{
    part *p = arg;
    sqlite3_stmt *q = NULL;
    if (!p->count) {
        vl_rank_top_free(&p->top);
        p->top.rows = 0;
        p->top.nphrase = 0;
    }
    p->rc = sqlite3_prepare_v2(p->db, (p->count ? count_sql : top_sql)[p->dated], -1, &q, NULL);
    if (p->rc == SQLITE_OK) {
        bind_filters(q, p);
        if (!p->count) sqlite3_bind_pointer(q, 4, &p->top, "vl_rank_top", NULL);
        /* the ranking returns no row; the count one */
        while ((p->rc = sqlite3_step(q)) == SQLITE_ROW) p->total = sqlite3_column_int64(q, 0);
        if (p->rc == SQLITE_DONE) p->rc = SQLITE_OK;
    }
    sqlite3_finalize(q);
    if (!p->count) p->total = p->top.rows;
    return NULL;
}

/* Runs every part, the second one on its own thread. */
static int run_parts(part *pt, int n)
{
    pthread_t t;
    int threaded = n > 1 && pthread_create(&t, NULL, run_part, &pt[1]) == 0;
    run_part(&pt[0]);
    if (threaded) pthread_join(t, NULL);
    else if (n > 1) run_part(&pt[1]);
    return pt[0].rc != SQLITE_OK ? pt[0].rc : n > 1 ? pt[1].rc : SQLITE_OK;
}

/* ------------------------------------------------------------ facets */

/* What the facet documents name, counted by key (a vl_keymap numbers the
 * keys; a key counts once per document: last, the document that counted
 * it last). */
typedef struct tally {
    vl_keymap keys;
    vl_facet *f;
    int64_t *last;
    size_t n, cap;
} tally;

static void tally_add(vl_hits *h, tally *t, const char *key, size_t klen, const char *name,
                      size_t nlen, int64_t doc)
{
    int isnew;
    uint32_t r = vl_keymap_get(&t->keys, &h->arena, key, klen, &t->n, &isnew);
    if (isnew) {
        t->f = vl_grow(t->f, &t->cap, t->n, sizeof *t->f);
        t->last = vl_realloc(t->last, t->cap * sizeof *t->last);
        const char *k = vl_keymap_key(&t->keys, key, klen);
        t->f[r] = (vl_facet){k, name ? vl_arena_strndup(&h->arena, name, nlen) : k, 0};
        t->last[r] = -1;
    }
    if (t->last[r] != doc) t->f[r].count++, t->last[r] = doc;
}

static int by_count(const void *a, const void *b)
{
    const vl_facet *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->key, y->key);
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const vl_facet *)a)->key, ((const vl_facet *)b)->key);
}

/* The tally as facets: the top (all months, in order). */
static void tally_take(vl_hits *h, tally *t, vl_facet_kind k)
{
    size_t n = t->n;
    if (n) qsort(t->f, n, sizeof *t->f, k == VL_FACET_MONTHS ? by_key : by_count);
    if (k != VL_FACET_MONTHS && n > VL_FACET_TOP) n = VL_FACET_TOP;
    h->facets[k] = t->f;
    h->nfacets[k] = n;
    free(t->last);
    vl_keymap_free(&t->keys);
}

/* Facets over the documents of rowids (the best hits, in order). */
static int count_facets(sqlite3 *db, const sqlite3_int64 *rowids, size_t n, vl_hits *h)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT d.date, f.facts FROM documents d"
                                " LEFT JOIN doc_facts f ON f.doc_id = d.id WHERE d.id = ?1",
                                -1, &q, NULL);
    tally t[VL_FACET_KINDS];
    memset(t, 0, sizeof t);
    for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
        sqlite3_bind_int64(q, 1, rowids[i]);
        rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            rc = SQLITE_OK;
            h->facet_docs++;
            const char *date = (const char *)sqlite3_column_text(q, 0);
            if (date && strlen(date) >= 7)
                tally_add(h, &t[VL_FACET_MONTHS], date, 7, NULL, 0, (int64_t)i);
            const unsigned char *pack = sqlite3_column_blob(q, 1);
            size_t len = (size_t)sqlite3_column_bytes(q, 1), pos = 0;
            vl_fact fa;
            while (pack && vl_facts_next(pack, len, &pos, &fa)) {
                vl_facet_kind k = fa.kind == VL_FACT_PERSON ? VL_FACET_PERSONS
                                  : fa.kind == VL_FACT_ORG  ? VL_FACET_ORGS
                                  : fa.kind == VL_FACT_PLACE ? VL_FACET_PLACES
                                                            : VL_FACET_KINDS;
                if (k == VL_FACET_KINDS || !fa.s[VL_FS_KEY] || !fa.n[VL_FS_KEY]) continue;
                tally_add(h, &t[k], fa.s[VL_FS_KEY], fa.n[VL_FS_KEY], fa.s[VL_FS_NAME],
                          fa.n[VL_FS_NAME], (int64_t)i);
            }
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_OK; /* gone meanwhile: not counted */
        }
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    for (int k = 0; k < VL_FACET_KINDS; k++) tally_take(h, &t[k], (vl_facet_kind)k);
    return rc;
}

/* The matching documents the date filter left out for having no date. */
static int undated_left_out(sqlite3 *db, const char *match, int64_t *n)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT count(*) FROM doc_fts JOIN documents d ON d.id = doc_fts.rowid"
                                " WHERE doc_fts MATCH ?1 AND d.date IS NULL",
                                -1, &q, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, match, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) *n = sqlite3_column_int64(q, 0), rc = SQLITE_OK;
    }
    sqlite3_finalize(q);
    return rc;
}

/* Newest first: the page of the matching rows by date (undated last, then
 * by row), with bm25 (column weights as the ranking's) as their score, and
 * their total. */
static int page_by_date(sqlite3 *db, const vl_search_opts *o, const char *match, int limit,
                        int offset, vl_hits *h)
{
    static const char *const page_sql =
        "SELECT doc_fts.rowid, -bm25(doc_fts, 8.0, 1.0, 0.25)"
        " FROM doc_fts JOIN documents d ON d.id = doc_fts.rowid"
        " WHERE doc_fts MATCH ?1 AND " DATE_OK
        " ORDER BY d.date IS NULL, d.date DESC, doc_fts.rowid DESC LIMIT ?8 OFFSET ?9";
    static const char *const total_sql =
        "SELECT count(*) FROM doc_fts JOIN documents d ON d.id = doc_fts.rowid"
        " WHERE doc_fts MATCH ?1 AND " DATE_OK;
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(db, total_sql, -1, &q, NULL);
    for (int pass = 0; pass < 2 && rc == SQLITE_OK; pass++) {
        bind_match(q, match, o);
        if (pass == 0) {
            rc = sqlite3_step(q);
            if (rc == SQLITE_ROW) h->total = sqlite3_column_int64(q, 0), rc = SQLITE_OK;
            sqlite3_finalize(q);
            q = NULL;
            if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(db, page_sql, -1, &q, NULL);
            continue;
        }
        /* with facets, the best VL_FACET_DOCS from the first, the page
         * among them or after them */
        int from = o->facets ? 0 : offset;
        int want = o->facets && offset + limit < VL_FACET_DOCS ? VL_FACET_DOCS : offset + limit;
        sqlite3_bind_int(q, 8, want - from);
        sqlite3_bind_int(q, 9, from);
        sqlite3_int64 *ids = NULL;
        double *scores = NULL;
        size_t n = 0, cap = 0;
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                ids = vl_realloc(ids, cap * sizeof *ids);
                scores = vl_realloc(scores, cap * sizeof *scores);
            }
            ids[n] = sqlite3_column_int64(q, 0);
            scores[n++] = sqlite3_column_double(q, 1);
        }
        if (rc == SQLITE_DONE) rc = SQLITE_OK;
        size_t skip = (size_t)(offset - from);
        if (n > skip) {
            h->count = n - skip < (size_t)limit ? n - skip : (size_t)limit;
            h->items = vl_calloc(h->count, sizeof *h->items);
            h->rowids = vl_calloc(h->count, sizeof *h->rowids);
            for (size_t i = 0; i < h->count; i++) {
                h->rowids[i] = ids[skip + i];
                h->items[i].score = scores[skip + i];
            }
        }
        if (rc == SQLITE_OK && o->facets)
            rc = count_facets(db, ids, n < VL_FACET_DOCS ? n : VL_FACET_DOCS, h);
        free(ids);
        free(scores);
    }
    sqlite3_finalize(q);
    return rc;
}

static const char *keep(vl_hits *h, sqlite3_stmt *q, int i)
{
    const char *s = (const char *)sqlite3_column_text(q, i);
    return s ? vl_arena_strndup(&h->arena, s, (size_t)sqlite3_column_bytes(q, i)) : NULL;
}

/* Whether the knowledge base knows a person by this key (the statement of
 * vl_search). */
static int person_known(void *user, const char *key, size_t n)
{
    sqlite3_stmt *q = user;
    sqlite3_bind_text(q, 1, key, (int)n, SQLITE_STATIC);
    int found = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_reset(q);
    return found;
}

/* The page's rows get their metadata and snippet, one lookup by row id
 * each; then *out, or the error. Frees the query. */
static vl_status fill_hits_from(vl_hits *h, sqlite3 *db, const char *sql, vl_buf *fts, int rc,
                                int limit_ms, vl_hits **out, vl_error *err);

static vl_status fill_hits(vl_hits *h, sqlite3 *db, vl_buf *fts, int rc, int limit_ms,
                           vl_hits **out, vl_error *err)
{
    return fill_hits_from(h, db, hit_sql, fts, rc, limit_ms, out, err);
}

static vl_status fill_hits_from(vl_hits *h, sqlite3 *db, const char *sql, vl_buf *fts, int rc,
                                int limit_ms, vl_hits **out, vl_error *err)
{
    sqlite3_stmt *q = NULL;
    vl_status s = VL_OK;
    if (rc == SQLITE_OK && h->count) rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < h->count; i++) {
        vl_hit *x = &h->items[i];
        sqlite3_bind_text(q, 1, (const char *)fts->data, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, h->rowids[i]);
        rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            x->id = keep(h, q, 0);
            x->source = keep(h, q, 1);
            x->date = keep(h, q, 2);
            x->title = keep(h, q, 3);
            x->snippet = keep(h, q, 4);
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_CORRUPT; /* ranked a moment ago, inside one read */
        }
        sqlite3_reset(q);
    }
    if (rc == SQLITE_INTERRUPT) {
        s = vl_error_set(err, VL_ELIMIT, NULL, -1, -1,
                         "the search ran past its time limit (%.3g s) and was stopped: more words"
                         " or a date range narrow it", limit_ms / 1000.0);
        vl_hits_free(h);
    } else if (rc != SQLITE_OK) {
        /* The translation quotes every term, so this is not the user's
         * syntax; say so without SQLite's wording. */
        s = vl_error_set(err, VL_EQUERY, NULL, -1, -1, "the search could not run (%s)",
                         sqlite3_errstr(rc));
        vl_hits_free(h);
    } else {
        *out = h;
    }
    sqlite3_finalize(q);
    vl_buf_free(fts);
    return s;
}

/* A search's deadline: SQLite's progress handler asks every PROGRESS_OPS
 * steps of its virtual machine, and a statement past it stops with
 * SQLITE_INTERRUPT (a search over a whole archive's common words, or one a
 * server must not let hold a thread). */
enum { PROGRESS_OPS = 2000, DEFAULT_LIMIT_MS = 30000 };
typedef struct deadline {
    struct timespec at;
} deadline;

static int past_deadline(void *arg)
{
    const deadline *d = arg;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > d->at.tv_sec || (now.tv_sec == d->at.tv_sec && now.tv_nsec >= d->at.tv_nsec);
}

/* Watches the statements of db against d (NULL: no longer). */
static void watch(sqlite3 *db, deadline *d)
{
    if (db) sqlite3_progress_handler(db, d ? PROGRESS_OPS : 0, d ? past_deadline : NULL, d);
}

static vl_status search(vl_store *st, const vl_search_opts *o, int limit_ms, deadline *dl,
                        vl_hits **out, vl_error *err);

/* ------------------------------------------------------- PostgreSQL */

/* A page's hits get their snippets from a table of their own: the page's
 * documents in an FTS5 table of the in-memory connection, where
 * vl_snippet reads them as it reads doc_fts (the snippet of a row depends
 * on the row alone). */
static const char pg_hit_sql[] =
    "SELECT d.uid, d.source, d.date, d.title,"
    " vl_snippet(pg_hits, -1, char(1), char(2), '…', 20)"
    " FROM pg_hits JOIN documents d ON d.id = pg_hits.rowid"
    " WHERE pg_hits MATCH ?1 AND pg_hits.rowid = ?2";

static int pg_hit_table(sqlite3 *db, const vl_hits *h)
{
    int rc = sqlite3_exec(db,
                          "CREATE VIRTUAL TABLE IF NOT EXISTS temp.pg_hits USING fts5(title, body,"
                          " boiler, tokenize='veille'); DELETE FROM pg_hits;",
                          NULL, NULL, NULL);
    sqlite3_stmt *q = NULL;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db,
                                "INSERT INTO pg_hits(rowid, title, body, boiler) SELECT id, title,"
                                " vl_part(text, layout, 1), vl_part(text, layout, 2)"
                                " FROM documents WHERE id = ?1",
                                -1, &q, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < h->count; i++) {
        sqlite3_bind_int64(q, 1, h->rowids[i]);
        rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    return rc;
}

/* vl_search on a PostgreSQL store: the same hits, facets and totals, the
 * matching and ranking done by PostgreSQL (pgtab.h). A plain query's
 * hits are the rows holding every word when they fill the page, as on
 * SQLite; its total counts the rows holding any. */
static vl_status search_pg(vl_store *st, const vl_search_opts *o, vl_buf *fts, int plain,
                           int limit_ms, vl_hits **out, vl_error *err)
{
    sqlite3 *db = vl_store_db(st);
    vl_pg *pg = vl_store_pg(st);
    int limit = o->limit > 0 ? o->limit : 20, offset = o->offset > 0 ? o->offset : 0;
    int from = o->facets ? 0 : offset;
    int want = o->facets && offset + limit < VL_FACET_DOCS ? VL_FACET_DOCS : offset + limit;
    vl_buf all;
    vl_buf_init(&all, 0);
    if (plain) every_word((const char *)fts->data, &all);
    vl_pg_query q = {.match = (const char *)fts->data, .from = o->from, .to = o->to,
                     .undated = o->undated != 0, .by_date = o->by_date != 0,
                     .limit = want - from, .offset = from, .limit_ms = limit_ms, .plain = plain};
    vl_pg_page any, every;
    memset(&any, 0, sizeof any);
    memset(&every, 0, sizeof every);
    vl_status s = VL_OK;
    vl_pg_page *page = &any;
    if (plain && !o->by_date) {
        /* the rows holding every word, when they fill the page; the
         * total counts the rows holding any */
        vl_pg_query e = q;
        e.match = (const char *)all.data;
        e.plain = 2;
        e.no_count = 1;
        s = vl_pg_search(pg, &e, &every, err);
        int full = !s && every.n + (size_t)from >= (size_t)offset + (size_t)limit;
        if (full) page = &every;
        q.no_page = full;
        if (!s) s = vl_pg_search(pg, &q, &any, err);
    } else {
        if (o->by_date && plain) q.match = (const char *)all.data;
        s = vl_pg_search(pg, &q, &any, err);
    }
    vl_buf_free(&all);
    if (s) {
        vl_pg_page_free(&any);
        vl_pg_page_free(&every);
        vl_buf_free(fts);
        return s;
    }
    vl_hits *h = vl_calloc(1, sizeof *h);
    h->total = any.total;
    if ((o->from || o->to) && !o->undated) h->undated = any.undated;
    size_t skip = (size_t)(offset - from);
    if (page->n > skip) {
        h->count = page->n - skip < (size_t)limit ? page->n - skip : (size_t)limit;
        h->items = vl_calloc(h->count, sizeof *h->items);
        h->rowids = vl_calloc(h->count, sizeof *h->rowids);
        for (size_t i = 0; i < h->count; i++) {
            h->rowids[i] = page->ids[skip + i];
            h->items[i].score = page->scores[skip + i];
        }
    }
    int rc = SQLITE_OK;
    if (o->facets)
        rc = count_facets(db, page->ids, page->n < VL_FACET_DOCS ? page->n : VL_FACET_DOCS, h);
    vl_pg_page_free(&any);
    vl_pg_page_free(&every);
    if (rc == SQLITE_OK) rc = pg_hit_table(db, h);
    return fill_hits_from(h, db, pg_hit_sql, fts, rc, limit_ms, out, err);
}

vl_status vl_search(vl_store *st, const vl_search_opts *o, vl_hits **out, vl_error *err)
{
    int limit_ms = o->time_limit_ms > 0 ? o->time_limit_ms : DEFAULT_LIMIT_MS;
    deadline dl;
    clock_gettime(CLOCK_MONOTONIC, &dl.at);
    dl.at.tv_sec += limit_ms / 1000;
    dl.at.tv_nsec += (long)(limit_ms % 1000) * 1000000L;
    if (dl.at.tv_nsec >= 1000000000L) {
        dl.at.tv_sec++;
        dl.at.tv_nsec -= 1000000000L;
    }
    sqlite3 *db = vl_store_db(st);
    watch(db, &dl);
    vl_status s = search(st, o, limit_ms, &dl, out, err);
    watch(db, NULL);
    return s;
}

static vl_status search(vl_store *st, const vl_search_opts *o, int limit_ms, deadline *dl,
                        vl_hits **out, vl_error *err)
{
    if (!o->query) return vl_error_set(err, VL_EQUERY, NULL, -1, -1, "empty query");
    if (o->from && !vl_date_valid(o->from))
        return vl_error_set(err, VL_EUSAGE, NULL, -1, -1,
                            "bad date '%s' (YYYY, YYYY-MM or YYYY-MM-DD)", o->from);
    if (o->to && !vl_date_valid(o->to))
        return vl_error_set(err, VL_EUSAGE, NULL, -1, -1,
                            "bad date '%s' (YYYY, YYYY-MM or YYYY-MM-DD)", o->to);
    vl_buf fts;
    vl_buf_init(&fts, 0);
    int plain = 0;
    const vl_ctx *ctx = vl_store_ctx(st);
    sqlite3 *db = vl_store_db(st);
    sqlite3_stmt *known = NULL;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM kb_persons WHERE key = ?1", -1, &known, NULL) !=
        SQLITE_OK)
        known = NULL; /* no knowledge base: no names known */
    vl_query_words words = {&ctx->query_skip, &ctx->fold, &ctx->name_syllables,
                            known ? person_known : NULL, known};
    vl_status s = vl_query_translate_words(o->query, &words, &fts, &plain, err);
    sqlite3_finalize(known);
    if (s) {
        vl_buf_free(&fts);
        return s;
    }
    if (vl_store_pg(st)) return search_pg(st, o, &fts, plain, limit_ms, out, err);
    vl_hits *h = vl_calloc(1, sizeof *h);
    sqlite3_stmt *q = NULL;
    int limit = o->limit > 0 ? o->limit : 20, offset = o->offset > 0 ? o->offset : 0;
    int rc = SQLITE_OK;
    if (o->by_date) {
        /* a plain query's words all required: by date, a dispatch that
         * holds one common word of it would come first as often as one
         * about it */
        vl_buf all;
        vl_buf_init(&all, 0);
        if (plain) every_word((const char *)fts.data, &all);
        const char *match = plain ? (const char *)all.data : (const char *)fts.data;
        rc = page_by_date(db, o, match, limit, offset, h);
        if (rc == SQLITE_OK && (o->from || o->to) && !o->undated)
            rc = undated_left_out(db, match, &h->undated);
        vl_buf_free(&all);
        return fill_hits(h, db, &fts, rc, limit_ms, out, err);
    }
    /* Two threads on a large table, each with its own connection and half
     * of the row ids: each keeps its best rows, the page is the best of
     * both. Scores do not depend on the split (bm25's statistics are the
     * whole table's). */
    part pt[2] = {{.db = db, .o = o, .dated = o->from || o->to, .lo = INT64_MIN, .hi = INT64_MAX}};
    int np = 1;
    int64_t maxid = -1;
    if (sqlite3_prepare_v2(db, "SELECT max(id) FROM documents", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        maxid = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    q = NULL;
    /* not inside the caller's transaction: the other connection would not
     * see what it wrote */
    vl_store *twin = maxid >= SPLIT_MIN_ROWS && sqlite3_get_autocommit(db)
                         ? vl_store_twin(st, NULL) : NULL;
    if (twin) {
        watch(vl_store_db(twin), dl);
        pt[1] = pt[0];
        pt[1].db = vl_store_db(twin);
        pt[0].hi = maxid / 2;
        pt[1].lo = maxid / 2 + 1;
        np = 2;
    }
    /* with facets, the best VL_FACET_DOCS rows are kept too */
    size_t want = (size_t)offset + (size_t)limit;
    if (o->facets && want < VL_FACET_DOCS) want = VL_FACET_DOCS;
    /* a plain query's words held and found together count too (rank.h) */
    for (int i = 0; i < np; i++) pt[i].top.want = want, pt[i].top.plain = plain;
    /* A plain query's hits are the rows holding every word when they are
     * enough for the page (a large archive: common words match most of the
     * table, all of them together much less of it, and bm25 weighs a word by
     * the rows holding it in the whole table, whatever the operator); else
     * the rows holding any of them, where one about the subject may lack a
     * word. The total is the rows holding any word, counted apart. */
    vl_buf all;
    vl_buf_init(&all, 0);
    if (plain) every_word((const char *)fts.data, &all);
    vl_rank_top *top = &pt[0].top;
    int every = 0; /* the hits are the rows holding every word */
    for (int pass = plain ? 0 : 1; pass < 2 && rc == SQLITE_OK; pass++) {
        for (int i = 0; i < np; i++) pt[i].match = (const char *)(pass == 0 ? all.data : fts.data);
        rc = run_parts(pt, np);
        if (np > 1) vl_rank_top_merge(top, &pt[1].top);
        /* a full page (whatever the facets keep besides) */
        if (pass == 0 && top->n >= (size_t)offset + (size_t)limit) {
            every = 1;
            break;
        }
    }
    vl_buf_free(&all);
    h->total = top->rows;
    if (rc == SQLITE_OK && every) {
        if (!pt[0].dated && top->nphrase == 2) {
            /* either word: the rows holding one plus the rows holding the
             * other, less those holding both, counted by the ranking */
            h->total = top->df[0] + top->df[1] - top->rows;
        } else {
            for (int i = 0; i < np; i++) pt[i].count = 1, pt[i].match = (const char *)fts.data;
            rc = run_parts(pt, np);
            h->total = pt[0].total + (np > 1 ? pt[1].total : 0);
        }
    }
    vl_rank_top_finish(top);
    if (top->n > (size_t)offset) {
        h->count = top->n - (size_t)offset;
        if (h->count > (size_t)limit) h->count = (size_t)limit;
        h->items = vl_calloc(h->count, sizeof *h->items);
        h->rowids = vl_calloc(h->count, sizeof *h->rowids);
    }
    for (size_t i = 0; i < h->count; i++) {
        const vl_rank_hit *x = &top->hit[offset + i];
        h->rowids[i] = x->rowid;
        h->items[i].score = x->score;
    }
    if (rc == SQLITE_OK && o->facets) {
        size_t nf = top->n < VL_FACET_DOCS ? top->n : VL_FACET_DOCS;
        sqlite3_int64 *ids = vl_calloc(nf + 1, sizeof *ids);
        for (size_t i = 0; i < nf; i++) ids[i] = top->hit[i].rowid;
        rc = count_facets(db, ids, nf, h);
        free(ids);
    }
    for (int i = 0; i < np; i++) vl_rank_top_free(&pt[i].top);
    if (twin) watch(vl_store_db(twin), NULL);
    if (rc == SQLITE_OK && (o->from || o->to) && !o->undated)
        rc = undated_left_out(db, (const char *)fts.data, &h->undated);
    return fill_hits(h, db, &fts, rc, limit_ms, out, err);
}
