/*
 * yjpi-report - the performance table of a youth justice plan: each national
 * indicator this period against the previous period, with its interval,
 * benchmark comparisons, target status, RAG and trend; as text for people,
 * CSV or JSON for programs, and an SVG chart for board papers.
 *
 * A model of the public API: yjpi_reference_load, yjpi_dataset_load_csv
 * (with a progress callback), yjpi_assess_areas for the assessments, and
 * yjpi_compute_series for the chart.
 */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yjpi.h>

#include "cli.h"

static const char *prog = "yjpi-report";

static void usage(FILE *f)
{
    fprintf(f,
"Usage: yjpi-report --cohort FILE --reference FILE [--area CODE]\n"
"                   [--period PERIOD] [--indicator NAME]... [--format FMT]\n"
"                   [--chart FILE.svg] [--suppress] [--lenient] [--progress]\n"
"\n"
"Prints the youth justice performance table for each area: every indicator\n"
"in its period, the previous period, the change (percent, or percentage\n"
"points for percentages; * when significant at the reference's\n"
"`significance` level, a numbered note when not tested), the confidence\n"
"interval, the benchmark comparisons, the target status, the recent trend\n"
"and the RAG rating (spec/indicators.md section 7).\n"
"\n"
"Options:\n"
"  --cohort FILE      cohort CSV file (\"-\" for standard input)\n"
"                     e.g. --cohort examples/data/cohort.csv\n"
"  --reference FILE   reference YAML file: populations, benchmarks, targets,\n"
"                     options, as_of.  e.g. --reference examples/data/cohort.yaml\n"
"  --area CODE        one area, or \"*\" for all areas together (default: each\n"
"                     area in the data, then all areas together)\n"
"                     e.g. --area E06000001\n"
"  --period PERIOD    the period for every indicator: 2024/25, 2024/25 Q1,\n"
"                     2024 Q3, 2024-05, '12m to 2025-03' or a range\n"
"                     2024-04-01..2025-03-31.  Default: for FTE and custody\n"
"                     the latest financial year ended on or before as_of; for\n"
"                     reoffending the latest financial-year cohort that is\n"
"                     final (ended followup + waiting months before as_of).\n"
"                     A reoffending cohort that is not final is marked p.\n"
"                     A period running past as_of is reported to as_of only\n"
"                     (e.g. \"2025/26 to 31 May\"), compared with the same\n"
"                     stretch of earlier periods, with no trend, target or\n"
"                     benchmark verdict; one starting after as_of is an error.\n");
    fprintf(f,
"                     e.g. --period 2023/24\n"
"  --indicator NAME   an indicator to report (repeat, or separate names with\n"
"                     commas): fte_count fte_rate binary_rate frequency_rate\n"
"                     reoffences_per_reoffender custody_count custody_rate\n"
"                     custody_share.  Default: all of them.\n"
"                     e.g. --indicator fte_rate,custody_share\n"
"  --format FMT       text (default): an 80-column table; counts below the\n"
"                     reference's suppress_below are shown as ~ (and every\n"
"                     figure built on them), other counts rounded to\n"
"                     round_to, with rates, intervals, changes and verdicts\n"
"                     worked out from the rounded counts; rates 2 dp,\n"
"                     percentages 1 dp.\n"
"                     csv: one row per area and indicator; json: one document\n"
"                     (schema in the README).  Both hold every number\n"
"                     unrounded (shortest text that reads back exactly) and\n"
"                     are not suppressed unless --suppress is given.\n"
"                     e.g. --format json\n"
"  --suppress         apply disclosure control to csv and json too, as in the\n"
"                     text: counts from 1 to below suppress_below and what is\n"
"                     built on them become empty (csv) or null (json), status\n"
"                     \"suppressed\"; other counts are rounded to round_to and\n"
"                     the figures recomputed from them.  (Text output and the\n"
"                     chart always apply disclosure control.)\n");
    fprintf(f,
"  --chart FILE.svg   also write an SVG chart of the first --indicator\n"
"                     (default fte_rate) for --area (default all areas \"*\")\n"
"                     over the 5 financial years (8 periods otherwise) ending\n"
"                     at its period, with the interval band and the benchmarks\n"
"                     e.g. --chart fte.svg\n"
"  --lenient          skip bad cohort rows (counted; the first messages are\n"
"                     printed on stderr) instead of stopping at the first\n"
"  --progress         show the reading progress line on stderr even when it\n"
"                     is not a terminal (on a terminal it is always shown)\n"
"  --help             this text\n"
"\n"
"Benchmarks named after a family or region of the reference's areas (e.g.\n"
"\"YOT family F5\") are shown only for the areas of that family or region.\n"
"\n"
"Example:\n"
"  yjpi-report --cohort examples/data/cohort.csv \\\n"
"      --reference examples/data/cohort.yaml --area E06000001 --chart fte.svg\n"
"\n"
"Exit status: 0 success, 1 data error (message FILE:LINE:COLUMN: ...),\n"
"2 usage error.\n");
}

/* ---- what the report holds ------------------------------------------------ */

#define MAX_IND 8

typedef struct report {
    const char *cohort_path, *ref_path;
    yjpi_reference *ref;
    yjpi_dataset *ds;
    yjpi_options opts;
    yjpi_date as_of;
    int n_inds;
    int inds[MAX_IND];
    yjpi_period period[MAX_IND];
    int period_given;
    int inds_given;
    int suppress;          /* apply disclosure control to csv/json */
    int coverage;          /* some reported value is partial or before_data:
                              csv/json carry the coverage fields */
    yjpi_value first[MAX_IND]; /* each indicator's value for the first area
                                  reported: the coverage of its period, which
                                  every area shares */
    unsigned char *bench_group; /* per reference benchmark: named after a
                                   family or region of the reference's areas */
} report;

static int family(int ind)
{
    switch (ind) {
    case YJPI_FTE_COUNT: case YJPI_FTE_RATE: return 0;
    case YJPI_BINARY_RATE: case YJPI_FREQUENCY_RATE:
    case YJPI_REOFFENCES_PER_REOFFENDER: return 1;
    default: return 2;
    }
}

static const char *label(int ind)
{
    switch (ind) {
    case YJPI_FTE_COUNT: return "FTE count";
    case YJPI_FTE_RATE: return "FTE per 100,000";
    case YJPI_BINARY_RATE: return "Reoffending %";
    case YJPI_FREQUENCY_RATE: return "Re-offences/member";
    case YJPI_REOFFENCES_PER_REOFFENDER: return "Re-offences/reoffender";
    case YJPI_CUSTODY_COUNT: return "Custody count";
    case YJPI_CUSTODY_RATE: return "Custody per 1,000";
    case YJPI_CUSTODY_SHARE: return "Custody % of court";
    default: return "?";
    }
}

static const char *unit(int ind)
{
    switch (ind) {
    case YJPI_FTE_COUNT: return "first time entrants";
    case YJPI_FTE_RATE: return "first time entrants per 100,000 aged 10-17";
    case YJPI_BINARY_RATE: return "% of the cohort who reoffended";
    case YJPI_FREQUENCY_RATE: return "re-offences per cohort member";
    case YJPI_REOFFENCES_PER_REOFFENDER: return "re-offences per re-offender";
    case YJPI_CUSTODY_COUNT: return "custodial sentences";
    case YJPI_CUSTODY_RATE: return "custodial sentences per 1,000 aged 10-17";
    case YJPI_CUSTODY_SHARE: return "% of court sentencing occasions";
    default: return "";
    }
}

/* Display decimals: counts 0, percentages 1, rates and means 2. */
static int decimals(int ind)
{
    switch (yjpi_indicator_measure(ind)) {
    case YJPI_MEASURE_COUNT: return 0;
    case YJPI_MEASURE_PROPORTION: return 1;
    default: return 2;
    }
}

/* Is benchmark `name` relevant to `area`?  A name that ends with a family
 * or region of some area in the reference belongs to that family/region. */
static int ends_with_word(const char *s, const char *w)
{
    size_t n = strlen(s), m = strlen(w);
    if (m == 0 || m > n || strcmp(s + n - m, w))
        return 0;
    return m == n || s[n - m - 1] == ' ';
}

/* Whether a benchmark name belongs to a family or region of some area of
 * the reference (worked out once per benchmark by bench_groups()). */
static int group_benchmark(const yjpi_reference *ref, const char *name)
{
    for (size_t i = 0; i < yjpi_reference_area_count(ref); i++) {
        const char *code = yjpi_reference_area_code(ref, i);
        const char *f = yjpi_reference_area_family(ref, code);
        const char *r = yjpi_reference_area_region(ref, code);
        if ((f && ends_with_word(name, f)) || (r && ends_with_word(name, r)))
            return 1;
    }
    return 0;
}

static int bench_groups(report *r)
{
    size_t n = yjpi_reference_benchmark_count(r->ref);
    r->bench_group = calloc(n ? n : 1, 1);
    if (!r->bench_group)
        return -1;
    for (size_t b = 0; b < n; b++) {
        const char *name = yjpi_reference_benchmark_name(r->ref, b);
        r->bench_group[b] = (unsigned char)group_benchmark(r->ref, name ? name : "");
    }
    return 0;
}

static int benchmark_shown(const report *r, const char *area, const char *name)
{
    const yjpi_reference *ref = r->ref;
    const char *fam = strcmp(area, "*") ? yjpi_reference_area_family(ref, area) : NULL;
    const char *reg = strcmp(area, "*") ? yjpi_reference_area_region(ref, area) : NULL;
    if ((fam && ends_with_word(name, fam)) || (reg && ends_with_word(name, reg)))
        return 1;
    for (size_t b = 0; b < yjpi_reference_benchmark_count(ref); b++) {
        const char *bn = yjpi_reference_benchmark_name(ref, b);
        if (bn && !strcmp(bn, name))
            return !r->bench_group[b];
    }
    return !group_benchmark(ref, name);
}

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

enum { C_NUM = 1, C_COHORT = 2, C_REOFFENDERS = 4, C_REOFFENCES = 8,
       C_COURT = 16, C_NORELEASE = 32 };
#define N_KINDS 6

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
static unsigned numerator_kind(int ind)
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
    switch (family(ind)) {
    case 1: return C_COHORT | C_REOFFENDERS | C_REOFFENCES | C_NORELEASE;
    case 2: return C_NUM | C_COURT;
    default: return C_NUM;
    }
}

static uint64_t count_of(const yjpi_value *v, unsigned kind)
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

/* A value as published. */
typedef struct dval {
    yjpi_value v;      /* counts rounded, value and interval recomputed */
    int found;
    int sup;           /* the value rests on a suppressed count */
    unsigned supc;     /* counts (bits) that are suppressed */
} dval;

static int disclosing(const report *r, int fmt_text)
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
static void disclose(const report *r, int on, const yjpi_value *raw, int found,
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
        if (cli_suppressed(count_of(raw, kinds[i]), sb))
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

/* Secondary suppression across the areas of a total: for each indicator,
 * period (current, previous, year earlier) and kind of count, the area
 * whose count is suppressed as well (SIZE_MAX: none). */
typedef struct secondary {
    size_t nsup[MAX_IND][3][N_KINDS];
    uint64_t min[MAX_IND][3][N_KINDS];
    size_t arg[MAX_IND][3][N_KINDS];
} secondary;

static void secondary_init(secondary *s)
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
static void secondary_add(const report *r, secondary *s, int k, size_t g,
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
            uint64_t n = count_of(&v, 1u << c);
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

/* One indicator of one area as published. */
#define MAX_BENCH 16
#define MAX_TARGETS 8
#define SUPPRESSED (-1)   /* a verdict, status or rating hidden with its value */

typedef struct pub {
    const yjpi_assessment *a;
    dval cur, prev, year;
    yjpi_change ch_prev, ch_year;
    int ch_prev_sup, ch_year_sup;
    size_t nb;
    yjpi_benchmark_result b[MAX_BENCH];
    size_t nt;
    yjpi_target_result t[MAX_TARGETS];
    int target_verdict;                /* or SUPPRESSED */
    yjpi_trend_assessment trend;
    int trend_sup;
    yjpi_rag_result rag;
    int rag_sup;
} pub;

static void publish(const report *r, int on, int k, size_t g, const secondary *sec,
                    const yjpi_assessment *a, pub *p)
{
    yjpi_value raw;
    int ind = r->inds[k];
    memset(p, 0, sizeof *p);
    p->a = a;
    YJPI_INIT(raw);
    yjpi_assessment_value(a, YJPI_AT_CURRENT, &raw);
    disclose(r, on, &raw, 1, secondary_of(sec, k, 0, g), &p->cur);
    YJPI_INIT(raw);
    int f = yjpi_assessment_value(a, YJPI_AT_PREVIOUS, &raw) == YJPI_OK;
    disclose(r, on, &raw, f, secondary_of(sec, k, 1, g), &p->prev);
    YJPI_INIT(raw);
    f = yjpi_assessment_value(a, YJPI_AT_YEAR_EARLIER, &raw) == YJPI_OK;
    disclose(r, on, &raw, f, secondary_of(sec, k, 2, g), &p->year);

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
            disclose(r, on, &raw, 1, 0, &d);
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

/* ---- default periods ------------------------------------------------------ */

static yjpi_period financial_year(int y)
{
    char t[16];
    yjpi_period p;
    snprintf(t, sizeof t, "%04d/%02d", y, (y + 1) % 100);
    yjpi_period_parse(t, &p, NULL);
    return p;
}

/* The latest financial year with end - 1 + months <= as_of. */
static yjpi_period latest_year(yjpi_date as_of, int months)
{
    int y;
    yjpi_date_to_ymd(as_of, &y, NULL, NULL);
    for (int k = y; k > y - 200; k--) {
        yjpi_period p = financial_year(k);
        if (yjpi_date_add_months(p.end - 1, months) <= as_of)
            return p;
    }
    return financial_year(y - 200);
}

/* A period as text names what it covers: "2025/26 to 31 May" for a
 * partial value (its period ends after as_of). */
static const char *value_period(const yjpi_value *v, char *buf, size_t size)
{
    static const char *const months[12] = {
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"
    };
    char pb[YJPI_PERIOD_TEXT_SIZE];
    cli_period(&v->period, pb, sizeof pb);
    if (!v->partial) {
        snprintf(buf, size, "%s", pb);
        return buf;
    }
    int m = 1, d = 1;
    yjpi_date_to_ymd(v->covered_to, NULL, &m, &d);
    snprintf(buf, size, "%s to %d %s", pb, d, months[(m - 1) % 12]);
    return buf;
}

/* ---- footnotes (text) ----------------------------------------------------- */

#define MAX_NOTES 64

typedef struct notes {
    char text[MAX_NOTES][160];
    int n;
} notes;

static int note(notes *ns, const char *fmt, ...)
{
    char buf[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    for (int i = 0; i < ns->n; i++)
        if (!strcmp(ns->text[i], buf))
            return i + 1;
    if (ns->n == MAX_NOTES)
        return MAX_NOTES;
    snprintf(ns->text[ns->n], sizeof ns->text[0], "%s", buf);
    return ++ns->n;
}

/* ---- text ----------------------------------------------------------------- */

typedef struct markers {
    int provisional, history, significant, suppressed, rounded, before_data;
} markers;

static void fmt_value(const dval *d, notes *ns, markers *mk, char *buf, size_t size)
{
    char pb[YJPI_PERIOD_TEXT_SIZE];
    const yjpi_value *v = &d->v;
    if (!d->found) {
        snprintf(buf, size, "-");
        return;
    }
    if (v->status == YJPI_NC_POPULATION_INCOMPLETE) {
        snprintf(buf, size, "n/a[%d]", note(ns, "%s %s: %s (%lu area%s with counted persons "
                 "but no population)", label(v->indicator),
                 cli_period(&v->period, pb, sizeof pb), yjpi_value_status_text(v->status),
                 (unsigned long)v->areas_without_population,
                 v->areas_without_population == 1 ? "" : "s"));
        return;
    }
    if (v->status != YJPI_VALUE_OK || !isfinite(v->value)) {
        snprintf(buf, size, "n/a[%d]", note(ns, "%s %s: %s", label(v->indicator),
                 cli_period(&v->period, pb, sizeof pb),
                 yjpi_value_status_text(v->status != YJPI_VALUE_OK ? v->status
                                                                  : YJPI_NC_NOT_FINITE)));
        return;
    }
    if (d->sup) {
        mk->suppressed = 1;
        mk->provisional |= v->provisional;
        snprintf(buf, size, "%s", v->provisional ? "~p" : "~");
        return;
    }
    if (yjpi_indicator_measure(v->indicator) == YJPI_MEASURE_COUNT)
        snprintf(buf, size, "%llu", (unsigned long long)v->value);   /* rounded */
    else
        snprintf(buf, size, "%.*f", decimals(v->indicator), v->value);
    size_t n = strlen(buf);
    if (v->provisional && n + 1 < size) {
        buf[n++] = 'p';
        buf[n] = '\0';
        mk->provisional = 1;
    }
    if (v->history_short && n + 1 < size) {
        buf[n++] = 'h';
        buf[n] = '\0';
        mk->history = 1;
    }
    if (v->before_data && n + 1 < size) {
        buf[n++] = 'b';
        buf[n] = '\0';
        mk->before_data = 1;
    }
}

#define CHANGE_WIDTH 9 /* width of the Change column of the text table */

static void fmt_change(const yjpi_change *c, int sup, int ind, notes *ns, markers *mk,
                       char *buf, size_t size)
{
    if (c->status != YJPI_ASSESS_OK) {
        if (c->status == YJPI_ASSESS_BASE_NOT_COMPUTABLE ||
            c->status == YJPI_ASSESS_VALUE_NOT_COMPUTABLE)
            snprintf(buf, size, "-");   /* the n/a of the value says why */
        else
            snprintf(buf, size, "n/a[%d]", note(ns, "%s change: %s", label(ind),
                     yjpi_assess_status_text(c->status)));
        return;
    }
    if (sup) {
        snprintf(buf, size, "~");
        return;
    }
    if (!isfinite(c->points ? c->absolute : c->percent)) {
        snprintf(buf, size, "n/a");
        return;
    }
    if (!c->points && c->percent_status != YJPI_ASSESS_OK) {
        snprintf(buf, size, "n/a[%d]", note(ns, "%s change: %s", label(ind),
                 yjpi_assess_status_text(c->percent_status)));
        return;
    }
    /* The significance mark: * when significant, a note when the change
     * was not tested (means) or the test failed, nothing when tested and
     * not significant. */
    char mark[16] = "";
    if (c->test_status == YJPI_ASSESS_OK) {
        if (c->significant) {
            snprintf(mark, sizeof mark, "*");
            mk->significant = 1;
        }
    } else if (c->test_status == YJPI_ASSESS_NO_TEST) {
        snprintf(mark, sizeof mark, "[%d]", note(ns, "%s",
                 "Means (re-offences/member, /reoffender): change not tested "
                 "for significance"));
    } else {
        snprintf(mark, sizeof mark, "[%d]", note(ns, "%s change: %s", label(ind),
                 yjpi_assess_status_text(c->test_status)));
    }
    /* The Change column is CHANGE_WIDTH wide: drop the decimal of a large
     * change rather than widen the table. */
    for (int dp = 1; dp >= 0; dp--) {
        if (c->points)
            snprintf(buf, size, "%+.*fpp%s", dp, c->absolute, mark);
        else
            snprintf(buf, size, "%+.*f%%%s", dp, c->percent, mark);
        if (strlen(buf) <= CHANGE_WIDTH)
            break;
    }
}

static void fmt_interval(const report *r, const dval *d, notes *ns,
                         char *buf, size_t size)
{
    const yjpi_value *v = &d->v;
    if (v->status != YJPI_VALUE_OK) {
        buf[0] = '\0';
        return;
    }
    if (d->sup) {
        snprintf(buf, size, "~");
        return;
    }
    if (v->interval_status != YJPI_VALUE_OK || !isfinite(v->lower) ||
        !isfinite(v->upper)) {
        snprintf(buf, size, "n/a[%d]", note(ns, "%s interval: %s", label(v->indicator),
                 yjpi_value_status_text(v->interval_status != YJPI_VALUE_OK
                                            ? v->interval_status : YJPI_NC_NOT_FINITE)));
        return;
    }
    int dp = decimals(v->indicator);
    if (dp == 0) {
        if (r->opts.round_to > 1) {
            snprintf(buf, size, "%llu-%llu",
                     (unsigned long long)cli_round_count((uint64_t)floor(v->lower), r->opts.round_to),
                     (unsigned long long)cli_round_count((uint64_t)ceil(v->upper), r->opts.round_to));
            return;
        }
        dp = 1;
    }
    /* "L-U", or "L to U" when L is negative, so that the minus sign is not
     * read as a dash; a mean's interval cut at its floor gets a note */
    int n = snprintf(buf, size, "%.*f%s%.*f", dp, v->lower,
                     v->lower < 0 ? " to " : "-", dp, v->upper);
    if (v->interval_truncated && n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, "[%d]",
                 note(ns, "%s interval: lower limit cut at %g, the least value "
                      "the measure can take", label(v->indicator),
                      v->indicator == YJPI_FREQUENCY_RATE ? 0.0 : 1.0));
}

static const char *trend_text(const yjpi_trend_assessment *t)
{
    switch (t->verdict) {
    case YJPI_TREND_INCREASING:
        return t->direction == YJPI_DIRECTION_WORSENING ? "increasing (worsening)"
             : t->direction == YJPI_DIRECTION_IMPROVING ? "increasing (improving)"
             : "increasing";
    case YJPI_TREND_DECREASING:
        return t->direction == YJPI_DIRECTION_WORSENING ? "decreasing (worsening)"
             : t->direction == YJPI_DIRECTION_IMPROVING ? "decreasing (improving)"
             : "decreasing";
    case YJPI_TREND_NO_CHANGE: return "no significant change";
    case YJPI_TREND_NO_CHANGE_OUTLIER: return "no change (outlier)";
    default: return "not assessed";
    }
}

/* printf, without trailing spaces (table cells are padded). */
static void pline(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static void pline(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    size_t n = strlen(buf);
    int nl = n > 0 && buf[n - 1] == '\n';
    if (nl)
        n--;
    while (n > 0 && buf[n - 1] == ' ')
        n--;
    buf[n] = '\0';
    fputs(buf, stdout);
    if (nl)
        putchar('\n');
}

static void rule(char c)
{
    for (int i = 0; i < 80; i++)
        putchar(c);
    putchar('\n');
}

static void area_title(const report *r, const char *area)
{
    if (!strcmp(area, "*")) {
        printf("All areas together (*)\n");
        return;
    }
    const char *name = yjpi_reference_area_name(r->ref, area);
    const char *fam = yjpi_reference_area_family(r->ref, area);
    const char *reg = yjpi_reference_area_region(r->ref, area);
    printf("%s (%s)", name ? name : area, area);
    if (fam)
        printf(", family %s", fam);
    if (reg)
        printf(", %s", reg);
    printf("\n");
}

/* A published count: "~" when suppressed, else the (rounded) count. */
static const char *pcount(const dval *d, unsigned kind, char *buf, size_t size)
{
    if (d->supc & kind)
        snprintf(buf, size, "~");
    else
        snprintf(buf, size, "%llu", (unsigned long long)count_of(&d->v, kind));
    return buf;
}

static void text_area(const report *r, const pub *pubs)
{
    notes ns;
    markers mk;
    memset(&ns, 0, sizeof ns);
    memset(&mk, 0, sizeof mk);
    const char *area = yjpi_assessment_area(pubs[0].a);
    char b1[48], b2[48], b3[48], b4[48], pb[YJPI_PERIOD_TEXT_SIZE];
    int show_period = 1;
    const yjpi_value *partial = NULL;   /* a partial current value */
    yjpi_value first_cur;
    YJPI_INIT(first_cur);
    for (int k = 0; k < r->n_inds; k++) {
        if (strlen(cli_period(&r->period[k], pb, sizeof pb)) > 10)
            show_period = 0;
        const yjpi_value cv = pubs[k].cur.v;
        if (cv.partial && !partial) {
            first_cur = cv;
            partial = &first_cur;
            show_period = 0;
        }
    }

    rule('=');
    area_title(r, area);
    rule('-');
    pline("%-22s %-10s %9s %10s %9s %15s\n", "Indicator",
           show_period ? "Period" : "", "Previous", "This", "Change",
           r->opts.confidence == 0.95 ? "95% interval" : "Interval");
    for (int k = 0; k < r->n_inds; k++) {
        const pub *p = &pubs[k];
        fmt_value(&p->prev, &ns, &mk, b1, sizeof b1);
        fmt_value(&p->cur, &ns, &mk, b2, sizeof b2);
        fmt_change(&p->ch_prev, p->ch_prev_sup, r->inds[k], &ns, &mk, b3, sizeof b3);
        fmt_interval(r, &p->cur, &ns, b4, sizeof b4);
        pline("%-22s %-10s %9s %10s %9s %15s\n", label(r->inds[k]),
              show_period ? cli_period(&r->period[k], pb, sizeof pb) : "",
              b1, b2, b3, b4);
    }

    /* counts behind the figures */
    printf("\n");
    int done_family[3] = {0, 0, 0};
    for (int k = 0; k < r->n_inds; k++) {
        int f = family(r->inds[k]);
        if (done_family[f]++)
            continue;
        const dval *dc = &pubs[k].cur, *dp = &pubs[k].prev;
        const yjpi_value cur = dc->v, prev = dp->v;
        int hp = dp->found;
        char c1[24], c2[24], c3[24], p1[24], p2[24], p3[24], pp[YJPI_PERIOD_TEXT_SIZE];
        value_period(&cur, pb, sizeof pb);
        cli_period(&prev.period, pp, sizeof pp);
        if (f == 0) {
            int len = printf("FTE %s: %s first time entrants", pb,
                             pcount(dc, C_NUM, c1, sizeof c1));
            if (hp)
                len += printf(" (%s: %s)", pp, pcount(dp, C_NUM, p1, sizeof p1));
            if (cur.population > 0 && isfinite(cur.population)) {
                char pop[48];
                snprintf(pop, sizeof pop, "; population %.0f", cur.population);
                if (len + (int)strlen(pop) > 80)   /* keep to 80 columns */
                    printf("\n  population %.0f", cur.population);
                else
                    fputs(pop, stdout);
            }
            printf("\n");
        } else if (f == 1) {
            printf("Reoffending cohort %s: %s members, %s reoffended, %s re-offences\n",
                   pb, pcount(dc, C_COHORT, c1, sizeof c1),
                   pcount(dc, C_REOFFENDERS, c2, sizeof c2),
                   pcount(dc, C_REOFFENCES, c3, sizeof c3));
            if (hp)
                printf("  (%s: %s members, %s reoffended, %s re-offences)\n", pp,
                       pcount(dp, C_COHORT, p1, sizeof p1),
                       pcount(dp, C_REOFFENDERS, p2, sizeof p2),
                       pcount(dp, C_REOFFENCES, p3, sizeof p3));
            if (pubs[k].a && (dc->supc & C_NORELEASE || cur.custody_no_release))
                printf("  %s custodial outcome(s) without a release date: not "
                       "index events\n", pcount(dc, C_NORELEASE, c1, sizeof c1));
        } else {
            printf("Custody %s: %s custodial of %s court sentencing occasions\n",
                   pb, pcount(dc, C_NUM, c1, sizeof c1),
                   pcount(dc, C_COURT, c2, sizeof c2));
            if (hp)
                printf("  (%s: %s custodial of %s court sentencing occasions)\n", pp,
                       pcount(dp, C_NUM, p1, sizeof p1),
                       pcount(dp, C_COURT, p2, sizeof p2));
        }
    }

    /* comparisons */
    pline("\n%-24s %9s %-7s %-8s %-22s %-5s\n", "Compared with", "Value",
           "Verdict", "Target", "Trend", "RAG");
    for (int k = 0; k < r->n_inds; k++) {
        const pub *p = &pubs[k];
        int ind = r->inds[k];
        int sup = p->cur.sup;
        int tv = p->target_verdict;
        if (tv == SUPPRESSED) {
            snprintf(b1, sizeof b1, "~");
        } else if (tv == YJPI_TARGET_NONE) {
            snprintf(b1, sizeof b1, "-");
        } else if (tv == YJPI_TARGET_NOT_ASSESSABLE) {
            int why = YJPI_ASSESS_OK;
            for (size_t t = 0; t < p->nt; t++)
                if (p->t[t].status != YJPI_ASSESS_OK && why == YJPI_ASSESS_OK)
                    why = p->t[t].status;
            if (why == YJPI_ASSESS_PARTIAL_PERIOD)
                snprintf(b1, sizeof b1, "n/a[%d]", note(&ns, "%s",
                         "Target: not assessed (partial period)"));
            else
                snprintf(b1, sizeof b1, "n/a[%d]", note(&ns, "%s target: %s", label(ind),
                         yjpi_assess_status_text(why)));
        } else {
            snprintf(b1, sizeof b1, "%s", yjpi_target_verdict_name(tv));
        }
        const yjpi_trend_assessment tr = p->trend;
        if (p->trend_sup)
            snprintf(b2, sizeof b2, "~");
        else if (tr.status == YJPI_ASSESS_PARTIAL_PERIOD)
            snprintf(b2, sizeof b2, "n/a[%d]", note(&ns, "%s",
                     "Trend: not assessed (partial period)"));
        else if (tr.status != YJPI_ASSESS_OK)
            snprintf(b2, sizeof b2, "n/a[%d]", note(&ns, "%s trend: %s", label(ind),
                     yjpi_assess_status_text(tr.status)));
        else
            snprintf(b2, sizeof b2, "%s", trend_text(&tr));
        const yjpi_rag_result rag = p->rag;
        pline("%-24s %9s %-7s %-8s %-22s %-5s\n", label(ind), "", "", b1, b2,
               p->rag_sup ? "~" : rag.rag == YJPI_RAG_NONE ? "-" : yjpi_rag_name(rag.rag));
        for (size_t b = 0; b < p->nb; b++) {
            const yjpi_benchmark_result br = p->b[b];
            if (!benchmark_shown(r, area, br.name))
                continue;
            char name[24];
            snprintf(name, sizeof name, "%s", br.name);
            if (br.status == YJPI_ASSESS_BENCHMARK_MISSING) {
                snprintf(b3, sizeof b3, "n/a[%d]", note(&ns, "%s: no value for %s",
                         br.name, cli_period(&r->period[k], pb, sizeof pb)));
                b4[0] = '\0';
            } else {
                snprintf(b3, sizeof b3, isfinite(br.benchmark) ? "%.*f" : "n/a",
                         decimals(ind), br.benchmark);
                if (sup || br.status == SUPPRESSED)
                    snprintf(b4, sizeof b4, "~");
                else if (br.status != YJPI_ASSESS_OK)
                    snprintf(b4, sizeof b4, "n/a[%d]", note(&ns, "%s vs %s: %s",
                             label(ind), br.name, yjpi_assess_status_text(br.status)));
                else
                    snprintf(b4, sizeof b4, "%s", yjpi_benchmark_verdict_name(br.verdict));
            }
            pline("  %-22s %9s %-7s\n", name, b3, b4);
        }
    }

    /* footnotes */
    mk.rounded = r->opts.round_to > 1;
    if (mk.provisional || mk.history || mk.significant || mk.suppressed ||
        mk.rounded || mk.before_data || partial || ns.n)
        printf("\n");
    if (partial) {
        char d[16];
        printf("Partial period: the data end on %s, so %s covers only\n"
               "   part of %s; the previous period and the year earlier cover the\n"
               "   same stretch of theirs; a partial period gets no trend, target\n"
               "   or benchmark verdict.\n",
               cli_date(partial->covered_to, d, sizeof d),
               value_period(partial, b1, sizeof b1),
               cli_period(&partial->period, pb, sizeof pb));
    }
    if (mk.provisional)
        printf("p  provisional: follow-up or waiting period not over by as_of; the rate can\n"
               "   still rise, so changes and comparisons with it are not final\n");
    if (mk.history)
        printf("h  the extract may start too late to see earlier outcomes "
               "(history_start)\n");
    if (mk.before_data)
        printf("b  the period starts before the data: a count of 0 is no evidence "
               "of none\n");
    if (mk.significant)
        printf("*  significant change (p < %g)\n", r->opts.significance);
    if (mk.suppressed)
        printf("~  suppressed: fewer than %lld\n", (long long)r->opts.suppress_below);
    if (mk.rounded)
        printf("Counts are rounded to the nearest %lld; rates, intervals, changes "
               "and tests\nare computed from the rounded counts.\n",
               (long long)r->opts.round_to);
    for (int i = 0; i < ns.n; i++) {
        char line[200];
        snprintf(line, sizeof line, "[%d] %s", i + 1, ns.text[i]);
        if (strlen(line) > 80) {   /* wrap once at a space */
            size_t cut = 80;
            while (cut > 0 && line[cut] != ' ')
                cut--;
            line[cut] = '\0';
            printf("%s\n    %s\n", line, line + cut + 1);
        } else {
            printf("%s\n", line);
        }
    }
    printf("\n");
}

static void text_head(const report *r)
{
    char d[16], pb[YJPI_PERIOD_TEXT_SIZE];
    const yjpi_dataset *ds = r->ds;
    printf("Youth justice performance report\n");
    printf("Data:       %s, as of %s\n", r->cohort_path, cli_date(r->as_of, d, sizeof d));
    printf("Reference:  %s\n", r->ref_path);
    printf("Rows:       %llu read, %llu kept, %llu rejected, %llu excluded\n",
           (unsigned long long)yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ),
           (unsigned long long)yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT),
           (unsigned long long)yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED),
           (unsigned long long)yjpi_dataset_count(ds, YJPI_COUNT_ROWS_EXCLUDED));
    printf("            (excluded: %llu informal, %llu under 10)\n",
           (unsigned long long)yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_INFORMAL),
           (unsigned long long)yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_UNDER_10));
    if (r->period_given) {
        const yjpi_value pv = r->first[0];
        if (pv.partial)
            printf("Period:     %s for every indicator (partial period)\n",
                   value_period(&pv, pb, sizeof pb));
        else
            printf("Period:     %s for every indicator\n",
                   cli_period(&r->period[0], pb, sizeof pb));
    } else {
        int shown[3] = {0, 0, 0};
        const char *lead = "Periods:   ";
        for (int k = 0; k < r->n_inds; k++) {
            int f = family(r->inds[k]);
            if (shown[f]++)
                continue;
            cli_period(&r->period[k], pb, sizeof pb);
            if (f == 1)
                printf("%s reoffending %s: latest financial-year cohort that is final\n",
                       lead, pb);
            else
                printf("%s %s %s: latest financial year ended by as_of\n", lead,
                       f == 0 ? "FTE" : "custody", pb);
            lead = "           ";
        }
    }
    printf("Previous:   the period before; change in %% (percentage points, pp,\n"
           "            for percentages); intervals at %g%%\n\n",
           100.0 * r->opts.confidence);
}

/* ---- CSV and JSON --------------------------------------------------------- */

static const char *vstatus(int s) { return s ? yjpi_value_status_text(s) : "ok"; }
static const char *astatus(int s)
{
    return s == SUPPRESSED ? "suppressed" : s ? yjpi_assess_status_text(s) : "ok";
}

static const char *target_kind_name(int k)
{
    switch (k) {
    case YJPI_TARGET_MAX: return "max";
    case YJPI_TARGET_MIN: return "min";
    case YJPI_TARGET_CHANGE_MAX: return "change_max";
    case YJPI_TARGET_CHANGE_MIN: return "change_min";
    default: return "";
    }
}

static const char *method_name(int m)
{
    return m == YJPI_TREND_METHOD_PROPORTIONS ? "cochran-armitage"
         : m == YJPI_TREND_METHOD_VALUES ? "weighted regression" : "none";
}

/* A generic field writer so that CSV and JSON carry the same content. */
typedef struct out {
    int json;
    int depth;
    int first[16];
    int csv_header;     /* CSV: 1 = print names instead of values */
    int csv_first;
} out;

static void indent(out *o)
{
    static const char spaces[] = "                                "; /* 16 levels */
    fwrite(spaces, 1, 2 * (size_t)(o->depth < 16 ? o->depth : 16), stdout);
}

static void key(out *o, const char *name)
{
    if (o->json) {
        if (!o->first[o->depth])
            putchar(',');
        o->first[o->depth] = 0;
        putchar('\n');
        indent(o);
        if (name) {
            cli_json_string(stdout, name);
            fputs(": ", stdout);
        }
    } else {
        if (!o->csv_first)
            putchar(',');
        o->csv_first = 0;
    }
}

/* CSV field names are the JSON path joined with '_' (prefix stack). */
static char prefix[8][64];
static int n_prefix;

static void csv_name(const char *name)
{
    char buf[256] = "";
    for (int i = 0; i < n_prefix; i++) {
        strcat(buf, prefix[i]);
        strcat(buf, "_");
    }
    strcat(buf, name);
    fputs(buf, stdout);
}

static void f_str(out *o, const char *name, const char *s)
{
    key(o, name);
    if (o->json) {
        if (s)
            cli_json_string(stdout, s);
        else
            fputs("null", stdout);
    } else if (o->csv_header) {
        csv_name(name);
    } else {
        cli_csv_field(stdout, s);
    }
}

static void f_num(out *o, const char *name, double x, int valid)
{
    char nb[40];
    key(o, name);
    if (!o->json && o->csv_header)
        csv_name(name);
    else if (valid && isfinite(x))   /* never a bare nan or inf */
        fputs(cli_num(x, nb, sizeof nb), stdout);
    else if (o->json)
        fputs("null", stdout);
}

static void f_uint(out *o, const char *name, uint64_t x, int valid)
{
    key(o, name);
    if (!o->json && o->csv_header)
        csv_name(name);
    else if (valid)
        printf("%llu", (unsigned long long)x);
    else if (o->json)
        fputs("null", stdout);
}

static void f_bool(out *o, const char *name, int b)
{
    key(o, name);
    if (!o->json && o->csv_header)
        csv_name(name);
    else if (o->json)
        fputs(b ? "true" : "false", stdout);
    else
        putchar(b ? '1' : '0');
}

static void f_begin(out *o, const char *name, int array)
{
    if (o->json) {
        key(o, name);
        putchar(array ? '[' : '{');
        o->first[++o->depth] = 1;
    } else {
        snprintf(prefix[n_prefix++], sizeof prefix[0], "%s", name ? name : "");
    }
}

static void f_end(out *o, int array)
{
    if (o->json) {
        int empty = o->first[o->depth];
        o->depth--;
        if (!empty) {
            putchar('\n');
            indent(o);
        }
        putchar(array ? ']' : '}');
    } else {
        n_prefix--;
    }
}

/* A value block (current, previous or year earlier). */
static void f_value(out *o, const dval *d)
{
    char pb[YJPI_PERIOD_TEXT_SIZE];
    const yjpi_value *v = &d->v;
    int found = d->found, sup = d->sup;
    int ok = found && v->status == YJPI_VALUE_OK && !sup;
    int counts = found && !sup;
    f_str(o, "period", found ? cli_period(&v->period, pb, sizeof pb) : NULL);
    f_str(o, "status", !found ? "not in results" : sup ? "suppressed" : vstatus(v->status));
    f_num(o, "value", v->value, ok);
    f_num(o, "lower", v->lower, ok && v->interval_status == YJPI_VALUE_OK);
    f_num(o, "upper", v->upper, ok && v->interval_status == YJPI_VALUE_OK);
    f_str(o, "interval_status", !found ? NULL : sup ? "suppressed"
                                : vstatus(v->interval_status));
    f_num(o, "confidence", v->confidence, found);
    f_bool(o, "provisional", found && v->provisional);
    f_bool(o, "history_short", found && v->history_short);
    f_bool(o, "suppressed", sup);
    f_uint(o, "numerator", v->numerator,
           counts && !(d->supc & numerator_kind(v->indicator)));
    f_num(o, "denominator", v->denominator, counts && v->denominator > 0);
    f_num(o, "population", v->population, found && v->population > 0);
    int reo = family(v->indicator) == 1, cus = family(v->indicator) == 2;
    f_uint(o, "cohort_size", v->cohort_size, counts && reo && !(d->supc & C_COHORT));
    f_uint(o, "reoffenders", v->reoffenders, counts && reo && !(d->supc & C_REOFFENDERS));
    f_uint(o, "reoffences", v->reoffences, counts && reo && !(d->supc & C_REOFFENCES));
    f_uint(o, "custody_no_release", v->custody_no_release,
           counts && reo && !(d->supc & C_NORELEASE));
    f_uint(o, "court_occasions", v->court_occasions, counts && cus && !(d->supc & C_COURT));
}

static void f_change(out *o, const yjpi_change *c, int sup)
{
    int ok = c->status == YJPI_ASSESS_OK && !sup;
    f_str(o, "status", astatus(sup ? SUPPRESSED : c->status));
    f_num(o, "absolute", c->absolute, ok);
    f_bool(o, "points", c->points);
    f_num(o, "percent", c->percent, ok && c->percent_status == YJPI_ASSESS_OK);
    f_str(o, "percent_status", astatus(sup ? SUPPRESSED : c->percent_status));
    f_str(o, "direction", ok ? yjpi_direction_name(c->direction) : NULL);
    f_str(o, "test", yjpi_change_test_name(c->test));
    f_str(o, "test_status", astatus(sup ? SUPPRESSED : c->test_status));
    f_num(o, "p_value", c->p_value, ok && c->test_status == YJPI_ASSESS_OK);
    f_bool(o, "significant", ok && c->test_status == YJPI_ASSESS_OK && c->significant);
}

/* Benchmarks shown for a row (CSV pads to the maxima). */
static size_t shown_benchmarks(const report *r, const pub *p, size_t *idx)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nb; i++)
        if (benchmark_shown(r, yjpi_assessment_area(p->a), p->b[i].name))
            idx[n++] = i;
    return n;
}

static void f_coverage(out *o, const pub *p)
{
    char d[16];
    const yjpi_value *v = &p->cur.v;
    f_bool(o, "partial", v->partial);
    f_str(o, "covered_to", v->partial ? cli_date(v->covered_to, d, sizeof d) : NULL);
    f_bool(o, "before_data", v->before_data);
}

static void f_row(out *o, const report *r, const pub *p, size_t nb_pad, size_t nt_pad)
{
    char pb[YJPI_PERIOD_TEXT_SIZE];
    const char *area = yjpi_assessment_area(p->a);
    f_str(o, "area", area);
    f_str(o, "area_name", strcmp(area, "*") ? yjpi_reference_area_name(r->ref, area)
                                            : "All areas");
    f_str(o, "indicator", yjpi_indicator_name(p->cur.v.indicator));
    f_value(o, &p->cur);
    f_begin(o, "previous", 0);
    f_value(o, &p->prev);
    f_begin(o, "change", 0);
    f_change(o, &p->ch_prev, p->ch_prev_sup);
    f_end(o, 0);
    f_end(o, 0);
    f_begin(o, "year_earlier", 0);
    f_value(o, &p->year);
    f_begin(o, "change", 0);
    f_change(o, &p->ch_year, p->ch_year_sup);
    f_end(o, 0);
    f_end(o, 0);

    size_t bi[MAX_BENCH];
    size_t nb = shown_benchmarks(r, p, bi);
    f_begin(o, "benchmarks", 1);
    for (size_t i = 0; i < (o->json ? nb : nb_pad); i++) {
        char nm[24];
        snprintf(nm, sizeof nm, "%zu", i + 1);
        int have = i < nb;
        const yjpi_benchmark_result *b = have ? &p->b[bi[i]] : NULL;
        f_begin(o, o->json ? NULL : nm, 0);
        f_str(o, "name", have ? b->name : NULL);
        f_num(o, "value", have ? b->benchmark : 0,
              have && b->status != YJPI_ASSESS_BENCHMARK_MISSING);
        f_str(o, "status", have ? astatus(b->status) : NULL);
        f_str(o, "verdict", have && b->status == YJPI_ASSESS_OK ?
              yjpi_benchmark_verdict_name(b->verdict) : NULL);
        f_end(o, 0);
    }
    f_end(o, 1);

    size_t nt = p->nt;
    f_begin(o, "target", 0);
    f_str(o, "verdict", p->target_verdict == SUPPRESSED ? "suppressed"
                        : yjpi_target_verdict_name(p->target_verdict));
    f_begin(o, "targets", 1);
    for (size_t i = 0; i < (o->json ? nt : nt_pad); i++) {
        char nm[24];
        snprintf(nm, sizeof nm, "%zu", i + 1);
        int have = i < nt;
        const yjpi_target_result *t = have ? &p->t[i] : NULL;
        int tsup = have && t->status == SUPPRESSED;
        f_begin(o, o->json ? NULL : nm, 0);
        f_str(o, "kind", have ? target_kind_name(t->kind) : NULL);
        f_num(o, "bound", have ? t->bound : 0, have);
        f_num(o, "actual", have ? t->actual : 0, have && t->status == YJPI_ASSESS_OK);
        f_str(o, "status", have ? astatus(t->status) : NULL);
        f_str(o, "verdict", !have ? NULL : tsup ? "suppressed"
                            : yjpi_target_verdict_name(t->verdict));
        f_end(o, 0);
    }
    f_end(o, 1);
    f_end(o, 0);

    const yjpi_trend_assessment *t = &p->trend;
    int tsup = p->trend_sup;
    int tok = t->status == YJPI_ASSESS_OK && !tsup;
    f_begin(o, "trend", 0);
    f_str(o, "status", astatus(tsup ? SUPPRESSED : t->status));
    f_str(o, "verdict", tsup ? "suppressed" : yjpi_trend_verdict_name(t->verdict));
    f_str(o, "direction", !tsup && t->direction ? yjpi_direction_name(t->direction) : NULL);
    f_str(o, "method", method_name(t->method));
    f_uint(o, "points", t->points, 1);
    f_str(o, "first", tok ? cli_period(&t->first, pb, sizeof pb) : NULL);
    f_str(o, "last", tok ? cli_period(&t->last, pb, sizeof pb) : NULL);
    f_num(o, "chi2", t->chi2, tok);
    f_num(o, "slope", t->slope, tok);
    f_num(o, "p_value", t->p_value, tok);
    f_num(o, "level", t->level, 1);
    f_end(o, 0);

    f_begin(o, "rag", 0);
    f_str(o, "rating", p->rag_sup ? "suppressed" : yjpi_rag_name(p->rag.rag));
    f_str(o, "basis", p->rag_sup ? "none" : yjpi_rag_basis_name(p->rag.basis));
    f_str(o, "status", astatus(p->rag_sup ? SUPPRESSED : p->rag.status));
    f_str(o, "benchmark", p->rag.benchmark);
    f_end(o, 0);
    /* the coverage fields come last (csv: appended columns), when some
     * value of the report is partial or starts before the data */
    if (r->coverage)
        f_coverage(o, p);
}

/* CSV pads every row to the most benchmarks and targets any row shows:
 * worked out from the reference for the areas reported (benchmarks of the
 * indicator shown for the area; targets of the indicator and period for
 * the area or for any area), without assessing anything. */
static void csv_padding(const report *r, const char *const *areas, size_t n,
                        size_t *nb_pad, size_t *nt_pad)
{
    size_t nb_ref = yjpi_reference_benchmark_count(r->ref);
    size_t nt_ref = yjpi_reference_target_count(r->ref);
    *nb_pad = *nt_pad = 0;
    for (int k = 0; k < r->n_inds; k++)
        for (size_t i = 0; i < n; i++) {
            size_t nb = 0, nt = 0;
            for (size_t b = 0; b < nb_ref; b++)
                if (yjpi_reference_benchmark_indicator(r->ref, b) == r->inds[k]) {
                    const char *name = yjpi_reference_benchmark_name(r->ref, b);
                    nb += benchmark_shown(r, areas[i], name ? name : "");
                }
            for (size_t t = 0; t < nt_ref; t++) {
                yjpi_target tg;
                YJPI_INIT(tg);
                if (yjpi_reference_target(r->ref, t, &tg) != YJPI_OK)
                    continue;
                nt += tg.indicator == r->inds[k] &&
                      tg.period.start == r->period[k].start &&
                      tg.period.end == r->period[k].end &&
                      tg.kind >= YJPI_TARGET_MAX && tg.kind <= YJPI_TARGET_CHANGE_MIN &&
                      (!tg.area || !strcmp(tg.area, "*") || !strcmp(tg.area, areas[i]));
            }
            if (nb > *nb_pad) *nb_pad = nb;
            if (nt > *nt_pad) *nt_pad = nt;
        }
    if (*nb_pad > MAX_BENCH)
        *nb_pad = MAX_BENCH;
    if (*nt_pad > MAX_TARGETS)
        *nt_pad = MAX_TARGETS;
}

static void csv_head(const report *r, const pub *first, size_t nb_pad, size_t nt_pad)
{
    out o;
    memset(&o, 0, sizeof o);
    o.csv_header = 1;
    o.csv_first = 1;
    f_row(&o, r, first, nb_pad, nt_pad);
    putchar('\n');
}

static void csv_area(const report *r, const pub *pubs, size_t nb_pad, size_t nt_pad)
{
    out o;
    memset(&o, 0, sizeof o);
    for (int k = 0; k < r->n_inds; k++) {
        o.csv_first = 1;
        f_row(&o, r, &pubs[k], nb_pad, nt_pad);
        putchar('\n');
    }
}

static void json_head(const report *r, out *o)
{
    char d[16];
    memset(o, 0, sizeof *o);
    o->json = 1;
    o->first[0] = 1;
    const yjpi_dataset *ds = r->ds;
    putchar('{');
    o->first[++o->depth] = 1;
    f_str(o, "schema", "yjpi-report/1");
    f_str(o, "library_version", yjpi_version());
    f_str(o, "cohort", r->cohort_path);
    f_str(o, "reference", r->ref_path);
    f_str(o, "as_of", cli_date(r->as_of, d, sizeof d));
    f_begin(o, "read", 0);
    f_uint(o, "rows_read", yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 1);
    f_uint(o, "rows_kept", yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), 1);
    f_uint(o, "rows_rejected", yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED), 1);
    f_uint(o, "rows_excluded", yjpi_dataset_count(ds, YJPI_COUNT_ROWS_EXCLUDED), 1);
    f_uint(o, "excluded_informal", yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_INFORMAL), 1);
    f_uint(o, "excluded_under_10", yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_UNDER_10), 1);
    f_uint(o, "persons", yjpi_dataset_count(ds, YJPI_COUNT_PERSONS), 1);
    f_uint(o, "custody_no_release", yjpi_dataset_count(ds, YJPI_COUNT_CUSTODY_NO_RELEASE), 1);
    f_end(o, 0);
    f_begin(o, "options", 0);
    f_num(o, "confidence", r->opts.confidence, 1);
    f_num(o, "significance", r->opts.significance, 1);
    f_uint(o, "followup_months", (uint64_t)r->opts.followup_months, 1);
    f_uint(o, "waiting_months", (uint64_t)r->opts.waiting_months, 1);
    f_uint(o, "cohort_months", (uint64_t)r->opts.cohort_months, 1);
    f_bool(o, "suppress", r->suppress);
    f_uint(o, "suppress_below", (uint64_t)r->opts.suppress_below, 1);
    f_uint(o, "round_to", (uint64_t)r->opts.round_to, 1);
    f_end(o, 0);
    f_begin(o, "areas", 1);
}

static void json_area(const report *r, out *o, const pub *pubs)
{
    const char *area = yjpi_assessment_area(pubs[0].a);
    f_begin(o, NULL, 0);
    f_str(o, "area", area);
    int star = !strcmp(area, "*");
    f_str(o, "name", star ? "All areas" : yjpi_reference_area_name(r->ref, area));
    f_str(o, "family", star ? NULL : yjpi_reference_area_family(r->ref, area));
    f_str(o, "region", star ? NULL : yjpi_reference_area_region(r->ref, area));
    f_begin(o, "indicators", 0);
    for (int k = 0; k < r->n_inds; k++) {
        f_begin(o, yjpi_indicator_name(r->inds[k]), 0);
        f_row(o, r, &pubs[k], 0, 0);
        f_end(o, 0);
    }
    f_end(o, 0);
    f_end(o, 0);
}

static void json_tail(out *o)
{
    f_end(o, 1);
    o->depth--;
    printf("\n}\n");
}

/* ---- SVG chart -------------------------------------------------------------- */

static void svg_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

/* A "nice" step for about n ticks over [0, max]. */
static double nice_step(double max, int n)
{
    double raw = max / n, mag = pow(10, floor(log10(raw))), f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
}

static int write_chart(const report *r, const char *path, const char *area)
{
    /* the first --indicator given, else fte_rate (reported or not) */
    int k = 0;
    if (!r->inds_given)
        for (int j = 0; j < r->n_inds; j++)
            if (r->inds[j] == YJPI_FTE_RATE)
                k = j;
    int ind = r->inds[k];
    yjpi_period last = r->period[k];
    size_t n = last.kind == YJPI_PERIOD_FINANCIAL_YEAR || last.kind == YJPI_PERIOD_YEAR ? 5 : 8;
    yjpi_request req;
    YJPI_INIT(req);
    const char *areas[1] = { area };
    req.indicators = &ind;
    req.n_indicators = 1;
    req.areas = areas;
    req.n_areas = 1;
    yjpi_results *res = NULL;
    yjpi_error err;
    if (yjpi_compute_series(r->ds, r->ref, &req, &last, n, 0, &res, &err) != YJPI_OK) {
        fprintf(stderr, "%s: chart: %s\n", prog, err.message);
        return CLI_EXIT_DATA;
    }
    yjpi_period per[8];
    yjpi_value v[8];
    yjpi_series_periods(&last, n, 0, per);
    double ymax = 0;
    int vsup[8] = {0}, any_sup = 0;
    for (size_t i = 0; i < n; i++) {
        YJPI_INIT(v[i]);
        if (yjpi_results_find(res, ind, area, &per[i], NULL, &v[i]) != YJPI_OK)
            v[i].status = YJPI_NC_NUMERIC;
        /* a point is drawn only from finite numbers that leave the axis
         * finite too (ymax x 1.05 below) */
        if (v[i].status == YJPI_VALUE_OK &&
            !(isfinite(v[i].value) && isfinite(v[i].lower) && isfinite(v[i].upper) &&
              v[i].upper < DBL_MAX / 2 && v[i].lower > -DBL_MAX / 2))
            v[i].status = YJPI_NC_NOT_FINITE;
        /* the chart is for people: disclosure control as in the text */
        dval d;
        disclose(r, disclosing(r, 1), &v[i], 1, 0, &d);
        v[i] = d.v;
        if (d.sup) {
            vsup[i] = any_sup = 1;
            v[i].status = YJPI_NC_NUMERIC;   /* no point, no band */
        }
        if (v[i].status == YJPI_VALUE_OK && v[i].upper > ymax)
            ymax = v[i].upper;
    }
    yjpi_results_free(res);
    /* benchmark series relevant to the area */
    size_t nbs = 0, bidx[8];
    for (size_t b = 0; b < yjpi_reference_benchmark_count(r->ref) && nbs < 8; b++)
        if (yjpi_reference_benchmark_indicator(r->ref, b) == ind &&
            benchmark_shown(r, area, yjpi_reference_benchmark_name(r->ref, b))) {
            int have = 0;   /* only series with a value in the chart's periods */
            for (size_t i = 0; i < n; i++) {
                double bv;
                if (yjpi_reference_benchmark_value(r->ref, b, &per[i], &bv) == YJPI_OK &&
                    isfinite(bv) && fabs(bv) < DBL_MAX / 2) {
                    have = 1;
                    if (bv > ymax)
                        ymax = bv;
                }
            }
            if (have)
                bidx[nbs++] = b;
        }
    if (!(ymax > 0))
        ymax = 1;
    double step = nice_step(ymax * 1.05, 5);
    double top = ceil(ymax * 1.05 / step) * step;

    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "%s: %s: cannot write the chart\n", prog, path);
        return CLI_EXIT_DATA;
    }
    const double W = 760, H = 440, L = 80, R = 230, T = 60, B = 70;
    const double pw = W - L - R, ph = H - T - B;
#define XS(i) (L + pw * ((double)(i) + 0.5) / (double)n)
#define YS(y) (T + ph * (1.0 - (y) / top))
    static const char *const bcol[8] = { "#d95f02", "#7570b3", "#e7298a", "#66a61e",
                                         "#e6ab02", "#a6761d", "#666666", "#1b9e77" };
    /* a dash pattern of its own for each benchmark, so that two benchmarks
     * with nearly equal values (E&W and a family) both stay visible */
    static const char *const bdash[4] = { "6,4", "2,3", "10,3,2,3", "12,6" };
    char pb[YJPI_PERIOD_TEXT_SIZE], pb2[YJPI_PERIOD_TEXT_SIZE];
    const char *aname = strcmp(area, "*") ? yjpi_reference_area_name(r->ref, area) : "All areas";
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
            "viewBox=\"0 0 %.0f %.0f\" font-family=\"Arial, Helvetica, sans-serif\">\n",
            W, H, W, H);
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
    fprintf(f, "<text class=\"title\" x=\"%.0f\" y=\"28\" font-size=\"18\" font-weight=\"bold\">",
            L);
    svg_text(f, label(ind));
    fputs(": ", f);
    svg_text(f, aname ? aname : area);
    if (strcmp(area, "*")) {
        fputs(" (", f);
        svg_text(f, area);
        fputs(")", f);
    }
    fprintf(f, "</text>\n<text x=\"%.0f\" y=\"46\" font-size=\"12\" fill=\"#444444\">", L);
    fprintf(f, "%s to %s, with %g%% confidence interval; data as of ",
            cli_period(&per[0], pb, sizeof pb), cli_period(&per[n - 1], pb2, sizeof pb2),
            100.0 * r->opts.confidence);
    char d[16];
    fprintf(f, "%s</text>\n", cli_date(r->as_of, d, sizeof d));
    /* grid and y axis */
    fprintf(f, "<g class=\"y-axis\" font-size=\"11\" fill=\"#333333\">\n");
    int dp = step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : 3;
    for (double y = 0; y <= top + step / 2; y += step) {
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>\n",
                L, YS(y), L + pw, YS(y));
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.*f</text>\n",
                L - 6, YS(y) + 4, dp, y);
    }
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333333\"/>\n",
            L, T, L, T + ph);
    fprintf(f, "<text class=\"y-label\" transform=\"translate(%.1f,%.1f) rotate(-90)\" "
            "text-anchor=\"middle\" font-size=\"12\">", 18.0, T + ph / 2);
    svg_text(f, unit(ind));
    fprintf(f, "</text>\n</g>\n");
    /* x axis */
    fprintf(f, "<g class=\"x-axis\" font-size=\"11\" fill=\"#333333\">\n");
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333333\"/>\n",
            L, T + ph, L + pw, T + ph);
    for (size_t i = 0; i < n; i++) {
        /* "2024/25 Q1" on two lines so that 8 labels fit */
        cli_period(&per[i], pb, sizeof pb);
        char *sp = strchr(pb, ' ');
        if (sp && pw / (double)n < 80) {
            *sp = '\0';
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s"
                    "<tspan x=\"%.1f\" dy=\"13\">%s</tspan></text>\n",
                    XS(i), T + ph + 16, pb, XS(i), sp + 1);
        } else {
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
                    XS(i), T + ph + 18, pb);
        }
    }
    fprintf(f, "<text class=\"x-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
            "font-size=\"12\">%s</text>\n", L + pw / 2, T + ph + 48,
            per[0].kind == YJPI_PERIOD_FINANCIAL_YEAR ? "Financial year" : "Period");
    fprintf(f, "</g>\n");
    /* interval band: one polygon per run of computable points */
    fprintf(f, "<g class=\"band\" fill=\"#1f78b4\" fill-opacity=\"0.18\" stroke=\"none\">\n");
    for (size_t i = 0; i < n;) {
        if (v[i].status != YJPI_VALUE_OK) { i++; continue; }
        size_t j = i;
        while (j < n && v[j].status == YJPI_VALUE_OK)
            j++;
        fprintf(f, "<polygon points=\"");
        for (size_t q = i; q < j; q++)
            fprintf(f, "%.1f,%.1f ", XS(q), YS(v[q].upper));
        for (size_t q = j; q-- > i;)
            fprintf(f, "%.1f,%.1f ", XS(q), YS(v[q].lower));
        fprintf(f, "\"/>\n");
        if (j == i + 1)   /* a single point: show its interval as a bar */
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"%.1f\"/>\n",
                    XS(i) - 4, YS(v[i].upper), YS(v[i].lower) - YS(v[i].upper));
        i = j;
    }
    fprintf(f, "</g>\n");
    /* benchmarks */
    for (size_t b = 0; b < nbs; b++) {
        fprintf(f, "<g class=\"benchmark\" stroke=\"%s\" fill=\"none\" stroke-width=\"2\" "
                "stroke-dasharray=\"%s\">\n<title>", bcol[b % 8], bdash[b % 4]);
        svg_text(f, yjpi_reference_benchmark_name(r->ref, bidx[b]));
        fprintf(f, "</title>\n<polyline points=\"");
        for (size_t i = 0; i < n; i++) {
            double bv;
            if (yjpi_reference_benchmark_value(r->ref, bidx[b], &per[i], &bv) == YJPI_OK)
                fprintf(f, "%.1f,%.1f ", XS(i), YS(bv));
        }
        fprintf(f, "\"/>\n");
        for (size_t i = 0; i < n; i++) {
            double bv;
            if (yjpi_reference_benchmark_value(r->ref, bidx[b], &per[i], &bv) == YJPI_OK)
                fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\" "
                        "stroke=\"none\"/>\n", XS(i), YS(bv), bcol[b % 8]);
        }
        fprintf(f, "</g>\n");
    }
    /* the series */
    fprintf(f, "<g class=\"series\" stroke=\"#1f78b4\" stroke-width=\"2.5\" fill=\"none\">\n"
            "<polyline points=\"");
    for (size_t i = 0; i < n; i++)
        if (v[i].status == YJPI_VALUE_OK)
            fprintf(f, "%.1f,%.1f ", XS(i), YS(v[i].value));
    fprintf(f, "\"/>\n");
    int any_prov = 0, any_na = 0, any_hist = 0;
    const yjpi_value *any_partial = NULL;
    for (size_t i = 0; i < n; i++) {
        if (v[i].status != YJPI_VALUE_OK) {
            any_na |= !vsup[i];
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\" "
                    "stroke=\"none\" fill=\"#666666\">%s</text>\n", XS(i), T + ph - 6,
                    vsup[i] ? "~" : "n/a");
            continue;
        }
        any_prov |= v[i].provisional;
        if (v[i].partial) {
            /* a partial period: a dashed ring, named in the legend */
            any_partial = &v[i];
            fprintf(f, "<circle class=\"partial\" cx=\"%.1f\" cy=\"%.1f\" r=\"5.5\" "
                    "fill=\"#ffffff\" stroke-dasharray=\"2,2\"/>\n",
                    XS(i), YS(v[i].value));
        } else {
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\"/>\n",
                    XS(i), YS(v[i].value), v[i].provisional ? "#ffffff" : "#1f78b4");
        }
        if (v[i].history_short) {   /* the text report's h marker */
            any_hist = 1;
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#1f78b4\" "
                    "stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">"
                    "h</text>\n", XS(i) + 7, YS(v[i].value) - 7);
        }
    }
    fprintf(f, "</g>\n");
    /* legend */
    double lx = L + pw + 20, ly = T + 10;
    fprintf(f, "<g class=\"legend\" font-size=\"12\" fill=\"#222222\">\n");
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1f78b4\" "
            "stroke-width=\"2.5\"/><circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"#1f78b4\"/>\n",
            lx, ly, lx + 28, ly, lx + 14, ly);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">", lx + 36, ly + 4);
    svg_text(f, aname ? aname : area);
    fprintf(f, "</text>\n");
    ly += 24;
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"28\" height=\"12\" fill=\"#1f78b4\" "
            "fill-opacity=\"0.18\"/>\n<text x=\"%.1f\" y=\"%.1f\">%g%% interval</text>\n",
            lx, ly - 6, lx + 36, ly + 4, 100.0 * r->opts.confidence);
    for (size_t b = 0; b < nbs; b++) {
        ly += 24;
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                "stroke-width=\"2\" stroke-dasharray=\"%s\"/>\n", lx, ly, lx + 28, ly,
                bcol[b % 8], bdash[b % 4]);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">", lx + 36, ly + 4);
        svg_text(f, yjpi_reference_benchmark_name(r->ref, bidx[b]));
        fprintf(f, "</text>\n");
    }
    if (any_prov) {
        ly += 24;
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"#ffffff\" "
                "stroke=\"#1f78b4\" stroke-width=\"2.5\"/>\n<text x=\"%.1f\" y=\"%.1f\">"
                "provisional</text>\n", lx + 14, ly, lx + 36, ly + 4);
    }
    if (any_partial) {
        char lb[64];
        ly += 24;
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5.5\" fill=\"#ffffff\" "
                "stroke=\"#1f78b4\" stroke-width=\"2.5\" stroke-dasharray=\"2,2\"/>\n"
                "<text x=\"%.1f\" y=\"%.1f\">partial: ", lx + 14, ly, lx + 36, ly + 4);
        svg_text(f, value_period(any_partial, lb, sizeof lb));
        fprintf(f, "</text>\n");
    }
    if (any_hist) {
        ly += 24;
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">h: extract may start too late</text>\n",
                lx, ly + 4);
    }
    if (any_na) {
        ly += 24;
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">n/a: not computable</text>\n", lx, ly + 4);
    }
    if (any_sup) {
        ly += 24;
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">~: suppressed (fewer than %lld)</text>\n",
                lx, ly + 4, (long long)r->opts.suppress_below);
    }
    fprintf(f, "</g>\n</svg>\n");
#undef XS
#undef YS
    if (fclose(f) != 0) {
        fprintf(stderr, "%s: %s: error writing the chart\n", prog, path);
        return CLI_EXIT_DATA;
    }
    return CLI_EXIT_OK;
}

/* ---- the report, area by area -------------------------------------------------
 *
 * The areas are assessed BATCH at a time (every indicator), written and
 * freed, so that memory follows one batch, not every area at once.  With
 * disclosure control and every area shown with the total, a first pass over
 * the batches keeps only the tallies secondary suppression needs.
 */

#define BATCH 4096

static void free_batch(const report *r, yjpi_assessments **as)
{
    for (int k = 0; k < r->n_inds; k++) {
        yjpi_assessments_free(as[k]);
        as[k] = NULL;
    }
}

static int assess_batch(const report *r, const char *const *areas, size_t n,
                        yjpi_assessments **as)
{
    yjpi_error err;
    for (int k = 0; k < r->n_inds; k++)
        if (yjpi_assess_areas(r->ds, r->ref, r->inds[k], areas, n, &r->period[k],
                              NULL, &as[k], &err) != YJPI_OK) {
            fprintf(stderr, "%s: %s\n", prog, err.message);
            free_batch(r, as);
            return CLI_EXIT_DATA;
        }
    return CLI_EXIT_OK;
}

static int run_report(report *r, const char *area, int fmt)
{
    /* --area, or every area of the data (in code order) and then "*" */
    size_t nd = area ? 0 : (size_t)yjpi_dataset_count(r->ds, YJPI_COUNT_AREAS), n = 0;
    const char **areas = malloc((nd + 1) * sizeof *areas);
    if (!areas) {
        fprintf(stderr, "%s: out of memory\n", prog);
        return CLI_EXIT_DATA;
    }
    if (area) {
        areas[n++] = area;
    } else {
        for (size_t i = 0; i < nd; i++) {
            const char *a = yjpi_dataset_area(r->ds, i);
            if (a)
                areas[n++] = a;
        }
        areas[n++] = "*";
    }
    int on = disclosing(r, fmt == 0), rc = CLI_EXIT_OK;
    yjpi_assessments *as[MAX_IND] = {NULL};
    pub *pubs = calloc((size_t)r->n_inds, sizeof *pubs);
    secondary *sec = NULL;
    if (!pubs) {
        fprintf(stderr, "%s: out of memory\n", prog);
        rc = CLI_EXIT_DATA;
        goto done;
    }
    if (on && !area && n > 2 && r->opts.suppress_below > 0) {
        sec = malloc(sizeof *sec);
        if (!sec) {
            fprintf(stderr, "%s: out of memory\n", prog);
            rc = CLI_EXIT_DATA;
            goto done;
        }
        secondary_init(sec);
        for (size_t s0 = 0; s0 + 1 < n; s0 += BATCH) {   /* the areas, not "*" */
            size_t m = n - 1 - s0 < BATCH ? n - 1 - s0 : BATCH;
            if ((rc = assess_batch(r, areas + s0, m, as)) != CLI_EXIT_OK)
                goto done;
            for (int k = 0; k < r->n_inds; k++)
                for (size_t i = 0; i < m; i++)
                    secondary_add(r, sec, k, s0 + i, yjpi_assessments_get(as[k], i));
            free_batch(r, as);
        }
    }
    out o;
    size_t nb_pad = 0, nt_pad = 0;
    flockfile(stdout);   /* one lock for the whole output, not one per write */
    if (fmt == 1)
        csv_padding(r, areas, n, &nb_pad, &nt_pad);
    for (size_t s0 = 0; s0 < n; s0 += BATCH) {
        size_t m = n - s0 < BATCH ? n - s0 : BATCH;
        if ((rc = assess_batch(r, areas + s0, m, as)) != CLI_EXIT_OK) {
            funlockfile(stdout);
            goto done;
        }
        if (s0 == 0) {   /* before the first row: every area shares the periods */
            for (int k = 0; k < r->n_inds; k++) {
                yjpi_value *cv = &r->first[k];
                YJPI_INIT(*cv);
                yjpi_assessment_value(yjpi_assessments_get(as[k], 0), YJPI_AT_CURRENT, cv);
                cv->area = cv->group = NULL;   /* owned by the batch */
                r->coverage |= cv->partial || cv->before_data;
            }
            /* the head only once the first batch is assessed: an error
             * (a period after the data) leaves standard output empty */
            if (fmt == 0)
                text_head(r);
            else if (fmt == 2)
                json_head(r, &o);
        }
        for (size_t i = 0; i < m; i++) {
            for (int k = 0; k < r->n_inds; k++)
                publish(r, on, k, s0 + i, sec, yjpi_assessments_get(as[k], i), &pubs[k]);
            if (fmt == 0) {
                text_area(r, pubs);
            } else if (fmt == 1) {
                if (s0 + i == 0)
                    csv_head(r, &pubs[0], nb_pad, nt_pad);
                csv_area(r, pubs, nb_pad, nt_pad);
            } else {
                json_area(r, &o, pubs);
            }
        }
        free_batch(r, as);
    }
    if (fmt == 2)
        json_tail(&o);
    funlockfile(stdout);
done:
    free_batch(r, as);
    free(sec);
    free(pubs);
    free(areas);
    return rc;
}

/* ---- main ------------------------------------------------------------------- */

static void add_indicators(report *r, const char *list)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *s = buf, *tok; (tok = strtok(s, ", ")) != NULL; s = NULL) {
        int ind = yjpi_indicator_from_name(tok);
        if (!ind)
            cli_usage_error(prog, "unknown indicator '%s' (see --help)", tok);
        int dup = 0;
        for (int k = 0; k < r->n_inds; k++)
            dup |= r->inds[k] == ind;
        if (!dup && r->n_inds < MAX_IND)
            r->inds[r->n_inds++] = ind;
    }
}

int main(int argc, char **argv)
{
    cli_check_stdout_at_exit(prog);
    report r;
    memset(&r, 0, sizeof r);
    const char *period_text = NULL, *area = NULL, *format = "text", *chart = NULL;
    cli_load_options lo = {0, 0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (cli_opt_value(prog, argc, argv, &i, "--cohort", &r.cohort_path) ||
                   cli_opt_value(prog, argc, argv, &i, "--reference", &r.ref_path) ||
                   cli_opt_value(prog, argc, argv, &i, "--period", &period_text) ||
                   cli_opt_value(prog, argc, argv, &i, "--area", &area) ||
                   cli_opt_value(prog, argc, argv, &i, "--format", &format) ||
                   cli_opt_value(prog, argc, argv, &i, "--chart", &chart)) {
            continue;
        } else if (cli_opt_value(prog, argc, argv, &i, "--indicator", &val)) {
            add_indicators(&r, val);
        } else if (!strcmp(a, "--lenient")) {
            lo.lenient = 1;
        } else if (!strcmp(a, "--progress")) {
            lo.progress = 1;
        } else if (!strcmp(a, "--suppress")) {
            r.suppress = 1;
        } else {
            cli_usage_error(prog, "unknown argument '%s'", a);
        }
    }
    if (!r.cohort_path || !r.ref_path)
        cli_usage_error(prog, "--cohort and --reference are required");
    int fmt = !strcmp(format, "text") ? 0 : !strcmp(format, "csv") ? 1
            : !strcmp(format, "json") ? 2 : -1;
    if (fmt < 0)
        cli_usage_error(prog, "--format must be text, csv or json, not '%s'", format);
    yjpi_period given;
    yjpi_error err;
    if (period_text) {
        if (yjpi_period_parse(period_text, &given, &err) != YJPI_OK)
            cli_usage_error(prog, "--period: %s", err.message);
        r.period_given = 1;
    }
    r.inds_given = r.n_inds > 0;
    if (r.n_inds == 0)
        for (int ind = YJPI_FTE_COUNT; ind < YJPI_INDICATOR_COUNT_; ind++)
            r.inds[r.n_inds++] = ind;

    int rc = cli_load(prog, r.cohort_path, r.ref_path, &lo, &r.ref, &r.ds);
    if (rc)
        return rc;
    cli_missing_column_notes(r.ds, r.inds, r.n_inds);
    YJPI_INIT(r.opts);
    yjpi_reference_get_options(r.ref, &r.opts);
    r.as_of = cli_as_of(r.ref, r.ds);

    if (area && !cli_area_known(prog, area, r.ds, r.ref, r.cohort_path, r.ref_path)) {
        rc = CLI_EXIT_USAGE;
        goto done;
    }
    if (r.as_of == YJPI_NO_DATE && !r.period_given) {
        fprintf(stderr, "%s: %s: no as_of and no outcomes: give --period\n", prog,
                r.ref_path);
        rc = CLI_EXIT_DATA;
        goto done;
    }
    for (int k = 0; k < r.n_inds; k++) {
        if (r.period_given)
            r.period[k] = given;
        else if (family(r.inds[k]) == 1)
            r.period[k] = latest_year(r.as_of,
                                      r.opts.followup_months + r.opts.waiting_months);
        else
            r.period[k] = latest_year(r.as_of, 0);
    }
    if (bench_groups(&r) != 0) {
        fprintf(stderr, "%s: out of memory\n", prog);
        rc = CLI_EXIT_DATA;
        goto done;
    }
    rc = run_report(&r, area, fmt);
    if (rc == 0 && chart)
        rc = write_chart(&r, chart, area ? area : "*");
done:
    free(r.bench_group);
    yjpi_dataset_free(r.ds);
    yjpi_reference_free(r.ref);
    /* a write error on stdout is reported at exit (cli_check_stdout_at_exit) */
    return rc;
}
