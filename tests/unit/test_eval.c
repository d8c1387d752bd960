/*
 * test_eval.c — unit tests of the scoring behind `veille eval` (src/eval.c):
 * one small invented article per rule, exact TP/FP/FN counts per field.
 * The gold and record lines are written for these tests, not taken from
 * shared/corpus.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "eval.h"
#include "veille.h"

void test_eval(void);

static vl_ctx *ectx;

/* Writes text to a new temporary file; the caller unlinks and frees the
 * returned path. */
static char *write_temp(const char *text)
{
    char tmpl[] = "/tmp/veille-eval-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0) return NULL;
    size_t n = strlen(text);
    if (write(fd, text, n) != (ssize_t)n) check_failures++;
    close(fd);
    return strdup(tmpl);
}

/* An evaluator over the given gold lines (NULL on failure, with *st set). */
static vl_eval *eval_of(const char *gold, vl_status *st, vl_error *err)
{
    char *path = write_temp(gold);
    vl_eval *ev = NULL;
    vl_error_clear(err);
    *st = path ? vl_eval_new(ectx, path, &ev, err) : VL_EIO;
    if (path) unlink(path);
    free(path);
    return *st ? NULL : ev;
}

static vl_status add(vl_eval *ev, const char *rec)
{
    vl_error e;
    vl_error_clear(&e);
    return vl_eval_add(ev, rec, strlen(rec), &e);
}

static char *print_to_string(const vl_eval *ev, int verbose, int json)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    vl_eval_print(ev, f, verbose, json);
    fclose(f);
    return buf;
}

/* Checks the summed counts of one field, through the JSON report. */
static void expect(const vl_eval *ev, const char *field, long long tp, long long fp,
                   long long fn, int line)
{
    char *out = print_to_string(ev, 0, 1);
    json_t *j = json_loads(out, 0, NULL);
    const json_t *o = json_object_get(json_object_get(j, "fields"), field);
    long long gtp = json_integer_value(json_object_get(o, "tp"));
    long long gfp = json_integer_value(json_object_get(o, "fp"));
    long long gfn = json_integer_value(json_object_get(o, "fn"));
    if (!o || gtp != tp || gfp != fp || gfn != fn) {
        fprintf(stderr, "  %s:%d: %s: tp/fp/fn = %lld/%lld/%lld, want %lld/%lld/%lld\n",
                __FILE__, line, field, gtp, gfp, gfn, tp, fp, fn);
        check_failures++;
    }
    json_decref(j);
    free(out);
}

#define EXPECT(ev, field, tp, fp, fn) expect(ev, field, tp, fp, fn, __LINE__)

static long long report_int(const vl_eval *ev, const char *key)
{
    char *out = print_to_string(ev, 0, 1);
    json_t *j = json_loads(out, 0, NULL);
    long long v = json_integer_value(json_object_get(j, key));
    json_decref(j);
    free(out);
    return v;
}

/* ------------------------------------------------------------ helpers */

static void test_jaccard_and_verbs(void)
{
    vl_status st;
    vl_error e;
    vl_eval *ev = eval_of("", &st, &e);
    CHECK_INT(st, VL_OK);
    if (!ev) return;
    /* articles and nationality adjectives go; case, accents, apostrophes fold */
    CHECK(vl_eval_jaccard(ev, "ministre chinois de la Défense",
                          "ministre de la Défense") == 1);
    CHECK(vl_eval_jaccard(ev, "délégation vietnamienne", "délégation") == 1);
    CHECK(vl_eval_jaccard(ev, "ministre des Affaires étrangères",
                          "Ministre des affaires etrangeres") == 1);
    CHECK(vl_eval_jaccard(ev, "directrice générale de l’Institut",
                          "directrice generale de l'Institut") == 1);
    /* contracted articles keep their preposition: du = de (le) */
    CHECK(vl_eval_jaccard(ev, "président du Comité", "président de Comité") == 1);
    /* a hyphenated word is one word: vice-ministre is not ministre */
    CHECK(vl_eval_jaccard(ev, "vice-ministre de la Défense", "ministre de la Défense") ==
          0.5);
    /* the threshold itself: 3 of 4 words */
    CHECK(vl_eval_jaccard(ev, "ministre de la Défense nationale",
                          "ministre de la Défense") == 0.75);

    static const struct {
        const char *verb, *key;
    } verbs[] = {
        {"a-t-il souligné", "souli"},
        {"a souligné", "souli"},
        {"soulignant", "souli"},
        {"s’est déclaré convaincu", "decla"},
        {"s'est dit convaincu", "dit"},
        {"ont également salué", "salue"},
        {"a vivement apprécié", "appre"},
        {"selon", "selon"},
        {"n'a pas caché", "cache"},
        {"se sont engagés", "engag"},
        {"a", "a"},
    };
    vl_buf b;
    vl_buf_init(&b, 0);
    for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++) {
        vl_buf_reset(&b);
        vl_eval_verb_key(ev, verbs[i].verb, &b);
        CHECK_STR(b.data ? (const char *)b.data : "", verbs[i].key);
    }
    vl_buf_free(&b);
    vl_eval_free(ev);
}

/* ------------------------------------------------------------ persons */

static const char gold_people[] =
    "{\"file\": \"p1.txt\", \"date\": \"2024-05\", \"persons\": ["
    "{\"name\": \"Trần Văn Bình\", \"aliases\": [],"
    " \"titles\": [\"ministre de la Défense nationale\", \"membre du Comité central du "
    "Parti\","
    "  \"directeur général de l'Agence nationale des routes\"],"
    " \"former_titles\": [\"ambassadeur au Japon\"], \"ranks\": [\"général de corps "
    "d’armée\"]},"
    "{\"name\": \"Lê Thị Mai\", \"aliases\": [\"Lê Thi Mây\"], \"titles\": [],"
    " \"former_titles\": [], \"ranks\": []},"
    "{\"name\": \"Pierre Durand\", \"aliases\": [],"
    " \"titles\": [\"ambassadeur de France au Vietnam\"], \"former_titles\": [], "
    "\"ranks\": []}],"
    " \"organizations\": [], \"places\": [], \"dates\": []}\n";

static void test_persons_and_titles(void)
{
    vl_status st;
    vl_error e;
    vl_eval *ev = eval_of(gold_people, &st, &e);
    CHECK_INT(st, VL_OK);
    if (!ev) return;
    /* no record yet: everything missed */
    EXPECT(ev, "persons", 0, 0, 3);
    EXPECT(ev, "titles", 0, 0, 4);
    CHECK_INT(report_int(ev, "missing_records"), 1);

    CHECK_INT(
        add(ev,
            "{\"source\": \"/x/y/p1.txt\", \"persons\": ["
            /* diacritics folded; titles: 3/4 (match), 4/5 (match), 5/7 (no) */
            "{\"name\": \"Tran Van Binh\", \"key\": \"tran van binh\", \"titles\": ["
            " {\"text\": \"ministre vietnamien de la Défense\", \"status\": \"current\"},"
            " {\"text\": \"membre du Comité central\", \"status\": \"acting\"},"
            " {\"text\": \"directeur général de l'Agence nationale des ports\"},"
            " {\"text\": \"ancien ambassadeur au Japon\", \"status\": \"former\"},"
            " {\"text\": \"vice-ministre des Finances\", \"status\": \"former\"}],"
            " \"ranks\": [\"général de corps d'armée\", \"colonel\"]},"
            /* the misspelt alias, then the name again: one gold person */
            "{\"name\": \"Le Thi May\", \"key\": \"le thi may\", \"titles\": []},"
            "{\"name\": \"Lê Thị Mai\", \"key\": \"le thi mai\", \"titles\": []},"
            /* nobody in the gold: its title is a false alarm */
            "{\"name\": \"Nguyễn Hữu Phúc\", \"key\": \"nguyen huu phuc\","
            " \"titles\": [{\"text\": \"ministre de la Santé\"}]}]}"),
        VL_OK);
    EXPECT(ev, "persons", 2, 2, 1);
    /* hits: Défense, Comité; false alarms: ports, Santé; misses: routes,
     * Durand's title. Former titles are neither. */
    EXPECT(ev, "titles", 2, 2, 2);
    EXPECT(ev, "former_titles", 1, 1, 0);
    EXPECT(ev, "ranks", 1, 1, 0);
    CHECK_INT(report_int(ev, "missing_records"), 0);

    char *out = print_to_string(ev, 1, 0);
    CHECK(out && strstr(out, "- persons: Pierre Durand\n"));
    CHECK(out && strstr(out, "+ titles: Nguyễn Hữu Phúc: ministre de la Santé\n"));
    CHECK(out && strstr(out, "- titles: Trần Văn Bình: directeur général de l'Agence "
                             "nationale des routes\n"));
    CHECK(out && strstr(out, "gold articles without a record: 0 of 1"));
    free(out);

    /* a second record for the same article replaces the first */
    CHECK_INT(add(ev,
                  "{\"source\": \"p1.txt\", \"persons\": [{\"name\": \"Pierre Durand\","
                  " \"titles\": [{\"text\": \"ambassadeur français au Vietnam\"}]}]}"),
              VL_OK);
    EXPECT(ev, "persons", 1, 0, 2);
    EXPECT(ev, "titles", 0, 1, 4); /* "de France" is not "français" */
    vl_eval_free(ev);
}

/* ---------------------------------------- places, organisations, dates */

static void test_places_orgs_dates(void)
{
    vl_status st;
    vl_error e;
    vl_eval *ev =
        eval_of("{\"file\": \"q1.txt\", \"date\": null, \"persons\": [],"
                " \"organizations\": [\"ministère de la Sécurité publique\","
                "  \"Organisation des Nations unies\", \"Académie des sciences sociales "
                "du Vietnam\"],"
                " \"places\": [\"Hanoï\", \"Đà Nẵng\", \"Việt Nam\"],"
                " \"dates\": [{\"text\": \"12 mars\", \"value\": \"2024-03-12\"},"
                "  {\"text\": \"avril 2023\", \"value\": \"2023-04\"}]}\n",
                &st, &e);
    CHECK_INT(st, VL_OK);
    if (!ev) return;
    CHECK_INT(add(ev, "{\"source\": \"q1.txt\","
                      " \"places\": [{\"name\": \"Hanoi\"}, {\"name\": \"Da Nang\"},"
                      "  {\"name\": \"Vietnam\"}, {\"name\": \"HANOÏ\"}],"
                      " \"organizations\": [{\"name\": \"ministère vietnamien de la "
                      "Sécurité publique\"},"
                      "  {\"name\": \"Nations unies\"}, {\"name\": \"Académie des "
                      "sciences sociales\"}],"
                      " \"dates\": [{\"text\": \"12 mars\", \"value\": \"2024-03-12\"},"
                      "  {\"text\": \"1er avril\", \"value\": \"2023-04-01\"}]}"),
              VL_OK);
    /* Hanoi twice: one hit, one false alarm; Vietnam is not Viet Nam */
    EXPECT(ev, "places", 2, 2, 1);
    /* same set without the adjective (1.0), 2/4 (no), 4/5 (yes) */
    EXPECT(ev, "organizations", 2, 1, 1);
    EXPECT(ev, "dates", 1, 1, 1);
    vl_eval_free(ev);
}

/* --------------------------------------------------- quotes, amounts */

static void test_quotes_amounts(void)
{
    vl_status st;
    vl_error e;
    vl_eval *ev = eval_of(
        "{\"file\": \"r1.txt\", \"date\": \"2024-01\", \"persons\": ["
        "{\"name\": \"Bùi Văn An\", \"aliases\": [\"Bui Vinh An\"], \"titles\": [],"
        " \"former_titles\": [], \"ranks\": []},"
        "{\"name\": \"Marie Leroy\", \"aliases\": [], \"titles\": [], \"former_titles\": "
        "[],"
        " \"ranks\": []}], \"organizations\": [], \"places\": [], \"dates\": [],"
        " \"quotes\": [{\"speaker\": \"Bùi Văn An\", \"verb\": \"a-t-il souligné\"},"
        "  {\"speaker\": \"Bùi Văn An\", \"verb\": \"s’est déclaré convaincu\"},"
        "  {\"speaker\": \"Marie Leroy\", \"verb\": \"a affirmé\"},"
        "  {\"speaker\": \"Bùi Văn An\", \"verb\": \"ont convenu\"}],"
        " \"amounts\": [{\"value\": 162, \"unit\": \"organismes\", \"text\": \"162 "
        "organismes\"},"
        "  {\"value\": 1500000000, \"unit\": \"dollars\", \"text\": \"1,5 milliard de "
        "dollars\"},"
        "  {\"value\": 3, \"unit\": \"jours\", \"text\": \"trois jours\"},"
        "  {\"value\": 12, \"unit\": \"États\", \"text\": \"12 États\"}]}\n"
        /* first pass only: no quotes or amounts annotated */
        "{\"file\": \"r2.txt\", \"date\": null, \"persons\": [], \"organizations\": [],"
        " \"places\": [], \"dates\": []}\n",
        &st, &e);
    CHECK_INT(st, VL_OK);
    if (!ev) return;
    CHECK_INT(add(ev,
                  "{\"source\": \"r1.txt\", \"persons\": ["
                  " {\"name\": \"Bui Van An\", \"key\": \"bui van an\"},"
                  " {\"name\": \"Marie Leroy\", \"key\": \"marie leroy\"}],"
                  " \"quotes\": ["
                  "  {\"speaker\": \"bui van an\", \"verb\": \"a souligné\"},"
                  "  {\"speaker\": \"bui vinh an\", \"verb\": \"s'est dit convaincu\"},"
                  "  {\"speaker\": \"bui vinh an\", \"verb\": \"ont également convenu\"},"
                  "  {\"speaker\": \"marie leroy\", \"verb\": \"a déclaré\"}],"
                  " \"amounts\": [{\"value\": 162, \"unit\": \"organisations\"},"
                  "  {\"value\": 1.5e9, \"unit\": \"dollars US\"},"
                  "  {\"value\": 3, \"unit\": \"ans\"}, {\"value\": 12, \"unit\": "
                  "\"Etats\"}]}"),
              VL_OK);
    /* souligné = a-t-il souligné; alias speaker + adverb skipped; dit is not
     * déclaré, déclaré is not affirmé */
    EXPECT(ev, "quotes", 2, 2, 2);
    /* organ(ismes|isations), doll(ars), Etat(s); 3 ans is not 3 jours */
    EXPECT(ev, "amounts", 3, 1, 1);
    /* r2 has no second-pass fields: the record's quotes are not scored */
    CHECK_INT(
        add(ev,
            "{\"source\": \"r2.txt\", \"quotes\": [{\"speaker\": \"x\","
            " \"verb\": \"a dit\"}], \"amounts\": [{\"value\": 5, \"unit\": \"pays\"}]}"),
        VL_OK);
    EXPECT(ev, "quotes", 2, 2, 2);
    EXPECT(ev, "amounts", 3, 1, 1);
    vl_eval_free(ev);
}

/* ------------------------------------------ record matching, errors */

static void test_records_and_errors(void)
{
    vl_status st;
    vl_error e;
    vl_eval *ev = eval_of("{\"file\": \"s1.txt\", \"persons\": [{\"name\": \"Ana "
                          "Lima\"}], \"places\": [\"Lima\"]}\n"
                          "\n"
                          "{\"file\": \"s2.txt\", \"persons\": [{\"name\": \"Omar "
                          "Said\"}], \"places\": []}\n"
                          "{\"file\": \"s3.txt\", \"persons\": [{\"name\": \"Kim "
                          "Soo\"}], \"places\": []}\n",
                          &st, &e);
    CHECK_INT(st, VL_OK);
    if (!ev) return;
    CHECK_INT(
        add(ev, "{\"source\": \"corpus/s1.txt\", \"persons\": [{\"name\": \"Ana Lima\"}],"
                " \"places\": [{\"name\": \"Lima\"}]}"),
        VL_OK);
    /* JSONL input: the source is not a file name, the id is */
    CHECK_INT(add(ev, "{\"source\": \"feed.jsonl:2\", \"id\": \"s2.txt\","
                      " \"persons\": [{\"name\": \"Omar Saïd\"}]}"),
              VL_OK);
    CHECK_INT(add(ev, "{\"source\": \"other/zz.txt\", \"persons\": []}"), VL_ENOTFOUND);
    CHECK_INT(add(ev, "not json"), VL_EJSON);
    CHECK_INT(add(ev, "[1, 2]"), VL_EJSON);
    CHECK_INT(add(ev, "{\"persons\": []}"), VL_EJSON);
    /* s3 has no record: its person is a miss */
    EXPECT(ev, "persons", 2, 0, 1);
    EXPECT(ev, "places", 1, 0, 0);
    CHECK_INT(report_int(ev, "missing_records"), 1);
    CHECK_INT(report_int(ev, "unmatched_records"), 1);
    CHECK(vl_eval_f1(ev, "places") == 1);
    CHECK(vl_eval_f1(ev, "persons") == 0.8);
    CHECK(vl_eval_f1(ev, "person-title") == 1); /* no titles anywhere */
    CHECK(vl_eval_f1(ev, "nonsense") == -1);
    char *out = print_to_string(ev, 1, 0);
    CHECK(out && strstr(out, "== s3.txt: no record\n"));
    CHECK(out && strstr(out, "gold articles without a record: 1 of 3"));
    free(out);
    vl_eval_free(ev);

    CHECK(eval_of("{\"file\": \"a.txt\"}\n{\"file\": oops}\n", &st, &e) == NULL);
    CHECK_INT(st, VL_EJSON);
    CHECK_INT(e.line, 2);
    CHECK(eval_of("{\"persons\": []}\n", &st, &e) == NULL);
    CHECK_INT(st, VL_EJSON);
    CHECK(eval_of("{\"file\": \"a.txt\"}\n{\"file\": \"a.txt\"}\n", &st, &e) == NULL);
    CHECK_INT(st, VL_EJSON);
    CHECK_INT(e.line, 2);
    vl_eval *none = NULL;
    vl_error_clear(&e);
    CHECK_INT(vl_eval_new(ectx, "/nonexistent/gold.jsonl", &none, &e), VL_EIO);
    CHECK(none == NULL);
    vl_eval_free(NULL);
}

void test_eval(void)
{
    vl_error e;
    vl_error_clear(&e);
    if (vl_ctx_new(NULL, &ectx, &e) != VL_OK) {
        fprintf(stderr, "  cannot load lexicons: %s\n", e.message);
        check_failures++;
        return;
    }
    test_jaccard_and_verbs();
    test_persons_and_titles();
    test_places_orgs_dates();
    test_quotes_amounts();
    test_records_and_errors();
    vl_ctx_free(ectx);
    ectx = NULL;
}
