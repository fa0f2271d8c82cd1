"""The worked examples of a questionnaire: read, checked, and run through the rules.

An example is a set of answers with the level (and prompts) its author expects. Loading a file
decides every example, so a change to the rules that moves one fails with the file and line.
"""

from __future__ import annotations

from types import MappingProxyType

from cserq.base.text import brief
from cserq.files.problems import PathParts
from cserq.files.yamlfile import YamlReader, show
from cserq.questionnaire.answers import YES_NO_UNKNOWN, answer_others, check_answers
from cserq.questionnaire.model import LEVEL_CODES, Example, Level, Questionnaire
from cserq.questionnaire.outcome import decide
from cserq.questionnaire.schema import PARTS


def check_example_shapes(r: YamlReader, raw: object) -> None:
    """Report examples whose shape is wrong, before the questionnaire they need is built."""
    for i, item in enumerate(r.items(("examples",), raw)):
        path: PathParts = ("examples", i)
        m = r.mapping(path, item, *PARTS["example"].keys)
        if m is not None and "expect" in m and m["expect"] not in LEVEL_CODES:
            r.problem(
                path + ("expect",),
                f"unknown level {show(m['expect'])}; levels: {', '.join(LEVEL_CODES)}",
            )


def read_examples(
    r: YamlReader, questionnaire: Questionnaire, raw: object, *, run: bool
) -> tuple[Example, ...]:
    """The worked examples of ``questionnaire``; with ``run``, each is decided and any whose
    outcome differs from what it expects is a problem."""
    examples = []
    names: set[str] = set()
    for i, item in enumerate(r.items(("examples",), raw)):
        path: PathParts = ("examples", i)
        m = r.mapping(path, item, *PARTS["example"].keys)
        if m is None:
            continue
        name = r.text(path + ("name",), m.get("name"))
        if name in names:
            r.problem(path + ("name",), f"duplicate example name {brief(name)}")
        names.add(name or "")
        answers_raw = r.mapping(
            path + ("answers",),
            m.get("answers"),
            (),
            tuple(questionnaire.questions),
            what="a mapping from question ids to answers",
        )
        answers, problems = check_answers(questionnaire, answers_raw or {})
        for problem in problems:
            if problem.question in questionnaire.questions:
                r.problem(path + ("answers", problem.question), problem.message)
        others = m.get("others")
        if others is not None and others not in YES_NO_UNKNOWN:
            r.problem(path + ("others",), f"expected one of {', '.join(YES_NO_UNKNOWN)}")
        elif isinstance(others, str):
            answer_others(questionnaire, answers, others)
        expect = m.get("expect")
        if expect not in LEVEL_CODES:
            r.problem(
                path + ("expect",),
                f"unknown level {show(expect)}; levels: {', '.join(LEVEL_CODES)}",
            )
            continue
        prompts = (
            r.references(path + ("prompts",), m["prompts"], questionnaire.prompt_by_id, "prompt")
            if "prompts" in m
            else ()
        )
        if problems or not name:
            continue
        example = Example(
            name,
            MappingProxyType(answers),
            Level.from_code(expect),
            prompts,
            r.line_of(path),
        )
        if run:
            run_example(r, path, questionnaire, example)
        examples.append(example)
    return tuple(examples)


def run_example(
    r: YamlReader, path: PathParts, questionnaire: Questionnaire, example: Example
) -> None:
    """Decide one example and report where the outcome or prompts differ from what it expects."""
    outcome = decide(questionnaire, example.answers)
    fired = ", ".join(reason.rule.id for reason in outcome.reasons) or "no rule with a level"
    if outcome.level is not example.level:
        r.problem(
            path + ("expect",),
            f"example {brief(example.name)} expects {example.level.code}, but the rules give"
            f" {outcome.level.code} (fired: {fired})",
        )
    shown = {prompt.id for prompt in outcome.prompts}
    for prompt in example.prompts:
        if prompt not in shown:
            r.problem(
                path + ("prompts",),
                f"example {brief(example.name)} expects prompt {prompt!r},"
                " which the rules do not show",
            )
