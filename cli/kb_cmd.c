/*
 * kb_cmd.c — the knowledge-base commands of the CLI: person, office,
 * persons, changes, related, rebuild, events, met, quotes. The library answers in JSON; --json
 * prints it as it is, otherwise it is laid out as text here.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void print_evidence(FILE *f, json_t *ev, const char *indent);

static const char *s(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "-";
}

/* A tenure's end, when it has one ("  until 2021-04-08 (successor)"),
 * and the end of the line. */
static void print_end(FILE *f, json_t *e)
{
    const char *end = json_string_value(json_object_get(e, "end"));
    if (end) fprintf(f, "  until %s (%s)", end, s(e, "end_cause"));
    fputc('\n', f);
}

/* s, then spaces up to width display columns (names with diacritics line
 * up: printf pads by bytes). */
static void pad(FILE *f, const char *s, size_t width)
{
    fputs(s, f);
    for (size_t w = vl_display_width(s); w < width; w++) fputc(' ', f);
}

static long long n(json_t *o, const char *k)
{
    return (long long)json_integer_value(json_object_get(o, k));
}

/* "name, name, name" of a JSON array of strings. */
static void print_names(FILE *f, json_t *arr)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) fprintf(f, "%s%s", i ? ", " : "", json_string_value(v) ? json_string_value(v) : "?");
}

/* One event: date, type, place, persons (chairs marked), then its sentence. */
static void print_event(FILE *f, json_t *e, const char *indent)
{
    fprintf(f, "%s%-10s  %-10s  %s: ", indent, s(e, "date"), s(e, "type"), s(e, "place"));
    print_names(f, json_object_get(e, "participants"));
    if (n(e, "reports") > 1) fprintf(f, "  [%lld reports]", n(e, "reports"));
    if (json_array_size(json_object_get(e, "chairs"))) {
        fprintf(f, "  (chair: ");
        print_names(f, json_object_get(e, "chairs"));
        fputc(')', f);
    }
    fputc('\n', f);
    json_t *one = json_array();
    json_array_append(one, json_object_get(e, "evidence"));
    print_evidence(f, one, "      ");
    json_decref(one);
}

static void print_evidence(FILE *f, json_t *ev, const char *indent)
{
    size_t i;
    json_t *e = NULL;
    json_array_foreach(ev, i, e) {
        const char *sent = s(e, "sentence");
        size_t len = strlen(sent), cut = len > 220 ? 220 : len;
        while (cut < len && ((unsigned char)sent[cut] & 0xC0) == 0x80) cut--; /* whole characters */
        fprintf(f, "%s%s  %s: %.*s%s\n", indent, s(e, "date"), s(e, "id"), (int)cut, sent,
                cut < len ? "…" : "");
    }
}

void cli_kb_text(FILE *f, const char *what, const char *json)
{
    json_t *o = json_loads(json, 0, NULL);
    if (!o) return;
    size_t i;
    json_t *e = NULL;
    if (json_object_get(o, "candidates")) { /* an ambiguous name */
        fprintf(f, "'%s' may be:\n", s(o, "query"));
        json_array_foreach(json_object_get(o, "candidates"), i, e)
            fputs("  ", f);
            pad(f, s(e, "name"), 30);
            fprintf(f, " (%s)  %lld documents\n", s(e, "key"), n(e, "documents"));
    } else if (!strcmp(what, "person")) {
        fprintf(f, "%s  (%s)  %lld documents\n", s(o, "name"), s(o, "key"), n(o, "documents"));
        fprintf(f, "variants:");
        json_array_foreach(json_object_get(o, "variants"), i, e)
            fprintf(f, "%s %s (%lld)", i ? "," : "", s(e, "name"), n(e, "documents"));
        fprintf(f, "\npositions:\n");
        json_array_foreach(json_object_get(o, "positions"), i, e) {
            fprintf(f, "  %-8s .. %-8s  %-8s %s  [%s]  %lld documents", s(e, "first_seen"),
                    s(e, "last_seen"), s(e, "status"), s(e, "title"), s(e, "office"),
                    n(e, "documents"));
            print_end(f, e);
            print_evidence(f, json_object_get(e, "evidence"), "      ");
        }
        if (json_array_size(json_object_get(o, "meetings"))) fprintf(f, "recent meetings:\n");
        json_array_foreach(json_object_get(o, "meetings"), i, e) print_event(f, e, "  ");
    } else if (!strcmp(what, "events")) {
        json_array_foreach(json_object_get(o, "events"), i, e) print_event(f, e, "");
    } else if (!strcmp(what, "met")) {
        fprintf(f, "%s  (%s)\n", s(o, "name"), s(o, "key"));
        json_array_foreach(json_object_get(o, "counterparts"), i, e) {
            fprintf(f, "  %4lld  ", n(e, "count"));
            pad(f, s(e, "name"), 30);
            fprintf(f, " %s .. %s\n", s(e, "first"),
                    s(e, "last"));
            size_t k;
            json_t *v;
            json_array_foreach(json_object_get(e, "evidence"), k, v) {
                fprintf(f, "        %-10s %-10s ", s(v, "date"), s(v, "type"));
                const char *sent = s(v, "sentence");
                size_t len = strlen(sent), cut = len > 200 ? 200 : len;
                while (cut < len && ((unsigned char)sent[cut] & 0xC0) == 0x80) cut--;
                fprintf(f, "%.*s%s\n", (int)cut, sent, cut < len ? "…" : "");
            }
        }
    } else if (!strcmp(what, "quotes")) {
        fprintf(f, "%s  (%s)\n", s(o, "name"), s(o, "key"));
        json_array_foreach(json_object_get(o, "quotes"), i, e) {
            const char *said = s(e, "content");
            size_t len = strlen(said), cut = len > 300 ? 300 : len;
            while (cut < len && ((unsigned char)said[cut] & 0xC0) == 0x80) cut--;
            fprintf(f, "  %-10s  %s  %s: %.*s%s\n", s(e, "date"), s(e, "id"), s(e, "verb"),
                    (int)cut, said, cut < len ? "…" : "");
        }
    } else if (!strcmp(what, "office")) {
        fprintf(f, "%s  [%s]\n", s(o, "query"), s(o, "office"));
        json_t *ab = json_object_get(o, "abstained");
        if (ab) fprintf(f, "  no answer at %s: %s\n", s(o, "at"), s(ab, "reason"));
        json_array_foreach(json_object_get(o, "holders"), i, e) {
            fprintf(f, "  %-8s .. %-8s  %s  (%s, %lld documents)", s(e, "first_seen"),
                    s(e, "last_seen"), s(e, "name"), s(e, "status"), n(e, "documents"));
            print_end(f, e);
            print_evidence(f, json_object_get(e, "evidence"), "      ");
        }
    } else if (!strcmp(what, "persons")) {
        json_array_foreach(json_object_get(o, "persons"), i, e) {
            fprintf(f, "%6lld  ", n(e, "documents"));
            pad(f, s(e, "name"), 30);
            size_t k;
            json_t *v;
            int shown = 0;
            json_array_foreach(json_object_get(e, "variants"), k, v) {
                if (!strcmp(json_string_value(v), s(e, "name"))) continue;
                fprintf(f, "%s %s", shown++ ? "," : "  also:", json_string_value(v));
            }
            fputc('\n', f);
        }
    } else if (!strcmp(what, "changes")) {
        json_array_foreach(json_object_get(o, "changes"), i, e) {
            if (json_object_get(e, "predecessor"))
                fprintf(f, "%-10s  %s: %s  [%s], after %s\n", s(e, "date"), s(e, "name"),
                        s(e, "title"), s(e, "office"), s(e, "predecessor"));
            else
                fprintf(f, "%-10s  %s left: %s  [%s] (%s)\n", s(e, "date"), s(e, "name"),
                        s(e, "title"), s(e, "office"), s(e, "end_cause"));
            print_evidence(f, json_object_get(e, "evidence"), "      ");
        }
    } else if (!strcmp(what, "related")) {
        static const char *const lists[] = {"persons", "organizations", "places"};
        for (size_t l = 0; l < 3; l++) {
            fprintf(f, "%s:\n", lists[l]);
            json_array_foreach(json_object_get(o, lists[l]), i, e)
                fprintf(f, "  %4lld  %s\n", n(e, "documents"), s(e, "name"));
        }
    }
    json_decref(o);
}
