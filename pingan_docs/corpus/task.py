"""The per-file function both engines run: one input file in, one JSON file out.

It never raises: every way a file can fail becomes an :class:`Outcome` with a reason,
so a worker survives any input and the run goes on.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..files import write_atomic
from ..ingest import IngestError


@dataclass(frozen=True)
class Task:
    index: int  # position in the run, to report in input order whatever finishes first
    path: str  # where to read the file (a local path; surrogate escapes allowed)
    display: str  # the path as the document records it (valid UTF-8)
    doc_id: str
    out_dir: str  # where ``<doc_id>.json`` goes: a folder, or a URI pyarrow can write (s3://…)
    data: bytes | None = None  # the file's bytes when read elsewhere (Ray reads them)


@dataclass(frozen=True)
class Outcome:
    index: int
    status: str  # "ok" | "refused" (the input's fault) | "error" (ours) | "timeout"
    reason: str | None = None
    sha256: str | None = None  # of the bytes that were extracted
    size: int | None = None  # of the JSON written


def document_json(path: Path, task: Task) -> tuple[str, str]:
    """Extract ``path`` as ``task`` says and return (JSON text, sha256 of the bytes). The
    document records ``task.display``: the path the user gave, readable even when the
    name is not UTF-8 and the same whichever engine (or temporary copy) read the bytes."""
    from ..extract import extract_file, to_json  # in the workers: the run's own process never extracts

    document = extract_file(path, task.doc_id)
    document.source.path = task.display
    return to_json(document), document.source.sha256


def write_output(out_dir: str, name: str, text: str, create: bool = False) -> int:
    """Write ``name`` into ``out_dir``: atomically into a local folder; through a pyarrow
    file system for a URI (an object store's upload only appears once complete), first
    creating the folder if ``create`` (once per run: on a store that is a request)."""
    if "://" not in out_dir:
        return write_atomic(Path(out_dir) / name, text)
    from pyarrow import fs

    filesystem, root = fs.FileSystem.from_uri(out_dir)
    if create:
        filesystem.create_dir(root, recursive=True)
    data = text.encode("utf-8")
    with filesystem.open_output_stream(f"{root.rstrip('/')}/{name}") as stream:
        stream.write(data)
    return len(data)


def run_task(task: Task) -> Outcome:
    """Extract one file and write its JSON."""
    data = task.data
    try:
        if data is None:
            if not Path(task.path).is_file():
                return Outcome(task.index, "refused", "file not found")
            text, sha = document_json(Path(task.path), task)
        else:  # the readers take a path: a private copy, named with the input's suffix
            with tempfile.TemporaryDirectory(prefix="pingan-") as tmp:
                copy = Path(tmp) / ("input" + Path(task.path).suffix.lower())
                copy.write_bytes(data)
                text, sha = document_json(copy, task)
    except IngestError as exc:
        return Outcome(task.index, "refused", str(exc))
    except Exception as exc:  # an extractor bug must not stop the corpus run
        return Outcome(task.index, "error", f"internal error: {exc.__class__.__name__}: {exc}")
    try:
        size = write_output(task.out_dir, f"{task.doc_id}.json", text)
    except OSError as exc:
        return Outcome(task.index, "error", f"cannot write the output: {exc.strerror or exc}")
    return Outcome(task.index, "ok", sha256=sha, size=size)
