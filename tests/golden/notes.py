#!/usr/bin/env python3
"""Every example program prints the reader's notes on stderr: the bundled
sample with its `breach` column misspelt `is_breach` must give the note
naming the column and the nearest known one, and still exit 0.  With
MISSING "breach" the program (asked for reoffending) must also say that the
file has no `breach` column; with "-" (no reoffending asked) it must not.

Usage: notes.py COHORT.csv REFERENCE.yaml MISSING PROGRAM [ARGS...]
"""
import os
import subprocess
import sys
import tempfile


def main():
    cohort, ref, missing, cmd = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    with open(cohort, encoding="utf-8") as f:
        header, rest = f.readline(), f.read()
    names = header.rstrip("\n").split(",")
    col = len(",".join(names[:names.index("breach")])) + 2
    header = header.replace("breach", "is_breach")
    fd, path = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(header + rest)
        p = subprocess.run(cmd + ["--cohort", path, "--reference", ref],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    finally:
        os.unlink(path)
    want = '%s:1:%d: note: unknown column "is_breach" ignored (did you mean "breach"?)' % (
        path, col)
    err = p.stderr.decode()
    if p.returncode != 0:
        sys.exit("exit status %d: %s" % (p.returncode, err))
    if want not in err.splitlines():
        sys.exit("note missing from stderr:\nwant %r\ngot  %r" % (want, err))
    lack = '%s:1:1: note: no "breach" column: ' % path
    said = any(line.startswith(lack) for line in err.splitlines())
    if said != (missing == "breach"):
        sys.exit("missing-column note %s:\n%r" % (
            "absent" if not said else "unexpected", err))


if __name__ == "__main__":
    main()
