/*
 * structure.c — headers, headlines, datelines, captions, related lines,
 * signatures and paragraphs of a dispatch.
 *
 * Works line by line on the analysis view (where dashes and quotes are
 * already unified), then maps every block back to original offsets.
 */
#include "structure.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fold.h"
#include "lexicon.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int vl_structure_date_len(const char *s, size_t n)
{
    if (n < 4 || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2]) || !is_digit(s[3]))
        return 0;
    if (n == 4) return 4;
    if (n < 7 || s[4] != '-' || !is_digit(s[5]) || !is_digit(s[6])) return 0;
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    if (month < 1 || month > 12) return 0;
    if (n == 7) return 7;
    if (n != 10 || s[7] != '-' || !is_digit(s[8]) || !is_digit(s[9])) return 0;
    int day = (s[8] - '0') * 10 + (s[9] - '0');
    int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (day < 1 || day > days[month - 1] + (month == 2 && leap)) return 0; /* 2023-02-30 */
    return 10;
}

/* Length of the date at s (up to n bytes) that is followed by a non-digit:
 * 10 or 7, else 0. */
static size_t date_at(const char *s, size_t n)
{
    if (n >= 10 && vl_structure_date_len(s, 10) == 10 && (n == 10 || !is_digit(s[10])) &&
        (n == 10 || s[10] != '-'))
        return 10;
    if (n >= 7 && vl_structure_date_len(s, 7) == 7 && (n == 7 || !is_digit(s[7])) &&
        (n == 7 || s[7] != '-'))
        return 7;
    return 0;
}

typedef struct line {
    size_t s, e; /* view offsets, trimmed */
} line;

typedef struct builder {
    vl_arena *arena;
    const vl_view *view;
    vl_block *blocks;
    vl_vrange *vblocks;
    size_t n, cap;
} builder;

static void add_block(builder *b, vl_block_kind kind, size_t vs, size_t ve)
{
    while (ve > vs && is_space(b->view->text[ve - 1])) ve--;
    while (vs < ve && is_space(b->view->text[vs])) vs++;
    if (ve <= vs) return;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 32;
        vl_block *nb = vl_arena_alloc(b->arena, cap * sizeof *nb);
        vl_vrange *nv = vl_arena_alloc(b->arena, cap * sizeof *nv);
        if (b->n) {
            memcpy(nb, b->blocks, b->n * sizeof *nb);
            memcpy(nv, b->vblocks, b->n * sizeof *nv);
        }
        b->blocks = nb;
        b->vblocks = nv;
        b->cap = cap;
    }
    b->vblocks[b->n].s = vs;
    b->vblocks[b->n].e = ve;
    b->blocks[b->n].kind = kind;
    b->blocks[b->n].start = (uint32_t)vl_view_orig(b->view, vs);
    b->blocks[b->n].end = (uint32_t)vl_view_orig(b->view, ve);
    b->n++;
}

/* Case-insensitive ASCII comparison of s[0:n] with the lower-case word w. */
static int ascii_ieq(const char *s, size_t n, const char *w)
{
    size_t m = strlen(w);
    if (n != m) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c != w[i]) return 0;
    }
    return 1;
}

/* Whether v[s:e] is an agency name: one from the lexicon, or several joined
 * by '/' ("VNA/CVN"). */
static int is_agency(const vl_lexicon *ag, const char *v, size_t s, size_t e)
{
    if (e <= s) return 0;
    if (vl_lexicon_has(ag, v + s, e - s)) return 1;
    for (size_t i = s; i < e; i++)
        if (v[i] == '/') return is_agency(ag, v, s, i) && is_agency(ag, v, i + 1, e);
    return 0;
}

/* If the line ends with a photo credit ("Photo : VNA", "(Photo: VNA/CVN)",
 * "Photo d'archives : AFP"), returns 1. */
static int is_caption(const char *v, line l)
{
    size_t n = l.e - l.s;
    const char *s = v + l.s;
    /* a web page's image caption, its separator left at the end:
     * "Le ministre X (gauche) et son homologue Y. |" */
    if (n >= 2 && s[n - 1] == '|' && (s[n - 2] == ' ' || s[n - 2] == '.')) return 1;
    /* Look for the last "Photo" within the final 100 bytes. */
    size_t from = n > 100 ? n - 100 : 0;
    for (size_t i = n >= 5 ? n - 5 + 1 : 0; i-- > from;) {
        if (!ascii_ieq(s + i, 5, "photo")) continue;
        if (i > 0 && ((s[i - 1] >= 'a' && s[i - 1] <= 'z') || (s[i - 1] >= 'A' && s[i - 1] <= 'Z')))
            continue;
        /* a colon within 30 bytes, then a short credit to the end */
        size_t j = i + 5;
        size_t lim = j + 30 < n ? j + 30 : n;
        while (j < lim && s[j] != ':') j++;
        if (j >= lim) continue;
        size_t credit = n - (j + 1);
        if (credit >= 1 && credit <= 60) return 1;
    }
    return 0;
}

/* A headline: not too long, no final sentence punctuation, at least two
 * words, starts with a letter or a digit or a quote. */
static int looks_like_headline(const char *v, line l, size_t max)
{
    size_t n = l.e - l.s;
    if (n < 8 || n > max) return 0;
    char last = v[l.e - 1];
    if (last == '.' || last == ':' || last == ',' || last == ';') return 0;
    /* "..." ends many a paragraph; "…" is three bytes ending in 0xA6 */
    if (n >= 3 && (unsigned char)v[l.e - 1] == 0xA6 && (unsigned char)v[l.e - 2] == 0x80)
        return 0;
    int spaces = 0;
    for (size_t i = l.s; i < l.e; i++) spaces += v[i] == ' ';
    return spaces >= 1;
}

/* A dateline at the start of the line: up to 60 bytes of place (and maybe
 * a date) starting with an upper-case letter, then "(AGENCY)", then an
 * optional dash or colon. Returns the view offset just past it, or 0. */
static size_t dateline_end(const char *v, line l, const vl_lexicon *ag)
{
    const unsigned char *u = (const unsigned char *)v;
    if (!((u[l.s] >= 'A' && u[l.s] <= 'Z') || u[l.s] >= 0xC3)) return 0;
    size_t lim = l.s + 80 < l.e ? l.s + 80 : l.e;
    for (size_t i = l.s + 1; i < lim; i++) {
        if (v[i] == '.' || v[i] == '"') return 0;
        if (v[i] != '(') continue;
        size_t j = i + 1;
        while (j < l.e && v[j] != ')' && j - i < 24) j++;
        if (j >= l.e || v[j] != ')' || !is_agency(ag, v, i + 1, j)) return 0;
        j++;
        while (j < l.e && is_space(v[j])) j++;
        if (j < l.e && (v[j] == '-' || v[j] == ':')) {
            j++;
            while (j < l.e && is_space(v[j])) j++;
        }
        return j;
    }
    return 0;
}

/* Length of a signature glued at the end of the line ("... - VNA",
 * "...-VNA", "VNA/CVN" alone), counted from its dash or from the start of
 * the line; 0 if none. *alone is set when the whole line is a signature. */
static size_t signature_len(const char *v, line l, const vl_lexicon *ag, int *alone)
{
    size_t e = l.e;
    while (e > l.s && (v[e - 1] == '.' || is_space(v[e - 1]))) e--;
    size_t s = e;
    while (s > l.s && v[s - 1] != ' ' && v[s - 1] != '-' && v[s - 1] != '.' &&
           v[s - 1] != '"' && v[s - 1] != '(')
        s--;
    if (!is_agency(ag, v, s, e)) return 0;
    size_t b = s;
    while (b > l.s && is_space(v[b - 1])) b--;
    *alone = 0;
    if (b == l.s) {
        *alone = 1;
        return l.e - l.s;
    }
    if (v[b - 1] != '-') return 0;
    b--;
    while (b > l.s && v[b - 1] == '-') b--;
    /* "- - VNA" or a whole line of dashes and the agency */
    size_t k = b;
    while (k > l.s && is_space(v[k - 1])) k--;
    if (k == l.s) *alone = 1;
    return l.e - b;
}

/* A publication stamp: a numeric date "30/12/2019" or "2024-09-25"
 * followed by a time ("22:32"), or alone with a few words on a short line
 * ("Date de publication : 15/03/2026", "Báo Dân trí 30/11/2024"), within
 * the first STAMP_BYTES of the text: what a web page prints of its own
 * date. Writes "YYYY-MM-DD" into out; returns 1 when found. */
enum { STAMP_BYTES = 1500, STAMP_LINE = 80 };

static int digits(const char *v, size_t n, size_t i, size_t k)
{
    if (i + k > n) return 0;
    for (size_t j = 0; j < k; j++)
        if (!is_digit(v[i + j])) return 0;
    return 1;
}

static int num(const char *v, size_t i, size_t k)
{
    int x = 0;
    for (size_t j = 0; j < k; j++) x = x * 10 + (v[i + j] - '0');
    return x;
}

static int stamp_at(const char *v, size_t ls, size_t le, size_t i, char out[11])
{
    int y = 0, m = 0, d = 0;
    size_t e = 0;
    if (i > ls && ((v[i - 1] >= '0' && v[i - 1] <= '9') || v[i - 1] == '/' || v[i - 1] == '-'))
        return 0;
    if (i + 10 <= le && vl_structure_date_len(v + i, 10) == 10) {
        y = num(v, i, 4), m = num(v, i + 5, 2), d = num(v, i + 8, 2), e = i + 10;
    } else {
        size_t a = digits(v, le, i, 2) ? 2 : digits(v, le, i, 1) ? 1 : 0;
        if (!a || i + a >= le || v[i + a] != '/') return 0;
        size_t b = i + a + 1, bl = digits(v, le, b, 2) ? 2 : digits(v, le, b, 1) ? 1 : 0;
        if (!bl || b + bl >= le || v[b + bl] != '/' || !digits(v, le, b + bl + 1, 4)) return 0;
        d = num(v, i, a), m = num(v, b, bl), y = num(v, b + bl + 1, 4), e = b + bl + 5;
    }
    if (e < le && is_digit(v[e])) return 0;
    if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return 0;
    size_t t = e;
    while (t < le && (is_space(v[t]) || v[t] == 'T' || v[t] == ',')) t++;
    int timed = digits(v, le, t, 2) && t + 5 <= le && v[t + 2] == ':' && digits(v, le, t + 3, 2);
    if (!timed && le - ls > STAMP_LINE) return 0;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return 1;
}

static void find_stamp(const char *v, size_t n, char out[11])
{
    size_t end = n < STAMP_BYTES ? n : STAMP_BYTES;
    for (size_t ls = 0; ls < end;) {
        const char *nl = memchr(v + ls, '\n', n - ls);
        size_t le = nl ? (size_t)(nl - v) : n;
        for (size_t i = ls; i < le && i < end; i++)
            if (is_digit(v[i]) && stamp_at(v, ls, le, i, out)) return;
        ls = le + 1;
    }
}

/* A footer after the signature: at most FOOTER_LINES lines (the signature
 * included) of at most FOOTER_LINE bytes. */
enum { FOOTER_LINES = 12, FOOTER_LINE = 120 };

int vl_structure_lead(const vl_structure_words *w, const char *s, size_t n)
{
    if (!w->lead || !w->fold || !w->lead->nslots) return 0;
    /* the first words, folded, one space between them, tried at every end
     * of a word: "c'est", "c'est ce", "c'est ce qu" */
    char f[96], t[64];
    size_t tn = 0, i = 0;
    /* a title given with the document is not the view: ’ is ' here too */
    for (; i < n && tn < sizeof t; i++) {
        if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] == 0x99) {
            t[tn++] = '\'';
            i += 2;
        } else {
            t[tn++] = s[i];
        }
    }
    if (i < n) { /* cut: no code point in halves */
        while (tn && ((unsigned char)t[tn - 1] & 0xC0) == 0x80) tn--;
        if (tn && (unsigned char)t[tn - 1] >= 0xC0) tn--;
    }
    vl_buf b;
    vl_buf_init(&b, 0);
    vl_fold_str(w->fold, t, tn, &b);
    size_t m = 0;
    int found = 0, space = 0;
    for (size_t k = 0; k < b.len && m + 1 < sizeof f && !found; k++) {
        char c = (char)b.data[k];
        int sep = c == ' ' || c == '\t' || c == '\n';
        if (sep) {
            if (m && !space) found = vl_lexicon_has(w->lead, f, m);
            space = 1;
            continue;
        }
        if (space && m) f[m++] = ' ';
        space = 0;
        f[m++] = c;
        if (c == '\'' && m > 1) found = vl_lexicon_has(w->lead, f, m - 1); /* "qu'a" */
    }
    if (!found && m && m + 1 < sizeof f) found = vl_lexicon_has(w->lead, f, m);
    vl_buf_free(&b);
    return found;
}

void vl_structure_parse(vl_arena *arena, const vl_view *view, const vl_structure_words *w,
                        vl_structure *out)
{
    const vl_lexicon *agencies = w->agencies;
    const char *v = view->text;
    size_t n = view->len, pos = 0;
    builder b = {arena, view, NULL, NULL, 0, 0};
    memset(out, 0, sizeof *out);

    /* Header: " date YYYY-MM[-DD]" at the very start. */
    while (pos < n && (is_space(v[pos]) || v[pos] == '\n')) pos++;
    if (n - pos >= 4 && memcmp(v + pos, "date", 4) == 0) {
        size_t d = pos + 4;
        while (d < n && is_space(v[d])) d++;
        size_t dl = date_at(v + d, n - d);
        if (d > pos + 4 && dl) {
            memcpy(out->header_date, v + d, dl);
            out->header_date[dl] = 0;
            add_block(&b, VL_BLOCK_HEADER, 0, d + dl);
            pos = d + dl;
        }
    }

    if (!out->header_date[0]) find_stamp(v, n, out->stamp_date);

    /* Lines of the rest. */
    size_t nlines = 0, lcap = 64;
    line *lines = vl_malloc(lcap * sizeof *lines);
    while (pos < n) {
        const char *nl = memchr(v + pos, '\n', n - pos);
        size_t e = nl ? (size_t)(nl - v) : n;
        line l = {pos, e};
        while (l.s < l.e && is_space(v[l.s])) l.s++;
        while (l.e > l.s && is_space(v[l.e - 1])) l.e--;
        if (l.e > l.s) {
            lines = vl_grow(lines, &lcap, nlines + 1, sizeof *lines);
            lines[nlines++] = l;
        }
        pos = e + 1;
    }

    int seen_body = 0; /* a paragraph or dateline was emitted */
    for (size_t i = 0; i < nlines; i++) {
        line l = lines[i];
        int last = i + 1 == nlines;
        if (l.e - l.s >= 2 && v[l.s] == '>' && v[l.s + 1] == '>') {
            add_block(&b, VL_BLOCK_RELATED, l.s, l.e);
            continue;
        }
        int alone = 0;
        size_t sig = last ? signature_len(v, l, agencies, &alone) : 0;
        if (sig && alone) {
            add_block(&b, VL_BLOCK_SIGNATURE, l.s, l.e);
            continue;
        }
        /* "VNA/CVN" alone, then a web page's footer ("Rédactrice en chef :
         * ...", "Adresse : ...", "back to top"): a few short lines, the
         * agency's, not the dispatch's */
        if (!last && seen_body && nlines - i <= FOOTER_LINES) {
            int alone2 = 0;
            size_t j = i + 1;
            while (j < nlines && lines[j].e - lines[j].s <= FOOTER_LINE) j++;
            if (j == nlines && signature_len(v, l, agencies, &alone2) && alone2) {
                for (; i < nlines; i++) add_block(&b, VL_BLOCK_SIGNATURE, lines[i].s, lines[i].e);
                break;
            }
        }
        if (is_caption(v, l)) {
            add_block(&b, VL_BLOCK_CAPTION, l.s, l.e);
            continue;
        }
        if (!seen_body) {
            size_t de = dateline_end(v, l, agencies);
            if (de) {
                add_block(&b, VL_BLOCK_DATELINE, l.s, de);
                l.s = de;
                seen_body = 1;
            } else if (!out->has_title && i + 1 < nlines && looks_like_headline(v, l, 250) &&
                       !vl_structure_lead(w, v + l.s, l.e - l.s)) {
                add_block(&b, VL_BLOCK_TITLE, l.s, l.e);
                out->has_title = 1;
                continue;
            }
        }
        /* the signature was measured on the whole line: a dateline may
         * have taken its start since ("é(VNA)-VNA") */
        if (sig > l.e - l.s) sig = l.e - l.s;
        if (sig) {
            if (l.e - sig > l.s) add_block(&b, VL_BLOCK_PARAGRAPH, l.s, l.e - sig);
            add_block(&b, VL_BLOCK_SIGNATURE, l.e - sig, l.e);
            seen_body = 1;
            continue;
        }
        if (seen_body && i + 1 < nlines && looks_like_headline(v, l, 120) &&
            ((unsigned char)v[l.s] >= 0xC3 || (v[l.s] >= 'A' && v[l.s] <= 'Z'))) {
            add_block(&b, VL_BLOCK_HEADING, l.s, l.e);
            continue;
        }
        add_block(&b, VL_BLOCK_PARAGRAPH, l.s, l.e);
        seen_body = 1;
    }
    free(lines);
    out->blocks = b.blocks;
    out->vblocks = b.vblocks;
    out->nblocks = b.n;
}
