/*
 * eval.c — the scoring of `veille eval`, outside the extraction pipeline:
 * `veille extract` records against the gold annotations of
 * shared/corpus/GUIDE.md. The rules, and the choices made where the guide is
 * silent, are written down in eval.h.
 *
 * Each gold line keeps its own counts and its list of misses and false
 * alarms. It starts scored against an empty record (everything missed), and
 * each record added for it replaces that; the totals are sums over lines.
 */
#include "eval.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "error.h"
#include "fold.h"
#include "lexicon.h"
#include "mem.h"

enum {
    MAX_STRING = 4096,           /* bytes of one compared string */
    MAX_ITEMS = 2000,            /* items of one field in one article */
    MAX_GOLD_LINE = 16 << 20,    /* bytes of one gold line */
    MAX_DIFF = 1 << 20,          /* bytes of detail kept per article */
    MAX_NATIONALITY_LINE = 1024, /* bytes of one nationalities.tsv line */
};

#define NONE SIZE_MAX

enum field {
    F_PERSONS,
    F_TITLES,
    F_FORMER,
    F_RANKS,
    F_PLACES,
    F_ORGS,
    F_DATES,
    F_QUOTES,
    F_AMOUNTS,
    F_EVENTS,
    F_PARTICIPANTS,
    F_PAIRS,
    F_CHAIRS,
    F_COUNT
};

static const char *const field_names[F_COUNT] = {
    "persons",       "titles", "former_titles", "ranks",   "places",
    "organizations", "dates",  "quotes",        "amounts", "events",
    "participants",  "pairs",  "chairs",
};

/* Scored and printed, but not among the fields GUIDE defines a score for. */
static int field_informative(enum field f)
{
    return f == F_FORMER || f == F_RANKS;
}

/* How two items are compared. */
enum kind {
    K_EXACT,  /* folded keys equal */
    K_NAMES,  /* record key equals the gold key or one of its aliases */
    K_WORDS,  /* word-set Jaccard >= 3/4 */
    K_QUOTE,  /* same speaker, same verb key */
    K_AMOUNT, /* same value, same unit prefix */
    K_PAIR,   /* the same two persons, either way round, and the same date */
};

typedef struct counts {
    size_t tp, fp, fn;
} counts;

typedef struct gold_line {
    char *file;
    json_t *json;
    int64_t line; /* 1-based, in the gold file */
    int scored;   /* a record was added for it */
    counts c[F_COUNT];
    vl_buf diff; /* "- field: value\n" / "+ field: value\n" */
} gold_line;

struct vl_eval {
    const vl_ctx *ctx;
    vl_lexicon nationalities; /* folded adjectives */
    int builtin_nationalities;
    gold_line *lines;
    size_t nlines, cap;
    size_t *by_file;  /* line indices sorted by file name */
    size_t unmatched; /* records added that had no gold line */
};

/* One thing to match: a person, a title, a place, a quote... */
typedef struct item {
    const char *shown; /* for the detail lines; in the arena or the JSON */
    const char *key;   /* folded */
    const char **alt;  /* persons (gold): folded aliases */
    size_t nalt;
    const char **words; /* K_WORDS: sorted, distinct */
    size_t nwords;
    const char *verb; /* K_QUOTE: verb key (events: the date, or "null") */
    size_t person;    /* K_QUOTE: gold person of the speaker, or NONE */
    const char *key2; /* K_PAIR: the second person */
    size_t person2;
    double value;     /* K_AMOUNT */
    int has_value;
    const char *unit; /* K_AMOUNT: first four folded letters */
    json_t *obj;      /* persons: the JSON entry, for titles and ranks */
} item;

/* The state of scoring one record against one gold line. */
typedef struct scorer {
    const vl_eval *ev;
    vl_arena arena; /* items and folded strings; freed when done */
    vl_buf tmp;
    counts c[F_COUNT];
    vl_buf *diff; /* NULL: counts only */
} scorer;

/* ------------------------------------------------------------ folding */

static void scorer_init(scorer *s, const vl_eval *ev, vl_buf *diff)
{
    memset(s, 0, sizeof *s);
    s->ev = ev;
    vl_buf_init(&s->tmp, 0); /* input is cut to MAX_STRING before folding */
    s->diff = diff;
}

static void scorer_free(scorer *s)
{
    vl_arena_free(&s->arena);
    vl_buf_free(&s->tmp);
}

/* The typographic variant a folded code point stands for, or 0 to keep it;
 * -1 drops it. */
/* clang-format off */
static int unify(int32_t cp)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201B: case 0x02BC: case 0x00B4: case 0x0060:
    case 0x2032:
        return '\'';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212:
        return '-';
    case 0x00AB: case 0x00BB: case 0x201C: case 0x201D: case 0x201E:
        return '"';
    case 0x00AD:
        return -1;
    default:
        return 0;
    }
}
/* clang-format on */

/* The folded form of str (see eval.h), in the scorer's arena. */
static const char *fold(scorer *s, const char *str)
{
    size_t n = strlen(str);
    if (n > MAX_STRING) {
        n = MAX_STRING;
        while (n && ((unsigned char)str[n] & 0xC0) == 0x80)
            n--; /* whole code points */
    }
    vl_buf_reset(&s->tmp);
    /* No cap on tmp, so no failure: at most 16 bytes per input byte. */
    (void)vl_fold_str(&s->ev->ctx->fold, str, n, &s->tmp);
    const unsigned char *p = s->tmp.data ? s->tmp.data : (const unsigned char *)"";
    size_t len = s->tmp.len;
    /* Unifying only shortens the text, so the copy never outgrows len. */
    char *out = vl_arena_alloc(&s->arena, len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t k = vl_utf8_decode(p + i, len - i, &cp);
        int u = cp >= 0x80 ? unify(cp) : 0;
        if (u > 0) {
            out[o++] = (char)u;
        } else if (u == 0) {
            memcpy(out + o, p + i, k);
            o += k;
        }
        i += k;
    }
    out[o] = 0;
    return out;
}

static const char *arena_printf(scorer *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *arena_printf(scorer *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return "";
    char *out = vl_arena_alloc(&s->arena, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(out, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return out;
}

/* ---------------------------------------------------- nationalities */

/* Used when data/nationalities.tsv is absent (another part of the project
 * provides it): the adjectives of the countries VNA writes about most,
 * folded, masculine singular; the regular other forms are derived. */
/* clang-format off */
static const char *const builtin_nationalities[] = {
    "vietnamien", "chinois", "lao", "laotien", "cambodgien", "khmer", "thailandais",
    "thai", "birman", "malaisien", "singapourien", "indonesien", "philippin",
    "bruneien", "timorais", "japonais", "coreen", "sud-coreen", "nord-coreen",
    "mongol", "indien", "pakistanais", "bangladais", "sri-lankais", "nepalais",
    "americain", "canadien", "mexicain", "cubain", "bresilien", "argentin",
    "chilien", "venezuelien", "australien", "neo-zelandais", "russe", "ukrainien",
    "bielorusse", "kazakh", "ouzbek", "francais", "britannique", "allemand",
    "italien", "espagnol", "portugais", "belge", "suisse", "neerlandais",
    "autrichien", "polonais", "tcheque", "slovaque", "hongrois", "roumain",
    "bulgare", "serbe", "grec", "grecque", "turc", "turque", "suedois", "norvegien",
    "danois", "finlandais", "irlandais", "iranien", "irakien", "israelien",
    "palestinien", "saoudien", "emirien", "qatari", "koweitien", "egyptien",
    "algerien", "marocain", "tunisien", "sud-africain", "nigerian", "angolais",
    "mozambicain", "ethiopien", "kenyan",
};
/* clang-format on */

/* Reads adjective<TAB>ISO2 lines; the adjective is folded before it is
 * kept, so the file may be written with accents. */
static vl_status load_nationalities(vl_eval *ev, vl_error *err)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/nationalities.tsv", ev->ctx->data_dir);
    FILE *f = fopen(path, "r");
    if (!f && errno == ENOENT) {
        for (size_t i = 0;
             i < sizeof builtin_nationalities / sizeof *builtin_nationalities; i++)
            vl_lexicon_add(&ev->nationalities, builtin_nationalities[i],
                           strlen(builtin_nationalities[i]));
        ev->builtin_nationalities = 1;
        return VL_OK;
    }
    if (!f)
        return vl_error_set(err, VL_EDATA, path, -1, -1, "cannot open %s: %s", path,
                            strerror(errno));
    vl_buf folded;
    vl_buf_init(&folded, 0);
    char line[MAX_NATIONALITY_LINE + 2];
    int64_t lineno = 0;
    vl_status st = VL_OK;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n') {
            st = vl_error_set(err, VL_EDATA, path, -1, lineno,
                              "%s:%lld: line longer than %d bytes", path,
                              (long long)lineno, MAX_NATIONALITY_LINE);
            break;
        }
        char *a = line;
        while (*a == ' ')
            a++;
        if (*a == '#') continue;
        size_t len = strcspn(a, "\t\r\n");
        while (len && a[len - 1] == ' ')
            len--;
        if (!len) continue;
        vl_buf_reset(&folded);
        (void)vl_fold_str(&ev->ctx->fold, a, len, &folded);
        if (folded.len)
            vl_lexicon_add(&ev->nationalities, (const char *)folded.data, folded.len);
    }
    if (!st && ferror(f))
        st = vl_error_set(err, VL_EIO, path, -1, -1, "cannot read %s", path);
    fclose(f);
    vl_buf_free(&folded);
    return st;
}

/* Whether folded word w[0:n] is a nationality adjective in any of its
 * regular forms: vietnamien(ne)(s), chinois(e)(s), américain(e)(s). */
static int is_nationality(const vl_eval *ev, const char *w, size_t n)
{
    const vl_lexicon *lex = &ev->nationalities;
    if (vl_lexicon_has(lex, w, n)) return 1;
    /* Plural -s only after e or n, so that "laos" never becomes "lao". */
    if (n > 3 && w[n - 1] == 's' && (w[n - 2] == 'e' || w[n - 2] == 'n')) {
        n--;
        if (vl_lexicon_has(lex, w, n)) return 1;
    }
    if (n > 4 && w[n - 1] == 'e') {
        if (w[n - 2] == 'n' && w[n - 3] == 'n' && vl_lexicon_has(lex, w, n - 2)) return 1;
        if (vl_lexicon_has(lex, w, n - 1)) return 1;
    }
    return 0;
}

/* --------------------------------------------------------- word sets */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether folded byte c separates words in titles and organisations: spaces,
 * apostrophes and ASCII punctuation, but not the hyphen (see eval.h). */
static int word_sep(unsigned char c)
{
    if (c >= 0x80 || c == '-') return 0;
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
}

/* The word set of folded text t, without articles and nationality
 * adjectives, contracted articles reduced to their preposition; sorted and
 * distinct, in the arena. */
static void words_of(scorer *s, const char *t, const char ***out, size_t *nout)
{
    size_t cap = 1;
    for (const char *p = t; *p; p++)
        if (word_sep((unsigned char)*p)) cap++;
    const char **w = vl_arena_alloc(&s->arena, cap * sizeof *w);
    size_t n = 0;
    const char *p = t;
    while (*p) {
        while (*p && word_sep((unsigned char)*p))
            p++;
        const char *b = p;
        while (*p && !word_sep((unsigned char)*p))
            p++;
        const char *e = p;
        while (b < e && *b == '-')
            b++;
        while (e > b && e[-1] == '-')
            e--;
        size_t len = (size_t)(e - b);
        if (!len) continue;
#define IS(lit) (len == sizeof lit - 1 && memcmp(b, lit, len) == 0)
        if (IS("le") || IS("la") || IS("les") || IS("l") || IS("un") || IS("une"))
            continue;
        if (IS("du") || IS("des") || IS("d")) {
            w[n++] = "de";
            continue;
        }
        if (IS("au") || IS("aux")) {
            w[n++] = "a";
            continue;
        }
#undef IS
        if (is_nationality(s->ev, b, len)) continue;
        w[n++] = vl_arena_strndup(&s->arena, b, len);
    }
    qsort(w, n, sizeof *w, cmp_str);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!m || strcmp(w[m - 1], w[i]) != 0) w[m++] = w[i];
    *out = w;
    *nout = m;
}

/* |A ∩ B| and |A ∪ B| of two sorted, distinct word arrays. */
static void overlap(const item *a, const item *b, size_t *inter, size_t *uni)
{
    size_t i = 0, j = 0, k = 0;
    while (i < a->nwords && j < b->nwords) {
        int c = strcmp(a->words[i], b->words[j]);
        if (c == 0) {
            k++;
            i++;
            j++;
        } else if (c < 0) {
            i++;
        } else {
            j++;
        }
    }
    *inter = k;
    *uni = a->nwords + b->nwords - k;
}

/* ------------------------------------------------------------- verbs */

/* Words skipped before the reporting verb (folded): auxiliaries, subject,
 * reflexive and object pronouns, the euphonic t of "a-t-il", negation and the
 * adverbs that sit between auxiliary and participle. Scoring, not
 * extraction: it only has to make the gold's and a record's forms of the
 * same act agree. */
/* clang-format off */
static const char *const verb_skip[] = {
    /* avoir, être */
    "a", "ai", "as", "avons", "avez", "ont", "avait", "avaient", "aura", "auront",
    "aurait", "auraient", "avoir", "eu", "est", "sont", "etait", "etaient", "sera",
    "seront", "serait", "seraient", "etre", "ete", "fut",
    /* pronouns, euphonic t, negation */
    "il", "elle", "ils", "elles", "on", "je", "nous", "vous", "t", "s", "se", "l",
    "lui", "leur", "y", "en", "n", "ne", "pas",
    /* adverbs */
    "egalement", "vivement", "aussi", "encore", "deja", "ainsi", "notamment",
    "hautement", "pleinement", "fortement", "toujours", "bien", "beaucoup",
    "particulierement", "clairement", "publiquement", "souvent", "ensuite", "enfin",
    "alors", "plus", "tres", "d", "abord", "de", "nouveau", "par", "ailleurs",
    "outre", "aujourd", "hui", "recemment", "sincerement", "chaleureusement",
};
/* clang-format on */

static int verb_skipped(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof verb_skip / sizeof *verb_skip; i++)
        if (strlen(verb_skip[i]) == n && memcmp(verb_skip[i], w, n) == 0) return 1;
    return 0;
}

/* The first five code points of the first word of folded verb phrase t that
 * is not skipped; the last word when all are (a verb phrase is never all
 * auxiliary, but a record may be wrong). */
static const char *verb_key(scorer *s, const char *t)
{
    const char *last = NULL;
    size_t last_len = 0;
    const char *p = t;
    while (*p) {
        while (*p == ' ' || *p == '\'' || *p == '-')
            p++;
        const char *b = p;
        while (*p && *p != ' ' && *p != '\'' && *p != '-')
            p++;
        size_t len = (size_t)(p - b);
        if (!len) continue;
        last = b;
        last_len = len;
        if (!verb_skipped(b, len)) break;
    }
    if (!last) return "";
    size_t n = 0, cps = 0;
    while (n < last_len && cps < 5) {
        n++;
        while (n < last_len && ((unsigned char)last[n] & 0xC0) == 0x80)
            n++;
        cps++;
    }
    return vl_arena_strndup(&s->arena, last, n);
}

/* ------------------------------------------------------------ matching */

/* Two persons of a quote or an event: the same gold person, or the same
 * folded name. */
static int same_person(size_t pa, const char *ka, size_t pb, const char *kb)
{
    return (pa != NONE && pa == pb) || strcmp(ka, kb) == 0;
}

static double compat(enum kind k, const item *r, const item *g)
{
    switch (k) {
    case K_EXACT:
        return strcmp(r->key, g->key) == 0 ? 1 : -1;
    case K_NAMES:
        if (strcmp(r->key, g->key) == 0) return 1;
        for (size_t i = 0; i < g->nalt; i++)
            if (strcmp(r->key, g->alt[i]) == 0) return 1;
        return -1;
    case K_WORDS: {
        size_t inter, uni;
        overlap(r, g, &inter, &uni);
        if (uni == 0) return 1;
        /* In integers: 0.75 is a boundary that must match exactly. */
        return inter * 4 >= uni * 3 ? (double)inter / (double)uni : -1;
    }
    case K_QUOTE:
        return same_person(r->person, r->key, g->person, g->key) && strcmp(r->verb, g->verb) == 0
                   ? 1
                   : -1;
    case K_PAIR: {
        int same = (same_person(r->person, r->key, g->person, g->key) &&
                    same_person(r->person2, r->key2, g->person2, g->key2)) ||
                   (same_person(r->person, r->key, g->person2, g->key2) &&
                    same_person(r->person2, r->key2, g->person, g->key));
        return same && strcmp(r->verb, g->verb) == 0 ? 1 : -1;
    }
    case K_AMOUNT: {
        if (!r->has_value || !g->has_value || strcmp(r->unit, g->unit) != 0) return -1;
        double a = r->value, b = g->value;
        double scale = fmax(fabs(a), fabs(b));
        return fabs(a - b) <= 1e-6 * scale ? 1 : -1;
    }
    }
    return -1;
}

typedef struct cand {
    double score;
    size_t gold;
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->gold < y->gold ? -1 : x->gold > y->gold;
}

typedef struct matching {
    cand *cands; /* row r: cands[r * ng .. r * ng + ncand[r]) */
    size_t *ncand;
    size_t ng;
    size_t *gold_of; /* per record item */
    size_t *rec_of;  /* per gold item */
    unsigned char *seen;
} matching;

/* Kuhn's augmenting path from record item r. Depth is at most the number
 * of record items (<= MAX_ITEMS). */
static int augment(matching *m, size_t r)
{
    const cand *c = m->cands + r * m->ng;
    for (size_t k = 0; k < m->ncand[r]; k++) {
        size_t g = c[k].gold;
        if (m->seen[g]) continue;
        m->seen[g] = 1;
        if (m->rec_of[g] == NONE || augment(m, m->rec_of[g])) {
            m->rec_of[g] = r;
            m->gold_of[r] = g;
            return 1;
        }
    }
    return 0;
}

/* Appends "<sign> field: shown" to the detail, control characters as
 * spaces so that one line stays one item. Past MAX_DIFF the detail is cut. */
static void note(scorer *s, char sign, enum field f, const char *shown)
{
    if (!s->diff) return;
    vl_buf *d = s->diff;
    size_t mark = d->len;
    vl_status st = vl_buf_addc(d, (unsigned char)sign);
    if (!st) st = vl_buf_addc(d, ' ');
    if (!st) st = vl_buf_adds(d, field_names[f]);
    if (!st) st = vl_buf_adds(d, ": ");
    for (const char *p = shown; !st && *p; p++)
        st = vl_buf_addc(d, (unsigned char)*p < 0x20 ? ' ' : (unsigned char)*p);
    if (!st) st = vl_buf_addc(d, '\n');
    if (st) { /* keep whole lines only */
        d->len = mark;
        d->data[mark] = 0;
    }
}

/* Pairs rec[] with gold[] one-to-one, as many pairs as possible, adds the
 * counts of field f and notes misses and false alarms. gold_of, when not
 * NULL, receives for each record item its gold item or NONE. */
static void score_field(scorer *s, enum field f, enum kind k, const item *rec, size_t nr,
                        const item *gold, size_t ng, size_t *gold_of)
{
    matching m = {0};
    m.ng = ng;
    m.gold_of = vl_malloc((nr ? nr : 1) * sizeof *m.gold_of);
    m.rec_of = vl_malloc((ng ? ng : 1) * sizeof *m.rec_of);
    m.seen = vl_malloc(ng ? ng : 1);
    m.ncand = vl_calloc(nr ? nr : 1, sizeof *m.ncand);
    m.cands = vl_malloc((nr && ng ? nr * ng : 1) * sizeof *m.cands);
    for (size_t r = 0; r < nr; r++)
        m.gold_of[r] = NONE;
    for (size_t g = 0; g < ng; g++)
        m.rec_of[g] = NONE;
    for (size_t r = 0; r < nr; r++) {
        cand *row = m.cands + r * ng;
        for (size_t g = 0; g < ng; g++) {
            double sc = compat(k, &rec[r], &gold[g]);
            if (sc >= 0) row[m.ncand[r]++] = (cand){sc, g};
        }
        qsort(row, m.ncand[r], sizeof *row, cmp_cand);
    }
    /* A greedy pass first: it settles the common cases (distinct items,
     * identical duplicates) without any search. */
    for (size_t r = 0; r < nr; r++) {
        const cand *row = m.cands + r * ng;
        for (size_t c = 0; c < m.ncand[r]; c++)
            if (m.rec_of[row[c].gold] == NONE) {
                m.rec_of[row[c].gold] = r;
                m.gold_of[r] = row[c].gold;
                break;
            }
    }
    for (size_t r = 0; r < nr; r++) {
        if (m.gold_of[r] != NONE || !m.ncand[r]) continue;
        memset(m.seen, 0, ng);
        augment(&m, r);
    }
    size_t tp = 0;
    for (size_t g = 0; g < ng; g++) {
        if (m.rec_of[g] != NONE)
            tp++;
        else
            note(s, '-', f, gold[g].shown);
    }
    for (size_t r = 0; r < nr; r++)
        if (m.gold_of[r] == NONE) note(s, '+', f, rec[r].shown);
    s->c[f].tp += tp;
    s->c[f].fp += nr - tp;
    s->c[f].fn += ng - tp;
    if (gold_of) memcpy(gold_of, m.gold_of, nr * sizeof *gold_of);
    free(m.gold_of);
    free(m.rec_of);
    free(m.seen);
    free(m.ncand);
    free(m.cands);
}

/* ------------------------------------------------------------- items */

static const char *str_of(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* An entry's text: the entry itself when it is a string, else its member. */
static const char *text_of(const json_t *v, const char *member)
{
    if (json_is_string(v)) return json_string_value(v);
    return member ? str_of(v, member) : NULL;
}

typedef enum { ST_ANY, ST_CURRENT, ST_FORMER } status_filter;

static int is_former(const json_t *v)
{
    const char *st = str_of(v, "status");
    return st && strcmp(st, "former") == 0;
}

static item *new_items(scorer *s, size_t n)
{
    item *it = vl_arena_alloc(&s->arena, (n ? n : 1) * sizeof *it);
    memset(it, 0, (n ? n : 1) * sizeof *it);
    return it;
}

static vl_status too_many(enum field f, size_t n, vl_error *err)
{
    return vl_error_set(err, VL_ELIMIT, NULL, -1, -1,
                        "%zu %s in one article: more than %d are not scored", n,
                        field_names[f], MAX_ITEMS);
}

/* The items of array arr (strings, or objects whose `member` is the text),
 * compared as k. owner, when not NULL, prefixes what is shown ("Tô Lâm:
 * président"). sf keeps titles by status. */
static vl_status collect(scorer *s, enum field f, const json_t *arr, const char *member,
                         enum kind k, const char *owner, status_filter sf, item **out,
                         size_t *nout, vl_error *err)
{
    size_t n = json_array_size(arr); /* 0 when arr is not an array */
    if (n > MAX_ITEMS) return too_many(f, n, err);
    item *it = new_items(s, n);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *v = json_array_get(arr, i);
        const char *t = text_of(v, member);
        if (!t) continue;
        if (sf == ST_CURRENT && is_former(v)) continue;
        if (sf == ST_FORMER && !is_former(v)) continue;
        item *x = &it[m++];
        x->shown = owner ? arena_printf(s, "%s: %s", owner, t) : t;
        x->key = fold(s, t);
        if (k == K_WORDS) words_of(s, x->key, &x->words, &x->nwords);
    }
    *out = it;
    *nout = m;
    return VL_OK;
}

/* Gold persons keep their aliases; record persons are named by "name",
 * else "key". */
static vl_status collect_persons(scorer *s, const json_t *arr, int gold, item **out,
                                 size_t *nout, vl_error *err)
{
    size_t n = json_array_size(arr);
    if (n > MAX_ITEMS) return too_many(F_PERSONS, n, err);
    item *it = new_items(s, n);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(arr, i);
        const char *name = text_of(v, "name");
        if (!name && !gold) name = str_of(v, "key");
        if (!name) continue;
        item *x = &it[m++];
        x->shown = name;
        x->key = fold(s, name);
        x->obj = v;
        const json_t *al = gold ? json_object_get(v, "aliases") : NULL;
        size_t na = json_array_size(al);
        if (na > MAX_ITEMS) return too_many(F_PERSONS, na, err);
        x->alt = vl_arena_alloc(&s->arena, (na ? na : 1) * sizeof *x->alt);
        for (size_t j = 0; j < na; j++) {
            const char *a = text_of(json_array_get(al, j), NULL);
            if (a) x->alt[x->nalt++] = fold(s, a);
        }
    }
    *out = it;
    *nout = m;
    return VL_OK;
}

/* Titles, former titles and ranks of one person, matched (both given) or
 * not (one NULL: everything on the other side is missed or a false alarm). */
static vl_status score_person(scorer *s, const item *rp, const item *gp, vl_error *err)
{
    const char *owner = gp ? gp->shown : rp->shown;
    const json_t *ro = rp ? rp->obj : NULL, *go = gp ? gp->obj : NULL;
    static const struct {
        enum field f;
        enum kind k;
        const char *gold_member, *rec_member, *rec_text;
        status_filter sf;
    } parts[] = {
        {F_TITLES, K_WORDS, "titles", "titles", "text", ST_CURRENT},
        {F_FORMER, K_WORDS, "former_titles", "titles", "text", ST_FORMER},
        {F_RANKS, K_EXACT, "ranks", "ranks", "text", ST_ANY},
    };
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
        item *r = NULL, *g = NULL;
        size_t nr = 0, ng = 0;
        vl_status st =
            collect(s, parts[i].f, json_object_get(ro, parts[i].rec_member),
                    parts[i].rec_text, parts[i].k, owner, parts[i].sf, &r, &nr, err);
        if (!st)
            st = collect(s, parts[i].f, json_object_get(go, parts[i].gold_member), NULL,
                         parts[i].k, owner, ST_ANY, &g, &ng, err);
        if (st) return st;
        score_field(s, parts[i].f, parts[i].k, r, nr, g, ng, NULL);
    }
    return VL_OK;
}

/* The gold person a folded speaker names, or NONE. rp/gold_of (record side
 * only) add the record's own persons as a way through. */
static size_t resolve_speaker(const char *key, const item *gp, size_t ngp, scorer *s,
                              const item *rp, size_t nrp, const size_t *gold_of)
{
    item probe = {0};
    probe.key = key;
    for (size_t g = 0; g < ngp; g++)
        if (compat(K_NAMES, &probe, &gp[g]) >= 0) return g;
    for (size_t r = 0; r < nrp; r++) {
        if (gold_of[r] == NONE) continue;
        const char *k = str_of(rp[r].obj, "key");
        if (strcmp(rp[r].key, key) == 0 || (k && strcmp(fold(s, k), key) == 0))
            return gold_of[r];
    }
    return NONE;
}

static vl_status collect_quotes(scorer *s, const json_t *arr, item **out, size_t *nout,
                                const item *gp, size_t ngp, const item *rp, size_t nrp,
                                const size_t *gold_of, vl_error *err)
{
    size_t n = json_array_size(arr);
    if (n > MAX_ITEMS) return too_many(F_QUOTES, n, err);
    item *it = new_items(s, n);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *v = json_array_get(arr, i);
        const char *speaker = str_of(v, "speaker"), *verb = str_of(v, "verb");
        if (!speaker) speaker = "";
        if (!verb) verb = "";
        item *x = &it[m++];
        x->shown = arena_printf(s, "%s: %s", speaker, verb);
        x->key = fold(s, speaker);
        x->verb = verb_key(s, fold(s, verb));
        x->person = resolve_speaker(x->key, gp, ngp, s, rp, nrp, gold_of);
    }
    *out = it;
    *nout = m;
    return VL_OK;
}

static vl_status collect_amounts(scorer *s, const json_t *arr, item **out, size_t *nout,
                                 vl_error *err)
{
    size_t n = json_array_size(arr);
    if (n > MAX_ITEMS) return too_many(F_AMOUNTS, n, err);
    item *it = new_items(s, n);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *v = json_array_get(arr, i);
        if (!json_is_object(v)) continue;
        const json_t *val = json_object_get(v, "value");
        const char *unit = str_of(v, "unit");
        item *x = &it[m++];
        x->has_value = json_is_number(val);
        x->value = x->has_value ? json_number_value(val) : 0;
        const char *u = fold(s, unit ? unit : "");
        size_t k = 0, cps = 0;
        while (u[k] && cps < 4) {
            k++;
            while (((unsigned char)u[k] & 0xC0) == 0x80)
                k++;
            cps++;
        }
        x->unit = vl_arena_strndup(&s->arena, u, k);
        if (x->has_value)
            x->shown = arena_printf(s, "%.15g %s", x->value, unit ? unit : "");
        else
            x->shown = arena_printf(s, "? %s", unit ? unit : "");
    }
    *out = it;
    *nout = m;
    return VL_OK;
}

/* The events of a record or gold line as the four sets GUIDE scores:
 * events on (type, date), participants and chairs on (person, date), pairs
 * on (two participants of one event, date). Persons are resolved as quote
 * speakers; a null date is "null", matching only itself. Each set keeps an
 * item once. */
typedef struct event_sets {
    item *set[4]; /* events, participants, pairs, chairs; in the arena */
    size_t n[4], cap[4];
} event_sets;

static int same_item(enum kind k, const item *a, const item *b)
{
    return compat(k, a, b) >= 0 && (k != K_EXACT || strcmp(a->key, b->key) == 0);
}

/* Adds x to set i unless an equal item is there. */
static void set_add(scorer *s, event_sets *es, int i, enum kind k, const item *x)
{
    for (size_t j = 0; j < es->n[i]; j++)
        if (same_item(k, &es->set[i][j], x)) return;
    if (es->n[i] == es->cap[i]) {
        size_t c = es->cap[i] ? es->cap[i] * 2 : 16;
        item *room = new_items(s, c);
        if (es->n[i]) memcpy(room, es->set[i], es->n[i] * sizeof *room);
        es->set[i] = room;
        es->cap[i] = c;
    }
    es->set[i][es->n[i]++] = *x;
}

/* The persons of an event member (an array of names or keys). */
static size_t event_persons(scorer *s, const json_t *arr, item *out, size_t cap,
                            const item *gp, size_t ngp, const item *rp, size_t nrp,
                            const size_t *gold_of)
{
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(arr) && n < cap; i++) {
        const char *name = text_of(json_array_get(arr, i), NULL);
        if (!name) continue;
        item *x = &out[n];
        memset(x, 0, sizeof *x);
        x->key = fold(s, name);
        x->person = resolve_speaker(x->key, gp, ngp, s, rp, nrp, gold_of);
        size_t k;
        for (k = 0; k < n && !same_person(out[k].person, out[k].key, x->person, x->key); k++) {}
        if (k == n) n++;
    }
    return n;
}

static vl_status collect_events(scorer *s, const json_t *arr, event_sets *es, const item *gp,
                                size_t ngp, const item *rp, size_t nrp, const size_t *gold_of,
                                vl_error *err)
{
    enum { MAX_MEMBERS = 32 }; /* persons of one event that are scored */
    size_t n = json_array_size(arr);
    if (n > MAX_ITEMS) return too_many(F_EVENTS, n, err);
    memset(es, 0, sizeof *es);
    item pa[MAX_MEMBERS], ch[MAX_MEMBERS];
    for (size_t i = 0; i < n; i++) {
        const json_t *v = json_array_get(arr, i);
        if (!json_is_object(v)) continue;
        const char *type = str_of(v, "type"), *date = str_of(v, "date");
        item x = {0};
        x.verb = date ? fold(s, date) : "null";
        x.key = arena_printf(s, "%s %s", type ? type : "?", x.verb);
        x.shown = x.key;
        set_add(s, es, 0, K_EXACT, &x);
        size_t np = event_persons(s, json_object_get(v, "participants"), pa, MAX_MEMBERS, gp,
                                  ngp, rp, nrp, gold_of);
        size_t nc = event_persons(s, json_object_get(v, "chairs"), ch, MAX_MEMBERS, gp, ngp,
                                  rp, nrp, gold_of);
        /* a chair takes part */
        for (size_t c = 0; c < nc && np < MAX_MEMBERS; c++) {
            size_t k;
            for (k = 0; k < np && !same_person(pa[k].person, pa[k].key, ch[c].person, ch[c].key);
                 k++) {}
            if (k == np) pa[np++] = ch[c];
        }
        for (size_t a = 0; a < np; a++) {
            item y = pa[a];
            y.verb = x.verb;
            y.shown = arena_printf(s, "%s %s", y.key, x.verb);
            set_add(s, es, 1, K_QUOTE, &y);
            for (size_t b = a + 1; b < np; b++) {
                item z = y;
                z.key2 = pa[b].key;
                z.person2 = pa[b].person;
                z.shown = arena_printf(s, "%s + %s %s", y.key, z.key2, x.verb);
                set_add(s, es, 2, K_PAIR, &z);
            }
        }
        for (size_t c = 0; c < nc; c++) {
            item y = ch[c];
            y.verb = x.verb;
            y.shown = arena_printf(s, "%s %s", y.key, x.verb);
            set_add(s, es, 3, K_QUOTE, &y);
        }
    }
    return VL_OK;
}

/* Scores record rec against gold line gold into s. */
static vl_status score(scorer *s, const json_t *gold, const json_t *rec, vl_error *err)
{
    item *rp, *gp;
    size_t nrp, ngp;
    vl_status st = collect_persons(s, json_object_get(rec, "persons"), 0, &rp, &nrp, err);
    if (!st) st = collect_persons(s, json_object_get(gold, "persons"), 1, &gp, &ngp, err);
    if (st) return st;
    size_t *gold_of = vl_arena_alloc(&s->arena, (nrp ? nrp : 1) * sizeof *gold_of);
    score_field(s, F_PERSONS, K_NAMES, rp, nrp, gp, ngp, gold_of);

    /* Person fields: matched pairs, then gold persons nobody found, then
     * record persons that are nobody. */
    unsigned char *found = vl_arena_alloc(&s->arena, ngp ? ngp : 1);
    memset(found, 0, ngp ? ngp : 1);
    for (size_t r = 0; r < nrp && !st; r++)
        if (gold_of[r] != NONE) {
            found[gold_of[r]] = 1;
            st = score_person(s, &rp[r], &gp[gold_of[r]], err);
        }
    for (size_t g = 0; g < ngp && !st; g++)
        if (!found[g]) st = score_person(s, NULL, &gp[g], err);
    for (size_t r = 0; r < nrp && !st; r++)
        if (gold_of[r] == NONE) st = score_person(s, &rp[r], NULL, err);
    if (st) return st;

    static const struct {
        enum field f;
        enum kind k;
        const char *name, *rec_member, *gold_member;
    } plain[] = {
        {F_PLACES, K_EXACT, "places", "name", NULL},
        {F_ORGS, K_WORDS, "organizations", "name", NULL},
        {F_DATES, K_EXACT, "dates", "value", "value"},
    };
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
        item *r, *g;
        size_t nr, ng;
        st = collect(s, plain[i].f, json_object_get(rec, plain[i].name),
                     plain[i].rec_member, plain[i].k, NULL, ST_ANY, &r, &nr, err);
        if (!st)
            st = collect(s, plain[i].f, json_object_get(gold, plain[i].name),
                         plain[i].gold_member, plain[i].k, NULL, ST_ANY, &g, &ng, err);
        if (st) return st;
        score_field(s, plain[i].f, plain[i].k, r, nr, g, ng, NULL);
    }

    /* Second-pass fields: only where the gold line was annotated for them. */
    const json_t *gq = json_object_get(gold, "quotes");
    if (json_is_array(gq)) {
        item *r, *g;
        size_t nr, ng;
        st = collect_quotes(s, json_object_get(rec, "quotes"), &r, &nr, gp, ngp, rp, nrp,
                            gold_of, err);
        if (!st) st = collect_quotes(s, gq, &g, &ng, gp, ngp, NULL, 0, NULL, err);
        if (st) return st;
        score_field(s, F_QUOTES, K_QUOTE, r, nr, g, ng, NULL);
    }
    const json_t *ga = json_object_get(gold, "amounts");
    if (json_is_array(ga)) {
        item *r, *g;
        size_t nr, ng;
        st = collect_amounts(s, json_object_get(rec, "amounts"), &r, &nr, err);
        if (!st) st = collect_amounts(s, ga, &g, &ng, err);
        if (st) return st;
        score_field(s, F_AMOUNTS, K_AMOUNT, r, nr, g, ng, NULL);
    }
    const json_t *ge = json_object_get(gold, "events");
    if (json_is_array(ge)) {
        event_sets r, g;
        st = collect_events(s, json_object_get(rec, "events"), &r, gp, ngp, rp, nrp, gold_of,
                            err);
        if (!st) st = collect_events(s, ge, &g, gp, ngp, NULL, 0, NULL, err);
        if (st) return st;
        static const enum kind kinds[4] = {K_EXACT, K_QUOTE, K_PAIR, K_QUOTE};
        for (int i = 0; i < 4; i++)
            score_field(s, (enum field)(F_EVENTS + i), kinds[i], r.set[i], r.n[i], g.set[i],
                        g.n[i], NULL);
    }
    return VL_OK;
}

/* ------------------------------------------------------------- the API */

/* Index order for by_file; qsort has no context argument, so the indices
 * are sorted through a small array of (name, index) pairs instead. */
typedef struct file_ref {
    const char *file;
    size_t index;
} file_ref;

static int cmp_file_ref(const void *a, const void *b)
{
    const file_ref *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c) return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

static gold_line *find_line(const vl_eval *ev, const char *file)
{
    size_t lo = 0, hi = ev->nlines;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(ev->lines[ev->by_file[mid]].file, file);
        if (c == 0) return &ev->lines[ev->by_file[mid]];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static vl_status add_gold_line(vl_eval *ev, const char *path, const char *text,
                               size_t len, int64_t lineno, vl_error *err)
{
    json_error_t je;
    json_t *j = json_loadb(text, len, 0, &je);
    if (!j)
        return vl_error_set(err, VL_EJSON, path, -1, lineno, "%s:%lld: %s", path,
                            (long long)lineno, je.text);
    const char *file = str_of(j, "file");
    if (!file || !*file) {
        json_decref(j);
        return vl_error_set(err, VL_EJSON, path, -1, lineno,
                            "%s:%lld: a gold line is an object with a \"file\"", path,
                            (long long)lineno);
    }
    ev->lines = vl_grow(ev->lines, &ev->cap, ev->nlines + 1, sizeof *ev->lines);
    gold_line *gl = &ev->lines[ev->nlines++];
    memset(gl, 0, sizeof *gl);
    gl->file = vl_strdup(file);
    gl->json = j;
    gl->line = lineno;
    vl_buf_init(&gl->diff, MAX_DIFF);
    return VL_OK;
}

static vl_status read_gold(vl_eval *ev, const char *path, vl_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return vl_error_set(err, VL_EIO, path, -1, -1, "cannot open %s: %s", path,
                            strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int64_t lineno = 0;
    vl_status st = VL_OK;
    while (!st && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if ((size_t)n > MAX_GOLD_LINE) {
            st = vl_error_set(err, VL_ELIMIT, path, -1, lineno,
                              "%s:%lld: line longer than %d bytes", path,
                              (long long)lineno, MAX_GOLD_LINE);
            break;
        }
        size_t k = 0;
        while (k < (size_t)n && strchr(" \t\r\n", line[k]))
            k++;
        if (k == (size_t)n) continue; /* blank */
        st = add_gold_line(ev, path, line, (size_t)n, lineno, err);
    }
    if (!st && ferror(f))
        st = vl_error_set(err, VL_EIO, path, -1, -1, "cannot read %s", path);
    free(line);
    fclose(f);
    if (st) return st;

    file_ref *refs = vl_malloc((ev->nlines ? ev->nlines : 1) * sizeof *refs);
    for (size_t i = 0; i < ev->nlines; i++)
        refs[i] = (file_ref){ev->lines[i].file, i};
    qsort(refs, ev->nlines, sizeof *refs, cmp_file_ref);
    ev->by_file = vl_malloc((ev->nlines ? ev->nlines : 1) * sizeof *ev->by_file);
    for (size_t i = 0; i < ev->nlines; i++) {
        ev->by_file[i] = refs[i].index;
        if (i && strcmp(refs[i].file, refs[i - 1].file) == 0 && !st) {
            const gold_line *dup = &ev->lines[refs[i].index];
            st = vl_error_set(err, VL_EJSON, path, -1, dup->line,
                              "%s:%lld: a second gold line for %s", path,
                              (long long)dup->line, dup->file);
        }
    }
    free(refs);
    return st;
}

vl_status vl_eval_new(const vl_ctx *ctx, const char *gold_path, vl_eval **out,
                      vl_error *err)
{
    vl_eval *ev = vl_calloc(1, sizeof *ev);
    ev->ctx = ctx;
    vl_status st = load_nationalities(ev, err);
    if (!st) st = read_gold(ev, gold_path, err);
    /* Until a record comes, an article counts as scored against nothing. */
    for (size_t i = 0; i < ev->nlines && !st; i++) {
        scorer s;
        scorer_init(&s, ev, NULL);
        const json_t *empty = NULL; /* json_object_get(NULL, k) is NULL */
        st = score(&s, ev->lines[i].json, empty, err);
        if (!st) memcpy(ev->lines[i].c, s.c, sizeof s.c);
        scorer_free(&s);
        if (st && err) snprintf(err->path, sizeof err->path, "%s", gold_path);
    }
    if (st) {
        vl_eval_free(ev);
        return st;
    }
    *out = ev;
    return VL_OK;
}

vl_status vl_eval_add(vl_eval *ev, const char *record_json, size_t len, vl_error *err)
{
    json_error_t je;
    json_t *rec = json_loadb(record_json, len, 0, &je);
    if (!rec)
        return vl_error_set(err, VL_EJSON, NULL, je.position, -1,
                            "record is not JSON: %s", je.text);
    if (!json_is_object(rec)) {
        json_decref(rec);
        return vl_error_set(err, VL_EJSON, NULL, -1, -1, "a record is a JSON object");
    }
    const char *source = str_of(rec, "source"), *id = str_of(rec, "id");
    if (!source && !id) {
        json_decref(rec);
        return vl_error_set(err, VL_EJSON, NULL, -1, -1,
                            "record has neither source nor id");
    }
    gold_line *gl = NULL;
    if (source) {
        const char *base = strrchr(source, '/');
        gl = find_line(ev, base ? base + 1 : source);
    }
    if (!gl && id) gl = find_line(ev, id);
    if (!gl) {
        ev->unmatched++;
        vl_status st = vl_error_set(err, VL_ENOTFOUND, source ? source : id, -1, -1,
                                    "no gold line for %s", source ? source : id);
        json_decref(rec);
        return st;
    }
    vl_buf diff;
    vl_buf_init(&diff, MAX_DIFF);
    scorer s;
    scorer_init(&s, ev, &diff);
    vl_status st = score(&s, gl->json, rec, err);
    if (!st) {
        memcpy(gl->c, s.c, sizeof s.c);
        gl->scored = 1;
        vl_buf_free(&gl->diff);
        gl->diff = diff;
    } else {
        vl_buf_free(&diff);
        if (err) snprintf(err->path, sizeof err->path, "%s", source ? source : id);
    }
    scorer_free(&s);
    json_decref(rec);
    return st;
}

static void totals(const vl_eval *ev, counts t[F_COUNT], size_t *missing)
{
    memset(t, 0, F_COUNT * sizeof *t);
    *missing = 0;
    for (size_t i = 0; i < ev->nlines; i++) {
        const gold_line *gl = &ev->lines[i];
        if (!gl->scored) ++*missing;
        for (int f = 0; f < F_COUNT; f++) {
            t[f].tp += gl->c[f].tp;
            t[f].fp += gl->c[f].fp;
            t[f].fn += gl->c[f].fn;
        }
    }
}

/* Nothing to find and nothing wrongly found scores 1. */
static void prf(const counts *c, double *p, double *r, double *f1)
{
    double tp = (double)c->tp, fp = (double)c->fp, fn = (double)c->fn;
    *p = c->tp + c->fp ? tp / (tp + fp) : (c->fn ? 0 : 1);
    *r = c->tp + c->fn ? tp / (tp + fn) : (c->fp ? 0 : 1);
    *f1 = c->tp + c->fp + c->fn ? 2 * tp / (2 * tp + fp + fn) : 1;
}

/* The detail of one article as JSON arrays, parsed back from its lines. */
static json_t *diff_json(const gold_line *gl, char sign)
{
    json_t *a = json_array();
    const char *p = gl->diff.data ? (const char *)gl->diff.data : "";
    while (*p) {
        const char *eol = strchr(p, '\n');
        const char *colon = strstr(p, ": ");
        if (!eol) break;
        if (p[0] == sign && colon && colon < eol) {
            json_t *o = json_object();
            json_object_set_new(o, "field", json_stringn(p + 2, (size_t)(colon - p - 2)));
            json_object_set_new(o, "value",
                                json_stringn(colon + 2, (size_t)(eol - colon - 2)));
            json_array_append_new(a, o);
        }
        p = eol + 1;
    }
    return a;
}

static void print_json(const vl_eval *ev, FILE *out, int verbose)
{
    counts t[F_COUNT];
    size_t missing;
    totals(ev, t, &missing);
    json_t *root = json_object(), *fields = json_object();
    for (int f = 0; f < F_COUNT; f++) {
        double p, r, f1;
        prf(&t[f], &p, &r, &f1);
        json_t *o = json_object();
        json_object_set_new(o, "tp", json_integer((json_int_t)t[f].tp));
        json_object_set_new(o, "fp", json_integer((json_int_t)t[f].fp));
        json_object_set_new(o, "fn", json_integer((json_int_t)t[f].fn));
        json_object_set_new(o, "p", json_real(p));
        json_object_set_new(o, "r", json_real(r));
        json_object_set_new(o, "f1", json_real(f1));
        if (field_informative(f)) json_object_set_new(o, "informative", json_true());
        json_object_set_new(fields, field_names[f], o);
    }
    json_object_set_new(root, "fields", fields);
    json_object_set_new(root, "articles", json_integer((json_int_t)ev->nlines));
    json_object_set_new(root, "missing_records", json_integer((json_int_t)missing));
    json_object_set_new(root, "unmatched_records",
                        json_integer((json_int_t)ev->unmatched));
    json_object_set_new(root, "builtin_nationalities",
                        json_boolean(ev->builtin_nationalities));
    if (verbose) {
        json_t *files = json_array();
        for (size_t i = 0; i < ev->nlines; i++) {
            const gold_line *gl = &ev->lines[i];
            json_t *o = json_object();
            json_object_set_new(o, "file", json_string(gl->file));
            json_object_set_new(o, "record", json_boolean(gl->scored));
            json_object_set_new(o, "misses", diff_json(gl, '-'));
            json_object_set_new(o, "false_alarms", diff_json(gl, '+'));
            json_array_append_new(files, o);
        }
        json_object_set_new(root, "files", files);
    }
    json_dumpf(root, out, JSON_REAL_PRECISION(6));
    fputc('\n', out);
    json_decref(root);
}

void vl_eval_print(const vl_eval *ev, FILE *out, int verbose, int json)
{
    if (json) {
        print_json(ev, out, verbose);
        return;
    }
    if (verbose)
        for (size_t i = 0; i < ev->nlines; i++) {
            const gold_line *gl = &ev->lines[i];
            if (!gl->scored)
                fprintf(out, "== %s: no record\n", gl->file);
            else if (gl->diff.len)
                fprintf(out, "== %s\n%s", gl->file, (const char *)gl->diff.data);
        }
    counts t[F_COUNT];
    size_t missing;
    totals(ev, t, &missing);
    fprintf(out, "%-16s %6s %6s %6s %7s %7s %7s\n", "field", "tp", "fp", "fn", "P", "R",
            "F1");
    for (int f = 0; f < F_COUNT; f++) {
        double p, r, f1;
        prf(&t[f], &p, &r, &f1);
        fprintf(out, "%-14s%s %6zu %6zu %6zu %7.3f %7.3f %7.3f\n", field_names[f],
                field_informative(f) ? " *" : "  ", t[f].tp, t[f].fp, t[f].fn, p, r, f1);
    }
    fprintf(out, "* informative only\n");
    fprintf(out, "gold articles without a record: %zu of %zu\n", missing, ev->nlines);
    if (ev->unmatched) fprintf(out, "records without a gold line: %zu\n", ev->unmatched);
    if (ev->builtin_nationalities)
        fprintf(out,
                "(no nationalities.tsv in the data folder: built-in adjective list)\n");
}

double vl_eval_f1(const vl_eval *ev, const char *field)
{
    if (strcmp(field, "person-title") == 0) field = "titles";
    for (int f = 0; f < F_COUNT; f++) {
        if (strcmp(field, field_names[f]) != 0) continue;
        counts t[F_COUNT];
        size_t missing;
        totals(ev, t, &missing);
        double p, r, f1;
        prf(&t[f], &p, &r, &f1);
        return f1;
    }
    return -1;
}

void vl_eval_free(vl_eval *ev)
{
    if (!ev) return;
    for (size_t i = 0; i < ev->nlines; i++) {
        free(ev->lines[i].file);
        json_decref(ev->lines[i].json);
        vl_buf_free(&ev->lines[i].diff);
    }
    free(ev->lines);
    free(ev->by_file);
    vl_lexicon_free(&ev->nationalities);
    free(ev);
}

/* ------------------------------------------------------------ for tests */

double vl_eval_jaccard(const vl_eval *ev, const char *a, const char *b)
{
    scorer s;
    scorer_init(&s, ev, NULL);
    item x = {0}, y = {0};
    words_of(&s, fold(&s, a), &x.words, &x.nwords);
    words_of(&s, fold(&s, b), &y.words, &y.nwords);
    size_t inter, uni;
    overlap(&x, &y, &inter, &uni);
    scorer_free(&s);
    return uni ? (double)inter / (double)uni : 1;
}

void vl_eval_verb_key(const vl_eval *ev, const char *verb, vl_buf *out)
{
    scorer s;
    scorer_init(&s, ev, NULL);
    (void)vl_buf_adds(out, verb_key(&s, fold(&s, verb)));
    scorer_free(&s);
}
