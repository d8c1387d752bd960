/*
 * doc.c — runs one document through normalize, structure and extract, and
 * answers questions about the result.
 */
#include "doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

#include "ctx.h"
#include "error.h"
#include "resolve.h"

static const char *const kind_names[VL_BLOCK_KIND_COUNT] = {
    "header", "title", "dateline", "paragraph", "heading", "caption", "related", "signature",
};

const char *vl_block_kind_str(vl_block_kind k)
{
    return (unsigned)k < VL_BLOCK_KIND_COUNT ? kind_names[k] : "unknown";
}

int vl_block_kind_is_boilerplate(vl_block_kind k)
{
    return k == VL_BLOCK_CAPTION || k == VL_BLOCK_RELATED || k == VL_BLOCK_SIGNATURE ||
           k == VL_BLOCK_DATELINE || k == VL_BLOCK_HEADER;
}

static const char *dup(vl_doc *d, const char *s)
{
    return s ? vl_arena_strndup(&d->arena, s, strlen(s)) : NULL;
}

/* A metadata date as stored: its YYYY[-MM[-DD]] prefix when it has one
 * ("2023-04-14T08:00:00Z" -> "2023-04-14"), else NULL. */
static const char *meta_date(vl_doc *d, const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s);
    for (size_t len = 10; len >= 4; len -= 3) {
        if (n >= len && vl_structure_date_len(s, len) == (int)len &&
            (n == len || s[len] == 'T' || s[len] == ' '))
            return vl_arena_strndup(&d->arena, s, len);
    }
    return NULL;
}

static void analyse(const vl_ctx *ctx, vl_doc *d)
{
    vl_norm_view(&d->arena, d->text, d->len, &ctx->fold, &d->view);
    vl_structure_words sw = {&ctx->agencies, &ctx->lead_openers, &ctx->fold};
    vl_structure_parse(&d->arena, &d->view, &sw, &d->st);
}

/* Extraction needs the document's date, known only after structure. */
static void extract(const vl_ctx *ctx, vl_doc *d)
{
    if (ctx->structure_only) return;
    vl_extract_run(ctx, &d->arena, &d->view, &d->st, d->text, d->date, &d->ex);
    vl_resolve_run(ctx, &d->arena, d->date, &d->ex);
}

/* An undated document dated from its text, after extraction (whose dates
 * keep an unknown year, XXXX, when the document has no date of its own): a
 * publication stamp in its first lines (structure), else the date the text
 * gives itself in its lead (dates.c). */
static void date_from_text(vl_doc *d)
{
    if (d->date) return;
    const char *t = d->st.stamp_date[0] ? d->st.stamp_date
                    : d->ex.self_date[0] ? d->ex.self_date
                                         : NULL;
    if (!t) return;
    d->date = dup(d, t);
    d->date_source = "text";
}

/* Identity of content: the analysis view, so that NFD and NFC copies, or
 * ' and ’, are one document. */
static void set_hash(vl_doc *d)
{
    static const char hex[] = "0123456789abcdef";
    XXH128_hash_t h = XXH3_128bits(d->view.text, d->view.len);
    /* 32 hex digits, high half first (no printf: once per document) */
    for (int i = 0; i < 16; i++) {
        d->hash[i] = hex[h.high64 >> (60 - 4 * i) & 15];
        d->hash[16 + i] = hex[h.low64 >> (60 - 4 * i) & 15];
    }
    d->hash[32] = 0;
}

/* The title block's text, when the document has one. */
static const char *title_from_blocks(vl_doc *d)
{
    for (size_t i = 0; i < d->st.nblocks; i++)
        if (d->st.blocks[i].kind == VL_BLOCK_TITLE)
            return vl_arena_strndup(&d->arena, d->text + d->st.blocks[i].start,
                                    d->st.blocks[i].end - d->st.blocks[i].start);
    return NULL;
}

/* A document from raw: analysed, and extracted when extract_it. */
static vl_status doc_new(const vl_ctx *ctx, const vl_raw *raw, int extract_it, vl_doc **out,
                         vl_error *err)
{
    vl_status st = vl_norm_check(raw->text, raw->len, ctx->max_doc_bytes, raw->source, err);
    if (st) return st;
    vl_doc *d = vl_calloc(1, sizeof *d);
    d->text = vl_arena_strndup(&d->arena, (const char *)raw->text, raw->len);
    d->len = raw->len;
    analyse(ctx, d);
    set_hash(d);
    d->id = raw->id && *raw->id ? dup(d, raw->id) : vl_arena_strndup(&d->arena, d->hash, 16);
    d->source = dup(d, raw->source ? raw->source : "-");
    d->url = dup(d, raw->url);
    if (d->st.header_date[0]) {
        d->date = dup(d, d->st.header_date);
        d->date_source = "header";
    } else if ((d->date = meta_date(d, raw->date)) != NULL) {
        d->date_source = "metadata";
    }
    /* a title given with the document is kept, but for a lead sentence's
     * first words that a scraper took for one ("C'est ce qu'a déclaré ...") */
    vl_structure_words sw = {&ctx->agencies, &ctx->lead_openers, &ctx->fold};
    d->title = raw->title && *raw->title && !vl_structure_lead(&sw, raw->title, strlen(raw->title))
                   ? dup(d, raw->title)
                   : title_from_blocks(d);
    if (extract_it) {
        extract(ctx, d);
        date_from_text(d);
    }
    *out = d;
    return VL_OK;
}

vl_status vl_doc_new(const vl_ctx *ctx, const vl_raw *raw, vl_doc **out, vl_error *err)
{
    return doc_new(ctx, raw, 1, out, err);
}

vl_status vl_doc_new_unextracted(const vl_ctx *ctx, const vl_raw *raw, vl_doc **out,
                                 vl_error *err)
{
    return doc_new(ctx, raw, 0, out, err);
}

vl_doc *vl_doc_from_stored(const vl_ctx *ctx, const char *text, size_t len,
                           const char *id, const char *source, const char *url,
                           const char *date, const char *date_source, const char *title)
{
    vl_doc *d = vl_calloc(1, sizeof *d);
    d->text = vl_arena_strndup(&d->arena, text, len);
    d->len = len;
    analyse(ctx, d);
    set_hash(d);
    d->id = dup(d, id);
    d->source = dup(d, source);
    d->url = dup(d, url);
    /* a date from the text is found again, after extraction */
    int from_text = date_source && !strcmp(date_source, "text");
    d->date = from_text ? NULL : dup(d, date);
    d->date_source = !date || from_text                     ? NULL
                     : date_source && !strcmp(date_source, "header") ? "header"
                                                                     : "metadata";
    d->title = dup(d, title);
    extract(ctx, d);
    date_from_text(d);
    return d;
}

void vl_doc_free(vl_doc *doc)
{
    if (!doc) return;
    vl_arena_free(&doc->arena);
    free(doc);
}

const char *vl_doc_id(const vl_doc *d) { return d->id; }
const char *vl_doc_hash(const vl_doc *d) { return d->hash; }
const char *vl_doc_source(const vl_doc *d) { return d->source; }
const char *vl_doc_url(const vl_doc *d) { return d->url; }
const char *vl_doc_date(const vl_doc *d) { return d->date; }
const char *vl_doc_date_source(const vl_doc *d) { return d->date_source; }
const char *vl_doc_title(const vl_doc *d) { return d->title; }

const char *vl_doc_text(const vl_doc *d, size_t *len)
{
    if (len) *len = d->len;
    return d->text;
}

size_t vl_doc_block_count(const vl_doc *d)
{
    return d->st.nblocks;
}

vl_block vl_doc_block(const vl_doc *d, size_t i)
{
    return d->st.blocks[i];
}

size_t vl_utf8_cp_offset(const char *text, size_t byte_off)
{
    size_t n = 0;
    for (size_t i = 0; i < byte_off; i++)
        n += ((unsigned char)text[i] & 0xC0) != 0x80;
    return n;
}

int64_t vl_utf8_invalid(const char *s)
{
    size_t n = strlen(s);
    for (utf8proc_ssize_t i = 0, k; i < (utf8proc_ssize_t)n; i += k) {
        utf8proc_int32_t cp;
        k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)n - i, &cp);
        if (k <= 0) return (int64_t)i;
    }
    return -1;
}

size_t vl_display_width(const char *s)
{
    size_t n = strlen(s), w = 0;
    for (utf8proc_ssize_t i = 0, k; i < (utf8proc_ssize_t)n; i += k) {
        utf8proc_int32_t cp;
        k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)n - i, &cp);
        if (k <= 0) {
            k = 1;
            w++;
            continue;
        }
        int cw = utf8proc_charwidth(cp);
        w += cw > 0 ? (size_t)cw : 0;
    }
    return w;
}

int vl_date_valid(const char *s)
{
    return s && vl_structure_date_len(s, strlen(s)) != 0;
}
