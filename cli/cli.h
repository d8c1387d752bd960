/*
 * cli.h — shared pieces of the veille command line (a client of veille.h).
 */
#ifndef VEILLE_CLI_H
#define VEILLE_CLI_H

#include <stdio.h>

#include "veille.h"

/* JSON output (jansson). Each prints one JSON document and a newline. */
void cli_json_stats(FILE *f, const vl_stats *s);
void cli_json_hits(FILE *f, const vl_hits *h);
void cli_json_doc(FILE *f, const vl_doc *d);
/* The object cli_json_doc prints (a jansson json_t *, the caller's). */
void *cli_json_doc_object(const vl_doc *d);

/* CSV (csv_out.c): the list named list of a JSON answer (or the answer,
 * when it is a list), one row per element; -1 when there is no such list. */
int cli_csv(FILE *f, const char *json, const char *list);

/* `veille serve` (serve.c): the JSON API and the web UI on host:port, the
 * database read-only, with threads server threads; returns when SIGINT or
 * SIGTERM comes (0), or on an error it reported (2). */
int cli_serve(const vl_ctx *ctx, const char *db, const char *shown, const char *host, int port,
              int threads);

/* The same server with no listening socket, for the fuzzer: each connection
 * is a socket given with cli_server_add (0, or -1 when refused; the server
 * closes it either way). NULL when the daemon cannot start. */
typedef struct cli_server cli_server;
cli_server *cli_server_open(const vl_ctx *ctx, const char *db);
int cli_server_add(cli_server *cs, int fd);
void cli_server_close(cli_server *cs);

/* Lays out a knowledge-base answer (JSON from the library) as text; what is
 * the command: person, office, persons, changes, related, events, met. */
void cli_kb_text(FILE *f, const char *what, const char *json);

#endif
