/* reoffending.h - the re-offence test, inline for the person walk of
 * yjpi_compute() (indicators.c), which counts with it once per cohort
 * member, and for yjpi__reoffences() (reoffending.c), so that both count
 * the same rows. */
#ifndef YJPI_REOFFENDING_H
#define YJPI_REOFFENDING_H

#include "internal.h"

/* Whether row r is a re-offence of the member with follow-up f, its outcome
 * date being on or before f->out_lim: a formal non-breach row with its
 * offence in (index, fu_end].  Straight-line code. */
static inline bool yjpi__is_reoffence(const yjpi__row *r, const yjpi__followup *f)
{
    return (r->offence > f->index) & (r->offence <= f->fu_end) & (r->breach == 0) &
           (r->tier != YJPI_TIER_INFORMAL);
}

/* yjpi__reoffences() without the first re-offence date. */
static inline uint64_t yjpi__reoffence_count(const yjpi__row *rows, size_t nr,
                                             const yjpi__followup *f)
{
    uint64_t k = 0;
    for (size_t i = 0; i < nr && rows[i].outcome <= f->out_lim; i++)
        k += yjpi__is_reoffence(&rows[i], f);
    return k;
}

#endif
