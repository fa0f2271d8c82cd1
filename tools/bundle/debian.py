"""The Debian package, ``cserq_<version>_amd64.deb``, built with ``dpkg-deb`` alone.

It carries the app's wheels and every wheel they need rather than depending on Debian's Flask
and ReportLab, which are too old; its ``postinst`` installs them offline into a virtual
environment from the system Python, and its ``prerm`` removes that environment again, so that
``dpkg -r`` leaves nothing behind.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from tools.bundle.common import run

PREFIX = "/opt/cserq"
PYTHONS = {f"cp3{minor}" for minor in range(11, 15)}
# name-version(-build)-python-abi-platform.whl; each tag may be several joined by dots.
WHEEL = re.compile(r"^(?P<name>.+)-(?P<python>[^-]+)-(?P<abi>[^-]+)-(?P<platform>[^-]+)\.whl$")

CONTROL = """\
Package: cserq
Version: {version}
Architecture: amd64
Maintainer: CSERQ maintainers <cserq@invalid>
Depends: python3 (>= 3.11), python3 (<< 3.15), python3-venv
Section: misc
Priority: optional
Installed-Size: {size}
Description: decision support for clinicians worried a child may be sexually exploited
 CSERQ is a decision-support questionnaire for clinicians worried that a child
 may be sexually exploited: it helps them decide what to do, and writes the note.
 .
 It installs offline from its own wheels (Debian's own Flask and ReportLab are too
 old) into a virtual environment in /opt/cserq, and keeps nothing on disk: stopping
 it clears every answer.
"""

# Every path back to the installed state needs the environment prerm removed, so all of them
# rebuild it (and `dpkg-reconfigure cserq` rebuilds it after the system's Python changes).
# pip sees only the package's wheels: --isolated ignores every PIP_* variable and config file
# of this machine's (a PIP_USER or PIP_TARGET would install elsewhere), -I the Python ones;
# no index, and no cache left in root's home.
POSTINST = f"""\
#!/bin/sh
set -e
case "$1" in
  configure|abort-upgrade|abort-remove|abort-deconfigure)
    log="$(mktemp)"
    if ! {{
      /usr/bin/python3 -m venv --clear {PREFIX}/venv &&
      {PREFIX}/venv/bin/python -I -m pip install --isolated --no-index \\
        --find-links {PREFIX}/wheels --no-cache-dir --disable-pip-version-check cserq
    }} >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "cserq: could not install the app into {PREFIX}/venv (see above)" >&2
      exit 1
    fi
    rm -f "$log"
    ;;
esac
"""

# The environment is not dpkg's (postinst made it), so dpkg would leave it behind.
PRERM = f"""\
#!/bin/sh
set -e
rm -rf {PREFIX}/venv
"""

# A new system Python (a release upgrade) leaves the environment made for the old one broken:
# say how to rebuild it rather than fail with Python's own error.
WRAPPER = f"""\
#!/bin/sh
if ! {PREFIX}/venv/bin/python -I -c "import cserq" 2>/dev/null; then
  echo "cserq: its Python environment needs rebuilding: sudo dpkg-reconfigure cserq" >&2
  exit 1
fi
exec {PREFIX}/venv/bin/cserq "$@"
"""


def installable(name: str) -> bool:
    """Whether a wheel installs on Linux x86-64 under CPython 3.11 to 3.14."""
    found = WHEEL.match(name)
    if found is None:
        return False
    pythons, abis = set(found["python"].split(".")), set(found["abi"].split("."))
    platforms = found["platform"].split(".")
    if platforms == ["any"]:
        return "none" in abis
    if not any(re.fullmatch(r"manylinux\w*_x86_64", p) for p in platforms):
        return False
    # abi3 serves every later CPython; "none" a wheel with no Python extension in it.
    return bool(abis & PYTHONS) or "abi3" in abis or ("none" in abis and "py3" in pythons)


def build_deb(wheels: Path, out: Path, version: str) -> Path:
    """Build ``out/cserq_<version>_amd64.deb`` from the wheels in ``wheels``; return it."""
    chosen = sorted(w for w in wheels.glob("*.whl") if installable(w.name))
    if f"cserq-{version}-py3-none-any.whl" not in {w.name for w in chosen}:
        raise SystemExit(f"{wheels}: no cserq-{version}-py3-none-any.whl to package")
    out.mkdir(parents=True, exist_ok=True)
    deb = out / f"cserq_{version}_amd64.deb"
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / "root"
        (root / "opt/cserq/wheels").mkdir(parents=True)
        for wheel in chosen:
            shutil.copyfile(wheel, root / "opt/cserq/wheels" / wheel.name)
        (root / "usr/bin").mkdir(parents=True)
        (root / "usr/bin/cserq").write_text(WRAPPER, encoding="utf-8")
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        (root / "DEBIAN").mkdir()
        control = CONTROL.format(version=version, size=-(-size // 1024))
        (root / "DEBIAN/control").write_text(control, encoding="utf-8")
        (root / "DEBIAN/postinst").write_text(POSTINST, encoding="utf-8")
        (root / "DEBIAN/prerm").write_text(PRERM, encoding="utf-8")
        # Modes must not depend on the umask of whoever builds it.
        executable = {"usr/bin/cserq", "DEBIAN/postinst", "DEBIAN/prerm"}
        for path in [root, *root.rglob("*")]:
            name = path.relative_to(root).as_posix()
            path.chmod(0o755 if path.is_dir() or name in executable else 0o644)
        if shutil.which("dpkg-deb") is None:
            raise SystemExit("dpkg-deb not found: install dpkg to build the Debian package")
        # The wheels are zips already: xz would take half a minute to save 0.2%.
        run(["dpkg-deb", "--build", "--root-owner-group", "-Zgzip", root, deb])
    return deb
