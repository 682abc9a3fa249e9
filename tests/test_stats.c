/*
 * test_stats.c - confidence intervals, significance tests and trend tests
 * (lib/compare/intervals.c, tests.c, trend.c; docs/indicators.md sections 8 and 9).
 *
 * Expected values come from published test values (PHEindicatormethods' own
 * test data, the OHID trend method, textbook/R values) or were computed with
 * R 4.x (r-base-core); the R call that produced each value is given next to
 * it.  The suite does not run R.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "internal.h"

/* |actual - expected| <= tol * |expected| (absolute when expected is 0). */
static void check_rel(double actual, double expected, double tol,
                      const char *what, int line)
{
    double err = fabs(actual - expected);
    double lim = expected == 0.0 ? tol : tol * fabs(expected);
    if (!(err <= lim))
        fail_msg("line %d: %s = %.17g, expected %.17g (tolerance %g)", line,
                 what, actual, expected, tol);
}
#define REL(a, e, tol) check_rel((a), (e), (tol), #a, __LINE__)

/* ---- Wilson ------------------------------------------------------------- */

static void wilson_published(void **state)
{
    (void)state;
    double lo, hi;
    /* PHEindicatormethods test data (published test values): 65/100 at 95%. */
    assert_int_equal(yjpi_ci_wilson(65, 100, 0.95, &lo, &hi), YJPI_OK);
    REL(lo, 0.552544432968880, 1e-9);
    REL(hi, 0.736357517569025, 1e-9);
    /* PHEindicatormethods: 65/100 at 99.8%. */
    assert_int_equal(yjpi_ci_wilson(65, 100, 0.998, &lo, &hi), YJPI_OK);
    REL(lo, 0.495494657407043, 1e-9);
    REL(hi, 0.778354061408970, 1e-9);
    /* PHEindicatormethods: 1045/5000 at 95%. */
    assert_int_equal(yjpi_ci_wilson(1045, 5000, 0.95, &lo, &hi), YJPI_OK);
    REL(lo, 0.197955498800133, 1e-9);
    REL(hi, 0.220491303731890, 1e-9);
    /* PHEindicatormethods: 1/100 at 95% (small x: the lower limit is where
     * the textbook formula loses digits to cancellation). */
    assert_int_equal(yjpi_ci_wilson(1, 100, 0.95, &lo, &hi), YJPI_OK);
    REL(lo, 0.00176743206414065, 1e-9);
    REL(hi, 0.0544861961787053, 1e-9);
    /* Newcombe (1998), Stat Med 17:857, example 81/263: 0.2553 - 0.3662;
     * to 10 digits as in published test values. */
    assert_int_equal(yjpi_ci_wilson(81, 263, 0.95, &lo, &hi), YJPI_OK);
    REL(lo, 0.2552885199, 1e-9);
    REL(hi, 0.3662095770, 1e-9);
    /* published test values: 0/20 -> 0 - 0.1611252.  Hand check: for x = 0
     * the upper limit is z^2 / (n + z^2) = 3.841459/23.841459. */
    assert_int_equal(yjpi_ci_wilson(0, 20, 0.95, &lo, &hi), YJPI_OK);
    assert_true(lo == 0.0);
    REL(hi, 0.1611252, 1e-6);
    /* R: z <- qnorm(0.975); z^2/(20 + z^2) -> 0.161125158052819 */
    REL(hi, 0.161125158052819, 1e-12);
}

static void wilson_edges(void **state)
{
    (void)state;
    double lo = -1, hi = -1;
    /* n/n: upper exactly 1; the lower limit mirrors 0/20's upper:
     * 1 - 0.161125158052819 (R: see wilson_published). */
    assert_int_equal(yjpi_ci_wilson(20, 20, 0.95, &lo, &hi), YJPI_OK);
    assert_true(hi == 1.0);
    REL(lo, 0.838874841947181, 1e-12);
    /* 0/n: lower exactly 0 at 99.8% as well; upper z^2/(n + z^2) with
     * z = qnorm(0.999) = 3.090232306168 (spec quantiles row):
     * 9.549535707 / 109.549535707 = 0.0871706... */
    assert_int_equal(yjpi_ci_wilson(0, 100, 0.998, &lo, &hi), YJPI_OK);
    assert_true(lo == 0.0);
    double z = 3.090232306167813;
    REL(hi, z * z / (100.0 + z * z), 1e-12);
    /* Symmetry: the interval of x/n is 1 minus that of (n-x)/n. */
    double lo2, hi2;
    assert_int_equal(yjpi_ci_wilson(35, 100, 0.998, &lo2, &hi2), YJPI_OK);
    REL(lo2, 1.0 - 0.778354061408970, 1e-9);
    REL(hi2, 1.0 - 0.495494657407043, 1e-9);

    /* Errors: n == 0, x > n, levels outside (0,1), NULL outputs.  Outputs
     * are left untouched on error. */
    lo = hi = 42.0;
    assert_int_equal(yjpi_ci_wilson(0, 0, 0.95, &lo, &hi), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_ci_wilson(3, 2, 0.95, &lo, &hi), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_ci_wilson(1, 2, 0.0, &lo, &hi), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_ci_wilson(1, 2, 1.0, &lo, &hi), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_ci_wilson(1, 2, NAN, &lo, &hi), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_ci_wilson(1, 2, 0.95, NULL, &hi), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_ci_wilson(1, 2, 0.95, &lo, NULL), YJPI_E_ARGUMENT);
    assert_true(lo == 42.0 && hi == 42.0);
}

/* ---- Poisson ------------------------------------------------------------ */

static void poisson_published(void **state)
{
    (void)state;
    double lo, hi;
    /* PHEindicatormethods: Byar, count 65, 95% and 99.8%; count 1045. */
    assert_int_equal(yjpi_ci_poisson(65, 0.95, &lo, &hi), YJPI_OK);
    REL(lo, 50.1631877104595, 1e-9);
    REL(hi, 82.8491385459398, 1e-9);
    assert_int_equal(yjpi_ci_poisson(65, 0.998, &lo, &hi), YJPI_OK);
    REL(lo, 42.8802614714802, 1e-9);
    REL(hi, 94.0002908443180, 1e-9);
    assert_int_equal(yjpi_ci_poisson(1045, 0.95, &lo, &hi), YJPI_OK);
    REL(lo, 982.593201807333, 1e-9);
    REL(hi, 1110.33121298565, 1e-9);
    /* PHEindicatormethods: exact, 1 per 100 (x100) and 5 per 100 (x100):
     * the count's interval scaled by 100/100. */
    assert_int_equal(yjpi_ci_poisson(1, 0.95, &lo, &hi), YJPI_OK);
    REL(lo * 100.0 / 100.0, 0.0253178079842899, 1e-9);
    REL(hi * 100.0 / 100.0, 5.57164339093890, 1e-9);
    assert_int_equal(yjpi_ci_poisson(5, 0.95, &lo, &hi), YJPI_OK);
    REL(lo, 1.62348639011842, 1e-9);
    REL(hi, 11.6683320793227, 1e-9);
    /* PHEindicatormethods: rate 250 / 220 per 100,000 -> 113636.36,
     * 99984.9474 - 128631.1449 (Byar on 250, scaled by 100000/220).
     * R: x <- 250; z <- qnorm(0.975);
     *    x*(1-1/(9*x)-z/(3*sqrt(x)))^3*100000/220 -> 99984.9473853288
     *    (x+1)*(1-1/(9*(x+1))+z/(3*sqrt(x+1)))^3*100000/220
     *      -> 128631.1448745578 */
    assert_int_equal(yjpi_ci_poisson(250, 0.95, &lo, &hi), YJPI_OK);
    double scale = 100000.0 / 220.0;
    REL(250.0 * scale, 113636.36, 1e-7);
    REL(lo * scale, 99984.9474, 1e-9);
    REL(hi * scale, 128631.1449, 1e-9);
    REL(lo * scale, 99984.9473853288, 1e-12);
    REL(hi * scale, 128631.1448745578, 1e-12);
}

static void poisson_edges(void **state)
{
    (void)state;
    double lo, hi;
    /* Count 0: lower 0; upper qchisq(0.975, 2)/2 = -log(0.025).
     * R: qchisq(0.975, 2)/2 -> 3.68887945411394 */
    assert_int_equal(yjpi_ci_poisson(0, 0.95, &lo, &hi), YJPI_OK);
    assert_true(lo == 0.0);
    REL(hi, 3.68887945411394, 1e-12);
    REL(hi, -log(0.025), 1e-12);
    /* R: qchisq(0.999, 2)/2 -> 6.90775527898214 (= -log(0.001)) */
    assert_int_equal(yjpi_ci_poisson(0, 0.998, &lo, &hi), YJPI_OK);
    assert_true(lo == 0.0);
    REL(hi, 6.90775527898214, 1e-12);
    /* Count 1 at 99.8%.
     * R: qchisq(0.001, 2)/2 -> 0.00100050033358353 (= -log(0.999))
     *    qchisq(0.999, 4)/2 -> 9.23341347645158 */
    assert_int_equal(yjpi_ci_poisson(1, 0.998, &lo, &hi), YJPI_OK);
    REL(lo, 0.00100050033358353, 1e-10);
    REL(lo, -log(0.999), 1e-10);
    REL(hi, 9.23341347645158, 1e-10);
    /* Count 9: still exact.
     * R: qchisq(0.025, 18)/2 -> 4.11537309737833
     *    qchisq(0.975, 20)/2 -> 17.0848034514192
     *    qchisq(0.001, 18)/2 -> 2.45242440436378
     *    qchisq(0.999, 20)/2 -> 22.6573733090629 */
    assert_int_equal(yjpi_ci_poisson(9, 0.95, &lo, &hi), YJPI_OK);
    REL(lo, 4.11537309737833, 1e-10);
    REL(hi, 17.0848034514192, 1e-10);
    assert_int_equal(yjpi_ci_poisson(9, 0.998, &lo, &hi), YJPI_OK);
    REL(lo, 2.45242440436378, 1e-10);
    REL(hi, 22.6573733090629, 1e-10);
    /* Count 10: Byar, which differs from the exact interval
     * (exact would be qchisq(0.025,20)/2 = 4.795389...).
     * R: x <- 10; z <- qnorm(0.975)
     *    x*(1-1/(9*x)-z/(3*sqrt(x)))^3 -> 4.78744991396756
     *    (x+1)*(1-1/(9*(x+1))+z/(3*sqrt(x+1)))^3 -> 18.3914586057565
     *    and with z <- qnorm(0.999): 2.91631837469569, 24.1937249278806 */
    assert_int_equal(yjpi_ci_poisson(10, 0.95, &lo, &hi), YJPI_OK);
    REL(lo, 4.78744991396756, 1e-10);
    REL(hi, 18.3914586057565, 1e-10);
    assert_int_equal(yjpi_ci_poisson(10, 0.998, &lo, &hi), YJPI_OK);
    REL(lo, 2.91631837469569, 1e-10);
    REL(hi, 24.1937249278806, 1e-10);

    lo = hi = 7.0;
    assert_int_equal(yjpi_ci_poisson(5, 0.0, &lo, &hi), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_ci_poisson(5, 1.0, &lo, &hi), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_ci_poisson(5, -0.5, &lo, &hi), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_ci_poisson(5, 0.95, NULL, &hi), YJPI_E_ARGUMENT);
    assert_true(lo == 7.0 && hi == 7.0);
}

/* ---- Means -------------------------------------------------------------- */

static void mean_intervals(void **state)
{
    (void)state;
    /* Five persons with 0, 1, 1, 2, 5 re-offences: mean 1.8, sd
     * sqrt(14.8/4) = 1.923538.
     * R: v <- c(0,1,1,2,5); m <- mean(v); s <- sd(v)
     *    m + c(-1,1) * qt(0.975, 4) * s / sqrt(5)
     *    -> -0.588388388099981  4.18838838809998 */
    const double v[] = { 0, 1, 1, 2, 5 };
    double m = 0, lo = 0, hi = 0;
    assert_int_equal(yjpi_ci_mean(v, 5, 0.95, &m, &lo, &hi), YJPI_OK);
    REL(m, 1.8, 1e-15);
    REL(lo, -0.588388388099981, 1e-10);
    REL(hi, 4.18838838809998, 1e-10);
    /* The same from sufficient statistics: n 5, sum 9, sum of squares 31. */
    double m2 = 0, lo2 = 0, hi2 = 0;
    assert_int_equal(yjpi_ci_mean_stats(5, 9, 31, 0.95, &m2, &lo2, &hi2),
                     YJPI_OK);
    REL(m2, 1.8, 1e-15);
    REL(lo2, lo, 1e-12);
    REL(hi2, hi, 1e-12);
    /* mean may be NULL. */
    assert_int_equal(yjpi_ci_mean(v, 5, 0.95, NULL, &lo2, &hi2), YJPI_OK);
    REL(lo2, lo, 1e-15);

    /* Two values 1 and 3: mean 2, s = sqrt(2), half-width
     * t(0.999, 1) * sqrt(2)/sqrt(2) = qt(0.999, 1) = tan(pi*(0.999-0.5))
     * = 318.30883898555 (R: qt(0.999, 1); t with 1 df is Cauchy). */
    const double two[] = { 1, 3 };
    assert_int_equal(yjpi_ci_mean(two, 2, 0.998, &m, &lo, &hi), YJPI_OK);
    double half = tan(4.0 * atan(1.0) * 0.499);
    REL(hi - m, half, 1e-9);
    REL(m - lo, half, 1e-9);

    /* s = 0 (all values equal): zero-width interval at the mean. */
    const double same[] = { 2, 2, 2, 2 };
    assert_int_equal(yjpi_ci_mean(same, 4, 0.95, &m, &lo, &hi), YJPI_OK);
    assert_true(m == 2.0 && lo == 2.0 && hi == 2.0);
    /* 0.1 three times: sum 0.3, sum_sq 0.03 - the deviation sum rounds to a
     * tiny negative or positive number; either way the width is ~0. */
    assert_int_equal(yjpi_ci_mean_stats(3, 0.1 + 0.1 + 0.1,
                                        0.01 + 0.01 + 0.01, 0.95, &m, &lo,
                                        &hi), YJPI_OK);
    assert_true(hi - lo < 1e-6);

    /* n < 2 and other invalid input. */
    lo = hi = 9.0;
    assert_int_equal(yjpi_ci_mean(v, 1, 0.95, &m, &lo, &hi), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_ci_mean(v, 0, 0.95, &m, &lo, &hi), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_ci_mean(NULL, 5, 0.95, &m, &lo, &hi),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_ci_mean(v, 5, 1.5, &m, &lo, &hi), YJPI_E_ARGUMENT);
    const double bad[] = { 1, NAN, 2 };
    assert_int_equal(yjpi_ci_mean(bad, 3, 0.95, &m, &lo, &hi),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_ci_mean_stats(1, 3, 9, 0.95, &m, &lo, &hi),
                     YJPI_E_ARGUMENT);
    /* sum^2 / n = 20 > sum_sq = 10: impossible for real data. */
    assert_int_equal(yjpi_ci_mean_stats(5, 10, 10, 0.95, &m, &lo, &hi),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_ci_mean_stats(5, 10, -1, 0.95, &m, &lo, &hi),
                     YJPI_E_ARGUMENT);
    assert_true(lo == 9.0 && hi == 9.0);
}

/* Values 1e8 and 1e8 + 1: mean 1e8 + 0.5, s = sqrt(0.5) = 0.70710678.
 * yjpi_ci_mean gets it from the values; yjpi_ci_mean_dev from Welford's
 * running mean and sum of squared deviations gives the same interval:
 * 1e8 + 0.5 -+ t(0.975, 1) * sqrt(0.5) / sqrt(2), t(0.975, 1) =
 * tan(0.475 pi) = 12.7062047361747, half-width 6.35310236808735. */
static void mean_interval_large_values(void **state)
{
    (void)state;
    const double v[] = { 1e8, 1e8 + 1 };
    double m = 0, lo = 0, hi = 0;
    assert_int_equal(yjpi_ci_mean(v, 2, 0.95, &m, &lo, &hi), YJPI_OK);
    REL(m, 1e8 + 0.5, 1e-15);
    REL(lo, 99999994.1468976, 1e-12);
    REL(hi, 100000006.853102, 1e-12);
    /* Welford: mean and sum of squared deviations, one value at a time */
    double wm = 0, m2 = 0;
    for (int i = 0; i < 2; i++) {
        double d = v[i] - wm;
        wm += d / (i + 1);
        m2 += d * (v[i] - wm);
    }
    assert_true(wm == 1e8 + 0.5 && m2 == 0.5);
    double lo2 = 0, hi2 = 0;
    assert_int_equal(yjpi_ci_mean_dev(2, wm, m2, 0.95, &lo2, &hi2), YJPI_OK);
    REL(lo2, lo, 1e-14);
    REL(hi2, hi, 1e-14);
    /* s = sqrt(m2 / (n - 1)) from the half-width: t(0.975, 1) = 12.7062047 */
    REL((hi2 - lo2) / 2 / 12.7062047361747 * sqrt(2.0), 0.707106781186548, 1e-9);
    /* the same data as those of yjpi_ci_mean above */
    const double w[] = { 0, 1, 1, 2, 5 };
    assert_int_equal(yjpi_ci_mean(w, 5, 0.95, NULL, &lo, &hi), YJPI_OK);
    assert_int_equal(yjpi_ci_mean_dev(5, 1.8, 14.8, 0.95, &lo2, &hi2), YJPI_OK);
    REL(lo2, lo, 1e-12);
    REL(hi2, hi, 1e-12);
    /* zero spread: zero width; invalid input */
    assert_int_equal(yjpi_ci_mean_dev(3, 2, 0, 0.95, &lo2, &hi2), YJPI_OK);
    assert_true(lo2 == 2.0 && hi2 == 2.0);
    assert_int_equal(yjpi_ci_mean_dev(1, 2, 0, 0.95, &lo2, &hi2), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_ci_mean_dev(3, 2, -1, 0.95, &lo2, &hi2), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_ci_mean_dev(3, NAN, 1, 0.95, &lo2, &hi2), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_ci_mean_dev(3, 2, 1, 1.0, &lo2, &hi2), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_ci_mean_dev(3, 2, 1, 0.95, NULL, &hi2), YJPI_E_ARGUMENT);
}

/* ---- Quantile helpers ----------------------------------------------------- */

static void quantiles(void **state)
{
    (void)state;
    double z, q;
    /* published test values (R: qnorm(0.975), qnorm(0.999), qchisq(0.998,1)) */
    assert_int_equal(yjpi__z_two_sided(0.95, &z), YJPI_OK);
    REL(z, 1.959963984540, 1e-12);
    assert_int_equal(yjpi__z_two_sided(0.998, &z), YJPI_OK);
    REL(z, 3.090232306168, 1e-12);
    assert_int_equal(yjpi__chisq_upper_quantile(0.002, 1.0, &q), YJPI_OK);
    REL(q, 9.5495357061, 1e-10);
    /* R: qchisq(0.95, 1) -> 3.84145882069413 = qnorm(0.975)^2 */
    assert_int_equal(yjpi__chisq_upper_quantile(0.05, 1.0, &q), YJPI_OK);
    REL(q, 3.84145882069413, 1e-12);
    assert_int_equal(yjpi__z_two_sided(1.0, &z), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi__chisq_upper_quantile(0.05, 0.0, &q),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi__chisq_upper_quantile(0.0, 1.0, &q),
                     YJPI_E_ARGUMENT);
}

/* ---- Two proportions ------------------------------------------------------ */

static void proportions_score(void **state)
{
    (void)state;
    yjpi_test_result r;
    YJPI_INIT(r);
    /* published test values / R:
     * prop.test(c(81,100), c(263,270), correct=FALSE)
     *   -> X-squared = 2.31203237145, p-value = 0.128376099667 */
    assert_int_equal(yjpi_test_proportions(81, 263, 100, 270, &r), YJPI_OK);
    assert_int_equal(r.exact, 0);
    REL(r.statistic, 2.31203237145, 1e-10);
    REL(r.p_value, 0.128376099667, 1e-10);
    REL(r.ratio, 81.0 / 263.0 - 100.0 / 270.0, 1e-14);
    assert_true(r.lower == 0.0 && r.upper == 0.0);
    /* R: prop.test(c(10,20), c(100,100), correct=FALSE)
     *   -> X-squared = 3.921568627451, p-value = 0.0476703806562
     * (hand check: pooled 0.15, chi2 = 0.01 / (0.15*0.85*0.02) = 3.92157) */
    assert_int_equal(yjpi_test_proportions(10, 100, 20, 100, &r), YJPI_OK);
    assert_int_equal(r.exact, 0);
    REL(r.statistic, 3.921568627451, 1e-11);
    REL(r.p_value, 0.0476703806562, 1e-10);
    REL(r.ratio, -0.1, 1e-14);
    /* Equal proportions: chi2 0, p 1. */
    assert_int_equal(yjpi_test_proportions(30, 100, 60, 200, &r), YJPI_OK);
    REL(r.statistic, 0.0, 1e-12);
    REL(r.p_value, 1.0, 1e-12);
}

static void proportions_fisher(void **state)
{
    (void)state;
    yjpi_test_result r;
    YJPI_INIT(r);
    /* 1/10 vs 6/10: expected cells 3.5 < 5 -> Fisher.
     * R: fisher.test(matrix(c(1,9,6,4),2,byrow=TRUE))$p.value
     *   -> 0.0572755417956657 */
    assert_int_equal(yjpi_test_proportions(1, 10, 6, 10, &r), YJPI_OK);
    assert_int_equal(r.exact, 1);
    assert_true(r.statistic == 0.0);
    REL(r.p_value, 0.0572755417956657, 1e-10);
    REL(r.ratio, -0.5, 1e-14);
    /* 2/10 vs 7/10.  R: fisher.test(matrix(c(2,8,7,3),2,byrow=TRUE))$p.value
     *   -> 0.0697785186949273 */
    assert_int_equal(yjpi_test_proportions(2, 10, 7, 10, &r), YJPI_OK);
    assert_int_equal(r.exact, 1);
    REL(r.p_value, 0.0697785186949273, 1e-10);
    /* 3/20 vs 9/20: smallest expected cell 6 -> score test, not Fisher.
     * R: prop.test(c(3,9), c(20,20), correct=FALSE)$p.value
     *   -> 0.0384339302367818 */
    assert_int_equal(yjpi_test_proportions(3, 20, 9, 20, &r), YJPI_OK);
    assert_int_equal(r.exact, 0);
    REL(r.p_value, 0.0384339302367818, 1e-9);
    /* Hand check: 0/5 vs 5/5, the most extreme of the 6 tables with these
     * margins; the two tables 0/5,5/5 and 5/5,0/5 each have probability
     * 1/C(10,5) = 1/252, so p = 2/252.
     * R: fisher.test(matrix(c(0,5,5,0),2,byrow=TRUE))$p.value
     *   -> 0.00793650793650794 */
    assert_int_equal(yjpi_test_proportions(0, 5, 5, 5, &r), YJPI_OK);
    assert_int_equal(r.exact, 1);
    REL(r.p_value, 2.0 / 252.0, 1e-12);
    /* 2/50 vs 3/50.  R: fisher.test(matrix(c(2,48,3,47),2,byrow=TRUE))
     *   $p.value -> 1 */
    assert_int_equal(yjpi_test_proportions(2, 50, 3, 50, &r), YJPI_OK);
    assert_int_equal(r.exact, 1);
    REL(r.p_value, 1.0, 1e-12);
    /* No successes at all: a single possible table, p = 1. */
    assert_int_equal(yjpi_test_proportions(0, 40, 0, 60, &r), YJPI_OK);
    assert_int_equal(r.exact, 1);
    REL(r.p_value, 1.0, 1e-15);
    /* Large groups, rare event: 0 of 1,000,000 vs 4 of 1,000,000.  Under
     * the null X = x1 ~ Hypergeometric with 4 successes, which is almost
     * Binomial(4, 1/2): P(0) = P(4) = 1/16 (exactly C(1e6,4)/C(2e6,4)
     * = 0.0624998124999531, R: choose(1e6,4)/choose(2e6,4)), and the
     * tables 1..3 are more probable, so p = 2 * P(0).
     * R: fisher.test(matrix(c(0,1e6,4,1e6-4),2,byrow=TRUE))$p.value
     *   -> 0.124999624999906 */
    assert_int_equal(yjpi_test_proportions(0, 1000000, 4, 1000000, &r),
                     YJPI_OK);
    assert_int_equal(r.exact, 1);
    REL(r.p_value, 0.124999624999906, 1e-9);

    /* Errors. */
    assert_int_equal(yjpi_test_proportions(1, 0, 1, 5, &r), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_test_proportions(1, 5, 1, 0, &r), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_test_proportions(6, 5, 1, 5, &r), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_test_proportions(1, 5, 1, 5, NULL),
                     YJPI_E_ARGUMENT);
}

/* ---- Two rates -------------------------------------------------------------- */

static void rates_test(void **state)
{
    (void)state;
    yjpi_test_result r;
    YJPI_INIT(r);
    /* published test values / R: poisson.test(c(30,45), c(100000,110000))
     *   -> rate ratio 0.733333333333333, p-value 0.20426681855543,
     *      95% CI 0.446071295818938 1.189899297322472 */
    assert_int_equal(yjpi_test_rates(30, 100000, 45, 110000, 0.95, &r),
                     YJPI_OK);
    assert_int_equal(r.exact, 1);
    REL(r.ratio, 0.733333333333333, 1e-12);
    REL(r.p_value, 0.2042668, 1e-7);
    REL(r.p_value, 0.20426681855543, 1e-9);
    REL(r.lower, 0.4460713, 1e-7);
    REL(r.upper, 1.1898993, 1e-7);
    REL(r.lower, 0.446071295818938, 1e-9);
    REL(r.upper, 1.189899297322472, 1e-9);
    /* R: poisson.test(c(30,45), c(100000,110000), conf.level=0.998)$conf.int
     *   -> 0.335904730828899 1.544557579309339 */
    assert_int_equal(yjpi_test_rates(30, 100000, 45, 110000, 0.998, &r),
                     YJPI_OK);
    REL(r.lower, 0.335904730828899, 1e-9);
    REL(r.upper, 1.544557579309339, 1e-9);
    /* R: poisson.test(c(500,400), c(100000,90000))
     *   -> p-value 0.0825754671502, CI 0.984417882547799 1.286309574604667,
     *      rate ratio 1.125 */
    assert_int_equal(yjpi_test_rates(500, 100000, 400, 90000, 0.95, &r),
                     YJPI_OK);
    REL(r.ratio, 1.125, 1e-14);
    REL(r.p_value, 0.0825754671502, 1e-9);
    REL(r.lower, 0.984417882547799, 1e-9);
    REL(r.upper, 1.286309574604667, 1e-9);
    /* Counts where GSL's own beta inverse fails to converge (and would
     * abort): 9000 vs 10000 and 1 vs 420 at 99.8%.
     * R: poisson.test(c(9000,10000), c(1,1), conf.level=0.998)
     *   -> p 4.1940371441408e-13, CI 0.860378067670262 0.941416546921059
     * R: poisson.test(c(1,420), c(1,1), conf.level=0.998)
     *   -> p 1.55852679068229e-124,
     *      CI 2.37648817677357e-06 2.22010968841215e-02 */
    assert_int_equal(yjpi_test_rates(9000, 1, 10000, 1, 0.998, &r), YJPI_OK);
    REL(r.p_value, 4.1940371441408e-13, 1e-6);
    REL(r.lower, 0.860378067670262, 1e-9);
    REL(r.upper, 0.941416546921059, 1e-9);
    assert_int_equal(yjpi_test_rates(1, 1, 420, 1, 0.998, &r), YJPI_OK);
    REL(r.p_value, 1.55852679068229e-124, 1e-6);
    REL(r.lower, 2.37648817677357e-06, 1e-8);
    REL(r.upper, 2.22010968841215e-02, 1e-9);
    /* Equal rates: x1 = n p exactly -> p = 1 (R: binom.test's x == m). */
    assert_int_equal(yjpi_test_rates(10, 100, 20, 200, 0.95, &r), YJPI_OK);
    REL(r.p_value, 1.0, 1e-15);
    REL(r.ratio, 1.0, 1e-15);
    /* R: poisson.test(c(10,20), c(1,1))$p.value -> 0.0987371467053889 */
    assert_int_equal(yjpi_test_rates(10, 1, 20, 1, 0.95, &r), YJPI_OK);
    REL(r.p_value, 0.0987371467053889, 1e-9);
}

/* Two-sided p-values far below DBL_MIN times the other tail: both tails
 * must count.  Reference values: the binomial test on the two counts
 * (x1 ~ Binomial(x1 + x2, t1 / (t1 + t2)), sum of the probabilities at most
 * the observed one's times 1 + 1e-7), every probability computed exactly
 * by the ratio recurrence in 60-digit decimal arithmetic (Python's decimal
 * module), independently of this library. */
static void rates_tiny_p(void **state)
{
    (void)state;
    static const struct { uint64_t x1; double t1; uint64_t x2; double t2; double p; } v[] = {
        {5, 100, 250000, 110000, 1.829699035048e-89}, /* lower tail 7.0e-90 */
        {250000, 110000, 5, 100, 1.829699035048e-89}, /* the mirror image */
        {2, 1, 300, 1, 1.123053312056e-86},
        {0, 2, 1000, 3, 2.501091918582e-222},
        {400, 1, 100, 1, 1.659629475217e-43},
        {60, 1, 20, 1, 8.580559867050e-06},
        {9000, 1, 10000, 1, 4.19403714414079e-13},
        {1, 1, 420, 1, 1.55852679068223e-124},
        {249000, 1, 251000, 1, 4.69839501188744e-03},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        yjpi_test_result r;
        YJPI_INIT(r);
        assert_int_equal(yjpi_test_rates(v[i].x1, v[i].t1, v[i].x2, v[i].t2, 0.95, &r),
                         YJPI_OK);
        REL(r.p_value, v[i].p, 1e-8);
    }
}

static void rates_zero_counts(void **state)
{
    (void)state;
    yjpi_test_result r;
    YJPI_INIT(r);
    /* x1 = 0: ratio 0, lower 0.
     * R: poisson.test(c(0,7), c(1000,2000))
     *   -> p-value 0.103795153177869, CI 0 1.38762796019291 */
    assert_int_equal(yjpi_test_rates(0, 1000, 7, 2000, 0.95, &r), YJPI_OK);
    assert_true(r.ratio == 0.0 && r.lower == 0.0);
    REL(r.p_value, 0.103795153177869, 1e-9);
    REL(r.upper, 1.38762796019291, 1e-9);
    /* x2 = 0: ratio and upper +infinity (documented), lower finite.
     * R: poisson.test(c(6,0), c(1000,2000))
     *   -> p-value 0.00137174211248285 (= (1/3)^6), CI 2.35484945144836 Inf
     * Hand check of the lower limit: pl = 0.025^(1/6), pl/(1-pl)*2. */
    assert_int_equal(yjpi_test_rates(6, 1000, 0, 2000, 0.95, &r), YJPI_OK);
    assert_true(isinf(r.ratio) && r.ratio > 0);
    assert_true(isinf(r.upper) && r.upper > 0);
    REL(r.p_value, 1.0 / 729.0, 1e-10);
    double pl = pow(0.025, 1.0 / 6.0);
    REL(r.lower, pl / (1.0 - pl) * 2.0, 1e-10);
    REL(r.lower, 2.35484945144836, 1e-9);

    /* Errors and limits. */
    assert_int_equal(yjpi_test_rates(0, 1, 0, 1, 0.95, &r), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_test_rates(1, 0, 1, 1, 0.95, &r), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_test_rates(1, 1, 1, -1, 0.95, &r), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_test_rates(1, 1, 1, INFINITY, 0.95, &r),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_test_rates(1, 1, 1, 1, 1.0, &r), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_test_rates(1, 1, 1, 1, 0.95, NULL),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_test_rates(300000, 1, 300000, 1, 0.95, &r),
                     YJPI_E_LIMIT);
    /* The limit itself (500,000 events) still works: equal rates, p 1. */
    assert_int_equal(yjpi_test_rates(250000, 1, 250000, 1, 0.95, &r),
                     YJPI_OK);
    REL(r.p_value, 1.0, 1e-12);
    assert_true(r.lower < 1.0 && r.upper > 1.0);
}

/* A caller compiled against a smaller struct: only `size` bytes written. */
static void sized_output(void **state)
{
    (void)state;
    unsigned char buf[sizeof(yjpi_test_result) + 16];
    memset(buf, 0xAB, sizeof buf);
    yjpi_test_result *r = (yjpi_test_result *)(void *)buf;
    r->size = offsetof(yjpi_test_result, p_value);
    assert_int_equal(yjpi_test_proportions(81, 263, 100, 270, r), YJPI_OK);
    REL(r->statistic, 2.31203237145, 1e-10);
    for (size_t i = offsetof(yjpi_test_result, p_value); i < sizeof buf; i++)
        assert_int_equal(buf[i], 0xAB);
}

/* ---- Trends ------------------------------------------------------------------ */

/* published test values, OHID recent-trend method (proportions). */
static const double ohid_x[] = { 318, 314, 318, 291, 292 };
static const double ohid_n[] = { 468.3358, 472.8916, 500.7874, 480.1980,
                                 499.1453 };

static void trend_proportions_ohid(void **state)
{
    (void)state;
    yjpi_trend_result r;
    YJPI_INIT(r);
    /* chi2 = 12.5688 -> decreasing (published test values).
     * R: prop.trend.test(x, n) -> X-squared 12.56874365843,
     *    p-value 0.000392252185906169
     * The reported slope is that of the unweighted least-squares fit of
     * logit(x/n) on 1..5: -0.106233479821070 (Python, the textbook
     * formula sum (t - tbar)(y - ybar) / sum (t - tbar)^2; the weighted fit
     * of x/n would give -0.0246 per period, the same sign). */
    assert_int_equal(yjpi_trend_proportions(ohid_x, ohid_n, 5, 0.002, &r),
                     YJPI_OK);
    REL(r.chi2, 12.5688, 1e-5);
    REL(r.chi2, 12.56874365843, 1e-9);
    REL(r.p_value, 0.000392252185906169, 1e-8);
    REL(r.slope, -0.10623347982107, 1e-9);
    assert_int_equal(r.slope_kind, YJPI_SLOPE_LOGIT);
    assert_int_equal(r.verdict, YJPI_TREND_DECREASING);
    assert_int_equal(r.direction, 0);
    assert_int_equal(r.points, 5);

    /* The same series in reverse order: the same chi2, increasing. */
    double rx[5], rn[5];
    for (int i = 0; i < 5; i++) {
        rx[i] = ohid_x[4 - i];
        rn[i] = ohid_n[4 - i];
    }
    assert_int_equal(yjpi_trend_proportions(rx, rn, 5, 0.002, &r), YJPI_OK);
    REL(r.chi2, 12.56874365843, 1e-9);
    assert_int_equal(r.verdict, YJPI_TREND_INCREASING);
}

static void trend_proportions_cases(void **state)
{
    (void)state;
    yjpi_trend_result r;
    YJPI_INIT(r);
    /* 20, 22, 25, 27, 30 out of 100:
     * R: prop.trend.test(c(20,22,25,27,30), rep(100,5))
     *    -> X-squared 3.351278311599, p-value 0.0671528458063.
     * Not significant at 0.002 (critical 9.5495), significant at 0.1
     * (critical qchisq(0.9,1) = 2.7055); every leave-one-out slope stays
     * positive. */
    const double x[] = { 20, 22, 25, 27, 30 }, n[] = { 100, 100, 100, 100, 100 };
    assert_int_equal(yjpi_trend_proportions(x, n, 5, 0.002, &r), YJPI_OK);
    REL(r.chi2, 3.351278311599, 1e-9);
    REL(r.p_value, 0.0671528458063, 1e-9);
    assert_int_equal(r.verdict, YJPI_TREND_NO_CHANGE);
    assert_int_equal(yjpi_trend_proportions(x, n, 5, 0.1, &r), YJPI_OK);
    assert_int_equal(r.verdict, YJPI_TREND_INCREASING);

    /* Leave-one-out: 0.50, 0.48, 0.46, 0.44 then 0.80.
     * R: prop.trend.test(c(50,48,46,44,200), c(100,100,100,100,250))
     *    -> X-squared 38.8762099630125 (significant); logit slope
     *    +0.261146937309643, without the last point -0.0803786112852307
     *    (both by the least-squares formula on logit(x/n)). */
    const double ox[] = { 50, 48, 46, 44, 200 },
                 on[] = { 100, 100, 100, 100, 250 };
    assert_int_equal(yjpi_trend_proportions(ox, on, 5, 0.002, &r), YJPI_OK);
    REL(r.chi2, 38.8762099630125, 1e-9);
    REL(r.slope, 0.261146937309643, 1e-9);
    assert_int_equal(r.verdict, YJPI_TREND_NO_CHANGE_OUTLIER);

    /* The leave-one-out check on the logit fit, not on a fit of p: two
     * series where they disagree (chi2 significant in both).
     * 237/1000, 694/1000, 449/2000, 195/200, 236/500: chi2 24.0493625272;
     * logit slopes without each point 0.211, 0.628, 0.496, 0.099, 1.244
     * (all positive: increasing), while a weighted fit of p without the
     * first point would turn negative (-0.035). */
    const double ax[] = { 237, 694, 449, 195, 236 },
                 an[] = { 1000, 1000, 2000, 200, 500 };
    assert_int_equal(yjpi_trend_proportions(ax, an, 5, 0.002, &r), YJPI_OK);
    REL(r.chi2, 24.0493625272354, 1e-9);
    REL(r.slope, 0.495883597163246, 1e-9);
    assert_int_equal(r.verdict, YJPI_TREND_INCREASING);
    /* 96/500, 81/100, 742/1000, 1762/2000, 38/100: chi2 704.15; the weighted
     * fits of p all stay positive, but the logit slope without the first
     * point is -0.487: no significant change (outlier). */
    const double bx2[] = { 96, 81, 742, 1762, 38 },
                 bn2[] = { 500, 100, 1000, 2000, 100 };
    assert_int_equal(yjpi_trend_proportions(bx2, bn2, 5, 0.002, &r), YJPI_OK);
    REL(r.chi2, 704.154862753156, 1e-9);
    REL(r.slope, 0.244696087966787, 1e-9);
    assert_int_equal(r.verdict, YJPI_TREND_NO_CHANGE_OUTLIER);
    assert_int_equal(r.slope_kind, YJPI_SLOPE_LOGIT);

    /* A proportion of 0 or 1 has no logit: no slope, never NaN.  Significant
     * chi2: not assessed (direction unknown); not significant: no change. */
    const double z1x[] = { 0, 20, 40, 60, 80 }, z1n[] = { 100, 100, 100, 100, 100 };
    assert_int_equal(yjpi_trend_proportions(z1x, z1n, 5, 0.002, &r), YJPI_OK);
    assert_true(r.chi2 > 9.5495);
    assert_int_equal(r.verdict, YJPI_TREND_NOT_ASSESSED);
    assert_true(r.slope == 0.0 && isfinite(r.p_value));
    assert_int_equal(r.slope_kind, YJPI_SLOPE_NONE);
    const double z2x[] = { 10, 9, 11, 10, 10 }, z2n[] = { 20, 20, 20, 20, 10 };
    assert_int_equal(yjpi_trend_proportions(z2x, z2n, 5, 0.002, &r), YJPI_OK);
    assert_int_equal(r.verdict, YJPI_TREND_NO_CHANGE);
    assert_true(r.slope == 0.0 && r.chi2 > 0.0);
    assert_int_equal(r.slope_kind, YJPI_SLOPE_NONE);

    /* All proportions 0: nothing to test. */
    const double zx[] = { 0, 0, 0 }, zn[] = { 10, 20, 30 };
    assert_int_equal(yjpi_trend_proportions(zx, zn, 3, 0.002, &r), YJPI_OK);
    assert_int_equal(r.verdict, YJPI_TREND_NO_CHANGE);
    assert_true(r.chi2 == 0.0 && r.p_value == 1.0);

    /* Too few points. */
    assert_int_equal(yjpi_trend_proportions(x, n, 2, 0.002, &r), YJPI_OK);
    assert_int_equal(r.verdict, YJPI_TREND_NOT_ASSESSED);
    assert_int_equal(r.points, 2);
    assert_int_equal(yjpi_trend_proportions(NULL, NULL, 0, 0.002, &r),
                     YJPI_OK);
    assert_int_equal(r.verdict, YJPI_TREND_NOT_ASSESSED);

    /* Errors. */
    const double bx[] = { 5, 11, 3 }, bn[] = { 10, 10, 10 };
    assert_int_equal(yjpi_trend_proportions(bx, bn, 3, 0.002, &r),
                     YJPI_E_ARGUMENT); /* 11 > 10 */
    const double cn[] = { 10, 0, 10 };
    assert_int_equal(yjpi_trend_proportions(x, cn, 3, 0.002, &r),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_trend_proportions(x, n, 5, 0.0, &r),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_trend_proportions(NULL, n, 5, 0.002, &r),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_trend_proportions(x, n, 5, 0.002, NULL),
                     YJPI_E_ARGUMENT);
}

/* published test values, OHID recent-trend method (other values). */
static const double tv_v[] = { 30.6, 30.2, 28, 24.6, 24.67, 30.9 };
static const double tv_l[] = { 28.98, 28.63, 26.44, 23.15, 23.16, 28.98 };
static const double tv_u[] = { 32.25, 31.9, 29.64, 26.19, 26.25, 32.25 };

static void trend_values_ohid(void **state)
{
    (void)state;
    yjpi_trend_result r;
    YJPI_INIT(r);
    /* chi2 = 46.7636, slope -1.7516 -> decreasing (published test values).
     * R: z <- qnorm(0.975); w <- 1/((u-l)/(2*z))^2; t <- 1:5
     *    f <- lm(v ~ t, weights = w); b <- coef(f)[2]
     *    b^2 / summary(f)$cov.unscaled[2,2]
     *    -> slope -1.75156622266295, chi2 46.7635971605495,
     *       p 8.00873318236709e-12
     * Every leave-one-out slope is negative (R, same fit without point j:
     * -1.990, -2.107, -2.340, -2.020, -2.048). */
    assert_int_equal(yjpi_trend_values(tv_v, tv_l, tv_u, 5, 0.95, 0.002, &r),
                     YJPI_OK);
    REL(r.chi2, 46.7636, 1e-5);
    REL(r.slope, -1.7516, 1e-4);
    REL(r.chi2, 46.7635971605495, 1e-9);
    REL(r.slope, -1.75156622266295, 1e-9);
    REL(r.p_value, 8.00873318236709e-12, 1e-6);
    assert_int_equal(r.verdict, YJPI_TREND_DECREASING);
    assert_int_equal(r.slope_kind, YJPI_SLOPE_WEIGHTED_VALUES);
    assert_int_equal(r.direction, 0);
    assert_int_equal(r.points, 5);

    /* The same plus a 6th point 30.9 (28.98 - 32.25); the last five points
     * are used: chi2 0.7433, slope -0.2256 -> no significant change.
     * R (as above on points 2..6): slope -0.225602639203286,
     *    chi2 0.743315364819956 */
    assert_int_equal(yjpi_trend_values(tv_v + 1, tv_l + 1, tv_u + 1, 5, 0.95,
                                       0.002, &r), YJPI_OK);
    REL(r.chi2, 0.7433, 1e-4);
    REL(r.slope, -0.2256, 1e-3);
    REL(r.chi2, 0.743315364819956, 1e-9);
    REL(r.slope, -0.225602639203286, 1e-9);
    assert_int_equal(r.verdict, YJPI_TREND_NO_CHANGE);
}

static void trend_values_cases(void **state)
{
    (void)state;
    yjpi_trend_result r;
    YJPI_INIT(r);
    /* 12, 11, 10, 9, 40, each +-1 at 95%: sigma = 1/z, equal weights z^2.
     * Hand: slope = sum (t-3) v / 10 = (-24-11+0+9+80)/10 = 5.4,
     * Var = 1/(z^2 * 10), chi2 = 5.4^2 * 10 * z^2 = 1120.169392...
     * (R: as in trend_values_ohid -> 1120.16939211441).  Without the last
     * point the slope is -1: the outlier check fires. */
    const double v[] = { 12, 11, 10, 9, 40 };
    double lo[5], hi[5];
    for (int i = 0; i < 5; i++) {
        lo[i] = v[i] - 1.0;
        hi[i] = v[i] + 1.0;
    }
    assert_int_equal(yjpi_trend_values(v, lo, hi, 5, 0.95, 0.002, &r),
                     YJPI_OK);
    REL(r.slope, 5.4, 1e-12);
    REL(r.chi2, 1120.16939211441, 1e-9);
    assert_int_equal(r.verdict, YJPI_TREND_NO_CHANGE_OUTLIER);

    /* Interval level matters: the same intervals read as 99.8% intervals
     * give sigma = 1/3.0902, so chi2 = 5.4^2 * 10 * 3.0902^2. */
    assert_int_equal(yjpi_trend_values(v, lo, hi, 5, 0.998, 0.002, &r),
                     YJPI_OK);
    double z = 3.090232306167813;
    REL(r.chi2, 5.4 * 5.4 * 10.0 * z * z, 1e-9);

    /* Zero-width interval: infinite weight -> argument error. */
    double hi2[5];
    memcpy(hi2, hi, sizeof hi2);
    hi2[2] = lo[2];
    assert_int_equal(yjpi_trend_values(v, lo, hi2, 5, 0.95, 0.002, &r),
                     YJPI_E_ARGUMENT);
    hi2[2] = lo[2] - 1.0; /* reversed */
    assert_int_equal(yjpi_trend_values(v, lo, hi2, 5, 0.95, 0.002, &r),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_trend_values(v, lo, hi, 5, 1.0, 0.002, &r),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_trend_values(v, lo, hi, 5, 0.95, 1.0, &r),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_trend_values(v, NULL, hi, 5, 0.95, 0.002, &r),
                     YJPI_E_ARGUMENT);
    /* Two points: not assessed. */
    assert_int_equal(yjpi_trend_values(v, lo, hi, 2, 0.95, 0.002, &r),
                     YJPI_OK);
    assert_int_equal(r.verdict, YJPI_TREND_NOT_ASSESSED);
}

/* ---- Allocation failures ------------------------------------------------------ */

static long alloc_budget = -1; /* allocations left; -1 = unlimited */
static long alloc_live = 0;

static void *t_malloc(size_t size, void *user)
{
    (void)user;
    if (alloc_budget == 0)
        return NULL;
    if (alloc_budget > 0)
        alloc_budget--;
    void *p = malloc(size);
    if (p)
        alloc_live++;
    return p;
}
static void *t_realloc(void *ptr, size_t size, void *user)
{
    (void)user;
    if (alloc_budget == 0)
        return NULL;
    if (alloc_budget > 0)
        alloc_budget--;
    void *p = realloc(ptr, size);
    if (p && !ptr)
        alloc_live++;
    return p;
}
static void t_free(void *ptr, void *user)
{
    (void)user;
    if (ptr)
        alloc_live--;
    free(ptr);
}

static void trend_nomem(void **state)
{
    (void)state;
    assert_int_equal(yjpi_set_allocator(t_malloc, t_realloc, t_free, NULL),
                     YJPI_OK);
    /* Fail the 1st, 2nd, ... allocation until the call succeeds; each
     * failure must be YJPI_E_NOMEM and leak nothing.  The significant
     * trends are used so that the leave-one-out buffer is allocated too. */
    int failures = 0;
    for (long budget = 0;; budget++) {
        yjpi_trend_result r;
        YJPI_INIT(r);
        alloc_budget = budget;
        alloc_live = 0;
        int rc = yjpi_trend_values(tv_v, tv_l, tv_u, 5, 0.95, 0.002, &r);
        assert_int_equal(alloc_live, 0);
        if (rc == YJPI_OK) {
            assert_int_equal(r.verdict, YJPI_TREND_DECREASING);
            break;
        }
        assert_int_equal(rc, YJPI_E_NOMEM);
        failures++;
        assert_true(budget < 100);
    }
    assert_true(failures >= 2); /* the fit buffer and the refit buffer */
    failures = 0;
    for (long budget = 0;; budget++) {
        yjpi_trend_result r;
        YJPI_INIT(r);
        alloc_budget = budget;
        alloc_live = 0;
        int rc = yjpi_trend_proportions(ohid_x, ohid_n, 5, 0.002, &r);
        assert_int_equal(alloc_live, 0);
        if (rc == YJPI_OK) {
            assert_int_equal(r.verdict, YJPI_TREND_DECREASING);
            break;
        }
        assert_int_equal(rc, YJPI_E_NOMEM);
        failures++;
        assert_true(budget < 100);
    }
    assert_true(failures >= 2);
    alloc_budget = -1;
    assert_int_equal(yjpi_set_allocator(NULL, NULL, NULL, NULL), YJPI_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wilson_published),
        cmocka_unit_test(wilson_edges),
        cmocka_unit_test(poisson_published),
        cmocka_unit_test(poisson_edges),
        cmocka_unit_test(mean_intervals),
        cmocka_unit_test(mean_interval_large_values),
        cmocka_unit_test(quantiles),
        cmocka_unit_test(proportions_score),
        cmocka_unit_test(proportions_fisher),
        cmocka_unit_test(rates_test),
        cmocka_unit_test(rates_zero_counts),
        cmocka_unit_test(rates_tiny_p),
        cmocka_unit_test(sized_output),
        cmocka_unit_test(trend_proportions_ohid),
        cmocka_unit_test(trend_proportions_cases),
        cmocka_unit_test(trend_values_ohid),
        cmocka_unit_test(trend_values_cases),
        cmocka_unit_test(trend_nomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
