#!/usr/bin/env python3
"""Performance table for a cohort file and a reference file, through the yjpi
Python bindings.

    python3 bindings/python/examples/report.py                  # sample data
    python3 bindings/python/examples/report.py --period 2023/24 --format json
    python3 bindings/python/examples/report.py --csv cohort.csv \\
        --reference reference.yaml --areas E06000001 '*'

Text output rounds for display only (rates 2 dp, percentages 1 dp); JSON
output is a list of rows {indicator, area, period, value, lower, upper, ...}
with the library's unrounded numbers, comparable with
`yjpi-report --format json`.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from typing import List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))      # the package next door
import yjpi  # noqa: E402

SAMPLE = os.path.normpath(os.path.join(HERE, "..", "..", "..", "examples",
                                       "data"))

# How each indicator is shown: label, unit, decimals.
SHOWN = {
    "fte_count": ("First time entrants", "", 0),
    "fte_rate": ("FTE rate per 100,000 aged 10-17", "", 2),
    "binary_rate": ("Reoffending: % who reoffend", "%", 1),
    "frequency_rate": ("Reoffences per cohort member", "", 2),
    "reoffences_per_reoffender": ("Reoffences per reoffender", "", 2),
    "custody_count": ("Custodial sentences", "", 0),
    "custody_rate": ("Custody rate per 1,000 aged 10-17", "", 2),
    "custody_share": ("Custody: % of court disposals", "%", 1),
}

JSON_FIELDS = ["indicator", "area", "period", "group", "value", "lower",
               "upper", "confidence", "status", "interval_status",
               "numerator", "denominator", "cohort_size", "reoffenders",
               "reoffences", "custody_no_release", "court_occasions",
               "population", "provisional", "history_short"]


def default_period(ds: yjpi.Dataset) -> str:
    """The last financial year that ends on or before the data's last
    outcome date."""
    last = ds.last_outcome or datetime.date.today()
    year = last.year if last.month >= 4 else last.year - 1   # FY containing it
    p = yjpi.Period.parse("%d/%02d" % (year, (year + 1) % 100))
    if p.last_day > last:
        p = p.previous()
    return str(p)


def fmt(v: yjpi.Value, decimals: int, unit: str) -> str:
    if v.status is not None:
        return "n/a (%s)" % v.status_text
    s = "%.*f%s" % (decimals, v.value, unit)
    if v.interval_status is None:
        s += "  (%.*f - %.*f)" % (decimals, v.lower, decimals, v.upper)
    flags = []
    if v.provisional:
        flags.append("provisional")
    if v.history_short:
        flags.append("history short")
    if flags:
        s += "  [" + ", ".join(flags) + "]"
    return s


def basis(v: yjpi.Value) -> str:
    if v.indicator.startswith("fte"):
        return "%d FTEs" % v.numerator
    if v.indicator in ("binary_rate", "frequency_rate",
                       "reoffences_per_reoffender"):
        return "C=%d R=%d O=%d" % (v.cohort_size, v.reoffenders, v.reoffences)
    return "%d of %d court occasions" % (v.numerator, v.court_occasions)


def print_table(values: List[yjpi.Value], ref: Optional[yjpi.Reference],
                out=sys.stdout) -> None:
    areas: List[str] = []
    for v in values:
        if v.area not in areas:
            areas.append(v.area)
    for area in areas:
        name = "All areas" if area == "*" else area
        if ref is not None and area != "*":
            display = ref.area(area).name
            if display:
                name = "%s %s" % (area, display)
        rows = [v for v in values if v.area == area]
        out.write("\n%s, %s (%d%% intervals)\n" % (
            name, rows[0].period, round(rows[0].confidence * 100)))
        for v in rows:
            label, unit, dec = SHOWN.get(v.indicator, (v.indicator, "", 2))
            out.write("  %-36s %-44s %s\n" % (label, fmt(v, dec, unit),
                                              basis(v)))


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cohort", "--csv", dest="csv",
                    default=os.path.join(SAMPLE, "cohort.csv"),
                    help="cohort CSV file (default: the bundled sample)")
    ap.add_argument("--reference", default=None,
                    help="reference YAML file (default: the sample's "
                    "cohort.yaml, or reference.yaml, next to the CSV)")
    ap.add_argument("--period", action="append",
                    help="period, e.g. 2023/24 (repeatable; default: the "
                    "last complete financial year in the data)")
    ap.add_argument("--areas", nargs="+", default=None,
                    help="area codes, '*' for all together (default: every "
                    "area and '*')")
    ap.add_argument("--indicators", nargs="+", default=None,
                    choices=list(yjpi.INDICATORS), metavar="NAME",
                    help="indicators (default: all)")
    ap.add_argument("--confidence", type=float, default=None,
                    help="interval level (default: the reference's)")
    ap.add_argument("--lenient", action="store_true",
                    help="skip bad rows instead of stopping")
    ap.add_argument("--format", choices=["text", "json"], default="text")
    args = ap.parse_args(argv)

    ref_path = args.reference
    if ref_path is None:
        d = os.path.dirname(os.path.abspath(args.csv))
        for n in ("cohort.yaml", "reference.yaml"):
            if os.path.exists(os.path.join(d, n)):
                ref_path = os.path.join(d, n)
                break
    try:
        ref = yjpi.Reference.load(ref_path) if ref_path else None
        with yjpi.Dataset.from_csv(args.csv, reference=ref,
                                   lenient=args.lenient) as ds:
            periods = args.period or [default_period(ds)]
            values = ds.compute(periods=periods, indicators=args.indicators,
                                areas=args.areas, confidence=args.confidence)
            counts = ds.counts
    except yjpi.Error as e:
        sys.stderr.write("report.py: %s\n" % e)
        return 1

    if args.format == "json":
        rows = [{k: r[k] for k in JSON_FIELDS} for r in values.to_records()]
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(
            "%s: %d rows read, %d kept, %d rejected, %d excluded; "
            "libyjpi %s\n" % (args.csv, counts.rows_read, counts.kept,
                              counts.rejected, counts.excluded,
                              yjpi.version()))
        print_table(values, ref)
    if ref is not None:
        ref.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
