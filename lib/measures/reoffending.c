/* reoffending.c - the per-member rules of the proven reoffending measure
 * (yjpi/indicators.h), shared by yjpi_compute() and yjpi_cohort_build().
 * The per-row rules are inline in internal.h and reoffending.h. */
#include "internal.h"
#include "reoffending.h"

void yjpi__followup_init(yjpi__followup *f, yjpi_date index,
                         const yjpi_options *o, yjpi_date as_of)
{
    yjpi__followup_set(f, index, yjpi_date_add_months(index, o->followup_months),
                       yjpi_date_add_months(index, o->followup_months +
                                                   o->waiting_months),
                       as_of);
}

uint64_t yjpi__reoffences(const yjpi__row *rows, size_t nr,
                          const yjpi__followup *f, yjpi_date *first)
{
    uint64_t k = 0;
    yjpi_date earliest = YJPI_NO_DATE;
    for (size_t i = 0; i < nr && rows[i].outcome <= f->out_lim; i++)
        if (yjpi__is_reoffence(&rows[i], f)) {
            k++;
            if (earliest == YJPI_NO_DATE || rows[i].offence < earliest)
                earliest = rows[i].offence;
        }
    if (first)
        *first = earliest;
    return k;
}

bool yjpi__empty_cohort_provisional(const yjpi_period *period,
                                    const yjpi_options *o, yjpi_date as_of)
{
    return yjpi_date_add_months(period->end - 1,
                                o->followup_months + o->waiting_months) > as_of;
}
