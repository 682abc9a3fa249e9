"""Python that behaves as analysts expect: NaN for values that cannot be
computed, unknown areas refused, results fetched column-wise, DataFrames
with labelled totals, sortable periods and units."""

import math
import unittest

import yjpi

from . import support
from .support import SMALL_CSV

try:
    import pandas
except ImportError:  # pandas is optional
    pandas = None

needs_pandas = unittest.skipUnless(pandas is not None, "pandas not installed")


def make():
    ref = yjpi.Reference()
    ref.set_population("A1", 2014, 1000)
    ds = yjpi.Dataset.from_csv_text(SMALL_CSV, reference=ref)
    return ref, ds


class NanTest(unittest.TestCase):
    def setUp(self):
        self.ref, self.ds = make()

    def tearDown(self):
        self.ds.close()
        self.ref.close()

    def test_not_computable_value_is_nan_with_its_status(self):
        v = self.ds.indicator("fte_rate", "2014/15", area="B2")
        self.assertEqual(v.status, "no_population")
        for x in (v.value, v.lower, v.upper):
            self.assertTrue(math.isnan(x), x)
        # a computed one is a number
        w = self.ds.indicator("fte_rate", "2014/15", area="A1")
        self.assertIsNone(w.status)
        self.assertAlmostEqual(w.value, 200.0)

    def test_breakdown_without_group_populations_is_all_nan(self):
        b = self.ds.breakdown("fte_rate", "2014/15", area="A1", by="sex")
        self.assertTrue(b)
        for g, v in b.items():
            self.assertEqual(v.status, "no_population", g)
            self.assertTrue(math.isnan(v.value))
        # a mean over the groups is not dragged down by zeros
        rs = self.ds.compute("2014/15", indicators=["fte_rate"], areas=["A1"],
                             breakdown="sex")
        vals = [v.value for v in rs if not math.isnan(v.value)]
        self.assertEqual(vals, [200.0])

    def test_uncomputable_rri_is_nan(self):
        d = self.ds.disproportionality("fte_count", "2014/15", area="A1")
        self.assertTrue(d)
        for x in d:
            self.assertIsNotNone(x.status)       # no ethnic populations
            self.assertTrue(math.isnan(x.rri))
            self.assertTrue(math.isnan(x.rri_lower))

    def test_uncomputable_trend_statistics_are_nan(self):
        a = self.ds.assess("fte_rate", "2014/15", area="B2")
        self.assertEqual(a.value.status, "no_population")
        self.assertTrue(math.isnan(a.value.value))
        self.assertIsNotNone(a.trend.status)
        self.assertTrue(math.isnan(a.trend.p_value))
        self.assertTrue(math.isnan(a.change_previous.absolute))

    def test_unknown_area_raises(self):
        with self.assertRaises(yjpi.UnknownAreaError) as cm:
            self.ds.indicator("fte_count", "2014/15", area="A9")
        self.assertIsInstance(cm.exception, KeyError)
        self.assertIsInstance(cm.exception, yjpi.NotFoundError)
        self.assertIn("A9", str(cm.exception))
        self.assertIn("A1", str(cm.exception))        # did you mean
        for call in (
                lambda: self.ds.compute("2014/15", areas=["A1", "Z"]),
                lambda: self.ds.breakdown("fte_count", "2014/15", area="Z"),
                lambda: self.ds.disproportionality("fte_count", "2014/15",
                                                   area="Z"),
                lambda: self.ds.assess("fte_count", "2014/15", area="Z"),
                lambda: self.ds.assess_areas("fte_count", "2014/15",
                                             areas=["Z"]),
                lambda: self.ds.cohort("2014/15", area="Z")):
            with self.assertRaises(yjpi.UnknownAreaError):
                call()

    def test_area_in_the_reference_only_is_a_zero(self):
        self.ref.set_population("C3", 2014, 500)
        v = self.ds.indicator("fte_rate", "2014/15", area="C3")
        self.assertIsNone(v.status)
        self.assertEqual(v.value, 0.0)
        # without the reference it is unknown
        with self.assertRaises(yjpi.UnknownAreaError):
            self.ds.indicator("fte_rate", "2014/15", area="C3",
                              reference=None)


class ResultListTest(unittest.TestCase):
    def setUp(self):
        self.ref, self.ds = make()
        self.rs = self.ds.compute(["2013/14", "2014/15"], breakdown="sex")

    def tearDown(self):
        self.ds.close()
        self.ref.close()

    def test_slices_are_result_lists(self):
        part = self.rs[1:4]
        self.assertIsInstance(part, yjpi.ResultList)
        self.assertEqual(list(part), list(self.rs)[1:4])
        self.assertIs(part.sources, self.rs.sources)
        self.assertIsInstance(self.rs[0], yjpi.Value)

    def test_refuses_other_items(self):
        for bad in (lambda: self.rs.append(1),
                    lambda: self.rs.extend(["x"]),
                    lambda: self.rs.insert(0, None),
                    lambda: self.rs.__setitem__(0, 2.0)):
            with self.assertRaises(TypeError):
                bad()
        with self.assertRaises(TypeError):
            yjpi.ResultList([1, 2])

    def test_column_fetch_equals_one_by_one(self):
        # Values fetched in one call equal those rebuilt one by one from
        # their structs (the slow path).
        for v in self.rs:
            again = yjpi.Value._from_struct(v._struct(), area=v.area)
            again = again.__class__(**{**again.__dict__, "group": v.group})
            a, b = v.to_record(), again.to_record()
            for k in a:
                x, y = a[k], b[k]
                if isinstance(x, float) and math.isnan(x):
                    self.assertTrue(math.isnan(y), k)
                else:
                    self.assertEqual(x, y, k)

    def test_short_repr(self):
        big = self.ds.compute(["2013/14", "2014/15"], breakdown="sex")
        self.assertLess(len(repr(big)), 400)
        self.assertLess(len(repr(big[0])), 200)


@needs_pandas
class PandasOutTest(unittest.TestCase):
    def setUp(self):
        self.ref, self.ds = make()

    def tearDown(self):
        self.ds.close()
        self.ref.close()

    def test_frame(self):
        rs = self.ds.compute(["2014/15", "2013/14"], breakdown="sex")
        df = rs.to_pandas()
        self.assertEqual(len(df), len(rs))
        self.assertEqual(list(df.columns[:7]),
                         ["indicator", "area", "period", "period_start",
                          "period_end", "group", "breakdown"])
        # totals are labelled and kept by groupby
        self.assertFalse(df["group"].isna().any())
        self.assertIn("all", set(df["group"]))
        n_groups = df.groupby("group").ngroups
        self.assertEqual(n_groups, len(set(v.group for v in rs)))
        # not computable: NaN, status beside it
        nc = df[df["status"].notna()]
        self.assertTrue(len(nc) > 0)
        self.assertTrue(nc["value"].isna().all())
        self.assertTrue(df[df["status"].isna()]["value"].notna().all())
        # periods sort by time; dates beside the label
        s = df.sort_values("period")
        self.assertEqual(list(s["period"].astype(str).unique()),
                         ["2013/14", "2014/15"])
        row = df[df["period"] == "2014/15"].iloc[0]
        self.assertEqual(str(row["period_start"].date()), "2014-04-01")
        self.assertEqual(str(row["period_end"].date()), "2015-03-31")
        # units
        units = dict(zip(df["indicator"], df["unit"]))
        self.assertEqual(units["fte_rate"], "per 100,000 aged 10-17")
        self.assertEqual(units["custody_rate"], "per 1,000 aged 10-17")

    def test_fast_frame_equals_frame_of_the_values(self):
        rs = self.ds.compute(["2014/15", "2013/14"], breakdown="sex")
        fast = rs.to_pandas()
        slow = yjpi.ResultList(list(rs), kind=yjpi.Value).to_pandas()
        self.assertEqual(list(fast.columns), list(slow.columns))
        pandas.testing.assert_frame_equal(fast, slow, check_dtype=False,
                                          check_categorical=False)

    def test_changed_list_converts_its_own_items(self):
        rs = self.ds.compute("2014/15")
        part = rs[:2]
        self.assertEqual(len(part.to_pandas()), 2)
        rs.reverse()
        df = rs.to_pandas()
        self.assertEqual(df["indicator"].iloc[0], rs[0].indicator)

    def test_breakdown_to_pandas(self):
        b = self.ds.breakdown("fte_count", "2014/15", by="sex")
        df = b.to_pandas()
        self.assertEqual(len(df), len(b) + 1)
        self.assertEqual(df["group"].iloc[-1], "all")

    def test_to_pandas_of_many_values_equals_the_value_path(self):
        # the column-wise frame (straight from the copied C array) and the
        # frame built from the Value objects agree on every cell; their
        # speed is measured in tests/bench/python_bench.py, not here
        ref = yjpi.Reference()
        ds = yjpi.Dataset.from_csv_text(_many_areas(600), reference=ref)
        periods = ["%d/%02d" % (y, (y + 1) % 100) for y in range(2009, 2011)]
        rs = ds.compute(periods)
        self.assertGreaterEqual(len(rs), 9000)
        fast = rs.to_pandas()
        slow = yjpi.ResultList(list(rs), kind=yjpi.Value).to_pandas()
        self.assertEqual(list(fast.columns), list(slow.columns))
        pandas.testing.assert_frame_equal(fast, slow, check_dtype=False,
                                          check_categorical=False)
        ds.close()
        ref.close()


@support.needs_sample
class AssessmentOutTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ref = yjpi.Reference.load(support.SAMPLE_REF)
        cls.ds = yjpi.Dataset.from_csv(support.SAMPLE_CSV, reference=cls.ref)

    @classmethod
    def tearDownClass(cls):
        cls.ds.close()
        cls.ref.close()

    def test_record_keeps_benchmarks_p_values_previous(self):
        a = self.ds.assess("fte_rate", "2023/24", area="E06000001")
        self.assertTrue(a.benchmarks)
        rec = a.to_record()
        self.assertEqual(rec["previous"], a.previous.value)
        self.assertEqual(rec["previous_period"], "2022/23")
        self.assertEqual(rec["year_earlier"], a.year_earlier.value)
        self.assertIn("change_previous_p_value", rec)
        p = rec["change_previous_p_value"]
        self.assertTrue(math.isnan(p) or 0 <= p <= 1)
        for bm in a.benchmarks:
            self.assertIn("benchmark:" + bm.name, rec)
            self.assertIn("benchmark:%s:verdict" % bm.name, rec)
        self.assertEqual(a.to_records(), [rec])
        rl = self.ds.assess_areas("fte_rate", "2023/24")
        self.assertEqual(len(rl.to_records()), len(rl))
        self.assertIn("previous", rl.to_records()[0])

    def test_short_reprs(self):
        a = self.ds.assess("fte_rate", "2023/24", area="E06000001")
        self.assertLess(len(repr(a)), 200)
        c = self.ds.cohort("2022/23")
        self.assertLess(len(repr(c)), 200)
        self.assertLess(len(repr(self.ds.assess_areas("fte_rate",
                                                      "2023/24"))), 600)

    def test_html_tables(self):
        import html.parser

        class Check(html.parser.HTMLParser):
            def __init__(self):
                super().__init__()
                self.stack = []
                self.rows = 0

            def handle_starttag(self, tag, attrs):
                self.stack.append(tag)
                self.rows += tag == "tr"

            def handle_endtag(self, tag):
                assert self.stack.pop() == tag, tag

        def check(h):
            c = Check()
            c.feed(h)
            self.assertEqual(c.stack, [])
            return c.rows

        rl = self.ds.assess_areas("fte_rate", "2023/24")
        h = rl._repr_html_()
        self.assertEqual(check(h), min(len(rl), 20) + 1)
        rated = [a for a in rl if a.rag.rag]
        self.assertTrue(rated)
        a = rated[0]
        self.assertIn("background:", a._repr_html_())
        self.assertIn(">%s<" % a.rag.rag, a._repr_html_())
        check(a._repr_html_())
        rs = self.ds.compute("2023/24")
        h = rs._repr_html_()
        self.assertEqual(check(h), 21)
        self.assertIn("%d more rows" % (len(rs) - 20), h)
        self.assertIn("<td>E06000001</td>", h)
        c = self.ds.cohort("2022/23")
        self.assertIn("%d members" % c.size, c._repr_html_())
        check(c._repr_html_())
        h = self.ds._repr_html_()
        check(h)
        self.assertIn(str(self.ds.counts.kept), h)

    @needs_pandas
    def test_cohort_to_pandas(self):
        c = self.ds.cohort("2022/23")
        df = c.to_pandas()
        self.assertEqual(len(df), len(c.members))
        self.assertEqual(int(df["reoffences"].sum()), c.reoffences)
        self.assertEqual(str(df["index_date"].dtype)[:10], "datetime64")


class ConvenienceTest(unittest.TestCase):
    def test_missing_file_is_file_not_found(self):
        import errno
        import pathlib
        for call, path in (
                (yjpi.Dataset.from_csv, "/nonexistent/cohort.csv"),
                (yjpi.Reference.load, pathlib.Path("/nonexistent/r.yaml"))):
            with self.assertRaises(FileNotFoundError) as cm:
                call(path)
            e = cm.exception
            self.assertIsInstance(e, yjpi.FileAccessError)
            self.assertEqual(e.errno, errno.ENOENT)
            self.assertEqual(e.filename, str(path))

    @support.needs_sample
    def test_reference_as_a_path(self):
        import pathlib
        for ref in (support.SAMPLE_REF, pathlib.Path(support.SAMPLE_REF)):
            ds = yjpi.Dataset.from_csv(support.SAMPLE_CSV, reference=ref)
            self.assertIsInstance(ds.reference, yjpi.Reference)
            v = ds.indicator("fte_rate", "2023/24", reference=ref)
            self.assertIsNone(v.status)
            ds.close()
        with self.assertRaises(TypeError):
            yjpi.Dataset(reference=3)

    def test_period_hint_and_date_ranges(self):
        with self.assertRaises(yjpi.PeriodError) as cm:
            yjpi.Period.parse("2024-25")
        self.assertIn("did you mean 2024/25?", str(cm.exception))
        with self.assertRaises(yjpi.PeriodError) as cm:
            yjpi.Period.parse("2024-2025")
        self.assertIn("2024/25", str(cm.exception))
        import datetime
        rng = (datetime.date(2014, 4, 1), datetime.date(2015, 3, 31))
        p = yjpi.Period.of(rng)
        self.assertEqual(p.start, datetime.date(2014, 4, 1))
        ref, ds = make()
        a = ds.indicator("fte_count", rng, area="A1")
        b = ds.indicator("fte_count", "2014/15", area="A1")
        self.assertEqual(a.value, b.value)
        rs = ds.compute([rng, "2014/15"], indicators="fte_count", areas="*")
        self.assertEqual(len(rs), 2)
        ds.close()
        ref.close()


def _many_areas(n):
    rows = ["person_id,birth_date,area,offence_date,outcome_date,outcome"]
    for i in range(n):
        rows.append("P%d,2000-01-15,A%d,2010-05-01,2010-06-10,referral_order"
                    % (i, i))
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    unittest.main()
