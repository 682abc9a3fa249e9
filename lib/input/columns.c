/* Whole columns in (yjpi_dataset_add_columns; result sets out,
 * yjpi_results_copy, are in measures/results_copy.c).  Rows go through the
 * dataset's one validator, the path of yjpi_dataset_add_record and of the
 * CSV reader. */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "yjpi/columns.h"

_Static_assert((int)YJPI_COL_COUNT == (int)YJPI__NCOLS,
               "yjpi_column order is the validator's canonical order");

/* Checks that a column holds exactly n terminated values. */
static int column_ok(const yjpi_column_text *c, size_t n)
{
    if (!c->data)
        return c->length == 0;
    if (c->length == 0 || c->data[c->length - 1] != '\0')
        return n == 0 && c->length == 0;
    size_t seen = 0;
    const char *p = c->data, *end = c->data + c->length;
    while (p < end) {
        const char *z = memchr(p, '\0', (size_t)(end - p));
        if (!z || ++seen > n)
            return 0;
        p = z + 1;
    }
    return seen == n;
}

int yjpi_dataset_add_columns(yjpi_dataset *ds, size_t n_rows,
                             const yjpi_column_text *columns,
                             size_t n_columns, uint64_t row_offset,
                             const char *source,
                             const yjpi_read_options *opts, yjpi_error *err)
{
    const char *src = source ? source : "<columns>";
    yjpi__error_clear(err);
    if (!ds || !columns || n_columns < YJPI_COL_OUTCOME + 1 ||
        n_columns > YJPI_COL_COUNT ||
        (opts && opts->size < offsetof(yjpi_read_options, progress)))
        return yjpi__error_set(err, YJPI_E_ARGUMENT, src, 0, 0,
                               "invalid argument (NULL dataset or columns, "
                               "a column count out of range, or options "
                               "size not set)");
    if (ds->finished)
        return yjpi__error_set(err, YJPI_E_STATE, src, 0, 0,
                               "dataset already finished");
    for (size_t c = 0; c < n_columns; c++)
        if (!column_ok(&columns[c], n_rows))
            return yjpi__error_set(err, YJPI_E_ARGUMENT, src, 0, c + 1,
                                   "column %s does not hold %zu values each "
                                   "followed by a NUL byte",
                                   yjpi__column_names[c], n_rows);
    int lenient = opts ? opts->lenient : 0;
    size_t max_messages = opts && opts->max_messages ? opts->max_messages : 100;

    /* UTF-8 checked once per column ('\0' is valid UTF-8, so a valid
     * column has only valid values); the fields of a column that is not
     * are checked one by one below, to locate the bad value. */
    const char *pos[YJPI__NCOLS];
    bool check_utf8[YJPI__NCOLS];
    for (int c = 0; c < YJPI__NCOLS; c++) {
        pos[c] = (size_t)c < n_columns ? columns[c].data : NULL;
        check_utf8[c] = pos[c] && yjpi__utf8_valid_prefix(
            pos[c], columns[c].length) != columns[c].length;
    }
    char msg[YJPI_ERROR_MESSAGE_SIZE];
    char q[256];
    for (size_t row = 0; row < n_rows; row++) {
        yjpi__field f[YJPI__NCOLS];
        for (int c = 0; c < YJPI__NCOLS; c++) {
            if (pos[c]) {
                f[c].ptr = pos[c];
                f[c].len = strlen(pos[c]);
                pos[c] += f[c].len + 1;
            } else {
                f[c].ptr = "";
                f[c].len = 0;
            }
        }
        int code = 0, bad = 0;
        /* the structural checks the CSV reader makes on bytes */
        for (int c = 0; c < YJPI__NCOLS && !code; c++) {
            const char *what = NULL;
            if (f[c].len > YJPI__FIELD_MAX) {
                code = YJPI_E_TOO_LONG;
                what = "field longer than 4096 bytes";
            } else if (check_utf8[c] &&
                       yjpi__utf8_valid_prefix(f[c].ptr, f[c].len) != f[c].len) {
                code = YJPI_E_ENCODING;
                what = "invalid UTF-8";
            }
            if (code) {
                bad = c;
                yjpi__dataset_reject(ds, code);
                yjpi__quote_value(q, sizeof q, f[c].ptr, f[c].len);
                snprintf(msg, sizeof msg, "%s (column %s, value \"%s\")", what,
                         yjpi__column_names[c], q);
            }
        }
        if (!code)
            code = yjpi__dataset_add_fields(ds, f, &bad, msg, sizeof msg);
        if (code == YJPI_OK)
            continue;
        if (code == YJPI_E_NOMEM || code == YJPI_E_LIMIT)
            return yjpi__error_set(err, code, src, row_offset + row + 1, 0,
                                   "%s", yjpi_strerror(code));
        if (!lenient)
            return yjpi__error_set(err, code, src, row_offset + row + 1,
                                   (uint64_t)bad + 1, "%s", msg);
        yjpi_error e;
        yjpi__error_set(&e, code, src, row_offset + row + 1, (uint64_t)bad + 1,
                        "%s", msg);
        if (yjpi__dataset_keep_message(ds, e.message, max_messages))
            return yjpi__error_set(err, YJPI_E_NOMEM, src, 0, 0,
                                   "out of memory");
    }
    return YJPI_OK;
}
