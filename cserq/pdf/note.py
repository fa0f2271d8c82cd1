"""The decision-support note and referral prompt, as PDF bytes.

The note is built in memory and returned as bytes; nothing is written to disk. Its sections follow
the order a practitioner and a social worker read them: what this is, danger, what the answers
point to and why, the practitioner's decision, the child, the answers, next steps, help.
"""

from __future__ import annotations

import datetime
import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Spacer,
    Table,
)

from cserq import guidance
from cserq.case import DECISIONS, INFORMATION_SOURCES, CaseSummary
from cserq.config import DEFAULT_MARKING, marking_in
from cserq.contacts import Contact
from cserq.decision import signs_by_category
from cserq.fhir import structured_record
from cserq.language import LANGUAGE_NAMES, LANGUAGES, N_, translations
from cserq.pdf.attach import with_attachment
from cserq.pdf.fonts import FAMILY, register_fonts
from cserq.pdf.layout import (
    DANGER,
    INK,
    MARGIN,
    MUTED,
    ONE_AT_A_TIME,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    SHADE,
    TEXT_WIDTH,
    a4_document,
    heading,
    numbered_canvas,
    paragraph,
    styles,
    table,
    text_markup,
    variant,
)
from cserq.pdf.scripts import Markup, can_draw, can_draw_plainly
from cserq.questionnaire.model import Level, Question
from cserq.text import tidy
from cserq.wording import Wording


def note_filename(generated_at: datetime.datetime, language: str) -> str:
    """The download name: the time to the second and the language, never anything about the
    child, so two notes made in the same minute do not overwrite each other."""
    return f"cserq-note-{generated_at:%Y%m%d-%H%M%S}-{language.replace('+', '-')}.pdf"


def unprintable(case: CaseSummary) -> list[tuple[str, Question | None]]:
    """What was typed in characters the note's fonts do not have, named as in
    ``CaseSummary.typed_texts``: the page warns before the download, and the note says so."""
    return [(label, q) for label, q, text in case.typed_texts() if not can_draw(text)]


@dataclass(frozen=True)
class NoteSettings:
    marking: str = DEFAULT_MARKING
    marking_cy: str | None = None
    """The marking in a Welsh note; None: see :func:`cserq.config.marking_in`."""
    contacts: Sequence[Contact] = ()

    def marking_in(self, language: str) -> str:
        return marking_in(language, self.marking, self.marking_cy)


CELL_SIZE = 9
CELL_PADDING = 12  # ReportLab's default left and right padding, together


def _cell(
    content: str | Paragraph, width: float, *, placeholder: str, bold: bool = False
) -> str | Paragraph:
    """A table cell: one line of plain Fira Sans text as it is, anything else as a paragraph."""
    if isinstance(content, Paragraph):
        return content
    font = f"{FAMILY}-Bold" if bold else FAMILY
    if (
        "\n" not in content
        and can_draw_plainly(content)
        and stringWidth(content, font, CELL_SIZE) <= width - CELL_PADDING
    ):
        return content
    return paragraph(
        content,
        "cell_head" if bold else "cell",
        placeholder=placeholder,
        width=width - CELL_PADDING,
    )


PIECE = 400  # characters of a table cell per table row: a dozen lines in the narrowest column


def _pieces(text: str) -> list[str]:
    """``text`` in pieces of at most PIECE characters, broken at a line end, else at a space,
    where there is one in the second half of the piece."""
    pieces = []
    while len(text) > PIECE:
        cut = text.rfind("\n", PIECE // 2, PIECE)
        cut = cut if cut > 0 else text.rfind(" ", PIECE // 2, PIECE)
        cut = cut if cut > 0 else PIECE
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n ")
    return [*pieces, text]


class _NoteWriter:
    """The flowables of each section of the note, in one language."""

    def __init__(
        self,
        case: CaseSummary,
        language: str,
        settings: NoteSettings,
        generated_at: datetime.datetime,
        note_codes: tuple[str, ...],
    ) -> None:
        self.case = case
        self.generated_at = generated_at
        self.record_name, self.record = structured_record(case, generated_at)
        self.note_codes = note_codes
        """Every language of the note this part is in."""
        self.settings = settings
        self.language = language
        self.t = translations(language)
        self.words = Wording(case.questionnaire, self.t, language)
        self.outcome = case.outcome

    def _(self, message: str) -> str:
        return self.t.gettext(message)

    @functools.cached_property
    def placeholder(self) -> str:
        return self._("characters this note cannot show")

    def p(self, text: str, style: str = "body", **options: Any) -> Paragraph:
        return paragraph(text, style, placeholder=self.placeholder, **options)

    def heading(self, text: str, style: str = "h1") -> list[Flowable]:
        return heading(text, style, placeholder=self.placeholder)

    def table(
        self,
        head: Sequence[str],
        rows: Sequence[Sequence[str | Paragraph]],
        widths: Sequence[float],
        *,
        repeat_head: bool = True,
    ) -> Table:
        """A table that breaks across pages (within a row too) and repeats its header row.

        Text cells are escaped; a cell that needs markup comes as a ready Paragraph. Text that
        fits on one line is drawn as it is, which is much quicker than laying out a paragraph.
        """
        columns = [w * TEXT_WIDTH for w in widths]
        mark = self.placeholder
        data = [
            [
                _cell(text, width, placeholder=mark, bold=True)
                for text, width in zip(head, columns, strict=True)
            ]
        ]
        lines: list[tuple[Any, ...]] = [("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE)]
        for row in rows:
            # Long text goes in several table rows, which break between pages cheaply;
            # splitting one tall row re-lays its paragraphs at every page.
            pieces = [_pieces(c) if isinstance(c, str) else [c] for c in row]
            for i in range(max(map(len, pieces))):
                data.append(
                    [
                        _cell(p[i] if i < len(p) else "", width, placeholder=mark)
                        for p, width in zip(pieces, columns, strict=True)
                    ]
                )
            lines.append(("LINEBELOW", (0, len(data) - 1), (-1, len(data) - 1), 0.5, RULE))
        return table(
            data,
            columns,
            [
                ("FONTNAME", (0, 0), (-1, 0), f"{FAMILY}-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                *lines,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ],
            repeatRows=1 if repeat_head else 0,
        )

    def bullets(self, items: Sequence[str]) -> list[Flowable]:
        """A bulleted list: paragraphs with a bullet, lighter to lay out than a ListFlowable."""
        return [self.p(item, "bullet", bullet="•") for item in items]

    # -- 1. what this is --

    def header(self) -> list[Flowable]:
        q = self.case.questionnaire
        _ = self._
        flow: list[Flowable] = [
            self.p(_("Decision-support note: concern about child sexual exploitation"), "title"),
            self.p(
                _(
                    "This note records the answers given to the questionnaire below and the"
                    " decision support they produced, to go with a report of an adult at risk"
                    " to adult services. It supports the practitioner's professional judgement"
                    " and does not replace it. It is not a risk assessment and not a clinical"
                    " record."
                )
                if self.outcome.adult
                else _(
                    "This note records the answers given to the questionnaire below and the"
                    " decision support they produced, to go with a report of a child at risk."
                    " It supports the practitioner's professional judgement and does not"
                    " replace it. It is not a risk assessment and not a clinical record."
                )
            ),
            Spacer(1, 4),
            self.table(
                [_("Item"), _("Detail")],
                [
                    [_("Generated"), self.words.date_time(self.generated_at)],
                    [_("Questionnaire"), f"{self.words.title()} ({q.id})"],
                    [_("Version"), q.version],
                    [_("Content hash (SHA-256)"), q.content_hash],
                    *[
                        [
                            _("%(language)s catalogue (SHA-256)")
                            % {"language": _(LANGUAGE_NAMES[code])},
                            q.catalogues[code].content_hash,
                        ]
                        for code in self.note_codes
                        if code in q.catalogues
                    ],
                    [_("Language"), ", ".join(_(LANGUAGE_NAMES[c]) for c in self.note_codes)],
                    [
                        _("Structured record"),
                        _(
                            "Attached to this PDF as %(name)s: the same answers, outcome and"
                            " decision as FHIR R4 (JSON), for a clinical record system"
                        )
                        % {"name": self.record_name},
                    ],
                ],
                (0.3, 0.7),
            ),
        ]
        missing = unprintable(self.case)
        if missing:
            names = "; ".join(self.words.field_name(label, q) for label, q in missing)
            flow.append(Spacer(1, 4))
            flow.append(
                self.p(
                    _(
                        "Some of what was typed uses characters this note cannot show. They are"
                        " replaced by \u201c[%(placeholder)s]\u201d in: %(fields)s. Add them to"
                        " your report by hand."
                    )
                    % {"placeholder": self.placeholder, "fields": names},
                    "prompt_title",
                )
            )
        return flow

    # -- 2. danger --

    def danger(self) -> list[Flowable]:
        if self.outcome.level is not Level.EMERGENCY:
            return []
        _ = self._
        inner = TEXT_WIDTH - 20
        lines: list[Flowable] = [
            self.p(_("Phone 999 now"), "danger", width=inner),
            self.p(
                _(
                    "Immediate danger was recorded. Phone the police on 999, and ask for an"
                    " ambulance too if the child needs medical help. Then report to the local"
                    " authority's social services."
                ),
                "danger_text",
                width=inner,
            ),
        ]
        # What the practitioner wrote about the danger is read first, here, in full.
        for question, answer in self.case.danger_details:
            lines.append(Spacer(1, 4))
            lines.append(self.p(self.words.question(question), "danger_label", width=inner))
            text = self.words.answer(question, answer)
            lines += [self.p(piece, "danger_text", width=inner) for piece in _pieces(text)]
        box = table(
            [[line] for line in lines],
            [TEXT_WIDTH],
            [
                ("BACKGROUND", (0, 0), (-1, -1), DANGER),
                ("BOX", (0, 0), (-1, -1), 3, INK),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, 0), 8),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
            ],
        )
        return [Spacer(1, 8), box]

    # -- 3. what the answers point to, and why --

    def prompt(self) -> list[Flowable]:
        _ = self._
        words, outcome = self.words, self.outcome
        title, text = words.headline(outcome)
        statement = words.statement(outcome)
        flow: list[Flowable] = [
            *self.heading(_("What the answers point to")),
            self.p(title, "level"),
            self.p(text),
            *([self.p(statement)] if statement else []),
            *self.heading(_("Why"), "h2"),
        ]
        if outcome.reasons:
            cell = styles()["cell"]
            width = 0.55 * TEXT_WIDTH - CELL_PADDING
            rows: list[list[str | Paragraph]] = []
            for reason in outcome.reasons:
                pieces = [
                    (
                        self.xml(words.question(q), cell, width),
                        self.xml(words.answer(q, a), cell, width),
                    )
                    for q, a in (
                        (self.case.questionnaire.questions[q], a) for q, a in reason.answers
                    )
                ]
                behind = "<br/>".join(f"{asked.xml} <b>{given.xml}</b>" for asked, given in pieces)
                # Shaping only where a questionnaire's own text is in a script that needs it.
                shaped = any(m.shaped for pair in pieces for m in pair)
                rows.append(
                    [
                        words.rule_reason(reason.rule),
                        Paragraph(behind, variant("cell", shaped, False)),
                    ]
                )
            flow.append(self.table([_("Reason"), _("The answers behind it")], rows, (0.45, 0.55)))
        else:
            flow.append(self.p(_("No rule that raises the level applied to these answers.")))
        prompts = [p for p in outcome.prompts if p.id != guidance.PLANNING_PROMPT]
        if prompts:
            flow += self.heading(_("Also consider"), "h2")
            for prompt in prompts:
                # The title stays with its text (keepWithNext), without measuring both twice.
                flow.append(self.p(words.prompt_title(prompt), "prompt_title"))
                flow.append(self.p(words.prompt_text(prompt)))
                flow.append(Spacer(1, 3))
        if outcome.unknown:
            flow += self.heading(_("Worth finding out"), "h2")
            flow.append(
                self.p(_("These questions were answered \u201cDon't know\u201d or not answered:"))
            )
            flow += self.bullets([words.question(q) for q in outcome.unknown])
        return flow

    def xml(self, text: str, style: ParagraphStyle, width: float) -> Markup:
        """Markup for a piece of a paragraph that is put together from several texts."""
        return text_markup(text, style, placeholder=self.placeholder, width=width)

    # -- 4. the practitioner's decision --

    def decision(self) -> list[Flowable]:
        _ = self._
        flow: list[Flowable] = self.heading(_("The practitioner's decision"))
        decision = self.case.standing_decision
        if decision is None:
            # One statement: a decision against earlier answers is not "no decision".
            if self.case.outdated_decision is not None:
                said = _(
                    "A decision was recorded against earlier answers. The answers were changed"
                    " after it, so it no longer applies and is not shown. Write your decision on"
                    " these answers, and your reason, here:"
                )
            else:
                said = _(
                    "No decision was recorded in the tool. Write your decision and your reason"
                    " here:"
                )
            flow.append(self.p(said))
            flow.append(self._writing_lines(4))
        else:
            rows = [[_("Decision"), _(DECISIONS[decision.choice][0])]]
            if decision.reason:
                rows.append([_("Reason"), decision.reason])
            if decision.level < self.outcome.level:
                rows.append(
                    [
                        _("Compared with the prompt"),
                        _("This decision is lower than what the answers point to."),
                    ]
                )
            flow.append(self.table([_("Item"), _("Detail")], rows, (0.3, 0.7), repeat_head=False))
        flow += self.heading(_("Practitioner"), "h2")
        details = self.case.practitioner_details
        if details:
            rows = [[_(f.note_label), value] for f, value in details]
            flow.append(self.table([_("Item"), _("Detail")], rows, (0.3, 0.7), repeat_head=False))
        else:
            flow.append(self.p(_("Not given.")))
        return flow

    def _writing_lines(self, count: int) -> Table:
        return table(
            [[""]] * count,
            [TEXT_WIDTH],
            [("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE)],
            rowHeights=[9 * mm] * count,
        )

    # -- 5. the child --

    def child(self) -> list[Flowable]:
        _ = self._
        case = self.case
        age_question = case.questionnaire.questions["age"]
        age = self.words.answer(age_question, case.answers.get("age"))
        from_birth = case.age_from_birth(self.generated_at.date())
        if from_birth is not None and from_birth != case.answers.get("age"):
            age += "\n" + _("The date of birth gives an age of %(age)d: check which is right.") % {
                "age": from_birth
            }
        rows = [[_("Age"), age]]
        rows += [[_(f.note_label), value] for f, value in case.child_details]
        flow: list[Flowable] = [
            *self.heading(_("About the child")),
            self.table([_("Item"), _("Detail")], rows, (0.3, 0.7), repeat_head=False),
            Spacer(1, 3),
        ]
        if case.anonymised:
            flow.append(
                self.p(
                    _("Anonymised note: details that could identify the child are left out."),
                    "small",
                )
            )
        not_given = case.child_details_not_given
        if not_given:
            names = ", ".join(_(f.note_label) for f in not_given)
            flow.append(self.p(_("Not given: %(fields)s.") % {"fields": names}, "small"))
        return flow

    # -- 6. signs and answers --

    def signs(self) -> list[Flowable]:
        _ = self._
        q, words, answers = self.case.questionnaire, self.words, self.outcome.answers
        flow: list[Flowable] = self.heading(_("Signs recorded"))
        rows = []
        for group in signs_by_category(q, self.outcome):
            recorded = "\n".join(words.question(s) for s in group.yes) or _("None recorded")
            if group.unknown:
                recorded += "\n" + self.t.ngettext(
                    "%(num)d question answered \u201cDon't know\u201d",
                    "%(num)d questions answered \u201cDon't know\u201d",
                    group.unknown,
                ) % {"num": group.unknown}
            rows.append([words.category(group.category), recorded])
        flow.append(self.table([_("Category"), _("Answered \u201cYes\u201d")], rows, (0.3, 0.7)))

        flow += self.heading(_("Every question and answer"))
        shown_rows = []
        for question in q.questions.values():
            if question.id not in answers and question.show_if is not None:
                continue  # hidden by an earlier answer
            note = self.case.notes.get(question.id)
            note_text = ""
            if note is not None:
                note_text = note.text
                if note.source:
                    note_text += f"\n({_(INFORMATION_SOURCES[note.source])})"
            shown_rows.append(
                [
                    words.question(question),
                    words.answer(question, answers.get(question.id)),
                    note_text,
                ]
            )
        flow.append(
            self.table(
                [_("Question"), _("Answer"), _("Note and where it came from")],
                shown_rows,
                (0.44, 0.23, 0.33),
            )
        )
        return flow

    # -- 7. next steps --

    def next_steps(self) -> list[Flowable]:
        _ = self._
        flow = [*self.heading(_("Next steps")), *self.heading(_("Who to contact"), "h2")]
        contacts = self.settings.contacts
        if contacts:
            rows = [[c.name, c.phone or "", c.hours or "", c.notes or ""] for c in contacts]
            flow.append(
                self.table(
                    [_("Contact"), _("Phone"), _("When"), _("Notes")], rows, (0.3, 0.2, 0.2, 0.3)
                )
            )
        else:
            flow.append(self.p(self.words.default_contacts(self.outcome)))
        flow += self.heading(_("What to do"), "h2")
        flow += self.bullets(self.words.next_steps(self.outcome))
        if not self.outcome.adult:
            flow += self.heading(_("What the report form will ask for"), "h2")
            flow += self.bullets([_(item) for item in guidance.REPORT_FORM_ASKS])
        return flow

    # -- 8. help for the child, planning for 18 --

    def help(self) -> list[Flowable]:
        _ = self._
        words, outcome = self.words, self.outcome
        rows = [list(helpline) for helpline in words.helplines(outcome)]
        flow: list[Flowable] = [
            *self.heading(words.help_title(outcome)),
            self.p(words.help_intro(outcome)),
            Spacer(1, 3),
            self.table([_("Service"), _("For"), _("How"), _("When")], rows, (0.2, 0.3, 0.28, 0.22)),
        ]
        for prompt in self.outcome.prompts:
            if prompt.id == guidance.PLANNING_PROMPT:
                flow += self.heading(self.words.prompt_title(prompt), "h2")
                flow.append(self.p(self.words.prompt_text(prompt)))
        return flow


def note_languages(language: str) -> tuple[str, ...]:
    """The languages of a note: ``en``, ``cy``, or both (``cy+en``: Welsh first)."""
    codes = tuple(language.split("+"))
    if not codes or len(set(codes)) != len(codes) or not set(codes) <= set(LANGUAGES):
        raise ValueError(f"not a note language: {language!r}")
    return codes


NOTE_LANGUAGES = ("en", "cy", "cy+en", "en+cy")


def render_note(
    case: CaseSummary,
    *,
    language: str = "en",
    generated_at: datetime.datetime,
    settings: NoteSettings = NoteSettings(),
    invariant: bool = False,
) -> bytes:
    """The note for ``case`` as PDF bytes, in one language or two (``cy+en``: each section in
    Welsh, then in English).

    ``invariant`` fixes the document's id and dates, so the same inputs give the same bytes.
    Safe to call from several threads at once.
    """
    with ONE_AT_A_TIME:
        return _render_note(case, language, generated_at, settings, invariant)


def _render_note(
    case: CaseSummary,
    language: str,
    generated_at: datetime.datetime,
    settings: NoteSettings,
    invariant: bool,
) -> bytes:
    register_fonts()
    codes = note_languages(language)
    writers = [_NoteWriter(case, code, settings, generated_at, codes) for code in codes]

    def both(message: str, separator: str = " / ") -> str:
        return separator.join(dict.fromkeys(w._(message) for w in writers))

    buffer = io.BytesIO()
    doc = a4_document(
        buffer,
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

    def decorate(canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(f"{FAMILY}-Bold", 9)
        canvas.setFillColor(INK)
        canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - MARGIN + 2 * mm, marking)
        canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN - 6 * mm, marking)
        canvas.setFont(FAMILY, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, MARGIN - 6 * mm, footer_left)
        page = page_text % {"page": number, "pages": total}
        canvas.drawRightString(PAGE_WIDTH - MARGIN, MARGIN - 6 * mm, page)
        canvas.restoreState()

    # "Phone 999 now" comes straight after the first language's header, before the second's:
    # two headers, each with a long list of fields it cannot show, would push it off page one.
    first, *others = writers
    story: list[Flowable] = first.header()
    for writer in writers:
        story += writer.danger()
    for writer in others:
        story += writer.header()
    for part in ("prompt", "decision", "child", "signs", "next_steps", "help"):
        for writer in writers:
            story += getattr(writer, part)()
    doc.build(story, canvasmaker=numbered_canvas(decorate))
    return with_attachment(buffer.getvalue(), first.record_name, first.record)
