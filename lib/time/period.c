/* period.c - named periods: parsing, printing, shifting (spec §1 "Periods",
 * "Population").  A period is a half-open range of day numbers [start, end)
 * tagged with the kind that names it. */
#include <stdio.h>

#include "internal.h"

/* Day numbers of 0001-01-01 and 9999-12-31, the representable civil dates
 * (same bounds as yjpi_date_format). */
#define PERIOD_MIN_DATE (-719162)
#define PERIOD_MAX_DATE 2932896

/* Longest accepted text: "YYYY-MM-DD..YYYY-MM-DD". */
#define PERIOD_MAX_TEXT 22

/* Largest shift accepted, in months: more than the whole date range. */
#define PERIOD_MAX_SHIFT 120000LL

static const char expected_forms[] =
    "expected one of 2013/14, 2013/14 Q1, 2013, 2013 Q1, 2013-04, "
    "12m to 2014-03, 2013-04-01..2014-03-31";

/* ---- Small helpers ------------------------------------------------------ */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

/* Reads exactly n decimal digits at s; false when any is not a digit. */
static bool read_digits(const char *s, size_t n, int *value)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return true;
}

/* "YYYY-MM" shape at s (7 bytes): digits and the dash only, no range check. */
static bool read_year_month(const char *s, int *y, int *m)
{
    return s[4] == '-' && read_digits(s, 4, y) && read_digits(s + 5, 2, m);
}

/* "YYYY-MM-DD" shape at s (10 bytes), no calendar check. */
static bool is_date_shape(const char *s)
{
    int v;
    return s[4] == '-' && s[7] == '-' && read_digits(s, 4, &v) &&
           read_digits(s + 5, 2, &v) && read_digits(s + 8, 2, &v);
}

/* Day number of the 1st of month m of year y (m may be outside 1..12: it
 * carries into the year).  Unchecked; y stays within a few years of 1..9999
 * wherever this is used. */
static yjpi_date month_start(int y, int m)
{
    int zero_based = m - 1;
    int carry = zero_based >= 0 ? zero_based / 12 : -((11 - zero_based) / 12);
    return yjpi__days_from_civil(y + carry, zero_based - carry * 12 + 1, 1);
}

static bool date_in_range(yjpi_date d)
{
    return d >= PERIOD_MIN_DATE && d <= PERIOD_MAX_DATE;
}

/* Whole months from start to end when both are the 1st of a month and
 * start < end, else 0.  The dates must be in range (callers check). */
static int whole_months(yjpi_date start, yjpi_date end)
{
    int sy, sm, sd, ey, em, ed;
    if (start >= end)
        return 0;
    yjpi__civil_from_days(start, &sy, &sm, &sd);
    yjpi__civil_from_days(end, &ey, &em, &ed);
    if (sd != 1 || ed != 1)
        return 0;
    return (ey * 12 + em) - (sy * 12 + sm);
}

/* True when start and the last day (end - 1) are civil dates in years
 * 1..9999 and start < end. */
static bool bounds_ok(yjpi_date start, yjpi_date end)
{
    return date_in_range(start) && end > start && date_in_range(end - 1);
}

/* True when (kind, start, end) is a period that kind can name. */
static bool period_valid(int32_t kind, yjpi_date start, yjpi_date end)
{
    if (!bounds_ok(start, end))
        return false;
    if (kind == YJPI_PERIOD_RANGE)
        return true;
    int y, m, d;
    yjpi__civil_from_days(start, &y, &m, &d);
    int months = whole_months(start, end);
    switch (kind) {
    case YJPI_PERIOD_FINANCIAL_YEAR:
        return m == 4 && d == 1 && months == 12;
    case YJPI_PERIOD_FINANCIAL_QUARTER:
    case YJPI_PERIOD_QUARTER:
        return (m - 1) % 3 == 0 && d == 1 && months == 3;
    case YJPI_PERIOD_YEAR:
        return m == 1 && d == 1 && months == 12;
    case YJPI_PERIOD_MONTH:
        return d == 1 && months == 1;
    case YJPI_PERIOD_ROLLING_12:
        return d == 1 && months == 12;
    default:
        return false;
    }
}

/* ---- Parsing ------------------------------------------------------------ */

/* The error for malformed text: quotes the text as given, adds the specific
 * problem when known, then lists the accepted forms. */
static int malformed(yjpi_error *err, const char *text, const char *why)
{
    char quoted[256];
    yjpi__quote_value(quoted, sizeof quoted, text, strlen(text));
    if (why)
        return yjpi__error_set(err, YJPI_E_PERIOD, NULL, 0, 0,
                               "period \"%s\": %s; %s", quoted, why,
                               expected_forms);
    return yjpi__error_set(err, YJPI_E_PERIOD, NULL, 0, 0, "period \"%s\": %s",
                           quoted, expected_forms);
}

static int bad_date(yjpi_error *err, const char *text, const char *why)
{
    char quoted[256];
    yjpi__quote_value(quoted, sizeof quoted, text, strlen(text));
    return yjpi__error_set(err, YJPI_E_BAD_DATE, NULL, 0, 0, "period \"%s\": %s",
                           quoted, why);
}

/* Stores a parsed period whose bounds may still fall outside years
 * 1..9999 (e.g. "12m to 0001-03" would start in year 0). */
static int finish(yjpi_error *err, const char *text, int32_t kind,
                  yjpi_date start, yjpi_date end, yjpi_period *out)
{
    if (!bounds_ok(start, end))
        return bad_date(err, text,
                        "the period reaches outside 0001-01-01..9999-12-31");
    out->kind = kind;
    out->start = start;
    out->end = end;
    yjpi__error_clear(err);
    return YJPI_OK;
}

static int parse_financial_year(const char *s, int *fy)
{
    int y, yy;
    if (s[4] != '/' || !read_digits(s, 4, &y) || !read_digits(s + 5, 2, &yy) ||
        (y + 1) % 100 != yy)
        return YJPI_E_PERIOD;
    *fy = y;
    return YJPI_OK;
}

int yjpi_period_parse(const char *text, yjpi_period *out, yjpi_error *err)
{
    if (!text || !out)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "yjpi_period_parse: %s is NULL",
                               !text ? "text" : "out");

    const char *s = text;
    while (is_space(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && is_space(s[n - 1]))
        n--;
    if (n == 0)
        return malformed(err, text, "the text is empty");

    static const char fy_rule[] =
        "financial year must be YYYY/YY with consecutive years";
    int y, m, q;

    /* "2013" */
    if (n == 4) {
        if (!read_digits(s, 4, &y))
            return malformed(err, text, NULL);
        if (y < 1)
            return bad_date(err, text, "year 0000 does not exist");
        return finish(err, text, YJPI_PERIOD_YEAR, month_start(y, 1),
                      month_start(y + 1, 1), out);
    }

    /* "2013/14" */
    if (n == 7 && s[4] == '/') {
        if (parse_financial_year(s, &y) != YJPI_OK)
            return malformed(err, text, fy_rule);
        if (y < 1)
            return bad_date(err, text, "year 0000 does not exist");
        return finish(err, text, YJPI_PERIOD_FINANCIAL_YEAR, month_start(y, 4),
                      month_start(y + 1, 4), out);
    }

    /* "2013 Q1" */
    if (n == 7 && s[4] == ' ') {
        if (s[5] != 'Q' || !read_digits(s, 4, &y))
            return malformed(err, text, NULL);
        if (!read_digits(s + 6, 1, &q) || q < 1 || q > 4)
            return malformed(err, text, "quarter must be Q1, Q2, Q3 or Q4");
        if (y < 1)
            return bad_date(err, text, "year 0000 does not exist");
        m = 3 * (q - 1) + 1;
        return finish(err, text, YJPI_PERIOD_QUARTER, month_start(y, m),
                      month_start(y, m + 3), out);
    }

    /* "2013-04" */
    if (n == 7 && s[4] == '-') {
        if (!read_year_month(s, &y, &m))
            return malformed(err, text, NULL);
        if (y < 1 || m < 1 || m > 12)
            return bad_date(err, text, "not a calendar month");
        return finish(err, text, YJPI_PERIOD_MONTH, month_start(y, m),
                      month_start(y, m + 1), out);
    }

    /* "2013/14 Q1" */
    if (n == 10 && s[4] == '/' && s[7] == ' ') {
        if (parse_financial_year(s, &y) != YJPI_OK)
            return malformed(err, text, fy_rule);
        if (s[8] != 'Q' || !read_digits(s + 9, 1, &q) || q < 1 || q > 4)
            return malformed(err, text, "quarter must be Q1, Q2, Q3 or Q4");
        if (y < 1)
            return bad_date(err, text, "year 0000 does not exist");
        m = 3 * (q - 1) + 4; /* Q1 = April; Q4 = January (month 13) */
        return finish(err, text, YJPI_PERIOD_FINANCIAL_QUARTER,
                      month_start(y, m), month_start(y, m + 3), out);
    }

    /* "12m to 2014-03" */
    static const char rolling_prefix[] = "12m to ";
    const size_t rp = sizeof rolling_prefix - 1;
    if (n >= rp && memcmp(s, rolling_prefix, rp) == 0) {
        if (n != rp + 7 || !read_year_month(s + rp, &y, &m))
            return malformed(err, text,
                             "rolling 12 months must be \"12m to YYYY-MM\"");
        if (y < 1 || m < 1 || m > 12)
            return bad_date(err, text, "not a calendar month");
        /* the 12 months ending with month m of year y */
        return finish(err, text, YJPI_PERIOD_ROLLING_12, month_start(y, m - 11),
                      month_start(y, m + 1), out);
    }

    /* "2013-04-01..2014-03-31" */
    if (n == PERIOD_MAX_TEXT && s[10] == '.' && s[11] == '.') {
        if (!is_date_shape(s) || !is_date_shape(s + 12))
            return malformed(err, text,
                             "explicit range must be YYYY-MM-DD..YYYY-MM-DD");
        yjpi_date start, last;
        if (yjpi_date_parse(s, 10, &start) != YJPI_OK)
            return bad_date(err, text, "the start is not a calendar date");
        if (yjpi_date_parse(s + 12, 10, &last) != YJPI_OK)
            return bad_date(err, text, "the end is not a calendar date");
        if (last < start)
            return malformed(err, text, "the end date is before the start date");
        return finish(err, text, YJPI_PERIOD_RANGE, start, last + 1, out);
    }

    /* Near misses with a useful hint. */
    if (n >= 5 && s[4] == '/' && memchr(s, '.', n) == NULL) {
        if (n > 7 && parse_financial_year(s, &y) == YJPI_OK)
            return malformed(err, text,
                             "financial quarter must be YYYY/YY Q1 to Q4");
        return malformed(err, text, fy_rule);
    }
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '.' && s[i + 1] == '.')
            return malformed(err, text,
                             "explicit range must be YYYY-MM-DD..YYYY-MM-DD");
    return malformed(err, text, NULL);
}

/* ---- Printing ----------------------------------------------------------- */

int yjpi_period_format(const yjpi_period *p, char *buf, size_t size)
{
    if (!buf || size == 0)
        return YJPI_E_ARGUMENT;
    buf[0] = '\0';
    if (!p || !period_valid(p->kind, p->start, p->end))
        return YJPI_E_ARGUMENT;

    int y, m, d, n;
    yjpi__civil_from_days(p->start, &y, &m, &d);
    switch (p->kind) {
    case YJPI_PERIOD_FINANCIAL_YEAR:
        n = snprintf(buf, size, "%04d/%02d", y, (y + 1) % 100);
        break;
    case YJPI_PERIOD_FINANCIAL_QUARTER: {
        int fy = m >= 4 ? y : y - 1;
        int q = m >= 4 ? (m - 4) / 3 + 1 : 4;
        n = snprintf(buf, size, "%04d/%02d Q%d", fy, (fy + 1) % 100, q);
        break;
    }
    case YJPI_PERIOD_YEAR:
        n = snprintf(buf, size, "%04d", y);
        break;
    case YJPI_PERIOD_QUARTER:
        n = snprintf(buf, size, "%04d Q%d", y, (m - 1) / 3 + 1);
        break;
    case YJPI_PERIOD_MONTH:
        n = snprintf(buf, size, "%04d-%02d", y, m);
        break;
    case YJPI_PERIOD_ROLLING_12: {
        int ly, lm;
        yjpi__civil_from_days(p->end - 1, &ly, &lm, NULL);
        n = snprintf(buf, size, "12m to %04d-%02d", ly, lm);
        break;
    }
    default: { /* YJPI_PERIOD_RANGE */
        int ly, lm, ld;
        yjpi__civil_from_days(p->end - 1, &ly, &lm, &ld);
        n = snprintf(buf, size, "%04d-%02d-%02d..%04d-%02d-%02d", y, m, d, ly,
                     lm, ld);
        break;
    }
    }
    if (n < 0 || (size_t)n >= size) {
        buf[0] = '\0';
        return YJPI_E_ARGUMENT;
    }
    return YJPI_OK;
}

/* ---- Arithmetic --------------------------------------------------------- */

int yjpi_period_months(const yjpi_period *p)
{
    if (!p || !bounds_ok(p->start, p->end))
        return 0;
    return whole_months(p->start, p->end);
}

int yjpi_period_shift(const yjpi_period *p, int steps, int step_months,
                      yjpi_period *out)
{
    if (!p || !out || !period_valid(p->kind, p->start, p->end))
        return YJPI_E_ARGUMENT;
    int own = whole_months(p->start, p->end);
    int step = step_months != 0 ? step_months : own;
    if (step == 0)
        return YJPI_E_ARGUMENT; /* own length is not whole months */
    long long total = (long long)steps * step;
    if (total > PERIOD_MAX_SHIFT || total < -PERIOD_MAX_SHIFT)
        return YJPI_E_ARGUMENT;
    int months = (int)total;

    yjpi_date start = yjpi_date_add_months(p->start, months);
    yjpi_date end;
    if (own > 0) {
        /* whole months: both ends are 1st of a month and move exactly */
        end = yjpi_date_add_months(p->end, months);
    } else {
        /* other ranges: move the first and the last day, each clamped to
         * its month's end, so the result is never empty */
        end = yjpi_date_add_months(p->end - 1, months) + 1;
    }
    int32_t kind = p->kind;
    if (!period_valid(kind, start, end))
        kind = YJPI_PERIOD_RANGE;
    if (!period_valid(kind, start, end))
        return YJPI_E_ARGUMENT; /* outside years 1..9999 */
    out->kind = kind;
    out->start = start;
    out->end = end;
    return YJPI_OK;
}

int yjpi_period_population_year(const yjpi_period *p)
{
    if (!p || !period_valid(p->kind, p->start, p->end))
        return 0;
    int y, m;
    yjpi__civil_from_days(p->start, &y, &m, NULL);
    if (p->kind == YJPI_PERIOD_FINANCIAL_QUARTER && m < 4)
        return y - 1; /* 2013/14 Q4 (Jan-Mar 2014) -> 2013 */
    return y;
}

int yjpi_period_contains(const yjpi_period *p, yjpi_date d)
{
    return p && d >= p->start && d < p->end;
}
