/*
 * ctx.c — loading lexicons and options once, at start-up; where the lexicon
 * folder is when no one says.
 */
#include "ctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "normalize.h"
#include "tokenize.h"
#include "mem.h"

/* Where the lexicons are when neither vl_options nor $VEILLE_DATA says
 * (CMakeLists.txt sets all three): the source tree's data/ the build was
 * configured from, then the installed copy, found from the running program
 * (a path relative to its folder, so that a moved prefix still finds it),
 * then at the install prefix (a program of another prefix linking the
 * library). */
#ifndef VEILLE_DATADIR
#define VEILLE_DATADIR "data"
#endif
#ifndef VEILLE_DATADIR_REL
#define VEILLE_DATADIR_REL "../share/veille/data"
#endif
#ifndef VEILLE_DATADIR_INSTALL
#define VEILLE_DATADIR_INSTALL "/usr/local/share/veille/data"
#endif

/* A document's analysis peaks at about 26 bytes per byte of text (tokens,
 * their features, the view, what extraction finds): 6 MiB keeps one
 * document, and an ingest, under 256 MB (bench/README.md). Dispatches are
 * a few kB; --max-size raises it. */
enum { DEFAULT_MAX_DOC = 6 * 1024 * 1024, HARD_MAX_DOC = 1024 * 1024 * 1024 };

/* Debian's word lists (wfrench, wamerican), lower case with accents: "lê"
 * is no French word, "le" is. They tell ordinary words from names; without
 * them, the lexicons alone do. env names a variable that replaces path. */
static void load_words(vl_wordset *ws, uint8_t tag, const char *env, const char *path)
{
    const char *p = getenv(env);
    vl_wordset_load(ws, p && *p ? p : path, tag);
}

static int is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The installed lexicons beside the running program into out: its folder
 * (/proc/self/exe is resolved, links and all, so each leading "../" of the
 * relative path is its textual parent), then the rest. 0 when there is no
 * such folder, or no /proc. */
static int beside_program(char *out, size_t cap)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return 0;
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (!slash) return 0;
    *slash = 0;
    const char *rel = VEILLE_DATADIR_REL;
    while (!strncmp(rel, "../", 3) && (slash = strrchr(exe, '/')) != NULL) {
        *slash = 0;
        rel += 3;
    }
    int w = snprintf(out, cap, "%s/%s", exe, rel);
    return w > 0 && (size_t)w < cap && is_dir(out);
}

/* The lexicon folder when the caller names none: $VEILLE_DATA, the source
 * tree's while it exists, the installed one. Found nowhere: the source
 * tree's, which the loading error then names. */
static void default_data_dir(char *out, size_t cap)
{
    const char *env = getenv("VEILLE_DATA");
    const char *dir = VEILLE_DATADIR;
    if (env && *env) {
        dir = env;
    } else if (!is_dir(VEILLE_DATADIR)) {
        if (beside_program(out, cap)) return;
        if (is_dir(VEILLE_DATADIR_INSTALL)) dir = VEILLE_DATADIR_INSTALL;
    }
    snprintf(out, cap, "%s", dir);
}

/* Folds a lexicon key (names are compared folded). */
static size_t fold_key(void *arg, const char *k, char *out, size_t cap)
{
    const vl_ctx *c = arg;
    vl_buf b;
    vl_buf_init(&b, 0);
    vl_fold_str(&c->fold, k, strlen(k), &b);
    size_t n = b.len < cap ? b.len : cap;
    if (n) memcpy(out, b.data, n);
    vl_buf_free(&b);
    return n;
}

/* A line of a names file into the ctx's name syllables, folded. */
static vl_status syllable_line(void *user, char *s, const char *path, long lineno, vl_error *err)
{
    (void)path;
    (void)lineno;
    (void)err;
    vl_ctx *c = user;
    s[strcspn(s, "\t")] = 0;
    char f[256];
    size_t n = fold_key(c, s, f, sizeof f);
    while (n && f[n - 1] == ' ') n--;
    if (n) vl_lexicon_add(&c->name_syllables, f, n);
    return VL_OK;
}

vl_status vl_ctx_new(const vl_options *opt, vl_ctx **out, vl_error *err)
{
    vl_ctx *c = vl_calloc(1, sizeof *c);
    static _Atomic uint64_t serials;
    c->serial = ++serials;
    if (opt && opt->data_dir && *opt->data_dir)
        snprintf(c->data_dir, sizeof c->data_dir, "%s", opt->data_dir);
    else
        default_data_dir(c->data_dir, sizeof c->data_dir);
    const char *dir = c->data_dir;
    c->max_doc_bytes = opt && opt->max_doc_bytes ? opt->max_doc_bytes : DEFAULT_MAX_DOC;
    /* Offsets are kept in 32 bits inside a document. */
    if (c->max_doc_bytes > HARD_MAX_DOC) c->max_doc_bytes = HARD_MAX_DOC;
    vl_fold_table_init(&c->fold, vl_tok_is_word_cp, vl_norm_nfc_stable);
    vl_status st = vl_lexicon_load(&c->elisions, dir, "elisions.txt", err);
    if (!st) st = vl_lexicon_load(&c->agencies, dir, "agencies.txt", err);
    if (!st) st = vl_lexicon_load(&c->query_skip, dir, "query_skip.txt", err);
    if (!st) st = vl_lexicon_load(&c->lead_openers, dir, "lead_openers.txt", err);
    if (!st) st = vl_strmap_load(&c->stem_overrides, dir, "stem_overrides.tsv", err);
    if (!st) st = vl_data_lines(dir, "vn_family_names.txt", 256, 0, syllable_line, c, err);
    if (!st) st = vl_data_lines(dir, "vn_given_names.txt", 256, 0, syllable_line, c, err);
    c->structure_only = opt && opt->structure_only;
    if (!c->structure_only) {
        if (!st) st = vl_lexicon_load(&c->abbreviations, dir, "abbreviations.txt", err);
        if (!st) st = vl_lexicon_load(&c->stopwords, dir, "stopwords.txt", err);
        if (!st) st = vl_lexicon_load(&c->org_words, dir, "org_words.txt", err);
        if (!st) st = vl_lexicon_load(&c->amount_exclude, dir, "amount_exclude.txt", err);
        if (!st) st = vl_lexicon_load(&c->particles, dir, "name_particles.txt", err);
        if (!st) st = vl_lexicon_load(&c->given_names, dir, "given_names.txt", err);
        if (!st) st = vl_lexicon_load(&c->thing_nouns, dir, "thing_nouns.txt", err);
        if (!st)
            load_words(&c->words, VL_WORD_FRENCH, "VEILLE_FRENCH_WORDS", "/usr/share/dict/french");
        if (!st)
            load_words(&c->words, VL_WORD_ENGLISH, "VEILLE_ENGLISH_WORDS",
                       "/usr/share/dict/american-english");
        if (!st) st = vl_gaz_load(&c->gaz, dir, &c->elisions, &c->fold, err);
        if (!st) st = vl_strmap_load(&c->office_roles, dir, "office_roles.tsv", err);
        if (!st) st = vl_strmap_load(&c->office_syn, dir, "office_synonyms.tsv", err);
        if (!st) st = vl_strmap_load(&c->office_orgs, dir, "office_orgs.tsv", err);
        if (!st) st = vl_lexicon_load(&c->office_terms, dir, "office_terms.txt", err);
        if (!st) st = vl_lexicon_load(&c->single_offices, dir, "single_offices.txt", err);
        if (!st)
            st = vl_strmap_load_with(&c->historical, dir, "historical_persons.tsv", fold_key, c,
                                     err);
        if (!st) st = vl_strmap_load(&c->person_aliases, dir, "person_aliases.tsv", err);
    }
    if (st) {
        vl_ctx_free(c);
        return st;
    }
    *out = c;
    return VL_OK;
}

void vl_ctx_free(vl_ctx *ctx)
{
    if (!ctx) return;
    vl_lexicon_free(&ctx->elisions);
    vl_lexicon_free(&ctx->agencies);
    vl_lexicon_free(&ctx->abbreviations);
    vl_wordset_free(&ctx->words);
    vl_lexicon_free(&ctx->stopwords);
    vl_lexicon_free(&ctx->query_skip);
    vl_lexicon_free(&ctx->name_syllables);
    vl_lexicon_free(&ctx->lead_openers);
    vl_lexicon_free(&ctx->org_words);
    vl_lexicon_free(&ctx->amount_exclude);
    vl_lexicon_free(&ctx->particles);
    vl_lexicon_free(&ctx->given_names);
    vl_lexicon_free(&ctx->thing_nouns);
    vl_gaz_free(&ctx->gaz);
    vl_strmap_free(&ctx->office_roles);
    vl_strmap_free(&ctx->office_syn);
    vl_strmap_free(&ctx->office_orgs);
    vl_lexicon_free(&ctx->office_terms);
    vl_lexicon_free(&ctx->single_offices);
    vl_strmap_free(&ctx->historical);
    vl_strmap_free(&ctx->person_aliases);
    vl_strmap_free(&ctx->stem_overrides);
    free(ctx);
}

size_t vl_ctx_max_doc_bytes(const vl_ctx *ctx)
{
    return ctx->max_doc_bytes;
}

const char *vl_ctx_data_dir(const vl_ctx *ctx)
{
    return ctx->data_dir;
}
