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
#include "pending.h"

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

/* Tagged invariants.  A failure prints "invariant failed [TAG]" and
 * abort()s, unless TAG is listed in FUZZ_PENDING (pending.h: a known bug
 * whose fix is not merged yet), in which case it is printed with
 * "(pending)" and the input goes on.  FUZZ_STRICT=1 in the environment
 * makes every pending tag abort too, FUZZ_STRICT=TAG,TAG only those (to
 * show that a target finds the bug). */
static inline int fuzz_pending(const char *tag)
{
    static const char *strict;
    static char list[512];
    if (!strict) {
        const char *e = getenv("FUZZ_STRICT");
        snprintf(list, sizeof list, ",%s,", e ? e : "");
        strict = list;
    }
    size_t n = strlen(tag);
    if (strcmp(strict, ",1,") == 0)
        return 0;
    for (const char *q = strict; (q = strstr(q, tag)) != NULL; q += n)
        if (q[-1] == ',' && q[n] == ',')
            return 0;
    const char *p = FUZZ_PENDING;
    while ((p = strstr(p, tag)) != NULL) {
        if (p[-1] == ',' && p[n] == ',')
            return 1;
        p += n;
    }
    return 0;
}

#define FUZZ_INVARIANT(tag, cond, ...)                                     \
    do {                                                                   \
        if (!(cond)) {                                                     \
            int pending_ = fuzz_pending(tag);                              \
            static int told_;                                              \
            if (!pending_ || !told_) {                                     \
                fprintf(stderr, "%s:%d: invariant failed [%s]%s: %s\n",   \
                        __FILE__, __LINE__, tag,                           \
                        pending_ ? " (pending)" : "", #cond);              \
                fprintf(stderr, "  " __VA_ARGS__);                         \
                fprintf(stderr, "\n");                                     \
                told_ = 1;                                                 \
            }                                                              \
            if (!pending_)                                                 \
                abort();                                                   \
        }                                                                  \
    } while (0)

/* A filled error struct is always well formed: terminated, code as
 * returned, and a message when it is an error. */
/* A record of the 11 cohort fields in the file's canonical order
 * (person_id .. breach), as the CSV reader would see them. */
static inline yjpi_record fuzz_record_of(const char *const *f)
{
    yjpi_record rec;
    YJPI_INIT(rec);
    rec.person_id = f[0];
    rec.birth_date = f[1];
    rec.area = f[2];
    rec.offence_date = f[3];
    rec.outcome_date = f[4];
    rec.outcome = f[5];
    rec.release_date = f[6];
    rec.sex = f[7];
    rec.ethnicity = f[8];
    rec.offence_type = f[9];
    rec.breach = f[10];
    return rec;
}

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

/* No computed number is NaN or infinite (what the report prints must be a
 * JSON number). */
static inline int fuzz_finite_value(const yjpi_value *v)
{
    return isfinite(v->value) && isfinite(v->lower) && isfinite(v->upper) &&
           isfinite(v->denominator) && isfinite(v->population) &&
           isfinite(v->confidence);
}

static inline int fuzz_has_population(const yjpi_reference *ref,
                                      const char *area, int year)
{
    double x;
    return ref && yjpi_reference_population(ref, area, NULL, year, &x) == YJPI_OK;
}

/* The financial year y/y+1 (April to March). */
static inline yjpi_period fuzz_financial_year(int fy)
{
    yjpi_period p;
    char text[16];
    if (fy < 1 || fy > 9998)
        fy = 2014;
    snprintf(text, sizeof text, "%04d/%02d", fy, (fy + 1) % 100);
    FUZZ_CHECK(yjpi_period_parse(text, &p, NULL) == YJPI_OK, "period %s", text);
    return p;
}

/* Checks every value of res: finite (values-finite), known status, no
 * numbers when not computable, value inside its interval; and that a "*"
 * rate only covers areas with a population (star-areas): when "*" has no
 * population of its own in ref, an area with a counted person or occasion
 * but no population makes the "*" rate not computable. */
static inline void fuzz_check_results(const yjpi_results *res,
                                      const yjpi_reference *ref)
{
    for (size_t i = 0; i < yjpi_results_count(res); i++) {
        yjpi_value v;
        YJPI_INIT(v);
        FUZZ_CHECK(yjpi_results_get(res, i, &v) == YJPI_OK, "get %zu", i);
        FUZZ_INVARIANT("values-finite", fuzz_finite_value(&v),
                       "value %zu (%s %s): %g [%g, %g] over %g", i,
                       yjpi_indicator_name(v.indicator), v.area, v.value,
                       v.lower, v.upper, v.denominator);
        FUZZ_CHECK(v.status >= 0 && v.status <= YJPI_NC_NOT_FINITE,
                   "status %d", (int)v.status);
        if (v.status != YJPI_VALUE_OK)
            FUZZ_CHECK(v.value == 0 && v.lower == 0 && v.upper == 0,
                       "not computable value %zu has numbers", i);
        else if (fuzz_finite_value(&v))
            FUZZ_CHECK(v.lower <= v.value + 1e-9 * fabs(v.value) &&
                       v.value <= v.upper + 1e-9 * fabs(v.value),
                       "value %zu outside its interval [%g, %g] %g", i,
                       v.lower, v.upper, v.value);
        int count_ind = v.indicator == YJPI_FTE_RATE ? YJPI_FTE_COUNT
                      : v.indicator == YJPI_CUSTODY_RATE ? YJPI_CUSTODY_COUNT : 0;
        if (!count_ind || v.group || v.status != YJPI_VALUE_OK ||
            strcmp(v.area, "*") != 0)
            continue;
        int year = yjpi_period_population_year(&v.period);
        /* "*" with a population of its own in the reference (not the sum
         * over areas that yjpi_reference_population gives for "*") */
        double own;
        if (ref && yjpi__reference_star_population(ref, NULL, year, &own) == YJPI_OK)
            continue;
        for (size_t j = 0; j < yjpi_results_count(res); j++) {
            yjpi_value w;
            YJPI_INIT(w);
            FUZZ_CHECK(yjpi_results_get(res, j, &w) == YJPI_OK, "get %zu", j);
            if (w.indicator != count_ind || w.group || strcmp(w.area, "*") == 0 ||
                w.period.start != v.period.start || w.period.end != v.period.end)
                continue;
            FUZZ_INVARIANT("star-areas",
                           w.numerator == 0 || fuzz_has_population(ref, w.area, year),
                           "%s for \"*\" computed (%g) although area %s counts "
                           "%llu and has no %d population",
                           yjpi_indicator_name(v.indicator), v.value, w.area,
                           (unsigned long long)w.numerator, year);
        }
    }
}

/* Runs every indicator over the financial year holding the dataset's first
 * outcome (or 2014/15) for each area and "*", with a breakdown, and checks
 * the results (fuzz_check_results).  A period that starts after the
 * reference's as_of must be refused (after-as-of); with `late`, the year
 * after as_of is asked for too, to check that (the refusal is the
 * request's, so that second request asks for the first-time entrants
 * count only, unless late is FUZZ_LATE_ALL).  Returns the results (NULL
 * when refused or out of memory); the caller frees them. */
enum { FUZZ_LATE_NONE, FUZZ_LATE_FTE, FUZZ_LATE_ALL };

static inline yjpi_results *fuzz_compute_results(const yjpi_dataset *ds,
                                                 const yjpi_reference *ref,
                                                 int breakdown, int late)
{
    yjpi_date first = yjpi_dataset_first_outcome(ds);
    int y = 2014, m = 4;
    if (first != YJPI_NO_DATE)
        yjpi_date_to_ymd(first, &y, &m, NULL);
    yjpi_period p = fuzz_financial_year(m >= 4 ? y : y - 1);
    yjpi_date as_of = ref ? yjpi_reference_as_of(ref) : YJPI_NO_DATE;
    yjpi_request req;
    YJPI_INIT(req);
    req.periods = &p;
    req.n_periods = 1;
    req.breakdown = breakdown;
    yjpi_results *res = NULL;
    yjpi_error err;
    int rc = yjpi_compute(ds, ref, &req, &res, &err);
    fuzz_check_error(&err, rc);
    if (as_of != YJPI_NO_DATE && p.start > as_of && rc != YJPI_OK) {
        FUZZ_CHECK(res == NULL, "refused, but results");
        return NULL;
    }
    FUZZ_CHECK(rc == YJPI_OK || rc == YJPI_E_NOMEM, "compute: %d %s", rc,
               err.message);
    fuzz_check_results(res, ref);
    if (as_of != YJPI_NO_DATE && late != FUZZ_LATE_NONE) {
        int ay, am;
        yjpi_date_to_ymd(as_of, &ay, &am, NULL);
        if (ay >= 1 && ay < 9998) {
            yjpi_period after = fuzz_financial_year(am >= 4 ? ay + 1 : ay);
            static const int fte[] = { YJPI_FTE_COUNT };
            req.periods = &after;
            req.breakdown = YJPI_BY_NONE;
            if (late == FUZZ_LATE_FTE) {
                req.indicators = fte;
                req.n_indicators = 1;
            }
            yjpi_results *lres = NULL;
            int lrc = yjpi_compute(ds, ref, &req, &lres, &err);
            fuzz_check_error(&err, lrc);
            FUZZ_INVARIANT("after-as-of", lrc != YJPI_OK,
                           "a period starting after as_of computed %zu values",
                           yjpi_results_count(lres));
            yjpi_results_free(lres);
        }
    }
    return res;
}

static inline void fuzz_compute(const yjpi_dataset *ds, const yjpi_reference *ref,
                                int breakdown, int late)
{
    yjpi_results_free(fuzz_compute_results(ds, ref, breakdown, late));
}

/* Two result sets are the same: every field of every value. */
static inline void fuzz_same_results(const yjpi_results *a, const yjpi_results *b,
                                     const char *what, const char *tag)
{
    FUZZ_INVARIANT(tag, (a == NULL) == (b == NULL),
                   "%s: results on one side only", what);
    size_t n = yjpi_results_count(a);
    FUZZ_INVARIANT(tag, n == yjpi_results_count(b), "%s: %zu vs %zu values",
                   what, n, yjpi_results_count(b));
    if (n != yjpi_results_count(b))
        return;
    for (size_t i = 0; i < n; i++) {
        yjpi_value v, w;
        YJPI_INIT(v);
        YJPI_INIT(w);
        FUZZ_CHECK(yjpi_results_get(a, i, &v) == YJPI_OK &&
                   yjpi_results_get(b, i, &w) == YJPI_OK, "get %zu", i);
        FUZZ_INVARIANT(tag, strcmp(v.area, w.area) == 0 &&
                   (v.group == NULL) == (w.group == NULL) &&
                   (!v.group || strcmp(v.group, w.group) == 0),
                   "%s: value %zu labels differ", what, i);
#define F_(x) (v.x == w.x || (isnan((double)v.x) && isnan((double)w.x)))
        int eq = F_(indicator) && F_(status) && F_(period.kind) &&
                 F_(period.start) && F_(period.end) && F_(breakdown) &&
                 F_(value) && F_(lower) && F_(upper) && F_(confidence) &&
                 F_(numerator) && F_(denominator) && F_(cohort_size) &&
                 F_(reoffenders) && F_(reoffences) && F_(custody_no_release) &&
                 F_(provisional) && F_(history_short) && F_(court_occasions) &&
                 F_(population) && F_(interval_status) &&
                 F_(interval_truncated) && F_(partial) && F_(covered_to) &&
                 F_(before_data) && F_(areas_without_population);
#undef F_
        FUZZ_INVARIANT(tag, eq,
                   "%s: value %zu (%s %s %s) differs: %.17g vs %.17g, "
                   "numerator %llu vs %llu", what, i,
                   yjpi_indicator_name(v.indicator), v.area,
                   v.group ? v.group : "total", v.value, w.value,
                   (unsigned long long)v.numerator,
                   (unsigned long long)w.numerator);
    }
}

#endif
