/*
 * amounts.c — counted and measured quantities (extract stage).
 *
 * A number — digits ("162", "1 500", "3.000", "2,5") or words ("deux",
 * data/number_words.tsv) — scaled by "millions"/"milliards", with what it
 * counts: the first noun after it ("plus de 100 pays", "14 millions de
 * dollars", "85%"), and a qualifier before it (data/amount_qualifiers.txt).
 * Not amounts: years, dates (taken by dates.c first), ordinals (13e),
 * times, numbers inside codes and names (n°4, 18-NQ/TW), and "deux" that
 * means both ("les deux pays": data/amount_exclude.txt).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extractors.h"

/* The value of a digits token: "3.000" and "1,500" group thousands when
 * every group after the first has three digits; otherwise ',' is the
 * decimal mark. Returns 0 on anything else. */
static int parse_number(const char *f, double *v)
{
    size_t n = strlen(f), groups = 0, last = 0;
    int seps = 0;
    char sep = 0;
    for (size_t i = 0; i < n; i++) {
        if (f[i] == '.' || f[i] == ',') {
            if (sep && f[i] != sep) sep = 'x';
            else sep = f[i];
            seps++;
            groups++;
            last = i;
        } else if (f[i] < '0' || f[i] > '9') {
            return 0;
        }
    }
    (void)groups;
    if (!seps) {
        *v = atof(f);
        return 1;
    }
    if (sep == 'x') return 0;
    /* thousands: every group after the first is three digits */
    int thousands = 1;
    size_t prev = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || f[i] == sep) {
            if (prev && i - prev != 3) thousands = 0;
            prev = i + 1;
        }
    }
    (void)last;
    char buf[64];
    size_t m = 0;
    for (size_t i = 0; i < n && m < sizeof buf - 1; i++) {
        if (f[i] == sep) {
            if (thousands) continue;
            buf[m++] = '.';
        } else {
            buf[m++] = f[i];
        }
    }
    buf[m] = 0;
    if (!thousands && (seps > 1 || sep == '.')) {
        /* "1.5" in French text is rare; accept a single decimal mark */
        if (seps > 1) return 0;
    }
    *v = atof(buf);
    return 1;
}

/* Whether token j is an en or em dash ("30 – 40"). */
static int dash(const vl_ex *x, size_t j)
{
    if (j >= x->tk.n || x->tk.t[j].kind != VL_TOK_PUNCT || x->tk.t[j].e - x->tk.t[j].s != 3)
        return 0;
    const unsigned char *c = (const unsigned char *)x->view->text + x->tk.t[j].s;
    return c[0] == 0xE2 && c[1] == 0x80 && (c[2] == 0x93 || c[2] == 0x94);
}

/* Whether token i is "million(s)" or "milliard(s)". */
static int scale_after(const vl_ex *x, size_t i)
{
    const vl_gentry *sc;
    return vl_ex_gaz(x, i, VL_G_NUMWORD, &sc) && sc->num >= 1000000;
}

static int is_year(const vl_xtok *t)
{
    if (t->kind != VL_TOK_NUMBER || t->flen != 4) return 0;
    int y = atoi(t->fold);
    return y >= 1900 && y <= 2100;
}

/* A number starting at token i: digits ("1 500", "2,5", "102, 67
 * milliards") or number words ("vingt-cinq"), then "millions"/"milliards".
 * Sets *v and *end (the token after it) and *scaled; 0 when no counting
 * number starts there. */
static int read_number(const vl_ex *x, size_t i, double *v, size_t *end, int *scaled)
{
    size_t n = x->tk.n, j;
    const vl_xtok *t = &x->tk.t[i];
    const vl_gentry *w = NULL;
    if (x->owner[i]) return 0;
    if (t->kind == VL_TOK_NUMBER) {
        if (!parse_number(t->fold, v) || is_year(t)) return 0;
        /* a code or a number: "n°4", "No2", "18/TW"; a name: "ASEAN 3" */
        if (i > 0 && (x->tk.t[i - 1].punct == '/' || vl_ex_is_any(x, i - 1, "n no") ||
                      ((x->tk.t[i - 1].flags & VL_XT_ALLCAPS) &&
                       x->tk.t[i - 1].kind == VL_TOK_WORD && x->tk.t[i - 1].sent == t->sent) ||
                      (i > 1 && vl_ex_is_any(x, i - 2, "n no") &&
                       x->tk.t[i - 1].kind == VL_TOK_PUNCT)))
            return 0;
        j = i + 1;
        /* "102, 67 milliards": a decimal comma written with a space */
        if (!(t->flags & VL_XT_SPACE_AFTER) && vl_ex_punct(x, i + 1, ',') && i + 3 < n &&
            x->tk.t[i + 2].kind == VL_TOK_NUMBER && x->tk.t[i + 2].flen <= 2 &&
            scale_after(x, i + 3)) {
            char dec[96];
            snprintf(dec, sizeof dec, "%s.%s", t->fold, x->tk.t[i + 2].fold);
            *v = atof(dec);
            j = i + 3;
        }
        /* "1 500": a group of three digits after a space */
        while (j < n && x->tk.t[j].kind == VL_TOK_NUMBER && x->tk.t[j].flen == 3 &&
               (x->tk.t[j - 1].flags & VL_XT_SPACE_AFTER) && *v < 1000000 &&
               x->tk.t[j].sent == t->sent) {
            *v = *v * 1000 + atof(x->tk.t[j].fold);
            j++;
        }
        /* an ordinal written apart: "le 50 e anniversaire" */
        if (vl_ex_is_any(x, j, "e eme er ere")) return 0;
    } else if (vl_ex_gaz(x, i, VL_G_NUMWORD, &w) && w->num < 1000000) {
        size_t wl = vl_ex_gaz(x, i, VL_G_NUMWORD, NULL);
        /* "un"/"une" is an article unless a scale or a unit follows: "un
         * milliard", "un an de mission" */
        if (w->num < 2 && !(w->num == 1 && (scale_after(x, i + wl) ||
                                            vl_ex_gaz(x, i + wl, VL_G_UNIT, NULL))))
            return 0;
        /* a counting noun counts only before "de": "une quarantaine de
         * pays", not "la quarantaine végétale" */
        if (w->b && strcmp(w->b, "noun") == 0 && !vl_ex_is_any(x, i + wl, "de d")) return 0;
        *v = w->num;
        j = i + wl;
        /* "vingt-cinq", "quatre-vingts": hyphenated number words */
        const vl_gentry *w2;
        while (j < n && (x->tk.t[j].flags & VL_XT_HYPHEN) &&
               vl_ex_gaz(x, j, VL_G_NUMWORD, &w2) && w2->num < 1000000) {
            if ((w2->num == 20 || w2->num == 100) && *v < 20)
                *v *= w2->num;
            else
                *v += w2->num;
            j++;
        }
    } else {
        return 0;
    }
    /* millions, milliards */
    const vl_gentry *sc;
    *scaled = 0;
    if (vl_ex_gaz(x, j, VL_G_NUMWORD, &sc) && sc->num >= 1000000) {
        *v *= sc->num;
        j++;
        *scaled = 1;
    }
    *end = j;
    return 1;
}

/* What the number ending before token j counts: "%", a unit of
 * data/amount_units.tsv, or the first noun, past "de", adjectives such as
 * "autres", and "des N" ("192 des 193 États"). Sets *ue (the token after
 * the unit), multiplies *v by a unit's scale, sets *skipped when a
 * number was stepped over and *others when "autres" is all there is.
 * NULL when nothing counted follows. */
static const char *read_unit(const vl_ex *x, size_t j, size_t sent, int scaled, double *v,
                             size_t *ue, size_t *skipped, int *others)
{
    size_t n = x->tk.n, k = j;
    *ue = j;
    if (vl_ex_punct(x, j, '%')) {
        *ue = j + 1;
        return "%";
    }
    if (vl_ex_is_any(x, j, "pour") && vl_ex_is_any(x, j + 1, "cent")) {
        *ue = j + 2;
        return "%";
    }
    if (vl_ex_is_any(x, k, "de d")) k++;
    *others = 0;
    for (;;) {
        if (vl_ex_is_any(x, k, "autres derniers dernieres premiers premieres prochains "
                               "prochaines nouveaux nouvelles grands grandes petits "
                               "principaux principales")) {
            *others = vl_ex_is_any(x, k, "autres");
            k++;
        } else if (vl_ex_is_any(x, k, "des") && k + 1 < n && x->tk.t[k + 1].kind == VL_TOK_NUMBER) {
            *skipped = k;
            k += 2;
        } else {
            break;
        }
    }
    const vl_gentry *u;
    size_t ul;
    /* an elided word is no unit: "m'" of "quelqu'un m'a dit" */
    if (k < n && (x->tk.t[k].flags & VL_XT_ELISION)) return NULL;
    if (k < n && (ul = vl_ex_gaz(x, k, VL_G_UNIT, &u)) != 0) {
        if (u->num > 0) *v *= u->num;
        *ue = k + ul;
        return u->a;
    }
    /* "7,9 milliards en 2024": what is counted was said before */
    if (scaled && k == j) return NULL;
    /* after "autres" a noun is plural: "8 autres rentreront" counts others */
    if (*others && k < n && !strchr("sxz", x->tk.t[k].fold[x->tk.t[k].flen ? x->tk.t[k].flen - 1 : 0]))
        goto others;
    if (k < n && x->tk.t[k].kind == VL_TOK_WORD && !vl_ex_stopword(x, k) && !vl_ex_prep(x, k) &&
        !vl_ex_gaz(x, k, VL_G_MONTH, NULL) && !vl_ex_gaz(x, k, VL_G_NUMWORD, NULL) &&
        !vl_ex_punct(x, k + 1, ':') && x->tk.t[k].sent == sent) {
        *others = 0;
        *ue = k + 1;
        return vl_ex_text(x, k, k + 1);
    }
    /* "8 autres rentreront": the others are what is counted (the caller
     * looks for what they are others of) */
others:
    if (*others) {
        *ue = k;
        return vl_ex_text(x, k - 1, k);
    }
    return NULL;
}

/* Whether the amount from token i, its unit ending before ue, is an age,
 * a clock time or a position, not a quantity. */
static int not_a_quantity(const vl_ex *x, size_t i, size_t ue)
{
    /* a unit taken for both: "deux régions respectives" */
    if (vl_ex_is_any(x, ue, "respectifs respectives")) return 1;
    /* an age in apposition: "Nguyen Van A, 73 ans", "Ade, 73 ans, et" */
    if (vl_ex_is_any(x, ue - 1, "ans") && i > 1 && vl_ex_punct(x, i - 1, ',') &&
        (x->owner[i - 2] == VL_OWN_PERSON || vl_ex_punct(x, ue, ',') || vl_ex_punct(x, ue, ')')))
        return 1;
    /* an age: "âgé de 66 ans", "à l'âge de 66 ans" */
    if (i >= 2 && vl_ex_is_any(x, i - 1, "de") && vl_ex_is_any(x, i - 2, "age agee ages agees"))
        return 1;
    /* a clock time: "dès 7 heures du matin", "à 9 heures" */
    if (vl_ex_is_any(x, ue - 1, "heures heure") &&
        (vl_ex_is_any(x, i - 1, "a des vers") || vl_ex_is_any(x, ue, "du")))
        return 1;
    /* a position: "12 degrés 40 minutes de latitude Nord" */
    if (vl_ex_is_any(x, ue - 1, "degres degre") &&
        ((ue < x->tk.n && x->tk.t[ue].kind == VL_TOK_NUMBER) ||
         vl_ex_is_any(x, ue + 1, "latitude longitude")))
        return 1;
    if (vl_ex_is_any(x, ue - 1, "minutes secondes") && i > 0 &&
        vl_ex_is_any(x, i - 1, "degres degre minutes"))
        return 1;
    return 0;
}

void vl_ex_amounts(vl_ex *x)
{
    vl_extraction *out = x->out;
    size_t n = x->tk.n;
    size_t prev_sent = SIZE_MAX; /* the sentence of the last amount */
    for (size_t i = 0; i < n; i++) {
        /* most tokens are no number: one test, of a byte */
        if ((x->tk.cls[i] & VL_XC_KIND) != VL_TOK_NUMBER && !(x->cats[i] & 1u << VL_G_NUMWORD))
            continue;
        const vl_xtok *t = &x->tk.t[i];
        double v = 0;
        size_t j;
        int scaled;
        if (!read_number(x, i, &v, &j, &scaled)) continue;
        /* "les deux pays", "les 2 parties" mean both; "les trois piliers"
         * counts */
        if (v == 2 && i > 0 &&
            vl_ex_in(x, &x->ctx->amount_exclude, i - 1))
            continue;
        /* a range shares its unit: "de 200 à 250 milles", "30 – 40 autres" */
        size_t from = j;
        double v2;
        size_t j2;
        int scaled2;
        if ((vl_ex_is_any(x, j, "a ou et") || vl_ex_punct(x, j, '-') || dash(x, j)) &&
            j + 1 < n && x->tk.t[j + 1].sent == t->sent && read_number(x, j + 1, &v2, &j2, &scaled2)) {
            from = j2;
            if (scaled2 && !scaled) {
                const vl_gentry *sc;
                vl_ex_gaz(x, j2 - 1, VL_G_NUMWORD, &sc);
                v *= sc->num;
            }
        }
        size_t ue, skipped = 0;
        double scale = 1;
        int others = 0;
        const char *unit = read_unit(x, from, t->sent, scaled, &scale, &ue, &skipped, &others);
        if (from == j) v *= scale;
        /* what an earlier amount of the sentence counted: "de 1,5
         * milliard de dollars à 7,9 milliards en 2024", "2 milliards de
         * moins", "dix provinces vietnamiennes et neuf cambodgiennes" */
        const vl_amount *prev = out->namounts ? &out->amounts[out->namounts - 1] : NULL;
        /* "plus de 120 pays ont promis. 30 autres ..." : others of what was
         * counted just before */
        if (prev && others && prev_sent + 2 >= t->sent) unit = prev->unit;
        if (prev && prev_sent == t->sent && from == j) {
            size_t k = j + vl_ex_is_any(x, j, "de d");
            if ((!unit && scaled) || (unit && vl_ex_is_any(x, k, "moins plus"))) {
                unit = prev->unit;
                ue = j;
            } else if (unit && vl_ex_gaz(x, k, VL_G_NATIONALITY, NULL) &&
                       vl_ex_is_any(x, i - 1, "et")) {
                unit = prev->unit;
            }
        }
        if (!unit || not_a_quantity(x, i, ue)) continue;
        /* the qualifier just before: "plus de", "environ" */
        const char *qual = NULL;
        for (size_t back = 1; back <= 4 && back <= i; back++) {
            const vl_gentry *q;
            size_t ql = vl_ex_gaz(x, i - back, VL_G_QUALIFIER, &q);
            if (ql && i - back + ql == i) qual = vl_ex_text(x, i - back, i);
        }
        out->amounts = vl_arena_push(x->arena, out->amounts, &out->namounts, &out->camounts,
                                  sizeof *out->amounts);
        vl_amount *a = &out->amounts[out->namounts - 1];
        a->value = v;
        a->unit = unit;
        a->qualifier = qual;
        a->span.s = x->tk.t[i].s;
        a->span.e = x->tk.t[ue - 1].e;
        a->text = vl_ex_text(x, i, ue);
        prev_sent = t->sent;
        /* read on after the number when the unit lies past another one */
        i = (from != j || skipped ? j : ue) - 1;
    }
}
