"""Drive the app over real HTTP: one complete case, or many at once as a load test.

    python -m tools.loadtest [--cases 300] [--threads 16] [--limit 200]

starts ``cserq serve`` on a free loopback port with the given limit on open cases, opens cases
from many threads until the limit, completes cases end to end (every page, the outcome, the note,
finish), and reports errors (which must be 0), page latency, memory per open case, and what the
next case gets at the limit. Traffic goes to 127.0.0.1 only, and every loop is bounded.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
RADIO_GROUP = re.compile(r'<input class="radio-input" type="radio" id="[^"]+" name="([a-z0-9_]+)"')
SEEN = re.compile(r'name="seen" value="([a-z0-9_]+)">')
REVEAL = re.compile(r'name="seen" value="([a-z0-9_]+)" disabled')
OUTCOME = re.compile(r'data-outcome="([a-z]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass
class Response:
    status: int
    body: bytes
    headers: Mapping[str, str]
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Browser:
    """One browser: its own cookies, so its own session and cases. Given other servers
    (``spread``: processes sharing one store, as behind a load balancer), it sends each request
    to the next of them in turn, the same cookies to all."""

    base: str
    latencies: list[float] = field(default_factory=list)
    spread: tuple[str, ...] = ()
    sent: int = 0
    timeout: float = 30
    """Seconds to wait for each answer."""

    def __post_init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def request(self, path: str, data: Mapping[str, object] | None = None) -> Response:
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        bases = (self.base, *self.spread)
        base = bases[self.sent % len(bases)]
        self.sent += 1
        started = time.perf_counter()
        try:
            with self.opener.open(base + path, body, timeout=self.timeout) as reply:
                status, content, headers = reply.status, reply.read(), dict(reply.headers)
        except urllib.error.HTTPError as error:
            status, content, headers = error.code, error.read(), dict(error.headers)
        elapsed = time.perf_counter() - started
        self.latencies.append(elapsed)
        return Response(status, content, headers, elapsed)

    def post_form(
        self, path: str, data: Mapping[str, object], *, page: str | None = None
    ) -> Response:
        form_page = self.request(page or path)
        found = TOKEN.search(form_page.text)
        token = found.group(1) if found else ""
        return self.request(path, {"csrf_token": token, **data})


def complete_case(
    base: str,
    answers: Mapping[str, object],
    others: str = "no",
    *,
    note_language: str = "en",
    spread: tuple[str, ...] = (),
    timeout: float = 30,
) -> tuple[Browser, str, bytes]:
    """Start a case, answer every page, read the outcome, download the note, finish; each
    request to the next of ``base`` and ``spread`` in turn.

    Returns the browser, the outcome level and the PDF bytes.
    """
    browser = Browser(base, spread=spread, timeout=timeout)
    started = browser.post_form("/start", {}, page="/")
    if started.status != 303:
        raise RuntimeError(f"start gave {started.status}")
    location = started.headers["Location"]
    case_path = "/".join(location.split("/")[:3])
    location = answer_every_page(browser, location, answers, others)
    browser.request(location)
    outcome = browser.request(f"{case_path}/outcome")
    level = OUTCOME.search(outcome.text)
    note = browser.post_form(
        f"{case_path}/note", {"note_language": note_language}, page=f"{case_path}/outcome"
    )
    if note.status != 200 or not note.body.startswith(b"%PDF"):
        raise RuntimeError(f"the note gave {note.status}")
    finished = browser.post_form(
        f"{case_path}/finish", {"confirmed": "yes"}, page=f"{case_path}/outcome"
    )
    if finished.status != 303:
        raise RuntimeError(f"finish gave {finished.status}")
    return browser, level.group(1) if level else "", note.body


def answer_every_page(
    browser: Browser, location: str, answers: Mapping[str, object], others: str = "no"
) -> str:
    """From the page at ``location``, answer each page as a browser with JavaScript would (each
    radio group from ``answers``, else ``others``; each field ``answers`` names) until Check
    your answers; its address."""
    for _ in range(30):
        page = browser.request(location)
        data: dict[str, object] = {"csrf_token": TOKEN.search(page.text).group(1)}  # type: ignore[union-attr]
        for group in dict.fromkeys(RADIO_GROUP.findall(page.text)):
            if group in answers:
                data[group] = answers[group]
            elif f'name="{group}" value="{others}"' in page.text and not group.endswith("source"):
                data[group] = others
        data.update({k: v for k, v in answers.items() if f'name="{k}"' in page.text})
        # A browser with JavaScript sends "seen" for each conditional question it shows.
        data["seen"] = SEEN.findall(page.text) + [
            q for q in REVEAL.findall(page.text) if q in answers
        ]
        saved = browser.request(location.split("#")[0], data)
        if saved.status != 303:
            raise RuntimeError(f"{location} gave {saved.status}")
        location = saved.headers["Location"]
        if location.endswith("/check"):
            return location
    raise RuntimeError("the questions never reached the check page")


SHAPED = (
    "مرحبا، رأيتها في العيادة مع رجل أكبر سنا. "
    "नमस्ते, वह क्लिनिक में एक बड़े आदमी के साथ थी। "
    "সে ক্লিনিকে একজন বয়স্ক লোকের সাথে ছিল। "
    "Siân Ŵyn, ŷd a dŵr. "
)
"""Text that must be shaped (Arabic joining, Indic conjuncts) between Welsh letters: the slowest
kind of text a note lays out."""


def shaped(length: int) -> str:
    """``length`` characters at most of :data:`SHAPED`, over and over."""
    return (SHAPED * (length // len(SHAPED) + 1))[:length].strip()


def worst_case_answers(question_ids: list[str], note_length: int = 1000) -> dict[str, object]:
    """Answers that fill every free-text field of a case with shaped text, as long as each
    field takes (or each note on an answer ``note_length``): the note that takes longest to
    make (tens of pages of shaped text)."""
    answers: dict[str, object] = {f"{q}-note": shaped(note_length) for q in question_ids}
    answers["age"] = "15"
    child = {"name": 200, "other_names": 200, "address": 500, "household": 500, "school": 200,
             "agencies": 500, "parental_responsibility": 200}  # fmt: skip
    answers.update({f"child-{name}": shaped(length) for name, length in child.items()})
    return answers


SERVE = [sys.executable, "-m", "cserq", "serve", "--no-browser", "--port", "0"]


@contextmanager
def running_server(
    env: Mapping[str, str] | None = None, command: list[str] | None = None
) -> Iterator[tuple[str, int]]:
    """A server on a free loopback port (``cserq serve`` unless ``command`` is given, which
    must print its address first): (base URL, process id)."""
    process = subprocess.Popen(
        command or SERVE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **(env or {})},
    )
    line = process.stdout.readline() if process.stdout else ""
    found = re.search(r"http://127\.0\.0\.1:\d+", line)
    if not found:
        process.kill()
        raise RuntimeError(f"the server did not start: {line!r}")
    try:
        yield found.group(0), process.pid
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
        if process.stdout:
            process.stdout.close()


def run_concurrently(task: Callable[[int], object], count: int, threads: int) -> float:
    """Run ``task(0)`` to ``task(count - 1)`` spread over ``threads`` threads; the seconds taken."""
    lock = threading.Lock()
    numbers = iter(range(count))

    def worker() -> None:
        while True:
            with lock:
                number = next(numbers, None)
            if number is None:
                return
            task(number)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return time.perf_counter() - started


@dataclass
class CaseRun:
    """Complete cases run at once: the browsers that finished, the errors, and the time."""

    browsers: list[Browser]
    errors: list[str]
    seconds: float

    @property
    def latencies(self) -> list[float]:
        return sorted(t for browser in self.browsers for t in browser.latencies)

    def percentile(self, share: float) -> float:
        latencies = self.latencies
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] if latencies else 0.0


def concurrent_cases(base: str, cases: int, threads: int, spread: tuple[str, ...] = ()) -> CaseRun:
    """Complete ``cases`` cases end to end against ``base`` from ``threads`` threads; with
    ``spread``, each request of a case to the next server in turn, each case from another."""
    lock = threading.Lock()
    run = CaseRun([], [], 0.0)
    servers = (base, *spread)

    def one(number: int) -> None:
        first = number % len(servers)
        turn = servers[first:] + servers[:first]
        try:
            browser, _, _ = complete_case(turn[0], {"age": str(10 + number % 8)}, spread=turn[1:])
            with lock:
                run.browsers.append(browser)
        except Exception as error:  # counted and reported, never hidden
            with lock:
                run.errors.append(repr(error))

    run.seconds = run_concurrently(one, cases, threads)
    return run


def open_until_refused(base: str, limit: int) -> tuple[int, Response]:
    """Start cases from new browsers until the server refuses one (or ``limit`` are open)."""
    opened = 0
    while opened < limit:
        if Browser(base).post_form("/start", {}, page="/").status != 303:
            break
        opened += 1
    return opened, Browser(base).post_form("/start", {}, page="/")


def resident_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300, help="complete cases to run")
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--limit", type=int, default=1000, help="CSERQ_MAX_CASES for the server")
    args = parser.parse_args(argv)

    with running_server({"CSERQ_MAX_CASES": str(args.limit)}) as (base, pid):
        complete_case(base, {"age": "15"})  # warm up: imports, fonts, templates
        before = resident_kib(pid)
        opened, refused = open_until_refused(base, args.limit)
        after = resident_kib(pid)
        print(f"open cases: {opened} of limit {args.limit}")
        print(f"resident memory: {before} KiB before, {after} KiB with them open")
        print(f"memory per open case: {(after - before) * 1024 / max(opened, 1):.0f} bytes")
        explained = "Too many cases are open" in refused.text
        print(
            f"next case at the limit: HTTP {refused.status}"
            f" ({'explained' if explained else 'not explained'})"
        )

    with running_server({"CSERQ_MAX_CASES": str(args.limit)}) as (base, _pid):
        run = concurrent_cases(base, args.cases, args.threads)
    done = len(run.browsers)
    print(f"complete cases: {done} in {run.seconds:.1f} s with {args.threads} threads")
    print(f"cases per second: {done / run.seconds:.1f}")
    if run.latencies:
        print(
            f"page latency: p50 {run.percentile(0.5) * 1000:.1f} ms,"
            f" p99 {run.percentile(0.99) * 1000:.1f} ms ({len(run.latencies)} requests)"
        )
    print(f"errors: {len(run.errors)}")
    for error in run.errors[:5]:
        print(f"  {error}")
    return 1 if run.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
