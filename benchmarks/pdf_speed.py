"""The PDF path against plain pdfplumber (not a test).

On the same PDF files (the corpus's and the development set's), in one process, median
of ``--repeat`` runs: plain ``page.extract_text()`` over every page, the project's reader
(``read_pdf``) and the whole pipeline (``extract_file``: reader, normalisation, outline,
metadata, NLP). Prints the times and the ratios to plain pdfplumber; the goal is a whole
pipeline at most 1.3 times plain pdfplumber.

    python benchmarks/pdf_speed.py [--repeat 3] [FILE.pdf ...]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

from pingan_docs.extract import extract_file
from pingan_docs.ingest.pdf import read_pdf
from pingan_docs.nlp.pipeline import warm_up

ROOT = Path(__file__).resolve().parent.parent


def plain(data: bytes, path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def reader(data: bytes, path: Path) -> None:
    read_pdf(data)


def pipeline(data: bytes, path: Path) -> None:
    extract_file(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = args.files or [*sorted((ROOT / "corpus").glob("*.pdf")),
                           *sorted((ROOT / "tests" / "dev" / "raw").glob("*.pdf"))]
    blobs = [(p, p.read_bytes()) for p in files]
    warm_up()  # jieba, spaCy and the lexicons loaded before timing, as in a long corpus run
    extract_file(files[0])
    runs: dict[str, list[float]] = {"plain pdfplumber": [], "reader": [], "pipeline": []}
    steps: dict[str, Callable[[bytes, Path], None]] = {
        "plain pdfplumber": plain, "reader": reader, "pipeline": pipeline}
    for _ in range(args.repeat):
        for name, step in steps.items():  # interleaved, so load changes hit all three
            t0 = time.perf_counter()
            for path, data in blobs:
                step(data, path)
            runs[name].append(time.perf_counter() - t0)
    base = statistics.median(runs["plain pdfplumber"])
    pages = 0
    for path, _ in blobs:
        with pdfplumber.open(path) as pdf:
            pages += len(pdf.pages)
    print(f"{len(files)} PDF files, {pages} pages; median of {args.repeat}")
    for name, times in runs.items():
        t = statistics.median(times)
        print(f"{name:18} {t:7.2f} s   {t / base:5.2f}x plain pdfplumber")
    print("goal: pipeline <= 1.3x plain pdfplumber")


if __name__ == "__main__":
    main()
