/*
 * fts.c — the FTS5 tokenizer "veille" and the content view's part function.
 */
#include "fts.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "doc.h"
#include "error.h"
#include "fold.h"
#include "lexicon.h"
#include "mem.h"
#include "tokenize.h"

/* ------------------------------------------------------------ layout */

void vl_fts_layout(const vl_doc *doc, vl_buf *out)
{
    size_t n = vl_doc_block_count(doc);
    for (size_t i = 0; i < n; i++) {
        vl_block b = vl_doc_block(doc, i);
        unsigned char e[9];
        uint32_t s = (uint32_t)b.start, t = (uint32_t)b.end;
        e[0] = (unsigned char)b.kind;
        for (int k = 0; k < 4; k++) {
            e[1 + k] = (unsigned char)(s >> (8 * k));
            e[5 + k] = (unsigned char)(t >> (8 * k));
        }
        vl_buf_add(out, e, sizeof e);
    }
}

static uint32_t u32_at(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Which FTS column a block kind goes to: 0 none (header, title: the title
 * has its own column), 1 body, 2 boilerplate. */
static int part_of(unsigned kind)
{
    switch (kind) {
    case VL_BLOCK_PARAGRAPH: case VL_BLOCK_HEADING:
        return VL_FTS_BODY;
    case VL_BLOCK_DATELINE: case VL_BLOCK_CAPTION: case VL_BLOCK_RELATED:
    case VL_BLOCK_SIGNATURE:
        return VL_FTS_BOILER;
    default:
        return 0;
    }
}

/* The next block of a part, from layout entry *i on: its entry index and
 * its text [*s, *e); 0 after the last. A part's text is its blocks joined
 * by a blank line; the tape's terms are cut by the same walk. */
static int next_block(const unsigned char *layout, size_t llen, size_t len, int part,
                      size_t *i, uint32_t *s, uint32_t *e)
{
    for (; *i + 9 <= llen; *i += 9) {
        if (part_of(layout[*i]) != part) continue;
        *s = u32_at(layout + *i + 1);
        *e = u32_at(layout + *i + 5);
        if (*s > *e || *e > len) continue; /* a damaged layout indexes nothing */
        *i += 9;
        return 1;
    }
    return 0;
}

void vl_fts_part(const char *text, size_t len, const unsigned char *layout, size_t llen,
                 int part, vl_buf *out)
{
    uint32_t s, e;
    for (size_t i = 0, n = 0; next_block(layout, llen, len, part, &i, &s, &e); n++) {
        if (n) vl_buf_add(out, "\n\n", 2);
        vl_buf_add(out, text + s, e - s);
    }
}

static void part_func(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    size_t len = (size_t)sqlite3_value_bytes(argv[0]);
    const unsigned char *layout = sqlite3_value_blob(argv[1]);
    size_t llen = (size_t)sqlite3_value_bytes(argv[1]);
    int part = sqlite3_value_int(argv[2]);
    if (!text || !layout) {
        sqlite3_result_null(cx);
        return;
    }
    vl_buf b;
    vl_buf_init(&b, 0);
    vl_fts_part(text, len, layout, llen, part, &b);
    if (!b.data) {
        sqlite3_result_text(cx, "", 0, SQLITE_STATIC);
        return;
    }
    sqlite3_result_text(cx, (const char *)b.data, (int)b.len, free);
}

/* --------------------------------------------------------- tokenizer */

/* Snowball is the costly step; news vocabulary is Zipfian, so a
 * direct-mapped cache of folded word -> stem saves most calls: 2 MB a
 * tokenizer. On 100 MB of dispatches, 4,096 slots missed 12 % of the
 * words (Snowball took 7 % of the ingest's CPU), 32,768 miss 3 %. */
enum { CACHE_SLOTS = 32768, CACHE_WORD = 30 };

typedef struct stem_slot {
    unsigned char wlen, slen;
    char word[CACHE_WORD], stem[CACHE_WORD];
} stem_slot;

typedef struct fts_tok {
    const vl_ctx *ctx;
    struct sb_stemmer *stemmer;
    stem_slot *cache;
} fts_tok;

static int stemmer_init(fts_tok *t, const vl_ctx *ctx)
{
    t->ctx = ctx;
    t->stemmer = sb_stemmer_new("french", "UTF_8");
    if (!t->stemmer) return -1;
    t->cache = vl_calloc(CACHE_SLOTS, sizeof *t->cache);
    return 0;
}

static void stemmer_done(fts_tok *t)
{
    sb_stemmer_delete(t->stemmer);
    free(t->cache);
}

/* What the tokenizer registered on a store's connection sees: the context,
 * and the tape of the document being inserted, if a worker made one. */
struct vl_fts_hook {
    const vl_ctx *ctx;
    const vl_fts_tape *tape;
};

typedef struct fts_inst {
    fts_tok tok;
    vl_fts_hook *hook;
} fts_inst;

static int tok_create(void *user, const char **azArg, int nArg, Fts5Tokenizer **ppOut)
{
    (void)azArg;
    (void)nArg;
    fts_inst *t = vl_calloc(1, sizeof *t);
    t->hook = user;
    if (stemmer_init(&t->tok, t->hook->ctx)) {
        free(t);
        return SQLITE_ERROR;
    }
    *ppOut = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *p)
{
    fts_inst *t = (fts_inst *)p;
    if (!t) return;
    stemmer_done(&t->tok);
    free(t);
}

enum { MAX_TERM = 128 }; /* folded bytes kept of a token */

/* The stem of a folded word w[0:n], through the cache; h is its
 * vl_token_hash (extraction's tokens carry it). */
static size_t stem_h(fts_tok *t, const char *w, size_t n, uint64_t h, const char **out)
{
    stem_slot *slot = NULL;
    if (n <= CACHE_WORD) {
        slot = &t->cache[h & (CACHE_SLOTS - 1)];
        if (slot->wlen == n && memcmp(slot->word, w, n) == 0) {
            *out = slot->stem;
            return slot->slen;
        }
    }
    /* a stem the data says Snowball gets wrong (data/stem_overrides.tsv) */
    const char *over = vl_strmap_get(&t->ctx->stem_overrides, w, n);
    const sb_symbol *s = over ? (const sb_symbol *)over
                              : sb_stemmer_stem(t->stemmer, (const sb_symbol *)w, (int)n);
    if (!s) { /* Snowball's own allocation failed: index the word as is */
        *out = w;
        return n;
    }
    size_t sl = over ? strlen(over) : (size_t)sb_stemmer_length(t->stemmer);
    if (slot && sl <= CACHE_WORD) {
        slot->wlen = (unsigned char)n;
        slot->slen = (unsigned char)sl;
        memcpy(slot->word, w, n);
        memcpy(slot->stem, s, sl);
        *out = slot->stem;
        return sl;
    }
    *out = (const char *)s; /* valid until the next sb_stemmer_stem call */
    return sl;
}

static size_t stem(fts_tok *t, const char *w, size_t n, const char **out)
{
    if (n < 3) { /* Snowball leaves short words alone anyway */
        *out = w;
        return n;
    }
    return stem_h(t, w, n, vl_token_hash(w, n), out);
}

typedef int (*emit_fn)(void *, int, const char *, int, int, int);

/* The terms of one token, folded to f[0:n] (h: its vl_token_hash, or 0 to
 * compute), as FTS5 wants them: a word stemmed (not in a prefix query); a
 * code whole, then, when a document is indexed, its parts at its position,
 * so that "NQ" finds "18-NQ/TW". */
static int token_terms(fts_tok *t, void *cx, int flags, vl_tok_kind kind, const char *f,
                       size_t n, uint64_t h, int start, int end, emit_fn xToken)
{
    const char *term = f;
    size_t tn = n;
    if (kind == VL_TOK_WORD && !(flags & FTS5_TOKENIZE_PREFIX) && n >= 3)
        tn = stem_h(t, f, n, h ? h : vl_token_hash(f, n), &term);
    int rc = xToken(cx, 0, term, (int)tn, start, end);
    if (rc != SQLITE_OK || kind != VL_TOK_CODE || !(flags & FTS5_TOKENIZE_DOCUMENT)) return rc;
    size_t s = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && f[i] != '-' && f[i] != '/' && f[i] != '.' && f[i] != ',') continue;
        if (i > s && i - s < n) {
            /* word parts are stemmed as a query word would be */
            const char *part = f + s;
            size_t pn = i - s, k = 0;
            while (k < pn && !(part[k] >= '0' && part[k] <= '9')) k++;
            if (k == pn) pn = stem(t, f + s, i - s, &part);
            rc = xToken(cx, FTS5_TOKEN_COLOCATED, part, (int)pn, start, end);
            if (rc != SQLITE_OK) return rc;
        }
        s = i + 1;
    }
    return SQLITE_OK;
}

/* The analysis itself: each term to xToken, as FTS5 wants it. */
static int analyse(fts_tok *t, void *cx, int flags, const char *text, int ntext,
                   emit_fn xToken)
{
    const vl_ctx *ctx = t->ctx;
    if (ntext <= 0) return SQLITE_OK;
    vl_tokenizer tz;
    vl_tok_init(&tz, text, (size_t)ntext, &ctx->elisions, &ctx->fold);
    vl_token tok;
    char f[MAX_TERM + 16];
    while (vl_tok_next(&tz, &tok)) {
        if (tok.flags & VL_TOKF_ELISION) continue;
        size_t n = vl_fold_word(&ctx->fold, text + tok.start, tok.end - tok.start, f, MAX_TERM);
        if (n == 0) continue;
        int rc = token_terms(t, cx, flags, tok.kind, f, n, 0, (int)tok.start, (int)tok.end,
                             xToken);
        if (rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
}

/* ------------------------------------------------------------ tapes */

/* A tape: the indexed columns of one document and their terms, made by a
 * worker thread, replayed by the tokenizer on the writer's thread. Each
 * term: flags (1 byte), length (1 byte), start and end (4 bytes each, little
 * endian), the bytes. */
struct vl_fts_tape {
    vl_buf layout, col[3]; /* title, body, boilerplate */
    vl_buf terms[3];
};

struct vl_fts_tok {
    fts_tok tok;
};

vl_fts_tok *vl_fts_tok_new(const vl_ctx *ctx)
{
    vl_fts_tok *t = vl_calloc(1, sizeof *t);
    if (stemmer_init(&t->tok, ctx)) {
        free(t);
        return NULL;
    }
    return t;
}

void vl_fts_tok_free(vl_fts_tok *t)
{
    if (!t) return;
    stemmer_done(&t->tok);
    free(t);
}

static void put_u32(unsigned char *p, uint32_t v)
{
    for (int k = 0; k < 4; k++) p[k] = (unsigned char)(v >> (8 * k));
}

/* Where a tape's terms go: the column's terms, and the column offset of
 * the text being analysed (a block of it). */
typedef struct recorder {
    vl_buf *out;
    int shift;
} recorder;

static int record(void *cx, int flags, const char *term, int n, int start, int end)
{
    recorder *r = cx;
    vl_buf *b = r->out;
    if (vl_buf_reserve(b, 10 + (size_t)n) != VL_OK) return SQLITE_NOMEM;
    unsigned char *h = b->data + b->len;
    h[0] = (unsigned char)flags;
    h[1] = (unsigned char)n;
    put_u32(h + 2, (uint32_t)(start + r->shift));
    put_u32(h + 6, (uint32_t)(end + r->shift));
    memcpy(h + 10, term, (size_t)n);
    b->len += 10 + (size_t)n;
    b->data[b->len] = 0;
    return SQLITE_OK;
}

/* Whether the tokenizer treats code point cp of the original exactly as
 * the ASCII character c the analysis view put in its place: a typographic
 * apostrophe as ' (both apostrophes, neither part of words), a quotation
 * mark as " and a no-break or thin space as a space (none of them part of
 * words, joining words or codes, or an apostrophe). Not so ‘ or ʼ (the
 * first no apostrophe to the tokenizer, the second a letter), dashes (- joins
 * codes) or dropped soft hyphens. */
static int same_to_tokenizer(int32_t cp, char c)
{
    switch (c) {
    case '\'':
        return cp == 0x2019;
    case '"':
        return cp == 0x00AB || cp == 0x00BB || cp == 0x201C || cp == 0x201D ||
               cp == 0x201E || cp == 0x201F || cp == 0x2033;
    case ' ':
        return cp == 0x00A0 || cp == 0x202F || (cp >= 0x2002 && cp <= 0x200A) ||
               cp == 0x3000;
    default:
        return 0;
    }
}

/* The terms of one block from extraction's tokens x[0:nx], cut from the
 * block's analysis view w[0:wn] (x[i].s - vs is an offset in w), when the
 * block's original text o[0:on] differs from w only where the tokenizer
 * cannot tell (same_to_tokenizer): then both have the same words, codes
 * and numbers, with the same folded forms, and analysing o would give the
 * terms recorded here, at the offsets recorded here. Returns 0 when the
 * texts differ otherwise; the caller then drops what was recorded. */
static int block_terms(fts_tok *t, recorder *r, const char *o, size_t on, const char *w,
                       size_t wn, size_t vs, const vl_xtok *x, size_t nx)
{
    size_t i = 0, v = 0; /* matching offsets in o and w */
    for (size_t q = 0; q <= nx; q++) {
        if (q < nx && x[q].kind == VL_TOK_PUNCT) continue; /* walked over below */
        size_t to = q < nx ? x[q].s - vs : wn;
        while (v < to) { /* the text between two tokens */
            if (i >= on) return 0;
            if (o[i] == w[v]) {
                i++;
                v++;
                continue;
            }
            int32_t cp;
            size_t k = vl_utf8_decode((const unsigned char *)o + i, on - i, &cp);
            if (!same_to_tokenizer(cp, w[v])) return 0;
            i += k;
            v++;
        }
        if (q == nx) break;
        size_t n = x[q].e - x[q].s;
        if (i + n > on || memcmp(o + i, w + v, n) != 0) return 0;
        if (!(x[q].flags & VL_XT_ELISION) && x[q].flen) {
            if (x[q].flen > MAX_TERM) return 0; /* analysis keeps MAX_TERM bytes */
            token_terms(t, r, FTS5_TOKENIZE_DOCUMENT, (vl_tok_kind)x[q].kind, x[q].fold,
                        x[q].flen, x[q].hash, (int)i, (int)(i + n), record);
        }
        i += n;
        v += n;
    }
    return i == on;
}

/* The terms of one column (part) of a document, block by block as
 * vl_fts_part joins them: from extraction's tokens where block_terms can,
 * by analysing the block's text where not. */
static void column_terms(fts_tok *t, const vl_doc *doc, const vl_buf *layout, int part,
                         vl_buf *out)
{
    const vl_toks *tk = &doc->ex.tokens;
    size_t q = 0, col = 0; /* next token; offset of the block in the column */
    uint32_t s, e;
    for (size_t i = 0, n = 0; next_block(layout->data, layout->len, doc->len, part, &i, &s, &e);
         n++) {
        if (n) col += 2;
        recorder r = {out, (int)col};
        size_t b = i / 9 - 1, mark = out->len; /* next_block moved past the entry */
        int done = 0;
        if (tk->t && b < 65535 && b < doc->st.nblocks) {
            while (q < tk->n && tk->t[q].block < b) q++;
            size_t q0 = q;
            while (q < tk->n && tk->t[q].block == b) q++;
            vl_vrange vb = doc->st.vblocks[b];
            /* a block extraction does not read (">>" lines) is analysed */
            done = q > q0 && block_terms(t, &r, doc->text + s, e - s, doc->view.text + vb.s, vb.e - vb.s,
                               vb.s, tk->t + q0, q - q0);
        }
        if (!done) {
            out->len = mark; /* what block_terms recorded goes */
            if (out->data) out->data[mark] = 0;
            analyse(t, &r, FTS5_TOKENIZE_DOCUMENT, doc->text + s, (int)(e - s), record);
        }
        col += e - s;
    }
}

static vl_fts_tape *tape_build(vl_fts_tok *t, const vl_doc *doc, int from_tokens)
{
    vl_fts_tape *tp = vl_calloc(1, sizeof *tp);
    vl_buf_init(&tp->layout, 0);
    for (int i = 0; i < 3; i++) {
        vl_buf_init(&tp->col[i], 0);
        vl_buf_init(&tp->terms[i], 0);
    }
    size_t len;
    const char *text = vl_doc_text(doc, &len);
    const char *title = vl_doc_title(doc);
    vl_fts_layout(doc, &tp->layout);
    if (title) vl_buf_add(&tp->col[0], title, strlen(title));
    /* the body is most of the text */
    vl_buf_reserve(&tp->col[VL_FTS_BODY], len);
    for (int i = 1; i < 3; i++)
        vl_fts_part(text, len, tp->layout.data, tp->layout.len, i, &tp->col[i]);
    for (int i = 0; i < 3; i++) {
        /* a term takes 10 bytes and its own: some 3 times the text */
        vl_buf_reserve(&tp->terms[i], tp->col[i].len * 3 + 64);
        if (i > 0 && from_tokens) {
            column_terms(&t->tok, doc, &tp->layout, i, &tp->terms[i]);
            continue;
        }
        recorder r = {&tp->terms[i], 0};
        analyse(&t->tok, &r, FTS5_TOKENIZE_DOCUMENT, (const char *)tp->col[i].data,
                (int)tp->col[i].len, record);
    }
    return tp;
}

vl_fts_tape *vl_fts_tape_build(vl_fts_tok *t, const vl_doc *doc)
{
    return tape_build(t, doc, 1);
}

vl_fts_tape *vl_fts_tape_analysed(vl_fts_tok *t, const vl_doc *doc)
{
    return tape_build(t, doc, 0);
}

void vl_fts_tape_free(vl_fts_tape *tp)
{
    if (!tp) return;
    vl_buf_free(&tp->layout);
    for (int i = 0; i < 3; i++) {
        vl_buf_free(&tp->col[i]);
        vl_buf_free(&tp->terms[i]);
    }
    free(tp);
}

const unsigned char *vl_fts_tape_part(const vl_fts_tape *tp, int part, size_t *len)
{
    const vl_buf *b = part < 0 ? &tp->layout : &tp->col[part];
    *len = b->len;
    return b->data ? b->data : (const unsigned char *)"";
}

const unsigned char *vl_fts_tape_terms(const vl_fts_tape *tp, int part, size_t *len)
{
    const vl_buf *b = &tp->terms[part];
    *len = b->len;
    return b->data ? b->data : (const unsigned char *)"";
}

vl_fts_hook *vl_fts_hook_new(const vl_ctx *ctx)
{
    vl_fts_hook *h = vl_calloc(1, sizeof *h);
    h->ctx = ctx;
    return h;
}

void vl_fts_hook_set(vl_fts_hook *h, const vl_fts_tape *tape) { h->tape = tape; }

/* The tape's terms for this text, when the text is one of its columns. */
static const vl_buf *taped(const vl_fts_hook *h, int flags, const char *text, int ntext)
{
    const vl_fts_tape *tp = h->tape;
    if (!tp || !(flags & FTS5_TOKENIZE_DOCUMENT)) return NULL;
    for (int i = 0; i < 3; i++)
        if (tp->col[i].len == (size_t)ntext &&
            (ntext == 0 || (const char *)tp->col[i].data == text || /* bound in place */
             memcmp(tp->col[i].data, text, (size_t)ntext) == 0))
            return &tp->terms[i];
    return NULL;
}

static int tok_tokenize(Fts5Tokenizer *p, void *cx, int flags, const char *text, int ntext,
                        emit_fn xToken)
{
    fts_inst *t = (fts_inst *)p;
    const vl_buf *tape = taped(t->hook, flags, text, ntext);
    if (!tape) return analyse(&t->tok, cx, flags, text, ntext, xToken);
    const unsigned char *q = tape->data, *end = q + tape->len;
    while (q && q + 10 <= end) {
        int n = q[1];
        int rc = xToken(cx, q[0], (const char *)q + 10, n, (int)u32_at(q + 2),
                        (int)u32_at(q + 6));
        if (rc != SQLITE_OK) return rc;
        q += 10 + n;
    }
    return SQLITE_OK;
}

/* --------------------------------------------------------- register */

fts5_api *vl_fts_api(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
}

vl_status vl_fts_register(sqlite3 *db, vl_fts_hook *hook, vl_error *err)
{
    fts5_api *api = vl_fts_api(db);
    if (!api) return vl_error_set(err, VL_EDB, NULL, -1, -1, "SQLite has no FTS5");
    fts5_tokenizer tk = {tok_create, tok_delete, tok_tokenize};
    int rc = api->xCreateTokenizer(api, "veille", hook, &tk, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "vl_part", 3,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                     NULL, part_func, NULL, NULL);
    if (rc != SQLITE_OK)
        return vl_error_set(err, VL_EDB, NULL, -1, -1, "cannot register FTS5 functions: %s",
                            sqlite3_errmsg(db));
    return VL_OK;
}
