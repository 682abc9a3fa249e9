/* test_cohort.c - the members of a reoffending cohort (yjpi/cohort.h).
 *
 * The member list must follow docs/indicators.md section 5 and add up to
 * yjpi_compute()'s cohort_size, reoffenders and reoffences: checked on the
 * spec's worked example (by hand) and on the bundled sample data for every
 * area and every quarter and financial year it covers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "support.h"

static yjpi_period P(const char *text)
{
    yjpi_period p;
    yjpi_error err;
    if (yjpi_period_parse(text, &p, &err) != YJPI_OK)
        fail_msg("period %s: %s", text, err.message);
    return p;
}

static void add(yjpi_dataset *ds, const char *id, const char *birth,
                const char *offence, const char *outcome, const char *code,
                const char *release, const char *breach)
{
    yjpi_record r;
    YJPI_INIT(r);
    r.person_id = id;
    r.birth_date = birth;
    r.area = "A";
    r.offence_date = offence;
    r.outcome_date = outcome;
    r.outcome = code;
    r.release_date = release;
    r.breach = breach;
    yjpi_error err;
    if (yjpi_dataset_add_record(ds, &r, &err) != YJPI_OK)
        fail_msg("%s", err.message);
}

/* The worked example of docs/indicators.md section 5 (cohort 2014/15 Q1). */
static yjpi_dataset *worked_example(void)
{
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    /* P1: caution 2014-05-10; re-offence 2014-09-01 convicted 2015-01-20;
     * offence 2015-06-01 is after the follow-up (ends 2015-05-10). */
    add(ds, "P1", "2000-01-01", "2014-05-01", "2014-05-10", "youth_caution", NULL, NULL);
    add(ds, "P1", "2000-01-01", "2014-09-01", "2015-01-20", "referral_order", NULL, NULL);
    add(ds, "P1", "2000-01-01", "2015-06-01", "2015-07-01", "fine", NULL, NULL);
    /* P2: custody released 2014-06-30; offence 2015-06-15 convicted
     * 2016-02-01, after the waiting period (ends 2015-12-30). */
    add(ds, "P2", "1999-06-01", "2013-12-01", "2014-01-15",
        "detention_and_training_order", "2014-06-30", NULL);
    add(ds, "P2", "1999-06-01", "2015-06-15", "2016-02-01", "fine", NULL, NULL);
    /* P3: referral order 2014-04-02; two offences 2014-04-20 sentenced
     * together 2014-06-01; a breach, not counted. */
    add(ds, "P3", "2001-03-03", "2014-03-01", "2014-04-02", "referral_order", NULL, NULL);
    add(ds, "P3", "2001-03-03", "2014-04-20", "2014-06-01", "fine", NULL, NULL);
    add(ds, "P3", "2001-03-03", "2014-04-20", "2014-06-01", "fine", NULL, NULL);
    add(ds, "P3", "2001-03-03", "2014-07-01", "2014-07-15", "fine", NULL, "1");
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    return ds;
}

static yjpi_cohort_member member(const yjpi_cohort *c, size_t i)
{
    yjpi_cohort_member m;
    YJPI_INIT(m);
    assert_int_equal(yjpi_cohort_get(c, i, &m), YJPI_OK);
    return m;
}

static void test_worked_example(void **state)
{
    (void)state;
    yjpi_dataset *ds = worked_example();
    yjpi_reference *ref = yjpi_reference_new();
    assert_non_null(ref);
    /* as_of 2015-03-31: the follow-ups are still running. */
    assert_int_equal(yjpi_reference_set_as_of(ref, D("2015-03-31")), YJPI_OK);
    yjpi_period q1 = P("2014/15 Q1");
    yjpi_cohort *c = NULL;
    yjpi_error err;
    assert_int_equal(yjpi_cohort_build(ds, ref, "A", &q1, &c, &err), YJPI_OK);
    assert_int_equal(yjpi_cohort_member_count(c), 3);
    /* C = 3, R = 2, O = 3 as in the spec; everyone is provisional. */
    assert_int_equal(yjpi_cohort_count(c, YJPI_COHORT_SIZE), 3);
    assert_int_equal(yjpi_cohort_count(c, YJPI_COHORT_REOFFENDERS), 2);
    assert_int_equal(yjpi_cohort_count(c, YJPI_COHORT_REOFFENCES), 3);
    assert_int_equal(yjpi_cohort_count(c, YJPI_COHORT_PROVISIONAL), 3);
    assert_int_equal(yjpi_cohort_count(c, YJPI_COHORT_SUBCOHORTS), 1);
    assert_int_equal(yjpi_cohort_provisional(c), 1);
    assert_int_equal(yjpi_cohort_as_of(c), D("2015-03-31"));
    assert_string_equal(yjpi_cohort_area(c), "A");

    /* Ordered by index date: P3 (04-02), P1 (05-10), P2 (06-30). */
    yjpi_cohort_member m = member(c, 0);
    assert_string_equal(m.person_id, "P3");
    assert_string_equal(m.area, "A");
    assert_int_equal(m.index_date, D("2014-04-02"));
    assert_int_equal(m.index_outcome, YJPI_OUTCOME_REFERRAL_ORDER);
    assert_int_equal(m.index_custodial, 0);
    assert_int_equal(m.reoffences, 2);
    assert_int_equal(m.first_reoffence, D("2014-04-20"));
    assert_int_equal(m.followup_end, D("2015-04-02"));
    assert_int_equal(m.waiting_end, D("2015-10-02"));
    /* 2015-03-31 -> 2015-04-02: 2 days of follow-up left;
     * -> 2015-10-02: 30+31+30+31+31+30+2 = 185 days to final. */
    assert_int_equal(m.followup_days_left, 2);
    assert_int_equal(m.days_to_final, 185);
    assert_int_equal(m.provisional, 1);

    m = member(c, 1);
    assert_string_equal(m.person_id, "P1");
    assert_int_equal(m.index_date, D("2014-05-10"));
    assert_int_equal(m.index_outcome, YJPI_OUTCOME_YOUTH_CAUTION);
    assert_int_equal(m.reoffences, 1);
    assert_int_equal(m.first_reoffence, D("2014-09-01"));
    /* to 2015-05-10: 30 (April) + 10 = 40 days */
    assert_int_equal(m.followup_days_left, 40);

    m = member(c, 2);
    assert_string_equal(m.person_id, "P2");
    assert_int_equal(m.index_date, D("2014-06-30"));
    assert_int_equal(m.index_custodial, 1);
    assert_int_equal(m.index_outcome, YJPI_OUTCOME_DETENTION_AND_TRAINING_ORDER);
    assert_int_equal(m.reoffences, 0);
    assert_int_equal(m.first_reoffence, YJPI_NO_DATE);
    assert_int_equal(m.followup_end, D("2015-06-30"));
    assert_int_equal(m.waiting_end, D("2015-12-30"));
    /* to 2015-06-30: 30 + 31 + 30 = 91 days */
    assert_int_equal(m.followup_days_left, 91);
    assert_int_equal(yjpi_cohort_get(c, 3, &m), YJPI_E_ARGUMENT);
    yjpi_cohort_free(c);

    /* Later, everything is final; nothing changes in the counts (P2's
     * conviction came after the waiting period). */
    assert_int_equal(yjpi_reference_set_as_of(ref, D("2016-12-31")), YJPI_OK);
    assert_int_equal(yjpi_cohort_build(ds, ref, NULL, &q1, &c, &err), YJPI_OK);
    assert_int_equal(yjpi_cohort_count(c, YJPI_COHORT_REOFFENCES), 3);
    assert_int_equal(yjpi_cohort_count(c, YJPI_COHORT_PROVISIONAL), 0);
    assert_int_equal(yjpi_cohort_provisional(c), 0);
    m = member(c, 1);
    assert_int_equal(m.followup_days_left, 0);
    assert_int_equal(m.days_to_final, 0);
    assert_string_equal(yjpi_cohort_area(c), "*");
    yjpi_cohort_free(c);

    /* Earlier, as of 2014-12-31: P1's conviction (2015-01-20) is not yet
     * known; P3's two are. */
    assert_int_equal(yjpi_reference_set_as_of(ref, D("2014-12-31")), YJPI_OK);
    assert_int_equal(yjpi_cohort_build(ds, ref, "A", &q1, &c, &err), YJPI_OK);
    assert_int_equal(yjpi_cohort_count(c, YJPI_COHORT_REOFFENDERS), 1);
    assert_int_equal(yjpi_cohort_count(c, YJPI_COHORT_REOFFENCES), 2);
    yjpi_cohort_free(c);

    /* An area without rows: an empty cohort, provisional by the empty rule
     * (2014-06-30 + 18 months = 2015-12-30 is after as_of). */
    assert_int_equal(yjpi_cohort_build(ds, ref, "B", &q1, &c, &err), YJPI_OK);
    assert_int_equal(yjpi_cohort_member_count(c), 0);
    assert_int_equal(yjpi_cohort_provisional(c), 1);
    yjpi_cohort_free(c);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* Pooling: with cohort_months 3 a financial year is four 3-month cohorts. */
static void test_pooling(void **state)
{
    (void)state;
    yjpi_dataset *ds = worked_example();
    yjpi_reference *ref = yjpi_reference_new();
    assert_int_equal(yjpi_reference_set_as_of(ref, D("2016-12-31")), YJPI_OK);
    yjpi_period fy = P("2014/15");
    yjpi_cohort *c = NULL;
    assert_int_equal(yjpi_cohort_build(ds, ref, "*", &fy, &c, NULL), YJPI_OK);
    assert_int_equal(yjpi_cohort_count(c, YJPI_COHORT_SUBCOHORTS), 4);
    /* Q1: P1, P2, P3 as above (O = 3).  Q2 (Jul-Sep 2014): P3 again, its
     * breach conviction 2014-07-15 is a formal outcome and so an index
     * event; no later offence: 0.  Q3: nobody.  Q4 (Jan-Mar 2015): P1
     * again, index 2015-01-20; offence 2015-06-01 (convicted 2015-07-01)
     * is inside both windows: 1.  So 5 memberships, O = 4. */
    assert_int_equal(yjpi_cohort_member_count(c), 5);
    yjpi_cohort_member m = member(c, 3);
    assert_string_equal(m.person_id, "P3");
    assert_int_equal(m.index_date, D("2014-07-15"));
    assert_int_equal(m.reoffences, 0);
    m = member(c, 4);
    assert_string_equal(m.person_id, "P1");
    assert_int_equal(m.index_date, D("2015-01-20"));
    assert_int_equal(m.cohort.kind, YJPI_PERIOD_FINANCIAL_QUARTER);
    char buf[YJPI_PERIOD_TEXT_SIZE];
    assert_int_equal(yjpi_period_format(&m.cohort, buf, sizeof buf), YJPI_OK);
    assert_string_equal(buf, "2014/15 Q4");
    assert_int_equal(m.reoffences, 1);
    assert_int_equal(yjpi_cohort_count(c, YJPI_COHORT_REOFFENCES), 4);
    yjpi_cohort_free(c);

    /* cohort_months 12: one cohort, each person once (P1 at 2014-05-10). */
    yjpi_options o;
    YJPI_INIT(o);
    assert_int_equal(yjpi_reference_get_options(ref, &o), YJPI_OK);
    o.cohort_months = 12;
    assert_int_equal(yjpi_reference_set_options(ref, &o), YJPI_OK);
    assert_int_equal(yjpi_cohort_build(ds, ref, "*", &fy, &c, NULL), YJPI_OK);
    assert_int_equal(yjpi_cohort_count(c, YJPI_COHORT_SUBCOHORTS), 1);
    assert_int_equal(yjpi_cohort_member_count(c), 3);
    assert_int_equal(yjpi_cohort_count(c, YJPI_COHORT_REOFFENCES), 3);
    yjpi_cohort_free(c);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* Compares a cohort with yjpi_compute()'s binary_rate value. */
static void agree(const yjpi_cohort *c, const yjpi_results *res,
                  const char *area, const yjpi_period *p)
{
    yjpi_value v;
    YJPI_INIT(v);
    assert_int_equal(yjpi_results_find(res, YJPI_BINARY_RATE, area, p, NULL, &v),
                     YJPI_OK);
    char buf[YJPI_PERIOD_TEXT_SIZE];
    yjpi_period_format(p, buf, sizeof buf);
    uint64_t n = yjpi_cohort_member_count(c), r = 0, o = 0;
    for (size_t i = 0; i < n; i++) {
        yjpi_cohort_member m = member(c, i);
        r += m.reoffences > 0;
        o += m.reoffences;
        if (strcmp(area, "*"))
            assert_string_equal(m.area, area);
        assert_true(yjpi_period_contains(p, m.index_date));
    }
    if (n != v.cohort_size || r != v.reoffenders || o != v.reoffences ||
        yjpi_cohort_provisional(c) != v.provisional ||
        yjpi_cohort_count(c, YJPI_COHORT_CUSTODY_NO_RELEASE) != v.custody_no_release)
        fail_msg("%s %s: members C=%llu R=%llu O=%llu prov=%d nr=%llu, "
                 "compute C=%llu R=%llu O=%llu prov=%d nr=%llu", area, buf,
                 (unsigned long long)n, (unsigned long long)r,
                 (unsigned long long)o, yjpi_cohort_provisional(c),
                 (unsigned long long)yjpi_cohort_count(c, YJPI_COHORT_CUSTODY_NO_RELEASE),
                 (unsigned long long)v.cohort_size, (unsigned long long)v.reoffenders,
                 (unsigned long long)v.reoffences, v.provisional,
                 (unsigned long long)v.custody_no_release);
    assert_int_equal(yjpi_cohort_count(c, YJPI_COHORT_REOFFENDERS), r);
    assert_int_equal(yjpi_cohort_count(c, YJPI_COHORT_REOFFENCES), o);
}

/* Every area (and "*") x every quarter and financial year of the sample. */
static void test_sample_agrees_with_compute(void **state)
{
    (void)state;
    yjpi_error err;
    yjpi_reference *ref = NULL;
    yjpi_dataset *ds = NULL;
    if (yjpi_reference_load(YJPI_SOURCE_ROOT "/examples/data/cohort.yaml", &ref, &err))
        fail_msg("%s", err.message);
    if (yjpi_dataset_load_csv(YJPI_SOURCE_ROOT "/examples/data/cohort.csv", ref,
                              NULL, &ds, &err))
        fail_msg("%s", err.message);
    /* 2019/20 .. 2025/26: 7 years and the quarters that start by as_of
     * (2025-05-31): 2025/26 and its Q1 are partial, members so far */
    yjpi_period periods[35];
    size_t np = 0;
    for (int y = 2019; y <= 2025; y++) {
        char t[32];
        snprintf(t, sizeof t, "%d/%02d", y, (y + 1) % 100);
        periods[np++] = P(t);
        for (int q = 1; q <= 4; q++) {
            snprintf(t, sizeof t, "%d/%02d Q%d", y, (y + 1) % 100, q);
            periods[np] = P(t);
            if (periods[np].start <= yjpi_reference_as_of(ref))
                np++;
        }
    }
    int ind = YJPI_BINARY_RATE;
    yjpi_request req;
    YJPI_INIT(req);
    req.indicators = &ind;
    req.n_indicators = 1;
    req.periods = periods;
    req.n_periods = np;
    yjpi_results *res = NULL;
    if (yjpi_compute(ds, ref, &req, &res, &err))
        fail_msg("%s", err.message);
    size_t n_areas = (size_t)yjpi_dataset_count(ds, YJPI_COUNT_AREAS);
    assert_int_equal(n_areas, 3);
    uint64_t total_members = 0;
    for (size_t a = 0; a <= n_areas; a++) {
        const char *area = a < n_areas ? yjpi_dataset_area(ds, a) : "*";
        for (size_t i = 0; i < np; i++) {
            yjpi_cohort *c = NULL;
            if (yjpi_cohort_build(ds, ref, area, &periods[i], &c, &err))
                fail_msg("%s", err.message);
            agree(c, res, area, &periods[i]);
            if (a == n_areas)
                total_members += yjpi_cohort_member_count(c);
            yjpi_cohort_free(c);
        }
    }
    /* the sample has real cohorts to compare (not a vacuous pass) */
    assert_true(total_members > 500);
    yjpi_results_free(res);
    yjpi_dataset_free(ds);
    yjpi_reference_free(ref);
}

static void test_arguments(void **state)
{
    (void)state;
    yjpi_dataset *ds = NULL;
    yjpi_cohort *c = (yjpi_cohort *)1;
    yjpi_period q1 = P("2014/15 Q1");
    yjpi_error err;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    /* not finished */
    assert_int_equal(yjpi_cohort_build(ds, NULL, NULL, &q1, &c, &err), YJPI_E_STATE);
    assert_null(c);
    assert_int_equal(err.code, YJPI_E_STATE);
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    assert_int_equal(yjpi_cohort_build(NULL, NULL, NULL, &q1, &c, &err), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_cohort_build(ds, NULL, NULL, NULL, &c, &err), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_cohort_build(ds, NULL, NULL, &q1, NULL, &err), YJPI_E_ARGUMENT);
    yjpi_period empty = q1;
    empty.end = empty.start;
    assert_int_equal(yjpi_cohort_build(ds, NULL, NULL, &empty, &c, &err), YJPI_E_ARGUMENT);
    /* an empty dataset gives an empty cohort */
    assert_int_equal(yjpi_cohort_build(ds, NULL, NULL, &q1, &c, &err), YJPI_OK);
    assert_int_equal(yjpi_cohort_member_count(c), 0);
    yjpi_cohort_member m;
    YJPI_INIT(m);
    assert_int_equal(yjpi_cohort_get(c, 0, &m), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_cohort_get(NULL, 0, &m), YJPI_E_ARGUMENT);
    yjpi_cohort_free(c);
    yjpi_cohort_free(NULL);
    assert_int_equal(yjpi_cohort_member_count(NULL), 0);
    assert_int_equal(yjpi_cohort_count(NULL, YJPI_COHORT_SIZE), 0);
    assert_int_equal(yjpi_cohort_provisional(NULL), 0);
    assert_null(yjpi_cohort_area(NULL));
    yjpi_dataset_free(ds);
}

/* A getter honours a smaller (older) struct size. */
static void test_small_size(void **state)
{
    (void)state;
    yjpi_dataset *ds = worked_example();
    yjpi_period q1 = P("2014/15 Q1");
    yjpi_cohort *c = NULL;
    assert_int_equal(yjpi_cohort_build(ds, NULL, NULL, &q1, &c, NULL), YJPI_OK);
    struct { yjpi_cohort_member m; char guard[8]; } s;
    memset(&s, 0x5a, sizeof s);
    s.m.size = offsetof(yjpi_cohort_member, area);
    assert_int_equal(yjpi_cohort_get(c, 0, &s.m), YJPI_OK);
    assert_string_equal(s.m.person_id, "P3");
    /* bytes past the given size are untouched */
    assert_int_equal((unsigned char)((char *)&s.m)[offsetof(yjpi_cohort_member, area)], 0x5a);
    yjpi_cohort_free(c);
    yjpi_dataset_free(ds);
}

/* ---- allocation failure ---- */

static long alloc_budget = -1;
static void *fail_malloc(size_t n, void *u) { (void)u; if (alloc_budget == 0) return NULL; if (alloc_budget > 0) alloc_budget--; return malloc(n); }
static void *fail_realloc(void *p, size_t n, void *u) { (void)u; if (alloc_budget == 0) return NULL; if (alloc_budget > 0) alloc_budget--; return realloc(p, n); }
static void fail_free(void *p, void *u) { (void)u; free(p); }

static void test_nomem(void **state)
{
    (void)state;
    assert_int_equal(yjpi_set_allocator(fail_malloc, fail_realloc, fail_free, NULL), YJPI_OK);
    yjpi_dataset *ds = worked_example();
    yjpi_period fy = P("2014/15");
    int ok = 0;
    for (long budget = 0; budget < 200 && !ok; budget++) {
        yjpi_cohort *c = (yjpi_cohort *)1;
        yjpi_error err;
        alloc_budget = budget;
        int rc = yjpi_cohort_build(ds, NULL, "A", &fy, &c, &err);
        alloc_budget = -1;
        if (rc == YJPI_OK) {
            assert_int_equal(yjpi_cohort_member_count(c), 5);
            ok = 1;
        } else {
            assert_int_equal(rc, YJPI_E_NOMEM);
            assert_int_equal(err.code, YJPI_E_NOMEM);
            assert_null(c);
        }
        yjpi_cohort_free(rc == YJPI_OK ? c : NULL);
    }
    assert_true(ok);
    yjpi_dataset_free(ds);
    assert_int_equal(yjpi_set_allocator(NULL, NULL, NULL, NULL), YJPI_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_example),
        cmocka_unit_test(test_pooling),
        cmocka_unit_test(test_sample_agrees_with_compute),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_small_size),
        cmocka_unit_test(test_nomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
