/* Result sets out in one call (yjpi_results_copy, yjpi/columns.h): the
 * values of a yjpi_results copied into a caller's array, each as
 * yjpi_results_get() gives it. */
#include <stddef.h>
#include <string.h>

#include "internal.h"
#include "yjpi/columns.h"

int yjpi_results_copy(const yjpi_results *res, size_t first, size_t count,
                      void *out, size_t value_size)
{
    size_t n = yjpi_results_count(res);
    if (!res || (!out && count) || value_size < sizeof(size_t) ||
        first > n || count > n - first)
        return YJPI_E_ARGUMENT;
    unsigned char *o = out;
    for (size_t i = 0; i < count; i++, o += value_size) {
        yjpi_value *v = (yjpi_value *)(void *)o;
        if (value_size > sizeof(yjpi_value))
            memset(o + sizeof(yjpi_value), 0, value_size - sizeof(yjpi_value));
        memcpy(o, &value_size, sizeof value_size);
        int rc = yjpi_results_get(res, first + i, v);
        if (rc != YJPI_OK)
            return rc;
    }
    return YJPI_OK;
}
