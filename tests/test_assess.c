/* test_assess.c - change, significance of change, benchmarks, targets,
 * trend, RAG and the one-call assessment (docs/indicators.md section 9).
 *
 * Expected values are worked by hand in the comments, or come from
 * PHEindicatormethods' test data, or from R 4.x (the call is quoted next
 * to the number; R is not needed to run the tests). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "support.h"

/* ---- helpers -------------------------------------------------------------- */

static yjpi_period P(const char *text)
{
    yjpi_period p;
    yjpi_error err;
    int rc = yjpi_period_parse(text, &p, &err);
    if (rc != YJPI_OK)
        fail_msg("period %s: %s", text, err.message);
    return p;
}

/* A hand-made computed value. */
static yjpi_value V(int indicator, const char *period, double value,
                    double lower, double upper, uint64_t numerator,
                    double denominator, double population)
{
    yjpi_value v;
    YJPI_INIT(v);
    v.indicator = indicator;
    v.status = YJPI_VALUE_OK;
    v.area = "A";
    v.period = P(period);
    v.value = value;
    v.lower = lower;
    v.upper = upper;
    v.confidence = 0.95;
    v.numerator = numerator;
    v.denominator = denominator;
    v.population = population;
    return v;
}

/* |a - b| <= tol * max(1, |b|) */
static void near(double a, double b, double tol)
{
    double scale = fabs(b) > 1.0 ? fabs(b) : 1.0;
    if (!(fabs(a - b) <= tol * scale))
        fail_msg("%.15g is not %.15g (tolerance %g)", a, b, tol);
}

static yjpi_change change(const yjpi_value *from, const yjpi_value *to,
                          double level)
{
    yjpi_change c;
    YJPI_INIT(c);
    assert_int_equal(yjpi_change_between(from, to, level, &c), YJPI_OK);
    return c;
}

/* ---- change --------------------------------------------------------------- */

/* First time entrants fall from 415 to 303: 303 - 415 = -112, and
 * -112 / 415 = -0.26988 -> a 27.0% reduction (-26.99%).  Lower is better,
 * so improved.  A count without a population is tested as two Poisson
 * counts with equal exposures: R poisson.test(c(303, 415), c(1, 1))
 * p-value = 3.32009765644763e-05, significant at 0.05. */
static void test_change_fte_fall(void **state)
{
    (void)state;
    yjpi_value a = V(YJPI_FTE_COUNT, "2013/14", 415, 376.2, 457.0, 415, 0, 0);
    yjpi_value b = V(YJPI_FTE_COUNT, "2014/15", 303, 269.9, 339.1, 303, 0, 0);
    yjpi_change c = change(&a, &b, 0.05);
    assert_int_equal(c.status, YJPI_ASSESS_OK);
    assert_int_equal(c.percent_status, YJPI_ASSESS_OK);
    near(c.absolute, -112.0, 1e-12);
    near(c.percent, -26.987951807228916, 1e-12);
    near(round(c.percent * 10) / 10, -27.0, 1e-12); /* as a report rounds */
    assert_int_equal(c.points, 0);
    assert_int_equal(c.direction, YJPI_DIRECTION_IMPROVED);
    assert_string_equal(yjpi_direction_name(c.direction), "improved");
    near(c.from, 415, 0);
    near(c.to, 303, 0);
    assert_true(c.from_period.start == a.period.start);
    assert_true(c.to_period.start == b.period.start);
    assert_int_equal(c.test, YJPI_CHANGE_TEST_COUNTS);
    assert_int_equal(c.test_status, YJPI_ASSESS_OK);
    near(c.p_value, 3.32009765644763e-05, 1e-6);
    assert_int_equal(c.significant, 1);
    near(c.level, 0.05, 0);
    /* rate ratio 303 / 415 */
    near(c.ratio, 303.0 / 415.0, 1e-9);

    /* The other way round is a rise: worsened, +36.96% (112 / 303). */
    yjpi_change d = change(&b, &a, 0.05);
    assert_int_equal(d.direction, YJPI_DIRECTION_WORSENED);
    near(d.percent, 100.0 * 112.0 / 303.0, 1e-12);
}

/* Binary reoffending rate 2.75% (11 of 400) -> 1.60% (8 of 500): a change
 * of 1.60 - 2.75 = -1.15 percentage points (points = 1), an improvement.
 * The relative change is -1.15 / 2.75 = -41.82%.  Two-proportion score
 * test: R prop.test(c(8, 11), c(500, 400), correct = FALSE) gives
 * X-squared = 1.42212796463349, p-value = 0.233053467888972 (every
 * expected cell >= 5: the smallest is 19 * 400 / 900 = 8.4): not
 * significant. */
static void test_change_points(void **state)
{
    (void)state;
    yjpi_value a = V(YJPI_BINARY_RATE, "2012/13", 2.75, 1.5, 4.8, 11, 400, 0);
    yjpi_value b = V(YJPI_BINARY_RATE, "2013/14", 1.60, 0.8, 3.1, 8, 500, 0);
    yjpi_change c = change(&a, &b, 0.05);
    assert_int_equal(c.status, YJPI_ASSESS_OK);
    assert_int_equal(c.points, 1);
    near(c.absolute, -1.15, 1e-12);
    near(c.percent, -41.81818181818182, 1e-10);
    assert_int_equal(c.direction, YJPI_DIRECTION_IMPROVED);
    assert_int_equal(c.test, YJPI_CHANGE_TEST_PROPORTIONS);
    assert_int_equal(c.test_status, YJPI_ASSESS_OK);
    near(c.statistic, 1.42212796463349, 1e-6);
    near(c.p_value, 0.233053467888972, 1e-6);
    assert_int_equal(c.exact, 0);
    assert_int_equal(c.significant, 0);
}

/* test-vectors.md "two proportions, score test": 81/263 vs 100/270,
 * chi-square 2.3120, p = 0.12838 (R: 2.31203237144958, 0.128376099667497).
 * Through the change API: custody share 100/270 = 37.04% -> 81/263 =
 * 30.80%.  Not significant at 0.05; at a level of 0.2 it is (the level
 * flows into `significant`). */
static void test_change_proportions_vector(void **state)
{
    (void)state;
    yjpi_value a = V(YJPI_CUSTODY_SHARE, "2013", 100.0 * 100 / 270, 31.5,
                     42.9, 100, 270, 0);
    yjpi_value b = V(YJPI_CUSTODY_SHARE, "2014", 100.0 * 81 / 263, 25.5,
                     36.6, 81, 263, 0);
    yjpi_change c = change(&a, &b, 0.05);
    assert_int_equal(c.test_status, YJPI_ASSESS_OK);
    near(c.statistic, 2.3120, 1e-4);
    near(c.p_value, 0.12838, 1e-4);
    near(c.p_value, 0.128376099667497, 1e-6);
    assert_int_equal(c.significant, 0);
    assert_int_equal(c.direction, YJPI_DIRECTION_IMPROVED);
    /* 81/263 - 100/270 = 0.307985 - 0.370370 = -6.2385 points */
    near(c.absolute, 100.0 * (81.0 / 263 - 100.0 / 270), 1e-9);
    yjpi_change c2 = change(&a, &b, 0.2);
    assert_int_equal(c2.significant, 1);
    near(c2.level, 0.2, 0);
}

/* test-vectors.md "two rates, exact conditional": 30 per 100,000 vs 45 per
 * 110,000, rate ratio 0.7333, p = 0.2042668 (R poisson.test(c(30, 45),
 * c(100000, 110000))).  Through the change API as FTE rates per 100,000:
 * 45 / 110000 * 1e5 = 40.909 -> 30 / 100000 * 1e5 = 30.000, a change of
 * -10.909 (-26.67%). */
static void test_change_rates_vector(void **state)
{
    (void)state;
    double r0 = 45.0 / 110000 * 1e5, r1 = 30.0;
    yjpi_value a = V(YJPI_FTE_RATE, "2013/14", r0, 29.8, 54.7, 45, 110000,
                     110000);
    yjpi_value b = V(YJPI_FTE_RATE, "2014/15", r1, 20.2, 42.8, 30, 100000,
                     100000);
    yjpi_change c = change(&a, &b, 0.05);
    assert_int_equal(c.test, YJPI_CHANGE_TEST_RATES);
    assert_int_equal(c.test_status, YJPI_ASSESS_OK);
    near(c.p_value, 0.2042668, 1e-6);
    near(c.ratio, 0.7333333333, 1e-8);
    assert_int_equal(c.significant, 0);
    near(c.absolute, r1 - r0, 1e-12);
    near(c.percent, 100.0 * (r1 - r0) / r0, 1e-12); /* -26.667 */
    near(c.percent, -26.666666666666668, 1e-10);
    assert_int_equal(c.direction, YJPI_DIRECTION_IMPROVED);
}

/* A zero previous value: 0 -> 3 first time entrants.  The absolute change
 * (+3) and the direction (worsened) exist; the percent change does not
 * (status BASE_ZERO, value 0, never infinity).  The test still runs:
 * R poisson.test(c(3, 0), c(1, 1)) p-value = 0.25. */
static void test_change_zero_base(void **state)
{
    (void)state;
    yjpi_value a = V(YJPI_FTE_COUNT, "2013", 0, 0, 3.69, 0, 0, 0);
    yjpi_value b = V(YJPI_FTE_COUNT, "2014", 3, 0.62, 8.77, 3, 0, 0);
    yjpi_change c = change(&a, &b, 0.05);
    assert_int_equal(c.status, YJPI_ASSESS_OK);
    near(c.absolute, 3, 0);
    assert_int_equal(c.direction, YJPI_DIRECTION_WORSENED);
    assert_int_equal(c.percent_status, YJPI_ASSESS_BASE_ZERO);
    assert_true(c.percent == 0.0);
    assert_string_equal(yjpi_assess_status_text(c.percent_status),
                        "the earlier value is zero, so there is no percent change");
    assert_int_equal(c.test_status, YJPI_ASSESS_OK);
    near(c.p_value, 0.25, 1e-9);
    assert_true(c.ratio == 0.0); /* 3/0 is unbounded: reported as 0 */

    /* 0 -> 0: unchanged; no percent change; nothing to test. */
    yjpi_value z = V(YJPI_FTE_COUNT, "2014", 0, 0, 3.69, 0, 0, 0);
    yjpi_change d = change(&a, &z, 0.05);
    assert_int_equal(d.direction, YJPI_DIRECTION_UNCHANGED);
    assert_int_equal(d.percent_status, YJPI_ASSESS_BASE_ZERO);
    assert_int_equal(d.test_status, YJPI_ASSESS_TEST_FAILED);
    assert_int_equal(d.significant, 0);
}

/* Values that are not computable: a reason, no numbers. */
static void test_change_not_computable(void **state)
{
    (void)state;
    yjpi_value a = V(YJPI_FTE_RATE, "2013/14", 0, 0, 0, 10, 0, 0);
    a.status = YJPI_NC_NO_POPULATION;
    yjpi_value b = V(YJPI_FTE_RATE, "2014/15", 50, 20, 90, 5, 10000, 10000);
    yjpi_change c = change(&a, &b, 0.05);
    assert_int_equal(c.status, YJPI_ASSESS_BASE_NOT_COMPUTABLE);
    assert_int_equal(c.percent_status, YJPI_ASSESS_BASE_NOT_COMPUTABLE);
    assert_int_equal(c.test_status, YJPI_ASSESS_BASE_NOT_COMPUTABLE);
    assert_int_equal(c.direction, YJPI_DIRECTION_NOT_ASSESSED);
    assert_true(c.absolute == 0.0 && c.percent == 0.0);
    near(c.to, 50, 0);

    yjpi_change d = change(&b, &a, 0.05);
    assert_int_equal(d.status, YJPI_ASSESS_VALUE_NOT_COMPUTABLE);
    assert_int_equal(d.percent_status, YJPI_ASSESS_VALUE_NOT_COMPUTABLE);
}

/* Means are not tested (documented in assess.h), but their change is
 * computed: frequency 1.50 -> 1.20 = -0.30, -20%. */
static void test_change_mean_not_tested(void **state)
{
    (void)state;
    yjpi_value a = V(YJPI_FREQUENCY_RATE, "2012/13", 1.5, 1.1, 1.9, 150, 100, 0);
    yjpi_value b = V(YJPI_FREQUENCY_RATE, "2013/14", 1.2, 0.9, 1.5, 120, 100, 0);
    yjpi_change c = change(&a, &b, 0.05);
    near(c.absolute, -0.3, 1e-12);
    near(c.percent, -20.0, 1e-12);
    assert_int_equal(c.points, 0);
    assert_int_equal(c.direction, YJPI_DIRECTION_IMPROVED);
    assert_int_equal(c.test, YJPI_CHANGE_TEST_NONE);
    assert_int_equal(c.test_status, YJPI_ASSESS_NO_TEST);
    assert_int_equal(c.significant, 0);
}

static void test_change_arguments(void **state)
{
    (void)state;
    yjpi_value a = V(YJPI_FTE_COUNT, "2013", 5, 1, 9, 5, 0, 0);
    yjpi_value b = V(YJPI_FTE_RATE, "2014", 5, 1, 9, 5, 1e5, 1e5);
    yjpi_change c;
    YJPI_INIT(c);
    assert_int_equal(yjpi_change_between(&a, &b, 0.05, &c), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_change_between(&a, &a, 0.0, &c), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_change_between(&a, &a, 1.0, &c), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_change_between(NULL, &a, 0.05, &c), YJPI_E_ARGUMENT);
    c.size = 0;
    assert_int_equal(yjpi_change_between(&a, &a, 0.05, &c), YJPI_E_ARGUMENT);
    /* A caller compiled with a smaller struct gets only what fits. */
    struct { size_t size; int32_t status, percent_status; } small;
    memset(&small, 0x7f, sizeof small);
    small.size = offsetof(yjpi_change, test_status);
    yjpi_value z = V(YJPI_FTE_COUNT, "2012", 0, 0, 3.69, 0, 0, 0);
    assert_int_equal(yjpi_change_between(&z, &a, 0.05, (yjpi_change *)(void *)&small),
                     YJPI_OK);
    assert_int_equal(small.status, YJPI_ASSESS_OK);
    assert_int_equal(small.percent_status, YJPI_ASSESS_BASE_ZERO);
}

/* Direction with an explicit polarity, including none. */
static void test_judge_change(void **state)
{
    (void)state;
    assert_int_equal(yjpi_judge_change(10, 8, YJPI_POLARITY_LOWER_IS_BETTER),
                     YJPI_DIRECTION_IMPROVED);
    assert_int_equal(yjpi_judge_change(10, 12, YJPI_POLARITY_LOWER_IS_BETTER),
                     YJPI_DIRECTION_WORSENED);
    assert_int_equal(yjpi_judge_change(10, 12, YJPI_POLARITY_HIGHER_IS_BETTER),
                     YJPI_DIRECTION_IMPROVED);
    assert_int_equal(yjpi_judge_change(10, 8, YJPI_POLARITY_HIGHER_IS_BETTER),
                     YJPI_DIRECTION_WORSENED);
    assert_int_equal(yjpi_judge_change(10, 12, YJPI_POLARITY_NONE),
                     YJPI_DIRECTION_HIGHER);
    assert_int_equal(yjpi_judge_change(10, 8, YJPI_POLARITY_NONE),
                     YJPI_DIRECTION_LOWER);
    assert_int_equal(yjpi_judge_change(10, 10, YJPI_POLARITY_NONE),
                     YJPI_DIRECTION_UNCHANGED);
    assert_int_equal(yjpi_judge_change(10, 10, YJPI_POLARITY_LOWER_IS_BETTER),
                     YJPI_DIRECTION_UNCHANGED);
    assert_int_equal(yjpi_judge_change(NAN, 10, YJPI_POLARITY_NONE),
                     YJPI_DIRECTION_NOT_ASSESSED);
    assert_int_equal(yjpi_judge_change(1, 10, 9), YJPI_DIRECTION_NOT_ASSESSED);
}

/* ---- benchmarks ------------------------------------------------------------ */

/* FTE rate 361 with interval 330 - 395 (lower is better):
 * - benchmark 361 or 380 lies inside -> similar;
 * - benchmark 300 lies below the lower limit: the area is higher than the
 *   benchmark, which is worse;
 * - benchmark 409 lies above the upper limit: the area is lower, better;
 * - a benchmark exactly on a limit is not outside it -> similar. */
static void test_benchmark(void **state)
{
    (void)state;
    yjpi_value v = V(YJPI_FTE_RATE, "2014/15", 361, 330, 395, 61, 16900, 16900);
    yjpi_benchmark_result r;
    YJPI_INIT(r);
    static const struct { double b; int verdict; } cases[] = {
        {361, YJPI_BENCHMARK_SIMILAR}, {380, YJPI_BENCHMARK_SIMILAR},
        {300, YJPI_BENCHMARK_WORSE},   {409, YJPI_BENCHMARK_BETTER},
        {330, YJPI_BENCHMARK_SIMILAR}, {395, YJPI_BENCHMARK_SIMILAR},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(yjpi_benchmark_compare(&v, cases[i].b, &r), YJPI_OK);
        assert_int_equal(r.status, YJPI_ASSESS_OK);
        assert_int_equal(r.verdict, cases[i].verdict);
        near(r.benchmark, cases[i].b, 0);
        near(r.lower, 330, 0);
        near(r.upper, 395, 0);
        assert_null(r.name);
    }
    assert_string_equal(yjpi_benchmark_verdict_name(YJPI_BENCHMARK_WORSE), "worse");

    /* not computable value, value without an interval, bad benchmark */
    v.status = YJPI_NC_NO_POPULATION;
    assert_int_equal(yjpi_benchmark_compare(&v, 300, &r), YJPI_OK);
    assert_int_equal(r.status, YJPI_ASSESS_VALUE_NOT_COMPUTABLE);
    assert_int_equal(r.verdict, YJPI_BENCHMARK_NOT_ASSESSED);
    v.status = YJPI_VALUE_OK;
    v.interval_status = YJPI_NC_TOO_FEW;
    assert_int_equal(yjpi_benchmark_compare(&v, 300, &r), YJPI_OK);
    assert_int_equal(r.status, YJPI_ASSESS_NO_INTERVAL);
    assert_int_equal(r.verdict, YJPI_BENCHMARK_NOT_ASSESSED);
    assert_int_equal(yjpi_benchmark_compare(&v, INFINITY, &r), YJPI_E_ARGUMENT);
}

/* The same rule with each polarity. */
static void test_judge_benchmark(void **state)
{
    (void)state;
    const int none = YJPI_POLARITY_NONE, lower = YJPI_POLARITY_LOWER_IS_BETTER,
              higher = YJPI_POLARITY_HIGHER_IS_BETTER;
    assert_int_equal(yjpi_judge_benchmark(10, 20, 5, none), YJPI_BENCHMARK_HIGHER);
    assert_int_equal(yjpi_judge_benchmark(10, 20, 25, none), YJPI_BENCHMARK_LOWER);
    assert_int_equal(yjpi_judge_benchmark(10, 20, 15, none), YJPI_BENCHMARK_SIMILAR);
    assert_int_equal(yjpi_judge_benchmark(10, 20, 5, lower), YJPI_BENCHMARK_WORSE);
    assert_int_equal(yjpi_judge_benchmark(10, 20, 25, lower), YJPI_BENCHMARK_BETTER);
    assert_int_equal(yjpi_judge_benchmark(10, 20, 5, higher), YJPI_BENCHMARK_BETTER);
    assert_int_equal(yjpi_judge_benchmark(10, 20, 25, higher), YJPI_BENCHMARK_WORSE);
    assert_int_equal(yjpi_judge_benchmark(20, 10, 15, none), YJPI_BENCHMARK_NOT_ASSESSED);
    assert_int_equal(yjpi_judge_benchmark(10, 20, NAN, none), YJPI_BENCHMARK_NOT_ASSESSED);
    assert_string_equal(yjpi_benchmark_verdict_name(YJPI_BENCHMARK_HIGHER), "higher");
    assert_string_equal(yjpi_benchmark_verdict_name(YJPI_BENCHMARK_LOWER), "lower");
}

/* ---- targets -------------------------------------------------------------- */

static yjpi_target T(int indicator, int kind, const char *period, double bound)
{
    yjpi_target t;
    YJPI_INIT(t);
    t.indicator = indicator;
    t.kind = kind;
    t.period = P(period);
    t.bound = bound;
    t.area = "*";
    return t;
}

static yjpi_target_result check(const yjpi_target *t, const yjpi_value *v,
                                const yjpi_change *c)
{
    yjpi_target_result r;
    YJPI_INIT(r);
    assert_int_equal(yjpi_target_check(t, v, c, &r), YJPI_OK);
    return r;
}

/* "5% reduction" = change_max -5 on the percent change on the previous
 * period.  415 -> 303 is -26.99% <= -5: met.  415 -> 400 is
 * -15 / 415 = -3.61% > -5: not met.  415 -> 394.25 is exactly -5%: met
 * (the bound is inclusive). */
static void test_target_change(void **state)
{
    (void)state;
    yjpi_target t = T(YJPI_FTE_COUNT, YJPI_TARGET_CHANGE_MAX, "2014/15", -5);
    yjpi_value a = V(YJPI_FTE_COUNT, "2013/14", 415, 376, 457, 415, 0, 0);
    yjpi_value b = V(YJPI_FTE_COUNT, "2014/15", 303, 270, 339, 303, 0, 0);
    yjpi_change c = change(&a, &b, 0.05);
    yjpi_target_result r = check(&t, &b, &c);
    assert_int_equal(r.status, YJPI_ASSESS_OK);
    assert_int_equal(r.verdict, YJPI_TARGET_MET);
    near(r.actual, -26.987951807228916, 1e-12);
    near(r.bound, -5, 0);
    assert_int_equal(r.kind, YJPI_TARGET_CHANGE_MAX);
    assert_string_equal(r.area, "*");
    assert_string_equal(yjpi_target_verdict_name(r.verdict), "met");

    yjpi_value b2 = V(YJPI_FTE_COUNT, "2014/15", 400, 362, 441, 400, 0, 0);
    yjpi_change c2 = change(&a, &b2, 0.05);
    r = check(&t, &b2, &c2);
    assert_int_equal(r.verdict, YJPI_TARGET_NOT_MET);
    near(r.actual, -100.0 * 15 / 415, 1e-12);
    assert_string_equal(yjpi_target_verdict_name(r.verdict), "not met");

    yjpi_value a4 = V(YJPI_FTE_RATE, "2013/14", 400, 360, 440, 400, 1e5, 1e5);
    yjpi_value b4 = V(YJPI_FTE_RATE, "2014/15", 380, 340, 420, 380, 1e5, 1e5);
    yjpi_target t4 = T(YJPI_FTE_RATE, YJPI_TARGET_CHANGE_MAX, "2014/15", -5);
    yjpi_change c4 = change(&a4, &b4, 0.05); /* -20 / 400 = -5% exactly */
    r = check(&t4, &b4, &c4);
    assert_int_equal(r.verdict, YJPI_TARGET_MET);

    /* change_min 10 ("at least 10% up"): -26.99 < 10, not met */
    yjpi_target tmin = T(YJPI_FTE_COUNT, YJPI_TARGET_CHANGE_MIN, "2014/15", 10);
    r = check(&tmin, &b, &c);
    assert_int_equal(r.verdict, YJPI_TARGET_NOT_MET);

    /* no previous change, or one without a percent change: not assessable,
     * with the reason */
    r = check(&t, &b, NULL);
    assert_int_equal(r.verdict, YJPI_TARGET_NOT_ASSESSABLE);
    assert_int_equal(r.status, YJPI_ASSESS_CHANGE_NOT_AVAILABLE);
    yjpi_value z = V(YJPI_FTE_COUNT, "2013/14", 0, 0, 3.69, 0, 0, 0);
    yjpi_change cz = change(&z, &b, 0.05);
    r = check(&t, &b, &cz);
    assert_int_equal(r.verdict, YJPI_TARGET_NOT_ASSESSABLE);
    assert_int_equal(r.status, YJPI_ASSESS_BASE_ZERO);
    assert_string_equal(yjpi_target_verdict_name(r.verdict), "not assessable");
}

/* max / min on the value: custody share 4.2% with max 5 -> met, 6.1% ->
 * not met, exactly 5 -> met; min 4 on 4.2 -> met, min 4.5 -> not met. */
static void test_target_value(void **state)
{
    (void)state;
    yjpi_target tmax = T(YJPI_CUSTODY_SHARE, YJPI_TARGET_MAX, "2014/15", 5);
    yjpi_target tmin = T(YJPI_CUSTODY_SHARE, YJPI_TARGET_MIN, "2014/15", 4);
    yjpi_value v = V(YJPI_CUSTODY_SHARE, "2014/15", 4.2, 2.5, 6.9, 10, 238, 0);
    assert_int_equal(check(&tmax, &v, NULL).verdict, YJPI_TARGET_MET);
    assert_int_equal(check(&tmin, &v, NULL).verdict, YJPI_TARGET_MET);
    near(check(&tmax, &v, NULL).actual, 4.2, 0);
    tmin.bound = 4.5;
    assert_int_equal(check(&tmin, &v, NULL).verdict, YJPI_TARGET_NOT_MET);
    v.value = 6.1;
    assert_int_equal(check(&tmax, &v, NULL).verdict, YJPI_TARGET_NOT_MET);
    v.value = 5.0;
    assert_int_equal(check(&tmax, &v, NULL).verdict, YJPI_TARGET_MET);
    v.status = YJPI_NC_ZERO_DENOMINATOR;
    yjpi_target_result r = check(&tmax, &v, NULL);
    assert_int_equal(r.verdict, YJPI_TARGET_NOT_ASSESSABLE);
    assert_int_equal(r.status, YJPI_ASSESS_VALUE_NOT_COMPUTABLE);

    yjpi_target bad = tmax;
    bad.kind = 9;
    YJPI_INIT(r);
    assert_int_equal(yjpi_target_check(&bad, &v, NULL, &r), YJPI_E_ARGUMENT);
}

/* ---- trend ---------------------------------------------------------------- */

/* Five consecutive financial years ending 2014/15. */
static void five_years(yjpi_period *p, size_t n)
{
    yjpi_period last = P("2014/15");
    assert_int_equal(yjpi_series_periods(&last, n, 0, p), YJPI_OK);
}

/* test-vectors.md, OHID recent trend, proportions: counts 318, 314, 318,
 * 291, 292 over 468.3358, 472.8916, 500.7874, 480.1980, 499.1453 ->
 * chi-square 12.5688 -> decreasing (12.57 > 9.55, the chi-square(1)
 * quantile at 0.002).  As binary rates (lower is better): improving. */
static void test_trend_proportions(void **state)
{
    (void)state;
    static const double x[5] = {318, 314, 318, 291, 292};
    static const double n[5] = {468.3358, 472.8916, 500.7874, 480.1980, 499.1453};
    yjpi_period per[5];
    five_years(per, 5);
    yjpi_value v[5];
    for (size_t i = 0; i < 5; i++) {
        v[i] = V(YJPI_BINARY_RATE, "2014/15", 100 * x[i] / n[i], 0, 100,
                 (uint64_t)x[i], n[i], 0);
        v[i].period = per[i];
    }
    yjpi_trend_assessment t;
    YJPI_INIT(t);
    assert_int_equal(yjpi_trend_assess(v, 5, 5, 0.002, &t), YJPI_OK);
    assert_int_equal(t.status, YJPI_ASSESS_OK);
    assert_int_equal(t.method, YJPI_TREND_METHOD_PROPORTIONS);
    near(t.chi2, 12.5688, 1e-4);
    assert_int_equal(t.verdict, YJPI_TREND_DECREASING);
    assert_int_equal(t.direction, YJPI_DIRECTION_IMPROVING);
    assert_string_equal(yjpi_trend_verdict_name(t.verdict), "decreasing");
    assert_string_equal(yjpi_direction_name(t.direction), "improving");
    assert_int_equal(t.points, 5);
    assert_true(t.first.start == per[0].start && t.last.end == per[4].end);
    near(t.level, 0.002, 0);

    /* Provisional points (reoffending follow-up not over by as_of) leave
     * the trend not assessed, wherever they are among the points used... */
    for (size_t i = 0; i < 5; i++) {
        v[i].provisional = 1;
        assert_int_equal(yjpi_trend_assess(v, 5, 5, 0.002, &t), YJPI_OK);
        assert_int_equal(t.status, YJPI_ASSESS_PROVISIONAL_POINT);
        assert_int_equal(t.verdict, YJPI_TREND_NOT_ASSESSED);
        assert_int_equal(t.method, YJPI_TREND_METHOD_NONE);
        near(t.chi2, 0, 0);
        v[i].provisional = 0;
    }
    /* ...but a provisional point before the last min_points is not used:
     * with min_points 4 the trend over 2011/12..2014/15 is assessed. */
    v[0].provisional = 1;
    assert_int_equal(yjpi_trend_assess(v, 5, 4, 0.002, &t), YJPI_OK);
    assert_int_equal(t.status, YJPI_ASSESS_OK);
    assert_int_equal(t.points, 4);
    assert_true(t.first.start == per[1].start);
}

/* test-vectors.md, OHID recent trend, other values: 30.6, 30.2, 28, 24.6,
 * 24.67 with their 95% intervals -> chi-square 46.7636, slope -1.7516,
 * decreasing; the same with a sixth point 30.9 (28.98 - 32.25) at the end,
 * last five used -> chi-square 0.7433, slope -0.2256, no significant
 * change. */
static void test_trend_values(void **state)
{
    (void)state;
    static const double val[6] = {30.6, 30.2, 28, 24.6, 24.67, 30.9};
    static const double lo[6] = {28.98, 28.63, 26.44, 23.15, 23.16, 28.98};
    static const double up[6] = {32.25, 31.9, 29.64, 26.19, 26.25, 32.25};
    yjpi_period per[6];
    yjpi_period last = P("2015/16");
    assert_int_equal(yjpi_series_periods(&last, 6, 0, per), YJPI_OK);
    yjpi_value v[6];
    for (size_t i = 0; i < 6; i++) {
        v[i] = V(YJPI_FTE_RATE, "2014/15", val[i], lo[i], up[i], 300, 1e6, 1e6);
        v[i].period = per[i];
    }
    yjpi_trend_assessment t;
    YJPI_INIT(t);
    assert_int_equal(yjpi_trend_assess(v, 5, 5, 0.002, &t), YJPI_OK);
    assert_int_equal(t.status, YJPI_ASSESS_OK);
    assert_int_equal(t.method, YJPI_TREND_METHOD_VALUES);
    near(t.chi2, 46.7636, 1e-4);
    near(t.slope, -1.7516, 1e-4);
    assert_int_equal(t.verdict, YJPI_TREND_DECREASING);
    assert_int_equal(t.direction, YJPI_DIRECTION_IMPROVING);

    assert_int_equal(yjpi_trend_assess(v, 6, 5, 0.002, &t), YJPI_OK);
    assert_int_equal(t.status, YJPI_ASSESS_OK);
    near(t.chi2, 0.7433, 1e-4);
    near(t.slope, -0.2256, 1e-4);
    assert_int_equal(t.verdict, YJPI_TREND_NO_CHANGE);
    assert_int_equal(t.direction, YJPI_DIRECTION_NOT_ASSESSED);
    assert_int_equal(t.points, 5);
    assert_true(t.first.start == per[1].start);
    assert_string_equal(yjpi_trend_verdict_name(t.verdict), "no significant change");
}

/* Not assessed, each with its reason. */
static void test_trend_not_assessed(void **state)
{
    (void)state;
    yjpi_period per[5];
    five_years(per, 5);
    yjpi_value v[5];
    for (size_t i = 0; i < 5; i++) {
        v[i] = V(YJPI_FTE_RATE, "2014/15", 30 - (double)i, 25 - (double)i,
                 35 - (double)i, 300, 1e6, 1e6);
        v[i].period = per[i];
    }
    yjpi_trend_assessment t;
    YJPI_INIT(t);
    /* four points, five needed */
    assert_int_equal(yjpi_trend_assess(v + 1, 4, 5, 0.002, &t), YJPI_OK);
    assert_int_equal(t.verdict, YJPI_TREND_NOT_ASSESSED);
    assert_int_equal(t.status, YJPI_ASSESS_TOO_FEW_POINTS);
    assert_int_equal(t.points, 4);
    /* a point not computable */
    v[2].status = YJPI_NC_NO_POPULATION;
    assert_int_equal(yjpi_trend_assess(v, 5, 5, 0.002, &t), YJPI_OK);
    assert_int_equal(t.status, YJPI_ASSESS_POINT_NOT_COMPUTABLE);
    assert_int_equal(t.verdict, YJPI_TREND_NOT_ASSESSED);
    v[2].status = YJPI_VALUE_OK;
    /* a point without an interval */
    v[3].interval_status = YJPI_NC_TOO_FEW;
    assert_int_equal(yjpi_trend_assess(v, 5, 5, 0.002, &t), YJPI_OK);
    assert_int_equal(t.status, YJPI_ASSESS_NO_INTERVAL);
    v[3].interval_status = YJPI_VALUE_OK;
    /* a gap: 2012/13 replaced by 2011/12 */
    v[2].period = per[1];
    assert_int_equal(yjpi_trend_assess(v, 5, 5, 0.002, &t), YJPI_OK);
    assert_int_equal(t.status, YJPI_ASSESS_NOT_CONSECUTIVE);
    v[2].period = per[2];
    /* all fine now: 30, 29, ..., 26 each +-5 is a clear fall */
    assert_int_equal(yjpi_trend_assess(v, 5, 5, 0.002, &t), YJPI_OK);
    assert_int_equal(t.status, YJPI_ASSESS_OK);
    /* the same points with the last one provisional: not assessed */
    v[4].provisional = 1;
    assert_int_equal(yjpi_trend_assess(v, 5, 5, 0.002, &t), YJPI_OK);
    assert_int_equal(t.status, YJPI_ASSESS_PROVISIONAL_POINT);
    assert_int_equal(t.verdict, YJPI_TREND_NOT_ASSESSED);
    assert_int_equal(t.direction, YJPI_DIRECTION_NOT_ASSESSED);
    assert_int_equal(t.points, 5);
    /* a point not computable is reported before a provisional one */
    v[1].status = YJPI_NC_NO_POPULATION;
    assert_int_equal(yjpi_trend_assess(v, 5, 5, 0.002, &t), YJPI_OK);
    assert_int_equal(t.status, YJPI_ASSESS_POINT_NOT_COMPUTABLE);
    v[1].status = YJPI_VALUE_OK;
    v[4].provisional = 0;
    /* arguments */
    assert_int_equal(yjpi_trend_assess(v, 5, 2, 0.002, &t), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_trend_assess(v, 5, 5, 0, &t), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_trend_assess(NULL, 5, 5, 0.002, &t), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_judge_trend(YJPI_TREND_INCREASING,
                                      YJPI_POLARITY_LOWER_IS_BETTER),
                     YJPI_DIRECTION_WORSENING);
    assert_int_equal(yjpi_judge_trend(YJPI_TREND_INCREASING,
                                      YJPI_POLARITY_HIGHER_IS_BETTER),
                     YJPI_DIRECTION_IMPROVING);
    assert_int_equal(yjpi_judge_trend(YJPI_TREND_INCREASING, YJPI_POLARITY_NONE),
                     YJPI_DIRECTION_NOT_ASSESSED);
    assert_int_equal(yjpi_judge_trend(YJPI_TREND_NO_CHANGE_OUTLIER,
                                      YJPI_POLARITY_LOWER_IS_BETTER),
                     YJPI_DIRECTION_NOT_ASSESSED);
}

/* ---- RAG ------------------------------------------------------------------ */

static yjpi_rag_result rag(int polarity, int value_status, int target,
                           int bench)
{
    yjpi_rag_result r;
    YJPI_INIT(r);
    assert_int_equal(yjpi_rag_rule(polarity, value_status, target, bench, &r),
                     YJPI_OK);
    return r;
}

/* Each rule of assess.h, in order. */
static void test_rag_rules(void **state)
{
    (void)state;
    const int L = YJPI_POLARITY_LOWER_IS_BETTER, N = YJPI_POLARITY_NONE;
    yjpi_rag_result r;
    /* 1: not computable -> none, even with a target not met */
    r = rag(L, YJPI_NC_NO_POPULATION, YJPI_TARGET_NOT_MET, YJPI_BENCHMARK_WORSE);
    assert_int_equal(r.rag, YJPI_RAG_NONE);
    assert_int_equal(r.status, YJPI_ASSESS_VALUE_NOT_COMPUTABLE);
    /* 2: target not met -> red, even when better than the benchmark */
    r = rag(L, 0, YJPI_TARGET_NOT_MET, YJPI_BENCHMARK_BETTER);
    assert_int_equal(r.rag, YJPI_RAG_RED);
    assert_int_equal(r.basis, YJPI_RAG_BASIS_TARGET);
    /* 3: target met -> green unless worse than the benchmark (amber) */
    r = rag(L, 0, YJPI_TARGET_MET, YJPI_BENCHMARK_SIMILAR);
    assert_int_equal(r.rag, YJPI_RAG_GREEN);
    assert_int_equal(r.basis, YJPI_RAG_BASIS_TARGET);
    r = rag(L, 0, YJPI_TARGET_MET, YJPI_BENCHMARK_NOT_ASSESSED);
    assert_int_equal(r.rag, YJPI_RAG_GREEN);
    r = rag(L, 0, YJPI_TARGET_MET, YJPI_BENCHMARK_WORSE);
    assert_int_equal(r.rag, YJPI_RAG_AMBER);
    assert_int_equal(r.basis, YJPI_RAG_BASIS_TARGET);
    r = rag(N, 0, YJPI_TARGET_MET, YJPI_BENCHMARK_HIGHER);
    assert_int_equal(r.rag, YJPI_RAG_GREEN);
    /* 4: no (assessable) target and no polarity -> none */
    r = rag(N, 0, YJPI_TARGET_NONE, YJPI_BENCHMARK_HIGHER);
    assert_int_equal(r.rag, YJPI_RAG_NONE);
    assert_int_equal(r.status, YJPI_ASSESS_NO_POLARITY);
    /* 5: the benchmark decides */
    r = rag(L, 0, YJPI_TARGET_NONE, YJPI_BENCHMARK_WORSE);
    assert_int_equal(r.rag, YJPI_RAG_RED);
    assert_int_equal(r.basis, YJPI_RAG_BASIS_BENCHMARK);
    r = rag(L, 0, YJPI_TARGET_NOT_ASSESSABLE, YJPI_BENCHMARK_SIMILAR);
    assert_int_equal(r.rag, YJPI_RAG_AMBER);
    assert_int_equal(r.basis, YJPI_RAG_BASIS_BENCHMARK);
    r = rag(L, 0, YJPI_TARGET_NONE, YJPI_BENCHMARK_BETTER);
    assert_int_equal(r.rag, YJPI_RAG_GREEN);
    assert_int_equal(r.status, YJPI_ASSESS_OK);
    /* 6: nothing to judge by -> none */
    r = rag(L, 0, YJPI_TARGET_NONE, YJPI_BENCHMARK_NOT_ASSESSED);
    assert_int_equal(r.rag, YJPI_RAG_NONE);
    assert_int_equal(r.status, YJPI_ASSESS_NO_RAG_BASIS);
    assert_int_equal(r.basis, YJPI_RAG_BASIS_NONE);
    r = rag(L, 0, YJPI_TARGET_NOT_ASSESSABLE, YJPI_BENCHMARK_NOT_ASSESSED);
    assert_int_equal(r.status, YJPI_ASSESS_NO_RAG_BASIS);

    YJPI_INIT(r);
    assert_int_equal(yjpi_rag_rule(L, 0, 7, 0, &r), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_rag_rule(5, 0, 0, 0, &r), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_rag_rule(L, 0, 0, 0, NULL), YJPI_E_ARGUMENT);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(yjpi_rag_name(YJPI_RAG_RED), "red");
    assert_string_equal(yjpi_rag_name(YJPI_RAG_AMBER), "amber");
    assert_string_equal(yjpi_rag_name(YJPI_RAG_GREEN), "green");
    assert_string_equal(yjpi_rag_name(YJPI_RAG_NONE), "none");
    assert_null(yjpi_rag_name(4));
    assert_null(yjpi_rag_name(-1));
    assert_string_equal(yjpi_rag_basis_name(YJPI_RAG_BASIS_BENCHMARK), "benchmark");
    assert_string_equal(yjpi_direction_name(YJPI_DIRECTION_WORSENED), "worsened");
    assert_string_equal(yjpi_direction_name(YJPI_DIRECTION_UNCHANGED), "unchanged");
    assert_string_equal(yjpi_direction_name(YJPI_DIRECTION_WORSENING), "worsening");
    assert_null(yjpi_direction_name(8));
    assert_string_equal(yjpi_benchmark_verdict_name(YJPI_BENCHMARK_BETTER), "better");
    assert_string_equal(yjpi_benchmark_verdict_name(YJPI_BENCHMARK_SIMILAR), "similar");
    assert_null(yjpi_benchmark_verdict_name(6));
    assert_string_equal(yjpi_target_verdict_name(YJPI_TARGET_NONE), "no target");
    assert_null(yjpi_target_verdict_name(4));
    assert_string_equal(yjpi_trend_verdict_name(YJPI_TREND_INCREASING), "increasing");
    assert_string_equal(yjpi_trend_verdict_name(YJPI_TREND_NO_CHANGE_OUTLIER),
                        "no significant change (outlier)");
    assert_null(yjpi_trend_verdict_name(5));
    assert_string_equal(yjpi_change_test_name(YJPI_CHANGE_TEST_RATES), "two rates");
    assert_null(yjpi_change_test_name(4));
    /* every status has its own text */
    for (int s = 0; s <= YJPI_ASSESS_PARTIAL_PERIOD; s++) {
        const char *t = yjpi_assess_status_text(s);
        assert_string_not_equal(t, "unknown status");
        for (int u = 0; u < s; u++)
            assert_string_not_equal(t, yjpi_assess_status_text(u));
    }
    assert_string_equal(yjpi_assess_status_text(20), "unknown status");
    assert_string_equal(yjpi_assess_status_text(-1), "unknown status");
}

/* ---- series ---------------------------------------------------------------- */

static void expect_periods(const yjpi_period *p, size_t n, const char *const *want)
{
    for (size_t i = 0; i < n; i++) {
        char buf[YJPI_PERIOD_TEXT_SIZE];
        assert_int_equal(yjpi_period_format(&p[i], buf, sizeof buf), YJPI_OK);
        assert_string_equal(buf, want[i]);
    }
}

static void test_series_periods(void **state)
{
    (void)state;
    yjpi_period p[4];
    yjpi_period last = P("12m to 2014-03");
    /* rolling 12 months stepping by a quarter */
    assert_int_equal(yjpi_series_periods(&last, 4, 3, p), YJPI_OK);
    static const char *const q[4] = {"12m to 2013-06", "12m to 2013-09",
                                     "12m to 2013-12", "12m to 2014-03"};
    expect_periods(p, 4, q);
    /* ... by a month */
    assert_int_equal(yjpi_series_periods(&last, 3, 1, p), YJPI_OK);
    static const char *const m[3] = {"12m to 2014-01", "12m to 2014-02",
                                     "12m to 2014-03"};
    expect_periods(p, 3, m);
    /* ... by its own length: consecutive, non-overlapping */
    assert_int_equal(yjpi_series_periods(&last, 2, 0, p), YJPI_OK);
    static const char *const y[2] = {"12m to 2013-03", "12m to 2014-03"};
    expect_periods(p, 2, y);
    /* quarters, financial years, calendar years */
    last = P("2014/15 Q1");
    assert_int_equal(yjpi_series_periods(&last, 3, 0, p), YJPI_OK);
    static const char *const fq[3] = {"2013/14 Q3", "2013/14 Q4", "2014/15 Q1"};
    expect_periods(p, 3, fq);
    last = P("2014/15");
    assert_int_equal(yjpi_series_periods(&last, 2, 0, p), YJPI_OK);
    static const char *const fy[2] = {"2013/14", "2014/15"};
    expect_periods(p, 2, fy);
    last = P("2014");
    assert_int_equal(yjpi_series_periods(&last, 2, 0, p), YJPI_OK);
    static const char *const cy[2] = {"2013", "2014"};
    expect_periods(p, 2, cy);
    /* n = 1 is the period itself */
    assert_int_equal(yjpi_series_periods(&last, 1, 0, p), YJPI_OK);
    assert_true(p[0].start == last.start && p[0].end == last.end);
    /* errors */
    assert_int_equal(yjpi_series_periods(&last, 0, 0, p), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_series_periods(&last, 2, -3, p), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_series_periods(NULL, 2, 0, p), YJPI_E_ARGUMENT);
    last = P("2014-01-05..2014-01-20"); /* not whole months: cannot shift */
    assert_int_equal(yjpi_series_periods(&last, 2, 0, p), YJPI_E_ARGUMENT);
}

/* ---- end to end ------------------------------------------------------------ */

/* A small dataset: each person one youth caution, so each is a first time
 * entrant in the financial year of the outcome (outcome 15 June, offence
 * 1 June, born 2000-01-01: aged 10-15, a young person).
 *   area A: 2010/11..2014/15: 20, 16, 14, 10, 6
 *   area B: 5 every year
 * populations (10-17): A 10000 for mid-2010..2013, 9000 for mid-2014;
 * B 5000 every year. */
static const int counts_a[5] = {20, 16, 14, 10, 6};

static yjpi_dataset *make_dataset(void)
{
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    int id = 0;
    for (int y = 0; y < 5; y++) {
        for (int area = 0; area < 2; area++) {
            int n = area == 0 ? counts_a[y] : 5;
            for (int i = 0; i < n; i++) {
                char pid[32], off[16], out[16];
                snprintf(pid, sizeof pid, "P%d", id++);
                snprintf(off, sizeof off, "%d-06-01", 2010 + y);
                snprintf(out, sizeof out, "%d-06-15", 2010 + y);
                yjpi_record r;
                YJPI_INIT(r);
                r.person_id = pid;
                r.birth_date = "2000-01-01";
                r.area = area == 0 ? "A" : "B";
                r.offence_date = off;
                r.outcome_date = out;
                r.outcome = "youth_caution";
                yjpi_error err;
                if (yjpi_dataset_add_record(ds, &r, &err) != YJPI_OK)
                    fail_msg("%s", err.message);
            }
        }
    }
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    return ds;
}

static yjpi_reference *make_reference(void)
{
    yjpi_reference *ref = yjpi_reference_new();
    assert_non_null(ref);
    /* the data are complete to the end of 2014/15 (the last outcome,
     * 2014-06-15, as as_of would make 2014/15 a partial period) */
    assert_int_equal(yjpi_reference_set_as_of(ref, D("2015-03-31")), YJPI_OK);
    for (int y = 2010; y <= 2014; y++) {
        assert_int_equal(yjpi_reference_set_population(ref, "A", NULL, y,
                                                       y == 2014 ? 9000 : 10000),
                         YJPI_OK);
        assert_int_equal(yjpi_reference_set_population(ref, "B", NULL, y, 5000),
                         YJPI_OK);
    }
    yjpi_period cur = P("2014/15"), prev = P("2013/14");
    /* E&W fte_count benchmark 5 for 2014/15 (inside A's interval), a
     * region benchmark with a value only for 2013/14 (missing for
     * 2014/15), and an fte_rate benchmark (another indicator: not used for
     * fte_count). */
    assert_int_equal(yjpi_reference_add_benchmark(ref, "England and Wales",
                                                  YJPI_FTE_COUNT, &cur, 5),
                     YJPI_OK);
    assert_int_equal(yjpi_reference_add_benchmark(ref, "South East",
                                                  YJPI_FTE_COUNT, &prev, 9),
                     YJPI_OK);
    assert_int_equal(yjpi_reference_add_benchmark(ref, "England and Wales",
                                                  YJPI_FTE_RATE, &cur, 300),
                     YJPI_OK);
    /* A: at least a 5% reduction in 2014/15 */
    assert_int_equal(yjpi_reference_add_target(ref, YJPI_FTE_COUNT,
                                               YJPI_TARGET_CHANGE_MAX, &cur, -5,
                                               "A"),
                     YJPI_OK);
    /* a target for another year does not apply */
    assert_int_equal(yjpi_reference_add_target(ref, YJPI_FTE_COUNT,
                                               YJPI_TARGET_MAX, &prev, 1, "*"),
                     YJPI_OK);
    return ref;
}

/* yjpi_assess on FTE count, area A, 2014/15:
 * - current 6, previous (2013/14) 10, year earlier (also 2013/14) 10;
 * - change -4, -40%, improved; R poisson.test(c(6, 10), c(1, 1))
 *   p-value = 0.454498291015625, not significant;
 * - benchmarks: E&W 5 lies inside 6's exact interval 2.2019 - 13.0595
 *   (R qchisq(0.025, 12)/2, qchisq(0.975, 14)/2) -> similar; South East has
 *   no 2014/15 value -> missing;
 * - target change_max -5: -40 <= -5 -> met; RAG green (met, not worse);
 * - trend over 20, 16, 14, 10, 6 with Poisson intervals (Byar from 10,
 *   exact below): R lm(x ~ t, weights = 1/((U-L)/(2*qnorm(0.975)))^2) gives
 *   slope -3.46183396201868 and chi-square 8.6986023470552 < 9.5495 ->
 *   no significant change at 0.002. */
static void test_assess_end_to_end(void **state)
{
    (void)state;
    yjpi_dataset *ds = make_dataset();
    yjpi_reference *ref = make_reference();
    yjpi_period cur = P("2014/15");
    yjpi_assessment *a = NULL;
    yjpi_error err;
    int rc = yjpi_assess(ds, ref, YJPI_FTE_COUNT, "A", &cur, NULL, &a, &err);
    if (rc != YJPI_OK)
        fail_msg("%s", err.message);
    assert_string_equal(yjpi_assessment_area(a), "A");
    assert_int_equal(yjpi_assessment_indicator(a), YJPI_FTE_COUNT);
    assert_true(yjpi_assessment_period(a).start == cur.start);

    yjpi_value v;
    YJPI_INIT(v);
    assert_int_equal(yjpi_assessment_value(a, YJPI_AT_CURRENT, &v), YJPI_OK);
    near(v.value, 6, 0);
    near(v.lower, 2.20189425349085, 1e-6);
    near(v.upper, 13.0594740225187, 1e-6);
    assert_int_equal(yjpi_assessment_value(a, YJPI_AT_PREVIOUS, &v), YJPI_OK);
    near(v.value, 10, 0);
    assert_int_equal(yjpi_assessment_value(a, YJPI_AT_YEAR_EARLIER, &v), YJPI_OK);
    near(v.value, 10, 0);
    assert_int_equal(yjpi_assessment_value(a, 3, &v), YJPI_E_ARGUMENT);

    yjpi_change c;
    YJPI_INIT(c);
    assert_int_equal(yjpi_assessment_change(a, YJPI_AT_PREVIOUS, &c), YJPI_OK);
    near(c.absolute, -4, 0);
    near(c.percent, -40, 1e-12);
    assert_int_equal(c.direction, YJPI_DIRECTION_IMPROVED);
    near(c.p_value, 0.454498291015625, 1e-6);
    assert_int_equal(c.significant, 0);
    near(c.level, 0.05, 0);
    assert_int_equal(yjpi_assessment_change(a, YJPI_AT_YEAR_EARLIER, &c), YJPI_OK);
    near(c.percent, -40, 1e-12);
    assert_int_equal(yjpi_assessment_change(a, YJPI_AT_CURRENT, &c), YJPI_E_ARGUMENT);

    assert_int_equal(yjpi_assessment_benchmark_count(a), 2);
    yjpi_benchmark_result b;
    YJPI_INIT(b);
    assert_int_equal(yjpi_assessment_benchmark(a, 0, &b), YJPI_OK);
    assert_string_equal(b.name, "England and Wales");
    assert_int_equal(b.status, YJPI_ASSESS_OK);
    assert_int_equal(b.verdict, YJPI_BENCHMARK_SIMILAR);
    near(b.benchmark, 5, 0);
    assert_int_equal(yjpi_assessment_benchmark(a, 1, &b), YJPI_OK);
    assert_string_equal(b.name, "South East");
    assert_int_equal(b.status, YJPI_ASSESS_BENCHMARK_MISSING);
    assert_int_equal(b.verdict, YJPI_BENCHMARK_NOT_ASSESSED);
    assert_int_equal(yjpi_assessment_benchmark(a, 2, &b), YJPI_E_ARGUMENT);

    assert_int_equal(yjpi_assessment_target_count(a), 1);
    yjpi_target_result t;
    YJPI_INIT(t);
    assert_int_equal(yjpi_assessment_target(a, 0, &t), YJPI_OK);
    assert_int_equal(t.kind, YJPI_TARGET_CHANGE_MAX);
    assert_int_equal(t.verdict, YJPI_TARGET_MET);
    near(t.actual, -40, 1e-12);
    assert_string_equal(t.area, "A");
    assert_int_equal(yjpi_assessment_target_verdict(a), YJPI_TARGET_MET);

    yjpi_trend_assessment tr;
    YJPI_INIT(tr);
    assert_int_equal(yjpi_assessment_trend(a, &tr), YJPI_OK);
    assert_int_equal(tr.status, YJPI_ASSESS_OK);
    assert_int_equal(tr.method, YJPI_TREND_METHOD_VALUES);
    near(tr.slope, -3.46183396201868, 1e-6);
    near(tr.chi2, 8.6986023470552, 1e-6);
    assert_int_equal(tr.verdict, YJPI_TREND_NO_CHANGE);
    assert_int_equal(yjpi_assessment_trend_point_count(a), 5);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(yjpi_assessment_trend_point(a, i, &v), YJPI_OK);
        near(v.value, counts_a[i], 0);
    }

    yjpi_rag_result r;
    YJPI_INIT(r);
    assert_int_equal(yjpi_assessment_rag(a, &r), YJPI_OK);
    assert_int_equal(r.rag, YJPI_RAG_GREEN);
    assert_int_equal(r.basis, YJPI_RAG_BASIS_TARGET);
    assert_string_equal(r.benchmark, "England and Wales");
    assert_int_equal(r.benchmark_verdict, YJPI_BENCHMARK_SIMILAR);
    yjpi_assessment_free(a);

    /* Trend significance 0.01 (chi-square(1) quantile 6.63 < 8.70): now a
     * significant decrease, improving; leaving any one point out keeps the
     * slope negative (the counts fall every year). */
    yjpi_assess_options o;
    YJPI_INIT(o);
    o.trend_significance = 0.01;
    assert_int_equal(yjpi_assess(ds, ref, YJPI_FTE_COUNT, "A", &cur, &o, &a, &err),
                     YJPI_OK);
    assert_int_equal(yjpi_assessment_trend(a, &tr), YJPI_OK);
    assert_int_equal(tr.verdict, YJPI_TREND_DECREASING);
    assert_int_equal(tr.direction, YJPI_DIRECTION_IMPROVING);
    near(tr.level, 0.01, 0);
    yjpi_assessment_free(a);

    /* FTE rate: 6 / 9000 * 1e5 = 66.667 against 10 / 10000 * 1e5 = 100,
     * -33.3%; R poisson.test(c(6, 10), c(9000, 10000)) p-value =
     * 0.464573421276783.  E&W rate 300 lies above the upper limit
     * 13.0595 / 9000 * 1e5 = 145.1 -> better; no target for fte_rate ->
     * RAG green on the benchmark. */
    assert_int_equal(yjpi_assess(ds, ref, YJPI_FTE_RATE, "A", &cur, NULL, &a, &err),
                     YJPI_OK);
    assert_int_equal(yjpi_assessment_change(a, YJPI_AT_PREVIOUS, &c), YJPI_OK);
    near(c.to, 6.0 / 9000 * 1e5, 1e-9);
    near(c.from, 100, 1e-9);
    near(c.percent, -100.0 / 3, 1e-9);
    assert_int_equal(c.test, YJPI_CHANGE_TEST_RATES);
    near(c.p_value, 0.464573421276783, 1e-6);
    assert_int_equal(yjpi_assessment_benchmark_count(a), 1);
    assert_int_equal(yjpi_assessment_benchmark(a, 0, &b), YJPI_OK);
    assert_int_equal(b.verdict, YJPI_BENCHMARK_BETTER);
    assert_int_equal(yjpi_assessment_target_count(a), 0);
    assert_int_equal(yjpi_assessment_target_verdict(a), YJPI_TARGET_NONE);
    assert_int_equal(yjpi_assessment_rag(a, &r), YJPI_OK);
    assert_int_equal(r.rag, YJPI_RAG_GREEN);
    assert_int_equal(r.basis, YJPI_RAG_BASIS_BENCHMARK);
    yjpi_assessment_free(a);

    /* A RAG benchmark named in the options that has no value: missing, so
     * without a target RAG is none with its reason. */
    o.rag_benchmark = "south east";
    o.trend_significance = 0;
    assert_int_equal(yjpi_assess(ds, ref, YJPI_FTE_COUNT, "B", &cur, &o, &a, &err),
                     YJPI_OK);
    /* (and the confidence option reaches the compute) */
    o.confidence = 0;
    assert_int_equal(yjpi_assessment_value(a, YJPI_AT_CURRENT, &v), YJPI_OK);
    near(v.confidence, 0.95, 0);
    yjpi_assessment_free(a);
    o.confidence = 0.998;
    assert_int_equal(yjpi_assess(ds, ref, YJPI_FTE_COUNT, "B", &cur, &o, &a, &err),
                     YJPI_OK);
    assert_int_equal(yjpi_assessment_value(a, YJPI_AT_CURRENT, &v), YJPI_OK);
    near(v.confidence, 0.998, 0);
    assert_int_equal(yjpi_assessment_rag(a, &r), YJPI_OK);
    assert_int_equal(r.rag, YJPI_RAG_NONE);
    assert_int_equal(r.status, YJPI_ASSESS_NO_RAG_BASIS);
    assert_string_equal(r.benchmark, "South East");
    yjpi_assessment_free(a);

    /* A range that cannot be shifted: no previous, no trend, reasons. */
    yjpi_period odd = P("2014-06-10..2014-06-20");
    assert_int_equal(yjpi_assess(ds, ref, YJPI_FTE_COUNT, "A", &odd, NULL, &a, &err),
                     YJPI_OK);
    assert_int_equal(yjpi_assessment_value(a, YJPI_AT_CURRENT, &v), YJPI_OK);
    near(v.value, 6, 0); /* all six outcomes on 15 June */
    assert_int_equal(yjpi_assessment_value(a, YJPI_AT_PREVIOUS, &v), YJPI_E_NOT_FOUND);
    assert_int_equal(yjpi_assessment_change(a, YJPI_AT_PREVIOUS, &c), YJPI_OK);
    assert_int_equal(c.status, YJPI_ASSESS_PERIOD_NOT_SHIFTABLE);
    assert_int_equal(c.direction, YJPI_DIRECTION_NOT_ASSESSED);
    assert_int_equal(yjpi_assessment_trend(a, &tr), YJPI_OK);
    assert_int_equal(tr.verdict, YJPI_TREND_NOT_ASSESSED);
    assert_int_equal(tr.status, YJPI_ASSESS_TOO_FEW_POINTS);
    yjpi_assessment_free(a);

    /* errors */
    assert_int_equal(yjpi_assess(ds, ref, 99, "A", &cur, NULL, &a, &err),
                     YJPI_E_ARGUMENT);
    assert_null(a);
    assert_int_equal(yjpi_assess(ds, ref, YJPI_FTE_COUNT, NULL, &cur, NULL, &a, &err),
                     YJPI_E_ARGUMENT);
    o.trend_points = 2;
    assert_int_equal(yjpi_assess(ds, ref, YJPI_FTE_COUNT, "A", &cur, &o, &a, &err),
                     YJPI_E_ARGUMENT);
    yjpi_assessment_free(NULL);

    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* Reoffending cohorts whose follow-up is not over.  Financial years
 * 2009/10..2014/15 (y = 0..5): 20 children aged 15 cautioned on 15 June
 * (offence 1 June); r_y = 2, 4, 6, 8, 10, 12 of them commit a further
 * offence on 1 September, convicted 1 October.  With the default 3-month
 * cohorts pooled over the year, the June cautions are Q1 index events and
 * the October convictions are Q3 index events of the same children (no
 * re-offence after them), so cohort C_y = 20 + r_y, reoffenders R_y = r_y.
 * as_of 2015-10-01: the 2014/15 Q1 members' waiting ends 2014-06-15 + 18
 * months = 2015-12-15, after as_of -> 2014/15 is provisional; 2013/14's
 * last (empty) quarter ends 2014-03-31 + 18 months = 2015-09-30 <= as_of
 * -> final. */
static const int reoffenders_y[6] = {2, 4, 6, 8, 10, 12};

static yjpi_dataset *make_reoffending_dataset(void)
{
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    for (int y = 0; y < 6; y++) {
        for (int i = 0; i < 20; i++) {
            char pid[32], birth[16], d[4][16];
            snprintf(pid, sizeof pid, "R%d-%d", y, i);
            snprintf(birth, sizeof birth, "%d-01-01", 2009 + y - 15);
            snprintf(d[0], sizeof d[0], "%d-06-01", 2009 + y);
            snprintf(d[1], sizeof d[1], "%d-06-15", 2009 + y);
            snprintf(d[2], sizeof d[2], "%d-09-01", 2009 + y);
            snprintf(d[3], sizeof d[3], "%d-10-01", 2009 + y);
            int rows = i < reoffenders_y[y] ? 2 : 1;
            for (int k = 0; k < rows; k++) {
                yjpi_record r;
                YJPI_INIT(r);
                r.person_id = pid;
                r.birth_date = birth;
                r.area = "A";
                r.offence_date = d[2 * k];
                r.outcome_date = d[2 * k + 1];
                r.outcome = k == 0 ? "youth_caution" : "referral_order";
                yjpi_error err;
                if (yjpi_dataset_add_record(ds, &r, &err) != YJPI_OK)
                    fail_msg("%s", err.message);
            }
        }
    }
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    return ds;
}

/* The 2014/15 binary rate, 12 / 32 = 37.5%, is provisional: it is still
 * compared with 2013/14 (10 / 30 = 33.33%, +4.1667 points, worsened) and
 * the provisional flag is on the current value; its trend (2010/11 ..
 * 2014/15) is not assessed (PROVISIONAL_POINT).  The 2013/14 trend
 * (2009/10 .. 2013/14, all final) is assessed by Cochran-Armitage. */
static void test_assess_provisional(void **state)
{
    (void)state;
    yjpi_dataset *ds = make_reoffending_dataset();
    yjpi_reference *ref = yjpi_reference_new();
    assert_non_null(ref);
    yjpi_date as_of;
    assert_int_equal(yjpi_date_parse("2015-10-01", 10, &as_of), YJPI_OK);
    assert_int_equal(yjpi_reference_set_as_of(ref, as_of), YJPI_OK);
    yjpi_error err;
    yjpi_assessment *a = NULL;
    yjpi_period cur = P("2014/15"), prev = P("2013/14");

    int rc = yjpi_assess(ds, ref, YJPI_BINARY_RATE, "A", &cur, NULL, &a, &err);
    if (rc != YJPI_OK)
        fail_msg("%s", err.message);
    yjpi_value v;
    YJPI_INIT(v);
    assert_int_equal(yjpi_assessment_value(a, YJPI_AT_CURRENT, &v), YJPI_OK);
    assert_int_equal(v.status, YJPI_VALUE_OK);
    assert_int_equal(v.cohort_size, 32);
    assert_int_equal(v.reoffenders, 12);
    near(v.value, 37.5, 1e-12);
    assert_int_equal(v.provisional, 1);
    assert_int_equal(yjpi_assessment_value(a, YJPI_AT_PREVIOUS, &v), YJPI_OK);
    near(v.value, 100.0 / 3, 1e-12);
    assert_int_equal(v.provisional, 0);
    yjpi_change c;
    YJPI_INIT(c);
    assert_int_equal(yjpi_assessment_change(a, YJPI_AT_PREVIOUS, &c), YJPI_OK);
    assert_int_equal(c.status, YJPI_ASSESS_OK);
    assert_int_equal(c.points, 1);
    near(c.absolute, 37.5 - 100.0 / 3, 1e-9);
    assert_int_equal(c.direction, YJPI_DIRECTION_WORSENED);
    assert_int_equal(c.test_status, YJPI_ASSESS_OK);
    assert_int_equal(c.test, YJPI_CHANGE_TEST_PROPORTIONS);
    yjpi_trend_assessment tr;
    YJPI_INIT(tr);
    assert_int_equal(yjpi_assessment_trend(a, &tr), YJPI_OK);
    assert_int_equal(tr.status, YJPI_ASSESS_PROVISIONAL_POINT);
    assert_int_equal(tr.verdict, YJPI_TREND_NOT_ASSESSED);
    assert_int_equal(tr.points, 5);
    assert_string_equal(yjpi_assess_status_text(tr.status),
                        "a trend point is provisional");
    /* the points are still there for a chart; only the last is provisional */
    assert_int_equal(yjpi_assessment_trend_point_count(a), 5);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(yjpi_assessment_trend_point(a, i, &v), YJPI_OK);
        assert_int_equal(v.provisional, i == 4);
        assert_int_equal(v.reoffenders, (uint64_t)reoffenders_y[i + 1]);
    }
    yjpi_assessment_free(a);

    rc = yjpi_assess(ds, ref, YJPI_BINARY_RATE, "A", &prev, NULL, &a, &err);
    if (rc != YJPI_OK)
        fail_msg("%s", err.message);
    assert_int_equal(yjpi_assessment_trend(a, &tr), YJPI_OK);
    assert_int_equal(tr.status, YJPI_ASSESS_OK);
    assert_int_equal(tr.method, YJPI_TREND_METHOD_PROPORTIONS);
    assert_true(tr.chi2 > 0);
    yjpi_assessment_free(a);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* Every area in one call: A, B and "*" (all areas: 6 + 5 = 11 in 2014/15,
 * 10 + 5 = 15 in 2013/14).  The target is A's only. */
static void test_assess_areas(void **state)
{
    (void)state;
    yjpi_dataset *ds = make_dataset();
    yjpi_reference *ref = make_reference();
    yjpi_period cur = P("2014/15");
    yjpi_assessments *as = NULL;
    yjpi_error err;
    int rc = yjpi_assess_areas(ds, ref, YJPI_FTE_COUNT, NULL, 0, &cur, NULL,
                               &as, &err);
    if (rc != YJPI_OK)
        fail_msg("%s", err.message);
    assert_int_equal(yjpi_assessments_count(as), 3);
    const yjpi_assessment *a = yjpi_assessments_get(as, 0);
    const yjpi_assessment *b = yjpi_assessments_get(as, 1);
    const yjpi_assessment *all = yjpi_assessments_get(as, 2);
    assert_null(yjpi_assessments_get(as, 3));
    assert_string_equal(yjpi_assessment_area(a), "A");
    assert_string_equal(yjpi_assessment_area(b), "B");
    assert_string_equal(yjpi_assessment_area(all), "*");
    assert_int_equal(yjpi_assessment_target_count(a), 1);
    assert_int_equal(yjpi_assessment_target_count(b), 0);
    assert_int_equal(yjpi_assessment_target_count(all), 0);

    /* B: 5 -> 5, unchanged, p = 1; E&W 5 inside -> similar -> amber */
    yjpi_change c;
    YJPI_INIT(c);
    assert_int_equal(yjpi_assessment_change(b, YJPI_AT_PREVIOUS, &c), YJPI_OK);
    assert_int_equal(c.direction, YJPI_DIRECTION_UNCHANGED);
    near(c.percent, 0, 0);
    near(c.p_value, 1, 1e-9);
    yjpi_rag_result r;
    YJPI_INIT(r);
    assert_int_equal(yjpi_assessment_rag(b, &r), YJPI_OK);
    assert_int_equal(r.rag, YJPI_RAG_AMBER);
    assert_int_equal(r.basis, YJPI_RAG_BASIS_BENCHMARK);

    /* all areas: 15 -> 11 = -26.67%; 11 >= 10 so Byar: lower
     * 11 (1 - 1/99 - 1.96/(3 sqrt 11))^3 = 5.4911 > 5 -> E&W 5 is below the
     * lower limit: worse -> red */
    yjpi_value v;
    YJPI_INIT(v);
    assert_int_equal(yjpi_assessment_value(all, YJPI_AT_CURRENT, &v), YJPI_OK);
    near(v.value, 11, 0);
    assert_true(v.lower > 5.0);
    assert_int_equal(yjpi_assessment_change(all, YJPI_AT_PREVIOUS, &c), YJPI_OK);
    near(c.percent, -100.0 * 4 / 15, 1e-12);
    assert_int_equal(yjpi_assessment_rag(all, &r), YJPI_OK);
    assert_int_equal(r.rag, YJPI_RAG_RED);
    assert_int_equal(r.benchmark_verdict, YJPI_BENCHMARK_WORSE);

    /* an assessment owned by its collection is not freed on its own */
    yjpi_assessment_free((yjpi_assessment *)(uintptr_t)a);
    assert_string_equal(yjpi_assessment_area(a), "A");
    yjpi_assessments_free(as);

    /* explicit areas, one of them without data: zero counts */
    const char *areas[2] = {"B", "C"};
    assert_int_equal(yjpi_assess_areas(ds, ref, YJPI_FTE_COUNT, areas, 2, &cur,
                                       NULL, &as, &err), YJPI_OK);
    assert_int_equal(yjpi_assessments_count(as), 2);
    const yjpi_assessment *cc = yjpi_assessments_get(as, 1);
    assert_string_equal(yjpi_assessment_area(cc), "C");
    assert_int_equal(yjpi_assessment_change(cc, YJPI_AT_PREVIOUS, &c), YJPI_OK);
    assert_int_equal(c.percent_status, YJPI_ASSESS_BASE_ZERO);
    yjpi_assessments_free(as);
    assert_int_equal(yjpi_assess_areas(ds, ref, YJPI_FTE_COUNT, areas, 0, &cur,
                                       NULL, &as, &err), YJPI_E_ARGUMENT);

    /* the series convenience: one compute over four rolling windows */
    yjpi_results *res = NULL;
    yjpi_period last = P("12m to 2015-03");
    yjpi_request base;
    YJPI_INIT(base);
    int ind = YJPI_FTE_COUNT;
    base.indicators = &ind;
    base.n_indicators = 1;
    base.areas = areas;
    base.n_areas = 1;
    assert_int_equal(yjpi_compute_series(ds, ref, &base, &last, 4, 3, &res, &err),
                     YJPI_OK);
    assert_int_equal(yjpi_results_count(res), 4);
    /* B has 5 each June: every 12-month window holds exactly one June */
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(yjpi_results_get(res, i, &v), YJPI_OK);
        near(v.value, 5, 0);
    }
    yjpi_results_free(res);

    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* ---- allocation failures ---------------------------------------------------- */

static long alloc_budget = -1; /* allocations left; -1 = unlimited */

static void *fail_malloc(size_t size, void *user)
{
    (void)user;
    if (alloc_budget == 0)
        return NULL;
    if (alloc_budget > 0)
        alloc_budget--;
    return malloc(size);
}

static void *fail_realloc(void *p, size_t size, void *user)
{
    (void)user;
    if (alloc_budget == 0)
        return NULL;
    if (alloc_budget > 0)
        alloc_budget--;
    return realloc(p, size);
}

static void fail_free(void *p, void *user)
{
    (void)user;
    free(p);
}

/* Failing the n-th allocation for n = 0, 1, ... gives YJPI_E_NOMEM until
 * enough succeed; nothing leaks (checked under ASan). */
static void test_assess_nomem(void **state)
{
    (void)state;
    yjpi_dataset *ds = make_dataset();
    yjpi_reference *ref = make_reference();
    yjpi_period cur = P("2014/15");
    assert_int_equal(yjpi_set_allocator(fail_malloc, fail_realloc, fail_free, NULL),
                     YJPI_OK);
    int rc = YJPI_E_NOMEM;
    long n;
    for (n = 0; n < 10000 && rc != YJPI_OK; n++) {
        alloc_budget = n;
        yjpi_assessments *as = NULL;
        rc = yjpi_assess_areas(ds, ref, YJPI_FTE_COUNT, NULL, 0, &cur, NULL,
                               &as, NULL);
        alloc_budget = -1;
        if (rc != YJPI_OK) {
            assert_int_equal(rc, YJPI_E_NOMEM);
            assert_null(as);
        } else {
            assert_int_equal(yjpi_assessments_count(as), 3);
            yjpi_assessments_free(as);
        }
    }
    assert_int_equal(rc, YJPI_OK);
    assert_true(n > 1);
    /* the pure trend function allocates too */
    yjpi_period per[5];
    five_years(per, 5);
    yjpi_value v[5];
    for (size_t i = 0; i < 5; i++) {
        v[i] = V(YJPI_FTE_RATE, "2014/15", 30 - (double)i, 25 - (double)i,
                 35 - (double)i, 300, 1e6, 1e6);
        v[i].period = per[i];
    }
    yjpi_trend_assessment t;
    YJPI_INIT(t);
    alloc_budget = 0;
    assert_int_equal(yjpi_trend_assess(v, 5, 5, 0.002, &t), YJPI_E_NOMEM);
    alloc_budget = -1;
    assert_int_equal(yjpi_set_allocator(NULL, NULL, NULL, NULL), YJPI_OK);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}


static void add_caution(yjpi_dataset *ds, const char *pid, const char *area,
                        const char *outcome)
{
    yjpi_record r;
    YJPI_INIT(r);
    r.person_id = pid;
    r.birth_date = "2000-01-01";
    r.area = area;
    r.offence_date = outcome;
    r.outcome_date = outcome;
    r.outcome = "youth_caution";
    yjpi_error err;
    if (yjpi_dataset_add_record(ds, &r, &err) != YJPI_OK)
        fail_msg("%s", err.message);
}

/* A partial period (as_of 2014-06-30, inside 2014/15): FTE in area A is 3
 * in April-June 2013 and 4 more later in 2013/14; 1 in April-June 2014 and
 * 5 later (after as_of).  The previous period and the year earlier are the
 * same stretch of 2013/14 (3, not 7): -66.67%.  No trend, target or
 * benchmark verdict; a period starting after as_of is YJPI_E_RANGE. */
static void test_assess_partial(void **state)
{
    (void)state;
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    char pid[16];
    int id = 0;
    static const struct { const char *day; int n; } ev[] = {
        {"2010-06-15", 9}, {"2011-06-15", 8}, {"2012-06-15", 8},
        {"2013-05-01", 3}, {"2013-09-01", 4}, {"2014-05-01", 1}, {"2014-09-01", 5},
    };
    for (size_t e = 0; e < sizeof ev / sizeof ev[0]; e++)
        for (int i = 0; i < ev[e].n; i++) {
            snprintf(pid, sizeof pid, "Q%d", id++);
            add_caution(ds, pid, "A", ev[e].day);
        }
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    yjpi_reference *ref = yjpi_reference_new();
    assert_non_null(ref);
    assert_int_equal(yjpi_reference_set_as_of(ref, D("2014-06-30")), YJPI_OK);
    yjpi_period cur = P("2014/15");
    assert_int_equal(yjpi_reference_add_benchmark(ref, "England and Wales",
                                                  YJPI_FTE_COUNT, &cur, 5), YJPI_OK);
    assert_int_equal(yjpi_reference_add_target(ref, YJPI_FTE_COUNT, YJPI_TARGET_MAX,
                                               &cur, 100, "A"), YJPI_OK);
    yjpi_assess_options o;
    YJPI_INIT(o);
    o.trend_points = 3;
    yjpi_assessment *a = NULL;
    yjpi_error err;
    if (yjpi_assess(ds, ref, YJPI_FTE_COUNT, "A", &cur, &o, &a, &err) != YJPI_OK)
        fail_msg("%s", err.message);
    yjpi_value v;
    YJPI_INIT(v);
    assert_int_equal(yjpi_assessment_value(a, YJPI_AT_CURRENT, &v), YJPI_OK);
    assert_int_equal(v.partial, 1);
    assert_int_equal(v.covered_to, D("2014-06-30"));
    near(v.value, 1, 0);
    /* like for like: 1 April - 30 June 2013 */
    yjpi_period stretch = P("2013-04-01..2013-06-30");
    for (int w = YJPI_AT_PREVIOUS; w <= YJPI_AT_YEAR_EARLIER; w++) {
        assert_int_equal(yjpi_assessment_value(a, w, &v), YJPI_OK);
        assert_int_equal(v.period.start, stretch.start);
        assert_int_equal(v.period.end, stretch.end);
        assert_int_equal(v.partial, 0);
        near(v.value, 3, 0);
        yjpi_change c;
        YJPI_INIT(c);
        assert_int_equal(yjpi_assessment_change(a, w, &c), YJPI_OK);
        near(c.percent, -200.0 / 3.0, 1e-9);
        assert_int_equal(c.from_period.end, stretch.end);
    }
    /* no trend with a partial point; the whole-period target and
     * benchmark are not assessed; no RAG */
    yjpi_trend_assessment t;
    YJPI_INIT(t);
    assert_int_equal(yjpi_assessment_trend(a, &t), YJPI_OK);
    assert_int_equal(t.status, YJPI_ASSESS_PARTIAL_PERIOD);
    assert_int_equal(t.verdict, YJPI_TREND_NOT_ASSESSED);
    assert_int_equal(yjpi_assessment_target_verdict(a), YJPI_TARGET_NOT_ASSESSABLE);
    yjpi_target_result tr;
    YJPI_INIT(tr);
    assert_int_equal(yjpi_assessment_target(a, 0, &tr), YJPI_OK);
    assert_int_equal(tr.status, YJPI_ASSESS_PARTIAL_PERIOD);
    yjpi_benchmark_result br;
    YJPI_INIT(br);
    assert_int_equal(yjpi_assessment_benchmark(a, 0, &br), YJPI_OK);
    assert_int_equal(br.status, YJPI_ASSESS_PARTIAL_PERIOD);
    assert_int_equal(br.verdict, YJPI_BENCHMARK_NOT_ASSESSED);
    yjpi_rag_result rag;
    YJPI_INIT(rag);
    assert_int_equal(yjpi_assessment_rag(a, &rag), YJPI_OK);
    assert_int_equal(rag.rag, YJPI_RAG_NONE);
    assert_int_equal(rag.status, YJPI_ASSESS_PARTIAL_PERIOD);
    yjpi_assessment_free(a);

    /* the pure functions: a partial point or value */
    yjpi_value pts[3];
    for (int i = 0; i < 3; i++) {
        YJPI_INIT(pts[i]);
        pts[i].indicator = YJPI_FTE_COUNT;
        pts[i].period = P(i == 0 ? "2012/13" : i == 1 ? "2013/14" : "2014/15");
        pts[i].value = 10 - i;
        pts[i].lower = 5 - i;
        pts[i].upper = 15 - i;
    }
    pts[2].partial = 1;
    pts[2].covered_to = D("2014-06-30");
    assert_int_equal(yjpi_trend_assess(pts, 3, 3, 0.002, &t), YJPI_OK);
    assert_int_equal(t.status, YJPI_ASSESS_PARTIAL_PERIOD);
    yjpi_target tg;
    YJPI_INIT(tg);
    tg.indicator = YJPI_FTE_COUNT;
    tg.kind = YJPI_TARGET_MAX;
    tg.period = pts[2].period;
    tg.bound = 100;
    assert_int_equal(yjpi_target_check(&tg, &pts[2], NULL, &tr), YJPI_OK);
    assert_int_equal(tr.verdict, YJPI_TARGET_NOT_ASSESSABLE);
    assert_int_equal(tr.status, YJPI_ASSESS_PARTIAL_PERIOD);

    /* after as_of: an error, no assessment */
    yjpi_period later = P("2015/16");
    a = (yjpi_assessment *)1;
    assert_int_equal(yjpi_assess(ds, ref, YJPI_FTE_COUNT, "A", &later, NULL, &a, &err),
                     YJPI_E_RANGE);
    assert_null(a);
    assert_string_equal(err.message,
                        "period 2015/16 starts after the data's as_of date 2014-06-30");
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_change_fte_fall),
        cmocka_unit_test(test_change_points),
        cmocka_unit_test(test_change_proportions_vector),
        cmocka_unit_test(test_change_rates_vector),
        cmocka_unit_test(test_change_zero_base),
        cmocka_unit_test(test_change_not_computable),
        cmocka_unit_test(test_change_mean_not_tested),
        cmocka_unit_test(test_change_arguments),
        cmocka_unit_test(test_judge_change),
        cmocka_unit_test(test_benchmark),
        cmocka_unit_test(test_judge_benchmark),
        cmocka_unit_test(test_target_change),
        cmocka_unit_test(test_target_value),
        cmocka_unit_test(test_trend_proportions),
        cmocka_unit_test(test_trend_values),
        cmocka_unit_test(test_trend_not_assessed),
        cmocka_unit_test(test_rag_rules),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_series_periods),
        cmocka_unit_test(test_assess_end_to_end),
        cmocka_unit_test(test_assess_provisional),
        cmocka_unit_test(test_assess_areas),
        cmocka_unit_test(test_assess_partial),
        cmocka_unit_test(test_assess_nomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
