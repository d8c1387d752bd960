/*
 * load.c — records that carry what storing a document needs (store stage,
 * for vl_load): the extract record with the text, the fact pack (base64)
 * and the events' rows; and reading one back, checked, into a document
 * that was not extracted again.
 */
#include "load.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "error.h"
#include "facts.h"
#include "store.h"

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64(vl_buf *out, const unsigned char *p, size_t n)
{
    vl_buf_addc(out, '"');
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
                     (i + 2 < n ? p[i + 2] : 0);
        char q[4] = {b64[v >> 18], b64[v >> 12 & 63], i + 1 < n ? b64[v >> 6 & 63] : '=',
                     i + 2 < n ? b64[v & 63] : '='};
        vl_buf_add(out, q, 4);
    }
    vl_buf_addc(out, '"');
}

/* The value of a base64 digit, or -1. */
static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decodes base64 s into out: 0, or -1 when s is not base64. */
static int unbase64(const char *s, size_t n, vl_buf *out)
{
    if (n % 4) return -1;
    for (size_t i = 0; i < n; i += 4) {
        /* "=" only at the end: one or two of them */
        int pad = i + 4 == n ? (s[i + 3] == '=') + (s[i + 3] == '=' && s[i + 2] == '=') : 0;
        uint32_t v = 0;
        for (int k = 0; k < 4; k++) {
            int c = k >= 4 - pad ? 0 : b64_value((unsigned char)s[i + (size_t)k]);
            if (c < 0) return -1;
            v = v << 6 | (uint32_t)c;
        }
        unsigned char b[3] = {(unsigned char)(v >> 16), (unsigned char)(v >> 8), (unsigned char)v};
        if (vl_buf_add(out, b, (size_t)(3 - pad))) return -1;
    }
    return 0;
}

/* Appends s as a JSON string (or null). */
static void json_str(vl_buf *out, const char *s, size_t n)
{
    if (!s) {
        vl_buf_adds(out, "null");
        return;
    }
    json_t *j = json_stringn(s, n);
    char *t = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
    vl_buf_adds(out, t ? t : "null");
    free(t);
    json_decref(j);
}

char *vl_doc_load_record(const vl_doc *d)
{
    char *rec = vl_doc_record(d);
    if (!rec) return NULL;
    size_t n = strlen(rec);
    vl_buf out;
    vl_buf_init(&out, 0);
    vl_buf_add(&out, rec, n - 1); /* its closing brace */
    free(rec);
    vl_buf_adds(&out, ",\"text\":");
    json_str(&out, d->text, d->len);
    vl_buf_adds(&out, ",\"url\":");
    json_str(&out, d->url, d->url ? strlen(d->url) : 0);
    vl_buf pack;
    vl_buf_init(&pack, 0);
    vl_facts_pack(d, &pack);
    vl_buf_adds(&out, ",\"load\":{\"pack\":");
    base64(&out, pack.data ? pack.data : (const unsigned char *)"", pack.len);
    vl_buf_free(&pack);
    vl_buf_adds(&out, ",\"events\":");
    vl_store_events_json(d, &out);
    vl_buf_adds(&out, "}}");
    vl_buf_addc(&out, 0);
    return (char *)out.data;
}

/* The pack's facts are whole and their evidence lies in the text. */
static int pack_fits(const vl_buf *pack, size_t len)
{
    size_t pos = 0;
    vl_fact f;
    while (vl_facts_next(pack->data, pack->len, &pos, &f))
        if (f.kind < 0 || f.kind >= VL_FACT_KINDS || f.start < 0 || f.start > f.end ||
            (size_t)f.end > len)
            return 0;
    return pos == pack->len;
}

/* Each event a row [type, date, place, 4 offsets in the text, persons]:
 * strings or null, whole numbers in order, persons a JSON array. */
static int events_fit(const json_t *rows, size_t len)
{
    if (!json_is_array(rows)) return 0;
    size_t i;
    const json_t *r;
    json_array_foreach(rows, i, r) {
        if (!json_is_array(r) || json_array_size(r) != 8) return 0;
        for (size_t k = 0; k < 3; k++) {
            const json_t *v = json_array_get(r, k);
            if (!json_is_string(v) && !json_is_null(v)) return 0;
        }
        if (!json_is_string(json_array_get(r, 0))) return 0; /* a type */
        for (size_t k = 3; k < 7; k++) {
            const json_t *v = json_array_get(r, k);
            if (!json_is_integer(v) || json_integer_value(v) < 0 ||
                (size_t)json_integer_value(v) > len)
                return 0;
        }
        if (json_integer_value(json_array_get(r, 3)) > json_integer_value(json_array_get(r, 4)) ||
            json_integer_value(json_array_get(r, 5)) > json_integer_value(json_array_get(r, 6)))
            return 0;
        const json_t *p = json_array_get(r, 7);
        json_t *persons = json_is_string(p) ? json_loadb(json_string_value(p), json_string_length(p), 0, NULL)
                                            : NULL;
        int ok = json_is_array(persons);
        json_decref(persons);
        if (!ok) return 0;
    }
    return 1;
}

/* A string field of the record, copied into the document's arena, or NULL. */
static const char *field(vl_doc *d, const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? vl_arena_strndup(&d->arena, json_string_value(v),
                                                json_string_length(v))
                             : NULL;
}

vl_status vl_load_doc(const vl_ctx *ctx, const vl_raw *raw, vl_loaded *out, vl_error *err)
{
    const json_t *o = raw->json, *load = o ? json_object_get(o, "load") : NULL;
    const json_t *pack = json_object_get(load, "pack"), *events = json_object_get(load, "events");
    if (!json_is_object(load) || !json_is_string(pack) || !json_is_array(events))
        return vl_error_set(err, VL_EJSON, raw->source, -1, -1,
                            "no \"load\" object with \"pack\" and \"events\" (made by"
                            " 'veille extract --store')");
    vl_doc *d = NULL;
    vl_status s = vl_doc_new_unextracted(ctx, raw, &d, err);
    if (s) return s;
    vl_buf_reset(&out->pack);
    if (unbase64(json_string_value(pack), json_string_length(pack), &out->pack) || !pack_fits(&out->pack, d->len)) {
        vl_doc_free(d);
        return vl_error_set(err, VL_EJSON, raw->source, -1, -1,
                            "\"load\".\"pack\" is no fact pack of this text");
    }
    if (!events_fit(events, d->len)) {
        vl_doc_free(d);
        return vl_error_set(err, VL_EJSON, raw->source, -1, -1,
                            "\"load\".\"events\" are no event rows of this text");
    }
    /* what extraction gave the document, as the record says it */
    const char *v;
    if ((v = field(d, o, "source")) != NULL) d->source = v;
    d->date = field(d, o, "date");
    d->date_source = d->date ? field(d, o, "date_source") : NULL;
    if (json_object_get(o, "title")) d->title = field(d, o, "title");
    vl_buf_reset(&out->terms);
    vl_facts_terms(out->pack.data, out->pack.len, &out->terms);
    vl_buf_addc(&out->terms, 0);
    out->terms.len--; /* NUL-terminated, as the store binds it */
    out->doc = d;
    out->events = events;
    return VL_OK;
}
