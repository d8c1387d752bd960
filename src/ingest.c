/*
 * ingest.c — the ingest driver: read, analyse, store, in batches.
 *
 * With one job everything runs on the caller's thread, document after
 * document. With N jobs the caller's thread reads, N worker threads analyse
 * (normalize, structure, extract, and the full-text tokens) and one writer
 * thread stores, in reading order: the workers finish out of order, the
 * writer takes each document by its sequence number, so the database is
 * the one a single job would write; while the next document in order is
 * not ready, the writer analyses one itself. A bounded ring between the
 * three keeps memory flat whatever the size of the input.
 */
#include "ingest.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "error.h"
#include "fts.h"
#include "kb.h"
#include "facts.h"
#include "kbload.h"
#include "load.h"
#include "mem.h"
#include "pgtab.h"
#include "store.h"

typedef struct run {
    vl_store *st;
    const vl_ingest_opts *opt;
    vl_ingest_report *rep;
    int batch, in_batch;
    int64_t added_in_batch; /* not committed yet: not counted if it fails */
    vl_status failed; /* a store failure stops everything */
    vl_error *err;
    vl_kbload *kb; /* a bulk load's knowledge base, or NULL */
    size_t kb_budget; /* bytes kb may hold */
    vl_loaded loaded; /* vl_load's record read back, its buffers reused */
} run;

/* ------------------------------------------------------ storing, in order */

static void store_skip(run *r, const vl_error *why)
{
    r->rep->read++; /* read = added + already stored + skipped */
    r->rep->skipped++;
    if (r->opt->on_skip) r->opt->on_skip(r->opt->user, why);
    /* Remembering the skip is best effort: the skip is already reported.
     * Outside a batch it is a transaction of its own. */
    vl_store_note_skip(r->st, why, NULL);
}

static int flush(run *r)
{
    if (!r->in_batch) return 0;
    vl_status s = vl_store_commit(r->st, r->err);
    r->in_batch = 0;
    if (s) {
        r->failed = s;
        return 1;
    }
    r->added_in_batch = 0;
    if (r->opt->on_progress) r->opt->on_progress(r->opt->user, r->rep);
    return 0;
}

/* Adds a stored document to a bulk load's knowledge base, in storing
 * order. */
static void keep_kb(run *r, const vl_doc *doc, int64_t id)
{
    if (!r->kb) return;
    vl_kbload_add(r->kb, doc, id);
    /* past its bound, the SQL builds the knowledge base at the end */
    if (vl_kbload_bytes(r->kb) > r->kb_budget) {
        vl_kbload_free(r->kb);
        r->kb = NULL;
    }
}

/* Stores one analysed document (doc NULL: analysis failed for why); *added
 * tells whether it was new. Returns non-zero when the store failed and
 * ingest must stop. */
static int store_doc(run *r, size_t bytes, vl_doc *doc, const vl_error *why, int *added,
                     int64_t *id)
{
    *added = 0;
    *id = 0;
    r->rep->bytes += (int64_t)bytes;
    if (!doc) {
        store_skip(r, why);
        return 0;
    }
    r->rep->read++;
    if (!r->in_batch) {
        if ((r->failed = vl_store_begin(r->st, r->err)) != VL_OK) return 1;
    }
    vl_status s = vl_store_add(r->st, doc, added, r->err);
    *id = *added ? vl_store_last_id(r->st) : 0;
    if (s) {
        r->failed = s;
        vl_store_rollback(r->st, NULL);
        r->in_batch = 0;
        return 1;
    }
    if (*added) {
        r->rep->added++;
        r->added_in_batch++;
    } else
        r->rep->duplicate++;
    if (++r->in_batch >= r->batch) return flush(r);
    return 0;
}

static vl_doc *analyse(const vl_ctx *ctx, const vl_raw *raw, vl_error *why)
{
    vl_doc *doc = NULL;
    vl_error_clear(why);
    if (vl_doc_new(ctx, raw, &doc, why) != VL_OK) return NULL;
    return doc;
}

/* ------------------------------------------------------------ one job */

static void serial_skip(void *user, const vl_error *why) { store_skip(user, why); }

static int serial_doc(void *user, const vl_raw *raw)
{
    run *r = user;
    vl_error why;
    vl_doc *doc = analyse(vl_store_ctx(r->st), raw, &why);
    int added = 0;
    int64_t id = 0;
    int stop = store_doc(r, raw->len, doc, &why, &added, &id);
    if (added) keep_kb(r, doc, id);
    vl_doc_free(doc);
    return stop;
}

/* ------------------------------------------------- records (vl_load) */

/* A record of vl_doc_load_record: stored with the facts and events it
 * carries, as its document's were (the knowledge base is built from the
 * stored facts at the end: r->kb stays NULL). */
static int load_doc(void *user, const vl_raw *raw)
{
    run *r = user;
    vl_error why;
    vl_error_clear(&why);
    vl_loaded *l = &r->loaded;
    vl_status s = vl_load_doc(vl_store_ctx(r->st), raw, l, &why);
    if (!s) {
        vl_store_set_pack(r->st, &l->pack, &l->terms);
        vl_store_set_events(r->st, l->events);
    }
    int added = 0;
    int64_t id = 0;
    int stop = store_doc(r, raw->len, s ? NULL : l->doc, &why, &added, &id);
    vl_store_set_pack(r->st, NULL, NULL);
    vl_store_set_events(r->st, NULL);
    if (!s) vl_doc_free(l->doc);
    l->doc = NULL;
    return stop;
}

/* ------------------------------------------------------------ N jobs */

typedef struct job {
    int skip; /* a reader skip: why is set, nothing to analyse */
    int done; /* analysed (or a skip) */
    int added; /* stored as a new document */
    int64_t id; /* its row in the store, when added */
    char *copy; /* the raw strings and text, one allocation */
    vl_raw raw;
    size_t bytes;
    vl_doc *doc;
    vl_fts_tape *tape;
    vl_buf pack, terms; /* its facts (facts.h) and their index terms, by the worker */
    json_t *record;        /* vl_load: the record (a reference), its events in it */
    const json_t *events;
    vl_error why;
} job;

typedef struct pipeline {
    run *r;
    const vl_ctx *ctx;
    pthread_mutex_t mu;
    pthread_cond_t can_read, can_work, can_write;
    job *ring;
    size_t cap;
    uint64_t head, take, tail; /* next to fill, to analyse, to store */
    uint64_t retired;          /* next stored job to retire (reader only) */
    size_t held, max_held;     /* raw bytes in the ring and their bound */
    int eof;                   /* the reader is done */
    int abort;                 /* the writer failed: stop reading */
    int load;                  /* vl_load: records, not documents */
} pipeline;

/* Copies n bytes and a NUL to *p, moving on; NULL stays NULL. */
static char *put(char **p, const char *s, size_t n)
{
    if (!s) return NULL;
    char *d = *p;
    memcpy(d, s, n);
    d[n] = 0;
    *p += n + 1;
    return d;
}

static char *put_str(char **p, const char *s) { return put(p, s, s ? strlen(s) : 0); }

static size_t len0(const char *s) { return s ? strlen(s) + 1 : 0; }

/* Retires the jobs stored before upto, in storing order, on the reader's
 * thread (which mostly waits for room): a new document goes to the bulk
 * knowledge base, and its analysis is freed. This keeps both off the
 * writer, the thread that bounds the pipeline. */
static void retire(pipeline *p, uint64_t upto)
{
    for (; p->retired < upto; p->retired++) {
        job *j = &p->ring[p->retired % p->cap];
        if (j->added) keep_kb(p->r, j->doc, j->id);
        vl_doc_free(j->doc);
        vl_fts_tape_free(j->tape);
        vl_buf_free(&j->pack);
        vl_buf_free(&j->terms);
        json_decref(j->record);
        j->doc = NULL;
        j->tape = NULL;
        j->record = NULL;
    }
}

/* Waits for a free slot; NULL when the writer has failed. */
static job *claim(pipeline *p, size_t bytes)
{
    pthread_mutex_lock(&p->mu);
    while (!p->abort && (p->head - p->tail >= p->cap ||
                         (p->head > p->tail && p->held + bytes > p->max_held)))
        pthread_cond_wait(&p->can_read, &p->mu);
    job *j = p->abort ? NULL : &p->ring[p->head % p->cap];
    uint64_t stored = p->tail;
    pthread_mutex_unlock(&p->mu);
    retire(p, stored); /* the slot claimed among them */
    return j;
}

static void publish(pipeline *p, size_t bytes, int skip)
{
    pthread_mutex_lock(&p->mu);
    p->held += bytes;
    p->head++;
    pthread_cond_signal(skip ? &p->can_write : &p->can_work);
    pthread_mutex_unlock(&p->mu);
}

static int pipe_doc(void *user, const vl_raw *raw)
{
    pipeline *p = user;
    job *j = claim(p, raw->len);
    if (!j) return 1;
    memset(j, 0, sizeof *j);
    size_t n = len0(raw->source) + len0(raw->id) + len0(raw->url) + len0(raw->date) +
               len0(raw->title) + raw->len + 1;
    char *w = j->copy = vl_malloc(n);
    j->raw.source = put_str(&w, raw->source);
    j->raw.id = put_str(&w, raw->id);
    j->raw.url = put_str(&w, raw->url);
    j->raw.date = put_str(&w, raw->date);
    j->raw.title = put_str(&w, raw->title);
    j->raw.text = (const unsigned char *)w;
    memcpy(w, raw->text, raw->len);
    j->raw.len = raw->len;
    /* a record: its facts and events are read by a worker, the writer */
    if (p->load && raw->json) j->raw.json = j->record = json_incref((json_t *)raw->json);
    j->bytes = raw->len;
    publish(p, raw->len, 0);
    return 0;
}

static void pipe_skip(void *user, const vl_error *why)
{
    pipeline *p = user;
    job *j = claim(p, 0);
    if (!j) return;
    memset(j, 0, sizeof *j);
    j->skip = j->done = 1;
    j->why = *why;
    publish(p, 0, 1);
}

enum { TAPE_MAX_BYTES = 1 << 20 };

/* Takes the next job no one has taken and analyses it. Called with the
 * lock held and returns with it held; drops it while it works. */
static void analyse_next(pipeline *p, vl_fts_tok *tok)
{
    job *j = &p->ring[p->take++ % p->cap];
    pthread_mutex_unlock(&p->mu);
    if (p->load) {
        vl_loaded l = {NULL, j->pack, j->terms, NULL};
        vl_error_clear(&j->why);
        if (vl_load_doc(p->ctx, &j->raw, &l, &j->why) == VL_OK) {
            j->doc = l.doc;
            j->events = l.events;
        }
        j->pack = l.pack;
        j->terms = l.terms;
    } else {
        j->doc = analyse(p->ctx, &j->raw, &j->why);
    }
    /* a long document's terms are left to the writer: its tape would
     * add to the peak what the analysis already holds */
    if (j->doc && tok && j->bytes <= TAPE_MAX_BYTES) j->tape = vl_fts_tape_build(tok, j->doc);
    if (j->doc && !p->load) {
        vl_facts_pack(j->doc, &j->pack);
        vl_facts_terms(j->pack.data, j->pack.len, &j->terms);
    }
    free(j->copy);
    j->copy = NULL;
    pthread_mutex_lock(&p->mu);
    j->done = 1;
    pthread_cond_signal(&p->can_write);
}

/* Moves the take cursor past reader skips, which need no analysis. */
static void skip_skips(pipeline *p)
{
    while (p->take < p->head && p->ring[p->take % p->cap].skip) p->take++;
}

static void *worker(void *arg)
{
    pipeline *p = arg;
    vl_fts_tok *tok = vl_fts_tok_new(p->ctx); /* NULL: the writer tokenizes */
    pthread_mutex_lock(&p->mu);
    for (;;) {
        skip_skips(p);
        if (p->take == p->head) {
            if (p->eof) break;
            pthread_cond_wait(&p->can_work, &p->mu);
            continue;
        }
        analyse_next(p, tok);
    }
    pthread_mutex_unlock(&p->mu);
    vl_fts_tok_free(tok);
    return NULL;
}

static void *writer(void *arg)
{
    pipeline *p = arg;
    run *r = p->r;
    vl_fts_tok *tok = vl_fts_tok_new(p->ctx); /* for the documents it analyses */
    pthread_mutex_lock(&p->mu);
    for (;;) {
        if (p->tail == p->head) {
            if (p->eof) break;
            pthread_cond_wait(&p->can_write, &p->mu);
            continue;
        }
        job *j = &p->ring[p->tail % p->cap];
        if (!j->done) {
            /* The next document in order is still being analysed: rather
             * than sleep (on two cores, three threads take turns and the
             * writer would wait for a descheduled worker), analyse one that
             * no worker has taken yet. */
            skip_skips(p);
            if (p->take < p->head) analyse_next(p, tok);
            else pthread_cond_wait(&p->can_write, &p->mu);
            continue;
        }
        pthread_mutex_unlock(&p->mu);
        if (!r->failed) {
            if (j->skip) {
                store_skip(r, &j->why);
            } else {
                vl_store_set_tape(r->st, j->tape);
                vl_store_set_pack(r->st, j->doc ? &j->pack : NULL, j->doc ? &j->terms : NULL);
                vl_store_set_events(r->st, j->doc ? j->events : NULL);
                store_doc(r, j->bytes, j->doc, &j->why, &j->added, &j->id);
                vl_store_set_tape(r->st, NULL);
                vl_store_set_pack(r->st, NULL, NULL);
                vl_store_set_events(r->st, NULL);
            }
        }
        /* the reader retires it (retire) */
        pthread_mutex_lock(&p->mu);
        p->held -= j->bytes;
        p->tail++;
        if (r->failed) p->abort = 1;
        pthread_cond_signal(&p->can_read);
    }
    pthread_mutex_unlock(&p->mu);
    vl_fts_tok_free(tok);
    return NULL;
}

static vl_status run_parallel(run *r, const char *const *paths, size_t npaths, int jobs, int load)
{
    pipeline p;
    memset(&p, 0, sizeof p);
    p.r = r;
    p.load = load;
    p.ctx = vl_store_ctx(r->st);
    /* Room for what the workers analyse while the writer commits a batch
     * (some 30 ms at 100 MB), so that they do not wait for it. */
    p.cap = (size_t)jobs * 128;
    /* A document's analysis holds some 20 times its size: 1 MB of small
     * documents in flight, and a larger one goes alone, so one long
     * document at a time sets the peak, not several. */
    p.max_held = (size_t)1 << 20;
    p.ring = vl_calloc(p.cap, sizeof *p.ring);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.can_read, NULL);
    pthread_cond_init(&p.can_work, NULL);
    pthread_cond_init(&p.can_write, NULL);
    pthread_t *w = vl_calloc((size_t)jobs, sizeof *w), wr;
    int started = 0, writing = pthread_create(&wr, NULL, writer, &p) == 0;
    for (int i = 0; writing && i < jobs; i++)
        if (pthread_create(&w[i], NULL, worker, &p) == 0) started++;
    vl_status s = VL_OK;
    if (!writing || !started) {
        s = vl_error_set(r->err, VL_EIO, NULL, -1, -1, "cannot start ingest threads");
        pthread_mutex_lock(&p.mu);
        p.abort = 1;
        pthread_mutex_unlock(&p.mu);
    }
    for (size_t i = 0; !s && i < npaths; i++) {
        vl_read_path(p.ctx, paths[i], load || r->opt->jsonl, pipe_doc, pipe_skip, &p);
        pthread_mutex_lock(&p.mu);
        int stop = p.abort;
        pthread_mutex_unlock(&p.mu);
        if (stop) break;
    }
    pthread_mutex_lock(&p.mu);
    p.eof = 1;
    pthread_cond_broadcast(&p.can_work);
    pthread_cond_broadcast(&p.can_write);
    pthread_mutex_unlock(&p.mu);
    for (int i = 0; i < started; i++) pthread_join(w[i], NULL);
    if (writing) pthread_join(wr, NULL);
    retire(&p, p.tail);
    /* after a failure, jobs the writer never took still hold memory */
    for (; p.tail < p.head; p.tail++) {
        job *j = &p.ring[p.tail % p.cap];
        free(j->copy);
        vl_doc_free(j->doc);
        vl_fts_tape_free(j->tape);
        vl_buf_free(&j->pack);
        vl_buf_free(&j->terms);
        json_decref(j->record);
    }
    pthread_cond_destroy(&p.can_read);
    pthread_cond_destroy(&p.can_work);
    pthread_cond_destroy(&p.can_write);
    pthread_mutex_destroy(&p.mu);
    free(p.ring);
    free(w);
    return s;
}

/* ------------------------------------------------------------ entry */

int vl_ingest_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* The memory a bulk load's knowledge base may hold: $VEILLE_KB_MEMORY
 * megabytes, 64 by default (0: always the SQL). */
static size_t kb_budget(void)
{
    const char *e = getenv("VEILLE_KB_MEMORY");
    char *end;
    unsigned long mb = e && *e ? strtoul(e, &end, 10) : 64;
    if (e && *e && *end) mb = 64;
    return mb > 4096 ? (size_t)4096 << 20 : (size_t)mb << 20;
}

static vl_status ingest(vl_store *st, const char *const *paths, size_t npaths,
                        const vl_ingest_opts *opt, int load, vl_ingest_report *report,
                        vl_error *err);

/* Whether a PostgreSQL store holds nothing yet (no document, no
 * override of the knowledge base). */
static int pg_empty(vl_store *st)
{
    sqlite3_stmt *q = NULL;
    int empty = sqlite3_prepare_v2(vl_store_db(st),
                                   "SELECT (SELECT count(*) FROM documents) + (SELECT count(*)"
                                   " FROM kb_keymap) + (SELECT count(*) FROM kb_split) +"
                                   " (SELECT count(*) FROM kb_prefer)",
                                   -1, &q, NULL) == SQLITE_OK &&
                sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int64(q, 0) == 0;
    sqlite3_finalize(q);
    return empty;
}

/* Into an empty PostgreSQL store: the whole load into a SQLite file of
 * $TMPDIR first (a bulk load, its knowledge base aggregated in memory),
 * then imported table by table (vl_pg_import). Row by row, the knowledge
 * base's SQL asks PostgreSQL for each key's documents: 50 MB took 108 s.
 * The file is removed after (a killed load leaves it: veille-load-*.db). */
static vl_status ingest_via_file(vl_store *st, const char *const *paths, size_t npaths,
                                 const vl_ingest_opts *opt, int load, vl_ingest_report *report,
                                 vl_error *err)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/veille-load-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return vl_error_set(err, VL_EIO, path, -1, -1,
                            "cannot make a file for the load in %s (TMPDIR): %s",
                            dir && *dir ? dir : "/tmp", strerror(errno));
    close(fd);
    vl_store *local = NULL;
    vl_status s = vl_store_open(vl_store_ctx(st), path, &local, err);
    if (!s) s = ingest(local, paths, npaths, opt, load, report, err);
    if (!s) s = vl_pg_import(vl_store_pg(st), vl_store_db(local), err);
    vl_store_close(local);
    static const char *const side[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof side / sizeof side[0]; i++) {
        char f[4200];
        snprintf(f, sizeof f, "%s%s", path, side[i]);
        unlink(f);
    }
    if (s) report->added = 0; /* imported in one transaction: nothing */
    return s;
}

/* vl_ingest, or vl_load when load is set. */
static vl_status ingest(vl_store *st, const char *const *paths, size_t npaths,
                        const vl_ingest_opts *opt, int load, vl_ingest_report *report,
                        vl_error *err)
{
    if (vl_store_pg(st) && pg_empty(st))
        return ingest_via_file(st, paths, npaths, opt, load, report, err);
    vl_ingest_opts none;
    memset(&none, 0, sizeof none);
    if (!opt) opt = &none;
    memset(report, 0, sizeof *report);
    run r = {st, opt, report, opt->batch > 0 ? opt->batch : 2000, 0, 0, VL_OK, err, NULL, kb_budget(),
             {NULL, {0}, {0}, NULL}};
    vl_buf_init(&r.loaded.pack, 0);
    vl_buf_init(&r.loaded.terms, 0);
    int jobs = opt->jobs > 0 ? opt->jobs : vl_ingest_default_jobs();
    if (jobs > 256) jobs = 256;
    r.failed = vl_kb_init_overrides(st, err);
    int bulk = 0;
    if (!r.failed) r.failed = vl_store_bulk_start(st, &bulk, err);
    /* a bulk load's knowledge base is aggregated as it is stored (from
     * documents extracted here: loaded ones have only their facts) */
    if (!r.failed && bulk && !load) r.failed = vl_kbload_new(st, &r.kb, err);
    if (!r.failed && jobs == 1) {
        for (size_t i = 0; i < npaths && !r.failed; i++)
            vl_read_path(vl_store_ctx(st), paths[i], load || opt->jsonl, load ? load_doc : serial_doc,
                         serial_skip, &r);
    } else if (!r.failed) {
        vl_status s = run_parallel(&r, paths, npaths, jobs, load);
        if (s && !r.failed) r.failed = s;
    }
    if (!r.failed) flush(&r);
    /* The knowledge base takes the persons the batches marked, once: per
     * batch, a person named in many documents would be recomputed again and
     * again. A killed run leaves its marks for the next one (a killed bulk
     * load, its missing indexes: the next run marks everything). A bulk
     * load writes the aggregates it kept instead. */
    if (!r.failed) {
        r.failed = vl_store_begin(st, err);
        if (!r.failed) r.failed = vl_store_bulk_finish(st, r.kb == NULL, err);
        if (r.kb) {
            if (!r.failed) r.failed = vl_kbload_write(r.kb, st, err);
            if (!r.failed) r.failed = vl_kbload_succession(r.kb, st, err);
            if (!r.failed) r.failed = vl_kb_finish_bulk(st, err);
        } else if (!r.failed) {
            r.failed = vl_kb_update(st, err);
        }
        if (!r.failed) r.failed = vl_store_commit(st, err);
        else vl_store_rollback(st, NULL);
    }
    if (bulk) vl_store_bulk_done(st);
    vl_kbload_free(r.kb);
    vl_buf_free(&r.loaded.pack);
    vl_buf_free(&r.loaded.terms);
    if (r.failed) report->added -= r.added_in_batch; /* rolled back: added is what was stored */
    return r.failed;
}

vl_status vl_ingest(vl_store *st, const char *const *paths, size_t npaths,
                    const vl_ingest_opts *opt, vl_ingest_report *report, vl_error *err)
{
    return ingest(st, paths, npaths, opt, 0, report, err);
}

vl_status vl_load(vl_store *st, const char *const *paths, size_t npaths,
                  const vl_ingest_opts *opt, vl_ingest_report *report, vl_error *err)
{
    return ingest(st, paths, npaths, opt, 1, report, err);
}
