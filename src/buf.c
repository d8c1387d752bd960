/*
 * buf.c — growable byte buffer with a cap.
 */
#include "buf.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

void vl_buf_init(vl_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

vl_status vl_buf_reserve(vl_buf *b, size_t n)
{
    if (b->max && (n > b->max || b->len > b->max - n)) return VL_ELIMIT;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) cap *= 2;
        b->data = vl_realloc(b->data, cap);
        b->cap = cap;
        b->data[b->len] = 0; /* a buffer with data is NUL-terminated */
    }
    return VL_OK;
}

vl_status vl_buf_add(vl_buf *b, const void *p, size_t n)
{
    vl_status s = vl_buf_reserve(b, n);
    if (s) return s;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
    return VL_OK;
}

vl_status vl_buf_add_slow(vl_buf *b, const void *p, size_t n)
{
    return vl_buf_add(b, p, n);
}

vl_status vl_buf_adds(vl_buf *b, const char *s)
{
    return vl_buf_add(b, s, strlen(s));
}

void vl_buf_reset(vl_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = 0;
}

void vl_buf_free(vl_buf *b)
{
    free(b->data);
    vl_buf_init(b, b->max);
}

unsigned char *vl_buf_take(vl_buf *b, size_t *len)
{
    unsigned char *d = b->data;
    if (len) *len = b->len;
    vl_buf_init(b, b->max);
    return d;
}
