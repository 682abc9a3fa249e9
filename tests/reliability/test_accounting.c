/* test_accounting.c - records are never lost: a seeded property test.
 *
 * A generator writes random cohort files in memory: a mix of valid rows
 * (kept; excluded as informal; excluded as under 10) and invalid rows of
 * every kind the reader can detect in a row, each invalid row with exactly
 * one defect, so the kind it must be counted under is known.  Read in
 * lenient mode (with a random chunk size), the dataset must report
 *   rows read = planted rows = kept + rejected + excluded,
 * and every per-kind count equal to what was planted; the first
 * max_messages messages name the physical lines of the first bad rows.
 * Read strictly, the read stops at the first bad row with that row's code
 * and line, having counted the rows before it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

enum kind {
    K_KEPT, K_KEPT_MULTILINE, K_INFORMAL, K_UNDER_10,
    K_RAGGED, K_QUOTE, K_UTF8, K_NUL, K_EMPTY, K_DATE, K_OUTCOME,
    K_OUT_BEFORE, K_REL_BEFORE, K_BIRTH_AFTER, K_SEX, K_TOO_LONG,
    K_COUNT
};
/* The code each invalid kind is counted under (0 for valid rows). */
static const int kind_code[K_COUNT] = {
    0, 0, 0, 0,
    YJPI_E_RAGGED_ROW, YJPI_E_QUOTE, YJPI_E_ENCODING, YJPI_E_NUL_BYTE,
    YJPI_E_EMPTY_FIELD, YJPI_E_BAD_DATE, YJPI_E_UNKNOWN_OUTCOME,
    YJPI_E_OUTCOME_BEFORE_OFFENCE, YJPI_E_RELEASE_BEFORE_OUTCOME,
    YJPI_E_BIRTH_AFTER_OFFENCE, YJPI_E_BAD_VALUE, YJPI_E_TOO_LONG,
};

static uint64_t rng_state;
static uint32_t rnd(uint32_t n)
{
    rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(rng_state >> 33) % n;
}

typedef struct gen {
    char *s;
    size_t len, cap;
    uint64_t planted[K_COUNT];
    uint64_t line;            /* physical line of the next row */
    uint64_t first_bad_line;  /* 0 until an invalid row is written */
    int first_bad_code;
    uint64_t valid_before_bad[3]; /* kept, informal, under 10 before it */
    uint64_t bad_lines[8];
    size_t n_bad_lines;
} gen;

static void put(gen *g, const char *s, size_t n)
{
    if (g->len + n + 1 > g->cap) {
        while (g->len + n + 1 > g->cap)
            g->cap = g->cap ? g->cap * 2 : 1 << 16;
        g->s = realloc(g->s, g->cap);
        assert_non_null(g->s);
    }
    memcpy(g->s + g->len, s, n);
    g->len += n;
}
static void puts_(gen *g, const char *s) { put(g, s, strlen(s)); }

static void row(gen *g, enum kind k)
{
    char id[16], birth[16], off[16], out[16], rel[16] = "";
    const char *area = rnd(2) ? "E06000044" : "E06000045";
    const char *outcome = rnd(2) ? "referral_order" : "youth_caution";
    const char *sex = rnd(3) == 0 ? "F" : "M";
    const char *eth = rnd(2) ? "White" : "Asian";
    const char *type = "Theft";
    int m = 1 + (int)rnd(9), d = 1 + (int)rnd(28);
    snprintf(id, sizeof id, "P%03u", rnd(300));
    /* offence in 2014; outcome a month later; born 1998-2002 (aged
     * 11-16 on the offence date) */
    snprintf(birth, sizeof birth, "%04d-%02d-%02d", 1998 + (int)rnd(5), m, d);
    snprintf(off, sizeof off, "2014-%02d-%02d", m, d);
    snprintf(out, sizeof out, "2014-%02d-%02d", m + 1, d);
    char big[YJPI__FIELD_MAX + 2];
    int lines = 1;
    switch (k) {
    case K_KEPT: break;
    case K_KEPT_MULTILINE: eth = "\"Mixed\nor other\""; lines = 2; break;
    case K_INFORMAL: outcome = rnd(2) ? "triage" : "community_resolution"; break;
    case K_UNDER_10: snprintf(birth, sizeof birth, "2006-%02d-%02d", m, d); break;
    case K_RAGGED: break;
    case K_QUOTE: type = "Th\"eft"; break;
    case K_UTF8: eth = "Wh\xc3"; break;
    case K_NUL: type = NULL; break;             /* written by hand below */
    case K_EMPTY: area = ""; break;
    case K_DATE: snprintf(birth, sizeof birth, "2001-02-29"); break;
    case K_OUTCOME: outcome = "Referral Order"; break;   /* not mapped */
    case K_OUT_BEFORE: snprintf(out, sizeof out, "2014-%02d-%02d", m, d);
        snprintf(off, sizeof off, "2014-%02d-%02d", m + 1, d); break;
    case K_REL_BEFORE: outcome = "detention_and_training_order";
        snprintf(rel, sizeof rel, "2014-%02d-%02d", m, d); break;
    case K_BIRTH_AFTER: snprintf(birth, sizeof birth, "2015-01-01"); break;
    case K_SEX: sex = "X"; break;
    case K_TOO_LONG: memset(big, 'T', sizeof big - 1); big[sizeof big - 1] = '\0';
        type = big; break;
    default: break;
    }
    if (k == K_KEPT && rnd(4) == 0) {           /* custody with release */
        outcome = "detention_and_training_order";
        snprintf(rel, sizeof rel, "2014-%02d-%02d", m + 2, d);
    }
    char buf[256];
    if (k == K_RAGGED) {
        snprintf(buf, sizeof buf, "%s,%s,%s,%s\n", id, birth, area, off);
        puts_(g, buf);
    } else {
        snprintf(buf, sizeof buf, "%s,%s,%s,%s,%s,%s,%s,%s,%s,", id, birth, area, off,
                 out, outcome, rel, sex, eth);
        puts_(g, buf);
        if (type)
            puts_(g, type);
        else
            put(g, "Th\0ft", 5);
        puts_(g, rnd(5) == 0 ? ",1\n" : ",0\n");
    }
    g->planted[k]++;
    if (kind_code[k] != 0) {
        if (!g->first_bad_line) {
            g->first_bad_line = g->line;
            g->first_bad_code = kind_code[k];
        }
        if (g->n_bad_lines < 8)
            g->bad_lines[g->n_bad_lines++] = g->line;
    } else if (!g->first_bad_line) {
        g->valid_before_bad[k == K_INFORMAL ? 1 : k == K_UNDER_10 ? 2 : 0]++;
    }
    g->line += (uint64_t)lines;
}

static void generate(gen *g, uint64_t seed, size_t rows)
{
    memset(g, 0, sizeof *g);
    rng_state = seed;
    puts_(g, "person_id,birth_date,area,offence_date,outcome_date,outcome,"
             "release_date,sex,ethnicity,offence_type,breach\n");
    g->line = 2;
    for (size_t i = 0; i < rows; i++) {
        /* half the rows valid, the rest spread over the invalid kinds */
        enum kind k = rnd(2) ? (enum kind)rnd(4) : (enum kind)(4 + rnd(K_COUNT - 4));
        row(g, k);
    }
}

static uint64_t sum(const uint64_t *a, int from, int to)
{
    uint64_t s = 0;
    for (int i = from; i < to; i++)
        s += a[i];
    return s;
}

static void test_lenient_accounting(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        gen g;
        generate(&g, seed, 300 + seed * 7);
        yjpi_dataset *ds = NULL;
        assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
        yjpi_read_options o;
        YJPI_INIT(o);
        o.lenient = 1;
        o.max_messages = 5;
        yjpi_error err;
        yjpi__csv_chunk_size = seed % 4 == 0 ? 0 : 1 + rnd(5000);
        int rc = yjpi_dataset_read_csv_buffer(ds, g.s, g.len, "gen.csv", &o, &err);
        yjpi__csv_chunk_size = 0;
        if (rc != YJPI_OK)
            fail_msg("seed %llu: %s", (unsigned long long)seed, err.message);

        uint64_t planted = sum(g.planted, 0, K_COUNT);
        uint64_t kept = g.planted[K_KEPT] + g.planted[K_KEPT_MULTILINE];
        uint64_t excluded = g.planted[K_INFORMAL] + g.planted[K_UNDER_10];
        uint64_t rejected = sum(g.planted, K_RAGGED, K_COUNT);
        assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ), planted);
        assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), kept);
        assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_EXCLUDED), excluded);
        assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_INFORMAL),
                         g.planted[K_INFORMAL]);
        assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_UNDER_10),
                         g.planted[K_UNDER_10]);
        assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED), rejected);
        /* per kind: several kinds share a code (BAD_VALUE: only K_SEX here) */
        uint64_t by_code[YJPI_CODE_MAX_ + 1] = { 0 };
        for (int k = K_RAGGED; k < K_COUNT; k++)
            by_code[kind_code[k]] += g.planted[k];
        for (int c = 0; c <= YJPI_CODE_MAX_; c++) {
            if (yjpi_dataset_rejected(ds, c) != by_code[c])
                fail_msg("seed %llu: code %d: %llu rejected, %llu planted",
                         (unsigned long long)seed, c,
                         (unsigned long long)yjpi_dataset_rejected(ds, c),
                         (unsigned long long)by_code[c]);
        }
        /* the kept messages are the first bad rows', in order */
        size_t nm = yjpi_dataset_message_count(ds);
        assert_int_equal(nm, rejected < 5 ? rejected : 5);
        for (size_t i = 0; i < nm; i++) {
            char prefix[32];
            snprintf(prefix, sizeof prefix, "gen.csv:%llu:",
                     (unsigned long long)g.bad_lines[i]);
            if (strncmp(yjpi_dataset_message(ds, i), prefix, strlen(prefix)) != 0)
                fail_msg("seed %llu: message %zu \"%s\", expected line %llu",
                         (unsigned long long)seed, i, yjpi_dataset_message(ds, i),
                         (unsigned long long)g.bad_lines[i]);
        }
        assert_int_equal(yjpi_dataset_finish(ds), YJPI_OK);
        assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), kept);
        yjpi_dataset_free(ds);

        /* strict: stops at the first bad row */
        assert_int_equal(yjpi_dataset_new(NULL, &ds), YJPI_OK);
        rc = yjpi_dataset_read_csv_buffer(ds, g.s, g.len, "gen.csv", NULL, &err);
        assert_int_equal(rc, g.first_bad_code);
        assert_int_equal(err.line, g.first_bad_line);
        assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT), g.valid_before_bad[0]);
        assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_INFORMAL),
                         g.valid_before_bad[1]);
        assert_int_equal(yjpi_dataset_count(ds, YJPI_COUNT_EXCLUDED_UNDER_10),
                         g.valid_before_bad[2]);
        uint64_t rd = yjpi_dataset_count(ds, YJPI_COUNT_ROWS_READ);
        assert_int_equal(rd, yjpi_dataset_count(ds, YJPI_COUNT_ROWS_KEPT) +
                             yjpi_dataset_count(ds, YJPI_COUNT_ROWS_REJECTED) +
                             yjpi_dataset_count(ds, YJPI_COUNT_ROWS_EXCLUDED));
        yjpi_dataset_free(ds);
        free(g.s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lenient_accounting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
