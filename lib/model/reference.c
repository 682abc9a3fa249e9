/*
 * reference.c - the reference file: options, dates, populations, areas,
 * local outcome labels, benchmarks and targets.
 *
 * Reading is done in two passes over libyaml's event stream:
 *
 *  1. build: events -> a small tree of nodes (scalars, mappings, sequences),
 *     each with its 1-based position.  The generic rules are enforced here,
 *     in document order, before anything is interpreted: no anchors or
 *     aliases, no explicit tags, nesting at most YJPI__REF_MAX_DEPTH levels,
 *     scalar keys only, no duplicate keys, no NUL characters, one document.
 *     Because anchors are refused as soon as they appear, nothing is ever
 *     expanded, so alias bombs cost nothing.
 *  2. walk: the tree -> the reference, checking the schema (known keys,
 *     types, ranges, dates, periods, codes) with exact positions and a key
 *     path in every message.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <yaml.h>

#include "internal.h"

/* Deepest nesting accepted (the top-level mapping is level 1; the file's own
 * schema needs 4: populations -> AREA/ethnicity -> year -> group). */
#define YJPI__REF_MAX_DEPTH 8
/* Largest reference file yjpi_reference_load() reads. */
#define YJPI__REF_MAX_FILE ((size_t)256 << 20)

#define NO_GROUP UINT32_MAX
/* Area index of the populations of all areas together ("*"), kept apart
 * from the area table (not an area code; never a strtab index). */
#define STAR_AREA (UINT32_MAX - 1)
/* Largest plausible population (10-17 year olds of any area). */
#define POP_MAX 1e9

/* ======================================================================== */
/* Storage                                                                   */
/* ======================================================================== */

typedef struct ref_area {
    char *code;
    char *name, *family, *region;
} ref_area;

typedef struct ref_pop {
    uint32_t area;
    uint32_t group;     /* NO_GROUP for the whole population */
    int32_t year;
    double value;
} ref_pop;

typedef struct ref_bvalue {
    yjpi_period period;
    double value;
} ref_bvalue;

typedef struct ref_bench {
    char *name;
    int indicator;
    ref_bvalue *values;
    size_t n_values, cap_values;
} ref_bench;

typedef struct ref_target {
    int indicator, kind;
    yjpi_period period;
    double bound;
    char *area;         /* NULL = any */
} ref_target;

struct yjpi_reference {
    yjpi_options opts;
    yjpi_date as_of, history_start;

    yjpi__strtab area_ix;       /* area code -> index into areas */
    ref_area *areas;
    size_t cap_areas;

    yjpi__strtab group_ix;      /* ethnic group name -> index into groups */
    char **groups;              /* stable copies handed out to callers */
    size_t cap_groups;

    ref_pop *pops;              /* insertion order */
    size_t n_pops, cap_pops;
    uint32_t *pop_slots;        /* open addressing: pop index + 1, 0 = empty */
    size_t n_pop_slots;         /* power of two, or 0 */

    yjpi__strtab label_ix;      /* trimmed local label -> index into label_code */
    uint8_t *label_code;        /* yjpi_outcome */
    size_t cap_labels;

    ref_bench *bench;
    size_t n_bench, cap_bench;

    ref_target *targets;
    size_t n_targets, cap_targets;
};

/* Grows *arr (elements of `size` bytes, capacity *cap) to hold `need`. */
static int grow(void *arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return YJPI_OK;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return YJPI_E_NOMEM;
        n *= 2;
    }
    void *p = yjpi__reallocarray(*(void **)arr, n, size);
    if (!p)
        return YJPI_E_NOMEM;
    *(void **)arr = p;
    *cap = n;
    return YJPI_OK;
}

int yjpi_options_default(yjpi_options *opts)
{
    if (!opts || opts->size < sizeof opts->size)
        return YJPI_E_ARGUMENT;
    yjpi_options d;
    yjpi__reference_options(NULL, &d);
    size_t keep = opts->size;
    memcpy(opts, &d, keep < sizeof d ? keep : sizeof d);
    opts->size = keep;
    return YJPI_OK;
}

static void options_defaults(yjpi_options *o)
{
    memset(o, 0, sizeof *o);
    o->size = sizeof *o;
    o->age_basis = YJPI_AGE_OFFENCE_DATE;
    o->cohort_months = 3;
    o->followup_months = 12;
    o->waiting_months = 6;
    o->confidence = 0.95;
    o->significance = 0.05;
    o->trend_min_points = 5;
    o->trend_significance = 0.002;
    o->fte_lookback_years = 8;
    o->suppress_below = 0;
    o->round_to = 1;
    memcpy(o->reference_ethnicity, "White", 6);
}

void yjpi__reference_options(const yjpi_reference *ref, yjpi_options *out)
{
    if (ref)
        *out = ref->opts;
    else
        options_defaults(out);
    out->size = sizeof *out;
}

yjpi_reference *yjpi_reference_new(void)
{
    yjpi_reference *ref = yjpi__calloc(1, sizeof *ref);
    if (!ref)
        return NULL;
    options_defaults(&ref->opts);
    ref->as_of = YJPI_NO_DATE;
    ref->history_start = YJPI_NO_DATE;
    yjpi__strtab_init(&ref->area_ix);
    yjpi__strtab_init(&ref->group_ix);
    yjpi__strtab_init(&ref->label_ix);
    return ref;
}

void yjpi_reference_free(yjpi_reference *ref)
{
    if (!ref)
        return;
    size_t n_areas = yjpi__strtab_count(&ref->area_ix);
    for (size_t i = 0; i < n_areas; i++) {
        yjpi__free(ref->areas[i].code);
        yjpi__free(ref->areas[i].name);
        yjpi__free(ref->areas[i].family);
        yjpi__free(ref->areas[i].region);
    }
    yjpi__free(ref->areas);
    yjpi__strtab_free(&ref->area_ix);
    size_t n_groups = yjpi__strtab_count(&ref->group_ix);
    for (size_t i = 0; i < n_groups; i++)
        yjpi__free(ref->groups[i]);
    yjpi__free(ref->groups);
    yjpi__strtab_free(&ref->group_ix);
    yjpi__free(ref->pops);
    yjpi__free(ref->pop_slots);
    yjpi__strtab_free(&ref->label_ix);
    yjpi__free(ref->label_code);
    for (size_t i = 0; i < ref->n_bench; i++) {
        yjpi__free(ref->bench[i].name);
        yjpi__free(ref->bench[i].values);
    }
    yjpi__free(ref->bench);
    for (size_t i = 0; i < ref->n_targets; i++)
        yjpi__free(ref->targets[i].area);
    yjpi__free(ref->targets);
    yjpi__free(ref);
}

/* ---- Options ------------------------------------------------------------ */

static bool options_valid(const yjpi_options *o)
{
    if (o->age_basis != YJPI_AGE_OFFENCE_DATE && o->age_basis != YJPI_AGE_OUTCOME_DATE)
        return false;
    if (o->cohort_months != 3 && o->cohort_months != 12)
        return false;
    if (o->followup_months < 1 || o->followup_months > 120)
        return false;
    if (o->waiting_months < 0 || o->waiting_months > 120)
        return false;
    if (!(o->confidence > 0.5 && o->confidence < 1.0))
        return false;
    if (!(o->significance > 0.0 && o->significance < 1.0))
        return false;
    if (o->trend_min_points < 3 || o->trend_min_points > 1000)
        return false;
    if (!(o->trend_significance > 0.0 && o->trend_significance < 1.0))
        return false;
    if (o->fte_lookback_years < 0 || o->fte_lookback_years > 100)
        return false;
    if (o->suppress_below < 0 || o->round_to < 1)
        return false;
    const char *e = o->reference_ethnicity;
    if (!memchr(e, '\0', sizeof o->reference_ethnicity) || e[0] == '\0')
        return false;
    return true;
}

int yjpi_reference_get_options(const yjpi_reference *ref, yjpi_options *out)
{
    if (!ref || !out || out->size < sizeof out->size)
        return YJPI_E_ARGUMENT;
    size_t keep = out->size;
    memcpy(out, &ref->opts, keep < sizeof ref->opts ? keep : sizeof ref->opts);
    out->size = keep;
    return YJPI_OK;
}

int yjpi_reference_set_options(yjpi_reference *ref, const yjpi_options *opts)
{
    if (!ref || !opts || opts->size < sizeof opts->size)
        return YJPI_E_ARGUMENT;
    yjpi_options o;
    options_defaults(&o);
    memcpy(&o, opts, opts->size < sizeof o ? opts->size : sizeof o);
    o.size = sizeof o;
    if (!options_valid(&o))
        return YJPI_E_ARGUMENT;
    ref->opts = o;
    return YJPI_OK;
}

/* ---- Dates -------------------------------------------------------------- */

/* 0001-01-01 .. 9999-12-31 as day numbers. */
static bool date_in_range(yjpi_date d)
{
    return d >= -719162 && d <= 2932896;
}

yjpi_date yjpi_reference_as_of(const yjpi_reference *ref)
{
    return ref ? ref->as_of : YJPI_NO_DATE;
}

int yjpi_reference_set_as_of(yjpi_reference *ref, yjpi_date d)
{
    if (!ref || (d != YJPI_NO_DATE && !date_in_range(d)))
        return YJPI_E_ARGUMENT;
    ref->as_of = d;
    return YJPI_OK;
}

yjpi_date yjpi_reference_history_start(const yjpi_reference *ref)
{
    return ref ? ref->history_start : YJPI_NO_DATE;
}

int yjpi_reference_set_history_start(yjpi_reference *ref, yjpi_date d)
{
    if (!ref || (d != YJPI_NO_DATE && !date_in_range(d)))
        return YJPI_E_ARGUMENT;
    ref->history_start = d;
    return YJPI_OK;
}

/* ---- Areas -------------------------------------------------------------- */

/* An area code: not empty, not "*", no '/' (reserved for AREA/ethnicity). */
static bool area_code_ok(const char *s, size_t len)
{
    if (len == 0 || (len == 1 && s[0] == '*'))
        return false;
    return memchr(s, '/', len) == NULL && memchr(s, '\0', len) == NULL;
}

static uint32_t area_find(const yjpi_reference *ref, const char *code)
{
    return yjpi__strtab_find(&ref->area_ix, code, strlen(code));
}

/* Index of an area code, added (with no name, family, region) when new. */
static int area_intern(yjpi_reference *ref, const char *s, size_t len, uint32_t *index)
{
    uint32_t i = yjpi__strtab_find(&ref->area_ix, s, len);
    if (i != UINT32_MAX) {
        *index = i;
        return YJPI_OK;
    }
    size_t n = yjpi__strtab_count(&ref->area_ix);
    int rc = grow(&ref->areas, &ref->cap_areas, n + 1, sizeof *ref->areas);
    if (rc)
        return rc;
    char *code = yjpi__strndup(s, len);
    if (!code)
        return YJPI_E_NOMEM;
    rc = yjpi__strtab_intern(&ref->area_ix, s, len, &i);
    if (rc) {
        yjpi__free(code);
        return rc;
    }
    ref->areas[i].code = code;
    ref->areas[i].name = ref->areas[i].family = ref->areas[i].region = NULL;
    *index = i;
    return YJPI_OK;
}

/* Replaces *slot by a copy of s[0..len). */
static int set_text(char **slot, const char *s, size_t len)
{
    char *c = yjpi__strndup(s, len);
    if (!c)
        return YJPI_E_NOMEM;
    yjpi__free(*slot);
    *slot = c;
    return YJPI_OK;
}

static const ref_area *area_get(const yjpi_reference *ref, const char *area)
{
    if (!ref || !area)
        return NULL;
    uint32_t i = area_find(ref, area);
    return i == UINT32_MAX ? NULL : &ref->areas[i];
}

const char *yjpi_reference_area_name(const yjpi_reference *ref, const char *area)
{
    const ref_area *a = area_get(ref, area);
    return a ? a->name : NULL;
}

const char *yjpi_reference_area_family(const yjpi_reference *ref, const char *area)
{
    const ref_area *a = area_get(ref, area);
    return a ? a->family : NULL;
}

const char *yjpi_reference_area_region(const yjpi_reference *ref, const char *area)
{
    const ref_area *a = area_get(ref, area);
    return a ? a->region : NULL;
}

size_t yjpi_reference_area_count(const yjpi_reference *ref)
{
    return ref ? yjpi__strtab_count(&ref->area_ix) : 0;
}

const char *yjpi_reference_area_code(const yjpi_reference *ref, size_t i)
{
    if (!ref || i >= yjpi__strtab_count(&ref->area_ix))
        return NULL;
    return ref->areas[i].code;
}

static bool text_ok(const char *s)
{
    return s && s[0] != '\0';
}

int yjpi_reference_set_area(yjpi_reference *ref, const char *area, const char *name,
                            const char *family, const char *region)
{
    if (!ref || !area || !area_code_ok(area, strlen(area)) ||
        (name && !text_ok(name)) || (family && !text_ok(family)) ||
        (region && !text_ok(region)))
        return YJPI_E_ARGUMENT;
    /* copy first so that a failure changes nothing but the area list */
    char *c[3] = {NULL, NULL, NULL};
    const char *src[3] = {name, family, region};
    for (int k = 0; k < 3; k++) {
        if (src[k] && !(c[k] = yjpi__strdup(src[k]))) {
            for (int j = 0; j < k; j++)
                yjpi__free(c[j]);
            return YJPI_E_NOMEM;
        }
    }
    uint32_t i;
    int rc = area_intern(ref, area, strlen(area), &i);
    if (rc) {
        for (int k = 0; k < 3; k++)
            yjpi__free(c[k]);
        return rc;
    }
    char **dst[3] = {&ref->areas[i].name, &ref->areas[i].family, &ref->areas[i].region};
    for (int k = 0; k < 3; k++) {
        if (c[k]) {
            yjpi__free(*dst[k]);
            *dst[k] = c[k];
        }
    }
    return YJPI_OK;
}

/* ---- Populations -------------------------------------------------------- */

static uint64_t pop_hash(uint32_t area, uint32_t group, int32_t year)
{
    char key[12];
    memcpy(key, &area, 4);
    memcpy(key + 4, &group, 4);
    memcpy(key + 8, &year, 4);
    return yjpi__hash(key, sizeof key);
}

static ref_pop *pop_find(const yjpi_reference *ref, uint32_t area, uint32_t group, int year)
{
    if (!ref->n_pop_slots)
        return NULL;
    size_t mask = ref->n_pop_slots - 1;
    for (size_t j = (size_t)pop_hash(area, group, year) & mask; ref->pop_slots[j];
         j = (j + 1) & mask) {
        ref_pop *p = &ref->pops[ref->pop_slots[j] - 1];
        if (p->area == area && p->group == group && p->year == year)
            return p;
    }
    return NULL;
}

static void pop_slot_insert(uint32_t *slots, size_t n_slots, const ref_pop *p, uint32_t idx)
{
    size_t mask = n_slots - 1;
    size_t j = (size_t)pop_hash(p->area, p->group, p->year) & mask;
    while (slots[j])
        j = (j + 1) & mask;
    slots[j] = idx + 1;
}

/* Sets (or replaces) one population value. */
static int pop_put(yjpi_reference *ref, uint32_t area, uint32_t group, int year, double value)
{
    ref_pop *old = pop_find(ref, area, group, year);
    if (old) {
        old->value = value;
        return YJPI_OK;
    }
    if (ref->n_pops >= UINT32_MAX - 1)
        return YJPI_E_LIMIT;
    if ((ref->n_pops + 1) * 2 > ref->n_pop_slots) {
        size_t n = ref->n_pop_slots ? ref->n_pop_slots * 2 : 64;
        uint32_t *slots = yjpi__calloc(n, sizeof *slots);
        if (!slots)
            return YJPI_E_NOMEM;
        for (size_t i = 0; i < ref->n_pops; i++)
            pop_slot_insert(slots, n, &ref->pops[i], (uint32_t)i);
        yjpi__free(ref->pop_slots);
        ref->pop_slots = slots;
        ref->n_pop_slots = n;
    }
    int rc = grow(&ref->pops, &ref->cap_pops, ref->n_pops + 1, sizeof *ref->pops);
    if (rc)
        return rc;
    ref_pop *p = &ref->pops[ref->n_pops];
    p->area = area;
    p->group = group;
    p->year = year;
    p->value = value;
    pop_slot_insert(ref->pop_slots, ref->n_pop_slots, p, (uint32_t)ref->n_pops);
    ref->n_pops++;
    return YJPI_OK;
}

static int group_intern(yjpi_reference *ref, const char *s, size_t len, uint32_t *index)
{
    uint32_t i = yjpi__strtab_find(&ref->group_ix, s, len);
    if (i != UINT32_MAX) {
        *index = i;
        return YJPI_OK;
    }
    size_t n = yjpi__strtab_count(&ref->group_ix);
    int rc = grow(&ref->groups, &ref->cap_groups, n + 1, sizeof *ref->groups);
    if (rc)
        return rc;
    char *copy = yjpi__strndup(s, len);
    if (!copy)
        return YJPI_E_NOMEM;
    rc = yjpi__strtab_intern(&ref->group_ix, s, len, &i);
    if (rc) {
        yjpi__free(copy);
        return rc;
    }
    ref->groups[i] = copy;
    *index = i;
    return YJPI_OK;
}

static bool year_ok(int year)
{
    return year >= 1 && year <= 9999;
}

/* A plausible population: finite, 0 to POP_MAX. */
static bool pop_value_ok(double v)
{
    return isfinite(v) && v >= 0 && v <= POP_MAX;
}

int yjpi_reference_set_population(yjpi_reference *ref, const char *area, const char *group,
                                  int year, double value)
{
    if (!ref || !area || (strcmp(area, "*") != 0 && !area_code_ok(area, strlen(area))) ||
        (group && !text_ok(group)) || !year_ok(year) || !pop_value_ok(value))
        return YJPI_E_ARGUMENT;
    uint32_t a = STAR_AREA, g = NO_GROUP;
    int rc = strcmp(area, "*") == 0 ? YJPI_OK : area_intern(ref, area, strlen(area), &a);
    if (!rc && group)
        rc = group_intern(ref, group, strlen(group), &g);
    if (!rc)
        rc = pop_put(ref, a, g, year, value);
    return rc;
}

int yjpi_reference_population(const yjpi_reference *ref, const char *area, const char *group,
                              int year, double *out)
{
    if (!ref || !area || !out)
        return YJPI_E_ARGUMENT;
    uint32_t g = NO_GROUP;
    if (group) {
        g = yjpi__strtab_find(&ref->group_ix, group, strlen(group));
        if (g == UINT32_MAX)
            return YJPI_E_NOT_FOUND;
    }
    if (strcmp(area, "*") == 0) {
        const ref_pop *own = pop_find(ref, STAR_AREA, g, year);
        if (own) {
            *out = own->value;
            return YJPI_OK;
        }
        double sum = 0;
        bool any = false;
        for (size_t i = 0; i < ref->n_pops; i++) {
            const ref_pop *p = &ref->pops[i];
            if (p->area != STAR_AREA && p->year == year && p->group == g) {
                sum += p->value;
                any = true;
            }
        }
        if (!any)
            return YJPI_E_NOT_FOUND;
        *out = sum;
        return YJPI_OK;
    }
    uint32_t a = area_find(ref, area);
    if (a == UINT32_MAX)
        return YJPI_E_NOT_FOUND;
    const ref_pop *p = pop_find(ref, a, g, year);
    if (!p)
        return YJPI_E_NOT_FOUND;
    *out = p->value;
    return YJPI_OK;
}

int yjpi__reference_star_population(const yjpi_reference *ref, const char *group, int year,
                                    double *out)
{
    if (!ref)
        return YJPI_E_NOT_FOUND;
    uint32_t g = NO_GROUP;
    if (group && (g = yjpi__strtab_find(&ref->group_ix, group, strlen(group))) == UINT32_MAX)
        return YJPI_E_NOT_FOUND;
    const ref_pop *p = pop_find(ref, STAR_AREA, g, year);
    if (!p)
        return YJPI_E_NOT_FOUND;
    *out = p->value;
    return YJPI_OK;
}

/* Whether group g has a population for (area, year); area "*" = any area. */
static bool group_has(const yjpi_reference *ref, uint32_t area, bool any_area, uint32_t g,
                      int year)
{
    if (!any_area)
        return pop_find(ref, area, g, year) != NULL;
    if (pop_find(ref, STAR_AREA, g, year))
        return true;
    size_t n_areas = yjpi__strtab_count(&ref->area_ix);
    for (size_t a = 0; a < n_areas; a++)
        if (pop_find(ref, (uint32_t)a, g, year))
            return true;
    return false;
}

/* The i-th group with a value for (area, year), or NULL; *count gets the
 * number of such groups when i is SIZE_MAX. */
static const char *group_scan(const yjpi_reference *ref, const char *area, int year, size_t i,
                              size_t *count)
{
    *count = 0;
    if (!ref || !area)
        return NULL;
    bool any = strcmp(area, "*") == 0;
    uint32_t a = 0;
    if (!any && (a = area_find(ref, area)) == UINT32_MAX)
        return NULL;
    size_t n_groups = yjpi__strtab_count(&ref->group_ix);
    for (size_t g = 0; g < n_groups; g++) {
        if (!group_has(ref, a, any, (uint32_t)g, year))
            continue;
        if (*count == i)
            return ref->groups[g];
        (*count)++;
    }
    return NULL;
}

size_t yjpi_reference_population_group_count(const yjpi_reference *ref, const char *area,
                                             int year)
{
    size_t n;
    group_scan(ref, area, year, SIZE_MAX, &n);
    return n;
}

const char *yjpi_reference_population_group(const yjpi_reference *ref, const char *area,
                                            int year, size_t i)
{
    size_t n;
    return i == SIZE_MAX ? NULL : group_scan(ref, area, year, i, &n);
}

/* ---- Outcome map -------------------------------------------------------- */

static void trim(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    while (n && (p[0] == ' ' || p[0] == '\t')) {
        p++;
        n--;
    }
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    *s = p;
    *len = n;
}

const char *yjpi_reference_map_outcome(const yjpi_reference *ref, const char *label, size_t len)
{
    if (!ref || !label || !ref->label_ix.count)
        return NULL;
    trim(&label, &len);
    uint32_t i = yjpi__strtab_find(&ref->label_ix, label, len);
    return i == UINT32_MAX ? NULL : yjpi_outcome_name(ref->label_code[i]);
}

/* Maps trimmed label s[0..len) to outcome `code`; *existed tells whether the
 * label was mapped before (the mapping is then replaced). */
static int label_put(yjpi_reference *ref, const char *s, size_t len, int code, bool *existed)
{
    uint32_t i = yjpi__strtab_find(&ref->label_ix, s, len);
    *existed = i != UINT32_MAX;
    if (i == UINT32_MAX) {
        size_t n = yjpi__strtab_count(&ref->label_ix);
        int rc = grow(&ref->label_code, &ref->cap_labels, n + 1, 1);
        if (rc)
            return rc;
        rc = yjpi__strtab_intern(&ref->label_ix, s, len, &i);
        if (rc)
            return rc;
    }
    ref->label_code[i] = (uint8_t)code;
    return YJPI_OK;
}

int yjpi_reference_add_outcome_map(yjpi_reference *ref, const char *label, const char *code)
{
    if (!ref || !label || !code)
        return YJPI_E_ARGUMENT;
    size_t len = strlen(label);
    trim(&label, &len);
    if (len == 0)
        return YJPI_E_ARGUMENT;
    int c = yjpi_outcome_from_name(code, strlen(code));
    if (c <= 0 || c > 255)
        return YJPI_E_UNKNOWN_OUTCOME;
    bool existed;
    return label_put(ref, label, len, c, &existed);
}

/* ---- Benchmarks --------------------------------------------------------- */

static bool period_ok(const yjpi_period *p)
{
    return p && p->kind >= YJPI_PERIOD_FINANCIAL_YEAR && p->kind <= YJPI_PERIOD_RANGE &&
           p->start < p->end && p->start != YJPI_NO_DATE;
}

static bool indicator_ok(int indicator)
{
    return indicator > 0 && indicator < YJPI_INDICATOR_COUNT_;
}

static bool period_eq(const yjpi_period *a, const yjpi_period *b)
{
    return a->kind == b->kind && a->start == b->start && a->end == b->end;
}

size_t yjpi_reference_benchmark_count(const yjpi_reference *ref)
{
    return ref ? ref->n_bench : 0;
}

const char *yjpi_reference_benchmark_name(const yjpi_reference *ref, size_t i)
{
    return ref && i < ref->n_bench ? ref->bench[i].name : NULL;
}

int yjpi_reference_benchmark_indicator(const yjpi_reference *ref, size_t i)
{
    return ref && i < ref->n_bench ? ref->bench[i].indicator : 0;
}

static ref_bvalue *bench_find_value(const ref_bench *b, const yjpi_period *p)
{
    for (size_t k = 0; k < b->n_values; k++)
        if (period_eq(&b->values[k].period, p))
            return &b->values[k];
    return NULL;
}

int yjpi_reference_benchmark_value(const yjpi_reference *ref, size_t i, const yjpi_period *p,
                                   double *out)
{
    if (!ref || !p || !out || i >= ref->n_bench)
        return YJPI_E_ARGUMENT;
    const ref_bvalue *v = bench_find_value(&ref->bench[i], p);
    if (!v)
        return YJPI_E_NOT_FOUND;
    *out = v->value;
    return YJPI_OK;
}

static ref_bench *bench_find(const yjpi_reference *ref, const char *name, int indicator)
{
    for (size_t i = 0; i < ref->n_bench; i++)
        if (ref->bench[i].indicator == indicator && strcmp(ref->bench[i].name, name) == 0)
            return &ref->bench[i];
    return NULL;
}

/* The series (name, indicator), created when new. */
static int bench_series(yjpi_reference *ref, const char *name, int indicator, ref_bench **out)
{
    ref_bench *b = bench_find(ref, name, indicator);
    if (!b) {
        int rc = grow(&ref->bench, &ref->cap_bench, ref->n_bench + 1, sizeof *ref->bench);
        if (rc)
            return rc;
        char *copy = yjpi__strdup(name);
        if (!copy)
            return YJPI_E_NOMEM;
        b = &ref->bench[ref->n_bench++];
        memset(b, 0, sizeof *b);
        b->name = copy;
        b->indicator = indicator;
    }
    *out = b;
    return YJPI_OK;
}

static int bench_put(ref_bench *b, const yjpi_period *p, double value)
{
    ref_bvalue *v = bench_find_value(b, p);
    if (!v) {
        int rc = grow(&b->values, &b->cap_values, b->n_values + 1, sizeof *b->values);
        if (rc)
            return rc;
        v = &b->values[b->n_values++];
        v->period = *p;
    }
    v->value = value;
    return YJPI_OK;
}

int yjpi_reference_add_benchmark(yjpi_reference *ref, const char *name, int indicator,
                                 const yjpi_period *p, double value)
{
    if (!ref || !text_ok(name) || !indicator_ok(indicator) || !period_ok(p) ||
        !isfinite(value))
        return YJPI_E_ARGUMENT;
    ref_bench *b;
    int rc = bench_series(ref, name, indicator, &b);
    return rc ? rc : bench_put(b, p, value);
}

/* ---- Targets ------------------------------------------------------------ */

size_t yjpi_reference_target_count(const yjpi_reference *ref)
{
    return ref ? ref->n_targets : 0;
}

int yjpi_reference_target(const yjpi_reference *ref, size_t i, yjpi_target *out)
{
    if (!ref || !out || out->size < sizeof out->size || i >= ref->n_targets)
        return YJPI_E_ARGUMENT;
    const ref_target *t = &ref->targets[i];
    yjpi_target v;
    memset(&v, 0, sizeof v);
    v.size = sizeof v;
    v.indicator = t->indicator;
    v.kind = t->kind;
    v.period = t->period;
    v.bound = t->bound;
    v.area = t->area ? t->area : "*";
    size_t keep = out->size;
    memcpy(out, &v, keep < sizeof v ? keep : sizeof v);
    out->size = keep;
    return YJPI_OK;
}

int yjpi_reference_add_target(yjpi_reference *ref, int indicator, int kind, const yjpi_period *p,
                              double bound, const char *area)
{
    if (!ref || !indicator_ok(indicator) || kind < YJPI_TARGET_MAX ||
        kind > YJPI_TARGET_CHANGE_MIN || !period_ok(p) || !isfinite(bound) ||
        (area && !text_ok(area)))
        return YJPI_E_ARGUMENT;
    int rc = grow(&ref->targets, &ref->cap_targets, ref->n_targets + 1, sizeof *ref->targets);
    if (rc)
        return rc;
    char *copy = NULL;
    if (area && strcmp(area, "*") != 0 && !(copy = yjpi__strdup(area)))
        return YJPI_E_NOMEM;
    ref_target *t = &ref->targets[ref->n_targets++];
    t->indicator = indicator;
    t->kind = kind;
    t->period = *p;
    t->bound = bound;
    t->area = copy;
    return YJPI_OK;
}

/* ---- Clone -------------------------------------------------------------- */

static int clone_into(yjpi_reference *c, const yjpi_reference *ref)
{
    int rc;
    c->opts = ref->opts;
    c->as_of = ref->as_of;
    c->history_start = ref->history_start;
    size_t n_areas = yjpi__strtab_count(&ref->area_ix);
    for (size_t i = 0; i < n_areas; i++) {
        const ref_area *a = &ref->areas[i];
        uint32_t k;
        if ((rc = area_intern(c, a->code, strlen(a->code), &k)))
            return rc;
        if ((a->name && (rc = set_text(&c->areas[k].name, a->name, strlen(a->name)))) ||
            (a->family && (rc = set_text(&c->areas[k].family, a->family, strlen(a->family)))) ||
            (a->region && (rc = set_text(&c->areas[k].region, a->region, strlen(a->region)))))
            return rc;
    }
    size_t n_groups = yjpi__strtab_count(&ref->group_ix);
    for (size_t i = 0; i < n_groups; i++) {
        uint32_t k;
        if ((rc = group_intern(c, ref->groups[i], strlen(ref->groups[i]), &k)))
            return rc;
    }
    /* same insertion order, same indices: areas and groups were added in
     * their original order */
    for (size_t i = 0; i < ref->n_pops; i++) {
        const ref_pop *p = &ref->pops[i];
        if ((rc = pop_put(c, p->area, p->group, p->year, p->value)))
            return rc;
    }
    size_t n_labels = yjpi__strtab_count(&ref->label_ix);
    for (size_t i = 0; i < n_labels; i++) {
        bool existed;
        const char *s = yjpi__strtab_get(&ref->label_ix, (uint32_t)i);
        if ((rc = label_put(c, s, ref->label_ix.lengths[i], ref->label_code[i], &existed)))
            return rc;
    }
    for (size_t i = 0; i < ref->n_bench; i++) {
        const ref_bench *b = &ref->bench[i];
        ref_bench *cb;
        if ((rc = bench_series(c, b->name, b->indicator, &cb)))
            return rc;
        for (size_t k = 0; k < b->n_values; k++)
            if ((rc = bench_put(cb, &b->values[k].period, b->values[k].value)))
                return rc;
    }
    for (size_t i = 0; i < ref->n_targets; i++) {
        const ref_target *t = &ref->targets[i];
        if ((rc = yjpi_reference_add_target(c, t->indicator, t->kind, &t->period, t->bound,
                                            t->area)))
            return rc;
    }
    return YJPI_OK;
}

yjpi_reference *yjpi__reference_clone(const yjpi_reference *ref)
{
    yjpi_reference *c = yjpi_reference_new();
    if (!c || !ref)
        return c;
    if (clone_into(c, ref)) {
        yjpi_reference_free(c);
        return NULL;
    }
    return c;
}

/* ======================================================================== */
/* Reading: pass 1, events -> node tree                                      */
/* ======================================================================== */

enum { N_SCALAR = 1, N_MAP = 2, N_SEQ = 3 };

typedef struct node {
    int type;
    bool plain;             /* scalar written without quotes or block style */
    uint64_t line, column;  /* 1-based */
    char *text;             /* scalar: NUL-terminated copy */
    size_t len;
    struct node *items;     /* map: key, value, key, value...; seq: items */
    size_t n, cap;
} node;

typedef struct parse_ctx {
    yaml_parser_t parser;
    const char *src;
    const char *text;
    size_t text_len;
    yjpi_error *err;
    yjpi_reference *ref;
    char path[384];
    size_t path_len;
} parse_ctx;

static int path_push(parse_ctx *c, const char *s, size_t len);
static int path_push_index(parse_ctx *c, size_t i);
static void path_pop(parse_ctx *c, int old);
static int node_error(parse_ctx *c, int code, const node *n, const char *fmt, ...)
    YJPI__PRINTF(4, 5);

static void node_free(node *n)
{
    yjpi__free(n->text);
    for (size_t i = 0; i < n->n; i++)
        node_free(&n->items[i]);
    yjpi__free(n->items);
    memset(n, 0, sizeof *n);
}

static int nomem(parse_ctx *c)
{
    return yjpi__error_set(c->err, YJPI_E_NOMEM, c->src, 0, 0, "out of memory");
}

/* Line and column (1-based; the column counts UTF-8 characters, as libyaml's
 * marks do) of byte offset `off`. */
static void offset_position(const parse_ctx *c, size_t off, uint64_t *line, uint64_t *col)
{
    uint64_t l = 1;
    size_t start = 0;
    if (off > c->text_len)
        off = c->text_len;
    for (size_t i = 0; i < off; i++) {
        if (c->text[i] == '\n') {
            l++;
            start = i + 1;
        }
    }
    uint64_t chars = 0;
    for (size_t i = start; i < off; i++)
        chars += ((unsigned char)c->text[i] & 0xC0) != 0x80;
    *line = l;
    *col = chars + 1;
}

static int yaml_error(parse_ctx *c)
{
    const yaml_parser_t *p = &c->parser;
    if (p->error == YAML_MEMORY_ERROR)
        return nomem(c);
    const char *problem = p->problem ? p->problem : "unknown problem";
    if (p->error == YAML_READER_ERROR) {
        uint64_t line, col;
        offset_position(c, p->problem_offset, &line, &col);
        if (p->problem_value != -1)
            return yjpi__error_set(c->err, YJPI_E_YAML, c->src, line, col,
                                   "YAML error: %s (byte 0x%02x)", problem,
                                   (unsigned)p->problem_value & 0xffu);
        return yjpi__error_set(c->err, YJPI_E_YAML, c->src, line, col, "YAML error: %s",
                               problem);
    }
    uint64_t line = (uint64_t)p->problem_mark.line + 1;
    uint64_t col = (uint64_t)p->problem_mark.column + 1;
    if (p->context)
        return yjpi__error_set(c->err, YJPI_E_YAML, c->src, line, col,
                               "YAML error: %s %s (line %llu, column %llu)", problem,
                               p->context, (unsigned long long)p->context_mark.line + 1,
                               (unsigned long long)p->context_mark.column + 1);
    return yjpi__error_set(c->err, YJPI_E_YAML, c->src, line, col, "YAML error: %s", problem);
}

static int next_event(parse_ctx *c, yaml_event_t *ev)
{
    if (!yaml_parser_parse(&c->parser, ev))
        return yaml_error(c);
    return YJPI_OK;
}

static uint64_t ev_line(const yaml_event_t *ev) { return (uint64_t)ev->start_mark.line + 1; }
static uint64_t ev_col(const yaml_event_t *ev) { return (uint64_t)ev->start_mark.column + 1; }

/* Refuses anchors and explicit tags on a node event (at node n). */
static int check_properties(parse_ctx *c, const yaml_event_t *ev, const node *n)
{
    const yaml_char_t *anchor = NULL, *tag = NULL;
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        anchor = ev->data.scalar.anchor;
        tag = ev->data.scalar.tag;
        break;
    case YAML_MAPPING_START_EVENT:
        anchor = ev->data.mapping_start.anchor;
        tag = ev->data.mapping_start.tag;
        break;
    case YAML_SEQUENCE_START_EVENT:
        anchor = ev->data.sequence_start.anchor;
        tag = ev->data.sequence_start.tag;
        break;
    default:
        break;
    }
    char buf[256];
    if (anchor) {
        yjpi__quote_value(buf, sizeof buf, (const char *)anchor, strlen((const char *)anchor));
        return node_error(c, YJPI_E_ALIAS, n,
                          "anchors and aliases are not allowed (anchor \"&%s\")", buf);
    }
    if (tag) {
        yjpi__quote_value(buf, sizeof buf, (const char *)tag, strlen((const char *)tag));
        return node_error(c, YJPI_E_TAG, n, "tags are not allowed (tag \"%s\")", buf);
    }
    return YJPI_OK;
}

static int node_append(node *parent, node *child)
{
    if (grow(&parent->items, &parent->cap, parent->n + 1, sizeof *parent->items)) {
        node_free(child);
        return YJPI_E_NOMEM;
    }
    parent->items[parent->n++] = *child;
    return YJPI_OK;
}

static int build_node(parse_ctx *c, yaml_event_t *ev, int depth, node *out);

/* Reads the entries of a collection whose start event has been consumed. */
static int build_children(parse_ctx *c, int depth, node *out)
{
    bool is_map = out->type == N_MAP;
    yjpi__strtab keys;
    yjpi__strtab_init(&keys);
    int rc = YJPI_OK;
    for (;;) {
        yaml_event_t ev;
        if ((rc = next_event(c, &ev)))
            break;
        if (ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        node child;
        bool is_key = is_map && out->n % 2 == 0;
        int old = -1;
        if (!is_map)
            old = path_push_index(c, out->n);
        else if (!is_key)
            old = path_push(c, out->items[out->n - 1].text, out->items[out->n - 1].len);
        rc = build_node(c, &ev, depth + 1, &child);
        if (old >= 0)
            path_pop(c, old);
        if (rc)
            break;
        if (is_key) {
            if (child.type != N_SCALAR) {
                rc = node_error(c, YJPI_E_TYPE, &child, "a key must be a name, not a %s",
                                child.type == N_MAP ? "mapping" : "sequence");
                node_free(&child);
                break;
            }
            uint32_t before = (uint32_t)yjpi__strtab_count(&keys), k;
            if ((rc = yjpi__strtab_intern(&keys, child.text, child.len, &k))) {
                node_free(&child);
                rc = rc == YJPI_E_NOMEM ? nomem(c) : rc;
                break;
            }
            if (k < before) {
                const node *first = &out->items[2 * k];
                char buf[256];
                yjpi__quote_value(buf, sizeof buf, child.text, child.len);
                rc = node_error(c, YJPI_E_DUPLICATE_KEY, &child,
                                "duplicate key \"%s\" (first at line %llu)", buf,
                                (unsigned long long)first->line);
                node_free(&child);
                break;
            }
        }
        if ((rc = node_append(out, &child))) {
            rc = nomem(c);
            break;
        }
    }
    yjpi__strtab_free(&keys);
    return rc;
}

/* Builds the node that starts with *ev (consumed). */
static int build_node(parse_ctx *c, yaml_event_t *ev, int depth, node *out)
{
    memset(out, 0, sizeof *out);
    out->line = ev_line(ev);
    out->column = ev_col(ev);
    int rc = YJPI_OK;
    switch (ev->type) {
    case YAML_ALIAS_EVENT: {
        char buf[256];
        const char *a = (const char *)ev->data.alias.anchor;
        yjpi__quote_value(buf, sizeof buf, a, strlen(a));
        rc = node_error(c, YJPI_E_ALIAS, out,
                        "anchors and aliases are not allowed (alias \"*%s\")", buf);
        break;
    }
    case YAML_SCALAR_EVENT:
        if ((rc = check_properties(c, ev, out)))
            break;
        if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length)) {
            rc = node_error(c, YJPI_E_TYPE, out, "text must not contain a NUL character");
            break;
        }
        out->type = N_SCALAR;
        out->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        out->len = ev->data.scalar.length;
        out->text = yjpi__strndup((const char *)ev->data.scalar.value, out->len);
        if (!out->text)
            rc = nomem(c);
        break;
    case YAML_MAPPING_START_EVENT:
    case YAML_SEQUENCE_START_EVENT:
        if ((rc = check_properties(c, ev, out)))
            break;
        if (depth > YJPI__REF_MAX_DEPTH) {
            rc = node_error(c, YJPI_E_NESTING, out, "nested deeper than %d levels",
                            YJPI__REF_MAX_DEPTH);
            break;
        }
        out->type = ev->type == YAML_MAPPING_START_EVENT ? N_MAP : N_SEQ;
        yaml_event_delete(ev);
        rc = build_children(c, depth, out);
        if (rc)
            node_free(out);
        return rc;
    default:
        /* the parser never yields other events where a node is expected */
        rc = yjpi__error_set(c->err, YJPI_E_YAML, c->src, out->line, out->column,
                             "YAML error: unexpected event");
        break;
    }
    yaml_event_delete(ev);
    if (rc)
        node_free(out);
    return rc;
}

static bool is_null_scalar(const node *n)
{
    return n->type == N_SCALAR && n->plain &&
           (n->len == 0 || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0 ||
            strcmp(n->text, "Null") == 0 || strcmp(n->text, "NULL") == 0);
}

/* Reads the one document into *root. */
static int build_document(parse_ctx *c, node *root)
{
    yaml_event_t ev;
    int rc;
    memset(root, 0, sizeof *root);
    if ((rc = next_event(c, &ev)))                  /* stream start */
        return rc;
    yaml_event_delete(&ev);
    if ((rc = next_event(c, &ev)))
        return rc;
    if (ev.type == YAML_STREAM_END_EVENT) {
        yaml_event_delete(&ev);
        return yjpi__error_set(c->err, YJPI_E_EMPTY_FILE, c->src, 0, 0,
                               "empty reference file");
    }
    yaml_event_delete(&ev);                          /* document start */
    if ((rc = next_event(c, &ev)))
        return rc;
    if ((rc = build_node(c, &ev, 1, root)))
        return rc;
    if (is_null_scalar(root)) {
        rc = yjpi__error_set(c->err, YJPI_E_EMPTY_FILE, c->src, root->line, root->column,
                             "empty reference file");
        node_free(root);
        return rc;
    }
    if ((rc = next_event(c, &ev))) {                 /* document end */
        node_free(root);
        return rc;
    }
    yaml_event_delete(&ev);
    if ((rc = next_event(c, &ev))) {
        node_free(root);
        return rc;
    }
    if (ev.type != YAML_STREAM_END_EVENT) {
        rc = yjpi__error_set(c->err, YJPI_E_YAML, c->src, ev_line(&ev), ev_col(&ev),
                             "a reference file holds one YAML document; a second one "
                             "starts here");
        yaml_event_delete(&ev);
        node_free(root);
        return rc;
    }
    yaml_event_delete(&ev);
    return YJPI_OK;
}

/* ======================================================================== */
/* Reading: pass 2, node tree -> reference                                   */
/* ======================================================================== */

static int path_push(parse_ctx *c, const char *s, size_t len)
{
    size_t old = c->path_len;
    char buf[256];
    yjpi__quote_value(buf, sizeof buf, s, len);
    int n = snprintf(c->path + old, sizeof c->path - old, "%s%s", old ? "." : "", buf);
    if (n > 0)
        c->path_len = old + (size_t)n < sizeof c->path ? old + (size_t)n : sizeof c->path - 1;
    return (int)old;
}

static int path_push_index(parse_ctx *c, size_t i)
{
    size_t old = c->path_len;
    int n = snprintf(c->path + old, sizeof c->path - old, "[%zu]", i);
    if (n > 0)
        c->path_len = old + (size_t)n < sizeof c->path ? old + (size_t)n : sizeof c->path - 1;
    return (int)old;
}

static void path_pop(parse_ctx *c, int old)
{
    c->path_len = (size_t)old;
    c->path[old] = '\0';
}

/* An error about node n, its message prefixed by the current key path. */
static int node_error(parse_ctx *c, int code, const node *n, const char *fmt, ...)
{
    char msg[YJPI_ERROR_MESSAGE_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c->path_len)
        return yjpi__error_set(c->err, code, c->src, n->line, n->column, "%s: %s", c->path,
                               msg);
    return yjpi__error_set(c->err, code, c->src, n->line, n->column, "%s", msg);
}

/* "a mapping", "a sequence" or the quoted text of a scalar, for messages. */
static const char *describe(const node *n, char *buf, size_t size)
{
    if (n->type == N_MAP)
        return "a mapping";
    if (n->type == N_SEQ)
        return "a sequence";
    char q[256];
    yjpi__quote_value(q, sizeof q, n->text, n->len);
    snprintf(buf, size, "\"%s\"", q);
    return buf;
}

static int type_error(parse_ctx *c, const node *n, const char *expected)
{
    char buf[300];
    return node_error(c, YJPI_E_TYPE, n, "expected %s, got %s", expected,
                      describe(n, buf, sizeof buf));
}

static int unknown_key(parse_ctx *c, const node *key, const char *hint)
{
    char buf[256];
    yjpi__quote_value(buf, sizeof buf, key->text, key->len);
    if (c->path_len)
        return yjpi__error_set(c->err, YJPI_E_UNKNOWN_KEY, c->src, key->line, key->column,
                               "unknown key \"%s\" in %s%s", buf, c->path, hint);
    return yjpi__error_set(c->err, YJPI_E_UNKNOWN_KEY, c->src, key->line, key->column,
                           "unknown key \"%s\" at the top level%s", buf, hint);
}

static int map_error(parse_ctx *c, int rc)
{
    return rc == YJPI_E_NOMEM ? nomem(c) : yjpi__error_set(c->err, rc, c->src, 0, 0, "%s",
                                                           yjpi_strerror(rc));
}

/* A mapping (or, for whole sections, nothing at all: `options:` with every
 * entry commented out).  Returns 1 for a mapping, 0 for nothing. */
static int expect_map(parse_ctx *c, const node *n, bool allow_null, int *rc)
{
    *rc = YJPI_OK;
    if (n->type == N_MAP)
        return 1;
    if (allow_null && is_null_scalar(n))
        return 0;
    *rc = type_error(c, n, "a mapping");
    return 0;
}

/* Text value: a scalar, quoted or not, not empty. */
static int get_text(parse_ctx *c, const node *n, const char *expected)
{
    if (n->type != N_SCALAR || n->len == 0 || is_null_scalar(n))
        return type_error(c, n, expected);
    return YJPI_OK;
}

/*
 * Strict decimal number: [+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?
 * Returns 0 (ok), -1 (not a number), -2 (out of range).  Independent of the
 * process locale.
 */
static int parse_decimal(const char *s, size_t len, double *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    uint64_t mant = 0;
    int sig = 0, exp10 = 0, digits = 0;
    bool exact = true;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
        if (mant == 0 && s[i] == '0')
            continue;
        if (sig < 19) {
            mant = mant * 10 + (uint64_t)(s[i] - '0');
            sig++;
        } else {
            exp10++;
            exact = exact && s[i] == '0';
        }
    }
    if (i < len && s[i] == '.') {
        i++;
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
            if (mant == 0 && s[i] == '0') {
                exp10--;
                continue;
            }
            if (sig < 19) {
                mant = mant * 10 + (uint64_t)(s[i] - '0');
                sig++;
                exp10--;
            } else {
                exact = exact && s[i] == '0';
            }
        }
    }
    if (digits == 0)
        return -1;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        if (i >= len || s[i] < '0' || s[i] > '9')
            return -1;
        long e = 0;
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
            if (e < 100000)
                e = e * 10 + (s[i] - '0');
        exp10 += (int)(eneg ? -e : e);
    }
    if (i != len)
        return -1;
    static const double p10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    double v;
    if (mant == 0) {
        v = 0.0;
    } else if (exact && mant <= (UINT64_C(1) << 53) && exp10 >= -22 && exp10 <= 22) {
        /* one correctly rounded IEEE operation on exact operands */
        v = exp10 < 0 ? (double)mant / p10[-exp10] : (double)mant * p10[exp10];
    } else {
        /* rare: many digits or a large exponent; strtod in the C locale */
        char buf[128];
        if (len >= sizeof buf)
            return -2;
        memcpy(buf, s, len);
        buf[len] = '\0';
        locale_t cl = newlocale(LC_ALL_MASK, "C", (locale_t)0);
        if (!cl)
            return -2;
        locale_t old = uselocale(cl);
        errno = 0;
        v = strtod(buf, NULL);
        int e = errno;
        uselocale(old);
        freelocale(cl);
        if (e == ERANGE && v != 0.0)
            return -2;
        v = fabs(v);
    }
    if (!isfinite(v))
        return -2;
    *out = neg ? -v : v;
    return 0;
}

/* Strict integer: [+-]? digits.  0 ok, -1 not an integer, -2 overflow. */
static int parse_integer(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    if (i >= len)
        return -1;
    uint64_t v = 0;
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (limit - d) / 10)
            return -2;
        v = v * 10 + d;
    }
    *out = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v) : (int64_t)v;
    return 0;
}

/* Common front of number values: a plain scalar. */
static int number_scalar(parse_ctx *c, const node *n, const char *expected)
{
    if (n->type != N_SCALAR)
        return type_error(c, n, expected);
    if (!n->plain) {
        char q[256];
        yjpi__quote_value(q, sizeof q, n->text, n->len);
        return node_error(c, YJPI_E_TYPE, n,
                          "expected %s, got the quoted text \"%s\" (write numbers without "
                          "quotes)",
                          expected, q);
    }
    return YJPI_OK;
}

/* A number in [lo, hi] (or (lo, hi) where open). */
static int get_number(parse_ctx *c, const node *n, const char *expected, double lo, double hi,
                      bool open, double *out)
{
    int rc = number_scalar(c, n, expected);
    if (rc)
        return rc;
    double v;
    int r = parse_decimal(n->text, n->len, &v);
    if (r == -2) {
        char q[256];
        yjpi__quote_value(q, sizeof q, n->text, n->len);
        return node_error(c, YJPI_E_TYPE, n, "expected %s, got \"%s\" (not a finite number)",
                          expected, q);
    }
    if (r != 0 || (open ? !(v > lo && v < hi) : !(v >= lo && v <= hi)))
        return type_error(c, n, expected);
    *out = v;
    return YJPI_OK;
}

/* A whole number in [lo, hi]. */
static int get_integer(parse_ctx *c, const node *n, const char *expected, int64_t lo, int64_t hi,
                       int64_t *out)
{
    int rc = number_scalar(c, n, expected);
    if (rc)
        return rc;
    int64_t v;
    int r = parse_integer(n->text, n->len, &v);
    if (r == -2) {
        char q[256];
        yjpi__quote_value(q, sizeof q, n->text, n->len);
        return node_error(c, YJPI_E_TYPE, n, "expected %s, got \"%s\" (too large)", expected,
                          q);
    }
    if (r != 0 || v < lo || v > hi)
        return type_error(c, n, expected);
    *out = v;
    return YJPI_OK;
}

/* A population: a plain number, finite, 0 to POP_MAX. */
static int get_population(parse_ctx *c, const node *n, double *out)
{
    double v;
    int rc = get_number(c, n, "a non-negative number", 0.0, HUGE_VAL, false, &v);
    if (rc)
        return rc;
    if (!pop_value_ok(v)) {
        char q[256];
        yjpi__quote_value(q, sizeof q, n->text, n->len);
        return node_error(c, YJPI_E_TYPE, n,
                          "expected a non-negative number, got \"%s\" (a population is at "
                          "most 1000000000)",
                          q);
    }
    *out = v;
    return YJPI_OK;
}

static int get_date(parse_ctx *c, const node *n, yjpi_date *out)
{
    if (n->type != N_SCALAR)
        return type_error(c, n, "a date YYYY-MM-DD");
    if (yjpi_date_parse(n->text, n->len, out) != YJPI_OK) {
        char buf[300];
        return node_error(c, YJPI_E_BAD_DATE, n,
                          "expected a calendar date YYYY-MM-DD, got %s",
                          describe(n, buf, sizeof buf));
    }
    return YJPI_OK;
}

/* A year as a key: 1..9999, digits only. */
static int get_year_key(parse_ctx *c, const node *k, int *out)
{
    int64_t v;
    if (k->len > 4 || parse_integer(k->text, k->len, &v) != 0 || k->text[0] == '+' ||
        k->text[0] == '-' || !year_ok((int)v)) {
        char buf[300];
        return node_error(c, YJPI_E_TYPE, k, "expected a year (1 to 9999) as key, got %s",
                          describe(k, buf, sizeof buf));
    }
    *out = (int)v;
    return YJPI_OK;
}

static int get_period(parse_ctx *c, const node *n, yjpi_period *out)
{
    if (n->type != N_SCALAR)
        return type_error(c, n, "a period such as \"2013/14\"");
    yjpi_error e;
    yjpi__error_clear(&e);
    int rc = yjpi_period_parse(n->text, out, &e);
    if (rc == YJPI_E_NOMEM)
        return nomem(c);
    if (rc) {
        char buf[300];
        if (rc != YJPI_E_BAD_DATE)
            rc = YJPI_E_PERIOD;
        if (e.message[0])
            return node_error(c, rc, n, "%s", e.message);
        return node_error(c, rc, n, "expected a period such as \"2013/14\", got %s",
                          describe(n, buf, sizeof buf));
    }
    return YJPI_OK;
}

static int get_indicator(parse_ctx *c, const node *n, int *out)
{
    if (n->type == N_SCALAR) {
        int ind = yjpi_indicator_from_name(n->text);
        if (ind > 0) {
            *out = ind;
            return YJPI_OK;
        }
    }
    return type_error(c, n, "an indicator name such as fte_rate");
}

static bool key_is(const node *k, const char *name)
{
    return strcmp(k->text, name) == 0;
}

/* ---- options: ---- */

static int walk_options(parse_ctx *c, const node *m)
{
    int rc;
    if (!expect_map(c, m, true, &rc))
        return rc;
    yjpi_options *o = &c->ref->opts;
    for (size_t i = 0; i < m->n; i += 2) {
        const node *k = &m->items[i], *v = &m->items[i + 1];
        int old = path_push(c, k->text, k->len);
        int64_t iv = 0;
        if (key_is(k, "age_basis")) {
            if (v->type == N_SCALAR && strcmp(v->text, "offence_date") == 0)
                o->age_basis = YJPI_AGE_OFFENCE_DATE;
            else if (v->type == N_SCALAR && strcmp(v->text, "outcome_date") == 0)
                o->age_basis = YJPI_AGE_OUTCOME_DATE;
            else
                rc = type_error(c, v, "offence_date or outcome_date");
        } else if (key_is(k, "cohort_months")) {
            if (!(rc = get_integer(c, v, "3 or 12", 3, 12, &iv))) {
                if (iv != 3 && iv != 12)
                    rc = type_error(c, v, "3 or 12");
                else
                    o->cohort_months = (int32_t)iv;
            }
        } else if (key_is(k, "followup_months")) {
            if (!(rc = get_integer(c, v, "a whole number of months from 1 to 120", 1, 120, &iv)))
                o->followup_months = (int32_t)iv;
        } else if (key_is(k, "waiting_months")) {
            if (!(rc = get_integer(c, v, "a whole number of months from 0 to 120", 0, 120, &iv)))
                o->waiting_months = (int32_t)iv;
        } else if (key_is(k, "confidence")) {
            rc = get_number(c, v, "a level between 0.5 and 1 (exclusive) such as 0.95 or 0.998",
                            0.5, 1.0, true, &o->confidence);
        } else if (key_is(k, "significance")) {
            rc = get_number(c, v, "a level between 0 and 1 (exclusive) such as 0.05", 0.0, 1.0,
                            true, &o->significance);
        } else if (key_is(k, "trend_min_points")) {
            if (!(rc = get_integer(c, v, "a whole number from 3 to 1000", 3, 1000, &iv)))
                o->trend_min_points = (int32_t)iv;
        } else if (key_is(k, "trend_significance")) {
            rc = get_number(c, v, "a level between 0 and 1 (exclusive) such as 0.002", 0.0, 1.0,
                            true, &o->trend_significance);
        } else if (key_is(k, "fte_lookback_years")) {
            if (!(rc = get_integer(c, v, "a whole number of years from 0 to 100", 0, 100, &iv)))
                o->fte_lookback_years = (int32_t)iv;
        } else if (key_is(k, "suppress_below")) {
            rc = get_integer(c, v, "a whole number >= 0 (0 = off)", 0, INT64_MAX,
                             &o->suppress_below);
        } else if (key_is(k, "round_to")) {
            rc = get_integer(c, v, "a whole number >= 1", 1, INT64_MAX, &o->round_to);
        } else if (key_is(k, "reference_ethnicity")) {
            if (!(rc = get_text(c, v, "an ethnic group name"))) {
                if (v->len >= sizeof o->reference_ethnicity)
                    rc = node_error(c, YJPI_E_TYPE, v, "group name longer than %d bytes",
                                    YJPI_GROUP_NAME_SIZE - 1);
                else
                    memcpy(o->reference_ethnicity, v->text, v->len + 1);
            }
        } else {
            path_pop(c, old);
            return unknown_key(c, k, "");
        }
        path_pop(c, old);
        if (rc)
            return rc;
    }
    return YJPI_OK;
}

/* ---- populations: ---- */

/* "*": all areas together (its own population, e.g. England and Wales). */
static bool is_star(const char *s, size_t len)
{
    return len == 1 && s[0] == '*';
}

static int walk_population_years(parse_ctx *c, const node *m, const char *area, size_t area_len)
{
    int rc;
    if (!expect_map(c, m, false, &rc))
        return rc;
    uint32_t a = STAR_AREA;
    if (!is_star(area, area_len) && (rc = area_intern(c->ref, area, area_len, &a)))
        return map_error(c, rc);
    for (size_t i = 0; i < m->n; i += 2) {
        const node *k = &m->items[i], *v = &m->items[i + 1];
        int year;
        double value;
        if ((rc = get_year_key(c, k, &year)))
            return rc;
        int old = path_push(c, k->text, k->len);
        rc = get_population(c, v, &value);
        path_pop(c, old);
        if (rc)
            return rc;
        if (pop_find(c->ref, a, NO_GROUP, year))
            return node_error(c, YJPI_E_DUPLICATE_KEY, k, "year %d given twice", year);
        if ((rc = pop_put(c->ref, a, NO_GROUP, year, value)))
            return map_error(c, rc);
    }
    return YJPI_OK;
}

static int walk_population_groups(parse_ctx *c, const node *m, const char *area, size_t area_len)
{
    int rc;
    if (!expect_map(c, m, false, &rc))
        return rc;
    uint32_t a = STAR_AREA;
    if (!is_star(area, area_len) && (rc = area_intern(c->ref, area, area_len, &a)))
        return map_error(c, rc);
    for (size_t i = 0; i < m->n; i += 2) {
        const node *k = &m->items[i], *gm = &m->items[i + 1];
        int year;
        if ((rc = get_year_key(c, k, &year)))
            return rc;
        int old = path_push(c, k->text, k->len);
        if (!expect_map(c, gm, false, &rc)) {
            path_pop(c, old);
            return rc;
        }
        for (size_t j = 0; j < gm->n && !rc; j += 2) {
            const node *gk = &gm->items[j], *gv = &gm->items[j + 1];
            double value;
            if (gk->len == 0) {
                rc = node_error(c, YJPI_E_TYPE, gk, "expected an ethnic group name as key");
                break;
            }
            int old2 = path_push(c, gk->text, gk->len);
            rc = get_population(c, gv, &value);
            path_pop(c, old2);
            uint32_t g;
            if (!rc && (rc = group_intern(c->ref, gk->text, gk->len, &g)) == YJPI_OK)
                rc = pop_put(c->ref, a, g, year, value);
            if (rc && rc != YJPI_E_TYPE)
                rc = map_error(c, rc);
        }
        path_pop(c, old);
        if (rc)
            return rc;
    }
    return YJPI_OK;
}

static int walk_populations(parse_ctx *c, const node *m)
{
    int rc;
    if (!expect_map(c, m, true, &rc))
        return rc;
    static const char suffix[] = "/ethnicity";
    const size_t slen = sizeof suffix - 1;
    for (size_t i = 0; i < m->n; i += 2) {
        const node *k = &m->items[i], *v = &m->items[i + 1];
        bool groups = k->len > slen && memcmp(k->text + k->len - slen, suffix, slen) == 0;
        size_t alen = groups ? k->len - slen : k->len;
        if (!is_star(k->text, alen) && !area_code_ok(k->text, alen))
            return unknown_key(c, k, " (expected an area code, \"*\" or AREA/ethnicity)");
        int old = path_push(c, k->text, k->len);
        rc = groups ? walk_population_groups(c, v, k->text, alen)
                    : walk_population_years(c, v, k->text, alen);
        path_pop(c, old);
        if (rc)
            return rc;
    }
    return YJPI_OK;
}

/* ---- areas: ---- */

static int walk_areas(parse_ctx *c, const node *m)
{
    int rc;
    if (!expect_map(c, m, true, &rc))
        return rc;
    for (size_t i = 0; i < m->n; i += 2) {
        const node *k = &m->items[i], *v = &m->items[i + 1];
        if (!area_code_ok(k->text, k->len))
            return node_error(c, YJPI_E_TYPE, k, "expected an area code as key (not empty, "
                                                 "not \"*\", no \"/\")");
        int old = path_push(c, k->text, k->len);
        uint32_t a = 0;
        if (expect_map(c, v, false, &rc) && (rc = area_intern(c->ref, k->text, k->len, &a)))
            rc = map_error(c, rc);
        for (size_t j = 0; !rc && j < v->n; j += 2) {
            const node *fk = &v->items[j], *fv = &v->items[j + 1];
            char **slot;
            if (key_is(fk, "name"))
                slot = &c->ref->areas[a].name;
            else if (key_is(fk, "family"))
                slot = &c->ref->areas[a].family;
            else if (key_is(fk, "region"))
                slot = &c->ref->areas[a].region;
            else {
                rc = unknown_key(c, fk, " (expected name, family or region)");
                break;
            }
            int old2 = path_push(c, fk->text, fk->len);
            if (!(rc = get_text(c, fv, "a text value")) &&
                (rc = set_text(slot, fv->text, fv->len)))
                rc = nomem(c);
            path_pop(c, old2);
        }
        path_pop(c, old);
        if (rc)
            return rc;
    }
    return YJPI_OK;
}

/* ---- outcome_map: ---- */

static int walk_outcome_map(parse_ctx *c, const node *m)
{
    int rc;
    if (!expect_map(c, m, true, &rc))
        return rc;
    for (size_t i = 0; i < m->n; i += 2) {
        const node *k = &m->items[i], *v = &m->items[i + 1];
        const char *label = k->text;
        size_t len = k->len;
        trim(&label, &len);
        if (len == 0)
            return node_error(c, YJPI_E_TYPE, k, "expected a local outcome label as key");
        int old = path_push(c, k->text, k->len);
        int code = 0;
        if (v->type == N_SCALAR)
            code = yjpi_outcome_from_name(v->text, v->len);
        if (code <= 0 || code > 255) {
            char buf[300];
            rc = node_error(c, v->type == N_SCALAR ? YJPI_E_UNKNOWN_OUTCOME : YJPI_E_TYPE, v,
                            "expected an outcome code or tier name such as referral_order, "
                            "got %s",
                            describe(v, buf, sizeof buf));
        }
        path_pop(c, old);
        if (rc)
            return rc;
        bool existed;
        if ((rc = label_put(c->ref, label, len, code, &existed)))
            return map_error(c, rc);
        if (existed) {
            char q[256];
            yjpi__quote_value(q, sizeof q, label, len);
            return node_error(c, YJPI_E_DUPLICATE_KEY, k,
                              "label \"%s\" given twice (labels are compared without "
                              "surrounding spaces)",
                              q);
        }
    }
    return YJPI_OK;
}

/* ---- benchmarks: ---- */

static const node *find_key(const node *m, const char *name)
{
    for (size_t i = 0; i < m->n; i += 2)
        if (key_is(&m->items[i], name))
            return &m->items[i + 1];
    return NULL;
}

static int missing_key(parse_ctx *c, const node *m, const char *name)
{
    return node_error(c, YJPI_E_MISSING_KEY, m, "missing key \"%s\"", name);
}

static int walk_benchmark(parse_ctx *c, const node *m)
{
    int rc;
    if (!expect_map(c, m, false, &rc))
        return rc;
    for (size_t i = 0; i < m->n; i += 2) {
        const node *k = &m->items[i];
        if (!key_is(k, "name") && !key_is(k, "indicator") && !key_is(k, "values"))
            return unknown_key(c, k, " (expected name, indicator, values)");
    }
    const node *name = find_key(m, "name"), *ind = find_key(m, "indicator"),
               *values = find_key(m, "values");
    if (!name)
        return missing_key(c, m, "name");
    if (!ind)
        return missing_key(c, m, "indicator");
    int old = path_push(c, "name", 4);
    rc = get_text(c, name, "a benchmark name");
    path_pop(c, old);
    if (rc)
        return rc;
    int indicator = 0;
    old = path_push(c, "indicator", 9);
    rc = get_indicator(c, ind, &indicator);
    path_pop(c, old);
    if (rc)
        return rc;
    if (bench_find(c->ref, name->text, indicator)) {
        char q[256];
        yjpi__quote_value(q, sizeof q, name->text, name->len);
        return node_error(c, YJPI_E_DUPLICATE_KEY, name,
                          "a benchmark named \"%s\" for %s is given twice", q,
                          yjpi_indicator_name(indicator));
    }
    ref_bench *b;
    if ((rc = bench_series(c->ref, name->text, indicator, &b)))
        return map_error(c, rc);
    if (!values)
        return YJPI_OK;
    old = path_push(c, "values", 6);
    if (expect_map(c, values, true, &rc)) {
        for (size_t i = 0; !rc && i < values->n; i += 2) {
            const node *k = &values->items[i], *v = &values->items[i + 1];
            yjpi_period p;
            double value;
            if ((rc = get_period(c, k, &p)))
                break;
            int old2 = path_push(c, k->text, k->len);
            rc = get_number(c, v, "a number", -HUGE_VAL, HUGE_VAL, false, &value);
            path_pop(c, old2);
            if (rc)
                break;
            if (bench_find_value(b, &p)) {
                char q[256];
                yjpi__quote_value(q, sizeof q, k->text, k->len);
                rc = node_error(c, YJPI_E_DUPLICATE_KEY, k, "period \"%s\" given twice", q);
                break;
            }
            if ((rc = bench_put(b, &p, value)))
                rc = map_error(c, rc);
        }
    }
    path_pop(c, old);
    return rc;
}

/* ---- targets: ---- */

static int walk_target(parse_ctx *c, const node *m)
{
    static const char *const bounds[4] = {"max", "min", "change_max", "change_min"};
    static const int kinds[4] = {YJPI_TARGET_MAX, YJPI_TARGET_MIN, YJPI_TARGET_CHANGE_MAX,
                                 YJPI_TARGET_CHANGE_MIN};
    int rc;
    if (!expect_map(c, m, false, &rc))
        return rc;
    const node *bound_key = NULL, *bound = NULL;
    int kind = 0;
    for (size_t i = 0; i < m->n; i += 2) {
        const node *k = &m->items[i];
        int b = -1;
        for (int j = 0; j < 4; j++)
            if (key_is(k, bounds[j]))
                b = j;
        if (b >= 0) {
            if (bound_key)
                return node_error(c, YJPI_E_TYPE, k,
                                  "give only one of max, min, change_max, change_min "
                                  "(\"%s\" already given at line %llu)",
                                  bound_key->text, (unsigned long long)bound_key->line);
            bound_key = k;
            bound = &m->items[i + 1];
            kind = kinds[b];
        } else if (!key_is(k, "indicator") && !key_is(k, "period") && !key_is(k, "area")) {
            return unknown_key(c, k,
                               " (expected indicator, period, area and one of max, min, "
                               "change_max, change_min)");
        }
    }
    const node *ind = find_key(m, "indicator"), *per = find_key(m, "period"),
               *area = find_key(m, "area");
    if (!ind)
        return missing_key(c, m, "indicator");
    if (!per)
        return missing_key(c, m, "period");
    if (!bound)
        return node_error(c, YJPI_E_MISSING_KEY, m,
                          "missing the bound: one of max, min, change_max, change_min");
    int indicator = 0;
    yjpi_period p;
    double value;
    int old = path_push(c, "indicator", 9);
    rc = get_indicator(c, ind, &indicator);
    path_pop(c, old);
    if (rc)
        return rc;
    old = path_push(c, "period", 6);
    rc = get_period(c, per, &p);
    path_pop(c, old);
    if (rc)
        return rc;
    old = path_push(c, bound_key->text, bound_key->len);
    rc = get_number(c, bound, "a number", -HUGE_VAL, HUGE_VAL, false, &value);
    path_pop(c, old);
    if (rc)
        return rc;
    if (area) {
        old = path_push(c, "area", 4);
        rc = get_text(c, area, "an area code or \"*\"");
        path_pop(c, old);
        if (rc)
            return rc;
    }
    rc = yjpi_reference_add_target(c->ref, indicator, kind, &p, value, area ? area->text : NULL);
    return rc ? map_error(c, rc) : YJPI_OK;
}

static int walk_list(parse_ctx *c, const node *s, int (*item)(parse_ctx *, const node *))
{
    if (s->type != N_SEQ) {
        if (is_null_scalar(s))
            return YJPI_OK;
        return type_error(c, s, "a list");
    }
    for (size_t i = 0; i < s->n; i++) {
        int old = path_push_index(c, i);
        int rc = item(c, &s->items[i]);
        path_pop(c, old);
        if (rc)
            return rc;
    }
    return YJPI_OK;
}

static int walk_top(parse_ctx *c, const node *root)
{
    if (root->type != N_MAP) {
        char buf[300];
        return node_error(c, YJPI_E_TYPE, root,
                          "expected a mapping (as_of:, options:, populations:, ...) at the "
                          "top level, got %s",
                          describe(root, buf, sizeof buf));
    }
    for (size_t i = 0; i < root->n; i += 2) {
        const node *k = &root->items[i], *v = &root->items[i + 1];
        int old = path_push(c, k->text, k->len);
        int rc;
        if (key_is(k, "as_of"))
            rc = get_date(c, v, &c->ref->as_of);
        else if (key_is(k, "history_start"))
            rc = get_date(c, v, &c->ref->history_start);
        else if (key_is(k, "options"))
            rc = walk_options(c, v);
        else if (key_is(k, "populations"))
            rc = walk_populations(c, v);
        else if (key_is(k, "areas"))
            rc = walk_areas(c, v);
        else if (key_is(k, "outcome_map"))
            rc = walk_outcome_map(c, v);
        else if (key_is(k, "benchmarks"))
            rc = walk_list(c, v, walk_benchmark);
        else if (key_is(k, "targets"))
            rc = walk_list(c, v, walk_target);
        else {
            path_pop(c, old);
            return unknown_key(c, k, "");
        }
        path_pop(c, old);
        if (rc)
            return rc;
    }
    return YJPI_OK;
}

/* ======================================================================== */
/* Entry points                                                              */
/* ======================================================================== */

int yjpi_reference_parse(const char *text, size_t len, const char *source, yjpi_reference **out,
                         yjpi_error *err)
{
    if (out)
        *out = NULL;
    yjpi__error_clear(err);
    if (!out || (!text && len))
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0, "invalid argument");
    parse_ctx c;
    memset(&c, 0, sizeof c);
    c.src = source ? source : "<reference>";
    c.text = text ? text : "";
    c.text_len = len;
    c.err = err;
    if (!yaml_parser_initialize(&c.parser))
        return nomem(&c);
    yaml_parser_set_input_string(&c.parser, (const unsigned char *)c.text, len);
    node root;
    int rc = build_document(&c, &root);
    yaml_parser_delete(&c.parser);
    if (rc)
        return rc;
    c.ref = yjpi_reference_new();
    if (!c.ref) {
        node_free(&root);
        return nomem(&c);
    }
    rc = walk_top(&c, &root);
    node_free(&root);
    if (rc) {
        yjpi_reference_free(c.ref);
        return rc;
    }
    yjpi__error_clear(err);
    *out = c.ref;
    return YJPI_OK;
}

int yjpi_reference_load(const char *path, yjpi_reference **out, yjpi_error *err)
{
    if (out)
        *out = NULL;
    yjpi__error_clear(err);
    if (!path || !out)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0, "invalid argument");
    FILE *f = fopen(path, "rb");
    if (!f)
        return yjpi__error_set(err, YJPI_E_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = YJPI_OK;
    for (;;) {
        if (len == cap) {
            if (cap >= YJPI__REF_MAX_FILE) {
                rc = yjpi__error_set(err, YJPI_E_LIMIT, path, 0, 0,
                                     "reference file larger than %zu bytes",
                                     YJPI__REF_MAX_FILE);
                break;
            }
            size_t ncap = cap ? cap * 2 : 16384;
            char *nb = yjpi__realloc(buf, ncap);
            if (!nb) {
                rc = yjpi__error_set(err, YJPI_E_NOMEM, path, 0, 0, "out of memory");
                break;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f))
                rc = yjpi__error_set(err, YJPI_E_IO, path, 0, 0, "cannot read: %s",
                                     strerror(errno));
            break;
        }
    }
    fclose(f);
    if (!rc)
        rc = yjpi_reference_parse(buf, len, path, out, err);
    yjpi__free(buf);
    return rc;
}
