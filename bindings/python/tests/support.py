"""Shared helpers for the yjpi binding tests.

The tests run with YJPI_LIBRARY naming the library under test (meson sets it
to the freshly built one); without it the package's usual search applies.
"""

import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PY_ROOT = os.path.dirname(HERE)
SOURCE_ROOT = os.environ.get("YJPI_SOURCE_ROOT") or os.path.dirname(
    os.path.dirname(PY_ROOT))
INCLUDE_DIR = os.environ.get("YJPI_INCLUDE_DIR") or os.path.join(
    SOURCE_ROOT, "include")
# The build's generated headers (yjpi/version.h).
BUILD_INCLUDE_DIR = os.environ.get("YJPI_BUILD_INCLUDE_DIR") or os.path.join(
    SOURCE_ROOT, "build", "include")
SAMPLE_DIR = os.path.join(SOURCE_ROOT, "examples", "data")
SAMPLE_CSV = os.path.join(SAMPLE_DIR, "cohort.csv")
# The sample reference file: cohort.yaml (written by yjpi-gen next to the
# cohort); reference.yaml accepted too.
SAMPLE_REF = next((os.path.join(SAMPLE_DIR, n)
                   for n in ("cohort.yaml", "reference.yaml")
                   if os.path.exists(os.path.join(SAMPLE_DIR, n))),
                  os.path.join(SAMPLE_DIR, "cohort.yaml"))

HAVE_SAMPLE = os.path.exists(SAMPLE_CSV) and os.path.exists(SAMPLE_REF)

needs_sample = unittest.skipUnless(
    HAVE_SAMPLE, "sample data examples/data/cohort.csv + cohort.yaml not "
    "generated yet")


def needs_function(name):
    """Skips a test when the loaded library lacks a C function (a library
    part still being written)."""
    from yjpi import _lib
    try:
        have = _lib.get().has(name)
    except Exception:  # noqa: BLE001
        have = False
    return unittest.skipUnless(have, "libyjpi does not export %s yet" % name)


def write(tmpdir, name, content):
    """Writes bytes or text to tmpdir/name and returns the path."""
    path = os.path.join(tmpdir, name)
    mode = "wb" if isinstance(content, bytes) else "w"
    kw = {} if isinstance(content, bytes) else {"encoding": "utf-8",
                                                "newline": ""}
    with open(path, mode, **kw) as f:
        f.write(content)
    return path


# A small valid cohort: three persons in area A1, one in B2.
# Columns in spec order.
HEADER = ("person_id,birth_date,area,offence_date,outcome_date,outcome,"
          "release_date,sex,ethnicity,offence_type,breach\n")
SMALL_CSV = HEADER + (
    "P1,2000-01-15,A1,2014-05-01,2014-05-10,youth_caution,,M,White,Theft,0\n"
    "P1,2000-01-15,A1,2014-09-01,2015-01-20,referral_order,,M,White,Theft,0\n"
    "P2,1999-06-01,A1,2013-12-01,2014-01-15,detention_and_training_order,"
    "2014-06-30,F,Black,Robbery,0\n"
    "P3,2001-03-03,A1,2014-03-20,2014-04-02,referral_order,,M,,Theft,0\n"
    "P4,2002-02-02,B2,2014-06-01,2014-07-01,fine,,F,Asian,Drugs,0\n"
)
