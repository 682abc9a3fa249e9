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
"                     e.g. --period 2023/24\n"
"  --indicator NAME   an indicator to report (repeat, or separate names with\n"
"                     commas): fte_count fte_rate binary_rate frequency_rate\n"
"                     reoffences_per_reoffender custody_count custody_rate\n"
"                     custody_share.  Default: all of them.\n"
"                     e.g. --indicator fte_rate,custody_share\n"
"  --format FMT       text (default): an 80-column table; counts below the\n"
"                     reference's suppress_below are shown as ~ (and the\n"
"                     rates built on them), other counts rounded to round_to;\n"
"                     rates 2 dp, percentages 1 dp.\n"
"                     csv: one row per area and indicator; json: one document\n"
"                     (schema in the README).  Both hold every number\n"
"                     unrounded (shortest text that reads back exactly) and\n"
"                     are not suppressed unless --suppress is given.\n"
"                     e.g. --format json\n"
"  --suppress         apply disclosure control to csv and json too: counts\n"
"                     from 1 to below suppress_below and the values, intervals\n"
"                     and changes built on them become empty (csv) or null\n"
"                     (json) with suppressed = 1/true; other counts are rounded\n"
"                     to round_to.  (Text output is always suppressed.)\n"
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
    yjpi_assessments *as[MAX_IND];
    int period_given;
    int inds_given;
    size_t n_areas;
    int suppress;          /* apply disclosure control to csv/json */
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

/* Whether a value rests on a count that disclosure control hides. */
static int value_suppressed(const yjpi_value *v, int64_t below)
{
    if (below <= 0 || v->status != YJPI_VALUE_OK)
        return 0;
    switch (v->indicator) {
    case YJPI_BINARY_RATE:
        return cli_suppressed(v->reoffenders, below) || cli_suppressed(v->cohort_size, below);
    case YJPI_FREQUENCY_RATE:
        return cli_suppressed(v->reoffences, below) || cli_suppressed(v->cohort_size, below);
    case YJPI_REOFFENCES_PER_REOFFENDER:
        return cli_suppressed(v->reoffences, below) || cli_suppressed(v->reoffenders, below);
    case YJPI_CUSTODY_SHARE:
        return cli_suppressed(v->numerator, below) || cli_suppressed(v->court_occasions, below);
    default:
        return cli_suppressed(v->numerator, below);
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

static int benchmark_shown(const yjpi_reference *ref, const char *area,
                           const char *name)
{
    const char *fam = strcmp(area, "*") ? yjpi_reference_area_family(ref, area) : NULL;
    const char *reg = strcmp(area, "*") ? yjpi_reference_area_region(ref, area) : NULL;
    if ((fam && ends_with_word(name, fam)) || (reg && ends_with_word(name, reg)))
        return 1;
    for (size_t i = 0; i < yjpi_reference_area_count(ref); i++) {
        const char *code = yjpi_reference_area_code(ref, i);
        const char *f = yjpi_reference_area_family(ref, code);
        const char *r = yjpi_reference_area_region(ref, code);
        if ((f && ends_with_word(name, f)) || (r && ends_with_word(name, r)))
            return 0;
    }
    return 1;
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
    int provisional, history, significant, suppressed, rounded;
} markers;

static void fmt_value(const report *r, const yjpi_value *v, int found, notes *ns,
                      markers *mk, char *buf, size_t size)
{
    char pb[YJPI_PERIOD_TEXT_SIZE];
    if (!found) {
        snprintf(buf, size, "-");
        return;
    }
    if (v->status != YJPI_VALUE_OK) {
        snprintf(buf, size, "n/a[%d]", note(ns, "%s %s: %s", label(v->indicator),
                 cli_period(&v->period, pb, sizeof pb),
                 yjpi_value_status_text(v->status)));
        return;
    }
    if (value_suppressed(v, r->opts.suppress_below)) {
        mk->suppressed = 1;
        mk->provisional |= v->provisional;
        snprintf(buf, size, "%s", v->provisional ? "~p" : "~");
        return;
    }
    if (yjpi_indicator_measure(v->indicator) == YJPI_MEASURE_COUNT)
        cli_count((uint64_t)v->value, r->opts.suppress_below, r->opts.round_to, buf, size);
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
}

#define CHANGE_WIDTH 9 /* width of the Change column of the text table */

static void fmt_change(const report *r, const yjpi_change *c, const yjpi_value *from,
                       const yjpi_value *to, int ind, notes *ns, markers *mk,
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
    if (value_suppressed(from, r->opts.suppress_below) ||
        value_suppressed(to, r->opts.suppress_below)) {
        snprintf(buf, size, "~");
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

static void fmt_interval(const report *r, const yjpi_value *v, notes *ns,
                         char *buf, size_t size)
{
    if (v->status != YJPI_VALUE_OK) {
        buf[0] = '\0';
        return;
    }
    if (value_suppressed(v, r->opts.suppress_below)) {
        snprintf(buf, size, "~");
        return;
    }
    if (v->interval_status != YJPI_VALUE_OK) {
        snprintf(buf, size, "n/a[%d]", note(ns, "%s interval: %s", label(v->indicator),
                 yjpi_value_status_text(v->interval_status)));
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
    /* "L-U", or "L to U" when L is negative (a t interval of a mean can
     * reach below zero) so that the minus sign is not read as a dash */
    snprintf(buf, size, "%.*f%s%.*f", dp, v->lower, v->lower < 0 ? " to " : "-",
             dp, v->upper);
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

static void text_area(const report *r, size_t ai)
{
    notes ns;
    markers mk;
    memset(&ns, 0, sizeof ns);
    memset(&mk, 0, sizeof mk);
    const char *area = yjpi_assessment_area(yjpi_assessments_get(r->as[0], ai));
    char b1[48], b2[48], b3[48], b4[48], pb[YJPI_PERIOD_TEXT_SIZE];
    int show_period = 1;
    for (int k = 0; k < r->n_inds; k++)
        if (strlen(cli_period(&r->period[k], pb, sizeof pb)) > 10)
            show_period = 0;

    rule('=');
    area_title(r, area);
    rule('-');
    pline("%-22s %-10s %9s %10s %9s %15s\n", "Indicator",
           show_period ? "Period" : "", "Previous", "This", "Change",
           r->opts.confidence == 0.95 ? "95% interval" : "Interval");
    for (int k = 0; k < r->n_inds; k++) {
        const yjpi_assessment *a = yjpi_assessments_get(r->as[k], ai);
        yjpi_value cur, prev;
        YJPI_INIT(cur);
        YJPI_INIT(prev);
        yjpi_assessment_value(a, YJPI_AT_CURRENT, &cur);
        int have_prev = yjpi_assessment_value(a, YJPI_AT_PREVIOUS, &prev) == YJPI_OK;
        yjpi_change ch;
        YJPI_INIT(ch);
        yjpi_assessment_change(a, YJPI_AT_PREVIOUS, &ch);
        fmt_value(r, &prev, have_prev, &ns, &mk, b1, sizeof b1);
        fmt_value(r, &cur, 1, &ns, &mk, b2, sizeof b2);
        fmt_change(r, &ch, &prev, &cur, r->inds[k], &ns, &mk, b3, sizeof b3);
        fmt_interval(r, &cur, &ns, b4, sizeof b4);
        printf("%-22s %-10s %9s %10s %9s %15s\n", label(r->inds[k]),
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
        const yjpi_assessment *a = yjpi_assessments_get(r->as[k], ai);
        yjpi_value cur, prev;
        YJPI_INIT(cur);
        YJPI_INIT(prev);
        yjpi_assessment_value(a, YJPI_AT_CURRENT, &cur);
        int hp = yjpi_assessment_value(a, YJPI_AT_PREVIOUS, &prev) == YJPI_OK;
        int64_t sb = r->opts.suppress_below, rt = r->opts.round_to;
        char c1[24], c2[24], c3[24], p1[24], p2[24], p3[24], pp[YJPI_PERIOD_TEXT_SIZE];
        cli_period(&cur.period, pb, sizeof pb);
        cli_period(&prev.period, pp, sizeof pp);
        if (f == 0) {
            printf("FTE %s: %s first time entrants", pb,
                   cli_count(cur.numerator, sb, rt, c1, sizeof c1));
            if (hp)
                printf(" (%s: %s)", pp, cli_count(prev.numerator, sb, rt, p1, sizeof p1));
            if (cur.population > 0)
                printf("; population %.0f", cur.population);
            printf("\n");
        } else if (f == 1) {
            printf("Reoffending cohort %s: %s members, %s reoffended, %s re-offences\n",
                   pb, cli_count(cur.cohort_size, sb, rt, c1, sizeof c1),
                   cli_count(cur.reoffenders, sb, rt, c2, sizeof c2),
                   cli_count(cur.reoffences, sb, rt, c3, sizeof c3));
            if (hp)
                printf("  (%s: %s members, %s reoffended, %s re-offences)\n", pp,
                       cli_count(prev.cohort_size, sb, rt, p1, sizeof p1),
                       cli_count(prev.reoffenders, sb, rt, p2, sizeof p2),
                       cli_count(prev.reoffences, sb, rt, p3, sizeof p3));
            if (cur.custody_no_release)
                printf("  %s custodial outcome(s) without a release date: not "
                       "index events\n", cli_count(cur.custody_no_release, sb, rt,
                                                   c1, sizeof c1));
        } else {
            printf("Custody %s: %s custodial of %s court sentencing occasions\n",
                   pb, cli_count(cur.numerator, sb, rt, c1, sizeof c1),
                   cli_count(cur.court_occasions, sb, rt, c2, sizeof c2));
            if (hp)
                printf("  (%s: %s custodial of %s court sentencing occasions)\n", pp,
                       cli_count(prev.numerator, sb, rt, p1, sizeof p1),
                       cli_count(prev.court_occasions, sb, rt, p2, sizeof p2));
        }
    }

    /* comparisons */
    pline("\n%-24s %9s %-7s %-8s %-22s %-5s\n", "Compared with", "Value",
           "Verdict", "Target", "Trend", "RAG");
    for (int k = 0; k < r->n_inds; k++) {
        const yjpi_assessment *a = yjpi_assessments_get(r->as[k], ai);
        int ind = r->inds[k];
        yjpi_value cur;
        YJPI_INIT(cur);
        yjpi_assessment_value(a, YJPI_AT_CURRENT, &cur);
        int sup = value_suppressed(&cur, r->opts.suppress_below);
        int tv = yjpi_assessment_target_verdict(a);
        if (tv == YJPI_TARGET_NONE) {
            snprintf(b1, sizeof b1, "-");
        } else if (tv == YJPI_TARGET_NOT_ASSESSABLE) {
            int why = YJPI_ASSESS_OK;
            for (size_t t = 0; t < yjpi_assessment_target_count(a); t++) {
                yjpi_target_result tr;
                YJPI_INIT(tr);
                yjpi_assessment_target(a, t, &tr);
                if (tr.status != YJPI_ASSESS_OK && why == YJPI_ASSESS_OK)
                    why = tr.status;
            }
            snprintf(b1, sizeof b1, "n/a[%d]", note(&ns, "%s target: %s", label(ind),
                     yjpi_assess_status_text(why)));
        } else {
            snprintf(b1, sizeof b1, "%s", yjpi_target_verdict_name(tv));
        }
        yjpi_trend_assessment tr;
        YJPI_INIT(tr);
        yjpi_assessment_trend(a, &tr);
        if (tr.status != YJPI_ASSESS_OK)
            snprintf(b2, sizeof b2, "n/a[%d]", note(&ns, "%s trend: %s", label(ind),
                     yjpi_assess_status_text(tr.status)));
        else
            snprintf(b2, sizeof b2, "%s", trend_text(&tr));
        yjpi_rag_result rag;
        YJPI_INIT(rag);
        yjpi_assessment_rag(a, &rag);
        pline("%-24s %9s %-7s %-8s %-22s %-5s\n", label(ind), "", "", b1, b2,
               rag.rag == YJPI_RAG_NONE ? "-" : yjpi_rag_name(rag.rag));
        for (size_t b = 0; b < yjpi_assessment_benchmark_count(a); b++) {
            yjpi_benchmark_result br;
            YJPI_INIT(br);
            yjpi_assessment_benchmark(a, b, &br);
            if (!benchmark_shown(r->ref, area, br.name))
                continue;
            char name[24];
            snprintf(name, sizeof name, "%s", br.name);
            if (br.status == YJPI_ASSESS_BENCHMARK_MISSING) {
                snprintf(b3, sizeof b3, "n/a[%d]", note(&ns, "%s: no value for %s",
                         br.name, cli_period(&r->period[k], pb, sizeof pb)));
                b4[0] = '\0';
            } else {
                snprintf(b3, sizeof b3, "%.*f", decimals(ind), br.benchmark);
                if (sup)
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
        mk.rounded || ns.n)
        printf("\n");
    if (mk.provisional)
        printf("p  provisional: follow-up or waiting period not over by as_of; the rate can\n"
               "   still rise, so changes and comparisons with it are not final\n");
    if (mk.history)
        printf("h  the extract may start too late to see earlier outcomes "
               "(history_start)\n");
    if (mk.significant)
        printf("*  significant change (p < %g)\n", r->opts.significance);
    if (mk.suppressed)
        printf("~  suppressed: fewer than %lld\n", (long long)r->opts.suppress_below);
    if (mk.rounded)
        printf("Counts are rounded to the nearest %lld; rates, changes and tests "
               "use exact counts.\n", (long long)r->opts.round_to);
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

static void text_report(const report *r)
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
    for (size_t i = 0; i < r->n_areas; i++)
        text_area(r, i);
}

/* ---- CSV and JSON --------------------------------------------------------- */

typedef struct row {
    const yjpi_assessment *a;
    yjpi_value cur, prev, year;
    int have_prev, have_year;
    yjpi_change ch_prev, ch_year;
    yjpi_trend_assessment trend;
    yjpi_rag_result rag;
} row;

static void load_row(const yjpi_assessment *a, row *w)
{
    memset(w, 0, sizeof *w);
    w->a = a;
    YJPI_INIT(w->cur);
    YJPI_INIT(w->prev);
    YJPI_INIT(w->year);
    YJPI_INIT(w->ch_prev);
    YJPI_INIT(w->ch_year);
    YJPI_INIT(w->trend);
    YJPI_INIT(w->rag);
    yjpi_assessment_value(a, YJPI_AT_CURRENT, &w->cur);
    w->have_prev = yjpi_assessment_value(a, YJPI_AT_PREVIOUS, &w->prev) == YJPI_OK;
    w->have_year = yjpi_assessment_value(a, YJPI_AT_YEAR_EARLIER, &w->year) == YJPI_OK;
    yjpi_assessment_change(a, YJPI_AT_PREVIOUS, &w->ch_prev);
    yjpi_assessment_change(a, YJPI_AT_YEAR_EARLIER, &w->ch_year);
    yjpi_assessment_trend(a, &w->trend);
    yjpi_assessment_rag(a, &w->rag);
}

static const char *vstatus(int s) { return s ? yjpi_value_status_text(s) : "ok"; }
static const char *astatus(int s) { return s ? yjpi_assess_status_text(s) : "ok"; }

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
    for (int i = 0; i < o->depth; i++)
        fputs("  ", stdout);
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
    else if (valid)
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
static void f_value(out *o, const report *r, const yjpi_value *v, int found)
{
    char pb[YJPI_PERIOD_TEXT_SIZE];
    int sup = r->suppress && found && value_suppressed(v, r->opts.suppress_below);
    int ok = found && v->status == YJPI_VALUE_OK && !sup;
    int counts = found && !sup;
    int64_t rt = r->suppress ? r->opts.round_to : 1;
    f_str(o, "period", found ? cli_period(&v->period, pb, sizeof pb) : NULL);
    f_str(o, "status", found ? vstatus(v->status) : "not in results");
    f_num(o, "value", v->value, ok);
    f_num(o, "lower", v->lower, ok && v->interval_status == YJPI_VALUE_OK);
    f_num(o, "upper", v->upper, ok && v->interval_status == YJPI_VALUE_OK);
    f_str(o, "interval_status", found ? vstatus(v->interval_status) : NULL);
    f_num(o, "confidence", v->confidence, found);
    f_bool(o, "provisional", found && v->provisional);
    f_bool(o, "history_short", found && v->history_short);
    f_bool(o, "suppressed", sup);
    f_uint(o, "numerator", cli_round_count(v->numerator, rt), counts);
    f_num(o, "denominator", v->denominator, counts && v->denominator > 0 &&
          !(r->suppress && yjpi_indicator_measure(v->indicator) != YJPI_MEASURE_RATE &&
            r->opts.round_to > 1));
    f_num(o, "population", v->population, found && v->population > 0);
    int reo = family(v->indicator) == 1, cus = family(v->indicator) == 2;
    f_uint(o, "cohort_size", cli_round_count(v->cohort_size, rt), counts && reo);
    f_uint(o, "reoffenders", cli_round_count(v->reoffenders, rt), counts && reo);
    f_uint(o, "reoffences", cli_round_count(v->reoffences, rt), counts && reo);
    f_uint(o, "custody_no_release", cli_round_count(v->custody_no_release, rt),
           counts && reo);
    f_uint(o, "court_occasions", cli_round_count(v->court_occasions, rt), counts && cus);
}

static void f_change(out *o, const report *r, const yjpi_change *c,
                     const yjpi_value *from, const yjpi_value *to)
{
    int sup = r->suppress && (value_suppressed(from, r->opts.suppress_below) ||
                              value_suppressed(to, r->opts.suppress_below));
    int ok = c->status == YJPI_ASSESS_OK && !sup;
    f_str(o, "status", astatus(c->status));
    f_num(o, "absolute", c->absolute, ok);
    f_bool(o, "points", c->points);
    f_num(o, "percent", c->percent, ok && c->percent_status == YJPI_ASSESS_OK);
    f_str(o, "percent_status", astatus(c->percent_status));
    f_str(o, "direction", c->status == YJPI_ASSESS_OK ? yjpi_direction_name(c->direction) : NULL);
    f_str(o, "test", yjpi_change_test_name(c->test));
    f_str(o, "test_status", astatus(c->test_status));
    f_num(o, "p_value", c->p_value, ok && c->test_status == YJPI_ASSESS_OK);
    f_bool(o, "significant", ok && c->test_status == YJPI_ASSESS_OK && c->significant);
}

/* Benchmarks and targets shown for a row (CSV pads to the maxima). */
static size_t shown_benchmarks(const report *r, const yjpi_assessment *a,
                               yjpi_benchmark_result *b, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < yjpi_assessment_benchmark_count(a) && n < max; i++) {
        YJPI_INIT(b[n]);
        yjpi_assessment_benchmark(a, i, &b[n]);
        if (benchmark_shown(r->ref, yjpi_assessment_area(a), b[n].name))
            n++;
    }
    return n;
}

#define MAX_BENCH 16
#define MAX_TARGETS 8

static void f_row(out *o, const report *r, const row *w, size_t nb_pad, size_t nt_pad)
{
    char pb[YJPI_PERIOD_TEXT_SIZE];
    const char *area = yjpi_assessment_area(w->a);
    f_str(o, "area", area);
    f_str(o, "area_name", strcmp(area, "*") ? yjpi_reference_area_name(r->ref, area)
                                            : "All areas");
    f_str(o, "indicator", yjpi_indicator_name(w->cur.indicator));
    f_value(o, r, &w->cur, 1);
    f_begin(o, "previous", 0);
    f_value(o, r, &w->prev, w->have_prev);
    f_begin(o, "change", 0);
    f_change(o, r, &w->ch_prev, &w->prev, &w->cur);
    f_end(o, 0);
    f_end(o, 0);
    f_begin(o, "year_earlier", 0);
    f_value(o, r, &w->year, w->have_year);
    f_begin(o, "change", 0);
    f_change(o, r, &w->ch_year, &w->year, &w->cur);
    f_end(o, 0);
    f_end(o, 0);

    yjpi_benchmark_result b[MAX_BENCH];
    size_t nb = shown_benchmarks(r, w->a, b, MAX_BENCH);
    f_begin(o, "benchmarks", 1);
    for (size_t i = 0; i < (o->json ? nb : nb_pad); i++) {
        char nm[24];
        snprintf(nm, sizeof nm, "%zu", i + 1);
        int have = i < nb;
        f_begin(o, o->json ? NULL : nm, 0);
        f_str(o, "name", have ? b[i].name : NULL);
        f_num(o, "value", have ? b[i].benchmark : 0,
              have && b[i].status != YJPI_ASSESS_BENCHMARK_MISSING);
        f_str(o, "status", have ? astatus(b[i].status) : NULL);
        f_str(o, "verdict", have && b[i].status == YJPI_ASSESS_OK ?
              yjpi_benchmark_verdict_name(b[i].verdict) : NULL);
        f_end(o, 0);
    }
    f_end(o, 1);

    size_t nt = yjpi_assessment_target_count(w->a);
    f_begin(o, "target", 0);
    f_str(o, "verdict", yjpi_target_verdict_name(yjpi_assessment_target_verdict(w->a)));
    f_begin(o, "targets", 1);
    for (size_t i = 0; i < (o->json ? nt : nt_pad); i++) {
        char nm[24];
        snprintf(nm, sizeof nm, "%zu", i + 1);
        yjpi_target_result t;
        YJPI_INIT(t);
        int have = i < nt && yjpi_assessment_target(w->a, i, &t) == YJPI_OK;
        f_begin(o, o->json ? NULL : nm, 0);
        f_str(o, "kind", have ? target_kind_name(t.kind) : NULL);
        f_num(o, "bound", t.bound, have);
        f_num(o, "actual", t.actual, have && t.status == YJPI_ASSESS_OK);
        f_str(o, "status", have ? astatus(t.status) : NULL);
        f_str(o, "verdict", have ? yjpi_target_verdict_name(t.verdict) : NULL);
        f_end(o, 0);
    }
    f_end(o, 1);
    f_end(o, 0);

    const yjpi_trend_assessment *t = &w->trend;
    int tok = t->status == YJPI_ASSESS_OK;
    f_begin(o, "trend", 0);
    f_str(o, "status", astatus(t->status));
    f_str(o, "verdict", yjpi_trend_verdict_name(t->verdict));
    f_str(o, "direction", t->direction ? yjpi_direction_name(t->direction) : NULL);
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
    f_str(o, "rating", yjpi_rag_name(w->rag.rag));
    f_str(o, "basis", yjpi_rag_basis_name(w->rag.basis));
    f_str(o, "status", astatus(w->rag.status));
    f_str(o, "benchmark", w->rag.benchmark);
    f_end(o, 0);
}

static void csv_report(const report *r)
{
    size_t nb_pad = 0, nt_pad = 0;
    for (int k = 0; k < r->n_inds; k++)
        for (size_t i = 0; i < r->n_areas; i++) {
            const yjpi_assessment *a = yjpi_assessments_get(r->as[k], i);
            yjpi_benchmark_result b[MAX_BENCH];
            size_t nb = shown_benchmarks(r, a, b, MAX_BENCH);
            size_t nt = yjpi_assessment_target_count(a);
            if (nb > nb_pad) nb_pad = nb;
            if (nt > nt_pad) nt_pad = nt;
        }
    if (nt_pad > MAX_TARGETS)
        nt_pad = MAX_TARGETS;
    out o;
    memset(&o, 0, sizeof o);
    row w;
    load_row(yjpi_assessments_get(r->as[0], 0), &w);
    o.csv_header = 1;
    o.csv_first = 1;
    f_row(&o, r, &w, nb_pad, nt_pad);
    putchar('\n');
    o.csv_header = 0;
    for (size_t i = 0; i < r->n_areas; i++)
        for (int k = 0; k < r->n_inds; k++) {
            load_row(yjpi_assessments_get(r->as[k], i), &w);
            o.csv_first = 1;
            f_row(&o, r, &w, nb_pad, nt_pad);
            putchar('\n');
        }
}

static void json_report(const report *r)
{
    char d[16];
    out o;
    memset(&o, 0, sizeof o);
    o.json = 1;
    o.first[0] = 1;
    const yjpi_dataset *ds = r->ds;
    putchar('{');
    o.first[++o.depth] = 1;
    f_str(&o, "schema", "yjpi-report/1");
    f_str(&o, "library_version", yjpi_version());
    f_str(&o, "cohort", r->cohort_path);
    f_str(&o, "reference", r->ref_path);
    f_str(&o, "as_of", cli_date(r->as_of, d, sizeof d));
    f_begin(&o, "read", 0);
    f_uint(&o, "rows_read", yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 1);
    f_uint(&o, "rows_kept", yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), 1);
    f_uint(&o, "rows_rejected", yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED), 1);
    f_uint(&o, "rows_excluded", yjpi_dataset_count(ds, YJPI_COUNT_ROWS_EXCLUDED), 1);
    f_uint(&o, "excluded_informal", yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_INFORMAL), 1);
    f_uint(&o, "excluded_under_10", yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_UNDER_10), 1);
    f_uint(&o, "persons", yjpi_dataset_count(ds, YJPI_COUNT_PERSONS), 1);
    f_uint(&o, "custody_no_release", yjpi_dataset_count(ds, YJPI_COUNT_CUSTODY_NO_RELEASE), 1);
    f_end(&o, 0);
    f_begin(&o, "options", 0);
    f_num(&o, "confidence", r->opts.confidence, 1);
    f_num(&o, "significance", r->opts.significance, 1);
    f_uint(&o, "followup_months", (uint64_t)r->opts.followup_months, 1);
    f_uint(&o, "waiting_months", (uint64_t)r->opts.waiting_months, 1);
    f_uint(&o, "cohort_months", (uint64_t)r->opts.cohort_months, 1);
    f_bool(&o, "suppress", r->suppress);
    f_uint(&o, "suppress_below", (uint64_t)r->opts.suppress_below, 1);
    f_uint(&o, "round_to", (uint64_t)r->opts.round_to, 1);
    f_end(&o, 0);
    f_begin(&o, "areas", 1);
    for (size_t i = 0; i < r->n_areas; i++) {
        const char *area = yjpi_assessment_area(yjpi_assessments_get(r->as[0], i));
        f_begin(&o, NULL, 0);
        f_str(&o, "area", area);
        int star = !strcmp(area, "*");
        f_str(&o, "name", star ? "All areas" : yjpi_reference_area_name(r->ref, area));
        f_str(&o, "family", star ? NULL : yjpi_reference_area_family(r->ref, area));
        f_str(&o, "region", star ? NULL : yjpi_reference_area_region(r->ref, area));
        f_begin(&o, "indicators", 0);
        for (int k = 0; k < r->n_inds; k++) {
            row w;
            load_row(yjpi_assessments_get(r->as[k], i), &w);
            f_begin(&o, yjpi_indicator_name(r->inds[k]), 0);
            f_row(&o, r, &w, 0, 0);
            f_end(&o, 0);
        }
        f_end(&o, 0);
        f_end(&o, 0);
    }
    f_end(&o, 1);
    o.depth--;
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
    for (size_t i = 0; i < n; i++) {
        YJPI_INIT(v[i]);
        if (yjpi_results_find(res, ind, area, &per[i], NULL, &v[i]) != YJPI_OK)
            v[i].status = YJPI_NC_NUMERIC;
        if (v[i].status == YJPI_VALUE_OK && v[i].upper > ymax)
            ymax = v[i].upper;
    }
    yjpi_results_free(res);
    /* benchmark series relevant to the area */
    size_t nbs = 0, bidx[8];
    for (size_t b = 0; b < yjpi_reference_benchmark_count(r->ref) && nbs < 8; b++)
        if (yjpi_reference_benchmark_indicator(r->ref, b) == ind &&
            benchmark_shown(r->ref, area, yjpi_reference_benchmark_name(r->ref, b))) {
            int have = 0;   /* only series with a value in the chart's periods */
            for (size_t i = 0; i < n; i++) {
                double bv;
                if (yjpi_reference_benchmark_value(r->ref, b, &per[i], &bv) == YJPI_OK) {
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
    for (size_t i = 0; i < n; i++) {
        if (v[i].status != YJPI_VALUE_OK) {
            any_na = 1;
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\" "
                    "stroke=\"none\" fill=\"#666666\">n/a</text>\n", XS(i), T + ph - 6);
            continue;
        }
        any_prov |= v[i].provisional;
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\"/>\n",
                XS(i), YS(v[i].value), v[i].provisional ? "#ffffff" : "#1f78b4");
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
    if (any_hist) {
        ly += 24;
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">h: extract may start too late</text>\n",
                lx, ly + 4);
    }
    if (any_na) {
        ly += 24;
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">n/a: not computable</text>\n", lx, ly + 4);
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
    YJPI_INIT(r.opts);
    yjpi_reference_get_options(r.ref, &r.opts);
    r.as_of = cli_as_of(r.ref, r.ds);

    if (area && strcmp(area, "*")) {
        int known = 0;
        size_t na = (size_t)yjpi_dataset_count(r.ds, YJPI_COUNT_AREAS);
        for (size_t i = 0; i < na; i++)
            known |= !strcmp(yjpi_dataset_area(r.ds, i), area);
        for (size_t i = 0; i < yjpi_reference_area_count(r.ref); i++)
            known |= !strcmp(yjpi_reference_area_code(r.ref, i), area);
        if (!known) {
            fprintf(stderr, "%s: area %s is neither in %s nor in %s\n", prog, area,
                    r.cohort_path, r.ref_path);
            rc = CLI_EXIT_USAGE;
            goto done;
        }
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
        const char *one[1] = { area };
        if (yjpi_assess_areas(r.ds, r.ref, r.inds[k], area ? one : NULL, area ? 1 : 0,
                              &r.period[k], NULL, &r.as[k], &err) != YJPI_OK) {
            fprintf(stderr, "%s: %s\n", prog, err.message);
            rc = CLI_EXIT_DATA;
            goto done;
        }
    }
    r.n_areas = yjpi_assessments_count(r.as[0]);
    if (fmt == 0)
        text_report(&r);
    else if (fmt == 1)
        csv_report(&r);
    else
        json_report(&r);
    if (chart)
        rc = write_chart(&r, chart, area ? area : "*");
done:
    for (int k = 0; k < r.n_inds; k++)
        yjpi_assessments_free(r.as[k]);
    yjpi_dataset_free(r.ds);
    yjpi_reference_free(r.ref);
    /* a write error on stdout is reported at exit (cli_check_stdout_at_exit) */
    return rc;
}
