/* tuning.c - the tests' knobs and counters, in one struct (internal.h). */
#include "internal.h"

yjpi__tuning yjpi__tune;
