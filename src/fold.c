/*
 * fold.c — case and diacritic folding through utf8proc.
 */
#include "fold.h"

#include <string.h>
#include <utf8proc.h>

/* Letters utf8proc does not decompose, spelt the way French and Vietnamese
 * readers type them without the mark. */
static size_t fold_special(int32_t cp, unsigned char *out)
{
    const char *s = NULL;
    switch (cp) {
    case 0x0110: case 0x0111: s = "d"; break; /* Đ đ */
    case 0x00D0: case 0x00F0: s = "d"; break; /* Ð ð, written for Đ đ */
    case 0x0189: case 0x0256: s = "d"; break; /* Ɖ ɖ */
    case 0x0152: case 0x0153: s = "oe"; break; /* Œ œ */
    case 0x00C6: case 0x00E6: s = "ae"; break; /* Æ æ */
    case 0x00D8: case 0x00F8: s = "o"; break;  /* Ø ø */
    case 0x0141: case 0x0142: s = "l"; break;  /* Ł ł */
    case 0x0131: s = "i"; break;               /* ı */
    default: return 0;
    }
    size_t n = strlen(s);
    memcpy(out, s, n);
    return n;
}

static size_t fold_slow(int32_t cp, unsigned char out[16])
{
    size_t n = fold_special(cp, out);
    if (n) return n;
    utf8proc_int32_t dec[8];
    int boundclass = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(
        cp, dec, 8,
        UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK,
        &boundclass);
    if (k < 0 || k > 8) { /* no fold known: keep the code point */
        return (size_t)utf8proc_encode_char(cp, out);
    }
    n = 0;
    for (utf8proc_ssize_t i = 0; i < k && n + 4 <= 16; i++) {
        unsigned char sp[8];
        size_t m = fold_special(dec[i], sp);
        if (m) {
            if (n + m > 16) break;
            memcpy(out + n, sp, m);
            n += m;
        } else {
            n += (size_t)utf8proc_encode_char(dec[i], out + n);
        }
    }
    return n;
}

void vl_fold_table_init(vl_fold_table *t, int (*is_word)(int32_t), int (*nfc_stable)(int32_t))
{
    for (int32_t cp = 0; cp < VL_FOLD_TABLE_SIZE; cp++) {
        int upper = utf8proc_isupper(cp) || utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
        t->flags[cp] = (unsigned char)((is_word(cp) ? VL_CP_WORD : 0) |
                                       (nfc_stable(cp) ? VL_CP_NFC_STABLE : 0) |
                                       (upper ? VL_CP_UPPER : 0));
        unsigned char out[16];
        size_t n;
        if (cp < 128) {
            out[0] = (unsigned char)((cp >= 'A' && cp <= 'Z') ? cp + 32 : cp);
            n = 1;
        } else {
            n = fold_slow(cp, out);
        }
        if (n > 7) n = 7; /* never happens below U+2000; kept safe */
        t->entry[cp][0] = (unsigned char)n;
        memcpy(&t->entry[cp][1], out, n);
    }
}

size_t vl_fold_cp(const vl_fold_table *t, int32_t cp, unsigned char out[16])
{
    if (cp >= 0 && cp < VL_FOLD_TABLE_SIZE) {
        size_t n = t->entry[cp][0];
        memcpy(out, &t->entry[cp][1], 7);
        return n;
    }
    return fold_slow(cp, out);
}

size_t vl_utf8_decode_slow(const unsigned char *s, size_t n, int32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate(s, (utf8proc_ssize_t)(n > 4 ? 4 : n), &c);
    if (k <= 0) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = c;
    return (size_t)k;
}

size_t vl_fold_word(const vl_fold_table *t, const char *s, size_t n, char *out, size_t cap)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t m = 0;
    for (size_t i = 0; i < n;) {
        if (p[i] < 0x80) { /* ASCII: no table */
            if (m == cap) break;
            unsigned char c = p[i++];
            out[m++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            continue;
        }
        int32_t cp;
        i += vl_utf8_decode(p + i, n - i, &cp);
        if (cp >= 0 && cp < VL_FOLD_TABLE_SIZE && m + 7 <= cap) {
            /* the table's seven bytes at once: a move, not a call */
            memcpy(out + m, &t->entry[cp][1], 7);
            m += t->entry[cp][0];
            continue;
        }
        unsigned char f[16];
        size_t k = vl_fold_cp(t, cp, f);
        if (m + k > cap) break;
        memcpy(out + m, f, k);
        m += k;
    }
    return m;
}

vl_status vl_fold_str(const vl_fold_table *t, const char *s, size_t n, vl_buf *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    int pending_space = 0, any = 0;
    while (i < n) {
        const unsigned char *f; /* the folded bytes of the next code point */
        unsigned char buf[16];
        size_t m;
        unsigned char c = p[i];
        if (c < 0x80 && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            /* ASCII but separators: straight from the table */
            i++;
            m = t->entry[c][0];
            f = &t->entry[c][1];
        } else {
            int32_t cp;
            i += vl_utf8_decode(p + i, n - i, &cp);
            if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
                cp == 0x202F || (cp >= 0x2000 && cp <= 0x200A)) {
                pending_space = 1;
                continue;
            }
            m = vl_fold_cp(t, cp, buf);
            f = buf;
        }
        if (m == 0) continue;
        if (pending_space && any) {
            vl_status st = vl_buf_addc(out, ' ');
            if (st) return st;
        }
        pending_space = 0;
        any = 1;
        vl_status st = m == 1 ? vl_buf_addc(out, f[0]) : vl_buf_add(out, f, m);
        if (st) return st;
    }
    return VL_OK;
}

int vl_fold_ordinal(const char *w, size_t n)
{
    if (n >= 4 && !memcmp(w + n - 3, "eme", 3)) n -= 3;
    else if (n >= 3 && !memcmp(w + n - 2, "er", 2)) n -= 2;
    else if (n >= 2 && w[n - 1] == 'e') n -= 1;
    else return 0;
    int digits = w[0] >= '0' && w[0] <= '9';
    for (size_t k = 0; k < n; k++)
        if (digits ? !(w[k] >= '0' && w[k] <= '9') : !strchr("ivxlc", w[k])) return 0;
    return 1;
}

size_t vl_fold_words(const vl_fold_table *t, const char *s, const char **w, size_t max, char *buf,
                     size_t cap)
{
    vl_buf b;
    vl_buf_init(&b, 0);
    vl_fold_str(t, s, strlen(s), &b);
    size_t n = b.len < cap - 1 ? b.len : cap - 1;
    if (b.data) memcpy(buf, b.data, n);
    buf[n] = 0;
    vl_buf_free(&b);
    size_t k = 0;
    for (char *p = buf; *p && k < max;) {
        while (*p == ' ' || *p == '\'') *p++ = 0;
        if (!*p) break;
        w[k++] = p;
        while (*p && *p != ' ' && *p != '\'') p++;
    }
    return k;
}

int vl_words_within(const char *const *a, size_t na, const char *const *b, size_t nb)
{
    for (size_t i = 0; i < na; i++) {
        size_t k;
        for (k = 0; k < nb && strcmp(a[i], b[k]) != 0; k++) {}
        if (k == nb) return 0;
    }
    return 1;
}
