/* fuzz_csv.c - the cohort CSV reader (yjpi_dataset_read_csv_buffer).
 *
 * Input: the first byte picks a small read chunk size (1..64 bytes), the
 * rest is the CSV.  For every input:
 *  - strict and lenient reads, each with the default chunk size and with
 *    the small one, must agree exactly (codes, error positions, counts):
 *    chunk boundaries never change a result;
 *  - the row accounting holds (read = kept + rejected + excluded, rejected
 *    by kind adds up) and an error struct is always well formed;
 *  - a strict read that succeeds rejects nothing, and then the lenient read
 *    keeps the same rows;
 *  - the lenient dataset is finished and a small yjpi_compute (every
 *    indicator, one financial year, by sex) gives finite values.
 */
#include "fuzz.h"

static yjpi_reference *fuzz_ref;

static void make_ref(void)
{
    static const char yaml[] =
        "as_of: 2016-03-31\n"
        "populations:\n"
        "  E06000044: {2013: 17330, 2014: 17000, 2015: 0}\n"
        "outcome_map:\n"
        "  \"Referral Order\": referral_order\n"
        "  YRO: youth_rehabilitation_order\n";
    if (!fuzz_ref) {
        yjpi_error err;
        int rc = yjpi_reference_parse(yaml, sizeof yaml - 1, "fuzz.yaml",
                                      &fuzz_ref, &err);
        if (rc != YJPI_OK) {
            /* The reference need not hold every line above: fall back to
             * defaults so the CSV reader is still exercised. */
            fuzz_ref = yjpi_reference_new();
        }
    }
}

typedef struct outcome {
    int rc;
    yjpi_error err;
    uint64_t counts[10];
    uint64_t rejected[YJPI_CODE_MAX_];
    size_t messages;
} outcome;

static yjpi_dataset *read_one(const char *data, size_t len, int lenient,
                              size_t chunk, outcome *o)
{
    yjpi_dataset *ds = NULL;
    int rc = yjpi_dataset_new(fuzz_ref, &ds);
    FUZZ_CHECK(rc == YJPI_OK, "dataset_new %d", rc);
    yjpi_read_options opts;
    YJPI_INIT(opts);
    opts.lenient = lenient;
    opts.max_messages = 3;
    yjpi__csv_chunk_size = chunk;
    memset(o, 0, sizeof *o);
    o->rc = yjpi_dataset_read_csv_buffer(ds, data, len, "fuzz.csv", &opts, &o->err);
    yjpi__csv_chunk_size = 0;
    fuzz_check_error(&o->err, o->rc);
    fuzz_check_counts(ds);
    for (int i = 0; i < 10; i++)
        o->counts[i] = yjpi_dataset_count(ds, i);
    for (int c = 0; c < YJPI_CODE_MAX_; c++)
        o->rejected[c] = yjpi_dataset_rejected(ds, c);
    o->messages = yjpi_dataset_message_count(ds);
    FUZZ_CHECK(o->messages <= 3, "%zu messages kept, max 3", o->messages);
    for (size_t i = 0; i < o->messages; i++)
        FUZZ_CHECK(yjpi_dataset_message(ds, i) != NULL, "message %zu", i);
    if (o->rc != YJPI_OK) {
        FUZZ_CHECK(strncmp(o->err.message, "fuzz.csv", 8) == 0,
                   "message without source: %s", o->err.message);
    }
    if (o->rc == YJPI_OK)
        FUZZ_CHECK(o->counts[YJPI_COUNT_BYTES_READ] == len,
                   "read all, but %llu of %zu bytes counted",
                   (unsigned long long)o->counts[YJPI_COUNT_BYTES_READ], len);
    if (!lenient && o->rc == YJPI_OK)
        FUZZ_CHECK(o->counts[YJPI_COUNT_ROWS_REJECTED] == 0,
                   "strict success with rejected rows");
    return ds;
}

static void same(const outcome *a, const outcome *b, const char *what)
{
    FUZZ_CHECK(a->rc == b->rc, "%s: rc %d vs %d (%s | %s)", what, a->rc, b->rc,
               a->err.message, b->err.message);
    FUZZ_CHECK(a->err.line == b->err.line && a->err.column == b->err.column,
               "%s: position %llu:%llu vs %llu:%llu", what,
               (unsigned long long)a->err.line, (unsigned long long)a->err.column,
               (unsigned long long)b->err.line, (unsigned long long)b->err.column);
    FUZZ_CHECK(strcmp(a->err.message, b->err.message) == 0, "%s: %s | %s",
               what, a->err.message, b->err.message);
    /* Bytes read depend on the chunk size when reading stops early. */
    int n = a->rc == YJPI_OK ? 10 : YJPI_COUNT_BYTES_READ;
    for (int i = 0; i < n; i++)
        FUZZ_CHECK(a->counts[i] == b->counts[i], "%s: count %d: %llu vs %llu",
                   what, i, (unsigned long long)a->counts[i],
                   (unsigned long long)b->counts[i]);
    FUZZ_CHECK(memcmp(a->rejected, b->rejected, sizeof a->rejected) == 0,
               "%s: rejected kinds differ", what);
    FUZZ_CHECK(a->messages == b->messages, "%s: message counts differ", what);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    make_ref();
    size_t chunk = 1 + data[0] % 64;
    const char *csv = (const char *)data + 1;
    size_t len = size - 1;

    outcome s1, s2, l1, l2;
    yjpi_dataset *ds = read_one(csv, len, 0, 0, &s1);
    yjpi_dataset_free(ds);
    ds = read_one(csv, len, 0, chunk, &s2);
    yjpi_dataset_free(ds);
    same(&s1, &s2, "strict, chunk sizes");

    yjpi_dataset *dl = read_one(csv, len, 1, chunk, &l2);
    ds = read_one(csv, len, 1, 0, &l1);
    yjpi_dataset_free(dl);
    same(&l1, &l2, "lenient, chunk sizes");

    /* A structural header problem fails both modes the same way; a strict
     * success means lenient mode finds nothing to skip either. */
    if (s1.rc == YJPI_OK) {
        FUZZ_CHECK(l1.rc == YJPI_OK, "strict ok, lenient %d", l1.rc);
        FUZZ_CHECK(memcmp(s1.counts, l1.counts, sizeof s1.counts) == 0,
                   "strict ok but lenient counts differ");
    }
    if (l1.rc == YJPI_OK) {
        FUZZ_CHECK(s1.counts[YJPI_COUNT_ROWS_READ] <=
                   l1.counts[YJPI_COUNT_ROWS_READ], "strict read more rows");
        int rc = yjpi_dataset_finish(ds);
        FUZZ_CHECK(rc == YJPI_OK, "finish %d", rc);
        FUZZ_CHECK(yjpi_dataset_finish(ds) == YJPI_OK, "finish not idempotent");
        fuzz_compute(ds, fuzz_ref, YJPI_BY_SEX);
        yjpi_error err;
        rc = yjpi_dataset_read_csv_buffer(ds, csv, len, "fuzz.csv", NULL, &err);
        FUZZ_CHECK(rc == YJPI_E_STATE, "read after finish: %d", rc);
    }
    yjpi_dataset_free(ds);
    return 0;
}
