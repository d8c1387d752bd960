/*
 * persons.c — persons, their titles and ranks (extract stage).
 *
 * The press names officials through the titles and ranks around them, in
 * every order:
 *   title chain before:  "le secrétaire du Comité central du Parti, le
 *                         président de la Commission ..., Lê Hoài Trung"
 *   rank before:         "le général de corps d'armée Hoang Xuan Chien"
 *   titles after:        "Phan Van Giang, également membre du Bureau
 *                         politique, secrétaire adjoint de ..."
 *   honorific:           "M. Lavrov"
 * and names alone: capitalised runs that are neither ordinary French nor a
 * place, a body or a title (Vietnamese family names from the lexicon help).
 * Occurrences are then grouped into persons: the same folded name, or a
 * shorter name that is the tail of exactly one longer one ("Giang").
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "extractors.h"
#include "fold.h"

/* Titles written without a name kept per document (vl_description): a
 * dispatch has a few; a pathological text of thousands stays linear. */
enum { MAX_DESCRIPTIONS = 256 };

/* One name found in the text, with what its context says about it. */
enum { OCC_TITLES = 8 };
typedef struct occ {
    size_t s, e; /* tokens */
    vl_title *titles; /* up to OCC_TITLES, in the arena, room doubled as they
                         come: most names have none or one, and a text may
                         hold 100,000 names */
    size_t ntitles, ctitles;
    const char *ranks[4];
    size_t nranks;
    int strong; /* found through a title, rank or honorific */
    const char *departure; /* a phrase around it tells the person left an office:
                              the cause (data/departures.tsv), else NULL */
} occ;

typedef struct title_m {
    size_t s, e;  /* tokens: modifiers, head, complement */
    size_t text_s; /* start of the title's text: after "ancien", "feu" */
    size_t text_e; /* end of the title's text: without "(PCV)" */
    size_t hs, he; /* the head */
    uint8_t status;
} title_m;

static int det(const vl_ex *x, size_t i)
{
    if (i >= x->tk.n || x->tk.t[i].flen > 3) return 0;
    if (vl_ex_is_any(x, i, "le la les du au aux")) return 1;
    if (vl_ex_is_any(x, i, "l") && (x->tk.t[i].flags & VL_XT_ELISION)) return 1;
    return 0;
}

static size_t skip_det(const vl_ex *x, size_t i)
{
    return det(x, i) ? i + 1 : i;
}

/* A status word or phrase at i (ancien, par intérim): its length. */
static size_t modifier(const vl_ex *x, size_t i, uint8_t *status)
{
    const vl_gentry *e;
    size_t n = vl_ex_gaz(x, i, VL_G_MODIFIER, &e);
    if (!n) return 0;
    if (!strcmp(e->a, "former")) *status = VL_ST_FORMER;
    else if (!strcmp(e->a, "acting")) *status = VL_ST_ACTING;
    else if (!strcmp(e->a, "designate")) *status = VL_ST_DESIGNATE;
    return n;
}

/* A title at i: [modifiers] head [modifiers] [nationality] [complement]
 * [nationality]. Returns its end token, or 0. */
static size_t parse_title(const vl_ex *x, size_t i, title_m *m)
{
    uint8_t status = VL_ST_CURRENT;
    size_t j = i, k, text_e = 0;
    while ((k = modifier(x, j, &status)) != 0 && j - i < 4) j += k;
    size_t head = vl_ex_gaz(x, j, VL_G_TITLE, NULL);
    if (!head) return 0;
    m->hs = j;
    m->he = j + head;
    /* a capitalised head inside a name is no title ("Premier" alone is) */
    j += head;
    /* a country's official style the head began: "président de la
     * République socialiste du Vietnam" */
    for (size_t q = m->hs + 1; q < m->he; q++) {
        size_t c = vl_ex_gaz(x, q, VL_G_COUNTRY, NULL);
        if (c && q + c > j) j = q + c;
    }
    for (int round = 0; round < 3; round++) {
        size_t before = j;
        while ((k = modifier(x, j, &status)) != 0) j += k;
        if ((k = vl_ex_gaz(x, j, VL_G_NATIONALITY, NULL)) != 0) j += k;
        size_t c = vl_ex_complement(x, j, x->tk.n, VL_CX_A | VL_CX_BODY | VL_CX_POSTED | VL_CX_TERM);
        if (c > j) j = vl_ex_numbered(x, c);
        /* an acronym in parentheses after the body: "(PCV)" */
        if (vl_ex_punct(x, j, '(') && j + 2 < x->tk.n && vl_ex_punct(x, j + 2, ')') &&
            (x->tk.t[j + 1].flags & VL_XT_ALLCAPS)) {
            text_e = j;
            j += 3;
        }
        if (j == before) break;
    }
    m->s = i;
    m->e = j;
    m->text_s = m->hs;
    m->text_e = text_e && text_e + 3 == j ? text_e : j;
    m->status = status;
    return j;
}

/* The body a title without complement belongs to when a possessive opens
 * it ("le Comité d'État ... et son président, X"): the organisation that
 * opens the sentence, else the one named last before it in the sentence,
 * or NULL; *prep is how the text joins it ("du", "de la"). */
static const char *body_before(const vl_ex *x, const title_m *t, const char **prep)
{
    if (t->text_e != t->he || t->text_s == 0 || !vl_ex_is_any(x, t->text_s - 1, "son sa leur"))
        return NULL;
    uint32_t at = x->tk.t[t->text_s - 1].s, sent = x->tk.t[t->text_s - 1].sent;
    const char *best = NULL;
    uint32_t best_s = 0;
    int subject = 0; /* best opens the sentence: the possessive is its */
    for (size_t i = 0; i < x->out->norgs; i++) {
        const vl_entity *org = &x->out->orgs[i];
        for (size_t m = 0; m < org->nmentions; m++) {
            const vl_span *sp = &org->mentions[m];
            if (sp->e > at || subject || (best && sp->s <= best_s)) continue;
            /* in the same sentence */
            size_t lo = 0, hi = x->tk.n;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (x->tk.t[mid].s < sp->s) lo = mid + 1;
                else hi = mid;
            }
            if (lo < x->tk.n && x->tk.t[lo].sent == sent) {
                best = org->name;
                best_s = sp->s;
                subject = (x->tk.t[lo].flags & VL_XT_SENT_START) ||
                          (lo > 0 && (x->tk.t[lo - 1].flags & VL_XT_SENT_START) &&
                           vl_ex_is_any(x, lo - 1, "le la l les"));
                /* how the text joined it: "du Département", "de la
                 * Commission", "de l'Office" */
                *prep = "de";
                if (lo > 0 && vl_ex_is_any(x, lo - 1, "du le au")) *prep = "du";
                else if (lo > 0 && vl_ex_is_any(x, lo - 1, "des les aux")) *prep = "des";
                else if (lo > 0 && vl_ex_is_any(x, lo - 1, "la")) *prep = "de la";
                else if (lo > 0 && vl_ex_is_any(x, lo - 1, "l")) *prep = "de l'";
            }
        }
    }
    return best;
}

/* A new title of o (room doubled as they come), or NULL past OCC_TITLES. */
static vl_title *new_title(const vl_ex *x, occ *o)
{
    if (o->ntitles >= OCC_TITLES) return NULL;
    if (o->ntitles == o->ctitles) {
        size_t c = o->ctitles ? o->ctitles * 2 : 1;
        vl_title *room = vl_arena_alloc(x->arena, c * sizeof *room);
        if (o->ntitles) memcpy(room, o->titles, o->ntitles * sizeof *room);
        o->titles = room;
        o->ctitles = c;
    }
    return &o->titles[o->ntitles++];
}

static void add_title(const vl_ex *x, occ *o, const title_m *t)
{
    vl_title *v = new_title(x, o);
    if (!v) return;
    v->text = vl_ex_text(x, t->text_s, t->text_e);
    v->head = vl_ex_key(x, t->hs, t->he);
    v->span.s = x->tk.t[t->text_s].s;
    v->span.e = x->tk.t[t->text_e - 1].e;
    v->status = t->status;
    v->date = vl_ex_when(x, t->text_s);
    const char *prep = NULL;
    v->of = body_before(x, t, &prep);
    /* "son directeur" is the body's: its name completes the title */
    if (v->of) {
        size_t n = strlen(v->text) + strlen(prep) + strlen(v->of) + 3;
        char *whole = vl_arena_alloc(x->arena, n);
        snprintf(whole, n, "%s %s%s%s", v->text, prep, prep[strlen(prep) - 1] == '\'' ? "" : " ",
                 v->of);
        v->text = whole;
    }
}

/* A title written twice holds at the later of its times: the document's
 * (NULL) over any date its sentences recall. */
static void later_date(vl_title *keep, const vl_title *other)
{
    if (!keep->date) return;
    if (!other->date || strcmp(other->date, keep->date) > 0) keep->date = other->date;
}

static void add_rank(const vl_ex *x, occ *o, size_t s, size_t e)
{
    if (o->nranks >= sizeof o->ranks / sizeof o->ranks[0]) return;
    o->ranks[o->nranks++] = vl_ex_text(x, s, e);
}

static size_t chain_before(vl_ex *x, size_t i, struct occ *o);

/* Titles after a name: ", [également] [le] title (, title | et title)*". */
static size_t titles_after(vl_ex *x, size_t e, occ *o)
{
    size_t k = e;
    for (int n = 0; n < 6; n++) {
        size_t j = k;
        if (vl_ex_punct(x, j, ',') || vl_ex_punct(x, j, '(') ||
            (n > 0 && vl_ex_is_any(x, j, "et")))
            j++;
        else
            break;
        /* "X, qui est également le chef du comité" */
        int relative = 0;
        if (vl_ex_is_any(x, j, "qui") && vl_ex_is_any(x, j + 1, "est etait")) {
            j += 2;
            relative = 1;
        }
        while (vl_ex_is_any(x, j, "egalement aussi actuel actuelle desormais")) j++;
        int had_det = det(x, j) && !relative;
        /* In a list, "X, le secrétaire général de l'AN, président du Bureau
         * de l'AN Y": a chain with its article that ends on a name is the
         * next person's. */
        if (had_det) {
            occ next;
            if (chain_before(x, j, &next)) break;
        }
        if (relative) j = skip_det(x, j);
        j = skip_det(x, j);
        title_m t;
        size_t te = parse_title(x, j, &t);
        if (!te) break;
        /* In a list, "X, le secrétaire général de l'AN Y, ..." gives the
         * title to Y: a title followed by a name (directly, or after a
         * comma when it had its article) is the next person's. */
        size_t nx = te;
        if (had_det && vl_ex_punct(x, nx, ',')) nx++;
        nx += vl_ex_gaz(x, nx, VL_G_HONORIFIC, NULL);
        if ((nx == te || had_det) && vl_ex_name(x, nx, 1) && !vl_ex_is_any(x, nx, "il elle"))
            break;
        /* an apposition with its article is closed by punctuation: in
         * "Selon le vice-ministre X, le chef de l'État devrait ..." the
         * title is the subject of what follows */
        if (had_det && te < x->tk.n && x->tk.t[te].sent == x->tk.t[j].sent &&
            x->tk.t[te].kind != VL_TOK_PUNCT && !vl_ex_is_any(x, te, "et"))
            break;
        add_title(x, o, &t);
        for (size_t q = t.s; q < te; q++)
            if (!x->owner[q]) x->owner[q] = VL_OWN_TITLE;
        k = te;
        if (vl_ex_punct(x, k, ')')) k++;
    }
    return k;
}

/* A title chain and ranks before a name, starting at i. On success fills o
 * and returns the name's end; 0 otherwise. */
static size_t chain_before(vl_ex *x, size_t i, struct occ *o)
{
    enum { MAX_ITEMS = 6 };
    /* a chain starts with a status word, a rank or a title, maybe after an
     * article: most capitalised words start none */
    const uint32_t opens = 1u << VL_G_MODIFIER | 1u << VL_G_RANK | 1u << VL_G_TITLE;
    if (i >= x->tk.n || (!(x->cats[i] & opens) && !(x->cats[i + 1] & opens))) return 0;
    size_t j = i;
    int items = 0;
    /* what the chain holds, written out only when a name ends it: most
     * chains tried end on none */
    title_m titles[MAX_ITEMS];
    size_t rank_s[MAX_ITEMS], rank_e[MAX_ITEMS];
    int ntitles = 0, nranks = 0;
    for (int n = 0; n < MAX_ITEMS; n++) {
        uint8_t pre = VL_ST_CURRENT;
        size_t k = j + modifier(x, j, &pre);
        k = skip_det(x, k);
        size_t r = vl_ex_gaz(x, k, VL_G_RANK, NULL);
        title_m t;
        size_t te;
        if (r) {
            rank_s[nranks] = k;
            rank_e[nranks++] = k + r;
            j = k + r;
        } else if ((te = parse_title(x, k, &t)) != 0) {
            if (pre != VL_ST_CURRENT) t.status = pre;
            titles[ntitles++] = t;
            j = te;
        } else {
            break;
        }
        items++;
        /* "vice-Premier ministre et ministre des Affaires étrangères",
         * "..., le président de ..." */
        if (vl_ex_punct(x, j, ',') || vl_ex_is_any(x, j, "et")) {
            size_t q = skip_det(x, j + 1);
            title_m t2;
            if (vl_ex_gaz(x, q, VL_G_RANK, NULL) || parse_title(x, q, &t2)) {
                j++;
                continue;
            }
        }
        break;
    }
    if (!items) return 0;
    size_t k = j;
    if (vl_ex_punct(x, k, ',')) k++;
    size_t h = vl_ex_gaz(x, k, VL_G_HONORIFIC, NULL);
    k += h;
    size_t e = vl_ex_name(x, k, 1);
    if (!e) return 0;
    memset(o, 0, sizeof *o);
    for (int q = 0; q < nranks; q++) add_rank(x, o, rank_s[q], rank_e[q]);
    for (int q = 0; q < ntitles; q++) add_title(x, o, &titles[q]);
    o->s = k;
    o->e = e;
    o->strong = 1;
    return e;
}

/* ------------------------------------------------------------ grouping */

static int more_marks(const char *a, const char *b)
{
    size_t na = 0, nb = 0;
    for (; *a; a++) na += (unsigned char)*a >= 0x80;
    for (; *b; b++) nb += (unsigned char)*b >= 0x80;
    return na > nb;
}

/* A person's name as written, in NFC (the analysis view), so that the same
 * spelling typed with composed or combining accents is one variant. */
static const char *name_text(const vl_ex *x, size_t s, size_t e)
{
    const char *v = x->view->text;
    size_t a = x->tk.t[s].s, b = x->tk.t[e - 1].e;
    char *out = vl_arena_alloc(x->arena, b - a + 1);
    size_t m = 0;
    int space = 0;
    for (size_t k = a; k < b; k++) {
        if (v[k] == ' ' || v[k] == '\n' || v[k] == '\t' || v[k] == '\r') {
            space = 1;
            continue;
        }
        if (space && m) out[m++] = ' ';
        space = 0;
        out[m++] = v[k];
    }
    out[m] = 0;
    return out;
}

static vl_person *person_new(vl_ex *x, const occ *o, const char *key)
{
    vl_extraction *out = x->out;
    out->persons = vl_arena_push(x->arena, out->persons, &out->npersons, &out->cpersons,
                              sizeof *out->persons);
    vl_person *p = &out->persons[out->npersons - 1];
    p->name = name_text(x, o->s, o->e);
    p->key = key;
    p->ntok = o->e - o->s;
    return p;
}

/* Whether two texts fold to the same words (’ and ' alike). */
static int same_folded(const vl_ex *x, const char *a, const char *b)
{
    vl_buf fa, fb;
    vl_buf_init(&fa, 0);
    vl_buf_init(&fb, 0);
    vl_fold_str(&x->ctx->fold, a, strlen(a), &fa);
    vl_fold_str(&x->ctx->fold, b, strlen(b), &fb);
    int same = fa.len == fb.len && (!fa.len || !memcmp(fa.data, fb.data, fa.len));
    vl_buf_free(&fa);
    vl_buf_free(&fb);
    return same;
}

static void person_add(vl_ex *x, vl_person *p, const occ *o)
{
    for (size_t q = o->s; q < o->e; q++)
        x->person_at[q] = (uint32_t)(p - x->out->persons) + 1;
    p->mentions = vl_arena_push(x->arena, p->mentions, &p->nmentions, &p->cmentions,
                             sizeof *p->mentions);
    p->mentions[p->nmentions - 1].s = x->tk.t[o->s].s;
    p->mentions[p->nmentions - 1].e = x->tk.t[o->e - 1].e;
    if (o->departure) p->departure = o->departure;
    for (size_t i = 0; i < o->ntitles; i++) {
        const vl_title *t = &o->titles[i];
        size_t k;
        for (k = 0; k < p->ntitles; k++)
            if (!strcmp(p->titles[k].text, t->text)) break;
        if (k < p->ntitles) {
            later_date(&p->titles[k], t);
            continue;
        }
        p->titles = vl_arena_push(x->arena, p->titles, &p->ntitles, &p->ctitles,
                               sizeof *p->titles);
        p->titles[p->ntitles - 1] = *t;
    }
    for (size_t i = 0; i < o->nranks; i++) {
        size_t k;
        for (k = 0; k < p->nranks; k++)
            if (same_folded(x, p->ranks[k], o->ranks[i])) break;
        if (k < p->nranks) continue;
        p->ranks = vl_arena_push(x->arena, p->ranks, &p->nranks, &p->cranks, sizeof *p->ranks);
        p->ranks[p->nranks - 1] = o->ranks[i];
    }
}

/* Persons by key, and by the tails of their keys ("giang", "van giang" of
 * "phan van giang"): a tail two persons share stands for nobody. Hash
 * tables, so a text of 100,000 capitalised words stays linear. */
enum { AMBIGUOUS = -2 };

typedef struct nmap {
    const char **k;
    long *v;
    size_t cap, n;
    uint64_t first[16]; /* a bit per first word of a key, by its token hash */
} nmap;

/* Whether a key of m may start with the word whose token hash is h: most
 * capitalised words start none, and need no lookup of their runs. */
static int nmap_may_start(const nmap *m, uint64_t h)
{
    return (m->first[(h >> 6) & 15] >> (h & 63)) & 1;
}

static long nmap_get(const nmap *m, const char *k, size_t len)
{
    if (!m->cap) return -1;
    size_t j = vl_hash_bytes(k, len) & (m->cap - 1);
    while (m->k[j]) {
        if (strlen(m->k[j]) == len && !memcmp(m->k[j], k, len)) return m->v[j];
        j = (j + 1) & (m->cap - 1);
    }
    return -1;
}

static void nmap_put(vl_arena *a, nmap *m, const char *k, long v);

static void nmap_grow(vl_arena *a, nmap *m)
{
    nmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->n = 0;
    m->k = vl_arena_alloc(a, m->cap * sizeof *m->k);
    m->v = vl_arena_alloc(a, m->cap * sizeof *m->v);
    memset(m->k, 0, m->cap * sizeof *m->k);
    for (size_t j = 0; j < old.cap; j++)
        if (old.k[j]) nmap_put(a, m, old.k[j], old.v[j]);
}

/* Sets k to v; a tail already there for another person becomes ambiguous
 * when tail is set. */
static void nmap_set(vl_arena *a, nmap *m, const char *k, long v, int tail)
{
    if ((m->n + 1) * 2 > m->cap) nmap_grow(a, m);
    uint64_t fh = vl_token_hash(k, strcspn(k, " "));
    m->first[(fh >> 6) & 15] |= 1ull << (fh & 63);
    size_t len = strlen(k), j = vl_hash_bytes(k, len) & (m->cap - 1);
    while (m->k[j]) {
        if (!strcmp(m->k[j], k)) {
            if (tail && m->v[j] != v) m->v[j] = AMBIGUOUS;
            return;
        }
        j = (j + 1) & (m->cap - 1);
    }
    m->k[j] = k;
    m->v[j] = v;
    m->n++;
}

static void nmap_put(vl_arena *a, nmap *m, const char *k, long v)
{
    nmap_set(a, m, k, v, 0);
}

/* Registers a new person's key and tails. */
static void index_person(vl_ex *x, nmap *keys, nmap *tails, const char *key, long idx)
{
    nmap_put(x->arena, keys, key, idx);
    for (const char *q = strchr(key, ' '); q; q = strchr(q + 1, ' '))
        nmap_set(x->arena, tails, q + 1, idx, 1);
}

/* Whether folded keys a and b are the same words but one, which has a
 * letter more or less ("pham binh minhn" for "pham binh minh", "khurelsuk"
 * for "khurelsukh"): a slip of the pen, not another person. Words of fewer
 * than four letters are left alone ("Hung", "Hun"). */
static int one_letter_apart(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la + 1 != lb && lb + 1 != la) return 0;
    if (la > lb) {
        const char *t = a;
        a = b;
        b = t;
    }
    size_t i = 0;
    while (a[i] && a[i] == b[i]) i++; /* a[i] != b[i]: b holds one more */
    if (strcmp(a + i, b + i + 1) != 0 || b[i] == ' ') return 0;
    /* the word of the slip, in b: at least four letters */
    size_t ws = i, we = i;
    while (ws > 0 && b[ws - 1] != ' ') ws--;
    while (b[we] && b[we] != ' ') we++;
    return we - ws >= 5 && strchr(a, ' ') != NULL;
}

/* Whether the words of key a are words of key b in order, b holding more,
 * with the same first and last words ("ferdinand marcos jr" of "ferdinand
 * romualdez marcos jr"): a middle name left out. */
static int fewer_words(const char *a, const char *b)
{
    const char *sa = strchr(a, ' ');
    if (!sa) return 0; /* one word: the tails handle it */
    size_t fa = (size_t)(sa - a);
    if (strncmp(a, b, fa) != 0 || b[fa] != ' ') return 0;
    const char *pa = a, *pb = b;
    size_t wa = 0, wb = 0;
    while (*pa) {
        size_t la = strcspn(pa, " ");
        /* the next word of b equal to this word of a */
        for (;;) {
            if (!*pb) return 0;
            size_t lb = strcspn(pb, " ");
            wb++;
            int same = la == lb && !strncmp(pa, pb, la);
            pb += lb + (pb[lb] == ' ');
            if (same) break;
        }
        wa++;
        pa += la + (pa[la] == ' ');
    }
    return !*pb && wb > wa; /* the last words meet, b is longer */
}

/* The person of this document whose key is one letter apart from key, or
 * the one person whose name key leaves out a middle name of; -1 when none
 * or several. The first MAX_SLIP persons are compared (bounded work). */
static long slip_of(const vl_ex *x, const char *key)
{
    enum { MAX_SLIP = 256 };
    long fewer = -1;
    for (size_t p = 0; p < x->out->npersons && p < MAX_SLIP; p++) {
        if (one_letter_apart(x->out->persons[p].key, key)) return (long)p;
        if (fewer_words(key, x->out->persons[p].key)) {
            if (fewer >= 0) return -1;
            fewer = (long)p;
        }
    }
    return fewer;
}

/* Different aliases looked up in one document (bounded work). */
enum { MAX_ALIASED = 16 };

static void group(vl_ex *x, occ *occs, size_t n, nmap *keymap, nmap *tailmap)
{
    const char **keys = vl_arena_alloc(x->arena, (n + 1) * sizeof *keys);
    uint8_t *aliased = vl_arena_alloc(x->arena, n + 1);
    memset(aliased, 0, n + 1);
    for (size_t i = 0; i < n; i++) keys[i] = vl_ex_key(x, occs[i].s, occs[i].e);
    /* "Jokowi" for "Joko Widodo", "Putin" for "Poutine" (data/
     * person_aliases.tsv): another name of a person the text names so */
    const char *seen[MAX_ALIASED], *found[MAX_ALIASED];
    size_t nseen = 0;
    for (size_t i = 0; i < n; i++) {
        const char *c = vl_strmap_get(&x->ctx->person_aliases, keys[i], strlen(keys[i]));
        if (!c) continue;
        size_t k = 0;
        while (k < nseen && seen[k] != c) k++;
        if (k == nseen) { /* each name looked for once */
            if (nseen == MAX_ALIASED) continue;
            seen[nseen] = c;
            found[nseen] = NULL;
            for (size_t j = 0; j < n && !found[nseen]; j++)
                if (!strcmp(keys[j], c)) found[nseen] = keys[j];
            nseen++;
        }
        if (found[k]) {
            keys[i] = found[k];
            aliased[i] = 1;
        }
    }
    /* Longest names first make the persons; shorter ones join them; the
     * name as written first, then its aliases */
    for (size_t pass = 0; pass < 4; pass++) {
        for (size_t i = 0; i < n; i++) {
            size_t len = occs[i].e - occs[i].s;
            if ((pass / 2 == 0) != (len >= 2 || aliased[i]) || (pass % 2) != aliased[i]) continue;
            size_t kl = strlen(keys[i]);
            long who = nmap_get(keymap, keys[i], kl);
            int exact = who >= 0;
            if (!exact) who = nmap_get(tailmap, keys[i], kl);
            if (who == AMBIGUOUS) continue; /* "Quang" of two persons: nobody */
            if (who < 0 && len >= 2) who = slip_of(x, keys[i]);
            vl_person *p;
            if (who < 0) {
                if (len < 2 && !occs[i].strong && !aliased[i]) continue;
                p = person_new(x, &occs[i], keys[i]);
                index_person(x, keymap, tailmap, keys[i], (long)(p - x->out->persons));
            } else {
                p = &x->out->persons[who];
                if (exact) {
                    /* the fullest written form: the one with its marks */
                    const char *name = name_text(x, occs[i].s, occs[i].e);
                    if (more_marks(name, p->name)) p->name = name;
                }
            }
            person_add(x, p, &occs[i]);
        }
    }
    /* the aliases of the persons named, to be found again: "Jokowi" alone */
    const vl_strmap *al = &x->ctx->person_aliases;
    for (size_t k = 0; k < al->keys.nslots && x->out->npersons; k++) {
        const vl_lexslot *sl = &al->keys.slots[k];
        if (!sl->s || nmap_get(keymap, sl->s, sl->len) >= 0) continue;
        long who = nmap_get(keymap, al->values[k], strlen(al->values[k]));
        if (who >= 0) nmap_put(x->arena, keymap, vl_arena_strndup(x->arena, sl->s, sl->len), who);
    }
}

/* "A shorter repeat of a title already listed is not listed again": drop a
 * title whose words all stand in a longer title of the same person. */
static void drop_repeats(const vl_ex *x, vl_person *p)
{
    uint8_t repeat[64] = {0};
    size_t n = p->ntitles < 64 ? p->ntitles : 64;
    if (n < 2) return;
    /* each title's folded words, once */
    struct words {
        const char *w[32];
        size_t n;
        char buf[512];
    } *f = vl_arena_alloc(x->arena, n * sizeof *f);
    for (size_t i = 0; i < n; i++)
        f[i].n = vl_fold_words(&x->ctx->fold, p->titles[i].text, f[i].w, 32, f[i].buf,
                               sizeof f[i].buf);
    /* marked first, then removed: the longer title takes the repeat's
     * time before either moves */
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < n && !repeat[i]; k++) {
            if (k == i || p->titles[k].status != p->titles[i].status) continue;
            if (f[k].n > f[i].n && vl_words_within(f[i].w, f[i].n, f[k].w, f[k].n)) {
                repeat[i] = 1;
                later_date(&p->titles[k], &p->titles[i]);
            }
        }
    }
    size_t keep = 0;
    for (size_t i = 0; i < p->ntitles; i++)
        if (i >= n || !repeat[i]) p->titles[keep++] = p->titles[i];
    p->ntitles = keep;
}

/* Whether token i is in the credit of a caption: "Photo : X/VNA". */
static int credit_at(const vl_ex *x, size_t i)
{
    size_t b = x->tk.t[i].block;
    if (x->st->blocks[b].kind != VL_BLOCK_CAPTION) return 0;
    for (size_t q = i; q-- > 0 && x->tk.t[q].block == b;)
        if (vl_ex_is_any(x, q, "photo photos")) return 1;
    return 0;
}

/* A name found once is found again: "François Hollande" named after a
 * title is a person wherever the text writes it, and so is "Hollande" when
 * it ends one person's name only. Looked up in the key and tail tables, the
 * longest first, six words at most. */
static void find_again(vl_ex *x, const nmap *keymap, const nmap *tailmap)
{
    vl_extraction *out = x->out;
    char cand[512];
    for (size_t i = 0; i < x->tk.n; i++) {
        if (x->owner[i] || (x->tk.cls[i] & (VL_XC_UPPER | VL_XC_KIND)) != (VL_XC_UPPER | VL_TOK_WORD))
            continue;
        if (!nmap_may_start(keymap, x->tk.t[i].hash) && !nmap_may_start(tailmap, x->tk.t[i].hash))
            continue;
        if (credit_at(x, i)) continue;
        /* the candidate keys at i: words joined by one space */
        size_t ends[7], nend = 0, len = 0;
        for (size_t j = i; j < x->tk.n && nend < 6; j++) {
            const vl_xtok *t = &x->tk.t[j];
            if (t->kind != VL_TOK_WORD || t->sent != x->tk.t[i].sent) break;
            if (len + t->flen + 1 >= sizeof cand) break;
            if (j > i) cand[len++] = ' ';
            memcpy(cand + len, t->fold, t->flen);
            len += t->flen;
            ends[nend++] = len;
        }
        long who = -1;
        size_t words = 0;
        for (size_t k = nend; k-- > 0 && who < 0;) {
            long v = nmap_get(keymap, cand, ends[k]);
            if (v < 0) v = nmap_get(tailmap, cand, ends[k]);
            if (v == AMBIGUOUS) break;
            if (v >= 0) {
                who = v;
                words = k + 1;
            }
        }
        if (who < 0) continue;
        /* the run must end here: "Hollande" of "Hollande Dupont" is not him */
        size_t e = i + words;
        if (e < x->tk.n && x->tk.t[e].kind == VL_TOK_WORD && (x->tk.t[e].flags & VL_XT_UPPER) &&
            x->tk.t[e].sent == x->tk.t[i].sent)
            continue;
        if (i > 0 && x->tk.t[i - 1].kind == VL_TOK_WORD && (x->tk.t[i - 1].flags & VL_XT_UPPER) &&
            !(x->tk.t[i - 1].flags & VL_XT_SENT_START) && x->tk.t[i - 1].sent == x->tk.t[i].sent)
            continue;
        vl_person *p = &out->persons[who];
        p->mentions = vl_arena_push(x->arena, p->mentions, &p->nmentions, &p->cmentions,
                                 sizeof *p->mentions);
        p->mentions[p->nmentions - 1].s = x->tk.t[i].s;
        p->mentions[p->nmentions - 1].e = x->tk.t[e - 1].e;
        for (size_t q = i; q < e; q++) {
            x->person_at[q] = (uint32_t)who + 1;
            x->owner[q] = VL_OWN_PERSON;
        }
        i = e - 1;
    }
}

/* Whom a predicate at token at (data/title_predicates.tsv: "en tant que",
 * "élu") gives the title at token title ("la visite de Tô Lâm en tant que
 * secrétaire général", "Il s'agit de sa deuxième visite en tant que chef de
 * l'État", "X a été élu président"): the last person named before it in
 * the sentence, or, when the sentence speaks of someone ("il", "sa")
 * without naming him, in the sentence before. -1 if none, or, when single
 * is set, if the title can have several holders ("en tant que membre"). */
static long acting_as(const vl_ex *x, size_t at, size_t title, int single)
{
    const vl_gentry *g;
    if (single && (!vl_ex_gaz(x, title, VL_G_TITLE, &g) || !g->a || !strstr(g->a, "single")))
        return -1;
    uint32_t sent = x->tk.t[at].sent;
    int pronoun = 0;
    /* within REACH tokens: a name further back is not the clause's */
    enum { REACH = 200 };
    for (size_t k = at; k-- > 0 && k + REACH > at && x->tk.t[k].sent + 1 >= sent;) {
        if (x->tk.t[k].sent == sent && vl_ex_is_any(x, k, "il elle sa son ses")) pronoun = 1;
        if (x->tk.t[k].sent != sent && !pronoun) return -1;
        if (x->person_at[k] && x->owner[k] == VL_OWN_PERSON) return (long)x->person_at[k] - 1;
    }
    return -1;
}

/* A title alone refers back to the one person of the document who holds
 * it: "Le vice-ministre a également demandé ..." is a mention of him. */
static void bare_titles(vl_ex *x)
{
    vl_extraction *out = x->out;
    /* a title starts with a status word or its head */
    const uint32_t starts = 1u << VL_G_TITLE | 1u << VL_G_MODIFIER;
    for (size_t i = 0; i + 1 < x->tk.n; i++) {
        if (x->owner[i] || !(x->cats[i + 1] & starts)) continue;
        /* "X ... en tant que chef de l'État": X's title */
        long as = -1;
        /* a predicate before the title, maybe with an article between */
        for (size_t back = 1; back <= 5 && back <= i + 1 && as < 0; back++) {
            size_t k = i + 1 - back;
            const vl_gentry *g;
            size_t pl = (x->cats[k] & 1u << VL_G_TITLEPRED) ? vl_ex_gaz(x, k, VL_G_TITLEPRED, &g) : 0;
            if (pl && (k + pl == i + 1 || (k + pl == i && det(x, i))))
                as = acting_as(x, k, i + 1, !strcmp(g->a, "as"));
        }
        if (as < 0 && !det(x, i)) continue;
        title_m t;
        size_t te = parse_title(x, i + 1, &t);
        if (!te || x->owner[i + 1]) continue;
        if (vl_ex_name(x, te, 1) || (vl_ex_punct(x, te, ',') && vl_ex_name(x, te + 1, 1)))
            continue;
        const char *head = vl_ex_key(x, t.hs, t.he);
        long who = -1;
        int several = 0;
        for (size_t p = 0; p < out->npersons; p++)
            for (size_t k = 0; k < out->persons[p].ntitles; k++)
                if (!strcmp(out->persons[p].titles[k].head, head)) {
                    if (who >= 0 && who != (long)p) several = 1;
                    who = (long)p;
                }
        /* one person's description, for the resolve stage: "le chef de
         * l'État", not "les ministres" */
        /* at most MAX_DESCRIPTIONS: the resolve stage matches each against
         * every person's titles */
        if ((as >= 0 || vl_ex_is_any(x, i, "le la l")) && t.status == VL_ST_CURRENT &&
            out->ndescriptions < MAX_DESCRIPTIONS) {
            out->descriptions = vl_arena_push(x->arena, out->descriptions, &out->ndescriptions,
                                           &out->cdescriptions, sizeof *out->descriptions);
            vl_description *d = &out->descriptions[out->ndescriptions - 1];
            occ tmp = {0};
            add_title(x, &tmp, &t);
            d->title = tmp.titles[0];
            d->person = as >= 0 ? as : several ? -1 : who;
            d->sure = as >= 0;
        }
        if (as >= 0) {
            i = te - 1;
            continue;
        }
        if (who < 0 || several) continue;
        vl_person *p = &out->persons[who];
        p->mentions = vl_arena_push(x->arena, p->mentions, &p->nmentions, &p->cmentions,
                                 sizeof *p->mentions);
        p->mentions[p->nmentions - 1].s = x->tk.t[i + 1].s;
        p->mentions[p->nmentions - 1].e = x->tk.t[t.text_e - 1].e;
        for (size_t q = i + 1; q < t.text_e; q++) {
            x->person_at[q] = (uint32_t)who + 1;
            x->owner[q] = VL_OWN_TITLE;
        }
        i = te - 1;
    }
}

/* Whether tokens [s, e) are the key of a place a trigger named in the
 * document ("la province de X"), among the first MAX_NAMED_PLACES. */
static int place_named(const vl_ex *x, size_t s, size_t e)
{
    enum { MAX_NAMED_PLACES = 64 };
    const vl_extraction *out = x->out;
    if (!out->nplaces) return 0;
    const char *key = vl_ex_key(x, s, e);
    for (size_t p = 0; p < out->nplaces && p < MAX_NAMED_PLACES; p++)
        if (!strcmp(out->places[p].key, key)) return 1;
    return 0;
}

/* Whether the list item at token i follows a person named after a
 * nationality in the same sentence ("chinois Hong Xiaoyong, indonésien"):
 * the items are persons too. */
static int list_of_persons(const vl_ex *x, size_t i, size_t *plural)
{
    int found = 0;
    size_t from = i;
    for (size_t k = i; k-- > 0 && k + 64 > i && x->tk.t[k].sent == x->tk.t[i].sent;) {
        if (x->owner[k] != VL_OWN_PERSON) {
            if (k + 24 < from) break;
            continue;
        }
        size_t s = k;
        while (s > 0 && x->owner[s - 1] == VL_OWN_PERSON) s--;
        if (s == 0 || vl_ex_gaz(x, s - 1, VL_G_NATIONALITY, NULL) != 1) return found;
        found = 1;
        *plural = s >= 2 ? s - 2 : SIZE_MAX;
        /* an earlier item of the list: "chinois X, indonésien Y" */
        if (s < 3 || !(vl_ex_punct(x, s - 2, ',') || vl_ex_is_any(x, s - 2, "et"))) return 1;
        k = s - 1;
        from = k;
    }
    return found;
}

/* The singular of the plural title over tokens [k, e) ("ambassadeurs",
 * "Premiers ministres": every word ending in "s"), its lexicon entry; NULL
 * when it is none. */
static const vl_gentry *plural_title(const vl_ex *x, size_t k, size_t e)
{
    char key[128];
    size_t kl = 0;
    uint64_t h = vl_gaz_hash_start();
    for (size_t q = k; q < e; q++) {
        const vl_xtok *t = &x->tk.t[q];
        if (t->kind != VL_TOK_WORD || t->flen < 3 || t->fold[t->flen - 1] != 's' ||
            kl + t->flen + 1 >= sizeof key)
            return NULL;
        if (kl) key[kl++] = ' ';
        memcpy(key + kl, t->fold, t->flen - 1);
        kl += t->flen - 1;
        h = vl_gaz_hash_step(h, vl_token_hash(t->fold, t->flen - 1));
    }
    key[kl] = 0;
    const vl_gslot *sl = kl ? vl_gaz_find_h(&x->ctx->gaz, key, kl, h) : NULL;
    return sl ? vl_gaz_entry(sl, VL_G_TITLE) : NULL;
}

/* The plural title right before token s, or before the first name of the
 * list s closes ("les Premiers ministres X et Y"): sets [*k, *e) and
 * returns its entry, or NULL. */
static const vl_gentry *plural_before(const vl_ex *x, size_t s, size_t *k, size_t *e)
{
    for (int items = 0; items < 6 && s > 0; items++) {
        for (size_t len = s < 3 ? s : 3; len >= 1; len--) {
            const vl_gentry *g = plural_title(x, s - len, s);
            if (g) {
                *k = s - len;
                *e = s;
                return g;
            }
        }
        /* back over ", Y" or "et Y" to the name before */
        if (s < 2 || !(vl_ex_punct(x, s - 1, ',') || vl_ex_is_any(x, s - 1, "et")) ||
            x->owner[s - 2] != VL_OWN_PERSON)
            return NULL;
        s -= 2;
        while (s > 0 && x->owner[s - 1] == VL_OWN_PERSON) s--;
    }
    return NULL;
}

/* Adds to o the singular g of a plural title over a list, with the
 * nationality over tokens [n, ne) when there is one ("ambassadeur
 * indonésien" of "les ambassadeurs chinois X, indonésien Y"). */
static void share_plural_title(const vl_ex *x, const vl_gentry *g, size_t hk, size_t he,
                               size_t n, size_t ne, occ *o)
{
    vl_title *v = g ? new_title(x, o) : NULL;
    if (!v) return;
    memset(v, 0, sizeof *v);
    const char *nat = n < ne ? vl_ex_text(x, n, ne) : "";
    size_t tl = strlen(g->text) + strlen(nat) + 2;
    char *text = vl_arena_alloc(x->arena, tl);
    snprintf(text, tl, n < ne ? "%s %s" : "%s%s", g->text, nat);
    v->text = text;
    v->head = vl_ex_key(x, hk, he);
    /* the head's key is its singular */
    char *hd = (char *)v->head;
    for (size_t r = 0, w = 0;; r++) {
        if (hd[r] == 's' && (hd[r + 1] == ' ' || !hd[r + 1])) continue;
        hd[w++] = hd[r];
        if (!hd[r]) break;
    }
    v->span.s = x->tk.t[n < ne ? n : hk].s;
    v->span.e = x->tk.t[(n < ne ? ne : he) - 1].e;
    v->status = VL_ST_CURRENT;
    v->date = vl_ex_when(x, n < ne ? n : hk);
}

/* The cause, when a phrase of data/departures.tsv tells that the person
 * named with its titles over tokens [from, to) left an office (else NULL):
 * right
 * before them, maybe after "de", "du" or an article ("le décès du président
 * X", "relevé de ses fonctions X"), or right after, maybe after a comma or
 * "qui" ("X a démissionné", "X, qui est décédé"). */
static const char *departed(const vl_ex *x, size_t from, size_t to)
{
    enum { GAP = 2, REACH = 8 };
    const vl_gentry *g;
    for (size_t k = from > REACH ? from - REACH : 0; k < from; k++) {
        if (!(x->cats[k] & 1u << VL_G_DEPARTURE)) continue;
        size_t n = vl_ex_gaz(x, k, VL_G_DEPARTURE, &g);
        if (!n || strcmp(g->a, "before") != 0 || k + n > from || from - (k + n) > GAP) continue;
        size_t j = k + n;
        while (j < from && (det(x, j) || vl_ex_is_any(x, j, "de d des"))) j++;
        if (j == from) return g->b;
    }
    size_t j = to;
    for (int skip = 0; skip < GAP && j < x->tk.n; skip++)
        if (vl_ex_punct(x, j, ',') || vl_ex_is_any(x, j, "qui")) j++;
    if (j < x->tk.n && (x->cats[j] & 1u << VL_G_DEPARTURE) &&
        vl_ex_gaz(x, j, VL_G_DEPARTURE, &g) && !strcmp(g->a, "after"))
        return g->b;
    return NULL;
}

void vl_ex_persons(vl_ex *x)
{
    size_t n = x->tk.n, nocc = 0, cocc = 0;
    occ *occs = NULL;
    /* what can open a person: a title, rank, status word, honorific or cue
     * (maybe after an article), or a capital */
    const uint32_t opens = 1u << VL_G_TITLE | 1u << VL_G_RANK | 1u << VL_G_MODIFIER |
                           1u << VL_G_HONORIFIC | 1u << VL_G_CUE;
    for (size_t i = 0; i < n; i++) {
        uint8_t cls = x->tk.cls[i]; /* not the token: a byte */
        if ((x->owner[i] && x->owner[i] != VL_OWN_ORG) || (cls & VL_XC_KIND) == VL_TOK_PUNCT)
            continue;
        if (!(cls & VL_XC_UPPER) && !(x->cats[i] & opens) &&
            !(i + 1 < n && (x->cats[i + 1] & opens) && det(x, i)) &&
            !((x->cats[i] & 1u << VL_G_NATIONALITY) && i > 0 &&
              (vl_ex_punct(x, i - 1, ',') || vl_ex_is_any(x, i - 1, "et"))))
            continue;
        occ o;
        size_t e = chain_before(x, i, &o);
        if (!e && x->owner[i] == VL_OWN_ORG) continue;
        if (!e && credit_at(x, i)) continue; /* "Photo : Dương Giang/VNA" */
        if (!e) {
            memset(&o, 0, sizeof o);
            size_t h = vl_ex_gaz(x, i, VL_G_HONORIFIC, NULL);
            size_t cue = vl_ex_gaz(x, i, VL_G_CUE, NULL), plural = SIZE_MAX;
            if (cue) cue += vl_ex_gaz(x, i + cue, VL_G_NATIONALITY, NULL);
            /* "son homologue uruguayen, Jose Luis Cancela" */
            if (cue && vl_ex_punct(x, i + cue, ',') && vl_ex_name(x, i + cue + 1, 1)) cue++;
            /* "son épouse Lady Louise", "son homologue M. Lavrov" */
            if (cue) cue += vl_ex_gaz(x, i + cue, VL_G_HONORIFIC, NULL);
            /* "les ambassadeurs chinois X, indonésien Y, français Z": a
             * nationality in a list of persons stands for the title */
            if (!cue && i > 0 && (vl_ex_punct(x, i - 1, ',') || vl_ex_is_any(x, i - 1, "et")) &&
                !(x->tk.t[i].flags & VL_XT_UPPER)) {
                size_t nat = vl_ex_gaz(x, i, VL_G_NATIONALITY, NULL);
                if (nat && (x->tk.t[i + nat].flags & VL_XT_UPPER) && list_of_persons(x, i, &plural))
                    cue = nat;
            }
            if (h && (e = vl_ex_name(x, i + h, 1)) != 0) {
                o.s = i + h;
                o.strong = 1;
            } else if (cue && (e = vl_ex_name(x, i + cue, 1)) != 0) {
                /* "son homologue australien Richard Marles" */
                if (plural != SIZE_MAX && plural > 0)
                    share_plural_title(x, plural_title(x, plural, plural + 1), plural, plural + 1,
                                       i, i + cue, &o);
                for (size_t q = i; q < i + cue; q++) x->owner[q] = VL_OWN_TITLE;
                i += cue;
                o.s = i;
                o.strong = 1;
            } else if (i > 0 && vl_ex_in(x, &x->ctx->thing_nouns, i - 1)) {
                /* "le navire Tran Hung Dao", "la rue Nguyen Du": a thing's
                 * name, all of it */
                size_t r = vl_ex_name(x, i, 1);
                if (r > i) i = r - 1;
                e = 0;
            } else if ((e = vl_ex_name(x, i, 0)) != 0) {
                o.s = i;
            }
            o.e = e;
        }
        if (!e) continue;
        /* the first of a list: "les ambassadeurs japonais X, ..."; a
         * plural title before names: "les Premiers ministres X et Y" */
        if (!o.ntitles && o.s >= 2 && o.s == i) {
            size_t hk, he;
            const vl_gentry *g;
            for (size_t k = o.s - 1; k + 2 >= o.s && k > 0; k--)
                if (vl_ex_gaz(x, k, VL_G_NATIONALITY, NULL) == o.s - k && !x->owner[k]) {
                    share_plural_title(x, plural_title(x, k - 1, k), k - 1, k, k, o.s, &o);
                    if (o.ntitles)
                        for (size_t q = k - 1; q < o.s; q++) x->owner[q] = VL_OWN_TITLE;
                    break;
                }
            if (!o.ntitles && (g = plural_before(x, o.s, &hk, &he)) != NULL) {
                share_plural_title(x, g, hk, he, o.s, o.s, &o);
                for (size_t q = hk; q < he; q++) x->owner[q] = VL_OWN_TITLE;
            }
        }
        /* "Meo Vac" where the text names "le district de Meo Vac" */
        if (!o.strong && place_named(x, o.s, o.e)) {
            i = o.e - 1;
            continue;
        }
        for (size_t q = i; q < o.s; q++) x->owner[q] = VL_OWN_TITLE;
        for (size_t q = o.s; q < o.e; q++) x->owner[q] = VL_OWN_PERSON;
        size_t after = titles_after(x, o.e, &o);
        if (o.ntitles || o.nranks) o.strong = 1;
        o.departure = departed(x, i, after > o.e ? after : o.e);
        occs = vl_grow(occs, &cocc, nocc + 1, sizeof *occs); /* heap: freed below */
        occs[nocc++] = o;
        i = (after > o.e ? after : o.e) - 1;
    }
    nmap keymap = {0}, tailmap = {0};
    group(x, occs, nocc, &keymap, &tailmap);
    free(occs);
    for (size_t i = 0; i < x->out->npersons; i++) drop_repeats(x, &x->out->persons[i]);
    find_again(x, &keymap, &tailmap);
    bare_titles(x);
}
