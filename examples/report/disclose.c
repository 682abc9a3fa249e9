/*
 * disclose.c - yjpi-report's disclosure control: counts rounded or
 * suppressed, every figure recomputed from the published counts, secondary
 * suppression across the areas of a total, and an assessment as published.
 */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yjpi.h>

#include "../cli.h"
#include "report.h"


/* ---- disclosure control ----------------------------------------------------
 *
 * With the reference's suppress_below / round_to in force (always for text
 * and the chart, for csv and json with --suppress) every figure is built
 * from the published counts, so that no figure gives back a count that is
 * hidden or rounded:
 *  - a count from 1 to below suppress_below is suppressed ("~" / null);
 *    every other count is rounded to the nearest round_to, and the
 *    numerator shown is that same rounded number;
 *  - values and intervals are recomputed from the rounded counts (counts:
 *    Poisson interval of the rounded count; rates: the rounded count over
 *    the population, which is public and not rounded; percentages: Wilson
 *    on the rounded counts; means: rounded re-offences over the rounded
 *    members or re-offenders, with the t interval of the library's spread
 *    per person over the rounded number of persons);
 *  - changes and their tests, benchmark verdicts, targets, the trend and
 *    the RAG rating are recomputed from those values, and a value resting
 *    on a suppressed count takes everything built on it with it (status
 *    "suppressed");
 *  - secondary suppression: when every area is reported with the total
 *    "*", and exactly one area's count of a kind is suppressed in a period,
 *    the next smallest non-zero count of that kind among the other areas
 *    is suppressed too, so the hidden one cannot be had as the total minus
 *    the rest.
 */


/* The counts a value rests on (bits above). */
static unsigned value_counts(int ind)
{
    switch (ind) {
    case YJPI_BINARY_RATE: return C_REOFFENDERS | C_COHORT;
    case YJPI_FREQUENCY_RATE: return C_REOFFENCES | C_COHORT;
    case YJPI_REOFFENCES_PER_REOFFENDER: return C_REOFFENCES | C_REOFFENDERS;
    case YJPI_CUSTODY_SHARE: return C_NUM | C_COURT;
    default: return C_NUM;
    }
}

/* Which count the numerator is. */
unsigned report__numerator_kind(int ind)
{
    switch (ind) {
    case YJPI_BINARY_RATE: return C_REOFFENDERS;
    case YJPI_FREQUENCY_RATE: case YJPI_REOFFENCES_PER_REOFFENDER: return C_REOFFENCES;
    default: return C_NUM;
    }
}

/* The counts an indicator's published block shows. */
static unsigned shown_counts(int ind)
{
    switch (report__family(ind)) {
    case 1: return C_COHORT | C_REOFFENDERS | C_REOFFENCES | C_NORELEASE;
    case 2: return C_NUM | C_COURT;
    default: return C_NUM;
    }
}

uint64_t report__count_of(const yjpi_value *v, unsigned kind)
{
    switch (kind) {
    case C_COHORT: return v->cohort_size;
    case C_REOFFENDERS: return v->reoffenders;
    case C_REOFFENCES: return v->reoffences;
    case C_COURT: return v->court_occasions;
    case C_NORELEASE: return v->custody_no_release;
    default: return v->numerator;
    }
}


int report__disclosing(const report *r, int fmt_text)
{
    return (fmt_text || r->suppress) &&
           (r->opts.suppress_below > 0 || r->opts.round_to > 1);
}

static double rate_multiplier(int ind)
{
    return ind == YJPI_FTE_RATE ? 100000.0 : 1000.0;
}

/* Recomputes value and interval of a computable value from its (already
 * rounded) counts. */
static void recompute(const yjpi_value *raw, yjpi_value *v)
{
    double conf = v->confidence, lo = 0, up = 0;
    int ind = v->indicator;
    v->interval_status = YJPI_VALUE_OK;
    switch (yjpi_indicator_measure(ind)) {
    case YJPI_MEASURE_COUNT:
        v->value = (double)v->numerator;
        if (yjpi_ci_poisson(v->numerator, conf, &lo, &up) != YJPI_OK)
            v->interval_status = YJPI_NC_NUMERIC;
        v->lower = lo;
        v->upper = up;
        break;
    case YJPI_MEASURE_RATE: {
        double m = rate_multiplier(ind) / v->population;
        v->value = (double)v->numerator * m;
        if (yjpi_ci_poisson(v->numerator, conf, &lo, &up) != YJPI_OK)
            v->interval_status = YJPI_NC_NUMERIC;
        v->lower = lo * m;
        v->upper = up * m;
        break;
    }
    case YJPI_MEASURE_PROPORTION: {
        uint64_t n = ind == YJPI_BINARY_RATE ? v->cohort_size : v->court_occasions;
        v->denominator = (double)n;
        if (n == 0) {
            v->status = ind == YJPI_BINARY_RATE ? YJPI_NC_EMPTY_COHORT
                                                : YJPI_NC_ZERO_DENOMINATOR;
            v->value = v->lower = v->upper = 0;
            break;
        }
        v->value = 100.0 * (double)v->numerator / (double)n;
        if (yjpi_ci_wilson(v->numerator, n, conf, &lo, &up) != YJPI_OK)
            v->interval_status = YJPI_NC_NUMERIC;
        v->lower = 100.0 * lo;
        v->upper = 100.0 * up;
        break;
    }
    default: {   /* means */
        uint64_t n = ind == YJPI_FREQUENCY_RATE ? v->cohort_size : v->reoffenders;
        double rn = raw->denominator;
        v->denominator = (double)n;
        if (n == 0) {
            v->status = ind == YJPI_FREQUENCY_RATE ? YJPI_NC_EMPTY_COHORT
                                                   : YJPI_NC_ZERO_DENOMINATOR;
            v->value = v->lower = v->upper = 0;
            break;
        }
        v->value = (double)v->numerator / (double)n;
        v->lower = v->upper = v->value;
        if (raw->interval_status != YJPI_VALUE_OK || n < 2 || !(rn >= 2)) {
            v->interval_status = raw->interval_status != YJPI_VALUE_OK
                               ? raw->interval_status : YJPI_NC_TOO_FEW;
            break;
        }
        /* the spread per person s from the library's interval: its upper
         * half-width is t(n-1) s / sqrt(n); t(n-1) / sqrt(n) is the
         * half-width of values with s = 1 */
        double m1, l1, u1;
        if (yjpi_ci_mean_stats(rn, 0.0, rn - 1.0, conf, &m1, &l1, &u1) != YJPI_OK ||
            !(u1 > 0)) {
            v->interval_status = YJPI_NC_NUMERIC;
            break;
        }
        double s = (raw->upper - raw->value) / u1;
        double dn = (double)n, sum = (double)v->numerator;
        if (yjpi_ci_mean_stats(dn, sum, s * s * (dn - 1.0) + sum * sum / dn, conf,
                               NULL, &lo, &up) != YJPI_OK) {
            v->interval_status = YJPI_NC_NUMERIC;
            break;
        }
        v->lower = lo;
        v->upper = up;
        break;
    }
    }
}

/* The published form of a value; `extra` are counts suppressed by secondary
 * suppression.  Without disclosure the value is the library's, untouched. */
void report__disclose(const report *r, int on, const yjpi_value *raw, int found,
                     unsigned extra, dval *d)
{
    d->v = *raw;
    d->found = found;
    d->sup = 0;
    d->supc = 0;
    if (!found || !on)
        return;
    int64_t sb = r->opts.suppress_below, rt = r->opts.round_to;
    static const unsigned kinds[N_KINDS] = { C_NUM, C_COHORT, C_REOFFENDERS,
                                             C_REOFFENCES, C_COURT, C_NORELEASE };
    for (int i = 0; i < N_KINDS; i++)
        if (cli_suppressed(report__count_of(raw, kinds[i]), sb))
            d->supc |= kinds[i];
    d->supc |= extra;
    yjpi_value *v = &d->v;
    v->numerator = cli_round_count(raw->numerator, rt);
    v->cohort_size = cli_round_count(raw->cohort_size, rt);
    v->reoffenders = cli_round_count(raw->reoffenders, rt);
    v->reoffences = cli_round_count(raw->reoffences, rt);
    v->custody_no_release = cli_round_count(raw->custody_no_release, rt);
    v->court_occasions = cli_round_count(raw->court_occasions, rt);
    if (raw->status != YJPI_VALUE_OK)
        return;
    if (d->supc & value_counts(raw->indicator)) {
        d->sup = 1;
        v->value = v->lower = v->upper = 0;
        return;
    }
    recompute(raw, v);
}

void report__secondary_init(secondary *s)
{
    for (int k = 0; k < MAX_IND; k++)
        for (int w = 0; w < 3; w++)
            for (int c = 0; c < N_KINDS; c++) {
                s->nsup[k][w][c] = 0;
                s->min[k][w][c] = 0;
                s->arg[k][w][c] = SIZE_MAX;
            }
}

/* Adds area number `g` (not "*") of indicator k to the tally. */
void report__secondary_add(const report *r, secondary *s, int k, size_t g,
                          const yjpi_assessment *a)
{
    unsigned kinds = shown_counts(r->inds[k]);
    for (int w = 0; w < 3; w++) {
        yjpi_value v;
        YJPI_INIT(v);
        if (yjpi_assessment_value(a, w, &v) != YJPI_OK)
            continue;
        for (int c = 0; c < N_KINDS; c++) {
            if (!(kinds & (1u << c)))
                continue;
            uint64_t n = report__count_of(&v, 1u << c);
            if (cli_suppressed(n, r->opts.suppress_below))
                s->nsup[k][w][c]++;
            else if (n > 0 && (s->arg[k][w][c] == SIZE_MAX || n < s->min[k][w][c])) {
                s->min[k][w][c] = n;
                s->arg[k][w][c] = g;
            }
        }
    }
}

/* The counts of area g, indicator k, period w that secondary suppression
 * hides. */
static unsigned secondary_of(const secondary *s, int k, int w, size_t g)
{
    unsigned m = 0;
    if (!s)
        return 0;
    for (int c = 0; c < N_KINDS; c++)
        if (s->nsup[k][w][c] == 1 && s->arg[k][w][c] == g)
            m |= 1u << c;
    return m;
}


void report__publish(const report *r, int on, int k, size_t g, const secondary *sec,
                    const yjpi_assessment *a, pub *p)
{
    yjpi_value raw;
    int ind = r->inds[k];
    memset(p, 0, sizeof *p);
    p->a = a;
    YJPI_INIT(raw);
    yjpi_assessment_value(a, YJPI_AT_CURRENT, &raw);
    report__disclose(r, on, &raw, 1, secondary_of(sec, k, 0, g), &p->cur);
    YJPI_INIT(raw);
    int f = yjpi_assessment_value(a, YJPI_AT_PREVIOUS, &raw) == YJPI_OK;
    report__disclose(r, on, &raw, f, secondary_of(sec, k, 1, g), &p->prev);
    YJPI_INIT(raw);
    f = yjpi_assessment_value(a, YJPI_AT_YEAR_EARLIER, &raw) == YJPI_OK;
    report__disclose(r, on, &raw, f, secondary_of(sec, k, 2, g), &p->year);

    YJPI_INIT(p->ch_prev);
    YJPI_INIT(p->ch_year);
    yjpi_assessment_change(a, YJPI_AT_PREVIOUS, &p->ch_prev);
    yjpi_assessment_change(a, YJPI_AT_YEAR_EARLIER, &p->ch_year);
    p->ch_prev_sup = p->cur.sup || p->prev.sup;
    p->ch_year_sup = p->cur.sup || p->year.sup;
    if (on) {   /* changes and tests from the published values */
        if (!p->ch_prev_sup && p->prev.found && p->cur.v.status == YJPI_VALUE_OK) {
            p->ch_prev.size = sizeof p->ch_prev;
            yjpi_change_between(&p->prev.v, &p->cur.v, r->opts.significance, &p->ch_prev);
        }
        if (!p->ch_year_sup && p->year.found && p->cur.v.status == YJPI_VALUE_OK) {
            p->ch_year.size = sizeof p->ch_year;
            yjpi_change_between(&p->year.v, &p->cur.v, r->opts.significance, &p->ch_year);
        }
    }

    size_t nb = yjpi_assessment_benchmark_count(a);
    for (size_t i = 0; i < nb && p->nb < MAX_BENCH; i++) {
        yjpi_benchmark_result *b = &p->b[p->nb++];
        YJPI_INIT(*b);
        yjpi_assessment_benchmark(a, i, b);
        if (!on || b->status == YJPI_ASSESS_BENCHMARK_MISSING)
            continue;
        if (p->cur.sup) {
            b->status = SUPPRESSED;
            b->verdict = YJPI_BENCHMARK_NOT_ASSESSED;
        } else if (p->cur.v.status == YJPI_VALUE_OK) {
            const char *name = b->name;
            double bv = b->benchmark;
            yjpi_benchmark_compare(&p->cur.v, bv, b);
            b->name = name;
        }
    }

    size_t nt = yjpi_assessment_target_count(a);
    int any_sup = 0;
    for (size_t i = 0; i < nt && p->nt < MAX_TARGETS; i++) {
        yjpi_target_result *t = &p->t[p->nt++];
        YJPI_INIT(*t);
        yjpi_assessment_target(a, i, t);
        if (!on)
            continue;
        int change = t->kind == YJPI_TARGET_CHANGE_MAX || t->kind == YJPI_TARGET_CHANGE_MIN;
        if (p->cur.sup || (change && p->ch_prev_sup)) {
            t->status = SUPPRESSED;
            t->verdict = YJPI_TARGET_NOT_ASSESSABLE;
            t->actual = 0;
            any_sup = 1;
        } else if (p->cur.v.status == YJPI_VALUE_OK) {
            yjpi_target tg;
            YJPI_INIT(tg);
            tg.indicator = ind;
            tg.kind = t->kind;
            tg.period = p->cur.v.period;
            tg.bound = t->bound;
            tg.area = t->area;
            yjpi_target_check(&tg, &p->cur.v, &p->ch_prev, t);
        }
    }
    p->target_verdict = yjpi_assessment_target_verdict(a);
    if (on) {   /* the library's rule for the overall verdict */
        int v = p->nt ? YJPI_TARGET_MET : YJPI_TARGET_NONE;
        for (size_t i = 0; i < p->nt; i++)
            if (p->t[i].verdict == YJPI_TARGET_NOT_MET)
                v = YJPI_TARGET_NOT_MET;
        for (size_t i = 0; i < p->nt && v != YJPI_TARGET_NOT_MET; i++)
            if (p->t[i].verdict == YJPI_TARGET_NOT_ASSESSABLE)
                v = YJPI_TARGET_NOT_ASSESSABLE;
        p->target_verdict = any_sup ? SUPPRESSED : v;
    }

    YJPI_INIT(p->trend);
    yjpi_assessment_trend(a, &p->trend);
    if (on && p->trend.status != YJPI_ASSESS_TOO_FEW_POINTS &&
        p->trend.status != YJPI_ASSESS_NOT_IN_RESULTS) {
        size_t n = yjpi_assessment_trend_point_count(a);
        yjpi_value *pts = calloc(n ? n : 1, sizeof *pts);
        for (size_t i = 0; pts && i < n; i++) {
            dval d;
            YJPI_INIT(raw);
            yjpi_assessment_trend_point(a, i, &raw);
            report__disclose(r, on, &raw, 1, 0, &d);
            p->trend_sup |= d.sup;
            pts[i] = d.v;
        }
        if (p->cur.sup)
            p->trend_sup = 1;
        if (pts && !p->trend_sup && n >= 3) {
            yjpi_trend_assessment t;
            YJPI_INIT(t);
            if (yjpi_trend_assess(pts, n, (size_t)r->opts.trend_min_points,
                                  p->trend.level, &t) == YJPI_OK)
                p->trend = t;
        }
        free(pts);
    }
    if (on && p->cur.sup)
        p->trend_sup = 1;
    /* a trend not assessed for a reason of its own (too few points, a point
     * provisional or not computable) says so: it reveals no count */
    if (p->trend_sup && p->trend.status != YJPI_ASSESS_OK)
        p->trend_sup = 0;

    YJPI_INIT(p->rag);
    yjpi_assessment_rag(a, &p->rag);
    if (on && p->cur.sup) {
        p->rag_sup = 1;
    } else if (on && p->cur.v.status == YJPI_VALUE_OK) {
        const char *bname = p->rag.benchmark;
        int bv = YJPI_BENCHMARK_NOT_ASSESSED;
        for (size_t i = 0; bname && i < p->nb; i++)
            if (p->b[i].name && !strcmp(p->b[i].name, bname)) {
                bv = p->b[i].verdict;
                break;
            }
        if (p->target_verdict == SUPPRESSED) {
            p->rag_sup = 1;
        } else {
            yjpi_rag_rule(yjpi_indicator_polarity(ind), p->cur.v.status,
                          p->target_verdict, bv, &p->rag);
            p->rag.benchmark = bname;
        }
    }
}

