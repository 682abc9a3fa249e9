/* assess.c - series, change, significance of change, benchmarks, targets,
 * trend and RAG (spec §7).  The rules are written down in yjpi/assess.h. */
#include <math.h>
#include <strings.h>

#include "internal.h"

/* ---- Growable structs ----------------------------------------------------- */

/* Copies the fields of a full internal struct `src` (sizeof full) into the
 * caller's `dst`, whose size member says how much it can take; dst->size is
 * left as the caller set it. */
static int copy_out(void *dst, const void *src, size_t full)
{
    size_t want;
    memcpy(&want, dst, sizeof want);
    if (want < sizeof(size_t))
        return YJPI_E_ARGUMENT;
    size_t n = want < full ? want : full;
    memcpy((char *)dst + sizeof(size_t), (const char *)src + sizeof(size_t),
           n - sizeof(size_t));
    return YJPI_OK;
}

/* Reads a caller's growable struct into a zeroed full-size one. */
static int copy_in(void *dst, const void *src, size_t full)
{
    size_t have;
    memcpy(&have, src, sizeof have);
    if (have < sizeof(size_t))
        return YJPI_E_ARGUMENT;
    memset(dst, 0, full);
    size_t n = have < full ? have : full;
    memcpy(dst, src, n);
    memcpy(dst, &full, sizeof full);
    return YJPI_OK;
}

static bool valid_level(double a)
{
    return a > 0.0 && a < 1.0;
}

static bool same_dates(const yjpi_period *a, const yjpi_period *b)
{
    return a->start == b->start && a->end == b->end;
}

/* ---- Names ---------------------------------------------------------------- */

#define NAME_OF(table, i) \
    ((i) >= 0 && (size_t)(i) < sizeof(table) / sizeof(table[0]) ? table[i] : NULL)

const char *yjpi_direction_name(int direction)
{
    static const char *const names[] = {
        "not assessed", "improved", "worsened", "unchanged",
        "higher", "lower", "improving", "worsening",
    };
    return NAME_OF(names, direction);
}

const char *yjpi_benchmark_verdict_name(int verdict)
{
    static const char *const names[] = {
        "not assessed", "better", "similar", "worse", "higher", "lower",
    };
    return NAME_OF(names, verdict);
}

const char *yjpi_target_verdict_name(int verdict)
{
    static const char *const names[] = {
        "no target", "met", "not met", "not assessable",
    };
    return NAME_OF(names, verdict);
}

const char *yjpi_rag_name(int rag)
{
    static const char *const names[] = {"none", "red", "amber", "green"};
    return NAME_OF(names, rag);
}

const char *yjpi_rag_basis_name(int basis)
{
    static const char *const names[] = {"none", "target", "benchmark"};
    return NAME_OF(names, basis);
}

const char *yjpi_trend_verdict_name(int verdict)
{
    static const char *const names[] = {
        "not assessed", "increasing", "decreasing", "no significant change",
        "no significant change (outlier)",
    };
    return NAME_OF(names, verdict);
}

const char *yjpi_change_test_name(int test)
{
    static const char *const names[] = {
        "none", "two proportions", "two rates", "two counts",
    };
    return NAME_OF(names, test);
}

const char *yjpi_assess_status_text(int status)
{
    static const char *const texts[] = {
        "ok",
        "the value is not computable",
        "the earlier value is not computable",
        "the earlier value is zero, so there is no percent change",
        "the earlier period cannot be formed from this period",
        "no significance test for a change in a mean",
        "the significance test could not be computed",
        "no benchmark value for this period",
        "no target applies",
        "the percent change on the previous period is not available",
        "too few periods for a trend",
        "the trend periods are not consecutive",
        "a trend point is not computable",
        "the trend test could not be computed",
        "the indicator has no polarity",
        "no assessable target and no benchmark to judge against",
        "no value for that period in the results",
        "the value has no confidence interval",
        "a trend point is provisional",
        "partial period: the data end before the period does",
    };
    const char *t = NAME_OF(texts, status);
    return t ? t : "unknown status";
}

/* ---- Series ------------------------------------------------------------- */

int yjpi_series_periods(const yjpi_period *last, size_t n, int step_months,
                        yjpi_period *out)
{
    if (!last || !out || n == 0 || step_months < 0 || n > (size_t)INT32_MAX)
        return YJPI_E_ARGUMENT;
    for (size_t i = 0; i < n; i++) {
        int steps = -(int)(n - 1 - i);
        int rc = yjpi_period_shift(last, steps, step_months, &out[i]);
        if (rc != YJPI_OK)
            return YJPI_E_ARGUMENT;
    }
    return YJPI_OK;
}

int yjpi_compute_series(const yjpi_dataset *ds, const yjpi_reference *ref,
                        const yjpi_request *base, const yjpi_period *last,
                        size_t n, int step_months, yjpi_results **out,
                        yjpi_error *err)
{
    if (out)
        *out = NULL;
    if (!ds || !last || !out || n == 0 || step_months < 0)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "yjpi_compute_series: invalid argument");
    yjpi_request req;
    YJPI_INIT(req);
    if (base) {
        int rc = copy_in(&req, base, sizeof req);
        if (rc != YJPI_OK)
            return yjpi__error_set(err, rc, NULL, 0, 0,
                                   "yjpi_compute_series: base->size not set");
    }
    yjpi_period *periods = yjpi__calloc(n, sizeof *periods);
    if (!periods)
        return yjpi__error_set(err, YJPI_E_NOMEM, NULL, 0, 0, "out of memory");
    int rc = yjpi_series_periods(last, n, step_months, periods);
    if (rc != YJPI_OK) {
        yjpi__free(periods);
        return yjpi__error_set(err, rc, NULL, 0, 0,
                               "yjpi_compute_series: the period cannot be "
                               "shifted by %d months", step_months);
    }
    req.periods = periods;
    req.n_periods = n;
    rc = yjpi_compute(ds, ref, &req, out, err);
    yjpi__free(periods);
    return rc;
}

/* ---- Verdicts with an explicit polarity ------------------------------------ */

static bool valid_polarity(int polarity)
{
    return polarity >= YJPI_POLARITY_NONE &&
           polarity <= YJPI_POLARITY_HIGHER_IS_BETTER;
}

static int direction_of(double diff, int polarity)
{
    if (diff == 0.0)
        return YJPI_DIRECTION_UNCHANGED;
    switch (polarity) {
    case YJPI_POLARITY_LOWER_IS_BETTER:
        return diff < 0.0 ? YJPI_DIRECTION_IMPROVED : YJPI_DIRECTION_WORSENED;
    case YJPI_POLARITY_HIGHER_IS_BETTER:
        return diff > 0.0 ? YJPI_DIRECTION_IMPROVED : YJPI_DIRECTION_WORSENED;
    default:
        return diff > 0.0 ? YJPI_DIRECTION_HIGHER : YJPI_DIRECTION_LOWER;
    }
}

int yjpi_judge_change(double from, double to, int polarity)
{
    if (!isfinite(from) || !isfinite(to) || !isfinite(to - from) ||
        !valid_polarity(polarity))
        return YJPI_DIRECTION_NOT_ASSESSED;
    return direction_of(to - from, polarity);
}

/* Verdict of a benchmark against [lower, upper]: the Fingertips rule. */
static int verdict_of(double lower, double upper, double benchmark,
                      int polarity)
{
    /* which side of the benchmark the area lies: +1 higher, -1 lower */
    int side = benchmark < lower ? 1 : benchmark > upper ? -1 : 0;
    if (side == 0)
        return YJPI_BENCHMARK_SIMILAR;
    switch (polarity) {
    case YJPI_POLARITY_LOWER_IS_BETTER:
        return side > 0 ? YJPI_BENCHMARK_WORSE : YJPI_BENCHMARK_BETTER;
    case YJPI_POLARITY_HIGHER_IS_BETTER:
        return side > 0 ? YJPI_BENCHMARK_BETTER : YJPI_BENCHMARK_WORSE;
    default:
        return side > 0 ? YJPI_BENCHMARK_HIGHER : YJPI_BENCHMARK_LOWER;
    }
}

int yjpi_judge_benchmark(double lower, double upper, double benchmark,
                         int polarity)
{
    if (!isfinite(lower) || !isfinite(upper) || !isfinite(benchmark) ||
        lower > upper || !valid_polarity(polarity))
        return YJPI_BENCHMARK_NOT_ASSESSED;
    return verdict_of(lower, upper, benchmark, polarity);
}

int yjpi_judge_trend(int verdict, int polarity)
{
    bool up = verdict == YJPI_TREND_INCREASING;
    bool down = verdict == YJPI_TREND_DECREASING;
    if ((up && polarity == YJPI_POLARITY_LOWER_IS_BETTER) ||
        (down && polarity == YJPI_POLARITY_HIGHER_IS_BETTER))
        return YJPI_DIRECTION_WORSENING;
    if ((down && polarity == YJPI_POLARITY_LOWER_IS_BETTER) ||
        (up && polarity == YJPI_POLARITY_HIGHER_IS_BETTER))
        return YJPI_DIRECTION_IMPROVING;
    return YJPI_DIRECTION_NOT_ASSESSED;
}

/* ---- Change --------------------------------------------------------------- */

/* A count held in a double (a denominator): true when it is a whole number
 * that fits a uint64_t. */
static bool as_count(double d, uint64_t *out)
{
    if (!(d >= 0.0) || d >= 18446744073709551616.0 || floor(d) != d)
        return false;
    *out = (uint64_t)d;
    return true;
}

/* Exposure of a rate: the population, else the denominator. */
static double exposure_of(const yjpi_value *v)
{
    return v->population > 0.0 ? v->population : v->denominator;
}

/* Runs the significance test of a change between two computable values.
 * Returns YJPI_OK or YJPI_E_NOMEM; other failures become test_status. */
static int change_test(const yjpi_value *a, const yjpi_value *b, int measure,
                       yjpi_change *c)
{
    yjpi_test_result tr;
    YJPI_INIT(tr);
    int rc;
    double conf = valid_level(b->confidence) ? b->confidence : 0.95;
    switch (measure) {
    case YJPI_MEASURE_PROPORTION: {
        uint64_t na, nb;
        c->test = YJPI_CHANGE_TEST_PROPORTIONS;
        if (!as_count(a->denominator, &na) || !as_count(b->denominator, &nb)) {
            c->test_status = YJPI_ASSESS_TEST_FAILED;
            return YJPI_OK;
        }
        rc = yjpi_test_proportions(b->numerator, nb, a->numerator, na, &tr);
        break;
    }
    case YJPI_MEASURE_RATE:
        c->test = YJPI_CHANGE_TEST_RATES;
        rc = yjpi_test_rates(b->numerator, exposure_of(b), a->numerator,
                             exposure_of(a), conf, &tr);
        break;
    case YJPI_MEASURE_COUNT:
        /* Same-length periods without a population: equal exposures. */
        c->test = YJPI_CHANGE_TEST_COUNTS;
        rc = yjpi_test_rates(b->numerator, 1.0, a->numerator, 1.0, conf, &tr);
        break;
    default:
        c->test = YJPI_CHANGE_TEST_NONE;
        c->test_status = YJPI_ASSESS_NO_TEST;
        return YJPI_OK;
    }
    if (rc == YJPI_E_NOMEM)
        return rc;
    if (rc != YJPI_OK || !isfinite(tr.p_value) || !isfinite(tr.statistic)) {
        c->test_status = YJPI_ASSESS_TEST_FAILED;
        return YJPI_OK;
    }
    c->test_status = YJPI_ASSESS_OK;
    c->p_value = tr.p_value;
    c->statistic = tr.statistic;
    c->exact = tr.exact;
    /* an earlier count of 0 makes the rate ratio unbounded: reported as 0 */
    c->ratio = isfinite(tr.ratio) ? tr.ratio : 0.0;
    c->significant = tr.p_value < c->level;
    return YJPI_OK;
}

/* A change none of whose parts can be computed, for one reason. */
static void change_unavailable(yjpi_change *c, int status)
{
    c->status = status;
    c->percent_status = status;
    c->test_status = status;
    c->direction = YJPI_DIRECTION_NOT_ASSESSED;
}

/* Fills *c (zeroed, size set) from two full-size values of one indicator. */
static int change_fill(const yjpi_value *a, const yjpi_value *b, double level,
                       yjpi_change *c)
{
    int measure = yjpi_indicator_measure(b->indicator);
    c->from_period = a->period;
    c->to_period = b->period;
    c->level = level;
    c->points = measure == YJPI_MEASURE_PROPORTION;
    /* a value that is not a finite number is not computable, whatever its
     * status says: no change is built on it */
    if (b->status != YJPI_VALUE_OK || !isfinite(b->value)) {
        change_unavailable(c, YJPI_ASSESS_VALUE_NOT_COMPUTABLE);
        return YJPI_OK;
    }
    c->to = b->value;
    if (a->status != YJPI_VALUE_OK || !isfinite(a->value) ||
        !isfinite(b->value - a->value)) {
        change_unavailable(c, YJPI_ASSESS_BASE_NOT_COMPUTABLE);
        return YJPI_OK;
    }
    c->from = a->value;
    c->absolute = b->value - a->value;
    c->direction = direction_of(c->absolute,
                                yjpi_indicator_polarity(b->indicator));
    if (a->value == 0.0) {
        c->percent_status = YJPI_ASSESS_BASE_ZERO;
    } else {
        c->percent = 100.0 * c->absolute / a->value;
        if (!isfinite(c->percent)) {
            c->percent = 0.0;
            c->percent_status = YJPI_ASSESS_BASE_ZERO;
        }
    }
    return change_test(a, b, measure, c);
}

int yjpi_change_between(const yjpi_value *from, const yjpi_value *to,
                        double level, yjpi_change *out)
{
    if (!from || !to || !out || !valid_level(level))
        return YJPI_E_ARGUMENT;
    yjpi_value a, b;
    if (copy_in(&a, from, sizeof a) != YJPI_OK ||
        copy_in(&b, to, sizeof b) != YJPI_OK)
        return YJPI_E_ARGUMENT;
    if (a.indicator != b.indicator || yjpi_indicator_measure(b.indicator) == 0)
        return YJPI_E_ARGUMENT;
    size_t want;
    memcpy(&want, out, sizeof want);
    if (want < sizeof(size_t))
        return YJPI_E_ARGUMENT;
    yjpi_change c;
    memset(&c, 0, sizeof c);
    c.size = sizeof c;
    int rc = change_fill(&a, &b, level, &c);
    if (rc != YJPI_OK)
        return rc;
    return copy_out(out, &c, sizeof c);
}

/* ---- Benchmarks ------------------------------------------------------------ */

static void benchmark_fill(const yjpi_value *v, double benchmark,
                           yjpi_benchmark_result *r)
{
    r->benchmark = benchmark;
    if (v->status != YJPI_VALUE_OK || !isfinite(v->value)) {
        r->status = YJPI_ASSESS_VALUE_NOT_COMPUTABLE;
        r->verdict = YJPI_BENCHMARK_NOT_ASSESSED;
        return;
    }
    r->value = v->value;
    if (v->interval_status != YJPI_VALUE_OK || !isfinite(v->lower) ||
        !isfinite(v->upper)) {
        r->lower = r->upper = v->value;
        r->status = YJPI_ASSESS_NO_INTERVAL;
        r->verdict = YJPI_BENCHMARK_NOT_ASSESSED;
        return;
    }
    r->lower = v->lower;
    r->upper = v->upper;
    if (v->partial) {
        /* a benchmark is a whole period's value */
        r->status = YJPI_ASSESS_PARTIAL_PERIOD;
        r->verdict = YJPI_BENCHMARK_NOT_ASSESSED;
        return;
    }
    if (v->interval_status != YJPI_VALUE_OK) {
        r->status = YJPI_ASSESS_NO_INTERVAL;
        r->verdict = YJPI_BENCHMARK_NOT_ASSESSED;
        return;
    }
    r->status = YJPI_ASSESS_OK;
    r->verdict = verdict_of(v->lower, v->upper, benchmark,
                            yjpi_indicator_polarity(v->indicator));
}

int yjpi_benchmark_compare(const yjpi_value *v, double benchmark,
                           yjpi_benchmark_result *out)
{
    if (!v || !out || !isfinite(benchmark))
        return YJPI_E_ARGUMENT;
    yjpi_value a;
    if (copy_in(&a, v, sizeof a) != YJPI_OK ||
        yjpi_indicator_measure(a.indicator) == 0)
        return YJPI_E_ARGUMENT;
    yjpi_benchmark_result r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    benchmark_fill(&a, benchmark, &r);
    return copy_out(out, &r, sizeof r);
}

/* ---- Targets ------------------------------------------------------------- */

static void target_fill(const yjpi_target *t, const yjpi_value *v,
                        const yjpi_change *previous, yjpi_target_result *r)
{
    r->kind = t->kind;
    r->bound = t->bound;
    r->area = t->area;
    double actual;
    if (v->partial) {
        /* a target is on the whole period */
        r->status = YJPI_ASSESS_PARTIAL_PERIOD;
        r->verdict = YJPI_TARGET_NOT_ASSESSABLE;
        return;
    }
    if (t->kind == YJPI_TARGET_MAX || t->kind == YJPI_TARGET_MIN) {
        if (v->status != YJPI_VALUE_OK || !isfinite(v->value)) {
            r->status = YJPI_ASSESS_VALUE_NOT_COMPUTABLE;
            r->verdict = YJPI_TARGET_NOT_ASSESSABLE;
            return;
        }
        actual = v->value;
    } else {
        if (!previous) {
            r->status = YJPI_ASSESS_CHANGE_NOT_AVAILABLE;
            r->verdict = YJPI_TARGET_NOT_ASSESSABLE;
            return;
        }
        if (previous->percent_status != YJPI_ASSESS_OK) {
            /* the precise reason: base zero, base not computable, ... */
            r->status = previous->percent_status;
            r->verdict = YJPI_TARGET_NOT_ASSESSABLE;
            return;
        }
        actual = previous->percent;
    }
    r->actual = actual;
    r->status = YJPI_ASSESS_OK;
    bool met = (t->kind == YJPI_TARGET_MAX || t->kind == YJPI_TARGET_CHANGE_MAX)
                   ? actual <= t->bound
                   : actual >= t->bound;
    r->verdict = met ? YJPI_TARGET_MET : YJPI_TARGET_NOT_MET;
}

int yjpi_target_check(const yjpi_target *t, const yjpi_value *v,
                      const yjpi_change *previous, yjpi_target_result *out)
{
    if (!t || !v || !out)
        return YJPI_E_ARGUMENT;
    yjpi_target tt;
    yjpi_value vv;
    yjpi_change cc;
    if (copy_in(&tt, t, sizeof tt) != YJPI_OK ||
        copy_in(&vv, v, sizeof vv) != YJPI_OK ||
        (previous && copy_in(&cc, previous, sizeof cc) != YJPI_OK))
        return YJPI_E_ARGUMENT;
    if (tt.kind < YJPI_TARGET_MAX || tt.kind > YJPI_TARGET_CHANGE_MIN ||
        !isfinite(tt.bound))
        return YJPI_E_ARGUMENT;
    yjpi_target_result r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    target_fill(&tt, &vv, previous ? &cc : NULL, &r);
    return copy_out(out, &r, sizeof r);
}

/* Overall verdict of the targets that apply (rule in the header). */
static int target_overall(const yjpi_target_result *r, size_t n)
{
    int overall = YJPI_TARGET_NONE;
    for (size_t i = 0; i < n; i++) {
        if (r[i].verdict == YJPI_TARGET_NOT_MET)
            return YJPI_TARGET_NOT_MET;
        if (r[i].verdict == YJPI_TARGET_NOT_ASSESSABLE)
            overall = YJPI_TARGET_NOT_ASSESSABLE;
        else if (r[i].verdict == YJPI_TARGET_MET &&
                 overall == YJPI_TARGET_NONE)
            overall = YJPI_TARGET_MET;
    }
    return overall;
}

/* ---- Trend ---------------------------------------------------------------- */

/* Fills *r (zeroed, size set) from full-size values.  Returns YJPI_OK,
 * YJPI_E_NOMEM or YJPI_E_ARGUMENT (mixed indicators). */
static int trend_fill(const yjpi_value *const *pts, size_t n, size_t k,
                      double level, yjpi_trend_assessment *r)
{
    r->level = level;
    r->verdict = YJPI_TREND_NOT_ASSESSED;
    if (n < k) {
        r->status = YJPI_ASSESS_TOO_FEW_POINTS;
        r->points = n;
        return YJPI_OK;
    }
    const yjpi_value *const *p = pts + (n - k);
    int indicator = p[k - 1]->indicator;
    r->points = k;
    r->first = p[0]->period;
    r->last = p[k - 1]->period;
    for (size_t i = 0; i < k; i++)
        if (p[i]->indicator != indicator)
            return YJPI_E_ARGUMENT;
    for (size_t i = 0; i + 1 < k; i++) {
        if (p[i]->period.end != p[i + 1]->period.start) {
            r->status = YJPI_ASSESS_NOT_CONSECUTIVE;
            return YJPI_OK;
        }
    }
    /* A partial point covers only part of its period: no trend with it. */
    for (size_t i = 0; i < k; i++) {
        if (p[i]->partial) {
            r->status = YJPI_ASSESS_PARTIAL_PERIOD;
            return YJPI_OK;
        }
    }
    bool proportions =
        yjpi_indicator_measure(indicator) == YJPI_MEASURE_PROPORTION;
    for (size_t i = 0; i < k; i++) {
        if (p[i]->status != YJPI_VALUE_OK) {
            r->status = YJPI_ASSESS_POINT_NOT_COMPUTABLE;
            return YJPI_OK;
        }
        if (!proportions && p[i]->interval_status != YJPI_VALUE_OK) {
            r->status = YJPI_ASSESS_NO_INTERVAL;
            return YJPI_OK;
        }
    }
    /* A provisional point (reoffending whose follow-up is not over by
     * as_of) is lower than it will be once final: a trend ending in such
     * points would show improvement that is only missing follow-up. */
    for (size_t i = 0; i < k; i++) {
        if (p[i]->provisional) {
            r->status = YJPI_ASSESS_PROVISIONAL_POINT;
            return YJPI_OK;
        }
    }
    double *buf = yjpi__calloc(3 * k, sizeof *buf);
    if (!buf)
        return YJPI_E_NOMEM;
    yjpi_trend_result tr;
    YJPI_INIT(tr);
    int rc;
    if (proportions) {
        r->method = YJPI_TREND_METHOD_PROPORTIONS;
        for (size_t i = 0; i < k; i++) {
            buf[i] = (double)p[i]->numerator;
            buf[k + i] = p[i]->denominator;
        }
        rc = yjpi_trend_proportions(buf, buf + k, k, level, &tr);
    } else {
        r->method = YJPI_TREND_METHOD_VALUES;
        for (size_t i = 0; i < k; i++) {
            buf[i] = p[i]->value;
            buf[k + i] = p[i]->lower;
            buf[2 * k + i] = p[i]->upper;
        }
        double conf = p[k - 1]->confidence;
        if (!valid_level(conf))
            conf = 0.95;
        rc = yjpi_trend_values(buf, buf + k, buf + 2 * k, k, conf, level, &tr);
    }
    yjpi__free(buf);
    if (rc == YJPI_E_NOMEM)
        return rc;
    if (rc != YJPI_OK || !isfinite(tr.chi2) || !isfinite(tr.slope) ||
        !isfinite(tr.p_value)) {
        r->status = YJPI_ASSESS_TREND_FAILED;
        return YJPI_OK;
    }
    r->status = YJPI_ASSESS_OK;
    r->verdict = tr.verdict;
    r->chi2 = tr.chi2;
    r->slope = tr.slope;
    r->slope_kind = tr.slope_kind;
    r->p_value = tr.p_value;
    r->direction = yjpi_judge_trend(tr.verdict,
                                        yjpi_indicator_polarity(indicator));
    return YJPI_OK;
}

int yjpi_trend_assess(const yjpi_value *points, size_t n, size_t min_points,
                      double level, yjpi_trend_assessment *out)
{
    if (!out || (n > 0 && !points) || min_points < 3 || !valid_level(level))
        return YJPI_E_ARGUMENT;
    size_t want;
    memcpy(&want, out, sizeof want);
    if (want < sizeof(size_t))
        return YJPI_E_ARGUMENT;
    /* Only the last min_points are read: copy those to full-size values. */
    size_t k = n < min_points ? n : min_points;
    yjpi_value *full = NULL;
    const yjpi_value **ptr = NULL;
    if (k > 0) {
        full = yjpi__calloc(k, sizeof *full);
        ptr = yjpi__calloc(k, sizeof *ptr);
        if (!full || !ptr) {
            yjpi__free(full);
            yjpi__free(ptr);
            return YJPI_E_NOMEM;
        }
    }
    int rc = YJPI_OK;
    /* points may be an array of caller structs of any size >= the one the
     * caller compiled with: they are laid out with the caller's sizeof,
     * which is the size member of the first element. */
    size_t stride = 0;
    if (n > 0)
        memcpy(&stride, points, sizeof stride);
    if (n > 0 && stride < sizeof(size_t))
        rc = YJPI_E_ARGUMENT;
    for (size_t i = 0; rc == YJPI_OK && i < k; i++) {
        const char *src = (const char *)points + (n - k + i) * stride;
        rc = copy_in(&full[i], src, sizeof full[i]);
        ptr[i] = &full[i];
    }
    yjpi_trend_assessment r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    if (rc == YJPI_OK) /* n < min_points: trend_fill reports too few */
        rc = trend_fill(ptr, k, n < min_points ? min_points : k, level, &r);
    yjpi__free(full);
    yjpi__free(ptr);
    if (rc != YJPI_OK)
        return rc;
    return copy_out(out, &r, sizeof r);
}

/* ---- RAG ------------------------------------------------------------------ */

static void rag_fill(int polarity, int value_status, int target_verdict,
                     int benchmark_verdict, yjpi_rag_result *r)
{
    r->target_verdict = target_verdict;
    r->benchmark_verdict = benchmark_verdict;
    r->rag = YJPI_RAG_NONE;
    r->basis = YJPI_RAG_BASIS_NONE;
    r->status = YJPI_ASSESS_OK;
    if (value_status != YJPI_VALUE_OK) {                       /* rule 1 */
        r->status = YJPI_ASSESS_VALUE_NOT_COMPUTABLE;
        return;
    }
    if (target_verdict == YJPI_TARGET_NOT_MET) {               /* rule 2 */
        r->rag = YJPI_RAG_RED;
        r->basis = YJPI_RAG_BASIS_TARGET;
        return;
    }
    if (target_verdict == YJPI_TARGET_MET) {                   /* rule 3 */
        r->rag = benchmark_verdict == YJPI_BENCHMARK_WORSE ? YJPI_RAG_AMBER
                                                           : YJPI_RAG_GREEN;
        r->basis = YJPI_RAG_BASIS_TARGET;
        return;
    }
    if (polarity == YJPI_POLARITY_NONE) {                      /* rule 4 */
        r->status = YJPI_ASSESS_NO_POLARITY;
        return;
    }
    switch (benchmark_verdict) {                               /* rule 5 */
    case YJPI_BENCHMARK_WORSE:
        r->rag = YJPI_RAG_RED;
        break;
    case YJPI_BENCHMARK_SIMILAR:
        r->rag = YJPI_RAG_AMBER;
        break;
    case YJPI_BENCHMARK_BETTER:
        r->rag = YJPI_RAG_GREEN;
        break;
    default:                                                   /* rule 6 */
        r->status = YJPI_ASSESS_NO_RAG_BASIS;
        return;
    }
    r->basis = YJPI_RAG_BASIS_BENCHMARK;
}

int yjpi_rag_rule(int polarity, int value_status, int target_verdict,
                  int benchmark_verdict, yjpi_rag_result *out)
{
    if (!out || !valid_polarity(polarity) ||
        target_verdict < YJPI_TARGET_NONE ||
        target_verdict > YJPI_TARGET_NOT_ASSESSABLE ||
        benchmark_verdict < YJPI_BENCHMARK_NOT_ASSESSED ||
        benchmark_verdict > YJPI_BENCHMARK_LOWER)
        return YJPI_E_ARGUMENT;
    yjpi_rag_result r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    rag_fill(polarity, value_status, target_verdict, benchmark_verdict, &r);
    return copy_out(out, &r, sizeof r);
}

/* ---- Assessments ---------------------------------------------------------- */

struct yjpi_assessment {
    yjpi_assessments *owner;   /* set when made by yjpi_assess(): free it */
    int indicator;
    const char *area;          /* in the collection's strings */
    yjpi_period period;
    yjpi_value val[3];         /* by yjpi_assess_which */
    int32_t val_status[3];     /* OK, PERIOD_NOT_SHIFTABLE, NOT_IN_RESULTS */
    yjpi_change change[2];     /* 0: previous, 1: year earlier */
    yjpi_benchmark_result *bench;
    size_t n_bench;
    yjpi_target_result *targets;
    size_t n_targets;
    int target_verdict;
    yjpi_trend_assessment trend;
    yjpi_value *points;        /* trend points that could be formed */
    size_t n_points;
    yjpi_rag_result rag;
};

struct yjpi_assessments {
    yjpi_results *res;         /* value strings (area, group) live here */
    yjpi_assessment *items;
    size_t n;
    char **strings;            /* copies of areas, benchmark names, target areas */
    size_t n_strings;
};

void yjpi_assessments_free(yjpi_assessments *as)
{
    if (!as)
        return;
    for (size_t i = 0; i < as->n; i++) {
        yjpi__free(as->items[i].bench);
        yjpi__free(as->items[i].targets);
        yjpi__free(as->items[i].points);
    }
    yjpi__free(as->items);
    for (size_t i = 0; i < as->n_strings; i++)
        yjpi__free(as->strings[i]);
    yjpi__free(as->strings);
    yjpi_results_free(as->res);
    yjpi__free(as);
}

void yjpi_assessment_free(yjpi_assessment *a)
{
    if (a && a->owner)
        yjpi_assessments_free(a->owner);
}

/* Copies s into the collection's strings (array sized in advance). */
static const char *keep_string(yjpi_assessments *as, const char *s)
{
    char *copy = yjpi__strdup(s ? s : "*");
    if (!copy)
        return NULL;
    as->strings[as->n_strings++] = copy;
    return copy;
}

/* What yjpi_assess_areas works out once for every area. */
typedef struct plan {
    int indicator;
    int polarity;
    double level, trend_level;
    size_t k;                        /* trend points */
    yjpi_period period[3];           /* by yjpi_assess_which */
    int32_t period_status[3];
    yjpi_period *trend;              /* k periods, oldest first */
    int32_t *trend_ok;               /* 1 when formed */
    /* benchmark series of the indicator */
    size_t n_bench;
    const char **bench_name;         /* collection copies */
    double *bench_value;
    int32_t *bench_status;           /* OK or BENCHMARK_MISSING */
    size_t rag_bench;                /* index, or SIZE_MAX */
    /* targets for (indicator, period) */
    size_t n_targets;
    yjpi_target *targets;            /* area points to a collection copy */
} plan;

static void plan_free(plan *p)
{
    yjpi__free(p->trend);
    yjpi__free(p->trend_ok);
    yjpi__free(p->bench_name);
    yjpi__free(p->bench_value);
    yjpi__free(p->bench_status);
    yjpi__free(p->targets);
}

static bool is_rag_name(const char *name, const char *wanted)
{
    if (!name)
        return false;
    if (wanted)
        return strcasecmp(name, wanted) == 0;
    return strcasecmp(name, "England and Wales") == 0 ||
           strcasecmp(name, "England & Wales") == 0;
}

static bool target_applies(const yjpi_target *t, const char *area)
{
    return !t->area || strcmp(t->area, "*") == 0 || strcmp(t->area, area) == 0;
}

/* Assesses one area from the results. */
static int assess_one(const plan *pl, yjpi_assessments *as, yjpi_assessment *a,
                      const char *area)
{
    a->indicator = pl->indicator;
    a->period = pl->period[YJPI_AT_CURRENT];
    a->area = keep_string(as, area);
    if (!a->area)
        return YJPI_E_NOMEM;

    for (int w = 0; w < 3; w++) {
        yjpi_value *v = &a->val[w];
        YJPI_INIT(*v);
        v->indicator = pl->indicator;
        v->period = pl->period[w];
        a->val_status[w] = pl->period_status[w];
        if (a->val_status[w] != YJPI_ASSESS_OK)
            continue;
        if (yjpi_results_find(as->res, pl->indicator, area, &pl->period[w],
                              NULL, v) != YJPI_OK) {
            YJPI_INIT(*v);
            v->indicator = pl->indicator;
            v->period = pl->period[w];
            a->val_status[w] = YJPI_ASSESS_NOT_IN_RESULTS;
        }
    }
    const yjpi_value *cur = &a->val[YJPI_AT_CURRENT];
    bool have_cur = a->val_status[YJPI_AT_CURRENT] == YJPI_ASSESS_OK;

    /* changes */
    for (int w = 1; w < 3; w++) {
        yjpi_change *c = &a->change[w - 1];
        memset(c, 0, sizeof *c);
        c->size = sizeof *c;
        c->level = pl->level;
        c->from_period = pl->period[w];
        c->to_period = pl->period[YJPI_AT_CURRENT];
        c->points = yjpi_indicator_measure(pl->indicator) ==
                    YJPI_MEASURE_PROPORTION;
        if (!have_cur) {
            change_unavailable(c, a->val_status[YJPI_AT_CURRENT]);
        } else if (a->val_status[w] != YJPI_ASSESS_OK) {
            change_unavailable(c, a->val_status[w]);
            if (cur->status == YJPI_VALUE_OK)
                c->to = cur->value;
        } else {
            int rc = change_fill(&a->val[w], cur, pl->level, c);
            if (rc != YJPI_OK)
                return rc;
        }
    }

    /* benchmarks */
    if (pl->n_bench) {
        a->bench = yjpi__calloc(pl->n_bench, sizeof *a->bench);
        if (!a->bench)
            return YJPI_E_NOMEM;
        a->n_bench = pl->n_bench;
    }
    for (size_t i = 0; i < pl->n_bench; i++) {
        yjpi_benchmark_result *r = &a->bench[i];
        r->size = sizeof *r;
        r->name = pl->bench_name[i];
        if (pl->bench_status[i] != YJPI_ASSESS_OK) {
            r->status = pl->bench_status[i];
            r->verdict = YJPI_BENCHMARK_NOT_ASSESSED;
        } else if (!have_cur) {
            r->benchmark = pl->bench_value[i];
            r->status = a->val_status[YJPI_AT_CURRENT];
            r->verdict = YJPI_BENCHMARK_NOT_ASSESSED;
        } else {
            benchmark_fill(cur, pl->bench_value[i], r);
        }
    }

    /* targets */
    size_t nt = 0;
    for (size_t i = 0; i < pl->n_targets; i++)
        nt += target_applies(&pl->targets[i], area);
    if (nt) {
        a->targets = yjpi__calloc(nt, sizeof *a->targets);
        if (!a->targets)
            return YJPI_E_NOMEM;
    }
    for (size_t i = 0; i < pl->n_targets; i++) {
        const yjpi_target *t = &pl->targets[i];
        if (!target_applies(t, area))
            continue;
        yjpi_target_result *r = &a->targets[a->n_targets++];
        r->size = sizeof *r;
        if (!have_cur) {
            r->kind = t->kind;
            r->bound = t->bound;
            r->area = t->area;
            r->status = a->val_status[YJPI_AT_CURRENT];
            r->verdict = YJPI_TARGET_NOT_ASSESSABLE;
        } else {
            target_fill(t, cur, &a->change[0], r);
        }
    }
    a->target_verdict = target_overall(a->targets, a->n_targets);

    /* trend */
    a->points = yjpi__calloc(pl->k, sizeof *a->points);
    const yjpi_value **ptr = yjpi__calloc(pl->k, sizeof *ptr);
    if (!a->points || !ptr) {
        yjpi__free(ptr);
        return YJPI_E_NOMEM;
    }
    bool formed = true, found = true;
    for (size_t i = 0; i < pl->k; i++) {
        if (!pl->trend_ok[i]) {
            formed = false;
            continue;
        }
        yjpi_value *v = &a->points[a->n_points];
        YJPI_INIT(*v);
        if (yjpi_results_find(as->res, pl->indicator, area, &pl->trend[i], NULL,
                              v) != YJPI_OK) {
            found = false;
            continue;
        }
        ptr[a->n_points++] = v;
    }
    memset(&a->trend, 0, sizeof a->trend);
    a->trend.size = sizeof a->trend;
    int rc = YJPI_OK;
    if (!formed) {
        a->trend.status = YJPI_ASSESS_TOO_FEW_POINTS;
        a->trend.points = a->n_points;
        a->trend.level = pl->trend_level;
    } else if (!found) {
        a->trend.status = YJPI_ASSESS_NOT_IN_RESULTS;
        a->trend.points = a->n_points;
        a->trend.level = pl->trend_level;
    } else {
        rc = trend_fill(ptr, a->n_points, pl->k, pl->trend_level, &a->trend);
    }
    yjpi__free(ptr);
    if (rc != YJPI_OK)
        return rc;

    /* RAG */
    int bverdict = YJPI_BENCHMARK_NOT_ASSESSED;
    if (pl->rag_bench != SIZE_MAX)
        bverdict = a->bench[pl->rag_bench].verdict;
    memset(&a->rag, 0, sizeof a->rag);
    a->rag.size = sizeof a->rag;
    rag_fill(pl->polarity,
             have_cur ? cur->status : YJPI_NC_NUMERIC, a->target_verdict,
             bverdict, &a->rag);
    if (!have_cur && a->rag.status == YJPI_ASSESS_VALUE_NOT_COMPUTABLE)
        a->rag.status = a->val_status[YJPI_AT_CURRENT];
    if (have_cur && cur->partial && a->rag.status == YJPI_ASSESS_NO_RAG_BASIS)
        a->rag.status = YJPI_ASSESS_PARTIAL_PERIOD;
    if (pl->rag_bench != SIZE_MAX)
        a->rag.benchmark = pl->bench_name[pl->rag_bench];
    return YJPI_OK;
}

/* Builds the plan's periods, benchmarks and targets. */
static int plan_build(plan *pl, const yjpi_reference *ref,
                      const yjpi_period *period, yjpi_date as_of)
{
    pl->period[YJPI_AT_CURRENT] = *period;
    pl->period_status[YJPI_AT_CURRENT] = YJPI_ASSESS_OK;
    /* A partial period (ending after as_of) is compared like for like:
     * with the same stretch start .. as_of of the earlier periods. */
    const bool partial = as_of != YJPI_NO_DATE && period->end - 1 > as_of;
    const yjpi_period stretch = {YJPI_PERIOD_RANGE, period->start,
                                 partial ? as_of + 1 : period->end};
    const int months = yjpi_period_months(period);
    pl->period_status[YJPI_AT_PREVIOUS] =
        (partial ? months > 0 && yjpi_period_shift(&stretch, -1, months,
                                                   &pl->period[YJPI_AT_PREVIOUS]) == YJPI_OK
                 : yjpi_period_shift(period, -1, 0, &pl->period[YJPI_AT_PREVIOUS]) == YJPI_OK)
            ? YJPI_ASSESS_OK : YJPI_ASSESS_PERIOD_NOT_SHIFTABLE;
    pl->period_status[YJPI_AT_YEAR_EARLIER] =
        yjpi_period_shift(partial ? &stretch : period, -1, 12,
                          &pl->period[YJPI_AT_YEAR_EARLIER]) == YJPI_OK
            ? YJPI_ASSESS_OK : YJPI_ASSESS_PERIOD_NOT_SHIFTABLE;
    for (int w = 1; w < 3; w++)
        if (pl->period_status[w] != YJPI_ASSESS_OK)
            pl->period[w] = (yjpi_period){0, 0, 0};

    pl->trend = yjpi__calloc(pl->k, sizeof *pl->trend);
    pl->trend_ok = yjpi__calloc(pl->k, sizeof *pl->trend_ok);
    if (!pl->trend || !pl->trend_ok)
        return YJPI_E_NOMEM;
    for (size_t i = 0; i < pl->k; i++)
        pl->trend_ok[i] = yjpi_period_shift(period, -(int)(pl->k - 1 - i), 0,
                                            &pl->trend[i]) == YJPI_OK;

    size_t nb = ref ? yjpi_reference_benchmark_count(ref) : 0;
    size_t nt = ref ? yjpi_reference_target_count(ref) : 0;
    pl->rag_bench = SIZE_MAX;
    pl->bench_name = yjpi__calloc(nb ? nb : 1, sizeof *pl->bench_name);
    pl->bench_value = yjpi__calloc(nb ? nb : 1, sizeof *pl->bench_value);
    pl->bench_status = yjpi__calloc(nb ? nb : 1, sizeof *pl->bench_status);
    pl->targets = yjpi__calloc(nt ? nt : 1, sizeof *pl->targets);
    if (!pl->bench_name || !pl->bench_value || !pl->bench_status || !pl->targets)
        return YJPI_E_NOMEM;
    return YJPI_OK;
}

/* Second half of the plan, once the collection's string array exists. */
static int plan_reference(plan *pl, yjpi_assessments *as,
                          const yjpi_reference *ref, const char *rag_benchmark)
{
    size_t nb = ref ? yjpi_reference_benchmark_count(ref) : 0;
    size_t nt = ref ? yjpi_reference_target_count(ref) : 0;
    for (size_t i = 0; i < nb; i++) {
        if (yjpi_reference_benchmark_indicator(ref, i) != pl->indicator)
            continue;
        size_t j = pl->n_bench;
        const char *name = yjpi_reference_benchmark_name(ref, i);
        pl->bench_name[j] = keep_string(as, name ? name : "");
        if (!pl->bench_name[j])
            return YJPI_E_NOMEM;
        double v = 0.0;
        int rc = yjpi_reference_benchmark_value(
            ref, i, &pl->period[YJPI_AT_CURRENT], &v);
        if (rc == YJPI_OK && isfinite(v)) {
            pl->bench_value[j] = v;
            pl->bench_status[j] = YJPI_ASSESS_OK;
        } else if (rc == YJPI_E_NOMEM) {
            return rc;
        } else {
            pl->bench_status[j] = YJPI_ASSESS_BENCHMARK_MISSING;
        }
        if (pl->rag_bench == SIZE_MAX && is_rag_name(name, rag_benchmark))
            pl->rag_bench = j;
        pl->n_bench++;
    }
    for (size_t i = 0; i < nt; i++) {
        yjpi_target t;
        YJPI_INIT(t);
        if (yjpi_reference_target(ref, i, &t) != YJPI_OK)
            continue;
        if (t.indicator != pl->indicator ||
            !same_dates(&t.period, &pl->period[YJPI_AT_CURRENT]) ||
            t.kind < YJPI_TARGET_MAX || t.kind > YJPI_TARGET_CHANGE_MIN)
            continue;
        t.area = keep_string(as, t.area);
        if (!t.area)
            return YJPI_E_NOMEM;
        pl->targets[pl->n_targets++] = t;
    }
    return YJPI_OK;
}

static int assess_impl(const yjpi_dataset *ds, const yjpi_reference *ref,
                       int indicator, const char *const *areas_in,
                       size_t n_areas, const yjpi_period *period,
                       const yjpi_assess_options *opts_in,
                       yjpi_assessments **out, yjpi_error *err)
{
    static const char fn[] = "yjpi_assess";
    if (out)
        *out = NULL;
    if (!ds || !period || !out || (areas_in && n_areas == 0))
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "%s: invalid argument (NULL or no areas)", fn);
    if (yjpi_indicator_measure(indicator) == 0)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "%s: unknown indicator %d", fn, indicator);
    if (areas_in)
        for (size_t i = 0; i < n_areas; i++)
            if (!areas_in[i])
                return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                                       "%s: area %zu is NULL", fn, i);
    yjpi_assess_options opts;
    YJPI_INIT(opts);
    if (opts_in && copy_in(&opts, opts_in, sizeof opts) != YJPI_OK)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "%s: options size not set", fn);
    yjpi_options ro;
    YJPI_INIT(ro);
    yjpi__reference_options(ref, &ro);

    plan pl;
    memset(&pl, 0, sizeof pl);
    pl.indicator = indicator;
    pl.polarity = yjpi_indicator_polarity(indicator);
    pl.level = opts.significance != 0.0 ? opts.significance : ro.significance;
    pl.trend_level = opts.trend_significance != 0.0 ? opts.trend_significance
                                                    : ro.trend_significance;
    int32_t k = opts.trend_points != 0 ? opts.trend_points : ro.trend_min_points;
    if (!valid_level(pl.level) || !valid_level(pl.trend_level) || k < 3 ||
        k > 1000 || (opts.confidence != 0.0 && !valid_level(opts.confidence)))
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "%s: significance, trend significance, "
                               "confidence must lie in (0, 1) and trend "
                               "points in 3..1000", fn);
    pl.k = (size_t)k;

    /* the areas */
    const char **areas = NULL;
    size_t na = n_areas;
    if (!areas_in) {
        size_t nd = (size_t)yjpi_dataset_count(ds, YJPI_COUNT_AREAS);
        areas = yjpi__calloc(nd + 1, sizeof *areas);
        if (!areas)
            return yjpi__error_set(err, YJPI_E_NOMEM, NULL, 0, 0, "out of memory");
        na = 0;
        for (size_t i = 0; i < nd; i++) {
            const char *a = yjpi_dataset_area(ds, i);
            if (a)
                areas[na++] = a;
        }
        areas[na++] = "*";
    }
    const char *const *area_list = areas_in ? areas_in : areas;

    int rc;
    yjpi_assessments *as = yjpi__calloc(1, sizeof *as);
    yjpi_period *req_periods = NULL;
    if (!as) {
        rc = YJPI_E_NOMEM;
        goto fail;
    }
    rc = yjpi__check_coverage(period, yjpi__data_as_of(ds, ref), err);
    if (rc != YJPI_OK)
        goto fail_quiet;
    rc = plan_build(&pl, ref, period, yjpi__data_as_of(ds, ref));
    if (rc != YJPI_OK)
        goto fail;
    {
        size_t nb = ref ? yjpi_reference_benchmark_count(ref) : 0;
        size_t nt = ref ? yjpi_reference_target_count(ref) : 0;
        size_t ns = na + nb + nt;
        as->strings = yjpi__calloc(ns ? ns : 1, sizeof *as->strings);
        if (!as->strings) {
            rc = YJPI_E_NOMEM;
            goto fail;
        }
    }
    rc = plan_reference(&pl, as, ref, opts.rag_benchmark);
    if (rc != YJPI_OK)
        goto fail;

    /* ONE compute over every period needed, each period once */
    req_periods = yjpi__calloc(pl.k + 3, sizeof *req_periods);
    if (!req_periods) {
        rc = YJPI_E_NOMEM;
        goto fail;
    }
    size_t np = 0;
    for (size_t i = 0; i < pl.k + 3; i++) {
        const yjpi_period *p;
        if (i < 3) {
            if (pl.period_status[i] != YJPI_ASSESS_OK)
                continue;
            p = &pl.period[i];
        } else {
            if (!pl.trend_ok[i - 3])
                continue;
            p = &pl.trend[i - 3];
        }
        bool dup = false;
        for (size_t j = 0; j < np && !dup; j++)
            dup = memcmp(&req_periods[j], p, sizeof *p) == 0;
        if (!dup)
            req_periods[np++] = *p;
    }
    yjpi_request req;
    YJPI_INIT(req);
    req.indicators = &indicator;
    req.n_indicators = 1;
    req.areas = area_list;
    req.n_areas = na;
    req.periods = req_periods;
    req.n_periods = np;
    req.confidence = opts.confidence;
    rc = yjpi_compute(ds, ref, &req, &as->res, err);
    if (rc != YJPI_OK) {
        as->res = NULL;
        goto fail_quiet;
    }

    as->items = yjpi__calloc(na, sizeof *as->items);
    if (!as->items) {
        rc = YJPI_E_NOMEM;
        goto fail;
    }
    for (size_t i = 0; i < na; i++) {
        as->n = i + 1;
        rc = assess_one(&pl, as, &as->items[i], area_list[i]);
        if (rc != YJPI_OK)
            goto fail;
    }
    yjpi__free(req_periods);
    yjpi__free(areas);
    plan_free(&pl);
    yjpi__error_clear(err);
    *out = as;
    return YJPI_OK;

fail:
    yjpi__error_set(err, rc, NULL, 0, 0, "%s: %s", fn, yjpi_strerror(rc));
fail_quiet:
    yjpi__free(req_periods);
    yjpi__free(areas);
    plan_free(&pl);
    yjpi_assessments_free(as);
    return rc;
}

int yjpi_assess_areas(const yjpi_dataset *ds, const yjpi_reference *ref,
                      int indicator, const char *const *areas, size_t n_areas,
                      const yjpi_period *period, const yjpi_assess_options *opts,
                      yjpi_assessments **out, yjpi_error *err)
{
    return assess_impl(ds, ref, indicator, areas, n_areas, period, opts, out,
                       err);
}

int yjpi_assess(const yjpi_dataset *ds, const yjpi_reference *ref,
                int indicator, const char *area, const yjpi_period *period,
                const yjpi_assess_options *opts, yjpi_assessment **out,
                yjpi_error *err)
{
    if (out)
        *out = NULL;
    if (!area || !out)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "yjpi_assess: %s is NULL", !area ? "area" : "out");
    yjpi_assessments *as = NULL;
    const char *one[1] = {area};
    int rc = assess_impl(ds, ref, indicator, one, 1, period, opts, &as, err);
    if (rc != YJPI_OK)
        return rc;
    as->items[0].owner = as;
    *out = &as->items[0];
    return YJPI_OK;
}

size_t yjpi_assessments_count(const yjpi_assessments *as)
{
    return as ? as->n : 0;
}

const yjpi_assessment *yjpi_assessments_get(const yjpi_assessments *as,
                                            size_t i)
{
    return as && i < as->n ? &as->items[i] : NULL;
}

/* ---- Getters -------------------------------------------------------------- */

int yjpi_assessment_indicator(const yjpi_assessment *a)
{
    return a ? a->indicator : 0;
}

const char *yjpi_assessment_area(const yjpi_assessment *a)
{
    return a ? a->area : NULL;
}

yjpi_period yjpi_assessment_period(const yjpi_assessment *a)
{
    yjpi_period none = {0, 0, 0};
    return a ? a->period : none;
}

int yjpi_assessment_value(const yjpi_assessment *a, int which, yjpi_value *out)
{
    if (!a || !out || which < YJPI_AT_CURRENT || which > YJPI_AT_YEAR_EARLIER)
        return YJPI_E_ARGUMENT;
    if (a->val_status[which] != YJPI_ASSESS_OK)
        return YJPI_E_NOT_FOUND;
    return copy_out(out, &a->val[which], sizeof a->val[which]);
}

int yjpi_assessment_change(const yjpi_assessment *a, int which, yjpi_change *out)
{
    if (!a || !out || (which != YJPI_AT_PREVIOUS && which != YJPI_AT_YEAR_EARLIER))
        return YJPI_E_ARGUMENT;
    return copy_out(out, &a->change[which - 1], sizeof a->change[0]);
}

size_t yjpi_assessment_benchmark_count(const yjpi_assessment *a)
{
    return a ? a->n_bench : 0;
}

int yjpi_assessment_benchmark(const yjpi_assessment *a, size_t i,
                              yjpi_benchmark_result *out)
{
    if (!a || !out || i >= a->n_bench)
        return YJPI_E_ARGUMENT;
    return copy_out(out, &a->bench[i], sizeof a->bench[i]);
}

size_t yjpi_assessment_target_count(const yjpi_assessment *a)
{
    return a ? a->n_targets : 0;
}

int yjpi_assessment_target(const yjpi_assessment *a, size_t i,
                           yjpi_target_result *out)
{
    if (!a || !out || i >= a->n_targets)
        return YJPI_E_ARGUMENT;
    return copy_out(out, &a->targets[i], sizeof a->targets[i]);
}

int yjpi_assessment_target_verdict(const yjpi_assessment *a)
{
    return a ? a->target_verdict : YJPI_TARGET_NONE;
}

int yjpi_assessment_trend(const yjpi_assessment *a, yjpi_trend_assessment *out)
{
    if (!a || !out)
        return YJPI_E_ARGUMENT;
    return copy_out(out, &a->trend, sizeof a->trend);
}

size_t yjpi_assessment_trend_point_count(const yjpi_assessment *a)
{
    return a ? a->n_points : 0;
}

int yjpi_assessment_trend_point(const yjpi_assessment *a, size_t i,
                                yjpi_value *out)
{
    if (!a || !out || i >= a->n_points)
        return YJPI_E_ARGUMENT;
    return copy_out(out, &a->points[i], sizeof a->points[i]);
}

int yjpi_assessment_rag(const yjpi_assessment *a, yjpi_rag_result *out)
{
    if (!a || !out)
        return YJPI_E_ARGUMENT;
    return copy_out(out, &a->rag, sizeof a->rag);
}
