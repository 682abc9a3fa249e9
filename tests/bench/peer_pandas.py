#!/usr/bin/python3
"""The benchmark job written as an analyst would in pandas (the peer yjpi is
measured against).

    /usr/bin/python3 peer_pandas.py COHORT.csv REFERENCE.yaml OUT.csv

Same definitions as yjpi (docs/indicators.md sections 1-6, with the
conventions of include/yjpi/indicators.h): FTE, proven reoffending with
pooled 3-month cohorts, custody; every area in the data and "*"; every
financial year and financial quarter overlapping the kept rows' outcome
dates; intervals with scipy (Poisson exact below 10 / Byar, Wilson, t).
Writes the CSV columns yjpi-bench-job writes.
"""
import sys

import numpy as np
import pandas as pd
import yaml
from scipy import stats

TIERS = {
    'community_resolution': 0, 'triage': 0, 'no_further_action': 0,
    'reprimand': 1, 'final_warning': 1, 'youth_caution': 1,
    'youth_conditional_caution': 1,
    'absolute_discharge': 2, 'conditional_discharge': 2, 'fine': 2,
    'referral_order': 2, 'reparation_order': 2, 'other_first_tier': 2,
    'youth_rehabilitation_order': 3, 'other_community': 3,
    'detention_and_training_order': 4, 'long_term_detention': 4,
    'other_custody': 4,
    'informal': 0, 'pre_court': 1, 'first_tier': 2, 'community': 3,
    'custody': 4,
}
COLUMNS = ['person_id', 'birth_date', 'area', 'offence_date', 'outcome_date',
           'outcome', 'release_date', 'sex', 'ethnicity', 'offence_type', 'breach']
INDICATORS = ['fte_count', 'fte_rate', 'binary_rate', 'frequency_rate',
              'reoffences_per_reoffender', 'custody_count', 'custody_rate',
              'custody_share']
NC_NO_POPULATION, NC_EMPTY_COHORT, NC_ZERO_DENOMINATOR = 1, 2, 3
NC_ZERO_POPULATION, NC_TOO_FEW = 5, 6
EPOCH = np.datetime64('1970-01-01', 'D')


def days(d):
    return int((np.datetime64(d, 'D') - EPOCH).astype(np.int64))


def add_months(d, n):
    """Day numbers + n months, the day clamped to the month's end."""
    dt = d.astype('datetime64[D]')
    m = dt.astype('datetime64[M]')
    dom = (dt - m.astype('datetime64[D]')).astype(np.int64)
    nm = m + n
    first = nm.astype('datetime64[D]')
    dim = ((nm + 1).astype('datetime64[D]') - first).astype(np.int64)
    return (first + np.minimum(dom, dim - 1)).astype(np.int64)


def quarter_key(d):
    """Financial quarter number (FY y, Q1 = Apr-Jun) -> 4y + q - 1."""
    m = d.astype('datetime64[D]').astype('datetime64[M]').astype(np.int64)
    return (m + 1970 * 12 - 3) // 3  # months since year 0, minus April


def ymd_int(dt):
    return (dt.dt.year * 10000 + dt.dt.month * 100 + dt.dt.day).to_numpy(np.int64)


def main():
    csv_path, yaml_path, out_path = sys.argv[1:4]
    with open(yaml_path, encoding='utf-8') as f:
        ref = yaml.safe_load(f)
    opts = ref.get('options') or {}
    if int(opts.get('cohort_months', 3)) != 3:
        sys.exit('peer_pandas: only cohort_months 3 is implemented')
    age_basis = opts.get('age_basis', 'offence_date')
    followup = int(opts.get('followup_months', 12))
    waiting = int(opts.get('waiting_months', 6))
    conf = float(opts.get('confidence', 0.95))
    outcome_map = ref.get('outcome_map') or {}
    pops = {}   # (area, year) -> population
    for area, by_year in (ref.get('populations') or {}).items():
        if '/' in str(area):
            continue
        for year, v in by_year.items():
            pops[(str(area), int(year))] = float(v)

    # ---- read and validate ----
    # only the job's columns (exports carry many more; names trimmed, any
    # case, as yjpi matches them); quoted fields and CRLF are the C reader's
    df = pd.read_csv(csv_path, dtype=str, keep_default_na=False,
                     na_values=[], engine='c',
                     usecols=lambda c: c.strip().lower() in COLUMNS)
    df.columns = [c.strip().lower() for c in df.columns]
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        sys.exit(f'peer_pandas: missing columns {missing}')
    n_read = len(df)
    def date_col(col, allow_empty=False):
        # few distinct dates: parse each once
        codes, uniq = pd.factorize(df[col])
        if not allow_empty and (uniq == '').any():
            sys.exit(f'peer_pandas: empty {col}')
        parsed = pd.to_datetime(pd.Series(uniq).replace({'': pd.NaT}),
                                format='%Y-%m-%d', errors='raise')
        return pd.Series(parsed.to_numpy()[codes])

    dates = {col: date_col(col) for col in ('birth_date', 'offence_date', 'outcome_date')}
    rel = date_col('release_date', True)
    codes = {**{k: k for k in TIERS}, **{k: v for k, v in outcome_map.items()}}
    ocodes, otexts = pd.factorize(df['outcome'])
    otier = np.array([TIERS.get(codes.get(s, ''), -1) for s in otexts], np.int8)
    tier = otier[ocodes]
    if (tier < 0).any():
        sys.exit('peer_pandas: unknown outcome code')
    birth = dates['birth_date']
    off = dates['offence_date']
    outc = dates['outcome_date']
    if (birth > off).any() or (outc < off).any():
        sys.exit('peer_pandas: inconsistent dates')
    custody = tier == 4
    rel = rel.where(custody)
    if (rel < outc).any():
        sys.exit('peer_pandas: release before outcome')
    if (df['person_id'].str.len() == 0).any() or (df['area'] == '').any():
        sys.exit('peer_pandas: empty required field')

    on = outc if age_basis == 'outcome_date' else off
    age = (ymd_int(on) - ymd_int(birth)) // 10000
    keep = (tier > 0) & (age >= 10)
    d = pd.DataFrame({
        'person': pd.factorize(df['person_id'])[0],
        'area': df['area'],
        'offence': (off.to_numpy('datetime64[D]') - EPOCH).astype(np.int64),
        'outcome': (outc.to_numpy('datetime64[D]') - EPOCH).astype(np.int64),
        'release': (rel.to_numpy('datetime64[D]') - EPOCH).astype(np.int64),
        'has_release': rel.notna().to_numpy(),
        'tier': tier,
        'age': age,
        'breach': df['breach'].eq('1').to_numpy(),
    })[keep]
    del df, dates, birth, off, outc, rel
    # rows of a person in (outcome, offence, file) order: a stable sort
    d = d.sort_values(['person', 'outcome', 'offence'], kind='stable',
                      ignore_index=True)
    first, last = d['outcome'].min(), d['outcome'].max()
    as_of = ref.get('as_of')
    as_of = days(as_of) if as_of is not None else int(last)

    areas = sorted(d['area'].unique())
    area_ix = {a: i for i, a in enumerate(areas)}
    d['a'] = d['area'].map(area_ix).astype(np.int64)
    na = len(areas)
    person = d['person'].to_numpy()
    tier = d['tier'].to_numpy()
    age = d['age'].to_numpy()
    young = (age >= 10) & (age <= 17)
    outcome = d['outcome'].to_numpy()
    offence = d['offence'].to_numpy()
    aidx = d['a'].to_numpy()

    # periods: FYs, then their quarters overlapping [first, last]
    q_lo = int(quarter_key(np.array([first]))[0])
    q_hi = int(quarter_key(np.array([last]))[0])
    periods = []    # (label, kind, fy, qkey or None)
    for fy in range(q_lo // 4, q_hi // 4 + 1):
        periods.append((f'{fy:04d}/{(fy + 1) % 100:02d}', fy, None))
        for q in range(4):
            k = 4 * fy + q
            if q_lo <= k <= q_hi:
                periods.append((f'{fy:04d}/{(fy + 1) % 100:02d} Q{q + 1}', fy, k))
    fy0 = q_lo // 4
    nq = (q_hi // 4 - fy0 + 1) * 4   # every quarter of every FY listed

    def by_quarter(area, qk, weights=None):
        """Counts per (area, quarter) for events, rows beyond range dropped."""
        qi = qk - 4 * fy0
        ok = (qi >= 0) & (qi < nq)
        return np.bincount(area[ok] * nq + qi[ok],
                           weights=None if weights is None else weights[ok],
                           minlength=na * nq).reshape(na, nq)

    # ---- FTE: first kept row of each person ----
    firstrow = np.ones(len(d), bool)
    firstrow[1:] = person[1:] != person[:-1]
    f = firstrow & young
    fte_q = by_quarter(aidx[f], quarter_key(outcome[f]))

    # ---- custody: court sentencing occasions ----
    court = np.flatnonzero(tier >= 2)
    cp, co, ct = person[court], outcome[court], tier[court]
    newocc = np.ones(len(court), bool)
    newocc[1:] = (cp[1:] != cp[:-1]) | (co[1:] != co[:-1])
    occ = np.cumsum(newocc) - 1
    order = np.lexsort((np.arange(len(court)), -ct, occ))
    lead_first = np.ones(len(order), bool)
    lead_first[1:] = occ[order][1:] != occ[order][:-1]
    lead = court[order[lead_first]]
    lead = lead[young[lead]]
    lq = quarter_key(outcome[lead])
    court_q = by_quarter(aidx[lead], lq)
    cust_q = by_quarter(aidx[lead], lq, (tier[lead] == 4).astype(np.float64))

    # ---- reoffending: quarterly cohorts ----
    has_rel = d['has_release'].to_numpy()
    release = d['release'].to_numpy()
    ev = young & ((tier != 4) | has_rel)
    nr = young & (tier == 4) & ~has_rel
    norel_q = by_quarter(aidx[nr], quarter_key(outcome[nr]))
    ei = np.flatnonzero(ev)
    edate = np.where(tier[ei] == 4, release[ei], outcome[ei])
    ek = quarter_key(edate)
    # earliest index event per (person, cohort), first row on ties
    o = np.lexsort((ei, edate, ek, person[ei]))
    ei, edate, ek = ei[o], edate[o], ek[o]
    ep = person[ei]
    firstev = np.ones(len(ei), bool)
    firstev[1:] = (ep[1:] != ep[:-1]) | (ek[1:] != ek[:-1])
    mi, mdate, mk, mp = ei[firstev], edate[firstev], ek[firstev], ep[firstev]
    fu_end = add_months(mdate, followup)
    wait_end = add_months(mdate, followup + waiting)
    out_lim = np.minimum(wait_end, as_of)
    # candidate rows: same person, index < outcome <= out_lim (sorted keys)
    base = int(outcome.min()) - 1
    key = person.astype(np.int64) * (1 << 22) + (outcome - base)
    lo = np.searchsorted(key, mp * (1 << 22) + (mdate + 1 - base), 'left')
    hi = np.searchsorted(key, mp * (1 << 22) + (out_lim - base), 'right')
    hi = np.maximum(hi, lo)
    cnt = hi - lo
    mem = np.repeat(np.arange(len(mi)), cnt)
    rows = np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt) + np.repeat(lo, cnt)
    breach = d['breach'].to_numpy()
    hit = (offence[rows] > mdate[mem]) & (offence[rows] <= fu_end[mem]) & ~breach[rows]
    k = np.bincount(mem[hit], minlength=len(mi)).astype(np.float64)
    ma = aidx[mi]
    C_q = by_quarter(ma, mk)
    R_q = by_quarter(ma, mk, (k > 0).astype(np.float64))
    O_q = by_quarter(ma, mk, k)
    S_q = by_quarter(ma, mk, k * k)
    P_q = by_quarter(ma, mk, (wait_end > as_of).astype(np.float64))

    # ---- cells: areas + "*", periods ----
    labels = areas + ['*']

    def with_star(x):
        return np.vstack([x, x.sum(axis=0, keepdims=True)])

    cube = {n: with_star(v) for n, v in dict(
        fte=fte_q, court=court_q, cust=cust_q, norel=norel_q,
        C=C_q, R=R_q, O=O_q, S=S_q, P=P_q).items()}

    rows_out = []
    z = stats.norm.isf((1 - conf) / 2)
    half = (1 - conf) / 2
    for ai, area in enumerate(labels):
        for label, fy, qk in periods:
            cols = [qk - 4 * fy0] if qk is not None else \
                list(range(4 * (fy - fy0), 4 * (fy - fy0) + 4))
            g = {n: float(v[ai, cols].sum()) for n, v in cube.items()}
            if area == '*':
                ys = [p for (a, y), p in pops.items() if y == fy]
                pop = sum(ys) if ys else None
            else:
                pop = pops.get((area, fy))
            if qk is None:
                pend = days(f'{fy + 1:04d}-04-01')
            else:
                pend = int(add_months(np.array([days(f'{fy:04d}-04-01')]),
                                      3 * (qk % 4 + 1))[0])
            if g['C'] > 0:
                prov = int(g['P'] > 0)
            else:
                prov = int(add_months(np.array([pend - 1]), followup + waiting)[0] > as_of)
            rows_out.append((area, label, g, pop, prov))

    out = []
    for area, label, g, pop, prov in rows_out:
        for ind in INDICATORS:
            out.append(value(ind, area, label, g, pop, prov, conf, z, half))
    res = pd.DataFrame(out, columns=[
        'indicator', 'area', 'period', 'status', 'numerator', 'denominator',
        'value', 'lower', 'upper', 'interval_status', 'cohort_size',
        'reoffenders', 'reoffences', 'custody_no_release', 'court_occasions',
        'population',
        'provisional'])
    res.to_csv(out_path, index=False, float_format='%.17g')
    print(f'peer_pandas: rows {n_read} kept {len(d)} values {len(res)}',
          file=sys.stderr)


def poisson(x, half, z):
    if x < 10:
        lo = 0.0 if x == 0 else stats.chi2.ppf(half, 2 * x) / 2
        hi = stats.chi2.isf(half, 2 * x + 2) / 2
    else:
        lo = x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3
        x1 = x + 1
        hi = x1 * (1 - 1 / (9 * x1) + z / (3 * np.sqrt(x1))) ** 3
    return lo, hi


def wilson(x, n, z):
    z2 = z * z
    a = 2 * x + z2
    b = z * np.sqrt(z2 + 4 * x * ((n - x) / n))
    lo = 2 * x * x / (n * (a + b))
    hi = 1.0 if x == n else min(1.0, (a + b) / (2 * (n + z2)))
    return lo, hi


def tmean(n, s, ss, half):
    m = s / n
    if n < 2:
        return m, m, m, NC_TOO_FEW
    dev = max(ss - s * m, 0.0)
    t = stats.t.isf(half, n - 1)
    h = t * np.sqrt(dev / (n - 1) / n)
    return m, m - h, m + h, 0


def value(ind, area, label, g, pop, prov, conf, z, half):
    st = ist = 0
    num = 0
    den = val = lo = hi = 0.0
    cs = ro = rs = co = nrel = 0
    popv = 0.0
    reo = ind in ('binary_rate', 'frequency_rate', 'reoffences_per_reoffender')
    pst = 0
    if not reo:
        if pop is None:
            pst = NC_NO_POPULATION
        elif not pop > 0:
            pst = NC_ZERO_POPULATION
        else:
            popv = pop
    if ind.startswith('fte') or ind in ('custody_count', 'custody_rate'):
        x = g['fte'] if ind.startswith('fte') else g['cust']
        num = int(x)
        if ind.startswith('custody'):
            co = int(g['court'])
        plo, phi = poisson(x, half, z)
        if ind in ('fte_count', 'custody_count'):
            val, lo, hi = x, plo, phi
        elif pst:
            st = pst
        else:
            mult = 100000.0 if ind == 'fte_rate' else 1000.0
            den = pop
            val = x / pop * mult
            lo, hi = plo * (mult / pop), phi * (mult / pop)
    elif ind == 'custody_share':
        num, co, den = int(g['cust']), int(g['court']), g['court']
        if g['court'] == 0:
            st = NC_ZERO_DENOMINATOR
        else:
            val = 100.0 * g['cust'] / g['court']
            lo, hi = wilson(g['cust'], g['court'], z)
            lo, hi = lo * 100, hi * 100
    else:
        C, R, O, S = g['C'], g['R'], g['O'], g['S']
        cs, ro, rs, nrel = int(C), int(R), int(O), int(g['norel'])
        if ind == 'binary_rate':
            num, den = int(R), C
            if C == 0:
                st = NC_EMPTY_COHORT
            else:
                val = 100.0 * R / C
                lo, hi = wilson(R, C, z)
                lo, hi = lo * 100, hi * 100
        else:
            n = C if ind == 'frequency_rate' else R
            num, den = int(O), n
            if n == 0:
                st = NC_EMPTY_COHORT if ind == 'frequency_rate' else NC_ZERO_DENOMINATOR
            else:
                val, lo, hi, ist = tmean(n, O, S, half)
                # a lower limit under the measure's floor (0 re-offences per
                # member, 1 per re-offender) is cut at the floor, as yjpi does
                floor = 0.0 if ind == 'frequency_rate' else 1.0
                if ist == 0 and lo < floor:
                    lo = floor
    if st:
        val = lo = hi = 0.0
        ist = 0
    return (ind, area, label, st, num, den, val, lo, hi, ist, cs, ro, rs, nrel, co,
            popv, prov if reo else 0)


if __name__ == '__main__':
    main()
