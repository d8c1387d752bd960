/*
 * normalize.h — validation and the analysis view (normalize stage).
 *
 * Input bytes are checked once here; later stages trust them. The analysis
 * view is the text in NFC with typographic variants unified — apostrophes
 * (’ ‘ ʼ) to ', quotes (« » “ ” „) to ", dashes (– — ‑ −) to -, no-break and
 * thin spaces to a space, soft hyphens and zero-width spaces dropped — so
 * that structure and extraction match one form. vl_view_orig(view, i) gives,
 * for view byte i, the byte offset in the original text where the code point
 * it came from starts; at view_len, the original length. Offsets reported to users are
 * always original ones.
 */
#ifndef VL_NORMALIZE_H
#define VL_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "fold.h"
#include "mem.h"
#include "veille.h"

/* Checks that p[0:n] is usable text: not empty or blank (VL_EEMPTY), not
 * binary (VL_EBINARY), no NUL byte (VL_ENUL), valid UTF-8 (VL_EUTF8), at
 * most max bytes (VL_ELIMIT, when max > 0). err->offset is the byte offset
 * of the first bad byte. */
vl_status vl_norm_check(const unsigned char *p, size_t n, size_t max, const char *path,
                        vl_error *err);

typedef struct vl_view {
    const char *text;     /* analysis view, NUL-terminated, in the arena */
    size_t len;
    /* The offset map, piecewise: from view byte bp_view[k] on, view byte
     * bp_view[k] + d comes from original byte bp_orig[k] + d, up to the next
     * breakpoint (bp_view[0] == 0). Breakpoints sit where the view departs
     * from the original (unified or dropped characters, composed clusters):
     * a few per paragraph, not 4 bytes per byte. Read it with vl_view_orig. */
    const uint32_t *bp_view, *bp_orig;
    size_t nbp;
    /* per 256 view bytes, the last breakpoint at or before the page's first
     * byte: where vl_view_orig starts looking */
    const uint32_t *bp_page;
} vl_view;

/* Builds the analysis view of valid UTF-8 orig[0:n] (n < 4 GiB) in arena;
 * ft (may be NULL) caches which code points are already NFC. */
void vl_norm_view(vl_arena *arena, const char *orig, size_t n, const vl_fold_table *ft,
                  vl_view *out);

/* The original byte offset of view byte pos (0..len): where the code point
 * it belongs to came from; vl_view_orig(v, v->len) is the original length. */
size_t vl_view_orig(const vl_view *v, size_t pos);

/* Whether a lone code point is in NFC (for the fold table). */
int vl_norm_nfc_stable(int32_t cp);

#endif
