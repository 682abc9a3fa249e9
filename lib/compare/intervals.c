/* intervals.c - confidence intervals: Wilson, exact Poisson (Byar above
 * the exact range), t for a mean; the normal and chi-square quantiles the
 * other statistics use.  GSL's rules: compare/stats.h. */
#include "compare/stats.h"

int yjpi__z_two_sided(double confidence, double *z)
{
    if (!z || !yjpi__valid_level(confidence))
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
    if (!q || !yjpi__valid_level(tail) || !(nu > 0.0) || !isfinite(nu))
        return YJPI_E_ARGUMENT;
    double v = gsl_cdf_chisq_Qinv(tail, nu);
    if (!isfinite(v) || v < 0.0)
        return YJPI_E_NUMERIC;
    *q = v;
    return YJPI_OK;
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
    if (!yjpi__valid_level(confidence))
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
    if (!yjpi__valid_level(confidence))
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
