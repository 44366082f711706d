"""Word's automatic list numbering, rendered as the labels it prints.

A heading numbered by Word (the paragraph says "list 3, level 0" and the numbering part
says level 0 is ``chineseCounting`` with text ``%1、``) has no ``一、`` in its text: without
the label the outline sees no heading and every task under it is lost. So the labels are
counted and printed here, paragraph by paragraph, as Word would: a counter per list and
level, deeper levels restarting when a shallower one advances.
"""

from __future__ import annotations

import re
from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_STEMS = "甲乙丙丁戊己庚辛壬癸"


def _val(element: Any, child: str) -> str | None:
    found = element.find(f"{_W}{child}")
    return None if found is None else found.get(f"{_W}val")


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(fmt: str, n: int) -> str:
    """``n`` in a Word number format (``w:numFmt``); an unknown format prints decimal."""
    if fmt.startswith("chineseCounting") or fmt in ("japaneseCounting", "taiwaneseCounting",
                                                   "ideographDigital", "chineseLegalSimplified"):
        import cn2an

        return str(cn2an.an2cn(n, "low"))
    if fmt == "ideographTraditional" and 1 <= n <= len(_STEMS):
        return _STEMS[n - 1]
    if fmt == "decimalEnclosedCircle" and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt in ("lowerLetter", "upperLetter"):
        return _letters(n).lower() if fmt == "lowerLetter" else _letters(n)
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).lower() if fmt == "lowerRoman" else _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class ListLabels:
    """The printed label of each numbered paragraph of one document, in document order."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> level -> (format, text, start)
        self.counts: dict[str, dict[int, int]] = {}
        self.styles: dict[str, tuple[str, int]] = {}  # style id -> (numId, level) a style numbers with
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstracts: dict[str, dict[int, tuple[str, str, int]]] = {}
        for abstract in root.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in abstract.findall(f"{_W}lvl"):
                start = _val(lvl, "start") or "1"
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    _val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "",
                    int(start) if start.isdigit() else 1)
            abstracts[abstract.get(f"{_W}abstractNumId", "")] = levels
        for num in root.findall(f"{_W}num"):
            levels = dict(abstracts.get(_val(num, "abstractNumId") or "", {}))
            for override in num.findall(f"{_W}lvlOverride"):  # a list that restarts elsewhere
                ilvl, restart = int(override.get(f"{_W}ilvl", "0")), _val(override, "startOverride")
                if ilvl in levels and restart and restart.isdigit():
                    levels[ilvl] = (*levels[ilvl][:2], int(restart))
            self.levels[num.get(f"{_W}numId", "")] = levels
        for style in document.styles.element.findall(f"{_W}style"):
            ppr = style.find(f"{_W}pPr")
            numpr = None if ppr is None else ppr.find(f"{_W}numPr")
            if numpr is not None:
                self.styles[style.get(f"{_W}styleId", "")] = (_val(numpr, "numId") or "",
                                                             int(_val(numpr, "ilvl") or 0))

    def label(self, paragraph: Any) -> str:
        """The label Word prints before ``paragraph`` (a ``w:p`` element), or ""."""
        if not self.levels:
            return ""
        ppr = paragraph.find(f"{_W}pPr")
        numpr = None if ppr is None else ppr.find(f"{_W}numPr")
        style = None if ppr is None else _val(ppr, "pStyle")
        num_id, ilvl = self.styles.get(style or "", ("", 0))
        if numpr is not None:
            num_id = _val(numpr, "numId") or num_id
            ilvl = int(_val(numpr, "ilvl") or ilvl)
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counts.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        fmt, text, _ = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            if k not in levels:
                return ""
            return format_number(levels[k][0], counts.get(k, levels[k][2]))

        return re.sub(r"%([1-9])", number, text)
