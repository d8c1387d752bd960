/*
 * csv_out.c — a list of the CLI's JSON answers as CSV (RFC 4180), for
 * spreadsheets: one row per element of the list, one column per field,
 * named as in the JSON. A nested object gives columns "field.sub"; a list
 * of plain values one column, its values joined by "; "; a list of objects
 * one column, how many it holds (the JSON has them).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { MAX_COLS = 64, MAX_NAME = 128 };

typedef struct cols {
    char name[MAX_COLS][MAX_NAME];
    size_t n;
} cols;

/* One CSV field: quoted when it holds a comma, a quote or a line end. */
static void field(FILE *f, const char *s, size_t n)
{
    int quote = 0;
    for (size_t i = 0; i < n && !quote; i++) quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        fwrite(s, 1, n, f);
        return;
    }
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') fputc('"', f);
        fputc(s[i], f);
    }
    fputc('"', f);
}

/* A plain JSON value as text into f ("" for null). */
static void plain(FILE *f, const json_t *v)
{
    if (json_is_string(v)) fputs(json_string_value(v), f);
    else if (json_is_integer(v)) fprintf(f, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v)) { /* as the JSON writes it */
        char *t = json_dumps(v, JSON_ENCODE_ANY);
        if (t) fputs(t, f);
        free(t);
    }
    else if (json_is_true(v)) fputs("true", f);
    else if (json_is_false(v)) fputs("false", f);
}

/* The columns of one row, added to c in first-seen order. */
static void columns(cols *c, const json_t *o, const char *prefix)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)o, k, v) {
        char name[MAX_NAME];
        if (snprintf(name, sizeof name - 1, "%s%s", prefix, k) >= (int)sizeof name - 1) continue;
        if (json_is_object(v)) {
            strcat(name, "."); /* room kept above */
            columns(c, v, name);
            continue;
        }
        size_t i = 0;
        while (i < c->n && strcmp(c->name[i], name) != 0) i++;
        if (i == c->n && c->n < MAX_COLS) snprintf(c->name[c->n++], MAX_NAME, "%s", name);
    }
}

/* The value of a column ("a.b") in a row, or NULL. */
static const json_t *value(const json_t *row, const char *name)
{
    char path[MAX_NAME];
    snprintf(path, sizeof path, "%s", name);
    const json_t *v = row;
    for (char *part = path, *dot; v && part; part = dot) {
        dot = strchr(part, '.');
        if (dot) *dot++ = 0;
        v = json_is_object(v) ? json_object_get(v, part) : NULL;
    }
    return v;
}

static void cell(FILE *f, const json_t *v)
{
    char *s = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&s, &n);
    if (!m) return;
    if (json_is_array(v)) {
        size_t i, objects = 0;
        json_t *e;
        json_array_foreach(v, i, e) objects += json_is_object(e) || json_is_array(e);
        if (objects) {
            fprintf(m, "%zu", json_array_size(v));
        } else {
            json_array_foreach(v, i, e) {
                if (i) fputs("; ", m);
                plain(m, e);
            }
        }
    } else if (v) {
        plain(m, v);
    }
    fclose(m);
    field(f, s ? s : "", s ? n : 0);
    free(s);
}

int cli_csv(FILE *f, const char *json, const char *list)
{
    json_t *o = json_loads(json, 0, NULL);
    const json_t *rows = json_is_array(o) ? o : json_object_get(o, list);
    if (!json_is_array(rows)) {
        json_decref(o);
        return -1;
    }
    cols c;
    c.n = 0;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) if (json_is_object(row)) columns(&c, row, "");
    if (!c.n) { /* nothing listed: no header either */
        json_decref(o);
        return 0;
    }
    for (size_t k = 0; k < c.n; k++) {
        if (k) fputc(',', f);
        field(f, c.name[k], strlen(c.name[k]));
    }
    fputs("\r\n", f);
    json_array_foreach(rows, i, row) {
        for (size_t k = 0; k < c.n; k++) {
            if (k) fputc(',', f);
            cell(f, value(row, c.name[k]));
        }
        fputs("\r\n", f);
    }
    json_decref(o);
    return 0;
}
