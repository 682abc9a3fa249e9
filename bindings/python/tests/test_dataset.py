"""Cohort datasets through the bindings: reading, records, counts, errors."""

import datetime
import shutil
import tempfile
import unittest

import yjpi

from . import support
from .support import HEADER, SMALL_CSV


class CsvTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)

    def test_small_file(self):
        path = support.write(self.tmp, "c.csv", SMALL_CSV)
        with yjpi.Dataset.from_csv(path) as ds:
            self.assertTrue(ds.finished)
            c = ds.counts
            self.assertEqual((c.rows_read, c.kept, c.rejected, c.excluded),
                             (5, 5, 0, 0))
            self.assertEqual(c.persons, 4)
            self.assertEqual(c.areas, 2)
            self.assertEqual(c.rejected_by_kind, {})
            self.assertEqual(c.bytes_read, len(SMALL_CSV.encode()))
            self.assertEqual(ds.areas, ["A1", "B2"])
            self.assertEqual(ds.first_outcome, datetime.date(2014, 1, 15))
            self.assertEqual(ds.last_outcome, datetime.date(2015, 1, 20))
            self.assertEqual(ds.messages, [])

    def test_bad_row_strict_has_file_line_column(self):
        # Line 7 (header + 5 good rows + this one), column 18: the byte
        # where offence_date starts ("P9,2000-01-01,A1," is 17 bytes).
        path = support.write(self.tmp, "bad.csv", SMALL_CSV +
                             "P9,2000-01-01,A1,2014-02-30,2014-05-10,fine,,M,,,0\n")
        with self.assertRaises(yjpi.InputError) as cm:
            yjpi.Dataset.from_csv(path)
        e = cm.exception
        self.assertEqual((e.file, e.line, e.column), (path, 7, 18))
        self.assertEqual(e.code_name, "bad_date")
        self.assertEqual(e.code, 21)
        self.assertTrue(e.message.startswith("%s:7:18: " % path), e.message)
        self.assertIn("offence_date", e.message)
        self.assertEqual(str(e), e.message)

    def test_lenient_counts_rejected_rows_by_kind(self):
        path = support.write(
            self.tmp, "bad.csv", SMALL_CSV +
            "P9,2000-01-01,A1,2014-02-30,2014-05-10,fine,,M,,,0\n"   # line 7
            "P9,2000-01-01,A1,2014-02-01,2014-05-10,fine,,M\n"       # line 8
            "P9,2000-01-01,A1,2014-02-01,2014-05-10,zzz,,M,,,0\n"    # line 9
            "P8,2000-01-01,A1,2014-02-01,2014-05-10,triage,,M,,,0\n")  # informal
        with yjpi.Dataset.from_csv(path, lenient=True, max_messages=2) as ds:
            c = ds.counts
            self.assertEqual(c.rows_read, 9)
            self.assertEqual(c.rejected, 3)
            self.assertEqual(c.excluded, 1)
            self.assertEqual(c.excluded_informal, 1)
            self.assertEqual(c.kept, 5)
            self.assertEqual(c.rows_read, c.kept + c.rejected + c.excluded)
            self.assertEqual(c.rejected_by_kind, {
                "bad_date": 1, "ragged_row": 1, "unknown_outcome": 1})
            # only the first two messages are kept
            self.assertEqual(len(ds.messages), 2)
            self.assertTrue(ds.messages[0].startswith(path + ":7:18: "))
            self.assertTrue(ds.messages[1].startswith(path + ":8:"))

    def test_header_problems_are_fatal_even_when_lenient(self):
        path = support.write(self.tmp, "h.csv",
                             "person_id,birth_date\nP1,2000-01-01\n")
        with self.assertRaises(yjpi.InputError) as cm:
            yjpi.Dataset.from_csv(path, lenient=True)
        self.assertEqual(cm.exception.code_name, "missing_column")
        self.assertEqual(cm.exception.line, 1)
        empty = support.write(self.tmp, "e.csv", "")
        with self.assertRaises(yjpi.InputError) as cm:
            yjpi.Dataset.from_csv(empty)
        self.assertEqual(cm.exception.code_name, "empty_file")

    def test_unknown_column_is_a_note(self):
        text = SMALL_CSV.replace("breach\n", "breach,extra\n", 1)
        text = "\n".join(l + ",x" if i else l for i, l in
                         enumerate(text.splitlines())) + "\n"
        text = text.replace("breach,extra,x", "breach,extra")
        with yjpi.Dataset.from_csv_text(text, source="mem.csv") as ds:
            self.assertEqual(ds.counts.kept, 5)
            self.assertEqual(len(ds.notes), 1)
            self.assertIn("extra", ds.notes[0])
            self.assertTrue(ds.notes[0].startswith("mem.csv:1:"))

    def test_missing_file(self):
        with self.assertRaises(yjpi.FileAccessError):
            yjpi.Dataset.from_csv(self.tmp + "/nope.csv")

    def test_progress_callback(self):
        path = support.write(self.tmp, "c.csv", SMALL_CSV)
        seen = []
        with yjpi.Dataset.from_csv(path, progress=lambda b, t, r:
                                   seen.append((b, t, r))):
            pass
        for b, t, r in seen:
            self.assertLessEqual(b, len(SMALL_CSV))

        def boom(b, t, r):
            raise KeyError("from the callback")
        if seen:   # the library called back: an exception must surface
            with self.assertRaises(KeyError):
                yjpi.Dataset.from_csv(path, progress=boom)

    def test_null_ish_arguments(self):
        with self.assertRaises(yjpi.ArgumentError):
            yjpi.Dataset.from_csv(None)
        with self.assertRaises(yjpi.ArgumentError):
            yjpi.Dataset.from_csv_text(None)
        with self.assertRaises(yjpi.ArgumentError):
            yjpi.Dataset.from_csv(self.tmp + "/a\0b.csv")
        with self.assertRaises(yjpi.ArgumentError):
            yjpi.Dataset.from_csv(self.tmp + "/x.csv", max_messages=-1)


class RecordTest(unittest.TestCase):
    def test_records_with_str_and_date(self):
        with yjpi.Reference() as ref:
            ref.add_outcome_map("Local RO", "referral_order")
            ds = yjpi.Dataset(reference=ref)
        # the dataset copied what it needs from the (now closed) reference
        with ds:
            ds.add_record(person_id="P1", birth_date=datetime.date(2000, 1, 15),
                          area="A1", offence_date="2014-05-01",
                          outcome_date=datetime.date(2014, 5, 10),
                          outcome="Local RO", sex="M", breach=False)
            ds.add_record(person_id="P2", birth_date="1999-06-01", area="A1",
                          offence_date="2013-12-01", outcome_date="2014-01-15",
                          outcome="detention_and_training_order",
                          release_date=datetime.date(2014, 6, 30), breach=1)
            self.assertFalse(ds.finished)
            ds.finish()
            ds.finish()   # idempotent
            self.assertTrue(ds.finished)
            self.assertEqual(ds.counts.kept, 2)
            v = ds.indicator("fte_count", "2014/15", area="A1",
                             reference=None)
            self.assertEqual(v.value, 1)   # P1's referral order, May 2014

    def test_invalid_record(self):
        with yjpi.Dataset() as ds:
            ds.add_record(person_id="P1", birth_date="2000-01-15", area="A1",
                          offence_date="2014-05-01", outcome_date="2014-05-10",
                          outcome="fine")
            # second call (N = 2), field 5 (outcome_date) before the offence
            with self.assertRaises(yjpi.InputError) as cm:
                ds.add_record(person_id="X", birth_date="2000-01-01", area="A",
                              offence_date="2014-01-01",
                              outcome_date="2013-01-01", outcome="fine")
            e = cm.exception
            self.assertEqual((e.file, e.line, e.column), ("<record>", 2, 5))
            self.assertEqual(e.code_name, "outcome_before_offence")
            with self.assertRaises(yjpi.InputError) as cm:
                ds.add_record(person_id="X", birth_date="2000-01-01", area="A",
                              offence_date="2014-01-01",
                              outcome_date="2014-01-01", outcome=None)
            self.assertEqual(cm.exception.code_name, "empty_field")
            c = ds.counts
            self.assertEqual((c.rows_read, c.kept, c.rejected), (3, 1, 2))
            self.assertEqual(c.rejected_by_kind, {"outcome_before_offence": 1,
                                                  "empty_field": 1})
            with self.assertRaises(TypeError):
                ds.add_record(person_id="X", birth_date=20000101, area="A",
                              offence_date="2014-01-01",
                              outcome_date="2014-01-01", outcome="fine")

    def test_unfinished_and_finished_states(self):
        with yjpi.Dataset() as ds:
            with self.assertRaises(yjpi.StateError) as cm:
                ds.compute(periods="2014/15")
            self.assertEqual(cm.exception.code_name, "state")
            with self.assertRaises(yjpi.StateError):
                ds.disproportionality("fte_count", "2014/15")
            ds.finish()
            with self.assertRaises(yjpi.StateError):
                ds.add_record(person_id="P1", birth_date="2000-01-15",
                              area="A1", offence_date="2014-05-01",
                              outcome_date="2014-05-10", outcome="fine")
            with self.assertRaises(yjpi.StateError):
                ds.read_csv_text(SMALL_CSV)

    def test_read_into_existing_dataset(self):
        with yjpi.Dataset() as ds:
            ds.read_csv_text(SMALL_CSV, source="a.csv")
            ds.read_csv_text(HEADER + "P7,2001-01-01,C3,2014-06-01,"
                             "2014-07-01,fine,,,,,\n", source="b.csv")
            ds.finish()
            self.assertEqual(ds.areas, ["A1", "B2", "C3"])
            self.assertEqual(ds.counts.rows_read, 6)


@support.needs_sample
class SampleDataTest(unittest.TestCase):
    def test_counts_of_the_sample(self):
        with yjpi.Reference.load(support.SAMPLE_REF) as ref, \
                yjpi.Dataset.from_csv(support.SAMPLE_CSV, reference=ref) as ds:
            c = ds.counts
            # examples/data/README.md: 9,000 rows, 2,808 persons, 3 areas
            self.assertEqual(c.rows_read, 9000)
            self.assertEqual(c.rows_read, c.kept + c.rejected + c.excluded)
            self.assertEqual(c.rejected, 0)
            self.assertEqual(ds.areas, ["E06000001", "E06000002", "E06000003"])
            self.assertGreater(c.excluded_informal, 0)
            self.assertGreater(c.custody_no_release, 0)

    def test_threads_give_the_same_results(self):
        # eleven copies of the sample's rows: 99,000 rows, over the 8 MiB
        # from which the reader may use two threads
        with open(support.SAMPLE_CSV, encoding="utf-8") as f:
            header = f.readline()
            body = f.read()
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp)
        path = support.write(tmp, "big.csv", header + body * 11)
        with yjpi.Reference.load(support.SAMPLE_REF) as ref, \
                yjpi.Dataset.from_csv(path, reference=ref, threads=1) as one, \
                yjpi.Dataset.from_csv(path, reference=ref) as auto:
            self.assertEqual(one.counts, auto.counts)
            self.assertEqual(one.counts.rows_read, 99000)
            self.assertEqual(one.areas, auto.areas)
            a = one.compute(["2023/24", "2024/25"], threads=1)
            b = auto.compute(["2023/24", "2024/25"])
            self.assertEqual(a.to_records(), b.to_records())
            self.assertGreater(len(a), 0)
        with self.assertRaises(yjpi.ArgumentError):
            yjpi.Dataset.from_csv(path, threads=-1)
        with yjpi.Dataset.from_csv_text(SMALL_CSV) as ds:
            with self.assertRaises(yjpi.ArgumentError):
                ds.compute("2014/15", threads=-1)


if __name__ == "__main__":
    unittest.main()
