/* fuzz.h - shared by the fuzz targets (libFuzzer entry points, also replayed
 * by tests/fuzz/replay.c under the normal build).
 *
 * Every target checks invariants with FUZZ_CHECK: a violated invariant is
 * reported on stderr and abort()s, which libFuzzer records as a crash and
 * the replay test as a failure. */
#ifndef YJPI_FUZZ_H
#define YJPI_FUZZ_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                              \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,     \
                    __LINE__, #cond);                                      \
            fprintf(stderr, "  " __VA_ARGS__);                             \
            fprintf(stderr, "\n");                                         \
            abort();                                                       \
        }                                                                  \
    } while (0)

/* A filled error struct is always well formed: terminated, code as
 * returned, and a message when it is an error. */
static inline void fuzz_check_error(const yjpi_error *err, int rc)
{
    FUZZ_CHECK(memchr(err->message, '\0', sizeof err->message) != NULL,
               "message not terminated");
    FUZZ_CHECK(memchr(err->source, '\0', sizeof err->source) != NULL,
               "source not terminated");
    FUZZ_CHECK(err->code == rc, "err.code %d, returned %d", err->code, rc);
    if (rc != YJPI_OK)
        FUZZ_CHECK(err->message[0] != '\0', "empty message for code %d", rc);
}

/* rows_read = kept + rejected + excluded, and the rejected kinds add up. */
static inline void fuzz_check_counts(const yjpi_dataset *ds)
{
    uint64_t read = yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ);
    uint64_t kept = yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT);
    uint64_t rej = yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED);
    uint64_t exc = yjpi_dataset_count(ds, YJPI_COUNT_ROWS_EXCLUDED);
    FUZZ_CHECK(read == kept + rej + exc, "read %llu != kept %llu + rejected "
               "%llu + excluded %llu", (unsigned long long)read,
               (unsigned long long)kept, (unsigned long long)rej,
               (unsigned long long)exc);
    uint64_t by_kind = 0;
    for (int c = 0; c < YJPI_CODE_MAX_; c++)
        by_kind += yjpi_dataset_rejected(ds, c);
    FUZZ_CHECK(by_kind == rej, "rejected by kind %llu != rejected %llu",
               (unsigned long long)by_kind, (unsigned long long)rej);
    uint64_t sub = yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_INFORMAL) +
                   yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_UNDER_10);
    FUZZ_CHECK(sub <= exc, "excluded sub-counts %llu > excluded %llu",
               (unsigned long long)sub, (unsigned long long)exc);
}

/* Runs every indicator over the financial year holding the dataset's first
 * outcome (or 2014/15) for each area and "*", with a breakdown, and checks
 * the values are finite and their statuses known. */
static inline void fuzz_compute(const yjpi_dataset *ds, const yjpi_reference *ref,
                                int breakdown)
{
    yjpi_period p;
    yjpi_date first = yjpi_dataset_first_outcome(ds);
    int y = 2014, m = 4;
    if (first != YJPI_NO_DATE)
        yjpi_date_to_ymd(first, &y, &m, NULL);
    int fy = m >= 4 ? y : y - 1;
    if (fy < 1 || fy > 9998)
        fy = 2014;
    char text[16];
    snprintf(text, sizeof text, "%04d/%02d", fy, (fy + 1) % 100);
    FUZZ_CHECK(yjpi_period_parse(text, &p, NULL) == YJPI_OK, "period %s", text);
    yjpi_request req;
    YJPI_INIT(req);
    req.periods = &p;
    req.n_periods = 1;
    req.breakdown = breakdown;
    yjpi_results *res = NULL;
    yjpi_error err;
    int rc = yjpi_compute(ds, ref, &req, &res, &err);
    fuzz_check_error(&err, rc);
    /* YJPI_E_RANGE: the year starts after the data's as_of date */
    FUZZ_CHECK(rc == YJPI_OK || rc == YJPI_E_NOMEM || rc == YJPI_E_RANGE,
               "compute: %d %s", rc,
               err.message);
    for (size_t i = 0; i < yjpi_results_count(res); i++) {
        yjpi_value v;
        YJPI_INIT(v);
        FUZZ_CHECK(yjpi_results_get(res, i, &v) == YJPI_OK, "get %zu", i);
        FUZZ_CHECK(isfinite(v.value) && isfinite(v.lower) && isfinite(v.upper),
                   "value %zu not finite", i);
        FUZZ_CHECK(v.status >= 0 && v.status <= YJPI_NC_NOT_FINITE,
                   "status %d", (int)v.status);
        if (v.status != YJPI_VALUE_OK)
            FUZZ_CHECK(v.value == 0 && v.lower == 0 && v.upper == 0,
                       "not computable value %zu has numbers", i);
        else
            FUZZ_CHECK(v.lower <= v.value + 1e-9 * fabs(v.value) &&
                       v.value <= v.upper + 1e-9 * fabs(v.value),
                       "value %zu outside its interval [%g, %g] %g", i,
                       v.lower, v.upper, v.value);
    }
    yjpi_results_free(res);
}

#endif
