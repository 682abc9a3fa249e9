/* test_oom.c - allocation failure injection.
 *
 * An allocator hook (yjpi_set_allocator) counts live blocks and can fail the
 * Nth allocation (malloc or realloc) made inside the call under test.  For
 * each path below and each N = 1, 2, ...: set up with working allocation,
 * arm the hook, make the call, disarm, free everything.  Each run must
 *  - return YJPI_E_NOMEM (with err.code YJPI_E_NOMEM) when the failure was
 *    injected, or YJPI_OK when the call made fewer than N allocations
 *    (that ends the sweep: N is past the last allocation point); an
 *    allocation the call can do without (finish gives back slack with a
 *    realloc it may skip) may also give YJPI_OK, counted as "optional";
 *  - leave its handles freeable, and nothing live after freeing them all
 *    (live blocks counted by the hook return to 0).
 * libyaml and GSL allocate with their own malloc (not hookable); their
 * memory is checked by the ASan build (LeakSanitizer) instead.
 * The number of allocation points swept per path is printed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "yjpi/columns.h"

/* ---- the hook ------------------------------------------------------------- */

typedef struct hook {
    long live;          /* blocks allocated and not freed */
    long calls;         /* allocations while armed */
    long fail_at;       /* fail the fail_at-th armed allocation; 0 = never */
    int armed;
    int injected;       /* a failure was returned */
} hook;
static hook H;

/* Each block carries its size in a 16-byte header (keeps max_align_t). */
#define HDR 16

static int should_fail(void)
{
    if (!H.armed)
        return 0;
    H.calls++;
    if (H.fail_at && H.calls == H.fail_at) {
        H.injected = 1;
        return 1;
    }
    return 0;
}

static void *h_malloc(size_t size, void *user)
{
    (void)user;
    if (should_fail() || size > SIZE_MAX - HDR)
        return NULL;
    unsigned char *p = malloc(size + HDR);
    if (!p)
        return NULL;
    H.live++;
    return p + HDR;
}

static void *h_realloc(void *ptr, size_t size, void *user)
{
    (void)user;
    if (!ptr)
        return h_malloc(size, user);
    if (should_fail() || size > SIZE_MAX - HDR)
        return NULL;
    unsigned char *p = realloc((unsigned char *)ptr - HDR, size + HDR);
    return p ? p + HDR : NULL;
}

static void h_free(void *ptr, void *user)
{
    (void)user;
    if (!ptr)
        return;
    H.live--;
    free((unsigned char *)ptr - HDR);
}

static void arm(long n) { H.calls = 0; H.fail_at = n; H.injected = 0; H.armed = 1; }
static void disarm(void) { H.armed = 0; }

static int setup(void **state)
{
    (void)state;
    memset(&H, 0, sizeof H);
    return yjpi_set_allocator(h_malloc, h_realloc, h_free, NULL);
}

static int teardown(void **state)
{
    (void)state;
    return yjpi_set_allocator(NULL, NULL, NULL, NULL);
}

/* ---- inputs --------------------------------------------------------------- */

static char *slurp(const char *path, size_t max_lines, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    size_t cap = 1 << 20, n = 0, lines = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    int c;
    while ((c = fgetc(f)) != EOF && n + 1 < cap) {
        buf[n++] = (char)c;
        if (c == '\n' && ++lines == max_lines)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static char *g_ref_text, *g_csv, *g_bad_csv;
static size_t g_ref_len, g_csv_len, g_bad_len;

static yjpi_reference *load_ref(void)
{
    yjpi_reference *ref = NULL;
    assert_int_equal(yjpi_reference_parse(g_ref_text, g_ref_len, "ref", &ref, NULL), YJPI_OK);
    return ref;
}

static yjpi_dataset *load_ds(const yjpi_reference *ref, int finish)
{
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(ref, &ds), YJPI_OK);
    assert_int_equal(yjpi_dataset_read_csv_buffer(ds, g_csv, g_csv_len, "c", NULL, NULL),
                     YJPI_OK);
    if (finish)
        assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    return ds;
}

/* ---- the sweep ------------------------------------------------------------ */

/* One run of a path with the n-th allocation failing (0: none).  Returns
 * the call's status; *err holds its error struct when it has one. */
typedef int (*path_fn)(long n, yjpi_error *err);

static long sweep(const char *name, path_fn fn)
{
    long n, absorbed = 0;
    for (n = 1; n < 1000000; n++) {
        yjpi_error err;
        memset(&err, 0, sizeof err);
        err.code = -1;
        int rc = fn(n, &err);
        if (H.live != 0)
            fail_msg("%s: failing allocation %ld: %ld blocks still live after "
                     "freeing everything (rc %d)", name, n, H.live, rc);
        if (!H.injected) {
            if (rc != YJPI_OK)
                fail_msg("%s: no failure injected at %ld but rc %d (%s)", name, n,
                         rc, err.message);
            break;
        }
        if (rc == YJPI_OK) {
            /* An optional allocation (e.g. giving back slack with realloc)
             * may fail without failing the call. */
            absorbed++;
            continue;
        }
        if (rc != YJPI_E_NOMEM)
            fail_msg("%s: allocation %ld failed, call returned %d, not "
                     "YJPI_E_NOMEM (%s)", name, n, rc, err.message);
        if (err.code != -1 && err.code != YJPI_E_NOMEM)
            fail_msg("%s: allocation %ld: err.code %d", name, n, err.code);
    }
    printf("[ oom      ] %-28s %ld allocation points swept (%ld optional)\n",
           name, n - 1, absorbed);
    assert_true(n > 1);  /* every path allocates */
    return n - 1;
}

/* Paths.  Each arms the hook only around the call under test. */

static int p_reference_parse(long n, yjpi_error *err)
{
    yjpi_reference *ref = (yjpi_reference *)&ref;
    arm(n);
    int rc = yjpi_reference_parse(g_ref_text, g_ref_len, "ref", &ref, err);
    disarm();
    if (rc != YJPI_OK)
        assert_null(ref);
    yjpi_reference_free(rc == YJPI_OK ? ref : NULL);
    return rc;
}

static int p_dataset_new(long n, yjpi_error *err)
{
    (void)err;
    yjpi_reference *ref = load_ref();
    yjpi_dataset *ds = NULL;
    arm(n);
    int rc = yjpi_dataset_new(ref, &ds);
    disarm();
    if (rc != YJPI_OK)
        assert_null(ds);
    yjpi_dataset_free(ds);
    yjpi_reference_free(ref);
    return rc;
}

static int read_path(long n, yjpi_error *err, const char *text, size_t len, int lenient)
{
    yjpi_reference *ref = load_ref();
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(ref, &ds), YJPI_OK);
    yjpi_read_options o;
    YJPI_INIT(o);
    o.lenient = lenient;
    arm(n);
    int rc = yjpi_dataset_read_csv_buffer(ds, text, len, "c", &o, err);
    disarm();
    if (rc == YJPI_OK) {
        /* the handle is still usable after the failed allocations */
        assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    }
    yjpi_dataset_free(ds);
    yjpi_reference_free(ref);
    return rc;
}

static int p_read_strict(long n, yjpi_error *err) { return read_path(n, err, g_csv, g_csv_len, 0); }
static int p_read_lenient(long n, yjpi_error *err) { return read_path(n, err, g_bad_csv, g_bad_len, 1); }

static int p_add_record(long n, yjpi_error *err)
{
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    static const char *const ids[] = { "a", "b", "c", "a", "d", "e" };
    static const char *const eth[] = { "White", "Black", "", "White", "Asian", "Mixed" };
    static const char *const out[] = { "youth_caution", "fine", "referral_order",
                                       "other_custody", "bogus", "triage" };
    int rc = YJPI_OK;
    arm(n);
    for (size_t i = 0; i < 6 && rc != YJPI_E_NOMEM; i++) {
        yjpi_record r;
        YJPI_INIT(r);
        r.person_id = ids[i];
        r.birth_date = "2000-01-01";
        r.area = i % 2 ? "E1" : "E2";
        r.offence_date = "2014-05-01";
        r.outcome_date = "2014-06-01";
        r.outcome = out[i];
        r.release_date = i == 3 ? "2014-09-01" : NULL;
        r.ethnicity = eth[i];
        r.offence_type = "Theft";
        rc = yjpi_dataset_add_record(ds, &r, err);
        if (rc == YJPI_E_UNKNOWN_OUTCOME)   /* "bogus": a rejected record */
            rc = YJPI_OK;
    }
    disarm();
    yjpi_dataset_free(ds);
    return rc;
}

/* The same six rows as p_add_record, column by column, lenient (the
 * "bogus" outcome's message kept). */
static int p_add_columns(long n, yjpi_error *err)
{
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    static const char ids[] = "a\0b\0c\0a\0d\0e";
    static const char dates[] = "2000-01-01\0002000-01-01\0002000-01-01\000"
                                "2000-01-01\0002000-01-01\0002000-01-01";
    static const char areas[] = "E2\0E1\0E2\0E1\0E2\0E1";
    static const char off[] = "2014-05-01\0002014-05-01\0002014-05-01\000"
                              "2014-05-01\0002014-05-01\0002014-05-01";
    static const char outd[] = "2014-06-01\0002014-06-01\0002014-06-01\000"
                               "2014-06-01\0002014-06-01\0002014-06-01";
    static const char out[] = "youth_caution\0fine\0referral_order\0"
                              "other_custody\0bogus\0triage";
    static const char rel[] = "\0\0\0" "2014-09-01\0\0";
    static const char sex[] = "\0\0\0\0\0";
    static const char eth[] = "White\0Black\0\0White\0Asian\0Mixed";
    static const char type[] = "Theft\0Theft\0Theft\0Theft\0Theft\0Theft";
    yjpi_column_text c[YJPI_COL_COUNT - 1] = {
        {ids, sizeof ids}, {dates, sizeof dates}, {areas, sizeof areas},
        {off, sizeof off}, {outd, sizeof outd}, {out, sizeof out},
        {rel, sizeof rel}, {sex, sizeof sex}, {eth, sizeof eth},
        {type, sizeof type},
    };
    yjpi_read_options o;
    YJPI_INIT(o);
    o.lenient = 1;
    arm(n);
    int rc = yjpi_dataset_add_columns(ds, 6, c, YJPI_COL_COUNT - 1, 0, "cols",
                                      &o, err);
    disarm();
    if (rc == YJPI_OK)
        assert_int_equal(yjpi_dataset_message_count(ds), 1);
    yjpi_dataset_free(ds);
    return rc;
}

static int p_finish(long n, yjpi_error *err)
{
    (void)err;
    yjpi_reference *ref = load_ref();
    yjpi_dataset *ds = load_ds(ref, 0);
    arm(n);
    int rc = yjpi_dataset_finish(ds);
    disarm();
    yjpi_dataset_free(ds);
    yjpi_reference_free(ref);
    return rc;
}

static yjpi_period fy(const char *t)
{
    yjpi_period p;
    assert_int_equal(yjpi_period_parse(t, &p, NULL), YJPI_OK);
    return p;
}

static int p_compute(long n, yjpi_error *err)
{
    yjpi_reference *ref = load_ref();
    yjpi_dataset *ds = load_ds(ref, 1);
    yjpi_period ps[2] = { fy("2020/21"), fy("2021/22") };
    yjpi_request req;
    YJPI_INIT(req);
    req.periods = ps;
    req.n_periods = 2;
    req.breakdown = YJPI_BY_ETHNICITY;
    yjpi_results *res = (yjpi_results *)&res;
    arm(n);
    int rc = yjpi_compute(ds, ref, &req, &res, err);
    disarm();
    if (rc != YJPI_OK)
        assert_null(res);
    else
        assert_true(yjpi_results_count(res) > 0);
    yjpi_results_free(rc == YJPI_OK ? res : NULL);
    yjpi_dataset_free(ds);
    yjpi_reference_free(ref);
    return rc;
}

static int p_disproportionality(long n, yjpi_error *err)
{
    yjpi_reference *ref = load_ref();
    yjpi_dataset *ds = load_ds(ref, 1);
    yjpi_period p = fy("2021/22");
    yjpi_disparities *d = (yjpi_disparities *)&d;
    arm(n);
    int rc = yjpi_disproportionality(ds, ref, YJPI_FTE_RATE, "*", &p, &d, err);
    disarm();
    if (rc != YJPI_OK)
        assert_null(d);
    yjpi_disparities_free(rc == YJPI_OK ? d : NULL);
    yjpi_dataset_free(ds);
    yjpi_reference_free(ref);
    return rc;
}

static int p_assess(long n, yjpi_error *err)
{
    yjpi_reference *ref = load_ref();
    yjpi_dataset *ds = load_ds(ref, 1);
    yjpi_period p = fy("2022/23");
    yjpi_assessments *as = (yjpi_assessments *)&as;
    arm(n);
    int rc = yjpi_assess_areas(ds, ref, YJPI_FTE_RATE, NULL, 0, &p, NULL, &as, err);
    disarm();
    if (rc != YJPI_OK)
        assert_null(as);
    yjpi_assessments_free(rc == YJPI_OK ? as : NULL);
    yjpi_dataset_free(ds);
    yjpi_reference_free(ref);
    return rc;
}

static void test_reference_parse(void **s) { (void)s; sweep("reference parse", p_reference_parse); }
static void test_dataset_new(void **s) { (void)s; sweep("dataset new (ref copy)", p_dataset_new); }
static void test_read_strict(void **s) { (void)s; sweep("CSV read, strict", p_read_strict); }
static void test_read_lenient(void **s) { (void)s; sweep("CSV read, lenient", p_read_lenient); }
static void test_add_record(void **s) { (void)s; sweep("record add", p_add_record); }
static void test_add_columns(void **s) { (void)s; sweep("columns add", p_add_columns); }
static void test_finish(void **s) { (void)s; sweep("finish", p_finish); }
static void test_compute(void **s) { (void)s; sweep("compute by ethnicity", p_compute); }
static void test_disproportionality(void **s) { (void)s; sweep("disproportionality", p_disproportionality); }
static void test_assess(void **s) { (void)s; sweep("assess areas", p_assess); }

int main(void)
{
    /* The sample data: its reference, and the first 200 lines of its cohort
     * (3 areas, several years: every path has real work to do). */
    g_ref_text = slurp(YJPI_SOURCE_ROOT "/examples/data/cohort.yaml", 0, &g_ref_len);
    g_csv = slurp(YJPI_SOURCE_ROOT "/examples/data/cohort.csv", 200, &g_csv_len);
    /* Lenient input: the valid rows plus bad ones (messages are kept) and an
     * unknown column (a note). */
    static const char bad[] =
        "person_id,birth_date,area,offence_date,outcome_date,outcome,notes\n"
        "a,2000-01-01,E1,2014-05-01,2014-06-01,fine,x\n"
        "b,2000-02-30,E1,2014-05-01,2014-06-01,fine,x\n"
        "c,2000-01-01,E1,2014-05-01,2014-06-01,bogus,x\n"
        "d,2000-01-01,E2,2014-05-01,2014-06-01,youth_caution,x\n"
        "e,2000-01-01,E2\n"
        "f,2000-01-01,E3,2014-05-01,2014-06-01,triage,x\n";
    g_bad_csv = (char *)bad;
    g_bad_len = sizeof bad - 1;

    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_parse),
        cmocka_unit_test(test_dataset_new),
        cmocka_unit_test(test_read_strict),
        cmocka_unit_test(test_read_lenient),
        cmocka_unit_test(test_add_record),
        cmocka_unit_test(test_add_columns),
        cmocka_unit_test(test_finish),
        cmocka_unit_test(test_compute),
        cmocka_unit_test(test_disproportionality),
        cmocka_unit_test(test_assess),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    free(g_ref_text);
    free(g_csv);
    return rc;
}
