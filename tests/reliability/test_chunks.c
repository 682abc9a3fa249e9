/* test_chunks.c - split-read equivalence.
 *
 * The CSV reader works on chunks of yjpi__csv_chunk_size bytes (lib/input/csv.c;
 * 0 = 1 MiB).  Where the chunk boundaries fall must never change a result.
 * Every cohort CSV among the test data (every .csv file in tests/data/csv) and the sample
 * cohort (examples/data/cohort.csv) is read, strict and lenient, from memory
 * and from its file, with the default chunk size, with 1-byte chunks, and
 * with several seeded random sizes; the whole outcome (status, error
 * position and message, every count, rejected kinds, messages, notes, areas,
 * first and last outcome, then every indicator by ethnicity over the years
 * the data covers) must be identical to the default read from memory. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "fingerprint.h"

static yjpi_reference *g_ref;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    s[n] = '\0';
    *len = (size_t)n;
    return s;
}

/* Reads (from `path` when text is NULL) and renders everything. */
static char *outcome(const char *text, size_t len, const char *path, int lenient,
                     size_t chunk)
{
    fp_buf b = { 0 };
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(g_ref, &ds), YJPI_OK);
    yjpi_read_options o;
    YJPI_INIT(o);
    o.lenient = lenient;
    yjpi_error err;
    yjpi__csv_chunk_size = chunk;
    /* The same source name either way, so messages compare equal. */
    int rc = text ? yjpi_dataset_read_csv_buffer(ds, text, len, path, &o, &err)
                  : yjpi_dataset_read_csv(ds, path, &o, &err);
    yjpi__csv_chunk_size = 0;
    fp_add(&b, "rc %d %llu:%llu %s\n", rc, (unsigned long long)err.line,
           (unsigned long long)err.column, err.message);
    fp_dataset(&b, ds, rc == YJPI_OK);
    if (rc == YJPI_OK) {
        assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
        yjpi_date first = yjpi_dataset_first_outcome(ds);
        yjpi_date last = yjpi_dataset_last_outcome(ds);
        if (first != YJPI_NO_DATE) {
            int y0, y1;
            yjpi_date_to_ymd(first, &y0, NULL, NULL);
            yjpi_date_to_ymd(last, &y1, NULL, NULL);
            yjpi_period ps[16];
            size_t np = 0;
            for (int y = y0; y <= y1 && np < 16; y++) {
                char t[8];
                snprintf(t, sizeof t, "%04d", y);
                assert_int_equal(yjpi_period_parse(t, &ps[np++], NULL), YJPI_OK);
            }
            yjpi_request req;
            YJPI_INIT(req);
            req.periods = ps;
            req.n_periods = np;
            req.breakdown = YJPI_BY_ETHNICITY;
            yjpi_results *res = NULL;
            rc = yjpi_compute(ds, g_ref, &req, &res, &err);
            fp_add(&b, "compute %d\n", rc);
            fp_results(&b, res);
            yjpi_results_free(res);
        }
    }
    yjpi_dataset_free(ds);
    assert_false(b.failed);
    return b.s;
}

static uint64_t rng = 0x9e3779b97f4a7c15u;
static size_t next_size(size_t max)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return 1 + (size_t)(rng % max);
}

static int files_checked;

static void check_file(const char *path)
{
    size_t len;
    char *text = slurp(path, &len);
    for (int lenient = 0; lenient <= 1; lenient++) {
        char *expect = outcome(text, len, path, lenient, 0);
        size_t sizes[8] = { 1, 2, 3, 64, 4093, 0, 0, 0 };
        for (int i = 5; i < 8; i++)
            sizes[i] = next_size(i == 7 ? 70000 : 300);
        for (int i = 0; i < 8; i++) {
            char *got = outcome(text, len, path, lenient, sizes[i]);
            if (strcmp(got, expect) != 0)
                fail_msg("%s (%s): chunk size %zu changes the result", path,
                         lenient ? "lenient" : "strict", sizes[i]);
            free(got);
        }
        for (int i = 0; i < 3; i++) {
            size_t chunk = i == 0 ? 0 : i == 1 ? 1 : next_size(1000);
            char *got = outcome(NULL, 0, path, lenient, chunk);
            if (strcmp(got, expect) != 0)
                fail_msg("%s (%s): reading the file with chunk size %zu differs "
                         "from reading it from memory", path,
                         lenient ? "lenient" : "strict", chunk);
            free(got);
        }
        free(expect);
    }
    free(text);
    files_checked++;
}

static void test_split_reads(void **state)
{
    (void)state;
    const char *dir = YJPI_TEST_DATA "/csv";
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            size_t n = strlen(e->d_name);
            if (n > 4 && strcmp(e->d_name + n - 4, ".csv") == 0) {
                char path[1024];
                snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
                check_file(path);
            }
        }
        closedir(d);
    }
    check_file(YJPI_SOURCE_ROOT "/examples/data/cohort.csv");
    printf("[ chunks   ] %d files read with 11 chunk sizes each\n", files_checked);
    assert_true(files_checked >= 1);
}

/* Hand-made inputs that put every kind of boundary under a 1-byte split:
 * BOM, CRLF, quotes with doubled quotes and line breaks, multi-byte UTF-8,
 * and bad rows of the structural kinds in lenient mode. */
static void test_split_edge_cases(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "\xef\xbb\xbfperson_id,birth_date,area,offence_date,outcome_date,outcome,ethnicity\r\n"
        "\"P\"\"1\",2000-01-01,E1,2014-05-01,2014-06-01,fine,\"Wh\r\nite\"\r\n"
        "P2,2000-01-01,E1,2014-05-01,2014-06-01,fine,Bl\xc3\xa9\r\n"
        "P3,2000-01-01,E1,2014-05-01,2014-06-01,fine,\xe2\x82\r\n"
        "P4,2000-01-01,E1,2014-05-01,2014-06-01,fi\"ne,x\r\n"
        "P5,2000-01-01,E1\r\n"
        "P6,2000-01-01,E1,2014-05-01,2014-06-01,fine,\"x\"y\r\n"
        "P7,2000-01-01,E1,2014-05-01,2014-06-01,fine,\xf0\x9f\x98\x80",
        "person_id,birth_date,area,offence_date,outcome_date,outcome\n\n\n"
        "P1,2000-01-01,E1,2014-05-01,2014-06-01,fine\n\"unterminated,",
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        size_t len = strlen(cases[c]);
        for (int lenient = 0; lenient <= 1; lenient++) {
            char *expect = outcome(cases[c], len, "edge.csv", lenient, 0);
            for (size_t chunk = 1; chunk <= 24; chunk++) {
                char *got = outcome(cases[c], len, "edge.csv", lenient, chunk);
                if (strcmp(got, expect) != 0)
                    fail_msg("case %zu (%s): chunk %zu:\n%s\nvs default:\n%s", c,
                             lenient ? "lenient" : "strict", chunk, got, expect);
                free(got);
            }
            free(expect);
        }
    }
}

static int setup(void **state)
{
    (void)state;
    size_t len;
    char *y = slurp(YJPI_SOURCE_ROOT "/examples/data/cohort.yaml", &len);
    int rc = yjpi_reference_parse(y, len, "cohort.yaml", &g_ref, NULL);
    free(y);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    yjpi_reference_free(g_ref);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_reads),
        cmocka_unit_test(test_split_edge_cases),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
