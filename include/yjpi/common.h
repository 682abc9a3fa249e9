/*
 * yjpi/common.h - export macro, version, status codes, the error struct and
 * the allocator hook.  Included by <yjpi.h>; not meant to be included alone.
 *
 * Conventions that hold for the whole API
 * ---------------------------------------
 * - Every function that can fail returns an int status: YJPI_OK (0) or one of
 *   the numbered yjpi_code values below.  Codes are never renumbered.
 * - Functions taking a `yjpi_error *err` fill it on failure (and clear it on
 *   success); err may be NULL when the caller does not want details.
 * - Handles (yjpi_dataset, yjpi_reference, yjpi_results) are opaque, created by
 *   a *_new/_load function and released by the matching *_free, which accepts
 *   NULL.
 * - Strings returned as `const char *` are owned by the handle they came from
 *   and stay valid until that handle is freed, unless documented otherwise.
 * - Structs that may grow start with a `size` member: the caller sets it to
 *   sizeof(the struct) before passing it in; the library never reads or writes
 *   beyond that size.  Use YJPI_INIT(x) to do that.
 * - The library never prints, never exits and never aborts.  It never changes
 *   GSL's process-wide error handler: it validates every argument before
 *   calling GSL so that GSL's error paths are not reached, and checks every
 *   result.
 * - Dates are `yjpi_date`: days since 1970-01-01 in the proleptic Gregorian
 *   calendar.
 */
#ifndef YJPI_COMMON_H
#define YJPI_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && defined(YJPI_BUILDING_DLL)
#  define YJPI_API __declspec(dllexport)
#elif defined(_WIN32) && !defined(YJPI_STATIC)
#  define YJPI_API __declspec(dllimport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define YJPI_API __attribute__((visibility("default")))
#else
#  define YJPI_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Version ----------------------------------------------------------- */

/* YJPI_VERSION_MAJOR, _MINOR, _PATCH, _HEX (0xMMmmpp) and _STRING: the
 * version of these headers, from the build (yjpi/version.h). */
#include "yjpi/version.h"

/** Runtime version of the linked library as 0xMMmmpp. */
YJPI_API unsigned yjpi_version_number(void);
/** Runtime version of the linked library, e.g. "0.1.0"; static storage. */
YJPI_API const char *yjpi_version(void);

/** Sets the `size` member of a growable struct and zeroes the rest. */
#define YJPI_INIT(x) \
    do { memset(&(x), 0, sizeof(x)); (x).size = sizeof(x); } while (0)

/* ---- Status codes ------------------------------------------------------ */

/**
 * Result codes.  Numbered explicitly; a number is never reused or changed.
 * Codes 10-29 are also the kinds by which rejected cohort rows are counted
 * (see yjpi_dataset_rejected()).
 */
typedef enum yjpi_code {
    YJPI_OK = 0,
    YJPI_E_NOMEM = 1,            /**< an allocation failed */
    YJPI_E_ARGUMENT = 2,         /**< invalid argument (NULL, out of range) */
    YJPI_E_IO = 3,               /**< a file could not be opened or read */
    YJPI_E_STATE = 4,            /**< handle in the wrong state for the call */
    YJPI_E_NUMERIC = 5,          /**< a numerical routine failed */
    YJPI_E_NOT_FOUND = 6,        /**< the looked-up item does not exist */
    YJPI_E_LIMIT = 7,            /**< an internal limit was exceeded */
    YJPI_E_VERSION = 8,          /**< struct size or version mismatch */

    /* cohort file structure */
    YJPI_E_EMPTY_FILE = 10,      /**< file has no header row */
    YJPI_E_MISSING_COLUMN = 11,  /**< a required column is absent */
    YJPI_E_DUPLICATE_COLUMN = 12,/**< two columns with the same name */
    YJPI_E_RAGGED_ROW = 13,      /**< row has more or fewer fields than the header */
    YJPI_E_QUOTE = 14,           /**< unterminated or misplaced quote */
    YJPI_E_ENCODING = 15,        /**< invalid UTF-8 */
    YJPI_E_NUL_BYTE = 16,        /**< a NUL byte in the input */
    YJPI_E_TOO_LONG = 17,        /**< field or line over the limit */

    /* cohort field values (records from CSV or from code) */
    YJPI_E_EMPTY_FIELD = 20,     /**< a required field is empty */
    YJPI_E_BAD_DATE = 21,        /**< not YYYY-MM-DD or not a calendar date */
    YJPI_E_UNKNOWN_OUTCOME = 22, /**< outcome neither known nor mapped */
    YJPI_E_OUTCOME_BEFORE_OFFENCE = 23, /**< outcome_date < offence_date */
    YJPI_E_RELEASE_BEFORE_OUTCOME = 24, /**< release_date < outcome_date */
    YJPI_E_BIRTH_AFTER_OFFENCE = 25,    /**< birth_date > offence_date */
    YJPI_E_BAD_VALUE = 26,       /**< other invalid value (sex, breach, id length) */

    /* reference file */
    YJPI_E_YAML = 30,            /**< YAML syntax error */
    YJPI_E_UNKNOWN_KEY = 31,
    YJPI_E_DUPLICATE_KEY = 32,
    YJPI_E_ALIAS = 33,           /**< anchors and aliases are not allowed */
    YJPI_E_TAG = 34,             /**< custom tags are not allowed */
    YJPI_E_TYPE = 35,            /**< value of the wrong type or out of range */
    YJPI_E_NESTING = 36,         /**< nested deeper than allowed */
    YJPI_E_MISSING_KEY = 37,     /**< a key a computation needs is absent */

    /* periods */
    YJPI_E_PERIOD = 40,          /**< malformed period text */
    YJPI_E_RANGE = 41,           /**< the period starts after the data's as_of
                                      date: there is no data for it */

    YJPI_CODE_MAX_ = 63          /**< codes stay below this value */
} yjpi_code;

/** Short English description of a code ("invalid date"); static storage,
 *  never NULL (unknown codes give "unknown error"). */
YJPI_API const char *yjpi_strerror(int code);

/* ---- Error details ----------------------------------------------------- */

#define YJPI_ERROR_SOURCE_SIZE 256
#define YJPI_ERROR_MESSAGE_SIZE 768

/**
 * Details of a failure, supplied by the caller (so errors are reentrant).
 * Layout frozen.
 */
typedef struct yjpi_error {
    int code;          /**< yjpi_code, YJPI_OK when no error */
    uint64_t line;     /**< 1-based physical line, 0 when not applicable */
    uint64_t column;   /**< 1-based column (byte in line for files), 0 if n/a */
    char source[YJPI_ERROR_SOURCE_SIZE];   /**< file name or "<record>" */
    /** Complete message, GNU form: "FILE:LINE:COLUMN: what is wrong
     *  (column NAME, value "...")"; truncated to fit, always terminated. */
    char message[YJPI_ERROR_MESSAGE_SIZE];
} yjpi_error;

/* ---- Allocator hook ---------------------------------------------------- */

typedef void *(*yjpi_malloc_fn)(size_t size, void *user);
typedef void *(*yjpi_realloc_fn)(void *ptr, size_t size, void *user);
typedef void (*yjpi_free_fn)(void *ptr, void *user);

/**
 * Replaces the allocator used for all memory yjpi allocates itself
 * (not libyaml's or GSL's internal memory).  Process-wide: call it before any
 * other yjpi function and before other threads use yjpi; memory allocated
 * before the change must not be freed after it.  Passing all NULL restores
 * malloc/realloc/free.  The functions must be thread-safe when yjpi is used
 * from several threads (concurrent queries allocate), must return NULL on
 * failure, and may be called with any size (yjpi never asks for 0 bytes).
 * @return YJPI_OK, or YJPI_E_ARGUMENT if only some functions are NULL.
 */
YJPI_API int yjpi_set_allocator(yjpi_malloc_fn m, yjpi_realloc_fn r,
                                yjpi_free_fn f, void *user);

/** Frees memory that a yjpi function documents as "free with yjpi_free". */
YJPI_API void yjpi_free(void *ptr);

#ifdef __cplusplus
}
#endif
#endif
