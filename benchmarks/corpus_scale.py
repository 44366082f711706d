"""A 10,000-document extraction: wall time and peak memory of the whole run (not a test).

The shipped .txt files are copied to --docs distinct documents; ``pingan-docs extract``
runs on them with --jobs workers while this script samples, twice a second, the
proportional set size (PSS: shared pages split between the processes sharing them) of
the command and every process under it, and prints the largest sum.

    python benchmarks/corpus_scale.py [--docs 10000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus_speed import ROOT, make_corpus


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return found


def pss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        mb = make_corpus(work / "in", args.docs) / 1e6
        command = [sys.executable, "-m", "pingan_docs.cli", "extract", str(work / "in"), "--out",
                   str(work / "out"), "--jobs", str(args.jobs), "--quiet"]
        t0 = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        peak = 0.0
        while process.poll() is None:
            peak = max(peak, pss_mb(descendants(process.pid)))
            time.sleep(0.5)
        seconds = time.perf_counter() - t0
        written = len(list((work / "out").glob("[!_]*.json")))
        print(f"{args.docs} documents ({mb:.0f} MB of text), --jobs {args.jobs}: {seconds / 60:.1f} min, "
              f"{written} outputs, exit {process.returncode}, peak memory {peak:.0f} MB (PSS of all processes)")


if __name__ == "__main__":
    main()
