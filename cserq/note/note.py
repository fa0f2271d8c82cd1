"""The decision-support note and referral prompt, as PDF bytes.

The note is built in memory and returned as bytes; nothing is written to disk. Its sections follow
the order a practitioner and a social worker read them: what this is, danger, what the answers
point to and why, the practitioner's decision, the child, the answers, next steps, help.
"""

from __future__ import annotations

import datetime
import functools
import io
import secrets
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

from cserq.base.languages import LANGUAGE_NAMES, LANGUAGES, N_, translations
from cserq.base.text import tidy
from cserq.case.summary import (
    DECISIONS,
    IDENTITY_FIELDS,
    INFORMATION_SOURCES,
    CaseSummary,
    DetailField,
)
from cserq.note.attach import with_attachment
from cserq.note.fonts import FAMILY, register_fonts
from cserq.note.layout import (
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
    table,
    text_markup,
)
from cserq.note.scripts import Markup, can_draw, can_draw_plainly
from cserq.questionnaire.decision import DANGER_QUESTION, CategorySigns, signs_by_category
from cserq.questionnaire.model import UNKNOWN, Level, Question
from cserq.record.resources import structured_record
from cserq.settings.contacts import Contact
from cserq.settings.options import DEFAULT_MARKING, marking_in
from cserq.words.wording import Wording


def note_filename(generated_at: datetime.datetime, language: str) -> str:
    """The download name: the time to the second, a random tag and the language, never anything
    about the child. Two notes made in the same second (two children, one after the other) get
    different names, so one never overwrites the other in the downloads folder."""
    tag = secrets.token_hex(3)
    return f"cserq-note-{generated_at:%Y%m%d-%H%M%S}-{tag}-{language.replace('+', '-')}.pdf"


def unprintable(case: CaseSummary) -> list[tuple[str, Question | None]]:
    """What was typed in characters the note's fonts do not have, named as in
    ``CaseSummary.typed_texts``: the page warns before the download, and the note says so."""
    return [(label, q) for label, q, text in case.typed_texts() if not can_draw(text)]


@dataclass(frozen=True)
class NoteSettings:
    marking: str = DEFAULT_MARKING
    marking_cy: str | None = None
    """The marking in a Welsh note; None: see :func:`cserq.base.paths.marking_in`."""
    contacts: Sequence[Contact] = ()

    def marking_in(self, language: str) -> str:
        return marking_in(language, self.marking, self.marking_cy)


IDENTITY_ROOM = 8 * mm
"""Room at the top of each page, under the marking, for the line that names the child."""

COLOPHON_ROOM = 6 * mm
"""Room at the foot of the last page, above the footer, for what the note was made from."""

CELL_SIZE = 8.5
SMALL_CELL_SIZE = 8
CELL_PADDING = 12  # ReportLab's default left and right padding, together


def _cell(
    content: str | Paragraph,
    width: float,
    *,
    placeholder: str,
    bold: bool = False,
    small: bool = False,
) -> str | Paragraph:
    """A table cell: one line of plain Fira Sans text as it is, anything else as a paragraph."""
    if isinstance(content, Paragraph):
        return content
    font = f"{FAMILY}-Bold" if bold else FAMILY
    size = SMALL_CELL_SIZE if small else CELL_SIZE
    if (
        "\n" not in content
        and can_draw_plainly(content)
        and stringWidth(content, font, size) <= width - CELL_PADDING
    ):
        return content
    style = ("cell_head" if bold else "cell") + ("_small" if small else "")
    return paragraph(content, style, placeholder=placeholder, width=width - CELL_PADDING)


def _box(lines: Sequence[Flowable], *, filled: bool) -> list[Flowable]:
    """Lines in a box the width of the page: filled red for "Phone 999 now", outlined red for
    danger not known."""
    colour = [("BACKGROUND", (0, 0), (-1, -1), DANGER), ("BOX", (0, 0), (-1, -1), 3, INK)]
    box = table(
        [[line] for line in lines],
        [TEXT_WIDTH],
        [
            *(colour if filled else [("BOX", (0, 0), (-1, -1), 3, DANGER)]),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, 0), 8 if filled else 6),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 10 if filled else 7),
        ],
    )
    return [Spacer(1, 8 if filled else 6), box]


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
        small: bool = False,
    ) -> Table:
        """A table that breaks across pages (within a row too) and repeats its header row;
        ``small`` for a long table read for reference (every other answer).

        Text cells are escaped; a cell that needs markup comes as a ready Paragraph. Text that
        fits on one line is drawn as it is, which is much quicker than laying out a paragraph.
        """
        columns = [w * TEXT_WIDTH for w in widths]
        mark = self.placeholder
        data = [
            [
                _cell(text, width, placeholder=mark, bold=True, small=small)
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
                        _cell(p[i] if i < len(p) else "", width, placeholder=mark, small=small)
                        for p, width in zip(pieces, columns, strict=True)
                    ]
                )
            lines.append(("LINEBELOW", (0, len(data) - 1), (-1, len(data) - 1), 0.5, RULE))
        return table(
            data,
            columns,
            [
                ("FONTNAME", (0, 0), (-1, 0), f"{FAMILY}-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), SMALL_CELL_SIZE if small else CELL_SIZE),
                ("LEADING", (0, 0), (-1, -1), 9.8 if small else 10.5),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                *lines,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
            ],
            repeatRows=1 if repeat_head else 0,
        )

    def bullets(self, items: Sequence[str], style: str = "bullet") -> list[Flowable]:
        """A bulleted list: paragraphs with a bullet, lighter to lay out than a ListFlowable."""
        return [self.p(item, style, bullet="•") for item in items]

    def facts(self, rows: Sequence[Sequence[str | Paragraph]], *, pairs: int = 1) -> Table:
        """Label and value, ``pairs`` to a row, with no header row: details read at a glance."""
        label, value = (0.3, 0.7) if pairs == 1 else (0.16, 0.34)
        columns = [w * TEXT_WIDTH for w in (label, value) * pairs]
        mark = self.placeholder
        cells = [
            _cell(text, columns[i % 2], placeholder=mark)
            for row in rows
            for i, text in enumerate(row)
        ]
        cells += [""] * (-len(cells) % (2 * pairs))
        data = [cells[i : i + 2 * pairs] for i in range(0, len(cells), 2 * pairs)]
        return table(
            data,
            columns,
            [
                ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                *[("TEXTCOLOR", (i, 0), (i, -1), MUTED) for i in range(0, 2 * pairs, 2)],
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ],
        )

    # -- 1. who the note is about, and what it is --

    def identity_line(self, longest: int | None = None) -> str:
        """The line at the top of every page that says which child the note is about, the name
        cut to ``longest`` characters (page one has it in full)."""
        _ = self._
        if self.case.anonymised:
            return _("Anonymised note: the child is not named")
        found = self.case.identity
        if not found:
            return _("The child's name, date of birth and NHS number were not given")

        def cut(field: DetailField, value: str) -> str:
            # Only a name is ever shortened: a date of birth or an NHS number is whole or wrong.
            value = " ".join(value.split())
            if field.id != "name" or longest is None or len(value) <= longest:
                return value
            return value[:longest] + "…"

        return " · ".join(f"{_(f.note_label)}: {cut(f, value)}" for f, value in found)

    def running_line(self) -> Paragraph:
        """The identity line as it fits in the room at the top of a page: cut shorter until it
        does, for a name of 200 characters in a wide script."""
        longest: int | None = None
        while True:
            line = self.p(self.identity_line(longest), "running")
            _width, height = line.wrap(TEXT_WIDTH, IDENTITY_ROOM)
            if height <= IDENTITY_ROOM or longest == 1:
                return line
            longest = max(1, (longest or 200) // 2)

    def header(self) -> list[Flowable]:
        """The title, what the note is, and what it cannot show."""
        _ = self._
        intro = (
            _(
                "Decision support from a health practitioner's answers, for a report of an adult"
                " at risk to adult services. It supports their judgement; it is not a risk"
                " assessment."
            )
            if self.outcome.adult
            else _(
                "Decision support from a health practitioner's answers, for a report of a child"
                " at risk. It supports their judgement; it is not a risk assessment."
            )
        )
        flow: list[Flowable] = [
            self.p(
                _("Decision-support note: concern about child sexual exploitation"), "note_title"
            ),
            self.p(intro, "small"),
            Spacer(1, 4),
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

    def age(self) -> str:
        case = self.case
        age = self.words.answer(case.questionnaire.questions["age"], case.answers.get("age"))
        from_birth = case.age_from_birth(self.generated_at.date())
        if from_birth is not None and from_birth != case.answers.get("age"):
            age += "\n" + self._(
                "The date of birth gives an age of %(age)d: check which is right."
            ) % {"age": from_birth}
        return age

    # -- 2. danger --

    def danger(self) -> list[Flowable]:
        if self.outcome.answers.get(DANGER_QUESTION) == UNKNOWN:
            return self.danger_not_known()
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
        # The social worker's first questions: were the police called, when, and their reference.
        lines.append(Spacer(1, 4))
        police = " · ".join(self.police_rows())
        lines.append(self.p(police, "danger_label", width=inner))
        return _box(lines, filled=True)

    def danger_not_known(self) -> list[Flowable]:
        """A box the reader cannot miss: nobody knew whether the child was safe."""
        _ = self._
        inner = TEXT_WIDTH - 20
        lines: list[Flowable] = [
            self.p(_("Immediate danger not known"), "level", width=inner),
            self.p(
                _(
                    "The practitioner did not know whether the child is in immediate danger now,"
                    " or will be when they leave. Find out where the child is and who they are"
                    " with; if they may be in danger, phone 999."
                ),
                width=inner,
            ),
        ]
        return _box(lines, filled=False)

    def police_rows(self) -> list[str]:
        _ = self._
        police = self.case.police
        not_recorded = _("not recorded")
        # Whole messages: the answer to "called?" is a word of its own in Welsh (Do, Naddo).
        called = {
            True: _("999 called: Yes"),
            False: _("999 called: No"),
            None: _("999 called: not recorded"),
        }[police.called]
        time, reference = _("Time of the call"), _("Police reference")
        return [
            called,
            f"{time}: {police.at or not_recorded}",
            f"{reference}: {police.reference or not_recorded}",
        ]

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
        if not outcome.reasons:
            flow.append(self.p(_("No rule that raises the level applied to these answers.")))
        else:
            flow += self.bullets([words.rule_reason(reason.rule) for reason in outcome.reasons])
            # Each answer once in the note: here those behind the reasons that no other part
            # lists (a "No", say), in questionnaire order.
            behind = {q for reason in outcome.reasons for q, _a in reason.answers}
            rows = [
                [words.question(question), words.answer(question, outcome.answers[question.id])]
                for question in self.case.questionnaire.questions.values()
                if question.id in behind
                and question.id in outcome.answers
                and question not in self.listed_as_yes
                and question not in outcome.unknown  # under "Worth finding out"
                and question.id != "age"  # in the child's details at the top
            ]
            if rows:
                flow.append(Spacer(1, 2))
                heading = (
                    _("Other answers behind these reasons")
                    if self.listed_as_yes
                    else _("The answers behind these reasons")
                )
                flow.append(self.table([heading, _("Answer")], rows, (0.84, 0.16)))
        flow += self.signs()
        if outcome.unknown:
            flow += self.heading(_("Worth finding out"), "h2")
            flow.append(
                self.p(_("These questions were answered \u201cDon't know\u201d or not answered:"))
            )
            flow += self.bullets([words.question(q) for q in outcome.unknown], "small_bullet")
        return flow

    def xml(self, text: str, style: ParagraphStyle, width: float) -> Markup:
        """Markup for a piece of a paragraph that is put together from several texts."""
        return text_markup(text, style, placeholder=self.placeholder, width=width)

    # -- 4. the practitioner's decision, and who they are --

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
            flow.append(self._writing_lines(3))
            rows: list[Sequence[str | Paragraph]] = []
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
        given = [value for _f, value in self.case.practitioner_details]
        rows.append([_("Practitioner"), ", ".join(given) if given else _("Not given.")])
        flow.append(self.facts(rows))
        return flow

    def _writing_lines(self, count: int) -> Table:
        return table(
            [[""]] * count,
            [TEXT_WIDTH],
            [("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE)],
            rowHeights=[8 * mm] * count,
        )

    # -- 5. what was seen or said, and by whom --

    def seen_or_said(self) -> list[Flowable]:
        notes = self.case.notes
        if not notes:
            return []
        _ = self._
        rows = []
        for question in self.case.questionnaire.questions.values():
            note = notes.get(question.id)
            if note is None:
                continue
            source = _(INFORMATION_SOURCES[note.source]) if note.source else _("Not said")
            rows.append([self.words.question(question), note.text, source])
        return [
            *self.heading(_("What was seen or said, and by whom"), "h2"),
            self.table(
                [_("About"), _("What the practitioner wrote"), _("Where it came from")],
                rows,
                (0.34, 0.44, 0.22),
            ),
        ]

    # -- 6. the child --

    def child(self) -> list[Flowable]:
        """Who the child is: name, date of birth, NHS number, age, then the rest of the
        details given, straight after the title (and after "Phone 999 now", which comes first)."""
        _ = self._
        case = self.case
        rows: list[Sequence[str | Paragraph]] = [[_(f.note_label), v] for f, v in case.identity]
        rows.append([_("Age"), self.age()])
        rows += [
            [_(f.note_label), value]
            for f, value in case.child_details
            if f.id not in IDENTITY_FIELDS
        ]
        flow: list[Flowable] = [Spacer(1, 4)]
        if case.anonymised:
            flow.append(
                self.p(
                    _("Anonymised note: details that could identify the child are left out."),
                    "prompt_title",
                )
            )
        flow.append(self.facts(rows, pairs=2))
        not_given = case.child_details_not_given
        if not_given:
            names = ", ".join(_(f.note_label) for f in not_given)
            flow.append(self.p(_("Not given: %(fields)s.") % {"fields": names}, "small"))
        return flow

    # -- 7. signs and answers --

    @functools.cached_property
    def sign_groups(self) -> tuple[CategorySigns, ...]:
        return signs_by_category(self.case.questionnaire, self.outcome)

    @functools.cached_property
    def listed_as_yes(self) -> frozenset[Question]:
        """The answers "Yes" that "Signs recorded" lists: no other part repeats them."""
        return frozenset(q for group in self.sign_groups for q in group.yes)

    def signs(self) -> list[Flowable]:
        _ = self._
        words = self.words
        flow: list[Flowable] = self.heading(_("Signs recorded"), "h2")
        rows = []
        none: list[str] = []
        unknown = 0
        for group in self.sign_groups:
            unknown += group.unknown
            if group.yes:
                recorded = "\n".join(words.question(s) for s in group.yes)
                rows.append([words.category(group.category), recorded])
            else:
                none.append(words.category(group.category))
        if rows:
            flow.append(self.table([_("Group"), _("Answered \u201cYes\u201d")], rows, (0.3, 0.7)))
        else:
            flow.append(self.p(_("No question was answered \u201cYes\u201d.")))
        said = []
        if rows and none:
            said.append(_("None recorded: %(groups)s.") % {"groups": "; ".join(none)})
        if unknown:
            said.append(
                self.t.ngettext(
                    "%(num)d sign answered \u201cDon't know\u201d.",
                    "%(num)d signs answered \u201cDon't know\u201d.",
                    unknown,
                )
                % {"num": unknown}
            )
        if said:
            flow.append(self.p(" ".join(said), "small"))
        return flow

    def answers(self) -> list[Flowable]:
        """Every answer not shown above, so that each answer is in the note once."""
        _ = self._
        words, answers = self.words, self.outcome.answers
        shown_above = (
            self.listed_as_yes
            | set(self.outcome.unknown)
            | {question for question, _a in self.case.danger_details}
            | {
                question
                for reason in self.outcome.reasons
                for question in (self.case.questionnaire.questions[q] for q, _a in reason.answers)
            }
        )
        rows = []
        not_answered = []
        for question in self.case.questionnaire.questions.values():
            if question.id not in answers and question.show_if is not None:
                continue  # hidden by an earlier answer
            if question in shown_above or question.id == "age":  # age: with the child's details
                continue
            if question.id not in answers:
                not_answered.append(words.question(question))
                continue
            given = words.answer(question, answers[question.id])
            if question.id in self.case.notes:
                given += "\n" + _("(note above)")
            rows.append([words.question(question), given])
        if not_answered:  # optional questions left empty, together
            rows.append(["\n".join(not_answered), _("Not answered")])
        if not rows:
            return []
        title = _("Every other answer") if shown_above else _("Every question and answer")
        head = _("Question (those above are not repeated)") if shown_above else _("Question")
        return [
            *self.heading(title, "h2"),
            self.table([head, _("Answer")], rows, (0.84, 0.16), small=True),
        ]

    # -- 8. for the practitioner --

    def next_steps(self) -> list[Flowable]:
        """Who to contact, and what else to consider: short, last, because the receiver needs
        none of it (the outcome page has the practitioner's next steps and help for the child)."""
        _ = self._
        words, outcome = self.words, self.outcome
        flow: list[Flowable] = [Spacer(1, 6)]
        contacts = self.settings.contacts
        if contacts:
            rows = [[c.name, c.phone or "", c.hours or "", c.notes or ""] for c in contacts]
            flow.append(
                self.table(
                    [_("Who to contact"), _("Phone"), _("When"), _("Notes")],
                    rows,
                    (0.3, 0.2, 0.2, 0.3),
                )
            )
        else:
            flow.append(
                self.p(
                    _("Who to contact: %(where)s") % {"where": words.default_contacts(outcome)},
                    "small",
                )
            )
        if outcome.prompts:
            # Their titles only: the guidance itself is the practitioner's, on the outcome page.
            titles = "; ".join(words.prompt_title(prompt) for prompt in outcome.prompts)
            flow.append(
                self.p(
                    _("The practitioner was also asked to consider: %(titles)s.")
                    % {"titles": titles},
                    "small",
                )
            )
        return flow

    # -- 9. about this note --

    def about(self) -> Paragraph:
        """What the note was made from, in a few small lines at the foot of the last page (the
        footer of every page has the time): it never takes a page of its own."""
        _ = self._
        q = self.case.questionnaire
        made = [
            _("questionnaire %(id)s %(version)s, content SHA-256 %(hash)s")
            % {"id": q.id, "version": q.version, "hash": q.content_hash}
        ]
        made += [
            _("%(language)s catalogue SHA-256 %(hash)s")
            % {"language": _(LANGUAGE_NAMES[code]), "hash": q.catalogues[code].content_hash}
            for code in self.note_codes
            if code in q.catalogues
        ]
        made.append(
            _("language: %(languages)s")
            % {"languages": ", ".join(_(LANGUAGE_NAMES[code]) for code in self.note_codes)}
        )
        made.append(
            _("structured record attached: %(name)s (FHIR R4)") % {"name": self.record_name}
        )
        said = _("Made with %(what)s.") % {"what": "; ".join(made)}
        return self.p(said, "colophon")


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
    return with_attachment(buffer.getvalue(), first.record_name, first.record)
