/*
 * entities.c — organisations and places (extract stage).
 *
 * Places: countries and places of the lexicons, wherever they are written
 * (inside organisation names too: "Parti communiste du Vietnam" gives
 * Vietnam), except inside a person's name. One country is listed once, in
 * its first written form.
 * Organisations: known ones (with their acronyms), and a head of the
 * lexicon (ministère, Comité central, Commission, Parti ...) with its
 * adjectives and complement: "Commission centrale des relations
 * extérieures du Parti". Coordinated ministries are split: "les ministères
 * des Affaires étrangères, de la Sécurité publique et de la Défense" gives
 * three. An organisation nested inside a longer one is not listed unless it
 * also stands alone.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "extractors.h"
#include "fold.h"

/* The entity of key among n, or NULL. */
static vl_entity *find_entity(vl_entity *arr, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (arr[i].key[0] == key[0] && !strcmp(arr[i].key, key)) return &arr[i];
    return NULL;
}

static vl_entity *add_entity(vl_ex *x, vl_entity **arr, size_t *n, size_t *cap, const char *name,
                             const char *key)
{
    *arr = vl_arena_push(x->arena, *arr, n, cap, sizeof **arr);
    vl_entity *e = &(*arr)[*n - 1];
    e->name = name;
    e->key = key;
    return e;
}

static vl_entity *find_or_add(vl_ex *x, vl_entity **arr, size_t *n, size_t *cap,
                              const char *name, const char *key)
{
    vl_entity *e = find_entity(*arr, *n, key);
    return e ? e : add_entity(x, arr, n, cap, name, key);
}

/* The entity of key, or a new one named by the text of tokens [s, e),
 * with key copied into the arena when copy is set: most mentions name an
 * entity seen before, and need neither. */
static vl_entity *entity_of(vl_ex *x, vl_entity **arr, size_t *n, size_t *cap, const char *key,
                            int copy, size_t s, size_t e)
{
    vl_entity *en = find_entity(*arr, *n, key);
    return en ? en
              : add_entity(x, arr, n, cap, vl_ex_text(x, s, e),
                           copy ? vl_arena_strndup(x->arena, key, strlen(key)) : key);
}

static void mention(vl_ex *x, vl_entity *e, uint32_t s, uint32_t t)
{
    e->mentions = vl_arena_push(x->arena, e->mentions, &e->nmentions, &e->cmentions,
                             sizeof *e->mentions);
    e->mentions[e->nmentions - 1].s = s;
    e->mentions[e->nmentions - 1].e = t;
}

static void places(vl_ex *x)
{
    vl_extraction *out = x->out;
    for (size_t i = 0; i < x->tk.n; i++) {
        if (x->owner[i] == VL_OWN_PERSON || x->owner[i] == VL_OWN_PLACE) continue;
        const vl_gentry *c = NULL, *p = NULL;
        size_t nc = vl_ex_gaz(x, i, VL_G_COUNTRY, &c);
        size_t np = vl_ex_gaz(x, i, VL_G_PLACE, &p);
        size_t len = nc > np ? nc : np;
        if (!len) continue;
        /* places are names: written with a capital */
        if (!(x->tk.t[i].flags & VL_XT_UPPER)) continue;
        int is_country = nc >= np;
        const char *key = is_country ? c->a : vl_ex_key(x, i, i + len);
        vl_entity *e = entity_of(x, &out->places, &out->nplaces, &out->cplaces, key, is_country,
                                 i, i + len);
        e->country = is_country ? c->a : p->b;
        e->kind = is_country ? "country" : p->a;
        mention(x, e, x->tk.t[i].s, x->tk.t[i + len - 1].e);
        for (size_t q = i; q < i + len; q++)
            if (!x->owner[q]) x->owner[q] = VL_OWN_PLACE;
        i += len - 1;
    }
}

/* Heads that name a body even in lower case ("ministère des Affaires
 * étrangères"); others need a capital or a body after them ("secrétariat du
 * Comité central"). */
static int lower_head_ok(const vl_ex *x, size_t i, const vl_gentry *h, size_t end)
{
    if (!strcmp(h->a, "ministry")) return 1;
    /* "ambassade du Vietnam" (not "une mission au Laos") */
    size_t hl = h->ntok, p = vl_ex_prep(x, i + hl);
    if (h->b && !strcmp(h->b, "posted") && !strcmp(h->a, "state") && p &&
        vl_ex_is_any(x, i + hl, "de du des d") && vl_ex_gaz(x, i + hl + p, VL_G_COUNTRY, NULL))
        return 1;
    /* a state's body before its country's official style: "gouvernement de
     * la République socialiste du Vietnam" */
    if (!strcmp(h->a, "state") && p && vl_ex_is_any(x, i + hl, "de du des d") &&
        vl_ex_gaz(x, i + hl + p, VL_G_COUNTRY, NULL) >= 3)
        return 1;
    if (strcmp(h->a, "party") && strcmp(h->a, "state")) return 0;
    for (size_t q = i + 1; q < end; q++)
        if (vl_ex_gaz(x, q, VL_G_ORG, NULL) || vl_ex_gaz(x, q, VL_G_ORGHEAD, NULL))
            return (x->tk.t[q].flags & VL_XT_UPPER) != 0;
    return 0;
}

/* Past a pair of countries or places joined by a hyphen that names whom a
 * body joins: "Comité intergouvernemental Vietnam-Cuba", "Comité mixte
 * Vietnam-Cambodge" (three for "Vietnam-Laos-Cambodge"). */
static size_t country_pair(const vl_ex *x, size_t j)
{
    size_t k = j, n = x->tk.n;
    const uint32_t named = 1u << VL_G_COUNTRY | 1u << VL_G_PLACE;
    while (k + 1 < n && (x->cats[k] & named) && (x->tk.t[k].flags & VL_XT_UPPER) &&
           (x->tk.t[k + 1].flags & VL_XT_HYPHEN) && (x->tk.t[k + 1].flags & VL_XT_UPPER) &&
           ((x->cats[k + 1] & named) || (x->tk.t[k + 1].flags & VL_XT_ALLCAPS)))
        k++;
    return k > j ? k + 1 : j;
}

/* A body named from token i: a known name, an acronym, or a head with
 * adjectives, proper words and complement. Returns its end (0 if none);
 * *expansion is set when an acronym stands for a known name. */
static size_t org_at(const vl_ex *x, size_t i, const vl_gentry **known)
{
    const vl_gentry *e = NULL, *h = NULL, *ac = NULL;
    size_t n = vl_ex_gaz(x, i, VL_G_ORG, &e);
    size_t hl = vl_ex_gaz(x, i, VL_G_ORGHEAD, &h);
    size_t a = vl_ex_gaz(x, i, VL_G_ACRONYM, &ac);
    *known = NULL;
    if (!n && !hl && !a) return 0;
    size_t best = 0;
    /* a known name, carried on by a pair of countries or a capitalised
     * complement only ("Assemblée nationale du Vietnam", not "Interpol de
     * continuer") */
    if (n) {
        size_t j = country_pair(x, i + n);
        size_t p = vl_ex_prep(x, j);
        size_t c = p && (x->tk.t[j + p].flags & VL_XT_UPPER)
                       ? vl_ex_complement(x, j, x->tk.n, VL_CX_BODY)
                       : j;
        best = c > j ? c : j;
        *known = best > i + n ? NULL : e;
    }
    if (hl) {
        size_t j = i + hl;
        unsigned cx = VL_CX_BODY | (h->b && !strcmp(h->b, "posted") ? VL_CX_POSTED : 0) |
                      (h->b && !strcmp(h->b, "subject") ? VL_CX_SUBJECT : 0);
        /* adjectives and proper words: "militaire centrale", "Nur Otan" */
        for (;;) {
            if (j < x->tk.n && vl_ex_adjective(x, j)) {
                j++;
                continue;
            }
            if (j < x->tk.n && x->tk.t[j].kind == VL_TOK_WORD &&
                (x->tk.t[j].flags & VL_XT_UPPER) && !(x->tk.t[j].flags & VL_XT_SENT_START) &&
                x->tk.t[j].sent == x->tk.t[i].sent && !vl_ex_name(x, j, 0) &&
                !vl_ex_gaz(x, j, VL_G_TITLE, NULL) && !vl_ex_gaz(x, j, VL_G_ORGHEAD, NULL) &&
                !vl_ex_gaz(x, j, VL_G_COUNTRY, NULL) && !vl_ex_gaz(x, j, VL_G_PLACE, NULL)) {
                j++;
                continue;
            }
            break;
        }
        j = country_pair(x, j);
        size_t c = vl_ex_complement(x, j, x->tk.n, cx);
        int has_comp = c > j;
        if (has_comp) j = c;
        /* a numbered unit: "unité du génie n°1", "hôpital de campagne de
         * niveau 2 No4" */
        size_t num = vl_ex_numbered(x, j);
        int upper = (x->tk.t[i].flags & VL_XT_UPPER) != 0;
        int ok = upper || lower_head_ok(x, i, h, j) || num > j;
        if (num > j) {
            j = num;
            has_comp = 1;
        }
        /* a head alone is no name ("le Parti", "la Police", "ministère
         * vietnamien"), unless it is two words or more written with
         * capitals ("Assemblée nationale") */
        if (!has_comp && !(j - i >= 2 && upper && (x->tk.t[j - 1].flags & VL_XT_UPPER || j - i > hl)))
            ok = ok && upper && j - i >= 2 && hl >= 2;
        if (ok && j > best) {
            best = j;
            *known = NULL;
        }
    }
    if (a > 0 && best == 0) {
        /* an acronym is written in capitals: ONU, G20 */
        if (!(x->tk.t[i].flags & VL_XT_ALLCAPS) &&
            !(x->tk.t[i].kind == VL_TOK_CODE && (x->tk.t[i].flags & VL_XT_UPPER)))
            return 0;
        best = i + a;
        *known = ac;
    }
    return best;
}

/* A country's official style inside a body's name ("ministère de la Santé
 * de la République socialiste du Vietnam", "... de la République populaire
 * de Chine sur la coopération") is no part of it: where the name stops, or
 * e. */
static size_t cut_country(const vl_ex *x, size_t i, size_t e)
{
    /* a government is named by its country */
    if (vl_ex_is_any(x, i, "gouvernement")) return e;
    for (size_t k = i + 2; k < e; k++) {
        size_t p = vl_ex_prep(x, k);
        if (!p) continue;
        size_t c = vl_ex_gaz(x, k + p, VL_G_COUNTRY, NULL);
        if (c < 3 || k + p + c > e) continue;
        /* the official style, with its adjective ("socialiste",
         * "populaire"), not "République de Corée", "Soudan du Sud" */
        for (size_t q = k + p; q < k + p + c; q++)
            if (x->tk.t[q].kind == VL_TOK_WORD && !(x->tk.t[q].flags & VL_XT_UPPER) &&
                x->tk.t[q].flen > 3)
                return k;
    }
    return e;
}

/* Whether token i is agency boilerplate: a dateline, a signature, or the
 * credit of a caption ("Photo : VNA"). */
static int credit(const vl_ex *x, size_t i)
{
    size_t b = x->tk.t[i].block;
    vl_block_kind k = x->st->blocks[b].kind;
    if (k == VL_BLOCK_DATELINE || k == VL_BLOCK_SIGNATURE || k == VL_BLOCK_HEADER) return 1;
    if (k != VL_BLOCK_CAPTION) return 0;
    for (size_t q = i; q-- > 0 && x->tk.t[q].block == b;)
        if (vl_ex_is_any(x, q, "photo photos")) return 1;
    return 0;
}


/* Whether the agency named by [i, e) credits a text or a photo: "(VNA)",
 * "VNA/CVN", "Hà Minh/CVN", "via AP", "Photo ; VNA", or alone on its
 * line. */
static int agency_credit(const vl_ex *x, size_t i, size_t e)
{
    if (i > 0 && vl_ex_punct(x, i - 1, '(') && vl_ex_punct(x, e, ')')) return 1;
    if ((i > 0 && vl_ex_punct(x, i - 1, '/')) || vl_ex_punct(x, e, '/')) return 1;
    if (i > 0 && vl_ex_is_any(x, i - 1, "via")) return 1;
    for (size_t q = i; q-- > 0 && i - q <= 3 && x->tk.t[q].sent == x->tk.t[i].sent;)
        if (vl_ex_is_any(x, q, "photo photos")) return 1;
    size_t b = x->tk.t[i].block, before = 0, after = 0;
    for (size_t q = i; q-- > 0 && x->tk.t[q].block == b && before < 3;) before++;
    for (size_t q = e; q < x->tk.n && x->tk.t[q].block == b && after < 3; q++) after++;
    return before + after <= 1;
}

/* Short names the text defines: "Institut ... (IISS)", "Office européen
 * de police (Europol)" make a later "IISS", "Europol" the same body. */
typedef struct alias {
    const char *acr;   /* folded */
    const char *head;  /* the key of the name it shortens, before a
                          complement: "comite central" for "CC" */
    size_t org;
} alias;

/* The key of the body named by tokens [i, e): folded words, each acronym
 * replaced by the key of what it stands for ("CC du PCV" is "comite
 * central du parti communiste du vietnam"), one the text defined or one of
 * the lexicon. */
static const char *org_key(vl_ex *x, size_t i, size_t e, const alias *al, size_t nal)
{
    vl_buf b;
    vl_buf_init(&b, 0);
    for (size_t k = i; k < e; k++) {
        const vl_xtok *t = &x->tk.t[k];
        if (t->kind == VL_TOK_PUNCT) continue;
        const char *w = t->fold;
        size_t wl = t->flen;
        if (t->flags & VL_XT_ALLCAPS) {
            /* before a complement, the acronym stands for its head only:
             * "CC du PCC" is the Central Committee of another party */
            int head = k + 1 < e && vl_ex_prep(x, k + 1);
            const vl_gentry *ac = NULL;
            size_t q;
            for (q = 0; q < nal && strcmp(al[q].acr, t->fold) != 0; q++) {}
            if (q < nal) {
                w = head ? al[q].head : x->out->orgs[al[q].org].key;
                wl = strlen(w);
            } else if (vl_ex_gaz(x, k, VL_G_ACRONYM, &ac) == 1 && ac->fkey) {
                w = ac->fkey;
                if (head) {
                    /* the shortest name the acronym stands for */
                    const vl_gentry *sh = ac;
                    for (const vl_gentry *g = ac; g; g = g->next)
                        if (g->cat == VL_G_ACRONYM && strlen(g->a) < strlen(sh->a)) sh = g;
                    vl_buf f;
                    vl_buf_init(&f, 0);
                    vl_fold_str(&x->ctx->fold, sh->a, strlen(sh->a), &f);
                    w = vl_arena_strndup(x->arena, f.data ? (const char *)f.data : "", f.len);
                    vl_buf_free(&f);
                }
                wl = strlen(w);
            }
        }
        if (b.len) vl_buf_add(&b, " ", 1);
        vl_buf_add(&b, w, wl);
    }
    const char *key = vl_arena_strndup(x->arena, b.data ? (const char *)b.data : "", b.len);
    vl_buf_free(&b);
    return key;
}

/* Companies and newspapers named by capitalised words and a tail of
 * data/org_tails.tsv: "Mubadala Petroleum", "Nikkei Inc.", "New York
 * Times". Run before the other names, which they may contain
 * ("PetroVietnam Power Land Joint Stock Company"). */
static void tailed_orgs(vl_ex *x)
{
    vl_extraction *out = x->out;
    size_t n = x->tk.n;
    for (size_t t = 1; t < n; t++) {
        const vl_gentry *g;
        size_t tl = vl_ex_gaz(x, t, VL_G_ORGTAIL, &g);
        if (!tl || x->owner[t] || !(x->tk.t[t].flags & VL_XT_UPPER)) continue;
        /* "SA", "JSC" as written, not "Tiên Sa" */
        size_t gl = strlen(g->text);
        if (g->text[1] >= 'A' && g->text[1] <= 'Z' &&
            (x->tk.t[t].e - x->tk.t[t].s != gl || memcmp(x->view->text + x->tk.t[t].s, g->text, gl)))
            continue;
        size_t s = t;
        while (s > 0 && t - s < 6) {
            const vl_xtok *k = &x->tk.t[s - 1];
            if (k->sent != x->tk.t[t].sent || x->owner[s - 1] || !(k->flags & VL_XT_UPPER) ||
                (k->kind != VL_TOK_WORD && k->kind != VL_TOK_CODE) || vl_ex_stopword(x, s - 1) ||
                vl_ex_prep(x, s - 1) || vl_ex_gaz(x, s - 1, VL_G_TITLE, NULL) ||
                vl_ex_gaz(x, s - 1, VL_G_HONORIFIC, NULL) || vl_ex_is_any(x, s - 1, "le la les l"))
                break;
            s--;
        }
        if (s == t) continue;
        size_t e = t + tl;
        /* "Inc.": the abbreviation's period */
        if (vl_ex_punct(x, e, '.') && !(x->tk.t[e - 1].flags & VL_XT_SPACE_AFTER) &&
            x->tk.t[e - 1].flen <= 4)
            e++;
        vl_entity *en = entity_of(x, &out->orgs, &out->norgs, &out->corgs, vl_ex_key(x, s, e), 0,
                                  s, e);
        en->kind = g->a;
        mention(x, en, x->tk.t[s].s, x->tk.t[e - 1].e);
        for (size_t q = s; q < e; q++) x->owner[q] = VL_OWN_ORG;
        t = e - 1;
    }
}

/* Adds the ministry "ministère <nat> <comp>" for tokens: nat may be empty,
 * comp the text of [cs, ce) joined after base (may be empty). */
static void add_ministry(vl_ex *x, const char *nat, const char *base, size_t cs, size_t ce)
{
    vl_extraction *out = x->out;
    const char *comp = vl_ex_text(x, cs, ce), *ck = vl_ex_key(x, cs, ce);
    size_t len = strlen(nat) + strlen(base) + strlen(comp) + 16;
    char *name = vl_arena_alloc(x->arena, len), *key = vl_arena_alloc(x->arena, len);
    snprintf(name, len, "ministère%s%s%s%s %s", *nat ? " " : "", nat, *base ? " " : "", base, comp);
    vl_buf b;
    vl_buf_init(&b, 0);
    vl_fold_str(&x->ctx->fold, name, strlen(name), &b);
    snprintf(key, len, "%.*s", (int)b.len, b.data ? (const char *)b.data : "");
    vl_buf_free(&b);
    (void)ck;
    vl_entity *en = find_or_add(x, &out->orgs, &out->norgs, &out->corgs, name, key);
    en->kind = "ministry";
    mention(x, en, x->tk.t[cs].s, x->tk.t[ce - 1].e);
}

/* "les ministères de la Culture, de la Santé et des Transports" gives three
 * bodies; "les ministères de la Défense du Vietnam et
 * de la Chine" the Defence ministries of both; "les ministères vietnamien
 * et chinois de la Sécurité publique" the ministry of each country. From
 * "ministères" at i, e the end org_at found; returns the end read. */
static size_t plural_ministries(vl_ex *x, size_t i, size_t e)
{
    size_t n = x->tk.n, j = i + 1;
    /* nationalities: "vietnamien et chinois" */
    const char *nats[8];
    size_t nn = 0;
    for (;;) {
        size_t l = vl_ex_gaz(x, j, VL_G_NATIONALITY, NULL);
        if (!l || nn == 8) break;
        nats[nn++] = vl_ex_text(x, j, j + l);
        j += l;
        if (vl_ex_punct(x, j, ',') || vl_ex_is_any(x, j, "et")) {
            if (vl_ex_gaz(x, j + 1, VL_G_NATIONALITY, NULL)) {
                j++;
                continue;
            }
        }
        break;
    }
    if (nn >= 2) {
        size_t c = vl_ex_complement(x, j, n, VL_CX_BODY);
        if (c > j) {
            for (size_t q = 0; q < nn; q++) add_ministry(x, nats[q], "", j, c);
            return c;
        }
    }
    j = i + 1;
    const char *base = NULL; /* "de la Défense" of "de la Défense du Vietnam" */
    while (j < e) {
        size_t p = vl_ex_prep(x, j);
        if (!p) break;
        size_t k = j + p;
        while (k < e && !vl_ex_punct(x, k, ',') && !vl_ex_is_any(x, k, "et")) k++;
        /* a country alone: the ministry named before, of that country */
        if (base && vl_ex_gaz(x, j + p, VL_G_COUNTRY, NULL) == k - (j + p)) {
            add_ministry(x, "", base, j, k);
        } else {
            add_ministry(x, "", "", j, k);
            base = NULL;
            for (size_t q = j + p; q < k; q++) {
                size_t qp = vl_ex_prep(x, q);
                if (qp && vl_ex_gaz(x, q + qp, VL_G_COUNTRY, NULL) == k - (q + qp)) {
                    base = vl_ex_text(x, j, q);
                    break;
                }
            }
        }
        j = k;
        if (j < e && (vl_ex_punct(x, j, ',') || vl_ex_is_any(x, j, "et"))) j++;
        if (j < e && vl_ex_punct(x, j, ',')) j++;
        if (j < e && vl_ex_is_any(x, j, "et")) j++;
    }
    return e;
}

static void orgs(vl_ex *x)
{
    vl_extraction *out = x->out;
    size_t n = x->tk.n, nal = 0, cal = 0, nnest = 0, cnest = 0;
    alias *al = NULL;
    struct nested {
        const char *acr, *name;
    } *nest = NULL;
    /* a body starts with a known name, a head ("ministère") or an acronym;
     * an acronym the text defined is written in capitals */
    const uint32_t starts = 1u << VL_G_ORG | 1u << VL_G_ORGHEAD | 1u << VL_G_ACRONYM;
    for (size_t i = 0; i < n; i++) {
        if (x->owner[i] || (!(x->cats[i] & starts) && !(x->tk.cls[i] & VL_XC_ALLCAPS)))
            continue;
        if (credit(x, i)) continue;
        if (nal && (x->tk.t[i].flags & VL_XT_UPPER)) {
            size_t k;
            for (k = 0; k < nal && strcmp(al[k].acr, x->tk.t[i].fold) != 0; k++) {}
            /* "CC du Parti communiste chinois" is another body */
            size_t p = vl_ex_prep(x, i + 1);
            if (k < nal && !(p && (x->tk.t[i + 1 + p].flags & VL_XT_UPPER))) {
                mention(x, &out->orgs[al[k].org], x->tk.t[i].s, x->tk.t[i].e);
                x->owner[i] = VL_OWN_ORG;
                continue;
            }
        }
        const vl_gentry *known = NULL;
        size_t e = org_at(x, i, &known);
        /* Plural ministries: one body per coordinated complement,
         * nationality or country (org_at finds no name in "les deux
         * ministères vietnamien et chinois") */
        if (x->tk.t[i].flen == 10 && !memcmp(x->tk.t[i].fold, "ministeres", 10)) {
            e = plural_ministries(x, i, cut_country(x, i, e ? e : i + 1));
            if (e <= i) continue;
            for (size_t q = i; q < e; q++) x->owner[q] = VL_OWN_ORG;
            i = e - 1;
            continue;
        }
        if (!e) continue;
        /* "Comité central (CC) du Parti communiste du Vietnam": an acronym
         * between a name and its complement */
        size_t tail = 0;
        if (vl_ex_punct(x, e, '(') && e + 3 < n && vl_ex_punct(x, e + 2, ')') &&
            (x->tk.t[e + 1].flags & VL_XT_ALLCAPS) && vl_ex_prep(x, e + 3) &&
            (x->tk.t[e + 3 + vl_ex_prep(x, e + 3)].flags & VL_XT_UPPER)) {
            size_t c = cut_country(x, e + 1, vl_ex_complement(x, e + 3, n, VL_CX_BODY));
            if (c > e + 3) {
                tail = c;
                known = NULL;
            }
        }
        size_t full = e;
        e = cut_country(x, i, e);
        /* A news agency is left out where it credits the dispatch, not where
         * the text speaks of it: credit() has skipped datelines,
         * signatures and photo credits; agency_credit() the others. */
        if (known && !strcmp(known->b, "agency") && agency_credit(x, i, e)) {
            i = e - 1;
            continue;
        }
        const char *name = vl_ex_text(x, i, e);
        const char *key = org_key(x, i, e, al, nal);
        if (tail) {
            const char *tn = vl_ex_text(x, e + 3, tail), *tk = org_key(x, e + 3, tail, al, nal);
            size_t ln = strlen(name) + strlen(tn) + 2, lk = strlen(key) + strlen(tk) + 2;
            char *nn = vl_arena_alloc(x->arena, ln), *nk = vl_arena_alloc(x->arena, lk);
            snprintf(nn, ln, "%s %s", name, tn);
            snprintf(nk, lk, "%s %s", key, tk);
            name = nn;
            key = nk;
        }
        if (known) {
            /* the key of the known name, so that "ONU" and "Organisation des
             * Nations unies" are one body, named by its fullest form */
            key = known->fkey; /* folded once, at load */
        }
        /* an acronym alone that the text defined inside a longer name is
         * named as written there: "PCC" after "CC du Parti communiste
         * chinois (PCC)" */
        if (known && known->cat == VL_G_ACRONYM)
            for (size_t q = 0; q < nnest; q++)
                if (!strcmp(nest[q].acr, x->tk.t[i].fold)) name = nest[q].name;
        vl_entity *en = find_or_add(x, &out->orgs, &out->norgs, &out->corgs, name, key);
        if (strlen(name) > strlen(en->name)) en->name = name;
        if (known) en->kind = known->b;
        mention(x, en, x->tk.t[i].s, x->tk.t[(tail ? tail : e) - 1].e);
        if (tail) {
            al = vl_arena_push(x->arena, al, &nal, &cal, sizeof *al);
            al[nal - 1].acr = x->tk.t[e + 1].fold;
            al[nal - 1].head = org_key(x, i, e, al, nal - 1);
            al[nal - 1].org = (size_t)(en - out->orgs);
            e = full = tail;
            /* "(PCV)" after the complement names the body nested in it */
            if (vl_ex_punct(x, full, '(') && full + 2 < n && vl_ex_punct(x, full + 2, ')') &&
                (x->tk.t[full + 1].flags & VL_XT_ALLCAPS))
                full += 3;
        } else if (vl_ex_punct(x, full, '(') && full + 2 < n && vl_ex_punct(x, full + 2, ')') &&
                   (x->tk.t[full + 1].flags & VL_XT_UPPER) &&
                   x->tk.t[full + 1].kind != VL_TOK_NUMBER) {
            /* "(IISS)", "(Europol)" after the name is the same body; a known
             * acronym of another one names the body nested in it: "CC du
             * Parti communiste chinois (PCC)" */
            const vl_gentry *ac = NULL;
            if (vl_ex_gaz(x, full + 1, VL_G_ACRONYM, &ac) == 1 && ac->fkey &&
                strcmp(ac->fkey, en->key) != 0) {
                for (size_t q = i + 1; q < full; q++)
                    if (vl_ex_gaz(x, q, VL_G_ORG, NULL) == full - q) {
                        nest = vl_arena_push(x->arena, nest, &nnest, &cnest, sizeof *nest);
                        nest[nnest - 1].acr = x->tk.t[full + 1].fold;
                        nest[nnest - 1].name = vl_ex_text(x, q, full);
                        break;
                    }
                for (size_t q = i; q < full + 3; q++)
                    if (q < e || !x->owner[q]) x->owner[q] = VL_OWN_ORG;
                i = full + 2;
                continue;
            }
            al = vl_arena_push(x->arena, al, &nal, &cal, sizeof *al);
            al[nal - 1].acr = x->tk.t[full + 1].fold;
            al[nal - 1].head = en->key;
            al[nal - 1].org = (size_t)(en - out->orgs);
            full += 3;
        }
        for (size_t q = i; q < full; q++)
            if (q < e || !x->owner[q]) x->owner[q] = VL_OWN_ORG;
        i = full - 1;
    }
}

static int span_cmp(const void *a, const void *b)
{
    const vl_span *p = a, *q = b;
    return p->s < q->s ? -1 : p->s > q->s;
}

/* Key k without its articles ("garde nationale de la russie" ->
 * "garde nationale de russie"), in the arena. */
static const char *without_articles(vl_ex *x, const char *k)
{
    size_t n = strlen(k), m = 0;
    char *o = vl_arena_alloc(x->arena, n + 1);
    for (const char *w = k; *w;) {
        size_t wl = strcspn(w, " ");
        int article = (wl == 2 && !strncmp(w, "la", 2)) || (wl == 2 && !strncmp(w, "le", 2)) ||
                      (wl == 3 && !strncmp(w, "les", 3)) || (wl == 1 && w[0] == 'l');
        if (!article || !w[wl]) { /* a last word stays, whatever it is */
            if (m) o[m++] = ' ';
            memcpy(o + m, w, wl);
            m += wl;
        }
        w += wl;
        while (*w == ' ') w++;
    }
    o[m] = 0;
    return o;
}

typedef struct keyed {
    const char *key;
    size_t i; /* index in out->orgs */
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *p = a, *q = b;
    int c = strcmp(p->key, q->key);
    return c ? c : (p->i > q->i) - (p->i < q->i);
}

/* One body once: a shorter form of a name that exactly one longer name of
 * the text continues ("Conseil de sécurité" ... "Conseil de sécurité de
 * l'ONU") is that body, under the longer name; so is a name written again
 * with or without its articles (into the first so written). Sorted keys:
 * the names that continue a key follow it, the same names without their
 * articles stand together. */
static void merge_short_forms(vl_ex *x)
{
    vl_extraction *out = x->out;
    size_t n = out->norgs;
    if (n < 2) return;
    keyed *k = vl_arena_alloc(x->arena, n * sizeof *k);
    size_t *into = vl_arena_alloc(x->arena, n * sizeof *into);
    for (size_t i = 0; i < n; i++) {
        k[i] = (keyed){out->orgs[i].key, i};
        into[i] = SIZE_MAX;
    }
    qsort(k, n, sizeof *k, keyed_cmp);
    /* longest first: a name merged into a longer one does not count
     * against a shorter one ("Conseil populaire" of "Conseil populaire de
     * X" merged into "Conseil populaire de X et Y") */
    for (size_t p = n; p-- > 0;) {
        size_t la = strlen(k[p].key), found = 0, to = SIZE_MAX;
        for (size_t q = p + 1; q < n && found < 2 && !strncmp(k[q].key, k[p].key, la) &&
                               k[q].key[la] == ' ';
             q++)
            if (into[k[q].i] == SIZE_MAX) {
                to = k[q].i;
                found++;
            }
        if (found == 1) into[k[p].i] = to;
    }
    for (size_t i = 0; i < n; i++) k[i] = (keyed){without_articles(x, out->orgs[i].key), i};
    qsort(k, n, sizeof *k, keyed_cmp);
    for (size_t p = 1; p < n; p++) {
        size_t first = p - 1;
        while (first > 0 && !strcmp(k[first - 1].key, k[p].key)) first--;
        if (!strcmp(k[first].key, k[p].key) && into[k[p].i] == SIZE_MAX) into[k[p].i] = k[first].i;
    }
    /* mentions to the body each name ends in, then the names merged dropped */
    for (size_t i = 0; i < n; i++) {
        size_t d = into[i];
        for (size_t hops = 0; d != SIZE_MAX && into[d] != SIZE_MAX && hops < n; hops++) d = into[d];
        if (d == SIZE_MAX || d == i) {
            into[i] = SIZE_MAX;
            continue;
        }
        into[i] = d;
        vl_entity *src = &out->orgs[i], *dst = &out->orgs[d];
        for (size_t m = 0; m < src->nmentions; m++)
            mention(x, dst, src->mentions[m].s, src->mentions[m].e);
        qsort(dst->mentions, dst->nmentions, sizeof *dst->mentions, span_cmp);
    }
    size_t keep = 0;
    for (size_t i = 0; i < n; i++)
        if (into[i] == SIZE_MAX) out->orgs[keep++] = out->orgs[i];
    out->norgs = keep;
}

/* Places named after a trigger word: "la province de Hâu Giang" gives Hâu
 * Giang, "la mer Orientale" gives mer Orientale (the trigger is part of a
 * name that follows it directly). Run before persons, which would take a
 * capitalised pair for a name. */
static void trigger_places(vl_ex *x)
{
    vl_extraction *out = x->out;
    for (size_t i = 0; i + 1 < x->tk.n; i++) {
        const vl_gentry *tr;
        size_t tl = vl_ex_gaz(x, i, VL_G_PLACETRIG, &tr);
        if (!tl || x->owner[i]) continue;
        size_t j = i + tl, s;
        int direct = 1;
        if (vl_ex_is_any(x, j, "de du") || (vl_ex_is_any(x, j, "d") && (x->tk.t[j].flags & VL_XT_ELISION))) {
            j++;
            direct = 0;
        }
        s = j;
        while (j < x->tk.n && j - s < 5 && x->tk.t[j].kind == VL_TOK_WORD &&
               (x->tk.t[j].flags & VL_XT_UPPER) && x->tk.t[j].sent == x->tk.t[i].sent &&
               !(x->tk.t[j].flags & VL_XT_ALLCAPS) && !x->owner[j])
            j++;
        /* capitalised words joined by hyphens continue the name */
        if (j == s) continue;
        /* "la province de Hanoï" is found by the lexicon anyway; a title or a
         * body after the trigger is no place ("zone de Défense") */
        if (vl_ex_gaz(x, s, VL_G_ORGHEAD, NULL) || vl_ex_gaz(x, s, VL_G_TITLE, NULL) ||
            vl_ex_gaz(x, s, VL_G_COUNTRY, NULL))
            continue;
        size_t from = direct ? i : s;
        vl_entity *e = entity_of(x, &out->places, &out->nplaces, &out->cplaces,
                                 vl_ex_key(x, from, j), 0, from, j);
        e->kind = tr->a;
        mention(x, e, x->tk.t[from].s, x->tk.t[j - 1].e);
        for (size_t q = s; q < j; q++) x->owner[q] = VL_OWN_PLACE;
        /* "les districts de Bao Lam, Si Ma Cai et Muong Khuong", "les provinces
         * de Hà Giang et de Tuyen Quang": the places listed after it too */
        while (!direct && j + 1 < x->tk.n && x->tk.t[j].sent == x->tk.t[i].sent &&
               (vl_ex_punct(x, j, ',') || vl_ex_is_any(x, j, "et"))) {
            size_t k = j + 1;
            if (vl_ex_is_any(x, k, "et") && vl_ex_punct(x, j, ',')) k++;
            if (vl_ex_is_any(x, k, "de du")) k++;
            size_t ls = k;
            while (k < x->tk.n && k - ls < 5 && x->tk.t[k].kind == VL_TOK_WORD &&
                   (x->tk.t[k].flags & VL_XT_UPPER) && x->tk.t[k].sent == x->tk.t[i].sent &&
                   !(x->tk.t[k].flags & VL_XT_ALLCAPS) && !x->owner[k] &&
                   !vl_ex_gaz(x, k, VL_G_TITLE, NULL) && !vl_ex_gaz(x, k, VL_G_ORGHEAD, NULL))
                k++;
            /* a list item is a name alone: the next word ends the list */
            if (k == ls || (k < x->tk.n && x->tk.t[k].kind == VL_TOK_WORD &&
                            !vl_ex_is_any(x, k, "et")))
                break;
            vl_entity *le = entity_of(x, &out->places, &out->nplaces, &out->cplaces,
                                      vl_ex_key(x, ls, k), 0, ls, k);
            le->kind = tr->a;
            mention(x, le, x->tk.t[ls].s, x->tk.t[k - 1].e);
            for (size_t q = ls; q < k; q++) x->owner[q] = VL_OWN_PLACE;
            j = k;
        }
        i = j - 1;
    }
}

void vl_ex_trigger_places(vl_ex *x)
{
    trigger_places(x);
}

void vl_ex_orgs(vl_ex *x)
{
    tailed_orgs(x);
    orgs(x);
    merge_short_forms(x);
}

void vl_ex_places(vl_ex *x)
{
    places(x);
}
