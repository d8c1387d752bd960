/*
 * web_assets.h — the web UI's files, compiled in (cmake/embed.cmake makes
 * web_assets.c from web/ at build time).
 */
#ifndef VEILLE_WEB_ASSETS_H
#define VEILLE_WEB_ASSETS_H

#include <stddef.h>

typedef struct web_asset {
    const char *path; /* "/app.js"; NULL ends the table */
    const char *type; /* Content-Type */
    const unsigned char *data;
    size_t len;
} web_asset;

extern const web_asset web_assets[];

#endif
