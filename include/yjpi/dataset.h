/*
 * yjpi/dataset.h - cohort records: reading the cohort CSV, adding records
 * from code, and the counts that show nothing was lost.
 *
 * Life cycle: yjpi_dataset_new() -> any number of yjpi_dataset_read_csv() /
 * yjpi_dataset_add_record() -> yjpi_dataset_finish() -> queries ->
 * yjpi_dataset_free().  yjpi_dataset_load_csv() does new + read + finish.
 *
 * Threading: a dataset being built must be used by one thread at a time.
 * A finished dataset is read-only: any number of threads may query it at
 * once (indicator functions only read it).  Distinct handles are independent.
 */
#ifndef YJPI_DATASET_H
#define YJPI_DATASET_H

#include "common.h"
#include "date.h"
#include "reference.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct yjpi_dataset yjpi_dataset;

/** Outcome tiers (spec cohort-file.md). */
typedef enum yjpi_tier {
    YJPI_TIER_INFORMAL = 0,
    YJPI_TIER_PRE_COURT = 1,
    YJPI_TIER_FIRST_TIER = 2,
    YJPI_TIER_COMMUNITY = 3,
    YJPI_TIER_CUSTODY = 4
} yjpi_tier;

/** Outcome codes; numbered, never renumbered.  The five tier names are
 *  accepted as codes too (YJPI_OUTCOME_TIER_*). */
typedef enum yjpi_outcome {
    YJPI_OUTCOME_COMMUNITY_RESOLUTION = 1,
    YJPI_OUTCOME_TRIAGE = 2,
    YJPI_OUTCOME_NO_FURTHER_ACTION = 3,
    YJPI_OUTCOME_REPRIMAND = 4,
    YJPI_OUTCOME_FINAL_WARNING = 5,
    YJPI_OUTCOME_YOUTH_CAUTION = 6,
    YJPI_OUTCOME_YOUTH_CONDITIONAL_CAUTION = 7,
    YJPI_OUTCOME_ABSOLUTE_DISCHARGE = 8,
    YJPI_OUTCOME_CONDITIONAL_DISCHARGE = 9,
    YJPI_OUTCOME_FINE = 10,
    YJPI_OUTCOME_REFERRAL_ORDER = 11,
    YJPI_OUTCOME_REPARATION_ORDER = 12,
    YJPI_OUTCOME_OTHER_FIRST_TIER = 13,
    YJPI_OUTCOME_YOUTH_REHABILITATION_ORDER = 14,
    YJPI_OUTCOME_OTHER_COMMUNITY = 15,
    YJPI_OUTCOME_DETENTION_AND_TRAINING_ORDER = 16,
    YJPI_OUTCOME_LONG_TERM_DETENTION = 17,
    YJPI_OUTCOME_OTHER_CUSTODY = 18,
    YJPI_OUTCOME_TIER_INFORMAL = 19,
    YJPI_OUTCOME_TIER_PRE_COURT = 20,
    YJPI_OUTCOME_TIER_FIRST_TIER = 21,
    YJPI_OUTCOME_TIER_COMMUNITY = 22,
    YJPI_OUTCOME_TIER_CUSTODY = 23,
    YJPI_OUTCOME_COUNT_ = 24
} yjpi_outcome;

/** Code text of an outcome ("referral_order"), NULL if unknown. Static. */
YJPI_API const char *yjpi_outcome_name(int outcome);
/** Outcome from its code text (exact, lower case); 0 when unknown. */
YJPI_API int yjpi_outcome_from_name(const char *text, size_t len);
/** Tier of an outcome, -1 if unknown. */
YJPI_API int yjpi_outcome_tier(int outcome);
/** Tier name ("pre_court"), NULL if unknown.  Static. */
YJPI_API const char *yjpi_tier_name(int tier);

/** Sex as stored. */
typedef enum yjpi_sex {
    YJPI_SEX_UNKNOWN = 0,
    YJPI_SEX_MALE = 1,
    YJPI_SEX_FEMALE = 2
} yjpi_sex;

/** Longest person_id, in bytes. */
#define YJPI_PERSON_ID_MAX 64

/**
 * One record as text fields, exactly as they would appear in the cohort CSV
 * (the same validation applies).  NULL or "" means empty.  Growable: set
 * size (YJPI_INIT).  Strings are only read during the call.
 */
typedef struct yjpi_record {
    size_t size;
    const char *person_id;
    const char *birth_date;
    const char *area;
    const char *offence_date;
    const char *outcome_date;
    const char *outcome;
    const char *release_date;
    const char *sex;
    const char *ethnicity;
    const char *offence_type;
    const char *breach;
} yjpi_record;

/** Options for reading.  Growable: set size (YJPI_INIT); all-zero = strict. */
typedef struct yjpi_read_options {
    size_t size;
    /** 0: stop at the first error (default).  1: skip bad rows, count them
     *  by kind and keep the first max_messages messages. */
    int lenient;
    /** Messages kept in lenient mode (0 = 100). */
    size_t max_messages;
    /** Called every 16 MiB read and once at the end (may be NULL): bytes
     *  read so far, total bytes (0 if unknown, e.g. a pipe), rows read so
     *  far by this call.  While the read runs, the dataset is "being
     *  read": the callback may only look at it through the getters
     *  (yjpi_dataset_count(), yjpi_dataset_rejected(), the message and note
     *  getters, yjpi_dataset_first_outcome()/last_outcome(); their values
     *  are provisional, and a message or note pointer is valid only until
     *  the callback returns).  Every call that would change or consume
     *  this dataset is refused with YJPI_E_STATE and leaves it untouched:
     *  yjpi_dataset_finish(), yjpi_dataset_add_record(), another
     *  yjpi_dataset_read_csv*() into it, and the computations
     *  (yjpi_compute() and the others that take a dataset, which need a
     *  finished one).  yjpi_dataset_free() on it is not allowed from the
     *  callback: it does nothing (free the dataset after the read
     *  returns).  Other datasets may be used freely. */
    void (*progress)(uint64_t bytes, uint64_t total, uint64_t rows, void *user);
    void *progress_user;
    /** Threads the reader may use: 0 = the library's choice (today two for
     *  a regular file of 8 MiB or more, one otherwise), 1 = the calling
     *  thread only, 2 or more = up to two.  The result is the same whatever
     *  the number.  Added in 0.1: callers with an older, smaller size get 0. */
    int32_t threads;
} yjpi_read_options;

/**
 * A new, empty dataset.
 * @param[in] ref  reference whose outcome_map and options (age_basis) apply to
 *                 records as they are added; may be NULL (defaults).  Copied:
 *                 ref may be freed afterwards.
 * @param[out] out new handle owned by the caller (free with yjpi_dataset_free)
 * @return YJPI_OK, YJPI_E_NOMEM, YJPI_E_ARGUMENT.
 */
YJPI_API int yjpi_dataset_new(const yjpi_reference *ref, yjpi_dataset **out);
/** Releases a dataset; NULL is allowed.  Not allowed on a dataset whose
 *  read has not returned (from a progress callback): the call then does
 *  nothing, and the dataset must be freed after the read. */
YJPI_API void yjpi_dataset_free(yjpi_dataset *ds);

/**
 * Reads a cohort CSV file into the dataset (streaming: memory grows with the
 * records kept, not the file size).
 *
 * Format (spec cohort-file.md): UTF-8, an optional BOM (skipped, and not
 * counted in columns), RFC 4180 quoting, comma separator, LF or CRLF, optional
 * final newline.  A file whose header line ends in a lone CR is read with CR
 * line ends (a LF outside quotes is then an error); elsewhere a CR not
 * followed by LF outside quotes is YJPI_E_ENCODING at its place (inside
 * quotes it is data).  Header names are matched case-insensitively after
 * trimming spaces and tabs; unknown columns are ignored with one note each
 * (yjpi_dataset_note), which names the known column meant when one is close
 * (the same name once case, spaces, dashes and underscores are made alike;
 * at most 2 edits away, 1 for names of up to 4 bytes; or containing a known
 * name of 5 bytes or more), e.g. 'FILE:1:78: note: unknown column
 * "ethnicty" ignored (did you mean "ethnicity"?)'; a header
 * with more than 1024 columns is YJPI_E_LIMIT.  Field values are taken as
 * written (not trimmed).  Completely empty lines are skipped (not rows).
 * Limits: 4096 bytes per field, 65536 bytes per row (a row with quoted line
 * breaks counts as one); a longer row is reported at its 65537th byte and
 * never buffered whole.  Error locations: LINE is the physical line, COLUMN
 * the 1-based byte column of the field at fault, or of the offending byte
 * for structural errors (the first byte of an invalid UTF-8 sequence, the
 * stray quote, the byte after a closing quote; an unterminated quote is
 * reported at its opening quote; a short row where the row ends).
 * Field rules: outcome labels go through the reference's outcome_map first,
 * then must be an outcome code or tier name; area must not be "*" (it
 * stands for all areas together: YJPI_E_BAD_VALUE); dates must be at most
 * 9998-12-31, the last day a period can cover (YJPI_E_BAD_DATE, also
 * through yjpi_dataset_add_record()); sex is M, F, U or empty (any
 * case); breach is 1, 0 or empty; person_id at most 64 bytes.  A
 * release_date on a non-custodial row is ignored without being checked (it
 * means nothing there, and rejecting an otherwise valid outcome for it would
 * drop a real offence from the indicators); it is stored as YJPI_NO_DATE.
 * Valid rows with an informal outcome, or of a person under 10 on the age
 * date (option age_basis), are counted as excluded and not kept.
 *
 * Modes: strict (default) stops at the first bad row and returns its code.
 * Lenient skips each bad row, counts it by code and keeps its message
 * (first max_messages), and returns YJPI_OK; header problems, I/O errors
 * and YJPI_E_NOMEM stay fatal.  After YJPI_E_NOMEM the dataset may only be
 * freed.  A bad row costs its first physical line only: reading resumes at
 * the next line, so in a file without quoted line breaks rows read equals
 * the data lines.  When a quoted field runs past the end of its line and
 * the row then goes wrong (wrong number of fields, text after the closing
 * quote, a field or line over the limit, ...), the error is YJPI_E_QUOTE
 * at the opening quote, its message naming the line where the row went
 * wrong; reading resumes at the line after the quote's (strict mode stops
 * with the same message).  A quote still open at the end of the input is
 * "unterminated quoted field" at the quote.
 *
 * Threads: a regular file of 8 MiB or more read into a new dataset, with no
 * allocator hook installed, is parsed by the calling thread and one helper
 * thread (one half each, cut after a line feed near the middle; the
 * thread done first reads the end of the other's range; when a cut falls
 * inside a quoted field the file is read again by one thread) and the
 * parts merged, also on both threads; the result is that of a serial
 * read.  The helper is joined before the call returns; the progress
 * callback is only called from the calling thread.
 * @param[in] path  file name; "-" reads standard input
 * @param[in] opts  may be NULL (strict)
 * @param[out] err  may be NULL; in strict mode the first error
 *                  ("FILE:LINE:COLUMN: ..."), in lenient mode only fatal
 *                  errors (I/O, header problems, out of memory)
 * @return YJPI_OK or the error code (YJPI_E_STATE: the dataset is
 *         finished, or already being read, i.e. called from a progress
 *         callback of a read into it).  In strict mode records read before
 *         the error stay in the dataset and are counted.
 */
YJPI_API int yjpi_dataset_read_csv(yjpi_dataset *ds, const char *path,
                                   const yjpi_read_options *opts,
                                   yjpi_error *err);
/** As yjpi_dataset_read_csv() from memory; `source` names it in messages. */
YJPI_API int yjpi_dataset_read_csv_buffer(yjpi_dataset *ds, const char *data,
                                          size_t len, const char *source,
                                          const yjpi_read_options *opts,
                                          yjpi_error *err);
/**
 * Adds one record with the CSV path's validation (the same validator; also
 * the 4096-byte field limit and UTF-8 check).  Errors read
 * "<record>:N:C: message", N the 1-based number of this call on the dataset
 * (calls rejected for YJPI_E_ARGUMENT or YJPI_E_STATE are not numbered)
 * and C the 1-based field number in yjpi_record order.  rec->size must cover
 * at least the six required fields; optional fields beyond it count as empty.
 * Every call stands alone (no lenient mode, no kept messages).
 * @return YJPI_OK; a field-value YJPI_E_* code (20-26), YJPI_E_ENCODING
 *         (invalid UTF-8) or YJPI_E_TOO_LONG (field over 4096 bytes), the
 *         record then counted as rejected under that code; YJPI_E_ARGUMENT
 *         (ds or rec NULL, rec->size too small); YJPI_E_STATE (dataset
 *         finished, or being read: called from a progress callback);
 *         YJPI_E_NOMEM.
 */
YJPI_API int yjpi_dataset_add_record(yjpi_dataset *ds, const yjpi_record *rec,
                                     yjpi_error *err);
/** Sorts and indexes the records (by person, then outcome_date, then
 *  offence_date, then input order); afterwards the dataset is read-only and
 *  can be queried, and read/add calls return YJPI_E_STATE.  Idempotent.
 *  Threads: with a million rows or more and no allocator hook, the check of
 *  the rows' order is shared with one helper thread (joined before the
 *  call returns), unless a read into this dataset asked for one thread.
 *  @return YJPI_OK, YJPI_E_ARGUMENT (ds NULL), YJPI_E_STATE (the dataset is
 *  being read: called from a progress callback; nothing is done) or
 *  YJPI_E_NOMEM (the dataset is then unchanged and unfinished). */
YJPI_API int yjpi_dataset_finish(yjpi_dataset *ds);
/** new + read_csv + finish.  On failure *out is NULL (strict mode). */
YJPI_API int yjpi_dataset_load_csv(const char *path, const yjpi_reference *ref,
                                   const yjpi_read_options *opts,
                                   yjpi_dataset **out, yjpi_error *err);

/** What the dataset counts. rows_read = kept + rejected + excluded. */
typedef enum yjpi_count {
    YJPI_COUNT_ROWS_READ = 0,      /**< data rows seen (CSV rows + records) */
    YJPI_COUNT_ROWS_KEPT = 1,      /**< valid rows kept for the indicators */
    YJPI_COUNT_ROWS_REJECTED = 2,  /**< invalid rows (see yjpi_dataset_rejected) */
    YJPI_COUNT_ROWS_EXCLUDED = 3,  /**< valid rows no indicator can use */
    YJPI_COUNT_EXCLUDED_INFORMAL = 4, /**< ... of which informal outcomes */
    YJPI_COUNT_EXCLUDED_UNDER_10 = 5, /**< ... of which age under 10 on the age date */
    YJPI_COUNT_PERSONS = 6,        /**< distinct persons among kept rows */
    YJPI_COUNT_AREAS = 7,          /**< distinct areas among kept rows */
    YJPI_COUNT_CUSTODY_NO_RELEASE = 8, /**< kept custodial rows without release_date */
    YJPI_COUNT_BYTES_READ = 9      /**< bytes of CSV read from the input(s) */
} yjpi_count;

/** A count (0 for an unknown kind). */
YJPI_API uint64_t yjpi_dataset_count(const yjpi_dataset *ds, int what);
/** Rows rejected with the given error code (YJPI_E_*). */
YJPI_API uint64_t yjpi_dataset_rejected(const yjpi_dataset *ds, int code);
/** Kept error messages (lenient mode), in order; owned by ds. */
YJPI_API size_t yjpi_dataset_message_count(const yjpi_dataset *ds);
YJPI_API const char *yjpi_dataset_message(const yjpi_dataset *ds, size_t i);
/** Notes (e.g. "FILE:1:7: unknown column "x" ignored"); owned by ds. */
YJPI_API size_t yjpi_dataset_note_count(const yjpi_dataset *ds);
YJPI_API const char *yjpi_dataset_note(const yjpi_dataset *ds, size_t i);
/** Whether the CSV input lacked an optional column ("release_date", "sex",
 *  "ethnicity", "offence_type", "breach"): NULL while every CSV read into
 *  ds had it (records added with yjpi_dataset_add_record() always have
 *  every column), else a note naming the first file without it,
 *  'FILE:1:1: note: no "release_date" column'; owned by ds.  A program
 *  asked for an indicator that needs the column says so with this note
 *  (reoffending: release_date, so that a custodial outcome starts a
 *  cohort; breach, so that breaches are not counted as re-offences).
 *  NULL for required and unknown names. */
YJPI_API const char *yjpi_dataset_missing_column(const yjpi_dataset *ds,
                                                 const char *column);
/** Area code i (0-based) among kept rows, sorted by code (bytewise); owned
 *  by ds.  NULL before yjpi_dataset_finish() or when i is out of range;
 *  yjpi_dataset_count(ds, YJPI_COUNT_AREAS) gives how many. */
YJPI_API const char *yjpi_dataset_area(const yjpi_dataset *ds, size_t i);
/** Earliest and latest outcome_date among kept rows (YJPI_NO_DATE if none). */
YJPI_API yjpi_date yjpi_dataset_first_outcome(const yjpi_dataset *ds);
YJPI_API yjpi_date yjpi_dataset_last_outcome(const yjpi_dataset *ds);

#ifdef __cplusplus
}
#endif
#endif
