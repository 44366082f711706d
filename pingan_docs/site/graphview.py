"""The 关系图 page: its data (a compact script, so it also works from ``file://``) and
its controls. ``assets/graph.js`` draws it with cytoscape.js: unit–task per document,
or unit–unit (tasks shared, across all documents), filtered by document, region and
role, with a legend; a task opens its place in the document, a unit its page."""

from __future__ import annotations

import json

from ..graph import PolicyGraph, UnitSummary
from .common import KIND_ZH, ROLE_ZH, ROLES
from .document import anchor_id
from .render import slug

KINDS = tuple(KIND_ZH)


def graph_data(graph: PolicyGraph, summaries: list[UnitSummary]) -> str:
    """``window.PINGAN_GRAPH``: documents ``[slug, title, region]``, units ``[name, kind,
    region, page slug]``, tasks ``[path, document, anchor]``, edges ``[unit, task,
    role]`` (indexes into the lists). ``</`` and line separators are escaped so no text
    can end the script."""
    regions: dict[str, int] = {}
    documents = []
    doc_index = {}
    for i, d in enumerate(graph.summaries.values()):
        doc_index[d.doc_id] = i
        documents.append([slug(d.doc_id), d.meta.title or d.doc_id,
                          regions.setdefault(d.meta.region or "未注明地区", len(regions))])
    unit_index: dict[str, int] = {}
    units: list[list[str | int]] = []
    for u in summaries:
        unit_index[u.canonical] = len(units)
        units.append([u.canonical, KINDS.index(u.kind) if u.kind in KINDS else 0,
                      regions.setdefault(u.region or "未注明地区", len(regions)), slug(u.canonical)])
    tasks: list[list[str | int]] = []
    edges: list[list[int]] = []
    for task in graph.all_tasks():
        t = len(tasks)
        tasks.append([task.path or "前言", doc_index[task.doc_id], anchor_id(task.id)])
        for role, names in task.roles.items():
            edges.extend([unit_index[name], t, ROLES.index(role)] for name in names)
    payload = json.dumps({"documents": documents, "regions": list(regions), "units": units, "tasks": tasks,
                          "edges": edges, "roles": list(ROLES), "kinds": list(KINDS)},
                         ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return "window.PINGAN_GRAPH = " + payload + ";\n"


def graph_page() -> str:
    roles = "".join(f'<label><input type="checkbox" name="role" value="{r}" checked> '
                    f'<span class="pd-edge pd-edge-{r}"></span>{ROLE_ZH[r]}</label> ' for r in ROLES)
    kinds = "".join(f'<span class="pd-node pd-node-{k}"></span>{z} ' for k, z in KIND_ZH.items())
    return f"""---
search:
  exclude: true
---

# 关系图

<div class="pd-graph-controls">
<label>视图 <select id="pd-view"><option value="tasks">单位–任务（一份文件）</option>
<option value="units">单位协作（全部文件，共同承担的任务）</option></select></label>
<label class="pd-for-tasks">文件 <select id="pd-doc"></select></label>
<label>地区 <select id="pd-region"><option value="">全部</option></select></label>
<label class="pd-for-units">至少共同承担 <input id="pd-min" type="number" min="1" value="1"> 项</label>
</div>
<div class="pd-graph-controls">角色 {roles}</div>
<div class="pd-legend pd-graph-legend" id="pd-graph-legend">
<b>图例</b>　线（单位→任务或单位之间）：按角色着色且线型不同（牵头粗实线、责任实线、配合虚线、指导点线）；
节点：{kinds}<span class="pd-node pd-node-task"></span>任务　节点越大，任务越多；悬停显示名称，点击单位打开其页面，点击任务打开它在文件中的位置。
</div>
<p id="pd-graph-info" class="pd-graph-info"></p>
<div id="pd-graph"></div>
<script src="assets/vendor/cytoscape.min.js"></script>
<script src="assets/graph-data.js"></script>
<script src="assets/graph.js"></script>
"""
