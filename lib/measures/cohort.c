/* cohort.c - the members of a reoffending cohort (yjpi/cohort.h).
 *
 * Follows the reoffending rules of yjpi/indicators.h exactly (index events,
 * earliest index per cohort, 3-month pooling, re-offence window, as_of), so
 * that the members add up to yjpi_compute()'s cohort_size, reoffenders and
 * reoffences.  tests/test_cohort.c checks that on the sample data for every
 * area and quarter. */
#include <stdlib.h>

#include "internal.h"

typedef struct member {
    const char *id;         /* set once the id table stops growing */
    uint32_t person;        /* index in c->ids */
    uint32_t area;          /* index in c->areas */
    uint32_t sub;           /* sub-cohort index */
    yjpi_date index;
    yjpi_date fu_end, wait_end;
    yjpi_date first_reoffence;
    uint64_t reoffences;
    uint8_t outcome;
    uint8_t custodial;
} member;

struct yjpi_cohort {
    yjpi__strtab ids, areas;
    member *members;
    size_t n, cap;
    yjpi_period *subs;      /* the cohorts the period is split into */
    size_t n_subs;
    yjpi_period period;
    yjpi_date as_of;
    char *area;             /* "*" or the code asked for */
    uint64_t reoffenders, reoffences, provisional, no_release;
    int empty_provisional;  /* the empty-cohort rule */
};

void yjpi_cohort_free(yjpi_cohort *c)
{
    if (!c)
        return;
    yjpi__strtab_free(&c->ids);
    yjpi__strtab_free(&c->areas);
    yjpi__free(c->members);
    yjpi__free(c->subs);
    yjpi__free(c->area);
    yjpi__free(c);
}

static int push(yjpi_cohort *c, const member *m)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        member *p = yjpi__reallocarray(c->members, cap, sizeof *p);
        if (!p)
            return YJPI_E_NOMEM;
        c->members = p;
        c->cap = cap;
    }
    c->members[c->n++] = *m;
    return YJPI_OK;
}

/* Sorting: index date, person id bytes, cohort start. */
static int cmp_member(const void *a, const void *b)
{
    const member *x = a, *y = b;
    if (x->index != y->index)
        return x->index < y->index ? -1 : 1;
    if (x->person != y->person) {
        int d = strcmp(x->id, y->id);
        if (d)
            return d;
    }
    return (x->sub > y->sub) - (x->sub < y->sub);
}

/* Splits the period into cohorts as yjpi_compute() does. */
static int split_period(yjpi_cohort *c, int cohort_months)
{
    int m = yjpi_period_months(&c->period);
    size_t n = (cohort_months == 3 && m > 3 && m % 3 == 0) ? (size_t)(m / 3) : 1;
    c->subs = yjpi__calloc(n, sizeof *c->subs);
    if (!c->subs)
        return YJPI_E_NOMEM;
    c->n_subs = n;
    if (n == 1) {
        c->subs[0] = c->period;
        return YJPI_OK;
    }
    for (size_t q = 0; q < n; q++) {
        yjpi_period s;
        s.kind = YJPI_PERIOD_RANGE;
        s.start = yjpi_date_add_months(c->period.start, 3 * (int)q);
        s.end = yjpi_date_add_months(c->period.start, 3 * (int)q + 3);
        /* name it as a quarter when it is one */
        int y, mo;
        yjpi_date_to_ymd(s.start, &y, &mo, NULL);
        if ((mo - 1) % 3 == 0) {
            if (c->period.kind == YJPI_PERIOD_FINANCIAL_YEAR ||
                c->period.kind == YJPI_PERIOD_FINANCIAL_QUARTER)
                s.kind = YJPI_PERIOD_FINANCIAL_QUARTER;
            else
                s.kind = YJPI_PERIOD_QUARTER;
            char buf[YJPI_PERIOD_TEXT_SIZE];
            if (yjpi_period_format(&s, buf, sizeof buf) != YJPI_OK)
                s.kind = YJPI_PERIOD_RANGE;
        }
        c->subs[q] = s;
    }
    return YJPI_OK;
}

/* One person's memberships.  rows: the person's rows in dataset order.
 * The rules are the shared ones of internal.h / reoffending.c. */
static int add_person(yjpi_cohort *c, const yjpi_dataset *ds, uint32_t p,
                      const yjpi_options *o, uint32_t want_area, int all_areas,
                      yjpi__best_index *best)
{
    const yjpi__row *rows = ds->rows + ds->person_start[p];
    const size_t nr = ds->person_start[p + 1] - ds->person_start[p];
    const bool by_outcome = o->age_basis == YJPI_AGE_OUTCOME_DATE;

    for (size_t q = 0; q < c->n_subs; q++)
        best[q].row = UINT32_MAX;
    for (size_t i = 0; i < nr; i++) {
        const yjpi__row *r = &rows[i];
        yjpi_date idx = YJPI_NO_DATE;
        int ev = r->tier == YJPI_TIER_INFORMAL ? YJPI__NOT_INDEX :
            yjpi__index_event(r, yjpi_age(r->birth, yjpi__age_day(r, by_outcome)), &idx);
        /* a period ending after as_of: the members so far, as
         * yjpi_compute() counts them (index dates up to as_of) */
        if (c->as_of != YJPI_NO_DATE &&
            (ev == YJPI__NO_RELEASE ? r->outcome : idx) > c->as_of)
            continue;
        if (ev == YJPI__NO_RELEASE) {
            if (yjpi_period_contains(&c->period, r->outcome) &&
                (all_areas || r->area == want_area))
                c->no_release++;
            continue;
        }
        if (ev != YJPI__INDEX)
            continue;
        for (size_t q = 0; q < c->n_subs; q++)
            if (yjpi_period_contains(&c->subs[q], idx))
                yjpi__best_index_offer(&best[q], idx, (uint32_t)i);
    }
    for (size_t q = 0; q < c->n_subs; q++) {
        if (best[q].row == UINT32_MAX)
            continue;
        const yjpi__row *r = &rows[best[q].row];
        if (!all_areas && r->area != want_area)
            continue;
        yjpi__followup f;
        yjpi__followup_init(&f, best[q].date, o, c->as_of);
        member m;
        memset(&m, 0, sizeof m);
        m.sub = (uint32_t)q;
        m.index = f.index;
        m.fu_end = f.fu_end;
        m.wait_end = f.wait_end;
        m.outcome = r->outcome_code;
        m.custodial = r->tier == YJPI_TIER_CUSTODY;
        m.reoffences = yjpi__reoffences(rows, nr, &f, &m.first_reoffence);
        const char *id = yjpi__strtab_get(&ds->persons, p);
        const char *ac = yjpi__strtab_get(&ds->areas, r->area);
        int rc = yjpi__strtab_intern(&c->ids, id, strlen(id), &m.person);
        if (rc == YJPI_OK)
            rc = yjpi__strtab_intern(&c->areas, ac, strlen(ac), &m.area);
        if (rc == YJPI_OK)
            rc = push(c, &m);
        if (rc != YJPI_OK)
            return rc;
        c->reoffenders += m.reoffences > 0;
        c->reoffences += m.reoffences;
        c->provisional += f.provisional;
    }
    return YJPI_OK;
}

int yjpi_cohort_build(const yjpi_dataset *ds, const yjpi_reference *ref,
                      const char *area, const yjpi_period *period,
                      yjpi_cohort **out, yjpi_error *err)
{
    if (out)
        *out = NULL;
    if (!ds || !period || !out)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "yjpi_cohort_build: dataset, period and out must not be NULL");
    /* years 1..9998, as yjpi_compute() requires */
    if (period->start >= period->end || period->start < -719162 ||
        period->end > 2932532)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "yjpi_cohort_build: period is empty or out of range");
    if (!ds->finished)
        return yjpi__error_set(err, YJPI_E_STATE, NULL, 0, 0,
                               "dataset is not finished: call yjpi_dataset_finish() "
                               "before listing a cohort");
    if (area && (!*area || !strcmp(area, "*")))
        area = NULL;

    yjpi_options o;
    yjpi__reference_options(ref, &o);
    yjpi_cohort *c = yjpi__calloc(1, sizeof *c);
    yjpi__best_index *best = NULL;
    int rc = YJPI_E_NOMEM;
    if (!c)
        goto fail;
    yjpi__strtab_init(&c->ids);
    yjpi__strtab_init(&c->areas);
    c->period = *period;
    c->as_of = yjpi__data_as_of(ds, ref);
    if ((rc = yjpi__check_coverage(period, c->as_of, err))) {
        yjpi_cohort_free(c);
        return rc;
    }
    rc = YJPI_E_NOMEM;
    if (!(c->area = yjpi__strdup(area ? area : "*")))
        goto fail;
    if ((rc = split_period(c, o.cohort_months)))
        goto fail;
    rc = YJPI_E_NOMEM;
    best = yjpi__calloc(c->n_subs, sizeof *best);
    if (!best)
        goto fail;

    uint32_t want = UINT32_MAX;
    int skip_all = 0;
    if (area) {
        want = yjpi__strtab_find(&ds->areas, area, strlen(area));
        skip_all = want == UINT32_MAX;   /* no rows: empty cohort */
    }
    const size_t n_persons = yjpi__strtab_count(&ds->persons);
    for (size_t p = 0; !skip_all && p < n_persons; p++)
        if ((rc = add_person(c, ds, (uint32_t)p, &o, want, area == NULL,
                             best)))
            goto fail;
    for (size_t i = 0; i < c->n; i++)
        c->members[i].id = yjpi__strtab_get(&c->ids, c->members[i].person);
    if (c->n > 1)
        qsort(c->members, c->n, sizeof *c->members, cmp_member);
    c->empty_provisional = yjpi__empty_cohort_provisional(period, &o, c->as_of);
    yjpi__free(best);
    *out = c;
    yjpi__error_clear(err);
    return YJPI_OK;
fail:
    yjpi__free(best);
    yjpi_cohort_free(c);
    if (rc == YJPI_E_LIMIT)
        return yjpi__error_set(err, rc, NULL, 0, 0, "too many persons in the cohort");
    return yjpi__error_set(err, rc, NULL, 0, 0, "out of memory listing a cohort");
}

size_t yjpi_cohort_member_count(const yjpi_cohort *c)
{
    return c ? c->n : 0;
}

int yjpi_cohort_get(const yjpi_cohort *c, size_t i, yjpi_cohort_member *out)
{
    if (!c || !out || i >= c->n || out->size == 0)
        return YJPI_E_ARGUMENT;
    const member *m = &c->members[i];
    yjpi_cohort_member v;
    memset(&v, 0, sizeof v);
    v.size = out->size;
    v.person_id = m->id;
    v.area = yjpi__strtab_get(&c->areas, m->area);
    v.cohort = c->subs[m->sub];
    v.index_date = m->index;
    v.index_outcome = m->outcome;
    v.index_custodial = m->custodial;
    v.followup_end = m->fu_end;
    v.waiting_end = m->wait_end;
    v.reoffences = m->reoffences;
    v.first_reoffence = m->first_reoffence;
    v.followup_days_left = m->fu_end > c->as_of ? (int64_t)m->fu_end - c->as_of : 0;
    v.days_to_final = m->wait_end > c->as_of ? (int64_t)m->wait_end - c->as_of : 0;
    v.provisional = m->wait_end > c->as_of;
    size_t n = out->size < sizeof v ? out->size : sizeof v;
    memcpy(out, &v, n);
    out->size = v.size;
    return YJPI_OK;
}

uint64_t yjpi_cohort_count(const yjpi_cohort *c, int what)
{
    if (!c)
        return 0;
    switch (what) {
    case YJPI_COHORT_SIZE: return c->n;
    case YJPI_COHORT_REOFFENDERS: return c->reoffenders;
    case YJPI_COHORT_REOFFENCES: return c->reoffences;
    case YJPI_COHORT_PROVISIONAL: return c->provisional;
    case YJPI_COHORT_CUSTODY_NO_RELEASE: return c->no_release;
    case YJPI_COHORT_SUBCOHORTS: return c->n_subs;
    default: return 0;
    }
}

int yjpi_cohort_provisional(const yjpi_cohort *c)
{
    if (!c)
        return 0;
    return c->n ? c->provisional > 0 : c->empty_provisional;
}

yjpi_date yjpi_cohort_as_of(const yjpi_cohort *c)
{
    return c ? c->as_of : YJPI_NO_DATE;
}

yjpi_period yjpi_cohort_period(const yjpi_cohort *c)
{
    yjpi_period p;
    memset(&p, 0, sizeof p);
    return c ? c->period : p;
}

const char *yjpi_cohort_area(const yjpi_cohort *c)
{
    return c ? c->area : NULL;
}
