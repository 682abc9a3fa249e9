/* support.h - helpers shared by the unit tests (after <cmocka.h>). */
#ifndef YJPI_TESTS_SUPPORT_H
#define YJPI_TESTS_SUPPORT_H

#include <string.h>

#include "yjpi.h"

/* The day number of a date written "YYYY-MM-DD" that the test knows to be
 * valid (the test fails otherwise). */
static inline yjpi_date D(const char *text)
{
    yjpi_date d = YJPI_NO_DATE;
    if (yjpi_date_parse(text, strlen(text), &d) != YJPI_OK)
        fail_msg("not a date: %s", text);
    return d;
}

/* The same from the year, month and day. */
static inline yjpi_date YMD(int y, int m, int d)
{
    yjpi_date out = YJPI_NO_DATE;
    if (yjpi_date_from_ymd(y, m, d, &out) != YJPI_OK)
        fail_msg("not a date: %d-%d-%d", y, m, d);
    return out;
}

#endif
