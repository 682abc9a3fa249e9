/* csv_scan_generic.c - the CSV reader's batched scan where there is no
 * SIMD scan for the build (another processor, or -Dsimd=disabled): none,
 * so every row goes through the reader's portable row scan, which gives the
 * same rows, values and messages. */
#include "input/csv_scan.h"

#ifndef YJPI__SCAN_X86
yjpi__batch_scan yjpi__csv_batch_scan(int max_width, int *width)
{
    (void)max_width;
    *width = 0;
    return NULL;
}
#else
/* ISO C forbids an empty translation unit */
typedef int yjpi__csv_scan_generic_unused;
#endif
