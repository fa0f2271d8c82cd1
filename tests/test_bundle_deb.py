"""The Debian package (tools/bundle/debian.py): its control fields and files are right, it
installs with the network off, the installed app checks, makes a note and serves a case to a
note, and removing it leaves nothing behind.

The install test changes this machine (dpkg -i, then dpkg --purge), so it is one test that
always removes the package again. It needs root, unshare, python3 and python3-venv (CI has all).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from tests.test_bundle import HERE, built_bundles, decide_makes_a_note, needs_offline
from tools.bundle.debian import build_deb, installable
from tools.bundle.wheelhouse import build_wheel, download, version

SYSTEM_PYTHON = Path("/usr/bin/python3")
OFFLINE = ["unshare", "-n"]


def system_python_version() -> str:
    """The system python3's X.Y, whose wheels the package must carry to install here."""
    if not SYSTEM_PYTHON.is_file():
        return "3.11"  # the test that needs it skips, or fails in CI
    said = subprocess.run([SYSTEM_PYTHON, "--version"], capture_output=True, text=True).stdout
    return ".".join(said.split()[1].split(".")[:2])


@pytest.fixture(scope="module")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built one (CSERQ_BUNDLE_DIST, see tests/test_bundle.py), or one for this machine's
    python3 alone."""
    if (built := built_bundles()) is not None:
        (package,) = built.glob("cserq_*_amd64.deb")
        return package
    work = tmp_path_factory.mktemp("deb")
    wheels = work / "wheels"
    wheels.mkdir()
    wheel = build_wheel(work / "app")
    shutil.copy2(wheel, wheels)
    download(wheel, wheels, (HERE,), (system_python_version(),))
    return build_deb(wheels, work / "out", version())


def dpkg_deb(*args: str | Path) -> str:
    return subprocess.run(["dpkg-deb", *args], capture_output=True, text=True, check=True).stdout


@pytest.mark.slow
@needs_offline
def test_the_control_fields_are_right_and_every_file_is_roots_and_in_its_place(
    deb: Path,
) -> None:
    assert deb.name == f"cserq_{version()}_amd64.deb"
    info = dpkg_deb("--info", deb)
    for field in (
        "Package: cserq",
        f"Version: {version()}",
        "Architecture: amd64",
        "Maintainer: CSERQ maintainers <cserq@invalid>",
        "Depends: python3 (>= 3.11), python3 (<< 3.15), python3-venv",
        "Section: misc",
        "Priority: optional",
        "Installed-Size: ",
        "sexually exploited",
    ):
        assert field in info
    contents = [line.split() for line in dpkg_deb("--contents", deb).splitlines()]
    paths = {line[5].removeprefix(".") for line in contents}
    assert all(line[1] == "root/root" for line in contents)
    assert all(
        p in ("/", "/opt/", "/usr/", "/usr/bin/", "/usr/bin/cserq") or p.startswith("/opt/cserq/")
        for p in paths
    ), paths
    assert f"/opt/cserq/wheels/cserq-{version()}-py3-none-any.whl" in paths
    modes = {line[5].removeprefix("."): line[0] for line in contents}
    assert modes["/usr/bin/cserq"] == "-rwxr-xr-x"
    assert {m for p, m in modes.items() if p.endswith(".whl")} == {"-rw-r--r--"}


# A practitioner's browser, in the system python3 (standard library only): starts the
# server, starts a case, answers every page "no" (age 14), asks for the note, then stops the
# server with Ctrl+C. Prints the start page's title, the note's first bytes and what the
# server said. (It starts the server itself: sh would start it with Ctrl+C ignored.)
CLIENT = r"""
import atexit, html.parser, http.cookiejar, signal, subprocess, sys, time
import urllib.parse, urllib.request

cserq, port = sys.argv[1:]
base = f"http://127.0.0.1:{port}"
server = subprocess.Popen([cserq, "serve", "--no-browser", "--port", port],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
atexit.register(lambda: server.poll() is None and server.kill())  # never left running
opener = urllib.request.build_opener(
    urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

class Form(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.main = self.inside = self.done = False
        self.title, self.in_title, self.csrf = "", False, ""
        self.radios, self.fields, self.seen = {}, set(), []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.in_title = tag == "title"
        if tag == "main":
            self.main = True
        elif tag == "form" and self.main and not self.done and a.get("method") == "post":
            self.inside = True
        elif tag in ("input", "textarea", "select") and self.inside and a.get("name"):
            name = a["name"]
            if name == "csrf_token":
                self.csrf = a.get("value", "")
            elif a.get("type") == "radio":
                self.radios.setdefault(name, []).append(a.get("value"))
            elif name == "seen" and "disabled" not in a:
                self.seen.append(a.get("value"))
            else:
                self.fields.add(name)
    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        self.in_title = False
    def handle_data(self, data):
        if self.in_title:
            self.title += data

def get(url):
    for _ in range(100):  # the server may still be starting
        try:
            with opener.open(base + url, timeout=10) as response:
                form = Form()
                form.feed(response.read().decode())
                return response, form
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server never answered")

def post(url, data, form):
    body = urllib.parse.urlencode([("csrf_token", form.csrf), *data]).encode()
    return opener.open(base + url, body, timeout=30)

response, form = get("/")
print("title:", response.status, form.title.strip())
url = urllib.parse.urlparse(post("/start", [], form).geturl()).path
for _ in range(30):
    _, form = get(url)
    data = [("seen", s) for s in form.seen]
    for name, values in form.radios.items():
        if name == "immediate_danger" or not name.endswith("-source") and "no" in values:
            data.append((name, "no"))
    if "age" in form.fields:
        data.append(("age", "14"))
    url = urllib.parse.urlparse(post(url, data, form).geturl()).path
    if url.endswith("/check"):
        break
else:
    raise SystemExit("the questions never ended")
case = url.rsplit("/", 1)[0]
_, form = get(case + "/outcome")
with post(case + "/note", [], form) as note:
    print("note:", note.status, note.headers["Content-Type"], note.read()[:5])
server.send_signal(signal.SIGINT)
print(server.communicate(timeout=30)[0])
sys.exit(server.returncode)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow
@needs_offline
def test_it_installs_offline_checks_makes_a_note_serves_and_removes_cleanly(
    deb: Path, tmp_path: Path
) -> None:
    cserq = Path("/usr/bin/cserq")
    try:
        installed = subprocess.run([*OFFLINE, "dpkg", "-i", deb], capture_output=True, text=True)
        assert installed.returncode == 0, installed.stdout + installed.stderr
        assert "Traceback" not in installed.stdout + installed.stderr

        checked = subprocess.run([*OFFLINE, cserq, "check"], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert ": ok: cserq version" in checked.stdout

        questionnaire = next(Path("/opt/cserq/venv/lib").glob("python3.*/site-packages"))
        questionnaire = questionnaire / "cserq" / "questions" / "cserq.yaml"
        decide_makes_a_note([*OFFLINE, cserq], questionnaire, tmp_path)

        # Loopback works in a namespace with no network once it is up; the server and the
        # client share that namespace, so the client runs in the same shell.
        port = free_port()
        client = tmp_path / "client.py"
        client.write_text(CLIENT, encoding="utf-8")
        script = f"ip link set lo up && exec {SYSTEM_PYTHON} {client} {cserq} {port}"
        walked = subprocess.run(
            [*OFFLINE, "sh", "-c", script], capture_output=True, text=True, timeout=120
        )
        assert walked.returncode == 0, walked.stdout + walked.stderr
        assert "title: 200 " in walked.stdout
        assert "CSE concern decision support" in walked.stdout
        assert "note: 200 application/pdf b'%PDF-'" in walked.stdout
        assert "Every answer has been cleared" in walked.stdout

        # After a system Python upgrade the environment is broken: the command says how to
        # rebuild it, and that rebuilds it, offline.
        site = next(Path("/opt/cserq/venv/lib").glob("python3.*"))
        site.rename(site.with_name("moved"))
        broken = subprocess.run([cserq, "check"], capture_output=True, text=True)
        assert broken.returncode == 1
        assert "sudo dpkg-reconfigure cserq" in broken.stderr
        assert "Traceback" not in broken.stdout + broken.stderr
        rebuilt = subprocess.run(
            [*OFFLINE, "dpkg-reconfigure", "cserq"], capture_output=True, text=True
        )
        assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
        again = subprocess.run([*OFFLINE, cserq, "check"], capture_output=True, text=True)
        assert again.returncode == 0, again.stdout + again.stderr
    finally:
        removed = subprocess.run(["dpkg", "--purge", "cserq"], capture_output=True, text=True)
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert not Path("/opt/cserq").exists()
    assert not cserq.exists()


def test_only_the_wheels_linux_x86_64_cpython_3_11_to_3_14_can_install_are_packaged(
    tmp_path: Path,
) -> None:
    taken = [
        "cserq-1.0-py3-none-any.whl",
        "pytz-2026.6-py2.py3-none-any.whl",
        "pyyaml-6.0-cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64.whl",
        "pillow-13.0-cp314-cp314-manylinux_2_28_x86_64.whl",
        "rl_accel-0.9-cp37-abi3-manylinux_2_5_x86_64.manylinux1_x86_64.whl",
        "tool-1.0-py3-none-manylinux_2_17_x86_64.whl",
        "built-1.0-1-cp312-cp312-manylinux_2_28_x86_64.whl",
    ]
    left = [
        "pyyaml-6.0-cp311-cp311-win_amd64.whl",
        "pyyaml-6.0-cp311-cp311-macosx_11_0_arm64.whl",
        "pyyaml-6.0-cp311-cp311-manylinux_2_28_aarch64.whl",
        "pyyaml-6.0-cp311-cp311-musllinux_1_2_x86_64.whl",
        "pyyaml-6.0-cp310-cp310-manylinux_2_28_x86_64.whl",
        "pillow-13.0-cp314-cp314t-manylinux_2_28_x86_64.whl",
        "pillow-13.0-pp311-pypy311_pp73-manylinux_2_28_x86_64.whl",
        "not-a-wheel.whl",
    ]
    assert [n for n in taken + left if installable(n)] == taken
    # build_deb says plainly when the app's own wheel is not there, before dpkg-deb runs.
    for name in left:
        (tmp_path / name).touch()
    with pytest.raises(SystemExit, match=r"no cserq-1\.0-py3-none-any\.whl"):
        build_deb(tmp_path, tmp_path / "out", "1.0")
