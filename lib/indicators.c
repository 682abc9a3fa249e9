/* indicators.c - first time entrants, proven reoffending and custody. */
#include "internal.h"

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
