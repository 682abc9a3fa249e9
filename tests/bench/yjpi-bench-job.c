/*
 * yjpi-bench-job - the benchmark's job, done with yjpi's public API only.
 *
 *   yjpi-bench-job COHORT.csv REFERENCE.yaml OUT.csv [--timing] [--threads N]
 *
 * Reads the reference and the cohort file (strict mode), then computes every
 * indicator for every area in the data and "*", for every financial year and
 * every financial quarter that overlaps [first outcome_date, last
 * outcome_date] of the kept rows, with the reference's confidence level, and
 * writes one CSV line per value (the columns of tests/bench/README.md, shared
 * with the pandas and DuckDB peers so that bench.py can compare them).
 *
 * --timing prints the wall time of each stage (reference, CSV read,
 * finish (sort and index), compute, write) to standard error.
 * --threads N sets yjpi_read_options.threads and yjpi_request.threads
 * (default 0: the library's choice; 1: everything on the calling thread).
 *
 * Exit status: 0 done, 1 a yjpi error (message on standard error), 2 usage.
 */
#include <yjpi.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int fail(const char *what, int rc, const yjpi_error *err)
{
    fprintf(stderr, "yjpi-bench-job: %s: %s\n", what,
            err && err->code ? err->message : yjpi_strerror(rc));
    return 1;
}

/* Financial year starting in April of `y` (FY y/y+1). */
static int fy_of(yjpi_date d)
{
    int y, m, day;
    yjpi_date_to_ymd(d, &y, &m, &day);
    return m >= 4 ? y : y - 1;
}

/* Every FY and FY quarter overlapping [first, last]; FY first, then its
 * quarters.  Returns the number written (at most cap). */
static size_t make_periods(yjpi_date first, yjpi_date last, yjpi_period *out,
                           size_t cap)
{
    size_t n = 0;
    for (int y = fy_of(first); y <= fy_of(last); y++) {
        char text[32];
        yjpi_period p;
        snprintf(text, sizeof text, "%04d/%02d", y, (y + 1) % 100);
        if (yjpi_period_parse(text, &p, NULL) == YJPI_OK && n < cap)
            out[n++] = p;
        for (int q = 1; q <= 4; q++) {
            snprintf(text, sizeof text, "%04d/%02d Q%d", y, (y + 1) % 100, q);
            if (yjpi_period_parse(text, &p, NULL) != YJPI_OK)
                continue;
            if (p.end > first && p.start <= last && n < cap)
                out[n++] = p;
        }
    }
    return n;
}

int main(int argc, char **argv)
{
    int timing = 0, threads = 0, bad = argc < 4;
    for (int i = 4; i < argc && !bad; i++) {
        if (strcmp(argv[i], "--timing") == 0) {
            timing = 1;
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            char *end = NULL;
            long v = strtol(argv[++i], &end, 10);
            bad = !*argv[i] || *end || v < 0 || v > 64;
            threads = (int)v;
        } else {
            bad = 1;
        }
    }
    if (bad) {
        fprintf(stderr, "usage: yjpi-bench-job COHORT.csv REFERENCE.yaml OUT.csv"
                " [--timing] [--threads N]\n");
        return 2;
    }
    yjpi_error err;
    double t0 = now();

    yjpi_reference *ref = NULL;
    int rc = yjpi_reference_load(argv[2], &ref, &err);
    if (rc)
        return fail("reference", rc, &err);
    double t1 = now();

    /* yjpi_dataset_load_csv() in its three steps, so that reading and
     * sorting are timed apart */
    yjpi_dataset *ds = NULL;
    rc = yjpi_dataset_new(ref, &ds);
    yjpi_read_options ro;
    YJPI_INIT(ro);
    ro.threads = threads;
    if (rc == YJPI_OK)
        rc = yjpi_dataset_read_csv(ds, argv[1], &ro, &err);
    double t2a = now();
    if (rc == YJPI_OK)
        rc = yjpi_dataset_finish(ds);
    if (rc) {
        yjpi_dataset_free(ds);
        yjpi_reference_free(ref);
        return fail("cohort", rc, &err);
    }
    double t2 = now();

    yjpi_date first = yjpi_dataset_first_outcome(ds);
    yjpi_date last = yjpi_dataset_last_outcome(ds);
    yjpi_period periods[5 * 200];
    size_t np = first == YJPI_NO_DATE ? 0
        : make_periods(first, last, periods, sizeof periods / sizeof periods[0]);
    yjpi_results *res = NULL;
    if (np) {
        yjpi_request req;
        YJPI_INIT(req);
        req.periods = periods;
        req.n_periods = np;     /* indicators NULL = all, areas NULL = all + "*" */
        req.threads = threads;
        rc = yjpi_compute(ds, ref, &req, &res, &err);
        if (rc) {
            yjpi_dataset_free(ds);
            yjpi_reference_free(ref);
            return fail("compute", rc, &err);
        }
    }
    double t3 = now();

    FILE *f = fopen(argv[3], "w");
    if (!f) {
        perror(argv[3]);
        yjpi_results_free(res);
        yjpi_dataset_free(ds);
        yjpi_reference_free(ref);
        return 1;
    }
    static char buf[1 << 16];
    setvbuf(f, buf, _IOFBF, sizeof buf);
    fputs("indicator,area,period,status,numerator,denominator,value,lower,upper,"
          "interval_status,cohort_size,reoffenders,reoffences,custody_no_release,"
          "court_occasions,"
          "population,provisional\n", f);
    size_t nv = yjpi_results_count(res);
    for (size_t i = 0; i < nv; i++) {
        yjpi_value v;
        YJPI_INIT(v);
        if (yjpi_results_get(res, i, &v) != YJPI_OK)
            continue;
        char pt[YJPI_PERIOD_TEXT_SIZE];
        yjpi_period_format(&v.period, pt, sizeof pt);
        fprintf(f, "%s,%s,%s,%d,%" PRIu64 ",%.17g,%.17g,%.17g,%.17g,%d,%" PRIu64
                ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.17g,%d\n",
                yjpi_indicator_name(v.indicator), v.area, pt, (int)v.status,
                v.numerator, v.denominator, v.value, v.lower, v.upper,
                (int)v.interval_status, v.cohort_size, v.reoffenders,
                v.reoffences, v.custody_no_release, v.court_occasions, v.population,
                (int)v.provisional);
    }
    int werr = ferror(f);
    if (fclose(f) != 0 || werr) {
        perror(argv[3]);
        rc = 1;
    }
    double t4 = now();
    if (timing)
        fprintf(stderr,
                "yjpi-bench-job: rows %" PRIu64 " kept %" PRIu64 " values %zu\n"
                "  reference %.3f s, read %.3f s, finish %.3f s, compute %.3f s, "
                "write %.3f s\n",
                yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ),
                yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), nv,
                t1 - t0, t2a - t1, t2 - t2a, t3 - t2, t4 - t3);
    yjpi_results_free(res);
    yjpi_dataset_free(ds);
    yjpi_reference_free(ref);
    return rc ? 1 : 0;
}
