/* dataset.c */
#include "internal.h"
