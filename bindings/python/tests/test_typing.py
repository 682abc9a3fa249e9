"""Typing (mypy --strict on the package, typed results), pickling and
compute_series."""

import os
import pickle
import subprocess
import sys
import tempfile
import textwrap
import unittest

import yjpi

from . import support
from .support import PY_ROOT, SMALL_CSV

try:
    import mypy  # noqa: F401
    HAVE_MYPY = True
except ImportError:
    HAVE_MYPY = False


def run_mypy(*args):
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental",
         "--cache-dir", os.devnull] + list(args),
        cwd=PY_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        timeout=600)


@unittest.skipUnless(HAVE_MYPY, "mypy not installed")
class MypyTest(unittest.TestCase):
    def test_package_passes_strict(self):
        p = run_mypy("yjpi")
        self.assertEqual(p.returncode, 0, p.stdout.decode())

    def test_results_are_typed(self):
        code = textwrap.dedent("""
            import yjpi
            ds = yjpi.Dataset.from_csv("x.csv")
            v: yjpi.Value = ds.compute("2014/15")[0]
            part: yjpi.ResultList[yjpi.Value] = ds.compute("2014/15")[1:]
            x: float = v.value
            wrong: str = ds.compute("2014/15")[0].value
            d: yjpi.Disparity = ds.disproportionality("fte_count",
                                                      "2014/15")[0]
        """)
        with tempfile.TemporaryDirectory() as t:
            path = os.path.join(t, "snippet.py")
            with open(path, "w") as f:
                f.write(code)
            p = run_mypy(path)
        out = p.stdout.decode()
        # exactly the one deliberate mistake is found: results are not Any
        self.assertIn('snippet.py:7: error: Incompatible types in assignment',
                      out)
        self.assertIn("Found 1 error", out)


class PickleTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.csv = support.write(self.tmp.name, "c.csv", SMALL_CSV)
        self.yaml = support.write(self.tmp.name, "r.yaml",
                                  "populations:\n  A1:\n    2014: 1000\n")

    def tearDown(self):
        self.tmp.cleanup()

    def test_dataset_from_a_file_pickles_by_reading_it_again(self):
        ds = yjpi.Dataset.from_csv(self.csv, reference=self.yaml)
        again = pickle.loads(pickle.dumps(ds))
        self.assertIsNot(again, ds)
        self.assertEqual(again.counts, ds.counts)
        self.assertEqual(repr(again.compute("2014/15").to_records()),
                         repr(ds.compute("2014/15").to_records()))
        self.assertEqual(again.indicator("fte_rate", "2014/15", "A1").value,
                         200.0)
        again.close()
        ds.close()

    def test_others_refuse_clearly(self):
        ds = yjpi.Dataset.from_csv_text(SMALL_CSV)
        with self.assertRaises(TypeError) as cm:
            pickle.dumps(ds)
        self.assertIn("from_csv(path)", str(cm.exception))
        ref = yjpi.Reference.load(self.yaml)
        ref.set_population("B2", 2014, 10)
        with self.assertRaises(TypeError):
            pickle.dumps(ref)
        built = yjpi.Reference()
        with self.assertRaises(TypeError):
            pickle.dumps(built)
        closed = yjpi.Dataset.from_csv(self.csv)
        closed.close()
        with self.assertRaises(TypeError):
            pickle.dumps(closed)


class SeriesTest(unittest.TestCase):
    def test_compute_series(self):
        ds = yjpi.Dataset.from_csv_text(SMALL_CSV)
        rs = ds.compute_series("2014/15", 3, indicators="fte_count",
                               areas="*")
        self.assertEqual([v.period for v in rs],
                         ["2012/13", "2013/14", "2014/15"])
        for v in rs:
            self.assertEqual(v.value, ds.indicator("fte_count",
                                                   v.period).value)
        q = yjpi.series_periods("12m to 2015-03", 3, step_months=3)
        self.assertEqual([str(p) for p in q],
                         ["12m to 2014-09", "12m to 2014-12",
                          "12m to 2015-03"])
        with self.assertRaises(yjpi.ArgumentError):
            ds.compute_series("2014/15", 0)
        ds.close()


if __name__ == "__main__":
    unittest.main()
