/*
 * tenure.h — the tenures of a single-holder office, from the
 * points of its succession (knowledge-base stage; kb.c and kbload.c feed
 * it, kb.c's queries read it). No database here: points in, tenures out.
 */
#ifndef VL_TENURE_H
#define VL_TENURE_H

#include <stddef.h>
#include <stdint.h>

/* What a point stands for: title facts giving the office as held, as held
 * ad interim, or as past: "ancien", "feu", "ex-" (FORMER), or in a
 * dispatch that tells of the holder's death, resignation or dismissal
 * (data/departures.tsv). Kinds from VL_TENURE_FORMER on are all past. */
enum {
    VL_TENURE_HELD = 0,
    VL_TENURE_ACTING = 1,
    VL_TENURE_FORMER = 2,
    VL_TENURE_DEATH = 3,
    VL_TENURE_RESIGNATION = 4,
    VL_TENURE_DISMISSAL = 5
};

/* The kind of a past point from a departure's cause ("death",
 * "resignation", "dismissal"; else VL_TENURE_FORMER), and the end cause a
 * past kind gives a tenure ("former", "death", ...). */
int vl_tenure_past_kind(const char *cause);
const char *vl_tenure_cause(int kind);

/* A point of an office's succession: the title facts of one kind of one
 * holder (ck, a canonical person key) in one month (count), with their
 * first and last dates (YYYY-MM or YYYY-MM-DD). */
typedef struct vl_kb_point {
    const char *ck, *first, *last;
    long count;
    int kind; /* VL_TENURE_* */
    int64_t first_doc, last_doc; /* the store's documents of first and last */
} vl_kb_point;

/* One tenure: a holder's unbroken run of evidence between two other
 * holders'. start is its first evidence, last_seen its last; end is the
 * first evidence of the next holder (end_cause "successor"), or the first
 * text after last_seen that calls the holder former ("former") or tells of
 * the holder's "death", "resignation" or "dismissal", or NULL while no
 * evidence ends it. seq numbers a holder's tenures from 1. The
 * strings point into the points given. */
typedef struct vl_tenure {
    const char *key, *start, *last_seen, *end, *end_cause;
    long documents; /* title facts */
    int kind;       /* VL_TENURE_HELD or VL_TENURE_ACTING */
    int seq;
    /* the documents of its first and last evidence, and of the text that
     * ended it ("former"; else 0) */
    int64_t start_doc, last_doc, end_doc;
} vl_tenure;

/* The tenures of one office from its points, in order of start, into *out
 * (malloc'd, the caller frees it; NULL when none); returns their number.
 * pt: every point of the office, sorted by ck then first date, as kb_points
 * keeps them. Deterministic: an update and a rebuild agree.
 *
 * A holder's point is dropped when a better-documented holder's evidence
 * surrounds its month (within CONTEST_WINDOW months on both sides): a
 * predecessor recalled in a later dispatch, a misread title. A lone point
 * of one holder between two of another's runs is dropped the same way. */
size_t vl_tenures(const vl_kb_point *pt, size_t n, vl_tenure **out);

/* year * 12 + month - 1 of a date YYYY-MM..., or -1 */
int vl_tenure_month(const char *date);

#endif
