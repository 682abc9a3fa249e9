/* version.c - runtime version query. */
#include "internal.h"

unsigned yjpi_version_number(void)
{
    return YJPI_VERSION_HEX;
}

const char *yjpi_version(void)
{
    return YJPI_VERSION_STRING;
}
