"""Reader notes (e.g. an unknown column ignored) reach Python as
yjpi.ReaderNote warnings and in Dataset.notes."""

import os
import tempfile
import unittest
import warnings

import yjpi

from .support import HEADER, SMALL_CSV

# One extra, unknown column; the exact wording of the note is the C
# library's and is not tested here.
EXTRA = SMALL_CSV.replace(HEADER, HEADER.rstrip("\n") + ",ethnicty\n", 1)
EXTRA = "\n".join(line + ",x" if i and line else line
                  for i, line in enumerate(EXTRA.split("\n")))


class ReaderNoteTest(unittest.TestCase):
    def test_is_a_user_warning(self):
        self.assertTrue(issubclass(yjpi.ReaderNote, UserWarning))
        self.assertIn("ReaderNote", yjpi.__all__)

    def test_text_read_warns_and_keeps_the_notes(self):
        with warnings.catch_warnings(record=True) as got:
            warnings.simplefilter("always")
            ds = yjpi.Dataset.from_csv_text(EXTRA, source="in.csv")
        notes = [w for w in got if issubclass(w.category, yjpi.ReaderNote)]
        self.assertEqual(len(notes), 1)
        self.assertIn("ethnicty", str(notes[0].message))
        # attributed to the caller, not to a file inside the package
        self.assertEqual(os.path.abspath(notes[0].filename),
                         os.path.abspath(__file__))
        self.assertEqual(len(ds.notes), 1)
        self.assertIn("ethnicty", ds.notes[0])
        self.assertEqual(ds.notes[0], str(notes[0].message))
        self.assertEqual(ds.counts.kept, 5)
        ds.close()

    def test_file_read_warns(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "c.csv")
            with open(path, "w", encoding="utf-8") as f:
                f.write(EXTRA)
            with self.assertWarns(yjpi.ReaderNote) as cm:
                ds = yjpi.Dataset.from_csv(path)
            self.assertIn("ethnicty", str(cm.warning))
            self.assertEqual(len(ds.notes), 1)
            ds.close()

    def test_no_note_no_warning(self):
        with warnings.catch_warnings(record=True) as got:
            warnings.simplefilter("always")
            ds = yjpi.Dataset.from_csv_text(SMALL_CSV)
        self.assertEqual([w for w in got
                          if issubclass(w.category, yjpi.ReaderNote)], [])
        self.assertEqual(ds.notes, [])
        ds.close()

    def test_can_be_silenced_or_made_an_error(self):
        with warnings.catch_warnings():
            warnings.simplefilter("error", yjpi.ReaderNote)
            with self.assertRaises(yjpi.ReaderNote):
                yjpi.Dataset.from_csv_text(EXTRA)
        with warnings.catch_warnings(record=True) as got:
            warnings.simplefilter("ignore", yjpi.ReaderNote)
            ds = yjpi.Dataset.from_csv_text(EXTRA)
        self.assertEqual(got, [])
        self.assertEqual(len(ds.notes), 1)
        ds.close()


if __name__ == "__main__":
    unittest.main()
