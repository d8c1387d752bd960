/*
 * test_tenure.c — tenures from the points of a succession (tenure.c): each
 * case is a list of points "holder kind first [last [count]]" and the
 * tenures expected, "holder kind#seq start..last_seen end cause".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tenure.h"

void test_tenure(void);

typedef struct tcase {
    const char *name;
    const char *points[16]; /* "key kind first last count" (kind: H, A, F; D a death) */
    const char *want;       /* tenures, "; "-separated */
} tcase;

static const tcase cases[] = {
    {"a successor ends a tenure",
     {"a H 2019-01 2019-01 3", "a H 2020-06 2020-06 2", "b H 2021-04-08 2021-04-30 4",
      "b H 2023-01 2023-01 5"},
     "a holder#1 2019-01..2020-06 2021-04-08 successor; b holder#1 2021-04-08..2023-01 - -"},
    {"a text that calls the holder former ends the tenure there",
     {"a F 2021-04-08 2021-04-08 1", "a H 2019-11-25 2019-11-25 1", "b H 2022-06 2022-06 6"},
     "a holder#1 2019-11-25..2019-11-25 2021-04-08 former; b holder#1 2022-06..2022-06 - -"},
    {"a former mark inside the tenure does not end it",
     {"a F 2019-05 2019-05 1", "a H 2019-01 2019-01 2", "a H 2020-01 2020-01 2"},
     "a holder#1 2019-01..2020-01 - -"},
    {"the same person twice, years apart",
     {"a H 2010-01 2010-01 5", "a H 2011-01 2011-01 5", "a H 2020-01 2020-01 5",
      "b H 2015-01 2015-01 3", "b H 2016-01 2016-01 3"},
     "a holder#1 2010-01..2011-01 2015-01 successor; b holder#1 2015-01..2016-01 2020-01 "
     "successor; a holder#2 2020-01..2020-01 - -"},
    {"an acting holder between two holders",
     {"a H 2022-01 2022-01 4", "b A 2023-02 2023-02 2", "c H 2023-04 2023-04 5"},
     "a holder#1 2022-01..2022-01 2023-02 successor; b acting#1 2023-02..2023-02 2023-04 "
     "successor; c holder#1 2023-04..2023-04 - -"},
    {"a predecessor recalled inside a better-documented tenure is dropped",
     {"a H 2018-01 2018-01 2", "b H 2019-01 2019-01 9", "b H 2020-01 2020-01 9",
      "a H 2019-06 2019-06 1"},
     "a holder#1 2018-01..2018-01 2019-01 successor; b holder#1 2019-01..2020-01 - -"},
    {"a lone point between two runs of another holder is an echo",
     {"x H 2019-01 2019-01 20", "y H 2021-06 2021-06 2", "y H 2021-09 2021-09 2",
      "x H 2021-10 2021-10 1", "y H 2022-03 2022-03 2"},
     "x holder#1 2019-01..2019-01 2021-06 successor; y holder#1 2021-06..2022-03 - -"},
    {"no dated point, no tenure", {"a F 2020-01 2020-01 1"}, ""},
    {"a death told on the successor's first day is the cause",
     {"a H 2019-01 2019-01 5", "a D 2024-08-03 2024-08-03 1", "b H 2024-08-03 2024-08-03 2"},
     "a holder#1 2019-01..2019-01 2024-08-03 death; b holder#1 2024-08-03..2024-08-03 - -"},
    {"a former mark on the successor's first day leaves the successor the cause",
     {"a H 2019-01 2019-01 5", "a F 2024-08-03 2024-08-03 1", "b H 2024-08-03 2024-08-03 2"},
     "a holder#1 2019-01..2019-01 2024-08-03 successor; b holder#1 2024-08-03..2024-08-03 - -"},
    {"one person written two ways holds no office after himself",
     {"duterte H 2019-01 2019-01 4", "ferdinand_romualdez_marcos_jr H 2022-09 2022-09 3",
      "ferdinand_r_marcos_jr H 2023-05 2023-05 2", "ferdinand_romualdez_marcos_jr H 2024-02 2024-02 1"},
     "duterte holder#1 2019-01..2019-01 2022-09 successor; ferdinand romualdez marcos jr "
     "holder#1 2022-09..2024-02 - -"},
    {"a father and his son are two persons",
     {"ferdinand_marcos H 1980-01 1980-01 4", "ferdinand_marcos_jr H 2023-01 2023-01 4"},
     "ferdinand marcos holder#1 1980-01..1980-01 2023-01 successor; ferdinand marcos jr holder#1 "
     "2023-01..2023-01 - -"},
    {"spellings one letter apart, a second surname",
     {"cheikh_tamim_al_thani H 2021-01 2021-01 2", "sheikh_tamim_al_thani H 2022-01 2022-01 3",
      "miguel_diaz_canel H 2023-01 2023-01 3", "miguel_diaz_canel_bermudez H 2024-01 2024-01 1"},
     "sheikh tamim al thani holder#1 2021-01..2022-01 2023-01 successor; miguel diaz canel "
     "holder#1 2023-01..2024-01 - -"},
};

static void describe(const vl_tenure *t, size_t n, char *out, size_t cap)
{
    size_t w = 0;
    out[0] = 0;
    for (size_t i = 0; i < n && w < cap; i++)
        w += (size_t)snprintf(out + w, cap - w, "%s%s %s#%d %s..%s %s %s", i ? "; " : "",
                              t[i].key, t[i].kind == VL_TENURE_ACTING ? "acting" : "holder",
                              t[i].seq, t[i].start, t[i].last_seen, t[i].end ? t[i].end : "-",
                              t[i].end_cause ? t[i].end_cause : "-");
}

/* points sorted by holder, then first date, then kind: kb_points' order */
static int point_cmp(const void *a, const void *b)
{
    const vl_kb_point *x = a, *y = b;
    int c = strcmp(x->ck, y->ck);
    if (!c) c = strcmp(x->first, y->first);
    return c ? c : x->kind - y->kind;
}

void test_tenure(void)
{
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        vl_kb_point pt[16];
        char buf[16][4][40];
        size_t n = 0;
        for (; n < 16 && cases[c].points[n]; n++) {
            char kind = 0;
            long count = 1;
            buf[n][0][0] = buf[n][2][0] = buf[n][3][0] = 0;
            sscanf(cases[c].points[n], "%39s %c %39s %39s %ld", buf[n][0], &kind, buf[n][2],
                   buf[n][3], &count);
            for (char *u = buf[n][0]; *u; u++)
                if (*u == '_') *u = ' '; /* keys of several words */
            pt[n] = (vl_kb_point){buf[n][0], buf[n][2], buf[n][3], count,
                                  kind == 'A'   ? VL_TENURE_ACTING
                                  : kind == 'F' ? VL_TENURE_FORMER
                                  : kind == 'D' ? VL_TENURE_DEATH
                                                : VL_TENURE_HELD,
                                  (int64_t)n + 1, (int64_t)n + 1};
        }
        qsort(pt, n, sizeof *pt, point_cmp);
        vl_tenure *t;
        size_t nt = vl_tenures(pt, n, &t);
        char got[1024];
        describe(t, nt, got, sizeof got);
        if (strcmp(got, cases[c].want) != 0) {
            fprintf(stderr, "  tenure case '%s':\n    got  %s\n    want %s\n", cases[c].name, got,
                    cases[c].want);
            check_failures++;
        }
        free(t);
    }
}
