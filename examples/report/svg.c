/*
 * svg.c - yjpi-report's SVG chart of one indicator over recent periods,
 * with its interval band and the benchmarks.
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

/* The colour and dash pattern of each benchmark: a dash pattern of its
 * own for each, so that two benchmarks with nearly equal values (E&W and a
 * family) both stay visible. */
static const char *const bcol[8] = { "#d95f02", "#7570b3", "#e7298a", "#66a61e",
                                     "#e6ab02", "#a6761d", "#666666", "#1b9e77" };
static const char *const bdash[4] = { "6,4", "2,3", "10,3,2,3", "12,6" };

/* What the legend shows besides the series and the benchmarks. */
typedef struct legend {
    const char *name;                /* the area's */
    const size_t *bidx;              /* the benchmarks drawn */
    size_t nbs;
    int any_prov, any_na, any_hist, any_sup;
    const yjpi_value *any_partial;
} legend;

/* The legend, from (lx, ly) down. */
static void svg_legend(FILE *f, const report *r, const legend *lg, double lx, double ly)
{
    fprintf(f, "<g class=\"legend\" font-size=\"12\" fill=\"#222222\">\n");
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1f78b4\" "
            "stroke-width=\"2.5\"/><circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"#1f78b4\"/>\n",
            lx, ly, lx + 28, ly, lx + 14, ly);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">", lx + 36, ly + 4);
    svg_text(f, lg->name);
    fprintf(f, "</text>\n");
    ly += 24;
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"28\" height=\"12\" fill=\"#1f78b4\" "
            "fill-opacity=\"0.18\"/>\n<text x=\"%.1f\" y=\"%.1f\">%g%% interval</text>\n",
            lx, ly - 6, lx + 36, ly + 4, 100.0 * r->opts.confidence);
    for (size_t b = 0; b < lg->nbs; b++) {
        ly += 24;
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                "stroke-width=\"2\" stroke-dasharray=\"%s\"/>\n", lx, ly, lx + 28, ly,
                bcol[b % 8], bdash[b % 4]);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">", lx + 36, ly + 4);
        svg_text(f, yjpi_reference_benchmark_name(r->ref, lg->bidx[b]));
        fprintf(f, "</text>\n");
    }
    if (lg->any_prov) {
        ly += 24;
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"#ffffff\" "
                "stroke=\"#1f78b4\" stroke-width=\"2.5\"/>\n<text x=\"%.1f\" y=\"%.1f\">"
                "provisional</text>\n", lx + 14, ly, lx + 36, ly + 4);
    }
    if (lg->any_partial) {
        char lb[64];
        ly += 24;
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5.5\" fill=\"#ffffff\" "
                "stroke=\"#1f78b4\" stroke-width=\"2.5\" stroke-dasharray=\"2,2\"/>\n"
                "<text x=\"%.1f\" y=\"%.1f\">partial: ", lx + 14, ly, lx + 36, ly + 4);
        svg_text(f, report__value_period(lg->any_partial, lb, sizeof lb));
        fprintf(f, "</text>\n");
    }
    if (lg->any_hist) {
        ly += 24;
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">h: extract may start too late</text>\n",
                lx, ly + 4);
    }
    if (lg->any_na) {
        ly += 24;
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">n/a: not computable</text>\n", lx, ly + 4);
    }
    if (lg->any_sup) {
        ly += 24;
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">~: suppressed (fewer than %lld)</text>\n",
                lx, ly + 4, (long long)r->opts.suppress_below);
    }
    fprintf(f, "</g>\n");
}

/* The chart's values of indicator ind over the n periods per (ending with
 * last), as published; *ymax and *any_sup updated.  Returns a CLI_EXIT_
 * status. */
static int chart_values(const report *r, const char *area, int ind,
                        const yjpi_period *last, size_t n, const yjpi_period *per,
                        yjpi_value *v, int *vsup, int *any_sup, double *ymax)
{
    yjpi_request req;
    YJPI_INIT(req);
    const char *areas[1] = { area };
    req.indicators = &ind;
    req.n_indicators = 1;
    req.areas = areas;
    req.n_areas = 1;
    yjpi_results *res = NULL;
    yjpi_error err;
    if (yjpi_compute_series(r->ds, r->ref, &req, last, n, 0, &res, &err) != YJPI_OK) {
        fprintf(stderr, "%s: chart: %s\n", REPORT_PROG, err.message);
        return CLI_EXIT_DATA;
    }
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
        report__disclose(r, report__disclosing(r, 1), &v[i], 1, 0, &d);
        v[i] = d.v;
        if (d.sup) {
            vsup[i] = *any_sup = 1;
            v[i].status = YJPI_NC_NUMERIC;   /* no point, no band */
        }
        if (v[i].status == YJPI_VALUE_OK && v[i].upper > *ymax)
            *ymax = v[i].upper;
    }
    yjpi_results_free(res);
    return CLI_EXIT_OK;
}

/* The benchmarks of ind shown for area with a value in the chart's
 * periods (at most 8, their numbers in bidx); *ymax updated. */
static size_t chart_benchmarks(const report *r, const char *area, int ind,
                               const yjpi_period *per, size_t n, size_t *bidx,
                               double *ymax)
{
    /* benchmark series relevant to the area */
    size_t nbs = 0;
    for (size_t b = 0; b < yjpi_reference_benchmark_count(r->ref) && nbs < 8; b++)
        if (yjpi_reference_benchmark_indicator(r->ref, b) == ind &&
            report__benchmark_shown(r, area, yjpi_reference_benchmark_name(r->ref, b))) {
            int have = 0;   /* only series with a value in the chart's periods */
            for (size_t i = 0; i < n; i++) {
                double bv;
                if (yjpi_reference_benchmark_value(r->ref, b, &per[i], &bv) == YJPI_OK &&
                    isfinite(bv) && fabs(bv) < DBL_MAX / 2) {
                    have = 1;
                    if (bv > *ymax)
                        *ymax = bv;
                }
            }
            if (have)
                bidx[nbs++] = b;
        }
    return nbs;
}

int report__write_chart(const report *r, const char *path, const char *area)
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
    yjpi_period per[8];
    yjpi_value v[8];
    yjpi_series_periods(&last, n, 0, per);
    double ymax = 0;
    int vsup[8] = {0}, any_sup = 0;
    int rc = chart_values(r, area, ind, &last, n, per, v, vsup, &any_sup, &ymax);
    if (rc != CLI_EXIT_OK)
        return rc;
    size_t bidx[8];
    size_t nbs = chart_benchmarks(r, area, ind, per, n, bidx, &ymax);
    if (!(ymax > 0))
        ymax = 1;
    double step = nice_step(ymax * 1.05, 5);
    double top = ceil(ymax * 1.05 / step) * step;

    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "%s: %s: cannot write the chart\n", REPORT_PROG, path);
        return CLI_EXIT_DATA;
    }
    const double W = 760, H = 440, L = 80, R = 230, T = 60, B = 70;
    const double pw = W - L - R, ph = H - T - B;
#define XS(i) (L + pw * ((double)(i) + 0.5) / (double)n)
#define YS(y) (T + ph * (1.0 - (y) / top))
    char pb[YJPI_PERIOD_TEXT_SIZE], pb2[YJPI_PERIOD_TEXT_SIZE];
    const char *aname = strcmp(area, "*") ? yjpi_reference_area_name(r->ref, area) : "All areas";
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
            "viewBox=\"0 0 %.0f %.0f\" font-family=\"Arial, Helvetica, sans-serif\">\n",
            W, H, W, H);
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
    fprintf(f, "<text class=\"title\" x=\"%.0f\" y=\"28\" font-size=\"18\" font-weight=\"bold\">",
            L);
    svg_text(f, report__label(ind));
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
    svg_text(f, report__unit(ind));
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
    legend lg = { aname ? aname : area, bidx, nbs, any_prov, any_na, any_hist, any_sup,
                  any_partial };
    svg_legend(f, r, &lg, L + pw + 20, T + 10);
    fprintf(f, "</svg>\n");
#undef XS
#undef YS
    if (fclose(f) != 0) {
        fprintf(stderr, "%s: %s: error writing the chart\n", REPORT_PROG, path);
        return CLI_EXIT_DATA;
    }
    return CLI_EXIT_OK;
}
