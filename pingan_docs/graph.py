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

At 10^4 documents the graph has to load in seconds and answer in milliseconds, so it is
built from :class:`DocumentSummary` (a document without its texts, cached beside the
JSON by :mod:`pingan_docs.index`), and queries run over indexes made once: tasks in
document order, each unit's tasks, due dates, deadlines in date order, targets by
indicator, a bigram index for :meth:`PolicyGraph.search` (:mod:`pingan_docs.bigrams`).
The networkx graph and full :class:`Document` objects are built only when asked for.
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
from bisect import bisect_left, bisect_right
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Literal, TypeVar

import networkx as nx
from networkx import Graph, MultiDiGraph
from pydantic import BaseModel, TypeAdapter, ValidationError, model_validator

from .bigrams import BigramIndex
from .data import load_list
from .extract import document_key
from .index import CACHE_DIR, Entry, SummaryCache, remove_stale
from .labels import PROGRESS_KEYS
from .labels import ROLE_ZH as ROLE_ZH  # re-exported: the site imports it from here
from .models import Deadline, Document, Meta, Progress, Role, Span, Target, UnitRef

FORMAT_PREFERENCE = ("pdf", "docx", "html", "txt")
ROLES: tuple[Role, ...] = ("lead", "responsible", "cooperate", "guide")
Status = Literal["overdue", "due_soon", "upcoming", "recurring", "open"]
ProgressStatusKey = Literal["done", "on_track", "late", "not_started", "unreported"]
StatusFilter = Literal["overdue", "due_soon", "upcoming", "recurring", "open",
                       "done", "on_track", "late", "not_started", "unreported"]
DUE_SOON_DAYS = 30
SUMMARY_VERSION = 1  # bump when summarize() changes what it keeps


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


# Result objects are made many at a time: one validation of a list costs less than a
# constructor call per object.
_UNIT_TASKS = TypeAdapter(list[UnitTask])
_DEADLINE_REFS = TypeAdapter(list[DeadlineRef])
_TARGET_REFS = TypeAdapter(list[TargetRef])

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


_ROLE_INDEX: dict[str, int] = {r: i for i, r in enumerate(ROLES)}
_DATE_STATUSES = ("overdue", "due_soon", "upcoming")
_STATUSES: tuple[Status, ...] = ("overdue", "due_soon", "upcoming", "recurring", "open")
_STATUS_INDEX: dict[str, int] = {s: i for i, s in enumerate(_STATUSES)}
T = TypeVar("T")


def _bounds(ends: list[int], status: str, day: int) -> tuple[int, int]:
    """Where the dates (ordinals, ascending) of a date status lie on ``day``."""
    soon = day + DUE_SOON_DAYS
    if status == "overdue":
        return 0, bisect_left(ends, day)
    if status == "due_soon":
        return bisect_left(ends, day), bisect_right(ends, soon)
    return bisect_right(ends, soon), len(ends)


def _pick(items: Sequence[T], doc_id: Callable[[T], str], fmt: Callable[[T], str]) -> list[T]:
    by_key: dict[str, list[T]] = defaultdict(list)
    for item in items:
        by_key[document_key(doc_id(item))].append(item)
    rank = {f: i for i, f in enumerate(FORMAT_PREFERENCE)}
    return [min(group, key=lambda i: rank.get(fmt(i), 99)) for _, group in sorted(by_key.items())]


def pick_renderings(documents: list[Document]) -> list[Document]:
    """One document per id stem: ``000_….pdf`` and ``000_….txt`` are one document."""
    return _pick(documents, lambda d: d.doc_id, lambda d: d.source.format)


def _aliases() -> dict[str, str]:
    """``name = canonical`` lines of data/unit_aliases.txt."""
    table = {}
    for line in load_list("unit_aliases.txt"):
        if "=" in line:
            alias, canonical = (part.strip() for part in line.split("=", 1))
            table[alias] = canonical
    return table


# -- what the graph keeps of a document ---------------------------------------------------

Edge = tuple[str, str, str, str]  # organ (canonical after aliases), role, name as written, cue


class DocumentSummary(BaseModel):
    """A document as the graph needs it: metadata, headings and tasks ready to serve,
    without the texts (``text`` and ``raw_text`` are most of a JSON file's bytes)."""

    doc_id: str
    format: str
    source: str
    meta: Meta
    sections: list[tuple[str, str, str, int, int]]  # id, path, title, start, end
    tasks: list[TaskRef]
    positions: list[int]  # the tasks' indexes in text order
    parents: list[int]  # per task: index of the section holding it, -1 for none
    edges: list[list[Edge]]  # per task: each organ once per role, in the order named
    names: list[tuple[str, str, str]]  # (name, organ, kind) in the order first named
    due: list[int]  # per task: ordinal of its due date, 0 for none
    recurring: list[bool]  # per task: whether one of its deadlines recurs

    @model_validator(mode="after")
    def _per_task(self) -> DocumentSummary:
        n = len(self.tasks)
        if not len(self.parents) == len(self.edges) == len(self.due) == len(self.recurring) == n \
                or sorted(self.positions) != list(range(n)):
            raise ValueError("per-task lists of different lengths")
        if any(p >= len(self.sections) for p in self.parents):
            raise ValueError("a task's section is not in the outline")
        return self


def summarize(doc: Document, canonical: Callable[[UnitRef], str]) -> DocumentSummary:
    """A task's section is the first heading whose span holds the task's start; its
    roles list each organ once per role, in the order they are named."""
    starts = [(s.span.start, s.span.end, i) for i, s in enumerate(doc.sections)]
    tasks, parents, edges, due, recurring = [], [], [], [], []
    names: dict[tuple[str, str], str] = {}
    for task in doc.tasks:
        parent = next((i for a, b, i in starts if a <= task.span.start < b), -1)
        roles: dict[str, list[str]] = defaultdict(list)
        linked: list[Edge] = []
        for unit in task.units:
            organ = canonical(unit)
            names.setdefault((unit.name, organ), unit.kind)
            if organ not in roles[unit.role]:
                roles[unit.role].append(organ)
                linked.append((organ, unit.role, unit.name, unit.cue))
        ref = TaskRef(id=task.id, doc_id=doc.doc_id, doc_title=doc.meta.title, region=doc.meta.region,
                      path=task.path, section_title=doc.sections[parent].title if parent >= 0 else None,
                      text=task.text, span=task.span, roles=dict(roles),
                      targets=task.targets, deadlines=task.deadlines)
        day = PolicyGraph.due_date(ref)
        tasks.append(ref)
        parents.append(parent)
        edges.append(linked)
        due.append(day.toordinal() if day else 0)
        recurring.append(any(d.kind == "recurring" for d in task.deadlines))
    return DocumentSummary(
        doc_id=doc.doc_id, format=doc.source.format, source=doc.source.path, meta=doc.meta,
        sections=[(s.id, s.path, s.title, s.span.start, s.span.end) for s in doc.sections], tasks=tasks,
        positions=sorted(range(len(tasks)), key=lambda k: tasks[k].span.start), parents=parents,
        edges=edges, names=[(name, organ, kind) for (name, organ), kind in names.items()],
        due=due, recurring=recurring)


def _fingerprint(aliases: Mapping[str, str]) -> str:
    """What a cached summary depends on besides its file: the summary's form and the
    alias table (organ names are resolved through it)."""
    h = hashlib.sha256(f"pingan-docs graph summary {SUMMARY_VERSION}\n".encode())
    h.update(json.dumps(DocumentSummary.model_json_schema(), sort_keys=True).encode())
    h.update(json.dumps(sorted(aliases.items()), ensure_ascii=False).encode())
    return h.hexdigest()


@contextmanager
def _no_gc(freeze: bool = False) -> Iterator[None]:
    """Keep the cyclic collector out while hundreds of thousands of long-lived objects
    are made (it would walk them again and again, and once more on the first
    collection after). With ``freeze`` they are moved out of its sight for good
    (``gc.freeze``): the graph's objects form no reference cycles, so reference
    counting frees them with the graph and the collector has nothing to find in them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


@dataclass(eq=False)
class _Unit:
    organ: str
    kind: str
    region: str | None
    names: list[str] = field(default_factory=list)
    edges: list[tuple[int, int, str, str]] = field(default_factory=list)  # rank, role index, surface, cue
    counts: dict[str, int] = field(default_factory=dict)  # role -> tasks, in the order first seen
    documents: int = 0
    last_doc: str | None = None


@dataclass(eq=False)
class _Pool:
    """Tasks a query's filters select: their ranks, ascending, and as a set."""

    ranks: list[int]
    _members: set[int] | None = None

    def members(self) -> set[int]:
        if self._members is None:
            self._members = set(self.ranks)
        return self._members


class _DocumentFiles(Mapping[str, Document]):
    """The full documents of a loaded folder, each read from its JSON when it is asked
    for: queries never need them, pages about documents do, one after another. The
    last ``KEEP`` read are kept, so a page that goes back to a document does not read it
    again, while going through all of them (the site's document pages) holds only a few
    in memory. Metadata alone is in :attr:`PolicyGraph.summaries`."""

    KEEP = 32

    def __init__(self, folder: Path, names: dict[str, str]) -> None:
        self.folder = folder
        self.names = names  # doc_id -> file name, in the graph's document order
        self._read: OrderedDict[str, Document] = OrderedDict()

    def __getitem__(self, doc_id: str) -> Document:
        doc = self._read.get(doc_id)
        if doc is not None:
            self._read.move_to_end(doc_id)
            return doc
        path = self.folder / self.names[doc_id]
        try:
            doc = Document.model_validate_json(path.read_bytes())
        except (OSError, ValidationError) as exc:
            raise ExtractedFolderError(f"{path}: cannot be read again since the graph was loaded "
                                       f"({type(exc).__name__}); load the folder again") from None
        self._read[doc_id] = doc
        if len(self._read) > self.KEEP:
            self._read.popitem(last=False)
        return doc

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.names

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


class PolicyGraph:
    """Documents, their tasks and who answers for them, as a ``networkx.MultiDiGraph``."""

    def __init__(self, documents: list[Document]) -> None:
        self.aliases = _aliases()
        picked = pick_renderings(documents)
        with _no_gc(freeze=True):
            self._setup({d.doc_id: d for d in picked}, [summarize(d, self.canonical) for d in picked])

    @classmethod
    def _from_folder(cls, folder: Path) -> PolicyGraph:
        """The graph of an extraction folder, from the summaries cached in it (made
        where missing or stale)."""
        graph = cls.__new__(cls)
        graph.aliases = _aliases()

        def summarize_file(path: Path, data: bytes) -> tuple[str, str, bytes]:
            try:
                doc = Document.model_validate_json(data)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                raise ExtractedFolderError(f"{path}: not an extracted document ({where}: {first['msg']})") from None
            return doc.doc_id, doc.source.format, summarize(doc, graph.canonical).model_dump_json().encode()

        cache = SummaryCache(folder, _fingerprint(graph.aliases), summarize_file)
        try:
            with _no_gc(freeze=True):
                picked = _pick(cache.entries(), lambda e: e.doc_id, lambda e: e.format)
                place = {e.name: i for i, e in enumerate(picked)}
                summaries: list[DocumentSummary | None] = [None] * len(picked)
                damaged: list[Entry] = []
                for entry, blob in cache.summaries(picked):
                    try:
                        summaries[place[entry.name]] = DocumentSummary.model_validate_json(blob)
                    except ValidationError:
                        damaged.append(entry)
                for entry in damaged:
                    summaries[place[entry.name]] = DocumentSummary.model_validate_json(cache.rebuild(entry))
                ready = [s for s in summaries if s is not None]
                corpus = hashlib.sha256("".join(f"{e.name}\t{e.sha256}\n" for e in picked).encode()
                                        + cache.fingerprint.encode()).hexdigest()[:24]
                graph._setup(_DocumentFiles(folder, {e.doc_id: e.name for e in picked}), ready,
                             folder / CACHE_DIR, corpus)
        finally:
            cache.close()
        return graph

    def _setup(self, documents: Mapping[str, Document], summaries: list[DocumentSummary],
               cache_dir: Path | None = None, corpus: str | None = None) -> None:
        """The indexes every query runs on. Ranks number the tasks in document order
        (by document id, then position in the text), the order results come in."""
        self.documents = documents
        self._cache_dir, self._corpus = cache_dir, corpus
        self._summaries = {s.doc_id: s for s in summaries}
        self._tasks: dict[str, TaskRef] = {t.id: t for s in summaries for t in s.tasks}
        self._order: list[TaskRef] = []
        self._due: list[int] = []
        self._recurring: list[bool] = []
        self._doc_range: dict[str, tuple[int, int]] = {}
        self._region_ranks: dict[str | None, list[int]] = {}  # the tasks of each region's documents
        rank_of: dict[str, list[int]] = {}  # per document: each task's rank, in list order
        for doc_id in sorted(self._summaries):
            s = self._summaries[doc_id]
            lo = len(self._order)
            ranks = rank_of[doc_id] = [0] * len(s.tasks)
            for r, k in enumerate(s.positions, start=lo):
                ranks[k] = r
            self._order += [s.tasks[k] for k in s.positions]
            self._due += [s.due[k] for k in s.positions]
            self._recurring += [s.recurring[k] for k in s.positions]
            self._doc_range[doc_id] = (lo, len(self._order))
            self._region_ranks.setdefault(s.meta.region, []).extend(range(lo, len(self._order)))
        self._units: dict[str, _Unit] = {}
        self._by_surface: dict[str, set[str]] = defaultdict(set)
        self._with_role: dict[str, list[int]] = {r: [] for r in ROLES}
        for s in summaries:
            self._add_units(s, rank_of[s.doc_id])
        for ranks in self._with_role.values():
            ranks.sort()
        self._index_deadlines_and_targets()
        self._reported: set[int] = set()
        self._rank: dict[str, int] | None = None
        self._unit_edges: dict[str, list[tuple[int, int, str, str]]] = {}
        self._unit_items: dict[str, list[UnitTask]] = {}
        self._unit_summaries: list[UnitSummary] | None = None
        self._deadline_refs: dict[int, DeadlineRef] = {}
        self._target_refs: list[TargetRef | None] = [None] * len(self._targets)
        self._by_due: tuple[list[int], list[int]] | None = None
        self._doc_names: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None
        self._bigram_index: BigramIndex | None = None
        self._nx: MultiDiGraph | None = None
        self._pools: OrderedDict[tuple, _Pool] = OrderedDict()

    def _add_units(self, s: DocumentSummary, ranks: list[int]) -> None:
        """A document's units: created where first named (in document order, as the
        networkx graph creates them), with their names and their edges to tasks."""
        units, by_surface = self._units, self._by_surface
        for name, organ, kind in s.names:
            unit = units.get(organ)
            if unit is None:
                unit = units[organ] = _Unit(organ, kind, s.meta.region)
            if name not in unit.names:
                unit.names.append(name)
            by_surface[name].add(organ)
            by_surface[organ].add(organ)
        for rank, linked in zip(ranks, s.edges, strict=True):
            for organ, role, surface, cue in linked:
                with_role = self._with_role[role]
                if not with_role or with_role[-1] != rank:
                    with_role.append(rank)
                unit = units[organ]
                unit.edges.append((rank, _ROLE_INDEX[role], surface, cue))
                unit.counts[role] = unit.counts.get(role, 0) + 1
                if unit.last_doc != s.doc_id:
                    unit.documents += 1
                    unit.last_doc = s.doc_id

    def _index_deadlines_and_targets(self) -> None:
        """Deadlines in result order (end date, then document order; no date last) with
        what their status needs; targets grouped by indicator."""
        rows = []  # (sort key, rank, deadline)
        by_indicator: dict[str, list[tuple[int, Target]]] = defaultdict(list)
        for rank, task in enumerate(self._order):
            for d in task.deadlines:
                rows.append((d.end or "9999", rank, d))
            for t in task.targets:
                by_indicator[t.indicator].append((rank, t))
        self._targets: list[tuple[int, Target]] = []  # in result order: by indicator, then document order
        self._indicators: list[tuple[str, int, int]] = []  # wording, its first and last entry + 1
        for wording in sorted(by_indicator):
            self._indicators.append((wording, len(self._targets), len(self._targets) + len(by_indicator[wording])))
            self._targets += by_indicator[wording]
        keys = {k: i for i, k in enumerate(sorted({r[0] for r in rows}))}
        n = len(rows) + 1
        rows = [rows[i] for i in sorted(range(len(rows)), key=lambda i: keys[rows[i][0]] * n + i)]
        self._dl_key = [r[0] for r in rows]
        self._dl_rank = [r[1] for r in rows]
        self._dl = [r[2] for r in rows]
        self._dl_end = [date.fromisoformat(d.end).toordinal() if d.end else 0 for d in self._dl]
        self._dl_recurs = [d.kind == "recurring" for d in self._dl]
        self._dl_dated = [p for p, d in enumerate(self._dl) if d.kind != "recurring" and d.end]
        self._dl_dated_end = [self._dl_end[p] for p in self._dl_dated]
        self._dl_recurring = [p for p, d in enumerate(self._dl) if d.kind == "recurring"]
        self._dl_open = [p for p, d in enumerate(self._dl) if d.kind != "recurring" and not d.end]

    @property
    def summaries(self) -> Mapping[str, DocumentSummary]:
        """Each document's metadata, headings and tasks, without its texts, in
        document order: what pages about many documents need, with no JSON to read
        (``documents[doc_id]`` reads the full document)."""
        return MappingProxyType(self._summaries)

    # -- building -------------------------------------------------------------------
    def canonical(self, unit: UnitRef) -> str:
        """The organ a mention names: its canonical name, or what the alias table maps
        it (or its surface form) to."""
        return self.aliases.get(unit.canonical, self.aliases.get(unit.name, unit.canonical))

    @property
    def nx(self) -> MultiDiGraph:
        """The graph as networkx sees it, built on first use (queries do not need it)."""
        if self._nx is None:
            with _no_gc():
                self._nx = self._build_nx()
        return self._nx

    def _build_nx(self) -> MultiDiGraph:
        g = nx.MultiDiGraph()
        for s in self._summaries.values():
            doc_node = f"doc:{s.doc_id}"
            region = s.meta.region
            g.add_node(doc_node, type="document", doc_id=s.doc_id, title=s.meta.title,
                       issuer=s.meta.issuer, issue_date=s.meta.issue_date, region=region, source=s.source)
            if region:
                g.add_node(f"region:{region}", type="region", name=region)
                g.add_edge(doc_node, f"region:{region}", key="in_region", type="in_region")
            for sid, path, title, start, end in s.sections:
                node = f"sec:{s.doc_id}:{sid}"
                g.add_node(node, type="section", doc_id=s.doc_id, path=path, title=title, start=start, end=end)
                g.add_edge(node, doc_node, key="part_of", type="part_of")
            for task, parent, linked in zip(s.tasks, s.parents, s.edges, strict=True):
                node = f"task:{task.id}"
                g.add_node(node, type="task", doc_id=s.doc_id, path=task.path, text=_short(task.text, 200))
                g.add_edge(node, f"sec:{s.doc_id}:{s.sections[parent][0]}" if parent >= 0 else doc_node,
                           key="part_of", type="part_of")
                for organ, role, name, cue in linked:
                    unit_node = f"unit:{organ}"
                    if unit_node not in g:
                        unit = self._units[organ]
                        g.add_node(unit_node, type="unit", canonical=organ, names=list(unit.names),
                                   kind=unit.kind, region=unit.region)
                        if unit.region:
                            g.add_edge(unit_node, f"region:{unit.region}", key="in_region", type="in_region")
                    g.add_edge(unit_node, node, key=role, type=role, cue=cue, surface=name)
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
        return g

    # -- selecting tasks ---------------------------------------------------------------
    def _edges_of(self, organ: str) -> list[tuple[int, int, str, str]]:
        """A unit's edges in result order: document order, then role."""
        if organ not in self._unit_edges:
            self._unit_edges[organ] = sorted(self._units[organ].edges)
        return self._unit_edges[organ]

    def _unit_tasks(self, organ: str) -> list[UnitTask]:
        """A unit's tasks with its role in each, in result order, made on first use."""
        if organ not in self._unit_items:
            self._unit_items[organ] = _UNIT_TASKS.validate_python(
                [{"role": ROLES[e[1]], "unit": organ, "surface": e[2], "task": self._order[e[0]]}
                 for e in self._edges_of(organ)])
        return self._unit_items[organ]

    def _doc_ids(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        if self._doc_names is None:
            by_key: dict[str, list[str]] = defaultdict(list)
            by_number: dict[str, list[str]] = defaultdict(list)
            for doc_id, s in self._summaries.items():
                by_key[document_key(doc_id)].append(doc_id)
                if s.meta.doc_number:
                    by_number[s.meta.doc_number].append(doc_id)
            self._doc_names = (by_key, by_number)
        return self._doc_names

    def _doc_id(self, doc: str) -> str:
        """The id of the document ``doc`` names (see :meth:`document`)."""
        if doc in self._summaries:
            return doc
        by_key, by_number = self._doc_ids()
        found = list(dict.fromkeys([*by_key.get(document_key(doc), []), *by_number.get(doc, [])]))
        if len(found) > 1:
            raise UnknownDocumentError(f"{doc!r} names {len(found)} documents: "
                                       f"{', '.join(sorted(found))}; use the id")
        if not found:
            known = ", ".join(sorted(document_key(d) for d in self._summaries)[:5])
            raise UnknownDocumentError(f"no document {doc!r} (documents are named by id, e.g. {known}"
                                       f"{' …' if len(self._summaries) > 5 else ''}, or by 发文字号)")
        return found[0]

    def _select(self, unit: str | None, region: str | None, role: Role | None,
                docs: list[str] | None) -> _Pool | None:
        """The tasks :meth:`tasks` keeps before ``status``; None for all of them. The
        last few selections are kept (a site or a notebook asks the same ones again)."""
        key = (unit, region, role, None if docs is None else tuple(docs))
        if key == (None, None, None, None):
            return None
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = _Pool(self._select_ranks(unit, region, role, docs))
            if len(self._pools) > 32:
                self._pools.popitem(last=False)
        self._pools.move_to_end(key)
        return pool

    def _select_ranks(self, unit: str | None, region: str | None, role: Role | None,
                      docs: list[str] | None) -> list[int]:
        pool: list[int] | None = None
        if unit is not None:
            role_index = _ROLE_INDEX.get(role, -1) if role is not None else None
            pool = list(dict.fromkeys(e[0] for e in self._edges_of(self.resolve(unit, region)[5:])
                                      if role_index is None or e[1] == role_index))
        else:
            if region is not None:
                matching = [ranks for name, ranks in self._region_ranks.items() if region in (name or "")]
                pool = matching[0] if len(matching) == 1 else sorted(r for ranks in matching for r in ranks)
            if role is not None:
                if pool is None:
                    pool = self._with_role.get(role, [])
                else:
                    pool = [r for r in pool if self._order[r].roles.get(role)]
        if docs is not None:
            wanted = {self._doc_id(d) for d in docs}
            if pool is None:
                pool = self._ranks_of(sorted(wanted))
            else:
                pool = [r for r in pool if self._order[r].doc_id in wanted]
        return pool if pool is not None else list(range(len(self._order)))

    def _ranks_of(self, doc_ids: Iterable[str]) -> list[int]:
        """The ranks of these documents' tasks (documents in id order)."""
        ranks: list[int] = []
        for d in doc_ids:
            ranks += range(*self._doc_range[d])
        return ranks

    def _status_of(self, day: date) -> Callable[[int], Status]:
        """The date status of the task of each rank on ``day``."""
        d, soon = day.toordinal(), day.toordinal() + DUE_SOON_DAYS
        due, recurring = self._due, self._recurring

        def status(r: int) -> Status:
            x = due[r]
            if not x:
                return "recurring" if recurring[r] else "open"
            return "overdue" if x < d else "due_soon" if x <= soon else "upcoming"
        return status

    def _done(self, r: int) -> bool:
        return r in self._reported and self.progress_status(self._order[r]) == "done"

    def _with_status(self, pool: list[int] | None, status: StatusFilter, day: date) -> list[int]:
        """The ranks of ``pool`` (None: every task) whose task has ``status`` as
        :meth:`has_status` judges it."""
        if status in _PROGRESS_FILTERS:
            if status == "unreported":
                told = {r for r in self._reported if self._order[r].progress is not None}
                return [r for r in (range(len(self._order)) if pool is None else pool) if r not in told]
            pool = sorted(self._reported) if pool is None else [r for r in pool if r in self._reported]
            return [r for r in pool if self.progress_status(self._order[r]) == status]
        if pool is None and status in _DATE_STATUSES:
            if self._by_due is None:
                dated = sorted((r for r, x in enumerate(self._due) if x), key=self._due.__getitem__)
                self._by_due = (dated, [self._due[r] for r in dated])
            dated, ends = self._by_due
            lo, hi = _bounds(ends, status, day.toordinal())
            found = sorted(dated[lo:hi])
            return [r for r in found if not self._done(r)] if status in _URGENT and self._reported else found
        of = self._status_of(day)
        ranks = range(len(self._order)) if pool is None else pool
        if status in _URGENT:
            return [r for r in ranks if of(r) == status and not self._done(r)]
        return [r for r in ranks if of(r) == status]

    # -- queries ---------------------------------------------------------------------
    def resolve(self, name: str, region: str | None = None) -> str:
        """The unit node for a surface or canonical name; ambiguity is an error that
        lists the candidates. A canonical name always names exactly one unit."""
        if name in self._units and not region:
            return f"unit:{name}"
        organs = set(self._by_surface.get(name, set()))
        if not organs:
            organs = {o for o in self._units if name in o}
        if region:
            organs = {o for o in organs if region in (self._units[o].region or "") or region in o}
        if not organs:
            raise UnknownUnitError(f"no unit named {name!r}" + (f" in {region}" if region else ""))
        if len(organs) > 1:
            raise AmbiguousUnitError(name, sorted(organs))
        return f"unit:{organs.pop()}"

    def units(self, region: str | None = None, kind: str | None = None) -> list[UnitSummary]:
        """Every unit, with the number of tasks it has per role, busiest first."""
        if self._unit_summaries is None:
            self._unit_summaries = sorted(
                (UnitSummary(id=f"unit:{u.organ}", canonical=u.organ, names=u.names, region=u.region,
                             kind=u.kind, tasks=u.counts, documents=u.documents) for u in self._units.values()),
                key=lambda u: (-sum(u.tasks.values()), u.canonical))
        return [u for u in self._unit_summaries
                if not ((region and region not in (u.region or "")) or (kind and u.kind != kind))]

    def tasks_for(self, name: str, role: Role | None = None, region: str | None = None,
                  status: StatusFilter | None = None, today: date | str | None = None) -> list[UnitTask]:
        """What a unit owes: its tasks with role, document, path, targets and deadlines;
        ``status`` as in :meth:`has_status` (relative to ``today``)."""
        organ = self.resolve(name, region)[5:]
        day = _day(today)
        items = self._unit_tasks(organ)
        if status is not None:
            ranks = [e[0] for e in self._edges_of(organ)]
            keep = set(self._with_status(list(dict.fromkeys(ranks)), status, day))
            return [it for r, it in zip(ranks, items, strict=True) if r in keep and (role is None or it.role == role)]
        return items[:] if role is None else [it for it in items if it.role == role]

    def tasks(self, unit: str | None = None, region: str | None = None, role: Role | None = None,
              status: StatusFilter | None = None, today: date | str | None = None,
              docs: list[str] | None = None) -> list[TaskRef]:
        """Tasks in document order, narrowed by every filter given: a ``unit`` (``region``
        tells same-named organs apart) in a ``role``; without a unit, ``region`` is the
        document's region and ``role`` keeps tasks that have a unit in that role;
        ``status`` as in :meth:`has_status`; ``docs`` as :meth:`document` takes them."""
        day = _day(today)
        pool = self._select(unit, region, role, docs)
        ranks = None if pool is None else pool.ranks
        if status is not None:
            ranks = self._with_status(ranks, status, day)
        return self._order[:] if ranks is None else [self._order[r] for r in ranks]

    def document(self, doc: str) -> Document:
        """A document by its id (``003_….html``), its id without the rendering
        (``003_…``, or another rendering's id) or its 发文字号."""
        return self.documents[self._doc_id(doc)]

    def summary(self, doc: str) -> DocumentSummary:
        """A document's metadata, headings and tasks, found as :meth:`document` finds it,
        without reading its JSON."""
        return self._summaries[self._doc_id(doc)]

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
        pool = self._select(unit, region, role, docs)
        d = day.toordinal()
        if status in _DATE_STATUSES:
            lo, hi = _bounds(self._dl_dated_end, status, d)
            found: Sequence[int] = self._dl_dated[lo:hi]
        elif status == "recurring":
            found = self._dl_recurring
        elif status == "open":
            found = self._dl_open
        elif status in _PROGRESS_FILTERS:
            keep = set(self._with_status(None, status, day))
            found = [p for p, r in enumerate(self._dl_rank) if r in keep]
        elif status is None:
            found = range(len(self._dl))
        else:  # not a status: nothing has it
            found = []
        if start or end:
            lo = bisect_left(self._dl_key, start) if start else 0
            hi = bisect_left(self._dl_key, end) if end else len(self._dl_key)
            found = [p for p in found[bisect_left(found, lo):bisect_left(found, hi)] if self._dl_end[p]]
        if pool is not None:
            chosen = pool.members()
            found = [p for p in found if self._dl_rank[p] in chosen]
        if status in _URGENT and self._reported:
            found = [p for p in found if not self._done(self._dl_rank[p])]
        return self._deadline_refs_for(found, d, status if status in _DATE_STATUSES else None)

    def _deadline_refs_for(self, found: Sequence[int], day: int, status: str | None) -> list[DeadlineRef]:
        """The DeadlineRefs of these deadlines on ``day`` (all of ``status`` when it is
        given), made once per deadline and status."""
        if status is None:
            soon, recurring, ends = day + DUE_SOON_DAYS, self._dl_recurs, self._dl_end
            codes = [3 if recurring[p] else 4 if not ends[p] else 0 if ends[p] < day
                     else 1 if ends[p] <= soon else 2 for p in found]
        else:
            codes = [_STATUS_INDEX[status]] * len(found)
        keys = [p * 5 + c for p, c in zip(found, codes, strict=True)]
        refs = self._deadline_refs
        missing = [k for k in dict.fromkeys(keys) if k not in refs]
        if missing:
            made = _DEADLINE_REFS.validate_python(
                [{"deadline": self._dl[k // 5], "status": _STATUSES[k % 5], "task": self._order[self._dl_rank[k // 5]]}
                 for k in missing])
            refs.update(zip(missing, made, strict=True))
        return [refs[k] for k in keys]

    def attach_progress(self, progress: Mapping[str, Progress]) -> list[str]:
        """Join reported progress to tasks by task id. Returns the ids that match no
        task (reports on a document since re-extracted with another outline)."""
        unknown = []
        for task_id, reported in progress.items():
            if task_id in self._tasks:
                self._tasks[task_id].progress = reported
                if self._rank is None:
                    self._rank = {t.id: r for r, t in enumerate(self._order)}
                self._reported.add(self._rank[task_id])
            else:
                unknown.append(task_id)
        return unknown

    def targets(self, indicator: str | None = None, unit: str | None = None, region: str | None = None,
                docs: list[str] | None = None) -> list[TargetRef]:
        """Targets whose indicator contains ``indicator``, of the tasks :meth:`tasks`
        selects, grouped by indicator wording."""
        pool = self._select(unit, region, None, docs)
        chosen = None if pool is None else pool.members()
        found = [i for wording, lo, hi in self._indicators if indicator is None or indicator in wording
                 for i in range(lo, hi) if chosen is None or self._targets[i][0] in chosen]
        refs = self._target_refs
        missing = [i for i in found if refs[i] is None]
        if missing:
            made = _TARGET_REFS.validate_python([{"target": self._targets[i][1], "task": self._order[self._targets[i][0]]}
                                                  for i in missing])
            for i, ref in zip(missing, made, strict=True):
                refs[i] = ref
        return [refs[i] for i in found]  # type: ignore[misc]

    def co_responsibility(self) -> Graph:
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

    def _bigrams(self) -> BigramIndex:
        """The bigram index of the task texts in rank order: from the folder's cache
        when it holds one for exactly these documents, else built (and saved there)."""
        if self._bigram_index is None:
            path = None
            if self._cache_dir is not None and self._corpus is not None:
                path = self._cache_dir / f"bigrams-{self._corpus}.npy"
                index = BigramIndex.load(path)
                if index is not None and index.size == len(self._order):
                    self._bigram_index = index
                    return index
            index = BigramIndex.build([t.text for t in self._order])
            if path is not None:
                try:
                    index.save(path)
                    remove_stale(path.parent, "bigrams-", path.name)
                except OSError:  # a folder we cannot write: the index lives in memory only
                    pass
            self._bigram_index = index
        return self._bigram_index

    def search(self, text: str, region: str | None = None, docs: list[str] | None = None) -> list[TaskRef]:
        """Tasks whose text contains ``text`` (or every one of its space-separated words)."""
        words = text.split()
        pool = self._select(None, region, None, docs)
        if not words:
            return self._order[:] if pool is None else [self._order[r] for r in pool.ranks]
        found = self._bigrams().candidates(words)
        if found is None:  # words of one character: no bigram to look up
            ranks: Sequence[int] = range(len(self._order)) if pool is None else pool.ranks
        else:
            ranks = found.tolist()
            if pool is not None:
                chosen = pool.members()
                ranks = [r for r in ranks if r in chosen]
        tasks = list(map(self._order.__getitem__, ranks))
        for word in words:  # a candidate holds the word's bigrams; does it hold the word?
            if found is None or not BigramIndex.exact(word):
                tasks = [t for t in tasks if word in t.text]
        return tasks


class ExtractedFolderError(Exception):
    """The extraction folder is missing, or holds a file that is not a :class:`Document`."""


def load(extracted: str | Path = "extracted", progress: str | Path | None = None) -> PolicyGraph:
    """Build the graph from an extraction folder, with the progress units reported
    back (``progress.jsonl`` beside the folder, or the file ``progress`` names; see
    :mod:`pingan_docs.progress`) on its tasks. Documents are read through the folder's
    summary cache (:mod:`pingan_docs.index`)."""
    from .progress import progress_path, read_progress

    folder = Path(extracted)
    if not folder.is_dir():
        raise ExtractedFolderError(f"{folder}: no such folder (run `pingan-docs extract` first)")
    graph = PolicyGraph._from_folder(folder)
    store = Path(progress) if progress is not None else progress_path(folder)
    if store.exists():
        graph.attach_progress(read_progress(store))
    return graph
