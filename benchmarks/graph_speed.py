"""How long loading the graph and answering a query takes (not a test).

    python benchmarks/graph_speed.py [extracted/]
"""

from __future__ import annotations

import sys
import time

import pingan_docs

folder = sys.argv[1] if len(sys.argv) > 1 else "extracted"
t0 = time.perf_counter()
graph = pingan_docs.load(folder)
t1 = time.perf_counter()
tasks = graph.tasks_for("市公安局", region="呼和浩特")
t2 = time.perf_counter()
print(f"load {folder}: {t1 - t0:.3f} s ({graph.nx.number_of_nodes()} nodes, "
      f"{graph.nx.number_of_edges()} edges)")
print(f"tasks_for('市公安局', region='呼和浩特'): {len(tasks)} tasks in {(t2 - t1) * 1000:.2f} ms")
