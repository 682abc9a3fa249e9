"""Datasets from DataFrames and lists of dicts (Dataset.from_pandas,
Dataset.from_records): the same rows, counts, validation and error
positions as the CSV reader, sent column by column in one call."""

import csv
import datetime
import io
import unittest
import warnings

import yjpi

from .support import HEADER, SMALL_CSV

try:
    import pandas
except ImportError:  # optional
    pandas = None

needs_pandas = unittest.skipUnless(pandas is not None, "pandas not installed")


def records(text=SMALL_CSV):
    return list(csv.DictReader(io.StringIO(text)))


def same(test, a, b):
    ca, cb = a.counts, b.counts
    for f in ("rows_read", "kept", "rejected", "excluded", "persons",
              "areas", "rejected_by_kind"):
        test.assertEqual(getattr(ca, f), getattr(cb, f), f)
    ra = a.compute(["2013/14", "2014/15"], breakdown="sex").to_records()
    rb = b.compute(["2013/14", "2014/15"], breakdown="sex").to_records()
    test.assertEqual(repr(ra), repr(rb))


class FromRecordsTest(unittest.TestCase):
    def test_same_as_csv(self):
        a = yjpi.Dataset.from_records(records())
        b = yjpi.Dataset.from_csv_text(SMALL_CSV)
        same(self, a, b)
        self.assertGreater(a.counts.kept, 0)

    def test_dates_as_date_objects_and_missing_keys(self):
        recs = records()
        for r in recs:
            for k in ("birth_date", "offence_date", "outcome_date"):
                r[k] = datetime.date.fromisoformat(r[k])
            if not r["release_date"]:
                del r["release_date"]
            r["breach"] = False
        same(self, yjpi.Dataset.from_records(recs),
             yjpi.Dataset.from_csv_text(SMALL_CSV))

    def test_error_position_row_and_column(self):
        recs = records()
        recs[2]["outcome_date"] = "2014-13-01"
        with self.assertRaises(yjpi.InputError) as cm:
            yjpi.Dataset.from_records(recs, source="mine")
        e = cm.exception
        self.assertEqual((e.file, e.line, e.column), ("mine", 3, 5))
        self.assertEqual(e.code_name, "bad_date")
        self.assertTrue(e.message.startswith("mine:3:5: "), e.message)
        # the CSV reader's message for the same value, after its location
        bad_csv = SMALL_CSV.replace("2014-01-15", "2014-13-01", 1)
        with self.assertRaises(yjpi.InputError) as cm2:
            yjpi.Dataset.from_csv_text(bad_csv)
        self.assertEqual(e.message.split(": ", 1)[1],
                         cm2.exception.message.split(": ", 1)[1])

    def test_lenient_counts_and_messages(self):
        recs = records()
        recs[0]["birth_date"] = "nonsense"
        recs[3]["outcome"] = "no_such_outcome"
        ds = yjpi.Dataset.from_records(recs, lenient=True, source="r")
        self.assertEqual(ds.counts.rejected, 2)
        self.assertEqual(ds.counts.kept, len(recs) - 2)
        self.assertEqual(sorted(ds.counts.rejected_by_kind),
                         ["bad_date", "unknown_outcome"])
        self.assertTrue(ds.messages[0].startswith("r:1:2: "))
        self.assertTrue(ds.messages[1].startswith("r:4:6: "))

    def test_missing_duplicate_unknown_columns(self):
        recs = records()
        for r in recs:
            del r["outcome"]
        with self.assertRaises(yjpi.InputError) as cm:
            yjpi.Dataset.from_records(recs)
        self.assertEqual(cm.exception.code_name, "missing_column")
        recs = records()
        for r in recs:
            r["Outcome "] = r["outcome"]
        with self.assertRaises(yjpi.InputError) as cm:
            yjpi.Dataset.from_records(recs)
        self.assertEqual(cm.exception.code_name, "duplicate_column")
        recs = records()
        for r in recs:
            r["ethnicty"] = "x"
        with self.assertWarns(yjpi.ReaderNote) as w:
            ds = yjpi.Dataset.from_records(recs)
        self.assertIn("ethnicty", str(w.warning))
        self.assertEqual(ds.counts.kept, len(recs))

    def test_nul_in_a_value(self):
        recs = records()
        recs[1]["sex"] = "M\0"
        with self.assertRaises(yjpi.InputError) as cm:
            yjpi.Dataset.from_records(recs)
        self.assertEqual((cm.exception.line, cm.exception.column), (2, 8))

    def test_large_table_in_parts_keeps_row_numbers(self):
        from yjpi import dataset
        old = dataset._COLUMN_PART
        dataset._COLUMN_PART = 4          # parts of 4 rows
        try:
            recs = records() * 3              # 15 rows
            recs = [dict(r) for r in recs]
            recs[9]["offence_date"] = "bad"
            ds = yjpi.Dataset.from_records(recs, lenient=True, source="p")
            self.assertEqual(ds.counts.rows_read, 15)
            self.assertEqual(ds.counts.rejected, 1)
            self.assertTrue(ds.messages[0].startswith("p:10:4: "),
                            ds.messages)
            recs[13]["sex"] = "X\0"
            with self.assertRaises(yjpi.InputError) as cm:
                yjpi.Dataset.from_records(recs, source="p")
            self.assertEqual((cm.exception.line, cm.exception.column),
                             (10, 4))
            recs[9]["offence_date"] = recs[8]["offence_date"]
            with self.assertRaises(yjpi.InputError) as cm:
                yjpi.Dataset.from_records(recs, source="p")
            self.assertEqual((cm.exception.line, cm.exception.column),
                             (14, 8))
            recs[13]["sex"] = "M"
            same(self, yjpi.Dataset.from_records(recs),
                 yjpi.Dataset.from_csv_text(
                     HEADER + "".join(",".join(r.values()) + "\n"
                                      for r in recs)))
        finally:
            dataset._COLUMN_PART = old

    def test_columns_must_agree(self):
        ds = yjpi.Dataset()
        with self.assertRaises(yjpi.ArgumentError):
            ds.add_columns({"person_id": ["a"], "birth_date": []})
        ds.close()


@needs_pandas
class FromPandasTest(unittest.TestCase):
    def frame(self):
        return pandas.read_csv(io.StringIO(SMALL_CSV), dtype=str,
                               keep_default_na=False)

    def test_strings_same_as_csv(self):
        same(self, yjpi.Dataset.from_pandas(self.frame()),
             yjpi.Dataset.from_csv_text(SMALL_CSV))

    def test_datetime64_nan_and_ints(self):
        df = pandas.read_csv(io.StringIO(SMALL_CSV),
                             parse_dates=["birth_date", "offence_date",
                                          "outcome_date", "release_date"])
        self.assertTrue(df["release_date"].isna().any())   # NaT
        self.assertTrue(df["ethnicity"].isna().any())      # NaN
        self.assertEqual(df["breach"].dtype.kind, "i")
        same(self, yjpi.Dataset.from_pandas(df),
             yjpi.Dataset.from_csv_text(SMALL_CSV))

    def test_error_position(self):
        df = self.frame()
        df.loc[3, "birth_date"] = "2001-02-30"
        with self.assertRaises(yjpi.InputError) as cm:
            yjpi.Dataset.from_pandas(df)
        self.assertEqual((cm.exception.line, cm.exception.column), (4, 2))
        self.assertIn("<DataFrame>:4:2:", str(cm.exception))

    def test_large_frame_in_parts_equals_one_call_per_record(self):
        # a frame longer than one part (32,768 rows) goes in several; the
        # dataset is the one add_record() builds from the same records
        # (rows a second: tests/bench/python_bench.py)
        n = 70000
        df = pandas.DataFrame({
            "person_id": ["P%d" % (i // 2) for i in range(n)],
            "birth_date": ["2000-01-15"] * n,
            "area": ["A%d" % (i % 7) for i in range(n)],
            "offence_date": ["2014-05-01"] * n,
            "outcome_date": ["2014-05-%02d" % (10 + i % 3) for i in range(n)],
            "outcome": ["referral_order", "fine", "youth_caution"] * (n // 3)
                       + ["fine"] * (n % 3),
        })
        ds = yjpi.Dataset.from_pandas(df)
        self.assertEqual(ds.counts.kept, n)
        slow = yjpi.Dataset()
        for r in df.to_dict("records"):
            slow.add_record(**r)
        slow.finish()
        a = ds.compute("2014/15")
        b = slow.compute("2014/15")
        self.assertEqual([(v.indicator, v.area, v.numerator, v.status)
                          for v in a],
                         [(v.indicator, v.area, v.numerator, v.status)
                          for v in b])
        ds.close()
        slow.close()


if __name__ == "__main__":
    unittest.main()
