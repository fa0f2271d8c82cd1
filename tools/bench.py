"""Benchmark: how fast the app is on this machine, each figure beside a baseline measured in the
same run, with the ratio and the target.

    python -m tools.bench            # the full run, under two minutes
    python -m tools.bench --quick    # a few repetitions, to check that it runs

Baselines do the same job with nothing of ours: a bare Flask route rendering a plain Jinja
template with the same radio groups, a bare ReportLab document with the same text and tables in
the same embedded font, a bare Flask route answering the same number of requests, Python
importing Flask, and a bare waitress server.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cserq.base.paths import shipped_dir
from tools.loadtest import (
    RADIO_GROUP,
    TOKEN,
    Browser,
    concurrent_cases,
    open_until_refused,
    resident_kib,
    run_concurrently,
    running_server,
)

EXTRA_SIGNS = 2  # the behavioural section has 13 questions; the benchmark page has 15


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    """Median time of one call, after one call to warm up."""
    work()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def report(name: str, ours: float, baseline: float, unit: str, target: str) -> None:
    scale = 1000 if unit == "ms" else 1
    ratio = ours / baseline if baseline else float("inf")
    print(
        f"{name:<44} {ours * scale:9.2f} {unit:<3} baseline {baseline * scale:9.2f} {unit:<3}"
        f" ratio {ratio:5.2f}   target {target}"
    )


# --- 1. a question page with 15 questions ---


def _bench_questionnaire(folder: Path) -> None:
    """The shipped questionnaire with five more signs, so one page has 15 questions."""
    text = (shipped_dir("questions") / "cserq.yaml").read_text(encoding="utf-8")
    extra = "".join(
        f"      - id: bench_sign_{n}\n        kind: yes_no_unknown\n        required: true\n"
        f"        category: behavioural\n        weight: supporting\n"
        f"        text: Benchmark sign number {n}, a question of ordinary length for the page?\n"
        for n in range(1, EXTRA_SIGNS + 1)
    )
    # The vulnerability section (the category of that name has no intro).
    marker = (
        "\n  - id: vulnerability\n    title: What may make the child more vulnerable\n    intro:"
    )
    (folder / "bench.yaml").write_text(text.replace(marker, "\n" + extra + marker, 1))


BASELINE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="/static/site.css"></head>
<body><main><h1>{{ title }}</h1><form method="post">
<input type="hidden" name="csrf_token" value="{{ token }}">
{% for q in questions %}<div class="field"><fieldset><legend>{{ q.text }}</legend>
{% for value, label in options %}<div class="radio"><input type="radio" id="{{ q.id }}-{{ value }}"
 name="{{ q.id }}" value="{{ value }}"{% if answers.get(q.id) == value %} checked{% endif %}>
<label for="{{ q.id }}-{{ value }}">{{ label }}</label></div>{% endfor %}
</fieldset></div>{% endfor %}<button>Save and continue</button></form></main></body></html>"""


def bench_page(repeat: int) -> tuple[float, float]:
    from flask import Flask

    from cserq import create_app

    with tempfile.TemporaryDirectory() as folder:
        _bench_questionnaire(Path(folder))
        app = create_app({"QUESTIONS_DIR": folder, "LANGUAGES": "en"})
    client = app.test_client()
    page = client.get("/").get_data(as_text=True)
    started = client.post("/start", data={"csrf_token": TOKEN.search(page).group(1)})  # type: ignore[union-attr]
    url = started.headers["Location"].rsplit("/", 2)[0] + "/questions/behavioural"
    body = client.get(url).get_data(as_text=True)
    groups = [g for g in dict.fromkeys(RADIO_GROUP.findall(body)) if not g.endswith("-source")]
    if len(groups) != 13 + EXTRA_SIGNS:
        raise RuntimeError(f"the benchmark page has {len(groups)} questions, not 15")

    questionnaire = app.extensions["cserq"].questionnaires["cserq"]
    questions = [questionnaire.questions[g] for g in groups]
    bare = Flask("baseline")
    template = bare.jinja_env.from_string(BASELINE_PAGE)

    @bare.get("/")
    def baseline_page() -> str:
        return template.render(
            title="Behavioural signs",
            token="x" * 80,
            questions=questions,
            options=[("yes", "Yes"), ("no", "No"), ("unknown", "Don't know")],
            answers={},
        )

    bare_client = bare.test_client()
    ours = median_seconds(lambda: client.get(url).close(), repeat)
    baseline = median_seconds(lambda: bare_client.get("/").close(), repeat)
    return ours, baseline


# --- 2. the note as a PDF ---


def _full_case() -> Any:
    from cserq.case.summary import CaseSummary, Decision, Note
    from cserq.questionnaire.answers import answer_others
    from cserq.questionnaire.loader import load_questionnaire

    questionnaire = load_questionnaire(shipped_dir("questions") / "cserq.yaml")
    answers: dict[str, Any] = {
        "age": 17,
        "immediate_danger": "no",
        "how_well_known": "few_times",
        "concern_came_from": ("seen", "child_told"),
        "concern_date": datetime.date(2026, 11, 20),
        "missing_overnight": "yes",
        "older_partner": "yes",
        "injuries": "unknown",
        "peers_exploited": "unknown",
        "online_images": "unknown",
        "looked_after": "yes",
    }
    answer_others(questionnaire, answers, "no")
    return CaseSummary(
        questionnaire,
        answers,
        child={"name": "Siân Ŵyn", "nhs_number": "943 476 5919", "first_language": "Cymraeg"},
        practitioner={"name": "Nyrs Ŷ Jones", "role": "School nurse", "organisation": "BIP"},
        notes={
            q: Note("Seen at the clinic on Tuesday with a man in his thirties.", "seen")
            for q in ("missing_overnight", "older_partner")
        },
        decision=Decision("report", ""),
    )


def _baseline_pdf(case: Any, words: Any) -> bytes:
    """The same text and tables, laid out by ReportLab alone, in the same embedded font."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from cserq.note.fonts import FAMILY, register_fonts
    from cserq.words import guidance

    register_fonts()
    body = ParagraphStyle("b", fontName=FAMILY, fontSize=10, leading=13.5)
    head = ParagraphStyle("h", fontName=f"{FAMILY}-Bold", fontSize=13, leading=17)
    cell = ParagraphStyle("c", fontName=FAMILY, fontSize=9, leading=12)
    style = TableStyle(
        [("FONTNAME", (0, 0), (-1, -1), FAMILY), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    )
    outcome = case.outcome
    q = case.questionnaire

    def table(rows: list[list[str]], widths: list[float]) -> Table:
        made = Table(
            [[Paragraph(c, cell) for c in r] for r in rows], colWidths=widths, repeatRows=1
        )
        made.setStyle(style)
        return made

    story: list[Any] = [Paragraph("Decision-support note", head), Paragraph("x " * 60, body)]
    story.append(table([["Item", "Detail"]] + [["Generated", "now"]] * 5, [140, 320]))
    story.append(Paragraph(words.level_title(outcome.level), head))
    story.append(Paragraph(words.level_text(outcome.level), body))
    story.append(table([["Reason", "Answers"]] + [
        [words.rule_reason(r.rule), "; ".join(f"{q.questions[i].text} {a}" for i, a in r.answers)]
        for r in outcome.reasons
    ], [210, 250]))  # fmt: skip
    for prompt in outcome.prompts:
        story += [
            Paragraph(words.prompt_title(prompt), cell),
            Paragraph(words.prompt_text(prompt), body),
        ]
    story.append(table([["Item", "Detail"], ["Decision", "Report"]] + [
        [f.label, v] for f, v in case.practitioner_details], [140, 320]))  # fmt: skip
    story.append(table([["Item", "Detail"], ["Age", "17"]] + [
        [f.label, v] for f, v in case.child_details], [140, 320]))  # fmt: skip
    story.append(table([["Category", "Yes"]] + [[c.title, "None recorded"] for c in q.categories],
                       [140, 320]))  # fmt: skip
    story.append(table([["Question", "Answer", "Note and where it came from"]] + [
        [words.question(x), words.answer(x, outcome.answers.get(x.id)),
         case.notes[x.id].text if x.id in case.notes else ""]
        for x in q.questions.values() if x.id in outcome.answers], [200, 100, 160]))  # fmt: skip
    steps = guidance.next_steps(outcome.level, adult=outcome.adult)
    for text in (*steps, *guidance.REPORT_FORM_ASKS, guidance.DEFAULT_CONTACTS):
        story.append(Paragraph(text, body))
    story.append(table([["Service", "For", "How", "When"]] + [
        [h.name, h.who, h.how, h.when] for h in guidance.HELPLINES],
        [90, 130, 130, 110]))  # fmt: skip
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, initialFontName=FAMILY).build(story)
    return buffer.getvalue()


def bench_pdf(repeat: int) -> tuple[float, float]:
    from cserq.base.languages import translations
    from cserq.note.note import render_note
    from cserq.words.wording import Wording

    case = _full_case()
    at = datetime.datetime(2026, 11, 22, 14, 30)
    words = Wording(case.questionnaire, translations("en"), "en")
    ours = median_seconds(lambda: render_note(case, generated_at=at), repeat)
    baseline = median_seconds(lambda: _baseline_pdf(case, words), repeat)
    return ours, baseline


_FIRST_NOTE = """
import datetime, resource, sys, time
from cserq.case.summary import CaseSummary
from cserq.base.paths import shipped_dir
from cserq.note.note import render_note
from cserq.questionnaire.answers import answer_others
from cserq.questionnaire.loader import load_questionnaire
q = load_questionnaire(shipped_dir("questions") / "cserq.yaml")
answers = {"age": 14}
answer_others(q, answers, "no")
case = CaseSummary(q, answers, child={"name": sys.argv[1], "school": sys.argv[2]})
started = time.perf_counter()
pdf = render_note(case, generated_at=datetime.datetime(2026, 11, 22, 14, 30))
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(pdf))
"""


def bench_first_note(name: str, school: str) -> tuple[float, float, int]:
    """The first note of a fresh process: seconds, peak resident memory (MB) and PDF bytes. A
    note in Chinese loads (and pins at Regular) a face a note in Latin script never loads."""
    runs = [
        subprocess.run(
            [sys.executable, "-c", _FIRST_NOTE, name, school],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        for _ in range(3)
    ]
    return (
        statistics.median(float(r[0]) for r in runs),
        statistics.median(int(r[1]) for r in runs) / 1024,
        int(runs[0][2]),
    )


# --- 3. a complete case, server time ---


def bench_complete_case(repeat: int) -> tuple[float, float, int]:
    """Server time for a whole case through the test client (the client's own parsing of the
    pages is not counted), against a bare Flask route answering as many requests."""
    from flask import Flask

    from cserq import create_app

    app = create_app({"MAX_CASES": 100_000})
    requests = 0

    def one_case() -> float:
        nonlocal requests
        client = app.test_client()
        spent = 0.0
        count = 0

        def call(method: str, url: str, data: dict[str, Any] | None = None) -> Any:
            nonlocal spent, count
            started = time.perf_counter()
            response = client.open(url, method=method, data=data)
            body = response.get_data()
            response.close()
            spent += time.perf_counter() - started
            count += 1
            return response, body.decode("utf-8", "replace")

        _, page = call("GET", "/")
        token = TOKEN.search(page).group(1)  # type: ignore[union-attr]
        response, _ = call("POST", "/start", {"csrf_token": token})
        url = response.headers["Location"]
        answers = {"age": "15", "older_partner": "yes"}
        for _ in range(20):
            _, page = call("GET", url)
            data: dict[str, Any] = {"csrf_token": token, **answers}
            for group in dict.fromkeys(RADIO_GROUP.findall(page)):
                if group not in answers and f'name="{group}" value="no"' in page:
                    data[group] = "no"
            response, _ = call("POST", url, data)
            url = response.headers["Location"]
            if url.endswith("/check"):
                break
        case = url.rsplit("/", 1)[0]
        call("GET", url)
        call("GET", f"{case}/outcome")
        response, _ = call("POST", f"{case}/note", {"csrf_token": token})
        if response.mimetype != "application/pdf":
            raise RuntimeError("the note did not come back as a PDF")
        call("POST", f"{case}/finish", {"csrf_token": token, "confirmed": "yes"})
        requests = count
        return spent

    one_case()
    ours = statistics.median(one_case() for _ in range(repeat))
    bare = Flask("baseline")
    bare.get("/")(lambda: "ok")
    bare_client = bare.test_client()

    def bare_case() -> None:
        for _ in range(requests):
            bare_client.get("/").close()

    return ours, median_seconds(bare_case, repeat), requests


# --- 4. check and start-up ---


def _wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


BARE_SERVER = [sys.executable, "-m", "tools.bench", "--bare-server"]


def _seconds_to_first_answer(command: list[str] | None = None) -> float:
    started = time.perf_counter()
    with running_server(command=command) as (base, _):
        if Browser(base).request("/").status != 200:
            raise RuntimeError("the server did not answer")
        return time.perf_counter() - started


def bench_startup(repeat: int) -> tuple[float, float, float]:
    cserq = shutil.which("cserq")
    check = [cserq, "check"] if cserq else [sys.executable, "-m", "cserq", "check"]
    check_time = statistics.median(_wall(check) for _ in range(repeat))
    serve = statistics.median(_seconds_to_first_answer() for _ in range(repeat))
    flask_import = statistics.median(
        _wall([sys.executable, "-c", "import flask"]) for _ in range(repeat)
    )
    return check_time, serve, flask_import


# --- 5. memory ---


def bench_memory(cases: int) -> tuple[int, int, float]:
    with running_server(command=BARE_SERVER) as (_, pid):
        bare = resident_kib(pid)
    with running_server({"CSERQ_MAX_CASES": str(cases + 10)}) as (base, pid):
        start = resident_kib(pid)
        opened, _ = open_until_refused(base, cases)
        grown = resident_kib(pid) - start
    return start, bare, grown * 1024 / max(opened, 1)


# --- 6. throughput ---


def bench_throughput(cases: int, threads: int) -> dict[str, float]:
    with running_server({"CSERQ_MAX_CASES": "100000"}) as (base, _):
        run = concurrent_cases(base, cases, threads)
    requests_per_case = len(run.latencies) / max(len(run.browsers), 1)
    with running_server(command=BARE_SERVER) as (base, _):
        browsers = [Browser(base) for _ in range(threads)]
        bare_seconds = run_concurrently(
            lambda number: browsers[number % threads].request("/"),
            int(cases * requests_per_case),
            threads,
        )
    return {
        "cases_per_second": len(run.browsers) / run.seconds,
        "p50": run.percentile(0.5),
        "p99": run.percentile(0.99),
        "errors": len(run.errors),
        "bare_cases_per_second": cases / bare_seconds,
    }


# --- 7. clicks for a whole case (counted, not timed) ---

# A typical case: the practitioner knows a few things on most pages (here 12 answers, some of
# them signs) and answers "Don't know" to the rest. A know-nothing case answers "Don't know" to
# every yes/no/don't know question, immediate danger included.
TYPICAL_CASE = {
    "immediate_danger": "no", "disclosure": "no", "sexual_activity": "yes", "injuries": "no",
    "withdrawn": "yes", "self_harm": "no", "unexplained_items": "yes", "missing_overnight": "yes",
    "older_partner": "yes", "secretive": "yes", "additional_needs": "no", "looked_after": "no",
}  # fmt: skip
BUTTON_MARK = "data-dont-know-rest"


def count_clicks(known: dict[str, str], *, button: bool) -> tuple[int, int]:
    """Form submissions and radio choices for a whole case, from the start page to Check your
    answers (the age is typed, so not counted): each answer in ``known`` chosen one by one, and
    every other yes/no/don't know question "Don't know", one by one or, where a page offers it,
    with the button for the questions left."""
    from cserq import create_app

    client = create_app({"LANGUAGES": "en"}).test_client()
    token = TOKEN.search(client.get("/").get_data(as_text=True)).group(1)  # type: ignore[union-attr]
    url = client.post("/start", data={"csrf_token": token}).headers["Location"]
    submissions, radios = 1, 0  # Start is a form too
    for _ in range(30):
        page = client.get(url).get_data(as_text=True)
        data: dict[str, str] = {"csrf_token": token}
        offered = button and BUTTON_MARK in page
        for group in dict.fromkeys(RADIO_GROUP.findall(page)):
            if group in known:
                data[group] = known[group]
                radios += 1
            elif not offered and f'name="{group}" value="unknown"' in page:
                data[group] = "unknown"
                radios += 1
        if 'name="age"' in page:
            data["age"] = "15"
        if offered:
            data["dont-know-rest"] = "unknown"
        response = client.post(url, data=data)
        submissions += 1
        if response.status_code != 303:
            raise RuntimeError(f"{url} refused the answers ({response.status_code})")
        url = response.headers["Location"]
        if url.endswith("/check"):
            return submissions, radios
    raise RuntimeError("the questions never ended")


def report_clicks() -> None:
    print("7. clicks for a whole case, start to Check your answers (submissions + radio choices)")
    for name, known in (("typical case", TYPICAL_CASE), ("know-nothing case", {})):
        without = count_clicks(known, button=False)
        with_button = count_clicks(known, button=True)
        print(
            f"   {name:<41} {sum(without):3d} ({without[0]} + {without[1]}) without the"
            f' "Don\'t know" button, {sum(with_button):3d} ({with_button[0]} + {with_button[1]})'
            " with it"
        )


def _bare_server() -> None:
    """A bare Flask route on waitress: the baseline for start-up, memory and throughput."""
    from flask import Flask
    from waitress import create_server

    app = Flask("baseline")
    app.get("/")(lambda: "ok")
    server = create_server(app, host="127.0.0.1", port=0, threads=8)
    print(f"running at http://127.0.0.1:{server.effective_port}/", flush=True)
    server.run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the app against baselines.")
    parser.add_argument("--quick", action="store_true", help="few repetitions: checks it runs")
    parser.add_argument("--bare-server", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bare_server:
        _bare_server()
        return 0
    quick = args.quick
    gc.collect()
    print(f"cserq benchmark, {'quick' if quick else 'full'} run, Python {sys.version.split()[0]}")
    print("figure (median of repetitions)                    ours            baseline")

    page, page_base = bench_page(5 if quick else 300)
    report("1. question page, 15 questions (server)", page, page_base, "ms", "ratio <= 1.5")
    pdf, pdf_base = bench_pdf(3 if quick else 40)
    report("2. note PDF for a full case", pdf, pdf_base, "ms", "ratio <= 1.3")
    for label, name, school in (
        ("2b. first note in a process, Latin", "Siân Ŵyn", "Ysgol Bro Morgannwg"),
        ("2c. first note in a process, Chinese", "王小明", "陳大文中学"),
    ):
        seconds, peak, size = bench_first_note(name, school)
        print(f"{label:<44} {seconds * 1000:9.0f} ms, peak {peak:.0f} MB, PDF {size / 1024:.0f} kB")
    case, case_base, requests = bench_complete_case(2 if quick else 30)
    report(f"3. complete case, {requests} requests (server)", case, case_base, "ms", "< 100 ms")
    check, serve, flask = bench_startup(1 if quick else 5)
    report("4a. cserq check on the shipped questionnaire", check, flask, "s", "< 1 s")
    report("4b. cserq serve start to first response", serve, flask, "s", "< 1 s")
    rss, bare_rss, per_case = bench_memory(50 if quick else 1000)
    print(
        f"{'5a. resident memory after start-up':<44} {rss / 1024:9.1f} MB  baseline"
        f" {bare_rss / 1024:9.1f} MB  ratio {rss / bare_rss:5.2f}   target < 80 MB"
    )
    print(f"{'5b. memory growth per open case':<44} {per_case:9.0f} B {'':24}       target < 10 KB")
    load = bench_throughput(10 if quick else 120, 8)
    print(
        f"{'6. complete cases a second, 8 threads':<44} {load['cases_per_second']:9.1f}"
        f"     baseline {load['bare_cases_per_second']:9.1f}     ratio"
        f" {load['cases_per_second'] / load['bare_cases_per_second']:5.2f}"
    )
    print(
        f"{'   page latency under that load':<44} p50 {load['p50'] * 1000:.1f} ms,"
        f" p99 {load['p99'] * 1000:.1f} ms, errors {int(load['errors'])} (must be 0)"
    )
    report_clicks()
    return 1 if load["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
