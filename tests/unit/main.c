/*
 * main.c — unit tests of the library's modules, and the structure spec
 * cases of tests/spec/structure.txt. Prints "N passed, N failed".
 *
 * Run from anywhere: the spec folder comes from VEILLE_SPEC (set by ctest),
 * the lexicons from VEILLE_DATA.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "ctx.h"
#include "doc.h"
#include "fold.h"
#include "normalize.h"
#include "query.h"
#include "structure.h"
#include "tokenize.h"
#include "veille.h"

int check_failures;
static vl_ctx *ctx;

/* ------------------------------------------------------------- fold */

static const char *fold(const char *s)
{
    static vl_buf b;
    vl_buf_free(&b);
    vl_buf_init(&b, 0);
    vl_fold_str(&ctx->fold, s, strlen(s), &b);
    return b.data ? (const char *)b.data : "";
}

static void test_fold(void)
{
    CHECK_STR(fold("Trần Lưu Quang"), "tran luu quang");
    CHECK_STR(fold("Đà Nẵng"), "da nang");
    CHECK_STR(fold("ĐỖ HÙNG VIỆT"), "do hung viet");
    CHECK_STR(fold("Hanoï"), "hanoi");
    CHECK_STR(fold("ề ộ ữ ế"), "e o u e");
    CHECK_STR(fold("Cœur  ÉTAT\u00a0Noël"), "coeur etat noel");
    CHECK_STR(fold("e\xcc\x81te\xcc\x81"), "ete"); /* decomposed é */
    CHECK_STR(fold("  Intégration  "), "integration");
    CHECK_STR(fold("ﬁn"), "fin"); /* compatibility ligature */
}

/* -------------------------------------------------------- normalize */

static vl_status check_text(const char *s, size_t n, size_t max, int64_t *off)
{
    vl_error e;
    vl_error_clear(&e);
    vl_status st = vl_norm_check((const unsigned char *)s, n, max, "t", &e);
    *off = e.offset;
    return st;
}

static void test_norm_check(void)
{
    int64_t off;
    CHECK_INT(check_text("", 0, 0, &off), VL_EEMPTY);
    CHECK_INT(check_text(" \n\t\r\n", 5, 0, &off), VL_EEMPTY);
    CHECK_INT(check_text("ab\0cd", 5, 0, &off), VL_ENUL);
    CHECK_INT(off, 2);
    CHECK_INT(check_text("abcdefghij\xc3\x28", 12, 0, &off), VL_EUTF8);
    CHECK_INT(off, 10);
    CHECK_INT(check_text("x\xc0\xaf", 3, 0, &off), VL_EUTF8); /* overlong */
    CHECK_INT(off, 1);
    CHECK_INT(check_text("x\xed\xa0\x80", 4, 0, &off), VL_EUTF8); /* surrogate */
    CHECK_INT(check_text("Hanoï – été", strlen("Hanoï – été"), 0, &off), VL_OK);
    CHECK_INT(check_text("abcdef", 6, 5, &off), VL_ELIMIT);
    CHECK_INT(check_text("abcde", 5, 5, &off), VL_OK);
    unsigned char bin[4096];
    for (size_t i = 0; i < sizeof bin; i++) bin[i] = (unsigned char)(i * 7 % 256);
    CHECK_INT(check_text((const char *)bin, sizeof bin, 0, &off), VL_EBINARY);
    /* one stray NUL in a long text is reported where it is, not as binary */
    char longtext[3000];
    memset(longtext, 'a', sizeof longtext);
    longtext[2500] = 0;
    CHECK_INT(check_text(longtext, sizeof longtext, 0, &off), VL_ENUL);
    CHECK_INT(off, 2500);
    /* valid UTF-8 full of control bytes is binary; a few are text: more
     * than eight, and over 5 % of the first 8 KiB */
    char ctl[200];
    for (size_t i = 0; i < sizeof ctl; i++) ctl[i] = i % 4 ? 'a' : '\x01';
    CHECK_INT(check_text(ctl, sizeof ctl, 0, &off), VL_EBINARY);
    memset(ctl, 'a', sizeof ctl);
    for (size_t i = 0; i < 8; i++) ctl[i * 20] = '\x02';
    CHECK_INT(check_text(ctl, sizeof ctl, 0, &off), VL_OK);
    ctl[190] = ctl[191] = '\x7f'; /* ten: 5 % of 200 bytes, not over */
    CHECK_INT(check_text(ctl, sizeof ctl, 0, &off), VL_OK);
    ctl[192] = '\x7f';
    CHECK_INT(check_text(ctl, sizeof ctl, 0, &off), VL_EBINARY);
    char wide[9000];
    memset(wide, 'a', sizeof wide);
    for (size_t i = 0; i < 40; i++) wide[i * 200] = '\x03'; /* 2 % of the sample */
    CHECK_INT(check_text(wide, sizeof wide, 0, &off), VL_OK);
    for (size_t i = 0; i < 400; i++) wide[i * 20 + 1] = '\x03'; /* past 5 % */
    CHECK_INT(check_text(wide, sizeof wide, 0, &off), VL_EBINARY);
}

static void test_norm_view(void)
{
    vl_arena a = {0};
    vl_view v;
    const char *s = "L\u2019\u00c9tat \u00ab\u00a0oui\u00a0\u00bb \u2013 non\u00ad!";
    vl_norm_view(&a, s, strlen(s), NULL, &v);
    CHECK_STR(v.text, "L'\u00c9tat \" oui \" - non!");
    CHECK_INT(vl_view_orig(&v, v.len), strlen(s));
    /* "non" in the view maps back to "non" in the original */
    const char *nv = strstr(v.text, "non"), *no = strstr(s, "non");
    CHECK_INT(vl_view_orig(&v, nv - v.text), no - s);
    /* the apostrophe (3 bytes) maps to its start */
    CHECK_INT(vl_view_orig(&v, 1), 1);
    CHECK_INT(vl_view_orig(&v, 2), 4);
    vl_arena_free(&a);

    /* pages of breakpoints: the map read through bp_page is the map read
     * by bisection, at every byte of a text of many pages */
    {
        char many[4000];
        size_t m = 0;
        for (int k = 0; m + 16 < sizeof many; k++) {
            const char *piece = k % 3 ? "l\u2019avis " : "\u00ab\u00a0oui\u00a0\u00bb ";
            memcpy(many + m, piece, strlen(piece));
            m += strlen(piece);
        }
        vl_norm_view(&a, many, m, NULL, &v);
        CHECK(v.nbp > 100 && v.len > 3 * 256);
        size_t bad = 0;
        for (size_t pos = 0; pos <= v.len; pos++) {
            size_t at = pos; /* a continuation byte maps as its code point */
            while (at > 0 && at < v.len && ((unsigned char)v.text[at] & 0xC0) == 0x80) at--;
            size_t lo = 0, hi = v.nbp; /* the last breakpoint at or before it */
            while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;
                if (v.bp_view[mid] <= at) lo = mid;
                else hi = mid;
            }
            bad += vl_view_orig(&v, pos) != v.bp_orig[lo] + (at - v.bp_view[lo]);
        }
        CHECK_INT(bad, 0);
        CHECK_INT(vl_view_orig(&v, v.len), m);
        vl_arena_free(&a);
    }

    /* decomposed input is composed: e + U+0301 -> é, Angstrom sign -> Å */
    const char *d = "Le\xcc\x81 \xe2\x84\xab";
    vl_norm_view(&a, d, strlen(d), &ctx->fold, &v);
    CHECK_STR(v.text, "L\u00e9 \u00c5");
    CHECK_INT(vl_view_orig(&v, 1), 1);  /* é starts where e did */
    CHECK_INT(vl_view_orig(&v, 3), 4);  /* the space after it */
    CHECK_INT(vl_view_orig(&v, v.len), strlen(d));
    vl_arena_free(&a);

    /* Vietnamese precomposed letters are already NFC and stay as they are */
    const char *vn = "Nguy\u1ec5n Ph\u00fa Tr\u1ecdng";
    vl_norm_view(&a, vn, strlen(vn), &ctx->fold, &v);
    CHECK_STR(v.text, vn);
    for (size_t i = 0; i <= v.len; i++)
        if (vl_view_orig(&v, i) > i) check_failures++;
    vl_arena_free(&a);

    /* the map's breakpoints: dropped characters, a byte inside a code
     * point, a cluster of marks too long to compose (each mark maps to the
     * cluster's start, as its base does) */
    vl_norm_view(&a, "a­b", strlen("a­b"), &ctx->fold, &v);
    CHECK_STR(v.text, "ab");
    CHECK_INT(vl_view_orig(&v, 0), 0);
    CHECK_INT(vl_view_orig(&v, 1), 3);
    CHECK_INT(vl_view_orig(&v, 2), 4);
    vl_arena_free(&a);
    vl_norm_view(&a, "﻿xéy", strlen("﻿xéy"), &ctx->fold, &v);
    CHECK_STR(v.text, "xéy");
    CHECK_INT(vl_view_orig(&v, 0), 3);
    CHECK_INT(vl_view_orig(&v, 1), 4);
    CHECK_INT(vl_view_orig(&v, 2), 4); /* inside é: where é starts */
    CHECK_INT(vl_view_orig(&v, 3), 6);
    CHECK_INT(vl_view_orig(&v, 4), 7);
    vl_arena_free(&a);
    char marks[128] = "e";
    for (int k = 0; k < 33; k++) strcat(marks, "\xcc\x81");
    strcat(marks, "z");
    vl_norm_view(&a, marks, strlen(marks), &ctx->fold, &v);
    CHECK_INT(v.len, strlen(marks));
    CHECK_INT(vl_view_orig(&v, 1), 0);
    CHECK_INT(vl_view_orig(&v, 65), 0);
    CHECK_INT(vl_view_orig(&v, 67), 67);
    CHECK_INT(vl_view_orig(&v, 68), 68);
    vl_arena_free(&a);
}

/* --------------------------------------------------------- tokenize */

typedef struct want_tok {
    const char *text;
    vl_tok_kind kind;
    unsigned flags;
} want_tok;

static void check_tokens(const char *s, const want_tok *want, size_t nwant)
{
    vl_tokenizer t;
    vl_token tok;
    vl_tok_init(&t, s, strlen(s), &ctx->elisions, &ctx->fold);
    size_t i = 0;
    while (vl_tok_next(&t, &tok)) {
        if (i >= nwant) {
            fprintf(stderr, "  extra token '%.*s' in \"%s\"\n", (int)(tok.end - tok.start),
                    s + tok.start, s);
            check_failures++;
            return;
        }
        char got[128];
        snprintf(got, sizeof got, "%.*s", (int)(tok.end - tok.start), s + tok.start);
        CHECK_STR(got, want[i].text);
        CHECK_INT(tok.kind, want[i].kind);
        CHECK_INT(tok.flags, want[i].flags);
        i++;
    }
    CHECK_INT(i, nwant);
}

static void test_tokenize(void)
{
    const want_tok a[] = {
        {"l", VL_TOK_WORD, VL_TOKF_ELISION},
        {"intégration", VL_TOK_WORD, 0},
        {"d", VL_TOK_WORD, VL_TOKF_ELISION},
        {"un", VL_TOK_WORD, 0},
        {"vice", VL_TOK_WORD, 0},
        {"ministre", VL_TOK_WORD, VL_TOKF_HYPHEN},
        {"jusqu", VL_TOK_WORD, VL_TOKF_ELISION},
        {"à", VL_TOK_WORD, 0},
        {"Hanoï", VL_TOK_WORD, VL_TOKF_UPPER},
    };
    check_tokens("l\u2019intégration d'un vice-ministre jusqu’à Hanoï.", a, 9);

    const want_tok b[] = {
        {"18-NQ/TW", VL_TOK_CODE, 0},
        {"XIIIe", VL_TOK_WORD, VL_TOKF_UPPER},
        {"1.500", VL_TOK_NUMBER, 0},
        {"2,5", VL_TOK_NUMBER, 0},
        {"n", VL_TOK_WORD, 0},
        {"4", VL_TOK_NUMBER, 0},
        {"COVID-19", VL_TOK_CODE, VL_TOKF_UPPER},
        {"13e", VL_TOK_CODE, 0},
    };
    check_tokens("18-NQ/TW, XIIIe 1.500 2,5 n°4 (COVID-19) 13e.", b, 8);

    /* a dash between spaces joins nothing; an apostrophe after a word that
     * is not an elision splits without flag */
    const want_tok c[] = {
        {"Paris", VL_TOK_WORD, VL_TOKF_UPPER},
        {"Hanoi", VL_TOK_WORD, VL_TOKF_UPPER},
        {"aujourd", VL_TOK_WORD, 0},
        {"hui", VL_TOK_WORD, 0},
        {"l", VL_TOK_WORD, 0},
    };
    check_tokens("Paris - Hanoi aujourd'hui l'", c, 5);
}

/* The tokenizer's byte classes, as tokenize.c defines them. */
static void test_tokenize_class(void)
{
    for (int c = 0; c < 256; c++) {
        int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        int digit = c >= '0' && c <= '9';
        int punct = c > 0x20 && c < 0x7F && !letter && !digit && c != '-' && c != '\'';
        int end = c < 0x80 && !digit && c != '-' && c != '/' && c != '\'';
        int want = (letter ? VL_TC_LETTER : 0) | (digit ? VL_TC_DIGIT : 0) |
                   (punct ? VL_TC_PUNCT : 0) | (end ? VL_TC_END : 0);
        if (vl_tok_class[c] != want) {
            fprintf(stderr, "  byte 0x%02x: class %d, want %d\n", c, vl_tok_class[c], want);
            check_failures++;
        }
    }
}

/* The inline fast path of vl_tok_next gives the tokens the slow path gives
 * alone: texts pieced together from fragments that reach every branch
 * (elisions with ' ’ ʼ, accented and Vietnamese letters, letters past the
 * fold table, numbers and codes, dashes, quotes, spaces of all kinds),
 * with punctuation tokens and without. */
static void test_tokenize_fast_path(void)
{
    static const char *frag[] = {
        "l'", "l\u2019", "l\u02bc", "d'", "qu\u2019", "jusqu'", "aujourd'hui", "'", "\u2019",
        "État", "état", "à", "Đà Nẵng", "Nguyễn", "ễ", "中国", "Ωmega", "ÉTATS", "Hanoï",
        "vice-ministre", "-", "\u2013", "\u2014", "/", ".", ",", ";", "(", ")", "\"", "«", "»",
        "\u201c", "\u201d", "\u2026", " ", "  ", "\n", "\t", "\u00a0", "\u202f", "2023", "15",
        "1.500", "2,5", "18-NQ/TW", "COVID-19", "13e", "1er", "n°4", "G20", "XIIIe", "ASEAN",
        "le", "Le", "ministre", "a", "x", "Z", "9", "0", "%", "°", "_", "#", "&", "'s"};
    const size_t nfrag = sizeof frag / sizeof frag[0];
    uint32_t seed = 12345;
    char text[512];
    size_t compared = 0;
    for (int round = 0; round < 4000; round++) {
        size_t len = 0;
        int pieces = 1 + (int)(seed % 12);
        for (int p = 0; p < pieces; p++) {
            seed = seed * 1103515245u + 12345u;
            const char *f = frag[(seed >> 8) % nfrag];
            size_t fl = strlen(f);
            if (len + fl + 1 >= sizeof text) break;
            memcpy(text + len, f, fl);
            len += fl;
            seed = seed * 1103515245u + 12345u;
            if ((seed >> 12) % 3 == 0) text[len++] = ' ';
        }
        text[len] = 0;
        for (int punct = 0; punct < 2; punct++) {
            vl_tokenizer fast, slow;
            vl_tok_init(&fast, text, len, &ctx->elisions, &ctx->fold);
            vl_tok_init(&slow, text, len, &ctx->elisions, &ctx->fold);
            fast.emit_punct = slow.emit_punct = punct;
            for (;;) {
                vl_token a, b;
                memset(&a, 0, sizeof a);
                memset(&b, 0, sizeof b);
                int ga = vl_tok_next(&fast, &a), gb = vl_tok_next_slow(&slow, &b);
                compared++;
                if (ga != gb || (ga && (a.start != b.start || a.end != b.end || a.kind != b.kind ||
                                        a.flags != b.flags))) {
                    fprintf(stderr,
                            "  fast path differs in \"%s\" (punct %d): fast [%zu,%zu) kind %d "
                            "flags %u, slow [%zu,%zu) kind %d flags %u\n",
                            text, punct, a.start, a.end, (int)a.kind, a.flags, b.start, b.end,
                            (int)b.kind, b.flags);
                    check_failures++;
                    return;
                }
                if (!ga) break;
            }
        }
    }
    CHECK(compared > 20000);
}

/* -------------------------------------------------------- structure */

static void run_structure_case(const char *name, const char *input, size_t n,
                               const char *expected)
{
    vl_raw raw = {.source = name, .text = (const unsigned char *)input, .len = n};
    vl_doc *d = NULL;
    vl_error e;
    vl_error_clear(&e);
    if (vl_doc_new(ctx, &raw, &d, &e) != VL_OK) {
        fprintf(stderr, "  structure '%s': %s\n", name, e.message);
        check_failures++;
        return;
    }
    vl_buf got;
    vl_buf_init(&got, 0);
    for (size_t i = 0; i < vl_doc_block_count(d); i++) {
        vl_block b = vl_doc_block(d, i);
        vl_buf_adds(&got, vl_block_kind_str(b.kind));
        vl_buf_addc(&got, ' ');
        vl_buf_add(&got, input + b.start, b.end - b.start);
        vl_buf_addc(&got, '\n');
    }
    if (strcmp(got.data ? (const char *)got.data : "", expected) != 0) {
        fprintf(stderr, "  structure '%s':\n--- want\n%s--- got\n%s", name, expected,
                got.data ? (const char *)got.data : "");
        check_failures++;
    }
    vl_buf_free(&got);
    vl_doc_free(d);
}

static int structure_spec(const char *dir)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/structure.txt", dir);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "  cannot open %s\n", path);
        return -1;
    }
    char line[4096], name[256] = "";
    vl_buf in, want;
    vl_buf_init(&in, 0);
    vl_buf_init(&want, 0);
    int state = 0, cases = 0; /* 0 outside, 1 input, 2 expected */
    for (;;) {
        char *l = fgets(line, sizeof line, f);
        if (!l || !strncmp(line, "===", 3)) {
            if (state == 2) {
                /* the input's last newline belongs to the separator */
                size_t n = in.len;
                if (n && in.data[n - 1] == '\n') n--;
                if (n && in.data[n - 1] == '\r') n--;
                run_structure_case(name, (const char *)in.data, n,
                                   want.data ? (const char *)want.data : "");
                cases++;
            }
            if (!l) break;
            snprintf(name, sizeof name, "%.250s", line + 4);
            name[strcspn(name, "\r\n")] = 0;
            vl_buf_reset(&in);
            vl_buf_reset(&want);
            state = 1;
            continue;
        }
        if (state == 1 && !strcmp(line, "---\n")) {
            state = 2;
        } else if (state == 1) {
            vl_buf_adds(&in, line);
        } else if (state == 2 && line[0] != '\n') {
            line[strcspn(line, "\r\n")] = 0;
            vl_buf_adds(&want, line);
            vl_buf_addc(&want, '\n');
        }
    }
    fclose(f);
    vl_buf_free(&in);
    vl_buf_free(&want);
    return cases;
}

static void test_structure_spec(void)
{
    const char *dir = getenv("VEILLE_SPEC");
    int n = structure_spec(dir ? dir : "tests/spec");
    CHECK(n >= 14);
}

static void test_doc_metadata(void)
{
    const char *t = "Un texte sans en-tête.\n";
    vl_raw raw = {.source = "x.jsonl:3", .id = "abc", .date = "2023-04-14T10:00:00Z",
                  .title = "Titre", .text = (const unsigned char *)t, .len = strlen(t)};
    vl_doc *d;
    CHECK_INT(vl_doc_new(ctx, &raw, &d, NULL), VL_OK);
    CHECK_STR(vl_doc_id(d), "abc");
    CHECK_STR(vl_doc_date(d), "2023-04-14");
    CHECK_STR(vl_doc_date_source(d), "metadata");
    CHECK_STR(vl_doc_title(d), "Titre");
    CHECK_INT(strlen(vl_doc_hash(d)), 32);
    vl_doc_free(d);
    /* a header wins over metadata; a bad metadata date is ignored */
    const char *h = " date 2021-12 Hanoï (VNA) – Texte.";
    vl_raw r2 = {.source = "y", .date = "hier", .text = (const unsigned char *)h,
                 .len = strlen(h)};
    CHECK_INT(vl_doc_new(ctx, &r2, &d, NULL), VL_OK);
    CHECK_STR(vl_doc_date(d), "2021-12");
    CHECK_STR(vl_doc_date_source(d), "header");
    CHECK_INT(strlen(vl_doc_id(d)), 16);
    vl_doc_free(d);
    r2.text = (const unsigned char *)"Texte.";
    r2.len = 6;
    CHECK_INT(vl_doc_new(ctx, &r2, &d, NULL), VL_OK);
    CHECK(vl_doc_date(d) == NULL);
    vl_doc_free(d);
    /* a given title that is a lead sentence's first words is no title; a
     * pronoun-like start that is a name ("Ilaria") is one */
    const char *lead[] = {"C’est ce qu’a rappelé mardi soir le ministre", "Il a reçu le ministre"};
    for (size_t i = 0; i < 2; i++) {
        vl_raw r3 = {.source = "z", .title = lead[i], .text = (const unsigned char *)"Texte.",
                     .len = 6};
        CHECK_INT(vl_doc_new(ctx, &r3, &d, NULL), VL_OK);
        CHECK(vl_doc_title(d) == NULL);
        vl_doc_free(d);
    }
    vl_raw r4 = {.source = "z", .title = "Ilaria reçoit le ministre",
                 .text = (const unsigned char *)"Texte.", .len = 6};
    CHECK_INT(vl_doc_new(ctx, &r4, &d, NULL), VL_OK);
    CHECK_STR(vl_doc_title(d), "Ilaria reçoit le ministre");
    vl_doc_free(d);
}

/* The token past a document's last, which passes read when they look one
 * ahead, is no word and holds no flag, however dirty the memory it takes:
 * a document analysed after a long one must not read what that one left. */
static void test_token_past_last(void)
{
    const char *first = "Le Comité central (CC) du Parti a tenu sa réunion à Hanoï, "
                        "le CC du Parti pour ses membres et les Commissions.\n";
    const char *second = "Le CC du Parti à\n";
    vl_doc *d;
    vl_raw raw = {.source = "a", .text = (const unsigned char *)first, .len = strlen(first)};
    CHECK_INT(vl_doc_new(ctx, &raw, &d, NULL), VL_OK);
    vl_doc_free(d);
    raw = (vl_raw){.source = "b", .text = (const unsigned char *)second, .len = strlen(second)};
    CHECK_INT(vl_doc_new(ctx, &raw, &d, NULL), VL_OK);
    const vl_toks *tk = &d->ex.tokens;
    CHECK(tk->n > 0);
    const vl_xtok *past = &tk->t[tk->n];
    CHECK_INT(past->kind, VL_TOK_PUNCT);
    CHECK_INT(past->flags, 0);
    CHECK_INT(past->flen, 0);
    CHECK_STR(past->fold, "");
    CHECK(past->sent > tk->t[tk->n - 1].sent);
    CHECK_INT(past->s, tk->t[tk->n - 1].e);
    vl_doc_free(d);
}

/* The record escapes what JSON must (quote, backslash, control bytes)
 * wherever it falls among the eight-byte runs copied at once. */
static void test_record_escape(void)
{
    const char *t = "Un texte.\n";
    vl_raw raw = {.source = "esc", .title = "Un \"plan\" assez long pour C:\\dossier\\et\tla "
                                            "suite\x01 sans rien d'autre \u00e0 \u00e9chapper\"",
                  .text = (const unsigned char *)t, .len = strlen(t)};
    vl_doc *d;
    CHECK_INT(vl_doc_new(ctx, &raw, &d, NULL), VL_OK);
    char *rec = vl_doc_record(d);
    CHECK(rec && strstr(rec, "\"title\":\"Un \\\"plan\\\" assez long pour C:\\\\dossier"
                             "\\\\et\\tla suite\\u0001 sans rien d'autre \u00e0 \u00e9chapper"
                             "\\\"\""));
    free(rec);
    vl_doc_free(d);
    /* every length to 20, a byte to escape at every place: the eight-byte
     * copies, the tail read again and the byte loop give one string */
    static const char esc[] = {'"', '\\', '\t', '\x02'};
    static const char *want_esc[] = {"\\\"", "\\\\", "\\t", "\\u0002"};
    for (size_t len = 1; len <= 20; len++)
        for (size_t at = 0; at < len; at++)
            for (size_t e = 0; e < 4; e++) {
                char title[32], want[64];
                size_t m = 0;
                for (size_t k = 0; k < len; k++) {
                    title[k] = k == at ? esc[e] : (char)('a' + k);
                    if (k == at) {
                        memcpy(want + m, want_esc[e], strlen(want_esc[e]));
                        m += strlen(want_esc[e]);
                    } else {
                        want[m++] = (char)('a' + k);
                    }
                }
                title[len] = 0;
                want[m] = 0;
                char key[96];
                snprintf(key, sizeof key, "\"title\":\"%s\"", want);
                raw.title = title;
                CHECK_INT(vl_doc_new(ctx, &raw, &d, NULL), VL_OK);
                rec = vl_doc_record(d);
                if (!rec || !strstr(rec, key)) {
                    fprintf(stderr, "  title of %zu bytes, escape %zu at %zu: no %s\n", len, e, at,
                            key);
                    check_failures++;
                }
                free(rec);
                vl_doc_free(d);
            }
}

/* Offices are remembered by title from one document to the next; the
 * holder's country is not part of what is remembered. */
static const char *office_of(const vl_doc *d, const char *key)
{
    for (size_t i = 0; i < d->ex.npersons; i++)
        if (!strcmp(d->ex.persons[i].key, key) && d->ex.persons[i].ntitles)
            return d->ex.persons[i].titles[0].office;
    return "(none)";
}

static void test_office_memo(void)
{
    const char *texts[] = {
        "Mardi, le ministre de la Défense Tran Quoc Binh a inauguré un hôpital de campagne.\n",
        "Mardi, le ministre de la Défense Peter Holloway a inauguré un hôpital de campagne.\n",
        "Mardi, le ministre de la Défense Tran Quoc Binh a inauguré un hôpital de campagne.\n",
    };
    const char *keys[] = {"tran quoc binh", "peter holloway", "tran quoc binh"};
    const char *want[] = {"ministre|defense|VN", "ministre|defense|", "ministre|defense|VN"};
    for (size_t k = 0; k < 3; k++) {
        vl_raw raw = {.source = "memo", .text = (const unsigned char *)texts[k],
                      .len = strlen(texts[k])};
        vl_doc *d;
        CHECK_INT(vl_doc_new(ctx, &raw, &d, NULL), VL_OK);
        CHECK_STR(office_of(d, keys[k]), want[k]);
        vl_doc_free(d);
    }
}

/* ------------------------------------------------------------ query */

static void translate_ok(const char *q, const char *want, int want_plain)
{
    vl_buf b;
    vl_buf_init(&b, 0);
    int plain = -1;
    vl_error e;
    vl_error_clear(&e);
    CHECK_INT(vl_query_translate(q, &b, &plain, &e), VL_OK);
    CHECK_STR(b.data ? (const char *)b.data : "", want);
    CHECK_INT(plain, want_plain);
    vl_buf_free(&b);
}

static void translate_bad(const char *q, const char *msg)
{
    vl_buf b;
    vl_buf_init(&b, 0);
    int plain = 0;
    vl_error e;
    vl_error_clear(&e);
    CHECK_INT(vl_query_translate(q, &b, &plain, &e), VL_EQUERY);
    if (!strstr(e.message, msg)) {
        fprintf(stderr, "  query '%s': message '%s' lacks '%s'\n", q, e.message, msg);
        check_failures++;
    }
    vl_buf_free(&b);
}

static void test_query_translate(void)
{
    translate_ok("hanoi", "\"hanoi\"", 0);
    translate_ok("tran luu quang", "\"tran\" OR \"luu\" OR \"quang\"", 1);
    translate_ok("\"vice-ministre de la défense\"", "\"vice-ministre de la défense\"", 0);
    translate_ok("minist* AND défense", "\"minist\" * AND \"défense\"", 0);
    translate_ok("a OR b NOT c", "\"a\" OR \"b\" NOT \"c\"", 0);
    translate_ok("(laos OR cambodge) \"accord\"", "(\"laos\" OR \"cambodge\") AND \"accord\"", 0);
    translate_ok("NEAR(a b)", "\"NEAR\" AND (\"a\" AND \"b\")", 0);
    translate_bad("\"unclosed", "unclosed quote");
    translate_bad("say\"s", "unclosed quote");
    translate_bad("AND", "found AND");
    translate_bad("(a OR", "end of query");
    translate_bad("a)", "unexpected ')'");
    translate_bad("NOT a", "found NOT");
    translate_bad("   ", "empty query");
    translate_bad("*", "'*' must follow");
    translate_bad("\"\"", "empty phrase");
    translate_bad("d\xe9" "fense", "not valid UTF-8 (byte 2)");
    translate_bad("ok \xe2\x80", "not valid UTF-8 (byte 4)");
}

/* ---------------------------------------------------- store, search */

static void add_text(vl_store *st, const char *text, const char *id, int want_added)
{
    vl_raw raw = {.source = id, .id = id, .text = (const unsigned char *)text,
                  .len = strlen(text)};
    vl_doc *d;
    int added = -1;
    CHECK_INT(vl_doc_new(ctx, &raw, &d, NULL), VL_OK);
    CHECK_INT(vl_store_add(st, d, &added, NULL), VL_OK);
    CHECK_INT(added, want_added);
    vl_doc_free(d);
}

/* Ids of the hits of q, space-separated, in rank order. */
static const char *hits(vl_store *st, const char *q, const char *from)
{
    static char out[512];
    vl_search_opts o = {.query = q, .from = from};
    vl_hits *h;
    vl_error e;
    vl_error_clear(&e);
    out[0] = 0;
    if (vl_search(st, &o, &h, &e) != VL_OK) {
        snprintf(out, sizeof out, "error: %.400s", e.message);
        return out;
    }
    for (size_t i = 0; i < vl_hits_count(h); i++) {
        if (i) strncat(out, " ", sizeof out - strlen(out) - 1);
        strncat(out, vl_hits_get(h, i)->id, sizeof out - strlen(out) - 1);
    }
    vl_hits_free(h);
    return out;
}

static void test_store_search(void)
{
    char path[] = "/tmp/veille-unit-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    vl_store *st;
    vl_error e;
    vl_error_clear(&e);
    CHECK_INT(vl_store_open(ctx, path, &st, &e), VL_OK);
    if (e.code) fprintf(stderr, "  %s\n", e.message);
    CHECK_INT(vl_store_begin(st, NULL), VL_OK);
    add_text(st, " date 2021-03 Hanoï (VNA) – Les ministres ont parlé d'intégration.", "a", 1);
    add_text(st, " date 2024-02 Le vice-ministre de la Défense Trần Lưu Quang en visite\n\n"
                 "Le vice-ministre de la Défense a signé la résolution 18-NQ/TW.", "b", 1);
    add_text(st, " date 2024-05 Défense et sécurité.\n\nLa défense nationale est forte.", "c", 1);
    add_text(st, " date 2021-03 Hanoï (VNA) – Les ministres ont parlé d'intégration.", "a2", 0);
    CHECK_INT(vl_store_commit(st, NULL), VL_OK);

    CHECK_STR(hits(st, "hanoi", NULL), "a");
    CHECK_STR(hits(st, "integration", NULL), "a");
    CHECK_STR(hits(st, "ministre", NULL), "b a");  /* title weighs more */
    CHECK_STR(hits(st, "tran luu quang", NULL), "b");
    CHECK_STR(hits(st, "\"vice-ministre de la défense\"", NULL), "b");
    CHECK_STR(hits(st, "\"de la defense vice\"", NULL), "");
    CHECK_STR(hits(st, "NQ", NULL), "b");
    CHECK_STR(hits(st, "18-NQ/TW", NULL), "b");
    CHECK_STR(hits(st, "minis*", NULL), "b a");
    CHECK_STR(hits(st, "defense NOT ministre", NULL), "c");
    CHECK_STR(hits(st, "defense", "2024-03"), "c");
    CHECK_STR(hits(st, "l'intégration", NULL), "a");
    /* plain words: all words first, then most */
    CHECK_STR(hits(st, "defense securite nationale", NULL), "c b");
    CHECK_STR(hits(st, "defense ministre xyzzy", NULL), "b c a"); /* c: title */

    vl_stats s;
    CHECK_INT(vl_store_stats(st, &s, NULL), VL_OK);
    CHECK_INT(s.documents, 3);
    CHECK_STR(s.first_date, "2021-03");
    CHECK_STR(s.last_date, "2024-05");

    vl_doc *d = NULL;
    CHECK_INT(vl_store_get(st, "b", &d, NULL), VL_OK);
    if (d) CHECK_STR(vl_doc_title(d), "Le vice-ministre de la Défense Trần Lưu Quang en visite");
    vl_doc_free(d);
    CHECK_INT(vl_store_get(st, "nothing", &d, NULL), VL_ENOTFOUND);

    vl_search_opts bad = {.query = "a", .from = "2024-13"};
    vl_hits *h;
    CHECK_INT(vl_search(st, &bad, &h, NULL), VL_EUSAGE);
    vl_store_close(st);

    /* reopening applies no migration twice and keeps the documents */
    CHECK_INT(vl_store_open(ctx, path, &st, NULL), VL_OK);
    CHECK_INT(vl_store_stats(st, &s, NULL), VL_OK);
    CHECK_INT(s.documents, 3);
    vl_store_close(st);
    unlink(path);
}

/* ------------------------------------------------------------- read */

typedef struct collected {
    char docs[1024];
    char skips[1024];
} collected;

static int collect_doc(void *user, const vl_raw *raw)
{
    collected *c = user;
    char one[256];
    snprintf(one, sizeof one, "%s[%s]%.*s;", raw->source, raw->id ? raw->id : "-",
             (int)(raw->len > 20 ? 20 : raw->len), (const char *)raw->text);
    strncat(c->docs, one, sizeof c->docs - strlen(c->docs) - 1);
    return 0;
}

static void collect_skip(void *user, const vl_error *why)
{
    collected *c = user;
    char one[256];
    snprintf(one, sizeof one, "%lld:%.200s;", (long long)why->line, why->message);
    strncat(c->skips, one, sizeof c->skips - strlen(c->skips) - 1);
}

static void test_read_jsonl(void)
{
    char dir[] = "/tmp/veille-unit-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[64];
    snprintf(path, sizeof path, "%s/in.jsonl", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0);
    const char *content = "{\"id\":\"x1\",\"text\":\"Premier\"}\n"
                          "pas du json\n"
                          "\n"
                          "{\"id\":7,\"title\":\"sans texte\"}\n"
                          "{\"text\":\"Dernier sans fin de ligne\"}";
    CHECK_INT(write(fd, content, strlen(content)), (long long)strlen(content));
    close(fd);
    collected c;
    memset(&c, 0, sizeof c);
    CHECK_INT(vl_read_path(ctx, path, 0, collect_doc, collect_skip, &c), VL_OK);
    char want[512];
    snprintf(want, sizeof want, "%s:1[x1]Premier;%s:5[-]Dernier sans fin de ;", path, path);
    CHECK_STR(c.docs, want);
    CHECK(strstr(c.skips, "2:not JSON") != NULL);
    CHECK(strstr(c.skips, "4:no \"text\" string") != NULL);
    unlink(path);
    rmdir(dir);
}

/* A word list kept as hashes: tags of two lists ORed, capitals and
 * apostrophes left out, CRLF and a last line without '\n' read, the
 * table grown past its first size with every word still found. */
static void test_wordset(void)
{
    char dir[] = "/tmp/veille-unit-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char fr[64], en[64];
    snprintf(fr, sizeof fr, "%s/fr", dir);
    snprintf(en, sizeof en, "%s/en", dir);
    FILE *f = fopen(fr, "w");
    CHECK(f != NULL);
    fputs("port\r\nAustin\naujourd'hui\n\nfleuve\nmarché", f);
    fclose(f);
    f = fopen(en, "w");
    CHECK(f != NULL);
    for (int i = 0; i < 3000; i++) fprintf(f, "w%d\n", i); /* more than the first table holds */
    fputs("port\n", f);
    fclose(f);
    vl_wordset ws = {0};
    CHECK_INT(vl_wordset_load(&ws, fr, 1), 3);
    size_t first = ws.nslots;
    CHECK_INT(vl_wordset_load(&ws, en, 2), 3001);
    CHECK(ws.nslots > first);
    CHECK_INT(ws.count, 3003);
#define TAGS(w) vl_wordset_tags(&ws, vl_hash_bytes(w, strlen(w)))
    CHECK_INT(TAGS("port"), 3);
    CHECK_INT(TAGS("fleuve"), 1);
    CHECK_INT(TAGS("marché"), 1);
    CHECK_INT(TAGS("w0"), 2);
    CHECK_INT(TAGS("w2999"), 2);
    CHECK_INT(TAGS("Austin"), 0);
    CHECK_INT(TAGS("austin"), 0);
    CHECK_INT(TAGS("aujourd'hui"), 0);
    CHECK_INT(TAGS("w3000"), 0);
    CHECK_INT(TAGS(""), 0);
#undef TAGS
    CHECK_INT(vl_wordset_load(&ws, "/nonexistent-veille/words", 1), 0);
    CHECK_INT(vl_wordset_load(&ws, fr, 0), 0); /* no tags: refused */
    vl_wordset_free(&ws);
    CHECK(ws.slots == NULL && ws.count == 0);
    unlink(fr);
    unlink(en);
    rmdir(dir);
}

/* -------------------------------------------------------------- misc */

static void test_buf_cap(void)
{
    vl_buf b;
    vl_buf_init(&b, 10);
    CHECK_INT(vl_buf_add(&b, "0123456789", 10), VL_OK);
    CHECK_INT(vl_buf_addc(&b, 'x'), VL_ELIMIT);
    CHECK_INT(b.len, 10);
    vl_buf_free(&b);
    /* room made ahead is still an empty, NUL-terminated string */
    vl_buf_init(&b, 0);
    CHECK_INT(vl_buf_reserve(&b, 1000), VL_OK);
    CHECK(b.data != NULL && b.data[0] == 0 && b.len == 0 && b.cap >= 1001);
    vl_buf_free(&b);
}

/* An upper bound given back: a chunk of its own shrinks, the last
 * allocation of a shared chunk too, anything else stays; data is kept. */
static void test_arena_trim(void)
{
    vl_arena a = {0};
    char *small = vl_arena_alloc(&a, 100);
    memset(small, 's', 100);
    char *big = vl_arena_alloc(&a, 100000);
    memset(big, 'b', 100000);
    char *last = vl_arena_alloc(&a, 1000);
    memset(last, 'l', 1000);
    CHECK_INT(a.total, 101100);
    big = vl_arena_trim(&a, big, 100000, 10);
    CHECK_INT(a.total, 1110);
    CHECK(big[0] == 'b' && big[9] == 'b');
    last = vl_arena_trim(&a, last, 1000, 10);
    CHECK_INT(a.total, 120);
    char *next = vl_arena_alloc_bytes(&a, 5); /* where the last one's rest was */
    CHECK(next == last + 10);
    CHECK(vl_arena_trim(&a, small, 100, 1) == small); /* not the last: kept whole */
    CHECK_INT(a.total, 125);
    CHECK(small[99] == 's' && last[9] == 'l');
    vl_arena_free(&a);
}

static void test_dates(void)
{
    CHECK(vl_date_valid("2024"));
    CHECK(vl_date_valid("2024-01"));
    CHECK(vl_date_valid("2024-01-31"));
    CHECK(!vl_date_valid("2024-1"));
    CHECK(!vl_date_valid("2024-00"));
    CHECK(!vl_date_valid("2024-01-32"));
    CHECK(!vl_date_valid("24-01"));
    CHECK(!vl_date_valid("2024-01-01x"));
    /* days of the calendar: leap years by the Gregorian rule */
    CHECK(!vl_date_valid("2023-02-30"));
    CHECK(!vl_date_valid("2023-02-29"));
    CHECK(vl_date_valid("2024-02-29"));
    CHECK(vl_date_valid("2000-02-29"));
    CHECK(!vl_date_valid("1900-02-29"));
    CHECK(!vl_date_valid("2024-04-31"));
    CHECK(vl_date_valid("2024-12-31"));
}

static void test_lexicon_error(void)
{
    vl_options o = {.data_dir = "/nonexistent-veille"};
    vl_ctx *c = NULL;
    vl_error e;
    vl_error_clear(&e);
    CHECK_INT(vl_ctx_new(&o, &c, &e), VL_EDATA);
    CHECK(c == NULL);
    CHECK(strstr(e.message, "elisions.txt") != NULL);
}

/* ------------------------------------------------------------ runner */

void test_eval(void);
void test_rank(void);
void test_facts(void);
void test_tape(void);
void test_tenure(void);

typedef struct test {
    const char *name;
    void (*fn)(void);
} test;

static const test tests[] = {
    {"fold", test_fold},
    {"wordset", test_wordset},
    {"norm_check", test_norm_check},
    {"norm_view", test_norm_view},
    {"tokenize", test_tokenize},
    {"tokenize_class", test_tokenize_class},
    {"tokenize_fast_path", test_tokenize_fast_path},
    {"structure_spec", test_structure_spec},
    {"doc_metadata", test_doc_metadata},
    {"token_past_last", test_token_past_last},
    {"record_escape", test_record_escape},
    {"office_memo", test_office_memo},
    {"query_translate", test_query_translate},
    {"store_search", test_store_search},
    {"read_jsonl", test_read_jsonl},
    {"buf_cap", test_buf_cap},
    {"arena_trim", test_arena_trim},
    {"dates", test_dates},
    {"lexicon_error", test_lexicon_error},
    {"eval", test_eval},
    {"rank", test_rank},
    {"facts", test_facts},
    {"tape", test_tape},
    {"tenure", test_tenure},
};

int main(int argc, char **argv)
{
    vl_error e;
    vl_error_clear(&e);
    if (vl_ctx_new(NULL, &ctx, &e) != VL_OK) {
        fprintf(stderr, "cannot load lexicons: %s\n", e.message);
        printf("0 passed, 1 failed\n");
        return 1;
    }
    int passed = 0, failed = 0;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        if (argc > 1 && strcmp(argv[1], tests[i].name) != 0) continue;
        check_failures = 0;
        tests[i].fn();
        if (check_failures) {
            printf("FAIL %s (%d checks)\n", tests[i].name, check_failures);
            failed++;
        } else {
            printf("ok   %s\n", tests[i].name);
            passed++;
        }
    }
    fold(""); /* leaves its static buffer allocated; free it for valgrind */
    vl_ctx_free(ctx);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
