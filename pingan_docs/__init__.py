"""pingan_docs: Chinese 平安建设 policy documents into structured, checkable knowledge.

    import pingan_docs
    doc = pingan_docs.extract_file(Path("corpus/003_a230dda529796dcc.html"))
    g = pingan_docs.load("extracted/")
    g.tasks_for("市公安局", region="泸州")
"""

from .extract import extract_file, extract_text
from .graph import AmbiguousUnitError, PolicyGraph, UnknownUnitError, load
from .models import Deadline, Document, Meta, Section, Span, Target, Task, UnitRef

__all__ = [
    "AmbiguousUnitError", "Deadline", "Document", "Meta", "PolicyGraph", "Section", "Span",
    "Target", "Task", "UnitRef", "UnknownUnitError", "extract_file", "extract_text", "load",
]
