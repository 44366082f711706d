"""The graph for Gephi and other tools: GraphML, GEXF, node-link JSON.

GraphML and GEXF accept only scalar attributes, so None becomes "" and lists/dicts
become JSON strings; the file then reads back with ``networkx.read_graphml``.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from ..graph import PolicyGraph


def _scalar(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (list, dict, tuple, set)):
        return json.dumps(list(value) if isinstance(value, set) else value, ensure_ascii=False)
    return value


def flat_graph(graph: PolicyGraph) -> nx.MultiDiGraph:
    flat = nx.MultiDiGraph()
    for node, attrs in graph.nx.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in attrs.items()})
    for a, b, key, attrs in graph.nx.edges(keys=True, data=True):
        flat.add_edge(a, b, key=key, **{k: _scalar(v) for k, v in attrs.items()})
    return flat


def write_graph(graph: PolicyGraph, path: Path, fmt: str) -> None:
    if fmt == "graphml":
        nx.write_graphml(flat_graph(graph), path)
    elif fmt == "gexf":
        nx.write_gexf(flat_graph(graph), path)
    elif fmt == "json":
        data = nx.node_link_data(graph.nx, edges="links")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n",
                        encoding="utf-8")
    else:
        raise ValueError(f"unknown graph format {fmt!r}")
