"""Notes made in a few worker processes beside the app's, each with a time limit.

A note takes tens of milliseconds, but one whose every field is full of shaped text takes
seconds of one core; made in the request's thread it holds Python's lock that whole time and
every page waits. Made here it holds only its own process: the pages go on, and a note that
runs past the limit is stopped (its process is ended and a new one takes its place).

The processes are started by "spawn", the same on every system (a program that starts the app
from a script of its own must do so under ``if __name__ == "__main__":``, as spawn imports that
script again in each worker), when the server starts or the first note is asked for, and are
shared by every app in the process with the same size and limit. Nothing is written to disk:
the case goes to a worker down a pipe, and its note comes back the same way.
"""

from __future__ import annotations

import datetime
import io
import multiprocessing
import pickle
import queue
import threading
import types
from collections import OrderedDict
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from typing import Any

from cserq.case.summary import CaseSummary
from cserq.note.document import render_note
from cserq.note.settings import NoteSettings
from cserq.questionnaire.model import Questionnaire

STARTING_SECONDS = 120
"""The longest a worker may take to start (importing ReportLab and the fonts' code)."""
KEPT_QUESTIONNAIRES = 8
"""How many questionnaires a worker keeps (a server has one or two; a test run, many apps)."""

Render = Callable[..., bytes]
"""Makes a note: :func:`cserq.note.document.render_note`'s signature."""


class NoteFailed(Exception):
    """The note could not be made (its worker stopped); the message is for the log."""


class NoteTooSlow(NoteFailed):
    """The note took longer than the limit and was stopped."""


def _proxy(mapping: dict[Any, Any]) -> types.MappingProxyType[Any, Any]:
    return types.MappingProxyType(mapping)


class _Pickler(pickle.Pickler):
    """Pickles a case for a worker: each questionnaire by reference once the worker has it
    (it is large and never changes), and the read-only mappings the model uses."""

    def __init__(self, file: io.BytesIO, known: Mapping[str, Questionnaire]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.known = known

    def persistent_id(self, obj: object) -> str | None:
        if isinstance(obj, Questionnaire) and self.known.get(_key(obj)) is obj:
            return _key(obj)
        return None

    def reducer_override(self, obj: object) -> Any:
        if type(obj) is types.MappingProxyType:
            return (_proxy, (dict(obj),))
        return NotImplemented


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, known: dict[str, Questionnaire]) -> None:
        super().__init__(file)
        self.known = known

    def persistent_load(self, pid: object) -> Questionnaire:
        return self.known[str(pid)]


def _key(questionnaire: Questionnaire) -> str:
    return f"{id(questionnaire)}:{questionnaire.content_hash}"


def _dumps(obj: object, known: Mapping[str, Questionnaire]) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, known).dump(obj)
    return buffer.getvalue()


def _serve(conn: Connection, render: Render) -> None:
    """A worker: questionnaires and notes to make come in; notes (or a failure) go out."""
    known: dict[str, Questionnaire] = {}
    conn.send_bytes(b"ready")  # imported: a note's time limit does not count the start
    while True:
        try:
            message = conn.recv_bytes()
        except EOFError:
            return
        _answer(conn, render, known, message)
        # What the message carried (a whole case, as bytes) is not kept until the next one: the
        # worker outlives the case, and holds nothing of it once its note is sent.
        del message


def _answer(
    conn: Connection, render: Render, known: dict[str, Questionnaire], message: bytes
) -> None:
    """One message: a questionnaire to keep or forget, or a note to make. Whatever it unpacks
    (the case's answers, names and notes) ends with this call."""
    # From the app's own process, down a pipe only the two hold: never from outside.
    kind, key, data = pickle.loads(message)  # noqa: S301  # nosec B301
    if kind == "questionnaire":
        known[key] = _Unpickler(io.BytesIO(data), {}).load()
    elif kind == "forget":
        known.pop(key, None)
    else:
        try:
            args, kwargs = _Unpickler(io.BytesIO(data), known).load()
            conn.send_bytes(b"ok" + render(*args, **kwargs))
        except Exception as error:  # the app says the note failed; the worker goes on
            # The kind of error only: its message could carry an answer or a name, which must
            # never reach a log.
            conn.send_bytes(b"no" + type(error).__name__.encode())


class _Worker:
    def __init__(self, render: Render) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, theirs = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(theirs, render), daemon=True, name="cserq-note"
        )
        self.process.start()
        theirs.close()
        try:
            started = self.conn.poll(STARTING_SECONDS) and self.conn.recv_bytes() == b"ready"
        except (EOFError, OSError):  # it ended before it was ready: stopped with the app
            started = False
        if not started:
            self.stop()
            raise NoteFailed(f"a note worker did not start in {STARTING_SECONDS} seconds")
        self.known: OrderedDict[str, Questionnaire] = OrderedDict()
        """The questionnaires this worker holds, the last used last."""

    def make(self, summary: CaseSummary, seconds: float, kwargs: dict[str, Any]) -> bytes:
        questionnaire = summary.questionnaire
        key = _key(questionnaire)
        if self.known.get(key) is not questionnaire:
            data = _dumps(questionnaire, {})
            self.conn.send_bytes(pickle.dumps(("questionnaire", key, data)))
            self.known[key] = questionnaire
            while len(self.known) > KEPT_QUESTIONNAIRES:
                forgotten, _ = self.known.popitem(last=False)
                self.conn.send_bytes(pickle.dumps(("forget", forgotten, b"")))
        self.known.move_to_end(key)
        self.conn.send_bytes(pickle.dumps(("note", "", _dumps(((summary,), kwargs), self.known))))
        if not self.conn.poll(seconds):
            raise NoteTooSlow(f"the note took more than {seconds:g} seconds and was stopped")
        answer = self.conn.recv_bytes()
        if answer[:2] != b"ok":
            raise NoteFailed(answer[2:].decode(errors="replace"))
        return answer[2:]

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class NoteWorkers:
    """Up to ``size`` worker processes making notes, each stopped after ``seconds``."""

    def __init__(self, size: int, seconds: float, render: Render = render_note) -> None:
        self.size, self.seconds, self.render = size, seconds, render
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _ in range(size):
            self._idle.put(None)  # a place for a worker, started when first needed

    def make(
        self,
        summary: CaseSummary,
        *,
        language: str,
        generated_at: datetime.datetime,
        settings: NoteSettings,
    ) -> bytes:
        """The note's PDF bytes; raises :class:`NoteTooSlow` or :class:`NoteFailed`."""
        kwargs = {"language": language, "generated_at": generated_at, "settings": settings}
        if self.size == 0:
            return self.render(summary, **kwargs)
        try:
            worker = self._idle.get(timeout=self.seconds)
        except queue.Empty:
            raise NoteTooSlow("every note worker stayed busy past the time limit") from None
        try:
            worker = worker or _Worker(self.render)
            note = worker.make(summary, self.seconds, kwargs)
        except NoteFailed as failure:
            if isinstance(failure, NoteTooSlow) and worker is not None:
                worker.stop()  # a new one takes its place at the next note
                worker = None
            raise
        except (OSError, EOFError) as error:  # the worker died: start another next time
            if worker is not None:
                worker.stop()
            worker = None
            raise NoteFailed(f"a note worker stopped: {type(error).__name__}") from None
        finally:
            self._idle.put(worker)
        return note

    def warm(self) -> None:
        """Start the workers now, in the background, so that the first note does not wait for
        one to start (seconds on a slow computer: each imports ReportLab and the fonts' code)."""

        def start() -> None:
            for _ in range(self.size):
                worker = self._idle.get()
                try:
                    worker = worker or _Worker(self.render)
                except NoteFailed:
                    worker = None  # the first note tries again, and says so if it fails
                finally:
                    self._idle.put(worker)

        if self.size:
            threading.Thread(target=start, name="cserq-note-warm", daemon=True).start()

    def close(self) -> None:
        """Stop every worker (the next note starts them again)."""
        for _ in range(self.size):
            worker = self._idle.get()
            if worker is not None:
                worker.stop()
            self._idle.put(None)


_SHARED: dict[tuple[int, float], NoteWorkers] = {}
_SHARED_LOCK = threading.Lock()


def shared_workers(size: int, seconds: float) -> NoteWorkers:
    """The process's pool of this size and limit: apps made in one process share it."""
    with _SHARED_LOCK:
        found = _SHARED.get((size, seconds))
        if found is None:
            found = _SHARED[(size, seconds)] = NoteWorkers(size, seconds)
        return found
