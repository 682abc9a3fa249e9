/*
 * text.c - yjpi-report's text output: the 80-column table of each area,
 * the counts behind it, the comparisons and the footnotes.
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
                 "but no population)", report__label(v->indicator),
                 cli_period(&v->period, pb, sizeof pb), yjpi_value_status_text(v->status),
                 (unsigned long)v->areas_without_population,
                 v->areas_without_population == 1 ? "" : "s"));
        return;
    }
    if (v->status != YJPI_VALUE_OK || !isfinite(v->value)) {
        snprintf(buf, size, "n/a[%d]", note(ns, "%s %s: %s", report__label(v->indicator),
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
        snprintf(buf, size, "%.*f", report__decimals(v->indicator), v->value);
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
            snprintf(buf, size, "n/a[%d]", note(ns, "%s change: %s", report__label(ind),
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
        snprintf(buf, size, "n/a[%d]", note(ns, "%s change: %s", report__label(ind),
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
        snprintf(mark, sizeof mark, "[%d]", note(ns, "%s change: %s", report__label(ind),
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
        snprintf(buf, size, "n/a[%d]", note(ns, "%s interval: %s", report__label(v->indicator),
                 yjpi_value_status_text(v->interval_status != YJPI_VALUE_OK
                                            ? v->interval_status : YJPI_NC_NOT_FINITE)));
        return;
    }
    int dp = report__decimals(v->indicator);
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
                      "the measure can take", report__label(v->indicator),
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
        snprintf(buf, size, "%llu", (unsigned long long)report__count_of(&d->v, kind));
    return buf;
}

/* The counts behind the figures, once per family of indicators. */
static void text_counts(const report *r, const pub *pubs)
{
    char pb[YJPI_PERIOD_TEXT_SIZE];
    printf("\n");
    int done_family[3] = {0, 0, 0};
    for (int k = 0; k < r->n_inds; k++) {
        int f = report__family(r->inds[k]);
        if (done_family[f]++)
            continue;
        const dval *dc = &pubs[k].cur, *dp = &pubs[k].prev;
        const yjpi_value cur = dc->v, prev = dp->v;
        int hp = dp->found;
        char c1[24], c2[24], c3[24], p1[24], p2[24], p3[24], pp[YJPI_PERIOD_TEXT_SIZE];
        report__value_period(&cur, pb, sizeof pb);
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
}

/* The benchmark, target, trend and RAG lines of each indicator. */
static void text_comparisons(const report *r, const pub *pubs, const char *area,
                             notes *ns)
{
    char b1[48], b2[48], b3[48], b4[48], pb[YJPI_PERIOD_TEXT_SIZE];
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
                snprintf(b1, sizeof b1, "n/a[%d]", note(ns, "%s",
                         "Target: not assessed (partial period)"));
            else
                snprintf(b1, sizeof b1, "n/a[%d]", note(ns, "%s target: %s", report__label(ind),
                         yjpi_assess_status_text(why)));
        } else {
            snprintf(b1, sizeof b1, "%s", yjpi_target_verdict_name(tv));
        }
        const yjpi_trend_assessment tr = p->trend;
        if (p->trend_sup)
            snprintf(b2, sizeof b2, "~");
        else if (tr.status == YJPI_ASSESS_PARTIAL_PERIOD)
            snprintf(b2, sizeof b2, "n/a[%d]", note(ns, "%s",
                     "Trend: not assessed (partial period)"));
        else if (tr.status != YJPI_ASSESS_OK)
            snprintf(b2, sizeof b2, "n/a[%d]", note(ns, "%s trend: %s", report__label(ind),
                     yjpi_assess_status_text(tr.status)));
        else
            snprintf(b2, sizeof b2, "%s", trend_text(&tr));
        const yjpi_rag_result rag = p->rag;
        pline("%-24s %9s %-7s %-8s %-22s %-5s\n", report__label(ind), "", "", b1, b2,
               p->rag_sup ? "~" : rag.rag == YJPI_RAG_NONE ? "-" : yjpi_rag_name(rag.rag));
        for (size_t b = 0; b < p->nb; b++) {
            const yjpi_benchmark_result br = p->b[b];
            if (!report__benchmark_shown(r, area, br.name))
                continue;
            char name[24];
            snprintf(name, sizeof name, "%s", br.name);
            if (br.status == YJPI_ASSESS_BENCHMARK_MISSING) {
                snprintf(b3, sizeof b3, "n/a[%d]", note(ns, "%s: no value for %s",
                         br.name, cli_period(&r->period[k], pb, sizeof pb)));
                b4[0] = '\0';
            } else {
                snprintf(b3, sizeof b3, isfinite(br.benchmark) ? "%.*f" : "n/a",
                         report__decimals(ind), br.benchmark);
                if (sup || br.status == SUPPRESSED)
                    snprintf(b4, sizeof b4, "~");
                else if (br.status != YJPI_ASSESS_OK)
                    snprintf(b4, sizeof b4, "n/a[%d]", note(ns, "%s vs %s: %s",
                             report__label(ind), br.name, yjpi_assess_status_text(br.status)));
                else
                    snprintf(b4, sizeof b4, "%s", yjpi_benchmark_verdict_name(br.verdict));
            }
            pline("  %-22s %9s %-7s\n", name, b3, b4);
        }
    }
}

/* The markers used and the numbered notes. */
static void text_footnotes(const report *r, const notes *ns, markers *mk,
                           const yjpi_value *partial)
{
    char b1[48], pb[YJPI_PERIOD_TEXT_SIZE];
    mk->rounded = r->opts.round_to > 1;
    if (mk->provisional || mk->history || mk->significant || mk->suppressed ||
        mk->rounded || mk->before_data || partial || ns->n)
        printf("\n");
    if (partial) {
        char d[16];
        printf("Partial period: the data end on %s, so %s covers only\n"
               "   part of %s; the previous period and the year earlier cover the\n"
               "   same stretch of theirs; a partial period gets no trend, target\n"
               "   or benchmark verdict.\n",
               cli_date(partial->covered_to, d, sizeof d),
               report__value_period(partial, b1, sizeof b1),
               cli_period(&partial->period, pb, sizeof pb));
    }
    if (mk->provisional)
        printf("p  provisional: follow-up or waiting period not over by as_of; the rate can\n"
               "   still rise, so changes and comparisons with it are not final\n");
    if (mk->history)
        printf("h  the extract may start too late to see earlier outcomes "
               "(history_start)\n");
    if (mk->before_data)
        printf("b  the period starts before the data: a count of 0 is no evidence "
               "of none\n");
    if (mk->significant)
        printf("*  significant change (p < %g)\n", r->opts.significance);
    if (mk->suppressed)
        printf("~  suppressed: fewer than %lld\n", (long long)r->opts.suppress_below);
    if (mk->rounded)
        printf("Counts are rounded to the nearest %lld; rates, intervals, changes "
               "and tests\nare computed from the rounded counts.\n",
               (long long)r->opts.round_to);
    for (int i = 0; i < ns->n; i++) {
        char line[200];
        snprintf(line, sizeof line, "[%d] %s", i + 1, ns->text[i]);
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

void report__text_area(const report *r, const pub *pubs)
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
        pline("%-22s %-10s %9s %10s %9s %15s\n", report__label(r->inds[k]),
              show_period ? cli_period(&r->period[k], pb, sizeof pb) : "",
              b1, b2, b3, b4);
    }

    text_counts(r, pubs);
    text_comparisons(r, pubs, area, &ns);
    text_footnotes(r, &ns, &mk, partial);
}

void report__text_head(const report *r)
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
                   report__value_period(&pv, pb, sizeof pb));
        else
            printf("Period:     %s for every indicator\n",
                   cli_period(&r->period[0], pb, sizeof pb));
    } else {
        int shown[3] = {0, 0, 0};
        const char *lead = "Periods:   ";
        for (int k = 0; k < r->n_inds; k++) {
            int f = report__family(r->inds[k]);
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


