/*
 * yjpi-report - the performance table of a youth justice plan: each national
 * indicator this period against the previous period, with its interval,
 * benchmark comparisons, target status, RAG and trend; as text for people,
 * CSV or JSON for programs, and an SVG chart for board papers.
 *
 * A model of the public API: yjpi_reference_load, yjpi_dataset_load_csv
 * (with a progress callback), yjpi_assess_areas for the assessments, and
 * yjpi_compute_series for the chart.
 *
 * main.c: the options, loading, and the report run area by area; the
 * indicator labels and benchmark relevance every output shares.  The
 * parts are listed in report.h.
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
"and the RAG rating (docs/indicators.md section 9).\n"
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
CLI_HELP_LOAD_OPTIONS
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

int report__family(int ind)
{
    switch (ind) {
    case YJPI_FTE_COUNT: case YJPI_FTE_RATE: return 0;
    case YJPI_BINARY_RATE: case YJPI_FREQUENCY_RATE:
    case YJPI_REOFFENCES_PER_REOFFENDER: return 1;
    default: return 2;
    }
}

const char *report__label(int ind)
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

const char *report__unit(int ind)
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
int report__decimals(int ind)
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
 * the reference (worked out once per benchmark by report__bench_groups()). */
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

int report__bench_groups(report *r)
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

int report__benchmark_shown(const report *r, const char *area, const char *name)
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
const char *report__value_period(const yjpi_value *v, char *buf, size_t size)
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
            fprintf(stderr, "%s: %s\n", REPORT_PROG, err.message);
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
        fprintf(stderr, "%s: out of memory\n", REPORT_PROG);
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
    int on = report__disclosing(r, fmt == 0), rc = CLI_EXIT_OK;
    yjpi_assessments *as[MAX_IND] = {NULL};
    pub *pubs = calloc((size_t)r->n_inds, sizeof *pubs);
    secondary *sec = NULL;
    if (!pubs) {
        fprintf(stderr, "%s: out of memory\n", REPORT_PROG);
        rc = CLI_EXIT_DATA;
        goto done;
    }
    if (on && !area && n > 2 && r->opts.suppress_below > 0) {
        sec = malloc(sizeof *sec);
        if (!sec) {
            fprintf(stderr, "%s: out of memory\n", REPORT_PROG);
            rc = CLI_EXIT_DATA;
            goto done;
        }
        report__secondary_init(sec);
        for (size_t s0 = 0; s0 + 1 < n; s0 += BATCH) {   /* the areas, not "*" */
            size_t m = n - 1 - s0 < BATCH ? n - 1 - s0 : BATCH;
            if ((rc = assess_batch(r, areas + s0, m, as)) != CLI_EXIT_OK)
                goto done;
            for (int k = 0; k < r->n_inds; k++)
                for (size_t i = 0; i < m; i++)
                    report__secondary_add(r, sec, k, s0 + i, yjpi_assessments_get(as[k], i));
            free_batch(r, as);
        }
    }
    out o;
    size_t nb_pad = 0, nt_pad = 0;
    flockfile(stdout);   /* one lock for the whole output, not one per write */
    if (fmt == 1)
        report__csv_padding(r, areas, n, &nb_pad, &nt_pad);
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
                report__text_head(r);
            else if (fmt == 2)
                report__json_head(r, &o);
        }
        for (size_t i = 0; i < m; i++) {
            for (int k = 0; k < r->n_inds; k++)
                report__publish(r, on, k, s0 + i, sec, yjpi_assessments_get(as[k], i), &pubs[k]);
            if (fmt == 0) {
                report__text_area(r, pubs);
            } else if (fmt == 1) {
                if (s0 + i == 0)
                    report__csv_head(r, &pubs[0], nb_pad, nt_pad);
                report__csv_area(r, pubs, nb_pad, nt_pad);
            } else {
                report__json_area(r, &o, pubs);
            }
        }
        free_batch(r, as);
    }
    if (fmt == 2)
        report__json_tail(&o);
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
            cli_usage_error(REPORT_PROG, "unknown indicator '%s' (see --help)", tok);
        int dup = 0;
        for (int k = 0; k < r->n_inds; k++)
            dup |= r->inds[k] == ind;
        if (!dup && r->n_inds < MAX_IND)
            r->inds[r->n_inds++] = ind;
    }
}

int main(int argc, char **argv)
{
    cli_check_stdout_at_exit(REPORT_PROG);
    report r;
    memset(&r, 0, sizeof r);
    const char *period_text = NULL, *area = NULL, *format = "text", *chart = NULL;
    cli_load_options lo = {0, 0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (cli_opt_value(REPORT_PROG, argc, argv, &i, "--cohort", &r.cohort_path) ||
                   cli_opt_value(REPORT_PROG, argc, argv, &i, "--reference", &r.ref_path) ||
                   cli_opt_value(REPORT_PROG, argc, argv, &i, "--period", &period_text) ||
                   cli_opt_value(REPORT_PROG, argc, argv, &i, "--area", &area) ||
                   cli_opt_value(REPORT_PROG, argc, argv, &i, "--format", &format) ||
                   cli_opt_value(REPORT_PROG, argc, argv, &i, "--chart", &chart)) {
            continue;
        } else if (cli_opt_value(REPORT_PROG, argc, argv, &i, "--indicator", &val)) {
            add_indicators(&r, val);
        } else if (!strcmp(a, "--lenient")) {
            lo.lenient = 1;
        } else if (!strcmp(a, "--progress")) {
            lo.progress = 1;
        } else if (!strcmp(a, "--suppress")) {
            r.suppress = 1;
        } else {
            cli_usage_error(REPORT_PROG, "unknown argument '%s'", a);
        }
    }
    if (!r.cohort_path || !r.ref_path)
        cli_usage_error(REPORT_PROG, "--cohort and --reference are required");
    int fmt = !strcmp(format, "text") ? 0 : !strcmp(format, "csv") ? 1
            : !strcmp(format, "json") ? 2 : -1;
    if (fmt < 0)
        cli_usage_error(REPORT_PROG, "--format must be text, csv or json, not '%s'", format);
    yjpi_period given;
    yjpi_error err;
    if (period_text) {
        if (yjpi_period_parse(period_text, &given, &err) != YJPI_OK)
            cli_usage_error(REPORT_PROG, "--period: %s", err.message);
        r.period_given = 1;
    }
    r.inds_given = r.n_inds > 0;
    if (r.n_inds == 0)
        for (int ind = YJPI_FTE_COUNT; ind < YJPI_INDICATOR_COUNT_; ind++)
            r.inds[r.n_inds++] = ind;

    int rc = cli_load(REPORT_PROG, r.cohort_path, r.ref_path, &lo, &r.ref, &r.ds);
    if (rc)
        return rc;
    cli_missing_column_notes(r.ds, r.inds, r.n_inds);
    YJPI_INIT(r.opts);
    yjpi_reference_get_options(r.ref, &r.opts);
    r.as_of = cli_as_of(r.ref, r.ds);

    if (area && !cli_area_known(REPORT_PROG, area, r.ds, r.ref, r.cohort_path, r.ref_path)) {
        rc = CLI_EXIT_USAGE;
        goto done;
    }
    if (r.as_of == YJPI_NO_DATE && !r.period_given) {
        fprintf(stderr, "%s: %s: no as_of and no outcomes: give --period\n", REPORT_PROG,
                r.ref_path);
        rc = CLI_EXIT_DATA;
        goto done;
    }
    for (int k = 0; k < r.n_inds; k++) {
        if (r.period_given)
            r.period[k] = given;
        else if (report__family(r.inds[k]) == 1)
            r.period[k] = latest_year(r.as_of,
                                      r.opts.followup_months + r.opts.waiting_months);
        else
            r.period[k] = latest_year(r.as_of, 0);
    }
    if (report__bench_groups(&r) != 0) {
        fprintf(stderr, "%s: out of memory\n", REPORT_PROG);
        rc = CLI_EXIT_DATA;
        goto done;
    }
    rc = run_report(&r, area, fmt);
    if (rc == 0 && chart)
        rc = report__write_chart(&r, chart, area ? area : "*");
done:
    free(r.bench_group);
    yjpi_dataset_free(r.ds);
    yjpi_reference_free(r.ref);
    /* a write error on stdout is reported at exit (cli_check_stdout_at_exit) */
    return rc;
}
