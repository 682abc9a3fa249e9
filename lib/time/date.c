/* date.c - civil date arithmetic on day numbers (days since 1970-01-01). */
#include <stdio.h>

#include "internal.h"

bool yjpi__is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int yjpi__days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && yjpi__is_leap(y))
        return 29;
    return dim[m - 1];
}

/* Day number of a civil date: count in 400-year eras starting 1 March, so
 * that the leap day is the last day of the counted year. */
yjpi_date yjpi__days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;                                 /* [0, 399] */
    int mp = (m + 9) % 12;                                   /* March = 0 */
    int doy = (153 * mp + 2) / 5 + d - 1;                    /* [0, 365] */
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;         /* [0, 146096] */
    return (yjpi_date)(era * 146097 + doe - 719468);
}

/* Civil date of a day number; defined for every int32_t (64-bit
 * intermediates: day numbers near INT32_MAX are years near 5.88 million). */
void yjpi__civil_from_days(yjpi_date z0, int *y, int *m, int *d)
{
    int64_t z = (int64_t)z0 + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = (int)(z - era * 146097);                        /* [0, 146096] */
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int dd = doy - (153 * mp + 2) / 5 + 1;
    int mm = mp < 10 ? mp + 3 : mp - 9;
    int yy = (int)(yoe + era * 400 + (mm <= 2));
    if (y) *y = yy;
    if (m) *m = mm;
    if (d) *d = dd;
}

int yjpi_date_from_ymd(int year, int month, int day, yjpi_date *out)
{
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
        day > yjpi__days_in_month(year, month))
        return YJPI_E_BAD_DATE;
    if (out)
        *out = yjpi__days_from_civil(year, month, day);
    return YJPI_OK;
}

void yjpi_date_to_ymd(yjpi_date d, int *year, int *month, int *day)
{
    yjpi__civil_from_days(d, year, month, day);
}

int yjpi_date_parse(const char *t, size_t len, yjpi_date *out)
{
    if (!t || len != 10 || t[4] != '-' || t[7] != '-')
        return YJPI_E_BAD_DATE;
    static const int digit_pos[8] = {0, 1, 2, 3, 5, 6, 8, 9};
    for (int i = 0; i < 8; i++) {
        unsigned char c = (unsigned char)t[digit_pos[i]];
        if (c < '0' || c > '9')
            return YJPI_E_BAD_DATE;
    }
    int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    int m = (t[5] - '0') * 10 + (t[6] - '0');
    int d = (t[8] - '0') * 10 + (t[9] - '0');
    return yjpi_date_from_ymd(y, m, d, out);
}

int yjpi_date_format(yjpi_date d, char *buf, size_t size)
{
    if (!buf || size < 11)
        return YJPI_E_ARGUMENT;
    /* 0001-01-01 .. 9999-12-31 */
    if (d < -719162 || d > 2932896)
        return YJPI_E_ARGUMENT;
    int y, m, dd;
    yjpi__civil_from_days(d, &y, &m, &dd);
    snprintf(buf, size, "%04d-%02d-%02d", y, m, dd);
    return YJPI_OK;
}

/* Day number of a civil date in 64 bits, for any year an int holds. */
static int64_t days_from_civil_wide(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int mp = (m + 9) % 12;
    int doy = (153 * mp + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

yjpi_date yjpi_date_add_months(yjpi_date d, int n)
{
    if (d == YJPI_NO_DATE)
        return YJPI_NO_DATE;
    int y, m, dd;
    yjpi__civil_from_days(d, &y, &m, &dd);
    int64_t total = (int64_t)y * 12 + (m - 1) + n;
    int64_t ny = total >= 0 ? total / 12 : -((-total + 11) / 12);
    int nm = (int)(total - ny * 12) + 1;
    /* day numbers are int32_t: years beyond about +-5.88 million cannot be
     * represented (and the leap-year rule needs an int year) */
    if (ny < -6000000 || ny > 6000000)
        return YJPI_NO_DATE;
    int dim = yjpi__days_in_month((int)ny, nm);
    if (dd > dim)
        dd = dim;
    int64_t r = days_from_civil_wide(ny, nm, dd);
    if (r <= INT32_MIN || r > INT32_MAX)
        return YJPI_NO_DATE;
    return (yjpi_date)r;
}

int yjpi_age(yjpi_date birth, yjpi_date on)
{
    int by, bm, bd, oy, om, od;
    yjpi__civil_from_days(birth, &by, &bm, &bd);
    yjpi__civil_from_days(on, &oy, &om, &od);
    if (on < birth)
        return -1;
    /* birthday in year oy; 29 February counts as 1 March in non-leap years */
    int cm = bm, cd = bd;
    if (bm == 2 && bd == 29 && !yjpi__is_leap(oy)) {
        cm = 3;
        cd = 1;
    }
    int age = oy - by;
    if (om < cm || (om == cm && od < cd))
        age--;
    return age;
}
