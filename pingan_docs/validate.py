"""Check that a :class:`~pingan_docs.models.Document`'s spans point where they say.

Every span is a promise to a reader: ``text[start:end]`` is the item, and
``raw_text[orig_start:orig_end]`` is the same stretch as ingested. The property tests and
the robustness suite hold every extraction to it; a user can check a JSON file the same way.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from .models import Document, Span


def _folded(s: str) -> str:
    """Width-folded, white space out: what normalisation makes of a raw stretch (dropped
    page numbers aside, which the in-order comparison below allows for)."""
    return "".join(unicodedata.normalize("NFKC", c) for c in s if not c.isspace())


def _items(doc: Document) -> Iterator[tuple[str, Span | None, str | None]]:
    """(where, span, the item's own text or None) for every span of the document."""
    yield "preamble", doc.preamble, None
    yield "closing", doc.closing, None
    for sec in doc.sections:
        yield f"section {sec.path}", sec.span, sec.text
    for task in doc.tasks:
        yield f"task {task.id}", task.span, task.text
        for u in task.units:
            yield f"unit {u.name} in {task.id}", u.span, u.name
        for t in task.targets:
            yield f"target {t.text} in {task.id}", t.span, t.text
        for d in task.deadlines:
            yield f"deadline {d.text} in {task.id}", d.span, d.text


def span_errors(doc: Document) -> list[str]:
    """Spans that do not slice out their own text, as readable lines (empty if all do).

    In ``text`` the slice must equal the item's text (a section's, a task's, a unit's
    name, a target's, a deadline's). In ``raw_text`` the slice, width-folded, must hold
    the normalised slice's characters in order, and begin and end with the same ones.
    """
    text, raw = doc.text, doc.raw_text
    errors: list[str] = []
    for where, span, own in _items(doc):
        if span is None:
            continue
        s, e, o_s, o_e = span.start, span.end, span.orig_start, span.orig_end
        if not (0 <= s <= e <= len(text) and 0 <= o_s <= o_e <= len(raw)):
            errors.append(f"{where}: span {s}-{e} / {o_s}-{o_e} out of range")
            continue
        piece = text[s:e]
        if own is not None and piece != own:
            errors.append(f"{where}: text[{s}:{e}] is {piece[:40]!r}")
        want, have = _folded(piece), _folded(raw[o_s:o_e])
        rest = iter(have)
        if not all(ch in rest for ch in want) or (
                want and not (want[0] in _folded(raw[o_s:o_s + 1]) + have[:1]
                              and want[-1] in _folded(raw[o_e - 1:o_e]) + have[-1:])):
            errors.append(f"{where}: raw_text[{o_s}:{o_e}] is {raw[o_s:o_e][:40]!r}, "
                          f"not {piece[:40]!r}")
    return errors
