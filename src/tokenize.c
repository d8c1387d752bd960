/*
 * tokenize.c — French word segmentation.
 */
#include "tokenize.h"

#include <utf8proc.h>

void vl_tok_init(vl_tokenizer *t, const char *text, size_t n, const vl_lexicon *elisions,
                 const vl_fold_table *fold)
{
    t->p = (const unsigned char *)text;
    t->n = n;
    t->pos = 0;
    t->elisions = elisions;
    t->fold = fold;
    t->readable = n;
    t->after_word = 0;
    t->emit_punct = 0;
}

/* Per byte: VL_TC_LETTER (ASCII letter), VL_TC_DIGIT, VL_TC_PUNCT
 * (printable ASCII that is a token of its own: no letter, digit, hyphen or
 * apostrophe), VL_TC_END (ASCII that ends a word and joins it to nothing:
 * no digit, hyphen, slash or apostrophe). Written out by a script; the
 * unit test tokenize_class checks it against those definitions. */
const uint8_t vl_tok_class[256] = {
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 12, 12, 12, 12, 12, 12, 0, 12, 12, 12, 12, 12, 0, 12, 4,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 12, 12, 12, 12, 12, 12,
    12, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
    9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 12, 12, 12, 12, 12,
    12, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
    9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 12, 12, 12, 12, 8,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

int vl_tok_is_word_cp(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               (cp >= '0' && cp <= '9');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
        return 1;
    default:
        return 0;
    }
}

static int is_digit(int32_t cp)
{
    return cp >= '0' && cp <= '9';
}

static int is_apostrophe(int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

static int is_space(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0 ||
           cp == 0x202F || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x3000 || cp == 0xFEFF;
}

static int is_hyphen(int32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

/* Whether cp is part of words, through the table when it can. */
static inline int word_cp(const vl_tokenizer *t, int32_t cp)
{
    return vl_tok_word_cp(t, cp);
}

/* Decodes the code point at i (i < n). */
static size_t at(const vl_tokenizer *t, size_t i, int32_t *cp)
{
    return vl_utf8_decode(t->p + i, t->n - i, cp);
}

/* Scans a run of word code points from i; returns its end; *digits is set
 * when the run holds a digit. */
static size_t scan_run(const vl_tokenizer *t, size_t i, int *digits)
{
    while (i < t->n) {
        /* ASCII letters and digits, the bulk of French text, without
         * decoding */
        unsigned char c = t->p[i];
        if (c < 0x80) {
            /* letters in a tight loop, digits noted */
            i = vl_tok_letters(t, i);
            if (i < t->n && (unsigned char)(t->p[i] - '0') < 10) {
                *digits = 1;
                i++;
                continue;
            }
            if (i < t->n && t->p[i] >= 0x80) continue;
            break;
        }
        int32_t cp;
        size_t k = at(t, i, &cp);
        if (!word_cp(t, cp)) break;
        if (is_digit(cp)) *digits = 1;
        i += k;
    }
    return i;
}

int vl_tok_is_elision(const vl_tokenizer *t, size_t s, size_t e)
{
    if (!t->elisions || e - s > 16) return 0;
    unsigned char f[64];
    size_t m = 0;
    for (size_t i = s; i < e;) {
        int32_t cp;
        i += at(t, i, &cp);
        unsigned char one[16];
        size_t k = vl_fold_cp(t->fold, cp, one);
        if (m + k > sizeof f) return 0;
        for (size_t j = 0; j < k; j++) f[m++] = one[j];
    }
    return vl_lexicon_has(t->elisions, (const char *)f, m);
}

int vl_tok_next_slow(vl_tokenizer *t, vl_token *tok)
{
    size_t i = t->pos;
    /* Skip separators, remembering a hyphen right before the token. */
    int hyphen = 0;
    size_t seps = 0;
    while (i < t->n) {
        /* a plain space, the usual separator: nothing else to ask */
        if (t->p[i] == ' ') {
            hyphen = 0;
            seps++;
            i++;
            continue;
        }
        int32_t cp;
        size_t k = at(t, i, &cp);
        if (word_cp(t, cp)) break;
        if (t->emit_punct && !is_space(cp)) {
            /* A hyphen or apostrophe between two words joins them and is
             * no token of its own. */
            int32_t nx = 0;
            if (i + k < t->n) at(t, i + k, &nx);
            int joiner = seps == 0 && t->after_word && (is_hyphen(cp) || is_apostrophe(cp)) &&
                         i + k < t->n && word_cp(t, nx);
            if (!joiner) {
                tok->start = i;
                tok->end = i + k;
                tok->kind = VL_TOK_PUNCT;
                tok->flags = 0;
                t->pos = i + k;
                t->after_word = 0;
                return 1;
            }
        }
        hyphen = seps == 0 && is_hyphen(cp) && t->after_word;
        seps++;
        i += k;
    }
    if (seps != 1) hyphen = 0;
    if (i >= t->n) {
        t->pos = t->n;
        return 0;
    }
    size_t start = i;
    int digits = 0;
    size_t end = scan_run(t, i, &digits);

    /* A code: runs joined by - / . , where any run has a digit. Joined only
     * when a word character follows the connector directly. */
    size_t e = end;
    int joined = 0, any_digit = digits;
    while (e < t->n) {
        int32_t c;
        size_t k = at(t, e, &c);
        if (!(c == '-' || c == '/' || c == '.' || c == ',')) break;
        if (e + k >= t->n) break;
        int32_t nx;
        at(t, e + k, &nx);
        if (!word_cp(t, nx)) break;
        /* "2,5" and "1.500" join digits; letters join only with - or /. */
        if ((c == '.' || c == ',') && !(any_digit && is_digit(nx))) break;
        int d2 = 0;
        size_t e2 = scan_run(t, e + k, &d2);
        if (!any_digit && !d2) break; /* plain hyphenated words split */
        any_digit |= d2;
        e = e2;
        joined = 1;
    }

    int32_t first;
    at(t, start, &first);
    tok->start = start;
    tok->flags = 0;
    if (hyphen) tok->flags |= VL_TOKF_HYPHEN;
    if (first < VL_FOLD_TABLE_SIZE ? (t->fold->flags[first] & VL_CP_UPPER)
                                   : (utf8proc_isupper(first) ||
                                      utf8proc_category(first) == UTF8PROC_CATEGORY_LT))
        tok->flags |= VL_TOKF_UPPER;

    if (any_digit && (joined || digits)) {
        int letters = 0;
        for (size_t j = start; j < (joined ? e : end);) {
            int32_t c;
            j += at(t, j, &c);
            if (word_cp(t, c) && !is_digit(c)) letters = 1;
        }
        tok->end = joined ? e : end;
        tok->kind = letters ? VL_TOK_CODE : VL_TOK_NUMBER;
    } else {
        tok->end = end;
        tok->kind = VL_TOK_WORD;
        /* Elision: the word is followed by an apostrophe and a letter. */
        if (end < t->n) {
            int32_t c;
            size_t k = at(t, end, &c);
            if (is_apostrophe(c) && end + k < t->n) {
                int32_t nx;
                at(t, end + k, &nx);
                if (word_cp(t, nx) && vl_tok_is_elision(t, start, end))
                    tok->flags |= VL_TOKF_ELISION;
            }
        }
    }
    t->pos = tok->end;
    /* A lone hyphen right after this token joins the next one to it. */
    t->after_word = 1;
    return 1;
}
