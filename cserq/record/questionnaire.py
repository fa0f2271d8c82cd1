"""The questionnaire as a FHIR R4 ``Questionnaire`` that structured data capture tools render,
with its Welsh as translation extensions and its ``show_if`` as ``enableWhen`` and FHIRPath."""

from __future__ import annotations

from typing import Any

from cserq.questionnaire.answers import YES_NO_UNKNOWN
from cserq.questionnaire.model import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Count,
    Not,
    Question,
    Questionnaire,
)
from cserq.record.codes import (
    COMPARISON_OPERATORS,
    CONTENT_HASH_SYSTEM,
    ENABLE_WHEN_EXPRESSION,
    ITEM_CONTROL,
    ITEM_CONTROL_SYSTEM,
    MAX_VALUE,
    MIN_VALUE,
    WEIGHT_SYSTEM,
    Json,
    Texts,
    fhir_id,
    fhir_strings,
    option_system,
    questionnaire_url,
    section_link,
)


def questionnaire_resource(q: Questionnaire) -> Json:
    """The questionnaire as a FHIR R4 ``Questionnaire``: sections as groups, questions with our
    ids as linkIds, options as codings, ``show_if`` as enableWhen (or an SDC expression)."""
    texts = Texts(q)
    resource: Json = {
        "resourceType": "Questionnaire",
        "id": fhir_id(q.id),
        "url": questionnaire_url(q),
        "identifier": [
            {"system": CONTENT_HASH_SYSTEM, "value": q.content_hash},
            *[
                {"system": f"urn:cserq:catalogue-sha256:{code}", "value": catalogue.content_hash}
                for code, catalogue in sorted(q.catalogues.items())
            ],
        ],
        "version": q.version,
        "name": "".join(part.capitalize() for part in q.id.split("_")),
        "status": "active",
        "subjectType": ["Patient"],
    }
    texts.put(resource, "title", "title")
    texts.put(resource, "description", "introduction")
    resource["item"] = [_section(q, texts, section) for section in q.sections]
    return fhir_strings(resource)


def _section(q: Questionnaire, texts: Texts, section: Any) -> Json:
    group: Json = {"linkId": section_link(section.id), "type": "group"}
    texts.put_each(group, "text", lambda words: words.section_title(section))
    items: list[Json] = []
    if section.intro:
        intro: Json = {"linkId": f"{section_link(section.id)}-intro", "type": "display"}
        texts.put_each(intro, "text", lambda words: words.section_intro(section))
        items.append(intro)
    items += [_question(q, texts, question) for question in section.questions]
    group["item"] = items
    return group


ITEM_TYPES = {
    "yes_no_unknown": "choice",
    "choice": "choice",
    "multi": "choice",
    "number": "integer",
    "text": "text",
    "date": "date",
}


def _question(q: Questionnaire, texts: Texts, question: Question) -> Json:
    item: Json = {"linkId": question.id}
    texts.put_each(item, "text", lambda words: words.question(question))
    item["type"] = ITEM_TYPES[question.kind]
    if question.required:
        item["required"] = True
    if question.kind == "multi":
        item["repeats"] = True
    if question.max_length:
        item["maxLength"] = question.max_length
    extensions = [
        {"url": url, "valueInteger": value}
        for url, value in ((MIN_VALUE, question.minimum), (MAX_VALUE, question.maximum))
        if value is not None
    ]
    if question.category and question.weight:
        category = q.category(question.category)
        kind: Json = {"system": f"{questionnaire_url(q)}:category", "code": category.id}
        texts.put_each(kind, "display", lambda words: words.category(category))
        item["code"] = [kind, {"system": WEIGHT_SYSTEM, "code": question.weight}]
    codes = (
        YES_NO_UNKNOWN if question.kind == "yes_no_unknown" else [o.code for o in question.options]
    )
    if codes:
        item["answerOption"] = [{"valueCoding": coding(q, texts, question, code)} for code in codes]
    if question.show_if is not None:
        enable = enable_when(q, question.show_if)
        if enable is not None:
            item["enableWhen"], item["enableBehavior"] = enable
        else:
            extensions.append(
                {
                    "url": ENABLE_WHEN_EXPRESSION,
                    "valueExpression": {
                        "language": "text/fhirpath",
                        "expression": fhirpath(q, question.show_if),
                    },
                }
            )
    if extensions:
        item["extension"] = extensions
    if question.hint:
        hint: Json = {
            "linkId": f"{question.id}-hint",
            "type": "display",
            "extension": [
                {
                    "url": ITEM_CONTROL,
                    "valueCodeableConcept": {
                        "coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help"}]
                    },
                }
            ],
        }
        texts.put_each(hint, "text", lambda words: words.hint(question))
        item["item"] = [hint]
    return item


def coding(q: Questionnaire, texts: Texts, question: Question, code: str) -> Json:
    coding: Json = {"system": option_system(q, question), "code": code}
    texts.put_each(coding, "display", lambda words: words.option(question, code))
    return coding


# --- Conditions ---


def enable_when(q: Questionnaire, condition: Condition) -> tuple[list[Json], str] | None:
    """``condition`` as FHIR enableWhen entries and their enableBehavior, when it is one
    comparison, or all (or any) of comparisons FHIR can say the way this app means them;
    otherwise None."""
    if isinstance(condition, Compare):
        parts = _enable_when_parts(q, condition)
        if parts is None:
            return None
        return parts, "any" if condition.op == "one_of" else "all"
    if isinstance(condition, AllOf | AnyOf):
        behaviour = "all" if isinstance(condition, AllOf) else "any"
        entries: list[Json] = []
        for part in condition.conditions:
            if not isinstance(part, Compare):
                return None
            found = _enable_when_parts(q, part)
            # A one_of is several entries, any of which will do: only "any" can hold it.
            if found is None or (behaviour == "all" and len(found) > 1):
                return None
            entries += found
        return entries, behaviour
    return None


def _enable_when_parts(q: Questionnaire, compare: Compare) -> list[Json] | None:
    question = q.questions[compare.question]
    if compare.op == "one_of":
        values = compare.value if isinstance(compare.value, tuple) else (compare.value,)
        return [_enable_entry(q, question, "=", v) for v in values]
    if compare.op == "not_equals":
        # In FHIR "!=" holds when there is no answer; here a question with no answer never
        # meets a comparison, so it must also have been answered.
        return None
    return [_enable_entry(q, question, COMPARISON_OPERATORS[compare.op], compare.value)]


def _enable_entry(q: Questionnaire, question: Question, operator: str, value: object) -> Json:
    entry: Json = {"question": question.id, "operator": operator}
    if question.kind in ("yes_no_unknown", "choice", "multi"):
        entry["answerCoding"] = {"system": option_system(q, question), "code": value}
    elif question.kind == "number":
        entry["answerInteger"] = value
    else:
        entry["answerString"] = value
    return entry


def fhirpath(q: Questionnaire, condition: Condition) -> str:
    """``condition`` as a FHIRPath expression on the response (``%resource``) that is true
    exactly when the condition holds on the answers in it."""
    match condition:
        case Compare(question_id, op, value):
            question = q.questions[question_id]
            answers = f"%resource.repeat(item).where(linkId = '{question_id}').answer.value"
            coded = question.kind in ("yes_no_unknown", "choice", "multi")
            if op == "one_of":
                values = value if isinstance(value, tuple) else (value,)
                listed = " | ".join(_literal(v) for v in values)
                test = f"code in ({listed})" if coded else f"$this in ({listed})"
                return f"{answers}.where({test}).exists()"
            if op == "not_equals":
                test = f"code = {_literal(value)}" if coded else f"$this = {_literal(value)}"
                return f"({answers}.exists() and {answers}.where({test}).empty())"
            operator = COMPARISON_OPERATORS[op]
            test = f"code = {_literal(value)}" if coded else f"$this {operator} {_literal(value)}"
            return f"{answers}.where({test}).exists()"
        case Count(among, equals, at_least):
            ids = " | ".join(_literal(question.id) for question in q.select(among))
            counted = f"%resource.repeat(item).where(linkId in ({ids})).answer.value"
            return f"({counted}.where(code = {_literal(equals)}).count() >= {at_least})"
        case AllOf(conditions):
            return "(" + " and ".join(fhirpath(q, c) for c in conditions) + ")"
        case AnyOf(conditions):
            return "(" + " or ".join(fhirpath(q, c) for c in conditions) + ")"
        case Not(inner):
            return f"({fhirpath(q, inner)}).not()"
    raise TypeError(f"not a condition: {condition!r}")


def _literal(value: object) -> str:
    if isinstance(value, int):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"
