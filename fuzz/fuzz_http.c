/*
 * fuzz_http.c — libFuzzer target: any bytes as the query string of a
 * request to `veille serve`, through libmicrohttpd's parsing and the
 * server's parameter checks and routes, over a database built from the
 * sample ($VEILLE_FUZZ_DB, made by scripts/fuzz.sh). The first byte picks
 * the route. Nothing may crash or leak; every answer is a status the API
 * documents (never a 500) and, from /api/, a JSON body.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli.h"
#include "budget.h"
#include "veille.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static vl_ctx *ctx;
static cli_server *server;

static const char *const routes[] = {
    "/api/search", "/api/stats",   "/api/doc/",  "/api/person", "/api/related", "/api/office",
    "/api/persons", "/api/changes", "/api/events", "/api/met",   "/api/quotes",  "/",
};
enum { NROUTES = sizeof routes / sizeof *routes, MAX_ANSWER = 8 << 20 };

static void stop(void) { cli_server_close(server); }

static void start(void)
{
    const char *db = getenv("VEILLE_FUZZ_DB");
    if (!db) {
        fputs("fuzz_http: set VEILLE_FUZZ_DB to a veille database (scripts/fuzz.sh does)\n", stderr);
        abort();
    }
    if (vl_ctx_new(NULL, &ctx, NULL) != VL_OK || !(server = cli_server_open(ctx, db))) abort();
    atexit(stop);
}

/* Writes all of s, or gives up when the server has closed its end. */
static void write_all(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL); /* the server may have closed */
        if (w <= 0) return;
        s += w;
        n -= (size_t)w;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    double t0 = fuzz_now();
    if (!server) start();
    if (!size) return 0;
    const char *route = routes[data[0] % NROUTES];
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) abort();
    if (cli_server_add(server, fds[1]) != 0) {
        close(fds[0]);
        return 0; /* refused (the server closed its end) */
    }
    /* a route ending in '/' takes the bytes as its path (/api/doc/ID) */
    char head[64];
    int hn = snprintf(head, sizeof head, "GET %s%s", route,
                      route[strlen(route) - 1] == '/' ? "" : "?");
    write_all(fds[0], head, (size_t)hn);
    write_all(fds[0], (const char *)data + 1, size - 1);
    static const char tail[] = " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n";
    write_all(fds[0], tail, sizeof tail - 1);
    shutdown(fds[0], SHUT_WR);
    /* the whole answer, until the server closes */
    char *ans = malloc(MAX_ANSWER + 1);
    size_t n = 0;
    ssize_t r;
    while (n < MAX_ANSWER && (r = read(fds[0], ans + n, MAX_ANSWER - n)) > 0) n += (size_t)r;
    close(fds[0]);
    ans[n] = 0;
    int status = 0;
    if (sscanf(ans, "HTTP/1.%*d %d", &status) == 1) {
        if (status >= 500 && status != 503) abort(); /* 503: past the time limit */
        /* an answer of the API is JSON (libmicrohttpd answers a request
         * it cannot parse with a page of its own) */
        const char *body = strstr(ans, "\r\n\r\n");
        if (body && strstr(ans, "application/json")) {
            json_t *j = json_loads(body + 4, 0, NULL);
            if (!j) abort();
            json_decref(j);
        }
    }
    free(ans);
    fuzz_budget(t0, size);
    return 0;
}
