/* test_date.c - civil dates (lib/time/date.c): validity, day numbers, parsing,
 * formatting, month arithmetic and ages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "support.h"

static void assert_ymd(yjpi_date d, int y, int m, int dd)
{
    int gy = 0, gm = 0, gd = 0;
    yjpi_date_to_ymd(d, &gy, &gm, &gd);
    assert_int_equal(gy, y);
    assert_int_equal(gm, m);
    assert_int_equal(gd, dd);
}

/* The test's own calendar rules, written independently of date.c. */
static int ref_leap(int y)
{
    if (y % 400 == 0)
        return 1;
    if (y % 100 == 0)
        return 0;
    return y % 4 == 0;
}

static int ref_month_len(int y, int m)
{
    switch (m) {
    case 2: return ref_leap(y) ? 29 : 28;
    case 4: case 6: case 9: case 11: return 30;
    default: return 31;
    }
}

/* ---- Validity ----------------------------------------------------------- */

static void test_leap_days(void **state)
{
    (void)state;
    yjpi_date d;
    /* 2000 is divisible by 400: leap.  1900 by 100 but not 400: not leap. */
    assert_int_equal(yjpi_date_from_ymd(2000, 2, 29, &d), YJPI_OK);
    assert_int_equal(yjpi_date_from_ymd(1900, 2, 29, &d), YJPI_E_BAD_DATE);
    assert_int_equal(yjpi_date_from_ymd(2024, 2, 29, &d), YJPI_OK);
    assert_int_equal(yjpi_date_from_ymd(2023, 2, 29, &d), YJPI_E_BAD_DATE);
    assert_int_equal(yjpi_date_from_ymd(2100, 2, 29, &d), YJPI_E_BAD_DATE);
    assert_int_equal(yjpi_date_from_ymd(2400, 2, 29, &d), YJPI_OK);
    assert_int_equal(yjpi_date_from_ymd(4, 2, 29, &d), YJPI_OK);
    assert_int_equal(yjpi_date_from_ymd(1, 2, 29, &d), YJPI_E_BAD_DATE);

    assert_true(yjpi__is_leap(2000));
    assert_false(yjpi__is_leap(1900));
    assert_true(yjpi__is_leap(2024));
    assert_false(yjpi__is_leap(2023));
    assert_int_equal(yjpi__days_in_month(2024, 2), 29);
    assert_int_equal(yjpi__days_in_month(2023, 2), 28);
    assert_int_equal(yjpi__days_in_month(2023, 4), 30);
    assert_int_equal(yjpi__days_in_month(2023, 12), 31);
}

static void test_from_ymd_rejects(void **state)
{
    (void)state;
    yjpi_date d = 12345;
    assert_int_equal(yjpi_date_from_ymd(0, 1, 1, &d), YJPI_E_BAD_DATE);
    assert_int_equal(yjpi_date_from_ymd(10000, 1, 1, &d), YJPI_E_BAD_DATE);
    assert_int_equal(yjpi_date_from_ymd(-1, 1, 1, &d), YJPI_E_BAD_DATE);
    assert_int_equal(yjpi_date_from_ymd(2023, 0, 1, &d), YJPI_E_BAD_DATE);
    assert_int_equal(yjpi_date_from_ymd(2023, 13, 1, &d), YJPI_E_BAD_DATE);
    assert_int_equal(yjpi_date_from_ymd(2023, 1, 0, &d), YJPI_E_BAD_DATE);
    assert_int_equal(yjpi_date_from_ymd(2023, 1, 32, &d), YJPI_E_BAD_DATE);
    assert_int_equal(yjpi_date_from_ymd(2023, 4, 31, &d), YJPI_E_BAD_DATE);
    assert_int_equal(yjpi_date_from_ymd(2023, 11, 31, &d), YJPI_E_BAD_DATE);
    /* the output is not touched on failure */
    assert_int_equal(d, 12345);
    /* a NULL output just validates */
    assert_int_equal(yjpi_date_from_ymd(2023, 4, 30, NULL), YJPI_OK);
    assert_int_equal(yjpi_date_from_ymd(2023, 4, 31, NULL), YJPI_E_BAD_DATE);
}

/* ---- Day numbers -------------------------------------------------------- */

static void test_known_day_numbers(void **state)
{
    (void)state;
    /* The epoch and its neighbours. */
    assert_int_equal(YMD(1970, 1, 1), 0);
    assert_int_equal(YMD(1970, 1, 2), 1);
    assert_int_equal(YMD(1969, 12, 31), -1);
    assert_int_equal(YMD(1971, 1, 1), 365);        /* 1970 is not leap */
    assert_int_equal(YMD(1973, 1, 1), 365 * 3 + 1); /* 1972 is leap */
    /* 2000-01-01: 30 years 1970..1999 of 365 days plus the 7 leap days of
     * 1972, 76, 80, 84, 88, 92, 96: 10950 + 7 = 10957. */
    assert_int_equal(YMD(2000, 1, 1), 10957);
    /* 2000-03-01: + 31 (January) + 29 (February 2000 is leap) = 11017. */
    assert_int_equal(YMD(2000, 3, 1), 11017);
    /* 1900-01-01: 70 years 1900..1969, 17 leap years 1904..1968 (1900 is
     * not leap): -(25550 + 17) = -25567; then + 31 + 28 for 1900-03-01. */
    assert_int_equal(YMD(1900, 1, 1), -25567);
    assert_int_equal(YMD(1900, 3, 1), -25508);
    /* 2038-01-19: the day the signed 32-bit second count runs out,
     * 2^31 s / 86400 = 24855.13 days. */
    assert_int_equal(YMD(2038, 1, 19), 24855);
    /* 0001-01-01: 1969 years 1..1969 of 365 days = 718685, plus leap years
     * among them: 1969/4 - 1969/100 + 1969/400 = 492 - 19 + 4 = 477. */
    assert_int_equal(YMD(1, 1, 1), -719162);
    /* 9999-12-31: years 1970..9999 = 8030 * 365 = 2930950, plus leap years
     * (9999/4 - 9999/100 + 9999/400 = 2424 up to 9999, minus the 477 up to
     * 1969 = 1947) gives 10000-01-01 = 2932897; minus one day. */
    assert_int_equal(YMD(9999, 12, 31), 2932896);

    assert_ymd(0, 1970, 1, 1);
    assert_ymd(11017, 2000, 3, 1);
    assert_ymd(11016, 2000, 2, 29);
    assert_ymd(-719162, 1, 1, 1);
    assert_ymd(2932896, 9999, 12, 31);

    /* NULL outputs are allowed. */
    int y = 0;
    yjpi_date_to_ymd(11017, &y, NULL, NULL);
    assert_int_equal(y, 2000);
}

/* Walks every day from 0001-01-01 to 9999-12-31 with the test's own
 * calendar counter and checks both conversions agree on each day. */
static void test_every_day_round_trip(void **state)
{
    (void)state;
    int y = 1, m = 1, d = 1;
    yjpi_date expect = -719162; /* 0001-01-01, see test_known_day_numbers */
    long checked = 0;
    for (;;) {
        yjpi_date got;
        if (yjpi_date_from_ymd(y, m, d, &got) != YJPI_OK || got != expect)
            fail_msg("from_ymd %04d-%02d-%02d gave %ld, expected %ld", y, m, d,
                     (long)got, (long)expect);
        int gy, gm, gd;
        yjpi_date_to_ymd(expect, &gy, &gm, &gd);
        if (gy != y || gm != m || gd != d)
            fail_msg("to_ymd %ld gave %04d-%02d-%02d, expected %04d-%02d-%02d",
                     (long)expect, gy, gm, gd, y, m, d);
        checked++;
        if (y == 9999 && m == 12 && d == 31)
            break;
        expect++;
        if (++d > ref_month_len(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    /* 9999 years: 9999 * 365 + 2424 leap days = 3652059 days */
    assert_int_equal(checked, 3652059);
}

/* Every day 1899..2101 through text: format, then parse back. */
static void test_text_round_trip_1899_2101(void **state)
{
    (void)state;
    yjpi_date first = YMD(1899, 1, 1), last = YMD(2101, 12, 31);
    char buf[16], want[16];
    for (yjpi_date x = first; x <= last; x++) {
        int y, m, d;
        yjpi_date_to_ymd(x, &y, &m, &d);
        snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
        assert_int_equal(yjpi_date_format(x, buf, sizeof buf), YJPI_OK);
        assert_string_equal(buf, want);
        yjpi_date back;
        assert_int_equal(yjpi_date_parse(buf, 10, &back), YJPI_OK);
        assert_int_equal(back, x);
    }
}

/* A sample over the whole range through text (every 97th day). */
static void test_text_round_trip_sampled(void **state)
{
    (void)state;
    char buf[16];
    for (yjpi_date x = YMD(1, 1, 1); x <= YMD(9999, 12, 31); x += 97) {
        assert_int_equal(yjpi_date_format(x, buf, sizeof buf), YJPI_OK);
        yjpi_date back;
        assert_int_equal(yjpi_date_parse(buf, strlen(buf), &back), YJPI_OK);
        assert_int_equal(back, x);
    }
}

/* ---- Parsing ------------------------------------------------------------ */

static void test_parse_accepts(void **state)
{
    (void)state;
    yjpi_date d;
    assert_int_equal(yjpi_date_parse("2023-02-03", 10, &d), YJPI_OK);
    assert_int_equal(d, YMD(2023, 2, 3));
    assert_int_equal(yjpi_date_parse("0001-01-01", 10, &d), YJPI_OK);
    assert_int_equal(d, -719162);
    assert_int_equal(yjpi_date_parse("9999-12-31", 10, &d), YJPI_OK);
    assert_int_equal(d, 2932896);
    assert_int_equal(yjpi_date_parse("2000-02-29", 10, &d), YJPI_OK);
    assert_int_equal(d, 11016);
    /* only len bytes are read: the text need not be terminated there */
    assert_int_equal(yjpi_date_parse("2014-08-31T12:00", 10, &d), YJPI_OK);
    assert_int_equal(d, YMD(2014, 8, 31));
}

static void test_parse_rejects(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2023-02-30", /* no such day */
        "2023-02-29", /* 2023 is not leap */
        "1900-02-29", /* 1900 is not leap */
        "2023-04-31",
        "2023-2-03",  /* month must be two digits */
        "2023-02-3",
        "2023/02/03", /* wrong separators */
        "2023.02.03",
        " 2023-02-03", /* no surrounding space */
        "2023-02-03 ",
        "20230203",
        "2023-13-01",
        "2023-00-10",
        "2023-01-00",
        "0000-01-01", /* there is no year 0 */
        "abcd-ef-gh",
        "2023-0a-03",
        "2O23-02-03", /* letter O */
        "+023-02-03",
        "-023-02-03",
        "2023-02-03x",
        "",
        "23-02-03",
        "02-03-2023",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        yjpi_date d = 777;
        int rc = yjpi_date_parse(bad[i], strlen(bad[i]), &d);
        if (rc != YJPI_E_BAD_DATE)
            fail_msg("\"%s\" gave %d, expected YJPI_E_BAD_DATE", bad[i], rc);
        assert_int_equal(d, 777); /* untouched */
    }
    yjpi_date d;
    /* a correct date with the wrong length given */
    assert_int_equal(yjpi_date_parse("2023-02-03", 9, &d), YJPI_E_BAD_DATE);
    assert_int_equal(yjpi_date_parse("2023-02-03", 0, &d), YJPI_E_BAD_DATE);
    assert_int_equal(yjpi_date_parse(NULL, 10, &d), YJPI_E_BAD_DATE);
    /* an embedded NUL is not a digit */
    assert_int_equal(yjpi_date_parse("2023-02-\0" "3", 10, &d), YJPI_E_BAD_DATE);
}

/* ---- Formatting --------------------------------------------------------- */

static void test_format(void **state)
{
    (void)state;
    char buf[32];
    assert_int_equal(yjpi_date_format(0, buf, sizeof buf), YJPI_OK);
    assert_string_equal(buf, "1970-01-01");
    assert_int_equal(yjpi_date_format(-1, buf, sizeof buf), YJPI_OK);
    assert_string_equal(buf, "1969-12-31");
    assert_int_equal(yjpi_date_format(11016, buf, sizeof buf), YJPI_OK);
    assert_string_equal(buf, "2000-02-29");
    assert_int_equal(yjpi_date_format(-719162, buf, sizeof buf), YJPI_OK);
    assert_string_equal(buf, "0001-01-01");
    assert_int_equal(yjpi_date_format(2932896, buf, sizeof buf), YJPI_OK);
    assert_string_equal(buf, "9999-12-31");
    assert_int_equal(yjpi_date_format(YMD(987, 6, 5), buf, sizeof buf), YJPI_OK);
    assert_string_equal(buf, "0987-06-05");

    /* exactly 11 bytes is enough, 10 is not */
    char small[11];
    assert_int_equal(yjpi_date_format(YMD(2014, 3, 31), small, 11), YJPI_OK);
    assert_string_equal(small, "2014-03-31");
    assert_int_equal(yjpi_date_format(YMD(2014, 3, 31), small, 10), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_date_format(0, NULL, 11), YJPI_E_ARGUMENT);

    /* outside years 1..9999 */
    assert_int_equal(yjpi_date_format(-719163, buf, sizeof buf), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_date_format(2932897, buf, sizeof buf), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_date_format(YJPI_NO_DATE, buf, sizeof buf), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_date_format(INT32_MAX, buf, sizeof buf), YJPI_E_ARGUMENT);
}

/* ---- Month arithmetic --------------------------------------------------- */

static void check_add(int y, int m, int d, int n, int ey, int em, int ed)
{
    yjpi_date got = yjpi_date_add_months(YMD(y, m, d), n);
    int gy, gm, gd;
    yjpi_date_to_ymd(got, &gy, &gm, &gd);
    if (gy != ey || gm != em || gd != ed)
        fail_msg("%04d-%02d-%02d %+d months gave %04d-%02d-%02d, expected "
                 "%04d-%02d-%02d", y, m, d, n, gy, gm, gd, ey, em, ed);
}

static void test_add_months(void **state)
{
    (void)state;
    /* spec §3: 2014-08-31 + 6 months = 2015-02-28 (clamped) */
    check_add(2014, 8, 31, 6, 2015, 2, 28);
    /* February 2016 has 29 days */
    check_add(2015, 8, 31, 6, 2016, 2, 29);
    check_add(2014, 1, 31, 1, 2014, 2, 28);
    check_add(2016, 1, 31, 1, 2016, 2, 29);
    check_add(2014, 1, 31, 3, 2014, 4, 30);
    check_add(2014, 5, 10, 0, 2014, 5, 10);
    /* the 18-month waiting period of the worked example (spec §3):
     * 2014-06-30 + 18 = 2015-12-30, 2014-06-30 + 12 = 2015-06-30 */
    check_add(2014, 6, 30, 18, 2015, 12, 30);
    check_add(2014, 6, 30, 12, 2015, 6, 30);
    /* year carries */
    check_add(2014, 12, 15, 1, 2015, 1, 15);
    check_add(2014, 11, 30, 14, 2016, 1, 30);
    /* negative months, with borrow and clamping */
    check_add(2014, 1, 15, -1, 2013, 12, 15);
    check_add(2014, 1, 15, -13, 2012, 12, 15);
    check_add(2014, 3, 31, -1, 2014, 2, 28);
    check_add(2016, 3, 31, -1, 2016, 2, 29);
    check_add(2014, 12, 31, -6, 2014, 6, 30);
    check_add(2014, 1, 1, -12, 2013, 1, 1);
    check_add(2014, 1, 1, -24, 2012, 1, 1);
    /* leap day moved by years */
    check_add(2016, 2, 29, 12, 2017, 2, 28);
    check_add(2016, 2, 29, 48, 2020, 2, 29);
    check_add(2016, 2, 29, -12, 2015, 2, 28);
    /* many years: 2100 is not leap, 2000 is */
    check_add(2000, 2, 29, 1200, 2100, 2, 28);
    check_add(2000, 2, 29, -1200, 1900, 2, 28);
    check_add(2000, 2, 29, 4800, 2400, 2, 29);
    check_add(2000, 6, 15, 1200, 2100, 6, 15);
    /* 1999 years back to year 1, 7999 years on to year 9999 */
    check_add(2000, 6, 15, -1999 * 12, 1, 6, 15);
    check_add(2000, 12, 31, 7999 * 12, 9999, 12, 31);
    check_add(1, 1, 31, 1, 1, 2, 28);
    check_add(9999, 12, 31, -1, 9999, 11, 30);
}

/* ---- Ages --------------------------------------------------------------- */

static void check_age(int by, int bm, int bd, int oy, int om, int od, int want)
{
    int got = yjpi_age(YMD(by, bm, bd), YMD(oy, om, od));
    if (got != want)
        fail_msg("born %04d-%02d-%02d, on %04d-%02d-%02d: age %d, expected %d",
                 by, bm, bd, oy, om, od, got, want);
}

static void test_age(void **state)
{
    (void)state;
    /* 17 the day before the 18th birthday, 18 on it */
    check_age(1996, 7, 10, 2014, 7, 9, 17);
    check_age(1996, 7, 10, 2014, 7, 10, 18);
    check_age(1996, 7, 10, 2014, 7, 11, 18);
    /* 10 from the 10th birthday */
    check_age(2003, 1, 1, 2012, 12, 31, 9);
    check_age(2003, 1, 1, 2013, 1, 1, 10);
    /* on the day of birth 0, before it -1 */
    check_age(2004, 5, 6, 2004, 5, 6, 0);
    check_age(2004, 5, 6, 2004, 5, 5, -1);
    check_age(2004, 5, 6, 1990, 1, 1, -1);
    check_age(2004, 12, 31, 2005, 12, 30, 0);
    check_age(2004, 12, 31, 2005, 12, 31, 1);

    /* Born 29 February 2004.  In non-leap years the birthday is 1 March:
     * 2014 is not leap, so on 2014-02-28 the 10th birthday has not come
     * (age 9) and on 2014-03-01 it has (age 10). */
    check_age(2004, 2, 29, 2014, 2, 28, 9);
    check_age(2004, 2, 29, 2014, 3, 1, 10);
    /* 2016 is leap: the 12th birthday (2016 - 2004) is 29 February itself;
     * 28 February is still 11. */
    check_age(2004, 2, 29, 2016, 2, 28, 11);
    check_age(2004, 2, 29, 2016, 2, 29, 12);
    check_age(2004, 2, 29, 2016, 3, 1, 12);
    /* first birthday falls in 2005 (not leap): 1 March */
    check_age(2004, 2, 29, 2005, 2, 28, 0);
    check_age(2004, 2, 29, 2005, 3, 1, 1);
    /* 18th birthday 2022 (not leap): 1 March 2022 */
    check_age(2004, 2, 29, 2022, 2, 28, 17);
    check_age(2004, 2, 29, 2022, 3, 1, 18);
    /* born 28 February / 1 March near a leap day are not shifted */
    check_age(2004, 2, 28, 2014, 2, 28, 10);
    check_age(2004, 3, 1, 2016, 2, 29, 11);
    check_age(2004, 3, 1, 2016, 3, 1, 12);
    /* long spans */
    check_age(1, 1, 1, 9999, 12, 31, 9998);
    check_age(1900, 3, 1, 2000, 2, 29, 99);
    check_age(1900, 3, 1, 2000, 3, 1, 100);
}

/* The cohort validator parses dates its own way (one word at a time, a
 * table of years): it must accept exactly the texts yjpi_date_parse()
 * accepts, with the same day numbers -- every YYYY-MM-DD with month 0-13
 * and day 0-32 for years 0000-9999, and texts with bytes changed at
 * random. */
static void test_validator_dates(void **state)
{
    (void)state;
    char t[16];
    for (int y = 0; y <= 9999; y++)
        for (int m = 0; m <= 13; m++)
            for (int d = 0; d <= 32; d++) {
                snprintf(t, sizeof t, "%04d-%02d-%02d", y, m, d);
                yjpi_date a = 0, b = 0;
                int ra = yjpi__validator_date(t, 10, &a);
                int rb = yjpi_date_parse(t, 10, &b);
                /* the validator stops at 9998-12-31 (3: after it) */
                if (y == 9999 && rb == YJPI_OK) {
                    if (ra != 3)
                        fail_msg("%s: validator says %d, expected 3", t, ra);
                    continue;
                }
                if ((ra == 0) != (rb == YJPI_OK) || (ra == 0 && a != b))
                    fail_msg("%s: validator %d (%d), yjpi_date_parse %d (%d)",
                             t, ra, (int)a, rb, (int)b);
                /* well-formed but impossible is 2, not malformed */
                if (rb != YJPI_OK && ra != 2)
                    fail_msg("%s: validator says %d, expected 2", t, ra);
            }
    static const char bytes[] = "0123456789-/ :Tx\x80\xff\x01";
    uint64_t seed = 12345;
    for (long i = 0; i < 2000000; i++) {
        for (int k = 0; k < 10; k++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            unsigned r = (unsigned)(seed >> 33);
            t[k] = r % 4 == 0 ? bytes[r / 4 % (sizeof bytes - 1)]
                 : k == 4 || k == 7 ? '-' : (char)('0' + r / 4 % 10);
        }
        yjpi_date a = 0, b = 0;
        int ra = yjpi__validator_date(t, 10, &a);
        int rb = yjpi_date_parse(t, 10, &b);
        if (rb == YJPI_OK && memcmp(t, "9999", 4) == 0)
            rb = ra == 3 ? YJPI_E_BAD_DATE : YJPI_OK;   /* after 9998-12-31 */
        if ((ra == 0) != (rb == YJPI_OK) || (ra == 0 && a != b))
            fail_msg("%.10s: validator %d, yjpi_date_parse %d", t, ra, rb);
    }
    yjpi_date a;
    assert_int_equal(yjpi__validator_date("2014-01-01", 9, &a), 1);
    assert_int_equal(yjpi__validator_date("2014-01-011", 11, &a), 1);
}

/* Day numbers far outside years 1..9999 are still defined: the extremes of
 * int32_t split into their civil dates (INT32_MAX is 14699 400-year cycles
 * of 146097 days plus 3844 days after 1970-01-01, i.e. 1980-07-11 plus
 * 5879600 years), month arithmetic that leaves the representable range
 * gives YJPI_NO_DATE, and ages do not overflow. */
static void test_extreme_days(void **state)
{
    (void)state;
    int y, m, d;
    yjpi_date_to_ymd(INT32_MAX, &y, &m, &d);
    assert_int_equal(y, 5881580);
    assert_int_equal(m, 7);
    assert_int_equal(d, 11);
    /* INT32_MIN + 1 = -(14699 cycles + 3844 days): 1970-01-01 - 3844 days
     * is 1959-06-24 (3653 days back to 1960-01-01, 191 more) */
    yjpi_date_to_ymd(INT32_MIN + 1, &y, &m, &d);
    assert_int_equal(y, 1959 - 5879600);
    assert_int_equal(m, 6);
    assert_int_equal(d, 24);
    assert_int_equal(yjpi_date_add_months(INT32_MAX, 0), INT32_MAX);
    assert_int_equal(yjpi_date_add_months(INT32_MIN + 1, 0), INT32_MIN + 1);
    assert_int_equal(yjpi_date_add_months(INT32_MAX, 1), YJPI_NO_DATE);
    assert_int_equal(yjpi_date_add_months(INT32_MAX, INT32_MAX), YJPI_NO_DATE);
    assert_int_equal(yjpi_date_add_months(INT32_MIN + 1, -1), YJPI_NO_DATE);
    assert_int_equal(yjpi_date_add_months(INT32_MIN + 1, INT32_MIN), YJPI_NO_DATE);
    assert_int_equal(yjpi_date_add_months(0, INT32_MIN), YJPI_NO_DATE);
    assert_int_equal(yjpi_date_add_months(YJPI_NO_DATE, 1), YJPI_NO_DATE);
    /* 5881580-06-11 + 1 month is the last representable day */
    assert_int_equal(yjpi_date_add_months(INT32_MAX - 30, 1), INT32_MAX);
    /* ages: born 1970-01-01, on 5881580-07-11 */
    assert_int_equal(yjpi_age(0, INT32_MAX), 5881580 - 1970);
    assert_int_equal(yjpi_age(INT32_MIN + 1, INT32_MAX), 5881580 - (1959 - 5879600));
    assert_int_equal(yjpi_age(INT32_MAX, INT32_MIN + 1), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leap_days),
        cmocka_unit_test(test_validator_dates),
        cmocka_unit_test(test_from_ymd_rejects),
        cmocka_unit_test(test_known_day_numbers),
        cmocka_unit_test(test_every_day_round_trip),
        cmocka_unit_test(test_text_round_trip_1899_2101),
        cmocka_unit_test(test_text_round_trip_sampled),
        cmocka_unit_test(test_parse_accepts),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_add_months),
        cmocka_unit_test(test_age),
        cmocka_unit_test(test_extreme_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
