/* test_dataset.c - the record store (lib/model/dataset.c): the outcome code table,
 * tier names, finishing (sort order, person_start, areas), life cycle. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

static void test_outcome_table(void **state)
{
    (void)state;
    /* spec cohort-file.md, "Outcome codes and their tiers" */
    static const struct { const char *name; int code, tier; } want[] = {
        {"community_resolution", 1, 0}, {"triage", 2, 0}, {"no_further_action", 3, 0},
        {"reprimand", 4, 1}, {"final_warning", 5, 1}, {"youth_caution", 6, 1},
        {"youth_conditional_caution", 7, 1}, {"absolute_discharge", 8, 2},
        {"conditional_discharge", 9, 2}, {"fine", 10, 2}, {"referral_order", 11, 2},
        {"reparation_order", 12, 2}, {"other_first_tier", 13, 2},
        {"youth_rehabilitation_order", 14, 3}, {"other_community", 15, 3},
        {"detention_and_training_order", 16, 4}, {"long_term_detention", 17, 4},
        {"other_custody", 18, 4}, {"informal", 19, 0}, {"pre_court", 20, 1},
        {"first_tier", 21, 2}, {"community", 22, 3}, {"custody", 23, 4},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_string_equal(yjpi_outcome_name(want[i].code), want[i].name);
        assert_int_equal(yjpi_outcome_from_name(want[i].name, strlen(want[i].name)),
                         want[i].code);
        assert_int_equal(yjpi_outcome_tier(want[i].code), want[i].tier);
    }
    assert_int_equal(YJPI_OUTCOME_COUNT_, 24);
    /* a tier name as a code names its tier */
    for (int t = 0; t < 5; t++)
        assert_string_equal(yjpi_outcome_name(YJPI_OUTCOME_TIER_INFORMAL + t),
                            yjpi_tier_name(t));
    assert_string_equal(yjpi_tier_name(YJPI_TIER_PRE_COURT), "pre_court");
    assert_string_equal(yjpi_tier_name(YJPI_TIER_FIRST_TIER), "first_tier");
    assert_null(yjpi_tier_name(5));
    assert_null(yjpi_tier_name(-1));
    assert_null(yjpi_outcome_name(0));
    assert_null(yjpi_outcome_name(24));
    assert_int_equal(yjpi_outcome_tier(0), -1);
    assert_int_equal(yjpi_outcome_tier(24), -1);
    /* exact and lower case only; length counts */
    assert_int_equal(yjpi_outcome_from_name("Fine", 4), 0);
    assert_int_equal(yjpi_outcome_from_name("fine ", 5), 0);
    assert_int_equal(yjpi_outcome_from_name("fines", 4), YJPI_OUTCOME_FINE);
    assert_int_equal(yjpi_outcome_from_name("custody", 6), 0);
    assert_int_equal(yjpi_outcome_from_name(NULL, 0), 0);
}

static int add(yjpi_dataset *ds, const char *person, const char *area,
               const char *offence, const char *outcome, const char *tag)
{
    yjpi_record r;
    YJPI_INIT(r);
    r.person_id = person;
    r.birth_date = "1990-01-01";
    r.area = area;
    r.offence_date = offence;
    r.outcome_date = outcome;
    r.outcome = "fine";
    r.offence_type = tag;   /* marks input order */
    yjpi_error err;
    int rc = yjpi_dataset_add_record(ds, &r, &err);
    if (rc)
        print_error("%s\n", err.message);
    return rc;
}

static const char *tag(const yjpi_dataset *ds, size_t i)
{
    return yjpi__strtab_get(&ds->offence_types, ds->rows[i].offence_type);
}

static void test_finish_order(void **state)
{
    (void)state;
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    /* persons in first-seen order: Z=0, A=1, M=2 */
    assert_int_equal(add(ds, "Z", "E3", "2014-01-05", "2014-03-01", "z1"), YJPI_OK);
    assert_int_equal(add(ds, "A", "E1", "2014-01-01", "2014-02-01", "a1"), YJPI_OK);
    assert_int_equal(add(ds, "Z", "E2", "2014-01-01", "2014-03-01", "z2"), YJPI_OK);
    assert_int_equal(add(ds, "M", "E1", "2013-01-01", "2013-02-01", "m1"), YJPI_OK);
    assert_int_equal(add(ds, "Z", "E3", "2014-01-05", "2014-03-01", "z3"), YJPI_OK);
    assert_int_equal(add(ds, "Z", "E3", "2012-01-05", "2012-03-01", "z4"), YJPI_OK);
    assert_int_equal(add(ds, "A", "E1", "2014-01-01", "2014-01-31", "a2"), YJPI_OK);
    /* before finish: no areas to list, outcome range already known */
    assert_null(yjpi_dataset_area(ds, 0));
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);  /* idempotent */
    /* Z: by outcome then offence then input: z4 (2012), then on 2014-03-01
     * z2 (offence 01-01) before z1 and z3 (offence 01-05, input order);
     * A: a2 (01-31) before a1 (02-01); M: m1 */
    static const char *const order[7] = {"z4", "z2", "z1", "z3", "a2", "a1", "m1"};
    for (size_t i = 0; i < 7; i++)
        assert_string_equal(tag(ds, i), order[i]);
    static const size_t start[4] = {0, 4, 6, 7};
    for (size_t p = 0; p < 4; p++)
        assert_int_equal(ds->person_start[p], start[p]);
    for (uint32_t p = 0; p < 3; p++)
        for (size_t i = ds->person_start[p]; i < ds->person_start[p + 1]; i++)
            assert_int_equal(ds->rows[i].person, p);
    /* areas sorted by code, whatever the first-seen order */
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_AREAS), 3);
    assert_string_equal(yjpi_dataset_area(ds, 0), "E1");
    assert_string_equal(yjpi_dataset_area(ds, 1), "E2");
    assert_string_equal(yjpi_dataset_area(ds, 2), "E3");
    assert_null(yjpi_dataset_area(ds, 3));
    for (uint32_t a = 0; a < 3; a++)
        assert_string_equal(yjpi__strtab_get(&ds->areas, ds->area_order[a]),
                            yjpi_dataset_area(ds, a));
    yjpi_date d;
    assert_int_equal(yjpi_date_parse("2012-03-01", 10, &d), YJPI_OK);
    assert_int_equal(yjpi_dataset_first_outcome(ds), d);
    assert_int_equal(yjpi_date_parse("2014-03-01", 10, &d), YJPI_OK);
    assert_int_equal(yjpi_dataset_last_outcome(ds), d);
    /* finished: read-only */
    assert_int_equal(add(ds, "Q", "E1", "2014-01-01", "2014-02-01", "q"), YJPI_E_STATE);
    yjpi_error err;
    assert_int_equal(yjpi_dataset_read_csv(ds, "-", NULL, &err), YJPI_E_STATE);
    assert_int_equal(err.code, YJPI_E_STATE);
    yjpi_dataset_free(ds);
}

/* Row j (tag: input number) comes after the row of input number ti: its
 * (outcome, offence) key is greater, or equal with a later input. */
static void assert_before(const yjpi_dataset *ds, int (*keys)[2], int ti,
                          size_t j)
{
    int tj = atoi(tag(ds, j));
    int a = keys[ti][0] * 10 + keys[ti][1], b = keys[tj][0] * 10 + keys[tj][1];
    assert_true(a < b || (a == b && ti < tj));
}

/* A person with many rows (the merge path of the sort): 300 rows over 7
 * outcome dates and 3 offence dates given in a scrambled order; the result
 * must be ordered by (outcome, offence) and, within equal keys, by input. */
static void test_finish_many_rows(void **state)
{
    (void)state;
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    int keys[300][2];
    for (int i = 0; i < 300; i++) {
        int k = (i * 37) % 300;
        keys[i][0] = k % 7;          /* outcome day offset */
        keys[i][1] = (k / 7) % 3;    /* offence day */
        char off[11], out[11], t[8];
        snprintf(off, sizeof off, "2014-01-%02d", 1 + keys[i][1]);
        snprintf(out, sizeof out, "2014-02-%02d", 1 + keys[i][0]);
        snprintf(t, sizeof t, "%d", i);
        assert_int_equal(add(ds, i % 2 ? "B" : "A", "E1", off, out, t), YJPI_OK);
    }
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    assert_int_equal(ds->person_start[1], 150);
    assert_int_equal(ds->person_start[2], 300);
    for (size_t i = 0; i < 300; i++) {
        int ti = atoi(tag(ds, i));
        assert_int_equal(ds->rows[i].person, (uint32_t)(ti % 2));
        if (i + 1 == 150 || i + 1 == 300)
            continue;
        assert_before(ds, keys, ti, i + 1);
    }
    yjpi_dataset_free(ds);
}

/* Rows given grouped by person (the usual shape of a cohort file): no
 * counting sort, but each person's rows still end up ordered by (outcome,
 * offence, input), whether a person has one row, a few in order, a few out
 * of order (insertion) or many out of order (merge). */
static void test_finish_grouped(void **state)
{
    (void)state;
    static const int sizes[5] = {150, 3, 2, 1, 40};
    for (int scrambled = 0; scrambled < 2; scrambled++) {
        yjpi_dataset *ds = NULL;
        assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
        int keys[196][2];
        int n = 0;
        for (int p = 0; p < 5; p++) {
            char person[2] = {(char)('V' + p), 0};
            for (int j = 0; j < sizes[p]; j++, n++) {
                int k = scrambled && p != 2 ? (j * 37 + 11) % sizes[p] : j;
                keys[n][0] = k % 7;
                keys[n][1] = (k / 7) % 3;
                if (!scrambled) {
                    /* in order already, with equal keys too */
                    keys[n][0] = j / 6;
                    keys[n][1] = (j / 2) % 3;
                }
                char off[32], out[32], t[16];
                snprintf(off, sizeof off, "2014-01-%02d", 1 + keys[n][1]);
                snprintf(out, sizeof out, "2014-02-%02d", 1 + keys[n][0]);
                snprintf(t, sizeof t, "%d", n);
                assert_int_equal(add(ds, person, "E1", off, out, t), YJPI_OK);
            }
        }
        assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
        size_t at = 0;
        for (uint32_t p = 0; p < 5; p++) {
            assert_int_equal(ds->person_start[p], at);
            at += (size_t)sizes[p];
        }
        assert_int_equal(ds->person_start[5], at);
        for (uint32_t p = 0; p < 5; p++) {
            for (size_t i = ds->person_start[p]; i < ds->person_start[p + 1]; i++) {
                int ti = atoi(tag(ds, i));
                assert_int_equal(ds->rows[i].person, p);
                if (!scrambled)
                    assert_int_equal(ti, (int)i);
                if (i + 1 == ds->person_start[p + 1])
                    continue;
                assert_before(ds, keys, ti, i + 1);
            }
        }
        yjpi_dataset_free(ds);
    }
}

/* The same finishes with the order check on two threads (from 4 rows),
 * either half writing first:
 * the halves meet inside a person's rows in test_finish_grouped (the first
 * 150 rows are one person's) and test_finish_many_rows. */
static void test_finish_two_threads(void **state)
{
    yjpi__check_parallel_min = 4;
    for (int second_first = 0; second_first < 2; second_first++) {
        /* either half's starts written first */
        yjpi__check_second_first = second_first;
        test_finish_order(state);
        test_finish_many_rows(state);
        test_finish_grouped(state);
    }
    yjpi__check_second_first = 0;
    /* a read that asked for one thread keeps finishing on one */
    const char *text = "person_id,birth_date,area,offence_date,outcome_date,outcome\n"
                       "P1,2000-01-01,E1,2014-01-10,2014-02-01,fine\n"
                       "P1,2000-01-01,E1,2014-01-11,2014-02-02,fine\n"
                       "P2,2000-01-01,E1,2014-01-10,2014-02-01,fine\n"
                       "P3,2000-01-01,E1,2014-01-10,2014-02-01,fine\n";
    for (int threads = 0; threads < 2; threads++) {
        yjpi_dataset *ds = NULL;
        assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
        yjpi_read_options o;
        YJPI_INIT(o);
        o.threads = threads;
        assert_int_equal(yjpi_dataset_read_csv_buffer(ds, text, strlen(text), "t.csv",
                                                      &o, NULL), YJPI_OK);
        uint64_t runs = yjpi__check_parallel_runs;
        assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
        assert_true(yjpi__check_parallel_runs == runs + (threads == 1 ? 0 : 1));
        assert_int_equal(ds->person_start[1], 2);
        assert_int_equal(ds->person_start[3], 4);
        yjpi_dataset_free(ds);
    }
    yjpi__check_parallel_min = 0;
}

static void test_life_cycle(void **state)
{
    (void)state;
    yjpi_dataset_free(NULL);
    assert_int_equal(yjpi_dataset_new(NULL, NULL), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_dataset_finish(NULL), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_dataset_count(NULL, YJPI_COUNT_ROWS_READ), 0);
    assert_int_equal(yjpi_dataset_rejected(NULL, YJPI_E_BAD_DATE), 0);
    assert_int_equal(yjpi_dataset_message_count(NULL), 0);
    assert_null(yjpi_dataset_note(NULL, 0));
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    /* an empty dataset finishes too */
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    assert_int_equal(ds->person_start[0], 0);
    assert_int_equal(yjpi_dataset_first_outcome(ds), YJPI_NO_DATE);
    assert_int_equal(yjpi_dataset_last_outcome(ds), YJPI_NO_DATE);
    assert_null(yjpi_dataset_area(ds, 0));
    assert_int_equal(yjpi_dataset_count(ds, 99), 0);
    assert_int_equal(yjpi_dataset_count(ds, -1), 0);
    assert_int_equal(yjpi_dataset_rejected(ds, 64), 0);
    assert_null(yjpi_dataset_message(ds, 0));
    yjpi_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outcome_table),
        cmocka_unit_test(test_finish_order),
        cmocka_unit_test(test_finish_many_rows),
        cmocka_unit_test(test_finish_grouped),
        cmocka_unit_test(test_finish_two_threads),
        cmocka_unit_test(test_life_cycle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
