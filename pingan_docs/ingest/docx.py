"""Word documents: paragraphs and tables in document order, with the labels of Word's
automatic numbering printed (``docx_numbering``).

Tables matter: a 任务分工表 puts 牵头单位/责任单位 in columns, so each row becomes one
tab-separated line that the role extractor can read like the HTML table rows.

A .docx is a zip archive, so it is checked before anything is unpacked: a zip bomb (a few
MB that unpack to gigabytes) is refused on its declared sizes and compression ratios, and
every member is then read through once in 1 MB steps, so a member that unpacks to more
than its header says fails there (Python's zip reader stops at the declared size and
checks the CRC) instead of inside the XML parser.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from . import IngestError, RawText
from .docx_numbering import ListLabels

# A long plan's document.xml is a few MB, a 50,000-row table about 80 MB; XML compresses
# 5-20 times, highly repetitive tables rarely past 100. A bomb declares hundreds of MB or
# GB at ratios of several hundred.
MAX_MEMBER = 128 << 20
MAX_TOTAL = 256 << 20
MAX_RATIO = 100
_RATIO_FROM = 4 << 20  # small members (styles, a repetitive numbering part) may compress better


def check_archive(data: bytes) -> None:
    """Refuse an archive whose members would unpack to too much, before unpacking it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise IngestError(f"not a readable Word .docx file ({exc.__class__.__name__})") from exc
    with archive:
        infos = archive.infolist()
        total = sum(i.file_size for i in infos)
        for info in infos:
            mb = info.file_size / (1 << 20)
            if info.file_size > MAX_MEMBER:
                raise IngestError(f"zip bomb? {info.filename} would unpack to {mb:.0f} MB "
                                  f"(limit {MAX_MEMBER >> 20} MB)")
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > _RATIO_FROM and ratio > MAX_RATIO:
                raise IngestError(f"zip bomb? {info.filename} would unpack {ratio:.0f} times its "
                                  f"size to {mb:.0f} MB (limit {MAX_RATIO}x)")
        if total > MAX_TOTAL:
            raise IngestError(f"zip bomb? the archive would unpack to {total / (1 << 20):.0f} MB "
                              f"(limit {MAX_TOTAL >> 20} MB)")
        for info in infos:
            try:
                with archive.open(info) as member:
                    while member.read(1 << 20):
                        pass
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
                    RuntimeError) as exc:
                raise IngestError(f"corrupt .docx file: {info.filename}: {exc}") from exc


def read_docx(data: bytes) -> RawText:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(f"not a readable Word .docx file ({exc.__class__.__name__})") from exc
    except Exception as exc:  # python-docx raises assorted lxml/opc errors on bad input
        raise IngestError(f"corrupt .docx file: {exc}") from exc
    labels = ListLabels(document)
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            label = labels.label(block)  # counted even on an empty paragraph, as Word does
            text = Paragraph(block, document).text.strip()
            if text:
                lines.append(label + text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells = [" ".join(c.text.split()) for c in row.cells]
                # merged cells repeat their text in python-docx; keep each once
                unique = [c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1]]
                if any(unique):
                    lines.append("\t".join(unique))
    return RawText("\n".join(lines), "docx", None, {})
