"""Clean ingested text into the form every extractor reads, keeping a map back.

Chinese documents reach us full of accidents of layout: full-width ASCII, spaces where a
printed line wrapped between two characters, page numbers dropped into the middle of a
sentence. Extractors should not each cope with that, so it is repaired once here; the
offset map lets every later span point at the ingested text too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .models import Span

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】〔〕—…·「」『』,.;:?!()%‰"
_MEASURE = "个年月日号人户名支处次条幅元万亿米小时天周岁项件家所台辆起份套批级倍%‰"


@dataclass
class NormText:
    """Normalised text; ``orig[i]`` is the index in the ingested text of character ``i``.

    ``breaks`` holds the positions where a printed line wrapped (a removed wrap space):
    too weak to end a sentence, but the outline uses them to end a heading's title.
    """

    text: str
    orig: list[int]
    raw: str
    breaks: set[int] = field(default_factory=set)

    def span(self, start: int, end: int) -> Span:
        end = max(end, start)
        o_start = self.orig[start] if start < len(self.orig) else len(self.raw)
        o_end = self.orig[end - 1] + 1 if end > start else o_start
        return Span(start=start, end=end, orig_start=o_start, orig_end=o_end)


def _is_cjk(ch: str) -> bool:
    return bool(ch) and (re.match(f"[{_CJK}]", ch) is not None or ch in _CJK_PUNCT)


_NEEDS_FOLD = re.compile(r"[^\x00-\x7f\u4e00-\u9fff〇○Ο]|[\r\f\v]")


def _fold(raw: str) -> tuple[list[str], list[int]]:
    """NFKC width folding with a per-character map back to ``raw``. ASCII and CJK
    ideographs are left alone by NFKC, so only the other characters are looked at."""
    chars: list[str] = []
    orig: list[int] = []
    pos = 0
    for m in _NEEDS_FOLD.finditer(raw):
        i = m.start()
        chars.extend(raw[pos:i])
        orig.extend(range(pos, i))
        ch = raw[i]
        out = " " if ch in "\u3000\xa0\f\v" else "" if ch == "\r" else unicodedata.normalize("NFKC", ch)
        chars.extend(out)
        orig.extend([i] * len(out))
        pos = i + 1
    chars.extend(raw[pos:])
    orig.extend(range(pos, len(raw)))
    return chars, orig


_PAGE_FURNITURE = re.compile(r"[-—–]\s*\d{1,3}\s*[-—–]")


def _drop_page_numbers(chars: list[str], orig: list[int]) -> tuple[list[str], list[int]]:
    """Remove page numbers left inline by PDF text extraction.

    A bare number between spaces inside running Chinese text is a page number only if it
    is the next page in sequence and no measure word follows it; ``不少于 1 个`` stays,
    the ``1`` in ``敌对势力在 1 我市`` goes.
    """
    text = "".join(chars)
    drop: set[int] = set()
    for m in _PAGE_FURNITURE.finditer(text):
        drop.update(range(m.start(), m.end()))
    cands = []  # (start of number, end incl. trailing space, number, quantity-like)
    for m in re.finditer(r"(?<=\S) (\d{1,3}) (?=\S)", text):
        before, after = text[m.start() - 1], text[m.end()]
        if before.isdigit() or not (_is_cjk(before) or _is_cjk(after)):
            continue
        cands.append((m.start(1), m.end(), int(m.group(1)), after in _MEASURE))
    pos, page = 0, 1
    while True:
        this = [c for c in cands if c[0] >= pos and c[2] == page]
        if not this:
            break
        nxt = next((c[0] for c in cands if c[0] > this[0][0] and c[2] == page + 1), len(text))
        # prefer one not followed by a measure word (不少于 1 个 is a quantity)
        pick = next((c for c in this if c[0] < nxt and not c[3]), this[0])
        drop.update(range(pick[0], pick[1]))
        pos, page = pick[1], page + 1
    if not drop:
        return chars, orig
    keep = [i for i in range(len(chars)) if i not in drop]
    return [chars[i] for i in keep], [orig[i] for i in keep]


def quote_mask(text: str, pairs: str = "“”") -> list[bool]:
    """True for characters inside a quotation (``pairs`` = opening and closing marks,
    e.g. ``“”《》``), never across a line: slogans and cited titles are not the document's
    own structure or requirements."""
    alternatives = "|".join(f"{re.escape(o)}[^{re.escape(o + c)}\\n]*{re.escape(c)}"
                            for o, c in zip(pairs[::2], pairs[1::2], strict=True))
    mask = [False] * len(text)
    for m in re.finditer(alternatives, text):
        mask[m.start() + 1:m.end() - 1] = [True] * (m.end() - m.start() - 2)
    return mask


def normalize(raw: str) -> NormText:
    """Fold widths, drop page furniture, remove wrap spaces, tidy paragraph breaks."""
    chars, orig = _fold(raw)
    chars, orig = _drop_page_numbers(chars, orig)
    text = "".join(chars)
    parts: list[str] = []
    out_orig: list[int] = []
    breaks: set[int] = set()
    length = 0
    pos = 0
    # Copy text between whitespace runs in bulk; decide what each run becomes.
    for m in re.finditer(r"[ \n]+", text):
        if m.start() > pos:
            parts.append(text[pos:m.start()])
            out_orig.extend(orig[pos:m.start()])
            length += m.start() - pos
        pos = m.end()
        prev = parts[-1][-1] if parts else "\n"
        run = m.group()
        if "\n" in run:
            if length and prev != "\n":  # one line break; no blank lines, no edge spaces
                parts.append("\n")
                out_orig.append(orig[m.start() + run.index("\n")])
                length += 1
        elif prev != "\n" and m.end() < len(text):
            if _is_cjk(prev) or _is_cjk(text[m.end()]):
                breaks.add(length)  # a wrapped line: remove, remember
            else:
                parts.append(" ")
                out_orig.append(orig[m.start()])
                length += 1
    if pos < len(text):
        parts.append(text[pos:])
        out_orig.extend(orig[pos:])
    out = "".join(parts)
    while out and out[-1] in "\n ":
        out = out[:-1]
        out_orig.pop()
    return NormText(out, out_orig, raw, {b for b in breaks if b < len(out)})
