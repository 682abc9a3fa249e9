/*
 * yjpi/indicators.h - first time entrants, proven reoffending and custody,
 * with breakdowns, disproportionality and confidence intervals.
 *
 * A request names indicators, areas and periods (and optionally a breakdown);
 * yjpi_compute() answers all of it from one pass over the finished dataset
 * and returns a results handle holding one yjpi_value per
 * (indicator, area, period, group).
 *
 * How the numbers are made (docs/indicators.md sections 1-8; the choices the
 * spec leaves open are fixed here):
 *
 * - One pass.  All indicators x areas x periods x groups of a request come
 *   from one walk over the persons of the finished dataset (each person's
 *   rows once), adding into flat accumulators indexed by (area, period,
 *   group).  A date's periods are found by binary search over the sorted
 *   period boundaries, so overlapping periods (quarters and years in one
 *   request) cost no extra scan.
 * - Young person: age 10-17 (yjpi_age) on the row's age date (option
 *   age_basis).  Every kept row is formal (the dataset drops informal rows).
 * - FTE: the person's earliest kept row (rows are in (outcome_date,
 *   offence_date) order).  It counts in period P for area A when its
 *   outcome_date is in P, the person is a young person on its age date and
 *   its area is A; once per person ever.  fte_rate = count / population x
 *   100,000 with the population of yjpi_period_population_year(P).
 *   history_short = 1 when the reference has history_start and P.start <
 *   history_start + fte_lookback_years years.
 * - Reoffending: index events are rows with tier != custody (index date =
 *   outcome_date) and custody rows with a release_date (index date =
 *   release_date), of a young person on the row's age date.  A person's index
 *   date in a cohort is the earliest index event in it (first row on ties);
 *   area and breakdown group come from that event's row.  Custody rows of a
 *   young person without release_date whose outcome_date is in the period are
 *   counted in custody_no_release (per area and group of that row).  A
 *   re-offence is a row of the person with index < offence_date <=
 *   index + followup months, outcome_date <= index + (followup + waiting)
 *   months, outcome_date <= as_of (later outcomes are not yet known) and
 *   breach == 0; each such row counts one.  as_of is the reference's, else
 *   the dataset's last outcome_date.  provisional = 1 when some member's
 *   index + followup + waiting months is after as_of (empty cohort: when
 *   (P.end - 1) + followup + waiting months is after as_of).
 *   Cohorts: with option cohort_months 3 a period spanning a multiple of 3
 *   months longer than 3 (years, rolling 12 months, whole-quarter ranges) is
 *   split into consecutive 3-month cohorts that are pooled (C, R, O summed; a
 *   person may count in several); otherwise the period is one cohort.
 *   binary_rate = 100 R / C (Wilson x 100), numerator R, denominator C;
 *   frequency_rate = O / C, numerator O, denominator C, reoffences_per_
 *   reoffender = O / R, numerator O, denominator R, both with the t interval
 *   of the mean of the per-member counts (pooled members are separate
 *   observations; yjpi_ci_mean_stats).  A lower limit below the measure's
 *   floor (0 for frequency_rate, 1 for reoffences_per_reoffender) is cut
 *   at the floor and the value flagged interval_truncated.
 * - Custody: a sentencing occasion is the rows of one person with the same
 *   outcome_date and tier group (pre-court / court); its tier is the most
 *   severe, and area, age and group come from its first row of that tier.
 *   Court occasions of young people with outcome_date in P are counted in
 *   court_occasions; custody_count = those whose tier is custody;
 *   custody_rate per 1,000 population; custody_share = 100 x custody / court
 *   occasions (Wilson x 100).
 * - Counts get the Poisson interval of the count (yjpi_ci_poisson); rates the
 *   same interval scaled by multiplier / population.
 * - All areas together ("*"): a rate's numerator and denominator cover the
 *   same areas.  The population of "*" is the reference's own "*"
 *   population for the year when it has one; otherwise the sum over the
 *   areas that have a population for the year, provided every area of the
 *   data counting someone in the value (FTE persons for fte_rate, custodial
 *   occasions for custody_rate) has one.  If one does not, the "*" rate is
 *   YJPI_NC_POPULATION_INCOMPLETE and areas_without_population says how
 *   many such areas there are; if no area has a population for the year,
 *   YJPI_NC_NO_POPULATION.  The same holds for each ethnic group of "*"
 *   (`*` / `AREA/ethnicity` populations of the group) and for
 *   yjpi_disproportionality() of "*".
 * - Not computable (status != 0; value, lower, upper are 0): population
 *   missing (YJPI_NC_NO_POPULATION) or 0 (YJPI_NC_ZERO_POPULATION), or
 *   incomplete for "*" (YJPI_NC_POPULATION_INCOMPLETE); empty
 *   cohort for binary_rate and frequency_rate (YJPI_NC_EMPTY_COHORT); no
 *   re-offenders for reoffences_per_reoffender and no court occasions for
 *   custody_share (YJPI_NC_ZERO_DENOMINATOR).  A value is never NaN or
 *   infinite: a result that overflows (a rate over a population so small
 *   that count / population x 100,000 is not a finite double) is
 *   YJPI_NC_NOT_FINITE.  When the value is computable but its interval is
 *   not (a t interval from one observation: YJPI_NC_TOO_FEW; a limit that
 *   is not finite: YJPI_NC_NOT_FINITE), interval_status says why and
 *   lower = upper = value.
 * - Breakdowns: the total row (group NULL) and one row per group with a
 *   non-zero base (FTE persons, cohort members or custody_no_release rows,
 *   court occasions).  Groups add up to the total.  Group rates need a group
 *   population: ethnicity groups use `AREA/ethnicity` (for "*" its own
 *   `"*"/ethnicity` population, else the sum over areas as above); area groups
 *   use the area's own population; other dimensions give
 *   YJPI_NC_NO_POPULATION.  Ethnicity and offence_type groups are the
 *   file's values with "" named "unknown" (a literal "unknown" joins it).
 *   Groups are listed in byte order of their labels.
 *
 * Data coverage (complete, partial and out-of-range periods)
 * ----------------------------------------------------------
 * The data covers outcomes up to as_of (the reference's, else the dataset's
 * last outcome_date) and back to the reference's history_start (else the
 * dataset's earliest kept outcome_date).
 * - A period that starts after as_of has no data: yjpi_compute() fails with
 *   YJPI_E_RANGE and a message naming the period and as_of ("period
 *   2027/28 starts after the data's as_of date 2025-05-31"), never values
 *   from zero counts.
 * - A period that ends after as_of is partial: every indicator is computed
 *   over period.start .. as_of only (FTE and custody events with
 *   outcome_date up to as_of; reoffending cohorts of the members whose
 *   index date is up to as_of, each 3-month cohort of a pooled period cut
 *   at as_of and one starting after as_of left out).  The value keeps the
 *   period asked for, with partial = 1 and covered_to = as_of; rates use
 *   the population of the whole period's year.  A partial reoffending
 *   cohort is also provisional.
 * - A period that starts before the data has before_data = 1 (for every
 *   indicator): its counts only hold what the data holds.
 * - With no as_of (no reference as_of and no rows) nothing is flagged.
 */
#ifndef YJPI_INDICATORS_H
#define YJPI_INDICATORS_H

#include "common.h"
#include "date.h"
#include "reference.h"
#include "dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Indicators; numbered, never renumbered.  Names as in the spec. */
typedef enum yjpi_indicator {
    YJPI_FTE_COUNT = 1,                 /**< "fte_count" */
    YJPI_FTE_RATE = 2,                  /**< "fte_rate", per 100,000 10-17 */
    YJPI_BINARY_RATE = 3,               /**< "binary_rate", percent */
    YJPI_FREQUENCY_RATE = 4,            /**< "frequency_rate", re-offences per cohort member */
    YJPI_REOFFENCES_PER_REOFFENDER = 5, /**< "reoffences_per_reoffender" */
    YJPI_CUSTODY_COUNT = 6,             /**< "custody_count" */
    YJPI_CUSTODY_RATE = 7,              /**< "custody_rate", per 1,000 10-17 */
    YJPI_CUSTODY_SHARE = 8,             /**< "custody_share", percent of court occasions */
    YJPI_INDICATOR_COUNT_ = 9
} yjpi_indicator;

/** What kind of number an indicator is (decides intervals and tests). */
typedef enum yjpi_measure {
    YJPI_MEASURE_COUNT = 1,       /**< a count (Poisson interval on the count) */
    YJPI_MEASURE_RATE = 2,        /**< count over a population (Poisson/Byar) */
    YJPI_MEASURE_PROPORTION = 3,  /**< percent (Wilson) */
    YJPI_MEASURE_MEAN = 4         /**< mean over persons (t interval) */
} yjpi_measure;

/** Polarity: which way is better. */
typedef enum yjpi_polarity {
    YJPI_POLARITY_NONE = 0,
    YJPI_POLARITY_LOWER_IS_BETTER = 1,
    YJPI_POLARITY_HIGHER_IS_BETTER = 2
} yjpi_polarity;

/** Spec name ("fte_rate"); NULL when unknown.  Static. */
YJPI_API const char *yjpi_indicator_name(int indicator);
/** Indicator from its spec name; 0 when unknown. */
YJPI_API int yjpi_indicator_from_name(const char *name);
/** yjpi_measure of an indicator, 0 when unknown. */
YJPI_API int yjpi_indicator_measure(int indicator);
/** yjpi_polarity of an indicator (lower is better for all national ones). */
YJPI_API int yjpi_indicator_polarity(int indicator);

/** Breakdown dimensions. */
typedef enum yjpi_breakdown {
    YJPI_BY_NONE = 0,
    YJPI_BY_SEX = 1,          /**< groups "M", "F", "unknown" */
    YJPI_BY_AGE = 2,          /**< groups "10".."17": age on the counted row's age date */
    YJPI_BY_AGE_BAND = 3,     /**< groups "10-14", "15-17" */
    YJPI_BY_ETHNICITY = 4,    /**< the file's values, "unknown" for empty */
    YJPI_BY_OFFENCE_TYPE = 5, /**< the file's values, "unknown" for empty */
    YJPI_BY_AREA = 6          /**< area codes */
} yjpi_breakdown;

/** Status of a value.  0 = computed; otherwise why it is not computable. */
typedef enum yjpi_value_status {
    YJPI_VALUE_OK = 0,
    YJPI_NC_NO_POPULATION = 1,     /**< population missing from the reference */
    YJPI_NC_EMPTY_COHORT = 2,      /**< reoffending cohort has no members */
    YJPI_NC_ZERO_DENOMINATOR = 3,  /**< e.g. no court occasions, no re-offenders */
    YJPI_NC_NUMERIC = 4,           /**< interval could not be computed */
    YJPI_NC_ZERO_POPULATION = 5,   /**< population is 0 */
    YJPI_NC_TOO_FEW = 6,           /**< too few observations for the interval (t with n < 2) */
    YJPI_NC_ZERO_COUNT = 7,        /**< a zero count makes a log interval undefined (RRI) */
    /** All areas together ("*") without a population of its own for the
     *  year, and some area with counted persons or occasions has none:
     *  yjpi_value.areas_without_population says how many such areas. */
    YJPI_NC_POPULATION_INCOMPLETE = 8,
    /** The arithmetic gave an infinite or NaN result (e.g. a population so
     *  small that the rate overflows): never reported as a number. */
    YJPI_NC_NOT_FINITE = 9
} yjpi_value_status;

/** Text for a value status ("population missing"); static, never NULL
 *  ("unknown status" for values outside the enum). */
YJPI_API const char *yjpi_value_status_text(int status);

/** A request.  Growable: set size (YJPI_INIT).  All-zero except the periods
 *  means: every indicator, every area in the data plus "*", no breakdown,
 *  the reference's confidence.  Results follow the order of `indicators`
 *  (NULL: ascending) and `areas` (NULL: the data's areas by code, then "*";
 *  a repeated area is reported once); an area without rows gets values from
 *  zero counts. */
typedef struct yjpi_request {
    size_t size;
    const int *indicators;        /**< yjpi_indicator values; NULL = all */
    size_t n_indicators;
    const char *const *areas;     /**< area codes, "*" = all areas together;
                                       NULL = each area in the data and "*" */
    size_t n_areas;
    const yjpi_period *periods;   /**< required, at least one */
    size_t n_periods;
    int32_t breakdown;            /**< yjpi_breakdown */
    double confidence;            /**< 0 = the reference's (0.95 by default) */
    /** Threads the computation may use: 0 = the library's choice (today two
     *  for a dataset keeping 200,000 rows or more), 1 = the calling thread
     *  only, 2 or more = up to two.  Results are identical whatever the
     *  number.  Added in 0.1: callers with an older, smaller size get 0. */
    int32_t threads;
} yjpi_request;

/** One computed value.  Growable: set size before yjpi_results_get(). */
typedef struct yjpi_value {
    size_t size;
    int32_t indicator;       /**< yjpi_indicator */
    int32_t status;          /**< yjpi_value_status; value/lower/upper are 0 unless OK */
    const char *area;        /**< area code or "*"; owned by the results */
    yjpi_period period;
    int32_t breakdown;       /**< yjpi_breakdown of the group, YJPI_BY_NONE for totals */
    const char *group;       /**< group label, NULL for totals; owned by the results */
    double value;            /**< the indicator (never rounded) */
    double lower, upper;     /**< confidence interval */
    double confidence;       /**< level of the interval, e.g. 0.95 */
    uint64_t numerator;      /**< count the value is built on (fte_count, reoffenders, reoffences, custody_count) */
    double denominator;      /**< population, cohort size, reoffenders, or court occasions */
    /* reoffending (zero for other indicators) */
    uint64_t cohort_size;
    uint64_t reoffenders;
    uint64_t reoffences;
    uint64_t custody_no_release; /**< custodial rows of young people with outcome_date in the
                                      period and no release_date (so no index event) */
    int32_t provisional;     /**< 1 when follow-up + waiting is not over by as_of */
    /* FTE */
    int32_t history_short;   /**< 1 when the extract may be too short (spec §2) */
    /* custody */
    uint64_t court_occasions;
    double population;       /**< population used (0 if none) */
    /** YJPI_VALUE_OK when [lower, upper] is a real interval; otherwise the
     *  yjpi_value_status reason it is not (then lower = upper = value).
     *  Added in 0.1: callers with an older, smaller size do not see it. */
    int32_t interval_status;
    /** 1 when the interval of a mean (frequency_rate,
     *  reoffences_per_reoffender) reached below the least value the measure
     *  can take and its lower limit was cut there: 0 re-offences per cohort
     *  member, 1 per re-offender.  Small cohorts with one or two heavy
     *  re-offenders otherwise show a negative or impossible lower limit.
     *  Added in 0.1: callers with an older, smaller size do not see it. */
    int32_t interval_truncated;
    /** 1 when the period ends after the data's as_of date (see "Data
     *  coverage" in the header comment): the value covers only
     *  period.start .. covered_to.  Added in 0.1 (with covered_to and
     *  before_data): callers with an older, smaller size do not see them. */
    int32_t partial;
    /** Last day the value covers (inclusive): as_of when partial, else 0. */
    yjpi_date covered_to;
    /** 1 when the period starts before the data does (before the
     *  reference's history_start or, without one, before the earliest kept
     *  outcome_date): a count of 0 is then no evidence of none. */
    int32_t before_data;
    /* ---- all areas together ---- */
    /** For "*" with status YJPI_NC_POPULATION_INCOMPLETE: how many areas
     *  with counted persons or occasions have no population for the year
     *  (0 otherwise).  Added in 0.1. */
    uint32_t areas_without_population;
} yjpi_value;

typedef struct yjpi_results yjpi_results;

/**
 * Computes every (indicator, area, period, group) of a request in one pass.
 * @param[in] ds   finished dataset (YJPI_E_STATE otherwise)
 * @param[in] ref  populations, as_of and options; may be NULL (then rates
 *                 over populations are not computable)
 * @param[in] req  the request
 * @param[out] out results owned by the caller (yjpi_results_free); independent
 *                 of ds and ref afterwards
 * @param[out] err may be NULL
 * @return YJPI_OK, YJPI_E_ARGUMENT, YJPI_E_STATE, YJPI_E_NOMEM, YJPI_E_NUMERIC,
 *         YJPI_E_RANGE (a period starts after the data's as_of date).
 *         A value that cannot be computed is not an error: see its status.
 */
YJPI_API int yjpi_compute(const yjpi_dataset *ds, const yjpi_reference *ref,
                          const yjpi_request *req, yjpi_results **out,
                          yjpi_error *err);
/** Releases results; NULL is allowed. */
YJPI_API void yjpi_results_free(yjpi_results *res);
/** Number of values (0 for NULL). */
YJPI_API size_t yjpi_results_count(const yjpi_results *res);
/** Copies value i into *out (out->size must be set; the first out->size
 *  bytes are written).  Values are ordered by indicator, area, period (as
 *  in the request), then the total followed by its groups.
 *  @return YJPI_OK or YJPI_E_ARGUMENT. */
YJPI_API int yjpi_results_get(const yjpi_results *res, size_t i, yjpi_value *out);
/** Finds the value for (indicator, area, period, group; group NULL = total).
 *  @return YJPI_OK or YJPI_E_NOT_FOUND. */
YJPI_API int yjpi_results_find(const yjpi_results *res, int indicator,
                               const char *area, const yjpi_period *period,
                               const char *group, yjpi_value *out);

/**
 * Convenience: one indicator for one area (NULL = "*") and period, total
 * row.  out->size must be set; out->area and out->group are NULL in the copy
 * (the temporary results are freed), all numbers are filled.
 * @return as yjpi_compute().
 */
YJPI_API int yjpi_compute_one(const yjpi_dataset *ds, const yjpi_reference *ref,
                              int indicator, const char *area,
                              const yjpi_period *period, yjpi_value *out,
                              yjpi_error *err);

/* ---- Disproportionality ------------------------------------------------ */

/** One ethnic group's disproportionality.  Growable: set size. */
typedef struct yjpi_disparity {
    size_t size;
    const char *group;        /**< ethnic group; owned by the results */
    int32_t status;           /**< yjpi_value_status for the RRI */
    uint64_t count;           /**< persons of the group counted by the indicator */
    double population;        /**< 10-17 population of the group */
    double share;             /**< percent of the indicator's persons */
    double population_share;  /**< percent of the population */
    double difference;        /**< share - population_share, percentage points */
    double rri;               /**< relative rate index against the reference group */
    double rri_lower, rri_upper; /**< 95% interval (log method) */
    /** Status of share: YJPI_NC_ZERO_DENOMINATOR when the indicator counts
     *  nobody (share is then 0). */
    int32_t share_status;
    /** Status of population_share: YJPI_NC_NO_POPULATION (no population for
     *  the group or the area/year), YJPI_NC_ZERO_POPULATION (the groups'
     *  populations sum to 0) or, for "*" summed over areas,
     *  YJPI_NC_POPULATION_INCOMPLETE (an area counting someone of some group
     *  has no population of that group).  difference is valid only when share_status and
     *  population_status are both YJPI_VALUE_OK (else it is 0). */
    int32_t population_status;
} yjpi_disparity;

typedef struct yjpi_disparities yjpi_disparities;

/**
 * Disproportionality of a person-count indicator (fte_count/fte_rate: FTE
 * persons; custody_count/custody_rate/custody_share: custodial occasions;
 * reoffending indicators: cohort members, pooled as yjpi_compute() does) for
 * an area ("*" or NULL = all areas) and period, against the reference's
 * `AREA/ethnicity` populations for yjpi_period_population_year(period) and
 * the reference_ethnicity option (group names matched exactly).
 *
 * Groups: the reference's population groups (file order; for "*" the union
 * over areas), then groups seen in the data that the reference lacks (byte
 * order, "unknown" last).  share = 100 x count / all counted persons
 * (unknown included); population_share = 100 x pop / sum of the reference's
 * group populations; difference = share - population_share (points);
 * RRI = (count/pop) / (count_ref/pop_ref) with the 95% interval
 * exp(ln RRI -/+ 1.959964 sqrt(1/count + 1/count_ref)).  The reference group
 * itself has RRI 1 with interval [1, 1].  For "*" a group's population is
 * the reference's own `"*"/ethnicity` value when given, else the sum of
 * `AREA/ethnicity` over the areas, and then every area counting someone of
 * the group must have one (else YJPI_NC_POPULATION_INCOMPLETE).  RRI status:
 * YJPI_NC_NO_POPULATION, YJPI_NC_POPULATION_INCOMPLETE
 * or YJPI_NC_ZERO_POPULATION (group's or reference group's population),
 * YJPI_NC_ZERO_DENOMINATOR (reference group count 0), YJPI_NC_ZERO_COUNT
 * (group count 0), YJPI_NC_NOT_FINITE (an RRI or limit that overflows);
 * rri fields are 0 then.
 * @param[in] ds finished dataset (YJPI_E_STATE otherwise)
 * @param[in] ref may be NULL (then no populations: every RRI not computable)
 * @param[out] out owned by the caller (yjpi_disparities_free); its strings
 *                 are owned by it
 * @return YJPI_OK, YJPI_E_ARGUMENT (unknown indicator, bad period),
 *         YJPI_E_STATE, YJPI_E_NOMEM.
 */
YJPI_API int yjpi_disproportionality(const yjpi_dataset *ds,
                                     const yjpi_reference *ref, int indicator,
                                     const char *area, const yjpi_period *period,
                                     yjpi_disparities **out, yjpi_error *err);
/** Releases disparities; NULL is allowed. */
YJPI_API void yjpi_disparities_free(yjpi_disparities *d);
/** Number of groups (0 for NULL). */
YJPI_API size_t yjpi_disparities_count(const yjpi_disparities *d);
/** Copies group i into *out (out->size must be set).
 *  @return YJPI_OK or YJPI_E_ARGUMENT. */
YJPI_API int yjpi_disparities_get(const yjpi_disparities *d, size_t i,
                                  yjpi_disparity *out);

/* ---- Statistics (usable on their own) ---------------------------------- */

/*
 * The interval functions below share these rules (implemented in lib/compare/intervals.c,
 * docs/indicators.md section 8): `confidence` is the two-sided level, e.g.
 * 0.95 or 0.998, and must lie strictly inside (0,1); lower and upper must
 * not be NULL; on any error nothing is written to the outputs.  Results are
 * never rounded.  YJPI_E_NUMERIC means a quantile came back NaN/infinite
 * (not expected for valid input).
 */

/**
 * Wilson score interval for x successes out of n (no continuity
 * correction), as proportions in [0,1].  x = 0 gives lower exactly 0,
 * x = n gives upper exactly 1.
 * @return YJPI_OK, YJPI_E_ARGUMENT (n == 0, x > n, n > 2^53, confidence not
 *         in (0,1), NULL output), YJPI_E_NUMERIC.
 */
YJPI_API int yjpi_ci_wilson(uint64_t x, uint64_t n, double confidence,
                            double *lower, double *upper);
/**
 * Interval for a Poisson count (as PHEindicatormethods/OHID): exact below
 * 10, lower = chi2_inv(a/2, 2x) / 2 (0 for x = 0) and upper =
 * chi2_inv(1 - a/2, 2x + 2) / 2; Byar's method from 10.  For a rate
 * count / denominator * multiplier, scale both limits by
 * multiplier / denominator.
 * @return YJPI_OK, YJPI_E_ARGUMENT (confidence not in (0,1), count > 2^53,
 *         NULL output), YJPI_E_NUMERIC.
 */
YJPI_API int yjpi_ci_poisson(uint64_t count, double confidence,
                             double *lower, double *upper);
/**
 * Interval for a mean (PHEindicatormethods' phe_mean):
 * mean +- t(1 - a/2, n - 1) * s / sqrt(n), s the sample standard deviation
 * (divisor n - 1) of the n values (e.g. per-person re-offence counts).
 * n < 2 is YJPI_E_ARGUMENT (no standard deviation).  When every value is the
 * same (s = 0) the interval has zero width: lower = upper = mean.
 * @param[out] mean may be NULL
 * @return YJPI_OK, YJPI_E_ARGUMENT (values NULL, n < 2, a non-finite value,
 *         confidence not in (0,1)), YJPI_E_NUMERIC.
 */
YJPI_API int yjpi_ci_mean(const double *values, size_t n, double confidence,
                          double *mean, double *lower, double *upper);
/**
 * As yjpi_ci_mean() from sufficient statistics: n (>= 2), sum and sum of
 * squares of the values.  A sum of squared deviations
 * sum_sq - sum^2 / n that is negative beyond rounding (more than 1e-9 *
 * sum_sq) is inconsistent input: YJPI_E_ARGUMENT; within rounding it is 0
 * (zero-width interval).
 * Limitation: a double holds about 16 significant digits, so a sum of
 * squares of values whose spread is tiny next to their size has lost the
 * spread before the call (1e8 and 1e8 + 1: the squares add up to
 * 20000000200000001, stored as 20000000200000000, the same sums as two
 * values 1e8 + 0.5), and no evaluation can bring it back: the interval
 * then comes out too narrow, down to zero width.  Exact for integer values
 * while sum_sq stays below 2^53 (the library's own use: counts per person).
 * Otherwise accumulate the mean and the sum of squared deviations as you go
 * (Welford's method) and call yjpi_ci_mean_dev().
 * @param[out] mean may be NULL
 * @return YJPI_OK, YJPI_E_ARGUMENT (n < 2 or not finite, sum or sum_sq not
 *         finite, sum_sq < 0, inconsistent sums, confidence not in (0,1)),
 *         YJPI_E_NUMERIC.
 */
YJPI_API int yjpi_ci_mean_stats(double n, double sum, double sum_sq,
                                double confidence, double *mean,
                                double *lower, double *upper);
/**
 * The t interval of a mean (as yjpi_ci_mean()) from n (>= 2), the mean and
 * the sum of squared deviations from the mean, sum_dev_sq = sum (x - mean)^2
 * (>= 0), as Welford's one-pass method accumulates them without loss:
 * mean +- t(n - 1) * sqrt(sum_dev_sq / (n - 1) / n).  Values 1e8 and 1e8 + 1
 * (mean 1e8 + 0.5, sum_dev_sq 0.5) give s = 0.7071, where the sums of
 * yjpi_ci_mean_stats() cannot.
 * @return YJPI_OK, YJPI_E_ARGUMENT (n < 2 or not finite, mean or sum_dev_sq
 *         not finite, sum_dev_sq < 0, confidence not in (0,1), lower or
 *         upper NULL), YJPI_E_NUMERIC.
 */
YJPI_API int yjpi_ci_mean_dev(double n, double mean, double sum_dev_sq,
                              double confidence, double *lower, double *upper);

#ifdef __cplusplus
}
#endif
#endif
