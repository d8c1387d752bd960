/*
 * main.c — the veille command line: a thin layer over veille.h.
 *
 *   veille [--db PATH] COMMAND [ARGS]
 *
 * docs/CLI.md is the contract (messages, exit codes); keep them in step.
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "cli.h"
#include "veille.h"

/* Exit status, one convention for every command: 0 found (or done), 1
 * nothing found (or an input skipped), 2 a usage error or a failure. */
enum { EXIT_NONE = 1, EXIT_SKIPPED = 1, EXIT_USAGE = 2 };

typedef struct cli {
    const char *db;
    char *shown; /* db as said to users (shown_db) */
    const char *data_dir;
    size_t max_size;
    int structure_only; /* the command needs no extraction lexicons */
    vl_ctx *ctx;
} cli;

__attribute__((format(printf, 1, 2), noreturn)) static void die_usage(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "veille: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (try 'veille --help')\n");
    exit(EXIT_USAGE);
}

static void print_error(const vl_error *e)
{
    fprintf(stderr, "veille: %s\n", e->message[0] ? e->message : vl_status_str(e->code));
}

static const char usage_main[] =
    "usage: veille [--db PATH] COMMAND [ARGS]\n"
    "\n"
    "Commands:\n"
    "  ingest INPUT...   read dispatches (files, folders, JSONL, -) into the database\n"
    "  load RECORDS...   store the records of 'extract --store' (no extraction)\n"
    "  search QUERY      French full-text search\n"
    "  stats             what the database holds\n"
    "  show DOC          a stored document's structure\n"
    "  extract [INPUT...] one JSON record per document on stdout (no database)\n"
    "  person NAME       a person: name variants, offices over time, evidence\n"
    "  office TITLE      who held an office (--at DATE: then)\n"
    "  persons           every person, most documented first\n"
    "  changes           appointments and departures since a date\n"
    "  related NAME      persons, organisations, places in the same documents\n"
    "  events            who met whom: meetings, talks, visits (--with NAME|COUNTRY)\n"
    "  met NAME          whom a person met, how often, first and last time\n"
    "  quotes NAME       what a person said, when, in which dispatch (--about WORDS)\n"
    "  rebuild           recompute the knowledge base and the events\n"
    "  serve             the web UI and JSON API on http://127.0.0.1:8080/\n"
    "  eval GOLD [INPUT...] score extraction against gold annotations\n"
    "\n"
    "Options:\n"
    "  --db PATH         database (default: $VEILLE_DB, else ./veille.db); a\n"
    "                    postgresql:// URI: a store kept in PostgreSQL\n"
    "  --data DIR        lexicon folder (default: $VEILLE_DATA, else the built-in one)\n"
    "  -h, --help        this help; 'veille COMMAND --help' (or 'veille help COMMAND')\n"
    "                    for a command's options\n"
    "  -V, --version     the version\n"
    "  -n N, -j N, -q    --limit N, --jobs N, --quiet; '--' ends the options\n"
    "\n"
    "Exit status: 0 found, 1 nothing found (or an input skipped), 2 usage error or\n"
    "failure.\n";

static const char usage_load[] =
    "usage: veille load [--batch N] [--jobs N] [--quiet] RECORDS...\n"
    "\n"
    "Stores the records of 'veille extract --store' (JSONL files, folders of them, or\n"
    "- for standard input) as ingest would have stored their documents, without\n"
    "extracting them again: extraction may run anywhere (docs/SCALE.md), loading in\n"
    "one place. Idempotent by content, as ingest; the knowledge base is brought up to\n"
    "date at the end. A line that is no such record is reported and skipped (exit 1).\n"
    "\n"
    "  --batch N         documents per transaction (default 2000)\n"
    "  --jobs N          threads that check records and lay out their texts (default:\n"
    "                    one per core); one more stores, in reading order\n"
    "  --quiet           no progress and no summary\n";

static const char usage_ingest[] =
    "usage: veille ingest [--jsonl] [--max-size BYTES] [--batch N] [--jobs N] [--quiet]\n"
    "                     INPUT...\n"
    "\n"
    "Reads each INPUT (a text file, a folder read recursively, a *.jsonl file, or - for\n"
    "standard input) and stores every valid document once (by content). Bad inputs are\n"
    "reported on stderr and skipped; the exit status is 1 when anything was skipped.\n"
    "\n"
    "  --jsonl           read '-' (and files without .jsonl) as JSONL\n"
    "  --max-size BYTES  largest document accepted (default 6M; K, M, G suffixes);\n"
    "                    a document's analysis holds some 26 bytes per byte\n"
    "  --batch N         documents per transaction (default 2000)\n"
    "  --jobs N          analysis threads (default: one per core); one more thread\n"
    "                    stores, in reading order, so any N gives the same database\n"
    "  --quiet           no progress and no summary\n";

static const char usage_search[] =
    "usage: veille search QUERY [--from DATE] [--to DATE] [--undated] [--sort relevance|date]\n"
    "                           [--limit N] [--offset N] [--facets] [--time-limit S]\n"
    "                           [--json | --csv]\n"
    "\n"
    "QUERY: words, \"phrases\", prefix*, AND, OR, NOT, ( ). Case and accents do not\n"
    "matter; French words match their other forms (ministres finds ministre). Several\n"
    "plain words rank documents holding more of them, and holding them together,\n"
    "higher (docs/CLI.md says how).\n"
    "DATE: YYYY, YYYY-MM or YYYY-MM-DD.\n"
    "\n"
    "  --from DATE       documents dated on or after DATE\n"
    "  --to DATE         documents dated on or before DATE\n"
    "  --undated         with --from or --to: undated documents too (otherwise they\n"
    "                    are left out, and how many is said)\n"
    "  --sort date       newest first, undated last (a plain query's words are then\n"
    "                    all required); --sort relevance is the default\n"
    "  --limit N         at most N hits (default 20)\n"
    "  --offset N        skip the first N hits (the next page)\n"
    "  --time-limit S    stop a search running longer than S seconds (default 30;\n"
    "                    decimals allowed): a message, exit 2\n"
    "  --facets          the persons, organisations and places the best 200 hits\n"
    "                    name most, and those hits per month\n"
    "  --json            {\"total\",\"undated\",\"hits\":[{\"id\",\"source\",\"date\",\"title\",\n"
    "                    \"snippet\",\"score\"}]}; undated: matching undated documents\n"
    "                    the date filter left out; with --facets, \"facets\":{\"docs\",\n"
    "                    \"persons\",\"organizations\",\"places\":[{\"key\",\"name\",\"count\"}],\n"
    "                    \"months\":[{\"month\",\"count\"}]}\n";

static const char usage_stats[] =
    "usage: veille stats [--json]\n"
    "\n"
    "Documents, date range, bytes and skipped inputs in the database.\n";

static const char usage_show[] =
    "usage: veille show DOC [--json]\n"
    "\n"
    "Shows the structure of a stored document, given by id or source path: header\n"
    "date, title, dateline, paragraphs, captions, related lines, signature.\n";

/* The arguments after "--": operands, whatever they look like. */
static struct {
    char **at;
    int n;
} operands;

static int is_operand(const char *a)
{
    for (int k = 0; k < operands.n; k++)
        if (operands.at[k] == a) return 1;
    return 0;
}

/* a is the option name (not an operand that reads like it) */
static int is_opt(const char *a, const char *name)
{
    return !strcmp(a, name) && !is_operand(a);
}

/* a reads as an option: "--x", or "-x" when dashed is 1 */
static int looks_opt(const char *a, int dashed)
{
    return a[0] == '-' && (dashed ? a[1] != 0 : a[1] == '-') && !is_operand(a);
}

static int is_help(const char *a)
{
    return (!strcmp(a, "--help") || !strcmp(a, "-h")) && !is_operand(a);
}

static size_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || s[0] == '-') die_usage("bad size '%s'", s);
    unsigned long long mul = 1;
    if (*end == 'K' || *end == 'k') mul = 1024, end++;
    else if (*end == 'M' || *end == 'm') mul = 1024 * 1024, end++;
    else if (*end == 'G' || *end == 'g') mul = 1024ULL * 1024 * 1024, end++;
    if (*end || v == 0 || v > (1ULL << 30) / mul) die_usage("bad size '%s' (1 to 1G)", s);
    return (size_t)(v * mul);
}

static int parse_int(const char *s, int lo, int hi)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) die_usage("bad number '%s'", s);
    return (int)v;
}

static const char *need_arg(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) die_usage("option %s needs a value", argv[*i]);
    return argv[++*i];
}

static vl_ctx *context(cli *c)
{
    if (c->ctx) return c->ctx;
    vl_options o = {c->data_dir, c->max_size, c->structure_only};
    vl_error e;
    vl_error_clear(&e);
    if (vl_ctx_new(&o, &c->ctx, &e) != VL_OK) {
        print_error(&e);
        exit(EXIT_USAGE);
    }
    return c->ctx;
}

static char *shown_to_free;
static void free_shown(void) { free(shown_to_free); }

/* The database as said to users: a PostgreSQL URI's password hidden
 * (postgresql://user:***@host/db, password=***). A new string. */
static char *shown_db(const char *db)
{
    size_t n = strlen(db);
    char *out = malloc(n + 8), *w = out; /* "***" replaces at least one byte, once */
    if (!out) return NULL;
    const char *p = db, *scheme = strstr(db, "://");
    int url = vl_store_is_url(db) && scheme;
    if (url) {
        const char *auth = scheme + 3, *end = auth + strcspn(auth, "/?");
        const char *at = memchr(auth, '@', (size_t)(end - auth));
        const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
        if (colon && colon + 1 < at) {
            memcpy(w, db, (size_t)(colon + 1 - db));
            w += colon + 1 - db;
            memcpy(w, "***", 3);
            w += 3;
            p = at;
        }
    }
    int hidden = 0; /* one password= hidden, which fits in the room */
    for (; *p; p++) {
        if (url && !hidden && p > db && (p[-1] == '?' || p[-1] == '&') &&
            !strncmp(p, "password=", 9) && p[9] && p[9] != '&') {
            memcpy(w, "password=***", 12);
            w += 12;
            p += 8 + strcspn(p + 9, "&");
            hidden = 1;
            continue;
        }
        *w++ = *p;
    }
    *w = 0;
    return out;
}

static vl_store *open_store(cli *c)
{
    vl_store *st;
    vl_error e;
    vl_error_clear(&e);
    if (vl_store_open(context(c), c->db, &st, &e) != VL_OK) {
        /* a message of SQLite's ("database or disk is full") says not which */
        if (e.code == VL_EDB && !strstr(e.message, c->db))
            fprintf(stderr, "veille: cannot open the database %s: %s\n", c->shown, e.message);
        else
            print_error(&e);
        exit(EXIT_USAGE);
    }
    return st;
}

/* The database, for reading only: never created, written or given veille's
 * tables (vl_store_open_reader: brought up to date first when it needs it). */
static vl_store *open_reader(cli *c)
{
    vl_store *st;
    vl_error e;
    vl_error_clear(&e);
    if (!vl_store_is_url(c->db) && access(c->db, F_OK) != 0) {
        fprintf(stderr, "veille: no database at %s ('veille --db %s ingest INPUT' makes one)\n",
                c->db, c->db);
        exit(EXIT_USAGE);
    }
    if (vl_store_open_reader(context(c), c->db, &st, &e) != VL_OK) {
        print_error(&e);
        exit(EXIT_USAGE);
    }
    return st;
}

/* ------------------------------------------------------------ ingest */

typedef struct ingest_ui {
    int progress, quiet;
    struct timespec t0;
} ingest_ui;

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void report_skip(void *user, const vl_error *why)
{
    ingest_ui *ui = user;
    if (ui->progress) fputs("\r\033[K", stderr);
    if (why->line >= 0)
        fprintf(stderr, "veille: skipped %s:%lld: %s\n", why->path, (long long)why->line,
                why->message);
    else
        fprintf(stderr, "veille: skipped %s: %s\n", why->path, why->message);
}

static void report_progress(void *user, const vl_ingest_report *r)
{
    ingest_ui *ui = user;
    if (!ui->progress) return;
    double t = since(&ui->t0), mb = (double)r->bytes / 1e6;
    fprintf(stderr, "\r\033[Kveille: %lld documents, %lld added, %lld skipped, %.1f MB/s",
            (long long)r->read, (long long)r->added, (long long)r->skipped,
            t > 0 ? mb / t : 0.0);
}

/* ingest, or load when load is set (the records of extract --store) */
static int cmd_ingest(cli *c, int argc, char **argv, int load)
{
    vl_ingest_opts o;
    memset(&o, 0, sizeof o);
    ingest_ui ui;
    memset(&ui, 0, sizeof ui);
    const char **paths = calloc((size_t)argc + 1, sizeof *paths);
    size_t n = 0;
    if (!paths) return EXIT_USAGE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a)) {
            fputs(load ? usage_load : usage_ingest, stdout);
            free(paths);
            return 0;
        } else if (is_opt(a, "--jsonl") && !load) {
            o.jsonl = 1;
        } else if (is_opt(a, "--quiet") || is_opt(a, "-q")) {
            ui.quiet = 1;
        } else if (is_opt(a, "--max-size") && !load) {
            c->max_size = parse_size(need_arg(argc, argv, &i));
        } else if (is_opt(a, "--batch")) {
            o.batch = parse_int(need_arg(argc, argv, &i), 1, 1000000);
        } else if (is_opt(a, "--jobs") || is_opt(a, "-j")) {
            o.jobs = parse_int(need_arg(argc, argv, &i), 1, 256);
        } else if (looks_opt(a, 1)) {
            free(paths);
            die_usage("unknown option '%s'", a);
        } else {
            paths[n++] = a;
        }
    }
    if (n == 0) {
        free(paths);
        die_usage("%s needs at least one INPUT", load ? "load" : "ingest");
    }
    /* a loaded record's text is checked as ingest checks it: no smaller bound */
    if (load) c->max_size = 1024u * 1024 * 1024;
    vl_store *st = open_store(c);
    ui.progress = !ui.quiet && isatty(2);
    clock_gettime(CLOCK_MONOTONIC, &ui.t0);
    o.on_skip = report_skip;
    o.on_progress = report_progress;
    o.user = &ui;
    vl_ingest_report r;
    vl_error e;
    vl_error_clear(&e);
    vl_status s = (load ? vl_load : vl_ingest)(st, paths, n, &o, &r, &e);
    double t = since(&ui.t0), mb = (double)r.bytes / 1e6;
    if (ui.progress) fputs("\r\033[K", stderr);
    if (s == VL_EDB) /* what was stored before stays: a later run goes on */
        fprintf(stderr, "veille: cannot write the database %s: %s (what was committed is kept;"
                        " run it again when it can be written)\n", c->shown,
                e.message[0] ? e.message : vl_status_str(s));
    else if (s)
        print_error(&e);
    if (!ui.quiet)
        fprintf(stderr,
                "veille: %s: %lld document%s read, %lld added, %lld already stored,"
                " %lld skipped, %.1f MB in %.2f s (%.1f MB/s)\n",
                load ? "load" : "ingest", (long long)r.read, r.read == 1 ? "" : "s", (long long)r.added, (long long)r.duplicate,
                (long long)r.skipped, mb, t, t > 0 ? mb / t : 0.0);
    vl_store_close(st);
    free(paths);
    if (s) return EXIT_USAGE;
    return r.skipped ? EXIT_SKIPPED : 0;
}

/* ------------------------------------------------------------ search */

static void print_snippet(const char *s)
{
    fputs("    ", stdout);
    for (; s && *s; s++) {
        if (*s == 1) fputc('[', stdout);
        else if (*s == 2) fputc(']', stdout);
        else if (*s == '\n') fputs(" ", stdout);
        else fputc(*s, stdout);
    }
    fputc('\n', stdout);
}

/* The facets of a search, a line each. */
static void print_facets(const vl_hits *h)
{
    static const char *const label[VL_FACET_KINDS] = {"persons", "organizations", "places",
                                                      "months"};
    printf("\nin the best %lld hits:\n", (long long)vl_hits_facet_docs(h));
    for (int k = 0; k < VL_FACET_KINDS; k++) {
        printf("  %s:", label[k]);
        for (size_t i = 0; i < vl_hits_facet_count(h, (vl_facet_kind)k); i++) {
            const vl_facet *f = vl_hits_facet(h, (vl_facet_kind)k, i);
            printf("%s %s (%lld)", i ? "," : "", f->name, (long long)f->count);
        }
        printf("\n");
    }
}

static int cmd_search(cli *c, int argc, char **argv)
{
    vl_search_opts o;
    memset(&o, 0, sizeof o);
    int json = 0, csv = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a)) {
            fputs(usage_search, stdout);
            return 0;
        } else if (is_opt(a, "--json")) {
            json = 1;
        } else if (is_opt(a, "--csv")) {
            csv = 1;
        } else if (is_opt(a, "--from")) {
            o.from = need_arg(argc, argv, &i);
        } else if (is_opt(a, "--to")) {
            o.to = need_arg(argc, argv, &i);
        } else if (is_opt(a, "--limit")) {
            o.limit = parse_int(need_arg(argc, argv, &i), 1, 100000);
        } else if (is_opt(a, "--offset")) {
            o.offset = parse_int(need_arg(argc, argv, &i), 0, 1000000);
        } else if (is_opt(a, "--undated")) {
            o.undated = 1;
        } else if (is_opt(a, "--facets")) {
            o.facets = 1;
        } else if (is_opt(a, "--time-limit")) {
            const char *v = need_arg(argc, argv, &i);
            char *end;
            double sec = strtod(v, &end);
            if (end == v || *end || !(sec >= 0.001 && sec <= 86400))
                die_usage("bad --time-limit '%s' (seconds, 0.001 to 86400)", v);
            o.time_limit_ms = sec * 1000 < 1 ? 1 : (int)(sec * 1000);
        } else if (is_opt(a, "--sort")) {
            const char *by = need_arg(argc, argv, &i);
            if (!strcmp(by, "date"))
                o.by_date = 1;
            else if (strcmp(by, "relevance") != 0)
                die_usage("--sort takes relevance or date, not '%s'", by);
        } else if (looks_opt(a, 0)) {
            die_usage("unknown option '%s'", a);
        } else if (!o.query) {
            o.query = a;
        } else {
            die_usage("one QUERY only; quote it: veille search '%s ...'", o.query);
        }
    }
    if (!o.query) die_usage("%s", "search needs a QUERY");
    if (o.from && !vl_date_valid(o.from)) die_usage("bad date '%s' (YYYY, YYYY-MM or YYYY-MM-DD)", o.from);
    if (o.to && !vl_date_valid(o.to)) die_usage("bad date '%s' (YYYY, YYYY-MM or YYYY-MM-DD)", o.to);
    vl_store *st = open_reader(c);
    vl_hits *h;
    vl_error e;
    vl_error_clear(&e);
    vl_status s = vl_search(st, &o, &h, &e);
    if (s) {
        if (s == VL_EQUERY)
            fprintf(stderr, "veille: bad query: %s\n", e.message);
        else
            print_error(&e);
        vl_store_close(st);
        return EXIT_USAGE;
    }
    if (csv) {
        char *js = NULL;
        size_t jn = 0;
        FILE *m = open_memstream(&js, &jn);
        if (m) {
            cli_json_hits(m, h);
            fclose(m);
            cli_csv(stdout, js, "hits");
        }
        free(js);
    } else if (json) {
        cli_json_hits(stdout, h);
    } else {
        long long total = vl_hits_total(h), undated = vl_hits_undated(h);
        printf("%lld document%s", total, total == 1 ? "" : "s");
        if (undated)
            printf(" (%lld undated left out: --undated includes them)", undated);
        printf("\n");
        for (size_t i = 0; i < vl_hits_count(h); i++) {
            const vl_hit *x = vl_hits_get(h, i);
            printf("\n[%.2f] %-10s  %s  %s\n", x->score, x->date ? x->date : "-", x->id,
                   x->title ? x->title : x->source);
            print_snippet(x->snippet);
        }
        if (o.facets) print_facets(h);
    }
    int found = vl_hits_total(h) > 0;
    vl_hits_free(h);
    vl_store_close(st);
    return found ? 0 : EXIT_NONE;
}

/* ------------------------------------------------------- stats, show */

static int cmd_stats(cli *c, int argc, char **argv)
{
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (is_help(argv[i])) {
            fputs(usage_stats, stdout);
            return 0;
        } else if (is_opt(argv[i], "--json")) {
            json = 1;
        } else {
            die_usage("unknown argument '%s'", argv[i]);
        }
    }
    vl_store *st = open_reader(c);
    vl_stats s;
    vl_error e;
    vl_error_clear(&e);
    if (vl_store_stats(st, &s, &e) != VL_OK) {
        print_error(&e);
        vl_store_close(st);
        return EXIT_USAGE;
    }
    if (json) {
        cli_json_stats(stdout, &s);
    } else {
        printf("database   %s\n", c->shown);
        printf("documents  %lld\n", (long long)s.documents);
        printf("dates      %s .. %s\n", s.first_date[0] ? s.first_date : "-",
               s.last_date[0] ? s.last_date : "-");
        printf("bytes      %lld (%.1f MB)\n", (long long)s.bytes, (double)s.bytes / 1e6);
        printf("skipped    %lld\n", (long long)s.skipped);
    }
    vl_store_close(st);
    return 0;
}

static int cmd_show(cli *c, int argc, char **argv)
{
    int json = 0;
    const char *key = NULL;
    for (int i = 1; i < argc; i++) {
        if (is_help(argv[i])) {
            fputs(usage_show, stdout);
            return 0;
        } else if (is_opt(argv[i], "--json")) {
            json = 1;
        } else if (looks_opt(argv[i], 0)) {
            die_usage("unknown option '%s'", argv[i]);
        } else if (!key) {
            key = argv[i];
        } else {
            die_usage("one DOC only ('%s')", argv[i]);
        }
    }
    if (!key) die_usage("%s", "show needs a DOC (id or source path)");
    vl_store *st = open_reader(c);
    vl_doc *d;
    vl_error e;
    vl_error_clear(&e);
    vl_status gs = vl_store_get(st, key, &d, &e);
    if (gs != VL_OK) {
        print_error(&e);
        vl_store_close(st);
        return gs == VL_ENOTFOUND ? EXIT_NONE : EXIT_USAGE;
    }
    if (json) {
        cli_json_doc(stdout, d);
    } else {
        size_t len;
        const char *text = vl_doc_text(d, &len);
        printf("id      %s\nsource  %s\ndate    %s%s%s%s\ntitle   %s\n", vl_doc_id(d),
               vl_doc_source(d), vl_doc_date(d) ? vl_doc_date(d) : "-",
               vl_doc_date_source(d) ? " (" : "",
               vl_doc_date_source(d) ? vl_doc_date_source(d) : "",
               vl_doc_date_source(d) ? ")" : "", vl_doc_title(d) ? vl_doc_title(d) : "-");
        for (size_t i = 0; i < vl_doc_block_count(d); i++) {
            vl_block b = vl_doc_block(d, i);
            int n = (int)(b.end - b.start > 70 ? 70 : b.end - b.start);
            /* do not cut a UTF-8 sequence in two */
            while (n > 0 && (b.start + (size_t)n) < len &&
                   ((unsigned char)text[b.start + (size_t)n] & 0xC0) == 0x80)
                n--;
            printf("%-9s %6zu-%-6zu %.*s%s\n", vl_block_kind_str(b.kind), b.start, b.end, n,
                   text + b.start, (size_t)n < b.end - b.start ? "…" : "");
        }
    }
    vl_doc_free(d);
    vl_store_close(st);
    return 0;
}

/* ----------------------------------------------------- extract, eval */

static const char usage_extract[] =
    "usage: veille extract [--jsonl] [--max-size BYTES] [--store] [INPUT...]\n"
    "\n"
    "Prints one JSON record per document on stdout (the contract of DESIGN.md:\n"
    "persons with titles and ranks, organizations, places, dates, amounts, quotes),\n"
    "streaming, without a database. INPUT as for ingest; none means standard input.\n"
    "Skipped inputs are reported on stderr; the exit status is then 1.\n"
    "\n"
    "  --max-size BYTES  largest document accepted (default 6M; K, M, G suffixes)\n"
    "  --store           each record also with its text, its facts and events as the\n"
    "                    store keeps them: what 'veille load' stores elsewhere\n";

static const char usage_eval[] =
    "usage: veille eval GOLD.jsonl [-v] [--json] [INPUT...]\n"
    "\n"
    "Extracts every INPUT document and scores the records against the gold\n"
    "annotations (shared/corpus/GUIDE.md): precision, recall and F1 per field.\n"
    "A record meets its gold line by file name. -v lists every miss (-) and false\n"
    "alarm (+).\n";

typedef struct extract_run {
    const vl_ctx *ctx;
    int64_t skipped;
    vl_eval *eval; /* NULL: print records */
    int store;     /* records with what storing needs (vl_doc_load_record) */
} extract_run;

static void extract_skip(void *user, const vl_error *why)
{
    extract_run *r = user;
    r->skipped++;
    report_skip(&(ingest_ui){0, 0, {0, 0}}, why);
}

static int extract_doc(void *user, const vl_raw *raw)
{
    extract_run *r = user;
    vl_doc *d;
    vl_error e;
    vl_error_clear(&e);
    if (vl_doc_new(r->ctx, raw, &d, &e) != VL_OK) {
        extract_skip(r, &e);
        return 0;
    }
    char *rec = r->store ? vl_doc_load_record(d) : vl_doc_record(d);
    if (r->eval) {
        vl_eval_add(r->eval, rec, strlen(rec), NULL);
    } else {
        fputs(rec, stdout);
        fputc('\n', stdout);
    }
    free(rec);
    vl_doc_free(d);
    return 0;
}

static int cmd_extract_or_eval(cli *c, int argc, char **argv, int eval)
{
    const char **paths = calloc((size_t)argc + 1, sizeof *paths);
    size_t n = 0;
    int jsonl = 0, verbose = 0, json = 0, store = 0;
    const char *gold = NULL;
    if (!paths) return EXIT_USAGE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a)) {
            fputs(eval ? usage_eval : usage_extract, stdout);
            free(paths);
            return 0;
        } else if (is_opt(a, "--jsonl")) {
            jsonl = 1;
        } else if (is_opt(a, "--max-size")) {
            c->max_size = parse_size(need_arg(argc, argv, &i));
        } else if (eval && (is_opt(a, "-v") || is_opt(a, "--verbose"))) {
            verbose = 1;
        } else if (eval && is_opt(a, "--json")) {
            json = 1;
        } else if (!eval && is_opt(a, "--store")) {
            store = 1;
        } else if (looks_opt(a, 1)) {
            free(paths);
            die_usage("unknown option '%s'", a);
        } else if (eval && !gold) {
            gold = a;
        } else {
            paths[n++] = a;
        }
    }
    if (eval && !gold) {
        free(paths);
        die_usage("%s", "eval needs a GOLD file");
    }
    if (n == 0) paths[n++] = "-";
    /* records leave in 64 KiB writes, not 4 KiB ones (a write per 2 documents) */
    static char out_buf[1 << 16];
    if (!eval) setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);
    extract_run r = {context(c), 0, NULL, store};
    if (eval) {
        vl_error e;
        vl_error_clear(&e);
        if (vl_eval_new(r.ctx, gold, &r.eval, &e) != VL_OK) {
            print_error(&e);
            free(paths);
            return EXIT_USAGE;
        }
    }
    for (size_t i = 0; i < n; i++)
        vl_read_path(r.ctx, paths[i], jsonl, extract_doc, extract_skip, &r);
    if (eval) {
        vl_eval_print(r.eval, stdout, verbose, json);
        vl_eval_free(r.eval);
    }
    fflush(stdout);
    free(paths);
    return r.skipped ? EXIT_SKIPPED : 0;
}

/* ---------------------------------------------------- knowledge base */

static const char usage_kb[] =
    "usage: veille person NAME [--json | --csv]\n"
    "       veille office TITLE [--at DATE] [--json | --csv]\n"
    "       veille persons [--limit N] [--json | --csv]\n"
    "       veille changes [--since DATE] [--country CC] [--office TITLE] [--limit N]\n"
    "                      [--json | --csv]\n"
    "       veille related NAME [--limit N] [--json | --csv]\n"
    "       veille rebuild [--overrides FILE]\n"
    "\n"
    "Answers from the knowledge base that ingest keeps up to date: persons as entities\n"
    "(one per folded name, spellings merged), the offices each held with first and\n"
    "last dates and evidence (document, date, sentence). NAME and TITLE match as search\n"
    "does: case and accents do not matter. A TITLE names a Vietnamese office unless it\n"
    "says another country (\"ministre chinois de la Défense\"). DATE: YYYY[-MM[-DD]].\n"
    "A single-holder office (a minister, a head of state) has tenures: one\n"
    "holder's run of evidence, ended by the next holder's or by a text that calls the\n"
    "holder former; office --at answers from them, or says why it cannot (the latest\n"
    "evidence over 24 months old, or the holder gone). changes lists appointments (a\n"
    "tenure begun after another holder's) and departures a text tells; --country keeps\n"
    "one country's offices (an ISO code, VN, or a name, Laos), --office one office.\n"
    "rebuild recomputes everything, applying the overrides file (default:\n"
    "data/kb_overrides.tsv): lines merge<TAB>NAME<TAB>NAME, split<TAB>NAME<TAB>DATE<TAB>NEW,\n"
    "prefer<TAB>NAME<TAB>SPELLING.\n";

/* An answer that lists nothing: an object whose lists are all empty. */
static int lists_nothing(const char *json)
{
    json_t *o = json_loads(json, 0, NULL);
    const char *k;
    json_t *v;
    int lists = 0, empty = 1;
    json_object_foreach(o, k, v) {
        if (!json_is_array(v)) continue;
        lists++;
        empty &= json_array_size(v) == 0;
    }
    json_decref(o);
    return lists && empty;
}

/* The list a command's --csv gives: its answer's rows. */
static const char *csv_list(const char *what)
{
    static const char *const lists[][2] = {
        {"persons", "persons"}, {"changes", "changes"}, {"events", "events"},
        {"met", "counterparts"}, {"quotes", "quotes"},  {"office", "holders"},
        {"related", "persons"}, {"person", "positions"},
    };
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
        if (!strcmp(what, lists[i][0])) return lists[i][1];
    return NULL;
}

/* Prints a query's answer (taken), as JSON, CSV (its list) or text, and
 * its error; the exit status: 1 for nothing found (no such name, or an
 * answer that lists nothing), 2 for a bad request. An answer may come with
 * an error (an ambiguous name and the persons it may be). */
static int answer(const char *what, vl_status s, const vl_error *e, char *out, int json, int csv)
{
    int rc = 0;
    if (s) {
        print_error(e);
        rc = s == VL_ENOTFOUND ? EXIT_NONE : EXIT_USAGE;
    } else if (out && lists_nothing(out)) {
        rc = EXIT_NONE;
    }
    if (out && csv) cli_csv(stdout, out, csv_list(what));
    else if (out && json) puts(out);
    else if (out) cli_kb_text(stdout, what, out);
    free(out);
    return rc;
}

static int cmd_kb(cli *c, const char *what, int argc, char **argv)
{
    const char *arg = NULL, *at = NULL, *overrides = NULL, *country = NULL, *office = NULL;
    int json = 0, csv = 0, limit = 0;
    int needs_arg = !strcmp(what, "person") || !strcmp(what, "office") ||
                    !strcmp(what, "related");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a)) {
            fputs(usage_kb, stdout);
            return 0;
        } else if (is_opt(a, "--json")) {
            json = 1;
        } else if (is_opt(a, "--csv") && csv_list(what)) {
            csv = 1;
        } else if (is_opt(a, "--at") && !strcmp(what, "office")) {
            at = need_arg(argc, argv, &i);
        } else if (is_opt(a, "--since") && !strcmp(what, "changes")) {
            at = need_arg(argc, argv, &i);
        } else if (is_opt(a, "--country") && !strcmp(what, "changes")) {
            country = need_arg(argc, argv, &i);
        } else if (is_opt(a, "--office") && !strcmp(what, "changes")) {
            office = need_arg(argc, argv, &i);
        } else if (is_opt(a, "--limit")) {
            limit = parse_int(need_arg(argc, argv, &i), 1, 1000000);
        } else if (is_opt(a, "--overrides") && !strcmp(what, "rebuild")) {
            overrides = need_arg(argc, argv, &i);
        } else if (looks_opt(a, 0)) {
            die_usage("unknown option '%s'", a);
        } else if (needs_arg && !arg) {
            arg = a;
        } else {
            die_usage("unexpected argument '%s'", a);
        }
    }
    if (needs_arg && (!arg || !*arg)) die_usage("%s needs a non-empty argument", what);
    if (at && !vl_date_valid(at)) die_usage("bad date '%s' (YYYY, YYYY-MM or YYYY-MM-DD)", at);
    vl_store *st = !strcmp(what, "rebuild") ? open_store(c) : open_reader(c);
    char *out = NULL;
    vl_error e;
    vl_error_clear(&e);
    vl_status s;
    char path[1100];
    if (!strcmp(what, "rebuild")) {
        if (!overrides) {
            snprintf(path, sizeof path, "%s/kb_overrides.tsv", vl_ctx_data_dir(c->ctx));
            overrides = path;
        }
        s = vl_kb_rebuild(st, overrides, &e);
    } else if (!strcmp(what, "person")) {
        s = vl_kb_person(st, arg, &out, &e);
    } else if (!strcmp(what, "office")) {
        s = vl_kb_office(st, arg, at, &out, &e);
    } else if (!strcmp(what, "persons")) {
        s = vl_kb_persons(st, limit, &out, &e);
    } else if (!strcmp(what, "changes")) {
        s = vl_kb_changes(st, at, country, office, limit ? limit : 200, &out, &e);
    } else {
        s = vl_kb_related(st, arg, limit ? limit : 10, &out, &e);
    }
    vl_store_close(st);
    return answer(what, s, &e, out, json, csv);
}

/* ------------------------------------------------------------ events */

static const char usage_events[] =
    "usage: veille events [--with NAME|COUNTRY] [--type T] [--from DATE] [--to DATE]\n"
    "                     [--limit N] [--json | --csv]\n"
    "       veille met NAME [--with NAME2] [--limit N] [--json | --csv]\n"
    "\n"
    "Who met whom, from the events ingest stores: meetings, talks, visits, receptions,\n"
    "signings and conferences (T is one of these: meeting, talks, visit, reception,\n"
    "signing, conference), each with its date, place, chairs, participants and the\n"
    "sentence that tells it. events lists them in date order (undated last); --with\n"
    "keeps those where a person took part, or a participant whose title names a\n"
    "country (\"--with Laos\": meetings with Lao officials). met lists whom NAME met,\n"
    "the most often met first, with how often and the first and last dates; --with\n"
    "NAME2 keeps one counterpart and all the evidence. DATE: YYYY[-MM[-DD]].\n";

static int cmd_events(cli *c, const char *what, int argc, char **argv)
{
    const char *arg = NULL, *with = NULL, *type = NULL, *from = NULL, *to = NULL;
    int json = 0, csv = 0, limit = 0, is_met = !strcmp(what, "met");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a)) {
            fputs(usage_events, stdout);
            return 0;
        } else if (is_opt(a, "--json")) {
            json = 1;
        } else if (is_opt(a, "--csv")) {
            csv = 1;
        } else if (is_opt(a, "--with")) {
            with = need_arg(argc, argv, &i);
        } else if (is_opt(a, "--type") && !is_met) {
            type = need_arg(argc, argv, &i);
        } else if (is_opt(a, "--from") && !is_met) {
            from = need_arg(argc, argv, &i);
        } else if (is_opt(a, "--to") && !is_met) {
            to = need_arg(argc, argv, &i);
        } else if (is_opt(a, "--limit")) {
            limit = parse_int(need_arg(argc, argv, &i), 1, 10000);
        } else if (looks_opt(a, 0)) {
            die_usage("unknown option '%s'", a);
        } else if (is_met && !arg) {
            arg = a;
        } else {
            die_usage("unexpected argument '%s'", a);
        }
    }
    if (is_met && (!arg || !*arg)) die_usage("met needs a non-empty NAME");
    if (with && !*with) die_usage("--with needs a non-empty argument");
    static const char *const types[] = {"meeting", "talks", "visit", "reception", "signing",
                                        "conference"};
    int known = !type;
    for (size_t k = 0; type && k < sizeof types / sizeof *types; k++) known |= !strcmp(type, types[k]);
    if (!known) die_usage("unknown event type '%s'", type);
    if (from && !vl_date_valid(from)) die_usage("bad date '%s' (YYYY, YYYY-MM or YYYY-MM-DD)", from);
    if (to && !vl_date_valid(to)) die_usage("bad date '%s' (YYYY, YYYY-MM or YYYY-MM-DD)", to);
    vl_store *st = open_reader(c);
    char *out = NULL;
    vl_error e;
    vl_error_clear(&e);
    vl_status s = is_met ? vl_met(st, arg, with, limit, &out, &e)
                         : vl_events(st, with, type, from, to, limit, &out, &e);
    vl_store_close(st);
    return answer(what, s, &e, out, json, csv);
}

/* ------------------------------------------------------------ quotes */

static const char usage_quotes[] =
    "usage: veille quotes NAME [--about WORDS] [--from DATE] [--to DATE] [--limit N]\n"
    "                   [--json | --csv]\n"
    "\n"
    "Who said what: the statements of the person NAME that ingest stored, in date order\n"
    "(undated last), each with its date, reporting verb, what was said and its\n"
    "dispatch. --about keeps those holding every one of WORDS (accents and case\n"
    "ignored, whole words: \"securite maritime\"). DATE: YYYY[-MM[-DD]].\n";

static int cmd_quotes(cli *c, int argc, char **argv)
{
    const char *name = NULL, *about = NULL, *from = NULL, *to = NULL;
    int json = 0, csv = 0, limit = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a)) {
            fputs(usage_quotes, stdout);
            return 0;
        } else if (is_opt(a, "--json")) {
            json = 1;
        } else if (is_opt(a, "--csv")) {
            csv = 1;
        } else if (is_opt(a, "--about")) {
            about = need_arg(argc, argv, &i);
        } else if (is_opt(a, "--from")) {
            from = need_arg(argc, argv, &i);
        } else if (is_opt(a, "--to")) {
            to = need_arg(argc, argv, &i);
        } else if (is_opt(a, "--limit")) {
            limit = parse_int(need_arg(argc, argv, &i), 1, 10000);
        } else if (looks_opt(a, 0)) {
            die_usage("unknown option '%s'", a);
        } else if (!name) {
            name = a;
        } else {
            die_usage("unexpected argument '%s'", a);
        }
    }
    if (!name || !*name) die_usage("quotes needs a non-empty NAME");
    if (about && !*about) die_usage("--about needs words");
    if (from && !vl_date_valid(from)) die_usage("bad date '%s' (YYYY, YYYY-MM or YYYY-MM-DD)", from);
    if (to && !vl_date_valid(to)) die_usage("bad date '%s' (YYYY, YYYY-MM or YYYY-MM-DD)", to);
    vl_store *st = open_reader(c);
    char *out = NULL;
    vl_error e;
    vl_error_clear(&e);
    vl_status s = vl_quotes(st, name, about, from, to, limit, &out, &e);
    vl_store_close(st);
    return answer("quotes", s, &e, out, json, csv);
}

/* ------------------------------------------------------------- serve */

static const char usage_serve[] =
    "usage: veille serve [--host ADDR] [--port N] [--threads N]\n"
    "\n"
    "The web UI and its JSON API on http://ADDR:N/ (default 127.0.0.1:8080; --port 0\n"
    "takes a free port, said on the first line), over the database opened read-only:\n"
    "an ingest may write to it meanwhile. Ctrl-C (SIGINT) or SIGTERM stops it.\n"
    "Routes (GET; JSON as the commands' --json; a bad parameter is a 400 with\n"
    "{\"error\"}, an unknown route or name a 404):\n"
    "  /api/search?q=&from=&to=&undated=1&sort=date&limit=&offset=&facets=1\n"
    "  /api/doc/ID              a stored document, its blocks, text and record\n"
    "  /api/person?name=        /api/related?name=&limit=\n"
    "  /api/office?title=&at=   /api/persons?limit=   /api/changes?since=&country=&office=\n"
    "  /api/events?with=&type=&from=&to=&limit=     /api/met?name=&with=&limit=\n"
    "  /api/quotes?name=&about=&from=&to=&limit=    /api/stats\n"
    "\n"
    "  --host ADDR       the address to listen on (an IP address; default 127.0.0.1:\n"
    "                    this machine only)\n"
    "  --port N          the port (default 8080; 0: a free one)\n"
    "  --threads N       server threads, each with its own connection (default 4)\n";

static int cmd_serve(cli *c, int argc, char **argv)
{
    const char *host = "127.0.0.1";
    int port = 8080, threads = 4;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a)) {
            fputs(usage_serve, stdout);
            return 0;
        } else if (is_opt(a, "--host")) {
            host = need_arg(argc, argv, &i);
        } else if (is_opt(a, "--port")) {
            port = parse_int(need_arg(argc, argv, &i), 0, 65535);
        } else if (is_opt(a, "--threads")) {
            threads = parse_int(need_arg(argc, argv, &i), 1, 64);
        } else {
            die_usage("unexpected argument '%s'", a);
        }
    }
    return cli_serve(context(c), c->db, c->shown, host, port, threads);
}

/* -------------------------------------------------------------- main */

/* glibc raises its mmap threshold after a large block is freed, so a long
 * document's analysis would later come from heaps that keep their memory,
 * one per thread. A fixed threshold gives large blocks back when freed, so
 * the peak stays that of one document. Four arenas serve the ingest threads
 * (reader, workers, writer): with two, the writer waited 1.4 s of a 100 MB
 * ingest on the workers' arena locks. GLIBC_TUNABLES, when set, decides
 * instead. */
static void tune_malloc(void)
{
#if defined(__GLIBC__)
    if (getenv("GLIBC_TUNABLES")) return;
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
    mallopt(M_ARENA_MAX, 4);
#endif
}

int main(int argc, char **argv)
{
    tune_malloc();
    /* The arguments as every command reads them: "--limit=2" is "--limit 2",
     * "-n 2" and "-n2" are "--limit 2", "-j2" is "-j 2", "-V" is "--version";
     * what follows "--" is operands. */
    static char **norm; /* kept for the whole run */
    if (!norm) {
        norm = calloc((size_t)argc * 2 + 1, sizeof *norm);
        if (!norm) return EXIT_USAGE;
        int k = 0, dashes = 0;
        norm[k++] = argv[0];
        for (int i = 1; i < argc; i++) {
            char *a = argv[i], *eq;
            if (dashes) {
                norm[k++] = operands.at[operands.n++] = a;
                continue;
            }
            if (!strcmp(a, "--")) {
                dashes = 1;
                operands.at = calloc((size_t)argc, sizeof *operands.at);
                if (!operands.at) return EXIT_USAGE;
                continue;
            }
            if (!strncmp(a, "--", 2) && (eq = strchr(a, '=')) != NULL) {
                *eq = 0; /* argv's strings may be written (C11 5.1.2.2.1) */
                norm[k++] = a;
                norm[k++] = eq + 1;
            } else if (a[0] == '-' && (a[1] == 'n' || a[1] == 'j') &&
                       a[strspn(a + 2, "0123456789") + 2] == 0) { /* -n, -n20; not -nato */
                norm[k++] = a[1] == 'n' ? (char *)"--limit" : (char *)"-j";
                if (a[2]) norm[k++] = a + 2;
            } else if (!strcmp(a, "-V")) {
                norm[k++] = (char *)"--version";
            } else {
                norm[k++] = a;
            }
        }
        norm[k] = NULL;
        argc = k;
        argv = norm;
    }
    cli c = {NULL, NULL, NULL, 0, 0, NULL};
    c.db = getenv("VEILLE_DB");
    if (!c.db || !*c.db) c.db = "veille.db";
    /* Global options may stand anywhere; take them out of argv. */
    int n = 0;
    for (int i = 1; i < argc; i++) {
        if (is_opt(argv[i], "--db")) {
            c.db = need_arg(argc, argv, &i);
        } else if (is_opt(argv[i], "--data")) {
            c.data_dir = need_arg(argc, argv, &i);
        } else {
            argv[++n] = argv[i];
        }
    }
    /* main runs again for `help CMD`: one string, one exit handler */
    if (!shown_to_free) atexit(free_shown);
    free(shown_to_free);
    c.shown = shown_to_free = shown_db(c.db);
    argc = n + 1;
    if (argc < 2) {
        fputs(usage_main, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    /* names, titles, words and dates of the query commands are text (the
     * inputs of ingest, extract and eval are paths, which need not be) */
    static const char *const text_cmds[] = {"person", "persons", "changes", "related", "office",
                                            "events", "met", "quotes", NULL};
    for (size_t k = 0; text_cmds[k]; k++) {
        if (strcmp(cmd, text_cmds[k]) != 0) continue;
        for (int i = 2; i < argc; i++) {
            int64_t bad = vl_utf8_invalid(argv[i]);
            if (bad >= 0) die_usage("argument %d is not valid UTF-8 (byte %lld)", i - 1, (long long)bad + 1);
        }
    }
    int rc;
    if (!strcmp(cmd, "help") && argc > 2 && !is_help(argv[2])) {
        /* "veille help search" is "veille search --help" */
        char *again[3] = {argv[0], argv[2], (char *)"--help"};
        vl_ctx_free(c.ctx);
        return main(3, again);
    }
    if ((!strcmp(cmd, "--version") && !is_operand(cmd)) || !strcmp(cmd, "version")) {
        printf("veille %s\n", vl_version());
        rc = 0;
    } else if (is_help(cmd) || !strcmp(cmd, "help")) {
        fputs(usage_main, stdout);
        rc = 0;
    } else if (!strcmp(cmd, "ingest")) {
        rc = cmd_ingest(&c, argc - 1, argv + 1, 0);
    } else if (!strcmp(cmd, "load")) {
        rc = cmd_ingest(&c, argc - 1, argv + 1, 1);
    } else if (!strcmp(cmd, "search")) {
        c.structure_only = 1;
        rc = cmd_search(&c, argc - 1, argv + 1);
    } else if (!strcmp(cmd, "stats")) {
        c.structure_only = 1;
        rc = cmd_stats(&c, argc - 1, argv + 1);
    } else if (!strcmp(cmd, "show")) {
        c.structure_only = 1;
        rc = cmd_show(&c, argc - 1, argv + 1);
    } else if (!strcmp(cmd, "extract")) {
        rc = cmd_extract_or_eval(&c, argc - 1, argv + 1, 0);
    } else if (!strcmp(cmd, "eval")) {
        rc = cmd_extract_or_eval(&c, argc - 1, argv + 1, 1);
    } else if (!strcmp(cmd, "person") || !strcmp(cmd, "persons") || !strcmp(cmd, "changes") ||
               !strcmp(cmd, "related")) {
        /* changes --office and --country resolve through the lexicons */
        c.structure_only = 1;
        for (int i = 1; i < argc; i++)
            if (!strcmp(cmd, "changes") &&
                (is_opt(argv[i], "--office") || is_opt(argv[i], "--country")))
                c.structure_only = 0;
        rc = cmd_kb(&c, cmd, argc - 1, argv + 1);
    } else if (!strcmp(cmd, "office")) {
        rc = cmd_kb(&c, cmd, argc - 1, argv + 1); /* titles resolve through the lexicons */
    } else if (!strcmp(cmd, "rebuild")) {
        rc = cmd_kb(&c, cmd, argc - 1, argv + 1);
    } else if (!strcmp(cmd, "events") || !strcmp(cmd, "met")) {
        rc = cmd_events(&c, cmd, argc - 1, argv + 1); /* countries resolve through the lexicons */
    } else if (!strcmp(cmd, "quotes")) {
        rc = cmd_quotes(&c, argc - 1, argv + 1); /* --about folds through the context */
    } else if (!strcmp(cmd, "serve")) {
        rc = cmd_serve(&c, argc - 1, argv + 1); /* documents are analysed again when shown */
    } else {
        die_usage("unknown command '%s'", cmd);
    }
    vl_ctx_free(c.ctx);
    /* what could not be written is an error: a full disk, a closed pipe */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "veille: cannot write the output: %s\n", strerror(errno ? errno : EIO));
        return EXIT_USAGE;
    }
    return rc;
}
