/*
 * tokens.c — tokens with features, and sentence boundaries, for
 * extraction.
 */
#include "tokens.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "fold.h"
#include "swar.h"

static int is_upper_cp(const vl_fold_table *ft, int32_t cp)
{
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
    if (cp < VL_FOLD_TABLE_SIZE) return (ft->flags[cp] & VL_CP_UPPER) != 0;
    return utf8proc_isupper(cp) || utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}

/* Whether every letter of v[s:e] is a capital, with at least two letters. */
static int all_caps(const vl_fold_table *ft, const char *v, size_t s, size_t e)
{
    size_t letters = 0;
    for (size_t i = s; i < e;) {
        int32_t cp;
        i += vl_utf8_decode((const unsigned char *)v + i, e - i, &cp);
        if (cp >= '0' && cp <= '9') continue;
        if (!is_upper_cp(ft, cp)) return 0;
        letters++;
    }
    return letters >= 2;
}

/* The word lists fill a table of megabytes, and a word looked up there
 * is a miss of every cache (a tenth of extraction's time on 50 MB). The
 * capitalised words of news repeat, within a dispatch and across them:
 * their answers are kept per thread, by the word's 64-bit hash, for the
 * context that gave them. */
enum { WORD_MEMO = 4096 };
typedef struct word_memo {
    uint64_t serial;
    uint64_t key[WORD_MEMO]; /* hash | 1; 0 = empty */
    uint8_t tags[WORD_MEMO];
} word_memo;

/* The thread's memo, emptied when the context is not the one that filled
 * it. */
static word_memo *word_memo_of(const vl_ctx *ctx)
{
    static _Thread_local word_memo memo;
    if (memo.serial != ctx->serial) {
        memset(&memo, 0, sizeof memo);
        memo.serial = ctx->serial;
    }
    return &memo;
}

/* The word lists' tags of the lower-case word whose hash is h. */
static uint8_t word_tags(const vl_ctx *ctx, word_memo *memo, uint64_t h)
{
    size_t j = (h >> 20) & (WORD_MEMO - 1);
    if (memo->key[j] != (h | 1)) {
        memo->key[j] = h | 1;
        memo->tags[j] = vl_wordset_tags(&ctx->words, h);
    }
    return memo->tags[j];
}

/* Which word lists hold the word in lower case with its accents
 * (VL_WORD_* bits): "le" is French, "lê" is no word. */
static uint8_t in_words(const vl_ctx *ctx, word_memo *memo, const char *w, size_t n)
{
    char low[64];
    size_t m = 0;
    if (n > 48) return 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)w[i];
        if (c < 0x80) { /* ASCII: no tables */
            low[m++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        int32_t cp;
        i += vl_utf8_decode((const unsigned char *)w + i, n - i, &cp);
        unsigned char e[4];
        utf8proc_ssize_t k = utf8proc_encode_char(utf8proc_tolower(cp), e);
        if (m + (size_t)k > sizeof low) return 0;
        memcpy(low + m, e, (size_t)k);
        m += (size_t)k;
    }
    return word_tags(ctx, memo, vl_hash_bytes(low, m));
}

/* Room for the folded tokens: regions of the arena handed out by a bump
 * pointer, one allocation per 4 KiB instead of one per token. */
typedef struct fold_room {
    vl_arena *arena;
    char *p;
    size_t left;
} fold_room;

enum { FOLD_REGION = 4096 };

/* A new region: the rest of the last one is left unused. */
static void room_refill(fold_room *r)
{
    r->p = vl_arena_alloc_bytes(r->arena, FOLD_REGION);
    r->left = FOLD_REGION;
}

static char *room_take(fold_room *r, size_t n)
{
    if (n > r->left) {
        size_t size = n > FOLD_REGION ? n : FOLD_REGION;
        r->p = vl_arena_alloc_bytes(r->arena, size);
        r->left = size;
    }
    char *out = r->p;
    r->p += n;
    r->left -= n;
    return out;
}

/* Eight bytes lower-cased, A-Z only. A byte is a capital when adding
 * 0x80 - 'A' sets its high bit and adding 0x80 - 'Z' - 1 does not; a byte
 * past ASCII may carry into the bytes after it, never into those before,
 * so the result is right for every byte before the first one past ASCII. */
static inline uint64_t lower8(uint64_t w)
{
    uint64_t upper = (w + VL_SWAR_ONES * (0x80 - 'A')) & ~(w + VL_SWAR_ONES * (0x80 - 'Z' - 1)) &
                     VL_SWAR_HIGH;
    return w | upper >> 2;
}

/* An ASCII word of n <= 8 bytes (8 readable at p) lower-cased in one
 * 64-bit word, zero past n; 1 when every byte is ASCII. */
static int ascii_word(const unsigned char *p, size_t n, uint64_t *out)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t w = vl_swar_load(p);
    if (n < 8) w &= (1ULL << (8 * n)) - 1; /* the first n bytes */
    if (vl_swar_high(w)) return 0;
    *out = lower8(w);
    return 1;
#else /* the word would not be vl_hash_word's */
    (void)p;
    (void)n;
    (void)out;
    return 0;
#endif
}

static const char *fold_long(const vl_fold_table *ft, fold_room *room, const char *w, size_t n,
                             uint16_t *len)
{
    const unsigned char *p = (const unsigned char *)w;
    size_t k = 0; /* bytes of an ASCII start already folded into ascii */
    char *ascii = NULL;
    if (n < 65535) {
        /* one loop, lower-casing without a branch, until a byte is not ASCII */
        ascii = room_take(room, n + 1);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* eight bytes at a time; a word with a byte past ASCII keeps the
         * bytes before it (lower8 is right for those) */
        int high = 0;
        for (; k + 8 <= n; k += 8) {
            uint64_t w8 = vl_swar_load(p + k), hi = w8 & VL_SWAR_HIGH;
            uint64_t low = lower8(w8);
            memcpy(ascii + k, &low, 8);
            if (hi) {
                k += vl_swar_first(hi);
                high = 1;
                break;
            }
        }
        if (!high && k < n && n >= 8) {
            /* the tail: the last eight bytes, the first ones again */
            uint64_t w8 = vl_swar_load(p + n - 8), hi = w8 & VL_SWAR_HIGH;
            uint64_t low = lower8(w8);
            memcpy(ascii + n - 8, &low, 8);
            k = hi ? n - 8 + vl_swar_first(hi) : n;
        }
#endif
        for (; k < n && p[k] < 0x80; k++)
            ascii[k] = (char)(p[k] + ((unsigned char)(p[k] - 'A') < 26) * 32);
        if (k == n) {
            ascii[n] = 0;
            *len = (uint16_t)n;
            return ascii;
        }
        room->p -= n + 1; /* given back: the folded word takes its place */
        room->left += n + 1;
    }
    size_t cap = n * 7 < 65534 ? n * 7 : 65534;
    char *out = room_take(room, cap + 1);
    if (k && out != ascii) memcpy(out, ascii, k); /* a new region */
    /* the rest from the first non-ASCII byte, which starts a code point */
    size_t m = k + vl_fold_word(ft, w + k, n - k, out + k, cap - k);
    out[m] = 0;
    room->p -= cap - m; /* the room not used goes back */
    room->left += cap - m;
    *len = (uint16_t)m;
    return out;
}

/* The folded form of a token, written straight into the room, and its
 * vl_hash_bytes: a short ASCII token is lower-cased and hashed in one word
 * when 8 bytes can be read (avail); a longer ASCII token folds to its own
 * length, lower-cased in the same pass; otherwise a folded code point
 * takes at most 7 bytes (tokens are short). */
static const char *fold_token(const vl_fold_table *ft, fold_room *room, const char *w,
                              size_t n, size_t avail, uint16_t *len, uint64_t *hash,
                              int *ascii)
{
    const unsigned char *p = (const unsigned char *)w;
    uint64_t word;
    if (n <= 8 && avail >= 8 && ascii_word(p, n, &word)) {
        /* eight bytes written, n and the NUL kept */
        if (room->left < 9) room_refill(room);
        char *out = room->p;
        memcpy(out, &word, 8);
        out[n] = 0;
        room->p += n + 1;
        room->left -= n + 1;
        *len = (uint16_t)n;
        *hash = vl_hash_word(word, n);
        *ascii = 1;
        return out;
    }
    const char *f = fold_long(ft, room, w, n, len);
    *hash = vl_hash_bytes(f, *len);
    *ascii = 0;
    return f;
}

/* VL_TOKF_* bits (tokenize.h) as VL_XT_* bits. */
_Static_assert(VL_TOKF_ELISION == 1 && VL_TOKF_HYPHEN == 2 && VL_TOKF_UPPER == 4,
               "tokf_xt is indexed by the tokenizer's three flags");
static const uint16_t tokf_xt[8] = {
    0,
    VL_XT_ELISION,
    VL_XT_HYPHEN,
    VL_XT_ELISION | VL_XT_HYPHEN,
    VL_XT_UPPER,
    VL_XT_UPPER | VL_XT_ELISION,
    VL_XT_UPPER | VL_XT_HYPHEN,
    VL_XT_UPPER | VL_XT_ELISION | VL_XT_HYPHEN,
};

static int ends_sentence(uint8_t p)
{
    return p == '.' || p == '!' || p == '?';
}

/* Appends token index i to the sentences' first tokens. */
static uint32_t *push_first(uint32_t *first, size_t *n, size_t *cap, size_t i)
{
    first = vl_grow(first, cap, *n + 1, sizeof *first);
    first[(*n)++] = (uint32_t)i;
    return first;
}

void vl_toks_build(const vl_ctx *ctx, vl_arena *arena, const vl_view *view,
                   const vl_structure *st, vl_toks *out)
{
    const char *v = view->text;
    /* An upper bound on tokens: one per byte of the blocks. */
    size_t cap = 0;
    for (size_t b = 0; b < st->nblocks; b++) cap += st->vblocks[b].e - st->vblocks[b].s;
    vl_xtok *t = vl_arena_alloc(arena, (cap + 1) * sizeof *t);
    size_t n = 0;
    uint32_t sent = 0;
    size_t nfirst = 0, cfirst = 0; /* per sentence, its first token (heap) */
    uint32_t *first = push_first(NULL, &nfirst, &cfirst, 0);
    fold_room room = {arena, NULL, 0};
    uint64_t *hashes = vl_arena_alloc(arena, (cap + 1) * sizeof *hashes); /* whole */
    uint8_t *cls = vl_arena_alloc(arena, cap + 1);
    word_memo *memo = word_memo_of(ctx);
    for (size_t b = 0; b < st->nblocks; b++) {
        /* the header, ">>" lines (links to other articles) and the
         * signature with the page footer after it: not this dispatch's text
         * (shared/corpus/GUIDE.md) */
        vl_block_kind kind = st->blocks[b].kind;
        if (kind == VL_BLOCK_HEADER || kind == VL_BLOCK_RELATED || kind == VL_BLOCK_SIGNATURE)
            continue;
        size_t bs = st->vblocks[b].s, be = st->vblocks[b].e;
        vl_tokenizer tz;
        vl_token tok;
        vl_tok_init(&tz, v + bs, be - bs, &ctx->elisions, &ctx->fold);
        tz.emit_punct = 1;
        tz.readable = view->len - bs; /* the view goes on past the block */
        int start = 1; /* next token starts a sentence */
        if (n) {
            sent++;
            first = push_first(first, &nfirst, &cfirst, n);
        }
        const uint16_t block = (uint16_t)(b > 65535 ? 65535 : b);
        while (vl_tok_next(&tz, &tok)) {
            vl_xtok *x = &t[n];
            x->s = (uint32_t)(bs + tok.start);
            x->e = (uint32_t)(bs + tok.end);
            x->kind = (uint8_t)tok.kind;
            x->block = block;
            x->punct = 0;
            if (tok.kind == VL_TOK_PUNCT) {
                unsigned char c = (unsigned char)v[x->s];
                x->punct = c < 0x80 ? c : (x->e - x->s == 3 && (unsigned char)v[x->s + 2] == 0xA6) ? '.' : '?';
            }
            uint64_t h;
            int ascii;
            x->fold = fold_token(&ctx->fold, &room, v + x->s, x->e - x->s, view->len - x->s,
                                 &x->flen, &h, &ascii);
            x->hash = (uint32_t)h;
            hashes[n] = h;
            /* the tokenizer's flags as the token's, by table: no branch on
             * bits that come and go from one token to the next */
            uint16_t fl = tokf_xt[tok.flags & 7];
            if (tok.kind == VL_TOK_WORD && (fl & VL_XT_UPPER)) {
                if (all_caps(&ctx->fold, v, x->s, x->e)) fl |= VL_XT_ALLCAPS;
                /* an ASCII word in lower case is its folded form */
                uint8_t tags = ascii ? word_tags(ctx, memo, h)
                                     : in_words(ctx, memo, v + x->s, x->e - x->s);
                if (tags & VL_WORD_FRENCH) fl |= VL_XT_FRENCH;
                if (tags & VL_WORD_ENGLISH) fl |= VL_XT_ENGLISH;
            }
            /* the view is readable at x->e: it ends with a NUL */
            unsigned char after = (unsigned char)v[x->e];
            unsigned space = (unsigned)(after == ' ') | (unsigned)(after == '\n') |
                             (unsigned)(after == '\t');
            fl |= (uint16_t)((unsigned)(x->e < be) & space) * VL_XT_SPACE_AFTER;
            x->flags = fl;
            _Static_assert((int)VL_TOK_PUNCT <= (int)VL_XC_KIND && VL_XT_UPPER == 1 && VL_XT_ALLCAPS == 2,
                           "the kind and two flags fit the byte as written");
            cls[n] = (uint8_t)(tok.kind | (fl & (VL_XT_UPPER | VL_XT_ALLCAPS)) << 2);
            /* A sentence ends at . ! ? when the next word is capitalised,
             * unless the period closes an abbreviation or an initial. */
            if (start && tok.kind != VL_TOK_PUNCT) {
                x->flags |= VL_XT_SENT_START;
                start = 0;
            } else if (n && tok.kind != VL_TOK_PUNCT && (fl & VL_XT_UPPER)) {
                size_t j = n - 1;
                /* skip closing quotes and brackets after the stop */
                while (j > 0 && t[j].block == x->block && (t[j].punct == '"' || t[j].punct == ')'))
                    j--;
                if (t[j].block == x->block && ends_sentence(t[j].punct) && j > 0) {
                    const vl_xtok *w = &t[j - 1];
                    int abbrev = t[j].punct == '.' && w->kind == VL_TOK_WORD &&
                                 (vl_lexicon_has_hashed(&ctx->abbreviations, w->fold, w->flen, hashes[j - 1]) ||
                                  (w->flen == 1 && (w->flags & VL_XT_UPPER)));
                    if (!abbrev) {
                        sent++;
                        first = push_first(first, &nfirst, &cfirst, n);
                        x->flags |= VL_XT_SENT_START;
                    }
                }
            }
            x->sent = sent;
            n++;
        }
    }
    /* one token past the last, for the passes that look one ahead: no
     * word, no flag, in no sentence and no block (it was memory the last
     * document had left: what it said leaked into this one's analysis) */
    t[n] = (vl_xtok){.s = n ? t[n - 1].e : 0, .e = n ? t[n - 1].e : 0, .fold = "", .hash = 0,
                     .sent = sent + 1, .flen = 0, .block = UINT16_MAX, .flags = 0,
                     .kind = VL_TOK_PUNCT, .punct = 0};
    out->t = vl_arena_trim(arena, t, (cap + 1) * sizeof *t, (n + 1) * sizeof *t);
    hashes[n] = 0;
    out->hash = vl_arena_trim(arena, hashes, (cap + 1) * sizeof *hashes, (n + 1) * sizeof *hashes);
    cls[n] = VL_TOK_PUNCT;
    out->cls = vl_arena_trim(arena, cls, cap + 1, n + 1);
    out->n = n;
    out->nsent = n ? (size_t)sent + 1 : 0;
    if (n) first = push_first(first, &nfirst, &cfirst, n); /* first[nsent] = n */
    out->first = vl_arena_alloc(arena, nfirst * sizeof *first);
    memcpy(out->first, first, nfirst * sizeof *first);
    free(first);
}
