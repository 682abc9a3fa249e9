/*
 * yjpi/columns.h - whole columns in and whole result sets out, in one call
 * each, for callers that hold data column by column (data frames, bindings).
 *
 * yjpi_dataset_add_columns() adds many rows given as one text buffer per
 * cohort column.  Every value goes through exactly the validation of
 * yjpi_dataset_add_record() and the CSV reader (the same checks, the same
 * counts of rows read, kept, rejected and excluded, the same message texts);
 * an error is located as "SOURCE:ROW:COLUMN: ...", ROW the 1-based row of
 * the columns (plus row_offset) and COLUMN the 1-based position of the column in the order
 * below.
 *
 * yjpi_results_copy() copies a range of computed values into an array of
 * yjpi_value in one call, each element filled as yjpi_results_get() fills
 * one (so a caller built against an older, smaller yjpi_value keeps
 * working when fields are appended).
 *
 * Threading: as yjpi_dataset_add_record() (one thread per unfinished
 * dataset) and yjpi_results_get() (results are read-only).
 */
#ifndef YJPI_COLUMNS_H
#define YJPI_COLUMNS_H

#include "common.h"
#include "dataset.h"
#include "indicators.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Cohort columns in the order of yjpi_dataset_add_columns()' columns[]
 *  (the order of the cohort file's columns and of yjpi_record). */
typedef enum yjpi_column {
    YJPI_COL_PERSON_ID = 0,
    YJPI_COL_BIRTH_DATE = 1,
    YJPI_COL_AREA = 2,
    YJPI_COL_OFFENCE_DATE = 3,
    YJPI_COL_OUTCOME_DATE = 4,
    YJPI_COL_OUTCOME = 5,
    YJPI_COL_RELEASE_DATE = 6,
    YJPI_COL_SEX = 7,
    YJPI_COL_ETHNICITY = 8,
    YJPI_COL_OFFENCE_TYPE = 9,
    YJPI_COL_BREACH = 10,
    YJPI_COL_COUNT = 11          /**< number of cohort columns */
} yjpi_column;

/** One column's values: n_rows texts laid end to end, each followed by one
 *  '\0' byte ("a\0b\0\0" holds "a", "b" and ""), UTF-8 as in the cohort
 *  file (dates YYYY-MM-DD, breach 0 or 1).  A value may not contain '\0'.
 *  data NULL (length 0) stands for a column of empty values, like a column
 *  missing from a cohort file. */
typedef struct yjpi_column_text {
    const char *data;
    size_t length;               /**< bytes in data, terminators included */
} yjpi_column_text;

/**
 * Adds n_rows rows given column by column to an unfinished dataset.
 * @param[in,out] ds    unfinished dataset (YJPI_E_STATE when finished)
 * @param[in] n_rows    rows in every column
 * @param[in] columns   n_columns columns in yjpi_column order; borrowed
 *                      for the call only (values are copied)
 * @param[in] n_columns YJPI_COL_OUTCOME + 1 (the required columns) to
 *                      YJPI_COL_COUNT; the columns after n_columns are empty
 * @param[in] row_offset added to the row numbers of messages: 0 numbers
 *                      the rows from 1; a caller adding a long table in
 *                      parts passes the rows it added before
 * @param[in] source    name used in messages (NULL: "<columns>")
 * @param[in] opts      lenient and max_messages as for yjpi_dataset_read_csv
 *                      (progress and threads are not used); NULL = strict
 * @param[out] err      first error (may be NULL)
 * @return YJPI_OK; YJPI_E_ARGUMENT before any row is added when a column
 *         does not hold exactly n_rows terminated values, a pointer is NULL
 *         or n_columns is out of range; YJPI_E_STATE; in strict mode the
 *         code of the first bad row (e.g. YJPI_E_BAD_DATE; the rows before
 *         it stay added and the bad row is counted as rejected);
 *         YJPI_E_NOMEM / YJPI_E_LIMIT.  In lenient mode bad rows are counted
 *         by kind and their messages kept, as for the CSV reader.
 */
YJPI_API int yjpi_dataset_add_columns(yjpi_dataset *ds, size_t n_rows,
                                      const yjpi_column_text *columns,
                                      size_t n_columns, uint64_t row_offset,
                                      const char *source,
                                      const yjpi_read_options *opts,
                                      yjpi_error *err);

/**
 * Copies values first .. first + count - 1 of a result set into out.
 * @param[in] res        results
 * @param[in] first      index of the first value
 * @param[in] count      values to copy (first + count <= yjpi_results_count)
 * @param[out] out       count elements of value_size bytes each; every
 *                       element is filled as yjpi_results_get() fills a
 *                       yjpi_value whose size is value_size (bytes beyond
 *                       the library's yjpi_value are zeroed).  Its area and
 *                       group pointers are owned by res.
 * @param[in] value_size the caller's sizeof(yjpi_value) (at least
 *                       sizeof(size_t))
 * @return YJPI_OK, or YJPI_E_ARGUMENT (NULL pointer, range out of bounds,
 *         value_size too small); out is not written then.
 */
YJPI_API int yjpi_results_copy(const yjpi_results *res, size_t first,
                               size_t count, void *out, size_t value_size);

#ifdef __cplusplus
}
#endif
#endif
