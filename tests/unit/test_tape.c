/*
 * test_tape.c — the full-text tape of a document holds the terms the
 * tokenizer gives its columns, whether they come from extraction's tokens
 * or from analysing the text again.
 *
 * Every document below is taped both ways (vl_fts_tape_build and
 * vl_fts_tape_analysed) and the two must agree byte for byte: columns,
 * terms, flags and offsets. The texts written here hold what the analysis
 * view changes (typographic apostrophes and quotes, no-break and thin
 * spaces, dashes, soft hyphens, zero-width spaces, decomposed accents,
 * ‘ and ʼ used as apostrophes) next to codes, numbers and elisions; the
 * sample dispatches and, when it is there, ../shared are taped too. A
 * store then indexes the documents through their tapes, and FTS5's own
 * integrity check, which analyses the stored text again, must pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "check.h"
#include "ctx.h"
#include "doc.h"
#include "fts.h"
#include "store.h"
#include "veille.h"

void test_tape(void);

static const char *const texts[] = {
    /* apostrophes, quotes and spaces the tokenizer cannot tell apart */
    "Le chef de l’armée rencontre ses homologues\n\n"
    "Hải Phòng (VNA) – Le 12 mars, le général Phan Van Lực, chef de la Défense, a reçu\u00a0au port "
    "l’ambassadeur du Laos, qu’il a remercié «\u202fde son soutien\u202f» "
    "jusqu’à la fin de l’année 2024.\n\n"
    "Selon lui, “la coopération” s’étend à 18\u2009000 soldats et à 2,5 millions de dôngs ; "
    "la résolution 18-NQ/TW et le décret n°4 en fixent le cadre.\n\n"
    "Photo : VNA\n",
    /* what the view changes in ways the tokenizer can tell, one kind a
     * paragraph, each next to changes it cannot tell */
    "Covid et vaccins : le vice-ministre parle\n\n"
    "Hanoï (VNA) - La vice-ministre Lê Thị Hà a visité l\u2018hôpital de l’arrondissement.\n\n"
    "Elle a vu l\u02BCécole d’Hanoï, jusqu’au « soir ».\n\n"
    "Elle a rappelé l\u00B4accord d’avril.\n\n"
    "Elle a salué l\u2032entente d’avril.\n\n"
    "La campagne COVID\u201319 s’est achevée en\u00a0mai.\n\n"
    "Le plan 2015\u20132020 l’a précédée.\n\n"
    "Le vice\u2011ministre l’a dit.\n\n"
    "Le vice\u2010ministre l’a redit.\n\n"
    "Le score A\u2212B l’a montré.\n\n"
    "Les inter\u00adnationaux l’ont noté.\n\n"
    "Les co\u200bopérations l’ont suivi.\n\n"
    "Le \ufeffprotocole l’a fixé.\n\n"
    "Le ministre Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An (accents de\xcc\x81" "compose\xcc\x81s) a "
    "signé l’accord.\n",
    /* a word longer than the analysis keeps, numbers, codes with dashes */
    "Rapport\n\n"
    "Hanoï (VNA) – Le mot "
    "anticonstitutionnellementanticonstitutionnellementanticonstitutionnellement"
    "anticonstitutionnellementanticonstitutionnellementanticonstitutionnellement est long. "
    "Le plan 2021-2025, la norme ISO\u20139001, le vol VN\u2011123 et 1.500 hommes.\n\n"
    ">> Lire aussi : « Le Vietnam et l’ASEAN »\n\n"
    "VNA/CVN\n",
    /* elisions at the ends of blocks, a block of punctuation only */
    "Titre d’\n\n"
    "L’\n\n"
    "« — » … ; !\n\n"
    "Hà Nội, 3/4 (TTXVN) – Jusqu’ici, aujourd’hui, presqu’île.\n",
};

static int tapes_agree(vl_fts_tok *tok, const vl_doc *doc, const char *name)
{
    vl_fts_tape *a = vl_fts_tape_build(tok, doc), *b = vl_fts_tape_analysed(tok, doc);
    int same = 1;
    for (int part = -1; part < 3; part++) {
        size_t la, lb;
        const unsigned char *pa = vl_fts_tape_part(a, part, &la);
        const unsigned char *pb = vl_fts_tape_part(b, part, &lb);
        if (la != lb || memcmp(pa, pb, la) != 0) same = 0;
        if (part < 0) continue;
        pa = vl_fts_tape_terms(a, part, &la);
        pb = vl_fts_tape_terms(b, part, &lb);
        if (la != lb || memcmp(pa, pb, la) != 0) {
            fprintf(stderr, "  %s: column %d: %zu bytes of terms from tokens, %zu analysed\n",
                    name, part, la, lb);
            same = 0;
        }
    }
    vl_fts_tape_free(a);
    vl_fts_tape_free(b);
    return same;
}

/* A column's terms as text, one space before each, "+" before a part of
 * a code (colocated); the count in *n. */
static void terms_text(const vl_fts_tape *tp, int part, vl_buf *out, size_t *n)
{
    size_t len;
    const unsigned char *p = vl_fts_tape_terms(tp, part, &len);
    vl_buf_reset(out);
    *n = 0;
    for (size_t i = 0; i + 10 <= len; i += 10 + p[i + 1]) {
        vl_buf_adds(out, p[i] & FTS5_TOKEN_COLOCATED ? " +" : " ");
        vl_buf_add(out, p + i + 10, p[i + 1]);
        ++*n;
    }
}

typedef struct walk {
    const vl_ctx *ctx;
    vl_fts_tok *tok;
    vl_store *st; /* indexes what it reads, through tapes, when set */
    size_t docs, differ;
} walk;

static int on_doc(void *user, const vl_raw *raw)
{
    walk *w = user;
    vl_doc *doc = NULL;
    if (vl_doc_new(w->ctx, raw, &doc, NULL) != VL_OK) return 0;
    w->docs++;
    if (!tapes_agree(w->tok, doc, raw->source)) w->differ++;
    if (w->st) {
        vl_fts_tape *tp = vl_fts_tape_build(w->tok, doc);
        vl_store_set_tape(w->st, tp);
        int added = 0;
        CHECK_INT(vl_store_add(w->st, doc, &added, NULL), VL_OK);
        vl_store_set_tape(w->st, NULL);
        vl_fts_tape_free(tp);
    }
    vl_doc_free(doc);
    return 0;
}

static void on_skip(void *user, const vl_error *why)
{
    (void)user;
    (void)why;
}

static int is_dir(const char *p)
{
    struct stat s;
    return stat(p, &s) == 0 && S_ISDIR(s.st_mode);
}

void test_tape(void)
{
    vl_ctx *ctx = NULL;
    CHECK_INT(vl_ctx_new(NULL, &ctx, NULL), VL_OK);
    if (!ctx) return;
    vl_fts_tok *tok = vl_fts_tok_new(ctx);
    CHECK(tok != NULL);
    if (!tok) {
        vl_ctx_free(ctx);
        return;
    }
    vl_store *st = NULL;
    CHECK_INT(vl_store_open(ctx, ":memory:", &st, NULL), VL_OK);
    walk w = {ctx, tok, st, 0, 0};
    if (st) CHECK_INT(vl_store_begin(st, NULL), VL_OK);

    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "text %zu", i);
        vl_raw raw = {.source = name, .text = (const unsigned char *)texts[i],
                      .len = strlen(texts[i])};
        on_doc(&w, &raw);
    }
    CHECK_INT(w.docs, sizeof texts / sizeof texts[0]);
    CHECK_INT(w.differ, 0);

    /* the tapes hold what the texts say: words folded and stemmed, elided
     * articles and pronouns left out, a code whole and then its parts */
    vl_raw raw = {.source = "t", .text = (const unsigned char *)texts[0],
                  .len = strlen(texts[0])};
    vl_doc *doc = NULL;
    CHECK_INT(vl_doc_new(ctx, &raw, &doc, NULL), VL_OK);
    if (doc) {
        vl_fts_tape *tp = vl_fts_tape_build(tok, doc);
        vl_buf t;
        vl_buf_init(&t, 0);
        size_t n;
        terms_text(tp, 0, &t, &n);
        CHECK_STR((const char *)t.data, " le chef de armee rencontr se homologu");
        terms_text(tp, VL_FTS_BODY, &t, &n);
        CHECK_STR((const char *)t.data,
                  " le 12 mar le general phan van luc chef de la defens a recu au port"
                  " ambassadeur du laos il a remerc de son soutien a la fin de anne 2024 selon"
                  " lui la cooper etend a 18 000 soldat et a 2,5 million de dong la resolu"
                  " 18-nq/tw +18 +nq +tw et le decret n 4 en fixent le cadr");
        vl_buf_free(&t);
        vl_fts_tape_free(tp);
        vl_doc_free(doc);
    }

    const char *spec = getenv("VEILLE_SPEC");
    char dir[4096];
    size_t before = w.docs;
    if (spec) {
        snprintf(dir, sizeof dir, "%s/../../sample", spec);
        vl_read_path(ctx, dir, 0, on_doc, on_skip, &w);
    }
    CHECK(w.docs > before + 30); /* the sample: 32 dispatches, and as JSONL */
    CHECK_INT(w.differ, 0);
    if (st) {
        CHECK_INT(vl_store_commit(st, NULL), VL_OK);
        /* FTS5 analyses every stored column again and compares */
        CHECK_INT(sqlite3_exec(vl_store_db(st),
                               "INSERT INTO doc_fts(doc_fts) VALUES('integrity-check')", NULL,
                               NULL, NULL),
                  SQLITE_OK);
        vl_store_close(st);
    }
    w.st = NULL;
    const char *shared = getenv("VEILLE_SHARED");
    if (shared && is_dir(shared)) {
        before = w.docs;
        const char *sub[] = {"corpus/dev", "corpus/unlabeled", "seeds"};
        for (size_t i = 0; i < 3; i++) {
            snprintf(dir, sizeof dir, "%s/%s", shared, sub[i]);
            if (is_dir(dir)) vl_read_path(ctx, dir, 0, on_doc, on_skip, &w);
        }
        CHECK(w.docs > before);
        CHECK_INT(w.differ, 0);
    } else {
        printf("     tape: ../shared not found, its dispatches skipped\n");
    }
    vl_fts_tok_free(tok);
    vl_ctx_free(ctx);
}
