/*
 * extractors.h — the passes of the extract stage, in the order extract.c
 * runs them; each reads the document through phrases.h and adds what it
 * finds to x->out.
 */
#ifndef VL_EXTRACTORS_H
#define VL_EXTRACTORS_H

#include "phrases.h"

void vl_ex_dates(vl_ex *x);          /* dates.c: calendar dates, anchors */
void vl_ex_orgs(vl_ex *x);           /* entities.c: organisations */
void vl_ex_trigger_places(vl_ex *x); /* entities.c: "la province de X" */
void vl_ex_persons(vl_ex *x);        /* persons.c: names, titles, ranks */
void vl_ex_places(vl_ex *x);         /* entities.c: places of the lexicons */
void vl_ex_amounts(vl_ex *x);        /* amounts.c */
void vl_ex_quotes(vl_ex *x);         /* quotes.c: reported statements */
void vl_ex_events(vl_ex *x);         /* events.c: who met whom */

#endif
