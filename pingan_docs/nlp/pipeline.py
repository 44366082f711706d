"""The spaCy pipeline: blank Chinese with the jieba segmenter plus our components.

Each component is registered with ``@Language.factory`` and writes onto the ``Doc``:
``doc.spans["units" | "targets" | "deadlines"]`` for display and alignment, and the
parsed values in ``doc._.units`` / ``doc._.assignments`` / ``doc._.targets`` /
``doc._.deadlines``. Document context (region, issue date, sections) travels in
``doc.user_data``. A user can replace or add a component without touching the others.

A long text (a plan compendium, a page that is one 5 MB paragraph, a 50,000-row table) is
run in pieces of at most :data:`PIECE_CHARS` characters by :func:`run_pieces`, so memory
follows a piece, not the file, and spaCy's ``max_length`` is never reached.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import jieba
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..data import load_list
from ..normalize import quote_mask
from .assignment import Assignment, SectionInfo
from .deadlines import DeadlineFinder, DeadlineHit
from .jieba_dict import initialize_jieba
from .roles import RoleFinder
from .targets import TargetFinder, TargetHit
from .units import Mention, find_units

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

    jieba's HMM (guessing words its dictionary lacks from runs of single characters) is
    off: the components read characters and lexicons, not tokens, so the guesses changed
    no output while costing a tenth of the segmentation. Unknown names stay single-
    character tokens; a span over them still covers them exactly.
    """

    def __init__(self, base) -> None:  # type: ignore[no-untyped-def]
        self.base = base
        self.vocab = base.vocab

    def __call__(self, text: str) -> Doc:
        words = [w for w in self.base.jieba_seg.cut(text, cut_all=False, HMM=False) if w]
        if sum(map(len, words)) != len(text) or "".join(words) != text:
            return self.base(text)
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Build the pipeline once per process (jieba's dictionary load is the slow part)."""
    jieba.setLogLevel(60)
    initialize_jieba()
    for word in load_list("units_known.txt") + load_list("unit_cores.txt"):
        jieba.add_word(word)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.tokenizer = ExactJiebaTokenizer(nlp.tokenizer)
    for component in ("pingan_units", "pingan_roles", "pingan_targets", "pingan_deadlines"):
        nlp.add_pipe(component)
    return nlp


# A few sentences that reach every lexicon, automaton and table the components build
# lazily (units, gazetteer, tag cues, jieba's part-of-speech table, numerals, dates).
_WARM_UP = ("某某市平安建设实施方案\n一、重点任务\n（一）加强防控。市公安局要加强巡逻，"
            "破案率达到90%以上。（牵头单位：市公安局；责任单位：市司法局、各县区政府）\n"
            "（二）由市民政局负责，2025年底前完成，每年开展一次。各镇街面向社会公开。")


def warm_up() -> None:
    """Build the pipeline and everything its components load on first use, so a process
    that forks workers (the corpus run's fork server) loads them once for all."""
    from .jieba_dict import word_tags

    word_tags()
    run(_WARM_UP, region="某某市", issue_date="2024-01-01", title="某某市平安建设实施方案",
        sections=[SectionInfo("一", 13, 15, len(_WARM_UP), "重点任务")])


def run(text: str, **context: object) -> Doc:
    """Process one document's text with its context (region, issue_date, title, sections)."""
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    doc.user_data.update(context, text=text)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


# A piece is a few top-level sections of an ordinary plan: big enough that cutting is
# rare, small enough that a piece's Doc and the finders' working sets stay in tens of MB.
PIECE_CHARS = 150_000
_SENTENCE_END = re.compile(r"[。!?](?:[”’)\]》」』]*)")
_CLAUSE_END = re.compile(r"[;,、:](?:[”’)\]》」』]*)")


@dataclass
class Findings:
    """What the components found in one document, offsets into the whole text."""

    units: list[Mention]
    assignments: list[Assignment]
    targets: list[TargetHit]
    deadlines: list[DeadlineHit]

    @property
    def _(self) -> Any:  # untyped like a Doc's extension namespace
        """The results under the same names as a processed ``Doc``'s extensions
        (``doc._.assignments``), so code written for :func:`run` reads them unchanged."""
        return self


def run_pieces(text: str, piece_chars: int = PIECE_CHARS, **context: object) -> Findings:
    """:func:`run` on a text of any length: in pieces cut at headings (top level first),
    else at paragraph, sentence or clause ends, each run with its share of the sections,
    results shifted back to whole-text offsets. A text of one piece is run as it is.

    What a piece cannot see is lost at a cut: a convention stated once for the rest of the
    document (下同), a bare tag line covering items in an earlier piece. A table row keeps
    its column roles: a piece starting inside a table is prefixed with the table's first
    rows (its header) for context, and nothing found in that prefix is kept.
    """
    sections: list[SectionInfo] = context.pop("sections", None) or []  # type: ignore[assignment]
    if len(text) <= piece_chars:
        doc = run(text, sections=sections, **context)
        return Findings(doc._.units, doc._.assignments, doc._.targets, doc._.deadlines)
    found = Findings([], [], [], [])
    cuts = _cuts(text, sections, piece_chars)
    starts = [s.start for s in sections]
    table: int | None = None
    for prev, a, b in zip([0, *cuts], cuts, cuts[1:], strict=False):
        table = _table_start(text, a, prev, table)
        prefix = _header(text, table, a)
        shift = a - len(prefix)  # whole-text offset of the piece's position 0
        # the sections from the one holding the cut to the last starting before the next
        lo, hi = max(0, bisect_right(starts, a) - 1), bisect_left(starts, b)
        while lo > 0 and sections[lo - 1].end > a:
            lo -= 1
        doc = run(prefix + text[a:b], sections=_clip(sections[lo:hi], a, b, shift), **context)
        for name in ("units", "assignments", "targets", "deadlines"):
            getattr(found, name).extend(replace(h, start=h.start + shift, end=h.end + shift)
                                        for h in getattr(doc._, name) or [] if h.start >= len(prefix))
    return found


def _cuts(text: str, sections: list[SectionInfo], size: int) -> list[int]:
    """Piece boundaries: 0, …, len(text), each piece at most ``size`` long. A cut goes at
    the last heading of the shallowest level that leaves a piece short enough (so a run of
    sibling items stays whole), else at the last paragraph, sentence or clause end."""
    by_depth: dict[int, list[int]] = {}
    for s in sections:
        if s.path:
            by_depth.setdefault(s.path.count("/"), []).append(s.start)
    levels = [sorted(set(by_depth[d])) for d in sorted(by_depth)]
    cuts = [0]
    while len(text) - cuts[-1] > size:
        a, limit = cuts[-1], cuts[-1] + size
        cut = next((starts[k] for starts in levels
                    if (k := bisect_right(starts, limit) - 1) >= 0 and starts[k] > a), None)
        if cut is None:
            cut = text.rfind("\n", a, limit) + 1  # a new paragraph starts after it
        if cut <= a:
            cut = _last_end(_SENTENCE_END, text, a, limit) or _last_end(_CLAUSE_END, text, a, limit) or limit
        cuts.append(cut)
    cuts.append(len(text))
    return cuts


def _last_end(pattern: re.Pattern[str], text: str, a: int, limit: int) -> int | None:
    """End of the last match of ``pattern`` in the second half of ``text[a:limit]``."""
    last = None
    for m in pattern.finditer(text, (a + limit) // 2, limit):
        last = m.end()
    return last


def _table_start(text: str, pos: int, floor: int, carried: int | None) -> int | None:
    """Where the table (a run of tab-separated lines) that a cut at ``pos`` falls into
    begins, or None. Looks back no further than the previous cut ``floor``; ``carried``
    is where a table running through that cut began."""
    end = text.find("\n", pos)
    if pos == 0 or text[pos - 1] != "\n" or "\t" not in text[pos:end if end >= 0 else len(text)]:
        return None
    start = pos
    while start > floor:
        nl = text.rfind("\n", floor, start - 1)
        line_start = nl + 1 if nl >= 0 else floor
        if "\t" not in text[line_start:start - 1]:
            return start if start < pos else None
        start = line_start
    return carried if carried is not None else start


def _header(text: str, table: int | None, pos: int, max_chars: int = 2000) -> str:
    """The table's first two rows (its header, whatever else they hold) before ``pos``."""
    if table is None:
        return ""
    end = text.find("\n", table)
    second = text.find("\n", end + 1)
    header = text[table:(second if 0 <= second < pos else end) + 1]
    return header if len(header) <= max_chars else ""


def _clip(sections: list[SectionInfo], a: int, b: int, shift: int) -> list[SectionInfo]:
    """The sections overlapping ``[a, b)``, cut to it and moved by ``-shift``; a section
    continued from the previous piece starts at the cut, with no heading of its own."""
    out = []
    for s in sections:
        if s.start >= b or (s.end <= a and s.start < a):
            continue
        start, end = max(s.start, a), min(s.end, b)
        if s.start >= a:
            title = s.title[:max(0, b - s.title_start)]
            out.append(SectionInfo(s.path, start - shift, s.title_start - shift, end - shift, title))
        else:
            out.append(SectionInfo(s.path, start - shift, start - shift, end - shift, ""))
    return out
