"""What the units report back on their tasks: returned 任务分工台账 read in, and the file
that keeps what they said.

The office sends the ledger out (:mod:`pingan_docs.export.ledger`), units fill 进展情况,
完成情况 and 备注, the office imports the returned files. Rows are matched by the hidden
任务编号 (the task's stable id), never by position, so units may sort, filter, hide or
delete rows. A workbook that is not a ledger of this extraction (no 任务编号 column,
renamed or merged headers, ids this extraction does not know) is refused whole; a bad
cell (a 完成情况 not on the list) costs only its row. When two returned files say
different things about one task, neither is taken: the conflict is reported. A blank
cell says nothing: an import adds and updates, it never erases.

The progress file, ``progress.jsonl`` beside ``extracted/``, is JSON Lines: a first line
naming the format and its version, then one report per line, appended in import order
and never rewritten, so it reads (and diffs) as the history of what each unit said. The
last line about a task is its current progress::

    {"format": "pingan-docs progress", "version": 1}
    {"task": "003_….html#t-二-一-3", "status": "正常推进", "report": "已完成摸排", "updated": "2015-03-02", "source": "returned/公安局.xlsx"}
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pydantic import ValidationError

from .export.ledger import FILL_IN, HEADER, ID_COLUMN, PROGRESS_CHOICES
from .files import write_atomic
from .graph import PolicyGraph
from .models import Progress

FORMAT = "pingan-docs progress"
VERSION = 1
FILE_NAME = "progress.jsonl"
FIELDS = {"进展情况": "report", "完成情况": "status", "备注": "remark"}  # column -> Progress field
STATUS_WORDS = {**{s: s for s in PROGRESS_CHOICES}, "完成": "已完成", "推进中": "正常推进",
                "进行中": "正常推进", "未开始": "未启动"}
_HEADER_SEARCH_ROWS = 10


class ProgressFileError(Exception):
    """The progress file cannot be read; the message names the file and line."""


class LedgerError(Exception):
    """A returned workbook refused whole; the message says why."""


def progress_path(extracted: Path) -> Path:
    """The progress file of an extraction folder: beside it, not in it (``extracted/``
    is regenerated; what the units said is not)."""
    return Path(extracted).parent / FILE_NAME


@dataclass(frozen=True)
class Record:
    task: str
    progress: Progress

    def to_line(self) -> str:
        return json.dumps({"task": self.task, **self.progress.model_dump(exclude_none=True)},
                          ensure_ascii=False)


def read_log(path: Path) -> list[Record]:
    """Every report in the progress file, oldest first."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ProgressFileError(f"{path}: cannot read the progress file ({exc})") from None
    try:
        head = json.loads(lines[0]) if lines else None
    except json.JSONDecodeError:
        head = None
    if not isinstance(head, dict) or head.get("format") != FORMAT or not isinstance(head.get("version"), int):
        raise ProgressFileError(f'{path}:1: not a progress file (the first line must be '
                                f'{{"format": "{FORMAT}", "version": {VERSION}}})')
    if head["version"] > VERSION:
        raise ProgressFileError(f"{path}:1: format version {head['version']} is newer than this "
                                f"pingan-docs reads ({VERSION}); upgrade pingan-docs")
    records = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            task = data.pop("task")
            if not isinstance(task, str):
                raise TypeError("task must be a string")
            records.append(Record(task, Progress.model_validate(data)))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise ProgressFileError(f"{path}:{number}: not a progress record ({exc})") from None
        except ValidationError as exc:
            error = exc.errors()[0]
            raise ProgressFileError(f"{path}:{number}: {'.'.join(map(str, error['loc']))}: {error['msg']}") from None
    return records


def read_progress(path: Path) -> dict[str, Progress]:
    """The current progress of each task: its last report."""
    return {r.task: r.progress for r in read_log(path)}


def append_records(path: Path, records: Iterable[Record]) -> None:
    """Add reports at the end of the progress file (created with its header line)."""
    old = read_log(path) if path.exists() else []
    lines = [json.dumps({"format": FORMAT, "version": VERSION}), *(r.to_line() for r in [*old, *records])]
    write_atomic(path, "\n".join(lines) + "\n")


# -- returned ledgers -------------------------------------------------------------------

@dataclass(frozen=True)
class Reported:
    """One filled row of a returned ledger."""

    task: str
    status: str | None
    report: str | None
    remark: str | None
    source: str  # the file, as given
    where: str  # file, sheet and row, for messages


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _open_workbook(path: Path):  # type: ignore[no-untyped-def]
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    suffix = path.suffix.lower()
    if suffix in (".xls", ".et"):
        raise LedgerError(f"an old-format workbook ({suffix}): save it as .xlsx and import that")
    if suffix not in (".xlsx", ".xlsm"):
        raise LedgerError("not an .xlsx workbook (only filled-in ledgers from `export ledger` are imported)")
    if not path.is_file():
        raise LedgerError("no such file")
    try:
        return load_workbook(path, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise LedgerError(f"cannot be read as an .xlsx workbook ({exc.__class__.__name__}: {exc})") from None


def _header_row(sheet) -> int | None:  # type: ignore[no-untyped-def]
    for row in sheet.iter_rows(min_row=1, max_row=_HEADER_SEARCH_ROWS):
        if any(_cell_text(c.value) == ID_COLUMN for c in row):
            return row[0].row
    return None


def _columns(sheet, header_row: int) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Column index per header label; refuses renamed, missing, doubled or merged headers."""
    for merged in sheet.merged_cells.ranges:
        if merged.min_row <= header_row <= merged.max_row:
            raise LedgerError(f"sheet {sheet.title}: header cells merged ({merged.coord})")
    found: dict[str, list[int]] = defaultdict(list)
    for cell in sheet[header_row]:
        text = _cell_text(cell.value)
        if text:
            found[text].append(cell.column)
    missing = [h for h in HEADER if h not in found]
    if missing:
        raise LedgerError(f"sheet {sheet.title}: header row {header_row} lacks {'、'.join(missing)} "
                          "(columns renamed or deleted)")
    doubled = [h for h in HEADER if len(found[h]) > 1]
    if doubled:
        raise LedgerError(f"sheet {sheet.title}: header {'、'.join(doubled)} appears more than once")
    columns = {h: found[h][0] for h in HEADER}
    watched = {columns[h] for h in (*FILL_IN, ID_COLUMN)}
    for merged in sheet.merged_cells.ranges:
        if merged.max_row > header_row and any(merged.min_col <= c <= merged.max_col for c in watched):
            raise LedgerError(f"sheet {sheet.title}: merged cells in the rows ({merged.coord}); "
                              "unmerge them so each task keeps its own 进展情况/完成情况/备注")
    return columns


def read_ledger(path: Path, known: Container[str]) -> tuple[list[Reported], list[str]]:
    """The filled rows of one returned ledger, and warnings for rows skipped. Raises
    :class:`LedgerError` when the workbook cannot be taken as a whole."""
    book = _open_workbook(path)
    reported: list[Reported] = []
    warnings: list[str] = []
    unknown: list[str] = []
    sheets = 0
    for sheet in book.worksheets:
        header_row = _header_row(sheet)
        if header_row is None:
            continue  # a sheet the unit added: not ours
        sheets += 1
        columns = _columns(sheet, header_row)
        rows = sheet.iter_rows(min_row=header_row + 1, values_only=True)
        for number, row in enumerate(rows, start=header_row + 1):
            cells = {name: _cell_text(row[i - 1]) if i <= len(row) else None for name, i in columns.items()}
            filled = {f: cells[c] for c, f in FIELDS.items()}
            task = cells[ID_COLUMN]
            where = f"{path.name} {sheet.title} 第{number}行"
            if not any(filled.values()):
                continue
            if task is None:
                warnings.append(f"{where}: filled in but has no 任务编号; row skipped")
                continue
            if task not in known:
                unknown.append(task)
                continue
            status = filled["status"]
            if status is not None and status not in STATUS_WORDS:
                warnings.append(f"{where}: 完成情况 {status!r} is not one of {'/'.join(PROGRESS_CHOICES)}; "
                                "row skipped")
                continue
            reported.append(Reported(task, STATUS_WORDS.get(status or ""), filled["report"],
                                     filled["remark"], str(path), where))
    if not sheets:
        raise LedgerError(f"not a pingan-docs ledger: no sheet has a {ID_COLUMN} column "
                          "(send out ledgers made by `pingan-docs export ledger`)")
    if unknown:
        raise LedgerError(f"{len(unknown)} row(s) with a 任务编号 this extraction does not know "
                          f"(e.g. {unknown[0]}): a ledger of other documents, or edited 任务编号 cells")
    return reported, warnings


@dataclass(frozen=True)
class Conflict:
    task: str
    column: str
    values: dict[str, str]  # where -> what it says


@dataclass
class ImportResult:
    imported: list[str] = field(default_factory=list)  # files taken
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    warnings: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    new: list[Record] = field(default_factory=list)  # first report on a task
    changed: list[tuple[Record, Progress]] = field(default_factory=list)  # (report, what it replaces)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not (self.refused or self.conflicts)


def _merge(task: str, reports: list[Reported], current: Progress | None, today: date) -> Progress | list[Conflict]:
    """One task's reports from several rows (files) as one Progress, or the columns on
    which they disagree. A blank cell says nothing (an import never erases), and neither
    does a cell that repeats the stored progress (the next round's ledger goes out
    pre-filled, so an untouched row is no news)."""
    merged: dict[str, str | None] = {}
    conflicts = []
    for column, name in FIELDS.items():
        old = getattr(current, name) if current else None
        said = {r.where: getattr(r, name) for r in reports if getattr(r, name) not in (None, old)}
        if len(set(said.values())) > 1:
            conflicts.append(Conflict(task, column, said))
        merged[name] = next(iter(said.values()), old)
    if conflicts:
        return conflicts
    sources = "; ".join(dict.fromkeys(r.source for r in reports))
    return Progress(status=merged["status"], report=merged["report"], remark=merged["remark"],  # type: ignore[arg-type]
                    updated=today.isoformat(), source=sources)


def import_ledgers(paths: list[Path], graph: PolicyGraph, store: Path, today: date | None = None,
                   dry_run: bool = False) -> ImportResult:
    """Read returned ledgers and append what changed to the progress file ``store``.
    Refused files and conflicting tasks change nothing; the rest is stored."""
    today = today or date.today()
    known = {t.id for t in graph.all_tasks()}
    result = ImportResult()
    by_task: dict[str, list[Reported]] = defaultdict(list)
    for path in paths:
        try:
            reported, warnings = read_ledger(path, known)
        except LedgerError as exc:
            result.refused.append((str(path), str(exc)))
            continue
        result.imported.append(str(path))
        result.warnings += warnings
        for r in reported:
            by_task[r.task].append(r)
    current = read_progress(store) if store.exists() else {}
    for task in sorted(by_task):
        before = current.get(task)
        merged = _merge(task, by_task[task], before, today)
        if isinstance(merged, list):
            result.conflicts += merged
            continue
        record = Record(task, merged)
        if before is None:
            result.new.append(record)
        elif (before.status, before.report, before.remark) == (merged.status, merged.report, merged.remark):
            result.unchanged += 1
        else:
            result.changed.append((record, before))
    if not dry_run and (result.new or result.changed):
        append_records(store, [*result.new, *(r for r, _ in result.changed)])
    return result
