"""PDF with pdfplumber: printed lines back into paragraphs, page furniture out.

GB/T 9704 pages carry ``— 1 —`` page numbers, sometimes running headers, and titles
printed twice on top of each other for a bold look; the words themselves wrap at a fixed
right margin. So: de-duplicate overprinted characters, read lines with a tolerance
relative to the font size (no spaces between Chinese characters), drop furniture by
position and pattern, and join a line to the next when it runs to the right margin.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from . import IngestError, RawText

_FURNITURE = re.compile(r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第?\s*\d{1,4}\s*页?(?:\s*/\s*共?\d+页?)?|\d{1,4})$")
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}\s*[.、．]"
    r"|[（(]\d{1,2}[）)]|第[一二三四五六七八九十百]+[章条节]|附件)")


def _page_lines(page) -> list[dict]:
    page = page.dedupe_chars(tolerance=1)
    lines = page.extract_text_lines(x_tolerance_ratio=0.3, y_tolerance=3, return_chars=False)
    return [ln for ln in lines if ln["text"].strip()]


def _drop_furniture(pages: list[list[dict]], heights: list[float]) -> list[list[dict]]:
    """Page numbers by pattern near the top/bottom edge; running headers/footers as text
    repeated at the same place on most pages."""
    repeated: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        for key in {(ln["text"].strip(), round(ln["top"] / 10)) for ln in lines}:
            repeated[key] += 1
    min_repeats = max(3, len(pages) // 2 + 1)
    out = []
    for lines, height in zip(pages, heights, strict=True):
        kept = []
        for ln in lines:
            text = ln["text"].strip()
            edge = ln["top"] > height * 0.85 or ln["bottom"] < height * 0.12
            if edge and _FURNITURE.match(text.replace(" ", "")):
                continue
            if edge and len(pages) > 2 and repeated[(text, round(ln["top"] / 10))] >= min_repeats:
                continue
            kept.append(ln)
        out.append(kept)
    return out


def _paragraphs(lines: list[dict]) -> list[str]:
    if not lines:
        return []
    lefts = Counter(round(ln["x0"]) for ln in lines)
    left = lefts.most_common(1)[0][0]
    right = max(Counter(round(ln["x1"]) for ln in lines).most_common(3))[0]
    sizes = [ln["bottom"] - ln["top"] for ln in lines]
    char_w = sorted(sizes)[len(sizes) // 2] or 10
    paras: list[str] = []
    current = ""
    prev_full = False
    for ln in lines:
        text = ln["text"].strip()
        indented = ln["x0"] > left + char_w * 1.2
        starts_new = (not prev_full) or indented or bool(_HEADING_START.match(text))
        if starts_new and current:
            paras.append(current)
            current = ""
        current += text
        prev_full = ln["x1"] >= right - char_w * 1.5
    if current:
        paras.append(current)
    return paras


def read_pdf(data: bytes) -> RawText:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        with pdf:
            pages = [_page_lines(p) for p in pdf.pages]
            heights = [float(p.height) for p in pdf.pages]
    except PDFPasswordIncorrect as exc:
        raise IngestError("PDF is encrypted (password protected)") from exc
    except PDFSyntaxError as exc:
        raise IngestError(f"corrupt or truncated PDF ({exc})") from exc
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        name = inner.__class__.__name__
        if "Password" in name or "Encrypt" in name or "encrypt" in str(inner).lower():
            raise IngestError("PDF is encrypted (password protected)") from exc
        raise IngestError(f"corrupt or truncated PDF ({name}: {inner})") from exc
    if not pages:
        raise IngestError("PDF has no pages")
    if not any(pages):
        raise IngestError("PDF has no text layer (scanned or image-only); run OCR first")
    pages = _drop_furniture(pages, heights)
    flat = [ln for page in pages for ln in page]
    return RawText("\n".join(_paragraphs(flat)), "pdf", None, {})
