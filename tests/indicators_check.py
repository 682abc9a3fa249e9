#!/usr/bin/env python3
"""Independent recomputation of the national indicators (indicators-independent).

Generates a synthetic cohort with tools/yjpi-gen, runs tests/tools/yjpi-dump
on it for several periods (every financial year of the data and each of its
quarters, every area and "*"), and recomputes every number here straight from
the CSV and the YAML reference file, following docs/indicators.md sections 1-6
and the rule choices documented in include/yjpi/indicators.h.  Only the Python
standard library is used: its own YAML-subset reader, its own date arithmetic.

Counts must match exactly; values, denominators and populations to 1e-9
relative; Wilson intervals (binary_rate, custody_share) too.  Exit status 0
when everything matches, 1 otherwise (with the first mismatches printed).
"""
import argparse
import csv
import datetime
import math
import os
import subprocess
import sys

# ---- dates (own arithmetic; datetime only for parsing and day numbers) ----

def parse_date(text):
    if not text:
        return None
    y, m, d = (int(x) for x in text.split("-"))
    return datetime.date(y, m, d).toordinal()


def ymd(n):
    d = datetime.date.fromordinal(n)
    return d.year, d.month, d.day


def is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def days_in_month(y, m):
    if m == 2:
        return 29 if is_leap(y) else 28
    return 30 if m in (4, 6, 9, 11) else 31


def add_months(n, k):
    """Day n plus k months, day of month clamped to the month's last day."""
    y, m, d = ymd(n)
    t = y * 12 + (m - 1) + k
    ny, nm = divmod(t, 12)
    nm += 1
    return datetime.date(ny, nm, min(d, days_in_month(ny, nm))).toordinal()


def age(birth, on):
    """Whole years completed; a 29 February birthday counts as 1 March in
    non-leap years."""
    by, bm, bd = ymd(birth)
    oy, om, od = ymd(on)
    cm, cd = bm, bd
    if bm == 2 and bd == 29 and not is_leap(oy):
        cm, cd = 3, 1
    a = oy - by
    if (om, od) < (cm, cd):
        a -= 1
    return a


# ---- a small YAML subset reader (what the reference files use) -----------

def strip_comment(line):
    out, q = [], None
    for i, ch in enumerate(line):
        if q:
            out.append(ch)
            if ch == q:
                q = None
        elif ch in "\"'":
            q = ch
            out.append(ch)
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            break
        else:
            out.append(ch)
    return "".join(out).rstrip()


def scalar(text):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def split_key(text):
    """'key: value' -> (key, value) honouring a quoted key."""
    text = text.strip()
    if text[:1] in "\"'":
        end = text.index(text[0], 1)
        key, rest = text[1:end], text[end + 1:]
        assert rest.lstrip().startswith(":"), text
        return key, rest.lstrip()[1:].strip()
    k, _, v = text.partition(":")
    return k.strip(), v.strip()


def flow_map(text):
    text = text.strip()
    assert text[0] == "{" and text[-1] == "}", text
    out = {}
    for part in text[1:-1].split(","):
        if part.strip():
            k, v = split_key(part)
            out[scalar(k)] = scalar(v)
    return out


def read_reference(path):
    ref = {"options": {}, "populations": {}, "outcome_map": {}}
    top = None
    sub = None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = strip_comment(raw.rstrip("\n"))
            if not line.strip():
                continue
            indent = len(line) - len(line.lstrip(" "))
            body = line.strip()
            if indent == 0:
                k, v = split_key(body)
                top = k
                if v:
                    ref[k] = scalar(v)
                continue
            if top == "options" and indent == 2:
                k, v = split_key(body)
                ref["options"][k] = scalar(v)
            elif top == "outcome_map" and indent == 2:
                k, v = split_key(body)
                ref["outcome_map"][k] = scalar(v)
            elif top == "populations":
                if indent == 2:
                    sub, _ = split_key(body)
                    ref["populations"][sub] = {}
                elif indent == 4:
                    k, v = split_key(body)
                    if v.startswith("{"):
                        ref["populations"][sub][int(k)] = {
                            g: float(x) for g, x in flow_map(v).items()}
                    else:
                        ref["populations"][sub][int(k)] = float(scalar(v))
    return ref


# ---- the cohort --------------------------------------------------------------

TIERS = {
    "community_resolution": 0, "triage": 0, "no_further_action": 0,
    "reprimand": 1, "final_warning": 1, "youth_caution": 1,
    "youth_conditional_caution": 1,
    "absolute_discharge": 2, "conditional_discharge": 2, "fine": 2,
    "referral_order": 2, "reparation_order": 2, "other_first_tier": 2,
    "youth_rehabilitation_order": 3, "other_community": 3,
    "detention_and_training_order": 4, "long_term_detention": 4,
    "other_custody": 4,
    "informal": 0, "pre_court": 1, "first_tier": 2, "community": 3, "custody": 4,
}
CUSTODY = 4


def read_cohort(path, ref, age_on_outcome):
    persons = {}
    omap = ref["outcome_map"]
    with open(path, encoding="utf-8-sig", newline="") as f:
        rd = csv.reader(f)
        header = [h.strip().lower() for h in next(rd)]
        col = {h: i for i, h in enumerate(header)}
        for pos, row in enumerate(rd):
            code = row[col["outcome"]].strip()
            code = omap.get(code, code)
            tier = TIERS[code]
            r = {
                "pos": pos,
                "birth": parse_date(row[col["birth_date"]]),
                "area": row[col["area"]],
                "offence": parse_date(row[col["offence_date"]]),
                "outcome": parse_date(row[col["outcome_date"]]),
                "release": parse_date(row[col["release_date"]]) if "release_date" in col else None,
                "breach": row[col["breach"]] == "1" if "breach" in col else False,
                "tier": tier,
            }
            r["age"] = age(r["birth"], r["outcome"] if age_on_outcome else r["offence"])
            if tier == 0 or r["age"] < 10:
                continue          # excluded rows: informal outcomes, under 10
            persons.setdefault(row[col["person_id"]], []).append(r)
    for rows in persons.values():
        rows.sort(key=lambda r: (r["outcome"], r["offence"], r["pos"]))
    return persons


# ---- periods ---------------------------------------------------------------

def parse_period(text):
    """'2021/22' or '2021/22 Q3' -> (start, end_exclusive, population year)."""
    fy, _, q = text.partition(" Q")
    y = int(fy[:4])
    start = datetime.date(y, 4, 1).toordinal()
    if q:
        start = add_months(start, 3 * (int(q) - 1))
        return start, add_months(start, 3), y
    return start, add_months(start, 12), y


def months_between(a, b):
    ya, ma, da = ymd(a)
    yb, mb, db = ymd(b)
    return (yb - ya) * 12 + (mb - ma) if da == db == 1 else 0


# ---- recomputation ------------------------------------------------------------

def young(a):
    return 10 <= a <= 17


def recompute(persons, ref, periods, areas):
    opts = ref["options"]
    fu = int(opts.get("followup_months", 12))
    fw = fu + int(opts.get("waiting_months", 6))
    cm = int(opts.get("cohort_months", 3))
    as_of = parse_date(ref["as_of"]) if "as_of" in ref else max(
        r["outcome"] for rows in persons.values() for r in rows)
    keys = areas + ["*"]
    out = {}
    for text in periods:
        start, end, _ = parse_period(text)
        n = months_between(start, end)
        if cm == 3 and n > 3 and n % 3 == 0:
            cohorts = [(add_months(start, 3 * i), add_months(start, 3 * i + 3))
                       for i in range(n // 3)]
        else:
            cohorts = [(start, end)]
        # a period ending after as_of covers start .. as_of only (partial):
        # events up to as_of, each cohort cut at as_of
        end = min(end, as_of + 1)
        cohorts = [(cs, min(ce, as_of + 1)) for cs, ce in cohorts if cs <= as_of]
        acc = {a: dict(fte=0, court=0, custody=0, c=0, r=0, o=0, nr=0, prov=0)
               for a in keys}

        def add(area, field, k=1):
            acc[area][field] += k
            acc["*"][field] += k

        for rows in persons.values():
            first = rows[0]
            if young(first["age"]) and start <= first["outcome"] < end:
                add(first["area"], "fte")
            # court sentencing occasions
            by_day = {}
            for r in rows:
                if r["tier"] >= 2:
                    by_day.setdefault(r["outcome"], []).append(r)
            for day, rs in by_day.items():
                top = max(r["tier"] for r in rs)
                lead = next(r for r in rs if r["tier"] == top)
                if young(lead["age"]) and start <= day < end:
                    add(lead["area"], "court")
                    if top == CUSTODY:
                        add(lead["area"], "custody")
            # reoffending
            for r in rows:
                if (r["tier"] == CUSTODY and r["release"] is None and young(r["age"])
                        and start <= r["outcome"] < end):
                    add(r["area"], "nr")
            for cs, ce in cohorts:
                best = None
                for r in rows:
                    if not young(r["age"]):
                        continue
                    if r["tier"] == CUSTODY:
                        if r["release"] is None:
                            continue
                        idx = r["release"]
                    else:
                        idx = r["outcome"]
                    if cs <= idx < ce and (best is None or idx < best[0]):
                        best = (idx, r)
                if best is None:
                    continue
                idx, r0 = best
                fu_end = add_months(idx, fu)
                w_end = add_months(idx, fw)
                k = sum(1 for r in rows
                        if idx < r["offence"] <= fu_end and r["outcome"] <= w_end
                        and r["outcome"] <= as_of and not r["breach"])
                add(r0["area"], "c")
                add(r0["area"], "r", 1 if k else 0)
                add(r0["area"], "o", k)
                if w_end > as_of:
                    acc[r0["area"]]["prov"] = 1
                    acc["*"]["prov"] = 1
        for a in keys:
            out[(text, a)] = acc[a]
    return out, as_of


def population(ref, area, year):
    pops = ref["populations"]
    if area == "*":
        vals = [v[year] for k, v in pops.items()
                if "/" not in k and year in v]
        return sum(vals) if vals else None
    return pops.get(area, {}).get(year)


def wilson(x, n, z=1.959963984540054):
    p = x / n
    c = p + z * z / (2 * n)
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    d = 1 + z * z / n
    lo, hi = (c - h) / d, (c + h) / d
    if x == 0:
        lo = 0.0
    if x == n:
        hi = 1.0
    return lo, hi


def expected_values(acc, ref, text, area, as_of):
    start, end, year = parse_period(text)
    opts = ref["options"]
    fw = int(opts.get("followup_months", 12)) + int(opts.get("waiting_months", 6))
    pop = population(ref, area, year)
    hs = 0
    if "history_start" in ref:
        lim = add_months(parse_date(ref["history_start"]),
                         12 * int(opts.get("fte_lookback_years", 8)))
        hs = 1 if start < lim else 0
    pst = 0 if (pop is not None and pop > 0) else (1 if pop is None else 5)
    prov = acc["prov"] if acc["c"] else int(add_months(end - 1, fw) > as_of)
    c, r, o = acc["c"], acc["r"], acc["o"]
    reo = dict(cohort_size=c, reoffenders=r, reoffences=o,
               custody_no_release=acc["nr"], provisional=prov)
    e = {}
    e["fte_count"] = dict(status=0, value=acc["fte"], numerator=acc["fte"], history_short=hs)
    e["fte_rate"] = dict(status=pst, numerator=acc["fte"], history_short=hs,
                         value=acc["fte"] / pop * 1e5 if pst == 0 else 0.0)
    e["binary_rate"] = dict(reo, status=0 if c else 2, numerator=r,
                            value=100.0 * r / c if c else 0.0)
    if c:
        lo, hi = wilson(r, c)
        e["binary_rate"].update(lower=100 * lo, upper=100 * hi)
    e["frequency_rate"] = dict(reo, status=0 if c else 2, numerator=o,
                               value=o / c if c else 0.0)
    e["reoffences_per_reoffender"] = dict(reo, status=0 if r else 3, numerator=o,
                                          value=o / r if r else 0.0)
    cu, co = acc["custody"], acc["court"]
    e["custody_count"] = dict(status=0, value=cu, numerator=cu, court_occasions=co)
    e["custody_rate"] = dict(status=pst, numerator=cu, court_occasions=co,
                             value=cu / pop * 1e3 if pst == 0 else 0.0)
    e["custody_share"] = dict(status=0 if co else 3, numerator=cu, court_occasions=co,
                              value=100.0 * cu / co if co else 0.0)
    if co:
        lo, hi = wilson(cu, co)
        e["custody_share"].update(lower=100 * lo, upper=100 * hi)
    if pst == 0:
        for k in ("fte_rate", "custody_rate"):
            e[k]["population"] = pop
    return e


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--dump", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--rows", type=int, default=50000)
    ap.add_argument("--seed", type=int, default=20240601)
    args = ap.parse_args()

    prefix = os.path.join(args.workdir, "indicators-check")
    subprocess.run([args.gen, "--rows", str(args.rows), "--areas", "5", "--years", "5",
                    "--seed", str(args.seed), "--out", prefix, "--quiet"], check=True)
    ref = read_reference(prefix + ".yaml")
    persons = read_cohort(prefix + ".csv", ref,
                          ref["options"].get("age_basis") == "outcome_date")
    areas = sorted({r["area"] for rows in persons.values() for r in rows})

    first = min(r["outcome"] for rows in persons.values() for r in rows)
    last = max(r["outcome"] for rows in persons.values() for r in rows)
    y0, m0, _ = ymd(first)
    y1, m1, _ = ymd(last)
    fy0 = y0 if m0 >= 4 else y0 - 1
    fy1 = y1 if m1 >= 4 else y1 - 1
    as_of = parse_date(ref["as_of"]) if "as_of" in ref else last
    periods = []
    for y in range(fy0, fy1 + 1):
        fy = "%d/%02d" % (y, (y + 1) % 100)
        periods.append(fy)
        periods.extend("%s Q%d" % (fy, q) for q in range(1, 5))
    # a period starting after as_of is an error, not a row of zeros
    periods = [t for t in periods if parse_period(t)[0] <= as_of]

    proc = subprocess.run([args.dump, prefix + ".csv", prefix + ".yaml"] + periods,
                          check=True, capture_output=True, text=True)
    got = {}
    for row in csv.DictReader(proc.stdout.splitlines()):
        assert not row["group"], row
        got[(row["indicator"], row["area"], row["period"])] = row

    acc, as_of = recompute(persons, ref, periods, areas)
    bad = []
    checked = 0
    nonzero = 0
    for text in periods:
        for area in areas + ["*"]:
            exp = expected_values(acc[(text, area)], ref, text, area, as_of)
            for ind, fields in exp.items():
                key = (ind, area, text)
                if key not in got:
                    bad.append("missing %s" % (key,))
                    continue
                row = got.pop(key)
                for f, want in fields.items():
                    have = float(row[f])
                    ok = close(have, float(want)) if isinstance(want, float) else have == want
                    checked += 1
                    if not ok:
                        bad.append("%s %s %s: %s = %s, expected %s"
                                   % (ind, area, text, f, row[f], want))
                nonzero += int(fields["numerator"] != 0)
    for key in got:
        bad.append("unexpected row %s" % (key,))
    print("indicators-independent: %d persons, %d areas, %d periods, %d fields "
          "checked, %d values with a non-zero numerator"
          % (len(persons), len(areas), len(periods), checked, nonzero))
    if nonzero < len(periods) * len(areas):
        bad.append("too few non-zero values: the generated data look empty")
    if bad:
        print("%d mismatches, first ones:" % len(bad))
        for b in bad[:40]:
            print("  " + b)
        return 1
    print("all match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
