/* fuzz_period.c - period and date text (yjpi_period_parse, yjpi_date_parse).
 *
 * Invariants: a parsed period formats, and parsing the formatted text gives
 * the same period back, whose text is the same again (the header's
 * round-trip contract); the period is non-empty, inside years 1..9999 and
 * usable by every period function; a failure leaves *out untouched and
 * returns a documented code.  A parsed date formats back to the same bytes
 * (YYYY-MM-DD is the only accepted form). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256)
        return 0;
    char text[257];
    memcpy(text, data, size);
    text[size] = '\0';

    yjpi_period p, untouched = { 77, 88, 99 };
    p = untouched;
    yjpi_error err;
    int rc = yjpi_period_parse(text, &p, &err);
    fuzz_check_error(&err, rc);
    if (rc != YJPI_OK) {
        FUZZ_CHECK(rc == YJPI_E_PERIOD || rc == YJPI_E_BAD_DATE,
                   "code %d for \"%s\"", rc, text);
        FUZZ_CHECK(memcmp(&p, &untouched, sizeof p) == 0, "out changed on failure");
    } else {
        yjpi_date lo, hi;
        yjpi_date_from_ymd(1, 1, 1, &lo);
        yjpi_date_from_ymd(9999, 12, 31, &hi);
        FUZZ_CHECK(p.start < p.end && p.start >= lo && p.end - 1 <= hi,
                   "\"%s\": bad range %d..%d", text, p.start, p.end);
        char buf[YJPI_PERIOD_TEXT_SIZE], buf2[YJPI_PERIOD_TEXT_SIZE];
        rc = yjpi_period_format(&p, buf, sizeof buf);
        FUZZ_CHECK(rc == YJPI_OK, "\"%s\" parsed but does not format (%d)", text, rc);
        yjpi_period q;
        rc = yjpi_period_parse(buf, &q, &err);
        FUZZ_CHECK(rc == YJPI_OK, "\"%s\" -> \"%s\" does not parse: %s", text,
                   buf, err.message);
        FUZZ_CHECK(q.kind == p.kind && q.start == p.start && q.end == p.end,
                   "\"%s\" -> \"%s\" is another period", text, buf);
        FUZZ_CHECK(yjpi_period_format(&q, buf2, sizeof buf2) == YJPI_OK &&
                   strcmp(buf, buf2) == 0, "\"%s\" formats unstably", buf);
        /* Too small a buffer: an error and "" rather than an overflow. */
        char small[4] = "xyz";
        rc = yjpi_period_format(&p, small, sizeof small);
        if (strlen(buf) >= sizeof small)
            FUZZ_CHECK(rc == YJPI_E_ARGUMENT && small[0] == '\0',
                       "short buffer for \"%s\": %d", buf, rc);
        FUZZ_CHECK(yjpi_period_contains(&p, p.start) == 1 &&
                   yjpi_period_contains(&p, p.end) == 0, "contains");
        int months = yjpi_period_months(&p);
        FUZZ_CHECK(months >= 0, "months %d", months);
        int py = yjpi_period_population_year(&p);
        FUZZ_CHECK(py >= 1 && py <= 9999, "population year %d", py);
        for (int steps = -2; steps <= 2; steps++) {
            for (int sm = 0; sm <= 12; sm += 3) {
                yjpi_period s = untouched;
                rc = yjpi_period_shift(&p, steps, sm, &s);
                if (rc == YJPI_OK) {
                    FUZZ_CHECK(s.start < s.end, "shift gives an empty period");
                    FUZZ_CHECK(yjpi_period_format(&s, buf2, sizeof buf2) == YJPI_OK,
                               "shifted \"%s\" by %d x %d does not format", buf,
                               steps, sm);
                    if (steps == 0 && sm == 0)
                        FUZZ_CHECK(s.kind == p.kind && s.start == p.start &&
                                   s.end == p.end, "shift by 0 moved \"%s\"", buf);
                } else {
                    FUZZ_CHECK(rc == YJPI_E_ARGUMENT, "shift code %d", rc);
                    FUZZ_CHECK(memcmp(&s, &untouched, sizeof s) == 0,
                               "shift changed out on failure");
                }
            }
        }
    }

    yjpi_date d = 12345;
    rc = yjpi_date_parse((const char *)data, size, &d);
    if (rc == YJPI_OK) {
        char buf[11];
        FUZZ_CHECK(size == 10 && yjpi_date_format(d, buf, sizeof buf) == YJPI_OK &&
                   memcmp(buf, data, 10) == 0, "date round trip \"%s\"", text);
    } else {
        FUZZ_CHECK(rc == YJPI_E_BAD_DATE, "date code %d", rc);
    }
    return 0;
}
