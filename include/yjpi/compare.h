/*
 * yjpi/compare.h - change, significance, benchmarks, targets, trends and RAG
 * (docs/indicators.md section 9).
 */
#ifndef YJPI_COMPARE_H
#define YJPI_COMPARE_H

#include "common.h"
#include "indicators.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Significance tests (usable on their own) --------------------------- */
/*
 * Implemented in lib/compare/tests.c and trend.c (docs/indicators.md section 9).  Common rules:
 * `out` must be non-NULL with out->size set (YJPI_INIT); only the first
 * out->size bytes are written, and nothing is written on error.  Levels
 * (`confidence`, `significance`) must lie strictly inside (0,1), else
 * YJPI_E_ARGUMENT.  YJPI_E_NUMERIC means a GSL result came back NaN/infinite
 * (not expected for valid input).  The library never changes GSL's error
 * handler: arguments are checked so that GSL's error paths are not reached.
 */

/** Result of a test.  Growable: set size. */
typedef struct yjpi_test_result {
    size_t size;
    double statistic;   /**< chi-square (score test); 0 for exact tests */
    double p_value;     /**< two-sided */
    int32_t exact;      /**< 1 when an exact test was used */
    double ratio;       /**< rate ratio (Poisson test), or difference p1 - p2
                             (proportions); +INFINITY for the Poisson test
                             when x2 == 0 */
    double lower, upper;/**< interval for the rate ratio (Poisson test);
                             upper is +INFINITY when x2 == 0; both 0 for the
                             proportions test */
} yjpi_test_result;

/**
 * Two-proportion test of x1/n1 against x2/n2.  When every expected cell of
 * the 2x2 table (under a common proportion) is at least 5: the score test,
 * Pearson chi-square without continuity correction (R's
 * prop.test(correct = FALSE)), p from chi-square(1).  Otherwise Fisher's
 * exact test (exact = 1, statistic 0), two-sided as R's fisher.test: the sum
 * of the probabilities of the tables with the same margins whose probability
 * is <= the observed table's * (1 + 1e-7).  ratio = x1/n1 - x2/n2.
 * @return YJPI_OK, YJPI_E_ARGUMENT (out NULL, n1 or n2 == 0, x > n,
 *         n1 + n2 > 2^53), YJPI_E_NUMERIC.
 */
YJPI_API int yjpi_test_proportions(uint64_t x1, uint64_t n1, uint64_t x2,
                                   uint64_t n2, yjpi_test_result *out);
/**
 * Conditional exact test of two Poisson counts over exposures (populations),
 * as R's poisson.test(c(x1, x2), c(t1, t2)): under equal rates
 * x1 ~ Binomial(x1 + x2, t1 / (t1 + t2)); two-sided p as R's binom.test (sum
 * of the probabilities <= the observed one * (1 + 1e-7)), both tails summed
 * in log space so that a tail much smaller than the other still counts
 * (p keeps about 9 significant digits down to about 1e-300, and is 0 only
 * below what a double holds).  exact = 1,
 * statistic 0.  ratio = (x1/t1) / (x2/t2) with its exact interval at
 * `confidence` from the Clopper-Pearson interval (pl, pu) of the binomial
 * proportion: pl/(1-pl) * t2/t1 .. pu/(1-pu) * t2/t1.
 * x1 == 0 gives ratio 0 and lower 0.  x2 == 0 gives ratio = upper =
 * +INFINITY (the only place the library returns an infinity; callers
 * presenting it should print "inf" or "-"); lower and p_value stay finite.
 * @param t1,t2 exposures, finite and > 0 (any common unit)
 * @return YJPI_OK, YJPI_E_ARGUMENT (out NULL, x1 == x2 == 0, t not finite or
 *         <= 0, confidence not in (0,1)), YJPI_E_LIMIT (x1 + x2 > 500,000:
 *         beyond what GSL's incomplete beta function handles safely),
 *         YJPI_E_NUMERIC (also for exposures so unequal that t1/(t1+t2)
 *         rounds to 0 or 1).
 */
YJPI_API int yjpi_test_rates(uint64_t x1, double t1, uint64_t x2, double t2,
                             double confidence, yjpi_test_result *out);

/* ---- Trends (OHID "recent trend") ---------------------------------------- */

/** Trend verdicts. */
typedef enum yjpi_trend_verdict {
    YJPI_TREND_NOT_ASSESSED = 0,   /**< too few points or not computable */
    YJPI_TREND_INCREASING = 1,
    YJPI_TREND_DECREASING = 2,
    YJPI_TREND_NO_CHANGE = 3,
    YJPI_TREND_NO_CHANGE_OUTLIER = 4  /**< significant, but a point reverses the slope */
} yjpi_trend_verdict;

/** Which fit a trend's slope comes from (yjpi_trend_result.slope_kind). */
typedef enum yjpi_slope_kind {
    YJPI_SLOPE_NONE = 0,            /**< no slope (too few points, every
                                         proportion 0 or 1, or one of them
                                         0 or 1 so that it has no logit) */
    YJPI_SLOPE_WEIGHTED_VALUES = 1, /**< inverse-variance weighted fit of the
                                         values (yjpi_trend_values) */
    YJPI_SLOPE_LOGIT = 2            /**< unweighted least-squares fit of
                                         logit(p) = log(x / (n - x))
                                         (yjpi_trend_proportions) */
} yjpi_slope_kind;

/** A trend.  Growable: set size. */
typedef struct yjpi_trend_result {
    size_t size;
    int32_t verdict;     /**< yjpi_trend_verdict */
    int32_t direction;   /**< yjpi_direction with polarity (improving/worsening) or 0;
                              always 0 from yjpi_trend_proportions/_values
                              (the caller applies polarity) */
    double chi2;
    double slope;        /**< per period, of the fit slope_kind names:
                              logit(p) per period for yjpi_trend_proportions,
                              value units per period for yjpi_trend_values */
    double p_value;      /**< from chi-square(1) */
    size_t points;       /**< points used (the last `min_points`) */
    int32_t slope_kind;  /**< yjpi_slope_kind of `slope` (added in 0.1:
                              not written for an older, smaller size) */
} yjpi_trend_result;

/*
 * Both trend functions use all k points they are given, at period indices
 * 1..k (pass the last trend_min_points consecutive, non-overlapping
 * periods).  Verdict:
 *  - k < 3: YJPI_TREND_NOT_ASSESSED (a slope needs 2 points, the
 *    leave-one-out check one more); status YJPI_OK, other fields 0.
 *  - chi2 <= the chi-square(1) quantile at 1 - significance (e.g. 9.5495
 *    for 0.002): YJPI_TREND_NO_CHANGE.
 *  - otherwise INCREASING / DECREASING by the sign of the slope, unless the
 *    leave-one-out check fails: each point is removed in turn and the slope
 *    refitted (remaining points keep their period index); if any refitted
 *    slope has a different sign (a slope of exactly 0 counts as different),
 *    the verdict is YJPI_TREND_NO_CHANGE_OUTLIER.  The check is made only
 *    for a significant trend, and the same way for both functions.
 */

/**
 * Cochran-Armitage test for trend in the proportions x[i]/n[i] with scores
 * 1..k, as R's prop.trend.test(x, n): chi2 = the regression sum of squares
 * of the weighted regression of x/n on the score with weights
 * n / (pbar (1 - pbar)), pbar = sum x / sum n.  Counts may be non-integer
 * (OHID applies it to weighted counts).  When every proportion is 0 or
 * every one is 1, the result is YJPI_TREND_NO_CHANGE with chi2 0, p 1.
 * The direction (the sign of slope) and the slopes of the leave-one-out
 * check are those of the unweighted least-squares fit of
 * logit(p_i) = log(x_i / (n_i - x_i)) on the period index, as OHID's
 * Fingertips and PHEindicatormethods do (the chi-square is still
 * Cochran-Armitage's): slope is logit(p) per period, slope_kind
 * YJPI_SLOPE_LOGIT.  A proportion of exactly 0 or 1 has no logit: slope 0,
 * slope_kind YJPI_SLOPE_NONE, and the verdict is YJPI_TREND_NO_CHANGE when
 * chi2 is not significant, YJPI_TREND_NOT_ASSESSED when it is (its
 * direction cannot be told); chi2 and p_value are still reported.
 * @param significance e.g. 0.002 (option trend_significance)
 * @return YJPI_OK, YJPI_E_ARGUMENT (NULL pointers with k > 0, a value not
 *         finite, x < 0, n <= 0, x > n, significance not in (0,1)),
 *         YJPI_E_NOMEM, YJPI_E_NUMERIC.
 */
YJPI_API int yjpi_trend_proportions(const double *x, const double *n, size_t k,
                                    double significance, yjpi_trend_result *out);
/**
 * Inverse-variance weighted regression of value on period index (1..k) with
 * sigma_i = (upper_i - lower_i) / (2 z), z = z(1 - (1 - confidence)/2) for
 * the level of the points' intervals, w_i = 1 / sigma_i^2, and
 * chi2 = slope^2 / Var(slope), Var(slope) the unscaled variance
 * sum w / (sum w * sum w t^2 - (sum w t)^2) (gsl_fit_wlinear's cov11).
 * @return YJPI_OK, YJPI_E_ARGUMENT (NULL pointers with k > 0, a value not
 *         finite, upper_i <= lower_i - a zero-width interval would have an
 *         infinite weight -, levels not in (0,1)), YJPI_E_NOMEM,
 *         YJPI_E_NUMERIC.
 */
YJPI_API int yjpi_trend_values(const double *value, const double *lower,
                               const double *upper, size_t k, double confidence,
                               double significance, yjpi_trend_result *out);

#ifdef __cplusplus
}
#endif
#endif
