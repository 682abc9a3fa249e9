/*
 * stats.h - what the statistics sources share (intervals.c, tests.c,
 * trend.c: confidence intervals, significance tests and trend tests,
 * computed with GSL; private to lib/compare/).
 *
 * GSL and its error handler
 * -------------------------
 * GSL's default error handler calls abort(), and the library must never
 * change a host program's process-wide handler.  So every GSL call below is
 * made only with arguments for which GSL has no error path, and every result
 * is checked for NaN/infinity (-> YJPI_E_NUMERIC).  The edge cases handled
 * before a call:
 *
 *  - Probabilities passed to a quantile function are always strictly inside
 *    (0,1): confidence must lie in (0,1), so alpha/2 is in (0, 0.5).  (GSL
 *    returns 0 / +inf for P = 0 / 1 and reports an error outside [0,1].)
 *    Upper-tail quantiles use the *_Qinv form with the small tail
 *    probability, so 1 - alpha/2 is never rounded.
 *  - gsl_cdf_chisq_Pinv(P, 0) is NaN: the exact Poisson lower limit for a
 *    count of 0 is set to 0 without calling it (degrees of freedom 2x = 0).
 *  - gsl_cdf_beta_Pinv/Qinv are not used at all.  With a zero shape
 *    parameter they never return, and with ordinary counts they call the
 *    error handler ("inverse failed to converge": e.g. 1 event out of 421 at
 *    99.8%, 5000 of 10000 at 95%, found by a grid search against GSL 2.7).
 *    The Clopper-Pearson limits are found instead by bisection on
 *    gsl_cdf_beta_P (beta_quantile in tests.c), whose shapes are always >= 1: the
 *    limits for x = 0 (lower 0) and x = n (upper 1) are set without a call.
 *  - gsl_cdf_beta_P itself (so also gsl_cdf_binomial_P/Q) calls the error
 *    handler for shapes above about 1.09 million (its continued fraction
 *    does not converge; same grid search, none failed up to 1.0 million): the
 *    rate test is limited to x1 + x2 <= YJPI__MAX_RATE_EVENTS (500,000),
 *    YJPI_E_LIMIT beyond.
 *  - gsl_cdf_tdist_Qinv needs nu > 0: n >= 2 is required for a mean.
 *  - Binomial probabilities for the rate test are gsl_sf_lnchoose(n, k)
 *    (no error path for k <= n, unsigned int counts within the limit above)
 *    plus k log p + (n - k) log(1 - p), with p = t1 / (t1 + t2) checked to
 *    be strictly inside (0,1).  GSL's gsl_cdf_binomial_P/Q are not used for
 *    the p-value: a tail far below the other (e.g. P(X <= 5) = 7e-90 for
 *    n = 250,005) comes back as 0.
 *  - gsl_fit_wlinear divides by the weighted spread of the x values: the x
 *    values are the distinct period indices 1..k with k >= 3, and the
 *    weights are checked to be finite and positive.
 *
 * Fisher's exact test (tests.c) is computed without GSL (hypergeometric
 * probabilities by the ratio recurrence, walking out from the mode until the
 * terms underflow), so it works for any counts up to 2^53.
 */
#ifndef YJPI_COMPARE_STATS_H
#define YJPI_COMPARE_STATS_H

#include "internal.h"

#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

/* R's tolerance for "probability no larger than the observed one" in
 * fisher.test and binom.test. */
#define REL_ERR (1.0 + 1e-7)

/* Largest x1 + x2 for yjpi_test_rates (see the GSL notes above). */
#define YJPI__MAX_RATE_EVENTS 500000u

/* Counts above this are not exactly representable as doubles. */
#define MAX_EXACT_COUNT ((uint64_t)1 << 53)

static inline bool yjpi__valid_level(double level)
{
    return level > 0.0 && level < 1.0; /* false for NaN too */
}

/* Copies a result struct into a caller's growable struct without writing
 * beyond the caller's `size` (the leading size member is kept). */
static inline void yjpi__copy_sized(void *dst, const void *src, size_t full)
{
    size_t want;
    memcpy(&want, dst, sizeof want);
    size_t n = want < full ? want : full;
    if (n > sizeof(size_t))
        memcpy((char *)dst + sizeof(size_t), (const char *)src + sizeof(size_t),
               n - sizeof(size_t));
}

#endif
