/* test_csv.c - the cohort CSV reader (lib/input/csv.c): structure, quoting,
 * encodings, every error kind with its exact location and message, strict
 * and lenient modes, exclusions and the row invariant, chunked reading. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "support.h"

#define H "person_id,birth_date,area,offence_date,outcome_date,outcome\n"
/* A valid row; its fields start at columns 1, 4, 15, 18, 29 and 40
 * ("P1," is 3 bytes, each date 10 + 1, "E1," 3). */
#define ROW "P1,2000-01-01,E1,2014-01-10,2014-02-01,referral_order\n"

static yjpi_dataset *new_ds(const yjpi_reference *ref)
{
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(ref, &ds), YJPI_OK);
    assert_non_null(ds);
    return ds;
}

static int read_text(yjpi_dataset *ds, const char *text, int lenient,
                     size_t max_messages, yjpi_error *err)
{
    yjpi_read_options o;
    YJPI_INIT(o);
    o.lenient = lenient;
    o.max_messages = max_messages;
    return yjpi_dataset_read_csv_buffer(ds, text, strlen(text), "c.csv", &o, err);
}

static void assert_invariant(const yjpi_dataset *ds)
{
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ),
                     yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT) +
                     yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED) +
                     yjpi_dataset_count(ds, YJPI_COUNT_ROWS_EXCLUDED));
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_EXCLUDED),
                     yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_INFORMAL) +
                     yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_UNDER_10));
}

/* Reads text strictly and checks the error: code, line, column, message. */
static void expect_error(const char *text, int code, uint64_t line, uint64_t col,
                         const char *message)
{
    yjpi_dataset *ds = new_ds(NULL);
    yjpi_error err;
    int rc = read_text(ds, text, 0, 0, &err);
    if (rc != code || strcmp(err.message, message) != 0)
        print_error("got %d \"%s\"\nwant %d \"%s\"\n", rc, err.message, code, message);
    assert_int_equal(rc, code);
    assert_int_equal(err.code, code);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, col);
    assert_string_equal(err.source, "c.csv");
    assert_string_equal(err.message, message);
    assert_invariant(ds);
    yjpi_dataset_free(ds);
}

/* Reads text and expects success with `kept` rows kept. */
static yjpi_dataset *expect_ok(const char *text, uint64_t kept)
{
    yjpi_dataset *ds = new_ds(NULL);
    yjpi_error err;
    int rc = read_text(ds, text, 0, 0, &err);
    if (rc)
        print_error("%s\n", err.message);
    assert_int_equal(rc, YJPI_OK);
    assert_int_equal(err.code, YJPI_OK);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), kept);
    assert_invariant(ds);
    return ds;
}

static const char *str(const yjpi__strtab *t, uint32_t i)
{
    return yjpi__strtab_get(t, i);
}

/* ---- Structure ----------------------------------------------------------- */

static void test_basic_row_stored(void **state)
{
    (void)state;
    yjpi_dataset *ds = expect_ok(
        "person_id,birth_date,area,offence_date,outcome_date,outcome,"
        "release_date,sex,ethnicity,offence_type,breach\n"
        "A7,1999-02-28,E06000044,2014-03-02,2014-04-10,detention_and_training_order,"
        "2014-09-30,f,Black,Robbery,1\n", 1);
    const yjpi__row *r = &ds->rows[0];
    assert_string_equal(str(&ds->persons, r->person), "A7");
    assert_int_equal(r->birth, YMD(1999, 2, 28));
    assert_int_equal(r->offence, YMD(2014, 3, 2));
    assert_int_equal(r->outcome, YMD(2014, 4, 10));
    assert_int_equal(r->release, YMD(2014, 9, 30));
    assert_string_equal(str(&ds->areas, r->area), "E06000044");
    assert_string_equal(str(&ds->ethnicities, r->ethnicity), "Black");
    assert_string_equal(str(&ds->offence_types, r->offence_type), "Robbery");
    assert_int_equal(r->outcome_code, YJPI_OUTCOME_DETENTION_AND_TRAINING_ORDER);
    assert_int_equal(r->tier, YJPI_TIER_CUSTODY);
    assert_int_equal(r->sex, YJPI_SEX_FEMALE);
    assert_int_equal(r->breach, 1);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_CUSTODY_NO_RELEASE), 0);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_PERSONS), 1);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_AREAS), 1);
    /* 60 + 61 header bytes ... simply the whole input */
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_BYTES_READ),
                     strlen("person_id,birth_date,area,offence_date,outcome_date,outcome,"
                            "release_date,sex,ethnicity,offence_type,breach\n"
                            "A7,1999-02-28,E06000044,2014-03-02,2014-04-10,"
                            "detention_and_training_order,2014-09-30,f,Black,Robbery,1\n"));
    yjpi_dataset_free(ds);
}

static void test_quoting(void **state)
{
    (void)state;
    /* quoted person id with a comma, an escaped quote and a line break;
     * the area field quoted without escapes; an ethnicity that is "" */
    const char *text =
        "person_id,birth_date,area,offence_date,outcome_date,outcome,ethnicity\n"
        "\"a,\"\"b\"\"\nc\",2000-01-01,\"E1\",2014-01-10,2014-02-01,fine,\"\"\n"
        "P2,2000-01-01,E1,2014-01-10,2014-02-01,fine,\"x\ny\"\n"
        "P3,2000-01-01,E1,2014-01-10,2014-02-30,fine,\n";
    /* Lines: 1 header, 2-3 first record, 4-5 second, 6 the bad third row;
     * its outcome_date starts at column 29. */
    yjpi_dataset *ds = new_ds(NULL);
    yjpi_error err;
    assert_int_equal(read_text(ds, text, 0, 0, &err), YJPI_E_BAD_DATE);
    assert_int_equal(err.line, 6);
    assert_int_equal(err.column, 29);
    assert_string_equal(err.message, "c.csv:6:29: impossible date "
                        "(column outcome_date, value \"2014-02-30\")");
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), 2);
    assert_string_equal(str(&ds->persons, ds->rows[0].person), "a,\"b\"\nc");
    assert_string_equal(str(&ds->areas, ds->rows[0].area), "E1");
    assert_string_equal(str(&ds->ethnicities, ds->rows[0].ethnicity), "");
    assert_string_equal(str(&ds->ethnicities, ds->rows[1].ethnicity), "x\ny");
    assert_int_equal(yjpi_dataset_rejected(ds, YJPI_E_BAD_DATE), 1);
    yjpi_dataset_free(ds);
}

static void test_bom_crlf_no_final_newline(void **state)
{
    (void)state;
    const char *text =
        "\xEF\xBB\xBFperson_id,birth_date,area,offence_date,outcome_date,outcome\r\n"
        "P1,2000-01-01,E1,2014-01-10,2014-02-01,fine\r\n"
        "P2,2000-01-01,\"E2\",2014-01-10,2014-02-01,fine";
    yjpi_dataset *ds = expect_ok(text, 2);
    assert_string_equal(str(&ds->persons, ds->rows[0].person), "P1");
    assert_string_equal(str(&ds->areas, ds->rows[1].area), "E2");
    /* the outcome before CRLF carries no CR */
    assert_int_equal(ds->rows[0].outcome_code, YJPI_OUTCOME_FINE);
    yjpi_dataset_free(ds);
    /* after a BOM, columns count from the first character of the header */
    expect_error("\xEF\xBB\xBFperson_id,person_id\n", YJPI_E_DUPLICATE_COLUMN, 1, 11,
                 "c.csv:1:11: duplicate column (column person_id, first at 1:1)");
    /* CRLF rows report columns as LF rows do; a blank CRLF line is skipped */
    expect_error(H "\r\n" "P1,2000-01-01,E1,2014-01-10,2014-02-01,xyz\r\n",
                 YJPI_E_UNKNOWN_OUTCOME, 3, 40,
                 "c.csv:3:40: unknown outcome code, not mapped in the reference "
                 "(column outcome, value \"xyz\")");
}

static void test_header_names(void **state)
{
    (void)state;
    /* upper case, padded with spaces, columns in another order, one unknown
     * column "Notes" whose field starts at column 54 of line 1 */
    const char *text =
        " OUTCOME ,Area,Person_ID  ,  offence_date,BIRTH_DATE,Notes,outcome_date\n"
        "fine,E9,Q1,2014-01-10,2000-01-01,anything,2014-02-01\n"
        "fine,E9,Q2,2014-01-10,2000-01-01,,2014-02-03\n";
    yjpi_dataset *ds = expect_ok(text, 2);
    assert_string_equal(str(&ds->persons, ds->rows[1].person), "Q2");
    assert_int_equal(ds->rows[1].outcome, YMD(2014, 2, 3));
    assert_int_equal(yjpi_dataset_note_count(ds), 1);
    assert_string_equal(yjpi_dataset_note(ds, 0),
                        "c.csv:1:54: note: unknown column \"Notes\" ignored");
    assert_null(yjpi_dataset_note(ds, 1));
    assert_int_equal(yjpi_dataset_message_count(ds), 0);
    yjpi_dataset_free(ds);
}

static void test_header_only_and_empty(void **state)
{
    (void)state;
    yjpi_dataset *ds = expect_ok(H, 0);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 0);
    yjpi_dataset_free(ds);
    ds = expect_ok("person_id,birth_date,area,offence_date,outcome_date,outcome", 0);
    yjpi_dataset_free(ds);
    expect_error("", YJPI_E_EMPTY_FILE, 1, 1, "c.csv:1:1: empty file: no header row");
    expect_error("\xEF\xBB\xBF", YJPI_E_EMPTY_FILE, 1, 1,
                 "c.csv:1:1: empty file: no header row");
}

/* ---- One test per error kind --------------------------------------------- */

static void test_missing_and_duplicate_column(void **state)
{
    (void)state;
    expect_error("person_id,birth_date,area,offence_date,outcome\n",
                 YJPI_E_MISSING_COLUMN, 1, 1,
                 "c.csv:1:1: missing required column (column outcome_date)");
    /* the second "Area" starts at column 27 */
    expect_error("person_id,birth_date,area,Area,offence_date\n",
                 YJPI_E_DUPLICATE_COLUMN, 1, 27,
                 "c.csv:1:27: duplicate column (column area, first at 1:22)");
}

static void test_ragged(void **state)
{
    (void)state;
    /* too few: the line ends at byte 39 of line 2 */
    expect_error(H "P1,2000-01-01,E1,2014-01-10,2014-02-01\n", YJPI_E_RAGGED_ROW,
                 2, 39, "c.csv:2:39: too few fields: expected 6");
    /* too many: the seventh field starts at column 55 */
    expect_error(H "P1,2000-01-01,E1,2014-01-10,2014-02-01,referral_order,x\n",
                 YJPI_E_RAGGED_ROW, 2, 55, "c.csv:2:55: too many fields: expected 6");
    /* a row of one empty-looking field (a space) is ragged, not blank */
    expect_error(H " \n", YJPI_E_RAGGED_ROW, 2, 2, "c.csv:2:2: too few fields: expected 6");
}

static void test_quote_errors(void **state)
{
    (void)state;
    /* unterminated: reported where the quoted field opens (line 3, col 4),
     * although the input runs on to line 4 */
    expect_error(H ROW "P2,\"2000-01-01,E1\nmore", YJPI_E_QUOTE, 3, 4,
                 "c.csv:3:4: unterminated quoted field (column birth_date)");
    /* a quote inside an unquoted field: at the quote */
    expect_error(H "P1,2000-01-01,E\"1,2014-01-10,2014-02-01,fine\n", YJPI_E_QUOTE, 2,
                 16, "c.csv:2:16: quote inside unquoted field (column area)");
    /* text after a closing quote: at the first byte after it */
    expect_error(H "P1,2000-01-01,\"E1\"x,2014-01-10,2014-02-01,fine\n", YJPI_E_QUOTE,
                 2, 19, "c.csv:2:19: text after closing quote (column area)");
}

static void test_encoding_and_nul(void **state)
{
    (void)state;
    /* valid UTF-8 is fine: 2, 3 and 4 byte sequences */
    yjpi_dataset *ds = expect_ok(
        "person_id,birth_date,area,offence_date,outcome_date,outcome,ethnicity\n"
        "P\xC3\xA9,2000-01-01,E1,2014-01-10,2014-02-01,fine,\xE2\x82\xAC\xF0\x9F\x98\x80\n",
        1);
    assert_string_equal(str(&ds->persons, ds->rows[0].person), "P\xC3\xA9");
    yjpi_dataset_free(ds);
    /* a lone continuation byte at column 17 of the area */
    expect_error(H "P1,2000-01-01,E1\x80,2014-01-10,2014-02-01,fine\n", YJPI_E_ENCODING,
                 2, 17, "c.csv:2:17: invalid UTF-8 (column area)");
    /* overlong encoding of '/' (C0 AF), surrogate (ED A0 80), inside quotes */
    expect_error(H "P1,\"\xC0\xAF\",E1,2014-01-10,2014-02-01,fine\n", YJPI_E_ENCODING,
                 2, 5, "c.csv:2:5: invalid UTF-8 (column birth_date)");
    expect_error(H "\xED\xA0\x80,2000-01-01,E1,2014-01-10,2014-02-01,fine\n",
                 YJPI_E_ENCODING, 2, 1, "c.csv:2:1: invalid UTF-8 (column person_id)");
    /* truncated sequence at the end of the input */
    expect_error(H "P1,2000-01-01,E1,2014-01-10,2014-02-01,fine\xE2\x82", YJPI_E_ENCODING,
                 2, 44, "c.csv:2:44: invalid UTF-8 (column outcome)");
    /* NUL, unquoted and quoted */
    static const char nul1[] = H "P1,2000-01-01,E\0001,2014-01-10,2014-02-01,fine\n";
    static const char nul2[] = H "P1,2000-01-01,\"E\0001\",2014-01-10,2014-02-01,fine\n";
    const char *texts[2] = {nul1, nul2};
    size_t lens[2] = {sizeof nul1 - 1, sizeof nul2 - 1};
    uint64_t cols[2] = {16, 17};
    for (int i = 0; i < 2; i++) {
        ds = new_ds(NULL);
        yjpi_error err;
        assert_int_equal(yjpi_dataset_read_csv_buffer(ds, texts[i], lens[i], "c.csv",
                                                      NULL, &err), YJPI_E_NUL_BYTE);
        assert_int_equal(err.line, 2);
        assert_int_equal(err.column, cols[i]);
        char want[64];
        snprintf(want, sizeof want, "c.csv:2:%d: NUL byte (column area)", (int)cols[i]);
        assert_string_equal(err.message, want);
        yjpi_dataset_free(ds);
    }
}

static char *make_text(const char *prefix, size_t fill, char c, const char *suffix)
{
    size_t a = strlen(prefix), b = strlen(suffix);
    char *t = malloc(a + fill + b + 1);
    assert_non_null(t);
    memcpy(t, prefix, a);
    memset(t + a, c, fill);
    memcpy(t + a + fill, suffix, b + 1);
    return t;
}

static void test_too_long(void **state)
{
    (void)state;
    /* a 4096-byte ethnicity is fine, 4097 is not (reported at the field start,
     * column 45 after "P1,...,fine,") */
    const char *hdr = "person_id,birth_date,area,offence_date,outcome_date,outcome,"
                      "ethnicity\nP1,2000-01-01,E1,2014-01-10,2014-02-01,fine,";
    char *t = make_text(hdr, 4096, 'x', "\n");
    yjpi_dataset *ds = expect_ok(t, 1);
    yjpi_dataset_free(ds);
    free(t);
    t = make_text(hdr, 4097, 'x', "\n");
    expect_error(t, YJPI_E_TOO_LONG, 2, 45,
                 "c.csv:2:45: field longer than 4096 bytes (column ethnicity, value "
                 "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\")");
    free(t);
    /* a 100 MB line: buffering stays bounded, and the error is at byte 65537
     * of the line, not at the end of the huge outcome field */
    size_t big = (size_t)100 << 20;
    t = make_text(H "P1,2000-01-01,E1,2014-01-10,2014-02-01,fine", big, 'x', "\n" ROW);
    expect_error(t, YJPI_E_TOO_LONG, 2, 65537, "c.csv:2:65537: line longer than 65536 bytes");
    /* lenient: the long line is skipped, the next row is read */
    ds = new_ds(NULL);
    yjpi_error err;
    assert_int_equal(read_text(ds, t, 1, 0, &err), YJPI_OK);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), 1);
    assert_int_equal(yjpi_dataset_rejected(ds, YJPI_E_TOO_LONG), 1);
    assert_string_equal(yjpi_dataset_message(ds, 0),
                        "c.csv:2:65537: line longer than 65536 bytes");
    assert_invariant(ds);
    free(t);
    yjpi_dataset_free(ds);
}

/* Exactly 65536 bytes of row content pass; 65537 do not. */
static void test_line_limit_edge(void **state)
{
    (void)state;
    /* 6 known columns and 16 unknown ones u0..u15 of ~4093 bytes each
     * (each under the field limit) */
    char *h = malloc(1 << 20);
    assert_non_null(h);
    strcpy(h, "person_id,birth_date,area,offence_date,outcome_date,outcome");
    for (int i = 0; i < 16; i++)
        sprintf(h + strlen(h), ",u%d", i);
    strcat(h, "\nP1,2000-01-01,E1,2014-01-10,2014-02-01,fine");
    size_t fixed = strlen(strchr(h, '\n') + 1);    /* 43 bytes */
    assert_int_equal(fixed, 43);
    /* 16 fields ",xxxx": total content = 43 + 16 + sum(len) = 65536 */
    size_t rest = 65536 - 43 - 16;                  /* 65477 */
    for (int pass = 0; pass < 2; pass++) {
        char *t = malloc((1 << 20));
        assert_non_null(t);
        strcpy(t, h);
        size_t total = rest + (size_t)pass;
        size_t n = strlen(t);
        for (int i = 0; i < 16; i++) {
            size_t k = total / 16 + ((size_t)i < total % 16 ? 1 : 0);
            t[n++] = ',';
            memset(t + n, 'y', k);
            n += k;
        }
        memcpy(t + n, "\r\n", 3);
        yjpi_dataset *ds = new_ds(NULL);
        yjpi_error err;
        int rc = read_text(ds, t, 0, 0, &err);
        if (pass == 0) {
            assert_int_equal(rc, YJPI_OK);
            assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), 1);
        } else {
            assert_int_equal(rc, YJPI_E_TOO_LONG);
            assert_int_equal(err.line, 2);
            assert_int_equal(err.column, 65537);
        }
        yjpi_dataset_free(ds);
        free(t);
    }
    free(h);
}

static void test_field_value_errors(void **state)
{
    (void)state;
    expect_error(H ",2000-01-01,E1,2014-01-10,2014-02-01,fine\n", YJPI_E_EMPTY_FIELD, 2, 1,
                 "c.csv:2:1: empty required field (column person_id, value \"\")");
    expect_error(H "P1,2000-01-01,\"\",2014-01-10,2014-02-01,fine\n", YJPI_E_EMPTY_FIELD,
                 2, 15, "c.csv:2:15: empty required field (column area, value \"\")");
    expect_error(H "P1,2000-01-01,E1,2014-01-10,2014-02-01,\n", YJPI_E_EMPTY_FIELD, 2, 40,
                 "c.csv:2:40: empty required field (column outcome, value \"\")");
    expect_error(H "P1,2023-02-29,E1,2014-01-10,2014-02-01,fine\n", YJPI_E_BAD_DATE, 2, 4,
                 "c.csv:2:4: impossible date (column birth_date, value \"2023-02-29\")");
    expect_error(H "P1,2000-01-01,E1,10/01/2014,2014-02-01,fine\n", YJPI_E_BAD_DATE, 2, 18,
                 "c.csv:2:18: malformed date, expected YYYY-MM-DD "
                 "(column offence_date, value \"10/01/2014\")");
    expect_error(H "P1,2000-01-01,E1,2014-01-10,2014-02-01,Fine\n", YJPI_E_UNKNOWN_OUTCOME,
                 2, 40, "c.csv:2:40: unknown outcome code, not mapped in the reference "
                 "(column outcome, value \"Fine\")");
    expect_error(H "P1,2000-01-01,E1,2014-01-10,2014-01-09,fine\n",
                 YJPI_E_OUTCOME_BEFORE_OFFENCE, 2, 29,
                 "c.csv:2:29: outcome date before offence date 2014-01-10 "
                 "(column outcome_date, value \"2014-01-09\")");
    expect_error(H "P1,2014-01-11,E1,2014-01-10,2014-02-01,fine\n",
                 YJPI_E_BIRTH_AFTER_OFFENCE, 2, 4,
                 "c.csv:2:4: birth date after offence date 2014-01-10 "
                 "(column birth_date, value \"2014-01-11\")");
    const char *hx = "person_id,birth_date,area,offence_date,outcome_date,outcome,"
                     "release_date,sex,breach\n";
    char t[512];
    /* release_date starts at column 54 ("other_custody" is 40..52) */
    snprintf(t, sizeof t, "%sP1,2000-01-01,E1,2014-01-10,2014-02-01,other_custody,"
             "2014-01-31,,\n", hx);
    expect_error(t, YJPI_E_RELEASE_BEFORE_OUTCOME, 2, 54,
                 "c.csv:2:54: release date before outcome date 2014-02-01 "
                 "(column release_date, value \"2014-01-31\")");
    snprintf(t, sizeof t, "%sP1,2000-01-01,E1,2014-01-10,2014-02-01,fine,,X,\n", hx);
    expect_error(t, YJPI_E_BAD_VALUE, 2, 46,
                 "c.csv:2:46: invalid sex, expected M, F, U or empty "
                 "(column sex, value \"X\")");
    snprintf(t, sizeof t, "%sP1,2000-01-01,E1,2014-01-10,2014-02-01,fine,,m,yes\n", hx);
    expect_error(t, YJPI_E_BAD_VALUE, 2, 48,
                 "c.csv:2:48: invalid breach flag, expected 1, 0 or empty "
                 "(column breach, value \"yes\")");
    /* 65-byte person id; the value is cut at 60 bytes in the message */
    snprintf(t, sizeof t, "%s%s,2000-01-01,E1,2014-01-10,2014-02-01,fine\n", H,
             "12345678901234567890123456789012345678901234567890123456789012345");
    expect_error(t, YJPI_E_BAD_VALUE, 2, 1,
                 "c.csv:2:1: person_id longer than 64 bytes (column person_id, value "
                 "\"123456789012345678901234567890123456789012345678901234567890...\")");
    /* 64 bytes is fine */
    snprintf(t, sizeof t, "%s%s,2000-01-01,E1,2014-01-10,2014-02-01,fine\n", H,
             "1234567890123456789012345678901234567890123456789012345678901234");
    yjpi_dataset *ds = expect_ok(t, 1);
    yjpi_dataset_free(ds);
}

static void test_values_accepted(void **state)
{
    (void)state;
    const char *text =
        "person_id,birth_date,area,offence_date,outcome_date,outcome,"
        "release_date,sex,breach\n"
        /* release_date on a non-custodial row: ignored, even if malformed */
        "P1,2000-01-01,E1,2014-01-10,2014-02-01,fine,not a date,M,0\n"
        /* custody without release: kept and counted */
        "P2,2000-01-01,E1,2014-01-10,2014-02-01,custody,,u,\n"
        /* a tier name is a code; release on the outcome day is fine */
        "P3,2000-01-01,E1,2014-01-10,2014-02-01,long_term_detention,2014-02-01,F,1\n"
        /* same-day offence and outcome, birth on the offence day of a
         * ten-year-old: 2004-01-10 -> 2014-01-10 is exactly 10 */
        "P4,2004-01-10,E1,2014-01-10,2014-01-10,pre_court,,,\n";
    yjpi_dataset *ds = expect_ok(text, 4);
    assert_int_equal(ds->rows[0].release, YJPI_NO_DATE);
    assert_int_equal(ds->rows[0].sex, YJPI_SEX_MALE);
    assert_int_equal(ds->rows[1].outcome_code, YJPI_OUTCOME_TIER_CUSTODY);
    assert_int_equal(ds->rows[1].tier, YJPI_TIER_CUSTODY);
    assert_int_equal(ds->rows[1].sex, YJPI_SEX_UNKNOWN);
    assert_int_equal(ds->rows[2].release, YMD(2014, 2, 1));
    assert_int_equal(ds->rows[2].sex, YJPI_SEX_FEMALE);
    assert_int_equal(ds->rows[2].breach, 1);
    assert_int_equal(ds->rows[3].tier, YJPI_TIER_PRE_COURT);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_CUSTODY_NO_RELEASE), 1);
    yjpi_dataset_free(ds);
}

static void test_outcome_map(void **state)
{
    (void)state;
    yjpi_reference *ref = yjpi_reference_new();
    assert_non_null(ref);
    assert_int_equal(yjpi_reference_add_outcome_map(ref, "Referral Order",
                                                    "referral_order"), YJPI_OK);
    /* a local label that happens to be a code is mapped first */
    assert_int_equal(yjpi_reference_add_outcome_map(ref, "fine", "custody"), YJPI_OK);
    yjpi_dataset *ds = new_ds(ref);
    yjpi_reference_free(ref);  /* the dataset holds its own copy */
    yjpi_error err;
    assert_int_equal(read_text(ds, H
        "P1,2000-01-01,E1,2014-01-10,2014-02-01,Referral Order\n"
        "P2,2000-01-01,E1,2014-01-10,2014-02-01,fine\n"
        "P3,2000-01-01,E1,2014-01-10,2014-02-01,Referral Order\n"
        "P4,2000-01-01,E1,2014-01-10,2014-02-01,YRO\n", 1, 0, &err), YJPI_OK);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), 3);
    assert_int_equal(ds->rows[0].outcome_code, YJPI_OUTCOME_REFERRAL_ORDER);
    assert_int_equal(ds->rows[1].outcome_code, YJPI_OUTCOME_TIER_CUSTODY);
    assert_int_equal(ds->rows[2].outcome_code, YJPI_OUTCOME_REFERRAL_ORDER);
    assert_int_equal(yjpi_dataset_rejected(ds, YJPI_E_UNKNOWN_OUTCOME), 1);
    assert_string_equal(yjpi_dataset_message(ds, 0),
                        "c.csv:5:40: unknown outcome code, not mapped in the reference "
                        "(column outcome, value \"YRO\")");
    yjpi_dataset_free(ds);
}

static void test_exclusions(void **state)
{
    (void)state;
    const char *text = H
        /* informal: excluded whatever the age */
        "P1,2000-01-01,E1,2014-01-10,2014-02-01,triage\n"
        "P2,2000-01-01,E1,2014-01-10,2014-02-01,informal\n"
        /* 9 on the offence date (birthday 2004-01-11), 10 on the outcome date */
        "P3,2004-01-11,E1,2014-01-10,2014-02-01,fine\n"
        /* born 29 Feb 2004: 10 on 1 Mar 2014, not on 28 Feb 2014 */
        "P4,2004-02-29,E1,2014-02-28,2014-03-01,fine\n"
        "P5,2000-01-01,E1,2014-01-10,2014-02-01,fine\n";
    yjpi_dataset *ds = expect_ok(text, 1);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 5);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_INFORMAL), 2);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_UNDER_10), 2);
    /* excluded rows add no person */
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_PERSONS), 1);
    yjpi_dataset_free(ds);

    /* age on the outcome date: P3 and P4 are 10 then */
    yjpi_reference *ref = yjpi_reference_new();
    assert_non_null(ref);
    yjpi_options o;
    YJPI_INIT(o);
    assert_int_equal(yjpi_reference_get_options(ref, &o), YJPI_OK);
    o.age_basis = YJPI_AGE_OUTCOME_DATE;
    assert_int_equal(yjpi_reference_set_options(ref, &o), YJPI_OK);
    ds = new_ds(ref);
    yjpi_reference_free(ref);
    yjpi_error err;
    assert_int_equal(read_text(ds, text, 0, 0, &err), YJPI_OK);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), 3);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_UNDER_10), 0);
    assert_invariant(ds);
    yjpi_dataset_free(ds);
}

static yjpi_date ymd(int y, int m, int d)
{
    yjpi_date out = 0;
    assert_int_equal(yjpi_date_from_ymd(y, m, d, &out), YJPI_OK);
    return out;
}

/* Dates met again once the date cache is on (after YJPI__DATE_CACHE_AFTER
 * parsed dates) come out as when first parsed: the same day numbers, the
 * 10th birthday of 29 February, impossible and malformed dates (whatever
 * slot their bytes pick) still rejected. */
static void test_dates_through_cache(void **state)
{
    (void)state;
    const char *block =
        "P3,2004-01-11,E1,2014-01-10,2014-02-01,fine\n"      /* 9: excluded */
        "P4,2004-02-29,E1,2014-02-28,2014-03-01,fine\n"      /* 9: excluded */
        "P5,2004-02-29,E1,2014-03-01,2014-03-01,fine\n"      /* 10: kept */
        "P6,2001-01-01,E1,2014-02-29,2014-03-01,fine\n"      /* impossible */
        "P7,2001-01-01,E1,2016-02-29,2016-12-31,fine\n"      /* leap: kept */
        "P8,2001-01-01,E1,2~z4-1@-9\x7f,2016-12-31,fine\n";  /* malformed */
    enum { FILL = 2000, REPS = 3 };
    size_t cap = strlen(H) + FILL * 64 + REPS * strlen(block) + 1, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, cap - len, "%s", H);
    /* distinct dates first: more than YJPI__DATE_CACHE_AFTER are parsed */
    for (int i = 0; i < FILL; i++)
        len += (size_t)snprintf(text + len, cap - len,
                                "F%d,1999-%02d-%02d,E1,2013-%02d-%02d,2015-%02d-%02d,fine\n",
                                i, 1 + i % 12, 1 + i % 28, 1 + i / 28 % 12,
                                1 + i % 28, 1 + i % 12, 1 + i / 12 % 28);
    for (int r = 0; r < REPS; r++)
        len += (size_t)snprintf(text + len, cap - len, "%s", block);
    yjpi_dataset *ds = new_ds(NULL);
    yjpi_error err;
    assert_int_equal(read_text(ds, text, 1, 0, &err), YJPI_OK);
    assert_non_null(ds->dates);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), FILL + 6 * REPS);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_UNDER_10), 2 * REPS);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED), 2 * REPS);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), FILL + 2 * REPS);
    /* the kept rows of each block: the same day numbers every time */
    yjpi_date b29 = ymd(2004, 2, 29), o29 = ymd(2016, 2, 29);
    size_t seen = 0;
    for (size_t i = FILL; i < ds->n_rows; i++) {
        const yjpi__row *row = &ds->rows[i];
        if (row->birth == b29) {
            assert_int_equal(row->offence, ymd(2014, 3, 1));
            seen++;
        } else {
            assert_int_equal(row->birth, ymd(2001, 1, 1));
            assert_int_equal(row->offence, o29);
            assert_int_equal(row->outcome, ymd(2016, 12, 31));
        }
    }
    assert_int_equal(seen, REPS);
    assert_invariant(ds);
    yjpi_dataset_free(ds);
    free(text);
}

/* a and b hold the same read of test_scan_widths()'s text: rows, counts,
 * messages and persons alike. */
static void compare_reads(yjpi_dataset *a, yjpi_dataset *b)
{
    assert_int_equal(yjpi_dataset_count(a, YJPI_COUNT_ROWS_READ), 2000);
    assert_true(yjpi_dataset_count(a, YJPI_COUNT_ROWS_REJECTED) > 300);
    assert_true(a->n_rows > 1000);
    assert_int_equal(a->n_rows, b->n_rows);
    assert_memory_equal(a->rows, b->rows, a->n_rows * sizeof *a->rows);
    assert_memory_equal(a->counts, b->counts, sizeof a->counts);
    assert_int_equal(a->n_messages, b->n_messages);
    for (size_t i = 0; i < a->n_messages; i++)
        assert_string_equal(a->messages[i], b->messages[i]);
    assert_int_equal(a->persons.count, b->persons.count);
    for (size_t i = 0; i < a->persons.count; i++)
        assert_string_equal(yjpi__strtab_get(&a->persons, (uint32_t)i),
                            yjpi__strtab_get(&b->persons, (uint32_t)i));
    assert_invariant(a);
}

/* The plain-row scan gives the same dataset, counts and messages 16 bytes
 * a step (the baseline) as 32 (AVX2) and 64 (AVX-512), where the processor
 * has them: rows of every length across the step boundaries and past 128
 * bytes, with quotes, CRLF, bytes >= 0x80, too many and too few fields,
 * long fields, and absent columns. */
static void test_scan_widths(void **state)
{
    (void)state;
    size_t cap = 1 << 20, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, cap - len, "%s",
                            "person_id,birth_date,area,offence_date,outcome_date,"
                            "outcome,ethnicity,offence_type\n");
    for (int i = 0; i < 2000; i++) {
        char id[80];
        int n = 1 + i % 70;
        for (int k = 0; k < n; k++)
            id[k] = (char)('a' + (i + k) % 26);
        id[n] = '\0';
        const char *eth = i % 7 == 0 ? "Caf\xc3\xa9" : i % 5 == 0 ? "" : "White";
        const char *eol = i % 11 == 0 ? "\r\n" : "\n";
        switch (i % 13) {
        case 3: /* quoted field */
            len += (size_t)snprintf(text + len, cap - len,
                                    "\"%s\",2000-01-01,E%d,2014-01-10,2014-02-01,fine,%s,x%s",
                                    id, i % 9, eth, eol);
            break;
        case 5: /* one field too many */
            len += (size_t)snprintf(text + len, cap - len,
                                    "%s,2000-01-01,E%d,2014-01-10,2014-02-01,fine,%s,x,y%s",
                                    id, i % 9, eth, eol);
            break;
        case 8: /* too few */
            len += (size_t)snprintf(text + len, cap - len, "%s,2000-01-01,E%d%s",
                                    id, i % 9, eol);
            break;
        default:
            len += (size_t)snprintf(text + len, cap - len,
                                    "%s,2000-01-%02d,E%d,2014-01-10,2014-02-01,fine,%s,%.*s%s",
                                    id, 1 + i % 28, i % 9, eth, i % 60,
                                    "Violence against the person and more words here "
                                    "to be long", eol);
        }
    }
    yjpi_dataset *ds[3];
    int used[3];
    for (int w = 0; w < 3; w++) {
        yjpi__csv_scan_width = w == 0 ? 16 : w == 1 ? 32 : 0;
        ds[w] = new_ds(NULL);
        yjpi_error err;
        assert_int_equal(read_text(ds[w], text, 1, 100000, &err), YJPI_OK);
        used[w] = yjpi__csv_scan_used;
        yjpi__csv_scan_width = 0;
    }
#if defined(YJPI_NO_SIMD) || !defined(__SSE2__)
    /* a build without the batched scans reads row by row */
    for (int w = 0; w < 3; w++)
        assert_int_equal(used[w], 0);
#else
    assert_int_equal(used[0], 16);
#endif
#if defined(__x86_64__) && defined(__GNUC__) && !defined(YJPI_NO_SIMD)
    /* whatever -march the library was built for, the wider scans are
     * chosen by what the processor has */
    __builtin_cpu_init();
    assert_int_equal(used[1], __builtin_cpu_supports("avx2") ? 32 : 16);
    if (__builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vbmi2") &&
        __builtin_cpu_supports("bmi2"))
        assert_int_equal(used[2], 64);
#endif
    compare_reads(ds[0], ds[1]);
    compare_reads(ds[0], ds[2]);
    for (int w = 0; w < 3; w++)
        yjpi_dataset_free(ds[w]);
    free(text);
}

/* The plain-row scan tells the validator whether a row's person id is the
 * row before's: that holds for the last person only when the row before
 * was kept.  Runs of one person broken by excluded and rejected rows (and
 * persons coming back) give the same person indices as the same text with
 * every id quoted (the general scan, which tells the validator nothing). */
static void test_person_hints(void **state)
{
    (void)state;
    size_t cap = 1 << 20, len[2] = {0, 0};
    char *text[2] = {malloc(cap), malloc(cap)};
    assert_non_null(text[0]);
    assert_non_null(text[1]);
    for (int q = 0; q < 2; q++)
        len[q] += (size_t)snprintf(text[q] + len[q], cap - len[q], "%s", H);
    uint32_t x = 12345;
    for (int i = 0; i < 3000; i++) {
        x = x * 1103515245u + 12345u;
        unsigned pick = x >> 16;
        /* mostly the row before's person, sometimes one seen earlier */
        static unsigned who = 0;
        if (pick % 4 == 0)
            who = (pick >> 4) % 40;
        const char *outcome = pick % 5 == 1 ? "triage" : "fine";          /* excluded */
        const char *date = pick % 7 == 2 ? "2014-02-30" : "2014-02-01";   /* rejected */
        const char *birth = pick % 11 == 3 ? "2010-01-01" : "2000-01-01"; /* under 10 */
        for (int q = 0; q < 2; q++)
            len[q] += (size_t)snprintf(text[q] + len[q], cap - len[q],
                                       q ? "\"P%u\",%s,E1,2014-01-10,%s,%s\n"
                                         : "P%u,%s,E1,2014-01-10,%s,%s\n",
                                       who, birth, date, outcome);
    }
    yjpi_dataset *ds[2];
    for (int q = 0; q < 2; q++) {
        ds[q] = new_ds(NULL);
        yjpi_error err;
        assert_int_equal(read_text(ds[q], text[q], 1, 0, &err), YJPI_OK);
    }
    assert_true(yjpi_dataset_count(ds[0], YJPI_COUNT_ROWS_EXCLUDED) > 300);
    assert_true(yjpi_dataset_count(ds[0], YJPI_COUNT_ROWS_REJECTED) > 300);
    assert_true(ds[0]->n_rows > 1000);
    assert_int_equal(ds[0]->n_rows, ds[1]->n_rows);
    assert_int_equal(ds[0]->persons.count, ds[1]->persons.count);
    for (size_t i = 0; i < ds[0]->n_rows; i++)
        assert_int_equal(ds[0]->rows[i].person, ds[1]->rows[i].person);
    for (size_t i = 0; i < ds[0]->persons.count; i++)
        assert_string_equal(yjpi__strtab_get(&ds[0]->persons, (uint32_t)i),
                            yjpi__strtab_get(&ds[1]->persons, (uint32_t)i));
    assert_invariant(ds[0]);
    for (int q = 0; q < 2; q++) {
        yjpi_dataset_free(ds[q]);
        free(text[q]);
    }
}

/* The words of a string (its hash and the string caches' key) are the
 * same read with or without padding, for every length up to 32 and every
 * alignment, and hold exactly the string's bytes; the string cache finds
 * a text stored by either reader with the other. */
static void test_words_padded(void **state)
{
    (void)state;
    char buf[128];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (char)(0x21 + (i * 37) % 90);
    for (size_t off = 0; off < 8; off++) {
        for (size_t len = 0; len <= 32; len++) {
            uint64_t a[4], b[4];
            yjpi__words(buf + off, len, a);
            yjpi__words_padded(buf + off, len, b);
            assert_memory_equal(a, b, sizeof a);
            unsigned char bytes[32];
            memcpy(bytes, a, sizeof bytes);
            for (size_t k = 0; k < 32; k++)
                assert_int_equal(bytes[k], k < len ? (unsigned char)buf[off + k] : 0);
            assert_true(yjpi__hash(buf + off, len) == yjpi__hash_padded(buf + off, len));
        }
    }
    /* an absent field's text reads as empty through the zero padding */
    uint64_t z[4];
    yjpi__words_padded(yjpi__zero_pad, 0, z);
    assert_true((z[0] | z[1] | z[2] | z[3]) == 0);

    /* the string cache: what one reader stores the other finds, in the
     * same slot; a text differing in one byte or in length is not found */
    yjpi__scache *c = calloc(1, sizeof *c);
    assert_non_null(c);
    for (size_t len = 0; len <= 32; len++) {
        for (int padded_put = 0; padded_put < 2; padded_put++) {
            const char *text = buf + len % 5;
            uint64_t w[4], w2[4];
            size_t slot, slot2;
            uint32_t v = 0;
            if (padded_put) {
                assert_false(yjpi__scache_get_padded(c, text, len, &v, &slot, w) &&
                             v == 1000 + len);
            } else {
                yjpi__words(text, len, w);
                assert_false(yjpi__scache_get(c, w, len, &v, &slot) && v == 1000 + len);
            }
            yjpi__scache_put(c, slot, len, w, (uint32_t)(1000 + len));
            /* found by the other reader */
            if (padded_put) {
                yjpi__words(text, len, w2);
                assert_true(yjpi__scache_get(c, w2, len, &v, &slot2));
            } else {
                assert_true(yjpi__scache_get_padded(c, text, len, &v, &slot2, w2));
            }
            assert_int_equal(v, 1000 + len);
            assert_int_equal(slot, slot2);
            assert_memory_equal(w, w2, sizeof w);
            if (len) {
                char other[64];
                memcpy(other, text, sizeof other);
                other[len - 1] ^= 1;
                assert_false(yjpi__scache_get_padded(c, other, len, &v, &slot2, w2));
                assert_false(yjpi__scache_get_padded(c, text, len - 1, &v, &slot2, w2));
            }
            memset(c, 0, sizeof *c);
        }
    }
    free(c);
}

/* ---- Strict and lenient -------------------------------------------------- */

static const char *mixed =
    H
    ROW                                                         /* 2 kept */
    "P2,2000-01-01,E1,2014-01-10,2014-02-30,fine\n"            /* 3 bad date */
    "P3,2000-01-01,E1,\"2014-01-10\"x,2014-02-01,fine\n"       /* 4 quote */
    "P4,2000-01-01,E1,2014-01-10,2014-02-01,triage\n"          /* 5 excluded */
    "P5,2000-01-01,E1,2014-01-10\n"                            /* 6 ragged */
    "P6,\"2000-01-01\n,E1\",2014-01-10,2014-02-01,fine,x,y\n"  /* 7-8 ragged */
    "P7,2000-01-01,E2,2014-01-10,2014-02-01,youth_caution\n"   /* 9 kept */
    "P8,2000-01-01,E1,2014-01-10,2014-02-01,nope\n"            /* 10 outcome */
    "P9,2000-01-01,E1,2014-01-10,2014-02-01,fine\n";           /* 11 kept */

static void test_strict_stops(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds(NULL);
    yjpi_error err;
    assert_int_equal(read_text(ds, mixed, 0, 0, &err), YJPI_E_BAD_DATE);
    assert_string_equal(err.message, "c.csv:3:29: impossible date "
                        "(column outcome_date, value \"2014-02-30\")");
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 2);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), 1);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED), 1);
    assert_int_equal(yjpi_dataset_message_count(ds), 0);
    assert_invariant(ds);
    yjpi_dataset_free(ds);
}

static void test_lenient_counts(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds(NULL);
    yjpi_error err;
    assert_int_equal(read_text(ds, mixed, 1, 0, &err), YJPI_OK);
    assert_int_equal(err.code, YJPI_OK);
    /* the row of lines 7-8 goes wrong after its quoted line break: it costs
     * line 7, and line 8 is read as a row of its own (also bad) */
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 10);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), 3);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED), 6);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_EXCLUDED), 1);
    assert_int_equal(yjpi_dataset_rejected(ds, YJPI_E_BAD_DATE), 1);
    assert_int_equal(yjpi_dataset_rejected(ds, YJPI_E_QUOTE), 3);
    assert_int_equal(yjpi_dataset_rejected(ds, YJPI_E_RAGGED_ROW), 1);
    assert_int_equal(yjpi_dataset_rejected(ds, YJPI_E_UNKNOWN_OUTCOME), 1);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_AREAS), 2);
    assert_invariant(ds);
    static const char *const want[6] = {
        "c.csv:3:29: impossible date (column outcome_date, value \"2014-02-30\")",
        "c.csv:4:30: text after closing quote (column offence_date)",
        "c.csv:6:28: too few fields: expected 6",
        /* the seventh field "y" of the row spanning lines 7-8, reported at
         * the quote that opened on line 7 */
        "c.csv:7:4: quoted field runs past the end of its line (column "
        "birth_date); the row goes wrong at line 8: too many fields: expected 6",
        "c.csv:8:4: quote inside unquoted field (column birth_date)",
        "c.csv:10:40: unknown outcome code, not mapped in the reference "
        "(column outcome, value \"nope\")",
    };
    assert_int_equal(yjpi_dataset_message_count(ds), 6);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(yjpi_dataset_message(ds, i), want[i]);
    assert_string_equal(str(&ds->persons, ds->rows[2].person), "P9");
    yjpi_dataset_free(ds);

    /* only the first two messages kept; counts unchanged */
    ds = new_ds(NULL);
    assert_int_equal(read_text(ds, mixed, 1, 2, &err), YJPI_OK);
    assert_int_equal(yjpi_dataset_message_count(ds), 2);
    assert_string_equal(yjpi_dataset_message(ds, 1), want[1]);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED), 6);
    yjpi_dataset_free(ds);

    /* header errors stay fatal in lenient mode */
    ds = new_ds(NULL);
    assert_int_equal(read_text(ds, "person_id\nP1\n", 1, 0, &err), YJPI_E_MISSING_COLUMN);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 0);
    yjpi_dataset_free(ds);
}

/* A bad row costs its first physical line only: reading resumes at the
 * next line, even when a quote opened on the bad line runs on. */
static void test_lenient_resync_quotes(void **state)
{
    (void)state;
    yjpi_dataset *ds = new_ds(NULL);
    yjpi_error err;
    assert_int_equal(read_text(ds, H
        "P1,2000-01-01,E\"1,\"2014-01-10\nP9,x\",2014-02-01,fine\n"
        ROW, 1, 0, &err), YJPI_OK);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 3);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), 1);
    assert_int_equal(yjpi_dataset_rejected(ds, YJPI_E_QUOTE), 2);
    yjpi_dataset_free(ds);
    /* a quote unterminated at the end of the file costs its line only */
    ds = new_ds(NULL);
    assert_int_equal(read_text(ds, H ROW "P2,\"x\n" ROW ROW, 1, 0, &err), YJPI_OK);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 4);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), 3);
    assert_int_equal(yjpi_dataset_rejected(ds, YJPI_E_QUOTE), 1);
    assert_string_equal(yjpi_dataset_message(ds, 0),
                        "c.csv:3:4: unterminated quoted field (column birth_date)");
    yjpi_dataset_free(ds);
}

/* A stray quote at the start of a field on line 11 of a long file without
 * multi-line fields: the quoted field runs on for the rest of the file, so
 * the row goes wrong (at the line limit).  The quote is reported where it
 * opens, lenient mode rejects that row alone and reads on from line 12
 * (rows read = data lines), and strict mode stops with the same message;
 * whatever the chunk size and the plain-row scan's width. */
static void test_stray_quote_costs_one_row(void **state)
{
    (void)state;
    enum { NROWS = 3000 };
    size_t cap = (size_t)NROWS * 64 + 256, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, cap - len, "%s", H);
    size_t row11 = 0;
    for (int i = 0; i < NROWS; i++) {
        if (i == 9)
            row11 = len;
        len += (size_t)snprintf(text + len, cap - len,
                                "P%d,2000-01-01,E1,2014-01-10,2014-02-01,%sfine\n",
                                i % 100, i == 9 ? "\"" : "");
    }
    /* the line holding the row's byte 65537, where it is too long */
    uint64_t at_line = 11;
    for (size_t k = row11; k < row11 + 65536; k++)
        at_line += text[k] == '\n';
    char want[256];
    snprintf(want, sizeof want, "c.csv:11:40: quoted field runs past the end of "
             "its line (column outcome); the row goes wrong at line %llu: line "
             "longer than 65536 bytes", (unsigned long long)at_line);
    static const int widths[] = {16, 32, 64};
    static const size_t chunks[] = {0, 4096, 777};
    for (size_t w = 0; w < 3; w++) {
        for (size_t c = 0; c < 3; c++) {
            yjpi__csv_scan_width = widths[w];
            yjpi__csv_chunk_size = chunks[c];
            yjpi_dataset *ds = new_ds(NULL);
            yjpi_error err;
            yjpi_read_options o;
            YJPI_INIT(o);
            o.lenient = 1;
            assert_int_equal(yjpi_dataset_read_csv_buffer(ds, text, len, "c.csv", &o,
                                                          &err), YJPI_OK);
            assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), NROWS);
            assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), NROWS - 1);
            assert_int_equal(yjpi_dataset_rejected(ds, YJPI_E_QUOTE), 1);
            assert_int_equal(yjpi_dataset_message_count(ds), 1);
            assert_string_equal(yjpi_dataset_message(ds, 0), want);
            assert_invariant(ds);
            yjpi_dataset_free(ds);
            /* strict: the same message */
            ds = new_ds(NULL);
            assert_int_equal(yjpi_dataset_read_csv_buffer(ds, text, len, "c.csv", NULL,
                                                          &err), YJPI_E_QUOTE);
            assert_string_equal(err.message, want);
            assert_int_equal(err.line, 11);
            assert_int_equal(err.column, 40);
            assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), 9);
            yjpi_dataset_free(ds);
        }
    }
    yjpi__csv_scan_width = 0;
    yjpi__csv_chunk_size = 0;
    free(text);
}

/* Each way a row can go wrong after its quoted field ran past its line:
 * the quote's line and column are reported and reading resumes at the
 * line after the quote's; a legitimate multi-line field is still one. */
static void test_multiline_row_goes_wrong(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *msg;
        uint64_t read, kept;
    } cases[] = {
        /* text after the closing quote, on the next line */
        { H "P1,\"2000-01-01\n\"x,E1,2014-01-10,2014-02-01,fine\n" ROW,
          "c.csv:2:4: quoted field runs past the end of its line (column birth_date); "
          "the row goes wrong at line 3: text after closing quote (column birth_date)",
          3, 1 },
        /* too few fields */
        { H "P1,\"2000-01-01\nx\",E1\n" ROW,
          "c.csv:2:4: quoted field runs past the end of its line (column birth_date); "
          "the row goes wrong at line 3: too few fields: expected 6",
          3, 1 },
        /* a field over the limit */
        { NULL, NULL, 0, 0 },
        /* a legitimate multi-line field, then a row of its own */
        { H "\"P\n1\",2000-01-01,E1,2014-01-10,2014-02-01,fine\n" ROW,
          NULL, 2, 2 },
    };
    char big[8192];
    snprintf(big, sizeof big, H "P1,\"2000-01-01\n%04500d\",E1,2014-01-10,2014-02-01,"
             "fine\n" ROW, 7);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *text = cases[i].text ? cases[i].text : big;
        const char *msg = cases[i].text ? cases[i].msg :
            "c.csv:2:4: quoted field runs past the end of its line (column birth_date); "
            "the row goes wrong at line 3: field longer than 4096 bytes (column "
            "birth_date, value \"2000-01-01\\x0a000000000000000000000000000000000000"
            "0000000000000...\")";
        uint64_t read = cases[i].text ? cases[i].read : 3;
        uint64_t kept = cases[i].text ? cases[i].kept : 1;
        yjpi_dataset *ds = new_ds(NULL);
        yjpi_error err;
        assert_int_equal(read_text(ds, text, 1, 0, &err), YJPI_OK);
        if (msg) {
            assert_true(yjpi_dataset_message_count(ds) >= 1);
            if (strcmp(yjpi_dataset_message(ds, 0), msg) != 0)
                print_error("got  %s\nwant %s\n", yjpi_dataset_message(ds, 0), msg);
            assert_string_equal(yjpi_dataset_message(ds, 0), msg);
        } else {
            assert_int_equal(yjpi_dataset_message_count(ds), 0);
        }
        assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), read);
        assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), kept);
        assert_invariant(ds);
        yjpi_dataset_free(ds);
        if (msg) {
            ds = new_ds(NULL);
            assert_int_equal(read_text(ds, text, 0, 0, &err), YJPI_E_QUOTE);
            assert_string_equal(err.message, msg);
            yjpi_dataset_free(ds);
        }
    }
}

/* CR line ends (a header ending in a lone CR): the file reads as with LF,
 * whatever the chunk size; a lone CR elsewhere outside quotes is an error
 * at its place, and so is a line feed outside quotes in a CR file. */
static void test_cr_line_ends(void **state)
{
    (void)state;
    const char *lf = "person_id,birth_date,area,offence_date,outcome_date,outcome,ethnicity\n"
        "P1,2000-01-01,E1,2014-01-10,2014-02-01,fine,White\n"
        "P2,2000-01-01,E2,2014-01-10,2014-02-01,referral_order,\"a\nb\"\n"
        "\n"
        "P3,2000-01-01,E1,2014-01-10,2014-02-30,fine,\n"
        "P4,2000-01-01,E1,2014-01-10,2014-02-01,fine,Black";
    char cr[512];
    size_t n = strlen(lf);
    for (size_t i = 0; i <= n; i++)
        cr[i] = lf[i] == '\n' ? '\r' : lf[i];
    static const size_t chunks[] = {0, 1, 2, 5};
    for (size_t c = 0; c < 4; c++) {
        yjpi__csv_chunk_size = chunks[c];
        yjpi_dataset *a = new_ds(NULL), *b = new_ds(NULL);
        yjpi_error err;
        assert_int_equal(read_text(a, lf, 1, 0, &err), YJPI_OK);
        assert_int_equal(read_text(b, cr, 1, 0, &err), YJPI_OK);
        assert_int_equal(yjpi_dataset_count(b, YJPI_COUNT_ROWS_READ), 4);
        assert_int_equal(yjpi_dataset_count(b, YJPI_COUNT_ROWS_KEPT), 3);
        assert_int_equal(a->n_rows, b->n_rows);
        assert_memory_equal(a->rows, b->rows, a->n_rows * sizeof *a->rows);
        assert_memory_equal(a->counts, b->counts, sizeof a->counts);
        assert_int_equal(b->n_messages, 1);
        assert_string_equal(a->messages[0], b->messages[0]);
        assert_string_equal(b->messages[0], "c.csv:6:29: impossible date "
                            "(column outcome_date, value \"2014-02-30\")");
        assert_string_equal(str(&b->persons, b->rows[2].person), "P4");
        assert_string_equal(str(&b->ethnicities, b->rows[2].ethnicity), "Black");
        yjpi_dataset_free(a);
        yjpi_dataset_free(b);
    }
    yjpi__csv_chunk_size = 0;
    /* a lone CR in an LF or CRLF file */
    expect_error(H "P1,2000-01-01,E1\r,2014-01-10,2014-02-01,fine\n",
                 YJPI_E_ENCODING, 2, 17,
                 "c.csv:2:17: CR not followed by LF (line ends are LF or CRLF) "
                 "(column area)");
    expect_error(H ROW "P1,\"2000-01-01\"\r,E1\n", YJPI_E_ENCODING, 3, 16,
                 "c.csv:3:16: CR not followed by LF (line ends are LF or CRLF) "
                 "(column birth_date)");
    expect_error(H ROW "\r", YJPI_E_ENCODING, 3, 1,
                 "c.csv:3:1: CR not followed by LF (line ends are LF or CRLF) "
                 "(column person_id)");
    /* a line feed outside quotes in a CR file */
    expect_error("person_id,birth_date,area,offence_date,outcome_date,outcome\r"
                 "P1,2000-01-01,E1\n,2014-01-10,2014-02-01,fine\r",
                 YJPI_E_ENCODING, 2, 17,
                 "c.csv:2:17: line feed in a file with CR line ends (column area)");
    /* a CR inside quotes is data */
    yjpi_dataset *ds = expect_ok("person_id,birth_date,area,offence_date,outcome_date,"
                                 "outcome,ethnicity\nP1,2000-01-01,E1,2014-01-10,"
                                 "2014-02-01,fine,\"a\rb\"\n", 1);
    assert_string_equal(str(&ds->ethnicities, ds->rows[0].ethnicity), "a\rb");
    yjpi_dataset_free(ds);
}

/* "*" is not an area code in a file (it names all areas together), and a
 * date after 9998-12-31 is refused (no period can cover it); the same
 * through yjpi_dataset_add_record(). */
static void test_star_area_and_last_year(void **state)
{
    (void)state;
    expect_error(H ROW "P2,2000-01-01,*,2014-01-10,2014-02-01,fine\n", YJPI_E_BAD_VALUE,
                 3, 15, "c.csv:3:15: \"*\" is not an area code (it stands for all "
                 "areas together) (column area, value \"*\")");
    expect_error(H ROW "P2,9980-01-01,E1,9999-01-10,9999-02-01,fine\n", YJPI_E_BAD_DATE,
                 3, 18, "c.csv:3:18: date after 9998-12-31, the last day a period can "
                 "cover (column offence_date, value \"9999-01-10\")");
    expect_error(H ROW "P2,9980-01-01,E1,9998-01-10,9999-01-01,fine\n", YJPI_E_BAD_DATE,
                 3, 29, "c.csv:3:29: date after 9998-12-31, the last day a period can "
                 "cover (column outcome_date, value \"9999-01-01\")");
    /* other areas with a star in them are codes like any */
    yjpi_dataset *ds = expect_ok(H "P2,9980-01-01,*E1,9998-01-10,9998-12-31,fine\n", 1);
    assert_string_equal(str(&ds->areas, ds->rows[0].area), "*E1");
    /* the last year is reported: calendar year 9998 */
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    yjpi_period p;
    yjpi_error err;
    assert_int_equal(yjpi_period_parse("9998", &p, &err), YJPI_OK);
    yjpi_cohort *c = NULL;
    assert_int_equal(yjpi_cohort_build(ds, NULL, NULL, &p, &c, &err), YJPI_OK);
    yjpi_cohort_free(c);
    yjpi_dataset_free(ds);

    ds = new_ds(NULL);
    yjpi_record r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.person_id = "P1";
    r.birth_date = "2000-01-01";
    r.area = "*";
    r.offence_date = "2014-01-10";
    r.outcome_date = "2014-02-01";
    r.outcome = "fine";
    assert_int_equal(yjpi_dataset_add_record(ds, &r, &err), YJPI_E_BAD_VALUE);
    assert_string_equal(err.message, "<record>:1:3: \"*\" is not an area code (it "
                        "stands for all areas together) (column area, value \"*\")");
    r.area = "E1";
    r.outcome_date = "9999-12-31";
    assert_int_equal(yjpi_dataset_add_record(ds, &r, &err), YJPI_E_BAD_DATE);
    r.outcome_date = "2014-02-01";
    assert_int_equal(yjpi_dataset_add_record(ds, &r, &err), YJPI_OK);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED), 2);
    assert_int_equal(yjpi_dataset_rejected(ds, YJPI_E_BAD_VALUE), 1);
    yjpi_dataset_free(ds);
}

/* Unknown columns are noted with the known column they were likely meant
 * to be, when one is close. */
static void test_unknown_column_notes(void **state)
{
    (void)state;
    yjpi_dataset *ds = expect_ok("person_id,birth_date,area,offence_date,outcome_date,"
                                 "outcome,ethnicty,Release Date,is_breach,notes,sexx\n"
                                 "P1,2000-01-01,E1,2014-01-10,2014-02-01,fine,,,,,\n", 1);
    assert_int_equal(yjpi_dataset_note_count(ds), 5);
    assert_string_equal(yjpi_dataset_note(ds, 0), "c.csv:1:61: note: unknown column "
                        "\"ethnicty\" ignored (did you mean \"ethnicity\"?)");
    assert_string_equal(yjpi_dataset_note(ds, 1), "c.csv:1:70: note: unknown column "
                        "\"Release Date\" ignored (did you mean \"release_date\"?)");
    assert_string_equal(yjpi_dataset_note(ds, 2), "c.csv:1:83: note: unknown column "
                        "\"is_breach\" ignored (did you mean \"breach\"?)");
    assert_string_equal(yjpi_dataset_note(ds, 3), "c.csv:1:93: note: unknown column "
                        "\"notes\" ignored");
    assert_string_equal(yjpi_dataset_note(ds, 4), "c.csv:1:99: note: unknown column "
                        "\"sexx\" ignored (did you mean \"sex\"?)");
    /* every optional column is missing from this file */
    const char *opt[] = {"release_date", "sex", "ethnicity", "offence_type", "breach"};
    for (size_t i = 0; i < 5; i++) {
        char want[80];
        snprintf(want, sizeof want, "c.csv:1:1: note: no \"%s\" column", opt[i]);
        assert_non_null(yjpi_dataset_missing_column(ds, opt[i]));
        assert_string_equal(yjpi_dataset_missing_column(ds, opt[i]), want);
    }
    /* required and unknown names are never "missing" */
    assert_null(yjpi_dataset_missing_column(ds, "person_id"));
    assert_null(yjpi_dataset_missing_column(ds, "notes"));
    assert_null(yjpi_dataset_missing_column(NULL, "breach"));
    yjpi_dataset_free(ds);

    /* a file with the column, then one without: the first file lacking it */
    ds = expect_ok("person_id,birth_date,area,offence_date,outcome_date,outcome,breach\n"
                   "P1,2000-01-01,E1,2014-01-10,2014-02-01,fine,0\n", 1);
    assert_null(yjpi_dataset_missing_column(ds, "breach"));
    assert_non_null(yjpi_dataset_missing_column(ds, "sex"));
    yjpi_error err;
    static const char more[] = "person_id,birth_date,area,offence_date,outcome_date,"
                               "outcome\nP2,2000-01-01,E1,2014-01-10,2014-02-01,fine\n";
    assert_int_equal(yjpi_dataset_read_csv_buffer(ds, more, sizeof more - 1, "d.csv",
                                                  NULL, &err), YJPI_OK);
    assert_string_equal(yjpi_dataset_missing_column(ds, "breach"),
                        "d.csv:1:1: note: no \"breach\" column");
    assert_string_equal(yjpi_dataset_missing_column(ds, "sex"),
                        "c.csv:1:1: note: no \"sex\" column");
    yjpi_dataset_free(ds);
}

/* ---- Chunked reading gives identical results ----------------------------- */

typedef struct snapshot {
    int rc;
    char message[YJPI_ERROR_MESSAGE_SIZE];
    uint64_t counts[10];
    uint64_t rejected[30];
    size_t n_messages;
    char messages[8][200];
    size_t n_rows;
    yjpi__row rows[16];
} snapshot;

static void take(const char *text, size_t len, int lenient, snapshot *s)
{
    memset(s, 0, sizeof *s);
    yjpi_dataset *ds = new_ds(NULL);
    yjpi_read_options o;
    YJPI_INIT(o);
    o.lenient = lenient;
    yjpi_error err;
    s->rc = yjpi_dataset_read_csv_buffer(ds, text, len, "c.csv", &o, &err);
    snprintf(s->message, sizeof s->message, "%s", err.message);
    for (int i = 0; i < 10; i++)
        s->counts[i] = yjpi_dataset_count(ds, i);
    for (int i = 0; i < 30; i++)
        s->rejected[i] = yjpi_dataset_rejected(ds, i);
    s->n_messages = yjpi_dataset_message_count(ds);
    for (size_t i = 0; i < s->n_messages && i < 8; i++)
        snprintf(s->messages[i], 200, "%s", yjpi_dataset_message(ds, i));
    s->n_rows = ds->n_rows;
    for (size_t i = 0; i < ds->n_rows && i < 16; i++)
        s->rows[i] = ds->rows[i];
    yjpi_dataset_free(ds);
}

static void test_chunk_sizes(void **state)
{
    (void)state;
    /* inputs whose rows, quotes, CRLFs and UTF-8 sequences straddle chunk
     * boundaries at every position for small chunk sizes */
    static const char *const texts[] = {
        "\xEF\xBB\xBF" "person_id,birth_date,area,offence_date,outcome_date,outcome,"
        "ethnicity\r\n\"P\"\"1\",2000-01-01,E1,2014-01-10,2014-02-01,fine,\"a\r\nb\"\r\n"
        "\r\nP\xC3\xA9,2000-01-01,E\xE2\x82\xAC,2014-01-10,2014-02-01,fine,\xF0\x9F\x98\x80\r\n"
        "P3,2000-01-01,E1,2014-01-10,2014-02-01,fine,\"\"",
        NULL,  /* mixed */
        H "P1,2000-01-01,E1\xE2\x82,2014-01-10,2014-02-01,fine\n" ROW,
        H "P1,\"2000-01-01\"\r,E1\n" ROW "P2,\"open\n",
    };
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        const char *t = texts[k] ? texts[k] : mixed;
        for (int lenient = 0; lenient < 2; lenient++) {
            snapshot *want = malloc(sizeof *want), *got = malloc(sizeof *got);
            assert_non_null(want);
            assert_non_null(got);
            yjpi__csv_chunk_size = 0;
            take(t, strlen(t), lenient, want);
            static const size_t sizes[] = {1, 2, 3, 5, 7, 64};
            for (size_t c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
                yjpi__csv_chunk_size = sizes[c];
                take(t, strlen(t), lenient, got);
                assert_int_equal(got->rc, want->rc);
                assert_string_equal(got->message, want->message);
                /* bytes read differ when a strict read stops early */
                if (!lenient)
                    got->counts[YJPI_COUNT_BYTES_READ] = want->counts[YJPI_COUNT_BYTES_READ];
                assert_memory_equal(got->counts, want->counts, sizeof got->counts);
                assert_memory_equal(got->rejected, want->rejected, sizeof got->rejected);
                assert_int_equal(got->n_messages, want->n_messages);
                for (size_t i = 0; i < got->n_messages && i < 8; i++)
                    assert_string_equal(got->messages[i], want->messages[i]);
                assert_int_equal(got->n_rows, want->n_rows);
                assert_memory_equal(got->rows, want->rows, sizeof got->rows);
            }
            yjpi__csv_chunk_size = 0;
            free(want);
            free(got);
        }
    }
}

/* Long rows near the limit, fed in chunks that cut them anywhere. */
static void test_chunk_sizes_long_rows(void **state)
{
    (void)state;
    const char *hdr = "person_id,birth_date,area,offence_date,outcome_date,outcome,"
                      "ethnicity\nP1,2000-01-01,E1,2014-01-10,2014-02-01,fine,";
    size_t fills[] = {4096, 4097, 65536 - 44, 65536 - 43, 70000};
    for (size_t i = 0; i < sizeof fills / sizeof fills[0]; i++) {
        char *t = make_text(hdr, fills[i], 'z', "\r\n" ROW);
        snapshot *want = malloc(sizeof *want), *got = malloc(sizeof *got);
        assert_non_null(want);
        assert_non_null(got);
        for (int lenient = 0; lenient < 2; lenient++) {
            yjpi__csv_chunk_size = 0;
            take(t, strlen(t), lenient, want);
            static const size_t sizes[] = {4093, 65535, 65536, 65537, 65539};
            for (size_t c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
                yjpi__csv_chunk_size = sizes[c];
                take(t, strlen(t), lenient, got);
                assert_int_equal(got->rc, want->rc);
                assert_string_equal(got->message, want->message);
                if (!lenient)
                    got->counts[YJPI_COUNT_BYTES_READ] = want->counts[YJPI_COUNT_BYTES_READ];
                assert_memory_equal(got->counts, want->counts, sizeof got->counts);
                assert_int_equal(got->n_rows, want->n_rows);
            }
        }
        yjpi__csv_chunk_size = 0;
        free(want);
        free(got);
        free(t);
    }
}

/* ---- Files, stdin, progress ---------------------------------------------- */

static uint64_t progress_calls, progress_bytes, progress_total, progress_rows;

static void on_progress(uint64_t bytes, uint64_t total, uint64_t rows, void *user)
{
    (void)user;
    progress_calls++;
    progress_bytes = bytes;
    progress_total = total;
    progress_rows = rows;
}

static void test_file_and_stdin(void **state)
{
    (void)state;
    const char *path = YJPI_TEST_DATA "/csv/small.csv";
    yjpi_read_options o;
    YJPI_INIT(o);
    o.progress = on_progress;
    progress_calls = 0;
    yjpi_dataset *ds = NULL;
    yjpi_error err;
    int rc = yjpi_dataset_load_csv(path, NULL, &o, &ds, &err);
    if (rc)
        print_error("%s\n", err.message);
    assert_int_equal(rc, YJPI_OK);
    /* small.csv: 6 data rows, one informal (excluded), 5 kept, 3 persons */
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 6);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), 5);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_INFORMAL), 1);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_PERSONS), 3);
    uint64_t bytes = yjpi_dataset_count(ds, YJPI_COUNT_BYTES_READ);
    assert_true(bytes > 0);
    assert_true(progress_calls >= 1);
    assert_int_equal(progress_bytes, bytes);
    assert_int_equal(progress_total, bytes);
    assert_int_equal(progress_rows, 6);
    yjpi_dataset_free(ds);

    /* "-" reads standard input */
    assert_non_null(freopen(path, "rb", stdin));
    ds = new_ds(NULL);
    assert_int_equal(yjpi_dataset_read_csv(ds, "-", NULL, &err), YJPI_OK);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_BYTES_READ), bytes);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), 5);
    yjpi_dataset_free(ds);

    /* missing file */
    ds = NULL;
    assert_int_equal(yjpi_dataset_load_csv(YJPI_TEST_DATA "/csv/no-such.csv", NULL,
                                           NULL, &ds, &err), YJPI_E_IO);
    assert_null(ds);
    assert_non_null(strstr(err.message, "no-such.csv: cannot open"));
    /* strict failure from a file: *out stays NULL, error located */
    assert_int_equal(yjpi_dataset_load_csv(YJPI_TEST_DATA "/csv/bad-date.csv", NULL,
                                           NULL, &ds, &err), YJPI_E_BAD_DATE);
    assert_null(ds);
    assert_non_null(strstr(err.message, "bad-date.csv:3:29: impossible date"));
}

/* A directory given as the cohort file: the error says why (opening it
 * succeeds, reading it fails with EISDIR), on the file and the stdin path,
 * and the reference file says the same. */
static void test_directory_input(void **state)
{
    (void)state;
    yjpi_error err;
    char want[512];
    snprintf(want, sizeof want, "%s: cannot read: %s", YJPI_TEST_DATA, strerror(EISDIR));
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_load_csv(YJPI_TEST_DATA, NULL, NULL, &ds, &err),
                     YJPI_E_IO);
    assert_null(ds);
    assert_string_equal(err.message, want);
    yjpi_read_options o;
    YJPI_INIT(o);
    o.lenient = 1;
    ds = new_ds(NULL);
    assert_int_equal(yjpi_dataset_read_csv(ds, YJPI_TEST_DATA, &o, &err), YJPI_E_IO);
    assert_string_equal(err.message, want);
    assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), 0);
    assert_non_null(freopen(YJPI_TEST_DATA, "rb", stdin));
    assert_int_equal(yjpi_dataset_read_csv(ds, "-", NULL, &err), YJPI_E_IO);
    snprintf(want, sizeof want, "<stdin>: cannot read: %s", strerror(EISDIR));
    assert_string_equal(err.message, want);
    yjpi_dataset_free(ds);
    yjpi_reference *ref = NULL;
    assert_int_equal(yjpi_reference_load(YJPI_TEST_DATA, &ref, &err), YJPI_E_IO);
    assert_null(ref);
    snprintf(want, sizeof want, "%s: cannot read: %s", YJPI_TEST_DATA, strerror(EISDIR));
    assert_string_equal(err.message, want);
}

static void test_arguments(void **state)
{
    (void)state;
    yjpi_error err;
    yjpi_dataset *ds = new_ds(NULL);
    assert_int_equal(yjpi_dataset_read_csv(NULL, "x", NULL, &err), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_dataset_read_csv(ds, NULL, NULL, &err), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_dataset_read_csv_buffer(ds, NULL, 3, "b", NULL, &err),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_dataset_read_csv_buffer(ds, NULL, 0, "b", NULL, &err),
                     YJPI_E_EMPTY_FILE);
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    assert_int_equal(yjpi_dataset_read_csv_buffer(ds, H, strlen(H), "b", NULL, &err),
                     YJPI_E_STATE);
    yjpi_dataset_free(ds);
}

/* ---- Allocation failures ------------------------------------------------- */

static long alloc_budget = -1;

static void *fail_malloc(size_t n, void *u)
{
    (void)u;
    if (alloc_budget == 0)
        return NULL;
    if (alloc_budget > 0)
        alloc_budget--;
    return malloc(n);
}

static void *fail_realloc(void *p, size_t n, void *u)
{
    (void)u;
    if (alloc_budget == 0)
        return NULL;
    if (alloc_budget > 0)
        alloc_budget--;
    return realloc(p, n);
}

static void plain_free(void *p, void *u)
{
    (void)u;
    free(p);
}

static size_t largest_alloc;

static void *max_malloc(size_t n, void *u)
{
    (void)u;
    if (n > largest_alloc)
        largest_alloc = n;
    return malloc(n);
}

static void *max_realloc(void *p, size_t n, void *u)
{
    (void)u;
    if (n > largest_alloc)
        largest_alloc = n;
    return realloc(p, n);
}

/* A short buffer is read without the reader's large allocations (a 128
 * KiB chunk and 64 KiB of row room): its buffers fit the input; rows read
 * the same as with the usual buffers. */
static void test_small_input_small_buffers(void **state)
{
    (void)state;
    const char *text = H ROW "P2,\"2000-01-01\",\"E\"\"2\",2014-01-10,2014-02-01,fine\n"
                       "P3,2000-01-01,E1,2014-01-10,2014-02-30,fine\n" ROW;
    /* the read's allocations only (the hook's functions use malloc, so
     * the dataset made before may be freed after) */
    yjpi_dataset *a = new_ds(NULL);
    yjpi_error err;
    assert_int_equal(yjpi_set_allocator(max_malloc, max_realloc, plain_free, NULL),
                     YJPI_OK);
    largest_alloc = 0;
    assert_int_equal(read_text(a, text, 1, 0, &err), YJPI_OK);
    size_t most = largest_alloc;
    assert_int_equal(yjpi_set_allocator(NULL, NULL, NULL, NULL), YJPI_OK);
    if (most >= 65536)
        print_error("largest allocation %zu\n", most);
    assert_true(most < 65536);  /* the dataset's own tables are the largest */
    yjpi__csv_chunk_size = 3;   /* the usual buffers, many reads */
    yjpi_dataset *b = new_ds(NULL);
    assert_int_equal(read_text(b, text, 1, 0, &err), YJPI_OK);
    yjpi__csv_chunk_size = 0;
    assert_int_equal(a->n_rows, 3);
    assert_int_equal(a->n_rows, b->n_rows);
    assert_memory_equal(a->rows, b->rows, a->n_rows * sizeof *a->rows);
    assert_memory_equal(a->counts, b->counts, sizeof a->counts);
    assert_string_equal(a->messages[0], b->messages[0]);
    yjpi_dataset_free(a);
    yjpi_dataset_free(b);
    /* the empty buffer and a header only, too */
    a = new_ds(NULL);
    assert_int_equal(yjpi_dataset_read_csv_buffer(a, "", 0, "c.csv", NULL, &err),
                     YJPI_E_EMPTY_FILE);
    assert_int_equal(read_text(a, "person_id,birth_date,area,offence_date,"
                               "outcome_date,outcome", 0, 0, &err), YJPI_OK);
    yjpi_dataset_free(a);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    const char *text = "person_id,birth_date,area,offence_date,outcome_date,outcome,"
                       "notes\n"
                       "P1,2000-01-01,E1,2014-01-10,2014-02-01,fine,a\n"
                       "P2,2000-01-01,E2,2014-01-10,2014-02-01,fine,b\n"
                       "P2,2000-01-01,E2,2014-01-10,2014-02-30,fine,b\n";
    assert_int_equal(yjpi_set_allocator(fail_malloc, fail_realloc, plain_free, NULL),
                     YJPI_OK);
    bool done = false;
    for (long budget = 0; !done && budget < 200; budget++) {
        alloc_budget = budget;
        yjpi_dataset *ds = NULL;
        int rc = yjpi_dataset_new(NULL, &ds);
        if (rc == YJPI_OK) {
            yjpi_error err;
            yjpi_read_options o;
            YJPI_INIT(o);
            o.lenient = 1;
            rc = yjpi_dataset_read_csv_buffer(ds, text, strlen(text), "m", &o, &err);
            if (rc == YJPI_OK)
                rc = yjpi_dataset_finish(ds);
            if (rc == YJPI_OK) {
                assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), 2);
                done = true;
            } else {
                assert_int_equal(rc, YJPI_E_NOMEM);
                assert_int_equal(err.code == YJPI_OK || err.code == YJPI_E_NOMEM, 1);
            }
        } else {
            assert_int_equal(rc, YJPI_E_NOMEM);
            assert_null(ds);
        }
        yjpi_dataset_free(ds);
    }
    alloc_budget = -1;
    assert_int_equal(yjpi_set_allocator(NULL, NULL, NULL, NULL), YJPI_OK);
    assert_true(done);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_row_stored),
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_bom_crlf_no_final_newline),
        cmocka_unit_test(test_header_names),
        cmocka_unit_test(test_header_only_and_empty),
        cmocka_unit_test(test_missing_and_duplicate_column),
        cmocka_unit_test(test_ragged),
        cmocka_unit_test(test_quote_errors),
        cmocka_unit_test(test_encoding_and_nul),
        cmocka_unit_test(test_too_long),
        cmocka_unit_test(test_line_limit_edge),
        cmocka_unit_test(test_field_value_errors),
        cmocka_unit_test(test_values_accepted),
        cmocka_unit_test(test_outcome_map),
        cmocka_unit_test(test_exclusions),
        cmocka_unit_test(test_dates_through_cache),
        cmocka_unit_test(test_scan_widths),
        cmocka_unit_test(test_words_padded),
        cmocka_unit_test(test_person_hints),
        cmocka_unit_test(test_strict_stops),
        cmocka_unit_test(test_lenient_counts),
        cmocka_unit_test(test_lenient_resync_quotes),
        cmocka_unit_test(test_stray_quote_costs_one_row),
        cmocka_unit_test(test_multiline_row_goes_wrong),
        cmocka_unit_test(test_cr_line_ends),
        cmocka_unit_test(test_star_area_and_last_year),
        cmocka_unit_test(test_small_input_small_buffers),
        cmocka_unit_test(test_unknown_column_notes),
        cmocka_unit_test(test_chunk_sizes),
        cmocka_unit_test(test_chunk_sizes_long_rows),
        cmocka_unit_test(test_file_and_stdin),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_directory_input),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
