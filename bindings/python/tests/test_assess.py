"""Assessments (assess.h) and cohort member lists (cohort.h) through the
bindings, checked against compute() and the statistics helpers."""

import json
import os
import subprocess
import sys
import unittest

import yjpi

from . import support


@support.needs_sample
@support.needs_function("yjpi_assess")
class AssessTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ref = yjpi.Reference.load(support.SAMPLE_REF)
        cls.ds = yjpi.Dataset.from_csv(support.SAMPLE_CSV, reference=cls.ref)

    @classmethod
    def tearDownClass(cls):
        cls.ds.close()
        cls.ref.close()

    def test_values_and_change_agree_with_compute(self):
        a = self.ds.assess("fte_count", "2024/25", "E06000001")
        now = self.ds.indicator("fte_count", "2024/25", "E06000001")
        before = self.ds.indicator("fte_count", "2023/24", "E06000001")
        self.assertEqual(a.value.value, now.value)
        self.assertEqual(a.previous.value, before.value)
        self.assertEqual(a.previous.period, "2023/24")
        c = a.change_previous
        self.assertEqual((c.from_period, c.to_period), ("2023/24", "2024/25"))
        self.assertAlmostEqual(c.absolute, now.value - before.value)
        self.assertAlmostEqual(c.percent, 100 * (now.value - before.value)
                               / before.value)
        # counts without a population: exact test with equal exposures
        t = yjpi.test_rates(int(now.value), 1, int(before.value), 1)
        self.assertAlmostEqual(c.p_value, t.p_value, places=12)
        self.assertEqual(c.significant, t.p_value < c.level)
        # lower is better for every national indicator
        expect = ("improved" if now.value < before.value else "worsened"
                  if now.value > before.value else "unchanged")
        self.assertEqual(c.direction, expect)

    def test_proportion_change_uses_the_two_proportion_test(self):
        a = self.ds.assess("binary_rate", "2022/23", "*")
        v, p = a.value, a.previous
        self.assertTrue(a.change_previous.points)
        t = yjpi.test_proportions(v.numerator, int(v.denominator),
                                  p.numerator, int(p.denominator))
        self.assertAlmostEqual(a.change_previous.p_value, t.p_value,
                               places=12)

    def test_benchmarks_targets_trend_rag(self):
        a = self.ds.assess("fte_count", "2024/25", "*")
        # the sample's target: fte_count 2024/25 down by at least 5%
        self.assertEqual([t.kind for t in a.targets], ["change_max"])
        t = a.targets[0]
        self.assertAlmostEqual(t.actual, a.change_previous.percent)
        self.assertEqual(t.verdict, "met" if t.actual <= -5 else "not met")
        self.assertEqual(a.target_verdict, t.verdict)
        self.assertEqual(a.rag.basis, "target")
        self.assertEqual(a.rag.rag, "red" if t.verdict == "not met"
                         else a.rag.rag)
        self.assertEqual(len(a.trend_points), 5)
        self.assertEqual(a.trend_points[-1].period, "2024/25")
        self.assertEqual(a.trend.first, "2020/21")
        r = self.ds.assess("fte_rate", "2024/25", "E06000001")
        names = [b.name for b in r.benchmarks]
        self.assertIn("England and Wales", names)
        for b in r.benchmarks:
            with self.subTest(benchmark=b.name):
                inside = r.value.lower <= b.benchmark <= r.value.upper
                self.assertEqual(b.verdict == "similar", inside)

    def test_reoffending_trend_over_provisional_cohorts(self):
        # as_of 2025-05-31: 2023/24 and 2024/25 are provisional cohorts, so
        # a trend ending at 2024/25 is not assessed; 2022/23 (the latest
        # final cohort) has five final points 2018/19..2022/23.
        a = self.ds.assess("binary_rate", "2024/25", "*")
        self.assertTrue(a.value.provisional)
        self.assertIsNone(a.trend.verdict)
        self.assertEqual(a.trend.status, "provisional_point")
        b = self.ds.assess("binary_rate", "2022/23", "*")
        self.assertFalse(b.value.provisional)
        self.assertIsNone(b.trend.status)
        self.assertEqual(b.trend.first, "2018/19")
        self.assertIsNotNone(b.trend.verdict)

    def test_assess_areas(self):
        rs = self.ds.assess_areas("custody_share", "2024/25")
        self.assertEqual([a.area for a in rs],
                         self.ds.areas + ["*"])
        one = self.ds.assess("custody_share", "2024/25", "E06000002")
        self.assertEqual(rs[1], one)
        self.assertEqual(len(rs.to_records()), 4)

    def test_errors_and_lifetime(self):
        with self.assertRaises(yjpi.ArgumentError):
            self.ds.assess("nope", "2024/25")
        with self.assertRaises(yjpi.PeriodError):
            self.ds.assess("fte_count", "2024/26")
        with yjpi.Dataset() as ds:
            with self.assertRaises(yjpi.StateError):
                ds.assess("fte_count", "2024/25")
        ds2 = yjpi.Dataset.from_csv(support.SAMPLE_CSV, reference=self.ref)
        a = ds2.assess("fte_count", "2024/25")
        ds2.close()
        with self.assertRaises(yjpi.StateError):
            ds2.assess("fte_count", "2024/25")
        self.assertEqual(a.value.indicator, "fte_count")   # still readable


@support.needs_sample
@support.needs_function("yjpi_cohort_build")
class CohortTest(unittest.TestCase):
    def test_members_add_up_to_compute(self):
        with yjpi.Reference.load(support.SAMPLE_REF) as ref, \
                yjpi.Dataset.from_csv(support.SAMPLE_CSV, reference=ref) as ds:
            for area in ("E06000002", "*"):
                c = ds.cohort("2023/24", area)
                v = ds.indicator("binary_rate", "2023/24", area)
                with self.subTest(area=area):
                    self.assertEqual(c.size, v.cohort_size)
                    self.assertEqual(len(c.members), c.size)
                    self.assertEqual(c.reoffenders, v.reoffenders)
                    self.assertEqual(c.reoffences, v.reoffences)
                    self.assertEqual(sum(m.reoffences for m in c.members),
                                     v.reoffences)
                    self.assertEqual(sum(1 for m in c.members
                                         if m.reoffences), v.reoffenders)
                    self.assertEqual(c.subcohorts, 4)   # pooled quarters
                    self.assertEqual(c.provisional, v.provisional)
                    self.assertEqual(c.as_of, ref.as_of)
            m = c.members[0]
            self.assertEqual(yjpi.add_months(m.index_date, 12),
                             m.followup_end)


@support.needs_sample
class ExampleScriptTest(unittest.TestCase):
    SCRIPT = os.path.join(support.PY_ROOT, "examples", "report.py")

    def run_report(self, *args):
        return subprocess.run([sys.executable, self.SCRIPT] + list(args),
                              check=True, capture_output=True, text=True,
                              env=dict(os.environ)).stdout

    def test_json_matches_the_api(self):
        rows = json.loads(self.run_report("--format", "json", "--period",
                                          "2023/24"))
        with yjpi.Reference.load(support.SAMPLE_REF) as ref, \
                yjpi.Dataset.from_csv(support.SAMPLE_CSV, reference=ref) as ds:
            values = ds.compute(periods="2023/24")
        self.assertEqual(len(rows), len(values))
        for row, v in zip(rows, values):
            self.assertEqual((row["indicator"], row["area"], row["period"]),
                             (v.indicator, v.area, v.period))
            for k in ("value", "lower", "upper"):
                self.assertEqual(row[k], getattr(v, k))   # unrounded

    def test_text_table(self):
        out = self.run_report()
        self.assertIn("9000 rows read", out)
        self.assertIn("First time entrants", out)
        self.assertIn("All areas", out)


if __name__ == "__main__":
    unittest.main()
