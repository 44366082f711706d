"""Output ids for input files: readable, safe as a file name and URL part, bounded in
length, and never shared by two inputs."""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

#: Longest id in UTF-8 bytes. ``<id>.json`` and its temporary ``.<id>.json.<16 hex>.tmp``
#: must fit the 255-byte file-name limit of common file systems, with room to spare.
MAX_ID_BYTES = 120
_UNSAFE = re.compile(r"[^\w.\-\u3400-\u9fff]+")


def readable(text: str) -> str:
    """A path as text that can be printed and stored in JSON.

    File names that are not valid UTF-8 reach Python with surrogate escapes; they cannot
    be encoded again, so they would crash a JSON writer or a terminal. Such names mostly
    come from zips made on Chinese Windows, which store names in GBK: GB18030 reads them
    as written; anything else keeps U+FFFD where a byte made no sense.
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = os.fsencode(text)
    except UnicodeEncodeError:  # a lone surrogate that did not come from the file system
        return text.encode("utf-8", "replace").decode("utf-8")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def _short_hash(*parts: str) -> str:
    digest = hashlib.sha1()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()[:8]


def _truncate(text: str, limit: int) -> str:
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def safe_id(stem: str, suffix: str = "", salt: str | None = None) -> str:
    """``stem`` cleaned to word characters, ``.`` and ``-`` (CJK kept), then ``-<hash>``
    when ``salt`` is given (to tell apart inputs whose names clean up alike) or when the
    stem had to be cut to fit :data:`MAX_ID_BYTES` (so two long names sharing a prefix
    stay apart), then ``suffix`` (``.pdf`` for a document given in several formats)."""
    clean = _UNSAFE.sub("_", readable(stem)).strip("._") or "document"
    suffix = _UNSAFE.sub("_", readable(suffix))
    tag = "" if salt is None else "-" + _short_hash(stem, salt)
    if len((clean + tag + suffix).encode("utf-8")) > MAX_ID_BYTES:
        tag = "-" + _short_hash(stem, salt or "")
        room = MAX_ID_BYTES - len((tag + suffix).encode("utf-8"))
        clean = _truncate(clean, room).rstrip("._-") or "document"
    return clean + tag + suffix


def doc_id_for(path: Path, with_suffix: bool = False) -> str:
    """The file's stem (with its extension when asked) as a bounded, safe id."""
    return safe_id(path.stem, path.suffix if with_suffix else "")


@dataclass(frozen=True)
class Clash:
    """An input that did not get its plain id because another input has it."""

    path: Path
    doc_id: str
    wanted: str
    holder: str  # the input (or the earlier run's input) that keeps ``wanted``


def assign_ids(files: list[Path], taken: Mapping[str, str] | None = None) -> tuple[list[str], list[Clash]]:
    """One id per file, in order.

    The plain stem, unless the same folder holds the same stem in several formats (one
    document as .txt and .pdf): then each gets its extension (``<stem>.pdf``), which
    :func:`pingan_docs.extract.document_key` reads back as one document. Any id still
    shared — names that clean up alike (``a b.txt``/``a_b.txt``), one name in two
    folders, ids equal but for case (one file on case-insensitive file systems), or an
    id an earlier run gave another input (``taken``: casefolded id -> that input) — stays
    with the first holder; the others get ``-<hash of their path>`` and are reported.
    """
    formats = Counter((os.path.abspath(f.parent), f.stem) for f in files)
    holders: dict[str, str] = dict(taken or {})
    ids: list[str] = []
    clashes: list[Clash] = []
    for path in files:
        suffix = path.suffix if formats[(os.path.abspath(path.parent), path.stem)] > 1 else ""
        want = doc_id = safe_id(path.stem, suffix)
        salt = path.as_posix()
        while doc_id.casefold() in holders:  # a second pass only if the hashed id is taken too
            doc_id = safe_id(path.stem, suffix, salt=salt)
            salt += "#"
        if doc_id != want:
            clashes.append(Clash(path, doc_id, want, holders[want.casefold()]))
        holders[doc_id.casefold()] = readable(path.as_posix())
        ids.append(doc_id)
    return ids, clashes
