/* tests.c - significance tests of a difference: two proportions (Fisher's
 * exact test) and two rates (the conditional binomial test).  GSL's rules:
 * compare/stats.h. */
#include "compare/stats.h"

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
    yjpi__copy_sized(out, &r, sizeof r);
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
        !(t1 > 0.0) || !(t2 > 0.0) || !yjpi__valid_level(confidence))
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
    yjpi__copy_sized(out, &r, sizeof r);
    return YJPI_OK;
}
