/*
 * test_breakdown.c - breakdowns by sex, age, age band, ethnicity, offence
 * type and area, and ethnic disproportionality (docs/indicators.md section 7).
 * Expected numbers are worked out by hand in the comments.  People are born
 * 2000-01-01 (14 in 2014) unless a test says otherwise; periods are 2014/15
 * (population year 2014).
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

static yjpi_period fy(int year)
{
    yjpi_period p;
    p.kind = YJPI_PERIOD_FINANCIAL_YEAR;
    assert_int_equal(yjpi_date_from_ymd(year, 4, 1, &p.start), YJPI_OK);
    p.end = yjpi_date_add_months(p.start, 12);
    return p;
}

typedef struct rec {
    const char *id, *birth, *area, *offence, *outcome, *code, *release;
    const char *sex, *eth, *otype, *breach;
} rec;

static void add(yjpi_dataset *ds, rec r)
{
    yjpi_record x;
    YJPI_INIT(x);
    x.person_id = r.id;
    x.birth_date = r.birth ? r.birth : "2000-01-01";
    x.area = r.area ? r.area : "A";
    x.offence_date = r.offence;
    x.outcome_date = r.outcome;
    x.outcome = r.code;
    x.release_date = r.release;
    x.sex = r.sex;
    x.ethnicity = r.eth;
    x.offence_type = r.otype;
    x.breach = r.breach;
    yjpi_error err;
    if (yjpi_dataset_add_record(ds, &x, &err))
        fail_msg("add_record: %s", err.message);
}

static yjpi_dataset *new_ds(void)
{
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    return ds;
}

static yjpi_reference *new_ref(void)
{
    yjpi_reference *ref = yjpi_reference_new();
    assert_non_null(ref);
    assert_int_equal(yjpi_reference_set_as_of(ref, D("2030-01-01")), YJPI_OK);
    return ref;
}

static yjpi_results *compute(const yjpi_dataset *ds, const yjpi_reference *ref,
                             int ind, const char *area, yjpi_period p, int brk)
{
    const char *areas[1] = {area};
    yjpi_request req;
    YJPI_INIT(req);
    req.indicators = &ind;
    req.n_indicators = 1;
    req.areas = areas;
    req.n_areas = 1;
    req.periods = &p;
    req.n_periods = 1;
    req.breakdown = brk;
    yjpi_results *res = NULL;
    yjpi_error err;
    if (yjpi_compute(ds, ref, &req, &res, &err))
        fail_msg("compute: %s", err.message);
    return res;
}

static yjpi_value get(const yjpi_results *res, size_t i)
{
    yjpi_value v;
    YJPI_INIT(v);
    assert_int_equal(yjpi_results_get(res, i, &v), YJPI_OK);
    return v;
}

/* Checks the results are [total, groups...] with these labels and numerators. */
static void expect_groups(const yjpi_results *res, int brk, size_t n,
                          const char *const *labels, const uint64_t *counts)
{
    assert_int_equal(yjpi_results_count(res), n + 1);
    yjpi_value t = get(res, 0);
    assert_null(t.group);
    assert_int_equal(t.breakdown, YJPI_BY_NONE);
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        yjpi_value v = get(res, i + 1);
        assert_non_null(v.group);
        assert_string_equal(v.group, labels[i]);
        assert_int_equal(v.breakdown, brk);
        assert_int_equal(v.numerator, counts[i]);
        sum += v.numerator;
    }
    assert_int_equal(sum, t.numerator);
}

#define close_to(a, b) \
    assert_true(fabs((double)(a) - (double)(b)) <= 1e-9 * (1 + fabs((double)(b))))

static void test_sex(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    /* first time entrants: 3 M, 2 F, 2 unknown (empty and "U") */
    const char *sex[7] = {"M", "M", "M", "F", "F", "", "U"};
    char id[8];
    for (int i = 0; i < 7; i++) {
        snprintf(id, sizeof id, "s%d", i);
        add(ds, (rec){.id = id, .offence = "2014-05-01", .outcome = "2014-06-01",
                      .code = "youth_caution", .sex = sex[i]});
    }
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    yjpi_reference *ref = new_ref();
    assert_int_equal(yjpi_reference_set_population(ref, "A", NULL, 2014, 10000), YJPI_OK);
    yjpi_results *res = compute(ds, ref, YJPI_FTE_COUNT, "A", fy(2014), YJPI_BY_SEX);
    static const char *const labels[3] = {"F", "M", "unknown"};
    static const uint64_t counts[3] = {2, 3, 2};
    expect_groups(res, YJPI_BY_SEX, 3, labels, counts);
    yjpi_results_free(res);
    /* the total rate has a population, sex groups do not */
    res = compute(ds, ref, YJPI_FTE_RATE, "A", fy(2014), YJPI_BY_SEX);
    assert_int_equal(get(res, 0).status, YJPI_VALUE_OK);
    close_to(get(res, 0).value, 70.0);   /* 7 / 10000 * 100000 */
    for (size_t i = 1; i < 4; i++)
        assert_int_equal(get(res, i).status, YJPI_NC_NO_POPULATION);
    yjpi_results_free(res);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

static void test_age(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    /* Ages on the offence date 2014-05-01: 10, 14, 15, 17 and another 15.
     * Each is an FTE and a cohort member (caution 2014-06-01); the 17-year-
     * old re-offends once (offence 2014-07-01, fine 2014-08-01), so the "17"
     * group has R = 1 (index row's age, not the re-offence's). */
    const char *births[5] = {"2004-01-01", "2000-01-01", "1999-01-01", "1997-01-01",
                             "1998-06-01"};
    char id[8];
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "a%d", i);
        add(ds, (rec){.id = id, .birth = births[i], .offence = "2014-05-01",
                      .outcome = "2014-06-01", .code = "youth_caution"});
    }
    add(ds, (rec){.id = "a3", .birth = "1997-01-01", .offence = "2014-07-01",
                  .outcome = "2014-08-01", .code = "fine"});
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    yjpi_reference *ref = new_ref();
    yjpi_period y = {YJPI_PERIOD_FINANCIAL_QUARTER, D("2014-04-01"), D("2014-07-01")};
    yjpi_results *res = compute(ds, ref, YJPI_FTE_COUNT, "A", y, YJPI_BY_AGE);
    static const char *const ages[4] = {"10", "14", "15", "17"};
    static const uint64_t ac[4] = {1, 1, 2, 1};
    expect_groups(res, YJPI_BY_AGE, 4, ages, ac);
    yjpi_results_free(res);
    res = compute(ds, ref, YJPI_FTE_COUNT, "A", y, YJPI_BY_AGE_BAND);
    static const char *const bands[2] = {"10-14", "15-17"};
    static const uint64_t bc[2] = {2, 3};
    expect_groups(res, YJPI_BY_AGE_BAND, 2, bands, bc);
    yjpi_results_free(res);
    res = compute(ds, ref, YJPI_BINARY_RATE, "A", y, YJPI_BY_AGE);
    /* numerator of binary_rate = re-offenders: 0, 0, 0, 1 */
    static const uint64_t rc[4] = {0, 0, 0, 1};
    expect_groups(res, YJPI_BY_AGE, 4, ages, rc);
    assert_int_equal(get(res, 3).cohort_size, 2);   /* "15": two members */
    close_to(get(res, 4).value, 100.0);             /* "17": 1 of 1 */
    yjpi_results_free(res);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

static void test_ethnicity_and_group_rates(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    /* Area A: White 3, Black 1, unknown 2 FTEs; area B: White 1, Asian 1. */
    const char *eth[8] = {"White", "White", "White", "Black", "", "", "White", "Asian"};
    const char *area[8] = {"A", "A", "A", "A", "A", "A", "B", "B"};
    char id[8];
    for (int i = 0; i < 8; i++) {
        snprintf(id, sizeof id, "e%d", i);
        add(ds, (rec){.id = id, .area = area[i], .offence = "2014-05-01",
                      .outcome = "2014-06-01", .code = "youth_caution", .eth = eth[i]});
    }
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    yjpi_reference *ref = new_ref();
    assert_int_equal(yjpi_reference_set_population(ref, "A", "White", 2014, 3000), YJPI_OK);
    assert_int_equal(yjpi_reference_set_population(ref, "A", "Black", 2014, 500), YJPI_OK);
    assert_int_equal(yjpi_reference_set_population(ref, "B", "White", 2014, 1000), YJPI_OK);
    assert_int_equal(yjpi_reference_set_population(ref, "B", "Asian", 2014, 400), YJPI_OK);

    yjpi_results *res = compute(ds, ref, YJPI_FTE_RATE, "A", fy(2014), YJPI_BY_ETHNICITY);
    static const char *const la[3] = {"Black", "White", "unknown"};
    static const uint64_t ca[3] = {1, 3, 2};
    expect_groups(res, YJPI_BY_ETHNICITY, 3, la, ca);
    /* Black 1 / 500 * 100000 = 200; White 3 / 3000 * 100000 = 100 */
    yjpi_value v = get(res, 1);
    assert_int_equal(v.status, YJPI_VALUE_OK);
    close_to(v.value, 200.0);
    close_to(v.population, 500);
    double lo, hi;
    assert_int_equal(yjpi_ci_poisson(1, 0.95, &lo, &hi), YJPI_OK);
    close_to(v.lower, lo * 100000 / 500);
    close_to(v.upper, hi * 100000 / 500);
    close_to(get(res, 2).value, 100.0);
    assert_int_equal(get(res, 3).status, YJPI_NC_NO_POPULATION);
    /* the total has no whole-area population */
    assert_int_equal(get(res, 0).status, YJPI_NC_NO_POPULATION);
    yjpi_results_free(res);

    /* "*": White 4 over 3000 + 1000 = 100 per 100,000; Asian 1 / 400 */
    res = compute(ds, ref, YJPI_FTE_RATE, "*", fy(2014), YJPI_BY_ETHNICITY);
    static const char *const ls[4] = {"Asian", "Black", "White", "unknown"};
    static const uint64_t cs[4] = {1, 1, 4, 2};
    expect_groups(res, YJPI_BY_ETHNICITY, 4, ls, cs);
    close_to(get(res, 1).value, 250.0);
    close_to(get(res, 3).population, 4000);
    close_to(get(res, 3).value, 100.0);
    yjpi_results_free(res);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

static void test_offence_type(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    /* Court occasions: Theft (custody), Theft (fine), "" (fine), Robbery
     * (custody).  The custody+fine same-day occasion takes the custody row's
     * offence type (Robbery), not the fine's (Theft). */
    add(ds, (rec){.id = "o1", .offence = "2014-05-01", .outcome = "2014-06-01",
                  .code = "detention_and_training_order", .otype = "Theft"});
    add(ds, (rec){.id = "o2", .offence = "2014-05-01", .outcome = "2014-06-01",
                  .code = "fine", .otype = "Theft"});
    add(ds, (rec){.id = "o3", .offence = "2014-05-01", .outcome = "2014-06-01",
                  .code = "fine", .otype = ""});
    add(ds, (rec){.id = "o4", .offence = "2014-05-01", .outcome = "2014-06-01",
                  .code = "fine", .otype = "Theft"});
    add(ds, (rec){.id = "o4", .offence = "2014-05-02", .outcome = "2014-06-01",
                  .code = "other_custody", .otype = "Robbery"});
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    yjpi_results *res = compute(ds, NULL, YJPI_CUSTODY_SHARE, "A", fy(2014),
                                YJPI_BY_OFFENCE_TYPE);
    static const char *const l[3] = {"Robbery", "Theft", "unknown"};
    static const uint64_t c[3] = {1, 1, 0};   /* custodial occasions */
    expect_groups(res, YJPI_BY_OFFENCE_TYPE, 3, l, c);
    assert_int_equal(get(res, 0).court_occasions, 4);
    assert_int_equal(get(res, 2).court_occasions, 2);   /* Theft: o1, o2 */
    close_to(get(res, 2).value, 50.0);
    assert_int_equal(get(res, 3).court_occasions, 1);
    assert_int_equal(get(res, 3).status, YJPI_VALUE_OK);
    close_to(get(res, 3).value, 0.0);
    yjpi_results_free(res);
    yjpi_dataset_free(ds);
}

static void test_area(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    /* FTEs: A 2, B 3, C 0 (C has only a later outcome of b0's). */
    const char *area[5] = {"A", "A", "B", "B", "B"};
    char id[8];
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "b%d", i);
        add(ds, (rec){.id = id, .area = area[i], .offence = "2014-05-01",
                      .outcome = "2014-06-01", .code = "youth_caution"});
    }
    add(ds, (rec){.id = "b0", .area = "C", .offence = "2014-07-01",
                  .outcome = "2014-08-01", .code = "fine"});
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    yjpi_reference *ref = new_ref();
    assert_int_equal(yjpi_reference_set_population(ref, "A", NULL, 2014, 1000), YJPI_OK);
    assert_int_equal(yjpi_reference_set_population(ref, "B", NULL, 2014, 2000), YJPI_OK);
    yjpi_results *res = compute(ds, ref, YJPI_FTE_RATE, "*", fy(2014), YJPI_BY_AREA);
    static const char *const l[2] = {"A", "B"};
    static const uint64_t c[2] = {2, 3};
    expect_groups(res, YJPI_BY_AREA, 2, l, c);
    close_to(get(res, 1).value, 200.0);   /* 2 / 1000 * 100000 */
    close_to(get(res, 2).value, 150.0);   /* 3 / 2000 * 100000 */
    close_to(get(res, 0).value, 5.0 / 3000 * 100000);
    yjpi_results_free(res);
    res = compute(ds, ref, YJPI_FTE_COUNT, "B", fy(2014), YJPI_BY_AREA);
    static const char *const lb[1] = {"B"};
    static const uint64_t cb[1] = {3};
    expect_groups(res, YJPI_BY_AREA, 1, lb, cb);
    yjpi_results_free(res);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* ---- groups add up to the total, every dimension and indicator ---------- */

/* Deterministic pseudo-random numbers in [0, n) (a linear congruential
 * generator), so the generated datasets are the same on every run. */
static int rnd(unsigned *x, int n)
{
    *x = *x * 1103515245u + 12345u;
    return (int)((*x >> 8) % (unsigned)n);
}

static yjpi_dataset *random_dataset(unsigned seed, int n_people)
{
    static const char *const codes[] = {
        "youth_caution", "fine", "referral_order", "youth_rehabilitation_order",
        "detention_and_training_order", "other_custody", "triage"};
    static const char *const areas[] = {"E1", "E2", "E3", "E4"};
    static const char *const sexes[] = {"M", "F", "", "U"};
    static const char *const eths[] = {"White", "Black", "Asian", "", "Mixed", "Other"};
    static const char *const types[] = {"Theft", "Violence", "", "Drugs"};
    yjpi_dataset *ds = new_ds();
    unsigned x = seed;
    char id[16], birth[11], off[11], out[11], rel[11];
    for (int p = 0; p < n_people; p++) {
        snprintf(id, sizeof id, "p%d", p);
        yjpi_date b = D("1995-01-01") + rnd(&x, 3000);
        assert_int_equal(yjpi_date_format(b, birth, sizeof birth), YJPI_OK);
        int n = 1 + rnd(&x, 6);
        for (int i = 0; i < n; i++) {
            yjpi_date o = D("2013-01-01") + rnd(&x, 900);
            yjpi_date c = o + rnd(&x, 120);
            if (yjpi_age(b, o) < 10)
                continue;
            const char *code = codes[rnd(&x, 7)];
            assert_int_equal(yjpi_date_format(o, off, sizeof off), YJPI_OK);
            assert_int_equal(yjpi_date_format(c, out, sizeof out), YJPI_OK);
            const char *release = NULL;
            if (strstr(code, "custody") || strstr(code, "detention")) {
                if (rnd(&x, 3)) {
                    assert_int_equal(yjpi_date_format(c + rnd(&x, 200), rel, sizeof rel), YJPI_OK);
                    release = rel;
                }
            }
            add(ds, (rec){.id = id, .birth = birth, .area = areas[rnd(&x, 4)],
                          .offence = off, .outcome = out, .code = code,
                          .release = release, .sex = sexes[rnd(&x, 4)],
                          .eth = eths[rnd(&x, 6)], .otype = types[rnd(&x, 4)],
                          .breach = rnd(&x, 8) ? "0" : "1"});
        }
    }
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    return ds;
}

static void test_groups_sum_to_total(void **state)
{
    (void)state;
    yjpi_dataset *ds = random_dataset(11, 600);
    yjpi_reference *ref = new_ref();
    yjpi_period per[3] = {fy(2013), {YJPI_PERIOD_QUARTER, D("2014-01-01"), D("2014-04-01")},
                          {YJPI_PERIOD_YEAR, D("2014-01-01"), D("2015-01-01")}};
    for (int brk = YJPI_BY_SEX; brk <= YJPI_BY_AREA; brk++) {
        yjpi_request req;
        YJPI_INIT(req);
        req.periods = per;
        req.n_periods = 3;
        req.breakdown = brk;
        yjpi_results *res = NULL;
        assert_int_equal(yjpi_compute(ds, ref, &req, &res, NULL), YJPI_OK);
        size_t n = yjpi_results_count(res), totals = 0, groups = 0;
        uint64_t big = 0;
        for (size_t i = 0; i < n;) {
            yjpi_value t = get(res, i++);
            assert_null(t.group);
            totals++;
            uint64_t s[7] = {0};
            while (i < n) {
                yjpi_value g = get(res, i);
                if (!g.group)
                    break;
                i++;
                groups++;
                assert_int_equal(g.indicator, t.indicator);
                assert_string_equal(g.area, t.area);
                assert_int_equal(g.breakdown, brk);
                s[0] += g.numerator;
                s[1] += g.cohort_size;
                s[2] += g.reoffenders;
                s[3] += g.reoffences;
                s[4] += g.custody_no_release;
                s[5] += g.court_occasions;
            }
            assert_int_equal(s[0], t.numerator);
            assert_int_equal(s[1], t.cohort_size);
            assert_int_equal(s[2], t.reoffenders);
            assert_int_equal(s[3], t.reoffences);
            assert_int_equal(s[4], t.custody_no_release);
            assert_int_equal(s[5], t.court_occasions);
            big += t.numerator + t.cohort_size + t.court_occasions;
        }
        /* 8 indicators x (4 areas + "*") x 3 periods totals */
        assert_int_equal(totals, 8 * 5 * 3);
        assert_true(groups > totals);
        assert_true(big > 500);
        /* totals equal the unbroken-down request */
        yjpi_request plain = req;
        plain.breakdown = YJPI_BY_NONE;
        yjpi_results *r0 = NULL;
        assert_int_equal(yjpi_compute(ds, ref, &plain, &r0, NULL), YJPI_OK);
        for (size_t i = 0; i < yjpi_results_count(r0); i++) {
            yjpi_value a = get(r0, i), b;
            YJPI_INIT(b);
            assert_int_equal(yjpi_results_find(res, a.indicator, a.area, &a.period,
                                               NULL, &b), YJPI_OK);
            assert_int_equal(a.numerator, b.numerator);
            assert_int_equal(a.cohort_size, b.cohort_size);
            assert_true(a.value == b.value);
        }
        yjpi_results_free(r0);
        yjpi_results_free(res);
    }
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

/* ---- disproportionality ----------------------------------------------------- */

static void test_disproportionality(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds();
    /* FTEs in A, 2014/15: White 6, Black 3, Other 2 (no population in the
     * reference), unknown 1; Asian and Mixed none.  12 persons. */
    const char *eth[12] = {"White", "White", "White", "White", "White", "White",
                           "Black", "Black", "Black", "Other", "Other", ""};
    char id[8];
    for (int i = 0; i < 12; i++) {
        snprintf(id, sizeof id, "d%d", i);
        add(ds, (rec){.id = id, .offence = "2014-05-01", .outcome = "2014-06-01",
                      .code = i < 3 ? "detention_and_training_order" : "youth_caution",
                      .eth = eth[i], .release = i < 3 ? "2014-09-01" : NULL});
    }
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    yjpi_reference *ref = new_ref();
    /* populations 2014: White 6000, Black 1000, Asian 1500, Mixed 500
     * (sum 9000) */
    assert_int_equal(yjpi_reference_set_population(ref, "A", "White", 2014, 6000), YJPI_OK);
    assert_int_equal(yjpi_reference_set_population(ref, "A", "Black", 2014, 1000), YJPI_OK);
    assert_int_equal(yjpi_reference_set_population(ref, "A", "Asian", 2014, 1500), YJPI_OK);
    assert_int_equal(yjpi_reference_set_population(ref, "A", "Mixed", 2014, 500), YJPI_OK);
    yjpi_period p = fy(2014);
    yjpi_disparities *d = NULL;
    assert_int_equal(yjpi_disproportionality(ds, ref, YJPI_FTE_RATE, "A", &p, &d, NULL),
                     YJPI_OK);
    /* reference groups in the reference's order, then Other, then unknown */
    assert_int_equal(yjpi_disparities_count(d), 6);
    yjpi_disparity g[6];
    static const char *const names[6] = {"White", "Black", "Asian", "Mixed", "Other", "unknown"};
    for (size_t i = 0; i < 6; i++) {
        YJPI_INIT(g[i]);
        assert_int_equal(yjpi_disparities_get(d, i, &g[i]), YJPI_OK);
        assert_string_equal(g[i].group, names[i]);
    }
    /* White: 6/12 = 50 %, population 6000/9000 = 66.67 %, -16.67 points;
     * it is the reference group: RRI 1 */
    assert_int_equal(g[0].count, 6);
    close_to(g[0].share, 50.0);
    close_to(g[0].population_share, 200.0 / 3);
    close_to(g[0].difference, 50.0 - 200.0 / 3);
    assert_int_equal(g[0].status, YJPI_VALUE_OK);
    close_to(g[0].rri, 1.0);
    /* Black: 3/12 = 25 %, 1000/9000 = 11.11 %; RRI = (3/1000)/(6/6000) = 3,
     * interval 3 * exp(-/+ 1.959964 * sqrt(1/3 + 1/6)) */
    assert_int_equal(g[1].count, 3);
    close_to(g[1].share, 25.0);
    close_to(g[1].population_share, 100.0 / 9);
    close_to(g[1].difference, 25.0 - 100.0 / 9);
    close_to(g[1].rri, 3.0);
    double h = 1.959963984540054 * sqrt(1.0 / 3 + 1.0 / 6);
    close_to(g[1].rri_lower, 3.0 * exp(-h));
    close_to(g[1].rri_upper, 3.0 * exp(h));
    close_to(g[1].population, 1000);
    /* Asian, Mixed: no persons -> share 0, RRI not computable */
    assert_int_equal(g[2].count, 0);
    close_to(g[2].share, 0);
    close_to(g[2].population_share, 100.0 * 1500 / 9000);
    assert_int_equal(g[2].status, YJPI_NC_ZERO_COUNT);
    assert_int_equal(g[3].status, YJPI_NC_ZERO_COUNT);
    /* Other: persons but no population */
    assert_int_equal(g[4].count, 2);
    close_to(g[4].share, 100.0 * 2 / 12);
    assert_int_equal(g[4].population_status, YJPI_NC_NO_POPULATION);
    assert_int_equal(g[4].status, YJPI_NC_NO_POPULATION);
    /* unknown: share of all persons, no RRI */
    assert_int_equal(g[5].count, 1);
    close_to(g[5].share, 100.0 / 12);
    assert_int_equal(g[5].status, YJPI_NC_NO_POPULATION);
    yjpi_disparities_free(d);

    /* custody: only d0-d2 (White) have custodial occasions -> Black has
     * count 0 (ZERO_COUNT); with reference group Black (count 0) every
     * RRI has a zero denominator */
    assert_int_equal(yjpi_disproportionality(ds, ref, YJPI_CUSTODY_COUNT, "A", &p, &d, NULL),
                     YJPI_OK);
    yjpi_disparity x;
    YJPI_INIT(x);
    assert_int_equal(yjpi_disparities_get(d, 0, &x), YJPI_OK);
    assert_int_equal(x.count, 3);
    close_to(x.share, 100.0);
    assert_int_equal(yjpi_disparities_get(d, 1, &x), YJPI_OK);
    assert_int_equal(x.status, YJPI_NC_ZERO_COUNT);
    yjpi_disparities_free(d);
    yjpi_options o;
    YJPI_INIT(o);
    assert_int_equal(yjpi_reference_get_options(ref, &o), YJPI_OK);
    snprintf(o.reference_ethnicity, sizeof o.reference_ethnicity, "Black");
    assert_int_equal(yjpi_reference_set_options(ref, &o), YJPI_OK);
    assert_int_equal(yjpi_disproportionality(ds, ref, YJPI_CUSTODY_RATE, "A", &p, &d, NULL),
                     YJPI_OK);
    assert_int_equal(yjpi_disparities_get(d, 0, &x), YJPI_OK);
    assert_int_equal(x.status, YJPI_NC_ZERO_DENOMINATOR);
    yjpi_disparities_free(d);

    /* reoffending counts cohort members: all 12 (custody released
     * 2014-09-01 is in 2014/15 too) */
    assert_int_equal(yjpi_disproportionality(ds, ref, YJPI_BINARY_RATE, "*", &p, &d, NULL),
                     YJPI_OK);
    uint64_t total = 0;
    for (size_t i = 0; i < yjpi_disparities_count(d); i++) {
        assert_int_equal(yjpi_disparities_get(d, i, &x), YJPI_OK);
        total += x.count;
    }
    /* pooled quarterly cohorts: d0-d2 are members in Q1 (no: custody
     * outcome 06-01 is no index event) and Q2 (release 09-01): 3; the nine
     * cautions in Q1: 9.  12 in all. */
    assert_int_equal(total, 12);
    yjpi_disparities_free(d);

    /* no reference: nothing is computable but counts and shares are */
    assert_int_equal(yjpi_disproportionality(ds, NULL, YJPI_FTE_COUNT, "A", &p, &d, NULL),
                     YJPI_OK);
    assert_int_equal(yjpi_disparities_count(d), 4);   /* Black, Other, White, unknown */
    assert_int_equal(yjpi_disparities_get(d, 2, &x), YJPI_OK);
    assert_string_equal(x.group, "White");
    close_to(x.share, 50.0);
    assert_int_equal(x.status, YJPI_NC_NO_POPULATION);
    yjpi_disparities_free(d);
    assert_int_equal(yjpi_disproportionality(ds, NULL, 99, "A", &p, &d, NULL),
                     YJPI_E_ARGUMENT);
    yjpi_reference_free(ref);
    yjpi_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sex),
        cmocka_unit_test(test_age),
        cmocka_unit_test(test_ethnicity_and_group_rates),
        cmocka_unit_test(test_offence_type),
        cmocka_unit_test(test_area),
        cmocka_unit_test(test_groups_sum_to_total),
        cmocka_unit_test(test_disproportionality),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
