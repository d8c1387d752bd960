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

#endif
