"""The ``pingan-docs`` command: parses arguments, calls the library, prints.

Only this module decides exit statuses and what reaches the terminal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _cmd_extract(args: argparse.Namespace) -> int:
    from .extract import extract_corpus

    inputs = [Path(p) for p in args.inputs] or [Path("corpus")]
    result = extract_corpus(inputs, Path(args.out), progress=not args.quiet)
    print(f"extracted {len(result.written)} document(s) into {args.out}/")
    if result.failures:
        print(f"{len(result.failures)} file(s) failed:", file=sys.stderr)
        for path, reason in result.failures:
            print(f"  {path}: {reason}", file=sys.stderr)
        return 1
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_dirs, format_report

    report = evaluate_dirs(Path(args.gold), Path(args.extracted))
    if args.json:
        import json

        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(format_report(report))
    return 0 if report["documents"] else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pingan-docs", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="extract documents into JSON (default corpus/ -> extracted/)")
    p.add_argument("inputs", nargs="*", help="files or folders (default: corpus/)")
    p.add_argument("--out", default="extracted", help="output folder (default: extracted/)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("evaluate", help="score extracted/ against gold annotations (FORMAT.md)")
    p.add_argument("--gold", required=True, help="folder of gold JSON files")
    p.add_argument("--extracted", default="extracted", help="folder of extracted JSON")
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.set_defaults(func=_cmd_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
