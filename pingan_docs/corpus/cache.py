"""What a rerun may skip: a file whose bytes and whose pipeline are what they were.

The cache is a JSON-lines file in the output folder, one entry per input: the input's
absolute path, the path recorded in its document, its id, the sha256 of its bytes, the
pipeline fingerprint, and the size of the output (or the reason it was refused). Entries
are appended as files finish, each in one ``write``, so a killed run keeps everything it
finished; the file is rewritten whole (atomically) at the start and end of a run.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as metadata
import json
import os
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..files import write_atomic

CACHE_NAME = ".pingan-docs-cache.jsonl"
#: Parts of the package that only read extracted/ (data flows one way: extraction never
#: imports them), so changing them must not invalidate extractions.
DOWNSTREAM = {"site", "export", "graph.py", "evaluate.py", "cli.py", "__pycache__"}
PACKAGE = Path(__file__).resolve().parent.parent


def fingerprint(package_dir: Path = PACKAGE) -> str:
    """A hash of everything an extraction depends on besides the file: the package's
    code and data files, its version, the versions of the libraries it requires, and
    Python's version. Any change re-extracts every file."""
    digest = hashlib.sha256(f"python {sys.version_info[0]}.{sys.version_info[1]}\n".encode())
    digest.update(_dependencies().encode())
    for path in sorted(package_dir.rglob("*")):
        rel = path.relative_to(package_dir)
        if path.is_file() and not DOWNSTREAM.intersection(rel.parts) and path.suffix != ".pyc":
            digest.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _dependencies() -> str:
    try:
        requires = metadata.requires("pingan_docs") or []
        lines = [f"pingan_docs {metadata.version('pingan_docs')}"]
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        return "pingan_docs (not installed)\n"
    for requirement in requires:
        if "extra ==" in requirement:
            continue
        name = re.match(r"[A-Za-z0-9_.\-]+", requirement)
        if name:
            try:
                lines.append(f"{name.group()} {metadata.version(name.group())}")
            except metadata.PackageNotFoundError:
                lines.append(f"{name.group()} missing")
    return "\n".join(lines) + "\n"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_key(path: Path) -> str:
    """The input's identity across runs: its absolute path (as JSON-safe text; names that
    are not UTF-8 keep their surrogate escapes, which JSON's ``\\udcXX`` round-trips)."""
    return os.path.abspath(path)


class Cache:
    def __init__(self, folder: Path) -> None:
        self.path = folder / CACHE_NAME
        self.entries: dict[str, dict[str, Any]] = {}
        try:
            lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            lines = []
        for line in lines:
            try:
                entry = json.loads(line)
                self.entries[entry["input"]] = entry
            except (ValueError, KeyError, TypeError):  # the half line of a killed run
                continue
        self._fd: int | None = None

    def fresh(self, entry: dict[str, Any]) -> dict[str, Any] | None:
        """The cached entry when it describes the same bytes, pipeline, id and path and
        its output is still there as written; else None."""
        old = self.entries.get(entry["input"])
        if old is None or any(old.get(k) != entry[k] for k in ("sha256", "fingerprint", "id", "path")):
            return None
        if old.get("failed"):
            return old
        try:
            size = (self.path.parent / f"{old['id']}.json").stat().st_size
        except OSError:
            return None
        return old if size == old.get("size") else None

    def record(self, entry: dict[str, Any]) -> None:
        self.entries[entry["input"]] = entry
        if self._fd is None:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        os.write(self._fd, (json.dumps(entry, ensure_ascii=True) + "\n").encode("ascii"))

    def save(self) -> None:
        """Rewrite the file with one line per input (drops replaced entries and the half
        line a killed run may have left)."""
        self.close()
        write_atomic(self.path, "".join(json.dumps(e, ensure_ascii=True) + "\n"
                                        for e in self.entries.values()))

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
