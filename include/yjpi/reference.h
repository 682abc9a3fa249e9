/*
 * yjpi/reference.h - the reference file: populations, areas, benchmarks,
 * targets, local outcome labels and options.
 */
#ifndef YJPI_REFERENCE_H
#define YJPI_REFERENCE_H

#include "common.h"
#include "date.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct yjpi_reference yjpi_reference;

/** Age date basis (option age_basis). */
typedef enum yjpi_age_basis {
    YJPI_AGE_OFFENCE_DATE = 0,
    YJPI_AGE_OUTCOME_DATE = 1
} yjpi_age_basis;

#define YJPI_GROUP_NAME_SIZE 64

/** Options (the reference file's `options:` block).  Growable: set size. */
typedef struct yjpi_options {
    size_t size;
    int32_t age_basis;          /**< yjpi_age_basis; default offence date */
    int32_t cohort_months;      /**< 3 (default) or 12 */
    int32_t followup_months;    /**< default 12 */
    int32_t waiting_months;     /**< default 6 */
    double confidence;          /**< 0.95 (default) or 0.998 */
    double significance;        /**< default 0.05 */
    int32_t trend_min_points;   /**< default 5 */
    double trend_significance;  /**< default 0.002 */
    int32_t fte_lookback_years; /**< default 8 */
    int64_t suppress_below;     /**< 0 = off (default) */
    int64_t round_to;           /**< default 1 */
    char reference_ethnicity[YJPI_GROUP_NAME_SIZE]; /**< default "White" */
} yjpi_options;

/** Fills *opts with the defaults of spec/indicators.md (opts->size must be
 *  set).  @return YJPI_OK or YJPI_E_ARGUMENT. */
YJPI_API int yjpi_options_default(yjpi_options *opts);

/** An empty reference holding default options.  Free with
 *  yjpi_reference_free().  @return NULL when out of memory. */
YJPI_API yjpi_reference *yjpi_reference_new(void);

/**
 * Reads a reference file (YAML).  Strict: unknown or duplicate keys,
 * anchors/aliases, custom tags, wrong types, impossible dates and deep
 * nesting are errors with FILE:LINE:COLUMN (1-based).
 * @param[in]  path  file to read
 * @param[out] out   new handle, owned by the caller; NULL on failure
 * @param[out] err   may be NULL
 * @return YJPI_OK or a YJPI_E_* code.
 */
YJPI_API int yjpi_reference_load(const char *path, yjpi_reference **out,
                                 yjpi_error *err);
/** As yjpi_reference_load() from memory; `source` names it in messages. */
YJPI_API int yjpi_reference_parse(const char *text, size_t len,
                                  const char *source, yjpi_reference **out,
                                  yjpi_error *err);
/** Releases a reference; NULL is allowed. */
YJPI_API void yjpi_reference_free(yjpi_reference *ref);

/** Copies the options into *out (out->size must be set). */
YJPI_API int yjpi_reference_get_options(const yjpi_reference *ref,
                                        yjpi_options *out);
/** Replaces the options (validated: YJPI_E_ARGUMENT when out of range). */
YJPI_API int yjpi_reference_set_options(yjpi_reference *ref,
                                        const yjpi_options *opts);

/** `as_of` date, or YJPI_NO_DATE when the file does not state it. */
YJPI_API yjpi_date yjpi_reference_as_of(const yjpi_reference *ref);
YJPI_API int yjpi_reference_set_as_of(yjpi_reference *ref, yjpi_date d);
/** `history_start` date, or YJPI_NO_DATE. */
YJPI_API yjpi_date yjpi_reference_history_start(const yjpi_reference *ref);
YJPI_API int yjpi_reference_set_history_start(yjpi_reference *ref, yjpi_date d);

/**
 * Population of 10-17 year olds of `area` at mid-year `year`.
 * @param[in] group  NULL for the whole population, or an ethnic group name
 *                   (from `AREA/ethnicity`)
 * @param[in] area   area code; "*" sums every area that has a value for the
 *                   year (and fails if none has)
 * @return YJPI_OK, YJPI_E_NOT_FOUND (no value), YJPI_E_ARGUMENT.
 */
YJPI_API int yjpi_reference_population(const yjpi_reference *ref,
                                       const char *area, const char *group,
                                       int year, double *out);
/** Sets (or replaces) a population; group NULL for the whole population. */
YJPI_API int yjpi_reference_set_population(yjpi_reference *ref,
                                           const char *area, const char *group,
                                           int year, double value);
/** Number of ethnic groups with a population for (area, year), and the i-th
 *  group's name (owned by ref), in file order. */
YJPI_API size_t yjpi_reference_population_group_count(const yjpi_reference *ref,
                                                      const char *area, int year);
YJPI_API const char *yjpi_reference_population_group(const yjpi_reference *ref,
                                                     const char *area, int year,
                                                     size_t i);

/** Display name, family and region of an area (from `areas:`); NULL when not
 *  given.  Owned by ref. */
YJPI_API const char *yjpi_reference_area_name(const yjpi_reference *ref, const char *area);
YJPI_API const char *yjpi_reference_area_family(const yjpi_reference *ref, const char *area);
YJPI_API const char *yjpi_reference_area_region(const yjpi_reference *ref, const char *area);
/** Number of areas named in `areas:` or `populations:`, and the i-th code. */
YJPI_API size_t yjpi_reference_area_count(const yjpi_reference *ref);
YJPI_API const char *yjpi_reference_area_code(const yjpi_reference *ref, size_t i);

/** Outcome code a local label maps to (exact match after trimming spaces),
 *  or NULL.  Owned by ref. */
YJPI_API const char *yjpi_reference_map_outcome(const yjpi_reference *ref,
                                                const char *label, size_t len);
/** Adds a local label mapping; `code` must be an outcome code or tier name. */
YJPI_API int yjpi_reference_add_outcome_map(yjpi_reference *ref,
                                            const char *label, const char *code);

/* ---- Benchmarks -------------------------------------------------------- */

/** Number of benchmark series (each: a name, an indicator, values by period). */
YJPI_API size_t yjpi_reference_benchmark_count(const yjpi_reference *ref);
/** Name of benchmark i (e.g. "England and Wales"); NULL if i is out of range. */
YJPI_API const char *yjpi_reference_benchmark_name(const yjpi_reference *ref, size_t i);
/** Indicator (yjpi_indicator) of benchmark i, 0 if out of range. */
YJPI_API int yjpi_reference_benchmark_indicator(const yjpi_reference *ref, size_t i);
/** Value of benchmark i for period p (matched by period equality).
 *  @return YJPI_OK, YJPI_E_NOT_FOUND (no value for that period). */
YJPI_API int yjpi_reference_benchmark_value(const yjpi_reference *ref, size_t i,
                                            const yjpi_period *p, double *out);
/** Adds a benchmark value (creating the series by name and indicator). */
YJPI_API int yjpi_reference_add_benchmark(yjpi_reference *ref, const char *name,
                                          int indicator, const yjpi_period *p,
                                          double value);

/* ---- Targets ----------------------------------------------------------- */

typedef enum yjpi_target_kind {
    YJPI_TARGET_MAX = 1,        /**< value <= bound */
    YJPI_TARGET_MIN = 2,        /**< value >= bound */
    YJPI_TARGET_CHANGE_MAX = 3, /**< percent change on previous period <= bound */
    YJPI_TARGET_CHANGE_MIN = 4  /**< percent change on previous period >= bound */
} yjpi_target_kind;

/** A target.  Growable: set size. */
typedef struct yjpi_target {
    size_t size;
    int32_t indicator;   /**< yjpi_indicator */
    int32_t kind;        /**< yjpi_target_kind */
    yjpi_period period;
    double bound;
    const char *area;    /**< area code the target is for, "*" = any; owned by ref */
} yjpi_target;

YJPI_API size_t yjpi_reference_target_count(const yjpi_reference *ref);
/** Copies target i into *out (out->size must be set). */
YJPI_API int yjpi_reference_target(const yjpi_reference *ref, size_t i,
                                   yjpi_target *out);
/** Adds a target (area NULL = any). */
YJPI_API int yjpi_reference_add_target(yjpi_reference *ref, int indicator,
                                       int kind, const yjpi_period *p,
                                       double bound, const char *area);

#ifdef __cplusplus
}
#endif
#endif
