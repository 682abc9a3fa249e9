// Compiles the public header as C++ (extern "C", no C-only constructs).
#include <yjpi.h>

int main()
{
    yjpi_error err;
    yjpi_period p;
    int rc = yjpi_period_parse("2014/15", &p, &err);
    (void)rc;
    return YJPI_VERSION_MAJOR >= 0 ? 0 : 1;
}
