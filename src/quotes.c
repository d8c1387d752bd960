/*
 * quotes.c — reported statements (extract stage).
 *
 * A reporting verb (data/reporting_verbs.tsv) with its auxiliary ("a
 * déclaré", "ont convenu", "a-t-il souligné", "s'est dit convaincu", "se
 * sont engagés"), a present participle ("soulignant") or "selon", and its
 * speaker: the person named before it in the sentence (the subject), or
 * after it (inversion: "a déclaré le ministre X"; "selon X"); a subject
 * pronoun ("il a ajouté", "a-t-il indiqué") or a title alone takes the
 * last person who spoke or was the subject. A plural verb ("ont convenu")
 * gives one statement per person of the sentence, or of the sentence
 * before when its subject is "les deux ministres". The content is the
 * "que ..." clause, the quoted text before the verb, or the sentence.
 */
#include <stdlib.h>
#include <string.h>

#include "extractors.h"

#include <stdio.h>

/* "les deux pays ont convenu": nations, not persons */
#define COUNTRIES "pays nations etats gouvernements peuples economies"

/* Adverbs that stand between an auxiliary and its participle. */
#define ADVERBS "egalement aussi encore enfin notamment deja vivement hautement pleinement " \
                "toujours souvent clairement fermement ensuite"

/* Adverbial phrases that do the same ("a pour sa part salué", "se sont en
 * outre engagées"), as folded tokens, the last first. */
static const char *const ADVERB_PHRASES[][3] = {
    {"outre", "en", NULL},    {"ailleurs", "par", NULL}, {"part", "sa", "pour"},
    {"part", "leur", "pour"}, {"cote", "son", "de"},     {"cote", "leur", "de"},
    {"lui", "a", "quant"},    {"elle", "a", "quant"},    {"eux", "a", "quant"},
    {"elles", "a", "quant"},
};

/* The start of the adverbs and adverbial phrases that end at k (k itself
 * when none). */
static size_t skip_adverbs(const vl_ex *x, size_t k)
{
    for (;;) {
        if (k > 0 && vl_ex_is_any(x, k - 1, ADVERBS)) {
            k--;
            continue;
        }
        size_t found = 0;
        for (size_t p = 0; p < sizeof ADVERB_PHRASES / sizeof ADVERB_PHRASES[0] && !found; p++) {
            size_t n = ADVERB_PHRASES[p][2] ? 3 : 2;
            if (k < n) continue;
            size_t j = 0;
            while (j < n && vl_ex_is_any(x, k - 1 - j, ADVERB_PHRASES[p][j])) j++;
            if (j == n) found = n;
        }
        if (!found) return k;
        k -= found;
    }
}

/* The person named at token k, or -1. */
static long person(const vl_ex *x, size_t k)
{
    return k < x->tk.n && x->person_at[k] ? (long)x->person_at[k] - 1 : -1;
}

/* The verb as written, auxiliary included, without the adverbs between
 * them: "a également demandé" -> "a demandé"; "a apprécié et salué" stays
 * whole. */
static const char *verb_text(const vl_ex *x, size_t vs, size_t vi, size_t ve)
{
    size_t k = skip_adverbs(x, vi);
    if (k < vs) k = vs;
    if (k == vi) return vl_ex_text(x, vs, ve);
    const char *a = vl_ex_text(x, vs, k), *b = vl_ex_text(x, vi, ve);
    size_t n = strlen(a) + strlen(b) + 2;
    char *out = vl_arena_alloc(x->arena, n);
    snprintf(out, n, "%s %s", a, b);
    return out;
}

static void add_quote(vl_ex *x, long who, size_t vs, size_t vi, size_t ve, size_t cs,
                      size_t ce)
{
    vl_extraction *out = x->out;
    out->quotes = vl_arena_push(x->arena, out->quotes, &out->nquotes, &out->cquotes,
                             sizeof *out->quotes);
    vl_quote *q = &out->quotes[out->nquotes - 1];
    q->speaker = (size_t)who;
    q->verb = verb_text(x, vs, vi, ve);
    /* "Selon X" opening a sentence is the verb "selon" */
    if ((x->tk.t[vs].flags & VL_XT_UPPER) && q->verb[0] >= 'A' && q->verb[0] <= 'Z') {
        char *lower = vl_arena_strndup(x->arena, q->verb, strlen(q->verb));
        lower[0] = (char)(lower[0] + 32);
        q->verb = lower;
    }
    q->verb_span.s = x->tk.t[vs].s;
    q->verb_span.e = x->tk.t[ve - 1].e;
    if (ce <= cs) {
        cs = vs;
        ce = ve;
    }
    q->content.s = x->tk.t[cs].s;
    q->content.e = x->tk.t[ce - 1].e;
}

/* Auxiliary before the verb at v: returns its start, sets *plural and
 * *inverted ("a-t-il"). */
static size_t auxiliary(const vl_ex *x, size_t v, int *plural, int *pronoun)
{
    *plural = 0;
    *pronoun = 0;
    /* adverbs between: "a également souligné", "a par ailleurs" */
    size_t k = skip_adverbs(x, v);
    /* "a-t-il", "ont-ils", "a-t-elle" */
    if (k >= 3 && vl_ex_is_any(x, k - 1, "il elle ils elles") &&
        vl_ex_is_any(x, k - 2, "t") && vl_ex_is_any(x, k - 3, "a")) {
        *pronoun = 1;
        return k - 3;
    }
    if (k >= 2 && vl_ex_is_any(x, k - 1, "ils elles") && vl_ex_is_any(x, k - 2, "ont")) {
        *pronoun = 1;
        *plural = 1;
        return k - 2;
    }
    if (k >= 1 && vl_ex_is_any(x, k - 1, "a") && x->tk.t[k - 1].e - x->tk.t[k - 1].s == 1) {
        /* "Il a réitéré", "Il l'a encouragé", "Il lui a proposé": the
         * subject is the pronoun */
        if (k >= 2 && vl_ex_is_any(x, k - 2, "il elle")) *pronoun = 1;
        if (k >= 3 && vl_ex_is_any(x, k - 2, "l lui leur les nous vous") &&
            vl_ex_is_any(x, k - 3, "il elle"))
            *pronoun = 1;
        return k - 1; /* "a", not "à" */
    }
    if (k >= 1 && vl_ex_is_any(x, k - 1, "ont")) {
        *plural = 1;
        if (k >= 2 && vl_ex_is_any(x, k - 2, "ils elles")) *pronoun = 1;
        return k - 1;
    }
    /* "s'est dit convaincu", "se sont engagés"; "Il s'est déclaré
     * convaincu": the subject is the pronoun */
    if (k >= 2 && vl_ex_is_any(x, k - 1, "est") && vl_ex_is_any(x, k - 2, "s")) {
        if (k >= 3 && vl_ex_is_any(x, k - 3, "il elle")) *pronoun = 1;
        return k - 2;
    }
    if (k >= 2 && vl_ex_is_any(x, k - 1, "sont") && vl_ex_is_any(x, k - 2, "se")) {
        *plural = 1;
        if (k >= 3 && vl_ex_is_any(x, k - 3, "ils elles")) *pronoun = 1;
        return k - 2;
    }
    return v; /* none */
}

/* Whether "deux" at k counts persons rather than introduces one ("deux
 * ministres" vs "deux de ses vice-ministres, X et Y"): no person named in
 * the next three tokens. */
static int person_at_or_after(const vl_ex *x, size_t k)
{
    for (size_t q = k; q < k + 4 && q < x->tk.n; q++)
        if (x->person_at[q]) return 1;
    return 0;
}

/* Whether tokens [a, b) hold words that stand for persons: "deux" (not
 * before a name), a plural pronoun, a title or a word for persons ("les
 * ministres", "les dirigeants"). */
static int stands_for_persons(const vl_ex *x, size_t a, size_t b)
{
    for (size_t k = a; k < b; k++) {
        if (x->cats[k] & (1u << VL_G_TITLE | 1u << VL_G_PERSONNOUN)) return 1;
        if (vl_ex_is_any(x, k, "ils elles")) return 1;
        /* "les parties vietnamienne et chilienne": the sides of talks */
        if (vl_ex_is_any(x, k, "parties") && k > a && vl_ex_is_any(x, k - 1, "les deux")) return 1;
        if (vl_ex_is_any(x, k, "deux") && !person_at_or_after(x, k) &&
            !vl_ex_is_any(x, k + 1, COUNTRIES))
            return 1;
    }
    return 0;
}

/* Where the persons holding a title with a given head are named: token
 * positions, ascending. Found once per head and document, so that a text
 * of 100,000 "le ministre a déclaré" stays linear. */
typedef struct head_at {
    const char *head;
    uint32_t *pos;
    size_t n;
} head_at;

typedef struct heads {
    head_at *h;
    size_t n, cap;
} heads;

static const head_at *head_positions(const vl_ex *x, heads *hs, const char *head)
{
    for (size_t i = 0; i < hs->n; i++)
        if (!strcmp(hs->h[i].head, head)) return &hs->h[i];
    head_at a = {head, NULL, 0};
    size_t cap = 0;
    for (size_t q = 0; q < x->tk.n; q++) {
        long p = person(x, q);
        if (p < 0) continue;
        const vl_person *pp = &x->out->persons[p];
        for (size_t t = 0; t < pp->ntitles; t++)
            if (pp->titles[t].head && !strcmp(pp->titles[t].head, head)) {
                a.pos = vl_grow(a.pos, &cap, a.n + 1, sizeof *a.pos);
                a.pos[a.n++] = (uint32_t)q;
                break;
            }
    }
    hs->h = vl_grow(hs->h, &hs->cap, hs->n + 1, sizeof *hs->h);
    hs->h[hs->n] = a;
    return &hs->h[hs->n++];
}

/* The nationality (ISO code) written within a few tokens after k ("le
 * ministre estonien", "le ministre des Affaires étrangères estonien"), or
 * NULL. */
static const char *nationality_near(const vl_ex *x, size_t k, size_t reach)
{
    const vl_gentry *e;
    for (size_t q = k; q < x->tk.n && q < k + reach; q++)
        if ((x->cats[q] & 1u << VL_G_NATIONALITY) && vl_ex_gaz(x, q, VL_G_NATIONALITY, &e))
            return e->a;
    return NULL;
}

/* The nationality the title chain around the name at token at holds (the
 * tokens titles own, before and after it): "le ministre uruguayen des
 * Affaires étrangères, X", "X, ministre uruguayen ..."; NULL if none. */
static const char *chain_nationality(const vl_ex *x, size_t at)
{
    size_t from = at, to = at;
    while (from > 0 && at - from < 12 &&
           (x->owner[from - 1] == VL_OWN_TITLE || vl_ex_punct(x, from - 1, ',')))
        from--;
    while (to < x->tk.n && x->owner[to] == VL_OWN_PERSON) to++;
    while (to < x->tk.n && to - at < 16 && (x->owner[to] == VL_OWN_TITLE || vl_ex_punct(x, to, ',')))
        to++;
    return nationality_near(x, from, to - from);
}

/* The person a title at k stands for ("Le ministre a rappelé", "a
 * déclaré le ministre estonien"): of the persons of the document holding
 * a title with that head, the one named last before `before`; with a
 * nationality after the head, the last one whose mention has it near. -1
 * if none. */
static long described(const vl_ex *x, heads *hs, size_t k, size_t h, size_t before)
{
    const head_at *a = head_positions(x, hs, vl_ex_key(x, k, k + h));
    const char *nat = nationality_near(x, k + h, 4);
    /* the positions before `before` */
    size_t lo = 0, hi = a->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->pos[mid] < before)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!nat) return lo ? person(x, a->pos[lo - 1]) : -1;
    for (size_t i = lo; i-- > 0;) {
        const char *near = chain_nationality(x, a->pos[i]);
        if (near && !strcmp(near, nat)) return person(x, a->pos[i]);
    }
    return -1;
}

/* Past at most two articles from k, before end. */
static size_t skip_articles(const vl_ex *x, size_t k, size_t end)
{
    size_t from = k;
    while (k < end && k < from + 2 && vl_ex_is_any(x, k, "le la l les")) k++;
    return k;
}

/* The first person named from `from` on, before `end` and within `reach`
 * tokens, not past another reporting verb: an inverted subject ("a
 * déclaré le ministre X"), not the speaker of the next statement ("Le
 * gouvernement a décidé d'ouvrir ..., a indiqué X"). -1 if none. */
static long person_after(const vl_ex *x, size_t from, size_t end, size_t reach)
{
    for (size_t k = from; k < end && k < from + reach; k++) {
        if ((x->cats[k] & 1u << VL_G_VERB) && vl_ex_gaz(x, k, VL_G_VERB, NULL)) return -1;
        long p = person(x, k);
        if (p >= 0) return p;
    }
    return -1;
}

/* Adds person p to the speakers seen (at most 8), once. */
static void add_seen(long *seen, size_t *ns, long p)
{
    for (size_t q = 0; q < *ns; q++)
        if (seen[q] == p) return;
    if (*ns < 8) seen[(*ns)++] = p;
}

/* Whether the verb ending at ve is followed by its subject: a person, a
 * title, a rank, an honorific or a word for a person, after an article
 * ("a déclaré le ministre", "a affirmé M. X"), not its object ("a estimé
 * que", "a présenté le 3 mai"). */
static int subject_follows(const vl_ex *x, size_t ve)
{
    size_t k = skip_articles(x, ve, x->tk.n);
    if (k >= x->tk.n) return 0;
    const uint32_t subject = 1u << VL_G_TITLE | 1u << VL_G_PERSONNOUN | 1u << VL_G_RANK |
                             1u << VL_G_HONORIFIC | 1u << VL_G_MODIFIER;
    return person(x, k) >= 0 || (x->cats[k] & subject) != 0;
}

/* Each person's nationality by their title chains, and where it is first
 * written (filled once per document, when "la partie X" first asks). */
typedef struct nat_cache {
    const char **nat; /* per person, or NULL */
    size_t *at;       /* per person: the token of that mention */
} nat_cache;

/* The persons of nationality nat (ISO2) named before `before`: those
 * whose title chain holds it ("le ministre uruguayen des Affaires
 * étrangères, X"), in seen (at most 8) -- "la partie uruguayenne a
 * considéré". */
static size_t of_nationality(const vl_ex *x, nat_cache *c, const char *nat, size_t before,
                             long *seen)
{
    size_t np = x->out->npersons, ns = 0;
    if (!c->nat) {
        c->nat = vl_arena_alloc(x->arena, (np + 1) * sizeof *c->nat);
        c->at = vl_arena_alloc(x->arena, (np + 1) * sizeof *c->at);
        memset(c->nat, 0, (np + 1) * sizeof *c->nat);
        for (size_t at = 0; at < x->tk.n; at++) {
            long p = person(x, at);
            if (p < 0 || (size_t)p >= np || c->nat[p] || (at > 0 && person(x, at - 1) == p))
                continue;
            if ((c->nat[p] = chain_nationality(x, at)) != NULL) c->at[p] = at;
        }
    }
    for (size_t p = 0; p < np && ns < 8; p++)
        if (c->nat[p] && c->at[p] < before && !strcmp(c->nat[p], nat)) add_seen(seen, &ns, (long)p);
    return ns;
}

/* Whether the verb at k is written ending in ASCII c: 'r' an infinitive
 * ("appeler"), 'e' a present tense ("appelle", "appellent" too), not a
 * participle ("appelé"). */
static int verb_ending(const vl_ex *x, size_t k, char c)
{
    const vl_xtok *t = &x->tk.t[k];
    const char *v = x->view->text;
    size_t e = t->e;
    if (c == 'e' && e - t->s > 3 && !memcmp(v + e - 3, "ent", 3)) return 1;
    return e > t->s && v[e - 1] == c;
}

/* A title standing for a person before the verb: the first title of
 * [ss, vs) (described()); -1 if none. */
static long titled(const vl_ex *x, heads *hs, size_t ss, size_t vs)
{
    for (size_t k = ss; k < vs; k++) {
        size_t h = vl_ex_gaz(x, k, VL_G_TITLE, NULL);
        if (h) return described(x, hs, k, h, k);
    }
    return -1;
}

void vl_ex_quotes(vl_ex *x)
{
    size_t n = x->tk.n;
    long last = -1;        /* the last speaker or subject */
    uint32_t last_sent = (uint32_t)-1; /* the sentence of the last statement */
    int last_plural = 0; /* the last statement was the group's */
    nat_cache natc = {NULL, NULL};
    long named = -1, named_before = -1; /* the last person named; before this sentence */
    heads hs = {NULL, 0, 0};
    long first_here = -1;  /* the first person of the current sentence */
    long group[8];         /* the speakers of the last plural statement */
    size_t ngroup = 0;
    uint32_t group_sent = 0; /* its sentence */
    uint32_t cur = (uint32_t)-1;
    /* reporting verbs of the current sentence: a statement's content is its
     * sentence, so past a few of them (no real sentence holds more) the
     * record would grow as the square of the sentence */
    size_t verbs_here = 0;
    enum { MAX_VERBS_PER_SENTENCE = 16 };
    size_t next_sentence = 0; /* where the sentence after cur starts */
    for (size_t i = 0; i < n; i++) {
        if (i >= next_sentence) { /* a token's sentence read only here */
            if (first_here >= 0) last = first_here;
            first_here = -1;
            cur = x->tk.t[i].sent;
            next_sentence = x->tk.first[cur + 1];
            named_before = named;
            verbs_here = 0;
        }
        long here = person(x, i);
        if (here >= 0 && first_here < 0) first_here = here;
        if (here >= 0) named = here;
        const vl_gentry *e;
        size_t vl = vl_ex_gaz(x, i, VL_G_VERB, &e);
        if (!vl || ++verbs_here > MAX_VERBS_PER_SENTENCE) continue;
        int prep = !strcmp(e->a, "prep");
        int participle = x->tk.t[i].flen > 4 &&
                         !strcmp(x->tk.t[i].fold + x->tk.t[i].flen - 3, "ant");
        /* a participle reports after a comma: ", soulignant que" */
        if (participle && !(i > 0 && (vl_ex_punct(x, i - 1, ',') || vl_ex_is_any(x, i - 1, "en"))))
            continue;
        int plural = 0, pronoun = 0;
        size_t vs = i;
        /* a verb with a sense other than speech (data/reporting_verbs.tsv):
         * "assurant la défense", "pour discuter de" */
        int need_que = e->b && !strcmp(e->b, "que"), past_only = e->b && !strcmp(e->b, "past");
        if (need_que && !vl_ex_is_any(x, i + vl, "que qu") && !vl_ex_punct(x, i + vl, ':')) continue;
        if (past_only && participle) continue;
        int speech = !strcmp(e->a, "say") || !strcmp(e->a, "ask");
        /* "a félicité X et souhaité ...": a participle after "et" shares
         * the auxiliary of the sentence's statement before it (not "a
         * reconnu et salué", one act of another verb) */
        if (!prep && !participle && !need_que && !past_only && i > 2 &&
            vl_ex_is_any(x, i - 1, "et") && !vl_ex_is_any(x, i - 3, "a ont") && last >= 0 &&
            last_sent == x->tk.t[i].sent && !last_plural && !verb_ending(x, i, 'r') &&
            !verb_ending(x, i, 'e') && x->tk.t[i].fold[x->tk.t[i].flen - 1] != 't') {
            size_t se = x->tk.first[x->tk.t[i].sent + 1]; /* the sentence's end */
            size_t cs = vl_ex_is_any(x, i + vl, "que qu") ? i + vl : i;
            add_quote(x, last, i, i, i + vl, cs, se);
            continue;
        }
        /* "avant d'appeler", "pour réitérer", "après avoir déclaré": an
         * infinitive reports for the sentence's speaker */
        int infinitive = !prep && !participle && !past_only && verb_ending(x, i, 'r') &&
                         ((i >= 2 && vl_ex_is_any(x, i - 1, "d de") && vl_ex_is_any(x, i - 2, "avant")) ||
                          (i >= 1 && speech && vl_ex_is_any(x, i - 1, "pour")) ||
                          (i >= 2 && vl_ex_is_any(x, i - 1, "avoir") && vl_ex_is_any(x, i - 2, "apres")));
        /* "Le chef du Parti appelle à ...": a headline's present tense */
        int present = 0;
        if (!prep && !participle && !infinitive) {
            vs = auxiliary(x, i, &plural, &pronoun);
            if (vs == i) {
                present = x->st->blocks[x->tk.t[i].block].kind == VL_BLOCK_TITLE && speech &&
                          !past_only && verb_ending(x, i, 'e') && i > 0 &&
                          !vl_ex_punct(x, i - 1, ',') && !vl_ex_is_any(x, i - 1, "s se");
                if (!present) continue; /* a bare participle is no report */
            }
        }
        size_t ve = i + vl;
        /* "a apprécié et salué": one reporting act */
        if (!prep && vl_ex_is_any(x, ve, "et") && vl_ex_gaz(x, ve + 1, VL_G_VERB, NULL))
            ve = ve + 1 + vl_ex_gaz(x, ve + 1, VL_G_VERB, NULL);
        uint32_t sent = x->tk.t[i].sent;
        size_t ss = x->tk.first[sent], se = x->tk.first[sent + 1];
        if (se < ve) se = ve; /* "a apprécié et salué" past a sentence's end */
        /* content: "que ..." after, else the sentence */
        size_t cs = ss, ce = se;
        if (vl_ex_is_any(x, ve, "que qu")) cs = ve;

        long who = -1;
        /* "Ce dernier a affirmé": the person named last */
        if (!prep && !participle && vs > ss && ss + 3 >= vs &&
            vl_ex_is_any(x, ss, "ce cette celui celle") &&
            vl_ex_is_any(x, ss + 1, "dernier derniere ci")) {
            who = named_before; /* "Ce dernier" opens the sentence */
            if (who >= 0) {
                add_quote(x, who, vs, i, ve, cs, ce);
                last = first_here = who;
            }
            continue;
        }
        /* "la partie uruguayenne a considéré": the persons of that country */
        const vl_gentry *nat;
        if (!prep && !participle && vs >= ss + 3 && vl_ex_is_any(x, vs - 3, "la") &&
            vl_ex_is_any(x, vs - 2, "partie delegation") &&
            vl_ex_gaz(x, vs - 1, VL_G_NATIONALITY, &nat)) {
            long seen[8];
            size_t ns = of_nationality(x, &natc, nat->a, ss, seen);
            for (size_t q = 0; q < ns; q++) add_quote(x, seen[q], vs, i, ve, cs, ce);
            continue;
        }
        if (prep) {
            /* "selon X", "selon le ministre X", "selon lui" (the last
             * speaker); not "selon le programme", "selon la Commission
             * ..., X a été invité": a thing or a body says it */
            if (vl_ex_is_any(x, skip_articles(x, ve, se), "lui elle"))
                who = last;
            else if (subject_follows(x, ve))
                who = person_after(x, ve, se, 24);
            if (who < 0) continue;
            add_quote(x, who, vs, i, ve, cs, ce);
            continue;
        }
        /* "les deux pays ont convenu": nations speak through no one */
        if (plural && vs > ss && vl_ex_is_any(x, vs - 1, COUNTRIES)) continue;
        if (plural) {
            /* every person named in the sentence before the verb */
            long seen[8];
            size_t ns = 0;
            for (size_t k = ss; k < vs && !pronoun; k++)
                if (person(x, k) >= 0) add_seen(seen, &ns, person(x, k));
            /* "les deux parties ont convenu" with one person found: the
             * other is the most named of the article */
            int two = 0;
            for (size_t k = ss; k + 1 < vs; k++)
                if ((vl_ex_is_any(x, k, "deux") && !person_at_or_after(x, k) &&
                     !vl_ex_is_any(x, k + 1, COUNTRIES)) ||
                    (vl_ex_is_any(x, k, "parties") && k > ss && vl_ex_is_any(x, k - 1, "les")) ||
                    (vl_ex_is_any(x, k, "hote") && vl_ex_is_any(x, k + 1, "et") &&
                     vl_ex_is_any(x, k + 2, "invite")) ||
                    (vl_ex_is_any(x, k, "tous toutes") && vl_ex_is_any(x, k + 1, "deux les")))
                    two = 1;
            /* a subject that stands for persons: a pronoun, "les deux
             * ...", a title or a word for persons ("les ministres", "les
             * dirigeants"), not "120 pays" */
            int persons_subject = pronoun || two || stands_for_persons(x, ss, vs);
            /* "Ces deux dirigeants se sont engagés ... Ils ont également
             * plaidé": a plural pronoun after a plural statement of the
             * last two sentences takes its speakers */
            if (ns == 0 && pronoun && ngroup && sent - group_sent <= 2)
                for (size_t q = 0; q < ngroup; q++) seen[ns++] = group[q];
            /* "Les deux ministres ont convenu", "Ils ont mentionné": the
             * persons of the sentence before, or of the one before it when
             * that one names nobody ("Les deux hommes ont décidé ... Ils
             * ont également mentionné") */
            size_t back = ss;
            size_t named_here = ns; /* named in the sentence itself */
            for (int round = 0; !named_here && ns < 2 && back > 0 && persons_subject && round < 2;
                 round++) {
                uint32_t prev = x->tk.t[back - 1].sent;
                size_t k = back;
                while (k > 0 && x->tk.t[k - 1].sent == prev) k--;
                for (size_t j = k; j < back; j++)
                    if (person(x, j) >= 0) add_seen(seen, &ns, person(x, j));
                /* past a sentence of persons only ("Les deux hommes ont
                 * décidé"), not of a body ("les autorités ont apprécié") */
                if (!stands_for_persons(x, k, back)) break;
                back = k;
            }
            /* "Les deux parties ont convenu" again, a few sentences on: the
             * same sides */
            if (!named_here && ns < 2 && persons_subject && !pronoun && ngroup >= 2 &&
                sent - group_sent <= 4) {
                ns = 0;
                for (size_t q = 0; q < ngroup; q++) seen[ns++] = group[q];
            }
            if (two && ns < 2) {
                for (int round = ns; round < 2 && ns < 8; round++) {
                    long best = -1;
                    size_t most = 0;
                    for (size_t p = 0; p < x->out->npersons; p++) {
                        size_t q;
                        for (q = 0; q < ns && seen[q] != (long)p; q++) {}
                        if (q < ns) continue;
                        if (x->out->persons[p].nmentions > most) {
                            most = x->out->persons[p].nmentions;
                            best = (long)p;
                        }
                    }
                    if (best >= 0) seen[ns++] = best;
                }
            }
            for (size_t q = 0; q < ns; q++) add_quote(x, seen[q], vs, i, ve, cs, ce);
            if (ns) {
                memcpy(group, seen, ns * sizeof *seen);
                ngroup = ns;
                group_sent = last_sent = sent;
                last_plural = 1;
            }
            continue;
        }
        /* "..., a déclaré le diplomate", "« ... », a affirmé le ministre
         * estonien": after the content, the subject follows the verb */
        int inverted = !pronoun && !participle && vs > ss &&
                       (vl_ex_punct(x, vs - 1, ',') || vl_ex_punct(x, vs - 1, '"')) &&
                       subject_follows(x, ve);
        if (inverted) {
            who = person_after(x, ve, se, 12);
            size_t k = skip_articles(x, ve, se), h;
            if (who < 0 && (h = vl_ex_gaz(x, k, VL_G_TITLE, NULL)) != 0)
                who = described(x, &hs, k, h, vs);
            else if (who < 0 && vl_ex_gaz(x, k, VL_G_PERSONNOUN, NULL))
                who = last;
        }
        if (who < 0 && !pronoun && !participle && !infinitive) {
            /* the subject: the nearest person before the verb; after ", et"
             * the verb shares the sentence's first subject ("X a reçu Y, et
             * a salué") */
            if (vs > ss && vl_ex_is_any(x, vs - 1, "et")) {
                for (size_t k = ss; k < vs; k++)
                    if ((who = person(x, k)) >= 0) break;
            }
            for (size_t k = vs; who < 0 && k-- > ss;)
                if ((who = person(x, k)) >= 0) break;
            /* inversion: "a déclaré le ministre X"; not past another
             * reporting verb ("Le gouvernement a décidé d'ouvrir ..., a
             * indiqué X": X spoke, the government decided) */
            if (who < 0) who = person_after(x, ve, se, 12);
            /* a title alone: "Le vice-ministre a également demandé" */
            if (who < 0) who = titled(x, &hs, ss, vs);
        } else if (participle || infinitive) {
            /* ", affirmant": the subject of the sentence's statement ("X a
             * apprécié la visite de Y, ..., affirmant"), all of them after
             * a plural one ("X, Y et Z ont apprécié ..., tout en
             * estimant"), else the nearest person before */
            if (ngroup > 1 && group_sent == sent && last_sent == sent && last_plural) {
                for (size_t q = 0; q < ngroup; q++) add_quote(x, group[q], vs, i, ve, cs, ce);
                continue;
            }
            if (last >= 0 && last_sent == sent) who = last;
            for (size_t k = vs; who < 0 && k-- > ss;)
                if ((who = person(x, k)) >= 0) break;
        }
        /* a pronoun or a participle takes the last speaker; a body or a
         * thing as subject ("Le ministère a affirmé") is no person */
        if (who < 0 && !pronoun && !participle) {
            /* "Le responsable a déclaré": a noun standing for a person */
            for (size_t k = ss; k < vs && !pronoun; k++)
                pronoun = vl_ex_gaz(x, k, VL_G_PERSONNOUN, NULL) != 0;
        }
        if (who < 0 && (pronoun || participle || infinitive)) who = last;
        if (who < 0) continue;
        add_quote(x, who, vs, i, ve, cs, ce);
        last = who;
        last_sent = sent;
        last_plural = 0;
        first_here = who;
    }
    for (size_t i = 0; i < hs.n; i++) free(hs.h[i].pos);
    free(hs.h);
}
