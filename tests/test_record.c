/* test_record.c - records from code (yjpi_dataset_add_record): the same
 * dataset as the CSV reader builds for the same rows, and the record API's
 * own error locations "<record>:N:C". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

/* The rows of tests/data/csv/small.csv, as records. */
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
     "youth_rehabilitation_order", NULL, "U", "Mixed",
     "Breach of \"statutory\" order", "1"},
};

static void fill(yjpi_record *r, const char *const v[11])
{
    YJPI_INIT(*r);
    r->person_id = v[0];
    r->birth_date = v[1];
    r->area = v[2];
    r->offence_date = v[3];
    r->outcome_date = v[4];
    r->outcome = v[5];
    r->release_date = v[6];
    r->sex = v[7];
    r->ethnicity = v[8];
    r->offence_type = v[9];
    r->breach = v[10];
}

static void same_strtab(const yjpi__strtab *a, const yjpi__strtab *b)
{
    assert_int_equal(yjpi__strtab_count(a), yjpi__strtab_count(b));
    for (uint32_t i = 0; i < yjpi__strtab_count(a); i++)
        assert_string_equal(yjpi__strtab_get(a, i), yjpi__strtab_get(b, i));
}

static void test_same_as_csv(void **state)
{
    (void)state;
    yjpi_dataset *a = NULL, *b = NULL;
    yjpi_error err;
    assert_int_equal(yjpi_dataset_new(NULL, &a), YJPI_OK);
    assert_int_equal(yjpi_dataset_read_csv(a, YJPI_TEST_DATA "/csv/small.csv", NULL, &err),
                     YJPI_OK);
    assert_int_equal(yjpi_dataset_new(NULL, &b), YJPI_OK);
    for (int i = 0; i < 6; i++) {
        yjpi_record r;
        fill(&r, small[i]);
        assert_int_equal(yjpi_dataset_add_record(b, &r, &err), YJPI_OK);
        assert_int_equal(err.code, YJPI_OK);
    }
    for (int pass = 0; pass < 2; pass++) {
        assert_int_equal(a->n_rows, 5);
        assert_int_equal(b->n_rows, 5);
        for (size_t i = 0; i < a->n_rows; i++) {
            const yjpi__row *x = &a->rows[i], *y = &b->rows[i];
            assert_int_equal(x->person, y->person);
            assert_int_equal(x->birth, y->birth);
            assert_int_equal(x->offence, y->offence);
            assert_int_equal(x->outcome, y->outcome);
            assert_int_equal(x->release, y->release);
            assert_int_equal(x->area, y->area);
            assert_int_equal(x->ethnicity, y->ethnicity);
            assert_int_equal(x->offence_type, y->offence_type);
            assert_int_equal(x->outcome_code, y->outcome_code);
            assert_int_equal(x->tier, y->tier);
            assert_int_equal(x->sex, y->sex);
            assert_int_equal(x->breach, y->breach);
        }
        same_strtab(&a->persons, &b->persons);
        same_strtab(&a->areas, &b->areas);
        same_strtab(&a->ethnicities, &b->ethnicities);
        same_strtab(&a->offence_types, &b->offence_types);
        for (int k = YJPI_COUNT_ROWS_READ; k < YJPI_COUNT_BYTES_READ; k++)
            assert_int_equal(yjpi_dataset_count(a, k), yjpi_dataset_count(b, k));
        assert_int_equal(yjpi_dataset_first_outcome(a), yjpi_dataset_first_outcome(b));
        assert_int_equal(yjpi_dataset_last_outcome(a), yjpi_dataset_last_outcome(b));
        /* and again once both are finished (sorted the same way) */
        assert_int_equal(yjpi_dataset_finish(a), YJPI_OK);
        assert_int_equal(yjpi_dataset_finish(b), YJPI_OK);
    }
    /* small.csv by hand: 6 rows, B2's triage excluded, 3 persons, 2 areas,
     * the custodial row has a release date; the last row's offence_type
     * holds the CSV's doubled quotes undoubled */
    assert_int_equal(yjpi_dataset_count(b, YJPI_COUNT_ROWS_READ), 6);
    assert_int_equal(yjpi_dataset_count(b, YJPI_COUNT_EXCLUDED_INFORMAL), 1);
    assert_int_equal(yjpi_dataset_count(b, YJPI_COUNT_PERSONS), 3);
    assert_int_equal(yjpi_dataset_count(b, YJPI_COUNT_AREAS), 2);
    assert_int_equal(yjpi_dataset_count(b, YJPI_COUNT_CUSTODY_NO_RELEASE), 0);
    assert_int_equal(yjpi_dataset_count(b, YJPI_COUNT_BYTES_READ), 0);
    assert_string_equal(yjpi__strtab_get(&a->offence_types, 4),
                        "Breach of \"statutory\" order");
    yjpi_dataset_free(a);
    yjpi_dataset_free(b);
}

/* Adds one record (row 0 with field `col` replaced by `value`) and checks
 * the error. */
static void expect(yjpi_dataset *ds, int col, const char *value, int code,
                   const char *message)
{
    const char *v[11];
    memcpy(v, small[0], sizeof v);
    v[col] = value;
    yjpi_record r;
    fill(&r, v);
    yjpi_error err;
    int rc = yjpi_dataset_add_record(ds, &r, &err);
    if (rc != code || strcmp(err.message, message) != 0)
        print_error("got %d \"%s\"\n", rc, err.message);
    assert_int_equal(rc, code);
    assert_int_equal(err.code, code);
    assert_string_equal(err.source, "<record>");
    assert_string_equal(err.message, message);
    assert_int_equal(err.column, (uint64_t)col + 1);
}

static void test_errors(void **state)
{
    (void)state;
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    expect(ds, 0, NULL, YJPI_E_EMPTY_FIELD,
           "<record>:1:1: empty required field (column person_id, value \"\")");
    expect(ds, 1, "2001-02-29", YJPI_E_BAD_DATE,
           "<record>:2:2: impossible date (column birth_date, value \"2001-02-29\")");
    expect(ds, 2, "", YJPI_E_EMPTY_FIELD,
           "<record>:3:3: empty required field (column area, value \"\")");
    expect(ds, 4, "2013-05-31", YJPI_E_OUTCOME_BEFORE_OFFENCE,
           "<record>:4:5: outcome date before offence date 2013-06-01 "
           "(column outcome_date, value \"2013-05-31\")");
    expect(ds, 5, "caution", YJPI_E_UNKNOWN_OUTCOME,
           "<record>:5:6: unknown outcome code, not mapped in the reference "
           "(column outcome, value \"caution\")");
    expect(ds, 7, "male", YJPI_E_BAD_VALUE,
           "<record>:6:8: invalid sex, expected M, F, U or empty "
           "(column sex, value \"male\")");
    expect(ds, 10, "2", YJPI_E_BAD_VALUE,
           "<record>:7:11: invalid breach flag, expected 1, 0 or empty "
           "(column breach, value \"2\")");
    expect(ds, 8, "\xC3(", YJPI_E_ENCODING,
           "<record>:8:9: invalid UTF-8 (column ethnicity, value \"\xC3(\")");
    expect(ds, 1, "2013-06-02", YJPI_E_BIRTH_AFTER_OFFENCE,
           "<record>:9:2: birth date after offence date 2013-06-01 "
           "(column birth_date, value \"2013-06-02\")");
    char long_text[4098];
    memset(long_text, 'q', 4097);
    long_text[4097] = '\0';
    expect(ds, 9, long_text, YJPI_E_TOO_LONG,
           "<record>:10:10: field longer than 4096 bytes (column offence_type, "
           "value \"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq...\")");
    /* custody released before sentence */
    const char *v[11];
    memcpy(v, small[3], sizeof v);
    v[6] = "2014-04-03";
    yjpi_record r;
    fill(&r, v);
    yjpi_error err;
    assert_int_equal(yjpi_dataset_add_record(ds, &r, &err), YJPI_E_RELEASE_BEFORE_OUTCOME);
    assert_string_equal(err.message, "<record>:11:7: release date before outcome date "
                        "2014-04-04 (column release_date, value \"2014-04-03\")");
    /* a good record after the bad ones is still number 12 and is kept */
    fill(&r, small[0]);
    assert_int_equal(yjpi_dataset_add_record(ds, &r, &err), YJPI_OK);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 12);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), 1);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED), 11);
    assert_int_equal(yjpi_dataset_rejected(ds, YJPI_E_EMPTY_FIELD), 2);
    assert_int_equal(yjpi_dataset_rejected(ds, YJPI_E_BAD_VALUE), 2);
    assert_int_equal(yjpi_dataset_rejected(ds, YJPI_E_ENCODING), 1);
    assert_int_equal(yjpi_dataset_rejected(ds, YJPI_E_TOO_LONG), 1);
    /* no messages are kept for records: each call returns its own */
    assert_int_equal(yjpi_dataset_message_count(ds), 0);
    yjpi_dataset_free(ds);
}

static void test_size_and_state(void **state)
{
    (void)state;
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    yjpi_record r;
    fill(&r, small[1]);
    yjpi_error err;
    /* a caller built against a record without the optional fields: those
     * beyond size are not read (here breach "0" and the rest) */
    r.size = offsetof(yjpi_record, release_date);
    r.breach = "junk";
    r.sex = "junk";
    assert_int_equal(yjpi_dataset_add_record(ds, &r, &err), YJPI_OK);
    assert_int_equal(ds->rows[0].sex, YJPI_SEX_UNKNOWN);
    assert_string_equal(yjpi__strtab_get(&ds->ethnicities, ds->rows[0].ethnicity), "");
    /* size not set */
    r.size = 0;
    assert_int_equal(yjpi_dataset_add_record(ds, &r, &err), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_dataset_add_record(ds, NULL, &err), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_dataset_add_record(NULL, &r, &err), YJPI_E_ARGUMENT);
    /* argument errors are not rows */
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 1);
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    fill(&r, small[1]);
    assert_int_equal(yjpi_dataset_add_record(ds, &r, &err), YJPI_E_STATE);
    assert_int_equal(yjpi_dataset_add_record(ds, &r, NULL), YJPI_E_STATE);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 1);
    yjpi_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_csv),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_size_and_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
