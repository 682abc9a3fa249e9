/* test_reference.c - the reference file reader and the reference API. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

#define DATA YJPI_TEST_DATA "/ref/"

static yjpi_date ymd(int y, int m, int d)
{
    yjpi_date out = 0;
    assert_int_equal(yjpi_date_from_ymd(y, m, d, &out), YJPI_OK);
    return out;
}

static yjpi_period period(const char *text)
{
    yjpi_period p;
    assert_int_equal(yjpi_period_parse(text, &p, NULL), YJPI_OK);
    return p;
}

static yjpi_reference *parse_ok(const char *yaml)
{
    yjpi_reference *ref = NULL;
    yjpi_error err;
    int rc = yjpi_reference_parse(yaml, strlen(yaml), "t.yaml", &ref, &err);
    if (rc != YJPI_OK)
        fail_msg("unexpected error %d: %s", rc, err.message);
    assert_non_null(ref);
    assert_int_equal(err.code, YJPI_OK);
    return ref;
}

static double pop(const yjpi_reference *ref, const char *area, const char *group, int year)
{
    double v = -1;
    assert_int_equal(yjpi_reference_population(ref, area, group, year, &v), YJPI_OK);
    return v;
}

/* ---- The spec's example file ------------------------------------------- */

static void test_example_file(void **state)
{
    (void)state;
    yjpi_reference *ref = NULL;
    yjpi_error err;
    assert_int_equal(yjpi_reference_load(DATA "example.yaml", &ref, &err), YJPI_OK);
    assert_non_null(ref);

    assert_int_equal(yjpi_reference_as_of(ref), ymd(2015, 3, 31));
    assert_int_equal(yjpi_reference_history_start(ref), ymd(2005, 1, 1));

    /* the example states every option at its default value */
    yjpi_options o;
    YJPI_INIT(o);
    assert_int_equal(yjpi_reference_get_options(ref, &o), YJPI_OK);
    assert_int_equal(o.age_basis, YJPI_AGE_OFFENCE_DATE);
    assert_int_equal(o.cohort_months, 3);
    assert_int_equal(o.followup_months, 12);
    assert_int_equal(o.waiting_months, 6);
    assert_true(o.confidence == 0.95);
    assert_true(o.significance == 0.05);
    assert_int_equal(o.trend_min_points, 5);
    assert_true(o.trend_significance == 0.002);
    assert_int_equal(o.fte_lookback_years, 8);
    assert_int_equal(o.suppress_below, 0);
    assert_int_equal(o.round_to, 1);
    assert_string_equal(o.reference_ethnicity, "White");

    assert_true(pop(ref, "E06000044", NULL, 2013) == 17330);
    assert_true(pop(ref, "E06000044", NULL, 2014) == 17000);
    /* groups of 2014 in file order */
    static const char *const groups[5] = {"White", "Black", "Asian", "Mixed", "Other"};
    static const double values[5] = {13600, 700, 1400, 900, 400};
    assert_int_equal(yjpi_reference_population_group_count(ref, "E06000044", 2014), 5);
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(yjpi_reference_population_group(ref, "E06000044", 2014, i),
                            groups[i]);
        assert_true(pop(ref, "E06000044", groups[i], 2014) == values[i]);
    }
    assert_null(yjpi_reference_population_group(ref, "E06000044", 2014, 5));
    assert_int_equal(yjpi_reference_population_group_count(ref, "E06000044", 2013), 0);

    assert_int_equal(yjpi_reference_area_count(ref), 1);
    assert_string_equal(yjpi_reference_area_code(ref, 0), "E06000044");
    assert_null(yjpi_reference_area_code(ref, 1));
    assert_string_equal(yjpi_reference_area_name(ref, "E06000044"), "Portsmouth");
    assert_string_equal(yjpi_reference_area_family(ref, "E06000044"), "F12");
    assert_string_equal(yjpi_reference_area_region(ref, "E06000044"), "South East");
    assert_null(yjpi_reference_area_name(ref, "E06000045"));

    assert_string_equal(yjpi_reference_map_outcome(ref, "Referral Order", 14), "referral_order");
    assert_string_equal(yjpi_reference_map_outcome(ref, "YRO", 3), "youth_rehabilitation_order");
    assert_null(yjpi_reference_map_outcome(ref, "Fine", 4));

    assert_int_equal(yjpi_reference_benchmark_count(ref), 2);
    assert_string_equal(yjpi_reference_benchmark_name(ref, 0), "England and Wales");
    assert_int_equal(yjpi_reference_benchmark_indicator(ref, 0), YJPI_FTE_RATE);
    assert_string_equal(yjpi_reference_benchmark_name(ref, 1), "YOT family F12");
    assert_int_equal(yjpi_reference_benchmark_indicator(ref, 1), YJPI_BINARY_RATE);
    assert_null(yjpi_reference_benchmark_name(ref, 2));
    yjpi_period p1314 = period("2013/14"), p1415 = period("2014/15");
    double v = 0;
    assert_int_equal(yjpi_reference_benchmark_value(ref, 0, &p1314, &v), YJPI_OK);
    assert_true(v == 409);
    assert_int_equal(yjpi_reference_benchmark_value(ref, 0, &p1415, &v), YJPI_OK);
    assert_true(v == 361);
    assert_int_equal(yjpi_reference_benchmark_value(ref, 1, &p1314, &v), YJPI_OK);
    assert_true(v == 37.1);
    assert_int_equal(yjpi_reference_benchmark_value(ref, 1, &p1415, &v), YJPI_E_NOT_FOUND);

    assert_int_equal(yjpi_reference_target_count(ref), 2);
    yjpi_target t;
    YJPI_INIT(t);
    assert_int_equal(yjpi_reference_target(ref, 0, &t), YJPI_OK);
    assert_int_equal(t.indicator, YJPI_CUSTODY_SHARE);
    assert_int_equal(t.kind, YJPI_TARGET_MAX);
    assert_memory_equal(&t.period, &p1415, sizeof p1415);
    assert_true(t.bound == 5);
    assert_string_equal(t.area, "*");
    assert_int_equal(yjpi_reference_target(ref, 1, &t), YJPI_OK);
    assert_int_equal(t.indicator, YJPI_FTE_COUNT);
    assert_int_equal(t.kind, YJPI_TARGET_CHANGE_MAX);
    assert_memory_equal(&t.period, &p1415, sizeof p1415);
    assert_true(t.bound == -5);
    assert_int_equal(yjpi_reference_target(ref, 2, &t), YJPI_E_ARGUMENT);
    yjpi_reference_free(ref);
}

/* Every option with a value other than its default reads back. */
static void test_options_read(void **state)
{
    (void)state;
    yjpi_reference *ref = parse_ok("options:\n"
                                   "  age_basis: outcome_date\n"
                                   "  cohort_months: 12\n"
                                   "  followup_months: 24\n"
                                   "  waiting_months: 3\n"
                                   "  confidence: 0.998\n"
                                   "  significance: 0.01\n"
                                   "  trend_min_points: 6\n"
                                   "  trend_significance: 1e-3\n"
                                   "  fte_lookback_years: 7\n"
                                   "  suppress_below: 8\n"
                                   "  round_to: 5\n"
                                   "  reference_ethnicity: \"White British\"\n");
    yjpi_options o;
    YJPI_INIT(o);
    assert_int_equal(yjpi_reference_get_options(ref, &o), YJPI_OK);
    assert_int_equal(o.age_basis, YJPI_AGE_OUTCOME_DATE);
    assert_int_equal(o.cohort_months, 12);
    assert_int_equal(o.followup_months, 24);
    assert_int_equal(o.waiting_months, 3);
    assert_true(o.confidence == 0.998);
    assert_true(o.significance == 0.01);
    assert_int_equal(o.trend_min_points, 6);
    assert_true(o.trend_significance == 0.001);
    assert_int_equal(o.fte_lookback_years, 7);
    assert_int_equal(o.suppress_below, 8);
    assert_int_equal(o.round_to, 5);
    assert_string_equal(o.reference_ethnicity, "White British");
    yjpi_reference_free(ref);

    /* any confidence strictly between 0.5 and 1 */
    ref = parse_ok("options: {confidence: 0.9}\n");
    YJPI_INIT(o);
    assert_int_equal(yjpi_reference_get_options(ref, &o), YJPI_OK);
    assert_true(o.confidence == 0.9);
    yjpi_reference_free(ref);
}

/* An empty mapping, and sections left empty, are a valid reference. */
static void test_empty_mapping(void **state)
{
    (void)state;
    yjpi_reference *ref = parse_ok("{}\n");
    assert_int_equal(yjpi_reference_as_of(ref), YJPI_NO_DATE);
    assert_int_equal(yjpi_reference_history_start(ref), YJPI_NO_DATE);
    assert_int_equal(yjpi_reference_area_count(ref), 0);
    assert_int_equal(yjpi_reference_benchmark_count(ref), 0);
    assert_int_equal(yjpi_reference_target_count(ref), 0);
    yjpi_reference_free(ref);
    ref = parse_ok("options:\n  # confidence: 0.998\ntargets:\n");
    yjpi_options o;
    YJPI_INIT(o);
    assert_int_equal(yjpi_reference_get_options(ref, &o), YJPI_OK);
    assert_true(o.confidence == 0.95);
    yjpi_reference_free(ref);
}

/* ---- Errors: code, position and message, one kind each ----------------- */

typedef struct error_case {
    const char *yaml;
    int code;
    uint64_t line, column;
    const char *message;    /* complete message */
} error_case;

static void check_error(const error_case *ec)
{
    yjpi_reference *ref = (yjpi_reference *)&ref; /* must be set to NULL */
    yjpi_error err;
    int rc = yjpi_reference_parse(ec->yaml, strlen(ec->yaml), "t.yaml", &ref, &err);
    if (rc != ec->code || err.line != ec->line || err.column != ec->column ||
        strcmp(err.message, ec->message) != 0)
        fail_msg("for\n%s\nexpected %d %s\n     got %d %s", ec->yaml, ec->code, ec->message,
                 rc, err.message);
    assert_int_equal(err.code, ec->code);
    assert_string_equal(err.source, "t.yaml");
    assert_null(ref);
}

static void test_error_unknown_key(void **state)
{
    (void)state;
    static const error_case cases[] = {
        /* third line, "foo" after two spaces */
        {"options:\n  cohort_months: 3\n  foo: 1\n", YJPI_E_UNKNOWN_KEY, 3, 3,
         "t.yaml:3:3: unknown key \"foo\" in options"},
        {"as_of: 2015-03-31\ncolour: red\n", YJPI_E_UNKNOWN_KEY, 2, 1,
         "t.yaml:2:1: unknown key \"colour\" at the top level"},
        /* "  E06000044: {name: Portsmouth, colour: blue}": colour at column 33 */
        {"areas:\n  E06000044: {name: Portsmouth, colour: blue}\n", YJPI_E_UNKNOWN_KEY, 2, 33,
         "t.yaml:2:33: unknown key \"colour\" in areas.E06000044 (expected name, family or "
         "region)"},
        /* an area code may not contain '/' except in AREA/ethnicity */
        {"populations:\n  E06/x: {2013: 1}\n", YJPI_E_UNKNOWN_KEY, 2, 3,
         "t.yaml:2:3: unknown key \"E06/x\" in populations (expected an area code, \"*\" or "
         "AREA/ethnicity)"},
        /* columns count characters: each snowman is 3 bytes, 1 column */
        {"areas:\n  \"\xe2\x98\x83\xe2\x98\x83\": {name: x, foo: 1}\n", YJPI_E_UNKNOWN_KEY, 2,
         19,
         "t.yaml:2:19: unknown key \"foo\" in areas.\xe2\x98\x83\xe2\x98\x83 (expected name, "
         "family or region)"},
        {"targets:\n  - indicator: fte_count\n    period: 2014\n    maximum: 5\n",
         YJPI_E_UNKNOWN_KEY, 4, 5,
         "t.yaml:4:5: unknown key \"maximum\" in targets[0] (expected indicator, period, area "
         "and one of max, min, change_max, change_min)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_error(&cases[i]);
}

static void test_error_duplicate_key(void **state)
{
    (void)state;
    static const error_case cases[] = {
        {"populations:\n  E06000044:\n    2013: 17330\n    2013: 17000\n",
         YJPI_E_DUPLICATE_KEY, 4, 5,
         "t.yaml:4:5: populations.E06000044: duplicate key \"2013\" (first at line 3)"},
        {"as_of: 2015-03-31\nas_of: 2015-03-31\n", YJPI_E_DUPLICATE_KEY, 2, 1,
         "t.yaml:2:1: duplicate key \"as_of\" (first at line 1)"},
        /* labels are compared after trimming: "YRO" and " YRO " collide */
        {"outcome_map:\n  YRO: youth_rehabilitation_order\n  \" YRO \": fine\n",
         YJPI_E_DUPLICATE_KEY, 3, 3,
         "t.yaml:3:3: outcome_map: label \"YRO\" given twice (labels are compared without "
         "surrounding spaces)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_error(&cases[i]);
}

static void test_error_alias(void **state)
{
    (void)state;
    static const error_case cases[] = {
        /* "history_start: *d": the alias at column 16 */
        {"as_of: 2015-03-31\nhistory_start: *d\n", YJPI_E_ALIAS, 2, 16,
         "t.yaml:2:16: history_start: anchors and aliases are not allowed (alias \"*d\")"},
        /* an anchor alone is refused too; the node starts at its anchor */
        {"as_of: &d 2015-03-31\n", YJPI_E_ALIAS, 1, 8,
         "t.yaml:1:8: as_of: anchors and aliases are not allowed (anchor \"&d\")"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_error(&cases[i]);
}

/* The alias bomb is refused at its first anchor, before any alias could be
 * followed: line 4 is "  a: &a [...]", the anchor at column 6. */
static void test_billion_laughs(void **state)
{
    (void)state;
    yjpi_reference *ref = NULL;
    yjpi_error err;
    assert_int_equal(yjpi_reference_load(DATA "billion_laughs.yaml", &ref, &err), YJPI_E_ALIAS);
    assert_null(ref);
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 6);
    assert_string_equal(err.message, DATA "billion_laughs.yaml:4:6: outcome_map.a: anchors and "
                                          "aliases are not allowed (anchor \"&a\")");
}

static void test_error_tag(void **state)
{
    (void)state;
    static const error_case cases[] = {
        /* "  confidence: !!float 0.95": the tag at column 15 */
        {"options:\n  confidence: !!float 0.95\n", YJPI_E_TAG, 2, 15,
         "t.yaml:2:15: options.confidence: tags are not allowed (tag "
         "\"tag:yaml.org,2002:float\")"},
        {"!custom {}\n", YJPI_E_TAG, 1, 1, "t.yaml:1:1: tags are not allowed (tag \"!custom\")"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_error(&cases[i]);
}

static void test_error_type(void **state)
{
    (void)state;
    static const error_case cases[] = {
        /* "    2013: abc": the value at column 11 */
        {"populations:\n  E06000044:\n    2013: abc\n", YJPI_E_TYPE, 3, 11,
         "t.yaml:3:11: populations.E06000044.2013: expected a non-negative number, got \"abc\""},
        {"populations:\n  E06000044:\n    2013: \"17330\"\n", YJPI_E_TYPE, 3, 11,
         "t.yaml:3:11: populations.E06000044.2013: expected a non-negative number, got the "
         "quoted text \"17330\" (write numbers without quotes)"},
        {"populations:\n  E06000044:\n    2013: -1\n", YJPI_E_TYPE, 3, 11,
         "t.yaml:3:11: populations.E06000044.2013: expected a non-negative number, got \"-1\""},
        /* 1e999 overflows a double */
        {"populations:\n  E06000044:\n    2013: 1e999\n", YJPI_E_TYPE, 3, 11,
         "t.yaml:3:11: populations.E06000044.2013: expected a non-negative number, got "
         "\"1e999\" (not a finite number)"},
        {"populations:\n  E06000044:\n    2013: .inf\n", YJPI_E_TYPE, 3, 11,
         "t.yaml:3:11: populations.E06000044.2013: expected a non-negative number, got "
         "\".inf\""},
        /* a population is at most 10^9, finite and not negative */
        {"populations:\n  E06000044:\n    2013: 1e23\n", YJPI_E_TYPE, 3, 11,
         "t.yaml:3:11: populations.E06000044.2013: expected a non-negative number, got "
         "\"1e23\" (a population is at most 1000000000)"},
        {"populations:\n  E06000044:\n    2013: 1000000001\n", YJPI_E_TYPE, 3, 11,
         "t.yaml:3:11: populations.E06000044.2013: expected a non-negative number, got "
         "\"1000000001\" (a population is at most 1000000000)"},
        {"populations:\n  \"*\":\n    2013: 2e9\n", YJPI_E_TYPE, 3, 11,
         "t.yaml:3:11: populations.*.2013: expected a non-negative number, got "
         "\"2e9\" (a population is at most 1000000000)"},
        {"populations:\n  E06000044:\n    2013: .nan\n", YJPI_E_TYPE, 3, 11,
         "t.yaml:3:11: populations.E06000044.2013: expected a non-negative number, got "
         "\".nan\""},
        {"populations:\n  E06000044:\n    2013: -.inf\n", YJPI_E_TYPE, 3, 11,
         "t.yaml:3:11: populations.E06000044.2013: expected a non-negative number, got "
         "\"-.inf\""},
        {"populations:\n  E06000044:\n    2013: -1e-306\n", YJPI_E_TYPE, 3, 11,
         "t.yaml:3:11: populations.E06000044.2013: expected a non-negative number, got "
         "\"-1e-306\""},
        {"populations:\n  E06000044/ethnicity:\n    2014: {White: 1e10}\n", YJPI_E_TYPE, 3, 19,
         "t.yaml:3:19: populations.E06000044/ethnicity.2014.White: expected a non-negative "
         "number, got \"1e10\" (a population is at most 1000000000)"},
        {"populations:\n  E06000044:\n    20x3: 5\n", YJPI_E_TYPE, 3, 5,
         "t.yaml:3:5: populations.E06000044: expected a year (1 to 9999) as key, got \"20x3\""},
        {"populations:\n  E06000044/ethnicity:\n    2014: {White: lots}\n", YJPI_E_TYPE, 3, 19,
         "t.yaml:3:19: populations.E06000044/ethnicity.2014.White: expected a non-negative "
         "number, got \"lots\""},
        /* 2^63 = 9223372036854775808 does not fit in int64 */
        {"options:\n  suppress_below: 9223372036854775808\n", YJPI_E_TYPE, 2, 19,
         "t.yaml:2:19: options.suppress_below: expected a whole number >= 0 (0 = off), got "
         "\"9223372036854775808\" (too large)"},
        {"options:\n  confidence: 1.5\n", YJPI_E_TYPE, 2, 15,
         "t.yaml:2:15: options.confidence: expected a level between 0.5 and 1 (exclusive) such "
         "as 0.95 or 0.998, got \"1.5\""},
        {"options:\n  cohort_months: 6\n", YJPI_E_TYPE, 2, 18,
         "t.yaml:2:18: options.cohort_months: expected 3 or 12, got \"6\""},
        {"options:\n  cohort_months: 3.0\n", YJPI_E_TYPE, 2, 18,
         "t.yaml:2:18: options.cohort_months: expected 3 or 12, got \"3.0\""},
        {"options:\n  age_basis: [offence_date]\n", YJPI_E_TYPE, 2, 14,
         "t.yaml:2:14: options.age_basis: expected offence_date or outcome_date, got a "
         "sequence"},
        {"- as_of\n", YJPI_E_TYPE, 1, 1,
         "t.yaml:1:1: expected a mapping (as_of:, options:, populations:, ...) at the top "
         "level, got a sequence"},
        {"benchmarks:\n  - name: E&W\n    indicator: fte_rates\n", YJPI_E_TYPE, 3, 16,
         "t.yaml:3:16: benchmarks[0].indicator: expected an indicator name such as fte_rate, "
         "got \"fte_rates\""},
        {"targets:\n  - {indicator: fte_count, period: 2014, max: 5, min: 1}\n", YJPI_E_TYPE, 2,
         50,
         "t.yaml:2:50: targets[0]: give only one of max, min, change_max, change_min (\"max\" "
         "already given at line 2)"},
        {"? [a, b]\n: 1\n", YJPI_E_TYPE, 1, 3, "t.yaml:1:3: a key must be a name, not a sequence"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_error(&cases[i]);
}

static void test_error_missing_key_and_outcome(void **state)
{
    (void)state;
    static const error_case cases[] = {
        /* the item mapping starts at "indicator", column 5 */
        {"targets:\n  - indicator: fte_count\n    max: 5\n", YJPI_E_MISSING_KEY, 2, 5,
         "t.yaml:2:5: targets[0]: missing key \"period\""},
        {"benchmarks:\n  - {indicator: fte_rate}\n", YJPI_E_MISSING_KEY, 2, 5,
         "t.yaml:2:5: benchmarks[0]: missing key \"name\""},
        /* "  \"YRO\": youth_rehab": the value at column 10 */
        {"outcome_map:\n  \"YRO\": youth_rehab\n", YJPI_E_UNKNOWN_OUTCOME, 2, 10,
         "t.yaml:2:10: outcome_map.YRO: expected an outcome code or tier name such as "
         "referral_order, got \"youth_rehab\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_error(&cases[i]);
}

static void test_error_nesting(void **state)
{
    (void)state;
    /* The top-level mapping is level 1 and the first '[' (column 10) level 2,
     * so the 8th '[' (column 17) would be level 9 > 8. */
    static const error_case c = {
        "options: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
        YJPI_E_NESTING, 1, 17,
        "t.yaml:1:17: options[0][0][0][0][0][0][0]: nested deeper than 8 levels"};
    check_error(&c);
    /* Exactly 8 levels is fine as far as nesting goes; the schema then
     * refuses a sequence for options. */
    static const error_case ok8 = {
        "options: [[[[[[[1]]]]]]]\n", YJPI_E_TYPE, 1, 10,
        "t.yaml:1:10: options: expected a mapping, got a sequence"};
    check_error(&ok8);
}

static void test_error_dates_periods(void **state)
{
    (void)state;
    static const error_case cases[] = {
        {"as_of: 2015-02-30\n", YJPI_E_BAD_DATE, 1, 8,
         "t.yaml:1:8: as_of: expected a calendar date YYYY-MM-DD, got \"2015-02-30\""},
        {"history_start: 2005-1-1\n", YJPI_E_BAD_DATE, 1, 16,
         "t.yaml:1:16: history_start: expected a calendar date YYYY-MM-DD, got \"2005-1-1\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_error(&cases[i]);

    /* A malformed period key; the text after our prefix is the period
     * parser's own explanation. "    values: {\"2013/15\": 5}": key at 14. */
    const char *yaml = "benchmarks:\n  - name: E&W\n    indicator: fte_rate\n"
                       "    values: {\"2013/15\": 5}\n";
    yjpi_reference *ref = NULL;
    yjpi_error err;
    assert_int_equal(yjpi_reference_parse(yaml, strlen(yaml), "t.yaml", &ref, &err),
                     YJPI_E_PERIOD);
    assert_null(ref);
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 14);
    const char *prefix = "t.yaml:4:14: benchmarks[0].values: period \"2013/15\"";
    if (strncmp(err.message, prefix, strlen(prefix)) != 0)
        fail_msg("got %s", err.message);
    /* an impossible date inside a period is a date error */
    yaml = "targets:\n  - {indicator: fte_count, max: 1, period: 2013-02-30..2014-01-01}\n";
    assert_int_equal(yjpi_reference_parse(yaml, strlen(yaml), "t.yaml", &ref, &err),
                     YJPI_E_BAD_DATE);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 44);
    prefix = "t.yaml:2:44: targets[0].period: ";
    assert_int_equal(strncmp(err.message, prefix, strlen(prefix)), 0);
}

static void test_error_documents(void **state)
{
    (void)state;
    yjpi_reference *ref = NULL;
    yjpi_error err;
    /* second document: its "---" is line 2, column 1 */
    assert_int_equal(yjpi_reference_load(DATA "two_documents.yaml", &ref, &err), YJPI_E_YAML);
    assert_null(ref);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 1);
    assert_string_equal(err.message, DATA "two_documents.yaml:2:1: a reference file holds one "
                                          "YAML document; a second one starts here");

    assert_int_equal(yjpi_reference_load(DATA "empty.yaml", &ref, &err), YJPI_E_EMPTY_FILE);
    assert_null(ref);
    assert_string_equal(err.message, DATA "empty.yaml: empty reference file");
    assert_int_equal(yjpi_reference_parse("# nothing\n", 10, "t.yaml", &ref, &err),
                     YJPI_E_EMPTY_FILE);
    assert_int_equal(yjpi_reference_parse("---\n", 4, "t.yaml", &ref, &err), YJPI_E_EMPTY_FILE);
    assert_null(ref);
}

static void test_error_yaml_syntax(void **state)
{
    (void)state;
    /* libyaml: a second ": " on one line is "mapping values are not allowed
     * in this context", marked at that colon (column 9). */
    static const error_case c = {
        "as_of: a: b\n", YJPI_E_YAML, 1, 9,
        "t.yaml:1:9: YAML error: mapping values are not allowed in this context"};
    check_error(&c);
    /* invalid UTF-8 (a lone continuation byte) after "as_of: " on line 2:
     * column 8; with "é" (2 bytes, 1 character) before it, still column 8 */
    static const char bad[] = "{}\nas_of: \x80\n";
    static const char bad2[] = "{}\n\xc3\xa9s_of: \x80\n";
    yjpi_reference *ref = NULL;
    yjpi_error err;
    assert_int_equal(yjpi_reference_parse(bad, sizeof bad - 1, "t.yaml", &ref, &err),
                     YJPI_E_YAML);
    assert_null(ref);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 8);
    assert_string_equal(err.message,
                        "t.yaml:2:8: YAML error: invalid leading UTF-8 octet (byte 0x80)");
    assert_int_equal(yjpi_reference_parse(bad2, sizeof bad2 - 1, "t.yaml", &ref, &err),
                     YJPI_E_YAML);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 8);
    /* an unclosed flow sequence: libyaml marks where it gave up and names
     * where the sequence began */
    static const error_case open_seq = {
        "targets: [1, 2\n", YJPI_E_YAML, 2, 1,
        "t.yaml:2:1: YAML error: did not find expected ',' or ']' while parsing a flow "
        "sequence (line 1, column 10)"};
    check_error(&open_seq);
}

static void test_error_io(void **state)
{
    (void)state;
    yjpi_reference *ref = (yjpi_reference *)&ref;
    yjpi_error err;
    assert_int_equal(yjpi_reference_load(DATA "no-such-file.yaml", &ref, &err), YJPI_E_IO);
    assert_null(ref);
    char expected[512];
    snprintf(expected, sizeof expected, "%s: cannot open: %s", DATA "no-such-file.yaml",
             strerror(ENOENT));
    assert_string_equal(err.message, expected);
    assert_int_equal(yjpi_reference_load(NULL, &ref, &err), YJPI_E_ARGUMENT);
}

/* ---- Setters, getters ---------------------------------------------------- */

static void test_options_roundtrip(void **state)
{
    (void)state;
    yjpi_reference *ref = yjpi_reference_new();
    assert_non_null(ref);
    yjpi_options o;
    YJPI_INIT(o);
    assert_int_equal(yjpi_options_default(&o), YJPI_OK);
    assert_int_equal(o.size, sizeof o);
    assert_int_equal(o.cohort_months, 3);
    assert_true(o.confidence == 0.95);
    o.cohort_months = 12;
    o.confidence = 0.998;
    o.round_to = 5;
    strcpy(o.reference_ethnicity, "Asian");
    assert_int_equal(yjpi_reference_set_options(ref, &o), YJPI_OK);
    yjpi_options back;
    YJPI_INIT(back);
    assert_int_equal(yjpi_reference_get_options(ref, &back), YJPI_OK);
    assert_memory_equal(&back, &o, sizeof o);

    /* out of range: refused, options unchanged */
    yjpi_options bad = o;
    bad.confidence = 1.0;
    assert_int_equal(yjpi_reference_set_options(ref, &bad), YJPI_E_ARGUMENT);
    bad = o;
    bad.cohort_months = 6;
    assert_int_equal(yjpi_reference_set_options(ref, &bad), YJPI_E_ARGUMENT);
    bad = o;
    bad.round_to = 0;
    assert_int_equal(yjpi_reference_set_options(ref, &bad), YJPI_E_ARGUMENT);
    bad = o;
    bad.reference_ethnicity[0] = '\0';
    assert_int_equal(yjpi_reference_set_options(ref, &bad), YJPI_E_ARGUMENT);
    YJPI_INIT(back);
    assert_int_equal(yjpi_reference_get_options(ref, &back), YJPI_OK);
    assert_memory_equal(&back, &o, sizeof o);

    /* an older, shorter struct: only its bytes are written */
    unsigned char raw[sizeof(yjpi_options)];
    memset(raw, 0xAB, sizeof raw);
    yjpi_options *small = (yjpi_options *)(void *)raw;
    small->size = offsetof(yjpi_options, confidence);
    assert_int_equal(yjpi_reference_get_options(ref, small), YJPI_OK);
    assert_int_equal(small->size, offsetof(yjpi_options, confidence));
    assert_int_equal(small->cohort_months, 12);
    for (size_t i = offsetof(yjpi_options, confidence); i < sizeof raw; i++)
        assert_int_equal(raw[i], 0xAB);
    memset(raw, 0xAB, sizeof raw);
    small->size = offsetof(yjpi_options, confidence);
    assert_int_equal(yjpi_options_default(small), YJPI_OK);
    assert_int_equal(small->followup_months, 12);
    assert_int_equal(raw[sizeof raw - 1], 0xAB);
    /* setting from the short struct: later fields take their defaults */
    small->cohort_months = 12;
    assert_int_equal(yjpi_reference_set_options(ref, small), YJPI_OK);
    YJPI_INIT(back);
    assert_int_equal(yjpi_reference_get_options(ref, &back), YJPI_OK);
    assert_int_equal(back.cohort_months, 12);
    assert_true(back.confidence == 0.95);
    assert_string_equal(back.reference_ethnicity, "White");

    /* the internal accessor */
    yjpi_options in;
    yjpi__reference_options(NULL, &in);
    assert_int_equal(in.size, sizeof in);
    assert_int_equal(in.trend_min_points, 5);
    yjpi__reference_options(ref, &in);
    assert_int_equal(in.cohort_months, 12);

    o.size = 0;
    assert_int_equal(yjpi_reference_get_options(ref, &o), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_options_default(NULL), YJPI_E_ARGUMENT);
    yjpi_reference_free(ref);
}

static void test_dates_roundtrip(void **state)
{
    (void)state;
    yjpi_reference *ref = yjpi_reference_new();
    assert_int_equal(yjpi_reference_as_of(ref), YJPI_NO_DATE);
    assert_int_equal(yjpi_reference_set_as_of(ref, ymd(2016, 3, 31)), YJPI_OK);
    assert_int_equal(yjpi_reference_as_of(ref), ymd(2016, 3, 31));
    assert_int_equal(yjpi_reference_set_history_start(ref, ymd(2000, 4, 1)), YJPI_OK);
    assert_int_equal(yjpi_reference_history_start(ref), ymd(2000, 4, 1));
    assert_int_equal(yjpi_reference_set_as_of(ref, YJPI_NO_DATE), YJPI_OK);
    assert_int_equal(yjpi_reference_as_of(ref), YJPI_NO_DATE);
    /* 3,000,000 days after 1970 is past 9999-12-31 */
    assert_int_equal(yjpi_reference_set_as_of(ref, 3000000), YJPI_E_ARGUMENT);
    yjpi_reference_free(ref);
}

static void test_population(void **state)
{
    (void)state;
    yjpi_reference *ref = parse_ok("populations:\n"
                                   "  A1: {2013: 100, 2014: 120}\n"
                                   "  A2: {2014: 250}\n"
                                   "  A3: {2014: 0}\n"
                                   "  A1/ethnicity: {2014: {White: 80, Black: 40}}\n"
                                   "  A2/ethnicity: {2014: {Asian: 50, White: 200}}\n");
    /* 2014: 120 + 250 + 0 = 370 over the three areas */
    assert_true(pop(ref, "*", NULL, 2014) == 370);
    /* 2013: only A1 */
    assert_true(pop(ref, "*", NULL, 2013) == 100);
    /* a zero population is stored */
    assert_true(pop(ref, "A3", NULL, 2014) == 0);
    /* White 2014: 80 + 200 */
    assert_true(pop(ref, "*", "White", 2014) == 280);
    assert_true(pop(ref, "A2", "Asian", 2014) == 50);

    double v = 42;
    assert_int_equal(yjpi_reference_population(ref, "*", NULL, 2015, &v), YJPI_E_NOT_FOUND);
    assert_int_equal(yjpi_reference_population(ref, "A2", NULL, 2013, &v), YJPI_E_NOT_FOUND);
    assert_int_equal(yjpi_reference_population(ref, "B9", NULL, 2014, &v), YJPI_E_NOT_FOUND);
    assert_int_equal(yjpi_reference_population(ref, "A1", "Mixed", 2014, &v), YJPI_E_NOT_FOUND);
    assert_int_equal(yjpi_reference_population(ref, "A3", "White", 2014, &v), YJPI_E_NOT_FOUND);
    assert_true(v == 42);
    assert_int_equal(yjpi_reference_population(ref, NULL, NULL, 2014, &v), YJPI_E_ARGUMENT);

    /* groups: A2 in its own order; "*" the union in first-seen order */
    assert_int_equal(yjpi_reference_population_group_count(ref, "A2", 2014), 2);
    assert_string_equal(yjpi_reference_population_group(ref, "A2", 2014, 0), "White");
    assert_string_equal(yjpi_reference_population_group(ref, "A2", 2014, 1), "Asian");
    assert_int_equal(yjpi_reference_population_group_count(ref, "*", 2014), 3);
    assert_string_equal(yjpi_reference_population_group(ref, "*", 2014, 2), "Asian");

    /* areas from populations, in first-seen order */
    assert_int_equal(yjpi_reference_area_count(ref), 3);
    assert_string_equal(yjpi_reference_area_code(ref, 2), "A3");

    /* setter: add and replace */
    assert_int_equal(yjpi_reference_set_population(ref, "A3", NULL, 2014, 30), YJPI_OK);
    assert_true(pop(ref, "*", NULL, 2014) == 400);
    assert_int_equal(yjpi_reference_set_population(ref, "A4", "Other", 2014, 7), YJPI_OK);
    assert_true(pop(ref, "A4", "Other", 2014) == 7);
    assert_int_equal(yjpi_reference_area_count(ref), 4);
    assert_int_equal(yjpi_reference_set_population(ref, "A1", NULL, 2014, -1), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_reference_set_population(ref, "A1", NULL, 2014, NAN), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_reference_set_population(ref, "A1", NULL, 2014, INFINITY),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_reference_set_population(ref, "A1", NULL, 2014, -INFINITY),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_reference_set_population(ref, "A1", NULL, 2014, 1e23), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_reference_set_population(ref, "A1", "White", 2014, 1e9 + 1),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_reference_set_population(ref, "A/B", NULL, 2014, 1), YJPI_E_ARGUMENT);
    assert_true(pop(ref, "A1", NULL, 2014) == 120);
    assert_int_equal(yjpi_reference_set_population(ref, "A8", NULL, 2014, 1e9), YJPI_OK);
    assert_int_equal(yjpi_reference_set_population(ref, "A8", NULL, 2014, 0), YJPI_OK);
    /* "*": all areas together's own population, which wins over the sum */
    assert_int_equal(yjpi_reference_set_population(ref, "*", NULL, 2014, 1), YJPI_OK);
    assert_true(pop(ref, "*", NULL, 2014) == 1);
    assert_true(pop(ref, "*", NULL, 2013) == 100);
    assert_int_equal(yjpi_reference_set_population(ref, "*", NULL, 2014, NAN), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_reference_area_count(ref), 5);

    /* many values: the hash table grows past its first size */
    for (int y = 1900; y < 2100; y++)
        assert_int_equal(yjpi_reference_set_population(ref, "A9", NULL, y, y * 2.0), YJPI_OK);
    for (int y = 1900; y < 2100; y++)
        assert_true(pop(ref, "A9", NULL, y) == y * 2.0);
    yjpi_reference_free(ref);
}

/* "*" in populations: all areas together (e.g. England and Wales), not an
 * area; it wins over the sum of the areas. */
static void test_population_star(void **state)
{
    (void)state;
    yjpi_reference *ref = parse_ok("populations:\n"
                                   "  E1: {2014: 100}\n"
                                   "  \"*\":\n"
                                   "    2014: 5200000\n"
                                   "  \"*/ethnicity\": {2014: {White: 4000000, Black: 300000}}\n"
                                   "  E1/ethnicity: {2014: {White: 90}}\n"
                                   "  E2: {2015: 1000000000, 2016: 0}\n");
    assert_true(pop(ref, "*", NULL, 2014) == 5200000);
    assert_true(pop(ref, "*", "White", 2014) == 4000000);
    assert_true(pop(ref, "*", "Black", 2014) == 300000);
    assert_true(pop(ref, "*", NULL, 2015) == 1e9);
    assert_true(pop(ref, "E1", "White", 2014) == 90);
    double v;
    assert_int_equal(yjpi_reference_population(ref, "E1", "Black", 2014, &v), YJPI_E_NOT_FOUND);
    assert_int_equal(yjpi_reference_population_group_count(ref, "*", 2014), 2);
    /* "*" is not an area of the reference */
    assert_int_equal(yjpi_reference_area_count(ref), 2);
    assert_string_equal(yjpi_reference_area_code(ref, 0), "E1");
    assert_string_equal(yjpi_reference_area_code(ref, 1), "E2");
    yjpi_reference *c = yjpi__reference_clone(ref);
    assert_non_null(c);
    assert_true(pop(c, "*", NULL, 2014) == 5200000);
    yjpi_reference_free(c);
    yjpi_reference_free(ref);
}

static void test_areas(void **state)
{
    (void)state;
    yjpi_reference *ref = yjpi_reference_new();
    assert_int_equal(yjpi_reference_set_area(ref, "E1", "Name", NULL, "Region"), YJPI_OK);
    assert_int_equal(yjpi_reference_set_area(ref, "E1", NULL, "F1", NULL), YJPI_OK);
    assert_string_equal(yjpi_reference_area_name(ref, "E1"), "Name");
    assert_string_equal(yjpi_reference_area_family(ref, "E1"), "F1");
    assert_string_equal(yjpi_reference_area_region(ref, "E1"), "Region");
    assert_int_equal(yjpi_reference_set_area(ref, "", "x", NULL, NULL), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_reference_set_area(ref, "E2", "", NULL, NULL), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_reference_area_count(ref), 1);
    yjpi_reference_free(ref);
}

static void test_outcome_map(void **state)
{
    (void)state;
    yjpi_reference *ref = parse_ok("outcome_map:\n"
                                   "  \" Referral Order \": referral_order\n"
                                   "  Custody: custody\n");
    /* surrounding spaces and tabs of the input label are ignored */
    const char *l1 = "  Referral Order\t";
    assert_string_equal(yjpi_reference_map_outcome(ref, l1, strlen(l1)), "referral_order");
    assert_string_equal(yjpi_reference_map_outcome(ref, "Referral Order", 14), "referral_order");
    /* len bounds the label: "Custody" out of "Custody order" */
    assert_string_equal(yjpi_reference_map_outcome(ref, "Custody order", 7), "custody");
    /* exact otherwise: case and inner spaces matter */
    assert_null(yjpi_reference_map_outcome(ref, "referral order", 14));
    assert_null(yjpi_reference_map_outcome(ref, "Referral  Order", 15));
    assert_null(yjpi_reference_map_outcome(ref, "   ", 3));

    assert_int_equal(yjpi_reference_add_outcome_map(ref, "  DTO ", "detention_and_training_order"),
                     YJPI_OK);
    assert_string_equal(yjpi_reference_map_outcome(ref, "DTO", 3), "detention_and_training_order");
    assert_int_equal(yjpi_reference_add_outcome_map(ref, "X", "not_a_code"),
                     YJPI_E_UNKNOWN_OUTCOME);
    assert_null(yjpi_reference_map_outcome(ref, "X", 1));
    assert_int_equal(yjpi_reference_add_outcome_map(ref, " ", "fine"), YJPI_E_ARGUMENT);
    /* replacing a mapping */
    assert_int_equal(yjpi_reference_add_outcome_map(ref, "DTO", "other_custody"), YJPI_OK);
    assert_string_equal(yjpi_reference_map_outcome(ref, "DTO", 3), "other_custody");
    yjpi_reference_free(ref);
}

static void test_benchmarks_targets_api(void **state)
{
    (void)state;
    yjpi_reference *ref = yjpi_reference_new();
    yjpi_period fy = period("2013/14");
    /* the same dates named as a range: a different period for lookups */
    yjpi_period range = period("2013-04-01..2014-03-31");
    assert_int_equal(range.start, fy.start);
    assert_int_equal(range.end, fy.end);
    assert_int_equal(yjpi_reference_add_benchmark(ref, "E&W", YJPI_FTE_RATE, &fy, 409), YJPI_OK);
    assert_int_equal(yjpi_reference_add_benchmark(ref, "E&W", YJPI_FTE_RATE, &range, 1), YJPI_OK);
    assert_int_equal(yjpi_reference_add_benchmark(ref, "E&W", YJPI_BINARY_RATE, &fy, 37.1),
                     YJPI_OK);
    assert_int_equal(yjpi_reference_benchmark_count(ref), 2);
    double v;
    assert_int_equal(yjpi_reference_benchmark_value(ref, 0, &fy, &v), YJPI_OK);
    assert_true(v == 409);
    assert_int_equal(yjpi_reference_benchmark_value(ref, 0, &range, &v), YJPI_OK);
    assert_true(v == 1);
    /* replace */
    assert_int_equal(yjpi_reference_add_benchmark(ref, "E&W", YJPI_FTE_RATE, &fy, 410), YJPI_OK);
    assert_int_equal(yjpi_reference_benchmark_value(ref, 0, &fy, &v), YJPI_OK);
    assert_true(v == 410);
    assert_int_equal(yjpi_reference_benchmark_value(ref, 5, &fy, &v), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_reference_add_benchmark(ref, "E&W", 99, &fy, 1), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_reference_add_benchmark(ref, "E&W", YJPI_FTE_RATE, &fy, INFINITY),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_reference_add_benchmark(ref, "E&W", YJPI_FTE_RATE, &fy, NAN),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_reference_add_benchmark(ref, "E&W", YJPI_FTE_RATE, &fy, -INFINITY),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_reference_add_target(ref, YJPI_FTE_COUNT, YJPI_TARGET_MAX, &fy, NAN,
                                               NULL),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_reference_add_target(ref, YJPI_FTE_COUNT, YJPI_TARGET_MAX, &fy,
                                               INFINITY, NULL),
                     YJPI_E_ARGUMENT);

    assert_int_equal(yjpi_reference_add_target(ref, YJPI_FTE_COUNT, YJPI_TARGET_CHANGE_MAX, &fy,
                                               -5, "E06000044"),
                     YJPI_OK);
    assert_int_equal(yjpi_reference_add_target(ref, YJPI_CUSTODY_RATE, YJPI_TARGET_MIN, &fy, 0,
                                               NULL),
                     YJPI_OK);
    assert_int_equal(yjpi_reference_add_target(ref, YJPI_CUSTODY_RATE, 9, &fy, 0, NULL),
                     YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_reference_target_count(ref), 2);
    yjpi_target t;
    YJPI_INIT(t);
    assert_int_equal(yjpi_reference_target(ref, 0, &t), YJPI_OK);
    assert_string_equal(t.area, "E06000044");
    assert_true(t.bound == -5);
    assert_int_equal(yjpi_reference_target(ref, 1, &t), YJPI_OK);
    assert_string_equal(t.area, "*");
    assert_int_equal(t.kind, YJPI_TARGET_MIN);
    yjpi_reference_free(ref);
}

/* Targets and benchmarks from YAML: area, kinds, quoted periods. */
static void test_targets_yaml(void **state)
{
    (void)state;
    yjpi_reference *ref = parse_ok("targets:\n"
                                   "  - {indicator: binary_rate, period: \"2014/15 Q1\", min: 1,"
                                   " area: E06000044}\n"
                                   "  - {indicator: custody_rate, period: 2014, change_min: 2.5}\n"
                                   "benchmarks:\n"
                                   "  - name: London\n"
                                   "    indicator: custody_rate\n"
                                   "    values: {2014: 0.75, \"2014 Q2\": -0.5}\n");
    yjpi_target t;
    YJPI_INIT(t);
    assert_int_equal(yjpi_reference_target(ref, 0, &t), YJPI_OK);
    yjpi_period q1 = period("2014/15 Q1");
    assert_memory_equal(&t.period, &q1, sizeof q1);
    assert_int_equal(t.kind, YJPI_TARGET_MIN);
    assert_string_equal(t.area, "E06000044");
    assert_int_equal(yjpi_reference_target(ref, 1, &t), YJPI_OK);
    assert_int_equal(t.kind, YJPI_TARGET_CHANGE_MIN);
    assert_true(t.bound == 2.5);
    yjpi_period y2014 = period("2014"), q2 = period("2014 Q2");
    double v;
    assert_int_equal(yjpi_reference_benchmark_value(ref, 0, &y2014, &v), YJPI_OK);
    assert_true(v == 0.75);
    assert_int_equal(yjpi_reference_benchmark_value(ref, 0, &q2, &v), YJPI_OK);
    assert_true(v == -0.5);
    yjpi_reference_free(ref);
}

/* ---- Clone ----------------------------------------------------------------- */

static void test_clone(void **state)
{
    (void)state;
    yjpi_reference *ref = NULL;
    assert_int_equal(yjpi_reference_load(DATA "example.yaml", &ref, NULL), YJPI_OK);
    assert_int_equal(yjpi_reference_set_population(ref, "E06000045", NULL, 2014, 20000), YJPI_OK);
    yjpi_reference *c = yjpi__reference_clone(ref);
    assert_non_null(c);

    yjpi_options a, b;
    yjpi__reference_options(ref, &a);
    yjpi__reference_options(c, &b);
    assert_memory_equal(&a, &b, sizeof a);
    assert_int_equal(yjpi_reference_as_of(c), yjpi_reference_as_of(ref));
    assert_int_equal(yjpi_reference_history_start(c), yjpi_reference_history_start(ref));
    assert_int_equal(yjpi_reference_area_count(c), 2);
    for (size_t i = 0; i < 2; i++)
        assert_string_equal(yjpi_reference_area_code(c, i), yjpi_reference_area_code(ref, i));
    assert_string_equal(yjpi_reference_area_region(c, "E06000044"), "South East");
    assert_true(pop(c, "*", NULL, 2014) == 37000);
    assert_true(pop(c, "E06000044", "Mixed", 2014) == 900);
    assert_int_equal(yjpi_reference_population_group_count(c, "E06000044", 2014), 5);
    assert_string_equal(yjpi_reference_population_group(c, "E06000044", 2014, 4), "Other");
    assert_string_equal(yjpi_reference_map_outcome(c, "YRO", 3), "youth_rehabilitation_order");
    assert_int_equal(yjpi_reference_benchmark_count(c), 2);
    yjpi_period p = period("2013/14");
    double v;
    assert_int_equal(yjpi_reference_benchmark_value(c, 1, &p, &v), YJPI_OK);
    assert_true(v == 37.1);
    assert_int_equal(yjpi_reference_target_count(c), 2);
    yjpi_target ta, tb;
    YJPI_INIT(ta);
    YJPI_INIT(tb);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(yjpi_reference_target(ref, i, &ta), YJPI_OK);
        assert_int_equal(yjpi_reference_target(c, i, &tb), YJPI_OK);
        assert_int_equal(ta.indicator, tb.indicator);
        assert_int_equal(ta.kind, tb.kind);
        assert_memory_equal(&ta.period, &tb.period, sizeof ta.period);
        assert_true(ta.bound == tb.bound);
        assert_string_equal(ta.area, tb.area);
    }

    /* independent: changing one leaves the other */
    assert_int_equal(yjpi_reference_set_population(c, "E06000044", NULL, 2014, 1), YJPI_OK);
    assert_int_equal(yjpi_reference_add_outcome_map(c, "YRO", "fine"), YJPI_OK);
    assert_true(pop(ref, "E06000044", NULL, 2014) == 17000);
    assert_string_equal(yjpi_reference_map_outcome(ref, "YRO", 3), "youth_rehabilitation_order");
    yjpi_reference_free(ref);
    /* the clone outlives the original */
    assert_string_equal(yjpi_reference_area_name(c, "E06000044"), "Portsmouth");
    yjpi_reference_free(c);

    /* NULL clones to a default reference */
    c = yjpi__reference_clone(NULL);
    assert_non_null(c);
    assert_int_equal(yjpi_reference_area_count(c), 0);
    yjpi_reference_free(c);
}

/* ---- Allocation failures ----------------------------------------------------- */

static long alloc_budget = -1; /* allocations left before failing; -1 = unlimited */
static long alloc_failures = 0;

static bool alloc_take(void)
{
    if (alloc_budget < 0)
        return true;
    if (alloc_budget == 0) {
        alloc_failures++;
        return false;
    }
    alloc_budget--;
    return true;
}

static void *fail_malloc(size_t n, void *u)
{
    (void)u;
    return alloc_take() ? malloc(n) : NULL;
}

static void *fail_realloc(void *p, size_t n, void *u)
{
    (void)u;
    return alloc_take() ? realloc(p, n) : NULL;
}

static void fail_free(void *p, void *u)
{
    (void)u;
    free(p);
}

/* Fail the 1st, 2nd, ... allocation of a full load and of a clone: each
 * run ends in YJPI_E_NOMEM with *out NULL (ASan checks nothing leaks) until
 * the budget is large enough to succeed. */
static void test_allocation_failures(void **state)
{
    (void)state;
    assert_int_equal(yjpi_set_allocator(fail_malloc, fail_realloc, fail_free, NULL), YJPI_OK);
    bool succeeded = false;
    for (long budget = 0; budget < 100000 && !succeeded; budget++) {
        alloc_budget = budget;
        alloc_failures = 0;
        yjpi_reference *ref = NULL;
        yjpi_error err;
        int rc = yjpi_reference_load(DATA "example.yaml", &ref, &err);
        alloc_budget = -1;
        if (rc == YJPI_OK) {
            assert_int_equal(alloc_failures, 0);
            succeeded = true;
            yjpi_reference_free(ref);
        } else {
            if (rc != YJPI_E_NOMEM)
                fail_msg("budget %ld: %s", budget, err.message);
            assert_null(ref);
        }
    }
    assert_true(succeeded);

    yjpi_reference *ref = NULL;
    assert_int_equal(yjpi_reference_load(DATA "example.yaml", &ref, NULL), YJPI_OK);
    succeeded = false;
    for (long budget = 0; budget < 100000 && !succeeded; budget++) {
        alloc_budget = budget;
        yjpi_reference *c = yjpi__reference_clone(ref);
        alloc_budget = -1;
        if (c) {
            assert_true(pop(c, "E06000044", "Black", 2014) == 700);
            succeeded = true;
        }
        yjpi_reference_free(c);
    }
    assert_true(succeeded);
    /* setters: a failed call leaves a usable, freeable handle */
    for (long budget = 0; budget < 8; budget++) {
        alloc_budget = budget;
        int rc = yjpi_reference_set_population(ref, "NEW", "Group", 2020, 5);
        alloc_budget = -1;
        assert_true(rc == YJPI_OK || rc == YJPI_E_NOMEM);
    }
    assert_true(pop(ref, "NEW", "Group", 2020) == 5);
    yjpi_reference_free(ref);
    assert_int_equal(yjpi_set_allocator(NULL, NULL, NULL, NULL), YJPI_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_file),
        cmocka_unit_test(test_options_read),
        cmocka_unit_test(test_empty_mapping),
        cmocka_unit_test(test_error_unknown_key),
        cmocka_unit_test(test_error_duplicate_key),
        cmocka_unit_test(test_error_alias),
        cmocka_unit_test(test_billion_laughs),
        cmocka_unit_test(test_error_tag),
        cmocka_unit_test(test_error_type),
        cmocka_unit_test(test_error_missing_key_and_outcome),
        cmocka_unit_test(test_error_nesting),
        cmocka_unit_test(test_error_dates_periods),
        cmocka_unit_test(test_error_documents),
        cmocka_unit_test(test_error_yaml_syntax),
        cmocka_unit_test(test_error_io),
        cmocka_unit_test(test_options_roundtrip),
        cmocka_unit_test(test_dates_roundtrip),
        cmocka_unit_test(test_population_star),
        cmocka_unit_test(test_population),
        cmocka_unit_test(test_areas),
        cmocka_unit_test(test_outcome_map),
        cmocka_unit_test(test_benchmarks_targets_api),
        cmocka_unit_test(test_targets_yaml),
        cmocka_unit_test(test_clone),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
