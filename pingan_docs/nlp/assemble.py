"""From a processed ``Doc`` to the :class:`~pingan_docs.models.Task` list.

A task is a section's own text (from its label to the next heading) that carries work:
at least one assignment, target or deadline. Everything found is placed in the section
whose own text holds it, except tag blocks that cover a parent section.
"""

from __future__ import annotations

import bisect

from ..models import Deadline, Document, Target, Task, UnitRef
from ..normalize import NormText
from .pipeline import run
from .roles import SectionInfo
from .units import canonical_name


def _section_infos(document: Document, start: int, end: int) -> list[SectionInfo]:
    infos = []
    first = document.sections[0].span.start if document.sections else end
    if document.text[start:first].strip():
        infos.append(SectionInfo("", start, start, first, ""))
    for s in document.sections:
        title_start = s.span.start + len(s.label)
        infos.append(SectionInfo(s.path, s.span.start, title_start, s.span.end, s.title))
    return infos


def extract_tasks(document: Document, norm: NormText, start: int, end: int) -> list[Task]:
    infos = _section_infos(document, start, end)
    if not infos:
        return []
    doc = run(document.text, region=document.meta.region, issue_date=document.meta.issue_date,
              sections=infos)
    starts = [i.start for i in infos]

    def home(pos: int, path: str | None = None) -> int | None:
        idx = bisect.bisect_right(starts, pos) - 1
        if idx < 0 or pos >= infos[idx].end:
            return None
        if path is not None and infos[idx].path != path:
            while idx >= 0 and infos[idx].path != path:
                idx -= 1
        return idx if idx >= 0 else None

    found: dict[int, dict[str, list]] = {}

    def bucket(idx: int) -> dict[str, list]:
        return found.setdefault(idx, {"units": [], "targets": [], "deadlines": []})

    region = document.meta.region
    for a in doc._.assignments:
        idx = home(a.start, a.scope)
        if idx is None:
            continue
        units = bucket(idx)["units"]
        if any(u.name == a.name and u.role == a.role for u in units):
            continue
        units.append(UnitRef(name=a.name, canonical=canonical_name(a.name, region), role=a.role,
                             kind=a.kind, span=norm.span(a.start, a.end), cue=a.cue))
    for t in doc._.targets:
        idx = home(t.start)
        if idx is not None:
            bucket(idx)["targets"].append(Target(
                indicator=t.indicator, comparator=t.comparator, value=t.value,
                value_max=t.value_max, unit=t.unit, text=document.text[t.start:t.end],
                span=norm.span(t.start, t.end)))
    for d in doc._.deadlines:
        idx = home(d.start)
        if idx is not None:
            bucket(idx)["deadlines"].append(Deadline(
                text=d.text, kind=d.kind, start=d.start_date, end=d.end_date,
                frequency=d.frequency, count=d.count, span=norm.span(d.start, d.end)))
    tasks = []
    for idx in sorted(found):
        info = infos[idx]
        content = found[idx]
        tasks.append(Task(
            id=f"{document.doc_id}#t{idx:03d}", path=info.path,
            text=document.text[info.start:info.end], span=norm.span(info.start, info.end),
            **content))
    return tasks
