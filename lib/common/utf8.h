/* utf8.h - UTF-8 validation shared by the CSV reader and the row validator. */
#ifndef YJPI_COMMON_UTF8_H
#define YJPI_COMMON_UTF8_H

#include <stddef.h>

/* The length of the valid UTF-8 sequence starting at the byte p[0] >= 0x80
 * (2 to 4), 0 when it is cut short by end, -1 when it is not valid UTF-8
 * (overlong forms, surrogates and code points above U+10FFFF refused).
 * Inline: the reader calls it for every non-ASCII byte. */
static inline int yjpi__utf8_seq(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    size_t avail = (size_t)(end - p);
    int n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;      /* overlong */
        else if (c == 0xED)
            hi = 0x9F;      /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;      /* overlong */
        else if (c == 0xF4)
            hi = 0x8F;      /* above U+10FFFF */
    } else {
        return -1;
    }
    for (int i = 1; i < n; i++) {
        if ((size_t)i >= avail)
            return 0;
        unsigned b = p[i];
        if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
            return -1;
    }
    return n;
}

/* Length of the longest valid UTF-8 prefix of s[0..len) (== len when valid). */
size_t yjpi__utf8_valid_prefix(const char *s, size_t len);

#endif
