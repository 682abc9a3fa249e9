/* cli.c - helpers shared by the example programs (see cli.h). */
#include "cli.h"

#include <math.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *stdout_prog = "yjpi";

static void close_stdout(void)
{
    /* a flush that fails, an error seen earlier (the stream keeps the
     * indicator, not the reason), or a close that fails */
    int e = 0, bad = 0;
    errno = 0;
    if (fflush(stdout) != 0) {
        bad = 1;
        e = errno;
    }
    if (ferror(stdout))
        bad = 1;
    errno = 0;
    if (fclose(stdout) != 0) {
        bad = 1;
        if (!e)
            e = errno;
    }
    if (bad) {
        if (e)
            fprintf(stderr, "%s: write error on standard output: %s\n",
                    stdout_prog, strerror(e));
        else
            fprintf(stderr, "%s: write error on standard output\n", stdout_prog);
        _exit(CLI_EXIT_DATA);
    }
}

void cli_check_stdout_at_exit(const char *prog)
{
    stdout_prog = prog;
    /* stdio keeps that a write failed, not why: with a 64 KiB buffer the
     * usage text and most reports reach the final flush, whose failure
     * leaves its reason in errno (and large outputs take fewer writes) */
    static char buf[1 << 16];   /* glibc ignores the size without a buffer */
    if (!isatty(STDOUT_FILENO))
        setvbuf(stdout, buf, _IOFBF, sizeof buf);
    atexit(close_stdout);
}

void cli_usage_error(const char *prog, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help' for more information.\n", prog);
    exit(CLI_EXIT_USAGE);
}

int cli_opt_value(const char *prog, int argc, char **argv, int *i,
                  const char *name, const char **value)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *value = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc)
        cli_usage_error(prog, "option %s needs a value", name);
    *value = argv[++*i];
    return 1;
}

/* ---- progress line ---- */

typedef struct progress_state {
    const char *path;
    struct timespec t0;
    int shown;
} progress_state;

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void on_progress(uint64_t bytes, uint64_t total, uint64_t rows, void *user)
{
    progress_state *s = user;
    double secs = seconds_since(&s->t0);
    double mbs = secs > 0 ? (double)bytes / 1e6 / secs : 0.0;
    fprintf(stderr, "\rreading %s: %llu rows, %.1f MB/s", s->path,
            (unsigned long long)rows, mbs);
    if (total > 0)
        fprintf(stderr, ", %3.0f%%", 100.0 * (double)bytes / (double)total);
    fputs("   ", stderr);
    fflush(stderr);
    s->shown = 1;
}

void cli_missing_column_notes(const yjpi_dataset *ds, const int *inds, int n)
{
    int reoffending = 0;
    for (int k = 0; k < n; k++)
        reoffending |= inds[k] == YJPI_BINARY_RATE || inds[k] == YJPI_FREQUENCY_RATE ||
                       inds[k] == YJPI_REOFFENCES_PER_REOFFENDER;
    if (!reoffending)
        return;
    const char *note = yjpi_dataset_missing_column(ds, "release_date");
    if (note)
        fprintf(stderr, "%s: a custodial outcome starts a reoffending cohort on "
                "its release date, so no custodial outcome starts one\n", note);
    note = yjpi_dataset_missing_column(ds, "breach");
    if (note)
        fprintf(stderr, "%s: breaches of orders cannot be told apart, so every "
                "one counts as a re-offence\n", note);
}

int cli_load(const char *prog, const char *cohort_path, const char *ref_path,
             const cli_load_options *o, yjpi_reference **ref, yjpi_dataset **ds)
{
    yjpi_error err;
    *ref = NULL;
    *ds = NULL;
    if (yjpi_reference_load(ref_path, ref, &err) != YJPI_OK) {
        fprintf(stderr, "%s: %s\n", prog, err.message);
        return CLI_EXIT_DATA;
    }
    yjpi_read_options ro;
    YJPI_INIT(ro);
    ro.lenient = o->lenient;
    ro.max_messages = 100;
    progress_state ps;
    memset(&ps, 0, sizeof ps);
    ps.path = cohort_path;
    clock_gettime(CLOCK_MONOTONIC, &ps.t0);
    if (o->progress || isatty(2)) {
        ro.progress = on_progress;
        ro.progress_user = &ps;
    }
    int rc = yjpi_dataset_load_csv(cohort_path, *ref, &ro, ds, &err);
    if (ps.shown)
        fputc('\n', stderr);
    if (rc != YJPI_OK) {
        fprintf(stderr, "%s: %s\n", prog, err.message);
        yjpi_reference_free(*ref);
        *ref = NULL;
        return CLI_EXIT_DATA;
    }
    /* notes (e.g. an unknown column, perhaps a misspelt optional one):
     * every one, so that nothing is ignored without a word */
    for (size_t i = 0; i < yjpi_dataset_note_count(*ds); i++)
        fprintf(stderr, "%s\n", yjpi_dataset_note(*ds, i));
    if (o->lenient) {
        size_t n = yjpi_dataset_message_count(*ds);
        uint64_t rej = yjpi_dataset_count(*ds, YJPI_COUNT_ROWS_REJECTED);
        fprintf(stderr, "%s: lenient read: %llu rows rejected, %zu messages kept\n",
                prog, (unsigned long long)rej, n);
        for (size_t i = 0; i < n && i < 5; i++)
            fprintf(stderr, "%s\n", yjpi_dataset_message(*ds, i));
        if (n > 5)
            fprintf(stderr, "... and %zu more\n", n - 5);
    }
    return CLI_EXIT_OK;
}

yjpi_date cli_as_of(const yjpi_reference *ref, const yjpi_dataset *ds)
{
    yjpi_date d = yjpi_reference_as_of(ref);
    return d != YJPI_NO_DATE ? d : yjpi_dataset_last_outcome(ds);
}

/* ---- formatting ---- */

const char *cli_date(yjpi_date d, char *buf, size_t size)
{
    if (d == YJPI_NO_DATE || yjpi_date_format(d, buf, size) != YJPI_OK)
        buf[0] = '\0';
    return buf;
}

const char *cli_period(const yjpi_period *p, char *buf, size_t size)
{
    if (yjpi_period_format(p, buf, size) != YJPI_OK)
        snprintf(buf, size, "?");
    return buf;
}

int cli_suppressed(uint64_t n, int64_t suppress_below)
{
    return suppress_below > 0 && n >= 1 && n < (uint64_t)suppress_below;
}

uint64_t cli_round_count(uint64_t n, int64_t round_to)
{
    if (round_to <= 1)
        return n;
    uint64_t r = (uint64_t)round_to;
    return (n + r / 2) / r * r;
}

const char *cli_count(uint64_t n, int64_t suppress_below, int64_t round_to,
                      char *buf, size_t size)
{
    if (cli_suppressed(n, suppress_below))
        snprintf(buf, size, "~");
    else
        snprintf(buf, size, "%llu", (unsigned long long)cli_round_count(n, round_to));
    return buf;
}

const char *cli_num(double x, char *buf, size_t size)
{
    if (!isfinite(x)) {         /* never nan or inf: an empty field */
        if (size)
            buf[0] = '\0';
        return buf;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return buf;
}

void cli_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        /* a run of characters that need no escape in one write */
        size_t run = 0;
        while (p[run] >= 0x20 && p[run] != '"' && p[run] != '\\')
            run++;
        if (run) {
            fwrite(p, 1, run, f);
            p += run - 1;
            continue;
        }
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

void cli_csv_field(FILE *f, const char *s)
{
    if (!s)
        s = "";
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void cli_left(FILE *f, const char *s, int w)
{
    fprintf(f, "%-*s", w, s);
}

void cli_right(FILE *f, const char *s, int w)
{
    fprintf(f, "%*s", w, s);
}

int cli_area_known(const char *prog, const char *area, const yjpi_dataset *ds,
                   const yjpi_reference *ref, const char *cohort_path,
                   const char *ref_path)
{
    if (!strcmp(area, "*"))
        return 1;
    size_t na = (size_t)yjpi_dataset_count(ds, YJPI_COUNT_AREAS);
    for (size_t i = 0; i < na; i++)
        if (!strcmp(yjpi_dataset_area(ds, i), area))
            return 1;
    for (size_t i = 0; i < yjpi_reference_area_count(ref); i++)
        if (!strcmp(yjpi_reference_area_code(ref, i), area))
            return 1;
    fprintf(stderr, "%s: area %s is neither in %s nor in %s\n", prog, area,
            cohort_path, ref_path);
    return 0;
}
