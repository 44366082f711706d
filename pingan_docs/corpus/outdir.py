"""The output folder as a run's own: one run at a time, nothing left of a killed one."""

from __future__ import annotations

import os
import re
import socket
import sys
from pathlib import Path
from types import TracebackType

LOCK_NAME = ".pingan-docs.lock"
# write_atomic's temporaries (.<name>.<16 hex>.tmp) and mkstemp's of earlier versions
_TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{8,16}\.tmp$")


class FolderInUse(Exception):
    """Another live run holds the output folder."""


def clean_temporaries(folder: Path) -> list[Path]:
    """Remove what a killed run left: temporaries that were never renamed into place.
    Only safe while holding the folder's lock (no other run is writing them)."""
    removed = []
    for entry in os.scandir(folder):
        if entry.is_file() and _TEMPORARY.match(entry.name):
            Path(entry.path).unlink(missing_ok=True)
            removed.append(Path(entry.path))
    return removed


class FolderLock:
    """An exclusive lock on an output folder, held in ``.pingan-docs.lock``.

    The file holds the owner's pid and host so a refused run can say who has the
    folder. The lock itself is the kernel's (``flock``; ``msvcrt.locking`` on Windows):
    it dies with its process, so a lock file left by a killed run is simply taken over,
    and two runs can never both believe a stale file was theirs to take.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._fd: int | None = None

    def _owner(self) -> str:
        try:
            text = self.path.read_text(encoding="utf-8").split()
        except (OSError, UnicodeDecodeError):
            return "another process"
        return f"pid {text[0]} on {text[1]}" if len(text) >= 2 else "another process"

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            if not self._lock(fd):
                os.close(fd)
                raise FolderInUse(f"{self.path.parent}/ is in use by another pingan-docs run "
                                  f"({self._owner()}); wait for it to finish, or use another --out")
            try:  # the file we locked may have been removed by its previous owner meanwhile
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {socket.gethostname()}\n".encode())
        self._fd = fd

    @staticmethod
    def _lock(fd: int) -> bool:
        try:
            if sys.platform == "win32":  # pragma: no cover - released too when the process dies
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        try:  # before unlocking: a run that opened the old file then sees it is gone
            self.path.unlink(missing_ok=True)
        except OSError:  # pragma: no cover - Windows cannot remove an open file; taken over later
            pass
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
