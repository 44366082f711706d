"""``extract --engine ray``: the same per-file function on a Ray cluster.

Ray Data reads the files (``read_binary_files``, from a shared folder or any store
pyarrow reads), and ``map_batches`` hands them to a fixed pool of actors. Each actor keeps
one :class:`~pingan_docs.corpus.pool.Pool` worker, forked from a server that loaded
jieba and the spaCy pipeline once, so a file that overruns ``--timeout`` is stopped
there exactly as on one machine. The JSON is written by the worker into the output
folder (or bucket); only a small status row per file returns to the driver, which keeps
the cache and the report. Results are byte-identical to the local engine's.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from .pool import Pool
from .task import Outcome, Task

_COLUMNS = ("index", "status", "reason", "sha256", "size")


class RayExtractor:
    """A Ray Data actor: extracts each batch's files with its own worker process."""

    def __init__(self, tasks: dict[str, Task], timeout: float) -> None:
        self.tasks = tasks
        self.pool = Pool(1, timeout)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        tasks = [replace(self.tasks[str(path)], data=bytes(data))
                 for path, data in zip(batch["path"], batch["bytes"], strict=True)]
        rows: dict[str, list[Any]] = {c: [] for c in _COLUMNS}
        for outcome in self.pool.map(tasks):  # columns keep one type: "" and -1 for none
            rows["index"].append(outcome.index)
            rows["status"].append(outcome.status)
            rows["reason"].append(outcome.reason or "")
            rows["sha256"].append(outcome.sha256 or "")
            rows["size"].append(-1 if outcome.size is None else outcome.size)
        return rows


def run_on_ray(tasks: list[Task], jobs: int, timeout: float, address: str | None) -> Iterator[Outcome]:
    """Outcomes of ``tasks`` run by ``jobs`` actors on the cluster at ``address`` (or a
    local Ray with ``jobs`` CPUs when None, or the Ray this process already joined)."""
    if not tasks:
        return
    try:
        import ray
    except ImportError:
        from .run import CorpusError

        raise CorpusError("--engine ray needs Ray: pip install 'pingan_docs[ray]'") from None
    readable = []
    for task in tasks:  # Ray and pyarrow take paths as UTF-8 text
        try:
            task.path.encode("utf-8")
            readable.append(task)
        except UnicodeEncodeError:
            yield Outcome(task.index, "refused", "Ray reads only UTF-8 file names: rename the file "
                          "(convmv -f gbk -t utf8 --notest FILE) or use the local engine")
    started = not ray.is_initialized()
    if started:
        try:
            ray.init(address=address, num_cpus=None if address else jobs, include_dashboard=False,
                     logging_level=logging.WARNING, log_to_driver=False)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            from .run import CorpusError

            raise CorpusError(f"cannot start or reach Ray{f' at {address}' if address else ''}: {exc}") from None
    try:
        yield from _run(ray, readable, jobs, timeout)
    finally:
        if started:
            ray.shutdown()


def _run(ray: Any, tasks: list[Task], jobs: int, timeout: float) -> Iterator[Outcome]:
    if not tasks:
        return
    ray.data.DataContext.get_current().enable_progress_bars = False  # the run has its own
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # per-dataset INFO lines on stderr
    by_path = {os.path.abspath(t.path): t for t in tasks}
    dataset = ray.data.read_binary_files(
        list(by_path), include_paths=True,
        num_cpus=0)  # reading is I/O: a read holding a CPU would starve the actors that hold them all
    results = dataset.map_batches(
        RayExtractor, fn_constructor_kwargs={"tasks": by_path, "timeout": timeout}, batch_size=1,
        compute=ray.data.ActorPoolStrategy(size=jobs), num_cpus=1)
    for row in results.iter_rows():
        yield Outcome(int(row["index"]), str(row["status"]), row["reason"] or None,
                      row["sha256"] or None, None if row["size"] < 0 else int(row["size"]))
