"""The 任务分工台账 as 督办 offices keep it: one row per task.

Columns: 序号, 文件, 章节, 任务, 牵头单位, 责任单位, 配合单位, 指导单位, 指标, 完成时限, 状态.
Overdue rows are red and rows due within 30 days yellow; tasks whose only deadlines are
recurring go to their own sheet (常态化任务), apart from one-off deadlines.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from ..graph import ROLES, PolicyGraph, TaskRef

HEADER = ["序号", "文件", "章节", "任务", "牵头单位", "责任单位", "配合单位", "指导单位",
          "指标", "完成时限", "状态"]
STATUS_ZH = {"overdue": "逾期", "due_soon": "30日内到期", "upcoming": "未到期",
             "recurring": "周期性", "open": "无明确时限"}
_FREQ_ZH = {"daily": "每日", "weekly": "每周", "monthly": "每月", "quarterly": "每季度",
            "half-yearly": "每半年", "yearly": "每年"}
_CMP_ZH = {">=": "≥", "<=": "≤", "<": "<", ">": ">", "=": "", "increase": "提高", "decrease": "下降"}


def _task_summary(task: TaskRef) -> str:
    text = re.sub(r"^\s*(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[.、]|\(\d+\))", "",
                  task.text.split("\n")[0]).replace("\t", " ")
    first = re.split(r"(?<=。)", text, maxsplit=1)[0]
    return first if len(first) <= 60 else first[:59] + "…"


def _targets(task: TaskRef) -> str:
    parts = []
    for t in task.targets:
        value = f"{t.value:g}" + (f"-{t.value_max:g}" if t.value_max is not None else "")
        parts.append(f"{t.indicator}{_CMP_ZH.get(t.comparator, t.comparator)}{value}{t.unit or ''}")
    return "；".join(parts)


def _deadline_text(task: TaskRef) -> str:
    parts = []
    for d in task.deadlines:
        if d.kind == "recurring":
            parts.append(_FREQ_ZH.get(d.frequency or "", "") + (f"{d.count}次" if d.count else ""))
        elif d.kind == "period":
            parts.append(f"{d.start or '?'}至{d.end or '?'}")
        else:
            parts.append(d.end or d.text)
    return "；".join(p for p in parts if p)


def task_status(task: TaskRef, today: date) -> str:
    """The most urgent status among the task's deadlines."""
    order = ["overdue", "due_soon", "upcoming", "recurring", "open"]
    statuses = [PolicyGraph.status(d, today) for d in task.deadlines] or ["open"]
    return min(statuses, key=order.index)


def is_recurring(task: TaskRef) -> bool:
    return bool(task.deadlines) and all(d.kind == "recurring" for d in task.deadlines)


def rows(graph: PolicyGraph, today: date) -> tuple[list[list[str]], list[list[str]], list[str]]:
    """(one-off rows, recurring rows, status key per one-off row)."""
    one_off: list[list[str]] = []
    recurring: list[list[str]] = []
    statuses: list[str] = []
    for task in sorted(graph.all_tasks(), key=lambda t: (t.doc_id, t.span.start)):
        status = task_status(task, today)
        units = {role: "、".join(dict.fromkeys(task.roles.get(role, []))) for role in ROLES}
        row = [task.doc_title or task.doc_id, task.path or "(前言)", _task_summary(task),
               units["lead"], units["responsible"], units["cooperate"], units["guide"],
               _targets(task), _deadline_text(task), STATUS_ZH[status]]
        if is_recurring(task):
            recurring.append([str(len(recurring) + 1), *row])
        else:
            one_off.append([str(len(one_off) + 1), *row])
            statuses.append(status)
    return one_off, recurring, statuses


def write_csv(graph: PolicyGraph, path: Path, today: date) -> None:
    one_off, recurring, _ = rows(graph, today)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel reads UTF-8
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(one_off)
        writer.writerows(recurring)


def write_xlsx(graph: PolicyGraph, path: Path, today: date) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    one_off, recurring, statuses = rows(graph, today)
    fills = {"overdue": PatternFill("solid", fgColor="F4B6B6"),
             "due_soon": PatternFill("solid", fgColor="FFF2A8")}
    widths = [6, 28, 12, 48, 20, 36, 20, 16, 40, 22, 12]
    book = Workbook()
    sheets = [(book.active, "任务分工台账", one_off, statuses),
              (book.create_sheet(), "常态化任务", recurring, [])]
    for sheet, title, data, row_status in sheets:
        sheet.title = title
        sheet.append(HEADER)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for i, row in enumerate(data):
            sheet.append(row)
            fill = fills.get(row_status[i]) if i < len(row_status) else None
            for cell in sheet[sheet.max_row]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if fill:
                    cell.fill = fill
        for col, width in zip("ABCDEFGHIJK", widths, strict=True):
            sheet.column_dimensions[col].width = width
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    book.save(path)
