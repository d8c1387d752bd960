/*
 * veille.h — the public API of libveille.
 *
 * veille turns French news dispatches into a dated, searchable record. The
 * library holds every stage of the pipeline
 *
 *   read -> normalize -> structure -> tokenize -> extract -> store -> query
 *
 * and the CLI (cli/) and the server are thin layers over this header: they
 * see nothing else of the library.
 *
 * Conventions that hold for every function below:
 *   - Functions that can fail return a vl_status; VL_OK is 0.
 *   - On failure, output parameters are left untouched and, when the caller
 *     passed a vl_error, it receives the code, a message and, where known,
 *     the path, byte offset and line of the offending input.
 *   - Allocation failure aborts the process (in one place, vl_malloc), so no
 *     function reports out-of-memory; growth driven by input is capped and
 *     reported as VL_ELIMIT instead.
 *   - Every returned pointer says who frees it. *_free(NULL) is a no-op.
 *   - A vl_ctx is read-only after vl_ctx_new and may be shared between
 *     threads; a vl_store and a vl_doc belong to one thread at a time.
 */
#ifndef VEILLE_H
#define VEILLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What libveille.so exports: the functions of this header, nothing else (the
 * library is built with -fvisibility=hidden). */
#if defined(__GNUC__)
#define VL_API __attribute__((visibility("default")))
#else
#define VL_API
#endif

/* The version of this header (CMakeLists.txt's project() says the same; a
 * test checks it). VEILLE_VERSION_NUMBER is major * 10000 + minor * 100 +
 * patch. vl_version() is the library's, which may differ from the header's
 * a program was built with. */
#define VEILLE_VERSION "0.9.0"
#define VEILLE_VERSION_NUMBER 900
VL_API const char *vl_version(void);

/* ---------------------------------------------------------------- errors */

typedef enum vl_status {
    VL_OK = 0,
    VL_EIO,       /* a file or stream could not be read or written */
    VL_EUTF8,     /* input is not valid UTF-8 (offset says where) */
    VL_ENUL,      /* input holds a NUL byte (offset says where) */
    VL_EBINARY,   /* input looks like a binary file, not text */
    VL_EEMPTY,    /* input holds no text */
    VL_ELIMIT,    /* input exceeds a configured limit */
    VL_EJSON,     /* a JSONL line is not JSON, or lacks "text" */
    VL_EDB,       /* the database failed (message says how) */
    VL_EQUERY,    /* a search query is malformed */
    VL_EUSAGE,    /* an argument is invalid */
    VL_ENOTFOUND, /* the requested document does not exist */
    VL_EDATA,     /* a lexicon file is missing or malformed */
    VL_ESCHEMA,   /* the database was written by a newer veille */
    VL_STATUS_COUNT
} vl_status;

/* A short English description of a status ("invalid UTF-8"). Static string. */
VL_API const char *vl_status_str(vl_status s);

/* Detail about a failure; owned and allocated by the caller. */
typedef struct vl_error {
    vl_status code;
    char message[512];
    char path[1024];  /* the input the error is about, or "" */
    int64_t offset;   /* byte offset into that input, or -1 */
    int64_t line;     /* 1-based line (JSONL), or -1 */
} vl_error;

/* Resets *err to "no error". */
VL_API void vl_error_clear(vl_error *err);

/* --------------------------------------------------------------- context */

typedef struct vl_options {
    const char *data_dir;   /* lexicon folder; NULL or "": $VEILLE_DATA, else the
                               source tree's data/ while it exists, else the
                               installed one (share/veille/data beside the
                               program's bin/, then under the install prefix) */
    size_t max_doc_bytes;   /* 0: 6 MiB. Larger documents are skipped (VL_ELIMIT) */
    int structure_only;     /* load no extraction lexicons; documents get no
                               mentions (search, stats, show start faster) */
} vl_options;

/* Lexicons and limits, loaded once; read-only afterwards, shareable between
 * threads. */
typedef struct vl_ctx vl_ctx;

/* Loads the lexicons named in data/README.md. opt may be NULL (defaults).
 * Errors: VL_EDATA when a lexicon is missing or malformed. *out is freed
 * with vl_ctx_free, after every store and document made with it. */
VL_API vl_status vl_ctx_new(const vl_options *opt, vl_ctx **out, vl_error *err);
VL_API void vl_ctx_free(vl_ctx *ctx);
VL_API size_t vl_ctx_max_doc_bytes(const vl_ctx *ctx);
/* The lexicon folder ctx was loaded from, as vl_options' data_dir rule
 * found it (kb_overrides.tsv, read by rebuild, lives there). Owned by ctx. */
VL_API const char *vl_ctx_data_dir(const vl_ctx *ctx);

/* ------------------------------------------------------------------ read */

/* One raw document as read, before any analysis. Strings are borrowed from
 * the reader and valid only during the callback; text is not NUL-terminated
 * and not yet validated. Absent metadata is NULL. */
typedef struct vl_raw {
    const char *source;  /* path, "path:line" for JSONL, or "-" */
    const char *id;      /* JSONL "id" */
    const char *url;     /* JSONL "url" */
    const char *date;    /* JSONL "date" */
    const char *title;   /* JSONL "title" */
    const unsigned char *text;
    size_t len;
    const void *json;    /* JSONL: the line's object (jansson's json_t), for the
                            readers of other fields (vl_load); else NULL */
} vl_raw;

/* Called once per document; return non-zero to stop reading. */
typedef int (*vl_doc_fn)(void *user, const vl_raw *raw);
/* Called once per input that was skipped, with the reason. */
typedef void (*vl_skip_fn)(void *user, const vl_error *why);

/* Reads a file, a folder (recursively, in path order; "*.jsonl" files as
 * JSONL) or "-" (standard input; JSONL when jsonl is non-zero). Unreadable or
 * over-limit inputs and bad JSONL lines go to on_skip and reading goes on.
 * Returns VL_OK, or VL_EIO when path itself cannot be opened (also reported
 * to on_skip). Stops early, returning VL_OK, when on_doc returns non-zero. */
VL_API vl_status vl_read_path(const vl_ctx *ctx, const char *path, int jsonl,
                              vl_doc_fn on_doc, vl_skip_fn on_skip, void *user);

/* ------------------------------------------------------------- documents */

typedef enum vl_block_kind {
    VL_BLOCK_HEADER,    /* " date 2023-04" */
    VL_BLOCK_TITLE,     /* headline line */
    VL_BLOCK_DATELINE,  /* "Hanoï (VNA) –" */
    VL_BLOCK_PARAGRAPH, /* body text */
    VL_BLOCK_HEADING,   /* a short sub-heading inside the body */
    VL_BLOCK_CAPTION,   /* photo caption, credit included */
    VL_BLOCK_RELATED,   /* ">> another article" */
    VL_BLOCK_SIGNATURE, /* "– VNA", "VNA/CVN" */
    VL_BLOCK_KIND_COUNT
} vl_block_kind;

/* "paragraph", "caption", ... Static string. */
VL_API const char *vl_block_kind_str(vl_block_kind k);
/* Whether a block kind is agency boilerplate (caption, related, signature). */
VL_API int vl_block_kind_is_boilerplate(vl_block_kind k);

typedef struct vl_block {
    vl_block_kind kind;
    size_t start, end; /* byte offsets into vl_doc_text(), end exclusive */
} vl_block;

/* A document after normalize and structure (and, later, extraction). */
typedef struct vl_doc vl_doc;

/* Validates and analyses one raw document. Errors: VL_EEMPTY, VL_EBINARY,
 * VL_ENUL, VL_EUTF8 (err->offset is the byte offset), VL_ELIMIT.
 * *out is freed with vl_doc_free. The document copies what it keeps. */
VL_API vl_status vl_doc_new(const vl_ctx *ctx, const vl_raw *raw, vl_doc **out,
                            vl_error *err);
VL_API void vl_doc_free(vl_doc *doc);

/* Accessors; returned strings live as long as the document. NULL if absent. */
VL_API const char *vl_doc_id(const vl_doc *doc);     /* stable id */
/* 32 hex digits: XXH3-128 of the analysis view (NFC, typographic variants
 * unified), so the same article in another normalisation is the same. */
VL_API const char *vl_doc_hash(const vl_doc *doc);
VL_API const char *vl_doc_source(const vl_doc *doc);
VL_API const char *vl_doc_url(const vl_doc *doc);
VL_API const char *vl_doc_date(const vl_doc *doc);   /* YYYY-MM[-DD] */
VL_API const char *vl_doc_date_source(const vl_doc *doc); /* header|metadata */
VL_API const char *vl_doc_title(const vl_doc *doc);
/* The document text as given (validated UTF-8), and its length in bytes. */
VL_API const char *vl_doc_text(const vl_doc *doc, size_t *len);
VL_API size_t vl_doc_block_count(const vl_doc *doc);
/* The i-th block in text order; i < vl_doc_block_count(). */
VL_API vl_block vl_doc_block(const vl_doc *doc, size_t i);

/* The document's `veille extract` record (DESIGN.md "Contracts") as one
 * line of compact JSON, without a newline. The caller frees it with free(). */
VL_API char *vl_doc_record(const vl_doc *doc);

/* The record of vl_doc_record with what storing the document needs, so
 * that vl_load stores it without extracting again: the text ("text"), its
 * "url", and "load": {"pack": the facts as the store keeps them (base64),
 * "events": the events' rows}. `veille extract --store` prints these. */
VL_API char *vl_doc_load_record(const vl_doc *doc);

/* Number of code points in text[0:byte_off]; for writing offsets in JSON. */
VL_API size_t vl_utf8_cp_offset(const char *text, size_t byte_off);
/* -1 when the NUL-terminated s is valid UTF-8, else the byte offset of its
 * first bad sequence: names, titles and words given to queries. */
VL_API int64_t vl_utf8_invalid(const char *s);
/* The columns a terminal gives s (a wide character two, a combining mark
 * none), for aligning text output; invalid bytes count one each. */
VL_API size_t vl_display_width(const char *s);

/* ----------------------------------------------------------------- store */

typedef struct vl_store vl_store;

/* Opens (creating if needed) the SQLite database at path, in WAL mode, and
 * applies pending schema migrations. Errors: VL_EDB, VL_ESCHEMA.
 * *out is closed with vl_store_close; ctx must outlive it.
 *
 * A path that is a PostgreSQL connection URI (postgresql://... or
 * postgres://..., vl_store_is_url) opens a store kept in PostgreSQL
 * instead, with the same tables and answers: one writer at a time (a
 * second waits for the first), readers at any time. */
VL_API vl_status vl_store_open(const vl_ctx *ctx, const char *path, vl_store **out,
                               vl_error *err);
/* Opens an existing database for reading only: nothing is created,
 * migrated or written, the connection refuses writes (a server's). Errors:
 * VL_EDB (missing, not a database), VL_ESCHEMA (a schema this veille does
 * not read as it is: open it once with vl_store_open to migrate it). */
VL_API vl_status vl_store_open_readonly(const vl_ctx *ctx, const char *path, vl_store **out,
                                        vl_error *err);
/* The same for a command that only reads, but that brings the database up
 * to date first, once, through a connection that may write, when it needs
 * it: an older schema migrated, a killed bulk load finished, the events of
 * documents stored before them filled (when ctx can extract). */
VL_API vl_status vl_store_open_reader(const vl_ctx *ctx, const char *path, vl_store **out,
                                      vl_error *err);
VL_API void vl_store_close(vl_store *st);
/* Whether path names a PostgreSQL store rather than a file. */
VL_API int vl_store_is_url(const char *path);

/* Batches: documents added between begin and commit land together or not
 * at all. */
VL_API vl_status vl_store_begin(vl_store *st, vl_error *err);
VL_API vl_status vl_store_commit(vl_store *st, vl_error *err);
VL_API vl_status vl_store_rollback(vl_store *st, vl_error *err);

/* Stores a document with its index entries. *added is 1 when stored, 0 when
 * the same content was already there. Errors: VL_EDB. */
VL_API vl_status vl_store_add(vl_store *st, const vl_doc *doc, int *added,
                              vl_error *err);

/* Records that an input was skipped, for `stats`. */
VL_API vl_status vl_store_note_skip(vl_store *st, const vl_error *why, vl_error *err);

typedef struct vl_stats {
    int64_t documents;
    int64_t bytes;
    int64_t skipped;
    char first_date[16]; /* "" when no document has a date */
    char last_date[16];
    int schema_version;
} vl_stats;

VL_API vl_status vl_store_stats(vl_store *st, vl_stats *out, vl_error *err);

/* Loads a stored document by id or source path. Errors: VL_ENOTFOUND. */
VL_API vl_status vl_store_get(vl_store *st, const char *id_or_source, vl_doc **out,
                              vl_error *err);

/* ---------------------------------------------------------------- search */

typedef struct vl_search_opts {
    const char *query;
    const char *from; /* YYYY[-MM[-DD]] or NULL */
    const char *to;
    int limit;        /* 0: 20 */
    int offset;
    int undated;      /* with from or to: undated documents pass the filter too */
    int by_date;      /* newest first (undated last) instead of by relevance; a
                         plain query's words are then all required */
    int time_limit_ms; /* stop a search running longer (0: 30,000): VL_ELIMIT */
    int facets;       /* count persons, organisations, places and months over
                         the best VL_FACET_DOCS hits (vl_hits_facet) */
} vl_search_opts;

typedef struct vl_hit {
    const char *id, *source, *date, *title; /* date, title may be NULL */
    const char *snippet; /* matches between "\x01" and "\x02" markers */
    double score;        /* higher is better */
} vl_hit;

typedef struct vl_hits vl_hits;

/* Runs a search. Errors: VL_EQUERY (message says what is wrong with the
 * query), VL_EUSAGE (bad date), VL_EDB. *out is freed with vl_hits_free. */
VL_API vl_status vl_search(vl_store *st, const vl_search_opts *opt, vl_hits **out,
                           vl_error *err);
VL_API int64_t vl_hits_total(const vl_hits *h); /* all matches, not just shown */
/* With a date filter: the undated documents that match the query and were
 * left out (opts.undated includes them); 0 otherwise. */
VL_API int64_t vl_hits_undated(const vl_hits *h);
VL_API size_t vl_hits_count(const vl_hits *h);

/* Facets (opts.facets): over the best VL_FACET_DOCS hits in the search's
 * order, the persons, organisations and places they name most (by number
 * of hits, at most VL_FACET_TOP each, ties by key) and their hits per
 * month (YYYY-MM, in order; undated hits are not counted). */
enum { VL_FACET_DOCS = 200, VL_FACET_TOP = 10 };
typedef enum vl_facet_kind {
    VL_FACET_PERSONS, VL_FACET_ORGS, VL_FACET_PLACES, VL_FACET_MONTHS, VL_FACET_KINDS
} vl_facet_kind;
typedef struct vl_facet {
    const char *key;  /* the knowledge base's key, or the month */
    const char *name; /* the most frequent written form (the month again) */
    int64_t count;    /* hits */
} vl_facet;
VL_API int64_t vl_hits_facet_docs(const vl_hits *h); /* the hits the facets count */
VL_API size_t vl_hits_facet_count(const vl_hits *h, vl_facet_kind kind);
VL_API const vl_facet *vl_hits_facet(const vl_hits *h, vl_facet_kind kind, size_t i);
VL_API const vl_hit *vl_hits_get(const vl_hits *h, size_t i);
VL_API void vl_hits_free(vl_hits *h);

/* Checks a date argument: YYYY, YYYY-MM or YYYY-MM-DD. Returns 1 if valid. */
VL_API int vl_date_valid(const char *s);

/* ------------------------------------------------------------------ eval */

/* Scores `veille extract` records against gold annotations in the format
 * of shared/corpus/GUIDE.md, with exactly the matching rules written there:
 * names and places folded (case, diacritics, đ -> d); titles and
 * organisations by word-set Jaccard >= 0.75 after folding, without articles
 * and nationality adjectives; dates by normalised value; quotes by speaker
 * and the reporting verb's first five letters after auxiliaries, pronouns
 * and adverbs; amounts by value and the unit's first four folded letters.
 * Counts are summed over all articles. */
typedef struct vl_eval vl_eval;

/* Loads the gold file (one JSON object per line, each with "file").
 * Errors: VL_EIO, VL_EJSON (err->line says which line). *out is freed with
 * vl_eval_free; ctx must outlive it. */
VL_API vl_status vl_eval_new(const vl_ctx *ctx, const char *gold_path, vl_eval **out,
                             vl_error *err);

/* Adds one record (the JSON text of a `veille extract` line). It is matched
 * to the gold line whose "file" equals the basename of the record's
 * "source". Errors: VL_EJSON (not a record), VL_ENOTFOUND (no gold line for
 * it: the record is ignored). */
VL_API vl_status vl_eval_add(vl_eval *ev, const char *record_json, size_t len,
                             vl_error *err);

/* Prints precision, recall and F1 per field (persons, person-title, ranks,
 * places, organizations, dates, quotes, amounts) and the count of gold
 * articles without a record; with verbose, every miss and false alarm, by
 * file. As JSON when json is non-zero. */
VL_API void vl_eval_print(const vl_eval *ev, FILE *out, int verbose, int json);

/* F1 of one field by its name ("persons", "titles", ...); -1 if unknown. */
VL_API double vl_eval_f1(const vl_eval *ev, const char *field);
VL_API void vl_eval_free(vl_eval *ev);

/* -------------------------------------------------------- knowledge base */

/* The knowledge base is built from the stored facts: one entity per person
 * (folded name, after overrides), written variants with counts, positions
 * held (person x canonical office) with first and last dates. Queries
 * return JSON text (DESIGN.md "Knowledge queries"); the caller frees *out
 * with free(). Errors: VL_ENOTFOUND (no such person), VL_EUSAGE (bad date),
 * VL_EDB. */

/* Recomputes the persons stored since the last update (ingest does it after
 * every batch). */
VL_API vl_status vl_kb_update(vl_store *st, vl_error *err);
/* Recomputes everything from the stored facts, with the overrides of the
 * file at path (NULL: none): lines "merge<TAB>NAME<TAB>NAME",
 * "split<TAB>NAME<TAB>DATE<TAB>NEW NAME", "prefer<TAB>NAME<TAB>SPELLING". */
VL_API vl_status vl_kb_rebuild(vl_store *st, const char *overrides, vl_error *err);
/* {"name","key","variants":[{"name","documents"}],"positions":[{"title","office",
 * "status","start","end","end_cause","first_seen","last_seen","documents","single",
 * "evidence":[...]}], "documents","evidence","meetings":[the 5 most recent events,
 * as vl_events']}. A single-holder office gives one position per
 * tenure (with "kind" holder|acting and "tenure", its number for this holder):
 * start and end, end_cause "successor" or "former" (a text calls the holder
 * former), status former once it ended. */
VL_API vl_status vl_kb_person(vl_store *st, const char *name, char **out, vl_error *err);
/* {"query","office","holders":[{"name","key","start","end","end_cause","first_seen",
 * "last_seen","status","documents","evidence"}]}: for an office one person holds at
 * a time, its tenures in order, then holders seen without dated evidence; else
 * every holder. With at (YYYY[-MM[-DD]]): the tenure holding it then, with
 * "evidence_age_months" when its last evidence is older than at, or none and
 * "abstained":{"key","name","reason",...} when that evidence is over 24 months
 * old or the holder had left by then; for other offices those seen around it. */
VL_API vl_status vl_kb_office(vl_store *st, const char *title, const char *at, char **out,
                              vl_error *err);
/* {"persons":[{"name","key","variants","documents","first_seen","last_seen"}]},
 * most documented first; limit 0: all. */
VL_API vl_status vl_kb_persons(vl_store *st, int limit, char **out, vl_error *err);
/* {"since","changes":[{"date","type","name","key","title","office","country",
 * "status","predecessor"|"end_cause","documents","evidence"}]} in date order:
 * appointments (type "start": a tenure begun after another holder's) and
 * departures a text tells (type "end") in the offices one person holds at a
 * time, on or after since (NULL: all), of one country (an ISO code in either
 * case, or a name; NULL: any; VL_EUSAGE when it is neither)
 * and one office (a title as office takes it, NULL: any); limit 0: all. */
VL_API vl_status vl_kb_changes(vl_store *st, const char *since, const char *country,
                               const char *office, int limit, char **out, vl_error *err);
/* {"key","persons":[...],"organizations":[...],"places":[...]}: most often in the
 * same documents, each {"name","key","documents"}. */
VL_API vl_status vl_kb_related(vl_store *st, const char *name, int limit, char **out,
                               vl_error *err);

/* Who met whom (the stored events). {"events":[{"type","date","place","chairs":
 * [names],"participants":[names],"keys":[keys],"evidence":{"id","date","source",
 * "sentence"},"reports","also"}]} in date order (undated last); one act (type,
 * day, persons) told by several dispatches is one entry, "reports" of them. with (may be NULL): a person's
 * name, or a country ("Laos", "LA") that a participant's title names; type,
 * from, to (YYYY[-MM[-DD]]) may be NULL; limit 0: all (at most 10,000).
 * Errors: VL_ENOTFOUND (with names nobody), VL_EUSAGE (a bad date), VL_EDB. */
VL_API vl_status vl_events(vl_store *st, const char *with, const char *type, const char *from,
                           const char *to, int limit, char **out, vl_error *err);
/* Whom a person met: {"name","key","counterparts":[{"name","key","count","first",
 * "last","evidence":[{"type","date","place","id","source","sentence"}]}]}, most
 * often met first; with (may be NULL) keeps one counterpart and all of its
 * evidence. Errors: VL_ENOTFOUND, VL_EDB. */
VL_API vl_status vl_met(vl_store *st, const char *name, const char *with, int limit, char **out,
                        vl_error *err);

/* Who said what: a person's statements, {"name","key","about","quotes":[{"date",
 * "id","source","verb","content","start","end"}]} in date order (undated last),
 * start and end the content's code-point offsets in the document. about (may be
 * NULL) keeps the statements holding every one of its words (folded, whole
 * words); from, to (YYYY[-MM[-DD]]) may be NULL; limit 0: all (at most 10,000).
 * Errors: VL_ENOTFOUND (nobody of that name), VL_EUSAGE (a bad date), VL_EDB. */
VL_API vl_status vl_quotes(vl_store *st, const char *name, const char *about, const char *from,
                           const char *to, int limit, char **out, vl_error *err);

/* ---------------------------------------------------------------- ingest */

typedef struct vl_ingest_report {
    int64_t read;      /* inputs read: added + duplicate + skipped */
    int64_t added;     /* newly stored */
    int64_t duplicate; /* already stored */
    int64_t skipped;   /* inputs or documents that could not be used */
    int64_t bytes;     /* bytes of documents read */
} vl_ingest_report;

typedef struct vl_ingest_opts {
    int jsonl;          /* "-" is JSONL */
    int batch;          /* documents per transaction; 0: 2000 */
    /* Analysis threads; 0: one per core (vl_ingest_default_jobs). With 1,
     * everything runs on the caller's thread; with more, a writer thread
     * stores in reading order, so the database is the same. */
    int jobs;
    vl_skip_fn on_skip; /* each skip, as it happens; may be NULL */
    /* Progress, called after each committed batch; may be NULL. */
    void (*on_progress)(void *user, const vl_ingest_report *so_far);
    void *user;
} vl_ingest_opts;

/* The number of cores online (at least 1). */
VL_API int vl_ingest_default_jobs(void);

/* Reads every path and stores every valid document, in batches. Skips are
 * reported and counted, never fatal. Returns VL_OK unless the store itself
 * failed (VL_EDB); *report is filled either way. */
VL_API vl_status vl_ingest(vl_store *st, const char *const *paths, size_t npaths,
                           const vl_ingest_opts *opt, vl_ingest_report *report,
                           vl_error *err);

/* vl_ingest for the records of vl_doc_load_record (JSONL files, folders of
 * them, or "-"): each stored as ingest would have stored its document,
 * without extracting it again (idempotent by content, the knowledge base
 * updated at the end). A line that is no such record, or whose facts or
 * events do not fit its text, is skipped with the reason. opt->jsonl is
 * not used (records are JSONL); opt->jobs threads check the records and
 * lay out their texts, one stores them in reading order. */
VL_API vl_status vl_load(vl_store *st, const char *const *paths, size_t npaths,
                         const vl_ingest_opts *opt, vl_ingest_report *report, vl_error *err);

#ifdef __cplusplus
}
#endif
#endif /* VEILLE_H */
