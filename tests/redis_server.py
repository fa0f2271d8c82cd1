"""A Redis server of the tests' own, on a unix socket in a temporary folder, keeping nothing.

Started as the deployment guide says to start one (docs/deployment.md). Locally the tests that
need it skip when ``redis-server`` is not installed; in CI (CI=true) they fail instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tools.local_redis import LocalRedis


class RedisServer(LocalRedis):
    def __init__(self, folder: Path, *options: str) -> None:
        if shutil.which("redis-server") is None:
            if os.environ.get("CI"):
                pytest.fail("redis-server is not installed (scripts/test installs it)")
            pytest.skip("redis-server is not installed")
        super().__init__(folder, *options)

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
