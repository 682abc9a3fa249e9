/* strtab.c - string interning: byte strings to dense indices. */
#include "internal.h"

const char yjpi__zero_pad[32];

const unsigned char yjpi__len_mask[64] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
};

/* Strings over 32 bytes: FNV-1a over 8-byte words with a final mix. */
uint64_t yjpi__hash_long(const char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL ^ (len * 0x9E3779B97F4A7C15ULL);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    if (i < len) {
        /* the last 1-7 bytes in one word (an overlapping load) */
        uint64_t w;
        memcpy(&w, s + len - 8, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    return yjpi__hash_mix(h);
}

#define TAG(h) ((h) & 0xFFFFFFFF00000000ULL)

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
    yjpi__free(t->chars);
    memset(t, 0, sizeof *t);
}

uint64_t *yjpi__strtab_new_slots(size_t n)
{
    uint64_t *slots = yjpi__calloc(n, sizeof *slots);
    yjpi__advise_huge(slots, n * sizeof *slots);
    return slots;
}

/* Rebuilds the slots at n_slots (a power of two above twice the count).
 * The hashes are not stored: they are computed again from the text, read
 * in order. */
static int rehash(yjpi__strtab *t, size_t n_slots)
{
    uint64_t *slots = yjpi__strtab_new_slots(n_slots);
    if (!slots)
        return YJPI_E_NOMEM;
    size_t mask = n_slots - 1;
    enum { AHEAD = 16 };
    uint64_t hs[AHEAD];
    for (size_t i = 0; i < t->count + AHEAD; i++) {
        /* place string i - AHEAD, then hash string i and prefetch its slot */
        if (i >= AHEAD) {
            uint64_t h = hs[i % AHEAD];
            size_t j = (size_t)h & mask;
            while (slots[j])
                j = (j + 1) & mask;
            slots[j] = TAG(h) | (uint64_t)(i - AHEAD + 1);
        }
        if (i < t->count) {
            uint64_t h = yjpi__hash(t->chars + t->offsets[i], t->lengths[i]);
            hs[i % AHEAD] = h;
#if defined(__GNUC__)
            __builtin_prefetch(&slots[(size_t)h & mask], 1);
#endif
        }
    }
    yjpi__free(t->slots);
    t->slots = slots;
    t->n_slots = n_slots;
    t->pending = 0;
    return YJPI_OK;
}

static int grow_entries(yjpi__strtab *t, size_t cap)
{
    uint32_t *o = yjpi__reallocarray(t->offsets, cap, sizeof *o);
    if (!o)
        return YJPI_E_NOMEM;
    t->offsets = o;
    uint32_t *l = yjpi__reallocarray(t->lengths, cap, sizeof *l);
    if (!l)
        return YJPI_E_NOMEM;
    t->lengths = l;
    t->cap = cap;
    return YJPI_OK;
}

int yjpi__strtab_reserve(yjpi__strtab *t, size_t n)
{
    if (n >= UINT32_MAX - 2)
        return YJPI_E_LIMIT;
    size_t want = 64;
    while (want < 2 * n)
        want *= 2;
    if (want > t->n_slots) {
        int rc = rehash(t, want);
        if (rc)
            return rc;
    }
    if (n > t->cap)
        return grow_entries(t, n);
    return YJPI_OK;
}

static inline uint32_t lookup(const yjpi__strtab *t, const char *s, size_t len,
                              uint64_t h, size_t *free_slot)
{
    size_t mask = t->n_slots - 1;
    uint64_t tag = TAG(h);
    size_t j = (size_t)h & mask;
    for (uint64_t v; (v = t->slots[j]) != 0; j = (j + 1) & mask) {
        if (TAG(v) != tag)
            continue;
        uint32_t i = (uint32_t)v - 1;
        if (t->lengths[i] == len && yjpi__bytes_equal(t->chars + t->offsets[i], s, len))
            return i;
    }
    *free_slot = j;
    return UINT32_MAX;
}

uint32_t yjpi__strtab_find(const yjpi__strtab *t, const char *s, size_t len)
{
    size_t j;
    uint32_t i = t->n_slots ? lookup(t, s, len, yjpi__hash(s, len), &j) : UINT32_MAX;
    for (size_t k = t->count - t->pending; i == UINT32_MAX && k < t->count; k++)
        if (t->lengths[k] == len && yjpi__bytes_equal(t->chars + t->offsets[k], s, len))
            i = (uint32_t)k;
    return i;
}

int yjpi__strtab_settle(yjpi__strtab *t)
{
    if (!t->pending)
        return YJPI_OK;
    return rehash(t, yjpi__strtab_slots_for(t->count));
}

int yjpi__strtab_intern_hashed(yjpi__strtab *t, const char *s, size_t len,
                               uint64_t h, uint32_t *index)
{
    size_t j = 0;
    if (YJPI__UNLIKELY(t->pending)) {
        int rc = yjpi__strtab_settle(t);
        if (rc)
            return rc;
    }
    if (t->n_slots) {
        uint32_t i = lookup(t, s, len, h, &j);
        if (i != UINT32_MAX) {
            *index = i;
            return YJPI_OK;
        }
    }
    if (t->count >= UINT32_MAX - 2 || len >= UINT32_MAX ||
        t->chars_len + len + 1 > UINT32_MAX)
        return YJPI_E_LIMIT;
    if (t->count == t->cap) {
        int rc = grow_entries(t, t->cap ? t->cap * 2 : 64);
        if (rc)
            return rc;
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
    /* grow the slots at 50% load (the new string not yet among them) */
    bool grown = false;
    if ((t->count + 1) * 2 > t->n_slots) {
        int rc = rehash(t, t->n_slots ? t->n_slots * 2 : 64);
        if (rc)
            return rc;
        grown = true;
    }
    uint32_t i = (uint32_t)t->count;
    t->offsets[i] = (uint32_t)t->chars_len;
    t->lengths[i] = (uint32_t)len;
    if (len)
        memcpy(t->chars + t->chars_len, s, len);
    t->chars[t->chars_len + len] = '\0';
    t->chars_len += len + 1;
    t->count++;
    if (grown) {
        size_t mask = t->n_slots - 1;
        j = (size_t)h & mask;
        while (t->slots[j])
            j = (j + 1) & mask;
    }
    t->slots[j] = TAG(h) | (uint64_t)(i + 1);
    *index = i;
    return YJPI_OK;
}

int yjpi__strtab_intern(yjpi__strtab *t, const char *s, size_t len, uint32_t *index)
{
    return yjpi__strtab_intern_hashed(t, s, len, yjpi__hash(s, len), index);
}

/* ---- Merging a table into another on two threads (csv.c) ---------------- */

void yjpi__strtab_find_range(const yjpi__strtab *t, const yjpi__strtab *src,
                             size_t i0, size_t i1, uint32_t *map)
{
    enum { AHEAD = 16 };
    uint64_t hs[AHEAD];
    if (!t->n_slots) {
        for (size_t i = i0; i < i1; i++)
            map[i] = UINT32_MAX;
        return;
    }
    for (size_t i = i0; i < i1 + AHEAD; i++) {
        if (i >= i0 + AHEAD) {
            size_t k = i - AHEAD, j;
            map[k] = lookup(t, src->chars + src->offsets[k], src->lengths[k],
                            hs[k % AHEAD], &j);
        }
        if (i < i1) {
            uint64_t h = yjpi__hash(src->chars + src->offsets[i], src->lengths[i]);
            hs[i % AHEAD] = h;
            yjpi__strtab_prefetch(t, h);
        }
    }
}

int yjpi__strtab_append_missing(yjpi__strtab *t, const yjpi__strtab *src,
                                uint32_t *map)
{
    size_t n = src->count, add = 0, chars = 0;
    for (size_t i = 0; i < n; i++)
        if (map[i] == UINT32_MAX) {
            add++;
            chars += src->lengths[i] + 1;
        }
    if (t->count + add >= UINT32_MAX - 2 || t->chars_len + chars > UINT32_MAX)
        return YJPI_E_LIMIT;
    if (t->count + add > t->cap) {
        int rc = grow_entries(t, t->count + add);
        if (rc)
            return rc;
    }
    if (t->chars_len + chars > t->chars_cap) {
        char *c = yjpi__realloc(t->chars, t->chars_len + chars);
        if (!c)
            return YJPI_E_NOMEM;
        t->chars = c;
        t->chars_cap = t->chars_len + chars;
    }
    for (size_t i = 0; i < n; i++) {
        if (map[i] != UINT32_MAX)
            continue;
        uint32_t k = (uint32_t)t->count++;
        size_t len = src->lengths[i];
        t->offsets[k] = (uint32_t)t->chars_len;
        t->lengths[k] = (uint32_t)len;
        memcpy(t->chars + t->chars_len, src->chars + src->offsets[i], len + 1);
        t->chars_len += len + 1;
        map[i] = k;
    }
    return YJPI_OK;
}

size_t yjpi__strtab_slots_for(size_t count)
{
    size_t want = 64;
    while (want < 2 * count)
        want *= 2;
    return want;
}

void yjpi__strtab_slots_fill(const yjpi__strtab *t, uint64_t *slots,
                             size_t n_slots, size_t i0, size_t i1)
{
    enum { AHEAD = 16 };
    size_t mask = n_slots - 1;
    uint64_t hs[AHEAD];
    for (size_t i = i0; i < i1 + AHEAD; i++) {
        if (i >= i0 + AHEAD) {
            size_t k = i - AHEAD;
            uint64_t h = hs[k % AHEAD], v = TAG(h) | (uint64_t)(k + 1);
            /* another thread fills other entries of the same slots */
            for (size_t j = (size_t)h & mask;; j = (j + 1) & mask) {
                uint64_t empty = 0;
                if (__atomic_compare_exchange_n(&slots[j], &empty, v, false,
                                                __ATOMIC_RELAXED, __ATOMIC_RELAXED))
                    break;
            }
        }
        if (i < i1) {
            uint64_t h = yjpi__hash(t->chars + t->offsets[i], t->lengths[i]);
            hs[i % AHEAD] = h;
#if defined(__GNUC__)
            __builtin_prefetch(&slots[(size_t)h & mask], 1);
#endif
        }
    }
}

void yjpi__strtab_set_slots(yjpi__strtab *t, uint64_t *slots, size_t n_slots)
{
    yjpi__free(t->slots);
    t->slots = slots;
    t->n_slots = n_slots;
    t->pending = 0;
}
