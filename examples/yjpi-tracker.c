/*
 * yjpi-tracker - the live reoffending tracker: every member of a cohort
 * with the re-offences proven so far and the follow-up left, and the
 * provisional rates to date.  A model of yjpi/cohort.h with yjpi_compute().
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yjpi.h>

#include "cli.h"

static const char *prog = "yjpi-tracker";

static void usage(FILE *f)
{
    fprintf(f,
"Usage: yjpi-tracker --cohort FILE --reference FILE --period PERIOD\n"
"                    [--area CODE] [--format text|csv] [--lenient] [--progress]\n"
"\n"
"Lists every member of a proven-reoffending cohort (docs/indicators.md section 5)\n"
"as of the data's as_of date: person, area, index date and outcome, the\n"
"re-offences proven so far, when the 12-month follow-up ends and how many\n"
"days of it are left; then the cohort size, re-offenders, re-offences and\n"
"the binary and frequency rates to date, which equal the library's\n"
"(yjpi_compute) for the same period.  Rates of a cohort whose follow-up or\n"
"waiting period is not over are provisional and marked so.\n"
"\n"
"Options:\n"
"  --cohort FILE      cohort CSV file (\"-\" for standard input)\n"
"                     e.g. --cohort examples/data/cohort.csv\n"
"  --reference FILE   reference YAML file (options, as_of)\n"
"                     e.g. --reference examples/data/cohort.yaml\n"
"  --period PERIOD    cohort period: 2024/25, 2024/25 Q1, 2024 Q3, 2024-05,\n"
"                     '12m to 2025-03' or 2024-04-01..2024-06-30\n"
"                     e.g. --period '2024/25 Q1'\n"
"                     With option cohort_months 3 a year is four 3-month\n"
"                     cohorts pooled: a person can be listed once per cohort.\n"
"  --area CODE        one area (default: all areas together)\n"
"                     e.g. --area E06000001\n"
"  --format FMT       text (default): a table for people to read;\n"
"                     csv: the member table (dates ISO, every column), a\n"
"                     blank line, then a table of the rates with intervals\n"
"                     e.g. --format csv\n"
CLI_HELP_LOAD_OPTIONS
"\n"
"Example:\n"
"  yjpi-tracker --cohort examples/data/cohort.csv \\\n"
"      --reference examples/data/cohort.yaml --period '2024/25 Q1'\n"
"\n"
"Exit status: 0 success, 1 data error (message FILE:LINE:COLUMN: ...),\n"
"2 usage error.\n");
}

/* Rates to date from the library, for the same area and period. */
typedef struct rates {
    yjpi_value v[3];   /* binary, frequency, per reoffender */
} rates;

static const int rate_ind[3] = {
    YJPI_BINARY_RATE, YJPI_FREQUENCY_RATE, YJPI_REOFFENCES_PER_REOFFENDER
};

/* What the options ask for. */
typedef struct args {
    const char *cohort, *refpath, *area;
    yjpi_period period;
    int csv;
    cli_load_options lo;
} args;

static void parse_args(int argc, char **argv, args *o)
{
    const char *period_text = NULL, *format = "text";
    o->cohort = o->refpath = NULL;
    o->area = "*";
    o->lo.lenient = o->lo.progress = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            exit(0);
        } else if (cli_opt_value(prog, argc, argv, &i, "--cohort", &o->cohort) ||
                   cli_opt_value(prog, argc, argv, &i, "--reference", &o->refpath) ||
                   cli_opt_value(prog, argc, argv, &i, "--period", &period_text) ||
                   cli_opt_value(prog, argc, argv, &i, "--area", &o->area) ||
                   cli_opt_value(prog, argc, argv, &i, "--format", &format)) {
            continue;
        } else if (!strcmp(a, "--lenient")) {
            o->lo.lenient = 1;
        } else if (!strcmp(a, "--progress")) {
            o->lo.progress = 1;
        } else {
            cli_usage_error(prog, "unknown argument '%s'", a);
        }
    }
    if (!o->cohort || !o->refpath || !period_text)
        cli_usage_error(prog, "--cohort, --reference and --period are required");
    o->csv = 0;
    if (!strcmp(format, "csv"))
        o->csv = 1;
    else if (strcmp(format, "text"))
        cli_usage_error(prog, "--format must be text or csv, not '%s'", format);
    yjpi_error err;
    if (yjpi_period_parse(period_text, &o->period, &err) != YJPI_OK)
        cli_usage_error(prog, "--period: %s", err.message);
}

/* Builds the cohort and computes the rates of the same area and period,
 * checking that the two agree.  Returns a CLI_EXIT_ status. */
static int build(const args *o, const yjpi_dataset *ds, const yjpi_reference *ref,
                 yjpi_cohort **c, rates *r)
{
    yjpi_error err;
    yjpi_results *res = NULL;
    if (yjpi_cohort_build(ds, ref, o->area, &o->period, c, &err) != YJPI_OK) {
        fprintf(stderr, "%s: %s\n", prog, err.message);
        return CLI_EXIT_DATA;
    }
    yjpi_request req;
    YJPI_INIT(req);
    const char *areas[1] = { o->area };
    req.indicators = rate_ind;
    req.n_indicators = 3;
    req.areas = areas;
    req.n_areas = 1;
    req.periods = &o->period;
    req.n_periods = 1;
    if (yjpi_compute(ds, ref, &req, &res, &err) != YJPI_OK) {
        fprintf(stderr, "%s: %s\n", prog, err.message);
        return CLI_EXIT_DATA;
    }
    int rc = CLI_EXIT_OK;
    for (int k = 0; k < 3 && rc == CLI_EXIT_OK; k++) {
        YJPI_INIT(r->v[k]);
        if (yjpi_results_find(res, rate_ind[k], o->area, &o->period, NULL,
                              &r->v[k]) != YJPI_OK) {
            fprintf(stderr, "%s: internal error: no %s in the results\n", prog,
                    yjpi_indicator_name(rate_ind[k]));
            rc = CLI_EXIT_DATA;
        }
    }
    yjpi_results_free(res);
    if (rc != CLI_EXIT_OK)
        return rc;
    /* The member list and the library's rates rest on the same rules. */
    if (r->v[0].cohort_size != yjpi_cohort_count(*c, YJPI_COHORT_SIZE) ||
        r->v[0].reoffenders != yjpi_cohort_count(*c, YJPI_COHORT_REOFFENDERS) ||
        r->v[0].reoffences != yjpi_cohort_count(*c, YJPI_COHORT_REOFFENCES)) {
        fprintf(stderr, "%s: internal error: the member list does not add up "
                "to the computed cohort\n", prog);
        return CLI_EXIT_DATA;
    }
    return CLI_EXIT_OK;
}

/* CSV: one row per member, a blank line, then one row per rate. */
static void write_csv(const args *o, const yjpi_cohort *c, const rates *r)
{
    char pbuf[YJPI_PERIOD_TEXT_SIZE], d1[16], d2[16], d3[16], d4[16], nb[40];
    const char *area = o->area;
    const yjpi_period period = o->period;
    size_t n = yjpi_cohort_member_count(c);
    yjpi_date as_of = yjpi_cohort_as_of(c);
    printf("person_id,area,cohort,index_date,index_outcome,index_custodial,"
           "reoffences,first_reoffence,followup_end,waiting_end,"
           "followup_days_left,days_to_final,provisional\n");
    for (size_t i = 0; i < n; i++) {
        yjpi_cohort_member m;
        YJPI_INIT(m);
        yjpi_cohort_get(c, i, &m);
        cli_csv_field(stdout, m.person_id);
        putchar(',');
        cli_csv_field(stdout, m.area);
        printf(",%s,%s,%s,%d,%llu,%s,%s,%s,%lld,%lld,%d\n",
               cli_period(&m.cohort, pbuf, sizeof pbuf),
               cli_date(m.index_date, d1, sizeof d1),
               yjpi_outcome_name(m.index_outcome), (int)m.index_custodial,
               (unsigned long long)m.reoffences,
               cli_date(m.first_reoffence, d2, sizeof d2),
               cli_date(m.followup_end, d3, sizeof d3),
               cli_date(m.waiting_end, d4, sizeof d4),
               (long long)m.followup_days_left, (long long)m.days_to_final,
               (int)m.provisional);
    }
    /* a partial cohort (or one before the data) adds the coverage
     * columns at the end */
    const int coverage = r->v[0].partial || r->v[0].before_data;
    printf("\nindicator,area,period,as_of,status,value,lower,upper,"
           "confidence,cohort_size,reoffenders,reoffences,provisional%s\n",
           coverage ? ",partial,covered_to,before_data" : "");
    for (int k = 0; k < 3; k++) {
        const yjpi_value *v = &r->v[k];
        printf("%s,", yjpi_indicator_name(v->indicator));
        cli_csv_field(stdout, area);
        printf(",%s,%s,%s,", cli_period(&period, pbuf, sizeof pbuf),
               cli_date(as_of, d1, sizeof d1),
               v->status ? yjpi_value_status_text(v->status) : "ok");
        if (v->status == YJPI_VALUE_OK) {
            printf("%s,", cli_num(v->value, nb, sizeof nb));
            printf("%s,", cli_num(v->lower, nb, sizeof nb));
            printf("%s,", cli_num(v->upper, nb, sizeof nb));
        } else {
            printf(",,,");
        }
        printf("%s,%llu,%llu,%llu,%d", cli_num(v->confidence, nb, sizeof nb),
               (unsigned long long)v->cohort_size,
               (unsigned long long)v->reoffenders,
               (unsigned long long)v->reoffences, (int)v->provisional);
        if (coverage)
            printf(",%d,%s,%d", (int)v->partial,
                   v->partial ? cli_date(v->covered_to, d2, sizeof d2) : "",
                   (int)v->before_data);
        printf("\n");
    }
}

/* Text: the member table. */
static void text_members(const yjpi_cohort *c, int pooled)
{
    char pbuf[YJPI_PERIOD_TEXT_SIZE], d1[16], d2[16];
    size_t n = yjpi_cohort_member_count(c);
    int wid = 6;
    for (size_t i = 0; i < n; i++) {
        yjpi_cohort_member m;
        YJPI_INIT(m);
        yjpi_cohort_get(c, i, &m);
        if ((int)strlen(m.person_id) > wid)
            wid = (int)strlen(m.person_id);
    }
    cli_left(stdout, "Person", wid);
    printf(" %-9s", "Area");
    if (pooled)
        printf(" %-10s", "Cohort");
    printf(" %-10s %6s %-10s %4s %s\n", "Index", "Re-off", "Follow-up", "Days",
           "Index outcome");
    cli_left(stdout, "", wid);
    printf(" %-9s", "");
    if (pooled)
        printf(" %-10s", "");
    printf(" %-10s %6s %-10s %4s\n", "date", "so far", "ends", "left");
    for (size_t i = 0; i < n; i++) {
        yjpi_cohort_member m;
        YJPI_INIT(m);
        yjpi_cohort_get(c, i, &m);
        cli_left(stdout, m.person_id, wid);
        printf(" %-9s", m.area);
        if (pooled)
            printf(" %-10s", cli_period(&m.cohort, pbuf, sizeof pbuf));
        printf(" %-10s %6llu %-10s %4lld %s\n", cli_date(m.index_date, d1, sizeof d1),
               (unsigned long long)m.reoffences, cli_date(m.followup_end, d2, sizeof d2),
               (long long)m.followup_days_left, yjpi_outcome_name(m.index_outcome));
    }
    if (n == 0)
        printf("(no members)\n");
    printf("\n");
}

/* Text: the heading, the members, the counts and the rates. */
static void write_text(const args *o, const yjpi_dataset *ds, const yjpi_reference *ref,
                       const yjpi_cohort *c, const rates *r)
{
    char pbuf[YJPI_PERIOD_TEXT_SIZE], d1[16], d2[16];
    const char *area = o->area;
    yjpi_date as_of = yjpi_cohort_as_of(c);
    int pooled = yjpi_cohort_count(c, YJPI_COHORT_SUBCOHORTS) > 1;
    yjpi_options opts;
    YJPI_INIT(opts);
    yjpi_reference_get_options(ref, &opts);
    const char *aname = strcmp(area, "*") ? yjpi_reference_area_name(ref, area) : NULL;
    printf("Reoffending tracker: cohort %s, %s%s%s%s\n",
           cli_period(&o->period, pbuf, sizeof pbuf),
           strcmp(area, "*") ? (aname ? aname : area) : "all areas",
           aname ? " (" : "", aname ? area : "", aname ? ")" : "");
    printf("Data: %s, as of %s\nRows: %llu read, %llu kept, %llu rejected, "
           "%llu excluded\n", o->cohort, cli_date(as_of, d1, sizeof d1),
           (unsigned long long)yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ),
           (unsigned long long)yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT),
           (unsigned long long)yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED),
           (unsigned long long)yjpi_dataset_count(ds, YJPI_COUNT_ROWS_EXCLUDED));
    if (r->v[0].partial)
        printf("Partial period: the data end on %s; the cohort holds the members\n"
               "so far (index dates up to that day).\n",
               cli_date(r->v[0].covered_to, d2, sizeof d2));
    if (r->v[0].before_data)
        printf("The period starts before the data: members before them are "
               "not seen.\n");
    printf("Follow-up %d months, then %d months for outcomes", (int)opts.followup_months,
           (int)opts.waiting_months);
    if (pooled)
        printf("; %llu 3-month cohorts pooled",
               (unsigned long long)yjpi_cohort_count(c, YJPI_COHORT_SUBCOHORTS));
    printf(".\n\n");

    text_members(c, pooled);
    printf("Cohort size %llu, re-offenders %llu, re-offences %llu",
           (unsigned long long)yjpi_cohort_count(c, YJPI_COHORT_SIZE),
           (unsigned long long)yjpi_cohort_count(c, YJPI_COHORT_REOFFENDERS),
           (unsigned long long)yjpi_cohort_count(c, YJPI_COHORT_REOFFENCES));
    uint64_t prov = yjpi_cohort_count(c, YJPI_COHORT_PROVISIONAL);
    if (prov)
        printf("; %llu still in follow-up or waiting", (unsigned long long)prov);
    printf(".\n");
    static const char *const labels[3] = {
        "Binary rate (% re-offending)", "Frequency (re-offences/member)",
        "Re-offences per re-offender"
    };
    int truncated = 0;
    for (int k = 0; k < 3; k++) {
        const yjpi_value *v = &r->v[k];
        printf("%-31s ", labels[k]);
        if (v->status != YJPI_VALUE_OK || !isfinite(v->value)) {
            printf("n/a (%s)\n", yjpi_value_status_text(v->status ? v->status
                                                                  : YJPI_NC_NOT_FINITE));
            continue;
        }
        int dp = k == 0 ? 1 : 2;
        printf("%.*f", dp, v->value);
        if (v->interval_status == YJPI_VALUE_OK && isfinite(v->lower) && isfinite(v->upper))
            printf("  (%g%% interval %.*f%s to %.*f)", 100.0 * v->confidence, dp,
                   v->lower, v->interval_truncated ? "*" : "", dp, v->upper);
        truncated |= v->interval_truncated;
        printf("%s\n", v->provisional ? "  provisional" : "");
    }
    if (truncated)
        printf("* lower limit cut at the least value the measure can take "
               "(0 re-offences per\n  member, 1 per re-offender).\n");
    if (yjpi_cohort_provisional(c))
        printf("\nProvisional: re-offences are still being proven; the rates "
               "will rise until\nevery member's follow-up and waiting period "
               "is over.\n");
    uint64_t nr = yjpi_cohort_count(c, YJPI_COHORT_CUSTODY_NO_RELEASE);
    if (nr)
        printf("\nNote: %llu custodial outcome%s in the period without a release "
               "date %s not index events.\n", (unsigned long long)nr,
               nr == 1 ? "" : "s", nr == 1 ? "is" : "are");
}

int main(int argc, char **argv)
{
    cli_check_stdout_at_exit(prog);
    args o;
    parse_args(argc, argv, &o);

    yjpi_reference *ref = NULL;
    yjpi_dataset *ds = NULL;
    int rc = cli_load(prog, o.cohort, o.refpath, &o.lo, &ref, &ds);
    if (rc)
        return rc;
    static const int reoffending[] = {YJPI_BINARY_RATE};
    cli_missing_column_notes(ds, reoffending, 1);

    yjpi_cohort *c = NULL;
    rates r;
    if (!cli_area_known(prog, o.area, ds, ref, o.cohort, o.refpath))
        rc = CLI_EXIT_USAGE;
    else
        rc = build(&o, ds, ref, &c, &r);
    if (rc == CLI_EXIT_OK) {
        if (o.csv)
            write_csv(&o, c, &r);
        else
            write_text(&o, ds, ref, c, &r);
    }
    yjpi_cohort_free(c);
    yjpi_dataset_free(ds);
    yjpi_reference_free(ref);
    /* a write error on stdout is reported at exit (cli_check_stdout_at_exit) */
    return rc;
}
