"""The exception hierarchy and the mapping of C status codes."""

import unittest

import yjpi
from yjpi import _lib, errors


class HierarchyTest(unittest.TestCase):
    def test_codes_map_to_classes(self):
        cases = {1: yjpi.OutOfMemoryError, 2: yjpi.ArgumentError,
                 3: yjpi.FileAccessError, 4: yjpi.StateError,
                 5: yjpi.NumericError, 6: yjpi.NotFoundError,
                 7: yjpi.LimitError, 8: yjpi.VersionMismatchError,
                 10: yjpi.InputError, 13: yjpi.InputError,
                 21: yjpi.InputError, 26: yjpi.InputError,
                 30: yjpi.ReferenceFileError, 37: yjpi.ReferenceFileError,
                 40: yjpi.PeriodError, 55: yjpi.Error}
        for code, cls in cases.items():
            with self.subTest(code=code):
                self.assertIs(errors.error_class(code), cls)
                self.assertTrue(issubclass(cls, yjpi.Error))

    def test_builtin_bases(self):
        self.assertTrue(issubclass(yjpi.OutOfMemoryError, MemoryError))
        self.assertTrue(issubclass(yjpi.FileAccessError, OSError))
        self.assertTrue(issubclass(yjpi.NotFoundError, LookupError))
        self.assertTrue(issubclass(yjpi.InputError, ValueError))
        self.assertTrue(issubclass(yjpi.ReferenceFileError, yjpi.InputError))
        self.assertTrue(issubclass(yjpi.LibraryNotFoundError, ImportError))
        # the builtin ReferenceError is not shadowed
        self.assertFalse(hasattr(yjpi, "ReferenceError"))

    def test_details_come_from_the_error_struct(self):
        err = _lib.ErrorStruct()
        err.code = 13
        err.line = 12
        err.column = 7
        err.source = b"cohort.csv"
        err.message = b"cohort.csv:12:7: row has 3 fields, the header 11"
        with self.assertRaises(yjpi.InputError) as cm:
            _lib.raise_for(13, err)
        e = cm.exception
        self.assertEqual((e.code, e.code_name, e.file, e.line, e.column),
                         (13, "ragged_row", "cohort.csv", 12, 7))
        self.assertEqual(e.message, str(err.message.decode()))

    def test_without_details_the_library_text_is_used(self):
        with self.assertRaises(yjpi.NumericError) as cm:
            _lib.raise_for(5, None, context="wilson")
        self.assertTrue(cm.exception.message.startswith("wilson: "))
        self.assertEqual(yjpi.strerror(5), cm.exception.message[8:])
        self.assertIsNone(cm.exception.line)

    def test_every_code_has_a_description(self):
        for code, name in errors.CODE_NAMES.items():
            with self.subTest(code=name):
                self.assertTrue(yjpi.strerror(code))


if __name__ == "__main__":
    unittest.main()
