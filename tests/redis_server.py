"""A Redis server of the tests' own, on a unix socket in a temporary folder, keeping nothing.

Started as the deployment guide says to start one (docs/deployment.md): no snapshots, no
append-only file, no TCP port. Locally the tests that need it skip when ``redis-server`` is not
installed; in CI (CI=true) they fail instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import redis

SAFE = ("--save", "", "--appendonly", "no", "--port", "0")


class RedisServer:
    def __init__(self, folder: Path, *options: str) -> None:
        if shutil.which("redis-server") is None:
            if os.environ.get("CI"):
                pytest.fail("redis-server is not installed (scripts/test installs it)")
            pytest.skip("redis-server is not installed")
        folder.mkdir(parents=True, exist_ok=True)
        self.socket = folder / "redis.sock"
        self.url = f"unix://{self.socket}"
        socket = ("--unixsocket", str(self.socket), "--unixsocketperm", "700")
        self.process = subprocess.Popen(
            ["redis-server", *SAFE, *socket, "--dir", str(folder), *options],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.client = redis.Redis.from_url(self.url)
        for _ in range(200):
            try:
                self.client.ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.02)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def everything(self) -> dict[bytes, list[bytes]]:
        """Every value the server holds, by key, read directly: strings, hashes' fields and
        sorted sets' members."""
        found: dict[bytes, list[bytes]] = {}
        for key in self.client.scan_iter(count=1000):
            kind = self.client.type(key)
            if kind == b"string":
                found[key] = [self.client.get(key) or b""]
            elif kind == b"hash":
                found[key] = [b for pair in self.client.hgetall(key).items() for b in pair]
            elif kind == b"zset":
                found[key] = list(self.client.zrange(key, 0, -1))
            else:
                found[key] = [repr(kind).encode()]
        return found

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
