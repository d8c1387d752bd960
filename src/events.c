/*
 * events.c — who met whom: meetings, talks, visits, receptions, signings and
 * conferences, with their date, place, chairs and participants (extract
 * stage).
 *
 * One event per reported act. A trigger (data/event_triggers.tsv) is a verb
 * ("a reçu", "s'est entretenu", "se rendra"), a noun ("la réunion", "sa
 * visite", "l'entretien") or a visitor's state ("en visite"); its type comes
 * from the act, never from any noun around it. Its participants are the
 * persons its clause gives a role: the subject before the trigger and the
 * objects after it, up to the next trigger or the clause's end ("que", ";").
 * A subject that names nobody stands for persons told before ("il", "le
 * ministre", "les deux présidents", "la délégation"); a description ("le
 * Premier ministre laotien") for the one person with that title and
 * country; verbs of one subject share it and the date written for the
 * first; a list of counterparts of talks or a meeting gives one act with
 * each. data/event_roles.tsv says what part the persons around a phrase
 * take: none after "à l'invitation de", "message de", "selon"; those of a
 * delegation or brought together ("accompagné de", "réunira") join; an act
 * named after "l'organisation du", "à la veille du" is talked about, not
 * told. Chairs come from chair phrases (data/chair_markers.tsv) and are
 * participants too; who speaks in the account of a meeting took part.
 *
 * Repeated mentions of one act are one event: a noun with a definite or
 * possessive determiner ("lors de l'entretien") that names nobody new joins
 * the last event of its kind; an event whose persons all took part in an
 * earlier one of the same type (the headline and the lead) joins it; "a
 * visité et travaillé avec", "se rendra ... pour une visite" are one act. A
 * visit and the talks held during it stay two. An act named before anyone
 * is kept out of sight until someone joins it; one with nobody is dropped.
 *
 * Date: the date written for the act in its clause (src/when.c's anchors; a
 * range gives its start; a date past the next act, or after "depuis", is
 * not its own); a sentence opening with "le même jour" (data/time_refs.tsv)
 * takes the date of the last act told, "à cette occasion" that of the act
 * before; the acts of a sentence that names an act told before ("à
 * l'issue de leur entretien") share its day; an act of the lead not
 * announced for later takes the lead's news date. A visit spans days: it
 * takes only the day written for it, and what is done during it ("dans le
 * cadre de sa visite") takes none of its days. An act of a past year
 * ("signé en 2011"), of the past perfect, of habit ("chaque année"), in
 * general ("les visites de haut niveau"), proposed ("a invité X à
 * effectuer une visite") or asked for ("a suggéré la signature") is no
 * event. Place: the first place of the clause, else the dateline's.
 *
 * Work is linear in the sentence: every scan is bounded (WINDOW tokens,
 * BACK events), and a sentence without an act, a chair or a role phrase is
 * passed over after one look at its tokens' phrase marks.
 */
#include <stdlib.h>
#include <string.h>

#include "extractors.h"

/* WINDOW: tokens a clause reaches on each side of its trigger; BACK: the
 * earlier events a mention may be one with; MAX_EVENT_PERS: persons kept
 * for one event (a long text repeating "lors de la réunion, X a dit" must
 * not make one event grow without bound). */
enum { WINDOW = 60, MAX_TRIG = 32, MAX_PERS = 32, BACK = 16, MAX_EVENT_PERS = 64 };
/* The earliest year a dispatch can be of: news agencies put their
 * dispatches online from the late 1990s; an undated one is no older. */
enum { NEWS_SINCE = 1997 };

/* Determiners that make an event noun refer to an act already told. */
#define DEFINITE "la l l' le au aux du sa son ses leur leurs cette cet ce ces"
/* Auxiliaries of an act before the story ("il avait rencontré"). */
#define PAST_PERFECT "avait avaient aurait auraient"
/* Words before the head of a subject. */
#define SUBJECT_SKIP "le la les l l' un une ce cet cette son sa leur m mme"
/* Words that announce an act to come. */
#define MODALS "devrait devraient aura auront sera seront doit doivent pourrait pourraient prevoit prevu prevue"
/* Possessives: "sa visite" is the visit of someone already named. */
#define POSSESSIVE "sa son ses leur leurs"
/* Words that end a clause for the roles of its event (clause_end reads
 * their first letter). */
#define CLAUSE_END "que qu qu'"
/* Subject pronouns standing for the person last in subject position. */
#define PRONOUNS "il elle"
/* Adjectives between a possessive and an act: "sa première visite". */
#define RANKING "premier premiere dernier derniere prochain prochaine nouvelle nouveau deuxieme troisieme"
/* What makes "il" stand for no one: "il y a", "il s'agit", "il faut". */
#define IMPERSONAL "y agit faut"

typedef struct trig {
    size_t s, e;      /* tokens */
    const char *type; /* meeting ... conference */
    char form;        /* 'v' verb, 'n' noun, 'g' guest */
    char part;        /* a noun after a verb of taking part ("assistera au forum") */
} trig;

typedef struct plist {
    size_t p[MAX_PERS];
    size_t n;
} plist;

/* The role phrases of a sentence (data/event_roles.tsv), in text order:
 * found in one pass over it, so that the questions asked of them ("an
 * invitation before the act?") read a few entries, not the tokens. */
typedef struct role {
    size_t k, n; /* the phrase: tokens [k, k + n) */
    const vl_gentry *r;
} role;

typedef struct roles {
    role *at; /* arena */
    size_t n, cap;
} roles;

/* Event types are a closed set (data/event_triggers.tsv, checked by
 * scripts/check-data.py) whose first letters differ: meeting, talks,
 * visit, reception, signing, conference, and none (a phrase that names no
 * act). Compared by that letter. */
static VL_HOT_INLINE int type_is(const char *type, const char *want)
{
    return type[0] == want[0];
}

static VL_HOT_INLINE int same_type(const char *a, const char *b)
{
    return a[0] == b[0];
}

/* Role phrases are a closed set too (data/event_roles.tsv, checked by
 * scripts/check-data.py) whose first two letters differ: not, delegation,
 * members, attendees, takes_part, invite, bodies, thing, background. */
static VL_HOT_INLINE int role_is(const char *kind, const char *want)
{
    return kind[0] == want[0] && kind[1] == want[1];
}

/* Whether an act of the type spans days (a visit): it takes only the day
 * written for it, and lends no day to what is done during it. */
static VL_HOT_INLINE int spans_days(const char *type)
{
    return type_is(type, "visit");
}

/* The year a date value starts with ("2019-02-05", "2019"), 0 for one
 * that writes none ("XXXX-02-05"): atoi without its locale and its calls. */
static int year_of(const char *v)
{
    int y = 0;
    for (size_t i = 0; i < 4 && v[i] >= '0' && v[i] <= '9'; i++) y = y * 10 + (v[i] - '0');
    return y;
}

/* Whether person p of the document is a leader long dead (data/
 * historical_persons.tsv) at the dispatch's time. */
static int dead(const vl_ex *x, size_t p)
{
    if (!x->dead[p]) { /* looked up once per person of the document */
        const char *key = x->out->persons[p].key;
        const char *died = vl_strmap_get(&x->ctx->historical, key, strlen(key));
        /* an undated dispatch is at least as late as the latest year it
         * writes, and no older than online news (NEWS_SINCE) */
        int year = x->doc_date ? year_of(x->doc_date) : x->latest_year;
        if (year < NEWS_SINCE) year = NEWS_SINCE;
        x->dead[p] = died && year && year > year_of(died) ? 2 : 1;
    }
    return x->dead[p] == 2;
}

/* The person named at token k, or -1; a leader long dead (a memorial
 * "du président Ho Chi Minh") takes part in nothing. */
static VL_HOT_INLINE long person(const vl_ex *x, size_t k)
{
    if (k >= x->tk.n || !x->person_at[k]) return -1;
    size_t p = x->person_at[k] - 1;
    return dead(x, p) ? -1 : (long)p;
}

/* Whether token k is the folded word w: one word, compared without the
 * list lookup of vl_ex_is_any (asked of every token of some sentences). */
static VL_HOT_INLINE int word_at(const vl_ex *x, size_t k, const char *w)
{
    size_t n = strlen(w);
    return k < x->tk.n && x->tk.t[k].flen == n && !memcmp(x->tk.t[k].fold, w, n);
}

/* Whether token i of a sentence is a person an excluding phrase names
 * (excluded is NULL in a sentence without such a phrase). */
static VL_HOT_INLINE int excl(const uint8_t *excluded, size_t i)
{
    return excluded && excluded[i];
}

static VL_HOT_INLINE int in(uint32_t pos, uint32_t s, uint32_t e)
{
    return pos >= s && pos < e;
}

static int plist_has(const plist *l, size_t p)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->p[i] == p) return 1;
    return 0;
}

/* *d = *s, the persons only (a list holds few of its MAX_PERS) */
static void plist_copy(plist *d, const plist *s)
{
    d->n = s->n;
    memcpy(d->p, s->p, s->n * sizeof *s->p);
}

static void plist_add(plist *l, size_t p)
{
    if (l->n < MAX_PERS && !plist_has(l, p)) l->p[l->n++] = p;
}

/* The place named in the dateline, if any. */
static const char *dateline_place(const vl_ex *x)
{
    for (size_t i = 0; i < x->out->nplaces; i++) {
        const vl_entity *p = &x->out->places[i];
        for (size_t m = 0; m < p->nmentions; m++)
            for (size_t b = 0; b < x->st->nblocks; b++)
                if (x->st->blocks[b].kind == VL_BLOCK_DATELINE &&
                    in(p->mentions[m].s, (uint32_t)x->st->vblocks[b].s,
                       (uint32_t)x->st->vblocks[b].e))
                    return p->name;
    }
    return NULL;
}

static VL_HOT_INLINE int clause_end(const vl_ex *x, size_t k)
{
    /* every word of CLAUSE_END has two or three letters: most tokens are
     * told apart by their length, the rest by the list's mask of hashes,
     * without reading their text */
    if (k >= x->tk.n) return 0;
    const vl_xtok *t = &x->tk.t[k];
    return t->punct == ';' || ((t->flen == 2 || t->flen == 3) && vl_ex_is_any(x, k, CLAUSE_END));
}

/* The tokens of a sentence that end a clause (clause_end), in order. */
typedef struct clause_ends {
    uint32_t *at; /* arena */
    size_t n;
} clause_ends;

static void find_clause_ends(vl_ex *x, size_t ss, size_t se, clause_ends *ends)
{
    ends->at = vl_arena_alloc(x->arena, (se - ss) * sizeof *ends->at);
    ends->n = 0;
    for (size_t k = ss; k < se; k++)
        if (clause_end(x, k)) ends->at[ends->n++] = (uint32_t)k;
}

/* The clause of tokens [s, e): *cs past the last clause end before s, at
 * least lo; *ce the first clause end at or after e, at most hi. */
static void clause_of(const clause_ends *ends, size_t s, size_t e, size_t lo, size_t hi,
                      size_t *cs, size_t *ce)
{
    size_t i = 0;
    *cs = lo;
    for (; i < ends->n && ends->at[i] < s; i++)
        if (ends->at[i] + 1 > *cs) *cs = ends->at[i] + 1;
    for (; i < ends->n && ends->at[i] < e; i++) {}
    *ce = i < ends->n && ends->at[i] < hi ? ends->at[i] : hi;
}

/* The persons of tokens [a, b), each once, in text order, but those an
 * excluding phrase names (the inviter, the sender of a message). */
static void persons_in(const vl_ex *x, size_t a, size_t b, const uint8_t *excluded,
                       size_t base, plist *out)
{
    if (a >= b || !x->named[x->tk.t[a].sent]) return; /* a sentence naming no one */
    for (size_t k = a; k < b; k++) {
        long p = person(x, k);
        if (p >= 0 && !excl(excluded, k - base)) plist_add(out, (size_t)p);
    }
}

/* Adds the person at token k, unless excluded. */
static void plist_add_bounded(plist *l, const vl_ex *x, size_t k, const uint8_t *excluded,
                              size_t base)
{
    long p = person(x, k);
    if (p >= 0 && !excl(excluded, k - base)) plist_add(l, (size_t)p);
}

/* Marks the tokens of persons that an excluding phrase names: the first
 * person after it, and those joined to it by "et de", ", de". */
static void mark_excluded(const vl_ex *x, const roles *rl, size_t ss, size_t se,
                          uint8_t *excluded)
{
    size_t from = ss; /* past the last phrase read */
    for (size_t i = 0; i < rl->n; i++) {
        size_t k = rl->at[i].k, n = rl->at[i].n;
        if (k < from || !role_is(rl->at[i].r->a, "not")) continue;
        /* "Selon la Commission des relations extérieures, X a ...": a body
         * named first is the one meant, not the person after it */
        size_t h = k + n;
        while (h < se && vl_ex_is_any(x, h, "la le l l' les du de des son sa ses")) h++;
        /* ... and so is a thing ("Selon le programme, X rendra hommage"):
         * only a person, a title or a word for a person names one */
        int thing = h < se && !x->person_at[h] && !(x->tk.t[h].flags & VL_XT_UPPER) &&
                    !vl_ex_gaz(x, h, VL_G_TITLE, NULL) && !vl_ex_gaz(x, h, VL_G_RANK, NULL) &&
                    !vl_ex_gaz(x, h, VL_G_CUE, NULL) && !vl_ex_gaz(x, h, VL_G_HONORIFIC, NULL) &&
                    !vl_ex_gaz(x, h, VL_G_MODIFIER, NULL) &&
                    !vl_ex_gaz(x, h, VL_G_PERSONNOUN, NULL);
        if (h < se && (x->owner[h] == VL_OWN_ORG || thing)) {
            from = k + n;
            continue;
        }
        size_t last = SIZE_MAX;
        for (size_t q = k + n; q < se && q < k + n + WINDOW / 2; q++) {
            /* "Selon le diplomate chilien, ces derniers mois, ...": a
             * comma not followed by the name ends who the phrase names */
            if (last == SIZE_MAX && vl_ex_punct(x, q, ',') && person(x, q + 1) < 0) break;
            long p = person(x, q);
            if (p < 0) continue;
            /* the first one, then one joined by "et de" close after, with
             * no comma between ("et de son épouse, le président X" names
             * the visitor) */
            int joined = last == SIZE_MAX;
            for (size_t j = last == SIZE_MAX ? q : last; !joined && j + 1 < q; j++)
                if ((vl_ex_is_any(x, j, "et") || vl_ex_punct(x, j, ',')) &&
                    vl_ex_is_any(x, j + 1, "de du d d'")) {
                    /* a comma between only before the name itself ("et de
                     * la présidente du Sénat, X"), not before a new phrase
                     * ("et de son épouse, le président X effectuera") */
                    joined = 1;
                    for (size_t c = j + 2; c < q; c++)
                        if (vl_ex_punct(x, c, ',') && c + 1 != q) joined = 0;
                }
            if (!joined || (last != SIZE_MAX && q - last > WINDOW / 4)) break;
            while (q < se && person(x, q) == p) excluded[q++ - ss] = 1;
            last = q--;
        }
        from = k + n;
    }
}

/* The person named last before token t in the clause from cs, within a
 * few tokens. */
static void nearest_before(const vl_ex *x, size_t t, size_t cs, const uint8_t *excluded,
                           size_t base, plist *out)
{
    if (!x->named[x->tk.t[t].sent]) return; /* a sentence naming no one */
    for (size_t q = t; q-- > cs && q + WINDOW / 3 > t;)
        if (person(x, q) >= 0 && !excl(excluded, q - base)) {
            plist_add(out, (size_t)person(x, q));
            return;
        }
}

/* The country tokens [s, e) name by a nationality or a country ("lao",
 * "du Japon"), ISO 3166, or NULL. */
static const char *country_in(const vl_ex *x, size_t s, size_t e)
{
    const vl_gentry *g;
    for (size_t k = s; k < e && k < x->tk.n; k++)
        if (vl_ex_gaz(x, k, VL_G_NATIONALITY, &g) || vl_ex_gaz(x, k, VL_G_COUNTRY, &g))
            if (strlen(g->a) == 2) return g->a;
    return NULL;
}

/* The first token at or after view offset pos. */
static size_t token_at(const vl_ex *x, uint32_t pos)
{
    size_t lo = 0, hi = x->tk.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->tk.t[mid].s < pos) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The person a description in tokens [a, b) stands for ("a rencontré le
 * Premier ministre laotien"): the one person of the document with a title
 * of the same head and country; -1 when none or several. Documents with
 * more persons than MAX_DESCRIBED are not searched (bounded work). */
static long described(const vl_ex *x, size_t a, size_t b)
{
    enum { MAX_DESCRIBED = 256 };
    const vl_extraction *out = x->out;
    if (out->npersons > MAX_DESCRIBED) return -1;
    for (size_t q = a; q < b; q++) {
        const vl_gentry *te;
        size_t n = vl_ex_gaz(x, q, VL_G_TITLE, &te);
        if (!n) continue;
        /* a title persons.c gave to a name, or resolved already */
        if (x->owner[q] == VL_OWN_TITLE || x->person_at[q]) return -1;
        size_t stop = q + n;
        while (stop < b && stop < q + n + 8 && !vl_ex_punct(x, stop, ',') &&
               !vl_ex_is_any(x, stop, "et")) stop++;
        /* the title of a named person: the name handles it */
        for (size_t k = q; k <= stop + 1 && k < x->tk.n; k++)
            if (x->person_at[k]) return -1;
        const char *cc = country_in(x, q + n, stop);
        if (!cc) return -1; /* "le ministre" alone: too vague */
        long found = -1;
        for (size_t p = 0; p < out->npersons; p++) {
            const vl_person *per = &out->persons[p];
            for (size_t t = 0; t < per->ntitles; t++) {
                const vl_title *ti = &per->titles[t];
                size_t hs = token_at(x, ti->span.s), he = token_at(x, ti->span.e);
                if (hs >= x->tk.n || x->tk.t[hs].hash != x->tk.t[q].hash ||
                    !vl_ex_gaz(x, hs, VL_G_TITLE, NULL))
                    continue;
                const char *pc = country_in(x, hs, he);
                if (!pc || strcmp(pc, cc)) continue;
                if (found >= 0 && found != (long)p) return -1;
                found = (long)p;
            }
        }
        return found;
    }
    return -1;
}

/* The first place named in view offsets [s, e), else dflt. A place's
 * mentions are in text order: one binary search each, so a place named in
 * every one of 90,000 sentences costs no quadratic scan. */
static const char *place_in(const vl_ex *x, uint32_t s, uint32_t e, const char *dflt)
{
    const char *best = dflt;
    uint32_t at = UINT32_MAX;
    for (size_t p = 0; p < x->out->nplaces; p++) {
        const vl_entity *pl = &x->out->places[p];
        size_t lo = 0, hi = pl->nmentions;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (pl->mentions[mid].s < s) lo = mid + 1;
            else hi = mid;
        }
        if (lo < pl->nmentions && in(pl->mentions[lo].s, s, e) && pl->mentions[lo].s < at) {
            at = pl->mentions[lo].s;
            best = pl->name;
        }
    }
    return best;
}

/* Whether a token is an ordinal: "13e", "XIIIe", "2ème", "1er". */
static int ordinal(const vl_xtok *t)
{
    return vl_fold_ordinal(t->fold, t->flen);
}

/* Whether a role phrase of kind (data/event_roles.tsv) ends right before
 * token t, starting at most four words before it, within the sentence from
 * ss. */
static int role_ends_at(const roles *rl, size_t ss, size_t t, const char *kind)
{
    for (size_t i = 0; i < rl->n; i++) {
        size_t k = rl->at[i].k;
        if (k >= ss && k < t && k + 4 >= t && k + rl->at[i].n == t && role_is(rl->at[i].r->a, kind))
            return 1;
    }
    return 0;
}

/* Whether a background phrase (data/event_roles.tsv: "organisation du")
 * ends right before token t. */
static int background_before(const vl_ex *x, const roles *rl, size_t ss, size_t t)
{
    if (!rl->n) return 0; /* most sentences */
    /* "fixés par le XIIIe Congrès": past an ordinal */
    if (t > ss && ordinal(&x->tk.t[t - 1])) t--;
    return role_ends_at(rl, ss, t, "background");
}

/* Whether a phrase of taking part (data/event_roles.tsv, takes_part:
 * "assistera à", "a participé aux") ends right before noun trigger t, or
 * before its determiner: the subject of that verb takes part in the act. */
static int taken_part_in(const vl_ex *x, const roles *rl, size_t ss, size_t t)
{
    if (!rl->n) return 0; /* most sentences */
    /* "à la 8e édition", "à la 8 e édition": past an ordinal */
    if (t > ss + 1 && vl_ex_is_any(x, t - 1, "e eme er") && x->tk.t[t - 2].fold[0] >= '0' &&
        x->tk.t[t - 2].fold[0] <= '9')
        t -= 2;
    if (t > ss && ordinal(&x->tk.t[t - 1])) t--;
    if (t > ss && vl_ex_is_any(x, t - 1, "la le l l' les un une des ce cet cette ces")) t--;
    return role_ends_at(rl, ss, t, "takes_part");
}

/* Whether the verb at token t is in the past perfect: an auxiliary of
 * PAST_PERFECT before it, past lower-case words between ("il avait à
 * plusieurs reprises rencontré X"), within the clause from cs. */
static int past_perfect(const vl_ex *x, size_t cs, size_t t)
{
    for (size_t k = t; k-- > cs && k + 5 >= t;) {
        /* PAST_PERFECT: words of five letters or more starting with 'a' */
        if (x->tk.t[k].flen >= 5 && x->tk.t[k].fold[0] == 'a' && vl_ex_is_any(x, k, PAST_PERFECT))
            return 1;
        const vl_xtok *w = &x->tk.t[k];
        if ((w->flags & VL_XT_UPPER) || x->person_at[k] || !w->flen ||
            !(w->fold[0] >= 'a' && w->fold[0] <= 'z'))
            return 0;
    }
    return 0;
}

/* Whether the first person after token e is named in a group ("a
 * rencontré les ambassadeurs chinois X, indonésien Y et français Z": one
 * act with all): "les" and a plural noun before it. */
static int group_before(const vl_ex *x, size_t e, size_t se)
{
    size_t k = e;
    while (k < se && k < e + WINDOW / 3 && !x->person_at[k]) k++;
    if (k >= se || !x->person_at[k]) return 0;
    for (size_t q = k > e + 4 ? k - 4 : e; q + 1 < k; q++) {
        const vl_xtok *w = &x->tk.t[q + 1];
        if (vl_ex_is_any(x, q, "les") && !(w->flags & VL_XT_UPPER) && w->flen > 3 &&
            (w->fold[w->flen - 1] == 's' || w->fold[w->flen - 1] == 'x'))
            return 1;
    }
    return 0;
}

/* Whether an invitation (data/event_roles.tsv, invite: "a invité",
 * "inviter") stands in tokens [cs, t): the act after it is proposed. */
static int invited_before(const roles *rl, size_t cs, size_t t)
{
    for (size_t i = 0; i < rl->n; i++)
        if (rl->at[i].k >= cs && rl->at[i].k < t && role_is(rl->at[i].r->a, "invite")) return 1;
    return 0;
}

/* Whether the first person after a visit noun ending at token e (before
 * token b) is its visitor: "de", "du", "d'" before it, past a place ("la
 * visite au Vietnam du président X"), a title and adjectives. */
static int visitor_after(const vl_ex *x, size_t e, size_t b)
{
    size_t k = e;
    while (k < b && k < e + WINDOW / 3 && !x->person_at[k]) k++;
    if (k >= b || !x->person_at[k]) return 0;
    for (size_t q = e; q < k; q++) {
        if (vl_ex_punct(x, q, ',') || vl_ex_gaz(x, q, VL_G_EVENT, NULL) ||
            vl_ex_gaz(x, q, VL_G_VERB, NULL))
            return 0;
        if (vl_ex_is_any(x, q, "de du d d'")) {
            /* "du président X": no place or body right after */
            for (size_t r = q + 1; r < k; r++)
                if (x->owner[r] == VL_OWN_PLACE || x->owner[r] == VL_OWN_ORG) return 0;
            return 1;
        }
    }
    return 0;
}

/* Whether a verb that asks for something (data/reporting_verbs.tsv, ask:
 * "a suggéré", "a appelé", "a proposé") stands in tokens [ss, t). */
static int asked_before(const vl_ex *x, size_t ss, size_t t)
{
    for (size_t k = ss; k < t; k++) {
        const vl_gentry *v;
        /* "a été invité par X à effectuer une visite": the one asked acts */
        if (x->cats[k] && vl_ex_gaz(x, k, VL_G_VERB, &v) && !strcmp(v->a, "ask") &&
            !(k > ss && vl_ex_is_any(x, k - 1, "ete")))
            return 1;
    }
    return 0;
}

/* Whether tokens [a, b) announce an act to come ("rencontrera", "devrait
 * s'entretenir", "aura un entretien"): a lower-case word in the future or
 * the conditional, or a modal (MODALS). Its date is the one written for
 * it, or none: not the day of the news. */
static int announced(const vl_ex *x, size_t a, size_t b)
{
    for (size_t k = a; k < b; k++) {
        const vl_xtok *t = &x->tk.t[k];
        if ((t->flags & VL_XT_UPPER) || t->flen < 4) continue; /* MODALS: 4 letters or more */
        if (vl_ex_is_any(x, k, MODALS)) return 1;
        /* "a quitté Hanoï pour assister à": the purpose of an act */
        if (word_at(x, k, "pour") && k + 1 < b) {
            const vl_xtok *v = &x->tk.t[k + 1];
            size_t m = v->flen;
            if (m >= 4 && (!strcmp(v->fold + m - 2, "er") || !strcmp(v->fold + m - 2, "ir") ||
                           !strcmp(v->fold + m - 2, "re")))
                return 1;
        }
        size_t n = t->flen;
        if (n >= 5 && ((!strcmp(t->fold + n - 2, "ra") && strchr("eir", t->fold[n - 3])) ||
                       !strcmp(t->fold + n - 4, "ront")))
            return 1;
    }
    return 0;
}

/* The lead's day for the act of trigger t, in the clause from token cs:
 * an act of one day told in the lead paragraph or close after it, not
 * announced for later; else NULL. Asked only of an act with no date. */
static const char *lead_day(const vl_ex *x, size_t cs, const trig *t)
{
    if (!x->lead_date || x->tk.t[t->s].block > x->lead_block + 2 || spans_days(t->type))
        return NULL;
    return announced(x, cs, t->e) ? NULL : x->lead_date;
}

/* Whether a thing received (data/event_roles.tsv, thing) stands within
 * three words after token e. */
static int thing_after(const vl_ex *x, size_t e, size_t se)
{
    const vl_gentry *r;
    for (size_t k = e; k < se && k < e + 4; k++)
        if (vl_ex_gaz(x, k, VL_G_EVROLE, &r) && role_is(r->a, "thing")) return 1;
    return 0;
}

/* The persons of the last visit told (within BACK events), into out. */
static void last_visitors(const vl_ex *x, plist *out)
{
    const vl_extraction *o = x->out;
    for (size_t i = o->nevents; i-- > 0 && i + BACK >= o->nevents;)
        if (type_is(o->events[i].type, "visit") && o->events[i].nparticipants) {
            for (size_t k = 0; k < o->events[i].nparticipants; k++)
                plist_add(out, o->events[i].participants[k]);
            return;
        }
}

/* Whether tokens [a, b) hold a subject pronoun, a noun standing for a
 * person ("le responsable") or a title without a name ("le ministre"). */
static int stands_for_subject(const vl_ex *x, size_t a, size_t b)
{
    for (size_t k = a; k < b; k++) {
        /* the head of the subject: past a phrase that opens the clause
         * ("Dans la province de X, il a travaillé"), articles and
         * modifiers ("le nouveau ministre") */
        if (vl_ex_punct(x, k, ',') || (x->tk.t[k].flen <= 5 && vl_ex_is_any(x, k, SUBJECT_SKIP)))
            continue; /* SUBJECT_SKIP: five letters at most */
        /* "Selon l'ambassadeur, ...": the source, not the subject */
        const vl_gentry *r;
        if (vl_ex_gaz(x, k, VL_G_EVROLE, &r) && role_is(r->a, "not")) {
            while (k + 1 < b && !vl_ex_punct(x, k + 1, ',')) k++;
            continue;
        }
        /* "chaque pays membre", "tous les participants": nobody told */
        if (vl_ex_is_any(x, k, "chaque tous toutes aucun")) return 0;
        /* the head, maybe past adjectives ("le plus haut dirigeant
         * vietnamien") */
        for (size_t h = k; h < b && h < k + 4 && !vl_ex_punct(x, h, ','); h++)
            /* not "Il s'agit de la visite", "il y a" */
            if (vl_ex_gaz(x, h, VL_G_TITLE, NULL) || vl_ex_gaz(x, h, VL_G_MODIFIER, NULL) ||
                (x->tk.t[h].flen <= 4 && vl_ex_is_any(x, h, PRONOUNS) && /* "il", "elle" */
                 !(h + 1 < x->tk.n && vl_ex_is_any(x, h + 1, IMPERSONAL)) &&
                 !(h + 2 < x->tk.n && vl_ex_is_any(x, h + 1, "s s'") &&
                   vl_ex_is_any(x, h + 2, IMPERSONAL))) ||
                vl_ex_gaz(x, h, VL_G_PERSONNOUN, NULL))
                return 1;
        /* "Le convoi de secours s'est rendu": another subject; but an
         * opening phrase goes on to its comma */
        size_t c = k;
        while (c < b && !vl_ex_punct(x, c, ',')) c++;
        if (c == b) return 0;
        k = c;
    }
    return 0;
}

/* The chairs a chair phrase at k (its entry c, n tokens) names in the
 * clause [cs, ce). */
static void chairs_of(const vl_ex *x, size_t k, size_t n, const vl_gentry *c, size_t cs,
                      size_t ce, const uint8_t *excluded, size_t base, size_t last_subject,
                      plist *out)
{
    int both = !strcmp(c->a, "both");
    if (both || !strcmp(c->a, "before")) {
        persons_in(x, cs, k, excluded, base, out);
        /* "Il a coprésidé": the person last in subject position */
        if (!out->n && last_subject != SIZE_MAX && stands_for_subject(x, cs, k))
            plist_add(out, last_subject);
        /* "X a coprésidé la réunion avec Y" (not "..., aura un entretien
         * avec Y": the "avec" of another act) */
        for (size_t q = k + n; both && q < ce && q < k + n + WINDOW; q++) {
            if (q > k + n && vl_ex_gaz(x, q, VL_G_EVENT, NULL) && vl_ex_is_any(x, q - 1, "un une des"))
                break;
            if (vl_ex_is_any(x, q, "avec")) {
                persons_in(x, q, ce, excluded, base, out);
                break;
            }
        }
        return;
    }
    size_t q = k + n;
    if (!strcmp(c->a, "subject")) /* "Présidant la réunion, le ministre X" */
        while (q < ce && !vl_ex_punct(x, q, ',')) q++;
    /* "présidé par X et Y", "sous la coprésidence de X, ministre ..., et de Y" */
    size_t last = SIZE_MAX;
    for (; q < ce && q < k + n + WINDOW; q++) {
        long p = person(x, q);
        if (p < 0 || excl(excluded, q - base)) continue;
        if (last != SIZE_MAX) {
            int joined = 0;
            for (size_t j = last; j < q; j++)
                if (vl_ex_is_any(x, j, "et")) joined = 1;
            if (!joined || q - last > WINDOW / 3) break;
        }
        plist_add(out, (size_t)p);
        while (q + 1 < ce && person(x, q + 1) == p) q++;
        last = q;
    }
}

/* The anchor of the clause of tokens [cs, ce) that dates trigger t: one
 * right after it ("a reçu le 9 août", "des visites ... du 18 au 28 avril"),
 * else the last one before it ("Le 10 juin, X a rencontré"), else any one
 * after it, short of the next act at token next; NULL when none. */
static const vl_anchor *clause_anchor(const vl_ex *x, size_t cs, size_t ce, const trig *t,
                                      size_t next)
{
    size_t near = t->form == 'v' ? 6 : 15;
    size_t i = vl_ex_anchor_from(x, t->e);
    const vl_anchor *after = i < x->nanchors && x->anchors[i].s < ce ? &x->anchors[i] : NULL;
    const vl_anchor *before =
        i > 0 && x->anchors[i - 1].s >= cs && x->anchors[i - 1].e <= t->s ? &x->anchors[i - 1] : NULL;
    /* "a entamé le 25 mai une visite, la première depuis 2017": a year
     * after the act does not outweigh a day before it */
    if (after && strlen(after->value) == 4 && before && strlen(before->value) > 4) return before;
    /* "Depuis le 1er octobre, chaque pays a un siège": the start of a state */
    if (before && before->s >= cs + 1 &&
        (vl_ex_is_any(x, before->s - 1, "depuis") ||
         (before->s >= cs + 2 && vl_ex_is_any(x, before->s - 2, "depuis"))))
        before = NULL;
    /* "En marge de cette conférence, X a eu le 15 août un entretien": a
     * date past the next act is that act's; but a visit spans the acts it
     * is made for ("se rendra au Japon pour participer au forum prévu le
     * 29 mai") */
    if (after && after->s >= next && !spans_days(t->type)) after = NULL;
    /* "la première visite depuis l'élévation des relations en octobre
     * 2024": a date after "depuis" is the start of something else */
    for (size_t k = t->e; after && k < after->s; k++)
        if (word_at(x, k, "depuis")) after = NULL;
    if (after && after->s - t->e <= near) {
        size_t k;
        for (k = t->e; k < after->s && !vl_ex_gaz(x, k, VL_G_VERB, NULL) &&
                       !vl_ex_gaz(x, k, VL_G_EVENT, NULL);
             k++) {}
        if (k == after->s) return after;
    }
    return before ? before : after;
}

/* Whether an act gathers people in one place: a meeting or a conference
 * ("le congrès ... la réunion" may name one act, a departure and "la
 * cérémonie" may not). */
static int gathering(const char *type)
{
    return type_is(type, "meeting") || type_is(type, "conference");
}

static int same_group(const char *a, const char *b)
{
    /* reception, talks, meeting */
    return same_type(a, b) || (strchr("rtm", a[0]) && strchr("rtm", b[0]));
}

static int subset(const size_t *a, size_t na, const size_t *b, size_t nb)
{
    for (size_t i = 0; i < na; i++) {
        size_t k;
        for (k = 0; k < nb && b[k] != a[i]; k++) {}
        if (k == nb) return 0;
    }
    return 1;
}

static void add_to(vl_ex *x, size_t **arr, size_t *n, size_t *cap, size_t p)
{
    if (*n >= MAX_EVENT_PERS) return;
    for (size_t i = 0; i < *n; i++)
        if ((*arr)[i] == p) return;
    *arr = vl_arena_push(x->arena, *arr, n, cap, sizeof **arr);
    (*arr)[*n - 1] = p;
}

/* Adds the persons and chairs of a mention to event ev. */
static void join(vl_ex *x, vl_event *ev, const plist *parts, const plist *chairs)
{
    for (size_t i = 0; i < chairs->n; i++) {
        add_to(x, &ev->chairs, &ev->nchairs, &ev->cchairs, chairs->p[i]);
        add_to(x, &ev->participants, &ev->nparticipants, &ev->cparticipants, chairs->p[i]);
    }
    for (size_t i = 0; i < parts->n; i++)
        add_to(x, &ev->participants, &ev->nparticipants, &ev->cparticipants, parts->p[i]);
}

static vl_event *new_event(vl_ex *x, const trig *t, const char *date, const char *place,
                           size_t ss, size_t se)
{
    vl_extraction *out = x->out;
    out->events = vl_arena_push(x->arena, out->events, &out->nevents, &out->cevents,
                             sizeof *out->events);
    vl_event *ev = &out->events[out->nevents - 1];
    memset(ev, 0, sizeof *ev);
    ev->type = t->type;
    ev->date = date;
    ev->place = place;
    ev->span.s = x->tk.t[t->s].s;
    ev->span.e = x->tk.t[t->e - 1].e;
    ev->block = x->tk.t[t->s].block;
    ev->sent = x->tk.t[t->s].sent;
    ev->sentence.s = x->tk.t[ss].s;
    ev->sentence.e = x->tk.t[se - 1].e;
    return ev;
}

/* The earlier event this mention is one with, or NULL. */
static vl_event *same_act(vl_ex *x, const trig *t, int definite, const char *date,
                          const plist *parts, const plist *objects)
{
    vl_extraction *out = x->out;
    for (size_t i = out->nevents; i-- > 0 && i + BACK >= out->nevents;) {
        vl_event *ev = &out->events[i];
        if (definite && same_group(ev->type, t->type)) {
            /* "lors de l'entretien": the last act of its kind, unless the
             * mention brings a counterpart of its own ("lors de sa
             * rencontre avec X") */
            for (size_t k = 0; k < objects->n; k++)
                if (!subset(&objects->p[k], 1, ev->participants, ev->nparticipants)) return NULL;
            if (date && ev->date && strcmp(date, ev->date)) return NULL;
            /* an act of another kind ("a reçu X ... Lors de ces entretiens,
             * Y et Z") is the same one only when it names nobody new */
            if (!same_type(ev->type, t->type) && ev->nparticipants &&
                !subset(parts->p, parts->n, ev->participants, ev->nparticipants))
                return NULL;
            return ev;
        }
        /* "Le Congrès s'est tenu le 15 décembre. X et Y ont assisté à la
         * réunion": a definite noun right after an act of another kind */
        if (definite && i + 1 == out->nevents && x->tk.t[t->s].sent <= ev->sent + 1 &&
            gathering(ev->type) && gathering(t->type) &&
            !objects->n && (!date || !ev->date || !strcmp(date, ev->date)) &&
            (!ev->nparticipants || subset(parts->p, parts->n, ev->participants, ev->nparticipants)))
            return ev;
        if (!same_type(ev->type, t->type)) continue;
        if (date && ev->date && strcmp(date, ev->date)) continue;
        /* the same persons again (the headline, then the lead) */
        if (parts->n && subset(parts->p, parts->n, ev->participants, ev->nparticipants))
            return ev;
        if (ev->nparticipants &&
            (x->st->blocks[ev->block].kind == VL_BLOCK_TITLE ||
             x->st->blocks[ev->block].kind == VL_BLOCK_CAPTION) &&
            subset(ev->participants, ev->nparticipants, parts->p, parts->n))
            return ev;
    }
    return NULL;
}

/* Events whose account names those who spoke at them. */
static int spoken_at(const char *type)
{
    return type_is(type, "meeting") || type_is(type, "conference");
}

/* A sentence naming a delegation: its persons take part in the event it
 * told (own, else SIZE_MAX), or in the last visit told before; one naming
 * who attends ("réunira", "en présence de"), in the last event told. */
static void delegation(vl_ex *x, const roles *rl, size_t ss, size_t se, const uint8_t *excluded,
                       size_t own)
{
    vl_extraction *out = x->out;
    int found = 0, attend = 0;
    for (size_t i = 0; i < rl->n && !found; i++) {
        const char *r = rl->at[i].r->a;
        if (role_is(r, "delegation")) found = 1;
        /* "La délégation de X comprend A, B et C" */
        for (size_t q = ss; q < rl->at[i].k && !found && role_is(r, "members"); q++)
            if (word_at(x, q, "delegation")) found = 1;
        if (role_is(r, "attendees")) found = attend = 1;
        /* "participera à un événement": attends an act the sentence tells,
         * not one told before */
        if (role_is(r, "takes_part") && own != SIZE_MAX) found = attend = 1;
    }
    if (!found || !out->nevents) return;
    vl_event *ev = NULL;
    if (own != SIZE_MAX) {
        ev = &out->events[own];
    } else if (attend) {
        ev = &out->events[out->nevents - 1]; /* "Cet événement réunira X, Y" */
    } else {
        for (size_t i = out->nevents; i-- > 0 && i + BACK >= out->nevents && !ev;)
            if (type_is(out->events[i].type, "visit") && out->events[i].nparticipants)
                ev = &out->events[i];
        /* else the last act told with someone in it: a delegation joins no
         * act that nobody named took part in ("le convoi s'est rendu") */
        for (size_t i = out->nevents; i-- > 0 && i + BACK >= out->nevents && !ev;)
            if (out->events[i].nparticipants) ev = &out->events[i];
        if (!ev) return;
    }
    plist members, none; /* only .n is read before it is set */
    members.n = none.n = 0;
    size_t k = ss;
    while (k < se) {
        plist_add_bounded(&members, x, k, excluded, ss);
        k++;
        if (members.n == MAX_PERS) {
            join(x, ev, &members, &none);
            members.n = 0;
        }
    }
    join(x, ev, &members, &none);
}

/* The two persons met last ("les deux présidents", "ils" stand for them):
 * the persons of each event as it is told, and those who invited to it. */
typedef struct pair {
    size_t p[2]; /* p[1] the latest; SIZE_MAX: none */
} pair;

static void pair_push(pair *pr, size_t p)
{
    if (pr->p[1] == p) return;
    if (pr->p[0] == p) {
        pr->p[0] = pr->p[1];
        pr->p[1] = p;
        return;
    }
    pr->p[0] = pr->p[1];
    pr->p[1] = p;
}

/* Whether tokens [a, b) name two persons without naming them ("les deux
 * présidents"). "Ils" is left alone: measured on dev, it named the wrong
 * two as often as the right ones. */
static int plural_subject(const vl_ex *x, size_t a, size_t b)
{
    for (size_t k = a; k + 1 < b; k++)
        if (word_at(x, k, "les") && word_at(x, k + 1, "deux")) {
            /* "les deux pays" (data/event_roles.tsv, bodies): no persons */
            const vl_gentry *r;
            return !(vl_ex_gaz(x, k, VL_G_EVROLE, &r) && role_is(r->a, "bodies"));
        }
    return 0;
}

/* The date of the nearest act before trigger i in its clause (from token
 * cs) that is a verb and has one, or NULL. */
static const char *verb_date(const trig *tr, const char *const *tdate, size_t i, size_t cs)
{
    /* a visit spans days: the day it starts is not the day of its acts */
    for (size_t j = i; j-- > 0 && tr[j].e > cs;)
        if (tr[j].form == 'v' && tdate[j]) return !spans_days(tr[j].type) ? tdate[j] : NULL;
    return NULL;
}

/* The nearest verb trigger before trigger i in its clause (from token cs),
 * or SIZE_MAX. */
static size_t verb_before(const trig *tr, size_t i, size_t cs)
{
    for (size_t j = i; j-- > 0 && tr[j].e > cs;)
        if (tr[j].form == 'v') return j;
    return SIZE_MAX;
}

/* A subject that names nobody, in tokens [a, t) before trigger t, stands for
 * persons told before, into parts when it is empty: "sa rencontre" the
 * person last in subject position, "les deux présidents" the two met last,
 * "la délégation" the last visitors, "il", "le ministre" the person last in
 * subject position. */
static void unnamed_subject(const vl_ex *x, size_t a, const trig *t, size_t last_subject,
                            const pair *pr, plist *parts)
{
    if (parts->n) return;
    /* "sa visite", "sa deuxième visite", "sa première visite officielle" */
    size_t d = t->s;
    if (d > a + 1 && (vl_ex_is_any(x, d - 1, RANKING) || ordinal(&x->tk.t[d - 1]))) d--;
    if (last_subject != SIZE_MAX && t->form == 'n' && d > a &&
        vl_ex_is_any(x, d - 1, POSSESSIVE)) {
        plist_add(parts, last_subject);
        return;
    }
    /* "les deux ministres ont eu des entretiens", not "les deux parties
     * échangent des délégations, notamment la visite de X": a noun act of
     * the subject is named indefinitely */
    int own = t->form != 'n' || t->part ||
              (t->s > a && vl_ex_is_any(x, t->s - 1, "un une des d d'"));
    if (pr->p[0] != SIZE_MAX && own && plural_subject(x, a, t->s)) {
        plist_add(parts, pr->p[0]);
        plist_add(parts, pr->p[1]);
        return;
    }
    for (size_t q = a; !parts->n && q < t->s; q++)
        if (word_at(x, q, "delegation")) last_visitors(x, parts);
    if (!parts->n && last_subject != SIZE_MAX && stands_for_subject(x, a, t->s))
        plist_add(parts, last_subject);
}

/* One sentence: tokens [ss, se); any: the phrase marks of its tokens, or'ed
 * (most sentences tell no act: one look at them); marked[0, nmarked): its
 * tokens that start an act, chair or role phrase (VL_EX_MARKED). */
static void sentence(vl_ex *x, size_t ss, size_t se, uint32_t any, const uint32_t *marked,
                     size_t nmarked, const char *dl, size_t *last_subject, size_t *next_quote,
                     pair *pr)
{
    const uint32_t acts = 1u << VL_G_EVENT | 1u << VL_G_CHAIR, has_roles = 1u << VL_G_EVROLE;
    trig tr[MAX_TRIG];
    /* per trigger: its subject (arena, when it has any: an 8 KB array on the
     * stack made each call of this function costly under ASan) */
    plist *subj = NULL;
    size_t nt = 0;
    /* one pass over the sentence: its role phrases, acts and chair phrases */
    roles rl = {NULL, 0, 0};
    typedef struct chair_phrase {
        size_t k, n;
        const vl_gentry *c;
    } chair_phrase;
    chair_phrase *cp = NULL;
    size_t ncp = 0, ccp = 0;
    size_t next_trig = ss, next_chair = ss; /* past the last act, chair phrase */
    for (size_t m = 0; m < nmarked; m++) {
        size_t k = marked[m];
        uint32_t c = x->cats[k] & (acts | has_roles);
        const vl_gentry *e;
        size_t n;
        if ((c & has_roles) && (n = vl_ex_gaz(x, k, VL_G_EVROLE, &e)) != 0) {
            rl.at = vl_arena_push(x->arena, rl.at, &rl.n, &rl.cap, sizeof *rl.at);
            rl.at[rl.n - 1] = (role){k, n, e};
        }
        if ((c & 1u << VL_G_CHAIR) && k >= next_chair && ncp < MAX_TRIG &&
            (n = vl_ex_gaz(x, k, VL_G_CHAIR, &e)) != 0) {
            cp = vl_arena_push(x->arena, cp, &ncp, &ccp, sizeof *cp);
            cp[ncp - 1] = (chair_phrase){k, n, e};
            next_chair = k + n;
        }
        if (!(c & 1u << VL_G_EVENT) || k < next_trig || nt >= MAX_TRIG) continue;
        n = vl_ex_gaz(x, k, VL_G_EVENT, &e);
        if (!n) continue;
        next_trig = k + n;
        /* "pour l'organisation du Dialogue", "la Résolution du XIIIe
         * Congrès": talked about, not told; no act, and no bound between
         * the acts around it */
        /* "assistera à la 8e édition de", "participera à un événement": a
         * noun that names an act only after a verb of taking part */
        int part = e->b[0] != 'v' && e->b[0] != 'g' && taken_part_in(x, &rl, ss, k);
        if (!type_is(e->a, "none") && !background_before(x, &rl, ss, k) &&
            (e->b[0] != 'p' || part)) {
            char form = e->b[0] == 'v' ? 'v' : e->b[0] == 'g' ? 'g' : 'n';
            /* "des entretiens et entrevues avec X", "a visité et travaillé
             * avec", "devrait s'entretenir et rencontrer X": two nouns or
             * two verbs joined by "et" name one act, the first's */
            if (nt && form == tr[nt - 1].form && form != 'g' && tr[nt - 1].e + 1 == k &&
                vl_ex_is_any(x, k - 1, "et"))
                tr[nt - 1].e = k + n;
            else
                tr[nt++] = (trig){k, k + n, e->a, form, (char)part};
        }
    }
    const char *tdate[MAX_TRIG]; /* per trigger: the date it was given */
    memset(tdate, 0, nt * sizeof *tdate);
    if (nt) subj = vl_arena_alloc(x->arena, nt * sizeof *subj);
    /* scratch per sentence, bounded by its length */
    uint8_t *excluded = NULL;
    if (rl.n && x->named[x->tk.t[ss].sent]) { /* excluding phrases name persons */
        excluded = vl_arena_alloc(x->arena, se - ss);
        memset(excluded, 0, se - ss);
        mark_excluded(x, &rl, ss, se, excluded);
    }

    /* the sentence's clause ends, once for all its acts and chair phrases */
    clause_ends ends = {NULL, 0};
    if (nt || ncp) find_clause_ends(x, ss, se, &ends);
    /* the sentence's chairs, by chair phrase (the first MAX_TRIG, each in
     * its clause within WINDOW tokens: bounded work per phrase) */
    plist chairs; /* only .n is read before it is set */
    chairs.n = 0;
    size_t chair_at = SIZE_MAX;
    for (size_t i = 0; i < ncp; i++) {
        size_t k = cp[i].k, n = cp[i].n, cs, ce;
        clause_of(&ends, k, k + n, k - ss < WINDOW ? ss : k - WINDOW,
                  se - (k + n) < WINDOW ? se : k + n + WINDOW, &cs, &ce);
        chairs_of(x, k, n, cp[i].c, cs, ce, excluded, ss, *last_subject, &chairs);
        if (chair_at == SIZE_MAX) chair_at = k;
    }
    vl_extraction *out = x->out;
    size_t first_new = SIZE_MAX; /* the sentence's first new event */
    size_t joined = SIZE_MAX;    /* the first earlier event the sentence joined */
    if (!nt) {
        /* "Présidant l'événement, le vice-Premier ministre X ...": the
         * chair of the event told just before */
        if (chairs.n && out->nevents) {
            plist none; /* only .n is read before it is set */
            none.n = 0;
            join(x, &out->events[out->nevents - 1], &none, &chairs);
        }
        goto members;
    }
    /* "le même jour", "à cette occasion": the day of the act before ("au
     * cours de la visite" spans days: no act's date) */
    const vl_gentry *ref;
    int opens = vl_ex_gaz(x, ss, VL_G_TIMEREF, &ref) != 0;
    /* "Chaque année, les deux parties ont des rencontres": acts of habit */
    if (opens && !strcmp(ref->a, "habit")) goto members;
    int occasion = opens && !strcmp(ref->a, "occasion");
    int refers = opens && (!strcmp(ref->a, "day") || occasion);
    int during = opens && !refers; /* "au cours de la visite": some day of it */
    first_new = SIZE_MAX;
    for (size_t i = 0; i < nt; i++) {
        const trig *t = &tr[i];
        size_t cs, ce;
        clause_of(&ends, t->s, t->e, t->s - ss < WINDOW ? ss : t->s - WINDOW,
                  se - t->e < WINDOW ? se : t->e + WINDOW, &cs, &ce);
        /* roles */
        plist objects, counter; /* after it; after "avec"; only .n is read before it is set */
        size_t jv;
        objects.n = counter.n = 0;
        size_t obj_end = ce;
        for (size_t j = i + 1; j < nt; j++)
            if (tr[j].s < ce) {
                obj_end = tr[j].s;
                break;
            }
        /* "..., a déclaré l'ambassadeur X": the speaker of an incise is no
         * object of the act */
        for (size_t k = t->e; k + 1 < obj_end; k++)
            if (vl_ex_punct(x, k, ',') &&
                (vl_ex_gaz(x, k + 1, VL_G_VERB, NULL) ||
                 (k + 2 < obj_end && vl_ex_is_any(x, k + 1, "a ont") &&
                  vl_ex_gaz(x, k + 2, VL_G_VERB, NULL)))) {
                obj_end = k;
                break;
            }
        /* the act told before this one in the clause, if any */
        const trig *prev = i > 0 && tr[i - 1].e > cs ? &tr[i - 1] : NULL;
        plist all; /* the subject, then the objects too */
        plist *parts = &all;
        all.n = 0;
        if (t->form == 'g') {
            nearest_before(x, t->s, cs, excluded, ss, parts);
        } else {
            persons_in(x, t->e, obj_end, excluded, ss, &objects);
            if (!objects.n) {
                long d = described(x, t->e, obj_end < t->e + WINDOW / 3 ? obj_end : t->e + WINDOW / 3);
                if (d >= 0) plist_add(&objects, (size_t)d);
            }
            for (size_t q = t->e; q < obj_end && q < t->e + 4; q++)
                if (word_at(x, q, "avec") || word_at(x, q, "entre")) {
                    persons_in(x, q, obj_end, excluded, ss, &counter);
                    break;
                }
            if (!prev) {
                persons_in(x, cs, t->s, excluded, ss, parts);
                unnamed_subject(x, cs, t, *last_subject, pr, parts);
            } else if ((t->form == 'v' || t->part) && (jv = verb_before(tr, i, cs)) != SIZE_MAX) {
                /* "a visité ... et a rencontré", "a rencontré X, a eu une
                 * séance de travail avec Y et a reçu Z": one subject */
                plist_copy(parts, &subj[jv]);
            } else if (prev->form == 'v' && counter.n) {
                /* "a rencontré X, a eu une séance de travail avec Y": an act
                 * of the same subject with a counterpart of its own */
                plist_copy(parts, &subj[i - 1]);
            } else if (prev->form == 'v') {
                /* "a reçu X à l'occasion de sa visite": a complement of the
                 * act before, about the person just named */
                if (!objects.n) nearest_before(x, t->s, cs, excluded, ss, parts);
            } else if (!objects.n || t->form == 'v' || counter.n) {
                /* "En marge de cette conférence, X a eu un entretien avec
                 * Y", "À la veille du sommet, X a rencontré Y": the subject
                 * stands between the two ("une entrevue avec X, dans le
                 * cadre de la visite du président Y": a visit with no
                 * counterpart after "avec" is Y's alone) */
                persons_in(x, prev->e, t->s, excluded, ss, parts);
                /* "Après la cérémonie, les deux ministres ont eu des
                 * entretiens" */
                unnamed_subject(x, prev->e, t, *last_subject, pr, parts);
                /* "X et Y ont supervisé, à l'issue de leur entretien, la
                 * signature de documents": the subject of the act before */
                if (!parts->n) plist_copy(parts, &subj[i - 1]);
            }
            plist_copy(&subj[i], parts); /* its subject, for a verb after it */
            /* "avant la visite au Vietnam du Premier ministre X": a visit
             * named with its visitor is the visitor's alone */
            if (t->form == 'n' && type_is(t->type, "visit") && objects.n && visitor_after(x, t->e, obj_end))
                parts->n = 0;
            for (size_t k = 0; k < objects.n; k++) plist_add(parts, objects.p[k]);
        }
        if (t->form == 'g') plist_copy(&subj[i], parts);
        /* the chairs go to the act nearest their phrase */
        plist mine; /* only .n is read before it is set */
        mine.n = 0;
        if (chairs.n) {
            size_t best = 0;
            for (size_t j = 1; j < nt; j++) {
                size_t dj = tr[j].s > chair_at ? tr[j].s - chair_at : chair_at - tr[j].s;
                size_t db = tr[best].s > chair_at ? tr[best].s - chair_at : chair_at - tr[best].s;
                if (dj < db) best = j;
            }
            if (best == i) plist_copy(&mine, &chairs);
        }
        /* date */
        /* a date before an earlier act of the clause is that act's, and so
         * is one written right after it ("la rencontre du 11 décembre") */
        size_t low = cs;
        if (prev) {
            low = prev->e;
            size_t pa = vl_ex_anchor_from(x, prev->e);
            if (pa < x->nanchors && x->anchors[pa].s < t->s && x->anchors[pa].s - prev->e <= 3) {
                size_t q;
                for (q = prev->e; q < x->anchors[pa].s && !vl_ex_punct(x, q, ','); q++) {}
                if (q == x->anchors[pa].s) low = x->anchors[pa].e;
            }
        }
        const vl_anchor *a = clause_anchor(x, low, ce, t, i + 1 < nt ? tr[i + 1].s : SIZE_MAX);
        const char *date = NULL;
        if (a && strlen(a->value) == 4) {
            /* "signé en 2011": an act of a past year is background (in an
             * undated dispatch, a year before the latest it writes) */
            if (x->doc_date ? strncmp(a->value, x->doc_date, 4) < 0
                            : year_of(a->value) < x->latest_year)
                continue;
        } else if (a) {
            date = a->value;
        } else if (prev && (date = verb_date(tr, tdate, i, cs)) != NULL) {
            /* "a rencontré les 7 et 8 juillet X, a eu une séance de travail
             * avec Y et a reçu Z": the acts of one subject share the date
             * written for the first */
        } else if (refers && out->nevents) {
            /* "le même jour": the day of the last act told but a visit,
             * which spans days; "à cette occasion" after a visit: some day
             * of it */
            for (size_t q = out->nevents; q-- > 0 && q + BACK >= out->nevents;) {
                if (!out->events[q].nparticipants) continue;
                if (!spans_days(out->events[q].type)) {
                    date = out->events[q].date;
                    break;
                }
                if (occasion) break; /* some day of the visit */
            }
        } else if (refers) {
            size_t ai = vl_ex_anchor_from(x, ss);
            if (ai > 0 && ss > 0 && x->tk.t[x->anchors[ai - 1].s].sent == x->tk.t[ss - 1].sent &&
                strlen(x->anchors[ai - 1].value) > 4)
                date = x->anchors[ai - 1].value;
        }
        tdate[i] = date;
        /* "se rendra en Inde pour une visite officielle": an indefinite noun
         * names the act of the verb before it in the clause, when both are
         * of a type ("dans le cadre de sa visite" names a larger one); a
         * date written right after the noun is the act's ("a quitté Hanoï
         * le 14 pour des visites du 15 au 20 avril") */
        if (t->form == 'n' && t->s > ss && vl_ex_is_any(x, t->s - 1, "une un des") &&
            (jv = verb_before(tr, i, cs)) != SIZE_MAX && same_type(tr[jv].type, t->type) &&
            !objects.n && out->nevents &&
            out->events[out->nevents - 1].span.s == x->tk.t[tr[jv].s].s) {
            if (a && a->s >= t->e && a->s <= t->e + 15 && strlen(a->value) > 4)
                out->events[out->nevents - 1].date = a->value;
            continue;
        }
        int article = t->form == 'n' && t->s > ss && vl_ex_is_any(x, t->s - 1, DEFINITE);
        /* "lors de la conférence, X a présenté ses orientations pour 2023":
         * a year is not the act's own date */
        int definite = article && (!a || strlen(a->value) == 4);
        const vl_xtok *last = &x->tk.t[t->e - 1];
        int generic = t->form == 'n' && !t->part && t->s > ss && vl_ex_is_any(x, t->s - 1, "aux des les de") &&
                      (last->fold[last->flen - 1] == 's' || last->fold[last->flen - 1] == 'x');
        /* "a reçu cinq ans de prison", "a reçu la médaille": a thing
         * received, not a guest; "a signé la décision": a paper signed
         * alone, not an agreement */
        if (t->form == 'v' && (type_is(t->type, "reception") || type_is(t->type, "signing")) &&
            thing_after(x, t->e, se))
            continue;
        /* "a invité X à effectuer une visite": an act proposed, not told */
        if (invited_before(&rl, cs, t->s)) continue;
        /* "il avait rencontré X": an act before the story, background */
        if (past_perfect(x, cs, t->s)) continue;
        /* the date written for the act; the lead's day is only assumed, so
         * it does not keep the act apart from one told with another date */
        const char *written = date;
        int in_lead = !refers && !during;
        if (!date && !definite && in_lead) date = lead_day(x, cs, t);
        /* "a rencontré X, Y et Z": one meeting with each, as a list of
         * counterparts reports several acts */
        int split = (type_is(t->type, "talks") || type_is(t->type, "meeting")) && !mine.n &&
                    subj[i].n >= 1 && objects.n >= 2 && !group_before(x, t->e, se);
        size_t nsplit = split ? objects.n : 1;
        for (size_t o = 0; o < nsplit; o++) {
            plist one;
            const plist *use = parts;
            const char *when = date;
            if (split) {
                plist_copy(&one, &subj[i]);
                plist_add(&one, objects.p[o]);
                use = &one;
            }
            /* "la visite à Manille du ministre X": a visit names its
             * visitor after it, as talks name their counterpart */
            int visit_noun = t->form == 'n' && type_is(t->type, "visit");
            vl_event *ev = same_act(x, t, definite, written, use, visit_noun ? &objects : &counter);
            /* "Les photos de la visite ont circulé dès le 19 juin":
             * the act told before, named with nobody and a date it had not */
            if (!ev && article && !use->n)
                for (size_t q = out->nevents; q-- > 0 && q + BACK >= out->nevents;)
                    if (same_type(out->events[q].type, t->type)) {
                        if (!out->events[q].date && out->events[q].nparticipants)
                            ev = &out->events[q];
                        break;
                    }
            if (ev) {
                if (!ev->date) ev->date = when;
                join(x, ev, use, &mine);
                if (joined == SIZE_MAX) joined = (size_t)(ev - out->events);
                continue;
            }
            /* "participer aux réunions du conseil", "les visites de haut
             * niveau": acts in general, with no date and no counterpart */
            if (generic && !a && !counter.n && !clause_anchor(x, low, ce, t, SIZE_MAX)) continue;
            /* "a suggéré ... la signature de documents", "a appelé à
             * organiser un forum": an act asked for, not told */
            if ((any & 1u << VL_G_VERB) && asked_before(x, ss, t->s)) continue;
            /* an act with nobody named yet is kept out of sight: "X a présidé
             * la session" may name its chair later (removed at the end if not) */
            /* "Lors de sa rencontre avec X": another act, at the date of the
             * one it is part of */
            int inherited = 0;
            if (definite && !when)
                for (size_t q = out->nevents; q-- > 0 && q + BACK >= out->nevents;)
                    if (same_type(out->events[q].type, t->type)) {
                        when = out->events[q].date;
                        inherited = 1;
                        break;
                    }
            /* "La cérémonie d'adieu s'est déroulée": an act of the lead named
             * with the article, with no act of its kind before, takes the
             * lead's day too ("ces entretiens" point to acts told elsewhere);
             * a visit spans days ("dans le cadre de la visite de X") */
            if (definite && !inherited && !when && in_lead && vl_ex_is_any(x, t->s - 1, "la le l l'"))
                when = lead_day(x, cs, t);
            const char *place = place_in(x, x->tk.t[cs].s, x->tk.t[ce - 1].e, dl);
            ev = new_event(x, t, when, place, ss, se);
            join(x, ev, use, &mine);
            for (size_t k = 0; k < ev->nparticipants; k++) pair_push(pr, ev->participants[k]);
            for (size_t k = ss; excluded && k < se; k++) /* the inviter is the other of the two */
                if (excluded[k - ss] && person(x, k) >= 0) pair_push(pr, (size_t)person(x, k));
            if (first_new == SIZE_MAX) first_new = out->nevents - 1;
        }
    }
    /* "X et Y ont signé un accord à l'issue de leur entretien": the acts
     * of a sentence that refers to an act told before share its day (a
     * visit spans days: "durant sa visite, X a rencontré Y") */
    if (joined != SIZE_MAX && out->events[joined].date &&
        !spans_days(out->events[joined].type))
        for (size_t e = first_new; e < out->nevents; e++)
            if (!out->events[e].date) out->events[e].date = out->events[joined].date;
members:
    /* (a sentence naming no one has no members to add) */
    if (rl.n && x->named[x->tk.t[ss].sent])
        delegation(x, &rl, ss, se, excluded, first_new != SIZE_MAX ? first_new : joined);
    /* the person in subject position, for "il" in the sentences after: the
     * speaker of the sentence's first statement ("..., a déclaré le
     * ministre X"), else the first person before any verb */
    for (; *next_quote < out->nquotes; (*next_quote)++) {
        const vl_quote *q = &out->quotes[*next_quote];
        if (q->verb_span.s >= x->tk.t[se - 1].e) break;
        if (q->verb_span.s >= x->tk.t[ss].s) {
            *last_subject = q->speaker;
            /* who speaks in the account of a meeting spoke at it */
            int told = joined != SIZE_MAX;
            for (size_t e = first_new; !told && e < out->nevents; e++)
                told = out->events[e].nparticipants > 0;
            /* "S'exprimant devant la presse lors d'un forum, X a dit":
             * the subject of an opening participle took part in the act it
             * names */
            const vl_xtok *w = &x->tk.t[ss + (se > ss + 1 && vl_ex_is_any(x, ss, "s s' se"))];
            if (first_new != SIZE_MAX && !out->events[first_new].nparticipants &&
                w->flen > 4 && !strcmp(w->fold + w->flen - 3, "ant") && !dead(x, q->speaker)) {
                plist sp, none; /* only .n is read before it is set */
                sp.n = none.n = 0;
                plist_add(&sp, q->speaker);
                join(x, &out->events[first_new], &sp, &none);
            }
            /* "Intervenant à ces réunions, le responsable a
             * souligné": the act the sentence names, with nobody in it yet */
            if (told && joined != SIZE_MAX && !out->events[joined].nparticipants &&
                spoken_at(out->events[joined].type) && !dead(x, q->speaker)) {
                plist sp, none; /* only .n is read before it is set */
                sp.n = none.n = 0;
                plist_add(&sp, q->speaker);
                join(x, &out->events[joined], &sp, &none);
            } else if (!told && (first_new == SIZE_MAX || spoken_at(out->events[first_new].type))) {
                /* (not "Il s'agit de la première visite ..., a déclaré X":
                 * the sentence tells of another act) */
                vl_event *ev = NULL;
                for (size_t i = out->nevents; i-- > 0 && i + BACK >= out->nevents && !ev;)
                    if (out->events[i].nparticipants) ev = &out->events[i];
                if (ev && spoken_at(ev->type) && !dead(x, q->speaker)) {
                    plist sp, none; /* only .n is read before it is set */
                    sp.n = none.n = 0;
                    plist_add(&sp, q->speaker);
                    join(x, ev, &sp, &none);
                }
            }
            (*next_quote)++;
            goto skip;
        }
    }
    for (size_t k = ss; k < se && k < ss + WINDOW && x->named[x->tk.t[ss].sent]; k++) {
        if (vl_ex_gaz(x, k, VL_G_VERB, NULL) || vl_ex_gaz(x, k, VL_G_EVENT, NULL)) break;
        long p = x->person_at[k] ? person(x, k) : -1;
        if (p >= 0 && !excl(excluded, k - ss)) {
            *last_subject = (size_t)p;
            break;
        }
    }
skip:
    while (*next_quote < out->nquotes && out->quotes[*next_quote].verb_span.s < x->tk.t[se - 1].e)
        (*next_quote)++;
}

/* The date the lead paragraph gives (the first date of the first
 * paragraph), or NULL: the day of the news most acts of the dispatch
 * belong to ("a déclaré le 6 juillet ... Lors d'un entretien avec X"). */
static const char *lead_date(vl_ex *x)
{
    size_t first = SIZE_MAX;
    for (size_t b = 0; b < x->st->nblocks && first == SIZE_MAX; b++)
        if (x->st->blocks[b].kind == VL_BLOCK_PARAGRAPH) first = b;
    x->lead_block = first;
    for (size_t i = 0; i < x->nanchors; i++) {
        const vl_anchor *a = &x->anchors[i];
        if (x->tk.t[a->s].block > first) break;
        /* a date of history ("établies le 2 février 1950") is no news; in
         * an undated dispatch, one of a year before the latest it writes */
        if (x->tk.t[a->s].block == first && strlen(a->value) >= 7 &&
            (x->doc_date ? strncmp(a->value, x->doc_date, 7) >= 0
                         : a->value[0] == 'X' || year_of(a->value) >= x->latest_year))
            return a->value;
    }
    return NULL;
}

void vl_ex_events(vl_ex *x)
{
    const char *dl = dateline_place(x);
    size_t last_subject = SIZE_MAX, next_quote = 0, mk = 0;
    pair pr = {{SIZE_MAX, SIZE_MAX}};
    x->dead = vl_arena_alloc(x->arena, x->out->npersons + 1);
    memset(x->dead, 0, x->out->npersons + 1);
    for (size_t i = 0; i < x->nanchors; i++)
        if (year_of(x->anchors[i].value) > x->latest_year)
            x->latest_year = year_of(x->anchors[i].value);
    x->lead_date = lead_date(x);
    /* the sentences that name a person: those of the persons' mentions
     * (every token persons.c gives a person is in one) */
    x->named = vl_arena_alloc(x->arena, x->tk.nsent + 1);
    memset(x->named, 0, x->tk.nsent + 1);
    for (size_t p = 0; p < x->out->npersons; p++)
        for (size_t m = 0; m < x->out->persons[p].nmentions; m++) {
            const vl_span *sp = &x->out->persons[p].mentions[m];
            for (size_t k = token_at(x, sp->s), e = token_at(x, sp->e); k < e && k < x->tk.n; k++)
                x->named[x->tk.t[k].sent] = 1;
        }
    for (size_t s = 0; s < x->tk.nsent; s++) {
        size_t i = x->tk.first[s], j = x->tk.first[s + 1], m = mk;
        if (i == j) continue;
        while (m < x->nmarked && x->marked[m] < j) m++; /* the sentence's: [mk, m) */
        vl_block_kind k = x->st->blocks[x->tk.t[i].block].kind;
        if (k == VL_BLOCK_PARAGRAPH || k == VL_BLOCK_TITLE || k == VL_BLOCK_HEADING ||
            k == VL_BLOCK_CAPTION)
            sentence(x, i, j, x->scats[s], x->marked ? x->marked + mk : NULL, m - mk, dl,
                     &last_subject, &next_quote, &pr);
        mk = m;
    }
    /* no event without a named person */
    vl_extraction *out = x->out;
    size_t keep = 0;
    for (size_t i = 0; i < out->nevents; i++)
        if (out->events[i].nparticipants) out->events[keep++] = out->events[i];
    out->nevents = keep;
}
