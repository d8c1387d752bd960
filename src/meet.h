/*
 * meet.h — who met whom, queried (query stage): the stored events and their
 * persons. The public queries are in veille.h (vl_events, vl_met).
 */
#ifndef VL_MEET_H
#define VL_MEET_H

#include <jansson.h>
#include <sqlite3.h>

#include "veille.h"

/* The most recent events of a person's canonical key, at most max, as the
 * "events" entries of vl_events. The caller owns the array. */
json_t *vl_meet_recent(sqlite3 *db, const char *key, int max);

#endif
