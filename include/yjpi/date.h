/*
 * yjpi/date.h - civil dates and named periods.
 */
#ifndef YJPI_DATE_H
#define YJPI_DATE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Days since 1970-01-01, proleptic Gregorian. */
typedef int32_t yjpi_date;
/** Marks "no date" (e.g. an empty release_date). */
#define YJPI_NO_DATE INT32_MIN

/** Date from year/month/day.  @return YJPI_OK, or YJPI_E_BAD_DATE when the
 *  triple is not a calendar date (year 1..9999). */
YJPI_API int yjpi_date_from_ymd(int year, int month, int day, yjpi_date *out);
/** Splits a date into year, month (1-12), day (1-31).  Any pointer may be
 *  NULL.  Defined for every int32_t day number (proleptic Gregorian
 *  calendar; years beyond 1..9999, even negative ones, come out as such). */
YJPI_API void yjpi_date_to_ymd(yjpi_date d, int *year, int *month, int *day);
/** Parses exactly "YYYY-MM-DD" (len bytes, not necessarily terminated).
 *  @return YJPI_OK or YJPI_E_BAD_DATE. */
YJPI_API int yjpi_date_parse(const char *text, size_t len, yjpi_date *out);
/** Writes "YYYY-MM-DD" and a terminating NUL into buf (at least 11 bytes).
 *  @return YJPI_OK, or YJPI_E_ARGUMENT if buf is NULL/too small or d is
 *  outside years 1..9999. */
YJPI_API int yjpi_date_format(yjpi_date d, char *buf, size_t size);
/** d plus n months (n may be negative), keeping the day of month clamped to
 *  the last day of the target month (2014-08-31 + 6 = 2015-02-28).
 *  Defined for every d and n: YJPI_NO_DATE when d is YJPI_NO_DATE or the
 *  result is not representable as a yjpi_date (a day number outside
 *  INT32_MIN+1..INT32_MAX, about 5.8 million years either side of 1970). */
YJPI_API yjpi_date yjpi_date_add_months(yjpi_date d, int n);
/** Age in whole years completed on `on` of a person born on `birth`; a
 *  birthday on 29 February falls on 1 March in non-leap years.  -1 when
 *  `on` is before the birth.  Defined for every pair of day numbers (the
 *  largest possible age, about 11.8 million, fits an int). */
YJPI_API int yjpi_age(yjpi_date birth, yjpi_date on);

/* ---- Periods ----------------------------------------------------------- */

/** Kinds of named period, each with its own printed form. */
typedef enum yjpi_period_kind {
    YJPI_PERIOD_FINANCIAL_YEAR = 1,    /**< "2013/14": 1 Apr 2013 - 31 Mar 2014 */
    YJPI_PERIOD_FINANCIAL_QUARTER = 2, /**< "2013/14 Q1" (Q1 = Apr-Jun) */
    YJPI_PERIOD_YEAR = 3,              /**< "2013" */
    YJPI_PERIOD_QUARTER = 4,           /**< "2013 Q1" (Jan-Mar) */
    YJPI_PERIOD_MONTH = 5,             /**< "2013-04" */
    YJPI_PERIOD_ROLLING_12 = 6,        /**< "12m to 2014-03" (Apr 2013 - Mar 2014) */
    YJPI_PERIOD_RANGE = 7              /**< "2013-04-01..2014-03-31" (inclusive end as written) */
} yjpi_period_kind;

/** A half-open date range [start, end) with the kind that names it.
 *  Layout frozen. */
typedef struct yjpi_period {
    int32_t kind;       /**< yjpi_period_kind */
    yjpi_date start;    /**< first day */
    yjpi_date end;      /**< day after the last day */
} yjpi_period;

/** Longest printed period including the NUL. */
#define YJPI_PERIOD_TEXT_SIZE 32

/**
 * Parses any named period form (surrounding spaces ignored).  Strict: exact
 * widths, one space where the form has one, "Q" upper case; a financial year's
 * second part is the next year's last two digits ("2099/00" is 2099/2100).
 * @param[in]  text  NUL-terminated period text
 * @param[out] out   the period; untouched on failure
 * @param[out] err   may be NULL; cleared on success; on failure a message
 *         quoting the text (no file location: the caller adds that), saying
 *         what is wrong where known and listing the accepted forms
 * @return YJPI_OK, YJPI_E_PERIOD (malformed, or an explicit range whose end
 *         is before its start), YJPI_E_BAD_DATE (impossible date inside it,
 *         e.g. "2013-13", "2013-02-30..2013-03-31", or a period reaching
 *         outside years 1..9999), YJPI_E_ARGUMENT (text or out NULL).
 */
YJPI_API int yjpi_period_parse(const char *text, yjpi_period *out, yjpi_error *err);
/** Prints a period in its named form; parse(format(p)) == p, and
 *  format(parse(text)) == text for text in canonical form.  buf needs at
 *  most YJPI_PERIOD_TEXT_SIZE bytes.
 *  @return YJPI_OK, or YJPI_E_ARGUMENT (bad period: unknown kind, dates that
 *  kind cannot name, empty or outside years 1..9999; buf NULL or too small,
 *  in which case buf, if not NULL and size > 0, holds ""). */
YJPI_API int yjpi_period_format(const yjpi_period *p, char *buf, size_t size);
/**
 * The period `steps` steps from p (negative = earlier), each step `step_months`
 * months (0 = the period's own length in months).  Keeps p's kind where the
 * result has that form (a rolling window moved by a quarter stays rolling);
 * a RANGE moves by its length in months only when it spans whole months.
 * A period that cannot keep its kind (a financial year moved by 3 months)
 * becomes a RANGE.  Whole-month periods move start and end exactly; other
 * ranges (only with step_months != 0) move their first and last day, each
 * clamped to the end of its month.
 * @return YJPI_OK, or YJPI_E_ARGUMENT (p or out NULL, p invalid,
 *         step_months 0 for a range that is not whole months, or a result
 *         outside years 1..9999); *out is untouched on failure.
 */
YJPI_API int yjpi_period_shift(const yjpi_period *p, int steps, int step_months,
                               yjpi_period *out);
/** Length of p in whole months (start and end both the 1st of a month), or
 *  0 when it does not span whole months or p is NULL/empty. */
YJPI_API int yjpi_period_months(const yjpi_period *p);
/** The mid-year population year a period uses (spec §1): the year in which
 *  the period starts, except a financial quarter takes its financial year's
 *  start year.  0 when p is NULL or not a valid period. */
YJPI_API int yjpi_period_population_year(const yjpi_period *p);
/** 1 when d lies in [p->start, p->end), else 0 (also when p is NULL). */
YJPI_API int yjpi_period_contains(const yjpi_period *p, yjpi_date d);

#ifdef __cplusplus
}
#endif
#endif
