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

/** Options (the reference file's `options:` block).  Growable: set size.
 *  Valid ranges (yjpi_reference_set_options() and the file reader check
 *  them): age_basis 0 or 1; cohort_months 3 or 12; followup_months 1..120;
 *  waiting_months 0..120; confidence strictly between 0.5 and 1;
 *  significance and trend_significance strictly between 0 and 1;
 *  trend_min_points 3..1000; fte_lookback_years 0..100; suppress_below >= 0;
 *  round_to >= 1; reference_ethnicity a non-empty NUL-terminated name. */
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

/** Fills *opts with the defaults of docs/indicators.md (opts->size must be
 *  set; at most opts->size bytes are written and opts->size is kept).
 *  @return YJPI_OK or YJPI_E_ARGUMENT (opts NULL or size too small). */
YJPI_API int yjpi_options_default(yjpi_options *opts);

/** An empty reference holding default options.  Free with
 *  yjpi_reference_free().  @return NULL when out of memory. */
YJPI_API yjpi_reference *yjpi_reference_new(void);

/**
 * Reads a reference file (YAML, one document, a mapping at the top level;
 * docs/cohort-file.md).  Strict: unknown or duplicate keys, anchors/aliases,
 * explicit tags, wrong types (numbers must be written without quotes),
 * impossible dates and nesting deeper than 8 levels are errors with
 * FILE:LINE:COLUMN (1-based; the column counts characters) pointing at the
 * offending key or value, and a message naming the key path, e.g.
 * `ref.yaml:7:14: populations.E06000044.2013: expected a non-negative
 * number, got "abc"`.  A section (options, populations, areas, outcome_map,
 * benchmarks, targets) left empty (`options:` alone) counts as absent.
 * Errors: YJPI_E_IO (cannot open/read, with the system's reason),
 * YJPI_E_EMPTY_FILE (no document, or an empty one), YJPI_E_YAML (syntax, as
 * libyaml reports it, or a second document), YJPI_E_UNKNOWN_KEY,
 * YJPI_E_DUPLICATE_KEY, YJPI_E_ALIAS, YJPI_E_TAG, YJPI_E_TYPE (also an
 * unknown indicator, a value out of range or several target bounds),
 * YJPI_E_NESTING, YJPI_E_BAD_DATE, YJPI_E_PERIOD, YJPI_E_UNKNOWN_OUTCOME
 * (outcome_map target), YJPI_E_MISSING_KEY (benchmark name/indicator,
 * target indicator/period/bound), YJPI_E_LIMIT (file over 256 MiB),
 * YJPI_E_NOMEM.
 * @param[in]  path  file to read
 * @param[out] out   new handle, owned by the caller; NULL on failure
 * @param[out] err   may be NULL
 * @return YJPI_OK or a YJPI_E_* code.
 */
YJPI_API int yjpi_reference_load(const char *path, yjpi_reference **out,
                                 yjpi_error *err);
/** As yjpi_reference_load() from memory (len bytes, need not be
 *  NUL-terminated); `source` names it in messages (NULL: "<reference>"). */
YJPI_API int yjpi_reference_parse(const char *text, size_t len,
                                  const char *source, yjpi_reference **out,
                                  yjpi_error *err);
/** Releases a reference; NULL is allowed. */
YJPI_API void yjpi_reference_free(yjpi_reference *ref);

/** Copies the options into *out: min(out->size, sizeof) bytes; out->size is
 *  kept.  @return YJPI_OK or YJPI_E_ARGUMENT. */
YJPI_API int yjpi_reference_get_options(const yjpi_reference *ref,
                                        yjpi_options *out);
/** Replaces the options: fields beyond opts->size take their defaults.
 *  Validated (ranges above): YJPI_E_ARGUMENT when out of range, leaving the
 *  options unchanged. */
YJPI_API int yjpi_reference_set_options(yjpi_reference *ref,
                                        const yjpi_options *opts);

/** `as_of` date, or YJPI_NO_DATE when the file does not state it. */
YJPI_API yjpi_date yjpi_reference_as_of(const yjpi_reference *ref);
/** Sets `as_of` (YJPI_NO_DATE clears it).  @return YJPI_OK, or
 *  YJPI_E_ARGUMENT when ref is NULL or d is outside years 1..9999. */
YJPI_API int yjpi_reference_set_as_of(yjpi_reference *ref, yjpi_date d);
/** `history_start` date, or YJPI_NO_DATE. */
YJPI_API yjpi_date yjpi_reference_history_start(const yjpi_reference *ref);
/** Sets `history_start`; as yjpi_reference_set_as_of(). */
YJPI_API int yjpi_reference_set_history_start(yjpi_reference *ref, yjpi_date d);

/**
 * Population of 10-17 year olds of `area` at mid-year `year`.
 * @param[in] group  NULL for the whole population, or an ethnic group name
 *                   (from `AREA/ethnicity`)
 * @param[in] area   area code, or "*" for all areas together: the
 *                   reference's own "*" value when it has one (populations:
 *                   "*": in the file, or set with area "*"), otherwise the
 *                   sum over every area that has a value for the year (and
 *                   fails if none has).  yjpi_compute() adds a check this
 *                   sum cannot: every area counting someone must have one.
 * A population is a plausible number of young people: finite, from 0 to
 * 1,000,000,000 (10^9).  The file reader rejects anything else with
 * YJPI_E_TYPE at the value's FILE:LINE:COLUMN, e.g. `ref.yaml:3:11:
 * populations.E1.2013: expected a non-negative number, got "1e23" (a
 * population is at most 1000000000)`.
 * @return YJPI_OK, YJPI_E_NOT_FOUND (no value), YJPI_E_ARGUMENT.
 */
YJPI_API int yjpi_reference_population(const yjpi_reference *ref,
                                       const char *area, const char *group,
                                       int year, double *out);
/** Sets (or replaces) a population; group NULL for the whole population;
 *  area "*" sets the population of all areas together (not an area: it is
 *  not listed by yjpi_reference_area_code()).  A value of 0 is stored
 *  (rates over it are reported not computable).
 *  @return YJPI_OK, YJPI_E_NOMEM, or YJPI_E_ARGUMENT (area empty or
 *  containing '/', group "", year outside 1..9999, value negative, above
 *  10^9 or not finite). */
YJPI_API int yjpi_reference_set_population(yjpi_reference *ref,
                                           const char *area, const char *group,
                                           int year, double value);
/** Number of ethnic groups with a population for (area, year), and the i-th
 *  group's name (owned by ref; NULL when i is out of range), in the order
 *  the groups were first given.  Area "*": groups any area has for the year. */
YJPI_API size_t yjpi_reference_population_group_count(const yjpi_reference *ref,
                                                      const char *area, int year);
YJPI_API const char *yjpi_reference_population_group(const yjpi_reference *ref,
                                                     const char *area, int year,
                                                     size_t i);

/** Display name, family and region of an area (from `areas:`); NULL when not
 *  given.  Owned by ref, valid until it is freed or the area is set again. */
YJPI_API const char *yjpi_reference_area_name(const yjpi_reference *ref, const char *area);
YJPI_API const char *yjpi_reference_area_family(const yjpi_reference *ref, const char *area);
YJPI_API const char *yjpi_reference_area_region(const yjpi_reference *ref, const char *area);
/** Number of areas named in `areas:` or `populations:`, and the i-th code. */
YJPI_API size_t yjpi_reference_area_count(const yjpi_reference *ref);
YJPI_API const char *yjpi_reference_area_code(const yjpi_reference *ref, size_t i);
/** Adds an area (if new) and sets those of name, family, region that are
 *  not NULL (the others are kept).  @return YJPI_OK, YJPI_E_NOMEM, or
 *  YJPI_E_ARGUMENT (bad area code as for set_population, an empty text). */
YJPI_API int yjpi_reference_set_area(yjpi_reference *ref, const char *area,
                                     const char *name, const char *family,
                                     const char *region);

/** Outcome code a local label maps to (exact match after trimming spaces),
 *  or NULL.  Owned by ref. */
YJPI_API const char *yjpi_reference_map_outcome(const yjpi_reference *ref,
                                                const char *label, size_t len);
/** Adds (or replaces) a local label mapping; the label is stored without
 *  surrounding spaces and tabs; `code` must be an outcome code or tier name.
 *  @return YJPI_OK, YJPI_E_UNKNOWN_OUTCOME, YJPI_E_NOMEM, YJPI_E_ARGUMENT
 *  (NULL, or a label that is empty after trimming). */
YJPI_API int yjpi_reference_add_outcome_map(yjpi_reference *ref,
                                            const char *label, const char *code);

/* ---- Benchmarks -------------------------------------------------------- */

/** Number of benchmark series (each: a name, an indicator, values by period). */
YJPI_API size_t yjpi_reference_benchmark_count(const yjpi_reference *ref);
/** Name of benchmark i (e.g. "England and Wales"); NULL if i is out of range. */
YJPI_API const char *yjpi_reference_benchmark_name(const yjpi_reference *ref, size_t i);
/** Indicator (yjpi_indicator) of benchmark i, 0 if out of range. */
YJPI_API int yjpi_reference_benchmark_indicator(const yjpi_reference *ref, size_t i);
/** Value of benchmark i for period p (matched by period equality: kind,
 *  start and end).
 *  @return YJPI_OK, YJPI_E_NOT_FOUND (no value for that period),
 *  YJPI_E_ARGUMENT (i out of range, NULL pointer). */
YJPI_API int yjpi_reference_benchmark_value(const yjpi_reference *ref, size_t i,
                                            const yjpi_period *p, double *out);
/** Adds (or replaces) a benchmark value, creating the series (name,
 *  indicator) when new.  @return YJPI_OK, YJPI_E_NOMEM, YJPI_E_ARGUMENT
 *  (empty name, unknown indicator, invalid period, value NaN or infinite;
 *  the file reader likewise takes only finite numbers). */
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

/** Number of targets, in file order. */
YJPI_API size_t yjpi_reference_target_count(const yjpi_reference *ref);
/** Copies target i into *out (min(out->size, sizeof) bytes; out->size
 *  kept).  A target for any area has area "*".
 *  @return YJPI_OK or YJPI_E_ARGUMENT. */
YJPI_API int yjpi_reference_target(const yjpi_reference *ref, size_t i,
                                   yjpi_target *out);
/** Adds a target (area NULL or "*" = any).  @return YJPI_OK, YJPI_E_NOMEM,
 *  YJPI_E_ARGUMENT (unknown indicator or kind, invalid period, bound not
 *  finite, empty area). */
YJPI_API int yjpi_reference_add_target(yjpi_reference *ref, int indicator,
                                       int kind, const yjpi_period *p,
                                       double bound, const char *area);

#ifdef __cplusplus
}
#endif
#endif
