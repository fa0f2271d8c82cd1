"""The central service's figures, each against a baseline measured in the same run: called by
``python -m tools.bench`` (or on its own: ``python -m tools.bench_central [--quick]``).

- complete cases a second with 1, 2 and 4 app processes sharing a Redis, against one process
  keeping its cases in memory (the same clients, the same cases);
- page latency (p50, p99) while four of the slowest notes are asked for at once, against the
  same pages with no note being made; and how long those notes take;
- memory per open case in each store (the app's and, for Redis, the server's).

Everything runs on loopback, with a Redis of its own on a unix socket in a temporary folder.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from cserq.base.paths import shipped_dir
from cserq.questionnaire.loader import load_questionnaire
from tools.loadtest import (
    TOKEN,
    Browser,
    answer_every_page,
    concurrent_cases,
    open_until_refused,
    resident_kib,
    running_server,
    worst_case_answers,
)
from tools.local_redis import LocalRedis


@contextmanager
def central(processes: int, **env: str) -> Iterator[tuple[list[str], list[int], LocalRedis]]:
    """``processes`` app processes sharing a Redis and a secret: their addresses and ids."""
    with tempfile.TemporaryDirectory(prefix="cserq-bench-") as folder, ExitStack() as stack:
        redis = LocalRedis(Path(folder) / "redis")
        stack.callback(redis.stop)
        secret = Path(folder) / "secret"
        secret.write_text(secrets.token_hex(32))
        shared = {"CSERQ_STORE": redis.url, "CSERQ_SECRET_FILE": str(secret), **env}
        servers = [stack.enter_context(running_server(shared)) for _ in range(processes)]
        yield [base for base, _ in servers], [pid for _, pid in servers], redis


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def bench_processes(
    cases: int, threads: int, counts: tuple[int, ...] = (1, 2, 4)
) -> dict[str, tuple[float, float, int]]:
    """Cases a second, p99 page latency and errors: one process in memory, then 1, 2 and 4
    processes sharing a Redis, every request of a case to the next process in turn."""
    limit = {"CSERQ_MAX_CASES": "100000"}
    figures = {}
    with running_server(limit) as (base, _):
        run = concurrent_cases(base, cases, threads)
    figures["memory, 1 process"] = (len(run.browsers) / run.seconds, run.percentile(0.99), 0)
    for processes in counts:
        with central(processes, **limit) as (bases, _, _):
            run = concurrent_cases(bases[0], cases, threads, spread=tuple(bases[1:]))
        label = f"Redis, {processes} process{'es' if processes > 1 else ''}"
        figures[label] = (len(run.browsers) / run.seconds, run.percentile(0.99), len(run.errors))
    return figures


def bench_slow_notes(pages: int, notes: int = 4, note_length: int = 1000) -> dict[str, float]:
    """A question page asked for again and again by one browser: first alone, then while
    ``notes`` of the slowest notes (every free-text field full of shaped text) are asked for at
    once by others. One process, the clinic PC's defaults."""
    questions = list(load_questionnaire(shipped_dir("questions") / "cserq.yaml").questions)
    with running_server({"CSERQ_MAX_CASES": "1000"}) as (base, _):
        reader = Browser(base)
        page = reader.post_form("/start", {}, page="/").headers["Location"]
        slow = []
        for _ in range(notes):
            browser = Browser(base)
            started = browser.post_form("/start", {}, page="/")
            case = "/".join(started.headers["Location"].split("/")[:3])
            slowest = worst_case_answers(questions, note_length)
            answer_every_page(browser, started.headers["Location"], slowest)
            token = TOKEN.search(browser.request(f"{case}/outcome").text).group(1)  # type: ignore[union-attr]
            slow.append((browser, case, token))

        def read(count: int) -> list[float]:
            return [reader.request(page).seconds for _ in range(count)]

        read(5)  # warm
        alone = read(pages)
        note_seconds: list[float] = []

        def ask(browser: Browser, case: str, token: str) -> None:
            made = browser.request(f"{case}/note", {"csrf_token": token, "note_language": "en"})
            note_seconds.append(made.seconds if made.status == 200 else float("nan"))

        askers = [threading.Thread(target=ask, args=one) for one in slow]
        for thread in askers:
            thread.start()
        during: list[float] = []
        while any(thread.is_alive() for thread in askers):
            during.append(reader.request(page).seconds)
            time.sleep(0.005)
        for thread in askers:
            thread.join()
    return {
        "alone_p50": _percentile(alone, 0.5),
        "alone_p99": _percentile(alone, 0.99),
        "during_p50": _percentile(during, 0.5),
        "during_p99": _percentile(during, 0.99),
        "pages_during": len(during),
        "note_median": statistics.median(note_seconds),
        "note_longest": max(note_seconds),
    }


def bench_case_memory(cases: int) -> dict[str, float]:
    """Bytes per open case: the app process's growth with each store, and the Redis server's."""
    limit = {"CSERQ_MAX_CASES": str(cases + 10)}
    with running_server(limit) as (base, pid):
        start = resident_kib(pid)
        opened, _ = open_until_refused(base, cases)
        in_memory = (resident_kib(pid) - start) * 1024 / max(opened, 1)
    with central(1, **limit) as (bases, pids, redis):
        start, held = resident_kib(pids[0]), redis.used_memory()
        opened, _ = open_until_refused(bases[0], cases)
        app = (resident_kib(pids[0]) - start) * 1024 / max(opened, 1)
        server = (redis.used_memory() - held) / max(opened, 1)
    return {"memory": in_memory, "redis_app": app, "redis_server": server}


def report(quick: bool) -> int:
    """Print the central service's figures; 1 if any request failed."""
    threads = 8
    # A quick run checks that each part runs, on less: two processes at most, short notes.
    processes = bench_processes(8 if quick else 120, threads, (1, 2) if quick else (1, 2, 4))
    baseline = processes["memory, 1 process"][0]
    print(f"9. complete cases a second, {threads} client threads (baseline: one process in memory)")
    errors = 0
    for label, (rate, p99, failed) in processes.items():
        errors += failed
        print(
            f"   {label:<41} {rate:9.1f}     baseline {baseline:9.1f}     ratio"
            f" {rate / baseline:5.2f}   p99 {p99 * 1000:.0f} ms, errors {failed}"
        )
    slow = bench_slow_notes(20 if quick else 200, 2 if quick else 4, 100 if quick else 1000)
    print(
        f"10. question page while {2 if quick else 4} of the slowest notes are made"
        f" ({slow['pages_during']:.0f} pages meanwhile)"
    )
    for share in ("p50", "p99"):
        ours, alone = slow[f"during_{share}"], slow[f"alone_{share}"]
        print(
            f"   {'page latency ' + share:<41} {ours * 1000:9.1f} ms  baseline"
            f" {alone * 1000:9.1f} ms  ratio {ours / alone:5.2f}   (baseline: no note being made)"
        )
    print(
        f"   {'the slowest notes took':<41} median {slow['note_median']:.1f} s,"
        f" longest {slow['note_longest']:.1f} s (one worker: they wait for each other)"
    )
    memory = bench_case_memory(20 if quick else 1000)
    print("11. memory per open case")
    print(f"   {'in memory: the app process grows':<41} {memory['memory']:9.0f} B")
    print(f"   {'in Redis: the app process grows':<41} {memory['redis_app']:9.0f} B")
    print(f"   {'in Redis: the Redis server grows':<41} {memory['redis_server']:9.0f} B")
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The central service's benchmark.")
    parser.add_argument("--quick", action="store_true", help="few repetitions: checks it runs")
    return report(parser.parse_args(argv).quick)


if __name__ == "__main__":
    raise SystemExit(main())
