/*
 * yjpi.h - youth justice performance indicators.
 *
 * The whole public API.  See yjpi/common.h for the conventions (status
 * codes, error struct, ownership, growable structs) that every function
 * follows.
 */
#ifndef YJPI_H
#define YJPI_H

#include <string.h>  /* memset, for YJPI_INIT */

#include "yjpi/common.h"
#include "yjpi/date.h"
#include "yjpi/reference.h"
#include "yjpi/dataset.h"
#include "yjpi/indicators.h"
#include "yjpi/compare.h"
#include "yjpi/assess.h"
#include "yjpi/cohort.h"
#include "yjpi/columns.h"

#endif
