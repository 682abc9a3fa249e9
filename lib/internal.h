/*
 * internal.h - private declarations shared by the library's sources.
 * Never installed.  Private names use the yjpi__ prefix.
 */
#ifndef YJPI_INTERNAL_H
#define YJPI_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "yjpi.h"

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

/* Maps byte strings to dense indices 0..count-1, in first-seen order. */
typedef struct yjpi__strtab {
    uint32_t *slots;     /* open addressing: index+1, 0 = empty */
    size_t n_slots;      /* power of two */
    uint32_t *offsets;   /* offsets[i]: start of string i in chars */
    uint32_t *lengths;
    uint64_t *hashes;
    size_t count, cap;
    char *chars;         /* NUL-terminated strings back to back */
    size_t chars_len, chars_cap;
} yjpi__strtab;

void yjpi__strtab_init(yjpi__strtab *t);
void yjpi__strtab_free(yjpi__strtab *t);
/* Index of s[0..len) (added when new).  Returns YJPI_OK, YJPI_E_NOMEM or
 * YJPI_E_LIMIT (more than 2^32-2 strings / 4 GiB of text). */
int yjpi__strtab_intern(yjpi__strtab *t, const char *s, size_t len, uint32_t *index);
/* Index of s, or UINT32_MAX when absent. */
uint32_t yjpi__strtab_find(const yjpi__strtab *t, const char *s, size_t len);
static inline const char *yjpi__strtab_get(const yjpi__strtab *t, uint32_t i)
{
    return t->chars + t->offsets[i];
}
static inline size_t yjpi__strtab_count(const yjpi__strtab *t) { return t->count; }
uint64_t yjpi__hash(const char *s, size_t len);

/* ---- Dates (date.c) ------------------------------------------------------ */

/* Fast unchecked civil conversions (valid for years 1..9999). */
yjpi_date yjpi__days_from_civil(int y, int m, int d);
void yjpi__civil_from_days(yjpi_date z, int *y, int *m, int *d);
int yjpi__days_in_month(int y, int m);
bool yjpi__is_leap(int y);

/* ---- Reference (reference.c) --------------------------------------------- */

/* Deep copy (NULL -> a default reference).  NULL when out of memory. */
yjpi_reference *yjpi__reference_clone(const yjpi_reference *ref);
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
    uint64_t record_calls;    /* yjpi_dataset_add_record() calls so far */
    bool finished;
    /* Filled by yjpi_dataset_finish(): rows sorted by (person, outcome,
     * offence, file order); rows of person p are
     * rows[person_start[p] .. person_start[p+1]). */
    size_t *person_start;     /* persons.count + 1 entries */
    uint32_t *area_order;     /* area indices sorted by code */
    yjpi_date first_outcome, last_outcome;
};

#endif
