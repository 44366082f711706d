"""Files written whole or not at all.

A corpus run, the progress log and the caches write where other processes read (the
graph, the site, a second run); a crash or a full disk must never leave half a file.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_atomic(path: Path, content: str) -> int:
    """Write via a temporary file and rename, so a crash never leaves half a file.

    The temporary is created with mode 0666 less the umask (``mkstemp`` would make it
    0600, and the rename keeps that); its name, ``.<name>.<16 hex>.tmp``, is what
    :func:`pingan_docs.corpus.outdir.clean_temporaries` removes after a killed run.
    Returns the number of bytes written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8")
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return len(data)
