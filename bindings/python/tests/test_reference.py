"""The reference file through the bindings: loading, errors, setters."""

import datetime
import shutil
import tempfile
import unittest

import yjpi

from . import support


class ReferenceFileTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)

    def test_parse_text(self):
        ref = yjpi.Reference.parse(
            "as_of: 2015-03-31\n"
            "history_start: 2005-01-01\n"
            "options:\n  cohort_months: 12\n"
            "populations:\n  E06000044:\n    2013: 17330\n    2014: 17000\n"
            "  E06000044/ethnicity:\n"
            "    2014: {White: 13600, Black: 700}\n"
            "areas:\n  E06000044: {name: Portsmouth, family: F12}\n"
            "outcome_map:\n  \"YRO\": youth_rehabilitation_order\n"
            "benchmarks:\n  - name: England and Wales\n"
            "    indicator: fte_rate\n    values: {\"2014/15\": 361}\n"
            "targets:\n  - indicator: custody_share\n    period: \"2014/15\"\n"
            "    max: 5\n")
        with ref:
            self.assertEqual(ref.as_of, datetime.date(2015, 3, 31))
            self.assertEqual(ref.history_start, datetime.date(2005, 1, 1))
            self.assertEqual(ref.options.cohort_months, 12)
            self.assertEqual(ref.options.followup_months, 12)  # default
            self.assertEqual(ref.population("E06000044", 2013), 17330)
            self.assertEqual(ref.population("E06000044", 2014, "Black"), 700)
            self.assertEqual(ref.population_groups("E06000044", 2014),
                             ["White", "Black"])
            self.assertEqual(ref.areas, ["E06000044"])
            a = ref.area("E06000044")
            self.assertEqual((a.name, a.family, a.region),
                             ("Portsmouth", "F12", None))
            self.assertEqual(ref.map_outcome("YRO"),
                             "youth_rehabilitation_order")
            self.assertIsNone(ref.map_outcome("nothing"))
            [b] = ref.benchmarks(["2014/15", "2013/14"])
            self.assertEqual(b, yjpi.Benchmark("England and Wales",
                                               "fte_rate", {"2014/15": 361.0}))
            self.assertEqual(ref.targets, [yjpi.Target(
                "custody_share", "max", "2014/15", 5.0, "*")])
            with self.assertRaises(yjpi.NotFoundError):
                ref.population("E06000044", 2099)
            with self.assertRaises(yjpi.NotFoundError):
                ref.benchmark_value(0, "2013/14")

    def test_syntax_error_has_file_line_column(self):
        path = support.write(self.tmp, "ref.yaml",
                             "as_of: 2015-03-31\noptions: [1\n")
        with self.assertRaises(yjpi.ReferenceFileError) as cm:
            yjpi.Reference.load(path)
        e = cm.exception
        self.assertEqual(e.code_name, "yaml")
        self.assertEqual(e.file, path)
        self.assertIsNotNone(e.line)
        self.assertTrue(e.message.startswith("%s:%d:" % (path, e.line)))
        self.assertIsInstance(e, yjpi.InputError)

    def test_content_errors(self):
        # (text, code name, line, column); 1-based, the column counts
        # characters and points at the offending key or value
        cases = [
            ("unknown_key: 1\n", "unknown_key", 1, 1),
            ("options:\n  cohort_months: 5\n", "type", 2, 18),
            ("as_of: 2015-02-30\n", "bad_date", 1, 8),
            ("as_of: 2015-03-31\nas_of: 2015-03-31\n", "duplicate_key", 2, 1),
        ]
        for text, code, line, column in cases:
            with self.subTest(text=text):
                with self.assertRaises(yjpi.ReferenceFileError) as cm:
                    yjpi.Reference.parse(text, source="r.yaml")
                e = cm.exception
                self.assertEqual((e.code_name, e.file, e.line, e.column),
                                 (code, "r.yaml", line, column))
                self.assertTrue(e.message.startswith(
                    "r.yaml:%d:%d: " % (line, column)), e.message)

    def test_empty_reference_is_an_error(self):
        with self.assertRaises(yjpi.ReferenceFileError) as cm:
            yjpi.Reference.parse("", source="r.yaml")
        self.assertEqual(cm.exception.code_name, "empty_file")

    def test_missing_file(self):
        with self.assertRaises(yjpi.FileAccessError) as cm:
            yjpi.Reference.load(self.tmp + "/nope.yaml")
        self.assertIn("nope.yaml", str(cm.exception))
        self.assertIsInstance(cm.exception, OSError)

    def test_null_ish_arguments(self):
        with self.assertRaises(yjpi.ArgumentError):
            yjpi.Reference.load(None)
        with self.assertRaises(yjpi.ArgumentError):
            yjpi.Reference.parse(None)


class ReferenceSettersTest(unittest.TestCase):
    def test_build_in_code(self):
        with yjpi.Reference() as ref:
            self.assertEqual(ref.options, yjpi.Options())
            self.assertEqual(yjpi.Options.default(), yjpi.Options())
            self.assertIsNone(ref.as_of)
            ref.as_of = "2015-03-31"
            ref.history_start = datetime.date(2005, 1, 1)
            self.assertEqual(ref.as_of, datetime.date(2015, 3, 31))
            ref.as_of = None
            self.assertIsNone(ref.as_of)
            ref.set_population("A1", 2014, 1000)
            ref.set_population("A1", 2014, 600, group="White")
            ref.set_population("B2", 2014, 500)
            self.assertEqual(ref.population("*", 2014), 1500)
            ref.set_area("A1", name="Area one", region="North")
            self.assertEqual(ref.area("A1").name, "Area one")
            ref.add_outcome_map(" Local label ", "fine")
            self.assertEqual(ref.map_outcome("Local label"), "fine")
            ref.add_benchmark("England and Wales", "fte_rate", "2014/15", 361)
            self.assertEqual(ref.benchmark_value(0, "2014/15"), 361)
            ref.add_target("fte_count", "change_max", "2014/15", -5)
            self.assertEqual(ref.targets[0].kind, "change_max")
            ref.set_options(cohort_months=12, reference_ethnicity="Asian")
            self.assertEqual(ref.options.cohort_months, 12)
            self.assertEqual(ref.options.reference_ethnicity, "Asian")

    def test_setter_errors(self):
        with yjpi.Reference() as ref:
            with self.assertRaises(yjpi.ArgumentError):
                ref.set_options(cohort_months=5)
            self.assertEqual(ref.options.cohort_months, 3)  # unchanged
            # "*" is all areas together's own population (not an error)
            ref.set_population("*", 2014, 10)
            self.assertEqual(ref.population("*", 2014), 10)
            for implausible in (1e23, 1e9 + 1, float("nan"), float("inf")):
                with self.assertRaises(yjpi.ArgumentError):
                    ref.set_population("A1", 2014, implausible)
            with self.assertRaises(yjpi.ArgumentError):
                ref.set_population("A1", 2014, -1)
            with self.assertRaises(yjpi.InputError) as cm:
                ref.add_outcome_map("x", "not_an_outcome")
            self.assertEqual(cm.exception.code_name, "unknown_outcome")
            with self.assertRaises(yjpi.ArgumentError):
                ref.add_benchmark("B", "no_such_indicator", "2014/15", 1)
            with self.assertRaises(yjpi.ArgumentError):
                ref.add_target("fte_rate", "sideways", "2014/15", 1)
            with self.assertRaises(yjpi.ArgumentError):
                ref.set_area(None)

    @support.needs_sample
    def test_sample_reference(self):
        with yjpi.Reference.load(support.SAMPLE_REF) as ref:
            self.assertEqual(ref.as_of, datetime.date(2025, 5, 31))
            self.assertEqual(ref.areas, ["E06000001", "E06000002",
                                         "E06000003"])
            self.assertEqual(ref.map_outcome("YRO"),
                             "youth_rehabilitation_order")
            self.assertEqual(ref.options, yjpi.Options())


if __name__ == "__main__":
    unittest.main()
