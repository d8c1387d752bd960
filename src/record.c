/*
 * record.c — the `veille extract` record of a document (DESIGN.md,
 * "Contracts"): one JSON object, offsets in code points of the original
 * text, original[start:end] == text for every mention.
 */
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include <stdio.h>

#include "buf.h"
#include "doc.h"
#include "swar.h"

/* Code point offsets of byte offsets, through a checkpoint every 8 bytes
 * (half the text's size in memory), so that an offset costs one word
 * counted, not a scan; a code point is a byte that is not 10xxxxxx. */
typedef struct cpmap {
    const char *text;
    size_t len;
    uint32_t *check; /* code points before byte k*8 (documents are < 4 GiB) */
} cpmap;

/* The code points that start among the first n bytes of word w (n <= 8,
 * memory order). */
static size_t starts8(uint64_t w, size_t n)
{
    /* bit 7 of each byte that starts a code point: not 10xxxxxx */
    uint64_t c = ~(w & ~(w << 1)) & VL_SWAR_HIGH;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    if (n < 8) c &= ~0ULL << (8 * (8 - n));
#else
    if (n < 8) c &= (1ULL << (8 * n)) - 1;
#endif
    /* summed by a multiply (no popcount instruction on baseline x86-64) */
    return (size_t)(((c >> 7) * VL_SWAR_ONES) >> 56);
}

static size_t count_cp(const char *s, size_t n)
{
    size_t cps = 0, i = 0;
    for (; i + 8 <= n; i += 8) cps += starts8(vl_swar_load(s + i), 8);
    for (; i < n; i++) cps += ((unsigned char)s[i] & 0xC0) != 0x80;
    return cps;
}

static void cpmap_init(cpmap *m, const char *text, size_t len)
{
    m->text = text;
    m->len = len;
    m->check = malloc((len / 8 + 2) * sizeof *m->check);
    if (!m->check) abort();
    size_t cp = 0, k = 0;
    for (; k * 8 + 8 <= len; k++) {
        m->check[k] = (uint32_t)cp;
        cp += starts8(vl_swar_load(text + k * 8), 8);
    }
    m->check[k] = (uint32_t)cp;
}

static size_t cpmap_at(const cpmap *m, size_t byte)
{
    if (byte > m->len) byte = m->len;
    size_t base = byte / 8 * 8, r = byte - base;
    if (!r) return m->check[byte / 8];
    if (base + 8 <= m->len) return m->check[byte / 8] + starts8(vl_swar_load(m->text + base), r);
    return m->check[byte / 8] + count_cp(m->text + base, r);
}

/* The record is written straight into a buffer: it is the hot path of
 * `veille extract`, and building a jansson tree first cost a fifth of the
 * time. Strings are escaped as RFC 8259 asks; UTF-8 passes through. */
typedef struct out {
    vl_buf b;
} out;

static void raw(out *o, const char *s)
{
    vl_buf_adds(&o->b, s);
}

/* Room for n more bytes (and the NUL) at the end of the buffer. */
static unsigned char *room(out *o, size_t n)
{
    if (o->b.len + n + 1 > o->b.cap) {
        vl_buf_add(&o->b, "", 0); /* allocates when empty */
        size_t cap = o->b.cap;
        while (cap < o->b.len + n + 1) cap *= 2;
        o->b.data = vl_realloc(o->b.data, cap);
        o->b.cap = cap;
    }
    return o->b.data + o->b.len;
}

/* One byte of a JSON string, escaped when it must be. */
static VL_HOT_INLINE unsigned char *str_byte(unsigned char *w, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    if (c >= 0x20 && c != '"' && c != '\\') { /* JSON holds it as it is */
        *w++ = c;
        return w;
    }
    *w++ = '\\';
    switch (c) {
    case '"': *w++ = '"'; break;
    case '\\': *w++ = '\\'; break;
    case '\n': *w++ = 'n'; break;
    case '\r': *w++ = 'r'; break;
    case '\t': *w++ = 't'; break;
    default:
        *w++ = 'u';
        *w++ = '0';
        *w++ = '0';
        *w++ = (unsigned char)hex[c >> 4];
        *w++ = (unsigned char)hex[c & 15];
    }
    return w;
}

/* The bytes of v that need escaping in JSON (control bytes, quote,
 * backslash; UTF-8 passes), as the high bit of each. */
static VL_HOT_INLINE uint64_t json_stops(uint64_t v)
{
    return vl_swar_below(v, 0x20) | vl_swar_eq(v, '"') | vl_swar_eq(v, '\\');
}

static void str_n(out *o, const char *s, size_t n)
{
    /* the worst case (every byte \u00XX) reserved once; then a plain loop */
    unsigned char *w = room(o, n * 6 + 2), *start = w;
    *w++ = '"';
    size_t i = 0;
    if (n < 8) {
        for (; i < n; i++) w = str_byte(w, (unsigned char)s[i]);
    } else {
        for (;;) {
            /* eight bytes with nothing to escape are copied at once */
            while (i + 8 <= n) {
                uint64_t v = vl_swar_load(s + i);
                uint64_t stop = json_stops(v);
                memcpy(w, &v, 8); /* within the room: the bytes before a stop are kept */
                if (stop) {
                    size_t k = vl_swar_first(stop);
                    w += k;
                    i += k;
                    break;
                }
                w += 8;
                i += 8;
            }
            if (i >= n) break;
            if (n - i < 8) {
                /* the tail: the last eight bytes read (the first ones
                 * again), copied whole when none from i on needs escaping */
                uint64_t stop = json_stops(vl_swar_load(s + n - 8));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
                stop &= ~0ULL >> (8 * (8 - (n - i)));
#else
                stop &= ~0ULL << (8 * (8 - (n - i)));
#endif
                if (!stop) {
                    memcpy(w, s + i, n - i);
                    w += n - i;
                    break;
                }
            }
            w = str_byte(w, (unsigned char)s[i++]);
        }
    }
    *w++ = '"';
    o->b.len += (size_t)(w - start);
    o->b.data[o->b.len] = 0;
}

static void str(out *o, const char *s)
{
    if (s)
        str_n(o, s, strlen(s));
    else
        raw(o, "null");
}

/* A member name: the program's own ASCII words, nothing to escape. */
static VL_HOT_INLINE void member(out *o, const char *k, size_t n, int first)
{
    unsigned char *w = room(o, n + 4), *start = w;
    if (!first) *w++ = ',';
    *w++ = '"';
    memcpy(w, k, n);
    w += n;
    *w++ = '"';
    *w++ = ':';
    o->b.len += (size_t)(w - start);
    o->b.data[o->b.len] = 0;
}
/* key(o, "name", first): a member whose name is a string literal, its
 * length known at compile time. */
#define key(o, k, first) member(o, "" k "", sizeof k - 1, first)

/* The keys of the persons of indexes idx[0:n], as a JSON array. */
static void person_keys(out *o, const vl_extraction *x, const size_t *idx, size_t n)
{
    vl_buf_addc(&o->b, '[');
    for (size_t k = 0; k < n; k++) {
        if (k) vl_buf_addc(&o->b, ',');
        str(o, x->persons[idx[k]].key);
    }
    vl_buf_addc(&o->b, ']');
}

/* A whole number, the offsets above all: digits written in place. */
static VL_HOT_INLINE void unum(out *o, unsigned long long u)
{
    char b[24];
    size_t i = sizeof b;
    do {
        b[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    unsigned char *w = room(o, sizeof b - i);
    memcpy(w, b + i, sizeof b - i);
    o->b.len += sizeof b - i;
    o->b.data[o->b.len] = 0;
}

static void num(out *o, double v)
{
    char b[40];
    if (v >= 0 && v < 1e15 && v == (double)(unsigned long long)v) { /* no printf */
        unum(o, (unsigned long long)v);
        return;
    }
    snprintf(b, sizeof b, "%.15g", v);
    raw(o, b);
}

/* start, end and text of a span, without braces */
static void span_fields(out *o, const vl_doc *d, const cpmap *m, vl_span sp, int first)
{
    size_t s = vl_view_orig(&d->view, sp.s), e = vl_view_orig(&d->view, sp.e);
    key(o, "start", first);
    unum(o, cpmap_at(m, s));
    key(o, "end", 0);
    unum(o, cpmap_at(m, e));
    key(o, "text", 0);
    str_n(o, d->text + s, e - s);
}

static void mentions(out *o, const vl_doc *d, const cpmap *m, const vl_span *sp, size_t n)
{
    vl_buf_addc(&o->b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i) vl_buf_addc(&o->b, ',');
        vl_buf_addc(&o->b, '{');
        span_fields(o, d, m, sp[i], 1);
        vl_buf_addc(&o->b, '}');
    }
    vl_buf_addc(&o->b, ']');
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

static void entities(out *o, const vl_doc *d, const cpmap *m, const vl_entity *e, size_t n,
                     int place)
{
    vl_buf_addc(&o->b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i) vl_buf_addc(&o->b, ',');
        vl_buf_addc(&o->b, '{');
        key(o, "name", 1);
        str(o, e[i].name);
        key(o, "key", 0);
        str(o, e[i].key);
        if (place) {
            key(o, "country", 0);
            str(o, e[i].country && *e[i].country ? e[i].country : NULL);
            key(o, "kind", 0);
            str(o, e[i].kind);
        }
        key(o, "mentions", 0);
        mentions(o, d, m, e[i].mentions, e[i].nmentions);
        vl_buf_addc(&o->b, '}');
    }
    vl_buf_addc(&o->b, ']');
}

char *vl_doc_record(const vl_doc *d)
{
    const vl_extraction *x = &d->ex;
    cpmap m;
    cpmap_init(&m, d->text, d->len);
    out o;
    vl_buf_init(&o.b, 0);
    room(&o, d->len * 2 + 4096); /* most records fit: one allocation */
    vl_buf_addc(&o.b, '{');
    key(&o, "id", 1);
    str(&o, d->id);
    key(&o, "source", 0);
    str(&o, d->source);
    key(&o, "date", 0);
    str(&o, d->date);
    key(&o, "date_source", 0);
    str(&o, d->date_source);
    key(&o, "title", 0);
    str(&o, d->title);

    key(&o, "persons", 0);
    vl_buf_addc(&o.b, '[');
    for (size_t i = 0; i < x->npersons; i++) {
        const vl_person *p = &x->persons[i];
        if (i) vl_buf_addc(&o.b, ',');
        vl_buf_addc(&o.b, '{');
        key(&o, "name", 1);
        str(&o, p->name);
        key(&o, "key", 0);
        str(&o, p->key);
        key(&o, "titles", 0);
        vl_buf_addc(&o.b, '[');
        for (size_t k = 0; k < p->ntitles; k++) {
            if (k) vl_buf_addc(&o.b, ',');
            vl_buf_addc(&o.b, '{');
            key(&o, "text", 1);
            str(&o, p->titles[k].text);
            key(&o, "office", 0);
            str(&o, p->titles[k].office);
            key(&o, "status", 0);
            str(&o, status_name(p->titles[k].status));
            /* the time its sentence gives, when not the document's */
            if (p->titles[k].date) {
                key(&o, "date", 0);
                str(&o, p->titles[k].date);
            }
            vl_buf_addc(&o.b, '}');
        }
        vl_buf_addc(&o.b, ']');
        key(&o, "ranks", 0);
        vl_buf_addc(&o.b, '[');
        for (size_t k = 0; k < p->nranks; k++) {
            if (k) vl_buf_addc(&o.b, ',');
            str(&o, p->ranks[k]);
        }
        vl_buf_addc(&o.b, ']');
        key(&o, "mentions", 0);
        mentions(&o, d, &m, p->mentions, p->nmentions);
        /* a phrase tells the person left an office: the store keeps the
         * titles as past (facts.c) */
        if (p->departure) {
            key(&o, "departure", 0);
            str(&o, p->departure);
        }
        vl_buf_addc(&o.b, '}');
    }
    vl_buf_addc(&o.b, ']');
    key(&o, "organizations", 0);
    entities(&o, d, &m, x->orgs, x->norgs, 0);
    key(&o, "places", 0);
    entities(&o, d, &m, x->places, x->nplaces, 1);

    key(&o, "dates", 0);
    vl_buf_addc(&o.b, '[');
    for (size_t i = 0; i < x->ndates; i++) {
        const vl_xdate *dt = &x->dates[i];
        if (i) vl_buf_addc(&o.b, ',');
        vl_buf_addc(&o.b, '{');
        span_fields(&o, d, &m, dt->span, 1);
        key(&o, "value", 0);
        str(&o, dt->value);
        if (dt->weekday_warning) {
            key(&o, "warning", 0);
            str(&o, "weekday");
        }
        vl_buf_addc(&o.b, '}');
    }
    vl_buf_addc(&o.b, ']');

    key(&o, "amounts", 0);
    vl_buf_addc(&o.b, '[');
    for (size_t i = 0; i < x->namounts; i++) {
        const vl_amount *a = &x->amounts[i];
        if (i) vl_buf_addc(&o.b, ',');
        vl_buf_addc(&o.b, '{');
        span_fields(&o, d, &m, a->span, 1);
        key(&o, "value", 0);
        num(&o, a->value);
        key(&o, "unit", 0);
        str(&o, a->unit);
        key(&o, "qualifier", 0);
        str(&o, a->qualifier);
        vl_buf_addc(&o.b, '}');
    }
    vl_buf_addc(&o.b, ']');

    key(&o, "quotes", 0);
    vl_buf_addc(&o.b, '[');
    for (size_t i = 0; i < x->nquotes; i++) {
        const vl_quote *q = &x->quotes[i];
        if (i) vl_buf_addc(&o.b, ',');
        vl_buf_addc(&o.b, '{');
        span_fields(&o, d, &m, q->content, 1);
        key(&o, "speaker", 0);
        str(&o, x->persons[q->speaker].key);
        key(&o, "verb", 0);
        str(&o, q->verb);
        vl_buf_addc(&o.b, '}');
    }
    vl_buf_addc(&o.b, ']');
    key(&o, "events", 0);
    vl_buf_addc(&o.b, '[');
    for (size_t i = 0; i < x->nevents; i++) {
        const vl_event *ev = &x->events[i];
        if (i) vl_buf_addc(&o.b, ',');
        vl_buf_addc(&o.b, '{');
        key(&o, "type", 1);
        str(&o, ev->type);
        key(&o, "date", 0);
        str(&o, ev->date);
        key(&o, "place", 0);
        str(&o, ev->place);
        key(&o, "chairs", 0);
        person_keys(&o, x, ev->chairs, ev->nchairs);
        key(&o, "participants", 0);
        person_keys(&o, x, ev->participants, ev->nparticipants);
        vl_buf_addc(&o.b, ',');
        span_fields(&o, d, &m, ev->span, 1);
        vl_buf_addc(&o.b, '}');
    }
    raw(&o, "]}");
    free(m.check);
    return (char *)vl_buf_take(&o.b, NULL);
}
