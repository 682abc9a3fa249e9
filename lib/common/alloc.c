/* alloc.c - the allocator hook and allocation helpers. */
#define _DEFAULT_SOURCE 1   /* madvise */
#include <stdint.h>
#include <stdlib.h>
#if defined(__linux__)
#  include <sys/mman.h>
#endif

#include "internal.h"

static void *default_malloc(size_t size, void *user) { (void)user; return malloc(size); }
static void *default_realloc(void *p, size_t size, void *user) { (void)user; return realloc(p, size); }
static void default_free(void *p, void *user) { (void)user; free(p); }

static yjpi_malloc_fn cur_malloc = default_malloc;
static yjpi_realloc_fn cur_realloc = default_realloc;
static yjpi_free_fn cur_free = default_free;
static void *cur_user = NULL;

int yjpi_set_allocator(yjpi_malloc_fn m, yjpi_realloc_fn r, yjpi_free_fn f, void *user)
{
    if (!m && !r && !f) {
        cur_malloc = default_malloc;
        cur_realloc = default_realloc;
        cur_free = default_free;
        cur_user = NULL;
        return YJPI_OK;
    }
    if (!m || !r || !f)
        return YJPI_E_ARGUMENT;
    cur_malloc = m;
    cur_realloc = r;
    cur_free = f;
    cur_user = user;
    return YJPI_OK;
}

bool yjpi__allocator_is_default(void)
{
    return cur_malloc == default_malloc;
}

void *yjpi__malloc(size_t size)
{
    return cur_malloc(size ? size : 1, cur_user);
}

void *yjpi__calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    /* the C library's calloc leaves fresh pages of a large block untouched
     * (they are zero already) */
    if (cur_malloc == default_malloc && n && size)
        return calloc(n, size);
    void *p = yjpi__malloc(n * size);
    if (p)
        memset(p, 0, (n * size) != 0 ? n * size : 1);
    return p;
}

void *yjpi__realloc(void *ptr, size_t size)
{
    if (!ptr)
        return yjpi__malloc(size);
    return cur_realloc(ptr, size ? size : 1, cur_user);
}

void *yjpi__reallocarray(void *ptr, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return yjpi__realloc(ptr, n * size);
}

void yjpi__free(void *ptr)
{
    if (ptr)
        cur_free(ptr, cur_user);
}

void yjpi_free(void *ptr)
{
    yjpi__free(ptr);
}

char *yjpi__strndup(const char *s, size_t n)
{
    char *p = yjpi__malloc(n + 1);
    if (p) {
        if (n)
            memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *yjpi__strdup(const char *s)
{
    return yjpi__strndup(s, strlen(s));
}

void yjpi__advise_huge(void *p, size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    /* Large blocks the C library mapped for itself, where the system
     * allows huge pages on advice: a hash table's slots, read and written
     * at random places (on 4 KiB pages nearly every access would also miss
     * the TLB, and in a virtual machine the page walk costs more than the
     * access), and the rows array, filled in order (one page fault per
     * 2 MiB instead of per 4 KiB: about 6 % off the one-thread read of a
     * 10M-row file in interleaved runs). */
    const uintptr_t page = 4096;
    if (!p || size < ((size_t)8 << 20) || cur_malloc != default_malloc)
        return;
    uintptr_t lo = (uintptr_t)p & ~(page - 1);
    uintptr_t hi = ((uintptr_t)p + size + page - 1) & ~(page - 1);
    (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
    (void)p;
    (void)size;
#endif
}
