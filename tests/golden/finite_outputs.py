#!/usr/bin/env python3
"""The example programs never print a NaN or an infinity.

Runs yjpi-report (text, CSV, JSON, SVG chart) and yjpi-tracker (text, CSV)
on a cohort and reference whose populations are so small that rates over
them overflow, and checks that the JSON parses with a strict parser (no
NaN/Infinity constants) and that no output holds a nan or inf token.

usage: finite_outputs.py REPORT TRACKER COHORT REFERENCE WORKDIR
"""
import json
import os
import re
import subprocess
import sys

TOKEN = re.compile(r"(?<![A-Za-z])[-+]?(nan|inf|infinity)(?![A-Za-z])", re.IGNORECASE)


def run(args):
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{' '.join(args)}: exit {p.returncode}\n{p.stderr}")
    return p.stdout


def no_token(name, text):
    m = TOKEN.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        sys.exit(f"{name}: line {line}: non-finite number {m.group(0)!r}")


def reject_constant(name):
    raise ValueError(f"JSON constant {name} is not JSON")


def main():
    report, tracker, cohort, reference, workdir = sys.argv[1:6]
    data = ["--cohort", cohort, "--reference", reference]
    checked = 0
    for period in ["2023/24", "2022/23", "2023/24 Q1"]:
        text = run([report, "--period", period] + data)
        no_token(f"report text {period}", text)
        csv = run([report, "--format", "csv", "--period", period] + data)
        no_token(f"report csv {period}", csv)
        out = run([report, "--format", "json", "--period", period] + data)
        no_token(f"report json {period}", out)
        try:
            doc = json.loads(out, parse_constant=reject_constant)
        except ValueError as e:
            sys.exit(f"report json {period}: {e}")
        statuses = json.dumps(doc)
        checked += statuses.count('"not finite"')
        for area in ["E1", "E2", "*"]:
            svg = os.path.join(workdir, "finite-chart.svg")
            run([report, "--area", area, "--period", period, "--chart", svg] + data)
            with open(svg, encoding="utf-8") as f:
                no_token(f"chart {area} {period}", f.read())
    for fmt in ["text", "csv"]:
        for area in ["E1", "E2"]:
            out = run([tracker, "--period", "2023/24", "--area", area, "--format", fmt] + data)
            no_token(f"tracker {fmt} {area}", out)
    # the data is built to overflow: the reports must say so somewhere
    if checked == 0:
        sys.exit("no value is reported 'not finite': the test data no longer overflows")
    print(f"ok: {checked} values reported not finite, no nan or inf printed")


if __name__ == "__main__":
    main()
