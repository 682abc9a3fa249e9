/* reference.c */
#include "internal.h"
