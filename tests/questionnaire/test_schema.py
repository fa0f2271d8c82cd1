"""The published JSON Schema agrees with the loader: what the app accepts, an editor accepts, and
every structural mistake in the table of broken files is one an editor marks too."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cserq.base.paths import shipped_dir
from cserq.files.problems import FileProblems
from cserq.questionnaire.loader import parsed_yaml, questionnaire_from_bytes
from cserq.questionnaire.schema import EDITOR_LINE, json_schema
from tests.questionnaire.test_loader_errors import CASES, MINIMAL, broken

QUESTIONNAIRE_GUIDE = Path(__file__).parents[2] / "docs" / "questionnaire.md"
VALIDATOR = jsonschema.Draft7Validator(json_schema())

# Cases in the loader's table that are not YAML at all, so no schema sees them.
NOT_YAML = {
    "yaml syntax", "unclosed bracket", "empty file", "only comments", "two documents",
    "duplicate YAML key", "python tag",
}  # fmt: skip
# Cases that depend on more than one part of the file (references, ids that must be unique,
# comparisons that must suit the question's kind, rules run on examples) or on wording: the
# loader's own checks, which a JSON Schema cannot express.
ACROSS_PARTS = {
    "duplicate question id", "duplicate rule id", "duplicate option code",
    "show_if names an unknown question", "show_if names an unknown answer",
    "show_if names an unknown option", "show_if on itself", "show_if cycle through two questions",
    "number comparison on a yes/no question", "comparison that can never be true",
    "count that can never be reached", "impossible bounds", "unknown prompt", "unknown source",
    "count over an unknown category", "wording that says no risk", "missing required question",
    "example expects another level", "example with a wrong answer",
    "example names an unknown question", "a prompt asking for more than its rule's level",
    "a prompt that its rule's level would never show",
}  # fmt: skip


def as_json(value: object) -> object:
    """The values as an editor's YAML 1.2 reader gives them to the schema (dates are text)."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat()))


def schema_errors(text: str) -> list[str]:
    data = parsed_yaml(text.encode(), "file.yaml")
    assert data is not None, "not YAML"
    errors = VALIDATOR.iter_errors(as_json(data))
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def documented_questionnaires() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", QUESTIONNAIRE_GUIDE.read_text(encoding="utf-8"), re.S)


def test_the_schema_is_a_valid_draft_7_schema() -> None:
    jsonschema.Draft7Validator.check_schema(json_schema())


def test_the_shipped_questionnaire_points_editors_at_the_schema_and_meets_it() -> None:
    for path in sorted(shipped_dir("questions").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert EDITOR_LINE in text.splitlines()[:3], path
        assert schema_errors(text) == [], path


@pytest.mark.parametrize("text", documented_questionnaires())
def test_every_questionnaire_in_the_docs_meets_the_schema_and_loads(text: str) -> None:
    assert schema_errors(text) == []
    assert questionnaire_from_bytes(text.encode(), "docs/questionnaire.md").examples


def test_the_questionnaire_guide_shows_a_questionnaire() -> None:
    assert documented_questionnaires()


def test_every_broken_file_in_the_table_is_classified() -> None:
    assert set(CASES) >= NOT_YAML | ACROSS_PARTS
    assert not NOT_YAML & ACROSS_PARTS


@pytest.mark.parametrize(
    "name", sorted(CASES.keys() - NOT_YAML - ACROSS_PARTS), ids=lambda name: name
)
def test_a_structural_mistake_in_the_table_is_one_the_schema_marks(name: str) -> None:
    text, _ = broken(CASES[name])
    assert schema_errors(text), f"the schema accepts: {name}"


@pytest.mark.parametrize("name", sorted(ACROSS_PARTS), ids=lambda name: name)
def test_a_mistake_across_parts_is_left_to_the_loader(name: str) -> None:
    # Not a promise that the schema misses these: a record that the loader is what catches them.
    text, _ = broken(CASES[name])
    with pytest.raises(FileProblems):
        questionnaire_from_bytes(text.encode(), "broken.yaml")


# --- Generative: mutate the minimal file's structure and compare the two judges. ---

MINIMAL_DATA = parsed_yaml(MINIMAL.encode(), "minimal.yaml")
Path_ = tuple[object, ...]


def paths(value: object, path: Path_ = ()) -> list[Path_]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, path + (index,))
    return found


ALL_PATHS = paths(MINIMAL_DATA)[1:]
VALUES = st.sampled_from(
    [None, "", "some text", "yes", 3, -1, 0, True, [], {}, ["a"], {"a": 1}, "Not An Id"]
)
KEYS = st.sampled_from(["id", "text", "extra", "kind", "level", "options", "min", "hint"])


def mutated(path: Path_, action: str, key: str, value: object) -> object:
    data = json.loads(json.dumps(as_json(MINIMAL_DATA)))
    *parents, last = path
    holder = data
    for step in parents:
        holder = holder[step]
    if action == "delete" and isinstance(holder, dict):
        del holder[last]
    elif action == "add key" and isinstance(holder[last], dict):
        holder[last][key] = value
    else:
        holder[last] = value
    return data


def dumped(data: object) -> str:
    # JSON is YAML: written this way every value keeps its type (no "yes" turned into a bool).
    return json.dumps(data, indent=1)


@given(
    st.sampled_from(ALL_PATHS),
    st.sampled_from(["delete", "add key", "replace"]),
    KEYS,
    VALUES,
)
def test_a_file_the_app_accepts_is_never_marked_wrong_in_an_editor(
    path: Path_, action: str, key: str, value: object
) -> None:
    data = mutated(path, action, key, value)
    try:
        questionnaire_from_bytes(dumped(data).encode(), "mutated.yaml")
    except FileProblems as error:
        messages = [str(problem) for problem in error.problems]
        structural = [
            m
            for m in messages
            if ("missing key" in m or "unknown key" in m) and ".answers" not in m
        ]
        if structural:
            assert list(VALIDATOR.iter_errors(data)), f"the schema accepts: {structural}"
        return
    assert [e.message for e in VALIDATOR.iter_errors(data)] == []


# --- Examples: a question's optional keys written as an author might, judged by both. ---


def with_question(section: int, index: int, **keys: object) -> object:
    """The minimal file with keys set on one question (a value of None is YAML's null)."""
    data = json.loads(json.dumps(as_json(MINIMAL_DATA)))
    data["sections"][section]["questions"][index].update(keys)
    return data


AGE, DETAILS, DANGER = (0, 1), (0, 3), (0, 0)  # a number, a text and a yes/no question
SIGN = (1, 0)  # a sign question, with a category and a weight
# A key left with no value (``max:`` or ``max: null``) once loaded as if absent while the schema
# refused it. The loader refuses it, naming the line, as it refuses any other wrong value: an
# author who writes ``max:`` meant a number, and an age with no upper bound by mistake is not
# one an editor should mark wrong while the app takes it in silence. Likewise a sign's category
# is one id: an empty list once loaded as a sign with no category.
QUESTION_VARIANTS = [
    pytest.param(AGE, {"max": None}, id="max: null"),
    pytest.param(AGE, {"min": None}, id="min: null"),
    pytest.param(AGE, {"min": None, "max": None}, id="min and max null"),
    pytest.param(DETAILS, {"max_length": None}, id="max_length: null"),
    pytest.param(AGE, {"hint": None}, id="hint: null"),
    pytest.param(DANGER, {"required": None}, id="required: null"),
    pytest.param(AGE, {"max": "3"}, id="max as text"),
    pytest.param(AGE, {"max": 2.5}, id="max not whole"),
    pytest.param(AGE, {"max": True}, id="max true"),
    pytest.param(AGE, {"min": "0"}, id="min as text"),
    pytest.param(AGE, {"max": 30}, id="a larger max"),
    pytest.param(AGE, {"min": -1}, id="a negative min"),
    pytest.param(AGE, {"max_length": 5}, id="max_length on a number"),
    pytest.param(DANGER, {"max": 3}, id="max on a yes/no"),
    pytest.param(DETAILS, {"max_length": 0}, id="max_length 0"),
    pytest.param(DETAILS, {"max_length": 200}, id="a longer max_length"),
    pytest.param(AGE, {"hint": ""}, id="empty hint"),
    pytest.param(AGE, {"hint": "In years"}, id="a hint"),
    pytest.param(DANGER, {"required": True}, id="required"),
    pytest.param(SIGN, {"category": []}, id="category an empty list"),
    pytest.param(SIGN, {"category": ["physical"]}, id="category a list of one"),
    pytest.param(SIGN, {"category": None}, id="category: null"),
    pytest.param(SIGN, {"category": "behavioural"}, id="another category"),
]


@pytest.mark.parametrize(("question", "keys"), QUESTION_VARIANTS)
def test_the_loader_takes_a_question_exactly_when_the_schema_does(
    question: tuple[int, int], keys: dict[str, object]
) -> None:
    data = with_question(*question, **keys)
    schema_says = [e.message for e in VALIDATOR.iter_errors(data)]
    try:
        questionnaire_from_bytes(dumped(data).encode(), "variant.yaml")
    except FileProblems as error:
        problems = [str(problem) for problem in error.problems]
        assert schema_says, f"the loader refuses what the schema accepts: {problems}"
        # Refused like any other wrong value: the file, the line and the key.
        key = next(iter(keys))
        assert any(re.match(rf"variant\.yaml:\d+: \S*\.{key}: ", p) for p in problems), problems
        return
    assert schema_says == [], "the loader takes what the schema refuses"
