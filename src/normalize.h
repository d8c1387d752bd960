/*
 * normalize.h — validation and the analysis view (normalize stage).
 *
 * Input bytes are checked once here; later stages trust them. The analysis
 * view is the text in NFC with typographic variants unified — apostrophes
 * (’ ‘ ʼ) to ', quotes (« » “ ” „) to ", dashes (– — ‑ −) to -, no-break and
 * thin spaces to a space, soft hyphens and zero-width spaces dropped — so
 * that structure and extraction match one form. map[i] gives, for view byte
 * i, the byte offset in the original text where the code point it came from
 * starts; map[view_len] == original length. Offsets reported to users are
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
    const uint32_t *map;  /* len + 1 entries, in the arena */
} vl_view;

/* Builds the analysis view of valid UTF-8 orig[0:n] (n < 4 GiB) in arena;
 * ft (may be NULL) caches which code points are already NFC. */
void vl_norm_view(vl_arena *arena, const char *orig, size_t n, const vl_fold_table *ft,
                  vl_view *out);

/* Whether a lone code point is in NFC (for the fold table). */
int vl_norm_nfc_stable(int32_t cp);

#endif
