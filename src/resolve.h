/*
 * resolve.h — canonical offices (resolve stage).
 *
 * A title as written maps to an office key "role|org|country":
 *   "ministre vietnamien de la Défense"  -> "ministre|defense|VN"
 *   "chef de la diplomatie vietnamienne" -> "ministre|affaires etrangeres|VN"
 *   "vice-ministre de la Sécurité publique" -> "vice ministre|securite publique|VN"
 * The role is the title's head (data/titles.tsv), folded, through the role
 * synonyms of data/office_roles.tsv (feminine forms); the org is the
 * complement without articles, prepositions, nationality adjectives and the
 * first country named; role|org then goes through data/office_synonyms.tsv.
 * The country is the one the title names, else VN when the holder's name is
 * Vietnamese (a dispatch of a Vietnamese agency), else empty.
 * Cross-document entities are the knowledge base's (kb.c).
 */
#ifndef VL_RESOLVE_H
#define VL_RESOLVE_H

#include "buf.h"
#include "ctx.h"
#include "extract.h"

/* Writes the office key of title for a holder whose folded name is
 * person_key (may be NULL) into out; *single is set when one person holds
 * the office at a time (data/titles.tsv flag "single"). */
void vl_resolve_office(const vl_ctx *ctx, const char *title, const char *person_key,
                       vl_buf *out, int *single);

/* The ISO 3166 code of a country named as a user types it ("Laos",
 * "laos", "le Laos", "lao", "LA"), or NULL. The string is the context's or
 * the calling thread's. */
const char *vl_resolve_country(const vl_ctx *ctx, const char *name);

/* Fills the office of every title of an extraction (strings in arena); a
 * leader dead before the document's year (doc_date, may be NULL;
 * data/historical_persons.tsv) is marked historical: the store keeps his
 * titles as past ones. */
void vl_resolve_run(const vl_ctx *ctx, vl_arena *arena, const char *doc_date,
                    vl_extraction *ex);

#endif
