"""pingan_docs: Chinese 平安建设 policy documents into structured, checkable knowledge.

    import pingan_docs
    doc = pingan_docs.extract_file(Path("corpus/003_a230dda529796dcc.html"))
    g = pingan_docs.load("extracted/")
    g.tasks_for("市公安局", region="泸州")

The names below are imported on first use: a corpus run's workers need the extractors
but not the graph (networkx, numpy), and the command line starts its workers sooner for
not importing either before it knows which one a command needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .extract import extract_file, extract_text
    from .graph import AmbiguousUnitError, PolicyGraph, UnknownUnitError, load
    from .models import Deadline, Document, Meta, Section, Span, Target, Task, UnitRef

_HOME = {
    "extract_file": "extract", "extract_text": "extract",
    "AmbiguousUnitError": "graph", "PolicyGraph": "graph", "UnknownUnitError": "graph", "load": "graph",
    "Deadline": "models", "Document": "models", "Meta": "models", "Section": "models", "Span": "models",
    "Target": "models", "Task": "models", "UnitRef": "models",
}

__all__ = [
    "AmbiguousUnitError", "Deadline", "Document", "Meta", "PolicyGraph", "Section", "Span",
    "Target", "Task", "UnitRef", "UnknownUnitError", "extract_file", "extract_text", "load",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOME])
