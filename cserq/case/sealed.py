"""A case as sealed bytes, for a store shared by several processes: JSON, then AES-256-GCM.

Only the app's processes hold the key, derived from the shared secret they are given; the store
sees random-looking bytes under random-looking names. Each sealed value is bound to the name it
is kept under, so a value moved to another name does not open.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import os
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from cserq.case.store import Case
from cserq.case.summary import AnswerNote, Decision, PoliceCall
from cserq.questionnaire.model import Answer, Questionnaire

NONCE = 12


class Unsealable(Exception):
    """A value that does not open with this key (another key, or changed)."""


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        secret.encode()
    )


class Seal:
    """The keys derived from the shared secret: one names values, one seals them."""

    def __init__(self, secret: str) -> None:
        self._names = _derive(secret, b"cserq case store: names")
        self._aead = AESGCM(_derive(secret, b"cserq case store: sealing"))

    def name(self, kind: str, case_id: str = "") -> str:
        """The store's name for one kind of value of a case: keyed, so the case id (which
        opens the case in a browser) is not in the store and cannot be worked back from it."""
        digest = hmac.new(self._names, f"{kind}\0{case_id}".encode(), hashlib.sha256)
        return f"cserq:{kind}:{digest.hexdigest()[:32]}"

    def seal(self, name: str, plain: bytes) -> bytes:
        nonce = os.urandom(NONCE)
        return nonce + self._aead.encrypt(nonce, plain, name.encode())

    def open(self, name: str, sealed: bytes | str) -> bytes:
        if isinstance(sealed, str):
            raise Unsealable(name)
        try:
            return self._aead.decrypt(sealed[:NONCE], sealed[NONCE:], name.encode())
        except (InvalidTag, ValueError):
            raise Unsealable(name) from None


# --- a case as JSON, and back ---


def _answer(value: Answer) -> Any:
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    return list(value) if isinstance(value, tuple) else value


def _answer_from(value: Any) -> Answer:
    if isinstance(value, dict):
        return datetime.date.fromisoformat(value["date"])
    return tuple(value) if isinstance(value, list) else value


def _time(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _time_from(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


def case_to_json(case: Case) -> bytes:
    """Every part of the case but its id (the store's name for it stands for that)."""
    q = case.questionnaire
    decision = case.decision
    return json.dumps(
        {
            "questionnaire": [q.id, q.version, q.content_hash],
            "answers": {k: _answer(v) for k, v in case.answers.items()},
            "child": case.child,
            "practitioner": case.practitioner,
            "anonymised": case.anonymised,
            "notes": {k: [n.text, n.source] for k, n in case.notes.items()},
            "decision": decision and [decision.choice, decision.reason, decision.basis],
            "police": [case.police.called, case.police.at, case.police.reference],
            "draft_decision": case.draft_decision,
            "draft_police": case.draft_police,
            "done": sorted(case.done),
            "unknown_by_button": sorted(case.unknown_by_button),
            "opened_at": _time(case.opened_at),
            "note_made_at": _time(case.note_made_at),
            "changed_at": _time(case.changed_at),
            "version": case.version,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def case_from_json(
    data: bytes, case_id: str, last_active: float, questionnaires: Mapping[str, Questionnaire]
) -> Case | None:
    """The case, or None if it was started with a questionnaire this process does not have
    (another version, while processes are being updated): its answers may not fit this one."""
    d = json.loads(data)
    qid, _version, content_hash = d["questionnaire"]
    questionnaire = questionnaires.get(qid)
    if questionnaire is None or questionnaire.content_hash != content_hash:
        return None
    decision = d["decision"]
    called, at, reference = d["police"]
    return Case(
        id=case_id,
        questionnaire=questionnaire,
        last_active=last_active,
        answers={k: _answer_from(v) for k, v in d["answers"].items()},
        child=d["child"],
        practitioner=d["practitioner"],
        anonymised=d["anonymised"],
        notes={k: AnswerNote(text, source) for k, (text, source) in d["notes"].items()},
        decision=decision
        and Decision(decision[0], decision[1], None if decision[2] is None else tuple(decision[2])),
        police=PoliceCall(called, at, reference),
        draft_decision=tuple(d["draft_decision"]) if d["draft_decision"] else None,
        draft_police=d["draft_police"],
        done=set(d["done"]),
        unknown_by_button=frozenset(d["unknown_by_button"]),
        opened_at=_time_from(d["opened_at"]) or datetime.datetime.now(),
        note_made_at=_time_from(d["note_made_at"]),
        changed_at=_time_from(d["changed_at"]) or datetime.datetime.now().astimezone(),
        version=d["version"],
    )
