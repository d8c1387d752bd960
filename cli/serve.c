/*
 * serve.c — `veille serve`: the JSON API and the web UI, on libmicrohttpd.
 *
 * A thin layer like the rest of the CLI: each route checks its parameters,
 * calls the library and answers the JSON the CLI's --json prints. The
 * database is opened read-only, one connection per server thread (SQLite's
 * WAL lets an ingest write meanwhile; a reader sees whole documents only).
 * The web UI's files are compiled in (web_assets.h): no path a URL names
 * reaches the filesystem. Every answer carries a Content-Security-Policy
 * that allows the UI's own script and style only.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"
#include "web_assets.h"

/* Bounds on what one request may ask: a search is capped in bytes by the
 * query parser; lists in rows. */
enum { MAX_TEXT = 512, MAX_QUERY = 4096, MAX_ROWS = 1000, MAX_SEARCH_ROWS = 100,
       MAX_OFFSET = 10000, SEARCH_LIMIT_MS = 10000 };

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "img-src 'self'; connect-src 'self'; base-uri 'none'; "
                          "form-action 'self'; frame-ancestors 'none'";

typedef struct server {
    const vl_ctx *ctx;
    const char *db;
    pthread_key_t store_key; /* each server thread's read-only connection */
} server;

/* One request being answered. */
typedef struct req {
    server *srv;
    struct MHD_Connection *conn;
    vl_store *st;
    unsigned status;
    char *body; /* malloc'd */
    size_t len;
    const char *type;
    char *out;  /* a knowledge-base route's JSON, from the library */
    vl_error e; /* and its error */
} req;

static void close_store(void *p) { vl_store_close(p); }

/* The calling thread's connection, opened at its first request. */
static vl_store *thread_store(server *srv, vl_error *e)
{
    vl_store *st = pthread_getspecific(srv->store_key);
    if (st) return st;
    if (vl_store_open_readonly(srv->ctx, srv->db, &st, e) != VL_OK) return NULL;
    pthread_setspecific(srv->store_key, st);
    return st;
}

/* ------------------------------------------------------------ answers */

static void answer_json(req *r, unsigned status, json_t *o)
{
    r->status = status;
    r->type = "application/json; charset=utf-8";
    r->body = json_dumps(o, JSON_COMPACT);
    r->len = r->body ? strlen(r->body) : 0;
    json_decref(o);
}

/* Takes the malloc'd JSON text s. */
static void answer_text(req *r, unsigned status, char *s)
{
    r->status = status;
    r->type = "application/json; charset=utf-8";
    r->body = s;
    r->len = s ? strlen(s) : 0;
}

__attribute__((format(printf, 3, 4))) static void fail(req *r, unsigned status, const char *fmt,
                                                       ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *o = json_object();
    json_object_set_new(o, "error", json_string(msg));
    answer_json(r, status, o);
}

/* The HTTP status of a library error. */
static void fail_status(req *r, vl_status s, const vl_error *e)
{
    unsigned status = s == VL_ENOTFOUND                   ? MHD_HTTP_NOT_FOUND
                      : s == VL_EQUERY || s == VL_EUSAGE ? MHD_HTTP_BAD_REQUEST
                      : s == VL_ELIMIT                    ? MHD_HTTP_SERVICE_UNAVAILABLE
                                                          : MHD_HTTP_INTERNAL_SERVER_ERROR;
    fail(r, status, "%s", e->message[0] ? e->message : vl_status_str(s));
}

/* What a FILE-writing JSON printer of the CLI wrote, as a string. */
typedef void (*printer)(FILE *f, const void *what);

static char *printed(printer p, const void *what)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    if (!f) return NULL;
    p(f, what);
    fclose(f);
    return s;
}

static void print_hits(FILE *f, const void *h) { cli_json_hits(f, h); }
static void print_stats(FILE *f, const void *s) { cli_json_stats(f, s); }

/* --------------------------------------------------------- parameters */

static const char *arg(req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* Text parameter name: NULL when absent (an error when required), valid
 * UTF-8 of at most max bytes. Returns 0 after answering 400. */
static int text_arg(req *r, const char *name, int required, size_t max, const char **out)
{
    const char *v = arg(r, name);
    if (v && !*v) v = NULL;
    *out = v;
    if (!v) {
        if (required) fail(r, MHD_HTTP_BAD_REQUEST, "parameter '%s' is required", name);
        return !required;
    }
    if (strlen(v) > max) {
        fail(r, MHD_HTTP_BAD_REQUEST, "parameter '%s' is longer than %zu bytes", name, max);
        return 0;
    }
    if (vl_utf8_invalid(v) >= 0) {
        fail(r, MHD_HTTP_BAD_REQUEST, "parameter '%s' is not valid UTF-8", name);
        return 0;
    }
    return 1;
}

/* Integer parameter in [lo, hi], def when absent. */
static int int_arg(req *r, const char *name, int def, int lo, int hi, int *out)
{
    const char *v = arg(r, name);
    *out = def;
    if (!v || !*v) return 1;
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || *end || n < lo || n > hi) {
        fail(r, MHD_HTTP_BAD_REQUEST, "parameter '%s' must be a whole number from %d to %d", name,
             lo, hi);
        return 0;
    }
    *out = (int)n;
    return 1;
}

static int date_arg(req *r, const char *name, const char **out)
{
    if (!text_arg(r, name, 0, 16, out)) return 0;
    if (*out && !vl_date_valid(*out)) {
        fail(r, MHD_HTTP_BAD_REQUEST, "parameter '%s' must be a date: YYYY, YYYY-MM or YYYY-MM-DD",
             name);
        return 0;
    }
    return 1;
}

/* A yes/no parameter: absent, 0 or 1. */
static int flag_arg(req *r, const char *name, int *out)
{
    return int_arg(r, name, 0, 0, 1, out);
}

/* -------------------------------------------------------------- routes */

static void route_search(req *r, const char *rest)
{
    (void)rest;
    vl_search_opts o;
    memset(&o, 0, sizeof o);
    const char *sort = NULL;
    if (!text_arg(r, "q", 1, MAX_QUERY, &o.query) || !date_arg(r, "from", &o.from) ||
        !date_arg(r, "to", &o.to) || !int_arg(r, "limit", 20, 1, MAX_SEARCH_ROWS, &o.limit) ||
        !int_arg(r, "offset", 0, 0, MAX_OFFSET, &o.offset) || !flag_arg(r, "undated", &o.undated) ||
        !flag_arg(r, "facets", &o.facets) || !text_arg(r, "sort", 0, 16, &sort))
        return;
    if (sort && strcmp(sort, "relevance") != 0 && strcmp(sort, "date") != 0) {
        fail(r, MHD_HTTP_BAD_REQUEST, "parameter 'sort' must be relevance or date");
        return;
    }
    o.by_date = sort && !strcmp(sort, "date");
    o.time_limit_ms = SEARCH_LIMIT_MS; /* no request holds a thread longer */
    vl_hits *h = NULL;
    vl_error e;
    vl_error_clear(&e);
    vl_status s = vl_search(r->st, &o, &h, &e);
    if (s) {
        fail_status(r, s, &e);
        return;
    }
    answer_text(r, MHD_HTTP_OK, printed(print_hits, h));
    vl_hits_free(h);
}

static void route_stats(req *r, const char *rest)
{
    (void)rest;
    vl_stats s;
    vl_error e;
    vl_error_clear(&e);
    vl_status st = vl_store_stats(r->st, &s, &e);
    if (st) {
        fail_status(r, st, &e);
        return;
    }
    answer_text(r, MHD_HTTP_OK, printed(print_stats, &s));
}

/* A stored document: its fields, blocks and text, and what extraction finds
 * in it (the record of `veille extract`, offsets in code points of text). */
static void route_doc(req *r, const char *id)
{
    if (!*id || strlen(id) > MAX_TEXT || vl_utf8_invalid(id) >= 0) {
        fail(r, MHD_HTTP_BAD_REQUEST, "a document id is needed: /api/doc/ID");
        return;
    }
    vl_doc *d = NULL;
    vl_error e;
    vl_error_clear(&e);
    vl_status s = vl_store_get(r->st, id, &d, &e);
    if (s) {
        fail_status(r, s, &e);
        return;
    }
    json_t *o = (json_t *)cli_json_doc_object(d);
    size_t len;
    const char *text = vl_doc_text(d, &len);
    json_object_set_new(o, "text", json_stringn(text, len));
    char *rec = vl_doc_record(d);
    json_t *record = rec ? json_loads(rec, 0, NULL) : NULL;
    free(rec);
    json_object_set_new(o, "record", record ? record : json_null());
    vl_doc_free(d);
    answer_json(r, MHD_HTTP_OK, o);
}

/* The knowledge-base and events routes: the library answers JSON in r->out
 * (or an error in r->e), s being its status. */
static void kb_answer(req *r, vl_status s)
{
    if (s) {
        free(r->out);
        fail_status(r, s, &r->e);
        return;
    }
    answer_text(r, MHD_HTTP_OK, r->out);
}

static void route_person(req *r, const char *rest)
{
    (void)rest;
    const char *name;
    if (!text_arg(r, "name", 1, MAX_TEXT, &name)) return;
    kb_answer(r, vl_kb_person(r->st, name, &r->out, &r->e));
}

static void route_related(req *r, const char *rest)
{
    (void)rest;
    const char *name;
    int limit;
    if (!text_arg(r, "name", 1, MAX_TEXT, &name) ||
        !int_arg(r, "limit", 10, 1, MAX_ROWS, &limit))
        return;
    kb_answer(r, vl_kb_related(r->st, name, limit, &r->out, &r->e));
}

static void route_office(req *r, const char *rest)
{
    (void)rest;
    const char *title, *at;
    if (!text_arg(r, "title", 1, MAX_TEXT, &title) || !date_arg(r, "at", &at)) return;
    kb_answer(r, vl_kb_office(r->st, title, at, &r->out, &r->e));
}

static void route_persons(req *r, const char *rest)
{
    (void)rest;
    int limit;
    if (!int_arg(r, "limit", 100, 1, MAX_ROWS, &limit)) return;
    kb_answer(r, vl_kb_persons(r->st, limit, &r->out, &r->e));
}

static void route_changes(req *r, const char *rest)
{
    (void)rest;
    const char *since, *country, *office;
    int limit;
    if (!date_arg(r, "since", &since) || !text_arg(r, "country", 0, MAX_TEXT, &country) ||
        !text_arg(r, "office", 0, MAX_TEXT, &office) ||
        !int_arg(r, "limit", 200, 1, MAX_ROWS, &limit))
        return;
    kb_answer(r, vl_kb_changes(r->st, since, country, office, limit, &r->out, &r->e));
}

static void route_events(req *r, const char *rest)
{
    (void)rest;
    const char *with, *type, *from, *to;
    int limit;
    if (!text_arg(r, "with", 0, MAX_TEXT, &with) || !text_arg(r, "type", 0, 32, &type) ||
        !date_arg(r, "from", &from) || !date_arg(r, "to", &to) ||
        !int_arg(r, "limit", 100, 1, MAX_ROWS, &limit))
        return;
    kb_answer(r, vl_events(r->st, with, type, from, to, limit, &r->out, &r->e));
}

static void route_met(req *r, const char *rest)
{
    (void)rest;
    const char *name, *with;
    int limit;
    if (!text_arg(r, "name", 1, MAX_TEXT, &name) || !text_arg(r, "with", 0, MAX_TEXT, &with) ||
        !int_arg(r, "limit", 100, 1, MAX_ROWS, &limit))
        return;
    kb_answer(r, vl_met(r->st, name, with, limit, &r->out, &r->e));
}

static void route_quotes(req *r, const char *rest)
{
    (void)rest;
    const char *name, *about, *from, *to;
    int limit;
    if (!text_arg(r, "name", 1, MAX_TEXT, &name) || !text_arg(r, "about", 0, MAX_TEXT, &about) ||
        !date_arg(r, "from", &from) || !date_arg(r, "to", &to) ||
        !int_arg(r, "limit", 100, 1, MAX_ROWS, &limit))
        return;
    kb_answer(r, vl_quotes(r->st, name, about, from, to, limit, &r->out, &r->e));
}

typedef struct route {
    const char *path; /* exact, or a prefix when it ends in '/' */
    void (*fn)(req *r, const char *rest);
} route;

static const route routes[] = {
    {"/api/search", route_search},   {"/api/stats", route_stats},
    {"/api/doc/", route_doc},        {"/api/person", route_person},
    {"/api/related", route_related}, {"/api/office", route_office},
    {"/api/persons", route_persons}, {"/api/changes", route_changes},
    {"/api/events", route_events},   {"/api/met", route_met},
    {"/api/quotes", route_quotes},   {NULL, NULL},
};

static void dispatch(req *r, const char *url)
{
    for (const route *rt = routes; rt->path; rt++) {
        size_t n = strlen(rt->path);
        int prefix = rt->path[n - 1] == '/';
        if (prefix ? strncmp(url, rt->path, n) != 0 : strcmp(url, rt->path) != 0) continue;
        vl_error e;
        vl_error_clear(&e);
        r->st = thread_store(r->srv, &e);
        if (!r->st) {
            fail(r, MHD_HTTP_SERVICE_UNAVAILABLE, "%s", e.message);
            return;
        }
        rt->fn(r, url + n);
        return;
    }
    fail(r, MHD_HTTP_NOT_FOUND, "no such route: see docs/CLI.md, veille serve");
}

/* ------------------------------------------------------------- server */

static enum MHD_Result queue(struct MHD_Connection *conn, unsigned status, const char *type,
                             const void *data, size_t len, enum MHD_ResponseMemoryMode mode)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, (void *)data, mode);
    if (!resp) return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_SECURITY_POLICY, csp);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    enum MHD_Result ret = MHD_queue_response(conn, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **state)
{
    (void)version;
    (void)upload;
    static int first_call;
    if (!*state) { /* the headers only: answer when the request is whole */
        *state = &first_call;
        return MHD_YES;
    }
    if (*upload_size) { /* a body: not read, the request refused below */
        *upload_size = 0;
        return MHD_YES;
    }
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        static const char msg[] = "{\"error\":\"only GET\"}";
        return queue(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "application/json; charset=utf-8", msg,
                     sizeof msg - 1, MHD_RESPMEM_PERSISTENT);
    }
    if (!strncmp(url, "/api/", 5)) {
        req r = {cls, conn, NULL, 0, NULL, 0, NULL, NULL, {0}};
        vl_error_clear(&r.e);
        dispatch(&r, url);
        if (!r.body) {
            static const char msg[] = "{\"error\":\"out of memory\"}";
            return queue(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "application/json; charset=utf-8",
                         msg, sizeof msg - 1, MHD_RESPMEM_PERSISTENT);
        }
        return queue(conn, r.status, r.type, r.body, r.len, MHD_RESPMEM_MUST_FREE);
    }
    /* the web UI: its page at /, its files by name, nothing else */
    const char *path = !strcmp(url, "/") ? "/index.html" : url;
    for (const web_asset *a = web_assets; a->path; a++)
        if (!strcmp(a->path, path))
            return queue(conn, MHD_HTTP_OK, a->type, a->data, a->len, MHD_RESPMEM_PERSISTENT);
    static const char nf[] = "not found\n";
    return queue(conn, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8", nf, sizeof nf - 1,
                 MHD_RESPMEM_PERSISTENT);
}

/* The daemon's limits, for every way it is started. */
#define DAEMON_LIMITS                                                                            \
    MHD_OPTION_CONNECTION_LIMIT, 256u, MHD_OPTION_CONNECTION_TIMEOUT, 30u,                       \
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536

struct cli_server {
    server srv;
    struct MHD_Daemon *d;
};

cli_server *cli_server_open(const vl_ctx *ctx, const char *db)
{
    cli_server *cs = calloc(1, sizeof *cs);
    if (!cs) return NULL;
    cs->srv = (server){ctx, db, 0};
    if (pthread_key_create(&cs->srv.store_key, close_store) != 0) {
        free(cs);
        return NULL;
    }
    cs->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_NO_LISTEN_SOCKET |
                                 MHD_USE_ITC,
                             0, NULL, NULL, handle, &cs->srv, DAEMON_LIMITS, MHD_OPTION_END);
    if (!cs->d) {
        pthread_key_delete(cs->srv.store_key);
        free(cs);
        return NULL;
    }
    return cs;
}

int cli_server_add(cli_server *cs, int fd)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return MHD_add_connection(cs->d, fd, (const struct sockaddr *)&a, sizeof a) == MHD_YES ? 0 : -1;
}

void cli_server_close(cli_server *cs)
{
    if (!cs) return;
    MHD_stop_daemon(cs->d);
    /* the polling thread's connection: its key's destructor ran as it ended */
    pthread_key_delete(cs->srv.store_key);
    free(cs);
}

int cli_serve(const vl_ctx *ctx, const char *db, const char *shown, const char *host, int port,
              int threads)
{
    server srv = {ctx, db, 0};
    /* the database must open now, not at the first request */
    vl_store *probe;
    vl_error e;
    vl_error_clear(&e);
    if (vl_store_open_readonly(ctx, db, &probe, &e) != VL_OK) {
        fprintf(stderr, "veille: %s\n", e.message);
        return 2;
    }
    vl_stats stats;
    int have_stats = vl_store_stats(probe, &stats, NULL) == VL_OK;
    vl_store_close(probe);
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    struct sockaddr *sa;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    memset(&a4, 0, sizeof a4);
    memset(&a6, 0, sizeof a6);
    if (inet_pton(AF_INET, host, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)port);
        sa = (struct sockaddr *)&a4;
    } else if (inet_pton(AF_INET6, host, &a6.sin6_addr) == 1) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)port);
        sa = (struct sockaddr *)&a6;
        flags |= MHD_USE_IPv6;
    } else {
        fprintf(stderr, "veille: --host must be an IP address (127.0.0.1, ::1), not '%s'\n", host);
        return 2;
    }
    if (pthread_key_create(&srv.store_key, close_store) != 0) return 2;
    /* SIGINT and SIGTERM are waited for below: the server's threads
     * inherit a mask that blocks them */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, handle, &srv, MHD_OPTION_SOCK_ADDR, sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, DAEMON_LIMITS, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "veille: cannot listen on %s port %d: %s\n", host, port,
                errno ? strerror(errno) : "libmicrohttpd refused");
        pthread_key_delete(srv.store_key);
        return 2;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    int bound = info && info->port ? info->port : port;
    int v6 = sa == (struct sockaddr *)&a6;
    printf("veille: serving %s on http://%s%s%s:%d/ (Ctrl-C stops)\n", shown, v6 ? "[" : "", host,
           v6 ? "]" : "", bound);
    if (have_stats)
        printf("veille: %lld documents, %s to %s\n", (long long)stats.documents,
               stats.first_date[0] ? stats.first_date : "-",
               stats.last_date[0] ? stats.last_date : "-");
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    MHD_stop_daemon(d);
    pthread_key_delete(srv.store_key);
    fprintf(stderr, "veille: stopped (%s)\n", sig == SIGINT ? "interrupt" : "terminate");
    return 0;
}
