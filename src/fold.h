/*
 * fold.h — folding for matching (normalize stage).
 *
 * The folded form of a text is what search, keys and scoring compare:
 * lower case, diacritics removed (letters with two marks too: ề -> e),
 * đ/Đ -> d, ligatures spelt out (œ -> oe), compatibility forms decomposed.
 * The table covers U+0000..U+1FFF (Latin, Vietnamese, Greek, Cyrillic) and is
 * built once; other code points go through utf8proc each time.
 */
#ifndef VL_FOLD_H
#define VL_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum { VL_FOLD_TABLE_SIZE = 0x2000 };

enum {
    VL_CP_WORD = 1,      /* a letter, mark or digit: part of words */
    VL_CP_NFC_STABLE = 2, /* alone, already in NFC */
    VL_CP_UPPER = 4       /* upper or title case */
};

typedef struct vl_fold_table {
    /* entry[cp][0] = length of the folded UTF-8 (0..7), then the bytes */
    unsigned char entry[VL_FOLD_TABLE_SIZE][8];
    unsigned char flags[VL_FOLD_TABLE_SIZE]; /* VL_CP_* */
} vl_fold_table;

/* Fills the table; is_word and nfc_stable give the flags (they live in the
 * modules that define them: tokenize and normalize). */
void vl_fold_table_init(vl_fold_table *t, int (*is_word)(int32_t), int (*nfc_stable)(int32_t));

/* Folds one code point into out (at most 16 bytes); returns the length. */
size_t vl_fold_cp(const vl_fold_table *t, int32_t cp, unsigned char out[16]);

/* Writes the folded form of one word, valid UTF-8 s[0:n], into out (at most
 * cap bytes, whole code points only; no NUL; bytes past the length, within
 * cap, may be written too); returns the length. The word loop of search
 * terms and extraction tokens. */
size_t vl_fold_word(const vl_fold_table *t, const char *s, size_t n, char *out, size_t cap);

/* Whether the folded word w[0:n] writes an ordinal: "13e", "13eme", "1er",
 * "xiiie". */
int vl_fold_ordinal(const char *w, size_t n);

/* Appends the folded form of valid UTF-8 s[0:n] to out, spaces collapsed to
 * one and trimmed. Errors: VL_ELIMIT from out's cap. */
vl_status vl_fold_str(const vl_fold_table *t, const char *s, size_t n, vl_buf *out);

/* The folded words of string s, split at spaces and apostrophes (a hyphen
 * keeps "vice-président" one word): written into buf (cap bytes, cut
 * there), pointers in w (at most max); returns how many. For comparing
 * titles' words. */
size_t vl_fold_words(const vl_fold_table *t, const char *s, const char **w, size_t max, char *buf,
                     size_t cap);
/* Whether every word of a[0:na] is one of b[0:nb]. */
int vl_words_within(const char *const *a, size_t na, const char *const *b, size_t nb);

/* Decodes one code point of valid UTF-8 at s (n > 0 bytes left); returns its
 * length in bytes. Invalid input yields U+FFFD and length 1. Inline: every
 * stage calls it per character. */
size_t vl_utf8_decode_slow(const unsigned char *s, size_t n, int32_t *cp);

static inline size_t vl_utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xE0) == 0xC0 && n >= 2 && (s[1] & 0xC0) == 0x80 && s[0] >= 0xC2) {
        *cp = (int32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
        return 2;
    }
    /* three bytes (Vietnamese letters, typographic quotes), neither
     * overlong nor a surrogate */
    if ((s[0] & 0xF0) == 0xE0 && n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        int32_t c = (int32_t)(s[0] & 0x0F) << 12 | (int32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
        if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
            *cp = c;
            return 3;
        }
    }
    return vl_utf8_decode_slow(s, n, cp);
}

#endif
