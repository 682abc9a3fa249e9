"""The ctypes struct mirrors have exactly the C layout: size and the offset of
every member, checked against the headers with the C compiler (skipped when
no compiler is available)."""

import ctypes
import os
import shutil
import subprocess
import tempfile
import unittest

from yjpi import _lib

from . import support

# ctypes mirror -> C type name; member names differ only where the C name is
# a Python keyword.
STRUCTS = [
    (_lib.ErrorStruct, "yjpi_error"),
    (_lib.PeriodStruct, "yjpi_period"),
    (_lib.OptionsStruct, "yjpi_options"),
    (_lib.TargetStruct, "yjpi_target"),
    (_lib.RecordStruct, "yjpi_record"),
    (_lib.ReadOptionsStruct, "yjpi_read_options"),
    (_lib.RequestStruct, "yjpi_request"),
    (_lib.ValueStruct, "yjpi_value"),
    (_lib.DisparityStruct, "yjpi_disparity"),
    (_lib.TestResultStruct, "yjpi_test_result"),
    (_lib.TrendResultStruct, "yjpi_trend_result"),
    (_lib.ChangeStruct, "yjpi_change"),
    (_lib.BenchmarkResultStruct, "yjpi_benchmark_result"),
    (_lib.TargetResultStruct, "yjpi_target_result"),
    (_lib.TrendAssessmentStruct, "yjpi_trend_assessment"),
    (_lib.RagResultStruct, "yjpi_rag_result"),
    (_lib.AssessOptionsStruct, "yjpi_assess_options"),
    (_lib.CohortMemberStruct, "yjpi_cohort_member"),
]
RENAMED = {"from_": "from"}


def _cc():
    for name in (os.environ.get("CC"), "cc", "gcc", "clang"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


@unittest.skipUnless(_cc(), "no C compiler to check the layouts against")
@unittest.skipUnless(os.path.exists(os.path.join(support.INCLUDE_DIR,
                                                 "yjpi.h")),
                     "headers not found")
class LayoutTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        lines = ["#include <stddef.h>", "#include <stdio.h>",
                 "#include <yjpi.h>", "int main(void) {"]
        for py, c in STRUCTS:
            lines.append('printf("%%s %%zu\\n", "%s", sizeof(%s));' % (c, c))
            for fname, _ in py._fields_:
                cname = RENAMED.get(fname, fname)
                lines.append('printf("%%s %%zu\\n", "%s.%s", offsetof(%s, %s));'
                             % (c, cname, c, cname))
        lines += ["return 0;", "}"]
        tmp = tempfile.mkdtemp()
        try:
            src = os.path.join(tmp, "layout.c")
            exe = os.path.join(tmp, "layout")
            with open(src, "w") as f:
                f.write("\n".join(lines) + "\n")
            subprocess.run([_cc(), "-std=c11", "-I", support.INCLUDE_DIR,
                            "-I", support.BUILD_INCLUDE_DIR,
                            "-o", exe, src], check=True, capture_output=True,
                           text=True)
            out = subprocess.run([exe], check=True, capture_output=True,
                                 text=True).stdout
        finally:
            shutil.rmtree(tmp)
        cls.c = {}
        for line in out.splitlines():
            k, v = line.split()
            cls.c[k] = int(v)

    def test_sizes_and_offsets(self):
        for py, c in STRUCTS:
            with self.subTest(struct=c):
                self.assertEqual(ctypes.sizeof(py), self.c[c], "sizeof")
                for fname, _ in py._fields_:
                    cname = RENAMED.get(fname, fname)
                    self.assertEqual(getattr(py, fname).offset,
                                     self.c["%s.%s" % (c, cname)],
                                     "offset of %s" % cname)

    def test_error_struct_is_the_frozen_layout(self):
        # int code; uint64 line; uint64 column; char source[256];
        # char message[768]: 4 + 4 (padding) + 8 + 8 + 256 + 768 = 1048
        self.assertEqual(ctypes.sizeof(_lib.ErrorStruct), 1048)
        self.assertEqual(self.c["yjpi_error"], 1048)

    def test_growable_structs_carry_their_size(self):
        for py, c in STRUCTS:
            if py._fields_[0][0] == "size":
                with self.subTest(struct=c):
                    self.assertEqual(py().size, ctypes.sizeof(py))


if __name__ == "__main__":
    unittest.main()
