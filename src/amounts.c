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
#include <stdlib.h>
#include <string.h>

#include "extract.h"

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

static int is_year(const vl_xtok *t)
{
    if (t->kind != VL_TOK_NUMBER || t->flen != 4) return 0;
    int y = atoi(t->fold);
    return y >= 1900 && y <= 2100;
}

void vl_ex_amounts(vl_ex *x)
{
    vl_extraction *out = x->out;
    size_t n = x->tk.n;
    for (size_t i = 0; i < n; i++) {
        if (x->owner[i]) continue;
        const vl_xtok *t = &x->tk.t[i];
        double v = 0;
        size_t j = i;
        const vl_gentry *w = NULL;
        if (t->kind == VL_TOK_NUMBER) {
            if (!parse_number(t->fold, &v)) continue;
            if (is_year(t)) continue;
            /* a code or a number: "n°4", "No2", "niveau 2" */
            if (i > 0 && (x->tk.t[i - 1].punct == '/' || vl_ex_is_any(x, i - 1, "n no") ||
                          (i > 1 && vl_ex_is_any(x, i - 2, "n no") && x->tk.t[i - 1].kind == VL_TOK_PUNCT)))
                continue;
            j = i + 1;
            /* "1 500": a group of three digits after a space */
            while (j < n && x->tk.t[j].kind == VL_TOK_NUMBER && x->tk.t[j].flen == 3 &&
                   (x->tk.t[j - 1].flags & VL_XT_SPACE_AFTER) && v < 1000000 &&
                   x->tk.t[j].sent == t->sent) {
                v = v * 1000 + atof(x->tk.t[j].fold);
                j++;
            }
        } else if (vl_ex_gaz(x, i, VL_G_NUMWORD, &w) && w->num >= 2 && w->num < 1000000) {
            /* "les deux pays" means both; "les trois piliers" counts */
            if (w->num == 2 && i > 0 &&
                vl_lexicon_has(&x->ctx->amount_exclude, x->tk.t[i - 1].fold, x->tk.t[i - 1].flen))
                continue;
            v = w->num;
            j = i + vl_ex_gaz(x, i, VL_G_NUMWORD, NULL);
            /* "vingt-cinq", "quatre-vingts": hyphenated number words */
            const vl_gentry *w2;
            while (j < n && (x->tk.t[j].flags & VL_XT_HYPHEN) &&
                   vl_ex_gaz(x, j, VL_G_NUMWORD, &w2) && w2->num < 1000000) {
                if ((w2->num == 20 || w2->num == 100) && v < 20)
                    v *= w2->num;
                else
                    v += w2->num;
                j++;
            }
        } else {
            continue;
        }
        /* millions, milliards */
        const vl_gentry *sc;
        if (vl_ex_gaz(x, j, VL_G_NUMWORD, &sc) && sc->num >= 1000000) {
            v *= sc->num;
            j++;
        }
        /* the unit: %, or the first noun, past "de", "d'" and "autres" */
        const char *unit = NULL;
        size_t ue = j;
        if (vl_ex_punct(x, j, '%')) {
            unit = "%";
            ue = j + 1;
        } else if (vl_ex_is_any(x, j, "pour") && vl_ex_is_any(x, j + 1, "cent")) {
            unit = "%";
            ue = j + 2;
        } else {
            size_t k = j;
            if (vl_ex_is_any(x, k, "de d")) k++;
            /* "six autres dirigeants", "35 dernières années" */
            while (vl_ex_is_any(x, k, "autres derniers dernieres premiers premieres prochains "
                                      "prochaines nouveaux nouvelles grands grandes petits"))
                k++;
            const vl_gentry *u;
            size_t ul;
            if (k < n && (ul = vl_ex_gaz(x, k, VL_G_UNIT, &u)) != 0) {
                unit = u->a;
                if (u->num > 0) v *= u->num;
                ue = k + ul;
            } else if (k < n && x->tk.t[k].kind == VL_TOK_WORD && !vl_ex_stopword(x, k) &&
                       !vl_ex_prep(x, k) && !vl_ex_gaz(x, k, VL_G_MONTH, NULL) &&
                       x->tk.t[k].sent == t->sent) {
                unit = vl_ex_text(x, k, k + 1);
                ue = k + 1;
            }
        }
        if (!unit) continue;
        /* an age: "âgé de 66 ans", "à l'âge de 66 ans" */
        if (i >= 2 && vl_ex_is_any(x, i - 1, "de") && vl_ex_is_any(x, i - 2, "age agee ages agees"))
            continue;
        /* the qualifier just before: "plus de", "environ" */
        const char *qual = NULL;
        size_t qs = i;
        for (size_t back = 1; back <= 4 && back <= i; back++) {
            const vl_gentry *q;
            size_t ql = vl_ex_gaz(x, i - back, VL_G_QUALIFIER, &q);
            if (ql && i - back + ql == i) {
                qual = vl_ex_text(x, i - back, i);
                qs = i - back;
            }
        }
        (void)qs;
        out->amounts = vl_ex_push(x->arena, out->amounts, &out->namounts, &out->camounts,
                                  sizeof *out->amounts);
        vl_amount *a = &out->amounts[out->namounts - 1];
        a->value = v;
        a->unit = unit;
        a->qualifier = qual;
        a->span.s = x->tk.t[i].s;
        a->span.e = x->tk.t[ue - 1].e;
        a->text = vl_ex_text(x, i, ue);
        i = ue - 1;
    }
}
