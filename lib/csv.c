/* csv.c */
#include "internal.h"
