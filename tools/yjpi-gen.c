/*
 * yjpi-gen - writes a synthetic youth justice cohort (CSV) and a matching
 * reference file (YAML) in the formats of docs/cohort-file.md.
 *
 * The data are invented.  They have the rough shape of the England & Wales
 * youth justice statistics so that every indicator has something to find:
 * first time entrants, repeat offending, custody, breaches, local outcome
 * labels, ethnic disproportionality, several offences dealt with on one day.
 *
 * The model (all figures approximate, chosen to match published national
 * shapes, not any area):
 *
 *  - Areas E06000001.. each have a 10-17 population of 8,000-60,000 drifting
 *    by about +-1% a year, an ethnic mix around White 76 / Asian 11 / Black 5
 *    / Mixed 5 / Other 3 %, a family F1..F8, a region, and an offending
 *    propensity (log-normal, sd 0.35).  About a third of the areas export
 *    local outcome labels ("Referral Order", "YRO", "DTO", "Youth Caution");
 *    the reference file's outcome_map maps them.
 *  - A person's first offence falls in a window starting 3 years before the
 *    data (their earlier history is cut off, as in a real extract, which
 *    inflates the first years' first time entrants), with entries falling
 *    by 5% a year.  The area is drawn by population x
 *    propensity; age at entry 10-17, peaking at 15-16; 83% male, 16.5%
 *    female, 0.5% unknown; ethnicity by the area's population mix weighted by
 *    relative rates (Black 2.3, Mixed 1.6, Other 1.1, Asian 0.85, White 1),
 *    3% not recorded.
 *  - Each person has a frailty z, exponential with mean 1 (x 0.7 for girls):
 *    the time from one outcome (or release from custody) to the next offence
 *    is exponential with rate 0.45 z (1 + 0.03 k) per year after k
 *    occasions.  About 30% of first time entrants and 37% of a year's
 *    reoffending cohort reoffend within a year, and the mixture gives a
 *    heavy tail of prolific offenders.  Offending stops at the 19th
 *    birthday (offences at 18 are adult re-offences in the follow-up).
 *  - An occasion has 1 offence (70%), 2 (17%), 3 or more (13%, up to 8),
 *    committed within 60 days and dealt with on one outcome date 0-180 days
 *    after each offence (pre-court outcomes quickly, court ones later).
 *    Offence types follow the national mix (violence 31%, drugs 11%, ...).
 *  - The tier of an occasion escalates with k: the first is mostly informal
 *    (22%), pre-court (45%) or a referral order (29%); by the sixth most are
 *    community or first tier.  Robbery, burglary and sexual offences go to
 *    court more and to custody more often; motoring offences get fines.
 *    Custody is a few percent of court occasions; release comes 1-24 months
 *    after sentence; a release after as_of is left empty (still inside), and
 *    1% of custodial rows lack a release date anyway (a recording gap).
 *    Before 8 April 2013 pre-court outcomes are reprimands and final
 *    warnings.
 *  - After a referral order or community sentence, 8% have a breach
 *    (breach=1, offence type Other) 1-9 months later, resentenced in court.
 *  - 3% of occasions follow a move to another area.
 *
 * Rates follow from the row count: populations do not depend on --rows, so
 * about 200-300 rows per area and year give national-like rates (an FTE
 * rate of 150-250 per 100,000); more rows per area give higher rates.
 *
 * Rows are written person by person, sorted by outcome date within a person;
 * the run stops at exactly --rows rows, cutting the last person's history.
 * The person stream does not depend on --rows, so a shorter run is a prefix
 * of a longer one with the same other options.  Randomness comes from
 * xoshiro256** seeded by splitmix64, and logarithms and exponentials are
 * computed here from basic IEEE arithmetic, so a seed gives the same bytes
 * on every platform.  Memory does not grow with --rows.
 *
 * Options --shape, --id, --extra-columns and --crlf write the same records
 * in other shapes of extract (see "Shapes of extract" below); --persons
 * realistic draws a population with more one-offence persons and a longer
 * tail of prolific ones.
 */
#include <yjpi/date.h>
#include <yjpi/dataset.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define PROG "yjpi-gen"

/* ---- Errors ------------------------------------------------------------ */

static void die(int status, const char *fmt, ...)
{
    va_list ap;
    fputs(PROG ": ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(status);
}

/* ---- Output files ------------------------------------------------------ */

/* PREFIX.yaml and PREFIX.csv are written under temporary names beside
 * them (PREFIX.yaml.XXXXXX) and renamed into place only once both are
 * complete, so a run that fails (a file that cannot be created, a full
 * disk) leaves neither new file and keeps those of an earlier run: the
 * temporaries are removed at exit. */
enum { OUT_YAML = 0, OUT_CSV = 1 };
static char temp_path[2][4096 + 8];

static void remove_temps(void)
{
    for (int i = 0; i < 2; i++)
        if (temp_path[i][0]) {
            unlink(temp_path[i]);
            temp_path[i][0] = '\0';
        }
}

/* A new temporary file for `path` (with the permissions fopen would give). */
static FILE *create_temp(const char *path, int which)
{
    static int registered;
    if (!registered) {
        atexit(remove_temps);
        registered = 1;
    }
    char *t = temp_path[which];
    if (snprintf(t, sizeof temp_path[which], "%s.XXXXXX", path) >=
        (int)sizeof temp_path[which]) {
        t[0] = '\0';
        die(2, "--out: path too long");
    }
    int fd = mkstemp(t);
    if (fd < 0) {
        int e = errno;
        t[0] = '\0';
        die(1, "%s: cannot open for writing: %s", path, strerror(e));
    }
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0)
        die(1, "%s: cannot open for writing: %s", path, strerror(errno));
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        close(fd);
        die(1, "%s: cannot open for writing: %s", path, strerror(errno));
    }
    return f;
}

/* Moves both temporaries into place (the CSV first: when it cannot take its
 * name, e.g. a directory has it, no YAML file appears either). */
static void commit_outputs(const char *csv_path, const char *yaml_path)
{
    if (rename(temp_path[OUT_CSV], csv_path) != 0)
        die(1, "%s: cannot open for writing: %s", csv_path, strerror(errno));
    temp_path[OUT_CSV][0] = '\0';
    if (rename(temp_path[OUT_YAML], yaml_path) != 0) {
        int e = errno;
        unlink(csv_path);
        die(1, "%s: cannot open for writing: %s", yaml_path, strerror(e));
    }
    temp_path[OUT_YAML][0] = '\0';
}

/* ---- Random numbers ---------------------------------------------------- */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static void rng_seed(rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * UINT64_C(0xD1B54A32D192ED03));
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static inline uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform on [0, 1). */
static inline double rng_unif(rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform on (0, 1]. */
static inline double rng_unif_pos(rng *r)
{
    return (double)((rng_next(r) >> 11) + 1) * 0x1.0p-53;
}

/* Uniform integer in [0, n), n > 0 (Lemire's method, unbiased). */
static inline uint32_t rng_below(rng *r, uint32_t n)
{
    uint64_t m = (rng_next(r) >> 32) * n;
    uint32_t lo = (uint32_t)m;
    if (lo < n) {
        uint32_t thresh = (uint32_t)(-n) % n;
        while (lo < thresh) {
            m = (rng_next(r) >> 32) * n;
            lo = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

/* Index drawn from integer weights w[0..n-1] (total > 0). */
static int rng_pick(rng *r, const unsigned *w, int n)
{
    unsigned total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    uint32_t x = rng_below(r, total);
    for (int i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

/* Natural logarithm and exponential from +, -, *, / only (frexp/ldexp are
 * exact), so that results do not depend on the platform's libm. */
static double det_log(double x)
{
    int e;
    double m = frexp(x, &e); /* x = m 2^e, m in [0.5, 1) */
    if (m < 0.70710678118654752) {
        m *= 2.0;
        e--;
    }
    double s = (m - 1.0) / (m + 1.0), s2 = s * s, sum = 0.0;
    for (int k = 25; k >= 1; k -= 2) /* atanh series: 2 (s + s^3/3 + ...) */
        sum = sum * s2 + 1.0 / k;
    return e * 0.69314718055994531 + 2.0 * s * sum;
}

static double det_exp(double x)
{
    if (x < -700.0)
        return 0.0;
    if (x > 700.0)
        x = 700.0;
    double kf = floor(x / 0.69314718055994531 + 0.5);
    double rr = x - kf * 0.69314718055994531, sum = 1.0;
    for (int k = 20; k >= 1; k--)
        sum = 1.0 + sum * rr / k;
    return ldexp(sum, (int)kf);
}

/* Standard normal (Marsaglia's polar method). */
static double rng_normal(rng *r)
{
    for (;;) {
        double u = 2.0 * rng_unif(r) - 1.0, v = 2.0 * rng_unif(r) - 1.0;
        double s = u * u + v * v;
        if (s > 0.0 && s < 1.0)
            return u * sqrt(-2.0 * det_log(s) / s);
    }
}

/* Gamma(a, 1) (Marsaglia and Tsang; a < 1 by the U^(1/a) boost). */
static double rng_gamma(rng *r, double a)
{
    if (a < 1.0) {
        double u = rng_unif_pos(r);
        return rng_gamma(r, a + 1.0) * det_exp(det_log(u) / a);
    }
    double d = a - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = rng_normal(r);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        double u = rng_unif_pos(r);
        if (u < 1.0 - 0.0331 * x * x * x * x)
            return d * v;
        if (det_log(u) < 0.5 * x * x + d * (1.0 - v + det_log(v)))
            return d * v;
    }
}

/* ---- Fixed tables ------------------------------------------------------ */

enum { ETH_WHITE, ETH_BLACK, ETH_ASIAN, ETH_MIXED, ETH_OTHER, ETH_N, ETH_NONE = ETH_N };
static const char *const eth_name[ETH_N + 1] = {"White", "Black", "Asian", "Mixed", "Other", ""};
/* population shares (percent) around which areas vary, and relative rates
 * of entering the youth justice system against White */
static const double eth_pop_share[ETH_N] = {76, 5, 11, 5, 3};
static const double eth_pop_spread[ETH_N] = {0.12, 0.6, 0.6, 0.3, 0.4};
static const double eth_rri[ETH_N] = {1.0, 2.3, 0.85, 1.6, 1.1};

enum {
    OT_VIOLENCE, OT_THEFT, OT_DRUGS, OT_DAMAGE, OT_PUBLIC_ORDER, OT_ROBBERY,
    OT_MOTORING, OT_BURGLARY, OT_SEXUAL, OT_OTHER, OT_N
};
static const char *const offence_name[OT_N] = {
    "Violence against the person", "Theft", "Drugs", "Criminal damage",
    "Public order", "Robbery", "Motoring", "Burglary", "Sexual offences", "Other"};
/* per mille of proven offences by children, roughly as published */
static const unsigned offence_weight[OT_N] = {310, 90, 110, 80, 80, 60, 90, 40, 30, 110};

static const char *const region_name[] = {
    "North East", "North West", "Yorkshire and The Humber", "East Midlands",
    "West Midlands", "East of England", "London", "South East", "South West"};
#define N_REGIONS ((int)(sizeof region_name / sizeof region_name[0]))

static const char *const name_head[] = {
    "Ash", "Brad", "Carl", "Dun", "Elm", "Fair", "Glen", "Hart", "Ives",
    "Kings", "Lang", "Marsh", "Nor", "Oak", "Pen", "Queens", "Rother", "Stan",
    "Thorn", "Up", "Wal", "West", "Whit", "York"};
static const char *const name_tail[] = {
    "ford", "ley", "bridge", "field", "ham", "ton", "wick", "bury", "worth",
    "mouth", "by", "stead", "combe", "hurst", "dale", "minster"};
#define N_HEAD ((int)(sizeof name_head / sizeof name_head[0]))
#define N_TAIL ((int)(sizeof name_tail / sizeof name_tail[0]))

/* Outcome codes as written (the spec's code texts), indexed by yjpi_outcome. */
static const char *const outcome_code[YJPI_OUTCOME_COUNT_] = {
    [YJPI_OUTCOME_COMMUNITY_RESOLUTION] = "community_resolution",
    [YJPI_OUTCOME_TRIAGE] = "triage",
    [YJPI_OUTCOME_NO_FURTHER_ACTION] = "no_further_action",
    [YJPI_OUTCOME_REPRIMAND] = "reprimand",
    [YJPI_OUTCOME_FINAL_WARNING] = "final_warning",
    [YJPI_OUTCOME_YOUTH_CAUTION] = "youth_caution",
    [YJPI_OUTCOME_YOUTH_CONDITIONAL_CAUTION] = "youth_conditional_caution",
    [YJPI_OUTCOME_ABSOLUTE_DISCHARGE] = "absolute_discharge",
    [YJPI_OUTCOME_CONDITIONAL_DISCHARGE] = "conditional_discharge",
    [YJPI_OUTCOME_FINE] = "fine",
    [YJPI_OUTCOME_REFERRAL_ORDER] = "referral_order",
    [YJPI_OUTCOME_REPARATION_ORDER] = "reparation_order",
    [YJPI_OUTCOME_OTHER_FIRST_TIER] = "other_first_tier",
    [YJPI_OUTCOME_YOUTH_REHABILITATION_ORDER] = "youth_rehabilitation_order",
    [YJPI_OUTCOME_OTHER_COMMUNITY] = "other_community",
    [YJPI_OUTCOME_DETENTION_AND_TRAINING_ORDER] = "detention_and_training_order",
    [YJPI_OUTCOME_LONG_TERM_DETENTION] = "long_term_detention",
    [YJPI_OUTCOME_OTHER_CUSTODY] = "other_custody",
};

/* Local labels some areas export instead of codes (and the outcome_map). */
static const struct {
    const char *label;
    int outcome;
} local_label[] = {
    {"Referral Order", YJPI_OUTCOME_REFERRAL_ORDER},
    {"YRO", YJPI_OUTCOME_YOUTH_REHABILITATION_ORDER},
    {"DTO", YJPI_OUTCOME_DETENTION_AND_TRAINING_ORDER},
    {"Youth Caution", YJPI_OUTCOME_YOUTH_CAUTION},
};
#define N_LOCAL ((int)(sizeof local_label / sizeof local_label[0]))

/* Tier mix (per mille: informal, pre-court, first tier, community, custody)
 * of an occasion by the number k of earlier occasions. */
static const unsigned tier_mix[5][5] = {
    {220, 450, 290, 35, 5},   /* k = 0: first entry */
    {100, 330, 420, 135, 15}, /* k = 1 */
    {60, 190, 430, 290, 30},  /* k = 2 */
    {40, 100, 360, 450, 50},  /* k = 3..5 */
    {30, 60, 290, 530, 90},   /* k >= 6 */
};

/* ---- Options ----------------------------------------------------------- */

typedef struct options {
    uint64_t rows;
    int areas;
    int years;
    uint64_t seed;
    int start; /* first financial year (its April); 0 = default */
    const char *out;
    int quiet;
    /* shapes of extract (see "Shapes of extract" below); all 0 by default */
    int shape;         /* SHAPE_PERSON, SHAPE_DATE, SHAPE_RANDOM */
    int guid_ids;      /* --id guid */
    int extra_columns; /* --extra-columns N */
    int crlf;          /* --crlf */
    int realistic;     /* --persons realistic */
} options;

enum { SHAPE_PERSON = 0, SHAPE_DATE = 1, SHAPE_RANDOM = 2 };
#define MAX_EXTRA_COLUMNS 200

static void usage(FILE *f)
{
    fputs(
"Usage: " PROG " [--rows N] [--areas K] [--years Y] [--seed S]\n"
"                [--start YEAR] [--out PREFIX] [--quiet]\n"
"                [--shape person|date|random] [--id seq|guid]\n"
"                [--extra-columns N] [--crlf] [--persons simple|realistic]\n"
"\n"
"Writes a synthetic youth justice cohort PREFIX.csv and a matching reference\n"
"file PREFIX.yaml (formats: docs/cohort-file.md).  The data are invented but\n"
"shaped like the England & Wales youth justice statistics.\n"
"\n"
"Options:\n"
"  --rows N       rows to write, exactly (default 4000); the last person's\n"
"                 history is cut short to stop at N\n"
"  --areas K      number of areas E06000001.. (1-99999, default 10), each\n"
"                 with a 10-17 population of 8,000-60,000\n"
"  --years Y      financial years of data (1-50, default 10)\n"
"  --seed S       seed, 0-18446744073709551615 (default 1); the same options\n"
"                 give the same bytes on every platform\n"
"  --start YEAR   first financial year, e.g. 2015 for 2015/16 (1970-2100);\n"
"                 default 2025-Y, so the last year ends on 31 March 2025\n"
"                 and as_of (where the data stop) is 2025-05-31\n"
"  --out PREFIX   output path prefix (default: cohort, in the current folder)\n"
"  --quiet        no summary on standard error\n"
"  -h, --help     this help\n"
"\n", f);
    fputs(
"Shapes of extract (the defaults write the file described above; the other\n"
"shapes write the same records, for the same options and seed, only ordered\n"
"or dressed differently, so every indicator comes out the same):\n"
"  --shape S      row order: person (default: each person's rows together,\n"
"                 by outcome date), date (by offence date, as police\n"
"                 extracts come; rows of one date keep the person order) or\n"
"                 random (rows shuffled; a person's rows keep their order).\n"
"                 date and random hold the records in memory (about 36 bytes\n"
"                 a row) to order them\n"
"  --id guid      person ids as 36-byte GUIDs (8-4-4-4-12 lowercase hex)\n"
"                 instead of P00000001..; --id seq is the default\n"
"  --extra-columns N\n"
"                 N more columns (0-200) that yjpi does not use, spread among\n"
"                 its 11, as case-management exports carry: record numbers,\n"
"                 case workers, timestamps, teams, free-text notes...; some\n"
"                 are quoted and hold commas (and the odd \"\" quote)\n"
"  --crlf         CRLF line ends (LF by default)\n"
"  --persons P    simple (default) or realistic: frailties more spread out\n"
"                 (gamma shape 0.2 instead of 1, the same mean), so that most\n"
"                 persons have one or two rows (about 46% one) and a few have\n"
"                 dozens; the prolific few keep a yearly reoffending cohort's\n"
"                 binary rate near 40%.  This changes the records, not only\n"
"                 their shape\n"
"\n"
"The reference file holds as_of (two months after the last financial year;\n"
"outcomes run up to it), history_start (1 April of the first year), all\n"
"options with their defaults, populations and ethnic populations of every\n"
"area for every mid-year covered, area names, families F1-F8 and regions,\n"
"the outcome_map for the local labels some areas use, England and Wales and\n"
"family benchmarks for fte_rate, binary_rate and custody_rate, and targets.\n"
"\n"
"Model, in brief: entries at ages 10-17 (peak 15-16), falling 5% a year;\n"
"83% male; ethnicity by area mix with higher rates for Black and Mixed\n"
"children; first outcomes mostly informal, cautions or referral orders;\n"
"about a third reoffend within a year, a heavy tail reoffend many times,\n"
"sentences escalate with repeat offending; custody a few percent of court\n"
"occasions with release 1-24 months later (empty if after as_of); breaches;\n"
"several offences often sentenced on one day; outcome 0-180 days after the\n"
"offence.  By default rows are grouped by person (ids P00000001..), memory\n"
"does not grow with N, and a shorter run is a prefix of a longer one.\n"
"Populations do not depend on N: about 200-300 rows per area and year give\n"
"national-like rates (FTE rate 150-250 per 100,000).\n"
"\n"
"Example:\n"
"  " PROG " --rows 4000 --areas 3 --years 6 --seed 2024 --out data/cohort\n"
"      writes data/cohort.csv (4000 rows, FY 2019/20-2024/25, outcomes up to\n"
"      2025-05-31) and data/cohort.yaml\n", f);
}

static uint64_t parse_u64(const char *opt, const char *s, uint64_t lo, uint64_t hi)
{
    if (!s)
        die(2, "%s needs a value (see --help)", opt);
    if (*s < '0' || *s > '9')
        die(2, "%s: expected a whole number, got \"%s\"", opt, s);
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0')
        die(2, "%s: expected a whole number, got \"%s\"", opt, s);
    if (errno == ERANGE || v < lo || v > hi)
        die(2, "%s: %s is out of range (%" PRIu64 "-%" PRIu64 ")", opt, s, lo, hi);
    return (uint64_t)v;
}

/* Index of `s` in the NULL-terminated `words`. */
static int parse_word(const char *opt, const char *s, const char *const *words)
{
    if (!s)
        die(2, "%s needs a value (see --help)", opt);
    for (int i = 0; words[i]; i++)
        if (strcmp(s, words[i]) == 0)
            return i;
    die(2, "%s: unknown value \"%s\" (see --help)", opt, s);
    return -1;
}

static void parse_args(int argc, char **argv, options *o)
{
    o->rows = 4000;
    o->areas = 10;
    o->years = 10;
    o->seed = 1;
    o->start = 0;
    o->out = "cohort";
    o->quiet = 0;
    o->shape = SHAPE_PERSON;
    o->guid_ids = o->extra_columns = o->crlf = o->realistic = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        char name[32];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            exit(0);
        }
        if (strcmp(a, "--quiet") == 0) {
            o->quiet = 1;
            continue;
        }
        if (strcmp(a, "--crlf") == 0) {
            o->crlf = 1;
            continue;
        }
        if (strncmp(a, "--", 2) != 0)
            die(2, "unexpected argument \"%s\" (see --help)", a);
        const char *eq = strchr(a, '=');
        size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
        if (nlen >= sizeof name)
            die(2, "unknown option \"%s\" (see --help)", a);
        memcpy(name, a, nlen);
        name[nlen] = '\0';
        int known = strcmp(name, "--rows") == 0 || strcmp(name, "--areas") == 0 ||
                    strcmp(name, "--years") == 0 || strcmp(name, "--seed") == 0 ||
                    strcmp(name, "--start") == 0 || strcmp(name, "--out") == 0 ||
                    strcmp(name, "--shape") == 0 || strcmp(name, "--id") == 0 ||
                    strcmp(name, "--extra-columns") == 0 || strcmp(name, "--persons") == 0;
        if (!known)
            die(2, "unknown option \"%s\" (see --help)", name);
        if (eq)
            val = eq + 1;
        else if (i + 1 < argc)
            val = argv[++i];
        if (strcmp(name, "--rows") == 0)
            o->rows = parse_u64(name, val, 0, UINT64_C(1000000000000));
        else if (strcmp(name, "--areas") == 0)
            o->areas = (int)parse_u64(name, val, 1, 99999);
        else if (strcmp(name, "--years") == 0)
            o->years = (int)parse_u64(name, val, 1, 50);
        else if (strcmp(name, "--seed") == 0)
            o->seed = parse_u64(name, val, 0, UINT64_MAX);
        else if (strcmp(name, "--start") == 0)
            o->start = (int)parse_u64(name, val, 1970, 2100);
        else if (strcmp(name, "--extra-columns") == 0)
            o->extra_columns = (int)parse_u64(name, val, 0, MAX_EXTRA_COLUMNS);
        else if (strcmp(name, "--shape") == 0)
            o->shape = parse_word(name, val, (const char *const[]){"person", "date", "random", NULL});
        else if (strcmp(name, "--id") == 0)
            o->guid_ids = parse_word(name, val, (const char *const[]){"seq", "guid", NULL});
        else if (strcmp(name, "--persons") == 0)
            o->realistic = parse_word(name, val, (const char *const[]){"simple", "realistic", NULL});
        else {
            if (!val || !*val)
                die(2, "--out needs a non-empty path prefix");
            o->out = val;
        }
    }
    if (o->start == 0)
        o->start = 2025 - o->years;
}

/* ---- Buffered output --------------------------------------------------- */

#define OUT_CAP (1u << 20)

typedef struct outbuf {
    FILE *f;
    const char *path;
    char *buf;
    size_t len;
} outbuf;

static void out_flush(outbuf *o)
{
    if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
        die(1, "%s: write failed: %s", o->path, strerror(errno));
    o->len = 0;
}

/* Room for at least `need` more bytes. */
static inline char *out_reserve(outbuf *o, size_t need)
{
    if (OUT_CAP - o->len < need)
        out_flush(o);
    return o->buf + o->len;
}

static inline char *put(char *p, const char *s, size_t n)
{
    memcpy(p, s, n);
    return p + n;
}

/* ---- Dates ------------------------------------------------------------- */

/* "YYYY-MM-DD" of every day in [lo, hi], formatted once. */
typedef struct date_table {
    yjpi_date lo, hi;
    char *text; /* 10 bytes per day */
} date_table;

static void date_table_init(date_table *t, yjpi_date lo, yjpi_date hi)
{
    t->lo = lo;
    t->hi = hi;
    t->text = malloc((size_t)(hi - lo + 1) * 10);
    if (!t->text)
        die(1, "out of memory");
    char tmp[16];
    for (yjpi_date d = lo; d <= hi; d++) {
        if (yjpi_date_format(d, tmp, sizeof tmp) != YJPI_OK)
            die(1, "internal error: date %ld out of range", (long)d);
        memcpy(t->text + (size_t)(d - lo) * 10, tmp, 10);
    }
}

static inline char *put_date(char *p, const date_table *t, yjpi_date d)
{
    if (d < t->lo || d > t->hi) /* cannot happen: every date is clamped */
        die(1, "internal error: date %ld outside the table", (long)d);
    return put(p, t->text + (size_t)(d - t->lo) * 10, 10);
}

static yjpi_date ymd(int y, int m, int d)
{
    yjpi_date out;
    if (yjpi_date_from_ymd(y, m, d, &out) != YJPI_OK)
        die(1, "internal error: bad date %d-%d-%d", y, m, d);
    return out;
}

/* ---- Areas ------------------------------------------------------------- */

typedef struct area {
    char code[16]; /* E06nnnnnn */
    char name[40];
    int family;     /* 1..8 */
    int region;
    int local;      /* exports local outcome labels */
    double pop0;    /* population in the first year */
    double growth;  /* yearly drift */
    double eth_share[ETH_N];
    double eth_drift[ETH_N];
    double propensity;
    unsigned eth_offender_w[ETH_N + 1]; /* offender mix, last = not recorded */
} area;

static void make_areas(area *ar, int k, uint64_t seed)
{
    rng r;
    rng_seed(&r, seed, 1);
    for (int i = 0; i < k; i++) {
        area *a = &ar[i];
        snprintf(a->code, sizeof a->code, "E06%06d", i + 1);
        int h = i % N_HEAD, t = (i / N_HEAD + i * 7) % N_TAIL;
        if (i < N_HEAD * N_TAIL)
            snprintf(a->name, sizeof a->name, "%s%s", name_head[h], name_tail[t]);
        else
            snprintf(a->name, sizeof a->name, "%s%s %d", name_head[h], name_tail[t],
                     i / (N_HEAD * N_TAIL) + 1);
        a->family = 1 + (int)rng_below(&r, 8);
        a->region = (int)rng_below(&r, N_REGIONS);
        a->local = (i % 3 == 0);
        a->pop0 = 8000.0 + rng_below(&r, 52001);
        a->growth = 0.01 * rng_normal(&r);
        a->propensity = det_exp(0.35 * rng_normal(&r));
        double sum = 0.0;
        for (int e = 0; e < ETH_N; e++) {
            a->eth_share[e] = eth_pop_share[e] * det_exp(eth_pop_spread[e] * rng_normal(&r));
            a->eth_drift[e] = (e == ETH_WHITE ? -0.004 : 0.01) + 0.003 * rng_normal(&r);
            sum += a->eth_share[e];
        }
        for (int e = 0; e < ETH_N; e++) {
            a->eth_share[e] /= sum;
            a->eth_offender_w[e] = (unsigned)(9700.0 * a->eth_share[e] * eth_rri[e] /
                                              1.12 + 0.5) + 1;
        }
        a->eth_offender_w[ETH_N] = 300; /* about 3% not recorded */
    }
}

static long area_pop(const area *a, int years_after_start)
{
    return (long)(a->pop0 * det_exp(a->growth * years_after_start) + 0.5);
}

/* Ethnic populations of one area in one year, summing to the total. */
static void area_eth_pop(const area *a, int years_after_start, long out[ETH_N])
{
    long total = area_pop(a, years_after_start), used = 0;
    double w[ETH_N], sum = 0.0;
    for (int e = 0; e < ETH_N; e++) {
        w[e] = a->eth_share[e] * det_exp(a->eth_drift[e] * years_after_start);
        sum += w[e];
    }
    for (int e = 1; e < ETH_N; e++) {
        out[e] = (long)(total * w[e] / sum + 0.5);
        used += out[e];
    }
    out[ETH_WHITE] = total - used;
}

/* ---- Reference file ---------------------------------------------------- */

static void write_yaml(const options *o, const area *ar, yjpi_date as_of,
                       yjpi_date history_start, const double *family_factor)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s.yaml", o->out) >= (int)sizeof path)
        die(2, "--out: path too long");
    FILE *f = create_temp(path, OUT_YAML);
    char d1[16], d2[16];
    yjpi_date_format(as_of, d1, sizeof d1);
    yjpi_date_format(history_start, d2, sizeof d2);
    int last = o->start + o->years - 1;
    fprintf(f,
            "# Synthetic reference file written by " PROG " --rows %" PRIu64
            " --areas %d --years %d --seed %" PRIu64 " --start %d\n"
            "# Invented data for testing and demonstration; not official figures.\n"
            "as_of: %s\n"
            "history_start: %s\n"
            "options:\n"
            "  age_basis: offence_date\n"
            "  cohort_months: 3\n"
            "  followup_months: 12\n"
            "  waiting_months: 6\n"
            "  confidence: 0.95\n"
            "  significance: 0.05\n"
            "  trend_min_points: 5\n"
            "  trend_significance: 0.002\n"
            "  fte_lookback_years: 8\n"
            "  suppress_below: 0\n"
            "  round_to: 1\n"
            "  reference_ethnicity: White\n"
            "populations:\n",
            o->rows, o->areas, o->years, o->seed, o->start, d1, d2);
    /* mid-years from the first financial year to the year of as_of */
    for (int i = 0; i < o->areas; i++) {
        const area *a = &ar[i];
        fprintf(f, "  %s:\n", a->code);
        for (int y = 0; y <= o->years; y++)
            fprintf(f, "    %d: %ld\n", o->start + y, area_pop(a, y));
        fprintf(f, "  %s/ethnicity:\n", a->code);
        for (int y = 0; y <= o->years; y++) {
            long e[ETH_N];
            area_eth_pop(a, y, e);
            fprintf(f, "    %d: {", o->start + y);
            for (int k = 0; k < ETH_N; k++)
                fprintf(f, "%s%s: %ld", k ? ", " : "", eth_name[k], e[k]);
            fputs("}\n", f);
        }
    }
    fputs("areas:\n", f);
    for (int i = 0; i < o->areas; i++)
        fprintf(f, "  %s: {name: \"%s\", family: F%d, region: \"%s\"}\n", ar[i].code,
                ar[i].name, ar[i].family, region_name[ar[i].region]);
    fputs("outcome_map:\n", f);
    for (int i = 0; i < N_LOCAL; i++)
        fprintf(f, "  \"%s\": %s\n", local_label[i].label, outcome_code[local_label[i].outcome]);

    /* National shapes: FTE rate per 100,000 falling from about 400 (2013/14)
     * towards 140; binary reoffending about 38% falling slowly to 31%;
     * custody per 1,000 falling from 0.4 towards 0.08. */
    static const char *const ind[3] = {"fte_rate", "binary_rate", "custody_rate"};
    int used[9] = {0};
    for (int i = 0; i < o->areas; i++)
        used[ar[i].family] = 1;
    fputs("benchmarks:\n", f);
    for (int fam = 0; fam <= 8; fam++) {
        if (fam > 0 && !used[fam])
            continue;
        double factor = fam ? family_factor[fam] : 1.0;
        for (int j = 0; j < 3; j++) {
            if (fam)
                fprintf(f, "  - name: YOT family F%d\n", fam);
            else
                fputs("  - name: England and Wales\n", f);
            fprintf(f, "    indicator: %s\n    values: {", ind[j]);
            for (int y = o->start; y <= last; y++) {
                double t = y - 2013, v;
                if (j == 0) {
                    v = 409.0 * det_exp(-0.1 * t) * factor;
                    if (v < 140.0 * factor)
                        v = 140.0 * factor;
                } else if (j == 1) {
                    v = 38.0 - 0.6 * t;
                    v = (v < 31.0 ? 31.0 : v > 42.0 ? 42.0 : v) * (0.5 + 0.5 * factor);
                } else {
                    v = 0.4 * det_exp(-0.15 * t);
                    v = (v < 0.08 ? 0.08 : v > 0.6 ? 0.6 : v) * factor;
                }
                fprintf(f, "%s\"%d/%02d\": %.*f", y > o->start ? ", " : "", y,
                        (y + 1) % 100, j == 2 ? 3 : 1, v);
            }
            fputs("}\n", f);
        }
    }
    fprintf(f,
            "targets:\n"
            "  - indicator: custody_share\n"
            "    period: \"%d/%02d\"\n"
            "    max: 5\n"
            "  - indicator: fte_count\n"
            "    period: \"%d/%02d\"\n"
            "    change_max: -5\n",
            last, (last + 1) % 100, last, (last + 1) % 100);
    if (ferror(f) | fclose(f))
        die(1, "%s: write failed: %s", path, strerror(errno));
}

/* ---- Persons ----------------------------------------------------------- */

typedef struct row {
    yjpi_date offence, outcome, release; /* release YJPI_NO_DATE when none */
    int area;
    unsigned char outcome_code, offence_type, breach;
} row;

#define MAX_PERSON_ROWS 4096

typedef struct world {
    const options *o;
    const area *ar;
    double *area_cum; /* cumulative selection weights */
    yjpi_date history_start, as_of, entry_lo;
    double entry_years;
    yjpi_date caution_reform; /* 2013-04-08: reprimands give way to cautions */
    rng r;
    row rows[MAX_PERSON_ROWS];
    int n;
} world;

static int pick_area(world *w)
{
    double x = rng_unif(&w->r) * w->area_cum[w->o->areas - 1];
    int lo = 0, hi = w->o->areas - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (w->area_cum[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static int tier_of(int code)
{
    if (code <= YJPI_OUTCOME_NO_FURTHER_ACTION)
        return YJPI_TIER_INFORMAL;
    if (code <= YJPI_OUTCOME_YOUTH_CONDITIONAL_CAUTION)
        return YJPI_TIER_PRE_COURT;
    if (code <= YJPI_OUTCOME_OTHER_FIRST_TIER)
        return YJPI_TIER_FIRST_TIER;
    if (code <= YJPI_OUTCOME_OTHER_COMMUNITY)
        return YJPI_TIER_COMMUNITY;
    return YJPI_TIER_CUSTODY;
}

static int serious(int type)
{
    return type == OT_ROBBERY || type == OT_BURGLARY || type == OT_SEXUAL;
}

/* Tier of an occasion after k earlier ones. */
static int choose_tier(world *w, int k, int type, int prev_tier)
{
    rng *r = &w->r;
    int b = k <= 2 ? k : k <= 5 ? 3 : 4;
    int t = rng_pick(r, tier_mix[b], 5);
    if (serious(type)) {
        if (t < YJPI_TIER_FIRST_TIER && rng_unif(r) < 0.7)
            t = YJPI_TIER_FIRST_TIER;
        if (t == YJPI_TIER_COMMUNITY && rng_unif(r) < 0.12)
            t = YJPI_TIER_CUSTODY;
    }
    if (prev_tier >= YJPI_TIER_FIRST_TIER && t < YJPI_TIER_FIRST_TIER && rng_unif(r) < 0.8)
        t = YJPI_TIER_FIRST_TIER;
    if (type == OT_MOTORING && t < YJPI_TIER_FIRST_TIER && rng_unif(r) < 0.5)
        t = YJPI_TIER_FIRST_TIER;
    return t;
}

/* Outcome code within a tier. */
static int choose_code(world *w, int tier, int type, yjpi_date when, int pre_court_before)
{
    rng *r = &w->r;
    switch (tier) {
    case YJPI_TIER_INFORMAL: {
        static const unsigned wt[3] = {70, 24, 6};
        return YJPI_OUTCOME_COMMUNITY_RESOLUTION + rng_pick(r, wt, 3);
    }
    case YJPI_TIER_PRE_COURT:
        if (when < w->caution_reform)
            return pre_court_before ? YJPI_OUTCOME_FINAL_WARNING : YJPI_OUTCOME_REPRIMAND;
        return rng_unif(r) < (pre_court_before ? 0.65 : 0.35)
                   ? YJPI_OUTCOME_YOUTH_CONDITIONAL_CAUTION
                   : YJPI_OUTCOME_YOUTH_CAUTION;
    case YJPI_TIER_FIRST_TIER: {
        /* absolute, conditional discharge, fine, referral, reparation, other */
        static const unsigned usual[6] = {2, 12, 12, 62, 4, 8};
        static const unsigned motoring[6] = {5, 10, 55, 30, 0, 0};
        return YJPI_OUTCOME_ABSOLUTE_DISCHARGE +
               rng_pick(r, type == OT_MOTORING ? motoring : usual, 6);
    }
    case YJPI_TIER_COMMUNITY:
        return rng_unif(r) < 0.92 ? YJPI_OUTCOME_YOUTH_REHABILITATION_ORDER
                                  : YJPI_OUTCOME_OTHER_COMMUNITY;
    default: {
        static const unsigned wt[3] = {88, 10, 2};
        return YJPI_OUTCOME_DETENTION_AND_TRAINING_ORDER + rng_pick(r, wt, 3);
    }
    }
}

/* Release date of a custodial sentence given on `when` (NO_DATE: not yet,
 * or not recorded). */
static yjpi_date release_after(world *w, int code, yjpi_date when)
{
    rng *r = &w->r;
    int months;
    if (code == YJPI_OUTCOME_DETENTION_AND_TRAINING_ORDER) {
        /* half of a 4, 6, 8, 10, 12, 18 or 24 month order */
        static const int half[7] = {2, 3, 4, 5, 6, 9, 12};
        static const unsigned wt[7] = {30, 20, 15, 10, 12, 8, 5};
        months = half[rng_pick(r, wt, 7)];
    } else if (code == YJPI_OUTCOME_LONG_TERM_DETENTION) {
        months = 12 + (int)rng_below(r, 13);
    } else {
        months = 1 + (int)rng_below(r, 6);
    }
    yjpi_date rel = yjpi_date_add_months(when, months) + (yjpi_date)rng_below(r, 8);
    if (rel > w->as_of || rng_unif(r) < 0.01)
        return YJPI_NO_DATE;
    return rel;
}

static void push(world *w, yjpi_date off, yjpi_date out, yjpi_date rel, int area_i,
                 int code, int type, int breach)
{
    if (out < w->history_start || w->n >= MAX_PERSON_ROWS)
        return;
    row *x = &w->rows[w->n++];
    x->offence = off;
    x->outcome = out;
    x->release = tier_of(code) == YJPI_TIER_CUSTODY ? rel : YJPI_NO_DATE;
    x->area = area_i;
    x->outcome_code = (unsigned char)code;
    x->offence_type = (unsigned char)type;
    x->breach = (unsigned char)breach;
}

/* A breach of an order sentenced `when`. */
static void breach_after(world *w, yjpi_date when, int area_i, yjpi_date stop)
{
    rng *r = &w->r;
    yjpi_date off = when + 30 + (yjpi_date)rng_below(r, 241);
    yjpi_date out = off + 7 + (yjpi_date)rng_below(r, 54);
    if (out > w->as_of || off >= stop)
        return;
    /* resentenced: YRO, referral order, fine, other community, DTO */
    static const int code[5] = {
        YJPI_OUTCOME_YOUTH_REHABILITATION_ORDER, YJPI_OUTCOME_REFERRAL_ORDER,
        YJPI_OUTCOME_FINE, YJPI_OUTCOME_OTHER_COMMUNITY,
        YJPI_OUTCOME_DETENTION_AND_TRAINING_ORDER};
    static const unsigned wt[5] = {45, 15, 15, 15, 10};
    int c = code[rng_pick(r, wt, 5)];
    yjpi_date rel = tier_of(c) == YJPI_TIER_CUSTODY ? release_after(w, c, out) : YJPI_NO_DATE;
    push(w, off, out, rel, area_i, c, OT_OTHER, 1);
}

typedef struct person {
    yjpi_date birth;
    int sex; /* 0 unknown, 1 M, 2 F */
    int eth;
} person;

/* Generates one person's history into w->rows (only rows with an outcome
 * inside the data window), sorted by outcome date then offence date. */
static void gen_person(world *w, person *p)
{
    rng *r = &w->r;
    w->n = 0;
    int area_i = pick_area(w);
    double u = rng_unif(r);
    p->sex = u < 0.005 ? 0 : u < 0.17 ? 2 : 1;
    p->eth = rng_pick(r, w->ar[area_i].eth_offender_w, ETH_N + 1);
    /* frailty, mean 1: the realistic population spreads it more (shape
     * 0.3), giving many one-offence persons and a few prolific ones */
    double z = w->o->realistic ? rng_gamma(r, 0.2) / 0.2 : rng_gamma(r, 1.0);
    if (p->sex == 2)
        z *= 0.7;

    /* first offence: density falling by 8% a year over the entry window */
    const double b = -det_log(0.95);
    double t = -det_log(1.0 - rng_unif(r) * (1.0 - det_exp(-b * w->entry_years))) / b;
    yjpi_date first = w->entry_lo + (yjpi_date)(t * 365.2425);
    if (first > w->as_of)
        first = w->as_of;
    static const unsigned age_w[8] = {2, 4, 7, 11, 16, 21, 22, 17}; /* ages 10..17 */
    int age0 = 10 + rng_pick(r, age_w, 8);
    p->birth = yjpi_date_add_months(first, -12 * age0) - (yjpi_date)rng_below(r, 365);
    yjpi_date stop = yjpi_date_add_months(p->birth, 12 * 19);

    yjpi_date off = first;
    int prev_tier = -1, pre_court = 0;
    for (int k = 0; off < stop && off <= w->as_of; k++) {
        /* offences of this occasion */
        static const unsigned n_w[8] = {700, 170, 70, 30, 15, 8, 4, 3};
        int n_off = 1 + rng_pick(r, n_w, 8);
        int type = rng_pick(r, offence_weight, OT_N);
        yjpi_date offs[8];
        int types[8], spread = 0;
        offs[0] = off;
        types[0] = type;
        for (int j = 1; j < n_off; j++) {
            int gap = (int)rng_below(r, 61);
            offs[j] = off + gap;
            types[j] = rng_unif(r) < 0.5 ? type : rng_pick(r, offence_weight, OT_N);
            if (gap > spread)
                spread = gap;
        }
        int tier = choose_tier(w, k, type, prev_tier);
        int lag;
        if (tier <= YJPI_TIER_PRE_COURT)
            lag = (int)rng_below(r, 15) + (rng_unif(r) < 0.7 ? (int)rng_below(r, 30)
                                                               : (int)rng_below(r, 75));
        else
            lag = 14 + (int)rng_below(r, 60) + (int)rng_below(r, 100);
        if (spread + lag > 180)
            lag = 180 - spread;
        yjpi_date out = off + spread + lag;
        if (out > w->as_of)
            break; /* not dealt with yet */
        int code = choose_code(w, tier, type, out, pre_court);
        yjpi_date rel = tier == YJPI_TIER_CUSTODY ? release_after(w, code, out) : YJPI_NO_DATE;
        for (int j = 0; j < n_off; j++) {
            int c = code;
            /* a lesser offence sometimes gets a lesser court outcome */
            if (j > 0 && tier >= YJPI_TIER_FIRST_TIER && rng_unif(r) < 0.2)
                c = rng_unif(r) < 0.5 ? YJPI_OUTCOME_CONDITIONAL_DISCHARGE : YJPI_OUTCOME_FINE;
            push(w, offs[j], out, rel, area_i, c, types[j], 0);
        }
        if (tier == YJPI_TIER_PRE_COURT)
            pre_court++;
        prev_tier = tier;
        if ((code == YJPI_OUTCOME_REFERRAL_ORDER || tier == YJPI_TIER_COMMUNITY) &&
            rng_unif(r) < 0.08)
            breach_after(w, out, area_i, stop);

        yjpi_date index = out;
        if (tier == YJPI_TIER_CUSTODY) {
            if (rel == YJPI_NO_DATE)
                break; /* still inside at as_of (or unknown) */
            index = rel;
        }
        if (w->o->areas > 1 && rng_unif(r) < 0.03) { /* moves */
            int a2 = pick_area(w);
            if (a2 != area_i)
                area_i = a2;
        }
        /* next offence: exponential with rate 0.6 z (1 + 0.08 k) per year */
        double rate = 0.45 * z * (1.0 + 0.03 * k);
        double years = -det_log(rng_unif_pos(r)) / rate;
        if (years > 20.0)
            break;
        off = index + 1 + (yjpi_date)(years * 365.2425);
    }

    /* insertion sort by (outcome, offence): nearly sorted already */
    for (int i = 1; i < w->n; i++) {
        row x = w->rows[i];
        int j = i - 1;
        while (j >= 0 && (w->rows[j].outcome > x.outcome ||
                          (w->rows[j].outcome == x.outcome && w->rows[j].offence > x.offence))) {
            w->rows[j + 1] = w->rows[j];
            j--;
        }
        w->rows[j + 1] = x;
    }
}

/* "P" and at least 8 digits. */
static size_t format_id(char *buf, uint64_t id)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + id % 10);
        id /= 10;
    } while (id);
    while (n < 8)
        tmp[n++] = '0';
    buf[0] = 'P';
    for (int i = 0; i < n; i++)
        buf[1 + i] = tmp[n - 1 - i];
    return (size_t)n + 1;
}

/* ---- Shapes of extract ------------------------------------------------- */

/* Real extracts come in other shapes than the default file: sorted by date
 * or in no order, with long person ids, with columns yjpi does not use
 * (some quoted, holding commas), with CRLF line ends.  The options below
 * write the SAME records as the default run with the same --rows, --areas,
 * --years, --seed and --persons, only ordered or dressed differently: the
 * person stream is generated as before, the first --rows rows are taken,
 * and then
 *  - --shape date orders them by offence date (stable: persons in their
 *    order, a person's rows in theirs), --shape random shuffles them, a
 *    person's rows keeping their order (a random interleaving of the
 *    persons), so that rows with equal dates of one person, which yjpi
 *    tells apart by file order, stay in the same order in every shape;
 *  - each record's extra fields are drawn from its own random stream (the
 *    seed and the record's number in person order), and a person's GUID
 *    from the seed and the person's number, so a record's line is the same
 *    bytes in every order.
 * Hence the person-ordered and the reordered files of one run hold the same
 * lines, and every indicator computed from them is the same. */

static int shaped(const options *o)
{
    return o->shape != SHAPE_PERSON || o->guid_ids || o->extra_columns || o->crlf;
}

/* Columns yjpi does not use, as case-management exports carry them.  kind
 * cycles through the table; a name used again gets a suffix (_2, _3, ..). */
static const char *const extra_name[] = {
    "record_id", "case_worker", "notes", "created_at", "team",
    "risk_of_serious_harm", "court_name", "school", "postcode_district",
    "looked_after", "interventions", "referral_source", "asset_score",
    "address_line"};
#define N_EXTRA_KINDS ((int)(sizeof extra_name / sizeof extra_name[0]))

static const char *const surname[] = {
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson",
    "Davies", "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker",
    "Khan", "Roberts", "Green", "Hall", "Wood", "O'Neill"};
static const char *const note_part[] = {
    "seen at home", "mother present", "did not attend", "rearranged",
    "phoned school", "attended with carer", "engaged well", "late again",
    "referred to CAMHS", "ETE placement agreed", "victim contact made",
    "said \"\"no comment\"\"", "risk reviewed", "case closed"};
static const char *const team_name[] = {"North team", "South team", "Central", "Prevention", "Court team"};
static const char *const risk_name[] = {"Low", "Medium", "High", "Very High"};
static const char *const court_place[] = {"Leeds", "Bradford", "Manchester and Salford",
                                          "Bristol", "Camberwell Green", "Highbury Corner"};
static const char *const school_name[] = {"Oakfield Academy", "St Mary's High", "Riverside PRU",
                                          "Northgate School", "Home educated"};
static const char *const intervention[] = {"ETE", "substance misuse", "victim awareness",
                                           "anger management", "mentoring", "reparation",
                                           "speech and language"};
static const char *const referral[] = {"Police", "Court", "Social care", "School", "Self"};
static const char *const street[] = {"Mill Lane", "Station Road", "Church Street",
                                     "Park Avenue", "High Street", "Victoria Road"};
#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

static char *put_str(char *q, const char *s)
{
    return put(q, s, strlen(s));
}

static char *put_uint(char *q, uint64_t v, int min_digits)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < min_digits)
        tmp[n++] = '0';
    while (n)
        *q++ = tmp[--n];
    return q;
}

/* One extra field of `kind` for the record whose outcome date is `out`
 * (its text in `out_text`), from the record's stream r.  At most 96 bytes. */
static char *put_extra(char *q, int kind, rng *r, uint64_t rec_no, const char *out_text)
{
    switch (kind) {
    case 0: /* record_id */
        return put_uint(q, 100000 + rec_no, 1);
    case 1: /* case_worker: "Surname, I" */
        *q++ = '"';
        q = put_str(q, surname[rng_below(r, NELEM(surname))]);
        *q++ = ',';
        *q++ = ' ';
        *q++ = (char)('A' + rng_below(r, 26));
        *q++ = '"';
        return q;
    case 2: { /* notes: often empty, else one to three phrases */
        if (rng_unif(r) < 0.4)
            return q;
        int n = 1 + (int)rng_below(r, 3);
        *q++ = '"';
        for (int i = 0; i < n; i++) {
            if (i) {
                *q++ = ',';
                *q++ = ' ';
            }
            q = put_str(q, note_part[rng_below(r, NELEM(note_part))]);
        }
        *q++ = '"';
        return q;
    }
    case 3: /* created_at: the outcome date and a time */
        q = put(q, out_text, 10);
        *q++ = ' ';
        q = put_uint(q, 8 + rng_below(r, 10), 2);
        *q++ = ':';
        q = put_uint(q, rng_below(r, 60), 2);
        *q++ = ':';
        return put_uint(q, rng_below(r, 60), 2);
    case 4:
        return put_str(q, team_name[rng_below(r, NELEM(team_name))]);
    case 5:
        return rng_unif(r) < 0.3 ? q : put_str(q, risk_name[rng_below(r, NELEM(risk_name))]);
    case 6: /* court_name: quoted, sometimes with a comma */
        *q++ = '"';
        q = put_str(q, court_place[rng_below(r, NELEM(court_place))]);
        q = put_str(q, rng_unif(r) < 0.5 ? " Youth Court" : ", Youth Court");
        *q++ = '"';
        return q;
    case 7: /* school, "Year N" after a comma */
        *q++ = '"';
        q = put_str(q, school_name[rng_below(r, NELEM(school_name))]);
        q = put_str(q, ", Year ");
        q = put_uint(q, 7 + rng_below(r, 7), 1);
        *q++ = '"';
        return q;
    case 8: /* postcode_district */
        *q++ = (char)('A' + rng_below(r, 26));
        *q++ = (char)('A' + rng_below(r, 26));
        return put_uint(q, 1 + rng_below(r, 30), 1);
    case 9:
        return put_str(q, rng_unif(r) < 0.12 ? "Y" : "N");
    case 10: { /* interventions: a list, quoted when it has a comma */
        int n = (int)rng_below(r, 4);
        if (n > 1)
            *q++ = '"';
        for (int i = 0; i < n; i++) {
            if (i) {
                *q++ = ',';
                *q++ = ' ';
            }
            q = put_str(q, intervention[rng_below(r, NELEM(intervention))]);
        }
        if (n > 1)
            *q++ = '"';
        return q;
    }
    case 11:
        return put_str(q, referral[rng_below(r, NELEM(referral))]);
    case 12: /* asset_score */
        return put_uint(q, rng_below(r, 65), 1);
    default: /* address_line: "12 Mill Lane, Ashford" */
        *q++ = '"';
        q = put_uint(q, 1 + rng_below(r, 200), 1);
        *q++ = ' ';
        q = put_str(q, street[rng_below(r, NELEM(street))]);
        q = put_str(q, ", ");
        q = put_str(q, name_head[rng_below(r, N_HEAD)]);
        q = put_str(q, name_tail[rng_below(r, N_TAIL)]);
        *q++ = '"';
        return q;
    }
}

/* A person's GUID from the seed and the person's number (1..). */
static void format_guid(char buf[36], uint64_t seed, uint64_t person_no)
{
    static const char hex[] = "0123456789abcdef";
    rng r;
    rng_seed(&r, seed, UINT64_C(0x4755494400000000) + person_no);
    uint64_t a = rng_next(&r), b = rng_next(&r);
    a = (a & ~UINT64_C(0xF000)) | UINT64_C(0x4000);                  /* version 4 */
    b = (b & ~(UINT64_C(3) << 62)) | (UINT64_C(2) << 62);             /* variant 10 */
    int k = 0;
    for (int i = 0; i < 32; i++) {
        if (i == 8 || i == 12 || i == 16 || i == 20)
            buf[k++] = '-';
        uint64_t word = i < 16 ? a : b;
        buf[k++] = hex[(word >> (60 - 4 * (i % 16))) & 15];
    }
}

/* A record kept for reordering (the person's fields are in `persons`). */
typedef struct shaped_rec {
    yjpi_date offence, outcome, release;
    uint32_t person; /* index into persons: number - 1 */
    int area;
    unsigned char outcome_code, offence_type, breach;
} shaped_rec;

typedef struct shaped_out {
    const options *o;
    outbuf *ob;
    const date_table *dt;
    const area *ar;
    const char *(*label)[YJPI_OUTCOME_COUNT_];
    int layout[11 + MAX_EXTRA_COLUMNS]; /* >= 0 yjpi column, < 0 extra -1-j */
    int ncols;
} shaped_out;

/* Columns in file order: yjpi's 11 in their usual order, extra j after
 * yjpi's column j * 11 / N, so the extras spread over the row and the last
 * column is an extra one. */
static void shaped_layout(shaped_out *s)
{
    int n = s->o->extra_columns, k = 0;
    for (int c = 0; c < 11; c++) {
        s->layout[k++] = c;
        for (int j = 0; j < n; j++)
            if (j * 11 / n == c)
                s->layout[k++] = -1 - j;
    }
    s->ncols = k;
}

static const char *const core_column[11] = {
    "person_id", "birth_date", "area", "offence_date", "outcome_date", "outcome",
    "release_date", "sex", "ethnicity", "offence_type", "breach"};

static void shaped_header(shaped_out *s)
{
    char *q = out_reserve(s->ob, (size_t)s->ncols * 32 + 8), *q0 = q;
    for (int k = 0; k < s->ncols; k++) {
        if (k)
            *q++ = ',';
        int c = s->layout[k];
        if (c >= 0) {
            q = put_str(q, core_column[c]);
        } else {
            int j = -1 - c;
            q = put_str(q, extra_name[j % N_EXTRA_KINDS]);
            if (j >= N_EXTRA_KINDS) {
                *q++ = '_';
                q = put_uint(q, (uint64_t)(j / N_EXTRA_KINDS + 1), 1);
            }
        }
    }
    if (s->o->crlf)
        *q++ = '\r';
    *q++ = '\n';
    s->ob->len += (size_t)(q - q0);
}

/* Writes one record: rec_no is its number in person order (0..), which
 * seeds its extra fields. */
static void shaped_row(shaped_out *s, uint64_t person_no, const person *p, const shaped_rec *x,
                       uint64_t rec_no)
{
    static const char sex_text[3] = {'U', 'M', 'F'};
    const options *o = s->o;
    char *q = out_reserve(s->ob, 320 + (size_t)o->extra_columns * 100), *q0 = q;
    rng r;
    if (o->extra_columns)
        rng_seed(&r, o->seed, UINT64_C(0x5245430000000000) + rec_no);
    for (int k = 0; k < s->ncols; k++) {
        if (k)
            *q++ = ',';
        int c = s->layout[k];
        if (c < 0) {
            int j = -1 - c;
            q = put_extra(q, j % N_EXTRA_KINDS, &r, rec_no,
                          s->dt->text + (size_t)(x->outcome - s->dt->lo) * 10);
            continue;
        }
        switch (c) {
        case 0:
            if (o->guid_ids) {
                format_guid(q, o->seed, person_no);
                q += 36;
            } else {
                q += format_id(q, person_no);
            }
            break;
        case 1:
            q = put_date(q, s->dt, p->birth);
            break;
        case 2:
            q = put(q, s->ar[x->area].code, 9);
            break;
        case 3:
            q = put_date(q, s->dt, x->offence);
            break;
        case 4:
            q = put_date(q, s->dt, x->outcome);
            break;
        case 5:
            q = put_str(q, s->label[x->area][x->outcome_code]);
            break;
        case 6:
            if (x->release != YJPI_NO_DATE)
                q = put_date(q, s->dt, x->release);
            break;
        case 7:
            if (p->sex)
                *q++ = sex_text[p->sex];
            break;
        case 8:
            q = put_str(q, eth_name[p->eth]);
            break;
        case 9:
            q = put_str(q, offence_name[x->offence_type]);
            break;
        default:
            *q++ = x->breach ? '1' : '0';
            break;
        }
    }
    if (o->crlf)
        *q++ = '\r';
    *q++ = '\n';
    s->ob->len += (size_t)(q - q0);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        die(1, "out of memory");
    return q;
}

/* The shaped run: the same person stream and --rows cut as the default
 * run; person order is streamed, the other orders are built in memory. */
static void write_shaped(world *w, outbuf *ob, const date_table *dt, const area *ar,
                         const char *(*label)[YJPI_OUTCOME_COUNT_], uint64_t *written_out,
                         uint64_t *persons_out)
{
    const options *o = w->o;
    shaped_out s = {.o = o, .ob = ob, .dt = dt, .ar = ar, .label = label};
    shaped_layout(&s);
    /* main() wrote the default header into the buffer: start again */
    ob->len = 0;
    shaped_header(&s);

    uint64_t written = 0, persons = 0;
    shaped_rec *recs = NULL;
    person *ps = NULL;
    size_t rec_cap = 0, person_cap = 0;
    person p;
    while (written < o->rows) {
        gen_person(w, &p);
        if (w->n == 0)
            continue;
        persons++;
        if (o->shape != SHAPE_PERSON) {
            if (persons > UINT32_MAX)
                die(2, "--shape %s: too many persons to hold", o->shape == SHAPE_DATE ? "date" : "random");
            if (persons > person_cap) {
                person_cap = person_cap ? 2 * person_cap : 4096;
                ps = xrealloc(ps, person_cap * sizeof *ps);
            }
            ps[persons - 1] = p;
        }
        for (int i = 0; i < w->n && written < o->rows; i++, written++) {
            const row *x = &w->rows[i];
            shaped_rec rec = {x->offence, x->outcome, x->release, (uint32_t)(persons - 1),
                              x->area, x->outcome_code, x->offence_type, x->breach};
            if (o->shape == SHAPE_PERSON) {
                shaped_row(&s, persons, &p, &rec, written);
                continue;
            }
            if (written >= rec_cap) {
                rec_cap = rec_cap ? 2 * rec_cap : 65536;
                recs = xrealloc(recs, rec_cap * sizeof *recs);
            }
            recs[written] = rec;
        }
    }

    if (o->shape != SHAPE_PERSON) {
        size_t n = (size_t)written;
        if (written > UINT32_MAX)
            die(2, "--shape %s: too many rows to hold", o->shape == SHAPE_DATE ? "date" : "random");
        uint32_t *order = xrealloc(NULL, n * sizeof *order);
        if (o->shape == SHAPE_DATE) {
            /* stable counting sort by offence date */
            yjpi_date lo = dt->lo;
            size_t ndays = (size_t)(dt->hi - dt->lo) + 2;
            size_t *start = calloc(ndays, sizeof *start);
            if (!start)
                die(1, "out of memory");
            for (size_t i = 0; i < n; i++)
                start[(size_t)(recs[i].offence - lo) + 1]++;
            for (size_t d = 1; d < ndays; d++)
                start[d] += start[d - 1];
            for (size_t i = 0; i < n; i++)
                order[start[recs[i].offence - lo]++] = (uint32_t)i;
            free(start);
        } else {
            /* a random interleaving: shuffle the rows' persons, then give
             * each place the person's next row */
            rng r;
            rng_seed(&r, o->seed, UINT64_C(0x5348554600000000));
            uint32_t *next = calloc((size_t)persons, sizeof *next);
            if (!next)
                die(1, "out of memory");
            for (size_t i = 0; i < n; i++)
                order[i] = recs[i].person;
            for (size_t i = n; i > 1; i--) {
                size_t j = (size_t)(rng_next(&r) % i); /* bias < 2^-30 */
                uint32_t t = order[i - 1];
                order[i - 1] = order[j];
                order[j] = t;
            }
            /* first row of each person: rows are in person order */
            for (size_t i = n; i-- > 0;)
                next[recs[i].person] = (uint32_t)i;
            for (size_t i = 0; i < n; i++)
                order[i] = next[order[i]]++;
            free(next);
        }
        for (size_t i = 0; i < n; i++) {
            const shaped_rec *x = &recs[order[i]];
            shaped_row(&s, (uint64_t)x->person + 1, &ps[x->person], x, order[i]);
        }
        free(order);
    }
    free(recs);
    free(ps);
    *written_out = written;
    *persons_out = persons;
}

/* ---- Main -------------------------------------------------------------- */

int main(int argc, char **argv)
{
    cli_check_stdout_at_exit(PROG);
    options o;
    parse_args(argc, argv, &o);

    yjpi_date history_start = ymd(o.start, 4, 1);
    yjpi_date as_of = ymd(o.start + o.years, 5, 31);

    area *ar = calloc((size_t)o.areas, sizeof *ar);
    double *cum = calloc((size_t)o.areas, sizeof *cum);
    world *w = calloc(1, sizeof *w);
    char *buf = malloc(OUT_CAP);
    if (!ar || !cum || !w || !buf)
        die(1, "out of memory");
    make_areas(ar, o.areas, o.seed);
    double acc = 0.0;
    for (int i = 0; i < o.areas; i++) {
        acc += ar[i].pop0 * ar[i].propensity;
        cum[i] = acc;
    }
    double family_factor[9];
    {
        rng fr;
        rng_seed(&fr, o.seed, 2);
        for (int f = 0; f < 9; f++)
            family_factor[f] = 0.8 + 0.45 * rng_unif(&fr);
    }

    write_yaml(&o, ar, as_of, history_start, family_factor);

    w->o = &o;
    w->ar = ar;
    w->area_cum = cum;
    w->history_start = history_start;
    w->as_of = as_of;
    w->entry_lo = ymd(o.start - 3, 4, 1);
    w->entry_years = (as_of - w->entry_lo) / 365.2425;
    w->caution_reform = ymd(2013, 4, 8);
    rng_seed(&w->r, o.seed, 3);

    date_table dt;
    /* births go back to 18 years (and a day) before the earliest first offence */
    date_table_init(&dt, yjpi_date_add_months(w->entry_lo, -12 * 19), as_of);

    char path[4096];
    if (snprintf(path, sizeof path, "%s.csv", o.out) >= (int)sizeof path)
        die(2, "--out: path too long");
    outbuf ob = {create_temp(path, OUT_CSV), path, buf, 0};
    static const char header[] = "person_id,birth_date,area,offence_date,outcome_date,"
                                 "outcome,release_date,sex,ethnicity,offence_type,breach\n";
    memcpy(out_reserve(&ob, sizeof header), header, sizeof header - 1);
    ob.len += sizeof header - 1;

    /* per-area, per-outcome text (code or local label) */
    const char *(*label)[YJPI_OUTCOME_COUNT_] = calloc((size_t)o.areas, sizeof *label);
    if (!label)
        die(1, "out of memory");
    for (int i = 0; i < o.areas; i++) {
        for (int c = 1; c < YJPI_OUTCOME_COUNT_; c++)
            label[i][c] = outcome_code[c];
        if (ar[i].local)
            for (int j = 0; j < N_LOCAL; j++)
                label[i][local_label[j].outcome] = local_label[j].label;
    }
    size_t off_len[OT_N], eth_len[ETH_N + 1];
    for (int i = 0; i < OT_N; i++)
        off_len[i] = strlen(offence_name[i]);
    for (int i = 0; i <= ETH_N; i++)
        eth_len[i] = strlen(eth_name[i]);
    static const char sex_text[3] = {'U', 'M', 'F'};

    uint64_t written = 0, persons = 0;
    person p;
    if (shaped(&o)) /* writes every row: the loop below then does nothing */
        write_shaped(w, &ob, &dt, ar, label, &written, &persons);
    while (written < o.rows) {
        gen_person(w, &p);
        if (w->n == 0)
            continue;
        char id[24];
        size_t id_len = format_id(id, ++persons);
        for (int i = 0; i < w->n && written < o.rows; i++, written++) {
            const row *x = &w->rows[i];
            const char *lab = label[x->area][x->outcome_code];
            char *q = out_reserve(&ob, 256), *q0 = q;
            q = put(q, id, id_len);
            *q++ = ',';
            q = put_date(q, &dt, p.birth);
            *q++ = ',';
            q = put(q, ar[x->area].code, 9);
            *q++ = ',';
            q = put_date(q, &dt, x->offence);
            *q++ = ',';
            q = put_date(q, &dt, x->outcome);
            *q++ = ',';
            q = put(q, lab, strlen(lab));
            *q++ = ',';
            if (x->release != YJPI_NO_DATE)
                q = put_date(q, &dt, x->release);
            *q++ = ',';
            if (p.sex)
                *q++ = sex_text[p.sex];
            *q++ = ',';
            q = put(q, eth_name[p.eth], eth_len[p.eth]);
            *q++ = ',';
            q = put(q, offence_name[x->offence_type], off_len[x->offence_type]);
            *q++ = ',';
            *q++ = x->breach ? '1' : '0';
            *q++ = '\n';
            ob.len += (size_t)(q - q0);
        }
    }
    out_flush(&ob);
    if (ferror(ob.f) | fclose(ob.f))
        die(1, "%s: write failed: %s", path, strerror(errno));
    {
        char yaml_path[4096];
        snprintf(yaml_path, sizeof yaml_path, "%s.yaml", o.out);
        commit_outputs(path, yaml_path);
    }

    if (!o.quiet)
        fprintf(stderr,
                PROG ": wrote %" PRIu64 " rows (%" PRIu64 " persons, %d areas, "
                "FY %d/%02d-%d/%02d) to %s and %s.yaml\n",
                written, persons, o.areas, o.start, (o.start + 1) % 100,
                o.start + o.years - 1, (o.start + o.years) % 100, path, o.out);
    free(label);
    free(dt.text);
    free(buf);
    free(w);
    free(cum);
    free(ar);
    return 0;
}
