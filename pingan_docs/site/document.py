"""One document's page: metadata, the outline as headings, the text with its marks.

Every section heading carries ``Section.id`` (``s-二-一-3``) and every task an element
with the part of ``Task.id`` after ``#`` (``t-二-一-3``, a table row ``t-…-r2``, the intro
``t-0``), so unit pages, the home page, 时限, 指标, the graph and the ledger link to the
place itself. A heading's title ends at its first ``：``/``。`` (an item such as
``9、区文化广电局：要…`` is a heading ``9、区文化广电局`` and a body ``要…``), and every
unit, target and deadline is marked wherever it appears, headings included.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

import ahocorasick

from ..indicators import complete, normalise
from ..models import Document, Progress, Section, UnitRef
from .common import ROLE_ZH, deadline_text, progress_badge, target_value, unit_href
from .render import Mark, esc, highlight, html_text, inline, link

Block = Callable[[str], str]  # where an HTML block goes: inline, or a Fragments marker
Anchor = tuple[int, str, str]  # a task's start, its (empty) element with the task's id, the task id

TITLE_END = re.compile(r"[:：。]")
LONG_TITLE = 40  # a title this long with no ：/。 ends at its first comma
LONG_TITLE_END = re.compile(r"[,，;；]")
SKIP_AFTER_TITLE = "。:：,，;； \n"
# a unit mark's class: one short class per role (a large corpus has millions of marks)
ROLE_CSS = {"lead": "pd-l", "responsible": "pd-r", "cooperate": "pd-c", "guide": "pd-g", "mention": "pd-m"}
LEGEND = ('<p class="pd-legend" data-search-exclude>'
          + "".join(f'<span class="{ROLE_CSS[r]}">单位</span> ' for r in ROLE_ZH)
          + f'<span class="{ROLE_CSS["mention"]}">提及的单位</span> '
          '<mark class="pd-t">指标</mark> <mark class="pd-d">时限</mark>（悬停看详情）</p>')


def heading_parts(section: Section, text: str) -> tuple[int, int]:
    """Where a heading's title ends and its body starts, in document offsets."""
    start = section.span.start + len(section.label)
    title = section.title
    cut = TITLE_END.search(title)
    if cut is None and len(title) > LONG_TITLE:
        cut = LONG_TITLE_END.search(title)
    head_end = start + (cut.start() if cut else len(title))
    body = head_end
    while body < section.span.end and text[body] in SKIP_AFTER_TITLE:
        body += 1
    return head_end, body


def anchor_id(task_id: str) -> str:
    """The element id of a task on its document page: ``doc#t-二-一-3`` → ``t-二-一-3``."""
    return task_id.split("#", 1)[1]


def marks(doc: Document, canonical: Callable[[UnitRef], str]) -> list[Mark]:
    """Units (by role, linked to their pages), targets and deadlines of every task,
    then the other mentions of this document's unit names (no role: 提及). A unit's
    hover title (its canonical name and role) is added by ``assets/site.js`` from its
    link and class: a thousand-task page is a few kilobytes lighter per hundred marks."""
    out: list[Mark] = []
    names: dict[str, set[str]] = {}
    for task in doc.tasks:
        for u in task.units:
            name = canonical(u)
            names.setdefault(u.name, set()).add(name)
            out.append(Mark(u.span.start, u.span.end, ROLE_CSS[u.role], "", unit_href(name)))
        for t in task.targets:
            head = normalise(complete(doc.text, t.indicator, t.span.start))
            out.append(Mark(t.span.start, t.span.end, "pd-t", f"指标：{head} {target_value(t)}"))
        for d in task.deadlines:
            out.append(Mark(d.span.start, d.span.end, f"pd-d pd-{d.kind}", f"时限：{deadline_text(d)}"))
    return out + _mentions(doc.text, names, out)


def _mentions(text: str, names: dict[str, set[str]], taken: list[Mark]) -> list[Mark]:
    """Mentions of the document's unit names (three characters or more, one organ
    each) outside the spans already marked: longest match first."""
    automaton = ahocorasick.Automaton()
    for name, canon in names.items():
        if len(name) >= 3 and len(canon) == 1:
            automaton.add_word(name, (name, next(iter(canon))))
    if not len(automaton):
        return []
    automaton.make_automaton()
    busy = [0] * (len(text) + 1)  # characters already inside a mark
    for m in taken:
        busy[m.start:m.end] = [1] * (m.end - m.start)
    out = []
    for last, (name, canon) in automaton.iter_long(text):
        start, end = last - len(name) + 1, last + 1
        if not any(busy[start:end]):
            out.append(Mark(start, end, ROLE_CSS["mention"], "", unit_href(canon)))
    return out


def document_page(doc: Document, source: tuple[str, str] | None, canonical: Callable[[UnitRef], str],
                  progress: dict[str, Progress], block: Block = inline) -> str:
    """The page as Markdown. ``source`` is (link, file name) of the source copy. With a
    Fragments ``block`` the outline and text stay out of Markdown and the search index
    (large corpora: title, metadata and unit pages remain searchable)."""
    m = doc.meta
    rows = [("发文字号", m.doc_number), ("发文机关", m.issuer), ("成文日期", m.issue_date),
            ("地区", m.region), ("签发人", m.signer), ("主送机关", m.addressees), ("转发机关", m.forwarded_by)]
    meta = [f"<tr><th>{k}</th><td>{html_text(' '.join(v.split()))}</td></tr>" for k, v in rows if v]
    if source:
        meta.append(f"<tr><th>原始文件</th><td>{link(source[0], source[1])}</td></tr>")
    lines = [f"# {esc(m.title or doc.doc_id)}", "",
             '<table class="pd-meta">' + "".join(meta) + "</table>", "", LEGEND, ""]
    text = doc.text
    all_marks = sorted(marks(doc, canonical), key=lambda mk: mk.start)
    starts = [mk.start for mk in all_marks]
    anchors = sorted((t.span.start, f'<span id="{html_text(anchor_id(t.id))}"></span>', t.id) for t in doc.tasks)
    anchor_at = [a[0] for a in anchors]
    markdown = block is inline  # small corpus: headings feed the table of contents and search
    parts: list[str] = []

    def region(start: int, end: int) -> tuple[list[Mark], list[Anchor]]:
        found = all_marks[bisect_left(starts, start):bisect_left(starts, end)]
        return ([mk for mk in found if mk.end <= end],
                anchors[bisect_left(anchor_at, start):bisect_left(anchor_at, end)])

    body_start = doc.preamble.end if doc.preamble else 0
    first = doc.sections[0].span.start if doc.sections else (doc.closing.start if doc.closing else len(text))
    claimed: set[Anchor] = set()

    def text_html(start: int, end: int, css: str = "pd-text", attrs: str = "") -> str:
        """The text between two offsets with its marks and task anchors (each with its
        progress badge), as a block; empty if there is nothing to show."""
        found_marks, found_anchors = region(start, end)
        claimed.update(found_anchors)
        if not text[start:end].strip() and not found_anchors:
            return ""
        placed = [(a[0], a[1] + progress_badge(progress.get(a[2]))) for a in found_anchors]
        return f'<div class="{css}"{attrs}>{highlight(text[start:end], start, found_marks, placed)}</div>'

    intro = text_html(body_start, first, attrs=' id="s-0"')
    if intro:
        parts.append(intro)

    closing_done = doc.closing is None
    for s in doc.sections:
        if doc.closing and not closing_done and doc.closing.start <= s.span.start:
            parts.append(text_html(doc.closing.start, doc.closing.end, "pd-text pd-closing"))
            closing_done = True
        level = min(s.level + 1, 6)
        head_end, body = heading_parts(s, text)
        head_marks, head_anchors = region(s.span.start, body)
        claimed.update(head_anchors)
        # a heading's task anchors open it; their progress badges close it
        head_ids = "".join(a[1] for a in head_anchors)
        badges = "".join(progress_badge(progress.get(a[2])) for a in head_anchors)
        if markdown:
            title = highlight(text[s.span.start:head_end], s.span.start, head_marks, escape=esc)
            heading = f"{'#' * level} {head_ids}{title}{badges} {{#{s.id}}}"
        else:
            title = highlight(text[s.span.start:head_end], s.span.start, head_marks)
            heading = f'<h{level} id="{html_text(s.id)}">{head_ids}{title}{badges}</h{level}>'
        body_html = text_html(body, s.span.end)
        if markdown:
            parts += [heading, body_html] if body_html else [heading]
        else:
            parts.append(heading + body_html)
    if doc.closing and not closing_done:  # the foot (signature, date, 印发 line)
        parts.append(text_html(doc.closing.start, doc.closing.end, "pd-text pd-closing"))
    unplaced = "".join(a[1] for a in anchors if a not in claimed)
    if unplaced:  # a task starting in the document's head: its link lands at the text's start
        parts.insert(0, f"<div>{unplaced}</div>")
    parts = [p for p in parts if p]
    if markdown:
        lines += [p + "\n" for p in parts]
    else:
        lines.append(block("\n".join(parts)))
    return "\n".join(lines) + "\n"

