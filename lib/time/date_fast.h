/* date_fast.h - the row validator's date parser, part of the one calendar
 * (time/date.c has the general conversions).  Inline, with its tables: the
 * validator parses a few dates in every row it does not find in its cache.
 * Day numbers agree with yjpi__days_from_civil() (tests/test_csv.c and
 * tests/test_date.c check both against each other). */
#ifndef YJPI_TIME_DATE_FAST_H
#define YJPI_TIME_DATE_FAST_H

#include <stdint.h>
#include <string.h>

#include "internal.h"

/* Days before each month of a common (0) and a leap (1) year, and the
 * length of each month. */
static const int16_t month_start[2][12] = {
    {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334},
    {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335},
};
static const uint8_t month_days[2][12] = {
    {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
    {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
};

/* Day number of 1 January of each year 1900..2156 (the years of almost any
 * cohort file's dates); a year's length is the difference of two. */
#define YEAR0 1900
static const int32_t year_start[257] = {
    -25567, -25202, -24837, -24472, -24107, -23741, -23376, -23011,
    -22646, -22280, -21915, -21550, -21185, -20819, -20454, -20089,
    -19724, -19358, -18993, -18628, -18263, -17897, -17532, -17167,
    -16802, -16436, -16071, -15706, -15341, -14975, -14610, -14245,
    -13880, -13514, -13149, -12784, -12419, -12053, -11688, -11323,
    -10958, -10592, -10227, -9862, -9497, -9131, -8766, -8401,
    -8036, -7670, -7305, -6940, -6575, -6209, -5844, -5479,
    -5114, -4748, -4383, -4018, -3653, -3287, -2922, -2557,
    -2192, -1826, -1461, -1096, -731, -365, 0, 365,
    730, 1096, 1461, 1826, 2191, 2557, 2922, 3287,
    3652, 4018, 4383, 4748, 5113, 5479, 5844, 6209,
    6574, 6940, 7305, 7670, 8035, 8401, 8766, 9131,
    9496, 9862, 10227, 10592, 10957, 11323, 11688, 12053,
    12418, 12784, 13149, 13514, 13879, 14245, 14610, 14975,
    15340, 15706, 16071, 16436, 16801, 17167, 17532, 17897,
    18262, 18628, 18993, 19358, 19723, 20089, 20454, 20819,
    21184, 21550, 21915, 22280, 22645, 23011, 23376, 23741,
    24106, 24472, 24837, 25202, 25567, 25933, 26298, 26663,
    27028, 27394, 27759, 28124, 28489, 28855, 29220, 29585,
    29950, 30316, 30681, 31046, 31411, 31777, 32142, 32507,
    32872, 33238, 33603, 33968, 34333, 34699, 35064, 35429,
    35794, 36160, 36525, 36890, 37255, 37621, 37986, 38351,
    38716, 39082, 39447, 39812, 40177, 40543, 40908, 41273,
    41638, 42004, 42369, 42734, 43099, 43465, 43830, 44195,
    44560, 44926, 45291, 45656, 46021, 46387, 46752, 47117,
    47482, 47847, 48212, 48577, 48942, 49308, 49673, 50038,
    50403, 50769, 51134, 51499, 51864, 52230, 52595, 52960,
    53325, 53691, 54056, 54421, 54786, 55152, 55517, 55882,
    56247, 56613, 56978, 57343, 57708, 58074, 58439, 58804,
    59169, 59535, 59900, 60265, 60630, 60996, 61361, 61726,
    62091, 62457, 62822, 63187, 63552, 63918, 64283, 64648,
    65013, 65379, 65744, 66109, 66474, 66840, 67205, 67570,
    67935,
};

/* Day number of 1 January of year y (1..9999), and whether y is leap. */
static inline yjpi_date yjpi__year_start_day(unsigned y, int *leap)
{
    unsigned yi = y - YEAR0;
    if (yi < 256) {
        *leap = year_start[yi + 1] - year_start[yi] == 366;
        return year_start[yi];
    }
    unsigned y1 = y - 1;
    *leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return (yjpi_date)(y1 * 365 + y1 / 4 - y1 / 100 + y1 / 400) - 719162;
}

/* Parses YYYY-MM-DD.  0 ok, 1 malformed, 2 not a calendar date.  The eight
 * digits are checked and converted as one word; the day number is the days
 * before the year plus the days before the month (yjpi__days_from_civil's
 * result, without its divisions by era). */
static inline int yjpi__date_parse_fast(const char *s, size_t n, int ymd[3], yjpi_date *out)
{
    if (n != 10)
        return 1;
    int y, m, d;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t w;
    uint16_t t;
    memcpy(&w, s, 8);
    memcpy(&t, s + 8, 2);
    /* bytes 4 and 7 must be '-' and the others digits: with the dashes
     * replaced by '0', no byte may have its top bit set, fall below '0'
     * (the subtraction sets the byte's top bit) or pass '9' (adding 0x46
     * does) */
    const uint64_t dash_mask = 0xFF0000FF00000000ULL, ones = 0x0101010101010101ULL;
    if ((w & dash_mask) != (0x2DULL * ones & dash_mask))
        return 1;
    uint64_t x = (w & ~dash_mask) | (0x30 * ones & dash_mask);
    uint64_t v = x - 0x30 * ones;
    uint16_t tv = (uint16_t)(t - 0x3030);
    if (((x | v | (x + 0x46 * ones)) & 0x80 * ones) ||
        ((t | tv | (uint16_t)(t + 0x4646)) & 0x8080))
        return 1;
    /* byte k of p is 10 * digit k + digit k+1 (at most 99: no carry) */
    uint64_t p = v * 10 + (v >> 8);
    y = (int)(p & 0xFF) * 100 + (int)(p >> 16 & 0xFF);
    m = (int)(p >> 40 & 0xFF);
    d = (int)(tv & 0xFF) * 10 + (int)(tv >> 8);
#else
    if (s[4] != '-' || s[7] != '-')
        return 1;
    unsigned dg[8];
    static const unsigned char at[8] = {0, 1, 2, 3, 5, 6, 8, 9};
    for (int i = 0; i < 8; i++) {
        dg[i] = (unsigned)(unsigned char)s[at[i]] - '0';
        if (dg[i] > 9)
            return 1;
    }
    y = (int)(dg[0] * 1000 + dg[1] * 100 + dg[2] * 10 + dg[3]);
    m = (int)(dg[4] * 10 + dg[5]);
    d = (int)(dg[6] * 10 + dg[7]);
#endif
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return 2;
    int leap;
    yjpi_date y0 = yjpi__year_start_day((unsigned)y, &leap);
    if (d > month_days[leap][m - 1])
        return 2;
    if (y > YJPI__YEAR_MAX)
        return 3;
    ymd[0] = y;
    ymd[1] = m;
    ymd[2] = d;
    *out = y0 + month_start[leap][m - 1] + d - 1;
    return 0;
}

/* Day number of the 10th birthday of someone born on y-m-d (29 February
 * counts as 1 March in non-leap years, spec indicators.md §1): the person
 * is under 10 on day d exactly when d is before it. */
static inline yjpi_date yjpi__tenth_birthday(int y, int m, int d)
{
    int leap;
    yjpi_date y0 = yjpi__year_start_day((unsigned)y + 10, &leap);
    if (m == 2 && d == 29 && !leap) {
        m = 3;
        d = 1;
    }
    return y0 + month_start[leap][m - 1] + d - 1;
}

#endif
