/*
 * ctx.h — the shared, read-only context (support for every stage).
 */
#ifndef VL_CTX_H
#define VL_CTX_H

#include "fold.h"
#include "gazetteer.h"
#include "lexicon.h"
#include "veille.h"
#include "wordset.h"

enum { VL_WORD_FRENCH = 1, VL_WORD_ENGLISH = 2 };

struct vl_ctx {
    uint64_t serial; /* unique per context of the process: names it in caches */
    size_t max_doc_bytes;
    int structure_only; /* extraction lexicons not loaded */
    char data_dir[1024];
    vl_fold_table fold;
    vl_lexicon elisions; /* folded: l d qu jusqu ... */
    vl_lexicon agencies; /* as written: VNA CVN ... */
    vl_lexicon query_skip; /* folded: function words left out of plain queries */
    vl_lexicon lead_openers; /* folded: openings of lead sentences, never of titles */
    vl_lexicon name_syllables; /* folded: Vietnamese family and given names
                                  (vn_*_names.txt), which a query keeps */
    vl_lexicon abbreviations; /* folded, without the period */
    vl_wordset words;    /* ordinary words, lower case, tagged VL_WORD_*: Debian's
                            wfrench and wamerican, one lookup for both */
    vl_lexicon stopwords; /* folded: words that end a complement */
    vl_lexicon org_words; /* folded: lower-case words inside names of bodies */
    vl_lexicon amount_exclude; /* folded: "les" of "les deux pays" */
    vl_lexicon particles; /* folded: "von", "der" inside foreign names */
    vl_lexicon given_names; /* folded: "jacques", "pierre" (given_names.txt) */
    vl_lexicon thing_nouns; /* folded: "navire", "rue": a name after one is a thing's */
    vl_gazetteer gaz;    /* phrase lexicons of the extract stage */
    vl_strmap office_roles; /* resolve: role synonyms */
    vl_strmap office_syn;   /* resolve: role|org synonyms */
    vl_strmap office_orgs;  /* resolve: complements naming one body ("an") */
    vl_lexicon office_terms; /* resolve: "mandat": "13e mandat" is no part of an office */
    vl_lexicon single_offices; /* resolve: "premier ministre|" */
    vl_strmap historical;   /* resolve: folded name -> year of death */
    vl_strmap person_aliases; /* persons: name key -> the key of the same person */
    vl_strmap stem_overrides; /* folded word -> its stem, before Snowball (fts.c) */
};

#endif
