/*
 * buf.h — a growable byte buffer with a size cap (support, after curl's
 * dynbuf). Growth past the cap is refused with VL_ELIMIT instead of
 * exhausting memory on hostile input.
 */
#ifndef VL_BUF_H
#define VL_BUF_H

#include <stddef.h>

#include "veille.h"

typedef struct vl_buf {
    unsigned char *data; /* NUL-terminated when non-NULL */
    size_t len, cap, max;
} vl_buf;

/* max: largest length allowed; 0 means no cap (only for trusted data). */
void vl_buf_init(vl_buf *b, size_t max);
vl_status vl_buf_add(vl_buf *b, const void *p, size_t n);
/* Room for n more bytes (and the NUL) without growing again. */
vl_status vl_buf_reserve(vl_buf *b, size_t n);
vl_status vl_buf_add_slow(vl_buf *b, const void *p, size_t n);

/* One byte: inline, for writers that add many. */
static inline vl_status vl_buf_addc(vl_buf *b, unsigned char c)
{
    if (b->len + 2 <= b->cap && (!b->max || b->len < b->max)) {
        b->data[b->len++] = c;
        b->data[b->len] = 0;
        return VL_OK;
    }
    return vl_buf_add_slow(b, &c, 1);
}
vl_status vl_buf_adds(vl_buf *b, const char *s);
void vl_buf_reset(vl_buf *b); /* length 0, memory kept */
void vl_buf_free(vl_buf *b);
/* Hands the data to the caller (free() it) and empties the buffer. */
unsigned char *vl_buf_take(vl_buf *b, size_t *len);

#endif
