/*
 * eval.h — the scoring of `veille eval`: `veille extract` records against
 * gold annotations. It stands outside the extraction pipeline: it reads the
 * records as JSON, the way any other consumer would, and no stage uses it.
 * The public API (vl_eval_new, vl_eval_add, vl_eval_print, vl_eval_f1,
 * vl_eval_free) is in include/veille.h; this header documents the rules and
 * declares two helpers the unit tests call.
 *
 * shared/corpus/GUIDE.md ("Scoring") is the authority. What it says, and
 * what this module decided where it is silent:
 *
 * Matching records to gold. A record belongs to the gold line whose "file"
 * equals the basename of its "source"; when none does (JSONL input gives
 * sources like "feed.jsonl:3"), its "id" is tried. A second record for the
 * same gold line replaces the first. A gold line with no record counts every
 * gold item of it as a miss (GUIDE: counts are summed over all articles, so
 * skipping a hard article must not help), and the articles without a record
 * are reported on a line of their own.
 *
 * Folding. Every compared string goes through the library's fold table
 * (lower case, diacritics removed, đ -> d, spaces collapsed), then through
 * the typographic unification that annotators and texts mix freely:
 * ’ ‘ ʼ ´ ` -> ', dashes (‐ ‑ ‒ – — −) -> -, « » “ ” „ -> ", soft hyphens
 * dropped. Strings longer than 4 KiB are cut there: no real title, name or
 * verb is that long, and the cut bounds every buffer.
 *
 * One-to-one. In every field an item matches at most one item on the other
 * side, and the pairing is a maximum matching (augmenting paths, each item
 * trying its best-scoring candidates first), so duplicates on either side
 * cost what they should and the order of the lists never matters. At most
 * 2,000 items per field and article are scored (VL_ELIMIT past that).
 *
 * Fields, in the order they are printed:
 *
 *   persons        a record person ("name", else "key") matches a gold person
 *                  when its folded name equals the gold name or one of its
 *                  aliases, folded.
 *   titles         (person, title) pairs. For a matched person, the gold
 *                  "titles" against the record titles whose status is not
 *                  "former" (current, acting, designate and absent statuses
 *                  all count); former ones are neither hits nor false
 *                  alarms. Decision: a pair stands or falls with its person,
 *                  so the titles of a gold person no record person matched
 *                  are misses, and the non-former titles of a record person
 *                  that matches no gold person are false alarms — the field
 *                  measures "who holds which office", not titles alone.
 *   former_titles  informative: gold "former_titles" against record titles
 *                  with status "former", same pairing and matching.
 *   ranks          informative: (person, rank) pairs, folded exact match.
 *   places         record "name" (or a bare string), folded exact match.
 *   organizations  record "name", word-set Jaccard (below) >= 0.75.
 *   dates          the normalised "value", folded (so XXXX = xxxx); the
 *                  "text" is shown, never compared. A record date without a
 *                  value is no claim and is not scored.
 *   quotes         only on gold lines that have a "quotes" array (second
 *                  pass); elsewhere record quotes are ignored. Speakers
 *                  match when their folded forms are equal or when both
 *                  resolve to the same gold person — a speaker resolves
 *                  through the gold names and aliases, and a record speaker
 *                  also through the record person whose folded name or key
 *                  it is, when that person matched a gold person. Nothing
 *                  looser (no family-name suffixes): GUIDE says "through the
 *                  article's person names". Verbs match on their first five
 *                  letters, folded, after the skip table in eval.c
 *                  (auxiliaries, subject and reflexive pronouns, the
 *                  euphonic t, negation, adverbs): "a-t-il souligné",
 *                  "a souligné" and "soulignant" all give "souli".
 *   amounts        only on gold lines that have an "amounts" array. The
 *                  values are numbers and match within a relative 1e-6; the
 *                  units match on their first four folded letters (fewer if
 *                  shorter: "%", "m").
 *
 * Word sets (titles, organisations). The folded string is cut into words at
 * spaces, apostrophes and ASCII punctuation other than the hyphen: a
 * hyphenated word stays one word, because "vice-ministre" is another office
 * than "ministre" (split, "vice-ministre de la Défense" would overlap
 * "ministre de la Défense" by 3/4 and match). Articles go: le, la, les, the
 * elided l', un, une. Contracted articles keep their preposition and lose
 * the article: du, des, d' -> de; au, aux -> à (folded "a"). Other
 * prepositions stay (GUIDE removes articles only). Nationality adjectives
 * go, with their regular feminine and plural forms (-e, -ne after n, -s
 * after e or n: chinoise, vietnamiennes, américains). The set is then
 * Jaccard-compared: |A ∩ B| / |A ∪ B| >= 3/4, computed in integers; two
 * empty sets are equal.
 *
 * Nationality adjectives come from data/nationalities.tsv
 * (adjective<TAB>ISO2, '#' comments), read once in vl_eval_new from the
 * context's data folder; irregular forms (grecque, turque) must be listed
 * there. When the file is absent a short built-in list of common
 * adjectives is used instead (and vl_eval_print says so).
 *
 * P, R and F1 come from the summed counts; a field with no item on either
 * side scores 1 (nothing to find, nothing wrongly found).
 *
 * Thread safety: a vl_eval belongs to one thread at a time.
 */
#ifndef VL_EVAL_H
#define VL_EVAL_H

#include "buf.h"
#include "veille.h"

/* The Jaccard index of the word sets of titles a and b (NUL-terminated
 * UTF-8), by the rules above. For tests. */
double vl_eval_jaccard(const vl_eval *ev, const char *a, const char *b);

/* Appends to out the matching key of a reporting verb ("a-t-il souligné"
 * -> "souli"). For tests. */
void vl_eval_verb_key(const vl_eval *ev, const char *verb, vl_buf *out);

#endif
