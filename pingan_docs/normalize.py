"""Clean ingested text into the form every extractor reads, keeping a map back.

Chinese documents reach us full of accidents of layout: full-width ASCII, spaces where a
printed line wrapped between two characters, page numbers dropped into the middle of a
sentence, or Traditional characters where every lexicon is Simplified. Extractors should
not each cope with that, so it is repaired once here; the offset map lets every later
span point at the ingested text too.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from .data import load_list
from .models import Span
from .simplify import simplified

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】〔〕—…·「」『』,.;:?!()%‰"
_MEASURE = "个年月日号人户名支处次条幅元万亿米小时天周岁项件家所台辆起份套批级倍%‰"


@dataclass
class NormText:
    """Normalised text; ``orig[i]`` is the index in the ingested text of character ``i``.

    ``breaks`` holds the positions where a printed line wrapped (a removed wrap space):
    too weak to end a sentence, but the outline uses them to end a heading's title.
    The map is a machine-integer array (4 bytes a character, not a list of Python ints:
    a 50 MB text would need gigabytes).
    """

    text: str
    orig: array[int]
    raw: str
    breaks: set[int] = field(default_factory=set)
    simplified: bool = False  # written in Traditional characters, read as Simplified

    def span(self, start: int, end: int) -> Span:
        end = max(end, start)
        o_start = self.orig[start] if start < len(self.orig) else len(self.raw)
        o_end = self.orig[end - 1] + 1 if end > start else o_start
        # four ints computed here: nothing for pydantic to validate (a tenth of a task's cost)
        return Span.model_construct(start=start, end=end, orig_start=o_start, orig_end=o_end)


_CJK_RE = re.compile(f"[{_CJK}{re.escape(_CJK_PUNCT)}]")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and _CJK_RE.match(ch) is not None


_NEEDS_FOLD = re.compile(r"[^\x00-\x7f\u4e00-\u9fff〇○Ο]|[\r\f\v]")


@lru_cache(maxsize=1)
def _radicals() -> dict[str, str]:
    """Radical code points a PDF's text layer put for whole characters (人⺠政府)."""
    return dict(line.split("\t") for line in load_list("cjk_radicals.txt"))  # type: ignore[misc]


def _fold_char(ch: str) -> str:
    if ch in "\u3000\xa0\f\v":
        return " "
    return "" if ch == "\r" else _radicals().get(ch) or unicodedata.normalize("NFKC", ch)


_IDENTITY = array("i", range(1 << 18))  # 1 MB, enough for all but the longest documents


def _identity(n: int) -> array[int]:
    """``array("i", range(n))``: for an ordinary document a memory copy of a slice of a
    kept one, instead of a Python int per character."""
    return _IDENTITY[:n] if n <= len(_IDENTITY) else array("i", range(n))


def _fold(raw: str) -> tuple[str, array[int]]:
    """NFKC width folding, and radicals put for whole characters, with a per-character map
    back to ``raw``. ASCII and CJK ideographs are left alone by NFKC, so only the other
    characters are looked at, once per distinct character; one ``str.translate`` does the
    folding, and the map needs work only where a character folds to other than one
    character (``…`` → ``...``)."""
    table: dict[int, str] = {}
    uneven: list[str] = []
    for ch in set(_NEEDS_FOLD.findall(raw)):
        out = _fold_char(ch)
        if out != ch:
            table[ord(ch)] = out
        if len(out) != 1:
            uneven.append(ch)
    text = raw.translate(table) if table else raw
    if not uneven:
        return text, _identity(len(raw))
    orig = array("i")
    pos = 0
    for m in re.finditer("[" + re.escape("".join(uneven)) + "]", raw):
        i = m.start()
        orig.extend(range(pos, i))
        orig.extend([i] * len(table[ord(raw[i])]))
        pos = i + 1
    orig.extend(range(pos, len(raw)))
    return text, orig


_PAGE_FURNITURE = re.compile(r"(?<!\d)[-—–]\s*\d{1,3}\s*[-—–](?!\d)")  # — 3 —, not 2026-03-12


def _drop_page_numbers(text: str, orig: array[int]) -> tuple[str, array[int]]:
    """Remove page numbers left inline by PDF text extraction.

    A bare number between spaces inside running Chinese text is a page number only if it
    is the next page in sequence and no measure word follows it; ``不少于 1 个`` stays,
    the ``1`` in ``敌对势力在 1 我市`` goes.
    """
    drop = [m.span() for m in _PAGE_FURNITURE.finditer(text)]
    # candidates by number: (start of number, end incl. trailing space, number, quantity-like)
    by_number: dict[int, list[tuple[int, int, int, bool]]] = {}
    for m in re.finditer(r"(?<=\S) (\d{1,3}) (?=\S)", text):
        before, after = text[m.start() - 1], text[m.end()]
        if before.isdigit() or not (_is_cjk(before) or _is_cjk(after)) or after in "年月日号时":
            continue  # 2021 年 1 月 11 日: a date set with spaces, never a page number
        number = int(m.group(1))
        by_number.setdefault(number, []).append((m.start(1), m.end(), number, after in _MEASURE))
    starts = {n: [c[0] for c in cands] for n, cands in by_number.items()}
    pos, page = 0, 1
    while True:
        this = by_number.get(page, [])[bisect_left(starts.get(page, []), pos):]
        if not this:
            break
        following = starts.get(page + 1, [])
        k = bisect_right(following, this[0][0])
        nxt = following[k] if k < len(following) else len(text)
        # prefer one not followed by a measure word (不少于 1 个 is a quantity)
        pick = next((c for c in this if c[0] < nxt and not c[3]), this[0])
        drop.append((pick[0], pick[1]))
        pos, page = pick[1], page + 1
    if not drop:
        return text, orig
    parts: list[str] = []
    kept = array("i")
    pos = 0
    for start, end in sorted(drop):
        if start > pos:
            parts.append(text[pos:start])
            kept.extend(orig[pos:start])
        pos = max(pos, end)
    parts.append(text[pos:])
    kept.extend(orig[pos:])
    return "".join(parts), kept


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
    """Fold widths, Traditional characters to Simplified, drop page furniture, remove
    wrap spaces, tidy paragraph breaks.

    Memory stays a few bytes a character: strings are rewritten with C-level
    ``translate``/``re.sub``, the offset map is an integer array copied in slices."""
    text, orig = _fold(raw)
    simple = simplified(text)  # one character for one: the map stays as it is
    text = simple or text
    text, orig = _drop_page_numbers(text, orig)
    out_orig = array("i")
    breaks: set[int] = set()
    pos = removed = 0
    n = len(text)

    # Each run of spaces and line breaks becomes one line break, one space or nothing;
    # runs are maximal, so the character before one is always text that was kept.
    def run(m: re.Match[str]) -> str:
        nonlocal pos, removed
        start, end = m.span()
        out_orig.extend(orig[pos:start])
        pos = end
        spaces = m.group()
        length = start - removed  # of the output so far
        keep = ""
        if "\n" in spaces:
            if length:  # one line break; no blank lines, no edge spaces
                keep = "\n"
                out_orig.append(orig[start + spaces.index("\n")])
        elif length and end < n:
            if _is_cjk(text[start - 1]) or _is_cjk(text[end]):
                breaks.add(length)  # a wrapped line: remove, remember
            else:
                keep = " "
                out_orig.append(orig[start])
        removed += len(spaces) - len(keep)
        return keep

    out = re.sub(r"[ \n]+", run, text)
    out_orig.extend(orig[pos:])
    trailing = len(out) - len(out.rstrip("\n "))
    if trailing:
        out = out[:-trailing]
        del out_orig[len(out):]
    return NormText(out, out_orig, raw, {b for b in breaks if b < len(out)}, simple is not None)
