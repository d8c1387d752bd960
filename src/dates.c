/*
 * dates.c — calendar dates (extract stage).
 *
 * Day and month ("vendredi 14 avril", "jeudi après-midi 12 décembre",
 * "le 1er juin", "1 er"), with a year when one is written with it ("le 3 juin
 * 2023"); month and year ("décembre 2024"); ranges and lists sharing one
 * month ("du 29 au 31 mai", "les 1er et 2 décembre", "12, 13 et 14 mars"),
 * each end a date with the whole range as its text. The year is the one
 * written with the date, else the document's, else XXXX. A month without a
 * year, a bare year and relative dates are not dates here. Month and
 * weekday names come from data/months.tsv and data/weekdays.tsv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extractors.h"

/* "né en 1965" is a birth, not a time of the facts around it. */
#define BORN "ne nee nes nees"

/* A day number at i ("14", "1er", "1" "er"): its value, and *end. */
static int day_at(const vl_ex *x, size_t i, size_t *end)
{
    if (i >= x->tk.n) return 0;
    const vl_xtok *t = &x->tk.t[i];
    const char *f = t->fold;
    int d = 0;
    size_t k = 0;
    if (t->kind != VL_TOK_NUMBER && t->kind != VL_TOK_CODE) return 0;
    while (k < t->flen && f[k] >= '0' && f[k] <= '9' && k < 3) d = d * 10 + (f[k++] - '0');
    if (k == 0 || d < 1 || d > 31) return 0;
    if (k < t->flen) {
        if (strcmp(f + k, "er") != 0) return 0; /* 13e is an ordinal */
    } else if (vl_ex_is_any(x, i + 1, "er")) {
        *end = i + 2;
        return d;
    }
    *end = i + 1;
    return d;
}

static int year_at(const vl_ex *x, size_t i)
{
    if (i >= x->tk.n || x->tk.t[i].kind != VL_TOK_NUMBER || x->tk.t[i].flen != 4) return 0;
    int y = atoi(x->tk.t[i].fold);
    return y >= 1900 && y <= 2100 ? y : 0;
}

static int month_at(const vl_ex *x, size_t i, size_t *len)
{
    const vl_gentry *e;
    size_t n = vl_ex_gaz(x, i, VL_G_MONTH, &e);
    if (!n) return 0;
    *len = n;
    return (int)e->num;
}

/* Day of the week, 1 = Monday (Sakamoto's method). */
static int weekday_of(int y, int m, int d)
{
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3) y -= 1;
    int w = (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7; /* 0 = Sunday */
    return w == 0 ? 7 : w;
}

static void add_date(vl_ex *x, size_t s, size_t e, int y, int m, int d, int weekday)
{
    vl_extraction *out = x->out;
    char value[11];
    if (y)
        snprintf(value, sizeof value, d ? "%04d-%02d-%02d" : "%04d-%02d", y, m, d);
    else
        snprintf(value, sizeof value, "XXXX-%02d-%02d", m, d);
    /* every mention is a time facts may take (when.c) */
    vl_ex_anchor(x, s, e, value);
    /* each distinct date once, at its first mention */
    for (size_t i = 0; i < out->ndates; i++)
        if (!strcmp(out->dates[i].value, value)) return;
    out->dates = vl_arena_push(x->arena, out->dates, &out->ndates, &out->cdates,
                            sizeof *out->dates);
    vl_xdate *dt = &out->dates[out->ndates - 1];
    memcpy(dt->value, value, sizeof value);
    dt->span.s = x->tk.t[s].s;
    dt->span.e = x->tk.t[e - 1].e;
    dt->text = vl_ex_text(x, s, e);
    dt->weekday_warning = weekday && y && d && weekday_of(y, m, d) != weekday;
}

/* The date a dispatch gives itself, for one that has no header
 * (vl_extraction.self_date): in its first LEAD_BYTES, a full date whose
 * weekday agrees ("ce lundi 25 janvier 2021": the day of the news, where a
 * date recalled from history rarely has a weekday), or one followed by a
 * time ("20 juin 2024 23:07", a stamp). The first such date. */
enum { LEAD_BYTES = 1000 };

static void self_date(vl_ex *x, size_t s, size_t e, int y, int m, int d, int weekday)
{
    if (x->out->self_date[0] || x->tk.t[s].s >= LEAD_BYTES) return;
    int timed = e + 2 < x->tk.n && x->tk.t[e].kind == VL_TOK_NUMBER && vl_ex_punct(x, e + 1, ':') &&
                x->tk.t[e + 2].kind == VL_TOK_NUMBER && x->tk.t[e].flen <= 2;
    if (!timed && !(weekday && weekday_of(y, m, d) == weekday)) return;
    snprintf(x->out->self_date, sizeof x->out->self_date, "%04d-%02d-%02d", y, m, d);
}

/* The document's year, or 0. */
static int doc_year(const vl_ex *x)
{
    if (!x->doc_date || strlen(x->doc_date) < 4) return 0;
    return atoi(x->doc_date);
}

void vl_ex_dates(vl_ex *x)
{
    size_t n = x->tk.n;
    /* a date starts with a weekday, a day's number or a month */
    const uint32_t starts = 1u << VL_G_WEEKDAY | 1u << VL_G_MONTH;
    for (size_t i = 0; i < n; i++) {
        unsigned kind = x->tk.cls[i] & VL_XC_KIND; /* not the token: a byte */
        if (kind != VL_TOK_NUMBER && kind != VL_TOK_CODE && !(x->cats[i] & starts)) continue;
        size_t s = i, j = i, mlen = 0;
        int weekday = 0;
        const vl_gentry *w;
        size_t wl = vl_ex_gaz(x, j, VL_G_WEEKDAY, &w);
        if (wl) {
            weekday = (int)w->num;
            j += wl;
            /* "jeudi après-midi 12 décembre", "mardi matin" */
            while (vl_ex_is_any(x, j, "matin soir apres midi")) j++;
        }
        int days[8], nd = 0;
        size_t e;
        int d = day_at(x, j, &e);
        /* "du 29 au 31 mai", "les 1er et 2 décembre", "12, 13 et 14 mars" */
        while (d && nd < 8) {
            days[nd++] = d;
            j = e;
            if (vl_ex_is_any(x, j, "au et") || vl_ex_punct(x, j, ',') || vl_ex_punct(x, j, '-')) {
                size_t e2;
                int d2 = day_at(x, j + 1, &e2);
                if (d2) {
                    d = d2;
                    e = e2;
                    continue;
                }
            }
            break;
        }
        int m = month_at(x, j, &mlen);
        if (nd && m) {
            j += mlen;
            int y = year_at(x, j);
            if (y) j++;
            /* "du 28 février au 2 mars 2001": the first end takes the year
             * written with the second */
            int range_year = 0;
            if (!y && (vl_ex_is_any(x, j, "au") || vl_ex_punct(x, j, '-'))) {
                size_t e2, ml2;
                if (day_at(x, j + 1, &e2) && month_at(x, e2, &ml2)) range_year = year_at(x, e2 + ml2);
            }
            /* "le 15 septembre après-midi" keeps its text short */
            int year = y ? y : range_year ? range_year : doc_year(x);
            if (nd == 1 && y) self_date(x, s, j, y, m, days[0], weekday);
            for (int k = 0; k < nd; k++) add_date(x, s, j, year, m, days[k], nd == 1 ? weekday : 0);
            for (size_t q = s; q < j; q++) x->owner[q] = VL_OWN_DATE;
            i = j - 1;
            continue;
        }
        /* month and year: "décembre 2024", "en juin 2023" */
        if (!nd && (m = month_at(x, i, &mlen)) != 0) {
            int y = year_at(x, i + mlen);
            if (y) {
                add_date(x, i, i + mlen + 1, y, m, 0, 0);
                for (size_t q = i; q < i + mlen + 1; q++) x->owner[q] = VL_OWN_DATE;
                i += mlen;
            }
            continue;
        }
        /* a year after "en" is no date here, but a time facts may take
         * ("en 2004"); not a span of years ("en 2021-2025") */
        int y = year_at(x, i);
        if (y && i > 0 && vl_ex_is_any(x, i - 1, "en") && !vl_ex_punct(x, i + 1, '-') &&
            !(i > 1 && vl_ex_is_any(x, i - 2, BORN))) {
            char value[5];
            snprintf(value, sizeof value, "%04d", y);
            vl_ex_anchor(x, i, i + 1, value);
        }
    }
}
