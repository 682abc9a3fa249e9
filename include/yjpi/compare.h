/*
 * yjpi/compare.h - change, significance, benchmarks, targets, trends and RAG
 * (spec/indicators.md section 7).
 */
#ifndef YJPI_COMPARE_H
#define YJPI_COMPARE_H

#include "common.h"
#include "indicators.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Significance tests (usable on their own) --------------------------- */

/** Result of a test.  Growable: set size. */
typedef struct yjpi_test_result {
    size_t size;
    double statistic;   /**< chi-square (score test), or NaN-free 0 for exact tests */
    double p_value;     /**< two-sided */
    int32_t exact;      /**< 1 when an exact test was used */
    double ratio;       /**< rate ratio (Poisson test), or difference p1 - p2 (proportions) */
    double lower, upper;/**< interval for ratio (Poisson test) */
} yjpi_test_result;

/**
 * Two-proportion test of x1/n1 against x2/n2: the score (chi-square, no
 * continuity correction) test, or Fisher's exact test when any expected cell
 * is below 5.
 * @return YJPI_OK, YJPI_E_ARGUMENT (n == 0, x > n), YJPI_E_NUMERIC.
 */
YJPI_API int yjpi_test_proportions(uint64_t x1, uint64_t n1, uint64_t x2,
                                   uint64_t n2, yjpi_test_result *out);
/**
 * Conditional exact test of two Poisson counts over exposures (populations):
 * x1 ~ Binomial(x1 + x2, t1 / (t1 + t2)) under equal rates, two-sided as R's
 * poisson.test, with the rate ratio and its exact interval at `confidence`.
 */
YJPI_API int yjpi_test_rates(uint64_t x1, double t1, uint64_t x2, double t2,
                             double confidence, yjpi_test_result *out);

/** Trend verdicts. */
typedef enum yjpi_trend_verdict {
    YJPI_TREND_NOT_ASSESSED = 0,   /**< too few points or not computable */
    YJPI_TREND_INCREASING = 1,
    YJPI_TREND_DECREASING = 2,
    YJPI_TREND_NO_CHANGE = 3,
    YJPI_TREND_NO_CHANGE_OUTLIER = 4  /**< significant, but a point reverses the slope */
} yjpi_trend_verdict;

/** A trend.  Growable: set size. */
typedef struct yjpi_trend_result {
    size_t size;
    int32_t verdict;     /**< yjpi_trend_verdict */
    int32_t direction;   /**< yjpi_direction with polarity (improving/worsening) or 0 */
    double chi2;
    double slope;        /**< per period */
    double p_value;
    size_t points;       /**< points used (the last `min_points`) */
} yjpi_trend_result;

/**
 * Cochran-Armitage test for trend over the last `points` of counts x[i] out
 * of n[i] (periods equally spaced, scores 1..k).
 */
YJPI_API int yjpi_trend_proportions(const double *x, const double *n, size_t k,
                                    double significance, yjpi_trend_result *out);
/**
 * Inverse-variance weighted regression of value on period index with
 * sigma_i = (upper_i - lower_i) / (2 z) from each point's interval at
 * `confidence`, chi-square = slope^2 / Var(slope), and the leave-one-out check.
 */
YJPI_API int yjpi_trend_values(const double *value, const double *lower,
                               const double *upper, size_t k, double confidence,
                               double significance, yjpi_trend_result *out);

#ifdef __cplusplus
}
#endif
#endif
