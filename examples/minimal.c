/* minimal.c - the README's example: one record, one indicator. */
#include <stdio.h>
#include <yjpi.h>

int main(void)
{
    yjpi_error err;
    yjpi_reference *ref = yjpi_reference_new();
    if (!ref)
        return 1;
    int rc = yjpi_reference_set_population(ref, "E06000044", NULL, 2014, 17000);
    yjpi_dataset *ds = NULL;
    if (rc == YJPI_OK)
        rc = yjpi_dataset_new(ref, &ds);
    if (rc == YJPI_OK) {
        yjpi_record r;
        YJPI_INIT(r);
        r.person_id = "P1";
        r.birth_date = "2000-05-01";
        r.area = "E06000044";
        r.offence_date = "2014-06-01";
        r.outcome_date = "2014-07-01";
        r.outcome = "youth_caution";
        rc = yjpi_dataset_add_record(ds, &r, &err);
        if (rc == YJPI_OK)
            rc = yjpi_dataset_finish(ds);
        else
            fprintf(stderr, "%s\n", err.message);
    }
    yjpi_period p;
    if (rc == YJPI_OK)
        rc = yjpi_period_parse("2014/15", &p, &err);
    yjpi_value v;
    YJPI_INIT(v);
    if (rc == YJPI_OK)
        rc = yjpi_compute_one(ds, ref, YJPI_FTE_RATE, "E06000044", &p, &v, &err);
    if (rc == YJPI_OK && v.status == YJPI_VALUE_OK)
        printf("FTE rate %.2f per 100,000 (%.2f-%.2f)\n", v.value, v.lower, v.upper);
    else if (rc == YJPI_OK)
        printf("FTE rate not computed: %s\n", yjpi_value_status_text(v.status));
    else
        fprintf(stderr, "minimal: %s\n", yjpi_strerror(rc));
    yjpi_dataset_free(ds);
    yjpi_reference_free(ref);
    return rc == YJPI_OK ? 0 : 1;
}
