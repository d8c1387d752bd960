/*
 * snippet.c — vl_snippet(): FTS5's snippet() in linear time (snippet.h).
 */
#include "snippet.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "fts.h"
#include "mem.h"

/* One match of the row: a phrase at a token offset of a column. The
 * matches come from xInst in order of column, then offset. */
typedef struct match {
    int phrase, col, off, size;
} match;

/* The matches inside a window of tokens [from, from + n) of one column,
 * held between two indexes that only move forward: the score snippet()
 * gives the window (1,000 for a phrase's first match, 1 for each further
 * one) kept as the window moves. */
typedef struct window {
    const match *m;
    int lo, hi;       /* matches [lo, hi) of the column are inside */
    int end;          /* the column's matches end here */
    int *count;       /* per phrase, its matches inside */
    int distinct, total;
} window;

static void window_init(window *w, const match *m, int from, int end, int *count, int nphrase)
{
    w->m = m;
    w->lo = w->hi = from;
    w->end = end;
    w->count = count;
    memset(count, 0, (size_t)nphrase * sizeof *count);
    w->distinct = w->total = 0;
}

/* Moves the window to start at token `at` (never backwards). */
static void window_move(window *w, int at, int ntok)
{
    long long stop = (long long)at + ntok;
    while (w->hi < w->end && w->m[w->hi].off < stop) {
        if (w->count[w->m[w->hi].phrase]++ == 0) w->distinct++;
        w->total++;
        w->hi++;
    }
    while (w->lo < w->hi && w->m[w->lo].off < at) {
        if (--w->count[w->m[w->lo].phrase] == 0) w->distinct--;
        w->total--;
        w->lo++;
    }
}

static int window_score(const window *w)
{
    return 1000 * w->distinct + (w->total - w->distinct);
}

/* First tokens of sentences: the first token, and each token after '.' or
 * ':' and a space (snippet()'s rule). */
typedef struct sentences {
    const char *doc;
    int pos;
    int *first;
    size_t n, cap;
} sentences;

static int sentence_cb(void *user, int flags, const char *tok, int ntok, int start, int end)
{
    (void)tok;
    (void)ntok;
    (void)end;
    sentences *s = user;
    if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
    int add = s->pos == 0;
    if (!add) {
        int i = start - 1;
        char c = 0;
        for (; i >= 0; i--) {
            c = s->doc[i];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        }
        add = i != start - 1 && (c == '.' || c == ':');
    }
    if (add) {
        s->first = vl_grow(s->first, &s->cap, s->n + 1, sizeof *s->first);
        s->first[s->n++] = s->pos;
    }
    s->pos++;
    return SQLITE_OK;
}

/* The output, as snippet()'s highlight callback writes it: matches that
 * overlap marked as one, tokens [range_start, range_end] copied. */
typedef struct highlight {
    const char *in;
    int nin;
    const char *open, *close;
    int range_start, range_end;
    const match *m; /* the best column's matches */
    int next, end;  /* the next one not yet coalesced, the end */
    int istart, iend; /* the current coalesced match, -1 when none left */
    int pos, off, is_open;
    vl_buf out;
} highlight;

static void coalesce_next(highlight *h)
{
    h->istart = h->iend = -1;
    while (h->next < h->end) {
        const match *x = &h->m[h->next];
        int e = x->off - 1 + x->size;
        if (h->istart < 0) {
            h->istart = x->off;
            h->iend = e;
        } else if (x->off <= h->iend) {
            if (e > h->iend) h->iend = e;
        } else {
            break;
        }
        h->next++;
    }
}

static void put(highlight *h, const char *s, int n)
{
    if (s && n > 0) vl_buf_add(&h->out, s, (size_t)n);
}

static int highlight_cb(void *user, int flags, const char *tok, int ntok, int start, int end)
{
    (void)tok;
    (void)ntok;
    highlight *h = user;
    if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
    int pos = h->pos++;
    if (pos < h->range_start) return SQLITE_OK;
    if (pos > h->range_end) return SQLITE_DONE; /* past the window: the rest is not read */
    if (h->range_start && pos == h->range_start) h->off = start;
    if (h->is_open && (pos <= h->istart || h->istart < 0) && start > h->off) {
        put(h, h->close, (int)strlen(h->close));
        h->is_open = 0;
    }
    if (pos == h->istart && !h->is_open) {
        put(h, h->in + h->off, start - h->off);
        put(h, h->open, (int)strlen(h->open));
        h->off = start;
        h->is_open = 1;
    }
    if (pos == h->iend) {
        if (!h->is_open) {
            put(h, h->open, (int)strlen(h->open));
            h->is_open = 1;
        }
        put(h, h->in + h->off, end - h->off);
        h->off = end;
        coalesce_next(h);
    }
    if (pos == h->range_end) {
        if (h->is_open) {
            if (h->istart >= 0 && pos >= h->istart) {
                put(h, h->in + h->off, end - h->off);
                h->off = end;
            }
            put(h, h->close, (int)strlen(h->close));
            h->is_open = 0;
        }
        put(h, h->in + h->off, end - h->off);
        h->off = end;
    }
    return SQLITE_OK;
}

static const char *text_of(sqlite3_value *v)
{
    const char *s = (const char *)sqlite3_value_text(v);
    return s ? s : "";
}

/* vl_snippet(fts, col, open, close, ellipsis, ntokens). */
static void snippet_func(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *cx,
                         int nval, sqlite3_value **val)
{
    if (nval != 5) {
        sqlite3_result_error(cx, "vl_snippet: 5 arguments after the table", -1);
        return;
    }
    int want_col = sqlite3_value_int(val[0]);
    const char *open = text_of(val[1]), *close = text_of(val[2]), *ellipsis = text_of(val[3]);
    int ntok = sqlite3_value_int(val[4]);
    if (ntok < 1) ntok = 1;
    int nphrase = api->xPhraseCount(fc), ncol = api->xColumnCount(fc), ninst = 0;
    int rc = api->xInstCount(fc, &ninst);
    match *m = vl_calloc((size_t)ninst + 1, sizeof *m);
    int *count = vl_calloc((size_t)nphrase + 1, sizeof *count);
    int *count2 = vl_calloc((size_t)nphrase + 1, sizeof *count2);
    for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
        rc = api->xInst(fc, i, &m[i].phrase, &m[i].col, &m[i].off);
        if (rc == SQLITE_OK) m[i].size = api->xPhraseSize(fc, m[i].phrase);
    }
    int best_col = want_col >= 0 ? want_col : 0, best_start = 0, best_score = 0, col_size = 0;
    sentences sf = {NULL, 0, NULL, 0, 0};
    int first = 0; /* the current column's matches start here */
    for (int c = 0; rc == SQLITE_OK && c < ncol; c++) {
        int end = first;
        while (end < ninst && m[end].col == c) end++;
        if (want_col >= 0 && want_col != c) {
            first = end;
            continue;
        }
        int ndoc = 0, docsize = 0;
        sf.pos = 0;
        sf.n = 0;
        rc = api->xColumnText(fc, c, &sf.doc, &ndoc);
        if (rc == SQLITE_OK && sf.doc) rc = api->xTokenize(fc, sf.doc, ndoc, &sf, sentence_cb);
        if (rc == SQLITE_OK) rc = api->xColumnSize(fc, c, &docsize);
        window w, s;
        window_init(&w, m, first, end, count, nphrase);
        window_init(&s, m, first, end, count2, nphrase);
        size_t jj = 0;
        for (int k = first; rc == SQLITE_OK && k < end; k++) {
            int io = m[k].off;
            window_move(&w, io, ntok);
            int score = window_score(&w);
            /* centred on the window's matches, as snippet() does */
            int ifirst = m[w.lo].off, ilast = m[w.hi - 1].off + m[w.hi - 1].size;
            long long adj = ifirst - (ntok - (ilast - ifirst)) / 2;
            if (adj + ntok > docsize) adj = docsize - ntok;
            if (adj < 0) adj = 0;
            if (score > best_score) {
                best_score = score;
                best_col = c;
                best_start = (int)adj;
                col_size = docsize;
            }
            if (sf.n && docsize > ntok) {
                while (jj + 1 < sf.n && sf.first[jj + 1] <= io) jj++;
                if (sf.first[jj] < io) {
                    window_move(&s, sf.first[jj], ntok);
                    int ss = window_score(&s) + (sf.first[jj] == 0 ? 120 : 100);
                    if (ss > best_score) {
                        best_score = ss;
                        best_col = c;
                        best_start = sf.first[jj];
                        col_size = docsize;
                    }
                }
            }
        }
        first = end;
    }
    highlight h;
    memset(&h, 0, sizeof h);
    vl_buf_init(&h.out, 0);
    if (rc == SQLITE_OK) rc = api->xColumnText(fc, best_col, &h.in, &h.nin);
    if (rc == SQLITE_OK && col_size == 0) rc = api->xColumnSize(fc, best_col, &col_size);
    if (rc == SQLITE_OK && h.in) {
        h.open = open;
        h.close = close;
        h.m = m;
        while (h.next < ninst && m[h.next].col != best_col) h.next++;
        h.end = h.next;
        while (h.end < ninst && m[h.end].col == best_col) h.end++;
        coalesce_next(&h);
        h.range_start = best_start;
        h.range_end = best_start + ntok - 1;
        if (best_start > 0) put(&h, ellipsis, (int)strlen(ellipsis));
        while (h.istart >= 0 && h.istart < best_start) coalesce_next(&h);
        rc = api->xTokenize(fc, h.in, h.nin, &h, highlight_cb);
        if (rc == SQLITE_DONE) rc = SQLITE_OK;
        if (h.is_open) put(&h, close, (int)strlen(close));
        if (h.range_end >= col_size - 1)
            put(&h, h.in + h.off, h.nin - h.off);
        else
            put(&h, ellipsis, (int)strlen(ellipsis));
    }
    if (rc == SQLITE_OK)
        sqlite3_result_text(cx, h.out.data ? (const char *)h.out.data : "", (int)h.out.len,
                            SQLITE_TRANSIENT);
    else
        sqlite3_result_error_code(cx, rc);
    vl_buf_free(&h.out);
    free(sf.first);
    free(m);
    free(count);
    free(count2);
}

vl_status vl_snippet_register(sqlite3 *db, vl_error *err)
{
    fts5_api *api = vl_fts_api(db);
    if (!api || api->xCreateFunction(api, "vl_snippet", NULL, snippet_func, NULL) != SQLITE_OK)
        return vl_error_set(err, VL_EDB, NULL, -1, -1, "cannot register vl_snippet: %s",
                            sqlite3_errmsg(db));
    return VL_OK;
}
