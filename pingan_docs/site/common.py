"""Links and wordings every page shares: where a unit, document or task lives, how a
value, deadline or progress report reads."""

from __future__ import annotations

import re

from ..graph import ROLE_ZH, ROLES, TaskRef
from ..models import Deadline, Progress, Target
from .render import html_text, link, slug

__all__ = ["ROLES", "ROLE_ZH"]

STATUS_ZH = {"overdue": "已逾期", "due_soon": "30日内到期", "upcoming": "未到期",
             "recurring": "周期性", "open": "无具体日期"}
FREQ_ZH = {"daily": "每日", "weekly": "每周", "monthly": "每月", "quarterly": "每季度",
           "half-yearly": "每半年", "yearly": "每年"}
KIND_ZH = {"organ": "机关单位", "collective": "集合单位", "generic": "泛指部门"}
CMP_ZH = {">=": "≥", "<=": "≤", "<": "<", ">": ">", "=": "=", "range": "",
          "increase": "提高", "decrease": "下降"}
PROGRESS_CSS = {"已完成": "done", "正常推进": "ontrack", "滞后": "late", "未启动": "notstarted"}


def unit_href(canonical: str, depth: int = 1) -> str:
    """Link to a unit page from raw HTML (``use_directory_urls: false``)."""
    return "../" * depth + f"units/{slug(canonical)}.html"


def doc_href(doc_id: str, depth: int = 1) -> str:
    """Link to a document page; a task's place is ``doc_href(...) + "#" + anchor``."""
    return "../" * depth + f"documents/{slug(doc_id)}.html"


def task_href(task_id: str, depth: int = 1) -> str:
    """Link to a task's place on its document page (``doc#t-二-一-3``)."""
    doc_id, anchor = task_id.split("#", 1)
    return doc_href(doc_id, depth) + "#" + anchor


def doc_link(task: TaskRef, depth: int) -> str:
    return link(doc_href(task.doc_id, depth), task.doc_title or task.doc_id)


def task_link(task: TaskRef, depth: int, limit: int = 40) -> str:
    """The task's summary, linked to its place in the document."""
    return link(task_href(task.id, depth), task_name(task, limit))


def place(task: TaskRef) -> str:
    """``document title · 二/(一)/3``."""
    return f"{task.doc_title or task.doc_id} · {task.path or '前言'}"


def place_link(task: TaskRef, depth: int) -> str:
    """The task's place, linked to it in the document."""
    return link(task_href(task.id, depth), place(task))


def lead_responsible(task: TaskRef, limit: int = 4) -> str:
    names = list(dict.fromkeys(u for r in ("lead", "responsible") for u in task.roles.get(r, [])))
    return "、".join(names[:limit]) + (f" 等{len(names)}个单位" if len(names) > limit else "")


def has_progress(tasks: list[TaskRef]) -> bool:
    """Whether any progress was reported: the 进展 columns appear only then."""
    return any(t.progress is not None and t.progress.status for t in tasks)


def target_value(t: Target) -> str:
    v = f"{t.value:g}" + (f"–{t.value_max:g}" if t.value_max is not None else "")
    cmp = CMP_ZH.get(t.comparator, t.comparator)
    return f"{cmp} {v}{t.unit or ''}".strip()


def deadline_text(d: Deadline) -> str:
    if d.kind == "recurring":
        return FREQ_ZH.get(d.frequency or "", "周期") + (f" {d.count}次" if d.count else "")
    if d.kind == "period":
        return f"{d.start or '?'} 至 {d.end or '?'}"
    return d.end or "未给出日期"


_LABEL = re.compile(r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节条部分]|[一二三四五六七八九十百]+[、.．]"
                    r"|[(（][一二三四五六七八九十百\d]+[)）]|\d+[、.．)）])\s*")


def task_name(task: TaskRef, limit: int = 30) -> str:
    """What the task is, in a few words: its text without the heading's number."""
    return summary(_LABEL.sub("", task.text[: limit * 3], count=1), limit)


def summary(text: str, limit: int = 70) -> str:
    text = re.sub(r"\s+", " ", text[: limit * 2]).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def progress_badge(progress: Progress | None) -> str:
    """A status badge (text, not colour alone) with the report as its hover title."""
    if progress is None or progress.status is None:
        return ""
    tip = "；".join(x for x in (progress.report, progress.remark and f"备注：{progress.remark}",
                                 progress.updated and f"更新：{progress.updated}") if x)
    title = f' title="{html_text(tip)}"' if tip else ""
    return f'<span class="pd-badge pd-p-{PROGRESS_CSS[progress.status]}"{title}>{progress.status}</span>'
