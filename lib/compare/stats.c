/*
 * stats.c - confidence intervals, significance tests and trend tests
 * (spec/indicators.md sections 6 and 7), computed with GSL.
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
 *    gsl_cdf_beta_P (beta_quantile below), whose shapes are always >= 1: the
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
 * Fisher's exact test is computed here without GSL (hypergeometric
 * probabilities by the ratio recurrence, walking out from the mode until the
 * terms underflow), so it works for any counts up to 2^53.
 */
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

/* ---- Helpers ------------------------------------------------------------- */

static bool valid_level(double level)
{
    return level > 0.0 && level < 1.0; /* false for NaN too */
}

int yjpi__z_two_sided(double confidence, double *z)
{
    if (!z || !valid_level(confidence))
        return YJPI_E_ARGUMENT;
    /* z(1 - alpha/2) as the upper alpha/2 quantile: alpha/2 in (0, 0.5). */
    double q = gsl_cdf_ugaussian_Qinv((1.0 - confidence) / 2.0);
    if (!isfinite(q) || q < 0.0)
        return YJPI_E_NUMERIC;
    *z = q;
    return YJPI_OK;
}

int yjpi__chisq_upper_quantile(double tail, double nu, double *q)
{
    if (!q || !valid_level(tail) || !(nu > 0.0) || !isfinite(nu))
        return YJPI_E_ARGUMENT;
    double v = gsl_cdf_chisq_Qinv(tail, nu);
    if (!isfinite(v) || v < 0.0)
        return YJPI_E_NUMERIC;
    *q = v;
    return YJPI_OK;
}

/* Copies a result struct into a caller's growable struct without writing
 * beyond the caller's `size` (the leading size member is kept). */
static void copy_sized(void *dst, const void *src, size_t full)
{
    size_t want;
    memcpy(&want, dst, sizeof want);
    size_t n = want < full ? want : full;
    if (n > sizeof(size_t))
        memcpy((char *)dst + sizeof(size_t), (const char *)src + sizeof(size_t),
               n - sizeof(size_t));
}

/* ---- Intervals ----------------------------------------------------------- */

int yjpi_ci_wilson(uint64_t x, uint64_t n, double confidence, double *lower,
                   double *upper)
{
    if (!lower || !upper || n == 0 || x > n || n > MAX_EXACT_COUNT)
        return YJPI_E_ARGUMENT;
    double z;
    int rc = yjpi__z_two_sided(confidence, &z);
    if (rc != YJPI_OK)
        return rc;

    /*
     * With a = 2x + z^2 and b = z sqrt(z^2 + 4x(n-x)/n), the Wilson limits
     * are (a -+ b) / (2(n + z^2)).  The lower limit is rewritten as
     * (a^2 - b^2) / ((a + b) 2(n + z^2)) = 2x^2 / (n (a + b)), which has no
     * cancellation for small x (and is exactly 0 for x = 0).
     */
    double xd = (double)x, nd = (double)n, z2 = z * z;
    double a = 2.0 * xd + z2;
    double b = z * sqrt(z2 + 4.0 * xd * ((nd - xd) / nd));
    double lo = 2.0 * xd * xd / (nd * (a + b));
    double hi = (a + b) / (2.0 * (nd + z2));
    if (x == n)
        hi = 1.0;
    if (hi > 1.0)
        hi = 1.0;
    if (!isfinite(lo) || !isfinite(hi))
        return YJPI_E_NUMERIC;
    *lower = lo;
    *upper = hi;
    return YJPI_OK;
}

int yjpi_ci_poisson(uint64_t count, double confidence, double *lower,
                    double *upper)
{
    if (!lower || !upper || count > MAX_EXACT_COUNT)
        return YJPI_E_ARGUMENT;
    if (!valid_level(confidence))
        return YJPI_E_ARGUMENT;
    double half = (1.0 - confidence) / 2.0; /* in (0, 0.5) */
    double x = (double)count;
    double lo, hi;

    if (count < 10) {
        /* Exact: chi-square quantiles (degrees of freedom 2x and 2x + 2). */
        lo = count == 0 ? 0.0 : gsl_cdf_chisq_Pinv(half, 2.0 * x) / 2.0;
        hi = gsl_cdf_chisq_Qinv(half, 2.0 * x + 2.0) / 2.0;
    } else {
        /* Byar's approximation (as PHEindicatormethods' byars_lower/upper). */
        double z;
        int rc = yjpi__z_two_sided(confidence, &z);
        if (rc != YJPI_OK)
            return rc;
        double bl = 1.0 - 1.0 / (9.0 * x) - z / (3.0 * sqrt(x));
        double x1 = x + 1.0;
        double bu = 1.0 - 1.0 / (9.0 * x1) + z / (3.0 * sqrt(x1));
        /* bl > 0 for every representable level at x >= 10 (z < 8.3);
         * kept as a guard. */
        lo = bl > 0.0 ? x * bl * bl * bl : 0.0;
        hi = x1 * bu * bu * bu;
    }
    if (!isfinite(lo) || !isfinite(hi) || lo < 0.0 || hi < lo)
        return YJPI_E_NUMERIC;
    *lower = lo;
    *upper = hi;
    return YJPI_OK;
}

/* mean +- t(1 - alpha/2, n - 1) * sqrt(var / n) */
static int mean_interval(double n, double mean, double var, double confidence,
                         double *out_mean, double *lower, double *upper)
{
    if (!valid_level(confidence))
        return YJPI_E_ARGUMENT;
    double t = gsl_cdf_tdist_Qinv((1.0 - confidence) / 2.0, n - 1.0);
    if (!isfinite(t))
        return YJPI_E_NUMERIC;
    double half = t * sqrt(var / n);
    double lo = mean - half, hi = mean + half;
    if (!isfinite(lo) || !isfinite(hi))
        return YJPI_E_NUMERIC;
    if (out_mean)
        *out_mean = mean;
    *lower = lo;
    *upper = hi;
    return YJPI_OK;
}

int yjpi_ci_mean(const double *values, size_t n, double confidence,
                 double *mean, double *lower, double *upper)
{
    if (!values || !lower || !upper || n < 2)
        return YJPI_E_ARGUMENT;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(values[i]))
            return YJPI_E_ARGUMENT;
        sum += values[i];
    }
    double nd = (double)n;
    double m = sum / nd;
    if (!isfinite(m))
        return YJPI_E_NUMERIC;
    /* Two-pass variance (with the usual rounding correction term). */
    double ss = 0.0, comp = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = values[i] - m;
        ss += d * d;
        comp += d;
    }
    double var = (ss - comp * comp / nd) / (nd - 1.0);
    if (var < 0.0)
        var = 0.0;
    if (!isfinite(var))
        return YJPI_E_NUMERIC;
    return mean_interval(nd, m, var, confidence, mean, lower, upper);
}

int yjpi_ci_mean_stats(double n, double sum, double sum_sq, double confidence,
                       double *mean, double *lower, double *upper)
{
    if (!lower || !upper || !isfinite(n) || !(n >= 2.0) || !isfinite(sum) ||
        !isfinite(sum_sq) || sum_sq < 0.0)
        return YJPI_E_ARGUMENT;
    double m = sum / n;
    double dev = sum_sq - sum * m; /* sum of squared deviations */
    if (dev < 0.0) {
        /* Cauchy-Schwarz: sum^2 <= n * sum_sq.  A tiny negative value is
         * rounding (all values equal); anything larger is inconsistent
         * input. */
        if (-dev > 1e-9 * sum_sq)
            return YJPI_E_ARGUMENT;
        dev = 0.0;
    }
    double var = dev / (n - 1.0);
    if (!isfinite(m) || !isfinite(var))
        return YJPI_E_NUMERIC;
    return mean_interval(n, m, var, confidence, mean, lower, upper);
}

int yjpi_ci_mean_dev(double n, double mean, double sum_dev_sq, double confidence,
                     double *lower, double *upper)
{
    if (!lower || !upper || !isfinite(n) || !(n >= 2.0) || !isfinite(mean) ||
        !isfinite(sum_dev_sq) || sum_dev_sq < 0.0)
        return YJPI_E_ARGUMENT;
    double var = sum_dev_sq / (n - 1.0);
    if (!isfinite(var))
        return YJPI_E_NUMERIC;
    return mean_interval(n, mean, var, confidence, NULL, lower, upper);
}

/* ---- Two proportions ------------------------------------------------------ */

/*
 * Two-sided Fisher exact p-value for the 2x2 table
 *     x1  n1-x1
 *     x2  n2-x2
 * conditional on the margins: X = x1 is hypergeometric (n1 draws from
 * N = n1 + n2 with m = x1 + x2 successes).  p = sum of P(k) over tables with
 * P(k) <= P(x1) * (1 + 1e-7), as R's fisher.test.
 *
 * Probabilities are computed relative to a table k0 near the mode with
 * P(k+1)/P(k) = (n1-k)(m-k) / ((k+1)(n2-m+k+1)); the walk stops when a term
 * underflows to 0 (R's exp(d - max(d)) gives 0 there as well).  The variance
 * of X is at most the smallest expected cell, so the walks are short when
 * the test is used for small expected cells, and bounded by the support
 * otherwise.
 */
static double fisher_walk(double k0, double lo, double hi, double n1,
                          double n2, double m, double x1, double threshold,
                          double *total, double *d_obs)
{
    double below = 0.0; /* sum of terms <= threshold */
    double sum = 1.0;
    if (x1 == k0)
        *d_obs = 1.0;
    if (1.0 <= threshold)
        below += 1.0;
    double r = 1.0;
    for (double k = k0; k < hi; k += 1.0) { /* upwards: P(k+1) from P(k) */
        r *= ((n1 - k) * (m - k)) / ((k + 1.0) * (n2 - m + k + 1.0));
        if (r == 0.0)
            break;
        sum += r;
        if (k + 1.0 == x1)
            *d_obs = r;
        if (r <= threshold)
            below += r;
    }
    r = 1.0;
    for (double k = k0; k > lo; k -= 1.0) { /* downwards: P(k-1) from P(k) */
        r *= (k * (n2 - m + k)) / ((n1 - k + 1.0) * (m - k + 1.0));
        if (r == 0.0)
            break;
        sum += r;
        if (k - 1.0 == x1)
            *d_obs = r;
        if (r <= threshold)
            below += r;
    }
    *total = sum;
    return below;
}

static double fisher_two_sided(uint64_t x1, uint64_t n1, uint64_t x2,
                               uint64_t n2)
{
    double dn1 = (double)n1, dn2 = (double)n2;
    double m = (double)x1 + (double)x2;
    double N = dn1 + dn2;
    double lo = m - dn2 > 0.0 ? m - dn2 : 0.0;
    double hi = dn1 < m ? dn1 : m;
    if (lo == hi)
        return 1.0;
    double k0 = floor((dn1 + 1.0) * (m + 1.0) / (N + 2.0)); /* the mode */
    if (k0 < lo)
        k0 = lo;
    if (k0 > hi)
        k0 = hi;
    double xd = (double)x1;
    /* First walk: total mass and the observed table's (relative) probability;
     * second walk: the mass of tables no more probable than the observed. */
    double total = 0.0, d_obs = 0.0;
    (void)fisher_walk(k0, lo, hi, dn1, dn2, m, xd, -1.0, &total, &d_obs);
    double dummy = 0.0;
    double below = fisher_walk(k0, lo, hi, dn1, dn2, m, xd, d_obs * REL_ERR,
                               &total, &dummy);
    double p = below / total;
    return p > 1.0 ? 1.0 : p;
}

int yjpi_test_proportions(uint64_t x1, uint64_t n1, uint64_t x2, uint64_t n2,
                          yjpi_test_result *out)
{
    if (!out || out->size < sizeof(size_t) || n1 == 0 || n2 == 0 || x1 > n1 ||
        x2 > n2 || n1 > MAX_EXACT_COUNT || n2 > MAX_EXACT_COUNT ||
        n1 + n2 > MAX_EXACT_COUNT)
        return YJPI_E_ARGUMENT;

    yjpi_test_result r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;

    double dn1 = (double)n1, dn2 = (double)n2;
    double p1 = (double)x1 / dn1, p2 = (double)x2 / dn2;
    double N = dn1 + dn2;
    double pooled = ((double)x1 + (double)x2) / N;
    /* Expected cells under equal proportions. */
    double e[4] = { dn1 * pooled, dn1 * (1.0 - pooled), dn2 * pooled,
                    dn2 * (1.0 - pooled) };
    double o[4] = { (double)x1, dn1 - (double)x1, (double)x2,
                    dn2 - (double)x2 };
    bool small = false;
    for (int i = 0; i < 4; i++)
        if (e[i] < 5.0)
            small = true;

    r.ratio = p1 - p2;
    if (small) {
        r.exact = 1;
        r.statistic = 0.0;
        r.p_value = fisher_two_sided(x1, n1, x2, n2);
    } else {
        /* Pearson chi-square without continuity correction (every e >= 5,
         * so the pooled proportion is strictly inside (0,1)). */
        double chi2 = 0.0;
        for (int i = 0; i < 4; i++)
            chi2 += (o[i] - e[i]) * (o[i] - e[i]) / e[i];
        if (!isfinite(chi2))
            return YJPI_E_NUMERIC;
        r.statistic = chi2;
        r.p_value = gsl_cdf_chisq_Q(chi2, 1.0);
    }
    if (!isfinite(r.p_value) || !isfinite(r.ratio))
        return YJPI_E_NUMERIC;
    copy_sized(out, &r, sizeof r);
    return YJPI_OK;
}

/* ---- Two rates -------------------------------------------------------------- */

/* log P(X = k) for X ~ Binomial(n, p), 0 <= k <= n, 0 < p < 1. */
static double binom_lpmf(unsigned k, unsigned n, double lp, double lq)
{
    return gsl_sf_lnchoose(n, k) + (double)k * lp + (double)(n - k) * lq;
}

/*
 * Sum of exp(binom_lpmf(i) - base) for i from `from` stepping by `step` (+1
 * or -1) to `to` inclusive, walking away from the mode, so that the terms
 * never increase.  The binomial probabilities are log-concave, so the ratio
 * of successive terms never increases either: once a term times r / (1 - r)
 * (r the last ratio, a bound on all that is left) is below 1e-17 of the sum,
 * the rest cannot change it and the walk stops.  A tail is a handful of
 * standard deviations long before that happens.
 */
static double binom_tail(unsigned from, unsigned to, int step, unsigned n,
                         double lp, double lq, double base)
{
    double sum = 0.0, prev = binom_lpmf(from, n, lp, lq) - base;
    for (unsigned i = from;; i = step > 0 ? i + 1u : i - 1u) {
        double l = i == from ? prev : binom_lpmf(i, n, lp, lq) - base;
        double term = exp(l);
        sum += term;
        if (i == to)
            break;
        double r = exp(l - prev);
        prev = l;
        if (i != from && r < 1.0 && term * r / (1.0 - r) < 1e-17 * sum)
            break;
    }
    return sum;
}

/*
 * Two-sided p-value of the exact binomial test of x out of n with
 * probability p, as R's binom.test: the sum of the probabilities of the
 * outcomes at most as likely as x (P(i) <= P(x) * (1 + 1e-7)).  Both tails
 * are summed in log space relative to P(x) (a tail probability far below
 * DBL_MIN times the other still counts; GSL's binomial distribution
 * functions lose such tails entirely), and the result is P(x) times the sum.
 * n >= 1, 0 < p < 1, n <= UINT_MAX.
 */
static double binom_two_sided(unsigned x, unsigned n, double p)
{
    double m = (double)n * p;
    if ((double)x == m)
        return 1.0;
    double lp = log(p), lq = log1p(-p);
    double lx = binom_lpmf(x, n, lp, lq);
    double lthr = lx + log(REL_ERR);
    double sum;
    if ((double)x < m) {
        /* x is at or below the mode: its tail is 0..x.  On [ceil(m), n]
         * the probabilities do not increase (the mode floor((n+1)p) is <=
         * ceil(m)): the outcomes there that count are first..n, first found
         * by bisection. */
        sum = binom_tail(x, 0u, -1, n, lp, lq, lx);
        unsigned a = (unsigned)ceil(m), b = n, first = 0u;
        bool found = false;
        while (a <= b) {
            unsigned mid = a + (b - a) / 2u;
            if (binom_lpmf(mid, n, lp, lq) <= lthr) {
                first = mid;
                found = true;
                if (mid == 0u)
                    break;
                b = mid - 1u;
            } else {
                a = mid + 1u;
                if (a == 0u)
                    break;
            }
        }
        if (found && first <= x + 1u)
            return 1.0; /* every outcome counts */
        if (found)
            sum += binom_tail(first, n, +1, n, lp, lq, lx);
    } else {
        /* x above the mean: its tail is x..n; on [0, floor(m)] the
         * probabilities do not decrease, those that count are 0..last. */
        sum = binom_tail(x, n, +1, n, lp, lq, lx);
        unsigned a = 0u, b = (unsigned)floor(m), last = 0u;
        bool found = false;
        while (a <= b) {
            unsigned mid = a + (b - a) / 2u;
            if (binom_lpmf(mid, n, lp, lq) <= lthr) {
                last = mid;
                found = true;
                a = mid + 1u;
                if (a == 0u)
                    break;
            } else {
                if (mid == 0u)
                    break;
                b = mid - 1u;
            }
        }
        if (found && last + 1u >= x)
            return 1.0; /* every outcome counts */
        if (found)
            sum += binom_tail(last, 0u, -1, n, lp, lq, lx);
    }
    double pv = exp(lx) * sum;
    return pv > 1.0 ? 1.0 : pv;
}

/*
 * The x in (0,1) with gsl_cdf_beta_P(x, a, b) = tail, for a, b >= 1 and
 * tail in (0,1), by bisection (see the notes at the top: GSL's own inverse
 * is not safe to call).  The distribution function is continuous and
 * increasing, so the bracket [0,1] always holds the root; bisection stops at
 * a relative width of 4 ulp or when the midpoint no longer moves (at most
 * about 1100 halvings even for roots near DBL_MIN).
 */
static int beta_quantile(double tail, double a, double b, double *out)
{
    double lo = 0.0, hi = 1.0;
    for (int i = 0; i < 2200; i++) {
        double mid = lo + (hi - lo) / 2.0;
        if (mid <= lo || mid >= hi || hi - lo <= 4.0 * DBL_EPSILON * hi)
            break;
        double v = gsl_cdf_beta_P(mid, a, b);
        if (!isfinite(v))
            return YJPI_E_NUMERIC;
        if (v < tail)
            lo = mid;
        else
            hi = mid;
    }
    double x = lo + (hi - lo) / 2.0;
    if (!(x > 0.0 && x < 1.0))
        return YJPI_E_NUMERIC;
    *out = x;
    return YJPI_OK;
}

int yjpi_test_rates(uint64_t x1, double t1, uint64_t x2, double t2,
                    double confidence, yjpi_test_result *out)
{
    if (!out || out->size < sizeof(size_t) || !isfinite(t1) || !isfinite(t2) ||
        !(t1 > 0.0) || !(t2 > 0.0) || !valid_level(confidence))
        return YJPI_E_ARGUMENT;
    if (x1 == 0 && x2 == 0)
        return YJPI_E_ARGUMENT; /* no events: nothing to test */
    if (x1 > YJPI__MAX_RATE_EVENTS || x2 > YJPI__MAX_RATE_EVENTS ||
        x1 + x2 > YJPI__MAX_RATE_EVENTS)
        return YJPI_E_LIMIT;

    unsigned k = (unsigned)x1, n = (unsigned)(x1 + x2);
    double p = t1 / (t1 + t2);
    if (!(p > 0.0 && p < 1.0))
        return YJPI_E_NUMERIC; /* exposures too far apart to represent */

    int rc;
    yjpi_test_result r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.exact = 1;
    r.statistic = 0.0;
    r.p_value = binom_two_sided(k, n, p);

    /* Clopper-Pearson interval of the binomial proportion (both shapes >= 1
     * whenever the beta quantile is called), mapped to the rate ratio by
     * pi / (1 - pi) * t2 / t1. */
    double alpha = (1.0 - confidence) / 2.0;
    double ratio_scale = t2 / t1;
    /* Lower limit pl: Beta(k, n-k+1) quantile at alpha.  Upper limit pu:
     * Beta(k+1, n-k) quantile at 1 - alpha, found as 1 - q with q the
     * Beta(n-k, k+1) quantile at alpha, so that pu / (1 - pu) = (1 - q) / q
     * keeps full precision when pu is close to 1. */
    double pl = 0.0, q = 0.0;
    if (k > 0u) {
        rc = beta_quantile(alpha, (double)k, (double)(n - k) + 1.0, &pl);
        if (rc != YJPI_OK)
            return rc;
    }
    if (k < n) {
        rc = beta_quantile(alpha, (double)(n - k), (double)k + 1.0, &q);
        if (rc != YJPI_OK)
            return rc;
    }
    if (pl >= 1.0)
        return YJPI_E_NUMERIC;
    r.lower = pl / (1.0 - pl) * ratio_scale;
    if (x2 == 0) {
        /* The ratio and the upper limit are unbounded (documented). */
        r.upper = INFINITY;
        r.ratio = INFINITY;
    } else {
        if (!(q > 0.0))
            return YJPI_E_NUMERIC;
        r.upper = (1.0 - q) / q * ratio_scale;
        r.ratio = ((double)x1 / t1) / ((double)x2 / t2);
        if (!isfinite(r.upper) || !isfinite(r.ratio))
            return YJPI_E_NUMERIC;
    }
    if (!isfinite(r.p_value) || !isfinite(r.lower))
        return YJPI_E_NUMERIC;
    copy_sized(out, &r, sizeof r);
    return YJPI_OK;
}

/* ---- Trends ---------------------------------------------------------------- */

/*
 * Weighted least-squares slope of y on t = 1..k (skipping index `skip`,
 * SIZE_MAX for none) with weights w (w = 1/sigma^2).  *chi2 = slope^2 /
 * cov11, cov11 the unscaled variance of the slope (1 / sum w (t - tbar)^2).
 * Needs at least 2 points.
 */
static int wfit(const double *y, const double *w, size_t k, size_t skip,
                double *t_buf, double *y_buf, double *w_buf, double *slope,
                double *chi2)
{
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        if (i == skip)
            continue;
        t_buf[m] = (double)(i + 1); /* period index keeps its place */
        y_buf[m] = y[i];
        w_buf[m] = w[i];
        m++;
    }
    double c0, c1, cov00, cov01, cov11, sumsq;
    int rc = gsl_fit_wlinear(t_buf, 1, w_buf, 1, y_buf, 1, m, &c0, &c1,
                             &cov00, &cov01, &cov11, &sumsq);
    if (rc != 0 || !isfinite(c1) || !isfinite(cov11) || !(cov11 > 0.0))
        return YJPI_E_NUMERIC;
    double c = c1 * c1 / cov11;
    if (!isfinite(c))
        return YJPI_E_NUMERIC;
    *slope = c1;
    if (chi2)
        *chi2 = c;
    return YJPI_OK;
}

static int sign_of(double v) { return (v > 0.0) - (v < 0.0); }

/*
 * Unweighted least-squares slope of y on t = 1..k, skipping index `skip`
 * (SIZE_MAX for none); at least 2 points.  Centred sums: the slope is
 * sum (t - tbar)(y - ybar) / sum (t - tbar)^2.
 */
static double ols_slope(const double *y, size_t k, size_t skip)
{
    double st = 0.0, sy = 0.0, m = 0.0;
    for (size_t i = 0; i < k; i++)
        if (i != skip) {
            st += (double)(i + 1);
            sy += y[i];
            m += 1.0;
        }
    double tbar = st / m, ybar = sy / m, sxy = 0.0, sxx = 0.0;
    for (size_t i = 0; i < k; i++)
        if (i != skip) {
            double dt = (double)(i + 1) - tbar;
            sxy += dt * (y[i] - ybar);
            sxx += dt * dt;
        }
    return sxy / sxx;
}

/*
 * Shared tail of both trend tests: the chi-square(1) p-value, the
 * significance decision and the leave-one-out check.  The leave-one-out
 * check is applied only when the full fit is significant (a non-significant
 * trend is "no change" whatever the refits say); a refit whose slope has a
 * different sign from the full fit's (including a slope of exactly 0) makes
 * the verdict YJPI_TREND_NO_CHANGE_OUTLIER.
 */
static int trend_finish(const double *y, const double *w, size_t k,
                        double slope, double chi2, double significance,
                        yjpi_trend_result *r, int slope_kind)
{
    r->slope_kind = slope_kind;
    double crit;
    int rc = yjpi__chisq_upper_quantile(significance, 1.0, &crit);
    if (rc != YJPI_OK)
        return rc;
    r->chi2 = chi2;
    r->slope = slope;
    r->p_value = gsl_cdf_chisq_Q(chi2, 1.0);
    r->points = k;
    if (!isfinite(r->p_value))
        return YJPI_E_NUMERIC;
    if (!(chi2 > crit) || slope == 0.0) {
        r->verdict = YJPI_TREND_NO_CHANGE;
        return YJPI_OK;
    }
    double *buf = yjpi__calloc(3 * k, sizeof *buf);
    if (!buf)
        return YJPI_E_NOMEM;
    int verdict = slope > 0.0 ? YJPI_TREND_INCREASING : YJPI_TREND_DECREASING;
    for (size_t j = 0; j < k && rc == YJPI_OK; j++) {
        double s;
        if (slope_kind == YJPI_SLOPE_LOGIT) {
            s = ols_slope(y, k, j);
            if (!isfinite(s))
                rc = YJPI_E_NUMERIC;
        } else {
            rc = wfit(y, w, k, j, buf, buf + k, buf + 2 * k, &s, NULL);
        }
        if (rc == YJPI_OK && sign_of(s) != sign_of(slope))
            verdict = YJPI_TREND_NO_CHANGE_OUTLIER;
    }
    yjpi__free(buf);
    if (rc != YJPI_OK)
        return rc;
    r->verdict = verdict;
    return YJPI_OK;
}

int yjpi_trend_proportions(const double *x, const double *n, size_t k,
                           double significance, yjpi_trend_result *out)
{
    if (!out || out->size < sizeof(size_t) || !valid_level(significance) ||
        (k > 0 && (!x || !n)))
        return YJPI_E_ARGUMENT;
    double sx = 0.0, sn = 0.0;
    for (size_t i = 0; i < k; i++) {
        if (!isfinite(x[i]) || !isfinite(n[i]) || x[i] < 0.0 || !(n[i] > 0.0) ||
            x[i] > n[i])
            return YJPI_E_ARGUMENT;
        sx += x[i];
        sn += n[i];
    }
    yjpi_trend_result r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.points = k;
    if (k < 3) {
        /* A slope needs two points and the leave-one-out check one more. */
        r.verdict = YJPI_TREND_NOT_ASSESSED;
        copy_sized(out, &r, sizeof r);
        return YJPI_OK;
    }
    double pbar = sx / sn;
    if (!isfinite(pbar))
        return YJPI_E_NUMERIC;
    if (sx == 0.0 || sx == sn || pbar <= 0.0 || pbar >= 1.0) {
        /* Every proportion is 0 (or every one is 1): no trend to test. */
        r.verdict = YJPI_TREND_NO_CHANGE;
        r.p_value = 1.0;
        copy_sized(out, &r, sizeof r);
        return YJPI_OK;
    }

    /* Cochran-Armitage as a weighted regression of x_i/n_i on the score i
     * with weights n_i / (pbar (1 - pbar)) (R's prop.trend.test): the
     * regression sum of squares slope^2 / cov11 is the chi-square. */
    int rc;
    double *buf = yjpi__calloc(5 * k, sizeof *buf);
    if (!buf)
        return YJPI_E_NOMEM;
    double *y = buf, *w = buf + k;
    for (size_t i = 0; i < k; i++) {
        y[i] = x[i] / n[i];
        w[i] = n[i] / (pbar * (1.0 - pbar));
        if (!isfinite(y[i]) || !isfinite(w[i]) || !(w[i] > 0.0)) {
            yjpi__free(buf);
            return YJPI_E_NUMERIC;
        }
    }
    double slope, chi2;
    rc = wfit(y, w, k, SIZE_MAX, buf + 2 * k, buf + 3 * k, buf + 4 * k,
              &slope, &chi2);
    /* The direction and the leave-one-out refits: the unweighted
     * least-squares slope of logit(p) on the period index.  A proportion
     * of 0 or 1 has no logit: no slope (slope 0, slope_kind
     * YJPI_SLOPE_NONE), and a significant chi-square is then
     * YJPI_TREND_NOT_ASSESSED (its direction cannot be told). */
    bool logit_ok = true;
    for (size_t i = 0; i < k && rc == YJPI_OK; i++) {
        if (!(x[i] > 0.0) || !(x[i] < n[i])) {
            logit_ok = false;
            break;
        }
        /* log(x / (n - x)): exact for the counts, no 1 - p cancellation */
        y[i] = log(x[i]) - log(n[i] - x[i]);
        if (!isfinite(y[i]))
            logit_ok = false;
    }
    if (rc == YJPI_OK && logit_ok) {
        slope = ols_slope(y, k, SIZE_MAX);
        if (!isfinite(slope))
            rc = YJPI_E_NUMERIC;
        else
            rc = trend_finish(y, w, k, slope, chi2, significance, &r,
                              YJPI_SLOPE_LOGIT);
    } else if (rc == YJPI_OK) {
        double crit;
        rc = yjpi__chisq_upper_quantile(significance, 1.0, &crit);
        r.chi2 = chi2;
        r.slope = 0.0;
        r.slope_kind = YJPI_SLOPE_NONE;
        r.p_value = gsl_cdf_chisq_Q(chi2, 1.0);
        r.points = k;
        r.verdict = chi2 > crit ? YJPI_TREND_NOT_ASSESSED : YJPI_TREND_NO_CHANGE;
        if (rc == YJPI_OK && !isfinite(r.p_value))
            rc = YJPI_E_NUMERIC;
    }
    yjpi__free(buf);
    if (rc != YJPI_OK)
        return rc;
    copy_sized(out, &r, sizeof r);
    return YJPI_OK;
}

int yjpi_trend_values(const double *value, const double *lower,
                      const double *upper, size_t k, double confidence,
                      double significance, yjpi_trend_result *out)
{
    if (!out || out->size < sizeof(size_t) || !valid_level(significance) ||
        !valid_level(confidence) || (k > 0 && (!value || !lower || !upper)))
        return YJPI_E_ARGUMENT;
    for (size_t i = 0; i < k; i++) {
        if (!isfinite(value[i]) || !isfinite(lower[i]) || !isfinite(upper[i]) ||
            !(upper[i] > lower[i]))
            return YJPI_E_ARGUMENT; /* zero width: infinite weight */
    }
    yjpi_trend_result r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.points = k;
    if (k < 3) {
        r.verdict = YJPI_TREND_NOT_ASSESSED;
        copy_sized(out, &r, sizeof r);
        return YJPI_OK;
    }
    double z;
    int rc = yjpi__z_two_sided(confidence, &z);
    if (rc != YJPI_OK)
        return rc;
    double *buf = yjpi__calloc(4 * k, sizeof *buf);
    if (!buf)
        return YJPI_E_NOMEM;
    double *w = buf;
    for (size_t i = 0; i < k; i++) {
        double sigma = (upper[i] - lower[i]) / (2.0 * z);
        w[i] = 1.0 / (sigma * sigma);
        if (!isfinite(w[i]) || !(w[i] > 0.0)) {
            yjpi__free(buf);
            return YJPI_E_NUMERIC;
        }
    }
    double slope, chi2;
    rc = wfit(value, w, k, SIZE_MAX, buf + k, buf + 2 * k, buf + 3 * k, &slope,
              &chi2);
    if (rc == YJPI_OK)
        rc = trend_finish(value, w, k, slope, chi2, significance, &r,
                          YJPI_SLOPE_WEIGHTED_VALUES);
    yjpi__free(buf);
    if (rc != YJPI_OK)
        return rc;
    copy_sized(out, &r, sizeof r);
    return YJPI_OK;
}
