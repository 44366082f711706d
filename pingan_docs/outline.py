"""GB/T 9704 numbering (一、 > （一） > 1. > （1）, 第一章 or 第一部分/第一条, 附件) into a section tree.

Headings are found wherever they are — at a line start, or inline in a text that lost
its line breaks — so a label is never trusted on its own. A candidate is accepted only
where the numbering makes sense: the next sibling of an open level, the first child of
the heading just opened, the continuation of a count that runs across sections, or (at a
line start only) a repeated or skipped label. That one rule keeps out quantities
(``1000人以下``, ``2014年``), ``统一、规范`` and numbers in quotations, without a list of
exceptions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .data import load_list
from .models import Section
from .normalize import NormText, quote_mask
from .numerals import cn_int

_CN = "一二三四五六七八九十"
# an item that opens on its date (1.2009年底前,完成…), not on a year that names something (2021年度…)
_DATED = r"(?:19|20)\d{2}年(?:底|末|内|前|上半年|下半年|\d{1,2}月)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("zhang", re.compile(r"第([一二三四五六七八九十百零〇]{1,4})(?:章|部分)")),
    ("cn", re.compile(rf"(?<![{_CN}第])([{_CN}]{{1,3}})、")),
    ("cnp", re.compile(rf"\(([{_CN}]{{1,3}})\)")),
    # not a decimal (1.5), but an item may open on a year (1.2009年底前…)
    ("ar", re.compile(rf"(?<![\d.．/-])(\d{{1,2}}) ?[.、](?!(?!{_DATED})[\d%])")),
    ("arp", re.compile(r"\((\d{1,2})\)")),
    ("tiao", re.compile(r"第([一二三四五六七八九十百零〇]{1,4})条")),
]
_STRONG_BEFORE = set("。;:!?)”\n") | {"", " "}
_TITLE_END = set("。\n;!?")
_STANDARD_TITLES = load_list("section_titles.txt")


@dataclass
class _Cand:
    kind: str
    value: int
    start: int
    end: int  # end of the label
    line_start: bool
    strong: bool
    raw: str  # the number as printed (二, 十二, 3)


def label_path(kind: str, raw_number: str) -> str:
    """The label as FORMAT.md writes it in a path: 二, (一), 1, (1), 第一章."""
    if kind == "cn":
        return raw_number
    if kind == "cnp":
        return f"({raw_number})"
    if kind == "ar":
        return str(int(raw_number))
    if kind == "arp":
        return f"({int(raw_number)})"
    return raw_number


def _to_int(kind: str, number: str) -> int | None:
    """The label's number; None for a label no numbering writes (十十, 百百)."""
    if kind in ("ar", "arp"):
        return int(number)
    return cn_int(number.replace("〇", "零"))


# a chapter run into the title before it, its first article right after its own title
_FIRST_ARTICLE = re.compile(r"\s*[\u4e00-\u9fff]{1,10}?\s*第[一1]条")
_YEAR_AHEAD = re.compile(_DATED)
_LIST_ITEM = re.compile(r"\d{1,2}\s*[.、．]")
_ATTACHMENT_LIST = re.compile(r"(?:^|\n)[^\S\n]*附(?:件|表)[^\S\n]*[:：]")


def _attachment_lists(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """附件：1.… 2.… / 附表：1.… — the list of attachments that closes a text: its numbers
    are no headings. It runs over the label's line and the short lines after it that open
    with an item number (not 一、消防站点建设, the next part of a text that goes on)."""
    spans = []
    for m in _ATTACHMENT_LIST.finditer(text, start, end):
        line_end = text.find("\n", m.end(), end)
        pos = end if line_end < 0 else line_end + 1
        while pos < end:
            line_end = text.find("\n", pos, end)
            line_end = end if line_end < 0 else line_end
            line = text[pos:line_end].strip()
            if len(line) > 60 or line.endswith("。") or not _LIST_ITEM.match(line):
                break
            pos = line_end + 1
        spans.append((m.start(), min(pos, end)))
    return spans


def _candidates(norm: NormText, start: int, end: int) -> list[_Cand]:
    text = norm.text
    inside_quote = quote_mask(text, "“”《》")
    listed = _attachment_lists(text, start, end)
    found: dict[int, _Cand] = {}
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text, start, end):
            s = m.start()
            if inside_quote[s] or s in found or any(a <= s < b for a, b in listed):
                continue
            after = text[m.end(): m.end() + 1]
            label_end = m.end()
            if after == "、" and kind in ("cnp", "arp") and "\u4e00" <= text[m.end() + 1:m.end() + 2] <= "\u9fff":
                label_end += 1  # （一）、平安乡镇标准: a bracketed label with a 、 after it, as some offices type it
                after = text[label_end:label_end + 1]
            # ``1、2、3`` is a list of numbers, but ``一、1996年…`` is a heading on a year
            if not after or after in "\n,;。、)" or (after.isdigit() and kind == "ar"
                                                    and not _YEAR_AHEAD.match(text, label_end)):
                continue
            before = text[s - 1] if s > 0 else ""
            line_start = before in ("", "\n")
            strong = line_start or before in _STRONG_BEFORE or s in norm.breaks
            if kind == "zhang" and not strong:
                if not _FIRST_ARTICLE.match(text, m.end()):
                    continue  # 按照本方案第二部分的要求: a reference, not a heading
                strong = True  # …细则第一章 总则第一条: a chapter its first article confirms
            raw = m.group(1)
            number = _to_int(kind, raw)
            if number is None:
                continue
            found[s] = _Cand(kind, number, s, label_end, line_start, strong, raw)
    return [found[k] for k in sorted(found)]


@dataclass
class _Open:
    kind: str
    value: int
    start: int


def _select(cands: list[_Cand], text: str) -> list[tuple[_Cand, int]]:
    """Walk the candidates in order, keeping those the numbering supports.

    Returns (candidate, depth) pairs; depth 1 is the top level.
    """
    stack: list[_Open] = []
    last_seen: dict[str, int] = {}
    accepted: list[tuple[_Cand, int]] = []
    prev_end = -1

    def in_title(pos: int) -> bool:
        if not stack:
            return False
        top = stack[-1]
        segment = text[top.start:pos]
        return not any(ch in _TITLE_END for ch in segment) and pos - top.start <= 60

    for i, c in enumerate(cands):
        if c.start < prev_end:
            continue
        depth_of = {o.kind: d for d, o in enumerate(stack)}
        choice: int | None = None  # depth index in stack to replace, or len(stack) to push
        if c.kind in depth_of:
            d = depth_of[c.kind]
            u = stack[d].value
            repeat_or_skip = c.value in (u, u + 2) and (
                c.line_start or _next_confirms(cands, i, text, c.kind))
            if c.value == u + 1 or repeat_or_skip:
                choice = d
        else:
            first = c.value == 1
            continuing = c.value > 1 and last_seen.get(c.kind) == c.value - 1
            if (first or continuing) and (c.strong or in_title(c.start)):
                choice = len(stack)
            elif first and not stack and c.kind in ("cn", "zhang") and c.strong:
                choice = 0
            elif not accepted and c.kind == "cn" and c.line_start and (
                    _next_line_label(cands, i) == c.value + 1 or text.startswith(_STANDARD_TITLES, c.end)
                    or _first_child_follows(cands, i)):
                choice = 0  # an excerpt that opens at 五、: its next label, name or first child says so
        if choice is None:
            continue
        del stack[choice:]
        stack.append(_Open(c.kind, c.value, c.start))
        last_seen[c.kind] = c.value
        accepted.append((c, len(stack)))
        prev_end = c.end
    return accepted


def _first_child_follows(cands: list[_Cand], i: int) -> bool:
    """The next label opens a line and a new level at its first number: 三、… then （一）."""
    nxt = cands[i + 1] if i + 1 < len(cands) else None
    return nxt is not None and nxt.kind != cands[i].kind and nxt.value == 1 and nxt.line_start \
        and nxt.start - cands[i].end <= 60


def _next_line_label(cands: list[_Cand], i: int) -> int | None:
    """The number of the next label of the same kind that opens a line."""
    return next((n.value for n in cands[i + 1:] if n.kind == cands[i].kind and n.line_start), None)


def _next_confirms(cands: list[_Cand], i: int, text: str, kind: str) -> bool:
    """A repeated or skipped label mid-line counts if a first/continuing child of a
    lower level follows within a short title's distance."""
    for nxt in cands[i + 1: i + 4]:
        if nxt.start - cands[i].end > 40:
            return False
        if nxt.kind != kind and any(ch in _TITLE_END for ch in text[cands[i].end:nxt.start]):
            return False
        if nxt.kind != kind:
            return True
    return False


def _title(norm: NormText, label_end: int, limit: int, line_start: bool) -> str:
    text = norm.text
    i = label_end
    while i < limit and text[i] not in _TITLE_END and (i == label_end or i not in norm.breaks):
        i += 1
    title = text[label_end:i].strip(" :")
    if len(title) == 1 and line_start:  # 第一章 总　　则: a short title spaced out, one line
        line_end = text.find("\n", i, limit)
        line_end = limit if line_end < 0 else line_end
        if line_end - label_end <= 12:
            title = text[label_end:line_end].strip(" :")
    # An inline top-level heading that runs straight into its body: cut after a standard
    # section name (一、指导思想认真贯彻…).
    if len(title) > 25 and not line_start:
        for name in _STANDARD_TITLES:
            if title.startswith(name):
                return name
    return title


def _trimmed_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over trailing spaces and line breaks (not before ``start``)."""
    while end > start and text[end - 1] in "\n ":
        end -= 1
    return end


def build_outline(norm: NormText, start: int, end: int) -> list[Section]:
    """Sections of ``norm.text[start:end]`` in order, each with its own text and span
    (from its label to the next heading of any level)."""
    text = norm.text
    chosen = _select(_candidates(norm, start, end), text)
    sections: list[Section] = []
    path_stack: list[str] = []
    for n, (c, depth) in enumerate(chosen):
        next_start = chosen[n + 1][0].start if n + 1 < len(chosen) else end
        label = text[c.start:c.end] if c.kind in ("zhang", "tiao") else label_path(c.kind, c.raw)
        del path_stack[depth - 1:]
        path_stack.append(label)
        body_end = _trimmed_end(text, c.start, next_start)
        sections.append(Section(
            id="",  # set by with_anchors once the whole outline is known
            path="/".join(path_stack),
            level=depth,
            label=text[c.start:c.end],
            title=_title(norm, c.end, body_end, c.line_start),
            text=text[c.start:body_end],
            span=norm.span(c.start, body_end),
        ))
    return sections


def clip_outline(sections: list[Section], norm: NormText, start: int, end: int) -> list[Section]:
    """Sections of a whole-text outline restricted to ``[start, end)`` — the body — so the
    outline need not be built twice; the last section loses the closing block."""
    out = []
    for s in sections:
        if s.span.start < start or s.span.start >= end:
            continue
        if s.span.end > end:
            stop = _trimmed_end(norm.text, s.span.start, end)
            s = s.model_copy(update={"text": norm.text[s.span.start:stop],
                                     "span": norm.span(s.span.start, stop)})
        out.append(s)
    return out


_FILE_NAME = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|ofd|zip|rar)\s*$", re.IGNORECASE)
_ATTACHMENT = re.compile(r"^(附件\s*(\d*))\s*[:：]?\s*(?=\n|[\u4e00-\u9fff])", re.MULTILINE)


def attachment_sections(norm: NormText, start: int) -> list[Section]:
    """Attachments printed after the signature (``附件1`` + title + own outline): a
    section ``附件1`` for each, with its headings under it (``附件1/一``)."""
    text = norm.text
    found = list(_ATTACHMENT.finditer(text, start))
    sections: list[Section] = []
    for i, m in enumerate(found):
        end = found[i + 1].start(1) if i + 1 < len(found) else len(text)
        label = "附件" + (m.group(2) or "")
        title_start = m.end()
        while title_start < end and text[title_start] in "\n :：":
            title_start += 1
        title_end = text.find("\n", title_start, end)
        title_end = end if title_end < 0 else title_end
        if _FILE_NAME.search(text[title_start:title_end]):
            continue  # a linked file (附件1.docx) whose content is not in the text
        inner = build_outline(norm, title_end, end)
        body_end = _trimmed_end(text, m.start(1), inner[0].span.start if inner else end)
        sections.append(Section(
            id="", path=label, level=1, label=text[m.start(1):m.end(1)],
            title=text[title_start:title_end].strip(),
            text=text[m.start(1):body_end], span=norm.span(m.start(1), body_end)))
        for sec in inner:
            sections.append(sec.model_copy(update={"path": f"{label}/{sec.path}",
                                                   "level": sec.level + 1}))
    return sections


def path_anchor(path: str) -> str:
    """A readable fragment id for a section path: ``二/(一)/3`` → ``二-一-3``; the text
    before the first heading (path ``""``) is ``0``. Derived from the numbering, not from
    the position, so links and progress records survive a re-extraction that finds one
    more or one fewer heading elsewhere."""
    return "-".join(label.strip("()") for label in path.split("/")) if path else "0"


def with_anchors(sections: list[Section]) -> list[Section]:
    """Give every section its id ``s-<path anchor>``; a path printed twice by mistake
    (two ``(五)`` under one parent) gets ``_2``, ``_3`` on its later occurrences."""
    seen: dict[str, int] = {}
    out = []
    for s in sections:
        anchor = path_anchor(s.path)
        seen[anchor] = seen.get(anchor, 0) + 1
        suffix = f"_{seen[anchor]}" if seen[anchor] > 1 else ""
        out.append(s.model_copy(update={"id": f"s-{anchor}{suffix}"}))
    return out
