/*
 * yjpi/cohort.h - the members of a reoffending cohort (the "live tracker").
 *
 * yjpi_compute() reports a cohort's size, re-offenders and re-offences; this
 * API lists the persons behind those numbers: for each cohort member the
 * index date and outcome, the re-offences proven so far, when the follow-up
 * and waiting periods end and how many days of follow-up are left on the
 * data's as_of date.  It replaces the spreadsheet trackers teams keep by hand.
 *
 * The rules are exactly those of yjpi/indicators.h (docs/indicators.md section 5),
 * so the member list always adds up to yjpi_compute()'s figures for the same
 * dataset, reference (options, as_of), area and period:
 *
 * - Index events are rows of a young person (age 10-17 on the row's age date,
 *   option age_basis) with a formal non-custodial outcome dated in the cohort
 *   (index date = outcome_date) or a custodial outcome released in it (index
 *   date = release_date).  A person's index date is the earliest index event
 *   in the cohort (the first row in the dataset's order on a tie); the
 *   member's area and index outcome are that row's.
 * - With option cohort_months 3 a period of a multiple of 3 months longer
 *   than 3 is split into consecutive 3-month cohorts that are pooled: a
 *   person may then be a member several times, once per 3-month cohort,
 *   each time with its own index date (yjpi_cohort_member.cohort says which).
 *   Otherwise the period is one cohort.
 * - A re-offence is a row of the person with index < offence_date <=
 *   followup_end, outcome_date <= waiting_end and <= as_of, and breach 0.
 * - as_of is the reference's, else the dataset's last outcome_date.
 * - A period ending after as_of lists the members so far (index dates up to
 *   as_of, custodial rows without release date up to as_of), as
 *   yjpi_compute() counts a partial period; a period starting after as_of
 *   is YJPI_E_RANGE ("period 2027/28 starts after the data's as_of date
 *   2025-05-31").
 *
 * Handles are opaque and independent of the dataset and reference once
 * built.  Threading: a built cohort is read-only and may be queried from any
 * number of threads.
 */
#ifndef YJPI_COHORT_H
#define YJPI_COHORT_H

#include "common.h"
#include "date.h"
#include "reference.h"
#include "dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct yjpi_cohort yjpi_cohort;

/** One membership of the cohort.  Growable: set size (YJPI_INIT) before
 *  yjpi_cohort_get(). */
typedef struct yjpi_cohort_member {
    size_t size;
    const char *person_id;     /**< owned by the cohort handle */
    const char *area;          /**< area of the index event; owned by the handle */
    yjpi_period cohort;        /**< the (3-month or whole) cohort this
                                    membership belongs to */
    yjpi_date index_date;      /**< outcome_date, or release_date for custody */
    int32_t index_outcome;     /**< yjpi_outcome of the index event */
    int32_t index_custodial;   /**< 1 when the index event is a release */
    yjpi_date followup_end;    /**< index + followup_months: the last day an
                                    offence can count */
    yjpi_date waiting_end;     /**< index + followup + waiting months: the
                                    last day its outcome can count */
    uint64_t reoffences;       /**< re-offences proven by as_of */
    yjpi_date first_reoffence; /**< offence date of the earliest counted
                                    re-offence, YJPI_NO_DATE when none */
    /** Days of follow-up left after as_of (followup_end - as_of), 0 when
     *  the follow-up is over. */
    int64_t followup_days_left;
    /** Days until the membership is final (waiting_end - as_of), 0 when
     *  it is final. */
    int64_t days_to_final;
    int32_t provisional;       /**< 1 when waiting_end is after as_of */
} yjpi_cohort_member;

/** Totals of a cohort (yjpi_cohort_count()). */
typedef enum yjpi_cohort_total {
    YJPI_COHORT_SIZE = 0,          /**< memberships (C) */
    YJPI_COHORT_REOFFENDERS = 1,   /**< memberships with >= 1 re-offence (R) */
    YJPI_COHORT_REOFFENCES = 2,    /**< re-offences (O) */
    YJPI_COHORT_PROVISIONAL = 3,   /**< memberships not yet final */
    YJPI_COHORT_CUSTODY_NO_RELEASE = 4, /**< custodial rows of young people
                                         in the area, outcome_date in the
                                         period, without release_date (not
                                         index events; reported so nobody is
                                         lost silently) */
    YJPI_COHORT_SUBCOHORTS = 5     /**< cohorts the period was split into */
} yjpi_cohort_total;

/**
 * Lists the members of the reoffending cohort for `period` and `area`.
 * @param[in]  ds      finished dataset (YJPI_E_STATE otherwise)
 * @param[in]  ref     options and as_of; may be NULL (defaults, as_of = the
 *                     dataset's last outcome_date)
 * @param[in]  area    area code, or NULL / "*" for all areas together; an
 *                     area without rows gives an empty cohort
 * @param[in]  period  the cohort period (non-empty, years 1..9998)
 * @param[out] out     new handle owned by the caller (yjpi_cohort_free);
 *                     NULL on failure
 * @param[out] err     may be NULL
 * @return YJPI_OK, YJPI_E_ARGUMENT (NULL ds/period/out, bad period),
 *         YJPI_E_STATE, YJPI_E_NOMEM, YJPI_E_RANGE (the period starts
 *         after as_of) (nothing leaks; *out is NULL).
 */
YJPI_API int yjpi_cohort_build(const yjpi_dataset *ds, const yjpi_reference *ref,
                               const char *area, const yjpi_period *period,
                               yjpi_cohort **out, yjpi_error *err);
/** Releases a cohort; NULL is allowed. */
YJPI_API void yjpi_cohort_free(yjpi_cohort *c);

/** Number of memberships (0 for NULL).  Same as
 *  yjpi_cohort_count(c, YJPI_COHORT_SIZE). */
YJPI_API size_t yjpi_cohort_member_count(const yjpi_cohort *c);
/**
 * Copies membership i into *out (min(out->size, sizeof) bytes).  Members are
 * ordered by index date, then person_id (bytewise), then cohort start.
 * @return YJPI_OK, or YJPI_E_ARGUMENT (NULL, i out of range, out->size 0).
 */
YJPI_API int yjpi_cohort_get(const yjpi_cohort *c, size_t i,
                             yjpi_cohort_member *out);
/** A total (yjpi_cohort_total); 0 for NULL or an unknown kind. */
YJPI_API uint64_t yjpi_cohort_count(const yjpi_cohort *c, int what);
/** 1 when the cohort is provisional, as yjpi_value.provisional defines it
 *  (a member not yet final; an empty cohort when (period end - 1 day) +
 *  followup + waiting months is after as_of); 0 otherwise or for NULL. */
YJPI_API int yjpi_cohort_provisional(const yjpi_cohort *c);
/** The as_of date used (YJPI_NO_DATE for NULL or an empty dataset). */
YJPI_API yjpi_date yjpi_cohort_as_of(const yjpi_cohort *c);
/** The period asked for (all zero for NULL). */
YJPI_API yjpi_period yjpi_cohort_period(const yjpi_cohort *c);
/** The area asked for ("*" for all areas); owned by the handle; NULL for NULL. */
YJPI_API const char *yjpi_cohort_area(const yjpi_cohort *c);

#ifdef __cplusplus
}
#endif
#endif
