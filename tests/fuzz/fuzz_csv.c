/* fuzz_csv.c - the cohort CSV reader, read every way the library offers and
 * against a small model of the file format.
 *
 * Input: two control bytes, then the CSV.  Byte 0: bits 0-5 pick a small
 * read chunk size (1..64 bytes), bits 6-7 how the two-thread read shares
 * its work (0 and 3: as it likes; 1: the first half waits and gives away a
 * piece; 2: the second half does).  Byte 1: where the two-thread read's cut
 * is searched for from (byte 1 x length / 256; 0: the middle), and with
 * byte 0 which of the expensive readings are done (below).
 *
 * Every input is read
 *   S0     strict, from the buffer, in one piece;
 *   L0     lenient, from the buffer, in one piece;
 *   R      row by row through yjpi_dataset_add_record, the rows and fields
 *          carved by the model below, whenever the model is sure how the
 *          file reads;
 * and, for the share of the inputs the control bytes choose,
 *   S1/L1  (1 input in 4: byte 1 is 1 mod 4) strict and lenient in small
 *          chunks;
 *   T      (1 input in 128: byte 1 a multiple of 8, byte 0 of 16) lenient,
 *          from a file with two threads, the cut at the fuzzed offset (a
 *          cut inside a quoted field makes the library read serially: the
 *          result must not show it).
 * Invariants (tags in brackets; see pending.h):
 *   - S1 = S0, L1 = L0, T = L0: codes, positions, messages, notes, counts,
 *     rejected rows by kind, and after finish the same yjpi_compute results;
 *   - read = kept + rejected + excluded, rejected by kind adds up;
 *   - strict success rejects nothing, and then lenient reads the same;
 *   - [csv-rows-lines] rows read = the model's rows: in a file without
 *     quoted line breaks, the data lines (non-empty lines after the
 *     header, CR-separated when the header ends in a lone CR);
 *   - [csv-records] lenient = R: the same rejected lines, the same kept,
 *     excluded and rejected-by-kind counts, and (1 input in 2: bit 2 of
 *     byte 1 clear) the same results after finish;
 *   - [positions] every FILE:LINE:COLUMN reported (error, messages, notes)
 *     lies inside the input;
 *   - [values-finite], [star-areas], [after-as-of]: fuzz.h (the year
 *     after as_of asked for with every indicator when byte 1 is 2 mod 4,
 *     with the first-time entrants count when 3 mod 4).
 *
 * The model (model_read) knows the documented rules: optional BOM, header
 * names trimmed and matched case-insensitively, LF or CRLF line ends (CR
 * line ends when the header line ends in a lone CR: CR and LF then swap
 * roles, a LF outside quotes is an error), completely empty lines skipped,
 * RFC 4180 quotes (a quoted field may hold line breaks), a row bad at a
 * quote inside an unquoted field, text after a closing quote, end of input
 * inside quotes, a lone CR, a NUL byte, invalid UTF-8, a field over 4096
 * bytes or the wrong number of fields.  A bad row costs its first line only
 * (reading goes on at the next line, even when a quote opened on it ran
 * on); a good row with quoted line breaks takes its lines, and a value
 * error in it is reported on the line where the field starts.  Where the
 * rules leave it unsure (quotes or bad bytes in the header, a LF right
 * before a CR line end, rows near the 64 KiB line limit) it says so and the
 * R comparison is skipped for that input.
 */
#include <unistd.h>

#include "fuzz.h"

static yjpi_reference *fuzz_ref;

static void make_ref(void)
{
    static const char yaml[] =
        "as_of: 2016-03-31\n"
        "populations:\n"
        "  E06000044: {2013: 17330, 2014: 17000, 2015: 0}\n"
        "  E06000045: {2014: 5000}\n"
        "outcome_map:\n"
        "  \"Referral Order\": referral_order\n"
        "  YRO: youth_rehabilitation_order\n";
    if (!fuzz_ref) {
        yjpi_error err;
        int rc = yjpi_reference_parse(yaml, sizeof yaml - 1, "fuzz.yaml",
                                      &fuzz_ref, &err);
        if (rc != YJPI_OK) {
            /* The reference need not hold every line above: fall back to
             * defaults so the CSV reader is still exercised. */
            fuzz_ref = yjpi_reference_new();
        }
    }
}

/* ---- reading through the library ---------------------------------------- */

#define MAX_MESSAGES ((size_t)1 << 20)

typedef struct outcome {
    int rc;
    yjpi_error err;
    uint64_t counts[10];
    uint64_t rejected[YJPI_CODE_MAX_];
} outcome;

static const char *fuzz_path;   /* the file T reads */

static void remove_file(void)
{
    if (fuzz_path)
        unlink(fuzz_path);
}

static int write_file(const char *data, size_t len)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        snprintf(path, sizeof path, "%s", "/dev/shm/yjpi-fuzz-XXXXXX");
        fd = mkstemp(path);
        if (fd < 0) {
            snprintf(path, sizeof path, "%s", "/tmp/yjpi-fuzz-XXXXXX");
            fd = mkstemp(path);
        }
        FUZZ_CHECK(fd >= 0, "cannot create a temporary file");
        fuzz_path = path;
        atexit(remove_file);
    }
    FUZZ_CHECK(ftruncate(fd, 0) == 0, "ftruncate");
    size_t done = 0;
    while (done < len) {
        ssize_t n = pwrite(fd, data + done, len - done, (off_t)done);
        FUZZ_CHECK(n > 0, "pwrite");
        done += (size_t)n;
    }
    return 0;
}

enum { FROM_BUFFER, FROM_FILE_TWO_THREADS };

static yjpi_dataset *read_one(const char *data, size_t len, int lenient,
                              size_t chunk, int how, outcome *o)
{
    yjpi_dataset *ds = NULL;
    int rc = yjpi_dataset_new(fuzz_ref, &ds);
    FUZZ_CHECK(rc == YJPI_OK, "dataset_new %d", rc);
    yjpi_read_options opts;
    YJPI_INIT(opts);
    opts.lenient = lenient;
    opts.max_messages = MAX_MESSAGES;
    memset(o, 0, sizeof *o);
    yjpi__csv_chunk_size = chunk;
    if (how == FROM_BUFFER) {
        opts.threads = 1;
        o->rc = yjpi_dataset_read_csv_buffer(ds, data, len, "fuzz.csv", &opts,
                                             &o->err);
    } else {
        opts.threads = 2;
        o->rc = yjpi_dataset_read_csv(ds, fuzz_path, &opts, &o->err);
    }
    yjpi__csv_chunk_size = 0;
    fuzz_check_error(&o->err, o->rc);
    fuzz_check_counts(ds);
    for (int i = 0; i < 10; i++)
        o->counts[i] = yjpi_dataset_count(ds, i);
    for (int c = 0; c < YJPI_CODE_MAX_; c++)
        o->rejected[c] = yjpi_dataset_rejected(ds, c);
    size_t nm = yjpi_dataset_message_count(ds);
    FUZZ_CHECK(nm <= o->counts[YJPI_COUNT_ROWS_REJECTED],
               "%zu messages for %llu rejected rows", nm,
               (unsigned long long)o->counts[YJPI_COUNT_ROWS_REJECTED]);
    if (lenient)
        FUZZ_CHECK(nm == o->counts[YJPI_COUNT_ROWS_REJECTED],
                   "%zu messages kept of %llu rejected rows", nm,
                   (unsigned long long)o->counts[YJPI_COUNT_ROWS_REJECTED]);
    for (size_t i = 0; i < nm; i++)
        FUZZ_CHECK(yjpi_dataset_message(ds, i) != NULL, "message %zu", i);
    if (o->rc != YJPI_OK && o->rc != YJPI_E_IO) {
        const char *src = how == FROM_BUFFER ? "fuzz.csv" : fuzz_path;
        FUZZ_CHECK(strncmp(o->err.message, src, strlen(src)) == 0,
                   "message without source: %s", o->err.message);
    }
    if (o->rc == YJPI_OK)
        FUZZ_CHECK(o->counts[YJPI_COUNT_BYTES_READ] == len,
                   "read all, but %llu of %zu bytes counted",
                   (unsigned long long)o->counts[YJPI_COUNT_BYTES_READ], len);
    if (!lenient && o->rc == YJPI_OK)
        FUZZ_CHECK(o->counts[YJPI_COUNT_ROWS_REJECTED] == 0,
                   "strict success with rejected rows");
    return ds;
}

/* The text after the source name ("fuzz.csv" or the file's path). */
static const char *after_source(const char *msg, const char *src)
{
    size_t n = strlen(src);
    return strncmp(msg, src, n) == 0 ? msg + n : msg;
}

static void same(const outcome *a, const yjpi_dataset *da, const char *sa,
                 const outcome *b, const yjpi_dataset *db, const char *sb,
                 const char *what)
{
    FUZZ_CHECK(a->rc == b->rc, "%s: rc %d vs %d (%s | %s)", what, a->rc, b->rc,
               a->err.message, b->err.message);
    FUZZ_CHECK(a->err.line == b->err.line && a->err.column == b->err.column,
               "%s: position %llu:%llu vs %llu:%llu", what,
               (unsigned long long)a->err.line, (unsigned long long)a->err.column,
               (unsigned long long)b->err.line, (unsigned long long)b->err.column);
    FUZZ_CHECK(strcmp(after_source(a->err.message, sa),
                      after_source(b->err.message, sb)) == 0,
               "%s: %s | %s", what, a->err.message, b->err.message);
    /* Bytes read depend on the chunk size when reading stops early. */
    int n = a->rc == YJPI_OK ? 10 : YJPI_COUNT_BYTES_READ;
    for (int i = 0; i < n; i++)
        FUZZ_CHECK(a->counts[i] == b->counts[i], "%s: count %d: %llu vs %llu",
                   what, i, (unsigned long long)a->counts[i],
                   (unsigned long long)b->counts[i]);
    FUZZ_CHECK(memcmp(a->rejected, b->rejected, sizeof a->rejected) == 0,
               "%s: rejected kinds differ", what);
    size_t nm = yjpi_dataset_message_count(da);
    FUZZ_CHECK(nm == yjpi_dataset_message_count(db), "%s: %zu vs %zu messages",
               what, nm, yjpi_dataset_message_count(db));
    for (size_t i = 0; i < nm; i++)
        FUZZ_CHECK(strcmp(after_source(yjpi_dataset_message(da, i), sa),
                          after_source(yjpi_dataset_message(db, i), sb)) == 0,
                   "%s: message %zu: %s | %s", what, i,
                   yjpi_dataset_message(da, i), yjpi_dataset_message(db, i));
    size_t nn = yjpi_dataset_note_count(da);
    FUZZ_CHECK(nn == yjpi_dataset_note_count(db), "%s: %zu vs %zu notes",
               what, nn, yjpi_dataset_note_count(db));
    for (size_t i = 0; i < nn; i++)
        FUZZ_CHECK(strcmp(after_source(yjpi_dataset_note(da, i), sa),
                          after_source(yjpi_dataset_note(db, i), sb)) == 0,
                   "%s: note %zu: %s | %s", what, i, yjpi_dataset_note(da, i),
                   yjpi_dataset_note(db, i));
}

/* ---- positions ------------------------------------------------------------ */

typedef struct lines {
    size_t n;           /* physical lines (a last one without line end too) */
    size_t *start;      /* start offset of each line */
    size_t *len;        /* its length without the line end */
} lines;

/* Lines split at LF (CRLF: the CR is part of the line end), or at CR when
 * cr_mode. */
static void split_lines(const char *s, size_t len, int cr_mode, lines *l)
{
    size_t cap = 16;
    l->n = 0;
    l->start = malloc(cap * sizeof *l->start);
    l->len = malloc(cap * sizeof *l->len);
    FUZZ_CHECK(l->start && l->len, "out of memory");
    size_t p = 0;
    for (;;) {
        const char *e = memchr(s + p, cr_mode ? '\r' : '\n', len - p);
        size_t q = e ? (size_t)(e - s) : len;
        if (l->n == cap) {
            cap *= 2;
            l->start = realloc(l->start, cap * sizeof *l->start);
            l->len = realloc(l->len, cap * sizeof *l->len);
            FUZZ_CHECK(l->start && l->len, "out of memory");
        }
        size_t n = q - p;
        if (!cr_mode && e && n > 0 && s[q - 1] == '\r')
            n--;
        l->start[l->n] = p;
        l->len[l->n++] = n;
        if (!e)
            break;
        p = q + 1;
    }
}

static void free_lines(lines *l)
{
    free(l->start);
    free(l->len);
}

/* "LINE:COLUMN:" at the start of text: 1 if found. */
static int parse_position(const char *text, uint64_t *line, uint64_t *col)
{
    char *end;
    unsigned long long a = strtoull(text, &end, 10);
    if (end == text || *end != ':')
        return 0;
    const char *p = end + 1;
    unsigned long long b = strtoull(p, &end, 10);
    if (end == p || *end != ':')
        return 0;
    *line = a;
    *col = b;
    return 1;
}

/* A position (line 0: none) lies inside the input: an existing line, and a
 * column at most one past its end (the line end or end of file itself). */
static int position_in(const lines *l, uint64_t line, uint64_t col)
{
    /* a BOM may be left uncounted on line 1 */
    return line <= l->n && col >= 1 &&
           col <= l->len[line - 1] + 1 + (line == 1 ? 3 : 0);
}

/* A position (line 0: none) lies inside the input: an existing line, and a
 * column at most one past its end (the line end or end of file itself),
 * with lines split at LF or at CR (whether a file has CR line ends is
 * checked elsewhere: here only that the position exists). */
static void check_position(const lines *lf, const lines *cr, uint64_t line,
                           uint64_t col, const char *text)
{
    if (line == 0)
        return;
    FUZZ_INVARIANT("positions", position_in(lf, line, col) ||
                   position_in(cr, line, col),
                   "position %llu:%llu outside the input (%zu LF lines, %zu "
                   "CR lines): %s", (unsigned long long)line,
                   (unsigned long long)col, lf->n, cr->n, text);
}

static void check_positions(const lines *l, const lines *cr, const outcome *o,
                            const yjpi_dataset *ds)
{
    if (o->rc != YJPI_OK && o->err.line)
        check_position(l, cr, o->err.line, o->err.column, o->err.message);
    uint64_t line, col;
    for (size_t i = 0; i < yjpi_dataset_message_count(ds); i++) {
        const char *m = after_source(yjpi_dataset_message(ds, i), "fuzz.csv");
        if (*m == ':' && parse_position(m + 1, &line, &col))
            check_position(l, cr, line, col, m);
    }
    for (size_t i = 0; i < yjpi_dataset_note_count(ds); i++) {
        const char *m = after_source(yjpi_dataset_note(ds, i), "fuzz.csv");
        if (*m == ':' && parse_position(m + 1, &line, &col))
            check_position(l, cr, line, col, m);
    }
}

/* ---- the model ------------------------------------------------------------ */

static const char *const column_names[11] = {
    "person_id", "birth_date", "area", "offence_date", "outcome_date",
    "outcome", "release_date", "sex", "ethnicity", "offence_type", "breach"
};

enum { M_SURE, M_UNSURE };

typedef struct model {
    int header_ok;          /* header has every required column, no duplicate */
    int cr_mode;
    int multiline;          /* a good row with a quoted line break */
    size_t ncols;
    int map[YJPI__MAX_COLUMNS];   /* header column -> record field, or -1 */
    uint64_t rows;          /* data rows (a bad one takes one line, a good
                             * one 1 + its quoted line breaks) */
    uint64_t bad;           /* rows bad for their structure */
    uint64_t *bad_lines;    /* their lines, in order */
    /* good rows, in order: line and the record's fields */
    size_t ngood, capgood;
    uint64_t *good_lines;
    uint64_t (*field_lines)[11];  /* the line each record field starts on
                                   * (a quoted field may hold line breaks) */
    char **good_fields;     /* 11 NUL-terminated strings per row, one block */
} model;

static void model_free(model *m)
{
    free(m->bad_lines);
    free(m->good_lines);
    free(m->field_lines);
    for (size_t i = 0; i < m->ngood; i++)
        free(m->good_fields[i]);
    free(m->good_fields);
}

static int trim_char(char c)
{
    return c == ' ' || c == '\t';
}

static int name_matches(const char *s, size_t n, const char *name)
{
    while (n && trim_char(*s)) {
        s++;
        n--;
    }
    while (n && trim_char(s[n - 1]))
        n--;
    if (strlen(name) != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != name[i])
            return 0;
    }
    return 1;
}

/* Two names equal after trimming, ignoring ASCII case. */
static int names_equal(const char *a, size_t an, const char *b, size_t bn)
{
    while (an && trim_char(*a)) { a++; an--; }
    while (an && trim_char(a[an - 1])) an--;
    while (bn && trim_char(*b)) { b++; bn--; }
    while (bn && trim_char(b[bn - 1])) bn--;
    if (an != bn)
        return 0;
    for (size_t i = 0; i < an; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return 1;
}

static int utf8_ok(const char *s, size_t n)
{
    return yjpi__utf8_valid_prefix(s, n) == n;
}

/* The header line [s, s + n): 1 sure, 0 unsure. */
static int model_header(model *m, const char *s, size_t n)
{
    if (n == 0 || memchr(s, '"', n) || memchr(s, '\0', n) || !utf8_ok(s, n) ||
        n > YJPI__ROW_MAX)
        return 0;
    size_t h = 0, p = 0;
    int seen[11] = {0};
    m->header_ok = 1;
    for (;;) {
        const char *c = memchr(s + p, ',', n - p);
        size_t q = c ? (size_t)(c - s) : n;
        if (h == YJPI__MAX_COLUMNS)
            return 0;
        int f = -1;
        for (int k = 0; k < 11 && f < 0; k++)
            if (name_matches(s + p, q - p, column_names[k]))
                f = k;
        if (f < 0) {
            /* an unknown name: unsure when an earlier column has it too
             * (whether unknown names may repeat is the reader's choice) */
            size_t off = 0;
            for (size_t k = 0; k < h; k++) {
                const char *u = memchr(s + off, ',', n - off);
                size_t ue = u ? (size_t)(u - s) : n;
                if (names_equal(s + off, ue - off, s + p, q - p))
                    return 0;
                off = ue + 1;
            }
        } else if (seen[f]) {
            m->header_ok = 0;   /* duplicate column */
        } else {
            seen[f] = 1;
        }
        m->map[h++] = f;
        if (!c)
            break;
        p = q + 1;
    }
    m->ncols = h;
    for (int k = 0; k < 6; k++)
        if (!seen[k])
            m->header_ok = 0;
    return 1;
}

static void push_bad(model *m, uint64_t line)
{
    uint64_t *b = realloc(m->bad_lines, (m->bad + 1) * sizeof *b);
    FUZZ_CHECK(b, "out of memory");
    m->bad_lines = b;
    b[m->bad++] = line;
}

/* Keeps a good row: its first line and the record's 11 fields. */
static void push_good(model *m, const char *w, size_t p, const size_t *fs,
                      const size_t *fe, const int *fq, size_t nf,
                      uint64_t line)
{
    size_t total = 11 * sizeof(char *) + 11;
    for (size_t k = 0; k < nf; k++)
        if (m->map[k] >= 0)
            total += fe[k] - fs[k];
    /* 11 pointers, then the strings */
    char **rec = malloc(total);
    FUZZ_CHECK(rec, "out of memory");
    char *out = (char *)(rec + 11);
    for (int k = 0; k < 11; k++)
        rec[k] = NULL;
    for (size_t k = 0; k < nf; k++) {
        if (m->map[k] < 0)
            continue;
        rec[m->map[k]] = out;
        for (size_t i = fs[k]; i < fe[k]; i++) {
            *out++ = w[i];
            if (fq[k] && w[i] == '"')
                i++;    /* a doubled quote */
        }
        *out++ = '\0';
    }
    for (int k = 0; k < 11; k++)
        if (!rec[k]) {          /* an absent optional column: empty */
            rec[k] = out;
            *out++ = '\0';
        }
    if (m->ngood == m->capgood) {
        m->capgood = m->capgood ? 2 * m->capgood : 16;
        m->good_lines = realloc(m->good_lines, m->capgood * sizeof *m->good_lines);
        m->good_fields = realloc(m->good_fields,
                                 m->capgood * sizeof *m->good_fields);
        m->field_lines = realloc(m->field_lines,
                                 m->capgood * sizeof *m->field_lines);
        FUZZ_CHECK(m->good_lines && m->good_fields && m->field_lines,
                   "out of memory");
    }
    /* a value's error is reported where its field starts */
    uint64_t *fl = m->field_lines[m->ngood];
    for (int k = 0; k < 11; k++)
        fl[k] = line;
    uint64_t l = line;
    size_t at = p;
    for (size_t k = 0; k < nf; k++) {
        for (; at < fs[k]; at++)
            l += w[at] == '\n';
        if (m->map[k] >= 0)
            fl[m->map[k]] = l;
    }
    m->good_lines[m->ngood] = line;
    m->good_fields[m->ngood++] = (char *)rec;
}

/* One row starting at w[p] (w: the data after the header, n bytes; in a
 * file with CR line ends its CRs and LFs swapped, so that '\n' is always a
 * line end and '\r' always the other byte).  A quoted field may run past
 * its line end (RFC 4180); the row is bad at the first of: a quote inside
 * an unquoted field, a byte other than a comma or line end after a closing
 * quote, end of input inside quotes, a CR outside quotes that is not part
 * of a CRLF line end (in a file with CR line ends: a LF), a NUL byte,
 * invalid UTF-8, a field over the limit, or the wrong number of fields.
 * A bad row costs its first line only: the next row starts at the line
 * after it.  A good row takes 1 + its quoted line breaks lines.  Returns 1
 * sure (*next, *used: the next row's offset and the lines taken), 0
 * unsure. */
static int model_row(model *m, const char *w, size_t n, size_t p,
                     uint64_t line, size_t *next, uint64_t *used)
{
    size_t fs[YJPI__MAX_COLUMNS], fe[YJPI__MAX_COLUMNS];
    int fq[YJPI__MAX_COLUMNS];
    size_t nf = 0, q = p, end = n;
    uint64_t lfs = 0;
    int bad = 0;
    m->rows++;
    for (;;) {
        if (nf == m->ncols) {
            bad = 1;            /* too many fields */
            break;
        }
        size_t ulen = 0;
        if (q < n && w[q] == '"') {
            size_t c = q + 1;
            for (;;) {
                if (c >= n || w[c] == '\0') {
                    bad = 1;    /* end of input inside quotes, or a NUL */
                    break;
                }
                if (w[c] == '"') {
                    if (c + 1 < n && w[c + 1] == '"') {
                        ulen++;
                        c += 2;
                        continue;
                    }
                    break;
                }
                if (w[c] == '\n')
                    lfs++;
                ulen++;
                c++;
            }
            if (bad)
                break;
            fs[nf] = q + 1;
            fe[nf] = c;
            fq[nf] = 1;
            q = c + 1;          /* after the closing quote */
            if (q < n && w[q] != ',' && w[q] != '\n') {
                if (w[q] == '\r' && !m->cr_mode && q + 1 < n && w[q + 1] == '\n')
                    ;           /* CRLF */
                else if (w[q] == '\r' && m->cr_mode && q + 1 < n && w[q + 1] == '\n')
                    return 0;   /* LF before a CR line end: see below */
                else {
                    bad = 1;
                    break;
                }
            }
        } else {
            size_t c = q;
            while (c < n && w[c] != ',' && w[c] != '\n' && w[c] != '\r' &&
                   w[c] != '"' && w[c] != '\0')
                c++;
            if (c < n && w[c] == '\r') {
                /* a lone CR (LF and CR line ends) or a LF before the CR line
                 * end of a file with CR line ends, which the rules do not
                 * describe: unsure */
                if (!(c + 1 < n && w[c + 1] == '\n')) {
                    bad = 1;
                    break;
                }
                if (m->cr_mode)
                    return 0;
            } else if (c < n && (w[c] == '"' || w[c] == '\0')) {
                bad = 1;        /* a stray quote or a NUL */
                break;
            }
            fs[nf] = q;
            fe[nf] = c;
            fq[nf] = 0;
            ulen = c - q;
            q = c;
        }
        if (!utf8_ok(w + fs[nf], fe[nf] - fs[nf]) || ulen > YJPI__FIELD_MAX) {
            bad = 1;
            break;
        }
        nf++;
        if (q < n && w[q] == ',') {
            q++;
            continue;
        }
        /* the row's end: end of input, LF or CRLF */
        end = q;
        *next = q == n ? n : q + (w[q] == '\r' ? 2 : 1);
        break;
    }
    if (!bad && nf != m->ncols)
        bad = 1;                /* too few fields */
    if (bad) {
        /* unsure near the line limit (which error is named, and where) */
        if (q - p >= YJPI__ROW_MAX / 2)
            return 0;
        push_bad(m, line);
        const char *lf = memchr(w + p, '\n', n - p);
        *next = lf ? (size_t)(lf - w) + 1 : n;
        *used = 1;
        return 1;
    }
    if (end - p >= YJPI__ROW_MAX / 2)
        return 0;
    if (lfs)
        m->multiline = 1;
    push_good(m, w, p, fs, fe, fq, nf, line);
    *used = 1 + lfs;
    return 1;
}

/* Reads the file as the rules say.  Returns M_SURE or M_UNSURE. */
static int model_read(const char *s, size_t len, model *m)
{
    memset(m, 0, sizeof *m);
    size_t p = 0;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        p = 3;
    size_t q = p;
    while (q < len && s[q] != '\n' && s[q] != '\r')
        q++;
    if (q == len)
        return M_UNSURE;        /* header only, or nothing */
    m->cr_mode = s[q] == '\r' && (q + 1 == len || s[q + 1] != '\n');
    if (!model_header(m, s + p, q - p))
        return M_UNSURE;
    if (!m->header_ok)
        return M_SURE;
    p = q + (s[q] == '\r' && !m->cr_mode ? 2 : 1);
    /* the data; with CR line ends, CR and LF swapped (a quoted line break
     * is read as the other byte, as the reader documents) */
    size_t n = len - p;
    char *w = malloc(n + 1);
    FUZZ_CHECK(w, "out of memory");
    memcpy(w, s + p, n);
    if (m->cr_mode)
        for (size_t i = 0; i < n; i++)
            w[i] = w[i] == '\r' ? '\n' : w[i] == '\n' ? '\r' : w[i];
    uint64_t line = 2;
    size_t i = 0;
    int sure = 1;
    while (i < n && sure) {
        if (w[i] == '\n') {             /* an empty line */
            i++;
            line++;
            continue;
        }
        if (w[i] == '\r' && i + 1 < n && w[i + 1] == '\n') {
            if (m->cr_mode) {
                sure = 0;   /* a LF right before a CR line end: unsure */
                break;
            }
            i += 2;                     /* an empty CRLF line */
            line++;
            continue;
        }
        size_t next = n;
        uint64_t used = 1;
        sure = model_row(m, w, n, i, line, &next, &used);
        i = next;
        line += used;
    }
    free(w);
    return sure ? M_SURE : M_UNSURE;
}

/* Line numbers of a lenient read's messages ("fuzz.csv:LINE:..."). */
static uint64_t message_line(const char *msg)
{
    const char *m = after_source(msg, "fuzz.csv");
    uint64_t line = 0, col = 0;
    if (*m == ':' && parse_position(m + 1, &line, &col))
        return line;
    if (*m == ':')
        return strtoull(m + 1, NULL, 10);
    return 0;
}

/* R: the model's good rows through yjpi_dataset_add_record; compared with
 * the lenient read L0 (ds, o). */
#define REC(cond, ...)                                                     \
    do {                                                                   \
        int c_ = (cond);                                                   \
        agree &= c_;                                                       \
        FUZZ_INVARIANT("csv-records", c_, __VA_ARGS__);                    \
    } while (0)

static yjpi_dataset *check_records(const model *m, const outcome *o,
                                   const yjpi_dataset *ds, int *agreed)
{
    int agree = 1;
    *agreed = 0;
    FUZZ_INVARIANT("csv-records", (o->rc == YJPI_OK) == m->header_ok,
                   "lenient read %d (%s), but the header is %s", o->rc,
                   o->err.message, m->header_ok ? "good" : "bad");
    if (o->rc != YJPI_OK || !m->header_ok)
        return NULL;
    FUZZ_INVARIANT("csv-rows-lines", o->counts[YJPI_COUNT_ROWS_READ] == m->rows,
                   "%llu rows read, %llu data rows%s",
                   (unsigned long long)o->counts[YJPI_COUNT_ROWS_READ],
                   (unsigned long long)m->rows,
                   m->multiline ? " (some with quoted line breaks)"
                                : " (= data lines)");
    yjpi_dataset *rd = NULL;
    FUZZ_CHECK(yjpi_dataset_new(fuzz_ref, &rd) == YJPI_OK, "dataset_new");
    uint64_t *rejected_lines = malloc((m->bad + m->ngood + 1) * sizeof(uint64_t));
    FUZZ_CHECK(rejected_lines, "out of memory");
    size_t nrej = 0, ib = 0;
    uint64_t structural = m->bad;
    for (size_t i = 0; i < m->ngood; i++) {
        while (ib < m->bad && m->bad_lines[ib] < m->good_lines[i])
            rejected_lines[nrej++] = m->bad_lines[ib++];
        yjpi_record rec = fuzz_record_of((const char *const *)m->good_fields[i]);
        yjpi_error err;
        int rc = yjpi_dataset_add_record(rd, &rec, &err);
        fuzz_check_error(&err, rc);
        FUZZ_CHECK(rc != YJPI_E_NOMEM && rc != YJPI_E_ARGUMENT &&
                   rc != YJPI_E_STATE, "add_record %d", rc);
        if (rc != YJPI_OK)   /* the line of the field named (1-11) */
            rejected_lines[nrej++] = err.column >= 1 && err.column <= 11
                                   ? m->field_lines[i][err.column - 1]
                                   : m->good_lines[i];
    }
    while (ib < m->bad)
        rejected_lines[nrej++] = m->bad_lines[ib++];
    /* the rejected rows' lines */
    size_t nm = yjpi_dataset_message_count(ds);
    int lines_same = nm == nrej;
    for (size_t i = 0; i < nm && lines_same; i++)
        lines_same = message_line(yjpi_dataset_message(ds, i)) == rejected_lines[i];
    REC(lines_same,
                   "lenient read rejects %zu rows (first: %s), the record "
                   "path %zu (first on line %llu)", nm,
                   nm ? yjpi_dataset_message(ds, 0) : "-", nrej,
                   (unsigned long long)(nrej ? rejected_lines[0] : 0));
    free(rejected_lines);
    /* the counts, by kind */
    static const int same_counts[] = {
        YJPI_COUNT_ROWS_KEPT, YJPI_COUNT_ROWS_EXCLUDED,
        YJPI_COUNT_EXCLUDED_INFORMAL, YJPI_COUNT_EXCLUDED_UNDER_10,
        YJPI_COUNT_PERSONS, YJPI_COUNT_AREAS, YJPI_COUNT_CUSTODY_NO_RELEASE
    };
    for (size_t i = 0; i < sizeof same_counts / sizeof same_counts[0]; i++) {
        int c = same_counts[i];
        REC(o->counts[c] == yjpi_dataset_count(rd, c),
                       "count %d: lenient read %llu, record path %llu", c,
                       (unsigned long long)o->counts[c],
                       (unsigned long long)yjpi_dataset_count(rd, c));
    }
    REC(o->counts[YJPI_COUNT_ROWS_REJECTED] ==
                   yjpi_dataset_count(rd, YJPI_COUNT_ROWS_REJECTED) + structural,
                   "rejected: lenient read %llu, record path %llu + %llu bad "
                   "structure", (unsigned long long)o->counts[YJPI_COUNT_ROWS_REJECTED],
                   (unsigned long long)yjpi_dataset_count(rd, YJPI_COUNT_ROWS_REJECTED),
                   (unsigned long long)structural);
    /* by kind: the value kinds exactly; the structural kinds (10-19) as a
     * sum, since which of two faults of one row is named first is the
     * reader's choice */
    {
        uint64_t s_read = 0, s_rec = 0;
        for (int c = 10; c < YJPI_CODE_MAX_; c++) {
            if (c < 20) {
                s_read += o->rejected[c];
                s_rec += yjpi_dataset_rejected(rd, c);
                continue;
            }
            REC(o->rejected[c] == yjpi_dataset_rejected(rd, c),
                           "rejected as %d: lenient read %llu, record path %llu",
                           c, (unsigned long long)o->rejected[c],
                           (unsigned long long)yjpi_dataset_rejected(rd, c));
        }
        REC(s_read == s_rec + structural,
                       "rejected for structure: lenient read %llu, model %llu",
                       (unsigned long long)s_read,
                       (unsigned long long)(s_rec + structural));
    }
    *agreed = agree;
    return rd;
}

/* ---- the target ---------------------------------------------------------- */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    make_ref();
    size_t chunk = 1 + (data[0] & 63);
    int share = data[0] >> 6;
    const char *csv = (const char *)data + 2;
    size_t len = size - 2;
    /* The expensive work, for a share of the inputs the fuzzer chooses
     * (README.md, "Rates"), by the low bits of byte 1:
     *   1 (1 input in 4): the strict and lenient reads in small chunks;
     *   0 with bit 2 clear and the chunk bits of byte 0 a multiple of 16
     *     (1 input in 128): the two-thread read (a dozen threads started
     *     and joined: 20 ms under ASan, 30 times all the rest);
     *   2: the year after as_of with every indicator; 3: with the first-
     *     time entrants count only (the refusal is the request's);
     *   bit 2 clear (1 input in 2): the record path's results compared
     *     (its counts and rejected lines are compared for every input). */
    int chunked = (data[1] & 3) == 1;
    int threads = (data[1] & 7) == 0 && (data[0] & 15) == 0;
    int late = (data[1] & 3) == 2 ? FUZZ_LATE_ALL
             : (data[1] & 3) == 3 ? FUZZ_LATE_FTE : FUZZ_LATE_NONE;
    int record_results = (data[1] & 4) == 0;

    /* "Whole": the input in one piece (the reader's chunk set to the
     * input's length: a buffer the input's size). */
    size_t whole = len + 1;
    outcome s0, s1, l0, l1, t;
    yjpi_dataset *ds = read_one(csv, len, 0, whole, FROM_BUFFER, &s0);
    yjpi_dataset *d1 = NULL;
    if (chunked) {
        d1 = read_one(csv, len, 0, chunk, FROM_BUFFER, &s1);
        same(&s0, ds, "fuzz.csv", &s1, d1, "fuzz.csv", "strict, chunk sizes");
        yjpi_dataset_free(d1);
        d1 = NULL;
    }

    model m;
    int sure = model_read(csv, len, &m);
    lines ls, lc;
    split_lines(csv, len, 0, &ls);
    split_lines(csv, len, 1, &lc);
    check_positions(&ls, &lc, &s0, ds);
    yjpi_dataset_free(ds);

    yjpi_dataset *dl = read_one(csv, len, 1, whole, FROM_BUFFER, &l0);
    if (chunked) {
        d1 = read_one(csv, len, 1, chunk, FROM_BUFFER, &l1);
        same(&l0, dl, "fuzz.csv", &l1, d1, "fuzz.csv", "lenient, chunk sizes");
    }
    check_positions(&ls, &lc, &l0, dl);
    free_lines(&ls);
    free_lines(&lc);

    /* two threads, cut at the fuzzed offset (a thread costs more than all
     * the rest of an input) */
    yjpi_dataset *dt = NULL;
    if (threads) {
        write_file(csv, len);
        yjpi__csv_parallel_min = 1;
        yjpi__csv_split_from = (uint64_t)data[1] * len / 256;
        yjpi__csv_steal_min = 1;
        yjpi__csv_steal_wait = share == 1 || share == 2 ? share : 0;
        dt = read_one(csv, len, 1, whole, FROM_FILE_TWO_THREADS, &t);
        yjpi__csv_parallel_min = 0;
        yjpi__csv_split_from = 0;
        yjpi__csv_steal_min = 0;
        yjpi__csv_steal_wait = 0;
        same(&l0, dl, "fuzz.csv", &t, dt, fuzz_path, "lenient, two threads");
    }

    /* A structural header problem fails both modes the same way; a strict
     * success means lenient mode finds nothing to skip either. */
    if (s0.rc == YJPI_OK) {
        FUZZ_CHECK(l0.rc == YJPI_OK, "strict ok, lenient %d", l0.rc);
        FUZZ_CHECK(memcmp(s0.counts, l0.counts, sizeof s0.counts) == 0,
                   "strict ok but lenient counts differ");
    }
    int agreed = 0;
    yjpi_dataset *rd = sure == M_SURE ? check_records(&m, &l0, dl, &agreed) : NULL;
    model_free(&m);

    if (l0.rc == YJPI_OK) {
        FUZZ_CHECK(s0.counts[YJPI_COUNT_ROWS_READ] <=
                   l0.counts[YJPI_COUNT_ROWS_READ], "strict read more rows");
        yjpi_dataset *all[4] = { dl, d1, dt, rd };
        for (int i = 0; i < 4; i++) {
            if (!all[i])
                continue;
            FUZZ_CHECK(yjpi_dataset_finish(all[i]) == YJPI_OK, "finish");
            FUZZ_CHECK(yjpi_dataset_finish(all[i]) == YJPI_OK,
                       "finish not idempotent");
        }
        yjpi_results *r0 = fuzz_compute_results(dl, fuzz_ref, YJPI_BY_SEX, late);
        yjpi_results *r1;
        if (d1) {
            r1 = fuzz_compute_results(d1, fuzz_ref, YJPI_BY_SEX, FUZZ_LATE_NONE);
            fuzz_same_results(r0, r1, "lenient, chunk sizes", "differential");
            yjpi_results_free(r1);
        }
        if (dt) {
            r1 = fuzz_compute_results(dt, fuzz_ref, YJPI_BY_SEX, FUZZ_LATE_NONE);
            fuzz_same_results(r0, r1, "lenient, two threads", "differential");
            yjpi_results_free(r1);
        }
        if (rd && agreed && record_results) {
            /* the record path: the same rows, so the same answers */
            r1 = fuzz_compute_results(rd, fuzz_ref, YJPI_BY_SEX, FUZZ_LATE_NONE);
            fuzz_same_results(r0, r1, "lenient read vs record path",
                              "csv-records");
            yjpi_results_free(r1);
        }
        yjpi_results_free(r0);
        yjpi_error err;
        int rc = yjpi_dataset_read_csv_buffer(dl, csv, len, "fuzz.csv", NULL, &err);
        FUZZ_CHECK(rc == YJPI_E_STATE, "read after finish: %d", rc);
    }
    yjpi_dataset_free(dl);
    yjpi_dataset_free(d1);
    yjpi_dataset_free(dt);
    yjpi_dataset_free(rd);
    return 0;
}
