/*
 * fts.h — veille's French full-text analysis inside SQLite FTS5 (store
 * stage).
 *
 * Registers on a connection:
 *   - the FTS5 tokenizer "veille": tokens of tokenize.c, folded (case,
 *     diacritics, đ -> d), elisions dropped, words stemmed with Snowball's
 *     French stemmer; codes and numbers kept whole, and at indexing time
 *     their parts too (colocated), so "18-NQ/TW" is found by "18-NQ/TW" and
 *     by "NQ". Prefix queries are folded, not stemmed. The same analysis runs
 *     at index and at query time.
 *   - the SQL function vl_part(text, layout, part): the indexed text of a
 *     stored document's body (part 1) or boilerplate (part 2), rebuilt from
 *     its text and block layout; the FTS5 external-content view uses it.
 */
#ifndef VL_FTS_H
#define VL_FTS_H

#include <sqlite3.h>

#include "buf.h"
#include "veille.h"

/* What the tokenizer of one connection knows: the context, and the tape of
 * the document being inserted. Made before the connection, freed after it. */
typedef struct vl_fts_hook vl_fts_hook;
vl_fts_hook *vl_fts_hook_new(const vl_ctx *ctx);

/* The connection's FTS5 API, or NULL when SQLite has no FTS5. */
fts5_api *vl_fts_api(sqlite3 *db);

/* Registers the tokenizer and functions; hook must outlive the connection. */
vl_status vl_fts_register(sqlite3 *db, vl_fts_hook *hook, vl_error *err);

enum { VL_FTS_BODY = 1, VL_FTS_BOILER = 2 };

/* The block layout of a document as stored (9 bytes a block). */
void vl_fts_layout(const vl_doc *doc, vl_buf *out);

/* Appends the text of `part` (VL_FTS_BODY or VL_FTS_BOILER) to out. */
void vl_fts_part(const char *text, size_t len, const unsigned char *layout, size_t llen,
                 int part, vl_buf *out);

/* Tapes: the full-text analysis of a document done ahead, on another thread
 * (the ingest workers), and replayed when the document is inserted. A
 * vl_fts_tok is one thread's stemmer; a tape belongs to one document. The
 * tokenizer replays a tape only for text equal to one of its columns, and
 * analyses anything else as usual, so a tape can change speed, not terms. */
typedef struct vl_fts_tok vl_fts_tok;
typedef struct vl_fts_tape vl_fts_tape;
vl_fts_tok *vl_fts_tok_new(const vl_ctx *ctx); /* NULL if Snowball fails */
void vl_fts_tok_free(vl_fts_tok *t);
/* The body and boilerplate terms come from extraction's tokens where the
 * original text reads as the analysis view to the tokenizer, by analysing
 * the block where not: the same terms either way. */
vl_fts_tape *vl_fts_tape_build(vl_fts_tok *t, const vl_doc *doc);
/* The same tape, every column analysed (for tests). */
vl_fts_tape *vl_fts_tape_analysed(vl_fts_tok *t, const vl_doc *doc);
void vl_fts_tape_free(vl_fts_tape *tape);
/* The tape's layout (part -1), title (0), body (1) or boilerplate (2). */
const unsigned char *vl_fts_tape_part(const vl_fts_tape *tape, int part, size_t *len);
/* A column's terms, term after term: flags and length (a byte each), start
 * and end (4 bytes each, little endian), the bytes. */
const unsigned char *vl_fts_tape_terms(const vl_fts_tape *tape, int part, size_t *len);
/* The tape the tokenizer replays from now on; NULL for none. */
void vl_fts_hook_set(vl_fts_hook *hook, const vl_fts_tape *tape);

#endif
