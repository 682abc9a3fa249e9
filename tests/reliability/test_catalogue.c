/* test_catalogue.c - the bad-input catalogue: every kind of wrong input the
 * spec (docs/cohort-file.md) names, for the cohort CSV reader, the record
 * API and the reference YAML reader, plus hostile inputs (a 100 MB line, 10
 * million header columns, nesting and alias bombs, overflowing numbers).
 * Each case asserts the exact code and the exact 1-based line:column.
 *
 * Positions are worked out by hand from the input: for the CSV reader the
 * column is the byte in the physical line where the offending field starts
 * (for a structural error, the byte where the reader finds it); for the
 * YAML reader the character where the offending key or value starts.
 *
 * The hostile inputs also check that the process stays bounded: the peak
 * resident set (getrusage ru_maxrss) grows by less than 64 MB and each read
 * takes under 10 s of CPU, generous sanity bounds, not benchmarks.  The big
 * CSV inputs are written to a temporary file and streamed, so that the
 * input itself does not count against the memory bound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>

#include <cmocka.h>

#include "internal.h"

#define HEADER "person_id,birth_date,area,offence_date,outcome_date,outcome," \
               "release_date,sex,ethnicity,offence_type,breach\n"
/* Byte columns of the fields of a row shaped like
 * "P1,2000-01-01,E1,2014-05-01,2014-06-01,fine,,M,,,":
 *   person_id 1, birth_date 4, area 15, offence_date 18, outcome_date 29,
 *   outcome 40. */

typedef struct csv_case {
    const char *name;
    const char *text;
    size_t len;            /* 0: strlen(text) */
    int code;
    uint64_t line, column;
    int row_level;         /* 1: lenient mode skips the row and counts it */
} csv_case;

#define ROW(s) HEADER s "\n"
static const csv_case csv_cases[] = {
    /* "outcome_date" is absent: reported at the header's start. */
    { "missing column",
      "person_id,birth_date,area,offence_date,outcome\nx,2000-01-01,A,2014-01-01,fine\n",
      0, YJPI_E_MISSING_COLUMN, 1, 1, 0 },
    /* " Area " matches "area" after trimming and case folding; it starts
     * at byte 61 of the header line (60 bytes before it). */
    { "duplicate column",
      "person_id,birth_date,area,offence_date,outcome_date,outcome, Area \n",
      0, YJPI_E_DUPLICATE_COLUMN, 1, 61, 0 },
    /* 3 fields of 11: found at the line end, byte 17. */
    { "ragged row, short", ROW("P1,2000-01-01,E1"), 0, YJPI_E_RAGGED_ROW, 2, 17, 1 },
    /* The 12th field starts after the 11th comma, at byte 51. */
    { "ragged row, long", ROW("P1,2000-01-01,E1,2014-05-01,2014-06-01,fine,,M,,,,"),
      0, YJPI_E_RAGGED_ROW, 2, 51, 1 },
    /* The quote opening birth_date at byte 4 never closes. */
    { "unterminated quote", ROW("P1,\"2000-01-01,E1"), 0, YJPI_E_QUOTE, 2, 4, 0 },
    /* A quote inside an unquoted field: byte 6 ("20" then the quote). */
    { "misplaced quote", ROW("P1,20\"00-01-01,E1,2014-05-01,2014-06-01,fine,,M,,,"),
      0, YJPI_E_QUOTE, 2, 6, 1 },
    /* Text after a closing quote: the 'x' at byte 16. */
    { "text after closing quote",
      ROW("P1,\"2000-01-01\"x,E1,2014-05-01,2014-06-01,fine,,M,,,"),
      0, YJPI_E_QUOTE, 2, 16, 1 },
    /* 0xff can never occur in UTF-8: area is "E\xff", the byte is 16. */
    { "invalid UTF-8", ROW("P1,2000-01-01,E\xff,2014-05-01,2014-06-01,fine,,M,,,"),
      0, YJPI_E_ENCODING, 2, 16, 1 },
    /* The NUL follows "E" in area: byte 16.  len set by hand (the NUL). */
    { "NUL byte", HEADER "P1,2000-01-01,E\0,2014-05-01,2014-06-01,fine,,M,,,\n",
      sizeof(HEADER "P1,2000-01-01,E\0,2014-05-01,2014-06-01,fine,,M,,,\n") - 1,
      YJPI_E_NUL_BYTE, 2, 16, 1 },
    { "empty required field", ROW("P1,,E1,2014-05-01,2014-06-01,fine,,M,,,"),
      0, YJPI_E_EMPTY_FIELD, 2, 4, 1 },
    { "impossible date", ROW("P1,2000-02-30,E1,2014-05-01,2014-06-01,fine,,M,,,"),
      0, YJPI_E_BAD_DATE, 2, 4, 1 },
    { "date not ISO", ROW("P1,01/02/2000,E1,2014-05-01,2014-06-01,fine,,M,,,"),
      0, YJPI_E_BAD_DATE, 2, 4, 1 },
    /* A local label with no outcome_map (no reference): unknown. */
    { "unknown outcome",
      ROW("P1,2000-01-01,E1,2014-05-01,2014-06-01,Referral Order,,M,,,"),
      0, YJPI_E_UNKNOWN_OUTCOME, 2, 40, 1 },
    { "outcome before offence", ROW("P1,2000-01-01,E1,2014-05-01,2014-04-01,fine,,M,,,"),
      0, YJPI_E_OUTCOME_BEFORE_OFFENCE, 2, 29, 1 },
    /* release_date starts after "...,other_custody," at byte 54. */
    { "release before outcome",
      ROW("P1,2000-01-01,E1,2014-05-01,2014-06-01,other_custody,2014-05-01,M,,,"),
      0, YJPI_E_RELEASE_BEFORE_OUTCOME, 2, 54, 1 },
    { "birth after offence", ROW("P1,2015-01-01,E1,2014-05-01,2014-06-01,fine,,M,,,"),
      0, YJPI_E_BIRTH_AFTER_OFFENCE, 2, 4, 1 },
    /* sex "X" at byte 46 ("fine" 40-43, comma, empty release, comma). */
    { "bad sex", ROW("P1,2000-01-01,E1,2014-05-01,2014-06-01,fine,,X,,,"),
      0, YJPI_E_BAD_VALUE, 2, 46, 1 },
    { "bad breach flag", ROW("P1,2000-01-01,E1,2014-05-01,2014-06-01,fine,,M,,,2"),
      0, YJPI_E_BAD_VALUE, 2, 50, 1 },
    /* Errors count physical lines: the quoted offence_type spans lines 2-3,
     * so the bad row is on line 4. */
    { "position after a multi-line field",
      HEADER "P1,2000-01-01,E1,2014-05-01,2014-06-01,fine,,M,,\"a\nb\",\n"
      "P1,2000-02-30,E1,2014-05-01,2014-06-01,fine,,M,,,\n",
      0, YJPI_E_BAD_DATE, 4, 4, 1 },
    { "CRLF line ends", HEADER "P1,2000-01-01,E1,2014-05-01,2014-06-01,fine,,M,,,\r\n"
      "P1,2000-02-30,E1,2014-05-01,2014-06-01,fine,,M,,,\r\n",
      0, YJPI_E_BAD_DATE, 3, 4, 1 },
    /* A stray quote opening offence_type (byte 49) runs on to the next
     * line, where the row goes wrong (text after the closing quote of
     * "x"): reported at the quote, the row alone rejected. */
    { "stray quote running past its line",
      HEADER "P1,2000-01-01,E1,2014-05-01,2014-06-01,fine,,M,,\"Robbery,0\n"
      "P1,2000-01-01,E1,2014-05-01,2014-06-01,fine,,M,,\"x\",0\n",
      0, YJPI_E_QUOTE, 2, 49, 1 },
    /* A lone CR in an LF file (after E1, byte 17). */
    { "lone CR", ROW("P1,2000-01-01,E1\r,2014-05-01,2014-06-01,fine,,M,,,"),
      0, YJPI_E_ENCODING, 2, 17, 1 },
    /* CR line ends (the header ends in a lone CR): the bad date on line 3. */
    { "CR line ends", "person_id,birth_date,area,offence_date,outcome_date,outcome,"
      "release_date,sex,ethnicity,offence_type,breach\r"
      "P1,2000-01-01,E1,2014-05-01,2014-06-01,fine,,M,,,\r"
      "P1,2000-02-30,E1,2014-05-01,2014-06-01,fine,,M,,,\r",
      0, YJPI_E_BAD_DATE, 3, 4, 1 },
    /* "*" (all areas together) is not an area code in a file. */
    { "star as area", ROW("P1,2000-01-01,*,2014-05-01,2014-06-01,fine,,M,,,"),
      0, YJPI_E_BAD_VALUE, 2, 15, 1 },
    { "empty file", "", 0, YJPI_E_EMPTY_FILE, 1, 1, 0 },
    { "BOM only", "\xef\xbb\xbf", 0, YJPI_E_EMPTY_FILE, 1, 1, 0 },
    { "header only", HEADER, 0, YJPI_OK, 0, 0, 0 },
    { "header only, no final newline",
      "person_id,birth_date,area,offence_date,outcome_date,outcome", 0, YJPI_OK, 0, 0, 0 },
};

static void read_case(const csv_case *c, int lenient, yjpi_dataset **out, int *rc,
                      yjpi_error *err)
{
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    yjpi_read_options o;
    YJPI_INIT(o);
    o.lenient = lenient;
    size_t len = c->len ? c->len : strlen(c->text);
    *rc = yjpi_dataset_read_csv_buffer(ds, c->text, len, "t.csv", &o, err);
    *out = ds;
}

static void test_csv_catalogue(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof csv_cases / sizeof *csv_cases; i++) {
        const csv_case *c = &csv_cases[i];
        yjpi_dataset *ds;
        yjpi_error err;
        int rc;
        read_case(c, 0, &ds, &rc, &err);
        if (rc != c->code || err.line != c->line || err.column != c->column)
            fail_msg("%s: got %d at %llu:%llu (%s), want %d at %llu:%llu", c->name,
                     rc, (unsigned long long)err.line,
                     (unsigned long long)err.column, err.message, c->code,
                     (unsigned long long)c->line, (unsigned long long)c->column);
        assert_int_equal(err.code, c->code);
        if (rc != YJPI_OK) {
            /* GNU form: "t.csv:LINE:COLUMN: ..." */
            char prefix[64];
            snprintf(prefix, sizeof prefix, "t.csv:%llu:%llu: ",
                     (unsigned long long)c->line, (unsigned long long)c->column);
            if (strncmp(err.message, prefix, strlen(prefix)) != 0)
                fail_msg("%s: message \"%s\" does not start with \"%s\"",
                         c->name, err.message, prefix);
        }
        yjpi_dataset_free(ds);

        /* Lenient: a row-level error skips the row, counts it under its
         * kind and keeps the message; the read itself succeeds. */
        read_case(c, 1, &ds, &rc, &err);
        if (c->row_level) {
            if (rc != YJPI_OK)
                fail_msg("%s (lenient): %d %s", c->name, rc, err.message);
            assert_int_equal(yjpi_dataset_rejected(ds, c->code), 1);
            assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED), 1);
            assert_int_equal(yjpi_dataset_message_count(ds), 1);
            const char *m = yjpi_dataset_message(ds, 0);
            assert_non_null(m);
            char prefix[64];
            snprintf(prefix, sizeof prefix, "t.csv:%llu:%llu: ",
                     (unsigned long long)c->line, (unsigned long long)c->column);
            if (strncmp(m, prefix, strlen(prefix)) != 0)
                fail_msg("%s (lenient): message \"%s\"", c->name, m);
        } else if (c->code == YJPI_OK) {
            assert_int_equal(rc, YJPI_OK);
            assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 0);
        }
        uint64_t rd = yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ);
        assert_int_equal(rd, yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT) +
                             yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED) +
                             yjpi_dataset_count(ds, YJPI_COUNT_ROWS_EXCLUDED));
        yjpi_dataset_free(ds);
    }
}

/* The unterminated quote swallows the rest of the file; in lenient mode it
 * is fatal (nothing after it can be split into rows), hence row_level 0
 * above.  What lenient mode does report: the same error. */
static void test_csv_unterminated_lenient(void **state)
{
    (void)state;
    yjpi_dataset *ds;
    yjpi_error err;
    int rc;
    read_case(&csv_cases[4], 1, &ds, &rc, &err);
    if (rc == YJPI_OK) {
        /* Also acceptable: the row counted as rejected. */
        assert_int_equal(yjpi_dataset_rejected(ds, YJPI_E_QUOTE), 1);
    } else {
        assert_int_equal(rc, YJPI_E_QUOTE);
        assert_int_equal(err.line, 2);
        assert_int_equal(err.column, 4);
    }
    yjpi_dataset_free(ds);
}

/* A misspelt optional column is not an error, but is noted with the
 * column it was likely meant to be. */
static void test_csv_misspelt_column_noted(void **state)
{
    (void)state;
    const char *text = "person_id,birth_date,area,offence_date,outcome_date,outcome,"
                       "ethnicty\nP1,2000-01-01,E1,2014-05-01,2014-06-01,fine,White\n";
    yjpi_dataset *ds = NULL;
    yjpi_error err;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    assert_int_equal(yjpi_dataset_read_csv_buffer(ds, text, strlen(text), "c.csv", NULL,
                                                  &err), YJPI_OK);
    assert_int_equal(yjpi_dataset_note_count(ds), 1);
    assert_string_equal(yjpi_dataset_note(ds, 0), "c.csv:1:61: note: unknown column "
                        "\"ethnicty\" ignored (did you mean \"ethnicity\"?)");
    yjpi_dataset_free(ds);
}

/* The record API: the same checks, "<record>:CALL:FIELD". */
static void test_record_catalogue(void **state)
{
    (void)state;
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    yjpi_record r;
    YJPI_INIT(r);
    r.person_id = "a";
    r.birth_date = "2000-01-01";
    r.area = "A";
    r.offence_date = "2014-01-01";
    r.outcome_date = "2014-01-02";
    r.outcome = "fine";
    yjpi_error err;
    assert_int_equal(yjpi_dataset_add_record(ds, &r, &err), YJPI_OK);  /* call 1 */

    struct { const char **field; const char *value; int code; uint64_t col; } k[] = {
        { &r.birth_date, "", YJPI_E_EMPTY_FIELD, 2 },
        { &r.birth_date, "2001-02-29", YJPI_E_BAD_DATE, 2 },
        { &r.outcome, "bogus", YJPI_E_UNKNOWN_OUTCOME, 6 },
        { &r.outcome_date, "2013-12-31", YJPI_E_OUTCOME_BEFORE_OFFENCE, 5 },
        { &r.birth_date, "2014-01-02", YJPI_E_BIRTH_AFTER_OFFENCE, 2 },
        { &r.sex, "male", YJPI_E_BAD_VALUE, 8 },
        { &r.breach, "yes", YJPI_E_BAD_VALUE, 11 },
        { &r.area, "\xc3(", YJPI_E_ENCODING, 3 },
        { &r.person_id, "01234567890123456789012345678901234567890123456789"
                        "012345678901234", YJPI_E_BAD_VALUE, 1 },   /* 65 bytes */
    };
    uint64_t call = 1;
    for (size_t i = 0; i < sizeof k / sizeof *k; i++) {
        const char *saved = *k[i].field;
        *k[i].field = k[i].value;
        int rc = yjpi_dataset_add_record(ds, &r, &err);
        call++;
        if (rc != k[i].code || err.line != call || err.column != k[i].col)
            fail_msg("record case %zu: got %d at %llu:%llu (%s), want %d at %llu:%llu",
                     i, rc, (unsigned long long)err.line,
                     (unsigned long long)err.column, err.message, k[i].code,
                     (unsigned long long)call, (unsigned long long)k[i].col);
        assert_string_equal(err.source, "<record>");
        *k[i].field = saved;
    }
    /* custody released before the outcome: release_date is field 7 */
    r.outcome = "other_custody";
    r.release_date = "2014-01-01";
    assert_int_equal(yjpi_dataset_add_record(ds, &r, &err), YJPI_E_RELEASE_BEFORE_OUTCOME);
    call++;
    assert_int_equal(err.line, call);
    assert_int_equal(err.column, 7);

    /* 1 kept + 10 rejected = 11 read */
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), call);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED), call - 1);
    assert_int_equal(yjpi_dataset_rejected(ds, YJPI_E_BAD_VALUE), 3);
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    assert_int_equal(yjpi_dataset_add_record(ds, &r, &err), YJPI_E_STATE);
    yjpi_dataset_free(ds);
}

/* ---- reference file ------------------------------------------------------ */

typedef struct ref_case {
    const char *name;
    const char *text;
    size_t len;
    int code;
    uint64_t line, column;
} ref_case;

static const ref_case ref_cases[] = {
    { "unknown key", "as_of: 2015-03-31\nfoo: 1\n", 0, YJPI_E_UNKNOWN_KEY, 2, 1 },
    { "duplicate key", "as_of: 2015-03-31\nas_of: 2015-03-31\n", 0, YJPI_E_DUPLICATE_KEY, 2, 1 },
    /* "&o" starts at character 10 of "options: &o {...}" */
    { "anchor", "options: &o {cohort_months: 3}\n", 0, YJPI_E_ALIAS, 1, 10 },
    { "alias", "as_of: *x\n", 0, YJPI_E_ALIAS, 1, 8 },
    { "standard tag", "as_of: !!str 2015-03-31\n", 0, YJPI_E_TAG, 1, 8 },
    { "custom tag", "options: !mine {cohort_months: 3}\n", 0, YJPI_E_TAG, 1, 10 },
    /* numbers are written without quotes; "3" starts at 2:18 */
    { "wrong type", "options:\n  cohort_months: \"3\"\n", 0, YJPI_E_TYPE, 2, 18 },
    { "mapping where a number goes", "options:\n  cohort_months: {a: 1}\n", 0,
      YJPI_E_TYPE, 2, 18 },
    { "bad date", "as_of: 2015-02-30\n", 0, YJPI_E_BAD_DATE, 1, 8 },
    /* areas.a.b.c.d.e.f.g is level 8; the mapping opening level 9 is at
     * character 36 */
    { "nesting too deep", "areas: {a: {b: {c: {d: {e: {f: {g: {h: {i: 1}}}}}}}}}\n", 0,
      YJPI_E_NESTING, 1, 36 },
    { "bad period",
      "benchmarks:\n  - name: E\n    indicator: fte_rate\n    values: {\"2013/15\": 1}\n",
      0, YJPI_E_PERIOD, 4, 14 },
    { "unknown indicator",
      "benchmarks:\n  - name: E\n    indicator: fte_ratio\n    values: {\"2013/14\": 1}\n",
      0, YJPI_E_TYPE, 3, 16 },
    { "outcome_map to an unknown code", "outcome_map:\n  YRO: youth_order\n", 0,
      YJPI_E_UNKNOWN_OUTCOME, 2, 8 },
    { "negative population", "populations:\n  A:\n    2014: -1\n", 0, YJPI_E_TYPE, 3, 11 },
    { "population over double range", "populations:\n  A:\n    2014: 1e400\n", 0,
      YJPI_E_TYPE, 3, 11 },
    /* a population is finite, >= 0 and at most 10^9 */
    { "implausible population", "populations:\n  A:\n    2014: 1e23\n", 0, YJPI_E_TYPE, 3,
      11 },
    { "ethnic group population over 10^9",
      "populations:\n  A/ethnicity:\n    2014: {White: 1000000001}\n", 0, YJPI_E_TYPE, 3, 19 },
    { "all-areas population over 10^9", "populations:\n  \"*\": {2014: 2e9}\n", 0,
      YJPI_E_TYPE, 2, 15 },
    { "population .nan", "populations:\n  A:\n    2014: .nan\n", 0, YJPI_E_TYPE, 3, 11 },
    { "population .inf", "populations:\n  A:\n    2014: .inf\n", 0, YJPI_E_TYPE, 3, 11 },
    { "population -.inf", "populations:\n  A:\n    2014: -.inf\n", 0, YJPI_E_TYPE, 3, 11 },
    { "benchmark .nan",
      "benchmarks:\n  - name: E\n    indicator: fte_rate\n    values: {\"2013/14\": .nan}\n",
      0, YJPI_E_TYPE, 4, 25 },
    { "target bound 1e999",
      "targets:\n  - indicator: fte_rate\n    period: \"2013/14\"\n    max: 1e999\n", 0,
      YJPI_E_TYPE, 4, 10 },
    { "population year overflows int", "populations:\n  A:\n    4294969310: 5\n", 0,
      YJPI_E_TYPE, 3, 5 },
    { "option overflows int64", "options:\n  suppress_below: 9223372036854775808\n", 0,
      YJPI_E_TYPE, 2, 19 },
    { "option overflows int64 (round_to)", "options:\n  round_to: 99999999999999999999\n",
      0, YJPI_E_TYPE, 2, 13 },
    /* 4294967299 = 2^32 + 3: must not wrap to the valid value 3 */
    { "option wraps int32", "options:\n  cohort_months: 4294967299\n", 0, YJPI_E_TYPE, 2, 18 },
    /* -4294967291 = -2^32 + 5 must not wrap to the valid value 5 */
    { "option wraps int32 (negative)", "options:\n  trend_min_points: -4294967291\n", 0,
      YJPI_E_TYPE, 2, 21 },
    { "invalid UTF-8", "as_of: 2015-03-31\nareas: {A: {name: \"\xff\"}}\n", 0, YJPI_E_YAML, 2, 20 },
    { "two documents", "as_of: 2015-03-31\n---\nas_of: 2016-03-31\n", 0, YJPI_E_YAML, 2, 1 },
    { "empty", "", 0, YJPI_E_EMPTY_FILE, 0, 0 },
    { "comments only", "# nothing\n", 0, YJPI_E_EMPTY_FILE, 0, 0 },
    /* A NUL byte must not end the text early (libyaml alone would stop
     * there and the unknown key after it would go unseen): a YAML error
     * where it is, line 2, character 1. */
    { "NUL byte", "as_of: 2015-03-31\n\0foo: 1\n", sizeof "as_of: 2015-03-31\n\0foo: 1\n" - 1,
      YJPI_E_YAML, 2, 1 },
};

static void test_reference_catalogue(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof ref_cases / sizeof *ref_cases; i++) {
        const ref_case *c = &ref_cases[i];
        yjpi_reference *ref = (yjpi_reference *)&ref;
        yjpi_error err;
        size_t len = c->len ? c->len : strlen(c->text);
        int rc = yjpi_reference_parse(c->text, len, "r.yaml", &ref, &err);
        if (rc != c->code || err.line != c->line || err.column != c->column) {
            print_error("%s: got %d at %llu:%llu (%s), want %d at %llu:%llu\n", c->name,
                        rc, (unsigned long long)err.line,
                        (unsigned long long)err.column, err.message, c->code,
                        (unsigned long long)c->line, (unsigned long long)c->column);
            failures++;
        }
        if (rc != YJPI_OK)
            assert_null(ref);
        yjpi_reference_free(rc == YJPI_OK ? ref : NULL);
    }
    assert_int_equal(failures, 0);
}

/* ---- a population of 0 ---------------------------------------------------- */

static void test_zero_population(void **state)
{
    (void)state;
    static const char yaml[] = "populations:\n  E1: {2014: 0}\n";
    yjpi_reference *ref = NULL;
    assert_int_equal(yjpi_reference_parse(yaml, sizeof yaml - 1, "r", &ref, NULL), YJPI_OK);
    double v = -1;
    assert_int_equal(yjpi_reference_population(ref, "E1", NULL, 2014, &v), YJPI_OK);
    assert_true(v == 0.0);
    static const char csv[] = HEADER
        "P1,2000-01-01,E1,2014-05-01,2014-06-01,youth_caution,,M,,,\n";
    yjpi_dataset *ds = NULL;
    yjpi_error err;
    assert_int_equal(yjpi_dataset_new(ref, &ds), YJPI_OK);
    assert_int_equal(yjpi_dataset_read_csv_buffer(ds, csv, sizeof csv - 1, "t", NULL, &err),
                     YJPI_OK);
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    yjpi_period p;
    assert_int_equal(yjpi_period_parse("2014/15", &p, NULL), YJPI_OK);
    int inds[] = { YJPI_FTE_RATE, YJPI_CUSTODY_RATE };
    for (size_t i = 0; i < 2; i++) {
        yjpi_value val;
        YJPI_INIT(val);
        assert_int_equal(yjpi_compute_one(ds, ref, inds[i], "E1", &p, &val, &err), YJPI_OK);
        assert_int_equal(val.status, YJPI_NC_ZERO_POPULATION);
        assert_true(val.value == 0 && val.lower == 0 && val.upper == 0);
    }
    /* The count itself is computable: one first-time entrant. */
    yjpi_value val;
    YJPI_INIT(val);
    assert_int_equal(yjpi_compute_one(ds, ref, YJPI_FTE_COUNT, "E1", &p, &val, &err), YJPI_OK);
    assert_int_equal(val.status, YJPI_VALUE_OK);
    assert_true(val.value == 1.0);
    yjpi_dataset_free(ds);
    yjpi_reference_free(ref);
}

/* ---- hostile inputs: bounded memory and time ------------------------------ */

static long maxrss_kb(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

#define RSS_BOUND_KB (64L * 1024)
#define CPU_BOUND_S 10.0

typedef struct bound { long rss0; clock_t t0; } bound;
static bound bound_start(void) { bound b = { maxrss_kb(), clock() }; return b; }
static void bound_check(const bound *b, const char *what)
{
    long grew = maxrss_kb() - b->rss0;
    double secs = (double)(clock() - b->t0) / CLOCKS_PER_SEC;
    if (grew > RSS_BOUND_KB || secs > CPU_BOUND_S)
        fail_msg("%s: peak RSS grew by %ld kB, %.1f s CPU", what, grew, secs);
}

static char *temp_path(void)
{
    char *p = malloc(64);
    assert_non_null(p);
    snprintf(p, 64, "/tmp/yjpi-catalogue-XXXXXX");
    int fd = mkstemp(p);
    assert_true(fd >= 0);
    close(fd);
    return p;
}

static int read_file(const char *path, yjpi_error *err, yjpi_dataset **keep)
{
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    int rc = yjpi_dataset_read_csv(ds, path, NULL, err);
    if (keep)
        *keep = ds;
    else
        yjpi_dataset_free(ds);
    return rc;
}

/* A 100 MB line: refused as soon as it passes the 65,536-byte row limit,
 * without buffering the rest; the first byte over the limit is the
 * position (line 2, byte 65,537). */
static void test_100mb_line(void **state)
{
    (void)state;
    char *path = temp_path();
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("person_id,birth_date,area,offence_date,outcome_date,outcome\nP1,", f);
    char *blk = malloc(1 << 20);
    assert_non_null(blk);
    memset(blk, 'x', 1 << 20);
    for (int i = 0; i < 100; i++)
        assert_int_equal(fwrite(blk, 1, 1 << 20, f), 1 << 20);
    fputs(",E1,2014-01-01,2014-02-01,fine\n", f);
    assert_int_equal(fclose(f), 0);
    free(blk);

    bound b = bound_start();
    yjpi_error err;
    int rc = read_file(path, &err, NULL);
    bound_check(&b, "100 MB line");
    assert_int_equal(rc, YJPI_E_TOO_LONG);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, YJPI__ROW_MAX + 1);

    /* A field over the 4,096-byte limit in an otherwise short row: the
     * field (area) starts at byte 15. */
    char row[8192];
    int n = snprintf(row, sizeof row, "person_id,birth_date,area,offence_date,"
                     "outcome_date,outcome\nP1,2000-01-01,");
    memset(row + n, 'E', YJPI__FIELD_MAX + 1);
    n += YJPI__FIELD_MAX + 1;
    n += snprintf(row + n, sizeof row - (size_t)n, ",2014-01-01,2014-02-01,fine\n");
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    rc = yjpi_dataset_read_csv_buffer(ds, row, (size_t)n, "t.csv", NULL, &err);
    assert_int_equal(rc, YJPI_E_TOO_LONG);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 15);
    yjpi_dataset_free(ds);
    /* Exactly at the limit (4,096 bytes, quoted) is fine. */
    n = snprintf(row, sizeof row, "person_id,birth_date,area,offence_date,"
                 "outcome_date,outcome\nP1,2000-01-01,\"");
    memset(row + n, 'E', YJPI__FIELD_MAX);
    n += YJPI__FIELD_MAX;
    n += snprintf(row + n, sizeof row - (size_t)n, "\",2014-01-01,2014-02-01,fine\n");
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    rc = yjpi_dataset_read_csv_buffer(ds, row, (size_t)n, "t.csv", NULL, &err);
    assert_int_equal(rc, YJPI_OK);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), 1);
    yjpi_dataset_free(ds);

    unlink(path);
    free(path);
}

/* 10 million columns in a header ("a,a,...,b", 20 MB): refused at the
 * 1,025th column, which starts at byte 2 x 1024 + 1 = 2049. */
static void test_ten_million_columns(void **state)
{
    (void)state;
    char *path = temp_path();
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (long i = 0; i < 10000000L; i++)
        fputs("a,", f);
    fputs("b\n", f);
    assert_int_equal(fclose(f), 0);
    bound b = bound_start();
    yjpi_error err;
    int rc = read_file(path, &err, NULL);
    bound_check(&b, "10 million columns");
    assert_int_equal(rc, YJPI_E_LIMIT);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 2 * YJPI__MAX_COLUMNS + 1);
    unlink(path);
    free(path);
}

static void ref_bounded(const char *what, const char *text, size_t len, int code,
                        uint64_t line, uint64_t column)
{
    bound b = bound_start();
    yjpi_reference *ref = NULL;
    yjpi_error err;
    int rc = yjpi_reference_parse(text, len, "r.yaml", &ref, &err);
    bound_check(&b, what);
    if (rc != code || err.line != line || err.column != column)
        fail_msg("%s: got %d at %llu:%llu (%s), want %d at %llu:%llu", what, rc,
                 (unsigned long long)err.line, (unsigned long long)err.column,
                 err.message, code, (unsigned long long)line,
                 (unsigned long long)column);
    assert_null(ref);
}

/* Nesting bombs: a million '[' in flow style, and thousands of block
 * levels; both stop at level 9 (the flow one at its 9th '[' = character
 * 8 + 1 = 9 of line 1... counted from the value start below). */
static void test_nesting_bombs(void **state)
{
    (void)state;
    size_t n = 1 << 20;
    char *y = malloc(2 * n + 16);
    assert_non_null(y);
    memset(y, '[', n);
    memset(y + n, ']', n);
    y[2 * n] = '\n';
    /* the 9th '[' (level 9 below the top-level sequence's 8) is at 1:9 */
    ref_bounded("flow nesting bomb", y, 2 * n + 1, YJPI_E_NESTING, 1, 9);

    /* "a:\n a:\n  a:\n ..." 3,000 levels; "a" at level 9 is on line 9,
     * indented 8 -> character 9 */
    size_t levels = 3000, k = 0;
    char *z = malloc(levels * levels / 2 + levels * 8);
    assert_non_null(z);
    for (size_t i = 0; i < levels; i++) {
        memset(z + k, ' ', i);
        k += i;
        memcpy(z + k, "a:\n", 3);
        k += 3;
    }
    ref_bounded("block nesting bomb", z, k, YJPI_E_NESTING, 9, 9);
    free(z);
    free(y);
}

/* Billion laughs (tests/data/ref/billion_laughs.yaml): refused at the first
 * anchor ("&a" on line 4, character 6) before anything is expanded.  And an
 * alias of a scalar defined earlier is refused at the anchor too. */
static void test_alias_bombs(void **state)
{
    (void)state;
    FILE *f = fopen(YJPI_TEST_DATA "/ref/billion_laughs.yaml", "rb");
    assert_non_null(f);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    ref_bounded("billion laughs", buf, n, YJPI_E_ALIAS, 4, 6);
    static const char merge[] = "options:\n  <<: *x\n";
    ref_bounded("merge key alias", merge, sizeof merge - 1, YJPI_E_ALIAS, 2, 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_catalogue),
        cmocka_unit_test(test_csv_unterminated_lenient),
        cmocka_unit_test(test_csv_misspelt_column_noted),
        cmocka_unit_test(test_record_catalogue),
        cmocka_unit_test(test_reference_catalogue),
        cmocka_unit_test(test_zero_population),
        cmocka_unit_test(test_100mb_line),
        cmocka_unit_test(test_ten_million_columns),
        cmocka_unit_test(test_nesting_bombs),
        cmocka_unit_test(test_alias_bombs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
