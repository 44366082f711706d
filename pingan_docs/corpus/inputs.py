"""Which files a run reads: the documents among the inputs, the files it skips and why."""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from ..ingest import SUFFIXES
from .ids import readable

_DOCX = "convert to .docx: soffice --headless --convert-to docx FILE (LibreOffice)"
_PDF = "convert to .pdf: soffice --headless --convert-to pdf FILE (LibreOffice)"
#: What a user can do with the file types government sites publish that we do not read.
ADVICE = {
    ".doc": _DOCX, ".wps": _DOCX, ".rtf": _DOCX, ".odt": _DOCX, ".docm": _DOCX, ".dot": _DOCX,
    ".dotx": _DOCX, ".wpt": _DOCX,
    ".xls": _PDF, ".xlsx": _PDF, ".et": _PDF, ".ods": _PDF, ".ppt": _PDF, ".pptx": _PDF, ".dps": _PDF,
    ".ofd": "export to .pdf with an OFD reader (OFD is the national fixed-layout format)",
    ".mht": "open in a browser and save as .html", ".mhtml": "open in a browser and save as .html",
    ".shtml": "rename to .html", ".xhtml": "rename to .html",
    ".jpg": "a scan: run OCR first (e.g. tesseract FILE out -l chi_sim gives out.txt)",
    ".jpeg": "a scan: run OCR first (e.g. tesseract FILE out -l chi_sim gives out.txt)",
    ".png": "a scan: run OCR first (e.g. tesseract FILE out -l chi_sim gives out.txt)",
    ".tif": "a scan: run OCR first (e.g. tesseract FILE out -l chi_sim gives out.txt)",
    ".tiff": "a scan: run OCR first (e.g. tesseract FILE out -l chi_sim gives out.txt)",
    ".zip": "unpack it and extract the folder", ".rar": "unpack it and extract the folder",
    ".7z": "unpack it and extract the folder",
}


# A folder's own notes (a README.md describing a corpus) are not documents of it; named
# explicitly, such a file is read like any other.
FOLDER_NOTES = {"readme", "license", "licence", "changelog", "contributing", "sources"}


def advice(path: Path) -> str:
    """What to do with a file we do not read, with its name in the command to run."""
    text = ADVICE.get(path.suffix.lower(), "not a document type pingan-docs reads")
    return text.replace("FILE", shlex.quote(readable(path.as_posix())))


def supported(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


@dataclass
class Inputs:
    files: list[Path] = field(default_factory=list)  # documents to extract, in run order
    skipped: list[Path] = field(default_factory=list)  # unsupported types (not failures)
    missing: list[Path] = field(default_factory=list)  # inputs that do not exist


def _walk(folder: Path, recursive: bool, exclude: str | None, seen: set[str]) -> list[Path]:
    """Regular files of ``folder`` in name order (and of its subfolders if ``recursive``,
    each folder once: a symlink back up the tree is not followed round)."""
    seen.add(os.path.realpath(folder))
    found: list[Path] = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith("."):  # hidden files, a run's own lock and cache
            continue
        if entry.name.rsplit(".", 1)[0].lower() in FOLDER_NOTES:
            continue
        path = folder / entry.name
        if entry.is_dir():
            if recursive and os.path.abspath(path) != exclude and os.path.realpath(path) not in seen:
                found.extend(_walk(path, recursive, exclude, seen))
        elif entry.is_file():  # not a FIFO or a device: reading one would never end
            found.append(path)
    return found


def collect_inputs(inputs: list[Path], recursive: bool = False, exclude: Path | None = None) -> Inputs:
    """Document files among ``inputs``: folders are listed in name order (with
    ``recursive``, their subfolders too, except ``exclude``, the output folder); a file
    given twice is read once. A named file of an unsupported type is skipped like one
    found in a folder: either way the user needs the same advice, not a failure."""
    result = Inputs()
    seen: set[str] = set()
    excluded = os.path.abspath(exclude) if exclude is not None else None
    for item in inputs:
        if item.is_dir():
            candidates = _walk(item, recursive, excluded, set())
        elif item.is_file():
            candidates = [item]
        elif item.exists():  # a FIFO or a device named on the command line
            result.skipped.append(item)
            continue
        else:
            result.missing.append(item)
            continue
        for path in candidates:
            key = os.path.abspath(path)
            if key in seen:
                continue
            seen.add(key)
            (result.files if supported(path) else result.skipped).append(path)
    return result


def describe_nothing(inputs: list[Path], found: Inputs, recursive: bool) -> str:
    """Why a run has nothing to do, with what was looked for and what to do instead."""
    wanted = " ".join(sorted(SUFFIXES))
    names = ", ".join(readable(p.as_posix()) + ("/" if p.is_dir() else "") for p in inputs)
    lines = []
    if found.missing:
        lines.append(f"input not found: {', '.join(readable(p.as_posix()) for p in found.missing)}")
    if found.skipped:
        lines.append(f"no document files in {names} (looked for {wanted}); "
                     f"skipped {len(found.skipped)} file(s) of other types:")
        lines += [f"  {readable(p.as_posix())}: {advice(p)}" for p in found.skipped]
    elif not found.missing:
        lines.append(f"no document files in {names} (looked for {wanted}"
                     f"{'' if recursive else '; subfolders are searched with --recursive'})")
    return "\n".join(lines)
