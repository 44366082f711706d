"""Does the site scale? Clone the shipped extraction to N documents and build (not a test).

Each clone gets its own id and title and keeps its region, so units merge across
clones as they would across a real city's documents. Prints build time and size.
With ``--baseline REF`` the site code of a git revision (e.g. ``main``) builds the same
clones too, each build in a fresh process, the two alternating ``--repeat`` times, and
the ratio of their medians is printed: on a machine shared with other work, the ratio
(and the CPU time) are the figures that count.

    python benchmarks/scale_site.py [--docs 2000] [--baseline main [--repeat 3]]
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from pingan_docs.extract import iter_documents, to_json
from pingan_docs.graph import pick_renderings

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS, GOAL_MB = 30, 100

# Run in a fresh interpreter with the code under test first on sys.path; prints seconds.
BUILD = """
import inspect, sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import pingan_docs
assert Path(pingan_docs.__file__).is_relative_to(Path(sys.argv[1])), pingan_docs.__file__
from pingan_docs.site import build_site
older = {"docs_dir": Path(sys.argv[4])} if "docs_dir" in inspect.signature(build_site).parameters else {}
t0, c0 = time.perf_counter(), time.process_time()
build_site(Path(sys.argv[2]), Path(sys.argv[3]), date(2014, 11, 20), Path(sys.argv[1]) / "mkdocs.yml", **older)
print(time.perf_counter() - t0, time.process_time() - c0)
"""


def clone_corpus(n: int, out: Path) -> None:
    originals = pick_renderings(list(iter_documents(ROOT / "extracted")))
    out.mkdir()
    for i in range(n):
        doc = originals[i % len(originals)].model_copy(deep=True)
        doc.doc_id = f"scale_{i:05d}"
        doc.meta.title = f"{doc.meta.title or '文件'}（第{i}号）"
        for task in doc.tasks:
            task.id = task.id.replace(task.id.split("#")[0], doc.doc_id, 1)
        (out / f"{doc.doc_id}.json").write_text(to_json(doc), encoding="utf-8")


def build(code: Path, extracted: Path, work: Path) -> tuple[float, float, float, dict[str, float]]:
    """Wall-clock and CPU seconds, megabytes, and megabytes per top-level part of the
    built site."""
    site, docs = work / "site", work / "docs"
    result = subprocess.run([sys.executable, "-c", BUILD, str(code), str(extracted), str(site), str(docs)],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(f"build with {code} failed:\n{result.stderr[-3000:]}")
    seconds, cpu = map(float, result.stdout.strip().splitlines()[-1].split())
    parts: dict[str, float] = {}
    for p in site.rglob("*"):
        if p.is_file():
            top = p.relative_to(site).parts[0]
            parts[top] = parts.get(top, 0) + p.stat().st_size / 1e6
    shutil.rmtree(work)
    return seconds, cpu, sum(parts.values()), parts


def checkout(ref: str, into: Path) -> Path:
    """The tree of ``ref`` (git archive), for building with that revision's site code."""
    archive = subprocess.run(["git", "archive", ref, "pingan_docs", "mkdocs.yml"], cwd=ROOT,
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def report(label: str, seconds: float, cpu: float, mb: float, parts: dict[str, float]) -> None:
    biggest = ", ".join(f"{k} {v:.1f}" for k, v in sorted(parts.items(), key=lambda kv: -kv[1])[:5])
    print(f"{label}: {seconds:.1f} s ({cpu:.1f} s CPU), {mb:.1f} MB ({biggest} MB)")


def median(runs: list[tuple[float, float, float, dict[str, float]]]) -> tuple[float, float, float, dict[str, float]]:
    """Median wall-clock and CPU time of the runs (the size is the same every time)."""
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), runs[-1][2], runs[-1][3])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--baseline", help="git revision to compare with (e.g. main)")
    parser.add_argument("--repeat", type=int, default=1, help="alternating builds of each (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        clone_corpus(args.docs, work / "extracted")
        print(f"{args.docs} documents")
        baseline = checkout(args.baseline, work / "baseline") if args.baseline else None
        old_runs, new_runs = [], []
        for i in range(args.repeat):
            if baseline:
                old_runs.append(build(baseline, work / "extracted", work / f"old{i}"))
                report(f"baseline {args.baseline}", *old_runs[-1])
            new_runs.append(build(ROOT, work / "extracted", work / f"new{i}"))
            report("this tree", *new_runs[-1])
        new = median(new_runs)
        goals = "met" if new[0] < GOAL_SECONDS and new[2] < GOAL_MB else "NOT met"
        print(f"goals (< {GOAL_SECONDS} s, < {GOAL_MB} MB): {goals} (median {new[0]:.1f} s, {new[2]:.1f} MB)")
        if old_runs:
            old = median(old_runs)
            print(f"ratio this/baseline (medians): time {new[0] / old[0]:.2f} (CPU {new[1] / old[1]:.2f}), "
                  f"size {new[2] / old[2]:.2f}")


if __name__ == "__main__":
    main()
