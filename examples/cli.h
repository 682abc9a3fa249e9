/*
 * cli.h - small helpers shared by the example programs (yjpi-report,
 * yjpi-tracker, and yjpi-gen for the standard output check): option parsing, loading the inputs with a progress line,
 * and number formatting for tables (with disclosure control), CSV and JSON.
 * Not part of the library.
 */
#ifndef YJPI_EXAMPLES_CLI_H
#define YJPI_EXAMPLES_CLI_H

#include <stdint.h>
#include <stdio.h>

#include <yjpi.h>

/* Exit statuses: 0 success, 1 data errors (files, values), 2 usage. */
enum { CLI_EXIT_OK = 0, CLI_EXIT_DATA = 1, CLI_EXIT_USAGE = 2 };

/* ---- standard output ----------------------------------------------------- */

/* Makes the program check, when it exits, that everything it wrote to
 * standard output reached it (flush, error indicator, close): if not, it
 * prints "PROG: write error on standard output: REASON" on stderr and
 * exits 1 instead (e.g. --help or a report sent to a full disk).  Call
 * once, first thing in main. */
void cli_check_stdout_at_exit(const char *prog);

/* ---- options ------------------------------------------------------------ */

/* Prints "PROG: message" and "Try 'PROG --help'." on stderr and exits 2. */
void cli_usage_error(const char *prog, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3), noreturn))
#endif
    ;

/* Matches argv[*i] against a long option that takes a value, written
 * "--name VALUE" or "--name=VALUE".  On a match sets *value, advances *i
 * past a separate value and returns 1; returns 0 when argv[*i] is another
 * option; exits 2 when the value is missing. */
int cli_opt_value(const char *prog, int argc, char **argv, int *i,
                  const char *name, const char **value);

/* ---- loading --------------------------------------------------------------- */

typedef struct cli_load_options {
    int lenient;    /* read the cohort leniently, report messages on stderr */
    int progress;   /* 1 force the progress line, 0 only on a terminal */
} cli_load_options;

/* The --help lines of the options every program that loads files shares
 * (--lenient, --progress, --help), for the middle of its usage text. */
#define CLI_HELP_LOAD_OPTIONS \
"  --lenient          skip bad cohort rows (counted; the first messages are\n" \
"                     printed on stderr) instead of stopping at the first\n" \
"  --progress         show the reading progress line on stderr even when it\n" \
"                     is not a terminal (on a terminal it is always shown)\n" \
"  --help             this text\n"

/* Loads the reference then the cohort file (with a progress line on
 * stderr when it is a terminal or asked for).  Prints one clear error line
 * ("FILE:LINE:COLUMN: ...") and returns CLI_EXIT_DATA on failure. */
int cli_load(const char *prog, const char *cohort_path, const char *ref_path,
             const cli_load_options *o, yjpi_reference **ref, yjpi_dataset **ds);

/* Notes on stderr for each optional column the cohort file lacked that one
 * of the n indicators needs (reoffending: release_date and breach), with
 * what its absence does to the numbers. */
void cli_missing_column_notes(const yjpi_dataset *ds, const int *inds, int n);

/* as_of of the data: the reference's, else the last outcome date. */
yjpi_date cli_as_of(const yjpi_reference *ref, const yjpi_dataset *ds);
/* Whether `area` is "*" or an area of the cohort or of the reference; when
 * it is none of them, says so on stderr ("PROG: area A is neither in COHORT
 * nor in REFERENCE") and returns 0. */
int cli_area_known(const char *prog, const char *area, const yjpi_dataset *ds,
                   const yjpi_reference *ref, const char *cohort_path,
                   const char *ref_path);

/* ---- formatting -------------------------------------------------------------- */

/* "YYYY-MM-DD", or "" for YJPI_NO_DATE.  buf: at least 11 bytes. */
const char *cli_date(yjpi_date d, char *buf, size_t size);
/* The period's printed form.  buf: YJPI_PERIOD_TEXT_SIZE bytes. */
const char *cli_period(const yjpi_period *p, char *buf, size_t size);

/* Disclosure control for presentation (spec §7): a count from 1 to below
 * suppress_below is "~", others are rounded to the nearest round_to.
 * cli_suppressed() says whether a count is suppressed. */
int cli_suppressed(uint64_t n, int64_t suppress_below);
const char *cli_count(uint64_t n, int64_t suppress_below, int64_t round_to,
                      char *buf, size_t size);
/* A count rounded to the nearest multiple of round_to (half up). */
uint64_t cli_round_count(uint64_t n, int64_t round_to);

/* Shortest text that reads back as the same double ("%.17g" at worst). */
/* (NaN and infinities give "": no output format prints them) */
const char *cli_num(double x, char *buf, size_t size);

/* Writes s as a JSON string (quotes and escapes). */
void cli_json_string(FILE *f, const char *s);
/* Writes s as a CSV field (quoted when it holds a comma, quote or line end). */
void cli_csv_field(FILE *f, const char *s);

/* Fixed-width table cell helpers: writes s left- or right-aligned in w
 * columns (s longer than w is written whole). */
void cli_left(FILE *f, const char *s, int w);
void cli_right(FILE *f, const char *s, int w);

#endif
