/*
 * ingest.c — the ingest driver.
 */
#include "ingest.h"

#include <string.h>

#include "error.h"
#include "kb.h"
#include "store.h"

typedef struct run {
    vl_store *st;
    const vl_ingest_opts *opt;
    vl_ingest_report *rep;
    int batch, in_batch;
    vl_status failed; /* a store failure stops everything */
    vl_error *err;
} run;

static void on_skip(void *user, const vl_error *why)
{
    run *r = user;
    r->rep->read++; /* read = added + already stored + skipped */
    r->rep->skipped++;
    if (r->opt->on_skip) r->opt->on_skip(r->opt->user, why);
    /* Remembering the skip is best effort: the skip is already reported. */
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
    if (r->opt->on_progress) r->opt->on_progress(r->opt->user, r->rep);
    return 0;
}

static int on_doc(void *user, const vl_raw *raw)
{
    run *r = user;
    r->rep->read++;
    r->rep->bytes += (int64_t)raw->len;
    vl_doc *doc = NULL;
    vl_error why;
    vl_error_clear(&why);
    if (vl_doc_new(vl_store_ctx(r->st), raw, &doc, &why) != VL_OK) {
        r->rep->read--; /* on_skip counts it */
        on_skip(r, &why);
        return 0;
    }
    if (!r->in_batch) {
        if ((r->failed = vl_store_begin(r->st, r->err)) != VL_OK) {
            vl_doc_free(doc);
            return 1;
        }
    }
    int added = 0;
    vl_status s = vl_store_add(r->st, doc, &added, r->err);
    vl_doc_free(doc);
    if (s) {
        r->failed = s;
        vl_store_rollback(r->st, NULL);
        r->in_batch = 0;
        return 1;
    }
    if (added)
        r->rep->added++;
    else
        r->rep->duplicate++;
    if (++r->in_batch >= r->batch) return flush(r);
    return 0;
}

vl_status vl_ingest(vl_store *st, const char *const *paths, size_t npaths,
                    const vl_ingest_opts *opt, vl_ingest_report *report, vl_error *err)
{
    vl_ingest_opts none;
    memset(&none, 0, sizeof none);
    if (!opt) opt = &none;
    memset(report, 0, sizeof *report);
    run r = {st, opt, report, opt->batch > 0 ? opt->batch : 500, 0, VL_OK, err};
    r.failed = vl_kb_init_overrides(st, err);
    for (size_t i = 0; i < npaths && !r.failed; i++) {
        /* A skip recorded outside a batch gets a transaction of its own. */
        vl_read_path(vl_store_ctx(st), paths[i], opt->jsonl, on_doc, on_skip, &r);
    }
    if (!r.failed) flush(&r);
    /* The knowledge base takes the persons the batches marked, once: per
     * batch, a person named in many documents would be recomputed again and
     * again. A killed run leaves its marks for the next one. */
    if (!r.failed) {
        r.failed = vl_store_begin(st, err);
        if (!r.failed) r.failed = vl_kb_update(st, err);
        if (!r.failed) r.failed = vl_store_commit(st, err);
        else vl_store_rollback(st, NULL);
    }
    return r.failed;
}
