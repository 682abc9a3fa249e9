/*
 * report.h - what the parts of yjpi-report share: the report (options,
 * data, the indicators and their periods), a value and an indicator as
 * published under disclosure control, and the entry points of each part:
 *   main.c      options, loading, the areas assessed batch by batch;
 *               indicator labels, benchmark relevance, period text
 *   disclose.c  disclosure control (rounding, suppression, secondary
 *               suppression) and the published form of an assessment
 *   text.c      the 80-column text table
 *   tabular.c   the CSV and JSON writer (one field writer for both)
 *   svg.c       the SVG chart
 */
#ifndef YJPI_REPORT_H
#define YJPI_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include <yjpi.h>

#define REPORT_PROG "yjpi-report"


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

/* ---- disclosure control (disclose.c) ------------------------------------- */

/* The kinds of count a value carries (bits). */
enum { C_NUM = 1, C_COHORT = 2, C_REOFFENDERS = 4, C_REOFFENCES = 8,
       C_COURT = 16, C_NORELEASE = 32 };
#define N_KINDS 6

/* A value as published. */
typedef struct dval {
    yjpi_value v;      /* counts rounded, value and interval recomputed */
    int found;
    int sup;           /* the value rests on a suppressed count */
    unsigned supc;     /* counts (bits) that are suppressed */
} dval;

/* Secondary suppression across the areas of a total: for each indicator,
 * period (current, previous, year earlier) and kind of count, the area
 * whose count is suppressed as well (SIZE_MAX: none). */
typedef struct secondary {
    size_t nsup[MAX_IND][3][N_KINDS];
    uint64_t min[MAX_IND][3][N_KINDS];
    size_t arg[MAX_IND][3][N_KINDS];
} secondary;

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

/* ---- CSV and JSON (tabular.c) --------------------------------------------- */

/* A generic field writer so that CSV and JSON carry the same content. */
typedef struct out {
    int json;
    int depth;
    int first[16];
    int csv_header;     /* CSV: 1 = print names instead of values */
    int csv_first;
    char prefix[8][64]; /* CSV: field names are the JSON path joined with '_' */
    int n_prefix;
} out;

/* ---- main.c ---------------------------------------------------------------- */

/* Indicator family: 0 FTE, 1 reoffending, 2 custody. */
int report__family(int ind);
const char *report__label(int ind);   /* table label, e.g. "FTE per 100,000" */
const char *report__unit(int ind);    /* axis text, e.g. "first time entrants" */
int report__decimals(int ind);        /* display decimals */
/* Works out r->bench_group (-1: out of memory). */
int report__bench_groups(report *r);
/* Whether benchmark `name` is shown for `area` ("*": all areas). */
int report__benchmark_shown(const report *r, const char *area, const char *name);
/* A value's period as text ("2025/26 to 31 May" when partial). */
const char *report__value_period(const yjpi_value *v, char *buf, size_t size);

/* ---- disclose.c ------------------------------------------------------------ */

uint64_t report__count_of(const yjpi_value *v, unsigned kind);
unsigned report__numerator_kind(int ind);
/* Whether disclosure control applies (text output, or --suppress). */
int report__disclosing(const report *r, int fmt_text);
void report__disclose(const report *r, int on, const yjpi_value *raw, int found,
                      unsigned extra, dval *d);
void report__secondary_init(secondary *s);
void report__secondary_add(const report *r, secondary *s, int k, size_t g,
                           const yjpi_assessment *a);
/* Indicator k of area number g (sec: NULL, or the secondary suppression
 * tallies) as published. */
void report__publish(const report *r, int on, int k, size_t g, const secondary *sec,
                     const yjpi_assessment *a, pub *p);

/* ---- text.c ---------------------------------------------------------------- */

void report__text_head(const report *r);
void report__text_area(const report *r, const pub *pubs);

/* ---- tabular.c ------------------------------------------------------------- */

void report__csv_padding(const report *r, const char *const *areas, size_t n,
                         size_t *nb_pad, size_t *nt_pad);
void report__csv_head(const report *r, const pub *first, size_t nb_pad, size_t nt_pad);
void report__csv_area(const report *r, const pub *pubs, size_t nb_pad, size_t nt_pad);
void report__json_head(const report *r, out *o);
void report__json_area(const report *r, out *o, const pub *pubs);
void report__json_tail(out *o);

/* ---- svg.c ----------------------------------------------------------------- */

/* Writes the chart to path; returns a CLI_EXIT_ status. */
int report__write_chart(const report *r, const char *path, const char *area);

#endif
