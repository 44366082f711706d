"""Per-document summaries, cached beside the extraction, so the graph loads without
parsing every document's text.

The graph needs a document's metadata, headings and tasks, never its ``text`` and
``raw_text`` (most of the bytes). The first load of a folder reads each JSON file once
and keeps its summary in ``<folder>/.pingan-docs-graph/summaries.sqlite``, one row per
file with the file's size, mtime, inode and sha256. On later loads a file whose stat is
unchanged is trusted (as make and git trust it); one whose stat changed is read and
hashed: same bytes (a byte-identical re-extraction) keep their summary, other bytes are
summarised again. Rows of removed files are dropped. A new :data:`fingerprint` (another
summary format, another alias table) empties the cache.

Every change is one SQLite transaction, so a killed load leaves the cache as it was; a
cache SQLite cannot read is deleted and rebuilt; a folder that cannot be written is
read without a cache. The cache is never an error.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

CACHE_DIR = ".pingan-docs-graph"
_BATCH = 256  # new summaries written per transaction
_DB = "summaries.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    name TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL,
    sha256 TEXT NOT NULL, doc_id TEXT NOT NULL, format TEXT NOT NULL, summary BLOB NOT NULL);
"""


@dataclass(frozen=True)
class Entry:
    """One document file of the folder: what picking a rendering needs, and where its
    summary is."""

    name: str
    doc_id: str
    format: str
    sha256: str


# What the caller makes of a JSON file's bytes: (doc_id, format, summary). It raises
# for a file that is not a document; the cache does not catch that.
Summarize = Callable[[Path, bytes], tuple[str, str, bytes]]


def document_files(folder: Path) -> list[Path]:
    """The document files of an extraction folder (``_schema.json`` and other ``_``
    files are not documents)."""
    return [p for p in sorted(folder.glob("*.json")) if not p.name.startswith("_")]


class SummaryCache:
    """The summaries of one folder's documents, read from the cache where it is fresh."""

    def __init__(self, folder: Path, fingerprint: str, summarize: Summarize) -> None:
        self.folder = folder
        self.dir = folder / CACHE_DIR
        self.fingerprint = fingerprint
        self.summarize = summarize
        self._fresh: dict[str, bytes] = {}  # summaries made here and not (yet) in the database
        self._db: sqlite3.Connection | None = None

    # -- the database -------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection | None:
        """The cache database, created if missing; None when the folder cannot hold
        one. A file SQLite cannot read, or of another fingerprint, starts empty."""
        path = self.dir / _DB
        for attempt in (1, 2):
            try:
                self.dir.mkdir(exist_ok=True)
                db = sqlite3.connect(path, timeout=10, isolation_level=None)
                try:
                    db.executescript(_SCHEMA)
                    row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
                    if row is None or row[0] != self.fingerprint:
                        with db:
                            db.execute("BEGIN IMMEDIATE")
                            db.execute("DELETE FROM files")
                            db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (self.fingerprint,))
                    db.execute("SELECT count(*) FROM files").fetchone()
                    return db
                except sqlite3.DatabaseError:
                    db.close()
                    raise
            except sqlite3.DatabaseError:  # not a database, damaged, or locked too long
                if attempt == 2 or not self._remove():
                    return None
            except OSError:  # the folder cannot hold the cache
                return None
        return None

    def _remove(self) -> bool:
        try:
            for suffix in ("", "-journal", "-wal", "-shm"):
                (self.dir / (_DB + suffix)).unlink(missing_ok=True)
        except OSError:
            return False
        return True

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # -- reading -------------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        """Every document file of the folder, in name order; the cache brought up to
        date with them (new and changed files summarised, removed ones dropped)."""
        self._db = self._open()
        rows: dict[str, tuple] = {}
        if self._db is not None:
            try:
                rows = {r[0]: r[1:] for r in self._db.execute(
                    "SELECT name, size, mtime_ns, inode, sha256, doc_id, format FROM files")}
            except sqlite3.DatabaseError:
                self.close()
                self._remove()
                self._db = self._open()
        entries, stat_only, rewritten = [], [], []
        for path in document_files(self.folder):
            st = path.stat()
            key = (st.st_size, st.st_mtime_ns, st.st_ino)
            row = rows.get(path.name)
            if row is not None and tuple(row[:3]) == key:
                entries.append(Entry(path.name, row[4], row[5], row[3]))
                continue
            data = path.read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            if row is not None and row[3] == sha:  # same bytes, written again
                stat_only.append((*key, path.name))
                entries.append(Entry(path.name, row[4], row[5], sha))
                continue
            doc_id, fmt, summary = self.summarize(path, data)
            self._fresh[path.name] = summary
            rewritten.append((path.name, *key, sha, doc_id, fmt, summary))
            entries.append(Entry(path.name, doc_id, fmt, sha))
            if len(rewritten) == _BATCH:  # a first load of a large folder: memory stays bounded
                self._write([], rewritten, [])
                rewritten = []
        gone = [(name,) for name in rows.keys() - {e.name for e in entries}]
        if stat_only or rewritten or gone:
            self._write(stat_only, rewritten, gone)
        return entries

    def _write(self, stat_only: list[tuple], rewritten: list[tuple], gone: list[tuple]) -> None:
        """One transaction: each row is whole or absent, whenever the process stops."""
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("UPDATE files SET size = ?, mtime_ns = ?, inode = ? WHERE name = ?", stat_only)
                self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rewritten)
                self._db.executemany("DELETE FROM files WHERE name = ?", gone)
        except sqlite3.DatabaseError:  # locked by another process, disk full, read-only: kept in memory
            return
        for row in rewritten:
            self._fresh.pop(row[0], None)

    def summaries(self, entries: list[Entry]) -> Iterator[tuple[Entry, bytes]]:
        """Each entry's summary, streamed in the cache's order (so only one is held at
        a time); an entry whose row went missing is summarised again at the end."""
        pending = {e.name: e for e in entries}
        for name in [n for n in pending if n in self._fresh]:
            yield pending.pop(name), self._fresh[name]
        if pending and self._db is not None:
            try:
                with closing(self._db.execute("SELECT name, summary FROM files")) as rows:
                    for name, summary in rows:
                        if name in pending:
                            yield pending.pop(name), summary
            except sqlite3.DatabaseError:  # damaged under us: what is left is summarised again
                pass
        for entry in list(pending.values()):
            yield entry, self.rebuild(entry)

    def rebuild(self, entry: Entry) -> bytes:
        """Summarise one file again (its cached summary was missing or unreadable)."""
        path = self.folder / entry.name
        data = path.read_bytes()
        st = path.stat()
        doc_id, fmt, summary = self.summarize(path, data)
        self._fresh[entry.name] = summary
        self._write([], [(entry.name, st.st_size, st.st_mtime_ns, st.st_ino,
                          hashlib.sha256(data).hexdigest(), doc_id, fmt, summary)], [])
        return summary


def remove_stale(directory: Path, prefix: str, keep: str) -> None:
    """Delete the files ``<prefix>*`` of the cache folder except ``keep``."""
    with suppress(OSError):
        for path in directory.glob(prefix + "*"):
            if path.name != keep:
                with suppress(OSError):
                    os.unlink(path)
