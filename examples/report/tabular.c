/*
 * tabular.c - yjpi-report's CSV and JSON output: one field writer (f_*)
 * for both, so that the two carry the same content.
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

/* CSV field names are the JSON path joined with '_' (o->prefix stack). */
static void csv_name(const out *o, const char *name)
{
    char buf[256] = "";
    for (int i = 0; i < o->n_prefix; i++) {
        strcat(buf, o->prefix[i]);
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
        csv_name(o, name);
    } else {
        cli_csv_field(stdout, s);
    }
}

static void f_num(out *o, const char *name, double x, int valid)
{
    char nb[40];
    key(o, name);
    if (!o->json && o->csv_header)
        csv_name(o, name);
    else if (valid && isfinite(x))   /* never a bare nan or inf */
        fputs(cli_num(x, nb, sizeof nb), stdout);
    else if (o->json)
        fputs("null", stdout);
}

static void f_uint(out *o, const char *name, uint64_t x, int valid)
{
    key(o, name);
    if (!o->json && o->csv_header)
        csv_name(o, name);
    else if (valid)
        printf("%llu", (unsigned long long)x);
    else if (o->json)
        fputs("null", stdout);
}

static void f_bool(out *o, const char *name, int b)
{
    key(o, name);
    if (!o->json && o->csv_header)
        csv_name(o, name);
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
        snprintf(o->prefix[o->n_prefix++], sizeof o->prefix[0], "%s", name ? name : "");
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
        o->n_prefix--;
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
           counts && !(d->supc & report__numerator_kind(v->indicator)));
    f_num(o, "denominator", v->denominator, counts && v->denominator > 0);
    f_num(o, "population", v->population, found && v->population > 0);
    int reo = report__family(v->indicator) == 1, cus = report__family(v->indicator) == 2;
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

/* An earlier value block with the change from it to the current value. */
static void f_compared(out *o, const char *name, const dval *d, const yjpi_change *c,
                       int sup)
{
    f_begin(o, name, 0);
    f_value(o, d);
    f_begin(o, "change", 0);
    f_change(o, c, sup);
    f_end(o, 0);
    f_end(o, 0);
}

/* Benchmarks shown for a row (CSV pads to the maxima). */
static size_t shown_benchmarks(const report *r, const pub *p, size_t *idx)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nb; i++)
        if (report__benchmark_shown(r, yjpi_assessment_area(p->a), p->b[i].name))
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
    f_compared(o, "previous", &p->prev, &p->ch_prev, p->ch_prev_sup);
    f_compared(o, "year_earlier", &p->year, &p->ch_year, p->ch_year_sup);

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
    f_str(o, "slope_fit", !tok ? NULL
          : t->slope_kind == YJPI_SLOPE_LOGIT ? "logit"
          : t->slope_kind == YJPI_SLOPE_WEIGHTED_VALUES ? "weighted_values" : "none");
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
void report__csv_padding(const report *r, const char *const *areas, size_t n,
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
                    nb += report__benchmark_shown(r, areas[i], name ? name : "");
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

void report__csv_head(const report *r, const pub *first, size_t nb_pad, size_t nt_pad)
{
    out o;
    memset(&o, 0, sizeof o);
    o.csv_header = 1;
    o.csv_first = 1;
    f_row(&o, r, first, nb_pad, nt_pad);
    putchar('\n');
}

void report__csv_area(const report *r, const pub *pubs, size_t nb_pad, size_t nt_pad)
{
    out o;
    memset(&o, 0, sizeof o);
    for (int k = 0; k < r->n_inds; k++) {
        o.csv_first = 1;
        f_row(&o, r, &pubs[k], nb_pad, nt_pad);
        putchar('\n');
    }
}

void report__json_head(const report *r, out *o)
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

void report__json_area(const report *r, out *o, const pub *pubs)
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

void report__json_tail(out *o)
{
    f_end(o, 1);
    o->depth--;
    printf("\n}\n");
}

/* ---- SVG chart -------------------------------------------------------------- */
