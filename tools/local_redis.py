"""A Redis of one's own, for the tests and the benchmark: on a unix socket in a given folder,
started the way docs/deployment.md sets one up (no snapshots, no append-only file, no port)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import redis

SAFE = ("--save", "", "--appendonly", "no", "--port", "0")


class LocalRedis:
    def __init__(self, folder: Path, *options: str) -> None:
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
        for _ in range(250):
            try:
                self.client.ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.02)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def used_memory(self) -> int:
        """Bytes the server holds for its data and itself (INFO memory)."""
        return int(self.client.info("memory")["used_memory"])

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
