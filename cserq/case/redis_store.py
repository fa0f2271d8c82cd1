"""Open cases in a Redis (or Valkey) shared by several app processes, sealed, never on disk.

What the store holds of a case, each under a name keyed from the case id (see
:class:`~cserq.case.sealed.Seal`), each expiring with the idle timeout and renewed on use:

- ``c``: the case, sealed;
- ``a``: when it was last used (a number: the idle timeout is measured from it);
- ``e``: sealed, why it ended and whether it recorded immediate danger; written with every
  change, as "expired", and kept longer than the case, so a late visit is still told why;
- ``n``: each note made, sealed, with the version of the case it was made from;
- ``l`` and ``m``: locks, while a case is changed and while its note is made;
- ``open``: the names of the open cases with when each will expire, to count them.

The server must keep nothing on disk: the store reads its persistence settings when it starts
and again every :attr:`RedisStore.check_every` seconds, and takes no new case while any is on.
"""

from __future__ import annotations

import datetime
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from typing import Any

import redis

from cserq.case.sealed import Seal, Unsealable, case_from_json, case_to_json
from cserq.case.store import (
    Case,
    CaseStore,
    Ended,
    NoteBusy,
    NoteMade,
    StoreFull,
    StoreUnreachable,
    StoreUnsafe,
    edited,
    new_case_id,
)
from cserq.case.summary import CaseSummary
from cserq.questionnaire.model import Level, Questionnaire

log = logging.getLogger("cserq")

ENDED_SECONDS = 12 * 3600
"""How long a case that ended is remembered (only why, and whether it recorded danger)."""
LOCK_SECONDS = 60
"""The longest a lock is held if its process dies holding it."""


def persistence_problem(client: redis.Redis) -> str | None:
    """Why this server would keep answers on disk, in a line, or None if it would not."""
    try:
        save = _text(client.config_get("save"), "save")
        appendonly = _text(client.config_get("appendonly"), "appendonly")
        eviction = _text(client.config_get("maxmemory-policy"), "maxmemory-policy")
        diskless = _text(client.config_get("repl-diskless-sync"), "repl-diskless-sync")
        replication = client.info("replication")
    except redis.exceptions.ResponseError:  # no permission, or CONFIG renamed away
        return (
            "the store's user may not read its settings (CONFIG GET, INFO), so the app cannot"
            " check that nothing is kept on disk; allow +config|get and +info"
        )
    if save.strip():
        return f'the store saves snapshots to disk (save "{save}"): set save ""'
    if appendonly.strip().lower() != "no":
        return "the store keeps an append-only file on disk (appendonly yes): set appendonly no"
    if replication.get("role") != "master":
        return "the store is a replica: give the app the primary, with persistence off"
    if int(replication.get("connected_slaves", 0)):
        return "the store has replicas, which may keep answers on disk: remove them"
    if diskless.strip().lower() == "no":
        return (
            "a replica joining would make the store write a snapshot to disk"
            " (repl-diskless-sync no): set repl-diskless-sync yes"
        )
    if eviction.strip().lower() not in ("noeviction", ""):
        return (
            f"the store may drop cases when its memory is full (maxmemory-policy {eviction}):"
            " set maxmemory-policy noeviction"
        )
    return None


def _text(settings: Mapping[Any, Any], name: str) -> str:
    """One setting of a ``CONFIG GET`` answer, as text (the client may give bytes)."""
    for key, value in settings.items():
        if (key.decode() if isinstance(key, bytes) else key) == name:
            return value.decode() if isinstance(value, bytes) else str(value)
    return ""


def connect(url: str) -> redis.Redis:
    """A client for ``url`` (``redis://``, ``rediss://`` or ``unix://``) that has answered.

    Raises :class:`StoreUnreachable` with a line that never holds the URL's password (the
    client's own messages can: they name the address as it parsed it)."""
    try:
        client = redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5)
        client.ping()
    except redis.exceptions.AuthenticationError:
        raise StoreUnreachable("the store refused the user name or password given") from None
    except redis.exceptions.ResponseError as error:
        raise StoreUnreachable(f"the store refused the app ({type(error).__name__})") from None
    except (redis.exceptions.RedisError, ValueError, TypeError, OSError) as error:
        # With a password in the URL, the kind of error only: the client's message names the
        # address as it parsed it, which may hold part of the password.
        said = type(error).__name__ if _userinfo(url) else str(error)
        raise StoreUnreachable(f"cannot reach the store: {said}") from None
    return client


def _userinfo(url: str) -> str:
    """What stands between ``://`` and the last ``@`` of a URL: a user name and password."""
    rest = url.partition("://")[2]
    return rest.rpartition("@")[0] if "@" in rest else ""


class RedisStore(CaseStore):
    """The cases of every process given the same store and secret."""

    check_every = 30.0
    """Seconds between checks that the server still keeps nothing on disk."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        secret: str,
        questionnaires: Mapping[str, Questionnaire],
        idle_timeout: float,
        max_cases: int,
        clock: Callable[[], float] = time.time,
        note_lock_seconds: float = LOCK_SECONDS,
    ) -> None:
        self.client = client
        self.idle_timeout = idle_timeout
        self.max_cases = max_cases
        self.clock = clock
        self.questionnaires = questionnaires
        self._seal = Seal(secret)
        self._open_set = self._seal.name("open")
        self._checked_at = -float("inf")
        self._problem: str | None = None
        self._check_lock = threading.Lock()
        self.note_lock_seconds = note_lock_seconds
        problem = self.check()
        if problem:
            raise StoreUnsafe(problem)

    # --- keeping nothing on disk ---

    def check(self) -> str | None:
        """Read the server's persistence settings now: the problem, if any (kept until the
        next check finds none)."""
        self._problem = persistence_problem(self.client)
        self._checked_at = time.monotonic()
        return self._problem

    def _check_now_and_then(self, *, new_case: bool) -> None:
        """Check again if it is time; a new case is refused while the last check found a
        problem (an open case is still kept, so that it can be finished)."""
        with self._check_lock:
            due = time.monotonic() - self._checked_at >= self.check_every
            if due and self.check():
                log.error("Taking no new case: %s", self._problem)
            problem = self._problem
        if problem and new_case:
            raise StoreUnsafe(problem)

    # --- the store ---

    def __len__(self) -> int:
        now = self.clock()
        pipe = self.client.pipeline()
        pipe.zremrangebyscore(self._open_set, "-inf", now)
        pipe.zcard(self._open_set)
        return int(pipe.execute()[1])

    def open(self, questionnaire: Questionnaire) -> Case:
        self._check_now_and_then(new_case=True)
        if len(self) >= self.max_cases:
            raise StoreFull
        case = Case(new_case_id(), questionnaire, self.clock())
        self._save(case)
        return case

    def status(self, case_id: str) -> Case | Ended | None:
        case = self._load(case_id)
        if isinstance(case, Case):
            case.last_active = self.clock()
            self._touch(case)
            return case
        return case if case is not None else self._ended(case_id)[0]

    def peek(self, case_id: str) -> Case | None:
        case = self._load(case_id)
        return case if isinstance(case, Case) else None

    @contextmanager
    def editing(self, case_id: str) -> Iterator[Case]:
        with self._lock("l", case_id):
            case = self._load(case_id)
            if not isinstance(case, Case):
                raise KeyError(case_id)
            case.last_active = self.clock()
            before = case.recorded()
            yield case
            edited(case, before)
            self._save(case)

    def ended_in_danger(self, case_id: str) -> bool:
        return self._load(case_id) is None and self._ended(case_id)[1]

    def end(self, case_id: str, why: Ended) -> None:
        # Under the case's lock: a page being saved in another process at the same moment
        # cannot put the answers back after they are cleared.
        with self._lock("l", case_id):
            case = self._load(case_id)
            if isinstance(case, Case):
                self._forget(case, why)

    def note(
        self, case: Case, language: str, make: Callable[[CaseSummary], NoteMade], wait: float
    ) -> NoteMade:
        notes = self._seal.name("n", case.id)
        aad = f"{notes}\0{language}"
        with self._lock("m", case.id, hold=self.note_lock_seconds, wait=wait, busy=NoteBusy):
            sealed = self.client.hget(notes, language)
            if sealed is not None:
                try:
                    version, made = _note_from(self._seal.open(aad, sealed))
                except Unsealable:
                    version = -1
                if version == case.version:
                    return made
            note = make(case.summary())  # this copy of the case is this process's own
            sealed = self._seal.seal(aad, _note_to(case.version, note))
            with self._lock("l", case.id):  # never kept for a case that ended meanwhile
                if self.client.exists(self._seal.name("c", case.id)):
                    pipe = self.client.pipeline()
                    pipe.hset(notes, language, sealed)
                    pipe.pexpire(notes, self._ttl_ms())
                    pipe.execute()
            return note

    # --- the parts ---

    def _ttl_ms(self) -> int:
        return max(1, int(self.idle_timeout * 1000))

    def _load(self, case_id: str) -> Case | Ended | None:
        """The open case; EXPIRED if it has been idle too long; None if not open."""
        if not isinstance(case_id, str) or not case_id:
            return None
        name = self._seal.name("c", case_id)
        sealed, active = self.client.mget(name, self._seal.name("a", case_id))
        if sealed is None or active is None:
            return None
        try:
            plain = self._seal.open(name, sealed)
        except Unsealable:
            log.warning("A case in the store does not open with this key; it is ignored")
            return None
        case = case_from_json(plain, case_id, float(active), self.questionnaires)
        if case is None:
            # Started with another version of the questionnaire (a pack updated, its processes
            # restarted one by one): it ends here, as at a restart, in every process.
            self._drop(case_id)
            return None
        if self.clock() - case.last_active >= self.idle_timeout:
            self._forget(case, Ended.EXPIRED)
            return Ended.EXPIRED
        return case

    def _save(self, case: Case) -> None:
        """Keep the case, when it was last used, and the reason to give if it expires."""
        self._check_now_and_then(new_case=False)
        name = self._seal.name("c", case.id)
        ended = self._seal.name("e", case.id)
        danger = case.level() is Level.EMERGENCY
        ttl = self._ttl_ms()
        pipe = self.client.pipeline()
        pipe.set(name, self._seal.seal(name, case_to_json(case)), px=ttl)
        pipe.set(self._seal.name("a", case.id), repr(case.last_active), px=ttl)
        pipe.set(ended, self._seal.seal(ended, _ended_to(Ended.EXPIRED, danger)), ex=ENDED_SECONDS)
        pipe.zadd(self._open_set, {name: case.last_active + self.idle_timeout})
        pipe.pexpire(self._open_set, ttl + ENDED_SECONDS * 1000)
        pipe.execute()

    def _touch(self, case: Case) -> None:
        """Count a visit as use: the case and its notes stay for another idle timeout."""
        ttl = self._ttl_ms()
        pipe = self.client.pipeline()
        # Only if they are still there: a case that ended meanwhile must not come back.
        pipe.set(self._seal.name("a", case.id), repr(case.last_active), px=ttl, xx=True)
        pipe.pexpire(self._seal.name("c", case.id), ttl)
        pipe.pexpire(self._seal.name("n", case.id), ttl)
        pipe.zadd(
            self._open_set, {self._seal.name("c", case.id): case.last_active + self.idle_timeout}
        )
        pipe.execute()

    def _forget(self, case: Case, why: Ended) -> None:
        name = self._seal.name("c", case.id)
        ended = self._seal.name("e", case.id)
        danger = case.level() is Level.EMERGENCY
        pipe = self.client.pipeline()
        pipe.delete(name, self._seal.name("a", case.id), self._seal.name("n", case.id))
        pipe.set(ended, self._seal.seal(ended, _ended_to(why, danger)), ex=ENDED_SECONDS)
        pipe.zrem(self._open_set, name)
        pipe.execute()

    def _drop(self, case_id: str) -> None:
        """Forget every trace of the case, even why it ended: the pages say "restarted"."""
        names = [self._seal.name(kind, case_id) for kind in ("c", "a", "n", "e")]
        pipe = self.client.pipeline()
        pipe.delete(*names)
        pipe.zrem(self._open_set, names[0])
        pipe.execute()

    def _ended(self, case_id: str) -> tuple[Ended | None, bool]:
        if not isinstance(case_id, str) or not case_id:
            return None, False
        name = self._seal.name("e", case_id)
        sealed = self.client.get(name)
        if sealed is None:
            return None, False
        try:
            why, danger = json.loads(self._seal.open(name, sealed))
        except Unsealable:
            return None, False
        return Ended(why), bool(danger)

    @contextmanager
    def _lock(
        self,
        kind: str,
        case_id: str,
        *,
        hold: float = LOCK_SECONDS,
        wait: float = LOCK_SECONDS,
        busy: type[Exception] = StoreUnreachable,
    ) -> Iterator[None]:
        """The case's lock of this kind, held ``hold`` seconds at most (should the process
        die holding it), waited for ``wait`` seconds at most (else ``busy``)."""
        lock = self.client.lock(self._seal.name(kind, case_id), timeout=hold, blocking_timeout=wait)
        if not lock.acquire():
            raise busy("a case stayed locked too long")
        try:
            yield
        finally:
            with suppress(redis.exceptions.LockError):
                lock.release()  # fails if it had expired: another process may hold it now


def _ended_to(why: Ended, danger: bool) -> bytes:
    return json.dumps([why.value, danger]).encode()


def _note_to(version: int, note: NoteMade) -> bytes:
    made_at, pdf = note
    return json.dumps([version, made_at.isoformat()]).encode() + b"\n" + pdf


def _note_from(data: bytes) -> tuple[int, NoteMade]:
    head, pdf = data.split(b"\n", 1)
    version, made_at = json.loads(head)
    return int(version), (datetime.datetime.fromisoformat(made_at), pdf)
