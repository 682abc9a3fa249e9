/* csv_scan_x86.c - the CSV reader's batched scan of plain rows on x86-64:
 * 16 bytes a step with SSE2 (the baseline), 32 with AVX2, two 64-byte blocks
 * with AVX-512 BW and VBMI2.  The wider ones are compiled with target
 * attributes, whatever -march the library is built for, and chosen once when
 * a read starts (yjpi__csv_batch_scan); the reader does not know which. */
#include "input/csv_scan.h"

#ifdef YJPI__SCAN_X86
#include <immintrin.h>

/* Stops and commas among the 16 bytes at p: stops are a quote and (signed
 * compare) control bytes -- LF, CR, NUL, the sentinel -- and bytes >= 0x80. */
static inline void masks16(const unsigned char *p, unsigned *stop, unsigned *commas)
{
    const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"');
    const __m128i space = _mm_set1_epi8(' ');
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    *stop = (unsigned)_mm_movemask_epi8(
        _mm_or_si128(_mm_cmplt_epi8(v, space), _mm_cmpeq_epi8(v, quote)));
    *commas = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma));
}

/* masks16() for 32 bytes. */
__attribute__((target("avx2"))) static inline void
masks32(const unsigned char *p, unsigned *stop, unsigned *commas)
{
    const __m256i comma = _mm256_set1_epi8(','), quote = _mm256_set1_epi8('"');
    const __m256i space = _mm256_set1_epi8(' ');
    __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)p);
    *stop = (unsigned)_mm256_movemask_epi8(
        _mm256_or_si256(_mm256_cmpgt_epi8(space, v), _mm256_cmpeq_epi8(v, quote)));
    *commas = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, comma));
}

/* The bytes of the line end at t (before end): 1 for LF, 2 for CRLF, 0
 * when there is none. */
static inline size_t line_end(const unsigned char *t, const unsigned char *end)
{
    if (*t == '\n')
        return 1;
    if (*t == '\r' && t + 1 < end && t[1] == '\n')
        return 2;
    return 0;
}

/* The common case, `width` bytes a step (16, or 32 with AVX2): a data row
 * that ends with LF or CRLF inside the buffer, without quotes, control
 * bytes or bytes >= 0x80 before its end, with exactly ncols fields and at
 * most YJPI__FIELD_MAX bytes.  Such a row's fields are simply the slices
 * between commas, which is what scan_row() finds for it too; they are
 * stored straight into their canonical slots.  Returns the bytes the row takes with its line end, or 0
 * when the row is anything else (nothing is decided: scan_row() then reads
 * it, and reports whatever is wrong). */
static inline __attribute__((always_inline)) size_t
scan_plain_with(const yjpi__scan_in *r, const unsigned char *base,
                const unsigned char *end, yjpi__field *fl, const size_t width)
{
    const size_t expect = r->ncols;
    const uint8_t *dest = r->dest;
    size_t nf = 0, fs = 0;
    /* rows up to YJPI__FIELD_MAX bytes only: then no field can be too long
     * and nothing needs checking field by field */
    for (size_t off = 0; off < YJPI__FIELD_MAX; off += width) {
        unsigned stop, commas;
        if (width == 32)
            masks32(base + off, &stop, &commas);
        else
            masks16(base + off, &stop, &commas);
        if (stop)
            commas &= (1u << __builtin_ctz(stop)) - 1;
        /* dest has 32 spare entries (to the unread slot): a block's commas
         * never store out of bounds before the count is checked */
        while (commas) {
            size_t at = off + (size_t)__builtin_ctz(commas);
            yjpi__field *d = &fl[dest[nf]];
            d->ptr = (const char *)base + fs;
            d->len = at - fs;
            nf++;
            fs = at + 1;
            commas &= commas - 1;
        }
        /* the last field follows the last comma: a row has expect - 1 */
        if (nf >= expect)
            return 0;
        if (!stop)
            continue;
        size_t s = off + (size_t)__builtin_ctz(stop);
        const unsigned char *t = base + s;
        size_t eol;
        if (t >= end || s == 0 || s > YJPI__FIELD_MAX || nf + 1 != expect ||
            !(eol = line_end(t, end)))
            return 0;
        yjpi__field *d = &fl[dest[nf]];
        d->ptr = (const char *)base + fs;
        d->len = s - fs;
        return s + eol;
    }
    return 0;
}

/* Byte k is k: the comma offsets are these, compressed by the comma mask. */
static const uint8_t byte_index[128] __attribute__((aligned(64))) = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
    21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39,
    40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58,
    59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77,
    78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96,
    97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112,
    113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127,
};

#define SCAN512 __attribute__((target("avx512f,avx512bw,avx512vbmi2,bmi,bmi2,popcnt")))

/* scan_plain_with() for a row whose first stop is within 128 bytes, with
 * AVX-512: the two 64-byte blocks' commas before the stop become offsets
 * in one go (VBMI2 compress), without a branch per comma or per block.
 * Returns what scan_plain_with() returns, or SIZE_MAX when there is no
 * stop in the first 128 bytes (then scan_plain_with() decides). */
SCAN512 static inline size_t
scan_plain_512(const yjpi__scan_in *r, const unsigned char *base, const unsigned char *end,
               yjpi__field *fl)
{
    const size_t expect = r->ncols;
    const __m512i comma = _mm512_set1_epi8(','), quote = _mm512_set1_epi8('"');
    const __m512i space = _mm512_set1_epi8(' ');
    __m512i v0 = _mm512_loadu_si512((const void *)base);
    __m512i v1 = _mm512_loadu_si512((const void *)(base + 64));
    uint64_t s0 = _mm512_cmplt_epi8_mask(v0, space) | _mm512_cmpeq_epi8_mask(v0, quote);
    uint64_t s1 = _mm512_cmplt_epi8_mask(v1, space) | _mm512_cmpeq_epi8_mask(v1, quote);
    __mmask64 c0 = _mm512_cmpeq_epi8_mask(v0, comma);
    __mmask64 c1 = _mm512_cmpeq_epi8_mask(v1, comma);
    if (!(s0 | s1))
        return SIZE_MAX;
    unsigned s = s0 ? (unsigned)_tzcnt_u64(s0) : 64 + (unsigned)_tzcnt_u64(s1);
    /* only the commas before the stop */
    c0 = _bzhi_u64(c0, s);
    c1 = _bzhi_u64(c1, s > 64 ? s - 64 : 0);
    size_t n0 = (size_t)_mm_popcnt_u64(c0), n = n0 + (size_t)_mm_popcnt_u64(c1);
    const unsigned char *t = base + s;
    size_t eol;
    if (n + 1 != expect || t >= end || s == 0 || !(eol = line_end(t, end)))
        return 0;
    uint8_t at[192];
    _mm512_storeu_si512((void *)at, _mm512_maskz_compress_epi8(
                            c0, _mm512_load_si512((const void *)byte_index)));
    _mm512_storeu_si512((void *)(at + n0), _mm512_maskz_compress_epi8(
                            c1, _mm512_load_si512((const void *)(byte_index + 64))));
    at[n] = (uint8_t)s;
    const uint8_t *dest = r->dest;
    size_t fs = 0;
    for (size_t k = 0; k < expect; k++) {
        yjpi__field *d = &fl[dest[k]];
        d->ptr = (const char *)base + fs;
        d->len = at[k] - fs;
        fs = (size_t)at[k] + 1;
    }
    return s + eol;
}

/* Scans up to YJPI__SCAN_BATCH plain rows from buf[pos] into batch, hashing each
 * new person id and prefetching its slot in the person table.  Returns the
 * number of rows scanned (0: the row at pos is not plain). */
static inline __attribute__((always_inline)) size_t
batch_rows_with(const yjpi__scan_in *r, const size_t width)
{
    const unsigned char *base = (const unsigned char *)r->buf;
    const unsigned char *end = base + r->end;
    const yjpi_dataset *ds = r->ds;
    const char *pp = "";
    size_t plen = 0, off = r->pos, nb = 0;
    if (ds->last_person != UINT32_MAX) {
        pp = yjpi__strtab_get(&ds->persons, ds->last_person);
        plen = ds->persons.lengths[ds->last_person];
    }
    while (nb < YJPI__SCAN_BATCH && off < r->end) {
        yjpi__prow *b = &r->batch[nb];
        size_t used;
        if (width == 64) {
            used = scan_plain_512(r, base + off, end, b->f);
            if (used == SIZE_MAX)
                used = scan_plain_with(r, base + off, end, b->f, 32);
        } else
            used = scan_plain_with(r, base + off, end, b->f, width);
        if (!used)
            break;
        const yjpi__field *pf = &b->f[YJPI__COL_PERSON_ID];
        b->hashed = pf->len > 0 && pf->len <= YJPI_PERSON_ID_MAX &&
                    !(pf->len == plen && yjpi__bytes_equal(pf->ptr, pp, plen));
        if (b->hashed) {
            b->hash = yjpi__hash_padded(pf->ptr, pf->len);
            yjpi__strtab_prefetch(&ds->persons, b->hash);
        }
        pp = pf->ptr;
        plen = pf->len;
        b->used = (uint32_t)used;
        off += used;
        nb++;
    }
    return nb;
}

static size_t batch_rows_sse2(const yjpi__scan_in *r)
{
    return batch_rows_with(r, 16);
}

__attribute__((target("avx2"))) static size_t batch_rows_avx2(const yjpi__scan_in *r)
{
    return batch_rows_with(r, 32);
}

SCAN512 static size_t batch_rows_512(const yjpi__scan_in *r)
{
    return batch_rows_with(r, 64);
}

yjpi__batch_scan yjpi__csv_batch_scan(int max_width, int *width)
{
    __builtin_cpu_init();
    if (max_width != 16 && max_width != 32 &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vbmi2") &&
        __builtin_cpu_supports("bmi2")) {
        *width = 64;
        return batch_rows_512;
    }
    if (max_width != 16 && __builtin_cpu_supports("avx2")) {
        *width = 32;
        return batch_rows_avx2;
    }
    *width = 16;
    return batch_rows_sse2;
}

#else
/* ISO C forbids an empty translation unit */
typedef int yjpi__csv_scan_x86_unused;
#endif
