/*
 * runner.c — runs the extraction spec cases of tests/spec/extract-*.txt.
 *
 * A case file holds cases like:
 *
 *   === title before the name, after a comma
 *   Le ministre des Affaires étrangères, Bui Thanh Son, a reçu l'ambassadeur.
 *   ---
 *   PER Bui Thanh Son
 *   TITLE Bui Thanh Son | ministre des Affaires étrangères
 *
 * The input runs from the line after "===" to "---"; then one expected fact
 * per line:
 *   PER name                      a person, by the record's "name"
 *   TITLE name | title [| status] a title of that person (status: current
 *                                 unless given)
 *   WHEN name | title | date      a title whose sentence gives it a time of
 *                                 its own (its record "date"), earlier than
 *                                 the document's
 *   OFFICE name | title | office  the canonical office of that title
 *                                 ("ministre|securite publique|VN")
 *   RANK name | rank
 *   LEFT name | cause             a phrase tells the person left an office
 *                                 (the record's "departure": death,
 *                                 resignation, dismissal)
 *   ORG name                      an organisation, by "name"
 *   PLACE name                    a place, by "name"
 *   DATE value                    a date, by "value"
 *   AMOUNT value unit             an amount: value (as %g) and unit
 *   QUOTE speaker key | verb      a quote, speaker key and verb as written
 *   EVENT type | date | persons | chairs
 *                                 an event: date "-" when none; persons (every
 *                                 participant, chairs included) and chairs by
 *                                 the record's "name", sorted, joined by ", "
 *   NO KIND text                  a fact that must not be produced
 * For every KIND that appears in a case, the facts produced of that kind
 * must be exactly the listed ones (order does not matter); kinds a case
 * does not mention are not checked. A case may start its input with a
 * header line (" date 2024-05") like a dispatch.
 *
 * Prints each failing case with what was expected and what came out, then
 * "N passed, N failed". Usage: spec_runner [FILE...] (default: every
 * $VEILLE_SPEC/extract-*.txt).
 */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "veille.h"

typedef struct lines {
    char **v;
    size_t n, cap;
} lines;

static void add_line(lines *l, const char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        if (!l->v) abort();
    }
    l->v[l->n] = strdup(s);
    if (!l->v[l->n]) abort();
    l->n++;
}

static void free_lines(lines *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends a formatted line (the format stays a literal at each call). */
#define ADDF(l, ...)                                                                      \
    do {                                                                                  \
        char b_[2048];                                                                    \
        snprintf(b_, sizeof b_, __VA_ARGS__);                                             \
        add_line(l, b_);                                                                  \
    } while (0)

static const char *jstr(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "";
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names of the persons whose keys are in arr, sorted, joined by ", ". */
static void names_of(json_t *rec, json_t *arr, char *out, size_t n)
{
    const char *names[64];
    size_t m = 0, i, k;
    json_t *key, *p;
    json_array_foreach(arr, i, key) {
        const char *name = json_string_value(key);
        json_array_foreach(json_object_get(rec, "persons"), k, p)
            if (json_string_value(key) && !strcmp(jstr(p, "key"), json_string_value(key)))
                name = jstr(p, "name");
        if (name && m < 64) names[m++] = name;
    }
    if (m) qsort(names, m, sizeof *names, cmp_cstr);
    out[0] = 0;
    size_t used = 0;
    for (i = 0; i < m; i++) {
        int w = snprintf(out + used, n - used, "%s%s", i ? ", " : "", names[i]);
        if (w < 0 || (size_t)w >= n - used) break;
        used += (size_t)w;
    }
}

/* The facts of a record, one line each, in the spec's notation. */
static void facts(json_t *rec, lines *out)
{
    size_t i, k;
    json_t *p, *t;
    json_array_foreach(json_object_get(rec, "persons"), i, p) {
        const char *name = jstr(p, "name");
        ADDF(out, "PER %s", name);
        json_array_foreach(json_object_get(p, "titles"), k, t) {
            const char *st = jstr(t, "status");
            if (!strcmp(st, "current"))
                ADDF(out, "TITLE %s | %s", name, jstr(t, "text"));
            else
                ADDF(out, "TITLE %s | %s | %s", name, jstr(t, "text"), st);
            if (json_is_string(json_object_get(t, "date")))
                ADDF(out, "WHEN %s | %s | %s", name, jstr(t, "text"), jstr(t, "date"));
            ADDF(out, "OFFICE %s | %s | %s", name, jstr(t, "text"), jstr(t, "office"));
        }
        json_array_foreach(json_object_get(p, "ranks"), k, t)
            ADDF(out, "RANK %s | %s", name, json_string_value(t));
        if (json_is_string(json_object_get(p, "departure")))
            ADDF(out, "LEFT %s | %s", name, jstr(p, "departure"));
    }
    json_array_foreach(json_object_get(rec, "organizations"), i, p)
        ADDF(out, "ORG %s", jstr(p, "name"));
    json_array_foreach(json_object_get(rec, "places"), i, p)
        ADDF(out, "PLACE %s", jstr(p, "name"));
    json_array_foreach(json_object_get(rec, "dates"), i, p)
        ADDF(out, "DATE %s", jstr(p, "value"));
    json_array_foreach(json_object_get(rec, "amounts"), i, p) {
        char v[64];
        snprintf(v, sizeof v, "%g", json_number_value(json_object_get(p, "value")));
        ADDF(out, "AMOUNT %s %s", v, jstr(p, "unit"));
    }
    json_array_foreach(json_object_get(rec, "quotes"), i, p)
        ADDF(out, "QUOTE %s | %s", jstr(p, "speaker"), jstr(p, "verb"));
    json_array_foreach(json_object_get(rec, "events"), i, p) {
        char parts[1024], chairs[768];
        names_of(rec, json_object_get(p, "participants"), parts, sizeof parts);
        names_of(rec, json_object_get(p, "chairs"), chairs, sizeof chairs);
        const char *date = jstr(p, "date");
        ADDF(out, "EVENT %s | %s | %s | %s", jstr(p, "type"), *date ? date : "-", parts, chairs);
    }
}

static int kind_of(const char *line, char *kind, size_t n)
{
    size_t k = strcspn(line, " ");
    if (k >= n) return 0;
    memcpy(kind, line, k);
    kind[k] = 0;
    return 1;
}

static int has_kind(const lines *l, const char *kind)
{
    size_t n = strlen(kind);
    for (size_t i = 0; i < l->n; i++)
        if (!strncmp(l->v[i], kind, n) && l->v[i][n] == ' ') return 1;
    return 0;
}

static int run_case(const vl_ctx *ctx, const char *file, const char *name, const char *input,
                    const lines *want)
{
    vl_raw raw = {.source = name, .text = (const unsigned char *)input, .len = strlen(input)};
    vl_doc *d = NULL;
    vl_error e;
    vl_error_clear(&e);
    if (vl_doc_new(ctx, &raw, &d, &e) != VL_OK) {
        printf("FAIL %s: %s: %s\n", file, name, e.message);
        return 0;
    }
    char *rec = vl_doc_record(d);
    json_t *j = json_loads(rec, 0, NULL);
    lines got = {0}, got_k = {0}, want_k = {0}, no = {0};
    facts(j, &got);
    /* the kinds the case checks, and its NO lines */
    lines kinds = {0};
    for (size_t i = 0; i < want->n; i++) {
        if (!strncmp(want->v[i], "NO ", 3)) {
            add_line(&no, want->v[i] + 3);
            continue;
        }
        char kind[16];
        if (kind_of(want->v[i], kind, sizeof kind) && !has_kind(&kinds, kind)) {
            char k2[20];
            snprintf(k2, sizeof k2, "%s x", kind);
            add_line(&kinds, k2);
        }
        add_line(&want_k, want->v[i]);
    }
    for (size_t i = 0; i < got.n; i++) {
        char kind[16];
        if (kind_of(got.v[i], kind, sizeof kind) && has_kind(&kinds, kind))
            add_line(&got_k, got.v[i]);
    }
    if (got_k.n) qsort(got_k.v, got_k.n, sizeof *got_k.v, cmp_str);
    if (want_k.n) qsort(want_k.v, want_k.n, sizeof *want_k.v, cmp_str);
    int ok = got_k.n == want_k.n;
    for (size_t i = 0; ok && i < got_k.n; i++) ok = !strcmp(got_k.v[i], want_k.v[i]);
    for (size_t i = 0; i < no.n; i++)
        for (size_t k = 0; k < got.n; k++)
            if (!strcmp(got.v[k], no.v[i])) ok = 0;
    if (!ok) {
        printf("FAIL %s: %s\n", file, name);
        for (size_t i = 0; i < want_k.n; i++) {
            int found = 0;
            for (size_t k = 0; k < got_k.n; k++) found |= !strcmp(got_k.v[k], want_k.v[i]);
            if (!found) printf("  - %s\n", want_k.v[i]);
        }
        for (size_t k = 0; k < got_k.n; k++) {
            int found = 0;
            for (size_t i = 0; i < want_k.n; i++) found |= !strcmp(got_k.v[k], want_k.v[i]);
            if (!found) printf("  + %s\n", got_k.v[k]);
        }
        for (size_t i = 0; i < no.n; i++)
            for (size_t k = 0; k < got.n; k++)
                if (!strcmp(got.v[k], no.v[i])) printf("  + %s (NO)\n", got.v[k]);
    }
    free_lines(&got);
    free_lines(&got_k);
    free_lines(&want_k);
    free_lines(&no);
    free_lines(&kinds);
    json_decref(j);
    free(rec);
    vl_doc_free(d);
    return ok;
}

static void chomp(char *s)
{
    s[strcspn(s, "\r\n")] = 0;
}

static void run_file(const vl_ctx *ctx, const char *path, int *passed, int *failed)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("FAIL cannot open %s\n", path);
        (*failed)++;
        return;
    }
    const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char line[8192], name[512] = "";
    char *input = NULL;
    size_t ilen = 0;
    lines want = {0};
    int state = 0; /* 0 outside, 1 input, 2 expected */
    for (;;) {
        char *l = fgets(line, sizeof line, f);
        if (!l || !strncmp(line, "===", 3)) {
            if (state == 2) {
                if (run_case(ctx, file, name, input ? input : "", &want))
                    (*passed)++;
                else
                    (*failed)++;
            }
            free(input);
            input = NULL;
            ilen = 0;
            free_lines(&want);
            if (!l) break;
            chomp(line);
            snprintf(name, sizeof name, "%.500s", line[3] == ' ' ? line + 4 : line + 3);
            state = 1;
            continue;
        }
        if (state == 1) {
            if (!strcmp(line, "---\n") || !strcmp(line, "---")) {
                if (ilen && input[ilen - 1] == '\n') input[--ilen] = 0;
                state = 2;
                continue;
            }
            size_t n = strlen(line);
            input = realloc(input, ilen + n + 1);
            if (!input) abort();
            memcpy(input + ilen, line, n + 1);
            ilen += n;
        } else if (state == 2) {
            chomp(line);
            if (line[0] && line[0] != '#') add_line(&want, line);
        }
    }
    fclose(f);
}

int main(int argc, char **argv)
{
    vl_ctx *ctx;
    vl_error e;
    vl_error_clear(&e);
    if (vl_ctx_new(NULL, &ctx, &e) != VL_OK) {
        printf("cannot load lexicons: %s\n0 passed, 1 failed\n", e.message);
        return 1;
    }
    int passed = 0, failed = 0;
    if (argc > 1) {
        for (int i = 1; i < argc; i++) run_file(ctx, argv[i], &passed, &failed);
    } else {
        const char *dir = getenv("VEILLE_SPEC");
        if (!dir) dir = "tests/spec";
        DIR *d = opendir(dir);
        if (!d) {
            printf("cannot open %s\n0 passed, 1 failed\n", dir);
            vl_ctx_free(ctx);
            return 1;
        }
        lines files = {0};
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            size_t n = strlen(de->d_name);
            if (!strncmp(de->d_name, "extract-", 8) && n > 4 &&
                !strcmp(de->d_name + n - 4, ".txt")) {
                char p[1024];
                snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
                add_line(&files, p);
            }
        }
        closedir(d);
        qsort(files.v, files.n, sizeof *files.v, cmp_str);
        for (size_t i = 0; i < files.n; i++) run_file(ctx, files.v[i], &passed, &failed);
        free_lines(&files);
    }
    vl_ctx_free(ctx);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
