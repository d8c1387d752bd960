/*
 * normalize.c — UTF-8 validation, NFC and the unified analysis view.
 */
#include "normalize.h"

#include <string.h>
#include <utf8proc.h>

#include "error.h"
#include "fold.h"
#include "swar.h"

/* Control bytes that do not occur in text: everything below 0x20 but tab,
 * newline, form feed and carriage return, plus DEL. */
static int is_binary_byte(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F;
}

/* The bytes of w that are not printable ASCII (0x20..0x7E), at bit 7 of
 * each: exact for the first such byte (a borrow only marks bytes after
 * it), so that 0 means eight printable bytes. */
static uint64_t unprintable8(uint64_t w)
{
    return vl_swar_high(w) | vl_swar_below(w, 0x20) | vl_swar_eq(w, 0x7F);
}

static int printable8(uint64_t w)
{
    return !unprintable8(w);
}



enum { SNIFF = 8192 }; /* the bytes looks_binary samples */

/* A file is called binary when its first 8 KiB hold many control bytes or
 * many bytes that cannot start a UTF-8 sequence: a text file with one stray
 * NUL or one bad sequence is reported precisely instead. */
static int looks_binary(const unsigned char *p, size_t n)
{
    size_t sample = n < SNIFF ? n : SNIFF, bad = 0;
    for (size_t i = 0; i < sample;) {
        /* eight printable ASCII bytes (0x20..0x7E) at once */
        if (i + 8 <= sample) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (printable8(w)) {
                i += 8;
                continue;
            }
        }
        if (p[i] < 0x80) {
            bad += is_binary_byte(p[i]);
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(sample - i), &cp);
        if (k <= 0) {
            if (sample - i < 4 && sample < n) break; /* cut by the sample */
            bad++;
            k = 1;
        }
        i += (size_t)k;
    }
    return bad > 8 && bad * 20 > sample; /* over 5 % */
}

/* The error for a document whose first error is at byte i (a NUL when nul,
 * else a bad sequence): "binary file" when its start looks binary. */
static vl_status bad_text(const unsigned char *p, size_t n, size_t i, int nul, const char *path,
                          vl_error *err)
{
    /* what a user can do something about: a compressed file, UTF-16 */
    static const struct {
        const char *magic;
        size_t len;
        const char *what;
    } kinds[] = {
        {"\x1f\x8b", 2, "gzip-compressed file (gunzip it first)"},
        {"BZh", 3, "bzip2-compressed file (bunzip2 it first)"},
        {"\xfd" "7zXZ", 5, "xz-compressed file (unxz it first)"},
        {"\x28\xb5\x2f\xfd", 4, "zstd-compressed file (unzstd it first)"},
        {"\xff\xfe", 2, "UTF-16 text (convert it: iconv -f UTF-16 -t UTF-8)"},
        {"\xfe\xff", 2, "UTF-16 text (convert it: iconv -f UTF-16 -t UTF-8)"},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        if (n >= kinds[k].len && !memcmp(p, kinds[k].magic, kinds[k].len))
            return vl_error_set(err, VL_EBINARY, path, -1, -1, "%s", kinds[k].what);
    if (looks_binary(p, n)) return vl_error_set(err, VL_EBINARY, path, -1, -1, "binary file");
    if (nul) return vl_error_set(err, VL_ENUL, path, (int64_t)i, -1, "NUL byte at byte %zu", i);
    return vl_error_set(err, VL_EUTF8, path, (int64_t)i, -1, "invalid UTF-8 at byte %zu", i);
}

/* One pass: validates, and counts the control bytes of the sample. Only a
 * text with an error or with more than a few control bytes is sniffed by
 * looks_binary, so the answer is the same as sniffing every text first. */
vl_status vl_norm_check(const unsigned char *p, size_t n, size_t max, const char *path,
                        vl_error *err)
{
    if (max && n > max)
        return vl_error_set(err, VL_ELIMIT, path, -1, -1, "larger than %zu bytes", max);
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r' ||
                     p[i] == '\f'))
        i++;
    if (i == n) return vl_error_set(err, VL_EEMPTY, path, -1, -1, "empty file");
    size_t controls = 0; /* in the sample */
    for (i = 0; i < n;) {
        /* printable ASCII runs dominate French text: eight bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (!printable8(w)) {
                i += vl_swar_first(unprintable8(w)); /* to the first that is not */
                break;
            }
            i += 8;
        }
        if (i >= n) break;
        if (p[i] == 0) return bad_text(p, n, i, 1, path, err);
        if (p[i] < 0x80) {
            controls += i < SNIFF && is_binary_byte(p[i]);
            i++;
            continue;
        }
        /* two- and three-byte sequences (accents, Vietnamese letters,
         * typographic quotes) checked here; the rest by utf8proc */
        if (p[i] >= 0xC2 && p[i] <= 0xDF && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
            i += 2;
            continue;
        }
        if ((p[i] & 0xF0) == 0xE0 && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 &&
            (p[i + 2] & 0xC0) == 0x80 && !(p[i] == 0xE0 && p[i + 1] < 0xA0) && /* overlong */
            !(p[i] == 0xED && p[i + 1] >= 0xA0)) { /* surrogates */
            i += 3;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) return bad_text(p, n, i, 0, path, err);
        i += (size_t)k;
    }
    /* without a bad sequence in it, the sample's bad bytes are its control
     * bytes: looks_binary needs more than eight */
    if (controls > 8 && looks_binary(p, n))
        return vl_error_set(err, VL_EBINARY, path, -1, -1, "binary file");
    return VL_OK;
}

/* The unified replacement of a code point in the view, or NULL to keep it.
 * "" drops it. */
static const char *unify(int32_t cp)
{
    switch (cp) {
    case 0x2019: case 0x2018: case 0x02BC: case 0x201B: case 0x2032: case 0x00B4:
        return "'";
    case 0x00AB: case 0x00BB: case 0x201C: case 0x201D: case 0x201E: case 0x201F:
    case 0x2033:
        return "\"";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212:
        return "-";
    case 0x00A0: case 0x202F: case 0x2007: case 0x2009: case 0x200A: case 0x2002:
    case 0x2003: case 0x2004: case 0x2005: case 0x2006: case 0x2008: case 0x3000:
        return " ";
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0xFEFF:
        return "";
    default:
        return NULL;
    }
}

/* Whether p[i] starts a two-byte code point below U+0300 (Latin letters
 * with their marks: "é", "ơ", "đ") that the view keeps as it is: below
 * U+0300 every code point is in NFC alone, and none is a combining mark.
 * The view copies runs of them with ASCII. */
static inline int plain2(const unsigned char *p, size_t i, size_t n)
{
    if (p[i] < 0xC2 || p[i] > 0xCB || i + 1 >= n || (p[i + 1] & 0xC0) != 0x80) return 0;
    int32_t cp = (int32_t)(p[i] & 0x1F) << 6 | (p[i + 1] & 0x3F);
    return !unify(cp);
}

/* Whether a lone code point (no combining mark after it) is already in NFC:
 * true unless it is excluded from composition or composes back to another
 * code point (U+212B ANGSTROM SIGN -> Å). */
int vl_norm_nfc_stable(int32_t cp)
{
    if (cp < 0x300) return 1;
    const utf8proc_property_t *pr = utf8proc_get_property(cp);
    if (pr->comp_exclusion) return 0;
    if (pr->decomp_seqindex == UINT16_MAX || pr->decomp_type != 0) return 1;
    /* Decompose and compose again: a primary composite comes back as
     * itself. */
    utf8proc_int32_t d[8];
    int bc = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(cp, d, 8, UTF8PROC_DECOMPOSE, &bc);
    if (k <= 0 || k > 8) return 1;
    k = utf8proc_normalize_utf32(d, k, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    return k == 1 && d[0] == cp;
}

enum { MAX_CLUSTER = 32 }; /* longer runs of marks are copied, not reordered */
enum { VIEW_PAGE = 256 };   /* view bytes per entry of bp_page */

/* The view being written: text, and the breakpoints of its offset map. */
typedef struct viewer {
    char *v;
    size_t o; /* view bytes written */
    uint32_t *bv, *bo;
    size_t nbp;
} viewer;

/* Notes that view byte o comes from original offset m: a breakpoint when
 * the map is not the straight continuation of the last one. Only bytes
 * that start a code point are noted; the others map as their start does. */
static inline void note(viewer *w, size_t m)
{
    size_t k = w->nbp - 1;
    if (w->bo[k] + (w->o - w->bv[k]) != m) {
        w->bv[w->nbp] = (uint32_t)w->o;
        w->bo[w->nbp++] = (uint32_t)m;
    }
}

/* Writes view byte c that comes from original offset m. */
static inline void put(viewer *w, char c, size_t m)
{
    if (((unsigned char)c & 0xC0) != 0x80) note(w, m);
    w->v[w->o++] = c;
}

void vl_norm_view(vl_arena *arena, const char *orig, size_t n, const vl_fold_table *ft,
                  vl_view *out)
{
    const unsigned char *p = (const unsigned char *)orig;
    /* NFC never lengthens text by more than 3x; unification never does. */
    size_t cap = n * 3 + 1;
    viewer w = {vl_arena_alloc_bytes(arena, cap), 0, NULL, NULL, 1};
    /* at most one breakpoint per view byte, and the end: few are used */
    w.bv = vl_arena_alloc(arena, (cap + 1) * sizeof *w.bv);
    w.bo = vl_arena_alloc(arena, (cap + 1) * sizeof *w.bo);
    w.bv[0] = 0;
    w.bo[0] = 0;
    size_t i = 0;
    while (i < n) {
        /* A run of ASCII (found eight bytes at a time) is copied as is,
         * one note for the run, but for a last byte followed by what may be
         * a combining mark: that one goes with its cluster below. */
        if (p[i] < 0x80 || plain2(p, i, n)) {
            size_t j = i, last = i; /* last: where the last code point starts */
            for (;;) {
                size_t from = j;
                for (; j + 8 <= n; j += 8) {
                    uint64_t x = vl_swar_high(vl_swar_load(p + j));
                    if (x) {
                        j += vl_swar_first(x);
                        break;
                    }
                }
                if (j > from) last = j - 1; /* ASCII up to j */
                if (j < n && p[j] < 0x80) {
                    last = j++;
                } else if (j < n && plain2(p, j, n)) {
                    last = j;
                    j += 2;
                } else {
                    break;
                }
            }
            if (j < n && p[j] >= 0xCC) j = last;
            if (j > i) {
                note(&w, i);
                memcpy(w.v + w.o, p + i, j - i);
                w.o += j - i;
                i = j;
                continue;
            }
        }
        size_t start = i;
        int32_t cp;
        i += vl_utf8_decode(p + i, n - i, &cp);
        const char *u = cp < 0x80 ? NULL : unify(cp);
        if (u) {
            for (; *u; u++) put(&w, *u, start);
            continue;
        }
        /* Gather the cluster: this code point and the combining marks after
         * it. */
        size_t end = i;
        int marks = 0;
        while (end < n && p[end] >= 0xCC) { /* combining marks start at U+0300 */
            int32_t c2;
            size_t k = vl_utf8_decode(p + end, n - end, &c2);
            if (utf8proc_get_property(c2)->combining_class == 0) break;
            end += k;
            marks++;
        }
        int stable = ft && cp < VL_FOLD_TABLE_SIZE ? (ft->flags[cp] & VL_CP_NFC_STABLE) != 0
                                                   : vl_norm_nfc_stable(cp);
        if ((marks == 0 && stable) || marks >= MAX_CLUSTER) {
            for (size_t j = start; j < end; j++) put(&w, (char)p[j], start);
            i = end;
            continue;
        }
        utf8proc_int32_t buf[MAX_CLUSTER * 4];
        utf8proc_ssize_t k = utf8proc_decompose(p + start, (utf8proc_ssize_t)(end - start),
                                                buf, MAX_CLUSTER * 4,
                                                UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (k > 0 && k <= MAX_CLUSTER * 4)
            k = utf8proc_normalize_utf32(buf, k, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (k <= 0 || k > MAX_CLUSTER * 4) { /* cannot happen on valid input */
            for (size_t j = start; j < end; j++) put(&w, (char)p[j], start);
        } else {
            for (utf8proc_ssize_t j = 0; j < k; j++) {
                unsigned char e[4];
                utf8proc_ssize_t m = utf8proc_encode_char(buf[j], e);
                for (utf8proc_ssize_t b = 0; b < m; b++) put(&w, (char)e[b], start);
            }
        }
        i = end;
    }
    note(&w, n); /* the end maps to the original's end */
    w.v[w.o] = 0;
    /* the bounds above hold what a document keeps, with its analysis,
     * while it waits to be stored: give back what was not used */
    w.bo = vl_arena_trim(arena, w.bo, (cap + 1) * sizeof *w.bo, w.nbp * sizeof *w.bo);
    w.bv = vl_arena_trim(arena, w.bv, (cap + 1) * sizeof *w.bv, w.nbp * sizeof *w.bv);
    w.v = vl_arena_trim(arena, w.v, cap, w.o + 1);
    out->text = w.v;
    out->len = w.o;
    out->bp_view = w.bv;
    out->bp_orig = w.bo;
    out->nbp = w.nbp;
    size_t pages = w.o / VIEW_PAGE + 1, k = 0;
    uint32_t *pg = vl_arena_alloc(arena, pages * sizeof *pg);
    for (size_t q = 0; q < pages; q++) {
        while (k + 1 < w.nbp && w.bv[k + 1] <= q * VIEW_PAGE) k++;
        pg[q] = (uint32_t)k;
    }
    out->bp_page = pg;
}

size_t vl_view_orig(const vl_view *v, size_t pos)
{
    if (pos > v->len) pos = v->len;
    /* inside a code point: where the code point starts */
    while (pos > 0 && pos < v->len && ((unsigned char)v->text[pos] & 0xC0) == 0x80) pos--;
    /* a few breakpoints per page: walk from the page's */
    size_t k = v->bp_page[pos / VIEW_PAGE];
    while (k + 1 < v->nbp && v->bp_view[k + 1] <= pos) k++;
    return v->bp_orig[k] + (pos - v->bp_view[k]);
}
