"""The clinical-safety record: the hazard log, checked, and the safety case report made from it.

The hazard log (``docs/safety/hazard-log.yaml``) is kept in the style of DCB0129: each hazard
with its causes, effect and harm, its risk before and after its controls (from the risk matrix
written in the same file), and each control with the tests that prove it. This module reads and
checks the log (every problem named by file and line, as questionnaire files are) and writes the
safety case report (``docs/safety/safety-case.md``) from it, so the report cannot drift from the
log and the log cannot name a test that does not exist.

    python -m tools.safety            # write the report
    python -m tools.safety --check    # exit 1 if the log is broken or the report is stale
"""

from __future__ import annotations

import ast
import functools
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cserq.files.problems import FileProblems, PathParts
from cserq.files.yamlfile import YamlReader, read_yaml_file

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "docs" / "safety" / "hazard-log.yaml"
REPORT = ROOT / "docs" / "safety" / "safety-case.md"

SEVERITIES = ("minor", "significant", "considerable", "major", "catastrophic")
LIKELIHOODS = ("very_low", "low", "medium", "high", "very_high")
STATUSES = ("open", "closed", "transferred")
CONTROL_KINDS = ("software", "process", "deployer")
"""Who provides a control: the app (proved by tests), how the app is made and changed, or the
health board that deploys it (listed in the report as what it must still do)."""


@dataclass(frozen=True)
class Rating:
    severity: str
    likelihood: str


@dataclass(frozen=True)
class Control:
    text: str
    kind: str
    tests: tuple[str, ...]


@dataclass(frozen=True)
class Hazard:
    id: str
    title: str
    hazard: str
    causes: tuple[str, ...]
    effect: str
    harm: str
    initial: Rating
    controls: tuple[Control, ...]
    residual: Rating
    status: str


@dataclass(frozen=True)
class HazardLog:
    title: str
    scope: str
    severity: Mapping[str, str]
    likelihood: Mapping[str, str]
    matrix: Mapping[str, tuple[int, ...]]
    """For each likelihood, the risk (1 to 5) at each severity, minor to catastrophic."""
    risks: Mapping[int, str]
    """What each risk number means, and what it asks for."""
    hazards: tuple[Hazard, ...]

    def risk(self, rating: Rating) -> int:
        return self.matrix[rating.likelihood][SEVERITIES.index(rating.severity)]


def names_a_test(node_id: str, root: Path = ROOT) -> bool:
    """Whether a pytest node id (``tests/x.py::test_y``, ``...::Class::test_y``, with or
    without ``[params]``) names a test function defined in that file."""
    path, _, name = node_id.partition("::")
    file = root / path
    if not name or not path.startswith("tests/") or not file.is_file():
        return False
    return name.split("[", 1)[0] in _tests_in(file)


@functools.cache
def _tests_in(file: Path) -> frozenset[str]:
    """The test functions a file defines, as ``test_x`` or ``Class::test_x``."""
    found: set[str] = set()
    for node in ast.parse(file.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            found.add(node.name)
        elif isinstance(node, ast.ClassDef):
            found |= {
                f"{node.name}::{n.name}"
                for n in node.body
                if isinstance(n, ast.FunctionDef) and n.name.startswith("test")
            }
    return frozenset(found)


def _rating(reader: YamlReader, path: PathParts, value: object) -> Rating | None:
    entry = reader.mapping(path, value, ("severity", "likelihood"))
    if entry is None:
        return None
    severity, likelihood = entry.get("severity"), entry.get("likelihood")
    ok = True
    for key, given, allowed in (
        ("severity", severity, SEVERITIES),
        ("likelihood", likelihood, LIKELIHOODS),
    ):
        if given not in allowed:
            reader.problem(path + (key,), f"{given!r} is not one of {', '.join(allowed)}")
            ok = False
    return Rating(str(severity), str(likelihood)) if ok else None


def _texts(reader: YamlReader, path: PathParts, value: object) -> tuple[str, ...]:
    items = reader.items(path, value)
    return tuple(t for i, item in enumerate(items) if (t := reader.text(path + (i,), item)))


def _matrix(reader: YamlReader, raw: Mapping[str, object]) -> dict[str, tuple[int, ...]]:
    matrix: dict[str, tuple[int, ...]] = {}
    given = reader.mapping(("risk_matrix",), raw.get("risk_matrix"), LIKELIHOODS)
    for likelihood in LIKELIHOODS if given is not None else ():
        row = given.get(likelihood) if given else None
        path = ("risk_matrix", likelihood)
        if (
            not isinstance(row, list)
            or len(row) != len(SEVERITIES)
            or not all(isinstance(r, int) and not isinstance(r, bool) and 1 <= r <= 5 for r in row)
        ):
            reader.problem(path, f"expected {len(SEVERITIES)} risks from 1 to 5, minor first")
            continue
        matrix[likelihood] = tuple(row)
    return matrix


def _control(reader: YamlReader, path: PathParts, value: object, root: Path) -> Control | None:
    entry = reader.mapping(path, value, ("control", "by"), ("tests",))
    if entry is None:
        return None
    text = reader.text(path + ("control",), entry.get("control"))
    kind = entry.get("by")
    if kind not in CONTROL_KINDS:
        reader.problem(path + ("by",), f"{kind!r} is not one of {', '.join(CONTROL_KINDS)}")
    tests = entry.get("tests", [])
    if kind == "software" and not tests:
        reader.problem(path, "a control the software provides names the tests that prove it")
    if not isinstance(tests, list):
        reader.problem(path + ("tests",), "expected a list of pytest node ids")
        tests = []
    for i, node_id in enumerate(tests):
        if not isinstance(node_id, str) or not names_a_test(node_id, root):
            reader.problem(path + ("tests", i), f"no such test: {node_id!r}")
    if text is None or kind not in CONTROL_KINDS:
        return None
    return Control(text, str(kind), tuple(str(t) for t in tests))


def _hazard(reader: YamlReader, path: PathParts, value: object, root: Path) -> Hazard | None:
    keys = ("id", "title", "hazard", "causes", "effect", "harm", "initial", "controls")
    entry = reader.mapping(path, value, (*keys, "residual", "status"))
    if entry is None:
        return None
    texts = {k: reader.text(path + (k,), entry.get(k)) for k in ("title", "hazard", "effect")}
    texts["harm"] = reader.text(path + ("harm",), entry.get("harm"))
    hazard_id = entry.get("id")
    if not isinstance(hazard_id, str) or not (
        len(hazard_id) == 3 and hazard_id[0] == "H" and hazard_id[1:].isdigit()
    ):
        reader.problem(path + ("id",), f"{hazard_id!r} is not a hazard id like H07")
    causes = _texts(reader, path + ("causes",), entry.get("causes"))
    initial = _rating(reader, path + ("initial",), entry.get("initial"))
    residual = _rating(reader, path + ("residual",), entry.get("residual"))
    items = reader.items(path + ("controls",), entry.get("controls"))
    controls = [_control(reader, path + ("controls", i), c, root) for i, c in enumerate(items)]
    status = entry.get("status")
    if status not in STATUSES:
        reader.problem(path + ("status",), f"{status!r} is not one of {', '.join(STATUSES)}")
    title, hazard, effect, harm = texts.values()
    if None in (title, hazard, effect, harm, initial, residual) or None in controls:
        return None
    if status not in STATUSES or not isinstance(hazard_id, str):
        return None
    return Hazard(
        hazard_id,
        str(title),
        str(hazard),
        causes,
        str(effect),
        str(harm),
        initial,  # type: ignore[arg-type]
        tuple(c for c in controls if c is not None),
        residual,  # type: ignore[arg-type]
        str(status),
    )


def load_log(path: Path = LOG, *, root: Path = ROOT) -> HazardLog:
    """The hazard log; raise :class:`FileProblems` naming the line of each problem.

    Beyond the shape of each entry it checks that every test named exists under ``root``,
    that a control the software provides names at least one, and that no residual risk is
    higher than the risk before the controls.
    """
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    reader, _data, raw = read_yaml_file(path, name=str(shown))
    if reader.problems:
        raise FileProblems(reader.problems)
    top_keys = ("title", "scope", "severity", "likelihood", "risk_matrix", "risks", "hazards")
    top = reader.mapping((), raw, top_keys)
    if top is None:
        raise FileProblems(reader.problems)
    severity = reader.mapping(("severity",), top.get("severity"), SEVERITIES) or {}
    likelihood = reader.mapping(("likelihood",), top.get("likelihood"), LIKELIHOODS) or {}
    matrix = _matrix(reader, top)
    risks_raw = top.get("risks")
    risks: dict[int, str] = {}
    if not isinstance(risks_raw, dict) or sorted(risks_raw) != ["1", "2", "3", "4", "5"]:
        reader.problem(("risks",), "expected what each risk from 1 to 5 means")
    else:
        risks = {int(k): str(v) for k, v in risks_raw.items()}
    items = reader.items(("hazards",), top.get("hazards"))
    hazards = [_hazard(reader, ("hazards", i), item, root) for i, item in enumerate(items)]
    reader.unique(("hazards",), ((i, h.id if h else None) for i, h in enumerate(hazards)), "hazard")
    log = HazardLog(
        str(top.get("title", "")),
        str(top.get("scope", "")),
        {k: str(v) for k, v in severity.items()},
        {k: str(v) for k, v in likelihood.items()},
        matrix,
        risks,
        tuple(h for h in hazards if h is not None),
    )
    if len(matrix) == len(LIKELIHOODS):
        for i, hazard in enumerate(hazards):
            if hazard is not None and log.risk(hazard.residual) > log.risk(hazard.initial):
                reader.problem(("hazards", i, "residual"), "higher than the risk before controls")
    if reader.problems:
        raise FileProblems(reader.problems)
    return log


# --- the safety case report ---


def _words(code: str) -> str:
    return code.replace("_", " ")


def render_report(log: HazardLog) -> str:
    """The clinical safety case report, as Markdown, made from the hazard log alone."""
    out: list[str] = [
        f"# Clinical safety case report: {log.title}",
        "",
        "<!-- Made by `python -m tools.safety` from docs/safety/hazard-log.yaml: edit the log,"
        " not this file. A test fails when this file is out of date. -->",
        "",
        log.scope.strip(),
        "",
        "## Summary of hazards",
        "",
        "| Hazard | Title | Risk before controls | Controls (tested) | Risk after controls"
        " | Status |",
        "|---|---|---|---|---|---|",
    ]
    for h in log.hazards:
        tested = sum(1 for c in h.controls if c.tests)
        out.append(
            f"| {h.id} | {h.title} | {log.risk(h.initial)} ({_words(h.initial.severity)},"
            f" {_words(h.initial.likelihood)}) | {len(h.controls)} ({tested}) |"
            f" {log.risk(h.residual)} ({_words(h.residual.severity)},"
            f" {_words(h.residual.likelihood)}) | {h.status} |"
        )
    highest = max((log.risk(h.residual) for h in log.hazards), default=0)
    out += [
        "",
        f"The highest risk after controls is {highest}: {log.risks.get(highest, '')}",
        "",
        "## Risk matrix",
        "",
        "| Likelihood \\ severity | " + " | ".join(_words(s) for s in SEVERITIES) + " |",
        "|---|" + "---|" * len(SEVERITIES),
    ]
    for likelihood in reversed(LIKELIHOODS):
        row = " | ".join(str(r) for r in log.matrix[likelihood])
        out.append(f"| {_words(likelihood)} | {row} |")
    out += ["", "| Risk | Meaning |", "|---|---|"]
    out += [f"| {number} | {meaning} |" for number, meaning in sorted(log.risks.items())]
    out += ["", "Severity:", ""]
    out += [f"- **{_words(k)}**: {v}" for k, v in log.severity.items()]
    out += ["", "Likelihood:", ""]
    out += [f"- **{_words(k)}**: {v}" for k, v in log.likelihood.items()]
    out += ["", "## Hazards, controls and residual risk", ""]
    for h in log.hazards:
        out += [
            f"### {h.id}: {h.title}",
            "",
            f"**Hazard.** {h.hazard}",
            "",
            "**Causes.**",
            "",
            *(f"- {cause}" for cause in h.causes),
            "",
            f"**Effect.** {h.effect}",
            "",
            f"**Harm.** {h.harm}",
            "",
            f"**Risk before controls:** {log.risk(h.initial)} (severity"
            f" {_words(h.initial.severity)}, likelihood {_words(h.initial.likelihood)}).",
            "",
            "**Controls.**",
            "",
        ]
        for c in h.controls:
            out.append(f"- ({c.kind}) {c.text}")
            out += [f"  - proved by `{t}`" for t in c.tests]
        out += [
            "",
            f"**Risk after controls:** {log.risk(h.residual)} (severity"
            f" {_words(h.residual.severity)}, likelihood {_words(h.residual.likelihood)})."
            f" Status: {h.status}.",
            "",
        ]
    out += [
        "## What a deploying health board must still do",
        "",
        "This report covers the software as made (DCB0129). Before clinical use a health board"
        " must carry out its own clinical risk management of the deployment (DCB0160), with a"
        " named Clinical Safety Officer who reviews this report, and must provide these"
        " controls, which the software cannot:",
        "",
    ]
    for h in log.hazards:
        out += [f"- {h.id}: {c.text}" for c in h.controls if c.kind == "deployer"]
    out.append("")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    check = args == ["--check"]
    if args and not check:
        print("usage: python -m tools.safety [--check]", file=sys.stderr)
        return 2
    try:
        report = render_report(load_log())
    except FileProblems as error:
        print(error, file=sys.stderr)
        return 1
    if check:
        current = REPORT.read_text(encoding="utf-8") if REPORT.is_file() else ""
        if current != report:
            print(f"{REPORT.relative_to(ROOT)} is out of date: run python -m tools.safety")
            return 1
        print(f"{LOG.relative_to(ROOT)}: ok; {REPORT.relative_to(ROOT)} is current")
        return 0
    REPORT.write_text(report, encoding="utf-8")
    print(f"wrote {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
