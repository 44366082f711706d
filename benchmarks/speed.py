"""Speed of the text pipeline against plain jieba segmentation (not a test).

Both run in this one process on the same text: the shipped corpus (its .txt files)
repeated to about 5 MB. jieba and the spaCy pipeline are loaded before timing, as a
long-running user process would have them. Prints the ratio; the goal is >= 0.5
(the whole pipeline at least half as fast as segmentation alone).

    python benchmarks/speed.py [--mb 5]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import jieba

from pingan_docs.extract import extract_text
from pingan_docs.ingest.text import read_text
from pingan_docs.models import Source
from pingan_docs.nlp.pipeline import warm_up

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=5.0)
    args = parser.parse_args()
    docs = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        raw = read_text(path.read_bytes())
        docs.append((path.stem, raw.text, raw.fields))
    size = sum(len(t.encode("utf-8")) for _, t, _ in docs)
    repeat = max(1, round(args.mb * 1e6 / size))
    texts = docs * repeat
    total_mb = size * repeat / 1e6

    warm_up()  # load jieba's dictionary, build the pipeline and its lexicons before timing
    jieba.lcut("预热")

    t0 = time.perf_counter()
    tokens = sum(len(jieba.lcut(text)) for _, text, _ in texts)
    t_jieba = time.perf_counter() - t0

    t0 = time.perf_counter()
    tasks = 0
    for i, (stem, text, fields) in enumerate(texts):
        source = Source(path=f"{stem}.txt", format="txt", sha256="0" * 64)
        tasks += len(extract_text(text, source, f"{stem}-{i}", fields).tasks)
    t_pipeline = time.perf_counter() - t0

    print(f"text: {len(texts)} documents, {total_mb:.1f} MB ({tokens} jieba tokens)")
    print(f"jieba.lcut:   {t_jieba:7.2f} s  {total_mb / t_jieba:6.2f} MB/s")
    print(f"pipeline:     {t_pipeline:7.2f} s  {total_mb / t_pipeline:6.2f} MB/s  ({tasks} tasks)")
    print(f"ratio (pipeline speed / jieba speed): {t_jieba / t_pipeline:.2f}  (goal >= 0.5)")


if __name__ == "__main__":
    main()
