/* utf8.c - the longest valid UTF-8 prefix of a text. */
#include "common/utf8.h"

size_t yjpi__utf8_valid_prefix(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        if (*p < 0x80) {
            p++;
            continue;
        }
        int k = yjpi__utf8_seq(p, end);
        if (k <= 0)
            break;
        p += k;
    }
    return (size_t)(p - (const unsigned char *)s);
}
