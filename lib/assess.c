/* assess.c */
#include "internal.h"
