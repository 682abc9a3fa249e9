/* trend.c - trend tests over periods: proportions (chi-square for trend)
 * and values with intervals (inverse-variance weighted regression).  GSL's
 * rules: compare/stats.h. */
#include "compare/stats.h"

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
    if (!out || out->size < sizeof(size_t) || !yjpi__valid_level(significance) ||
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
        yjpi__copy_sized(out, &r, sizeof r);
        return YJPI_OK;
    }
    double pbar = sx / sn;
    if (!isfinite(pbar))
        return YJPI_E_NUMERIC;
    if (sx == 0.0 || sx == sn || pbar <= 0.0 || pbar >= 1.0) {
        /* Every proportion is 0 (or every one is 1): no trend to test. */
        r.verdict = YJPI_TREND_NO_CHANGE;
        r.p_value = 1.0;
        yjpi__copy_sized(out, &r, sizeof r);
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
    yjpi__copy_sized(out, &r, sizeof r);
    return YJPI_OK;
}

int yjpi_trend_values(const double *value, const double *lower,
                      const double *upper, size_t k, double confidence,
                      double significance, yjpi_trend_result *out)
{
    if (!out || out->size < sizeof(size_t) || !yjpi__valid_level(significance) ||
        !yjpi__valid_level(confidence) || (k > 0 && (!value || !lower || !upper)))
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
        yjpi__copy_sized(out, &r, sizeof r);
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
    yjpi__copy_sized(out, &r, sizeof r);
    return YJPI_OK;
}
