/*
 * internal.h - private declarations shared by the library's sources.
 * Never installed.  Private names use the yjpi__ prefix.
 */
#ifndef YJPI_INTERNAL_H
#define YJPI_INTERNAL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "yjpi.h"
#include "common/utf8.h"

#if defined(__SSE2__) && defined(__x86_64__) && !defined(YJPI_NO_SIMD)
#  include <emmintrin.h>
#endif

#if defined(__GNUC__)
#  define YJPI__PRINTF(a, b) __attribute__((format(printf, a, b)))
#  define YJPI__LIKELY(x) __builtin_expect(!!(x), 1)
#  define YJPI__UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#  define YJPI__PRINTF(a, b)
#  define YJPI__LIKELY(x) (x)
#  define YJPI__UNLIKELY(x) (x)
#endif

/* ---- Allocation (alloc.c): every allocation goes through these ---------- */

void *yjpi__malloc(size_t size);
void *yjpi__calloc(size_t n, size_t size);   /* overflow-checked, zeroed */
void *yjpi__realloc(void *ptr, size_t size);
/* realloc for arrays: n * size with overflow check; NULL on failure (ptr kept) */
void *yjpi__reallocarray(void *ptr, size_t n, size_t size);
void yjpi__free(void *ptr);
/* True while no allocator hook is installed (the default allocator is
 * thread-safe; a user's hook may not be, so the CSV reader's parallel path
 * only runs without one). */
bool yjpi__allocator_is_default(void);
/* Advice that a large block from the allocator be backed by huge pages
 * (no effect with a user allocator, small blocks or other systems). */
void yjpi__advise_huge(void *p, size_t size);
char *yjpi__strdup(const char *s);
char *yjpi__strndup(const char *s, size_t n);

/* ---- Errors (error.c) ---------------------------------------------------- */

/* Clears *err (if not NULL) to "no error". */
void yjpi__error_clear(yjpi_error *err);
/*
 * Fills *err (if not NULL): code, source, line, column, and a message
 * "SOURCE:LINE:COLUMN: <fmt...>" (the location prefix shortens to
 * "SOURCE:LINE:" / "SOURCE:" / nothing when line/column/source are 0/NULL).
 * Returns code, so callers can `return yjpi__error_set(...)`.
 */
int yjpi__error_set(yjpi_error *err, int code, const char *source,
                    uint64_t line, uint64_t column, const char *fmt, ...)
    YJPI__PRINTF(6, 7);
int yjpi__error_setv(yjpi_error *err, int code, const char *source,
                     uint64_t line, uint64_t column, const char *fmt,
                     va_list ap);
/* Appends ` (column NAME, value "VALUE")` style detail: writes into buf a
 * printable, quoted, length-limited copy of value (escapes control bytes,
 * cuts at 60 bytes with "...").  Returns buf. */
char *yjpi__quote_value(char *buf, size_t size, const char *value, size_t len);

/* ---- String interning (strtab.c) ---------------------------------------- */

/* a[0..n) == b[0..n), inline for the short strings of a cohort file (ids,
 * codes, labels): two overlapping loads up to 16 bytes, memcmp beyond. */
static inline bool yjpi__bytes_equal(const char *a, const char *b, size_t n)
{
    if (n >= 8) {
        if (n > 16)
            return memcmp(a, b, n) == 0;
        uint64_t x0, y0, x1, y1;
        memcpy(&x0, a, 8);
        memcpy(&y0, b, 8);
        memcpy(&x1, a + n - 8, 8);
        memcpy(&y1, b + n - 8, 8);
        return ((x0 ^ y0) | (x1 ^ y1)) == 0;
    }
    if (n >= 4) {
        uint32_t x0, y0, x1, y1;
        memcpy(&x0, a, 4);
        memcpy(&y0, b, 4);
        memcpy(&x1, a + n - 4, 4);
        memcpy(&y1, b + n - 4, 4);
        return ((x0 ^ y0) | (x1 ^ y1)) == 0;
    }
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* A small direct-mapped cache of strings up to 32 bytes: each entry keeps
 * the string as its four words (yjpi__words), its length and a value.
 * Zeroed = empty. */
#define YJPI__SCACHE_BITS 8
#define YJPI__SCACHE_SIZE (1u << YJPI__SCACHE_BITS)
typedef struct yjpi__scache {
    struct { uint64_t w[4]; uint32_t len1; uint32_t value; } e[YJPI__SCACHE_SIZE];
} yjpi__scache;

/* A string of up to 32 bytes as four words: w[k] holds bytes 8k..8k+7,
 * zero past the end.  Two strings of one length are equal exactly when
 * their words are.  Reads only the string's own bytes. */
static inline void yjpi__words(const char *s, size_t len, uint64_t w[4])
{
    w[0] = w[1] = w[2] = w[3] = 0;
    size_t k = 0;
    for (; k + 8 <= len; k += 8)
        memcpy(&w[k / 8], s + k, 8);
    size_t r = len - k;
    if (!r)
        return;
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
    /* the shifts below place bytes as a little-endian machine holds them */
    memcpy(&w[k / 8], s + k, r);
#else
    uint64_t x;
    if (len >= 8) {
        /* the last r bytes, from the word that ends with them */
        memcpy(&x, s + len - 8, 8);
        x >>= 8 * (8 - r);
    } else if (r >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, s, 4);
        memcpy(&hi, s + r - 4, 4);
        x = lo | ((uint64_t)hi >> (8 * (8 - r))) << 32;
    } else {
        x = (unsigned char)s[0];
        if (r > 1)
            x |= (uint64_t)(unsigned char)s[1] << 8;
        if (r > 2)
            x |= (uint64_t)(unsigned char)s[2] << 16;
    }
    w[k / 8] = x;
#endif
}

/* 32 zero bytes: the padded text of an absent field. */
extern const char yjpi__zero_pad[32];
/* 32 bytes 0xFF then 32 zero bytes: from byte 32 - n, a mask of n bytes. */
extern const unsigned char yjpi__len_mask[64];

/* yjpi__words() where 32 bytes may be read from s (a reader's buffer has
 * room after its end): four loads, each and-ed with its part of the mask
 * of len bytes, without a branch. */
static inline void yjpi__words_padded(const char *s, size_t len, uint64_t w[4])
{
    const unsigned char *m = yjpi__len_mask + 32 - len;
    uint64_t x[4], y[4];
    memcpy(x, s, 32);
    memcpy(y, m, 32);
    w[0] = x[0] & y[0];
    w[1] = x[1] & y[1];
    w[2] = x[2] & y[2];
    w[3] = x[3] & y[3];
}

/* The cache entry of a string of length len whose words xor to x (one
 * multiply: a collision only costs a miss). */
static inline size_t yjpi__scache_index(uint64_t x, size_t len)
{
    return (size_t)(((x ^ len) * 0x9E3779B97F4A7C15ULL) >> (64 - YJPI__SCACHE_BITS));
}

/* The value cached for the string with words w and length len <= 32
 * (true), or false with *slot set for a store. */
static inline bool yjpi__scache_get(const yjpi__scache *c, const uint64_t w[4],
                                    size_t len, uint32_t *value, size_t *slot)
{
    size_t i = yjpi__scache_index(w[0] ^ w[1] ^ w[2] ^ w[3], len);
    *slot = i;
    const uint64_t *ew = c->e[i].w;
    if (((ew[0] ^ w[0]) | (ew[1] ^ w[1]) | (ew[2] ^ w[2]) | (ew[3] ^ w[3]) |
         (uint64_t)(c->e[i].len1 ^ (uint32_t)(len + 1))) == 0) {
        *value = c->e[i].value;
        return true;
    }
    return false;
}

/* yjpi__scache_get() for a text of len <= 32 bytes at s where 32 bytes
 * may be read (yjpi__words_padded), its words also left in w: with SSE2
 * the words are two masked 16-byte loads, compared with the entry's in
 * two instructions. */
static inline bool yjpi__scache_get_padded(const yjpi__scache *c, const char *s,
                                           size_t len, uint32_t *value, size_t *slot,
                                           uint64_t w[4])
{
#if defined(__SSE2__) && defined(__x86_64__) && !defined(YJPI_NO_SIMD)
    const unsigned char *m = yjpi__len_mask + 32 - len;
    __m128i k0 = _mm_and_si128(_mm_loadu_si128((const __m128i *)(const void *)s),
                               _mm_loadu_si128((const __m128i *)(const void *)m));
    __m128i k1 = _mm_and_si128(_mm_loadu_si128((const __m128i *)(const void *)(s + 16)),
                               _mm_loadu_si128((const __m128i *)(const void *)(m + 16)));
    _mm_storeu_si128((__m128i *)(void *)w, k0);
    _mm_storeu_si128((__m128i *)(void *)(w + 2), k1);
    /* w[0] ^ w[1] ^ w[2] ^ w[3] */
    __m128i x = _mm_xor_si128(k0, k1);
    size_t i = yjpi__scache_index((uint64_t)_mm_cvtsi128_si64(x) ^
                                  (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(x, x)),
                                  len);
    *slot = i;
    const __m128i *e = (const __m128i *)(const void *)c->e[i].w;
    __m128i eq = _mm_and_si128(_mm_cmpeq_epi8(k0, _mm_loadu_si128(e)),
                               _mm_cmpeq_epi8(k1, _mm_loadu_si128(e + 1)));
    if (_mm_movemask_epi8(eq) == 0xFFFF && c->e[i].len1 == (uint32_t)len + 1) {
        *value = c->e[i].value;
        return true;
    }
    return false;
#else
    yjpi__words_padded(s, len, w);
    return yjpi__scache_get(c, w, len, value, slot);
#endif
}

static inline void yjpi__scache_put(yjpi__scache *c, size_t slot, size_t len,
                                    const uint64_t w[4], uint32_t value)
{
    memcpy(c->e[slot].w, w, sizeof c->e[slot].w);
    c->e[slot].len1 = (uint32_t)len + 1;
    c->e[slot].value = value;
}

/* Maps byte strings to dense indices 0..count-1, in first-seen order.
 * Open addressing with linear probing; each slot holds the string's index
 * and 32 more bits of its hash (a tag), so that a probe reads one slot and
 * only touches the string itself when the tag matches. */
typedef struct yjpi__strtab {
    uint64_t *slots;     /* 0 = empty, else (tag << 32) | (index + 1) */
    size_t n_slots;      /* power of two */
    uint32_t *offsets;   /* offsets[i]: start of string i in chars */
    uint32_t *lengths;
    size_t count, cap;
    char *chars;         /* NUL-terminated strings back to back */
    size_t chars_len, chars_cap;
    size_t pending;      /* the last `pending` strings are not in the slots
                          * (a merge left them out): entered before the
                          * next intern; find looks at them one by one */
} yjpi__strtab;

void yjpi__strtab_init(yjpi__strtab *t);
void yjpi__strtab_free(yjpi__strtab *t);
/* Index of s[0..len) (added when new).  Returns YJPI_OK, YJPI_E_NOMEM or
 * YJPI_E_LIMIT (more than 2^32-2 strings / 4 GiB of text). */
int yjpi__strtab_intern(yjpi__strtab *t, const char *s, size_t len, uint32_t *index);
/* The same with h = yjpi__hash(s, len) already computed. */
int yjpi__strtab_intern_hashed(yjpi__strtab *t, const char *s, size_t len,
                               uint64_t h, uint32_t *index);
/* Makes room for `n` strings in all without growing the slots again. */
int yjpi__strtab_reserve(yjpi__strtab *t, size_t n);
/* Index of s, or UINT32_MAX when absent. */
uint32_t yjpi__strtab_find(const yjpi__strtab *t, const char *s, size_t len);
/* Merging src into t on two threads (csv.c): each thread looks up a range
 * of src's strings in t (read only; map[i] = index or UINT32_MAX); then one
 * thread appends the missing ones to t's strings without touching the
 * slots (map completed); then each thread enters a range of t's strings
 * into a new slot array of yjpi__strtab_slots_for(count) entries from
 * yjpi__strtab_new_slots (compare-and-swap, so the ranges may be filled at
 * once); finally set_slots installs it. */
void yjpi__strtab_find_range(const yjpi__strtab *t, const yjpi__strtab *src,
                             size_t i0, size_t i1, uint32_t *map);
int yjpi__strtab_append_missing(yjpi__strtab *t, const yjpi__strtab *src,
                                uint32_t *map);
size_t yjpi__strtab_slots_for(size_t count);
/* A zeroed slot array of n entries (with huge-page advice). */
uint64_t *yjpi__strtab_new_slots(size_t n);
void yjpi__strtab_slots_fill(const yjpi__strtab *t, uint64_t *slots,
                             size_t n_slots, size_t i0, size_t i1);
void yjpi__strtab_set_slots(yjpi__strtab *t, uint64_t *slots, size_t n_slots);
/* Enters the pending strings into the slots (rebuilt). */
int yjpi__strtab_settle(yjpi__strtab *t);
static inline const char *yjpi__strtab_get(const yjpi__strtab *t, uint32_t i)
{
    return t->chars + t->offsets[i];
}
static inline size_t yjpi__strtab_count(const yjpi__strtab *t) { return t->count; }
/* Hash of a byte string; slot positions use its low bits, tags the high
 * 32.  Ids, codes and labels are mostly short: up to 32 bytes they are
 * their four words (yjpi__words) multiplied apart and mixed, inline. */
static inline uint64_t yjpi__hash_mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}
uint64_t yjpi__hash_long(const char *s, size_t len);
/* yjpi__hash() of a string of up to 32 bytes from its words: the words
 * multiplied apart and mixed. */
static inline uint64_t yjpi__words_hash(const uint64_t w[4], size_t len)
{
    return yjpi__hash_mix((w[0] * 0x9E3779B97F4A7C15ULL) ^ (w[1] * 0xC2B2AE3D27D4EB4FULL) ^
                          (w[2] * 0xD6E8FEB86659FD93ULL) ^
                          ((w[3] ^ len) * 0xFF51AFD7ED558CCDULL));
}
/* The hash, with the words read by yjpi__words_padded when `padded` (32
 * bytes may be read from s), else by yjpi__words: the same either way. */
static inline uint64_t yjpi__hash_words_of(const char *s, size_t len, bool padded)
{
    if (len > 32)
        return yjpi__hash_long(s, len);
    uint64_t w[4];
    if (padded)
        yjpi__words_padded(s, len, w);
    else
        yjpi__words(s, len, w);
    return yjpi__words_hash(w, len);
}
static inline uint64_t yjpi__hash(const char *s, size_t len)
{
    return yjpi__hash_words_of(s, len, false);
}
static inline uint64_t yjpi__hash_padded(const char *s, size_t len)
{
    return yjpi__hash_words_of(s, len, true);
}
/* Starts loading the slot a string of hash h is looked up in, so that a
 * lookup some work later does not wait for memory. */
static inline void yjpi__strtab_prefetch(const yjpi__strtab *t, uint64_t h)
{
#if defined(__GNUC__)
    if (t->n_slots)
        __builtin_prefetch(&t->slots[(size_t)h & (t->n_slots - 1)]);
#else
    (void)t;
    (void)h;
#endif
}

/* ---- Threads (common/threads.c): the one door to a second thread ------- */

typedef struct yjpi__thread {
    pthread_t tid;
} yjpi__thread;
/* Starts fn(arg) on a new thread: true when it runs (then join it), false
 * when none could be started (the caller then does the work itself). */
bool yjpi__thread_start(yjpi__thread *t, void *(*fn)(void *), void *arg);
/* Waits for t, started, to end. */
void yjpi__thread_join(yjpi__thread *t);
/* fn(a) on this thread and fn(b) on a second one, when `two` and a thread
 * starts (they must touch disjoint data); else fn(a) then fn(b) here.
 * Returns whether two threads ran. */
bool yjpi__run_two(void (*fn)(void *), void *a, void *b, bool two);

/* ---- Tuning (common/tuning.c): the one door for the tests' knobs ---------
 * The thresholds of the two-thread paths and the scan width, which the
 * tests lower or force, and the counters they read to know which path ran,
 * are the fields of one struct: every 0 means the default.  The library
 * reads them; only tests and fuzz targets write them, each under its old
 * name (the macros below). */
typedef struct yjpi__tuning {
    /* Bytes per read(2)/fread of the CSV reader (0 = 128 KiB). */
    size_t csv_chunk_size;
    /* Regular files of at least this many bytes are parsed by two threads
     * (input/csv.c; UINT64_MAX turns the parallel path off; 0 = 8 MiB). */
    uint64_t csv_parallel_min;
    /* A half of a two-thread read gives the end of its range to the other
     * thread when that one is done first and at least twice this many bytes
     * remain (0 = 4 MiB).  With steal_wait 1 the first half (2: the second)
     * waits for the other to be done before reading on, so that a piece is
     * always given. */
    uint64_t csv_steal_min;
    int csv_steal_wait;
    /* Bytes a step of the plain-row scan: 0 the widest the processor has
     * (64 with AVX-512 BW and VBMI2, else 32 with AVX2), 32 at most AVX2,
     * 16 the baseline SSE2 scan.  csv_scan_used: the width the last read
     * chose (0: none, rows scanned one by one). */
    int csv_scan_width;
    int csv_scan_used;
    /* The two-thread read's cut is searched for from this byte offset
     * instead of the middle (0 = the middle; the fuzz targets). */
    uint64_t csv_split_from;
    /* yjpi_compute walks the persons with two threads when the dataset
     * keeps at least this many rows (measures/indicators.c; SIZE_MAX turns
     * it off; 0 = 200,000). */
    size_t walk_parallel_min;
    /* yjpi_dataset_finish checks the rows' order on two threads from this
     * many rows (model/dataset.c; SIZE_MAX turns it off; 0 = 1,000,000);
     * check_second_first: the second half of that check done before the
     * first starts. */
    size_t check_parallel_min;
    int check_second_first;
    /* How many reads took the two-thread path, how many of them had a
     * piece of one half read by the other thread, how many computations
     * split the walk and how many order checks took two threads
     * (incremented atomically). */
    uint64_t csv_parallel_runs;
    uint64_t csv_steal_runs;
    uint64_t walk_parallel_runs;
    uint64_t check_parallel_runs;
} yjpi__tuning;
extern yjpi__tuning yjpi__tune;

#define yjpi__csv_chunk_size (yjpi__tune.csv_chunk_size)
#define yjpi__csv_parallel_min (yjpi__tune.csv_parallel_min)
#define yjpi__csv_steal_min (yjpi__tune.csv_steal_min)
#define yjpi__csv_steal_wait (yjpi__tune.csv_steal_wait)
#define yjpi__csv_scan_width (yjpi__tune.csv_scan_width)
#define yjpi__csv_scan_used (yjpi__tune.csv_scan_used)
#define yjpi__csv_split_from (yjpi__tune.csv_split_from)
#define yjpi__walk_parallel_min (yjpi__tune.walk_parallel_min)
#define yjpi__check_parallel_min (yjpi__tune.check_parallel_min)
#define yjpi__check_second_first (yjpi__tune.check_second_first)
#define yjpi__csv_parallel_runs (yjpi__tune.csv_parallel_runs)
#define yjpi__csv_steal_runs (yjpi__tune.csv_steal_runs)
#define yjpi__walk_parallel_runs (yjpi__tune.walk_parallel_runs)
#define yjpi__check_parallel_runs (yjpi__tune.check_parallel_runs)

/* ---- Name tables (common/vocab.c) ------------------------------------- */

/* An outcome code's text (NULL for 0), its length and its tier. */
struct yjpi__outcome_info {
    const char *name;
    uint8_t len;
    uint8_t tier;
};
extern const struct yjpi__outcome_info yjpi__outcomes[YJPI_OUTCOME_COUNT_];

/* ---- Dates (date.c) ------------------------------------------------------ */

/* Fast unchecked civil conversions (valid for years 1..9999). */
yjpi_date yjpi__days_from_civil(int y, int m, int d);
void yjpi__civil_from_days(yjpi_date z, int *y, int *m, int *d);
int yjpi__days_in_month(int y, int m);
bool yjpi__is_leap(int y);

/* ---- Reference (reference.c) --------------------------------------------- */

/* Deep copy (NULL -> a default reference).  NULL when out of memory. */
yjpi_reference *yjpi__reference_clone(const yjpi_reference *ref);
/* The reference's own population of all areas together ("*") for (group,
 * year; group NULL = whole population), not a sum over areas: YJPI_OK or
 * YJPI_E_NOT_FOUND. */
int yjpi__reference_star_population(const yjpi_reference *ref, const char *group, int year,
                                    double *out);
/* Options without the size dance (ref may be NULL: defaults). */
void yjpi__reference_options(const yjpi_reference *ref, yjpi_options *out);

/* ---- Dataset (dataset.c, csv.c) ------------------------------------------ */

/* One kept row: 36 bytes. */
typedef struct yjpi__row {
    uint32_t person;        /* index in ds->persons */
    yjpi_date birth;
    yjpi_date offence;
    yjpi_date outcome;
    yjpi_date release;      /* YJPI_NO_DATE when empty */
    uint32_t area;          /* index in ds->areas */
    uint32_t ethnicity;     /* index in ds->ethnicities ("" = unknown) */
    uint32_t offence_type;  /* index in ds->offence_types ("" = unknown) */
    uint8_t outcome_code;   /* yjpi_outcome */
    uint8_t tier;           /* yjpi_tier */
    uint8_t sex;            /* yjpi_sex */
    uint8_t breach;         /* 0 or 1 */
} yjpi__row;

/* The canonical column order (also yjpi_record order and the record API's
 * column numbers, 1-based). */
enum {
    YJPI__COL_PERSON_ID = 0,
    YJPI__COL_BIRTH_DATE,
    YJPI__COL_AREA,
    YJPI__COL_OFFENCE_DATE,
    YJPI__COL_OUTCOME_DATE,
    YJPI__COL_OUTCOME,
    YJPI__COL_RELEASE_DATE,
    YJPI__COL_SEX,
    YJPI__COL_ETHNICITY,
    YJPI__COL_OFFENCE_TYPE,
    YJPI__COL_BREACH,
    YJPI__NCOLS
};
extern const char *const yjpi__column_names[YJPI__NCOLS];

/* A date text's value in a direct-mapped cache of YJPI__DATE_SLOTS, keyed
 * by the text's first 8 and last 2 bytes (text 0: empty), with the 10th
 * birthday as days after the date.  The days of a month are neighbours
 * (yjpi__date_slot_of), so the dates of a file take few cache lines. */
typedef struct yjpi__date_slot {
    uint64_t text;
    uint16_t tail;
    int16_t b10;
    yjpi_date date;
} yjpi__date_slot;
#define YJPI__DATE_MONTH_BITS 12
#define YJPI__DATE_SLOTS ((size_t)32 << YJPI__DATE_MONTH_BITS)
/* The slot of a 10-byte text "YYYY-MM-DD" (bytes 0-7 in text, 8-9 in
 * tail, little-endian): a block of 32 for "YYYY-MM-" (hashed) and the day
 * in it, from the low bits of its digits; any bytes give a slot in range,
 * and a text that is not a date only ever misses. */
static inline size_t yjpi__date_slot_of(uint64_t text, uint16_t tail)
{
    size_t month = (size_t)((text * 0x9E3779B97F4A7C15ULL) >> (64 - YJPI__DATE_MONTH_BITS));
    size_t day = ((size_t)(tail & 3) * 10 + (size_t)(tail >> 8 & 15)) & 31;
    return month << 5 | day;
}
#define YJPI__DATE_CACHE_AFTER 4096

struct yjpi_dataset {
    yjpi_reference *ref;      /* private copy: outcome_map, options */
    yjpi_options opts;
    yjpi__row *rows;
    size_t n_rows, cap_rows;
    yjpi__strtab persons, areas, ethnicities, offence_types;
    uint64_t counts[16];      /* by yjpi_count */
    uint64_t rejected[YJPI_CODE_MAX_ + 1];
    char **messages; size_t n_messages, cap_messages;
    char **notes; size_t n_notes, cap_notes;
    /* per canonical column: "FILE:1:1: note: no "NAME" column" for the
     * first CSV read without that optional column, NULL while every CSV
     * had it (yjpi_dataset_missing_column) */
    char *missing[YJPI__NCOLS];
    uint64_t record_calls;    /* yjpi_dataset_add_record() calls so far */
    bool finished;
    /* A yjpi_dataset_read_csv*() call on this dataset has not returned yet
     * (set by the calling thread for the whole call, both reading paths):
     * every public call that changes or consumes the dataset refuses it
     * (YJPI_E_STATE), so a progress callback cannot pull it from under
     * the reader. */
    bool reading;
    /* Filled by yjpi_dataset_finish(): rows sorted by (person, outcome,
     * offence, file order); rows of person p are
     * rows[person_start[p] .. person_start[p+1]). */
    size_t *person_start;     /* persons.count + 1 entries */
    uint32_t *area_order;     /* area indices sorted by code */
    yjpi_date first_outcome, last_outcome;
    /* Reading caches (dataset.c): the person of the last kept row
     * (UINT32_MAX = none), so a person's run of rows skips hashing; and
     * the resolved code of each distinct outcome text seen (0 = neither
     * known nor mapped), at most YJPI__OUTCOME_CACHE_MAX texts. */
    uint32_t last_person;
    /* indices of recent areas, ethnicities and offence types, and codes of
     * recent outcome texts (emptied whenever the tables are) */
    yjpi__scache area_cache, ethnicity_cache, offence_type_cache, outcome_cache;
    /* dates read, by text (a cohort's dates are some thousands of days):
     * made once YJPI__DATE_CACHE_AFTER dates were parsed; NULL before, or
     * when that failed (dates are then parsed each time) */
    yjpi__date_slot *dates;
    uint32_t dates_parsed;
    bool one_thread;        /* a read asked for the calling thread only */
    yjpi__strtab outcome_texts;
    uint8_t *outcome_codes;
    size_t cap_outcome_codes;
};

#define YJPI__OUTCOME_CACHE_MAX 1024
/* Cohort file limits: bytes of one field's content, and bytes of one row
 * (excluding its line end; a quoted field may make a row span lines). */
#define YJPI__FIELD_MAX 4096
/* Dates in a cohort file are at most 9998-12-31: periods end by
 * 9999-01-01 (month arithmetic stays within years 1..9999). */
#define YJPI__YEAR_MAX 9998
#define YJPI__ROW_MAX 65536
/* Header rows with more columns than this are refused (YJPI_E_LIMIT). */
#define YJPI__MAX_COLUMNS 1024

/* A field's bytes (not terminated); ptr may be NULL when len is 0. */
typedef struct yjpi__field {
    const char *ptr;
    size_t len;
} yjpi__field;

/*
 * The one validator both producers (CSV rows, yjpi_dataset_add_record) go
 * through.  f[] holds the YJPI__NCOLS fields in canonical order (absent
 * optional columns: len 0).  Counts the row as read and then as kept,
 * excluded or rejected.
 * Returns YJPI_OK (kept or excluded), YJPI_E_NOMEM / YJPI_E_LIMIT (row not
 * counted at all), or a field-value code: then *bad_col is the canonical
 * column at fault and msg holds `what is wrong (column NAME, value "...")`
 * without the location prefix.
 */
int yjpi__dataset_add_fields(yjpi_dataset *ds, const yjpi__field f[YJPI__NCOLS],
                             int *bad_col, char *msg, size_t msg_size);
/* What a fast reader knows of a row, which spares the validator work (the
 * result is the same without it: yjpi__dataset_add_fields). */
enum { YJPI__PERSON_UNKNOWN, YJPI__PERSON_SAME, YJPI__PERSON_HASHED };
typedef struct yjpi__row_hint {
    /* the fields are in a buffer that can be read 32 bytes past any
     * field's start (yjpi__words_padded) */
    bool padded;
    /* the person id: nothing known (YJPI__PERSON_UNKNOWN); the text of
     * ds->last_person (YJPI__PERSON_SAME); or its hash is `hash`
     * (YJPI__PERSON_HASHED: a reader working a few rows ahead prefetched
     * its slot, and it is most likely not the last person) */
    int person;
    uint64_t hash;
} yjpi__row_hint;
/* yjpi__dataset_add_fields() with a reader's hint (NULL: none). */
int yjpi__dataset_add_fields_hint(yjpi_dataset *ds, const yjpi__field f[YJPI__NCOLS],
                                  const yjpi__row_hint *hint,
                                  int *bad_col, char *msg, size_t msg_size);
/* The validator's date parser (tests): 0 ok, 1 malformed, 2 not a
 * calendar date. */
int yjpi__validator_date(const char *s, size_t n, yjpi_date *out);
/* Counts a row rejected by the reader (structural error) as read + rejected. */
void yjpi__dataset_reject(yjpi_dataset *ds, int code);
/* Keeps a copy of msg among the messages (when fewer than max are kept). */
int yjpi__dataset_keep_message(yjpi_dataset *ds, const char *msg, size_t max);
/* Keeps a copy of a note. */
int yjpi__dataset_add_note(yjpi_dataset *ds, const char *msg);
/* Records that a CSV read into ds lacks optional column `col`, with the
 * note text; only the first such file is kept.  0 or YJPI_E_NOMEM. */
int yjpi__dataset_missing_column(yjpi_dataset *ds, int col, const char *note);

/* ---- Reoffending rules (reoffending.c) ----------------------------------
 * The per-person rules of the proven reoffending measure, shared by
 * yjpi_compute()'s person walk (indicators.c) and the cohort member listing
 * (cohort.c) so that the two cannot disagree.  The per-row tests are inline:
 * the walk calls them for every row. */

/* A young person: aged 10 to 17 on the day that counts. */
static inline bool yjpi__young(int age) { return age >= 10 && age <= 17; }

/* The day a row's age is taken on (offence or outcome date). */
static inline yjpi_date yjpi__age_day(const yjpi__row *r, bool by_outcome)
{
    return by_outcome ? r->outcome : r->offence;
}

/* What a row is to the reoffending measure. */
enum {
    YJPI__NOT_INDEX = 0,     /* informal, or not a young person */
    YJPI__INDEX,             /* an index event on *idx */
    YJPI__NO_RELEASE         /* custody without a release date: counted on
                              * its outcome date, never an index event */
};

/* Classifies row r whose person is aged `age` on its age day: formal
 * non-custodial rows are index events on the outcome date, custodial ones
 * on the release date. */
static inline int yjpi__index_event(const yjpi__row *r, int age, yjpi_date *idx)
{
    if (r->tier == YJPI_TIER_INFORMAL || !yjpi__young(age))
        return YJPI__NOT_INDEX;
    if (r->tier == YJPI_TIER_CUSTODY) {
        if (r->release == YJPI_NO_DATE)
            return YJPI__NO_RELEASE;
        *idx = r->release;
    } else {
        *idx = r->outcome;
    }
    return YJPI__INDEX;
}

/* A person's earliest index event in one cohort so far. */
typedef struct yjpi__best_index {
    yjpi_date date;
    uint32_t row;   /* offset in the person's rows; UINT32_MAX = none */
} yjpi__best_index;

/* Offers index event `row` on `idx` to b, keeping the earliest (the first
 * row on ties).  Returns true when b had none before. */
static inline bool yjpi__best_index_offer(yjpi__best_index *b, yjpi_date idx,
                                          uint32_t row)
{
    if (b->row == UINT32_MAX) {
        b->date = idx;
        b->row = row;
        return true;
    }
    if (idx < b->date) {
        b->date = idx;
        b->row = row;
    }
    return false;
}

/* The follow-up of one cohort member. */
typedef struct yjpi__followup {
    yjpi_date index;
    yjpi_date fu_end;    /* index + followup_months */
    yjpi_date wait_end;  /* index + followup_months + waiting_months */
    yjpi_date out_lim;   /* last outcome date that counts: min(wait_end, as_of) */
    bool provisional;    /* wait_end > as_of: the waiting period is not over */
} yjpi__followup;

void yjpi__followup_init(yjpi__followup *f, yjpi_date index,
                         const yjpi_options *o, yjpi_date as_of);
/* The same with fu_end and wait_end already computed (as followup_init
 * computes them: index plus the follow-up, and plus the waiting period). */
static inline void yjpi__followup_set(yjpi__followup *f, yjpi_date index,
                                      yjpi_date fu_end, yjpi_date wait_end,
                                      yjpi_date as_of)
{
    f->index = index;
    f->fu_end = fu_end;
    f->wait_end = wait_end;
    f->out_lim = wait_end < as_of ? wait_end : as_of;
    f->provisional = wait_end > as_of;
}
/* Re-offences of the member in its person's rows (sorted by outcome date):
 * formal non-breach rows with offence in (index, fu_end] and outcome on or
 * before out_lim.  *first (when not NULL) gets the earliest such offence
 * date, YJPI_NO_DATE when none. */
uint64_t yjpi__reoffences(const yjpi__row *rows, size_t nr,
                          const yjpi__followup *f, yjpi_date *first);
/* Whether an empty cohort in `period` is provisional: its last possible
 * member's waiting period ends after as_of. */
bool yjpi__empty_cohort_provisional(const yjpi_period *period,
                                    const yjpi_options *o, yjpi_date as_of);

/* ---- Data coverage (indicators.c) ---------------------------------------- */

/* The data's as_of: the reference's, else the dataset's last outcome_date
 * (YJPI_NO_DATE when neither exists). */
yjpi_date yjpi__data_as_of(const yjpi_dataset *ds, const yjpi_reference *ref);
/* YJPI_E_RANGE, with "period P starts after the data's as_of date D" in
 * err, when p starts after as_of (a known date); YJPI_OK otherwise. */
int yjpi__check_coverage(const yjpi_period *p, yjpi_date as_of, yjpi_error *err);

/* ---- Statistics (stats.c) ---------------------------------------------- */

/* z(1 - alpha/2) for a two-sided interval at `confidence` in (0,1), from
 * GSL's normal quantile.  Returns YJPI_OK, YJPI_E_ARGUMENT (level not in
 * (0,1), z NULL) or YJPI_E_NUMERIC. */
int yjpi__z_two_sided(double confidence, double *z);
/* The chi-square quantile with upper-tail probability `tail` in (0,1) and
 * nu > 0 degrees of freedom, e.g. tail = 0.002, nu = 1 gives 9.5495 (the
 * trend test's critical value).  Returns YJPI_OK, YJPI_E_ARGUMENT or
 * YJPI_E_NUMERIC. */
int yjpi__chisq_upper_quantile(double tail, double nu, double *q);

#endif
