/* dataset.c - the record store: the one row validator,
 * the life cycle, sorting by person and the counts that show nothing was lost. */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "common/utf8.h"
#include "time/date_fast.h"

#include <pthread.h>

const char *const yjpi__column_names[YJPI__NCOLS] = {
    "person_id", "birth_date", "area", "offence_date", "outcome_date",
    "outcome", "release_date", "sex", "ethnicity", "offence_type", "breach",
};

/* ---- Life cycle ---------------------------------------------------------- */

int yjpi_dataset_new(const yjpi_reference *ref, yjpi_dataset **out)
{
    if (!out)
        return YJPI_E_ARGUMENT;
    *out = NULL;
    yjpi_dataset *ds = yjpi__calloc(1, sizeof *ds);
    if (!ds)
        return YJPI_E_NOMEM;
    ds->ref = yjpi__reference_clone(ref);
    if (!ds->ref) {
        yjpi__free(ds);
        return YJPI_E_NOMEM;
    }
    memset(&ds->opts, 0, sizeof ds->opts);
    ds->opts.size = sizeof ds->opts;
    yjpi__reference_options(ref, &ds->opts);
    yjpi__strtab_init(&ds->persons);
    yjpi__strtab_init(&ds->areas);
    yjpi__strtab_init(&ds->ethnicities);
    yjpi__strtab_init(&ds->offence_types);
    yjpi__strtab_init(&ds->outcome_texts);
    ds->last_person = UINT32_MAX;
    ds->first_outcome = ds->last_outcome = YJPI_NO_DATE;
    *out = ds;
    return YJPI_OK;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        yjpi__free(v[i]);
    yjpi__free(v);
}

void yjpi_dataset_free(yjpi_dataset *ds)
{
    /* freed from a progress callback: the reader still uses it, so the
     * call does nothing (see dataset.h) */
    if (!ds || ds->reading)
        return;
    yjpi_reference_free(ds->ref);
    yjpi__free(ds->rows);
    yjpi__strtab_free(&ds->persons);
    yjpi__strtab_free(&ds->areas);
    yjpi__strtab_free(&ds->ethnicities);
    yjpi__strtab_free(&ds->offence_types);
    yjpi__strtab_free(&ds->outcome_texts);
    yjpi__free(ds->outcome_codes);
    yjpi__free(ds->dates);
    free_strings(ds->messages, ds->n_messages);
    free_strings(ds->notes, ds->n_notes);
    for (int c = 0; c < YJPI__NCOLS; c++)
        yjpi__free(ds->missing[c]);
    yjpi__free(ds->person_start);
    yjpi__free(ds->area_order);
    yjpi__free(ds);
}

/* ---- Messages and notes -------------------------------------------------- */

static int push_string(char ***v, size_t *n, size_t *cap, const char *s)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        char **p = yjpi__reallocarray(*v, nc, sizeof *p);
        if (!p)
            return YJPI_E_NOMEM;
        *v = p;
        *cap = nc;
    }
    char *c = yjpi__strdup(s);
    if (!c)
        return YJPI_E_NOMEM;
    (*v)[(*n)++] = c;
    return YJPI_OK;
}

int yjpi__dataset_keep_message(yjpi_dataset *ds, const char *msg, size_t max)
{
    if (ds->n_messages >= max)
        return YJPI_OK;
    return push_string(&ds->messages, &ds->n_messages, &ds->cap_messages, msg);
}

int yjpi__dataset_add_note(yjpi_dataset *ds, const char *msg)
{
    return push_string(&ds->notes, &ds->n_notes, &ds->cap_notes, msg);
}

void yjpi__dataset_reject(yjpi_dataset *ds, int code)
{
    ds->counts[YJPI_COUNT_ROWS_READ]++;
    ds->counts[YJPI_COUNT_ROWS_REJECTED]++;
    if (code >= 0 && code <= YJPI_CODE_MAX_)
        ds->rejected[code]++;
}

/* ---- The validator ------------------------------------------------------- */

#if defined(__GNUC__)
#  define COLD __attribute__((noinline, cold))
#  define NOINLINE __attribute__((noinline))
#  define ALWAYS_INLINE __attribute__((always_inline))
#else
#  define COLD
#  define NOINLINE
#  define ALWAYS_INLINE
#endif

static COLD int fail(const yjpi__field *f, int col, int *bad_col, char *msg,
                     size_t msg_size, int code, const char *what)
{
    char q[256];
    yjpi__quote_value(q, sizeof q, f[col].ptr ? f[col].ptr : "", f[col].len);
    snprintf(msg, msg_size, "%s (column %s, value \"%s\")", what,
             yjpi__column_names[col], q);
    *bad_col = col;
    return code;
}

static COLD int bad_date(const yjpi__field *f, int col, int r, int *bad_col,
                         char *msg, size_t msg_size)
{
    return fail(f, col, bad_col, msg, msg_size, YJPI_E_BAD_DATE,
                r == 1 ? "malformed date, expected YYYY-MM-DD"
                : r == 3 ? "date after 9998-12-31, the last day a period can cover"
                       : "impossible date");
}

static inline int date_field(const yjpi__field *f, int col, int ymd[3],
                             yjpi_date *out, int *bad_col, char *msg,
                             size_t msg_size)
{
    int r = yjpi__date_parse_fast(f[col].ptr, f[col].len, ymd, out);
    if (YJPI__LIKELY(r == 0))
        return YJPI_OK;
    return bad_date(f, col, r, bad_col, msg, msg_size);
}

static NOINLINE int date_parse_keep(yjpi_dataset *ds, yjpi__date_slot *e,
                                 const yjpi__field *f, int col, yjpi_date *out,
                                 yjpi_date *b10, int *bad_col, char *msg,
                                 size_t msg_size);

/* date_field() through the dataset's date cache: a text seen before gives
 * its value (and 10th birthday, in *b10 when not NULL) without parsing. */
static inline int date_field_cached(yjpi_dataset *ds, const yjpi__field *f,
                                    int col, yjpi_date *out, yjpi_date *b10,
                                    int *bad_col, char *msg, size_t msg_size)
{
    yjpi__date_slot *e = NULL;
    if (YJPI__LIKELY(f[col].len == 10 && ds->dates)) {
        uint64_t text;
        uint16_t tail;
        memcpy(&text, f[col].ptr, 8);
        memcpy(&tail, f[col].ptr + 8, 2);
        e = &ds->dates[yjpi__date_slot_of(text, tail)];
        if (YJPI__LIKELY(e->text == text && e->tail == tail && text)) {
            *out = e->date;
            if (b10)
                *b10 = e->date + e->b10;
            return YJPI_OK;
        }
    }
    return date_parse_keep(ds, e, f, col, out, b10, bad_col, msg, msg_size);
}

/* A date not in the cache (slot e, NULL when none): parsed, and kept. */
static int date_parse_keep(yjpi_dataset *ds, yjpi__date_slot *e,
                           const yjpi__field *f, int col, yjpi_date *out,
                           yjpi_date *b10, int *bad_col, char *msg,
                           size_t msg_size)
{
    int ymd[3];
    int rc = date_field(f, col, ymd, out, bad_col, msg, msg_size);
    if (rc != YJPI_OK)
        return rc;
    yjpi_date tb = yjpi__tenth_birthday(ymd[0], ymd[1], ymd[2]);
    if (b10)
        *b10 = tb;
    if (!ds->dates) {
        /* the cache (2 MiB) only once dates are many: a small input is
         * parsed as it is */
        if (ds->dates_parsed < YJPI__DATE_CACHE_AFTER)
            ds->dates_parsed++;
        else if (ds->dates_parsed == YJPI__DATE_CACHE_AFTER) {
            ds->dates_parsed++;     /* tried once; NULL: no cache */
            ds->dates = yjpi__calloc(YJPI__DATE_SLOTS, sizeof *ds->dates);
        }
        return YJPI_OK;
    }
    if (e) {
        memcpy(&e->text, f[col].ptr, 8);
        memcpy(&e->tail, f[col].ptr + 8, 2);
        e->date = *out;
        e->b10 = (int16_t)(tb - *out);
    }
    return YJPI_OK;
}

/* The string cache's entry for a field's text of up to 32 bytes (true:
 * its value in *value), and its words and slot; `padded`: 32 bytes may be
 * read from the field's start. */
static inline ALWAYS_INLINE bool
field_cached(const yjpi__scache *c, const yjpi__field *f, bool padded,
             uint32_t *value, size_t *slot, uint64_t w[4])
{
    if (padded)
        return yjpi__scache_get_padded(c, f->ptr, f->len, value, slot, w);
    yjpi__words(f->ptr ? f->ptr : "", f->len, w);
    return yjpi__scache_get(c, w, f->len, value, slot);
}

static NOINLINE int resolve_outcome_new(yjpi_dataset *ds, const char *s, size_t n,
                                        int *code);

/* Outcome code of a field's text: the reference's outcome_map first, then
 * the code table; 0 when neither.  Results are cached per distinct text
 * (recent ones of up to 32 bytes without hashing). */
static inline ALWAYS_INLINE int
resolve_outcome(yjpi_dataset *ds, const yjpi__field *f, bool padded, int *code)
{
    if (YJPI__LIKELY(f->len <= 32)) {
        uint64_t w[4];
        size_t slot;
        uint32_t v;
        if (YJPI__LIKELY(field_cached(&ds->outcome_cache, f, padded, &v, &slot, w))) {
            *code = (int)v;
            return YJPI_OK;
        }
        int rc = resolve_outcome_new(ds, f->ptr, f->len, code);
        if (rc == YJPI_OK)
            yjpi__scache_put(&ds->outcome_cache, slot, f->len, w, (uint32_t)*code);
        return rc;
    }
    return resolve_outcome_new(ds, f->ptr, f->len, code);
}

/* resolve_outcome() for a text not in the cache. */
static int resolve_outcome_new(yjpi_dataset *ds, const char *s, size_t n, int *code)
{
    uint32_t i = yjpi__strtab_find(&ds->outcome_texts, s, n);
    if (i != UINT32_MAX) {
        *code = ds->outcome_codes[i];
        return YJPI_OK;
    }
    int c = 0;
    const char *mapped = yjpi_reference_map_outcome(ds->ref, s, n);
    if (mapped)
        c = yjpi_outcome_from_name(mapped, strlen(mapped));
    else
        c = yjpi_outcome_from_name(s, n);
    *code = c;
    size_t have = yjpi__strtab_count(&ds->outcome_texts);
    if (have >= YJPI__OUTCOME_CACHE_MAX)
        return YJPI_OK;
    if (have >= ds->cap_outcome_codes) {
        size_t nc = ds->cap_outcome_codes ? ds->cap_outcome_codes * 2 : 32;
        uint8_t *p = yjpi__realloc(ds->outcome_codes, nc);
        if (!p)
            return YJPI_E_NOMEM;
        ds->outcome_codes = p;
        ds->cap_outcome_codes = nc;
    }
    int rc = yjpi__strtab_intern(&ds->outcome_texts, s, n, &i);
    if (rc)
        return rc;
    ds->outcome_codes[i] = (uint8_t)c;
    return YJPI_OK;
}

static NOINLINE int intern_new(yjpi__strtab *t, yjpi__scache *c, size_t slot,
                               const uint64_t w[4], const char *s, size_t len,
                               uint32_t *out);

/* The index of a field's text in t: from the cache (texts of up to 32
 * bytes seen lately, looked up without a branch on their length when
 * `padded`), or interned. */
static inline ALWAYS_INLINE int
intern_cached(yjpi__strtab *t, yjpi__scache *c, const yjpi__field *f, bool padded,
              uint32_t *out)
{
    const char *s = f->ptr ? f->ptr : "";
    if (YJPI__LIKELY(f->len <= 32)) {
        uint64_t w[4];
        size_t slot;
        if (YJPI__LIKELY(field_cached(c, f, padded, out, &slot, w)))
            return YJPI_OK;
        return intern_new(t, c, slot, w, s, f->len, out);
    }
    return yjpi__strtab_intern(t, s, f->len, out);
}

/* intern_cached() for a text not in the cache (words w, its slot). */
static int intern_new(yjpi__strtab *t, yjpi__scache *c, size_t slot,
                      const uint64_t w[4], const char *s, size_t len, uint32_t *out)
{
    int rc = yjpi__strtab_intern_hashed(t, s, len, yjpi__words_hash(w, len), out);
    if (rc == YJPI_OK)
        yjpi__scache_put(c, slot, len, w, *out);
    return rc;
}

static int grow_rows(yjpi_dataset *ds)
{
    if (ds->n_rows >= UINT32_MAX - 1)
        return YJPI_E_LIMIT;
    size_t nc = ds->cap_rows < 1024 ? 1024 : ds->cap_rows + ds->cap_rows / 2;
    if (nc > UINT32_MAX)
        nc = UINT32_MAX;
    yjpi__row *r = yjpi__reallocarray(ds->rows, nc, sizeof *r);
    if (!r)
        return YJPI_E_NOMEM;
    ds->rows = r;
    ds->cap_rows = nc;
    yjpi__advise_huge(r, nc * sizeof *r);
    return YJPI_OK;
}

int yjpi__dataset_add_fields(yjpi_dataset *ds, const yjpi__field f[YJPI__NCOLS],
                             int *bad_col, char *msg, size_t msg_size)
{
    return yjpi__dataset_add_fields_hint(ds, f, NULL, bad_col, msg, msg_size);
}

int yjpi__dataset_add_fields_hint(yjpi_dataset *ds, const yjpi__field f[YJPI__NCOLS],
                                  const yjpi__row_hint *hint,
                                  int *bad_col, char *msg, size_t msg_size)
{
    const bool padded = hint && hint->padded;
    const int person = hint ? hint->person : YJPI__PERSON_UNKNOWN;
    const uint64_t hash = hint ? hint->hash : 0;
    int rc = YJPI_OK;
    int rl[3];
    ds->counts[YJPI_COUNT_ROWS_READ]++;
    /* The row is built in its place at the end of ds->rows (kept: counted
     * there), not copied there from the stack: a copy would load the
     * fields just stored one by one in wider words, which stalls. */
    yjpi__row spare, *row = &spare;
    int grow_rc = YJPI_OK;
    if (ds->n_rows < ds->cap_rows || (grow_rc = grow_rows(ds)) == YJPI_OK)
        row = &ds->rows[ds->n_rows];

    /* field by field, in column order */
    if (f[YJPI__COL_PERSON_ID].len == 0) {
        rc = fail(f, YJPI__COL_PERSON_ID, bad_col, msg, msg_size,
                  YJPI_E_EMPTY_FIELD, "empty required field");
        goto rejected;
    }
    if (f[YJPI__COL_PERSON_ID].len > YJPI_PERSON_ID_MAX) {
        rc = fail(f, YJPI__COL_PERSON_ID, bad_col, msg, msg_size, YJPI_E_BAD_VALUE,
                  "person_id longer than 64 bytes");
        goto rejected;
    }
    /* The person's slot in a large table is likely not in cache: start
     * loading it now, and look it up after the other fields are checked. */
    const yjpi__field *pf = &f[YJPI__COL_PERSON_ID];
    uint64_t person_hash = 0;
    bool same_person;
    if (person == YJPI__PERSON_SAME)
        same_person = true;
    else if (person == YJPI__PERSON_HASHED)
        same_person = false;
    else
        same_person = ds->last_person != UINT32_MAX &&
                      ds->persons.lengths[ds->last_person] == pf->len &&
                      yjpi__bytes_equal(yjpi__strtab_get(&ds->persons, ds->last_person),
                                        pf->ptr, pf->len);
    if (!same_person) {
        if (person == YJPI__PERSON_HASHED) {
            person_hash = hash;     /* and its slot already prefetched */
        } else {
            person_hash = padded ? yjpi__hash_padded(pf->ptr, pf->len)
                                 : yjpi__hash(pf->ptr, pf->len);
            yjpi__strtab_prefetch(&ds->persons, person_hash);
        }
    }
    /* birth_date, area (checked for being there), offence_date,
     * outcome_date: in column order */
    yjpi_date b10;
    if (f[YJPI__COL_BIRTH_DATE].len == 0) {
        rc = fail(f, YJPI__COL_BIRTH_DATE, bad_col, msg, msg_size,
                  YJPI_E_EMPTY_FIELD, "empty required field");
        goto rejected;
    }
    if ((rc = date_field_cached(ds, f, YJPI__COL_BIRTH_DATE, &row->birth, &b10,
                              bad_col, msg, msg_size)))
        goto rejected;
    if (YJPI__UNLIKELY(f[YJPI__COL_AREA].len == 1 && f[YJPI__COL_AREA].ptr[0] == '*')) {
        /* "*" names all areas together in the reference and in requests */
        rc = fail(f, YJPI__COL_AREA, bad_col, msg, msg_size, YJPI_E_BAD_VALUE,
                  "\"*\" is not an area code (it stands for all areas together)");
        goto rejected;
    }
    if (f[YJPI__COL_AREA].len == 0 || f[YJPI__COL_OFFENCE_DATE].len == 0 ||
        f[YJPI__COL_OUTCOME_DATE].len == 0) {
        int c = f[YJPI__COL_AREA].len == 0 ? YJPI__COL_AREA
              : f[YJPI__COL_OFFENCE_DATE].len == 0 ? YJPI__COL_OFFENCE_DATE
              : YJPI__COL_OUTCOME_DATE;
        if (c == YJPI__COL_OUTCOME_DATE &&
            (rc = date_field_cached(ds, f, YJPI__COL_OFFENCE_DATE, &row->offence,
                                  NULL, bad_col, msg, msg_size)))
            goto rejected;
        rc = fail(f, c, bad_col, msg, msg_size, YJPI_E_EMPTY_FIELD,
                  "empty required field");
        goto rejected;
    }
    if ((rc = date_field_cached(ds, f, YJPI__COL_OFFENCE_DATE, &row->offence, NULL,
                              bad_col, msg, msg_size)) ||
        (rc = date_field_cached(ds, f, YJPI__COL_OUTCOME_DATE, &row->outcome, NULL,
                              bad_col, msg, msg_size)))
        goto rejected;
    const yjpi__field *of = &f[YJPI__COL_OUTCOME];
    if (of->len == 0) {
        rc = fail(f, YJPI__COL_OUTCOME, bad_col, msg, msg_size,
                  YJPI_E_EMPTY_FIELD, "empty required field");
        goto rejected;
    }
    int code = 0;
    rc = resolve_outcome(ds, of, padded, &code);
    if (rc)
        goto fatal;
    if (code == 0) {
        rc = fail(f, YJPI__COL_OUTCOME, bad_col, msg, msg_size,
                  YJPI_E_UNKNOWN_OUTCOME,
                  "unknown outcome code, not mapped in the reference");
        goto rejected;
    }
    row->outcome_code = (uint8_t)code;
    row->tier = yjpi__outcomes[code].tier;
    /* release_date only means something for custody; elsewhere it is
     * ignored without being checked (documented in dataset.h). */
    row->release = YJPI_NO_DATE;
    if (row->tier == YJPI_TIER_CUSTODY && f[YJPI__COL_RELEASE_DATE].len) {
        rc = date_field(f, YJPI__COL_RELEASE_DATE, rl, &row->release, bad_col,
                        msg, msg_size);
        if (rc)
            goto rejected;
    }
    const yjpi__field *sx = &f[YJPI__COL_SEX];
    row->sex = YJPI_SEX_UNKNOWN;
    if (sx->len) {
        char c = sx->len == 1 ? (char)(sx->ptr[0] | 0x20) : 0;
        if (c == 'm')
            row->sex = YJPI_SEX_MALE;
        else if (c == 'f')
            row->sex = YJPI_SEX_FEMALE;
        else if (c != 'u') {
            rc = fail(f, YJPI__COL_SEX, bad_col, msg, msg_size, YJPI_E_BAD_VALUE,
                      "invalid sex, expected M, F, U or empty");
            goto rejected;
        }
    }
    const yjpi__field *br = &f[YJPI__COL_BREACH];
    row->breach = 0;
    if (br->len) {
        if (br->len == 1 && (br->ptr[0] == '0' || br->ptr[0] == '1')) {
            row->breach = (uint8_t)(br->ptr[0] - '0');
        } else {
            rc = fail(f, YJPI__COL_BREACH, bad_col, msg, msg_size, YJPI_E_BAD_VALUE,
                      "invalid breach flag, expected 1, 0 or empty");
            goto rejected;
        }
    }

    /* across fields */
    char what[96], day[16];
    if (row->birth > row->offence) {
        yjpi_date_format(row->offence, day, sizeof day);
        snprintf(what, sizeof what, "birth date after offence date %s", day);
        rc = fail(f, YJPI__COL_BIRTH_DATE, bad_col, msg, msg_size,
                  YJPI_E_BIRTH_AFTER_OFFENCE, what);
        goto rejected;
    }
    if (row->outcome < row->offence) {
        yjpi_date_format(row->offence, day, sizeof day);
        snprintf(what, sizeof what, "outcome date before offence date %s", day);
        rc = fail(f, YJPI__COL_OUTCOME_DATE, bad_col, msg, msg_size,
                  YJPI_E_OUTCOME_BEFORE_OFFENCE, what);
        goto rejected;
    }
    if (row->release != YJPI_NO_DATE && row->release < row->outcome) {
        yjpi_date_format(row->outcome, day, sizeof day);
        snprintf(what, sizeof what, "release date before outcome date %s", day);
        rc = fail(f, YJPI__COL_RELEASE_DATE, bad_col, msg, msg_size,
                  YJPI_E_RELEASE_BEFORE_OUTCOME, what);
        goto rejected;
    }

    /* valid: excluded by a rule, or kept */
    if (row->tier == YJPI_TIER_INFORMAL) {
        ds->counts[YJPI_COUNT_ROWS_EXCLUDED]++;
        ds->counts[YJPI_COUNT_EXCLUDED_INFORMAL]++;
        return YJPI_OK;
    }
    if ((ds->opts.age_basis == YJPI_AGE_OUTCOME_DATE ? row->outcome : row->offence) < b10) {
        ds->counts[YJPI_COUNT_ROWS_EXCLUDED]++;
        ds->counts[YJPI_COUNT_EXCLUDED_UNDER_10]++;
        return YJPI_OK;
    }
    if (row == &spare) {
        rc = grow_rc;
        goto fatal;
    }
    if ((rc = intern_cached(&ds->ethnicities, &ds->ethnicity_cache,
                            &f[YJPI__COL_ETHNICITY], padded, &row->ethnicity)) ||
        (rc = intern_cached(&ds->offence_types, &ds->offence_type_cache,
                            &f[YJPI__COL_OFFENCE_TYPE], padded, &row->offence_type)) ||
        (rc = intern_cached(&ds->areas, &ds->area_cache, &f[YJPI__COL_AREA], padded,
                            &row->area)))
        goto fatal;
    if (same_person) {
        row->person = ds->last_person;
    } else {
        if ((rc = yjpi__strtab_intern_hashed(&ds->persons, pf->ptr, pf->len,
                                             person_hash, &row->person)))
            goto fatal;
        ds->last_person = row->person;
    }
    ds->n_rows++;
    ds->counts[YJPI_COUNT_ROWS_KEPT]++;
    if (row->tier == YJPI_TIER_CUSTODY && row->release == YJPI_NO_DATE)
        ds->counts[YJPI_COUNT_CUSTODY_NO_RELEASE]++;
    if (ds->first_outcome == YJPI_NO_DATE || row->outcome < ds->first_outcome)
        ds->first_outcome = row->outcome;
    if (ds->last_outcome == YJPI_NO_DATE || row->outcome > ds->last_outcome)
        ds->last_outcome = row->outcome;
    return YJPI_OK;

rejected:
    ds->counts[YJPI_COUNT_ROWS_REJECTED]++;
    ds->rejected[rc]++;
    return rc;
fatal:
    ds->counts[YJPI_COUNT_ROWS_READ]--;
    return rc;
}

/* ---- Records from code --------------------------------------------------- */

int yjpi_dataset_add_record(yjpi_dataset *ds, const yjpi_record *rec,
                            yjpi_error *err)
{
    yjpi__error_clear(err);
    if (!ds || !rec || rec->size < offsetof(yjpi_record, release_date))
        return yjpi__error_set(err, YJPI_E_ARGUMENT, "<record>", 0, 0,
                               "invalid argument (NULL dataset or record, "
                               "or record size not set)");
    if (ds->reading)
        return yjpi__error_set(err, YJPI_E_STATE, "<record>", 0, 0,
                               "dataset is being read (a progress callback "
                               "may not add records)");
    if (ds->finished)
        return yjpi__error_set(err, YJPI_E_STATE, "<record>", 0, 0,
                               "dataset already finished");
    uint64_t n = ++ds->record_calls;
#define OPT(m) (rec->size >= offsetof(yjpi_record, m) + sizeof rec->m ? rec->m : NULL)
    const char *v[YJPI__NCOLS] = {
        rec->person_id, rec->birth_date, rec->area, rec->offence_date,
        rec->outcome_date, rec->outcome, OPT(release_date), OPT(sex),
        OPT(ethnicity), OPT(offence_type), OPT(breach),
    };
#undef OPT
    yjpi__field f[YJPI__NCOLS];
    char q[256];
    for (int c = 0; c < YJPI__NCOLS; c++) {
        f[c].ptr = v[c] ? v[c] : "";
        f[c].len = v[c] ? strlen(v[c]) : 0;
        /* the structural checks the CSV reader makes on bytes */
        int code = 0;
        const char *what = NULL;
        if (f[c].len > YJPI__FIELD_MAX) {
            code = YJPI_E_TOO_LONG;
            what = "field longer than 4096 bytes";
        } else if (yjpi__utf8_valid_prefix(f[c].ptr, f[c].len) != f[c].len) {
            code = YJPI_E_ENCODING;
            what = "invalid UTF-8";
        }
        if (code) {
            yjpi__dataset_reject(ds, code);
            yjpi__quote_value(q, sizeof q, f[c].ptr, f[c].len);
            return yjpi__error_set(err, code, "<record>", n, (uint64_t)c + 1,
                                   "%s (column %s, value \"%s\")", what,
                                   yjpi__column_names[c], q);
        }
    }
    char msg[YJPI_ERROR_MESSAGE_SIZE];
    int bad = 0;
    int rc = yjpi__dataset_add_fields(ds, f, &bad, msg, sizeof msg);
    if (rc == YJPI_OK)
        return YJPI_OK;
    if (rc == YJPI_E_NOMEM || rc == YJPI_E_LIMIT)
        return yjpi__error_set(err, rc, "<record>", n, 0, "%s",
                               yjpi_strerror(rc));
    return yjpi__error_set(err, rc, "<record>", n, (uint64_t)bad + 1, "%s", msg);
}

/* ---- Finishing: sort by person, outcome date, offence date, input order -- */

static inline bool row_before(const yjpi__row *a, const yjpi__row *b)
{
    return a->outcome < b->outcome ||
           (a->outcome == b->outcome && a->offence < b->offence);
}

/* Stable sort of r[0..n) by (outcome, offence); tmp holds n / 2 + 1 rows
 * (unused when n <= 16). */
static void sort_rows(yjpi__row *r, size_t n, yjpi__row *tmp)
{
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            if (!row_before(&r[i], &r[i - 1]))
                continue;
            yjpi__row x = r[i];
            size_t j = i;
            do {
                r[j] = r[j - 1];
                j--;
            } while (j > 0 && row_before(&x, &r[j - 1]));
            r[j] = x;
        }
        return;
    }
    size_t h = n / 2;
    sort_rows(r, h, tmp);
    sort_rows(r + h, n - h, tmp);
    if (!row_before(&r[h], &r[h - 1]))
        return;
    memcpy(tmp, r, h * sizeof *r);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        r[k++] = row_before(&r[j], &tmp[i]) ? r[j++] : tmp[i++];
    while (i < h)
        r[k++] = tmp[i++];
}

/* Whether r[0..n) is in (outcome, offence) order already. */
static inline bool rows_sorted(const yjpi__row *r, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (row_before(&r[i], &r[i - 1]))
            return false;
    return true;
}

/* check_rows() over rows [i0, i1) (each compared with the row before),
 * not writing the start of person `skip` (UINT32_MAX: none). */
typedef struct check_job {
    const yjpi__row *rows;
    size_t i0, i1;
    size_t *start;
    uint32_t skip;
    unsigned down, unsorted;
} check_job;

static void check_range(check_job *j)
{
    const yjpi__row *rows = j->rows;
    size_t *start = j->start;
    const uint32_t skip = j->skip;
    unsigned down = 0, unsorted = 0;
    size_t spare;
    for (size_t i = j->i0; i < j->i1; i++) {
        const yjpi__row *a = &rows[i - 1], *b = &rows[i];
#if defined(__GNUC__)
        __builtin_prefetch((const char *)b + 2048);
#endif
        const unsigned same = b->person == a->person;
        const unsigned before = (b->outcome < a->outcome) |
            ((b->outcome == a->outcome) & (b->offence < a->offence));
        down |= b->person < a->person;
        unsorted |= same & before;
        /* relaxed: in rows not grouped by person the two halves may write
         * one entry, and the entries are then not used */
        size_t *to = b->person == skip ? &spare : &start[(size_t)b->person + 1];
        __atomic_store_n(to, i + 1, __ATOMIC_RELAXED);
    }
    j->down = down;
    j->unsorted = unsorted;
}

static void *check_thread(void *arg)
{
    check_range(arg);
    return NULL;
}


/*
 * The rows as read are normally grouped by person already, persons being
 * numbered in first-seen order, and each person's rows are often in order
 * too: then there is nothing to move.  One pass that moves nothing finds
 * out (*grouped: the person never decreases from a row to the next;
 * *in_order: neither do (outcome, offence) within a person) and sets
 * start[p + 1] to one past the last row of each person p that has rows
 * (meaningful when grouped).  Straight-line code: no branch depends on the
 * data.  Large datasets are checked in two halves on two threads; the
 * first leaves the person whose rows run into the second to the second.
 */
static void check_rows(const yjpi__row *rows, size_t n, size_t *start,
                       bool two_ok, bool *grouped, bool *in_order)
{
    if (n)
        start[(size_t)rows[0].person + 1] = 1;
    size_t min = yjpi__tune.check_parallel_min ? yjpi__tune.check_parallel_min : 1000000;
    check_job j[2] = {
        { rows, 1, n, start, UINT32_MAX, 0, 0 },
        { rows, n, n, start, UINT32_MAX, 0, 0 },
    };
    yjpi__thread tid;
    bool two = false;
    if (two_ok && n >= min && n >= 4 && yjpi__allocator_is_default()) {
        size_t mid = n / 2;
        j[0].i1 = mid;
        j[0].skip = rows[mid].person;
        j[1].i0 = mid;
        two = yjpi__thread_start(&tid, check_thread, &j[1]);
        if (two)
            __atomic_fetch_add(&yjpi__tune.check_parallel_runs, 1, __ATOMIC_RELAXED);
        if (!two) {
            j[0].i1 = n;
            j[0].skip = UINT32_MAX;
        }
    }
    if (two && yjpi__tune.check_second_first) {
        /* tests: the second half's starts written before the first's */
        yjpi__thread_join(&tid);
        two = false;
    }
    check_range(&j[0]);
    if (two)
        yjpi__thread_join(&tid);
    *grouped = !(j[0].down | j[1].down);
    *in_order = !(j[0].unsorted | j[1].unsorted);
}

typedef struct {
    const char *code;
    uint32_t index;
} area_key;

static int area_cmp(const void *a, const void *b)
{
    return strcmp(((const area_key *)a)->code, ((const area_key *)b)->code);
}

/* The general case: a stable counting sort of the rows by person into
 * start[] (zeroed, np + 1 entries), then each person's rows sorted.  Only
 * allocation failures can fail it, before any row moves. */
static int sort_by_person(yjpi__row *rows, size_t n, size_t *start, size_t np)
{
    uint32_t *pos = yjpi__malloc((n ? n : 1) * sizeof *pos);
    if (!pos)
        return YJPI_E_NOMEM;
    for (size_t i = 0; i < n; i++)
        start[rows[i].person]++;
    size_t most = 0, sum = 0;
    for (size_t p = 0; p < np; p++) {
        size_t c = start[p];
        if (c > most)
            most = c;
        start[p] = sum;
        sum += c;
    }
    yjpi__row *tmp = NULL;
    if (most > 16) {
        tmp = yjpi__malloc((most / 2 + 1) * sizeof *tmp);
        if (!tmp) {
            yjpi__free(pos);
            return YJPI_E_NOMEM;
        }
    }
    /* from here on nothing can fail */
    for (size_t i = 0; i < n; i++)
        pos[i] = (uint32_t)start[rows[i].person]++;
    memmove(start + 1, start, np * sizeof *start);
    start[0] = 0;
    /* apply the permutation in place: row i goes to pos[i] */
    for (size_t i = 0; i < n; i++) {
        while (pos[i] != i) {
            uint32_t j = pos[i];
            yjpi__row t = rows[j];
            rows[j] = rows[i];
            rows[i] = t;
            pos[i] = pos[j];
            pos[j] = j;
        }
    }
    for (size_t p = 0; p < np; p++) {
        size_t len = start[p + 1] - start[p];
        if (len > 1 && !rows_sorted(rows + start[p], len))
            sort_rows(rows + start[p], len, tmp);
    }
    yjpi__free(tmp);
    yjpi__free(pos);
    return YJPI_OK;
}

int yjpi_dataset_finish(yjpi_dataset *ds)
{
    if (!ds)
        return YJPI_E_ARGUMENT;
    if (ds->reading)
        return YJPI_E_STATE;
    if (ds->finished)
        return YJPI_OK;
    size_t n = ds->n_rows;
    size_t np = yjpi__strtab_count(&ds->persons);
    size_t na = yjpi__strtab_count(&ds->areas);
    if (n && n < ds->cap_rows) {
        /* give back the growth slack before the sort needs memory */
        yjpi__row *r = yjpi__reallocarray(ds->rows, n, sizeof *r);
        if (r) {
            ds->rows = r;
            ds->cap_rows = n;
        }
    }
    size_t *start = yjpi__calloc(np + 1, sizeof *start);
    uint32_t *order = yjpi__malloc((na ? na : 1) * sizeof *order);
    area_key *keys = yjpi__malloc((na ? na : 1) * sizeof *keys);
    if (!start || !order || !keys)
        goto nomem;
    yjpi__row *rows = ds->rows;
    bool grouped, in_order;
    check_rows(rows, n, start, !ds->one_thread, &grouped, &in_order);
    if (grouped) {
        /* persons without rows (none normally) end where the one before */
        size_t most = 0;
        for (size_t p = 0; p < np; p++) {
            size_t end = start[p + 1] > start[p] ? start[p + 1] : start[p];
            size_t len = end - start[p];
            most = len > most ? len : most;
            start[p + 1] = end;
        }
        if (!in_order) {
            yjpi__row *tmp = NULL;
            if (most > 16 && !(tmp = yjpi__malloc((most / 2 + 1) * sizeof *tmp)))
                goto nomem;
            for (size_t p = 0; p < np; p++) {
                size_t len = start[p + 1] - start[p];
                if (len > 1 && !rows_sorted(rows + start[p], len))
                    sort_rows(rows + start[p], len, tmp);
            }
            yjpi__free(tmp);
        }
    } else {
        memset(start, 0, (np + 1) * sizeof *start);
        if (sort_by_person(rows, n, start, np) != YJPI_OK)
            goto nomem;
    }
    for (size_t a = 0; a < na; a++) {
        keys[a].code = yjpi__strtab_get(&ds->areas, (uint32_t)a);
        keys[a].index = (uint32_t)a;
    }
    if (na > 1)
        qsort(keys, na, sizeof *keys, area_cmp);
    for (size_t a = 0; a < na; a++)
        order[a] = keys[a].index;
    yjpi__free(keys);
    ds->person_start = start;
    ds->area_order = order;
    ds->finished = true;
    return YJPI_OK;
nomem:
    yjpi__free(start);
    yjpi__free(order);
    yjpi__free(keys);
    return YJPI_E_NOMEM;
}


/* ---- Queries ------------------------------------------------------------- */

uint64_t yjpi_dataset_count(const yjpi_dataset *ds, int what)
{
    if (!ds)
        return 0;
    switch (what) {
    case YJPI_COUNT_PERSONS:
        return yjpi__strtab_count(&ds->persons);
    case YJPI_COUNT_AREAS:
        return yjpi__strtab_count(&ds->areas);
    case YJPI_COUNT_ROWS_READ:
    case YJPI_COUNT_ROWS_KEPT:
    case YJPI_COUNT_ROWS_REJECTED:
    case YJPI_COUNT_ROWS_EXCLUDED:
    case YJPI_COUNT_EXCLUDED_INFORMAL:
    case YJPI_COUNT_EXCLUDED_UNDER_10:
    case YJPI_COUNT_CUSTODY_NO_RELEASE:
    case YJPI_COUNT_BYTES_READ:
        return ds->counts[what];
    default:
        return 0;
    }
}

uint64_t yjpi_dataset_rejected(const yjpi_dataset *ds, int code)
{
    if (!ds || code < 0 || code > YJPI_CODE_MAX_)
        return 0;
    return ds->rejected[code];
}

size_t yjpi_dataset_message_count(const yjpi_dataset *ds)
{
    return ds ? ds->n_messages : 0;
}

const char *yjpi_dataset_message(const yjpi_dataset *ds, size_t i)
{
    return ds && i < ds->n_messages ? ds->messages[i] : NULL;
}

size_t yjpi_dataset_note_count(const yjpi_dataset *ds)
{
    return ds ? ds->n_notes : 0;
}

const char *yjpi_dataset_note(const yjpi_dataset *ds, size_t i)
{
    return ds && i < ds->n_notes ? ds->notes[i] : NULL;
}

int yjpi__dataset_missing_column(yjpi_dataset *ds, int col, const char *note)
{
    if (ds->missing[col])
        return YJPI_OK;
    ds->missing[col] = yjpi__strndup(note, strlen(note));
    return ds->missing[col] ? YJPI_OK : YJPI_E_NOMEM;
}

const char *yjpi_dataset_missing_column(const yjpi_dataset *ds, const char *column)
{
    if (!ds || !column)
        return NULL;
    for (int c = YJPI__COL_OUTCOME + 1; c < YJPI__NCOLS; c++)
        if (!strcmp(yjpi__column_names[c], column))
            return ds->missing[c];
    return NULL;
}

const char *yjpi_dataset_area(const yjpi_dataset *ds, size_t i)
{
    if (!ds || !ds->finished || i >= yjpi__strtab_count(&ds->areas))
        return NULL;
    return yjpi__strtab_get(&ds->areas, ds->area_order[i]);
}

yjpi_date yjpi_dataset_first_outcome(const yjpi_dataset *ds)
{
    return ds ? ds->first_outcome : YJPI_NO_DATE;
}

yjpi_date yjpi_dataset_last_outcome(const yjpi_dataset *ds)
{
    return ds ? ds->last_outcome : YJPI_NO_DATE;
}

int yjpi__validator_date(const char *s, size_t n, yjpi_date *out)
{
    int ymd[3];
    return yjpi__date_parse_fast(s, n, ymd, out);
}
