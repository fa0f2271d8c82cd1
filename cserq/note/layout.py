"""The page furniture the note and the questionnaire specification share: sizes, colours, the
paragraph styles in the embedded faces, plain-text paragraphs in any script the faces draw, and a
canvas that numbers pages "X of Y"."""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from cserq.base.text import tidy
from cserq.note.fonts import FAMILY, register_fonts
from cserq.note.scripts import Markup, to_markup

MARGIN = 16 * mm
PAGE_WIDTH, PAGE_HEIGHT = A4
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN

INK = colors.HexColor("#0b0c0c")
MUTED = colors.HexColor("#484949")
RULE = colors.HexColor("#b1b4b6")
SHADE = colors.HexColor("#f3f2f1")
DANGER = colors.HexColor("#b10e1e")


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    family = register_fonts()
    bold = f"{family}-Bold"
    base = ParagraphStyle("body", fontName=family, fontSize=10, leading=13.5, textColor=INK)

    def style(name: str, **changes: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    return {
        "body": base,
        "small": style("small", fontSize=8.5, leading=11, textColor=MUTED),
        "title": style("title", fontName=bold, fontSize=18, leading=22, spaceAfter=4),
        "note_title": style("note_title", fontName=bold, fontSize=15, leading=19, spaceAfter=2),
        "h1": style(
            "h1",
            fontName=bold,
            fontSize=13.5,
            leading=17,
            spaceBefore=9,
            spaceAfter=4,
        ),
        "h2": style(
            "h2",
            fontName=bold,
            fontSize=11,
            leading=14,
            spaceBefore=6,
            spaceAfter=2,
        ),
        "level": style("level", fontName=bold, fontSize=14, leading=18, spaceAfter=3),
        "cell": style("cell", fontSize=8.5, leading=10.5),
        "bullet": style(
            "bullet", leftIndent=14, bulletIndent=3, bulletFontName=family, spaceAfter=2
        ),
        "small_bullet": style(
            "small_bullet",
            fontSize=8.5,
            leading=11,
            leftIndent=12,
            bulletIndent=2,
            bulletFontName=family,
            bulletFontSize=8.5,
            spaceAfter=1,
        ),
        "cell_head": style("cell_head", fontName=bold, fontSize=8.5, leading=10.5),
        "cell_small": style("cell_small", fontSize=8, leading=9.8),
        "cell_head_small": style("cell_head_small", fontName=bold, fontSize=8, leading=9.8),
        "prompt_title": style(
            "prompt_title", fontName=bold, fontSize=10, leading=13, keepWithNext=1
        ),
        "danger": style("danger", fontName=bold, fontSize=20, leading=25, textColor=colors.white),
        "danger_text": style("danger_text", fontSize=11, leading=14.5, textColor=colors.white),
        "danger_label": style(
            "danger_label", fontName=bold, fontSize=11, leading=14.5, textColor=colors.white
        ),
        "marking": style("marking", fontName=bold, fontSize=9, alignment=TA_CENTER),
        "colophon": style("colophon", fontSize=7, leading=8.5, textColor=MUTED),
        "running": style("running", fontName=bold, fontSize=8.5, leading=10.5, alignment=TA_CENTER),
    }


def table(
    data: Sequence[list[Any]],
    widths: Sequence[float],
    commands: Sequence[tuple[Any, ...]],
    **options: Any,
) -> Table:
    """A table in the note's font: ReportLab sets each cell's font, Helvetica unless told."""
    # A row taller than a page splits across pages rather than failing the whole note.
    table = Table(data, colWidths=widths, splitInRow=1, **options)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FAMILY), *commands]))
    return table


@functools.cache
def variant(style: str, shaped: bool, right_to_left: bool) -> ParagraphStyle:
    """A style for text in a script that needs shaping, or that reads right to left."""
    base = styles()[style]
    if not (shaped or right_to_left):
        return base
    return ParagraphStyle(
        f"{style}-{int(shaped)}{int(right_to_left)}",
        parent=base,
        shaping=int(shaped),
        alignment=TA_RIGHT if right_to_left else base.alignment,
    )


def paragraph(
    text: str,
    style: str = "body",
    *,
    placeholder: str,
    width: float = TEXT_WIDTH,
    bullet: str | None = None,
) -> Paragraph:
    """A paragraph of plain text: whatever the practitioner typed is escaped, never markup.

    Any script the note's faces have is drawn in them; what none has shows ``placeholder``.
    """
    base = styles()[style]
    markup = text_markup(text, base, placeholder=placeholder, width=width - base.leftIndent)
    return Paragraph(
        markup.xml, variant(style, markup.shaped, markup.right_to_left), bulletText=bullet
    )


def text_markup(text: str, style: ParagraphStyle, *, placeholder: str, width: float) -> Markup:
    return to_markup(
        tidy(text, multiline=True),
        placeholder=placeholder,
        width=width,
        size=style.fontSize,
        font=style.fontName,
    )


def heading(text: str, style: str, *, placeholder: str) -> list[Flowable]:
    """A heading that starts a new page rather than stand alone at the foot of one.

    Unlike keeping the heading with the whole table after it, this never leaves a page mostly
    empty: the table may split, as long as the heading has a few lines under it.
    """
    return [
        CondPageBreak(30 * mm if style == "h1" else 22 * mm),
        paragraph(text, style, placeholder=placeholder),
    ]


def numbered_canvas(decorate: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so each can say "Page X of Y"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # ReportLab's own page reset

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                decorate(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


# ReportLab shares each registered font between documents, and subsetting a font for a PDF moves
# a read position inside it: two notes saved at once can read each other's glyphs (an
# IndexError, seen under load). One note is made at a time; each takes well under a second.
ONE_AT_A_TIME = threading.Lock()


def a4_document(
    buffer: io.BytesIO,
    *,
    language: str,
    invariant: bool,
    title: str,
    subject: str = "",
    author: str = "",
    header_room: float = 0,
    footer_room: float = 0,
) -> BaseDocTemplate:
    """An A4 document in the embedded faces, with one frame inside the margins and room for a
    line above and below it, and ``header_room`` more above it and ``footer_room`` below."""
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 6 * mm + header_room,
        bottomMargin=MARGIN + 6 * mm + footer_room,
        creator="cserq",
        lang=language,
        invariant=invariant,
        initialFontName=FAMILY,
        displayDocTitle=True,
        title=title,
        subject=subject,
        author=author,
    )
    height = PAGE_HEIGHT - doc.topMargin - doc.bottomMargin
    frame = Frame(MARGIN, doc.bottomMargin, TEXT_WIDTH, height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    return doc
