#!/usr/bin/env python3
"""The example programs' failures are reported, never silent.

Usage: program_errors.py REPORT TRACKER GEN   (run from the source root)

- Standard output that cannot be written (/dev/full) makes --help and a
  normal run exit 1 with "PROG: write error on standard output: REASON".
- yjpi-gen writes PREFIX.csv and PREFIX.yaml both or neither: when
  PREFIX.csv cannot be created no PREFIX.yaml (and no temporary) is left,
  and files of an earlier run stay as they were.
- A directory given as --cohort or --reference: the message says why.
"""
import os
import subprocess
import sys
import tempfile

FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL: " + what)


def run(args, stdout):
    return subprocess.run(args, stdout=stdout, stderr=subprocess.PIPE,
                          text=True, timeout=120)


def main():
    report, tracker, gen = sys.argv[1:4]
    data = ["--cohort", "examples/data/cohort.csv",
            "--reference", "examples/data/cohort.yaml"]
    enospc = os.strerror(28)  # ENOSPC
    with open("/dev/full", "w") as full:
        for exe in (report, tracker, gen):
            name = os.path.basename(exe)
            p = run([exe, "--help"], full)
            check(p.returncode == 1, f"{name} --help > /dev/full: exit {p.returncode}")
            check(p.stderr == f"{name}: write error on standard output: {enospc}\n",
                  f"{name} --help > /dev/full: stderr {p.stderr!r}")
        for exe, extra in ((report, []), (report, ["--format", "csv"]),
                           (tracker, ["--period", "2024/25"])):
            name = os.path.basename(exe)
            p = run([exe] + extra + data, full)
            check(p.returncode == 1, f"{name} {extra} > /dev/full: exit {p.returncode}")
            check(f"{name}: write error on standard output: {enospc}" in p.stderr,
                  f"{name} {extra} > /dev/full: stderr {p.stderr!r}")
    # the same runs to a working stdout succeed
    p = run([report, "--help"], subprocess.DEVNULL)
    check(p.returncode == 0 and p.stderr == "", f"report --help: {p.returncode} {p.stderr!r}")

    with tempfile.TemporaryDirectory() as d:
        prefix = os.path.join(d, "out")
        os.mkdir(prefix + ".csv")
        p = run([gen, "--rows", "50", "--out", prefix], subprocess.DEVNULL)
        check(p.returncode == 1, f"gen with PREFIX.csv a directory: exit {p.returncode}")
        check(f"{prefix}.csv: cannot open for writing: {os.strerror(21)}" in p.stderr,
              f"gen with PREFIX.csv a directory: stderr {p.stderr!r}")
        check(sorted(os.listdir(d)) == ["out.csv"],
              f"gen with PREFIX.csv a directory left {sorted(os.listdir(d))}")
        os.rmdir(prefix + ".csv")
        # a good run, then a failing one: the first run's files stay
        p = run([gen, "--rows", "50", "--out", prefix, "--quiet"], subprocess.DEVNULL)
        check(p.returncode == 0, f"gen: exit {p.returncode} {p.stderr!r}")
        check(sorted(os.listdir(d)) == ["out.csv", "out.yaml"],
              f"gen left {sorted(os.listdir(d))}")
        with open("/dev/full", "w") as full:
            p = run([gen, "--rows", "60", "--out", prefix, "--help"], full)
        check(p.returncode == 1, f"gen --help > /dev/full: exit {p.returncode}")
        # a failing run (PREFIX.csv now a directory) keeps the earlier YAML
        yaml_before = open(prefix + ".yaml", "rb").read()
        os.unlink(prefix + ".csv")
        os.mkdir(prefix + ".csv")
        p = run([gen, "--rows", "60", "--seed", "7", "--out", prefix], subprocess.DEVNULL)
        check(p.returncode == 1, f"gen over a directory: exit {p.returncode}")
        check(sorted(os.listdir(d)) == ["out.csv", "out.yaml"],
              f"failed gen left {sorted(os.listdir(d))}")
        check(open(prefix + ".yaml", "rb").read() == yaml_before,
              "a failed gen run changed the earlier PREFIX.yaml")
        os.rmdir(prefix + ".csv")

    with tempfile.TemporaryDirectory() as d:
        eisdir = os.strerror(21)  # EISDIR
        for opt, args in (("--cohort", ["--cohort", d, "--reference",
                                        "examples/data/cohort.yaml"]),
                          ("--reference", ["--cohort", "examples/data/cohort.csv",
                                           "--reference", d])):
            for exe in (report, tracker):
                name = os.path.basename(exe)
                extra = ["--period", "2024/25"] if exe == tracker else []
                p = run([exe] + extra + args, subprocess.DEVNULL)
                check(p.returncode == 1, f"{name} {opt} DIR: exit {p.returncode}")
                check(p.stderr == f"{name}: {d}: cannot read: {eisdir}\n",
                      f"{name} {opt} DIR: stderr {p.stderr!r}")

    print(f"{0 if FAILS else 1} passed, {len(FAILS)} failed")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
