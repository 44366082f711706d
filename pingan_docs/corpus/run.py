"""A corpus run: find the inputs, name their outputs, skip what is unchanged, extract
the rest on an engine, and say what happened to every file."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..files import write_atomic
from .cache import CACHE_NAME, Cache, file_sha256, fingerprint, input_key
from .ids import Clash, assign_ids, readable
from .inputs import collect_inputs, describe_nothing
from .outdir import FolderInUse, FolderLock, clean_temporaries
from .pool import Pool, default_jobs, prestart
from .task import Outcome, Task, write_output

ENGINES = ("local", "ray")


class CorpusError(Exception):
    """The run cannot start (no documents among the inputs, the folder in use); the
    message says why and what to do."""


@dataclass
class RunResult:
    written: list[Path] = field(default_factory=list)  # outputs this run wrote
    unchanged: list[Path] = field(default_factory=list)  # outputs an earlier run wrote (cache)
    failures: list[tuple[Path, str]] = field(default_factory=list)  # input, reason
    skipped: list[Path] = field(default_factory=list)  # inputs of types we do not read
    clashes: list[Clash] = field(default_factory=list)  # inputs that got a hash in their id
    stale: list[Path] = field(default_factory=list)  # outputs no input produces any more
    pruned: bool = False  # whether ``stale`` were removed


def run_corpus(inputs: list[Path], out_dir: Path | str, *, jobs: int | None = None, timeout: float = 120.0,
               force: bool = False, prune: bool = False, recursive: bool = False,
               engine: str = "local", address: str | None = None, progress: bool = True) -> RunResult:
    """Extract ``inputs`` (files and folders) into ``out_dir``, one ``<id>.json`` each.

    ``jobs`` worker processes (default: the usable CPUs), each file within ``timeout``
    seconds (0: no limit). A file whose bytes, id and pipeline fingerprint match the
    folder's cache is not extracted again unless ``force``. Outputs whose input is gone,
    now fails or got another id are reported in ``stale`` and removed with ``prune``.
    ``out_dir`` may be a URI pyarrow writes (``s3://bucket/extracted``): then there is no
    lock and no cache (every file is extracted). Raises :class:`CorpusError` when there
    is nothing to extract or the folder is in use.
    """
    if engine not in ENGINES:
        raise CorpusError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    remote = isinstance(out_dir, str) and "://" in out_dir
    if remote and importlib.util.find_spec("pyarrow") is None:
        raise CorpusError(f"writing to {out_dir} needs pyarrow: pip install 'pingan_docs[ray]'")
    local_out = None if remote else Path(out_dir)
    if engine == "local" and (force or local_out is None or not (local_out / CACHE_NAME).exists()):
        prestart()  # nothing can be skipped: the workers' server loads while the inputs are listed
    found = collect_inputs(inputs, recursive=recursive, exclude=local_out)
    if not found.files:
        raise CorpusError(describe_nothing(inputs, found, recursive))
    run = _Run(found.files, str(out_dir), jobs or default_jobs(), timeout, force, engine, address, progress)
    if local_out is None:
        result = run.execute(None, prune)
    else:
        lock = FolderLock(local_out)
        try:
            lock.acquire()
        except FolderInUse as exc:
            raise CorpusError(str(exc)) from None
        except OSError as exc:
            raise CorpusError(f"cannot write into {readable(str(local_out))}/: {exc.strerror or exc}") from None
        try:
            clean_temporaries(local_out)
            result = run.execute(Cache(local_out), prune)
        except OSError as exc:  # the disk is full, the folder went away…: what was finished is kept
            raise CorpusError(f"the run stopped: {exc}") from None
        finally:
            lock.release()
    result.failures[:0] = [(p, "file not found") for p in found.missing]
    result.skipped = found.skipped
    return result


class _Run:
    """One run's state: which file has which id, and what became of each."""

    def __init__(self, files: list[Path], out_dir: str, jobs: int, timeout: float, force: bool,
                 engine: str, address: str | None, progress: bool) -> None:
        self.files, self.out_dir, self.jobs, self.timeout = files, out_dir, jobs, timeout
        self.force, self.engine, self.address, self.progress = force, engine, address, progress
        self.keys = [input_key(p) for p in files]
        self.fingerprint = fingerprint()
        self.written: dict[int, str] = {}  # index -> doc id
        self.unchanged: dict[int, str] = {}
        self.failures: dict[int, str] = {}
        self.pending: dict[int, dict[str, Any]] = {}

    def execute(self, cache: Cache | None, prune: bool) -> RunResult:
        from tqdm import tqdm

        previous = dict(cache.entries) if cache else {}
        if cache:
            cache.save()  # drop a killed run's half line before appending to the file
        in_run = set(self.keys)
        taken = {e["id"].casefold(): e["path"] for k, e in previous.items()
                 if k not in in_run and _holds_output(k, e)}
        self.ids, clashes = assign_ids(self.files, taken)
        self._write_schema()
        self.bar = tqdm(total=len(self.files), desc="extract", unit="file",
                        disable=not self.progress or len(self.files) < 2)
        try:
            if self.engine == "ray":
                from .ray_engine import run_on_ray

                for outcome in run_on_ray(list(self._tasks(cache)), self.jobs, self.timeout, self.address):
                    self._finish(outcome, cache)
            else:
                with Pool(self.jobs, self.timeout) as pool:
                    for outcome in pool.map(self._tasks(cache)):
                        self._finish(outcome, cache)
        finally:
            self.bar.close()
            if cache:
                cache.close()
                for entry in self.pending.values():  # interrupted: these must run again
                    cache.entries.pop(entry["input"], None)
        stale: list[Path] = []
        if cache:
            produced = {self.ids[i].casefold() for i in [*self.written, *self.unchanged]}
            stale = _stale(cache, previous, in_run, produced, prune)
            cache.save()
        out = Path(self.out_dir) if "://" not in self.out_dir else None
        order = {p: i for i, p in enumerate(self.files)}

        def output(doc_id: str) -> Path:
            return out / f"{doc_id}.json" if out else Path(f"{doc_id}.json")

        return RunResult(
            written=[output(self.written[i]) for i in sorted(self.written)],
            unchanged=[output(self.unchanged[i]) for i in sorted(self.unchanged)],
            failures=[(self.files[i], self.failures[i]) for i in sorted(self.failures)],
            clashes=sorted(clashes, key=lambda c: order[c.path]), stale=stale, pruned=prune)

    def _write_schema(self) -> None:
        from ..models import Document

        text = json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=1) + "\n"
        schema = Path(self.out_dir) / "_schema.json"
        if "://" in self.out_dir:
            write_output(self.out_dir, "_schema.json", text, create=True)
        elif not schema.is_file() or schema.read_text(encoding="utf-8") != text:
            write_atomic(schema, text)

    def _tasks(self, cache: Cache | None) -> Iterator[Task]:
        """The files to extract, hashed one by one as workers ask for them."""
        for index, (path, key, doc_id) in enumerate(zip(self.files, self.keys, self.ids, strict=True)):
            entry: dict[str, Any] = {"input": key, "path": readable(path.as_posix()), "id": doc_id,
                                     "fingerprint": self.fingerprint}
            if cache:
                try:
                    entry["sha256"] = file_sha256(path)
                except OSError as exc:
                    self.failures[index] = "file not found" if isinstance(exc, FileNotFoundError) else \
                        f"cannot read the file: {exc.strerror or exc}"
                    cache.entries.pop(key, None)
                    self.bar.update()
                    continue
                old = None if self.force else cache.fresh(entry)
                if old is not None:
                    if old.get("failed"):
                        self.failures[index] = old["failed"]
                    else:
                        self.unchanged[index] = doc_id
                    self.bar.update()
                    continue
            self.pending[index] = entry
            yield Task(index, str(path), entry["path"], doc_id, self.out_dir)

    def _finish(self, outcome: Outcome, cache: Cache | None) -> None:
        entry = self.pending.pop(outcome.index)
        if outcome.status == "ok":
            self.written[outcome.index] = entry["id"]
            if cache:
                cache.record({**entry, "sha256": outcome.sha256, "size": outcome.size})
        else:
            self.failures[outcome.index] = outcome.reason or outcome.status
            if cache and outcome.status == "refused":  # the same bytes will be refused again
                cache.record({**entry, "failed": outcome.reason})
            elif cache:  # a timeout or our bug: try again next run
                cache.entries.pop(entry["input"], None)
        self.bar.update()


def _holds_output(key: str, entry: dict[str, Any]) -> bool:
    """Whether a cache entry of an input outside this run still owns its output: the
    input is still there and was extracted."""
    return not entry.get("failed") and not key.startswith("orphan:") and Path(key).exists()


def _stale(cache: Cache, previous: dict[str, dict[str, Any]], in_run: set[str], produced: set[str],
           prune: bool) -> list[Path]:
    """Outputs of earlier runs that no input produces now: the input was deleted, now
    fails, or got another id. Kept (and reported again next run) unless ``prune``."""
    produced = produced | {e["id"].casefold() for k, e in cache.entries.items()
                           if k not in in_run and _holds_output(k, e)}
    folder = cache.path.parent
    stale = []
    for key, old in previous.items():
        gone = key not in in_run
        if gone and not key.startswith("orphan:") and Path(key).exists():
            continue  # an input this run did not touch
        if old.get("failed"):  # no output
            if gone:
                cache.entries.pop(key, None)
            continue
        output = folder / f"{old['id']}.json"
        if old["id"].casefold() in produced or not output.is_file():
            if gone:
                cache.entries.pop(key, None)
            continue
        stale.append(output)
        if prune:
            output.unlink()
            if gone:
                cache.entries.pop(key, None)
        elif not gone:  # the input's entry now describes its new output: remember this one apart
            cache.entries[f"orphan:{old['id']}"] = {"input": f"orphan:{old['id']}", "id": old["id"],
                                                     "path": old["path"]}
    return sorted(stale)
