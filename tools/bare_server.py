"""A bare Flask route on waitress, the baseline server for start-up, memory and throughput.

    python -m tools.bare_server

It imports nothing of cserq (tools.bench does), so its start-up and memory are Flask's and
waitress's alone. Like ``cserq serve``, it prints its address first, then serves.
"""

from __future__ import annotations

from flask import Flask
from waitress import create_server


def main() -> None:
    app = Flask("baseline")
    app.get("/")(lambda: "ok")
    server = create_server(app, host="127.0.0.1", port=0, threads=8)
    print(f"running at http://127.0.0.1:{server.effective_port}/", flush=True)
    server.run()


if __name__ == "__main__":
    main()
