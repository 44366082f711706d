"""Does the site scale? Clone the shipped extraction to N documents and build (not a test).

Each clone gets its own id and title and keeps its region, so units merge across
clones as they would across a real city's documents. Prints build time and size.

    python benchmarks/scale_site.py [--docs 2000]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from pingan_docs.extract import iter_documents, to_json
from pingan_docs.graph import pick_renderings
from pingan_docs.site import build_site

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()
    originals = pick_renderings(list(iter_documents(ROOT / "extracted")))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        extracted = work / "extracted"
        extracted.mkdir()
        for i in range(args.docs):
            doc = originals[i % len(originals)].model_copy(deep=True)
            doc.doc_id = f"scale_{i:05d}"
            doc.meta.title = f"{doc.meta.title or '文件'}（第{i}号）"
            for task in doc.tasks:
                task.id = task.id.replace(task.id.split("#")[0], doc.doc_id, 1)
            (extracted / f"{doc.doc_id}.json").write_text(to_json(doc), encoding="utf-8")
        t0 = time.perf_counter()
        pages = build_site(extracted, work / "site", date(2014, 11, 20), ROOT / "mkdocs.yml", work / "docs")
        seconds = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in (work / "site").rglob("*") if p.is_file())
        index = (work / "site" / "search" / "search_index.json").stat().st_size
        print(f"{args.docs} documents -> {pages} pages in {seconds:.1f} s; "
              f"site {size / 1e6:.1f} MB (search index {index / 1e6:.1f} MB)")
        shutil.rmtree(work / "site")


if __name__ == "__main__":
    main()
