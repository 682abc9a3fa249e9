#!/usr/bin/env python3
"""Python bindings figures: rows a second into a dataset from a pandas
DataFrame of strings (from_pandas; against from_csv_text(df.to_csv()) and
add_record), and the time of compute() and to_pandas() for a result of about
12,000 values.  Needs pandas (Debian python3-pandas: run with
/usr/bin/python3) and a cohort made by yjpi-gen:

    build/examples/yjpi-gen --rows 500000 --areas 150 --out /tmp/bench
    YJPI_LIBRARY=build/lib/libyjpi.so /usr/bin/python3 \\
        tests/bench/python_bench.py /tmp/bench.csv /tmp/bench.yaml

Prints the best of --runs runs of each step.
"""

import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "bindings", "python"))
import pandas  # noqa: E402
import yjpi  # noqa: E402


def best(fn, runs):
    out = None
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("yaml")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--records", type=int, default=50000,
                    help="rows timed through add_record")
    a = ap.parse_args()
    ref = yjpi.Reference.load(a.yaml)
    df = pandas.read_csv(a.csv, dtype=str, keep_default_na=False)
    n = len(df)
    print("rows: %d" % n)

    t, ds = best(lambda: yjpi.Dataset.from_pandas(df, reference=ref), a.runs)
    print("from_pandas (DataFrame of strings): %.3f s, %.0f rows/s"
          % (t, n / t))
    t, _ = best(lambda: yjpi.Dataset.from_csv_text(df.to_csv(index=False),
                                                   reference=ref), a.runs)
    print("from_csv_text(df.to_csv()):         %.3f s, %.0f rows/s"
          % (t, n / t))
    recs = df.iloc[:a.records].to_dict("records")

    def by_record():
        d = yjpi.Dataset(reference=ref)
        for r in recs:
            d.add_record(**{k: (v or None) for k, v in r.items()})
        return d
    t, _ = best(by_record, 1)
    print("add_record (%d rows):            %.3f s, %.0f rows/s"
          % (len(recs), t, len(recs) / t))

    periods = ["%d/%02d Q%d" % (y, (y + 1) % 100, q)
               for y in range(2015, 2025) for q in range(1, 5)]
    t, rs = best(lambda: ds.compute(periods[-12:]), a.runs)
    print("compute (%d values):               %.3f s" % (len(rs), t))
    rs.to_pandas()
    t, frame = best(rs.to_pandas, a.runs)
    print("to_pandas (%d values):             %.4f s" % (len(frame), t))


if __name__ == "__main__":
    main()
