/* vocab.c - every name table of the library in one place: the outcome codes
 * with their tiers, the tier names and the indicators with their measure and
 * polarity.  The reference file, the CSV reader and the indicators all read
 * these names; keeping them here (the bottom layer) lets each of those use
 * the names without using one another. */
#include "internal.h"

/* ---- Outcome codes ------------------------------------------------------- */

const struct yjpi__outcome_info yjpi__outcomes[YJPI_OUTCOME_COUNT_] = {
#define O(s, t) {s, (uint8_t)(sizeof s - 1), t}
    {NULL, 0, 0},
    O("community_resolution", YJPI_TIER_INFORMAL),
    O("triage", YJPI_TIER_INFORMAL),
    O("no_further_action", YJPI_TIER_INFORMAL),
    O("reprimand", YJPI_TIER_PRE_COURT),
    O("final_warning", YJPI_TIER_PRE_COURT),
    O("youth_caution", YJPI_TIER_PRE_COURT),
    O("youth_conditional_caution", YJPI_TIER_PRE_COURT),
    O("absolute_discharge", YJPI_TIER_FIRST_TIER),
    O("conditional_discharge", YJPI_TIER_FIRST_TIER),
    O("fine", YJPI_TIER_FIRST_TIER),
    O("referral_order", YJPI_TIER_FIRST_TIER),
    O("reparation_order", YJPI_TIER_FIRST_TIER),
    O("other_first_tier", YJPI_TIER_FIRST_TIER),
    O("youth_rehabilitation_order", YJPI_TIER_COMMUNITY),
    O("other_community", YJPI_TIER_COMMUNITY),
    O("detention_and_training_order", YJPI_TIER_CUSTODY),
    O("long_term_detention", YJPI_TIER_CUSTODY),
    O("other_custody", YJPI_TIER_CUSTODY),
    O("informal", YJPI_TIER_INFORMAL),
    O("pre_court", YJPI_TIER_PRE_COURT),
    O("first_tier", YJPI_TIER_FIRST_TIER),
    O("community", YJPI_TIER_COMMUNITY),
    O("custody", YJPI_TIER_CUSTODY),
#undef O
};

static const char *const tier_names[5] = {
    "informal", "pre_court", "first_tier", "community", "custody",
};

const char *yjpi_outcome_name(int outcome)
{
    if (outcome < 1 || outcome >= YJPI_OUTCOME_COUNT_)
        return NULL;
    return yjpi__outcomes[outcome].name;
}

int yjpi_outcome_from_name(const char *text, size_t len)
{
    if (!text)
        return 0;
    for (int i = 1; i < YJPI_OUTCOME_COUNT_; i++)
        if (yjpi__outcomes[i].len == len && memcmp(yjpi__outcomes[i].name, text, len) == 0)
            return i;
    return 0;
}

int yjpi_outcome_tier(int outcome)
{
    if (outcome < 1 || outcome >= YJPI_OUTCOME_COUNT_)
        return -1;
    return yjpi__outcomes[outcome].tier;
}

const char *yjpi_tier_name(int tier)
{
    if (tier < 0 || tier > 4)
        return NULL;
    return tier_names[tier];
}

/* ---- Indicators ---------------------------------------------------------- */

static const struct {
    const char *name;
    int measure;
    int polarity;
} indicator_info[YJPI_INDICATOR_COUNT_] = {
    [YJPI_FTE_COUNT] = {"fte_count", YJPI_MEASURE_COUNT, YJPI_POLARITY_LOWER_IS_BETTER},
    [YJPI_FTE_RATE] = {"fte_rate", YJPI_MEASURE_RATE, YJPI_POLARITY_LOWER_IS_BETTER},
    [YJPI_BINARY_RATE] = {"binary_rate", YJPI_MEASURE_PROPORTION, YJPI_POLARITY_LOWER_IS_BETTER},
    [YJPI_FREQUENCY_RATE] = {"frequency_rate", YJPI_MEASURE_MEAN, YJPI_POLARITY_LOWER_IS_BETTER},
    [YJPI_REOFFENCES_PER_REOFFENDER] = {"reoffences_per_reoffender", YJPI_MEASURE_MEAN,
                                        YJPI_POLARITY_LOWER_IS_BETTER},
    [YJPI_CUSTODY_COUNT] = {"custody_count", YJPI_MEASURE_COUNT, YJPI_POLARITY_LOWER_IS_BETTER},
    [YJPI_CUSTODY_RATE] = {"custody_rate", YJPI_MEASURE_RATE, YJPI_POLARITY_LOWER_IS_BETTER},
    [YJPI_CUSTODY_SHARE] = {"custody_share", YJPI_MEASURE_PROPORTION, YJPI_POLARITY_LOWER_IS_BETTER},
};

const char *yjpi_indicator_name(int indicator)
{
    if (indicator <= 0 || indicator >= YJPI_INDICATOR_COUNT_)
        return NULL;
    return indicator_info[indicator].name;
}

int yjpi_indicator_from_name(const char *name)
{
    if (!name)
        return 0;
    for (int i = 1; i < YJPI_INDICATOR_COUNT_; i++)
        if (strcmp(indicator_info[i].name, name) == 0)
            return i;
    return 0;
}

int yjpi_indicator_measure(int indicator)
{
    if (indicator <= 0 || indicator >= YJPI_INDICATOR_COUNT_)
        return 0;
    return indicator_info[indicator].measure;
}

int yjpi_indicator_polarity(int indicator)
{
    if (indicator <= 0 || indicator >= YJPI_INDICATOR_COUNT_)
        return YJPI_POLARITY_NONE;
    return indicator_info[indicator].polarity;
}
