"""The Windows bundles (tools/bundle/windows.py) under Wine: the portable folder checks its
questionnaire, makes a note from the command line and, started by its launcher, serves a whole
case to a note; the installer installs per user, silently, with a Start-menu entry and an
entry in Settings, the installed app serves a whole case, and the uninstaller removes it all.

Wine is not Windows: a real Windows run is still for a health board to do before use. One
known gap is worked around here, in the copies under test only: Wine lacks a function that
Python's ``_wmi`` module calls (``platform`` uses it), so ``_wmi.pyd`` is removed and
``platform`` falls back to its older way of asking.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.test_bundle import built_bundles, linked_copy
from tools.bundle.wheelhouse import WINDOWS, build, check
from tools.bundle.windows import PYTHON_TAG
from tools.loadtest import complete_case

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("wine") is None and os.environ.get("CI") != "true",
        reason="needs Debian's wine and wine32 (CI installs them)",
    ),
]
ANSWERS = {"age": 14, "immediate_danger": "no"}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built bundles (CSERQ_BUNDLE_DIST: see tests/test_bundle.py), or the Windows ones."""
    if (built := built_bundles()) is not None:
        return built
    out = tmp_path_factory.mktemp("dist")
    build(out, platforms=(WINDOWS,), pythons=(PYTHON_TAG,))
    return out


@pytest.fixture(scope="module")
def wine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A new Wine prefix (a Windows user profile of its own), ended with its processes."""
    prefix = tmp_path_factory.mktemp("wine")
    env = {
        **os.environ,
        "WINEPREFIX": str(prefix),
        "WINEDEBUG": "-all",
        "WINEDLLOVERRIDES": "mscoree,mshtml=",  # no prompts to install .NET or a browser
    }
    subprocess.run(["wineboot", "-i"], env=env, capture_output=True, check=True, timeout=300)
    yield env
    subprocess.run(["wineserver", "-k"], env=env, capture_output=True, check=False)


def wine_run(
    env: dict[str, str], *command: str | Path, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["wine", *map(str, command)],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300,
        cwd=cwd, encoding="utf-8", errors="backslashreplace",
    )  # fmt: skip


def windows_path(env: dict[str, str], path: Path) -> str:
    done = subprocess.run(["winepath", "-w", str(path)], env=env, capture_output=True, text=True)
    return done.stdout.strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_a_whole_case(
    env: dict[str, str], *command: str | Path, cwd: Path | None = None
) -> tuple[str, bytes]:
    """Start the app under Wine with ``command`` and walk one case to a note over HTTP."""
    port = free_port()
    server = subprocess.Popen(
        ["wine", *map(str, command), "--no-browser", "--port", str(port)],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        cwd=cwd,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(base + "/", timeout=5) as page:  # noqa: S310
                    assert "sexually exploited" in page.read().decode()
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()  # type: ignore[union-attr]
                time.sleep(1)
        else:
            raise AssertionError("the app under Wine never answered")
        # Under Wine, on two cores shared with the other installer's test, a note's worker
        # process can take well over the load script's 30 seconds to start.
        _, level, note = complete_case(base, ANSWERS, note_language="cy", timeout=180)
        return level, note
    finally:
        server.kill()
        subprocess.run(["wineserver", "-k"], env=env, check=False)
        server.communicate(timeout=60)


def without_wmi(python: Path) -> None:
    """The harness's work-around for Wine (see the module's docstring)."""
    (python / "_wmi.pyd").unlink()


def gone(folder: Path) -> bool:
    """Whether ``folder`` is removed within a minute: an uninstaller finishes in a copy of
    itself, after the one that was started has returned."""
    for _ in range(60):
        if not folder.exists():
            return True
        time.sleep(1)
    return not folder.exists()


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_the_portable_folder_checks_makes_a_note_and_serves_a_case(
    bundle: Path, wine: dict[str, str], tmp_path: Path
) -> None:
    (portable,) = bundle.glob("cserq-*-windows-x64.zip")
    # A user's folder may have spaces, an ampersand and Welsh letters in its name.
    place = tmp_path / "Dogfennau Siân & Dŵr"
    with zipfile.ZipFile(portable) as archive:
        archive.extractall(place)
    (folder,) = place.glob("cserq-*-windows-x64")
    pth = next((folder / "python").glob("python3*._pth")).read_text(encoding="ascii")
    assert pth.split() == ["python313.zip", ".", "..\\app"]  # nothing from outside the folder
    without_wmi(folder / "python")

    # Started from its folder, as a double-click starts it: the launchers find their way from
    # their own path (%~dp0), whatever letters it has.
    checked = wine_run(wine, "cmd", "/c", "cserq-cli.cmd", "check", cwd=folder)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "ok: cserq version" in checked.stdout

    (tmp_path / "answers.json").write_text('{"age": 14, "immediate_danger": "no"}', "utf-8")
    decided = wine_run(
        wine, "cmd", "/c", "cserq-cli.cmd", "decide", "app\\cserq\\questions\\cserq.yaml",
        "--answers", windows_path(wine, tmp_path / "answers.json"),
        "--pdf", windows_path(wine, tmp_path / "note.pdf"), cwd=folder,
    )  # fmt: skip
    assert decided.returncode == 0, decided.stdout + decided.stderr
    assert (tmp_path / "note.pdf").read_bytes().startswith(b"%PDF")

    # Started by its launcher, it serves a whole case and writes nothing: neither in its own
    # folder nor in the Windows user's profile.
    profile = Path(wine["WINEPREFIX"]) / "drive_c" / "users"
    before = files_under(folder) | files_under(profile)
    level, note = serve_a_whole_case(wine, "cmd", "/c", "CSERQ.cmd", cwd=folder)
    assert level
    assert note.startswith(b"%PDF")
    assert files_under(folder) | files_under(profile) == before


@pytest.fixture(scope="module")
def installs(bundle: Path, wine: dict[str, str]) -> dict[str, subprocess.CompletedProcess[str]]:
    """The installer run silently per user and for all users, both at once, by its switch:
    each spends most of a minute compiling the app's packages on one processor, so side by
    side they take the time of one. They install into different folders, under different
    registry keys, and both have finished before any test looks."""
    (setup,) = bundle.glob("cserq-*-windows-x64-setup.exe")
    with ThreadPoolExecutor(2) as pool:
        runs = {
            switch: pool.submit(wine_run, wine, setup, "/S", switch)
            for switch in ("/CurrentUser", "/AllUsers")
        }
    return {switch: run.result() for switch, run in runs.items()}


def test_the_installer_installs_per_user_serves_a_case_and_uninstalls_cleanly(
    installs: dict[str, subprocess.CompletedProcess[str]], wine: dict[str, str]
) -> None:
    installed = installs["/CurrentUser"]
    assert installed.returncode == 0, installed.stdout + installed.stderr
    (user,) = (Path(wine["WINEPREFIX"]) / "drive_c" / "users").glob("*/AppData")
    home = user / "Local" / "Programs" / "CSERQ"
    assert (home / "Python" / "python.exe").is_file()
    shortcut = user / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "CSERQ.lnk"
    assert shortcut.is_file()
    key = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\CSERQ"
    listed = wine_run(wine, "reg", "query", key)
    assert "uninstall.exe" in listed.stdout  # removable from Settings, for this user only

    without_wmi(home / "Python")
    profile = Path(wine["WINEPREFIX"]) / "drive_c" / "users"
    before = files_under(profile)  # the installed app, compiled at install, writes nothing
    level, note = serve_a_whole_case(
        wine, home / "Python" / "python.exe", windows_path(wine, home / "launch.py")
    )
    assert level
    assert note.startswith(b"%PDF")
    assert files_under(profile) == before

    removed = wine_run(wine, home / "uninstall.exe", "/S")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert gone(home)
    assert not shortcut.exists()
    assert wine_run(wine, "reg", "query", key).returncode != 0


def test_the_windows_bundles_pass_the_check_and_a_missing_launcher_is_found(
    bundle: Path, tmp_path: Path
) -> None:
    assert check(bundle, platforms=(WINDOWS,)) == []
    copy = linked_copy(bundle, tmp_path / "dist")
    (portable,) = copy.glob("cserq-*-windows-x64.zip")
    portable.unlink()  # a link: the original stays as it is
    with zipfile.ZipFile(bundle / portable.name) as whole, zipfile.ZipFile(portable, "w") as cut:
        for item in whole.infolist():
            if not item.filename.endswith("/CSERQ.cmd"):
                cut.writestr(item, whole.read(item))
    problems = check(copy, platforms=(WINDOWS,))
    assert f"{portable.name}: CSERQ.cmd is missing" in problems
    assert f"SHA256SUMS: {portable.name} does not match" in problems


def test_it_installs_for_all_users_into_program_files_and_uninstalls(
    installs: dict[str, subprocess.CompletedProcess[str]], wine: dict[str, str]
) -> None:
    """IT's route where AppLocker or WDAC allow only Program Files (needs admin on Windows)."""
    installed = installs["/AllUsers"]
    assert installed.returncode == 0, installed.stdout + installed.stderr
    drive = Path(wine["WINEPREFIX"]) / "drive_c"
    home = drive / "Program Files" / "CSERQ"
    assert (home / "Python" / "python.exe").is_file()
    programs = drive / "ProgramData" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    assert (programs / "CSERQ.lnk").is_file()
    checked = wine_run(wine, home / "Python" / "python.exe", "-m", "cserq", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    removed = wine_run(wine, home / "uninstall.exe", "/S")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert gone(home)
    assert not (programs / "CSERQ.lnk").exists()
