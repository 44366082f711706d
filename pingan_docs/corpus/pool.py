"""Worker processes that run the per-file function with a time budget per file.

``concurrent.futures`` cannot stop one stuck call, so this pool keeps one pipe per
worker: each worker takes one task at a time, and a worker that overruns the budget, or
dies (a crash in a C library, the kernel's OOM killer), is killed and replaced while the
others go on. Workers are forked from a server process that imported the pipeline and
loaded jieba's dictionary once (``forkserver`` with a preload), so a new worker starts in
milliseconds and shares that memory, and no worker inherits the parent's threads.
"""

from __future__ import annotations

import glob
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from .task import Outcome, Task, run_task

PRELOAD = "pingan_docs.corpus.preload"


def default_jobs() -> int:
    """The CPUs this process may use (the affinity mask, where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined]
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def _context():  # type: ignore[no-untyped-def]
    if sys.platform == "win32" or "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")  # pragma: no cover
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([PRELOAD])
    return context


def prestart() -> None:
    """Start the fork server now, so it loads the pipeline (1–1.5 s) while this process
    still finds and hashes the inputs; the first worker is then forked from it at once.
    Worth it only when every file will need a worker (a first run, ``--force``)."""
    if _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _serve(conn: Connection, func: Callable[[Task], Outcome], umask: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    os.umask(umask)  # the fork server's is the one its first user had
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(func(task))


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    task: Task | None = None
    deadline: float = float("inf")
    done: int = 0


class Pool:
    """``jobs`` workers running ``func`` (a top-level function, so it can be sent to
    them) on tasks; ``timeout`` seconds per task, 0 for none. A worker is replaced after
    :attr:`TASKS_PER_WORKER` files, so memory a long run fragments is given back."""

    TASKS_PER_WORKER = 500

    def __init__(self, jobs: int, timeout: float, func: Callable[[Task], Outcome] = run_task) -> None:
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.func = func
        self._context = _context()
        self._workers: list[_Worker] = []

    def _start(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(theirs, self.func, _umask()), daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self._workers.append(worker)
        return worker

    def _stop(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join()
        worker.conn.close()
        self._workers.remove(worker)

    def map(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        """Outcomes in the order tasks finish. Tasks are drawn only as workers free up,
        so a generator of tasks is never read ahead."""
        pending = iter(tasks)
        exhausted = False
        task: Task | None = None
        while True:
            while not exhausted:
                idle = next((w for w in self._workers if w.task is None), None)
                if idle is not None and idle.done >= self.TASKS_PER_WORKER:
                    self._retire(idle)
                    idle = None
                if idle is None and len(self._workers) >= self.jobs:
                    break
                task = task or next(pending, None)
                if task is None:
                    exhausted = True
                    break
                idle = idle or self._start()  # started on demand: a warm rerun starts none
                try:
                    idle.conn.send(task)
                except OSError:  # the idle worker died: the task goes to a new one
                    self._stop(idle)
                    continue
                idle.task, task = task, None
                idle.deadline = time.monotonic() + self.timeout if self.timeout > 0 else float("inf")
            busy = [w for w in self._workers if w.task is not None]
            if not busy:
                return
            soonest = min(w.deadline for w in busy)
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                 timeout=None if soonest == float("inf") else max(0.0, soonest - time.monotonic()))
            now = time.monotonic()
            for worker in busy:
                yield from self._check(worker, now)

    def _check(self, worker: _Worker, now: float) -> Iterator[Outcome]:
        task = worker.task
        assert task is not None
        if worker.conn.poll():
            try:
                outcome = worker.conn.recv()
            except (EOFError, OSError):
                outcome = None
            if outcome is not None:
                worker.task = None
                worker.done += 1
                yield outcome
                return
        if not worker.process.is_alive():
            code = worker.process.exitcode
            self._stop(worker)
            _remove_partial(task)
            how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}"
            yield Outcome(task.index, "error", f"the worker process died ({how}) on this file")
        elif now >= worker.deadline:
            self._stop(worker)
            _remove_partial(task)
            yield Outcome(task.index, "timeout", f"took longer than {self.timeout:g} s (--timeout); stopped")

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _retire(self, worker: _Worker) -> None:
        """Stop an idle worker: asked to exit, killed if it does not within a second."""
        try:
            worker.conn.send(None)
        except OSError:
            pass
        worker.process.join(timeout=1)
        self._stop(worker)

    def close(self) -> None:
        for worker in list(self._workers):
            if worker.task is None:
                self._retire(worker)
            else:
                self._stop(worker)


def _remove_partial(task: Task) -> None:
    """The temporary a killed worker was writing (the rename never happened)."""
    if "://" in task.out_dir:  # an object store shows an upload only once complete
        return
    for stray in Path(task.out_dir).glob(f".{glob.escape(task.doc_id)}.json.*.tmp"):
        stray.unlink(missing_ok=True)
