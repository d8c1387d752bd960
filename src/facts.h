/*
 * facts.h — what extraction found in one document, as one stored record
 * (store stage).
 *
 * A pack is the document's facts in the order extraction lists them:
 * each person (then its titles, then its ranks), organisations, places,
 * dates, amounts, quotes. Each fact: its kind (one byte), then key, name,
 * value, status as strings, num as 8 bytes, start and end (original byte
 * offsets of the evidence) as varints, office as a string; and, when the
 * kind byte has VL_FACT_DATED set, the fact's own date as a string (the
 * date its sentence gives, when that is not the document's: packs written
 * before it have no such byte and read as before). A string is a varint
 * (length + 1, 0 for NULL) and its bytes. The columns are those of the
 * facts table (facttab.h), which reads packs.
 *
 * A pack's index terms, one per line, are what the fact index (an FTS5
 * table, detail=none) keeps: "person:KEY", "title:KEY", "org:KEY",
 * "place:KEY", "office:OFFICE" and, for a title, "position:KEY<TAB>OFFICE",
 * so that the documents of a key, an office or a person's office are found
 * without reading every pack.
 */
#ifndef VL_FACTS_H
#define VL_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "veille.h"

enum {
    VL_FACT_PERSON,
    VL_FACT_TITLE,
    VL_FACT_ORG,
    VL_FACT_PLACE,
    VL_FACT_RANK,
    VL_FACT_DATE,
    VL_FACT_AMOUNT,
    VL_FACT_QUOTE,
    VL_FACT_DEPARTURE, /* a person left an office: value = the cause (persons.c) */
    VL_FACT_KINDS,
    VL_FACT_INDEXED = VL_FACT_RANK, /* kinds below it have key terms */
    VL_FACT_DATED = 0x40            /* kind byte flag: a date string follows */
};

/* "person" ... "quote"; -1 for a name that is no kind */
/* Whether facts of a kind have key terms in the fact index (persons,
 * titles, organisations, places, departures): found by key without reading
 * every pack. */
static inline int vl_fact_indexed(int kind)
{
    return kind < VL_FACT_INDEXED || kind == VL_FACT_DEPARTURE;
}

extern const char *const vl_fact_kind_names[VL_FACT_KINDS];
int vl_fact_kind_of(const char *name, size_t n);

/* The string fields of a fact, in pack order. */
enum { VL_FS_KEY, VL_FS_NAME, VL_FS_VALUE, VL_FS_STATUS, VL_FS_OFFICE, VL_FS_DATE, VL_FS_COUNT };

/* One fact read from a pack: its strings point into the pack (not
 * NUL-terminated; NULL for SQL NULL). */
typedef struct vl_fact {
    int kind;
    const char *s[VL_FS_COUNT];
    size_t n[VL_FS_COUNT];
    double num;
    int64_t start, end;
} vl_fact;

/* Appends one fact to a pack. date: the fact's own date, or NULL for the
 * document's. */
void vl_facts_put(vl_buf *pack, int kind, const char *key, const char *name, const char *value,
                  const char *status, double num, int64_t start, int64_t end,
                  const char *office, const char *date);

/* The pack of an analysed document. */
void vl_facts_pack(const vl_doc *doc, vl_buf *pack);

/* Reads the fact at *pos and moves past it: 1, or 0 at the end or on a
 * damaged pack (reading never passes len). */
int vl_facts_next(const unsigned char *pack, size_t len, size_t *pos, vl_fact *out);

/* Appends the index terms of a pack, one per line. */
void vl_facts_terms(const unsigned char *pack, size_t len, vl_buf *out);

/* Appends the term of a lookup ("person", key): prefix, ':', the string
 * with line breaks as spaces (as vl_facts_terms writes it). */
void vl_facts_term(vl_buf *out, const char *prefix, const char *s, size_t n);
/* Appends the term of a title's key and office ("position:KEY<TAB>OFFICE"). */
void vl_facts_position(vl_buf *out, const char *key, size_t nkey, const char *office,
                       size_t noffice);

#endif
