/*
 * tenure.c — the tenures of a single-holder office
 * (knowledge-base stage): who held it from when to when, and why it ended,
 * from the points of its succession (tenure.h).
 *
 * A tenure is read off the evidence, not off one sentence's wording: the
 * months in which each holder is named in the office, in date order, make
 * runs; a run ends where the next holder's begins (the successor), or
 * earlier when a later text calls the holder former ("l'ancien ministre",
 * "feu le président"). The same person can come back: a second run after
 * someone else's is a second tenure. Acting holders ("par intérim") have
 * tenures of their own kind.
 *
 * Dispatches recall past holders ("le président X" in a story of a visit
 * years ago, when no date is written in the sentence), so a run of one
 * month amid another holder's evidence is an echo, not a succession: the
 * contest below drops the points of a holder whose month a better-
 * documented holder's evidence surrounds, and a lone point between two runs
 * of one other holder is dropped too.
 */
#include "tenure.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

enum { CONTEST_WINDOW = 24 }; /* months */

static const char *const causes[] = {"former", "death", "resignation", "dismissal"};

int vl_tenure_past_kind(const char *cause)
{
    for (int k = 1; cause && k < 4; k++)
        if (!strcmp(cause, causes[k])) return VL_TENURE_FORMER + k;
    return VL_TENURE_FORMER;
}

const char *vl_tenure_cause(int kind)
{
    return kind >= VL_TENURE_FORMER && kind <= VL_TENURE_DISMISSAL
               ? causes[kind - VL_TENURE_FORMER]
               : "former";
}

int vl_tenure_month(const char *d)
{
    if (!d || strlen(d) < 7) return -1;
    return atoi(d) * 12 + atoi(d + 5) - 1;
}

typedef struct point {
    int holder, month, kind;
    long count;
    const char *first, *last;
    int64_t first_doc, last_doc;
} point;

typedef struct holder {
    const char *key;
    long n; /* title facts giving the office as held */
} holder;

/* A run: consecutive uncontested points of one holder and kind. */
typedef struct run {
    int holder, kind, points;
    long count;
    const char *first, *last;
    int first_month, last_month;
    int64_t first_doc, last_doc;
} run;

/* points by month, then first date, then holder, then kind */
static int by_time(const void *a, const void *b)
{
    const point *x = a, *y = b;
    if (x->month != y->month) return x->month < y->month ? -1 : 1;
    int c = strcmp(x->first, y->first);
    if (!c) c = (x->holder > y->holder) - (x->holder < y->holder);
    return c ? c : x->kind - y->kind;
}

/* Marks contested[k] for each point a better-documented other holder's
 * evidence surrounds: months between two documents of a holder at most
 * 2 x CONTEST_WINDOW apart, within CONTEST_WINDOW of both, are covered by
 * it; per month the two best-documented holders covering it are kept.
 * p: sorted by holder, then date. Linear in the points (times the window). */
static void contest(const point *p, size_t np, const holder *h, char *contested)
{
    if (!np) return;
    int lo = p[0].month, hi = p[0].month;
    for (size_t k = 1; k < np; k++) {
        if (p[k].month < lo) lo = p[k].month;
        if (p[k].month > hi) hi = p[k].month;
    }
    size_t span = (size_t)(hi - lo + 1);
    int *best = vl_malloc(span * 2 * sizeof *best); /* holder indexes, -1 none */
    for (size_t m = 0; m < span * 2; m++) best[m] = -1;
    for (size_t k = 0; k < np; k++) {
        int ma = p[k].month, mb = ma, hd = p[k].holder;
        if (k + 1 < np && p[k + 1].holder == hd && p[k + 1].month - ma <= 2 * CONTEST_WINDOW)
            mb = p[k + 1].month;
        int from = mb - CONTEST_WINDOW > ma ? mb - CONTEST_WINDOW : ma;
        int to = ma + CONTEST_WINDOW < mb ? ma + CONTEST_WINDOW : mb;
        if (from > ma) from = ma, to = ma; /* only its own month then */
        for (int m = from; m <= to; m++) {
            int *t = &best[(size_t)(m - lo) * 2];
            if (t[0] == hd || t[1] == hd) continue;
            if (t[0] < 0 || h[hd].n > h[t[0]].n) {
                t[1] = t[0];
                t[0] = hd;
            } else if (t[1] < 0 || h[hd].n > h[t[1]].n) {
                t[1] = hd;
            }
        }
    }
    for (size_t k = 0; k < np; k++) {
        const int *t = &best[(size_t)(p[k].month - lo) * 2];
        int other = t[0] == p[k].holder ? t[1] : t[0];
        contested[k] = other >= 0 && h[other].n > h[p[k].holder].n;
    }
    free(best);
}

/* Appends run x to r[0..nr) and returns the new count: x joins the last
 * run when it is the same holder's and kind; a lone point of one holder
 * between two runs of one other holder close enough to be one tenure is
 * dropped as an echo, and those two runs join. */
static size_t push_run(run *r, size_t nr, run x)
{
    if (nr >= 2 && r[nr - 1].points == 1 && r[nr - 1].holder != x.holder &&
        r[nr - 2].holder == x.holder && r[nr - 2].kind == x.kind &&
        x.first_month - r[nr - 2].last_month <= CONTEST_WINDOW)
        nr--;
    if (nr && r[nr - 1].holder == x.holder && r[nr - 1].kind == x.kind) {
        r[nr - 1].points += x.points;
        r[nr - 1].count += x.count;
        r[nr - 1].last = x.last;
        r[nr - 1].last_month = x.last_month;
        r[nr - 1].last_doc = x.last_doc;
        return nr;
    }
    r[nr] = x;
    return nr + 1;
}

/* points by holder, then month, then first date, then kind: contest()'s
 * order */
static int by_holder(const void *a, const void *b)
{
    const point *x = a, *y = b;
    if (x->holder != y->holder) return x->holder < y->holder ? -1 : 1;
    return by_time(a, b);
}

/* The runs of the points p (held or acting), into r (room for np):
 * contested points left out, then in time order. p is reordered. */
static size_t build_runs(point *p, size_t np, const holder *h, run *r)
{
    if (np) qsort(p, np, sizeof *p, by_holder);
    char *contested = vl_calloc(np ? np : 1, 1);
    contest(p, np, h, contested);
    size_t nu = 0;
    for (size_t k = 0; k < np; k++)
        if (!contested[k]) p[nu++] = p[k];
    free(contested);
    if (nu) qsort(p, nu, sizeof *p, by_time);
    size_t nr = 0;
    for (size_t k = 0; k < nu; k++) {
        run x = {p[k].holder, p[k].kind,  1,           p[k].count,    p[k].first,
                 p[k].last,   p[k].month, p[k].month, p[k].first_doc, p[k].last_doc};
        nr = push_run(r, nr, x);
    }
    return nr;
}

/* ---------------------------------------------------- name variants */

/* The words of a folded key (split by spaces), at most max, as (start,
 * length) pairs; returns their number. */
static size_t words_of(const char *key, const char *w[], size_t lens[], size_t max)
{
    size_t n = 0;
    for (const char *c = key; *c && n < max;) {
        while (*c == ' ') c++;
        if (!*c) break;
        const char *s = c;
        while (*c && *c != ' ') c++;
        w[n] = s;
        lens[n++] = (size_t)(c - s);
    }
    return n;
}

/* At most one letter inserted, deleted or changed ("jasim", "jassim";
 * "sheikh", "cheikh"). */
static int one_edit(const char *a, size_t la, const char *b, size_t lb)
{
    if (la > lb) {
        const char *t = a;
        size_t tl = la;
        a = b, la = lb, b = t, lb = tl;
    }
    if (lb - la > 1) return 0;
    size_t i = 0;
    while (i < la && a[i] == b[i]) i++;
    if (la == lb) return i == la || !memcmp(a + i + 1, b + i + 1, la - i - 1);
    return !memcmp(a + i, b + i + 1, la - i);
}

/* Two words of one name: the same, an initial of the other ("r",
 * "romualdez"), or one letter apart when both are long. */
static int word_like(const char *a, size_t la, const char *b, size_t lb)
{
    if (la == lb && !memcmp(a, b, la)) return 1;
    if ((la == 1 || lb == 1) && a[0] == b[0]) return 1;
    return la >= 5 && lb >= 5 && one_edit(a, la, b, lb);
}

static int suffix_word(const char *w, size_t l)
{
    return (l == 2 && (!memcmp(w, "jr", 2) || !memcmp(w, "sr", 2) || !memcmp(w, "ii", 2))) ||
           (l == 3 && !memcmp(w, "iii", 3));
}

/* Whether two holders' keys name one person written two ways: word by
 * word alike, or the shorter's words in the longer in order, from the
 * same first word ("miguel diaz canel", "miguel diaz canel bermudez";
 * "ferdinand r marcos jr", "ferdinand romualdez marcos jr"). A
 * generational suffix must be in both or neither: "Ferdinand Marcos" is
 * the father of "Ferdinand Marcos Jr". */
static int name_variant(const char *x, const char *y)
{
    enum { MAXW = 12 };
    const char *a[MAXW], *b[MAXW];
    size_t la[MAXW], lb[MAXW];
    size_t na = words_of(x, a, la, MAXW), nb = words_of(y, b, lb, MAXW);
    if (!na || !nb) return 0;
    int sa = suffix_word(a[na - 1], la[na - 1]), sb = suffix_word(b[nb - 1], lb[nb - 1]);
    if (sa != sb || (sa && (la[na - 1] != lb[nb - 1] || memcmp(a[na - 1], b[nb - 1], la[na - 1]))))
        return 0;
    if (na > nb) return name_variant(y, x);
    if (!word_like(a[0], la[0], b[0], lb[0])) return 0;
    size_t j = 1;
    for (size_t i = 1; i < na; i++) {
        while (j < nb && !word_like(a[i], la[i], b[j], lb[j])) j++;
        if (j == nb) return 0;
        j++;
    }
    return 1;
}

static int find(int *rep, int i)
{
    while (rep[i] != i) i = rep[i] = rep[rep[i]];
    return i;
}

size_t vl_tenures(const vl_kb_point *pt, size_t n, vl_tenure **out)
{
    *out = NULL;
    holder *h = NULL;
    point *p = NULL, *f = NULL; /* held or acting; former */
    size_t nh = 0, ch = 0, np = 0, cp = 0, nf = 0, cf = 0;
    for (size_t i = 0; i < n; i++) {
        int m = vl_tenure_month(pt[i].first);
        if (!pt[i].ck || m < 0) continue;
        if (!nh || strcmp(h[nh - 1].key, pt[i].ck) != 0) {
            h = vl_grow(h, &ch, nh + 1, sizeof *h);
            h[nh].key = pt[i].ck;
            h[nh].n = 0;
            nh++;
        }
        point x = {(int)nh - 1,   m,           pt[i].kind,     pt[i].count,
                   pt[i].first,   pt[i].last,  pt[i].first_doc, pt[i].last_doc};
        if (pt[i].kind >= VL_TENURE_FORMER) {
            f = vl_grow(f, &cf, nf + 1, sizeof *f);
            f[nf++] = x;
            continue;
        }
        h[nh - 1].n += pt[i].count;
        p = vl_grow(p, &cp, np + 1, sizeof *p);
        p[np++] = x;
    }
    run *r = vl_malloc((np ? np : 1) * sizeof *r);
    int *rep = vl_malloc((nh ? nh : 1) * sizeof *rep);
    for (size_t i = 0; i < nh; i++) rep[i] = (int)i;
    size_t nr = build_runs(p, np, h, r);
    /* One person written two ways holds no office after himself: the
     * holders of two runs in a row whose names are variants are one, under
     * the better-documented key; then the runs again. Each round joins at
     * least two holders, so this ends. */
    for (;;) {
        int joined = 0;
        for (size_t i = 0; i + 1 < nr; i++) {
            int x = find(rep, r[i].holder), y = find(rep, r[i + 1].holder);
            if (x == y || !name_variant(h[x].key, h[y].key)) continue;
            int keep = h[x].n > h[y].n || (h[x].n == h[y].n && strcmp(h[x].key, h[y].key) < 0)
                           ? x
                           : y;
            int drop = keep == x ? y : x;
            rep[drop] = keep;
            h[keep].n += h[drop].n;
            joined = 1;
        }
        if (!joined) break;
        for (size_t k = 0; k < np; k++) p[k].holder = find(rep, p[k].holder);
        for (size_t k = 0; k < nf; k++) f[k].holder = find(rep, f[k].holder);
        nr = build_runs(p, np, h, r);
    }
    free(rep);
    vl_tenure *t = nr ? vl_malloc(nr * sizeof *t) : NULL;
    int *seq = vl_calloc(nh ? nh : 1, sizeof *seq);
    for (size_t i = 0; i < nr; i++) {
        vl_tenure *x = &t[i];
        x->key = h[r[i].holder].key;
        x->start = r[i].first;
        x->last_seen = r[i].last;
        x->documents = r[i].count;
        x->kind = r[i].kind;
        x->seq = ++seq[r[i].holder];
        x->start_doc = r[i].first_doc;
        x->last_doc = r[i].last_doc;
        x->end = i + 1 < nr ? r[i + 1].first : NULL;
        x->end_cause = x->end ? "successor" : NULL;
        x->end_doc = 0;
        /* the first text after its last evidence that calls the holder
         * former ends it there, if before the successor; a departure told
         * by the text (a death, a resignation) on the successor's first day
         * is the cause ("élu après le décès du secrétaire général") */
        for (size_t k = 0; k < nf; k++) {
            if (f[k].holder != r[i].holder || strcmp(f[k].first, x->last_seen) <= 0) continue;
            int c = x->end ? strcmp(f[k].first, x->end) : -1;
            if (c < 0 || (c == 0 && f[k].kind > VL_TENURE_FORMER)) {
                x->end = f[k].first;
                x->end_cause = vl_tenure_cause(f[k].kind);
                x->end_doc = f[k].first_doc;
            }
        }
    }
    free(seq);
    free(r);
    free(p);
    free(f);
    free(h);
    *out = t;
    return nr;
}
