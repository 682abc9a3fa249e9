"""Periods and dates through the bindings (spec section 1, "Periods")."""

import datetime
import pickle
import unittest

import yjpi
from yjpi import Period, PeriodKind

D = datetime.date


class PeriodTest(unittest.TestCase):
    def test_every_form_round_trips(self):
        # (text, kind, first day, day after the last day) - spec section 1
        cases = [
            ("2013/14", PeriodKind.FINANCIAL_YEAR, D(2013, 4, 1), D(2014, 4, 1)),
            ("2013/14 Q1", PeriodKind.FINANCIAL_QUARTER, D(2013, 4, 1),
             D(2013, 7, 1)),
            ("2013/14 Q4", PeriodKind.FINANCIAL_QUARTER, D(2014, 1, 1),
             D(2014, 4, 1)),
            ("2013", PeriodKind.YEAR, D(2013, 1, 1), D(2014, 1, 1)),
            ("2013 Q1", PeriodKind.QUARTER, D(2013, 1, 1), D(2013, 4, 1)),
            ("2013-04", PeriodKind.MONTH, D(2013, 4, 1), D(2013, 5, 1)),
            ("12m to 2014-03", PeriodKind.ROLLING_12, D(2013, 4, 1),
             D(2014, 4, 1)),
            ("2013-04-01..2014-03-31", PeriodKind.RANGE, D(2013, 4, 1),
             D(2014, 4, 1)),
        ]
        for text, kind, start, end in cases:
            with self.subTest(text=text):
                p = Period.parse(text)
                self.assertEqual(str(p), text)
                self.assertEqual(p.kind, kind)
                self.assertEqual(p.start, start)
                self.assertEqual(p.end, end)
                self.assertEqual(p.last_day, end - datetime.timedelta(days=1))
                self.assertEqual(Period.parse(str(p)), p)
                self.assertEqual(repr(p), "Period(%r)" % text)

    def test_surrounding_spaces_ignored(self):
        self.assertEqual(str(Period.parse("  2014/15 ")), "2014/15")

    def test_previous_and_shift(self):
        p = Period.parse("2014/15")
        self.assertEqual(str(p.previous()), "2013/14")
        self.assertEqual(str(p.next()), "2015/16")
        self.assertEqual(str(p.shift(-2)), "2012/13")
        self.assertEqual(str(Period.parse("2014/15 Q1").previous()),
                         "2013/14 Q4")
        self.assertEqual(str(Period.parse("2014/15 Q3").year_earlier()),
                         "2013/14 Q3")
        # a rolling window moved by a quarter stays rolling
        self.assertEqual(str(Period.parse("12m to 2014-03").shift(1, 3)),
                         "12m to 2014-06")
        # a financial year moved by 3 months cannot keep its kind: a range
        moved = p.shift(1, 3)
        self.assertEqual(moved.kind, PeriodKind.RANGE)
        self.assertEqual(str(moved), "2014-07-01..2015-06-30")

    def test_shift_impossible(self):
        with self.assertRaises(yjpi.ArgumentError):
            Period.parse("9999").shift(1)
        # a range of days that is not whole months has no own length
        with self.assertRaises(yjpi.ArgumentError):
            Period.parse("2014-01-05..2014-01-20").previous()

    def test_months_population_year_contains(self):
        self.assertEqual(Period.parse("2013/14").months, 12)
        self.assertEqual(Period.parse("2013/14 Q2").months, 3)
        self.assertEqual(Period.parse("2014-01-05..2014-01-20").months, 0)
        # spec: 2013/14 and 2013/14 Q4 -> mid-2013; 2014 Q1 -> mid-2014;
        # 12m to 2014-03 -> mid-2013
        self.assertEqual(Period.parse("2013/14").population_year, 2013)
        self.assertEqual(Period.parse("2013/14 Q4").population_year, 2013)
        self.assertEqual(Period.parse("2014 Q1").population_year, 2014)
        self.assertEqual(Period.parse("12m to 2014-03").population_year, 2013)
        p = Period.parse("2013/14")
        self.assertTrue(p.contains("2014-03-31"))
        self.assertFalse(p.contains(D(2014, 4, 1)))
        self.assertIn(D(2013, 4, 1), p)

    def test_between(self):
        p = Period.between(D(2013, 4, 1), "2014-03-31")
        self.assertEqual(str(p), "2013-04-01..2014-03-31")

    def test_bad_periods(self):
        for text, code in [("2014/16", "period"), ("2014/15 q1", "period"),
                           ("", "period"), ("2013-13", "bad_date"),
                           ("2013-02-30..2013-03-31", "bad_date"),
                           ("2014-03-01..2014-01-01", "period")]:
            with self.subTest(text=text):
                with self.assertRaises(yjpi.PeriodError) as cm:
                    Period.parse(text)
                e = cm.exception
                self.assertEqual(e.code_name, code)
                self.assertIn(repr(text).strip("'"), e.message)
                self.assertIsInstance(e, yjpi.InputError)
                self.assertIsInstance(e, ValueError)
        with self.assertRaises(yjpi.ArgumentError):
            Period.parse(None)
        with self.assertRaises(TypeError):
            Period.parse(2014)
        with self.assertRaises(yjpi.ArgumentError):
            Period.parse("2014\0/15")

    def test_value_semantics(self):
        a, b = Period.parse("2014/15"), Period.parse("2014/15")
        self.assertEqual(a, b)
        self.assertEqual(hash(a), hash(b))
        self.assertEqual(len({a, b, Period.parse("2014")}), 2)
        self.assertLess(Period.parse("2013/14"), a)
        self.assertEqual(pickle.loads(pickle.dumps(a)), a)
        with self.assertRaises(AttributeError):
            a.start = D(2000, 1, 1)

    def test_dates(self):
        self.assertEqual(yjpi.add_months("2014-08-31", 6), D(2015, 2, 28))
        # born 29 Feb 2000: 14 on 1 Mar 2014, not yet on 28 Feb 2014
        self.assertEqual(yjpi.age("2000-02-29", "2014-02-28"), 13)
        self.assertEqual(yjpi.age(D(2000, 2, 29), D(2014, 3, 1)), 14)
        self.assertEqual(yjpi.age("2010-01-01", "2009-01-01"), -1)
        with self.assertRaises(yjpi.InputError) as cm:
            yjpi.age("2014-02-30", "2015-01-01")
        self.assertEqual(cm.exception.code_name, "bad_date")


if __name__ == "__main__":
    unittest.main()
