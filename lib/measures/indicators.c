/*
 * indicators.c - first time entrants, proven reoffending and custody, their
 * breakdowns and disproportionality (docs/indicators.md sections 1-8).
 *
 * The rules and the choices taken where the spec is open are documented in
 * include/yjpi/indicators.h.  Shape: yjpi_compute() builds a context (area
 * slots, groups, an interval index of the periods and of the reoffending
 * cohort ranges, flat accumulators indexed by (slot, period, group)), walks
 * every person's rows once (walk(): each event is counted once, by area,
 * day segment or cohort range, and group), adds those counts into the
 * accumulators of every slot and period they belong to (fold()), then turns
 * each accumulator cell into yjpi_values (emit_all()).
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "reoffending.h"

/* ==== Value status texts =================================================== */

const char *yjpi_value_status_text(int status)
{
    switch (status) {
    case YJPI_VALUE_OK: return "computed";
    case YJPI_NC_NO_POPULATION: return "population missing";
    case YJPI_NC_EMPTY_COHORT: return "cohort is empty";
    case YJPI_NC_ZERO_DENOMINATOR: return "denominator is zero";
    case YJPI_NC_NUMERIC: return "interval could not be computed";
    case YJPI_NC_ZERO_POPULATION: return "population is zero";
    case YJPI_NC_TOO_FEW: return "too few observations for an interval";
    case YJPI_NC_ZERO_COUNT: return "count is zero";
    case YJPI_NC_POPULATION_INCOMPLETE: return "population incomplete";
    case YJPI_NC_NOT_FINITE: return "not finite";
    default: return "unknown status";
    }
}

/* ==== Interval index: which of a set of [start, end) ranges hold a date ===== */

/* The sorted distinct boundaries b[0..nb) cut the line into segments
 * [b[j], b[j+1]); seg_off/ids list, per segment, the ranges covering it.
 * A lookup is one table read by day (or a binary search over a span of
 * more than 40,000 days). */
typedef struct ivindex {
    yjpi_date *bounds;
    size_t n_bounds;
    uint32_t *seg_off;  /* n_bounds entries (segments + 1) */
    uint32_t *ids;
    /* segment of each day bounds[0] .. bounds[n_bounds-1]-1, when that span
     * is not huge (NULL otherwise: binary search) */
    uint32_t *day_seg;
} ivindex;

static void ivindex_free(ivindex *ix)
{
    yjpi__free(ix->bounds);
    yjpi__free(ix->seg_off);
    yjpi__free(ix->ids);
    yjpi__free(ix->day_seg);
    memset(ix, 0, sizeof *ix);
}

static int cmp_date(const void *a, const void *b)
{
    yjpi_date x = *(const yjpi_date *)a, y = *(const yjpi_date *)b;
    return (x > y) - (x < y);
}

static size_t bound_index(const ivindex *ix, yjpi_date d)
{
    size_t lo = 0, hi = ix->n_bounds;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->bounds[mid] < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int ivindex_build(ivindex *ix, const yjpi_date *starts,
                         const yjpi_date *ends, size_t n)
{
    memset(ix, 0, sizeof *ix);
    if (n == 0)
        return YJPI_OK;
    ix->bounds = yjpi__calloc(2 * n, sizeof *ix->bounds);
    if (!ix->bounds)
        return YJPI_E_NOMEM;
    for (size_t i = 0; i < n; i++) {
        ix->bounds[2 * i] = starts[i];
        ix->bounds[2 * i + 1] = ends[i];
    }
    qsort(ix->bounds, 2 * n, sizeof *ix->bounds, cmp_date);
    size_t nb = 0;
    for (size_t i = 0; i < 2 * n; i++)
        if (nb == 0 || ix->bounds[nb - 1] != ix->bounds[i])
            ix->bounds[nb++] = ix->bounds[i];
    ix->n_bounds = nb;
    ix->seg_off = yjpi__calloc(nb, sizeof *ix->seg_off);
    if (!ix->seg_off)
        goto nomem;
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        size_t s = bound_index(ix, starts[i]), e = bound_index(ix, ends[i]);
        for (size_t j = s; j < e; j++)
            ix->seg_off[j]++;
        total += e - s;
    }
    if (total >= UINT32_MAX)
        goto nomem;
    ix->ids = yjpi__calloc(total ? total : 1, sizeof *ix->ids);
    if (!ix->ids)
        goto nomem;
    /* counts -> start offsets (seg_off[nb-1] ends up = total) */
    uint32_t acc = 0;
    for (size_t j = 0; j < nb; j++) {
        uint32_t c = ix->seg_off[j];
        ix->seg_off[j] = acc;
        acc += c;
    }
    /* fill in range order, using a moving cursor per segment */
    uint32_t *cur = yjpi__calloc(nb, sizeof *cur);
    if (!cur)
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        size_t s = bound_index(ix, starts[i]), e = bound_index(ix, ends[i]);
        for (size_t j = s; j < e; j++)
            ix->ids[ix->seg_off[j] + cur[j]++] = (uint32_t)i;
    }
    yjpi__free(cur);
    /* a lookup table by day for spans up to about a century */
    if (nb >= 2 && ix->bounds[nb - 1] - ix->bounds[0] <= 40000) {
        size_t span = (size_t)(ix->bounds[nb - 1] - ix->bounds[0]);
        ix->day_seg = yjpi__calloc(span, sizeof *ix->day_seg);
        if (!ix->day_seg)
            goto nomem;
        for (size_t j = 0; j + 1 < nb; j++)
            for (yjpi_date d = ix->bounds[j]; d < ix->bounds[j + 1]; d++)
                ix->day_seg[d - ix->bounds[0]] = (uint32_t)j;
    }
    return YJPI_OK;
nomem:
    ivindex_free(ix);
    return YJPI_E_NOMEM;
}

/* Segment holding d (bounds[j] <= d < bounds[j+1]), SIZE_MAX outside
 * [bounds[0], bounds[n_bounds-1]). */
static inline size_t ivindex_seg(const ivindex *ix, yjpi_date d)
{
    size_t nb = ix->n_bounds;
    if (nb < 2 || d < ix->bounds[0] || d >= ix->bounds[nb - 1])
        return SIZE_MAX;
    if (ix->day_seg)
        return ix->day_seg[d - ix->bounds[0]];
    size_t lo = 0, hi = nb - 1;     /* bounds[lo] <= d < bounds[hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->bounds[mid] <= d)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Ranges covering segment j: returns how many, *ids points at them. */
static inline size_t ivindex_seg_ids(const ivindex *ix, size_t j, const uint32_t **ids)
{
    *ids = ix->ids + ix->seg_off[j];
    return ix->seg_off[j + 1] - ix->seg_off[j];
}

/* Segments of the index (0 when it is empty). */
static inline size_t ivindex_segs(const ivindex *ix)
{
    return ix->n_bounds >= 2 ? ix->n_bounds - 1 : 0;
}

/* Ranges holding d: returns how many, *ids points at their indices. */
static inline size_t ivindex_find(const ivindex *ix, yjpi_date d, const uint32_t **ids)
{
    size_t j = ivindex_seg(ix, d);
    if (j == SIZE_MAX)
        return 0;
    return ivindex_seg_ids(ix, j, ids);
}

/* ==== Results ============================================================= */

struct yjpi_results {
    yjpi_value *values;
    size_t n, cap;
    yjpi__strtab strs;        /* area codes and group labels */
    uint32_t *area_ix, *group_ix;  /* per value; UINT32_MAX = no group */
    uint32_t *hash;           /* open addressing: value index + 1 */
    size_t n_hash;
};

void yjpi_results_free(yjpi_results *res)
{
    if (!res)
        return;
    yjpi__free(res->values);
    yjpi__free(res->area_ix);
    yjpi__free(res->group_ix);
    yjpi__free(res->hash);
    yjpi__strtab_free(&res->strs);
    yjpi__free(res);
}

size_t yjpi_results_count(const yjpi_results *res)
{
    return res ? res->n : 0;
}

/* Copies the first out->size bytes of a struct whose first member is size. */
static int copy_sized(void *out, const void *in, size_t full)
{
    size_t want;
    memcpy(&want, out, sizeof want);
    if (want < sizeof(size_t))
        return YJPI_E_ARGUMENT;
    memcpy(out, in, want < full ? want : full);
    memcpy(out, &want, sizeof want);
    return YJPI_OK;
}

int yjpi_results_get(const yjpi_results *res, size_t i, yjpi_value *out)
{
    if (!res || !out || i >= res->n)
        return YJPI_E_ARGUMENT;
    return copy_sized(out, &res->values[i], sizeof res->values[i]);
}

static uint64_t value_key_hash(int indicator, const char *area,
                               const yjpi_period *p, const char *group)
{
    uint64_t h = yjpi__hash(area, strlen(area));
    h ^= (uint64_t)(uint32_t)indicator * 0x9E3779B97F4A7C15ULL;
    h = (h ^ (uint64_t)(uint32_t)p->start) * 0xff51afd7ed558ccdULL;
    h = (h ^ (uint64_t)(uint32_t)p->end) * 0xc4ceb9fe1a85ec53ULL;
    h ^= (uint64_t)(uint32_t)p->kind << 7;
    if (group)
        h ^= yjpi__hash(group, strlen(group)) + 0x51ED27;
    h ^= h >> 31;
    return h;
}

static int value_key_eq(const yjpi_value *v, int indicator, const char *area,
                        const yjpi_period *p, const char *group)
{
    if (v->indicator != indicator || v->period.start != p->start ||
        v->period.end != p->end || v->period.kind != p->kind ||
        strcmp(v->area, area) != 0)
        return 0;
    if (!group || !v->group)
        return !group && !v->group;
    return strcmp(v->group, group) == 0;
}

int yjpi_results_find(const yjpi_results *res, int indicator, const char *area,
                      const yjpi_period *period, const char *group,
                      yjpi_value *out)
{
    if (!res || !area || !period || !out)
        return YJPI_E_ARGUMENT;
    if (!res->n_hash)
        return YJPI_E_NOT_FOUND;
    size_t mask = res->n_hash - 1;
    uint64_t h = value_key_hash(indicator, area, period, group);
    for (size_t j = (size_t)h & mask; res->hash[j]; j = (j + 1) & mask) {
        const yjpi_value *v = &res->values[res->hash[j] - 1];
        if (value_key_eq(v, indicator, area, period, group))
            return copy_sized(out, v, sizeof *v);
    }
    return YJPI_E_NOT_FOUND;
}

/* Resolves label pointers (the string table no longer moves) and builds the
 * lookup table. */
static int results_seal(yjpi_results *res)
{
    for (size_t i = 0; i < res->n; i++) {
        res->values[i].area = yjpi__strtab_get(&res->strs, res->area_ix[i]);
        res->values[i].group = res->group_ix[i] == UINT32_MAX ? NULL
            : yjpi__strtab_get(&res->strs, res->group_ix[i]);
    }
    size_t ns = 16;
    while (ns < 2 * res->n + 2)
        ns *= 2;
    res->hash = yjpi__calloc(ns, sizeof *res->hash);
    if (!res->hash)
        return YJPI_E_NOMEM;
    res->n_hash = ns;
    for (size_t i = 0; i < res->n; i++) {
        const yjpi_value *v = &res->values[i];
        uint64_t h = value_key_hash(v->indicator, v->area, &v->period, v->group);
        size_t j = (size_t)h & (ns - 1);
        int dup = 0;
        while (res->hash[j]) {
            /* keep the first of identical keys (a period requested twice) */
            const yjpi_value *w = &res->values[res->hash[j] - 1];
            if (value_key_eq(w, v->indicator, v->area, &v->period, v->group)) {
                dup = 1;
                break;
            }
            j = (j + 1) & (ns - 1);
        }
        if (!dup)
            res->hash[j] = (uint32_t)(i + 1);
    }
    return YJPI_OK;
}

static yjpi_value *results_push(yjpi_results *res, uint32_t area_ix, uint32_t group_ix)
{
    if (res->n == res->cap) {
        size_t cap = res->cap ? res->cap * 2 : 64;
        if (cap >= UINT32_MAX)
            return NULL;
        yjpi_value *v = yjpi__reallocarray(res->values, cap, sizeof *v);
        if (!v)
            return NULL;
        res->values = v;
        uint32_t *a = yjpi__reallocarray(res->area_ix, cap, sizeof *a);
        if (!a)
            return NULL;
        res->area_ix = a;
        uint32_t *g = yjpi__reallocarray(res->group_ix, cap, sizeof *g);
        if (!g)
            return NULL;
        res->group_ix = g;
        res->cap = cap;
    }
    yjpi_value *v = &res->values[res->n];
    memset(v, 0, sizeof *v);
    v->size = sizeof *v;
    res->area_ix[res->n] = area_ix;
    res->group_ix[res->n] = group_ix;
    res->n++;
    return v;
}

/* ==== The computation ====================================================== */

enum { FAM_FTE = 1, FAM_REO = 2, FAM_CUS = 4 };

static int family_of(int indicator)
{
    switch (indicator) {
    case YJPI_FTE_COUNT: case YJPI_FTE_RATE: return FAM_FTE;
    case YJPI_BINARY_RATE: case YJPI_FREQUENCY_RATE:
    case YJPI_REOFFENCES_PER_REOFFENDER: return FAM_REO;
    case YJPI_CUSTODY_COUNT: case YJPI_CUSTODY_RATE:
    case YJPI_CUSTODY_SHARE: return FAM_CUS;
    default: return 0;
    }
}

typedef struct reo_acc {
    uint64_t c, r, o, osq;  /* members, re-offenders, re-offences, sum of k^2 */
    uint64_t no_release;
    uint32_t provisional;
} reo_acc;

typedef struct cus_acc {
    uint64_t court, custody;
} cus_acc;

/* The members of one cohort range (the walk's table of them). */
typedef struct member_acc {
    uint64_t c, r, o, osq;  /* as in reo_acc */
    uint64_t provisional;
} member_acc;

enum { POISSON_MEMO = 32 };

typedef struct ctx {
    const yjpi_dataset *ds;
    const yjpi_reference *ref;
    yjpi_options opts;
    double confidence;
    yjpi_date as_of;
    yjpi_date history_start;
    yjpi_date data_start;    /* history_start, else the first kept outcome */
    int families;
    int breakdown;

    /* area slots: visible ones first (in output order), then hidden ones
     * (data areas needed only for the area breakdown of "*") */
    size_t n_slots, n_visible;
    int32_t *slot_of_area;   /* per ds area: its slot or -1 */
    int32_t star_slot;       /* -1 when "*" is not computed */
    uint32_t *slot_label;    /* per slot: index in res->strs */
    int32_t *slot_area;      /* per slot: ds area or -1 ("*", or not in data) */
    bool star_areas;         /* every data area has a slot: "*" rates need to know
                                which areas count someone (see star_population) */

    const yjpi_period *periods;
    size_t n_periods;

    /* groups (not for the area breakdown: that one uses the slots) */
    size_t n_groups, g1;     /* g1 = n_groups + 1 cells per (slot, period) */
    uint32_t *group_map;     /* ds string index -> group (ethnicity, offence type) */
    uint32_t *group_label;   /* per group: index in res->strs */
    uint32_t *group_order;   /* groups sorted by label */

    ivindex pidx;            /* request periods */
    /* reoffending cohorts: the periods cut into cohorts, and cohorts with
     * the same dates taken as one range (a year's quarter and that quarter
     * asked for on its own): a person's membership depends on the dates
     * only, so it is worked out once per range and counted for each period
     * the range is a cohort of */
    ivindex ridx;            /* the distinct ranges */
    size_t n_ranges;
    uint32_t *range_off;     /* periods of range u: range_period[range_off[u] .. range_off[u+1]) */
    uint32_t *range_period;
    /* follow-up and waiting ends of each index date the cohorts cover:
     * ends[2i], ends[2i+1] for index date ends_lo + i (NULL: none kept) */
    yjpi_date *ends;
    yjpi_date ends_lo;
    size_t n_ends;
    /* 10th and 18th birthdays of those born on bdays_lo + i: bdays[2i],
     * bdays[2i+1] (births around the data's outcome dates; others are
     * worked out when met) */
    yjpi_date *bdays;
    yjpi_date bdays_lo;
    size_t n_bdays;
    /* days bounds[0] .. bounds[0] + p_span - 1 of pidx have a segment in
     * pidx.day_seg (when not NULL) */
    size_t p_span;
    /* when no two ranges overlap: the range of each day r_lo .. r_lo +
     * r_span - 1, UINT32_MAX for none (NULL otherwise) */
    uint32_t *range_day;
    yjpi_date r_lo;
    size_t r_span;

    /* The walk adds each event once, into small tables by (area row, date
     * unit, group) that fold() then adds into the cells: the area row of a
     * data area is its slot, or n_slots for the areas only "*" counts; the
     * units are the segments of pidx (events on a day) and the cohort
     * ranges (members).  Integer sums, so the cells are what adding every
     * event straight into each of its cells gives. */
    uint32_t *arow;          /* per ds area */
    size_t n_arows;          /* n_slots + 1 */
    size_t n_gk;             /* groups kept apart: n_groups, at least 1 */
    size_t n_psegs;          /* segments of pidx */
    size_t n_tp, n_tr;       /* entries of the tables by segment, by range */
    uint64_t *t_fte;         /* by segment */
    cus_acc *t_cus;          /* by segment */
    uint64_t *t_norel;       /* by segment: custody without release date */
    member_acc *t_mem;       /* by range */

    uint64_t *fte;
    reo_acc *reo;
    cus_acc *cus;

    /* per-person scratch */
    yjpi__best_index *best;  /* earliest index event per range */
    uint32_t *touched;

    /* Poisson intervals of the counts below POISSON_MEMO, once worked out */
    bool pois_set[POISSON_MEMO];
    int pois_rc[POISSON_MEMO];
    double pois_lo[POISSON_MEMO], pois_hi[POISSON_MEMO];
} ctx;

static void ctx_free(ctx *c)
{
    yjpi__free(c->slot_of_area);
    yjpi__free(c->slot_label);
    yjpi__free(c->slot_area);
    yjpi__free(c->group_map);
    yjpi__free(c->group_label);
    yjpi__free(c->group_order);
    ivindex_free(&c->pidx);
    ivindex_free(&c->ridx);
    yjpi__free(c->range_off);
    yjpi__free(c->range_period);
    yjpi__free(c->ends);
    yjpi__free(c->bdays);
    yjpi__free(c->range_day);
    yjpi__free(c->arow);
    yjpi__free(c->t_fte);
    yjpi__free(c->t_cus);
    yjpi__free(c->t_norel);
    yjpi__free(c->t_mem);
    yjpi__free(c->fte);
    yjpi__free(c->reo);
    yjpi__free(c->cus);
    yjpi__free(c->best);
    yjpi__free(c->touched);
}

/* Group of an event row (breakdowns other than area); 0 when none.  The
 * row shows a young person. */
static inline size_t group_of(const ctx *c, const yjpi__row *r, bool by_outcome)
{
    switch (c->breakdown) {
    case YJPI_BY_SEX:
        return r->sex == YJPI_SEX_MALE ? 0 : r->sex == YJPI_SEX_FEMALE ? 1 : 2;
    case YJPI_BY_AGE:
        return (size_t)(yjpi_age(r->birth, yjpi__age_day(r, by_outcome)) - 10);
    case YJPI_BY_AGE_BAND:
        return yjpi_age(r->birth, yjpi__age_day(r, by_outcome)) <= 14 ? 0 : 1;
    case YJPI_BY_ETHNICITY: return c->group_map[r->ethnicity];
    case YJPI_BY_OFFENCE_TYPE: return c->group_map[r->offence_type];
    default: return 0;
    }
}

/* Day numbers of the 10th and 18th birthdays of someone born on `birth`
 * (29 February counts as 1 March in non-leap years, as in yjpi_age): a
 * person is a young person (10-17) on day d exactly when b10 <= d < b18. */
static void birthdays_10_18(yjpi_date birth, yjpi_date *b10, yjpi_date *b18)
{
    int y, m, d;
    yjpi__civil_from_days(birth, &y, &m, &d);
    for (int k = 0; k < 2; k++) {
        int yy = y + (k ? 18 : 10), mm = m, dd = d;
        if (mm == 2 && dd == 29 && !yjpi__is_leap(yy)) {
            mm = 3;
            dd = 1;
        }
        *(k ? b18 : b10) = yjpi__days_from_civil(yy, mm, dd);
    }
}

/* What the walk reads and writes, copied out of the context into one local
 * value: the compiler then knows that the counts it stores do not change
 * any of it. */
typedef struct walk_env {
    const yjpi__row *rows;
    const size_t *start;
    const uint32_t *arow;
    size_t n_gk, n_psegs, n_ranges;
    uint64_t *t_fte;
    cus_acc *t_cus;
    uint64_t *t_norel;
    member_acc *t_mem;
    yjpi__best_index *best;
    uint32_t *touched;
    const yjpi_date *bdays;
    yjpi_date bdays_lo;
    size_t n_bdays;
    const uint32_t *p_day;      /* pidx.day_seg (NULL: search pidx) */
    yjpi_date p_lo;
    size_t p_span;
    const uint32_t *range_day;  /* NULL: search ridx */
    yjpi_date r_lo;
    size_t r_span;
    const yjpi_date *ends;
    yjpi_date ends_lo;
    size_t n_ends;
    yjpi_date as_of;
} walk_env;

/* Entry of a walk table for data area `area`, unit `unit` of n_units and
 * group g. */
static inline size_t tcell(const walk_env *e, uint32_t area, size_t unit,
                           size_t n_units, size_t g)
{
    return ((size_t)e->arow[area] * n_units + unit) * e->n_gk + g;
}

/* The birthdays of the last birth date met (a person's rows normally
 * share it). */
typedef struct young_memo {
    yjpi_date birth, b10, b18;
} young_memo;

static inline void young_memo_set(const walk_env *e, young_memo *y, yjpi_date birth)
{
    y->birth = birth;
    const uint64_t i = (uint64_t)((int64_t)birth - e->bdays_lo);
    if (YJPI__LIKELY(i < e->n_bdays)) {
        y->b10 = e->bdays[2 * i];
        y->b18 = e->bdays[2 * i + 1];
    } else {
        birthdays_10_18(birth, &y->b10, &y->b18);
    }
}

/* Whether row r shows a young person (aged 10-17 on its age day). */
static inline bool young_row(const walk_env *e, young_memo *y, const yjpi__row *r,
                             bool by_outcome)
{
    if (YJPI__UNLIKELY(r->birth != y->birth))
        young_memo_set(e, y, r->birth);
    const yjpi_date on = yjpi__age_day(r, by_outcome);
    return (on >= y->b10) & (on < y->b18);
}

/* Segment of pidx holding day d (SIZE_MAX: none). */
static inline size_t period_seg(const ctx *c, const walk_env *e, yjpi_date d)
{
    if (YJPI__LIKELY(e->p_day != NULL)) {
        const uint64_t off = (uint64_t)((int64_t)d - e->p_lo);
        return off < e->p_span ? e->p_day[off] : SIZE_MAX;
    }
    return ivindex_seg(&c->pidx, d);
}

#if defined(__GNUC__)
#  define YJPI__INLINE inline __attribute__((always_inline))
#else
#  define YJPI__INLINE inline
#endif

/* Walks persons [p0, p1), adding to c's walk tables: one pass over each
 * person's rows (in outcome date order) finds the first formal row (FTE),
 * the leading row of each court occasion (custody) and the index events
 * (reoffending); then each cohort range the person is a member of counts
 * the re-offences.  `grouped`: the breakdown needs each event's group (a
 * constant, so that the walk without groups is compiled apart). */
static YJPI__INLINE void walk_persons(const ctx *c, size_t p0, size_t p1,
                                      const bool grouped)
{
    const walk_env env = {
        .rows = c->ds->rows, .start = c->ds->person_start, .arow = c->arow,
        .n_gk = grouped ? c->n_gk : 1, .n_psegs = c->n_psegs, .n_ranges = c->n_ranges,
        .t_fte = c->t_fte, .t_cus = c->t_cus, .t_norel = c->t_norel,
        .t_mem = c->t_mem, .best = c->best, .touched = c->touched,
        .bdays = c->bdays, .bdays_lo = c->bdays_lo, .n_bdays = c->n_bdays,
        .p_day = c->pidx.day_seg, .p_lo = c->pidx.n_bounds ? c->pidx.bounds[0] : 0,
        .p_span = c->p_span, .range_day = c->range_day, .r_lo = c->r_lo,
        .r_span = c->r_span, .ends = c->ends, .ends_lo = c->ends_lo,
        .n_ends = c->n_ends, .as_of = c->as_of,
    };
    const walk_env *const e = &env;
    const bool by_outcome = c->opts.age_basis == YJPI_AGE_OUTCOME_DATE;
    const bool do_fte = (c->families & FAM_FTE) != 0;
    const bool do_cus = (c->families & FAM_CUS) != 0;
    const bool do_reo = (c->families & FAM_REO) != 0;
    young_memo y;

#define GROUP(r) (grouped ? group_of(c, (r), by_outcome) : 0)
    for (size_t p = p0; p < p1; p++) {
        const size_t nr = e->start[p + 1] - e->start[p];
        if (nr == 0)
            continue;
        const yjpi__row *const rows = e->rows + e->start[p];
#if defined(__GNUC__)
        /* the rows some 2 KiB ahead (about 20 persons) */
        __builtin_prefetch((const char *)rows + 2048);
        __builtin_prefetch((const char *)rows + 2048 + 64);
#endif
        young_memo_set(e, &y, rows[0].birth);
        bool fte_open = do_fte;
        /* the court occasion being read: its day, its leading row so far */
        yjpi_date occ_day = YJPI_NO_DATE;
        const yjpi__row *lead = NULL;
        unsigned lead_tier = 0;
        bool lead_young = false;
        size_t n_touched = 0;

        for (size_t i = 0; i < nr; i++) {
            const yjpi__row *const r = &rows[i];
            const unsigned tier = r->tier;
            if (tier == YJPI_TIER_INFORMAL)
                continue;
            const bool young = young_row(e, &y, r, by_outcome);

            /* ---- FTE: the earliest formal row, once per person ever ---- */
            if (fte_open) {
                fte_open = false;
                if (young) {
                    size_t j = period_seg(c, e, r->outcome);
                    if (j != SIZE_MAX)
                        e->t_fte[tcell(e, r->area, j, e->n_psegs, GROUP(r))]++;
                }
            }

            /* ---- custody: the court rows of one outcome date form one
             * occasion, led by the first row of the most severe tier ---- */
            if (do_cus && tier >= YJPI_TIER_FIRST_TIER) {
                if (r->outcome != occ_day) {
                    if (lead && lead_young) {
                        size_t j = period_seg(c, e, occ_day);
                        if (j != SIZE_MAX) {
                            cus_acc *a = &e->t_cus[tcell(e, lead->area, j, e->n_psegs,
                                                         GROUP(lead))];
                            a->court++;
                            a->custody += lead->tier == YJPI_TIER_CUSTODY;
                        }
                    }
                    occ_day = r->outcome;
                    lead_tier = 0;
                }
                if (tier > lead_tier) {
                    lead = r;
                    lead_tier = tier;
                    lead_young = young;
                }
            }

            /* ---- proven reoffending: index events ---- */
            if (do_reo) {
                yjpi_date idx = YJPI_NO_DATE;
                /* 10 stands for any young age, 18 for any other */
                const int ev = yjpi__index_event(r, young ? 10 : 18, &idx);
                if (ev == YJPI__NOT_INDEX)
                    continue;
                if (ev == YJPI__NO_RELEASE) {
                    size_t j = period_seg(c, e, r->outcome);
                    if (j != SIZE_MAX)
                        e->t_norel[tcell(e, r->area, j, e->n_psegs, GROUP(r))]++;
                    continue;
                }
                if (e->range_day) {
                    /* ranges that do not overlap: at most one per day */
                    const uint64_t off = (uint64_t)((int64_t)idx - e->r_lo);
                    const uint32_t u = off < e->r_span ? e->range_day[off] : UINT32_MAX;
                    if (u != UINT32_MAX &&
                        yjpi__best_index_offer(&e->best[u], idx, (uint32_t)i))
                        e->touched[n_touched++] = u;
                } else {
                    const uint32_t *ids = NULL;
                    size_t k = ivindex_find(&c->ridx, idx, &ids);
                    for (size_t j = 0; j < k; j++)
                        if (yjpi__best_index_offer(&e->best[ids[j]], idx, (uint32_t)i))
                            e->touched[n_touched++] = ids[j];
                }
            }
        }
        if (lead && lead_young) {
            size_t j = period_seg(c, e, occ_day);
            if (j != SIZE_MAX) {
                cus_acc *a = &e->t_cus[tcell(e, lead->area, j, e->n_psegs, GROUP(lead))];
                a->court++;
                a->custody += lead->tier == YJPI_TIER_CUSTODY;
            }
        }

        /* ---- proven reoffending: the members ---- */
        for (size_t t = 0; t < n_touched; t++) {
            const uint32_t u = e->touched[t];
            yjpi__best_index *b = &e->best[u];
            const yjpi__row *r = &rows[b->row];
            yjpi__followup f;
            const size_t di = (size_t)(b->date - e->ends_lo);
            if (e->ends && b->date >= e->ends_lo && di < e->n_ends)
                yjpi__followup_set(&f, b->date, e->ends[2 * di],
                                   e->ends[2 * di + 1], e->as_of);
            else
                yjpi__followup_init(&f, b->date, &c->opts, e->as_of);
            b->row = UINT32_MAX;
            const uint64_t k = yjpi__reoffence_count(rows, nr, &f);
            member_acc *a = &e->t_mem[tcell(e, r->area, u, e->n_ranges, GROUP(r))];
            a->c++;
            a->r += k > 0;
            a->o += k;
            a->osq += k * k;
            a->provisional |= f.provisional;
        }
    }
#undef GROUP
}

static void walk(ctx *c, size_t p0, size_t p1)
{
    if (c->n_groups)
        walk_persons(c, p0, p1, true);
    else
        walk_persons(c, p0, p1, false);
}

/* Adds the walk tables into the cells: each entry into the cells of its
 * slot (if any) and of "*", for each period of its segment or range, as
 * the group's cell and the total. */
static void fold(ctx *c)
{
    const size_t np = c->n_periods, g1 = c->g1, ng = c->n_gk;
    for (size_t ar = 0; ar < c->n_arows; ar++) {
        size_t slots[2];
        size_t ns = 0;
        if (ar < c->n_slots)
            slots[ns++] = ar;
        if (c->star_slot >= 0 && (size_t)c->star_slot != ar)
            slots[ns++] = (size_t)c->star_slot;
        for (size_t j = 0; j < c->n_psegs; j++) {
            const uint32_t *ids = NULL;
            const size_t k = ivindex_seg_ids(&c->pidx, j, &ids);
            for (size_t g = 0; g < ng; g++) {
                const size_t src = (ar * c->n_psegs + j) * ng + g;
                const uint64_t fte = c->t_fte ? c->t_fte[src] : 0;
                const cus_acc cus = c->t_cus ? c->t_cus[src] : (cus_acc){0, 0};
                const uint64_t norel = c->t_norel ? c->t_norel[src] : 0;
                if (!fte && !cus.court && !cus.custody && !norel)
                    continue;
                for (size_t m = 0; m < k; m++) {
                    for (size_t s = 0; s < ns; s++) {
                        const size_t base = (slots[s] * np + ids[m]) * g1;
                        const size_t cells[2] = {base, base + 1 + g};
                        for (size_t q = 0; q < (g1 > 1 ? 2u : 1u); q++) {
                            if (c->fte)
                                c->fte[cells[q]] += fte;
                            if (c->cus) {
                                c->cus[cells[q]].court += cus.court;
                                c->cus[cells[q]].custody += cus.custody;
                            }
                            if (c->reo)
                                c->reo[cells[q]].no_release += norel;
                        }
                    }
                }
            }
        }
        for (size_t u = 0; c->t_mem && u < c->n_ranges; u++) {
            for (size_t g = 0; g < ng; g++) {
                const member_acc *a = &c->t_mem[(ar * c->n_ranges + u) * ng + g];
                if (!a->c)
                    continue;
                for (size_t m = c->range_off[u]; m < c->range_off[u + 1]; m++) {
                    for (size_t s = 0; s < ns; s++) {
                        const size_t base = (slots[s] * np + c->range_period[m]) * g1;
                        const size_t cells[2] = {base, base + 1 + g};
                        for (size_t q = 0; q < (g1 > 1 ? 2u : 1u); q++) {
                            reo_acc *d = &c->reo[cells[q]];
                            d->c += a->c;
                            d->r += a->r;
                            d->o += a->o;
                            d->osq += a->osq;
                            if (a->provisional)
                                d->provisional = 1;
                        }
                    }
                }
            }
        }
    }
}

/* ---- the walk on two threads ----
 *
 * Persons are independent: each adds integer counts to the tables, so the
 * persons can be walked by two threads into separate tables (and per-person
 * scratch) that are then summed (the provisional flag OR-ed).  Sums of
 * integers do not depend on the order, so the results are those of one
 * walk.  The persons are cut into WALK_CHUNKS runs of about equal rows that
 * each thread takes in turn until none is left: when the machine is busy
 * and one thread gets less of a core, the other one walks more. */

enum { WALK_CHUNKS = 64 };

typedef struct walk_job {
    ctx c;
    const size_t *bounds;   /* chunk k: persons bounds[k] .. bounds[k+1] - 1 */
    size_t *next;           /* the next chunk to take (atomic) */
} walk_job;

static void walk_chunks(ctx *c, const size_t *bounds, size_t *next)
{
    for (;;) {
        const size_t k = __atomic_fetch_add(next, 1, __ATOMIC_RELAXED);
        if (k >= WALK_CHUNKS)
            return;
        walk(c, bounds[k], bounds[k + 1]);
    }
}

static void *walk_thread(void *arg)
{
    walk_job *j = arg;
    walk_chunks(&j->c, j->bounds, j->next);
    return NULL;
}


static void walk_all(ctx *c, int32_t threads)
{
    const yjpi_dataset *ds = c->ds;
    const size_t np = yjpi__strtab_count(&ds->persons);
    size_t min = yjpi__tune.walk_parallel_min ? yjpi__tune.walk_parallel_min : 200000;
    if (threads == 1 || ds->n_rows < min || np < 2 || !yjpi__allocator_is_default()) {
        walk(c, 0, np);
        return;
    }
    /* chunk k starts at the first person whose rows start at or after row
     * k * n_rows / WALK_CHUNKS */
    size_t bounds[WALK_CHUNKS + 1];
    bounds[0] = 0;
    bounds[WALK_CHUNKS] = np;
    for (size_t k = 1; k < WALK_CHUNKS; k++) {
        const size_t row = (size_t)((uint64_t)ds->n_rows * k / WALK_CHUNKS);
        size_t lo = bounds[k - 1], hi = np;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (ds->person_start[mid] < row)
                lo = mid + 1;
            else
                hi = mid;
        }
        bounds[k] = lo;
    }
    size_t next = 0;
    walk_job j;
    j.c = *c;
    j.bounds = bounds;
    j.next = &next;
    j.c.t_fte = NULL;
    j.c.t_cus = NULL;
    j.c.t_norel = NULL;
    j.c.t_mem = NULL;
    j.c.best = NULL;
    j.c.touched = NULL;
    bool ok = true;
    if (c->t_fte)
        ok = (j.c.t_fte = yjpi__calloc(c->n_tp, sizeof *j.c.t_fte)) != NULL;
    if (ok && c->t_cus)
        ok = (j.c.t_cus = yjpi__calloc(c->n_tp, sizeof *j.c.t_cus)) != NULL;
    if (ok && c->t_norel)
        ok = (j.c.t_norel = yjpi__calloc(c->n_tp, sizeof *j.c.t_norel)) != NULL;
    if (ok && c->t_mem)
        ok = (j.c.t_mem = yjpi__calloc(c->n_tr, sizeof *j.c.t_mem)) != NULL;
    if (ok && c->best) {
        size_t nr = c->n_ranges ? c->n_ranges : 1;
        j.c.best = yjpi__calloc(nr, sizeof *j.c.best);
        j.c.touched = yjpi__calloc(nr, sizeof *j.c.touched);
        ok = j.c.best && j.c.touched;
        for (size_t i = 0; ok && i < c->n_ranges; i++)
            j.c.best[i].row = UINT32_MAX;
    }
    yjpi__thread tid;
    if (ok && yjpi__thread_start(&tid, walk_thread, &j)) {
        __atomic_fetch_add(&yjpi__tune.walk_parallel_runs, 1, __ATOMIC_RELAXED);
        walk_chunks(c, bounds, &next);
        yjpi__thread_join(&tid);
        for (size_t i = 0; c->t_fte && i < c->n_tp; i++)
            c->t_fte[i] += j.c.t_fte[i];
        for (size_t i = 0; c->t_cus && i < c->n_tp; i++) {
            c->t_cus[i].court += j.c.t_cus[i].court;
            c->t_cus[i].custody += j.c.t_cus[i].custody;
        }
        for (size_t i = 0; c->t_norel && i < c->n_tp; i++)
            c->t_norel[i] += j.c.t_norel[i];
        for (size_t i = 0; c->t_mem && i < c->n_tr; i++) {
            member_acc *a = &c->t_mem[i];
            const member_acc *b = &j.c.t_mem[i];
            a->c += b->c;
            a->r += b->r;
            a->o += b->o;
            a->osq += b->osq;
            a->provisional |= b->provisional;
        }
    } else {
        walk(c, 0, np);
    }
    yjpi__free(j.c.t_fte);
    yjpi__free(j.c.t_cus);
    yjpi__free(j.c.t_norel);
    yjpi__free(j.c.t_mem);
    yjpi__free(j.c.best);
    yjpi__free(j.c.touched);
}

/* ---- building the context ---- */

typedef struct label_sort {
    const char *s;
    uint32_t i;
} label_sort;

static int cmp_label(const void *a, const void *b)
{
    const label_sort *x = a, *y = b;
    int d = strcmp(x->s, y->s);
    return d ? d : (x->i > y->i) - (x->i < y->i);
}

/* Groups of the ethnicity / offence type breakdowns: the table's strings
 * with "" named "unknown" (a literal "unknown" merges with it). */
static int build_string_groups(ctx *c, yjpi_results *res, const yjpi__strtab *t)
{
    size_t n = yjpi__strtab_count(t);
    c->group_map = yjpi__calloc(n ? n : 1, sizeof *c->group_map);
    c->group_label = yjpi__calloc(n ? n : 1, sizeof *c->group_label);
    if (!c->group_map || !c->group_label)
        return YJPI_E_NOMEM;
    size_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = yjpi__strtab_get(t, (uint32_t)i);
        if (!*s)
            s = "unknown";
        uint32_t lab;
        int rc = yjpi__strtab_intern(&res->strs, s, strlen(s), &lab);
        if (rc)
            return rc;
        size_t g = 0;
        while (g < ng && c->group_label[g] != lab)
            g++;
        if (g == ng)
            c->group_label[ng++] = lab;
        c->group_map[i] = (uint32_t)g;
    }
    c->n_groups = ng;
    return YJPI_OK;
}

static int build_groups(ctx *c, yjpi_results *res)
{
    static const char *const sex_labels[] = {"M", "F", "unknown"};
    static const char *const age_labels[] = {"10", "11", "12", "13", "14", "15", "16", "17"};
    static const char *const band_labels[] = {"10-14", "15-17"};
    const char *const *fixed = NULL;
    size_t nf = 0;
    int rc = YJPI_OK;
    switch (c->breakdown) {
    case YJPI_BY_SEX: fixed = sex_labels; nf = 3; break;
    case YJPI_BY_AGE: fixed = age_labels; nf = 8; break;
    case YJPI_BY_AGE_BAND: fixed = band_labels; nf = 2; break;
    case YJPI_BY_ETHNICITY: rc = build_string_groups(c, res, &c->ds->ethnicities); break;
    case YJPI_BY_OFFENCE_TYPE: rc = build_string_groups(c, res, &c->ds->offence_types); break;
    default: break;
    }
    if (rc)
        return rc;
    if (fixed) {
        c->group_label = yjpi__calloc(nf, sizeof *c->group_label);
        if (!c->group_label)
            return YJPI_E_NOMEM;
        for (size_t i = 0; i < nf; i++) {
            rc = yjpi__strtab_intern(&res->strs, fixed[i], strlen(fixed[i]),
                                     &c->group_label[i]);
            if (rc)
                return rc;
        }
        c->n_groups = nf;
    }
    c->g1 = c->n_groups + 1;
    if (c->n_groups) {
        label_sort *ls = yjpi__calloc(c->n_groups, sizeof *ls);
        c->group_order = yjpi__calloc(c->n_groups, sizeof *c->group_order);
        if (!ls || !c->group_order) {
            yjpi__free(ls);
            return YJPI_E_NOMEM;
        }
        for (size_t g = 0; g < c->n_groups; g++) {
            ls[g].s = yjpi__strtab_get(&res->strs, c->group_label[g]);
            ls[g].i = (uint32_t)g;
        }
        qsort(ls, c->n_groups, sizeof *ls, cmp_label);
        for (size_t g = 0; g < c->n_groups; g++)
            c->group_order[g] = ls[g].i;
        yjpi__free(ls);
    }
    return YJPI_OK;
}

static int add_slot(ctx *c, yjpi_results *res, const char *label, int32_t area)
{
    int rc = yjpi__strtab_intern(&res->strs, label, strlen(label),
                                 &c->slot_label[c->n_slots]);
    if (rc)
        return rc;
    c->slot_area[c->n_slots] = area;
    if (area >= 0)
        c->slot_of_area[area] = (int32_t)c->n_slots;
    else if (strcmp(label, "*") == 0)
        c->star_slot = (int32_t)c->n_slots;
    c->n_slots++;
    return YJPI_OK;
}

static int build_slots(ctx *c, yjpi_results *res, const yjpi_request *req)
{
    const yjpi_dataset *ds = c->ds;
    size_t n_areas = yjpi__strtab_count(&ds->areas);
    size_t max_slots = n_areas + 1 + (req->areas ? req->n_areas : 0);
    c->slot_of_area = yjpi__calloc(n_areas ? n_areas : 1, sizeof *c->slot_of_area);
    c->slot_label = yjpi__calloc(max_slots, sizeof *c->slot_label);
    c->slot_area = yjpi__calloc(max_slots, sizeof *c->slot_area);
    if (!c->slot_of_area || !c->slot_label || !c->slot_area)
        return YJPI_E_NOMEM;
    for (size_t a = 0; a < n_areas; a++)
        c->slot_of_area[a] = -1;
    c->star_slot = -1;
    int rc;
    if (!req->areas) {
        for (size_t i = 0; i < n_areas; i++) {
            uint32_t a = ds->area_order[i];
            if ((rc = add_slot(c, res, yjpi__strtab_get(&ds->areas, a), (int32_t)a)))
                return rc;
        }
        if ((rc = add_slot(c, res, "*", -1)))
            return rc;
    } else {
        for (size_t i = 0; i < req->n_areas; i++) {
            const char *code = req->areas[i];
            int32_t area = -1;
            if (strcmp(code, "*") == 0) {
                if (c->star_slot >= 0)
                    continue;
            } else {
                uint32_t a = yjpi__strtab_find(&ds->areas, code, strlen(code));
                if (a != UINT32_MAX) {
                    if (c->slot_of_area[a] >= 0)
                        continue;
                    area = (int32_t)a;
                } else {
                    /* not in the data: a slot with zero counts (once) */
                    uint32_t lab = yjpi__strtab_find(&res->strs, code, strlen(code));
                    int seen = 0;
                    for (size_t s = 0; s < c->n_slots && lab != UINT32_MAX; s++)
                        if (c->slot_label[s] == lab)
                            seen = 1;
                    if (seen)
                        continue;
                }
            }
            if ((rc = add_slot(c, res, code, area)))
                return rc;
        }
    }
    c->n_visible = c->n_slots;
    /* The area breakdown of "*" needs every data area's own cells, and so
     * do rates of "*" over a population (which areas count someone). */
    if ((c->breakdown == YJPI_BY_AREA || c->star_areas) && c->star_slot >= 0) {
        for (size_t a = 0; a < n_areas; a++)
            if (c->slot_of_area[a] < 0 &&
                (rc = add_slot(c, res, yjpi__strtab_get(&ds->areas, (uint32_t)a),
                               (int32_t)a)))
                return rc;
    }
    return YJPI_OK;
}

/* End (exclusive) of what the data covers of a period ending at `end`:
 * the day after as_of when the period ends later. */
static yjpi_date covered_end(const ctx *c, yjpi_date end)
{
    if (c->as_of != YJPI_NO_DATE && end - 1 > c->as_of)
        return c->as_of + 1;
    return end;
}

typedef struct cohort_dates {
    yjpi_date start, end;
    uint32_t period;
} cohort_dates;

static int cmp_cohort(const void *a, const void *b)
{
    const cohort_dates *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return (x->period > y->period) - (x->period < y->period);
}

static int build_periods(ctx *c, int need_cohorts)
{
    size_t np = c->n_periods;
    yjpi_date *s = yjpi__calloc(np, sizeof *s), *e = yjpi__calloc(np, sizeof *e);
    cohort_dates *cd = NULL;
    int rc = YJPI_E_NOMEM;
    if (!s || !e)
        goto out;
    for (size_t i = 0; i < np; i++) {
        s[i] = c->periods[i].start;
        e[i] = covered_end(c, c->periods[i].end);
    }
    if ((rc = ivindex_build(&c->pidx, s, e, np)))
        goto out;
    if (need_cohorts) {
        /* split pooled periods into 3-month cohorts */
        size_t nc = 0;
        for (size_t i = 0; i < np; i++) {
            int m = yjpi_period_months(&c->periods[i]);
            nc += (c->opts.cohort_months == 3 && m > 3 && m % 3 == 0) ? (size_t)(m / 3) : 1;
        }
        rc = YJPI_E_NOMEM;
        cd = yjpi__calloc(nc, sizeof *cd);
        if (!cd)
            goto out;
        size_t k = 0;
        for (size_t i = 0; i < np; i++) {
            const yjpi_period *p = &c->periods[i];
            int m = yjpi_period_months(p);
            if (c->opts.cohort_months == 3 && m > 3 && m % 3 == 0) {
                for (int q = 0; q < m / 3; q++) {
                    cd[k].start = yjpi_date_add_months(p->start, 3 * q);
                    cd[k].end = yjpi_date_add_months(p->start, 3 * q + 3);
                    cd[k++].period = (uint32_t)i;
                }
            } else {
                cd[k].start = p->start;
                cd[k].end = p->end;
                cd[k++].period = (uint32_t)i;
            }
        }
        /* a partial period: its cohorts cut at as_of, those starting after
         * it left out (the period's first one always starts by as_of) */
        size_t kept = 0;
        for (size_t i = 0; i < k; i++) {
            cd[i].end = covered_end(c, cd[i].end);
            if (cd[i].start < cd[i].end)
                cd[kept++] = cd[i];
        }
        nc = kept;
        /* cohorts with the same dates -> one range */
        qsort(cd, nc, sizeof *cd, cmp_cohort);
        size_t nr = 0;
        for (size_t i = 0; i < nc; i++)
            if (i == 0 || cd[i].start != cd[i - 1].start || cd[i].end != cd[i - 1].end)
                nr++;
        yjpi__free(s);
        yjpi__free(e);
        s = yjpi__calloc(nr, sizeof *s);
        e = yjpi__calloc(nr, sizeof *e);
        c->range_off = yjpi__calloc(nr + 1, sizeof *c->range_off);
        c->range_period = yjpi__calloc(nc, sizeof *c->range_period);
        c->best = yjpi__calloc(nr, sizeof *c->best);
        c->touched = yjpi__calloc(nr, sizeof *c->touched);
        if (!s || !e || !c->range_off || !c->range_period || !c->best || !c->touched)
            goto out;
        size_t u = 0;
        for (size_t i = 0; i < nc; i++) {
            if (i == 0 || cd[i].start != cd[i - 1].start || cd[i].end != cd[i - 1].end) {
                if (i > 0)
                    u++;
                s[u] = cd[i].start;
                e[u] = cd[i].end;
                c->range_off[u] = (uint32_t)i;
            }
            c->range_period[i] = cd[i].period;
        }
        c->range_off[nr] = (uint32_t)nc;
        for (size_t i = 0; i < nr; i++)
            c->best[i].row = UINT32_MAX;
        c->n_ranges = nr;
        if ((rc = ivindex_build(&c->ridx, s, e, nr)))
            goto out;
        /* every member's follow-up starts on a day of the cohorts: the
         * ends of those days, worked out once (unless the span is huge) */
        yjpi_date lo = s[0], hi = e[0];
        for (size_t i = 1; i < nr; i++) {
            lo = s[i] < lo ? s[i] : lo;
            hi = e[i] > hi ? e[i] : hi;
        }
        if (hi - lo <= 40000) {
            c->n_ends = (size_t)(hi - lo);
            c->ends_lo = lo;
            c->ends = yjpi__calloc(2 * c->n_ends + 2, sizeof *c->ends);
            rc = YJPI_E_NOMEM;
            if (!c->ends)
                goto out;
            const int fu = c->opts.followup_months;
            const int all = fu + c->opts.waiting_months;
            for (size_t i = 0; i < c->n_ends; i++) {
                c->ends[2 * i] = yjpi_date_add_months(lo + (yjpi_date)i, fu);
                c->ends[2 * i + 1] = yjpi_date_add_months(lo + (yjpi_date)i, all);
            }
        }
    }
    rc = YJPI_OK;
out:
    yjpi__free(s);
    yjpi__free(e);
    yjpi__free(cd);
    return rc;
}

/* The walk tables (after build_slots, build_groups and build_periods) and
 * the birthdays by birth date. */
static int build_tables(ctx *c)
{
    const yjpi_dataset *ds = c->ds;
    const size_t n_areas = yjpi__strtab_count(&ds->areas);
    c->arow = yjpi__calloc(n_areas ? n_areas : 1, sizeof *c->arow);
    if (!c->arow)
        return YJPI_E_NOMEM;
    for (size_t a = 0; a < n_areas; a++)
        c->arow[a] = c->slot_of_area[a] >= 0 ? (uint32_t)c->slot_of_area[a]
                                             : (uint32_t)c->n_slots;
    c->n_arows = c->n_slots + 1;
    c->n_gk = c->n_groups ? c->n_groups : 1;
    c->n_psegs = ivindex_segs(&c->pidx);
    const size_t per_row = c->n_arows * c->n_gk;
    if (per_row / c->n_gk != c->n_arows ||
        (c->n_psegs && per_row * c->n_psegs / c->n_psegs != per_row) ||
        (c->n_ranges && per_row * c->n_ranges / c->n_ranges != per_row))
        return YJPI_E_NOMEM;
    c->n_tp = per_row * c->n_psegs;
    c->n_tr = per_row * c->n_ranges;
    const size_t ntp = c->n_tp ? c->n_tp : 1, ntr = c->n_tr ? c->n_tr : 1;
    if ((c->families & FAM_FTE) && !(c->t_fte = yjpi__calloc(ntp, sizeof *c->t_fte)))
        return YJPI_E_NOMEM;
    if ((c->families & FAM_CUS) && !(c->t_cus = yjpi__calloc(ntp, sizeof *c->t_cus)))
        return YJPI_E_NOMEM;
    if ((c->families & FAM_REO) &&
        (!(c->t_norel = yjpi__calloc(ntp, sizeof *c->t_norel)) ||
         !(c->t_mem = yjpi__calloc(ntr, sizeof *c->t_mem))))
        return YJPI_E_NOMEM;
    if (c->pidx.n_bounds >= 2)
        c->p_span = (size_t)(c->pidx.bounds[c->pidx.n_bounds - 1] - c->pidx.bounds[0]);
    if (c->ridx.day_seg) {
        /* a table of the range of each day, unless ranges overlap */
        const size_t nseg = ivindex_segs(&c->ridx);
        bool overlap = false;
        for (size_t j = 0; j < nseg; j++)
            overlap |= c->ridx.seg_off[j + 1] - c->ridx.seg_off[j] > 1;
        if (!overlap) {
            c->r_lo = c->ridx.bounds[0];
            c->r_span = (size_t)(c->ridx.bounds[c->ridx.n_bounds - 1] - c->r_lo);
            c->range_day = yjpi__calloc(c->r_span ? c->r_span : 1, sizeof *c->range_day);
            if (!c->range_day)
                return YJPI_E_NOMEM;
            for (size_t d = 0; d < c->r_span; d++) {
                const size_t j = c->ridx.day_seg[d];
                c->range_day[d] = c->ridx.seg_off[j + 1] > c->ridx.seg_off[j]
                    ? c->ridx.ids[c->ridx.seg_off[j]] : UINT32_MAX;
            }
        }
    }
    /* births from about 20 years before the first outcome date to 9 years
     * before the last: those of the young people of the data, mostly; the
     * table costs two date conversions a day, so only when the rows are
     * many more than its days */
    if (ds->n_rows >= 200000 && ds->first_outcome != YJPI_NO_DATE) {
        int64_t lo = (int64_t)ds->first_outcome - 20 * 366;
        int64_t hi = (int64_t)ds->last_outcome - 9 * 365;
        if (lo < -719162)           /* 0001-01-01 */
            lo = -719162;
        if (hi > 2932896 - 20 * 366)  /* birthdays stay before 9999-12-31 */
            hi = 2932896 - 20 * 366;
        if (hi > lo && hi - lo <= 40000) {
            c->n_bdays = (size_t)(hi - lo);
            c->bdays_lo = (yjpi_date)lo;
            c->bdays = yjpi__calloc(2 * c->n_bdays, sizeof *c->bdays);
            if (!c->bdays)
                return YJPI_E_NOMEM;
            for (size_t i = 0; i < c->n_bdays; i++)
                birthdays_10_18(c->bdays_lo + (yjpi_date)i, &c->bdays[2 * i],
                                &c->bdays[2 * i + 1]);
        }
    }
    return YJPI_OK;
}

/* ---- turning accumulators into values ---- */

/* Population for a value; returns its status (0 = found, > 0). */
static int population_of(const ctx *c, const char *area, const char *group,
                         const yjpi_period *p, double *pop)
{
    *pop = 0;
    if (!c->ref)
        return YJPI_NC_NO_POPULATION;
    if (yjpi_reference_population(c->ref, area, group,
                                  yjpi_period_population_year(p), pop) != YJPI_OK) {
        *pop = 0;
        return YJPI_NC_NO_POPULATION;
    }
    if (!(*pop > 0)) {
        *pop = 0;
        return YJPI_NC_ZERO_POPULATION;
    }
    return YJPI_VALUE_OK;
}

/* Population of all areas together ("*") for a value built from cell
 * `cell` of the "*" slot: the reference's own "*" population for the year
 * when it has one; otherwise the sum over the areas having one, provided
 * every data area counting someone in the matching cell (FTE persons, or
 * custodial occasions) has one, so that numerator and denominator cover the
 * same areas.  Returns the status; *missing gets the number of counting
 * areas without a population when that is YJPI_NC_POPULATION_INCOMPLETE. */
static int star_population(const ctx *c, int ind, size_t cell, const char *group,
                           const yjpi_period *p, double *pop, uint32_t *missing)
{
    *pop = 0;
    *missing = 0;
    if (!c->ref)
        return YJPI_NC_NO_POPULATION;
    const int year = yjpi_period_population_year(p);
    double own;
    if (yjpi__reference_star_population(c->ref, group, year, &own) == YJPI_OK) {
        if (!(own > 0))
            return YJPI_NC_ZERO_POPULATION;
        *pop = own;
        return YJPI_VALUE_OK;
    }
    double sum;
    if (yjpi_reference_population(c->ref, "*", group, year, &sum) != YJPI_OK)
        return YJPI_NC_NO_POPULATION;   /* no area has one */
    const size_t g = cell % c->g1, pi = (cell / c->g1) % c->n_periods;
    const size_t n_areas = yjpi__strtab_count(&c->ds->areas);
    uint32_t lacking = 0;
    for (size_t a = 0; a < n_areas; a++) {
        const int32_t hs = c->slot_of_area[a];
        if (hs >= 0) {
            const size_t ac = ((size_t)hs * c->n_periods + pi) * c->g1 + g;
            const uint64_t n = ind == YJPI_FTE_RATE ? c->fte[ac] : c->cus[ac].custody;
            if (n == 0)
                continue;
        }
        /* (an area without a slot of its own cannot be checked for counts:
         * only its population decides) */
        double x;
        if (yjpi_reference_population(c->ref, yjpi__strtab_get(&c->ds->areas, (uint32_t)a),
                                      group, year, &x) != YJPI_OK)
            lacking++;
    }
    if (lacking) {
        *missing = lacking;
        return YJPI_NC_POPULATION_INCOMPLETE;
    }
    if (!(sum > 0))
        return YJPI_NC_ZERO_POPULATION;
    *pop = sum;
    return YJPI_VALUE_OK;
}

/* Whether every number of a computed value is finite. */
static bool value_finite(const yjpi_value *v)
{
    return isfinite(v->value) && isfinite(v->lower) && isfinite(v->upper) &&
           isfinite(v->denominator) && isfinite(v->population);
}

static void set_interval(yjpi_value *v, int rc, double lo, double hi, double scale)
{
    if (rc != YJPI_OK || !isfinite(lo) || !isfinite(hi)) {
        v->interval_status = YJPI_NC_NUMERIC;
        v->lower = v->upper = v->value;
    } else if (!isfinite(lo * scale) || !isfinite(hi * scale)) {
        v->interval_status = YJPI_NC_NOT_FINITE;
        v->lower = v->upper = v->value;
    } else {
        v->lower = lo * scale;
        v->upper = hi * scale;
    }
}

/* A mean over persons with its t interval.  A limit below `floor` (the
 * least value the measure can take: 0 re-offences per member, 1 per
 * re-offender) is cut at the floor and flagged interval_truncated. */
static void set_mean(yjpi_value *v, double n, double sum, double sumsq,
                     double conf, double floor)
{
    v->value = sum / n;
    if (n < 2) {
        v->interval_status = YJPI_NC_TOO_FEW;
        v->lower = v->upper = v->value;
        return;
    }
    double mean, lo, hi;
    int rc = yjpi_ci_mean_stats(n, sum, sumsq, conf, &mean, &lo, &hi);
    set_interval(v, rc, lo, hi, 1.0);
    if (v->interval_status == YJPI_VALUE_OK && v->lower < floor) {
        v->lower = floor;
        v->interval_truncated = 1;
    }
}

/* Fills v (indicator, period and labels already set) from cell `cell`.
 * pop_area/pop_group: what to look the population up as (pop_area NULL =
 * no population for this row). */
/* yjpi_ci_poisson() at the request's confidence, remembered for the small
 * counts (the exact intervals, dearest to work out, and the most often
 * met: one per count, whatever the cell). */
static int poisson_ci(ctx *c, uint64_t n, double *lo, double *hi)
{
    if (n >= POISSON_MEMO)
        return yjpi_ci_poisson(n, c->confidence, lo, hi);
    if (!c->pois_set[n]) {
        c->pois_rc[n] = yjpi_ci_poisson(n, c->confidence, &c->pois_lo[n], &c->pois_hi[n]);
        c->pois_set[n] = true;
    }
    *lo = c->pois_lo[n];
    *hi = c->pois_hi[n];
    return c->pois_rc[n];
}

static void fill_value(ctx *c, yjpi_value *v, size_t cell,
                       const char *pop_area, const char *pop_group)
{
    const yjpi_period *p = &v->period;
    const double conf = c->confidence;
    double pop = 0;
    int pst = YJPI_NC_NO_POPULATION;
    int ind = v->indicator;
    v->confidence = conf;
    if ((ind == YJPI_FTE_RATE || ind == YJPI_CUSTODY_RATE) && pop_area &&
        strcmp(pop_area, "*") == 0)
        pst = star_population(c, ind, cell, pop_group, p, &pop, &v->areas_without_population);
    else if (family_of(ind) != FAM_REO && pop_area)
        pst = population_of(c, pop_area, pop_group, p, &pop);
    if (pst == YJPI_VALUE_OK)
        v->population = pop;
    if (c->as_of != YJPI_NO_DATE && p->end - 1 > c->as_of) {
        v->partial = 1;
        v->covered_to = c->as_of;
    }
    if (c->data_start != YJPI_NO_DATE && p->start < c->data_start)
        v->before_data = 1;
    double lo = 0, hi = 0;
    int rc;
    switch (family_of(ind)) {
    case FAM_FTE: {
        uint64_t n = c->fte[cell];
        v->numerator = n;
        if (c->history_start != YJPI_NO_DATE &&
            p->start < yjpi_date_add_months(c->history_start, 12 * c->opts.fte_lookback_years))
            v->history_short = 1;
        rc = poisson_ci(c, n, &lo, &hi);
        if (ind == YJPI_FTE_COUNT) {
            v->value = (double)n;
            set_interval(v, rc, lo, hi, 1.0);
        } else if (pst != YJPI_VALUE_OK) {
            v->status = pst;
        } else {
            v->denominator = pop;
            v->value = (double)n / pop * 100000.0;
            set_interval(v, rc, lo, hi, 100000.0 / pop);
        }
        break;
    }
    case FAM_CUS: {
        const cus_acc *a = &c->cus[cell];
        v->numerator = a->custody;
        v->court_occasions = a->court;
        if (ind == YJPI_CUSTODY_SHARE) {
            v->denominator = (double)a->court;
            if (a->court == 0) {
                v->status = YJPI_NC_ZERO_DENOMINATOR;
            } else {
                v->value = 100.0 * (double)a->custody / (double)a->court;
                rc = yjpi_ci_wilson(a->custody, a->court, conf, &lo, &hi);
                set_interval(v, rc, lo, hi, 100.0);
            }
            break;
        }
        rc = poisson_ci(c, a->custody, &lo, &hi);
        if (ind == YJPI_CUSTODY_COUNT) {
            v->value = (double)a->custody;
            set_interval(v, rc, lo, hi, 1.0);
        } else if (pst != YJPI_VALUE_OK) {
            v->status = pst;
        } else {
            v->denominator = pop;
            v->value = (double)a->custody / pop * 1000.0;
            set_interval(v, rc, lo, hi, 1000.0 / pop);
        }
        break;
    }
    case FAM_REO: {
        const reo_acc *a = &c->reo[cell];
        v->cohort_size = a->c;
        v->reoffenders = a->r;
        v->reoffences = a->o;
        v->custody_no_release = a->no_release;
        if (a->c)
            v->provisional = a->provisional ? 1 : 0;
        else
            v->provisional = yjpi__empty_cohort_provisional(p, &c->opts, c->as_of);
        if (ind == YJPI_BINARY_RATE) {
            v->numerator = a->r;
            v->denominator = (double)a->c;
            if (!a->c) {
                v->status = YJPI_NC_EMPTY_COHORT;
            } else {
                v->value = 100.0 * (double)a->r / (double)a->c;
                rc = yjpi_ci_wilson(a->r, a->c, conf, &lo, &hi);
                set_interval(v, rc, lo, hi, 100.0);
            }
        } else if (ind == YJPI_FREQUENCY_RATE) {
            v->numerator = a->o;
            v->denominator = (double)a->c;
            if (!a->c)
                v->status = YJPI_NC_EMPTY_COHORT;
            else
                set_mean(v, (double)a->c, (double)a->o, (double)a->osq, conf, 0.0);
        } else {
            v->numerator = a->o;
            v->denominator = (double)a->r;
            if (!a->r)
                v->status = YJPI_NC_ZERO_DENOMINATOR;
            else
                set_mean(v, (double)a->r, (double)a->o, (double)a->osq, conf, 1.0);
        }
        break;
    }
    default:
        break;
    }
    /* never a NaN or an infinity: a value whose arithmetic overflowed (a
     * tiny population) is not computable */
    if (v->status == YJPI_VALUE_OK && !value_finite(v))
        v->status = YJPI_NC_NOT_FINITE;
    if (v->status != YJPI_VALUE_OK) {
        v->value = v->lower = v->upper = 0;
        v->interval_status = YJPI_VALUE_OK;
        v->interval_truncated = 0;
        if (!isfinite(v->denominator))
            v->denominator = 0;
    }
}

/* Whether a group cell has anything to report for a family. */
static int cell_nonzero(const ctx *c, int fam, size_t cell)
{
    switch (fam) {
    case FAM_FTE: return c->fte[cell] != 0;
    case FAM_REO: return c->reo[cell].c != 0 || c->reo[cell].no_release != 0;
    case FAM_CUS: return c->cus[cell].court != 0;
    default: return 0;
    }
}

static int emit(ctx *c, yjpi_results *res, int ind, size_t slot, size_t pi,
                size_t cell, uint32_t group_lab, const char *pop_area,
                const char *pop_group)
{
    yjpi_value *v = results_push(res, c->slot_label[slot], group_lab);
    if (!v)
        return YJPI_E_NOMEM;
    v->indicator = ind;
    v->period = c->periods[pi];
    v->breakdown = group_lab == UINT32_MAX ? YJPI_BY_NONE : c->breakdown;
    fill_value(c, v, cell, pop_area, pop_group);
    return YJPI_OK;
}

static int emit_all(ctx *c, yjpi_results *res, const int *inds, size_t n_inds)
{
    const yjpi_dataset *ds = c->ds;
    /* every label is interned before this point, so pointers into the
     * string table stay valid while values are emitted */
    for (size_t ii = 0; ii < n_inds; ii++) {
        int ind = inds[ii];
        int fam = family_of(ind);
        for (size_t s = 0; s < c->n_visible; s++) {
            for (size_t pi = 0; pi < c->n_periods; pi++) {
                size_t base = (s * c->n_periods + pi) * c->g1;
                const char *area = yjpi__strtab_get(&res->strs, c->slot_label[s]);
                int rc = emit(c, res, ind, s, pi, base, UINT32_MAX, area, NULL);
                if (rc)
                    return rc;
                if (c->breakdown == YJPI_BY_AREA) {
                    if ((int32_t)s == c->star_slot) {
                        for (size_t i = 0; i < yjpi__strtab_count(&ds->areas); i++) {
                            int32_t hs = c->slot_of_area[ds->area_order[i]];
                            if (hs < 0)
                                continue;
                            size_t cell = ((size_t)hs * c->n_periods + pi) * c->g1;
                            if (!cell_nonzero(c, fam, cell))
                                continue;
                            const char *ga = yjpi__strtab_get(&res->strs, c->slot_label[hs]);
                            if ((rc = emit(c, res, ind, s, pi, cell, c->slot_label[hs], ga, NULL)))
                                return rc;
                        }
                    } else if (c->slot_area[s] >= 0 && cell_nonzero(c, fam, base)) {
                        if ((rc = emit(c, res, ind, s, pi, base, c->slot_label[s], area, NULL)))
                            return rc;
                    }
                } else {
                    for (size_t gi = 0; gi < c->n_groups; gi++) {
                        uint32_t g = c->group_order[gi];
                        size_t cell = base + 1 + g;
                        if (!cell_nonzero(c, fam, cell))
                            continue;
                        const char *pa = NULL, *pg = NULL;
                        if (c->breakdown == YJPI_BY_ETHNICITY) {
                            pa = area;
                            pg = yjpi__strtab_get(&res->strs, c->group_label[g]);
                        }
                        if ((rc = emit(c, res, ind, s, pi, cell, c->group_label[g], pa, pg)))
                            return rc;
                    }
                }
            }
        }
    }
    return YJPI_OK;
}

yjpi_date yjpi__data_as_of(const yjpi_dataset *ds, const yjpi_reference *ref)
{
    yjpi_date d = ref ? yjpi_reference_as_of(ref) : YJPI_NO_DATE;
    return d != YJPI_NO_DATE ? d : ds->last_outcome;
}

int yjpi__check_coverage(const yjpi_period *p, yjpi_date as_of, yjpi_error *err)
{
    if (as_of == YJPI_NO_DATE || p->start <= as_of)
        return YJPI_OK;
    char pb[48], db[16];
    if (yjpi_period_format(p, pb, sizeof pb) != YJPI_OK) {
        char d1[16], d2[16];
        if (yjpi_date_format(p->start, d1, sizeof d1) != YJPI_OK ||
            yjpi_date_format(p->end - 1, d2, sizeof d2) != YJPI_OK)
            snprintf(pb, sizeof pb, "?");
        else
            snprintf(pb, sizeof pb, "%s..%s", d1, d2);
    }
    if (yjpi_date_format(as_of, db, sizeof db) != YJPI_OK)
        snprintf(db, sizeof db, "?");
    return yjpi__error_set(err, YJPI_E_RANGE, NULL, 0, 0,
                           "period %s starts after the data's as_of date %s", pb, db);
}

static const int all_indicators[] = {
    YJPI_FTE_COUNT, YJPI_FTE_RATE, YJPI_BINARY_RATE, YJPI_FREQUENCY_RATE,
    YJPI_REOFFENCES_PER_REOFFENDER, YJPI_CUSTODY_COUNT, YJPI_CUSTODY_RATE,
    YJPI_CUSTODY_SHARE,
};

int yjpi_compute(const yjpi_dataset *ds, const yjpi_reference *ref,
                 const yjpi_request *req_in, yjpi_results **out, yjpi_error *err)
{
    if (out)
        *out = NULL;
    if (!ds || !req_in || !out)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "yjpi_compute: dataset, request and out must not be NULL");
    if (req_in->size < offsetof(yjpi_request, n_periods) + sizeof(size_t))
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "yjpi_compute: request size %zu too small (use YJPI_INIT)",
                               req_in->size);
    yjpi_request req;
    memset(&req, 0, sizeof req);
    memcpy(&req, req_in, req_in->size < sizeof req ? req_in->size : sizeof req);

    if (!ds->finished)
        return yjpi__error_set(err, YJPI_E_STATE, NULL, 0, 0,
                               "dataset is not finished: call yjpi_dataset_finish() "
                               "before computing indicators");
    if (!req.periods || req.n_periods == 0)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "request names no periods");
    for (size_t i = 0; i < req.n_periods; i++) {
        const yjpi_period *p = &req.periods[i];
        /* years 1..9998, so that month arithmetic stays in range */
        if (p->start >= p->end || p->start < -719162 || p->end > 2932532)
            return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                                   "period %zu is empty or out of range", i + 1);
    }
    if (req.threads < 0)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "request asks for %d threads", (int)req.threads);
    if (req.n_indicators && !req.indicators)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "request counts indicators but gives none");
    const int *inds = req.indicators ? req.indicators : all_indicators;
    size_t n_inds = req.indicators ? req.n_indicators
                                   : sizeof all_indicators / sizeof all_indicators[0];
    if (n_inds == 0)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0, "request names no indicators");
    int families = 0;
    for (size_t i = 0; i < n_inds; i++) {
        int f = family_of(inds[i]);
        if (!f)
            return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                                   "unknown indicator %d", inds[i]);
        families |= f;
    }
    if (req.areas) {
        for (size_t i = 0; i < req.n_areas; i++)
            if (!req.areas[i])
                return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                                       "area %zu of the request is NULL", i + 1);
        if (req.n_areas == 0)
            return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                                   "request names no areas");
    }
    if (req.breakdown < YJPI_BY_NONE || req.breakdown > YJPI_BY_AREA)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "unknown breakdown %d", (int)req.breakdown);

    ctx c;
    memset(&c, 0, sizeof c);
    c.ds = ds;
    c.ref = ref;
    yjpi__reference_options(ref, &c.opts);
    c.confidence = req.confidence != 0 ? req.confidence : c.opts.confidence;
    if (!(c.confidence > 0 && c.confidence < 1))
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "confidence must lie strictly between 0 and 1");
    c.as_of = yjpi__data_as_of(ds, ref);
    for (size_t i = 0; i < req.n_periods; i++) {
        int crc = yjpi__check_coverage(&req.periods[i], c.as_of, err);
        if (crc)
            return crc;
    }
    c.history_start = ref ? yjpi_reference_history_start(ref) : YJPI_NO_DATE;
    c.data_start = c.history_start != YJPI_NO_DATE ? c.history_start : ds->first_outcome;
    c.families = families;
    c.breakdown = req.breakdown;
    for (size_t i = 0; ref && i < n_inds; i++)
        if (inds[i] == YJPI_FTE_RATE || inds[i] == YJPI_CUSTODY_RATE)
            c.star_areas = true;
    c.periods = req.periods;
    c.n_periods = req.n_periods;

    yjpi_results *res = yjpi__calloc(1, sizeof *res);
    int rc = YJPI_E_NOMEM;
    if (!res)
        goto fail;
    yjpi__strtab_init(&res->strs);
    if ((rc = build_slots(&c, res, &req)))
        goto fail;
    if ((rc = build_groups(&c, res)))
        goto fail;
    if ((rc = build_periods(&c, (families & FAM_REO) != 0)))
        goto fail;
    if ((rc = build_tables(&c)))
        goto fail;
    rc = YJPI_E_NOMEM;
    size_t n_cells = c.n_slots * c.n_periods * c.g1;
    if (c.n_slots && n_cells / c.n_slots / c.g1 != c.n_periods)
        goto fail;
    if ((families & FAM_FTE) && !(c.fte = yjpi__calloc(n_cells, sizeof *c.fte)))
        goto fail;
    if ((families & FAM_REO) && !(c.reo = yjpi__calloc(n_cells, sizeof *c.reo)))
        goto fail;
    if ((families & FAM_CUS) && !(c.cus = yjpi__calloc(n_cells, sizeof *c.cus)))
        goto fail;
    walk_all(&c, req.threads);
    fold(&c);
    if ((rc = emit_all(&c, res, inds, n_inds)))
        goto fail;
    if ((rc = results_seal(res)))
        goto fail;
    ctx_free(&c);
    *out = res;
    yjpi__error_clear(err);
    return YJPI_OK;
fail:
    ctx_free(&c);
    yjpi_results_free(res);
    if (rc == YJPI_E_LIMIT)
        return yjpi__error_set(err, rc, NULL, 0, 0, "too many labels in the results");
    return yjpi__error_set(err, rc, NULL, 0, 0, "out of memory computing indicators");
}

int yjpi_compute_one(const yjpi_dataset *ds, const yjpi_reference *ref,
                     int indicator, const char *area, const yjpi_period *period,
                     yjpi_value *out, yjpi_error *err)
{
    if (!out || !period || out->size < sizeof(size_t))
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "yjpi_compute_one: period and out (with size set) "
                               "must not be NULL");
    const char *areas[1] = {area ? area : "*"};
    yjpi_request req;
    YJPI_INIT(req);
    req.indicators = &indicator;
    req.n_indicators = 1;
    req.areas = areas;
    req.n_areas = 1;
    req.periods = period;
    req.n_periods = 1;
    yjpi_results *res = NULL;
    int rc = yjpi_compute(ds, ref, &req, &res, err);
    if (rc)
        return rc;
    rc = yjpi_results_get(res, 0, out);
    if (rc == YJPI_OK) {
        /* the labels die with the results */
        yjpi_value tmp;
        size_t n = out->size < sizeof tmp ? out->size : sizeof tmp;
        memcpy(&tmp, out, n);
        tmp.area = NULL;
        tmp.group = NULL;
        memcpy(out, &tmp, n);
    }
    yjpi_results_free(res);
    return rc;
}

/* ==== Disproportionality ==================================================== */

struct yjpi_disparities {
    yjpi_disparity *items;
    size_t n;
    yjpi__strtab strs;
};

void yjpi_disparities_free(yjpi_disparities *d)
{
    if (!d)
        return;
    yjpi__free(d->items);
    yjpi__strtab_free(&d->strs);
    yjpi__free(d);
}

size_t yjpi_disparities_count(const yjpi_disparities *d)
{
    return d ? d->n : 0;
}

int yjpi_disparities_get(const yjpi_disparities *d, size_t i, yjpi_disparity *out)
{
    if (!d || !out || i >= d->n)
        return YJPI_E_ARGUMENT;
    return copy_sized(out, &d->items[i], sizeof d->items[i]);
}

/* z for the 95% log-method interval of the RRI. */
#define RRI_Z 1.959963984540054

/* Interns the reference's population groups of area for year, in file
 * order (for "*": the union over the areas, then its own populations'). */
static int disp_ref_groups(yjpi_disparities *d, const yjpi_reference *ref,
                           const char *area, int star, int year)
{
    uint32_t ix;
    int rc = YJPI_OK;
    if (star) {
        for (size_t a = 0; a < yjpi_reference_area_count(ref); a++) {
            const char *code = yjpi_reference_area_code(ref, a);
            size_t ng = code ? yjpi_reference_population_group_count(ref, code, year) : 0;
            for (size_t g = 0; g < ng; g++) {
                const char *name = yjpi_reference_population_group(ref, code, year, g);
                if (name && (rc = yjpi__strtab_intern(&d->strs, name, strlen(name), &ix)))
                    return rc;
            }
        }
        /* and those of the reference's own "*" populations */
        size_t ng = yjpi_reference_population_group_count(ref, "*", year);
        for (size_t g = 0; g < ng; g++) {
            const char *name = yjpi_reference_population_group(ref, "*", year, g);
            double own;
            if (name && yjpi__reference_star_population(ref, name, year, &own) == YJPI_OK &&
                (rc = yjpi__strtab_intern(&d->strs, name, strlen(name), &ix)))
                return rc;
        }
    } else {
        size_t ng = yjpi_reference_population_group_count(ref, area, year);
        for (size_t g = 0; g < ng; g++) {
            const char *name = yjpi_reference_population_group(ref, area, year, g);
            if (name && (rc = yjpi__strtab_intern(&d->strs, name, strlen(name), &ix)))
                return rc;
        }
    }
    return rc;
}

/* The status and relative rate index (with its interval) of group g
 * against the reference group rg (UINT32_MAX: none); pop_ok[] 1 for a
 * population, 2 for one known incomplete. */
static void disp_rri(yjpi_disparity *it, size_t g, uint32_t rg, const uint64_t *counts,
                     const double *pops, const int *pop_ok)
{
    if (!pop_ok[g])
        it->status = YJPI_NC_NO_POPULATION;
    else if (pop_ok[g] == 2)
        it->status = YJPI_NC_POPULATION_INCOMPLETE;
    else if (!(pops[g] > 0))
        it->status = YJPI_NC_ZERO_POPULATION;
    else if (rg == UINT32_MAX || !pop_ok[rg])
        it->status = YJPI_NC_NO_POPULATION;
    else if (pop_ok[rg] == 2)
        it->status = YJPI_NC_POPULATION_INCOMPLETE;
    else if (!(pops[rg] > 0))
        it->status = YJPI_NC_ZERO_POPULATION;
    else if (counts[rg] == 0)
        it->status = YJPI_NC_ZERO_DENOMINATOR;
    else if (counts[g] == 0)
        it->status = YJPI_NC_ZERO_COUNT;
    else if (g == rg) {
        it->rri = it->rri_lower = it->rri_upper = 1.0;
    } else {
        double cg = (double)counts[g], cr = (double)counts[rg];
        it->rri = (cg / pops[g]) / (cr / pops[rg]);
        double h = RRI_Z * sqrt(1.0 / cg + 1.0 / cr);
        it->rri_lower = it->rri * exp(-h);
        it->rri_upper = it->rri * exp(h);
        if (!isfinite(it->rri) || !isfinite(it->rri_lower) || !isfinite(it->rri_upper)) {
            it->status = YJPI_NC_NOT_FINITE;
            it->rri = it->rri_lower = it->rri_upper = 0;
        }
    }
}

int yjpi_disproportionality(const yjpi_dataset *ds, const yjpi_reference *ref,
                            int indicator, const char *area,
                            const yjpi_period *period, yjpi_disparities **out,
                            yjpi_error *err)
{
    if (out)
        *out = NULL;
    if (!ds || !period || !out)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "yjpi_disproportionality: dataset, period and out "
                               "must not be NULL");
    int base;
    switch (family_of(indicator)) {
    case FAM_FTE: base = YJPI_FTE_COUNT; break;
    case FAM_CUS: base = YJPI_CUSTODY_COUNT; break;
    case FAM_REO: base = YJPI_BINARY_RATE; break;
    default:
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "unknown indicator %d", indicator);
    }
    if (!area)
        area = "*";
    const char *areas[1] = {area};
    yjpi_request req;
    YJPI_INIT(req);
    req.indicators = &base;
    req.n_indicators = 1;
    req.areas = areas;
    req.n_areas = 1;
    /* all areas together: every area's own counts too, to know which
     * areas count someone of a group (see the populations below) */
    if (ref && strcmp(area, "*") == 0) {
        req.areas = NULL;
        req.n_areas = 0;
    }
    req.periods = period;
    req.n_periods = 1;
    req.breakdown = YJPI_BY_ETHNICITY;
    yjpi_results *res = NULL;
    int rc = yjpi_compute(ds, ref, &req, &res, err);
    if (rc)
        return rc;

    yjpi_options opts;
    yjpi__reference_options(ref, &opts);
    const int year = yjpi_period_population_year(period);
    const int star = strcmp(area, "*") == 0;
    yjpi_disparities *d = yjpi__calloc(1, sizeof *d);
    uint64_t *counts = NULL;
    double *pops = NULL;
    int *pop_ok = NULL;
    label_sort *extra = NULL;
    rc = YJPI_E_NOMEM;
    if (!d)
        goto fail;
    yjpi__strtab_init(&d->strs);

    /* 1. the reference's groups, in file order (for "*": union over areas) */
    uint32_t ix;
    if (ref && (rc = disp_ref_groups(d, ref, area, star, year)) != YJPI_OK)
        goto fail;
    const size_t n_ref_groups = yjpi__strtab_count(&d->strs);

    /* 2. groups seen in the data that the reference lacks */
    size_t nv = yjpi_results_count(res), n_extra = 0;
    extra = yjpi__calloc(nv ? nv : 1, sizeof *extra);
    rc = YJPI_E_NOMEM;
    if (!extra)
        goto fail;
    for (size_t i = 0; i < nv; i++) {
        const yjpi_value *v = &res->values[i];
        if (!v->group || strcmp(v->area, area) != 0 ||
            yjpi__strtab_find(&d->strs, v->group, strlen(v->group)) != UINT32_MAX)
            continue;
        extra[n_extra].s = v->group;
        /* "unknown" sorts last */
        extra[n_extra].i = strcmp(v->group, "unknown") == 0 ? 1u : 0u;
        n_extra++;
    }
    for (size_t i = 0; i < n_extra; i++)
        if (extra[i].i) {           /* move "unknown" to the end */
            label_sort t = extra[i];
            memmove(&extra[i], &extra[i + 1], (n_extra - i - 1) * sizeof *extra);
            extra[n_extra - 1] = t;
            break;
        }
    {
        size_t n_sorted = n_extra;
        if (n_extra && extra[n_extra - 1].i)
            n_sorted--;
        qsort(extra, n_sorted, sizeof *extra, cmp_label);
    }
    for (size_t i = 0; i < n_extra; i++)
        if ((rc = yjpi__strtab_intern(&d->strs, extra[i].s, strlen(extra[i].s), &ix)))
            goto fail;

    size_t ng = yjpi__strtab_count(&d->strs);
    rc = YJPI_E_NOMEM;
    d->items = yjpi__calloc(ng ? ng : 1, sizeof *d->items);
    counts = yjpi__calloc(ng ? ng : 1, sizeof *counts);
    pops = yjpi__calloc(ng ? ng : 1, sizeof *pops);
    pop_ok = yjpi__calloc(ng ? ng : 1, sizeof *pop_ok);
    if (!d->items || !counts || !pops || !pop_ok)
        goto fail;
    d->n = ng;

    /* counts */
    uint64_t total = 0;
    for (size_t i = 0; i < nv; i++) {
        const yjpi_value *v = &res->values[i];
        uint64_t n = base == YJPI_BINARY_RATE ? v->cohort_size : v->numerator;
        if (strcmp(v->area, area) != 0)
            continue;
        if (!v->group) {
            total = n;
            continue;
        }
        uint32_t g = yjpi__strtab_find(&d->strs, v->group, strlen(v->group));
        if (g != UINT32_MAX)
            counts[g] = n;
    }
    /* populations of the reference's groups */
    double pop_total = 0;
    bool incomplete = false;
    for (size_t g = 0; g < n_ref_groups; g++) {
        const char *name = yjpi__strtab_get(&d->strs, (uint32_t)g);
        if (ref && yjpi_reference_population(ref, area, name, year, &pops[g]) == YJPI_OK &&
            pops[g] >= 0) {
            pop_ok[g] = 1;
            pop_total += pops[g];
        } else {
            pops[g] = 0;
        }
        /* "*" without its own population of the group: the sum over the
         * areas is the group's population only when every area counting
         * someone of the group has one */
        double own;
        if (star && pop_ok[g] &&
            yjpi__reference_star_population(ref, name, year, &own) != YJPI_OK) {
            for (size_t i = 0; i < nv && pop_ok[g] == 1; i++) {
                const yjpi_value *v = &res->values[i];
                uint64_t n = base == YJPI_BINARY_RATE ? v->cohort_size : v->numerator;
                double x;
                if (n && v->group && strcmp(v->area, "*") != 0 && strcmp(v->group, name) == 0 &&
                    yjpi_reference_population(ref, v->area, name, year, &x) != YJPI_OK) {
                    pop_ok[g] = 2;
                    incomplete = true;
                }
            }
        }
    }
    uint32_t rg = yjpi__strtab_find(&d->strs, opts.reference_ethnicity,
                                    strlen(opts.reference_ethnicity));
    for (size_t g = 0; g < ng; g++) {
        yjpi_disparity *it = &d->items[g];
        it->size = sizeof *it;
        it->group = yjpi__strtab_get(&d->strs, (uint32_t)g);
        it->count = counts[g];
        it->population = pops[g];
        if (total) {
            it->share = 100.0 * (double)counts[g] / (double)total;
        } else {
            it->share_status = YJPI_NC_ZERO_DENOMINATOR;
        }
        if (!pop_ok[g])
            it->population_status = YJPI_NC_NO_POPULATION;
        else if (incomplete)
            it->population_status = YJPI_NC_POPULATION_INCOMPLETE;
        else if (!(pop_total > 0))
            it->population_status = YJPI_NC_ZERO_POPULATION;
        else
            it->population_share = 100.0 * pops[g] / pop_total;
        if (!it->share_status && !it->population_status)
            it->difference = it->share - it->population_share;

        disp_rri(it, g, rg, counts, pops, pop_ok);
        if (!isfinite(it->population_share) || !isfinite(it->difference)) {
            it->population_status = YJPI_NC_NOT_FINITE;
            it->population_share = it->difference = 0;
        }
    }
    /* the string table is complete: labels stay put from here */
    for (size_t g = 0; g < ng; g++)
        d->items[g].group = yjpi__strtab_get(&d->strs, (uint32_t)g);
    yjpi__free(counts);
    yjpi__free(pops);
    yjpi__free(pop_ok);
    yjpi__free(extra);
    yjpi_results_free(res);
    *out = d;
    yjpi__error_clear(err);
    return YJPI_OK;
fail:
    yjpi__free(counts);
    yjpi__free(pops);
    yjpi__free(pop_ok);
    yjpi__free(extra);
    yjpi_results_free(res);
    yjpi_disparities_free(d);
    return yjpi__error_set(err, rc, NULL, 0, 0, "out of memory computing disproportionality");
}
