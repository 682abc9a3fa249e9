/* stats.c */
#include "internal.h"
