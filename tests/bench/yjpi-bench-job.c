/*
 * yjpi-bench-job - the benchmark's job, done with yjpi's public API only.
 *
 *   yjpi-bench-job COHORT.csv REFERENCE.yaml OUT.csv [--timing] [--threads N]
 *
 * Reads the reference and the cohort file (strict mode), then computes every
 * indicator for every area in the data and "*", for every financial year and
 * every financial quarter that overlaps [first outcome_date, last
 * outcome_date] of the kept rows, with the reference's confidence level, and
 * writes one CSV line per value (the columns of tests/bench/README.md, shared
 * with the pandas and DuckDB peers so that bench.py can compare them).
 *
 * --timing prints the wall time of each stage (reference, CSV read,
 * finish (sort and index), compute, write) to standard error.
 * --threads N sets yjpi_read_options.threads and yjpi_request.threads
 * (default 0: the library's choice; 1: everything on the calling thread).
 *
 * Exit status: 0 done, 1 a yjpi error (message on standard error), 2 usage.
 */
#include <yjpi.h>

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int fail(const char *what, int rc, const yjpi_error *err)
{
    fprintf(stderr, "yjpi-bench-job: %s: %s\n", what,
            err && err->code ? err->message : yjpi_strerror(rc));
    return 1;
}

/* ---- Writing numbers ------------------------------------------------------
 *
 * Each double is written as printf's "%.17g" writes it (17 significant
 * digits, which read back as the same double, trailing zeros dropped).
 * printf finds the digits with multi-precision arithmetic; for the doubles
 * this job writes (integers below 2^53, other values from 1e-6 up) one
 * 128-bit product gives the same correctly rounded digits, and printf
 * itself is kept for the rest. */

/* Writes v in decimal at p; returns the end. */
static char *put_u64(char *p, uint64_t v)
{
    char tmp[20];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static char *put_int(char *p, int v)
{
    if (v < 0) {
        *p++ = '-';
        return put_u64(p, (uint64_t)0 - (uint64_t)(int64_t)v);
    }
    return put_u64(p, (uint64_t)v);
}

#if defined(__SIZEOF_INT128__)
__extension__ typedef unsigned __int128 u128;

static u128 pow10_u128(int s)
{
    u128 r = 1;
    while (s-- > 0)
        r *= 10;
    return r;
}
#endif

/* Writes d as "%.17g" does at p (at most 32 bytes); returns the end. */
static char *put_g17(char *p, double d)
{
#if defined(__SIZEOF_INT128__)
    static u128 p10[23];
    static int p10_ready;
    if (!p10_ready) {
        for (int i = 0; i < 23; i++)
            p10[i] = pow10_u128(i);
        p10_ready = 1;
    }
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    const int neg = (int)(bits >> 63);
    const int be = (int)((bits >> 52) & 0x7ff);
    uint64_t m = bits & ((UINT64_C(1) << 52) - 1);
    if (be == 0 && m == 0) {            /* 0 and -0 */
        if (neg)
            *p++ = '-';
        *p++ = '0';
        return p;
    }
    if (be != 0 && be != 0x7ff) {
        m |= UINT64_C(1) << 52;
        const int sh = 1075 - be;       /* d = m / 2^sh */
        if (sh == 0 || (sh > 0 && sh <= 52 && (m & ((UINT64_C(1) << sh) - 1)) == 0)) {
            /* an integer below 2^53: at most 16 digits, written whole */
            if (neg)
                *p++ = '-';
            return put_u64(p, m >> sh);
        }
        /* 10^x <= |d| < 10^(x+1), x from the binary exponent (then checked) */
        const int e2 = be - 1023;
        if (sh > 0 && e2 >= -20) {
            int x = (e2 * 78913) >> 18;  /* floor(e2 * log10(2)) */
            const u128 lo = p10[16], hi = p10[16] * 10;
            for (int tries = 0; tries < 3; tries++) {
                const int s = 16 - x;   /* digits = d * 10^s, 17 before the point */
                if (s < 0 || s > 22)
                    break;
                const u128 prod = (u128)m * p10[s];
                u128 t = prod >> sh;
                if (t >= hi) {
                    x++;
                    continue;
                }
                if (t < lo) {
                    x--;
                    continue;
                }
                /* round to nearest, ties to even, as printf */
                const u128 rest = prod & (((u128)1 << sh) - 1);
                const u128 half = (u128)1 << (sh - 1);
                if (rest > half || (rest == half && (t & 1)))
                    t++;
                if (t == hi) {
                    t = lo;
                    x++;
                }
                char dig[17];
                uint64_t v = (uint64_t)t;
                for (int i = 16; i >= 0; i--) {
                    dig[i] = (char)('0' + v % 10);
                    v /= 10;
                }
                int nd = 17;
                while (nd > 1 && dig[nd - 1] == '0')
                    nd--;
                if (neg)
                    *p++ = '-';
                if (x < -4) {
                    /* d.ddde-0x */
                    *p++ = dig[0];
                    if (nd > 1) {
                        *p++ = '.';
                        memcpy(p, dig + 1, (size_t)(nd - 1));
                        p += nd - 1;
                    }
                    *p++ = 'e';
                    *p++ = '-';
                    *p++ = (char)('0' + -x / 10);
                    *p++ = (char)('0' + -x % 10);
                } else if (x < 0) {
                    /* 0.000ddd */
                    *p++ = '0';
                    *p++ = '.';
                    for (int i = -1; i > x; i--)
                        *p++ = '0';
                    memcpy(p, dig, (size_t)nd);
                    p += nd;
                } else {
                    /* ddd.ddd */
                    memcpy(p, dig, (size_t)x + 1);
                    p += x + 1;
                    if (nd > x + 1) {
                        *p++ = '.';
                        memcpy(p, dig + x + 1, (size_t)(nd - x - 1));
                        p += nd - x - 1;
                    }
                }
                return p;
            }
        }
    }
#endif
    return p + snprintf(p, 33, "%.17g", d);
}

/* Copies s to p; returns the end. */
static char *put_str(char *p, const char *s)
{
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

/* The CSV line of v at p (room for 480 bytes and the area); returns the
 * end.  pt: the period's text. */
static char *put_line(char *p, const yjpi_value *v, const char *pt)
{
    p = put_str(p, yjpi_indicator_name(v->indicator));
    *p++ = ',';
    p = put_str(p, v->area);
    *p++ = ',';
    p = put_str(p, pt);
    *p++ = ',';
    p = put_int(p, (int)v->status);
    *p++ = ',';
    p = put_u64(p, v->numerator);
    *p++ = ',';
    p = put_g17(p, v->denominator);
    *p++ = ',';
    p = put_g17(p, v->value);
    *p++ = ',';
    p = put_g17(p, v->lower);
    *p++ = ',';
    p = put_g17(p, v->upper);
    *p++ = ',';
    p = put_int(p, (int)v->interval_status);
    *p++ = ',';
    p = put_u64(p, v->cohort_size);
    *p++ = ',';
    p = put_u64(p, v->reoffenders);
    *p++ = ',';
    p = put_u64(p, v->reoffences);
    *p++ = ',';
    p = put_u64(p, v->custody_no_release);
    *p++ = ',';
    p = put_u64(p, v->court_occasions);
    *p++ = ',';
    p = put_g17(p, v->population);
    *p++ = ',';
    p = put_int(p, (int)v->provisional);
    *p++ = '\n';
    return p;
}

/* Financial year starting in April of `y` (FY y/y+1). */
static int fy_of(yjpi_date d)
{
    int y, m, day;
    yjpi_date_to_ymd(d, &y, &m, &day);
    return m >= 4 ? y : y - 1;
}

/* Every FY and FY quarter overlapping [first, last]; FY first, then its
 * quarters.  Returns the number written (at most cap). */
static size_t make_periods(yjpi_date first, yjpi_date last, yjpi_period *out,
                           size_t cap)
{
    size_t n = 0;
    for (int y = fy_of(first); y <= fy_of(last); y++) {
        char text[32];
        yjpi_period p;
        snprintf(text, sizeof text, "%04d/%02d", y, (y + 1) % 100);
        if (yjpi_period_parse(text, &p, NULL) == YJPI_OK && n < cap)
            out[n++] = p;
        for (int q = 1; q <= 4; q++) {
            snprintf(text, sizeof text, "%04d/%02d Q%d", y, (y + 1) % 100, q);
            if (yjpi_period_parse(text, &p, NULL) != YJPI_OK)
                continue;
            if (p.end > first && p.start <= last && n < cap)
                out[n++] = p;
        }
    }
    return n;
}

int main(int argc, char **argv)
{
    int timing = 0, threads = 0, bad = argc < 4;
    for (int i = 4; i < argc && !bad; i++) {
        if (strcmp(argv[i], "--timing") == 0) {
            timing = 1;
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            char *end = NULL;
            long v = strtol(argv[++i], &end, 10);
            bad = !*argv[i] || *end || v < 0 || v > 64;
            threads = (int)v;
        } else {
            bad = 1;
        }
    }
    if (bad) {
        fprintf(stderr, "usage: yjpi-bench-job COHORT.csv REFERENCE.yaml OUT.csv"
                " [--timing] [--threads N]\n");
        return 2;
    }
    yjpi_error err;
    double t0 = now();

    yjpi_reference *ref = NULL;
    int rc = yjpi_reference_load(argv[2], &ref, &err);
    if (rc)
        return fail("reference", rc, &err);
    double t1 = now();

    /* yjpi_dataset_load_csv() in its three steps, so that reading and
     * sorting are timed apart */
    yjpi_dataset *ds = NULL;
    rc = yjpi_dataset_new(ref, &ds);
    yjpi_read_options ro;
    YJPI_INIT(ro);
    ro.threads = threads;
    if (rc == YJPI_OK)
        rc = yjpi_dataset_read_csv(ds, argv[1], &ro, &err);
    double t2a = now();
    if (rc == YJPI_OK)
        rc = yjpi_dataset_finish(ds);
    if (rc) {
        yjpi_dataset_free(ds);
        yjpi_reference_free(ref);
        return fail("cohort", rc, &err);
    }
    double t2 = now();

    yjpi_date first = yjpi_dataset_first_outcome(ds);
    yjpi_date last = yjpi_dataset_last_outcome(ds);
    yjpi_period periods[5 * 200];
    size_t np = first == YJPI_NO_DATE ? 0
        : make_periods(first, last, periods, sizeof periods / sizeof periods[0]);
    yjpi_results *res = NULL;
    if (np) {
        yjpi_request req;
        YJPI_INIT(req);
        req.periods = periods;
        req.n_periods = np;     /* indicators NULL = all, areas NULL = all + "*" */
        req.threads = threads;
        rc = yjpi_compute(ds, ref, &req, &res, &err);
        if (rc) {
            yjpi_dataset_free(ds);
            yjpi_reference_free(ref);
            return fail("compute", rc, &err);
        }
    }
    double t3 = now();

    FILE *f = fopen(argv[3], "w");
    if (!f) {
        perror(argv[3]);
        yjpi_results_free(res);
        yjpi_dataset_free(ds);
        yjpi_reference_free(ref);
        return 1;
    }
    static char buf[1 << 16];
    setvbuf(f, buf, _IOFBF, sizeof buf);
    fputs("indicator,area,period,status,numerator,denominator,value,lower,upper,"
          "interval_status,cohort_size,reoffenders,reoffences,custody_no_release,"
          "court_occasions,"
          "population,provisional\n", f);
    size_t nv = yjpi_results_count(res);
    /* the texts of the periods asked for; values come period after period */
    static char ptext[sizeof periods / sizeof periods[0]][YJPI_PERIOD_TEXT_SIZE];
    for (size_t k = 0; k < np; k++)
        yjpi_period_format(&periods[k], ptext[k], sizeof ptext[k]);
    size_t pk = 0;
    char pbuf[YJPI_PERIOD_TEXT_SIZE];
    char line[512 + 512];
    for (size_t i = 0; i < nv; i++) {
        yjpi_value v;
        YJPI_INIT(v);
        if (yjpi_results_get(res, i, &v) != YJPI_OK)
            continue;
        const char *pt = NULL;
        for (size_t t = 0; t < np && !pt; t++) {
            size_t k = (pk + t) % np;
            if (periods[k].kind == v.period.kind && periods[k].start == v.period.start &&
                periods[k].end == v.period.end) {
                pt = ptext[k];
                pk = (k + 1) % np;
            }
        }
        if (!pt) {
            yjpi_period_format(&v.period, pbuf, sizeof pbuf);
            pt = pbuf;
        }
        if (strlen(v.area) > 512) {
            fprintf(f, "%s,%s,%s,%d,%" PRIu64 ",%.17g,%.17g,%.17g,%.17g,%d,%" PRIu64
                    ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.17g,%d\n",
                    yjpi_indicator_name(v.indicator), v.area, pt, (int)v.status,
                    v.numerator, v.denominator, v.value, v.lower, v.upper,
                    (int)v.interval_status, v.cohort_size, v.reoffenders,
                    v.reoffences, v.custody_no_release, v.court_occasions,
                    v.population, (int)v.provisional);
            continue;
        }
        char *end = put_line(line, &v, pt);
        fwrite(line, 1, (size_t)(end - line), f);
    }
    int werr = ferror(f);
    if (fclose(f) != 0 || werr) {
        perror(argv[3]);
        rc = 1;
    }
    double t4 = now();
    if (timing)
        fprintf(stderr,
                "yjpi-bench-job: rows %" PRIu64 " kept %" PRIu64 " values %zu\n"
                "  reference %.3f s, read %.3f s, finish %.3f s, compute %.3f s, "
                "write %.3f s\n",
                yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ),
                yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), nv,
                t1 - t0, t2a - t1, t2 - t2a, t3 - t2, t4 - t3);
    yjpi_results_free(res);
    yjpi_dataset_free(ds);
    yjpi_reference_free(ref);
    return rc ? 1 : 0;
}
