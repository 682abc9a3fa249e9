// The benchmark job written in DuckDB SQL (the peer yjpi is measured against).
//
//   node peer_duckdb.mjs COHORT.csv REFERENCE.yaml OUT.csv
//
// (run `npm install` in this directory first).  The same definitions as yjpi
// (docs/indicators.md sections 1-6 and the conventions of
// include/yjpi/indicators.h): the cohort is read, validated, filtered and
// reduced to per-(area, financial quarter) counts in SQL; this script only
// reads the few reference keys it needs, adds the quarters up into financial
// years and "*", and computes the intervals (Poisson exact below 10 / Byar,
// Wilson, t), with the quantile functions written out below since node has
// none.  Writes the CSV columns yjpi-bench-job writes.
import { closeSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [csvPath, yamlPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error('usage: node peer_duckdb.mjs COHORT.csv REFERENCE.yaml OUT.csv');
  process.exit(2);
}

// ---- the reference: the keys the job needs (a small YAML subset) ----------
function readReference(path) {
  const ref = { options: {}, populations: new Map(), outcomeMap: new Map(), asOf: null };
  let section = null, area = null;
  const unq = (s) => s.trim().replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').replace(/^#.*$/, '');
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    const m = /^(\s*)("[^"]*"|'[^']*'|[^:]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = unq(m[2]), val = m[3].trim();
    if (indent === 0) {
      section = key;
      area = null;
      if (key === 'as_of') ref.asOf = val;
      continue;
    }
    if (section === 'options' && indent > 0) ref.options[key] = val;
    else if (section === 'outcome_map') ref.outcomeMap.set(key, unq(val));
    else if (section === 'populations') {
      if (indent === 2) area = key.includes('/') ? null : key;
      else if (area !== null && val !== '') ref.populations.set(`${area}|${key}`, Number(val));
    }
  }
  return ref;
}

const ref = readReference(yamlPath);
const opt = (k, d) => (ref.options[k] !== undefined ? ref.options[k] : d);
if (Number(opt('cohort_months', 3)) !== 3) {
  console.error('peer_duckdb: only cohort_months 3 is implemented');
  process.exit(1);
}
const ageBasis = opt('age_basis', 'offence_date');
const followup = Number(opt('followup_months', 12));
const waiting = Number(opt('waiting_months', 6));
const conf = Number(opt('confidence', 0.95));

const TIERS = {
  community_resolution: 0, triage: 0, no_further_action: 0,
  reprimand: 1, final_warning: 1, youth_caution: 1, youth_conditional_caution: 1,
  absolute_discharge: 2, conditional_discharge: 2, fine: 2, referral_order: 2,
  reparation_order: 2, other_first_tier: 2,
  youth_rehabilitation_order: 3, other_community: 3,
  detention_and_training_order: 4, long_term_detention: 4, other_custody: 4,
  informal: 0, pre_court: 1, first_tier: 2, community: 3, custody: 4,
};

// ---- SQL --------------------------------------------------------------------
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const q = async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJson();
const lit = (s) => `'${String(s).replace(/'/g, "''")}'`;

// outcome text -> tier: the outcome_map first, then the codes themselves
const labels = new Map(Object.entries(TIERS));
for (const [label, code] of ref.outcomeMap) {
  if (!(code in TIERS)) throw new Error(`outcome_map maps to unknown code ${code}`);
  labels.set(label, TIERS[code]);
}
await con.run(`CREATE TABLE codes(label VARCHAR, tier INTEGER)`);
await con.run(`INSERT INTO codes VALUES ${[...labels].map(([l, t]) => `(${lit(l)}, ${t})`).join(',')}`);

// The header line names the columns, in any order, with any number of
// columns the job does not use (case-management exports carry 20-40): the
// reader is given every column, typed when it is one of the job's and VARCHAR
// otherwise (renamed x1, x2, .. so that no name can clash), and only the
// job's columns are kept.  Names match as yjpi's do: trimmed, any case.
const COLS = {
  person_id: 'VARCHAR', birth_date: 'DATE', area: 'VARCHAR', offence_date: 'DATE',
  outcome_date: 'DATE', outcome: 'VARCHAR', release_date: 'DATE', sex: 'VARCHAR',
  ethnicity: 'VARCHAR', offence_type: 'VARCHAR', breach: 'INTEGER',
};
function headerNames(path) {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1 << 16);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  let line = buf.subarray(0, n).toString('utf8');
  const end = line.indexOf('\n');
  line = (end >= 0 ? line.slice(0, end) : line).replace(/\r$/, '').replace(/^\uFEFF/, '');
  const names = [];
  let cur = '', inq = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inq) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') inq = false;
      else cur += ch;
    } else if (ch === '"') inq = true;
    else if (ch === ',') { names.push(cur); cur = ''; }
    else cur += ch;
  }
  names.push(cur);
  return names.map((x) => x.trim().toLowerCase());
}
const fileCols = headerNames(csvPath);
for (const c of Object.keys(COLS))
  if (!fileCols.includes(c)) throw new Error(`peer_duckdb: no column ${c}`);
const seen = new Set();
const colSpec = fileCols.map((c, i) => {
  const known = c in COLS && !seen.has(c);
  seen.add(c);
  return `${lit(known ? c : `x${i + 1}`)}: ${lit(known ? COLS[c] : 'VARCHAR')}`;
}).join(', ');
await con.run(`CREATE TABLE raw AS SELECT ${Object.keys(COLS).join(', ')}
  FROM read_csv(${lit(csvPath)}, header = true,
  auto_detect = false, quote = '"', escape = '"', delim = ',',
  columns = {${colSpec}})`);

// validation (dates were checked by the reader)
const [bad] = await q(`SELECT
  count(*) FILTER (WHERE c.tier IS NULL) AS unknown_outcome,
  count(*) FILTER (WHERE person_id IS NULL OR area IS NULL OR birth_date IS NULL
                   OR offence_date IS NULL OR outcome_date IS NULL) AS empty,
  count(*) FILTER (WHERE birth_date > offence_date OR outcome_date < offence_date
                   OR (c.tier = 4 AND release_date < outcome_date)
                   OR coalesce(breach, 0) NOT IN (0, 1)) AS inconsistent
  FROM raw LEFT JOIN codes c ON c.label = raw.outcome`);
for (const [k, v] of Object.entries(bad))
  if (Number(v)) throw new Error(`peer_duckdb: ${v} rows: ${k}`);

const ageOn = ageBasis === 'outcome_date' ? 'outcome_date' : 'offence_date';
const ymd = (c) => `(year(${c}) * 10000 + month(${c}) * 100 + day(${c}))`;
const qkey = (c) => `((year(${c}) * 12 + month(${c}) - 4) // 3)`;
await con.run(`CREATE TABLE kept AS
  SELECT * FROM (
    SELECT raw.rowid AS rn, person_id, area, offence_date, outcome_date, c.tier,
           CASE WHEN c.tier = 4 THEN release_date END AS release_date,
           coalesce(breach, 0) AS breach,
           (${ymd(ageOn)} - ${ymd('birth_date')}) // 10000 AS age
    FROM raw JOIN codes c ON c.label = raw.outcome)
  WHERE tier > 0 AND age >= 10`);
await con.run(`DROP TABLE raw`);

const [span] = await q(`SELECT min(outcome_date)::VARCHAR AS first, max(outcome_date)::VARCHAR AS last,
  ${qkey('min(outcome_date)')} AS qlo, ${qkey('max(outcome_date)')} AS qhi, count(*) AS n FROM kept`);
const asOf = ref.asOf || span.last;

// everything below ends as counts per (area, quarter key)
const cells = await q(`
WITH
fte AS (
  SELECT area, ${qkey('outcome_date')} AS q, count(*) AS fte FROM (
    SELECT area, outcome_date, age FROM kept
    QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY outcome_date, offence_date, rn) = 1)
  WHERE age BETWEEN 10 AND 17 GROUP BY ALL),
occasions AS (
  SELECT area, ${qkey('outcome_date')} AS q, count(*) AS court,
         count(*) FILTER (WHERE tier = 4) AS cust FROM (
    SELECT area, outcome_date, age, tier FROM kept WHERE tier >= 2
    QUALIFY row_number() OVER (PARTITION BY person_id, outcome_date
                               ORDER BY tier DESC, offence_date, rn) = 1)
  WHERE age BETWEEN 10 AND 17 GROUP BY ALL),
norel AS (
  SELECT area, ${qkey('outcome_date')} AS q, count(*) AS norel FROM kept
  WHERE tier = 4 AND release_date IS NULL AND age BETWEEN 10 AND 17 GROUP BY ALL),
events AS (
  SELECT person_id, area, rn, outcome_date, offence_date,
         CASE WHEN tier = 4 THEN release_date ELSE outcome_date END AS idx
  FROM kept WHERE age BETWEEN 10 AND 17 AND (tier <> 4 OR release_date IS NOT NULL)),
members AS (
  SELECT person_id, area, idx, ${qkey('idx')} AS q,
         (idx + INTERVAL ${followup} MONTH)::DATE AS fu_end,
         (idx + INTERVAL ${followup + waiting} MONTH)::DATE AS wait_end
  FROM events
  QUALIFY row_number() OVER (PARTITION BY person_id, ${qkey('idx')}
                             ORDER BY idx, outcome_date, offence_date, rn) = 1),
counted AS (
  SELECT m.area, m.q, m.wait_end, count(r.rn) AS k
  FROM members m LEFT JOIN kept r
    ON r.person_id = m.person_id AND r.offence_date > m.idx AND r.offence_date <= m.fu_end
   AND r.outcome_date <= least(m.wait_end, DATE ${lit(asOf)}) AND r.breach = 0
  GROUP BY m.person_id, m.q, m.area, m.wait_end),
reo AS (
  SELECT area, q, count(*) AS c, count(*) FILTER (WHERE k > 0) AS r, sum(k) AS o,
         sum(k * k) AS s, bool_or(wait_end > DATE ${lit(asOf)}) AS p
  FROM counted GROUP BY ALL),
keys AS (SELECT area, q FROM fte UNION SELECT area, q FROM occasions
         UNION SELECT area, q FROM norel UNION SELECT area, q FROM reo)
SELECT keys.area, keys.q, coalesce(fte, 0) AS fte, coalesce(court, 0) AS court,
       coalesce(cust, 0) AS cust, coalesce(norel, 0) AS norel, coalesce(c, 0) AS c,
       coalesce(r, 0) AS r, coalesce(o, 0) AS o, coalesce(s, 0) AS s,
       coalesce(p, false) AS p
FROM keys LEFT JOIN fte USING (area, q) LEFT JOIN occasions USING (area, q)
  LEFT JOIN norel USING (area, q) LEFT JOIN reo USING (area, q)`);

const [{ areas: areaList }] = await q(`SELECT list(DISTINCT area ORDER BY area) AS areas FROM kept`);
con.closeSync();

// ---- periods, sums, values ---------------------------------------------------
const qlo = Number(span.qlo), qhi = Number(span.qhi);
const fy0 = Math.floor(qlo / 4), nq = (Math.floor(qhi / 4) - fy0 + 1) * 4;
const areasAll = [...areaList].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const labelsOut = [...areasAll, '*'];
const aix = new Map(areasAll.map((a, i) => [a, i]));
const FIELDS = ['fte', 'court', 'cust', 'norel', 'c', 'r', 'o', 's', 'p'];
const grid = {};
for (const f of FIELDS) grid[f] = new Float64Array(labelsOut.length * nq);
for (const row of cells) {
  const qi = Number(row.q) - 4 * fy0;
  if (qi < 0 || qi >= nq) continue;
  for (const ai of [aix.get(row.area), areasAll.length]) {
    for (const f of FIELDS) grid[f][ai * nq + qi] += f === 'p' ? (row.p ? 1 : 0) : Number(row[f]);
  }
}

const pad2 = (n) => String(n % 100).padStart(2, '0');
const dayNo = (y, m, d) => Date.UTC(y, m - 1, d) / 86400000;
function addMonths(days, n) {
  const t = new Date(days * 86400000);
  const y = t.getUTCFullYear(), m = t.getUTCMonth() + n, d = t.getUTCDate();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d, last)) / 86400000;
}
const asOfDays = (() => { const [y, m, d] = asOf.split('-').map(Number); return dayNo(y, m, d); })();
const periods = [];
for (let fy = Math.floor(qlo / 4); fy <= Math.floor(qhi / 4); fy++) {
  const name = `${String(fy).padStart(4, '0')}/${pad2(fy + 1)}`;
  periods.push({ name, fy, cols: [0, 1, 2, 3].map((i) => 4 * (fy - fy0) + i), end: dayNo(fy + 1, 4, 1) });
  for (let k = 0; k < 4; k++) {
    const key = 4 * fy + k;
    if (key >= qlo && key <= qhi)
      periods.push({ name: `${name} Q${k + 1}`, fy, cols: [key - 4 * fy0],
                     end: addMonths(dayNo(fy, 4, 1), 3 * (k + 1)) });
  }
}
const popOf = (area, year) => {
  if (area !== '*') return ref.populations.get(`${area}|${year}`);
  let sum = 0, any = false;
  for (const [k, v] of ref.populations) if (k.endsWith(`|${year}`)) { sum += v; any = true; }
  return any ? sum : undefined;
};

// ---- quantiles: normal, chi-square (even df), t ---------------------------
function lgamma(x) {  // Lanczos (g = 7, n = 9)
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028,
    771.32342877765313, -176.61503916999185, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
function bisect(f, lo, hi) {  // f decreasing, root in [lo, hi]
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (f(mid) > 0) lo = mid; else hi = mid;
  }
  return 0.5 * (lo + hi);
}
// upper tail of the standard normal: Q(1/2, z^2/2) / 2 from the gamma series
function normUpper(z) {
  const x = z * z / 2, a = 0.5;
  let term = 1 / a, sum = term;
  for (let n = 1; n < 500 && term > sum * 1e-17; n++) { term *= x / (a + n); sum += term; }
  const p = Math.exp(a * Math.log(x) - x - lgamma(a)) * sum;
  return 0.5 * (1 - p);
}
const zq = (tail) => bisect((z) => normUpper(z) - tail, 0, 40);
// chi-square with even df 2k: upper tail = P(Poisson(x/2) < k)
function chi2Upper(x, df) {
  const k = df / 2, m = x / 2;
  let term = Math.exp(-m), sum = term;
  for (let i = 1; i < k; i++) { term *= m / i; sum += term; }
  return sum;
}
const chi2Quantile = (upperTail, df) => bisect((x) => chi2Upper(x, df) - upperTail, 0, 1000);
// regularized incomplete beta by its continued fraction
function betacf(a, b, x) {
  const tiny = 1e-300;
  let c = 1, d = 1 - (a + b) * x / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d; h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}
function ibeta(a, b, x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const bt = Math.exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return bt * betacf(a, b, x) / a;
  return 1 - bt * betacf(b, a, 1 - x) / b;
}
const tUpper = (t, df) => 0.5 * ibeta(df / 2, 0.5, df / (df + t * t));
const tCache = new Map();
function tq(tail, df) {
  if (!tCache.has(df)) tCache.set(df, bisect((t) => tUpper(t, df) - tail, 0, 1e6));
  return tCache.get(df);
}

const half = (1 - conf) / 2;
const z = zq(half);
function poisson(x) {
  if (x < 10) {
    return [x === 0 ? 0 : chi2Quantile(1 - half, 2 * x) / 2, chi2Quantile(half, 2 * x + 2) / 2];
  }
  const x1 = x + 1;
  const bl = 1 - 1 / (9 * x) - z / (3 * Math.sqrt(x));
  const bu = 1 - 1 / (9 * x1) + z / (3 * Math.sqrt(x1));
  return [bl > 0 ? x * bl * bl * bl : 0, x1 * bu * bu * bu];
}
function wilson(x, n) {
  const z2 = z * z, a = 2 * x + z2, b = z * Math.sqrt(z2 + 4 * x * ((n - x) / n));
  let hi = x === n ? 1 : (a + b) / (2 * (n + z2));
  if (hi > 1) hi = 1;
  return [2 * x * x / (n * (a + b)), hi];
}
function tmean(n, s, ss) {
  const m = s / n;
  if (n < 2) return [m, m, m, 6];
  const dev = Math.max(ss - s * m, 0);
  const h = tq(half, n - 1) * Math.sqrt(dev / (n - 1) / n);
  return [m, m - h, m + h, 0];
}

const IND = ['fte_count', 'fte_rate', 'binary_rate', 'frequency_rate',
  'reoffences_per_reoffender', 'custody_count', 'custody_rate', 'custody_share'];
const fmt = (v) => {
  if (typeof v !== 'number' || Number.isInteger(v)) return String(v);
  return String(v);
};
const out = ['indicator,area,period,status,numerator,denominator,value,lower,upper,' +
  'interval_status,cohort_size,reoffenders,reoffences,custody_no_release,' +
  'court_occasions,population,provisional'];
for (const ind of IND) {
  for (let ai = 0; ai < labelsOut.length; ai++) {
    const area = labelsOut[ai];
    for (const p of periods) {
      const g = {};
      for (const f of FIELDS) g[f] = p.cols.reduce((acc, c) => acc + grid[f][ai * nq + c], 0);
      const reo = ['binary_rate', 'frequency_rate', 'reoffences_per_reoffender'].includes(ind);
      let st = 0, ist = 0, num = 0, den = 0, val = 0, lo = 0, hi = 0;
      let cs = 0, ro = 0, rs = 0, nrel = 0, co = 0, popv = 0, prov = 0;
      let pst = 0;
      const pop = popOf(area, p.fy);
      if (!reo) {
        if (pop === undefined) pst = 1;
        else if (!(pop > 0)) pst = 5;
        else popv = pop;
      }
      if (ind === 'fte_count' || ind === 'fte_rate' || ind === 'custody_count' || ind === 'custody_rate') {
        const x = ind.startsWith('fte') ? g.fte : g.cust;
        num = x;
        if (ind.startsWith('custody')) co = g.court;
        const [plo, phi] = poisson(x);
        if (ind.endsWith('count')) { val = x; lo = plo; hi = phi; }
        else if (pst) st = pst;
        else {
          const mult = ind === 'fte_rate' ? 100000 : 1000;
          den = pop; val = x / pop * mult; lo = plo * (mult / pop); hi = phi * (mult / pop);
        }
      } else if (ind === 'custody_share') {
        num = g.cust; co = g.court; den = g.court;
        if (!g.court) st = 3;
        else { val = 100 * g.cust / g.court; [lo, hi] = wilson(g.cust, g.court); lo *= 100; hi *= 100; }
      } else {
        cs = g.c; ro = g.r; rs = g.o; nrel = g.norel;
        prov = g.c > 0 ? (g.p > 0 ? 1 : 0)
          : (addMonths(p.end - 1, followup + waiting) > asOfDays ? 1 : 0);
        if (ind === 'binary_rate') {
          num = g.r; den = g.c;
          if (!g.c) st = 2;
          else { val = 100 * g.r / g.c; [lo, hi] = wilson(g.r, g.c); lo *= 100; hi *= 100; }
        } else {
          const n = ind === 'frequency_rate' ? g.c : g.r;
          num = g.o; den = n;
          if (!n) st = ind === 'frequency_rate' ? 2 : 3;
          else {
            [val, lo, hi, ist] = tmean(n, g.o, g.s);
            // a lower limit under the measure's floor (0 re-offences per
            // member, 1 per re-offender) is cut at the floor, as yjpi does
            const floor = ind === 'frequency_rate' ? 0 : 1;
            if (ist === 0 && lo < floor) lo = floor;
          }
        }
      }
      if (st) { val = lo = hi = 0; ist = 0; }
      out.push([ind, area, p.name, st, num, den, val, lo, hi, ist, cs, ro, rs, nrel, co, popv, prov]
        .map(fmt).join(','));
    }
  }
}
writeFileSync(outPath, out.join('\n') + '\n');
console.error(`peer_duckdb: kept ${span.n} values ${out.length - 1}`);
