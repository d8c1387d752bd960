/*
 * json_out.c — the CLI's JSON output, built with jansson.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static void dump(FILE *f, json_t *o)
{
    json_dumpf(o, f, JSON_COMPACT);
    fputc('\n', f);
    json_decref(o);
}

void cli_json_stats(FILE *f, const vl_stats *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "documents", json_integer(s->documents));
    json_object_set_new(o, "first_date", s->first_date[0] ? json_string(s->first_date) : json_null());
    json_object_set_new(o, "last_date", s->last_date[0] ? json_string(s->last_date) : json_null());
    json_object_set_new(o, "bytes", json_integer(s->bytes));
    json_object_set_new(o, "skipped", json_integer(s->skipped));
    json_object_set_new(o, "schema_version", json_integer(s->schema_version));
    dump(f, o);
}

/* The snippet with its match markers (\x01, \x02) shown as "[" and "]",
 * as in the text output. */
static json_t *snippet(const char *s)
{
    if (!s) return json_null();
    size_t n = strlen(s);
    char *b = malloc(n + 1);
    if (!b) return json_null();
    for (size_t i = 0; i <= n; i++) b[i] = s[i] == 1 ? '[' : s[i] == 2 ? ']' : s[i];
    json_t *j = json_string(b);
    free(b);
    return j ? j : json_null();
}

void cli_json_hits(FILE *f, const vl_hits *h)
{
    json_t *o = json_object(), *a = json_array();
    json_object_set_new(o, "total", json_integer(vl_hits_total(h)));
    json_object_set_new(o, "undated", json_integer(vl_hits_undated(h)));
    for (size_t i = 0; i < vl_hits_count(h); i++) {
        const vl_hit *x = vl_hits_get(h, i);
        json_t *e = json_object();
        json_object_set_new(e, "id", str_or_null(x->id));
        json_object_set_new(e, "source", str_or_null(x->source));
        json_object_set_new(e, "date", str_or_null(x->date));
        json_object_set_new(e, "title", str_or_null(x->title));
        json_object_set_new(e, "snippet", snippet(x->snippet));
        json_object_set_new(e, "score", json_real(x->score));
        json_array_append_new(a, e);
    }
    json_object_set_new(o, "hits", a);
    if (vl_hits_facet_docs(h) || vl_hits_facet_count(h, VL_FACET_MONTHS)) {
        static const char *const name[VL_FACET_KINDS] = {"persons", "organizations", "places",
                                                         "months"};
        json_t *fo = json_object();
        json_object_set_new(fo, "docs", json_integer(vl_hits_facet_docs(h)));
        for (int k = 0; k < VL_FACET_KINDS; k++) {
            json_t *fa = json_array();
            for (size_t i = 0; i < vl_hits_facet_count(h, (vl_facet_kind)k); i++) {
                const vl_facet *x = vl_hits_facet(h, (vl_facet_kind)k, i);
                json_t *e = json_object();
                if (k == VL_FACET_MONTHS) {
                    json_object_set_new(e, "month", json_string(x->key));
                } else {
                    json_object_set_new(e, "key", json_string(x->key));
                    json_object_set_new(e, "name", json_string(x->name));
                }
                json_object_set_new(e, "count", json_integer(x->count));
                json_array_append_new(fa, e);
            }
            json_object_set_new(fo, name[k], fa);
        }
        json_object_set_new(o, "facets", fo);
    }
    dump(f, o);
}

void *cli_json_doc_object(const vl_doc *d)
{
    size_t len;
    const char *text = vl_doc_text(d, &len);
    json_t *o = json_object(), *a = json_array();
    json_object_set_new(o, "id", str_or_null(vl_doc_id(d)));
    json_object_set_new(o, "source", str_or_null(vl_doc_source(d)));
    json_object_set_new(o, "url", str_or_null(vl_doc_url(d)));
    json_object_set_new(o, "date", str_or_null(vl_doc_date(d)));
    json_object_set_new(o, "date_source", str_or_null(vl_doc_date_source(d)));
    json_object_set_new(o, "title", str_or_null(vl_doc_title(d)));
    for (size_t i = 0; i < vl_doc_block_count(d); i++) {
        vl_block b = vl_doc_block(d, i);
        json_t *e = json_object();
        json_object_set_new(e, "kind", json_string(vl_block_kind_str(b.kind)));
        json_object_set_new(e, "start", json_integer((json_int_t)vl_utf8_cp_offset(text, b.start)));
        json_object_set_new(e, "end", json_integer((json_int_t)vl_utf8_cp_offset(text, b.end)));
        json_object_set_new(e, "text", json_stringn(text + b.start, b.end - b.start));
        json_array_append_new(a, e);
    }
    json_object_set_new(o, "blocks", a);
    json_object_set_new(o, "length", json_integer((json_int_t)vl_utf8_cp_offset(text, len)));
    return o;
}

void cli_json_doc(FILE *f, const vl_doc *d)
{
    dump(f, cli_json_doc_object(d));
}
