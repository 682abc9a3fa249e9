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
/** Splits a date into year, month (1-12), day (1-31).  Any pointer may be NULL. */
YJPI_API void yjpi_date_to_ymd(yjpi_date d, int *year, int *month, int *day);
/** Parses exactly "YYYY-MM-DD" (len bytes, not necessarily terminated).
 *  @return YJPI_OK or YJPI_E_BAD_DATE. */
YJPI_API int yjpi_date_parse(const char *text, size_t len, yjpi_date *out);
/** Writes "YYYY-MM-DD" and a terminating NUL into buf (at least 11 bytes).
 *  @return YJPI_OK, or YJPI_E_ARGUMENT if buf is NULL/too small or d is
 *  outside years 1..9999. */
YJPI_API int yjpi_date_format(yjpi_date d, char *buf, size_t size);
/** d plus n months (n may be negative), keeping the day of month clamped to
 *  the last day of the target month (2014-08-31 + 6 = 2015-02-28). */
YJPI_API yjpi_date yjpi_date_add_months(yjpi_date d, int n);
/** Age in whole years completed on `on` of a person born on `birth`; a
 *  birthday on 29 February falls on 1 March in non-leap years.  -1 when
 *  `on` is before the birth. */
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
 * Parses any named period form (surrounding spaces ignored).
 * @param[in]  text  NUL-terminated period text
 * @param[out] out   the period
 * @param[out] err   may be NULL; on failure a message naming the expected forms
 * @return YJPI_OK, YJPI_E_PERIOD (malformed, or an explicit range whose end
 *         is before its start), YJPI_E_BAD_DATE (impossible date inside it),
 *         YJPI_E_ARGUMENT.
 */
YJPI_API int yjpi_period_parse(const char *text, yjpi_period *out, yjpi_error *err);
/** Prints a period in its named form; parse(format(p)) == p.
 *  @return YJPI_OK, or YJPI_E_ARGUMENT (bad period, buf too small). */
YJPI_API int yjpi_period_format(const yjpi_period *p, char *buf, size_t size);
/**
 * The period `steps` steps from p (negative = earlier), each step `step_months`
 * months (0 = the period's own length in months).  Keeps p's kind where the
 * result has that form (a rolling window moved by a quarter stays rolling);
 * a RANGE moves by its length in months only when it spans whole months.
 * @return YJPI_OK or YJPI_E_ARGUMENT.
 */
YJPI_API int yjpi_period_shift(const yjpi_period *p, int steps, int step_months,
                               yjpi_period *out);
/** Length of p in whole months, or 0 when it does not span whole months. */
YJPI_API int yjpi_period_months(const yjpi_period *p);
/** The mid-year population year a period uses (spec §1): the year in which
 *  the period starts, except a financial quarter takes its financial year's
 *  start year. */
YJPI_API int yjpi_period_population_year(const yjpi_period *p);
/** 1 when d lies in [p->start, p->end). */
YJPI_API int yjpi_period_contains(const yjpi_period *p, yjpi_date d);

#ifdef __cplusplus
}
#endif
#endif
