"""What a health board sets for its notes: the handling marking and the local contacts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cserq.settings.contacts import Contact
from cserq.settings.options import DEFAULT_MARKING, marking_in


@dataclass(frozen=True)
class NoteSettings:
    marking: str = DEFAULT_MARKING
    marking_cy: str | None = None
    """The marking in a Welsh note; None: see :func:`cserq.settings.options.marking_in`."""
    contacts: Sequence[Contact] = ()

    def marking_in(self, language: str) -> str:
        return marking_in(language, self.marking, self.marking_cy)
