/* test_threads.c - concurrent queries on one finished dataset.
 *
 * dataset.h: "A finished dataset is read-only: any number of threads may
 * query it at once."  Eight threads each run, several times over, the same
 * queries on one dataset and one reference (the sample data): yjpi_compute
 * for every indicator, every area and "*", eight financial quarters, by
 * ethnicity; yjpi_disproportionality; and yjpi_assess_areas.  Every thread
 * must produce results identical, to the bit, to a single-threaded run.
 * .ci/reliability also runs this test under ThreadSanitizer. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "yjpi.h"
#include "fingerprint.h"

#define THREADS 8
#define ROUNDS 3

static yjpi_dataset *g_ds;
static yjpi_reference *g_ref;
static yjpi_period g_periods[8];

static void queries(fp_buf *b)
{
    yjpi_request req;
    YJPI_INIT(req);
    req.periods = g_periods;
    req.n_periods = 8;
    req.breakdown = YJPI_BY_ETHNICITY;
    yjpi_results *res = NULL;
    yjpi_error err;
    int rc = yjpi_compute(g_ds, g_ref, &req, &res, &err);
    fp_add(b, "compute %d %s\n", rc, rc ? err.message : "");
    fp_results(b, res);
    yjpi_results_free(res);

    yjpi_disparities *d = NULL;
    rc = yjpi_disproportionality(g_ds, g_ref, YJPI_FTE_RATE, "*", &g_periods[4], &d, &err);
    fp_add(b, "disproportionality %d\n", rc);
    fp_disparities(b, d);
    yjpi_disparities_free(d);

    yjpi_assessments *as = NULL;
    rc = yjpi_assess_areas(g_ds, g_ref, YJPI_BINARY_RATE, NULL, 0, &g_periods[0], NULL,
                           &as, &err);
    fp_add(b, "assess %d %zu\n", rc, yjpi_assessments_count(as));
    for (size_t i = 0; i < yjpi_assessments_count(as); i++) {
        const yjpi_assessment *a = yjpi_assessments_get(as, i);
        yjpi_rag_result rag;
        YJPI_INIT(rag);
        int rr = yjpi_assessment_rag(a, &rag);
        fp_add(b, "%s rag %d %d %d\n", yjpi_assessment_area(a), rr, (int)rag.rag,
               (int)rag.basis);
    }
    yjpi_assessments_free(as);
}

typedef struct job { fp_buf out[ROUNDS]; } job;

static void *worker(void *arg)
{
    job *j = arg;
    for (int r = 0; r < ROUNDS; r++)
        queries(&j->out[r]);
    return NULL;
}

static void test_concurrent_queries(void **state)
{
    (void)state;
    fp_buf expect = { 0 };
    queries(&expect);
    assert_false(expect.failed);
    /* The queries do real work: values for 3 areas + "*" x 8 indicators. */
    assert_non_null(strstr(expect.s, "compute 0"));
    assert_non_null(strstr(expect.s, "disproportionality 0"));
    assert_non_null(strstr(expect.s, "assess 0 4"));
    size_t lines = 0;
    for (const char *c = expect.s; *c; c++)
        lines += *c == '\n';
    printf("[ threads  ] %d threads x %d rounds, %zu result lines each\n",
           THREADS, ROUNDS, lines);
    assert_true(lines > 8 * 4 * 8);  /* > indicators x areas x periods */

    job *jobs = calloc(THREADS, sizeof *jobs);
    pthread_t tid[THREADS];
    assert_non_null(jobs);
    for (int t = 0; t < THREADS; t++)
        assert_int_equal(pthread_create(&tid[t], NULL, worker, &jobs[t]), 0);
    for (int t = 0; t < THREADS; t++)
        assert_int_equal(pthread_join(tid[t], NULL), 0);
    for (int t = 0; t < THREADS; t++) {
        for (int r = 0; r < ROUNDS; r++) {
            assert_false(jobs[t].out[r].failed);
            if (strcmp(jobs[t].out[r].s, expect.s) != 0)
                fail_msg("thread %d round %d got different results", t, r);
            free(jobs[t].out[r].s);
        }
    }
    free(jobs);
    free(expect.s);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return s;
}

static int setup(void **state)
{
    (void)state;
    size_t len;
    char *y = slurp(YJPI_SOURCE_ROOT "/examples/data/cohort.yaml", &len);
    if (!y || yjpi_reference_parse(y, len, "cohort.yaml", &g_ref, NULL) != YJPI_OK)
        return -1;
    free(y);
    yjpi_read_options o;
    YJPI_INIT(o);
    if (yjpi_dataset_load_csv(YJPI_SOURCE_ROOT "/examples/data/cohort.csv", g_ref, &o,
                              &g_ds, NULL) != YJPI_OK)
        return -1;
    static const char *const q[8] = { "2021/22 Q1", "2021/22 Q2", "2021/22 Q3",
        "2021/22 Q4", "2022/23 Q1", "2022/23 Q2", "2022/23 Q3", "2022/23 Q4" };
    for (int i = 0; i < 8; i++)
        if (yjpi_period_parse(q[i], &g_periods[i], NULL) != YJPI_OK)
            return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    yjpi_dataset_free(g_ds);
    yjpi_reference_free(g_ref);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_concurrent_queries),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
