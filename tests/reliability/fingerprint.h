/* fingerprint.h - exact text renderings of results, datasets and
 * disparities ("%a" for doubles, so equal text means bit-equal numbers),
 * for tests that compare two computations. */
#ifndef YJPI_TEST_FINGERPRINT_H
#define YJPI_TEST_FINGERPRINT_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yjpi.h"

typedef struct fp_buf { char *s; size_t len, cap; int failed; } fp_buf;

static inline void fp_add(fp_buf *b, const char *fmt, ...)
{
    va_list ap;
    char tmp[512];
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || b->failed)
        return;
    size_t k = (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1;
    if (b->len + k + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + k + 1)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->failed = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    memcpy(b->s + b->len, tmp, k);
    b->len += k;
    b->s[b->len] = '\0';
}

static inline void fp_results(fp_buf *b, const yjpi_results *res)
{
    size_t n = yjpi_results_count(res);
    fp_add(b, "results %zu\n", n);
    for (size_t i = 0; i < n; i++) {
        yjpi_value v;
        YJPI_INIT(v);
        if (yjpi_results_get(res, i, &v) != YJPI_OK) {
            fp_add(b, "get %zu failed\n", i);
            continue;
        }
        fp_add(b, "%d %s %d..%d %d %s st=%d v=%a [%a %a] c=%a n=%llu d=%a "
               "coh=%llu ro=%llu rf=%llu cnr=%llu prov=%d hs=%d co=%llu pop=%a is=%d\n",
               (int)v.indicator, v.area ? v.area : "(null)", (int)v.period.start,
               (int)v.period.end, (int)v.breakdown, v.group ? v.group : "-",
               (int)v.status, v.value, v.lower, v.upper, v.confidence,
               (unsigned long long)v.numerator, v.denominator,
               (unsigned long long)v.cohort_size, (unsigned long long)v.reoffenders,
               (unsigned long long)v.reoffences,
               (unsigned long long)v.custody_no_release, (int)v.provisional,
               (int)v.history_short, (unsigned long long)v.court_occasions,
               v.population, (int)v.interval_status);
    }
}

static inline void fp_disparities(fp_buf *b, const yjpi_disparities *d)
{
    size_t n = yjpi_disparities_count(d);
    fp_add(b, "disparities %zu\n", n);
    for (size_t i = 0; i < n; i++) {
        yjpi_disparity g;
        YJPI_INIT(g);
        if (yjpi_disparities_get(d, i, &g) != YJPI_OK) {
            fp_add(b, "get %zu failed\n", i);
            continue;
        }
        fp_add(b, "%s st=%d n=%llu pop=%a sh=%a ps=%a diff=%a rri=%a [%a %a] %d %d\n",
               g.group ? g.group : "(null)", (int)g.status,
               (unsigned long long)g.count, g.population, g.share,
               g.population_share, g.difference, g.rri, g.rri_lower,
               g.rri_upper, (int)g.share_status, (int)g.population_status);
    }
}

/* all_read: include the bytes read (which depend on the chunk size when
 * reading stopped at an error). */
static inline void fp_dataset(fp_buf *b, const yjpi_dataset *ds, int all_read)
{
    fp_add(b, "counts");
    for (int i = 0; i <= (all_read ? YJPI_COUNT_BYTES_READ : YJPI_COUNT_BYTES_READ - 1); i++)
        fp_add(b, " %llu", (unsigned long long)yjpi_dataset_count(ds, i));
    fp_add(b, "\nrejected");
    for (int c = 0; c < YJPI_CODE_MAX_; c++)
        fp_add(b, " %llu", (unsigned long long)yjpi_dataset_rejected(ds, c));
    fp_add(b, "\n");
    for (size_t i = 0; i < yjpi_dataset_message_count(ds); i++)
        fp_add(b, "message %s\n", yjpi_dataset_message(ds, i));
    for (size_t i = 0; i < yjpi_dataset_note_count(ds); i++)
        fp_add(b, "note %s\n", yjpi_dataset_note(ds, i));
    for (size_t i = 0; yjpi_dataset_area(ds, i); i++)
        fp_add(b, "area %s\n", yjpi_dataset_area(ds, i));
    fp_add(b, "outcomes %d %d\n", (int)yjpi_dataset_first_outcome(ds),
           (int)yjpi_dataset_last_outcome(ds));
}

#endif
