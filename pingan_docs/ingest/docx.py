"""Word documents: paragraphs and tables in document order.

Tables matter: a 任务分工表 puts 牵头单位/责任单位 in columns, so each row becomes one
tab-separated line that the role extractor can read like the HTML table rows.
"""

from __future__ import annotations

import io
import zipfile

from . import IngestError, RawText


def read_docx(data: bytes) -> RawText:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(f"not a readable Word .docx file ({exc.__class__.__name__})") from exc
    except Exception as exc:  # python-docx raises assorted lxml/opc errors on bad input
        raise IngestError(f"corrupt .docx file: {exc}") from exc
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(block, document).text.strip()
            if text:
                lines.append(text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells = [" ".join(c.text.split()) for c in row.cells]
                # merged cells repeat their text in python-docx; keep each once
                unique = [c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1]]
                if any(unique):
                    lines.append("\t".join(unique))
    return RawText("\n".join(lines), "docx", None, {})
