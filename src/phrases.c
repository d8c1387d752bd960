/*
 * phrases.c — how the extractors read the token stream (extract stage):
 * gazetteer matches per token, word lists, texts and keys of token ranges,
 * prepositions, complements of titles and bodies, names of persons.
 */
#include "phrases.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fold.h"
#include "swar.h"


/* What the gazetteer says of a phrase's first token, by the token's hash:
 * half the tokens of news start some phrase ("de", "la", "le", Vietnamese
 * syllables), and the same few hundred words come back. Asking the filter,
 * the tags and the entries of a table of hundreds of kilobytes cost a
 * cache miss each; the answer is kept per thread, for the context that
 * gave it. */
enum { FIRST_MEMO = 1024 };
enum { FIRST_STOP = 1, FIRST_PREFIX, FIRST_ENTRY }; /* 0: empty */
typedef struct first_answer {
    uint64_t hash;
    const vl_gentry *entries; /* FIRST_ENTRY: the one-token phrase's */
    uint32_t cats;
    uint8_t state;
    uint64_t seconds; /* vl_gaz_seconds: the tokens that may come next (0:
                         no phrase of two tokens or more starts so) */
} first_answer;
typedef struct first_memo {
    uint64_t serial;
    first_answer a[FIRST_MEMO];
} first_memo;

/* The thread's memo, emptied when the context is not the one that filled
 * it. */
static first_memo *first_memo_of(const vl_ctx *ctx)
{
    static _Thread_local first_memo memo;
    if (memo.serial != ctx->serial) {
        memset(&memo, 0, sizeof memo);
        memo.serial = ctx->serial;
    }
    return &memo;
}

/* The gazetteer's answer for the one-token phrase of token i (hash th): no
 * phrase goes on from it, a prefix only, or a key with entries. */
static const first_answer *first_token(const vl_ex *x, first_memo *memo, size_t i)
{
    uint64_t th = x->tk.hash[i];
    first_answer *m = &memo->a[(th >> 40) & (FIRST_MEMO - 1)];
    if (m->state && m->hash == th) return m;
    const vl_gazetteer *g = &x->ctx->gaz;
    first_answer r = {th, NULL, 0, FIRST_STOP, 0};
    if (vl_gaz_may_go_on(g, th)) r.seconds = vl_gaz_seconds(g, th);
    uint64_t h = vl_gaz_hash_step(vl_gaz_hash_start(), th);
    unsigned bit;
    const struct vl_gaz_bits *b = vl_gaz_bits_of(g, h, &bit);
    if (b->any >> bit & 1) {
        r.state = FIRST_PREFIX;
        int has = 0;
        const vl_gslot *s = NULL;
        if (b->entries >> bit & 1) {
            s = vl_gaz_probe_hash(g, h, &has);
            if (s && g->clash) { /* two keys share a tag: the bytes decide */
                s = vl_gaz_find_h(g, x->tk.t[i].fold, x->tk.t[i].flen, h);
                has = s && s->entries != NULL;
            }
            if (!s) r.state = FIRST_STOP;
        }
        if (s && has) {
            r.state = FIRST_ENTRY;
            r.entries = g->heads[s - g->slots];
            r.cats = g->cats[s - g->slots];
        }
    }
    *m = r;
    return m;
}

/* Gazetteer matches starting at every token, longest first: built once, so
 * the extractors ask "a title here?" at no cost. */
void vl_ex_match(vl_ex *x)
{
    const vl_gazetteer *g = &x->ctx->gaz;
    size_t n = x->tk.n;
    x->mfirst = vl_arena_alloc(x->arena, (n + 1) * sizeof *x->mfirst);
    memset(x->mfirst, 0, (n + 1) * sizeof *x->mfirst);
    x->nmatches = vl_arena_alloc(x->arena, n + 1);
    memset(x->nmatches, 0, n + 1);
    x->cats = vl_arena_alloc(x->arena, (n + 1) * sizeof *x->cats);
    memset(x->cats, 0, (n + 1) * sizeof *x->cats);
    x->scats = vl_arena_alloc(x->arena, (x->tk.nsent + 1) * sizeof *x->scats);
    memset(x->scats, 0, (x->tk.nsent + 1) * sizeof *x->scats);
    if (!g->nslots) return;
    char key[512];
    vl_gmatch found[16];
    first_memo *memo = first_memo_of(x->ctx);
    for (size_t i = 0; i < n; i++) {
        x->mfirst[i] = (uint32_t)x->nmall;
        const vl_xtok *t = x->tk.t;
        /* the byte and the hash arrays, not the token (32 bytes), for the
         * half of the tokens that start nothing */
        if ((x->tk.cls[i] & VL_XC_KIND) == VL_TOK_PUNCT || !vl_gaz_may_start(g, x->tk.hash[i]))
            continue;
        if ((size_t)t[i].flen + 1 >= sizeof key) continue;
        const first_answer *fa = first_token(x, memo, i);
        if (fa->state == FIRST_STOP) continue;
        size_t klen = t[i].flen, nf = 0;
        uint64_t h = vl_gaz_hash_step(vl_gaz_hash_start(), x->tk.hash[i]);
        if (fa->state == FIRST_ENTRY) {
            found[0].entries = fa->entries;
            found[0].cats = fa->cats;
            found[0].ntok = 1;
            nf = 1;
        }
        /* the next token may carry a phrase on: by the first token's list */
        int on = i + 1 < n && (fa->seconds >> (x->tk.hash[i + 1] & 63) & 1);
        for (size_t j = i + 1; on && j < n && j - i < g->max_tokens; j++) {
            if (t[j].sent != t[i].sent) break;
            if (klen + t[j].flen + 1 >= sizeof key) break;
            klen += 1 + t[j].flen;
            h = vl_gaz_hash_step(h, x->tk.hash[j]);
            unsigned bit;
            const struct vl_gaz_bits *b = vl_gaz_bits_of(g, h, &bit);
            if (!(b->any >> bit & 1)) break;  /* no key goes on so */
            if (!(b->entries >> bit & 1)) continue; /* a prefix, no key */
            /* The phrase hash decides, without reading a key's bytes
             * (gazetteer.h); only when two keys share a tag is the phrase
             * written out and looked up. */
            int has = 0;
            const vl_gslot *s = vl_gaz_probe_hash(g, h, &has);
            if (!s) break;
            if (g->clash) {
                size_t m = 0;
                for (size_t k = i; k <= j; k++) {
                    if (k > i) key[m++] = ' ';
                    memcpy(key + m, t[k].fold, t[k].flen);
                    m += t[k].flen;
                }
                s = vl_gaz_find_h(g, key, klen, h);
                if (!s) break;
                has = s->entries != NULL;
            }
            if (has && nf < 16) {
                found[nf].entries = g->heads[s - g->slots];
                found[nf].cats = g->cats[s - g->slots];
                found[nf].ntok = (uint16_t)(j - i + 1);
                nf++;
            }
        }
        if (!nf) continue;
        if (x->nmall + nf > x->cmall)
            x->mall = vl_grow(x->mall, &x->cmall, x->nmall + nf, sizeof *x->mall);
        vl_gmatch *m = x->mall + x->nmall;
        x->nmall += nf;
        for (size_t k = 0; k < nf; k++) {
            m[k] = found[nf - 1 - k];
            x->cats[i] |= m[k].cats;
        }
        x->scats[t[i].sent] |= x->cats[i];
        if (x->cats[i] & VL_EX_MARKED) {
            x->marked = vl_grow(x->marked, &x->cmarked, x->nmarked + 1, sizeof *x->marked);
            x->marked[x->nmarked++] = (uint32_t)i;
        }
        x->nmatches[i] = (uint8_t)nf;
    }
}

size_t vl_ex_gaz_slow(const vl_ex *x, size_t i, vl_gcat cat, const vl_gentry **e)
{
    if (!x->nmatches[i]) return 0;
    const vl_gmatch *mi = x->mall + x->mfirst[i];
    for (size_t k = 0; k < x->nmatches[i]; k++) {
        if (!(mi[k].cats & (1u << cat))) continue;
        const vl_gentry *en = vl_gaz_entry_of(mi[k].entries, cat);
        if (!en) continue;
        /* acronyms count only when written in capitals ("UN", not "Un"; "G20") */
        if (cat == VL_G_ACRONYM && !(x->tk.t[i].flags & VL_XT_ALLCAPS) &&
            !(x->tk.t[i].kind == VL_TOK_CODE && (x->tk.t[i].flags & VL_XT_UPPER)))
            continue;
        /* an adjective of nationality is written in lower case: "François"
         * is a name, "français" is not */
        if (cat == VL_G_NATIONALITY && (x->tk.t[i].flags & VL_XT_UPPER)) continue;
        if (e) *e = en;
        return mi[k].ntok;
    }
    return 0;
}

const char *vl_ex_text(const vl_ex *x, size_t i, size_t j)
{
    if (j <= i) return "";
    const char *o = x->orig;
    size_t s = vl_view_orig(x->view, x->tk.t[i].s), e = vl_view_orig(x->view, x->tk.t[j - 1].e);
    char *out = vl_arena_alloc(x->arena, e - s + 1);
    size_t m = 0;
    int space = 0;
    for (size_t k = s; k < e; k++) {
        /* a run of bytes that are no space and start none (C2, E2) is
         * copied eight bytes at a time */
        while (k + 8 <= e) {
            uint64_t w = vl_swar_load(o + k);
            uint64_t stop = vl_swar_below(w, 0x21) | vl_swar_eq(w, 0xC2) | vl_swar_eq(w, 0xE2);
            size_t run = stop ? vl_swar_first(stop) : 8;
            if (!run) break;
            if (space && m) out[m++] = ' ';
            space = 0;
            memcpy(out + m, o + k, run);
            m += run;
            k += run;
        }
        if (k >= e) break;
        unsigned char c = (unsigned char)o[k];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = 1;
            continue;
        }
        /* a no-break space (C2 A0, E2 80 AF) is a space too */
        if (c == 0xC2 && k + 1 < e && (unsigned char)o[k + 1] == 0xA0) {
            space = 1;
            k++;
            continue;
        }
        if (c == 0xE2 && k + 2 < e && (unsigned char)o[k + 1] == 0x80 &&
            (unsigned char)o[k + 2] == 0xAF) {
            space = 1;
            k += 2;
            continue;
        }
        if (space && m) out[m++] = ' ';
        space = 0;
        out[m++] = (char)c;
    }
    out[m] = 0;
    return out;
}

const char *vl_ex_key(const vl_ex *x, size_t i, size_t j)
{
    size_t len = 0;
    for (size_t k = i; k < j; k++) len += x->tk.t[k].flen + 1;
    char *out = vl_arena_alloc(x->arena, len + 1);
    size_t m = 0;
    for (size_t k = i; k < j; k++) {
        const vl_xtok *t = &x->tk.t[k];
        if (t->kind == VL_TOK_PUNCT) continue;
        if (m) out[m++] = ' ';
        memcpy(out + m, t->fold, t->flen);
        m += t->flen;
    }
    out[m] = 0;
    return out;
}

/* The slow paths of vl_ex_is_any stay out of line, so that the fast path
 * saves no registers for them. */
#if defined(__GNUC__)
#define VL_COLD __attribute__((noinline, cold))
#else
#define VL_COLD
#endif

/* Parses list into w; w->n = 0 when it has too many words to keep. */
VL_COLD static void parse_list(vl_ex_list *w, const char *list)
{
    w->list = list;
    w->n = 0;
    w->mask = 0;
    size_t n = 0;
    for (size_t i = 0; list[i];) {
        while (list[i] == ' ') i++;
        size_t s = i;
        while (list[i] && list[i] != ' ') i++;
        if (i == s) break;
        if (n == VL_EX_LIST_WORDS || i - s > UINT8_MAX) return;
        w->len[n] = (uint8_t)(i - s);
        w->hash[n] = vl_token_hash(list + s, i - s);
        w->mask |= 1ULL << (w->hash[n] & 63);
        n++;
    }
    w->n = (uint8_t)n;
}

/* Whether the folded token t is a word of list, reading the list. */
VL_COLD static int scan_list(const vl_xtok *t, const char *list)
{
    const char *f = t->fold, *p = list;
    size_t n = t->flen;
    while (*p) {
        size_t k = 0;
        while (k < n && p[k] == f[k]) k++;
        if (k == n && (p[k] == 0 || p[k] == ' ')) return 1;
        while (*p && *p != ' ') p++;
        while (*p == ' ') p++;
    }
    return 0;
}

int vl_ex_is_any_slow(const vl_ex *x, size_t i, const char *list)
{
    if (i >= x->tk.n) return 0;
    const vl_xtok *t = &x->tk.t[i];
    if (t->kind == VL_TOK_PUNCT) return 0;
    /* asked for nearly every token: the token's hash against the words
     * of the list, parsed at its first use in the thread */
    size_t j = vl_ex_list_slot(list), probes = 0;
    vl_ex_list *w = &x->lists[j];
    /* linear probing, never evicting: the program has far fewer lists */
    while (w->list != list) {
        if (!w->list) {
            parse_list(w, list);
            break;
        }
        if (++probes == VL_EX_LISTS) return scan_list(t, list);
        w = &x->lists[(j + probes) & (VL_EX_LISTS - 1)];
    }
    if (!w->n) return scan_list(t, list);
    if (!(w->mask >> (t->hash & 63) & 1)) return 0;
    /* a word's whole hash names it, as a phrase's does (gazetteer.h) */
    uint64_t h = x->tk.hash[i];
    for (size_t k = 0; k < w->n; k++)
        if (w->hash[k] == h && w->len[k] == t->flen) return 1;
    return 0;
}

int vl_ex_stopword(const vl_ex *x, size_t i)
{
    if (i >= x->tk.n) return 1;
    const vl_xtok *t = &x->tk.t[i];
    if (t->kind != VL_TOK_WORD) return 0;
    /* asked again and again of the same tokens: cached (0 unknown, 1 no, 2
     * yes); the cache is the extraction's scratch, not the tokens */
    if (!x->stopc[i])
        x->stopc[i] = vl_ex_in(x, &x->ctx->stopwords, i) ? 2 : 1;
    return x->stopc[i] == 2;
}

/* Whether token i is written "à" (not the verb "a"). */
static int is_a_grave(const vl_ex *x, size_t i)
{
    const vl_xtok *t = &x->tk.t[i];
    return t->e - t->s == 2 && (unsigned char)x->view->text[t->s] == 0xC3 &&
           ((unsigned char)x->view->text[t->s + 1] == 0xA0 ||
            (unsigned char)x->view->text[t->s + 1] == 0x80);
}

size_t vl_ex_prep(const vl_ex *x, size_t i)
{
    if (i >= x->tk.n) return 0;
    /* every preposition here starts with d, a or p: most tokens stop here */
    char c = x->tk.t[i].fold[0];
    if ((c != 'd' && c != 'a' && c != 'p' && c != 'e') || x->tk.t[i].flen > 4) return 0;
    if (vl_ex_is_any(x, i, "de")) {
        if (vl_ex_is_any(x, i + 1, "la")) return 2;
        if (vl_ex_is_any(x, i + 1, "l") && (x->tk.t[i + 1].flags & VL_XT_ELISION)) return 2;
        return 1;
    }
    if (vl_ex_is_any(x, i, "du des")) return 1;
    /* "Comité national pour la sécurité maritime" */
    if (vl_ex_is_any(x, i, "pour")) {
        if (vl_ex_is_any(x, i + 1, "le la les")) return 2;
        if (vl_ex_is_any(x, i + 1, "l") && (x->tk.t[i + 1].flags & VL_XT_ELISION)) return 2;
        return 0;
    }
    if (vl_ex_is_any(x, i, "d") && (x->tk.t[i].flags & VL_XT_ELISION)) return 1;
    if (vl_ex_is_any(x, i, "au aux")) return 1;
    /* "ambassadeur du Vietnam en France": "en" before a capital, as "à" */
    if (vl_ex_is_any(x, i, "en") && i + 1 < x->tk.n && (x->tk.t[i + 1].flags & VL_XT_UPPER))
        return 1;
    if (vl_ex_is_any(x, i, "a") && is_a_grave(x, i)) {
        if (vl_ex_is_any(x, i + 1, "la")) return 2;
        if (vl_ex_is_any(x, i + 1, "l") && (x->tk.t[i + 1].flags & VL_XT_ELISION)) return 2;
        return 1;
    }
    return 0;
}

/* A lower-case word that reads as an adjective of a name ("démocrate",
 * "constitutionnel", "révolutionnaire"): listed in data/org_words.txt, a
 * nationality, or an adjective ending. */
int vl_ex_adjective(const vl_ex *x, size_t j)
{
#define END(s) {s, sizeof s - 1}
    static const struct {
        const char *s;
        size_t n;
    } ends[] = {END("ique"), END("iques"), END("iste"), END("istes"), END("al"), END("ale"),
                END("ales"), END("aux"), END("aire"), END("aires"), END("ien"), END("ienne"),
                END("iens"), END("iennes"), END("ais"), END("aise"), END("aises"), END("if"),
                END("ive"), END("ifs"), END("ives"), END("crate"), END("crates"), END("ain"),
                END("aine"), END("ains"), END("aines")};
#undef END
    const vl_xtok *t = &x->tk.t[j];
    if (t->kind != VL_TOK_WORD || (t->flags & VL_XT_UPPER) || vl_ex_stopword(x, j) ||
        vl_ex_prep(x, j))
        return 0;
    if (vl_ex_in(x, &x->ctx->org_words, j)) return 1;
    if (vl_ex_gaz(x, j, VL_G_NATIONALITY, NULL)) return 1;
    char last = t->fold[t->flen - 1];
    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        size_t n = ends[k].n;
        if (t->flen > n + 2 && ends[k].s[n - 1] == last &&
            !memcmp(t->fold + t->flen - n, ends[k].s, n))
            return 1;
    }
    /* agreement: a plural word after a plural noun ("affaires intérieures"),
     * not a verb ("-ent") */
    const vl_xtok *p = j > 0 ? &x->tk.t[j - 1] : NULL;
    if (p && p->kind == VL_TOK_WORD && p->flen > 2 && p->fold[p->flen - 1] == 's' &&
        t->flen > 3 && t->fold[t->flen - 1] == 's' && strcmp(t->fold + t->flen - 3, "ent"))
        return 1;
    return 0;
}

/* Whether token k is "°". */
static int degree(const vl_ex *x, size_t k)
{
    return k < x->tk.n && x->tk.t[k].e - x->tk.t[k].s == 2 &&
           !memcmp(x->view->text + x->tk.t[k].s, "\xc2\xb0", 2);
}

/* A number designating a unit after j: "n°1", "No4", "N° 2", "2 n°4"
 * ("de niveau 2 n°4" ends with one). Returns its end, or j. */
size_t vl_ex_numbered(const vl_ex *x, size_t j)
{
    size_t k = j;
    if (k < x->tk.n && x->tk.t[k].kind == VL_TOK_NUMBER) k++;
    if (vl_ex_is_any(x, k, "n no") && degree(x, k + 1))
        return k + 2 < x->tk.n && x->tk.t[k + 2].kind == VL_TOK_NUMBER ? k + 3 : j;
    if (k < x->tk.n && x->tk.t[k].kind == VL_TOK_CODE &&
        (!strncmp(x->tk.t[k].fold, "no", 2) || x->tk.t[k].fold[0] == 'n') &&
        x->tk.t[k].fold[x->tk.t[k].flen - 1] >= '0' && x->tk.t[k].fold[x->tk.t[k].flen - 1] <= '9')
        return k + 1;
    if (vl_ex_is_any(x, k, "n no") && k + 1 < x->tk.n && x->tk.t[k + 1].kind == VL_TOK_NUMBER)
        return k + 2;
    return j;
}

/* A word that may continue a noun phrase inside a complement. */
static int np_word(const vl_ex *x, size_t k, size_t np_start)
{
    const vl_xtok *t = &x->tk.t[k];
    if (t->kind == VL_TOK_NUMBER || t->kind == VL_TOK_CODE) return 1;
    if (t->kind != VL_TOK_WORD) return 0;
    /* "Son" of "Lang Son" is a name's, not a possessive */
    if (k > np_start && (t->flags & VL_XT_UPPER) && !(t->flags & VL_XT_SENT_START) &&
        (x->tk.t[k - 1].flags & VL_XT_UPPER))
        return 1;
    if (vl_ex_stopword(x, k)) return 0;
    if (t->flags & VL_XT_UPPER) return 1;
    /* the second part of a compound: "textile-habillement", "outre-mer" */
    if (k > np_start && (t->flags & VL_XT_HYPHEN) && x->tk.t[k - 1].kind == VL_TOK_WORD) return 1;
    if (k == np_start) {
        /* "des relations", "de la stratégie"; but "à effectuer", "de
         * continuer" are verbs */
        const vl_xtok *p = &x->tk.t[k - 1];
        int a = p->e - p->s == 2 && (unsigned char)x->view->text[p->s] == 0xC3;
        if (t->flen > 3 && (!strcmp(t->fold + t->flen - 2, "er") ||
                            !strcmp(t->fold + t->flen - 2, "ir")))
            return 0;
        return !a && !vl_ex_is_any(x, k - 1, "au aux");
    }
    if (vl_ex_adjective(x, k)) return 1;
    if (vl_ex_gaz(x, k, VL_G_TITLE, NULL)) return 1;
    /* after an ordinal, the noun: "de la 4e région militaire" */
    if (k > np_start && x->tk.t[k - 1].kind == VL_TOK_CODE) return 1;
    return 0;
}

static int name_token(const vl_ex *x, size_t k, size_t first);
static int other_phrase(const vl_ex *x, size_t k);

/* Whether a capitalised run at k, inside a complement, is rather the name
 * that follows it ("le ministre de la Défense Tran Van Binh était"): two
 * capitalised words or more, one not French, no place or body, and not
 * followed by a preposition that would carry the complement on ("Parti Nur
 * Otan du Kazakhstan"). */
static int name_after_np(const vl_ex *x, size_t k)
{
    size_t j = k, french = 0;
    /* a place a trigger named, a body's name: "la province de Lang Son" */
    if (x->owner[k] == VL_OWN_PLACE || (x->owner[k] == VL_OWN_ORG && x->owner[k - 1] == VL_OWN_ORG))
        return 0;
    for (size_t q = k > 6 ? k - 6 : 0; q < k; q++) {
        size_t tl = (x->cats[q] & 1u << VL_G_PLACETRIG) ? vl_ex_gaz(x, q, VL_G_PLACETRIG, NULL) : 0;
        if (!tl) continue;
        size_t p = q + tl;
        if (vl_ex_is_any(x, p, "de d du")) p++;
        while (p < k && (x->tk.t[p].flags & VL_XT_UPPER)) p++;
        if (p == k && q + tl < k) return 0;
    }
    /* inside a place or a body ("Ho Chi Minh-Ville"), no name starts */
    const uint32_t named = 1u << VL_G_PLACE | 1u << VL_G_COUNTRY | 1u << VL_G_ORG;
    for (size_t b = 1; b <= 4 && b <= k; b++)
        for (size_t m = 0; m < x->nmatches[k - b]; m++)
            if ((x->mall[x->mfirst[k - b] + m].cats & named) &&
                x->mall[x->mfirst[k - b] + m].ntok > b)
                return 0;
    /* a name before a preposition carries a complement on ("Parti Nur Otan
     * du Kazakhstan", "Centre commercial Dong Xuan à Berlin"); a full
     * Vietnamese name before "en", "à" is a person's ("du Parti Nguyen Van
     * Thanh en Inde") */
    size_t e = vl_ex_name(x, k, 0);
    if (e)
        return !vl_ex_prep(x, e) ||
               (!vl_ex_is_any(x, e, "de du des d") && e >= k + 3 && vl_ex_gaz(x, k, VL_G_FAMILY, NULL));
    if (other_phrase(x, k)) return 0;
    while (j < x->tk.n && j - k < 6 && name_token(x, j, k)) {
        french += (x->tk.t[j].flags & VL_XT_FRENCH) != 0;
        j++;
    }
    if (j - k < 2 || french == j - k) return 0;
    return !vl_ex_prep(x, j);
}

/* Whether the preposition at j is "à", "au" or "aux". */
static int prep_a(const vl_ex *x, size_t j)
{
    const vl_xtok *t = &x->tk.t[j];
    return vl_ex_is_any(x, j, "au aux en") ||
           (t->e - t->s == 2 && (unsigned char)x->view->text[t->s] == 0xC3);
}

static int roman(const vl_ex *x, size_t k);

/* Whether token k is a past participle, written with its "é": "liées",
 * "chargé". */
static int participle(const vl_ex *x, size_t k)
{
    const vl_xtok *t = &x->tk.t[k];
    if (t->kind != VL_TOK_WORD || (t->flags & VL_XT_UPPER)) return 0;
    const char *v = x->view->text + t->s;
    size_t n = t->e - t->s;
    size_t all = n;
    while (n && all - n < 2 && (v[n - 1] == 's' || v[n - 1] == 'e')) n--;
    if (n < 4 || (unsigned char)v[n - 2] != 0xC3 || (unsigned char)v[n - 1] != 0xA9) return 0;
    /* not a noun in "-té": "société", "sécurités" */
    return !(v[n - 3] == 't' && (all == n || (all == n + 1 && v[n] == 's')));
}

/* Whether adjectives from k close a list with "et": "commerciale,
 * scientifique et technique" (not "secrétaire adjoint de ..."). */
static int adjective_list(const vl_ex *x, size_t k, size_t limit)
{
    while (k < limit && vl_ex_adjective(x, k)) {
        if (vl_ex_punct(x, k + 1, ',')) k += 2;
        /* "... et technique", "..., commerciale et de l'investissement" */
        else return vl_ex_is_any(x, k + 1, "et") &&
                    (vl_ex_adjective(x, k + 2) || vl_ex_prep(x, k + 2));
    }
    return 0;
}

/* A body's own openings of a complement (VL_CX_BODY): "pour" before a
 * capital, "chargé des", "contre" after "lutte"; with VL_CX_SUBJECT "sur
 * la", "entre les"; with VL_CX_POSTED "auprès de l'". Their length, or 0. */
static size_t body_prep(const vl_ex *x, size_t j, unsigned flags)
{
    if (j + 1 >= x->tk.n) return 0;
    const vl_xtok *nx = &x->tk.t[j + 1];
    if (((flags & VL_CX_SUBJECT) && vl_ex_is_any(x, j, "sur entre")) ||
        (vl_ex_is_any(x, j, "contre") && j > 0 && vl_ex_is_any(x, j - 1, "lutte prevention"))) {
        if (vl_ex_is_any(x, j + 1, "le la les")) return 2;
        if (vl_ex_is_any(x, j + 1, "l") && (nx->flags & VL_XT_ELISION)) return 2;
        return 0;
    }
    if (vl_ex_is_any(x, j, "pour"))
        return nx->kind == VL_TOK_WORD && (nx->flags & VL_XT_UPPER) ? 1 : 0;
    if ((flags & VL_CX_POSTED) && vl_ex_is_any(x, j, "aupres")) {
        size_t p = vl_ex_prep(x, j + 1);
        return p ? 1 + p : 0;
    }
    if (vl_ex_is_any(x, j, "charge chargee charges chargees")) {
        size_t p = vl_ex_prep(x, j + 1);
        return p && !prep_a(x, j + 1) ? 1 + p : 0;
    }
    return 0;
}

/* The end of a term from k: ordinals ("XIIIe", "13e", "XV e"), in a list
 * with "," and "et", then a word of data/office_terms.txt ("mandat",
 * "législatures"); 0 when none. */
static size_t term_after(const vl_ex *x, size_t k, size_t limit)
{
    for (int items = 0; k < limit && items < 8; items++) {
        const vl_xtok *t = &x->tk.t[k];
        if (t->kind != VL_TOK_NUMBER && t->kind != VL_TOK_CODE && !roman(x, k)) return 0;
        k++;
        if (vl_ex_is_any(x, k, "e er eme")) k++;
        if (vl_ex_punct(x, k, ',') || vl_ex_is_any(x, k, "et")) {
            k++;
            if (vl_ex_is_any(x, k, "du de des")) k++;
            continue;
        }
        if (k < limit && vl_ex_in(x, &x->ctx->office_terms, k))
            return k + 1;
        return 0;
    }
    return 0;
}

size_t vl_ex_complement(const vl_ex *x, size_t i, size_t limit, unsigned flags)
{
    size_t j = i, end = i;
    if (limit > x->tk.n) limit = x->tk.n;
    for (;;) {
        size_t p = vl_ex_prep(x, j);
        if (!p && (flags & VL_CX_BODY)) p = body_prep(x, j, flags);
        if (!p || j + p >= limit) break;
        /* "à", "au": a title's ("secrétaire d'État à la Défense"), a posted
         * body's before a place ("ambassade du Vietnam au Royaume-Uni"),
         * or after a participle ("liées aux Vietnamiens d'outre-mer") */
        if (!(flags & VL_CX_A) && prep_a(x, j) &&
            !((flags & VL_CX_POSTED) && (x->tk.t[j + p].flags & VL_XT_UPPER)) &&
            !((flags & VL_CX_BODY) && j > i && participle(x, j - 1)))
            break;
        /* "de la XVe législature", "du 13e Congrès": a qualifier, not a
         * name; "pour le mandat 2027-2029": a term */
        const vl_xtok *first = &x->tk.t[j + p];
        size_t term = (flags & VL_CX_TERM) ? term_after(x, j + p, limit) : 0;
        if (term || first->kind == VL_TOK_NUMBER || roman(x, j + p)) {
            if (term) end = term;
            break;
        }
        if (vl_ex_in(x, &x->ctx->office_terms, j + p)) break;
        size_t k = j + p, np = k;
        if (x->tk.t[k].sent != x->tk.t[j].sent) break;
        /* a country's name whole: "en Arabie saoudite" */
        size_t cl = vl_ex_gaz(x, np, VL_G_COUNTRY, NULL);
        if (cl > 1 && np + cl <= limit) k = np + cl;
        while (k < limit && k - np < 16) {
            if (x->tk.t[k].sent != x->tk.t[np].sent) break;
            /* a title's "du Parti communiste au pouvoir" (the body's name
             * ends before it) */
            if ((flags & VL_CX_A) && k > np && vl_ex_is_any(x, k, "au") &&
                vl_ex_is_any(x, k + 1, "pouvoir")) {
                k += 2;
                continue;
            }
            if (vl_ex_prep(x, k)) break; /* the next (prep NP) */
            /* A person's name right after the complement ends it:
             * "le président du Bureau du président Lê Khanh Hai". */
            if (k > np && (x->tk.t[k].flags & VL_XT_UPPER) && name_after_np(x, k)) break;
            /* a country ends it before capitalised words, French or not:
             * "l'ambassadeur de France Olivier Brochet" */
            if (k > np && (x->tk.t[k].flags & VL_XT_UPPER) &&
                vl_ex_gaz(x, np, VL_G_COUNTRY, NULL) == k - np && k + 1 < limit &&
                name_token(x, k, k) && name_token(x, k + 1, k) &&
                (x->tk.t[k + 1].flags & VL_XT_UPPER) && !other_phrase(x, k))
                break;
            /* "de la Souveraineté industrielle et numérique" */
            if (k > np && k + 1 < limit && x->tk.t[k].flen == 2 && vl_ex_is_any(x, k, "et") &&
                vl_ex_adjective(x, k - 1) && vl_ex_adjective(x, k + 1)) {
                k += 2;
                continue;
            }
            /* a body's adjectives in a list: "économique, commerciale et
             * technique"; its participles: "les affaires liées" */
            if ((flags & VL_CX_BODY) && k > np && vl_ex_punct(x, k, ',') &&
                adjective_list(x, k + 1, limit)) {
                k++;
                continue;
            }
            if ((flags & VL_CX_BODY) && k > np && participle(x, k) && !body_prep(x, k, flags) &&
                (vl_ex_prep(x, k + 1) || prep_a(x, k + 1))) {
                k++;
                continue;
            }
            if (!np_word(x, k, np)) break;
            k++;
        }
        if (k == np) break; /* a preposition with nothing after it */
        end = k;
        j = k;
        /* coordination: ", de la Sécurité publique et de la Défense" */
        if (vl_ex_punct(x, j, ',') && vl_ex_is_any(x, j + 1, "et") && vl_ex_prep(x, j + 2))
            j++; /* ", et de la Défense" */
        if ((vl_ex_punct(x, j, ',') || vl_ex_is_any(x, j, "et")) && vl_ex_prep(x, j + 1)) {
            /* ", de la Sécurité publique", "et de la stratégie"; after a
             * comma only a capitalised noun carries on; another body
             * ("et de la Garde côtière") is not part of this name */
            size_t q = j + 1 + vl_ex_prep(x, j + 1);
            int country = vl_ex_gaz(x, np, VL_G_COUNTRY, NULL) == end - np;
            if (q < limit && x->tk.t[q].kind == VL_TOK_WORD && !vl_ex_stopword(x, q) &&
                ((x->tk.t[q].flags & VL_XT_UPPER) || (vl_ex_is_any(x, j, "et") && !country)) &&
                !vl_ex_gaz(x, q, VL_G_ORGHEAD, NULL) && !vl_ex_gaz(x, q, VL_G_ORG, NULL))
                j++;
        }
    }
    return end;
}

/* Roman numerals and their ordinals, written in capitals: XIII, XIVe, XVe
 * (two letters at least, so "Le" and "Me" are words; I, V, X and L only, so
 * "CC" and "CM" stay acronyms). */
static int roman(const vl_ex *x, size_t k)
{
    const vl_xtok *t = &x->tk.t[k];
    const char *v = x->view->text;
    size_t i = t->s;
    while (i < t->e && (v[i] == 'I' || v[i] == 'V' || v[i] == 'X' || v[i] == 'L')) i++;
    if (i - t->s < 2) return 0;
    size_t rest = t->e - i;
    return rest == 0 || (rest == 1 && v[i] == 'e') || (rest == 2 && !memcmp(v + i, "er", 2)) ||
           (rest == 4 && !memcmp(v + i, "\xc3\xa8me", 4));
}

/* Whether token k can be part of a person's name. */
static int name_token(const vl_ex *x, size_t k, size_t first)
{
    const vl_xtok *t = &x->tk.t[k];
    if (t->kind != VL_TOK_WORD) return 0;
    if (x->owner[k] == VL_OWN_PLACE || x->owner[k] == VL_OWN_DATE) return 0;
    /* a Roman numeral ends a name, never starts one: "Elizabeth II" */
    if (roman(x, k))
        return k > first && (t->flags & VL_XT_ALLCAPS) && t->fold[t->flen - 1] != 'e' &&
               x->tk.t[k - 1].kind == VL_TOK_WORD && (x->tk.t[k - 1].flags & VL_XT_UPPER);
    if (!(t->flags & VL_XT_UPPER)) {
        /* lower-case parts joined by a hyphen: Chan-ocha */
        if (k > first && (t->flags & VL_XT_HYPHEN)) return 1;
        /* particles between capitalised parts: "Ursula von der Leyen",
         * "Valéry Giscard d'Estaing" */
        if (k > first && (vl_ex_in(x, &x->ctx->particles, k) ||
                          (t->flen == 1 && t->fold[0] == 'd' && (t->flags & VL_XT_ELISION)))) {
            size_t j = k + 1;
            while (j < x->tk.n && j < k + 3 && x->tk.t[j].kind == VL_TOK_WORD &&
                   !(x->tk.t[j].flags & VL_XT_UPPER) &&
                   vl_ex_in(x, &x->ctx->particles, j))
                j++;
            return j < x->tk.n && x->tk.t[j].kind == VL_TOK_WORD &&
                   (x->tk.t[j].flags & VL_XT_UPPER) && !(x->tk.t[j].flags & VL_XT_FRENCH) &&
                   !other_phrase(x, j);
        }
        return 0;
    }
    if ((t->flags & VL_XT_ALLCAPS) && t->flen > 1) return 0; /* ONU, ASEAN */
    if (x->cats[k]) {
        if (vl_ex_gaz(x, k, VL_G_STOPCAP, NULL) == 1) return 0;
        /* months and weekdays are written in lower case but at the start of
         * a sentence: a capital "Mai" elsewhere is a name */
        if ((t->flags & VL_XT_SENT_START) &&
            (vl_ex_gaz(x, k, VL_G_MONTH, NULL) || vl_ex_gaz(x, k, VL_G_WEEKDAY, NULL)))
            return 0;
    }
    return 1;
}

/* Whether a phrase of another kind (place, organisation, title ...) starts
 * at k: then no name starts there. */
static int other_phrase(const vl_ex *x, size_t k)
{
    static const vl_gcat cats[] = {VL_G_COUNTRY, VL_G_PLACE, VL_G_ORG, VL_G_ORGHEAD,
                                   VL_G_TITLE, VL_G_NATIONALITY, VL_G_RANK, VL_G_ACRONYM,
                                   VL_G_HONORIFIC};
    if (k >= x->tk.n || !x->cats[k]) return 0; /* most tokens start nothing */
    for (size_t c = 0; c < sizeof cats / sizeof cats[0]; c++)
        if ((x->cats[k] & (1u << cats[c])) && vl_ex_gaz(x, k, cats[c], NULL)) return 1;
    return 0;
}

/* Whether "(" and an acronym of the initials of the words [i, j) follow
 * token j-1. */
static int initials_follow(const vl_ex *x, size_t i, size_t j)
{
    if (j + 1 >= x->tk.n || !vl_ex_punct(x, j, '(')) return 0;
    const vl_xtok *a = &x->tk.t[j + 1];
    if (!(a->flags & VL_XT_ALLCAPS) || a->flen != j - i) return 0;
    for (size_t k = i; k < j; k++)
        if (x->tk.t[k].fold[0] != a->fold[k - i]) return 0;
    return 1;
}

size_t vl_ex_name(const vl_ex *x, size_t i, int strong)
{
    size_t n = x->tk.n, j = i;
    if (i >= n || !(x->tk.t[i].flags & VL_XT_UPPER)) return 0;
    /* a capitalised phrase that names no one ("Viêt Kiêu": Vietnamese
     * abroad) */
    if (x->cats[i] && vl_ex_gaz(x, i, VL_G_STOPCAP, NULL) >= 2) return 0;
    while (j < n && j - i < 8 && name_token(x, j, i)) {
        if (j > i && x->tk.t[j].sent != x->tk.t[i].sent) break;
        /* an initial inside a name: "Ferdinand R. Marcos", "John F. Kennedy" */
        if (j > i && x->tk.t[j].flen == 1 && j + 2 < n && vl_ex_punct(x, j + 1, '.') &&
            x->tk.t[j + 2].sent == x->tk.t[i].sent && (x->tk.t[j + 2].flags & VL_XT_UPPER) &&
            name_token(x, j + 2, i) && !other_phrase(x, j + 2)) {
            j += 2;
            continue;
        }
        /* a French word that is no Vietnamese syllable ends a Vietnamese
         * name: "Vo Van Thuong Prenant la parole" (a lost full stop); not
         * "Kim Jong Un" */
        if (j >= i + 2 && x->tk.t[j].flen >= 4 && (x->tk.t[j].flags & VL_XT_FRENCH) &&
            !(x->tk.t[j].flags & VL_XT_HYPHEN) &&
            vl_ex_gaz(x, i, VL_G_FAMILY, NULL) &&
            !vl_ex_gaz(x, j, VL_G_FAMILY, NULL) && !vl_ex_gaz(x, j, VL_G_GIVEN, NULL))
            break;
        /* a place or body after a name ends it: "Phan Van Giang Hanoï" */
        if (j > i && !(x->tk.t[j].flags & VL_XT_HYPHEN) && other_phrase(x, j) &&
            !vl_ex_gaz(x, j, VL_G_FAMILY, NULL) && !vl_ex_gaz(x, j, VL_G_GIVEN, NULL))
            break;
        j++;
    }
    /* never cut at a particle: "les Flyers de Philadelphie" */
    while (j > i + 1 && !(x->tk.t[j - 1].flags & VL_XT_UPPER) &&
           (vl_ex_in(x, &x->ctx->particles, j - 1) ||
            (x->tk.t[j - 1].flags & VL_XT_ELISION)))
        j--;
    size_t len = j - i;
    if (len == 0) return 0;
    if (!strong && len < 2) return 0; /* what follows would refuse it too */
    /* "Hanyu Shuiping Kaoshi (HSK)": a run its initials abbreviate names a
     * thing, not a person */
    if (len >= 2 && initials_follow(x, i, j)) return 0;
    /* "Marcos Jr.": the period of a suffix is the name's */
    size_t end = j;
    if (len >= 2 && vl_ex_punct(x, j, '.') && x->tk.t[j - 1].flen == 2 &&
        vl_ex_is_any(x, j - 1, "jr sr"))
        end = j + 1;
    int family = vl_ex_gaz(x, i, VL_G_FAMILY, NULL) != 0;
    int asian = vl_ex_gaz(x, i, VL_G_ASIAN, NULL) != 0;
    /* the whole run is a known place: "Bien Hoa", "Cao Bang" */
    if (!strong && (vl_ex_gaz(x, i, VL_G_PLACE, NULL) == len ||
                    vl_ex_gaz(x, i, VL_G_COUNTRY, NULL) == len))
        return 0;
    /* a country, a place, a body or a title is no name, unless a
     * Vietnamese family name begins a longer run */
    if (other_phrase(x, i) && !(family && len >= 2) &&
        !(strong && len >= 2 && !vl_ex_gaz(x, i, VL_G_COUNTRY, NULL) &&
          !vl_ex_gaz(x, i, VL_G_ORG, NULL) && !vl_ex_gaz(x, i, VL_G_ORGHEAD, NULL)))
        return 0;
    size_t french = 0, vn = 0, words = 0;
    for (size_t k = i; k < j; k++) {
        if (x->tk.t[k].flags & VL_XT_FRENCH) french++;
        if (x->tk.t[k].flags & (VL_XT_FRENCH | VL_XT_ENGLISH)) words++;
        if (vl_ex_gaz(x, k, VL_G_FAMILY, NULL) || vl_ex_gaz(x, k, VL_G_GIVEN, NULL)) vn++;
    }
    if (strong) {
        /* one word that is also French is no name, even "Le" (Lê) */
        if (len == 1 && (x->tk.t[i].flags & VL_XT_FRENCH)) return 0;
        return end;
    }
    if (len < 2) return 0;
    if (x->tk.t[i].flen == 1) return 0; /* "E-mail", an initial alone */
    /* a name starts a capitalised run: "Chi Minh" of "Ho Chi Minh" is none */
    if (i > 0 && x->tk.t[i - 1].sent == x->tk.t[i].sent && name_token(x, i - 1, i - 1) &&
        !(x->tk.t[i - 1].flags & VL_XT_FRENCH))
        return 0;
    if (family && vn == len) return end;
    /* a known given name opens it: "Jacques Martin", "Pierre Rose" */
    if (vl_ex_in(x, &x->ctx->given_names, i) &&
        !(x->tk.t[i].flags & VL_XT_HYPHEN) && !other_phrase(x, i + 1)) {
        /* a family name after it, not only "-François" of "Jean-François"
         * nor "Saint-Vincent-et-les-Grenadines" */
        for (size_t k = i + 1; k < j; k++)
            if (!(x->tk.t[k].flags & VL_XT_HYPHEN) && (x->tk.t[k].flags & VL_XT_UPPER)) return end;
    }
    /* "Xi Jinping", "Li Shangfu": a short family name that is also a word */
    if (asian && len <= 3 && french <= 1 && !(x->tk.t[j - 1].flags & VL_XT_FRENCH)) return end;
    /* "Kim Jong Un": a last syllable that is also a short French word */
    if ((asian || family) && len == 3 && french == 1 && x->tk.t[j - 1].flen <= 2) return end;
    if (family && french <= 1 && !(x->tk.t[j - 1].flags & VL_XT_FRENCH)) return end;
    /* "Army Games", "Strategic Studies": English words, not a name */
    if (french == 0 && words < len) return end;
    return 0;
}
