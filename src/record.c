/*
 * record.c — the `veille extract` record of a document (DESIGN.md,
 * "Contracts"): one JSON object, offsets in code points of the original
 * text, original[start:end] == text for every mention.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"

/* Code point offsets of byte offsets, through checkpoints every 256 bytes
 * so that a long document costs no quadratic scans. */
typedef struct cpmap {
    const char *text;
    size_t len;
    size_t *check; /* code points before byte k*256 */
} cpmap;

static void cpmap_init(cpmap *m, const char *text, size_t len)
{
    m->text = text;
    m->len = len;
    m->check = malloc((len / 256 + 2) * sizeof *m->check);
    if (!m->check) abort();
    size_t cp = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i % 256 == 0) m->check[i / 256] = cp;
        if (i < len) cp += ((unsigned char)text[i] & 0xC0) != 0x80;
    }
}

static size_t cpmap_at(const cpmap *m, size_t byte)
{
    if (byte > m->len) byte = m->len;
    size_t base = byte / 256 * 256, cp = m->check[byte / 256];
    for (size_t i = base; i < byte; i++) cp += ((unsigned char)m->text[i] & 0xC0) != 0x80;
    return cp;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *mention(const vl_doc *d, const cpmap *m, vl_span sp)
{
    size_t s = d->view.map[sp.s], e = d->view.map[sp.e];
    json_t *o = json_object();
    json_object_set_new(o, "start", json_integer((json_int_t)cpmap_at(m, s)));
    json_object_set_new(o, "end", json_integer((json_int_t)cpmap_at(m, e)));
    json_object_set_new(o, "text", json_stringn(d->text + s, e - s));
    return o;
}

static json_t *mentions(const vl_doc *d, const cpmap *m, const vl_span *sp, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(a, mention(d, m, sp[i]));
    return a;
}

static const char *status_name(uint8_t s)
{
    switch (s) {
    case VL_ST_FORMER: return "former";
    case VL_ST_ACTING: return "acting";
    case VL_ST_DESIGNATE: return "designate";
    default: return "current";
    }
}

static json_t *entities(const vl_doc *d, const cpmap *m, const vl_entity *e, size_t n,
                        int place)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(e[i].name));
        json_object_set_new(o, "key", json_string(e[i].key));
        if (place) {
            json_object_set_new(o, "country", str_or_null(e[i].country && *e[i].country
                                                              ? e[i].country
                                                              : NULL));
            json_object_set_new(o, "kind", str_or_null(e[i].kind));
        }
        json_object_set_new(o, "mentions", mentions(d, m, e[i].mentions, e[i].nmentions));
        json_array_append_new(a, o);
    }
    return a;
}

char *vl_doc_record(const vl_doc *d)
{
    const vl_extraction *x = &d->ex;
    cpmap m;
    cpmap_init(&m, d->text, d->len);
    json_t *r = json_object();
    json_object_set_new(r, "id", json_string(d->id));
    json_object_set_new(r, "source", str_or_null(d->source));
    json_object_set_new(r, "date", str_or_null(d->date));
    json_object_set_new(r, "date_source", str_or_null(d->date_source));
    json_object_set_new(r, "title", str_or_null(d->title));

    json_t *persons = json_array();
    for (size_t i = 0; i < x->npersons; i++) {
        const vl_person *p = &x->persons[i];
        json_t *o = json_object(), *titles = json_array(), *ranks = json_array();
        json_object_set_new(o, "name", json_string(p->name));
        json_object_set_new(o, "key", json_string(p->key));
        for (size_t k = 0; k < p->ntitles; k++) {
            json_t *t = json_object();
            json_object_set_new(t, "text", json_string(p->titles[k].text));
            json_object_set_new(t, "office", json_null());
            json_object_set_new(t, "status", json_string(status_name(p->titles[k].status)));
            json_array_append_new(titles, t);
        }
        for (size_t k = 0; k < p->nranks; k++)
            json_array_append_new(ranks, json_string(p->ranks[k]));
        json_object_set_new(o, "titles", titles);
        json_object_set_new(o, "ranks", ranks);
        json_object_set_new(o, "mentions", mentions(d, &m, p->mentions, p->nmentions));
        json_array_append_new(persons, o);
    }
    json_object_set_new(r, "persons", persons);
    json_object_set_new(r, "organizations", entities(d, &m, x->orgs, x->norgs, 0));
    json_object_set_new(r, "places", entities(d, &m, x->places, x->nplaces, 1));

    json_t *dates = json_array();
    for (size_t i = 0; i < x->ndates; i++) {
        const vl_xdate *dt = &x->dates[i];
        json_t *o = mention(d, &m, dt->span);
        json_object_set_new(o, "value", json_string(dt->value));
        if (dt->weekday_warning) json_object_set_new(o, "warning", json_string("weekday"));
        json_array_append_new(dates, o);
    }
    json_object_set_new(r, "dates", dates);

    json_t *amounts = json_array();
    for (size_t i = 0; i < x->namounts; i++) {
        const vl_amount *a = &x->amounts[i];
        json_t *o = mention(d, &m, a->span);
        json_object_set_new(o, "value", json_real(a->value));
        json_object_set_new(o, "unit", str_or_null(a->unit));
        json_object_set_new(o, "qualifier", str_or_null(a->qualifier));
        json_array_append_new(amounts, o);
    }
    json_object_set_new(r, "amounts", amounts);

    json_t *quotes = json_array();
    for (size_t i = 0; i < x->nquotes; i++) {
        const vl_quote *q = &x->quotes[i];
        json_t *o = mention(d, &m, q->content);
        json_object_set_new(o, "speaker", json_string(x->persons[q->speaker].key));
        json_object_set_new(o, "verb", json_string(q->verb));
        json_array_append_new(quotes, o);
    }
    json_object_set_new(r, "quotes", quotes);
    json_object_set_new(r, "events", json_array());

    char *s = json_dumps(r, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(r);
    free(m.check);
    if (!s) abort();
    return s;
}
