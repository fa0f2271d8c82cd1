"""The code systems, extensions and texts every resource of the record uses.

Codes are in code systems of this app, named by URNs (nothing here is fetched):

- ``urn:cserq:answer``: ``yes``, ``no``, ``unknown`` (the answers to yes/no/don't know);
- ``urn:cserq:questionnaire:<id>:<question>``: the options of one choice or multi question;
- ``urn:cserq:questionnaire:<id>:category`` and ``urn:cserq:weight``: what kind of sign a
  question is.

What FHIR has no element for is carried in extensions of this app (:data:`OUTCOME`,
:data:`DECISION`, :data:`NOTE`, :data:`CHILD_DETAIL`), described in docs/record.md. Extensions
rather than contained resources: the outcome is decision support, not a finding or a risk
assessment, and no FHIR resource says that without implying more than the app does.
"""

from __future__ import annotations

import re
from typing import Any

from cserq.base.languages import DEFAULT_LANGUAGE, LANGUAGES, translations
from cserq.questionnaire.model import (
    Question,
    Questionnaire,
)
from cserq.words.wording import Wording

Json = dict[str, Any]

ANSWER_SYSTEM = "urn:cserq:answer"
WEIGHT_SYSTEM = "urn:cserq:weight"
CONTENT_HASH_SYSTEM = "urn:cserq:content-sha256"
NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
ENABLE_WHEN_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
)

OUTCOME = "urn:cserq:fhir:outcome"
"""On a response: ``level`` (code), ``title`` and ``statement`` (string), and for each rule that
set the level a ``reason`` (``rule`` code, ``text`` string, ``answer`` the linkId of each answer
behind it), and a ``prompt`` (code) for each prompt shown. Each string part carries its other
languages as the translation extension on ``_valueString``."""
DECISION = "urn:cserq:fhir:decision"
"""On a response: the practitioner's own decision, ``choice`` (code) and ``reason`` (string);
only a decision made against the outcome the answers give."""
POLICE_CALL = "urn:cserq:fhir:police-call"
"""On a response whose outcome is "Phone 999 now": what was recorded of the call to the police,
``called`` (boolean), ``at`` (string, the time as written) and ``reference`` (string), each
only when given (the note prints the same in its 999 box)."""
NOTE = "urn:cserq:fhir:note"
"""On an answered item: the practitioner's note, ``text`` (string) and ``source`` (code: seen,
child_said, others_said, opinion)."""
CHILD_DETAIL = "urn:cserq:fhir:child-detail"
"""On a response, once per detail entered (none that identify the child when anonymised):
``field`` (code) and ``text`` (string)."""

COMPARISON_OPERATORS = {
    "equals": "=",
    "not_equals": "!=",
    "includes": "=",
    "less_than": "<",
    "at_most": "<=",
    "greater_than": ">",
    "at_least": ">=",
}


def questionnaire_url(q: Questionnaire) -> str:
    return f"urn:cserq:questionnaire:{q.id}"


def option_system(q: Questionnaire, question: Question) -> str:
    if question.kind == "yes_no_unknown":
        return ANSWER_SYSTEM
    return f"{questionnaire_url(q)}:{question.id}"


def fhir_id(text: str) -> str:
    """A FHIR id (letters, digits, - and .) for one of ours (which may hold _)."""
    return text.replace("_", "-")[:64]


def section_link(section_id: str) -> str:
    return f"section-{section_id}"  # our ids never hold "-", so never a question's linkId


class Texts:
    """Each text in English, with its other languages as the FHIR translation extension."""

    def __init__(self, q: Questionnaire) -> None:
        self.english = Wording(q, translations(DEFAULT_LANGUAGE), DEFAULT_LANGUAGE)
        self.others = [
            Wording(q, translations(code), code)
            for code in LANGUAGES
            if code != DEFAULT_LANGUAGE and code in q.catalogues
        ]

    def put(self, target: Json, key: str, say: str) -> None:
        """``target[key]`` in English and ``target["_" + key]`` its translations; ``say`` names
        a method of :class:`~cserq.words.wording.Wording` taking no more arguments."""
        self.put_each(target, key, lambda words: getattr(words, say)())

    def put_each(self, target: Json, key: str, text_in: Any) -> None:
        english = text_in(self.english)
        if not english:
            return
        target[key] = english
        translated = [
            {
                "url": TRANSLATION,
                "extension": [
                    {"url": "lang", "valueCode": words.language},
                    {"url": "content", "valueString": text},
                ],
            }
            for words in self.others
            if (text := text_in(words)) and text != english
        ]
        if translated:
            target["_" + key] = {"extension": translated}


# FHIR R4's string is "[ \r\n\t\S]+": white space other than these (a no-break space typed
# or pasted, an ideographic space, a byte order mark, which JavaScript counts as white space)
# may not be in one, and the JSON Schema rejects the resource. Nor may controls below U+0020
# other than these.
_NOT_IN_FHIR_STRINGS = re.compile(r"[^\S \r\n\t]|\ufeff|[\x00-\x08\x0e-\x1f]")


def fhir_strings(resource: Json) -> Json:
    """``resource`` with each string in it made a valid FHIR string: white space FHIR does not
    allow becomes a plain space, and a control character the replacement character (U+FFFD),
    as :func:`as_json_bytes` does for a lone surrogate: it marks where something could not be
    carried, and a text is never left empty. (What the practitioner types has no controls
    left, see :func:`cserq.base.text.tidy`; a questionnaire's texts may.)"""
    cleaned: Json = _fhir_strings(resource)
    return cleaned


def _fhir_strings(value: Any) -> Any:
    if isinstance(value, str):
        return _NOT_IN_FHIR_STRINGS.sub(_fhir_character, value)
    if isinstance(value, dict):
        return {key: _fhir_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_fhir_strings(item) for item in value]
    return value


def _fhir_character(match: re.Match[str]) -> str:
    char = match.group(0)
    return " " if char.isspace() or char == "\ufeff" else "\ufffd"
