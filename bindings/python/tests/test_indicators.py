"""Indicators through the bindings, checked against numbers recomputed here
in pure Python from the same inputs (docs/indicators.md)."""

import csv
import datetime
import math
import unittest

import yjpi

from . import support

# Outcome tiers (spec cohort-file.md)
TIERS = {
    "community_resolution": "informal", "triage": "informal",
    "no_further_action": "informal",
    "reprimand": "pre_court", "final_warning": "pre_court",
    "youth_caution": "pre_court", "youth_conditional_caution": "pre_court",
    "absolute_discharge": "first_tier", "conditional_discharge": "first_tier",
    "fine": "first_tier", "referral_order": "first_tier",
    "reparation_order": "first_tier", "other_first_tier": "first_tier",
    "youth_rehabilitation_order": "community", "other_community": "community",
    "detention_and_training_order": "custody",
    "long_term_detention": "custody", "other_custody": "custody",
}
for _t in ("informal", "pre_court", "first_tier", "community", "custody"):
    TIERS[_t] = _t


def py_age(birth, on):
    """Whole years completed; a 29 February birthday counts as 1 March in
    non-leap years (spec section 1)."""
    years = on.year - birth.year
    bm, bd = birth.month, birth.day
    if (bm, bd) == (2, 29):
        leap = on.year % 4 == 0 and (on.year % 100 != 0 or on.year % 400 == 0)
        if not leap:
            bm, bd = 3, 1
    if (on.month, on.day) < (bm, bd):
        years -= 1
    return years


def py_fte_counts(csv_path, ref, period):
    """FTE count per area for `period`, straight from the spec: a person's
    earliest formal outcome (by outcome_date, then offence_date) counts when
    its outcome_date is in the period and the person was 10-17 on the
    offence date; the area is that row's.  Local labels are mapped with the
    reference's outcome_map."""
    date = datetime.date.fromisoformat
    first = {}
    with open(csv_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = ref.map_outcome(row["outcome"]) or row["outcome"]
            tier = TIERS[code]
            if tier == "informal":
                continue
            birth = date(row["birth_date"])
            off, out = date(row["offence_date"]), date(row["outcome_date"])
            if py_age(birth, off) < 10:
                continue   # excluded rows are not kept
            key = (out, off)
            pid = row["person_id"]
            if pid not in first or key < first[pid][0]:
                first[pid] = (key, row["area"], py_age(birth, off))
    counts = {}
    for (out, off), area, age in first.values():
        if period.start <= out < period.end and 10 <= age <= 17:
            counts[area] = counts.get(area, 0) + 1
    return counts


SMALL = support.SMALL_CSV


class SmallDatasetTest(unittest.TestCase):
    """Hand-checkable numbers on support.SMALL_CSV."""

    def setUp(self):
        self.ref = yjpi.Reference()
        self.ref.set_population("A1", 2014, 1000)
        self.ref.as_of = "2016-12-31"
        self.ds = yjpi.Dataset.from_csv_text(SMALL, reference=self.ref)

    def tearDown(self):
        self.ds.close()
        self.ref.close()

    def test_fte(self):
        # A1 in 2014/15: P1 (caution 2014-05-10) and P3 (referral order
        # 2014-04-02); P2's first outcome is 2014-01-15 (2013/14).
        v = self.ds.indicator("fte_count", "2014/15", area="A1")
        self.assertEqual((v.value, v.numerator), (2, 2))
        self.assertEqual(v.indicator, "fte_count")
        self.assertEqual((v.area, v.period, v.group), ("A1", "2014/15", None))
        self.assertIsNone(v.status)
        self.assertTrue(v.computable)
        lo, hi = yjpi.poisson(2)
        self.assertAlmostEqual(v.lower, lo, places=12)
        self.assertAlmostEqual(v.upper, hi, places=12)
        r = self.ds.indicator("fte_rate", "2014/15", area="A1")
        self.assertAlmostEqual(r.value, 2 / 1000 * 100000, places=9)
        self.assertEqual(r.population, 1000)
        # no population for B2: not computable, with the reason
        b = self.ds.indicator("fte_rate", "2014/15", area="B2")
        self.assertEqual(b.status, "no_population")
        self.assertFalse(b.computable)
        for x in (b.value, b.lower, b.upper):
            self.assertTrue(math.isnan(x))
        self.assertTrue(b.status_text)

    def test_compute_orders_and_filters(self):
        rs = self.ds.compute(periods=["2014/15", "2013/14"],
                             indicators=["fte_count", "custody_count"],
                             areas=["A1", "*"])
        keys = [(v.indicator, v.area, v.period) for v in rs]
        self.assertEqual(keys, [
            ("fte_count", "A1", "2014/15"), ("fte_count", "A1", "2013/14"),
            ("fte_count", "*", "2014/15"), ("fte_count", "*", "2013/14"),
            ("custody_count", "A1", "2014/15"),
            ("custody_count", "A1", "2013/14"),
            ("custody_count", "*", "2014/15"),
            ("custody_count", "*", "2013/14")])
        recs = rs.to_records()
        self.assertEqual(len(recs), 8)
        self.assertEqual(recs[0]["indicator"], "fte_count")
        self.assertNotIn("_raw", recs[0])
        self.assertIsInstance(recs[0]["provisional"], bool)

    def test_all_indicators_default_areas(self):
        rs = self.ds.compute(periods="2014/15")
        self.assertEqual(len(rs), 8 * 3)   # 8 indicators x (A1, B2, *)
        self.assertEqual([v.area for v in rs[:3]], ["A1", "B2", "*"])

    def test_breakdown_by_sex(self):
        b = self.ds.breakdown("fte_count", "2014/15", area="*", by="sex")
        # 2014/15 FTEs: P1 (M), P3 (M), P4 (F, B2)
        self.assertEqual({g: v.value for g, v in b.items()},
                         {"F": 1, "M": 2})
        self.assertEqual(b.total.value, 3)
        self.assertEqual(b["M"].breakdown, "sex")
        self.assertEqual(len(b.to_records()), 2)

    def test_bad_arguments(self):
        with self.assertRaises(yjpi.ArgumentError):
            self.ds.compute(periods=[])
        with self.assertRaises(yjpi.ArgumentError):
            self.ds.compute(periods="2014/15", indicators=["nope"])
        with self.assertRaises(yjpi.ArgumentError):
            self.ds.compute(periods="2014/15", breakdown="shoe_size")
        with self.assertRaises(yjpi.ArgumentError):
            self.ds.compute(periods="2014/15", confidence=1.5)
        with self.assertRaises(yjpi.PeriodError):
            self.ds.compute(periods="2014/16")
        with self.assertRaises(yjpi.ArgumentError):
            self.ds.compute(periods="2014/15", areas=[None])

    def test_to_pandas_only_with_pandas(self):
        rs = self.ds.compute(periods="2014/15", indicators="fte_count")
        try:
            import pandas  # noqa: F401
        except ImportError:
            with self.assertRaises(ImportError):
                rs.to_pandas()
        else:
            df = rs.to_pandas()
            self.assertEqual(len(df), len(rs))


@support.needs_sample
class SampleAgreementTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ref = yjpi.Reference.load(support.SAMPLE_REF)
        cls.ds = yjpi.Dataset.from_csv(support.SAMPLE_CSV, reference=cls.ref)

    @classmethod
    def tearDownClass(cls):
        cls.ds.close()
        cls.ref.close()

    def test_fte_counts_recomputed_in_python(self):
        for ptext in ("2023/24", "2024/25 Q2"):
            period = yjpi.Period.parse(ptext)
            expected = py_fte_counts(support.SAMPLE_CSV, self.ref, period)
            rs = self.ds.compute(periods=ptext, indicators="fte_count")
            got = {v.area: int(v.value) for v in rs if v.area != "*"}
            with self.subTest(period=ptext):
                self.assertEqual(got, {a: expected.get(a, 0)
                                       for a in self.ds.areas})
                total = [v for v in rs if v.area == "*"][0]
                self.assertEqual(total.value, sum(expected.values()))
                self.assertGreater(total.value, 0)

    def test_rates_agree_with_counts_and_populations(self):
        p = yjpi.Period.parse("2023/24")
        for area in self.ds.areas:
            pop = self.ref.population(area, p.population_year)
            fte = self.ds.indicator("fte_count", p, area)
            rate = self.ds.indicator("fte_rate", p, area)
            with self.subTest(area=area):
                self.assertEqual(rate.population, pop)
                self.assertAlmostEqual(rate.value,
                                       fte.value / pop * 100000, places=9)
                # the rate's interval is the count's scaled
                self.assertAlmostEqual(rate.lower,
                                       fte.lower / pop * 100000, places=9)
                self.assertAlmostEqual(rate.upper,
                                       fte.upper / pop * 100000, places=9)
                cust = self.ds.indicator("custody_count", p, area)
                crate = self.ds.indicator("custody_rate", p, area)
                self.assertAlmostEqual(crate.value,
                                       cust.value / pop * 1000, places=9)

    def test_proportions_use_wilson(self):
        for name in ("binary_rate", "custody_share"):
            v = self.ds.indicator(name, "2023/24", "*")
            with self.subTest(indicator=name):
                n = int(v.denominator)
                self.assertGreater(n, 0)
                self.assertAlmostEqual(v.value, 100 * v.numerator / n,
                                       places=9)
                lo, hi = yjpi.wilson(v.numerator, n, v.confidence)
                self.assertAlmostEqual(v.lower, 100 * lo, places=9)
                self.assertAlmostEqual(v.upper, 100 * hi, places=9)
        b = self.ds.indicator("binary_rate", "2023/24", "*")
        self.assertEqual(b.cohort_size, b.denominator)
        self.assertEqual(b.reoffenders, b.numerator)
        f = self.ds.indicator("frequency_rate", "2023/24", "*")
        self.assertAlmostEqual(f.value, f.reoffences / f.cohort_size, places=9)

    def test_confidence_level(self):
        v95 = self.ds.indicator("binary_rate", "2023/24")
        v998 = self.ds.indicator("binary_rate", "2023/24", confidence=0.998)
        self.assertEqual(v998.confidence, 0.998)
        self.assertEqual(v95.value, v998.value)
        self.assertLess(v998.lower, v95.lower)
        self.assertGreater(v998.upper, v95.upper)

    def test_breakdowns_add_up(self):
        for by in ("sex", "age", "age_band", "ethnicity", "offence_type",
                   "area"):
            b = self.ds.breakdown("fte_count", "2023/24", by=by)
            with self.subTest(by=by):
                self.assertEqual(sum(v.value for v in b.values()),
                                 b.total.value)
                self.assertEqual(list(b), sorted(b, key=lambda s: s.encode()))

    def test_disproportionality(self):
        ds = self.ds.disproportionality("fte_count", "2023/24")
        by = {d.group: d for d in ds}
        self.assertEqual(by["White"].rri, 1.0)   # the reference group
        total = sum(d.count for d in ds)
        fte = self.ds.indicator("fte_count", "2023/24")
        self.assertEqual(total, fte.value)
        for d in ds:
            if d.status is None and d.group != "White":
                w = by["White"]
                with self.subTest(group=d.group):
                    rri = (d.count / d.population) / (w.count / w.population)
                    self.assertAlmostEqual(d.rri, rri, places=9)
                    # log method, 95%
                    se = math.sqrt(1 / d.count + 1 / w.count)
                    self.assertAlmostEqual(
                        d.rri_lower, math.exp(math.log(rri) - 1.959964 * se),
                        places=5)
        self.assertEqual(ds.to_records()[0]["group"], ds[0].group)

    def test_history_short_and_provisional_flags(self):
        # history_start 2012-04-01 with the default 8-year lookback: FTE
        # periods starting before 2020-04-01 are flagged, later ones not;
        # reoffending cohorts whose follow-up and waiting run past as_of
        # (2025-05-31) are provisional (2023/24 Q4: 2024-03-31 + 18 months
        # = 2025-09-30), 2022/23 is final (2023-03-31 + 18 = 2024-09-30).
        self.assertTrue(self.ds.indicator("fte_count", "2019/20").history_short)
        self.assertFalse(self.ds.indicator("fte_count",
                                           "2020/21").history_short)
        self.assertTrue(self.ds.indicator("binary_rate", "2024/25").provisional)
        self.assertTrue(self.ds.indicator("binary_rate", "2023/24").provisional)
        self.assertFalse(self.ds.indicator("binary_rate",
                                           "2022/23").provisional)

    def test_coverage_flags(self):
        # as_of 2025-05-31: 2025/26 is partial, covered to as_of, and its
        # FTE count is the count of 1 April - 31 May 2025 only; 2024/25 is
        # complete; 2011/12 starts before history_start (2012-04-01);
        # 2027/28 starts after as_of: an error, not zeros.
        v = self.ds.indicator("fte_count", "2025/26")
        self.assertTrue(v.partial)
        self.assertEqual(v.covered_to, datetime.date(2025, 5, 31))
        self.assertFalse(v.before_data)
        stretch = self.ds.indicator("fte_count", "2025-04-01..2025-05-31")
        self.assertFalse(stretch.partial)
        self.assertEqual(v.value, stretch.value)
        full = self.ds.indicator("fte_count", "2024/25")
        self.assertFalse(full.partial)
        self.assertIsNone(full.covered_to)
        self.assertTrue(self.ds.indicator("fte_count", "2011/12").before_data)
        with self.assertRaises(yjpi.Error) as cm:
            self.ds.indicator("fte_count", "2027/28")
        self.assertIn("period 2027/28 starts after the data's as_of date "
                      "2025-05-31", str(cm.exception))


if __name__ == "__main__":
    unittest.main()
