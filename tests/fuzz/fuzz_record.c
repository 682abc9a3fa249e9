/* fuzz_record.c - the record-by-record API (yjpi_dataset_add_record).
 *
 * Input: records separated by LF, fields within a record by ',' (in
 * yjpi_record order: person_id, birth_date, area, offence_date,
 * outcome_date, outcome, release_date, sex, ethnicity, offence_type,
 * breach); a field may hold any other byte, NUL included (the field then
 * ends there, as a C string does).  Missing trailing fields are NULL.  So
 * the CSV seeds (minus their header) are good seeds here too.
 *
 * Invariants: each call returns OK or a documented code; an error names
 * "<record>", the 1-based call number as its line and a field number 1..11
 * as its column; the accounting holds after every call; after finish a
 * record is refused with YJPI_E_STATE and counts nothing; a computation over
 * the records (for inputs whose last byte is even) gives finite values. */
#include "fuzz.h"

static int documented(int rc)
{
    /* Field values; also invalid UTF-8 and a field over the limit, which
     * the record API checks as the CSV reader does. */
    return rc == YJPI_OK || rc == YJPI_E_NOMEM || rc == YJPI_E_ENCODING ||
           rc == YJPI_E_TOO_LONG ||
           (rc >= YJPI_E_EMPTY_FIELD && rc <= YJPI_E_BAD_VALUE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';

    yjpi_dataset *ds = NULL;
    FUZZ_CHECK(yjpi_dataset_new(NULL, &ds) == YJPI_OK, "dataset_new");
    uint64_t calls = 0;
    char *p = buf, *end = buf + size;
    while (p < end && calls < 10000) {
        char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        *eol = '\0';
        const char *f[11] = { NULL };
        size_t nf = 0;
        char *q = p;
        while (nf < 11) {
            f[nf++] = q;
            char *comma = strchr(q, ',');
            if (!comma)
                break;
            *comma = '\0';
            q = comma + 1;
        }
        yjpi_record rec = fuzz_record_of(f);
        yjpi_error err;
        uint64_t before = yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ);
        int rc = yjpi_dataset_add_record(ds, &rec, &err);
        calls++;
        fuzz_check_error(&err, rc);
        FUZZ_CHECK(documented(rc), "add_record code %d: %s", rc, err.message);
        if (rc != YJPI_OK && rc != YJPI_E_NOMEM) {
            FUZZ_CHECK(strcmp(err.source, "<record>") == 0, "source %s", err.source);
            FUZZ_CHECK(err.line == calls, "line %llu, call %llu",
                       (unsigned long long)err.line, (unsigned long long)calls);
            FUZZ_CHECK(err.column >= 1 && err.column <= 11, "column %llu",
                       (unsigned long long)err.column);
            FUZZ_CHECK(yjpi_dataset_rejected(ds, rc) >= 1, "not counted");
        }
        FUZZ_CHECK(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ) == before + 1,
                   "a record was not counted as read");
        fuzz_check_counts(ds);
        p = eol + 1;
    }
    FUZZ_CHECK(yjpi_dataset_finish(ds) == YJPI_OK, "finish");
    yjpi_record rec;
    YJPI_INIT(rec);
    uint64_t read = yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ);
    FUZZ_CHECK(yjpi_dataset_add_record(ds, &rec, NULL) == YJPI_E_STATE, "state");
    FUZZ_CHECK(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ) == read,
               "a refused record was counted");
    /* computing (two thirds of the time of an input) for the inputs
     * whose last byte is even: half of them, the fuzzer chooses which */
    if (size && (data[size - 1] & 1) == 0)
        fuzz_compute(ds, NULL, YJPI_BY_AGE, FUZZ_LATE_NONE);
    yjpi_dataset_free(ds);
    free(buf);
    return 0;
}
