"""No length limit: a long text runs through the NLP pipeline in pieces, with the same
findings as one run where a cut loses no context, and spans mapped back exactly."""

from __future__ import annotations

import functools
import itertools
from pathlib import Path

import pytest

from pingan_docs.extract import extract_file, extract_text
from pingan_docs.models import Document, Source
from pingan_docs.nlp import assemble, pipeline
from pingan_docs.validate import span_errors

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SOURCE = Source(path="long.txt", format="txt", sha256="0" * 64)


def _findings(doc: Document) -> list[tuple]:
    return sorted((t.id, kind, repr(x)) for t in doc.tasks
                  for kind in ("units", "targets", "deadlines") for x in getattr(t, kind))


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces of 800 characters, so ordinary documents are cut many times."""
    monkeypatch.setattr(assemble, "run_pieces", functools.partial(pipeline.run_pieces, piece_chars=800))


@pytest.mark.parametrize("name", ["000_819b2f747ba95bfb.txt", "001_17064f152b303dcd.html",
                                  "003_a230dda529796dcc.txt", "004_bb63232fd99ff2b4.html"])
def test_pieces_find_what_one_run_finds(name: str, request: pytest.FixtureRequest) -> None:
    whole = extract_file(CORPUS / name)
    request.getfixturevalue("small_pieces")
    pieces = extract_file(CORPUS / name)
    assert len(pieces.text) > 5 * 800
    assert _findings(pieces) == _findings(whole)


def test_table_rows_keep_their_column_roles_across_a_cut(small_pieces: None) -> None:
    rows = "\n".join(f"{i}\t加强第{i}片区治安巡逻\t市公安局\t市司法局、市民政局\t2015年底前" for i in range(1, 200))
    text = f"关于印发任务分工的通知\n一、任务分工\n序号\t工作任务\t牵头单位\t责任单位\t完成时限\n{rows}\n"
    doc = extract_text(text, SOURCE, "table")
    row_tasks = [t for t in doc.tasks if "-r" in t.id]
    assert len(row_tasks) == 199
    assert all({(u.name, u.role) for u in t.units} == {("市公安局", "lead"), ("市司法局", "responsible"),
                                                       ("市民政局", "responsible")} for t in row_tasks)
    assert span_errors(doc) == []


def test_text_over_spacys_limit_in_one_paragraph() -> None:
    """1.2 million characters with no line break at all (spaCy alone stops at 1,000,000)."""
    body = (CORPUS / "003_a230dda529796dcc.txt").read_text(encoding="utf-8").replace("\n", "")
    text = body * (1_200_000 // len(body) + 1)
    doc = extract_text(text, SOURCE, "flat")
    assert len(doc.text) > 1_200_000 and doc.tasks
    # units are found all the way through, not only in the first piece
    last = max(u.span.start for t in doc.tasks for u in t.units)
    assert last > len(doc.text) - 2 * pipeline.PIECE_CHARS
    assert span_errors(doc) == []


def test_cuts_prefer_headings_then_paragraphs_then_sentences() -> None:
    from pingan_docs.nlp.roles import SectionInfo

    text = "甲" * 50 + "。" + "乙" * 48 + "\n" + "丙" * 99 + "，" + "丁" * 300
    sections = [SectionInfo("一", 0, 2, 60, ""), SectionInfo("一/(一)", 60, 63, 150, ""),
                SectionInfo("二", 150, 152, len(text), "")]
    cuts = pipeline._cuts(text, sections, 120)
    assert cuts[:3] == [0, 60, 150]  # a top-level heading out of reach: the sub-heading
    assert cuts[-1] == len(text) and all(b - a <= 120 for a, b in itertools.pairwise(cuts))
    assert text[cuts[3] - 1] in "，丁"
