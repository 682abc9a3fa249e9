#!/usr/bin/env python3
"""yjpi-report on a cohort file where every row has an area of its own.

    report_many_areas.py [--areas N] [--limit-mb M] -- PROGRAM ARGS...

Writes a cohort file of N valid rows (default 20,000), each in its own area,
and runs PROGRAM --cohort FILE ARGS with its address space limited to M MiB
(RLIMIT_AS, default 160).  The report holds one area at a time (a bounded
batch), so its memory follows the batch, not the number of areas: a program
that keeps every area's assessment at once runs out of memory and fails.
The output must hold every area (counted in the csv rows).
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile

OUTCOMES = ["referral_order", "youth_caution", "youth_rehabilitation_order",
            "detention_and_training_order"]


def write_cohort(path, n):
    with open(path, "w") as f:
        f.write("person_id,birth_date,area,offence_date,outcome_date,outcome,"
                "release_date,sex,ethnicity,offence_type,breach\n")
        for i in range(n):
            y, m, o = 2016 + i % 9, 1 + i % 12, OUTCOMES[i % 4]
            rel = "%d-%02d-10" % (y + 1, m) if o == "detention_and_training_order" else ""
            f.write("P%08d,%d-03-01,A%08d,%d-%02d-05,%d-%02d-20,%s,%s,M,White,Theft,0\n"
                    % (i, y - 15, i, y, m, y, m, o, rel))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--areas", type=int, default=20000)
    ap.add_argument("--limit-mb", type=int, default=160)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    limit = a.limit_mb << 20

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "many-areas.csv")
        write_cohort(path, a.areas)
        p = subprocess.run([cmd[0], "--cohort", path] + cmd[1:], preexec_fn=cap,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        print("FAIL: exit %d within %d MiB for %d areas: %s"
              % (p.returncode, a.limit_mb, a.areas, p.stderr.decode()[-500:]))
        return 1
    lines = p.stdout.decode().splitlines()
    if "--format" in cmd and cmd[cmd.index("--format") + 1] == "csv":
        areas = {l.split(",", 1)[0] for l in lines[1:]}
        if len(areas) != a.areas + 1:   # every area and "*"
            print("FAIL: %d areas in the output, expected %d" % (len(areas), a.areas + 1))
            return 1
    print("ok: %d areas within %d MiB" % (a.areas, a.limit_mb))
    return 0


if __name__ == "__main__":
    sys.exit(main())
