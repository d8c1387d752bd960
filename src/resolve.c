/*
 * resolve.c — titles to canonical offices (resolve stage).
 */
#include "resolve.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "gazetteer.h"
#include "tokenize.h"

enum { MAX_WORDS = 48 };

typedef struct words {
    const char *w[MAX_WORDS]; /* folded words, in buf */
    size_t n[MAX_WORDS];
    uint64_t h[MAX_WORDS]; /* vl_token_hash of each word */
    size_t count;
    char buf[1024];
} words;

/* The folded words of a title (elisions too: the lexicon keys have them). */
static void split(const vl_ctx *ctx, const char *title, words *ws)
{
    vl_tokenizer t;
    vl_token tok;
    size_t used = 0;
    ws->count = 0;
    vl_tok_init(&t, title, strlen(title), &ctx->elisions, &ctx->fold);
    while (vl_tok_next(&t, &tok) && ws->count < MAX_WORDS) {
        /* a token holds no space: its folded form is vl_fold_word's */
        char f[sizeof ws->buf];
        size_t m = vl_fold_word(&ctx->fold, title + tok.start, tok.end - tok.start, f,
                                sizeof f - 1);
        if (m && m < sizeof f - 1 && used + m + 1 <= sizeof ws->buf) {
            memcpy(ws->buf + used, f, m);
            ws->buf[used + m] = 0;
            ws->w[ws->count] = ws->buf + used;
            ws->n[ws->count] = m;
            ws->h[ws->count] = vl_token_hash(ws->buf + used, m);
            ws->count++;
            used += m + 1;
        }
    }
}

/* Longest phrase of category cat at word i: its length, and the entry. */
static size_t phrase(const vl_ctx *ctx, const words *ws, size_t i, vl_gcat cat,
                     const vl_gentry **out)
{
    const vl_gazetteer *g = &ctx->gaz;
    char key[512];
    size_t klen = 0, best = 0;
    uint64_t h = vl_gaz_hash_start();
    for (size_t j = i; j < ws->count && j - i < g->max_tokens; j++) {
        if (klen + ws->n[j] + 1 >= sizeof key) break;
        if (j > i) key[klen++] = ' ';
        memcpy(key + klen, ws->w[j], ws->n[j]);
        klen += ws->n[j];
        h = vl_gaz_hash_step(h, ws->h[j]);
        const vl_gslot *s = vl_gaz_find_h(g, key, klen, h);
        if (!s) break;
        const vl_gentry *e = vl_gaz_entry(s, cat);
        if (e) {
            best = j - i + 1;
            if (out) *out = e;
        }
    }
    return best;
}

/* Words left out of the org part: articles and prepositions. */
static int filler(const char *w)
{
    static const char *const f[] = {"de", "du", "des", "d", "la", "le", "les", "l", "a",
                                    "au", "aux", "en", "et", "pour", "qu", NULL};
    for (size_t i = 0; f[i]; i++)
        if (w[0] == f[i][0] && !strcmp(w, f[i])) return 1;
    return 0;
}


/* Whether w spells the initials of the org's last words ("an" after
 * "assemblee nationale"): an acronym in parentheses repeats the name. */
static int initials_of(const vl_buf *org, const char *w)
{
    size_t n = strlen(w);
    if (n < 2 || !org->len) return 0;
    char ini[16];
    size_t m = 0;
    const char *s = (const char *)org->data;
    for (size_t i = 0; i < org->len && m < sizeof ini; i++)
        if (i == 0 || s[i - 1] == ' ') ini[m++] = s[i];
    return m >= n && memcmp(ini + m - n, w, n) == 0;
}

static void append(vl_buf *b, const words *ws, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++) {
        if (b->len && b->data[b->len - 1] != '|') vl_buf_addc(b, ' ');
        vl_buf_add(b, ws->w[k], ws->n[k]);
    }
}

/* Whether folded word w (n bytes) is a Roman numeral written apart from
 * its "e": "xv" of "XV e législature". */
static int roman_word(const char *w, size_t n)
{
    if (n < 2) return 0;
    for (size_t k = 0; k < n; k++)
        if (!strchr("ivxlc", w[k])) return 0;
    return 1;
}


/* The part of a title's office that depends on the title alone: "role|org|"
 * in out, the country it names (NULL: none), whether it is single. */
static void title_office(const vl_ctx *ctx, const char *title, vl_buf *out,
                         const char **country_out, int *single)
{
    words ws;
    split(ctx, title, &ws);
    *single = 0;
    size_t i = 0, k;
    const vl_gentry *e = NULL;
    /* status words are no part of the office: "ancien", "par intérim" */
    while ((k = phrase(ctx, &ws, i, VL_G_MODIFIER, &e)) != 0 && strcmp(e->a, "part") != 0)
        i += k;
    vl_buf role, org;
    vl_buf_init(&role, 0);
    vl_buf_init(&org, 0);
    size_t head = phrase(ctx, &ws, i, VL_G_TITLE, &e);
    if (!head) head = i < ws.count ? 1 : 0;
    else if (strstr(e->a, "single")) *single = 1;
    /* a long head of the lexicon ("membre du Bureau politique", "président
     * de la République") is a role and the start of a complement */
    size_t he = i + head, r = i;
    while (r < he && !filler(ws.w[r])) r++;
    if (r == i) r = he;
    append(&role, &ws, i, r);
    i = r;
    const char *country = NULL;
    int in_org = 0;
    for (; i < ws.count; i++) {
        if ((k = phrase(ctx, &ws, i, VL_G_MODIFIER, &e)) != 0) {
            /* "chef adjoint" is a role; "Mission permanente" an org */
            if (!strcmp(e->a, "part")) append(in_org ? &org : &role, &ws, i, i + k);
            i += k - 1;
            continue;
        }
        if ((k = phrase(ctx, &ws, i, VL_G_NATIONALITY, &e)) != 0) {
            if (!country) country = e->a;
            i += k - 1;
            continue;
        }
        /* the first country named is the holder's: "ambassadeur du Vietnam
         * en France" is Vietnam's */
        if (!country && (k = phrase(ctx, &ws, i, VL_G_COUNTRY, &e)) != 0) {
            country = e->a;
            i += k - 1;
            continue;
        }
        in_org = 1;
        if (filler(ws.w[i])) continue;
        /* "13e mandat", "XVe législature", "XIIIe, XIVe et XVe
         * législatures", "XV e législature": the term, not the office */
        if (vl_fold_ordinal(ws.w[i], ws.n[i]) ||
            (i + 1 < ws.count && roman_word(ws.w[i], ws.n[i]) && ws.n[i + 1] == 1 &&
             ws.w[i + 1][0] == 'e')) {
            size_t q = i;
            while (q < ws.count && (vl_fold_ordinal(ws.w[q], ws.n[q]) ||
                                    roman_word(ws.w[q], ws.n[q]) ||
                                    (ws.n[q] == 1 && ws.w[q][0] == 'e') ||
                                    (ws.n[q] == 2 && !memcmp(ws.w[q], "et", 2))))
                q++;
            if (q < ws.count && vl_lexicon_has(&ctx->office_terms, ws.w[q], ws.n[q])) {
                i = q;
                continue;
            }
        }
        if (initials_of(&org, ws.w[i])) continue; /* "Assemblée nationale (AN)" */
        append(&org, &ws, i, i + 1);
    }
    /* role synonyms, then role|org synonyms */
    vl_buf key;
    vl_buf_init(&key, 0);
    const char *rt = role.data ? (const char *)role.data : "";
    const char *rs = vl_strmap_get(&ctx->office_roles, rt, role.len);
    vl_buf_adds(&key, rs ? rs : rt);
    vl_buf_addc(&key, '|');
    /* one body under several names ("an", "assemblee nationale") */
    const char *os = org.len ? vl_strmap_get(&ctx->office_orgs, (const char *)org.data, org.len)
                             : NULL;
    if (os) vl_buf_adds(&key, os);
    else if (org.len) vl_buf_add(&key, org.data, org.len);
    const char *syn = vl_strmap_get(&ctx->office_syn, (const char *)key.data, key.len);
    vl_buf_reset(out);
    vl_buf_adds(out, syn ? syn : (const char *)key.data);
    /* one holder at a time needs a complement ("ministre" alone is none),
     * except a few offices (data/single_offices.txt) */
    if (*single && out->data[out->len - 1] == '|' &&
        !vl_lexicon_has(&ctx->single_offices, (const char *)out->data, out->len))
        *single = 0;
    vl_buf_addc(out, '|');
    *country_out = country;
    vl_buf_free(&role);
    vl_buf_free(&org);
    vl_buf_free(&key);
}

/* The country of a holder whose title names none: VN for a Vietnamese
 * name (a Vietnamese agency's dispatch): a Vietnamese family name and
 * Vietnamese given names only ("Kim Jong Un" starts like "Kim Ngoc Anh"
 * but is none), else none. */
static const char *holder_country(const vl_ctx *ctx, const char *person_key)
{
    if (!person_key) return NULL;
    words pk;
    split(ctx, person_key, &pk);
    if (pk.count < 2 || !phrase(ctx, &pk, 0, VL_G_FAMILY, NULL)) return NULL;
    for (size_t i = 1; i < pk.count; i++)
        if (!phrase(ctx, &pk, i, VL_G_GIVEN, NULL) && !phrase(ctx, &pk, i, VL_G_FAMILY, NULL))
            return NULL;
    return "VN";
}

const char *vl_resolve_country(const vl_ctx *ctx, const char *name)
{
    size_t n = strlen(name);
    static _Thread_local char code[3];
    if (n == 2 && name[0] >= 'A' && name[0] <= 'Z' && name[1] >= 'A' && name[1] <= 'Z') {
        memcpy(code, name, 3);
        return code;
    }
    words ws;
    split(ctx, name, &ws);
    const vl_gentry *e = NULL;
    if (!ws.count) return NULL;
    /* the whole name, as a country ("Laos") or a nationality ("lao") */
    static const vl_gcat cats[] = {VL_G_COUNTRY, VL_G_NATIONALITY};
    for (size_t c = 0; c < 2; c++) {
        size_t k = phrase(ctx, &ws, 0, cats[c], &e);
        size_t skip = 0;
        if (!k && ws.count > 1 && filler(ws.w[0])) { /* "le Laos" */
            k = phrase(ctx, &ws, 1, cats[c], &e);
            skip = 1;
        }
        if (k && k + skip == ws.count && e && strlen(e->a) == 2) return e->a;
    }
    return NULL;
}

/* ---------------------------------------------- per-thread memo of titles */

/* The same titles come back document after document ("Premier ministre",
 * "ministre de la Défense"): each thread keeps title_office's answers for
 * one context, up to MEMO_MAX titles, then starts again. */
enum { MEMO_SLOTS = 4096, MEMO_MAX = MEMO_SLOTS / 2 };

typedef struct memo_slot {
    char *title; /* NULL: empty */
    char *office; /* "role|org|" */
    const char *country; /* the context's string, or NULL */
    int single;
} memo_slot;

typedef struct memo {
    uint64_t ctx; /* the context's serial: 0 for none yet */
    size_t n;
    memo_slot slot[MEMO_SLOTS];
} memo;

static void memo_clear(memo *m)
{
    for (size_t i = 0; i < MEMO_SLOTS; i++) {
        free(m->slot[i].title);
        free(m->slot[i].office);
        m->slot[i].title = m->slot[i].office = NULL;
    }
    m->n = 0;
}

static void memo_free(void *p)
{
    if (!p) return;
    memo_clear(p);
    free(p);
}

static pthread_key_t memo_key;
static int memo_ok;

static void memo_init(void) { memo_ok = pthread_key_create(&memo_key, memo_free) == 0; }

/* The calling thread's memo for ctx, or NULL when none can be kept. */
static memo *memo_of(const vl_ctx *ctx)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, memo_init);
    if (!memo_ok) return NULL;
    memo *m = pthread_getspecific(memo_key);
    if (!m) {
        m = calloc(1, sizeof *m);
        if (!m || pthread_setspecific(memo_key, m) != 0) {
            free(m);
            return NULL;
        }
    }
    if (m->ctx != ctx->serial) { /* another context: other lexicons, other answers */
        memo_clear(m);
        m->ctx = ctx->serial;
    }
    return m;
}

/* title_office through the memo: the office prefix in out. */
static void title_office_memo(const vl_ctx *ctx, const char *title, vl_buf *out,
                              const char **country, int *single)
{
    memo *m = memo_of(ctx);
    if (!m) {
        title_office(ctx, title, out, country, single);
        return;
    }
    size_t len = strlen(title), j = vl_hash_bytes(title, len) & (MEMO_SLOTS - 1);
    while (m->slot[j].title && strcmp(m->slot[j].title, title) != 0) j = (j + 1) & (MEMO_SLOTS - 1);
    memo_slot *s = &m->slot[j];
    if (!s->title) {
        title_office(ctx, title, out, country, single);
        if (m->n >= MEMO_MAX) { /* full: start again */
            memo_clear(m);
            s = &m->slot[vl_hash_bytes(title, len) & (MEMO_SLOTS - 1)];
        }
        s->title = vl_strndup(title, len);
        s->office = vl_strndup((const char *)out->data, out->len);
        s->country = *country;
        s->single = *single;
        m->n++;
        return;
    }
    vl_buf_reset(out);
    vl_buf_adds(out, s->office);
    *country = s->country;
    *single = s->single;
}

void vl_resolve_office(const vl_ctx *ctx, const char *title, const char *person_key,
                       vl_buf *out, int *single)
{
    const char *country;
    title_office_memo(ctx, title, out, &country, single);
    if (!country) country = holder_country(ctx, person_key);
    if (country) vl_buf_adds(out, country);
}

/* Whether title text t is a repeat of one of per's titles: the same
 * words or fewer ("président" after "président de la République"). */
static int repeats(const vl_ctx *ctx, const vl_person *per, const char *t)
{
    const char *wt[32], *wp[32];
    char bt[512], bp[512];
    size_t nt = vl_fold_words(&ctx->fold, t, wt, 32, bt, sizeof bt);
    for (size_t i = 0; i < per->ntitles; i++) {
        size_t np = vl_fold_words(&ctx->fold, per->titles[i].text, wp, 32, bp, sizeof bp);
        if (vl_words_within(wt, nt, wp, np)) return 1;
    }
    return 0;
}

/* Whom a description stands for: the one person holding its office ("le
 * chef de l'État" is the president, "le chef de la diplomatie russe" the
 * Russian foreign minister), of the country it names, or of Vietnam when
 * it names none (the agency's country) and then of any country when only
 * one person holds it; among several, the one holder of its head the
 * extract stage found. -1 when none or several. */
static long described(const vl_ctx *ctx, const vl_extraction *ex, const vl_description *d,
                      vl_buf *b)
{
    if (d->sure) return d->person;
    int single = 0;
    vl_resolve_office(ctx, d->title.text, NULL, b, &single);
    char key[256];
    if (!single || b->len < 2 || b->len >= sizeof key) return -1;
    memcpy(key, b->data, b->len);
    key[b->len] = 0;
    const char *bar = strrchr(key, '|');
    size_t rl = (size_t)(bar - key) + 1; /* role|org| */
    const char *cc = bar + 1;
    long who[2] = {-1, -1}; /* of the country asked (or VN), of any */
    int many[2] = {0, 0}, found[2] = {0, 0}; /* found: d->person among them */
    for (size_t p = 0; p < ex->npersons; p++)
        for (size_t t = 0; t < ex->persons[p].ntitles; t++) {
            const char *o = ex->persons[p].titles[t].office;
            if (!o || strncmp(o, key, rl) != 0 || strchr(o + rl, '|')) continue;
            int k = strcmp(o + rl, *cc ? cc : "VN") == 0 ? 0 : 1;
            if (k == 1 && *cc) continue;
            if (who[k] >= 0 && who[k] != (long)p) many[k] = 1;
            who[k] = (long)p;
            if ((long)p == d->person) found[k] = 1;
        }
    for (int k = 0; k < 2; k++)
        if (who[k] >= 0) return !many[k] ? who[k] : found[k] ? d->person : -1;
    return -1;
}

/* Gives each description to whom it describes: a mention, and the title
 * when the person holds none worded the same (GUIDE.md: "a differently
 * worded one is" listed). */
static void attach_descriptions(const vl_ctx *ctx, vl_arena *arena, vl_extraction *ex)
{
    vl_buf b;
    vl_buf_init(&b, 0);
    for (size_t i = 0; i < ex->ndescriptions; i++) {
        const vl_description *d = &ex->descriptions[i];
        long p = described(ctx, ex, d, &b);
        if (p < 0) continue;
        vl_person *per = &ex->persons[p];
        if (p != d->person || d->sure) {
            per->mentions = vl_arena_push(arena, per->mentions, &per->nmentions, &per->cmentions,
                                       sizeof *per->mentions);
            per->mentions[per->nmentions - 1] = d->title.span;
        }
        if (repeats(ctx, per, d->title.text)) continue;
        /* "le président brésilien" after "le président Lula", "le président
         * de l'AN" after "le président de l'Assemblée nationale": a repeat
         * (heads such as "président de l'Assemblée nationale" are written
         * whole in data/titles.tsv) */
        size_t h = 0;
        size_t dl = strlen(d->title.head);
        while (h < per->ntitles && (strncmp(per->titles[h].head, d->title.head, dl) != 0 ||
                                    (per->titles[h].head[dl] && per->titles[h].head[dl] != ' ')))
            h++;
        if (h < per->ntitles) continue;
        per->titles = vl_arena_push(arena, per->titles, &per->ntitles, &per->ctitles,
                                 sizeof *per->titles);
        vl_title *t = &per->titles[per->ntitles - 1];
        *t = d->title;
        int single = 0;
        vl_resolve_office(ctx, t->text, per->key, &b, &single);
        t->office = vl_arena_strndup(arena, (const char *)b.data, b.len);
        t->single = (uint8_t)single;
    }
    vl_buf_free(&b);
}

void vl_resolve_run(const vl_ctx *ctx, vl_arena *arena, const char *doc_date,
                    vl_extraction *ex)
{
    vl_buf b;
    vl_buf_init(&b, 0);
    int year = doc_date ? atoi(doc_date) : 0;
    for (size_t p = 0; p < ex->npersons; p++) {
        vl_person *per = &ex->persons[p];
        /* a leader long dead holds his offices in the past */
        const char *died = vl_strmap_get(&ctx->historical, per->key, strlen(per->key));
        per->historical = died && year && year > atoi(died);
        const char *country = NULL; /* the first a title of the person names */
        for (size_t t = 0; t < per->ntitles; t++) {

            int single = 0;
            const char *text = per->titles[t].text;
            vl_resolve_office(ctx, text, per->key, &b, &single);
            per->titles[t].office = vl_arena_strndup(arena, (const char *)b.data, b.len);
            per->titles[t].single = (uint8_t)single;
            if (!country && b.len > 3 && b.data[b.len - 3] == '|')
                country = per->titles[t].office + b.len - 2;
        }
        /* an office whose title names no country is held for the country
         * the person's other titles name ("la ministre indonésienne des
         * Affaires étrangères ... la ministre Retno Marsudi", "le
         * secrétaire général du Parti" of a Lao leader) */
        for (size_t t = 0; t < per->ntitles && country; t++) {
            const char *o = per->titles[t].office;
            size_t n = strlen(o);
            if (!n || o[n - 1] != '|') continue;
            char *with = vl_arena_alloc(arena, n + 3);
            memcpy(with, o, n);
            memcpy(with + n, country, 3);
            per->titles[t].office = with;
        }
    }
    vl_buf_free(&b);
    attach_descriptions(ctx, arena, ex);
}
