/*
 * events.c — meetings, talks, visits, receptions, signings (extract stage).
 *
 * A sentence of the body holding an event word (data/event_triggers.tsv:
 * "réunion", "entretiens", "a reçu", "signature") gives one event: its date
 * is the first date of the sentence, else the document's; its place the
 * first place of the sentence, else the dateline's; its participants the
 * persons the sentence names; its chair the person a chair phrase points to
 * (data/chair_markers.tsv: "présidé par X", "X a présidé", "Présidant ...,
 * X").
 */
#include <string.h>

#include "extract.h"

static long person(const vl_ex *x, size_t k)
{
    return k < x->tk.n && x->person_at[k] ? (long)x->person_at[k] - 1 : -1;
}

static int in(uint32_t pos, uint32_t s, uint32_t e)
{
    return pos >= s && pos < e;
}

/* The place named in the dateline, if any. */
static const char *dateline_place(const vl_ex *x)
{
    for (size_t i = 0; i < x->out->nplaces; i++) {
        const vl_entity *p = &x->out->places[i];
        for (size_t m = 0; m < p->nmentions; m++)
            for (size_t b = 0; b < x->st->nblocks; b++)
                if (x->st->blocks[b].kind == VL_BLOCK_DATELINE &&
                    in(p->mentions[m].s, (uint32_t)x->st->vblocks[b].s,
                       (uint32_t)x->st->vblocks[b].e))
                    return p->name;
    }
    return NULL;
}

/* The chair a chair phrase of the sentence points to, or -1. */
static long chair_in(const vl_ex *x, size_t ss, size_t se)
{
    long who = -1;
    for (size_t k = ss; k < se && who < 0; k++) {
        const vl_gentry *c;
        size_t cl = vl_ex_gaz(x, k, VL_G_CHAIR, &c);
        if (!cl) continue;
        if (!strcmp(c->a, "before")) {
            for (size_t q = k; q-- > ss;)
                if ((who = person(x, q)) >= 0) break;
        } else {
            for (size_t q = k + cl; q < se && q < k + cl + 16; q++)
                if ((who = person(x, q)) >= 0) break;
        }
    }
    return who;
}

static void event_in(vl_ex *x, size_t ss, size_t se, const char *dl)
{
    size_t trig = 0;
    const vl_gentry *e = NULL;
    for (size_t k = ss; k < se; k++)
        if (vl_ex_gaz(x, k, VL_G_EVENT, &e)) {
            trig = k + 1;
            break;
        }
    if (!trig) {
        /* "Présidant l'événement, le vice-Premier ministre X ...": the
         * chair of the event told just before */
        vl_extraction *out = x->out;
        if (out->nevents && out->events[out->nevents - 1].chair < 0) {
            vl_event *last = &out->events[out->nevents - 1];
            last->chair = chair_in(x, ss, se);
            for (size_t q = 0; last->chair >= 0 && q < last->nparticipants; q++)
                if (last->participants[q] == (size_t)last->chair) {
                    last->participants[q] = last->participants[--last->nparticipants];
                    break;
                }
        }
        return;
    }
    size_t t = trig - 1;
    uint32_t s0 = x->tk.t[ss].s, s1 = x->tk.t[se - 1].e;
    vl_extraction *out = x->out;
    out->events = vl_ex_push(x->arena, out->events, &out->nevents, &out->cevents,
                             sizeof *out->events);
    vl_event *ev = &out->events[out->nevents - 1];
    ev->type = e->a;
    ev->chair = -1;
    ev->span.s = x->tk.t[t].s;
    ev->span.e = x->tk.t[t].e;
    ev->date = x->doc_date;
    for (size_t i = 0; i < out->ndates; i++)
        if (in(out->dates[i].span.s, s0, s1)) {
            ev->date = out->dates[i].value;
            break;
        }
    ev->place = dl;
    for (size_t i = 0; i < out->nplaces && ev->place == dl; i++)
        for (size_t m = 0; m < out->places[i].nmentions; m++)
            if (in(out->places[i].mentions[m].s, s0, s1)) {
                ev->place = out->places[i].name;
                break;
            }
    ev->chair = chair_in(x, ss, se);
    /* participants: every other person of the sentence */
    size_t cap = 0;
    for (size_t k = ss; k < se; k++) {
        long p = person(x, k);
        if (p < 0 || p == ev->chair) continue;
        size_t q;
        for (q = 0; q < ev->nparticipants && ev->participants[q] != (size_t)p; q++) {}
        if (q < ev->nparticipants) continue;
        ev->participants = vl_ex_push(x->arena, ev->participants, &ev->nparticipants, &cap,
                                      sizeof *ev->participants);
        ev->participants[ev->nparticipants - 1] = (size_t)p;
    }
}

void vl_ex_events(vl_ex *x)
{
    const char *dl = dateline_place(x);
    size_t n = x->tk.n;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && x->tk.t[j].sent == x->tk.t[i].sent) j++;
        vl_block_kind k = x->st->blocks[x->tk.t[i].block].kind;
        if (k == VL_BLOCK_PARAGRAPH || k == VL_BLOCK_TITLE || k == VL_BLOCK_HEADING)
            event_in(x, i, j, dl);
        i = j;
    }
}
