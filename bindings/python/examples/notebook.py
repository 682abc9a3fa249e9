#!/usr/bin/env python3
"""A notebook-style walk through the yjpi Python bindings on the bundled
sample data: load, compute, look at a table, draw a chart.  Run it as a
script, or paste the cells (# %%) into Jupyter, where results, assessments,
cohorts and datasets show as tables.

    python3 bindings/python/examples/notebook.py [--chart fte.png]

pandas and matplotlib are used when installed (neither is required by yjpi).
"""

# %% Load: a reference file (populations, benchmarks, targets) and a cohort
import argparse
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))      # the package next door
import yjpi  # noqa: E402

DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "examples",
                                     "data"))
args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
args.add_argument("--chart", help="write the chart to this image file")
opts = args.parse_args()

ds = yjpi.Dataset.from_csv(os.path.join(DATA, "cohort.csv"),
                           reference=os.path.join(DATA, "cohort.yaml"))
print(repr(ds))                        # rows kept, areas

# %% Compute: every indicator for every area and England-wide ("*")
results = ds.compute(periods=["2022/23", "2023/24"])
try:
    import pandas as pd                # optional
    df = results.to_pandas()           # NaN where a value is not computable
    table = (df[(df["group"] == "all") & (df["area"] == "*")]
             .pivot_table(index=["indicator", "unit"], columns="period",
                          values="value", aggfunc="first", observed=True))
    print(table.round(2).to_string())
except ImportError:
    for v in results:
        if v.area == "*":
            print("%-26s %s %10.2f  %s" % (v.indicator, v.period, v.value,
                                           v.status or ""))

# %% How is one area doing?  Value, changes, benchmarks, trend and RAG
a = ds.assess("fte_rate", "2023/24", area="E06000001")
print(repr(a))
rec = a.to_record()
print("previous %.1f, change %+.1f (p = %s), RAG %s" % (
    rec["previous"], rec["change_previous"],
    "n/a" if math.isnan(rec["change_previous_p_value"])
    else "%.3f" % rec["change_previous_p_value"], rec["rag"]))

# %% Chart: the same chart as `yjpi-report --chart` (value, interval band,
# benchmarks, target), when matplotlib is installed
try:
    import matplotlib
    if opts.chart or not os.environ.get("DISPLAY"):
        matplotlib.use("Agg")
    ax = ds.plot("fte_rate", "2023/24", area="E06000001")
    if opts.chart:
        ax.figure.savefig(opts.chart, bbox_inches="tight")
        print("chart written to", opts.chart)
except ImportError:
    print("(matplotlib not installed: no chart)")

ds.close()
