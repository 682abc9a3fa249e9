/* compare.c */
#include "internal.h"
