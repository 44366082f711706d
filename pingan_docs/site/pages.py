"""The site's pages as Markdown, generated from the graph.

One function per page kind; each returns ``{relative path: content}``. Text from the
documents only ever reaches a page through :mod:`.render` (escaped). Bulky pages
(tables, the graph) opt out of the search index in their front matter.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta

import networkx as nx

from ..graph import ROLE_ZH, ROLES, PolicyGraph, TaskRef
from ..models import Document, UnitRef
from .render import Mark, esc, highlight, html_table, html_text, inline, link, slug

Block = Callable[[str], str]  # where an HTML block goes: inline, or a Fragments marker

NO_SEARCH = "---\nsearch:\n  exclude: true\n---\n\n"
STATUS_ZH = {"overdue": "已逾期", "due_soon": "30日内到期", "upcoming": "未到期",
             "recurring": "周期性", "open": "无具体日期"}
FREQ_ZH = {"daily": "每日", "weekly": "每周", "monthly": "每月", "quarterly": "每季度",
           "half-yearly": "每半年", "yearly": "每年"}
KIND_ZH = {"organ": "机关单位", "collective": "集合单位", "generic": "泛指部门"}
CMP_ZH = {">=": "≥", "<=": "≤", "<": "<", ">": ">", "=": "=", "range": "区间",
          "increase": "提高", "decrease": "下降"}


def unit_href(canonical: str, depth: int = 1) -> str:
    """Link to a unit page from raw HTML (``use_directory_urls: false``)."""
    return "../" * depth + f"units/{slug(canonical)}.html"


def doc_href(doc_id: str, depth: int = 1) -> str:
    return "../" * depth + f"documents/{slug(doc_id)}.html"


def _doc_link(task: TaskRef, depth: int) -> str:
    return link(doc_href(task.doc_id, depth), task.doc_title or task.doc_id)


def _lead_resp(task: TaskRef) -> str:
    return "、".join(dict.fromkeys(u for r in ("lead", "responsible") for u in task.roles.get(r, [])))


def _value(t) -> str:  # type: ignore[no-untyped-def]
    v = f"{t.value:g}" + (f"–{t.value_max:g}" if t.value_max is not None else "")
    return f"{CMP_ZH.get(t.comparator, t.comparator)} {v}{t.unit or ''}"


def _deadline(d) -> str:  # type: ignore[no-untyped-def]
    if d.kind == "recurring":
        return FREQ_ZH.get(d.frequency or "", "周期") + (f" {d.count}次" if d.count else "")
    if d.kind == "period":
        return f"{d.start or '?'} 至 {d.end or '?'}"
    return d.end or "未给出日期"


def _summary(task: TaskRef, limit: int = 70) -> str:
    text = re.sub(r"\s+", " ", task.text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def home(graph: PolicyGraph, today: date, block: Block = inline) -> str:
    units = graph.units()
    tasks = graph.all_tasks()
    n_targets = sum(len(t.targets) for t in tasks)
    deadlines = graph.deadlines(today=today)
    lines = ["# 平安建设责任图谱", "",
             f"截至 {today.isoformat()}：**{len(graph.documents)}** 份文件，**{len(units)}** 个单位，"
             f"**{len(tasks)}** 项任务，**{n_targets}** 项量化指标，**{len(deadlines)}** 个时限。", "",
             "## 任务最多的单位", "",
             block(html_table(["单位", "地区", "牵头", "责任", "配合", "指导", "文件"],
                        [[link(unit_href(u.canonical, 0), u.canonical), html_text(u.region or ""),
                          *(str(u.tasks.get(r, 0)) for r in ROLES), str(u.documents)] for u in units[:15]]))]
    horizon = (today + timedelta(days=180)).isoformat()
    for status, title in (("overdue", "已逾期"), ("due_soon", "30日内到期"), ("upcoming", "半年内到期")):
        items = [d for d in deadlines if d.status == status
                 and (status != "upcoming" or (d.deadline.end or "") <= horizon)]
        lines += ["", f"## {title}（{len(items)}）", ""]
        if not items:
            lines.append("无。")
            continue
        lines.append(block(html_table(["时限", "文件", "章节", "责任单位"], [
            [html_text(_deadline(d.deadline)), _doc_link(d.task, 0), html_text(d.task.path),
             html_text(_lead_resp(d.task))] for d in items[:30]])))
        if len(items) > 30:
            lines.append(f"另有 {len(items) - 30} 项，见[时限](deadlines.md)。")
    lines += ["", "[全部文件](documents/index.md) · [全部单位](units/index.md) · [指标](targets.md) · "
              "[时限](deadlines.md) · [关系图](graph.md)", ""]
    return "\n".join(lines)


def documents_index(graph: PolicyGraph, block: Block = inline) -> str:
    docs = sorted(graph.documents.values(), key=lambda d: (d.meta.issue_date or "", d.doc_id))
    rows = [[link(f"{slug(d.doc_id)}.html", d.meta.title or d.doc_id), html_text(d.meta.issuer or ""),
             html_text(d.meta.issue_date or ""), html_text(d.meta.region or ""), str(len(d.sections)),
             str(len(d.tasks)), str(sum(len(t.targets) for t in d.tasks)),
             str(sum(len(t.deadlines) for t in d.tasks))] for d in docs]
    return NO_SEARCH + "# 文件\n\n" + block(html_table(
        ["标题", "发文机关", "成文日期", "地区", "章节", "任务", "指标", "时限"], rows))


def _marks(doc: Document, canonical: Callable[[UnitRef], str]) -> list[Mark]:
    marks = []
    for task in doc.tasks:
        for u in task.units:
            marks.append(Mark(u.span.start, u.span.end, "unit", f"pd-role-{u.role}", "",
                              unit_href(canonical(u))))
        for t in task.targets:
            marks.append(Mark(t.span.start, t.span.end, "target", "pd-cmp",
                              f"指标：{t.indicator} {_value(t)}"))
        for d in task.deadlines:
            marks.append(Mark(d.span.start, d.span.end, "deadline", f"pd-{d.kind}",
                              f"时限：{_deadline(d)}"))
    return marks


def document_page(doc: Document, source_name: str | None, canonical: Callable[[UnitRef], str],
                  block: Block = inline) -> str:
    """Metadata, the outline as headings, the text with its marks. With a Fragments
    ``block`` the text stays out of Markdown and the search index (large corpora:
    headings, metadata and unit pages remain searchable)."""
    m = doc.meta
    rows = [("标题", m.title), ("发文字号", m.doc_number), ("发文机关", m.issuer), ("成文日期", m.issue_date),
            ("地区", m.region), ("签发人", m.signer), ("主送机关", m.addressees), ("转发机关", m.forwarded_by)]
    lines = [f"# {esc(m.title or doc.doc_id)}", "", "| 项目 | 内容 |", "|---|---|"]
    lines += [f"| {k} | {esc(' '.join(v.split()))} |" for k, v in rows if v]
    if source_name:
        lines.append(f"| 原始文件 | [{esc(source_name)}](../sources/{slug(source_name)}) |")
    lines += ["", '<p class="pd-legend"><mark class="pd-unit pd-role-lead">牵头</mark> '
              '<mark class="pd-unit pd-role-responsible">责任</mark> '
              '<mark class="pd-unit pd-role-cooperate">配合</mark> '
              '<mark class="pd-unit pd-role-guide">指导</mark> '
              '<mark class="pd-target">指标</mark> <mark class="pd-deadline">时限</mark></p>', ""]
    marks = _marks(doc, canonical)
    div = '<div class="pd-text">'
    text = doc.text
    body_start = doc.preamble.end if doc.preamble else 0
    first = doc.sections[0].span.start if doc.sections else (doc.closing.start if doc.closing else len(text))
    if text[body_start:first].strip():
        lines += [block(div + highlight(text[body_start:first], body_start, marks) + "</div>"), ""]
    for s in doc.sections:
        level = min(s.level + 1, 6)
        head_end = s.span.start + len(s.label) + len(s.title)
        while head_end < s.span.end and text[head_end] in "。:\n ":
            head_end += 1  # the title's own full stop
        own = text[head_end:s.span.end]
        body = div + highlight(own, head_end, marks) + "</div>" if own.strip(" \n:。") else ""
        if block is inline:  # small corpus: headings feed the table of contents and search
            lines += [f"{'#' * level} {esc(s.label)}{esc(s.title)}", ""] + ([body, ""] if body else [])
        else:  # large corpus: the whole outline is one fragment, out of Markdown and search
            heading = f"<h{level}>{html_text(s.label + s.title)}</h{level}>"
            lines += [block(heading + body), ""]
    return "\n".join(lines) + "\n"


def units_index(graph: PolicyGraph, block: Block = inline) -> str:
    by_region: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for u in graph.units():
        by_region[u.region or "未注明地区"][u.kind].append(u)
    lines = [NO_SEARCH + "# 单位", ""]
    for region in sorted(by_region):
        lines += [f"## {esc(region)}", ""]
        for kind in ("organ", "collective", "generic"):
            items = by_region[region].get(kind)
            if items:
                lines += [block(f"<p><b>{KIND_ZH[kind]}</b>：" + "，".join(
                    link(f"{slug(u.canonical)}.html", u.canonical) + f"（{sum(u.tasks.values())}）"
                    for u in items) + "</p>"), ""]
    return "\n".join(lines)


def unit_page(graph: PolicyGraph, summary, co: nx.Graph, block: Block = inline) -> str:  # type: ignore[no-untyped-def]
    lines = [f"# {esc(summary.canonical)}", "",
             f"地区：{esc(summary.region or '未注明')}　类型：{KIND_ZH.get(summary.kind, '')}　"
             f"文中写作：{esc('、'.join(summary.names))}", ""]
    items = graph.tasks_for(summary.canonical)
    for role in ROLES:
        mine = [i for i in items if i.role == role]
        if not mine:
            continue
        lines += [f"## {ROLE_ZH[role]}（{len(mine)}）", "", block(html_table(
            ["文件", "章节", "任务", "指标", "时限"],
            [[_doc_link(i.task, 1), html_text(i.task.path), html_text(_summary(i.task)),
              html_text("；".join(x.indicator + " " + _value(x) for x in i.task.targets)),
              html_text("；".join(_deadline(d) for d in i.task.deadlines))] for i in mine]))]
    if summary.canonical in co:
        partners = sorted(co[summary.canonical].items(), key=lambda kv: (-kv[1]["weight"], kv[0]))[:20]
        lines += ["## 共同承担任务的单位", "", block("<p>" + "，".join(
            link(f"{slug(p)}.html", p) + f"（{w['weight']}）" for p, w in partners) + "</p>"), ""]
    return "\n".join(lines)


def _indicator_group(indicator: str) -> str:
    m = re.search(r"[\u4e00-\u9fff]{1,3}(率|度|感)$", indicator)
    return m.group() if m else indicator


def targets_page(graph: PolicyGraph, block: Block = inline) -> str:
    groups: dict[str, list] = defaultdict(list)
    for ref in graph.targets():
        groups[_indicator_group(ref.target.indicator)].append(ref)
    lines = [NO_SEARCH + "# 量化指标", "", "同一指标（如各地的“破案率”“满意度”）归在一起。", ""]
    for name in sorted(groups, key=lambda g: (-len(groups[g]), g)):
        rows = []
        for ref in groups[name]:
            t, task = ref.target, ref.task
            v = f"{t.value:g}" + (f"–{t.value_max:g}" if t.value_max is not None else "")
            rows.append([html_text(t.indicator), html_text(CMP_ZH.get(t.comparator, "")), v,
                         html_text(t.unit or ""), _doc_link(task, 0), html_text(task.path),
                         html_text(_lead_resp(task))])
        lines += [f"## {esc(name)}（{len(rows)}）", "",
                  block(html_table(["指标", "比较", "值", "单位", "文件", "章节", "责任单位"], rows))]
    return "\n".join(lines)


def deadlines_page(graph: PolicyGraph, today: date, block: Block = inline) -> str:
    refs = graph.deadlines(today=today)
    lines = [NO_SEARCH + "# 时限", "", f"状态按 {today.isoformat()} 计算。", "", "## 时间线", ""]
    by_year: dict[str, list] = defaultdict(list)
    for r in refs:
        if r.deadline.kind != "recurring":
            by_year[(r.deadline.end or "未定")[:4]].append(r)
    for year, items in by_year.items():
        entries = []
        for r in items:
            units = _lead_resp(r.task)
            entries.append(f'<li><span class="pd-status pd-{r.status}">{STATUS_ZH[r.status]}</span> '
                           f"<b>{html_text(_deadline(r.deadline))}</b> {_doc_link(r.task, 0)} "
                           f"{html_text(r.task.path)}：{html_text(_summary(r.task, 50))}"
                           + (f"（{html_text(units)}）" if units else "") + "</li>")
        lines += [f"### {esc(year)}", "", block('<ul class="pd-timeline">\n' + "\n".join(entries) + "\n</ul>"), ""]
    lines += ["## 周期性工作", "", block(html_table(["周期", "原文", "文件", "章节", "单位"], [
        [html_text(_deadline(r.deadline)), html_text(r.deadline.text), _doc_link(r.task, 0),
         html_text(r.task.path), html_text("、".join(dict.fromkeys(u for v in r.task.roles.values() for u in v)))]
        for r in refs if r.deadline.kind == "recurring"]))]
    return "\n".join(lines) + "\n"


def graph_data(graph: PolicyGraph) -> str:
    """The unit–task graph in a compact form (graph.js turns it into cytoscape.js
    elements), as a script that sets a global so it works from file:// too; ``</`` and
    line separators are escaped so no text can end the script."""
    units: dict[str, int] = {}
    tasks: list[list[str | int]] = []
    edges: list[list[int]] = []
    doc_index = {d: i for i, d in enumerate(graph.documents)}
    for task in graph.all_tasks():
        t = len(tasks)
        tasks.append([f"{task.path or '前言'} {_summary(task, 10)}", doc_index[task.doc_id]])
        for role, names in task.roles.items():
            for name in names:
                u = units.setdefault(name, len(units))
                edges.append([u, t, ROLES.index(role)])
    payload = json.dumps({"documents": [[d.doc_id, d.meta.title or d.doc_id] for d in graph.documents.values()],
                          "units": list(units), "tasks": tasks, "edges": edges, "roles": list(ROLES)},
                         ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return "window.PINGAN_GRAPH = " + payload + ";\n"


def graph_page() -> str:
    return NO_SEARCH + """# 关系图

单位与任务之间的责任关系。选择文件和角色筛选；点击单位节点打开其页面。

<div class="pd-graph-controls">
<label>文件 <select id="pd-doc"></select></label>
<label><input type="checkbox" value="lead" checked> 牵头</label>
<label><input type="checkbox" value="responsible" checked> 责任</label>
<label><input type="checkbox" value="cooperate" checked> 配合</label>
<label><input type="checkbox" value="guide" checked> 指导</label>
</div>
<div id="pd-graph"></div>
<script src="assets/vendor/cytoscape.min.js"></script>
<script src="assets/graph-data.js"></script>
<script src="assets/graph.js"></script>
"""
