/* test_period.c - named periods (lib/time/period.c), docs/indicators.md section 2
 * "Periods" and "Population". */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "support.h"

static yjpi_period parse_ok(const char *text)
{
    yjpi_period p;
    yjpi_error err;
    memset(&p, 0, sizeof p);
    int rc = yjpi_period_parse(text, &p, &err);
    if (rc != YJPI_OK)
        fail_msg("parse \"%s\" gave %d: %s", text, rc, err.message);
    assert_int_equal(err.code, YJPI_OK);
    assert_string_equal(err.message, "");
    return p;
}

static void assert_formats_as(const yjpi_period *p, const char *want)
{
    char buf[YJPI_PERIOD_TEXT_SIZE];
    assert_int_equal(yjpi_period_format(p, buf, sizeof buf), YJPI_OK);
    assert_string_equal(buf, want);
}

/* ---- Every form --------------------------------------------------------- */

typedef struct form_case {
    const char *text;
    int kind;
    int sy, sm, sd;  /* start */
    int ey, em, ed;  /* end: the day after the last day */
    int months;      /* yjpi_period_months */
    int pop_year;    /* yjpi_period_population_year */
} form_case;

static const form_case forms[] = {
    /* financial years: 1 April to 31 March */
    {"2013/14", YJPI_PERIOD_FINANCIAL_YEAR, 2013, 4, 1, 2014, 4, 1, 12, 2013},
    {"1999/00", YJPI_PERIOD_FINANCIAL_YEAR, 1999, 4, 1, 2000, 4, 1, 12, 1999},
    {"2099/00", YJPI_PERIOD_FINANCIAL_YEAR, 2099, 4, 1, 2100, 4, 1, 12, 2099},
    {"0001/02", YJPI_PERIOD_FINANCIAL_YEAR, 1, 4, 1, 2, 4, 1, 12, 1},
    {"9998/99", YJPI_PERIOD_FINANCIAL_YEAR, 9998, 4, 1, 9999, 4, 1, 12, 9998},
    /* financial quarters: Q1 = Apr-Jun ... Q4 = Jan-Mar of the next year;
     * all take the financial year's start year for population (spec §1:
     * 2013/14 Q4 -> mid-2013) */
    {"2013/14 Q1", YJPI_PERIOD_FINANCIAL_QUARTER, 2013, 4, 1, 2013, 7, 1, 3, 2013},
    {"2013/14 Q2", YJPI_PERIOD_FINANCIAL_QUARTER, 2013, 7, 1, 2013, 10, 1, 3, 2013},
    {"2013/14 Q3", YJPI_PERIOD_FINANCIAL_QUARTER, 2013, 10, 1, 2014, 1, 1, 3, 2013},
    {"2013/14 Q4", YJPI_PERIOD_FINANCIAL_QUARTER, 2014, 1, 1, 2014, 4, 1, 3, 2013},
    {"2099/00 Q4", YJPI_PERIOD_FINANCIAL_QUARTER, 2100, 1, 1, 2100, 4, 1, 3, 2099},
    /* calendar years and quarters (spec §1: 2014 and 2014 Q1 -> mid-2014) */
    {"2013", YJPI_PERIOD_YEAR, 2013, 1, 1, 2014, 1, 1, 12, 2013},
    {"2014", YJPI_PERIOD_YEAR, 2014, 1, 1, 2015, 1, 1, 12, 2014},
    {"0001", YJPI_PERIOD_YEAR, 1, 1, 1, 2, 1, 1, 12, 1},
    {"9999", YJPI_PERIOD_YEAR, 9999, 1, 1, 10000, 1, 1, 12, 9999},
    {"2014 Q1", YJPI_PERIOD_QUARTER, 2014, 1, 1, 2014, 4, 1, 3, 2014},
    {"2013 Q2", YJPI_PERIOD_QUARTER, 2013, 4, 1, 2013, 7, 1, 3, 2013},
    {"2013 Q3", YJPI_PERIOD_QUARTER, 2013, 7, 1, 2013, 10, 1, 3, 2013},
    {"2013 Q4", YJPI_PERIOD_QUARTER, 2013, 10, 1, 2014, 1, 1, 3, 2013},
    /* months */
    {"2013-04", YJPI_PERIOD_MONTH, 2013, 4, 1, 2013, 5, 1, 1, 2013},
    {"2013-12", YJPI_PERIOD_MONTH, 2013, 12, 1, 2014, 1, 1, 1, 2013},
    {"2016-02", YJPI_PERIOD_MONTH, 2016, 2, 1, 2016, 3, 1, 1, 2016},
    /* rolling 12 months ending with the named month (spec §1:
     * 12m to 2014-03 = Apr 2013 - Mar 2014 -> mid-2013) */
    {"12m to 2014-03", YJPI_PERIOD_ROLLING_12, 2013, 4, 1, 2014, 4, 1, 12, 2013},
    {"12m to 2013-12", YJPI_PERIOD_ROLLING_12, 2013, 1, 1, 2014, 1, 1, 12, 2013},
    {"12m to 2014-01", YJPI_PERIOD_ROLLING_12, 2013, 2, 1, 2014, 2, 1, 12, 2013},
    {"12m to 0001-12", YJPI_PERIOD_ROLLING_12, 1, 1, 1, 2, 1, 1, 12, 1},
    /* explicit ranges: inclusive end as written, stored as the day after */
    {"2013-04-01..2014-03-31", YJPI_PERIOD_RANGE, 2013, 4, 1, 2014, 4, 1, 12, 2013},
    {"2014-02-10..2014-02-10", YJPI_PERIOD_RANGE, 2014, 2, 10, 2014, 2, 11, 0, 2014},
    {"2013-04-15..2014-03-31", YJPI_PERIOD_RANGE, 2013, 4, 15, 2014, 4, 1, 0, 2013},
    {"2013-04-01..2014-03-30", YJPI_PERIOD_RANGE, 2013, 4, 1, 2014, 3, 31, 0, 2013},
    {"2016-02-01..2016-02-29", YJPI_PERIOD_RANGE, 2016, 2, 1, 2016, 3, 1, 1, 2016},
    {"2013-12-31..2014-01-01", YJPI_PERIOD_RANGE, 2013, 12, 31, 2014, 1, 2, 0, 2013},
    {"0001-01-01..9999-12-31", YJPI_PERIOD_RANGE, 1, 1, 1, 10000, 1, 1, 119988, 1},
};

/* The day after 9999-12-31 is not a calendar date; count it from 9999-12-31. */
static yjpi_date end_date(int y, int m, int d)
{
    if (y == 10000)
        return YMD(9999, 12, 31) + 1;
    return YMD(y, m, d);
}

static void test_forms_parse(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        const form_case *c = &forms[i];
        yjpi_period p = parse_ok(c->text);
        if (p.kind != c->kind || p.start != YMD(c->sy, c->sm, c->sd) ||
            p.end != end_date(c->ey, c->em, c->ed))
            fail_msg("\"%s\": kind %d [%ld, %ld)", c->text, (int)p.kind,
                     (long)p.start, (long)p.end);
        if (yjpi_period_months(&p) != c->months)
            fail_msg("\"%s\": %d months, expected %d", c->text,
                     yjpi_period_months(&p), c->months);
        if (yjpi_period_population_year(&p) != c->pop_year)
            fail_msg("\"%s\": population year %d, expected %d", c->text,
                     yjpi_period_population_year(&p), c->pop_year);
    }
}

static void test_forms_round_trip(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        yjpi_period p = parse_ok(forms[i].text);
        assert_formats_as(&p, forms[i].text);
        /* and parse(format(p)) == p */
        char buf[YJPI_PERIOD_TEXT_SIZE];
        assert_int_equal(yjpi_period_format(&p, buf, sizeof buf), YJPI_OK);
        yjpi_period q = parse_ok(buf);
        assert_int_equal(q.kind, p.kind);
        assert_int_equal(q.start, p.start);
        assert_int_equal(q.end, p.end);
    }
}

/* Every named form for every year 1900..2100, built with snprintf. */
static void test_round_trip_many_years(void **state)
{
    (void)state;
    char text[64];
    for (int y = 1900; y <= 2100; y++) {
        snprintf(text, sizeof text, "%04d/%02d", y, (y + 1) % 100);
        yjpi_period p = parse_ok(text);
        assert_int_equal(p.start, YMD(y, 4, 1));
        assert_int_equal(p.end, YMD(y + 1, 4, 1));
        assert_formats_as(&p, text);
        for (int q = 1; q <= 4; q++) {
            snprintf(text, sizeof text, "%04d/%02d Q%d", y, (y + 1) % 100, q);
            p = parse_ok(text);
            assert_formats_as(&p, text);
            assert_int_equal(yjpi_period_population_year(&p), y);
            snprintf(text, sizeof text, "%04d Q%d", y, q);
            p = parse_ok(text);
            assert_formats_as(&p, text);
            assert_int_equal(p.start, YMD(y, 3 * q - 2, 1));
        }
        snprintf(text, sizeof text, "%04d", y);
        p = parse_ok(text);
        assert_formats_as(&p, text);
        for (int m = 1; m <= 12; m++) {
            snprintf(text, sizeof text, "%04d-%02d", y, m);
            p = parse_ok(text);
            assert_formats_as(&p, text);
            assert_int_equal(p.end - p.start, yjpi__days_in_month(y, m));
            snprintf(text, sizeof text, "12m to %04d-%02d", y, m);
            p = parse_ok(text);
            assert_formats_as(&p, text);
            assert_int_equal(yjpi_period_months(&p), 12);
        }
    }
}

static void test_surrounding_whitespace(void **state)
{
    (void)state;
    yjpi_period p = parse_ok("  2013/14 Q2\t\n");
    assert_int_equal(p.kind, YJPI_PERIOD_FINANCIAL_QUARTER);
    assert_int_equal(p.start, YMD(2013, 7, 1));
    assert_formats_as(&p, "2013/14 Q2");
    p = parse_ok("\r\n12m to 2014-03  ");
    assert_formats_as(&p, "12m to 2014-03");
    p = parse_ok(" 2013-04-01..2014-03-31 ");
    assert_formats_as(&p, "2013-04-01..2014-03-31");
}

/* ---- Rejections --------------------------------------------------------- */

static void expect_error(const char *text, int code, const char *detail)
{
    yjpi_error err;
    yjpi_period p = {99, 1234, 5678};
    int rc = yjpi_period_parse(text, &p, &err);
    if (rc != code)
        fail_msg("\"%s\" gave %d, expected %d (%s)", text, rc, code, err.message);
    assert_int_equal(err.code, code);
    /* the message quotes the text (these texts need no escaping) */
    char quoted[64];
    snprintf(quoted, sizeof quoted, "period \"%s\"", text);
    if (!strstr(err.message, quoted))
        fail_msg("message for \"%s\" does not quote it: %s", text, err.message);
    if (detail && !strstr(err.message, detail))
        fail_msg("message for \"%s\" lacks \"%s\": %s", text, detail, err.message);
    /* no location: the caller adds it */
    assert_int_equal(err.line, 0);
    assert_int_equal(err.column, 0);
    assert_string_equal(err.source, "");
    /* the output is untouched */
    assert_int_equal(p.kind, 99);
    assert_int_equal(p.start, 1234);
    assert_int_equal(p.end, 5678);
}

static const char forms_list[] =
    "expected one of 2013/14, 2013/14 Q1, 2013, 2013 Q1, 2013-04, "
    "12m to 2014-03, 2013-04-01..2014-03-31";

static void test_rejects_malformed(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2013/15", "2013/13", "2013/2014", "13/14", "2013/4", "2013/014",
        "201/14", "2013/1x", "2099/01", "2099/100",
        "2013/14 Q5", "2013/14 Q0", "2013/14 q1", "2013/14  Q1", "2013/14Q1",
        "2013/14 Q", "2013/14 Q11", "2013/15 Q1", "2013/14 Q1 extra",
        "2013 Q5", "2013 Q0", "2013 Q", "2013Q1", "2013 q1", "2013  Q1",
        "Q1 2013", "201", "20134", "x2013", "2013x", "FY2013",
        "2013-4", "2013-004", "201304", "2013-4-1", "2013 04",
        "12m to 2014-3", "12m to 201403", "12 m to 2014-03",
        "12M to 2014-03", "12m  to 2014-03", "12m to 2014-03x",
        "12m to 2014-03-31", "6m to 2014-03", "12m 2014-03",
        "2013-04-01..2014-03-3", "2013-04-01...2014-03-31",
        "2013-04-01 .. 2014-03-31", "2013-04-01..", "..2014-03-31",
        "2013-4-01..2014-03-31", "2013/04/01..2014/03/31",
        "2013-04-01-2014-03-31", "2013-04-01..2014-03-31x",
        "", "   ", "hello", "+2013", "-2013",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_error(bad[i], YJPI_E_PERIOD, forms_list);

    /* specific reasons */
    expect_error("2013/15", YJPI_E_PERIOD,
                 "financial year must be YYYY/YY with consecutive years");
    expect_error("2013/2014", YJPI_E_PERIOD, "consecutive years");
    expect_error("2013/14 Q5", YJPI_E_PERIOD, "quarter must be");
    expect_error("2013/14Q1", YJPI_E_PERIOD, "financial quarter must be");
    expect_error("2013/14 Q11", YJPI_E_PERIOD, "financial quarter must be");
    expect_error("2013/15 Q1", YJPI_E_PERIOD, "consecutive years");
    expect_error("2013 Q0", YJPI_E_PERIOD, "quarter must be");
    expect_error("12m to 2014-3", YJPI_E_PERIOD, "12m to YYYY-MM");
    expect_error("2013-04-01...2014-03-31", YJPI_E_PERIOD, "YYYY-MM-DD..YYYY-MM-DD");
    /* an explicit range ending before it starts */
    expect_error("2014-04-01..2014-03-31", YJPI_E_PERIOD, "before the start");
    expect_error("2014-04-01..2013-04-01", YJPI_E_PERIOD, forms_list);

    /* the whole message for the brief's example */
    yjpi_error err;
    yjpi_period p;
    assert_int_equal(yjpi_period_parse("2013/15", &p, &err), YJPI_E_PERIOD);
    assert_string_equal(err.message,
                        "period \"2013/15\": financial year must be YYYY/YY "
                        "with consecutive years; expected one of 2013/14, "
                        "2013/14 Q1, 2013, 2013 Q1, 2013-04, 12m to 2014-03, "
                        "2013-04-01..2014-03-31");
    /* the text is quoted as given, control bytes escaped */
    assert_int_equal(yjpi_period_parse("2013/\x01" "4", &p, &err), YJPI_E_PERIOD);
    assert_non_null(strstr(err.message, "period \"2013/\\x014\""));
    /* whitespace alone is empty text */
    assert_int_equal(yjpi_period_parse("\t\n", &p, &err), YJPI_E_PERIOD);
    assert_non_null(strstr(err.message, "empty"));
    /* err may be NULL */
    assert_int_equal(yjpi_period_parse("2013/15", &p, NULL), YJPI_E_PERIOD);
}

static void test_rejects_impossible_dates(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2013-13", "2013-14", "2013-00", "0000-05",
        "12m to 2014-13", "12m to 2014-00",
        "2013-02-30..2013-03-31", "2013-04-01..2013-02-29",
        "2013-04-31..2013-05-31", "2013-00-01..2013-05-31",
        "1900-02-29..1900-03-01",
        "0000", "0000/01", "0000 Q1", "0000/01 Q2", "0000-01-01..0001-01-01",
        /* a period reaching outside years 1..9999 */
        "9999/00", "9999/00 Q4",
        "12m to 0001-11", /* would start 0000-12 */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_error(bad[i], YJPI_E_BAD_DATE, NULL);
    /* leap days that exist are fine */
    yjpi_period p = parse_ok("2000-02-29..2000-02-29");
    assert_int_equal(p.start, YMD(2000, 2, 29));
}

static void test_parse_arguments(void **state)
{
    (void)state;
    yjpi_period p;
    yjpi_error err;
    assert_int_equal(yjpi_period_parse(NULL, &p, &err), YJPI_E_ARGUMENT);
    assert_int_equal(err.code, YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_period_parse("2013/14", NULL, &err), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_period_parse(NULL, NULL, NULL), YJPI_E_ARGUMENT);
    /* success clears a previous error */
    assert_int_equal(yjpi_period_parse("2013/15", &p, &err), YJPI_E_PERIOD);
    assert_int_equal(yjpi_period_parse("2013/14", &p, &err), YJPI_OK);
    assert_int_equal(err.code, YJPI_OK);
    assert_string_equal(err.message, "");
}

/* ---- Formatting errors -------------------------------------------------- */

static void test_format_errors(void **state)
{
    (void)state;
    char buf[YJPI_PERIOD_TEXT_SIZE];
    yjpi_period p = parse_ok("2013-04-01..2014-03-31");
    /* 22 characters need 23 bytes */
    assert_int_equal(yjpi_period_format(&p, buf, 23), YJPI_OK);
    assert_int_equal(yjpi_period_format(&p, buf, 22), YJPI_E_ARGUMENT);
    assert_string_equal(buf, "");
    assert_int_equal(yjpi_period_format(&p, NULL, 32), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_period_format(&p, buf, 0), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_period_format(NULL, buf, sizeof buf), YJPI_E_ARGUMENT);

    /* periods whose dates their kind cannot name */
    yjpi_period bad[] = {
        {0, YMD(2013, 4, 1), YMD(2014, 4, 1)},
        {8, YMD(2013, 4, 1), YMD(2014, 4, 1)},
        {YJPI_PERIOD_FINANCIAL_YEAR, YMD(2013, 1, 1), YMD(2014, 1, 1)},
        {YJPI_PERIOD_FINANCIAL_YEAR, YMD(2013, 4, 1), YMD(2014, 3, 31)},
        {YJPI_PERIOD_FINANCIAL_QUARTER, YMD(2013, 5, 1), YMD(2013, 8, 1)},
        {YJPI_PERIOD_QUARTER, YMD(2013, 1, 1), YMD(2013, 7, 1)},
        {YJPI_PERIOD_YEAR, YMD(2013, 4, 1), YMD(2014, 4, 1)},
        {YJPI_PERIOD_MONTH, YMD(2013, 4, 1), YMD(2013, 6, 1)},
        {YJPI_PERIOD_MONTH, YMD(2013, 4, 2), YMD(2013, 5, 2)},
        {YJPI_PERIOD_ROLLING_12, YMD(2013, 4, 1), YMD(2014, 3, 1)},
        {YJPI_PERIOD_RANGE, YMD(2013, 4, 1), YMD(2013, 4, 1)},  /* empty */
        {YJPI_PERIOD_RANGE, YMD(2013, 4, 2), YMD(2013, 4, 1)},  /* reversed */
        {YJPI_PERIOD_RANGE, YMD(1, 1, 1) - 1, YMD(2013, 4, 1)}, /* year 0 */
        {YJPI_PERIOD_RANGE, YMD(2013, 4, 1), YMD(9999, 12, 31) + 2},
        {YJPI_PERIOD_RANGE, YJPI_NO_DATE, YMD(2013, 4, 1)},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        strcpy(buf, "junk");
        if (yjpi_period_format(&bad[i], buf, sizeof buf) != YJPI_E_ARGUMENT)
            fail_msg("bad period %zu formatted as \"%s\"", i, buf);
        assert_string_equal(buf, "");
    }
    /* hand-built valid periods print in their form */
    yjpi_period fq = {YJPI_PERIOD_FINANCIAL_QUARTER, YMD(2015, 1, 1), YMD(2015, 4, 1)};
    assert_formats_as(&fq, "2014/15 Q4");
    yjpi_period cq = {YJPI_PERIOD_QUARTER, YMD(2015, 1, 1), YMD(2015, 4, 1)};
    assert_formats_as(&cq, "2015 Q1");
}

/* ---- Shifting ----------------------------------------------------------- */

static void check_shift(const char *from, int steps, int step_months,
                        const char *want, int want_kind)
{
    yjpi_period p = parse_ok(from), out;
    int rc = yjpi_period_shift(&p, steps, step_months, &out);
    if (rc != YJPI_OK)
        fail_msg("shift \"%s\" by %d x %d gave %d", from, steps, step_months, rc);
    char buf[YJPI_PERIOD_TEXT_SIZE];
    assert_int_equal(yjpi_period_format(&out, buf, sizeof buf), YJPI_OK);
    if (strcmp(buf, want) != 0 || out.kind != want_kind)
        fail_msg("shift \"%s\" by %d x %d gave \"%s\" (kind %d), expected \"%s\" "
                 "(kind %d)", from, steps, step_months, buf, (int)out.kind, want,
                 want_kind);
}

static void test_shift_previous_period(void **state)
{
    (void)state;
    /* step_months 0: by the period's own length */
    check_shift("2014/15", -1, 0, "2013/14", YJPI_PERIOD_FINANCIAL_YEAR);
    check_shift("2014/15", 1, 0, "2015/16", YJPI_PERIOD_FINANCIAL_YEAR);
    check_shift("2099/00", 1, 0, "2100/01", YJPI_PERIOD_FINANCIAL_YEAR);
    check_shift("2014/15 Q1", -1, 0, "2013/14 Q4", YJPI_PERIOD_FINANCIAL_QUARTER);
    check_shift("2014/15 Q4", 1, 0, "2015/16 Q1", YJPI_PERIOD_FINANCIAL_QUARTER);
    check_shift("2014", -1, 0, "2013", YJPI_PERIOD_YEAR);
    check_shift("2014 Q1", -1, 0, "2013 Q4", YJPI_PERIOD_QUARTER);
    check_shift("2014-01", -1, 0, "2013-12", YJPI_PERIOD_MONTH);
    check_shift("2014-12", 1, 0, "2015-01", YJPI_PERIOD_MONTH);
    check_shift("12m to 2014-03", -1, 0, "12m to 2013-03", YJPI_PERIOD_ROLLING_12);
    /* a whole-month range moves by its length (12 months) and stays a range */
    check_shift("2013-04-01..2014-03-31", -1, 0, "2012-04-01..2013-03-31",
                YJPI_PERIOD_RANGE);
    check_shift("2016-01-01..2016-02-29", 1, 0, "2016-03-01..2016-04-30",
                YJPI_PERIOD_RANGE);
    /* zero steps: the same period */
    check_shift("2013/14 Q3", 0, 0, "2013/14 Q3", YJPI_PERIOD_FINANCIAL_QUARTER);
}

static void test_shift_year_earlier(void **state)
{
    (void)state;
    /* the same period a year earlier, for each kind */
    check_shift("2014/15", -1, 12, "2013/14", YJPI_PERIOD_FINANCIAL_YEAR);
    check_shift("2014/15 Q1", -4, 0, "2013/14 Q1", YJPI_PERIOD_FINANCIAL_QUARTER);
    check_shift("2014/15 Q1", -1, 12, "2013/14 Q1", YJPI_PERIOD_FINANCIAL_QUARTER);
    check_shift("2014", -1, 12, "2013", YJPI_PERIOD_YEAR);
    check_shift("2014 Q3", -4, 3, "2013 Q3", YJPI_PERIOD_QUARTER);
    check_shift("2014-03", -12, 0, "2013-03", YJPI_PERIOD_MONTH);
    check_shift("2014-03", -1, 12, "2013-03", YJPI_PERIOD_MONTH);
    check_shift("12m to 2014-03", -1, 12, "12m to 2013-03", YJPI_PERIOD_ROLLING_12);
    check_shift("2013-04-01..2014-03-31", -1, 12, "2012-04-01..2013-03-31",
                YJPI_PERIOD_RANGE);
    /* a leap-day range a year earlier: the last day clamps to 28 Feb */
    check_shift("2016-02-10..2016-02-29", -1, 12, "2015-02-10..2015-02-28",
                YJPI_PERIOD_RANGE);
}

static void test_shift_rolling_and_other_steps(void **state)
{
    (void)state;
    /* a rolling window moved by a quarter or a month stays rolling */
    check_shift("12m to 2014-03", -1, 3, "12m to 2013-12", YJPI_PERIOD_ROLLING_12);
    check_shift("12m to 2014-03", 1, 3, "12m to 2014-06", YJPI_PERIOD_ROLLING_12);
    check_shift("12m to 2014-03", -1, 1, "12m to 2014-02", YJPI_PERIOD_ROLLING_12);
    check_shift("12m to 2014-03", -3, 1, "12m to 2013-12", YJPI_PERIOD_ROLLING_12);
    /* a quarter moved by 3 months is the next quarter */
    check_shift("2014/15 Q2", 2, 3, "2014/15 Q4", YJPI_PERIOD_FINANCIAL_QUARTER);
    check_shift("2014 Q4", 1, 3, "2015 Q1", YJPI_PERIOD_QUARTER);
    check_shift("2014-03", 1, 1, "2014-04", YJPI_PERIOD_MONTH);
    check_shift("2014-03", 2, 3, "2014-09", YJPI_PERIOD_MONTH);
    /* no longer expressible in the kind: becomes a range */
    check_shift("2014/15", 1, 3, "2014-07-01..2015-06-30", YJPI_PERIOD_RANGE);
    check_shift("2014", 1, 3, "2014-04-01..2015-03-31", YJPI_PERIOD_RANGE);
    check_shift("2014 Q1", 1, 1, "2014-02-01..2014-04-30", YJPI_PERIOD_RANGE);
    check_shift("2014/15 Q1", -1, 1, "2014-03-01..2014-05-31", YJPI_PERIOD_RANGE);
    /* ranges that are not whole months move first and last day by months,
     * each clamped to its month's end */
    check_shift("2014-01-15..2014-01-31", 1, 1, "2014-02-15..2014-02-28",
                YJPI_PERIOD_RANGE);
    check_shift("2014-01-30..2014-01-30", 1, 1, "2014-02-28..2014-02-28",
                YJPI_PERIOD_RANGE);
    check_shift("2014-02-10..2014-03-09", -1, 12, "2013-02-10..2013-03-09",
                YJPI_PERIOD_RANGE);
    check_shift("2014-02-10..2014-03-09", 2, -6, "2013-02-10..2013-03-09",
                YJPI_PERIOD_RANGE);
}

static void test_shift_errors(void **state)
{
    (void)state;
    yjpi_period p = parse_ok("2014-01-15..2014-02-14"), out = {99, 1, 2};
    /* a range that is not whole months has no own length */
    assert_int_equal(yjpi_period_shift(&p, 1, 0, &out), YJPI_E_ARGUMENT);
    assert_int_equal(out.kind, 99);
    /* outside years 1..9999 */
    p = parse_ok("0001");
    assert_int_equal(yjpi_period_shift(&p, -1, 0, &out), YJPI_E_ARGUMENT);
    p = parse_ok("9999");
    assert_int_equal(yjpi_period_shift(&p, 1, 0, &out), YJPI_E_ARGUMENT);
    p = parse_ok("9998/99");
    assert_int_equal(yjpi_period_shift(&p, 1, 0, &out), YJPI_E_ARGUMENT);
    p = parse_ok("2014");
    assert_int_equal(yjpi_period_shift(&p, INT_MAX, 0, &out), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_period_shift(&p, INT_MIN, INT_MIN, &out), YJPI_E_ARGUMENT);
    assert_int_equal(out.kind, 99);
    /* NULL and invalid periods */
    assert_int_equal(yjpi_period_shift(NULL, 1, 0, &out), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_period_shift(&p, 1, 0, NULL), YJPI_E_ARGUMENT);
    yjpi_period bad = {YJPI_PERIOD_YEAR, YMD(2014, 2, 1), YMD(2015, 2, 1)};
    assert_int_equal(yjpi_period_shift(&bad, 1, 0, &out), YJPI_E_ARGUMENT);
    /* in place */
    p = parse_ok("2014/15 Q1");
    assert_int_equal(yjpi_period_shift(&p, -4, 0, &p), YJPI_OK);
    assert_formats_as(&p, "2013/14 Q1");
}

/* ---- Population years, months, contains -------------------------------- */

static void test_population_year(void **state)
{
    (void)state;
    /* spec §1: 2013/14 and 2013/14 Q4 -> mid-2013; 2014 and 2014 Q1 ->
     * mid-2014; 12m to 2014-03 -> mid-2013 */
    static const struct { const char *text; int year; } cases[] = {
        {"2013/14", 2013}, {"2013/14 Q4", 2013}, {"2014", 2014},
        {"2014 Q1", 2014}, {"12m to 2014-03", 2013}, {"2014-03", 2014},
        {"2013-10-01..2014-09-30", 2013}, {"2013/14 Q3", 2013},
        {"12m to 2014-12", 2014},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        yjpi_period p = parse_ok(cases[i].text);
        assert_int_equal(yjpi_period_population_year(&p), cases[i].year);
    }
    assert_int_equal(yjpi_period_population_year(NULL), 0);
    yjpi_period bad = {42, YMD(2013, 4, 1), YMD(2014, 4, 1)};
    assert_int_equal(yjpi_period_population_year(&bad), 0);
}

static void test_months(void **state)
{
    (void)state;
    assert_int_equal(yjpi_period_months(NULL), 0);
    yjpi_period p = {YJPI_PERIOD_RANGE, YMD(2013, 4, 1), YMD(2013, 4, 1)};
    assert_int_equal(yjpi_period_months(&p), 0); /* empty */
    p.end = YMD(2016, 4, 1);
    assert_int_equal(yjpi_period_months(&p), 36);
    p.end = YMD(2016, 4, 2);
    assert_int_equal(yjpi_period_months(&p), 0);
}

static void test_contains(void **state)
{
    (void)state;
    /* start inclusive, end exclusive, for every form */
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        yjpi_period p = parse_ok(forms[i].text);
        assert_true(yjpi_period_contains(&p, p.start));
        assert_false(yjpi_period_contains(&p, p.start - 1));
        assert_true(yjpi_period_contains(&p, p.end - 1));
        assert_false(yjpi_period_contains(&p, p.end));
    }
    yjpi_period fy = parse_ok("2013/14");
    assert_false(yjpi_period_contains(&fy, YMD(2013, 3, 31)));
    assert_true(yjpi_period_contains(&fy, YMD(2013, 4, 1)));
    assert_true(yjpi_period_contains(&fy, YMD(2014, 3, 31)));
    assert_false(yjpi_period_contains(&fy, YMD(2014, 4, 1)));
    yjpi_period r = parse_ok("2014-02-10..2014-02-10");
    assert_true(yjpi_period_contains(&r, YMD(2014, 2, 10)));
    assert_false(yjpi_period_contains(&r, YMD(2014, 2, 11)));
    assert_false(yjpi_period_contains(&r, YMD(2014, 2, 9)));
    assert_false(yjpi_period_contains(&fy, YJPI_NO_DATE));
    assert_false(yjpi_period_contains(NULL, YMD(2013, 5, 1)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms_parse),
        cmocka_unit_test(test_forms_round_trip),
        cmocka_unit_test(test_round_trip_many_years),
        cmocka_unit_test(test_surrounding_whitespace),
        cmocka_unit_test(test_rejects_malformed),
        cmocka_unit_test(test_rejects_impossible_dates),
        cmocka_unit_test(test_parse_arguments),
        cmocka_unit_test(test_format_errors),
        cmocka_unit_test(test_shift_previous_period),
        cmocka_unit_test(test_shift_year_earlier),
        cmocka_unit_test(test_shift_rolling_and_other_steps),
        cmocka_unit_test(test_shift_errors),
        cmocka_unit_test(test_population_year),
        cmocka_unit_test(test_months),
        cmocka_unit_test(test_contains),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
