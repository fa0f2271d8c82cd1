"""Open cases: what a store of them does, and the store in this process's memory.

A case lives until it is finished, cleared, left idle past the timeout, or the process ends.
Nothing here touches the disk. Every method is safe to call from waitress's worker threads.
:class:`MemoryStore` is the clinic PC's; :mod:`cserq.case.redis_store` holds cases for several
processes (a health board's central service), sealed, in a Redis that keeps nothing on disk.
"""

from __future__ import annotations

import datetime
import secrets
import sys
import threading
import time
import weakref
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from cserq.case.summary import AnswerNote, CaseSummary, Decision, PoliceCall
from cserq.questionnaire.model import Answer, Level, Question, Questionnaire
from cserq.questionnaire.outcome import Outcome, decide, level_of
from cserq.questionnaire.rules import shown_questions

# How many ended case ids to remember (ids only, no answers) so a late visit can be told why
# its answers are gone, and whether it had recorded immediate danger.
ENDED_MEMORY = 2000


def new_case_id() -> str:
    """A case's id: it opens the case in the browser that owns it, so it cannot be guessed."""
    return secrets.token_urlsafe(24)


class Ended(Enum):
    """Why a case is no longer open."""

    FINISHED = "finished"
    CLEARED = "cleared"
    EXPIRED = "expired"


class StoreFull(Exception):
    """The limit on open cases is reached."""


class NoteBusy(Exception):
    """Another request is making this case's note, and took longer than the wait."""


class StoreUnreachable(Exception):
    """The store cannot be reached, or refuses the app; one line for the administrator."""


def store_trouble(error: BaseException) -> bool:
    """Whether the error is the case store's (a Redis gone away), not the app's."""
    if isinstance(error, StoreUnreachable):
        return True
    client = sys.modules.get("redis")  # loaded only when the store is a Redis
    return client is not None and isinstance(error, client.exceptions.RedisError)


class StoreUnsafe(Exception):
    """The store would keep answers on disk (a Redis that persists): it takes no new case. The
    message is one line for the service's administrator, without anything about a case."""


RECORDED = ("answers", "child", "practitioner", "anonymised", "notes", "decision", "police")
"""The parts of a case that the note says (a summary copies them): a change to any is a change
to the note."""


@dataclass(slots=True)
class Case:
    """One practitioner's answers about one child, while they work through the questionnaire.

    Changes replace the dicts rather than change them in place, so a page being drawn from the
    case outside the store's lock always reads a whole, consistent version.
    """

    id: str
    questionnaire: Questionnaire
    last_active: float
    answers: dict[str, Answer] = field(default_factory=dict)
    child: dict[str, str] = field(default_factory=dict)
    practitioner: dict[str, str] = field(default_factory=dict)
    anonymised: bool = False
    notes: dict[str, AnswerNote] = field(default_factory=dict)
    decision: Decision | None = None
    police: PoliceCall = field(default_factory=PoliceCall)
    """Whether 999 was phoned, when, and the police reference (asked when there is danger)."""
    draft_decision: tuple[str, str] | None = None
    """A choice and reason typed but not yet recorded (kept across a language switch)."""
    draft_police: dict[str, str] | None = None
    """The police call as typed but not yet recorded (kept across a language switch): only
    "Record my decision" puts it in the note."""
    done: set[str] = field(default_factory=set)
    """The pages whose answers have been saved at least once."""
    unknown_by_button: frozenset[str] = frozenset()
    """Questions answered "Don't know" by the button for the questions left on a page, not
    one by one, so that Check your answers can list them (kept here only, like the answers)."""
    opened_at: datetime.datetime = field(default_factory=datetime.datetime.now)
    note_made_at: datetime.datetime | None = None
    """When a note was last downloaded: finishing says whether one was."""
    changed_at: datetime.datetime = field(
        default_factory=lambda: datetime.datetime.now().astimezone()
    )
    """When what the note says last changed (answers, details, notes, decision): the record's
    authored time, so a record made later from the same case is the same record."""
    version: int = 0
    """Counts the changes to what the note says: a note made is reused until it changes."""
    _shown: tuple[Mapping[str, Answer], frozenset[str]] | None = field(default=None, repr=False)
    _outcome: tuple[Mapping[str, Answer], Outcome] | None = field(default=None, repr=False)
    _level: tuple[Mapping[str, Answer], Level] | None = field(default=None, repr=False)

    def shown(self) -> frozenset[str]:
        """The questions the answers show, worked out once for each version of the answers
        (a change replaces ``answers``, so the version is the dict itself)."""
        answers = self.answers
        if self._shown is None or self._shown[0] is not answers:
            self._shown = (answers, shown_questions(self.questionnaire, answers))
        return self._shown[1]

    def outcome(self) -> Outcome:
        """What the answers point to, decided once for each version of the answers: every page
        shows the 999 banner from it without deciding again."""
        answers = self.answers
        if self._outcome is None or self._outcome[0] is not answers:
            self._outcome = (answers, decide(self.questionnaire, answers, self.shown()))
        return self._outcome[1]

    def level(self) -> Level:
        """The level the answers point to, once for each version of the answers: all that the
        999 banner on every page needs, without the rest of the outcome."""
        answers = self.answers
        if self._outcome is not None and self._outcome[0] is answers:
            return self._outcome[1].level
        if self._level is None or self._level[0] is not answers:
            self._level = (answers, level_of(self.questionnaire, answers, self.shown()))
        return self._level[1]

    def save_page(
        self,
        page_key: str,
        questions: Iterable[Question],
        answers: Mapping[str, Answer],
        notes: Mapping[str, AnswerNote],
        *,
        finished: bool = True,
    ) -> None:
        """Replace the answers and notes of one page's questions.

        Answers to questions that are now hidden by ``show_if``, on any page, are discarded
        with their notes. ``finished=False`` keeps what was entered without counting the page
        as answered (the practitioner switched language half-way through it).
        """
        asked = {q.id for q in questions}
        merged = {q: a for q, a in self.answers.items() if q not in asked}
        merged.update(answers)
        shown = shown_questions(self.questionnaire, merged)  # as visible_answers
        self.answers = {q: a for q, a in merged.items() if q in shown}
        # The answers to hidden questions gone, the same questions are shown: a show_if reads
        # only the answers to shown questions.
        self._shown = (self.answers, shown)
        kept = {q: n for q, n in self.notes.items() if q not in asked}
        kept.update(notes)
        self.notes = {q: n for q, n in kept.items() if q in self.answers}
        if finished:
            self.done.add(page_key)

    def summary(self) -> CaseSummary:
        """An immutable copy of what the note says, safe to use outside the store's lock."""
        return CaseSummary(
            self.questionnaire,
            **self._recorded(),
            changed_at=self.changed_at,
            decided=self.outcome(),
        )

    def recorded(self) -> tuple[object, ...]:
        """What the note says, to tell whether an edit changed it."""
        return tuple(self._recorded().values())

    def _recorded(self) -> dict[str, Any]:
        """Each part the note says, a dict as a copy of it."""
        parts = {name: getattr(self, name) for name in RECORDED}
        return {name: dict(v) if isinstance(v, dict) else v for name, v in parts.items()}


NoteMade = tuple[datetime.datetime, bytes]
"""A note as made: when (the time it states) and its PDF bytes."""


class CaseStore(ABC):
    """Open cases by id, with an idle timeout and a limit on how many are open at once.

    ``clock`` gives the time in seconds that idleness is measured by; a test may replace it.
    """

    idle_timeout: float
    max_cases: int
    clock: Callable[[], float]

    @abstractmethod
    def __len__(self) -> int:
        """How many cases are open."""

    @abstractmethod
    def open(self, questionnaire: Questionnaire) -> Case:
        """A new, empty case; raises :class:`StoreFull` at the limit, :class:`StoreUnsafe` when
        the store would keep it on disk."""

    @abstractmethod
    def status(self, case_id: str) -> Case | Ended | None:
        """The open case (marking it active), why it ended, or None if never known here."""

    @abstractmethod
    def peek(self, case_id: str) -> Case | None:
        """The open case, without counting this as activity on it (for a list of cases)."""

    def is_open(self, case_id: str) -> bool:
        """Whether the case is open, without counting this as activity on it."""
        return self.peek(case_id) is not None

    @abstractmethod
    def editing(self, case_id: str) -> AbstractContextManager[Case]:
        """The open case, locked against other threads and processes while the caller changes
        it; the changes are kept when the block ends. Raises KeyError if it is not open."""

    @abstractmethod
    def ended_in_danger(self, case_id: str) -> bool:
        """Whether a case that has ended had recorded that the child is in immediate danger:
        the pages that follow it still say "Phone 999 now", though its answers are gone."""

    @abstractmethod
    def end(self, case_id: str, why: Ended) -> None:
        """Forget the case's answers and notes now; remember only that it ended, why, and
        whether it had recorded immediate danger."""

    def seconds_left(self, case: Case) -> float:
        """How long until the case is cleared if nothing is done."""
        return max(0.0, case.last_active + self.idle_timeout - self.clock())

    @abstractmethod
    def note(
        self, case: Case, language: str, make: Callable[[CaseSummary], NoteMade], wait: float
    ) -> NoteMade:
        """The note of this version of the case in ``language``: made by ``make`` from the
        case's summary the first time, then the same note until what it says changes. One note
        at a time per case: a second request waits for the first (``wait`` seconds at most,
        else :class:`NoteBusy`) and gets its note."""


def edited(case: Case, before: tuple[object, ...]) -> None:
    """Mark a new version of the case if an edit changed what the note says."""
    if case.recorded() != before:
        case.changed_at = datetime.datetime.now().astimezone()
        case.version += 1


SWEEP_SECONDS = 60.0
"""How often every memory store ends its idle cases unasked: a case left open in a browser that
was closed is gone from memory within this long of its timeout, with no one looking."""


class _Sweeper:
    """One thread for the process that sweeps every memory store in turn; a store that is
    dropped is dropped from here too (held weakly)."""

    def __init__(self) -> None:
        self._stores: weakref.WeakSet[MemoryStore] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.wake = threading.Event()
        """Set to sweep at once (the tests' way not to wait a minute)."""

    def watch(self, store: MemoryStore) -> None:
        with self._lock:
            self._stores.add(store)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True, name="cserq-sweeper")
                self._thread.start()

    def _run(self) -> None:
        while True:
            self.wake.wait(SWEEP_SECONDS)
            self.wake.clear()
            with self._lock:
                stores = list(self._stores)
            while stores:  # none is held here past its sweep
                stores.pop().sweep()


_sweeper = _Sweeper()


class MemoryStore(CaseStore):
    """The cases of this process, in its memory: the clinic PC's store."""

    def __init__(
        self,
        *,
        idle_timeout: float,
        max_cases: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.idle_timeout = idle_timeout
        self.max_cases = max_cases
        self.clock = clock
        self._lock = threading.RLock()
        self._cases: dict[str, Case] = {}
        self._ended: OrderedDict[str, tuple[Ended, bool]] = OrderedDict()
        """Why each ended case ended, and whether immediate danger was recorded in it."""
        self._notes: dict[str, dict[str, tuple[int, NoteMade]]] = {}
        """Each open case's notes made, by language, with the version of the case made from."""
        self._making: dict[str, threading.Lock] = {}
        _sweeper.watch(self)

    def sweep(self) -> None:
        """End every case idle past the timeout now, as the next look at the store would."""
        with self._lock:
            self._expire()

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._cases)

    def open(self, questionnaire: Questionnaire) -> Case:
        with self._lock:
            self._expire()
            if len(self._cases) >= self.max_cases:
                raise StoreFull
            case = Case(new_case_id(), questionnaire, self.clock())
            self._cases[case.id] = case
            return case

    def status(self, case_id: str) -> Case | Ended | None:
        with self._lock:
            self._expire()
            case = self._cases.get(case_id)
            if case is None:
                ended = self._ended.get(case_id)
                return ended[0] if ended else None
            case.last_active = self.clock()
            return case

    def peek(self, case_id: str) -> Case | None:
        with self._lock:
            self._expire()
            return self._cases.get(case_id)

    @contextmanager
    def editing(self, case_id: str) -> Iterator[Case]:
        with self._lock:
            case = self._cases.get(case_id)
            if case is None:
                raise KeyError(case_id)
            case.last_active = self.clock()
            before = case.recorded()
            yield case
            edited(case, before)

    def ended_in_danger(self, case_id: str) -> bool:
        with self._lock:
            self._expire()
            ended = self._ended.get(case_id)
            return ended is not None and ended[1]

    def end(self, case_id: str, why: Ended) -> None:
        with self._lock:
            case = self._cases.pop(case_id, None)
            if case is not None:
                self._remember(case, why)

    def seconds_left(self, case: Case) -> float:
        with self._lock:
            return super().seconds_left(case)

    def note(
        self, case: Case, language: str, make: Callable[[CaseSummary], NoteMade], wait: float
    ) -> NoteMade:
        with self._lock:
            making = self._making.setdefault(case.id, threading.Lock())
        if not making.acquire(timeout=wait):
            raise NoteBusy
        try:
            with self._lock:
                # The version and what the note says, taken together: an edit made while the
                # note is being made is a new version, never kept under this note.
                version, summary = case.version, case.summary()
                made = self._notes.get(case.id, {}).get(language)
            if made is not None and made[0] == version:
                return made[1]
            note = make(summary)  # outside the store's lock: every other case goes on meanwhile
            with self._lock:
                if case.id in self._cases:  # not kept for a case that ended meanwhile
                    self._notes.setdefault(case.id, {})[language] = (version, note)
            return note
        finally:
            making.release()

    def _expire(self) -> None:
        now = self.clock()
        stale = [i for i, c in self._cases.items() if now - c.last_active >= self.idle_timeout]
        for case_id in stale:
            self._remember(self._cases.pop(case_id), Ended.EXPIRED)

    def _remember(self, case: Case, why: Ended) -> None:
        self._notes.pop(case.id, None)
        self._making.pop(case.id, None)
        in_danger = case.level() is Level.EMERGENCY
        self._ended[case.id] = (why, in_danger)
        while len(self._ended) > ENDED_MEMORY:
            self._ended.popitem(last=False)
