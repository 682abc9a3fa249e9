/*
 * yjpi/assess.h - how an area is doing: series of periods, change on the
 * previous period and the same period a year earlier (with significance),
 * benchmarks, targets, trend and RAG (docs/indicators.md section 9).
 *
 * Two layers:
 *  - pure functions on yjpi_value structs (yjpi_change_between,
 *    yjpi_benchmark_compare, yjpi_target_check, yjpi_trend_assess,
 *    yjpi_rag_rule), usable on values from anywhere;
 *  - yjpi_assess() / yjpi_assess_areas(), which run ONE yjpi_compute() over
 *    every period they need and apply all of the above with the reference's
 *    benchmarks, targets and options.
 *
 * Nothing here is ever NaN or infinite: a result that cannot be formed has a
 * `status` (yjpi_assess_status) saying why, and its numbers are 0.
 *
 * Change (spec section 7 "Change")
 * --------------------------------
 * absolute = X - X0 in the indicator's own units; for proportions
 * (binary_rate, custody_share, values in percent) that is the
 * percentage-point change and yjpi_change.points is 1.  percent =
 * 100 (X - X0) / X0 for every measure (for proportions it is the relative
 * change, which is what change targets use); X0 = 0 leaves percent not
 * computable (status YJPI_ASSESS_BASE_ZERO).  Direction: with polarity
 * lower-is-better a fall is improved, a rise worsened; higher-is-better the
 * reverse; equal values unchanged; without polarity higher / lower /
 * unchanged.  The direction is the sign of the change, significant or not;
 * `significant` says whether it passes the test.
 *
 * Significance of a change
 * ------------------------
 *  - proportions: yjpi_test_proportions(numerator, denominator) of both
 *    values (score test, exact when an expected cell is below 5);
 *  - rates over a population: yjpi_test_rates(count, population) of both;
 *  - counts without a population (fte_count, custody_count):
 *    yjpi_test_rates with equal exposures (the two periods have the same
 *    length);
 *  - means (frequency_rate, reoffences_per_reoffender): NOT tested
 *    (test_status YJPI_ASSESS_NO_TEST).  The per-person counts are
 *    overdispersed and a two-sample test needs their variance, which a
 *    yjpi_value does not carry; a test reconstructed from the t intervals
 *    would rest on unchecked assumptions, so none is reported.
 * significant = p_value < level (level: the reference option
 * `significance`, 0.05 by default).
 *
 * Benchmarks (Fingertips convention)
 * ----------------------------------
 * A benchmark value B is compared with the area's interval [L, U]:
 * L <= B <= U -> similar; B < L -> the area is higher than the benchmark;
 * B > U -> the area is lower.  Higher is worse when lower is better (and
 * better when higher is better); without polarity the verdict is
 * higher / lower.  A value without an interval (interval_status set) is
 * not compared (YJPI_ASSESS_NO_INTERVAL).  Only benchmark series whose indicator equals the value's
 * indicator are used; a series without a value for the period is reported
 * with status YJPI_ASSESS_BENCHMARK_MISSING, never skipped.
 *
 * Targets
 * -------
 * A target applies when its indicator and period equal the value's and its
 * area is the value's area or "*" (or NULL).  max: value <= bound; min:
 * value >= bound; change_max / change_min: percent change on the previous
 * period <= / >= bound (so change_max -5 is "at least a 5% reduction").
 * Bounds are compared with the unrounded values.  Several targets may apply;
 * the overall target verdict is not met if any is not met, otherwise not
 * assessable if any is not assessable, otherwise met if any applies,
 * otherwise none.
 *
 * Trend (OHID recent trend)
 * -------------------------
 * Over the last `min_points` (option trend_min_points, default 5)
 * consecutive, non-overlapping periods ending at the period: proportions by
 * yjpi_trend_proportions(x = numerator, n = denominator), other values by
 * yjpi_trend_values(value, lower, upper) at the points' confidence;
 * significance level option trend_significance (default 0.002).  Fewer
 * points, a point not computable (or, for the regression, without an
 * interval) or periods that are not consecutive give
 * YJPI_TREND_NOT_ASSESSED with a status.  A point that is provisional
 * (yjpi_value.provisional: a reoffending cohort whose follow-up and waiting
 * period are not over by as_of) also leaves the trend not assessed, with
 * status YJPI_ASSESS_PROVISIONAL_POINT: its rate can only rise as the
 * follow-up completes, so recent cohorts would look better than they are.
 * The checks are made in this order: too few points, not consecutive, a
 * point partial, a point not computable / without an interval, a point
 * provisional.
 * direction: improving / worsening by polarity for a significant increase
 * or decrease, otherwise 0.
 *
 * Partial periods (yjpi_value.partial: the period ends after the data's
 * as_of date; see indicators.h "Data coverage")
 * -------------------------------------------------------------------
 * yjpi_assess() compares a partial period like for like: the previous
 * period and the year earlier are the stretch start .. as_of moved back by
 * the period's length in months (not formed when it is not whole months)
 * and by 12 months, as YJPI_PERIOD_RANGE periods (2025/26 covered to
 * 2025-05-31 -> 2024-04-01..2024-05-31 for both).  A partial point leaves
 * a trend not assessed (YJPI_ASSESS_PARTIAL_PERIOD, checked right after
 * "not consecutive"); a target on a partial value is not assessable and a
 * benchmark not assessed, both with status YJPI_ASSESS_PARTIAL_PERIOD
 * (targets and benchmarks are for whole periods); the RAG is then none
 * with that status.  A period starting after as_of makes yjpi_assess()
 * and yjpi_assess_areas() fail with YJPI_E_RANGE.
 *
 * A provisional CURRENT value is still assessed (change, benchmarks,
 * targets, RAG): its provisional flag is carried by the value itself
 * (yjpi_assessment_value(.., YJPI_AT_CURRENT, ..) -> provisional), and
 * callers should show it beside every comparison made with it.
 *
 * RAG rules (applied in this order; yjpi_rag_rule)
 * ------------------------------------------------
 *  1. the value is not computable              -> none (VALUE_NOT_COMPUTABLE)
 *  2. a target applies and is not met          -> red    (basis target)
 *  3. a target applies and is met: amber when the value is significantly
 *     worse than the RAG benchmark (the benchmark lies outside the interval
 *     on the bad side), else green                       (basis target)
 *  4. (no target, or no target could be assessed) the indicator has no
 *     polarity                                 -> none (NO_POLARITY)
 *  5. RAG benchmark worse -> red, similar -> amber, better -> green
 *                                                        (basis benchmark)
 *  6. otherwise (benchmark missing or not assessable) -> none (NO_RAG_BASIS)
 * The RAG benchmark is the series named by yjpi_assess_options.rag_benchmark,
 * by default the series named "England and Wales" or "England & Wales"
 * (compared without regard to case), for the value's indicator.
 */
#ifndef YJPI_ASSESS_H
#define YJPI_ASSESS_H

#include "common.h"
#include "indicators.h"
#include "compare.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Series ------------------------------------------------------------- */

/**
 * The n periods of a series ending at *last: out[n-1] = *last and out[i] is
 * (n-1-i) steps of `step_months` earlier (0 = the period's own length, i.e.
 * consecutive, non-overlapping periods; 3 or 1 with a rolling 12-month
 * window gives windows stepping by a quarter or a month), via
 * yjpi_period_shift().
 * @param[in]  last         last period of the series
 * @param[in]  n            number of periods, >= 1
 * @param[in]  step_months  0 or a positive number of months
 * @param[out] out          caller's array of n periods, oldest first
 * @return YJPI_OK, or YJPI_E_ARGUMENT (NULL, n == 0, step_months < 0, or a
 *         period that cannot be shifted, e.g. a range not of whole months).
 */
YJPI_API int yjpi_series_periods(const yjpi_period *last, size_t n,
                                 int step_months, yjpi_period *out);

/**
 * Computes a series in one yjpi_compute() call: the request `base` (its
 * indicators, areas, breakdown, confidence; its periods are ignored) over
 * the n periods yjpi_series_periods(last, n, step_months) gives.
 * @param[in]  base  may be NULL: every indicator, every area and "*"
 * @param[out] out   results owned by the caller (yjpi_results_free); read
 *                   with yjpi_results_find() / yjpi_results_get()
 * @param[out] err   may be NULL
 * @return as yjpi_series_periods() and yjpi_compute().
 */
YJPI_API int yjpi_compute_series(const yjpi_dataset *ds,
                                 const yjpi_reference *ref,
                                 const yjpi_request *base,
                                 const yjpi_period *last, size_t n,
                                 int step_months, yjpi_results **out,
                                 yjpi_error *err);

/* ---- Statuses and verdicts ------------------------------------------------ */

/** Why a comparison could not be made.  Numbered, never renumbered. */
typedef enum yjpi_assess_status {
    YJPI_ASSESS_OK = 0,
    YJPI_ASSESS_VALUE_NOT_COMPUTABLE = 1,  /**< the value itself is not computable */
    YJPI_ASSESS_BASE_NOT_COMPUTABLE = 2,   /**< the earlier value is not computable */
    YJPI_ASSESS_BASE_ZERO = 3,             /**< earlier value 0: no percent change */
    YJPI_ASSESS_PERIOD_NOT_SHIFTABLE = 4,  /**< the earlier period cannot be formed */
    YJPI_ASSESS_NO_TEST = 5,               /**< no significance test for means */
    YJPI_ASSESS_TEST_FAILED = 6,           /**< the test could not be computed */
    YJPI_ASSESS_BENCHMARK_MISSING = 7,     /**< no benchmark value for the period */
    YJPI_ASSESS_NO_TARGET = 8,             /**< no target applies */
    YJPI_ASSESS_CHANGE_NOT_AVAILABLE = 9,  /**< percent change on the previous period not available */
    YJPI_ASSESS_TOO_FEW_POINTS = 10,       /**< fewer trend points than needed */
    YJPI_ASSESS_NOT_CONSECUTIVE = 11,      /**< trend periods not consecutive */
    YJPI_ASSESS_POINT_NOT_COMPUTABLE = 12, /**< a trend point is not computable */
    YJPI_ASSESS_TREND_FAILED = 13,         /**< the trend test could not be computed */
    YJPI_ASSESS_NO_POLARITY = 14,          /**< the indicator has no polarity */
    YJPI_ASSESS_NO_RAG_BASIS = 15,         /**< no assessable target or RAG benchmark */
    YJPI_ASSESS_NOT_IN_RESULTS = 16,       /**< the results hold no such value */
    YJPI_ASSESS_NO_INTERVAL = 17,          /**< the value has no confidence interval
                                                (yjpi_value.interval_status) */
    YJPI_ASSESS_PROVISIONAL_POINT = 18,    /**< a trend point is provisional
                                                (yjpi_value.provisional) */
    YJPI_ASSESS_PARTIAL_PERIOD = 19        /**< the period is partial
                                                (yjpi_value.partial): no trend,
                                                target or benchmark verdict */
} yjpi_assess_status;

/** Direction of a change or trend.  Numbered, never renumbered. */
typedef enum yjpi_direction {
    YJPI_DIRECTION_NOT_ASSESSED = 0,
    YJPI_DIRECTION_IMPROVED = 1,   /**< change in the better direction */
    YJPI_DIRECTION_WORSENED = 2,
    YJPI_DIRECTION_UNCHANGED = 3,  /**< equal values (any polarity) */
    YJPI_DIRECTION_HIGHER = 4,     /**< no polarity: rose */
    YJPI_DIRECTION_LOWER = 5,      /**< no polarity: fell */
    YJPI_DIRECTION_IMPROVING = 6,  /**< trend: significant, better direction */
    YJPI_DIRECTION_WORSENING = 7   /**< trend: significant, worse direction */
} yjpi_direction;

/** Benchmark verdicts.  Numbered, never renumbered. */
typedef enum yjpi_benchmark_verdict {
    YJPI_BENCHMARK_NOT_ASSESSED = 0,
    YJPI_BENCHMARK_BETTER = 1,
    YJPI_BENCHMARK_SIMILAR = 2,
    YJPI_BENCHMARK_WORSE = 3,
    YJPI_BENCHMARK_HIGHER = 4,     /**< no polarity: area above the benchmark */
    YJPI_BENCHMARK_LOWER = 5
} yjpi_benchmark_verdict;

/** Target verdicts.  Numbered, never renumbered. */
typedef enum yjpi_target_verdict {
    YJPI_TARGET_NONE = 0,          /**< no target applies */
    YJPI_TARGET_MET = 1,
    YJPI_TARGET_NOT_MET = 2,
    YJPI_TARGET_NOT_ASSESSABLE = 3
} yjpi_target_verdict;

/** Red / amber / green.  Numbered, never renumbered. */
typedef enum yjpi_rag {
    YJPI_RAG_NONE = 0,
    YJPI_RAG_RED = 1,
    YJPI_RAG_AMBER = 2,
    YJPI_RAG_GREEN = 3
} yjpi_rag;

/** What a RAG rating rests on. */
typedef enum yjpi_rag_basis {
    YJPI_RAG_BASIS_NONE = 0,
    YJPI_RAG_BASIS_TARGET = 1,
    YJPI_RAG_BASIS_BENCHMARK = 2
} yjpi_rag_basis;

/** Which significance test a change used. */
typedef enum yjpi_change_test {
    YJPI_CHANGE_TEST_NONE = 0,
    YJPI_CHANGE_TEST_PROPORTIONS = 1, /**< yjpi_test_proportions */
    YJPI_CHANGE_TEST_RATES = 2,       /**< yjpi_test_rates over populations */
    YJPI_CHANGE_TEST_COUNTS = 3       /**< yjpi_test_rates, equal exposures */
} yjpi_change_test;

/* Names: short lower-case words for tables and JSON ("improved",
 * "similar", "met", "red", "increasing", "no significant change (outlier)").
 * Static storage; NULL for an unknown value. */
YJPI_API const char *yjpi_direction_name(int direction);
YJPI_API const char *yjpi_benchmark_verdict_name(int verdict);
YJPI_API const char *yjpi_target_verdict_name(int verdict);
YJPI_API const char *yjpi_rag_name(int rag);               /**< "none", "red", "amber", "green" */
YJPI_API const char *yjpi_rag_basis_name(int basis);       /**< "none", "target", "benchmark" */
YJPI_API const char *yjpi_trend_verdict_name(int verdict); /**< yjpi_trend_verdict */
YJPI_API const char *yjpi_change_test_name(int test);      /**< "none", "two proportions", ... */
/** A sentence-like reason for a status ("the earlier value is zero, so
 *  there is no percent change"); static, never NULL ("unknown status"). */
YJPI_API const char *yjpi_assess_status_text(int status);

/* ---- Verdicts with an explicit polarity ---------------------------------- */

/* The rules of the header comment for any number whose polarity the caller
 * gives (e.g. a local measure); the functions on yjpi_value use the
 * polarity of the value's indicator (yjpi_indicator_polarity). */

/** yjpi_direction of a change from `from` to `to` with yjpi_polarity
 *  `polarity`; YJPI_DIRECTION_NOT_ASSESSED when a number is not finite or
 *  the polarity is unknown. */
YJPI_API int yjpi_judge_change(double from, double to, int polarity);
/** yjpi_benchmark_verdict of `benchmark` against the interval
 *  [lower, upper] with yjpi_polarity `polarity`; NOT_ASSESSED when a number
 *  is not finite, lower > upper or the polarity is unknown. */
YJPI_API int yjpi_judge_benchmark(double lower, double upper, double benchmark,
                                  int polarity);
/** Direction of a trend verdict (yjpi_trend_verdict) with a polarity:
 *  YJPI_DIRECTION_IMPROVING / _WORSENING for increasing / decreasing when
 *  the polarity is set, otherwise YJPI_DIRECTION_NOT_ASSESSED (0). */
YJPI_API int yjpi_judge_trend(int verdict, int polarity);

/* ---- Change ------------------------------------------------------------- */

/** A change from an earlier value to a later one.  Growable: set size. */
typedef struct yjpi_change {
    size_t size;
    int32_t status;          /**< yjpi_assess_status of absolute and direction */
    int32_t percent_status;  /**< yjpi_assess_status of percent */
    int32_t test_status;     /**< yjpi_assess_status of the test */
    int32_t direction;       /**< yjpi_direction */
    int32_t points;          /**< 1: absolute is in percentage points */
    int32_t test;            /**< yjpi_change_test used */
    int32_t significant;     /**< 1 when test_status OK and p_value < level */
    int32_t exact;           /**< 1 when the test was exact */
    yjpi_period from_period; /**< the earlier period */
    yjpi_period to_period;   /**< the later period */
    double from, to;         /**< the two values */
    double absolute;         /**< to - from, in the indicator's units */
    double percent;          /**< 100 (to - from) / from */
    double statistic;        /**< chi-square of the score test, 0 for exact tests */
    double p_value;          /**< two-sided */
    double level;            /**< significance level used */
    double ratio;            /**< rate ratio to/from (rates, counts; 0 when the
                                  earlier count is 0 and the ratio unbounded);
                                  p_to - p_from as proportions (proportions) */
} yjpi_change;

/**
 * The change from `from` to `to` (same indicator; usually the previous
 * period or the same period a year earlier), with its significance.
 * @param[in]  from, to  values (their size members are honoured)
 * @param[in]  level     significance level in (0, 1), e.g. 0.05
 * @param[out] out       out->size must be set
 * @return YJPI_OK (statuses in *out say what could be computed),
 *         YJPI_E_NOMEM, YJPI_E_ARGUMENT (NULL, different or unknown indicators, level out
 *         of range, out->size too small).
 */
YJPI_API int yjpi_change_between(const yjpi_value *from, const yjpi_value *to,
                                 double level, yjpi_change *out);

/* ---- Benchmarks ----------------------------------------------------------- */

/** A value against one benchmark.  Growable: set size. */
typedef struct yjpi_benchmark_result {
    size_t size;
    const char *name;     /**< benchmark name (owner: see the function) */
    int32_t status;       /**< yjpi_assess_status */
    int32_t verdict;      /**< yjpi_benchmark_verdict */
    double benchmark;     /**< the benchmark value (0 when missing) */
    double value, lower, upper; /**< the area's value and interval */
} yjpi_benchmark_result;

/**
 * Compares a value with a benchmark value (header comment for the rule).
 * out->name is set to NULL.
 * @return YJPI_OK, YJPI_E_ARGUMENT (NULL, unknown indicator, non-finite
 *         benchmark, out->size too small).
 */
YJPI_API int yjpi_benchmark_compare(const yjpi_value *v, double benchmark,
                                    yjpi_benchmark_result *out);

/* ---- Targets ---------------------------------------------------------------- */

/** A value against one target.  Growable: set size. */
typedef struct yjpi_target_result {
    size_t size;
    int32_t status;       /**< yjpi_assess_status (why not assessable) */
    int32_t verdict;      /**< yjpi_target_verdict */
    int32_t kind;         /**< yjpi_target_kind */
    double bound;
    double actual;        /**< the value, or the percent change, compared */
    const char *area;     /**< the target's area ("*" = any; owner: see the function) */
} yjpi_target_result;

/**
 * Checks a target against a value.  Does not check that the target applies
 * (indicator, period, area): the caller chose it.
 * @param[in] t         the target
 * @param[in] v         the value for the target's period
 * @param[in] previous  change on the previous period (for change_max /
 *                      change_min); may be NULL (then those are not
 *                      assessable, YJPI_ASSESS_CHANGE_NOT_AVAILABLE)
 * @param[out] out      out->size must be set; out->area = t->area
 * @return YJPI_OK, YJPI_E_ARGUMENT (NULL, unknown kind, size too small).
 */
YJPI_API int yjpi_target_check(const yjpi_target *t, const yjpi_value *v,
                               const yjpi_change *previous,
                               yjpi_target_result *out);

/* ---- Trend ---------------------------------------------------------------- */

/** Which trend method was used. */
typedef enum yjpi_trend_method {
    YJPI_TREND_METHOD_NONE = 0,
    YJPI_TREND_METHOD_PROPORTIONS = 1, /**< Cochran-Armitage */
    YJPI_TREND_METHOD_VALUES = 2       /**< weighted regression on the intervals */
} yjpi_trend_method;

/** A trend with the reason when not assessed.  Growable: set size. */
typedef struct yjpi_trend_assessment {
    size_t size;
    int32_t status;       /**< yjpi_assess_status */
    int32_t verdict;      /**< yjpi_trend_verdict */
    int32_t direction;    /**< YJPI_DIRECTION_IMPROVING / _WORSENING or 0 */
    int32_t method;       /**< yjpi_trend_method */
    double chi2;
    double slope;         /**< per period: value units for method VALUES, logit(p) for method PROPORTIONS (see slope_kind) */
    double p_value;
    double level;         /**< trend significance level used */
    size_t points;        /**< points used */
    yjpi_period first, last; /**< first and last period used */
    int32_t slope_kind;   /**< yjpi_slope_kind of `slope` (added in 0.1: not
                               written for an older, smaller size) */
} yjpi_trend_assessment;

/**
 * Recent trend over the last `min_points` of `points` (oldest first; they
 * must be consecutive, non-overlapping periods of one indicator and area).
 * @param[in] points      array of n values, each with size set to the
 *                        caller's sizeof(yjpi_value) (YJPI_INIT)
 * @param[in] min_points  points to use, >= 3
 * @param[in] level       trend significance in (0, 1), e.g. 0.002
 * @param[out] out        out->size must be set
 * @return YJPI_OK (status in *out), YJPI_E_NOMEM, YJPI_E_ARGUMENT (NULL with n > 0,
 *         min_points < 3, level out of range, size too small, mixed
 *         indicators).
 */
YJPI_API int yjpi_trend_assess(const yjpi_value *points, size_t n,
                               size_t min_points, double level,
                               yjpi_trend_assessment *out);

/* ---- RAG ------------------------------------------------------------------ */

/** A RAG rating and what it rests on.  Growable: set size. */
typedef struct yjpi_rag_result {
    size_t size;
    int32_t rag;              /**< yjpi_rag */
    int32_t status;           /**< yjpi_assess_status, reason for none */
    int32_t basis;            /**< yjpi_rag_basis */
    int32_t target_verdict;   /**< overall yjpi_target_verdict used */
    int32_t benchmark_verdict;/**< yjpi_benchmark_verdict of the RAG benchmark */
    const char *benchmark;    /**< RAG benchmark name, NULL when none (owner: the assessment) */
} yjpi_rag_result;

/**
 * Applies the RAG rules of the header comment.  out->benchmark is set to
 * NULL.
 * @param[in] polarity           yjpi_polarity of the indicator
 * @param[in] value_status       yjpi_value_status of the value
 * @param[in] target_verdict     overall yjpi_target_verdict
 * @param[in] benchmark_verdict  yjpi_benchmark_verdict against the RAG
 *                               benchmark (NOT_ASSESSED when missing)
 * @return YJPI_OK, YJPI_E_ARGUMENT (NULL, size too small, unknown enums).
 */
YJPI_API int yjpi_rag_rule(int polarity, int value_status, int target_verdict,
                           int benchmark_verdict, yjpi_rag_result *out);

/* ---- One-call assessment ---------------------------------------------------- */

/** Options for yjpi_assess().  Growable: set size (YJPI_INIT); all-zero
 *  means the reference's options. */
typedef struct yjpi_assess_options {
    size_t size;
    const char *rag_benchmark; /**< benchmark name for RAG; NULL = "England and Wales" / "England & Wales" */
    double confidence;         /**< 0 = the reference's */
    double significance;       /**< level for changes; 0 = the reference's */
    double trend_significance; /**< 0 = the reference's */
    int32_t trend_points;      /**< 0 = the reference's trend_min_points; else >= 3 */
} yjpi_assess_options;

/** Which value of an assessment. */
typedef enum yjpi_assess_which {
    YJPI_AT_CURRENT = 0,
    YJPI_AT_PREVIOUS = 1,      /**< previous period (shift by its own length) */
    YJPI_AT_YEAR_EARLIER = 2   /**< same period a year (12 months) earlier */
} yjpi_assess_which;

typedef struct yjpi_assessment yjpi_assessment;
typedef struct yjpi_assessments yjpi_assessments;

/**
 * Assesses one indicator for one area in one period: runs ONE yjpi_compute()
 * over the period, the previous period, the period a year earlier and the
 * trend points, then changes (with significance), every benchmark of the
 * indicator, targets, trend and RAG.
 * @param[in] ds         finished dataset
 * @param[in] ref        benchmarks, targets, populations, options; may be
 *                       NULL (no benchmarks or targets, default options)
 * @param[in] indicator  yjpi_indicator
 * @param[in] area       area code or "*"
 * @param[in] period     the period assessed
 * @param[in] opts       may be NULL
 * @param[out] out       owned by the caller (yjpi_assessment_free);
 *                       independent of ds and ref afterwards
 * @param[out] err       may be NULL
 * @return YJPI_OK, YJPI_E_ARGUMENT, YJPI_E_STATE, YJPI_E_NOMEM,
 *         YJPI_E_NUMERIC, YJPI_E_RANGE (the period starts after the data's
 *         as_of date).  What cannot be assessed is not an error.
 */
YJPI_API int yjpi_assess(const yjpi_dataset *ds, const yjpi_reference *ref,
                         int indicator, const char *area,
                         const yjpi_period *period,
                         const yjpi_assess_options *opts,
                         yjpi_assessment **out, yjpi_error *err);
/** Releases an assessment made by yjpi_assess(); NULL is allowed.  An
 *  assessment obtained from yjpi_assessments_get() belongs to its
 *  collection: this call ignores it. */
YJPI_API void yjpi_assessment_free(yjpi_assessment *a);

/**
 * As yjpi_assess() for many areas with ONE yjpi_compute().
 * @param[in] areas  area codes (may include "*"); NULL = every area in the
 *                   dataset (sorted by code) and then "*"
 * @param[out] out   owned by the caller (yjpi_assessments_free)
 */
YJPI_API int yjpi_assess_areas(const yjpi_dataset *ds, const yjpi_reference *ref,
                               int indicator, const char *const *areas,
                               size_t n_areas, const yjpi_period *period,
                               const yjpi_assess_options *opts,
                               yjpi_assessments **out, yjpi_error *err);
YJPI_API void yjpi_assessments_free(yjpi_assessments *as);
YJPI_API size_t yjpi_assessments_count(const yjpi_assessments *as);
/** Assessment i (in area order); owned by the collection; NULL if out of range. */
YJPI_API const yjpi_assessment *yjpi_assessments_get(const yjpi_assessments *as,
                                                     size_t i);

/* Getters.  Strings are owned by the assessment (or its collection). */
YJPI_API int yjpi_assessment_indicator(const yjpi_assessment *a);
YJPI_API const char *yjpi_assessment_area(const yjpi_assessment *a);
YJPI_API yjpi_period yjpi_assessment_period(const yjpi_assessment *a);
/**
 * Copies the current, previous or year-earlier value (out->size set).
 * @return YJPI_OK; YJPI_E_NOT_FOUND when that period could not be formed or
 *         is not in the results (the change's status says which);
 *         YJPI_E_ARGUMENT.
 */
YJPI_API int yjpi_assessment_value(const yjpi_assessment *a, int which,
                                   yjpi_value *out);
/** Change against YJPI_AT_PREVIOUS or YJPI_AT_YEAR_EARLIER (out->size set).
 *  Always filled when YJPI_OK; its statuses say what is missing. */
YJPI_API int yjpi_assessment_change(const yjpi_assessment *a, int which,
                                    yjpi_change *out);
/** Benchmark comparisons: one per benchmark series of the indicator, in the
 *  reference's order (missing values included, with their status). */
YJPI_API size_t yjpi_assessment_benchmark_count(const yjpi_assessment *a);
YJPI_API int yjpi_assessment_benchmark(const yjpi_assessment *a, size_t i,
                                       yjpi_benchmark_result *out);
/** Targets that apply (see the header comment), in the reference's order;
 *  when none applies the count is 0 and the overall verdict NONE. */
YJPI_API size_t yjpi_assessment_target_count(const yjpi_assessment *a);
YJPI_API int yjpi_assessment_target(const yjpi_assessment *a, size_t i,
                                    yjpi_target_result *out);
/** Overall yjpi_target_verdict. */
YJPI_API int yjpi_assessment_target_verdict(const yjpi_assessment *a);
YJPI_API int yjpi_assessment_trend(const yjpi_assessment *a,
                                   yjpi_trend_assessment *out);
/** Trend points (oldest first, the last one is the current value); points
 *  whose period could not be formed are left out. */
YJPI_API size_t yjpi_assessment_trend_point_count(const yjpi_assessment *a);
YJPI_API int yjpi_assessment_trend_point(const yjpi_assessment *a, size_t i,
                                         yjpi_value *out);
YJPI_API int yjpi_assessment_rag(const yjpi_assessment *a, yjpi_rag_result *out);

#ifdef __cplusplus
}
#endif
#endif
