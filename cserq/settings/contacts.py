"""Local contacts for making a report: social services teams and the Emergency Duty Team.

A safeguarding lead lists them in a YAML file named by the ``CSERQ_CONTACTS_FILE`` setting:

    contacts:
      - name: Children's services, Anytown Council
        phone: 01234 567890
        hours: Monday to Friday, 9am to 5pm
        notes: Confirm a phone report with the online form.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cserq.files.problems import FileProblems
from cserq.files.yamlfile import read_yaml_file


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str | None = None
    hours: str | None = None
    notes: str | None = None


def load_contacts(path: str | Path, *, name: str | None = None) -> tuple[Contact, ...]:
    """The contacts in a file; raise :class:`FileProblems` naming each problem's line."""
    reader, _data, raw = read_yaml_file(path, name=name)
    contacts: list[Contact] = []
    top = reader.mapping((), raw, ("contacts",)) if not reader.problems else None
    if top is not None:
        for i, item in enumerate(reader.items(("contacts",), top.get("contacts"))):
            where = ("contacts", i)
            entry = reader.mapping(where, item, ("name",), ("phone", "hours", "notes"))
            if entry is None:
                continue
            name_, phone, hours, notes = (
                reader.text(where + (key,), entry.get(key), optional=key != "name")
                for key in ("name", "phone", "hours", "notes")
            )
            if name_:
                contacts.append(Contact(name_, phone, hours, notes))
    if reader.problems:
        raise FileProblems(reader.problems)
    return tuple(contacts)
