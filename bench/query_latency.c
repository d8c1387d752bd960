/*
 * query_latency.c — median latency of knowledge-base and search queries on
 * an existing database (bench/query_latency.sh builds it). Not a test.
 *
 *   query_latency DB [ROUNDS [STORE]]
 *
 * Takes the 20 most documented persons, the 20 offices with most holders and
 * 20 search queries made of their words, runs each ROUNDS times (default 5)
 * in this process, and prints the median and 95th percentile per kind, in
 * milliseconds. With STORE (another store of the same documents, a
 * PostgreSQL URI), the same queries there too, the figures side by side.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "veille.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *what, double *t, size_t n)
{
    if (!n) {
        printf("%-8s no queries\n", what);
        return;
    }
    qsort(t, n, sizeof *t, cmp_d);
    printf("%-8s %5zu queries  median %7.3f ms  p95 %7.3f ms  max %7.3f ms\n", what, n,
           t[n / 2], t[n * 95 / 100], t[n - 1]);
}

/* Up to 20 strings from a query on the raw database. */
static size_t pick(const char *db, const char *sql, char out[20][256])
{
    sqlite3 *h;
    sqlite3_stmt *q;
    size_t n = 0;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) return 0;
    if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) == SQLITE_OK) {
        while (n < 20 && sqlite3_step(q) == SQLITE_ROW) {
            snprintf(out[n], 256, "%s", (const char *)sqlite3_column_text(q, 0));
            n++;
        }
        sqlite3_finalize(q);
    }
    sqlite3_close(h);
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: query_latency DB [ROUNDS]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    static char persons[20][256], titles[20][256], words[20][256];
    size_t np = pick(argv[1], "SELECT name FROM kb_persons ORDER BY documents DESC", persons);
    size_t nt = pick(argv[1],
                     "SELECT max(title) FROM kb_positions GROUP BY office"
                     " ORDER BY count(*) DESC", titles);
    size_t nw = pick(argv[1],
                     "SELECT alias FROM kb_entity_aliases WHERE kind = 'org'"
                     " ORDER BY count DESC", words);
    vl_ctx *ctx;
    vl_error e;
    vl_error_clear(&e);
    if (vl_ctx_new(NULL, &ctx, &e)) {
        fprintf(stderr, "query_latency: %s\n", e.message);
        return 1;
    }
    const char *stores[2] = {argv[1], argc > 3 ? argv[3] : NULL};
    for (int k = 0; k < 2 && stores[k]; k++) {
        const char *path = stores[k];
        vl_store *st;
        if (vl_store_open_readonly(ctx, path, &st, &e)) {
            fprintf(stderr, "query_latency: %s\n", e.message);
            return 1;
        }
        size_t cap = (size_t)rounds * 60 + 1, nk = 0, no = 0, ns = 0, nr = 0, nf = 0;
        double *tk = calloc(cap, sizeof *tk), *to = calloc(cap, sizeof *to),
               *ts = calloc(cap, sizeof *ts), *tr = calloc(cap, sizeof *tr),
               *tf = calloc(cap, sizeof *tf);
        for (int r = 0; r < rounds; r++) {
            for (size_t i = 0; i < np; i++) {
                char *out = NULL;
                double t0 = now_ms();
                vl_kb_person(st, persons[i], &out, NULL);
                tk[nk++] = now_ms() - t0;
                free(out);
                t0 = now_ms();
                vl_kb_related(st, persons[i], 10, &out, NULL);
                tr[nr++] = now_ms() - t0;
                free(out);
            }
            for (size_t i = 0; i < nt; i++) {
                char *out = NULL;
                double t0 = now_ms();
                vl_kb_office(st, titles[i], "2023-06", &out, NULL);
                to[no++] = now_ms() - t0;
                free(out);
            }
            for (size_t i = 0; i < nw; i++) {
                vl_search_opts o = {.query = words[i], .limit = 20};
                vl_hits *h = NULL;
                double t0 = now_ms();
                if (vl_search(st, &o, &h, NULL) == VL_OK) vl_hits_free(h);
                ts[ns++] = now_ms() - t0;
                /* the same with the facets a results page draws */
                o.facets = 1;
                t0 = now_ms();
                if (vl_search(st, &o, &h, NULL) == VL_OK) vl_hits_free(h);
                tf[nf++] = now_ms() - t0;
            }
        }
        vl_stats s;
        vl_store_stats(st, &s, NULL);
        printf("%s: %lld documents, %.1f MB of text\n",
               vl_store_is_url(path) ? "PostgreSQL store" : "SQLite database",
               (long long)s.documents, (double)s.bytes / 1e6);
        report("person", tk, nk);
        report("office", to, no);
        report("related", tr, nr);
        report("search", ts, ns);
        report("search+facets", tf, nf);
        free(tk);
        free(to);
        free(ts);
        free(tf);
        free(tr);
        vl_store_close(st);
    }
    vl_ctx_free(ctx);
    return 0;
}
