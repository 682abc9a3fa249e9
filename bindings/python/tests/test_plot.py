"""Charts (matplotlib when installed): the yjpi-report chart, series,
assessments and a funnel plot, returning the Axes."""

import math
import unittest

import yjpi

from . import support

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    plt = None


@unittest.skipUnless(plt is not None, "matplotlib not installed")
@support.needs_sample
class PlotTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ref = yjpi.Reference.load(support.SAMPLE_REF)
        cls.ds = yjpi.Dataset.from_csv(support.SAMPLE_CSV, reference=cls.ref)

    @classmethod
    def tearDownClass(cls):
        cls.ds.close()
        cls.ref.close()

    def tearDown(self):
        plt.close("all")

    def test_report_chart(self):
        ax = self.ds.plot("fte_rate", "2023/24", area="E06000001")
        self.assertEqual([t.get_text() for t in ax.get_xticklabels()],
                         ["2019/20", "2020/21", "2021/22", "2022/23",
                          "2023/24"])
        values = self.ds.compute_series("2023/24", 5, indicators="fte_rate",
                                        areas="E06000001")
        line = ax.get_lines()[0]
        ys = list(line.get_ydata())
        for y, v in zip(ys, values):
            if math.isnan(v.value):
                self.assertTrue(math.isnan(y))
            else:
                self.assertEqual(y, v.value)
        # the interval band and the benchmarks of the reference
        self.assertTrue(ax.collections)
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        fam = self.ref.area("E06000001").family
        bms = [b.name for b in self.ref.benchmarks(["2023/24"])
               if b.indicator == "fte_rate" and b.values]
        self.assertTrue(bms)
        for name in bms:
            # as yjpi-report: another family's benchmark is not shown
            shown = not any(name.endswith(" " + f) for f in
                            {self.ref.area(c).family for c in self.ref.areas}
                            if f and f != fam)
            self.assertEqual(name in labels, shown, name)
        self.assertIn("per 100,000", ax.get_ylabel())

    def test_value_resultlist_assessment(self):
        v = self.ds.indicator("fte_rate", "2023/24")
        self.assertIsNotNone(v.plot())
        rs = self.ds.compute(["2022/23", "2023/24"], indicators="fte_rate",
                             areas=["E06000001", "E06000002"])
        ax = rs.plot()
        self.assertEqual(len(ax.get_lines()), 2)
        a = self.ds.assess("fte_rate", "2023/24", area="E06000001")
        ax = a.plot()
        self.assertIn("RAG", ax.get_title())
        ax = self.ds.assess_areas("fte_rate", "2023/24").plot()
        self.assertIsNotNone(ax)

    def test_funnel_plot(self):
        rs = self.ds.compute("2023/24", indicators="binary_rate")
        areas = [v for v in rs if v.area != "*"]
        ax = yjpi.ResultList(areas, kind=yjpi.Value).funnel_plot()
        pts = ax.collections[0].get_offsets()
        self.assertEqual(len(pts), len([v for v in areas if v.status is None]))
        with self.assertRaises(yjpi.ArgumentError):
            self.ds.compute("2023/24", indicators="fte_count").funnel_plot()


@support.needs_sample
class NotebookExampleTest(unittest.TestCase):
    def test_runs(self):
        import os
        import subprocess
        import sys
        import tempfile
        with tempfile.TemporaryDirectory() as t:
            png = os.path.join(t, "fte.png")
            env = dict(os.environ, MPLBACKEND="Agg")
            p = subprocess.run(
                [sys.executable, os.path.join(support.PY_ROOT, "examples",
                                              "notebook.py"), "--chart", png],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                timeout=300)
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            out = p.stdout.decode()
            self.assertIn("fte_rate", out)
            self.assertIn("RAG", out)
            self.assertEqual(os.path.exists(png), plt is not None)


if __name__ == "__main__":
    unittest.main()
