"""The 任务分工台账 as a 督办 office keeps it: one row per task, sent out to the units,
filled in (进展情况, 完成情况, 备注) and sent back (:mod:`pingan_docs.progress` reads it).

The workbook is built to survive that trip: the hidden 任务编号 column carries the
task's stable id, so a returned sheet can be re-sorted or filtered; 完成情况 is a
dropdown; colours are conditional formats against ``TODAY()``, so the sheet stays right
on the day it is opened, not the day it was exported. Tasks whose only deadlines recur
(每月、每季度…) are 常态化 work and get their own sheet (their own CSV 类型).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import date
from typing import IO

from ..graph import DUE_SOON_DAYS, ROLES, PolicyGraph, TaskRef
from ..labels import deadline_text, target_text
from ..models import Progress
from ..site.render import slug

# (header, column width in characters); the last column is hidden
COLUMNS = [("序号", 5), ("文件", 16), ("章节", 9), ("重点任务", 20), ("具体要求", 50),
           ("牵头单位", 13), ("责任单位", 16), ("配合单位", 13), ("指导单位", 11), ("指标", 16),
           ("完成时限", 12), ("进展情况", 22), ("完成情况", 9), ("备注", 10), ("链接", 6),
           ("任务编号", 30)]
HEADER = [name for name, _ in COLUMNS]
ID_COLUMN = "任务编号"
FILL_IN = ("进展情况", "完成情况", "备注")  # what the units write; everything else is ours
PROGRESS_CHOICES = ("已完成", "正常推进", "滞后", "未启动")
SHEETS = ("任务分工台账", "常态化任务")
HEADER_ROW = 3  # under the merged title and subtitle rows
TYPE_COLUMN = "类型"  # CSV only: the sheet a row would sit on
EXCEL_CELL_LIMIT = 32767

_LABEL = re.compile(r"^\s*(?:[一二三四五六七八九十百]+[、.]|[(（][一二三四五六七八九十百]+[)）]|\d+[.、．]|"
                    r"[(（]\d+[)）]|第[一二三四五六七八九十百]+[章节条部分]+)\s*")


@dataclass
class LedgerRow:
    task_id: str
    doc: str
    path: str
    heading: str
    requirement: str
    units: dict[str, str]  # role -> 、-joined canonical names, each unit under one role only
    targets: str
    due: date | None
    due_text: str  # 完成时限 when there is no date (常态化: 每月1次)
    progress: Progress | None
    link: str
    recurring: bool


def is_recurring(task: TaskRef) -> bool:
    return bool(task.deadlines) and all(d.kind == "recurring" for d in task.deadlines)


def heading(task: TaskRef) -> str:
    """The task's 重点任务: its heading; for a 任务分工表 row (``…-r2``) its first cell
    after the 序号; for text before the first heading, its first clause."""
    if re.search(r"-r\d+$", task.id):
        cells = [c.strip() for c in task.text.split("\t") if c.strip()]
        first = next((c for c in cells if not c.isdigit()), task.text)
    elif task.section_title:
        return task.section_title
    else:
        first = re.split(r"[。；;\n]", _LABEL.sub("", task.text.replace("\t", " ")).strip(), maxsplit=1)[0]
    return first if len(first) <= 40 else first[:39] + "…"


def requirement(task: TaskRef) -> str:
    """The task's full text, without the heading line the 重点任务 column already shows."""
    text = task.text.replace("\t", " ").strip()
    body = _LABEL.sub("", text, count=1)
    if task.section_title and body.startswith(task.section_title):
        rest = body[len(task.section_title):].lstrip("。.:：;；/ \n")
        if rest:
            return rest
    return text


def exclusive_units(task: TaskRef) -> dict[str, str]:
    """Role → units, each unit under its first role only (牵头 before 责任 before 配合
    before 指导): a unit named lead and responsible in one task is its lead."""
    seen: set[str] = set()
    out: dict[str, str] = {}
    for role in ROLES:
        names = [u for u in dict.fromkeys(task.roles.get(role, [])) if u not in seen]
        seen.update(names)
        out[role] = "、".join(names)
    return out


def task_link(site_url: str, task: TaskRef) -> str:
    """Where the task's row sits on the site: ``documents/<slug>.html#t-…``."""
    anchor = task.id.split("#", 1)[1] if "#" in task.id else ""
    return f"{site_url}documents/{slug(task.doc_id)}.html" + (f"#{anchor}" if anchor else "")


def ledger_rows(graph: PolicyGraph, docs: list[str] | None = None, site_url: str = "site/") -> list[LedgerRow]:
    """One row per task, in document order."""
    rows = []
    for task in graph.tasks(docs=docs):
        due = graph.due_date(task)
        recurring = is_recurring(task)
        rows.append(LedgerRow(
            task_id=task.id, doc=task.doc_title or task.doc_id, path=task.path or "(前言)",
            heading=heading(task), requirement=requirement(task), units=exclusive_units(task),
            targets="；".join(target_text(t) for t in task.targets),
            due=due, due_text="；".join(dict.fromkeys(deadline_text(d) for d in task.deadlines))
            if due is None else "", progress=task.progress, link=task_link(site_url, task),
            recurring=recurring))
    return rows


def _values(row: LedgerRow, number: int) -> list[object]:
    p = row.progress or Progress()
    return [number, row.doc, row.path, row.heading, row.requirement,
            *(row.units[r] for r in ROLES), row.targets, row.due or row.due_text,
            p.report or "", p.status or "", p.remark or "", row.link, row.task_id]


def title_lines(graph: PolicyGraph, docs: list[str] | None, today: date) -> tuple[str, str]:
    """The merged title row (the plan's title) and the line under it (文号, 导出日期)."""
    chosen = [graph.summary(d) for d in docs] if docs else list(graph.summaries.values())
    chosen = list({d.doc_id: d for d in chosen}.values())
    exported = f"导出日期：{today.year}年{today.month}月{today.day}日"
    if len(chosen) == 1:
        meta = chosen[0].meta
        title = f"{meta.title or chosen[0].doc_id}任务分工台账"
        parts = [f"文号：{meta.doc_number}" if meta.doc_number else "",
                 f"发文单位：{meta.issuer}" if meta.issuer else "", exported]
        return title, "　　".join(p for p in parts if p)
    return "平安建设任务分工台账", f"共{len(chosen)}个文件　　{exported}"


def write_csv(graph: PolicyGraph, out: IO[bytes], docs: list[str] | None = None,
              site_url: str = "site/") -> None:
    """UTF-8 with BOM (so Excel reads it), one header; 类型 says 常态化 or not. Cells
    that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) get a ``'``."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow([TYPE_COLUMN, *HEADER])
    numbers = dict.fromkeys(SHEETS, 0)
    for row in ledger_rows(graph, docs, site_url):
        kind = "常态化" if row.recurring else ("限期" if row.due else "未定时限")
        sheet = SHEETS[row.recurring]
        numbers[sheet] += 1
        values = _values(row, numbers[sheet])
        writer.writerow([kind, *(_csv_cell(v) for v in values)])
    out.write(text.getvalue().encode("utf-8-sig"))


def _csv_cell(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def write_xlsx(graph: PolicyGraph, out: IO[bytes], docs: list[str] | None = None,
               site_url: str = "site/", today: date | None = None) -> None:
    from openpyxl import Workbook

    today = today or date.today()
    rows = ledger_rows(graph, docs, site_url)
    title, subtitle = title_lines(graph, docs, today)
    book = Workbook()
    sheets = [(book.active, SHEETS[0], [r for r in rows if not r.recurring]),
              (book.create_sheet(), SHEETS[1], [r for r in rows if r.recurring])]
    for sheet, name, data in sheets:
        sheet.title = name
        _fill_sheet(sheet, title if name == SHEETS[0] else title.replace("任务分工台账", "常态化任务台账"),
                    subtitle, data, dated=name == SHEETS[0])
    book.properties.creator = "pingan-docs"
    book.properties.title = title
    book.save(out)


def _row_height(values: list[object]) -> float:
    """Points for a row whose wrapped cells all show: spreadsheet programs size rows
    only when they edit them, so a generated sheet sets heights itself (a CJK character
    is about 1.8 width units; Excel caps a row at 409 points)."""
    most = 1
    for (_, width), value in zip(COLUMNS[:-1], values, strict=False):
        if isinstance(value, str) and value:
            lines = sum(max(1, math.ceil(sum(1.8 if ord(ch) > 0x2E7F else 1 for ch in para) / max(width - 1, 1)))
                        for para in value.split("\n"))
            most = max(most, lines)
    return min(409.0, 13.5 * most + 4)


def _fill_sheet(sheet, title: str, subtitle: str, data: list[LedgerRow], dated: bool) -> None:  # type: ignore[no-untyped-def]
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    font, bold = Font(name="宋体", size=10), Font(name="宋体", size=10, bold=True)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    col = {name: get_column_letter(i + 1) for i, name in enumerate(HEADER)}
    last_visible = get_column_letter(len(HEADER) - 1)
    first, last = HEADER_ROW + 1, HEADER_ROW + max(len(data), 1)

    for r, (text, size) in enumerate(((title, 16), (subtitle, 10)), start=1):
        sheet.merge_cells(f"A{r}:{last_visible}{r}")
        cell = sheet.cell(row=r, column=1, value=text)
        cell.font = Font(name="宋体", size=size, bold=r == 1)
        cell.alignment = Alignment(horizontal="center" if r == 1 else "right", vertical="center")
        cell.data_type = "s"
    sheet.row_dimensions[1].height = 30
    for i, (name, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=i, value=name)
        cell.font, cell.alignment, cell.border = bold, centre, border
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.column_dimensions[col[ID_COLUMN]].hidden = True

    for n, row in enumerate(data, start=1):
        r = HEADER_ROW + n
        for i, value in enumerate(_values(row, n), start=1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_CELL_LIMIT]
            cell = sheet.cell(row=r, column=i, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # document text is never a formula
            cell.font, cell.alignment, cell.border = font, wrap, border
        sheet[f"{col['序号']}{r}"].alignment = centre
        due = sheet[f"{col['完成时限']}{r}"]
        if row.due:
            due.number_format = 'yyyy"年"m"月"d"日"'
        sheet.row_dimensions[r].height = _row_height(_values(row, n))
        link = sheet[f"{col['链接']}{r}"]
        link.value, link.hyperlink = "查看", row.link
        link.font = Font(name="宋体", size=10, color="0563C1", underline="single")
    for row_cells in sheet.iter_rows(min_row=first, max_row=last, max_col=len(HEADER)):
        for cell in row_cells:  # an empty sheet still shows one bordered row to fill
            cell.border = border

    status, due_col = f"${col['完成情况']}{first}", f"${col['完成时限']}{first}"
    area = f"A{first}:{last_visible}{last}"
    fills = {c: PatternFill(start_color=c, end_color=c, fill_type="solid")
             for c in ("C6EFCE", "FFC7CE", "FFEB9C")}
    rules = [(f'{status}="已完成"', "C6EFCE")]
    if dated:  # red: overdue and not 已完成; yellow: due within 30 days
        rules += [(f'AND(ISNUMBER({due_col}),{due_col}<TODAY(),{status}<>"已完成")', "FFC7CE"),
                  (f'AND(ISNUMBER({due_col}),{due_col}>=TODAY(),{due_col}<=TODAY()+{DUE_SOON_DAYS},'
                   f'{status}<>"已完成")', "FFEB9C")]
    for formula, colour in rules:
        sheet.conditional_formatting.add(area, FormulaRule(formula=[formula], fill=fills[colour],
                                                           stopIfTrue=True))
    choices = DataValidation(type="list", formula1='"' + ",".join(PROGRESS_CHOICES) + '"', allow_blank=True,
                             showErrorMessage=True, errorTitle="完成情况",
                             error="请从下拉列表选择：" + "、".join(PROGRESS_CHOICES))
    sheet.add_data_validation(choices)
    choices.add(f"{col['完成情况']}{first}:{col['完成情况']}{last}")

    sheet.freeze_panes = f"A{first}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_visible}{last}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_area = f"A1:{last_visible}{last}"
    setup = sheet.page_setup
    setup.orientation, setup.paperSize = "landscape", sheet.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.oddFooter.center.font = "宋体"
