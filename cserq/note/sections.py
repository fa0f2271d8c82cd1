"""The sections of the note in one language, in the order a practitioner and a social worker read
them: who and what, danger, what the answers point to and why, the practitioner's decision,
what was seen or said, the child, the answers, next steps, and what the note was made from."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Spacer,
)

from cserq.base.languages import LANGUAGE_NAMES
from cserq.case.details import IDENTITY_FIELDS, DetailField
from cserq.case.summary import DECISIONS, INFORMATION_SOURCES, CaseSummary
from cserq.note.layout import (
    TEXT_WIDTH,
)
from cserq.note.pieces import Pieces, box, in_pieces
from cserq.note.runs import can_draw
from cserq.note.settings import NoteSettings
from cserq.questionnaire.model import AGE, IMMEDIATE_DANGER, UNKNOWN, Level, Question
from cserq.questionnaire.outcome import CategorySigns, signs_by_category
from cserq.words.wording import Wording

IDENTITY_ROOM = 8 * mm
"""Room at the top of each page, under the marking, for the line that names the child."""


def unprintable(case: CaseSummary) -> list[tuple[str, Question | None]]:
    """What was typed in characters the note's fonts do not have, named as in
    ``CaseSummary.typed_texts``: the page warns before the download, and the note says so."""
    return [(label, q) for label, q, text in case.typed_texts() if not can_draw(text)]


class NoteWriter(Pieces):
    """The flowables of each section of the note, in one language."""

    def __init__(
        self,
        case: CaseSummary,
        language: str,
        settings: NoteSettings,
        generated_at: datetime.datetime,
        note_codes: tuple[str, ...],
        record_name: str,
    ) -> None:
        self.case = case
        self.generated_at = generated_at
        super().__init__(language)
        self.record_name = record_name
        self.note_codes = note_codes
        """Every language of the note this part is in."""
        self.settings = settings
        self.words = Wording(case.questionnaire, self.t, language)
        self.outcome = case.outcome

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
        age = self.words.answer(case.questionnaire.questions[AGE], case.answers.get(AGE))
        from_birth = case.age_from_birth(self.generated_at.date())
        if from_birth is not None and from_birth != case.answers.get(AGE):
            age += "\n" + self._(
                "The date of birth gives an age of %(age)d: check which is right."
            ) % {"age": from_birth}
        return age

    def danger(self) -> list[Flowable]:
        if self.outcome.answers.get(IMMEDIATE_DANGER) == UNKNOWN:
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
            lines += [self.p(piece, "danger_text", width=inner) for piece in in_pieces(text)]
        # The social worker's first questions: were the police called, when, and their reference.
        lines.append(Spacer(1, 4))
        police = " · ".join(self.police_rows())
        lines.append(self.p(police, "danger_label", width=inner))
        return box(lines, filled=True)

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
        return box(lines, filled=False)

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
                and question.id != AGE  # in the child's details at the top
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
            flow.append(self.writing_lines(3))
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
            if question in shown_above or question.id == AGE:  # age: with the child's details
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
