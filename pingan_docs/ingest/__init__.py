"""Bytes in, text out: one module per format, one entry point that picks by suffix.

Each reader returns :class:`RawText` — the document's words as paragraphs separated by
newlines, plus whatever the container says about the document (a web page's 发布部门 and
发布时间 fields, a front matter, a crawler's header) and what had to be repaired to read it
(``warnings``: bytes replaced, control characters removed, a damaged PDF read by the
second reader). Readers raise :class:`IngestError` with a reason a user can act on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class IngestError(Exception):
    """A file that cannot be read as a document; the message says why."""


@dataclass
class RawText:
    text: str
    format: str
    encoding: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


SUFFIXES = {".txt": "txt", ".text": "txt", ".pdf": "pdf", ".html": "html", ".htm": "html",
            ".docx": "docx", ".md": "md", ".markdown": "md"}


def read(path: Path, data: bytes | None = None) -> RawText:
    """Read one document file, choosing the reader by its suffix (``data``: its bytes,
    when the caller has read them already)."""
    from .text import clean_controls

    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise IngestError(f"unsupported file type {path.suffix!r}")
    if data is None:
        data = path.read_bytes()
    if not data.strip():
        raise IngestError("file is empty")
    if fmt == "pdf":
        from .pdf import read_pdf

        raw = read_pdf(data)
    elif fmt == "html":
        from .html import read_html

        raw = read_html(data)
    elif fmt == "docx":
        from .docx import read_docx

        raw = read_docx(data)
    elif fmt == "md":
        from .markdown import read_markdown

        raw = read_markdown(data)
    else:
        from .text import read_text

        raw = read_text(data)
    # PDF and DOCX text never went through decode(): the same control characters out
    raw.text = clean_controls(raw.text, raw.warnings)
    if not raw.text.strip():
        raise IngestError("no text found in the document")
    return raw
