/* test_columns.c - rows given column by column (yjpi_dataset_add_columns)
 * build the same dataset as the CSV reader and yjpi_dataset_add_record,
 * with the same validation and errors located by row and column; and
 * yjpi_results_copy copies what yjpi_results_get gives value by value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "yjpi/columns.h"

/* The rows of tests/data/csv/small.csv (as in test_record.c). */
static const char *const small[6][11] = {
    {"A1", "2000-05-17", "E06000044", "2013-06-01", "2013-07-15", "youth_caution",
     "", "M", "White", "Theft", "0"},
    {"A1", "2000-05-17", "E06000044", "2014-01-20", "2014-03-03", "referral_order",
     "", "M", "White", "Violence against the person", "0"},
    {"B2", "1998-11-30", "E06000045", "2013-09-09", "2013-10-01", "triage",
     "", "F", "Asian", "Criminal damage", ""},
    {"B2", "1998-11-30", "E06000045", "2014-02-02", "2014-04-04",
     "detention_and_training_order", "2014-08-01", "F", "Asian", "Robbery", "0"},
    {"C3", "1999-02-28", "E06000044", "2014-05-05", "2014-06-06", "fine",
     "", "", "Mixed", "Drugs, possession", "1"},
    {"C3", "1999-02-28", "E06000044", "2014-05-06", "2014-06-06",
     "youth_rehabilitation_order", "", "U", "Mixed",
     "Breach of \"statutory\" order", "1"},
};

typedef struct {
    char buf[YJPI_COL_COUNT][1024];
    yjpi_column_text col[YJPI_COL_COUNT];
} columns;

/* Columns of rows [0, n) of `rows`, with row `bad_row`'s column `bad_col`
 * replaced by `value` (bad_row -1: none). */
static void build(columns *c, const char *const rows[][11], size_t n,
                  int bad_row, int bad_col, const char *value)
{
    for (int k = 0; k < YJPI_COL_COUNT; k++) {
        size_t len = 0;
        for (size_t i = 0; i < n; i++) {
            const char *v = ((int)i == bad_row && k == bad_col) ? value
                                                                : rows[i][k];
            size_t l = strlen(v);
            memcpy(c->buf[k] + len, v, l + 1);
            len += l + 1;
        }
        c->col[k].data = c->buf[k];
        c->col[k].length = len;
    }
}

static yjpi_dataset *from_csv(void)
{
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    assert_int_equal(yjpi_dataset_read_csv(ds, YJPI_TEST_DATA "/csv/small.csv",
                                           NULL, NULL), YJPI_OK);
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    return ds;
}

static void test_same_as_csv(void **state)
{
    (void)state;
    static columns c;
    build(&c, small, 6, -1, 0, NULL);
    yjpi_dataset *a = from_csv(), *b = NULL;
    yjpi_error err;
    assert_int_equal(yjpi_dataset_new(NULL, &b), YJPI_OK);
    assert_int_equal(yjpi_dataset_add_columns(b, 6, c.col, YJPI_COL_COUNT, 0,
                                              "cols", NULL, &err), YJPI_OK);
    assert_int_equal(err.code, YJPI_OK);
    assert_int_equal(yjpi_dataset_finish(b), YJPI_OK);
    assert_int_equal(a->n_rows, b->n_rows);
    for (size_t i = 0; i < a->n_rows; i++)
        assert_memory_equal(&a->rows[i], &b->rows[i], sizeof a->rows[i]);
    for (int k = YJPI_COUNT_ROWS_READ; k < YJPI_COUNT_BYTES_READ; k++)
        assert_int_equal(yjpi_dataset_count(a, k), yjpi_dataset_count(b, k));
    yjpi_dataset_free(a);
    yjpi_dataset_free(b);
}

static void test_optional_columns_left_out(void **state)
{
    (void)state;
    static columns c;
    build(&c, small, 6, -1, 0, NULL);
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    /* only the six required columns; release_date missing makes the
     * custodial row a custody_no_release row, as for a CSV file */
    assert_int_equal(yjpi_dataset_add_columns(ds, 6, c.col, YJPI_COL_OUTCOME + 1, 0,
                                              NULL, NULL, NULL), YJPI_OK);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 6);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_CUSTODY_NO_RELEASE), 1);
    yjpi_dataset_free(ds);
}

static void test_errors_located(void **state)
{
    (void)state;
    static columns c;
    yjpi_error err;
    yjpi_dataset *ds = NULL;
    /* strict: the third row's outcome_date */
    build(&c, small, 6, 2, YJPI_COL_OUTCOME_DATE, "2013-02-30");
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    assert_int_equal(yjpi_dataset_add_columns(ds, 6, c.col, YJPI_COL_COUNT, 0,
                                              "frame", NULL, &err),
                     YJPI_E_BAD_DATE);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, YJPI_COL_OUTCOME_DATE + 1);
    assert_string_equal(err.source, "frame");
    assert_non_null(strstr(err.message, "frame:3:5: "));
    assert_non_null(strstr(err.message, "outcome_date"));
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 3);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED), 1);
    yjpi_dataset_free(ds);

    /* lenient: counted by kind, message kept, the other rows added */
    build(&c, small, 6, 4, YJPI_COL_SEX, "\xff");
    yjpi_read_options o;
    YJPI_INIT(o);
    o.lenient = 1;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    assert_int_equal(yjpi_dataset_add_columns(ds, 6, c.col, YJPI_COL_COUNT, 0,
                                              "frame", &o, &err), YJPI_OK);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 6);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED), 1);
    assert_int_equal(yjpi_dataset_rejected(ds, YJPI_E_ENCODING), 1);
    assert_int_equal(yjpi_dataset_message_count(ds), 1);
    assert_non_null(strstr(yjpi_dataset_message(ds, 0), "frame:5:8: "));
    /* a second part of the same table: rows numbered after the first's */
    assert_int_equal(yjpi_dataset_add_columns(ds, 6, c.col, YJPI_COL_COUNT, 6,
                                              "frame", &o, &err), YJPI_OK);
    assert_int_equal(yjpi_dataset_message_count(ds), 2);
    assert_non_null(strstr(yjpi_dataset_message(ds, 1), "frame:11:8: "));
    yjpi_dataset_free(ds);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    static columns c;
    yjpi_error err;
    yjpi_dataset *ds = NULL;
    build(&c, small, 6, -1, 0, NULL);
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    /* a column with a value too few, or too many */
    assert_int_equal(yjpi_dataset_add_columns(ds, 7, c.col, YJPI_COL_COUNT, 0,
                                              NULL, NULL, &err), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_dataset_add_columns(ds, 5, c.col, YJPI_COL_COUNT, 0,
                                              NULL, NULL, &err), YJPI_E_ARGUMENT);
    assert_int_equal(err.column, 1);
    /* no terminator at the end */
    c.col[YJPI_COL_AREA].length--;
    assert_int_equal(yjpi_dataset_add_columns(ds, 6, c.col, YJPI_COL_COUNT, 0,
                                              NULL, NULL, &err), YJPI_E_ARGUMENT);
    assert_int_equal(err.column, YJPI_COL_AREA + 1);
    c.col[YJPI_COL_AREA].length++;
    assert_int_equal(yjpi_dataset_add_columns(ds, 6, c.col, YJPI_COL_OUTCOME, 0,
                                              NULL, NULL, &err), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_dataset_add_columns(ds, 6, c.col, YJPI_COL_COUNT + 1, 0,
                                              NULL, NULL, &err), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_dataset_add_columns(NULL, 6, c.col, YJPI_COL_COUNT, 0,
                                              NULL, NULL, &err), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_dataset_add_columns(ds, 6, NULL, YJPI_COL_COUNT, 0,
                                              NULL, NULL, &err), YJPI_E_ARGUMENT);
    /* nothing was added by the refused calls */
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 0);
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    assert_int_equal(yjpi_dataset_add_columns(ds, 6, c.col, YJPI_COL_COUNT, 0,
                                              NULL, NULL, &err), YJPI_E_STATE);
    yjpi_dataset_free(ds);
}

static void test_results_copy(void **state)
{
    (void)state;
    yjpi_dataset *ds = from_csv();
    yjpi_request req;
    YJPI_INIT(req);
    yjpi_period p;
    assert_int_equal(yjpi_period_parse("2013/14", &p, NULL), YJPI_OK);
    req.periods = &p;
    req.n_periods = 1;
    req.breakdown = YJPI_BY_SEX;
    yjpi_results *res = NULL;
    assert_int_equal(yjpi_compute(ds, NULL, &req, &res, NULL), YJPI_OK);
    size_t n = yjpi_results_count(res);
    assert_true(n > 8);
    yjpi_value *all = calloc(n, sizeof *all);
    assert_non_null(all);
    assert_int_equal(yjpi_results_copy(res, 0, n, all, sizeof *all), YJPI_OK);
    for (size_t i = 0; i < n; i++) {
        yjpi_value v;
        YJPI_INIT(v);
        assert_int_equal(yjpi_results_get(res, i, &v), YJPI_OK);
        assert_memory_equal(&v, &all[i], sizeof v);
    }
    /* a range, and a caller's struct larger than the library's */
    size_t big = sizeof(yjpi_value) + 16;
    unsigned char *buf = malloc(3 * big);
    assert_non_null(buf);
    memset(buf, 0xAB, 3 * big);
    assert_int_equal(yjpi_results_copy(res, 2, 3, buf, big), YJPI_OK);
    for (size_t i = 0; i < 3; i++) {
        size_t sz;
        memcpy(&sz, buf + i * big, sizeof sz);
        assert_int_equal(sz, big);
        assert_memory_equal(buf + i * big + sizeof sz,
                            (unsigned char *)&all[2 + i] + sizeof sz,
                            sizeof(yjpi_value) - sizeof sz);
        for (size_t k = sizeof(yjpi_value); k < big; k++)
            assert_int_equal(buf[i * big + k], 0);
    }
    /* out of range or bad sizes: refused */
    assert_int_equal(yjpi_results_copy(res, n - 1, 2, all, sizeof *all),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_results_copy(res, n + 1, 0, all, sizeof *all),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_results_copy(res, 0, 1, all, 2), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_results_copy(NULL, 0, 0, all, sizeof *all),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_results_copy(res, 0, 0, NULL, sizeof *all), YJPI_OK);
    free(buf);
    free(all);
    yjpi_results_free(res);
    yjpi_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_csv),
        cmocka_unit_test(test_optional_columns_left_out),
        cmocka_unit_test(test_errors_located),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_results_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
