#!/usr/bin/env python3
"""Disclosure-control invariants of yjpi-report --format json --suppress.

    check_disclosure.py -- PROGRAM ARGS...

Runs PROGRAM (its output must be the JSON report with disclosure control
applied) and checks that no published figure gives back a hidden count:
  - every published count is a multiple of round_to and not from 1 to
    below suppress_below;
  - a count indicator's value equals its numerator;
  - a rate equals numerator / population x multiplier, a percentage
    100 x numerator / denominator and a mean numerator / denominator,
    within display rounding, with the denominator the published count
    (cohort size, re-offenders, court occasions);
  - a suppressed value has no value, interval, counts or change, and
    nothing built on it (benchmark verdicts, target verdict, trend verdict,
    RAG rating) is shown; a suppressed earlier value has no change.
"""
import json
import subprocess
import sys

COUNTS = ["numerator", "cohort_size", "reoffenders", "reoffences",
          "custody_no_release", "court_occasions"]
RATE_MULT = {"fte_rate": 100000.0, "custody_rate": 1000.0}
PERCENT_DEN = {"binary_rate": "cohort_size", "custody_share": "court_occasions"}
MEAN_DEN = {"frequency_rate": "cohort_size", "reoffences_per_reoffender": "reoffenders"}
VERDICTS_TARGET = {"met", "not met", "not assessable"}
VERDICTS_RAG = {"red", "amber", "green"}
VERDICTS_TREND = {"increasing", "decreasing", "no significant change",
                  "no significant change (outlier)"}

errors = []


def bad(where, msg):
    errors.append("%s: %s" % (where, msg))


def close(a, b, dp):
    return round(a, dp) == round(b, dp) or abs(a - b) <= 1e-9 * max(1.0, abs(b))


def check_value(where, name, v, below, round_to):
    if v["status"] == "not in results":
        return
    for c in COUNTS:
        n = v.get(c)
        if n is None:
            continue
        if round_to > 1 and n % round_to:
            bad(where, "%s %d is not rounded to %d" % (c, n, round_to))
        if below > 0 and 1 <= n < below:
            bad(where, "%s %d is below suppress_below %d" % (c, n, below))
    if v["suppressed"]:
        if v["status"] != "suppressed":
            bad(where, "suppressed but status %r" % v["status"])
        for f in ["value", "lower", "upper", "numerator", "denominator"]:
            if v[f] is not None:
                bad(where, "suppressed but %s = %r" % (f, v[f]))
        return
    if v["value"] is None:
        return
    x = v["value"]
    if name in ("fte_count", "custody_count"):
        if v["numerator"] != x:
            bad(where, "value %r but numerator %r" % (x, v["numerator"]))
    elif name in RATE_MULT:
        want = v["numerator"] / v["population"] * RATE_MULT[name]
        if not close(x, want, 2):
            bad(where, "rate %r is not %d / %r x %g" % (x, v["numerator"],
                                                      v["population"], RATE_MULT[name]))
    elif name in PERCENT_DEN:
        den = v[PERCENT_DEN[name]]
        if den is None or v["denominator"] != den:
            bad(where, "denominator %r is not %s %r" % (v["denominator"],
                                                       PERCENT_DEN[name], den))
        elif not close(x, 100.0 * v["numerator"] / den, 1):
            bad(where, "percentage %r is not 100 x %d / %d" % (x, v["numerator"], den))
    elif name in MEAN_DEN:
        den = v[MEAN_DEN[name]]
        if den is None or v["denominator"] != den:
            bad(where, "denominator %r is not %s %r" % (v["denominator"],
                                                       MEAN_DEN[name], den))
        elif not close(x, v["numerator"] / den, 2):
            bad(where, "mean %r is not %d / %d" % (x, v["numerator"], den))


def check_change(where, c):
    for f in ["absolute", "percent", "p_value", "direction"]:
        if c[f] is not None:
            bad(where, "change on a suppressed value has %s = %r" % (f, c[f]))
    if c["significant"]:
        bad(where, "change on a suppressed value is significant")


def main():
    argv = sys.argv[1:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    out = subprocess.run(argv, stdout=subprocess.PIPE, check=True).stdout
    doc = json.loads(out)
    opt = doc["options"]
    if not opt["suppress"]:
        print("FAIL: the report was not made with --suppress")
        return 1
    below, round_to = opt["suppress_below"], opt["round_to"]
    n_sup = 0
    for a in doc["areas"]:
        for name, v in a["indicators"].items():
            where = "%s %s" % (a["area"], name)
            check_value(where, name, v, below, round_to)
            for which in ["previous", "year_earlier"]:
                check_value(where + " " + which, name, v[which], below, round_to)
                if v["suppressed"] or v[which]["suppressed"]:
                    check_change(where + " " + which, v[which]["change"])
            if not v["suppressed"]:
                continue
            n_sup += 1
            for b in v["benchmarks"]:
                if b["verdict"] is not None:
                    bad(where, "suppressed but benchmark %s is %r" % (b["name"], b["verdict"]))
            if v["target"]["verdict"] in VERDICTS_TARGET:
                bad(where, "suppressed but target %r" % v["target"]["verdict"])
            for t in v["target"]["targets"]:
                if t["verdict"] in VERDICTS_TARGET or t["actual"] is not None:
                    bad(where, "suppressed but a target is %r" % t["verdict"])
            if v["trend"]["verdict"] in VERDICTS_TREND:
                bad(where, "suppressed but trend %r" % v["trend"]["verdict"])
            if v["rag"]["rating"] in VERDICTS_RAG:
                bad(where, "suppressed but RAG %r" % v["rag"]["rating"])
    if n_sup == 0:
        errors.append("no suppressed value: the test data do not exercise suppression")
    for e in errors[:40]:
        print("FAIL:", e)
    if errors:
        print("%d disclosure errors" % len(errors))
        return 1
    print("ok: %d suppressed values, every published figure consistent" % n_sup)
    return 0


if __name__ == "__main__":
    sys.exit(main())
