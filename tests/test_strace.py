"""The real server, traced by the kernel: after start-up it opens no file for writing.

Runs ``cserq serve`` under ``strace -f`` through complete cases over HTTP (every page, the note
in both languages, finish). Needs strace (installed by .ci/run); in CI a missing strace fails.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tools.loadtest import complete_case

WRITE_FLAGS = re.compile(r"O_(WRONLY|RDWR|CREAT|TRUNC|APPEND)")
CHANGES = re.compile(
    r"\b(rename|renameat2?|unlink|unlinkat|mkdir|mkdirat|rmdir|truncate|creat|link|symlink)\("
)

needs_strace = pytest.mark.skipif(
    shutil.which("strace") is None and not os.environ.get("CI"),
    reason="strace is not installed (scripts/test installs it as root)",
)


@needs_strace
def test_the_server_writes_no_file_while_serving_cases(tmp_path: Path) -> None:
    trace = tmp_path / "trace.txt"
    process = subprocess.Popen(
        [
            "strace", "-f", "-qq", "-ttt", "-o", str(trace),
            "-e", "trace=open,openat,openat2,creat,rename,renameat,renameat2,unlink,unlinkat,"
            "mkdir,mkdirat,rmdir,truncate,link,symlink",
            sys.executable, "-m", "cserq", "serve", "--no-browser", "--port", "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # so Ctrl+C reaches the server, not only strace
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        started = time.time()
        base = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert base, line + (process.stderr.read() if process.stderr else "")
        levels = set()
        for language, answers in (
            ("en", {"age": "12", "sexual_activity": "yes", "child-name": "Siân Ŵyn"}),
            ("cy+en", {"age": "16", "immediate_danger": "yes", "injuries": "yes"}),
        ):
            _, level, pdf = complete_case(base.group(0), answers, note_language=language)
            levels.add(level)
            assert pdf.startswith(b"%PDF")
        assert levels == {"report", "emergency"}
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=20)
        for pipe in (process.stdout, process.stderr):
            if pipe:
                pipe.close()

    after_start = []
    for entry in trace.read_text().splitlines():
        parts = entry.split(None, 2)
        if len(parts) < 3 or not re.match(r"\d+\.\d+", parts[1]):
            continue
        if float(parts[1]) < started:
            continue
        call = parts[2]
        if (call.startswith(("open", "creat")) and WRITE_FLAGS.search(call)) or CHANGES.match(call):
            after_start.append(call)
    # Failed attempts (-1 ENOENT) change nothing on disk, but an attempt is still a bug.
    assert after_start == [], "\n".join(after_start[:10])
