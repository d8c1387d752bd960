/*
 * when.c — the time a sentence gives a fact (extract stage).
 *
 * A dispatch of December 2021 may recall "En février 2019, ... le président
 * X": the title holds in February 2019, not in December 2021. Dates
 * (dates.c) leave every time the text writes as an anchor: a calendar date,
 * a month and year, or a year after "en" ("en 2004"). A fact at token k
 * takes the anchor of its clause: the nearest one before it in the
 * sentence, else the nearest one after it, with no clause boundary between
 * the two ("que", "qui", a reporting verb, a semicolon: "X a rappelé que
 * les relations datent de 1962" leaves X's title in the dispatch's time).
 * A sentence with no time of its own that opens by referring back ("À cette
 * occasion", "Au cours de la visite": data/time_refs.tsv) takes the last
 * time of the sentence before, or what that one took in turn. An anchor
 * only counts when it is earlier than the document's date (or the document
 * has none): a time at or after it is the dispatch's own.
 *
 * Work per fact is bounded: anchors are found by binary search and the
 * clause is scanned over at most WINDOW tokens.
 */
#include <stdint.h>
#include <string.h>

#include "phrases.h"

enum { WINDOW = 40, BACK = 3 };

/* Words and marks that end the clause a time belongs to. */
#define BOUNDARIES "que qu qu' qui dont lequel laquelle lesquels lorsque"

static int boundary(const vl_ex *x, size_t k)
{
    return vl_ex_is_any(x, k, BOUNDARIES) || vl_ex_punct(x, k, ';') ||
           vl_ex_punct(x, k, ':') || vl_ex_gaz(x, k, VL_G_VERB, NULL);
}

/* Whether tokens [a, b) hold no clause boundary. */
static int same_clause(const vl_ex *x, size_t a, size_t b)
{
    for (size_t k = a; k < b; k++)
        if (boundary(x, k)) return 0;
    return 1;
}

/* Whether value is earlier than the document's date, compared on the
 * shorter of the two precisions ("2019" is earlier than "2021-12";
 * "2021-12-03" is not earlier than "2021-12"). */
static int earlier(const char *value, const char *doc_date)
{
    if (!strncmp(value, "XXXX", 4)) return 0;
    if (!doc_date) return 1;
    size_t n = strlen(value), m = strlen(doc_date);
    return strncmp(value, doc_date, n < m ? n : m) < 0;
}

size_t vl_ex_anchor_from(const vl_ex *x, size_t k)
{
    size_t lo = 0, hi = x->nanchors;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->anchors[mid].s < k) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The first token of token k's sentence, or SIZE_MAX when it lies more
 * than WINDOW tokens back. */
static size_t sentence_start(const vl_ex *x, size_t k)
{
    uint32_t sent = x->tk.t[k].sent;
    for (size_t q = k, n = 0; n <= WINDOW; q--, n++)
        if (q == 0 || x->tk.t[q - 1].sent != sent) return q;
    return SIZE_MAX;
}

/* The time a sentence starting at token s takes from the sentences before
 * it when it opens by referring back to them, or NULL. */
static const vl_anchor *referred(const vl_ex *x, size_t s, int depth)
{
    const vl_gentry *ref;
    if (depth >= BACK || s == 0 || !vl_ex_gaz(x, s, VL_G_TIMEREF, &ref) ||
        !strcmp(ref->a, "habit"))
        return NULL;
    uint32_t prev = x->tk.t[s - 1].sent;
    size_t i = vl_ex_anchor_from(x, s);
    /* the last time written in the sentence before */
    if (i > 0 && x->tk.t[x->anchors[i - 1].s].sent == prev) return &x->anchors[i - 1];
    size_t ps = sentence_start(x, s - 1);
    return ps == SIZE_MAX ? NULL : referred(x, ps, depth + 1);
}

const char *vl_ex_when(const vl_ex *x, size_t k)
{
    if (!x->nanchors || k >= x->tk.n) return NULL;
    uint32_t sent = x->tk.t[k].sent;
    size_t i = vl_ex_anchor_from(x, k);
    const vl_anchor *a = NULL;
    /* the nearest before, in the sentence and the clause */
    if (i > 0) {
        const vl_anchor *b = &x->anchors[i - 1];
        if (b->e <= k && k - b->e <= WINDOW && x->tk.t[b->s].sent == sent &&
            same_clause(x, b->e, k))
            a = b;
    }
    /* else the nearest after */
    if (!a && i < x->nanchors) {
        const vl_anchor *b = &x->anchors[i];
        if (b->s > k && b->s - k <= WINDOW && x->tk.t[b->s].sent == sent &&
            same_clause(x, k + 1, b->s))
            a = b;
    }
    /* else the time of the sentences it refers back to */
    if (!a) {
        size_t s = sentence_start(x, k);
        if (s != SIZE_MAX) a = referred(x, s, 0);
    }
    return a && earlier(a->value, x->doc_date) ? a->value : NULL;
}

void vl_ex_anchor(vl_ex *x, size_t s, size_t e, const char *value)
{
    /* dates are found in token order: the anchors stay sorted */
    if (x->nanchors && x->anchors[x->nanchors - 1].s >= s) return;
    x->anchors = vl_arena_push(x->arena, x->anchors, &x->nanchors, &x->canchors,
                            sizeof *x->anchors);
    vl_anchor *a = &x->anchors[x->nanchors - 1];
    a->s = (uint32_t)s;
    a->e = (uint32_t)e;
    size_t n = strlen(value);
    if (n >= sizeof a->value) n = sizeof a->value - 1;
    memcpy(a->value, value, n);
    a->value[n] = 0;
}
