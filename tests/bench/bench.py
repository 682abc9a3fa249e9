#!/usr/bin/python3
"""yjpi benchmark driver: the full indicator job on generated cohorts, timed
as whole processes, against a pandas and a DuckDB peer doing the same job.

    python3 tests/bench/bench.py --build build             # full: 1M and 10M rows, 3 runs
    python3 tests/bench/bench.py --build build --quick     # CI: 200k rows, 1 run
    python3 tests/bench/bench.py --build build --shapes gen,date --sizes 1000000
    meson test -C build --benchmark                        # the quick mode

For each shape of extract (--shapes: gen, yjpi-gen's default file; export,
a case-management export with GUID ids, 25 extra columns, quoted commas,
CRLF and a realistic population; date, sorted by offence date; random) and
each size it generates a cohort with yjpi-gen (kept between runs in
--work), warms the page cache, then runs `wc -l` (the floor), yjpi-bench-job
(the library's choice of threads: two), yjpi-bench-job --threads 1 (one
core), the pandas peer and the DuckDB peer in turn, --runs times, and
reports the median wall time (and the fastest and slowest run: a shared
virtual machine's speed varies from minute to minute), the median CPU time
(user + sys), the peak RSS
(getrusage of each child), rows/s and MB/s, and the ratios to yjpi.  Every
peer's results are checked against yjpi's (every count exactly, values to
1e-9 and intervals to 1e-6 relative), and the one-thread output must be
byte-identical to the two-thread one, and so must yjpi's results on
shapes holding the same records (gen, date and random): a disagreement
fails the run.  A table per shape, each with its figures set against the
performance goals, then yjpi on every shape side by side.
Peers whose interpreter or packages are missing are skipped (reported).
Exit status: 0 all present results agree, 1 a disagreement or a failed
program, 2 usage.
"""
import argparse
import csv
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
INT_COLS = ['status', 'numerator', 'interval_status', 'cohort_size',
            'reoffenders', 'reoffences', 'custody_no_release',
            'court_occasions', 'provisional']


def run(cmd, work):
    """Runs cmd; returns (wall s, cpu s, max RSS bytes, exit status, stderr).

    The child runs under /usr/bin/time when present: a child forked straight
    from this Python process would count the parent's resident pages (copied
    by fork before exec) in its peak RSS."""
    t0 = time.perf_counter()
    tfile = os.path.join(work, 'time.out')
    gnu_time = os.access('/usr/bin/time', os.X_OK)
    full = ['/usr/bin/time', '-o', tfile, '-f', '%M %U %S'] + cmd if gnu_time else cmd
    p = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # read stderr before reaping so the child never blocks on a full pipe
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    rc = os.waitstatus_to_exitcode(status)
    cpu, rss = ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024
    if gnu_time:
        with open(tfile) as f:
            last = f.read().strip().splitlines()[-1].split()
        rss, cpu = int(last[0]) * 1024, float(last[1]) + float(last[2])
    return wall, cpu, rss, rc, err.decode('utf-8', 'replace')


def close(a, b, rel, absol):
    return abs(a - b) <= max(absol, rel * max(abs(a), abs(b)))


def compare(ref_path, peer_path, limit=5):
    """Differences between two result files (list of strings, empty = same)."""
    def load(path):
        with open(path, newline='', encoding='utf-8') as f:
            return {(r['indicator'], r['area'], r['period']): r
                    for r in csv.DictReader(f)}
    a, b = load(ref_path), load(peer_path)
    diffs = []
    for k in sorted(set(a) ^ set(b)):
        diffs.append(f'{k}: only in {"yjpi" if k in a else "peer"}')
    for k in sorted(set(a) & set(b)):
        x, y = a[k], b[k]
        for c in INT_COLS:
            if int(float(x[c])) != int(float(y[c])):
                diffs.append(f'{k}: {c} yjpi {x[c]} peer {y[c]}')
        for c in ('denominator', 'population'):
            if not close(float(x[c]), float(y[c]), 1e-12, 0):
                diffs.append(f'{k}: {c} yjpi {x[c]} peer {y[c]}')
        if not close(float(x['value']), float(y['value']), 1e-9, 1e-12):
            diffs.append(f'{k}: value yjpi {x["value"]} peer {y["value"]}')
        if x['status'] == '0' and x['interval_status'] == '0':
            # limits are value -+ a half-width: relative to the value's scale
            scale = abs(float(x['value']))
            for c in ('lower', 'upper'):
                if not close(float(x[c]), float(y[c]), 1e-6, 1e-6 * scale + 1e-12):
                    diffs.append(f'{k}: {c} yjpi {x[c]} peer {y[c]}')
    if len(diffs) > limit:
        diffs = diffs[:limit] + [f'... {len(diffs) - limit} more']
    return diffs, len(a)


def peers_available(args):
    peers = {}
    py = args.python
    if 'pandas' in args.peers:
        ok = os.path.exists(py) and subprocess.run(
            [py, '-c', 'import pandas, numpy, scipy, yaml'],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
        peers['pandas'] = ([py, os.path.join(HERE, 'peer_pandas.py')] if ok else
                           'needs /usr/bin/python3 with pandas, numpy, scipy, yaml')
    if 'duckdb' in args.peers:
        d = os.path.join(HERE, 'duckdb')
        node = shutil.which('node')
        ok = node and os.path.isdir(os.path.join(d, 'node_modules', '@duckdb', 'node-api'))
        peers['duckdb'] = ([node, os.path.join(d, 'peer_duckdb.mjs')] if ok else
                           'needs node and `npm install` in tests/bench/duckdb')
    return peers


# Shapes of extract (yjpi-gen options).  `records` names the record set:
# shapes with the same one hold the same records in another order or dress,
# so yjpi's results on them must be byte-identical (checked).
SHAPES = {
    'gen': dict(opts=[], records='simple',
                what="yjpi-gen's default: grouped by person, 11 columns, LF"),
    'export': dict(opts=['--id', 'guid', '--extra-columns', '25', '--crlf',
                         '--persons', 'realistic'], records='realistic',
                   what='case-management export: by person, GUID ids, 25 extra '
                        'columns (some quoted with commas), CRLF, realistic persons'),
    'date': dict(opts=['--shape', 'date'], records='simple',
                 what='police extract: sorted by offence date'),
    'random': dict(opts=['--shape', 'random'], records='simple',
                   what='rows in random order'),
}


def generate(args, n, shape='gen'):
    name = f'cohort-{n}-s{args.seed}' + ('' if shape == 'gen' else f'-{shape}')
    prefix = os.path.join(args.work, name)
    if not (os.path.exists(prefix + '.csv') and os.path.exists(prefix + '.yaml')):
        cmd = [args.gen, '--rows', str(n), '--areas', '150', '--years', '10',
               '--seed', str(args.seed), '--out', prefix] + SHAPES[shape]['opts']
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if r.returncode:
            sys.exit(f'bench: {" ".join(cmd)} failed: {r.stderr.decode()}')
    return prefix


def fmt_bytes(b):
    return f'{b / 2**20:.0f} MiB'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--build', default=os.path.join(HERE, '..', '..', 'build'),
                    help='meson build directory (default: build)')
    ap.add_argument('--job', help='yjpi-bench-job (default BUILD/tests/bench/yjpi-bench-job)')
    ap.add_argument('--gen', help='yjpi-gen (default BUILD/tools/yjpi-gen)')
    ap.add_argument('--work', help='where cohorts and results go (default BUILD/bench-data)')
    ap.add_argument('--sizes', default='1000000,10000000', help='rows, comma-separated')
    ap.add_argument('--runs', type=int, default=3, help='runs per program (median)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--peers', default='pandas,duckdb')
    ap.add_argument('--python', default='/usr/bin/python3', help='python for the pandas peer')
    ap.add_argument('--shapes', default='gen,export,date,random',
                    help='shapes of extract, comma-separated, from: ' + ', '.join(SHAPES))
    ap.add_argument('--quick', action='store_true', help='200k rows, 1 run (CI)')
    args = ap.parse_args()
    if args.quick:
        args.sizes, args.runs = '200000', 1
    args.job = args.job or os.path.join(args.build, 'tests', 'bench', 'yjpi-bench-job')
    args.gen = args.gen or os.path.join(args.build, 'tools', 'yjpi-gen')
    args.work = args.work or os.path.join(args.build, 'bench-data')
    args.peers = [p for p in args.peers.split(',') if p]
    sizes = [int(s) for s in args.sizes.split(',')]
    if args.runs < 1 or not sizes:
        ap.error('need at least one size and one run')
    shapes = [s for s in args.shapes.split(',') if s]
    for sh in shapes:
        if sh not in SHAPES:
            ap.error(f'unknown shape {sh!r} (known: {", ".join(SHAPES)})')
    if not shapes:
        ap.error('need at least one shape')
    for exe in (args.job, args.gen):
        if not os.access(exe, os.X_OK):
            sys.exit(f'bench: {exe} not found (build first, or pass --job/--gen)')
    os.makedirs(args.work, exist_ok=True)

    cpu = 'unknown CPU'
    try:
        with open('/proc/cpuinfo') as f:
            m = re.search(r'^model name\s*:\s*(.*)$', f.read(), re.M)
            cpu = m.group(1) if m else cpu
    except OSError:
        pass
    print(f'yjpi benchmark: {os.cpu_count()} CPUs ({cpu}), load {os.getloadavg()[0]:.2f}, '
          f'median of {args.runs} run(s)')
    peers = peers_available(args)
    for name, cmd in peers.items():
        if isinstance(cmd, str):
            print(f'  peer {name} skipped: {cmd}')
    peers = {k: v for k, v in peers.items() if not isinstance(v, str)}

    failed = False
    results = {}   # (shape, size, tool) -> dict; (shape, size, 'stages', tool)
    for shape in shapes:
        for n in sizes:
            failed |= measure(args, peers, shape, n, results)
    # the same records in another order or dress give the same results
    for n in sizes:
        by_records = {}
        for shape in shapes:
            if results[(shape, n, 'yjpi')]['ok']:
                by_records.setdefault(SHAPES[shape]['records'], []).append(shape)
        for rec, group in by_records.items():
            with open(results[(group[0], n, 'out')], 'rb') as f:
                first = f.read()
            for shape in group[1:]:
                with open(results[(shape, n, 'out')], 'rb') as f:
                    same = f.read() == first
                results[(shape, n, 'same_as')] = (group[0], same)
                if not same:
                    failed = True
                    print(f'bench: yjpi on shape {shape} differs from shape {group[0]} '
                          f'on {n} rows (the same records)', file=sys.stderr)

    for shape in shapes:
        print_table(args, peers, shape, sizes, results)
    if len(shapes) > 1:
        print_shapes(peers, shapes, sizes, results)
    print('agreement: counts exact, values 1e-9, intervals 1e-6 relative'
          if peers else 'no peer ran: nothing compared')
    return 1 if failed else 0


def measure(args, peers, shape, n, results):
    """Runs every tool on one shape and size; True when something failed."""
    failed = False
    prefix = generate(args, n, shape)
    csv_path, yaml_path = prefix + '.csv', prefix + '.yaml'
    size = os.path.getsize(csv_path)
    with open(csv_path, 'rb') as f:      # warm the page cache
        while f.read(1 << 24):
            pass
    tools = {'wc -l': ['wc', '-l', csv_path],
             'yjpi': [args.job, csv_path, yaml_path, prefix + '.yjpi.out', '--timing'],
             'yjpi 1t': [args.job, csv_path, yaml_path, prefix + '.yjpi1.out',
                         '--timing', '--threads', '1']}
    for name, cmd in peers.items():
        tools[name] = cmd + [csv_path, yaml_path, f'{prefix}.{name}.out']
    samples = {t: [] for t in tools}
    stage = {'yjpi': [], 'yjpi 1t': []}
    for r in range(args.runs):
        for t, cmd in tools.items():
            wall, cpus, rss, rc, err = run(cmd, args.work)
            if rc:
                print(f'bench: {t} failed on {shape} (status {rc}):\n{err}', file=sys.stderr)
                failed = True
            samples[t].append((wall, cpus, rss, rc))
            if t in stage:
                m = re.search(r'read ([\d.]+) s, finish ([\d.]+) s, compute ([\d.]+) s', err)
                if m:
                    stage[t].append(tuple(float(x) for x in m.groups()))
    for t, smp in samples.items():
        results[(shape, n, t)] = dict(
            wall=statistics.median(x[0] for x in smp),
            wall_min=min(x[0] for x in smp), wall_max=max(x[0] for x in smp),
            cpu=statistics.median(x[1] for x in smp),
            rss=max(x[2] for x in smp), ok=all(x[3] == 0 for x in smp))
    for t, st in stage.items():
        if st:
            results[(shape, n, 'stages', t)] = tuple(statistics.median(x[i] for x in st)
                                                     for i in range(3))
    results[(shape, n, 'out')] = prefix + '.yjpi.out'
    if results[(shape, n, 'yjpi')]['ok'] and results[(shape, n, 'yjpi 1t')]['ok']:
        with open(prefix + '.yjpi.out', 'rb') as f1, open(prefix + '.yjpi1.out', 'rb') as f2:
            same = f1.read() == f2.read()
        results[(shape, n, 'yjpi 1t')]['agree'] = 'yes' if same else 'NO'
        if not same:
            failed = True
            print(f'bench: yjpi on one thread differs from two threads on {shape}, '
                  f'{n} rows', file=sys.stderr)
    for name in peers:
        if not results[(shape, n, name)]['ok'] or not results[(shape, n, 'yjpi')]['ok']:
            results[(shape, n, name)]['agree'] = 'n/a'
            continue
        diffs, nvals = compare(prefix + '.yjpi.out', f'{prefix}.{name}.out')
        results[(shape, n, name)]['agree'] = 'yes' if not diffs else 'NO'
        results[(shape, n, name)]['nvals'] = nvals
        if diffs:
            failed = True
            print(f'bench: {name} disagrees with yjpi on {shape}, {n} rows:', file=sys.stderr)
            for d in diffs:
                print('  ' + d, file=sys.stderr)
    results[(shape, n, 'bytes')] = size
    return failed


def print_table(args, peers, shape, sizes, results):
    """The table of one shape, then its goals at the largest size."""
    print()
    print(f'shape {shape}: {SHAPES[shape]["what"]}')
    print(f'{"rows":>10} {"tool":<7} {"wall s":>8} {"min-max s":>15} {"cpu s":>8} '
          f'{"peak RSS":>10} {"B/row":>6} {"Mrows/s":>8} {"MB/s":>7} {"x yjpi":>7} '
          f'{"agree":>5}')
    for n in sizes:
        size = results[(shape, n, 'bytes')]
        y = results[(shape, n, 'yjpi')]
        for t in ['wc -l', 'yjpi', 'yjpi 1t'] + list(peers):
            r = results[(shape, n, t)]
            ratio = '' if t in ('yjpi', 'wc -l') else f'{r["wall"] / y["wall"]:.1f}'
            spread = f'{r["wall_min"]:.3f}-{r["wall_max"]:.3f}'
            print(f'{n:>10} {t:<7} {r["wall"]:>8.3f} {spread:>15} {r["cpu"]:>8.3f} '
                  f'{fmt_bytes(r["rss"]):>10} {r["rss"] / n:>6.0f} '
                  f'{n / r["wall"] / 1e6:>8.2f} {size / r["wall"] / 1e6:>7.0f} '
                  f'{ratio:>7} {r.get("agree", ""):>5}')
        print(f'{"":>10} file {size / 1e6:.0f} MB, {size / n:.0f} B/row')
        for t in ('yjpi', 'yjpi 1t'):
            st = results.get((shape, n, 'stages', t))
            if st:
                print(f'{"":>10} {t} stages: read+validate {st[0]:.3f} s '
                      f'({size / st[0] / 1e6:.0f} MB/s), sort/index {st[1]:.3f} s, '
                      f'compute {st[2]:.3f} s')
        same = results.get((shape, n, 'same_as'))
        if same:
            print(f'{"":>10} yjpi results byte-identical to shape {same[0]} '
                  f'(the same records): {"yes" if same[1] else "NO"}')
    if len(sizes) >= 2:
        a, b = sizes[0], sizes[-1]
        for t in ['yjpi'] + list(peers):
            print(f'time ratio {b}/{a} rows, {t}: '
                  f'{results[(shape, b, t)]["wall"] / results[(shape, a, t)]["wall"]:.2f} '
                  f'(rows x{b / a:.0f})')

    # ---- the goals (tests/bench/README.md), at the largest size ----
    big = sizes[-1]
    y = results[(shape, big, 'yjpi')]
    print(f'goals at {big} rows, shape {shape}:')

    def goal(text, measured, ok):
        print(f'  {text:<44} {measured:<22} {"met" if ok else "MISSED"}')
    for name, want in (('pandas', 30), ('duckdb', 5)):
        if name in peers:
            x = results[(shape, big, name)]['wall'] / y['wall']
            goal(f'>= {want}x faster than {name}', f'{x:.1f}x', x >= want)
    st1 = results.get((shape, big, 'stages', 'yjpi 1t'))
    if st1:
        mbs = results[(shape, big, 'bytes')] / st1[0] / 1e6
        goal('read + validate >= 500 MB/s on one core', f'{mbs:.0f} MB/s', mbs >= 500)
    if len(sizes) >= 2:
        ratio = y['wall'] / results[(shape, sizes[0], 'yjpi')]['wall']
        goal(f'time ratio {big}/{sizes[0]} <= {11 * big // sizes[0] // 10}',
             f'{ratio:.2f}', ratio <= 1.1 * big / sizes[0])
    bpr = y['rss'] / big
    goal('peak RSS <= 64 B/row (string tables included)', f'{bpr:.0f} B/row', bpr <= 64)


def print_shapes(peers, shapes, sizes, results):
    """yjpi on every shape side by side: time against the first shape's,
    the stages, and the ratios to the peers on that shape."""
    base = shapes[0]
    print()
    print(f'shapes compared (yjpi, two threads; x {base} = time over shape {base}\'s)')
    head = (f'{"rows":>10} {"shape":<7} {"MB":>6} {"B/row":>5} {"yjpi s":>7} '
            f'{"x " + base:>8} {"read s":>7} {"sort s":>7} {"comp s":>7} {"1t s":>7} '
            f'{"RSS B/row":>9}')
    for name in peers:
        head += f' {"x " + name:>9}'
    print(head)
    for n in sizes:
        b = results[(base, n, 'yjpi')]['wall']
        for shape in shapes:
            y = results[(shape, n, 'yjpi')]
            st = results.get((shape, n, 'stages', 'yjpi'), (float('nan'),) * 3)
            size = results[(shape, n, 'bytes')]
            line = (f'{n:>10} {shape:<7} {size / 1e6:>6.0f} {size / n:>5.0f} '
                    f'{y["wall"]:>7.3f} {y["wall"] / b:>8.2f} {st[0]:>7.3f} {st[1]:>7.3f} '
                    f'{st[2]:>7.3f} {results[(shape, n, "yjpi 1t")]["wall"]:>7.3f} '
                    f'{y["rss"] / n:>9.0f}')
            for name in peers:
                line += f' {results[(shape, n, name)]["wall"] / y["wall"]:>9.1f}'
            print(line)

if __name__ == '__main__':
    sys.exit(main())
