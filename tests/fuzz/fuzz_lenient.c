/* fuzz_lenient.c - in lenient mode a bad row costs that row only.
 *
 * Input: bytes that generate a valid cohort file (rows of documented
 * values: ids, areas, dates at month ends and leap days, outcome codes and
 * tier names, sexes, quoted fields with commas and doubled quotes), then a
 * line number and the bytes that replace that line.  The replacement has
 * no line feed; it may hold quotes anywhere, lone CRs, NUL bytes, commas,
 * invalid UTF-8.  Every quote of the generated rows opens a field and is
 * followed by a letter, so a quote the damage opens and leaves open can
 * only end badly (a letter after its closing quote, or end of file): the
 * rules then reject the damaged row alone and go on at the next line.
 *
 * Invariant [csv-lenient-local]: read leniently, the damaged file reads the
 * same number of rows, rejects at most that one row (its message on that
 * line), and keeps or excludes every other row as the valid file does. */
#include "fuzz.h"

typedef struct gen {
    const uint8_t *p;
    size_t n;
} gen;

static unsigned take(gen *g)
{
    if (!g->n)
        return 0;
    g->n--;
    return *g->p++;
}

static const char *const ids[] = { "P1", "P2", "p3", "\"P,4\"", "\"P\"\"5\"", "X" };
static const char *const areas[] = { "E06000044", "E06000045", "W1", "\"A,B\"" };
static const char *const births[] = { "2000-01-01", "2000-02-29", "1999-12-31",
                                      "2004-02-29", "1996-06-30" };
static const char *const dates[] = { "2014-01-31", "2014-02-28", "2014-03-31",
                                     "2014-04-30", "2015-05-31", "2016-02-29",
                                     "2014-12-31", "2015-03-31" };
static const char *const outcomes[] = {
    "youth_caution", "referral_order", "youth_rehabilitation_order",
    "detention_and_training_order", "fine", "custody",
    "community", "custody", "pre_court", "first_tier"
};
static const char *const sexes[] = { "M", "F", "U", "", "m" };

#define PICK(a) a[take(g) % (sizeof a / sizeof a[0])]

/* One valid row (offence on or before outcome, release after outcome). */
static size_t gen_row(gen *g, char *out, size_t cap)
{
    const char *off = PICK(dates), *out_d = PICK(dates);
    if (strcmp(off, out_d) > 0) {
        const char *t = off;
        off = out_d;
        out_d = t;
    }
    const char *outcome = PICK(outcomes);
    return (size_t)snprintf(out, cap, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n",
                            PICK(ids), PICK(births), PICK(areas), off, out_d,
                            outcome, take(g) & 1 ? "2016-03-31" : "",
                            PICK(sexes), take(g) & 1 ? "White" : "\"Mixed, other\"",
                            take(g) & 1 ? "Theft" : "", take(g) & 1 ? "1" : "0");
}

typedef struct result {
    int rc;
    uint64_t counts[10];
    size_t nmsg;
    uint64_t msg_line[4];
} result;

static yjpi_dataset *read_lenient(const char *s, size_t n, result *r)
{
    yjpi_dataset *ds = NULL;
    FUZZ_CHECK(yjpi_dataset_new(NULL, &ds) == YJPI_OK, "dataset_new");
    yjpi_read_options o;
    YJPI_INIT(o);
    o.lenient = 1;
    o.max_messages = 4;
    yjpi_error err;
    yjpi__csv_chunk_size = n + 1;
    r->rc = yjpi_dataset_read_csv_buffer(ds, s, n, "f.csv", &o, &err);
    yjpi__csv_chunk_size = 0;
    fuzz_check_error(&err, r->rc);
    fuzz_check_counts(ds);
    for (int i = 0; i < 10; i++)
        r->counts[i] = yjpi_dataset_count(ds, i);
    r->nmsg = yjpi_dataset_message_count(ds);
    for (size_t i = 0; i < r->nmsg && i < 4; i++)
        r->msg_line[i] = strtoull(yjpi_dataset_message(ds, i) + 6, NULL, 10);
    return ds;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    gen g0 = { data, size }, *g = &g0;
    size_t nrows = 1 + take(g) % 24;
    size_t target = take(g) % nrows;   /* 0-based data row to damage */
    static char valid[64 * 1024], damaged[80 * 1024];
    static const char header[] =
        "person_id,birth_date,area,offence_date,outcome_date,outcome,"
        "release_date,sex,ethnicity,offence_type,breach\n";
    size_t vn = sizeof header - 1, dn = vn, starts[25], ends[25];
    memcpy(valid, header, vn);
    for (size_t i = 0; i < nrows; i++) {
        starts[i] = vn;
        vn += gen_row(g, valid + vn, sizeof valid - vn);
        ends[i] = vn - 1;   /* at its line feed */
    }
    /* the damaged file: row `target` replaced by the remaining bytes */
    memcpy(damaged, valid, starts[target]);
    dn = starts[target];
    size_t replaced = 0;
    while (g->n && replaced < 4096) {
        char c = (char)take(g);
        if (c == '\n')
            c = ' ';
        damaged[dn++] = c;
        replaced++;
    }
    /* an empty line (or one of CRs only, which CRLF makes empty) is no
     * row at all: give it a byte */
    size_t k = 0;
    while (k < replaced && damaged[starts[target] + k] == '\r')
        k++;
    if (replaced == 0)
        damaged[dn++] = 'x';
    else if (k == replaced)
        damaged[starts[target]] = 'x';
    size_t rest = vn - ends[target];
    memcpy(damaged + dn, valid + ends[target], rest);
    dn += rest;

    result a, b;
    yjpi_dataset *da = read_lenient(valid, vn, &a);
    yjpi_dataset *db = read_lenient(damaged, dn, &b);
    FUZZ_CHECK(a.rc == YJPI_OK && a.counts[YJPI_COUNT_ROWS_REJECTED] == 0,
               "the generated file is not valid: %s",
               yjpi_dataset_message_count(da) ? yjpi_dataset_message(da, 0) : "");
    FUZZ_CHECK(b.rc == YJPI_OK, "damaged file: %d", b.rc);
    uint64_t line = 2 + target;
    FUZZ_INVARIANT("csv-lenient-local",
                   b.counts[YJPI_COUNT_ROWS_READ] == a.counts[YJPI_COUNT_ROWS_READ],
                   "damaging line %llu: %llu rows read, %llu before",
                   (unsigned long long)line,
                   (unsigned long long)b.counts[YJPI_COUNT_ROWS_READ],
                   (unsigned long long)a.counts[YJPI_COUNT_ROWS_READ]);
    FUZZ_INVARIANT("csv-lenient-local", b.counts[YJPI_COUNT_ROWS_REJECTED] <= 1 &&
                   (b.nmsg == 0 || b.msg_line[0] == line),
                   "damaging line %llu: %llu rows rejected, the first: %s",
                   (unsigned long long)line,
                   (unsigned long long)b.counts[YJPI_COUNT_ROWS_REJECTED],
                   b.nmsg ? yjpi_dataset_message(db, 0) : "-");
    uint64_t used_a = a.counts[YJPI_COUNT_ROWS_KEPT] + a.counts[YJPI_COUNT_ROWS_EXCLUDED];
    uint64_t used_b = b.counts[YJPI_COUNT_ROWS_KEPT] + b.counts[YJPI_COUNT_ROWS_EXCLUDED];
    FUZZ_INVARIANT("csv-lenient-local", used_b + 1 >= used_a,
                   "damaging line %llu: %llu rows kept or excluded, %llu before",
                   (unsigned long long)line, (unsigned long long)used_b,
                   (unsigned long long)used_a);
    yjpi_dataset_free(da);
    yjpi_dataset_free(db);
    return 0;
}
