"""The wheelhouse, the bill of materials and the checksums, and the build of every artefact.

    python -m tools.bundle                 # every artefact into dist/
    python -m tools.bundle --check dist    # check built artefacts: tags, checksums, bill

- ``cserq-<version>-wheels.zip``: the app's wheel and every wheel it needs, for CPython 3.11 to
  3.14 on Windows (x86-64), macOS (arm64 and x86-64) and Linux (x86-64 and aarch64), with an
  install script for each platform that installs offline (``pip install --no-index
  --find-links``) into a new virtual environment;
- the Windows portable folder and installer (``windows``) and the ``.deb`` (``debian``), made
  from the same wheels;
- ``cserq-<version>-sbom.json``: each bundled package with its version and licence, read from
  the wheels' own metadata (fonts included), and the programs the Windows bundles carry;
- ``SHA256SUMS``: a checksum for each artefact, in the format ``sha256sum -c`` reads.
"""

from __future__ import annotations

import argparse
import email.parser
import json
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tools.bundle import debian, windows
from tools.bundle.common import run, sha256, zip_folder

ROOT = Path(__file__).resolve().parents[2]
PYTHONS = ("3.11", "3.12", "3.13", "3.14")
DOWNLOADS = 4  # pips at once (see download)
LICENCE_FILE = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|OFL|AUTHORS)", re.I)


@dataclass(frozen=True)
class Platform:
    name: str  # as the install scripts and this program name it
    tags: tuple[str, ...]  # pip --platform values, most specific first


WINDOWS = Platform("windows-x86_64", ("win_amd64",))
PLATFORMS = (
    WINDOWS,
    Platform("macos-arm64", ("macosx_11_0_arm64",)),
    Platform("macos-x86_64", ("macosx_10_13_x86_64",)),
    # python-bidi's aarch64 wheel names only the manylinux2014 tag: both are asked for.
    Platform("linux-x86_64", ("manylinux_2_28_x86_64", "manylinux2014_x86_64")),
    Platform("linux-aarch64", ("manylinux_2_28_aarch64", "manylinux2014_aarch64")),
)
# What each platform's wheel file names say, to check that every platform is covered.
TAG_PATTERNS = {
    "windows-x86_64": re.compile(r"win_amd64"),
    "macos-arm64": re.compile(r"macosx_\d+_\d+_(arm64|universal2)"),
    "macos-x86_64": re.compile(r"macosx_\d+_\d+_(x86_64|universal2|intel)"),
    "linux-x86_64": re.compile(r"manylinux\w*_x86_64"),
    "linux-aarch64": re.compile(r"manylinux\w*_aarch64"),
}

INSTALL_POSIX = """\
#!/bin/sh
# Installs CSERQ offline into a new virtual environment beside this script, from the wheels in
# wheels/ (no network is used), then says how to start it. Needs Python 3.11 to 3.14.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python3}"
"$python" -m venv "$here/.venv"
"$here/.venv/bin/pip" install --no-index --find-links "$here/wheels" cserq
echo "Installed. Start it with: $here/.venv/bin/cserq serve"
"""

INSTALL_WINDOWS = """\
@echo off
rem Installs CSERQ offline into a new virtual environment beside this script, from the wheels
rem in wheels\\ (no network is used), then says how to start it. Needs Python 3.11 to 3.14.
setlocal
set "here=%~dp0"
py -3 -m venv "%here%.venv" || python -m venv "%here%.venv" || exit /b 1
"%here%.venv\\Scripts\\pip" install --no-index --find-links "%here%wheels" cserq || exit /b 1
echo Installed. Start it with: "%here%.venv\\Scripts\\cserq" serve
"""


def version() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    found = re.search(r'(?m)^version = "([^"]+)"', text)
    if found is None:
        raise SystemExit("pyproject.toml: no version")
    return found.group(1)


def build_wheel(work: Path) -> Path:
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", work, ROOT])
    (wheel,) = work.glob("cserq-*.whl")
    return wheel


def download(
    wheel: Path, into: Path, platforms: Iterable[Platform], pythons: Iterable[str]
) -> None:
    """Every wheel the app needs, for each platform and Python (pure ones once).

    Each platform and Python has a pip of its own, with a folder of its own, ``DOWNLOADS`` of
    them at once: a pip spends about half its time waiting on the index, so one after another
    took twice as long. (Two pips never write into one folder.)
    """
    asked = [(platform, python) for platform in platforms for python in pythons]
    with tempfile.TemporaryDirectory() as temporary, ThreadPoolExecutor(DOWNLOADS) as pool:
        folders = [Path(temporary) / str(n) for n in range(len(asked))]
        done = pool.map(_download_one, [wheel] * len(asked), asked, folders)
        list(done)  # the first failure, if any, is raised here
        for folder in folders:
            for path in sorted(folder.iterdir()):
                if not (into / path.name).exists():  # a pure wheel comes with every Python
                    shutil.move(path, into / path.name)


def _download_one(wheel: Path, asked: tuple[Platform, str], into: Path) -> None:
    platform, python = asked
    tags = [arg for tag in platform.tags for arg in ("--platform", tag)]
    run(
        [
            sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:",
            *tags, "--python-version", python, "--implementation", "cp", "-d", into, wheel,
        ]
    )  # fmt: skip


def wheel_metadata(wheel: Path) -> dict[str, object]:
    """Name, version and licence of one wheel, from its own METADATA."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        meta = email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))
        # Licence files the wheel carries: a font package's fonts may have their own (OFL).
        notices = sorted(
            {Path(n).name for n in archive.namelist() if LICENCE_FILE.search(Path(n).name)}
        )
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if "License" in c]
    licence = meta.get("License-Expression") or (meta.get("License") or "").strip()
    if not licence or len(licence) > 100:  # some packages put the whole licence text here
        licence = "; ".join(classifiers) or "not stated in the package"
    if any(n.upper().startswith("OFL") for n in notices) and "OFL" not in licence:
        licence += "; its fonts: OFL-1.1 (see its OFL files)"  # fonts carried in a code package
    return {
        "name": meta["Name"],
        "version": meta["Version"],
        "licence": licence,
        "licence_files": notices,
    }


def bill_of_materials(wheels: Iterable[Path]) -> list[dict[str, object]]:
    found: dict[tuple[str, str], dict[str, object]] = {}
    files: dict[tuple[str, str], list[str]] = {}
    for wheel in wheels:
        entry = wheel_metadata(wheel)
        key = (str(entry["name"]).lower(), str(entry["version"]))
        found.setdefault(key, entry)
        files.setdefault(key, []).append(wheel.name)
    return [{**found[key], "files": files[key]} for key in sorted(found)]


def build(
    out: Path, platforms: Sequence[Platform] = PLATFORMS, pythons: Sequence[str] = PYTHONS
) -> list[Path]:
    """Build the artefacts into ``out``; return them.

    The ``.deb`` is built when Linux x86-64 is among the platforms asked for, the Windows
    bundles when Windows and CPython 3.13 (the embeddable build's) are.
    """
    out.mkdir(parents=True, exist_ok=True)
    name = f"cserq-{version()}"
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        stage = work / f"{name}-wheels"
        wheels = stage / "wheels"
        wheels.mkdir(parents=True)
        wheel = build_wheel(work / "app")
        shutil.copy2(wheel, wheels)
        download(wheel, wheels, platforms, pythons)
        (stage / "install.sh").write_text(INSTALL_POSIX, encoding="utf-8")
        (stage / "install.cmd").write_text(INSTALL_WINDOWS.replace("\n", "\r\n"), encoding="utf-8")
        (stage / "install.sh").chmod(0o755)
        artefacts = [zip_folder(stage, out / f"{name}-wheels.zip")]
        bill = bill_of_materials(sorted(wheels.glob("*.whl")))
        if any(p.name == "linux-x86_64" for p in platforms):
            artefacts.append(debian.build_deb(wheels, out, version()))
        if WINDOWS in platforms and windows.PYTHON_TAG in pythons:
            artefacts += windows.build_windows(wheels, out, version())
            bill += windows.bundled_programs()
        sbom = out / f"{name}-sbom.json"
        sbom.write_text(json.dumps({"app": name, "packages": bill}, indent=2) + "\n", "utf-8")
        artefacts.append(sbom)
    sums = "".join(f"{sha256(a)}  {a.name}\n" for a in artefacts)
    (out / "SHA256SUMS").write_text(sums, encoding="utf-8")
    return artefacts


def check(out: Path, platforms: Sequence[Platform] = PLATFORMS) -> list[str]:
    """What is wrong with the artefacts in ``out``: a platform no wheel of a compiled package
    covers, a checksum that does not match or is missing, a bundled wheel the bill does not
    list, a Windows bundle without its Python, launcher or app, a missing Debian package."""
    problems = []
    sums = out / "SHA256SUMS"
    if not sums.is_file():
        return [f"{sums}: missing"]
    summed = set()
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        summed.add(name)
        if not (out / name).is_file() or sha256(out / name) != digest:
            problems.append(f"SHA256SUMS: {name} does not match")
    artefacts = [*out.glob("cserq-*"), *out.glob("cserq_*.deb")]
    problems += [f"SHA256SUMS: {a.name} is not listed" for a in artefacts if a.name not in summed]
    if WINDOWS in platforms:
        problems += windows.check_bundles(out)
    if any(p.name == "linux-x86_64" for p in platforms):
        debs = sorted(out.glob("cserq_*_amd64.deb"))
        if len(debs) != 1 or not _starts_with(debs[0], b"!<arch>\n"):
            problems.append(f"{out}: expected one Debian package, cserq_*_amd64.deb")
    wheelhouses = sorted(out.glob("cserq-*-wheels.zip"))
    boms = sorted(out.glob("cserq-*-sbom.json"))
    if len(wheelhouses) != 1 or len(boms) != 1:
        return [f"{out}: expected one cserq-*-wheels.zip and one cserq-*-sbom.json"]
    wheelhouse, sbom = wheelhouses[0], boms[0]
    with zipfile.ZipFile(wheelhouse) as archive:
        names = [Path(n).name for n in archive.namelist() if n.endswith(".whl")]
    compiled: dict[str, list[str]] = {}
    for wheel in names:
        if not wheel.endswith("-none-any.whl"):
            compiled.setdefault(wheel.split("-")[0].lower(), []).append(wheel)
    for package, files in sorted(compiled.items()):
        for platform in platforms:
            if not any(TAG_PATTERNS[platform.name].search(f) for f in files):
                problems.append(f"{package}: no wheel for {platform.name}")
    (sbom,) = out.glob("cserq-*-sbom.json")
    listed = {
        f for p in json.loads(sbom.read_text(encoding="utf-8"))["packages"] for f in p["files"]
    }
    problems += [f"{sbom.name}: {w} is not listed" for w in names if w not in listed]
    return problems


def _starts_with(path: Path, magic: bytes) -> bool:
    with path.open("rb") as file:
        return file.read(len(magic)) == magic


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.bundle",
        description="Build the offline bundles of the app, or check built ones.",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where artefacts go")
    parser.add_argument("--check", type=Path, metavar="DIR", help="check built artefacts in DIR")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except (OSError, ValueError, zipfile.BadZipFile, KeyError, TypeError, AttributeError) as error:
        # A damaged or foreign file among the artefacts: say which, in a line.
        print(f"Error: {error}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.check is not None:
        problems = check(args.check)
        for problem in problems:
            print(problem)
        print("artefacts: ok" if not problems else f"{len(problems)} problems", file=sys.stderr)
        return 1 if problems else 0
    for artefact in build(args.out):
        print(f"built {artefact}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
