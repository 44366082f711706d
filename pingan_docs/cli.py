"""The ``pingan-docs`` command: parses arguments, calls the library, prints.

Only this module decides exit statuses and what reaches the terminal: 0 done, 1 a
failure (a missing or unreadable file, nothing to work on, a refused workbook), 2 a
command line that cannot be right (an option the subcommand does not take, a bad date,
an ambiguous unit name). Every error is one line on stderr naming the file or the
option; no traceback reaches the user, and a closed pipe (``… | head -1``) ends quietly.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .labels import (
    DEADLINE_KIND_ZH,
    KIND_ALIASES,
    KIND_ZH,
    ROLE_ALIASES,
    ROLE_ZH,
    STATUS_ALIASES,
    STATUS_ZH,
    deadline_text,
    target_value_text,
)

if TYPE_CHECKING:
    from .graph import PolicyGraph, TaskRef


class UsageError(Exception):
    """The command line cannot be right: exit status 2."""


class Failure(Exception):
    """The command could not do its work: exit status 1."""


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected seconds (0 for no limit), got {text!r}")
    return value


def _cmd_extract(args: argparse.Namespace) -> int:
    from .corpus.ids import readable
    from .corpus.inputs import advice
    from .corpus.run import CorpusError, run_corpus

    if args.address and args.engine != "ray":
        print("error: --address names a Ray cluster: use it with --engine ray", file=sys.stderr)
        return 2
    inputs = [Path(p) for p in args.inputs] or [Path("corpus")]
    out = args.out if "://" in args.out else Path(args.out)  # a bucket URI stays as written
    try:
        result = run_corpus(inputs, out, jobs=args.jobs, timeout=args.timeout, force=args.force,
                            prune=args.prune, recursive=args.recursive, engine=args.engine,
                            address=args.address, progress=not args.quiet)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the files finished so far are kept, and a rerun skips them", file=sys.stderr)
        return 130
    kept = f", {len(result.unchanged)} unchanged since the last run" if result.unchanged else ""
    print(f"extracted {len(result.written)} document(s) into {readable(str(out)).rstrip('/')}/{kept}")
    if result.skipped:
        print(f"skipped {len(result.skipped)} file(s) of types pingan-docs does not read:", file=sys.stderr)
        for path in result.skipped:
            print(f"  {readable(path.as_posix())}: {advice(path)}", file=sys.stderr)
    if result.clashes:
        print(f"{len(result.clashes)} input(s) got a distinct id (their name gives an id another input has):",
              file=sys.stderr)
        for clash in result.clashes:
            print(f"  {readable(clash.path.as_posix())} -> {clash.doc_id}.json "
                  f"({clash.wanted}.json is taken by {clash.holder})", file=sys.stderr)
    if result.stale:
        verb = "removed" if result.pruned else "left in place (remove them with --prune)"
        print(f"{len(result.stale)} output(s) whose input is gone, fails or was renamed, {verb}:",
              file=sys.stderr)
        for path in result.stale:
            print(f"  {readable(path.as_posix())}", file=sys.stderr)
    if result.failures:
        print(f"{len(result.failures)} file(s) failed:", file=sys.stderr)
        for path, reason in result.failures:
            print(f"  {readable(path.as_posix())}: {reason}", file=sys.stderr)
        return 1
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_dirs, format_report

    gold = Path(args.gold)
    if not gold.is_dir() or not any(gold.glob("*.json")):
        raise Failure(f"{gold}: no gold annotations (*.json) found")
    _require_extracted(Path(args.extracted))
    report = evaluate_dirs(gold, Path(args.extracted))
    if args.json:
        _print_json(report)
    else:
        print(format_report(report, details=args.details))
    return 0


# -- reading the extraction ---------------------------------------------------------------

def _require_extracted(folder: Path) -> None:
    if not folder.is_dir():
        raise Failure(f"{folder}: no such folder (run `pingan-docs extract` first, or pass --extracted DIR)")
    if not any(p for p in folder.glob("*.json") if not p.name.startswith("_")):
        raise Failure(f"{folder}: no extracted documents (*.json) in it (run `pingan-docs extract` first)")


def _graph(args: argparse.Namespace) -> PolicyGraph:
    from .graph import load

    folder = Path(args.extracted)
    _require_extracted(folder)
    return load(folder)


# -- printing --------------------------------------------------------------------------------

def _print_json(data: object) -> None:
    import json
    from collections.abc import Sequence

    from pydantic import BaseModel

    def plain(x: object) -> object:
        if isinstance(x, BaseModel):
            return x.model_dump(mode="json")
        if isinstance(x, Sequence) and not isinstance(x, str):  # a list, or the Results of a query
            return [plain(i) for i in x]
        return x

    print(json.dumps(plain(data), ensure_ascii=False, indent=1))


def _table(title: str, columns: list[str], rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*r)
    Console().print(table)


def _units(task: TaskRef) -> str:
    from .export.ledger import exclusive_units

    return "；".join(f"{ROLE_ZH[role]}：{names}" for role, names in exclusive_units(task).items() if names)


def _due(graph: PolicyGraph, task: TaskRef) -> str:
    due = graph.due_date(task)
    return due.isoformat() if due else "；".join(dict.fromkeys(deadline_text(d) for d in task.deadlines))


def _state(graph: PolicyGraph, task: TaskRef, today: date) -> list[str]:
    """状态 (from the dates; 已完成 when reported done) and 完成情况 (as reported)."""
    reported = graph.progress_status(task)
    status = "已完成" if reported == "done" else STATUS_ZH[graph.task_status(task, today)]
    return [status, (task.progress.status or "—") if task.progress else STATUS_ZH["unreported"]]


def _status_note(args: argparse.Namespace) -> str:
    return f"（{STATUS_ZH[args.status]}）" if getattr(args, "status", None) else ""


# -- query ------------------------------------------------------------------------------------

def _cmd_query_unit(args: argparse.Namespace) -> int:
    from .export.ledger import heading

    graph = _graph(args)
    items = graph.tasks_for(args.name, role=args.role, region=args.region, status=args.status, today=args.today)
    if args.json:
        _print_json(items)
        return 0
    unit = items[0].unit if items else graph.resolve(args.name, args.region).removeprefix("unit:")
    _table(f"{unit}：{len(items)} 项任务{_status_note(args)}",
           ["角色", "文件", "章节", "任务", "完成时限", "状态", "完成情况"],
           [[ROLE_ZH[i.role], i.task.doc_title or i.task.doc_id, i.task.path, heading(i.task),
             _due(graph, i.task), *_state(graph, i.task, args.today)] for i in items])
    return 0


def _cmd_query_deadlines(args: argparse.Namespace) -> int:
    from .export.ledger import heading

    graph = _graph(args)
    items = graph.deadlines(start=_iso(args.after), end=_iso(args.before), status=args.status, today=args.today,
                            unit=args.unit, region=args.region, role=args.role, docs=args.doc)
    if args.json:
        _print_json(items)
        return 0
    _table(f"时限：{len(items)} 项{_status_note(args)}",
           ["时限", "类型", "状态", "完成情况", "文件", "章节", "任务", "单位"],
           [[deadline_text(d.deadline), DEADLINE_KIND_ZH[d.deadline.kind],
             "已完成" if graph.progress_status(d.task) == "done" else STATUS_ZH[d.status],
             _state(graph, d.task, args.today)[1], d.task.doc_title or d.task.doc_id, d.task.path,
             heading(d.task), _units(d.task)] for d in items])
    return 0


def _cmd_query_targets(args: argparse.Namespace) -> int:
    graph = _graph(args)
    items = graph.targets(args.word, unit=args.unit, region=args.region, docs=args.doc)
    if args.json:
        _print_json(items)
        return 0
    _table(f"指标：{len(items)} 项", ["指标", "要求", "文件", "章节", "单位"],
           [[t.target.indicator, target_value_text(t.target),
             t.task.doc_title or t.task.doc_id, t.task.path, _units(t.task)] for t in items])
    return 0


def _cmd_query_units(args: argparse.Namespace) -> int:
    from .graph import ROLES

    graph = _graph(args)
    items = graph.units(region=args.region, kind=args.kind)
    if args.json:
        _print_json(items)
        return 0
    _table(f"单位：{len(items)} 个", ["单位", "地区", "类别", "牵头", "责任", "配合", "指导", "文件数"],
           [[u.canonical, u.region or "", KIND_ZH.get(u.kind, u.kind), *(str(u.tasks.get(r, 0)) for r in ROLES),
             str(u.documents)] for u in items])
    return 0


def _cmd_query_search(args: argparse.Namespace) -> int:
    from .export.ledger import heading

    graph = _graph(args)
    text = " ".join(args.text)
    items = graph.search(text, region=args.region, docs=args.doc)
    if args.json:
        _print_json(items)
        return 0
    _table(f"“{text}”：{len(items)} 项任务", ["文件", "章节", "任务", "单位"],
           [[t.doc_title or t.doc_id, t.path, heading(t), _units(t)] for t in items])
    return 0


# -- export -----------------------------------------------------------------------------------

def _output(args: argparse.Namespace, default: str) -> Path | None:
    """The output file (None: standard output), checked before any work is done."""
    if args.out == "-":
        if args.format == "xlsx" and sys.stdout.isatty():
            raise UsageError(f"{args.prog}: refusing to write a workbook to the terminal; "
                             "redirect it (> file.xlsx) or pass --out FILE")
        return None
    out = Path(args.out or default)
    if out.is_dir():
        raise Failure(f"{out}: is a folder; pass --out FILE")
    if not out.parent.is_dir():
        raise Failure(f"cannot write {out}: folder {out.parent} does not exist")
    return out


def _save(out: Path | None, data: bytes) -> None:
    """All or nothing: a temporary file beside the target, renamed over it."""
    import tempfile

    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise Failure(f"cannot write {out}: {exc.strerror or exc}") from None
    print(f"wrote {out}")


def _export(args: argparse.Namespace, default: str, write: Callable[[PolicyGraph, IO[bytes], Path | None], None]) -> int:
    """Check where the export goes, build it in memory, then write it whole."""
    import io

    out = _output(args, default)
    graph = _graph(args)
    buffer = io.BytesIO()
    write(graph, buffer, out)
    _save(out, buffer.getvalue())
    return 0


def _cmd_export_ledger(args: argparse.Namespace) -> int:
    from .export.ledger import write_csv, write_xlsx

    def write(graph: PolicyGraph, buffer: IO[bytes], out: Path | None) -> None:
        site_url = args.site_url.rstrip("/") + "/" if args.site_url else _relative_site(out)
        (write_xlsx if args.format == "xlsx" else write_csv)(graph, buffer, docs=args.doc, site_url=site_url)

    return _export(args, f"任务分工台账.{args.format}", write)


def _relative_site(out: Path | None) -> str:
    """The built site (``site/`` here) as seen from where the ledger is written."""
    base = (out.parent if out else Path()).absolute()
    return Path(os.path.relpath(Path("site").absolute(), base)).as_posix() + "/"


def _cmd_export_graph(args: argparse.Namespace) -> int:
    from .export.graphfmt import write_graph

    return _export(args, f"pingan_graph.{args.format}", lambda graph, buffer, _: write_graph(graph, buffer, args.format))


def _cmd_export_ics(args: argparse.Namespace) -> int:
    from .export.ics import write_ics

    return _export(args, "pingan_deadlines.ics", lambda graph, buffer, _: write_ics(graph, buffer, docs=args.doc))


# -- progress ---------------------------------------------------------------------------------

def _cmd_progress_import(args: argparse.Namespace) -> int:
    from .progress import import_ledgers, progress_path

    graph = _graph(args)
    store = progress_path(Path(args.extracted))
    result = import_ledgers([Path(p) for p in args.files], graph, store, dry_run=args.dry_run)
    if args.json:
        _print_json({"imported": result.imported, "refused": [{"file": f, "reason": r} for f, r in result.refused],
                     "warnings": result.warnings,
                     "conflicts": [{"task": c.task, "column": c.column, "values": c.values} for c in result.conflicts],
                     "new": [r.task for r in result.new], "changed": [r.task for r, _ in result.changed],
                     "unchanged": result.unchanged, "progress_file": str(store), "dry_run": args.dry_run})
    else:
        stored = "would store" if args.dry_run else "stored"
        print(f"read {len(result.imported)} ledger(s): {len(result.new)} new report(s), "
              f"{len(result.changed)} changed, {result.unchanged} unchanged; {stored} in {store}")
        for record, before in result.changed:
            print(f"  changed {record.task}: {_progress_text(before)} → {_progress_text(record.progress)}")
    for path, reason in result.refused:
        print(f"refused {path}: {reason}; nothing taken from it", file=sys.stderr)
    for warning in result.warnings:
        print(f"skipped {warning}", file=sys.stderr)
    for c in result.conflicts:
        said = "；".join(f"{where}: {value!r}" for where, value in c.values.items())
        print(f"conflict on {c.task} {c.column}: {said}; nothing stored for this task "
              "(import the file you trust on its own)", file=sys.stderr)
    return 0 if result.ok else 1


def _progress_text(p: Any) -> str:
    return "/".join(x for x in (p.status, p.report, p.remark) if x) or "（空）"


def _cmd_progress_show(args: argparse.Namespace) -> int:
    from .export.ledger import heading

    graph = _graph(args)
    items = [t for t in graph.tasks(status=args.status, today=args.today, docs=args.doc) if t.progress]
    if args.json:
        _print_json([{"task": t.id, **t.progress.model_dump()} for t in items if t.progress])
        return 0
    _table(f"进展：{len(items)} 项任务{_status_note(args)}",
           ["文件", "章节", "任务", "完成情况", "进展情况", "备注", "更新", "来源"],
           [[t.doc_title or t.doc_id, t.path, heading(t), t.progress.status or "", t.progress.report or "",
             t.progress.remark or "", t.progress.updated or "", t.progress.source or ""]
            for t in items if t.progress])
    return 0


def _cmd_site(args: argparse.Namespace) -> int:
    from mkdocs.exceptions import MkDocsException

    from .site import build_site

    _require_extracted(Path(args.extracted))
    config = Path(args.config)
    if not config.is_file():
        raise Failure(f"{config}: no such MkDocs config (run from the project folder or pass --config)")
    try:
        pages = build_site(Path(args.extracted), Path(args.out), args.today, config)
    except MkDocsException as exc:
        raise Failure(f"site build failed: {exc}") from None
    print(f"built {pages} pages into {args.out}/")
    return 0


# -- arguments --------------------------------------------------------------------------------

_DATE_FORMS = (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
               re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"), re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"))


def parse_date(text: str) -> date:
    """``2015-01-01``, ``2015年1月1日``, ``2015/1/1`` or ``2015.1.1``; a real day."""
    for form in _DATE_FORMS:
        m = form.fullmatch(text.strip())
        if m:
            try:
                return date(*(int(g) for g in m.groups()))
            except ValueError:
                raise argparse.ArgumentTypeError(f"invalid date {text!r}: no such day") from None
    raise argparse.ArgumentTypeError(f"invalid date {text!r}: use YYYY-MM-DD or 2015年1月1日")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _alias(table: dict[str, str], what: str, shown: str) -> Any:
    def convert(text: str) -> str:
        value = table.get(text.strip()) or table.get(text.strip().lower())
        if value is None:
            raise argparse.ArgumentTypeError(f"unknown {what} {text!r}: use {shown}")
        return value
    convert.__name__ = what  # argparse names the type in some messages
    return convert


_ROLE = _alias(ROLE_ALIASES, "role", "牵头/责任/配合/指导 (lead/responsible/cooperate/guide)")
_STATUS = _alias(STATUS_ALIASES, "status", "逾期/将到期/未到期/周期性/无日期 (by date) or "
                 "已完成/正常推进/滞后/未启动/未报送 (as reported); English: overdue/due_soon/upcoming/"
                 "recurring/open/done/on_track/late/not_started/unreported")
_KIND = _alias(KIND_ALIASES, "kind", "机关单位/集合单位/泛指部门 (organ/collective/generic)")


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line (argparse prints the whole usage block by default)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pingan_docs")
    except PackageNotFoundError:
        return "unknown"


def _leaf(sub: Any, name: str, help: str, func: Any, parents: list[argparse.ArgumentParser]) -> Any:
    p = sub.add_parser(name, help=help, description=help, parents=parents)
    p.set_defaults(func=func, prog=p.prog)
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="pingan-docs", description="Chinese 平安建设 policy documents into structured, "
                     "checkable knowledge: extract, query, export the 任务分工台账, read progress back, build the site. "
                     "Exit status: 0 done, 1 failed, 2 usage error.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="extract documents into JSON (default corpus/ -> extracted/)")
    p.add_argument("inputs", nargs="*", help="files or folders (default: corpus/)")
    p.add_argument("--out", default="extracted", help="output folder (default: extracted/)")
    p.add_argument("--jobs", type=_positive_int, default=None,
                   help="worker processes (default: the CPUs this process may use)")
    p.add_argument("--timeout", type=_seconds, default=120.0,
                   help="seconds one file may take before it fails; 0 for no limit (default: 120)")
    p.add_argument("--force", action="store_true", help="extract every file again, ignoring the cache")
    p.add_argument("--prune", action="store_true",
                   help="remove outputs whose input is gone, now fails or was renamed")
    p.add_argument("--recursive", "-r", action="store_true", help="search folders' subfolders too")
    p.add_argument("--engine", choices=["local", "ray"], default="local",
                   help="local worker processes, or a Ray cluster (pip install pingan_docs[ray])")
    p.add_argument("--address", help="Ray cluster address (default: start a local Ray)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_extract)

    extracted = _Parser(add_help=False)
    extracted.add_argument("--extracted", default="extracted", metavar="DIR",
                           help="folder of extracted JSON (default: extracted/)")
    as_json = _Parser(add_help=False)
    as_json.add_argument("--json", action="store_true", help="machine-readable output")
    region = _Parser(add_help=False)
    region.add_argument("--region", help="a region (呼和浩特, 泸州…): tells same-named units apart, "
                                         "or keeps the documents of that region")
    docs = _Parser(add_help=False)
    docs.add_argument("--doc", action="append", metavar="ID",
                      help="only this document: its id (003_a230dda529796dcc), file id or 发文字号; repeatable")
    status = _Parser(add_help=False)
    status.add_argument("--status", type=_STATUS, help="逾期/将到期/未到期/周期性/无日期 or "
                        "已完成/正常推进/滞后/未启动/未报送 (English names work too)")
    status.add_argument("--today", type=parse_date, default=date.today(), metavar="DATE",
                        help="reference date for 逾期/将到期 (default: today; YYYY-MM-DD or 2015年1月1日)")
    role = _Parser(add_help=False)
    role.add_argument("--role", type=_ROLE, help="牵头/责任/配合/指导 (lead/responsible/cooperate/guide)")

    p = sub.add_parser("evaluate", help="score extracted/ against gold annotations (FORMAT.md)")
    p.add_argument("--gold", required=True, help="folder of gold JSON files")
    p.add_argument("--extracted", default="extracted", help="folder of extracted JSON")
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.add_argument("--details", action="store_true", help="list every missed and spurious item")
    p.set_defaults(func=_cmd_evaluate, prog=p.prog)

    query = sub.add_parser("query", help="ask the graph: unit NAME | deadlines | targets [WORD] | units | search TEXT")
    qsub = query.add_subparsers(dest="what", required=True, metavar="WHAT")
    common = [extracted, as_json]
    p = _leaf(qsub, "unit", "the tasks of one unit", _cmd_query_unit, [*common, region, role, status])
    p.add_argument("name", help="unit name as written (市公安局) or in full (泸州市公安局)")
    p = _leaf(qsub, "deadlines", "deadlines, by unit, region, role, status and date", _cmd_query_deadlines,
              [*common, region, role, status, docs])
    p.add_argument("--unit", metavar="NAME", help="only this unit's tasks (with --region to tell same-named units apart)")
    p.add_argument("--before", type=parse_date, metavar="DATE", help="deadlines ending before this date")
    p.add_argument("--after", type=parse_date, metavar="DATE", help="deadlines ending on or after this date")
    p = _leaf(qsub, "targets", "targets, by indicator word", _cmd_query_targets, [*common, region, docs])
    p.add_argument("word", nargs="?", help="a word of the indicator (破案率); all targets without it")
    p.add_argument("--unit", metavar="NAME", help="only this unit's tasks")
    p = _leaf(qsub, "units", "every unit with its task counts per role", _cmd_query_units, [*common, region])
    p.add_argument("--kind", type=_KIND, help="机关单位/集合单位/泛指部门 (organ/collective/generic)")
    p = _leaf(qsub, "search", "tasks whose text contains every word", _cmd_query_search, [*common, region, docs])
    p.add_argument("text", nargs="+", help="words the task's text must contain")

    export = sub.add_parser("export", help="任务分工台账 (xlsx/csv), graph (graphml/gexf/json) or calendar (ics)")
    esub = export.add_subparsers(dest="what", required=True, metavar="WHAT")
    p = _leaf(esub, "ledger", "the 任务分工台账 to send out and import back", _cmd_export_ledger, [extracted, docs])
    p.add_argument("--format", choices=["xlsx", "csv"], help="default: from --out's suffix, else xlsx")
    p.add_argument("--out", help="output file, - for standard output (default: 任务分工台账.xlsx/.csv)")
    p.add_argument("--site-url", metavar="URL", help="where the built site is, for the 链接 column "
                   "(default: the site/ folder as seen from the ledger)")
    p = _leaf(esub, "graph", "the graph for Gephi and other tools", _cmd_export_graph, [extracted])
    p.add_argument("--format", choices=["graphml", "gexf", "json"], help="default: from --out's suffix, else graphml")
    p.add_argument("--out", help="output file, - for standard output (default: pingan_graph.graphml/…)")
    p = _leaf(esub, "ics", "deadlines as an iCalendar feed", _cmd_export_ics, [extracted, docs])
    p.add_argument("--out", help="output file, - for standard output (default: pingan_deadlines.ics)")
    p.set_defaults(format="ics")

    progress = sub.add_parser("progress", help="read returned ledgers back; show the progress reported")
    psub = progress.add_subparsers(dest="what", required=True, metavar="WHAT")
    p = _leaf(psub, "import", "read filled-in ledgers (进展情况/完成情况/备注) into progress.jsonl",
              _cmd_progress_import, [extracted, as_json])
    p.add_argument("files", nargs="+", metavar="LEDGER.xlsx", help="returned ledgers")
    p.add_argument("--dry-run", action="store_true", help="report what would change; store nothing")
    p = _leaf(psub, "show", "the progress reported on each task", _cmd_progress_show,
              [extracted, as_json, status, docs])

    p = sub.add_parser("site", help="generate the MkDocs-Material site (extracted/ -> site/)")
    p.add_argument("--extracted", default="extracted")
    p.add_argument("--out", default="site")
    p.add_argument("--config", default="mkdocs.yml")
    p.add_argument("--today", type=parse_date, default=date.today(), metavar="DATE",
                   help="reference date for overdue/due-soon (default: build date; YYYY-MM-DD or 2015年1月1日)")
    p.set_defaults(func=_cmd_site, prog=p.prog)
    return parser


_SUFFIX_FORMATS = {".xlsx": "xlsx", ".csv": "csv", ".graphml": "graphml", ".gexf": "gexf", ".json": "json",
                   ".ics": "ics"}
_FORMATS = {"ledger": ("xlsx", "csv"), "graph": ("graphml", "gexf", "json"), "ics": ("ics",)}


def _check(args: argparse.Namespace) -> None:
    """What argparse cannot say: options that only make sense together."""
    if args.command == "export":
        allowed = _FORMATS[args.what]
        implied = _SUFFIX_FORMATS.get(Path(args.out).suffix.lower()) if args.out and args.out != "-" else None
        if implied and args.format and implied != args.format:
            raise UsageError(f"{args.prog}: --format {args.format} but --out {args.out} ends in .{implied}")
        if implied and implied not in allowed:
            raise UsageError(f"{args.prog}: --out {args.out}: .{implied} is not a {args.what} format "
                             f"({', '.join(allowed)})")
        args.format = args.format or implied or allowed[0]
    if getattr(args, "before", None) and getattr(args, "after", None) and args.after >= args.before:
        raise UsageError(f"{args.prog}: --after {args.after} is not before --before {args.before}")
    if getattr(args, "name", None) is not None and not args.name.strip():
        raise UsageError(f"{args.prog}: the unit name is empty")


def _fail(exc: BaseException, prog: str) -> int:
    """Exit status and one line for an error that reached the top."""
    from .graph import AmbiguousUnitError, ExtractedFolderError, UnknownDocumentError, UnknownUnitError
    from .progress import ProgressFileError

    if isinstance(exc, UsageError):
        print(f"{exc}", file=sys.stderr)
        return 2
    if isinstance(exc, AmbiguousUnitError):
        print(f"{prog}: {exc.args[0].split(' (')[0]}; add --region or use the full name", file=sys.stderr)
        return 2
    if isinstance(exc, (Failure, ExtractedFolderError, ProgressFileError)):
        print(f"{prog}: {exc}", file=sys.stderr)
        return 1
    if isinstance(exc, (UnknownUnitError, UnknownDocumentError)):
        print(f"{prog}: {exc.args[0]}", file=sys.stderr)
        return 1
    if isinstance(exc, OSError):
        print(f"{prog}: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"{prog}: internal error: {exc.__class__.__name__}: {exc} (please report it)", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    prog = "pingan-docs"
    try:
        parser = build_parser()
        args, extra = parser.parse_known_args(argv)
        prog = getattr(args, "prog", prog)
        if extra:
            raise UsageError(f"{prog}: unrecognized arguments: {' '.join(extra)} (see {prog} --help)")
        _check(args)
        code = int(args.func(args))
        sys.stdout.flush()
        return code
    except BrokenPipeError:  # the reader went away (… | head): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else 0
    except Exception as exc:
        return _fail(exc, prog)


if __name__ == "__main__":
    sys.exit(main())
