/*
 * phrases.h — what the extractors share while they read one document
 * (extract stage): the context (vl_ex), the gazetteer matches per token,
 * and the helpers of phrases.c that read titles' and bodies' complements
 * and persons' names. when.c adds the times a text writes (anchors).
 */
#ifndef VL_PHRASES_H
#define VL_PHRASES_H

#include "extract.h"
#include "gazetteer.h"

/* A gazetteer match starting at a token. */
typedef struct vl_gmatch {
    const vl_gentry *entries; /* the phrase's */
    uint32_t cats; /* bit c: the phrase has an entry of category c */
    uint16_t ntok;
} vl_gmatch;

/* The word lists of vl_ex_is_any, parsed once per thread: the lists are
 * the program's string literals, so a list's address names it for the
 * whole run. Slots by address, 2^VL_EX_LIST_BITS of them, linear probing. */
enum { VL_EX_LIST_BITS = 8, VL_EX_LISTS = 1 << VL_EX_LIST_BITS, VL_EX_LIST_WORDS = 16 };
typedef struct vl_ex_list {
    /* what vl_ex_is_any reads of nearly every token, first: one cache line */
    const char *list; /* NULL: free slot */
    uint64_t mask; /* bit (hash & 63) of each word: most tokens are told
                      apart by one test */
    uint8_t n;        /* words; 0 with list set: too long to keep, scanned */
    uint8_t len[VL_EX_LIST_WORDS];
    uint64_t hash[VL_EX_LIST_WORDS]; /* vl_token_hash of each word, whole */
} vl_ex_list;

/* A time the text writes (when.c): tokens [s, e) and their value
 * ("2019-02-05", "2019-02", "2019"). */
typedef struct vl_anchor {
    uint32_t s, e;
    char value[11];
} vl_anchor;

/* What the extractors share while reading one document. */
typedef struct vl_ex {
    const vl_ctx *ctx;
    vl_arena *arena;
    const vl_view *view;
    const vl_structure *st;
    const char *orig;     /* the original text (offsets via view->map) */
    const char *doc_date; /* YYYY[-MM[-DD]] or NULL */
    vl_toks tk;
    vl_gmatch *mall;     /* every match (heap, freed with the stage), by token */
    size_t nmall, cmall;
    uint32_t *mfirst;    /* per token: index in mall of its matches, longest first */
    uint32_t *cats;      /* per token: bit c set when a phrase of category c starts there */
    uint32_t *scats;     /* per sentence: its tokens' cats, or'ed */
    uint32_t *marked;    /* the tokens that start a phrase of VL_EX_MARKED, in order (heap) */
    size_t nmarked, cmarked;
    uint8_t *nmatches;
    uint8_t *owner;      /* per token: who claimed it (0 free, 1 person, ...) */
    uint32_t *person_at; /* per token: 1 + index of the person named there, or 0 */
    uint8_t *stopc;      /* per token: stop word cache (0 unknown, 1 no, 2 yes) */
    vl_ex_list *lists;   /* VL_EX_LISTS slots, by the list's address: the thread's */
    vl_anchor *anchors;  /* every time written, in token order (dates.c) */
    const char *lead_date; /* the lead paragraph's first date (events.c) */
    size_t lead_block;     /* the lead paragraph's block */
    int latest_year;       /* the latest year the text writes, or 0 (events.c) */
    uint8_t *dead;         /* per person: 0 not looked up, 1 alive, 2 long dead (events.c) */
    uint8_t *named;        /* per sentence: 1 when it names a person (events.c) */
    size_t nanchors, canchors;
    vl_extraction *out;
} vl_ex;

enum { VL_OWN_NONE, VL_OWN_PERSON, VL_OWN_TITLE, VL_OWN_ORG, VL_OWN_PLACE, VL_OWN_DATE };

/* The phrase categories whose starts vl_ex.marked lists: the acts, chair
 * and role phrases the events pass looks for in a sentence (few tokens). */
#define VL_EX_MARKED (1u << VL_G_EVENT | 1u << VL_G_CHAIR | 1u << VL_G_EVROLE)

/* Finds every gazetteer phrase starting at each token (x->mall,
 * x->mfirst, x->cats, x->scats, x->marked). */
void vl_ex_match(vl_ex *x);


/* Longest gazetteer phrase of category cat starting at token i: its length
 * in tokens (0 if none), and the entry in *e when e is not NULL. */
size_t vl_ex_gaz_slow(const vl_ex *x, size_t i, vl_gcat cat, const vl_gentry **e);

static VL_HOT_INLINE size_t vl_ex_gaz(const vl_ex *x, size_t i, vl_gcat cat, const vl_gentry **e)
{
    /* most tokens start no phrase of the category: one mask test */
    if (i >= x->tk.n || !(x->cats[i] & (1u << cat))) return 0;
    return vl_ex_gaz_slow(x, i, cat, e);
}
/* The original text of tokens [i, j), spaces single; in the arena. */
const char *vl_ex_text(const vl_ex *x, size_t i, size_t j);
/* Folded key of tokens [i, j), words only, joined by one space; arena. */
const char *vl_ex_key(const vl_ex *x, size_t i, size_t j);
/* Whether token i is one of the space-separated folded words in list. */
int vl_ex_is_any_slow(const vl_ex *x, size_t i, const char *list);
static VL_HOT_INLINE size_t vl_ex_list_slot(const char *list)
{
    return ((uintptr_t)list * 0x9E3779B97F4A7C15ULL) >> (64 - VL_EX_LIST_BITS);
}
static VL_HOT_INLINE int vl_ex_is_any(const vl_ex *x, size_t i, const char *list)
{
    /* asked of nearly every token: most are told apart here, by the
     * token's hash against the mask of a list parsed before */
    if (i >= x->tk.n) return 0;
    /* punctuation is told apart by the mask too, or by the slow path */
    const vl_ex_list *w = &x->lists[vl_ex_list_slot(list)];
    if (w->list == list && w->n && !(w->mask >> (x->tk.t[i].hash & 63) & 1)) return 0;
    return vl_ex_is_any_slow(x, i, list);
}
/* Whether token i's folded form is in lex: by the hash the token keeps. */
static VL_HOT_INLINE int vl_ex_in(const vl_ex *x, const vl_lexicon *lex, size_t i)
{
    return vl_lexicon_has_hashed(lex, x->tk.t[i].fold, x->tk.t[i].flen, x->tk.hash[i]);
}
/* Whether token i is the punctuation character c. */
static VL_HOT_INLINE int vl_ex_punct(const vl_ex *x, size_t i, char c)
{
    return i < x->tk.n && x->tk.t[i].punct == (uint8_t)c;
}
/* Whether token i is a word that stops a complement (data/stopwords.txt). */
int vl_ex_stopword(const vl_ex *x, size_t i);
/* Preposition that opens a complement at i ("de", "du", "des", "d'",
 * "de la", "de l'", "à", "au", "aux", "à la"): its length, or 0. */
size_t vl_ex_prep(const vl_ex *x, size_t i);
/* How vl_ex_complement reads. */
enum {
    /* "à", "au", "aux" may open it ("secrétaire américain à la Défense");
     * not for bodies ("Nations unies au Vietnam") */
    VL_CX_A = 1,
    /* a body's name: "pour Abiyé", "chargé des Vietnamiens d'outre-mer",
     * "lutte contre la corruption", adjectives in a list ("économique,
     * commerciale et technique"), participles ("affaires liées aux ...") */
    VL_CX_BODY = 2,
    /* a body posted somewhere (an embassy, a mission): "au Royaume-Uni",
     * "auprès de l'ONU" */
    VL_CX_POSTED = 4,
    /* a body named by what it works on: "sur la coopération", "entre
     * les deux pays" */
    VL_CX_SUBJECT = 8,
    /* a title's term closes it: "du XIIIe mandat", "des XIe, XIIe et
     * XIIIe mandats", "de la XV e législature" */
    VL_CX_TERM = 16
};
/* Parses a complement after a head at i: (prep NP)+ with coordination;
 * returns the end token (exclusive), i when there is none. Names of
 * persons end it, and so does a term ("pour le mandat 2027-2029",
 * data/office_terms.txt). flags: VL_CX_*. */
size_t vl_ex_complement(const vl_ex *x, size_t i, size_t limit, unsigned flags);
/* Whether tokens [i, ...) start a person's name; returns its end or 0. */
size_t vl_ex_name(const vl_ex *x, size_t i, int strong);

/* Whether token j reads as a lower-case adjective of a name ("militaire",
 * "révolutionnaire", "intérieures" after "affaires"). */
int vl_ex_adjective(const vl_ex *x, size_t j);
/* A number designating a unit at j ("n°1", "No4", "2 n°4"): its end, or j. */
size_t vl_ex_numbered(const vl_ex *x, size_t j);

/* Records a time written at tokens [s, e) (dates.c), in token order. */
void vl_ex_anchor(vl_ex *x, size_t s, size_t e, const char *value);
/* The index of the first anchor at or after token k (binary search), or
 * nanchors. */
size_t vl_ex_anchor_from(const vl_ex *x, size_t k);
/* The time the clause of token k gives, when earlier than the document's
 * date (or the document has none): a value of the anchors, or NULL (the
 * document's time). Valid once dates are found. */
const char *vl_ex_when(const vl_ex *x, size_t k);

#endif
