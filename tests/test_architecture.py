"""The layout in docs/architecture.md, held against the code: the import graph is read from the
source, and a cycle between modules, or an import a package may not make, fails with the line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "cserq"
ARCHITECTURE = ROOT / "docs" / "architecture.md"

# Which packages of cserq each may import, lowest first (docs/architecture.md, "The layers").
ALLOWED: Mapping[str, frozenset[str]] = {
    "base": frozenset(),
    "files": frozenset({"base"}),
    "questionnaire": frozenset({"base", "files"}),
    "settings": frozenset({"base", "files"}),
    "words": frozenset({"base", "questionnaire"}),
    "case": frozenset({"base", "files", "questionnaire"}),
    "record": frozenset({"base", "questionnaire", "case", "words"}),
    "note": frozenset({"base", "questionnaire", "case", "words", "record", "settings"}),
    "authoring": frozenset({"base", "files", "questionnaire", "words", "note"}),
    "web": frozenset(
        {"base", "files", "questionnaire", "settings", "words", "case", "record", "note"}
    ),
    "cli": frozenset(
        {"", "base", "files", "questionnaire", "settings", "words", "case", "record", "note"}
        | {"authoring"}
    ),
    "": frozenset({"web", "cli"}),  # cserq/__init__.py (create_app) and cserq/__main__.py
}
# Libraries only one layer may use, so the core stays free of the web and of the PDF.
ONLY_IN: Mapping[str, frozenset[str]] = {
    "flask": frozenset({"web", ""}),
    "flask_babel": frozenset({"web"}),
    "flask_wtf": frozenset({"web"}),
    "wtforms": frozenset({"web"}),
    "werkzeug": frozenset({"web"}),
    "jinja2": frozenset({"web"}),
    "reportlab": frozenset({"note", "authoring"}),
    "pypdf": frozenset(),  # the tests read notes back with it; the app never needs it
    "uharfbuzz": frozenset({"note"}),
    "bidi": frozenset({"note"}),
    "click": frozenset({"cli"}),
    "waitress": frozenset({"cli"}),
    "tools": frozenset(),  # development tools: the installed app never needs them
}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. cserq.web.note
    target: str  # what it imports, e.g. cserq.note.document
    line: int

    @property
    def where(self) -> str:
        return f"{self.module.replace('.', '/')}.py:{self.line}"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(module: str) -> str:
    """The package of cserq a module is in ("" for cserq/__init__.py and cserq/__main__.py)."""
    parts = module.split(".")
    if len(parts) == 2 and (PACKAGE / f"{parts[1]}.py").is_file():
        return ""
    return parts[1] if len(parts) > 1 else ""


def imports_in(path: Path, source: str | None = None) -> Iterator[Import]:
    """Every import a file makes, at the top or inside a function, as absolute module names."""
    module = module_name(path)
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = module.split(".")
                is_package = path.name == "__init__.py"
                up = here[: len(here) - node.level + (1 if is_package else 0)]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                # "from cserq.web import cases" imports the module cserq.web.cases
                candidate = f"{base}.{alias.name}"
                is_module = (ROOT / Path(*candidate.split("."))).with_suffix(".py").is_file()
                yield Import(module, candidate if is_module else base, node.lineno)


def all_imports() -> list[Import]:
    return [found for path in sorted(PACKAGE.rglob("*.py")) for found in imports_in(path)]


def broken_rules(imports: list[Import]) -> list[str]:
    broken = []
    for found in imports:
        source = package_of(found.module)
        top = found.target.split(".")[0]
        if top == "cserq" and found.target != "cserq":
            target = package_of(found.target)
            if target != source and target not in ALLOWED[source]:
                broken.append(
                    f"{found.where}: {source or 'cserq'} may not import {found.target}"
                    f" (it may import: {', '.join(sorted(ALLOWED[source])) or 'nothing of cserq'})"
                )
        elif top == "cserq" and source not in ("", "cli"):
            broken.append(f"{found.where}: only cserq/__init__ and the cli import cserq itself")
        elif top in ONLY_IN and source not in ONLY_IN[top]:
            broken.append(f"{found.where}: {top} is only for {', '.join(sorted(ONLY_IN[top]))}")
    return broken


def cycles(imports: list[Import]) -> list[list[str]]:
    """Each cycle between modules of cserq, as the modules in order (Tarjan's algorithm)."""
    graph: dict[str, set[str]] = {}
    for found in imports:
        graph.setdefault(found.module, set())
        if found.target.startswith("cserq.") and found.target != found.module:
            graph[found.module].add(found.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found_cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found_cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found_cycles


def test_no_module_of_cserq_imports_another_that_imports_it_back() -> None:
    found = cycles(all_imports())
    assert found == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_each_package_imports_only_what_the_architecture_allows() -> None:
    assert broken_rules(all_imports()) == []


def test_every_package_of_cserq_has_a_place_in_the_layers() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages == set(ALLOWED) - {""}


def test_the_architecture_page_describes_every_package() -> None:
    page = ARCHITECTURE.read_text(encoding="utf-8")
    missing = [name for name in ALLOWED if name and f"`cserq/{name}/`" not in page]
    assert missing == []


# --- the checks themselves fail when they should ---


def fake(module: str, source: str) -> list[Import]:
    path = ROOT / Path(*module.split(".")).with_suffix(".py")
    return list(imports_in(path, source))


@pytest.mark.parametrize(
    ("module", "source", "complaint"),
    [
        ("cserq.questionnaire.model", "from cserq.web.app import build_app", "may not import"),
        ("cserq.base.text", "import cserq.files.problems", "may not import"),
        ("cserq.questionnaire.rules", "import flask", "flask is only for"),
        ("cserq.case.store", "from reportlab.platypus import Table", "reportlab is only for"),
        ("cserq.web.app", "from tools.bench import walk_case", "tools is only for"),
        ("cserq.words.plain", "from .wording import Wording", None),
        ("cserq.files.yamlfile", "from ..questionnaire import model", "may not import"),
    ],
)
def test_a_forbidden_import_is_named_with_its_line(
    module: str, source: str, complaint: str | None
) -> None:
    broken = broken_rules(fake(module, source))
    if complaint is None:
        assert broken == []
    else:
        assert len(broken) == 1
        assert complaint in broken[0]
        assert broken[0].startswith(module.replace(".", "/") + ".py:1:")


def test_a_cycle_is_found_whatever_its_length() -> None:
    imports = [
        Import("cserq.a", "cserq.b", 1),
        Import("cserq.b", "cserq.c", 1),
        Import("cserq.c", "cserq.a", 1),
        Import("cserq.d", "cserq.a", 1),
    ]
    assert cycles(imports) == [["cserq.a", "cserq.b", "cserq.c"]]
    assert cycles(imports[1:]) == []
