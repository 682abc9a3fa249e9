#!/usr/bin/env python3
"""Checks yjpi-gen's shapes of extract and that they change no number.

    shapes_check.py YJPI-GEN YJPI-BENCH-JOB WORKDIR

For one seed it writes the default file and the same records in every other
shape (date order, random order, GUID ids, extra columns, CRLF, and their
mixes), plus the realistic population in two shapes, and checks that
 - the options spelled at their defaults give the default file byte for byte;
 - each file is what it claims: line ends, column count, quoted fields with
   commas (and a doubled quote) among the extra columns, GUID or P-number
   ids, rows grouped by person / sorted by offence date / in no order;
 - the shapes of one run hold the same records: the same lines once the
   dress is taken off, and a person's rows in the same order;
 - yjpi-bench-job gives byte-identical results on every shape of the same
   records (row order, ids and extra columns change no number);
 - the realistic population has more one-row persons and a longer tail
   than the default one, and still re-offenders.
Exit status 0 when everything holds, 1 otherwise.
"""
import csv
import io
import os
import re
import subprocess
import sys
from collections import Counter

ROWS, AREAS, SEED = 20000, 20, 11
COLS = ['person_id', 'birth_date', 'area', 'offence_date', 'outcome_date',
        'outcome', 'release_date', 'sex', 'ethnicity', 'offence_type', 'breach']
GUID = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')
SEQ = re.compile(r'^P[0-9]{8,}$')

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print('FAIL: ' + what)
    return ok


def gen(exe, work, name, opts):
    prefix = os.path.join(work, name)
    subprocess.run([exe, '--rows', str(ROWS), '--areas', str(AREAS), '--seed', str(SEED),
                    '--quiet', '--out', prefix] + opts, check=True)
    return prefix


def read(prefix):
    with open(prefix + '.csv', 'rb') as f:
        return f.read()


def parse(data):
    """(header, rows as lists); CR kept out by the csv module."""
    text = data.decode('utf-8')
    rows = list(csv.reader(io.StringIO(text, newline='')))
    return rows[0], rows[1:]


def canonical(header, rows):
    """Rows as tuples of yjpi's 11 columns in their usual order."""
    ix = [header.index(c) for c in COLS]
    return [tuple(r[i] for i in ix) for r in rows]


def check_file(name, data, extra, crlf, guid):
    lines = data.split(b'\n')
    check(lines[-1] == b'', f'{name}: ends with a line end')
    lines = lines[:-1]
    if crlf:
        check(all(x.endswith(b'\r') for x in lines), f'{name}: every line ends CRLF')
        check(all(b'\r' not in x[:-1] for x in lines), f'{name}: no CR inside a line')
    else:
        check(all(b'\r' not in x for x in lines), f'{name}: no CR anywhere')
    header, rows = parse(data)
    check(len(header) == 11 + extra, f'{name}: {11 + extra} columns in the header')
    check(all(len(r) == len(header) for r in rows), f'{name}: every row has the header\'s fields')
    check(len(rows) == ROWS, f'{name}: {ROWS} rows')
    check(sorted(c for c in header if c in COLS) == sorted(COLS), f'{name}: yjpi\'s 11 columns')
    if extra >= 3:
        comma = sum(1 for r in rows for i, v in enumerate(r)
                    if ',' in v and header[i] not in COLS)
        check(comma > ROWS // 2, f'{name}: extra fields holding commas ({comma})')
        check(b'""' in data, f'{name}: a doubled quote inside a quoted field')
        check(header[-1] not in COLS, f'{name}: the last column is an extra one')
    ids = [r[header.index('person_id')] for r in rows]
    pat = GUID if guid else SEQ
    check(all(pat.match(x) for x in ids), f'{name}: ids are {"GUIDs" if guid else "P-numbers"}')
    if guid:
        check(all(len(x) == 36 for x in ids), f'{name}: GUIDs of 36 bytes')
    return header, rows


def order_kind(rows):
    """(grouped by person, sorted by offence date) of canonical rows."""
    seen, last, grouped = set(), None, True
    for r in rows:
        if r[0] != last:
            if r[0] in seen:
                grouped = False
            seen.add(r[0])
            last = r[0]
    dates = [r[3] for r in rows]
    return grouped, all(a <= b for a, b in zip(dates, dates[1:]))


def by_person(rows):
    out = {}
    for r in rows:
        out.setdefault(r[0], []).append(r[1:])
    return out


def same_records(name, base_rows, rows, keep_person_order):
    """The same records: the same persons (whatever their ids), each with
    the same rows, in the same order when keep_person_order, and the same
    multiset of rows."""
    a, b = by_person(base_rows), by_person(rows)
    check(len(a) == len(b), f'{name}: as many persons as the base file')
    def persons(d):
        return Counter(tuple(v) if keep_person_order else tuple(sorted(v))
                       for v in d.values())
    check(persons(a) == persons(b), f'{name}: every person\'s rows the same'
          + (' and in the same order' if keep_person_order else ''))
    check(sorted(r[1:] for r in base_rows) == sorted(r[1:] for r in rows),
          f'{name}: the same records')


def rows_per_person(rows):
    n = {}
    for r in rows:
        n[r[0]] = n.get(r[0], 0) + 1
    return sorted(n.values())


def main():
    gen_exe, job, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    base = gen(gen_exe, work, 'default', [])
    base_data = read(base)
    spelled = gen(gen_exe, work, 'spelled', ['--shape', 'person', '--id', 'seq',
                                             '--extra-columns', '0', '--persons', 'simple'])
    check(read(spelled) == base_data, 'default options spelled out give the default file')
    bh, brows = check_file('default', base_data, 0, False, False)
    bcan = canonical(bh, brows)
    check(order_kind(bcan)[0], 'default: grouped by person')

    # the same records in other shapes
    shapes = {
        'person-guid-extra-crlf': (['--id', 'guid', '--extra-columns', '25', '--crlf'],
                                   25, True, True, 'person'),
        'date': (['--shape', 'date'], 0, False, False, 'date'),
        'random': (['--shape', 'random'], 0, False, False, 'random'),
        'date-guid-extra-crlf': (['--shape', 'date', '--id', 'guid', '--extra-columns', '25',
                                  '--crlf'], 25, True, True, 'date'),
        'random-extra40': (['--shape', 'random', '--extra-columns', '40'], 40, False, False,
                           'random'),
    }
    outs = {}
    job_out = os.path.join(work, 'default.out')
    subprocess.run([job, base + '.csv', base + '.yaml', job_out], check=True,
                   stderr=subprocess.DEVNULL)
    with open(job_out, 'rb') as f:
        base_result = f.read()
    check(base_result.count(b'\n') > 1000, 'the bench job wrote results')
    for name, (opts, extra, crlf, guid, order) in shapes.items():
        prefix = gen(gen_exe, work, name, opts)
        data = read(prefix)
        check(data != base_data, f'{name}: differs from the default')
        h, rows = check_file(name, data, extra, crlf, guid)
        can = canonical(h, rows)
        grouped, by_date = order_kind(can)
        if order == 'person':
            check(grouped and not by_date, f'{name}: grouped by person, not by date')
        elif order == 'date':
            check(by_date and not grouped, f'{name}: sorted by offence date')
        else:
            check(not grouped and not by_date, f'{name}: neither grouped nor sorted')
            changes = sum(1 for a, b in zip(can, can[1:]) if a[0] != b[0])
            check(changes > ROWS * 0.9, f'{name}: persons interleaved ({changes} changes)')
        # random order keeps each person's rows in order; date order keeps
        # them as a stable sort by offence date does
        same_records(name, bcan, can, order != 'date')
        if order == 'date':
            # a stable sort by offence date of each person's rows
            stable = {pid: sorted(v, key=lambda r: r[2]) for pid, v in by_person(bcan).items()}
            check(Counter(tuple(v) for v in stable.values()) ==
                  Counter(tuple(v) for v in by_person(can).values()),
                  f'{name}: each person\'s rows in stable offence-date order')
        out = os.path.join(work, name + '.out')
        subprocess.run([job, prefix + '.csv', base + '.yaml', out], check=True,
                       stderr=subprocess.DEVNULL)
        with open(out, 'rb') as f:
            outs[name] = f.read()
        check(outs[name] == base_result, f'{name}: the bench job\'s results equal the default\'s')

    # the dressed files are the same lines in another order
    def lines(prefix):
        return sorted(read(os.path.join(work, prefix)).split(b'\n')[1:])
    check(lines('person-guid-extra-crlf') == lines('date-guid-extra-crlf'),
          'date order holds the same lines as person order (GUIDs, extras, CRLF)')

    # the realistic population, in two shapes
    real = gen(gen_exe, work, 'realistic', ['--persons', 'realistic'])
    real_export = gen(gen_exe, work, 'realistic-export',
                      ['--persons', 'realistic', '--shape', 'random', '--id', 'guid',
                       '--extra-columns', '25', '--crlf'])
    rh, rrows = check_file('realistic', read(real), 0, False, False)
    xh, xrows = check_file('realistic-export', read(real_export), 25, True, True)
    rcan, xcan = canonical(rh, rrows), canonical(xh, xrows)
    check(order_kind(rcan)[0], 'realistic: grouped by person')
    same_records('realistic-export', rcan, xcan, True)
    results = []
    for prefix in (real, real_export):
        out = prefix + '.out'
        subprocess.run([job, prefix + '.csv', prefix + '.yaml', out], check=True,
                       stderr=subprocess.DEVNULL)
        with open(out, 'rb') as f:
            results.append(f.read())
    check(results[0] == results[1], 'realistic: the export shape\'s results equal person order\'s')
    check(results[0] != base_result, 'realistic: other records than the default population')
    simple_n, real_n = rows_per_person(bcan), rows_per_person(rcan)
    one_s = sum(1 for x in simple_n if x == 1) / len(simple_n)
    one_r = sum(1 for x in real_n if x == 1) / len(real_n)
    print(f'rows per person: default {one_s:.0%} with one row, at most {simple_n[-1]}; '
          f'realistic {one_r:.0%} with one row, at most {real_n[-1]}')
    check(one_r > one_s + 0.05, 'realistic: more persons with one row')
    check(real_n[-1] > simple_n[-1] and real_n[-1] >= 24, 'realistic: a few with dozens of rows')
    # re-offenders: the all-areas binary rate of a final year has re-offenders
    reo = [ln for ln in results[0].decode().splitlines()
           if ln.startswith('binary_rate,*,') and ' Q' not in ln.split(',')[2]]
    rates = [int(ln.split(',')[4]) for ln in reo if ln.split(',')[3] == '0']
    check(rates and max(rates) > 100, f'realistic: re-offenders in the yearly cohorts ({rates})')
    # a person's rows agree with each other: one birth date, sex, ethnicity
    for name, (h, rows) in (('default', (bh, brows)), ('realistic', (rh, rrows))):
        per = {}
        for r in canonical(h, rows):
            per.setdefault(r[0], set()).add((r[1], r[7], r[8]))
        check(all(len(v) == 1 for v in per.values()),
              f'{name}: one birth date, sex and ethnicity per person')

    if failures:
        print(f'{len(failures)} check(s) failed')
        return 1
    print('all shape checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
