/* csv_scan.h - the CSV reader's batched scan of plain rows, behind one
 * door: the reader asks yjpi__csv_batch_scan() once per read for the scan
 * this processor runs best and calls it through the pointer; the scans
 * themselves are in csv_scan_x86.c (SSE2, AVX2, AVX-512) and the portable
 * choice, none (the reader scans row by row), in csv_scan_generic.c. */
#ifndef YJPI_INPUT_CSV_SCAN_H
#define YJPI_INPUT_CSV_SCAN_H

#include "internal.h"

/* The x86-64 scans are built unless -Dsimd=disabled (YJPI_NO_SIMD). */
#if defined(__x86_64__) && defined(__SSE2__) && defined(__GNUC__) && \
    !defined(YJPI_NO_SIMD)
#  define YJPI__SCAN_X86 1
#endif

/* A plain row scanned ahead of validation: its fields in canonical order
 * (slot YJPI__NCOLS takes the fields of unknown columns), and the hash of
 * its person id unless it repeats the row before's. */
typedef struct yjpi__prow {
    yjpi__field f[YJPI__NCOLS + 1];
    uint64_t hash;
    bool hashed;
    uint32_t used;
} yjpi__prow;

/* Rows scanned ahead at most: enough for the person slots prefetched on
 * the way to arrive before they are looked up. */
#define YJPI__SCAN_BATCH 16

/* What a batched scan reads of the reader: the buffer's unread bytes
 * buf[pos..end) (buf[end] is a 0 sentinel and 128 bytes after it may be
 * read), the header's width and column map, where the rows go and the
 * dataset (its last person, and its person table to prefetch). */
typedef struct yjpi__scan_in {
    const char *buf;
    size_t pos, end;
    size_t ncols;
    const uint8_t *dest;    /* header column -> canonical column */
    yjpi__prow *batch;      /* YJPI__SCAN_BATCH rows */
    const yjpi_dataset *ds;
} yjpi__scan_in;

/* Scans up to YJPI__SCAN_BATCH plain rows from buf[pos] into batch: rows
 * that end with LF or CRLF inside the buffer, without quotes, control bytes
 * or bytes >= 0x80, with exactly ncols fields, each new person id hashed
 * and its slot in the person table prefetched.  Returns the rows scanned
 * (0: the row at pos is not plain; the reader's general scan reads it). */
typedef size_t (*yjpi__batch_scan)(const yjpi__scan_in *in);

/* The widest batched scan the processor has, at most max_width bytes a
 * step (0: no limit; 16 or 32 limit it, for the tests), with *width set to
 * its step; NULL with *width 0 when the build has none. */
yjpi__batch_scan yjpi__csv_batch_scan(int max_width, int *width);

#endif
