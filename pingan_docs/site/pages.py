"""The site's pages as Markdown, generated from the graph.

One function per page kind; each returns the page's Markdown. Text from the documents
only ever reaches a page through :mod:`.render` (escaped). Tables and lists are HTML
``block``\\s, kept out of the Markdown and spliced into the page as MkDocs writes it.
Index, table and graph pages opt out of the search index in their front matter; unit
pages of organs are boosted above collectives and generic categories.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

import networkx as nx

from ..graph import DeadlineRef, PolicyGraph, TaskRef, UnitSummary
from ..indicators import complete, normalise
from ..models import Progress
from .common import (
    KIND_ZH,
    ROLE_ZH,
    ROLES,
    STATUS_ZH,
    deadline_text,
    doc_href,
    doc_link,
    has_progress,
    lead_responsible,
    place,
    place_link,
    progress_badge,
    target_value,
    task_link,
    task_name,
    unit_href,
)
from .render import esc, html_table, html_text, inline, link, slug

__all__ = ["doc_href", "slug"]  # issue 9's ledger links to documents/<slug(doc_id)>.html#t-…

Block = Callable[[str], str]  # where an HTML block goes: inline, or a Fragments marker
T = TypeVar("T")

NO_SEARCH = "---\nsearch:\n  exclude: true\n---\n\n"
# Material's search.boost per unit kind: an organ's page above a collective's or a
# category's when both match (公安局 → 呼和浩特市公安局 before 公安)
SEARCH_BOOST = {"organ": 4.0, "collective": 0.5, "generic": 0.5}
HISTORICAL_DAYS = 365
# A list longer than this is searched or filtered, not read: beyond it a unit's tasks
# (per role) and an indicator's targets are summed up, newest documents shown first.
ROWS_SHOWN = 200
NO_REGION = "未注明地区"
PROGRESS_COLUMNS = ("已完成", "正常推进", "滞后", "未启动")


@dataclass
class Corpus:
    """What the pages read, asked of the graph once: its queries build a model per
    answer, and a 2,000-document site would ask them for every page."""

    graph: PolicyGraph
    today: date
    units: list[UnitSummary]
    tasks: list[TaskRef]
    deadlines: list[DeadlineRef]  # with their status on ``today``
    by_unit: dict[str, list[tuple[str, TaskRef]]]  # canonical name -> (role, task)
    progress: bool  # whether any progress was reported (the 进展 columns appear only then)

    @classmethod
    def of(cls, graph: PolicyGraph, today: date) -> Corpus:
        tasks = graph.all_tasks()
        by_unit: dict[str, list[tuple[str, TaskRef]]] = defaultdict(list)
        for t in tasks:
            for role in ROLES:
                for name in t.roles.get(role, []):
                    by_unit[name].append((role, t))
        return cls(graph, today, list(graph.units()), tasks, list(graph.deadlines(today=today)), dict(by_unit),
                   has_progress(tasks))


def _kind(kind: str) -> str:
    return f'<span class="pd-kind pd-kind-{kind}">{KIND_ZH.get(kind, kind)}</span>'


def _units_table(units: list[UnitSummary], depth: int, block: Block) -> str:
    return block(html_table(
        ["单位", "地区", "类型", *(ROLE_ZH[r] for r in ROLES), "文件"],
        [[link(unit_href(u.canonical, depth), u.canonical), html_text(u.region or NO_REGION), _kind(u.kind),
          *(str(u.tasks.get(r, 0)) for r in ROLES), str(u.documents)] for u in units], "units"))


def _deadlines_table(items: Iterable[DeadlineRef], depth: int, progress: bool) -> str:
    return html_table(
        ["时限", "任务", "文件", "牵头/责任单位"] + (["进展"] if progress else []),
        [[html_text(deadline_text(d.deadline)), task_link(d.task, depth), doc_link(d.task, depth),
          html_text(lead_responsible(d.task))] + ([progress_badge(d.task.progress)] if progress else [])
         for d in items], "deadlines")


def home(corpus: Corpus, block: Block = inline) -> str:
    graph, today, units, tasks, deadlines = corpus.graph, corpus.today, corpus.units, corpus.tasks, corpus.deadlines
    n_targets = sum(len(t.targets) for t in tasks)
    dates = sorted(d.meta.issue_date for d in graph.summaries.values() if d.meta.issue_date)
    lines = ["# 平安建设责任图谱", "",
             f'<p class="pd-asof">状态截至 <b>{today.isoformat()}</b>：<b>{len(graph.summaries)}</b> 份文件，'
             f"<b>{len(units)}</b> 个单位，<b>{len(tasks)}</b> 项任务，<b>{n_targets}</b> 项量化指标，"
             f"<b>{len(deadlines)}</b> 个时限。</p>", ""]
    if dates and date.fromisoformat(dates[-1]) < today - timedelta(days=HISTORICAL_DAYS):
        lines += ['!!! note "这些文件成文于 ' + f'{dates[0][:4]}–{dates[-1][:4]} 年"', "",
                  f"    “已逾期”“30日内到期”按 {today.isoformat()} 计算，所以往年的时限大多显示为已逾期。"
                  "要按当年的情况查看，用 `pingan-docs site --today YYYY-MM-DD` 指定参照日期重新生成。", ""]
    organs = [u for u in units if u.kind == "organ"]
    others = [u for u in units if u.kind != "organ"]
    lines += ["## 任务最多的机关单位", "", _units_table(organs[:15], 0, block), ""]
    if others:
        lines += [block('<p class="pd-others">集合单位与泛指部门（如“各区县人民政府”“派出所”）另列：'
                        + "，".join(link(unit_href(u.canonical, 0), u.canonical) + f"（{sum(u.tasks.values())}）"
                                   for u in others[:12]) + "</p>"), ""]
    horizon = (today + timedelta(days=180)).isoformat()
    for status, title in (("overdue", "已逾期"), ("due_soon", "30日内到期"), ("upcoming", "半年内到期")):
        items = [d for d in deadlines if d.status == status
                 and (status != "upcoming" or (d.deadline.end or "") <= horizon)]
        if status == "overdue":
            items.sort(key=lambda d: d.deadline.end or "", reverse=True)  # the most recent first
        lines += ["", f"## {title}（{len(items)}）", ""]
        if not items:
            lines.append("无。")
            continue
        lines.append(block(_deadlines_table(items[:30], 0, corpus.progress)))
        if len(items) > 30:
            lines.append(f"另有 {len(items) - 30} 项，见[时限](deadlines.md)。")
    lines += ["", "[全部文件](documents/index.md) · [全部单位](units/index.md) · [指标](targets.md) · "
              "[时限](deadlines.md) · [督办](supervision.md) · [关系图](graph.md)", ""]
    return "\n".join(lines)


def documents_index(corpus: Corpus, block: Block = inline) -> str:
    docs = sorted(corpus.graph.summaries.values(), key=lambda d: (d.meta.issue_date or "", d.doc_id))
    done: Counter[str] = Counter()
    reported: Counter[str] = Counter()
    for t in corpus.tasks:
        if t.progress and t.progress.status:
            reported[t.doc_id] += 1
            done[t.doc_id] += t.progress.status == "已完成"
    rows = [[link(f"{slug(d.doc_id)}.html", d.meta.title or d.doc_id), html_text(d.meta.issuer or ""),
             html_text(d.meta.issue_date or ""), html_text(d.meta.region or NO_REGION), str(len(d.sections)),
             str(len(d.tasks)), str(sum(len(t.targets) for t in d.tasks)),
             str(sum(len(t.deadlines) for t in d.tasks)),
             f"{done[d.doc_id]}/{len(d.tasks)}" if reported[d.doc_id] else ""] for d in docs]
    if not reported:
        rows = [row[:-1] for row in rows]
    return NO_SEARCH + "# 文件\n\n点击表头排序。\n\n" + block(html_table(
        ["标题", "发文机关", "成文日期", "地区", "章节", "任务", "指标", "时限"] + (["已完成"] if reported else []),
        rows, "documents"))


def units_index(corpus: Corpus, block: Block = inline) -> str:
    units = sorted(corpus.units, key=lambda u: (u.region or "~", -sum(u.tasks.values()), u.canonical))
    regions = sorted({u.region or NO_REGION for u in units})
    options = "".join(f'<option>{html_text(r)}</option>' for r in regions)
    kinds = "".join(f"<option>{z}</option>" for z in KIND_ZH.values())
    rows = [[link(f"{slug(u.canonical)}.html", u.canonical), html_text(u.region or NO_REGION), _kind(u.kind),
             *(str(u.tasks.get(r, 0)) for r in ROLES), str(sum(u.tasks.values())), str(u.documents)]
            for u in units]
    table = html_table(["单位", "地区", "类型", *(ROLE_ZH[r] for r in ROLES), "合计", "文件"], rows, "units",
                       attrs=' id="pd-units"')
    return NO_SEARCH + "# 单位\n\n" + (
        '<div class="pd-filters" data-table="pd-units">'
        f'<label>地区 <select data-col="1"><option value="">全部</option>{options}</select></label> '
        f'<label>类型 <select data-col="2"><option value="">全部</option>{kinds}</select></label> '
        '<label>名称 <input type="search" data-col="0" placeholder="如 公安局"></label> '
        '<span class="pd-count"></span></div>\n\n') + block(table)


def unit_page(corpus: Corpus, u: UnitSummary, co: nx.Graph, block: Block = inline) -> str:
    graph = corpus.graph
    items = corpus.by_unit.get(u.canonical, [])
    total = len({t.id for _, t in items})
    counts = "，".join(f"{ROLE_ZH[r]} {u.tasks[r]}" for r in ROLES if u.tasks.get(r))
    statuses: Counter[str] = Counter(t.progress.status for _, t in items if t.progress and t.progress.status)
    names = [n for n in u.names if n != u.canonical]
    lines = [f"---\nsearch:\n  boost: {SEARCH_BOOST.get(u.kind, 1.0)}\n---\n",
             f"# {esc(u.canonical)}", "",
             f'<p class="pd-facts">{_kind(u.kind)} 地区：{html_text(u.region or "未注明")}　'
             + (f"文中写作：{html_text('、'.join(names))}　" if names else "")
             + f"{total} 项任务（{counts}），{u.documents} 份文件"
             + ("　进展：" + "，".join(f"{s} {statuses[s]}" for s in PROGRESS_COLUMNS if statuses[s])
                if statuses else "") + "</p>", ""]
    progress = bool(statuses)
    for role in ROLES:
        mine = _newest_first(graph, (t for r, t in items if r == role), lambda t: t)
        if not mine:
            continue
        lines += [f"## {ROLE_ZH[role]}（{len(mine)}） {{#{role}}}", "", block(html_table(
            ["文件 · 章节", "任务", "指标", "时限"] + (["进展"] if progress else []),
            [[place_link(t, 1), html_text(task_name(t, 24)), html_text("；".join(target_value(x) for x in t.targets)),
              html_text("；".join(deadline_text(d) for d in t.deadlines))]
             + ([progress_badge(t.progress)] if progress else []) for t in mine[:ROWS_SHOWN]], "tasks"))]
        if len(mine) > ROWS_SHOWN:
            rest = Counter(t.doc_id for t in mine[ROWS_SHOWN:])
            lines += ["", block(f'<p class="pd-more">另有 {len(mine) - ROWS_SHOWN} 项，在 {len(rest)} 份较早的文件中：'
                                + "，".join(link(doc_href(d, 1), graph.summaries[d].meta.title or d) + f"（{n}）"
                                           for d, n in rest.items()) + "</p>"), ""]
    if u.canonical in co:
        partners = sorted(co[u.canonical].items(), key=lambda kv: (-kv[1]["weight"], kv[0]))[:20]
        lines += ["## 共同承担任务的单位", "", block("<p>" + "，".join(
            link(f"{slug(p)}.html", p) + f"（{w['weight']}）" for p, w in partners) + "</p>"), ""]
    return "\n".join(lines)


def targets_page(corpus: Corpus, block: Block = inline) -> str:
    """Targets grouped by their normalised indicator (:mod:`pingan_docs.indicators`):
    an overview of the groups, then one sortable table per group with two or more
    targets, and the single ones together."""
    graph = corpus.graph
    groups: dict[str, list[tuple[str, TaskRef, str]]] = defaultdict(list)
    for task in corpus.tasks:
        text = graph.documents[task.doc_id].text
        for target in task.targets:
            full = complete(text, target.indicator, target.span.start)
            groups[normalise(full)].append((full, task, target_value(target)))
    order = sorted(groups, key=lambda g: (-len(groups[g]), g))
    shared = [g for g in order if len(groups[g]) > 1]
    single = [g for g in order if len(groups[g]) == 1]
    lines = [NO_SEARCH + "# 量化指标", "",
             f"{sum(len(v) for v in groups.values())} 项指标按中心词归为 {len(groups)} 类："
             "“严重暴力犯罪案件破案率”和“杀人案件的破案率”都归入“破案率”，各地同一指标放在一起比较。"
             "点击表头排序。", ""]
    overview = [[link(f"#i-{slug(g)}", g), str(len(groups[g])),
                 str(len({t.doc_id for _, t, _ in groups[g]})),
                 html_text("、".join(sorted({t.region or "" for _, t, _ in groups[g]} - {""})))] for g in shared]
    if overview:
        lines += [block(html_table(["指标", "项数", "文件", "地区"], overview, "counts")), ""]
    headers = ["原文指标", "要求", "文件 · 章节", "牵头/责任单位"]

    def rows(keys: list[str], with_group: bool) -> list[list[str]]:
        return [([html_text(g)] if with_group else []) +
                [html_text(full), html_text(value), place_link(task, 0), html_text(lead_responsible(task, 3))]
                for g in keys
                for full, task, value in _newest_first(graph, groups[g], lambda x: x[1])[:ROWS_SHOWN]]

    for g in shared:
        values = Counter(value for _, _, value in groups[g])
        lines += [f"## {esc(g)}（{len(groups[g])}） {{#i-{slug(g)}}}", "",
                  f'<p class="pd-values">要求：{html_text("，".join(f"{v}（{n}）" for v, n in values.most_common(8)))}'
                  + ("等" if len(values) > 8 else "") + "</p>", "",
                  block(html_table(headers, rows([g], False), "targets")), ""]
        if len(groups[g]) > ROWS_SHOWN:
            lines += [f"另有 {len(groups[g]) - ROWS_SHOWN} 项（较早的文件），在各文件页上标出。", ""]
    if single:
        lines += [f"## 其他指标（{len(single)}） {{#i-other}}", "",
                  block(html_table(["归类", *headers], rows(single, True), "targets-other")), ""]
    return "\n".join(lines)


def _newest_first(graph: PolicyGraph, items: Iterable[T], task: Callable[[T], TaskRef]) -> list[T]:
    """The items by their task: the newest document first, then the task's place in it."""
    keyed = [(task(x), x) for x in items]
    keyed.sort(key=lambda kx: (kx[0].doc_id, kx[0].span.start))
    keyed.sort(key=lambda kx: graph.summaries[kx[0].doc_id].meta.issue_date or "", reverse=True)
    return [x for _, x in keyed]


def deadlines_page(corpus: Corpus, block: Block = inline) -> str:
    refs, today = corpus.deadlines, corpus.today
    lines = [NO_SEARCH + "# 时限", "", f'<p class="pd-asof">状态按 <b>{today.isoformat()}</b> 计算。</p>', "",
             "## 时间线", ""]
    by_year: dict[str, list[DeadlineRef]] = defaultdict(list)
    for r in refs:
        if r.deadline.kind != "recurring":
            by_year[(r.deadline.end or "未定")[:4]].append(r)
    for year, items in by_year.items():
        entries = []
        for r in items:
            units = lead_responsible(r.task)
            entries.append(f'<li><span class="pd-status pd-{r.status}">{STATUS_ZH[r.status]}</span> '
                           f"<b>{html_text(deadline_text(r.deadline))}</b> "
                           f"{task_link(r.task, 0, 50)} {progress_badge(r.task.progress)}"
                           f"<small>{html_text(place(r.task))}" + (f"　{html_text(units)}" if units else "")
                           + "</small></li>")
        lines += [f"### {esc(year)}（{len(items)}） {{#y-{slug(year)}}}", "",
                  block('<ul class="pd-timeline">\n' + "\n".join(entries) + "\n</ul>"), ""]
    lines += ["## 周期性工作", "", block(html_table(["周期", "原文", "任务", "文件", "单位"], [
        [html_text(deadline_text(r.deadline)), html_text(r.deadline.text), task_link(r.task, 0),
         doc_link(r.task, 0), html_text("、".join(dict.fromkeys(u for v in r.task.roles.values() for u in v)))]
        for r in refs if r.deadline.kind == "recurring"], "recurring"))]
    return "\n".join(lines) + "\n"


def supervision_page(corpus: Corpus, block: Block = inline) -> str:
    """督办: per unit and per plan, how many tasks are done, on track, late, not started,
    unreported, and overdue (a due date passed and not reported done)."""
    graph, today, tasks = corpus.graph, corpus.today, corpus.tasks
    overdue = {d.task.id for d in corpus.deadlines if d.status == "overdue"}

    def status(t: TaskRef) -> str:
        return t.progress.status if t.progress and t.progress.status else "未报送"

    def late(t: TaskRef) -> bool:
        return t.id in overdue and status(t) != "已完成"

    per_unit = {name: list({t.id: t for _, t in items}.values()) for name, items in corpus.by_unit.items()}
    headers = ["任务", *PROGRESS_COLUMNS, "未报送", "逾期未完成"]

    def counts(items: list[TaskRef]) -> list[str]:
        c = Counter(status(t) for t in items)
        return [str(len(items)), *(str(c[s]) for s in (*PROGRESS_COLUMNS, "未报送")), str(sum(map(late, items)))]

    def urgency(items: list[TaskRef]) -> tuple[int, int, int]:
        return (-sum(map(late, items)), -sum(status(t) == "滞后" for t in items), -len(items))

    reported = sum(status(t) != "未报送" for t in tasks)
    lines = [NO_SEARCH + "# 督办", "",
             f'<p class="pd-asof">状态截至 <b>{today.isoformat()}</b>：{len(tasks)} 项任务，'
             f"{reported} 项已报送进展，{len({t.id for t in tasks if late(t)})} 项逾期未完成。</p>", ""]
    if not reported:
        lines += ["尚未导入进展报送：回收的任务分工台账导入后，这里按单位、按文件统计已完成、滞后和逾期的任务。"
                  "下表暂按时限统计逾期。", ""]
    units = sorted(per_unit, key=lambda n: (urgency(per_unit[n]), n))
    lines += ["## 按单位", "", block(html_table(
        ["单位", *headers], [[link(unit_href(n, 0), n), *counts(per_unit[n])] for n in units], "counts")), ""]
    per_doc: dict[str, list[TaskRef]] = defaultdict(list)
    for t in tasks:
        per_doc[t.doc_id].append(t)
    docs = sorted(per_doc, key=lambda d: (urgency(per_doc[d]), d))
    lines += ["## 按文件", "", block(html_table(
        ["文件", *headers],
        [[link(doc_href(d, 0), graph.summaries[d].meta.title or d), *counts(per_doc[d])] for d in docs],
        "counts")), ""]
    attention = [t for t in tasks if late(t) or status(t) == "滞后"]
    if attention:
        lines += [f"## 需要督办的任务（{len(attention)}）", "", block(html_table(
            ["时限", "任务", "文件 · 章节", "牵头/责任单位", "进展"],
            [[html_text("；".join(deadline_text(d) for d in t.deadlines)), task_link(t, 0), place_link(t, 0),
              html_text(lead_responsible(t)), progress_badge(t.progress)] for t in attention[:500]],
            "deadlines")), ""]
    return "\n".join(lines)


def progress_of(corpus: Corpus) -> dict[str, Progress]:
    """Task id → progress, for the document pages' badges."""
    return {t.id: t.progress for t in corpus.tasks if t.progress is not None}

