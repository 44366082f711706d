"""PDF with pdfplumber: printed lines back into paragraphs, page furniture out.

GB/T 9704 pages carry ``— 1 —`` page numbers, sometimes running headers, and titles
printed twice on top of each other for a bold look; the words themselves wrap at a fixed
right margin. So: de-duplicate overprinted characters, read lines with a tolerance
relative to the font size (no spaces between Chinese characters), drop furniture by
position and pattern, and join a line to the next when it runs to the right margin.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
from collections import Counter
from operator import itemgetter

from . import IngestError, RawText

_FURNITURE = re.compile(r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第?\s*\d{1,4}\s*页?(?:\s*/\s*共?\d+页?)?|\d{1,4})$")
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}\s*[.、．](?!\d)"
    r"|[（(]\d{1,2}[）)]|第[一二三四五六七八九十百]+[章条节]|附件)")


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
        # runs to the right margin, from the left one (a first-line indent allowed): a
        # line set flush right (a signature, its date) does not wrap into the next
        prev_full = ln["x1"] >= right - char_w * 1.5 and ln["x0"] <= left + char_w * 3
    if current:
        paras.append(current)
    return paras


def _chars(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """The page's characters with the fields line building reads, as pdfplumber computes
    them (``top`` from the page's top edge, MediaBox offsets added). pdfplumber's own
    ``page.chars`` resolves colours and every attribute of every object: a third of the
    reading time, for fields nothing here uses."""
    from pdfminer.layout import LTChar, LTContainer

    height, doctop = page.height, page.initial_doctop
    mb_x0, mb_top = page.mediabox[:2]
    out: list[dict] = []

    def walk(objs) -> None:  # type: ignore[no-untyped-def]
        for obj in objs:
            if isinstance(obj, LTChar):
                top = height - obj.y1 + mb_top
                fontname = obj.fontname
                out.append({"text": obj.get_text(), "x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0,
                            "top": top, "bottom": height - obj.y0 + mb_top, "doctop": doctop + top,
                            "upright": obj.upright, "size": obj.size,
                            "fontname": fontname.decode("latin-1") if isinstance(fontname, bytes) else fontname,
                            "width": obj.width, "height": obj.height})
            elif isinstance(obj, LTContainer):
                walk(obj._objs)

    walk(page.layout._objs)
    return out


def _dedupe(chars: list[dict], tolerance: float = 1) -> list[dict]:
    """pdfplumber's ``dedupe_chars`` (same text, font and size within ``tolerance``: a
    title printed twice for a bold look), without its quadratic final sort."""
    from pdfplumber.utils import cluster_objects

    key = itemgetter("upright", "text", "fontname", "size")
    pos_key = itemgetter("doctop", "x0")
    kept = []
    for _, group in itertools.groupby(sorted(chars, key=key), key=key):
        for y_cluster in cluster_objects(list(group), itemgetter("doctop"), tolerance):
            for x_cluster in cluster_objects(y_cluster, itemgetter("x0"), tolerance):
                kept.append(min(x_cluster, key=pos_key))
    order = {id(c): i for i, c in enumerate(chars)}
    return sorted(kept, key=lambda c: order[id(c)])


def _page_lines(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """The page's printed lines. Digits and Latin letters set in another font inside a
    Chinese line (``关于1997年``, ``人工智能OPC``) can sit a fifth of an em lower than the
    Chinese characters, so characters share a line when their tops are within 0.3 em of
    the page's largest type (at most 8 points: lines of body text are further apart)."""
    from pdfplumber.utils import chars_to_textmap

    chars = _dedupe(_chars(page))
    y_tolerance = min(8.0, max([3.0, *(0.3 * c["size"] for c in chars)]))
    textmap = chars_to_textmap(chars, layout_bbox=page.bbox, layout_width=page.width,
                               layout_height=page.height, x_tolerance_ratio=0.3, y_tolerance=y_tolerance)
    lines = textmap.extract_text_lines(strip=True, return_chars=False)
    return [ln for ln in lines if ln["text"].strip()]


def _read_pdfplumber(data: bytes) -> tuple[list[list[dict]], list[float]]:
    """Lines and height of every page, one page at a time: a page's parsed objects are
    released before the next is read, so memory follows a page, not the file."""
    import pdfplumber

    pages, heights = [], []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            pages.append(_page_lines(page))
            heights.append(float(page.height))
            page.close()
    return pages, heights


_CATALOG = re.compile(rb"(\d+)\s+(\d+)\s+obj\s*<<(?:(?!endobj).){0,300}?/Type\s*/Catalog", re.DOTALL)


def _read_pdfium(data: bytes, notes: list[str]) -> tuple[list[list[dict]], list[float]]:
    """The same lines from PDFium, which rebuilds a damaged cross-reference table and
    reads past broken objects where pdfminer gives up: each text run PDFium reports is a
    piece of a printed line; runs sharing a baseline are joined left to right."""
    import pypdfium2 as pdfium

    pages, heights = [], []
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        # A file cut short has lost its trailer, the pointer to the document catalog:
        # give it one naming the catalog object found in what is left.
        catalog = _CATALOG.search(data)
        if catalog is None:
            raise
        document = pdfium.PdfDocument(data + b"\ntrailer\n<< /Root %s %s R >>\n%%%%EOF\n" % catalog.groups())
        notes.append("the file has no trailer (cut short?): pages after the damage may be missing")
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                height = float(page.get_height())
                runs = []
                for i in range(textpage.count_rects()):
                    left, bottom, right, top = textpage.get_rect(i)
                    text = textpage.get_text_bounded(left, bottom, right, top)
                    if text.strip():
                        runs.append({"x0": left, "x1": right, "top": height - top,
                                     "bottom": height - bottom, "text": text.replace("\r\n", "")})
                textpage.close()
            finally:
                page.close()
            pages.append(_join_runs(runs))
            heights.append(height)
    finally:
        document.close()
    return pages, heights


def _join_runs(runs: list[dict]) -> list[dict]:
    lines: list[list[dict]] = []
    for run in sorted(runs, key=lambda r: (r["top"], r["x0"])):
        line = lines[-1] if lines else None
        if line and abs(run["top"] - line[0]["top"]) <= 3:
            line.append(run)
        else:
            lines.append([run])
    out = []
    for line in lines:
        line.sort(key=lambda r: r["x0"])
        out.append({"text": "".join(r["text"] for r in line), "x0": line[0]["x0"],
                    "x1": max(r["x1"] for r in line), "top": min(r["top"] for r in line),
                    "bottom": max(r["bottom"] for r in line)})
    return out


def _damage(exc: Exception) -> str:
    """What pdfminer's exception says about the file (its types vary with the damage)."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = inner.__class__.__name__
    if "Password" in name or "Encrypt" in name or "encrypt" in str(inner).lower():
        raise IngestError("PDF is encrypted (password protected)") from exc
    text = " ".join(str(inner).split())
    return f"{name}: {text[:100]}…" if len(text) > 100 else f"{name}: {text}"


def read_pdf(data: bytes) -> RawText:
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    # pdfminer logs every repair it makes on a damaged file; the reason that matters
    # reaches the user as the error or as a warning in the document's source
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    warnings: list[str] = []
    damage = None
    try:
        pages, heights = _read_pdfplumber(data)
    except PDFPasswordIncorrect as exc:
        raise IngestError("PDF is encrypted (password protected)") from exc
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        pages, heights, damage = [], [], _damage(exc)
    if not any(pages):
        # damaged, or a text layer pdfminer could not see: PDFium gets a second look
        try:
            pages, heights = _read_pdfium(data, warnings)
        except Exception as exc:  # pypdfium2 raises PdfiumError, ctypes errors on odd files
            if "password" in str(exc).lower():
                raise IngestError("PDF is encrypted (password protected)") from exc
            raise IngestError(f"corrupt or truncated PDF ({damage or exc})") from exc
        if any(pages):
            warnings.insert(0, f"damaged PDF ({damage or 'no text found by pdfminer'}): "
                            "text read with PDFium instead")
    if not pages:
        raise IngestError("PDF has no pages" + (f" ({damage})" if damage else ""))
    if not any(pages):
        raise IngestError("PDF has no text layer (scanned or image-only); run OCR first")
    pages = _drop_furniture(pages, heights)
    flat = [ln for page in pages for ln in page]
    return RawText("\n".join(_paragraphs(flat)), "pdf", None, {}, warnings)
