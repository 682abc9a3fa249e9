/* strtab.c - string interning: byte strings to dense indices. */
#include "internal.h"

/* FNV-1a over 8-byte words with a final mix; good enough spread for ids,
 * codes and labels, and cheap. */
uint64_t yjpi__hash(const char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL ^ (len * 0x9E3779B97F4A7C15ULL);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    for (; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

void yjpi__strtab_init(yjpi__strtab *t)
{
    memset(t, 0, sizeof *t);
}

void yjpi__strtab_free(yjpi__strtab *t)
{
    if (!t)
        return;
    yjpi__free(t->slots);
    yjpi__free(t->offsets);
    yjpi__free(t->lengths);
    yjpi__free(t->hashes);
    yjpi__free(t->chars);
    memset(t, 0, sizeof *t);
}

static int rehash(yjpi__strtab *t, size_t n_slots)
{
    uint32_t *slots = yjpi__calloc(n_slots, sizeof *slots);
    if (!slots)
        return YJPI_E_NOMEM;
    size_t mask = n_slots - 1;
    for (size_t i = 0; i < t->count; i++) {
        size_t j = (size_t)t->hashes[i] & mask;
        while (slots[j])
            j = (j + 1) & mask;
        slots[j] = (uint32_t)(i + 1);
    }
    yjpi__free(t->slots);
    t->slots = slots;
    t->n_slots = n_slots;
    return YJPI_OK;
}

uint32_t yjpi__strtab_find(const yjpi__strtab *t, const char *s, size_t len)
{
    if (!t->n_slots)
        return UINT32_MAX;
    uint64_t h = yjpi__hash(s, len);
    size_t mask = t->n_slots - 1;
    for (size_t j = (size_t)h & mask; t->slots[j]; j = (j + 1) & mask) {
        uint32_t i = t->slots[j] - 1;
        if (t->hashes[i] == h && t->lengths[i] == len &&
            memcmp(t->chars + t->offsets[i], s, len) == 0)
            return i;
    }
    return UINT32_MAX;
}

int yjpi__strtab_intern(yjpi__strtab *t, const char *s, size_t len, uint32_t *index)
{
    uint64_t h = yjpi__hash(s, len);
    if (t->n_slots) {
        size_t mask = t->n_slots - 1;
        for (size_t j = (size_t)h & mask; t->slots[j]; j = (j + 1) & mask) {
            uint32_t i = t->slots[j] - 1;
            if (t->hashes[i] == h && t->lengths[i] == len &&
                memcmp(t->chars + t->offsets[i], s, len) == 0) {
                *index = i;
                return YJPI_OK;
            }
        }
    }
    if (t->count >= UINT32_MAX - 2 || len >= UINT32_MAX ||
        t->chars_len + len + 1 > UINT32_MAX)
        return YJPI_E_LIMIT;
    /* grow the table at 50% load */
    if ((t->count + 1) * 2 > t->n_slots) {
        int rc = rehash(t, t->n_slots ? t->n_slots * 2 : 64);
        if (rc)
            return rc;
    }
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        uint32_t *o = yjpi__reallocarray(t->offsets, cap, sizeof *o);
        if (!o)
            return YJPI_E_NOMEM;
        t->offsets = o;
        uint32_t *l = yjpi__reallocarray(t->lengths, cap, sizeof *l);
        if (!l)
            return YJPI_E_NOMEM;
        t->lengths = l;
        uint64_t *hs = yjpi__reallocarray(t->hashes, cap, sizeof *hs);
        if (!hs)
            return YJPI_E_NOMEM;
        t->hashes = hs;
        t->cap = cap;
    }
    if (t->chars_len + len + 1 > t->chars_cap) {
        size_t cap = t->chars_cap ? t->chars_cap : 1024;
        while (cap < t->chars_len + len + 1)
            cap *= 2;
        char *c = yjpi__realloc(t->chars, cap);
        if (!c)
            return YJPI_E_NOMEM;
        t->chars = c;
        t->chars_cap = cap;
    }
    uint32_t i = (uint32_t)t->count;
    t->offsets[i] = (uint32_t)t->chars_len;
    t->lengths[i] = (uint32_t)len;
    t->hashes[i] = h;
    if (len)
        memcpy(t->chars + t->chars_len, s, len);
    t->chars[t->chars_len + len] = '\0';
    t->chars_len += len + 1;
    t->count++;
    size_t mask = t->n_slots - 1;
    size_t j = (size_t)h & mask;
    while (t->slots[j])
        j = (j + 1) & mask;
    t->slots[j] = i + 1;
    *index = i;
    return YJPI_OK;
}
