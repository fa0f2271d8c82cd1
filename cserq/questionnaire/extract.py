"""A Babel extractor for questionnaire files, so their texts join the app's catalogue.

Registered as the ``cserq_questionnaire`` extractor; ``babel.cfg`` maps ``questions/*.yaml`` to it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from cserq.questionnaire.loader import load_questionnaire
from cserq.questionnaire.messages import questionnaire_messages


def extract_questionnaire(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """(line, "pgettext", (context, text), [where]) for each text; a broken file raises."""
    questionnaire = load_questionnaire(fileobj.name)
    for message in questionnaire_messages(questionnaire):
        line = questionnaire.lines.get(message.path, 1)
        yield line, "pgettext", (message.context, message.text), [message.path]
