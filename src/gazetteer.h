/*
 * gazetteer.h — multi-word lexicons matched on tokens (support for the
 * extract stage; built once in the context, read-only afterwards).
 *
 * Every entry of the data files (titles, ranks, countries, places,
 * organisations, verbs, months, ...) is tokenized with the document
 * tokenizer and folded, so "général de corps d’armée" is the key
 * "general de corps d armee" and matches however the text writes accents,
 * apostrophes or case. One phrase may carry several entries (Singapour is a
 * country and a city). Prefixes of every key are marked, so a match stops
 * as soon as no longer phrase can follow.
 */
#ifndef VL_GAZETTEER_H
#define VL_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

#include "fold.h"
#include "lexicon.h"
#include "mem.h"

typedef enum vl_gcat {
    VL_G_TITLE,       /* office head: ministre, vice-Premier ministre; a = flags */
    VL_G_MODIFIER,    /* ancien, par intérim; a = former|acting|designate|part */
    VL_G_RANK,        /* général de corps d'armée */
    VL_G_HONORIFIC,   /* M., Mme */
    VL_G_COUNTRY,     /* a = ISO2 */
    VL_G_NATIONALITY, /* a = ISO2 */
    VL_G_PLACE,       /* a = kind, b = ISO2 */
    VL_G_ORG,         /* a = acronym or "", b = kind */
    VL_G_ACRONYM,     /* a = expansion, b = kind */
    VL_G_ORGHEAD,     /* ministère, Comité central; a = kind */
    VL_G_VERB,        /* reporting verb form; a = kind */
    VL_G_MONTH,       /* num = 1..12 */
    VL_G_WEEKDAY,     /* num = 1..7 */
    VL_G_NUMWORD,     /* deux, million; num = value */
    VL_G_UNIT,        /* USD; a = unit, num = scale */
    VL_G_STOPCAP,     /* capitalised, never part of a name */
    VL_G_FAMILY,      /* Vietnamese family name */
    VL_G_GIVEN,       /* Vietnamese middle or given name */
    VL_G_QUALIFIER,   /* plus de, environ (before an amount) */
    VL_G_PLACETRIG,   /* province, district: a place name follows; a = kind */
    VL_G_ASIAN,       /* East Asian family name (Xi, Li, Kim) */
    VL_G_EVENT,       /* réunion, entretien, visite; a = type */
    VL_G_CHAIR,       /* présidé par; a = after|before|subject */
    VL_G_CUE,         /* homologue, épouse: a person's name follows */
    VL_G_TIMEREF,     /* à cette occasion: the time of the sentence before; a = day|period */
    VL_G_EVROLE,      /* à l'invitation de, accompagné de; a = not|delegation|members */
    VL_G_PERSONNOUN,  /* responsable, dirigeant: a word for a person */
    VL_G_DEPARTURE,   /* décès de, a démissionné; a = before|after, b = cause */
    VL_G_ORGTAIL,     /* Inc, Bank, Times: ends a company's name; a = kind */
    VL_G_TITLEPRED,   /* élu, en tant que: a title of the person before; a = as|elected */
    VL_G_COUNT
} vl_gcat;

typedef struct vl_gentry {
    struct vl_gentry *next; /* other entries of the same phrase */
    const char *text;       /* as written in the data file */
    const char *a, *b;      /* fields after the first, or "" */
    double num;
    uint16_t ntok;          /* tokens in the phrase */
    uint8_t cat;
    const char *fkey; /* an organisation's key: the folded text, or an
                         acronym's folded expansion (a); NULL otherwise */
} vl_gentry;

typedef struct vl_gslot {
    const char *key; /* folded tokens joined by one space */
    size_t klen;
    uint64_t hash;   /* the phrase hash of key */
    vl_gentry *entries; /* NULL when the key is only a prefix */
    uint32_t cats;      /* bit (1 << cat) of every entry */
} vl_gslot;

typedef struct vl_gazetteer {
    vl_gslot *slots;
    uint64_t *tags; /* per slot: vl_gaz_tag of its hash, with VL_GAZ_ENTRIES
                       when it has entries; 0 = empty. Probes read this
                       small array, not the slots */
    uint32_t *cats; /* per slot: its slot's cats, in a small array too */
    const vl_gentry **heads; /* per slot: its entries (the slot's), read
                                without the slot */
    size_t nslots, count;
    vl_arena arena;
    unsigned max_tokens; /* longest phrase */
    int clash; /* two keys share a phrase hash and a length (vl_gaz_probe_hash) */
    /* bit (token hash & 0xFFFF): some phrase starts with a token of that
     * hash; a token whose bit is clear starts none (8 KB, read per token) */
    uint64_t first[1024];
    /* the same for the first tokens of phrases of two tokens or more: a
     * token whose bit is clear starts no phrase longer than itself */
    uint64_t more[1024];
    /* per first token of such phrases (by token hash, open addressing):
     * bit (hash & 63) of each token that comes second in one of them */
    struct vl_gaz_next {
        uint64_t first, seconds; /* first == 0: empty */
    } *next;
    size_t nnext, cnext;
    /* bit (phrase hash >> 46), in .any: some key, or prefix of one, has
     * that phrase hash; in .entries: some key with entries has it. Most
     * phrases that go on past a common first word ("de", "la") stop at
     * .any, and the table is probed only where .entries says an entry may
     * be: the common prefixes alone ("de", "la") are never probed. */
    struct vl_gaz_bits {
        uint64_t any, entries;
    } bits[4096];
} vl_gazetteer;

/* Loads the extraction lexicons of dir (see data/README.md) into g.
 * Missing optional files are skipped; malformed lines give VL_EDATA. */
vl_status vl_gaz_load(vl_gazetteer *g, const char *dir, const vl_lexicon *elisions,
                      const vl_fold_table *fold, vl_error *err);
void vl_gaz_free(vl_gazetteer *g);

/* Adds a phrase (as written) with its category and fields; returns the
 * phrase's slot (its entries in file order, this one last), or NULL when
 * the phrase has no token. */
vl_gslot *vl_gaz_add(vl_gazetteer *g, const vl_lexicon *elisions, const vl_fold_table *fold,
                     const char *phrase, vl_gcat cat, const char *a, const char *b, double num);

/* Looks up a folded key (tokens joined by one space) whose phrase hash is
 * known: vl_gaz_hash_start() then vl_gaz_hash_step() with the
 * vl_token_hash() of each folded token, so a phrase is hashed token by
 * token without hashing a token twice. Returns the slot or NULL; a slot
 * with no entries is a prefix only. */
const vl_gslot *vl_gaz_find_h(const vl_gazetteer *g, const char *key, size_t klen,
                              uint64_t hash);

static inline uint64_t vl_gaz_hash_start(void)
{
    return 0x9E3779B97F4A7C15ULL;
}

static inline uint64_t vl_gaz_hash_step(uint64_t h, uint64_t token_hash)
{
    h ^= token_hash + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdULL;
}

/* The tag of a key in g->tags: 62 bits of its phrase hash, bit 0 set (a
 * tag is never 0); bit 1, VL_GAZ_ENTRIES, is set in the slots that hold
 * entries. */
enum { VL_GAZ_ENTRIES = 2 };
static inline uint64_t vl_gaz_tag(uint64_t hash)
{
    return (hash | 1) & ~(uint64_t)VL_GAZ_ENTRIES;
}

/* The slot whose key has this phrase hash, without comparing bytes or
 * reading the slots. NULL: no such key. A phrase hash is built from its
 * words' 64-bit hashes, so two phrases that share one are as unlikely as
 * two words that share a 64-bit hash; the tags of the keys themselves are
 * checked at load, and when two share one (g->clash), the caller confirms
 * a candidate with vl_gaz_find_h. *entries tells whether the slot holds
 * entries. */
static inline const vl_gslot *vl_gaz_probe_hash(const vl_gazetteer *g, uint64_t hash,
                                                int *entries)
{
    if (!g->nslots) return NULL;
    size_t j = hash & (g->nslots - 1);
    uint64_t tag = vl_gaz_tag(hash);
    while (g->tags[j]) {
        if ((g->tags[j] & ~(uint64_t)VL_GAZ_ENTRIES) == tag) {
            if (entries) *entries = (g->tags[j] & VL_GAZ_ENTRIES) != 0;
            return &g->slots[j];
        }
        j = (j + 1) & (g->nslots - 1);
    }
    return NULL;
}

/* Where phrase hash h is noted in g->bits. */
static inline const struct vl_gaz_bits *vl_gaz_bits_of(const vl_gazetteer *g, uint64_t h,
                                                       unsigned *bit)
{
    *bit = (unsigned)(h >> 46 & 63);
    return &g->bits[h >> 52];
}

/* Whether some phrase may start with a token of hash h (vl_token_hash). */
static inline int vl_gaz_may_start(const vl_gazetteer *g, uint64_t h)
{
    return (g->first[(h & 0xFFFF) >> 6] >> (h & 63)) & 1;
}

/* Whether some phrase of two tokens or more may start with a token of
 * hash h. */
static inline int vl_gaz_may_go_on(const vl_gazetteer *g, uint64_t h)
{
    return (g->more[(h & 0xFFFF) >> 6] >> (h & 63)) & 1;
}

/* The bits (hash & 63) of the tokens that come second in the phrases
 * starting with the token of hash first; 0 when none goes on. */
uint64_t vl_gaz_seconds(const vl_gazetteer *g, uint64_t first);

/* The first entry of category cat in a slot, or NULL. */
const vl_gentry *vl_gaz_entry(const vl_gslot *s, vl_gcat cat);
/* The same from a slot's entries (g->heads). */
static inline const vl_gentry *vl_gaz_entry_of(const vl_gentry *e, vl_gcat cat)
{
    for (; e; e = e->next)
        if (e->cat == cat) return e;
    return NULL;
}

#endif
