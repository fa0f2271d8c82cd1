"""What the bundle builders share: running a command, hashing and zipping a file."""

from __future__ import annotations

import hashlib
import os
import subprocess
import zipfile
from collections.abc import Sequence
from pathlib import Path


def offline_env() -> dict[str, str]:
    """This process's environment, with pip told to use only the wheels it is given (not a
    machine's own pip settings, which may name other indexes or folders of wheels)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    return {**env, "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def run(command: Sequence[str | Path], env: dict[str, str] | None = None) -> str:
    """Run a command of this build: its output, or one message saying what failed."""
    try:
        done = subprocess.run(
            [str(c) for c in command], capture_output=True, text=True, check=False, env=env
        )
    except OSError as error:
        raise SystemExit(f"{command[0]}: {error.strerror}") from None
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def zip_folder(folder: Path, archive_path: Path) -> Path:
    """A zip of ``folder`` (the folder's own name at its top), in a stable order. Wheels, zips
    already, are stored as they are: compressing them again takes time and saves nothing."""
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo.from_file(path, path.relative_to(folder.parent).as_posix())
                packed = path.suffix in {".whl", ".zip"}
                info.compress_type = zipfile.ZIP_STORED if packed else zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    return archive_path
