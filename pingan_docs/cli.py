"""The ``pingan-docs`` command: parses arguments, calls the library, prints.

Only this module decides exit statuses and what reaches the terminal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


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

    report = evaluate_dirs(Path(args.gold), Path(args.extracted))
    if args.json:
        import json

        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(format_report(report, details=args.details))
    return 0 if report["documents"] else 1


def _graph(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from .graph import load

    return load(args.extracted)


def _print_json(data: object) -> None:
    import json

    from pydantic import BaseModel

    def plain(x: object) -> object:
        if isinstance(x, BaseModel):
            return x.model_dump(mode="json")
        if isinstance(x, list):
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


def _cmd_query(args: argparse.Namespace) -> int:
    from .graph import ROLE_ZH, AmbiguousUnitError, UnknownUnitError

    graph = _graph(args)
    if args.what == "unit":
        try:
            items = graph.tasks_for(args.name, role=args.role, region=args.region)
        except (AmbiguousUnitError, UnknownUnitError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if args.json:
            _print_json(items)
            return 0
        _table(f"{items[0].unit if items else args.name}：{len(items)} 项任务",
               ["角色", "文件", "章节", "任务", "指标", "时限"],
               [[ROLE_ZH[i.role], i.task.doc_title or i.task.doc_id, i.task.path,
                 i.task.text[:50].replace("\n", " "),
                 "；".join(f"{t.indicator} {t.comparator} {t.value:g}{t.unit or ''}" for t in i.task.targets),
                 "；".join(d.end or d.frequency or d.text for d in i.task.deadlines)] for i in items])
    elif args.what == "deadlines":
        items = graph.deadlines(start=args.after, end=args.before, status=args.status, today=args.today)
        if args.json:
            _print_json(items)
            return 0
        _table("时限", ["时限", "类型", "状态", "文件", "章节", "单位"],
               [[d.deadline.end or d.deadline.frequency or "", d.deadline.kind, d.status,
                 d.task.doc_title or d.task.doc_id, d.task.path,
                 "、".join(u for v in d.task.roles.values() for u in v)] for d in items])
    elif args.what == "targets":
        items = graph.targets(args.name)
        if args.json:
            _print_json(items)
            return 0
        _table("指标", ["指标", "比较", "值", "单位", "文件", "章节"],
               [[t.target.indicator, t.target.comparator,
                 f"{t.target.value:g}" + (f"-{t.target.value_max:g}" if t.target.value_max is not None else ""),
                 t.target.unit or "", t.task.doc_title or t.task.doc_id, t.task.path] for t in items])
    elif args.what == "units":
        items = graph.units(region=args.region)
        if args.json:
            _print_json(items)
            return 0
        _table("单位", ["单位", "地区", "牵头", "责任", "配合", "指导", "文件数"],
               [[u.canonical, u.region or "", *(str(u.tasks.get(r, 0)) for r in ROLE_ZH), str(u.documents)]
                for u in items])
    elif args.what == "search":
        items = graph.search(args.name or "")
        if args.json:
            _print_json(items)
            return 0
        _table(f"“{args.name}”：{len(items)} 项任务", ["文件", "章节", "任务", "单位"],
               [[t.doc_title or t.doc_id, t.path, t.text[:60].replace("\n", " "),
                 "、".join(u for v in t.roles.values() for u in v)] for t in items])
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from datetime import date

    graph = _graph(args)
    today = date.fromisoformat(args.today) if args.today else date.today()
    if args.what == "ledger":
        from .export.ledger import write_csv, write_xlsx

        out = Path(args.out or f"任务分工台账.{args.format}")
        (write_xlsx if args.format == "xlsx" else write_csv)(graph, out, today)
    elif args.what == "graph":
        from .export.graphfmt import write_graph

        out = Path(args.out or f"pingan_graph.{args.format}")
        write_graph(graph, out, args.format)
    else:
        from .export.ics import write_ics

        out = Path(args.out or "pingan_deadlines.ics")
        write_ics(graph, out)
    print(f"wrote {out}")
    return 0


def _cmd_site(args: argparse.Namespace) -> int:
    from datetime import date

    from mkdocs.exceptions import MkDocsException

    from .site import build_site

    today = date.fromisoformat(args.today) if args.today else date.today()
    try:
        pages = build_site(Path(args.extracted), Path(args.out), today, Path(args.config))
    except MkDocsException as exc:
        print(f"site build failed: {exc}", file=sys.stderr)
        return 1
    print(f"built {pages} pages into {args.out}/")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pingan-docs", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

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

    p = sub.add_parser("evaluate", help="score extracted/ against gold annotations (FORMAT.md)")
    p.add_argument("--gold", required=True, help="folder of gold JSON files")
    p.add_argument("--extracted", default="extracted", help="folder of extracted JSON")
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.add_argument("--details", action="store_true", help="list every missed and spurious item")
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("query", help="ask the graph: unit NAME | deadlines | targets [WORD] | units | search TEXT")
    p.add_argument("what", choices=["unit", "deadlines", "targets", "units", "search"])
    p.add_argument("name", nargs="?", help="unit name, indicator word or search text")
    p.add_argument("--extracted", default="extracted")
    p.add_argument("--region", help="disambiguate a unit name (e.g. 呼和浩特)")
    p.add_argument("--role", choices=["lead", "responsible", "cooperate", "guide"])
    p.add_argument("--before", help="deadlines ending before this ISO date")
    p.add_argument("--after", help="deadlines ending on/after this ISO date")
    p.add_argument("--status", choices=["overdue", "due_soon", "upcoming", "recurring", "open"])
    p.add_argument("--today", help="reference date for statuses (default: today)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=_cmd_query)

    p = sub.add_parser("site", help="generate the MkDocs-Material site (extracted/ -> site/)")
    p.add_argument("--extracted", default="extracted")
    p.add_argument("--out", default="site")
    p.add_argument("--config", default="mkdocs.yml")
    p.add_argument("--today", help="reference date for overdue/due-soon (default: build date)")
    p.set_defaults(func=_cmd_site)

    p = sub.add_parser("export", help="ledger (xlsx/csv), graph (graphml/gexf/json) or ics")
    p.add_argument("what", choices=["ledger", "graph", "ics"])
    p.add_argument("--format", default=None, help="xlsx|csv for ledger, graphml|gexf|json for graph")
    p.add_argument("--out", help="output file")
    p.add_argument("--extracted", default="extracted")
    p.add_argument("--today", help="reference date for the ledger's 状态 (default: today)")
    p.set_defaults(func=_cmd_export)
    return parser


_FORMATS = {"ledger": ("xlsx", "csv"), "graph": ("graphml", "gexf", "json"), "ics": ("ics",)}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "export":
        allowed = _FORMATS[args.what]
        args.format = args.format or allowed[0]
        if args.format not in allowed:
            parser.error(f"export {args.what}: --format must be one of {', '.join(allowed)}")
    if args.command == "query" and args.what in ("unit",) and not args.name:
        parser.error("query unit needs a unit name")
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
