/* period.c */
#include "internal.h"
