"""The structure of a questionnaire file, in one place: the builder reads its keys from here and
``cserq schema`` publishes it as a JSON Schema for editors (completion, inline errors, hover text).

What a schema can say lives here: which keys each part has, which are required, the type and the
allowed values of each. What it cannot say stays in the builder, with a message that names the
line: references between parts (a rule naming a question), unique ids, ``show_if`` cycles,
comparisons that suit the question's kind, and the worked examples' outcomes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cserq.files.yamlfile import IDENTIFIER
from cserq.questionnaire.answers import YES_NO_UNKNOWN
from cserq.questionnaire.model import KINDS, LEVEL_CODES, WEIGHTS
from cserq.questionnaire.rules import COMPARISONS

SCHEMA_FILE = "questionnaire.schema.json"
"""The name the schema is written under beside a pack's questionnaires."""
EDITOR_LINE = f"# yaml-language-server: $schema={SCHEMA_FILE}"
"""The comment that points an editor using yaml-language-server at the schema."""

Json = dict[str, Any]


def _ref(part: str) -> Json:
    return {"$ref": f"#/definitions/{part}"}


def _described(schema: Json, description: str) -> Json:
    return {**schema, "description": description}


def _list_of(item: Json, description: str) -> Json:
    return {"type": "array", "minItems": 1, "items": item, "description": description}


ID = {"type": "string", "pattern": IDENTIFIER.pattern}
TEXT = {"type": "string", "pattern": r"\S"}
WHOLE = {"type": "integer"}
IDS = {"type": "array", "minItems": 1, "items": ID}
ID_OR_IDS = {"anyOf": [ID, IDS]}
ANSWER_CODE = {"type": "string", "enum": list(YES_NO_UNKNOWN)}


def _id(what: str) -> Json:
    return _described(ID, f"{what}: lower-case letters, digits and _, starting with a letter")


def _text(what: str) -> Json:
    return _described(TEXT, what)


@dataclass(frozen=True)
class Part:
    """A mapping in the file: its keys, each with its schema and what it is for."""

    description: str
    required: Mapping[str, Json]
    optional: Mapping[str, Json] = field(default_factory=dict)
    extra: Json = field(default_factory=dict)
    """Schema rules across keys (which keys go together)."""

    @property
    def keys(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The required keys and the optional ones, as the loader checks them."""
        return tuple(self.required), tuple(self.optional)

    def schema(self) -> Json:
        return {
            "type": "object",
            "description": self.description,
            "required": list(self.required),
            "properties": {**self.required, **self.optional},
            "additionalProperties": False,
            **self.extra,
        }


def _only_for(key: str, kinds: tuple[str, ...]) -> Json:
    return {
        "if": {"not": {"properties": {"kind": {"enum": list(kinds)}}}},
        "then": {"not": {"required": [key]}},
    }


PARTS: Mapping[str, Part] = {
    "questionnaire": Part(
        "A questionnaire: its texts, sections of questions, and the rules that give an outcome.",
        {
            "id": _id("The questionnaire's id; it appears in every note"),
            "version": _text('The version, as text in quotes, e.g. "2026.11-1"'),
            "title": _text("The title shown on every page"),
            "introduction": _text("The text on the start page"),
            "sources": _list_of(_ref("source"), "The guidance the questions and rules rest on"),
            "categories": _list_of(_ref("category"), "The groups that signs belong to"),
            "sections": _list_of(_ref("section"), "The pages of questions, in order"),
            "levels": _ref("levels"),
            "prompts": _list_of(_ref("prompt"), "Advice that rules can add to an outcome"),
            "rules": _list_of(_ref("rule"), "Each rule raises the outcome or adds prompts"),
            "examples": _list_of(_ref("example"), "Answer sets with the outcome they must give"),
        },
    ),
    "source": Part(
        "A document the questionnaire rests on.",
        {"id": _id("The source's id, used by sections and rules"), "title": _text("Its title")},
        {"url": _text("Where to find it")},
    ),
    "category": Part(
        "A group of signs.",
        {"id": _id("The category's id, used by signs and counts"), "title": _text("Its title")},
    ),
    "levels": Part(
        "What the practitioner is told at each outcome level, most urgent first.",
        {code: _ref("level_text") for code in LEVEL_CODES},
    ),
    "level_text": Part(
        "The title and text of an outcome level.",
        {"title": _text("The outcome's title"), "text": _text("What to do")},
        {
            "unknown_title": _text(
                'The title instead when some answers that count were "Don\'t know"'
            ),
            "unknown_text": _text('The text instead when some answers were "Don\'t know"'),
        },
        {"dependencies": {"unknown_title": ["unknown_text"], "unknown_text": ["unknown_title"]}},
    ),
    "prompt": Part(
        "Advice shown with an outcome when a rule names it.",
        {
            "id": _id("The prompt's id, used by rules"),
            "title": _text("Its title"),
            "text": _text("The advice"),
        },
        {
            "for_level": {
                "enum": list(LEVEL_CODES),
                "description": "The level whose action the text asks for; shown only under it"
                " (a report prompt also under emergency). Leave it out for advice that asks"
                " for no action of its own.",
            }
        },
    ),
    "section": Part(
        "A page of questions.",
        {
            "id": _id("The section's id"),
            "title": _text("The page's title"),
            "sources": _described(IDS, "The ids of the sources its questions rest on"),
            "questions": _list_of(_ref("question"), "Its questions, in order"),
        },
        {"intro": _text("A paragraph shown above its questions")},
    ),
    "question": Part(
        "A question.",
        {
            "id": _id("The question's id, used by conditions; keep it when the text changes"),
            "kind": {
                "enum": list(KINDS),
                "description": "yes_no_unknown, choice (one option), multi (any options),"
                " number (whole), text or date",
            },
            "text": _text("The question"),
        },
        {
            "hint": _text("Help shown under the question"),
            "options": _list_of(_ref("option"), "The options of a choice or multi question"),
            "required": {"type": "boolean", "description": "true if it must be answered"},
            "show_if": _described(_ref("condition"), "Ask the question only when this holds"),
            "category": _id("The category of a sign (with weight)"),
            "weight": {
                "enum": list(WEIGHTS),
                "description": "How much a sign counts: key, supporting or context",
            },
            "min": _described(WHOLE, "The smallest number allowed"),
            "max": _described(WHOLE, "The largest number allowed"),
            "max_length": {
                "type": "integer",
                "minimum": 1,
                "description": "The most characters a text answer may have",
            },
        },
        {
            "allOf": [
                {
                    "if": {"properties": {"kind": {"enum": ["choice", "multi"]}}},
                    "then": {"required": ["options"]},
                },
                _only_for("options", ("choice", "multi")),
                _only_for("min", ("number",)),
                _only_for("max", ("number",)),
                _only_for("max_length", ("text",)),
                _only_for("category", ("yes_no_unknown",)),
            ],
            "dependencies": {"category": ["weight"], "weight": ["category"]},
        },
    ),
    "option": Part(
        "An option of a choice or multi question.",
        {"code": _id("The option's code, used by conditions"), "text": _text("Its text")},
        {"hint": _text("Help shown under the option")},
    ),
    "count": Part(
        "True when at least a number of the questions chosen have one answer.",
        {
            "among": {
                "anyOf": [IDS, _ref("selection")],
                "description": "A list of question ids, or a category and/or weight",
            },
            "equals": _described(ANSWER_CODE, "The answer counted: yes, no or unknown"),
            "at_least": {"type": "integer", "minimum": 1, "description": "How many"},
        },
    ),
    "selection": Part(
        "Questions chosen by id, category and weight (all that are given apply).",
        {},
        {
            "questions": _described(IDS, "Question ids"),
            "category": _described(ID_OR_IDS, "A category id, or a list of them"),
            "weight": {
                "anyOf": [
                    {"enum": list(WEIGHTS)},
                    {"type": "array", "minItems": 1, "items": {"enum": list(WEIGHTS)}},
                ],
                "description": "key, supporting or context, or a list of them",
            },
        },
        {"minProperties": 1},
    ),
    "rule": Part(
        "When the condition holds, the outcome is at least the level, and the prompts are shown.",
        {
            "id": _id("The rule's id, shown in the note"),
            "when": _described(_ref("condition"), "When the rule applies"),
            "reason": _text("Why, in words the practitioner reads under the outcome"),
            "sources": _described(IDS, "The ids of the sources the rule rests on"),
        },
        {
            "level": {"enum": list(LEVEL_CODES), "description": "The least outcome it gives"},
            "prompts": _described(IDS, "The ids of the prompts it shows"),
        },
        {"anyOf": [{"required": ["level"]}, {"required": ["prompts"]}]},
    ),
    "example": Part(
        "An answer set and the outcome the rules must give; cserq check runs it.",
        {
            "name": _text("What the example shows"),
            "answers": {
                "type": "object",
                "description": "Answers by question id",
                "propertyNames": ID,
                "additionalProperties": {
                    "anyOf": [
                        {"type": "string"},
                        {"type": "integer"},
                        {"type": "array", "items": {"type": "string"}},
                    ]
                },
            },
            "expect": {"enum": list(LEVEL_CODES), "description": "The outcome level"},
        },
        {
            "others": _described(ANSWER_CODE, "The answer to every yes/no/don't know not given"),
            "prompts": _described(ID_OR_IDS, "Prompts the outcome must show"),
        },
    ),
}

CONDITION_FORMS = ("all", "any", "not", "count", "question")


def _comparison() -> Json:
    scalar = {"type": ["string", "integer"]}
    values = {
        "equals": scalar,
        "not_equals": scalar,
        "one_of": {"type": "array", "minItems": 1, "items": scalar},
        "includes": {"type": "string"},
    }
    return {
        "type": "object",
        "description": "An answer compared with a value",
        "required": ["question"],
        "properties": {
            "question": _id("The question whose answer is compared"),
            **{op: values.get(op, WHOLE) for op in COMPARISONS},
        },
        "additionalProperties": False,
        "oneOf": [{"required": [op]} for op in COMPARISONS],
    }


def _condition() -> Json:
    def single(key: str, value: Json) -> Json:
        return {
            "type": "object",
            "required": [key],
            "properties": {key: value},
            "additionalProperties": False,
        }

    conditions = {"type": "array", "minItems": 1, "items": _ref("condition")}
    return {
        "description": "A condition: all, any, not, count, or a question compared with a value",
        "oneOf": [
            single("all", _described(conditions, "True when every condition holds")),
            single("any", _described(conditions, "True when at least one holds")),
            single("not", _described(_ref("condition"), "True when the condition does not")),
            single("count", _ref("count")),
            _ref("comparison"),
        ],
    }


def json_schema() -> Json:
    """The JSON Schema (draft-07, which most editors read) of a questionnaire file."""
    definitions = {name: part.schema() for name, part in PARTS.items() if name != "questionnaire"}
    definitions["condition"] = _condition()
    definitions["comparison"] = _comparison()
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "CSERQ app questionnaire",
        **PARTS["questionnaire"].schema(),
        "definitions": definitions,
    }


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
