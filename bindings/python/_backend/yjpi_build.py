"""A minimal PEP 517 / PEP 660 build backend for the yjpi package, standard
library only (pip needs no setuptools and no network to install it).

Builds a pure-Python wheel (py3-none-any) of the `yjpi` package directory,
an sdist of the bindings directory, and an editable wheel (a .pth file
pointing at the source directory).  Metadata comes from pyproject.toml's
[project] table; the version must equal yjpi/_version.py's.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile
from typing import Dict, List, Optional, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "yjpi"
TAG = "py3-none-any"
# Fixed timestamps: the same sources give the same archives.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
SDIST_FILES = ["pyproject.toml", "README.md", "meson.build"]
SDIST_DIRS = ["_backend", PACKAGE, "tests", "examples"]


# ---- metadata ----------------------------------------------------------------

def _load_pyproject() -> dict:
    path = os.path.join(ROOT, "pyproject.toml")
    try:
        import tomllib  # Python >= 3.11
    except ImportError:
        tomllib = None
    if tomllib is not None:
        with open(path, "rb") as f:
            return tomllib.load(f)
    return _mini_toml(path)


def _mini_toml(path: str) -> dict:
    """Just enough TOML for this pyproject.toml on Python < 3.11: tables,
    string values, string arrays (one line or several), inline tables of
    strings."""
    data: dict = {}
    table = data
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].split("#", 1)[0].strip()
        i += 1
        if not line:
            continue
        m = re.match(r"^\[([^\]]+)\]$", line)
        if m:
            table = data
            for part in m.group(1).split("."):
                table = table.setdefault(part.strip(), {})
            continue
        key, _, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if value.startswith("[") and not value.endswith("]"):
            while i < len(lines) and not value.endswith("]"):
                value += " " + lines[i].split("#", 1)[0].strip()
                i += 1
        if value.startswith("["):
            table[key] = re.findall(r'"([^"]*)"', value)
        elif value.startswith("{"):
            table[key] = dict(re.findall(r'(\w+)\s*=\s*"([^"]*)"', value))
        else:
            table[key] = value.strip('"')
    return data


def _project() -> dict:
    proj = dict(_load_pyproject()["project"])
    with open(os.path.join(ROOT, PACKAGE, "_version.py"),
              encoding="utf-8") as f:
        m = re.search(r'__version__\s*=\s*"([^"]+)"', f.read())
    if not m or m.group(1) != proj["version"]:
        raise RuntimeError("pyproject.toml version %s differs from "
                           "yjpi/_version.py" % proj.get("version"))
    return proj


def _metadata(proj: dict) -> str:
    lines = ["Metadata-Version: 2.1",
             "Name: %s" % proj["name"],
             "Version: %s" % proj["version"],
             "Summary: %s" % proj.get("description", "")]
    if proj.get("requires-python"):
        lines.append("Requires-Python: %s" % proj["requires-python"])
    lic = proj.get("license", {})
    if isinstance(lic, dict) and lic.get("text"):
        lines.append("License: %s" % lic["text"])
    if proj.get("keywords"):
        lines.append("Keywords: %s" % ",".join(proj["keywords"]))
    for c in proj.get("classifiers", []):
        lines.append("Classifier: %s" % c)
    for extra, reqs in proj.get("optional-dependencies", {}).items():
        lines.append("Provides-Extra: %s" % extra)
        for r in reqs:
            lines.append('Requires-Dist: %s; extra == "%s"' % (r, extra))
    body = ""
    readme = proj.get("readme")
    if readme and os.path.exists(os.path.join(ROOT, readme)):
        lines.append("Description-Content-Type: text/markdown")
        with open(os.path.join(ROOT, readme), encoding="utf-8") as f:
            body = "\n" + f.read()
    return "\n".join(lines) + "\n" + body


def _dist_info(proj: dict) -> str:
    return "%s-%s.dist-info" % (proj["name"], proj["version"])


def _wheel_name(proj: dict) -> str:
    return "%s-%s-%s.whl" % (proj["name"], proj["version"], TAG)


def _wheel_file() -> str:
    return ("Wheel-Version: 1.0\nGenerator: yjpi_build\n"
            "Root-Is-Purelib: true\nTag: %s\n" % TAG)


# ---- archives ----------------------------------------------------------------

def _package_files() -> List[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, PACKAGE)):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith((".py", ".typed")):
                out.append(os.path.relpath(os.path.join(dirpath, name), ROOT))
    return out


def _record_line(arcname: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest())
    return "%s,sha256=%s,%d" % (arcname, digest.rstrip(b"=").decode(),
                                len(data))


def _write_wheel(path: str, entries: List[Tuple[str, bytes]],
                 proj: dict) -> None:
    info = _dist_info(proj)
    entries = list(entries) + [
        (info + "/METADATA", _metadata(proj).encode("utf-8")),
        (info + "/WHEEL", _wheel_file().encode("ascii")),
        (info + "/top_level.txt", (PACKAGE + "\n").encode("ascii")),
    ]
    record = [_record_line(n, d) for n, d in entries]
    record.append(info + "/RECORD,,")
    entries.append((info + "/RECORD", ("\n".join(record) + "\n").encode()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zi = zipfile.ZipInfo(name, ZIP_TIME)
            zi.external_attr = 0o644 << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(zi, data)


# ---- PEP 517 hooks -----------------------------------------------------------

def get_requires_for_build_wheel(config_settings: Optional[Dict] = None
                                 ) -> List[str]:
    return []


def get_requires_for_build_sdist(config_settings: Optional[Dict] = None
                                 ) -> List[str]:
    return []


def get_requires_for_build_editable(config_settings: Optional[Dict] = None
                                    ) -> List[str]:
    return []


def prepare_metadata_for_build_wheel(metadata_directory: str,
                                     config_settings: Optional[Dict] = None
                                     ) -> str:
    proj = _project()
    info = _dist_info(proj)
    d = os.path.join(metadata_directory, info)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "METADATA"), "w", encoding="utf-8") as f:
        f.write(_metadata(proj))
    with open(os.path.join(d, "WHEEL"), "w", encoding="ascii") as f:
        f.write(_wheel_file())
    return info


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def _installed_libdir(config_settings: Optional[Dict]) -> Optional[str]:
    """Where an installed libyjpi is, to record in the wheel: the setting
    libdir (pip --config-settings libdir=DIR), else the environment variable
    YJPI_LIBDIR, else `pkg-config --variable=libdir yjpi`; None when none
    of them names a directory holding libyjpi.so*."""
    import glob
    import subprocess
    d = (config_settings or {}).get("libdir") or os.environ.get("YJPI_LIBDIR")
    if not d:
        try:
            d = subprocess.run(["pkg-config", "--variable=libdir", "yjpi"],
                               stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, timeout=20,
                               check=False).stdout.decode().strip()
        except (OSError, subprocess.SubprocessError):
            d = ""
    if d and glob.glob(os.path.join(d, "libyjpi.so*")):
        return os.path.abspath(d)
    return None


def _shipped_libraries(config_settings: Optional[Dict]) -> List[str]:
    """Shared libraries to ship inside the wheel: the setting ship-library
    (pip --config-settings ship-library=PATH), or YJPI_SHIP_LIBRARY."""
    p = (config_settings or {}).get("ship-library") or os.environ.get(
        "YJPI_SHIP_LIBRARY")
    return [os.path.realpath(p)] if p else []


def build_wheel(wheel_directory: str, config_settings: Optional[Dict] = None,
                metadata_directory: Optional[str] = None) -> str:
    proj = _project()
    entries = []
    for rel in _package_files():
        if os.path.basename(rel) == "_paths.py":
            continue
        with open(os.path.join(ROOT, rel), "rb") as f:
            entries.append((rel.replace(os.sep, "/"), f.read()))
    libdir = _installed_libdir(config_settings)
    entries.append((PACKAGE + "/_paths.py", (
        '"""Written when the wheel was built: the directory of the installed '
        'libyjpi\n(from pkg-config), tried after YJPI_LIBRARY and a library '
        'shipped in\nthe package."""\nLIBDIR = %r\n' % (libdir,)
    ).encode("utf-8")))
    for so in _shipped_libraries(config_settings):
        with open(so, "rb") as f:
            entries.append((PACKAGE + "/_libs/" + os.path.basename(so),
                            f.read()))
    name = _wheel_name(proj)
    _write_wheel(os.path.join(wheel_directory, name), entries, proj)
    return name


def build_editable(wheel_directory: str,
                   config_settings: Optional[Dict] = None,
                   metadata_directory: Optional[str] = None) -> str:
    proj = _project()
    pth = (ROOT + "\n").encode("utf-8")
    name = _wheel_name(proj)
    _write_wheel(os.path.join(wheel_directory, name),
                 [("_yjpi_editable.pth", pth)], proj)
    return name


def build_sdist(sdist_directory: str,
                config_settings: Optional[Dict] = None) -> str:
    proj = _project()
    base = "%s-%s" % (proj["name"], proj["version"])
    name = base + ".tar.gz"
    files = [f for f in SDIST_FILES if os.path.exists(os.path.join(ROOT, f))]
    for d in SDIST_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, d)):
            dirnames[:] = sorted(x for x in dirnames if x != "__pycache__")
            files += [os.path.relpath(os.path.join(dirpath, n), ROOT)
                      for n in sorted(filenames) if not n.endswith(".pyc")]

    def add(tf: tarfile.TarFile, arcname: str, data: bytes) -> None:
        ti = tarfile.TarInfo(arcname)
        ti.size = len(data)
        ti.mode = 0o644
        ti.mtime = 315532800          # 1980-01-01
        tf.addfile(ti, io.BytesIO(data))

    with tarfile.open(os.path.join(sdist_directory, name), "w:gz",
                      format=tarfile.PAX_FORMAT) as tf:
        for rel in files:
            with open(os.path.join(ROOT, rel), "rb") as f:
                add(tf, base + "/" + rel.replace(os.sep, "/"), f.read())
        add(tf, base + "/PKG-INFO", _metadata(proj).encode("utf-8"))
    return name
