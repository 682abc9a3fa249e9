#!/usr/bin/env python3
"""Golden test runner for the example programs (suite 'golden').

    check.py --expect FILE [--kind KIND] [--svg OUT.svg --svg-expect FILE]
             -- PROGRAM ARGS...

Runs PROGRAM (from the current directory, the source root), compares its
standard output byte for byte with FILE, and applies the checks of KIND:
  text   no line longer than 80 characters, no trailing spaces
  json   parses; every area holds every indicator with the fields of
         JSON-SCHEMA.md; its numbers equal the CSV golden file's (--csv)
  csv    parses; every row has as many fields as the header
  tracker-csv  members add up to the rates table's cohort_size etc.
  error  the program exits with status 1 and prints nothing on stdout; its
         stderr (the message) is compared with FILE instead
With --svg the program writes a chart to OUT.svg: it must be well-formed XML
holding the series, band, benchmark and legend groups, and equal --svg-expect.

Regenerate every expected file (then review them by eye before committing):
    YJPI_GOLDEN_REGEN=1 meson test -C BUILD --suite golden
"""
import csv
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

REGEN = os.environ.get("YJPI_GOLDEN_REGEN") == "1"


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def compare(actual, expect_path):
    if REGEN:
        with open(expect_path, "wb") as f:
            f.write(actual)
        print("regenerated", expect_path)
        return
    with open(expect_path, "rb") as f:
        expected = f.read()
    if actual != expected:
        a = actual.decode("utf-8", "replace").splitlines()
        e = expected.decode("utf-8", "replace").splitlines()
        for i in range(max(len(a), len(e))):
            la = a[i] if i < len(a) else "<end>"
            le = e[i] if i < len(e) else "<end>"
            if la != le:
                fail("%s differs at line %d:\n  expected: %r\n  actual:   %r"
                     % (expect_path, i + 1, le, la))
        fail("%s differs (line ends or final newline)" % expect_path)


INDICATORS = ["fte_count", "fte_rate", "binary_rate", "frequency_rate",
              "reoffences_per_reoffender", "custody_count", "custody_rate",
              "custody_share"]
VALUE_FIELDS = ["period", "status", "value", "lower", "upper",
                "interval_status", "confidence", "provisional",
                "history_short", "suppressed", "numerator", "denominator",
                "population", "cohort_size", "reoffenders", "reoffences",
                "custody_no_release", "court_occasions"]
CHANGE_FIELDS = ["status", "absolute", "points", "percent", "percent_status",
                 "direction", "test", "test_status", "p_value", "significant"]


def flatten(obj, prefix, out):
    """JSON object -> {csv_column: value} with the CSV's naming."""
    for k, v in obj.items():
        name = prefix + k
        if isinstance(v, dict):
            flatten(v, name + "_", out)
        elif isinstance(v, list):
            for i, item in enumerate(v):
                flatten(item, "%s_%d_" % (name, i + 1), out)
        else:
            out[name] = v


def check_json(text, csv_path):
    doc = json.loads(text)
    for k in ["schema", "as_of", "read", "options", "areas"]:
        if k not in doc:
            fail("json: no %r" % k)
    for k in ["rows_read", "rows_kept", "rows_rejected", "rows_excluded"]:
        if not isinstance(doc["read"].get(k), int):
            fail("json: read.%s missing" % k)
    areas = doc["areas"]
    if [a["area"] for a in areas][-1] != "*":
        fail("json: the last area is not '*'")
    for a in areas:
        inds = a["indicators"]
        if list(inds) != INDICATORS:
            fail("json: area %s indicators %s" % (a["area"], list(inds)))
        for name, v in inds.items():
            for f in VALUE_FIELDS:
                if f not in v:
                    fail("json: %s %s: no %s" % (a["area"], name, f))
            for which in ["previous", "year_earlier"]:
                for f in VALUE_FIELDS:
                    if f not in v[which]:
                        fail("json: %s %s %s: no %s" % (a["area"], name, which, f))
                for f in CHANGE_FIELDS:
                    if f not in v[which]["change"]:
                        fail("json: %s %s change: no %s" % (a["area"], name, f))
            for f in ["benchmarks", "target", "trend", "rag"]:
                if f not in v:
                    fail("json: %s %s: no %s" % (a["area"], name, f))
            if v["status"] == "ok":
                if not (v["lower"] is None or v["lower"] <= v["value"] <= v["upper"]):
                    fail("json: %s %s: value outside its interval" % (a["area"], name))
            elif v["value"] is not None:
                fail("json: %s %s: not computable but has a value" % (a["area"], name))
    # Every number equals the CSV's (same content, both unrounded).
    with open(csv_path, newline="") as f:
        rows = list(csv.DictReader(f))
    flat = []
    for a in areas:
        for name, v in a["indicators"].items():
            d = {}
            flatten(v, "", d)
            flat.append(d)
    if len(rows) != len(flat):
        fail("json has %d values, csv %d rows" % (len(flat), len(rows)))
    compared = 0
    for d, r in zip(flat, rows):
        for k, jv in d.items():
            if k not in r:
                fail("csv has no column %s" % k)
            cv = r[k]
            if isinstance(jv, bool):
                ok = cv == ("1" if jv else "0")
            elif isinstance(jv, (int, float)):
                ok = cv != "" and float(cv) == float(jv)
                compared += 1
            elif jv is None:
                ok = cv == ""
            else:
                ok = cv == jv
            if not ok:
                fail("json %s %s %s = %r, csv %r" % (d["area"], d["indicator"], k, jv, cv))
    if compared < 500:
        fail("too few numbers compared (%d)" % compared)


def check_svg(path, expect_path):
    with open(path, "rb") as f:
        data = f.read()
    root = ET.fromstring(data)
    ns = "{http://www.w3.org/2000/svg}"
    if root.tag != ns + "svg":
        fail("svg: root is %s" % root.tag)
    classes = {}
    for el in root.iter():
        c = el.get("class")
        if c:
            classes.setdefault(c, []).append(el)
    for c in ["title", "series", "band", "benchmark", "legend", "x-axis", "y-axis"]:
        if c not in classes:
            fail("svg: no element of class %s" % c)
    series = classes["series"][0]
    pts = series.find(ns + "polyline").get("points").split()
    if len(pts) < 2 or len(series.findall(ns + "circle")) != len(pts):
        fail("svg: series has %d points" % len(pts))
    if not classes["band"][0].findall(ns + "polygon"):
        fail("svg: band has no polygon")
    legend = "".join(t.text or "" for t in classes["legend"][0].iter(ns + "text"))
    for b in classes["benchmark"]:
        name = b.find(ns + "title").text
        if name not in legend:
            fail("svg: benchmark %s not in the legend" % name)
    compare(data, expect_path)


def main():
    argv = sys.argv[1:]
    if "--" not in argv:
        fail("usage: check.py --expect FILE [...] -- PROGRAM ARGS")
    sep = argv.index("--")
    opts, cmd = argv[:sep], argv[sep + 1:]
    o = {}
    for i in range(0, len(opts), 2):
        o[opts[i]] = opts[i + 1]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if o.get("--kind") == "error":
        # the program must fail (exit status 1, a data error), print
        # nothing on stdout and its message on stderr
        if p.returncode != 1:
            fail("exit status %d, expected 1" % p.returncode)
        if p.stdout:
            fail("unexpected output on stdout: %r" % p.stdout.decode())
        compare(p.stderr, o["--expect"])
        print("ok")
        return
    if p.returncode != 0:
        fail("exit status %d: %s" % (p.returncode, p.stderr.decode()))
    if p.stderr:
        fail("unexpected output on stderr: %r" % p.stderr.decode())
    out = p.stdout
    kind = o.get("--kind", "")
    if kind == "text":
        for i, line in enumerate(out.decode("utf-8").split("\n"), 1):
            if len(line) > 80:
                fail("line %d is %d characters long: %r" % (i, len(line), line))
            if line.endswith(" "):
                fail("line %d ends with a space" % i)
    elif kind == "csv":
        rows = list(csv.reader(io.StringIO(out.decode("utf-8"))))
        if len(rows) < 2 or len({len(r) for r in rows}) != 1:
            fail("csv: ragged or empty")
    elif kind == "json" and not REGEN:
        check_json(out.decode("utf-8"), o["--csv"])
    elif kind == "tracker-csv":
        text = out.decode("utf-8")
        members, rates = text.split("\n\n")
        m = list(csv.DictReader(io.StringIO(members)))
        r = {x["indicator"]: x for x in csv.DictReader(io.StringIO(rates))}
        b = r["binary_rate"]
        if int(b["cohort_size"]) != len(m) or \
           int(b["reoffenders"]) != sum(int(x["reoffences"]) > 0 for x in m) or \
           int(b["reoffences"]) != sum(int(x["reoffences"]) for x in m):
            fail("tracker: members do not add up to the rates table")
        if len(m) < 10:
            fail("tracker: too few members to be a real test")
        if abs(float(b["value"]) - 100.0 * int(b["reoffenders"]) / len(m)) > 1e-9:
            fail("tracker: binary rate is not 100 R / C")
    compare(out, o["--expect"])
    if "--svg" in o:
        check_svg(o["--svg"], o["--svg-expect"])
    print("ok")


if __name__ == "__main__":
    main()
