"""The graph for Gephi, yEd, Cytoscape and scripts: GraphML, GEXF, node-link JSON.

Tools read an attribute name as one column of one type, so each name keeps one type:
span offsets of sections are ``span_start``/``span_end`` (integers), dates of deadlines
``date_start``/``date_end`` (ISO strings; GEXF also reserves ``start``/``end`` for
time), a missing value is left out rather than written as ``""``, lists become JSON
text, and a name that still mixes types is written as text. Every node has a human
``label``: the unit's name, the task's heading, the document's title; an edge's kind is
``relation`` (GEXF reserves an edge's ``type`` for directed/undirected), its label
Chinese (牵头单位, 属于…).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import IO

import networkx as nx

from ..graph import PolicyGraph
from ..labels import ROLE_ZH, target_text
from .ledger import heading

_EDGE_ZH = {**{role: zh + "单位" for role, zh in ROLE_ZH.items()}, "part_of": "属于", "has_target": "指标",
            "due": "时限", "in_region": "所在地区"}
_RENAMED = {"section": {"start": "span_start", "end": "span_end"},
            "deadline": {"start": "date_start", "end": "date_end"}}


def _label(graph: PolicyGraph, node: str, attrs: dict) -> str:  # type: ignore[type-arg]
    kind = attrs.get("type")
    if kind == "document":
        return attrs.get("title") or attrs["doc_id"]
    if kind == "section":
        return f"{attrs['path']} {attrs.get('title') or ''}".strip()
    if kind == "task":
        return heading(graph.task(node))
    if kind == "unit":
        return attrs["canonical"]
    if kind == "region":
        return attrs["name"]
    if kind == "target":  # target:<task id>:<index>
        task_id, index = node.removeprefix("target:").rsplit(":", 1)
        return target_text(graph.task(task_id).targets[int(index)])
    if kind == "deadline":
        return attrs.get("text") or attrs.get("end") or "时限"
    return node


def export_graph(graph: PolicyGraph, scalar: bool = True) -> nx.MultiDiGraph:
    """A copy of the graph with labels and one type per attribute name; with
    ``scalar``, lists and dicts as JSON text (GraphML and GEXF hold only scalars)."""
    out = nx.MultiDiGraph()

    def clean(attrs: dict, renames: dict[str, str]) -> dict:  # type: ignore[type-arg]
        kept = {}
        for key, value in attrs.items():
            if value is None:
                continue
            if scalar and isinstance(value, (list, dict, tuple, set)):
                value = json.dumps(sorted(value) if isinstance(value, set) else value, ensure_ascii=False)
            kept[renames.get(key, key)] = value
        return kept

    for node, attrs in graph.nx.nodes(data=True):
        out.add_node(node, label=_label(graph, node, attrs), **clean(attrs, _RENAMED.get(attrs.get("type", ""), {})))
    for a, b, key, attrs in graph.nx.edges(keys=True, data=True):
        out.add_edge(a, b, key=key, label=_EDGE_ZH.get(key, key), **clean(attrs, {"type": "relation"}))
    if scalar:
        _one_type_per_name(out.nodes.values())
        _one_type_per_name(d for _, _, d in out.edges(data=True))
    return out


def _one_type_per_name(items) -> None:  # type: ignore[no-untyped-def]
    items = list(items)
    types: dict[str, set[type]] = defaultdict(set)
    for attrs in items:
        for key, value in attrs.items():
            types[key].add(type(value))
    mixed = {k for k, t in types.items() if len(t) > 1}
    for attrs in items:
        for key in mixed & attrs.keys():
            attrs[key] = str(attrs[key])


def write_graph(graph: PolicyGraph, out: IO[bytes], fmt: str) -> None:
    if fmt == "graphml":
        nx.write_graphml(export_graph(graph), out)
    elif fmt == "gexf":
        nx.write_gexf(export_graph(graph), out)
    elif fmt == "json":
        data = nx.node_link_data(export_graph(graph, scalar=False), edges="links")
        out.write((json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    else:
        raise ValueError(f"unknown graph format {fmt!r}")
