/* fuzz_reference.c - the reference file reader (yjpi_reference_parse).
 *
 * For every input: the parse either succeeds with a handle or fails with
 * NULL, a well-formed error whose code is one the header documents, and a
 * position inside the text.  A parsed reference is then read through every
 * getter, cloned into a dataset (yjpi_dataset_new copies it) and used for a
 * small computation, so whatever the reader stored is consistent.
 * Plausible numbers only [population-range]: every population that loads
 * is finite, >= 0 and <= 1e9; every computed value, interval and RRI is
 * finite [values-finite]; a period after as_of is refused [after-as-of];
 * a "*" rate covers only areas with a population [star-areas]. */
#include "fuzz.h"

static int documented(int rc)
{
    switch (rc) {
    case YJPI_E_EMPTY_FILE: case YJPI_E_YAML: case YJPI_E_UNKNOWN_KEY:
    case YJPI_E_DUPLICATE_KEY: case YJPI_E_ALIAS: case YJPI_E_TAG:
    case YJPI_E_TYPE: case YJPI_E_NESTING: case YJPI_E_BAD_DATE:
    case YJPI_E_PERIOD: case YJPI_E_UNKNOWN_OUTCOME: case YJPI_E_MISSING_KEY:
    case YJPI_E_LIMIT: case YJPI_E_NOMEM:
        return 1;
    default:
        return 0;
    }
}

static void walk(const yjpi_reference *ref)
{
    yjpi_options o;
    YJPI_INIT(o);
    FUZZ_CHECK(yjpi_reference_get_options(ref, &o) == YJPI_OK, "options");
    FUZZ_CHECK(memchr(o.reference_ethnicity, '\0', sizeof o.reference_ethnicity),
               "reference_ethnicity not terminated");
    /* What the reader accepted, the setter accepts too (same ranges). */
    yjpi_reference *copy = yjpi_reference_new();
    FUZZ_CHECK(copy != NULL, "reference_new");
    FUZZ_CHECK(yjpi_reference_set_options(copy, &o) == YJPI_OK,
               "options the reader accepted are refused by set_options");
    yjpi_reference_free(copy);

    size_t na = yjpi_reference_area_count(ref);
    for (size_t i = 0; i < na; i++) {
        const char *code = yjpi_reference_area_code(ref, i);
        FUZZ_CHECK(code != NULL, "area %zu of %zu is NULL", i, na);
        (void)yjpi_reference_area_name(ref, code);
        (void)yjpi_reference_area_family(ref, code);
        (void)yjpi_reference_area_region(ref, code);
        for (int y = 2012; y <= 2016; y++) {
            double v = -1;
            if (yjpi_reference_population(ref, code, NULL, y, &v) == YJPI_OK)
                FUZZ_INVARIANT("population-range",
                               isfinite(v) && v >= 0 && v <= 1e9,
                               "population of %s in %d loaded as %g", code, y, v);
            size_t ng = yjpi_reference_population_group_count(ref, code, y);
            for (size_t g = 0; g < ng; g++)
                FUZZ_CHECK(yjpi_reference_population_group(ref, code, y, g),
                           "group %zu", g);
        }
    }
    size_t nb = yjpi_reference_benchmark_count(ref);
    for (size_t i = 0; i < nb; i++) {
        FUZZ_CHECK(yjpi_reference_benchmark_name(ref, i) != NULL, "bm name");
        int ind = yjpi_reference_benchmark_indicator(ref, i);
        FUZZ_CHECK(yjpi_indicator_name(ind) != NULL, "bm indicator %d", ind);
    }
    size_t nt = yjpi_reference_target_count(ref);
    for (size_t i = 0; i < nt; i++) {
        yjpi_target t;
        YJPI_INIT(t);
        FUZZ_CHECK(yjpi_reference_target(ref, i, &t) == YJPI_OK, "target %zu", i);
        FUZZ_CHECK(t.area != NULL && isfinite(t.bound), "target %zu", i);
        char buf[YJPI_PERIOD_TEXT_SIZE];
        FUZZ_CHECK(yjpi_period_format(&t.period, buf, sizeof buf) == YJPI_OK,
                   "target %zu has an unprintable period", i);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    yjpi_reference *ref = (yjpi_reference *)&ref; /* must be overwritten */
    yjpi_error err;
    int rc = yjpi_reference_parse((const char *)data, size, "fuzz.yaml", &ref, &err);
    fuzz_check_error(&err, rc);
    if (rc != YJPI_OK) {
        FUZZ_CHECK(ref == NULL, "failure left a handle");
        FUZZ_CHECK(documented(rc), "undocumented code %d: %s", rc, err.message);
        FUZZ_CHECK(strncmp(err.message, "fuzz.yaml", 9) == 0,
                   "message without source: %s", err.message);
        return 0;
    }
    FUZZ_CHECK(ref != NULL, "success without a handle");
    walk(ref);
    yjpi_dataset *ds = NULL;
    rc = yjpi_dataset_new(ref, &ds);
    FUZZ_CHECK(rc == YJPI_OK, "dataset_new %d", rc);
    static const char csv[] =
        "person_id,birth_date,area,offence_date,outcome_date,outcome,release_date,ethnicity\n"
        "a,2000-01-01,E06000044,2014-05-01,2014-06-01,youth_caution,,White\n"
        "a,2000-01-01,E06000044,2014-07-01,2014-08-01,YRO,,White\n"
        "b,1999-01-01,E06000044,2014-05-01,2014-09-01,detention_and_training_order,2014-12-01,Black\n"
        "c,2001-01-01,E06000045,2014-05-01,2014-06-01,youth_caution,,White\n";
    yjpi_read_options opts;
    YJPI_INIT(opts);
    opts.lenient = 1;
    rc = yjpi_dataset_read_csv_buffer(ds, csv, sizeof csv - 1, "c.csv", &opts, &err);
    FUZZ_CHECK(rc == YJPI_OK, "read %d %s", rc, err.message);
    FUZZ_CHECK(yjpi_dataset_finish(ds) == YJPI_OK, "finish");
    fuzz_check_counts(ds);
    /* the year after as_of: the first-time entrants count, every
     * indicator for 1 input in 8 */
    fuzz_compute(ds, ref, YJPI_BY_ETHNICITY,
                 size % 8 == 0 ? FUZZ_LATE_ALL : FUZZ_LATE_FTE);
    yjpi_period p;
    FUZZ_CHECK(yjpi_period_parse("2014/15", &p, NULL) == YJPI_OK, "period");
    yjpi_disparities *d = NULL;
    rc = yjpi_disproportionality(ds, ref, YJPI_FTE_COUNT, "*", &p, &d, &err);
    fuzz_check_error(&err, rc);
    /* a reference whose as_of is before 2014/15 makes the year an error */
    FUZZ_CHECK(rc == YJPI_OK || rc == YJPI_E_RANGE, "disproportionality %d %s",
               rc, err.message);
    for (size_t i = 0; i < yjpi_disparities_count(d); i++) {
        yjpi_disparity g;
        YJPI_INIT(g);
        FUZZ_CHECK(yjpi_disparities_get(d, i, &g) == YJPI_OK, "disparity %zu", i);
        FUZZ_CHECK(g.group != NULL, "disparity %zu without a group", i);
        FUZZ_INVARIANT("values-finite", isfinite(g.rri) && isfinite(g.rri_lower) &&
                   isfinite(g.rri_upper) && isfinite(g.share) &&
                   isfinite(g.population_share) && isfinite(g.difference),
                   "disparity %zu not finite", i);
    }
    yjpi_disparities_free(d);
    yjpi_reference_free(ref); /* the dataset holds its own copy */
    fuzz_compute(ds, NULL, YJPI_BY_AREA, FUZZ_LATE_NONE);
    yjpi_dataset_free(ds);
    return 0;
}
