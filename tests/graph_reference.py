"""The graph as it was computed before it had indexes, kept as the oracle the fast path
is compared with (tests/test_graph_index.py): every query a scan over full Documents and
an eagerly built networkx graph. Same models, same rules; only the mechanism differs."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import date

import networkx as nx

from pingan_docs.extract import document_key
from pingan_docs.graph import (
    _PROGRESS_FILTERS,
    _URGENT,
    ROLES,
    AmbiguousUnitError,
    DeadlineRef,
    PolicyGraph,
    StatusFilter,
    TargetRef,
    TaskRef,
    UnitSummary,
    UnitTask,
    UnknownDocumentError,
    UnknownUnitError,
    _aliases,
    _day,
    _short,
    pick_renderings,
)
from pingan_docs.models import Document, Progress, Role, Task, UnitRef


class ReferenceGraph:

    def __init__(self, documents: list[Document]) -> None:
        self.documents = {d.doc_id: d for d in pick_renderings(documents)}
        self.nx = nx.MultiDiGraph()
        self._tasks: dict[str, TaskRef] = {}
        self._by_surface: dict[str, set[str]] = defaultdict(set)
        self.aliases = _aliases()
        for doc in self.documents.values():
            self._add_document(doc)

    # -- building -------------------------------------------------------------------
    def canonical(self, unit: UnitRef) -> str:
        return self.aliases.get(unit.canonical, self.aliases.get(unit.name, unit.canonical))

    def _add_document(self, doc: Document) -> None:
        g = self.nx
        doc_node = f"doc:{doc.doc_id}"
        g.add_node(doc_node, type="document", doc_id=doc.doc_id, title=doc.meta.title,
                   issuer=doc.meta.issuer, issue_date=doc.meta.issue_date,
                   region=doc.meta.region, source=doc.source.path)
        if doc.meta.region:
            g.add_node(f"region:{doc.meta.region}", type="region", name=doc.meta.region)
            g.add_edge(doc_node, f"region:{doc.meta.region}", key="in_region", type="in_region")
        starts = []
        for s in doc.sections:
            node = f"sec:{doc.doc_id}:{s.id}"
            g.add_node(node, type="section", doc_id=doc.doc_id, path=s.path, title=s.title,
                       start=s.span.start, end=s.span.end)
            g.add_edge(node, doc_node, key="part_of", type="part_of")
            starts.append((s.span.start, s.span.end, s))
        for task in doc.tasks:
            section = next((s for a, b, s in starts if a <= task.span.start < b), None)
            self._add_task(doc, task, section)

    def _add_task(self, doc: Document, task: Task, section) -> None:  # type: ignore[no-untyped-def]
        g = self.nx
        node = f"task:{task.id}"
        parent = f"sec:{doc.doc_id}:{section.id}" if section else f"doc:{doc.doc_id}"
        g.add_node(node, type="task", doc_id=doc.doc_id, path=task.path, text=_short(task.text, 200))
        g.add_edge(node, parent, key="part_of", type="part_of")
        roles: dict[str, list[str]] = defaultdict(list)
        for unit in task.units:
            canonical = self.canonical(unit)
            unit_node = f"unit:{canonical}"
            if unit_node not in g:
                g.add_node(unit_node, type="unit", canonical=canonical, names=[], kind=unit.kind,
                           region=doc.meta.region)
                if doc.meta.region:
                    g.add_edge(unit_node, f"region:{doc.meta.region}", key="in_region", type="in_region")
            if unit.name not in g.nodes[unit_node]["names"]:
                g.nodes[unit_node]["names"].append(unit.name)
            self._by_surface[unit.name].add(unit_node)
            self._by_surface[canonical].add(unit_node)
            if not g.has_edge(unit_node, node, key=unit.role):
                g.add_edge(unit_node, node, key=unit.role, type=unit.role, cue=unit.cue,
                           surface=unit.name)
                roles[unit.role].append(canonical)
        for i, target in enumerate(task.targets):
            t_node = f"target:{task.id}:{i}"
            g.add_node(t_node, type="target", indicator=target.indicator,
                       comparator=target.comparator, value=target.value,
                       value_max=target.value_max, unit=target.unit)
            g.add_edge(node, t_node, key="has_target", type="has_target")
        for i, deadline in enumerate(task.deadlines):
            d_node = f"deadline:{task.id}:{i}"
            g.add_node(d_node, type="deadline", kind=deadline.kind, start=deadline.start,
                       end=deadline.end, frequency=deadline.frequency, text=deadline.text)
            g.add_edge(node, d_node, key="due", type="due")
        self._tasks[task.id] = TaskRef(
            id=task.id, doc_id=doc.doc_id, doc_title=doc.meta.title, region=doc.meta.region,
            path=task.path, section_title=section.title if section else None,
            text=task.text, span=task.span, roles=dict(roles), targets=task.targets,
            deadlines=task.deadlines)

    # -- queries ---------------------------------------------------------------------
    def resolve(self, name: str, region: str | None = None) -> str:
        if f"unit:{name}" in self.nx and not region:
            return f"unit:{name}"
        nodes = set(self._by_surface.get(name, set()))
        if not nodes:
            nodes = {n for n, a in self.nx.nodes(data=True)
                     if a.get("type") == "unit" and name in a["canonical"]}
        if region:
            nodes = {n for n in nodes if region in (self.nx.nodes[n].get("region") or "")
                     or region in self.nx.nodes[n]["canonical"]}
        if not nodes:
            raise UnknownUnitError(f"no unit named {name!r}" + (f" in {region}" if region else ""))
        if len(nodes) > 1:
            raise AmbiguousUnitError(name, sorted(self.nx.nodes[n]["canonical"] for n in nodes))
        return nodes.pop()

    def units(self, region: str | None = None, kind: str | None = None) -> list[UnitSummary]:
        out = []
        for node, attrs in self.nx.nodes(data=True):
            if attrs.get("type") != "unit":
                continue
            if (region and region not in (attrs.get("region") or "")) or (kind and attrs["kind"] != kind):
                continue
            counts: Counter[str] = Counter()
            docs = set()
            for _, task, role in self.nx.out_edges(node, keys=True):
                if role in ROLES:
                    counts[role] += 1
                    docs.add(self.nx.nodes[task]["doc_id"])
            out.append(UnitSummary(id=node, canonical=attrs["canonical"], names=attrs["names"],
                                   region=attrs.get("region"), kind=attrs["kind"],
                                   tasks=dict(counts), documents=len(docs)))
        return sorted(out, key=lambda u: (-sum(u.tasks.values()), u.canonical))

    def tasks_for(self, name: str, role: Role | None = None, region: str | None = None,
                  status: StatusFilter | None = None, today: date | str | None = None) -> list[UnitTask]:
        node = self.resolve(name, region)
        day = _day(today)
        out = []
        for _, task_node, key, data in self.nx.out_edges(node, keys=True, data=True):
            if key not in ROLES or (role is not None and key != role):
                continue
            task = self._tasks[task_node[5:]]
            if status is None or self.has_status(task, status, day):
                out.append(UnitTask(role=key, unit=self.nx.nodes[node]["canonical"],
                                    surface=data["surface"], task=task))
        return sorted(out, key=lambda t: (t.task.doc_id, t.task.span.start, ROLES.index(t.role)))

    def tasks(self, unit: str | None = None, region: str | None = None, role: Role | None = None,
              status: StatusFilter | None = None, today: date | str | None = None,
              docs: list[str] | None = None) -> list[TaskRef]:
        day = _day(today)
        if unit is not None:
            pool = list({t.task.id: t.task for t in self.tasks_for(unit, role=role, region=region)}.values())
        else:
            pool = [t for t in self._tasks.values()
                    if (region is None or region in (t.region or "")) and (role is None or t.roles.get(role))]
        if docs is not None:
            wanted = {self.document(d).doc_id for d in docs}
            pool = [t for t in pool if t.doc_id in wanted]
        if status is not None:
            pool = [t for t in pool if self.has_status(t, status, day)]
        return sorted(pool, key=lambda t: (t.doc_id, t.span.start))

    def document(self, doc: str) -> Document:
        if doc in self.documents:
            return self.documents[doc]
        found = [d for d in self.documents.values()
                 if document_key(d.doc_id) == document_key(doc) or (d.meta.doc_number and d.meta.doc_number == doc)]
        if len(found) > 1:
            raise UnknownDocumentError(f"{doc!r} names {len(found)} documents: "
                                       f"{', '.join(sorted(d.doc_id for d in found))}; use the id")
        if not found:
            known = ", ".join(sorted(document_key(d) for d in self.documents)[:5])
            raise UnknownDocumentError(f"no document {doc!r} (documents are named by id, e.g. {known}"
                                       f"{' …' if len(self.documents) > 5 else ''}, or by 发文字号)")
        return found[0]

    def units_for(self, task_id: str) -> dict[str, list[str]]:
        return self.task(task_id).roles

    def task(self, task_id: str) -> TaskRef:
        task_id = task_id.removeprefix("task:")
        if task_id not in self._tasks:
            raise KeyError(f"no task {task_id!r}")
        return self._tasks[task_id]

    def all_tasks(self) -> list[TaskRef]:
        return list(self._tasks.values())

    # The status rules themselves are the graph's (unchanged, and not what its indexes
    # replace); the oracle applies them by scanning.
    status = staticmethod(PolicyGraph.status)
    due_date = staticmethod(PolicyGraph.due_date)
    task_status = staticmethod(PolicyGraph.task_status)
    progress_status = staticmethod(PolicyGraph.progress_status)
    has_status = staticmethod(PolicyGraph.has_status)

    def deadlines(self, start: str | None = None, end: str | None = None,
                  status: StatusFilter | None = None, today: date | str | None = None,
                  unit: str | None = None, region: str | None = None, role: Role | None = None,
                  docs: list[str] | None = None) -> list[DeadlineRef]:
        day = _day(today)
        out = []
        for task in self.tasks(unit=unit, region=region, role=role, docs=docs):
            done = self.progress_status(task) == "done"
            for d in task.deadlines:
                st = self.status(d, day)
                if status in _PROGRESS_FILTERS:
                    if self.progress_status(task) != status:
                        continue
                elif status and (st != status or (done and st in _URGENT)):
                    continue
                if (start or end) and (not d.end or (start and d.end < start) or (end and d.end >= end)):
                    continue
                out.append(DeadlineRef(deadline=d, status=st, task=task))
        return sorted(out, key=lambda r: (r.deadline.end or "9999", r.task.doc_id, r.task.span.start))

    def attach_progress(self, progress: Mapping[str, Progress]) -> list[str]:
        unknown = []
        for task_id, reported in progress.items():
            if task_id in self._tasks:
                self._tasks[task_id].progress = reported
            else:
                unknown.append(task_id)
        return unknown

    def targets(self, indicator: str | None = None, unit: str | None = None, region: str | None = None,
                docs: list[str] | None = None) -> list[TargetRef]:
        out = [TargetRef(target=t, task=task) for task in self.tasks(unit=unit, region=region, docs=docs)
               for t in task.targets if indicator is None or indicator in t.indicator]
        return sorted(out, key=lambda r: (r.target.indicator, r.task.doc_id))

    def co_responsibility(self) -> nx.Graph:
        pairs: Counter[tuple[str, str]] = Counter()
        for task in self._tasks.values():
            units = sorted({u for names in task.roles.values() for u in names})
            for i, a in enumerate(units):
                for b in units[i + 1:]:
                    pairs[(a, b)] += 1
        graph = nx.Graph()
        for (a, b), weight in pairs.items():
            graph.add_edge(a, b, weight=weight)
        return graph

    def search(self, text: str, region: str | None = None, docs: list[str] | None = None) -> list[TaskRef]:
        words = text.split()
        return [t for t in self.tasks(region=region, docs=docs) if all(w in t.text for w in words)]
