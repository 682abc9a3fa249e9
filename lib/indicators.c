/* indicators.c */
#include "internal.h"
