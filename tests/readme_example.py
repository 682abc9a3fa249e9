#!/usr/bin/env python3
"""The README's C example is examples/minimal.c, and it runs.

Usage: readme_example.py README.md examples/minimal.c MINIMAL_EXE
Fails when the README's first C block differs from the file, or when the
program fails or does not print the FTE rate with its interval."""
import re
import subprocess
import sys


def main():
    readme, source, exe = sys.argv[1:4]
    text = open(readme, encoding="utf-8").read()
    m = re.search(r"```c\n(.*?)```\n", text, re.S)
    code = open(source, encoding="utf-8").read()
    if not m or m.group(1) != code:
        print(f"{readme}: its first C example is not {source} (copy the file"
              " into the README)", file=sys.stderr)
        return 1
    p = subprocess.run([exe], capture_output=True, text=True)
    if p.returncode != 0 or not re.fullmatch(
            r"FTE rate \d+\.\d\d per 100,000 \(\d+\.\d\d-\d+\.\d\d\)\n", p.stdout):
        print(f"{exe}: exit {p.returncode}, stdout {p.stdout!r}, stderr {p.stderr!r}",
              file=sys.stderr)
        return 1
    print(p.stdout, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
