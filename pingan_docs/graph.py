"""The knowledge graph over ``extracted/`` and the query API users ask it through.

Nodes are documents, sections, tasks, units, targets, deadlines and regions; edges are
typed (``lead``/``responsible``/``cooperate``/``guide`` from a unit to a task, ``part_of``
task→section→document, ``has_target``, ``due``, ``in_region``). A unit node is one real
organ: mentions merge only when their canonical names (with jurisdiction) are equal, or
when ``data/unit_aliases.txt`` says two names are one organ. Node ids are built from
document ids, section ids and canonical names, so they are stable across runs.

When one document was extracted from several renderings (``000_….pdf`` and
``000_….txt``), the graph keeps one of them (by ``FORMAT_PREFERENCE``) so its tasks are
not counted twice.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import networkx as nx
from pydantic import BaseModel, ValidationError

from .data import load_list
from .extract import document_key
from .labels import PROGRESS_KEYS
from .labels import ROLE_ZH as ROLE_ZH  # re-exported: the site imports it from here
from .models import Deadline, Document, Progress, Role, Span, Target, Task, UnitRef

FORMAT_PREFERENCE = ("pdf", "docx", "html", "txt")
ROLES: tuple[Role, ...] = ("lead", "responsible", "cooperate", "guide")
Status = Literal["overdue", "due_soon", "upcoming", "recurring", "open"]
ProgressStatusKey = Literal["done", "on_track", "late", "not_started", "unreported"]
StatusFilter = Literal["overdue", "due_soon", "upcoming", "recurring", "open",
                       "done", "on_track", "late", "not_started", "unreported"]
DUE_SOON_DAYS = 30


class AmbiguousUnitError(LookupError):
    """A surface name such as 市公安局 names organs of several regions."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        self.candidates = candidates
        super().__init__(f"{name!r} is ambiguous: {', '.join(candidates)} "
                         "(pass region=… or a canonical name)")


class UnknownUnitError(LookupError):
    pass


class UnknownDocumentError(LookupError):
    pass


class UnitSummary(BaseModel):
    id: str
    canonical: str
    names: list[str]
    region: str | None
    kind: str
    tasks: dict[str, int]  # role -> number of tasks
    documents: int


class TaskRef(BaseModel):
    """A task with where it comes from, and the units, targets and deadlines it carries."""

    id: str
    doc_id: str
    doc_title: str | None
    region: str | None
    path: str
    section_title: str | None
    text: str
    span: Span
    roles: dict[str, list[str]]  # role -> canonical unit names
    targets: list[Target]
    deadlines: list[Deadline]
    progress: Progress | None = None  # reported back through a returned ledger, if any


class UnitTask(BaseModel):
    role: Role
    unit: str
    surface: str
    task: TaskRef


class DeadlineRef(BaseModel):
    deadline: Deadline
    status: Status
    task: TaskRef


class TargetRef(BaseModel):
    target: Target
    task: TaskRef


_PROGRESS_FILTERS = ("done", "on_track", "late", "not_started", "unreported")
_URGENT = ("overdue", "due_soon")


def _day(today: date | str | None) -> date:
    return date.fromisoformat(today) if isinstance(today, str) else today or date.today()


def _date_status(due: date, today: date) -> Status:
    if due < today:
        return "overdue"
    return "due_soon" if due <= today + timedelta(days=DUE_SOON_DAYS) else "upcoming"


def _short(text: str, limit: int = 80) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pick_renderings(documents: list[Document]) -> list[Document]:
    """One document per id stem: ``000_….pdf`` and ``000_….txt`` are one document."""
    by_key: dict[str, list[Document]] = defaultdict(list)
    for d in documents:
        by_key[document_key(d.doc_id)].append(d)
    rank = {f: i for i, f in enumerate(FORMAT_PREFERENCE)}
    return [min(group, key=lambda d: rank.get(d.source.format, 99)) for _, group in sorted(by_key.items())]


def _aliases() -> dict[str, str]:
    """``name = canonical`` lines of data/unit_aliases.txt."""
    table = {}
    for line in load_list("unit_aliases.txt"):
        if "=" in line:
            alias, canonical = (part.strip() for part in line.split("=", 1))
            table[alias] = canonical
    return table


class PolicyGraph:
    """Documents, their tasks and who answers for them, as a ``networkx.MultiDiGraph``."""

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
        """The organ a mention names: its canonical name, or what the alias table maps
        it (or its surface form) to."""
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
        """The unit node for a surface or canonical name; ambiguity is an error that
        lists the candidates. A canonical name always names exactly one unit."""
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
        """Every unit, with the number of tasks it has per role, busiest first."""
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
        """What a unit owes: its tasks with role, document, path, targets and deadlines;
        ``status`` as in :meth:`has_status` (relative to ``today``)."""
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
        """Tasks in document order, narrowed by every filter given: a ``unit`` (``region``
        tells same-named organs apart) in a ``role``; without a unit, ``region`` is the
        document's region and ``role`` keeps tasks that have a unit in that role;
        ``status`` as in :meth:`has_status`; ``docs`` as :meth:`document` takes them."""
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
        """A document by its id (``003_….html``), its id without the rendering
        (``003_…``, or another rendering's id) or its 发文字号."""
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
        """Role → canonical unit names for one task."""
        return self.task(task_id).roles

    def task(self, task_id: str) -> TaskRef:
        task_id = task_id.removeprefix("task:")
        if task_id not in self._tasks:
            raise KeyError(f"no task {task_id!r}")
        return self._tasks[task_id]

    def all_tasks(self) -> list[TaskRef]:
        return list(self._tasks.values())

    @staticmethod
    def status(deadline: Deadline, today: date) -> Status:
        """The status of one deadline on ``today``, from its dates alone."""
        if deadline.kind == "recurring":
            return "recurring"
        if not deadline.end:
            return "open"
        return _date_status(date.fromisoformat(deadline.end), today)

    @staticmethod
    def due_date(task: TaskRef) -> date | None:
        """When the task must be complete: the last date its deadlines name (earlier
        ones are milestones on the way)."""
        ends = [d.end for d in task.deadlines if d.kind != "recurring" and d.end]
        return date.fromisoformat(max(ends)) if ends else None

    @classmethod
    def task_status(cls, task: TaskRef, today: date) -> Status:
        """The status of the task's :meth:`due_date` on ``today``; ``recurring`` or
        ``open`` when it names no date."""
        due = cls.due_date(task)
        if due is None:
            return "recurring" if any(d.kind == "recurring" for d in task.deadlines) else "open"
        return _date_status(due, today)

    @staticmethod
    def progress_status(task: TaskRef) -> ProgressStatusKey | None:
        """What the units reported (done/on_track/late/not_started), ``unreported`` when
        no returned ledger mentions the task, None for a report without 完成情况."""
        if task.progress is None:
            return "unreported"
        return PROGRESS_KEYS[task.progress.status] if task.progress.status else None  # type: ignore[return-value]

    @classmethod
    def has_status(cls, task: TaskRef, status: StatusFilter, today: date) -> bool:
        """Progress statuses match what was reported; date statuses match
        :meth:`task_status`, except that a task reported 已完成 is never overdue or
        due soon (the 台账's colours follow the same rule)."""
        if status in _PROGRESS_FILTERS:
            return cls.progress_status(task) == status
        if status in _URGENT and cls.progress_status(task) == "done":
            return False
        return cls.task_status(task, today) == status

    def deadlines(self, start: str | None = None, end: str | None = None,
                  status: StatusFilter | None = None, today: date | str | None = None,
                  unit: str | None = None, region: str | None = None, role: Role | None = None,
                  docs: list[str] | None = None) -> list[DeadlineRef]:
        """Deadlines ending in [``start``, ``end``) (ISO dates) of the tasks
        :meth:`tasks` selects with ``unit``/``region``/``role``/``docs``. A date status
        applies to each deadline (a done task has none overdue or due soon), a progress
        status to its task."""
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
        """Join reported progress to tasks by task id. Returns the ids that match no
        task (reports on a document since re-extracted with another outline)."""
        unknown = []
        for task_id, reported in progress.items():
            if task_id in self._tasks:
                self._tasks[task_id].progress = reported
            else:
                unknown.append(task_id)
        return unknown

    def targets(self, indicator: str | None = None, unit: str | None = None, region: str | None = None,
                docs: list[str] | None = None) -> list[TargetRef]:
        """Targets whose indicator contains ``indicator``, of the tasks :meth:`tasks`
        selects, grouped by indicator wording."""
        out = [TargetRef(target=t, task=task) for task in self.tasks(unit=unit, region=region, docs=docs)
               for t in task.targets if indicator is None or indicator in t.indicator]
        return sorted(out, key=lambda r: (r.target.indicator, r.task.doc_id))

    def co_responsibility(self) -> nx.Graph:
        """Unit–unit graph; edge weight = number of tasks the two units share."""
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
        """Tasks whose text contains ``text`` (or every one of its space-separated words)."""
        words = text.split()
        return [t for t in self.tasks(region=region, docs=docs) if all(w in t.text for w in words)]


class ExtractedFolderError(Exception):
    """The extraction folder is missing, or holds a file that is not a :class:`Document`."""


def _read_documents(folder: Path) -> list[Document]:
    if not folder.is_dir():
        raise ExtractedFolderError(f"{folder}: no such folder (run `pingan-docs extract` first)")
    documents = []
    for path in sorted(folder.glob("*.json")):
        if path.name.startswith("_"):  # _schema.json
            continue
        try:
            documents.append(Document.model_validate_json(path.read_bytes()))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise ExtractedFolderError(f"{path}: not an extracted document ({where}: {first['msg']})") from None
    return documents


def load(extracted: str | Path = "extracted", progress: str | Path | None = None) -> PolicyGraph:
    """Build the graph from an extraction folder, with the progress units reported
    back (``progress.jsonl`` beside the folder, or the file ``progress`` names; see
    :mod:`pingan_docs.progress`) on its tasks."""
    from .progress import progress_path, read_progress

    folder = Path(extracted)
    graph = PolicyGraph(_read_documents(folder))
    store = Path(progress) if progress is not None else progress_path(folder)
    if store.exists():
        graph.attach_progress(read_progress(store))
    return graph
