"""Finding the library once installed: a library shipped in the package,
the libdir recorded in a wheel, pkg-config, and the message when nothing is
found.  Each case imports a copy of the package in a child interpreter,
away from the source checkout and without YJPI_LIBRARY."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

from .support import PY_ROOT

PKG = os.path.join(PY_ROOT, "yjpi")
LIB = os.environ.get("YJPI_LIBRARY") or ""


def child_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("YJPI_LIBRARY", "PYTHONPATH", "PKG_CONFIG_PATH")}
    env.update(extra)
    return env


def where(site, env):
    p = subprocess.run(
        [sys.executable, "-c", "import yjpi; print(yjpi.library_path())"],
        cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        timeout=120)
    return p.returncode, p.stdout.decode().strip(), p.stderr.decode()


@unittest.skipUnless(LIB and os.path.exists(LIB), "needs YJPI_LIBRARY")
class InstalledTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.site = os.path.join(self.tmp, "site")
        shutil.copytree(PKG, os.path.join(self.site, "yjpi"),
                        ignore=shutil.ignore_patterns("__pycache__",
                                                      "_paths.py", "_libs"))

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def libdir_with_copy(self):
        d = os.path.join(self.tmp, "prefix", "lib")
        os.makedirs(d)
        shutil.copy(LIB, os.path.join(d, "libyjpi.so.0"))
        return d

    def test_shipped_library(self):
        libs = os.path.join(self.site, "yjpi", "_libs")
        os.makedirs(libs)
        shutil.copy(LIB, os.path.join(libs, "libyjpi.so.0"))
        rc, out, err = where(self.tmp, child_env(PYTHONPATH=self.site))
        self.assertEqual(rc, 0, err)
        self.assertEqual(out, os.path.join(libs, "libyjpi.so.0"))

    @unittest.skipUnless(shutil.which("pkg-config"), "needs pkg-config")
    def test_pkg_config(self):
        d = self.libdir_with_copy()
        pc = os.path.join(self.tmp, "pc")
        os.makedirs(pc)
        with open(os.path.join(pc, "yjpi.pc"), "w") as f:
            f.write("prefix=%s\nlibdir=%s\n\nName: yjpi\nDescription: x\n"
                    "Version: 0.1.0\nLibs: -L${libdir} -lyjpi\n"
                    % (os.path.dirname(d), d))
        rc, out, err = where(self.tmp, child_env(PYTHONPATH=self.site,
                                                 PKG_CONFIG_PATH=pc))
        self.assertEqual(rc, 0, err)
        self.assertEqual(out, os.path.join(d, "libyjpi.so.0"))

    def test_wheel_records_the_libdir(self):
        d = self.libdir_with_copy()
        sys.path.insert(0, os.path.join(PY_ROOT, "_backend"))
        try:
            import yjpi_build
        finally:
            sys.path.pop(0)
        whl_dir = os.path.join(self.tmp, "wheel")
        os.makedirs(whl_dir)
        name = yjpi_build.build_wheel(whl_dir, {"libdir": d})
        site2 = os.path.join(self.tmp, "site2")
        with zipfile.ZipFile(os.path.join(whl_dir, name)) as z:
            self.assertIn("yjpi/_paths.py", z.namelist())
            z.extractall(site2)
        rc, out, err = where(self.tmp, child_env(PYTHONPATH=site2))
        self.assertEqual(rc, 0, err)
        self.assertEqual(out, os.path.join(d, "libyjpi.so.0"))

    def test_not_found_says_what_was_tried_and_how_to_fix(self):
        rc, out, err = where(self.tmp, child_env(
            PYTHONPATH=self.site, PKG_CONFIG_PATH=self.tmp,
            LD_LIBRARY_PATH=self.tmp))
        if rc == 0:
            self.skipTest("a libyjpi is installed on this system: %s" % out)
        self.assertIn("LibraryNotFoundError", err)
        for text in ("shipped in the package", "pkg-config", "YJPI_LIBRARY",
                     "PKG_CONFIG_PATH", "meson install"):
            self.assertIn(text, err)


if __name__ == "__main__":
    unittest.main()
