"""Locating, loading and version-checking libyjpi; prototypes; typed handles."""

import ctypes
import ctypes.util
import os
import re
import shutil
import tempfile
import unittest
from unittest import mock

import yjpi
from yjpi import _lib

from . import support


def library_path():
    return os.environ.get(_lib.ENV_VAR) or yjpi.library_path()


class EnvironmentVariableTest(unittest.TestCase):
    def test_env_var_names_the_library(self):
        path = library_path()
        with mock.patch.dict(os.environ, {_lib.ENV_VAR: path}):
            lib = _lib.load_library()
        self.assertEqual(lib.path, path)
        self.assertEqual(lib.yjpi_version().decode(), yjpi.__version__)
        # 0xMMmmpp of the same version
        major, minor, patch = (int(x) for x in yjpi.__version__.split("."))
        self.assertEqual(lib.yjpi_version_number(),
                         (major << 16) | (minor << 8) | patch)

    def test_bad_env_path_is_library_not_found(self):
        with mock.patch.dict(os.environ,
                             {_lib.ENV_VAR: "/nonexistent/libyjpi.so"}):
            with self.assertRaises(yjpi.LibraryNotFoundError) as cm:
                _lib.load_library()
        self.assertIn("/nonexistent/libyjpi.so", str(cm.exception))
        self.assertIn(_lib.ENV_VAR, str(cm.exception))
        # also an ImportError, and a yjpi.Error
        self.assertIsInstance(cm.exception, ImportError)
        self.assertIsInstance(cm.exception, yjpi.Error)

    def test_env_file_that_is_not_a_shared_object(self):
        # This very file exists but dlopen() refuses it: no fallback to the
        # build tree when the variable is set.
        with mock.patch.dict(os.environ, {_lib.ENV_VAR: __file__}):
            with self.assertRaises(yjpi.LibraryNotFoundError) as cm:
                _lib.load_library()
        self.assertIn("cannot load", str(cm.exception))

    def test_shared_object_that_is_not_libyjpi(self):
        libm = ctypes.util.find_library("m")
        if not libm:
            self.skipTest("no libm to stand in for a foreign library")
        with self.assertRaises(yjpi.LibraryNotFoundError) as cm:
            _lib.load_library(libm)
        self.assertIn("not a libyjpi", str(cm.exception))


class VersionCheckTest(unittest.TestCase):
    def test_package_version_mismatch(self):
        with mock.patch.object(_lib, "__version__", "9.9.0"):
            with self.assertRaises(yjpi.VersionMismatchError) as cm:
                _lib.load_library(library_path())
        msg = str(cm.exception)
        self.assertIn("9.9", msg)
        self.assertIn(yjpi.__version__, msg)  # the library's version

    def test_runtime_version_mismatch(self):
        # Simulate a library reporting another version.
        lib = _lib.load_library(library_path())
        lib.yjpi_version = lambda: b"0.2.0"
        with self.assertRaises(yjpi.VersionMismatchError):
            _lib._check_version(lib, "0.1.0")
        lib.yjpi_version = lambda: b"1.1.0"
        with self.assertRaises(yjpi.VersionMismatchError):
            _lib._check_version(lib, "0.1.0")

    def test_patch_level_difference_is_accepted(self):
        lib = _lib.load_library(library_path())
        lib.yjpi_version = lambda: b"0.1.9"
        _lib._check_version(lib, "0.1.0")   # no exception

    def test_mismatch_found_by_search_is_reported_as_mismatch(self):
        env = {k: v for k, v in os.environ.items() if k != _lib.ENV_VAR}
        with mock.patch.dict(os.environ, env, clear=True), \
                mock.patch.object(_lib, "build_tree_candidates",
                                  lambda start=None: [library_path()]), \
                mock.patch.object(ctypes.util, "find_library",
                                  lambda name: None), \
                mock.patch.object(_lib, "__version__", "7.0.0"):
            with self.assertRaises(yjpi.VersionMismatchError):
                _lib.load_library()


class SearchTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)

    def _fake_checkout(self):
        root = os.path.join(self.tmp, "src")
        os.makedirs(os.path.join(root, "bindings", "python", "yjpi"))
        with open(os.path.join(root, "meson.build"), "w") as f:
            f.write("project('yjpi', 'c',\n  version : '0.1.0')\n")
        real = os.path.realpath(library_path())
        for b in ("build-other", "build", "builddir-nolib"):
            d = os.path.join(root, b, "lib")
            os.makedirs(d)
            if b != "builddir-nolib":
                shutil.copy(real, os.path.join(d, "libyjpi.so.0"))
        return root

    def test_build_tree_prefers_build(self):
        root = self._fake_checkout()
        found = _lib.build_tree_candidates(
            os.path.join(root, "bindings", "python", "yjpi"))
        self.assertEqual(found, [
            os.path.join(root, "build", "lib", "libyjpi.so.0"),
            os.path.join(root, "build-other", "lib", "libyjpi.so.0")])
        lib = _lib._open(found[0], yjpi.__version__)
        self.assertEqual(lib.yjpi_version().decode(), yjpi.__version__)

    def test_outside_a_checkout_nothing_is_found(self):
        d = os.path.join(self.tmp, "site-packages", "yjpi")
        os.makedirs(d)
        self.assertEqual(_lib.build_tree_candidates(d), [])

    def test_this_checkout_is_found(self):
        # The package under test lives in the source tree, whose meson.build
        # declares project 'yjpi'.
        self.assertTrue(_lib._is_repo_root(support.SOURCE_ROOT))

    def test_system_library_via_find_library(self):
        env = {k: v for k, v in os.environ.items() if k != _lib.ENV_VAR}
        path = library_path()
        with mock.patch.dict(os.environ, env, clear=True), \
                mock.patch.object(_lib, "build_tree_candidates",
                                  lambda start=None: []), \
                mock.patch.object(ctypes.util, "find_library",
                                  lambda name: path if name == "yjpi" else None):
            lib = _lib.load_library()
        self.assertEqual(lib.path, path)

    def test_nothing_found(self):
        env = {k: v for k, v in os.environ.items() if k != _lib.ENV_VAR}
        with mock.patch.dict(os.environ, env, clear=True), \
                mock.patch.object(_lib, "build_tree_candidates",
                                  lambda start=None: []), \
                mock.patch.object(ctypes.util, "find_library",
                                  lambda name: None), \
                mock.patch.object(_lib, "SOVERSION", "999"):
            with self.assertRaises(yjpi.LibraryNotFoundError) as cm:
                _lib.load_library()
        self.assertIn("libyjpi.so.999", str(cm.exception))
        self.assertIn(_lib.ENV_VAR, str(cm.exception))

    def test_load_library_replaces_the_process_library(self):
        old = _lib.get()
        try:
            self.assertEqual(yjpi.load_library(library_path()), library_path())
            self.assertIsNot(_lib.get(), old)
            self.assertEqual(yjpi.version(), yjpi.__version__)
        finally:
            _lib.set_library(old)


# ---- every header function is declared, with its return type --------------

_DECL = re.compile(
    r"YJPI_API\s+([^;{]*?)\b(yjpi_[a-z0-9_]+)\s*\(([^)]*)\)\s*;", re.S)


def header_functions():
    """name -> (return type text, number of parameters) from the headers."""
    out = {}
    hdir = os.path.join(support.INCLUDE_DIR, "yjpi")
    for name in sorted(os.listdir(hdir)):
        if not name.endswith(".h"):
            continue
        with open(os.path.join(hdir, name), encoding="utf-8") as f:
            src = re.sub(r"/\*.*?\*/", " ", f.read(), flags=re.S)
        for ret, fn, params in _DECL.findall(src):
            params = params.strip()
            n = 0 if params in ("", "void") else params.count(",") + 1
            out[fn] = (" ".join(ret.split()), n)
    return out


class PrototypeTest(unittest.TestCase):
    @unittest.skipUnless(os.path.isdir(os.path.join(support.INCLUDE_DIR,
                                                    "yjpi")),
                         "headers not found")
    def test_every_header_function_is_declared(self):
        decls = header_functions()
        self.assertGreater(len(decls), 100)
        table = {name: (res, args) for name, res, args in _lib.PROTOTYPES}
        self.assertEqual(sorted(set(decls) - set(table)), [],
                         "header functions without a prototype")
        self.assertEqual(sorted(set(table) - set(decls)), [],
                         "prototypes of functions not in the headers")
        for name, (ret, nparams) in decls.items():
            restype, argtypes = table[name]
            with self.subTest(name=name):
                self.assertEqual(len(argtypes), nparams)
                if ret.endswith("*"):
                    # never the int default for a pointer
                    self.assertIsNotNone(restype)
                    self.assertNotIn(restype, (ctypes.c_int, ctypes.c_uint,
                                               ctypes.c_int32))
                    self.assertEqual(ctypes.sizeof(restype),
                                     ctypes.sizeof(ctypes.c_void_p))
                elif ret == "void":
                    self.assertIsNone(restype)
                elif ret == "int":
                    self.assertIs(restype, ctypes.c_int)
                elif ret == "unsigned":
                    self.assertIs(restype, ctypes.c_uint)
                elif ret == "size_t":
                    self.assertIs(restype, ctypes.c_size_t)
                elif ret == "uint64_t":
                    self.assertIs(restype, ctypes.c_uint64)
                elif ret == "yjpi_date":
                    self.assertIs(restype, ctypes.c_int32)
                elif ret == "yjpi_period":
                    self.assertIs(restype, _lib.PeriodStruct)
                else:
                    self.fail("unexpected return type %r" % ret)

    def test_loaded_functions_carry_their_prototypes(self):
        lib = _lib.get()
        for name, restype, argtypes in _lib.PROTOTYPES:
            if not lib.has(name):
                continue
            fn = getattr(lib, name)
            with self.subTest(name=name):
                self.assertEqual(list(fn.argtypes), list(argtypes))
                self.assertIs(fn.restype, restype)

    def test_missing_function_raises_not_available(self):
        stub = _lib._Missing("yjpi_nothing", "libfoo.so")
        with self.assertRaises(yjpi.NotAvailableError):
            stub()


class TypedHandleTest(unittest.TestCase):
    """A wrong handle type fails in Python (ctypes.ArgumentError), never in C."""

    def test_handle_types_are_distinct(self):
        lib = _lib.get()
        from yjpi._handle import call_scope
        with yjpi.Reference() as ref, call_scope():
            rptr = ref._handle()
            with self.assertRaises(ctypes.ArgumentError):
                lib.yjpi_dataset_count(rptr, 0)
            with self.assertRaises(ctypes.ArgumentError):
                lib.yjpi_results_count(rptr)
            # a bare address is refused too
            with self.assertRaises(ctypes.ArgumentError):
                lib.yjpi_reference_area_count(rptr.value)
            with self.assertRaises(ctypes.ArgumentError):
                lib.yjpi_reference_free(ctypes.c_void_p(rptr.value))
            self.assertEqual(lib.yjpi_reference_area_count(rptr), 0)
        # NULL stays expressible where the C API allows it
        self.assertEqual(lib.yjpi_results_count(None), 0)

    def test_python_level_type_checks(self):
        with yjpi.Reference() as ref:
            ds = yjpi.Dataset(reference=ref)
            with self.assertRaises(TypeError):
                yjpi.Dataset(reference=ds)
            with self.assertRaises(TypeError):
                ds.compute(periods="2014/15", reference=ds)
            ds.close()


if __name__ == "__main__":
    unittest.main()
