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

A query works out the numbers of its answer (task ranks, deadline positions, target
indexes; numpy arrays) and returns them as :class:`Results`, which makes each result
object when it is first read: a clone corpus gives one organ 80,000 targets, and making
their objects costs a hundred times more than finding them.
"""

from __future__ import annotations

import gc
import hashlib
import json
import operator
import re
from array import array
from bisect import bisect_left
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Literal, TypeVar, overload

import networkx as nx
import numpy as np
from networkx import Graph, MultiDiGraph
from pydantic import BaseModel, TypeAdapter, ValidationError, model_validator
from pydantic_core import SchemaSerializer, core_schema

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
_UNREPORTED, _NO_STATUS = 4, 5  # progress codes: _PROGRESS_FILTERS' indexes, and a report without 完成情况
T = TypeVar("T")


class Results(Sequence[T]):
    """The answer of a query, in order and exact (``len()`` is the number of results),
    with each result object made when it is first read.

    A query finds the numbers of its results (cheap: numpy over indexes); making
    pydantic objects for them costs 1–2 µs each, which for an organ's 80,000 targets is
    the whole time of the query. So a :class:`Results` holds the numbers, and indexing
    or iterating makes the objects (a thousand at a time), which the graph keeps: the
    same item read again, or by another query, is the same object. It stands in for
    the list queries used to return: ``len``, ``bool``, indexing (negative too),
    iteration, ``in``, ``index``, ``count``, ``reversed``; a slice is a
    :class:`Results` too (``r[:50]`` is a page, made only when read); ``==`` compares
    element-wise with a list or another :class:`Results`; its ``repr`` shows the first
    items only. Pydantic serialises it as a list (as a field, in ``TypeAdapter(…)
    .dump_json``); ``list(r)`` makes every object at once."""

    __slots__ = ("_keys", "_make")
    _keys: np.ndarray
    _make: Callable[[list[int]], list[T]]
    _CHUNK = 1024
    __pydantic_serializer__ = SchemaSerializer(
        core_schema.any_schema(serialization=core_schema.plain_serializer_function_ser_schema(list)))

    @overload
    def __init__(self, items: Iterable[T] = (), /) -> None: ...

    @overload
    def __init__(self, keys: np.ndarray, make: Callable[[list[int]], list[T]], /) -> None: ...

    def __init__(self, keys: Iterable[T] | np.ndarray = (), make: Callable[[list[int]], list[T]] | None = None,
                 /) -> None:
        """``Results(keys, make)``: the objects ``make`` turns these keys into, in this
        order; ``Results(items)``: these objects (as ``list(items)``; pydantic makes a
        validated copy so)."""
        if make is None:
            items = list(keys)
            self._keys, self._make = np.arange(len(items)), lambda at: [items[k] for k in at]
        else:
            self._keys, self._make = keys, make  # type: ignore[assignment]

    def __len__(self) -> int:
        return len(self._keys)

    @overload
    def __getitem__(self, i: int) -> T: ...

    @overload
    def __getitem__(self, i: slice) -> Results[T]: ...

    def __getitem__(self, i: int | slice) -> T | Results[T]:
        if isinstance(i, slice):
            return Results(self._keys[i], self._make)
        n, i = len(self._keys), operator.index(i)
        if not -n <= i < n:
            raise IndexError("Results index out of range")
        return self._make([int(self._keys[i])])[0]

    def __iter__(self) -> Iterator[T]:
        for start in range(0, len(self._keys), self._CHUNK):
            with _no_gc():
                chunk = self._make(self._keys[start:start + self._CHUNK].tolist())
            yield from chunk

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Results):
            if self._make == other._make and np.array_equal(self._keys, other._keys):
                return True  # the same items of one graph: the same objects
        elif not isinstance(other, list):
            return NotImplemented
        return len(self) == len(other) and all(a is b or a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # like a list

    def __repr__(self) -> str:
        shown = ", ".join(map(repr, self[:3]))
        return f"Results({len(self)} items: [{shown}{', …' if len(self) > 3 else ''}])"


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
_NONE = np.zeros(0, np.int64)


def _bounds(ends: np.ndarray, status: str, day: int) -> tuple[int, int]:
    """Where the dates (ordinals, ascending) of a date status lie on ``day``."""
    soon = day + DUE_SOON_DAYS
    if status == "overdue":
        return 0, int(np.searchsorted(ends, day))
    if status == "due_soon":
        return int(np.searchsorted(ends, day)), int(np.searchsorted(ends, soon, "right"))
    return int(np.searchsorted(ends, soon, "right")), len(ends)


def _spans(spans: Iterable[tuple[int, int]]) -> np.ndarray:
    """The numbers of these [lo, hi) spans, in order."""
    parts = [np.arange(lo, hi) for lo, hi in spans]
    return np.concatenate(parts) if parts else _NONE


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
    number: int  # in the order units were first named
    organ: str
    kind: str
    region: str | None
    names: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # role -> tasks, in the order first seen
    documents: int = 0
    last_doc: str | None = None
    edges: tuple[int, int] = (0, 0)  # where its edges lie in the edge table


@dataclass(eq=False)
class _Pool:
    """Tasks a query's filters select: their ranks, ascending, and as a mask over all ranks."""

    ranks: np.ndarray
    size: int
    _mask: np.ndarray | None = None

    def mask(self) -> np.ndarray:
        if self._mask is None:
            self._mask = np.zeros(self.size, bool)
            self._mask[self.ranks] = True
        return self._mask


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
        (by document id, then position in the text), the order results come in; what
        a filter looks at is a numpy array over ranks (or deadlines, targets, edges)."""
        self.documents = documents
        self._cache_dir, self._corpus = cache_dir, corpus
        self._summaries = {s.doc_id: s for s in summaries}
        self._tasks: dict[str, TaskRef] = {t.id: t for s in summaries for t in s.tasks}
        self._order: list[TaskRef] = []
        due: list[int] = []
        recurring: list[bool] = []
        self._doc_range: dict[str, tuple[int, int]] = {}
        regions: dict[str | None, list[tuple[int, int]]] = {}
        rank_of: dict[str, list[int]] = {}  # per document: each task's rank, in list order
        for doc_id in sorted(self._summaries):
            s = self._summaries[doc_id]
            lo = len(self._order)
            ranks = rank_of[doc_id] = [0] * len(s.tasks)
            for r, k in enumerate(s.positions, start=lo):
                ranks[k] = r
            self._order += [s.tasks[k] for k in s.positions]
            due += [s.due[k] for k in s.positions]
            recurring += [s.recurring[k] for k in s.positions]
            self._doc_range[doc_id] = (lo, len(self._order))
            regions.setdefault(s.meta.region, []).append((lo, len(self._order)))
        n = len(self._order)
        self._all = np.arange(n)
        self._due = np.array(due, np.int64)  # per rank: ordinal of the due date, 0 for none
        self._recurring = np.array(recurring, bool)
        self._region_ranks = {region: _spans(spans) for region, spans in regions.items()}
        dated = np.flatnonzero(self._due)
        dated = dated[np.argsort(self._due[dated], kind="stable")]
        self._by_due = (dated, self._due[dated])  # dated ranks by due date, and their dates
        self._units: dict[str, _Unit] = {}
        self._by_surface: dict[str, set[str]] = defaultdict(set)
        self._surfaces: dict[str, int] = {}
        table = (array("q"), array("q"), array("q"), array("q"))  # unit number, rank, role index, surface
        for s in summaries:
            self._add_units(s, rank_of[s.doc_id], table)
        self._index_edges(*(np.frombuffer(column, np.int64) for column in table))
        self._index_deadlines_and_targets()
        self._progress = np.full(n, _UNREPORTED, np.int8)  # per rank: _PROGRESS_FILTERS index (or _NO_STATUS)
        self._done = np.zeros(n, bool)
        self._rank: dict[str, int] | None = None
        self._unit_list = list(self._units.values())
        self._unit_order: list[int] | None = None
        self._unit_summaries: dict[int, UnitSummary] = {}
        self._unit_tasks: dict[int, UnitTask] = {}
        self._deadline_refs: dict[int, DeadlineRef] = {}
        self._target_refs: list[TargetRef | None] = [None] * len(self._targets)
        self._doc_names: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None
        self._bigram_index: BigramIndex | None = None
        self._nx: MultiDiGraph | None = None
        self._pools: OrderedDict[tuple, _Pool] = OrderedDict()

    def _add_units(self, s: DocumentSummary, ranks: list[int], table: tuple[array, ...]) -> None:
        """A document's units: created where first named (in document order, as the
        networkx graph creates them), with their names; their edges to tasks go to
        ``table``."""
        units, by_surface, surfaces = self._units, self._by_surface, self._surfaces
        for name, organ, kind in s.names:
            unit = units.get(organ)
            if unit is None:
                unit = units[organ] = _Unit(len(units), organ, kind, s.meta.region)
            if name not in unit.names:
                unit.names.append(name)
            by_surface[name].add(organ)
            by_surface[organ].add(organ)
        numbers, at_rank, role_index, surface = table
        for rank, linked in zip(ranks, s.edges, strict=True):
            for organ, role, name, _ in linked:
                unit = units[organ]
                numbers.append(unit.number)
                at_rank.append(rank)
                role_index.append(_ROLE_INDEX[role])
                surface.append(surfaces.setdefault(name, len(surfaces)))
                unit.counts[role] = unit.counts.get(role, 0) + 1
                if unit.last_doc != s.doc_id:
                    unit.documents += 1
                    unit.last_doc = s.doc_id

    def _index_edges(self, unit: np.ndarray, rank: np.ndarray, role: np.ndarray, surface: np.ndarray) -> None:
        """The unit→task edges sorted by unit, then in result order (document order,
        then role): a unit's edges are one span of the table."""
        order = np.lexsort((role, rank, unit))
        self._edge_rank, self._edge_role, self._edge_surface = rank[order], role[order], surface[order]
        self._surface_names = list(self._surfaces)
        ends = self._unit_ends = np.cumsum(np.bincount(unit, minlength=len(self._units)))
        for u in self._units.values():
            u.edges = (int(ends[u.number - 1]) if u.number else 0, int(ends[u.number]))
        self._has_role = np.zeros((len(ROLES), len(self._order)), bool)  # per role: whether a task has a unit in it
        for i in range(len(ROLES)):
            self._has_role[i, rank[role == i]] = True

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
        self._target_rank = np.array([r for r, _ in self._targets], np.int64)
        keys = {k: i for i, k in enumerate(sorted({r[0] for r in rows}))}
        n = len(rows) + 1
        rows = [rows[i] for i in sorted(range(len(rows)), key=lambda i: keys[rows[i][0]] * n + i)]
        self._dl_key = [r[0] for r in rows]
        self._dl_rank = np.array([r[1] for r in rows], np.int64)
        self._dl = [r[2] for r in rows]
        self._dl_end = np.array([date.fromisoformat(d.end).toordinal() if d.end else 0 for d in self._dl], np.int64)
        self._dl_recurs = np.array([d.kind == "recurring" for d in self._dl], bool)
        self._dl_dated = np.flatnonzero(~self._dl_recurs & (self._dl_end != 0))
        self._dl_dated_end = self._dl_end[self._dl_dated]
        self._dl_recurring = np.flatnonzero(self._dl_recurs)
        self._dl_open = np.flatnonzero(~self._dl_recurs & (self._dl_end == 0))

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

    # -- result objects, made on first use and kept --------------------------------------
    def _tasks_at(self, ranks: list[int]) -> list[TaskRef]:
        return list(map(self._order.__getitem__, ranks))

    def _unit_tasks_at(self, edges: list[int]) -> list[UnitTask]:
        """The UnitTask of each edge (a place in the edge table)."""
        made = self._unit_tasks
        missing = [e for e in dict.fromkeys(edges) if e not in made]
        if missing:
            at = np.array(missing)
            columns = (np.searchsorted(self._unit_ends, at, "right"), self._edge_role[at], self._edge_surface[at],
                       self._edge_rank[at])
            made.update(zip(missing, _UNIT_TASKS.validate_python(
                [{"role": ROLES[role], "unit": self._unit_list[u].organ, "surface": self._surface_names[surface],
                  "task": self._order[rank]}
                 for u, role, surface, rank in zip(*(c.tolist() for c in columns), strict=True)]), strict=True))
        return [made[e] for e in edges]

    def _deadline_refs_at(self, keys: list[int]) -> list[DeadlineRef]:
        """The DeadlineRef of each key: deadline position × 5 + status index."""
        refs = self._deadline_refs
        missing = [k for k in dict.fromkeys(keys) if k not in refs]
        if missing:
            ranks = self._dl_rank[np.array(missing) // 5].tolist()
            refs.update(zip(missing, _DEADLINE_REFS.validate_python(
                [{"deadline": self._dl[k // 5], "status": _STATUSES[k % 5], "task": self._order[r]}
                 for k, r in zip(missing, ranks, strict=True)]), strict=True))
        return [refs[k] for k in keys]

    def _target_refs_at(self, found: list[int]) -> list[TargetRef]:
        refs = self._target_refs
        missing = [i for i in dict.fromkeys(found) if refs[i] is None]
        if missing:
            made = _TARGET_REFS.validate_python([{"target": target, "task": self._order[rank]}
                                                  for rank, target in map(self._targets.__getitem__, missing)])
            for i, ref in zip(missing, made, strict=True):
                refs[i] = ref
        return [refs[i] for i in found]  # type: ignore[misc]

    def _unit_summaries_at(self, numbers: list[int]) -> list[UnitSummary]:
        made = self._unit_summaries
        for k in numbers:
            if k not in made:
                u = self._unit_list[k]
                made[k] = UnitSummary(id=f"unit:{u.organ}", canonical=u.organ, names=u.names, region=u.region,
                                      kind=u.kind, tasks=u.counts, documents=u.documents)
        return [made[k] for k in numbers]

    # -- selecting tasks ---------------------------------------------------------------
    def _edges_of(self, organ: str, role: Role | None = None) -> np.ndarray:
        """A unit's edges (places in the edge table) in result order: document order,
        then role; only those of ``role`` when it is given."""
        edges = np.arange(*self._units[organ].edges)
        return edges if role is None else edges[self._edge_role[edges] == _ROLE_INDEX.get(role, -1)]

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
            pool = self._pools[key] = _Pool(self._select_ranks(unit, region, role, docs), len(self._order))
            if len(self._pools) > 32:
                self._pools.popitem(last=False)
        self._pools.move_to_end(key)
        return pool

    def _select_ranks(self, unit: str | None, region: str | None, role: Role | None,
                      docs: list[str] | None) -> np.ndarray:
        pool: np.ndarray | None = None
        if unit is not None:
            ranks = self._edge_rank[self._edges_of(self.resolve(unit, region)[5:], role)]
            pool = ranks[np.r_[True, ranks[1:] != ranks[:-1]]] if len(ranks) else ranks
        else:
            if region is not None:
                matching = [ranks for name, ranks in self._region_ranks.items() if region in (name or "")]
                pool = matching[0] if len(matching) == 1 else np.sort(np.concatenate(matching)) if matching else _NONE
            if role is not None:
                has = self._has_role[_ROLE_INDEX[role]] if role in _ROLE_INDEX else np.zeros(len(self._order), bool)
                pool = np.flatnonzero(has) if pool is None else pool[has[pool]]
        if docs is not None:
            wanted = _spans(self._doc_range[d] for d in sorted({self._doc_id(d) for d in docs}))
            if pool is None:
                pool = wanted
            else:
                chosen = np.zeros(len(self._order), bool)
                chosen[wanted] = True
                pool = pool[chosen[pool]]
        return self._all if pool is None else pool

    def _has_status(self, ranks: np.ndarray, status: StatusFilter, day: date) -> np.ndarray:
        """Whether the task of each rank has ``status`` as :meth:`has_status` judges it."""
        if status in _PROGRESS_FILTERS:
            return self._progress[ranks] == _PROGRESS_FILTERS.index(status)
        d, due = day.toordinal(), self._due[ranks]
        if status == "overdue":
            keep = (due != 0) & (due < d)
        elif status == "due_soon":
            keep = (due >= d) & (due <= d + DUE_SOON_DAYS)
        elif status == "upcoming":
            keep = due > d + DUE_SOON_DAYS
        elif status in ("recurring", "open"):
            keep = (due == 0) & (self._recurring[ranks] == (status == "recurring"))
        else:  # not a status: nothing has it
            return np.zeros(len(ranks), bool)
        return keep & ~self._done[ranks] if status in _URGENT else keep

    def _with_status(self, pool: _Pool | None, status: StatusFilter, day: date) -> np.ndarray:
        """The ranks of ``pool`` (None: every task) whose task has ``status``."""
        if pool is None and status in _DATE_STATUSES:
            dated, ends = self._by_due
            lo, hi = _bounds(ends, status, day.toordinal())
            found = np.sort(dated[lo:hi])
            return found[~self._done[found]] if status in _URGENT else found
        ranks = self._all if pool is None else pool.ranks
        return ranks[self._has_status(ranks, status, day)]

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

    def units(self, region: str | None = None, kind: str | None = None) -> Results[UnitSummary]:
        """Every unit, with the number of tasks it has per role, busiest first."""
        if self._unit_order is None:
            self._unit_order = sorted(range(len(self._unit_list)), key=lambda k: (
                -sum(self._unit_list[k].counts.values()), self._unit_list[k].organ))
        units = self._unit_list
        return Results(np.array([k for k in self._unit_order
                                 if not ((region and region not in (units[k].region or ""))
                                         or (kind and units[k].kind != kind))], np.int64),
                       self._unit_summaries_at)

    def tasks_for(self, name: str, role: Role | None = None, region: str | None = None,
                  status: StatusFilter | None = None, today: date | str | None = None) -> Results[UnitTask]:
        """What a unit owes: its tasks with role, document, path, targets and deadlines;
        ``status`` as in :meth:`has_status` (relative to ``today``)."""
        organ = self.resolve(name, region)[5:]
        day = _day(today)
        edges = self._edges_of(organ, role)
        if status is not None:
            edges = edges[self._has_status(self._edge_rank[edges], status, day)]
        return Results(edges, self._unit_tasks_at)

    def tasks(self, unit: str | None = None, region: str | None = None, role: Role | None = None,
              status: StatusFilter | None = None, today: date | str | None = None,
              docs: list[str] | None = None) -> Results[TaskRef]:
        """Tasks in document order, narrowed by every filter given: a ``unit`` (``region``
        tells same-named organs apart) in a ``role``; without a unit, ``region`` is the
        document's region and ``role`` keeps tasks that have a unit in that role;
        ``status`` as in :meth:`has_status`; ``docs`` as :meth:`document` takes them."""
        day = _day(today)
        pool = self._select(unit, region, role, docs)
        if status is not None:
            ranks = self._with_status(pool, status, day)
        else:
            ranks = self._all if pool is None else pool.ranks
        return Results(ranks, self._tasks_at)

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
                  docs: list[str] | None = None) -> Results[DeadlineRef]:
        """Deadlines ending in [``start``, ``end``) (ISO dates) of the tasks
        :meth:`tasks` selects with ``unit``/``region``/``role``/``docs``. A date status
        applies to each deadline (a done task has none overdue or due soon), a progress
        status to its task."""
        day = _day(today)
        pool = self._select(unit, region, role, docs)
        d = day.toordinal()
        found: np.ndarray  # deadline positions, ascending
        if status in _DATE_STATUSES:
            lo, hi = _bounds(self._dl_dated_end, status, d)
            found = self._dl_dated[lo:hi]
        elif status == "recurring":
            found = self._dl_recurring
        elif status == "open":
            found = self._dl_open
        elif status in _PROGRESS_FILTERS:
            found = np.flatnonzero(self._has_status(self._dl_rank, status, day))
        elif status is None:
            found = np.arange(len(self._dl))
        else:  # not a status: nothing has it
            found = _NONE
        if start or end:
            lo = bisect_left(self._dl_key, start) if start else 0
            hi = bisect_left(self._dl_key, end) if end else len(self._dl_key)
            found = found[np.searchsorted(found, lo):np.searchsorted(found, hi)]
            found = found[self._dl_end[found] != 0]
        if pool is not None:
            found = found[pool.mask()[self._dl_rank[found]]]
        if status in _URGENT:
            found = found[~self._done[self._dl_rank[found]]]
        if status in _DATE_STATUSES:
            codes: np.ndarray | int = _STATUS_INDEX[status]
        else:  # each deadline's own status on ``day``
            ends = self._dl_end[found]
            codes = np.select([self._dl_recurs[found], ends == 0, ends < d, ends <= d + DUE_SOON_DAYS], [3, 4, 0, 1], 2)
        return Results(found * 5 + codes, self._deadline_refs_at)

    def attach_progress(self, progress: Mapping[str, Progress]) -> list[str]:
        """Join reported progress to tasks by task id. Returns the ids that match no
        task (reports on a document since re-extracted with another outline)."""
        unknown = []
        for task_id, reported in progress.items():
            if task_id in self._tasks:
                task = self._tasks[task_id]
                task.progress = reported
                if self._rank is None:
                    self._rank = {t.id: r for r, t in enumerate(self._order)}
                key = self.progress_status(task)
                self._progress[self._rank[task_id]] = _NO_STATUS if key is None else _PROGRESS_FILTERS.index(key)
                self._done[self._rank[task_id]] = key == "done"
            else:
                unknown.append(task_id)
        return unknown

    def targets(self, indicator: str | None = None, unit: str | None = None, region: str | None = None,
                docs: list[str] | None = None) -> Results[TargetRef]:
        """Targets whose indicator contains ``indicator``, of the tasks :meth:`tasks`
        selects, grouped by indicator wording."""
        pool = self._select(unit, region, None, docs)
        if indicator is None:
            found = np.arange(len(self._targets))
        else:
            found = _spans((lo, hi) for wording, lo, hi in self._indicators if indicator in wording)
        if pool is not None:
            found = found[pool.mask()[self._target_rank[found]]]
        return Results(found, self._target_refs_at)

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

    def search(self, text: str, region: str | None = None, docs: list[str] | None = None) -> Results[TaskRef]:
        """Tasks whose text contains ``text`` (or every one of its space-separated words)."""
        words = text.split()
        pool = self._select(None, region, None, docs)
        if not words:
            return Results(self._all if pool is None else pool.ranks, self._tasks_at)
        found = self._bigrams().find(words)
        if found is None:  # words of one character: no bigram to look up, every text to read
            ranks = self._all if pool is None else pool.ranks
            unsure = np.ones(len(ranks), bool)
        else:
            ranks, unsure = found[0].astype(np.int64), found[1]
            if pool is not None:
                chosen = pool.mask()[ranks]
                ranks, unsure = ranks[chosen], unsure[chosen]
        keep, order, read = ~unsure, self._order, np.flatnonzero(unsure)  # what the index left open is read
        keep[read] = [all(word in order[r].text for word in words) for r in ranks[read].tolist()]
        return Results(ranks[keep], self._tasks_at)


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
