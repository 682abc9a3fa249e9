/* csv.c - the cohort CSV reader.
 *
 * Streaming: input is read in chunks of yjpi__tune.csv_chunk_size bytes into one
 * fixed buffer that holds the current chunk plus at most one row carried over
 * from the previous chunk (a row is at most YJPI__ROW_MAX bytes), so memory
 * does not grow with the file.  Each row is scanned once, in place: fields
 * are slices of the buffer, except quoted fields with doubled quotes, which
 * are unescaped into a row-sized scratch area.  A row that does not end
 * inside the buffer is scanned again from its start after the next read (at
 * most once per chunk).
 *
 * Errors carry a "detection index": the last byte of the row's content the
 * scanner had to see to know about them.  An error detected at or after
 * byte YJPI__ROW_MAX of a row is reported as "line too long" instead (that
 * excess byte comes first), which makes every result independent of where
 * chunk boundaries fall.
 */
#include <errno.h>
#include <stddef.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "common/utf8.h"

#include "input/csv_scan.h"


#define DEFAULT_CHUNK ((size_t)128 << 10)
#define PROGRESS_STEP ((uint64_t)16 << 20)
/* Bytes a row scan may look at before the row is known to be too long: the
 * limit plus room for a pending CR, quote or UTF-8 sequence. */
#define SCAN_MAX (YJPI__ROW_MAX + 8)
/* Bytes after the buffer's sentinel, so that the plain-row scan's loads
 * (up to 128 bytes from a row's start, which is at most the sentinel) stay
 * inside the allocation. */
#define PAD 128

/* byte classes */
enum { C_PLAIN = 0, C_COMMA = 1, C_LF = 2, C_QUOTE = 3, C_CR = 4, C_NUL = 5, C_HIGH = 6 };

/* outside quotes: , LF " CR NUL and bytes >= 0x80 stop a scan */
static const uint8_t ucls[256] = {
    5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 4, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
};
/* inside quotes: " LF NUL and bytes >= 0x80 stop a scan */
static const uint8_t qcls[256] = {
    5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
};

/* ---- Reader state -------------------------------------------------------- */

typedef struct reader {
    yjpi_dataset *ds;
    const char *source;
    yjpi_read_options o;
    size_t max_messages;
    /* input */
    FILE *fp;
    const char *mem;
    size_t mem_len, mem_pos;
    char *buf;
    size_t cap, chunk;
    size_t pos, end;        /* unread bytes: buf[pos..end); buf[end] == 0 */
    bool eof;
    bool limited;           /* stop after `left` more bytes of fp */
    bool quiet;             /* no progress callbacks (the second thread) */
    uint64_t left;
    bool second;            /* after the header, go on from split_at */
    bool at_eol;            /* the last row read ended with a line feed */
    /* the second half of a two-thread read does not know its first line's
     * number yet: its lenient-mode messages wait here, lines relative */
    bool deferred;
    struct deferred_msg *dmsgs;
    size_t n_dmsgs, cap_dmsgs;
    uint64_t split_at, split_line;
    struct steal *steal;    /* a half of a two-thread read: may hand over
                             * the end of its range */
    int steal_side;         /* 0 first half, 1 second */
    bool steal_waited;
    uint64_t line;          /* physical line of buf[pos] */
    uint64_t bytes, total, next_progress, rows_at_start;
    /* header */
    size_t ncols;
    int8_t *map;            /* header column -> canonical column or -1 */
    int canon[YJPI__NCOLS]; /* canonical column -> header column or -1 */
    char **names;           /* header names of unknown columns, trimmed */
    uint8_t *dest;          /* header column -> canonical column, or
                             * YJPI__NCOLS (a field nobody reads) */
    yjpi__prow *batch;      /* rows scanned ahead (read_rows) */
    yjpi__batch_scan batch_scan;    /* NULL: row by row */
    int scan_width;         /* its step: 16 (SSE2), 32 (AVX2) or 64 bytes
                             * (AVX-512), 0 with none */
    /* current row */
    yjpi__field *fields;
    size_t *starts;         /* offset of each field's first byte in the row */
    size_t nfields;
    uint32_t lfs;           /* line feeds inside quoted fields */
    size_t term;            /* offset of the row's terminator (or its end) */
    size_t mlq;             /* offset of the opening quote of the row's first
                             * field with a line feed, or SIZE_MAX */
    size_t mlq_field;       /* that field's header column */
    bool open_at_end;       /* a quoted field was open at the end of the
                             * input (or of the range read) */
    bool cr_mode;           /* the header ended with a lone CR: CR and LF
                             * are swapped as bytes are read */
    /* the line number inside the last message of structural(), if any
     * (numlen > 0): where a deferred message must renumber it */
    uint64_t line2;
    size_t numpos, numlen;
    char *scratch;
} reader;

enum { ROW_OK, ROW_BLANK, ROW_MORE, ROW_ERR };

typedef struct scan_err {
    int code;
    size_t at;        /* offset in the row where the error is reported */
    size_t detect;    /* last content byte seen to detect it */
    size_t field;     /* header column, or SIZE_MAX */
    const char *what;
} scan_err;

/* The message for a CR that is not followed by LF (outside quotes). */
static const char *lone_cr(const reader *r)
{
    /* in a file with CR line ends, the bytes seen here are the file's
     * line feeds */
    return r->cr_mode ? "line feed in a file with CR line ends"
                      : "CR not followed by LF (line ends are LF or CRLF)";
}

/* Scans one row at buf[pos..lim); *lim is a sentinel 0 byte.  `expect` is
 * the number of fields a data row must have (0 for the header row, which may
 * have up to YJPI__MAX_COLUMNS).  On ROW_OK/ROW_BLANK *used is the number of
 * bytes the row takes including its line end; on ROW_MORE *used is the
 * number of bytes known to be row content. */
static int scan_row(reader *r, const unsigned char *base, const unsigned char *end,
                    bool eof, size_t expect, size_t *used, scan_err *e)
{
    const unsigned char *p = base;
    size_t maxf = expect ? expect : YJPI__MAX_COLUMNS;
    size_t nf = 0, scn = 0;
    uint32_t lfs = 0;
    char *sc = r->scratch;
    r->mlq = SIZE_MAX;

#define MORE(q) do { *used = (size_t)((q) - base); return ROW_MORE; } while (0)
#define ERR(c, a, d, w) do { e->code = (c); e->at = (size_t)((a) - base); \
        e->detect = (size_t)((d) - base); e->field = nf; e->what = (w); \
        return ROW_ERR; } while (0)

    if (expect) {
        if (p < end && *p == '\n') {
            *used = 1;
            return ROW_BLANK;
        }
        if (p < end && *p == '\r') {
            if (p + 1 == end && !eof)
                MORE(p);
            if (p + 1 < end && p[1] == '\n') {
                *used = 2;
                return ROW_BLANK;
            }
        }
    }
    for (;;) {
        const unsigned char *fs = p;
        const char *fptr;
        size_t flen;
        if (nf == maxf) {
            if (!expect)
                ERR(YJPI_E_LIMIT, fs, fs, "more than 1024 columns in the header");
            e->field = SIZE_MAX;
            ERR(YJPI_E_RAGGED_ROW, fs, fs, "too many fields");
        }
        if (p < end && *p == '"') {
            p++;
            const unsigned char *cs = p;
            size_t sc0 = scn;
            bool copied = false;
            for (;;) {
                while (!qcls[*p])
                    p++;
                if (p == end) {
                    if (!eof)
                        MORE(p);
                    r->open_at_end = true;
                    ERR(YJPI_E_QUOTE, fs, p - 1, "unterminated quoted field");
                }
                switch (qcls[*p]) {
                case C_QUOTE:
                    if (p + 1 == end && !eof)
                        MORE(p);
                    if (p + 1 < end && p[1] == '"') {
                        size_t k = (size_t)(p + 1 - cs);
                        memcpy(sc + scn, cs, k);
                        scn += k;
                        copied = true;
                        p += 2;
                        cs = p;
                        continue;
                    }
                    break;
                case C_LF:
                    if (r->mlq == SIZE_MAX) {
                        r->mlq = (size_t)(fs - base);
                        r->mlq_field = nf;
                    }
                    lfs++;
                    p++;
                    continue;
                case C_NUL:
                    ERR(YJPI_E_NUL_BYTE, p, p, "NUL byte");
                default: { /* C_HIGH */
                    int k = yjpi__utf8_seq(p, end);
                    if (k > 0) {
                        p += k;
                        continue;
                    }
                    if (k == 0 && !eof)
                        MORE(p);
                    ERR(YJPI_E_ENCODING, p, p, "invalid UTF-8");
                }
                }
                break; /* closing quote at p */
            }
            if (copied) {
                size_t k = (size_t)(p - cs);
                memcpy(sc + scn, cs, k);
                scn += k;
                fptr = sc + sc0;
                flen = scn - sc0;
            } else {
                fptr = (const char *)cs;
                flen = (size_t)(p - cs);
            }
            p++;
            /* after the closing quote: a separator, a line end or the end */
            if (p == end) {
                if (!eof)
                    MORE(p);
            } else if (*p == '\r') {
                if (p + 1 == end && !eof)
                    MORE(p);
                if (p + 1 == end || p[1] != '\n')
                    ERR(YJPI_E_ENCODING, p, p, lone_cr(r));
            } else if (*p != ',' && *p != '\n') {
                ERR(YJPI_E_QUOTE, p, p, "text after closing quote");
            }
        } else {
            for (;;) {
                while (!ucls[*p])
                    p++;
                if (p == end) {
                    if (!eof)
                        MORE(p);
                    break;
                }
                int c = ucls[*p];
                if (c == C_COMMA || c == C_LF)
                    break;
                if (c == C_CR) {
                    if (p + 1 == end && !eof)
                        MORE(p);
                    if (p + 1 < end && p[1] == '\n')
                        break;
                    ERR(YJPI_E_ENCODING, p, p, lone_cr(r));
                }
                if (c == C_QUOTE)
                    ERR(YJPI_E_QUOTE, p, p, "quote inside unquoted field");
                if (c == C_NUL)
                    ERR(YJPI_E_NUL_BYTE, p, p, "NUL byte");
                int k = yjpi__utf8_seq(p, end);
                if (k > 0) {
                    p += k;
                    continue;
                }
                if (k == 0 && !eof)
                    MORE(p);
                ERR(YJPI_E_ENCODING, p, p, "invalid UTF-8");
            }
            fptr = (const char *)fs;
            flen = (size_t)(p - fs);
        }
        if (flen > YJPI__FIELD_MAX)
            ERR(YJPI_E_TOO_LONG, fs, p - 1, "field longer than 4096 bytes");
        r->fields[nf].ptr = fptr;
        r->fields[nf].len = flen;
        r->starts[nf] = (size_t)(fs - base);
        nf++;
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        /* line end or end of input */
        r->term = (size_t)(p - base);
        r->nfields = nf;
        r->lfs = lfs;
        if (p == end)
            *used = (size_t)(p - base);
        else
            *used = (size_t)(p - base) + (*p == '\r' ? 2 : 1);
        if (expect && nf < expect) {
            e->field = SIZE_MAX;
            ERR(YJPI_E_RAGGED_ROW, p, p - 1, "too few fields");
        }
        return ROW_OK;
    }
#undef MORE
#undef ERR
}

/* ---- Input --------------------------------------------------------------- */

typedef struct deferred_msg {
    int code;
    uint64_t line, col;
    char *text;
    /* a second line number inside the text (numlen > 0): line2, written
     * at text[numpos..numpos + numlen) */
    uint64_t line2;
    size_t numpos, numlen;
} deferred_msg;

static void free_deferred(reader *r)
{
    for (size_t i = 0; i < r->n_dmsgs; i++)
        yjpi__free(r->dmsgs[i].text);
    yjpi__free(r->dmsgs);
    r->dmsgs = NULL;
    r->n_dmsgs = r->cap_dmsgs = 0;
}

static void progress(reader *r)
{
    if (r->o.progress && !r->quiet)
        r->o.progress(r->bytes, r->total,
                      r->ds->counts[YJPI_COUNT_ROWS_READ] - r->rows_at_start,
                      r->o.progress_user);
}

/* A file with CR line ends is read as one with LF line ends: its CRs and
 * LFs are swapped as they are read (a LF there, now a lone CR, is an error
 * outside quotes; inside quotes it is kept as a CR). */
static void swap_cr_lf(char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        s[i] = c == '\r' ? '\n' : c == '\n' ? '\r' : c;
    }
}

/* Keeps buf[pos..end), moves it to the front and reads one more chunk. */
static void steal_answer(reader *r);

static int refill(reader *r, yjpi_error *err)
{
    if (r->steal && r->limited && r->fp)
        steal_answer(r);
    size_t keep = r->end - r->pos;
    if (r->pos) {
        memmove(r->buf, r->buf + r->pos, keep);
        r->pos = 0;
        r->end = keep;
    }
    size_t room = r->cap - r->end;
    size_t want = r->chunk < room ? r->chunk : room;
    size_t n;
    if (r->fp) {
        if (r->limited && want > r->left)
            want = (size_t)r->left;
        n = want ? fread(r->buf + r->end, 1, want, r->fp) : 0;
        if (r->limited) {
            r->left -= n;
            if (r->left == 0)
                r->eof = true;
        }
        if (n < want) {
            if (ferror(r->fp)) {
                int e = errno;
                char why[128] = "";
                if (!e || strerror_r(e, why, sizeof why) != 0)
                    snprintf(why, sizeof why, "%s", "unknown reason");
                return yjpi__error_set(err, YJPI_E_IO, r->source, 0, 0,
                                       "cannot read: %s", why);
            }
            r->eof = true;
        }
    } else {
        n = r->mem_len - r->mem_pos;
        if (n > want)
            n = want;
        memcpy(r->buf + r->end, r->mem + r->mem_pos, n);
        r->mem_pos += n;
        if (r->mem_pos == r->mem_len)
            r->eof = true;
    }
    if (r->cr_mode)
        swap_cr_lf(r->buf + r->end, n);
    r->end += n;
    r->buf[r->end] = '\0';
    r->bytes += n;
    r->ds->counts[YJPI_COUNT_BYTES_READ] += n;
    if (r->bytes >= r->next_progress) {
        r->next_progress += PROGRESS_STEP;
        progress(r);
    }
    return YJPI_OK;
}

/* Line and column of row offset `at`, the row starting at buf[pos]. */
static void locate(const reader *r, size_t at, uint64_t *line, uint64_t *col)
{
    const char *b = r->buf + r->pos;
    uint64_t l = r->line;
    size_t ls = 0;
    for (size_t i = 0; i < at; i++)
        if (b[i] == '\n') {
            l++;
            ls = i + 1;
        }
    *line = l;
    *col = at - ls + 1;
}

/* Skips a bad row's first physical line (from the row's start to the
 * first line feed, quotes or not): a bad row costs that line only, even
 * when a quote opened on it runs on (see structural()). */
static int skip_line(reader *r, yjpi_error *err)
{
    for (;;) {
        const char *lf = memchr(r->buf + r->pos, '\n', r->end - r->pos);
        if (lf) {
            r->pos = (size_t)(lf - r->buf) + 1;
            r->line++;
            r->at_eol = true;
            return YJPI_OK;
        }
        r->pos = r->end;
        if (r->eof) {
            r->at_eol = false;
            return YJPI_OK;
        }
        int rc = refill(r, err);
        if (rc)
            return rc;
    }
}

static const char *column_name(const reader *r, size_t h)
{
    if (h >= r->ncols)
        return NULL;
    if (r->map[h] >= 0)
        return yjpi__column_names[r->map[h]];
    return r->names[h];
}

/* Reports a row error: strict mode stops with it, lenient mode counts and
 * keeps it and goes on.  `counted` when the validator already counted the row. */
static int row_error(reader *r, int code, uint64_t line, uint64_t col,
                     const char *msg, yjpi_error *err)
{
    if (!r->o.lenient)
        return yjpi__error_set(err, code, r->source, line, col, "%s", msg);
    if (r->deferred) {
        if (r->n_dmsgs >= r->max_messages)
            return YJPI_OK;
        if (r->n_dmsgs == r->cap_dmsgs) {
            size_t nc = r->cap_dmsgs ? 2 * r->cap_dmsgs : 16;
            deferred_msg *d = yjpi__reallocarray(r->dmsgs, nc, sizeof *d);
            if (!d)
                return yjpi__error_set(err, YJPI_E_NOMEM, r->source, 0, 0,
                                       "out of memory");
            r->dmsgs = d;
            r->cap_dmsgs = nc;
        }
        deferred_msg *d = &r->dmsgs[r->n_dmsgs];
        if (!(d->text = yjpi__strdup(msg)))
            return yjpi__error_set(err, YJPI_E_NOMEM, r->source, 0, 0,
                                   "out of memory");
        d->code = code;
        d->line = line;
        d->col = col;
        d->line2 = r->line2;
        d->numpos = r->numpos;
        d->numlen = r->numlen;
        r->n_dmsgs++;
        return YJPI_OK;
    }
    yjpi_error tmp;
    yjpi__error_set(&tmp, code, r->source, line, col, "%s", msg);
    if (yjpi__dataset_keep_message(r->ds, tmp.message, r->max_messages))
        return yjpi__error_set(err, YJPI_E_NOMEM, r->source, 0, 0,
                               "out of memory");
    return YJPI_OK;
}

/* Final code, offset and message text of a structural row error. */
static int structural(reader *r, const scan_err *e, size_t *at,
                      char *msg, size_t size)
{
    int code = e->code;
    const char *what = e->what;
    r->numlen = 0;
    size_t field = e->field;
    *at = e->at;
    if (e->detect >= YJPI__ROW_MAX) {
        code = YJPI_E_TOO_LONG;
        *at = YJPI__ROW_MAX;
        what = "line longer than 65536 bytes";
        field = SIZE_MAX;
    }
    const char *name = field == SIZE_MAX ? NULL : column_name(r, field);
    if (code == YJPI_E_RAGGED_ROW) {
        snprintf(msg, size, "%s: expected %zu", what, r->ncols);
    } else if (code == YJPI_E_TOO_LONG && name) {
        char q[256];
        const char *b = r->buf + r->pos + *at;
        if (*b == '"')
            b++;
        yjpi__quote_value(q, sizeof q, b, 64);
        snprintf(msg, size, "%s (column %s, value \"%s\")", what, name, q);
    } else if (name) {
        snprintf(msg, size, "%s (column %s)", what, name);
    } else {
        snprintf(msg, size, "%s", what);
    }
    if (r->mlq != SIZE_MAX &&
        !(code == YJPI_E_QUOTE && e->at == r->mlq && e->detect < YJPI__ROW_MAX)) {
        /* the row went wrong after a quoted field ran past the end of its
         * line: most likely that quote is stray, and the rest of the file
         * is not one long field.  The error is the quote's, and reading
         * goes on at the line after the quote's (skip_line).  (That
         * quote unterminated at the end of the input is reported as it
         * is.) */
        uint64_t line, col;
        char why[YJPI_ERROR_MESSAGE_SIZE];
        locate(r, e->detect < YJPI__ROW_MAX ? e->detect : YJPI__ROW_MAX, &line, &col);
        snprintf(why, sizeof why, "%s", msg);
        const char *qname = column_name(r, r->mlq_field);
        int k = snprintf(msg, size, "quoted field runs past the end of its line%s%s%s; "
                         "the row goes wrong at line ",
                         qname ? " (column " : "", qname ? qname : "", qname ? ")" : "");
        char num[24];
        int nk = snprintf(num, sizeof num, "%llu", (unsigned long long)line);
        snprintf(msg + k, size - (size_t)k, "%s: %.*s", num, (int)(size / 2), why);
        r->line2 = line;
        r->numpos = (size_t)k;
        r->numlen = (size_t)nk;
        *at = r->mlq;
        code = YJPI_E_QUOTE;
    }
    return code;
}

/* Scans the row at buf[pos], looking at no more than SCAN_MAX bytes. */
static int scan(reader *r, size_t expect, size_t *used, scan_err *e)
{
    unsigned char *base = (unsigned char *)r->buf + r->pos;
    unsigned char *end = (unsigned char *)r->buf + r->end;
    unsigned char *lim = end;
    bool eof = r->eof;
    unsigned char saved = 0;
    if ((size_t)(end - base) > SCAN_MAX) {
        lim = base + SCAN_MAX;
        saved = *lim;
        *lim = 0;
        eof = false;
    }
    int st = scan_row(r, base, lim, eof, expect, used, e);
    if (lim != end)
        *lim = saved;
    if (st == ROW_MORE && *used > YJPI__ROW_MAX) {
        /* content beyond the limit: too long, whatever follows */
        e->code = YJPI_E_TOO_LONG;
        e->at = e->detect = YJPI__ROW_MAX;
        e->field = SIZE_MAX;
        e->what = "line longer than 65536 bytes";
        return ROW_ERR;
    }
    if (st == ROW_OK && r->term > YJPI__ROW_MAX) {
        e->code = YJPI_E_TOO_LONG;
        e->at = e->detect = YJPI__ROW_MAX;
        e->field = SIZE_MAX;
        e->what = "line longer than 65536 bytes";
        return ROW_ERR;
    }
    return st;
}

static bool name_is(const char *s, size_t n, const char *canon)
{
    size_t k = strlen(canon);
    if (n != k)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + ('a' - 'A'));
        if (c != canon[i])
            return false;
    }
    return true;
}

/* Looks for the header's line end (outside quotes): when it is a lone CR
 * the file has CR line ends, and is read from here on with CR and LF
 * swapped. */
static int detect_cr(reader *r, yjpi_error *err)
{
    size_t i = 0;       /* from pos */
    bool quoted = false;
    for (;;) {
        const char *b = r->buf + r->pos;
        size_t n = r->end - r->pos;
        while (i < n && (quoted || (b[i] != '\r' && b[i] != '\n'))) {
            if (b[i] == '"')
                quoted = !quoted;
            i++;
        }
        if (i < n && (b[i] == '\n' || i + 1 < n || r->eof))
            break;
        if (r->eof || i > SCAN_MAX)
            return YJPI_OK;    /* no line end: scan_row() says what is wrong */
        int rc = refill(r, err);
        if (rc)
            return rc;
    }
    const char *b = r->buf + r->pos;
    if (b[i] == '\r' && (r->pos + i + 1 == r->end || b[i + 1] != '\n')) {
        r->cr_mode = true;
        swap_cr_lf(r->buf + r->pos, r->end - r->pos);
    }
    return YJPI_OK;
}

/* Lower case, with space and dash read as underscore. */
static char norm_char(char c)
{
    if (c >= 'A' && c <= 'Z')
        return (char)(c + ('a' - 'A'));
    return c == ' ' || c == '-' ? '_' : c;
}

/* Edit distance between s[0..n) (normalised) and known column name k,
 * or a large number when either is long. */
static size_t name_distance(const char *s, size_t n, const char *k)
{
    size_t m = strlen(k);
    if (n > 40 || m > 40)
        return SIZE_MAX;
    size_t row[41];
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t best = diag + (norm_char(s[i - 1]) != k[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

/* The known column an unknown header name was most likely meant to be, or
 * NULL: the same name once case, spaces, dashes and underscores are made
 * alike; else the nearest name at most 2 edits away (1 for names of up to
 * 4 bytes); else a known name of 5 or more bytes that the name contains
 * ("is_breach"). */
static const char *nearest_column(const char *s, size_t n)
{
    const char *best = NULL;
    size_t bd = SIZE_MAX;
    for (int c = 0; c < YJPI__NCOLS; c++) {
        const char *k = yjpi__column_names[c];
        size_t d = name_distance(s, n, k);
        size_t m = strlen(k);
        if (d <= (m <= 4 ? 1u : 2u) && d < bd) {
            bd = d;
            best = k;
        }
    }
    if (best)
        return best;
    for (int c = 0; c < YJPI__NCOLS; c++) {
        const char *k = yjpi__column_names[c];
        size_t m = strlen(k);
        for (size_t i = 0; m >= 5 && i + m <= n; i++) {
            size_t j = 0;
            while (j < m && norm_char(s[i + j]) == k[j])
                j++;
            if (j == m)
                return k;
        }
    }
    return NULL;
}

static int read_header(reader *r, yjpi_error *err)
{
    int rc;
    while (r->end - r->pos < 3 && !r->eof)
        if ((rc = refill(r, err)) != YJPI_OK)
            return rc;
    if (r->end - r->pos >= 3 && memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3) == 0)
        r->pos += 3;
    while (r->pos == r->end && !r->eof)
        if ((rc = refill(r, err)) != YJPI_OK)
            return rc;
    if (r->pos == r->end)
        return yjpi__error_set(err, YJPI_E_EMPTY_FILE, r->source, 1, 1,
                               "empty file: no header row");
    r->line = 1;
    if ((rc = detect_cr(r, err)) != YJPI_OK)
        return rc;
    size_t used = 0;
    scan_err e;
    for (;;) {
        int st = scan(r, 0, &used, &e);
        if (st == ROW_OK)
            break;
        if (st == ROW_MORE) {
            if ((rc = refill(r, err)) != YJPI_OK)
                return rc;
            continue;
        }
        char msg[YJPI_ERROR_MESSAGE_SIZE];
        size_t at;
        uint64_t line, col;
        int code = structural(r, &e, &at, msg, sizeof msg);
        locate(r, at, &line, &col);
        return yjpi__error_set(err, code, r->source, line, col, "%s (header)", msg);
    }
    size_t n = r->nfields;
    r->ncols = n;
    r->map = yjpi__calloc(n, sizeof *r->map);
    r->names = yjpi__calloc(n, sizeof *r->names);
    if (!r->map || !r->names)
        return yjpi__error_set(err, YJPI_E_NOMEM, r->source, 0, 0, "out of memory");
    for (int c = 0; c < YJPI__NCOLS; c++)
        r->canon[c] = -1;
    for (size_t h = 0; h < n; h++) {
        const char *s = r->fields[h].ptr;
        size_t len = r->fields[h].len;
        while (len && (*s == ' ' || *s == '\t')) {
            s++;
            len--;
        }
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        uint64_t line, col;
        int c = 0;
        while (c < YJPI__NCOLS && !name_is(s, len, yjpi__column_names[c]))
            c++;
        if (c < YJPI__NCOLS) {
            if (r->canon[c] >= 0) {
                uint64_t l1, c1;
                locate(r, r->starts[r->canon[c]], &l1, &c1);
                locate(r, r->starts[h], &line, &col);
                return yjpi__error_set(err, YJPI_E_DUPLICATE_COLUMN, r->source,
                                       line, col,
                                       "duplicate column (column %s, first at "
                                       "%llu:%llu)", yjpi__column_names[c],
                                       (unsigned long long)l1,
                                       (unsigned long long)c1);
            }
            r->canon[c] = (int)h;
            r->map[h] = (int8_t)c;
            continue;
        }
        r->map[h] = -1;
        r->names[h] = yjpi__strndup(s, len);
        if (!r->names[h])
            return yjpi__error_set(err, YJPI_E_NOMEM, r->source, 0, 0, "out of memory");
        char q[256];
        yjpi_error note;
        locate(r, r->starts[h], &line, &col);
        const char *near = nearest_column(s, len);
        yjpi__error_set(&note, YJPI_OK, r->source, line, col,
                        "note: unknown column \"%s\" ignored%s%s%s",
                        yjpi__quote_value(q, sizeof q, s, len),
                        near ? " (did you mean \"" : "", near ? near : "",
                        near ? "\"?)" : "");
        if (yjpi__dataset_add_note(r->ds, note.message))
            return yjpi__error_set(err, YJPI_E_NOMEM, r->source, 0, 0, "out of memory");
    }
    for (int c = 0; c <= YJPI__COL_OUTCOME; c++)
        if (r->canon[c] < 0)
            return yjpi__error_set(err, YJPI_E_MISSING_COLUMN, r->source, 1, 1,
                                   "missing required column (column %s)",
                                   yjpi__column_names[c]);
    for (int c = YJPI__COL_OUTCOME + 1; c < YJPI__NCOLS; c++)
        if (r->canon[c] < 0) {
            yjpi_error note;
            yjpi__error_set(&note, YJPI_OK, r->source, 1, 1,
                            "note: no \"%s\" column", yjpi__column_names[c]);
            if (yjpi__dataset_missing_column(r->ds, c, note.message))
                return yjpi__error_set(err, YJPI_E_NOMEM, r->source, 0, 0,
                                       "out of memory");
        }
    /* the batch scanner's slots: absent columns stay empty */
    r->dest = yjpi__calloc(n + 32, sizeof *r->dest);
    r->batch = yjpi__calloc(YJPI__SCAN_BATCH, sizeof *r->batch);
    r->batch_scan = yjpi__csv_batch_scan(yjpi__tune.csv_scan_width, &r->scan_width);
    /* (both halves of a two-thread read store it) */
    __atomic_store_n(&yjpi__tune.csv_scan_used, r->scan_width, __ATOMIC_RELAXED);
    if (!r->dest || !r->batch)
        return yjpi__error_set(err, YJPI_E_NOMEM, r->source, 0, 0, "out of memory");
    for (size_t h = 0; h < n + 32; h++)
        r->dest[h] = (uint8_t)(h < n && r->map[h] >= 0 ? r->map[h] : YJPI__NCOLS);
    for (size_t i = 0; i < YJPI__SCAN_BATCH; i++)
        for (int c = 0; c <= YJPI__NCOLS; c++)
            r->batch[i].f[c].ptr = yjpi__zero_pad;
    r->at_eol = used > r->term;
    r->pos += used;
    r->line += 1 + r->lfs;
    return YJPI_OK;
}

/* Reports the validator's verdict rc on the row at buf[pos] (a value in
 * canonical column bad, -1 when not known; r->starts holds the row's field
 * offsets): returns YJPI_OK to go on with the next row (lenient mode), else
 * what read_rows() returns. */
static int value_error(reader *r, int rc, int bad, const char *msg, yjpi_error *err)
{
    uint64_t line, col;
    int h = bad >= 0 && bad < YJPI__NCOLS ? r->canon[bad] : -1;
    locate(r, h >= 0 ? r->starts[h] : 0, &line, &col);
    r->numlen = 0;  /* no line number inside the validator's messages */
    int rc2 = row_error(r, rc, line, col, msg, err);
    if (rc2 != YJPI_OK)
        return rc2;
    return r->o.lenient ? YJPI_OK : rc;
}

/* Validates the nb rows of r->batch in order, as read_rows() does one row.
 * Returns YJPI_OK to go on, else what read_rows() returns. */
static int add_batch(reader *r, size_t nb, char *msg, yjpi_error *err)
{
    /* a row's person id was compared with the row before's (the first's
     * with the last person's): the same as the last person only when the
     * row before was kept */
    bool before_kept = true;
    for (size_t i = 0; i < nb; i++) {
        const yjpi__prow *b = &r->batch[i];
        int bad = 0;
        int person = b->hashed ? YJPI__PERSON_HASHED
                   : before_kept ? YJPI__PERSON_SAME : YJPI__PERSON_UNKNOWN;
        size_t kept = r->ds->n_rows;
        const yjpi__row_hint hint = {true, person, b->hash};
        int rc = yjpi__dataset_add_fields_hint(r->ds, b->f, &hint,
                                               &bad, msg, YJPI_ERROR_MESSAGE_SIZE);
        before_kept = r->ds->n_rows > kept;
        if (rc == YJPI_E_NOMEM || rc == YJPI_E_LIMIT)
            return yjpi__error_set(err, rc, r->source, r->line, 0, "%s",
                                   yjpi_strerror(rc));
        if (rc != YJPI_OK) {
            /* the fields' offsets, for the column: scan the row again */
            size_t used = 0;
            scan_err e;
            if (scan(r, r->ncols, &used, &e) != ROW_OK)
                bad = -1;
            if ((rc = value_error(r, rc, bad, msg, err)) != YJPI_OK)
                return rc;
        }
        r->at_eol = true;
        r->pos += b->used;
        r->line++;
    }
    return YJPI_OK;
}

static int read_rows(reader *r, yjpi_error *err)
{
    int rc;
    char msg[YJPI_ERROR_MESSAGE_SIZE];
    for (;;) {
        if (r->pos == r->end) {
            if (r->eof)
                return YJPI_OK;
            if ((rc = refill(r, err)) != YJPI_OK)
                return rc;
            continue;
        }
        if (r->batch_scan) {
            yjpi__scan_in in = {r->buf, r->pos, r->end, r->ncols, r->dest, r->batch, r->ds};
            size_t nb = r->batch_scan(&in);
            if (nb) {
                if ((rc = add_batch(r, nb, msg, err)) != YJPI_OK)
                    return rc;
                continue;
            }
        }
        size_t used = 0;
        scan_err e;
        int st = scan(r, r->ncols, &used, &e);
        if (st == ROW_MORE) {
            if ((rc = refill(r, err)) != YJPI_OK)
                return rc;
            continue;
        }
        if (st == ROW_BLANK) {
            r->pos += used;
            r->line++;
            r->at_eol = true;
            continue;
        }
        uint64_t line, col;
        if (st == ROW_ERR) {
            size_t at;
            int code = structural(r, &e, &at, msg, sizeof msg);
            yjpi__dataset_reject(r->ds, code);
            locate(r, at, &line, &col);
            if ((rc = row_error(r, code, line, col, msg, err)) != YJPI_OK)
                return rc;
            if (!r->o.lenient)
                return code;
            if ((rc = skip_line(r, err)) != YJPI_OK)
                return rc;
            continue;
        }
        yjpi__field f[YJPI__NCOLS];
        for (int c = 0; c < YJPI__NCOLS; c++) {
            int h = r->canon[c];
            if (h >= 0) {
                f[c] = r->fields[h];
            } else {
                f[c].ptr = "";
                f[c].len = 0;
            }
        }
        int bad = 0;
        rc = yjpi__dataset_add_fields(r->ds, f, &bad, msg, sizeof msg);
        if (rc == YJPI_E_NOMEM || rc == YJPI_E_LIMIT) {
            return yjpi__error_set(err, rc, r->source, r->line, 0, "%s",
                                   yjpi_strerror(rc));
        }
        if (rc != YJPI_OK && (rc = value_error(r, rc, bad, msg, err)) != YJPI_OK)
            return rc;
        r->at_eol = used > r->term;
        r->pos += used;
        r->line += 1 + r->lfs;
    }
}

/* Bytes of a cohort file per distinct person, for sizing the person table
 * before a large file is read (a few rows of about 100 bytes a person):
 * the table then need not be rebuilt as it grows. */
#define BYTES_PER_PERSON 400

static void presize_persons(reader *r)
{
    yjpi__strtab *t = &r->ds->persons;
    uint64_t span = r->second || r->limited ? r->left : r->total;
    if (!r->fp || yjpi__strtab_count(t) || !yjpi__allocator_is_default() ||
        span / BYTES_PER_PERSON < 65536 || span / BYTES_PER_PERSON > UINT32_MAX / 4)
        return;
    /* only a hint: when memory is short the table grows as usual */
    (void)yjpi__strtab_reserve(t, (size_t)(span / BYTES_PER_PERSON));
}

static int read_common(yjpi_dataset *ds, reader *r, const yjpi_read_options *opts,
                       yjpi_error *err)
{
    memset(&r->o, 0, sizeof r->o);
    if (opts) {
        size_t n = opts->size < sizeof r->o ? opts->size : sizeof r->o;
        memcpy(&r->o, opts, n);
    }
    r->ds = ds;
    r->max_messages = r->o.max_messages ? r->o.max_messages : 100;
    r->chunk = yjpi__tune.csv_chunk_size ? yjpi__tune.csv_chunk_size : DEFAULT_CHUNK;
    r->cap = r->chunk + SCAN_MAX + 8;
    size_t scratch = SCAN_MAX + 8, ncols = YJPI__MAX_COLUMNS;
    if (!r->fp && r->mem_len < r->chunk) {
        /* a small buffer is read in one go: room for it (and the padding
         * the scans need) is enough, rows need not be carried over, no row
         * or header can be longer, nor have more fields than bytes + 1 */
        r->chunk = r->mem_len ? r->mem_len : 1;
        r->cap = r->chunk + 8;
        scratch = r->mem_len + 8;
        if (r->mem_len + 2 < ncols)
            ncols = r->mem_len + 2;
    }
    r->next_progress = PROGRESS_STEP;
    r->rows_at_start = ds->counts[YJPI_COUNT_ROWS_READ];
    r->buf = yjpi__calloc(r->cap + 1 + PAD, 1);
    r->scratch = yjpi__malloc(scratch);
    r->fields = yjpi__calloc(ncols, sizeof *r->fields);
    r->starts = yjpi__calloc(ncols, sizeof *r->starts);
    int rc;
    if (!r->buf || !r->scratch || !r->fields || !r->starts) {
        rc = yjpi__error_set(err, YJPI_E_NOMEM, r->source, 0, 0, "out of memory");
    } else {
        r->buf[0] = '\0';
        rc = read_header(r, err);
        if (rc == YJPI_OK && r->second) {
            /* the second half: its rows start at a line feed at split_at */
            if (fseeko(r->fp, (off_t)r->split_at, SEEK_SET) != 0) {
                rc = yjpi__error_set(err, YJPI_E_IO, r->source, 0, 0, "seek error");
            } else {
                r->pos = r->end = 0;
                r->buf[0] = '\0';
                r->limited = true;
                r->eof = r->left == 0;
                r->line = r->split_line;
                ds->counts[YJPI_COUNT_BYTES_READ] = 0;
            }
        }
        if (rc == YJPI_OK)
            presize_persons(r);
        if (rc == YJPI_OK)
            rc = read_rows(r, err);
        progress(r);
    }
    yjpi__free(r->buf);
    yjpi__free(r->scratch);
    yjpi__free(r->fields);
    yjpi__free(r->starts);
    yjpi__free(r->map);
    yjpi__free(r->dest);
    yjpi__free(r->batch);
    if (r->names)
        for (size_t h = 0; h < r->ncols; h++)
            yjpi__free(r->names[h]);
    yjpi__free(r->names);
    return rc;
}

static int check_args(yjpi_dataset *ds, const void *src, yjpi_error *err)
{
    yjpi__error_clear(err);
    if (!ds || !src)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "invalid argument (NULL dataset or input)");
    if (ds->reading)
        return yjpi__error_set(err, YJPI_E_STATE, NULL, 0, 0,
                               "dataset is being read (a progress callback "
                               "may not start another read of it)");
    if (ds->finished)
        return yjpi__error_set(err, YJPI_E_STATE, NULL, 0, 0,
                               "dataset already finished");
    return YJPI_OK;
}

/* ---- Two threads for a large regular file --------------------------------
 *
 * The file is cut after the first line feed at or after its middle; one
 * thread reads up to the cut (straight into ds), the other from the cut into
 * a dataset of its own.  The reader is deterministic, so the first thread's
 * state at the cut is the serial reader's; the cut is a record boundary
 * exactly when the first thread's last row ended with that line feed (not,
 * say, inside a quoted field with a line break, which the first thread sees
 * as unterminated at its end).  Only then is its result kept: the second
 * half is merged into ds (its strings interned into ds's tables in its
 * first-seen order, its rows appended with the indices remapped, its
 * lenient-mode messages rendered with line numbers offset by the first
 * half's lines), so tables, rows, counts and messages are those of the
 * serial read.  Otherwise, and when either half returns an error (strict
 * mode, an I/O error, out of memory), ds is emptied and the file read again
 * serially, so the error and everything kept before it are the serial
 * reader's too.  The path is taken only for an untouched dataset, without
 * an allocator hook (a hook may not be thread-safe); the progress callback
 * is called from the calling thread only.
 */

/* One part of a two-thread read: a range of the file read into a dataset
 * of its own (lines numbered from 1, messages waiting for the offset). */
typedef struct part {
    reader r;
    yjpi_dataset *ds;
    int rc;
    yjpi_error err;
} part;

/*
 * Sharing the work: the halves seldom take the same time (a busy machine
 * slows one thread more than the other), so the thread done first asks the
 * other for the end of its range.  The other answers at its next read from
 * the file: when at least twice yjpi__tune.csv_steal_min bytes (default 4 MiB)
 * are still ahead of it, it gives away everything after the first line feed
 * past the middle of them, and reads up to there only.  The asking thread
 * reads the piece as a part of its own, merged right after the range it
 * came from; the piece's cut is checked like the middle one.  One piece at
 * most is given.
 */
typedef struct steal {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int request;        /* asked and not answered (read atomically) */
    int asker;          /* the side that asked */
    int answered;       /* an answer was given (no more asking) */
    int done[2];        /* each side's own range is read */
    uint64_t q, end;    /* the answer: the piece [q, end); q 0 = none */
} steal;

typedef struct half {
    part b;                     /* the second half: [mid, size) */
    part piece;                 /* a piece of the other side's range */
    bool has_piece;
    const yjpi_reference *ref;
    const char *path;
    uint64_t mid, size;
    const yjpi_read_options *opts;
    steal *st;
} half;

/* The offset just after the first line feed in [from, limit) of fd within
 * 1 MiB of from, or 0. */
static uint64_t next_line_start(int fd, uint64_t from, uint64_t limit)
{
    char probe[4096];
    for (uint64_t off = from; off < limit && off - from < ((uint64_t)1 << 20);) {
        size_t want = limit - off < sizeof probe ? (size_t)(limit - off) : sizeof probe;
        ssize_t got = pread(fd, probe, want, (off_t)off);
        if (got <= 0)
            return 0;
        const char *lf = memchr(probe, '\n', (size_t)got);
        if (lf) {
            uint64_t q = off + (uint64_t)(lf - probe) + 1;
            return q < limit ? q : 0;
        }
        off += (uint64_t)got;
    }
    return 0;
}

/* Called by a half's reader before each read from its file. */
static void steal_answer(reader *r)
{
    steal *st = r->steal;
    if (yjpi__tune.csv_steal_wait == 1 + r->steal_side && !r->steal_waited) {
        /* tests: this side waits for the other to be done, so that it is
         * asked for a piece */
        r->steal_waited = true;
        pthread_mutex_lock(&st->mu);
        while (!st->done[!r->steal_side])
            pthread_cond_wait(&st->cv, &st->mu);
        pthread_mutex_unlock(&st->mu);
    }
    if (!__atomic_load_n(&st->request, __ATOMIC_ACQUIRE))
        return;
    pthread_mutex_lock(&st->mu);
    if (st->request && !st->answered && st->asker != r->steal_side) {
        uint64_t min = yjpi__tune.csv_steal_min ? yjpi__tune.csv_steal_min : (uint64_t)4 << 20;
        off_t at = ftello(r->fp);   /* where the file is read up to */
        uint64_t q = 0;
        if (at >= 0 && r->left >= 2 * min)
            q = next_line_start(fileno(r->fp), (uint64_t)at + r->left / 2,
                                (uint64_t)at + r->left);
        if (q) {
            st->end = (uint64_t)at + r->left;
            r->left = q - (uint64_t)at;
        }
        st->q = q;
        st->answered = 1;
        __atomic_store_n(&st->request, 0, __ATOMIC_RELEASE);
        pthread_cond_broadcast(&st->cv);
    }
    pthread_mutex_unlock(&st->mu);
}

/* Called by a side whose own range is read (ok: without an error): asks
 * the other side for a piece while it is still reading.  Returns q of the
 * piece [q, *end) given to this side, or 0. */
static uint64_t ask_piece(steal *st, int side, bool ok, uint64_t *end)
{
    pthread_mutex_lock(&st->mu);
    st->done[side] = 1;
    pthread_cond_broadcast(&st->cv);
    uint64_t q = 0;
    if (ok && !st->done[!side] && !st->answered && !st->request) {
        st->asker = side;
        __atomic_store_n(&st->request, 1, __ATOMIC_RELEASE);
        while (!st->answered && !st->done[!side])
            pthread_cond_wait(&st->cv, &st->mu);
        if (!st->answered) {
            st->answered = 1;   /* the other side ended first */
            st->q = 0;
        }
        __atomic_store_n(&st->request, 0, __ATOMIC_RELEASE);
        q = st->q;
        *end = st->end;
    }
    pthread_mutex_unlock(&st->mu);
    return q;
}

/* Reads [from, from + len) of the file fp reads (after its header) into a
 * new dataset p->ds (with ref), numbering lines from 1; p->ds must be NULL
 * and p->r zeroed but for its steal fields. */
static void read_part(part *p, const yjpi_reference *ref, const char *path,
                      FILE *fp, uint64_t from, uint64_t len, uint64_t total,
                      const yjpi_read_options *opts)
{
    p->r.source = path;
    p->r.fp = fp;
    p->r.second = true;
    p->r.split_at = from;
    p->r.left = len;
    p->r.quiet = true;
    p->r.total = total;
    p->r.split_line = 1;    /* relative: the parts before give the offset */
    p->r.deferred = true;
    if (fseeko(fp, 0, SEEK_SET) != 0) {
        p->rc = YJPI_E_IO;
        return;
    }
    if (yjpi_dataset_new(ref, &p->ds) != YJPI_OK) {
        p->rc = YJPI_E_NOMEM;
        return;
    }
    p->rc = read_common(p->ds, &p->r, opts, &p->err);
}

static void *second_half(void *arg)
{
    half *h = arg;
    part *b = &h->b;
    read_part(b, h->ref, h->path, b->r.fp, h->mid, h->size - h->mid, h->size,
              h->opts);
    uint64_t end = 0;
    uint64_t q = ask_piece(h->st, 1, b->rc == YJPI_OK, &end);
    if (q) {
        h->has_piece = true;
        read_part(&h->piece, h->ref, h->path, b->r.fp, q, end - q, h->size,
                  h->opts);
    }
    return NULL;
}

static void reset_dataset(yjpi_dataset *ds)
{
    ds->n_rows = 0;
    yjpi__strtab_free(&ds->persons);
    yjpi__strtab_free(&ds->areas);
    yjpi__strtab_free(&ds->ethnicities);
    yjpi__strtab_free(&ds->offence_types);
    yjpi__strtab_init(&ds->persons);
    yjpi__strtab_init(&ds->areas);
    yjpi__strtab_init(&ds->ethnicities);
    yjpi__strtab_init(&ds->offence_types);
    memset(ds->counts, 0, sizeof ds->counts);
    memset(ds->rejected, 0, sizeof ds->rejected);
    for (size_t i = 0; i < ds->n_messages; i++)
        yjpi__free(ds->messages[i]);
    ds->n_messages = 0;
    for (size_t i = 0; i < ds->n_notes; i++)
        yjpi__free(ds->notes[i]);
    ds->n_notes = 0;
    ds->last_person = UINT32_MAX;
    memset(&ds->area_cache, 0, sizeof ds->area_cache);
    memset(&ds->ethnicity_cache, 0, sizeof ds->ethnicity_cache);
    memset(&ds->offence_type_cache, 0, sizeof ds->offence_type_cache);
    ds->first_outcome = ds->last_outcome = YJPI_NO_DATE;
}

static bool untouched(const yjpi_dataset *ds)
{
    if (ds->n_rows || ds->n_messages || ds->n_notes || ds->record_calls ||
        yjpi__strtab_count(&ds->persons))
        return false;
    for (size_t i = 0; i < sizeof ds->counts / sizeof ds->counts[0]; i++)
        if (ds->counts[i])
            return false;
    return true;
}

/* ---- the merge's two-thread steps ---- */

typedef struct pjob {
    void (*fn)(struct pjob *);
    const yjpi__strtab *t, *src;
    uint64_t *slots;
    size_t n_slots, i0, i1;
    uint32_t *map;
    /* row moves */
    yjpi__row *dst;
    const yjpi__row *from;
    uint32_t *const *maps;
} pjob;

static void pjob_run(void *arg)
{
    pjob *j = arg;
    j->fn(j);
}

/* Runs j[0] on this thread and j[1] on another (both here if `two` is
 * false or no thread can be started): they touch disjoint data. */
static void run_two(pjob j[2], bool two)
{
    yjpi__run_two(pjob_run, &j[0], &j[1], two);
}

static void job_find(pjob *j)
{
    yjpi__strtab_find_range(j->t, j->src, j->i0, j->i1, j->map);
}

static void job_fill(pjob *j)
{
    yjpi__strtab_slots_fill(j->t, j->slots, j->n_slots, j->i0, j->i1);
}

/* dst[i] = from[i] with its string indices mapped, for i in [i0, i1) */
static void job_rows(pjob *j)
{
    uint32_t *const *m = j->maps;
    for (size_t i = j->i0; i < j->i1; i++) {
        yjpi__row row = j->from[i];
        row.person = m[0][row.person];
        row.area = m[1][row.area];
        row.ethnicity = m[2][row.ethnicity];
        row.offence_type = m[3][row.offence_type];
        j->dst[i] = row;
    }
}

/* Two jobs of one kind over [0, n) cut in the middle. */
static void split_two(pjob j[2], size_t n)
{
    j[1] = j[0];
    j[0].i0 = 0;
    j[0].i1 = j[1].i0 = n / 2;
    j[1].i1 = n;
}

/* Interns src's strings into dst in src's order; (*map)[i] is the index in
 * dst of src's string i.  src's strings are looked up in dst, the missing
 * ones appended (in src's order, as interning them one by one would) and
 * entered into the slots -- or, when `defer` (a read's last merge), left
 * pending until the next intern; each step in two halves, on two threads
 * when `two` (the person table; the other tables are small). */
static int remap(yjpi__strtab *dst, const yjpi__strtab *src, uint32_t **map,
                 bool two, bool defer)
{
    size_t n = yjpi__strtab_count(src);
    *map = yjpi__calloc(n ? n : 1, sizeof **map);
    if (!*map)
        return YJPI_E_NOMEM;
    int rc = yjpi__strtab_settle(dst);
    if (rc)
        return rc;
    pjob j[2];
    memset(j, 0, sizeof j);
    j[0].fn = job_find;
    j[0].t = dst;
    j[0].src = src;
    j[0].map = *map;
    split_two(j, n);
    run_two(j, two);
    size_t old = yjpi__strtab_count(dst);
    rc = yjpi__strtab_append_missing(dst, src, *map);
    if (rc)
        return rc;
    size_t count = yjpi__strtab_count(dst);
    if (defer) {
        /* entered when the table is next interned into: most often never,
         * as reading ends here */
        dst->pending += count - old;
        return YJPI_OK;
    }
    memset(j, 0, sizeof j);
    j[0].fn = job_fill;
    j[0].t = dst;
    if (dst->n_slots && count * 4 <= dst->n_slots * 3) {
        /* up to 75% full: the new strings go into the slots there are
         * (the next string interned grows them) */
        j[0].slots = dst->slots;
        j[0].n_slots = dst->n_slots;
        split_two(j, count - old);
        j[0].i0 += old;
        j[0].i1 += old;
        j[1].i0 += old;
        j[1].i1 += old;
        run_two(j, two);
        return YJPI_OK;
    }
    size_t ns = yjpi__strtab_slots_for(count);
    uint64_t *slots = yjpi__strtab_new_slots(ns);
    if (!slots)
        return YJPI_E_NOMEM;
    j[0].slots = slots;
    j[0].n_slots = ns;
    split_two(j, count);
    run_two(j, two);
    yjpi__strtab_set_slots(dst, slots, ns);
    return YJPI_OK;
}

/* Appends b's rows, counts and messages to a (b read after a).  b's
 * string tables are freed once remapped, and its rows are moved from the
 * end, b's array shrinking as they go, so that the rows are not held twice;
 * the person table and the rows are merged on two threads.  `last`: the
 * read's last merge, whose new persons are left out of the slots (only a
 * later read into the dataset needs them there). */
static int merge(yjpi_dataset *a, yjpi_dataset *b, size_t max_messages,
                 const reader *br, uint64_t line_offset, bool last)
{
    uint32_t *m[4] = { NULL, NULL, NULL, NULL };
    int rc;
    if ((rc = remap(&a->persons, &b->persons, &m[0], true, last)) ||
        (rc = remap(&a->areas, &b->areas, &m[1], false, false)) ||
        (rc = remap(&a->ethnicities, &b->ethnicities, &m[2], false, false)) ||
        (rc = remap(&a->offence_types, &b->offence_types, &m[3], false, false)))
        goto out;
    yjpi__strtab_free(&b->persons);
    yjpi__strtab_free(&b->areas);
    yjpi__strtab_free(&b->ethnicities);
    yjpi__strtab_free(&b->offence_types);
    if (b->n_rows > UINT32_MAX - 1 - a->n_rows) {
        rc = YJPI_E_LIMIT;
        goto out;
    }
    size_t need = a->n_rows + b->n_rows;
    if (need > a->cap_rows) {
        yjpi__row *rows = yjpi__reallocarray(a->rows, need, sizeof *rows);
        if (!rows) {
            rc = YJPI_E_NOMEM;
            goto out;
        }
        a->rows = rows;
        a->cap_rows = need;
        yjpi__advise_huge(rows, need * sizeof *rows);
    }
    {
        enum { BLOCK = 1 << 18 };   /* rows moved between two shrinks */
        size_t left = b->n_rows;
        while (left) {
            size_t k = left > BLOCK ? BLOCK : left;
            left -= k;
            pjob j[2];
            memset(j, 0, sizeof j);
            j[0].fn = job_rows;
            j[0].dst = a->rows + a->n_rows + left;
            j[0].from = b->rows + left;
            j[0].maps = m;
            split_two(j, k);
            run_two(j, true);
            if (left) {
                /* shrinking in place cannot fail with the default
                 * allocator; if it did, b keeps its larger array */
                yjpi__row *r = yjpi__reallocarray(b->rows, left, sizeof *r);
                if (r) {
                    b->rows = r;
                    b->cap_rows = left;
                }
            }
        }
        a->n_rows += b->n_rows;
        yjpi__free(b->rows);
        b->rows = NULL;
        b->n_rows = b->cap_rows = 0;
    }
    for (size_t i = 0; i < br->n_dmsgs; i++) {
        yjpi_error tmp;
        const deferred_msg *d = &br->dmsgs[i];
        if (d->numlen)
            yjpi__error_set(&tmp, d->code, br->source, d->line + line_offset, d->col,
                            "%.*s%llu%s", (int)d->numpos, d->text,
                            (unsigned long long)(d->line2 + line_offset),
                            d->text + d->numpos + d->numlen);
        else
            yjpi__error_set(&tmp, d->code, br->source, d->line + line_offset, d->col,
                            "%s", d->text);
        if ((rc = yjpi__dataset_keep_message(a, tmp.message, max_messages)))
            goto out;
    }
    for (size_t i = 0; i < sizeof a->counts / sizeof a->counts[0]; i++)
        a->counts[i] += b->counts[i];
    for (size_t i = 0; i < sizeof a->rejected / sizeof a->rejected[0]; i++)
        a->rejected[i] += b->rejected[i];
    if (b->first_outcome != YJPI_NO_DATE &&
        (a->first_outcome == YJPI_NO_DATE || b->first_outcome < a->first_outcome))
        a->first_outcome = b->first_outcome;
    if (b->last_outcome != YJPI_NO_DATE &&
        (a->last_outcome == YJPI_NO_DATE || b->last_outcome > a->last_outcome))
        a->last_outcome = b->last_outcome;
    a->last_person = UINT32_MAX;
    rc = YJPI_OK;
out:
    for (int i = 0; i < 4; i++)
        yjpi__free(m[i]);
    return rc;
}

/* Appends piece p (read after part b, to the end of b's range) to b: its
 * rows, strings and counts to b's dataset, its waiting messages to b's
 * reader's (their lines made relative to b's start), as if b had read it. */
static int fold_piece(part *b, part *p)
{
    reader *br = &b->r, *pr = &p->r;
    uint64_t off = br->line - 1;
    if (pr->n_dmsgs) {
        size_t n = br->n_dmsgs + pr->n_dmsgs;
        if (n > br->cap_dmsgs) {
            deferred_msg *d = yjpi__reallocarray(br->dmsgs, n, sizeof *d);
            if (!d)
                return YJPI_E_NOMEM;
            br->dmsgs = d;
            br->cap_dmsgs = n;
        }
        for (size_t i = 0; i < pr->n_dmsgs; i++) {
            br->dmsgs[br->n_dmsgs] = pr->dmsgs[i];
            br->dmsgs[br->n_dmsgs].line2 += off;
            br->dmsgs[br->n_dmsgs++].line += off;
        }
        pr->n_dmsgs = 0;    /* the texts are b's now */
    }
    br->line += pr->line - 1;
    br->at_eol = pr->at_eol;
    return merge(b->ds, p->ds, SIZE_MAX, pr, 0, false);
}

/* Returns -1 when the parallel path does not apply (nothing done), else the
 * result of the read (ds filled as by the serial reader, or emptied after an
 * error in either half: the caller then reads serially). */
/* Tests: the cut is searched for from this offset instead of the middle
 * (0 = the middle; an offset at or past the end means the middle too). */

static int read_parallel(yjpi_dataset *ds, const char *path, FILE *fp,
                         uint64_t size, const yjpi_read_options *opts,
                         yjpi_error *err, bool *again)
{
    uint64_t min = yjpi__tune.csv_parallel_min ? yjpi__tune.csv_parallel_min : (uint64_t)8 << 20;
    *again = false;
    if (size < min || size < 4 || !yjpi__allocator_is_default() || !untouched(ds))
        return -1;
    /* the cut: just after the first line feed at or after the middle */
    char probe[4096];
    uint64_t from = yjpi__tune.csv_split_from && yjpi__tune.csv_split_from < size
                    ? yjpi__tune.csv_split_from : size / 2;
    uint64_t off = from, mid = 0;
    while (!mid && off < size) {
        size_t want = size - off < sizeof probe ? (size_t)(size - off) : sizeof probe;
        ssize_t got = pread(fileno(fp), probe, want, (off_t)off);
        if (got <= 0)
            return -1;
        const char *lf = memchr(probe, '\n', (size_t)got);
        if (lf)
            mid = off + (uint64_t)(lf - probe) + 1;
        else if (off - from > ((uint64_t)1 << 20))
            return -1;
        off += (uint64_t)got;
    }
    if (!mid || mid >= size)
        return -1;
    half h;
    memset(&h, 0, sizeof h);
    h.opts = opts;
    h.ref = ds->ref;
    h.path = path;
    h.mid = mid;
    h.size = size;
    part *pb = &h.b;
    pb->r.fp = fopen(path, "rb");
    if (!pb->r.fp)
        return -1;
    steal st;
    memset(&st, 0, sizeof st);
    if (pthread_mutex_init(&st.mu, NULL) != 0) {
        fclose(pb->r.fp);
        return -1;
    }
    if (pthread_cond_init(&st.cv, NULL) != 0) {
        pthread_mutex_destroy(&st.mu);
        fclose(pb->r.fp);
        return -1;
    }
    h.st = &st;
    pb->r.steal = &st;
    pb->r.steal_side = 1;
    yjpi__thread tid;
    if (!yjpi__thread_start(&tid, second_half, &h)) {
        pthread_cond_destroy(&st.cv);
        pthread_mutex_destroy(&st.mu);
        fclose(pb->r.fp);
        return -1;
    }
    reader r;
    memset(&r, 0, sizeof r);
    r.source = path;
    r.fp = fp;
    r.total = size;
    r.limited = true;
    r.left = mid;
    r.steal = &st;
    r.steal_side = 0;
    int rc = read_common(ds, &r, opts, err);
    /* a piece of the second half, when it is still being read */
    part pa;
    memset(&pa, 0, sizeof pa);
    uint64_t end = 0, q = ask_piece(&st, 0, rc == YJPI_OK, &end);
    if (q)
        read_part(&pa, ds->ref, path, fp, q, end - q, size, opts);
    yjpi__thread_join(&tid);
    pthread_cond_destroy(&st.cv);
    pthread_mutex_destroy(&st.mu);
    fclose(pb->r.fp);
    /* the parts in file order: the first half, its piece, the second
     * half, its piece */
    part *parts[3] = { NULL, NULL, NULL };
    size_t np = 0;
    if (h.has_piece)
        parts[np++] = &h.piece;
    parts[np++] = pb;
    if (q)
        parts[np++] = &pa;
    int brc = YJPI_OK;
    for (size_t i = 0; i < np && brc == YJPI_OK; i++)
        brc = parts[i]->rc;
    /* each cut must be a record boundary (the first half's end, a piece's
     * end, the second half's end when it gave a piece), else read serially */
    bool cuts = r.at_eol && !r.open_at_end && !r.cr_mode;
    for (size_t i = 0; i + 1 < np; i++)
        cuts = cuts && parts[i]->r.at_eol && !parts[i]->r.open_at_end;
    if (rc == YJPI_OK && brc == YJPI_OK && !cuts)
        rc = YJPI_E_QUOTE;
    if (rc == YJPI_OK && brc == YJPI_OK && q) {
        /* the second half's piece joins the second half first, so that
         * the large second half is merged last (see merge) */
        rc = fold_piece(pb, &pa);
        np--;
    }
    if (rc == YJPI_OK && brc == YJPI_OK) {
        uint64_t lines = r.line - 1;
        for (size_t i = 0; i < np && rc == YJPI_OK; i++) {
            rc = merge(ds, parts[i]->ds, r.max_messages, &parts[i]->r, lines,
                       i + 1 == np);
            lines += parts[i]->r.line - 1;
        }
        if (rc == YJPI_OK) {
            __atomic_fetch_add(&yjpi__tune.csv_parallel_runs, 1, __ATOMIC_RELAXED);
            if (h.has_piece || q)
                __atomic_fetch_add(&yjpi__tune.csv_steal_runs, 1, __ATOMIC_RELAXED);
            r.bytes = size;
            progress(&r);
        }
    } else if (rc == YJPI_OK) {
        rc = brc;
    }
    part *all[3] = { pb, &h.piece, &pa };
    for (int i = 0; i < 3; i++) {
        free_deferred(&all[i]->r);
        yjpi_dataset_free(all[i]->ds);
    }
    if (rc != YJPI_OK) {
        reset_dataset(ds);
        yjpi__error_clear(err);
        if (fseeko(fp, 0, SEEK_SET) != 0)
            return yjpi__error_set(err, YJPI_E_IO, path, 0, 0, "seek error");
        *again = true;
    }
    return rc;
}

/* The threads option of opts (0 when opts is NULL or older than it). */
static int32_t opt_threads(const yjpi_read_options *opts)
{
    if (!opts || opts->size < offsetof(yjpi_read_options, threads) + sizeof(int32_t))
        return 0;
    return opts->threads;
}

static int read_file(yjpi_dataset *ds, const char *path,
                     const yjpi_read_options *opts, yjpi_error *err)
{
    int rc;
    int32_t threads = opt_threads(opts);
    if (threads < 0)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "invalid argument (threads %d)", (int)threads);
    if (threads == 1)
        ds->one_thread = true;
    reader r;
    memset(&r, 0, sizeof r);
    bool is_stdin = strcmp(path, "-") == 0;
    r.source = is_stdin ? "<stdin>" : path;
    r.fp = is_stdin ? stdin : fopen(path, "rb");
    if (!r.fp) {
        char why[128] = "";
        int e = errno;
        if (strerror_r(e, why, sizeof why) != 0)
            why[0] = '\0';
        return yjpi__error_set(err, YJPI_E_IO, path, 0, 0, "cannot open: %s", why);
    }
    struct stat st;
    if (fstat(fileno(r.fp), &st) == 0 && S_ISREG(st.st_mode))
        r.total = (uint64_t)st.st_size;
    else if (fstat(fileno(r.fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        /* opening a directory for reading succeeds; reading it does not */
        char why[128] = "";
        if (strerror_r(EISDIR, why, sizeof why) != 0)
            why[0] = '\0';
        if (!is_stdin)
            fclose(r.fp);
        return yjpi__error_set(err, YJPI_E_IO, r.source, 0, 0, "cannot read: %s", why);
    }
    bool again = false;
    if (!is_stdin && r.total && threads != 1)
        rc = read_parallel(ds, path, r.fp, r.total, opts, err, &again);
    else
        rc = -1;
    if (rc == -1 || again)
        rc = read_common(ds, &r, opts, err);
    if (!is_stdin)
        fclose(r.fp);
    return rc;
}

static int read_buffer(yjpi_dataset *ds, const char *data, size_t len,
                       const char *source, const yjpi_read_options *opts,
                       yjpi_error *err)
{
    if (opt_threads(opts) < 0)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "invalid argument (threads %d)", (int)opt_threads(opts));
    if (opt_threads(opts) == 1)
        ds->one_thread = true;
    if (!data && len)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "invalid argument (NULL data)");
    reader r;
    memset(&r, 0, sizeof r);
    r.source = source ? source : "<buffer>";
    r.mem = data;
    r.mem_len = len;
    r.total = len;
    r.eof = len == 0;
    return read_common(ds, &r, opts, err);
}

/* The public reads: the dataset is marked as being read for the whole call
 * (both paths: the helper thread of a two-thread read never touches ds, and
 * the progress callback runs on this thread), so that calls made from the
 * callback on this dataset are refused instead of changing it mid-read. */
int yjpi_dataset_read_csv(yjpi_dataset *ds, const char *path,
                          const yjpi_read_options *opts, yjpi_error *err)
{
    int rc = check_args(ds, path, err);
    if (rc)
        return rc;
    ds->reading = true;
    rc = read_file(ds, path, opts, err);
    ds->reading = false;
    return rc;
}

int yjpi_dataset_read_csv_buffer(yjpi_dataset *ds, const char *data, size_t len,
                                 const char *source, const yjpi_read_options *opts,
                                 yjpi_error *err)
{
    int rc = check_args(ds, ds, err);
    if (rc)
        return rc;
    ds->reading = true;
    rc = read_buffer(ds, data, len, source, opts, err);
    ds->reading = false;
    return rc;
}

/* ---- The dataset in one call ---------------------------------------------- */

int yjpi_dataset_load_csv(const char *path, const yjpi_reference *ref,
                          const yjpi_read_options *opts, yjpi_dataset **out,
                          yjpi_error *err)
{
    yjpi__error_clear(err);
    if (!out)
        return yjpi__error_set(err, YJPI_E_ARGUMENT, NULL, 0, 0,
                               "invalid argument (out is NULL)");
    *out = NULL;
    yjpi_dataset *ds = NULL;
    int rc = yjpi_dataset_new(ref, &ds);
    if (rc)
        return yjpi__error_set(err, rc, path, 0, 0, "%s", yjpi_strerror(rc));
    rc = yjpi_dataset_read_csv(ds, path, opts, err);
    if (rc == YJPI_OK) {
        rc = yjpi_dataset_finish(ds);
        if (rc)
            yjpi__error_set(err, rc, path, 0, 0, "%s", yjpi_strerror(rc));
    }
    if (rc) {
        yjpi_dataset_free(ds);
        return rc;
    }
    *out = ds;
    return YJPI_OK;
}
