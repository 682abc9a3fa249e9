/*
 * yjpi/indicators.h - first time entrants, proven reoffending and custody,
 * with breakdowns, disproportionality and confidence intervals.
 *
 * A request names indicators, areas and periods (and optionally a breakdown);
 * yjpi_compute() answers all of it from one pass over the finished dataset
 * and returns a results handle holding one yjpi_value per
 * (indicator, area, period, group).
 */
#ifndef YJPI_INDICATORS_H
#define YJPI_INDICATORS_H

#include "common.h"
#include "date.h"
#include "reference.h"
#include "dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Indicators; numbered, never renumbered.  Names as in the spec. */
typedef enum yjpi_indicator {
    YJPI_FTE_COUNT = 1,                 /**< "fte_count" */
    YJPI_FTE_RATE = 2,                  /**< "fte_rate", per 100,000 10-17 */
    YJPI_BINARY_RATE = 3,               /**< "binary_rate", percent */
    YJPI_FREQUENCY_RATE = 4,            /**< "frequency_rate", re-offences per cohort member */
    YJPI_REOFFENCES_PER_REOFFENDER = 5, /**< "reoffences_per_reoffender" */
    YJPI_CUSTODY_COUNT = 6,             /**< "custody_count" */
    YJPI_CUSTODY_RATE = 7,              /**< "custody_rate", per 1,000 10-17 */
    YJPI_CUSTODY_SHARE = 8,             /**< "custody_share", percent of court occasions */
    YJPI_INDICATOR_COUNT_ = 9
} yjpi_indicator;

/** What kind of number an indicator is (decides intervals and tests). */
typedef enum yjpi_measure {
    YJPI_MEASURE_COUNT = 1,       /**< a count (Poisson interval on the count) */
    YJPI_MEASURE_RATE = 2,        /**< count over a population (Poisson/Byar) */
    YJPI_MEASURE_PROPORTION = 3,  /**< percent (Wilson) */
    YJPI_MEASURE_MEAN = 4         /**< mean over persons (t interval) */
} yjpi_measure;

/** Polarity: which way is better. */
typedef enum yjpi_polarity {
    YJPI_POLARITY_NONE = 0,
    YJPI_POLARITY_LOWER_IS_BETTER = 1,
    YJPI_POLARITY_HIGHER_IS_BETTER = 2
} yjpi_polarity;

/** Spec name ("fte_rate"); NULL when unknown.  Static. */
YJPI_API const char *yjpi_indicator_name(int indicator);
/** Indicator from its spec name; 0 when unknown. */
YJPI_API int yjpi_indicator_from_name(const char *name);
/** yjpi_measure of an indicator, 0 when unknown. */
YJPI_API int yjpi_indicator_measure(int indicator);
/** yjpi_polarity of an indicator (lower is better for all national ones). */
YJPI_API int yjpi_indicator_polarity(int indicator);

/** Breakdown dimensions. */
typedef enum yjpi_breakdown {
    YJPI_BY_NONE = 0,
    YJPI_BY_SEX = 1,          /**< groups "M", "F", "unknown" */
    YJPI_BY_AGE = 2,          /**< groups "10".."17" (and "18+" for re-offence-free ages never occurs) */
    YJPI_BY_AGE_BAND = 3,     /**< groups "10-14", "15-17" */
    YJPI_BY_ETHNICITY = 4,    /**< the file's values, "unknown" for empty */
    YJPI_BY_OFFENCE_TYPE = 5, /**< the file's values, "unknown" for empty */
    YJPI_BY_AREA = 6          /**< area codes */
} yjpi_breakdown;

/** Status of a value.  0 = computed; otherwise why it is not computable. */
typedef enum yjpi_value_status {
    YJPI_VALUE_OK = 0,
    YJPI_NC_NO_POPULATION = 1,     /**< population missing from the reference */
    YJPI_NC_EMPTY_COHORT = 2,      /**< reoffending cohort has no members */
    YJPI_NC_ZERO_DENOMINATOR = 3,  /**< e.g. no court occasions, no re-offenders */
    YJPI_NC_NUMERIC = 4,           /**< interval could not be computed */
    YJPI_NC_ZERO_POPULATION = 5    /**< population is 0 */
} yjpi_value_status;

/** Text for a value status ("population missing"); static, never NULL. */
YJPI_API const char *yjpi_value_status_text(int status);

/** A request.  Growable: set size (YJPI_INIT).  All-zero except the periods
 *  means: every indicator, every area in the data plus "*", no breakdown,
 *  the reference's confidence. */
typedef struct yjpi_request {
    size_t size;
    const int *indicators;        /**< yjpi_indicator values; NULL = all */
    size_t n_indicators;
    const char *const *areas;     /**< area codes, "*" = all areas together;
                                       NULL = each area in the data and "*" */
    size_t n_areas;
    const yjpi_period *periods;   /**< required, at least one */
    size_t n_periods;
    int32_t breakdown;            /**< yjpi_breakdown */
    double confidence;            /**< 0 = the reference's (0.95 by default) */
} yjpi_request;

/** One computed value.  Growable: set size before yjpi_results_get(). */
typedef struct yjpi_value {
    size_t size;
    int32_t indicator;       /**< yjpi_indicator */
    int32_t status;          /**< yjpi_value_status; value/lower/upper are 0 unless OK */
    const char *area;        /**< area code or "*"; owned by the results */
    yjpi_period period;
    int32_t breakdown;       /**< yjpi_breakdown of the group, YJPI_BY_NONE for totals */
    const char *group;       /**< group label, NULL for totals; owned by the results */
    double value;            /**< the indicator (never rounded) */
    double lower, upper;     /**< confidence interval */
    double confidence;       /**< level of the interval, e.g. 0.95 */
    uint64_t numerator;      /**< count the value is built on (fte_count, reoffenders, reoffences, custody_count) */
    double denominator;      /**< population, cohort size, reoffenders, or court occasions */
    /* reoffending (zero for other indicators) */
    uint64_t cohort_size;
    uint64_t reoffenders;
    uint64_t reoffences;
    uint64_t custody_no_release; /**< custodial rows in the period without release_date (not index events) */
    int32_t provisional;     /**< 1 when follow-up + waiting is not over by as_of */
    /* FTE */
    int32_t history_short;   /**< 1 when the extract may be too short (spec §2) */
    /* custody */
    uint64_t court_occasions;
    double population;       /**< population used (0 if none) */
} yjpi_value;

typedef struct yjpi_results yjpi_results;

/**
 * Computes every (indicator, area, period, group) of a request in one pass.
 * @param[in] ds   finished dataset (YJPI_E_STATE otherwise)
 * @param[in] ref  populations, as_of and options; may be NULL (then rates
 *                 over populations are not computable)
 * @param[in] req  the request
 * @param[out] out results owned by the caller (yjpi_results_free); independent
 *                 of ds and ref afterwards
 * @param[out] err may be NULL
 * @return YJPI_OK, YJPI_E_ARGUMENT, YJPI_E_STATE, YJPI_E_NOMEM, YJPI_E_NUMERIC.
 *         A value that cannot be computed is not an error: see its status.
 */
YJPI_API int yjpi_compute(const yjpi_dataset *ds, const yjpi_reference *ref,
                          const yjpi_request *req, yjpi_results **out,
                          yjpi_error *err);
YJPI_API void yjpi_results_free(yjpi_results *res);
/** Number of values. */
YJPI_API size_t yjpi_results_count(const yjpi_results *res);
/** Copies value i (ordered by indicator, area, period, group) into *out
 *  (out->size must be set).  @return YJPI_OK or YJPI_E_ARGUMENT. */
YJPI_API int yjpi_results_get(const yjpi_results *res, size_t i, yjpi_value *out);
/** Finds the value for (indicator, area, period, group; group NULL = total).
 *  @return YJPI_OK or YJPI_E_NOT_FOUND. */
YJPI_API int yjpi_results_find(const yjpi_results *res, int indicator,
                               const char *area, const yjpi_period *period,
                               const char *group, yjpi_value *out);

/**
 * Convenience: one indicator for one area and period.
 * @return as yjpi_compute().
 */
YJPI_API int yjpi_compute_one(const yjpi_dataset *ds, const yjpi_reference *ref,
                              int indicator, const char *area,
                              const yjpi_period *period, yjpi_value *out,
                              yjpi_error *err);

/* ---- Disproportionality ------------------------------------------------ */

/** One ethnic group's disproportionality.  Growable: set size. */
typedef struct yjpi_disparity {
    size_t size;
    const char *group;        /**< ethnic group; owned by the results */
    int32_t status;           /**< yjpi_value_status for the RRI */
    uint64_t count;           /**< persons of the group counted by the indicator */
    double population;        /**< 10-17 population of the group */
    double share;             /**< percent of the indicator's persons */
    double population_share;  /**< percent of the population */
    double difference;        /**< share - population_share, percentage points */
    double rri;               /**< relative rate index against the reference group */
    double rri_lower, rri_upper; /**< 95% interval (log method) */
} yjpi_disparity;

typedef struct yjpi_disparities yjpi_disparities;

/**
 * Disproportionality of a person-count indicator (fte_count/fte_rate,
 * custody_count/custody_rate; for reoffending, cohort members) for an area
 * and period, against the reference's `AREA/ethnicity` populations and the
 * reference_ethnicity option.
 * @param[out] out owned by the caller (yjpi_disparities_free)
 */
YJPI_API int yjpi_disproportionality(const yjpi_dataset *ds,
                                     const yjpi_reference *ref, int indicator,
                                     const char *area, const yjpi_period *period,
                                     yjpi_disparities **out, yjpi_error *err);
YJPI_API void yjpi_disparities_free(yjpi_disparities *d);
YJPI_API size_t yjpi_disparities_count(const yjpi_disparities *d);
YJPI_API int yjpi_disparities_get(const yjpi_disparities *d, size_t i,
                                  yjpi_disparity *out);

/* ---- Statistics (usable on their own) ---------------------------------- */

/** Wilson score interval for x successes out of n (no continuity
 *  correction), as proportions in [0,1].  @return YJPI_OK, YJPI_E_ARGUMENT
 *  (n == 0, x > n, confidence not in (0,1)). */
YJPI_API int yjpi_ci_wilson(uint64_t x, uint64_t n, double confidence,
                            double *lower, double *upper);
/** Interval for a Poisson count: exact (chi-square) below 10, Byar from 10.
 *  Count 0 gives lower 0. */
YJPI_API int yjpi_ci_poisson(uint64_t count, double confidence,
                             double *lower, double *upper);
/** Interval for a mean: mean +- t(1-a/2, n-1) s / sqrt(n).  values may hold
 *  n counts; n >= 2.  Returns the mean too. */
YJPI_API int yjpi_ci_mean(const double *values, size_t n, double confidence,
                          double *mean, double *lower, double *upper);
/** As yjpi_ci_mean() from sufficient statistics: n, sum and sum of squares. */
YJPI_API int yjpi_ci_mean_stats(double n, double sum, double sum_sq,
                                double confidence, double *mean,
                                double *lower, double *upper);

#ifdef __cplusplus
}
#endif
#endif
