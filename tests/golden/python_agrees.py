#!/usr/bin/env python3
"""The Python example report and yjpi-report print the same numbers.

Runs bindings/python/examples/report.py --format json and yjpi-report
--format json for the same data and period, and checks that every
(indicator, area) value, interval and count agrees exactly (both print the
library's doubles unrounded, as shortest round-trip text).
Usage: python_agrees.py YJPI_REPORT LIBYJPI PERIOD -- DATA ARGS...
"""
import json
import os
import subprocess
import sys


def main() -> int:
    report, lib, period = sys.argv[1:4]
    data = sys.argv[sys.argv.index("--") + 1:]
    env = dict(os.environ, YJPI_LIBRARY=lib,
               PYTHONPATH=os.path.join("bindings", "python"))
    py = subprocess.run(
        [sys.executable, "bindings/python/examples/report.py", "--period",
         period, "--format", "json"] + data,
        env=env, check=True, capture_output=True, text=True)
    c = subprocess.run([report, "--period", period, "--format", "json"] + data,
                       check=True, capture_output=True, text=True)
    rows = {(r["indicator"], r["area"]): r for r in json.loads(py.stdout)
            if r["group"] is None and r["period"] == period}
    doc = json.loads(c.stdout)
    checked = 0
    problems = []
    for area in doc["areas"]:
        for name, v in area["indicators"].items():
            key = (name, area["area"])
            if key not in rows:
                problems.append("python example lacks %s %s" % key)
                continue
            r = rows[key]
            if (v["status"] == "ok") != (r["status"] is None):
                problems.append("%s %s: status %r vs %r" % (key + (v["status"], r["status"])))
                continue
            if v["status"] != "ok":
                checked += 1
                continue
            for field in ("value", "lower", "upper", "numerator", "provisional",
                          "history_short"):
                if v[field] != r[field]:
                    problems.append("%s %s %s: report %r, python %r"
                                    % (key + (field, v[field], r[field])))
            checked += 1
    for p in problems[:20]:
        print(p)
    if problems or checked == 0:
        print("FAIL: %d problems, %d values checked" % (len(problems), checked))
        return 1
    print("python example and yjpi-report agree on %d values for %s"
          % (checked, period))
    return 0


if __name__ == "__main__":
    sys.exit(main())
