/* test_parallel.c - the CSV reader's two-thread path for regular files
 * (lib/input/csv.c, read_parallel): on generated files with bad rows in both
 * halves it must give exactly the dataset and the error of the serial
 * reader, in lenient and strict mode (messages with their line numbers),
 * and fall back to the serial reader when the cut is inside a quoted field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"

#define H "person_id,birth_date,area,offence_date,outcome_date,outcome,ethnicity,unknown_col\n"

/* Writes `n` rows to `path`; rows listed in bad[] are broken in the way
 * kind[] says; row quote_at (if >= 0) has a quoted person id.  Row i is on
 * line i + 2.  Valid rows: born 1998-2001, offence 2014, outcome 2015 (day
 * 20-28, a calendar date in every month). */
static void write_file(const char *path, int n, const int *bad, const int *kind,
                       int nbad, int quote_at)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(H, f);
    for (int i = 0; i < n; i++) {
        int k = -1;
        for (int j = 0; j < nbad; j++)
            if (bad[j] == i)
                k = kind[j];
        /* persons repeat every 37 rows, areas every 5: strings first seen
         * in the second half as well as shared ones */
        const char *eth = i % 3 ? "White" : "";
        if (i == quote_at) {
            fprintf(f, "\"P%d\",2000-01-01,E%d,2014-01-10,2014-03-01,referral_order,%s,x\n",
                    i % 37, i % 5, eth);
            continue;
        }
        switch (k) {
        case 0: /* bad date: a value error (validator) */
            fprintf(f, "P%d,2000-13-01,E%d,2014-01-10,2014-03-01,referral_order,%s,x\n",
                    i, i % 5, eth);
            break;
        case 1: /* too few fields: a structural error */
            fprintf(f, "P%d,2000-01-01,E%d\n", i, i % 5);
            break;
        case 2: /* unknown outcome */
            fprintf(f, "P%d,2000-01-01,E%d,2014-01-10,2014-03-01,nonsense,%s,x\n",
                    i, i % 5, eth);
            break;
        case 3: /* blank line */
            fputs("\n", f);
            break;
        case 4: /* a stray quote opening the ethnicity field (column 55 of
                 * P0..P9's row): it runs on to the line limit or the end */
            fprintf(f, "P%d,2000-01-01,E%d,2014-01-10,2014-03-01,referral_order,\"%s,x\n",
                    i % 10, i % 5, eth);
            break;
        default:
            fprintf(f, "P%d,%d-0%d-1%d,A%d,2014-0%d-10,2015-0%d-2%d,%s,%s,x\n",
                    i % 37 + (i > n / 2 ? i / 1000 : 0), 1998 + i % 4, 1 + i % 9,
                    i % 10, i % 5 + (i > n / 2 ? i % 11 : 0), 1 + i % 9,
                    1 + i % 9, i % 9,
                    i % 4 ? "referral_order" : "youth_caution", eth);
        }
    }
    fclose(f);
}

/* Creates an empty file named after the template path (XXXXXX). */
static void temp_file(char *path)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
}

/* Serial reads ask for one thread through the public option (the size
 * threshold would allow two). */
static int read_file(yjpi_dataset **ds, const char *path, int lenient,
                     bool parallel, yjpi_error *err)
{
    yjpi__csv_parallel_min = 1;
    assert_int_equal(yjpi_dataset_new(NULL, ds), YJPI_OK);
    yjpi_read_options o;
    YJPI_INIT(o);
    o.lenient = lenient;
    o.max_messages = 1000;
    o.threads = parallel ? 0 : 1;
    yjpi__csv_chunk_size = 4096; /* many chunks in each half */
    uint64_t runs = yjpi__csv_parallel_runs;
    int rc = yjpi_dataset_read_csv(*ds, path, &o, err);
    if (!parallel)
        assert_true(yjpi__csv_parallel_runs == runs);
    yjpi__csv_chunk_size = 0;
    yjpi__csv_parallel_min = 0;
    return rc;
}

static void assert_same_table(const yjpi__strtab *a, const yjpi__strtab *b)
{
    assert_int_equal(a->count, b->count);
    for (size_t i = 0; i < a->count; i++)
        assert_string_equal(yjpi__strtab_get(a, (uint32_t)i),
                            yjpi__strtab_get(b, (uint32_t)i));
}

static void assert_same(const yjpi_dataset *a, const yjpi_dataset *b)
{
    assert_int_equal(a->n_rows, b->n_rows);
    assert_memory_equal(a->rows, b->rows, a->n_rows * sizeof *a->rows);
    assert_same_table(&a->persons, &b->persons);
    assert_same_table(&a->areas, &b->areas);
    assert_same_table(&a->ethnicities, &b->ethnicities);
    assert_same_table(&a->offence_types, &b->offence_types);
    assert_memory_equal(a->counts, b->counts, sizeof a->counts);
    assert_memory_equal(a->rejected, b->rejected, sizeof a->rejected);
    assert_int_equal(a->n_messages, b->n_messages);
    for (size_t i = 0; i < a->n_messages; i++)
        assert_string_equal(a->messages[i], b->messages[i]);
    assert_int_equal(a->n_notes, b->n_notes);
    for (size_t i = 0; i < a->n_notes; i++)
        assert_string_equal(a->notes[i], b->notes[i]);
    assert_int_equal(a->first_outcome, b->first_outcome);
    assert_int_equal(a->last_outcome, b->last_outcome);
}

/* Reads `path` both ways and checks they agree; returns the status. */
static int compare(const char *path, int lenient, yjpi_error *out,
                   bool *ran_parallel)
{
    yjpi_dataset *s = NULL, *p = NULL;
    yjpi_error es, ep;
    int rs = read_file(&s, path, lenient, false, &es);
    uint64_t runs = yjpi__csv_parallel_runs;
    int rp = read_file(&p, path, lenient, true, &ep);
    *ran_parallel = yjpi__csv_parallel_runs != runs;
    assert_int_equal(rs, rp);
    assert_int_equal(es.code, ep.code);
    assert_int_equal(es.line, ep.line);
    assert_int_equal(es.column, ep.column);
    assert_string_equal(es.message, ep.message);
    assert_same(s, p);
    /* both finish to the same sorted dataset */
    if (rs == YJPI_OK) {
        assert_int_equal(yjpi_dataset_finish(s), YJPI_OK);
        assert_int_equal(yjpi_dataset_finish(p), YJPI_OK);
        assert_memory_equal(s->rows, p->rows, s->n_rows * sizeof *s->rows);
    }
    *out = es;
    yjpi_dataset_free(s);
    yjpi_dataset_free(p);
    return rs;
}

#define N 20000

static void test_lenient_errors_both_halves(void **state)
{
    (void)state;
    char path[] = "/tmp/yjpi-par-XXXXXX";
    temp_file(path);
    /* bad rows near the start, either side of the middle and at the end */
    int bad[] = { 3, 100, 9990, 9999, 10000, 10001, 10010, 15000, 19998, 19999 };
    int kind[] = { 0, 1, 2, 3, 1, 0, 2, 3, 1, 0 };
    write_file(path, N, bad, kind, 10, -1);
    yjpi_error e;
    bool par = false;
    assert_int_equal(compare(path, 1, &e, &par), YJPI_OK);
    assert_true(par);
    /* and the serial figures are what the file holds: 20000 data rows of
     * which 2 blank lines are skipped (not rows), 8 rejected */
    yjpi_dataset *ds = NULL;
    assert_int_equal(read_file(&ds, path, 1, true, &e), YJPI_OK);
    assert_int_equal(ds->counts[YJPI_COUNT_ROWS_READ], N - 2);
    assert_int_equal(ds->counts[YJPI_COUNT_ROWS_REJECTED], 8);
    assert_int_equal(ds->n_messages, 8);
    assert_int_equal(ds->n_notes, 1); /* unknown_col, from the header */
    yjpi_dataset_free(ds);
    unlink(path);
}

static void test_strict_first_error_wins(void **state)
{
    (void)state;
    char path[] = "/tmp/yjpi-par-XXXXXX";
    temp_file(path);
    yjpi_error e;
    bool par = true;
    /* errors in both halves: the first-half one is reported (after the
     * two-thread read fails, by the serial reader) */
    int bad1[] = { 5000, 15000 };
    int kind1[] = { 0, 1 };
    write_file(path, N, bad1, kind1, 2, -1);
    assert_int_equal(compare(path, 0, &e, &par), YJPI_E_BAD_DATE);
    assert_false(par);
    assert_int_equal(e.line, 5002); /* header is line 1, row i on line i + 2 */
    /* an error in the second half only: rows before it are kept */
    int bad2[] = { 15000 };
    int kind2[] = { 1 };
    write_file(path, N, bad2, kind2, 1, -1);
    assert_int_equal(compare(path, 0, &e, &par), YJPI_E_RAGGED_ROW);
    assert_false(par);
    assert_int_equal(e.line, 15002);
    /* no error at all */
    write_file(path, N, NULL, NULL, 0, -1);
    assert_int_equal(compare(path, 0, &e, &par), YJPI_OK);
    assert_true(par);
    unlink(path);
}

/* Well-formed quoted fields before the cut do not stop the two-thread read. */
static void test_quotes_read_in_parallel(void **state)
{
    (void)state;
    char path[] = "/tmp/yjpi-par-XXXXXX";
    temp_file(path);
    int bad[] = { 12000 };
    int kind[] = { 2 };
    write_file(path, N, bad, kind, 1, 100);
    yjpi_error e;
    bool par = false;
    assert_int_equal(compare(path, 1, &e, &par), YJPI_OK);
    assert_true(par);
    unlink(path);
}

/* Stray quotes cost their row only, read by one thread or two: one near
 * the start, one on each side of the middle (whose quoted field runs past
 * the first half's end: the cut is not trusted and the file is read again
 * by one thread) and one near the end; then only far from the middle (the
 * two-thread read stands). */
static void test_stray_quotes(void **state)
{
    (void)state;
    char path[] = "/tmp/yjpi-par-XXXXXX";
    temp_file(path);
    for (int far = 0; far < 2; far++) {
        int bad[] = { 9, 2000, 15000, N - 40, N / 2 - 60, N / 2 + 60 };
        int kind[] = { 4, 4, 4, 4, 4, 4 };
        int nbad = far ? 4 : 6;
        write_file(path, N, bad, kind, nbad, -1);
        yjpi_error e;
        bool par = false;
        assert_int_equal(compare(path, 1, &e, &par), YJPI_OK);
        assert_true(par == (far == 1));
        yjpi_dataset *ds = NULL;
        assert_int_equal(read_file(&ds, path, 1, true, &e), YJPI_OK);
        assert_int_equal(ds->counts[YJPI_COUNT_ROWS_READ], N);
        assert_int_equal(ds->rejected[YJPI_E_QUOTE], nbad);
        assert_int_equal(ds->counts[YJPI_COUNT_ROWS_REJECTED], nbad);
        assert_true(strncmp(ds->messages[0], path, strlen(path)) == 0);
        const char *want = ":11:55: quoted field runs past the end of its line "
                           "(column ethnicity); the row goes wrong at line ";
        assert_true(strncmp(ds->messages[0] + strlen(path), want, strlen(want)) == 0);
        yjpi_dataset_free(ds);
        /* strict: stops at the first, by one thread or two */
        assert_int_equal(compare(path, 0, &e, &par), YJPI_E_QUOTE);
        assert_int_equal(e.line, 11);
        assert_int_equal(e.column, 55);
    }
    unlink(path);
}

/* Writes N rows where row r's ethnicity is a quoted field holding `lfs`
 * line breaks; returns the file's size and sets *field_at, *field_end to
 * the byte range of that field's content. */
static long write_multiline(const char *path, int r, int lfs, long *field_at,
                            long *field_end)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(H, f);
    for (int i = 0; i < N; i++) {
        fprintf(f, "P%d,2000-01-01,E%d,2014-01-10,2014-03-01,referral_order,",
                i % 37, i % 5);
        if (i == r) {
            fputc('"', f);
            *field_at = ftell(f);
            for (int k = 0; k < lfs; k++)
                fputs("x\n", f);
            *field_end = ftell(f);
            fputc('"', f);
        } else {
            fputs("White", f);
        }
        fputs(",x\n", f);
    }
    long size = ftell(f);
    fclose(f);
    return size;
}

/* A quoted field with line breaks across the middle: the first line feed
 * after the middle is inside it, so the first thread ends inside a quoted
 * field, and the file is read again serially with the same result. */
static void test_cut_inside_quotes_falls_back(void **state)
{
    (void)state;
    char path[] = "/tmp/yjpi-par-XXXXXX";
    temp_file(path);
    bool placed = false;
    for (int r = N / 2 - 200; r < N / 2 + 200 && !placed; r++) {
        long at = 0, end = 0;
        long size = write_multiline(path, r, 1000, &at, &end);
        placed = at < size / 2 && size / 2 + 4 < end;
    }
    assert_true(placed);
    yjpi_error e;
    bool par = true;
    assert_int_equal(compare(path, 1, &e, &par), YJPI_OK);
    assert_false(par);
    yjpi_dataset *ds = NULL;
    assert_int_equal(read_file(&ds, path, 0, true, &e), YJPI_OK);
    assert_int_equal(ds->counts[YJPI_COUNT_ROWS_READ], N);
    assert_int_equal(ds->counts[YJPI_COUNT_ROWS_REJECTED], 0);
    yjpi_dataset_free(ds);
    unlink(path);
}

/* Where the piece given starts when one half waits for the other
 * (yjpi__csv_steal_wait): after the first line feed past half of the
 * waiting half (side 0 the first, 1 the second). */
static long piece_start(const char *path, int side)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f), mid = -1, q = -1;
    int c;
    fseek(f, size / 2, SEEK_SET);
    for (long at = size / 2; mid < 0 && (c = fgetc(f)) != EOF; at++)
        if (c == '\n')
            mid = at + 1;
    long from = side ? mid + (size - mid) / 2 : mid / 2;
    fseek(f, from, SEEK_SET);
    for (long at = from; q < 0 && (c = fgetc(f)) != EOF; at++)
        if (c == '\n')
            q = at + 1;
    fclose(f);
    return q;
}

/* The thread done first takes the end of the other's range: with
 * yjpi__csv_steal_wait one half waits for the other, so a piece is always
 * given (side 0: the second thread reads the end of the first half; side
 * 1: the first reads the end of the second).  The result is the serial
 * reader's with bad rows in each part (lenient), with an error in the
 * piece only (strict: the file is read again serially), and when the
 * piece's cut falls inside a quoted field (read again serially too). */
static void piece_of_half(int side)
{
    char path[] = "/tmp/yjpi-par-XXXXXX";
    temp_file(path);
    yjpi__csv_steal_min = 1024;
    yjpi__csv_steal_wait = 1 + side;
    yjpi_error e;
    bool par = false;
    /* the piece is about rows 5000-10000 (side 0) or 15000-20000 (side 1) */
    int bad[] = { 3, 4000, 5200, 6000, 9990, 12000, 15100, 17000, 19999 };
    int kind[] = { 0, 1, 2, 0, 3, 2, 1, 0, 1 };
    write_file(path, N, bad, kind, 9, -1);
    assert_true(piece_start(path, side) > 0);
    uint64_t pieces = yjpi__csv_steal_runs;
    assert_int_equal(compare(path, 1, &e, &par), YJPI_OK);
    assert_true(par);
    assert_true(yjpi__csv_steal_runs == pieces + 1);
    int bad2[] = { side ? 17000 : 7000 };
    int kind2[] = { 0 };
    write_file(path, N, bad2, kind2, 1, -1);
    assert_int_equal(compare(path, 0, &e, &par), YJPI_E_BAD_DATE);
    assert_false(par);
    assert_int_equal(e.line, (side ? 17000 : 7000) + 2);
    /* a quoted field with line breaks across the piece's cut */
    bool placed = false;
    int around = side ? 3 * N / 4 : N / 4;
    for (int r = around - 300; r < around + 300 && !placed; r++) {
        long at = 0, end = 0;
        write_multiline(path, r, 1000, &at, &end);
        long q = piece_start(path, side);
        /* the first line feed past the piece's target is inside */
        placed = q > at && q + 4 < end;
    }
    assert_true(placed);
    assert_int_equal(compare(path, 1, &e, &par), YJPI_OK);
    assert_false(par);
    yjpi__csv_steal_min = 0;
    yjpi__csv_steal_wait = 0;
    unlink(path);
}

static void test_piece_of_first_half(void **state)
{
    (void)state;
    piece_of_half(0);
}

static void test_piece_of_second_half(void **state)
{
    (void)state;
    piece_of_half(1);
}

/* A two-thread read leaves the persons its last merge added out of the
 * person table's slots: they must still be found, and a further read into
 * the same dataset (serial: the dataset is no longer untouched) must give
 * each known person its index, as after a serial read. */
static void test_read_again_after_parallel(void **state)
{
    (void)state;
    char path[] = "/tmp/yjpi-par-XXXXXX";
    temp_file(path);
    write_file(path, N, NULL, NULL, 0, -1);
    yjpi_dataset *s = NULL, *p = NULL;
    yjpi_error err;
    uint64_t runs = yjpi__csv_parallel_runs;
    assert_int_equal(read_file(&s, path, 0, false, &err), YJPI_OK);
    assert_int_equal(read_file(&p, path, 0, true, &err), YJPI_OK);
    assert_true(yjpi__csv_parallel_runs == runs + 1);
    assert_true(p->persons.pending > 0);
    /* every person is found, pending or not */
    for (size_t i = 0; i < s->persons.count; i++) {
        const char *id = yjpi__strtab_get(&s->persons, (uint32_t)i);
        assert_int_equal(yjpi__strtab_find(&p->persons, id, strlen(id)), i);
    }
    assert_int_equal(yjpi__strtab_find(&p->persons, "nobody", 6), UINT32_MAX);
    /* the same file again, serially, into both datasets */
    yjpi_read_options o;
    YJPI_INIT(o);
    o.threads = 1;
    assert_int_equal(yjpi_dataset_read_csv(s, path, &o, &err), YJPI_OK);
    assert_int_equal(yjpi_dataset_read_csv(p, path, &o, &err), YJPI_OK);
    assert_int_equal(p->persons.pending, 0);
    assert_same(s, p);
    yjpi_dataset_free(s);
    yjpi_dataset_free(p);
    unlink(path);
}

/* A negative thread count is refused by both calls. */
static void test_threads_argument(void **state)
{
    (void)state;
    yjpi_dataset *ds = NULL;
    assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
    yjpi_read_options o;
    YJPI_INIT(o);
    o.threads = -1;
    yjpi_error e;
    const char csv[] = H "P1,2000-01-01,A,2014-01-10,2015-01-20,referral_order,,x\n";
    assert_int_equal(yjpi_dataset_read_csv_buffer(ds, csv, sizeof csv - 1, NULL,
                                                  &o, &e), YJPI_E_ARGUMENT);
    assert_int_equal(yjpi_dataset_read_csv(ds, "/dev/null", &o, &e), YJPI_E_ARGUMENT);
    assert_int_equal(ds->counts[YJPI_COUNT_ROWS_READ], 0);
    o.threads = 1;
    assert_int_equal(yjpi_dataset_read_csv_buffer(ds, csv, sizeof csv - 1, NULL,
                                                  &o, &e), YJPI_OK);
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    yjpi_period per;
    assert_int_equal(yjpi_period_parse("2014/15", &per, NULL), YJPI_OK);
    yjpi_request req;
    YJPI_INIT(req);
    req.periods = &per;
    req.n_periods = 1;
    req.threads = -2;
    yjpi_results *res = NULL;
    assert_int_equal(yjpi_compute(ds, NULL, &req, &res, &e), YJPI_E_ARGUMENT);
    assert_null(res);
    req.threads = 1;
    assert_int_equal(yjpi_compute(ds, NULL, &req, &res, &e), YJPI_OK);
    yjpi_results_free(res);
    yjpi_dataset_free(ds);
}

static int compute_all(const yjpi_dataset *ds, int breakdown, bool parallel,
                       yjpi_results **res)
{
    static const char *const names[] = { "2013/14", "2014/15", "2015/16" };
    yjpi_period per[3];
    for (int i = 0; i < 3; i++)
        assert_int_equal(yjpi_period_parse(names[i], &per[i], NULL), YJPI_OK);
    yjpi_request req;
    YJPI_INIT(req);
    req.periods = per;
    req.n_periods = 3;
    req.breakdown = breakdown;
    req.threads = parallel ? 0 : 1;
    yjpi__walk_parallel_min = 1;
    uint64_t runs = yjpi__walk_parallel_runs;
    int rc = yjpi_compute(ds, NULL, &req, res, NULL);
    /* the split happens exactly when allowed */
    assert_true(yjpi__walk_parallel_runs == runs + (parallel ? 1 : 0));
    yjpi__walk_parallel_min = 0;
    return rc;
}

/* The person walk split over two threads sums to the same counts: every
 * value of every indicator equal, totals and ethnicity groups. */
static void test_walk_two_threads(void **state)
{
    (void)state;
    char path[] = "/tmp/yjpi-par-XXXXXX";
    temp_file(path);
    write_file(path, N, NULL, NULL, 0, -1);
    yjpi_dataset *ds = NULL;
    yjpi_error e;
    assert_int_equal(read_file(&ds, path, 0, true, &e), YJPI_OK);
    assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
    for (int b = 0; b < 2; b++) {
        int bd = b ? YJPI_BY_ETHNICITY : YJPI_BY_NONE;
        yjpi_results *s = NULL, *p = NULL;
        assert_int_equal(compute_all(ds, bd, false, &s), YJPI_OK);
        assert_int_equal(compute_all(ds, bd, true, &p), YJPI_OK);
        size_t n = yjpi_results_count(s);
        assert_int_equal(n, yjpi_results_count(p));
        assert_true(n > 0);
        uint64_t sum = 0;
        for (size_t i = 0; i < n; i++) {
            yjpi_value a, c;
            YJPI_INIT(a);
            YJPI_INIT(c);
            assert_int_equal(yjpi_results_get(s, i, &a), YJPI_OK);
            assert_int_equal(yjpi_results_get(p, i, &c), YJPI_OK);
            assert_int_equal(a.indicator, c.indicator);
            assert_string_equal(a.area, c.area);
            assert_int_equal(a.status, c.status);
            assert_int_equal(a.numerator, c.numerator);
            assert_true(a.denominator == c.denominator);
            assert_true(a.value == c.value);
            assert_true(a.lower == c.lower && a.upper == c.upper);
            assert_int_equal(a.cohort_size, c.cohort_size);
            assert_int_equal(a.reoffenders, c.reoffenders);
            assert_int_equal(a.reoffences, c.reoffences);
            assert_int_equal(a.custody_no_release, c.custody_no_release);
            assert_int_equal(a.court_occasions, c.court_occasions);
            assert_int_equal(a.provisional, c.provisional);
            sum += a.numerator + a.cohort_size;
        }
        assert_true(sum > 0); /* the file's rows do reach the counts */
        yjpi_results_free(s);
        yjpi_results_free(p);
    }
    yjpi_dataset_free(ds);
    unlink(path);
}

/* The steps the two-thread read merges the person tables with
 * (lib/common/strtab.c): b's strings looked up in a, the missing ones appended in
 * b's order, and their slots filled in two ranges -- into a's slots while
 * they are at most 75% full, else into new slots for the whole table.
 * Either way a must then find every string of both at the index map says,
 * and number the strings as interning b's into a one by one would. */
static void merge_tables(size_t na, size_t nb, size_t shared)
{
    yjpi__strtab a, b, want;
    yjpi__strtab_init(&a);
    yjpi__strtab_init(&b);
    yjpi__strtab_init(&want);
    char s[32];
    uint32_t ix;
    for (size_t i = 0; i < na; i++) {
        snprintf(s, sizeof s, "P%07zu", i);
        assert_int_equal(yjpi__strtab_intern(&a, s, strlen(s), &ix), YJPI_OK);
        assert_int_equal(yjpi__strtab_intern(&want, s, strlen(s), &ix), YJPI_OK);
    }
    for (size_t i = 0; i < nb; i++) {
        /* the first `shared` of b are a's last ones, the rest new */
        snprintf(s, sizeof s, "P%07zu", i < shared ? na - shared + i : na + 7 * i);
        assert_int_equal(yjpi__strtab_intern(&b, s, strlen(s), &ix), YJPI_OK);
        assert_int_equal(yjpi__strtab_intern(&want, s, strlen(s), &ix), YJPI_OK);
    }
    uint32_t *map = calloc(nb ? nb : 1, sizeof *map);
    assert_non_null(map);
    yjpi__strtab_find_range(&a, &b, 0, nb / 3, map);
    yjpi__strtab_find_range(&a, &b, nb / 3, nb, map);
    for (size_t i = 0; i < nb; i++)
        assert_true((map[i] == UINT32_MAX) == (i >= shared));
    size_t old = yjpi__strtab_count(&a);
    assert_int_equal(yjpi__strtab_append_missing(&a, &b, map), YJPI_OK);
    size_t count = yjpi__strtab_count(&a);
    assert_int_equal(count, yjpi__strtab_count(&want));
    if (count * 4 <= a.n_slots * 3) {
        yjpi__strtab_slots_fill(&a, a.slots, a.n_slots, old, old + (count - old) / 2);
        yjpi__strtab_slots_fill(&a, a.slots, a.n_slots, old + (count - old) / 2, count);
    } else {
        size_t ns = yjpi__strtab_slots_for(count);
        uint64_t *slots = yjpi__calloc(ns, sizeof *slots);
        assert_non_null(slots);
        yjpi__strtab_slots_fill(&a, slots, ns, count / 2, count);
        yjpi__strtab_slots_fill(&a, slots, ns, 0, count / 2);
        yjpi__strtab_set_slots(&a, slots, ns);
    }
    for (uint32_t i = 0; i < count; i++) {
        const char *w = yjpi__strtab_get(&want, i);
        assert_string_equal(yjpi__strtab_get(&a, i), w);
        assert_int_equal(yjpi__strtab_find(&a, w, strlen(w)), i);
    }
    for (size_t i = 0; i < nb; i++)
        assert_string_equal(yjpi__strtab_get(&a, map[i]),
                            yjpi__strtab_get(&b, (uint32_t)i));
    assert_int_equal(yjpi__strtab_find(&a, "absent", 6), UINT32_MAX);
    /* and it goes on growing as usual */
    assert_int_equal(yjpi__strtab_intern(&a, "later", 5, &ix), YJPI_OK);
    assert_int_equal(ix, count);
    assert_int_equal(yjpi__strtab_find(&a, "later", 5), count);
    free(map);
    yjpi__strtab_free(&a);
    yjpi__strtab_free(&b);
    yjpi__strtab_free(&want);
}

static void test_strtab_merge(void **state)
{
    (void)state;
    merge_tables(1000, 200, 50);    /* few new: a's own slots */
    merge_tables(1000, 1000, 10);   /* many new: new slots */
    merge_tables(0, 300, 0);        /* into an empty table */
    merge_tables(500, 0, 0);        /* nothing to add */
    merge_tables(3000, 3000, 3000); /* all shared */
}

/* What a progress callback tried on the dataset being read. */
typedef struct meddler {
    yjpi_dataset *ds;
    int calls;
    int finish, add, read_buf, read_file, compute, cohort;
    uint64_t rows_seen;
    const char *path;
} meddler;

static void meddle(uint64_t bytes, uint64_t total, uint64_t rows, void *user)
{
    (void)bytes; (void)total; (void)rows;
    meddler *m = user;
    m->calls++;
    m->rows_seen = yjpi_dataset_count(m->ds, YJPI_COUNT_ROWS_READ);
    (void)yjpi_dataset_rejected(m->ds, YJPI_E_BAD_DATE);
    (void)yjpi_dataset_first_outcome(m->ds);
    m->finish = yjpi_dataset_finish(m->ds);
    yjpi_record rec;
    YJPI_INIT(rec);
    rec.person_id = "Q1"; rec.birth_date = "2000-01-01"; rec.area = "A1";
    rec.offence_date = "2014-01-10"; rec.outcome_date = "2015-01-20";
    rec.outcome = "referral_order";
    m->add = yjpi_dataset_add_record(m->ds, &rec, NULL);
    const char csv[] = H "Q2,2000-01-01,A,2014-01-10,2015-01-20,referral_order,,x\n";
    m->read_buf = yjpi_dataset_read_csv_buffer(m->ds, csv, sizeof csv - 1, NULL,
                                               NULL, NULL);
    m->read_file = yjpi_dataset_read_csv(m->ds, m->path, NULL, NULL);
    yjpi_period per;
    yjpi_period_parse("2014/15", &per, NULL);
    yjpi_value v;
    YJPI_INIT(v);
    m->compute = yjpi_compute_one(m->ds, NULL, YJPI_FTE_RATE, NULL, &per, &v, NULL);
    yjpi_cohort *c = NULL;
    m->cohort = yjpi_cohort_build(m->ds, NULL, NULL, &per, &c, NULL);
    yjpi_cohort_free(c);
    yjpi_dataset_free(m->ds); /* refused: the read goes on */
}

/* A progress callback that calls finish, add_record, another read, the
 * computations and free on the dataset being read gets YJPI_E_STATE (free
 * does nothing), and the read ends as if the callback had done nothing:
 * serially, in two threads, and from memory. */
static void test_callback_cannot_touch_dataset(void **state)
{
    (void)state;
    char path[] = "/tmp/yjpi-par-XXXXXX";
    temp_file(path);
    write_file(path, N, NULL, NULL, 0, -1);
    yjpi_dataset *want = NULL;
    yjpi_error err;
    assert_int_equal(read_file(&want, path, 0, false, &err), YJPI_OK);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char data[2 << 20];
    size_t len = fread(data, 1, sizeof data, f);
    fclose(f);
    assert_true(len > 0 && len < sizeof data);
    for (int mode = 0; mode < 3; mode++) {
        yjpi_dataset *ds = NULL;
        assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
        meddler m;
        memset(&m, 0, sizeof m);
        m.ds = ds;
        m.path = path;
        yjpi_read_options o;
        YJPI_INIT(o);
        o.threads = mode == 1 ? 0 : 1;
        o.progress = meddle;
        o.progress_user = &m;
        yjpi__csv_parallel_min = 1;
        yjpi__csv_chunk_size = 4096;
        uint64_t runs = yjpi__csv_parallel_runs;
        int rc = mode == 2
            ? yjpi_dataset_read_csv_buffer(ds, data, len, path, &o, &err)
            : yjpi_dataset_read_csv(ds, path, &o, &err);
        yjpi__csv_chunk_size = 0;
        yjpi__csv_parallel_min = 0;
        assert_int_equal(rc, YJPI_OK);
        assert_true(yjpi__csv_parallel_runs == runs + (mode == 1 ? 1 : 0));
        assert_true(m.calls >= 1);
        assert_true(m.rows_seen > 0);
        assert_int_equal(m.finish, YJPI_E_STATE);
        assert_int_equal(m.add, YJPI_E_STATE);
        assert_int_equal(m.read_buf, YJPI_E_STATE);
        assert_int_equal(m.read_file, YJPI_E_STATE);
        assert_int_equal(m.compute, YJPI_E_STATE);
        assert_int_equal(m.cohort, YJPI_E_STATE);
        assert_false(ds->finished);
        assert_int_equal(ds->record_calls, 0);
        assert_same(ds, want);
        /* after the read the dataset is usable again */
        assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
        yjpi_dataset_free(ds);
    }
    yjpi_dataset_free(want);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lenient_errors_both_halves),
        cmocka_unit_test(test_strict_first_error_wins),
        cmocka_unit_test(test_quotes_read_in_parallel),
        cmocka_unit_test(test_stray_quotes),
        cmocka_unit_test(test_cut_inside_quotes_falls_back),
        cmocka_unit_test(test_walk_two_threads),
        cmocka_unit_test(test_threads_argument),
        cmocka_unit_test(test_strtab_merge),
        cmocka_unit_test(test_piece_of_first_half),
        cmocka_unit_test(test_piece_of_second_half),
        cmocka_unit_test(test_read_again_after_parallel),
        cmocka_unit_test(test_callback_cannot_touch_dataset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
