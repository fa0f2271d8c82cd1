"""The decision-support note and referral prompt, as PDF bytes.

The note is built in memory and returned as bytes; nothing is written to disk. Its sections follow
the order a practitioner and a social worker read them: what this is, danger, what the answers
point to and why, the practitioner's decision, the child, the answers, next steps, help."""

from __future__ import annotations

import datetime
import io
import secrets

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
)

from cserq.base.languages import LANGUAGES, N_
from cserq.base.text import tidy
from cserq.case.summary import (
    CaseSummary,
)
from cserq.note.attach import attach_file
from cserq.note.fonts import FAMILY, register_fonts
from cserq.note.layout import (
    INK,
    MARGIN,
    MUTED,
    ONE_AT_A_TIME,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    TEXT_WIDTH,
    a4_document,
    numbered_canvas,
)
from cserq.note.scripts import forget_words
from cserq.note.sections import IDENTITY_ROOM, NoteWriter
from cserq.note.settings import NoteSettings
from cserq.record.response import structured_record


def note_filename(generated_at: datetime.datetime, language: str) -> str:
    """The download name: the time to the second, a random tag and the language, never anything
    about the child. Two notes made in the same second (two children, one after the other) get
    different names, so one never overwrites the other in the downloads folder."""
    tag = secrets.token_hex(3)
    return f"cserq-note-{generated_at:%Y%m%d-%H%M%S}-{tag}-{language.replace('+', '-')}.pdf"


COLOPHON_ROOM = 6 * mm
"""Room at the foot of the last page, above the footer, for what the note was made from."""


def note_languages(language: str) -> tuple[str, ...]:
    """The languages of a note: ``en``, ``cy``, or both (``cy+en``: Welsh first)."""
    codes = tuple(language.split("+"))
    if not codes or len(set(codes)) != len(codes) or not set(codes) <= set(LANGUAGES):
        raise ValueError(f"not a note language: {language!r}")
    return codes


def render_note(
    case: CaseSummary,
    *,
    language: str = "en",
    generated_at: datetime.datetime,
    settings: NoteSettings | None = None,
    invariant: bool = False,
) -> bytes:
    """The note for ``case`` as PDF bytes, in one language or two (``cy+en``: each section in
    Welsh, then in English).

    ``invariant`` fixes the document's id and dates, so the same inputs give the same bytes.
    Safe to call from several threads at once.
    """
    with ONE_AT_A_TIME:
        try:
            return _render_note(case, language, generated_at, settings or NoteSettings(), invariant)
        finally:
            forget_words()  # the words measured were this case's: none is kept for the next


def _render_note(
    case: CaseSummary,
    language: str,
    generated_at: datetime.datetime,
    settings: NoteSettings,
    invariant: bool,
) -> bytes:
    register_fonts()
    codes = note_languages(language)
    # The record is made once, named in each language's colophon and attached once.
    record_name, record = structured_record(case, generated_at)
    writers = [NoteWriter(case, code, settings, generated_at, codes, record_name) for code in codes]

    def both(message: str, separator: str = " / ") -> str:
        return separator.join(dict.fromkeys(w._(message) for w in writers))

    buffer = io.BytesIO()
    doc = a4_document(
        buffer,
        header_room=IDENTITY_ROOM,
        footer_room=COLOPHON_ROOM,
        language=codes[0],
        invariant=invariant,
        title=both(N_("Decision-support note: concern about child sexual exploitation")),
        subject=both(N_("Decision support and referral prompt for a report of a child at risk")),
        # Always set: ReportLab would otherwise say "anonymous".
        author=tidy(case.practitioner.get("name", ""), multiline=False),
    )

    # A Welsh marking may carry the English beside it already: each part once.
    marking = " / ".join(
        dict.fromkeys(part for code in codes for part in settings.marking_in(code).split(" / "))
    )
    q = case.questionnaire
    footer_left = f"{q.id} {q.version} · {writers[0].words.date_time(generated_at)}"
    page_text = both(N_("Page %(page)d of %(pages)d"))

    first, *others = writers
    running = first.running_line()

    def decorate(canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(f"{FAMILY}-Bold", 9)
        canvas.setFillColor(INK)
        canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - MARGIN + 2 * mm, marking)
        canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN - 6 * mm, marking)
        # Which child: on every page, so a page that comes loose still says whose it is.
        _width, height = running.wrapOn(canvas, TEXT_WIDTH, IDENTITY_ROOM)
        running.drawOn(canvas, MARGIN, PAGE_HEIGHT - MARGIN - 1 * mm - height)
        canvas.setFont(FAMILY, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, MARGIN - 6 * mm, footer_left)
        page = page_text % {"page": number, "pages": total}
        canvas.drawRightString(PAGE_WIDTH - MARGIN, MARGIN - 6 * mm, page)
        if number == total:
            _width, height = colophon.wrapOn(canvas, TEXT_WIDTH, COLOPHON_ROOM + 6 * mm)
            colophon.drawOn(canvas, MARGIN, doc.bottomMargin - 1 * mm - height)
            # The record the colophon names goes in with it, as the PDF is made.
            attach_file(
                canvas,
                record_name,
                record,
                media_type="application/fhir+json",
                description="FHIR R4 QuestionnaireResponse",
                modified=generated_at,
            )
        canvas.restoreState()

    # Who and "Phone 999 now" come first, before anything in a second language.
    story: list[Flowable] = first.header()
    for writer in writers:
        story += writer.danger()
    story += first.child()  # who, straight after the danger
    for writer in others:
        story += writer.header()
    for part in ("prompt", "decision", "seen_or_said", "answers", "next_steps"):
        for writer in writers:
            story += getattr(writer, part)()
    colophon = first.about()  # in the first language: it names every language of the note
    doc.build(story, canvasmaker=numbered_canvas(decorate))
    return buffer.getvalue()
