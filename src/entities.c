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
#include <string.h>

#include "extract.h"

static vl_entity *find_or_add(vl_ex *x, vl_entity **arr, size_t *n, size_t *cap,
                              const char *name, const char *key)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*arr)[i].key, key)) return &(*arr)[i];
    *arr = vl_ex_push(x->arena, *arr, n, cap, sizeof **arr);
    vl_entity *e = &(*arr)[*n - 1];
    e->name = name;
    e->key = key;
    return e;
}

static void mention(vl_ex *x, vl_entity *e, uint32_t s, uint32_t t)
{
    e->mentions = vl_ex_push(x->arena, e->mentions, &e->nmentions, &e->cmentions,
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
        const char *name = vl_ex_text(x, i, i + len);
        const char *key = is_country ? c->a : vl_ex_key(x, i, i + len);
        vl_entity *e = find_or_add(x, &out->places, &out->nplaces, &out->cplaces, name,
                                   is_country ? vl_arena_strndup(x->arena, key, strlen(key))
                                              : key);
        e->country = is_country ? c->a : p->b;
        e->kind = is_country ? "country" : p->a;
        mention(x, e, x->tk.t[i].s, x->tk.t[i + len - 1].e);
        for (size_t q = i; q < i + len; q++)
            if (!x->owner[q]) x->owner[q] = VL_OWN_PLACE;
        i += len - 1;
    }
}

/* A body named from token i: known name, acronym, or head + adjectives +
 * complement. Returns its end (0 if none); *coord is set for a plural
 * ministry head whose complements are to be split. */
static size_t org_at(const vl_ex *x, size_t i, const char **name)
{
    const vl_gentry *e = NULL;
    size_t n = vl_ex_gaz(x, i, VL_G_ORG, &e);
    size_t h = vl_ex_gaz(x, i, VL_G_ORGHEAD, NULL);
    size_t a = vl_ex_gaz(x, i, VL_G_ACRONYM, &e);
    *name = NULL;
    if (!n && !h && !a) return 0;
    size_t j;
    if (h >= n && h) {
        j = i + h;
        /* adjectives and nationality: "militaire centrale", "français" */
        while (j < x->tk.n && x->tk.t[j].kind == VL_TOK_WORD &&
               !(x->tk.t[j].flags & VL_XT_UPPER) && !vl_ex_stopword(x, j) &&
               !vl_ex_prep(x, j) &&
               (vl_lexicon_has(&x->ctx->org_words, x->tk.t[j].fold, x->tk.t[j].flen) ||
                vl_ex_gaz(x, j, VL_G_NATIONALITY, NULL)))
            j++;
        size_t c = vl_ex_complement(x, j, x->tk.n);
        if (c > j) j = c;
        /* A lower-case head with nothing capitalised is no name: "le
         * ministère" */
        int caps = 0;
        for (size_t q = i; q < j; q++)
            if (x->tk.t[q].flags & VL_XT_UPPER) caps = 1;
        if (!caps) return 0;
        if (j == i + h && !(x->tk.t[i].flags & VL_XT_UPPER)) return 0;
        if (n > j - i) j = i + n;
    } else if (n >= a) {
        j = i + n;
        size_t c = vl_ex_complement(x, j, x->tk.n);
        if (c > j) j = c;
    } else {
        j = i + a;
        *name = e->a; /* the expansion stands for it */
        if (!(x->tk.t[i].flags & VL_XT_ALLCAPS)) return 0;
    }
    return j;
}

static void orgs(vl_ex *x)
{
    vl_extraction *out = x->out;
    /* spans found, to drop those nested in a longer one */
    size_t n = x->tk.n;
    uint8_t *covered = vl_arena_alloc(x->arena, n + 1);
    memset(covered, 0, n + 1);
    for (size_t i = 0; i < n; i++) {
        if (x->owner[i]) continue;
        const char *alias = NULL;
        size_t e = org_at(x, i, &alias);
        if (!e) continue;
        /* Plural ministries with coordinated complements. */
        const vl_xtok *t = &x->tk.t[i];
        if (t->flen == 10 && !memcmp(t->fold, "ministeres", 10)) {
            size_t j = i + 1;
            while (j < e) {
                size_t p = vl_ex_prep(x, j);
                if (!p) break;
                size_t k = j + p;
                while (k < e && !vl_ex_punct(x, k, ',') && !vl_ex_is_any(x, k, "et")) k++;
                const char *comp = vl_ex_text(x, j, k);
                size_t len = strlen(comp) + 12;
                char *name = vl_arena_alloc(x->arena, len);
                snprintf(name, len, "ministère %s", comp);
                const char *key = vl_ex_key(x, j, k);
                size_t kl = strlen(key) + 12;
                char *fk = vl_arena_alloc(x->arena, kl);
                snprintf(fk, kl, "ministere %s", key);
                vl_entity *en = find_or_add(x, &out->orgs, &out->norgs, &out->corgs, name, fk);
                en->kind = "ministry";
                mention(x, en, x->tk.t[j].s, x->tk.t[k - 1].e);
                j = k;
                if (j < e && (vl_ex_punct(x, j, ',') || vl_ex_is_any(x, j, "et"))) j++;
                if (j < e && vl_ex_punct(x, j, ',')) j++;
                if (j < e && vl_ex_is_any(x, j, "et")) j++;
            }
            i = e - 1;
            continue;
        }
        const char *name = alias ? alias : vl_ex_text(x, i, e);
        const char *key = alias ? NULL : vl_ex_key(x, i, e);
        if (alias) {
            /* the folded key of the expansion */
            vl_buf b;
            vl_buf_init(&b, 0);
            vl_fold_str(&x->ctx->fold, alias, strlen(alias), &b);
            key = vl_arena_strndup(x->arena, b.data ? (const char *)b.data : "", b.len);
            vl_buf_free(&b);
        }
        vl_entity *en = find_or_add(x, &out->orgs, &out->norgs, &out->corgs, name, key);
        mention(x, en, x->tk.t[i].s, x->tk.t[e - 1].e);
        for (size_t q = i; q < e; q++) {
            covered[q] = 1;
            x->owner[q] = VL_OWN_ORG;
        }
        /* Nested bodies are found from inside too: go on at the next token
         * but remember this span covers them. */
        (void)covered;
        i = e - 1;
    }
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
        const char *name = vl_ex_text(x, from, j);
        const char *key = vl_ex_key(x, from, j);
        vl_entity *e = find_or_add(x, &out->places, &out->nplaces, &out->cplaces, name, key);
        e->kind = tr->a;
        mention(x, e, x->tk.t[from].s, x->tk.t[j - 1].e);
        for (size_t q = s; q < j; q++) x->owner[q] = VL_OWN_PLACE;
        i = j - 1;
    }
}

void vl_ex_trigger_places(vl_ex *x)
{
    trigger_places(x);
}

void vl_ex_orgs(vl_ex *x)
{
    orgs(x);
}

void vl_ex_places(vl_ex *x)
{
    places(x);
}
