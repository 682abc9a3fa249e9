/*
 * yjpi-dump - test program: computes indicators and prints every value as
 * CSV, for tests/indicators_check.py to compare with its own recomputation.
 *
 * Usage: yjpi-dump [--lenient] [--breakdown DIM] COHORT.csv REFERENCE.yaml PERIOD...
 *   DIM: sex, age, age_band, ethnicity, offence_type, area.
 * Every indicator, every area in the data plus "*".  Columns:
 *   indicator,area,period,group,status,interval_status,value,lower,upper,
 *   numerator,denominator,cohort_size,reoffenders,reoffences,
 *   custody_no_release,provisional,history_short,court_occasions,population
 * Numbers are printed with 17 significant digits (exact round trip).
 * Exit status 0 on success, 1 on a usage error, 2 when the library fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yjpi.h"

static int usage(void)
{
    fprintf(stderr, "usage: yjpi-dump [--lenient] [--breakdown DIM] COHORT.csv "
                    "REFERENCE.yaml PERIOD...\n");
    return 1;
}

static void csv_field(const char *s)
{
    if (!s)
        return;
    if (strpbrk(s, ",\"\n\r")) {
        putchar('"');
        for (; *s; s++) {
            if (*s == '"')
                putchar('"');
            putchar(*s);
        }
        putchar('"');
    } else {
        fputs(s, stdout);
    }
}

int main(int argc, char **argv)
{
    static const char *const dims[] = {"", "sex", "age", "age_band", "ethnicity",
                                       "offence_type", "area"};
    int lenient = 0, breakdown = YJPI_BY_NONE, i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (strcmp(argv[i], "--lenient") == 0) {
            lenient = 1;
        } else if (strcmp(argv[i], "--breakdown") == 0 && i + 1 < argc) {
            i++;
            breakdown = -1;
            for (int d = 1; d <= 6; d++)
                if (strcmp(argv[i], dims[d]) == 0)
                    breakdown = d;
            if (breakdown < 0)
                return usage();
        } else {
            return usage();
        }
    }
    if (argc - i < 3)
        return usage();
    const char *csv = argv[i], *yaml = argv[i + 1];
    size_t n_periods = (size_t)(argc - i - 2);
    yjpi_period *periods = calloc(n_periods, sizeof *periods);
    if (!periods)
        return 2;
    yjpi_error err;
    for (size_t k = 0; k < n_periods; k++)
        if (yjpi_period_parse(argv[i + 2 + (int)k], &periods[k], &err)) {
            fprintf(stderr, "yjpi-dump: %s\n", err.message);
            return 1;
        }
    yjpi_reference *ref = NULL;
    if (yjpi_reference_load(yaml, &ref, &err)) {
        fprintf(stderr, "yjpi-dump: %s\n", err.message);
        return 2;
    }
    yjpi_read_options ro;
    YJPI_INIT(ro);
    ro.lenient = lenient;
    yjpi_dataset *ds = NULL;
    if (yjpi_dataset_load_csv(csv, ref, &ro, &ds, &err)) {
        fprintf(stderr, "yjpi-dump: %s\n", err.message);
        return 2;
    }
    yjpi_request req;
    YJPI_INIT(req);
    req.periods = periods;
    req.n_periods = n_periods;
    req.breakdown = breakdown;
    yjpi_results *res = NULL;
    if (yjpi_compute(ds, ref, &req, &res, &err)) {
        fprintf(stderr, "yjpi-dump: %s\n", err.message);
        return 2;
    }
    puts("indicator,area,period,group,status,interval_status,value,lower,upper,"
         "numerator,denominator,cohort_size,reoffenders,reoffences,"
         "custody_no_release,provisional,history_short,court_occasions,population");
    for (size_t k = 0; k < yjpi_results_count(res); k++) {
        yjpi_value v;
        YJPI_INIT(v);
        if (yjpi_results_get(res, k, &v))
            return 2;
        char pt[YJPI_PERIOD_TEXT_SIZE];
        if (yjpi_period_format(&v.period, pt, sizeof pt))
            return 2;
        printf("%s,", yjpi_indicator_name(v.indicator));
        csv_field(v.area);
        printf(",%s,", pt);
        csv_field(v.group);
        printf(",%d,%d,%.17g,%.17g,%.17g,%llu,%.17g,%llu,%llu,%llu,%llu,%d,%d,%llu,%.17g\n",
               (int)v.status, (int)v.interval_status, v.value, v.lower, v.upper,
               (unsigned long long)v.numerator, v.denominator,
               (unsigned long long)v.cohort_size, (unsigned long long)v.reoffenders,
               (unsigned long long)v.reoffences,
               (unsigned long long)v.custody_no_release, (int)v.provisional,
               (int)v.history_short, (unsigned long long)v.court_occasions,
               v.population);
    }
    yjpi_results_free(res);
    yjpi_dataset_free(ds);
    yjpi_reference_free(ref);
    free(periods);
    return 0;
}
