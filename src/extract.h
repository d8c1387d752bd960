/*
 * extract.h — mentions of persons, titles, ranks, organisations, places,
 * dates, amounts and quotes (extract stage).
 *
 * Reads the analysis view, the structure and the tokens; produces the
 * entities of one document with their mentions. Everything lives in the
 * document's arena. Offsets here are view offsets; the record writer maps
 * them to original code points.
 *
 * The stage is split by what it finds, each file with one job:
 *   extract.c   orchestration: runs the extractors (extractors.h) in order
 *   phrases.c   what they share (phrases.h): gazetteer matches per token,
 *               word lists, texts and keys, complements, names
 *   persons.c   names, titles, ranks, in-document coreference
 *   entities.c  organisations and places
 *   dates.c     calendar dates
 *   amounts.c   counted and measured quantities
 *   quotes.c    reported statements
 *   events.c    meetings, talks, visits, signings and their chair
 *   when.c      the time a sentence gives a fact ("En février 2019, ...")
 * The French lives in data/ (see data/README.md).
 */
#ifndef VL_EXTRACT_H
#define VL_EXTRACT_H

#include "ctx.h"
#include "mem.h"
#include "normalize.h"
#include "structure.h"
#include "tokens.h"

typedef struct vl_span {
    uint32_t s, e; /* view byte offsets, end exclusive */
} vl_span;

enum { VL_ST_CURRENT, VL_ST_FORMER, VL_ST_ACTING, VL_ST_DESIGNATE };

typedef struct vl_title {
    const char *text; /* as written, spaces single */
    const char *date; /* the time its sentence gives (when.c), or NULL: the document's */
    const char *head; /* folded head: "vice ministre" */
    const char *office; /* canonical office key "role|org|CC" (resolve stage) */
    const char *of;     /* the body a title of a possessive belongs to ("le Comité
                           ... et son président"): the organisation named before,
                           or NULL */
    uint8_t single;     /* one holder at a time */
    vl_span span;
    uint8_t status;
} vl_title;

typedef struct vl_person {
    const char *name; /* fullest form written */
    const char *key;  /* folded */
    size_t ntok;      /* tokens in the name */
    vl_title *titles;
    size_t ntitles, ctitles;
    const char **ranks;
    size_t nranks, cranks;
    vl_span *mentions;
    size_t nmentions, cmentions;
    const char *departure; /* when a phrase tells the person left an office
                              (persons.c): death, resignation or dismissal */
    uint8_t historical;    /* a leader dead before the document's year
                              (resolve.c, data/historical_persons.tsv): "le
                              Président Hô Chi Minh" is written as current,
                              held in the past */
} vl_person;

/* The status the store keeps for a title of p (facts.c, kbload.c): past
 * when a phrase tells p left an office (p->departure) or p is a leader long
 * dead, as written else (the record keeps the text's status, GUIDE.md: "a
 * title not marked as past stays current"). */
static inline unsigned vl_title_stored_status(const vl_person *p, const vl_title *t)
{
    return (p->departure || p->historical) && t->status == VL_ST_CURRENT ? VL_ST_FORMER
                                                                          : t->status & 3u;
}

typedef struct vl_entity {
    const char *name; /* as written (first or fullest form) */
    const char *key;  /* folded */
    const char *country; /* ISO2 or NULL */
    const char *kind;    /* place: country|city|province|region|area; org: kind */
    vl_span *mentions;
    size_t nmentions, cmentions;
} vl_entity;

typedef struct vl_xdate {
    vl_span span;
    char value[11]; /* YYYY-MM-DD, YYYY-MM, XXXX-MM-DD */
    const char *text;
    int weekday_warning; /* the weekday written contradicts the date */
} vl_xdate;

typedef struct vl_amount {
    vl_span span;
    double value;
    const char *unit, *qualifier, *text;
} vl_amount;

typedef struct vl_quote {
    size_t speaker; /* index in persons */
    const char *verb;
    vl_span verb_span, content;
} vl_quote;

typedef struct vl_event {
    const char *type;  /* meeting, talks, visit, reception, signing, conference */
    const char *date;  /* ISO value, or NULL */
    const char *place; /* as written, or NULL */
    size_t *chairs;    /* indexes in persons; chairs are participants too */
    size_t nchairs, cchairs;
    size_t *participants; /* indexes in persons */
    size_t nparticipants, cparticipants;
    vl_span span;      /* the trigger word */
    vl_span sentence;  /* the sentence it is told in */
    uint32_t sent;     /* that sentence's number */
    uint16_t block;    /* the structure block of the trigger */
} vl_event;

/* A title written without a name ("le chef de l'État", "le président
 * russe", persons.c): the resolve stage finds whom it describes and gives
 * that person the title when it is worded differently from theirs. */
typedef struct vl_description {
    vl_title title;
    long person; /* the one holder of the same head in the document, or -1 */
    int sure;    /* person is whom it describes ("X ... en tant que chef de
                    l'État"), not a guess */
} vl_description;

typedef struct vl_extraction {
    vl_toks tokens; /* the document's tokens (the full-text index reuses them) */
    vl_person *persons;
    size_t npersons, cpersons;
    vl_entity *orgs, *places;
    size_t norgs, corgs, nplaces, cplaces;
    vl_xdate *dates;
    size_t ndates, cdates;
    vl_amount *amounts;
    size_t namounts, camounts;
    vl_quote *quotes;
    size_t nquotes, cquotes;
    vl_event *events;
    size_t nevents, cevents;
    vl_description *descriptions;
    size_t ndescriptions, cdescriptions;
    char self_date[11]; /* the date the text gives itself, or "" (dates.c) */
} vl_extraction;

/* Finds everything in one document; out lives in arena. doc_date is the
 * document's date (header or metadata), for years left unwritten. */
void vl_extract_run(const vl_ctx *ctx, vl_arena *arena, const vl_view *view,
                    const vl_structure *st, const char *orig, const char *doc_date,
                    vl_extraction *out);

#endif
