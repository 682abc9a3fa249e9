"""Statistics helpers against published values (published test values)."""

import unittest

import yjpi

from . import support


class WilsonTest(unittest.TestCase):
    def test_published_values(self):
        # PHEindicatormethods (OHID/UKHSA R package) test data, and Newcombe
        # (1998) / R for the last two rows; published test values.
        cases = [
            (65, 100, 0.95, 0.552544432968880, 0.736357517569025),
            (65, 100, 0.998, 0.495494657407043, 0.778354061408970),
            (1045, 5000, 0.95, 0.197955498800133, 0.220491303731890),
            (1, 100, 0.95, 0.00176743206414065, 0.0544861961787053),
            (81, 263, 0.95, 0.2552885199, 0.3662095770),
            (0, 20, 0.95, 0.0, 0.1611252),
        ]
        for x, n, conf, lo, hi in cases:
            with self.subTest(x=x, n=n, confidence=conf):
                got = yjpi.wilson(x, n, confidence=conf)
                places = 12 if conf != 0.95 or x in (65, 1045, 1) else 7
                self.assertAlmostEqual(got.lower, lo, places=places)
                self.assertAlmostEqual(got.upper, hi, places=places)
        self.assertEqual(yjpi.wilson(65, 100).lower, yjpi.wilson(65, 100)[0])
        self.assertEqual(yjpi.wilson(20, 20).upper, 1.0)

    def test_errors(self):
        with self.assertRaises(yjpi.ArgumentError):
            yjpi.wilson(1, 0)
        with self.assertRaises(yjpi.ArgumentError):
            yjpi.wilson(5, 4)
        with self.assertRaises(yjpi.ArgumentError):
            yjpi.wilson(1, 4, confidence=1.0)
        with self.assertRaises(yjpi.ArgumentError):
            yjpi.wilson(-1, 4)
        with self.assertRaises(TypeError):
            yjpi.wilson(None, 4)


class PoissonTest(unittest.TestCase):
    def test_published_values(self):
        # PHEindicatormethods: Byar from 10, exact below
        cases = [
            (65, 0.95, 50.1631877104595, 82.8491385459398),
            (65, 0.998, 42.8802614714802, 94.0002908443180),
            (1045, 0.95, 982.593201807333, 1110.33121298565),
            (1, 0.95, 0.0253178079842899, 5.57164339093890),
            (5, 0.95, 1.62348639011842, 11.6683320793227),
        ]
        for count, conf, lo, hi in cases:
            with self.subTest(count=count, confidence=conf):
                got = yjpi.poisson(count, conf)
                self.assertAlmostEqual(got.lower / lo, 1, places=10)
                self.assertAlmostEqual(got.upper / hi, 1, places=10)
        self.assertEqual(yjpi.poisson(0).lower, 0.0)

    def test_rate_vector(self):
        # "rate, 95%: 250 / 220 per 100,000 -> 113636.36, 99984.9474 -
        # 128631.1449": the count's interval scaled by 100000 / 220
        lo, hi = yjpi.poisson(250)
        self.assertAlmostEqual(lo * 100000 / 220, 99984.9474, places=3)
        self.assertAlmostEqual(hi * 100000 / 220, 128631.1449, places=3)


class MeanTest(unittest.TestCase):
    def test_mean_interval(self):
        # values 1..4: mean 2.5, s = 1.2909944, t(0.975, 3) = 3.182446305
        m = yjpi.mean([1, 2, 3, 4])
        half = 3.182446305284263 * 1.2909944487358056 / 2
        self.assertAlmostEqual(m.mean, 2.5)
        self.assertAlmostEqual(m.lower, 2.5 - half, places=9)
        self.assertAlmostEqual(m.upper, 2.5 + half, places=9)
        s = yjpi.mean_from_stats(4, 10, 30)
        self.assertAlmostEqual(s.lower, m.lower, places=12)
        with self.assertRaises(yjpi.ArgumentError):
            yjpi.mean([1.0])


class TestsAndTrends(unittest.TestCase):
    def test_two_proportions(self):
        # R: prop.test(c(81, 100), c(263, 270), correct = FALSE)
        r = yjpi.test_proportions(81, 263, 100, 270)
        self.assertAlmostEqual(r.statistic, 2.3120, places=4)
        self.assertAlmostEqual(r.p_value, 0.12838, places=5)
        self.assertFalse(r.exact)

    def test_two_rates(self):
        # R: poisson.test(c(30, 45), c(100000, 110000))
        r = yjpi.test_rates(30, 100000, 45, 110000)
        self.assertAlmostEqual(r.ratio, 0.7333, places=4)
        self.assertAlmostEqual(r.p_value, 0.2042668, places=7)
        self.assertAlmostEqual(r.lower, 0.4460713, places=7)
        self.assertAlmostEqual(r.upper, 1.1898993, places=7)

    def test_trends(self):
        # OHID recent-trend vectors
        t = yjpi.trend_proportions(
            [318, 314, 318, 291, 292],
            [468.3358, 472.8916, 500.7874, 480.1980, 499.1453])
        # published to 4 decimals (12.5688); the library gives 12.56874
        self.assertAlmostEqual(t.chi2, 12.5688, delta=1e-4)
        self.assertEqual(t.verdict, "decreasing")
        v = yjpi.trend_values([30.6, 30.2, 28, 24.6, 24.67],
                              [28.98, 28.63, 26.44, 23.15, 23.16],
                              [32.25, 31.9, 29.64, 26.19, 26.25])
        self.assertAlmostEqual(v.chi2, 46.7636, places=4)
        self.assertAlmostEqual(v.slope, -1.7516, places=4)
        self.assertEqual(v.verdict, "decreasing")
        self.assertEqual(v.points, 5)
        with self.assertRaises(yjpi.ArgumentError):
            yjpi.trend_values([1, 2], [1], [2, 3])


if __name__ == "__main__":
    unittest.main()
