/*
 * facts.c — one document's facts as one stored record, and its index
 * terms (facts.h).
 */
#include "facts.h"

#include <string.h>

#include "doc.h"

const char *const vl_fact_kind_names[VL_FACT_KINDS] = {
    "person", "title", "org", "place", "rank", "date", "amount", "quote", "departure",
};

int vl_fact_kind_of(const char *name, size_t n)
{
    for (int k = 0; k < VL_FACT_KINDS; k++)
        if (strlen(vl_fact_kind_names[k]) == n && memcmp(vl_fact_kind_names[k], name, n) == 0)
            return k;
    return -1;
}

/* ------------------------------------------------------------ write */

static void put_varint(vl_buf *b, uint64_t v)
{
    unsigned char t[10];
    size_t n = 0;
    while (v >= 0x80) {
        t[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    t[n++] = (unsigned char)v;
    vl_buf_add(b, t, n);
}

static void put_string(vl_buf *b, const char *s)
{
    if (!s) {
        vl_buf_addc(b, 0);
        return;
    }
    size_t n = strlen(s);
    put_varint(b, (uint64_t)n + 1);
    vl_buf_add(b, s, n);
}

void vl_facts_put(vl_buf *pack, int kind, const char *key, const char *name, const char *value,
                  const char *status, double num, int64_t start, int64_t end, const char *office,
                  const char *date)
{
    vl_buf_addc(pack, (unsigned char)(kind | (date ? VL_FACT_DATED : 0)));
    put_string(pack, key);
    put_string(pack, name);
    put_string(pack, value);
    put_string(pack, status);
    unsigned char d[8];
    memcpy(d, &num, 8); /* the double's bytes, as this machine lays them out */
    vl_buf_add(pack, d, 8);
    put_varint(pack, (uint64_t)(start < 0 ? 0 : start));
    put_varint(pack, (uint64_t)(end < 0 ? 0 : end));
    put_string(pack, office);
    if (date) put_string(pack, date);
}

static const char *const status_names[] = {"current", "former", "acting", "designate"};

/* One fact whose evidence is a span of the analysis view. */
static void put_span(vl_buf *pack, const vl_doc *d, int kind, const char *key,
                     const char *name, const char *value, const char *status, double num,
                     vl_span sp, const char *office, const char *date)
{
    vl_facts_put(pack, kind, key ? key : "", name, value, status, num,
                 (int64_t)vl_view_orig(&d->view, sp.s), (int64_t)vl_view_orig(&d->view, sp.e),
                 office, date);
}

void vl_facts_pack(const vl_doc *d, vl_buf *pack)
{
    const vl_extraction *x = &d->ex;
    vl_span none = {0, 0};
    for (size_t i = 0; i < x->npersons; i++) {
        const vl_person *p = &x->persons[i];
        vl_span first = p->nmentions ? p->mentions[0] : none;
        put_span(pack, d, VL_FACT_PERSON, p->key, p->name, NULL, NULL, (double)p->nmentions,
                 first, NULL, NULL);
        for (size_t k = 0; k < p->ntitles; k++) {
            const vl_title *t = &p->titles[k];
            /* a title of a person who left an office (p->departure) is past
             * from this dispatch's time on: the tenure ends here (tenure.c) */
            unsigned status = vl_title_stored_status(p, t);
            put_span(pack, d, VL_FACT_TITLE, p->key, p->name, t->text, status_names[status],
                     t->single, t->span, t->office, t->date);
        }
        for (size_t k = 0; k < p->nranks; k++)
            put_span(pack, d, VL_FACT_RANK, p->key, p->name, p->ranks[k], NULL, 0, first, NULL, NULL);
        if (p->departure)
            put_span(pack, d, VL_FACT_DEPARTURE, p->key, p->name, p->departure, NULL, 0, first,
                     NULL, NULL);
    }
    for (size_t i = 0; i < x->norgs; i++) {
        const vl_entity *e = &x->orgs[i];
        put_span(pack, d, VL_FACT_ORG, e->key, e->name, NULL, NULL, (double)e->nmentions,
                 e->nmentions ? e->mentions[0] : none, NULL, NULL);
    }
    for (size_t i = 0; i < x->nplaces; i++) {
        const vl_entity *e = &x->places[i];
        put_span(pack, d, VL_FACT_PLACE, e->key, e->name, e->kind, e->country,
                 (double)e->nmentions, e->nmentions ? e->mentions[0] : none, NULL, NULL);
    }
    for (size_t i = 0; i < x->ndates; i++)
        put_span(pack, d, VL_FACT_DATE, x->dates[i].value, x->dates[i].text, NULL, NULL, 0,
                 x->dates[i].span, NULL, NULL);
    for (size_t i = 0; i < x->namounts; i++) {
        const vl_amount *a = &x->amounts[i];
        put_span(pack, d, VL_FACT_AMOUNT, a->unit, a->text, a->qualifier, NULL, a->value,
                 a->span, NULL, NULL);
    }
    for (size_t i = 0; i < x->nquotes; i++) {
        const vl_person *p = &x->persons[x->quotes[i].speaker];
        put_span(pack, d, VL_FACT_QUOTE, p->key, p->name, x->quotes[i].verb, NULL, 0,
                 x->quotes[i].content, NULL, NULL);
    }
}

/* ------------------------------------------------------------- read */

static int get_varint(const unsigned char *p, size_t len, size_t *pos, uint64_t *v)
{
    uint64_t r = 0;
    for (int shift = 0; shift < 64 && *pos < len; shift += 7) {
        unsigned char c = p[(*pos)++];
        r |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *v = r;
            return 1;
        }
    }
    return 0;
}

static int get_string(const unsigned char *p, size_t len, size_t *pos, const char **s, size_t *n)
{
    uint64_t v;
    if (!get_varint(p, len, pos, &v)) return 0;
    if (v == 0) {
        *s = NULL;
        *n = 0;
        return 1;
    }
    if (v - 1 > len - *pos) return 0;
    *s = (const char *)p + *pos;
    *n = (size_t)(v - 1);
    *pos += *n;
    return 1;
}

int vl_facts_next(const unsigned char *p, size_t len, size_t *pos, vl_fact *f)
{
    if (!p || *pos >= len) return 0;
    size_t at = *pos;
    int dated = p[at] & VL_FACT_DATED;
    f->kind = p[at++] & ~VL_FACT_DATED;
    if (f->kind >= VL_FACT_KINDS) return 0;
    uint64_t a, b;
    for (int i = 0; i < VL_FS_OFFICE; i++)
        if (!get_string(p, len, &at, &f->s[i], &f->n[i])) return 0;
    if (len - at < 8) return 0;
    memcpy(&f->num, p + at, 8);
    at += 8;
    if (!get_varint(p, len, &at, &a) || !get_varint(p, len, &at, &b)) return 0;
    if (!get_string(p, len, &at, &f->s[VL_FS_OFFICE], &f->n[VL_FS_OFFICE])) return 0;
    f->s[VL_FS_DATE] = NULL;
    f->n[VL_FS_DATE] = 0;
    if (dated && !get_string(p, len, &at, &f->s[VL_FS_DATE], &f->n[VL_FS_DATE])) return 0;
    f->start = (int64_t)a;
    f->end = (int64_t)b;
    *pos = at;
    return 1;
}

/* ------------------------------------------------------------ terms */

/* Appends s with its line breaks as spaces: a term is one line. */
static void add_one_line(vl_buf *out, const char *s, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '\n') continue;
        vl_buf_add(out, s + from, i - from);
        if (i < n) vl_buf_addc(out, ' ');
        from = i + 1;
    }
}

void vl_facts_term(vl_buf *out, const char *prefix, const char *s, size_t n)
{
    vl_buf_adds(out, prefix);
    vl_buf_addc(out, ':');
    add_one_line(out, s, n);
}

void vl_facts_position(vl_buf *out, const char *key, size_t nkey, const char *office,
                       size_t noffice)
{
    vl_facts_term(out, "position", key, nkey);
    vl_buf_addc(out, '\t');
    add_one_line(out, office, noffice);
}

void vl_facts_terms(const unsigned char *pack, size_t len, vl_buf *out)
{
    size_t pos = 0;
    vl_fact f;
    while (vl_facts_next(pack, len, &pos, &f)) {
        if (vl_fact_indexed(f.kind) && f.s[VL_FS_KEY]) {
            vl_facts_term(out, vl_fact_kind_names[f.kind], f.s[VL_FS_KEY], f.n[VL_FS_KEY]);
            vl_buf_addc(out, '\n');
        }
        if (f.s[VL_FS_OFFICE]) {
            vl_facts_term(out, "office", f.s[VL_FS_OFFICE], f.n[VL_FS_OFFICE]);
            vl_buf_addc(out, '\n');
        }
        if (f.kind == VL_FACT_TITLE && f.s[VL_FS_KEY] && f.s[VL_FS_OFFICE]) {
            vl_facts_position(out, f.s[VL_FS_KEY], f.n[VL_FS_KEY], f.s[VL_FS_OFFICE],
                              f.n[VL_FS_OFFICE]);
            vl_buf_addc(out, '\n');
        }
    }
}
