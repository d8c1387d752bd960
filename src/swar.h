/*
 * swar.h — eight bytes at a time in a 64-bit word ("SIMD within a
 * register"), for the scans of the hot path: a word is read from memory
 * with vl_swar_load, tests give a mask with bit 7 set in each byte that
 * answers, and vl_swar_first tells where the first such byte is in memory.
 * The tests are exact for the first byte they mark (a borrow only ever
 * marks bytes after it), which is all a scan asks.
 */
#ifndef VL_SWAR_H
#define VL_SWAR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define VL_SWAR_ONES 0x0101010101010101ULL
#define VL_SWAR_HIGH 0x8080808080808080ULL

static inline uint64_t vl_swar_load(const void *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

/* Bytes of w below n (n <= 128). */
static inline uint64_t vl_swar_below(uint64_t w, unsigned n)
{
    return (w - VL_SWAR_ONES * n) & ~w & VL_SWAR_HIGH;
}

/* Bytes of w equal to c. */
static inline uint64_t vl_swar_eq(uint64_t w, unsigned char c)
{
    uint64_t x = w ^ (VL_SWAR_ONES * c);
    return (x - VL_SWAR_ONES) & ~x & VL_SWAR_HIGH;
}

/* Bytes of w that are not ASCII. */
static inline uint64_t vl_swar_high(uint64_t w)
{
    return w & VL_SWAR_HIGH;
}

/* The memory position (0..7) of the first byte a non-zero mask marks. */
static inline size_t vl_swar_first(uint64_t mask)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return (size_t)__builtin_clzll(mask) >> 3;
#else
    return (size_t)__builtin_ctzll(mask) >> 3;
#endif
}

#endif
