"""A file attached to a PDF (the note carries its structured record), in memory.

ReportLab has no public way to embed a file, so the finished PDF is read back with pypdf and
written again with the file in its EmbeddedFiles, which any PDF reader lists as an attachment.
"""

from __future__ import annotations

import io


def with_attachment(pdf: bytes, name: str, data: bytes) -> bytes:
    """``pdf`` with ``data`` attached under ``name``; the pages and metadata are unchanged."""
    # Imported here: pypdf takes a tenth of a second to import, which the app's start-up need
    # not wait for; the first note pays it once.
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_attachment(name, data)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
