"""The whole questionnaire as a document for clinical review (``cserq spec``), as PDF bytes.

Every question with its options and when it is asked, every rule in plain words with its level,
prompts and sources, the outcome texts, and the worked examples with the outcome the rules give
them now. The questionnaire's id, version and content hash are on every page, so a signed copy
names exactly the file it describes.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
)

from cserq.base.languages import LANGUAGE_NAMES, N_, translations
from cserq.note.document import note_languages
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
    heading,
    numbered_canvas,
    paragraph,
)
from cserq.questionnaire.model import Example, Level, Question, Questionnaire, Rule
from cserq.questionnaire.outcome import decide
from cserq.words.plain import ASKED_WHEN, WEIGHT_WORDS, Said
from cserq.words.wording import Wording

KIND_WORDS = {
    "yes_no_unknown": N_("Yes, No or Don't know"),
    "choice": N_("One of the options"),
    "multi": N_("Any of the options"),
    "number": N_("A whole number"),
    "text": N_("Text"),
    "date": N_("A date"),
}
HOW_TO_READ = N_(
    "Each rule that holds adds its reason to the outcome; the outcome is the highest level any"
    " rule gives, and the lowest level when none gives one. A question that was not answered, or"
    " was not asked, never meets a condition on its answer. “Don't know” is an answer of its"
    " own: it is never counted as “No”."
)


class _SpecWriter:
    """The document's story in one language."""

    def __init__(self, questionnaire: Questionnaire, language: str) -> None:
        self.q = questionnaire
        self.t = translations(language)
        self.words = Wording(questionnaire, self.t, language)
        self.placeholder = self._("characters this note cannot show")

    def _(self, message: str) -> str:
        return self.t.gettext(message)

    def p(self, text: str, style: str = "body", *, bullet: str | None = None) -> Paragraph:
        return paragraph(text, style, placeholder=self.placeholder, bullet=bullet)

    def h(self, text: str, style: str = "h1") -> list[Flowable]:
        return heading(text, style, placeholder=self.placeholder)

    def said(self, said: Said, depth: int = 0) -> list[Flowable]:
        """A condition in plain words, each part indented under the line it belongs to."""
        indent = 14 * depth
        line = paragraph(
            said.text,
            "bullet",
            placeholder=self.placeholder,
            bullet="•" if depth else None,
            width=TEXT_WIDTH - indent,
        )
        line.style = line.style.clone(
            f"said{depth}", leftIndent=14 + indent, bulletIndent=3 + indent
        )
        lines: list[Flowable] = [line]
        for part in said.parts:
            lines += self.said(part, depth + 1)
        return lines

    def story(self) -> list[Flowable]:
        _, q, words = self._, self.q, self.words
        flow: list[Flowable] = [
            self.p(_("Questionnaire specification"), "small"),
            self.p(words.title(), "title"),
            self.p(_("Id %(id)s, version %(version)s") % {"id": q.id, "version": q.version}),
            self.p(_("Content hash (SHA-256): %(hash)s") % {"hash": q.content_hash}, "small"),
            *[
                self.p(
                    _("Its %(language)s catalogue (SHA-256): %(hash)s")
                    % {"language": _(LANGUAGE_NAMES[code]), "hash": catalogue.content_hash},
                    "small",
                )
                for code, catalogue in sorted(q.catalogues.items())
            ],
            self.p(words.introduction()),
            *self.h(_("How to read the rules"), "h2"),
            self.p(_(HOW_TO_READ)),
        ]
        flow += self.questions()
        flow += self.levels()
        flow += self.rules()
        flow += self.examples()
        flow += self.sources()
        return flow

    def questions(self) -> list[Flowable]:
        _, words = self._, self.words
        flow = self.h(_("Questions"))
        for s, section in enumerate(self.q.sections, start=1):
            flow += self.h(f"{s}. {words.section_title(section)}", "h2")
            intro = words.section_intro(section)
            if intro:
                flow.append(self.p(intro))
            for n, question in enumerate(section.questions, start=1):
                flow += self.question(f"{s}.{n}", question)
        return flow

    def question(self, number: str, question: Question) -> list[Flowable]:
        _, words = self._, self.words
        flow: list[Flowable] = [
            Spacer(1, 4),
            self.p(f"{number} {words.question(question)}", "prompt_title"),
        ]
        facts = [
            _("Id: %(id)s") % {"id": question.id},
            _("Answer: %(kind)s") % {"kind": _(KIND_WORDS[question.kind])},
        ]
        facts.append(_("Must be answered") if question.required else _("May be left blank"))
        if question.minimum is not None or question.maximum is not None:
            low = "" if question.minimum is None else str(question.minimum)
            high = "" if question.maximum is None else str(question.maximum)
            facts.append(_("From %(low)s to %(high)s") % {"low": low, "high": high})
        if question.max_length:
            facts.append(_("At most %(count)d characters") % {"count": question.max_length})
        if question.category and question.weight:
            category = words.category(self.q.category(question.category))
            weight = _(WEIGHT_WORDS[question.weight])
            facts.append(
                _("Sign: %(category)s, weight “%(weight)s”")
                % {"category": category, "weight": weight}
            )
        flow.append(self.p(" · ".join(facts), "small"))
        hint = words.hint(question)
        if hint:
            flow.append(self.p(hint, "small"))
        for code, text in words.options(question):
            flow.append(self.p(f"{text} ({code})", "bullet", bullet="•"))
        if question.show_if is not None:
            flow.append(self.p(_(ASKED_WHEN), "small"))
            flow += self.said(words.plain(question.show_if), 1)
        return flow

    def levels(self) -> list[Flowable]:
        _, words = self._, self.words
        flow = self.h(_("Outcome levels, most urgent first"))
        for level in sorted(Level, reverse=True):
            flow.append(self.p(f"{words.level_title(level)} ({level.code})", "prompt_title"))
            flow.append(self.p(words.level_text(level)))
        flow += self.h(_("Prompts"), "h2")
        for prompt in self.q.prompts:
            flow.append(self.p(f"{words.prompt_title(prompt)} ({prompt.id})", "prompt_title"))
            flow.append(self.p(words.prompt_text(prompt)))
        return flow

    def rules(self) -> list[Flowable]:
        flow = self.h(self._("Rules, in order"))
        for n, rule in enumerate(self.q.rules, start=1):
            flow += self.rule(n, rule)
        return flow

    def rule(self, number: int, rule: Rule) -> list[Flowable]:
        _, words = self._, self.words
        gives = (
            _("Gives at least: %(level)s") % {"level": words.level_title(rule.level)}
            if rule.level
            else _("Gives no level: it only adds prompts")
        )
        flow: list[Flowable] = [
            Spacer(1, 6),
            self.p(f"{number}. {rule.id}", "prompt_title"),
            self.p(gives),
            self.p(_("Applies when:"), "small"),
            *self.said(words.plain(rule.when), 1),
            self.p(_("Reason shown: %(reason)s") % {"reason": words.rule_reason(rule)}),
        ]
        if rule.prompts:
            titles = [words.prompt_title(self.q.prompt_by_id[p]) for p in rule.prompts]
            flow.append(self.p(_("Prompts: %(prompts)s") % {"prompts": "; ".join(titles)}))
        flow.append(
            self.p(_("Sources: %(sources)s") % {"sources": ", ".join(rule.sources)}, "small")
        )
        return flow

    def examples(self) -> list[Flowable]:
        flow = self.h(self._("Worked examples"))
        flow.append(
            self.p(self._("Each is run by cserq check; the outcome shown is the rules’ now."))
        )
        for example in self.q.examples:
            flow += self.example(example)
        return flow

    def example(self, example: Example) -> list[Flowable]:
        _, words = self._, self.words
        outcome = decide(self.q, example.answers)
        flow: list[Flowable] = [Spacer(1, 6), self.p(words.example_name(example), "prompt_title")]
        given = [
            (question, answer)
            for question in self.q.questions.values()
            if (answer := example.answers.get(question.id)) is not None
            and not (question.kind == "yes_no_unknown" and answer == "no")
        ]
        for question, answer in given:
            flow.append(
                self.p(
                    f"{words.question(question)}: {words.example_answer(question, answer)}",
                    "bullet",
                    bullet="•",
                )
            )
        flow.append(
            self.p(_("Every other yes/no/don't know question: No, or not answered"), "small")
        )
        flow.append(self.p(_("Outcome: %(level)s") % {"level": words.level_title(outcome.level)}))
        if outcome.reasons:
            fired = ", ".join(reason.rule.id for reason in outcome.reasons)
            flow.append(self.p(_("Rules that hold: %(rules)s") % {"rules": fired}, "small"))
        if outcome.prompts:
            titles = "; ".join(words.prompt_title(p) for p in outcome.prompts)
            flow.append(self.p(_("Prompts: %(prompts)s") % {"prompts": titles}, "small"))
        return flow

    def sources(self) -> list[Flowable]:
        flow = self.h(self._("Sources"))
        for source in self.q.sources:
            title = self.words.source_title(source)
            text = f"{source.id}: {title}" + (f" ({source.url})" if source.url else "")
            flow.append(self.p(text, "bullet", bullet="•"))
        return flow


def render_spec(
    questionnaire: Questionnaire,
    *,
    language: str = "en",
    generated_at: datetime.datetime,
    invariant: bool = False,
) -> bytes:
    """The specification as PDF bytes: in one language, or each in turn (``cy+en``)."""
    with ONE_AT_A_TIME:
        return _render(questionnaire, note_languages(language), generated_at, invariant)


def _render(
    q: Questionnaire, codes: Sequence[str], generated_at: datetime.datetime, invariant: bool
) -> bytes:
    register_fonts()
    writers = [_SpecWriter(q, code) for code in codes]
    buffer = io.BytesIO()
    title = " / ".join(dict.fromkeys(w._("Questionnaire specification") for w in writers))
    doc = a4_document(
        buffer, language=codes[0], invariant=invariant, title=f"{title}: {q.id} {q.version}"
    )
    top = f"{q.id} · {q.version} · sha256 {q.content_hash}"
    welsh = [
        f"{code} {q.catalogues[code].content_hash[:12]}" for code in codes if code in q.catalogues
    ]
    if welsh:
        top += " · " + " · ".join(welsh)
    made = generated_at.strftime("%Y-%m-%d %H:%M")
    page_text = " / ".join(dict.fromkeys(w._("Page %(page)d of %(pages)d") for w in writers))

    def decorate(canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(FAMILY, 7.5)
        canvas.setFillColor(INK)
        canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - MARGIN + 2 * mm, top)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, MARGIN - 6 * mm, f"{q.id} {q.version} · {made}")
        page = page_text % {"page": number, "pages": total}
        canvas.drawRightString(PAGE_WIDTH - MARGIN, MARGIN - 6 * mm, page)
        canvas.restoreState()

    story: list[Flowable] = []
    for index, writer in enumerate(writers):
        if index:
            story.append(PageBreak())
        story += writer.story()
    doc.build(story, canvasmaker=numbered_canvas(decorate))
    return buffer.getvalue()
