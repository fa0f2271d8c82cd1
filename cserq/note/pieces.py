"""The pieces a note is drawn with: table cells that stay plain text when they can, boxes, long
text cut into table rows, and the paragraphs, headings and tables of one language."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Spacer,
    Table,
)

from cserq.base.languages import translations
from cserq.note.fonts import FAMILY
from cserq.note.layout import (
    DANGER,
    INK,
    MUTED,
    RULE,
    SHADE,
    TEXT_WIDTH,
    heading,
    paragraph,
    table,
    text_markup,
)
from cserq.note.runs import can_draw_plainly
from cserq.note.scripts import Markup

CELL_SIZE = 8.5


SMALL_CELL_SIZE = 8


CELL_PADDING = 12  # ReportLab's default left and right padding, together


def cell(
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


def box(lines: Sequence[Flowable], *, filled: bool) -> list[Flowable]:
    """Lines in a box the width of the page: filled red for "Phone 999 now", outlined red for
    danger not known."""
    colour = [("BACKGROUND", (0, 0), (-1, -1), DANGER), ("BOX", (0, 0), (-1, -1), 3, INK)]
    framed = table(
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
    return [Spacer(1, 8 if filled else 6), framed]


PIECE = 400  # characters of a table cell per table row: a dozen lines in the narrowest column


def in_pieces(text: str) -> list[str]:
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


class Pieces:
    """The pieces a note is drawn with in one language: paragraphs, headings, tables, lists."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.t = translations(language)

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
                cell(text, width, placeholder=mark, bold=True, small=small)
                for text, width in zip(head, columns, strict=True)
            ]
        ]
        lines: list[tuple[Any, ...]] = [("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE)]
        for row in rows:
            # Long text goes in several table rows, which break between pages cheaply;
            # splitting one tall row re-lays its paragraphs at every page.
            pieces = [in_pieces(c) if isinstance(c, str) else [c] for c in row]
            for i in range(max(map(len, pieces))):
                data.append(
                    [
                        cell(p[i] if i < len(p) else "", width, placeholder=mark, small=small)
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
            cell(text, columns[i % 2], placeholder=mark)
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

    def xml(self, text: str, style: ParagraphStyle, width: float) -> Markup:
        """Markup for a piece of a paragraph that is put together from several texts."""
        return text_markup(text, style, placeholder=self.placeholder, width=width)

    def writing_lines(self, count: int) -> Table:
        return table(
            [[""]] * count,
            [TEXT_WIDTH],
            [("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE)],
            rowHeights=[8 * mm] * count,
        )
