/*
 * test_indicators.c - first time entrants, proven reoffending and custody
 * (docs/indicators.md sections 1-6 and 8; rule choices in yjpi/indicators.h).
 *
 * Every dataset here is built record by record with yjpi_dataset_add_record()
 * and every expected number is worked out by hand in the comments.  Unless a
 * test says otherwise people are born 2000-01-01 (aged 14 in 2014) and the
 * reference's as_of is far in the future, so cohorts are final.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "internal.h"
#include "support.h"

/* ---- helpers -------------------------------------------------------------- */

/* [start, end_exclusive) */
static yjpi_period P(int kind, const char *start, const char *end)
{
    yjpi_period p = {kind, D(start), D(end)};
    return p;
}

static yjpi_period fq(int year, int q)  /* financial quarter year/yy Qq */
{
    static const int m0[5] = {0, 4, 7, 10, 1};
    int y = q == 4 ? year + 1 : year;
    yjpi_period p;
    p.kind = YJPI_PERIOD_FINANCIAL_QUARTER;
    assert_int_equal(yjpi_date_from_ymd(y, m0[q], 1, &p.start), YJPI_OK);
    p.end = yjpi_date_add_months(p.start, 3);
    return p;
}

static yjpi_period fy(int year)
{
    yjpi_period p;
    p.kind = YJPI_PERIOD_FINANCIAL_YEAR;
    assert_int_equal(yjpi_date_from_ymd(year, 4, 1, &p.start), YJPI_OK);
    p.end = yjpi_date_add_months(p.start, 12);
    return p;
}

static void add_full(yjpi_dataset *ds, const char *id, const char *birth,
                     const char *area, const char *offence, const char *outcome,
                     const char *code, const char *release, const char *breach,
                     const char *sex, const char *eth, const char *otype)
{
    yjpi_record r;
    YJPI_INIT(r);
    r.person_id = id;
    r.birth_date = birth;
    r.area = area;
    r.offence_date = offence;
    r.outcome_date = outcome;
    r.outcome = code;
    r.release_date = release;
    r.breach = breach;
    r.sex = sex;
    r.ethnicity = eth;
    r.offence_type = otype;
    yjpi_error err;
    int rc = yjpi_dataset_add_record(ds, &r, &err);
    if (rc)
        fail_msg("add_record(%s, %s): %s", id, outcome, err.message);
}

/* person, area, offence, outcome, code; born 2000-01-01 */
static void add(yjpi_dataset *ds, const char *id, const char *area,
                const char *offence, const char *outcome, const char *code)
{
    add_full(ds, id, "2000-01-01", area, offence, outcome, code, NULL, NULL,
             NULL, NULL, NULL);
}

static yjpi_dataset *new_ds(void)
{
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    return ds;
}

static void finish(yjpi_dataset *ds)
{
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
}

/* A reference with as_of 2030-01-01 (every cohort final) and options. */
static yjpi_reference *new_ref(int cohort_months)
{
    yjpi_reference *ref = yjpi_reference_new();
    assert_non_null(ref);
    assert_int_equal(yjpi_reference_set_as_of(ref, D("2030-01-01")), YJPI_OK);
    yjpi_options o;
    YJPI_INIT(o);
    assert_int_equal(yjpi_reference_get_options(ref, &o), YJPI_OK);
    o.cohort_months = cohort_months;
    assert_int_equal(yjpi_reference_set_options(ref, &o), YJPI_OK);
    return ref;
}

static yjpi_value one(const yjpi_dataset *ds, const yjpi_reference *ref,
                      int ind, const char *area, yjpi_period p)
{
    yjpi_value v;
    YJPI_INIT(v);
    yjpi_error err;
    int rc = yjpi_compute_one(ds, ref, ind, area, &p, &v, &err);
    if (rc)
        fail_msg("compute_one: %s", err.message);
    assert_int_equal(v.indicator, ind);
    return v;
}

#define assert_double_equal(a, b) \
    assert_true(fabs((double)(a) - (double)(b)) <= 1e-12 * (1 + fabs((double)(b))))

/* ---- the spec's worked example (spec §3) -------------------------------- */

static yjpi_dataset *worked_example(void)
{
    yjpi_dataset *ds = new_ds();
    /* P1: caution 2014-05-10 (index); offence 2014-09-01 convicted
     * 2015-01-20 -> re-offence; offence 2015-06-01 (after 2015-05-10, the end
     * of the follow-up) -> not counted. */
    add(ds, "P1", "A", "2014-05-01", "2014-05-10", "youth_caution");
    add(ds, "P1", "A", "2014-09-01", "2015-01-20", "fine");
    add(ds, "P1", "A", "2015-06-01", "2015-07-01", "fine");
    /* P2: custody 2014-01-15 released 2014-06-30 (index 2014-06-30);
     * offence 2015-06-15 inside the follow-up but convicted 2016-02-01,
     * after the waiting period (2015-12-30) -> not counted. */
    add_full(ds, "P2", "2000-01-01", "A", "2013-12-01", "2014-01-15",
             "detention_and_training_order", "2014-06-30", NULL, NULL, NULL, NULL);
    add(ds, "P2", "A", "2015-06-15", "2016-02-01", "referral_order");
    /* P3: referral order 2014-04-02; two offences 2014-04-20 sentenced
     * together 2014-06-01 -> two re-offences; a breach -> not counted. */
    add(ds, "P3", "A", "2014-03-20", "2014-04-02", "referral_order");
    add(ds, "P3", "A", "2014-04-20", "2014-06-01", "youth_rehabilitation_order");
    add(ds, "P3", "A", "2014-04-20", "2014-06-01", "youth_rehabilitation_order");
    add_full(ds, "P3", "2000-01-01", "A", "2014-07-01", "2014-07-20",
             "youth_rehabilitation_order", NULL, "1", NULL, NULL, NULL);
    finish(ds);
    return ds;
}

static void test_worked_example(void **state)
{
    (void)state;
    yjpi_dataset *ds = worked_example();
    yjpi_reference *ref = new_ref(3);
    yjpi_period q1 = fq(2014, 1);

    /* C = 3, R = 2, O = 3; per-member counts 1, 0, 2 (sum 3, squares 5) */
    yjpi_value b = one(ds, ref, YJPI_BINARY_RATE, "A", q1);
    assert_int_equal(b.status, YJPI_VALUE_OK);
    assert_int_equal(b.cohort_size, 3);
    assert_int_equal(b.reoffenders, 2);
    assert_int_equal(b.reoffences, 3);
    assert_int_equal(b.numerator, 2);
    assert_double_equal(b.denominator, 3);
    assert_double_equal(b.value, 200.0 / 3.0);   /* 66.7 % */
    assert_int_equal(b.provisional, 0);
    double lo, hi;
    assert_int_equal(yjpi_ci_wilson(2, 3, 0.95, &lo, &hi), YJPI_OK);
    assert_double_equal(b.lower, 100 * lo);
    assert_double_equal(b.upper, 100 * hi);
    assert_double_equal(b.confidence, 0.95);

    yjpi_value f = one(ds, ref, YJPI_FREQUENCY_RATE, "A", q1);
    assert_int_equal(f.status, YJPI_VALUE_OK);
    assert_double_equal(f.value, 1.0);
    assert_int_equal(f.numerator, 3);
    assert_double_equal(f.denominator, 3);
    double m;
    assert_int_equal(yjpi_ci_mean_stats(3, 3, 5, 0.95, &m, &lo, &hi), YJPI_OK);
    /* the t interval reaches below 0 re-offences: cut at 0 and flagged */
    assert_true(lo < 0);
    assert_double_equal(f.lower, 0);
    assert_double_equal(f.upper, hi);
    assert_int_equal(f.interval_status, YJPI_VALUE_OK);
    assert_int_equal(f.interval_truncated, 1);

    yjpi_value r = one(ds, ref, YJPI_REOFFENCES_PER_REOFFENDER, "A", q1);
    assert_int_equal(r.status, YJPI_VALUE_OK);
    assert_double_equal(r.value, 1.5);
    assert_int_equal(r.numerator, 3);
    assert_double_equal(r.denominator, 2);
    /* re-offenders' counts 1 and 2: n 2, sum 3, squares 5 */
    assert_int_equal(yjpi_ci_mean_stats(2, 3, 5, 0.95, &m, &lo, &hi), YJPI_OK);
    /* below 1 re-offence per re-offender: cut at 1 and flagged */
    assert_true(lo < 1);
    assert_double_equal(r.lower, 1);
    assert_double_equal(r.upper, hi);
    assert_int_equal(r.interval_truncated, 1);

    /* binary_rate is a proportion: never truncated */
    assert_int_equal(b.interval_truncated, 0);

    /* the same for "*" (only area A exists) */
    yjpi_value s = one(ds, ref, YJPI_BINARY_RATE, "*", q1);
    assert_int_equal(s.cohort_size, 3);
    assert_int_equal(s.reoffences, 3);

    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* A mean whose interval stays above its floor is not cut (spec §6): 30
 * members, 20 of them re-offending once and 10 twice. */
static void test_mean_interval_not_truncated(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    char id[16];
    for (int i = 0; i < 30; i++) {
        snprintf(id, sizeof id, "M%02d", i);
        add(ds, id, "A", "2014-04-01", "2014-05-01", "youth_caution");
        add(ds, id, "A", "2014-09-01", "2014-10-01", "fine");
        if (i < 10)
            add(ds, id, "A", "2014-11-01", "2014-12-01", "fine");
    }
    finish(ds);
    yjpi_reference *ref = new_ref(3);
    yjpi_value f = one(ds, ref, YJPI_FREQUENCY_RATE, "A", fq(2014, 1));
    double m, lo, hi;
    /* counts: 20 ones and 10 twos: sum 40, squares 60 */
    assert_int_equal(yjpi_ci_mean_stats(30, 40, 60, 0.95, &m, &lo, &hi), YJPI_OK);
    assert_true(lo > 1);
    assert_double_equal(f.lower, lo);
    assert_double_equal(f.upper, hi);
    assert_int_equal(f.interval_truncated, 0);
    yjpi_value r = one(ds, ref, YJPI_REOFFENCES_PER_REOFFENDER, "A", fq(2014, 1));
    assert_double_equal(r.lower, lo);
    assert_int_equal(r.interval_truncated, 0);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* ---- cohort membership --------------------------------------------------- */

static void test_index_earliest_in_period(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    /* Outcomes 2014-03-01 (previous quarter), 2014-05-01 in area A and
     * 2014-06-01 in area B.  The Q1 index is 2014-05-01, so the person is in
     * A's cohort, not B's; the 2014-06-01 row (offence 2014-05-20, after the
     * index) is a re-offence.  The 2014-03-01 row makes it an index event of
     * 2013/14 Q4, where the 05-01 and 06-01 rows are re-offences. */
    add(ds, "X", "A", "2014-02-01", "2014-03-01", "youth_caution");
    add(ds, "X", "A", "2014-04-20", "2014-05-01", "fine");
    add(ds, "X", "B", "2014-05-20", "2014-06-01", "fine");
    finish(ds);
    yjpi_reference *ref = new_ref(3);
    yjpi_value a = one(ds, ref, YJPI_BINARY_RATE, "A", fq(2014, 1));
    yjpi_value b = one(ds, ref, YJPI_BINARY_RATE, "B", fq(2014, 1));
    assert_int_equal(a.cohort_size, 1);
    assert_int_equal(a.reoffenders, 1);
    assert_int_equal(a.reoffences, 1);
    assert_int_equal(b.cohort_size, 0);
    assert_int_equal(b.status, YJPI_NC_EMPTY_COHORT);
    yjpi_value q4 = one(ds, ref, YJPI_BINARY_RATE, "A", fq(2013, 4));
    assert_int_equal(q4.cohort_size, 1);
    assert_int_equal(q4.reoffences, 2);   /* rows of 05-01 and 06-01 */
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

static void test_custody_release_index(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    /* R1: custody sentence 2014-02-01 (2013/14 Q4), released 2014-05-15:
     * index 2014-05-15 in 2014/15 Q1.  The offence of 2014-05-10 is before
     * the index (committed before release): not a re-offence; the offence of
     * 2014-06-01 is. */
    add_full(ds, "R1", "2000-01-01", "A", "2014-01-10", "2014-02-01",
             "detention_and_training_order", "2014-05-15", NULL, NULL, NULL, NULL);
    add(ds, "R1", "A", "2014-05-10", "2014-07-01", "fine");
    add(ds, "R1", "A", "2014-06-01", "2014-07-02", "fine");
    /* R2: custody 2014-05-01 released 2014-08-01: not in Q1's cohort (its
     * release is outside Q1), in Q2's. */
    add_full(ds, "R2", "2000-01-01", "A", "2014-04-10", "2014-05-01",
             "long_term_detention", "2014-08-01", NULL, NULL, NULL, NULL);
    finish(ds);
    yjpi_reference *ref = new_ref(3);
    yjpi_value q1 = one(ds, ref, YJPI_BINARY_RATE, "A", fq(2014, 1));
    /* Q1 members: R1 (index 05-15).  R1's fine rows have outcomes 07-01 and
     * 07-02 (Q2): they are index events of Q2, not Q1. */
    assert_int_equal(q1.cohort_size, 1);
    assert_int_equal(q1.reoffences, 1);
    assert_int_equal(q1.custody_no_release, 0);
    yjpi_value q4 = one(ds, ref, YJPI_BINARY_RATE, "A", fq(2013, 4));
    assert_int_equal(q4.cohort_size, 0);  /* the sentence itself is no index event */
    yjpi_value q2 = one(ds, ref, YJPI_BINARY_RATE, "A", fq(2014, 2));
    /* Q2: R1 (index 07-01, then nothing after: k = 0) and R2 (index 08-01) */
    assert_int_equal(q2.cohort_size, 2);
    assert_int_equal(q2.reoffenders, 0);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

static void test_custody_without_release(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    add(ds, "N", "A", "2014-04-01", "2014-05-01", "detention_and_training_order");
    add(ds, "M", "B", "2014-04-01", "2014-05-01", "other_custody");
    finish(ds);
    yjpi_reference *ref = new_ref(3);
    yjpi_value a = one(ds, ref, YJPI_BINARY_RATE, "A", fq(2014, 1));
    assert_int_equal(a.cohort_size, 0);
    assert_int_equal(a.status, YJPI_NC_EMPTY_COHORT);
    assert_int_equal(a.custody_no_release, 1);
    yjpi_value s = one(ds, ref, YJPI_FREQUENCY_RATE, "*", fq(2014, 1));
    assert_int_equal(s.custody_no_release, 2);
    /* the annual (pooled) figure reports them too, once each */
    yjpi_value y = one(ds, ref, YJPI_BINARY_RATE, "*", fy(2014));
    assert_int_equal(y.custody_no_release, 2);
    yjpi_value q2 = one(ds, ref, YJPI_BINARY_RATE, "A", fq(2014, 2));
    assert_int_equal(q2.custody_no_release, 0);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* ---- the re-offence window ----------------------------------------------- */

static void test_window_ends_inclusive(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    /* Everyone: caution 2014-05-10 = index.  Follow-up ends 2015-05-10,
     * waiting ends 2015-11-10, both inclusive. */
    const char *ids[4] = {"W1", "W2", "W3", "W4"};
    for (int i = 0; i < 4; i++)
        add(ds, ids[i], "A", "2014-05-01", "2014-05-10", "youth_caution");
    add(ds, "W1", "A", "2015-05-10", "2015-06-01", "fine"); /* offence = +12m: counts */
    add(ds, "W2", "A", "2015-05-11", "2015-06-01", "fine"); /* +12m+1d: not */
    add(ds, "W3", "A", "2015-01-01", "2015-11-10", "fine"); /* outcome = +18m: counts */
    add(ds, "W4", "A", "2015-01-01", "2015-11-11", "fine"); /* +18m+1d: not */
    /* an offence on the index date itself is not after it */
    add(ds, "W4", "A", "2014-05-10", "2014-08-01", "fine");
    finish(ds);
    yjpi_reference *ref = new_ref(3);
    yjpi_value v = one(ds, ref, YJPI_FREQUENCY_RATE, "A", fq(2014, 1));
    assert_int_equal(v.cohort_size, 4);
    assert_int_equal(v.reoffenders, 2);
    assert_int_equal(v.reoffences, 2);
    assert_double_equal(v.value, 0.5);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

static void test_month_end_clamping(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    /* Index 2014-08-31 (2014/15 Q2) with follow-up 6 and waiting 6 months:
     * follow-up ends 2014-08-31 + 6 months = 2015-02-28 (clamped), waiting
     * ends + 12 months = 2015-08-31. */
    add(ds, "E1", "A", "2014-08-01", "2014-08-31", "youth_caution");
    add(ds, "E1", "A", "2015-02-28", "2015-08-31", "fine"); /* both ends: counts */
    add(ds, "E2", "A", "2014-08-01", "2014-08-31", "youth_caution");
    add(ds, "E2", "A", "2015-03-01", "2015-04-01", "fine"); /* day after: not */
    finish(ds);
    yjpi_reference *ref = new_ref(3);
    yjpi_options o;
    YJPI_INIT(o);
    assert_int_equal(yjpi_reference_get_options(ref, &o), YJPI_OK);
    o.followup_months = 6;
    o.waiting_months = 6;
    assert_int_equal(yjpi_reference_set_options(ref, &o), YJPI_OK);
    yjpi_value v = one(ds, ref, YJPI_BINARY_RATE, "A", fq(2014, 2));
    assert_int_equal(v.cohort_size, 2);
    assert_int_equal(v.reoffenders, 1);
    assert_int_equal(v.reoffences, 1);

    /* Default 12 + 6 months from 2014-08-31: follow-up to 2015-08-31,
     * waiting to 2016-02-29 (a leap year). */
    yjpi_dataset *ds2 = new_ds();
    add(ds2, "L1", "A", "2014-08-01", "2014-08-31", "youth_caution");
    add(ds2, "L1", "A", "2015-08-31", "2016-02-29", "fine");   /* counts */
    add(ds2, "L2", "A", "2014-08-01", "2014-08-31", "youth_caution");
    add(ds2, "L2", "A", "2015-08-31", "2016-03-01", "fine");   /* not */
    finish(ds2);
    yjpi_reference *ref2 = new_ref(3);
    yjpi_value w = one(ds2, ref2, YJPI_BINARY_RATE, "A", fq(2014, 2));
    assert_int_equal(w.cohort_size, 2);
    assert_int_equal(w.reoffences, 1);
    yjpi_reference_free(ref2);
    yjpi_dataset_free(ds2);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

static void test_breach_and_informal(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    /* B1: index 2014-05-10; its only later rows are a breach and an
     * informal outcome -> no re-offence. */
    add(ds, "B1", "A", "2014-05-01", "2014-05-10", "youth_caution");
    add_full(ds, "B1", "2000-01-01", "A", "2014-06-01", "2014-06-10",
             "referral_order", NULL, "1", NULL, NULL, NULL);
    add(ds, "B1", "A", "2014-07-01", "2014-07-02", "community_resolution");
    /* I1: only informal outcomes: no FTE, no cohort. */
    add(ds, "I1", "A", "2014-05-01", "2014-05-10", "triage");
    add(ds, "I1", "A", "2014-05-11", "2014-05-12", "no_further_action");
    /* I2: informal 2014-05-01 then a caution 2014-06-01: the caution is the
     * first formal outcome (FTE in Q1) and the index date. */
    add(ds, "I2", "A", "2014-04-20", "2014-05-01", "community_resolution");
    add(ds, "I2", "A", "2014-05-20", "2014-06-01", "youth_caution");
    finish(ds);
    yjpi_reference *ref = new_ref(3);
    yjpi_value v = one(ds, ref, YJPI_BINARY_RATE, "A", fq(2014, 1));
    /* Q1 index events: B1 05-10 (the breach row 06-10 too, later), I2 06-01 */
    assert_int_equal(v.cohort_size, 2);
    assert_int_equal(v.reoffenders, 0);
    assert_int_equal(v.reoffences, 0);
    yjpi_value f = one(ds, ref, YJPI_FTE_COUNT, "A", fq(2014, 1));
    assert_int_equal(f.numerator, 2);   /* B1 and I2, not I1 */
    assert_double_equal(f.value, 2);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* ---- ages ----------------------------------------------------------------- */

static void test_age_limits(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    /* Y9: 9 on the offence date (birthday 2004-05-02, offence 2014-05-01)
     * -> the dataset excludes the row: no FTE, cohort or custody. */
    add_full(ds, "Y9", "2004-05-02", "A", "2014-05-01", "2014-05-10",
             "youth_caution", NULL, NULL, NULL, NULL, NULL);
    /* Y10: 10 exactly on the offence date -> counts everywhere. */
    add_full(ds, "Y10", "2004-05-01", "A", "2014-05-01", "2014-05-10",
             "youth_caution", NULL, NULL, NULL, NULL, NULL);
    /* Y17: 17, the day before the 18th birthday -> counts. */
    add_full(ds, "Y17", "1996-05-02", "A", "2014-05-01", "2014-05-10",
             "fine", NULL, NULL, NULL, NULL, NULL);
    /* Y18: 18 on the offence date -> no FTE (the person's first outcome is
     * an adult one, so never an FTE), not in the cohort, no custody. */
    add_full(ds, "Y18", "1996-05-01", "A", "2014-05-01", "2014-05-10",
             "fine", NULL, NULL, NULL, NULL, NULL);
    add_full(ds, "Y18", "1996-05-01", "A", "2014-05-02", "2014-05-20",
             "detention_and_training_order", NULL, NULL, NULL, NULL, NULL);
    /* C17: custody at 17 (the only custodial occasion counted) and a court
     * occasion at 18 the same year that is not counted. */
    add_full(ds, "C17", "1996-06-01", "A", "2014-05-01", "2014-05-15",
             "detention_and_training_order", "2014-06-10", NULL, NULL, NULL, NULL);
    add_full(ds, "C17", "1996-06-01", "A", "2014-06-01", "2014-06-20",
             "fine", NULL, NULL, NULL, NULL, NULL);
    finish(ds);
    yjpi_reference *ref = new_ref(3);
    yjpi_period q1 = fq(2014, 1);
    /* FTE: Y10, Y17, C17 */
    assert_int_equal(one(ds, ref, YJPI_FTE_COUNT, "A", q1).numerator, 3);
    /* cohort: Y10 (05-10), Y17 (05-10), C17 (release 06-10; the fine at 18
     * is no index event but a re-offence: offence 06-01 <= release? no,
     * 06-01 is before the 06-10 index -> not counted) */
    yjpi_value b = one(ds, ref, YJPI_BINARY_RATE, "A", q1);
    assert_int_equal(b.cohort_size, 3);
    assert_int_equal(b.reoffences, 0);
    /* court occasions of young people: Y17 fine, C17 custody (Y18's two and
     * C17's fine at 18 are adults') -> 2 occasions, 1 custodial */
    yjpi_value c = one(ds, ref, YJPI_CUSTODY_SHARE, "A", q1);
    assert_int_equal(c.court_occasions, 2);
    assert_int_equal(c.numerator, 1);
    assert_double_equal(c.value, 50.0);

    /* Age on the outcome date instead: Y17 is 18 on 2014-05-10? born
     * 1996-05-02 -> 18 on 2014-05-02: excluded; C17 18 on 2014-06-01, the
     * custody outcome 2014-05-15 is at 17: still counted. */
    yjpi_options o;
    YJPI_INIT(o);
    assert_int_equal(yjpi_reference_get_options(ref, &o), YJPI_OK);
    o.age_basis = YJPI_AGE_OUTCOME_DATE;
    assert_int_equal(yjpi_reference_set_options(ref, &o), YJPI_OK);
    assert_int_equal(one(ds, ref, YJPI_FTE_COUNT, "A", q1).numerator, 2);
    assert_int_equal(one(ds, ref, YJPI_BINARY_RATE, "A", q1).cohort_size, 2);
    assert_int_equal(one(ds, ref, YJPI_CUSTODY_SHARE, "A", q1).court_occasions, 1);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* ---- FTE ---------------------------------------------------------------- */

static void test_fte_once_ever(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    /* F1: first outcome 2014-03-01 (2013/14, area A), again 2014-05-01 in
     * area B: an FTE of A in 2013/14 only. */
    add(ds, "F1", "A", "2014-02-01", "2014-03-01", "youth_caution");
    add(ds, "F1", "B", "2014-04-10", "2014-05-01", "fine");
    /* F2: two outcomes the same day: ordered by offence date; one FTE. */
    add(ds, "F2", "B", "2014-05-02", "2014-06-01", "fine");
    add(ds, "F2", "A", "2014-05-01", "2014-06-01", "youth_caution");
    finish(ds);
    yjpi_reference *ref = new_ref(3);
    assert_int_equal(one(ds, ref, YJPI_FTE_COUNT, "A", fy(2013)).numerator, 1);
    assert_int_equal(one(ds, ref, YJPI_FTE_COUNT, "B", fy(2014)).numerator, 0);
    /* F2's earliest row is the caution (offence 05-01), in area A */
    assert_int_equal(one(ds, ref, YJPI_FTE_COUNT, "A", fy(2014)).numerator, 1);
    assert_int_equal(one(ds, ref, YJPI_FTE_COUNT, "*", fy(2014)).numerator, 1);
    assert_int_equal(one(ds, ref, YJPI_FTE_COUNT, "*", fq(2014, 1)).numerator, 1);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

static void test_fte_rate_and_history(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    char id[16];
    /* 12 first time entrants in A in 2014/15 */
    for (int i = 0; i < 12; i++) {
        snprintf(id, sizeof id, "P%d", i);
        add(ds, id, "A", "2014-05-01", "2014-06-01", "youth_caution");
    }
    finish(ds);
    yjpi_reference *ref = new_ref(3);
    assert_int_equal(yjpi_reference_set_population(ref, "A", NULL, 2014, 16000), YJPI_OK);
    yjpi_value v = one(ds, ref, YJPI_FTE_RATE, "A", fy(2014));
    assert_int_equal(v.status, YJPI_VALUE_OK);
    assert_int_equal(v.numerator, 12);
    assert_double_equal(v.denominator, 16000);
    assert_double_equal(v.population, 16000);
    assert_double_equal(v.value, 12.0 / 16000 * 100000);   /* 75 per 100,000 */
    double lo, hi;
    assert_int_equal(yjpi_ci_poisson(12, 0.95, &lo, &hi), YJPI_OK);
    assert_double_equal(v.lower, lo * 100000 / 16000);
    assert_double_equal(v.upper, hi * 100000 / 16000);
    assert_int_equal(v.history_short, 0);
    yjpi_value c = one(ds, ref, YJPI_FTE_COUNT, "A", fy(2014));
    assert_double_equal(c.value, 12);
    assert_double_equal(c.lower, lo);
    assert_double_equal(c.upper, hi);
    /* the quarter takes its financial year's population (mid-2014) */
    yjpi_value q = one(ds, ref, YJPI_FTE_RATE, "A", fq(2014, 1));
    assert_double_equal(q.population, 16000);
    /* 2015 (calendar) needs mid-2015: missing */
    yjpi_period y2015 = P(YJPI_PERIOD_YEAR, "2015-01-01", "2016-01-01");
    yjpi_value n = one(ds, ref, YJPI_FTE_RATE, "A", y2015);
    assert_int_equal(n.status, YJPI_NC_NO_POPULATION);
    assert_double_equal(n.value, 0);

    /* history from 2007-01-01 with the default 8 years of look-back:
     * periods starting before 2015-01-01 are flagged */
    assert_int_equal(yjpi_reference_set_history_start(ref, D("2007-01-01")), YJPI_OK);
    assert_int_equal(one(ds, ref, YJPI_FTE_RATE, "A", fy(2014)).history_short, 1);
    assert_int_equal(one(ds, ref, YJPI_FTE_COUNT, "A", y2015).history_short, 0);
    yjpi_period d1231 = P(YJPI_PERIOD_RANGE, "2014-12-31", "2015-01-01");
    assert_int_equal(one(ds, ref, YJPI_FTE_COUNT, "A", d1231).history_short, 1);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* ---- pooled cohorts -------------------------------------------------------- */

static void test_pooled_cohorts(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    /* Caution 2014-05-01 (Q1) and fine 2014-11-01 (offence 2014-10-01, Q3).
     * cohort_months 3: Q1 cohort, index 05-01, the fine is a re-offence
     * (k = 1); Q3 cohort, index 11-01, nothing later (k = 0).  The annual
     * 2014/15 figure pools them: C = 2, R = 1, O = 1.
     * cohort_months 12: one cohort, index 05-01: C = 1, R = 1, O = 1. */
    add(ds, "Q", "A", "2014-04-20", "2014-05-01", "youth_caution");
    add(ds, "Q", "A", "2014-10-01", "2014-11-01", "fine");
    finish(ds);
    yjpi_reference *r3 = new_ref(3), *r12 = new_ref(12);
    yjpi_value a = one(ds, r3, YJPI_BINARY_RATE, "A", fy(2014));
    assert_int_equal(a.cohort_size, 2);
    assert_int_equal(a.reoffenders, 1);
    assert_int_equal(a.reoffences, 1);
    assert_double_equal(a.value, 50.0);
    yjpi_value b = one(ds, r12, YJPI_BINARY_RATE, "A", fy(2014));
    assert_int_equal(b.cohort_size, 1);
    assert_int_equal(b.reoffenders, 1);
    assert_double_equal(b.value, 100.0);
    /* frequency pooled: counts 1 and 0 -> mean 0.5, t interval over 2 obs */
    yjpi_value f = one(ds, r3, YJPI_FREQUENCY_RATE, "A", fy(2014));
    double m, lo, hi;
    assert_int_equal(yjpi_ci_mean_stats(2, 1, 1, 0.95, &m, &lo, &hi), YJPI_OK);
    assert_double_equal(f.value, 0.5);
    assert_true(lo < 0);          /* cut at 0 re-offences */
    assert_double_equal(f.lower, 0);
    assert_int_equal(f.interval_truncated, 1);
    assert_double_equal(f.upper, hi);
    /* rolling 12 months to 2015-03 and a calendar year pool too; a month
     * does not (Q1 2014/15's single months: May holds the caution only) */
    yjpi_period roll = P(YJPI_PERIOD_ROLLING_12, "2014-04-01", "2015-04-01");
    assert_int_equal(one(ds, r3, YJPI_BINARY_RATE, "A", roll).cohort_size, 2);
    yjpi_period cal = P(YJPI_PERIOD_YEAR, "2014-01-01", "2015-01-01");
    assert_int_equal(one(ds, r3, YJPI_BINARY_RATE, "A", cal).cohort_size, 2);
    assert_int_equal(one(ds, r12, YJPI_BINARY_RATE, "A", cal).cohort_size, 1);
    yjpi_period may = P(YJPI_PERIOD_MONTH, "2014-05-01", "2014-06-01");
    assert_int_equal(one(ds, r3, YJPI_BINARY_RATE, "A", may).cohort_size, 1);
    yjpi_reference_free(r3);
    yjpi_reference_free(r12);
    yjpi_dataset_free(ds);
}

/* ---- completeness against as_of ---------------------------------------- */

static void test_provisional(void **state)
{
    (void)state;
    yjpi_dataset *ds = worked_example();
    yjpi_reference *ref = new_ref(3);
    yjpi_period q1 = fq(2014, 1);
    /* Latest member index 2014-06-30 (P2) + 18 months = 2015-12-30. */
    assert_int_equal(yjpi_reference_set_as_of(ref, D("2015-12-30")), YJPI_OK);
    yjpi_value v = one(ds, ref, YJPI_BINARY_RATE, "A", q1);
    assert_int_equal(v.provisional, 0);
    assert_int_equal(v.reoffences, 3);
    assert_int_equal(yjpi_reference_set_as_of(ref, D("2015-12-29")), YJPI_OK);
    v = one(ds, ref, YJPI_BINARY_RATE, "A", q1);
    assert_int_equal(v.provisional, 1);
    /* as_of 2014-12-31: P1's re-offence (convicted 2015-01-20) is not known
     * yet; P3's two (2014-06-01) are: C 3, R 1, O 2. */
    assert_int_equal(yjpi_reference_set_as_of(ref, D("2014-12-31")), YJPI_OK);
    v = one(ds, ref, YJPI_BINARY_RATE, "A", q1);
    assert_int_equal(v.provisional, 1);
    assert_int_equal(v.cohort_size, 3);
    assert_int_equal(v.reoffenders, 1);
    assert_int_equal(v.reoffences, 2);
    /* Empty cohort (area Z): provisional when 2014-06-30 + 18 months
     * (2015-12-30) is after as_of. */
    assert_int_equal(yjpi_reference_set_as_of(ref, D("2015-12-29")), YJPI_OK);
    assert_int_equal(one(ds, ref, YJPI_BINARY_RATE, "Z", q1).provisional, 1);
    assert_int_equal(yjpi_reference_set_as_of(ref, D("2015-12-30")), YJPI_OK);
    assert_int_equal(one(ds, ref, YJPI_BINARY_RATE, "Z", q1).provisional, 0);
    /* No as_of in the reference: the data's last outcome (2016-02-01). */
    yjpi_reference *bare = yjpi_reference_new();
    assert_non_null(bare);
    v = one(ds, bare, YJPI_BINARY_RATE, "A", q1);
    assert_int_equal(v.provisional, 0);
    assert_int_equal(v.reoffences, 3);
    /* ... and with no reference at all */
    v = one(ds, NULL, YJPI_BINARY_RATE, "A", q1);
    assert_int_equal(v.provisional, 0);
    assert_int_equal(v.reoffences, 3);
    yjpi_reference_free(bare);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* ---- not computable ------------------------------------------------------ */

static void test_not_computable(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    /* One cohort member in A with no re-offence; no court occasions. */
    add(ds, "S", "A", "2014-05-01", "2014-05-10", "youth_caution");
    finish(ds);
    yjpi_reference *ref = new_ref(3);
    yjpi_period q1 = fq(2014, 1);
    yjpi_value v = one(ds, ref, YJPI_FTE_RATE, "A", q1);
    assert_int_equal(v.status, YJPI_NC_NO_POPULATION);
    assert_int_equal(v.numerator, 1);
    assert_double_equal(v.value, 0);
    assert_int_equal(yjpi_reference_set_population(ref, "A", NULL, 2014, 0), YJPI_OK);
    assert_int_equal(one(ds, ref, YJPI_FTE_RATE, "A", q1).status, YJPI_NC_ZERO_POPULATION);
    assert_int_equal(one(ds, ref, YJPI_CUSTODY_RATE, "A", q1).status, YJPI_NC_ZERO_POPULATION);
    /* the count itself is fine without a population */
    assert_int_equal(one(ds, ref, YJPI_FTE_COUNT, "A", q1).status, YJPI_VALUE_OK);
    assert_int_equal(one(ds, ref, YJPI_BINARY_RATE, "B", q1).status, YJPI_NC_EMPTY_COHORT);
    assert_int_equal(one(ds, ref, YJPI_FREQUENCY_RATE, "B", q1).status, YJPI_NC_EMPTY_COHORT);
    v = one(ds, ref, YJPI_REOFFENCES_PER_REOFFENDER, "A", q1);
    assert_int_equal(v.status, YJPI_NC_ZERO_DENOMINATOR);
    assert_int_equal(v.cohort_size, 1);
    v = one(ds, ref, YJPI_CUSTODY_SHARE, "A", q1);
    assert_int_equal(v.status, YJPI_NC_ZERO_DENOMINATOR);
    assert_int_equal(v.court_occasions, 0);
    /* one member: frequency 0/1 = 0 is a real value, but a t interval
     * needs two observations */
    v = one(ds, ref, YJPI_FREQUENCY_RATE, "A", q1);
    assert_int_equal(v.status, YJPI_VALUE_OK);
    assert_int_equal(v.interval_status, YJPI_NC_TOO_FEW);
    assert_double_equal(v.lower, 0);
    assert_double_equal(v.upper, 0);
    /* binary 0/1: Wilson still works */
    v = one(ds, ref, YJPI_BINARY_RATE, "A", q1);
    assert_int_equal(v.status, YJPI_VALUE_OK);
    assert_int_equal(v.interval_status, YJPI_VALUE_OK);
    assert_double_equal(v.lower, 0);
    assert_true(v.upper > 0);
    for (int s = 0; s <= 7; s++)
        assert_non_null(yjpi_value_status_text(s));
    assert_string_equal(yjpi_value_status_text(YJPI_NC_NO_POPULATION), "population missing");
    assert_string_equal(yjpi_value_status_text(99), "unknown status");
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* ---- all areas together ------------------------------------------------------ */

/* The value of (indicator, "*", period, group) from a full request. */
static yjpi_value star_of(const yjpi_dataset *ds, const yjpi_reference *ref, int ind,
                          yjpi_period p, int breakdown, const char *group)
{
    yjpi_request req;
    YJPI_INIT(req);
    req.indicators = &ind;
    req.n_indicators = 1;
    req.periods = &p;
    req.n_periods = 1;
    req.breakdown = breakdown;
    yjpi_results *res = NULL;
    yjpi_error err;
    if (yjpi_compute(ds, ref, &req, &res, &err))
        fail_msg("compute: %s", err.message);
    yjpi_value v;
    YJPI_INIT(v);
    assert_int_equal(yjpi_results_find(res, ind, "*", &p, group, &v), YJPI_OK);
    yjpi_results_free(res);
    v.area = v.group = NULL;
    return v;
}

/* E1 (population 1000) has 3 first time entrants, E2 (no population) 5:
 * "*" must not put 8 persons over E1's 1000 people. */
static void test_star_population(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    char id[16];
    for (int i = 0; i < 8; i++) {
        snprintf(id, sizeof id, "P%d", i);
        add_full(ds, id, "2000-01-01", i < 3 ? "E1" : "E2", "2014-05-01", "2014-06-01",
                 i < 3 ? "youth_caution" : "detention_and_training_order", NULL, NULL, NULL,
                 "White", NULL);
    }
    /* E3 counts nobody in 2014/15 (its entrant is from 2012) and has no
     * population: it does not make "*" incomplete */
    add(ds, "Q", "E3", "2012-05-01", "2012-06-01", "youth_caution");
    finish(ds);
    yjpi_reference *ref = new_ref(3);
    assert_int_equal(yjpi_reference_set_population(ref, "E1", NULL, 2014, 1000), YJPI_OK);
    const int rates[2] = {YJPI_FTE_RATE, YJPI_CUSTODY_RATE};
    for (int k = 0; k < 2; k++) {
        /* "*" alone, and "*" among every area of the data */
        yjpi_value v = one(ds, ref, rates[k], "*", fy(2014));
        yjpi_value w = star_of(ds, ref, rates[k], fy(2014), YJPI_BY_NONE, NULL);
        assert_int_equal(v.status, YJPI_NC_POPULATION_INCOMPLETE);
        assert_int_equal(v.areas_without_population, 1);
        assert_double_equal(v.value, 0);
        assert_double_equal(v.lower, 0);
        assert_double_equal(v.upper, 0);
        assert_int_equal(w.status, YJPI_NC_POPULATION_INCOMPLETE);
        assert_int_equal(w.areas_without_population, 1);
        /* the count is still there */
        assert_int_equal(v.numerator, k == 0 ? 8 : 5);
    }
    assert_string_equal(yjpi_value_status_text(YJPI_NC_POPULATION_INCOMPLETE),
                         "population incomplete");
    /* the group rows of "*" follow the same rule (E1/ethnicity only) */
    assert_int_equal(yjpi_reference_set_population(ref, "E1", "White", 2014, 800), YJPI_OK);
    yjpi_value g = star_of(ds, ref, YJPI_FTE_RATE, fy(2014), YJPI_BY_ETHNICITY, "White");
    assert_int_equal(g.status, YJPI_NC_POPULATION_INCOMPLETE);
    assert_int_equal(g.areas_without_population, 1);

    /* every counting area with a population: the sum over the areas that
     * have one (E4 counts nobody but is an area of the reference) */
    assert_int_equal(yjpi_reference_set_population(ref, "E2", NULL, 2014, 3000), YJPI_OK);
    assert_int_equal(yjpi_reference_set_population(ref, "E4", NULL, 2014, 1000), YJPI_OK);
    yjpi_value v = one(ds, ref, YJPI_FTE_RATE, "*", fy(2014));
    assert_int_equal(v.status, YJPI_VALUE_OK);
    assert_int_equal(v.areas_without_population, 0);
    assert_double_equal(v.population, 5000);
    assert_double_equal(v.value, 8.0 / 5000 * 100000);
    v = one(ds, ref, YJPI_CUSTODY_RATE, "*", fy(2014));
    assert_int_equal(v.status, YJPI_VALUE_OK);
    assert_double_equal(v.value, 5.0 / 5000 * 1000);
    yjpi_reference_free(ref);

    /* the reference's own "*" population wins over any sum */
    ref = new_ref(3);
    assert_int_equal(yjpi_reference_set_population(ref, "E1", NULL, 2014, 1000), YJPI_OK);
    assert_int_equal(yjpi_reference_set_population(ref, "*", NULL, 2014, 4000), YJPI_OK);
    assert_int_equal(yjpi_reference_set_population(ref, "*", "White", 2014, 2000), YJPI_OK);
    for (int k = 0; k < 2; k++) {
        v = one(ds, ref, rates[k], "*", fy(2014));
        assert_int_equal(v.status, YJPI_VALUE_OK);
        assert_double_equal(v.population, 4000);
        assert_double_equal(v.value, k == 0 ? 8.0 / 4000 * 100000 : 5.0 / 4000 * 1000);
        assert_int_equal(star_of(ds, ref, rates[k], fy(2014), YJPI_BY_NONE, NULL).status,
                         YJPI_VALUE_OK);
    }
    g = star_of(ds, ref, YJPI_FTE_RATE, fy(2014), YJPI_BY_ETHNICITY, "White");
    assert_int_equal(g.status, YJPI_VALUE_OK);
    assert_double_equal(g.population, 2000);
    /* a year without "*" and without any area: population missing */
    assert_int_equal(one(ds, ref, YJPI_FTE_RATE, "*", fy(2015)).status, YJPI_NC_NO_POPULATION);
    /* E1 itself is unchanged */
    assert_double_equal(one(ds, ref, YJPI_FTE_RATE, "E1", fy(2014)).value, 300);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* Disproportionality of "*" sums AREA/ethnicity over the areas: a group
 * counted in an area without its population is not computable. */
static void test_star_disproportionality(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    add_full(ds, "W1", "2000-01-01", "E1", "2014-05-01", "2014-06-01", "youth_caution", NULL,
             NULL, NULL, "White", NULL);
    add_full(ds, "B1", "2000-01-01", "E1", "2014-05-01", "2014-06-01", "youth_caution", NULL,
             NULL, NULL, "Black", NULL);
    add_full(ds, "B2", "2000-01-01", "E2", "2014-05-01", "2014-06-01", "youth_caution", NULL,
             NULL, NULL, "Black", NULL);
    finish(ds);
    yjpi_reference *ref = new_ref(3);
    assert_int_equal(yjpi_reference_set_population(ref, "E1", "White", 2014, 900), YJPI_OK);
    assert_int_equal(yjpi_reference_set_population(ref, "E1", "Black", 2014, 100), YJPI_OK);
    yjpi_period p = fy(2014);
    yjpi_disparities *d = NULL;
    assert_int_equal(yjpi_disproportionality(ds, ref, YJPI_FTE_COUNT, "*", &p, &d, NULL),
                     YJPI_OK);
    assert_int_equal(yjpi_disparities_count(d), 2);
    yjpi_disparity it;
    YJPI_INIT(it);
    assert_int_equal(yjpi_disparities_get(d, 1, &it), YJPI_OK);
    assert_string_equal(it.group, "Black");
    assert_int_equal(it.count, 2);
    /* (2/100) / (1/900) = 18 would put E2's person over E1's people */
    assert_int_equal(it.status, YJPI_NC_POPULATION_INCOMPLETE);
    assert_double_equal(it.rri, 0);
    assert_int_equal(it.population_status, YJPI_NC_POPULATION_INCOMPLETE);
    yjpi_disparities_free(d);
    /* with E2's populations the sum covers both areas */
    assert_int_equal(yjpi_reference_set_population(ref, "E2", "White", 2014, 900), YJPI_OK);
    assert_int_equal(yjpi_reference_set_population(ref, "E2", "Black", 2014, 100), YJPI_OK);
    assert_int_equal(yjpi_disproportionality(ds, ref, YJPI_FTE_COUNT, "*", &p, &d, NULL),
                     YJPI_OK);
    assert_int_equal(yjpi_disparities_get(d, 1, &it), YJPI_OK);
    assert_int_equal(it.status, YJPI_VALUE_OK);
    assert_double_equal(it.population, 200);
    assert_double_equal(it.rri, (2.0 / 200) / (1.0 / 1800));
    assert_int_equal(it.population_status, YJPI_VALUE_OK);
    yjpi_disparities_free(d);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* ---- plausible numbers ---------------------------------------------------------- */

static void assert_all_finite(const yjpi_value *v)
{
    assert_true(isfinite(v->value) && isfinite(v->lower) && isfinite(v->upper));
    assert_true(isfinite(v->denominator) && isfinite(v->population));
}

/* A population so small that the rate overflows: not computable, never a
 * NaN or an infinity. */
static void test_not_finite(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    for (int i = 0; i < 3; i++) {
        char id[16];
        snprintf(id, sizeof id, "P%d", i);
        add(ds, id, "A", "2014-05-01", "2014-06-01", "detention_and_training_order");
    }
    finish(ds);
    yjpi_reference *ref = new_ref(3);
    assert_int_equal(yjpi_reference_set_population(ref, "A", NULL, 2014, 1e-306), YJPI_OK);
    const int rates[2] = {YJPI_FTE_RATE, YJPI_CUSTODY_RATE};
    for (int k = 0; k < 2; k++) {
        yjpi_value v = one(ds, ref, rates[k], "A", fy(2014));
        assert_all_finite(&v);
        assert_int_equal(v.status, YJPI_NC_NOT_FINITE);
        assert_double_equal(v.value, 0);
        v = one(ds, ref, rates[k], "*", fy(2014));
        assert_all_finite(&v);
        assert_int_equal(v.status, YJPI_NC_NOT_FINITE);
    }
    /* 3e-303: 3 per 100,000 of it is 1e308, finite, but the upper limit
     * (8.77 / 3e-303 x 100,000) overflows: the value stands, its interval
     * is not computable */
    assert_int_equal(yjpi_reference_set_population(ref, "A", NULL, 2014, 3e-303), YJPI_OK);
    yjpi_value v = one(ds, ref, YJPI_FTE_RATE, "A", fy(2014));
    assert_all_finite(&v);
    assert_int_equal(v.status, YJPI_VALUE_OK);
    assert_double_equal(v.value, 3.0 / 3e-303 * 100000);
    assert_int_equal(v.interval_status, YJPI_NC_NOT_FINITE);
    assert_double_equal(v.lower, v.value);
    assert_double_equal(v.upper, v.value);
    assert_string_equal(yjpi_value_status_text(YJPI_NC_NOT_FINITE), "not finite");
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* ---- custody ---------------------------------------------------------------- */

static void test_custody_occasions(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    /* K1: two custodial rows 2014-05-01 = one custodial occasion; a fine
     * 2014-06-01 = a second (non-custodial) court occasion. */
    add(ds, "K1", "A", "2014-04-01", "2014-05-01", "detention_and_training_order");
    add(ds, "K1", "A", "2014-04-02", "2014-05-01", "long_term_detention");
    add(ds, "K1", "A", "2014-05-10", "2014-06-01", "fine");
    /* K2: a caution and a referral order the same day: two occasions, one
     * pre-court (not a court occasion) and one court. */
    add(ds, "K2", "A", "2014-04-01", "2014-05-01", "youth_caution");
    add(ds, "K2", "A", "2014-04-02", "2014-05-01", "referral_order");
    /* K3: a fine (area B) and a custodial sentence (area A) the same day:
     * one occasion, custodial, in area A (its first row of the most severe
     * tier). */
    add(ds, "K3", "B", "2014-04-01", "2014-05-01", "fine");
    add(ds, "K3", "A", "2014-04-02", "2014-05-01", "other_custody");
    /* K4: two custodial rows the same day, in A (offence 04-01, so first)
     * and in B: one occasion, in area A. */
    add(ds, "K4", "B", "2014-04-05", "2014-05-01", "detention_and_training_order");
    add(ds, "K4", "A", "2014-04-01", "2014-05-01", "detention_and_training_order");
    finish(ds);
    yjpi_reference *ref = new_ref(3);
    assert_int_equal(yjpi_reference_set_population(ref, "A", NULL, 2014, 5000), YJPI_OK);
    yjpi_period q1 = fq(2014, 1);
    /* area A: K1 custody, K1 fine, K2 referral, K3 custody, K4 custody ->
     * 5 court occasions, 3 custodial */
    yjpi_value c = one(ds, ref, YJPI_CUSTODY_COUNT, "A", q1);
    assert_double_equal(c.value, 3);
    assert_int_equal(c.numerator, 3);
    assert_int_equal(c.court_occasions, 5);
    double lo, hi;
    assert_int_equal(yjpi_ci_poisson(3, 0.95, &lo, &hi), YJPI_OK);
    assert_double_equal(c.lower, lo);
    assert_double_equal(c.upper, hi);
    yjpi_value r = one(ds, ref, YJPI_CUSTODY_RATE, "A", q1);
    assert_double_equal(r.value, 3.0 / 5000 * 1000);   /* 0.6 per 1,000 */
    assert_double_equal(r.lower, lo * 1000 / 5000);
    assert_double_equal(r.upper, hi * 1000 / 5000);
    yjpi_value s = one(ds, ref, YJPI_CUSTODY_SHARE, "A", q1);
    assert_double_equal(s.value, 60.0);
    assert_int_equal(s.numerator, 3);
    assert_double_equal(s.denominator, 5);
    assert_int_equal(yjpi_ci_wilson(3, 5, 0.95, &lo, &hi), YJPI_OK);
    assert_double_equal(s.lower, 100 * lo);
    assert_double_equal(s.upper, 100 * hi);
    /* area B has nothing (K3's and K4's occasions went to A) */
    assert_int_equal(one(ds, ref, YJPI_CUSTODY_SHARE, "B", q1).court_occasions, 0);
    /* confidence 99.8% through the request */
    yjpi_request req;
    YJPI_INIT(req);
    int ind = YJPI_CUSTODY_SHARE;
    const char *areas[1] = {"A"};
    req.indicators = &ind;
    req.n_indicators = 1;
    req.areas = areas;
    req.n_areas = 1;
    req.periods = &q1;
    req.n_periods = 1;
    req.confidence = 0.998;
    yjpi_results *res = NULL;
    assert_int_equal(yjpi_compute(ds, ref, &req, &res, NULL), YJPI_OK);
    yjpi_value v;
    YJPI_INIT(v);
    assert_int_equal(yjpi_results_find(res, ind, "A", &q1, NULL, &v), YJPI_OK);
    assert_int_equal(yjpi_ci_wilson(3, 5, 0.998, &lo, &hi), YJPI_OK);
    assert_double_equal(v.confidence, 0.998);
    assert_double_equal(v.lower, 100 * lo);
    yjpi_results_free(res);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* ---- one request = separate requests ----------------------------------- */

static void assert_same_value(const yjpi_value *a, const yjpi_value *b)
{
    assert_int_equal(a->indicator, b->indicator);
    assert_int_equal(a->status, b->status);
    assert_int_equal(a->interval_status, b->interval_status);
    assert_true(a->value == b->value);
    assert_true(a->lower == b->lower);
    assert_true(a->upper == b->upper);
    assert_int_equal(a->numerator, b->numerator);
    assert_true(a->denominator == b->denominator);
    assert_int_equal(a->cohort_size, b->cohort_size);
    assert_int_equal(a->reoffenders, b->reoffenders);
    assert_int_equal(a->reoffences, b->reoffences);
    assert_int_equal(a->custody_no_release, b->custody_no_release);
    assert_int_equal(a->provisional, b->provisional);
    assert_int_equal(a->history_short, b->history_short);
    assert_int_equal(a->court_occasions, b->court_occasions);
    assert_true(a->population == b->population);
}

/* Deterministic pseudo-random numbers in [0, n) (a linear congruential
 * generator), so the generated datasets are the same on every run. */
static int rnd(unsigned *x, int n)
{
    *x = *x * 1103515245u + 12345u;
    return (int)((*x >> 8) % (unsigned)n);
}

static yjpi_dataset *mixed_dataset(unsigned seed, int n_people)
{
    static const char *const codes[] = {
        "youth_caution", "youth_conditional_caution", "fine", "referral_order",
        "youth_rehabilitation_order", "detention_and_training_order",
        "conditional_discharge", "community_resolution"};
    static const char *const areas[] = {"E1", "E2", "E3"};
    yjpi_dataset *ds = new_ds();
    unsigned x = seed;
    char id[16], birth[11], off[11], out[11], rel[11];
    for (int p = 0; p < n_people; p++) {
        snprintf(id, sizeof id, "p%d", p);
        yjpi_date b = D("1994-01-01") + rnd(&x, 3650);
        assert_int_equal(yjpi_date_format(b, birth, sizeof birth), YJPI_OK);
        int n = 1 + rnd(&x, 5);
        for (int i = 0; i < n; i++) {
            yjpi_date o = D("2012-01-01") + rnd(&x, 1600);
            yjpi_date c = o + rnd(&x, 200);
            if (yjpi_age(b, o) < 10)
                continue;
            const char *code = codes[rnd(&x, 8)];
            assert_int_equal(yjpi_date_format(o, off, sizeof off), YJPI_OK);
            assert_int_equal(yjpi_date_format(c, out, sizeof out), YJPI_OK);
            const char *release = NULL;
            if (strcmp(code, "detention_and_training_order") == 0 && rnd(&x, 4)) {
                assert_int_equal(yjpi_date_format(c + rnd(&x, 300), rel, sizeof rel), YJPI_OK);
                release = rel;
            }
            static const char *const sexes[] = {"M", "F", ""};
            static const char *const eths[] = {"White", "Black", "Asian", "", "Mixed"};
            static const char *const types[] = {"Theft", "Violence", ""};
            add_full(ds, id, birth, areas[rnd(&x, 3)], off, out, code, release,
                     rnd(&x, 10) == 0 ? "1" : "0", sexes[rnd(&x, 3)], eths[rnd(&x, 5)],
                     types[rnd(&x, 3)]);
        }
    }
    finish(ds);
    return ds;
}

static void test_one_pass_equals_separate(void **state)
{
    (void)state;
    yjpi_dataset *ds = mixed_dataset(7, 400);
    yjpi_reference *ref = new_ref(3);
    assert_int_equal(yjpi_reference_set_as_of(ref, D("2015-09-30")), YJPI_OK);
    assert_int_equal(yjpi_reference_set_population(ref, "E1", NULL, 2013, 9000), YJPI_OK);
    assert_int_equal(yjpi_reference_set_population(ref, "E2", NULL, 2013, 7000), YJPI_OK);
    assert_int_equal(yjpi_reference_set_population(ref, "E1", NULL, 2014, 9100), YJPI_OK);
    /* overlapping periods: two quarters, their year and a calendar year */
    yjpi_period per[4] = {fq(2013, 1), fq(2013, 4), fy(2013),
                          P(YJPI_PERIOD_YEAR, "2014-01-01", "2015-01-01")};
    const char *areas[3] = {"E1", "*", "E3"};
    yjpi_request req;
    YJPI_INIT(req);
    req.areas = areas;
    req.n_areas = 3;
    req.periods = per;
    req.n_periods = 4;
    yjpi_results *res = NULL;
    assert_int_equal(yjpi_compute(ds, ref, &req, &res, NULL), YJPI_OK);
    /* 8 indicators x 3 areas x 4 periods, ordered indicator, area, period */
    assert_int_equal(yjpi_results_count(res), 8 * 3 * 4);
    size_t i = 0;
    uint64_t nonzero = 0;
    for (int ind = 1; ind <= 8; ind++)
        for (int a = 0; a < 3; a++)
            for (int p = 0; p < 4; p++, i++) {
                yjpi_value v, w;
                YJPI_INIT(v);
                assert_int_equal(yjpi_results_get(res, i, &v), YJPI_OK);
                assert_int_equal(v.indicator, ind);
                assert_string_equal(v.area, areas[a]);
                assert_null(v.group);
                assert_true(v.period.start == per[p].start && v.period.end == per[p].end);
                w = one(ds, ref, ind, areas[a], per[p]);
                assert_same_value(&v, &w);
                nonzero += v.numerator + v.cohort_size + v.court_occasions;
            }
    assert_true(nonzero > 100);   /* the data is not trivially empty */
    yjpi_results_free(res);

    /* areas NULL: every data area (sorted) and "*" */
    req.areas = NULL;
    req.n_areas = 0;
    assert_int_equal(yjpi_compute(ds, ref, &req, &res, NULL), YJPI_OK);
    assert_int_equal(yjpi_results_count(res), 8 * 4 * 4);
    yjpi_value v;
    YJPI_INIT(v);
    assert_int_equal(yjpi_results_get(res, 0, &v), YJPI_OK);
    assert_string_equal(v.area, "E1");
    assert_int_equal(yjpi_results_get(res, 12, &v), YJPI_OK);
    assert_string_equal(v.area, "*");
    /* "*" adds up the areas */
    for (int p = 0; p < 4; p++) {
        uint64_t sum = 0, star = 0;
        const char *all[4] = {"E1", "E2", "E3", "*"};
        for (int a = 0; a < 4; a++) {
            assert_int_equal(yjpi_results_find(res, YJPI_BINARY_RATE, all[a], &per[p],
                                               NULL, &v), YJPI_OK);
            if (a < 3)
                sum += v.cohort_size;
            else
                star = v.cohort_size;
        }
        assert_int_equal(sum, star);
    }
    assert_int_equal(yjpi_results_find(res, YJPI_BINARY_RATE, "E9", &per[0], NULL, &v),
                     YJPI_E_NOT_FOUND);
    assert_int_equal(yjpi_results_find(res, YJPI_BINARY_RATE, "E1", &per[0], "M", &v),
                     YJPI_E_NOT_FOUND);
    assert_int_equal(yjpi_results_get(res, 1000, &v), YJPI_E_ARGUMENT);
    /* results outlive the dataset and reference */
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
    assert_int_equal(yjpi_results_get(res, 127, &v), YJPI_OK);
    assert_string_equal(v.area, "*");
    yjpi_results_free(res);
}

/* Every value of `part` is found in `all` with the same fields; returns
 * how many, and adds their cohort sizes to *cohort. */
static size_t assert_values_in(const yjpi_results *part, const yjpi_results *all,
                               uint64_t *cohort)
{
    size_t n = yjpi_results_count(part);
    for (size_t i = 0; i < n; i++) {
        yjpi_value a, b;
        YJPI_INIT(a);
        YJPI_INIT(b);
        assert_int_equal(yjpi_results_get(part, i, &a), YJPI_OK);
        assert_int_equal(yjpi_results_find(all, a.indicator, a.area, &a.period,
                                           a.group, &b), YJPI_OK);
        assert_same_value(&a, &b);
        *cohort += a.cohort_size;
    }
    return n;
}

/* A request whose periods span more than 40,000 days (here back to 1890:
 * no period may start after as_of) looks dates up by
 * binary search and works out each member's follow-up ends directly (a
 * shorter one uses tables by day): the shared periods' values are equal. */
static void test_long_span_equals_short(void **state)
{
    (void)state;
    yjpi_dataset *ds = mixed_dataset(11, 400);
    yjpi_reference *ref = new_ref(3);
    assert_int_equal(yjpi_reference_set_as_of(ref, D("2015-09-30")), YJPI_OK);
    yjpi_period per[4] = {fq(2013, 1), fq(2013, 4), fy(2013), fy(1890)};
    for (int bd = 0; bd < 2; bd++) {
        yjpi_request req;
        YJPI_INIT(req);
        req.periods = per;
        req.n_periods = 3;
        req.breakdown = bd ? YJPI_BY_SEX : YJPI_BY_NONE;
        yjpi_results *s = NULL, *l = NULL;
        assert_int_equal(yjpi_compute(ds, ref, &req, &s, NULL), YJPI_OK);
        req.n_periods = 4;
        assert_int_equal(yjpi_compute(ds, ref, &req, &l, NULL), YJPI_OK);
        uint64_t cohort = 0;
        size_t matched = assert_values_in(s, l, &cohort);
        assert_true(matched > 0 && cohort > 0);
        yjpi_results_free(s);
        yjpi_results_free(l);
    }
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* Cohorts whose dates overlap without being equal (a month, a range and
 * the quarters of a year) are looked up by search, not by the table of one
 * cohort per day: each period's values equal those of the period asked
 * for alone, with and without groups. */
static void test_overlapping_cohorts_equal_separate(void **state)
{
    (void)state;
    yjpi_dataset *ds = mixed_dataset(5, 400);
    yjpi_reference *ref = new_ref(3);
    assert_int_equal(yjpi_reference_set_as_of(ref, D("2015-09-30")), YJPI_OK);
    yjpi_period per[4] = {P(YJPI_PERIOD_MONTH, "2013-05-01", "2013-06-01"),
                          P(YJPI_PERIOD_RANGE, "2013-05-15", "2013-11-15"),
                          fq(2013, 1), fy(2013)};
    static const int bds[4] = {YJPI_BY_NONE, YJPI_BY_SEX, YJPI_BY_AGE_BAND, YJPI_BY_AREA};
    for (int b = 0; b < 4; b++) {
        yjpi_request req;
        YJPI_INIT(req);
        req.periods = per;
        req.n_periods = 4;
        req.breakdown = bds[b];
        yjpi_results *all = NULL;
        assert_int_equal(yjpi_compute(ds, ref, &req, &all, NULL), YJPI_OK);
        uint64_t cohort = 0;
        size_t matched = 0;
        for (int p = 0; p < 4; p++) {
            req.periods = &per[p];
            req.n_periods = 1;
            yjpi_results *one_p = NULL;
            assert_int_equal(yjpi_compute(ds, ref, &req, &one_p, NULL), YJPI_OK);
            matched += assert_values_in(one_p, all, &cohort);
            yjpi_results_free(one_p);
        }
        assert_int_equal(matched, yjpi_results_count(all));
        assert_true(cohort > 0);
        yjpi_results_free(all);
    }
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* ---- errors and API contract ---------------------------------------------- */

static void test_errors(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    add(ds, "S", "A", "2014-05-01", "2014-05-10", "youth_caution");
    yjpi_period q1 = fq(2014, 1);
    yjpi_request req;
    YJPI_INIT(req);
    req.periods = &q1;
    req.n_periods = 1;
    yjpi_results *res = NULL;
    yjpi_error err;
    assert_int_equal(yjpi_compute(ds, NULL, &req, &res, &err), YJPI_E_STATE);
    assert_non_null(strstr(err.message, "yjpi_dataset_finish"));
    assert_null(res);
    finish(ds);
    req.n_periods = 0;
    assert_int_equal(yjpi_compute(ds, NULL, &req, &res, &err), YJPI_E_ARGUMENT);
    req.n_periods = 1;
    int bad = 42;
    req.indicators = &bad;
    req.n_indicators = 1;
    assert_int_equal(yjpi_compute(ds, NULL, &req, &res, &err), YJPI_E_ARGUMENT);
    assert_non_null(strstr(err.message, "42"));
    req.indicators = NULL;
    req.n_indicators = 0;
    yjpi_period empty = {YJPI_PERIOD_RANGE, q1.start, q1.start};
    req.periods = &empty;
    assert_int_equal(yjpi_compute(ds, NULL, &req, &res, &err), YJPI_E_ARGUMENT);
    req.periods = &q1;
    req.confidence = 1.5;
    assert_int_equal(yjpi_compute(ds, NULL, &req, &res, &err), YJPI_E_ARGUMENT);
    req.confidence = 0;
    assert_int_equal(yjpi_compute(NULL, NULL, &req, &res, &err), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_compute(ds, NULL, &req, &res, &err), YJPI_OK);
    assert_int_equal(err.code, YJPI_OK);
    /* growable value: a caller knowing only the fields up to population
     * gets those and nothing is written beyond its size */
    union {
        yjpi_value v;
        unsigned char b[sizeof(yjpi_value) + 8];
    } u;
    memset(u.b, 0xAB, sizeof u.b);
    u.v.size = offsetof(yjpi_value, interval_status);
    assert_int_equal(yjpi_results_get(res, 0, &u.v), YJPI_OK);
    assert_int_equal(u.v.indicator, YJPI_FTE_COUNT);
    assert_int_equal(u.b[offsetof(yjpi_value, interval_status)], 0xAB);
    yjpi_results_free(res);
    yjpi_results_free(NULL);
    assert_int_equal(yjpi_results_count(NULL), 0);
    yjpi_dataset_free(ds);
}

/* ---- allocation failures ------------------------------------------------- */

static long fail_after = -1;
static void *t_malloc(size_t n, void *u) { (void)u; if (fail_after == 0) return NULL; if (fail_after > 0) fail_after--; return malloc(n); }
static void *t_realloc(void *p, size_t n, void *u) { (void)u; if (fail_after == 0) return NULL; if (fail_after > 0) fail_after--; return realloc(p, n); }
static void t_free(void *p, void *u) { (void)u; free(p); }

static void test_nomem(void **state)
{
    (void)state;
    assert_int_equal(yjpi_set_allocator(t_malloc, t_realloc, t_free, NULL), YJPI_OK);
    yjpi_dataset *ds = mixed_dataset(3, 60);
    yjpi_reference *ref = new_ref(3);
    assert_int_equal(yjpi_reference_set_population(ref, "E1", "White", 2013, 900), YJPI_OK);
    yjpi_period per[2] = {fq(2013, 2), fy(2013)};
    int ok = 0;
    for (int brk = 0; brk <= 6; brk += 2) {
        ok = 0;
        for (long n = 0; n < 100000 && !ok; n++) {
            yjpi_request req;
            YJPI_INIT(req);
            req.periods = per;
            req.n_periods = 2;
            req.breakdown = brk == 0 ? YJPI_BY_ETHNICITY : brk;
            yjpi_results *res = NULL;
            fail_after = n;
            int rc = yjpi_compute(ds, ref, &req, &res, NULL);
            fail_after = -1;
            if (rc == YJPI_OK) {
                assert_true(yjpi_results_count(res) > 0);
                yjpi_results_free(res);
                ok = 1;
            } else {
                assert_int_equal(rc, YJPI_E_NOMEM);
                assert_null(res);
            }
        }
        assert_true(ok);
    }
    ok = 0;
    for (long n = 0; n < 100000 && !ok; n++) {
        yjpi_disparities *d = NULL;
        fail_after = n;
        int rc = yjpi_disproportionality(ds, ref, YJPI_FTE_COUNT, "E1", &per[1], &d, NULL);
        fail_after = -1;
        if (rc == YJPI_OK) {
            yjpi_disparities_free(d);
            ok = 1;
        } else {
            assert_int_equal(rc, YJPI_E_NOMEM);
            assert_null(d);
        }
    }
    assert_true(ok);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
    assert_int_equal(yjpi_set_allocator(NULL, NULL, NULL, NULL), YJPI_OK);
}


/* Data coverage, as_of 2014-06-30 (data beyond it exist but are not
 * complete): 2014/15 is partial (FTE, custody and cohort members up to
 * as_of only), 2014/15 Q1 is complete, a period starting after as_of is
 * YJPI_E_RANGE, and one starting before the data is flagged before_data. */
static void test_coverage(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    add(ds, "P1", "A", "2014-05-01", "2014-05-10", "youth_caution");
    add(ds, "P2", "A", "2014-06-01", "2014-06-20", "youth_caution");
    add(ds, "P3", "A", "2014-08-01", "2014-09-01", "youth_caution");
    add_full(ds, "P4", "2000-01-01", "A", "2014-04-01", "2014-05-01",
             "detention_and_training_order", "2014-08-01", NULL, NULL, NULL, NULL);
    add(ds, "P4", "A", "2014-09-15", "2014-10-01", "fine");
    add(ds, "P5", "A", "2014-09-15", "2014-10-01", "fine");
    finish(ds);
    yjpi_reference *ref = new_ref(3);
    assert_int_equal(yjpi_reference_set_as_of(ref, D("2014-06-30")), YJPI_OK);

    yjpi_period per[3] = {fy(2014), fq(2014, 1), fy(2013)};
    const int inds[3] = {YJPI_FTE_COUNT, YJPI_CUSTODY_COUNT, YJPI_BINARY_RATE};
    const char *areas[1] = {"A"};
    yjpi_request req;
    YJPI_INIT(req);
    req.indicators = inds;
    req.n_indicators = 3;
    req.areas = areas;
    req.n_areas = 1;
    req.periods = per;
    req.n_periods = 3;
    yjpi_results *res = NULL;
    yjpi_error err;
    if (yjpi_compute(ds, ref, &req, &res, &err) != YJPI_OK)
        fail_msg("%s", err.message);
    yjpi_value v;
    YJPI_INIT(v);
    /* 2014/15 to 30 June: P1, P2 and P4 (P3's 1 September and P5's
     * 1 October are after as_of) */
    assert_int_equal(yjpi_results_find(res, YJPI_FTE_COUNT, "A", &per[0], NULL, &v), YJPI_OK);
    assert_int_equal(v.partial, 1);
    assert_int_equal(v.covered_to, D("2014-06-30"));
    assert_int_equal(v.numerator, 3);
    /* the data start 2014-05-01 (no history_start): 2014/15 starts before */
    assert_int_equal(v.before_data, 1);
    /* custody: P4's custodial occasion; the October fines are after as_of */
    assert_int_equal(yjpi_results_find(res, YJPI_CUSTODY_COUNT, "A", &per[0], NULL, &v), YJPI_OK);
    assert_int_equal(v.partial, 1);
    assert_int_equal(v.numerator, 1);
    assert_int_equal(v.court_occasions, 1);
    /* cohort so far: P1, P2 (P4's release 2014-08-01 and P3, P5 later) */
    assert_int_equal(yjpi_results_find(res, YJPI_BINARY_RATE, "A", &per[0], NULL, &v), YJPI_OK);
    assert_int_equal(v.partial, 1);
    assert_int_equal(v.covered_to, D("2014-06-30"));
    assert_int_equal(v.cohort_size, 2);
    assert_int_equal(v.provisional, 1);
    /* Q1 ends on as_of: complete */
    assert_int_equal(yjpi_results_find(res, YJPI_FTE_COUNT, "A", &per[1], NULL, &v), YJPI_OK);
    assert_int_equal(v.partial, 0);
    assert_int_equal(v.covered_to, 0);
    assert_int_equal(v.numerator, 3);
    /* 2013/14: before the data, zero counts are no evidence */
    assert_int_equal(yjpi_results_find(res, YJPI_FTE_COUNT, "A", &per[2], NULL, &v), YJPI_OK);
    assert_int_equal(v.before_data, 1);
    assert_int_equal(v.partial, 0);
    yjpi_results_free(res);

    /* with history_start 2014-04-01, 2014/15 no longer starts before it */
    assert_int_equal(yjpi_reference_set_history_start(ref, D("2014-04-01")), YJPI_OK);
    assert_int_equal(yjpi_compute_one(ds, ref, YJPI_FTE_COUNT, "A", &per[0], &v, NULL),
                     YJPI_OK);
    assert_int_equal(v.before_data, 0);
    assert_int_equal(yjpi_compute_one(ds, ref, YJPI_FTE_COUNT, "A", &per[2], &v, NULL),
                     YJPI_OK);
    assert_int_equal(v.before_data, 1);

    /* a period starting after as_of: an error naming it and as_of */
    yjpi_period later = fy(2016);
    req.periods = &later;
    req.n_periods = 1;
    res = (yjpi_results *)1;
    assert_int_equal(yjpi_compute(ds, ref, &req, &res, &err), YJPI_E_RANGE);
    assert_null(res);
    assert_int_equal(err.code, YJPI_E_RANGE);
    assert_string_equal(err.message,
                        "period 2016/17 starts after the data's as_of date 2014-06-30");
    assert_string_equal(yjpi_strerror(YJPI_E_RANGE),
                        "period starts after the data's as_of date");
    /* a period starting on as_of is partial, not an error */
    yjpi_period last_day = P(YJPI_PERIOD_RANGE, "2014-06-30", "2014-07-31");
    assert_int_equal(yjpi_compute_one(ds, ref, YJPI_FTE_COUNT, "A", &last_day, &v, NULL),
                     YJPI_OK);
    assert_int_equal(v.partial, 1);
    /* yjpi_cohort_build agrees: the members so far, and the same error */
    yjpi_cohort *c = NULL;
    assert_int_equal(yjpi_cohort_build(ds, ref, "A", &per[0], &c, &err), YJPI_OK);
    assert_int_equal(yjpi_cohort_member_count(c), 2);
    yjpi_cohort_free(c);
    c = (yjpi_cohort *)1;
    assert_int_equal(yjpi_cohort_build(ds, ref, "A", &later, &c, &err), YJPI_E_RANGE);
    assert_null(c);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_example),
        cmocka_unit_test(test_mean_interval_not_truncated),
        cmocka_unit_test(test_index_earliest_in_period),
        cmocka_unit_test(test_custody_release_index),
        cmocka_unit_test(test_custody_without_release),
        cmocka_unit_test(test_window_ends_inclusive),
        cmocka_unit_test(test_month_end_clamping),
        cmocka_unit_test(test_breach_and_informal),
        cmocka_unit_test(test_age_limits),
        cmocka_unit_test(test_fte_once_ever),
        cmocka_unit_test(test_fte_rate_and_history),
        cmocka_unit_test(test_pooled_cohorts),
        cmocka_unit_test(test_provisional),
        cmocka_unit_test(test_not_computable),
        cmocka_unit_test(test_custody_occasions),
        cmocka_unit_test(test_star_population),
        cmocka_unit_test(test_star_disproportionality),
        cmocka_unit_test(test_not_finite),
        cmocka_unit_test(test_one_pass_equals_separate),
        cmocka_unit_test(test_long_span_equals_short),
        cmocka_unit_test(test_overlapping_cohorts_equal_separate),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_nomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
