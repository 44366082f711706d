"""From a processed ``Doc`` to the :class:`~pingan_docs.models.Task` list.

A task is a section's own text (from its label to the next heading) that carries work:
at least one assignment, target or deadline — or, inside a 任务分工表, one table row.
Everything found is placed in the section (or row) whose text holds it, except tag
blocks that cover a parent section.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..data import load_list
from ..models import Deadline, Document, Target, Task, UnitRef
from ..normalize import NormText
from .assignment import SectionInfo
from .organs import canonical_name, kind_of
from .pipeline import run_pieces
from .tags import looks_like_tag


def _section_infos(document: Document, start: int, end: int) -> list[SectionInfo]:
    infos = []
    first = document.sections[0].span.start if document.sections else end
    if document.text[start:first].strip():
        infos.append(SectionInfo("", start, start, first, ""))
    for s in document.sections:
        title_start = s.span.start + len(s.label)
        infos.append(SectionInfo(s.path, s.span.start, title_start, s.span.end, s.title))
    body = [i for i, info in enumerate(infos) if info.path and not info.path.startswith("附件")]
    if body and "/" in infos[body[-1]].path:
        last = infos[body[-1]]
        closing = _document_closing(document.text, last.title_start, last.end)
        if closing is not None:
            tail = SectionInfo("", closing, closing, last.end, "")
            last.end = closing
            infos.insert(body[-1] + 1, tail)
    return infos


# 各地区、各有关部门要… right after the responsibility tag that closes the last item
_ADDRESSEES = re.compile(r"\)\s*(?=各(?:地区|地方|部门|有关部门|相关部门|单位|级|省|市|县|区)[^。]{0,40}?(?:要|应|必须))")


def _document_closing(text: str, start: int, end: int) -> int | None:
    """Where the document's own closing paragraph starts inside its last item: the
    genre closes with a paragraph addressed to everyone (各地区、各有关部门要…), and
    where the last item ends with its responsibility tag, what follows the tag belongs
    to the document (path ""), not to the item."""
    for m in _ADDRESSEES.finditer(text, start, end):
        open_at = text.rfind("(", start, m.start())
        if open_at >= 0 and looks_like_tag(text[open_at + 1:m.start()]):
            return m.end()
    return None


@lru_cache(maxsize=1)
def _history_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    return load_list("history_titles.txt"), load_list("title_verbs.txt")


def _reports(title: str) -> bool:
    """A top-level part that reports what was done (一、基本情况, 一、“十三五”时期取得的
    成就) sets no targets or deadlines: the numbers and dates in it are history."""
    words, verbs = _history_words()
    return len(title) <= 24 and not title.startswith(verbs) and any(w in title for w in words)


def extract_tasks(document: Document, norm: NormText, start: int, end: int) -> list[Task]:
    infos = _section_infos(document, start, end)
    if not infos:
        return []
    history = [(infos[i].start, _subtree_end(infos, i)) for i, info in enumerate(infos)
               if info.path and "/" not in info.path and _reports(info.title)]

    def reported(pos: int) -> bool:
        return any(a <= pos < b for a, b in history)
    doc = run_pieces(document.text, region=document.meta.region, issue_date=document.meta.issue_date,
                     title=document.meta.title, sections=infos)
    starts = [i.start for i in infos]

    def home(pos: int, path: str | None = None) -> int | None:
        idx = bisect.bisect_right(starts, pos) - 1
        if idx < 0 or pos >= infos[idx].end:
            return None
        while path is not None and idx >= 0 and infos[idx].path != path:
            idx -= 1  # a tag covering a parent section: the nearest such section before
        return idx if idx >= 0 else None

    rows = _table_rows(document.text)
    row_starts = [r[0] for r in rows]
    found: dict[tuple[int, int], dict[str, list]] = {}

    def task_key(idx: int, pos: int) -> tuple[int, int]:
        r = bisect.bisect_right(row_starts, pos) - 1
        return idx, rows[r][0] if r >= 0 and pos < rows[r][1] else -1

    def bucket(idx: int, pos: int) -> dict[str, list]:
        return found.setdefault(task_key(idx, pos), {"units": [], "targets": [], "deadlines": []})

    region = document.meta.region
    covering: set[int] = set()
    placed: set[tuple[tuple[int, int], str, str]] = set()  # (task, organ, role)
    for a in doc._.assignments:
        idx = home(a.start, a.scope)
        if idx is None:
            continue
        if a.scope is not None:
            covering.add(idx)
        pos = a.start if a.scope is None else infos[idx].start
        canonical = canonical_name(a.name, region, a.shared_prefix)
        seen = (task_key(idx, pos), canonical, a.role)
        if seen in placed:
            continue  # one organ once per task and role, whatever it is called
        placed.add(seen)
        bucket(idx, pos)["units"].append(UnitRef(
            name=a.name, canonical=canonical, role=a.role, kind=kind_of(a.name),
            span=norm.span(a.start, a.end), cue=a.cue))
    for t in doc._.targets:
        idx = home(t.start)
        if idx is not None and not reported(t.start):
            bucket(idx, t.start)["targets"].append(Target(
                indicator=t.indicator, comparator=t.comparator, value=t.value,
                value_max=t.value_max, unit=t.unit, text=document.text[t.start:t.end],
                span=norm.span(t.start, t.end)))
    for d in doc._.deadlines:
        idx = home(d.start)
        if idx is not None and not reported(d.start):
            bucket(idx, d.start)["deadlines"].append(Deadline(
                text=d.text, kind=d.kind, start=d.start_date, end=d.end_date,
                frequency=d.frequency, count=d.count, span=norm.span(d.start, d.end)))
    # ids follow the section ids (path-derived): t-二-一-3, a table row t-二-一-3-r2
    ids = iter(s.id[2:] for s in document.sections)
    anchors = [next(ids) if info.path else ("0" if i == 0 else "end") for i, info in enumerate(infos)]
    tasks = []
    row_number: dict[int, int] = {}
    for idx, row in sorted(found):
        info = infos[idx]
        start, end = (info.start, info.end) if row < 0 else rows[row_starts.index(row)]
        if row < 0 and idx in covering:  # a tag covers the whole section, items included
            end = _subtree_end(infos, idx)
        suffix = ""
        if row >= 0:
            row_number[idx] = row_number.get(idx, 0) + 1
            suffix = f"-r{row_number[idx]}"
        tasks.append(Task(
            id=f"{document.doc_id}#t-{anchors[idx]}{suffix}", path=info.path,
            text=document.text[start:end], span=norm.span(start, end), **found[(idx, row)]))
    return tasks


def _subtree_end(infos: list[SectionInfo], idx: int) -> int:
    """Where the section's subtree ends: at the next heading of its level or above."""
    depth = infos[idx].path.count("/")
    for later in infos[idx + 1:]:
        if later.path.count("/") <= depth:
            end = later.start
            break
    else:
        end = infos[-1].end
    return end


def _table_rows(text: str) -> list[tuple[int, int]]:
    """(start, end) of every table row (a tab-separated line) in the text."""
    rows, pos = [], 0
    for line in text.split("\n"):
        if "\t" in line:
            rows.append((pos, pos + len(line)))
        pos += len(line) + 1
    return rows
