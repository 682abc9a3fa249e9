/*
 * yjpi-bench-series - what a series costs compared with one period.
 *
 *   yjpi-bench-series COHORT.csv REFERENCE.yaml LAST_PERIOD [N] [REPEATS]
 *
 * Loads the cohort once, then times (best of REPEATS, default 5) one
 * yjpi_compute of every indicator for every area and "*" for LAST_PERIOD
 * alone, and one yjpi_compute_series of the N periods (default 40) ending at
 * LAST_PERIOD, and prints both times, the number of values and the ratio.
 * The series is one pass over the data, so the ratio stays far below N.
 */
#include <yjpi.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double best_compute(const yjpi_dataset *ds, const yjpi_reference *ref,
                           const yjpi_period *last, size_t n, int repeats,
                           size_t *values)
{
    double best = 1e300;
    for (int i = 0; i < repeats; i++) {
        yjpi_request req;
        YJPI_INIT(req);
        yjpi_results *res = NULL;
        yjpi_error err;
        double t0 = now();
        int rc = yjpi_compute_series(ds, ref, &req, last, n, 0, &res, &err);
        double t = now() - t0;
        if (rc != YJPI_OK) {
            fprintf(stderr, "yjpi-bench-series: %s\n", err.message);
            exit(1);
        }
        *values = yjpi_results_count(res);
        yjpi_results_free(res);
        if (t < best)
            best = t;
    }
    return best;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: yjpi-bench-series COHORT.csv REFERENCE.yaml "
                        "LAST_PERIOD [N] [REPEATS]\n");
        return 2;
    }
    size_t n = argc > 4 ? (size_t)strtoul(argv[4], NULL, 10) : 40;
    int repeats = argc > 5 ? atoi(argv[5]) : 5;
    yjpi_error err;
    yjpi_reference *ref = NULL;
    yjpi_dataset *ds = NULL;
    yjpi_period last;
    if (yjpi_reference_load(argv[2], &ref, &err) != YJPI_OK ||
        yjpi_dataset_load_csv(argv[1], ref, NULL, &ds, &err) != YJPI_OK ||
        yjpi_period_parse(argv[3], &last, &err) != YJPI_OK) {
        fprintf(stderr, "yjpi-bench-series: %s\n", err.message);
        return 1;
    }
    size_t v1 = 0, vn = 0;
    double t1 = best_compute(ds, ref, &last, 1, repeats, &v1);
    double tn = best_compute(ds, ref, &last, n, repeats, &vn);
    printf("rows kept %llu, areas %llu\n",
           (unsigned long long)yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT),
           (unsigned long long)yjpi_dataset_count(ds, YJPI_COUNT_AREAS));
    printf("1 period:   %8.3f s, %zu values\n", t1, v1);
    printf("%zu periods: %8.3f s, %zu values\n", n, tn, vn);
    printf("ratio %.2f (for %zux the values)\n", tn / t1, vn / (v1 ? v1 : 1));
    yjpi_dataset_free(ds);
    yjpi_reference_free(ref);
    return 0;
}
