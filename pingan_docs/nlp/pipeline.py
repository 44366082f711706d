"""The spaCy pipeline: blank Chinese with the jieba segmenter plus our components.

Each component is registered with ``@Language.factory`` and writes onto the ``Doc``:
``doc.spans["units" | "targets" | "deadlines"]`` for display and alignment, and the
parsed values in ``doc._.units`` / ``doc._.assignments`` / ``doc._.targets`` /
``doc._.deadlines``. Document context (region, issue date, sections) travels in
``doc.user_data``. A user can replace or add a component without touching the others.
"""

from __future__ import annotations

from functools import lru_cache

import jieba
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..data import load_list
from ..normalize import quote_mask
from .deadlines import DeadlineFinder
from .roles import RoleFinder
from .targets import TargetFinder
from .units import find_units

for _ext in ("units", "assignments", "targets", "deadlines"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)


def _spans(doc: Doc, hits: list, label_of) -> list:  # type: ignore[no-untyped-def]
    spans = []
    for h in hits:
        span = doc.char_span(h.start, h.end, label=label_of(h), alignment_mode="expand")
        if span is not None:
            spans.append(span)
    return spans


def _text(doc: Doc) -> str:
    """The document text, built once (``Doc.text`` joins all tokens on every access)."""
    if "text" not in doc.user_data:
        doc.user_data["text"] = doc.text
    return doc.user_data["text"]


@Language.factory("pingan_units")
def make_units(nlp: Language, name: str) -> UnitsComponent:
    return UnitsComponent()


class UnitsComponent:
    def __call__(self, doc: Doc) -> Doc:
        mentions = find_units(_text(doc), doc.user_data.get("region"))
        doc._.units = mentions
        doc.spans["units"] = _spans(doc, mentions, lambda m: m.kind)
        return doc


@Language.factory("pingan_roles")
def make_roles(nlp: Language, name: str) -> RolesComponent:
    return RolesComponent()


class RolesComponent:
    def __init__(self) -> None:
        self.finder = RoleFinder()

    def __call__(self, doc: Doc) -> Doc:
        doc._.assignments = self.finder.find(_text(doc), doc._.units or [],
                                             doc.user_data.get("sections", []))
        return doc


@Language.factory("pingan_targets")
def make_targets(nlp: Language, name: str) -> TargetsComponent:
    return TargetsComponent()


class TargetsComponent:
    def __init__(self) -> None:
        self.finder = TargetFinder()

    def __call__(self, doc: Doc) -> Doc:
        text = _text(doc)
        hits = self.finder.find(text, quote_mask(text))
        doc._.targets = hits
        doc.spans["targets"] = _spans(doc, hits, lambda h: h.comparator)
        return doc


@Language.factory("pingan_deadlines")
def make_deadlines(nlp: Language, name: str) -> DeadlinesComponent:
    return DeadlinesComponent()


class DeadlinesComponent:
    def __init__(self) -> None:
        self.finder = DeadlineFinder()

    def __call__(self, doc: Doc) -> Doc:
        hits = self.finder.find(_text(doc), doc.user_data.get("issue_date"), doc.user_data.get("title"))
        doc._.deadlines = hits
        doc.spans["deadlines"] = _spans(doc, hits, lambda h: h.kind)
        return doc


class ExactJiebaTokenizer:
    """spaCy's jieba tokenizer without its whitespace re-alignment.

    jieba's tokens already cover the text exactly (spaces and newlines are tokens too),
    so every ``space`` is False and ``get_words_and_spaces`` — a tenth of the time spent
    building a Doc — can be skipped. Falls back to spaCy's own path if they ever differ.
    """

    def __init__(self, base) -> None:  # type: ignore[no-untyped-def]
        self.base = base
        self.vocab = base.vocab

    def __call__(self, text: str) -> Doc:
        words = [w for w in self.base.jieba_seg.cut(text, cut_all=False) if w]
        if sum(map(len, words)) != len(text) or "".join(words) != text:
            return self.base(text)
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Build the pipeline once per process (jieba's dictionary load is the slow part)."""
    jieba.setLogLevel(60)
    for word in load_list("units_known.txt") + load_list("unit_cores.txt"):
        jieba.add_word(word)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.tokenizer = ExactJiebaTokenizer(nlp.tokenizer)
    for component in ("pingan_units", "pingan_roles", "pingan_targets", "pingan_deadlines"):
        nlp.add_pipe(component)
    return nlp


def run(text: str, **context: object) -> Doc:
    """Process one document's text with its context (region, issue_date, title, sections)."""
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    doc.user_data.update(context, text=text)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
