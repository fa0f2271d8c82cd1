"""A file attached to a PDF while ReportLab makes it (the note carries its structured record).

ReportLab has no public call to embed a file, but the PDF objects it writes are its own classes:
the file goes into the document's catalog as an ``/EmbeddedFiles`` name tree (what a PDF reader
lists as attachments), and as an associated file (``/AF``, ``/AFRelationship /Data``, as PDF/A-3
and PDF 2.0 have it), so the finished PDF is never read back and written again.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFStream,
    PDFString,
    PDFText,
    PDFZCompress,
)
from reportlab.pdfgen.canvas import Canvas


def attach_file(
    canvas: Canvas,
    name: str,
    data: bytes,
    *,
    media_type: str,
    description: str,
    modified: datetime.datetime,
) -> None:
    """Embed ``data`` as the file ``name`` in the PDF ``canvas`` is drawing, once a document.

    ``modified`` is the file's date, given (never the clock), so the same inputs keep giving
    the same bytes.
    """
    # The canvas's document is ReportLab's own, not in its type stubs; the catalog takes each
    # of its keys as an attribute.
    document: PDFDocument = canvas._doc  # type: ignore[attr-defined]
    catalog: Any = document.Catalog  # type: ignore[attr-defined]
    if getattr(catalog, "Names", None) is not None:
        raise RuntimeError("the PDF has a names dictionary already: one attachment a document")
    stream = PDFStream(
        PDFDictionary(
            {
                "Type": PDFName("EmbeddedFile"),
                "Subtype": _media_type_name(media_type),
                "Params": PDFDictionary(
                    {
                        "Size": len(data),
                        "ModDate": PDFString(_pdf_date(modified)),
                        # MD5 is what the PDF standard asks for here: a check, not security.
                        "CheckSum": PDFText(hashlib.md5(data, usedforsecurity=False).digest()),
                    }
                ),
            }
        ),
        content=data,
        filters=[PDFZCompress],
    )
    # One object, named by the name tree and by /AF.
    spec = document.Reference(  # type: ignore[no-untyped-call]
        PDFDictionary(
            {
                "Type": PDFName("Filespec"),
                "F": PDFString(name),
                "UF": PDFString(name),
                "Desc": PDFString(description),
                "EF": PDFDictionary({"F": stream}),
                "AFRelationship": PDFName("Data"),
            }
        )
    )
    tree = PDFDictionary({"Names": PDFArray([PDFString(name), spec])})
    catalog.Names = PDFDictionary({"EmbeddedFiles": tree})
    # The catalog writes only the keys its class names; /AF is not among them in ReportLab.
    catalog.AF = PDFArray([spec])
    if "AF" not in catalog.__NoDefault__:
        catalog.__NoDefault__ = [*catalog.__NoDefault__, "AF"]


def _media_type_name(media_type: str) -> str:
    """A media type as a PDF name: its "/" written "#2F", so it stays one name."""
    return "/" + PDFName(media_type)[1:].replace("/", "#2F")


def _pdf_date(moment: datetime.datetime) -> str:
    """A PDF date: D:YYYYMMDDHHmmSS, and the offset from UTC where ``moment`` has one."""
    text = f"D:{moment:%Y%m%d%H%M%S}"
    offset = moment.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{text}{sign}{hours:02d}'{minutes:02d}'"
